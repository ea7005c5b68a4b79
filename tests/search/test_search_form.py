"""The search form is rendered from a cache keyed by what was sent: each visitor sees their
own words and filters back, and the errors of their own input."""

import re

import pytest

from tests.factories import ColumnFactory, OrganisationFactory, SiteProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site(db):
    SiteProfileFactory()
    ColumnFactory(name="通知公告", slug="tzgg")


def query_box(page: str) -> str:
    return re.search(r'<input id="search-q"[^>]*>', page).group(0)


def selected(page: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return re.findall(r'<option value="([^"]*)" selected>', select)


def test_each_query_is_shown_back_in_the_box(client):
    first = client.get("/search/", {"q": "预算"}).content.decode()
    second = client.get("/search/", {"q": "招标"}).content.decode()
    again = client.get("/search/", {"q": "预算"}).content.decode()

    assert 'value="预算"' in query_box(first)
    assert 'value="招标"' in query_box(second)
    assert query_box(again) == query_box(first)


def test_the_chosen_filters_stay_selected(client):
    client.get("/search/", {"q": "预算"})
    page = client.get("/search/", {"q": "预算", "column": "tzgg", "sort": "newest"}).content.decode()

    assert selected(page, "column") == ["tzgg"]
    assert selected(page, "sort") == ["newest"]


def test_a_too_long_query_shows_its_error_after_a_valid_one(client):
    client.get("/search/", {"q": "预算"})
    page = client.get("/search/", {"q": "预" * 101}).content.decode()

    assert 'aria-invalid="true"' in query_box(page)
    assert "搜索词不能超过100个字" in page


def test_a_new_organisation_is_offered_after_it_is_added(client, django_capture_on_commit_callbacks):
    client.get("/search/", {"q": "预算"})
    with django_capture_on_commit_callbacks(execute=True):
        OrganisationFactory(name="省文物局")

    page = client.get("/search/", {"q": "预算"}).content.decode()

    assert "省文物局" in page
