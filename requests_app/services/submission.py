"""Filing an application (提交/登记政府信息公开申请): the public form and staff registration.

`application_submit` is what the online form calls; `application_register` is what staff call for
paper, in-person, fax and email applications. Both create, in one transaction, the application,
its tracking number `YSQ-{year}-{pk:06d}`, the hashed query code (查询码), the applicant's proof
and the first public event, then — after commit — email the applicant the number and the code.

The receipt date rule of 第31条 decides the starting status:

* online, 平常信函, fax and email (`RECEIPT_NEEDS_CONFIRMATION`): 收到申请之日 is the day both sides
  confirm receipt, so the application waits as 待确认收到 and the clock does not run yet;
* in person, signed-for post and oral applications: 收到申请之日 is the day of handing in or signing
  for, so the clock starts at once (办理中, `due_on` computed).

Personal data never goes to the log: only tracking numbers do.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import Organisation, SiteProfile

from ..models import (
    RECEIPT_NEEDS_CONFIRMATION,
    Application,
    ApplicationEvent,
    ApplicationFile,
    Channel,
)
from ..uploads import digest, validate_proof
from ..validators import application_data_errors
from .clock import application_recompute_due

logger = logging.getLogger(__name__)

#: The `Application` fields a caller may set through ``data``.
APPLICANT_FIELDS = (
    "applicant_type",
    "name",
    "id_type",
    "id_number",
    "contact_person",
    "phone",
    "email",
    "address",
    "postcode",
    "subject",
    "document_number",
    "description",
    "purpose",
    "information_form",
    "delivery",
    "privacy_consent",
)


class DuplicateSubmission(Exception):
    """The same form was submitted again (double click, retried POST): ``application`` is the one
    the first submission created. Its query code cannot be shown again."""

    def __init__(self, application: Application) -> None:
        super().__init__(application.tracking_number)
        self.application = application


def receiving_organisation() -> Organisation | None:
    """The agency that receives applications made on this site (the site's host)."""
    profile = SiteProfile.current()
    return profile.host if profile else None


def tracking_number_for(application: Application) -> str:
    """YSQ-2026-000123: the year of submission and the primary key.

    The key comes from the database's sequence inside the INSERT, so parallel submissions can
    never get the same number (unlike max()+1); numbers are unique, not gap-free per year.
    """
    year = timezone.localtime(application.submitted_at).year
    return f"YSQ-{year}-{application.pk:06d}"


def application_submit(
    *,
    data: dict[str, Any],
    channel: Channel = Channel.ONLINE,
    proof=None,
    submission_key: uuid.UUID | None = None,
    submitted_at: dt.datetime | None = None,
    actor=None,
) -> tuple[Application, str]:
    """File an application (提交申请) and return it with its plain query code (shown once).

    ``data`` holds `Application` field values (`APPLICANT_FIELDS`, optionally ``organisation``;
    default: the site's host). ``proof`` is an uploaded identity proof (validated again here).
    Raises `ValidationError` (Chinese messages by field) for data breaking 第29条's rules, and
    `DuplicateSubmission` when ``submission_key`` was already used.
    """
    submitted_at = submitted_at or timezone.now()
    received_on = None
    if channel not in RECEIPT_NEEDS_CONFIRMATION:
        received_on = timezone.localdate(submitted_at)
    return _create(
        data=data,
        channel=channel,
        proof=proof,
        submission_key=submission_key,
        submitted_at=submitted_at,
        received_on=received_on,
        actor=actor,
        event_kind=ApplicationEvent.Kind.SUBMITTED,
    )


def application_register(
    *,
    data: dict[str, Any],
    channel: Channel,
    received_on: dt.date,
    actor,
    proof=None,
    submitted_at: dt.datetime | None = None,
) -> tuple[Application, str]:
    """Register an application received on paper, in person, by fax or email (登记申请).

    ``received_on`` is 收到申请之日 under 第31条: the day of handing in or signing for, or — for
    channels needing confirmation — the day receipt was confirmed with the applicant (the
    application is registered as already confirmed). The clock starts from it.
    """
    today = timezone.localdate()
    if received_on > today:
        raise ValidationError({"received_on": _("收到申请之日不能晚于今天。")})
    if submitted_at is None:
        submitted_at = timezone.now()
        if received_on < today:
            submitted_at = timezone.make_aware(dt.datetime.combine(received_on, dt.time(9, 0)))
    return _create(
        data=data,
        channel=channel,
        proof=proof,
        submission_key=None,
        submitted_at=submitted_at,
        received_on=received_on,
        actor=actor,
        event_kind=ApplicationEvent.Kind.REGISTERED,
    )


def _create(
    *,
    data: dict[str, Any],
    channel: Channel,
    proof,
    submission_key: uuid.UUID | None,
    submitted_at: dt.datetime,
    received_on: dt.date | None,
    actor,
    event_kind: ApplicationEvent.Kind,
) -> tuple[Application, str]:
    errors = application_data_errors(data)
    if errors:
        raise ValidationError(errors)
    proof_extension = validate_proof(proof) if proof is not None else None

    organisation = data.get("organisation") or receiving_organisation()
    if organisation is None:
        raise ValidationError(_("本站尚未设置受理机关，暂时无法受理申请，请通过其他渠道提交。"))
    application = Application(
        organisation=organisation,
        channel=channel,
        submitted_at=submitted_at,
        submission_key=submission_key,
        **{field: data[field] for field in APPLICANT_FIELDS if data.get(field) is not None},
    )
    if received_on is None:
        application.status = Application.Status.SUBMITTED
    else:
        application.status = Application.Status.PROCESSING
        application.received_on = received_on
        application.clock_start_on = received_on
    code = Application.new_query_code()
    application.set_query_code(code)
    application.full_clean(exclude=["tracking_number", "submission_key"], validate_unique=False)

    stored: list[ApplicationFile] = []
    try:
        with transaction.atomic():
            application.save(force_insert=True)
            application.tracking_number = tracking_number_for(application)
            application.save(update_fields=["tracking_number"])
            if received_on is not None:
                application_recompute_due(application)
            if proof is not None:
                stored.append(_attach_proof(application, proof, proof_extension))
            _record_filing(application, event_kind=event_kind, actor=actor)
    except IntegrityError:
        _discard(stored)
        existing = (
            Application.objects.filter(submission_key=submission_key).first()
            if submission_key
            else None
        )
        if existing is None:
            raise
        raise DuplicateSubmission(existing) from None
    except BaseException:
        _discard(stored)
        raise

    logger.info("Application %s filed via %s", application.tracking_number, channel)
    if application.email:
        transaction.on_commit(lambda: _email_applicant(application, code))
    return application, code


def _discard(files: list[ApplicationFile]) -> None:
    """Remove stored files whose rows were rolled back (no orphan proofs on disk)."""
    for record in files:
        record.file.storage.delete(record.file.name)


def _attach_proof(application: Application, proof, extension: str) -> ApplicationFile:
    size, sha256 = digest(proof)
    return ApplicationFile.objects.create(
        application=application,
        kind=ApplicationFile.Kind.IDENTITY_PROOF,
        name=f"{_('身份证明')}.{extension}",
        file=proof,
        extension=extension,
        size=size,
        sha256=sha256,
        visible_to_applicant=False,
    )


def _record_filing(application: Application, *, event_kind, actor) -> None:
    ApplicationEvent.objects.create(
        application=application,
        kind=event_kind,
        at=application.submitted_at,
        actor=actor,
        new_status=Application.Status.SUBMITTED
        if application.received_on is None
        else Application.Status.PROCESSING,
        note=_("通过%(channel)s提交申请。") % {"channel": application.get_channel_display()},
        is_public=True,
    )
    if application.received_on is not None and application.channel in RECEIPT_NEEDS_CONFIRMATION:
        # Staff registering a letter, fax or email have already confirmed receipt (第31条).
        ApplicationEvent.objects.create(
            application=application,
            kind=ApplicationEvent.Kind.RECEIPT_CONFIRMED,
            at=application.submitted_at,
            actor=actor,
            old_status=Application.Status.SUBMITTED,
            new_status=Application.Status.PROCESSING,
            note=_("%(date)s与申请人确认收到申请。")
            % {"date": _chinese_date(application.received_on)},
            is_public=True,
        )


def _chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def lookup_url() -> str:
    """The status lookup page, absolute when the site's domain is configured."""
    path = reverse("requests_app:lookup")
    profile = SiteProfile.current()
    if profile and profile.site_domain:
        domain = profile.site_domain.removeprefix("https://").removeprefix("http://").rstrip("/")
        return f"https://{domain}{path}"
    return path


def _email_applicant(application: Application, code: str) -> None:
    """The applicant's copy of the tracking number and query code (no other personal data)."""
    profile = SiteProfile.current()
    context = {
        "application": application,
        "query_code": code,
        "lookup_url": lookup_url(),
        "site_name": profile.site_name if profile else _("政务公开门户"),
        "organisation": application.organisation,
        "needs_confirmation": application.received_on is None,
    }
    subject = render_to_string("emails/requests_app/submitted_subject.txt", context).strip()
    body = render_to_string("emails/requests_app/submitted_body.txt", context)
    try:
        send_mail(subject, body, None, [application.email])
    except Exception:  # the application stands; staff can resend the number by other means
        logger.exception(
            "Could not email the receipt of application %s", application.tracking_number
        )
