"""Notice letters (告知书): default templates, rendering, escaping, numbering, remedy text."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from requests_app import notices
from requests_app.models import NoticeTemplate, Outcome
from requests_app.remedies import GENERAL_REMEDY_TEXT, RECONSIDERATION_FIRST_TEXT, remedy_text
from tests.factories import OrganisationFactory

from .factories import ApplicationFactory


@pytest.mark.parametrize(
    ("outcome", "day", "expected"),
    [
        (Outcome.THIRD_PARTY, dt.date(2024, 1, 1), RECONSIDERATION_FIRST_TEXT),
        (Outcome.STATE_SECRET, dt.date(2026, 3, 2), RECONSIDERATION_FIRST_TEXT),
        (Outcome.THIRD_PARTY, dt.date(2023, 12, 31), GENERAL_REMEDY_TEXT),
        (Outcome.DISCLOSED, dt.date(2026, 3, 2), GENERAL_REMEDY_TEXT),
        (Outcome.NOT_HELD, dt.date(2026, 3, 2), GENERAL_REMEDY_TEXT),
        (Outcome.DISCLOSED, dt.date(2023, 6, 1), GENERAL_REMEDY_TEXT),
    ],
)
def test_remedy_text_by_outcome_and_date(outcome, day, expected):
    assert remedy_text(outcome, day) == expected


def test_general_remedy_wording():
    assert (
        "可以在收到本答复之日起60日内依法申请行政复议，或者在6个月内依法提起行政诉讼"
        in GENERAL_REMEDY_TEXT
    )
    assert (
        "第二十三条" in RECONSIDERATION_FIRST_TEXT
        and "先依法申请行政复议" in RECONSIDERATION_FIRST_TEXT
    )


def test_the_migration_installed_one_template_per_kind(db):
    assert set(NoticeTemplate.objects.values_list("kind", flat=True)) == set(
        NoticeTemplate.Kind.values
    )
    assert notices.install_default_templates() == 0  # idempotent


@pytest.mark.parametrize("kind", NoticeTemplate.Kind.values)
def test_every_default_template_renders(kind):
    notices.validate_template_body(notices.DEFAULT_TEMPLATES[kind].body)


@pytest.mark.parametrize(
    "body",
    [
        "{% if %}",
        "{{ application.name|nosuchfilter }}",
        "{% load static %}",
        "{% include 'base.html' %}",
    ],
)
def test_broken_templates_are_rejected_with_a_chinese_message(body):
    with pytest.raises(ValidationError, match="告知书模板有错误"):
        notices.validate_template_body(body)


def test_applicant_values_are_escaped_and_contact_details_shown(calendar_db):
    organisation = OrganisationFactory(address="沈阳市和平区北京街1号", phone="024-23456789")
    application = ApplicationFactory(organisation=organisation, name="<script>alert(1)</script>")
    notice = notices.notice_issue(
        application=application,
        kind=NoticeTemplate.Kind.RECEIPT,
        actor=None,
        issued_on=dt.date(2026, 3, 3),
    )
    assert "<script>" not in notice.body
    assert "&lt;script&gt;" in notice.body
    assert "沈阳市和平区北京街1号" in notice.body and "024-23456789" in notice.body
    assert application.tracking_number in notice.body
    assert "<script>" not in notices.notice_html(notice)
    assert notices.notice_plain_text(notice).splitlines()[0] == "政府信息公开申请受理回执"
    assert "<script>alert(1)</script>：" in notices.notice_plain_text(notice)


def test_a_broken_stored_template_refuses_to_issue(calendar_db):
    NoticeTemplate.objects.filter(kind=NoticeTemplate.Kind.RECEIPT).update(body="{% for x in %}")
    with pytest.raises(ValidationError, match="告知书模板有错误"):
        notices.notice_issue(
            application=ApplicationFactory(),
            kind=NoticeTemplate.Kind.RECEIPT,
            actor=None,
            issued_on=dt.date(2026, 3, 3),
        )


def test_numbers_restart_each_year_and_per_kind(calendar_db):
    application = ApplicationFactory()

    def issue(kind, day):
        notice = notices.notice_issue(application=application, kind=kind, actor=None, issued_on=day)
        return notice.number

    assert issue(NoticeTemplate.Kind.RECEIPT, dt.date(2025, 12, 31)) == "依申请回执〔2025〕1号"
    assert issue(NoticeTemplate.Kind.RECEIPT, dt.date(2026, 1, 5)) == "依申请回执〔2026〕1号"
    assert issue(NoticeTemplate.Kind.RECEIPT, dt.date(2026, 1, 6)) == "依申请回执〔2026〕2号"
    assert issue(NoticeTemplate.Kind.EXTENSION, dt.date(2026, 1, 6)) == "依申请延期〔2026〕1号"


def test_downloads_print_word_and_text(calendar_db):
    notice = notices.notice_issue(
        application=ApplicationFactory(),
        kind=NoticeTemplate.Kind.RECEIPT,
        actor=None,
        issued_on=dt.date(2026, 3, 3),
    )
    page = notices.notice_response(notice, notices.DownloadFormat.PRINT)
    assert page["Content-Type"].startswith("text/html")
    assert "requests_app/notice_print.css" in page.content.decode()
    from django.contrib.staticfiles import finders

    assert "size: A4" in Path(finders.find("requests_app/notice_print.css")).read_text()
    word = notices.notice_response(notice, notices.DownloadFormat.WORD)
    assert "size: A4" in word.content.decode()
    assert word["Content-Type"].startswith("application/msword")
    assert "attachment" in word["Content-Disposition"] and ".doc" in word["Content-Disposition"]
    text = notices.notice_response(notice, notices.DownloadFormat.TEXT)
    assert text.content.decode().startswith("政府信息公开申请受理回执\n依申请回执〔2026〕1号")
