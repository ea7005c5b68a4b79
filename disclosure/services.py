"""Every write to documents goes through these functions: admin, commands and tests call them.

Workflow (发布流程): 草稿 → 待审核 → 已发布 → 已撤回. Only a user with the
`disclosure.publish_document` permission (审核员) may publish, and publishing records the
reviewer, the time, the 保密审查 confirmation and a fingerprint of the approved content.

The workflow itself is generic (`publishing.services`, shared by every publishable model);
this module names it for documents and adds what only documents have: the 索引号 and
attachments (附件).
"""

import hashlib
from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from integrity.checks import PersonalDataFinding, find_forbidden_terms
from integrity.selectors import active_forbidden_terms
from portal.counters import increment_counter
from portal.models import Organisation
from publishing import services as publishing
from publishing.models import Publishable
from publishing.services import (  # noqa: F401  (re-exported: the documents' public API)
    BACKDATING_TOLERANCE,
    check_forbidden_terms,
    content_hash,
    ensure_can_edit,
    personal_data_message,
    publishable_reapprove,
)

from .models import Attachment, Document, IndexNumberSequence
from .uploads import display_name, validate_attachment

PUBLISH_PERMISSION = Document.PUBLISH_PERMISSION

CONTENT_FIELDS = Document.CONTENT_FIELDS


def can_publish(user) -> bool:
    return publishing.can_publish(user, Document)


# --- Checks ----------------------------------------------------------------------------------

def document_text_fields(document: Document, *, include_attachments: bool = True) -> dict[str, str]:
    """The texts of a document that integrity checks read, labelled for messages."""
    if include_attachments:
        return document.integrity_fields()
    return Publishable.integrity_fields(document)


def personal_data_findings(document: Document) -> list[PersonalDataFinding]:
    """Suspected personal information in title and body (身份证号、手机号、银行卡号)."""
    return publishing.personal_data_findings(document)


def unconfirmed_personal_data(
    document: Document, confirmed: Iterable[str] = ()
) -> list[PersonalDataFinding]:
    return publishing.unconfirmed_personal_data(document, confirmed)


def document_check(document: Document) -> None:
    """Every content check a save runs, without saving: sanitises the body in place, refuses
    forbidden terms, and (for published documents) unconfirmed personal data. Forms call this
    to show errors on the page before the service is called."""
    publishing.publishable_check(document)


# --- Index numbers (索引号) ------------------------------------------------------------------

def next_index_number(*, organisation: Organisation, year: int) -> str:
    """Issue the next 索引号 of `organisation` for `year`. Serials are never reused: the
    sequence row is locked for the rest of the caller's transaction."""
    serial = increment_counter(
        IndexNumberSequence, "last_serial", organisation=organisation, year=year
    )
    return organisation.index_number_template.format(
        code=organisation.code, year=year, serial=serial
    )


# --- Editing ---------------------------------------------------------------------------------

def document_save(*, document: Document, actor) -> Document:
    """Create or update a document's content. Sanitises the body and refuses forbidden terms.

    Editing a published document is reserved to reviewers; it re-checks personal data and
    re-approves the content (new fingerprint), recorded in the history as a reviewed change.
    """
    return publishing.publishable_save(obj=document, actor=actor)


@transaction.atomic
def attachment_add(
    *, document: Document, uploaded: UploadedFile, actor, name: str = "", order: int = 0
) -> Attachment:
    """Validate and store an attachment under a random name."""
    ensure_can_edit(document, actor)
    extension = validate_attachment(uploaded)
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    original = display_name(uploaded.name)
    attachment = Attachment(
        document=document,
        name=display_name(name or original),
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
    publishable_reapprove(obj=document, actor=actor, reason=reason)


@transaction.atomic
def attachment_update(*, attachment: Attachment, actor, name: str, order: int) -> Attachment:
    """Rename or reorder an attachment (the file itself is never replaced in place)."""
    document = attachment.document
    ensure_can_edit(document, actor)
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
    ensure_can_edit(document, actor)
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

def document_submit(*, document: Document, actor) -> Document:
    """草稿 → 待审核 (送审)."""
    return publishing.publishable_submit(obj=document, actor=actor)


def document_reject(*, document: Document, actor, note: str) -> Document:
    """待审核 → 草稿 (退回修改), with the reviewer's reason."""
    return publishing.publishable_reject(obj=document, actor=actor, note=note)


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
    """审核通过并发布: a reviewer approves a draft or pending document; it gets its 索引号
    (`Document.on_publish`). See `publishing.services.publishable_publish` for the rules:
    保密审查, forbidden terms, personal data confirmed by key, no backdating except when
    republishing a withdrawn document or with `historical=True` (importing old records)."""
    return publishing.publishable_publish(
        obj=document,
        actor=actor,
        confidentiality_checked=confidentiality_checked,
        confirmed_personal_data=confirmed_personal_data,
        publish_at=publish_at,
        note=note,
        historical=historical,
    )


def document_withdraw(*, document: Document, actor, reason: str) -> Document:
    """已发布 → 已撤回. The 索引号 stays with the document and is never reused."""
    return publishing.publishable_withdraw(obj=document, actor=actor, reason=reason)


def document_return_to_draft(*, document: Document, actor) -> Document:
    """已撤回 → 草稿, so that it can be corrected and submitted again."""
    return publishing.publishable_return_to_draft(obj=document, actor=actor)
