"""Writes of the service guides (网上办事): the shared publishing workflow named for service
items, and the item's materials and downloadable forms.

Materials and forms are part of an item's approved content: on a published item only a
reviewer may change them, and the change re-approves the item (new fingerprint, history row).
"""

import hashlib
from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from disclosure.uploads import display_name, validate_attachment
from integrity.checks import find_forbidden_terms
from integrity.selectors import active_forbidden_terms
from publishing import services as publishing

from .models import RequiredMaterial, ServiceForm, ServiceItem


def service_item_save(*, item: ServiceItem, actor) -> ServiceItem:
    return publishing.publishable_save(obj=item, actor=actor)


def service_item_submit(*, item: ServiceItem, actor) -> ServiceItem:
    return publishing.publishable_submit(obj=item, actor=actor)


def service_item_publish(
    *,
    item: ServiceItem,
    actor,
    confidentiality_checked: bool,
    confirmed_personal_data: Iterable[str] = (),
    publish_at: datetime | None = None,
    note: str = "",
    historical: bool = False,
) -> ServiceItem:
    return publishing.publishable_publish(
        obj=item,
        actor=actor,
        confidentiality_checked=confidentiality_checked,
        confirmed_personal_data=confirmed_personal_data,
        publish_at=publish_at,
        note=note,
        historical=historical,
    )


def service_item_reject(*, item: ServiceItem, actor, note: str) -> ServiceItem:
    return publishing.publishable_reject(obj=item, actor=actor, note=note)


def service_item_withdraw(*, item: ServiceItem, actor, reason: str) -> ServiceItem:
    return publishing.publishable_withdraw(obj=item, actor=actor, reason=reason)


def service_item_return_to_draft(*, item: ServiceItem, actor) -> ServiceItem:
    return publishing.publishable_return_to_draft(obj=item, actor=actor)


# --- Materials (办理材料) ------------------------------------------------------------------------


def _check_terms(label: str, text: str) -> None:
    hits = find_forbidden_terms({label: text}, active_forbidden_terms())
    if hits:
        raise ValidationError(
            "%(label)s包含禁用词“%(term)s”。",
            code="forbidden_term",
            params={"label": label, "term": hits[0].term},
        )


@transaction.atomic
def material_save(*, material: RequiredMaterial, actor) -> RequiredMaterial:
    """Add or change one 办理材料 entry."""
    publishing.ensure_can_edit(material.item, actor)
    material.full_clean()
    _check_terms("办理材料", f"{material.name} {material.form} {material.note}")
    material.save()
    publishing.publishable_reapprove(obj=material.item, actor=actor, reason="审核员修改办理材料")
    return material


@transaction.atomic
def material_delete(*, material: RequiredMaterial, actor) -> None:
    item = material.item
    publishing.ensure_can_edit(item, actor)
    material.delete()
    publishing.publishable_reapprove(obj=item, actor=actor, reason="审核员删除办理材料")


# --- Downloadable forms (申请表格) -------------------------------------------------------------


@transaction.atomic
def service_form_add(
    *, item: ServiceItem, uploaded: UploadedFile, actor, name: str = "", order: int = 0
) -> ServiceForm:
    """Validate (type, size, content) and store a form under a random name."""
    publishing.ensure_can_edit(item, actor)
    extension = validate_attachment(uploaded)
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    original = display_name(uploaded.name)
    form = ServiceForm(
        item=item,
        name=display_name(name or original),
        extension=extension,
        size=uploaded.size,
        sha256=digest.hexdigest(),
        order=order,
    )
    _check_terms("表格名称", form.name)
    form.file.save(original, uploaded, save=False)
    form.save()
    publishing.publishable_reapprove(obj=item, actor=actor, reason="审核员添加申请表格")
    return form


@transaction.atomic
def service_form_update(*, form: ServiceForm, actor, name: str, order: int) -> ServiceForm:
    """Rename or reorder a form (the file itself is never replaced in place)."""
    publishing.ensure_can_edit(form.item, actor)
    _check_terms("表格名称", name)
    form.name = name[:200]
    form.order = order
    form.save(update_fields=["name", "order"])
    publishing.publishable_reapprove(obj=form.item, actor=actor, reason="审核员修改申请表格")
    return form


@transaction.atomic
def service_form_delete(*, form: ServiceForm, actor) -> None:
    """Remove a form and its stored file (after the transaction commits)."""
    item = form.item
    publishing.ensure_can_edit(item, actor)
    storage, path = form.file.storage, form.file.name
    form.delete()
    transaction.on_commit(lambda: storage.delete(path))
    publishing.publishable_reapprove(obj=item, actor=actor, reason="审核员删除申请表格")
