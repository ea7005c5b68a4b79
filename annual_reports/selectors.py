"""Reads behind the annual report (数据读取): the records `tables.py` counts, and the
applications behind one cell of table 三 (可追溯).

An organisation's report counts its own records and those of its internal units (内设机构).
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from disclosure.models import Document
from portal.models import Organisation, SiteProfile
from requests_app.models import Application, Channel, FeeNotice, Remedy

from . import tables
from .formats import ReportFormat
from .models import AnnualReport

ISSUED_DATE_FIELDS = ("written_on", "published_at")


def organisation_scope(organisation: Organisation) -> list[int]:
    """The organisation and, recursively, its internal units."""
    scope, frontier = [organisation.pk], [organisation.pk]
    while frontier:
        frontier = list(
            Organisation.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        )
        scope += [pk for pk in frontier if pk not in scope]
    return scope


def _local_date(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(moment) if moment else None


def year_moments(year: int) -> tuple[dt.datetime, dt.datetime]:
    """[1 January 00:00, next 1 January 00:00) in the site's time zone."""
    tz = timezone.get_current_timezone()
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)


# --- Applications ----------------------------------------------------------------------------


def _applications_touching(scope: list[int], year: int) -> QuerySet[Application]:
    """Applications that can count in `year`: received in it, carried into it, or finished in
    it (whatever their other dates say — inconsistent records must surface, not vanish)."""
    start, end = tables.year_bounds(year)
    return (
        Application.objects.filter(organisation_id__in=scope)
        .annotate(finished=Coalesce("answered_on", "closed_on"))
        .filter(
            Q(received_on__range=(start, end))
            | (Q(received_on__lt=start) & (Q(finished__isnull=True) | Q(finished__gte=start)))
            | Q(finished__range=(start, end))
        )
    )


def application_records(scope: list[int], year: int) -> list[tables.ApplicationRecord]:
    rows = _applications_touching(scope, year).values_list(
        "pk",
        "tracking_number",
        "subject",
        "applicant_type",
        "received_on",
        "finished",
        "outcome",
        "status",
    )
    return [
        tables.ApplicationRecord(
            pk=pk,
            reference=number or f"（未编号，ID {pk}）",
            subject=subject,
            applicant_type=applicant_type,
            received_on=received_on,
            finished_on=finished,
            outcome=outcome,
            is_open=status in Application.OPEN_STATUSES,
        )
        for pk, number, subject, applicant_type, received_on, finished, outcome, status in rows
    ]


def application_channels(scope: list[int], year: int) -> dict[int, str]:
    return dict(_applications_touching(scope, year).values_list("pk", "channel"))


def cell_applications(
    *,
    organisation: Organisation,
    year: int,
    row: str,
    column: str,
    fmt: ReportFormat = ReportFormat.F2021,
) -> QuerySet[Application]:
    """The applications counted in one cell of table 三 (row code, column code), by the same
    classification that computes the table."""
    if row not in tables.row_codes(fmt):
        raise KeyError(row)
    if column not in tables.L.COLUMN_CODES.values():
        raise KeyError(column)
    pks = [
        record.pk
        for record in application_records(organisation_scope(organisation), year)
        if row in tables.cell_codes(tables.classify(record, year, fmt))
        and tables.column_code_matches(column, record.applicant_type)
    ]
    return Application.objects.filter(pk__in=pks).order_by("received_on", "pk")


# --- Remedies, documents, fees ---------------------------------------------------------------


def remedy_records(scope: list[int], year: int) -> list[tables.RemedyRecord]:
    rows = Remedy.objects.filter(
        application__organisation_id__in=scope, filed_on__year=year
    ).values_list("kind", "filed_on", "result", "decided_on")
    return [tables.RemedyRecord(*row) for row in rows]


def issued_date_field() -> str:
    """Which date defines 本年制发 (catalogue.md §9: 成文日期 or 发布日期; unconfirmed)."""
    field = getattr(settings, "ANNUAL_REPORT_ISSUED_DATE_FIELD", "written_on")
    if field not in ISSUED_DATE_FIELDS:
        raise ValueError(f"ANNUAL_REPORT_ISSUED_DATE_FIELD must be one of {ISSUED_DATE_FIELDS}")
    return field


def document_records(scope: list[int]) -> list[tables.DocumentRecord]:
    """Published 规章 and 行政规范性文件 of the organisation."""
    field = issued_date_field()
    rows = Document.objects.filter(
        organisation_id__in=scope,
        status=Document.Status.PUBLISHED,
        regulatory_class__in=[Document.RegulatoryClass.RULE, Document.RegulatoryClass.NORMATIVE],
    ).values_list(
        "regulatory_class", "written_on", "published_at", "validity", "validity_changed_on"
    )
    in_force = {Document.Validity.VALID, Document.Validity.AMENDED}
    records = []
    for klass, written_on, published_at, validity, changed_on in rows:
        published_on = _local_date(published_at)
        records.append(
            tables.DocumentRecord(
                regulatory_class=klass,
                issued_on=written_on if field == "written_on" else published_on,
                written_on=written_on,
                published_on=published_on,
                in_force=validity in in_force,
                ended_on=None if validity in in_force else changed_on,
            )
        )
    return records


def documents_published_in(scope: list[int], year: int) -> int:
    """Documents published in the year (发布政府信息), still published today."""
    start, end = year_moments(year)
    return Document.objects.filter(
        organisation_id__in=scope,
        status=Document.Status.PUBLISHED,
        published_at__gte=start,
        published_at__lt=end,
    ).count()


def fees_paid_in(scope: list[int], year: int) -> Decimal:
    """信息处理费 paid in the year, from the fee notices."""
    total = FeeNotice.objects.filter(
        application__organisation_id__in=scope, paid_on__year=year
    ).aggregate(total=Sum("amount"))["total"]
    return total or Decimal("0")


def channel_labels() -> dict[str, str]:
    return {c.value: str(c.label) for c in Channel}


# --- Reports ---------------------------------------------------------------------------------


def published_report(year: int) -> AnnualReport | None:
    """The public report of `year`: the site's host organisation's, else any published one."""
    reports = (
        AnnualReport.objects.published()
        .filter(year=year)
        .select_related("organisation", "document")
    )
    profile = SiteProfile.objects.first()
    if profile is not None:
        mine = reports.filter(organisation_id=profile.host_id).first()
        if mine is not None:
            return mine
    return reports.order_by("organisation_id").first()


def published_reports() -> QuerySet[AnnualReport]:
    return AnnualReport.objects.published().select_related("organisation", "document")
