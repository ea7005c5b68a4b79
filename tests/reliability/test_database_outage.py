"""The database goes away during a submission: the citizen sees “系统繁忙，请稍后重试” (503 with
Retry-After) with their input kept in a “重新提交” form, nothing half written is left, and the
retry files the submission exactly once when the database is back.

The first tests raise the driver's error at the service (any database); the PostgreSQL tests
kill the request's own backend with ``pg_terminate_backend`` from a second connection while its
transaction is open, which is what a database restart or failover does to a request.
"""

from __future__ import annotations

import uuid

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import InterfaceError, OperationalError, close_old_connections, connection
from django.test import Client

from interaction.models import Message
from requests_app.models import (
    ApplicantType,
    Application,
    ApplicationEvent,
    ApplicationFile,
    IdType,
)
from requests_app.services import submission as submission_service
from tests.factories import SiteProfileFactory

from .helpers import as_post_data, on_postgresql, retry_form

APPLY = "/ysqgk/apply/"
ASK = "/hdjl/zx/ask/"
BUSY = "系统繁忙，请稍后重试"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def application_form(**changes) -> dict:
    """A valid 依申请公开 form: passport holder, so an identity proof must be uploaded."""
    data = {
        "applicant_type": ApplicantType.NATURAL_PERSON.value,
        "name": "李四",
        "id_type": IdType.PASSPORT.value,
        "id_number": "E12345678",
        "phone": "13912345678",
        "email": "lisi@example.com",
        "subject": "2025年度非遗保护专项资金分配情况",
        "description": "请公开2025年度非物质文化遗产保护专项资金的分配明细。",
        "information_form": Application.InformationForm.ELECTRONIC.value,
        "delivery": Application.Delivery.EMAIL.value,
        "privacy_consent": "on",
        "submission_key": str(uuid.uuid4()),
        "homepage": "",
    }
    data.update(changes)
    return data


def proof() -> SimpleUploadedFile:
    return SimpleUploadedFile("护照.pdf", PDF, content_type="application/pdf")


def message_form(**changes) -> dict:
    data = {
        "box": "zx",
        "topic": "performance",
        "subject": "演出审批材料",
        "content": "请问营业性演出审批需要哪些材料？",
        "name": "张三",
        "phone": "13912345678",
        "email": "zhang@example.com",
        "consents_to_publication": "1",
        "privacy_consent": "on",
        "submission_key": str(uuid.uuid4()),
        "homepage": "",
    }
    data.update(changes)
    return data


def stored_files(media_root) -> list:
    return [path for path in media_root.rglob("*") if path.is_file()] if media_root.exists() else []


def assert_busy_page(response, *, retry_after: int = 30) -> str:
    assert response.status_code == 503
    assert response["Retry-After"] == str(retry_after)
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert BUSY in html
    assert html.count("<h1") == 1
    return html


# --- Any database: the service raises the driver's error ------------------------------------


@pytest.fixture
def site(db):
    return SiteProfileFactory()


def test_application_interrupted_keeps_the_input_and_stores_nothing(
    site, client, monkeypatch, settings
):
    settings.PORTAL_RETRY_AFTER_SECONDS = 20

    def database_gone(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("requests_app.views.application_submit", database_gone)
    data = application_form(name="王<b>五</b>", homepage="")
    response = client.post(APPLY, {**data, "proof": proof()})

    html = assert_busy_page(response, retry_after=20)
    assert "本次提交没有生效" in html
    assert "您填写的内容已保留在本页" in html
    assert "约20秒后" in html
    form = retry_form(html)
    assert form["action"] == APPLY
    posted = dict(form["fields"])
    # Everything typed comes back, escaped, with the idempotency key; the honeypot does not.
    assert posted["subject"] == data["subject"]
    assert posted["submission_key"] == data["submission_key"]
    assert posted["name"] == "王<b>五</b>"
    assert "王<b>五</b>" not in html  # escaped, never markup
    assert "homepage" not in posted
    # The upload cannot be carried over: the page asks for it again, naming the file.
    assert form["files"] == ["proof"]
    assert "请重新选择上传的文件（原文件：护照.pdf）" in html
    assert "重新提交" in html
    assert not Application.objects.exists()


def test_message_interrupted_then_retried_from_the_page_is_filed_once(site, monkeypatch):
    client = Client(enforce_csrf_checks=True)
    page = client.get(ASK)
    token = page.cookies["csrftoken"].value
    data = message_form(csrfmiddlewaretoken=token)

    def connection_lost(**kwargs):
        raise InterfaceError("connection already closed")

    with monkeypatch.context() as patch:
        patch.setattr("interaction.views.message_submit", connection_lost)
        response = client.post(ASK, data)
    html = assert_busy_page(response)
    form = retry_form(html)
    assert form["files"] == []

    # The citizen presses “重新提交” once the database is back: the same fields, same key.
    retried = client.post(form["action"], as_post_data(form["fields"]))
    assert retried.status_code == 302 and retried["Location"] == "/hdjl/zx/receipt/"
    again = client.post(form["action"], as_post_data(form["fields"]))
    assert again.status_code == 302
    message = Message.objects.get()
    assert message.submission_key == uuid.UUID(data["submission_key"])
    assert message.content == data["content"]
    receipt = client.get("/hdjl/zx/receipt/").content.decode()
    assert message.tracking_number in receipt


def test_page_read_during_an_outage_asks_to_refresh(site, client, monkeypatch):
    def database_gone(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr("requests_app.views.ApplicationForm", database_gone)
    html = assert_busy_page(client.get(APPLY))
    assert "秒后刷新本页" in html
    assert "重新提交" not in html


def test_api_answers_json_503(site, client, monkeypatch):
    def database_gone(*args, **kwargs):
        raise OperationalError("the database system is shutting down")

    monkeypatch.setattr("requests_app.views.DeadlineQueryForm", database_gone)
    response = client.get("/api/v1/deadline", {"start": "2026-03-02"})
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json() == {"error": "系统繁忙，请稍后重试。"}


def test_other_errors_are_still_500(site, monkeypatch):
    def bug(**kwargs):
        raise ValueError("a programming error is not an outage")

    monkeypatch.setattr("interaction.views.message_submit", bug)
    client = Client(raise_request_exception=False)
    response = client.post(ASK, message_form())
    assert response.status_code == 500
    assert BUSY not in response.content.decode()


class FailingResponseMiddleware:
    """Fails after the view, as a session save would when the database drops at that moment."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path == ASK:
            raise OperationalError("terminating connection due to administrator command")
        return response


def test_outage_outside_the_view_also_gets_the_busy_page(site, settings):
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        "tests.reliability.test_database_outage.FailingResponseMiddleware",
    ]
    client = Client(raise_request_exception=False)
    html = assert_busy_page(client.post(ASK, message_form(subject="夜间演出许可")))
    assert dict(retry_form(html)["fields"])["subject"] == "夜间演出许可"
    # Pages other than the failing one are untouched.
    assert client.get("/hdjl/zx/").status_code == 200


# --- PostgreSQL: the request's backend is terminated mid-transaction -------------------------


def terminate(pid: int) -> None:
    """pg_terminate_backend(pid) from a second connection, as a restart or failover would."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as admin:
        assert admin.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone()[0]


@pytest.mark.postgres
@pytest.mark.skipif(not on_postgresql(), reason="needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_database_killed_mid_submission_then_retry_succeeds(monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    SiteProfileFactory()
    original = submission_service._record_filing
    killed: list[int] = []

    def record_filing_after_the_database_died(application, **kwargs):
        # The application row (and the uploaded proof) are written; the transaction is open.
        assert Application.objects.filter(pk=application.pk).exists()
        pid = connection.connection.info.backend_pid
        terminate(pid)
        killed.append(pid)
        return original(application, **kwargs)  # the next statement meets a dead connection

    monkeypatch.setattr(submission_service, "_record_filing", record_filing_after_the_database_died)
    client = Client(enforce_csrf_checks=True)
    token = client.get(APPLY).cookies["csrftoken"].value
    data = application_form(csrfmiddlewaretoken=token)
    response = client.post(APPLY, {**data, "proof": proof()})

    assert killed, "the hook did not run"
    html = assert_busy_page(response)
    form = retry_form(html)
    assert dict(form["fields"])["description"] == data["description"]

    # Nothing half written: no application, event or proof row, and no proof file on disk.
    # (The dead connection was dropped; Django opened a new one.)
    assert connection.cursor().connection.info.backend_pid != killed[0]
    assert Application.objects.count() == 0
    assert ApplicationEvent.objects.count() == 0
    assert ApplicationFile.objects.count() == 0
    assert stored_files(settings.MEDIA_ROOT) == []

    # The database is back: the citizen presses “重新提交” (same fields, the file chosen again).
    monkeypatch.setattr(submission_service, "_record_filing", original)
    retried = client.post(form["action"], {**as_post_data(form["fields"]), "proof": proof()})
    assert retried.status_code == 302 and retried["Location"] == "/ysqgk/receipt/"
    application = Application.objects.get()
    assert application.submission_key == uuid.UUID(data["submission_key"])
    assert application.subject == data["subject"]
    assert list(application.events.values_list("kind", flat=True)) == [
        ApplicationEvent.Kind.SUBMITTED
    ]
    assert application.files.count() == 1
    assert len(stored_files(settings.MEDIA_ROOT)) == 1
    receipt = client.get("/ysqgk/receipt/").content.decode()
    assert application.tracking_number in receipt


@pytest.mark.postgres
@pytest.mark.skipif(not on_postgresql(), reason="needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_connection_killed_between_requests_is_replaced_by_the_health_check():
    """PostgreSQL restarted while the worker's persistent connection was idle: the health check
    at the next request (CONN_HEALTH_CHECKS) reconnects, and the citizen notices nothing."""
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    SiteProfileFactory()
    client = Client()
    assert client.post(ASK, message_form()).status_code == 302
    terminate(connection.connection.info.backend_pid)
    close_old_connections()  # what the WSGI handler does when the next request starts

    data = message_form(subject="夜间演出许可")
    response = client.post(ASK, data)
    assert response.status_code == 302 and response["Location"] == "/hdjl/zx/receipt/"
    assert Message.objects.filter(submission_key=data["submission_key"]).count() == 1


def test_shared_cache_down_gets_the_busy_page_not_a_500(site, settings):
    """REDIS_URL points at a Redis that is not there (restart, network): 503, not 500."""
    pytest.importorskip("redis")
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        },
    }
    client = Client(raise_request_exception=False)
    html = assert_busy_page(client.get("/"))
    assert "秒后刷新本页" in html
    response = client.post(ASK, message_form(subject="缓存故障"))
    assert dict(retry_form(assert_busy_page(response))["fields"])["subject"] == "缓存故障"
    assert not Message.objects.exists()
