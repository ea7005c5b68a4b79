"""Hostile input (恶意输入) against every public form and query parameter.

Hypothesis feeds arbitrary Unicode (control characters and NUL included), scripts, SQL
fragments, bidi and zero-width characters, emoji and strings of up to a million characters into
one field at a time of an otherwise valid submission. The portal must answer every one with
either a success (302 to the receipt, one row stored) or a page that shows a clear validation
error — never a server error. Separately, markup that *is* accepted and stored must come back
escaped on every page that shows it: the public page and the staff admin.
"""

from __future__ import annotations

import html
import uuid

import pytest
from django.contrib.auth import get_user_model
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interaction.models import Comment, Message
from interaction.services import comment_moderate
from requests_app.models import Application
from tests.factories import ColumnFactory, PublishedDocumentFactory, SiteProfileFactory
from tests.interaction.factories import ConsultationFactory
from tests.requests_app.test_public_apply import natural

from .strategies import MARKUP_PAYLOADS, SCRIPT, hostile_text

pytestmark = pytest.mark.usefixtures("no_rate_limits")

HYPOTHESIS = settings(
    max_examples=40,
    deadline=None,
    database=None,  # no .hypothesis/ directory in the checkout
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
ERROR_MARK = 'role="alert"'

APPLY_FIELDS = [
    "applicant_type",
    "name",
    "contact_person",
    "id_type",
    "id_number",
    "phone",
    "email",
    "address",
    "postcode",
    "subject",
    "document_number",
    "description",
    "information_form",
    "delivery",
    "purpose",
    "privacy_consent",
    "submission_key",
    "homepage",
]
MESSAGE = {
    "box": "zx",
    "topic": "performance",
    "subject": "演出审批材料",
    "content": "请问需要哪些材料？",
    "name": "张三",
    "phone": "13912345678",
    "email": "zhang@example.com",
    "consents_to_publication": "1",
    "privacy_consent": "on",
    "homepage": "",
}
COMMENT = {
    "name": "",
    "contact": "13912345678",
    "content": "建议延长开放时间。",
    "privacy_consent": "on",
    "homepage": "",
}


def assert_answered(response, *, stored: bool) -> None:
    """A success (302, one row stored) or the form again with a visible error; never a 5xx."""
    assert response.status_code < 500
    if response.status_code == 302:
        assert stored, "redirected as a success but nothing was stored"
        return
    assert not stored, "stored but the page did not say so"
    assert response.status_code in (200, 400, 413, 429), response.status_code
    if response.status_code == 200:
        assert ERROR_MARK in response.content.decode(), "200 without a visible error"


@pytest.fixture
def site(calendar_db):
    return SiteProfileFactory()


# --- 依申请公开 --------------------------------------------------------------------------------


@HYPOTHESIS
@given(field=st.sampled_from(APPLY_FIELDS), value=hostile_text)
def test_application_form_answers_any_input_in_any_field(client, site, field, value):
    before = Application.objects.count()
    data = natural(**{field: value}) if field != "submission_key" else natural()
    if field == "submission_key":
        data["submission_key"] = value
    response = client.post("/ysqgk/apply/", data)
    assert_answered(response, stored=Application.objects.count() == before + 1)


@HYPOTHESIS
@given(number=hostile_text, code=hostile_text)
def test_status_lookup_answers_any_number_and_code(client, site, number, code):
    response = client.post("/ysqgk/lookup/", {"tracking_number": number, "query_code": code})
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert ERROR_MARK in response.content.decode()


@HYPOTHESIS
@given(start=hostile_text, extension=hostile_text)
def test_deadline_calculator_and_api_answer_any_input(client, site, start, extension):
    page = client.get("/ysqgk/calculator/", {"start": start, "extension": extension})
    assert page.status_code in (200, 400)
    api = client.get("/api/v1/deadline", {"start": start, "extension": extension})
    assert api.status_code in (200, 400)
    if api.status_code == 400 and api["Content-Type"].startswith("application/json"):
        assert api.json()["error"]


# --- 互动交流 ----------------------------------------------------------------------------------


@HYPOTHESIS
@given(field=st.sampled_from([*COMMENT, "submission_key"]), value=hostile_text)
def test_comment_form_answers_any_input_in_any_field(client, site, field, value):
    consultation = ConsultationFactory()
    data = {**COMMENT, "submission_key": str(uuid.uuid4()), field: value}
    response = client.post(consultation.get_absolute_url(), data)
    assert_answered(response, stored=consultation.comments.exists())


@HYPOTHESIS
@given(field=st.sampled_from([*MESSAGE, "submission_key"]), value=hostile_text)
def test_mailbox_form_answers_any_input_in_any_field(client, site, field, value):
    before = Message.objects.count()
    data = {**MESSAGE, "submission_key": str(uuid.uuid4()), field: value}
    response = client.post("/hdjl/zx/ask/", data)
    assert_answered(response, stored=Message.objects.count() == before + 1)


@HYPOTHESIS
@given(number=hostile_text, code=hostile_text)
def test_mailbox_lookup_answers_any_number_and_code(client, site, number, code):
    response = client.post("/hdjl/zx/lookup/", {"tracking_number": number, "query_code": code})
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert ERROR_MARK in response.content.decode()


# --- Query parameters: search, column filters, catalogue, Q&A, API -----------------------------

QUERY_TARGETS = [
    ("/search/", ["q", "page", "column", "org", "year", "sort", "scope", "type"]),
    (
        "/xxgk/column/{slug}/",
        ["q", "year", "org", "topic", "genre", "validity", "after", "before", "page"],
    ),
    ("/xxgk/catalogue/", ["q", "year", "org", "topic", "genre", "validity", "page"]),
    ("/xxgk/column/{slug}/export.csv", ["q", "year", "org", "topic"]),
    ("/hdjl/zx/", ["q", "box", "topic", "year", "after", "before", "page"]),
    ("/hdjl/yjzj/", ["status", "after", "before", "page"]),
    ("/hdjl/zx/stats/", ["year"]),
    (
        "/api/v1/documents",
        [
            "q",
            "column",
            "organisation",
            "year",
            "topic",
            "genre",
            "validity",
            "limit",
            "cursor",
            "format",
        ],
    ),
    ("/api/v1/interpretations", ["year", "document", "limit", "cursor", "format"]),
    ("/api/v1/proposal-replies", ["year", "limit", "cursor", "format"]),
    ("/api/v1/annual-reports", ["organisation", "limit", "cursor", "format"]),
]
QUERY_CASES = [(url, name) for url, names in QUERY_TARGETS for name in names]


@pytest.fixture
def published(site):
    column = ColumnFactory(slug="zcwj")
    PublishedDocumentFactory(column=column, title="关于文化惠民的通知")
    return column


@HYPOTHESIS
@given(case=st.sampled_from(QUERY_CASES), value=hostile_text)
def test_query_parameters_never_cause_a_server_error(client, published, case, value):
    url, name = case
    response = client.get(url.format(slug=published.slug), {name: value})
    assert response.status_code < 500
    if response.status_code == 200 and not url.startswith("/api/") and "csv" not in url:
        page = response.content.decode()
        for raw in MARKUP_PAYLOADS:
            if raw in value:
                assert raw not in page, f"{url}?{name}= reflected unescaped"


@pytest.mark.parametrize("value", ["\x00", "文化\x00惠民", "%00"])
@pytest.mark.parametrize(
    "url", ["/search/", "/xxgk/column/zcwj/", "/xxgk/catalogue/", "/hdjl/zx/", "/api/v1/documents"]
)
def test_nul_bytes_in_search_and_filters_are_answered(client, published, url, value):
    """PostgreSQL refuses NUL in text; a NUL in ?q= must not reach it as a 500."""
    response = client.get(url, {"q": value})
    assert response.status_code in (200, 400)


# --- Stored markup comes back escaped ----------------------------------------------------------


def _superuser_client(client):
    user = get_user_model().objects.create_superuser("root-hostile", "root@example.com", "x")
    client.force_login(user)
    return client


def _assert_escaped(page: str, payload: str) -> None:
    assert payload not in page, "stored markup rendered unescaped"
    assert html.escape(payload, quote=False) in page or html.escape(payload) in page


@pytest.mark.parametrize("payload", MARKUP_PAYLOADS)
def test_application_text_with_markup_is_escaped_in_staff_admin(client, site, payload):
    response = client.post(
        "/ysqgk/apply/",
        natural(
            name=f"张三{payload}"[:100],
            subject=f"信息{payload}",
            description=payload,
            purpose=payload,
        ),
    )
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.description == payload  # stored as typed, never "cleaned" silently
    admin = _superuser_client(client)
    page = admin.get(f"/admin/requests_app/application/{application.pk}/change/")
    assert page.status_code == 200
    _assert_escaped(page.content.decode(), payload)
    listing = admin.get("/admin/requests_app/application/").content.decode()
    assert payload not in listing


@pytest.mark.parametrize("payload", MARKUP_PAYLOADS)
def test_message_with_markup_is_escaped_in_staff_admin_and_receipt(client, site, payload):
    response = client.post(
        "/hdjl/zx/ask/",
        {
            **MESSAGE,
            "subject": f"咨询{payload}",
            "content": f"内容{payload}",
            "submission_key": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 302
    message = Message.objects.get()
    assert payload not in client.get(response["Location"]).content.decode()
    admin = _superuser_client(client)
    page = admin.get(f"/admin/interaction/message/{message.pk}/change/")
    assert page.status_code == 200
    _assert_escaped(page.content.decode(), payload)
    assert payload not in admin.get("/admin/interaction/message/").content.decode()


@pytest.mark.parametrize("payload", MARKUP_PAYLOADS)
def test_comment_with_markup_is_escaped_once_approved_and_in_admin(client, site, payload):
    consultation = ConsultationFactory()
    response = client.post(
        consultation.get_absolute_url(),
        {
            **COMMENT,
            "name": "李四",
            "content": f"建议{payload}",
            "submission_key": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    admin = _superuser_client(client)
    page = admin.get(f"/admin/interaction/comment/{comment.pk}/change/")
    assert page.status_code in (200, 302)
    if page.status_code == 200:
        _assert_escaped(page.content.decode(), payload)
    assert payload not in admin.get("/admin/interaction/comment/").content.decode()
    comment_moderate(
        comment=comment,
        actor=get_user_model().objects.get(username="root-hostile"),
        decision=Comment.Moderation.APPROVED,
        public_content=comment.content,
    )
    public = client.get(consultation.get_absolute_url()).content.decode()
    assert "建议" in public
    _assert_escaped(public, payload)


def test_script_typed_into_the_form_is_echoed_escaped_on_the_error_page(client, site):
    """A refused form keeps the input; the kept input must not become markup."""
    response = client.post("/ysqgk/apply/", natural(phone=SCRIPT, description=SCRIPT))
    page = response.content.decode()
    assert ERROR_MARK in page
    _assert_escaped(page, SCRIPT)
