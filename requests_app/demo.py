"""Demo applications (演示申请) for the annual reports: 2017 reproduces the reference report of
辽宁省文化厅 (12 applications: 11 online and 1 by letter; 10 disclosed, 2 partly disclosed; 8 about
the same art-trading company, linked as related; 1 行政复议, upheld), and 2024–2026 cover every
outcome row, several applicant types, carry-over between years, a 行政复议 and a 行政诉讼, and a
few 2026 applications still open.

Historic records are inserted directly with consistent fields and their events (办理记录);
open 2026 applications get their deadline from the real clock (`application_recompute_due`).
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from portal.models import Organisation

from .models import (
    ApplicantType,
    Application,
    ApplicationEvent,
    Channel,
    IdType,
    Outcome,
    Remedy,
)
from .services.clock import application_recompute_due
from .services.submission import tracking_number_for

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def fake_resident_id(n: int) -> str:
    """A fake 居民身份证号 with a valid check digit (沈阳市和平区, 1960s–1990s)."""
    body = f"210102{1960 + n % 35}{n % 12 + 1:02d}{n % 28 + 1:02d}{n % 900 + 100:03d}"
    total = sum(int(c) * w for c, w in zip(body, WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


@dataclass(frozen=True)
class Spec:
    received: dt.date
    subject: str
    outcome: str = ""  # blank: still open
    finished: dt.date | None = None
    applicant_type: str = ApplicantType.NATURAL_PERSON
    channel: str = Channel.ONLINE
    name: str = ""


ART_COMPANY = "沈阳某艺术品交易有限公司"

SPECS_2017 = [
    *(
        Spec(
            dt.date(2017, m, day),
            f"关于{ART_COMPANY}违法经营问题查处情况（第{i}件）",
            Outcome.DISCLOSED if i <= 6 else Outcome.PARTIAL if i == 7 else Outcome.DISCLOSED,
            dt.date(2017, m, day) + dt.timedelta(days=12),
        )
        for i, (m, day) in enumerate(
            [(3, 6), (3, 20), (4, 10), (5, 8), (5, 22), (6, 12), (7, 3), (8, 14)], start=1
        )
    ),
    Spec(
        dt.date(2017, 4, 17),
        "2016年省级文化产业发展专项资金分配情况",
        Outcome.DISCLOSED,
        dt.date(2017, 5, 2),
        ApplicantType.BUSINESS,
        name="辽宁某文化传媒有限公司",
    ),
    Spec(
        dt.date(2017, 6, 26),
        "辽宁省第十一届“5·15政务公开日”活动安排",
        Outcome.DISCLOSED,
        dt.date(2017, 7, 7),
    ),
    Spec(
        dt.date(2017, 9, 11),
        "营业性演出许可审批办事指南及审批结果",
        Outcome.PARTIAL,
        dt.date(2017, 9, 28),
        channel=Channel.LETTER,
    ),
    Spec(
        dt.date(2017, 10, 16),
        "省级非物质文化遗产代表性项目名录评审结果",
        Outcome.DISCLOSED,
        dt.date(2017, 10, 30),
    ),
]

S = ApplicantType
SPECS_RECENT = [
    # 2024, two carried into 2025
    Spec(
        dt.date(2024, 3, 4),
        "2023年度省级公共文化服务体系建设资金使用情况",
        Outcome.DISCLOSED,
        dt.date(2024, 3, 22),
    ),
    Spec(
        dt.date(2024, 5, 13),
        "某剧院改造项目招标文件",
        Outcome.PARTIAL,
        dt.date(2024, 6, 7),
        S.BUSINESS,
        name="沈阳某建筑工程有限公司",
    ),
    Spec(dt.date(2024, 7, 1), "涉密文物安防方案", Outcome.STATE_SECRET, dt.date(2024, 7, 19)),
    Spec(
        dt.date(2024, 9, 9),
        "某歌舞娱乐场所行政处罚案卷",
        Outcome.ENFORCEMENT_FILE,
        dt.date(2024, 9, 27),
        S.LEGAL_SERVICE,
        name="辽宁某律师事务所",
    ),
    Spec(
        dt.date(2024, 12, 16),
        "2024年全省文化市场综合执法检查统计数据",
        Outcome.DISCLOSED,
        dt.date(2025, 1, 10),
        S.RESEARCH,
        name="辽宁某大学文化产业研究院",
    ),
    Spec(
        dt.date(2024, 12, 23),
        "全省博物馆免费开放补助资金分配表",
        Outcome.NEEDS_CREATION,
        dt.date(2025, 1, 17),
    ),
    # 2025, two carried into 2026
    Spec(
        dt.date(2025, 2, 10),
        "2025年省级文化惠民演出项目资金安排",
        Outcome.DISCLOSED,
        dt.date(2025, 2, 28),
    ),
    Spec(
        dt.date(2025, 3, 3),
        "某艺术品经营单位备案材料",
        Outcome.THIRD_PARTY,
        dt.date(2025, 3, 28),
        S.BUSINESS,
        name="大连某拍卖有限公司",
    ),
    Spec(
        dt.date(2025, 3, 17),
        "厅机关内部考勤管理办法",
        Outcome.INTERNAL_AFFAIRS,
        dt.date(2025, 4, 3),
    ),
    Spec(
        dt.date(2025, 4, 7),
        "关于某文化项目的请示及领导批示",
        Outcome.PROCESS_INFO,
        dt.date(2025, 4, 25),
    ),
    Spec(
        dt.date(2025, 4, 21),
        "某公司营业性演出许可登记资料",
        Outcome.ADMIN_QUERY,
        dt.date(2025, 5, 9),
        S.LEGAL_SERVICE,
        name="辽宁某律师事务所",
    ),
    Spec(
        dt.date(2025, 5, 12), "1998年省文化厅机构改革方案", Outcome.NOT_HELD, dt.date(2025, 5, 30)
    ),
    Spec(dt.date(2025, 6, 3), "文化相关的全部文件", Outcome.STILL_UNCLEAR, dt.date(2025, 7, 4)),
    Spec(dt.date(2025, 6, 16), "举报某网吧违规接纳未成年人", Outcome.PETITION, dt.date(2025, 7, 2)),
    Spec(
        dt.date(2025, 7, 7),
        "2025年省级文化惠民演出项目资金安排（重复）",
        Outcome.REPEATED,
        dt.date(2025, 7, 18),
    ),
    Spec(
        dt.date(2025, 8, 4),
        "《辽宁文化年鉴2024》全书",
        Outcome.PUBLICATION,
        dt.date(2025, 8, 15),
        S.NON_PROFIT,
        name="沈阳某公益读书会",
    ),
    Spec(
        dt.date(2025, 9, 1),
        "请确认此前获取的演出批文是否真实",
        Outcome.CONFIRM_OBTAINED,
        dt.date(2025, 9, 19),
    ),
    Spec(
        dt.date(2025, 9, 15),
        "非遗项目评审专家名单及评分",
        Outcome.SECURITY_STABILITY,
        dt.date(2025, 10, 17),
        S.OTHER_ORGANISATION,
        name="某市非遗保护协会",
    ),
    Spec(
        dt.date(2025, 10, 13),
        "某网络文化经营单位许可档案",
        Outcome.CORRECTION_LAPSED,
        dt.date(2025, 11, 14),
    ),
    Spec(
        dt.date(2025, 10, 27),
        "2015—2025年全部文化市场执法案卷复印件",
        Outcome.FEE_UNPAID,
        dt.date(2025, 12, 19),
        S.BUSINESS,
        name="沈阳某咨询有限公司",
    ),
    Spec(dt.date(2025, 11, 10), "省文化厅2024年部门决算明细", Outcome.OTHER, dt.date(2025, 11, 20)),
    Spec(
        dt.date(2025, 12, 15),
        "全省公共图书馆年度统计数据",
        Outcome.DISCLOSED,
        dt.date(2026, 1, 9),
        S.RESEARCH,
        name="辽宁某大学文化产业研究院",
    ),
    Spec(
        dt.date(2025, 12, 22),
        "某文物保护单位修缮工程验收资料",
        Outcome.PROHIBITED_BY_LAW,
        dt.date(2026, 1, 20),
    ),
    # 2026, three still open
    Spec(
        dt.date(2026, 3, 2),
        "2026年省级文化惠民演出项目资金安排",
        Outcome.DISCLOSED,
        dt.date(2026, 3, 20),
    ),
    Spec(
        dt.date(2026, 4, 13),
        "文化市场综合执法案件统计表",
        Outcome.EXCESSIVE,
        dt.date(2026, 4, 30),
        S.BUSINESS,
        name="沈阳某咨询有限公司",
    ),
    Spec(
        dt.date(2026, 6, 8),
        "某剧院运营补贴发放情况",
        Outcome.PARTIAL,
        dt.date(2026, 6, 26),
        S.NON_PROFIT,
        name="沈阳某公益读书会",
    ),
    Spec(dt.date(2026, 10, 19), "2026年全省文化和旅游消费季活动经费", channel=Channel.LETTER),
    Spec(
        dt.date(2026, 10, 26),
        "省美术馆馆藏作品征集价格",
        applicant_type=S.OTHER_ORGANISATION,
        name="辽宁某美术家协会",
    ),
    Spec(dt.date(2026, 11, 2), "2026年度文物保护专项资金分配方案"),
]

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["建国", "秀英", "志强", "丽娟", "海涛", "晓明", "玉兰", "春雷", "静", "伟"]


def _create(organisation: Organisation, spec: Spec, n: int) -> Application:
    tz = timezone.get_current_timezone()
    submitted = dt.datetime.combine(spec.received, dt.time(9, 15), tzinfo=tz) - dt.timedelta(days=1)
    person = spec.applicant_type == ApplicantType.NATURAL_PERSON
    status = Application.Status.PROCESSING
    finished = {}
    if spec.outcome:
        outcome = Outcome(spec.outcome)
        if outcome == Outcome.OTHER:
            status, finished = Application.Status.WITHDRAWN, {"closed_on": spec.finished}
        elif outcome.group == "6":
            status, finished = Application.Status.CLOSED, {"closed_on": spec.finished}
        else:
            status, finished = Application.Status.ANSWERED, {"answered_on": spec.finished}
    application = Application(
        organisation=organisation,
        query_code_hash="!",
        channel=spec.channel,
        submitted_at=submitted,
        received_on=spec.received,
        clock_start_on=spec.received,
        applicant_type=spec.applicant_type,
        name=spec.name or SURNAMES[n % len(SURNAMES)] + GIVEN[n % len(GIVEN)],
        id_type=IdType.RESIDENT_ID if person else IdType.CREDIT_CODE,
        id_number=fake_resident_id(n) if person else f"91210100MA0{n:07d}",
        phone=f"139{n * 7919 % 100000000:08d}",
        address="辽宁省沈阳市和平区某某路1号",
        subject=spec.subject,
        description=f"请提供{spec.subject}。",
        information_form=Application.InformationForm.ELECTRONIC,
        delivery=Application.Delivery.EMAIL,
        privacy_consent=True,
        status=status,
        outcome=spec.outcome,
        **finished,
        created_at=submitted,
    )
    application.save()
    application.tracking_number = tracking_number_for(application)
    application.save(update_fields=["tracking_number"])
    events = [
        ApplicationEvent(
            application=application,
            kind=ApplicationEvent.Kind.SUBMITTED,
            at=submitted,
            new_status=Application.Status.SUBMITTED,
        ),
        ApplicationEvent(
            application=application,
            kind=ApplicationEvent.Kind.RECEIPT_CONFIRMED,
            at=submitted + dt.timedelta(days=1),
            old_status=Application.Status.SUBMITTED,
            new_status=Application.Status.PROCESSING,
        ),
    ]
    if spec.outcome:
        kind = {
            Application.Status.ANSWERED: ApplicationEvent.Kind.ANSWERED,
            Application.Status.WITHDRAWN: ApplicationEvent.Kind.WITHDRAWN,
            Application.Status.CLOSED: ApplicationEvent.Kind.CLOSED,
        }[status]
        events.append(
            ApplicationEvent(
                application=application,
                kind=kind,
                at=dt.datetime.combine(spec.finished, dt.time(15), tzinfo=tz),
                old_status=Application.Status.PROCESSING,
                new_status=status,
                note=Outcome(spec.outcome).label,
            )
        )
    else:
        application_recompute_due(application)
    ApplicationEvent.objects.bulk_create(events)
    return application


def _remedy(application: Application, **fields) -> Remedy:
    remedy = Remedy.objects.create(application=application, **fields)
    ApplicationEvent.objects.create(
        application=application,
        kind=ApplicationEvent.Kind.REMEDY,
        at=dt.datetime.combine(
            fields["filed_on"], dt.time(10), tzinfo=timezone.get_current_timezone()
        ),
        note=remedy.get_kind_display(),
        is_public=False,
    )
    return remedy


def seed_demo_applications(organisation: Organisation) -> list[Application]:
    """The demo applications and remedies; does nothing when the organisation has any."""
    if Application.objects.filter(organisation=organisation).exists():
        return []
    created_2017 = [_create(organisation, spec, n) for n, spec in enumerate(SPECS_2017)]
    art = created_2017[:8]
    for application in art:
        application.related.add(*[a for a in art if a != application])
    _remedy(
        created_2017[2],
        kind=Remedy.Kind.RECONSIDERATION,
        filed_on=dt.date(2017, 4, 20),
        authority="辽宁省人民政府",
        result=Remedy.Result.UPHELD,
        decided_on=dt.date(2017, 6, 15),
        case_number="辽政复字〔2017〕第118号",
    )
    recent = [_create(organisation, spec, n + 100) for n, spec in enumerate(SPECS_RECENT)]
    by_subject = {a.subject: a for a in recent}
    _remedy(
        by_subject["某艺术品经营单位备案材料"],
        kind=Remedy.Kind.RECONSIDERATION,
        filed_on=dt.date(2025, 4, 20),
        authority="辽宁省人民政府",
        result=Remedy.Result.CORRECTED,
        decided_on=dt.date(2025, 6, 10),
        case_number="辽政复字〔2025〕第56号",
    )
    _remedy(
        by_subject["某歌舞娱乐场所行政处罚案卷"],
        kind=Remedy.Kind.DIRECT_SUIT,
        filed_on=dt.date(2025, 1, 6),
        authority="沈阳市和平区人民法院",
        result=Remedy.Result.UPHELD,
        decided_on=dt.date(2025, 3, 12),
        case_number="（2025）辽0102行初12号",
    )
    _remedy(
        by_subject["厅机关内部考勤管理办法"],
        kind=Remedy.Kind.RECONSIDERATION,
        filed_on=dt.date(2025, 5, 8),
        authority="辽宁省人民政府",
    )
    return created_2017 + recent
