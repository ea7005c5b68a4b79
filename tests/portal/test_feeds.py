"""Feeds (RSS/Atom), sitemap.xml, robots.txt and the page meta tags of 《网页设计规范》."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from disclosure.models import Document
from tests.disclosure.factories_views import published_at
from tests.factories import (
    ColumnFactory,
    DocumentFactory,
    PublishedDocumentFactory,
    SiteProfileFactory,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def column():
    SiteProfileFactory()
    return ColumnFactory(name="通知公告", slug="tzgg", description="本机关发布的通知和公告。")


def rss_items(client, url) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    return [{child.tag: (child.text or "") for child in item} for item in channel.findall("item")]


class TestLatestFeed:
    def test_lists_only_published_and_due_documents_newest_first(self, client, column):
        PublishedDocumentFactory(column=column, title="较早的通知", published_at=published_at(2))
        PublishedDocumentFactory(column=column, title="最新的通知", published_at=published_at(1))
        DocumentFactory(column=column, title="草稿不应出现")
        PublishedDocumentFactory(
            column=column, title="定时发布未到期", published_at=timezone.now() + timedelta(days=1)
        )
        PublishedDocumentFactory(
            column=column, title="已撤回的信息", status=Document.Status.WITHDRAWN
        )

        items = rss_items(client, "/feeds/latest.rss")

        assert [item["title"] for item in items] == ["最新的通知", "较早的通知"]

    def test_item_fields_are_absolute_and_descriptions_plain_text(self, client, column):
        document = PublishedDocumentFactory(
            column=column,
            title="关于A&B的通知",
            summary="",
            body="<p>第一段<script>alert(1)</script><b>加粗</b></p>",
        )

        (item,) = rss_items(client, "/feeds/latest.rss")

        url = f"http://testserver/xxgk/doc/{document.pk}/"
        assert item["title"] == "关于A&B的通知"
        assert item["link"] == url
        assert item["guid"] == url
        assert item["pubDate"]
        assert item["category"] == "通知公告"
        # The description is text read as HTML: tags of the body never come through.
        assert "<" not in item["description"]
        assert "第一段" in item["description"]
        assert "加粗" in item["description"]

    def test_atom_feed_parses_with_entries(self, client, column):
        PublishedDocumentFactory(column=column, title="一条通知", summary="通知摘要")

        response = client.get("/feeds/latest.atom")

        assert response.status_code == 200
        root = ET.fromstring(response.content)
        entries = root.findall(f"{ATOM}entry")
        assert [e.find(f"{ATOM}title").text for e in entries] == ["一条通知"]
        assert entries[0].find(f"{ATOM}summary").text == "通知摘要"

    def test_home_page_links_the_feeds(self, client, column):
        page = client.get("/").content.decode()

        assert 'type="application/rss+xml"' in page
        assert 'href="/feeds/latest.rss"' in page
        assert 'href="/feeds/latest.atom"' in page


class TestColumnFeed:
    def test_includes_descendant_columns_and_nothing_else(self, client, column):
        child = ColumnFactory(parent=column, name="公示公告", slug="gsgg")
        PublishedDocumentFactory(column=column, title="本栏目通知", published_at=published_at(2))
        PublishedDocumentFactory(column=child, title="子栏目公示", published_at=published_at(1))
        PublishedDocumentFactory(title="其他栏目的信息")
        DocumentFactory(column=column, title="本栏目草稿")

        items = rss_items(client, "/feeds/column/tzgg.rss")

        assert [item["title"] for item in items] == ["子栏目公示", "本栏目通知"]

    def test_atom_variant(self, client, column):
        PublishedDocumentFactory(column=column, title="本栏目通知")

        root = ET.fromstring(client.get("/feeds/column/tzgg.atom").content)

        assert root.find(f"{ATOM}title").text.endswith("通知公告")
        assert len(root.findall(f"{ATOM}entry")) == 1

    def test_unknown_or_inactive_column_is_404(self, client, column):
        ColumnFactory(slug="old", is_active=False)

        assert client.get("/feeds/column/nope.rss").status_code == 404
        assert client.get("/feeds/column/old.atom").status_code == 404

    def test_column_page_links_its_feed(self, client, column):
        page = client.get("/xxgk/column/tzgg/").content.decode()

        assert 'href="/feeds/column/tzgg.rss"' in page


class TestSitemap:
    def locations(self, client, url) -> list[str]:
        response = client.get(url)
        assert response.status_code == 200
        return [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]

    def test_index_lists_sections_that_list_published_documents_only(self, client, column):
        published = PublishedDocumentFactory(column=column)
        draft = DocumentFactory(column=column)
        scheduled = PublishedDocumentFactory(
            column=column, published_at=timezone.now() + timedelta(days=1)
        )

        sections = self.locations(client, "/sitemap.xml")
        assert "http://testserver/sitemap-disclosure-document.xml" in sections
        assert "http://testserver/sitemap-columns.xml" in sections

        documents = self.locations(client, "/sitemap-disclosure-document.xml")
        assert f"http://testserver/xxgk/doc/{published.pk}/" in documents
        assert f"http://testserver/xxgk/doc/{draft.pk}/" not in documents
        assert f"http://testserver/xxgk/doc/{scheduled.pk}/" not in documents

    def test_documents_have_lastmod(self, client, column):
        PublishedDocumentFactory(column=column)

        root = ET.fromstring(client.get("/sitemap-disclosure-document.xml").content)

        assert root.find(f"{SITEMAP}url/{SITEMAP}lastmod").text

    def test_pages_and_columns(self, client, column):
        assert "http://testserver/" in self.locations(client, "/sitemap-pages.xml")
        assert "http://testserver/xxgk/column/tzgg/" in self.locations(
            client, "/sitemap-columns.xml"
        )

    def test_large_sections_are_split_into_id_range_pages(self, client, column, monkeypatch):
        from portal.sitemaps import PublishableSitemap

        monkeypatch.setattr(PublishableSitemap, "limit", 2)
        documents = [PublishedDocumentFactory(column=column) for _ in range(5)]
        first_id = documents[0].pk

        sections = self.locations(client, "/sitemap.xml")
        pages = [s for s in sections if "disclosure-document" in s]
        assert len(pages) == -(-documents[-1].pk // 2)  # one page per 2 ids up to the highest

        page = (first_id - 1) // 2 + 1
        listed = self.locations(client, f"/sitemap-disclosure-document.xml?p={page}")
        assert f"http://testserver/xxgk/doc/{first_id}/" in listed
        assert len(listed) <= 2

    def test_bad_page_or_section_is_404(self, client, column):
        assert client.get("/sitemap-disclosure-document.xml?p=x").status_code == 404
        assert client.get("/sitemap-disclosure-document.xml?p=999").status_code == 404
        assert client.get("/sitemap-nothing.xml").status_code == 404


class TestRobots:
    def test_disallows_private_and_search_pages_and_names_the_sitemap(self, client):
        response = client.get("/robots.txt")

        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/plain")
        lines = response.content.decode().splitlines()
        for path in ("/admin/", "/staff/", "/search/", "/ysqgk/lookup/", "/ysqgk/receipt/"):
            assert f"Disallow: {path}" in lines
        assert "Sitemap: http://testserver/sitemap.xml" in lines
        assert "Disallow: /" not in lines


class TestMetaTags:
    def meta(self, page: str, name: str) -> str | None:
        import re

        match = re.search(rf'<meta name="{name}" content="([^"]*)">', page)
        return match.group(1) if match else None

    def test_home_page(self, client, column):
        page = client.get("/").content.decode()

        assert self.meta(page, "SiteName") == "辽宁省文化厅政务公开门户"
        assert self.meta(page, "SiteIDCode") == "2100000001"
        assert self.meta(page, "Url") == "http://testserver/"
        assert self.meta(page, "Description") == "辽宁省文化厅政务公开门户"

    def test_column_page(self, client, column):
        child = ColumnFactory(parent=column, name="公示公告", slug="gsgg")

        page = client.get("/xxgk/column/gsgg/").content.decode()

        assert self.meta(page, "ColumnName") == "公示公告"
        assert self.meta(page, "ColumnType")
        assert self.meta(page, "ColumnDescription") == "公示公告"
        assert self.meta(page, "ColumnKeywords") == "通知公告,公示公告"
        assert self.meta(page, "Url") == f"http://testserver{child.get_absolute_url()}"

    def test_document_page(self, client, column):
        document = PublishedDocumentFactory(
            column=column,
            title="关于开展非遗保护的通知",
            summary="非遗保护工作安排",
            keywords="非遗 保护",
            source="省文化厅办公室",
        )

        page = client.get(document.get_absolute_url()).content.decode()

        assert self.meta(page, "ArticleTitle") == "关于开展非遗保护的通知"
        assert self.meta(page, "PubDate")
        assert self.meta(page, "ContentSource") == "省文化厅办公室"
        assert self.meta(page, "Keywords") == "非遗 保护"
        assert self.meta(page, "Description") == "非遗保护工作安排"
        assert self.meta(page, "ColumnName") == "通知公告"
        assert self.meta(page, "Url") == f"http://testserver{document.get_absolute_url()}"


class TestMergedFeed:
    def test_other_public_types_are_merged_and_consent_respected(self, client, column):
        from proposals.models import Consent
        from tests.interpretations.factories import PublishedInterpretationFactory
        from tests.proposals.factories import ProposalFactory, PublishedReplyFactory

        PublishedDocumentFactory(column=column, title="一条通知", published_at=published_at(3))
        PublishedInterpretationFactory(
            external=True, title="一篇解读", summary="解读摘要", published_at=published_at(2)
        )
        PublishedReplyFactory(
            title="一份答复",
            abstract="答复摘要",
            proposal=ProposalFactory(consent=Consent.ABSTRACT, consent_reason="部分不宜公开"),
            published_at=published_at(1),
        )

        items = rss_items(client, "/feeds/latest.rss")

        assert [i["title"] for i in items] == ["一份答复", "一篇解读", "一条通知"]
        assert [i["category"] for i in items[:2]] == ["建议提案答复", "政策解读"]
        # Published as an abstract: the feed shows the abstract, never the full reply.
        assert items[0]["description"] == "答复摘要"
        assert "王某代表" not in client.get("/feeds/latest.rss").content.decode()
