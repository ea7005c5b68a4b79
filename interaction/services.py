"""Every write of 互动交流 (意见征集, 网上咨询 / 领导信箱): one function per state change.

Views, the admin, the demo seeding and tests all call these. Published content (意见征集,
意见采纳情况, 公开问答) is created and edited through `publishing.services`; the wrappers here name
those steps for this app and add what only it has (attachments, preparing a public answer).

Forbidden terms (禁用词) in citizens' submissions: the submission is *accepted and held* — a
comment stays 待审核 and cannot be approved while it contains one, a message is flagged for staff
(usually 不予受理 as 无效留言). Refusing outright would show spammers which words are filtered,
and every comment is moderated before it is public anyway.

Personal data goes to no log line: only tracking numbers and primary keys do.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from disclosure.uploads import display_name, validate_attachment
from integrity.checks import find_forbidden_terms, find_personal_data
from integrity.selectors import active_forbidden_terms
from portal.models import Organisation, SiteProfile
from publishing.services import (
    check_forbidden_terms,
    ensure_can_edit,
    publishable_reapprove,
    set_change_reason,
)
from requests_app.deadlines import DeadlineError
from requests_app.services.clock import working_days_after

from .models import (
    COMMENT_MAX_CHARS,
    MESSAGE_MAX_CHARS,
    Box,
    Comment,
    Consultation,
    ConsultationAttachment,
    Message,
    Phase,
    PublishedAnswer,
)
from .permissions import can_handle_messages, can_moderate_comments
from .validators import clean_text, normalise_contact, too_long_message

logger = logging.getLogger(__name__)

DEFAULT_REPLY_WORKING_DAYS = 5
#: Tracking-number prefix per mailbox: ZX-2026-000123 (网上咨询), LD-2026-000124 (领导信箱).
TRACKING_PREFIXES = {Box.CONSULTATION: "ZX", Box.LEADER: "LD"}


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


class DuplicateSubmission(Exception):
    """The same form was submitted again; ``obj`` is what the first submission created."""

    def __init__(self, obj: Comment | Message) -> None:
        super().__init__(obj.pk)
        self.obj = obj


def _forbidden_terms_in(**fields: str) -> str:
    hits = find_forbidden_terms(fields, active_forbidden_terms())
    return "、".join(dict.fromkeys(hit.term for hit in hits))[:200]


# --- 意见征集: attachments ---------------------------------------------------------------------


def _digest(uploaded: UploadedFile) -> str:
    sha = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        sha.update(chunk)
    uploaded.seek(0)
    return sha.hexdigest()


@transaction.atomic
def consultation_attachment_add(
    *, consultation: Consultation, uploaded: UploadedFile, actor, name: str = "", order: int = 0
) -> ConsultationAttachment:
    """Validate an upload like a document's attachment and store it under a random name."""
    ensure_can_edit(consultation, actor)
    extension = validate_attachment(uploaded)
    original = display_name(uploaded.name)
    attachment = ConsultationAttachment(
        consultation=consultation,
        name=display_name(name or original),
        extension=extension,
        size=uploaded.size,
        sha256=_digest(uploaded),
        order=order,
    )
    hits = find_forbidden_terms({"附件名称": attachment.name}, active_forbidden_terms())
    if hits:
        raise ValidationError(
            f"附件名称包含禁用词“{hits[0].term}”，不能上传。", code="forbidden_term"
        )
    attachment.file.save(original, uploaded, save=False)
    attachment.save()
    publishable_reapprove(obj=consultation, actor=actor, reason="审核员添加附件")
    return attachment


@transaction.atomic
def consultation_attachment_delete(*, attachment: ConsultationAttachment, actor) -> None:
    consultation = attachment.consultation
    ensure_can_edit(consultation, actor)
    stored = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    publishable_reapprove(obj=consultation, actor=actor, reason="审核员删除附件")
    transaction.on_commit(lambda: storage.delete(stored))


# --- 意见征集: comments ------------------------------------------------------------------------


def comment_window_refusal(consultation: Consultation, at: dt.datetime | None = None) -> str:
    """Why a comment cannot be accepted now (empty when it can)."""
    at = at or timezone.now()
    if not consultation.is_public:
        return "该意见征集不存在或尚未发布。"
    phase = consultation.phase_at(at)
    if phase == Phase.CLOSED:
        ended = timezone.localdate(consultation.closes_at)
        return f"本次意见征集已于{chinese_date(ended)}结束，不再接受意见。"
    if phase == Phase.UPCOMING:
        opens = timezone.localdate(consultation.opens_at)
        return f"本次意见征集将于{chinese_date(opens)}开始，届时欢迎提出意见，现在暂不接受意见。"
    return ""


def comment_data_errors(data: dict[str, Any]) -> dict[str, str]:
    """Field errors of a comment (shared by the form and `comment_submit`)."""
    errors: dict[str, str] = {}
    content = clean_text(data.get("content", ""))
    if not content:
        errors["content"] = "请填写意见内容。"
    elif len(content) > COMMENT_MAX_CHARS:
        errors["content"] = too_long_message("意见内容", COMMENT_MAX_CHARS, len(content))
    if not (data.get("contact") or "").strip():
        errors["contact"] = (
            "请填写联系方式（电话或电子邮箱），以便工作人员与您联系；联系方式不公开。"
        )
    elif normalise_contact(data["contact"]) is None:
        errors["contact"] = (
            "联系方式格式不正确：请填写11位手机号、带区号的固定电话（如 024-12345678）或电子邮箱。"
        )
    if len((data.get("name") or "").strip()) > 50:
        errors["name"] = "姓名最多50个字。"
    return errors


def comment_submit(
    *,
    consultation: Consultation,
    data: dict[str, Any],
    submission_key: uuid.UUID | None = None,
    at: dt.datetime | None = None,
) -> Comment:
    """提交意见 while the consultation is open. Raises `ValidationError` (Chinese; code
    ``closed`` when outside the window — nothing is stored) and `DuplicateSubmission`."""
    at = at or timezone.now()
    refusal = comment_window_refusal(consultation, at)
    if refusal:
        raise ValidationError(refusal, code="closed")
    errors = comment_data_errors(data)
    if errors:
        raise ValidationError(errors)
    content = clean_text(data["content"])
    comment = Comment(
        consultation=consultation,
        name=(data.get("name") or "").strip(),
        contact=normalise_contact(data["contact"]),
        content=content,
        submitted_at=at,
        submission_key=submission_key,
        flagged_terms=_forbidden_terms_in(意见内容=content, 姓名=data.get("name") or ""),
    )
    try:
        with transaction.atomic():
            set_change_reason(comment, "提交意见")
            comment.save(force_insert=True)
    except IntegrityError:
        existing = (
            Comment.objects.filter(submission_key=submission_key).first()
            if submission_key
            else None
        )
        if existing is None:
            raise
        raise DuplicateSubmission(existing) from None
    logger.info("Comment %s received on consultation %s", comment.pk, consultation.pk)
    return comment


@transaction.atomic
def comment_moderate(
    *,
    comment: Comment,
    actor,
    decision: Comment.Moderation,
    reason: str = "",
    public_content: str | None = None,
    reply: str = "",
) -> Comment:
    """审核意见: 已公开 (with the text to publish, redacted if needed, and an optional reply)
    or 不予公开 (with a reason). The published text may contain no forbidden term and no
    personal data (身份证号、手机号、银行卡号)."""
    if not can_moderate_comments(actor):
        raise PermissionDenied("只有有审核权限的工作人员可以审核意见。")
    reply = clean_text(reply)
    if decision == Comment.Moderation.APPROVED:
        text = clean_text(public_content if public_content is not None else comment.content)
        if not text:
            raise ValidationError({"public_content": "公开内容不能为空。"})
        fields = {"公开内容": text, "回复": reply, "姓名": comment.name}
        hits = find_forbidden_terms(fields, active_forbidden_terms())
        if hits:
            listing = "、".join(dict.fromkeys(hit.term for hit in hits))
            raise ValidationError(
                {"public_content": f"内容包含禁用词（{listing}），不能公开，请选择“不予公开”。"}
            )
        findings = find_personal_data(fields)
        if findings:
            listing = "；".join(f"{f.field}中的{f.kind_label} {f.masked}" for f in findings)
            raise ValidationError(
                {"public_content": f"发现疑似个人信息，请在公开内容中删除后再公开：{listing}。"}
            )
        comment.public_content = text
        comment.rejection_reason = ""
        change = "审核公开"
    elif decision == Comment.Moderation.REJECTED:
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError({"reason": "请填写不予公开的理由。"})
        comment.public_content = ""
        comment.rejection_reason = reason[:200]
        change = f"不予公开：{reason}"
    else:
        raise ValidationError("请选择“公开”或“不予公开”。", code="decision")
    comment.moderation = decision
    comment.reply = reply
    comment.moderated_by = actor
    comment.moderated_at = timezone.now()
    set_change_reason(comment, change, actor)
    comment.save()
    return comment


# --- 网上咨询 / 领导信箱 -----------------------------------------------------------------------


def reply_working_days() -> int:
    return int(getattr(settings, "INTERACTION_REPLY_WORKING_DAYS", DEFAULT_REPLY_WORKING_DAYS))


def reply_due_on(submitted_on: dt.date) -> dt.date:
    """答复期限: submitted date + N working days (setting INTERACTION_REPLY_WORKING_DAYS,
    default 5) on the site's calendar. Raises `DeadlineError` (Chinese message)."""
    return working_days_after(submitted_on, reply_working_days())


def message_recompute_due(message: Message) -> None:
    """Set ``due_on`` (or, when the calendar cannot say, ``due_error``) on the instance."""
    try:
        message.due_on = reply_due_on(timezone.localdate(message.submitted_at))
        message.due_error = ""
    except DeadlineError as error:
        message.due_on = None
        message.due_error = str(error)[:200]


def tracking_number_for(message: Message) -> str:
    """ZX-2026-000123: the box's prefix, the year of submission and the primary key (unique
    from the database sequence, never max()+1)."""
    prefix = TRACKING_PREFIXES.get(message.box, "ZX")
    year = timezone.localtime(message.submitted_at).year
    return f"{prefix}-{year}-{message.pk:06d}"


def message_data_errors(data: dict[str, Any]) -> dict[str, str]:
    """Field errors of a message (shared by the form and `message_submit`)."""
    errors: dict[str, str] = {}
    subject = clean_text(data.get("subject", ""))
    content = clean_text(data.get("content", ""))
    if not subject:
        errors["subject"] = "请填写留言标题。"
    elif len(subject) > 100:
        errors["subject"] = too_long_message("留言标题", 100, len(subject))
    if not content:
        errors["content"] = "请填写留言内容。"
    elif len(content) > MESSAGE_MAX_CHARS:
        errors["content"] = too_long_message("留言内容", MESSAGE_MAX_CHARS, len(content))
    if not (data.get("name") or "").strip():
        errors["name"] = "请填写姓名。"
    if not (data.get("phone") or data.get("email")):
        errors["phone"] = (
            "请至少填写联系电话或电子邮箱中的一项，以便工作人员与您联系；联系方式不公开。"
        )
    if not data.get("privacy_consent"):
        errors["privacy_consent"] = "请阅读隐私声明并勾选同意，否则无法提交留言。"
    return errors


MESSAGE_FIELDS = (
    "box",
    "topic",
    "subject",
    "content",
    "name",
    "phone",
    "email",
    "consents_to_publication",
)


def message_submit(
    *,
    data: dict[str, Any],
    submission_key: uuid.UUID | None = None,
    submitted_at: dt.datetime | None = None,
) -> tuple[Message, str]:
    """提交留言: store the message with its tracking number, hashed query code and reply due
    date; after commit, email the number and code when an email address was given. Returns
    the message and its plain query code (shown once). Raises `ValidationError` by field and
    `DuplicateSubmission`."""
    errors = message_data_errors(data)
    if errors:
        raise ValidationError(errors)
    values = {field: data[field] for field in MESSAGE_FIELDS if data.get(field) is not None}
    values["subject"] = clean_text(values["subject"])
    values["content"] = clean_text(values["content"])
    values["name"] = values["name"].strip()
    message = Message(
        submitted_at=submitted_at or timezone.now(), submission_key=submission_key, **values
    )
    message.flagged_terms = _forbidden_terms_in(标题=message.subject, 内容=message.content)
    code = Message.new_query_code()
    message.set_query_code(code)
    message_recompute_due(message)
    message.full_clean(exclude=["tracking_number", "submission_key"], validate_unique=False)
    try:
        with transaction.atomic():
            set_change_reason(message, "提交留言")
            message.save(force_insert=True)
            message.tracking_number = tracking_number_for(message)
            message.save(update_fields=["tracking_number"])
    except IntegrityError:
        existing = (
            Message.objects.filter(submission_key=submission_key).first()
            if submission_key
            else None
        )
        if existing is None:
            raise
        raise DuplicateSubmission(existing) from None
    logger.info("Message %s received", message.tracking_number)
    if message.email:
        transaction.on_commit(lambda: _email_citizen(message, "submitted", query_code=code))
    return message, code


def _require_handler(actor) -> None:
    if not can_handle_messages(actor):
        raise PermissionDenied("只有留言办理人员可以交办、答复或不予受理留言。")


def _lock(message: Message) -> Message:
    return Message.objects.select_for_update().get(pk=message.pk)


@transaction.atomic
def message_assign(
    *, message: Message, actor, unit: Organisation, handler=None, at: dt.datetime | None = None
) -> Message:
    """交办: assign to a unit (and a handler); 待处理 → 办理中. ``at`` is for imports."""
    _require_handler(actor)
    locked = _lock(message)
    if not locked.is_open:
        raise ValidationError("该留言已办结，不能再交办。", code="status")
    if unit is None:
        raise ValidationError({"assigned_unit": "请选择承办单位。"})
    locked.assigned_unit = unit
    locked.handler = handler
    locked.assigned_by = actor
    locked.assigned_at = at or timezone.now()
    locked.status = Message.Status.PROCESSING
    set_change_reason(locked, f"交办至{unit.name}", actor)
    locked.save()
    _refresh(message, locked)
    return message


@transaction.atomic
def message_answer(
    *, message: Message, actor, reply: str, at: dt.datetime | None = None
) -> Message:
    """答复: record the reply, who and when (``at``: for imports); → 已答复; notify the
    citizen by email."""
    _require_handler(actor)
    locked = _lock(message)
    if not locked.is_open:
        raise ValidationError("该留言已办结，不能重复答复。", code="status")
    reply = clean_text(reply)
    if not reply:
        raise ValidationError({"reply": "请填写答复内容。"})
    hits = find_forbidden_terms({"答复内容": reply}, active_forbidden_terms())
    if hits:
        raise ValidationError({"reply": f"答复内容包含禁用词“{hits[0].term}”，请修改。"})
    locked.reply = reply
    locked.replied_at = at or timezone.now()
    locked.replied_by = actor
    locked.status = Message.Status.ANSWERED
    set_change_reason(locked, "答复", actor)
    locked.save()
    _refresh(message, locked)
    if message.email:
        transaction.on_commit(lambda: _email_citizen(message, "answered"))
    return message


@transaction.atomic
def message_reject(
    *, message: Message, actor, reason: Message.RejectionReason, note: str = ""
) -> Message:
    """不予受理 (无效留言、重复留言 …), with the reason; the message leaves the 3-month rule."""
    _require_handler(actor)
    locked = _lock(message)
    if not locked.is_open:
        raise ValidationError("该留言已办结，不能再改为不予受理。", code="status")
    if reason not in Message.RejectionReason.values:
        raise ValidationError({"rejection_reason": "请选择不予受理的理由。"})
    locked.status = Message.Status.REJECTED
    locked.rejection_reason = reason
    locked.rejection_note = (note or "").strip()[:300]
    locked.replied_at = timezone.now()
    locked.replied_by = actor
    set_change_reason(locked, f"不予受理：{Message.RejectionReason(reason).label}", actor)
    locked.save()
    _refresh(message, locked)
    return message


def _refresh(message: Message, locked: Message) -> None:
    """Copy the saved row's values onto the caller's instance."""
    for field in Message._meta.concrete_fields:
        setattr(message, field.attname, getattr(locked, field.attname))


@transaction.atomic
def published_answer_prepare(*, message: Message, actor) -> PublishedAnswer:
    """Draft the public Q&A of an answered message whose author consented (公开). The draft
    holds no name and no contact; staff redact it further and send it through review."""
    _require_handler(actor)
    if hasattr(message, "published_answer"):
        return message.published_answer
    answer = PublishedAnswer(
        message=message,
        box=message.box,
        topic=message.topic,
        title=message.subject,
        question=message.content,
        answer=message.reply,
        answering_unit=message.assigned_unit.name if message.assigned_unit else "",
        asked_on=timezone.localdate(message.submitted_at),
        answered_on=timezone.localdate(message.replied_at)
        if message.replied_at
        else timezone.localdate(),
    )
    if refusal := answer.publication_refusal():
        raise ValidationError(refusal, code="consent")
    answer.created_by = actor
    answer.full_clean()
    check_forbidden_terms(answer)
    set_change_reason(answer, "由留言生成公开问答草稿", actor)
    answer.save()
    return answer


# --- Emails ------------------------------------------------------------------------------------


def _absolute(path: str) -> str:
    profile = SiteProfile.current()
    if profile and profile.site_domain:
        domain = profile.site_domain.removeprefix("https://").removeprefix("http://").rstrip("/")
        return f"https://{domain}{path}"
    return path


def _email_citizen(message: Message, kind: str, query_code: str | None = None) -> None:
    """The citizen's own number and code (submitted), or the notice that the reply is ready
    (answered). Nothing of other people and no staff contact details."""
    profile = SiteProfile.current()
    context = {
        "message": message,
        "query_code": query_code,
        "lookup_url": _absolute(reverse("interaction:lookup")),
        "site_name": profile.site_name if profile else "政务公开门户",
        "working_days": reply_working_days(),
    }
    subject = render_to_string(f"emails/interaction/message_{kind}_subject.txt", context).strip()
    body = render_to_string(f"emails/interaction/message_{kind}_body.txt", context)
    try:
        send_mail(subject, body, None, [message.email])
    except Exception:  # noqa: BLE001 — the message is stored; email is a courtesy copy
        logger.exception(
            "Email (%s) for message %s could not be sent", kind, message.tracking_number
        )
