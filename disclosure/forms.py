"""Staff forms of the disclosure admin (后台表单).

Forms only validate: they run the same checks as `disclosure.services`, so that a mistake is
shown next to the user's input instead of failing at save time. State changes happen in the
admin, which calls the services. The workflow forms (审核、撤回、批量发布) are the generic
ones of `publishing.forms`.
"""

from django import forms
from django.core.exceptions import ValidationError

from publishing.forms import (  # noqa: F401  (re-exported for existing callers)
    BulkPublishForm,
    PublishableAdminForm,
    ReasonForm,
    ReviewForm,
    restore_workflow_state,
    workflow_fields,
)

from . import services
from .models import Attachment, Document
from .uploads import validate_attachment

# Fields only the services change (状态、索引号、审核信息 …); never taken from a form.
WORKFLOW_FIELDS = workflow_fields(Document)


class DocumentAdminForm(PublishableAdminForm):
    """The document form (信息编辑表单): model validation plus the services' content checks
    (`PublishableAdminForm.clean`); a personal-data error is shown on the body."""

    class Meta:
        model = Document
        fields = "__all__"
        widgets = {
            "title": forms.TextInput(attrs={"class": "vLargeTextField", "size": 80}),
            "body": forms.Textarea(attrs={"rows": 24, "cols": 100, "class": "vLargeTextField"}),
            "summary": forms.Textarea(attrs={"rows": 3, "cols": 100}),
        }


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
