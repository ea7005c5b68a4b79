"""TOTP two-factor authentication required for staff on /admin/ and /staff/ (with the setting on,
as in base and production settings)."""

import datetime as dt
import re
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent, AuditKind
from portal.security import demo_second_factor
from tests.factories import SiteProfileFactory, UserFactory

from .conftest import (
    current_code,
    force_verified_login,
    login_with_password,
    totp_device,
    wrong_code,
)

pytestmark = pytest.mark.usefixtures("two_factor")

VERIFY = "/admin/2fa/"
ENROL = "/admin/2fa/enrol/"


@pytest.fixture
def staff(db):
    SiteProfileFactory()
    return UserFactory(username="zhao", role="依申请公开办理员")


@pytest.fixture
def device(staff):
    return totp_device(staff)


def test_password_alone_does_not_open_the_admin_or_the_staff_pages(client, staff, device):
    response = login_with_password(client, staff)
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    for url in [
        "/admin/",
        "/admin/requests_app/application/",
        "/staff/ysqgk/",
        "/staff/ysqgk/export.csv",
        "/staff/site-check/",
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(VERIFY + "?next="), url
    page = client.get(VERIFY).content.decode()
    assert "双因素验证" in page and "验证码" in page


def test_a_valid_code_opens_the_admin_and_goes_on_to_the_page_asked_for(client, staff, device):
    login_with_password(client, staff)
    response = client.post(VERIFY, {"otp_token": current_code(device), "next": "/staff/ysqgk/"})
    assert response.status_code == 302 and response["Location"] == "/staff/ysqgk/"
    assert client.get("/staff/ysqgk/").status_code == 200
    assert client.get("/admin/").status_code == 200
    assert AuditEvent.objects.filter(kind=AuditKind.OTP_VERIFIED, actor=staff).exists()


@pytest.mark.parametrize("token", ["WRONG", "<script>", "1" * 16, ""])
def test_a_wrong_or_malformed_code_is_refused(client, staff, device, token):
    login_with_password(client, staff)
    token = wrong_code(device) if token == "WRONG" else token
    response = client.post(VERIFY, {"otp_token": token, "next": "/admin/"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "errornote" in page and "<script>" not in page
    assert client.get("/admin/").status_code == 302


def test_a_wrong_code_is_audited(client, staff, device):
    login_with_password(client, staff)
    client.post(VERIFY, {"otp_token": wrong_code(device)})
    event = AuditEvent.objects.get(kind=AuditKind.OTP_FAILED)
    assert event.actor == staff and event.ip == "127.0.0.1"


def test_next_cannot_send_the_user_to_another_site(client, staff, device):
    login_with_password(client, staff)
    response = client.post(
        VERIFY, {"otp_token": current_code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/admin/"


def test_enrolment_shows_a_qr_code_and_binds_the_device_with_its_first_code(client, staff):
    login_with_password(client, staff)
    response = client.get("/admin/")
    assert response["Location"].startswith(ENROL)
    page = client.get(response["Location"]).content.decode()
    assert "绑定身份验证器" in page
    assert re.search(r'<img src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+"', page)
    assert "otpauth://totp/" in page
    device = TOTPDevice.objects.get(user=staff)
    assert not device.confirmed
    secret = re.search(r'class="otp-secret">([A-Z2-7]+)<', page).group(1)
    assert f"secret={secret}" in page
    # Reloading the page keeps the same secret (the phone may already have scanned it).
    assert secret in client.get(ENROL).content.decode()

    response = client.post(ENROL, {"otp_token": wrong_code(device), "next": "/admin/"})
    assert response.status_code == 200 and "验证码不正确" in response.content.decode()
    assert client.get("/admin/").status_code == 302

    # Right after a wrong code django-otp makes the user wait a moment (throttling).
    response = client.post(ENROL, {"otp_token": current_code(device), "next": "/admin/"})
    assert "请稍等几秒" in response.content.decode()
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=3), tick=False):
        device.refresh_from_db()
        response = client.post(ENROL, {"otp_token": current_code(device), "next": "/admin/"})
        assert response.status_code == 302 and response["Location"] == "/admin/"
        assert client.get("/admin/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(kind=AuditKind.OTP_ENROLLED, actor=staff).exists()


def test_someone_with_only_the_password_cannot_bind_a_second_device(client, staff, device):
    login_with_password(client, staff)
    response = client.get(ENROL)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=staff).count() == 1


def test_the_second_factor_pages_need_a_password_login_first(client, staff):
    for url in (VERIFY, ENROL):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_citizens_pages_are_not_affected(client, staff):
    login_with_password(client, staff)
    assert client.get("/").status_code == 200
    assert client.get("/ysqgk/apply/").status_code == 200


def test_a_verified_session_is_kept_until_logout(client, staff, device):
    force_verified_login(client, staff, device)
    assert client.get("/admin/").status_code == 200
    client.post("/admin/logout/")
    login_with_password(client, staff)
    assert client.get("/admin/").status_code == 302


def test_the_demo_enrolment_lets_a_demo_account_in_with_a_printed_backup_code(client, db):
    SiteProfileFactory()
    user = UserFactory(username="admin", is_superuser=True)
    enrolment = demo_second_factor("admin")
    login_with_password(client, user)
    response = client.post(VERIFY, {"otp_token": enrolment.backup_codes[0], "next": "/admin/"})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    client.post("/admin/logout/")
    # A backup code works once only.
    login_with_password(client, user)
    response = client.post(VERIFY, {"otp_token": enrolment.backup_codes[0]})
    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=user)
    assert f"secret={enrolment.secret}" in enrolment.otpauth_uri
    assert enrolment.current_code == current_code(device)


def test_manage_py_demo_prints_a_working_second_factor(client, db):
    out = StringIO()
    call_command("demo", "--no-server", stdout=out)
    output = out.getvalue()
    password = re.search(r"用户名：admin\s+密码：(\S+)", output).group(1)
    backup = re.search(r"admin\s+备用验证码：(\S+)", output).group(1)
    assert "otpauth://totp/" in output
    assert (
        client.post("/admin/login/", {"username": "admin", "password": password}).status_code == 302
    )
    assert client.get("/admin/").status_code == 302
    client.post(VERIFY, {"otp_token": backup})
    assert client.get("/admin/").status_code == 200


def test_logging_out_works_before_the_second_factor(client, staff, device):
    login_with_password(client, staff)
    response = client.post("/admin/logout/")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
