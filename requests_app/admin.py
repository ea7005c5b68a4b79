"""Admin of 依申请公开: the working-day calendar (工作日历), applications and their handling,
notice templates (告知书模板).

Yearly task (calendar.md §5): when 国务院办公厅 publishes 《关于××年部分节假日安排的通知》
(late October–December), add the year under 年度节假日安排, run “生成全年日期”, mark the
放假 days (法定节假日) and the 调休上班 weekends under 工作日历, check them against the notice and
tick 已完整录入. Until then no deadline is computed into that year.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, ExtractYear
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from audit.services import log_personal_data_download, log_personal_data_view

from . import notices, services
from .deadlines import DeadlineError
from .models import (
    Application,
    ApplicationEvent,
    ApplicationFile,
    CalendarYear,
    Channel,
    Consultation,
    Correction,
    Extension,
    FeeNotice,
    Notice,
    NoticeTemplate,
    Outcome,
    Remedy,
    WorkdayCalendarDay,
)
from .permissions import (
    applications_visible_to,
    can_approve_extension,
    can_handle,
    mask_name,
    mask_phone,
)

WEEKDAYS = "一二三四五六日"


def _year_count(condition: Q | None = None) -> Coalesce:
    days = WorkdayCalendarDay.objects.annotate(y=ExtractYear("date")).filter(y=OuterRef("year"))
    if condition is not None:
        days = days.filter(condition)
    counted = days.values("y").annotate(n=Count("id")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = [
        "year",
        "source",
        "published_on",
        "is_complete",
        "recorded_days",
        "holiday_days",
        "makeup_days",
    ]
    list_filter = ["is_complete"]
    search_fields = ["source", "note"]
    readonly_fields = ["updated_at"]
    actions = ["fill_year"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                recorded_days=_year_count(),
                holiday_days=_year_count(Q(kind=WorkdayCalendarDay.Kind.HOLIDAY)),
                makeup_days=_year_count(Q(kind=WorkdayCalendarDay.Kind.MAKEUP_WORKDAY)),
            )
        )

    @admin.display(description=_("已录入天数"), ordering="recorded_days")
    def recorded_days(self, obj):
        return f"{obj.recorded_days}/{obj.days_in_year}"

    @admin.display(description=_("放假天数"))
    def holiday_days(self, obj):
        return obj.holiday_days

    @admin.display(description=_("调休上班天数"))
    def makeup_days(self, obj):
        return obj.makeup_days

    @admin.action(description=_("生成全年日期（周一至周五为工作日，已有日期保留）"))
    def fill_year(self, request, queryset):
        for calendar_year in queryset:
            created = services.calendar_year_fill(calendar_year=calendar_year)
            self.message_user(
                request,
                _("%(year)s年：新生成 %(n)d 天。请继续标记放假日和调休上班日。")
                % {"year": calendar_year.year, "n": created},
                messages.SUCCESS,
            )


@admin.register(WorkdayCalendarDay)
class WorkdayCalendarDayAdmin(admin.ModelAdmin):
    list_display = [
        "date",
        "weekday",
        "kind",
        "is_workday",
        "holiday_name",
        "is_in_lieu",
        "source_notice",
    ]
    list_filter = ["kind", "is_workday", "is_in_lieu"]
    search_fields = ["holiday_name", "source_notice"]
    date_hierarchy = "date"
    fields = ["date", "kind", "holiday_name", "is_in_lieu", "source_notice", "is_workday"]
    readonly_fields = ["is_workday"]
    list_per_page = 62

    @admin.display(description=_("星期"))
    def weekday(self, obj):
        return f"周{WEEKDAYS[obj.date.weekday()]}"


# =============================================================================================
# Applications (依申请公开申请): the handlers' workbench
# =============================================================================================
#
# Only users with `requests_app.handle_application` (依申请公开办理员) see applications at all:
# the list masks names and phones, the change page shows the full record. Every handling step
# is its own page under the application's admin URL (`step/<slug>/`), a form that POSTs to one
# service of `services.handling`; refusals come back as Chinese messages on the same page.

Status = Application.Status
DATE_INPUT = {"type": "date"}


def _date_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
        error_messages={
            "required": f"请填写{label}。",
            "invalid": f"{label}格式不正确，请按“年-月-日”填写。",
        },
        **kwargs,
    )


def _text_field(label, *, required=True, textarea=False, max_length=None) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}) if textarea else None,
        error_messages={"required": f"请填写{label}。", "max_length": f"{label}过长。"},
    )


def add_service_error(form: forms.Form, error: Exception) -> None:
    """Show a refusal of a service on the form (field errors on their fields where possible)."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif isinstance(error, ValidationError):
        form.add_error(None, error)
    else:
        form.add_error(None, str(error) or "您没有执行此操作的权限。")


# --- Step forms ---------------------------------------------------------------------------------


class StepForm(forms.Form):
    """A handling step's input; ``application`` and ``user`` let a form limit its choices."""

    def __init__(self, *args, application: Application, user, **kwargs):
        self.application = application
        self.user = user
        super().__init__(*args, **kwargs)


class ConfirmReceiptForm(StepForm):
    received_on = _date_field("收到申请之日", help_text="第三十一条：与申请人确认收到申请的日期。")
    issue_notice = forms.BooleanField(label="出具受理回执", required=False, initial=True)


class CorrectionForm(StepForm):
    items = _text_field("需要补正的事项", textarea=True)
    deadline_on = _date_field("补正期限")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].help_text = "每行一项，一次性列明全部事项（第三十条）。"


class CorrectionReceivedForm(StepForm):
    received_on = _date_field("收到补正之日", help_text="答复期限自此日重新计算。")


class ConfirmForm(StepForm):
    confirm = forms.BooleanField(
        label="我已核实上述情况", error_messages={"required": "请勾选确认。"}
    )


class ConsultationForm(StepForm):
    party_type = forms.ChoiceField(label="征求对象类型", choices=Consultation.Party.choices)
    party_name = _text_field("征求对象", max_length=100)
    sent_on = _date_field("发出征求意见书日期")


class ConsultationEndForm(StepForm):
    consultation = forms.ModelChoiceField(
        label="征求意见",
        queryset=Consultation.objects.none(),
        error_messages={"required": "请选择征求意见。", "invalid_choice": "请选择征求意见。"},
    )
    replied_on = _date_field("收到意见日期", help_text="对方逾期未提出意见的，填写期限届满之日。")
    opinion = _text_field("意见", required=False, textarea=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["consultation"]
        field.queryset = self.application.consultations.filter(replied_on=None)
        field.label_from_instance = lambda c: (
            f"{c.get_party_type_display()}：{c.party_name}（{c.sent_on:%Y-%m-%d}发出）"
        )


class ExtensionForm(StepForm):
    days = forms.IntegerField(
        label="延长工作日数",
        min_value=1,
        max_value=20,
        initial=20,
        error_messages={
            "required": "请填写延长的工作日数。",
            "invalid": "请填写整数。",
            "min_value": "延长的工作日数至少为1。",
            "max_value": "延长的期限最长不得超过20个工作日。",
        },
    )
    reason = _text_field("延期理由", textarea=True)


class FeeForm(StepForm):
    method = forms.ChoiceField(label="计收方式", choices=FeeNotice.Method.choices)
    quantity = forms.IntegerField(
        label="件数/页数",
        min_value=1,
        error_messages={
            "required": "请填写件数或页数。",
            "invalid": "请填写整数。",
            "min_value": "件数/页数至少为1。",
        },
    )


class _FeeNoticeChoice(StepForm):
    fee_notice = forms.ModelChoiceField(
        label="收费通知",
        queryset=FeeNotice.objects.none(),
        error_messages={"required": "请选择收费通知。", "invalid_choice": "请选择收费通知。"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["fee_notice"]
        field.queryset = self.application.fee_notices.filter(paid_on=None, lapsed_on=None)
        field.label_from_instance = lambda f: f"{f.amount}元，缴费期限{f.pay_by:%Y-%m-%d}"


class FeePaidForm(_FeeNoticeChoice):
    paid_on = _date_field("缴费日期")


class FeeLapsedForm(_FeeNoticeChoice):
    confirm = forms.BooleanField(
        label="申请人逾期未缴费", error_messages={"required": "请勾选确认。"}
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


REPLY_OUTCOMES = [
    (o.value, o.label) for o in Outcome if o not in services.handling.CLOSING_OUTCOMES
]


class ReplyForm(StepForm):
    outcome = forms.ChoiceField(
        label="办理结果",
        choices=[("", "---------"), *REPLY_OUTCOMES],
        error_messages={
            "required": "请选择办理结果。",
            "invalid_choice": "请从列表中选择办理结果。",
        },
    )
    partial = forms.BooleanField(label="区分处理（第三十七条）", required=False)
    reason = _text_field("理由", required=False, textarea=True)
    legal_basis = _text_field("法律依据", required=False, max_length=200)
    answered_on = _date_field("答复日期")
    files = MultipleFileField(label="提供的信息（附件）", required=False)

    def clean_outcome(self) -> Outcome:
        return Outcome(self.cleaned_data["outcome"])


class WithdrawForm(StepForm):
    note = _text_field("说明", required=False, textarea=True)


class CloseForm(StepForm):
    reason = _text_field("终止理由", textarea=True)


class LinkForm(StepForm):
    tracking_number = _text_field("关联申请的编号", max_length=20)

    def clean_tracking_number(self) -> str:
        number = self.cleaned_data["tracking_number"].strip().upper()
        other = applications_visible_to(self.user).filter(tracking_number=number).first()
        if other is None:
            raise ValidationError("找不到编号为“%(number)s”的申请。", params={"number": number})
        self.cleaned_data["other"] = other
        return number


class UnlinkForm(StepForm):
    other = forms.ModelChoiceField(
        label="取消关联的申请",
        queryset=Application.objects.none(),
        error_messages={"required": "请选择申请。", "invalid_choice": "请选择申请。"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = self.application.related.all()


class RemedyForm(StepForm):
    kind = forms.ChoiceField(label="类型", choices=Remedy.Kind.choices)
    filed_on = _date_field("申请/起诉日期")
    authority = _text_field("复议机关/受理法院", max_length=100)
    case_number = _text_field("案号", required=False, max_length=60)


class RemedyDecideForm(StepForm):
    remedy = forms.ModelChoiceField(
        label="行政复议/诉讼",
        queryset=Remedy.objects.none(),
        error_messages={"required": "请选择案件。", "invalid_choice": "请选择案件。"},
    )
    result = forms.ChoiceField(label="结果", choices=Remedy.Result.choices)
    decided_on = _date_field("审结日期", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["remedy"]
        field.queryset = self.application.remedies.all()
        field.label_from_instance = lambda r: (
            f"{r.get_kind_display()}：{r.authority}（{r.filed_on:%Y-%m-%d}）"
        )


# --- The steps ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One handling step: its button, its form and the service it calls."""

    slug: str
    label: str
    form_class: type[StepForm]
    perform: Callable[..., services.StepResult]
    available: Callable[[Application], bool]
    done: str
    intro: str = ""
    multipart: bool = False


def _in(*statuses) -> Callable[[Application], bool]:
    return lambda application: application.status in statuses


STEPS: list[Step] = [
    Step(
        "confirm",
        "确认收到",
        ConfirmReceiptForm,
        lambda *, application, user, data: services.application_confirm_receipt(
            application=application,
            actor=user,
            received_on=data["received_on"],
            issue_notice=data["issue_notice"],
        ),
        _in(Status.SUBMITTED),
        "已确认收到申请，答复期限开始计算。",
        "网上、传真、平常信函和电子邮件提交的申请，以双方确认之日为收到申请之日（第三十一条）。",
    ),
    Step(
        "correction",
        "告知补正",
        CorrectionForm,
        lambda *, application, user, data: services.application_request_correction(
            application=application,
            actor=user,
            items=data["items"],
            deadline_on=data["deadline_on"],
        ),
        lambda a: a.status == Status.PROCESSING and not a.corrections.exists(),
        "已生成补正告知书，答复期限暂停，待收到补正后重新计算。",
        "补正只能告知一次：请一次性列明全部需要补正的事项，并在收到申请之日起7个工作日内告知。",
    ),
    Step(
        "correction-received",
        "收到补正",
        CorrectionReceivedForm,
        lambda *, application, user, data: services.application_receive_correction(
            application=application, actor=user, received_on=data["received_on"]
        ),
        _in(Status.AWAITING_CORRECTION),
        "已登记收到补正，答复期限重新计算。",
    ),
    Step(
        "correction-lapsed",
        "逾期未补正",
        ConfirmForm,
        lambda *, application, user, data: services.application_correction_lapsed(
            application=application, actor=user
        ),
        _in(Status.AWAITING_CORRECTION),
        "已按逾期未补正终止办理（其他处理1）。",
        "申请人无正当理由逾期不补正的，视为放弃申请，本机关不再处理（第三十条）。",
    ),
    Step(
        "consult",
        "征求意见",
        ConsultationForm,
        lambda *, application, user, data: services.application_start_consultation(
            application=application,
            actor=user,
            party_type=data["party_type"],
            party_name=data["party_name"],
            sent_on=data["sent_on"],
        ),
        _in(Status.PROCESSING, Status.CONSULTING),
        "已生成征求意见书，征求意见期间不计入答复期限。",
        "第三方（第三十二条）或共同制作机关（第三十四条）应在15个工作日内提出意见。",
    ),
    Step(
        "consult-end",
        "收到意见",
        ConsultationEndForm,
        lambda *, application, user, data: services.application_end_consultation(
            consultation=data["consultation"],
            actor=user,
            replied_on=data["replied_on"],
            opinion=data["opinion"],
        ),
        _in(Status.CONSULTING),
        "已登记征求意见结果。",
    ),
    Step(
        "extend",
        "延期答复",
        ExtensionForm,
        lambda *, application, user, data: services.application_extend(
            application=application,
            actor=user,
            days=data["days"],
            reason=data["reason"],
            approved_by=user,
        ),
        _in(*Application.CLOCK_STATUSES),
        "已延长答复期限并生成延期答复告知书。",
        "延长答复期限须经政府信息公开工作机构负责人同意（第三十三条第二款）：请由负责人登录后操作，"
        "提交人即为批准人。延长的期限累计不超过20个工作日，且须在答复期限届满前决定。",
    ),
    Step(
        "fee",
        "告知收费",
        FeeForm,
        lambda *, application, user, data: services.application_notify_fee(
            application=application, actor=user, method=data["method"], quantity=data["quantity"]
        ),
        _in(Status.PROCESSING),
        "已生成收费通知书。",
        "按件计收：同一申请人一个自然月内累计10件以下不收费，11—30件100元/件，此后每10件一档、"
        "每档提高100元/件；按量计收：30页以下不收费，31—100页10元/页，101—200页20元/页，"
        "201页以上40元/页。",
    ),
    Step(
        "fee-paid",
        "已缴费",
        FeePaidForm,
        lambda *, application, user, data: services.application_fee_paid(
            fee_notice=data["fee_notice"], actor=user, paid_on=data["paid_on"]
        ),
        _in(Status.AWAITING_FEE),
        "已登记缴费，继续办理。",
    ),
    Step(
        "fee-lapsed",
        "逾期未缴费",
        FeeLapsedForm,
        lambda *, application, user, data: services.application_fee_lapsed(
            fee_notice=data["fee_notice"], actor=user
        ),
        _in(Status.AWAITING_FEE),
        "已按逾期未缴费终止办理（其他处理2）。",
    ),
    Step(
        "reply",
        "答复",
        ReplyForm,
        lambda *, application, user, data: services.application_reply(
            application=application,
            actor=user,
            outcome=data["outcome"],
            reason=data["reason"],
            legal_basis=data["legal_basis"],
            answered_on=data["answered_on"],
            released_files=data["files"],
            partial=data["partial"],
        ),
        _in(Status.PROCESSING),
        "已作出答复并生成答复书。",
        "不予公开、无法提供、不予处理和部分公开的答复须说明理由和法律依据。",
        multipart=True,
    ),
    Step(
        "withdraw",
        "撤回",
        WithdrawForm,
        lambda *, application, user, data: services.application_withdraw(
            application=application, actor=user, note=data["note"]
        ),
        _in(*Application.OPEN_STATUSES),
        "已登记申请人撤回申请。",
        "申请人撤回的申请仍计入年度报告（其他处理3）。",
    ),
    Step(
        "close",
        "终止",
        CloseForm,
        lambda *, application, user, data: services.application_close_other(
            application=application, actor=user, reason=data["reason"]
        ),
        _in(*Application.OPEN_STATUSES),
        "已终止办理并生成终止办理告知书（其他处理3）。",
    ),
    Step(
        "link",
        "关联申请",
        LinkForm,
        lambda *, application, user, data: services.application_link(
            application=application, other=data["other"], actor=user
        ),
        lambda a: True,
        "已关联申请。",
        "涉及相同信息或同一事项的申请可以相互关联。",
    ),
    Step(
        "unlink",
        "取消关联",
        UnlinkForm,
        lambda *, application, user, data: services.application_unlink(
            application=application, other=data["other"], actor=user
        ),
        lambda a: a.related.exists(),
        "已取消关联。",
    ),
    Step(
        "remedy",
        "登记行政复议/诉讼",
        RemedyForm,
        lambda *, application, user, data: services.remedy_record(
            application=application,
            actor=user,
            kind=data["kind"],
            filed_on=data["filed_on"],
            authority=data["authority"],
            case_number=data["case_number"],
        ),
        lambda a: a.status != Status.SUBMITTED,
        "已登记。",
    ),
    Step(
        "remedy-decide",
        "登记复议/诉讼结果",
        RemedyDecideForm,
        lambda *, application, user, data: services.remedy_decide(
            remedy=data["remedy"], actor=user, result=data["result"], decided_on=data["decided_on"]
        ),
        lambda a: a.remedies.exists(),
        "已登记结果。",
    ),
]
STEPS_BY_SLUG = {step.slug: step for step in STEPS}


# --- Filters and inlines ------------------------------------------------------------------------


class ReceivedYearFilter(admin.SimpleListFilter):
    """收到年份 (the year of 收到申请之日)."""

    title = _("收到年份")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = (
            Application.objects.exclude(received_on=None)
            .annotate(y=ExtractYear("received_on"))
            .values_list("y", flat=True)
            .distinct()
            .order_by("-y")
        )
        return [(str(year), f"{year}年") for year in years]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(received_on__year=int(value))
        return queryset


class ReadOnlyInline(admin.TabularInline):
    """A record shown on the application page; it changes only through the handling steps."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_view_permission(self, request, obj=None):
        return can_handle(request.user)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EventInline(ReadOnlyInline):
    model = ApplicationEvent
    verbose_name_plural = _("办理记录")
    fields = ["at", "kind", "actor", "old_status", "new_status", "note", "is_public", "notice"]


class NoticeInline(ReadOnlyInline):
    model = Notice
    verbose_name_plural = _("告知书")
    fields = ["number", "title", "issued_on", "issued_by", "downloads"]

    @admin.display(description=_("下载"))
    def downloads(self, notice: Notice) -> str:
        links = [
            (
                reverse(
                    "admin:requests_app_application_notice",
                    args=[notice.application_id, notice.public_id, fmt],
                ),
                label,
            )
            for fmt, label in (
                (notices.DownloadFormat.PRINT, "打印"),
                (notices.DownloadFormat.WORD, "Word"),
                (notices.DownloadFormat.TEXT, "文本"),
            )
        ]
        return format_html_join("　", '<a href="{}">{}</a>', links)


class FileInline(ReadOnlyInline):
    model = ApplicationFile
    verbose_name_plural = _("申请材料")
    fields = ["kind", "download", "extension", "size", "visible_to_applicant", "uploaded_at"]

    @admin.display(description=_("文件"))
    def download(self, file: ApplicationFile) -> str:
        url = reverse(
            "admin:requests_app_application_file", args=[file.application_id, file.public_id]
        )
        return format_html('<a href="{}">{}</a>', url, file.name)


class CorrectionInline(ReadOnlyInline):
    model = Correction
    fields = ["items", "requested_on", "deadline_on", "received_on", "lapsed_on"]


class ConsultationInline(ReadOnlyInline):
    model = Consultation
    fields = ["party_type", "party_name", "sent_on", "reply_due_on", "replied_on", "opinion"]


class ExtensionInline(ReadOnlyInline):
    model = Extension
    fields = ["days", "reason", "requested_by", "approved_by", "approved_at"]


class FeeNoticeInline(ReadOnlyInline):
    model = FeeNotice
    fields = ["method", "quantity", "amount", "notified_on", "pay_by", "paid_on", "lapsed_on"]


class RemedyInline(ReadOnlyInline):
    model = Remedy
    fields = ["kind", "filed_on", "authority", "case_number", "result", "decided_on"]


# --- Registration of paper / in-person applications --------------------------------------------

REGISTER_CHANNELS = [(c.value, c.label) for c in Channel if c != Channel.ONLINE]


class RegisterForm(forms.ModelForm):
    """登记申请 received on paper, in person, by fax or email; `services.application_register`."""

    channel = forms.ChoiceField(label=_("提交渠道"), choices=REGISTER_CHANNELS)
    received_on = _date_field(
        "收到申请之日",
        help_text="当面提交为提交之日；邮寄为签收之日；平常信函、传真、电子邮件为与申请人确认之日（第三十一条）。",
    )
    proof = forms.FileField(label=_("身份证明"), required=False)

    class Meta:
        model = Application
        fields = [
            "applicant_type",
            "name",
            "id_type",
            "id_number",
            "contact_person",
            "phone",
            "email",
            "address",
            "postcode",
            "subject",
            "document_number",
            "description",
            "purpose",
            "information_form",
            "delivery",
        ]

    def _post_clean(self):  # the service validates and builds the instance
        pass

    def application_data(self) -> dict:
        data = {field: self.cleaned_data.get(field) for field in self.Meta.fields}
        data["privacy_consent"] = True  # paper forms carry the applicant's signature
        return data


# --- The application admin ----------------------------------------------------------------------

APPLICANT_FIELDS = [
    "applicant_type",
    "name",
    "id_type",
    "id_number",
    "contact_person",
    "phone",
    "email",
    "address",
    "postcode",
]
REQUEST_FIELDS = [
    "subject",
    "document_number",
    "description",
    "purpose",
    "information_form",
    "delivery",
]
HANDLING_FIELDS = [
    "tracking_number",
    "organisation",
    "channel",
    "submitted_at",
    "received_on",
    "clock_start_on",
    "status",
    "due_label",
    "outcome",
    "outcome_reason",
    "legal_basis",
    "answered_on",
    "closed_on",
    "related_list",
]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    change_form_template = "admin/requests_app/application/change_form.html"

    class Media:
        css = {"all": ["requests_app/admin_list.css"]}

    list_display = [
        "tracking_number",
        "masked_name",
        "masked_phone",
        "channel",
        "status",
        "received_on",
        "due_label",
        "outcome",
    ]
    list_filter = ["status", "channel", "applicant_type", "outcome", ReceivedYearFilter]
    search_fields = ["tracking_number", "subject"]
    list_per_page = 50
    fieldsets = [
        (_("申请人"), {"fields": APPLICANT_FIELDS}),
        (_("所需信息"), {"fields": REQUEST_FIELDS}),
        (_("办理情况"), {"fields": HANDLING_FIELDS}),
        (_("内部"), {"fields": ["handler", "staff_note"]}),
    ]
    readonly_fields = APPLICANT_FIELDS + REQUEST_FIELDS + HANDLING_FIELDS
    inlines = [
        EventInline,
        NoticeInline,
        FileInline,
        CorrectionInline,
        ConsultationInline,
        ExtensionInline,
        FeeNoticeInline,
        RemedyInline,
    ]

    # --- Access: personal data only for handlers ------------------------------------------------

    def get_queryset(self, request):
        return applications_visible_to(request.user).select_related("organisation")

    def has_view_permission(self, request, obj=None):
        return can_handle(request.user)

    def has_change_permission(self, request, obj=None):
        return can_handle(request.user) and super().has_change_permission(request, obj)

    def has_add_permission(self, request):
        return can_handle(request.user) and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False  # applications are records of the agency (第45条 归档)

    # --- List columns ---------------------------------------------------------------------------

    @admin.display(description=_("申请人"), ordering="name")
    def masked_name(self, application: Application) -> str:
        return mask_name(application.name)

    @admin.display(description=_("联系电话"))
    def masked_phone(self, application: Application) -> str:
        return mask_phone(application.phone)

    @admin.display(description=_("答复期限"), ordering="due_on")
    def due_label(self, application: Application) -> str:
        if application.clock_error and application.is_open:
            return format_html('<span class="ysq-clock-error">{}</span>', application.clock_error)
        if application.due_on is None:
            return "—"
        if application.is_open and application.due_on < timezone.localdate():
            return format_html(
                '<strong class="ysq-late">{}（已逾期）</strong>',
                f"{application.due_on:%Y-%m-%d}",
            )
        return f"{application.due_on:%Y-%m-%d}"

    @admin.display(description=_("关联申请"))
    def related_list(self, application: Application) -> str:
        related = list(application.related.all())
        if not related:
            return "—"
        return format_html_join(
            "、",
            '<a href="{}">{}</a>',
            (
                (reverse("admin:requests_app_application_change", args=[r.pk]), r.tracking_number)
                for r in related
            ),
        )

    # --- URLs -----------------------------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/step/<slug:step>/",
                wrap(self.step_view),
                name="requests_app_application_step",
            ),
            path(
                "<path:object_id>/notice/<uuid:public_id>/<str:fmt>/",
                wrap(self.notice_view),
                name="requests_app_application_notice",
            ),
            path(
                "<path:object_id>/file/<uuid:public_id>/",
                wrap(self.file_view),
                name="requests_app_application_file",
            ),
            *super().get_urls(),
        ]

    def _get_application(self, request, object_id) -> Application:
        if not can_handle(request.user):
            raise PermissionDenied
        application = self.get_object(request, unquote(object_id))
        if application is None:
            raise Http404("申请不存在。")
        return application

    def _change_url(self, application: Application) -> str:
        return reverse("admin:requests_app_application_change", args=[application.pk])

    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = (
            self.get_object(request, unquote(object_id)) if can_handle(request.user) else None
        )
        steps = []
        if application is not None:
            log_personal_data_view(request, application)  # 审计：查看申请人个人信息
            steps = [
                (
                    step.label,
                    reverse(
                        "admin:requests_app_application_step", args=[application.pk, step.slug]
                    ),
                )
                for step in STEPS
                if step.available(application)
            ]
        extra = {**(extra_context or {}), "handling_steps": steps}
        return super().change_view(request, object_id, form_url, extra)

    # --- Handling steps -------------------------------------------------------------------------

    def step_view(self, request, object_id, step):
        application = self._get_application(request, object_id)
        current = STEPS_BY_SLUG.get(step)
        if current is None:
            raise Http404("没有这个办理步骤。")
        if not current.available(application):
            self.message_user(
                request,
                f"当前状态为“{application.get_status_display()}”，不能进行“{current.label}”。",
                messages.WARNING,
            )
            return HttpResponseRedirect(self._change_url(application))
        form = current.form_class(
            request.POST or None, request.FILES or None, application=application, user=request.user
        )
        if request.method == "POST" and form.is_valid():
            try:
                result = current.perform(
                    application=application, user=request.user, data=form.cleaned_data
                )
            except (ValidationError, PermissionDenied, DeadlineError) as error:
                add_service_error(form, error)
            else:
                return self._step_done(request, current, result)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": application,
            "title": f"{current.label}：{application.tracking_number}",
            "step": current,
            "form": form,
            "change_url": self._change_url(application),
            "approver_note": current.slug == "extend" and not can_approve_extension(request.user),
        }
        return TemplateResponse(request, "admin/requests_app/application/step.html", context)

    def _step_done(self, request, step: Step, result: services.StepResult):
        message = step.done
        if result.notice is not None:
            message += f"文书编号：{result.notice.number}。"
        self.message_user(request, message, messages.SUCCESS)
        for warning in result.warnings:
            self.message_user(request, f"注意：{warning}。", messages.WARNING)
        return HttpResponseRedirect(self._change_url(result.application))

    # --- Downloads ------------------------------------------------------------------------------

    def notice_view(self, request, object_id, public_id, fmt):
        application = self._get_application(request, object_id)
        notice = application.notices.filter(public_id=public_id).first()
        if notice is None or fmt not in notices.DownloadFormat.ALL:
            raise Http404("告知书不存在。")
        log_personal_data_download(request, application, notice)  # 审计
        return notices.notice_response(notice, fmt, request=request)

    def file_view(self, request, object_id, public_id):
        application = self._get_application(request, object_id)
        file = application.files.filter(public_id=public_id).first()
        if file is None:
            raise Http404("文件不存在。")
        log_personal_data_download(request, application, file)  # 审计：下载申请材料
        response = FileResponse(
            file.file.open("rb"),
            as_attachment=True,
            filename=f"{file.name.rsplit('.', 1)[0]}.{file.extension}",
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response

    # --- Registration (登记申请) ----------------------------------------------------------------

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        register = getattr(services, "application_register", None)
        form = RegisterForm(request.POST or None, request.FILES or None)
        created = code = None
        if request.method == "POST" and form.is_valid() and register is not None:
            data = form.cleaned_data
            try:
                created, code = register(
                    data=form.application_data(),
                    channel=Channel(data["channel"]),
                    received_on=data["received_on"],
                    actor=request.user,
                    proof=data.get("proof"),
                )
            except ValidationError as error:
                add_service_error(form, error)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "登记申请",
            "form": form,
            "created": created,
            "query_code": code,
            "created_url": self._change_url(created) if created else None,
            "unavailable": register is None,
        }
        return TemplateResponse(request, "admin/requests_app/application/register.html", context)


# --- Notice templates (告知书模板) ---------------------------------------------------------------


class NoticeTemplateForm(forms.ModelForm):
    class Meta:
        model = NoticeTemplate
        fields = ["kind", "title", "number_prefix", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 30, "cols": 100})}

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        notices.validate_template_body(body)
        return body

    def clean_number_prefix(self) -> str:
        prefix = self.cleaned_data["number_prefix"].strip()
        clash = NoticeTemplate.objects.filter(number_prefix=prefix).exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(
                "文书编号前缀“%(prefix)s”已被“%(other)s”使用，请使用不同的前缀。",
                params={"prefix": prefix, "other": clash.first().title},
            )
        return prefix


@admin.register(NoticeTemplate)
class NoticeTemplateAdmin(admin.ModelAdmin):
    form = NoticeTemplateForm
    list_display = ["title", "kind", "number_prefix", "updated_at"]
    readonly_fields = ["updated_at"]
    fieldsets = [
        (None, {"fields": ["kind", "title", "number_prefix", "updated_at"]}),
        (
            _("正文"),
            {
                "fields": ["body"],
                "description": _(
                    "使用模板语言：{{ application.name }} 申请人、"
                    "{{ application.tracking_number }} 申请编号、"
                    "{{ application.subject }} 所需信息、"
                    '{{ application.received_on|date:"Y年n月j日" }} 收到日期、'
                    "{{ organisation.name }}、{{ organisation.address }}、"
                    "{{ organisation.phone }} 机构信息、{{ notice.number }}、"
                    "{{ notice.issued_on }} 文书编号与日期；各类告知书另有 correction、"
                    "consultation、extension、fee、reply、termination、remedy 等变量"
                    "（见默认模板）。"
                ),
            },
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        return ["kind", "updated_at"] if obj else ["updated_at"]

    def has_delete_permission(self, request, obj=None):
        return False
