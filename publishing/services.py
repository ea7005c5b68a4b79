"""The publishing workflow (发布流程) of every `Publishable` model: one function per transition.

草稿 → 待审核 (送审) → 已发布 (审核发布, possibly 定时发布) → 已撤回 (撤回) → 草稿 (转为草稿);
待审核 → 草稿 (退回修改). Only a user holding the model's `PUBLISH_PERMISSION` (审核员) may
publish, send back or withdraw; publishing records the reviewer, the time, the 保密审查
confirmation, the personal data confirmed for publication and a fingerprint of the approved
content (`approved_hash`), which `integrity_scan` compares against the stored content. Every
change of what the public sees also updates the search index (`search.indexing`) in the same
transaction.

Apps wrap these in their own `<entity>_<verb>` services (see `disclosure.services`).
"""

import hashlib
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from integrity.checks import (
    PersonalDataFinding,
    find_forbidden_terms,
    find_personal_data,
    sanitize_html,
)
from integrity.selectors import active_forbidden_terms
from search.indexing import search_entry_sync

from .models import PublicationStatus, Publishable
from .signals import publishable_published, publishable_withdrawn

# A publish_at this far in the past is refused as backdating (伪造发稿日期).
BACKDATING_TOLERANCE = timedelta(minutes=5)


def _noun(obj: Publishable | type[Publishable]) -> str:
    """The model's verbose name (信息, 政策解读 …) for messages."""
    return str(obj._meta.verbose_name)


def set_change_reason(obj: Publishable, reason: str, actor=None) -> None:
    """The reason and the user simple-history records with the next save (outside a request,
    e.g. in commands, the middleware cannot supply the user)."""
    obj._change_reason = reason
    if actor is not None:
        obj._history_user = actor


def can_publish(user, model_or_obj: Publishable | type[Publishable]) -> bool:
    """Whether `user` may review, publish and withdraw items of this model (审核员)."""
    return bool(user and user.is_active and user.has_perm(model_or_obj.PUBLISH_PERMISSION))


# --- Checks ----------------------------------------------------------------------------------

def check_forbidden_terms(obj: Publishable) -> None:
    """Refuse content containing a forbidden term, naming the term and where it is."""
    hits = find_forbidden_terms(obj.integrity_fields(), active_forbidden_terms())
    if hits:
        listing = "；".join(f"{hit.field}中的“{hit.term}”" for hit in hits)
        raise ValidationError(
            "内容包含禁用词，不能保存或发布：%(listing)s。", code="forbidden_term",
            params={"listing": listing},
        )


def personal_data_findings(obj: Publishable) -> list[PersonalDataFinding]:
    """Suspected personal information (身份证号、手机号、银行卡号) in the title and bodies."""
    return find_personal_data(obj.personal_data_fields())


def unconfirmed_personal_data(
    obj: Publishable, confirmed: Iterable[str] = ()
) -> list[PersonalDataFinding]:
    confirmed = set(confirmed) | set(obj.confirmed_personal_data or [])
    return [f for f in personal_data_findings(obj) if f.key not in confirmed]


def personal_data_message(findings: Iterable[PersonalDataFinding]) -> str:
    listing = "；".join(f"{f.field}中的{f.kind_label} {f.masked}" for f in findings)
    return f"发现疑似个人信息，须删除或由审核员逐项确认可以公开后才能发布：{listing}。"


def sanitize_html_fields(obj: Publishable) -> None:
    for name in obj.HTML_FIELDS:
        setattr(obj, name, sanitize_html(getattr(obj, name)))


def publishable_check(obj: Publishable) -> None:
    """Every content check a save runs, without saving: sanitises the HTML fields in place,
    refuses forbidden terms, and (for published items) unconfirmed personal data. Forms call
    this to show errors on the page before the service is called."""
    sanitize_html_fields(obj)
    check_forbidden_terms(obj)
    if obj.status == PublicationStatus.PUBLISHED:
        leftovers = unconfirmed_personal_data(obj)
        if leftovers:
            raise ValidationError(personal_data_message(leftovers), code="personal_data")


def content_hash(obj: Publishable) -> str:
    """SHA-256 over the approved content: CONTENT_FIELDS, then the model's `hash_extra()`."""
    digest = hashlib.sha256()
    for field in obj.CONTENT_FIELDS:
        digest.update(field.encode())
        digest.update(b"\x00")
        digest.update((getattr(obj, field) or "").encode())
        digest.update(b"\x00")
    for extra in obj.hash_extra():
        digest.update(extra.encode())
    return digest.hexdigest()


# --- Editing ---------------------------------------------------------------------------------

def ensure_can_edit(obj: Publishable, actor) -> None:
    """Published items are changed by reviewers only (also their files, e.g. attachments)."""
    if obj.status == PublicationStatus.PUBLISHED and not can_publish(actor, obj):
        raise PermissionDenied(
            f"已发布的{_noun(obj)}只有审核员可以修改；如需修改请联系审核员。"
        )


def _prepare_content(obj: Publishable) -> None:
    sanitize_html_fields(obj)
    obj.full_clean(exclude=obj.full_clean_exclude())
    check_forbidden_terms(obj)


@transaction.atomic
def publishable_save(*, obj: Publishable, actor) -> Publishable:
    """Create or update an item's content. Sanitises HTML and refuses forbidden terms.

    Editing a published item is reserved to reviewers; it re-checks personal data and
    re-approves the content (new fingerprint), recorded in the history as a reviewed change.
    """
    creating = obj.pk is None
    if not creating:
        ensure_can_edit(obj, actor)
    if creating:
        obj.created_by = actor
    _prepare_content(obj)
    if obj.status == PublicationStatus.PUBLISHED:
        leftovers = unconfirmed_personal_data(obj)
        if leftovers:
            raise ValidationError(personal_data_message(leftovers), code="personal_data")
        set_change_reason(obj, f"审核员修改已发布{_noun(obj)}", actor)
        obj.save()
        obj.approved_hash = content_hash(obj)
        obj.save(update_fields=["approved_hash"])
        search_entry_sync(obj=obj)
    else:
        set_change_reason(obj, "新建" if creating else "修改", actor)
        obj.save()
    return obj


def publishable_reapprove(*, obj: Publishable, actor, reason: str) -> None:
    """After a reviewer changed part of a published item's content held elsewhere (an
    attachment), record the new fingerprint. Call inside the caller's transaction."""
    if obj.status == PublicationStatus.PUBLISHED:
        obj.approved_hash = content_hash(obj)
        set_change_reason(obj, reason, actor)
        obj.save(update_fields=["approved_hash"])


# --- Workflow --------------------------------------------------------------------------------

@transaction.atomic
def publishable_submit(*, obj: Publishable, actor) -> Publishable:
    """草稿 → 待审核 (送审)."""
    if obj.status != PublicationStatus.DRAFT:
        raise ValidationError("只有草稿可以送审。", code="status")
    check_forbidden_terms(obj)
    obj.status = PublicationStatus.PENDING
    obj.submitted_by = actor
    obj.submitted_at = timezone.now()
    set_change_reason(obj, "送审", actor)
    obj.save()
    return obj


@transaction.atomic
def publishable_reject(*, obj: Publishable, actor, note: str) -> Publishable:
    """待审核 → 草稿 (退回修改), with the reviewer's reason."""
    noun = _noun(obj)
    if not can_publish(actor, obj):
        raise PermissionDenied(f"只有审核员可以退回送审的{noun}。")
    if obj.status != PublicationStatus.PENDING:
        raise ValidationError(f"只有待审核的{noun}可以退回。", code="status")
    if not note.strip():
        raise ValidationError("请填写退回理由。", code="note")
    obj.status = PublicationStatus.DRAFT
    obj.review_note = note.strip()
    obj.reviewed_by = actor
    obj.reviewed_at = timezone.now()
    set_change_reason(obj, f"退回：{note.strip()}", actor)
    obj.save()
    return obj


@transaction.atomic
def publishable_publish(
    *,
    obj: Publishable,
    actor,
    confidentiality_checked: bool,
    confirmed_personal_data: Iterable[str] = (),
    publish_at: datetime | None = None,
    note: str = "",
    historical: bool = False,
) -> Publishable:
    """审核通过并发布: a reviewer approves a draft, pending or withdrawn item.

    Requires the 保密审查 confirmation, no forbidden term, and every suspected personal datum
    either removed or explicitly confirmed (by its key). `publish_at` in the future schedules
    the publication: the item becomes visible at that time without anyone online.

    A publication date in the past is refused (倒填发布日期 is 伪造发稿日期, a single-veto item of
    the inspection), except when republishing a withdrawn item (it keeps its original date)
    or with `historical=True`, for importing records that an earlier site already published.
    """
    noun = _noun(obj)
    if not can_publish(actor, obj):
        raise PermissionDenied(f"您没有发布权限：{noun}须经审核员审核（含保密审查）后才能发布。")
    # Lock the row so that two reviewers cannot publish the same item twice.
    list(type(obj)._default_manager.select_for_update().filter(pk=obj.pk).values_list("pk"))
    obj.refresh_from_db()
    publishable = (PublicationStatus.DRAFT, PublicationStatus.PENDING, PublicationStatus.WITHDRAWN)
    if obj.status not in publishable:
        raise ValidationError(f"该{noun}已发布。", code="status")
    if not confidentiality_checked:
        raise ValidationError("发布前须完成保密审查并勾选确认。", code="confidentiality")
    now = timezone.now()
    effective = publish_at or obj.published_at or now
    republishing = obj.status == PublicationStatus.WITHDRAWN and publish_at is None
    if effective < now - BACKDATING_TOLERANCE and not (historical or republishing):
        raise ValidationError(
            f"发布日期不能早于当前时间：倒填发布日期属于伪造发稿日期。如需补录以前已发布的{noun}，"
            "请由站点管理员导入。",
            code="publish_at",
        )
    check_forbidden_terms(obj)
    confirmed = set(confirmed_personal_data)
    leftovers = unconfirmed_personal_data(obj, confirmed)
    if leftovers:
        raise ValidationError(personal_data_message(leftovers), code="personal_data")
    obj.published_at = effective
    obj.on_publish()
    obj.status = PublicationStatus.PUBLISHED
    obj.reviewed_by = actor
    obj.reviewed_at = now
    obj.review_note = note
    obj.confidentiality_checked = True
    obj.confirmed_personal_data = sorted(
        {f.key for f in personal_data_findings(obj)}
        & (confirmed | set(obj.confirmed_personal_data))
    )
    obj.approved_hash = content_hash(obj)
    if effective > now:
        reason = "审核发布（定时）"
    else:
        reason = f"导入历史{noun}" if historical else "审核发布"
    set_change_reason(obj, reason, actor)
    obj.save()
    search_entry_sync(obj=obj)
    publishable_published.send(sender=type(obj), obj=obj, actor=actor)
    return obj


@transaction.atomic
def publishable_withdraw(*, obj: Publishable, actor, reason: str) -> Publishable:
    """已发布 → 已撤回: no longer public; numbers issued on publication stay with the item."""
    noun = _noun(obj)
    if not can_publish(actor, obj):
        raise PermissionDenied(f"只有审核员可以撤回已发布的{noun}。")
    if obj.status != PublicationStatus.PUBLISHED:
        raise ValidationError(f"只有已发布的{noun}可以撤回。", code="status")
    if not reason.strip():
        raise ValidationError("请填写撤回原因。", code="reason")
    obj.status = PublicationStatus.WITHDRAWN
    obj.review_note = reason.strip()
    set_change_reason(obj, f"撤回：{reason.strip()}", actor)
    obj.save()
    search_entry_sync(obj=obj)
    publishable_withdrawn.send(sender=type(obj), obj=obj, actor=actor, reason=reason.strip())
    return obj


@transaction.atomic
def publishable_return_to_draft(*, obj: Publishable, actor) -> Publishable:
    """已撤回 → 草稿, so that it can be corrected and submitted again."""
    if obj.status != PublicationStatus.WITHDRAWN:
        raise ValidationError(f"只有已撤回的{_noun(obj)}可以转为草稿。", code="status")
    obj.status = PublicationStatus.DRAFT
    obj.confidentiality_checked = False
    set_change_reason(obj, "转为草稿", actor)
    obj.save()
    search_entry_sync(obj=obj)
    return obj
