"""Demo data of 互动交流 (演示数据): consultations and mailbox messages of 辽宁省文化厅.

- 2017, as in the reference annual report (the 意见征集 column was opened in 2017 beside 网上咨询
  and 领导信箱): two consultations with their 意见采纳情况, and answered, published Q&A.
- 2024–2026: a closed consultation with its 采纳情况 published, one open now (2026-11-20 to
  2026-12-20), one upcoming; comments in every moderation state; messages about 演出许可,
  非遗申报, 博物馆开放时间, 文化市场投诉 …, most answered (several published with consent), two
  recent ones still open, none unanswered for more than 3 months (the inspection rule holds).

Everything is written through the services (historical publication dates with
``historical=True``), so the demo passes the same checks as real content. Idempotent: an item
whose title (or message subject) exists is skipped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from portal.models import Organisation
from publishing.services import publishable_publish, publishable_save

from . import services
from .models import Box, Comment, Consultation, ConsultationFeedback, Message, Topic


def _at(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _paragraphs(*texts: str) -> str:
    return "".join(f"<p>{text}</p>" for text in texts)


@dataclass(frozen=True)
class ConsultationSpec:
    title: str
    summary: str
    draft: tuple[str, ...]
    opens: dt.date
    closes: dt.date
    comments: tuple[tuple[str, str, str], ...] = ()  # (name, content, moderation)
    feedback: tuple[int, int, str, str] | None = None  # other channels, adopted, summary, reasons
    feedback_on: dt.date | None = None


INSTRUCTIONS = (
    "社会各界可通过以下方式提出意见：\n"
    "1. 在本页面“我要提意见”栏目中在线提交；\n"
    "2. 通过信函寄至沈阳市和平区某路某号辽宁省文化厅政策法规处（邮编110000），"
    "信封上注明“征求意见”字样。"
)
APPROVED, PENDING, REJECTED = (
    Comment.Moderation.APPROVED,
    Comment.Moderation.PENDING,
    Comment.Moderation.REJECTED,
)

CONSULTATIONS = [
    ConsultationSpec(
        "关于《辽宁省公共文化服务保障办法（征求意见稿）》公开征求意见的通知",
        "为推进基本公共文化服务标准化、均等化，省文化厅起草了《辽宁省公共文化服务保障办法（征求意见稿）》，"
        "现向社会公开征求意见。",
        (
            "第一条 为了加强公共文化服务体系建设，保障人民群众基本文化权益，制定本办法。",
            "第二条 各级人民政府应当将公共文化服务纳入本级国民经济和社会发展规划。",
            "第三条 公共图书馆、文化馆（站）、博物馆等公共文化设施应当免费或者优惠向公众开放。",
        ),
        dt.date(2017, 6, 5),
        dt.date(2017, 7, 5),
        comments=(
            ("王先生", "建议明确乡镇综合文化站每周开放时间不少于42小时。", APPROVED),
            ("", "希望公共图书馆延长周末开放时间，方便上班族。", APPROVED),
            ("", "建议增加对农村文化广场设施维护经费的保障条款。", APPROVED),
        ),
        feedback=(
            5,
            4,
            "共收到意见建议8条，其中网上3条、信函5条。经研究，采纳4条，"
            "主要涉及文化站开放时间、图书馆错时开放和基层设施维护经费等内容。",
            "未采纳的意见主要涉及设立专项基金，超出本办法调整范围，将在相关规划中统筹研究。",
        ),
        feedback_on=dt.date(2017, 8, 10),
    ),
    ConsultationSpec(
        "关于《辽宁省戏曲进乡村实施方案（征求意见稿）》公开征求意见的通知",
        "为贯彻落实国家关于戏曲进乡村的部署，省文化厅起草了实施方案，现公开征求意见。",
        (
            "一、目标任务：以县为基本单位，为每个行政村每年送戏不少于1场。",
            "二、保障措施：省级财政对贫困地区给予补助，鼓励民营剧团参与。",
        ),
        dt.date(2017, 9, 1),
        dt.date(2017, 9, 30),
        comments=(
            ("李女士", "建议演出剧目优先选择本地群众喜爱的评剧、二人转。", APPROVED),
            ("", "希望提前在村务公开栏公布演出时间。", APPROVED),
        ),
        feedback=(
            1,
            2,
            "共收到意见建议3条，采纳2条：演出剧目将充分征求基层群众意见，演出时间提前公示。",
            "关于增加演出场次的建议，受经费限制暂未采纳，将视财力逐步增加。",
        ),
        feedback_on=dt.date(2017, 10, 25),
    ),
    ConsultationSpec(
        "关于《辽宁省非物质文化遗产代表性传承人认定与管理办法（修订征求意见稿）》公开征求意见的通知",
        "为进一步规范省级非物质文化遗产代表性传承人的认定与管理，省文化和旅游厅对原办法进行了修订，"
        "现向社会公开征求意见。",
        (
            "第一条 为有效保护和传承非物质文化遗产，"
            "鼓励和支持代表性传承人开展传承活动，制定本办法。",
            "第八条 代表性传承人应当履行传承义务，每年向认定部门报告传承情况。",
            "第十五条 对丧失传承能力的代表性传承人，可以认定为名誉传承人。",
        ),
        dt.date(2026, 9, 1),
        dt.date(2026, 9, 30),
        comments=(
            ("赵先生", "建议明确传承补助资金的发放时间和标准。", APPROVED),
            ("", "建议对年满70周岁的传承人适当减少年度报告材料。", APPROVED),
            ("", "加微信领取优惠券，包过非遗认定！", REJECTED),
        ),
        feedback=(
            2,
            2,
            "征求意见期间共收到意见建议4条（网上3条，信函2条，其中1条网上留言为广告，不予采纳）。"
            "采纳2条：补助资金发放时间写入第十一条；简化高龄传承人年度报告。",
            "1条意见为广告信息，与本办法无关。",
        ),
        feedback_on=dt.date(2026, 10, 20),
    ),
    ConsultationSpec(
        "关于《辽宁省营业性演出管理实施细则（征求意见稿）》公开征求意见的通知",
        "为贯彻《营业性演出管理条例》，优化营业性演出审批服务，省文化和旅游厅起草了实施细则，"
        "现向社会公开征求意见。",
        (
            "第一条 为了加强营业性演出市场管理，促进演出市场繁荣发展，"
            "根据《营业性演出管理条例》制定本细则。",
            "第五条 举办营业性演出，应当在演出日期3日前将演出节目内容报送审批。",
            "第九条 演出举办单位应当制定安全工作方案和突发事件应急预案。",
        ),
        dt.date(2026, 11, 20),
        dt.date(2026, 12, 20),
        comments=(
            ("陈先生", "建议对小型剧场演出实行告知承诺制，缩短审批时间。", APPROVED),
            ("", "希望明确网络直播演出是否适用本细则。", PENDING),
            ("", "某体育投注网站，注册送彩金。", REJECTED),
        ),
    ),
    ConsultationSpec(
        "关于《辽宁省博物馆免费开放服务规范（征求意见稿）》公开征求意见的通知",
        "为提升博物馆免费开放服务水平，省文化和旅游厅起草了服务规范，将于12月10日起公开征求意见。",
        (
            "一、开放时间：每周开放不少于5天，法定节假日和学校寒暑假期间应当开放。",
            "二、预约服务：提供网上、电话和现场多种预约方式，保留一定比例的现场名额。",
        ),
        dt.date(2026, 12, 10),
        dt.date(2027, 1, 10),
    ),
]


@dataclass(frozen=True)
class MessageSpec:
    box: str
    topic: str
    subject: str
    content: str
    submitted: dt.datetime
    reply: str = ""
    replied: dt.datetime | None = None
    publish: bool = False  # citizen consented and the Q&A is published
    consent: bool = True


def _m(
    box, topic, subject, content, submitted, reply="", replied=None, publish=False, consent=True
):
    return MessageSpec(box, topic, subject, content, submitted, reply, replied, publish, consent)


ZX, LD = Box.CONSULTATION, Box.LEADER
MESSAGES = [
    _m(
        ZX,
        Topic.PERFORMANCE,
        "举办营业性演出需要办理哪些手续？",
        "我单位计划在沈阳举办一场小型音乐会，请问需要办理哪些审批手续？",
        _at(dt.date(2017, 3, 6)),
        "您好！举办营业性演出，演出举办单位应当向演出所在地县级文化主管部门提出申请，"
        "提交演出节目内容、演员名单等材料。具体可登录本网站“网上办事大厅”查看办事指南。",
        _at(dt.date(2017, 3, 9), 15),
        publish=True,
    ),
    _m(
        ZX,
        Topic.HERITAGE,
        "如何申报省级非物质文化遗产代表性项目？",
        "我们村有传承百年的剪纸技艺，想申报省级非遗项目，请问流程是什么？",
        _at(dt.date(2017, 5, 15)),
        "您好！省级非物质文化遗产代表性项目由项目保护单位向所在地文化主管部门提出，"
        "经市级文化主管部门审核后推荐申报。申报材料包括项目申报书、辅助材料等，详见申报通知。",
        _at(dt.date(2017, 5, 19), 10),
        publish=True,
    ),
    _m(
        LD,
        Topic.PUBLIC_SERVICE,
        "建议增加农家书屋的图书更新频率",
        "我是一名乡村教师，农家书屋的图书很多年没有更新，建议增加更新频率。",
        _at(dt.date(2017, 8, 2)),
        "感谢您的建议！我厅已将农家书屋图书补充更新纳入年度工作计划，"
        "今年将为全省农家书屋补充图书50余万册。",
        _at(dt.date(2017, 8, 8), 11),
        publish=True,
    ),
    _m(
        ZX,
        Topic.RELICS,
        "省博物馆周一开放吗？",
        "想带孩子去省博物馆参观，请问周一是否开放？需要预约吗？",
        _at(dt.date(2017, 10, 9)),
        "您好！辽宁省博物馆每周一闭馆（法定节假日除外），"
        "周二至周日9:00—17:00开放，16:00停止入馆。可通过官方网站或微信公众号预约。",
        _at(dt.date(2017, 10, 10), 16),
        publish=True,
    ),
    _m(
        ZX,
        Topic.MARKET,
        "关于网吧接纳未成年人的投诉",
        "我家附近有网吧长期接纳未成年人上网，请有关部门查处。",
        _at(dt.date(2017, 11, 13)),
        "您好！您反映的情况已转交属地文化市场综合执法机构核查处理，如情况属实将依法查处。",
        _at(dt.date(2017, 11, 17), 9),
        consent=False,
    ),
    _m(
        ZX,
        Topic.PERFORMANCE,
        "涉外营业性演出的审批时限是多少？",
        "我们计划邀请国外乐团来辽宁演出，审批一般需要多长时间？",
        _at(dt.date(2024, 4, 8)),
        "您好！涉外营业性演出审批的法定时限为20个工作日，建议至少提前30日提交申请材料。",
        _at(dt.date(2024, 4, 12), 14),
        publish=True,
    ),
    _m(
        LD,
        Topic.ART,
        "建议支持民营剧团参加惠民演出",
        "民营剧团演出质量不错，建议在政府购买惠民演出中给予更多机会。",
        _at(dt.date(2024, 9, 3)),
        "感谢您的建议！我厅在政府购买公共文化服务中对民营剧团和国有院团一视同仁，"
        "欢迎符合条件的民营剧团参与。",
        _at(dt.date(2024, 9, 10), 10),
        publish=True,
    ),
    _m(
        ZX,
        Topic.HERITAGE,
        "非遗传承人补助如何申领？",
        "我是市级非遗传承人，请问省级传承人的传承补助如何申领？",
        _at(dt.date(2025, 3, 17)),
        "您好！省级代表性传承人补助由省文化和旅游厅按年度拨付至所在地文化主管部门，"
        "市级传承人补助请咨询所在市文化主管部门。",
        _at(dt.date(2025, 3, 21), 15),
        publish=True,
    ),
    _m(
        ZX,
        Topic.MARKET,
        "KTV使用未经授权曲目的投诉",
        "某KTV播放的部分歌曲画面含不良内容，请核查。",
        _at(dt.date(2025, 7, 7)),
        "您好！经属地执法机构检查，该KTV已下架相关曲目并被责令整改。",
        _at(dt.date(2025, 7, 15), 11),
    ),
    _m(
        ZX,
        Topic.RELICS,
        "博物馆国庆期间开放时间",
        "请问国庆假期省内各博物馆是否正常开放？是否延长开放时间？",
        _at(dt.date(2026, 9, 22)),
        "您好！国庆假期期间省内主要博物馆正常开放，部分博物馆延长开放至18:00，具体以各馆公告为准。",
        _at(dt.date(2026, 9, 24), 10),
        publish=True,
    ),
    _m(
        LD,
        Topic.PUBLIC_SERVICE,
        "建议社区文化活动中心增加夜间开放",
        "社区文化活动中心晚上不开放，上班族无法参加活动，建议增加夜间开放时段。",
        _at(dt.date(2026, 10, 12)),
        "感谢您的建议！我厅已印发通知，鼓励有条件的基层文化设施实行错时延时开放。",
        _at(dt.date(2026, 10, 16), 14),
        publish=True,
    ),
    _m(
        ZX,
        Topic.PERFORMANCE,
        "营业性演出许可证到期如何延续？",
        "我公司的营业性演出许可证即将到期，请问如何办理延续？",
        _at(dt.date(2026, 11, 2)),
        "您好！请在许可证有效期届满30日前，通过全国文化市场技术监管与服务平台提出延续申请。",
        _at(dt.date(2026, 11, 5), 9),
    ),
    _m(
        ZX,
        Topic.HERITAGE,
        "第六批省级非遗项目申报截止时间",
        "请问第六批省级非物质文化遗产代表性项目申报什么时候截止？",
        _at(dt.date(2026, 11, 24), 10, 30),
    ),
    _m(
        LD,
        Topic.MARKET,
        "关于剧本娱乐经营场所内容管理的建议",
        "建议加强对剧本杀等剧本娱乐经营场所的内容审核，保护未成年人。",
        _at(dt.date(2026, 11, 27), 16, 20),
    ),
]

DEMO_NAMES = ["张先生", "刘女士", "孙先生", "周女士", "吴先生", "郑女士"]


@transaction.atomic
def seed_demo(*, organisation: Organisation, reviewer, editor) -> str:
    """Create the demo consultations, comments, feedback, messages and Q&A (idempotent).

    ``reviewer`` needs interaction.publish_consultation, publish_message, moderate_comment and
    handle_message (the 审核员 role); ``editor`` drafts the content.
    """
    consultations = sum(
        _seed_consultation(spec, organisation=organisation, reviewer=reviewer, editor=editor)
        for spec in CONSULTATIONS
    )
    messages = sum(
        _seed_message(spec, n, organisation=organisation, reviewer=reviewer)
        for n, spec in enumerate(MESSAGES)
    )
    return (
        f"互动交流：新建意见征集{consultations}项、留言{messages}条"
        f"（共{Consultation.objects.count()}项征集、{Message.objects.count()}条留言）"
    )


def _seed_consultation(spec: ConsultationSpec, *, organisation, reviewer, editor) -> int:
    if Consultation.objects.filter(title=spec.title).exists():
        return 0
    consultation = Consultation(
        organisation=organisation,
        title=spec.title,
        summary=spec.summary,
        draft_text=_paragraphs(*spec.draft),
        instructions=INSTRUCTIONS,
        opens_at=_at(spec.opens, 9),
        closes_at=_at(spec.closes, 17),
    )
    publishable_save(obj=consultation, actor=editor)
    # Published on its opening day; an upcoming one is published now (announced in advance).
    publish_at = _at(spec.opens, 8) if spec.opens < timezone.localdate() else None
    publishable_publish(
        obj=consultation,
        actor=reviewer,
        confidentiality_checked=True,
        publish_at=publish_at,
        historical=True,
    )
    for n, (name, content, moderation) in enumerate(spec.comments):
        comment_at = _at(spec.opens + dt.timedelta(days=n + 1), 10 + n)
        if comment_at >= timezone.now():
            comment_at = timezone.now() - dt.timedelta(hours=n + 1)
        comment = services.comment_submit(
            consultation=consultation,
            data={"name": name, "contact": f"139{n:04d}{spec.opens:%m%d}", "content": content},
            at=comment_at,
        )
        if moderation == Comment.Moderation.APPROVED:
            services.comment_moderate(
                comment=comment,
                actor=reviewer,
                decision=moderation,
                reply="感谢您的意见，我们将认真研究。" if n == 0 else "",
            )
        elif moderation == Comment.Moderation.REJECTED:
            services.comment_moderate(
                comment=comment,
                actor=reviewer,
                decision=moderation,
                reason="广告信息，与征求意见内容无关",
            )
    if spec.feedback:
        other, adopted, summary, reasons = spec.feedback
        feedback = ConsultationFeedback(
            consultation=consultation,
            title=f"关于{spec.title.removeprefix('关于').removesuffix('公开征求意见的通知')}意见采纳情况的说明",
            other_channel_count=other,
            adopted_count=adopted,
            summary=_paragraphs(summary),
            non_adoption_reasons=reasons,
        )
        publishable_save(obj=feedback, actor=editor)
        publishable_publish(
            obj=feedback,
            actor=reviewer,
            confidentiality_checked=True,
            publish_at=_at(spec.feedback_on, 9),
            historical=True,
        )
    return 1


def _seed_message(spec: MessageSpec, n: int, *, organisation, reviewer) -> int:
    if Message.objects.filter(subject=spec.subject).exists():
        return 0
    message, _code = services.message_submit(
        data={
            "box": spec.box,
            "topic": spec.topic,
            "subject": spec.subject,
            "content": spec.content,
            "name": DEMO_NAMES[n % len(DEMO_NAMES)],
            "phone": f"1381234{n:04d}",
            "consents_to_publication": spec.consent,
            "privacy_consent": True,
        },
        submitted_at=spec.submitted,
    )
    services.message_assign(
        message=message,
        actor=reviewer,
        unit=organisation,
        at=spec.submitted + dt.timedelta(hours=2),
    )
    if spec.reply:
        services.message_answer(message=message, actor=reviewer, reply=spec.reply, at=spec.replied)
    if spec.publish:
        answer = services.published_answer_prepare(message=message, actor=reviewer)
        publishable_publish(
            obj=answer,
            actor=reviewer,
            confidentiality_checked=True,
            publish_at=spec.replied + dt.timedelta(days=1),
            historical=True,
        )
    return 1
