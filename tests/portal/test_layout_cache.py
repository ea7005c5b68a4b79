"""The page layout (header, navigation, footer) is rendered once per process and content
version; a change of the site's identity shows on the next page, as a publish does."""

import pytest

from tests.factories import SiteProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def layout_cache(settings):
    settings.CACHES = {
        **settings.CACHES,
        "layout": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "layout-test",
        },
    }
    from django.core.cache import caches

    caches["layout"].clear()
    yield
    caches["layout"].clear()


def header(page: str) -> str:
    return page[page.index('<header class="site-header">') : page.index("</header>")]


def footer(page: str) -> str:
    return page[page.index('<footer class="site-footer">') : page.index("</footer>")]


def test_a_renamed_site_shows_in_header_and_footer_at_once(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        profile = SiteProfileFactory(site_name="辽宁省文化厅政务公开门户", icp_number="辽ICP备00000001号")
    before = client.get("/xxgk/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        profile.site_name = "辽宁省文化和旅游厅政务公开门户"
        profile.icp_number = "辽ICP备00000002号"
        profile.save()
    after = client.get("/xxgk/").content.decode()

    assert "辽宁省文化厅政务公开门户" in header(before)
    assert "辽宁省文化和旅游厅政务公开门户" in header(after)
    assert "辽ICP备00000002号" in footer(after) and "辽ICP备00000001号" not in after


def test_the_current_section_is_marked_on_each_section(client, db):
    SiteProfileFactory()
    disclosure = client.get("/xxgk/").content.decode()
    home = client.get("/").content.decode()

    assert '<a href="/xxgk/" aria-current="page">' in disclosure
    assert '<a href="/" aria-current="page">' in home
    assert '<a href="/xxgk/" aria-current="page">' not in home


def test_the_care_mode_switch_links_back_to_each_page(client, db):
    SiteProfileFactory()
    first = header(client.get("/xxgk/").content.decode())
    second = header(client.get("/xxgk/catalogue/").content.decode())

    assert "next=/xxgk/" in first and "next=/xxgk/catalogue/" in second


def test_a_renamed_column_shows_on_its_page_at_once(client, django_capture_on_commit_callbacks):
    from tests.factories import ColumnFactory

    SiteProfileFactory()
    with django_capture_on_commit_callbacks(execute=True):
        column = ColumnFactory(name="通知公告", slug="tzgg")
        ColumnFactory(name="工作动态", slug="gzdt", parent=column)
    assert "<h1>通知公告</h1>" in client.get("/xxgk/column/tzgg/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        column.name = "通知公示"
        column.save()
    page = client.get("/xxgk/column/tzgg/").content.decode()

    assert "<h1>通知公示</h1>" in page
    assert "工作动态" in page
