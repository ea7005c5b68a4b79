"""Staff forms of the disclosure admin (后台表单).

Forms only validate: they run the same checks as `disclosure.services`, so that a mistake is
shown next to the user's input instead of failing at save time. State changes happen in the
admin, which calls the services.
"""

import copy
from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import construct_instance
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


from . import services
from .models import Attachment, Document
from .uploads import validate_attachment

# Fields only the services change (状态、索引号、审核信息 …); never taken from a form.
WORKFLOW_FIELDS = tuple(
    field.attname
    for field in Document._meta.concrete_fields
    if not field.editable and not field.primary_key
)


def restore_workflow_state(document: Document) -> Document:
    """Copy the workflow fields of the stored row onto `document` (in place).

    A form (or a history revert) may carry stale workflow values; only the services change
    them, so whatever the form instance holds is replaced by what the database holds.
    """
    if document.pk is None:
        return document
    stored = Document.objects.filter(pk=document.pk).values(*WORKFLOW_FIELDS).first()
    if stored is not None:
        for attname, value in stored.items():
            setattr(document, attname, value)
    return document


class DocumentAdminForm(forms.ModelForm):
    """The document form (信息编辑表单): model validation plus the services' content checks."""

    class Meta:
        model = Document
        fields = "__all__"
        widgets = {
            "title": forms.TextInput(attrs={"class": "vLargeTextField", "size": 80}),
            "body": forms.Textarea(attrs={"rows": 24, "cols": 100, "class": "vLargeTextField"}),
            "summary": forms.Textarea(attrs={"rows": 3, "cols": 100}),
        }

    def clean(self):
        cleaned_data = super().clean()
        if self.errors:
            return cleaned_data
        candidate = restore_workflow_state(construct_instance(self, copy.copy(self.instance)))
        try:
            services.document_check(candidate)
        except ValidationError as error:
            self.add_error("body" if error.code == "personal_data" else None, error)
        return cleaned_data


class AttachmentAdminForm(forms.ModelForm):
    """An attachment row: the upload is checked for type, disguised type and size."""

    class Meta:
        model = Attachment
        fields = ["name", "file", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # A stored attachment is never changed in place: delete it and upload a new one.
            for field in self.fields.values():
                field.disabled = True

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and "file" in self.changed_data:
            validate_attachment(uploaded)
        return uploaded

    def clean(self):
        cleaned_data = super().clean()
        uploaded = cleaned_data.get("file")
        name = cleaned_data.get("name") or (uploaded.name if uploaded else "")
        if name:
            try:
                services.check_forbidden_terms_in_name(name)
            except ValidationError as error:
                self.add_error("name", error)
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
            (finding.key, f"{finding.field}中的{finding.kind_label} {finding.masked} — 确认可以公开")
            for finding in findings
        ]

    def clean_publish_at(self):
        publish_at = self.cleaned_data.get("publish_at")
        # A publishing time in the past would backdate the item (伪造发稿日期).
        if publish_at and publish_at < timezone.now() - timedelta(minutes=5):
            raise ValidationError(_("定时发布时间不能早于当前时间。"), code="past")
        return publish_at

    def add_service_error(self, error: ValidationError) -> None:
        """Attach a service's ValidationError to the field it concerns."""
        for item in error.error_list:
            self.add_error(self.ERROR_FIELDS.get(item.code), item)


class ReasonForm(forms.Form):
    """The reason asked for when withdrawing a published document (撤回原因)."""

    reason = forms.CharField(
        label=_("撤回原因"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        error_messages={"required": _("请填写撤回原因。")},
    )


class BulkPublishForm(forms.Form):
    """Bulk 审核发布 confirmation: the 保密审查 box covers every selected document."""

    confidentiality_checked = forms.BooleanField(
        label=_("已对所选信息逐一完成保密审查"),
        error_messages={"required": _("发布前须完成保密审查并勾选确认。")},
    )
