"""Documents published through the services, so that they are indexed as in production."""

from datetime import datetime

from disclosure import services
from disclosure.models import Document
from tests.factories import DocumentFactory


def publish(reviewer, *, at: datetime | None = None, **fields) -> Document:
    """A draft created by the factory, then published by `reviewer` (at `at`, if given, as an
    import of a historical record)."""
    document = DocumentFactory(**fields)
    return services.document_publish(
        document=document,
        actor=reviewer,
        confidentiality_checked=True,
        publish_at=at,
        historical=at is not None,
    )
