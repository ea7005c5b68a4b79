"""Staff forms of the publishing workflow (发布流程表单), shared by every publishable model.

Forms only validate: they run the same checks as `publishing.services`, so that a mistake is
shown next to the user's input instead of failing at save time. State changes happen in the
admin, which calls the services.
"""

import copy

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import construct_instance
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Publishable
from .services import BACKDATING_TOLERANCE, publishable_check


def workflow_fields(model: type[models.Model]) -> tuple[str, ...]:
    """Fields only the services change (状态、审核信息、索引号 …): every non-editable column."""
    return tuple(
        field.attname
        for field in model._meta.concrete_fields
        if not field.editable and not field.primary_key
    )


def restore_workflow_state(obj: Publishable) -> Publishable:
    """Copy the workflow fields of the stored row onto `obj` (in place).

    A form (or a history revert) may carry stale workflow values; only the services change
    them, so whatever the form instance holds is replaced by what the database holds.
    """
    if obj.pk is None:
        return obj
    model = type(obj)
    stored = model._default_manager.filter(pk=obj.pk).values(*workflow_fields(model)).first()
    if stored is not None:
        for attname, value in stored.items():
            setattr(obj, attname, value)
    return obj


class PublishableAdminForm(forms.ModelForm):
    """Base of a publishable model's edit form: model validation plus the services' content
    checks (sanitising, forbidden terms, personal data on published items). Errors appear on
    the page and the input is kept."""

    def personal_data_error_field(self) -> str | None:
        """The field that shows a personal-data error: the first HTML field on the form."""
        model = self._meta.model
        return next((name for name in model.HTML_FIELDS if name in self.fields), None)

    def clean(self):
        cleaned_data = super().clean()
        if self.errors:
            return cleaned_data
        candidate = restore_workflow_state(construct_instance(self, copy.copy(self.instance)))
        try:
            publishable_check(candidate)
        except ValidationError as error:
            field = self.personal_data_error_field() if error.code == "personal_data" else None
            self.add_error(field, error)
        return cleaned_data


class ReviewForm(forms.Form):
    """审核 page: PII confirmations, 保密审查, optional 定时发布 and a note.

    Required-ness of 保密审查 (publish) and of the note (退回) depends on the button pressed,
    so the services decide and their messages are attached to these fields by the view.
    """

    PUBLISH = "_publish"
    REJECT = "_reject"

    confirmed_personal_data = forms.MultipleChoiceField(
        label=_("疑似个人信息"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("逐项勾选“确认可以公开”；不应公开的请退回修改并删除。"),
    )
    confidentiality_checked = forms.BooleanField(
        label=_("已完成保密审查"),
        required=False,
        help_text=_("发布前必须勾选：已按“先审查、后公开”和“一事一审”原则完成保密审查。"),
    )
    publish_at = forms.DateTimeField(
        label=_("定时发布"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("留空则立即发布；填写将来的时间则到时自动发布，无需再次操作。"),
    )
    note = forms.CharField(
        label=_("审核意见"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text=_("退回修改时必须填写退回理由。"),
    )

    # Which form field shows a service error, by ValidationError code.
    ERROR_FIELDS = {
        "confidentiality": "confidentiality_checked",
        "personal_data": "confirmed_personal_data",
        "note": "note",
    }

    def __init__(self, *args, findings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirmed_personal_data"].choices = [
            (
                finding.key,
                f"{finding.field}中的{finding.kind_label} {finding.masked} — 确认可以公开",
            )
            for finding in findings
        ]

    def clean_publish_at(self):
        publish_at = self.cleaned_data.get("publish_at")
        # A publishing time in the past would backdate the item (伪造发稿日期).
        if publish_at and publish_at < timezone.now() - BACKDATING_TOLERANCE:
            raise ValidationError(_("定时发布时间不能早于当前时间。"), code="past")
        return publish_at

    def add_service_error(self, error: ValidationError) -> None:
        """Attach a service's ValidationError to the field it concerns."""
        for item in error.error_list:
            self.add_error(self.ERROR_FIELDS.get(item.code), item)


class ReasonForm(forms.Form):
    """The reason asked for when withdrawing a published item (撤回原因)."""

    reason = forms.CharField(
        label=_("撤回原因"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        error_messages={"required": _("请填写撤回原因。")},
    )


class BulkPublishForm(forms.Form):
    """Bulk 审核发布 confirmation: the 保密审查 box covers every selected item."""

    confidentiality_checked = forms.BooleanField(
        label=_("已对所选信息逐一完成保密审查"),
        error_messages={"required": _("发布前须完成保密审查并勾选确认。")},
    )

    def __init__(self, *args, noun: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if noun is not None:
            self.fields["confidentiality_checked"].label = f"已对所选{noun}逐一完成保密审查"
