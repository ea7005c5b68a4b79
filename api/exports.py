"""CSV downloads of API lists (`?format=csv`): the whole filtered list, streamed.

Each row is the list's JSON object flattened: nested objects become dotted columns
(`organisation.name`), with the fields named here, in this order. The file starts with a BOM so
that Excel reads it as UTF-8. The annual report tables are not offered as CSV: they are nested
tables with merged headings; their XLSX download (/nianbao/<year>/tables.xlsx) keeps the layout.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable

from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header

DOCUMENT_FIELDS = [
    "id",
    "index_number",
    "title",
    "document_number",
    "summary",
    "keywords",
    "topic",
    "genre",
    "regulatory_class",
    "validity",
    "validity_label",
    "validity_changed_on",
    "written_on",
    "effective_on",
    "published_at",
    "organisation.id",
    "organisation.name",
    "organisation.code",
    "column.slug",
    "column.name",
    "url",
]
COLUMN_FIELDS = [
    "id",
    "slug",
    "name",
    "description",
    "kind",
    "column_type",
    "parent_slug",
    "url",
    "feed_url",
]
INTERPRETATION_FIELDS = [
    "id",
    "title",
    "form",
    "form_label",
    "summary",
    "interpreter",
    "organisation.name",
    "policy.document.id",
    "policy.document.title",
    "policy.title",
    "policy.document_number",
    "policy.url",
    "media_url",
    "published_at",
    "url",
]
PROPOSAL_REPLY_FIELDS = [
    "id",
    "title",
    "proposal.kind_label",
    "proposal.year",
    "proposal.number",
    "proposal.title",
    "proposal.lead_unit",
    "publication",
    "abstract",
    "summary",
    "published_at",
    "url",
]


class _Echo:
    """A write-only file for csv.writer: returns each line instead of storing it."""

    def write(self, value: str) -> str:
        return value


def value_at(row: dict, path: str):
    """The value at a dotted path, "" where a step is missing or null."""
    value = row
    for key in path.split("."):
        if not isinstance(value, dict):
            return ""
        value = value.get(key)
    return "" if value is None else value


def _lines(rows: Iterable[dict], fields: list[str]):
    writer = csv.writer(_Echo())
    yield "\ufeff"
    yield writer.writerow(fields)
    for row in rows:
        yield writer.writerow([value_at(row, field) for field in fields])


def csv_response(rows: Iterable[dict], *, fields: list[str], filename: str):
    response = StreamingHttpResponse(_lines(rows, fields), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    return response
