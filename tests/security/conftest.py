"""Fixtures of the security tests: switch on the protections that portal/settings/test.py turns
off for the rest of the suite (two-factor for staff, the login lockout)."""

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory
from tests.requests_app.conftest import calendar_db  # noqa: F401  (fixture for test_audit)
from tests.test_site import site_content  # noqa: F401  (fixture)

PASSWORD = "secret-pass-123"


@pytest.fixture
def two_factor(settings):
    settings.PORTAL_REQUIRE_STAFF_2FA = True


@pytest.fixture
def lockout(settings):
    settings.AXES_ENABLED = True


@pytest.fixture
def superuser(db):
    return UserFactory(username="chief", is_superuser=True)


def totp_device(user, *, confirmed=True) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=confirmed)


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    return f"{(int(current_code(device)) + 500_000) % 1_000_000:06d}"


def login_with_password(client, user, password=PASSWORD, **extra):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": user.username, "password": password, "next": "/admin/"},
        **extra,
    )


def force_verified_login(client, user, device: TOTPDevice) -> None:
    """A staff session that has passed the second factor (for tests of other things)."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
