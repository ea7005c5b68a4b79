"""Staff accounts: lockout after 5 failures per (user name, IP) for 30 minutes, reset on a
successful login; the 等保 password rule; sessions end after 30 idle minutes."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEvent, AuditKind
from tests.factories import SiteProfileFactory, UserFactory

from .conftest import PASSWORD, login_with_password

pytestmark = pytest.mark.usefixtures("lockout")


@pytest.fixture
def staff(db):
    SiteProfileFactory()
    return UserFactory(username="wang")


def fail(client, user, times, **extra):
    responses = [login_with_password(client, user, "wrong-password", **extra) for _ in range(times)]
    return responses[-1]


# --- Lockout ---------------------------------------------------------------------------------


def test_five_failures_lock_the_account_on_this_address_with_a_chinese_page(client, staff):
    response = fail(client, staff, 4)
    assert response.status_code == 200
    assert "正确的" in response.content.decode()  # Django: 请输入一个正确的用户名和密码
    response = fail(client, staff, 1)
    assert response.status_code == 429
    page = response.content.decode()
    assert "登录已暂时锁定" in page and "连续登录失败 5 次" in page and "30 分钟后再试" in page
    # Even the right password is refused while locked.
    response = login_with_password(client, staff)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_lockout_is_per_username_and_address(client, staff):
    fail(client, staff, 5)
    other = UserFactory(username="li")
    assert login_with_password(client, other).status_code == 302  # same IP, other account
    client.logout()
    # Same account from another address is not locked.
    response = login_with_password(client, staff, REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_lockout_ends_after_thirty_minutes(client, staff):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fail(client, staff, 5)
    with time_machine.travel(start + dt.timedelta(minutes=29), tick=False):
        assert login_with_password(client, staff).status_code == 429
    with time_machine.travel(start + dt.timedelta(minutes=61), tick=False):
        response = login_with_password(client, staff)
        assert response.status_code == 302 and response["Location"] == "/admin/"


def test_a_successful_login_resets_the_failure_count(client, staff):
    fail(client, staff, 4)
    assert login_with_password(client, staff).status_code == 302
    client.logout()
    fail(client, staff, 4)
    response = login_with_password(client, staff)
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_lockout_is_recorded_in_the_audit_log(client, staff):
    fail(client, staff, 5)
    failures = AuditEvent.objects.filter(kind=AuditKind.LOGIN_FAILED, actor_username="wang")
    assert failures.count() == 5
    assert {event.ip for event in failures} == {"127.0.0.1"}
    assert AuditEvent.objects.filter(kind=AuditKind.LOCKED_OUT, actor_username="wang").exists()
    assert not any("wrong-password" in str(event.detail) for event in AuditEvent.objects.all())


# --- Password rule (等保 level 3) --------------------------------------------------------------


@pytest.mark.parametrize(
    "password", ["Abcdef1!", "Wenhua2026", "wenhua#2026", "WENHUA-2026", "长城Ab1!xy"]
)
def test_passwords_of_three_classes_and_eight_characters_are_accepted(db, password):
    validate_password(password, UserFactory.build(username="zhang"))


@pytest.mark.parametrize(
    "password",
    ["abcdefgh", "abcdef12", "ABCDEFGH", "wenhuaju", "Wenhuaju", "Ab1!xyz", "12345678!"],
)
def test_passwords_of_fewer_classes_or_characters_are_refused(db, password):
    with pytest.raises(ValidationError) as error:
        validate_password(password, UserFactory.build(username="zhang"))
    messages = " ".join(error.value.messages)
    assert "密码至少 8 位" in messages or "太短" in messages or "常见" in messages


def test_the_admin_refuses_a_weak_new_password_with_a_chinese_message(client, staff):
    superuser = UserFactory(is_superuser=True)
    client.force_login(superuser)
    url = f"/admin/auth/user/{staff.pk}/password/"
    response = client.post(url, {"password1": "abcdef12", "password2": "abcdef12"})
    assert response.status_code == 200
    assert "须包含大写字母、小写字母、数字、特殊符号中的至少 3 类" in response.content.decode()
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)
    response = client.post(url, {"password1": "Wenhua#2026", "password2": "Wenhua#2026"})
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.check_password("Wenhua#2026")


# --- Idle sessions ---------------------------------------------------------------------------


def test_a_staff_session_ends_after_thirty_idle_minutes_and_each_request_renews_it(client, staff):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert login_with_password(client, staff).status_code == 302
        assert client.get("/admin/").status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=29), tick=False):
        assert client.get("/admin/").status_code == 200  # renews the session
    with time_machine.travel(start + dt.timedelta(minutes=58), tick=False):
        assert client.get("/admin/").status_code == 200  # 29 idle minutes again
    with time_machine.travel(start + dt.timedelta(minutes=89), tick=False):
        response = client.get("/admin/")  # 31 idle minutes
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_activity_renews_the_session_at_most_once_a_minute(
    client, staff, django_assert_num_queries
):
    """Renewal writes the session once a minute, not on every request (cheap staff pages)."""

    def stored_expiry():
        return Session.objects.get(session_key=client.session.session_key).expire_date

    start = timezone.now()
    with time_machine.travel(start, tick=False):
        login_with_password(client, staff)
        expiry = stored_expiry()
        assert expiry == start + dt.timedelta(minutes=30)
    with time_machine.travel(start + dt.timedelta(seconds=30), tick=False):
        client.get("/admin/")
        assert stored_expiry() == expiry  # not rewritten
    with time_machine.travel(start + dt.timedelta(minutes=2), tick=False):
        client.get("/admin/")
        assert stored_expiry() == expiry + dt.timedelta(minutes=2)


def test_citizens_get_no_session(client, staff):
    response = client.get("/")
    assert "sessionid" not in response.cookies
    assert "Cookie" not in response.get("Vary", "")
