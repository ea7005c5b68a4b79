"""Tables 三 and 四 of a year built with factories, cell by cell; identities; publishing."""

import datetime as dt
import json
from io import BytesIO, StringIO

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from openpyxl import load_workbook

from annual_reports import labels as L
from annual_reports import selectors, services
from annual_reports.models import AnnualReport
from disclosure.models import Document
from requests_app.models import ApplicantType, Application, Outcome, Remedy
from tests.factories import ColumnFactory, OrganisationFactory, UserFactory
from tests.requests_app.factories import ApplicationFactory, RemedyFactory

YEAR = 2025
TYPES = list(ApplicantType)
COLUMNS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def d(month, day, year=YEAR):
    return dt.date(year, month, day)


@pytest.fixture
def org(db):
    organisation = OrganisationFactory()
    ColumnFactory(organisation=organisation, slug="gknb", name="政府信息公开年报")
    return organisation


@pytest.fixture
def year_of_applications(org):
    """Every outcome row once, applicant types in rotation; carry-over in and out; one
    withdrawn; one never confirmed as received (not counted)."""
    expected = {}  # (row code, column label) -> n

    def add(row, applicant_type):
        label = dict(L.APPLICANT_COLUMNS)[applicant_type]
        expected[(row, label)] = expected.get((row, label), 0) + 1
        expected[(row, "总计")] = expected.get((row, "总计"), 0) + 1

    for i, outcome in enumerate(Outcome):
        kind = TYPES[i % len(TYPES)]
        finished = {"closed_on": d(4, 10)} if outcome.group == "6" else {"answered_on": d(4, 10)}
        status = Application.Status.CLOSED if outcome.group == "6" else Application.Status.ANSWERED
        if outcome == Outcome.OTHER:
            status = Application.Status.WITHDRAWN
        ApplicationFactory(
            organisation=org,
            applicant_type=kind,
            received_on=d(3, 2),
            outcome=outcome,
            status=status,
            **finished,
        )
        add("new", kind)
        add(outcome.value, kind)
        add("total", kind)
    # Carried in from 2024 and answered in 2025 (a research institute).
    ApplicationFactory(
        organisation=org,
        applicant_type=ApplicantType.RESEARCH,
        received_on=d(12, 20, 2024),
        answered_on=d(1, 8),
        outcome=Outcome.DISCLOSED,
        status=Application.Status.ANSWERED,
    )
    for row in ("carried_in", "1", "total"):
        add(row, ApplicantType.RESEARCH)
    # Carried in from 2024 and still open: in 二 and 四.
    ApplicationFactory(
        organisation=org, applicant_type=ApplicantType.LEGAL_SERVICE, received_on=d(12, 29, 2024)
    )
    for row in ("carried_in", "carried_out"):
        add(row, ApplicantType.LEGAL_SERVICE)
    # Received in December, answered in January 2026: carried out.
    ApplicationFactory(
        organisation=org,
        applicant_type=ApplicantType.NATURAL_PERSON,
        received_on=d(12, 22),
        answered_on=d(1, 9, 2026),
        outcome=Outcome.PARTIAL,
        status=Application.Status.ANSWERED,
    )
    for row in ("new", "carried_out"):
        add(row, ApplicantType.NATURAL_PERSON)
    # Finished in 2024: not in 2025 at all; never received: not counted.
    ApplicationFactory(
        organisation=org,
        received_on=d(11, 1, 2024),
        answered_on=d(11, 20, 2024),
        outcome=Outcome.DISCLOSED,
        status=Application.Status.ANSWERED,
    )
    ApplicationFactory(organisation=org, unconfirmed=True)
    return expected


@pytest.fixture
def remedies(org):
    answered = {
        "organisation": org,
        "answered": True,
        "received_on": d(2, 2),
        "answered_on": d(2, 20),
    }
    spec = [
        (Remedy.Kind.RECONSIDERATION, Remedy.Result.UPHELD, d(5, 1)),
        (Remedy.Kind.RECONSIDERATION, Remedy.Result.CORRECTED, d(6, 1)),
        (Remedy.Kind.RECONSIDERATION, Remedy.Result.UPHELD, d(2, 1, 2026)),  # decided next year
        (Remedy.Kind.DIRECT_SUIT, Remedy.Result.OTHER, d(9, 1)),
        (Remedy.Kind.DIRECT_SUIT, Remedy.Result.PENDING, None),
        (Remedy.Kind.SUIT_AFTER_RECONSIDERATION, Remedy.Result.CORRECTED, d(11, 1)),
    ]
    for kind, result, decided in spec:
        RemedyFactory(
            application=ApplicationFactory(**answered),
            kind=kind,
            result=result,
            filed_on=d(3, 10),
            decided_on=decided,
        )
    # Filed in 2024: not counted in 2025.
    RemedyFactory(application=ApplicationFactory(**answered), filed_on=d(6, 1, 2024))
    # The remedies' applications are received and answered in 2025 too.
    return 7


def table3_cell(data, code, column):
    row = next(r for r in data.tables["table3"]["rows"] if r["code"] == code)
    return row["values"][COLUMNS.index(column)]


def test_every_cell_of_table_3(org, year_of_applications, remedies):
    data = services.build_report(org, YEAR)
    expected = dict(year_of_applications)
    # The 7 remedy applications: natural persons received and disclosed in 2025 (one per
    # remedy filed in 2025 or 2024 alike).
    for row in ("new", "1", "total"):
        for column in ("自然人", "总计"):
            expected[(row, column)] = expected.get((row, column), 0) + remedies
    for row in data.tables["table3"]["rows"]:
        for column in COLUMNS:
            assert table3_cell(data, row["code"], column) == expected.get(
                (row["code"], column), 0
            ), (row["label"], column)
    assert data.violations == []
    assert table3_cell(data, "new", "总计") == 21 + 1 + 7
    assert table3_cell(data, "carried_out", "总计") == 2


def test_every_cell_of_table_4(org, remedies):
    data = services.build_report(org, YEAR)
    groups = {g["label"]: g["values"] for g in data.tables["table4"]["groups"]}
    assert groups[L.RECONSIDERATION] == [1, 1, 0, 1, 3]
    assert groups[L.DIRECT_SUIT] == [0, 0, 1, 1, 2]
    assert groups[L.SUIT_AFTER] == [0, 1, 0, 0, 1]


def test_2019_format_has_one_other_row(org, year_of_applications):
    data = services.build_report(org, YEAR, fmt=services.ReportFormat.F2019)
    labels = [r["label"] for r in data.tables["table3"]["rows"]]
    assert "（六）其他处理" in labels and "3.其他" not in labels
    assert table3_cell(data, "6", "总计") == 3
    blocks = data.tables["table2"]["blocks"]
    assert blocks[0]["columns"] == ["本年新制作数量", "本年新公开数量", "对外公开总数量"]


def test_violation_names_the_application(org, year_of_applications):
    broken = ApplicationFactory(
        organisation=org,
        received_on=d(3, 1, 2026),
        answered_on=d(5, 5),
        outcome=Outcome.DISCLOSED,
        status=Application.Status.ANSWERED,
        subject="收到日期有误的申请",
    )
    data = services.build_report(org, YEAR)
    messages = [v["message"] for v in data.violations]
    assert any("“自然人”列" in m and "不等于" in m for m in messages)
    named = {a["id"] for v in data.violations for a in v["applications"]}
    assert named == {broken.pk}


def test_publishing_is_refused_while_an_identity_fails(org, year_of_applications, reviewer):
    report = services.annual_report_create(organisation=org, year=YEAR, actor=reviewer)
    ApplicationFactory(
        organisation=org,
        received_on=d(2, 3),
        answered_on=d(2, 20),
        status=Application.Status.ANSWERED,
        outcome="",
    )  # no outcome
    services.annual_report_generate_document(report=report, actor=reviewer)
    with pytest.raises(ValidationError) as error:
        services.annual_report_publish(report=report, actor=reviewer, confidentiality_checked=True)
    assert "勾稽关系不成立" in " ".join(error.value.messages)
    report.document.refresh_from_db()
    assert report.document.status == Document.Status.DRAFT


def test_publishing_freezes_the_snapshot(org, year_of_applications, editor, reviewer):
    report = services.annual_report_create(organisation=org, year=YEAR, actor=editor)
    assert "收到政府信息公开申请22件" in report.overview
    services.annual_report_generate_document(report=report, actor=editor)
    services.annual_report_submit(report=report, actor=editor)
    services.annual_report_publish(report=report, actor=reviewer, confidentiality_checked=True)
    report.refresh_from_db()
    assert report.document.status == Document.Status.PUBLISHED
    assert report.document.column.slug == "gknb"
    before = report.snapshot
    ApplicationFactory(organisation=org, received_on=d(6, 1))  # later data change
    assert AnnualReport.objects.get(pk=report.pk).snapshot == before
    with pytest.raises(ValidationError):
        services.annual_report_save(report=report, actor=reviewer)


def test_publishing_refused_when_data_changed_after_generation(org, year_of_applications, reviewer):
    report = services.annual_report_create(organisation=org, year=YEAR, actor=reviewer)
    services.annual_report_generate_document(report=report, actor=reviewer)
    ApplicationFactory(organisation=org, received_on=d(6, 1))
    with pytest.raises(ValidationError) as error:
        services.annual_report_publish(report=report, actor=reviewer, confidentiality_checked=True)
    assert "重新生成" in " ".join(error.value.messages)


def test_table_2_from_documents_and_entered_figures(org):
    from tests.factories import PublishedDocumentFactory

    def doc(klass, written, published, validity=Document.Validity.VALID, changed=None):
        return PublishedDocumentFactory(
            organisation=org,
            column=ColumnFactory(organisation=org),
            regulatory_class=klass,
            written_on=written,
            validity=validity,
            validity_changed_on=changed,
            published_at=dt.datetime.combine(published, dt.time(10), tzinfo=dt.UTC),
        )

    rule, normative = Document.RegulatoryClass.RULE, Document.RegulatoryClass.NORMATIVE
    doc(rule, d(3, 1), d(3, 5))
    doc(normative, d(4, 1), d(4, 3))
    doc(normative, d(5, 1, 2023), d(5, 3, 2023), Document.Validity.REPEALED, d(7, 1))
    doc(normative, d(5, 1, 2023), d(5, 3, 2023), Document.Validity.EXPIRED, d(2, 1, 2026))
    doc(normative, d(12, 30), d(1, 4, 2026))  # written 2025, published 2026
    entered = {
        f"{L.ITEM_5}|{L.LICENSING}|{L.DECISIONS}": "12",
        f"{L.ITEM_8}|{L.FEES}|{L.FEE_AMOUNT}": "1.5",
    }
    data = services.build_report(org, YEAR, entered=entered)
    table = services.tables.table2_as_json(data.tables["table2"])
    assert table[L.ITEM_1][L.RULES] == {"本年制发件数": 1, "本年废止件数": 0, "现行有效件数": 1}
    assert table[L.ITEM_1][L.NORMATIVE_2021] == {
        "本年制发件数": 2,
        "本年废止件数": 1,
        "现行有效件数": 2,
    }
    assert table[L.ITEM_5][L.LICENSING] == {"本年处理决定数量": 12}
    assert table[L.ITEM_6][L.PENALTY] == {"本年处理决定数量": 0}
    assert table[L.ITEM_8][L.FEES] == {"本年收费金额（单位：万元）": 1.5}


def test_json_command_uses_verbatim_labels(org, year_of_applications):
    out = StringIO()
    call_command("annual_report", year=YEAR, organisation=org.code, format="json", stdout=out)
    payload = json.loads(out.getvalue())
    table3 = payload["三、收到和处理政府信息公开申请情况"]
    assert list(table3) == [
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "三、本年度办理结果",
        "四、结转下年度继续办理",
    ]
    assert list(table3["一、本年新收政府信息公开申请数量"]) == COLUMNS
    results = table3["三、本年度办理结果"]
    assert results["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"]["总计"] == 1
    assert results["（三）不予公开"]["3.危及“三安全一稳定”"]["总计"] == 1
    assert (
        results["（六）其他处理"][
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
        ]["总计"]
        == 1
    )
    assert results["（七）总计"]["总计"] == 22
    assert payload["四、政府信息公开行政复议、行政诉讼情况"]["行政诉讼"]["复议后起诉"] == {
        "结果维持": 0,
        "结果纠正": 0,
        "其他结果": 0,
        "尚未审结": 0,
        "总计": 0,
    }
    assert "第二十条第（一）项" in payload["二、主动公开政府信息情况"]
    assert payload["violations"] == []


def test_xlsx_command_requires_output_and_writes_labels(org, year_of_applications, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("annual_report", year=YEAR, format="xlsx", organisation=org.code)
    target = tmp_path / "r.xlsx"
    call_command(
        "annual_report",
        year=YEAR,
        format="xlsx",
        organisation=org.code,
        output=str(target),
        stderr=StringIO(),
    )
    workbook = load_workbook(BytesIO(target.read_bytes()))
    sheet = workbook["表三 依申请公开"]
    values = {c.value for row in sheet.iter_rows() for c in row if c.value is not None}
    assert (
        L.TABLE_3_CORNER in values
        and "（三）不予公开" in values
        and "4.保护第三方合法权益" in values
    )
    assert any(str(r) == "A1:C3" for r in sheet.merged_cells.ranges)


def test_html_command(org, year_of_applications):
    out = StringIO()
    call_command("annual_report", year=YEAR, organisation=org.code, stdout=out)
    html = out.getvalue()
    assert "三、本年度办理结果" in html and 'rowspan="22"' in html


def test_cell_selector_lists_the_applications(org, year_of_applications):
    rows = selectors.cell_applications(
        organisation=org, year=YEAR, row="carried_in", column="total"
    )
    assert sorted(a.received_on for a in rows) == [d(12, 20, 2024), d(12, 29, 2024)]


@pytest.fixture
def published_report(org, year_of_applications, reviewer):
    report = services.annual_report_create(organisation=org, year=YEAR, actor=reviewer)
    services.annual_report_generate_document(report=report, actor=reviewer)
    with time_machine.travel(dt.datetime(2026, 1, 20, 9, tzinfo=dt.UTC)):
        services.annual_report_publish(report=report, actor=reviewer, confidentiality_checked=True)
    return report


def test_public_report_page_and_downloads(client, published_report):
    page = client.get("/nianbao/2025/")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("<h1") == 1
    assert "annual_reports/print.css" in html
    assert "（七）总计" in html and "结转下年度继续办理" in html
    xlsx = client.get("/nianbao/2025/tables.xlsx")
    assert xlsx.status_code == 200
    assert "表二 主动公开" in load_workbook(BytesIO(xlsx.content)).sheetnames
    assert client.get("/nianbao/2025/report.html").status_code == 200
    assert client.get(published_report.document.get_absolute_url()).status_code == 200


def test_unpublished_report_is_not_public(client, org, reviewer):
    report = services.annual_report_create(organisation=org, year=YEAR, actor=reviewer)
    services.annual_report_generate_document(report=report, actor=reviewer)
    assert client.get("/nianbao/2025/").status_code == 404
    assert client.get("/nianbao/2025/tables.xlsx").status_code == 404


def test_cell_page_lists_applications_and_needs_handle_permission(
    client, org, year_of_applications
):
    report = services.annual_report_create(
        organisation=org, year=YEAR, actor=UserFactory(is_superuser=True)
    )
    url = f"/admin/annual_reports/annualreport/{report.pk}/cell/carried_in/total/"
    client.force_login(UserFactory(role="审核员"))
    assert client.get(url).status_code == 403
    client.force_login(UserFactory(is_superuser=True))
    page = client.get(url)
    assert page.status_code == 200
    assert "共 2 件申请" in page.content.decode()
    assert (
        client.get(f"/admin/annual_reports/annualreport/{report.pk}/cell/bogus/total/").status_code
        == 404
    )


def test_admin_change_page_shows_violations_and_refuses_publish(client, org, year_of_applications):
    admin = UserFactory(is_superuser=True)
    report = services.annual_report_create(organisation=org, year=YEAR, actor=admin)
    services.annual_report_generate_document(report=report, actor=admin)
    broken = ApplicationFactory(
        organisation=org,
        received_on=None,
        answered_on=d(5, 5),
        outcome=Outcome.DISCLOSED,
        status=Application.Status.ANSWERED,
    )
    client.force_login(admin)
    page = client.get(f"/admin/annual_reports/annualreport/{report.pk}/change/")
    html = page.content.decode()
    assert "勾稽关系不成立" in html and f"/admin/requests_app/application/{broken.pk}/" in html
    response = client.post(
        f"/admin/annual_reports/annualreport/{report.pk}/publish/",
        {"confidentiality_checked": "on"},
        follow=True,
    )
    assert "勾稽关系不成立" in response.content.decode()
    report.document.refresh_from_db()
    assert report.document.status == Document.Status.DRAFT
    # Without the confidentiality tick: a message, no 500.
    response = client.post(
        f"/admin/annual_reports/annualreport/{report.pk}/publish/", {}, follow=True
    )
    assert "保密审查" in response.content.decode()


def test_admin_form_rejects_bad_figures(client, org):
    admin = UserFactory(is_superuser=True)
    report = services.annual_report_create(organisation=org, year=YEAR, actor=admin)
    client.force_login(admin)
    response = client.post(
        f"/admin/annual_reports/annualreport/{report.pk}/change/",
        {
            "report_format": "",
            "overview": "x",
            "problems": "",
            "other_matters": "",
            "fees_collected": "",
            "figure_0": "-3",
            "figure_1": "abc",
        },
    )
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    response = client.post(
        f"/admin/annual_reports/annualreport/{report.pk}/change/",
        {
            "report_format": "",
            "overview": "总体情况",
            "problems": "",
            "other_matters": "",
            "fees_collected": "380",
            "figure_0": "5",
            "figure_3": "0.25",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.entered_figures[f"{L.ITEM_5}|{L.LICENSING}|{L.DECISIONS}"] == "5"
