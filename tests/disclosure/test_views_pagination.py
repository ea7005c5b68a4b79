"""The keyset pagination helper (disclosure.pagination) on its own, over published documents."""

from datetime import UTC, datetime, timedelta

import pytest

from disclosure.models import Document
from disclosure.pagination import Cursor, keyset_page, parse_page_number
from tests.factories import PublishedDocumentFactory


class TestCursor:
    def test_round_trip_keeps_microseconds_and_zone(self):
        cursor = Cursor(value=datetime(2024, 2, 29, 23, 59, 59, 123456, tzinfo=UTC), pk=42)
        assert Cursor.decode(cursor.encode()) == cursor
        assert "=" not in cursor.encode()  # no padding to escape in URLs

    @pytest.mark.parametrize(
        "token",
        [
            None,
            "",
            "garbage",
            "!!!",
            "x" * 300,
            "MjAyNC0wMS0wMXwx",  # "2024-01-01|1": a naive time is refused
            "MjAyNC0wMS0wMVQwMDowMDowMCswMDowMHww",  # id 0
            "MjAyNC0wMS0wMVQwMDowMDowMCswMDowMHxhYmM",  # id "abc"
            "/w",  # not UTF-8
        ],
    )
    def test_malformed_tokens_decode_to_none(self, token):
        assert Cursor.decode(token) is None

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("1", 1),
            ("17", 17),
            (None, None),
            ("", None),
            ("0", None),
            ("-1", None),
            ("x", None),
            ("1" * 40, None),
        ],
    )
    def test_page_number(self, value, expected):
        assert parse_page_number(value) == expected


@pytest.mark.django_db
class TestKeysetPage:
    @pytest.fixture
    def documents(self):
        """Seven documents, two pairs published at the same instant; newest first."""
        base = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
        times = [
            base,
            base - timedelta(hours=1),
            base - timedelta(hours=1),
            base - timedelta(hours=2),
            base - timedelta(hours=3),
            base - timedelta(hours=3),
            base - timedelta(hours=4),
        ]
        created = [PublishedDocumentFactory(published_at=when) for when in times]
        return sorted(created, key=lambda d: (d.published_at, d.pk), reverse=True)

    def walk_forward(self, per_page):
        pages, after, number = [], None, None
        while True:
            page = keyset_page(
                Document.objects.all(), per_page=per_page, after=after, number=number
            )
            pages.append(page)
            if not page.has_next:
                return pages
            after, number = page.next_cursor, str(page.next_number)

    def test_forward_visits_every_row_once_in_order(self, documents):
        pages = self.walk_forward(per_page=3)
        assert [[d.pk for d in p.items] for p in pages] == [
            [d.pk for d in documents[0:3]],
            [d.pk for d in documents[3:6]],
            [documents[6].pk],
        ]
        assert [p.number for p in pages] == [1, 2, 3]
        assert [p.has_previous for p in pages] == [False, True, True]

    def test_backward_returns_the_same_pages(self, documents):
        pages = self.walk_forward(per_page=3)
        back = keyset_page(
            Document.objects.all(), per_page=3, before=pages[2].previous_cursor, number="2"
        )
        assert back.items == pages[1].items
        assert back.has_next and back.has_previous and back.number == 2
        first = keyset_page(
            Document.objects.all(), per_page=3, before=back.previous_cursor, number="1"
        )
        assert first.items == pages[0].items
        assert not first.has_previous and first.number == 1

    def test_short_previous_page_becomes_the_whole_first_page(self, documents):
        # A cursor just after the newest row (e.g. rows were withdrawn since the link was made).
        cursor = Cursor(value=documents[1].published_at, pk=documents[1].pk).encode()
        page = keyset_page(Document.objects.all(), per_page=3, before=cursor, number="5")
        assert page.items == documents[0:3]
        assert not page.has_previous and page.number == 1

    def test_after_the_last_row_is_an_empty_page(self, documents):
        cursor = Cursor(value=documents[-1].published_at, pk=documents[-1].pk).encode()
        page = keyset_page(Document.objects.all(), per_page=3, after=cursor)
        assert page.items == [] and not page.has_next and page.next_cursor is None

    def test_one_query_per_page(self, documents, django_assert_num_queries):
        with django_assert_num_queries(1):
            page = keyset_page(Document.objects.all(), per_page=3)
        with django_assert_num_queries(1):
            keyset_page(Document.objects.all(), per_page=3, after=page.next_cursor)
