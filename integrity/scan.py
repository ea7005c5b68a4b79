"""Integrity scan of published content (已发布信息巡检): the first line of defence against
defacement (网页篡改).

Three independent checks per published (or scheduled) document:

1. forbidden terms in its texts, its attachments' names and its links, and markup the
   workflow never stores (scripts, event handlers, text hidden by CSS). These hold even
   against an attacker who can write to the database and so recompute the fingerprint;
2. its content still matches the fingerprint recorded when a reviewer approved it
   (`Document.approved_hash`): any change that bypassed the publishing workflow, such as a
   direct database edit, shows up here;
3. each attachment's stored file still exists and still has the SHA-256 recorded at upload
   (a file swapped on disk).

`scan_published_documents()` yields `Finding`s; the `integrity_scan` command prints them.
"""

import enum
import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from disclosure.models import Attachment, Document
from disclosure.services import CONTENT_FIELDS, content_hash, document_text_fields
from integrity.checks import find_forbidden_terms, link_targets, unsafe_markup
from integrity.selectors import active_forbidden_terms

DEFAULT_CHUNK_SIZE = 500
_READ_BLOCK = 1024 * 1024


class FindingKind(enum.Enum):
    FORBIDDEN_TERM = "forbidden_term"
    UNSAFE_MARKUP = "unsafe_markup"
    CONTENT_CHANGED = "content_changed"
    NOT_FINGERPRINTED = "not_fingerprinted"
    ATTACHMENT_MISSING = "attachment_missing"
    ATTACHMENT_CHANGED = "attachment_changed"


@dataclass(frozen=True)
class Finding:
    """One problem with one published document."""

    kind: FindingKind
    document_id: int
    index_number: str
    title: str
    url: str
    detail: str

    @classmethod
    def about(cls, document: Document, kind: FindingKind, detail: str) -> "Finding":
        return cls(
            kind=kind,
            document_id=document.pk,
            index_number=document.index_number or "无索引号",
            title=document.title,
            url=document.get_absolute_url(),
            detail=detail,
        )

    def __str__(self) -> str:
        return (
            f"[ID {self.document_id}] 索引号 {self.index_number}《{self.title}》"
            f"（{self.url}）：{self.detail}"
        )


def documents_to_scan() -> QuerySet[Document]:
    """Every approved document, including those scheduled for later publication."""
    return Document.objects.filter(status=Document.Status.PUBLISHED)


def scan_published_documents(
    *,
    terms: Sequence[str] | None = None,
    check_files: bool = True,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    on_document: Callable[[Document], None] | None = None,
) -> Iterator[Finding]:
    """Findings over all published documents, read `chunk_size` rows at a time (with their
    attachments) so that memory stays flat however many documents there are.

    `terms` defaults to the active forbidden terms; `on_document` is called after each
    document, for progress reports.
    """
    terms = list(active_forbidden_terms() if terms is None else terms)
    attachments = Prefetch("attachments", queryset=Attachment.objects.order_by("id"))
    documents = documents_to_scan().order_by("pk").prefetch_related(attachments)
    for document in documents.iterator(chunk_size=chunk_size):
        yield from scan_document(document, terms=terms, check_files=check_files)
        if on_document is not None:
            on_document(document)


def scan_document(
    document: Document, *, terms: Sequence[str], check_files: bool = True
) -> Iterator[Finding]:
    """All findings for one document."""
    yield from _forbidden_terms(document, terms)
    yield from _unsafe_markup(document)
    yield from _fingerprint(document)
    if check_files:
        for attachment in document.attachments.all():
            yield from _attachment_file(document, attachment)


def _forbidden_terms(document: Document, terms: Sequence[str]) -> Iterator[Finding]:
    fields = document_text_fields(document)
    fields["正文链接"] = link_targets(document.body)
    for hit in find_forbidden_terms(fields, terms):
        yield Finding.about(document, FindingKind.FORBIDDEN_TERM, f"{hit.field}中的“{hit.term}”")


def _unsafe_markup(document: Document) -> Iterator[Finding]:
    found = unsafe_markup(document.body)
    if found:
        yield Finding.about(
            document, FindingKind.UNSAFE_MARKUP,
            f"正文含有发布流程不会保存的HTML：{'、'.join(found)}（正文可能被直接改动）",
        )


def _fingerprint(document: Document) -> Iterator[Finding]:
    if not document.approved_hash:
        yield Finding.about(
            document, FindingKind.NOT_FINGERPRINTED,
            "未记录审核指纹：未经审核流程发布，无法核对内容是否被改动",
        )
    elif content_hash(document) != document.approved_hash:
        reviewer = document.reviewed_by or "未记录"
        reviewed_at = (
            f"{timezone.localtime(document.reviewed_at):%Y-%m-%d %H:%M}"
            if document.reviewed_at else "未记录"
        )
        changed = changed_since_last_save(document)
        where = f"，改动的字段：{'、'.join(changed)}" if changed else ""
        yield Finding.about(
            document, FindingKind.CONTENT_CHANGED,
            f"内容与审核通过的版本不一致（审核人 {reviewer}，审核时间 {reviewed_at}）{where}，"
            "可能被绕过发布流程修改",
        )


def changed_since_last_save(document: Document) -> list[str]:
    """Labels of the content fields that differ from the last version written through the
    application (its latest history record). Direct database edits write no history, so this
    names what they changed; it is empty when the history does not tell."""
    record = document.history.order_by("-history_date", "-history_id").first()
    if record is None:
        return []
    return [
        str(Document._meta.get_field(name).verbose_name)
        for name in CONTENT_FIELDS
        if (getattr(record, name) or "") != (getattr(document, name) or "")
    ]


def _attachment_file(document: Document, attachment: Attachment) -> Iterator[Finding]:
    stored = attachment.file.name
    digest = file_sha256(attachment)
    if digest is None:
        yield Finding.about(
            document, FindingKind.ATTACHMENT_MISSING,
            f"附件“{attachment.name}”的文件不存在（{stored or '未记录存储路径'}）",
        )
    elif digest != attachment.sha256:
        yield Finding.about(
            document, FindingKind.ATTACHMENT_CHANGED,
            f"附件“{attachment.name}”的文件与上传时不一致（SHA-256 不符，可能被替换：{stored}）",
        )


def file_sha256(attachment: Attachment) -> str | None:
    """SHA-256 of the attachment's stored bytes, or None when the file cannot be read."""
    if not attachment.file.name:
        return None
    digest = hashlib.sha256()
    try:
        with attachment.file.storage.open(attachment.file.name, "rb") as stored:
            while block := stored.read(_READ_BLOCK):
                digest.update(block)
    except OSError:  # FileNotFoundError, permissions, a directory in its place …
        return None
    return digest.hexdigest()
