"""JSON shapes of the open-data API (数据格式): one function per kind of object.

Only public fields of published content: never the workflow fields (起草人、审核人 …), never
anything about applicants. URLs are absolute; times are ISO 8601 in the site's time zone.
The shapes are described in `api/openapi.py`; a test validates live answers against it.
"""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from disclosure import selectors as disclosure_selectors
from disclosure.models import Document
from portal.feeds import summary_text
from portal.models import Organisation
from publishing.models import Publishable


def iso_datetime(value: datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def iso_date(value: date | None) -> str | None:
    return value.isoformat() if value else None


def organisation(org: Organisation | None) -> dict | None:
    if org is None:
        return None
    return {"id": org.pk, "name": org.name, "code": org.code}


# --- Columns (栏目) --------------------------------------------------------------------------


def column_ref(column_id: int) -> dict | None:
    """The column of a document (null when the column is switched off)."""
    node = disclosure_selectors.column_tree().by_id.get(column_id)
    if node is None:
        return None
    return {"id": node.id, "slug": node.slug, "name": node.name}


def column(request: HttpRequest, node: disclosure_selectors.ColumnNode) -> dict:
    return {
        "id": node.id,
        "slug": node.slug,
        "name": node.name,
        "description": node.description,
        "kind": node.kind,
        "column_type": node.column_type,
        "parent_slug": node.parent.slug if node.parent else None,
        "url": request.build_absolute_uri(node.get_absolute_url()),
        "feed_url": request.build_absolute_uri(
            reverse("portal:feed_column", kwargs={"slug": node.slug})
        ),
        "documents_url": request.build_absolute_uri(
            f"{reverse('api:documents')}?column={node.slug}"
        ),
        "children": [column(request, child) for child in node.children],
    }


# --- Documents (政府信息) ---------------------------------------------------------------------


def document(request: HttpRequest, doc: Document) -> dict:
    """The catalogue fields of a document (政府信息公开目录)."""
    return {
        "id": doc.pk,
        "index_number": doc.index_number or "",
        "title": doc.title,
        "document_number": doc.document_number,
        "summary": doc.summary,
        "keywords": doc.keywords,
        "topic": doc.topic,
        "genre": doc.genre,
        "regulatory_class": doc.regulatory_class,
        "validity": doc.validity,
        "validity_label": doc.get_validity_display(),
        "validity_changed_on": iso_date(doc.validity_changed_on),
        "written_on": iso_date(doc.written_on),
        "effective_on": iso_date(doc.effective_on),
        "published_at": iso_datetime(doc.published_at),
        "organisation": organisation(doc.organisation),
        "column": column_ref(doc.column_id),
        "url": request.build_absolute_uri(doc.get_absolute_url()),
        "api_url": request.build_absolute_uri(reverse("api:document", kwargs={"pk": doc.pk})),
    }


def document_detail(request: HttpRequest, doc: Document, *, replacement: Document | None) -> dict:
    """A document in full: catalogue fields, sanitised body HTML and attachments."""
    return document(request, doc) | {
        "source": doc.source,
        "body": doc.body,  # sanitised with nh3 when saved
        "attachments": [
            {
                "name": a.name,
                "extension": a.extension,
                "size": a.size,
                "sha256": a.sha256,
                "url": request.build_absolute_uri(a.get_absolute_url()),
            }
            for a in doc.attachments.all()
        ],
        "replaced_by": (
            {
                "id": replacement.pk,
                "title": replacement.title,
                "url": request.build_absolute_uri(replacement.get_absolute_url()),
                "api_url": request.build_absolute_uri(
                    reverse("api:document", kwargs={"pk": replacement.pk})
                ),
            }
            if replacement
            else None
        ),
    }


# --- Interpretations (政策解读) ---------------------------------------------------------------


def interpretation(request: HttpRequest, item, *, policy_document: Document | None) -> dict:
    policy_doc = None
    if policy_document is not None:
        policy_doc = {
            "id": policy_document.pk,
            "title": policy_document.title,
            "document_number": policy_document.document_number,
            "url": request.build_absolute_uri(policy_document.get_absolute_url()),
            "api_url": request.build_absolute_uri(
                reverse("api:document", kwargs={"pk": policy_document.pk})
            ),
        }
    return {
        "id": item.pk,
        "title": item.title,
        "form": item.form,
        "form_label": item.get_form_display(),
        "summary": item.summary,
        "interpreter": item.interpreter,
        "organisation": organisation(item.organisation),
        "policy": {
            "document": policy_doc,
            "title": item.policy_title,
            "document_number": item.policy_number,
            "url": item.policy_url,
        },
        "media_url": item.media_url,
        "published_at": iso_datetime(item.published_at),
        "url": request.build_absolute_uri(item.get_absolute_url()),
        "api_url": request.build_absolute_uri(
            reverse("api:interpretation", kwargs={"pk": item.pk})
        ),
    }


# --- Any other publishable item ---------------------------------------------------------------


def publishable(request: HttpRequest, item: Publishable, *, api_name: str) -> dict:
    """Fields every published item has: a generic shape for models without their own."""
    return {
        "id": item.pk,
        "title": item.display_title,
        "summary": summary_text(item),
        "organisation": organisation(getattr(item, "organisation", None)),
        "published_at": iso_datetime(item.published_at),
        "url": request.build_absolute_uri(item.get_absolute_url()),
        "api_url": request.build_absolute_uri(reverse(api_name, kwargs={"pk": item.pk})),
    }


def publishable_detail(request: HttpRequest, item: Publishable, *, api_name: str) -> dict:
    body = "".join(getattr(item, name, "") or "" for name in item.HTML_FIELDS)
    return publishable(request, item, api_name=api_name) | {"body": body}


# --- Annual reports (政府信息公开工作年度报告) -------------------------------------------------


def annual_report(request: HttpRequest, report) -> dict:
    return {
        "year": report.year,
        "title": report.title,
        "organisation": organisation(report.organisation),
        "published_at": iso_datetime(report.document.published_at),
        "url": request.build_absolute_uri(report.get_absolute_url()),
        "xlsx_url": request.build_absolute_uri(
            reverse("annual_reports:xlsx", kwargs={"year": report.year})
        ),
        "api_url": request.build_absolute_uri(
            reverse("api:annual_report", kwargs={"year": report.year})
            + f"?organisation={report.organisation_id}"
        ),
    }


def annual_report_detail(request: HttpRequest, report) -> dict:
    from annual_reports.services import snapshot_as_json

    tables = snapshot_as_json(report.snapshot)
    return annual_report(request, report) | {
        "format": tables.pop("format"),
        "tables": {k: v for k, v in tables.items() if k not in ("organisation", "year")},
    }
