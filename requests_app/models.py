"""依申请公开 (on-request disclosure): the working-day calendar (工作日历) behind the clock.

Every statutory period of the 条例 is counted in working days, and which days are working days
is decided each year by the 国务院办公厅 notice 《关于××年部分节假日安排的通知》 (放假调休: days
off and weekend days that become working days). Weekday arithmetic alone is wrong, so the portal
keeps one row per date, each traceable to its notice, and one row per year saying whether that
year's schedule is loaded completely (see `requests_app/README.md`).
"""

import datetime as dt
import uuid
from calendar import isleap

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Organisation
from portal.querycodes import QueryCodeMixin


class CalendarYear(models.Model):
    """A year's holiday schedule (年度节假日安排) and whether it is loaded completely.

    The statutory clock only runs through years with ``is_complete`` set; any other year makes a
    deadline computation fail with a clear message instead of guessing.
    """

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    source = models.CharField(
        _("依据通知"),
        max_length=200,
        help_text=_(
            "例如：《国务院办公厅关于2026年部分节假日安排的通知》（国办发明电〔2025〕7号）"
        ),
    )
    source_url = models.URLField(_("通知网址"), blank=True)
    published_on = models.DateField(_("通知发布日期"), null=True, blank=True)
    is_complete = models.BooleanField(
        _("已完整录入"),
        default=False,
        help_text=_(
            "勾选后，期限计算才会使用该年度的工作日历。请先确认全年每一天均已录入并与通知核对。"
        ),
    )
    note = models.TextField(_("备注"), blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("年度节假日安排")
        verbose_name_plural = _("年度节假日安排")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年"

    @property
    def days_in_year(self) -> int:
        return 366 if isleap(self.year) else 365

    def clean(self) -> None:
        if self.year and not 1949 <= self.year <= 9998:
            raise ValidationError({"year": _("请填写有效的年度。")})
        if self.is_complete and self.year:
            recorded = WorkdayCalendarDay.objects.filter(date__year=self.year).count()
            missing = self.days_in_year - recorded
            if missing:
                raise ValidationError(
                    {
                        "is_complete": _(
                            "该年度尚有%(missing)d天未录入工作日历，请先使用“生成全年日期”操作补齐后再标记为已完整录入。"
                        )
                        % {"missing": missing}
                    }
                )


class WorkdayCalendarDay(models.Model):
    """One date of the working-day calendar (工作日历): working day or not, and why."""

    class Kind(models.TextChoices):
        WORKDAY = "workday", _("工作日")
        WEEKEND = "weekend", _("周末")
        HOLIDAY = "holiday", _("法定节假日")
        MAKEUP_WORKDAY = "makeup", _("调休上班")

    #: Kinds on which the clock runs.
    WORKING_KINDS = frozenset({Kind.WORKDAY, Kind.MAKEUP_WORKDAY})

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否工作日"), editable=False)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    holiday_name = models.CharField(
        _("节日名称"), max_length=60, blank=True, help_text=_("例如：春节、国庆节")
    )
    is_in_lieu = models.BooleanField(
        _("调休放假"),
        default=False,
        help_text=_("本应上班、因调休而放假的日子（例如 2026年2月23日）。"),
    )
    source_notice = models.CharField(
        _("依据通知"),
        max_length=200,
        blank=True,
        help_text=_("决定该日安排的国务院办公厅通知；12月底的调休可能由下一年度的通知决定。"),
    )

    class Meta:
        verbose_name = _("工作日历")
        verbose_name_plural = _("工作日历")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                name="workday_calendar_kind_matches_is_workday",
                condition=(
                    models.Q(is_workday=True, kind__in=["workday", "makeup"])
                    | models.Q(is_workday=False, kind__in=["weekend", "holiday"])
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        # is_workday follows from the kind; it is stored so the clock can filter on it.
        self.is_workday = self.workday_for_kind(self.kind)
        super().save(*args, **kwargs)

    @staticmethod
    def workday_for_kind(kind: str) -> bool:
        return kind in WorkdayCalendarDay.WORKING_KINDS

    @classmethod
    def default_kind(cls, day: dt.date) -> "WorkdayCalendarDay.Kind":
        """The kind of a date when no notice changes it: Monday–Friday work, weekends off."""
        return cls.Kind.WORKDAY if day.weekday() < 5 else cls.Kind.WEEKEND

    def clean(self) -> None:
        # is_workday follows from the kind; it is stored so the clock can filter on it.
        self.is_workday = self.workday_for_kind(self.kind)
        if self.date is None:
            return
        weekend = self.date.weekday() >= 5
        errors = {}
        if self.kind == self.Kind.WORKDAY and weekend:
            errors["kind"] = _("周六、周日不能标为“工作日”；周末补班请选择“调休上班”。")
        elif self.kind == self.Kind.WEEKEND and not weekend:
            errors["kind"] = _("周一至周五不能标为“周末”；放假请选择“法定节假日”。")
        elif self.kind == self.Kind.MAKEUP_WORKDAY and not weekend:
            errors["kind"] = _("“调休上班”只能是周六或周日。")
        if self.kind == self.Kind.HOLIDAY and not self.holiday_name:
            errors["holiday_name"] = _("法定节假日请填写节日名称。")
        if errors:
            raise ValidationError(errors)


# =============================================================================================
# Applications (政府信息公开申请) and their handling
# =============================================================================================

class Channel(models.TextChoices):
    """提交渠道. The receipt date rule of 第31条 depends on it (`RECEIPT_NEEDS_CONFIRMATION`)."""

    ONLINE = "online", _("互联网（网上申请）")
    LETTER = "letter", _("平常信函")
    REGISTERED_MAIL = "mail", _("邮寄（签收）")
    IN_PERSON = "in_person", _("当面提交")
    FAX = "fax", _("传真")
    EMAIL = "email", _("电子邮件")
    ORAL = "oral", _("口头提出（代为填写）")


#: Channels whose 收到申请之日 is the day both sides confirm (第31条（二）（三）).
RECEIPT_NEEDS_CONFIRMATION = frozenset({Channel.ONLINE, Channel.LETTER, Channel.FAX, Channel.EMAIL})


class ApplicantType(models.TextChoices):
    """申请人情况: the seven columns of annual-report table 三 (without 总计)."""

    NATURAL_PERSON = "natural", _("自然人")
    BUSINESS = "business", _("商业企业")
    RESEARCH = "research", _("科研机构")
    NON_PROFIT = "nonprofit", _("社会公益组织")
    LEGAL_SERVICE = "legal", _("法律服务机构")
    OTHER_ORGANISATION = "other_org", _("其他")

    @classmethod
    def organisation_types(cls) -> list["ApplicantType"]:
        return [t for t in cls if t != cls.NATURAL_PERSON]


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("居民身份证")
    PASSPORT = "passport", _("护照")
    HK_MACAO = "hk_macao", _("港澳居民来往内地通行证")
    TAIWAN = "taiwan", _("台湾居民来往大陆通行证")
    FOREIGN_PR = "foreign_pr", _("外国人永久居留身份证")
    CREDIT_CODE = "credit_code", _("统一社会信用代码")
    OTHER = "other", _("其他证件（请上传证明）")


class Outcome(models.TextChoices):
    """办理结果, one-to-one with the rows of annual-report table 三 (2021 format).

    Values are the row codes: "1" = （一）予以公开 … "6.3" = （六）3.其他.
    """

    DISCLOSED = "1", _("（一）予以公开")
    PARTIAL = "2", _("（二）部分公开")
    STATE_SECRET = "3.1", _("（三）1.属于国家秘密")
    PROHIBITED_BY_LAW = "3.2", _("（三）2.其他法律行政法规禁止公开")
    SECURITY_STABILITY = "3.3", _("（三）3.危及“三安全一稳定”")
    THIRD_PARTY = "3.4", _("（三）4.保护第三方合法权益")
    INTERNAL_AFFAIRS = "3.5", _("（三）5.属于三类内部事务信息")
    PROCESS_INFO = "3.6", _("（三）6.属于四类过程性信息")
    ENFORCEMENT_FILE = "3.7", _("（三）7.属于行政执法案卷")
    ADMIN_QUERY = "3.8", _("（三）8.属于行政查询事项")
    NOT_HELD = "4.1", _("（四）1.本机关不掌握相关政府信息")
    NEEDS_CREATION = "4.2", _("（四）2.没有现成信息需要另行制作")
    STILL_UNCLEAR = "4.3", _("（四）3.补正后申请内容仍不明确")
    PETITION = "5.1", _("（五）1.信访举报投诉类申请")
    REPEATED = "5.2", _("（五）2.重复申请")
    PUBLICATION = "5.3", _("（五）3.要求提供公开出版物")
    EXCESSIVE = "5.4", _("（五）4.无正当理由大量反复申请")
    CONFIRM_OBTAINED = "5.5", _("（五）5.要求行政机关确认或重新出具已获取信息")
    CORRECTION_LAPSED = "6.1", _("（六）1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")
    FEE_UNPAID = "6.2", _("（六）2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请")
    OTHER = "6.3", _("（六）3.其他")

    @property
    def group(self) -> str:
        """The table-三 group: "1".."6"."""
        return self.value.split(".")[0]

    @property
    def is_refusal(self) -> bool:
        """不予公开 (group 三): the remedy text requires 行政复议前置 from 2024-01-01."""
        return self.group == "3"


class ApplicationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=Application.OPEN_STATUSES)

    def overdue(self, at=None):
        today = timezone.localdate(at) if at else timezone.localdate()
        return self.open().filter(due_on__lt=today)

    def due_within(self, start, end):
        return self.open().filter(due_on__gte=start, due_on__lte=end)


class Application(QueryCodeMixin, models.Model):
    """An application for government information (政府信息公开申请), 第29条."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待确认收到")
        PROCESSING = "processing", _("办理中")
        AWAITING_CORRECTION = "correction", _("待补正")
        CONSULTING = "consulting", _("征求意见中")
        AWAITING_FEE = "fee", _("待缴费")
        ANSWERED = "answered", _("已答复")
        CLOSED = "closed", _("已终止")
        WITHDRAWN = "withdrawn", _("已撤回")

    OPEN_STATUSES = (
        Status.SUBMITTED, Status.PROCESSING, Status.AWAITING_CORRECTION, Status.CONSULTING,
        Status.AWAITING_FEE,
    )
    #: Statuses in which the answer clock runs (or is paused by an exclusion).
    CLOCK_STATUSES = (Status.PROCESSING, Status.CONSULTING, Status.AWAITING_FEE)

    class InformationForm(models.TextChoices):
        PAPER = "paper", _("纸质")
        ELECTRONIC = "electronic", _("电子")

    class Delivery(models.TextChoices):
        POST = "post", _("邮寄")
        EMAIL = "email", _("电子邮件")
        PICKUP = "pickup", _("自行领取")
        ONLINE = "online", _("网上获取")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("受理机关"), on_delete=models.PROTECT, related_name="applications"
    )
    tracking_number = models.CharField(
        _("申请编号"), max_length=20, unique=True, null=True, blank=True, editable=False
    )
    query_code_hash = models.CharField(_("查询码（哈希）"), max_length=128, editable=False)
    submission_key = models.UUIDField(
        _("提交标识"), unique=True, null=True, blank=True, editable=False,
        help_text=_("防止重复提交：同一表单的重复提交只生成一件申请。"),
    )
    channel = models.CharField(_("提交渠道"), max_length=12, choices=Channel.choices)
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    received_on = models.DateField(
        _("收到申请之日"), null=True, blank=True,
        help_text=_("第三十一条：网上、传真、平常信函以双方确认之日为收到申请之日。"),
    )

    # Applicant (申请人)
    applicant_type = models.CharField(_("申请人类型"), max_length=10, choices=ApplicantType.choices)
    name = models.CharField(_("姓名/名称"), max_length=100)
    id_type = models.CharField(_("证件类型"), max_length=12, choices=IdType.choices)
    id_number = models.CharField(_("证件号码"), max_length=40, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("通信地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)

    # Requested information (所需信息)
    subject = models.CharField(_("所需信息名称"), max_length=200)
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    description = models.TextField(_("所需信息的内容描述"))
    purpose = models.TextField(_("用途（选填）"), blank=True)
    information_form = models.CharField(
        _("信息的载体形式"), max_length=10, choices=InformationForm.choices
    )
    delivery = models.CharField(_("获取信息的方式"), max_length=10, choices=Delivery.choices)
    privacy_consent = models.BooleanField(_("同意隐私声明"), default=False)

    # Handling
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    clock_start_on = models.DateField(
        _("期限起算日"), null=True, blank=True,
        help_text=_("收到申请之日；补正后为收到补正申请之日（第三十条）。"),
    )
    due_on = models.DateField(_("答复期限"), null=True, blank=True)
    clock_error = models.CharField(
        _("期限计算问题"), max_length=200, blank=True,
        help_text=_("例如所需年度的节假日安排尚未录入。"),
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("承办人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    outcome = models.CharField(_("办理结果"), max_length=4, choices=Outcome.choices, blank=True)
    outcome_reason = models.TextField(_("理由"), blank=True)
    legal_basis = models.CharField(_("法律依据"), max_length=200, blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    closed_on = models.DateField(_("终止/撤回日期"), null=True, blank=True)
    related = models.ManyToManyField(
        "self", verbose_name=_("关联申请"), blank=True, symmetrical=True,
        help_text=_("涉及相同信息或同一事项的申请。"),
    )
    staff_note = models.TextField(_("内部备注"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("依申请公开申请")
        verbose_name_plural = _("依申请公开申请")
        ordering = ["-submitted_at", "-id"]
        permissions = [
            ("handle_application", _("可办理依申请公开（查看申请人个人信息）")),
            ("approve_extension", _("可批准延期答复（政府信息公开工作机构负责人）")),
        ]
        indexes = [
            models.Index(fields=["status", "due_on"], name="app_status_due_idx"),
            models.Index(fields=["received_on"], name="app_received_idx"),
            models.Index(fields=["answered_on"], name="app_answered_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_number or '（未编号）'} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_organisation(self) -> bool:
        return self.applicant_type != ApplicantType.NATURAL_PERSON


def private_upload_to(instance, filename: str) -> str:
    """Private files (proofs, reply files) under random names, never in a public URL."""
    from pathlib import PurePath

    extension = PurePath(filename).suffix.lower()
    return f"private/requests/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


class ApplicationFile(models.Model):
    """A file attached to an application: the applicant's proof, a notice, or a released file."""

    class Kind(models.TextChoices):
        IDENTITY_PROOF = "proof", _("身份证明")
        NOTICE = "notice", _("告知书")
        RELEASED = "released", _("答复提供的信息")
        OTHER = "other", _("其他材料")

    application = models.ForeignKey(
        Application, verbose_name=_("申请"), on_delete=models.CASCADE, related_name="files"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("文件名"), max_length=200)
    file = models.FileField(_("文件"), upload_to=private_upload_to, max_length=200)
    extension = models.CharField(_("类型"), max_length=10, editable=False)
    size = models.PositiveBigIntegerField(_("大小（字节）"), default=0, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    visible_to_applicant = models.BooleanField(_("申请人可下载"), default=False)
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class NoticeTemplate(models.Model):
    """An editable template of a notice letter (告知书模板), Django template syntax."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("受理回执")
        CORRECTION = "correction", _("补正告知书")
        CONSULTATION_THIRD_PARTY = "consult_3p", _("征求第三方意见书")
        CONSULTATION_AGENCY = "consult_ag", _("征求意见书（其他机关）")
        EXTENSION = "extension", _("延期答复告知书")
        FEE = "fee", _("收费通知书")
        REPLY = "reply", _("政府信息公开申请答复书")
        TERMINATION = "termination", _("终止办理告知书")

    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices, unique=True)
    title = models.CharField(_("标题"), max_length=100)
    number_prefix = models.CharField(
        _("文书编号前缀"), max_length=30, help_text=_("例如：依申请告知，编号形如 依申请告知〔2026〕12号")
    )
    body = models.TextField(
        _("正文模板"),
        help_text=_("可用变量：{{ application }}、{{ organisation }}、{{ notice }}、{{ today }} 等。"),
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("告知书模板")
        verbose_name_plural = _("告知书模板")
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.title


class Notice(models.Model):
    """A numbered notice letter issued on an application (告知书), rendered from its template."""

    application = models.ForeignKey(
        Application, verbose_name=_("申请"), on_delete=models.CASCADE, related_name="notices"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("出具机关"), on_delete=models.PROTECT, related_name="+",
        help_text=_("文书编号在出具机关内唯一。"),
    )
    kind = models.CharField(_("类型"), max_length=12, choices=NoticeTemplate.Kind.choices)
    number = models.CharField(_("文书编号"), max_length=60)
    title = models.CharField(_("标题"), max_length=100)
    body = models.TextField(_("正文"))
    issued_on = models.DateField(_("出具日期"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("出具人"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = _("告知书")
        verbose_name_plural = _("告知书")
        ordering = ["issued_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="notice_org_number_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class NoticeSequence(models.Model):
    """Last number issued per organisation, notice kind and year (告知书编号)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=NoticeTemplate.Kind.choices)
    year = models.PositiveIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind", "year"], name="notice_seq_uniq")
        ]


class ApplicationEvent(models.Model):
    """One step in an application's life (办理记录): actor, time, old → new status.

    Public events form the applicant's timeline; all of them are the auditor's record.
    """

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("提交申请")
        REGISTERED = "registered", _("登记申请")
        RECEIPT_CONFIRMED = "confirmed", _("确认收到申请")
        CORRECTION_REQUESTED = "corr_req", _("告知补正")
        CORRECTION_RECEIVED = "corr_recv", _("收到补正材料")
        CORRECTION_LAPSED = "corr_lapse", _("逾期未补正")
        CONSULTATION_STARTED = "cons_start", _("征求意见")
        CONSULTATION_ENDED = "cons_end", _("收到意见")
        EXTENSION_APPROVED = "extension", _("延期答复")
        FEE_NOTIFIED = "fee_notice", _("告知收费")
        FEE_PAID = "fee_paid", _("已缴费")
        FEE_LAPSED = "fee_lapse", _("逾期未缴费")
        ANSWERED = "answered", _("作出答复")
        WITHDRAWN = "withdrawn", _("申请人撤回")
        CLOSED = "closed", _("终止办理")
        LINKED = "linked", _("关联申请")
        REMEDY = "remedy", _("行政复议/行政诉讼")
        NOTE = "note", _("备注")
        REMINDER_SENT = "reminder", _("期限提醒")

    application = models.ForeignKey(
        Application, verbose_name=_("申请"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("事项"), max_length=12, choices=Kind.choices)
    at = models.DateTimeField(_("时间"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    old_status = models.CharField(_("原状态"), max_length=12, choices=Application.Status.choices, blank=True)
    new_status = models.CharField(_("新状态"), max_length=12, choices=Application.Status.choices, blank=True)
    note = models.TextField(_("说明"), blank=True)
    is_public = models.BooleanField(_("申请人可见"), default=True)
    notice = models.ForeignKey(
        Notice, verbose_name=_("告知书"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="events",
    )
    dedupe_key = models.CharField(
        _("去重标识"), max_length=100, blank=True,
        help_text=_("提醒等自动事项用它保证同一事项只记录一次。"),
    )

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "dedupe_key"], name="app_event_dedupe_uniq",
                condition=~models.Q(dedupe_key=""),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"


class Correction(models.Model):
    """A 补正 request (第30条): one notice listing every item, with a deadline."""

    application = models.ForeignKey(
        Application, verbose_name=_("申请"), on_delete=models.CASCADE, related_name="corrections"
    )
    items = models.TextField(_("需要补正的事项"))
    requested_on = models.DateField(_("告知补正日期"))
    deadline_on = models.DateField(_("补正期限"))
    received_on = models.DateField(_("收到补正日期"), null=True, blank=True)
    lapsed_on = models.DateField(_("逾期未补正确认日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("补正")
        verbose_name_plural = _("补正")
        ordering = ["requested_on", "id"]


class Consultation(models.Model):
    """A consultation of a third party (第32条) or another agency (第34条); its time is
    excluded from the answer period (第33条第3款)."""

    class Party(models.TextChoices):
        THIRD_PARTY = "third_party", _("第三方")
        AGENCY = "agency", _("其他行政机关")

    application = models.ForeignKey(
        Application, verbose_name=_("申请"), on_delete=models.CASCADE, related_name="consultations"
    )
    party_type = models.CharField(_("征求对象类型"), max_length=12, choices=Party.choices)
    party_name = models.CharField(_("征求对象"), max_length=100)
    sent_on = models.DateField(_("发出征求意见书日期"))
    reply_due_on = models.DateField(_("答复期限（15个工作日）"), null=True, blank=True)
    replied_on = models.DateField(_("收到意见日期"), null=True, blank=True)
    opinion = models.TextField(_("意见"), blank=True)

    class Meta:
        verbose_name = _("征求意见")
        verbose_name_plural = _("征求意见")
        ordering = ["sent_on", "id"]


class Extension(models.Model):
    """An extension of the answer period (延期答复, 第33条第2款): at most 20 working days,
    approved by the head of the disclosure office."""

    application = models.ForeignKey(
        Application, verbose_name=_("申请"), on_delete=models.CASCADE, related_name="extensions"
    )
    days = models.PositiveSmallIntegerField(_("延长工作日数"))
    reason = models.TextField(_("延期理由"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人（承办人）"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("批准人"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    approved_at = models.DateTimeField(_("批准时间"), default=timezone.now)

    class Meta:
        verbose_name = _("延期答复")
        verbose_name_plural = _("延期答复")


class FeeNotice(models.Model):
    """A notice of the information-processing fee (信息处理费, 第42条)."""

    class Method(models.TextChoices):
        PER_ITEM = "item", _("按件计收")
        PER_PAGE = "page", _("按量计收")

    application = models.ForeignKey(
        Application, verbose_name=_("申请"), on_delete=models.CASCADE, related_name="fee_notices"
    )
    method = models.CharField(_("计收方式"), max_length=5, choices=Method.choices)
    quantity = models.PositiveIntegerField(_("件数/页数"))
    amount = models.DecimalField(_("金额（元）"), max_digits=10, decimal_places=2)
    notified_on = models.DateField(_("通知日期"))
    pay_by = models.DateField(_("缴费期限"))
    paid_on = models.DateField(_("缴费日期"), null=True, blank=True)
    lapsed_on = models.DateField(_("逾期未缴确认日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("收费通知")
        verbose_name_plural = _("收费通知")


class Remedy(models.Model):
    """行政复议 or 行政诉讼 about an application (annual-report table 四)."""

    class Kind(models.TextChoices):
        RECONSIDERATION = "reconsideration", _("行政复议")
        DIRECT_SUIT = "direct_suit", _("行政诉讼（未经复议直接起诉）")
        SUIT_AFTER_RECONSIDERATION = "suit_after", _("行政诉讼（复议后起诉）")

    class Result(models.TextChoices):
        UPHELD = "upheld", _("结果维持")
        CORRECTED = "corrected", _("结果纠正")
        OTHER = "other", _("其他结果")
        PENDING = "pending", _("尚未审结")

    application = models.ForeignKey(
        Application, verbose_name=_("申请"), on_delete=models.PROTECT, related_name="remedies"
    )
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    filed_on = models.DateField(_("申请/起诉日期"))
    authority = models.CharField(_("复议机关/受理法院"), max_length=100)
    case_number = models.CharField(_("案号"), max_length=60, blank=True)
    result = models.CharField(_("结果"), max_length=10, choices=Result.choices, default=Result.PENDING)
    decided_on = models.DateField(_("审结日期"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("行政复议/行政诉讼")
        verbose_name_plural = _("行政复议/行政诉讼")
        ordering = ["filed_on", "id"]
