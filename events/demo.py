"""Demo events (演示文化日历): a realistic week from today on, so "未来一周" is never empty, plus
sparse past events since 2017 for the archive. Everything goes through `events.services`."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from . import services
from .models import Admission, City, Event, EventCategory

C, Y = EventCategory, City


@dataclass(frozen=True)
class Spec:
    title: str
    category: EventCategory
    city: City
    venue: str
    organiser: str
    day: int  # offset from today (negative: past)
    at: time | None = None  # None: all-day
    minutes: int = 120
    days: int = 1  # all-day events: number of days
    price: str = ""  # empty: free
    address: str = ""
    booking_url: str = ""
    description: str = ""


WEEK = [
    Spec(
        "辽宁芭蕾舞团《八女投江》",
        C.PERFORMANCE,
        Y.SHENYANG,
        "辽宁大剧院",
        "辽宁芭蕾舞团",
        0,
        time(19, 30),
        120,
        price="80元、180元、280元、380元",
        address="沈阳市浑南区浑南中路37号",
        booking_url="https://www.example.gov.cn/booking/bajiao",
        description="<p>原创芭蕾舞剧《八女投江》以东北抗日联军八位女战士的英雄事迹为题材，"
        "展现了中华儿女宁死不屈的民族气节。</p>",
    ),
    Spec(
        "辽宁省博物馆“又见红山”考古成果展",
        C.EXHIBITION,
        Y.SHENYANG,
        "辽宁省博物馆",
        "辽宁省博物馆",
        -10,
        None,
        days=60,
        address="沈阳市浑南区智慧三街157号",
        description="<p>展出牛河梁遗址等地出土的玉器、陶器等文物，系统展示红山文化的考古发现。"
        "凭身份证免费参观，周一闭馆。</p>",
    ),
    Spec(
        "辽宁人民艺术剧院话剧《父亲》",
        C.PERFORMANCE,
        Y.SHENYANG,
        "辽宁人民艺术剧院",
        "辽宁人民艺术剧院",
        1,
        time(19, 0),
        150,
        price="60元、100元、150元",
        address="沈阳市和平区南京南街",
        description="<p>辽宁人艺经典现实主义话剧，讲述一位老工人与子女之间的深情故事。</p>",
    ),
    Spec(
        "沈阳杂技演艺团《先锋》",
        C.PERFORMANCE,
        Y.SHENYANG,
        "盛京大剧院",
        "沈阳杂技演艺团",
        2,
        time(19, 30),
        100,
        price="100元、200元、300元",
        description="<p>杂技剧《先锋》以杂技语言讲述“工人阶级先锋”的故事。</p>",
    ),
    Spec(
        "非遗传承人讲堂：岫岩玉雕技艺",
        C.LECTURE,
        Y.ANSHAN,
        "鞍山市图书馆报告厅",
        "鞍山市文化旅游和广播电视局",
        3,
        time(9, 30),
        90,
        description="<p>国家级非遗代表性传承人讲解岫岩玉雕的选料、设计与雕琢。</p>",
    ),
    Spec(
        "辽宁鼓乐展演",
        C.HERITAGE,
        Y.ANSHAN,
        "鞍山市群众艺术馆",
        "鞍山市群众艺术馆",
        3,
        time(14, 0),
        90,
        description="<p>国家级非物质文化遗产“辽宁鼓乐”传承人现场展演。</p>",
    ),
    Spec(
        "“文化进万家”惠民演出",
        C.BENEFIT,
        Y.DALIAN,
        "大连市群众艺术馆剧场",
        "大连市文化和旅游局",
        1,
        time(14, 30),
        120,
        description="<p>歌舞、曲艺、小品等节目，免费入场，座满即止。</p>",
    ),
    Spec(
        "大连京剧院《杨门女将》",
        C.PERFORMANCE,
        Y.DALIAN,
        "大连人民文化俱乐部",
        "大连京剧院",
        4,
        time(19, 0),
        150,
        price="50元、80元、120元",
    ),
    Spec(
        "满族剪纸体验活动",
        C.HERITAGE,
        Y.FUXIN,
        "阜新市文化馆",
        "阜新市文化馆",
        5,
        time(9, 0),
        120,
        description="<p>医巫闾山满族剪纸传承人现场教学，材料免费提供，需提前电话预约。</p>",
    ),
    Spec(
        "锦州“辽西木偶戏”进校园",
        C.HERITAGE,
        Y.JINZHOU,
        "锦州市实验学校",
        "锦州市文化馆",
        2,
        time(10, 0),
        60,
    ),
    Spec(
        "丹东“鸭绿江之声”周末音乐会",
        C.BENEFIT,
        Y.DANDONG,
        "丹东市文化馆音乐厅",
        "丹东市文化馆",
        5,
        time(19, 0),
        90,
    ),
    Spec(
        "图书馆公益讲座：东北近代史中的辽宁",
        C.LECTURE,
        Y.SHENYANG,
        "辽宁省图书馆报告厅",
        "辽宁省图书馆",
        6,
        time(9, 30),
        120,
        address="沈阳市沈河区青年大街",
    ),
    Spec(
        "营口市“辽河之夜”广场文艺演出",
        C.BENEFIT,
        Y.YINGKOU,
        "营口市辽河广场",
        "营口市文化馆",
        4,
        time(18, 30),
        90,
    ),
    Spec(
        "朝阳市古生物化石精品展",
        C.EXHIBITION,
        Y.CHAOYANG,
        "朝阳古生物化石博物馆",
        "朝阳市文化旅游和广播电视局",
        -30,
        None,
        days=120,
    ),
    Spec(
        "辽宁歌舞团新年音乐会（跨夜场）",
        C.PERFORMANCE,
        Y.SHENYANG,
        "辽宁大剧院",
        "辽宁歌舞团",
        6,
        time(22, 0),
        150,
        price="180元、280元",
    ),
]

PAST = [
    (
        date(2017, 5, 18),
        "国际博物馆日：辽宁省博物馆特别开放",
        C.EXHIBITION,
        Y.SHENYANG,
        "辽宁省博物馆",
    ),
    (date(2017, 6, 10), "文化和自然遗产日非遗展演", C.HERITAGE, Y.SHENYANG, "辽宁省文化馆"),
    (date(2017, 9, 15), "辽宁省优秀剧目演出季开幕演出", C.PERFORMANCE, Y.SHENYANG, "辽宁大剧院"),
    (date(2018, 2, 10), "新春文化惠民季：送戏下乡", C.BENEFIT, Y.TIELING, "铁岭市文化馆"),
    (date(2019, 7, 20), "大连国际沙滩文化节", C.BENEFIT, Y.DALIAN, "大连星海广场"),
    (date(2021, 6, 12), "辽宁省非遗购物节展示活动", C.HERITAGE, Y.PANJIN, "盘锦市文化馆"),
    (date(2023, 10, 8), "辽宁芭蕾舞团《花木兰》", C.PERFORMANCE, Y.SHENYANG, "盛京大剧院"),
    (date(2024, 4, 23), "世界读书日公益讲座", C.LECTURE, Y.LIAOYANG, "辽阳市图书馆"),
    (date(2025, 9, 27), "辽宁省第十四届艺术节闭幕演出", C.PERFORMANCE, Y.HULUDAO, "葫芦岛市大剧院"),
]


def _at(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=timezone.get_current_timezone())


def _event(spec: Spec, *, organisation, today: date) -> Event:
    first = today + timedelta(days=spec.day)
    if spec.at is None:
        starts_at, ends_at = (
            _at(first, time.min),
            _at(first + timedelta(days=spec.days - 1), time.max),
        )
    else:
        starts_at = _at(first, spec.at)
        ends_at = starts_at + timedelta(minutes=spec.minutes)
    return Event(
        organisation=organisation,
        title=spec.title,
        category=spec.category,
        city=spec.city,
        venue=spec.venue,
        address=spec.address,
        organiser=spec.organiser,
        description=spec.description,
        starts_at=starts_at,
        ends_at=ends_at,
        all_day=spec.at is None,
        admission=Admission.TICKETED if spec.price else Admission.FREE,
        price_note=spec.price or "免费，凭身份证入场",
        booking_url=spec.booking_url,
    )


@transaction.atomic
def seed_demo(*, organisation, reviewer, editor) -> str:
    """Seed a week of events from today and past events since 2017; idempotent."""
    existing = Event.objects.filter(organisation=organisation).count()
    if existing:
        return f"文化日历：已有{existing}项活动，未重复创建。"
    today = timezone.localdate()
    for spec in WEEK:
        event = services.event_save(
            event=_event(spec, organisation=organisation, today=today), actor=editor
        )
        services.event_submit(event=event, actor=editor)
        services.event_publish(event=event, actor=reviewer, confidentiality_checked=True)
    for day, title, category, city, venue in PAST:
        spec = Spec(title, category, city, venue, venue, (day - today).days, time(19, 0), 120)
        event = services.event_save(
            event=_event(spec, organisation=organisation, today=today), actor=editor
        )
        services.event_publish(
            event=event,
            actor=reviewer,
            confidentiality_checked=True,
            publish_at=_at(day - timedelta(days=7), time(9, 0)),
            historical=True,
        )
    # One draft waiting for review: never shown to the public.
    draft = Spec(
        "（待审核）辽宁省群众文化节目展演",
        C.BENEFIT,
        Y.BENXI,
        "本溪市文化馆",
        "本溪市文化馆",
        3,
        time(15, 0),
    )
    services.event_save(event=_event(draft, organisation=organisation, today=today), actor=editor)
    total = len(WEEK) + len(PAST)
    return f"文化日历：发布{len(WEEK)}项近期活动和{len(PAST)}项往期活动（共{total}项），1项待审核草稿。"  # noqa: E501 (demo text)
