"""The audit log (审计日志): append-only records of security-relevant staff actions.

What is recorded (see `AuditKind`): logins, failed logins, logouts, lockouts, the second factor,
permission changes, publications and withdrawals, and every view or download of an applicant's
personal data. Rows are never changed or deleted by the application: the admin is read-only,
the model refuses updates and deletes, and only `prune_audit_log` removes rows older than the
legal minimum (183 days, 《网络安全法》第二十一条).

Citizens' IP addresses are not stored: only staff actions (and attempts to log in to a staff
account) record an address.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditKind(models.TextChoices):
    LOGIN = "login", _("登录成功")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOCKED_OUT = "locked_out", _("登录锁定")
    LOGOUT = "logout", _("退出")
    OTP_ENROLLED = "otp_enrolled", _("绑定身份验证器")
    OTP_VERIFIED = "otp_verified", _("双因素验证通过")
    OTP_FAILED = "otp_failed", _("双因素验证失败")
    PERMISSION_CHANGE = "permission_change", _("权限变更")
    PUBLISH = "publish", _("发布")
    WITHDRAW = "withdraw", _("撤回")
    PERSONAL_DATA_VIEW = "personal_data_view", _("查看申请人个人信息")
    PERSONAL_DATA_DOWNLOAD = "personal_data_download", _("下载申请材料")
    EXPORT = "export", _("导出申请列表")


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit row through the ORM."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("审计日志只能追加，不能修改。")

    def delete(self):
        raise AppendOnlyError("审计日志只能追加，不能删除；过期记录用 prune_audit_log 清理。")

    def older_than(self, cutoff):
        return self.filter(at__lt=cutoff)

    def prune(self, *, cutoff) -> int:
        """Delete the rows older than `cutoff` (only for `prune_audit_log`)."""
        deleted, _ = models.QuerySet.delete(self.older_than(cutoff))
        return deleted


class AuditEvent(models.Model):
    """审计事件: who did what, when, from where, to which object."""

    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept when the account is deleted; for failed logins, the user name that was tried.
    actor_username = models.CharField(_("用户名"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    kind = models.CharField(_("事件"), max_length=32, choices=AuditKind.choices, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=100, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_label = models.CharField(_("对象"), max_length=255, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计事件")
        verbose_name_plural = _("审计日志")
        ordering = ["-at", "-id"]
        # Only "view": nobody, superusers included, is given a permission to add, change or
        # delete audit rows through the admin.
        default_permissions = ("view",)
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.get_kind_display()} {self.actor_username}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("审计日志只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("审计日志只能追加，不能删除。")
