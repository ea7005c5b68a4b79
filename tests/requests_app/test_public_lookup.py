"""申请查询 (/ysqgk/lookup/): number + query code → status, dates, public timeline, documents."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.utils import timezone

from requests_app import services
from requests_app.models import (
    ApplicantType,
    Application,
    ApplicationEvent,
    ApplicationFile,
    Channel,
    IdType,
    Notice,
    NoticeTemplate,
)
from tests.factories import SiteProfileFactory

from .factories import ApplicationFactory, ExtensionFactory, _valid_id

LOOKUP = "/ysqgk/lookup/"
STATUS = "/ysqgk/lookup/status/"
CODE = "secret-code-123"
FAILED = "申请编号或查询码不正确，请核对后重试。"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def released_file(application, *, name="资金安排明细.pdf", visible=True, kind=None):
    return ApplicationFile.objects.create(
        application=application,
        kind=kind or ApplicationFile.Kind.RELEASED,
        name=name,
        file=ContentFile(b"%PDF-1.4 released", name="x.pdf"),
        extension="pdf",
        size=17,
        sha256="0" * 64,
        visible_to_applicant=visible,
    )


def notice(application, kind=NoticeTemplate.Kind.REPLY, number="依申请答复〔2026〕3号"):
    return Notice.objects.create(
        application=application,
        organisation=application.organisation,
        kind=kind,
        number=number,
        title=NoticeTemplate.Kind(kind).label,
        body="张三：\n您申请的信息予以公开。",
        issued_on=dt.date(2026, 3, 20),
    )


@pytest.fixture
def answered(calendar_db):
    """An answered application with a public timeline, an internal note and reply documents."""
    application = ApplicationFactory.with_code(
        CODE, answered=True, name="张三", id_number=_valid_id("21010219800101123")
    )
    application.answered_on = dt.date(2026, 3, 20)
    application.due_on = dt.date(2026, 3, 30)
    application.save()
    for kind, day, note, public in [
        (ApplicationEvent.Kind.SUBMITTED, dt.date(2026, 3, 1), "通过互联网提交申请。", True),
        (
            ApplicationEvent.Kind.RECEIPT_CONFIRMED,
            dt.date(2026, 3, 2),
            "已与申请人电话确认。",
            True,
        ),
        (ApplicationEvent.Kind.NOTE, dt.date(2026, 3, 10), "内部：该申请人本月第3件", False),
        (ApplicationEvent.Kind.ANSWERED, dt.date(2026, 3, 20), "予以公开，见答复书。", True),
    ]:
        ApplicationEvent.objects.create(
            application=application, kind=kind, at=at(day), note=note, is_public=public
        )
    return application


def look_up(client, number, code, **extra):
    return client.post(LOOKUP, {"tracking_number": number, "query_code": code}, **extra)


def test_lookup_page_has_the_form(client, db):
    html = client.get(LOOKUP).content.decode()
    assert html.count("<h1>") == 1
    assert 'name="tracking_number"' in html and 'name="query_code"' in html


def test_successful_lookup_shows_status_dates_timeline_and_documents(client, answered):
    released_file(answered)
    hidden = released_file(answered, name="内部底稿.pdf", visible=False)
    reply = notice(answered)
    consultation = notice(answered, NoticeTemplate.Kind.CONSULTATION_THIRD_PARTY, "征求〔2026〕1号")

    response = look_up(client, answered.tracking_number.lower(), CODE)
    assert response.status_code == 302 and response["Location"] == STATUS
    html = client.get(STATUS).content.decode()
    assert html.count("<h1>") == 1
    assert answered.tracking_number in html
    assert "已答复" in html and "（一）予以公开" in html
    assert "2026年3月1日" in html  # 提交时间
    assert "2026年3月2日" in html  # 收到申请之日
    assert "2026年3月30日" in html  # 答复期限
    assert "2026年3月20日" in html  # 答复日期
    # Public timeline in order, with Chinese labels and notes; internal notes are not shown.
    positions = [html.index(label) for label in ["提交申请", "确认收到申请", "作出答复"]]
    assert positions == sorted(positions)
    assert "予以公开，见答复书。" in html
    assert "该申请人本月第3件" not in html
    # Documents: visible files and notices to the applicant only.
    assert "资金安排明细.pdf" in html and "内部底稿.pdf" not in html
    assert reply.number in html and consultation.number not in html
    assert str(hidden.public_id) not in html
    # The applicant's own ID number is masked; name masked too.
    assert answered.id_number not in html
    assert answered.id_number[:4] + "*" * 10 + answered.id_number[-4:] in html
    assert "张*" in html and "张三" not in html.split("办理记录")[0]


def test_wrong_code_and_wrong_number_give_the_same_message(client, answered):
    wrong_code = look_up(client, answered.tracking_number, "not-the-code")
    wrong_number = look_up(client, "YSQ-2026-999999", CODE)
    for response in (wrong_code, wrong_number):
        assert response.status_code == 200
        html = response.content.decode()
        assert FAILED in html
        assert "已答复" not in html
    assert client.get(STATUS)["Location"] == LOOKUP  # nothing authorised


def test_missing_fields_are_field_errors(client, db):
    response = look_up(client, "", "")
    html = response.content.decode()
    assert response.status_code == 200
    assert "请填写申请编号。" in html and "请填写查询码。" in html


def test_failed_lookups_are_rate_limited(client, answered, settings):
    settings.REQUESTS_LOOKUPS_PER_IP_PER_HOUR = 3
    for _ in range(3):
        assert look_up(client, answered.tracking_number, "guess").status_code == 200
    # Even the right code is refused for a while from that address …
    response = look_up(client, answered.tracking_number, CODE)
    assert response.status_code == 429
    assert "查询失败次数过多，请一小时后再试" in response.content.decode()
    # … but not from another one.
    assert (
        look_up(client, answered.tracking_number, CODE, REMOTE_ADDR="10.1.1.1").status_code == 302
    )


def test_successful_lookups_do_not_count_against_the_limit(client, answered, settings):
    settings.REQUESTS_LOOKUPS_PER_IP_PER_HOUR = 2
    for _ in range(4):
        assert look_up(client, answered.tracking_number, CODE).status_code == 302


def test_reply_file_and_notice_downloads_are_attachments(client, answered):
    file = released_file(answered)
    reply = notice(answered)
    look_up(client, answered.tracking_number, CODE)
    response = client.get(f"/ysqgk/lookup/files/{file.public_id}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 released"
    for fmt in ("doc", "txt"):
        response = client.get(f"/ysqgk/lookup/notices/{reply.public_id}.{fmt}")
        assert response.status_code == 200, fmt
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
    assert client.get(f"/ysqgk/lookup/notices/{reply.public_id}.html").status_code == 404


def test_downloads_need_a_lookup_of_that_application(client, answered):
    file = released_file(answered)
    assert client.get(f"/ysqgk/lookup/files/{file.public_id}/").status_code == 404
    other = ApplicationFactory.with_code("other-code-456", answered=True)
    others_file = released_file(other, name="别人的答复.pdf")
    others_notice = notice(other, number="依申请答复〔2026〕9号")
    others_proof = released_file(other, kind=ApplicationFile.Kind.IDENTITY_PROOF)
    own_proof = released_file(answered, kind=ApplicationFile.Kind.IDENTITY_PROOF)

    look_up(client, answered.tracking_number, CODE)
    assert client.get(f"/ysqgk/lookup/files/{file.public_id}/").status_code == 200
    for url in [
        f"/ysqgk/lookup/files/{others_file.public_id}/",
        f"/ysqgk/lookup/notices/{others_notice.public_id}.txt",
        f"/ysqgk/lookup/files/{others_proof.public_id}/",
        f"/ysqgk/lookup/files/{own_proof.public_id}/",  # proofs are never served publicly
    ]:
        assert client.get(url).status_code == 404, url


def test_the_authorisation_expires(client, answered):
    file = released_file(answered)
    look_up(client, answered.tracking_number, CODE)
    with time_machine.travel(timezone.now() + dt.timedelta(hours=1)):
        assert client.get(STATUS)["Location"] == LOOKUP
        assert client.get(f"/ysqgk/lookup/files/{file.public_id}/").status_code == 404


def test_unconfirmed_application_says_the_clock_waits(client, db):
    SiteProfileFactory()
    application, code = services.application_submit(
        data={
            "applicant_type": ApplicantType.NATURAL_PERSON,
            "name": "赵六",
            "id_type": IdType.RESIDENT_ID,
            "id_number": _valid_id("21010219800101123"),
            "phone": "13800000000",
            "subject": "某信息",
            "description": "某信息的描述",
            "information_form": Application.InformationForm.PAPER,
            "delivery": Application.Delivery.PICKUP,
            "privacy_consent": True,
        }
    )
    look_up(client, application.tracking_number, code)
    html = client.get(STATUS).content.decode()
    assert "待确认收到" in html
    assert "待确认收到申请后开始计算" in html
    assert "提交申请" in html


def test_extension_shows_the_original_and_the_extended_deadline(client, calendar_db):
    application = ApplicationFactory.with_code(CODE)  # received Mon 2 March 2026
    ExtensionFactory(application=application, days=20)
    services.clock.application_recompute_due(application)
    look_up(client, application.tracking_number, CODE)
    html = client.get(STATUS).content.decode()
    assert "2026年3月30日" in html  # 20 working days
    assert "延长至" in html and "2026年4月28日（延长20个工作日）" in html


@time_machine.travel(dt.datetime(2026, 12, 10, 10, tzinfo=SHANGHAI), tick=False)
def test_a_deadline_running_into_2027_shows_the_clock_error(client, calendar_db):
    SiteProfileFactory()
    application, code = services.application_register(
        data={
            "applicant_type": ApplicantType.NATURAL_PERSON,
            "name": "赵六",
            "id_type": IdType.RESIDENT_ID,
            "id_number": _valid_id("21010219800101123"),
            "phone": "13800000000",
            "subject": "某信息",
            "description": "某信息的描述",
            "information_form": Application.InformationForm.PAPER,
            "delivery": Application.Delivery.PICKUP,
            "privacy_consent": True,
        },
        channel=Channel.IN_PERSON,
        received_on=dt.date(2026, 12, 10),
        actor=None,
    )
    look_up(client, application.tracking_number, code)
    response = client.get(STATUS)
    assert response.status_code == 200
    assert "2027年的节假日安排尚未发布，无法计算期限" in response.content.decode()
