"""A fast generator of believable Chinese government texts (titles, bodies, summaries, keywords).

Everything is precomputed phrase pools combined with `random.Random.choice`; no per-document
heavy work, so that a million documents can be generated in minutes. Each column has a text
profile (`PROFILES`) that decides titles, genre and whether the document carries a 文号.

Care taken with the content checks of `integrity.checks`: pools contain no forbidden term even
across sentence boundaries (the checker ignores punctuation between characters), and no number
looks like an ID, mobile or bank-card number (phones are 024 office numbers).
"""

import random
import re
from dataclasses import dataclass
from datetime import date

from disclosure.models import Document
from disclosure.validators import DOCUMENT_NUMBER_RE

CITIES = [
    "沈阳",
    "大连",
    "鞍山",
    "抚顺",
    "本溪",
    "丹东",
    "锦州",
    "营口",
    "阜新",
    "辽阳",
    "铁岭",
    "朝阳",
    "盘锦",
    "葫芦岛",
]

# (theme, 主题分类 second level, keywords)
THEMES = [
    ("公共文化服务", "文化", "公共文化 服务体系", "public"),
    ("文化惠民", "文化", "文化惠民 群众文化", "public"),
    ("非物质文化遗产保护", "文化", "非物质文化遗产 传承", "art"),
    ("文物保护", "文物", "文物保护 文物安全", "heritage"),
    ("革命文物保护利用", "文物", "革命文物 保护利用", "heritage"),
    ("博物馆建设", "文物", "博物馆 免费开放", "heritage"),
    ("考古发掘", "文物", "考古 文物", "heritage"),
    ("演出市场管理", "文化", "演出市场 营业性演出", "market"),
    ("艺术品市场管理", "文化", "艺术品市场 经营", "market"),
    ("文化市场综合执法", "文化", "文化市场 综合执法", "market"),
    ("舞台艺术创作", "文化", "舞台艺术 创作生产", "art"),
    ("戏曲传承发展", "文化", "戏曲 传承发展", "art"),
    ("公共图书馆服务", "文化", "图书馆 全民阅读", "public"),
    ("文化馆总分馆制建设", "文化", "文化馆 总分馆", "public"),
    ("群众文化活动", "文化", "群众文化 文化活动", "public"),
    ("网络文化市场管理", "文化", "网络文化 市场监管", "market"),
    ("娱乐场所管理", "文化", "娱乐场所 安全生产", "market"),
    ("文化产业发展", "文化", "文化产业 项目", "art"),
    ("美术馆免费开放", "文化", "美术馆 免费开放", "public"),
    ("长城保护", "文物", "长城 文物保护", "heritage"),
]

ACTIVITIES = [
    "专项检查",
    "督查调研",
    "培训班",
    "工作会议",
    "评估工作",
    "安全检查",
    "宣传展示活动",
    "示范项目申报",
    "年度考核",
    "数据统计",
    "普查工作",
    "展演活动",
]
EVENTS = [
    "新春文化惠民季",
    "优秀剧目演出季",
    "文化和自然遗产日系列活动",
    "全民阅读推广活动",
    "辽宁文化艺术节",
    "群众文化节",
    "非遗进校园活动",
    "少儿艺术展演",
    "优秀美术作品展",
    "广场文化活动",
    "戏曲进校园活动",
    "农民文艺汇演",
]
MEETINGS = [
    "全省文化工作会议",
    "全省文化市场管理工作会议",
    "全省公共文化服务体系建设推进会",
    "全省文物安全工作会议",
    "全省非物质文化遗产保护工作座谈会",
    "厅党组理论学习中心组学习会议",
    "全省博物馆工作会议",
    "全省艺术创作生产工作会议",
    "全省政务公开工作培训会",
]
DOC_KINDS = ["实施方案", "管理办法", "工作方案", "实施意见", "工作规程", "管理规定", "实施细则"]
PERIODS = ["元旦春节期间", "清明节期间", "“五一”期间", "暑期", "国庆期间", "汛期", "冬季"]
VENUES = ["大剧院", "文化宫", "体育馆", "演艺中心", "剧场", "音乐厅"]
COMPANY_WORDS = ["星海", "辽河", "北方", "盛京", "渤海", "白山", "长河", "金秋", "华夏", "海韵"]
COMPANY_KINDS = [
    "文化传播有限公司",
    "演艺有限公司",
    "文化发展有限公司",
    "艺术品有限公司",
    "娱乐有限公司",
]

OPENINGS = [
    "各市文化广电局，沈抚新区、绥中县、昌图县文化主管部门：",
    "厅机关各处室，各直属单位：",
    "各市文化广电局，省直各文化单位：",
]
LEADS = [
    "为深入贯彻落实党中央、国务院关于文化工作的决策部署，进一步推动{theme}工作高质量发展，",
    "为认真落实省委、省政府工作要求，切实做好{year}年{theme}各项工作，",
    "根据文化部有关工作安排，结合我省{theme}工作实际，",
    "为进一步规范{theme}，提升公共服务水平，更好满足人民群众精神文化需求，",
]
LEAD_ENDS = [
    "经研究，决定开展{activity}。现将有关事项通知如下：",
    "现就做好有关工作通知如下：",
    "制定本方案，请结合实际认真贯彻执行。",
]
# Numbered points of an official document: (heading, sentence); general and per theme group.
POINTS = {
    "general": [
        (
            "提高思想认识",
            "各地要高度重视{theme}工作，将其纳入重要议事日程，主要负责同志亲自部署、亲自过问，"
            "明确责任分工，确保各项任务落到实处",
        ),
        (
            "加强统筹协调",
            "要加强与发展改革、财政、公安、市场监管等部门的沟通协调，建立联席会议制度，形成工作合力",
        ),
        (
            "突出工作重点",
            "要坚持以人民为中心的工作导向，统筹城乡文化资源，推动优质文化资源和服务向基层延伸、向农村倾斜",
        ),
        (
            "加强队伍建设",
            "要分级分类开展业务培训，充实基层工作力量，不断提高文化工作者的政治素质和业务能力",
        ),
        (
            "强化宣传引导",
            "要创新宣传方式，运用门户网站、政务新媒体等渠道扩大宣传覆盖面，提高群众知晓率和参与度",
        ),
        (
            "建立工作台账",
            "要建立工作台账，实行动态管理，定期梳理分析工作进展情况，及时研究解决工作中遇到的问题",
        ),
        (
            "加强资金保障",
            "要统筹使用中央和省级补助资金，严格执行资金管理规定，专款专用，切实提高资金使用效益",
        ),
        (
            "严格督导检查",
            "省文化厅将适时组织督导检查，对工作推进不力的地区予以通报，检查结果纳入年度绩效考核",
        ),
    ],
    "heritage": [
        (
            "压实安全责任",
            "要坚持保护为主、抢救第一、合理利用、加强管理的方针，逐处落实文物安全直接责任人",
        ),
        (
            "加强日常巡查",
            "要加强对文物保护单位和考古工地的日常巡查，完善消防、安防设施，坚决防范文物安全事故",
        ),
        (
            "推进活化利用",
            "要在确保文物安全的前提下，推动文物资源进校园、进社区，讲好文物背后的历史故事",
        ),
    ],
    "market": [
        (
            "加强市场监管",
            "要加强对营业性演出、娱乐场所和艺术品经营单位的日常巡查，依法查处违法违规经营行为",
        ),
        (
            "落实安全生产",
            "要督促经营单位落实安全生产主体责任，加强人员密集场所消防安全检查，及时消除安全隐患",
        ),
        (
            "优化审批服务",
            "要推行行政审批事项网上办理，压缩办理时限，公开办事指南，为经营主体提供便捷服务",
        ),
    ],
    "public": [
        (
            "丰富活动内容",
            "要充分发挥图书馆、文化馆、美术馆等公共文化场馆阵地作用，组织开展形式多样、群众喜闻乐见的文化活动",
        ),
        (
            "推进免费开放",
            "要落实公共文化设施免费开放政策，合理安排开放时间，推行错时延时服务，方便群众就近参与",
        ),
        (
            "完善服务网络",
            "要推进基层综合性文化服务中心建设，完善省、市、县、乡、村五级公共文化服务网络",
        ),
    ],
    "art": [
        (
            "繁荣艺术创作",
            "要坚持以人民为中心的创作导向，扶持反映新时代辽宁振兴发展的优秀剧目，推出更多精品力作",
        ),
        (
            "推动传承发展",
            "要加强地方戏曲剧种的保护扶持，深入开展戏曲进乡村、进校园活动，培养戏曲后备人才",
        ),
        (
            "深化院团改革",
            "要深化国有文艺院团改革，完善演出场次和观众人次考核办法，激发院团创作演出活力",
        ),
    ],
}
GOALS = [
    "工作目标：到{target}年，全省{theme}体系更加完善，制度机制更加健全，服务效能明显提升，"
    "人民群众的获得感、幸福感进一步增强。",
    "总体要求：坚持政府主导、社会参与、共建共享，坚持问题导向和目标导向相统一，"
    "以{theme}为重点，补齐短板、强化弱项，推动我省文化事业高质量发展。",
    "基本原则：坚持统筹兼顾、分类指导，坚持因地制宜、注重实效，坚持改革创新、依法管理，"
    "确保{theme}各项任务如期完成。",
]
ORDINALS = ["一", "二", "三", "四", "五"]
CLOSINGS = [
    "请各地于{month}月底前将工作开展情况报送省文化厅，联系电话：024-2312{ext}。",
    "执行中遇到的问题，请及时与省文化厅联系，联系电话：024-2312{ext}，传真：024-23123457。",
    "工作中的重要情况请及时报告。联系电话：024-2312{ext}。",
]
NEWS_MEETING_SENTENCES = [
    "会议总结了近年来全省{theme}工作取得的成绩，分析了当前面临的形势，部署了下一阶段重点任务",
    "会议指出，各地要进一步提高政治站位，以更加务实的作风推动各项工作落地见效",
    "会议强调，要坚持问题导向，聚焦群众反映强烈的突出问题，拿出切实管用的工作举措",
    "与会代表围绕工作中的难点问题进行了深入交流，提出了具有针对性的意见建议",
    "调研组实地走访了基层综合性文化服务中心、公共图书馆和文化馆，详细了解场馆运行和免费开放情况",
    "调研组听取了当地文化部门的工作汇报，对下一步工作提出了具体要求",
    "省文化厅有关负责同志出席并讲话，要求各地切实增强责任感和使命感",
    "各市文化广电局分管负责同志和省直各文化单位主要负责同志参加会议",
    "会议要求，要把{theme}工作放在全省文化工作大局中谋划推进，确保年度目标任务全面完成",
    "会上，部分市文化广电局和基层单位作了典型发言，交流了工作经验",
]
NEWS_ACTIVITY_SENTENCES = [
    "活动期间，各地共组织开展各类文化活动数百场次，吸引群众广泛参与",
    "活动以“文化惠民、共享发展”为主题，集中展示了近年来我省文化建设的丰硕成果",
    "本次活动由省文化厅主办，{city}市文化广电局承办，各市文化馆协办",
    "演出涵盖评剧、京剧、歌舞、曲艺等多种艺术门类，既有经典剧目，也有新创作品",
    "群众纷纷表示，家门口的文化活动越来越多，生活越来越丰富",
    "各公共文化场馆同步推出展览、讲座和培训，线上线下联动，方便群众参与",
    "{city}市结合本地实际，推出了一批特色鲜明的群众文化品牌活动",
    "当地还组织文艺志愿者深入社区、乡村开展慰问演出和辅导培训",
    "为方便群众观看，部分场次通过网络平台同步直播，线上观看人数累计数十万人次",
    "主办方还在现场设置了政策宣传咨询台，向群众发放文化惠民政策宣传资料",
]
NEWS_CLOSINGS = [
    "下一步，省文化厅将继续加大工作力度，推动公共文化服务标准化、均等化发展",
    "下一步，省文化厅将认真总结经验做法，推动{theme}工作再上新台阶",
    "据悉，相关活动将持续到月底，具体安排可关注省文化厅门户网站和政务微信",
]
PERMIT_BODY = [
    "根据《营业性演出管理条例》及其实施细则的规定，经审核，同意{company}在{city}{venue}举办营业性演出。",
    "演出举办单位应当严格按照批准的内容、时间和地点组织演出，落实安全工作方案，"
    "不得擅自变更演出节目和演员。",
    "如有疑问，请与省文化厅文化市场处联系，联系电话：024-23123462。",
]
PENALTY_BODY = [
    "当事人：{company}。",
    "违法事实：经查，当事人存在{violation}的违法行为，违反了{law}的规定。",
    "处罚依据及结果：依据{law}的有关规定，给予警告并处罚款的行政处罚。",
    "作出处罚决定的机关：辽宁省文化厅。",
]
VIOLATIONS = [
    ("未经批准擅自举办营业性演出", "《营业性演出管理条例》"),
    ("变更演出内容未重新报批", "《营业性演出管理条例》"),
    ("经营含有禁止内容的艺术品", "《艺术品经营管理办法》"),
    ("未按规定明示艺术品来源", "《艺术品经营管理办法》"),
    ("擅自变更娱乐场所经营地址", "《娱乐场所管理条例》"),
]
PERSONNEL_TITLES = [
    "辽宁省文化厅直属事业单位{year}年公开招聘工作人员公告",
    "辽宁省文化厅直属事业单位{year}年公开招聘拟聘用人员公示",
    "{year}年度全省文化系列高级专业技术职务任职资格评审结果公示",
    "关于开展{year}年度全省群众文化系列职称评审工作的通知",
    "辽宁省文化厅{year}年公开遴选公务员公告",
]
PERSONNEL_BODY = [
    "根据《事业单位人事管理条例》和我省事业单位公开招聘有关规定，结合工作需要，经研究，"
    "现将有关事项公告如下。",
    "本次工作坚持公开、平等、竞争、择优的原则，按照规定的程序组织实施，全程接受社会监督。",
    "公示期间，如对公示内容有异议，可通过来信、来电等方式向省文化厅人事处反映，"
    "反映情况应当实事求是，并提供必要的调查线索。联系电话：024-23123468。",
]
PROPOSAL_BODY = [
    "您提出的关于加强{theme}的建议收悉，现答复如下：",
    "近年来，我厅高度重视{theme}工作，坚持统筹规划、分类指导，在政策制定、资金保障和队伍建设等方面"
    "做了大量工作，取得了积极成效。",
    "您在建议中提出的意见很有针对性，我厅将认真研究吸纳，会同有关部门进一步完善政策措施，"
    "推动相关工作取得新进展。",
    "感谢您对文化工作的关心和支持。联系单位：省文化厅政策法规处，联系电话：024-23123459。",
]
PLANNING_TITLES = [
    "辽宁省文化厅{year}年工作要点",
    "辽宁省{theme}{year}年工作计划",
    "辽宁省{theme}三年行动计划",
    "辽宁省文化厅{year}年政务公开工作要点",
]


@dataclass
class GeneratedText:
    title: str
    body: str
    summary: str
    keywords: str
    topic: str
    genre: str
    regulatory_class: str
    number_prefix: str  # "" when the document has no 文号


class DocumentNumbers:
    """Issues 文号 (GB/T 9704: 代字〔年份〕序号号), never reusing one already taken."""

    def __init__(self, taken=()):
        self.last: dict[tuple[str, int], int] = {}
        for number in taken:
            match = DOCUMENT_NUMBER_RE.match(number or "")
            if match:
                key = (match["prefix"], int(match["year"]))
                self.last[key] = max(self.last.get(key, 0), int(match["seq"]))

    def next(self, prefix: str, year: int) -> str:
        serial = self.last.get((prefix, year), 0) + 1
        self.last[(prefix, year)] = serial
        return f"{prefix}〔{year}〕{serial}号"


class TextGenerator:
    """Chinese titles and bodies for a text profile; deterministic for a given seed."""

    def __init__(self, seed: int | None = 2017):
        self.rng = random.Random(seed)

    # --- small helpers ----------------------------------------------------------------------
    def _theme(self):
        return self.rng.choice(THEMES)

    def _company(self) -> str:
        rng = self.rng
        return f"{rng.choice(CITIES)}{rng.choice(COMPANY_WORDS)}{rng.choice(COMPANY_KINDS)}"

    def _ext(self) -> str:
        return str(self.rng.randint(3450, 3499))

    def _points(self, theme, count: int) -> list[str]:
        """Numbered points: one or two specific to the theme's group, the rest general."""
        name, group = theme[0], theme[3]
        specific = self.rng.sample(POINTS[group], self.rng.randint(1, 2))
        chosen = specific + self.rng.sample(POINTS["general"], count - len(specific))
        return [
            f"{ORDINALS[i]}、{heading}。{text.format(theme=name)}。"
            for i, (heading, text) in enumerate(chosen)
        ]

    # --- profiles ---------------------------------------------------------------------------
    def generate(self, profile: str, day: date) -> GeneratedText:
        return getattr(self, f"_{profile}")(day)

    def _official(
        self, day: date, title: str, theme, genre: str, prefix: str, regulatory_class: str = ""
    ) -> GeneratedText:
        rng = self.rng
        name, second, keywords, _group = theme
        lead = rng.choice(LEADS).format(theme=name, year=day.year)
        lead += rng.choice(LEAD_ENDS).format(activity=rng.choice(ACTIVITIES))
        goal = rng.choice(GOALS).format(theme=name, target=day.year + 2)
        body = [
            rng.choice(OPENINGS),
            lead,
            goal,
            *self._points(theme, rng.randint(4, 5)),
            rng.choice(CLOSINGS).format(month=rng.randint(1, 12), ext=self._ext()),
        ]
        return GeneratedText(
            title=title,
            body="".join(f"<p>{p}</p>" for p in body),
            summary=f"{lead[:-1] if lead.endswith('：') else lead}",
            keywords=f"{keywords} {genre}",
            topic=f"文化、广电、新闻出版\\{second}",
            genre=genre,
            regulatory_class=regulatory_class,
            number_prefix=prefix,
        )

    def _notice(self, day: date) -> GeneratedText:
        rng = self.rng
        theme = self._theme()
        name = theme[0]
        title = rng.choice(
            [
                f"关于开展{day.year}年{name}{rng.choice(ACTIVITIES)}的通知",
                f"关于做好{rng.choice(PERIODS)}{name}工作的通知",
                f"关于举办{day.year}年{rng.choice(EVENTS)}的通知",
                f"关于组织申报{day.year}年度{name}示范项目的通知",
                f"关于公布{day.year}年度{name}先进集体名单的通知",
            ]
        )
        return self._official(
            day, title, theme, Document.Genre.NOTICE, rng.choice(["辽文办发", "辽文办函", "辽文函"])
        )

    def _policy(self, day: date) -> GeneratedText:
        rng = self.rng
        theme = self._theme()
        name = theme[0]
        kind = rng.choice(DOC_KINDS)
        if rng.random() < 0.75:
            title = f"关于印发《辽宁省{name}{kind}》的通知"
            genre = Document.Genre.NOTICE
        else:
            title = f"辽宁省文化厅关于进一步加强{name}工作的意见"
            genre = Document.Genre.OPINION
        regulatory = Document.RegulatoryClass.NORMATIVE if rng.random() < 0.4 else ""
        return self._official(
            day, title, theme, genre, rng.choice(["辽文发", "辽文办发"]), regulatory
        )

    def _planning(self, day: date) -> GeneratedText:
        theme = self._theme()
        title = self.rng.choice(PLANNING_TITLES).format(year=day.year, theme=theme[0])
        return self._official(day, title, theme, Document.Genre.PLAN, "")

    def _news(self, day: date) -> GeneratedText:
        rng = self.rng
        name, second, keywords, _group = self._theme()
        f = {
            "month": day.month,
            "day": day.day,
            "year": day.year,
            "city": rng.choice(CITIES),
            "meeting": rng.choice(MEETINGS),
            "event": rng.choice(EVENTS),
            "theme": name,
        }
        kind = rng.randrange(5)
        title, opening = [
            ("{meeting}在{city}召开", "{month}月{day}日，{meeting}在{city}召开。"),
            ("{year}年{event}在{city}开幕", "{month}月{day}日，{year}年{event}在{city}开幕。"),
            (
                "省文化厅赴{city}开展{theme}专题调研",
                "日前，省文化厅组成调研组，赴{city}就{theme}工作开展专题调研。",
            ),
            (
                "{city}市扎实推进{theme}工作",
                "今年以来，{city}市文化广电局认真落实全省文化工作会议部署，扎实推进{theme}工作。",
            ),
            (
                "“辽宁文化日历”发布{month}月演出信息",
                "近日，省文化厅通过政务微信“辽宁文化日历”栏目发布{month}月全省演出信息，涵盖{event}等活动。",
            ),
        ][kind]
        pool = NEWS_MEETING_SENTENCES if kind in (0, 2) else NEWS_ACTIVITY_SENTENCES
        sentences = [s.format(**f) + "。" for s in rng.sample(pool, 8)]
        closing = rng.choice(NEWS_CLOSINGS).format(**f) + "。"
        opening = opening.format(**f)
        body = [
            opening + "".join(sentences[:2]),
            "".join(sentences[2:5]),
            "".join(sentences[5:]),
            closing,
        ]
        return GeneratedText(
            title=title.format(**f),
            body="".join(f"<p>{p}</p>" for p in body),
            summary=opening + sentences[0],
            keywords=f"{keywords} 政务动态",
            topic=f"文化、广电、新闻出版\\{second}",
            genre=Document.Genre.NEWS,
            regulatory_class="",
            number_prefix="",
        )

    def _permit(self, day: date) -> GeneratedText:
        rng = self.rng
        fields = {
            "company": self._company(),
            "city": rng.choice(CITIES),
            "venue": rng.choice(VENUES),
        }
        title = rng.choice(
            [
                f"关于同意{fields['company']}举办营业性演出的批复",
                f"{day.year}年第{rng.randint(1, 24)}批营业性演出审批结果公告",
                f"关于{fields['city']}{fields['venue']}涉外营业性演出审批结果的公告",
            ]
        )
        body = [p.format(**fields) for p in PERMIT_BODY]
        return GeneratedText(
            title=title,
            body="".join(f"<p>{p}</p>" for p in body),
            summary=body[0],
            keywords="营业性演出 行政许可 审批结果",
            topic="文化、广电、新闻出版\\文化",
            genre=Document.Genre.REPLY if "批复" in title else Document.Genre.ANNOUNCEMENT,
            regulatory_class="",
            number_prefix="辽文审" if "批复" in title else "",
        )

    def _penalty(self, day: date) -> GeneratedText:
        rng = self.rng
        violation, law = rng.choice(VIOLATIONS)
        fields = {"company": self._company(), "violation": violation, "law": law}
        body = [p.format(**fields) for p in PENALTY_BODY]
        return GeneratedText(
            title=f"行政处罚决定信息公开（{fields['company']}{violation}案）",
            body="".join(f"<p>{p}</p>" for p in body),
            summary=body[1],
            keywords="行政处罚 文化市场 执法",
            topic="文化、广电、新闻出版\\文化",
            genre=Document.Genre.PUBLICITY,
            regulatory_class="",
            number_prefix="辽文罚决字",
        )

    def _personnel(self, day: date) -> GeneratedText:
        title = self.rng.choice(PERSONNEL_TITLES).format(year=day.year)
        return GeneratedText(
            title=title,
            body="".join(f"<p>{p}</p>" for p in PERSONNEL_BODY),
            summary=PERSONNEL_BODY[0],
            keywords="人事 招聘 公示",
            topic="劳动、人事、监察\\人事工作",
            genre=Document.Genre.PUBLICITY if "公示" in title else Document.Genre.ANNOUNCEMENT,
            regulatory_class="",
            number_prefix="",
        )

    def _proposal(self, day: date) -> GeneratedText:
        rng = self.rng
        name, second, keywords, _group = self._theme()
        session = rng.choice(["一", "二", "三", "四", "五"])
        if rng.random() < 0.5:
            title = f"关于省政协十二届{session}次会议第{rng.randint(10, 999)}号提案的答复"
        else:
            title = f"关于省十三届人大{session}次会议第{rng.randint(10, 999)}号建议的答复"
        body = [p.format(theme=name) for p in PROPOSAL_BODY]
        return GeneratedText(
            title=title,
            body="".join(f"<p>{p}</p>" for p in body),
            summary=body[1],
            keywords=f"{keywords} 建议提案",
            topic=f"文化、广电、新闻出版\\{second}",
            genre=Document.Genre.LETTER,
            regulatory_class="",
            number_prefix="辽文提复",
        )

    def _finance(self, day: date) -> GeneratedText:
        year = day.year
        title = self.rng.choice(
            [f"辽宁省文化厅{year}年部门预算", f"辽宁省文化厅{year - 1}年部门决算"]
        )
        return finance_text(title)


def finance_text(title: str) -> GeneratedText:
    body = [
        "根据《中华人民共和国预算法》和省财政厅关于部门预决算公开的有关要求，现将辽宁省文化厅"
        f"{title.removeprefix('辽宁省文化厅')}公开如下。",
        "公开内容包括部门主要职能、机构设置、收支总表、收入总表、支出总表、财政拨款收支总表、"
        "一般公共预算支出表、“三公”经费支出表和名词解释，详见附件。",
        "如有疑问，请与省文化厅计划财务处联系，联系电话：024-23123466。",
    ]
    return GeneratedText(
        title=title,
        body="".join(f"<p>{p}</p>" for p in body),
        summary=body[0],
        keywords="部门预算 部门决算 三公经费",
        topic="财政、金融、审计\\财政",
        genre=Document.Genre.STATISTICS,
        regulatory_class="",
        number_prefix="",
    )


PROFILES = (
    "notice",
    "policy",
    "planning",
    "news",
    "permit",
    "penalty",
    "personnel",
    "proposal",
    "finance",
)

_TAG_RE = re.compile(r"<[^>]+>")


def body_length(body: str) -> int:
    """Characters of text in an HTML body (for reporting)."""
    return len(_TAG_RE.sub("", body))
