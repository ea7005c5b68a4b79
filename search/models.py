"""The site search index (全文检索索引): one row per published item of every publishable model.

Rows are written only by `search.indexing`, in the transaction of the publication, withdrawal or
edit that changes what the public may see (and by `manage.py rebuild_search_index`). Drafts,
pending and withdrawn items never have a row; scheduled items (定时发布) have one with their
future `published_at`, which every search filters on.

On PostgreSQL, `search_vector` holds the segmented words (`search.text`) weighted title 'A',
主题词/numbers 'B', body 'D', with a GIN index; `title`, `document_number` and `index_number`
also have trigram (pg_trgm) GIN indexes for substrings of three or more characters. Those
indexes are created by migration 0002 on PostgreSQL only; on SQLite the column stays empty and
search falls back to LIKE.
"""

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Snippets are cut from this much of the plain-text body (the index itself covers all of it).
EXCERPT_LENGTH = 4000


class SearchEntry(models.Model):
    """One searchable published item (检索条目)."""

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("内容类型"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("对象ID"))
    kind = models.CharField(_("类型"), max_length=30)
    title = models.CharField(_("标题"), max_length=500)
    url = models.CharField(_("链接"), max_length=300)
    published_at = models.DateTimeField(_("发布日期"))
    year = models.PositiveSmallIntegerField(_("年份"))
    column = models.ForeignKey(
        "disclosure.Column", verbose_name=_("栏目"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    organisation = models.ForeignKey(
        "portal.Organisation", verbose_name=_("发布机构"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    document_number = models.CharField(_("文号"), max_length=100, blank=True, db_index=True)
    index_number = models.CharField(_("索引号"), max_length=100, blank=True, db_index=True)
    excerpt = models.TextField(_("正文摘录"), blank=True)
    search_vector = SearchVectorField(_("分词向量"), null=True, editable=False)
    indexed_at = models.DateTimeField(_("索引时间"), default=timezone.now)

    class Meta:
        verbose_name = _("检索条目")
        verbose_name_plural = _("检索条目")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="search_entry_object_uniq"
            ),
        ]
        indexes = [
            models.Index(fields=["-published_at", "-id"], name="search_entry_pub_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class TitleWord(models.Model):
    """A word of an indexed title, with the entry's rank for that word (标题词倒排表).

    PostgreSQL only, written with the entry's own row (`search.indexing`): for every word of
    weight 'A' in the entry's `search_vector`, `score` is `ts_rank(search_vector, word)`, the
    relevance the search computes for a query of that word. The index (word, score, date)
    lists a word's title matches best first without reading the matches themselves, which is
    what ranks a common word (文化产业: 22,000 titles at a million documents) at the cost of a
    rare one (`search.query`). On SQLite the table stays empty.
    """

    pk = models.CompositePrimaryKey("entry", "word")
    # The primary key's own index starts with the entry: no second one for the foreign key.
    entry = models.ForeignKey(
        SearchEntry, verbose_name=_("检索条目"), on_delete=models.CASCADE, related_name="+",
        db_index=False,
    )
    word = models.CharField(_("词"), max_length=100)
    score = models.FloatField(_("相关度"))
    published_at = models.DateTimeField(_("发布日期"))

    class Meta:
        verbose_name = _("标题词")
        verbose_name_plural = _("标题词")
        indexes = [
            models.Index(
                fields=["word", "-score", "-published_at", "-entry"], name="search_titleword_rank"
            ),
        ]

    def __str__(self) -> str:
        return self.word
