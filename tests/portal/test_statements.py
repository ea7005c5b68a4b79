"""Replayed list statements (portal.statements): compiled once per key, run every time with the
time of the request, so scheduled items appear when due and the rows are those of the ORM."""

from datetime import timedelta

import pytest
import time_machine
from django.test.utils import CaptureQueriesContext
from django.db import connection
from django.utils import timezone

from disclosure.models import Document
from portal import statements
from tests.factories import ColumnFactory, PublishedDocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh():
    statements.clear()
    yield
    statements.clear()


def newest(at):
    return (
        Document.objects.published(at=at)
        .only("id", "title", "published_at")
        .order_by("-published_at", "-id")[:5]
    )


def test_rows_are_the_querysets_and_the_time_is_filled_in_per_run():
    column = ColumnFactory()
    now = timezone.now()
    old = PublishedDocumentFactory(column=column, title="旧通知", published_at=now - timedelta(days=2))
    due = PublishedDocumentFactory(column=column, title="定时通知", published_at=now + timedelta(hours=1))

    first = statements.rows(newest, ("newest",), now)
    assert [d.title for d in first] == ["旧通知"]
    assert first[0].pk == old.pk and first[0].published_at == old.published_at

    later = now + timedelta(hours=2)
    with time_machine.travel(later):
        with CaptureQueriesContext(connection) as queries:
            rows = statements.rows(newest, ("newest",), later)
    assert [d.title for d in rows] == ["定时通知", "旧通知"]
    assert rows[0].pk == due.pk
    assert len(queries) == 1  # the statement still runs; only its text was kept
    assert [d.pk for d in rows] == [d.pk for d in newest(later)]


def test_the_compiled_statement_is_reused_for_its_key():
    PublishedDocumentFactory(published_at=timezone.now() - timedelta(days=1))
    built = []

    def build(at):
        built.append(at)
        return newest(at)

    for _ in range(3):
        statements.rows(build, ("key",), timezone.now())
    assert built == [statements.AT]  # built once, for compiling


def test_querysets_it_cannot_replay_are_evaluated_as_they_are():
    document = PublishedDocumentFactory(published_at=timezone.now() - timedelta(days=1))

    def with_organisation(at):
        return Document.objects.published(at=at).select_related("organisation")

    rows = statements.rows(with_organisation, ("related",), timezone.now())
    assert [d.pk for d in rows] == [document.pk]
    assert rows[0].organisation == document.organisation


def test_the_cache_is_bounded(monkeypatch):
    monkeypatch.setattr(statements, "MAX_STATEMENTS", 3)
    for n in range(5):
        statements.rows(newest, ("n", n), timezone.now())
    assert len(statements._statements) == 3
