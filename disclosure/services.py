"""Every write to documents goes through these functions: admin, commands and tests call them.

Workflow (发布流程): 草稿 → 待审核 → 已发布 → 已撤回. Only a user with the
`disclosure.publish_document` permission (审核员) may publish, and publishing records the
reviewer, the time, the 保密审查 confirmation and a fingerprint of the approved content.
"""

import hashlib
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from integrity.checks import find_forbidden_terms, find_personal_data, plain_text, sanitize_html
from integrity.selectors import active_forbidden_terms
from portal.models import Organisation

from .models import Attachment, Document, IndexNumberSequence
from .uploads import validate_attachment

PUBLISH_PERMISSION = "disclosure.publish_document"

CONTENT_FIELDS = ("title", "document_number", "summary", "keywords", "body")

# A publish_at this far in the past is refused as backdating (伪造发稿日期).
BACKDATING_TOLERANCE = timedelta(minutes=5)


def _set_reason(document: Document, reason: str, actor=None) -> None:
    """The reason and the user simple-history records with the next save (outside a request,
    e.g. in commands, the middleware cannot supply the user)."""
    document._change_reason = reason
    if actor is not None:
        document._history_user = actor


def can_publish(user) -> bool:
    return bool(user and user.is_active and user.has_perm(PUBLISH_PERMISSION))


# --- Checks ----------------------------------------------------------------------------------

def document_text_fields(document: Document, *, include_attachments: bool = True) -> dict[str, str]:
    """The texts of a document that integrity checks read, labelled for messages."""
    fields = {
        "标题": document.title,
        "文号": document.document_number,
        "内容概述": document.summary,
        "主题词": document.keywords,
        "正文": plain_text(document.body),
    }
    if include_attachments and document.pk:
        names = " ".join(a.name for a in document.attachments.all())
        fields["附件名称"] = names
    return fields


def check_forbidden_terms(document: Document) -> None:
    """Refuse content containing a forbidden term, naming the term and where it is."""
    hits = find_forbidden_terms(document_text_fields(document), active_forbidden_terms())
    if hits:
        listing = "；".join(f"{hit.field}中的“{hit.term}”" for hit in hits)
        raise ValidationError(
            "内容包含禁用词，不能保存或发布：%(listing)s。", code="forbidden_term",
            params={"listing": listing},
        )


def personal_data_findings(document: Document):
    """Suspected personal information in title and body (身份证号、手机号、银行卡号)."""
    return find_personal_data({"标题": document.title, "正文": plain_text(document.body)})


def unconfirmed_personal_data(document: Document, confirmed: Iterable[str] = ()):
    confirmed = set(confirmed) | set(document.confirmed_personal_data or [])
    return [f for f in personal_data_findings(document) if f.key not in confirmed]


def document_check(document: Document) -> None:
    """Every content check a save runs, without saving: sanitises the body in place, refuses
    forbidden terms, and (for published documents) unconfirmed personal data. Forms call this
    to show errors on the page before the service is called."""
    document.body = sanitize_html(document.body)
    check_forbidden_terms(document)
    if document.status == Document.Status.PUBLISHED:
        leftovers = unconfirmed_personal_data(document)
        if leftovers:
            raise ValidationError(personal_data_message(leftovers), code="personal_data")


def content_hash(document: Document) -> str:
    """SHA-256 over the approved content: text fields and each attachment's name and hash."""
    digest = hashlib.sha256()
    for field in CONTENT_FIELDS:
        digest.update(field.encode())
        digest.update(b"\x00")
        digest.update((getattr(document, field) or "").encode())
        digest.update(b"\x00")
    if document.pk:
        # .all() uses prefetched attachments when present (integrity_scan), else one query.
        for attachment in sorted(document.attachments.all(), key=lambda a: a.pk):
            digest.update(f"attachment\x00{attachment.name}\x00{attachment.sha256}\x00".encode())
    return digest.hexdigest()


# --- Index numbers (索引号) ------------------------------------------------------------------

def next_index_number(*, organisation: Organisation, year: int) -> str:
    """Issue the next 索引号 of `organisation` for `year`. Serials are never reused: the
    sequence row is locked for the rest of the caller's transaction."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                IndexNumberSequence.objects.get_or_create(organisation=organisation, year=year)
        except IntegrityError:
            pass  # another transaction created it first
        sequence = IndexNumberSequence.objects.select_for_update().get(
            organisation=organisation, year=year
        )
        sequence.last_serial += 1
        sequence.save(update_fields=["last_serial"])
    return organisation.index_number_template.format(
        code=organisation.code, year=year, serial=sequence.last_serial
    )


# --- Editing ---------------------------------------------------------------------------------

def _prepare_content(document: Document) -> None:
    document.body = sanitize_html(document.body)
    document.full_clean(exclude=["replaced_by"] if document.replaced_by_id is None else None)
    check_forbidden_terms(document)


def _ensure_can_edit(document: Document, actor) -> None:
    if document.status in (Document.Status.PUBLISHED,) and not can_publish(actor):
        raise PermissionDenied("已发布的信息只有审核员可以修改；如需修改请联系审核员。")


@transaction.atomic
def document_save(*, document: Document, actor) -> Document:
    """Create or update a document's content. Sanitises the body and refuses forbidden terms.

    Editing a published document is reserved to reviewers; it re-checks personal data and
    re-approves the content (new fingerprint), recorded in the history as a reviewed change.
    """
    creating = document.pk is None
    if not creating:
        _ensure_can_edit(document, actor)
    if creating:
        document.created_by = actor
    _prepare_content(document)
    if document.status == Document.Status.PUBLISHED:
        leftovers = unconfirmed_personal_data(document)
        if leftovers:
            raise ValidationError(personal_data_message(leftovers), code="personal_data")
        _set_reason(document, "审核员修改已发布信息", actor)
        document.save()
        document.approved_hash = content_hash(document)
        document.save(update_fields=["approved_hash"])
    else:
        _set_reason(document, "新建" if creating else "修改", actor)
        document.save()
    return document


@transaction.atomic
def attachment_add(
    *, document: Document, uploaded: UploadedFile, actor, name: str = "", order: int = 0
) -> Attachment:
    """Validate and store an attachment under a random name."""
    _ensure_can_edit(document, actor)
    extension = validate_attachment(uploaded)
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    original = (uploaded.name or "").rsplit("/", 1)[-1]
    attachment = Attachment(
        document=document,
        name=(name or original)[:200],
        extension=extension,
        size=uploaded.size,
        sha256=digest.hexdigest(),
        order=order,
    )
    attachment.file.save(original, uploaded, save=False)
    check_forbidden_terms_in_name(attachment.name)
    attachment.save()
    _reapprove_after_attachment_change(document, actor, "审核员添加附件")
    return attachment


def _reapprove_after_attachment_change(document: Document, actor, reason: str) -> None:
    if document.status == Document.Status.PUBLISHED:
        document.approved_hash = content_hash(document)
        _set_reason(document, reason, actor)
        document.save(update_fields=["approved_hash"])


@transaction.atomic
def attachment_update(*, attachment: Attachment, actor, name: str, order: int) -> Attachment:
    """Rename or reorder an attachment (the file itself is never replaced in place)."""
    document = attachment.document
    _ensure_can_edit(document, actor)
    check_forbidden_terms_in_name(name)
    attachment.name = name[:200]
    attachment.order = order
    attachment.save(update_fields=["name", "order"])
    _reapprove_after_attachment_change(document, actor, "审核员修改附件")
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: Attachment, actor) -> None:
    """Remove an attachment and its stored file (after the transaction commits)."""
    document = attachment.document
    _ensure_can_edit(document, actor)
    storage, path = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(path))
    _reapprove_after_attachment_change(document, actor, "审核员删除附件")


def check_forbidden_terms_in_name(name: str) -> None:
    hits = find_forbidden_terms({"附件名称": name}, active_forbidden_terms())
    if hits:
        raise ValidationError(
            "附件名称包含禁用词“%(term)s”。", code="forbidden_term", params={"term": hits[0].term}
        )


# --- Workflow --------------------------------------------------------------------------------

def personal_data_message(findings) -> str:
    listing = "；".join(f"{f.field}中的{f.kind_label} {f.masked}" for f in findings)
    return f"发现疑似个人信息，须删除或由审核员逐项确认可以公开后才能发布：{listing}。"


@transaction.atomic
def document_submit(*, document: Document, actor) -> Document:
    """草稿 → 待审核 (送审)."""
    if document.status != Document.Status.DRAFT:
        raise ValidationError("只有草稿可以送审。", code="status")
    check_forbidden_terms(document)
    document.status = Document.Status.PENDING
    document.submitted_by = actor
    document.submitted_at = timezone.now()
    _set_reason(document, "送审", actor)
    document.save()
    return document


@transaction.atomic
def document_reject(*, document: Document, actor, note: str) -> Document:
    """待审核 → 草稿 (退回修改), with the reviewer's reason."""
    if not can_publish(actor):
        raise PermissionDenied("只有审核员可以退回送审的信息。")
    if document.status != Document.Status.PENDING:
        raise ValidationError("只有待审核的信息可以退回。", code="status")
    if not note.strip():
        raise ValidationError("请填写退回理由。", code="note")
    document.status = Document.Status.DRAFT
    document.review_note = note.strip()
    document.reviewed_by = actor
    document.reviewed_at = timezone.now()
    _set_reason(document, f"退回：{note.strip()}", actor)
    document.save()
    return document


@transaction.atomic
def document_publish(
    *,
    document: Document,
    actor,
    confidentiality_checked: bool,
    confirmed_personal_data: Iterable[str] = (),
    publish_at: datetime | None = None,
    note: str = "",
    historical: bool = False,
) -> Document:
    """审核通过并发布: a reviewer approves a draft or pending document.

    Requires the 保密审查 confirmation, no forbidden term, and every suspected personal datum
    either removed or explicitly confirmed (by its key). `publish_at` in the future schedules
    the publication: the document becomes visible at that time without anyone online.

    A publication date in the past is refused (倒填发布日期 is 伪造发稿日期, a single-veto item of
    the inspection), except when republishing a withdrawn document (it keeps its original date)
    or with `historical=True`, for importing records that an earlier site already published.
    """
    if not can_publish(actor):
        raise PermissionDenied("您没有发布权限：信息须经审核员审核（含保密审查）后才能发布。")
    # Lock the row so that two reviewers cannot publish the same document twice.
    list(Document.objects.select_for_update().filter(pk=document.pk).values_list("pk"))
    document.refresh_from_db()
    if document.status not in (Document.Status.DRAFT, Document.Status.PENDING, Document.Status.WITHDRAWN):
        raise ValidationError("该信息已发布。", code="status")
    if not confidentiality_checked:
        raise ValidationError("发布前须完成保密审查并勾选确认。", code="confidentiality")
    now = timezone.now()
    effective = publish_at or document.published_at or now
    republishing = document.status == Document.Status.WITHDRAWN and publish_at is None
    if effective < now - BACKDATING_TOLERANCE and not (historical or republishing):
        raise ValidationError(
            "发布日期不能早于当前时间：倒填发布日期属于伪造发稿日期。如需补录以前已发布的信息，请由站点管理员导入。",
            code="publish_at",
        )
    check_forbidden_terms(document)
    confirmed = set(confirmed_personal_data)
    leftovers = unconfirmed_personal_data(document, confirmed)
    if leftovers:
        raise ValidationError(personal_data_message(leftovers), code="personal_data")
    if document.index_number is None:
        year = effective.astimezone(timezone.get_current_timezone()).year
        document.index_number = next_index_number(organisation=document.organisation, year=year)
    document.published_at = effective
    document.status = Document.Status.PUBLISHED
    document.reviewed_by = actor
    document.reviewed_at = now
    document.review_note = note
    document.confidentiality_checked = True
    document.confirmed_personal_data = sorted(
        {f.key for f in personal_data_findings(document)} & (confirmed | set(document.confirmed_personal_data))
    )
    document.approved_hash = content_hash(document)
    reason = "审核发布（定时）" if effective > now else ("导入历史信息" if historical else "审核发布")
    _set_reason(document, reason, actor)
    document.save()
    return document


@transaction.atomic
def document_withdraw(*, document: Document, actor, reason: str) -> Document:
    """已发布 → 已撤回. The 索引号 stays with the document and is never reused."""
    if not can_publish(actor):
        raise PermissionDenied("只有审核员可以撤回已发布的信息。")
    if document.status != Document.Status.PUBLISHED:
        raise ValidationError("只有已发布的信息可以撤回。", code="status")
    if not reason.strip():
        raise ValidationError("请填写撤回原因。", code="reason")
    document.status = Document.Status.WITHDRAWN
    document.review_note = reason.strip()
    _set_reason(document, f"撤回：{reason.strip()}", actor)
    document.save()
    return document


@transaction.atomic
def document_return_to_draft(*, document: Document, actor) -> Document:
    """已撤回 → 草稿, so that it can be corrected and submitted again."""
    if document.status != Document.Status.WITHDRAWN:
        raise ValidationError("只有已撤回的信息可以转为草稿。", code="status")
    document.status = Document.Status.DRAFT
    document.confidentiality_checked = False
    _set_reason(document, "转为草稿", actor)
    document.save()
    return document
