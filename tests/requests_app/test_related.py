"""Related-application hints: 第四十四条 (suggest proactive disclosure) and 第三十五条 (repeated
requests of one applicant), as selectors and on the dashboard."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from requests_app.dashboard import (
    normalise_subject,
    repeated_requests_by_applicant,
    suggest_proactive_disclosure,
)
from requests_app.models import Application
from tests.factories import UserFactory

from .factories import ApplicationFactory

TODAY = dt.date(2026, 9, 29)


@pytest.fixture(autouse=True)
def frozen(db):
    with time_machine.travel(dt.datetime(2026, 9, 29, 10, tzinfo=ZoneInfo("Asia/Shanghai"))):
        yield


def submitted(day: dt.date):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))


def test_normalise_subject_ignores_width_case_spaces_and_punctuation():
    assert normalise_subject("《关于 艺术品交易 的通知》") == normalise_subject(
        "关于艺术品交易的通知"
    )
    assert normalise_subject("辽文发〔2025〕3号") == normalise_subject("辽文发[2025]3号")
    assert normalise_subject("ＡＢＣ公司") == normalise_subject("abc公司")
    assert normalise_subject("  ") == ""


# --- 第四十四条 ------------------------------------------------------------------------------


def test_three_applicants_asking_for_the_same_subject_suggest_proactive_disclosure():
    for n in range(3):
        ApplicationFactory(
            tracking_number=f"YSQ-2026-00010{n}",
            subject="《某艺术品交易公司 处罚决定》",
            submitted_at=submitted(dt.date(2026, 9, 1 + n)),
        )
    ApplicationFactory(subject="另一个事项")
    [suggestion] = suggest_proactive_disclosure(today=TODAY)
    assert suggestion.applicant_count == 3
    assert [a.tracking_number for a in suggestion.applications] == [
        "YSQ-2026-000100",
        "YSQ-2026-000101",
        "YSQ-2026-000102",
    ]


def test_two_applicants_are_below_the_default_threshold_and_the_setting_lowers_it(settings):
    for _ in range(2):
        ApplicationFactory(subject="某艺术品交易公司处罚决定")
    assert suggest_proactive_disclosure(today=TODAY) == []
    settings.REQUESTS_PROACTIVE_SUGGESTION_THRESHOLD = 2
    assert len(suggest_proactive_disclosure(today=TODAY)) == 1


def test_the_same_applicant_three_times_is_not_three_applicants():
    first = ApplicationFactory(subject="某艺术品交易公司处罚决定")
    for _ in range(2):
        ApplicationFactory(
            subject="某艺术品交易公司处罚决定", id_number=first.id_number, name="别名"
        )
    assert suggest_proactive_disclosure(today=TODAY) == []


def test_without_id_numbers_names_tell_applicants_apart(settings):
    for name in ("甲公司", "乙公司", "甲公司"):
        ApplicationFactory(subject="某事项", id_number="", name=name)
    assert suggest_proactive_disclosure(today=TODAY) == []
    ApplicationFactory(subject="某事项", id_number="", name="丙公司")
    [suggestion] = suggest_proactive_disclosure(today=TODAY)
    assert suggestion.applicant_count == 3 and len(suggestion.applications) == 4


def test_related_links_and_document_numbers_join_groups():
    a = ApplicationFactory(subject="艺术品交易公司的处罚决定书", document_number="")
    b = ApplicationFactory(subject="对某公司的行政处罚", document_number="辽文罚〔2026〕5号")
    c = ApplicationFactory(subject="处罚文书", document_number="辽文罚[2026]5号")
    a.related.add(b)
    [suggestion] = suggest_proactive_disclosure(today=TODAY)
    assert {x.pk for x in suggestion.applications} == {a.pk, b.pk, c.pk}
    assert suggestion.document_numbers


def test_old_withdrawn_and_closed_applications_do_not_count():
    ApplicationFactory(subject="某事项")
    ApplicationFactory(subject="某事项", status=Application.Status.WITHDRAWN)
    ApplicationFactory(subject="某事项", status=Application.Status.CLOSED)
    ApplicationFactory(subject="某事项", submitted_at=submitted(dt.date(2025, 9, 1)))
    assert suggest_proactive_disclosure(today=TODAY) == []
    ApplicationFactory(subject="某事项", answered=True)
    ApplicationFactory(subject="某事项", unconfirmed=True)
    assert len(suggest_proactive_disclosure(today=TODAY)) == 1


# --- 第三十五条 ------------------------------------------------------------------------------


def test_five_applications_in_30_days_are_flagged(settings):
    first = ApplicationFactory(
        subject="事项0", name="王五", submitted_at=submitted(dt.date(2026, 9, 1))
    )
    for n in range(1, 4):
        ApplicationFactory(
            subject=f"事项{n}",
            id_number=first.id_number,
            name="王五",
            submitted_at=submitted(dt.date(2026, 9, 1 + n)),
        )
    ApplicationFactory(
        subject="事项旧",
        id_number=first.id_number,
        name="王五",
        submitted_at=submitted(dt.date(2026, 8, 1)),
    )
    assert repeated_requests_by_applicant(today=TODAY) == []  # 4 in 30 days, no repeat
    ApplicationFactory(
        subject="事项4",
        id_number=first.id_number,
        name="王五",
        submitted_at=submitted(dt.date(2026, 9, 28)),
    )
    [flag] = repeated_requests_by_applicant(today=TODAY)
    assert flag.masked_name == "王*"
    assert flag.recent_count == 5
    assert flag.reasons == ["近30日内提出5件申请"]
    assert len(flag.applications) == 6
    settings.REQUESTS_REPEAT_THRESHOLD = 6
    assert repeated_requests_by_applicant(today=TODAY) == []


def test_repeating_the_same_subject_is_flagged():
    first = ApplicationFactory(
        subject="《某公司处罚决定》", submitted_at=submitted(dt.date(2026, 3, 2))
    )
    ApplicationFactory(
        subject="某公司 处罚决定",
        id_number=first.id_number,
        submitted_at=submitted(dt.date(2026, 9, 2)),
    )
    ApplicationFactory(subject="某公司处罚决定")  # another applicant
    [flag] = repeated_requests_by_applicant(today=TODAY)
    assert flag.reasons == ["重复申请“《某公司处罚决定》”"]
    assert len(flag.applications) == 2


def test_without_id_number_name_and_phone_identify_the_applicant():
    ApplicationFactory(subject="甲", id_number="", name="赵六", phone="139 0000 1111")
    ApplicationFactory(subject="甲", id_number="", name="赵六", phone="13900001111")
    ApplicationFactory(subject="甲", id_number="", name="赵六", phone="13800002222")
    [flag] = repeated_requests_by_applicant(today=TODAY)
    assert len(flag.applications) == 2


# --- On the dashboard -----------------------------------------------------------------------


def test_dashboard_shows_both_hints_without_personal_data(client, calendar_db):
    client.force_login(UserFactory(role="依申请公开办理员"))
    response = client.get("/staff/ysqgk/")
    html = response.content.decode()
    assert "暂无多人申请相同信息的情况。" in html and "暂无需要关注的重复或大量申请。" in html

    for n in range(3):
        ApplicationFactory(tracking_number=f"YSQ-2026-00020{n}", subject="艺术品交易公司处罚决定")
    first = ApplicationFactory(tracking_number="YSQ-2026-000300", name="钱七", subject="某事项")
    ApplicationFactory(
        tracking_number="YSQ-2026-000301", subject="某事项", id_number=first.id_number, name="钱七"
    )
    html = client.get("/staff/ysqgk/").content.decode()
    proactive = html[html.index('id="proactive"') : html.index('id="repeated"')]
    assert "建议主动公开（第四十四条）" in proactive
    assert "<strong>艺术品交易公司处罚决定</strong>" in proactive
    assert "3位不同申请人" in proactive
    assert "YSQ-2026-000200、YSQ-2026-000201、YSQ-2026-000202" in proactive
    repeated = html[html.index('id="repeated"') : html.index('id="applications"')]
    assert "<strong>钱*</strong>：重复申请“某事项”" in repeated
    assert "YSQ-2026-000300、YSQ-2026-000301" in repeated
    assert "钱七" not in html and first.id_number not in html
