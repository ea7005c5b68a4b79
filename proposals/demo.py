"""Demo 建议提案办理: the 2017 set of the reference report (13 replies to 辽宁省十二届人大七次
会议 suggestions and 政协十一届五次会议 proposals, all answered and published in full), and a
few for 2025/2026: one with 摘要 consent, one 不公开, one reply published late, one open and
overdue, one open and not yet due, one answered but not yet published.

Proposers' names are anonymised (王某 …) in the demo; contact details are stored only to show
that they never reach a page. Idempotent: proposals are found by type, year, session and number.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from publishing.models import PublicationStatus

from . import services
from .models import Consent, Proposal, ProposalCategory, ProposalKind, ProposalReply, ResultClass

NPC, CPPCC = ProposalKind.SUGGESTION, ProposalKind.PROPOSAL


@dataclass(frozen=True)
class Item:
    kind: str
    year: int
    term: str
    session: str
    number: str
    title: str
    proposers: str
    delegation: str
    assigned_on: dt.date
    answered_on: dt.date | None
    result: str
    answer: str  # the substance of the reply
    consent: str = Consent.FULL
    consent_reason: str = ""
    published_on: dt.date | None = (
        None  # None: answered + 12 days; not published when answered_on is None
    )
    publish: bool = True
    is_complex: bool = False


D = dt.date

ITEMS_2017 = [
    Item(
        NPC,
        2017,
        "十二届",
        "七次会议",
        "0112",
        "关于加强非物质文化遗产保护传承的建议",
        "王某",
        "沈阳代表团",
        D(2017, 3, 1),
        D(2017, 5, 26),
        "A",
        "我厅已公布第四批省级非物质文化遗产代表性项目和代表性传承人名录，对省级代表性传承人开展"
        "抢救性记录，并安排专项资金支持传承人开展传习活动。下一步将推动非遗进校园、进社区。",
    ),
    Item(
        NPC,
        2017,
        "十二届",
        "七次会议",
        "0235",
        "关于完善基层公共文化服务体系的建议",
        "李某、赵某",
        "大连代表团",
        D(2017, 3, 1),
        D(2017, 5, 31),
        "B",
        "我厅正推进县级文化馆、图书馆总分馆制建设，将基层综合性文化服务中心建设纳入年度重点工作，"
        "到2020年基本实现全覆盖。",
    ),
    Item(
        NPC,
        2017,
        "十二届",
        "七次会议",
        "0301",
        "关于推动戏曲进乡村常态化的建议",
        "刘某",
        "铁岭代表团",
        D(2017, 3, 1),
        D(2017, 6, 2),
        "A",
        "我厅已印发《辽宁省关于戏曲进乡村的实施方案》，通过政府购买服务为全省乡镇送去以地方戏为主的"
        "戏曲演出，演出情况每半年通报一次。",
    ),
    Item(
        NPC,
        2017,
        "十二届",
        "七次会议",
        "0367",
        "关于支持县级博物馆免费开放的建议",
        "陈某",
        "朝阳代表团",
        D(2017, 3, 1),
        D(2017, 6, 6),
        "B",
        "我厅会同省财政厅将符合条件的县级博物馆纳入中央和省级免费开放补助范围，"
        "并指导博物馆提升陈列展览水平。",
    ),
    Item(
        NPC,
        2017,
        "十二届",
        "七次会议",
        "0412",
        "关于加强农村文物保护的建议",
        "孙某",
        "锦州代表团",
        D(2017, 3, 1),
        D(2017, 6, 9),
        "B",
        "我厅推动落实文物保护单位“四有”工作，开展田野文物安全专项检查，"
        "并在重点地区试点聘请文物保护员。",
    ),
    Item(
        NPC,
        2017,
        "十二届",
        "七次会议",
        "0458",
        "关于规范演艺市场秩序的建议",
        "周某",
        "鞍山代表团",
        D(2017, 3, 1),
        D(2017, 6, 13),
        "A",
        "我厅开展营业性演出市场专项整治，依法查处违规演出活动，"
        "并将演出经营主体信用信息纳入全国文化市场信用管理。",
    ),
    Item(
        NPC,
        2017,
        "十二届",
        "七次会议",
        "0503",
        "关于扩大文化惠民演出覆盖面的建议",
        "吴某",
        "丹东代表团",
        D(2017, 3, 1),
        D(2017, 6, 16),
        "C",
        "受财力所限，文化惠民演出场次目前难以大幅增加，我厅将积极争取资金，"
        "逐步扩大演出覆盖面并向边远地区倾斜。",
    ),
    Item(
        CPPCC,
        2017,
        "十一届",
        "五次会议",
        "0087",
        "关于加快数字图书馆建设的提案",
        "郑某",
        "文化艺术界",
        D(2017, 3, 3),
        D(2017, 5, 24),
        "B",
        "省图书馆数字资源建设已纳入公共数字文化工程，我厅将推动市县图书馆共建共享数字资源。",
    ),
    Item(
        CPPCC,
        2017,
        "十一届",
        "五次会议",
        "0152",
        "关于保护和利用工业遗产的提案",
        "冯某",
        "经济界",
        D(2017, 3, 3),
        D(2017, 6, 1),
        "B",
        "我厅会同有关部门开展全省工业遗产调查，推动将具有重要价值的工业遗产纳入文物保护范围。",
    ),
    Item(
        CPPCC,
        2017,
        "十一届",
        "五次会议",
        "0206",
        "关于扶持地方戏曲剧团发展的提案",
        "褚某",
        "文化艺术界",
        D(2017, 3, 3),
        D(2017, 6, 7),
        "A",
        "我厅已出台支持地方戏曲传承发展的具体措施，对国有和民营戏曲院团给予演出补贴和剧目创作扶持。",
    ),
    Item(
        CPPCC,
        2017,
        "十一届",
        "五次会议",
        "0248",
        "关于推进博物馆文创产品开发的提案",
        "卫某",
        "中国民主同盟",
        D(2017, 3, 3),
        D(2017, 6, 14),
        "B",
        "我厅已确定省博物馆等单位为文创产品开发试点，探索收入分配和激励机制。",
    ),
    Item(
        CPPCC,
        2017,
        "十一届",
        "五次会议",
        "0311",
        "关于加强非遗传承人队伍建设的提案",
        "蒋某",
        "社会科学界",
        D(2017, 3, 3),
        D(2017, 6, 20),
        "A",
        "我厅实施中国非遗传承人群研修研习培训计划，2017年依托高校举办研修班，培训传承人。",
    ),
    Item(
        CPPCC,
        2017,
        "十一届",
        "五次会议",
        "0375",
        "关于促进公共文化设施社会化运营的提案",
        "沈某",
        "中国民主建国会",
        D(2017, 3, 3),
        D(2017, 6, 23),
        "D",
        "提案提出的公共文化设施社会化运营建议，我厅将在制定相关政策时研究参考。",
    ),
]

ITEMS_RECENT = [
    Item(
        NPC,
        2025,
        "十四届",
        "三次会议",
        "0066",
        "关于推动文旅融合发展的建议",
        "韩某",
        "盘锦代表团",
        D(2025, 2, 20),
        D(2025, 5, 16),
        "B",
        "我厅正编制文旅融合发展行动方案，推动文化资源转化为旅游产品。",
    ),
    Item(
        CPPCC,
        2025,
        "十三届",
        "三次会议",
        "0120",
        "关于加强红色文化资源保护利用的提案",
        "杨某",
        "中国共产党",
        D(2025, 2, 24),
        D(2025, 5, 20),
        "A",
        "我厅已公布革命文物名录，实施革命旧址保护修缮工程。",
        consent=Consent.ABSTRACT,
        consent_reason="答复涉及尚未定稿的保护规划，经委员同意摘要公开。",
    ),
    Item(
        NPC,
        2025,
        "十四届",
        "三次会议",
        "0143",
        "关于某历史建筑保护的建议",
        "朱某",
        "营口代表团",
        D(2025, 2, 20),
        D(2025, 5, 23),
        "C",
        "该建筑产权和修缮方案尚在协调中。",
        consent=Consent.NONE,
        consent_reason="涉及产权纠纷和个人信息，经代表同意不公开。",
    ),
    Item(
        CPPCC,
        2025,
        "十三届",
        "三次会议",
        "0188",
        "关于提升公共图书馆夜间开放服务的提案",
        "秦某",
        "文化艺术界",
        D(2025, 2, 24),
        D(2025, 5, 26),
        "A",
        "全省已有多家公共图书馆试行夜间开放，我厅将总结经验逐步推广。",
        published_on=D(2025, 8, 8),
    ),  # published late: more than 20 working days after answering
    Item(
        NPC,
        2026,
        "十四届",
        "四次会议",
        "0052",
        "关于加强乡村文化振兴人才培养的建议",
        "许某",
        "阜新代表团",
        D(2026, 2, 20),
        None,
        "",
        "",
    ),
    Item(
        CPPCC,
        2026,
        "十三届",
        "四次会议",
        "0097",
        "关于建设全省智慧文旅平台的提案",
        "何某",
        "科学技术界",
        D(2026, 6, 10),
        None,
        "",
        "",
        is_complex=True,
    ),
    Item(
        NPC,
        2026,
        "十四届",
        "四次会议",
        "0131",
        "关于支持民营文艺院团发展的建议",
        "吕某",
        "本溪代表团",
        D(2026, 3, 2),
        D(2026, 9, 15),
        "B",
        "我厅已将符合条件的民营文艺院团纳入政府购买公共文化服务承接主体范围。",
        publish=False,
    ),
]


def _letter(item: Item) -> str:
    """The reply letter (答复件) as published: salutation, answer, thanks, date."""
    role = "委员" if item.kind == CPPCC else "代表"
    name = item.proposers.split("、")[0]
    day = item.answered_on
    paragraphs = [
        f"{name}{role}：",
        f"您提出的《{item.title}》收悉。感谢您对全省文化工作的关心和支持。现答复如下：",
        item.answer,
        "再次感谢您对我们工作的关心和支持，欢迎继续提出宝贵意见。",
        f"{day.year}年{day.month}月{day.day}日",
    ]
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def _reply_title(item: Item) -> str:
    noun = "提案" if item.kind == CPPCC else "建议"
    meeting = (
        f"省政协{item.term}{item.session}"
        if item.kind == CPPCC
        else f"省{item.term}人大{item.session}"
    )
    return f"关于{meeting}第{item.number}号{noun}的答复"


def _seed(item: Item, *, organisation, editor, reviewer) -> bool:
    """Create one proposal (and its reply); False if it already exists."""
    if Proposal.objects.filter(
        kind=item.kind, year=item.year, session=item.session, number=item.number
    ).exists():
        return False
    proposal = Proposal(
        kind=item.kind,
        category=ProposalCategory.PROPOSAL if item.kind == CPPCC else ProposalCategory.SUGGESTION,
        year=item.year,
        congress_term=item.term,
        session=item.session,
        number=item.number,
        title=item.title,
        proposers=item.proposers,
        delegation=item.delegation,
        contact_details=f"（演示）{item.proposers}，联系电话 024-0000{item.number}",
        content_summary=item.title.removeprefix("关于")
        .removesuffix("的建议")
        .removesuffix("的提案"),
        lead_unit=organisation,
        assigned_on=item.assigned_on,
        is_complex=item.is_complex,
        answered_on=item.answered_on,
        result_class=ResultClass.objects.filter(code=item.result).first() if item.result else None,
        consent=item.consent,
        consent_reason=item.consent_reason,
    )
    services.proposal_save(proposal=proposal, actor=editor)
    if item.answered_on is None:
        return True
    reply = ProposalReply(
        proposal=proposal,
        title=_reply_title(item),
        body=_letter(item),
        abstract=item.answer if item.consent == Consent.ABSTRACT else "",
    )
    services.reply_save(reply=reply, actor=editor)
    if not item.publish or item.consent == Consent.NONE:
        return True
    services.reply_submit(reply=reply, actor=editor)
    published_on = item.published_on or item.answered_on + dt.timedelta(days=12)
    publish_at = timezone.make_aware(dt.datetime.combine(published_on, dt.time(10, 0)))
    services.reply_publish(
        reply=reply,
        actor=reviewer,
        confidentiality_checked=True,
        publish_at=publish_at,
        historical=publish_at < timezone.now(),
    )
    return True


def seed_demo(*, organisation, reviewer, editor) -> str:
    """Seed the demo proposals and replies; returns a one-line summary."""
    created = sum(
        _seed(item, organisation=organisation, editor=editor, reviewer=reviewer)
        for item in [*ITEMS_2017, *ITEMS_RECENT]
    )
    published = ProposalReply.objects.filter(status=PublicationStatus.PUBLISHED).count()
    return f"建议提案办理：新建{created}件，已公开答复{published}件。"
