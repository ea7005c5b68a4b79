"""Integrity scan of published content (已发布信息巡检): the first line of defence against
defacement (网页篡改).

It reads every model registered in `publishing.registry` (documents, and whatever else is
published through the same workflow). Three independent checks per published (or
scheduled) item:

1. forbidden terms in its texts (`integrity_fields()`, for documents also the attachments'
   names) and in the links of its HTML fields, and markup the workflow never stores
   (scripts, event handlers, text hidden by CSS). These hold even against an attacker who
   can write to the database and so recompute the fingerprint;
2. its content still matches the fingerprint recorded when a reviewer approved it
   (`approved_hash`): any change that bypassed the publishing workflow, such as a direct
   database edit, shows up here;
3. each stored file the model declares (`integrity_files()`, for documents the attachments)
   still exists and still has the SHA-256 recorded at upload (a file swapped on disk).

`scan_published()` yields `Finding`s; the `integrity_scan` command prints them.
"""

import enum
import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from django.db.models import QuerySet
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from integrity.checks import find_forbidden_terms, link_targets, unsafe_markup
from integrity.selectors import active_forbidden_terms
from publishing.models import PublicationStatus, Publishable
from publishing.registry import publishable_models
from publishing.services import content_hash

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
    """One problem with one published item."""

    kind: FindingKind
    model_label: str
    object_id: int
    reference: str
    title: str
    url: str
    detail: str

    @classmethod
    def about(cls, obj: Publishable, kind: FindingKind, detail: str) -> "Finding":
        url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
        return cls(
            kind=kind,
            model_label=str(obj._meta.verbose_name),
            object_id=obj.pk,
            reference=obj.integrity_reference(),
            title=obj.display_title,
            url=url,
            detail=detail,
        )

    def __str__(self) -> str:
        reference = f" {self.reference}" if self.reference else ""
        url = f"（{self.url}）" if self.url else ""
        return (
            f"[ID {self.object_id}] {self.model_label}{reference}《{self.title}》{url}："
            f"{self.detail}"
        )


def querysets_to_scan() -> list[QuerySet]:
    """Per registered model, every approved item, including those scheduled for later."""
    return [
        model._default_manager.filter(status=PublicationStatus.PUBLISHED)
        for model in publishable_models()
    ]


def count_to_scan() -> int:
    return sum(queryset.count() for queryset in querysets_to_scan())


def scan_published(
    *,
    terms: Sequence[str] | None = None,
    check_files: bool = True,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    on_item: Callable[[Publishable], None] | None = None,
) -> Iterator[Finding]:
    """Findings over all published items of every registered model, read `chunk_size` rows
    at a time (with what `scan_queryset` prefetches) so that memory stays flat however many
    items there are.

    `terms` defaults to the active forbidden terms; `on_item` is called after each item,
    for progress reports.
    """
    terms = list(active_forbidden_terms() if terms is None else terms)
    for queryset in querysets_to_scan():
        items = queryset.model.scan_queryset(queryset.order_by("pk"))
        for obj in items.iterator(chunk_size=chunk_size):
            yield from scan_item(obj, terms=terms, check_files=check_files)
            if on_item is not None:
                on_item(obj)


#: The name the scan had when it read documents only.
scan_published_documents = scan_published


def scan_item(
    obj: Publishable, *, terms: Sequence[str], check_files: bool = True
) -> Iterator[Finding]:
    """All findings for one item."""
    yield from _forbidden_terms(obj, terms)
    yield from _unsafe_markup(obj)
    yield from _fingerprint(obj)
    if check_files:
        for label, stored, expected in obj.integrity_files():
            yield from _stored_file(obj, label, stored, expected)


def _forbidden_terms(obj: Publishable, terms: Sequence[str]) -> Iterator[Finding]:
    fields = obj.integrity_fields()
    for name in obj.HTML_FIELDS:
        fields[f"{obj.field_label(name)}链接"] = link_targets(getattr(obj, name))
    for hit in find_forbidden_terms(fields, terms):
        yield Finding.about(obj, FindingKind.FORBIDDEN_TERM, f"{hit.field}中的“{hit.term}”")


def _unsafe_markup(obj: Publishable) -> Iterator[Finding]:
    for name in obj.HTML_FIELDS:
        found = unsafe_markup(getattr(obj, name))
        if found:
            label = obj.field_label(name)
            yield Finding.about(
                obj, FindingKind.UNSAFE_MARKUP,
                f"{label}含有发布流程不会保存的HTML：{'、'.join(found)}（{label}可能被直接改动）",
            )


def _fingerprint(obj: Publishable) -> Iterator[Finding]:
    if not obj.approved_hash:
        yield Finding.about(
            obj, FindingKind.NOT_FINGERPRINTED,
            "未记录审核指纹：未经审核流程发布，无法核对内容是否被改动",
        )
    elif content_hash(obj) != obj.approved_hash:
        reviewer = obj.reviewed_by or "未记录"
        reviewed_at = (
            f"{timezone.localtime(obj.reviewed_at):%Y-%m-%d %H:%M}"
            if obj.reviewed_at else "未记录"
        )
        changed = changed_since_last_save(obj)
        where = f"，改动的字段：{'、'.join(changed)}" if changed else ""
        yield Finding.about(
            obj, FindingKind.CONTENT_CHANGED,
            f"内容与审核通过的版本不一致（审核人 {reviewer}，审核时间 {reviewed_at}）{where}，"
            "可能被绕过发布流程修改",
        )


def changed_since_last_save(obj: Publishable) -> list[str]:
    """Labels of the content fields that differ from the last version written through the
    application (its latest history record). Direct database edits write no history, so this
    names what they changed; it is empty when the history does not tell."""
    history = getattr(obj, "history", None)
    if history is None:
        return []
    record = history.order_by("-history_date", "-history_id").first()
    if record is None:
        return []
    return [
        obj.field_label(name)
        for name in obj.CONTENT_FIELDS
        if (getattr(record, name) or "") != (getattr(obj, name) or "")
    ]


def _stored_file(
    obj: Publishable, label: str, stored: FieldFile, expected: str
) -> Iterator[Finding]:
    digest = file_sha256(stored)
    if digest is None:
        yield Finding.about(
            obj, FindingKind.ATTACHMENT_MISSING,
            f"{label}的文件不存在（{stored.name or '未记录存储路径'}）",
        )
    elif digest != expected:
        yield Finding.about(
            obj, FindingKind.ATTACHMENT_CHANGED,
            f"{label}的文件与上传时不一致（SHA-256 不符，可能被替换：{stored.name}）",
        )


def file_sha256(stored: FieldFile) -> str | None:
    """SHA-256 of a stored file's bytes, or None when the file cannot be read."""
    if not stored.name:
        return None
    digest = hashlib.sha256()
    try:
        with stored.storage.open(stored.name, "rb") as handle:
            while block := handle.read(_READ_BLOCK):
                digest.update(block)
    except OSError:  # FileNotFoundError, permissions, a directory in its place …
        return None
    return digest.hexdigest()
