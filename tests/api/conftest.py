import pytest
from django.utils import timezone

from annual_reports import services as report_services
from annual_reports.models import AnnualReport
from tests.factories import (
    ColumnFactory,
    OrganisationFactory,
    PublishedDocumentFactory,
    SiteProfileFactory,
)
from tests.requests_app.conftest import calendar_db  # noqa: F401 - fixture used by the tests


@pytest.fixture
def site(db):
    return SiteProfileFactory()


@pytest.fixture
def column(site):
    return ColumnFactory(name="通知公告", slug="tzgg", organisation=site.host)


@pytest.fixture
def other_org(db):
    return OrganisationFactory(name="辽宁省文物局", code="11210000000000002X")


@pytest.fixture
def annual_report(site):
    """A published report with the frozen tables of an empty year."""
    column = ColumnFactory(slug="gknb", name="政府信息公开年报", organisation=site.host)
    document = PublishedDocumentFactory(column=column, title="2025年年度报告")
    data = report_services.build_report(site.host, 2025)
    return AnnualReport.objects.create(
        organisation=site.host,
        year=2025,
        document=document,
        snapshot=data.snapshot,
        snapshot_at=timezone.now(),
        frozen_at=timezone.now(),
    )
