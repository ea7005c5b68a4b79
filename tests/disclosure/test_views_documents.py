"""Document pages (信息详情) and attachment downloads (附件下载)."""

import re
import uuid
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from disclosure.models import Document
from tests.disclosure.factories_views import PDF_BYTES, AttachmentFactory
from tests.factories import (
    ColumnFactory,
    DocumentFactory,
    PublishedDocumentFactory,
    SiteProfileFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def document():
    SiteProfileFactory()
    parent = ColumnFactory(name="法定主动公开内容", slug="fdzdgknr")
    column = ColumnFactory(name="政策文件", slug="zcwj", parent=parent)
    return PublishedDocumentFactory(
        column=column,
        title="关于印发《辽宁省文化市场管理办法》的通知",
        document_number="辽文办发〔2017〕41号",
        index_number="11210000000000001X/2017-00041",
        topic="综合政务\\政务公开",
        genre=Document.Genre.NOTICE,
        keywords="文化市场 管理",
        source="省文化厅办公室",
        written_on=date(2017, 5, 8),
        published_at=timezone.make_aware(timezone.datetime(2017, 5, 10, 9, 30)),
        body="<p>各市文化局：现将《管理办法》印发给你们，请认真贯彻执行。</p>",
    )


def page_of(client, document) -> str:
    response = client.get(f"/xxgk/doc/{document.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def catalogue_block(page: str) -> dict[str, str]:
    block = page[page.index('class="catalogue-block"') : page.index("</table>")]
    cells = re.findall(r'<th scope="row">([^<]+)</th><td[^>]*>([^<]*)</td>', block)
    return dict(cells)


class TestDocumentPage:
    def test_catalogue_block_above_the_body(self, client, document):
        page = page_of(client, document)
        assert catalogue_block(page) == {
            "索引号": "11210000000000001X/2017-00041",
            "主题分类": "政务公开",
            "发布机构": "辽宁省文化厅",
            "成文日期": "2017年5月8日",
            "文号": "辽文办发〔2017〕41号",
            "发布日期": "2017年5月10日",
            "体裁": "通知",
            "有效性": "有效",
            "主题词": "文化市场 管理",
        }
        assert page.index('class="catalogue-block"') < page.index("各市文化局")
        assert (
            "<p>各市文化局：现将《管理办法》印发给你们，请认真贯彻执行。</p>" in page
        )  # sanitised HTML kept
        assert page.count("<h1") == 1
        assert 'role="note"' not in page

    def test_meta_tags_and_breadcrumbs(self, client, document):
        page = page_of(client, document)
        assert (
            '<meta name="ArticleTitle" content="关于印发《辽宁省文化市场管理办法》的通知">' in page
        )
        assert '<meta name="PubDate" content="2017-05-10 09:30">' in page
        assert '<meta name="ContentSource" content="省文化厅办公室">' in page
        assert '<meta name="ColumnName" content="政策文件">' in page
        crumbs = page[page.index('class="breadcrumbs"') :]
        crumbs = crumbs[: crumbs.index("</nav>")]
        assert re.findall(r">([^<>]+)</(?:a|span)>", crumbs)[1:] == [
            "首页",
            "政府信息公开",
            "法定主动公开内容",
            "政策文件",
            "关于印发《辽宁省文化市场管理办法》的通知",
        ]

    @pytest.mark.parametrize(
        ("validity", "verb"),
        [
            (Document.Validity.REPEALED, "废止"),
            (Document.Validity.EXPIRED, "失效"),
            (Document.Validity.AMENDED, "修改"),
        ],
    )
    def test_validity_banner_links_to_the_published_replacement(
        self, client, document, validity, verb
    ):
        replacement = PublishedDocumentFactory(column=document.column, title="新版管理办法")
        document.validity = validity
        document.validity_changed_on = date(2024, 3, 1)
        document.replaced_by = replacement
        document.save()

        page = page_of(client, document)

        banner = page[page.index('role="note"') :]
        banner = banner[: banner.index("</div>")]
        assert f"本文件已于2024年3月1日{verb}" in banner
        assert f'<a href="/xxgk/doc/{replacement.pk}/">新版管理办法</a>' in banner

    def test_banner_never_links_to_an_unpublished_replacement(self, client, document):
        draft = DocumentFactory(column=document.column, title="尚未发布的新办法")
        document.validity = Document.Validity.REPEALED
        document.replaced_by = draft
        document.save()
        page = page_of(client, document)
        assert "本文件已废止" in page
        assert "尚未发布的新办法" not in page
        assert f"/xxgk/doc/{draft.pk}/" not in page

    def test_attachments_are_listed_with_type_and_size(self, client, document):
        attachment = AttachmentFactory(document=document, name="管理办法全文.pdf", size=2048)
        page = page_of(client, document)
        assert f'href="/xxgk/attachment/{attachment.public_id}/"' in page
        assert "管理办法全文.pdf" in page
        assert "（PDF，2.0\xa0KB）" in page

    @pytest.mark.parametrize(
        "status", [Document.Status.DRAFT, Document.Status.PENDING, Document.Status.WITHDRAWN]
    )
    def test_unpublished_document_and_its_attachments_are_404(self, client, document, status):
        attachment = AttachmentFactory(document=document)
        Document.objects.filter(pk=document.pk).update(status=status)
        response = client.get(f"/xxgk/doc/{document.pk}/")
        assert response.status_code == 404
        assert "页面不存在" in response.content.decode()
        assert client.get(f"/xxgk/attachment/{attachment.public_id}/").status_code == 404

    def test_scheduled_document_and_its_attachments_are_404_until_due(self, client, document):
        attachment = AttachmentFactory(document=document)
        Document.objects.filter(pk=document.pk).update(
            published_at=timezone.now() + timedelta(days=1)
        )
        assert client.get(f"/xxgk/doc/{document.pk}/").status_code == 404
        assert client.get(f"/xxgk/attachment/{attachment.public_id}/").status_code == 404

    def test_unknown_document_is_404(self, client, document):
        assert client.get("/xxgk/doc/999999/").status_code == 404

    def test_query_count_is_fixed(self, client, document, django_assert_num_queries):
        replacement = PublishedDocumentFactory(column=document.column)
        document.validity = Document.Validity.REPEALED
        document.replaced_by = replacement
        document.save()
        for n in range(3):
            AttachmentFactory(document=document, name=f"附件{n}.pdf")
        cache.clear()
        # site profile, public stamp (conditional GET), document (with organisation and
        # replacement), attachments, column tree, its published interpretations
        with django_assert_num_queries(6):
            page_of(client, document)
        for n in range(3, 10):
            AttachmentFactory(document=document, name=f"附件{n}.pdf")
        # warm cache: document, attachments, interpretations
        with django_assert_num_queries(3):
            page = page_of(client, document)
        assert "附件9.pdf" in page


class TestAttachmentDownload:
    def test_download_is_an_attachment_with_the_original_name(self, client, document):
        attachment = AttachmentFactory(document=document, name="管理办法全文.pdf")
        response = client.get(f"/xxgk/attachment/{attachment.public_id}/")
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF_BYTES
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment;")
        assert (
            "filename*=utf-8''%E7%AE%A1%E7%90%86%E5%8A%9E%E6%B3%95%E5%85%A8%E6%96%87.pdf"
            in disposition
        )
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == "application/pdf"

    def test_name_without_extension_gets_one(self, client, document):
        attachment = AttachmentFactory(document=document, name="附件一")
        response = client.get(f"/xxgk/attachment/{attachment.public_id}/")
        assert response["Content-Disposition"].endswith(".pdf")

    def test_unknown_attachment_or_missing_file_is_404(self, client, document):
        assert client.get(f"/xxgk/attachment/{uuid.uuid4()}/").status_code == 404
        attachment = AttachmentFactory(document=document)
        attachment.file.storage.delete(attachment.file.name)
        assert client.get(f"/xxgk/attachment/{attachment.public_id}/").status_code == 404

    def test_other_methods_are_refused(self, client, document):
        attachment = AttachmentFactory(document=document)
        assert client.post(f"/xxgk/attachment/{attachment.public_id}/").status_code == 405
