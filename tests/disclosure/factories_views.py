"""Factories for the public pages' tests: attachments stored like `attachment_add` stores them."""

import hashlib
from datetime import timedelta

import factory
from django.utils import timezone

from disclosure.models import Attachment
from tests.factories import PublishedDocumentFactory

PDF_BYTES = b"%PDF-1.4\n% test attachment\n%%EOF\n"


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    document = factory.SubFactory(PublishedDocumentFactory)
    name = "实施方案.pdf"
    file = factory.django.FileField(filename="stored.pdf", data=PDF_BYTES)
    extension = "pdf"
    size = len(PDF_BYTES)
    sha256 = hashlib.sha256(PDF_BYTES).hexdigest()


def published_at(days_ago: int, minutes: int = 0):
    """A publishing time in the past, distinct per (days_ago, minutes)."""
    return timezone.now() - timedelta(days=days_ago, minutes=minutes)
