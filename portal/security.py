"""Staff account security (工作人员账号安全): the 等保 password rule, the TOTP two-factor step
(双因素认证) of /admin/ and /staff/, and the admin site that carries it.

- `CharacterClassesValidator`: at least three of upper case, lower case, digits and symbols
  (等保 level 3; the deviation from OWASP ASVS is explained in docs/security.md).
- `PortalAdminSite` (installed through `PortalAdminConfig` in INSTALLED_APPS in place of
  "django.contrib.admin"): the admin plus two pages, 双因素验证 (/admin/2fa/) and 绑定验证器
  (/admin/2fa/enrol/); an admin page counts as permitted only once the session passed the
  second factor.
- `StaffTwoFactorMiddleware`: a logged-in staff user whose session has not passed the second
  factor is sent to the verification page (or to enrolment, if they have no device yet) from
  every /admin/ and /staff/ URL. Switched by `PORTAL_REQUIRE_STAFF_2FA`.

This module is imported while Django loads its apps (the AdminConfig lives here), so model
imports are done inside functions.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

STAFF_PATH_PREFIXES = ("/admin/", "/staff/")
TOTP_DEVICE_NAME = "身份验证器"


# --- Password rule (口令复杂度) ---------------------------------------------------------------

CHARACTER_CLASSES = (
    (gettext_lazy("大写字母"), str.isupper),
    (gettext_lazy("小写字母"), str.islower),
    (gettext_lazy("数字"), str.isdigit),
    (gettext_lazy("特殊符号"), lambda char: not char.isalnum() and not char.isspace()),
)


def character_classes(password: str) -> int:
    """How many of the four classes (upper, lower, digit, symbol) the password uses."""
    return sum(1 for _label, test in CHARACTER_CLASSES if any(test(char) for char in password))


class CharacterClassesValidator:
    """口令复杂度 per 等保 level 3: at least `min_length` characters using at least `min_classes`
    of upper-case letters, lower-case letters, digits and symbols."""

    def __init__(self, min_classes: int = 3, min_length: int = 8):
        self.min_classes = min_classes
        self.min_length = min_length

    def validate(self, password: str, user=None) -> None:
        if len(password) < self.min_length or character_classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_character_classes")

    def get_help_text(self) -> str:
        message = _(
            "密码至少 %(length)d 位，"
            "且须包含大写字母、小写字母、数字、特殊符号中的至少 %(classes)d 类。"
        )
        return message % {"length": self.min_length, "classes": self.min_classes}


# --- Idle timeout (会话超时) -------------------------------------------------------------------

SESSION_TOUCH_KEY = "_portal_last_touch"


class SessionIdleTimeoutMiddleware:
    """Renews a session on activity so that it ends SESSION_COOKIE_AGE (30 minutes) after the
    last request rather than after the login. The session is rewritten at most once every
    `PORTAL_SESSION_TOUCH_SECONDS` (60): one write a minute instead of one per request, so the
    timeout is 29–30 minutes. Requests without a session cookie (citizens) are left alone, so
    public pages neither read nor create a session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            now = int(timezone.now().timestamp())
            last = request.session.get(SESSION_TOUCH_KEY)
            interval = getattr(settings, "PORTAL_SESSION_TOUCH_SECONDS", 60)
            if not isinstance(last, int) or now - last >= interval:
                request.session[SESSION_TOUCH_KEY] = now  # modified: saved with a new expiry
        return self.get_response(request)


def _touch_on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_TOUCH_KEY] = int(timezone.now().timestamp())


user_logged_in.connect(_touch_on_login, dispatch_uid="portal_security_touch_on_login")


# --- Two-factor step (双因素认证) --------------------------------------------------------------


def staff_two_factor_required() -> bool:
    return bool(getattr(settings, "PORTAL_REQUIRE_STAFF_2FA", True))


def is_verified(user) -> bool:
    """Whether this session passed the second factor (set by django-otp's OTPMiddleware)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def needs_second_factor(user) -> bool:
    return bool(
        staff_two_factor_required()
        and user.is_authenticated
        and (user.is_staff or user.is_superuser)
        and not is_verified(user)
    )


def confirmed_devices(user) -> list:
    from django_otp import devices_for_user

    return list(devices_for_user(user, confirmed=True))


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    two_factor_pages = (reverse("admin:otp_verify"), reverse("admin:otp_enrol"))
    if (
        target
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        and not target.startswith(two_factor_pages)
    ):
        return target
    return reverse("admin:index")


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}"


class StaffTwoFactorMiddleware:
    """Sends staff sessions that have not passed the second factor to the 2FA step."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(STAFF_PATH_PREFIXES) and needs_second_factor(request.user):
            exempt = {
                reverse("admin:login"),
                reverse("admin:logout"),
                reverse("admin:otp_verify"),
                reverse("admin:otp_enrol"),
            }
            if request.path not in exempt:
                target = (
                    "admin:otp_verify" if confirmed_devices(request.user) else "admin:otp_enrol"
                )
                return HttpResponseRedirect(_with_next(reverse(target), request.get_full_path()))
        return self.get_response(request)


class TokenForm(forms.Form):
    otp_token = forms.CharField(
        label=gettext_lazy("验证码"),
        max_length=16,
        help_text=gettext_lazy("打开手机上的身份验证器，输入显示的 6 位数字（或一个备用验证码）。"),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_otp_token(self) -> str:
        token = "".join(self.cleaned_data["otp_token"].split())
        if not token.isalnum():
            raise ValidationError(_("验证码只包含数字或字母。"), code="format")
        return token


def _verify_device_token(user, token: str):
    """The confirmed device of `user` that accepts `token` (throttled by django-otp), or None."""
    from django_otp import devices_for_user

    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_token(token):
                return device
    return None


def _throttled(devices) -> bool:
    """Whether django-otp refuses to check codes for now (after wrong codes it waits 1, 2, 4 …
    seconds before the next attempt)."""
    return bool(devices) and all(
        not device.verify_is_allowed()[0]
        for device in devices
        if hasattr(device, "verify_is_allowed")
    )


THROTTLED_MESSAGE = gettext_lazy("验证码错误次数较多，请稍等几秒后再输入新的验证码。")


def otpauth_qr_data_uri(uri: str) -> str:
    """The otpauth:// URI as a QR code in a data: URI (an <img>, allowed by img-src data:)."""
    try:
        import qrcode
        import qrcode.image.svg
    except ImportError:  # qrcode is optional: the secret and the URI are shown anyway
        return ""
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def totp_secret_base32(device) -> str:
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


class PortalAdminSite(admin.AdminSite):
    """The admin with the staff two-factor step (see the module docstring)."""

    def has_permission(self, request: HttpRequest) -> bool:
        # Logging out must work before the second factor too (else the session lingers).
        if request.path == reverse("admin:logout", current_app=self.name):
            return super().has_permission(request)
        return super().has_permission(request) and not needs_second_factor(request.user)

    def get_urls(self):
        return [
            path("2fa/", self.otp_verify_view, name="otp_verify"),
            path("2fa/enrol/", self.otp_enrol_view, name="otp_enrol"),
            *super().get_urls(),
        ]

    def _otp_context(self, request: HttpRequest, **extra) -> dict:
        return {
            **self.each_context(request),
            "next": _safe_next(request),
            "site_header": self.site_header,
            **extra,
        }

    def _staff_or_login(self, request: HttpRequest) -> HttpResponse | None:
        if not (request.user.is_authenticated and request.user.is_active and request.user.is_staff):
            return redirect(_with_next(reverse("admin:login"), request.get_full_path()))
        return None

    def otp_verify_view(self, request: HttpRequest) -> HttpResponse:
        """双因素验证: the second step of a staff login."""
        from django_otp import login as otp_login

        from audit.services import AuditKind, audit_record

        if refusal := self._staff_or_login(request):
            return refusal
        if is_verified(request.user):
            return redirect(_safe_next(request))
        if not confirmed_devices(request.user):
            return redirect(_with_next(reverse("admin:otp_enrol"), _safe_next(request)))
        form = TokenForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            device = _verify_device_token(request.user, form.cleaned_data["otp_token"])
            if device is not None:
                otp_login(request, device)
                audit_record(kind=AuditKind.OTP_VERIFIED, request=request, obj=request.user)
                return redirect(_safe_next(request))
            audit_record(kind=AuditKind.OTP_FAILED, request=request, obj=request.user)
            if _throttled(confirmed_devices(request.user)):
                form.add_error("otp_token", THROTTLED_MESSAGE)
            else:
                form.add_error("otp_token", _("验证码不正确或已过期，请重新输入。"))
        context = self._otp_context(request, form=form, title=_("双因素验证"))
        return TemplateResponse(request, "otp/verify.html", context)

    def otp_enrol_view(self, request: HttpRequest) -> HttpResponse:
        """绑定身份验证器: a staff user without a device binds one by entering its first code."""
        from django_otp import login as otp_login
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from audit.services import AuditKind, audit_record

        if refusal := self._staff_or_login(request):
            return refusal
        if confirmed_devices(request.user):
            # A second device may only be added by someone who already passed the first.
            return redirect(_with_next(reverse("admin:otp_verify"), _safe_next(request)))
        device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(
                user=request.user, name=TOTP_DEVICE_NAME, confirmed=False
            )
        form = TokenForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            if not device.verify_is_allowed()[0]:
                form.add_error("otp_token", THROTTLED_MESSAGE)
            elif device.verify_token(form.cleaned_data["otp_token"]):
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                otp_login(request, device)
                audit_record(kind=AuditKind.OTP_ENROLLED, request=request, obj=request.user)
                return redirect(_safe_next(request))
            else:
                form.add_error("otp_token", _("验证码不正确，请确认手机时间准确后重新输入。"))
        context = self._otp_context(
            request,
            form=form,
            title=_("绑定身份验证器"),
            secret=totp_secret_base32(device),
            otpauth_uri=device.config_url,
            qr_data_uri=otpauth_qr_data_uri(device.config_url),
        )
        return TemplateResponse(request, "otp/enrol.html", context)


class PortalAdminConfig(AdminConfig):
    """ "django.contrib.admin" with `PortalAdminSite` as `admin.site`."""

    default_site = "portal.security.PortalAdminSite"


# --- Login lockout page (登录锁定) -------------------------------------------------------------


def lockout_response(
    request: HttpRequest, original_response=None, credentials=None
) -> HttpResponse:
    """The Chinese page django-axes shows to a locked-out login (AXES_LOCKOUT_CALLABLE)."""
    from axes.helpers import get_cool_off, get_failure_limit

    cool_off = get_cool_off(request)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "cooloff_minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
        "site_title": admin.site.site_title,
        "site_header": admin.site.site_header,
    }
    return TemplateResponse(
        request, "admin/account_locked.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    ).render()


# --- Demo enrolment (演示账号的身份验证器) -------------------------------------------------------


@dataclass(frozen=True)
class DemoEnrolment:
    secret: str
    otpauth_uri: str
    current_code: str
    backup_codes: list[str]


def demo_second_factor(username: str, *, backup_codes: int = 3) -> DemoEnrolment:
    """Replace the demo account's devices by a new confirmed TOTP device and a few one-time
    backup codes, for `manage.py demo` to print (never used for real accounts)."""
    from django.contrib.auth import get_user_model
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = get_user_model().objects.get_by_natural_key(username)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=True)
        static = StaticDevice.objects.create(user=user, name="备用验证码", confirmed=True)
        codes = [StaticToken.random_token() for _ in range(backup_codes)]
        StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return DemoEnrolment(
        secret=totp_secret_base32(device),
        otpauth_uri=device.config_url,
        current_code=f"{totp.token():0{device.digits}d}",
        backup_codes=codes,
    )
