"""Aggregate page views (访问量统计): one counter per page path and day, nothing else.

No IP address, user agent, cookie, referrer or user is ever stored: the table cannot tell who
visited, only how often a page was shown. Rows are written only by `services.pageviews_flush`
(the `flush_pageviews` command), never on the request path.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

#: Longest path counted; longer ones are not counted (real pages are far shorter).
PATH_MAX_LENGTH = 300


class PageViewDaily(models.Model):
    """Views of one page on one day (页面日访问量)."""

    path = models.CharField(_("页面路径"), max_length=PATH_MAX_LENGTH)
    day = models.DateField(_("日期"))
    count = models.PositiveBigIntegerField(_("访问次数"), default=0)

    class Meta:
        verbose_name = _("页面日访问量")
        verbose_name_plural = _("页面日访问量")
        ordering = ["-day", "-count", "path"]
        constraints = [
            models.UniqueConstraint(fields=["path", "day"], name="pageview_path_day_uniq"),
        ]
        indexes = [models.Index(fields=["day", "path"], name="pageview_day_path_idx")]
        # The self-check page (网站自查) has no model of its own; its permission lives here.
        permissions = [("view_site_check", _("可查看网站自查结果"))]

    def __str__(self) -> str:
        return f"{self.day} {self.path}: {self.count}"
