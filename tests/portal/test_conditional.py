"""Conditional GET: ETag / Last-Modified on public pages, feeds, sitemap and API; 304 while
nothing changed; 200 again once a publication has committed (content version bump)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.http import http_date

from tests.factories import ColumnFactory, PublishedDocumentFactory, SiteProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def document():
    SiteProfileFactory()
    column = ColumnFactory(name="通知公告", slug="tzgg")
    return PublishedDocumentFactory(column=column, title="一条通知")


def urls(document) -> list[str]:
    return [
        "/xxgk/column/tzgg/",
        "/xxgk/column/tzgg/?genre=通知",
        document.get_absolute_url(),
        "/xxgk/catalogue/",
        "/xxgk/catalogue.csv",
        "/xxgk/column/tzgg/export.csv",
        "/feeds/latest.rss",
        "/feeds/column/tzgg.atom",
        "/sitemap.xml",
        "/sitemap-disclosure-document.xml",
        "/api/v1/documents",
        f"/api/v1/documents/{document.pk}",
        "/api/v1/columns",
    ]


def test_public_responses_carry_validators_and_answer_304(client, document):
    for url in urls(document):
        response = client.get(url)
        assert response.status_code == 200, url
        etag = response["ETag"]
        assert etag.startswith('"'), url
        assert response["Last-Modified"], url

        again = client.get(url, headers={"if-none-match": etag})
        assert again.status_code == 304, url
        assert again.content == b""
        assert again["ETag"] == etag

        since = client.get(url, headers={"if-modified-since": response["Last-Modified"]})
        assert since.status_code == 304, url


def test_each_url_has_its_own_etag(client, document):
    etags = {client.get(url)["ETag"] for url in urls(document)}

    assert len(etags) == len(urls(document))


def test_a_stale_etag_gets_the_page(client, document):
    response = client.get("/xxgk/column/tzgg/", headers={"if-none-match": '"stale"'})

    assert response.status_code == 200
    assert "一条通知" in response.content.decode()


def test_a_publication_changes_the_etag_once_committed(
    client, document, django_capture_on_commit_callbacks
):
    first = client.get("/xxgk/column/tzgg/")
    etag, last_modified = first["ETag"], first["Last-Modified"]

    with django_capture_on_commit_callbacks(execute=True):
        PublishedDocumentFactory(column=document.column, title="新发布的通知")

    fresh = client.get("/xxgk/column/tzgg/", headers={"if-none-match": etag})
    assert fresh.status_code == 200
    assert "新发布的通知" in fresh.content.decode()
    assert fresh["ETag"] != etag
    # Same second or not, Last-Modified moves forward: If-Modified-Since cannot hide it.
    assert fresh["Last-Modified"] != last_modified
    assert (
        client.get("/xxgk/column/tzgg/", headers={"if-modified-since": last_modified}).status_code
        == 200
    )


def test_a_scheduled_document_becoming_due_changes_the_etag(client, document, time_machine):
    PublishedDocumentFactory(
        column=document.column,
        title="定时发布的通知",
        published_at=timezone.now() + timedelta(hours=1),
    )
    etag = client.get("/xxgk/column/tzgg/")["ETag"]

    time_machine.move_to(timezone.now() + timedelta(hours=2))

    response = client.get("/xxgk/column/tzgg/", headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "定时发布的通知" in response.content.decode()


def test_errors_are_not_tagged(client, document):
    assert "ETag" not in client.get("/xxgk/column/nope/")
    bad = client.get("/api/v1/documents?limit=0")
    assert bad.status_code == 400
    assert "ETag" not in bad


def test_an_old_if_modified_since_gets_the_page(client, document):
    old = http_date((timezone.now() - timedelta(days=30)).timestamp())

    assert client.get("/xxgk/column/tzgg/", headers={"if-modified-since": old}).status_code == 200


def test_304_costs_no_query(client, document, django_assert_num_queries):
    etag = client.get(document.get_absolute_url())["ETag"]

    with django_assert_num_queries(0):
        response = client.get(document.get_absolute_url(), headers={"if-none-match": etag})
    assert response.status_code == 304
