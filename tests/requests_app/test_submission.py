"""`services.application_submit` / `application_register`: status by channel (第31条), tracking
numbers, query codes, proofs, events, emails, idempotency."""

import datetime as dt
import re
import uuid
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from requests_app import services
from requests_app.models import (
    ApplicantType,
    Application,
    ApplicationEvent,
    ApplicationFile,
    Channel,
    IdType,
)
from tests.factories import OrganisationFactory, SiteProfileFactory, UserFactory

from .factories import _valid_id

SHANGHAI = ZoneInfo("Asia/Shanghai")
NO_2027 = "2027年的节假日安排尚未发布，无法计算期限，请在工作日历中录入该年度安排"


def data(**overrides) -> dict:
    values = {
        "applicant_type": ApplicantType.NATURAL_PERSON,
        "name": "王五",
        "id_type": IdType.RESIDENT_ID,
        "id_number": _valid_id("21010219800101123"),
        "phone": "13800000000",
        "email": "wangwu@example.com",
        "subject": "某项目环评批复",
        "description": "请提供某项目环境影响评价批复文件。",
        "information_form": Application.InformationForm.PAPER,
        "delivery": Application.Delivery.PICKUP,
        "privacy_consent": True,
    }
    values.update(overrides)
    return values


@pytest.fixture
def site(db):
    return SiteProfileFactory()


@pytest.fixture
def clerk(db):
    return UserFactory(role="依申请公开办理员")


def test_online_submission_waits_for_confirmation(site):
    application, code = services.application_submit(data=data())
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.received_on is None and application.clock_start_on is None
    assert application.due_on is None
    assert (
        application.tracking_number == f"YSQ-{application.submitted_at.year}-{application.pk:06d}"
    )
    assert application.check_query_code(code) and code not in application.query_code_hash
    event = application.events.get()
    assert (event.kind, event.new_status, event.is_public) == (
        ApplicationEvent.Kind.SUBMITTED,
        Application.Status.SUBMITTED,
        True,
    )


def test_tracking_number_uses_the_year_of_submission(site):
    submitted = dt.datetime(2025, 12, 31, 23, 30, tzinfo=SHANGHAI)
    application, _ = services.application_submit(data=data(), submitted_at=submitted)
    assert application.tracking_number.startswith("YSQ-2025-")


def test_same_key_twice_raises_duplicate_with_the_first_application(site):
    key = uuid.uuid4()
    first, _ = services.application_submit(data=data(), submission_key=key)
    with pytest.raises(services.DuplicateSubmission) as caught:
        services.application_submit(data=data(name="另一个人"), submission_key=key)
    assert caught.value.application == first
    assert Application.objects.count() == 1


def test_service_refuses_data_that_breaks_the_rules(site):
    with pytest.raises(ValidationError) as caught:
        services.application_submit(
            data=data(
                id_number="210102198001011230", delivery=Application.Delivery.POST, address=""
            )
        )
    assert "居民身份证号码不正确" in caught.value.message_dict["id_number"][0]
    assert "请填写通信地址" in caught.value.message_dict["address"][0]
    assert Application.objects.count() == 0


def test_service_refuses_a_disguised_proof(site):
    fake = SimpleUploadedFile("id.png", b"GIF89a....", content_type="image/png")
    with pytest.raises(ValidationError, match="不符"):
        services.application_submit(data=data(), proof=fake)
    assert Application.objects.count() == 0 and ApplicationFile.objects.count() == 0


def test_explicit_organisation_wins_over_the_site_host(site):
    other = OrganisationFactory(name="辽宁省文物局", code="11210000000000002X")
    application, _ = services.application_submit(data=data(organisation=other))
    assert application.organisation == other


def test_email_after_commit_without_the_id_number(site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        application, code = services.application_submit(data=data())
    assert mail.outbox == []  # nothing is sent before the transaction commits
    for callback in callbacks:
        callback()
    (message,) = mail.outbox
    assert application.tracking_number in message.body and code in message.body
    assert application.id_number not in message.body
    assert "待确认" in message.body or "与您确认" in message.body


def test_lookup_link_is_absolute_when_the_domain_is_known(db, django_capture_on_commit_callbacks):
    SiteProfileFactory(site_domain="whj.ln.gov.cn")
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(data=data())
    assert "https://whj.ln.gov.cn/ysqgk/lookup/" in mail.outbox[0].body


@time_machine.travel(dt.datetime(2026, 3, 2, 10, tzinfo=SHANGHAI), tick=False)
def test_in_person_registration_starts_the_clock(site, clerk, calendar_db):
    application, code = services.application_register(
        data=data(), channel=Channel.IN_PERSON, received_on=dt.date(2026, 3, 2), actor=clerk
    )
    application.refresh_from_db()
    assert application.status == Application.Status.PROCESSING
    assert application.received_on == application.clock_start_on == dt.date(2026, 3, 2)
    # 次日起算: day 1 is Tue 3 March, day 20 is Mon 30 March 2026.
    assert application.due_on == dt.date(2026, 3, 30)
    assert application.clock_error == ""
    event = application.events.get()
    assert event.kind == ApplicationEvent.Kind.REGISTERED and event.actor == clerk
    assert application.check_query_code(code)


@time_machine.travel(dt.datetime(2026, 3, 6, 10, tzinfo=SHANGHAI), tick=False)
def test_registering_a_confirmed_letter_records_the_confirmation(site, clerk, calendar_db):
    application, _ = services.application_register(
        data=data(), channel=Channel.LETTER, received_on=dt.date(2026, 3, 4), actor=clerk
    )
    application.refresh_from_db()
    assert application.status == Application.Status.PROCESSING
    assert application.received_on == dt.date(2026, 3, 4)
    assert application.submitted_at.date() == dt.date(2026, 3, 4)
    assert application.due_on == dt.date(2026, 4, 1)
    kinds = list(application.events.values_list("kind", flat=True))
    assert kinds == [ApplicationEvent.Kind.REGISTERED, ApplicationEvent.Kind.RECEIPT_CONFIRMED]


@time_machine.travel(dt.datetime(2026, 3, 2, 10, tzinfo=SHANGHAI), tick=False)
def test_submission_in_person_via_submit_also_starts_the_clock(site, calendar_db):
    application, _ = services.application_submit(data=data(), channel=Channel.IN_PERSON)
    assert application.status == Application.Status.PROCESSING
    assert application.due_on == dt.date(2026, 3, 30)


@time_machine.travel(dt.datetime(2026, 12, 10, 10, tzinfo=SHANGHAI), tick=False)
def test_a_deadline_into_2027_is_recorded_as_a_clock_error(site, clerk, calendar_db):
    application, _ = services.application_register(
        data=data(), channel=Channel.REGISTERED_MAIL, received_on=dt.date(2026, 12, 10), actor=clerk
    )
    application.refresh_from_db()
    assert application.due_on is None
    assert application.clock_error == NO_2027


@time_machine.travel(dt.datetime(2026, 3, 2, 10, tzinfo=SHANGHAI), tick=False)
def test_registration_refuses_a_future_receipt_date(site, clerk, calendar_db):
    with pytest.raises(ValidationError) as caught:
        services.application_register(
            data=data(), channel=Channel.IN_PERSON, received_on=dt.date(2026, 3, 3), actor=clerk
        )
    assert caught.value.message_dict["received_on"] == ["收到申请之日不能晚于今天。"]


def test_without_a_site_profile_the_service_refuses(db):
    with pytest.raises(ValidationError, match="尚未设置受理机关"):
        services.application_submit(data=data())


def test_no_personal_data_in_the_log(site, caplog):
    with caplog.at_level("DEBUG"):
        application, code = services.application_submit(data=data())
    logged = caplog.text
    assert application.tracking_number in logged
    for secret in [application.id_number, application.phone, application.email, code, "王五"]:
        assert secret not in logged


def test_tracking_numbers_are_distinct_and_follow_the_key(site):
    numbers = [services.application_submit(data=data())[0].tracking_number for _ in range(5)]
    assert len(set(numbers)) == 5
    assert all(re.fullmatch(r"YSQ-\d{4}-\d{6}", n) for n in numbers)


def test_a_failed_filing_leaves_no_proof_on_disk(site, settings, monkeypatch):
    from pathlib import Path

    from requests_app.services import submission

    def fail(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(submission, "_record_filing", fail)
    proof = SimpleUploadedFile("scan.pdf", b"%PDF-1.4 proof", content_type="application/pdf")
    with pytest.raises(RuntimeError):
        services.application_submit(data=data(id_type=IdType.PASSPORT, id_number="E1"), proof=proof)
    assert Application.objects.count() == 0
    private = Path(settings.MEDIA_ROOT) / "private"
    assert not private.exists() or not any(p.is_file() for p in private.rglob("*"))
