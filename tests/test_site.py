"""Whole-site guards: every public page answers and has exactly one <h1>; error pages are
Chinese; no migration is pending."""

import re

import pytest
from django.core.management import call_command
from django.test import RequestFactory

from disclosure.models import Column
from portal import views as portal_views
from tests.disclosure.factories_views import AttachmentFactory
from tests.factories import ColumnFactory, PublishedDocumentFactory, SiteProfileFactory


@pytest.fixture
def site_content(db):
    SiteProfileFactory()
    root = ColumnFactory(name="政府信息公开", slug="xxgk")
    ColumnFactory(name="政府信息公开指南", slug="gkzn", kind=Column.Kind.PAGE, parent=root)
    statutory = ColumnFactory(name="法定主动公开内容", slug="fdzdgknr", parent=root)
    news = ColumnFactory(name="政务动态", slug="zwdt", parent=statutory, show_on_home=True)
    guide = PublishedDocumentFactory(
        column=Column.objects.get(slug="gkzn"), title="政府信息公开指南（2025年版）"
    )
    AttachmentFactory(document=guide)
    document = PublishedDocumentFactory(column=news, title="厅长调研非遗保护工作")
    return {"document": document}


def public_urls(site_content) -> list[str]:
    return [
        "/",
        "/xxgk/",
        "/xxgk/column/zwdt/",
        "/xxgk/column/fdzdgknr/",
        "/xxgk/column/gkzn/",
        "/xxgk/column/xxgk/",
        f"/xxgk/doc/{site_content['document'].pk}/",
        "/xxgk/catalogue/",
        "/search/",
        "/search/?q=非遗",
        "/ysqgk/",
        "/ysqgk/apply/",
        "/ysqgk/paper-form/",
        "/ysqgk/lookup/",
        "/ysqgk/receipt/",
        "/ysqgk/calculator/",
        "/zcjd/",
        "/zcjd/?form=bad",
        "/jyta/",
        "/jyta/?year=abc",
        "/hdjl/",
        "/hdjl/yjzj/",
        "/hdjl/zx/",
        "/hdjl/zx/ask/",
        "/hdjl/zx/lookup/",
        "/hdjl/zx/stats/",
        "/whrl/",
        "/whrl/2026/11/",
        "/whrl/archive/",
        "/wsbs/",
        "/nianbao/",
        "/tongji/2026/",
    ]


def test_every_public_page_answers_with_one_h1(client, site_content):
    for url in public_urls(site_content):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert len(re.findall(r"<h1[\s>]", page)) == 1, url
        assert "跳到主要内容" in page, url
        assert 'name="SiteIDCode" content="2100000001"' in page, url
        footer = page[page.index('<footer class="site-footer">') :]
        assert "网站标识码" in footer and "辽ICP备00000000号" in footer, url


def test_every_control_has_a_label(client, site_content):
    for url in ["/", "/xxgk/column/zwdt/", "/xxgk/catalogue/", "/search/?q=非遗"]:
        page = client.get(url).content.decode()
        ids = re.findall(r'<(?:input|select)[^>]* id="([^"]+)"', page)
        assert ids, url
        for control_id in ids:
            assert f'for="{control_id}"' in page, (url, control_id)


def test_section_page_lists_the_column_tree(client, site_content):
    page = client.get("/xxgk/").content.decode()
    assert 'href="/xxgk/column/gkzn/"' in page
    assert 'href="/xxgk/column/zwdt/"' in page
    assert 'href="/xxgk/catalogue/"' in page
    # The section's own column is the page itself: it is not repeated in the breadcrumbs.
    doc = client.get(f"/xxgk/doc/{site_content['document'].pk}/").content.decode()
    crumbs = doc[doc.index('class="breadcrumbs"') :]
    crumbs = crumbs[: crumbs.index("</nav>")]
    assert re.findall(r">([^<>]+)</(?:a|span)>", crumbs)[1:] == [
        "首页",
        "政府信息公开",
        "法定主动公开内容",
        "政务动态",
        "厅长调研非遗保护工作",
    ]


def test_not_found_page(client, site_content):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert len(re.findall(r"<h1[\s>]", page)) == 1
    assert "页面不存在" in page
    assert '<a href="/">返回首页</a>' in page


@pytest.mark.parametrize(
    ("handler", "status", "heading"),
    [
        (portal_views.bad_request, 400, "请求有误"),
        (portal_views.permission_denied, 403, "无权访问"),
    ],
)
def test_error_pages(rf: RequestFactory, site_content, handler, status, heading):
    response = handler(rf.get("/"), Exception())
    assert response.status_code == status
    page = response.content.decode()
    assert f"<h1>{heading}</h1>" in page and page.count("<h1") == 1


def test_server_error_page_needs_no_database(rf: RequestFactory, django_assert_num_queries, db):
    with django_assert_num_queries(0):
        response = portal_views.server_error(rf.get("/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "<h1>服务器错误</h1>" in page and page.count("<h1") == 1
    assert '<a href="/">返回首页</a>' in page


def test_no_migration_is_pending(db):
    call_command("makemigrations", check=True, dry_run=True, verbosity=0)


def test_forged_host_header_gets_the_chinese_400_page(client, db):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "请求有误" in response.content.decode()
