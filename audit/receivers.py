"""Signal receivers that write audit rows (decoupled side effects, as STYLE.md allows)."""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver

from publishing.signals import publishable_published, publishable_withdrawn

from .services import AuditKind, audit_record

User = get_user_model()

# --- Logins ------------------------------------------------------------------------------------


@receiver(user_logged_in, dispatch_uid="audit_login")
def _logged_in(sender, request, user, **kwargs):
    audit_record(kind=AuditKind.LOGIN, request=request, actor=user)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(kind=AuditKind.LOGOUT, request=request, actor=user)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    # Django has already replaced the password by asterisks; only the user name is kept.
    tried = str(credentials.get(User.USERNAME_FIELD) or credentials.get("username") or "")
    audit_record(
        kind=AuditKind.LOGIN_FAILED,
        request=request,
        actor=None,
        username=tried,
        detail={
            "locked_out": bool(request is not None and getattr(request, "axes_locked_out", False))
        },
    )


@receiver(user_locked_out, dispatch_uid="audit_locked_out")
def _locked_out(sender, request, username, ip_address, **kwargs):
    audit_record(kind=AuditKind.LOCKED_OUT, request=request, actor=None, username=username or "")


# --- Permission changes (权限变更) -------------------------------------------------------------

_WATCHED_FLAGS = ("is_staff", "is_superuser", "is_active")


@receiver(pre_save, sender=User, dispatch_uid="audit_user_flags_before")
def _user_flags_before(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & set(_WATCHED_FLAGS):
        return  # e.g. last_login on every login: no extra query
    before = sender._default_manager.filter(pk=instance.pk).values(*_WATCHED_FLAGS).first()
    instance._audit_flags_before = before


@receiver(post_save, sender=User, dispatch_uid="audit_user_flags_after")
def _user_flags_after(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created:
        flags = {flag: getattr(instance, flag) for flag in _WATCHED_FLAGS}
        if instance.is_staff or instance.is_superuser:
            audit_record(
                kind=AuditKind.PERMISSION_CHANGE,
                obj=instance,
                detail={"change": "created", "new": flags},
            )
        return
    before = getattr(instance, "_audit_flags_before", None)
    instance._audit_flags_before = None
    if not before:
        return
    changed = {
        flag: {"old": before[flag], "new": getattr(instance, flag)}
        for flag in _WATCHED_FLAGS
        if before[flag] != getattr(instance, flag)
    }
    if changed:
        audit_record(
            kind=AuditKind.PERMISSION_CHANGE, obj=instance, detail={"change": "flags", **changed}
        )


def _names(model, pks) -> list[str]:
    if model is Permission:
        rows = model.objects.filter(pk__in=pks).select_related("content_type")
        return sorted(f"{p.content_type.app_label}.{p.codename}" for p in rows)
    if model is Group:
        return sorted(model.objects.filter(pk__in=pks).values_list("name", flat=True))
    return sorted(
        model._default_manager.filter(pk__in=pks).values_list(User.USERNAME_FIELD, flat=True)
    )


def _through_fields(through, instance) -> tuple[str, str]:
    """(source attname, target attname) of the through model, seen from `instance`."""
    model = type(instance)._meta.concrete_model
    relations = [f for f in through._meta.fields if f.is_relation]
    source = next(f for f in relations if f.related_model is model)
    target = next(f for f in relations if f is not source)
    return source.attname, target.attname


def _m2m_receiver(field: str):
    def receiver_(sender, instance, action, reverse, model, pk_set, **kwargs):
        if action == "pre_clear":
            # Remember what is about to be removed: post_clear has no pk_set.
            source, target = _through_fields(sender, instance)
            instance._audit_cleared = list(
                sender.objects.filter(**{source: instance.pk}).values_list(target, flat=True)
            )
            return
        if action not in ("post_add", "post_remove", "post_clear"):
            return
        pks = pk_set if action != "post_clear" else getattr(instance, "_audit_cleared", [])
        if not pks:
            return
        audit_record(
            kind=AuditKind.PERMISSION_CHANGE,
            obj=instance,
            detail={
                "change": field,
                "action": {"post_add": "add", "post_remove": "remove", "post_clear": "clear"}[
                    action
                ],
                "items": _names(model, pks),
            },
        )

    return receiver_


for _through, _field in (
    (User.groups.through, "groups"),
    (User.user_permissions.through, "user_permissions"),
    (Group.permissions.through, "permissions"),
):
    m2m_changed.connect(
        _m2m_receiver(_field), sender=_through, weak=False, dispatch_uid=f"audit_m2m_{_field}"
    )


# --- Publications (发布 / 撤回) ------------------------------------------------------------------


@receiver(publishable_published, dispatch_uid="audit_published")
def _published(sender, obj, actor, **kwargs):
    detail = {"published_at": obj.published_at.isoformat() if obj.published_at else None}
    audit_record(kind=AuditKind.PUBLISH, actor=actor, obj=obj, detail=detail)


@receiver(publishable_withdrawn, dispatch_uid="audit_withdrawn")
def _withdrawn(sender, obj, actor, reason="", **kwargs):
    audit_record(kind=AuditKind.WITHDRAW, actor=actor, obj=obj, detail={"reason": reason})
