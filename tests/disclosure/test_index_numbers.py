"""索引号 under concurrency: parallel publishing never duplicates or skips a serial (PostgreSQL)."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from disclosure import services
from disclosure.models import Document
from tests.factories import ColumnFactory, DocumentFactory, UserFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

THREADS = 20


def test_parallel_publishing_issues_distinct_consecutive_numbers():
    reviewer = UserFactory(role="审核员")
    column = ColumnFactory()
    ids = [
        services.document_submit(document=DocumentFactory(column=column), actor=reviewer).pk
        for _ in range(THREADS)
    ]
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def publish(pk: int) -> None:
        try:
            document = Document.objects.get(pk=pk)
            barrier.wait(timeout=30)
            services.document_publish(
                document=document, actor=reviewer, confidentiality_checked=True
            )
        except BaseException as error:  # reported below, in the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(pk,)) for pk in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    numbers = sorted(Document.objects.filter(pk__in=ids).values_list("index_number", flat=True))
    year = timezone.localdate().year
    prefix = f"{column.organisation.code}/{year}-"
    assert numbers == [f"{prefix}{serial:05d}" for serial in range(1, THREADS + 1)]
