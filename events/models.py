"""Cultural events (文化日历): performances, exhibitions, lectures, 非遗 and 惠民 events.

The weekly "辽宁文化日历" column of the reference report announced next week's performances; an
`Event` is one such item, published through the shared review workflow (`publishing`).

Times: `starts_at` and `ends_at` are aware datetimes. An all-day event (全天) runs on the local
(Asia/Shanghai) dates from `starts_at` to `ends_at` inclusive; `clean()` normalises its times to
the start and the end of those days, so that every range query treats both kinds alike.
"""

from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.models import Organisation
from publishing.models import PublicationStatus, Publishable, PublishableQuerySet

END_OF_DAY = time(23, 59, 59)


class EventCategory(models.TextChoices):
    """活动类别."""

    PERFORMANCE = "performance", _("演出")
    EXHIBITION = "exhibition", _("展览")
    LECTURE = "lecture", _("讲座")
    HERITAGE = "heritage", _("非遗")
    BENEFIT = "benefit", _("惠民活动")


class City(models.TextChoices):
    """The 14 prefecture-level cities of 辽宁省 (所在城市), in the province's usual order."""

    SHENYANG = "shenyang", _("沈阳")
    DALIAN = "dalian", _("大连")
    ANSHAN = "anshan", _("鞍山")
    FUSHUN = "fushun", _("抚顺")
    BENXI = "benxi", _("本溪")
    DANDONG = "dandong", _("丹东")
    JINZHOU = "jinzhou", _("锦州")
    YINGKOU = "yingkou", _("营口")
    FUXIN = "fuxin", _("阜新")
    LIAOYANG = "liaoyang", _("辽阳")
    PANJIN = "panjin", _("盘锦")
    TIELING = "tieling", _("铁岭")
    CHAOYANG = "chaoyang", _("朝阳")
    HULUDAO = "huludao", _("葫芦岛")


class Admission(models.TextChoices):
    """票务: free or ticketed."""

    FREE = "free", _("免费")
    TICKETED = "ticketed", _("售票")


#: Booking links must be web links: no javascript:, data: or ftp: URLs on a public page.
validate_web_url = URLValidator(
    schemes=["http", "https"], message=_("请输入以 http:// 或 https:// 开头的网址。")
)


def day_bounds(day) -> tuple[datetime, datetime]:
    """[start, end) of a local calendar day as aware datetimes."""
    tz = timezone.get_current_timezone()
    start = datetime.combine(day, time.min, tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz)
    return start, end


class EventQuerySet(PublishableQuerySet):
    """`published(at=None)` comes from `PublishableQuerySet`."""

    def overlapping(self, start: datetime, end: datetime):
        """Events running at some moment of [start, end)."""
        return self.filter(starts_at__lt=end, ends_at__gt=start)

    def past(self, at: datetime | None = None):
        """Events that have ended (往期活动)."""
        return self.filter(ends_at__lte=at or timezone.now())

    def filtered(self, *, category: str | None = None, city: str | None = None):
        """Narrow to a category and a city (values already validated; None for all)."""
        queryset = self
        if category:
            queryset = queryset.filter(category=category)
        if city:
            queryset = queryset.filter(city=city)
        return queryset


class Event(Publishable):
    """A cultural event (文化活动) announced in the calendar."""

    Category = EventCategory
    City = City
    Admission = Admission

    CONTENT_FIELDS = (
        "title",
        "description",
        "venue",
        "address",
        "organiser",
        "price_note",
        "booking_url",
    )
    HTML_FIELDS = ("description",)
    PUBLISH_PERMISSION = "events.publish_event"

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("发布机构"), on_delete=models.PROTECT, related_name="events"
    )
    title = models.CharField(_("活动名称"), max_length=200)
    category = models.CharField(
        _("活动类别"),
        max_length=20,
        choices=EventCategory.choices,
        default=EventCategory.PERFORMANCE,
    )
    description = models.TextField(
        _("活动介绍"), blank=True, help_text=_("保存时自动清理不安全的HTML。")
    )
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    all_day = models.BooleanField(
        _("全天活动"),
        default=False,
        help_text=_("展览等按日期开放的活动勾选此项：只看开始和结束日期，时间忽略。"),
    )
    city = models.CharField(
        _("所在城市"), max_length=20, choices=City.choices, default=City.SHENYANG
    )
    venue = models.CharField(_("活动场馆"), max_length=100)
    address = models.CharField(_("详细地址"), max_length=200, blank=True)
    organiser = models.CharField(_("主办单位"), max_length=200, blank=True)
    admission = models.CharField(
        _("票务"), max_length=10, choices=Admission.choices, default=Admission.FREE
    )
    price_note = models.CharField(
        _("票价说明"),
        max_length=200,
        blank=True,
        help_text=_("例如：80元、120元、180元；学生半价。免费活动可填写领票或预约方式。"),
    )
    booking_url = models.URLField(
        _("预约购票链接"),
        max_length=500,
        blank=True,
        validators=[validate_web_url],
    )

    objects = EventQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("文化活动")
        verbose_name_plural = _("文化活动")
        ordering = ["starts_at", "id"]
        permissions = [("publish_event", _("可审核并发布文化活动"))]
        indexes = [
            models.Index(
                fields=["starts_at", "ends_at"],
                name="event_pub_range_idx",
                condition=Q(status=PublicationStatus.PUBLISHED),
            ),
            models.Index(fields=["status"], name="event_status_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", kwargs={"pk": self.pk})

    def get_ics_url(self) -> str:
        return reverse("events:event_ics", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        if self.starts_at is None or self.ends_at is None:
            return
        if self.all_day:
            first, last = self.local_start.date(), self.local_end.date()
            if last < first:
                raise ValidationError({"ends_at": _("结束日期不能早于开始日期。")})
            tz = timezone.get_current_timezone()
            self.starts_at = datetime.combine(first, time.min, tzinfo=tz)
            self.ends_at = datetime.combine(last, END_OF_DAY, tzinfo=tz)
        elif self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("结束时间须晚于开始时间。")})

    # --- Derived values ---------------------------------------------------------------------

    @property
    def local_start(self) -> datetime:
        return timezone.localtime(self.starts_at)

    @property
    def local_end(self) -> datetime:
        return timezone.localtime(self.ends_at)

    @property
    def first_day(self):
        return self.local_start.date()

    @property
    def last_day(self):
        """The last local date on which the event runs (an end at midnight ends the day before)."""
        end = self.local_end
        if end.time() == time.min and end > self.local_start:
            return end.date() - timedelta(days=1)
        return end.date()

    @property
    def is_multi_day(self) -> bool:
        return self.last_day > self.first_day

    @property
    def is_free(self) -> bool:
        return self.admission == Admission.FREE

    def runs_on(self, day) -> bool:
        return self.first_day <= day <= self.last_day
