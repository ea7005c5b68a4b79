"""Hand-written demo content for 辽宁省文化厅: organisation, units, site profile, column tree and
the documents that a real 2017 annual report of the department names.

Contact details are plausible office numbers of the 024 (Shenyang) area, not real ones; the demo
must never carry a mobile, ID or bank-card number.
"""

from dataclasses import dataclass, field
from datetime import date

from disclosure.models import Column, Document

AGENCY = {
    "name": "辽宁省文化厅",
    "short_name": "省文化厅",
    "code": "11210000001234567K",
    "address": "辽宁省沈阳市和平区北五马路1号",
    "postcode": "110001",
    "phone": "024-23123456",
    "fax": "024-23123457",
    "email": "xxgk@lnwh.example.gov.cn",
    "office_hours": "工作日 上午8:30—11:30，下午13:00—17:00（法定节假日除外）",
}

# Internal units (内设机构): (name, short name, unit number used in their 索引号 template).
UNITS = [
    ("辽宁省文化厅办公室", "办公室", 1),
    ("辽宁省文化厅政策法规处", "政策法规处", 2),
    ("辽宁省文化厅艺术处", "艺术处", 3),
    ("辽宁省文化厅公共文化处", "公共文化处", 4),
    ("辽宁省文化厅非物质文化遗产处", "非物质文化遗产处", 5),
    ("辽宁省文化厅文化市场处", "文化市场处", 6),
    ("辽宁省文化厅文物保护处", "文物保护处", 7),
    ("辽宁省文化厅计划财务处", "计划财务处", 8),
    ("辽宁省文化厅人事处", "人事处", 9),
]


def unit_index_template(number: int) -> str:
    """索引号 of a unit: the agency code with the unit number (内设机构代码), then year and serial."""
    return f"{{code}}-{number:02d}/{{year}}-{{serial:05d}}"


SITE_PROFILE = {
    "site_name": "辽宁省文化厅",
    "site_domain": "www.lnwh.example.gov.cn",
    "site_id_code": "2100000012",
    "icp_number": "辽ICP备05000000号",
    "police_record_number": "辽公网安备 21010202000000号",
    "contact_phone": "024-23123456",
    "contact_email": "webmaster@lnwh.example.gov.cn",
    "contact_address": "辽宁省沈阳市和平区北五马路1号",
    "error_report_email": "jiucuo@lnwh.example.gov.cn",
}


@dataclass(frozen=True)
class ColumnSpec:
    slug: str
    name: str
    profile: str = (
        ""  # text profile used by the generator (see text.PROFILES); "" = fixed content only
    )
    share: int = 0  # generated documents in the demo
    kind: str = Column.Kind.LIST
    update_class: str = Column.UpdateClass.OTHER
    show_in_nav: bool = False
    show_on_home: bool = False
    unit: str = ""  # short name of the unit that usually publishes here ("" = the agency)
    description: str = ""
    children: tuple["ColumnSpec", ...] = field(default_factory=tuple)


U = Column.UpdateClass
COLUMN_TREE = ColumnSpec(
    "xxgk",
    "政府信息公开",
    show_in_nav=True,
    description="依据《中华人民共和国政府信息公开条例》设立的政府信息公开专栏。",
    children=(
        ColumnSpec(
            "gkzn",
            "政府信息公开指南",
            kind=Column.Kind.PAGE,
            show_in_nav=True,
            description="政府信息的分类、编排体系、获取方式和工作机构联系方式。",
        ),
        ColumnSpec("gkzd", "政府信息公开制度", show_in_nav=True),
        ColumnSpec(
            "fdzdgknr",
            "法定主动公开内容",
            show_in_nav=True,
            description="按《条例》第二十条公开的政府信息。",
            children=(
                ColumnSpec("jgzn", "机构职能"),
                ColumnSpec(
                    "zcwj",
                    "政策文件",
                    "policy",
                    45,
                    update_class=U.NOTICE,
                    show_in_nav=True,
                    show_on_home=True,
                ),
                ColumnSpec("ghjh", "规划计划", "planning", 12, update_class=U.PLANNING),
                ColumnSpec("czyjs", "财政预决算", "finance", 0, unit="计划财务处"),
                ColumnSpec("xzxk", "行政许可", "permit", 30, unit="文化市场处"),
                ColumnSpec("xzcf", "行政处罚", "penalty", 20, unit="文化市场处"),
                ColumnSpec(
                    "rsxx", "人事信息", "personnel", 28, update_class=U.PLANNING, unit="人事处"
                ),
                ColumnSpec(
                    "tzgg",
                    "通知公告",
                    "notice",
                    90,
                    update_class=U.NOTICE,
                    show_in_nav=True,
                    show_on_home=True,
                ),
                ColumnSpec(
                    "zwdt",
                    "政务动态",
                    "news",
                    170,
                    update_class=U.NEWS,
                    show_in_nav=True,
                    show_on_home=True,
                ),
                ColumnSpec("jyta", "建议提案办理", "proposal", 26, unit="政策法规处"),
            ),
        ),
        ColumnSpec("gknb", "政府信息公开年报", show_in_nav=True),
    ),
)


def iter_columns(spec: ColumnSpec = COLUMN_TREE, parent: ColumnSpec | None = None):
    """(spec, parent spec) for every column, parents first."""
    yield spec, parent
    for child in spec.children:
        yield from iter_columns(child, spec)


def leaf_columns(spec: ColumnSpec = COLUMN_TREE) -> list[ColumnSpec]:
    return [s for s, _ in iter_columns(spec) if not s.children]


def paragraphs(*texts: str) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


@dataclass(frozen=True)
class DocSpec:
    """A hand-written document."""

    key: str
    column: str
    title: str
    body: str
    written_on: date
    published_on: date
    document_number: str = ""
    genre: str = Document.Genre.NOTICE
    topic: str = "文化、广电、新闻出版\\文化"
    regulatory_class: str = Document.RegulatoryClass.NONE
    keywords: str = ""
    summary: str = ""
    unit: str = ""
    attachments: tuple[str, ...] = ()  # file names; content built by samples.sample_upload


GOV_AFFAIRS = "综合政务\\政务公开"
CULTURE = "文化、广电、新闻出版\\文化"
RELICS = "文化、广电、新闻出版\\文物"

# The documents the 2017 annual report names (section 一 and 二).
REFERENCE_DOCUMENTS = [
    DocSpec(
        "plan-2017",
        "zcwj",
        "省文化厅贯彻落实2017年政务公开工作要点工作方案的通知",
        paragraphs(
            "厅机关各处室，各直属单位：",
            "为认真贯彻落实《国务院办公厅关于印发2017年政务公开工作要点的通知》和"
            "《辽宁省人民政府办公厅印发关于贯彻落实国务院办公厅〈2017年政务公开工作要点〉工作安排的通知》"
            "精神，进一步做好我厅政务公开工作，结合工作实际，制定本工作方案，现印发给你们，请认真抓好落实。",
            "一、推进决策、执行、管理、服务、结果公开。重大文化政策出台前按规定公开征求意见，"
            "重点公开公共文化服务、文化惠民活动、行政审批事项和文化市场监管信息。",
            "二、加强政策解读和回应关切。政策文件与解读材料同步组织、同步审签、同步部署，"
            "对涉及群众切身利益的事项及时回应社会关切。",
            "三、完善门户网站政府信息公开专栏。新增政府会议、建议提案、意见征集等栏目，"
            "规范信息发布流程，严格落实信息发布保密审查制度。",
            "四、强化组织保障。各处室、各直属单位要明确专人负责政务公开工作，"
            "办公室负责统筹协调和督促检查，有关情况纳入年度绩效考核。",
            "联系电话：024-23123456。",
        ),
        date(2017, 5, 22),
        date(2017, 5, 26),
        "辽文办发〔2017〕41号",
        topic=GOV_AFFAIRS,
        keywords="政务公开 工作要点 工作方案",
        summary="印发省文化厅贯彻落实2017年政务公开工作要点的工作方案，明确重点任务和保障措施。",
        unit="办公室",
    ),
    DocSpec(
        "515-2017",
        "tzgg",
        "省文化厅关于开展第十一届“5·15政务公开日”活动的通知",
        paragraphs(
            "厅机关各处室，各直属单位：",
            "根据省政务公开领导小组办公室统一部署，我厅决定开展第十一届“5·15政务公开日”活动。"
            "现将有关事项通知如下：",
            "一、活动时间。2017年5月15日前后，集中宣传一周。",
            "二、活动内容。围绕公共文化服务、文化惠民和文化市场监管，通过门户网站、政务微博、"
            "政务微信和公共文化场馆宣传政务公开工作成果；组织厅领导接听群众来电，"
            "现场解答群众关心的文化政策问题；公共文化场馆设置政务公开宣传展板。",
            "三、工作要求。各单位要高度重视，精心组织，确保活动取得实效，"
            "活动结束后于5月25日前将总结报送厅办公室。",
            "联系电话：024-23123456，传真：024-23123457。",
        ),
        date(2017, 5, 5),
        date(2017, 5, 8),
        "辽文办发〔2017〕36号",
        topic=GOV_AFFAIRS,
        keywords="政务公开日 政务公开 活动",
        summary="部署开展第十一届“5·15政务公开日”活动的时间、内容和工作要求。",
        unit="办公室",
    ),
    DocSpec(
        "mini-ktv-2017",
        "zcwj",
        "关于转发〈文化部关于引导迷你歌咏亭市场健康发展的通知〉的通知",
        paragraphs(
            "各市文化广电局，沈抚新区、绥中县、昌图县文化主管部门：",
            "现将《文化部关于引导迷你歌咏亭市场健康发展的通知》转发给你们，请结合本地实际认真贯彻执行，"
            "并提出以下要求：",
            "一、迷你歌咏亭按照歌舞娱乐场所进行管理，经营者应当依法取得娱乐经营许可证，"
            "并在显著位置悬挂。",
            "二、加强内容管理，曲库不得含有法律法规禁止的内容，鼓励经营者接入全国娱乐内容管理平台。",
            "三、加强日常巡查，对未经许可擅自从事经营活动的，依法予以查处。",
            "执行中遇到的问题请及时报省文化厅文化市场处，联系电话：024-23123462。",
        ),
        date(2017, 8, 10),
        date(2017, 8, 14),
        "辽文办发〔2017〕64号",
        regulatory_class=Document.RegulatoryClass.NORMATIVE,
        keywords="迷你歌咏亭 娱乐场所 文化市场",
        summary="转发文化部通知，要求各地依法规范迷你歌咏亭经营活动，加强内容管理和日常巡查。",
        unit="文化市场处",
    ),
    DocSpec(
        "opera-villages-2017",
        "zcwj",
        "关于印发〈辽宁省关于戏曲进乡村的实施方案〉的通知",
        paragraphs(
            "各市文化广电局：",
            "为贯彻落实中宣部、文化部、财政部关于戏曲进乡村的部署，丰富农民群众精神文化生活，"
            "我厅制定了《辽宁省关于戏曲进乡村的实施方案》，现印发给你们，请认真贯彻执行。",
            "一、工作目标。以县为基本单位，为全省乡镇和具备条件的行政村送去以地方戏为主的戏曲等演出，"
            "逐步实现戏曲进乡村制度化、常态化、普及化。",
            "二、主要任务。各地要统筹使用中央和省级补助资金，通过政府购买服务方式，"
            "组织国有和民营院团开展演出，优先安排评剧、京剧、辽南影调戏、二人转等群众喜闻乐见的剧种。",
            "三、保障措施。建立演出台账和群众评价制度，演出情况每半年报送省文化厅艺术处。",
        ),
        date(2017, 7, 12),
        date(2017, 7, 17),
        "辽文发〔2017〕20号",
        genre=Document.Genre.NOTICE,
        regulatory_class=Document.RegulatoryClass.NORMATIVE,
        keywords="戏曲进乡村 实施方案 文化惠民",
        summary="印发辽宁省戏曲进乡村实施方案，明确工作目标、主要任务和保障措施。",
        unit="艺术处",
        attachments=("辽宁省关于戏曲进乡村的实施方案.docx",),
    ),
    DocSpec(
        "safety-2017",
        "zcwj",
        "关于印发〈辽宁省文化厅大型群众性活动安全管理制度〉的通知",
        paragraphs(
            "厅机关各处室，各直属单位：",
            "为加强大型群众性文化活动的安全管理，预防和处置各类安全事故，保障人民群众生命财产安全，"
            "我厅制定了《辽宁省文化厅大型群众性活动安全管理制度》，现印发给你们，请遵照执行。",
            "制度明确了活动承办单位的安全责任、安全工作方案的主要内容、现场安全检查和应急处置要求。"
            "举办预计参加人数在1000人以上的活动，承办单位应当依法向公安机关申请安全许可。",
            "各单位要对照制度要求，认真开展自查，及时消除安全隐患。",
        ),
        date(2017, 10, 16),
        date(2017, 10, 19),
        "辽文办发〔2017〕79号",
        regulatory_class=Document.RegulatoryClass.NORMATIVE,
        keywords="大型群众性活动 安全管理 制度",
        summary="印发省文化厅大型群众性活动安全管理制度，明确承办单位安全责任和应急处置要求。",
        unit="办公室",
        attachments=("辽宁省文化厅大型群众性活动安全管理制度.pdf",),
    ),
]

GUIDE = DocSpec(
    "guide",
    "gkzn",
    "辽宁省文化厅政府信息公开指南",
    paragraphs(
        "为了更好地提供政府信息公开服务，依据《中华人民共和国政府信息公开条例》，编制本指南。"
        "需要获得本机关政府信息公开服务的公民、法人或者其他组织，建议阅读本指南。",
        "一、主动公开。公开的范围：机构职能、政策文件、规划计划、财政预决算、行政许可、行政处罚、"
        "人事信息、通知公告、政务动态、建议提案办理结果等。公开的形式：本机关门户网站“政府信息公开”专栏"
        "为主要公开渠道，并通过政务微博、政务微信、新闻发布会和公共查阅点公开。"
        "公开的时限：属于主动公开范围的政府信息，自形成或者变更之日起20个工作日内予以公开。",
        "二、信息的分类与编排。政府信息按主题分类、体裁分类和发布机构编排，每条信息标注索引号、"
        "信息名称、内容概述、生成日期、文号和有效性，可在本栏目检索、查阅和下载。",
        "三、依申请公开。申请人可以通过互联网、信函或者当面提交的方式向本机关提出申请，"
        "并填写《政府信息公开申请表》。本机关收到申请，能够当场答复的当场答复；不能当场答复的，"
        "自收到申请之日起20个工作日内予以答复；需要延长答复期限的，经负责人同意并告知申请人，"
        "延长的期限最长不超过20个工作日。",
        "四、工作机构。名称：辽宁省文化厅办公室。办公地址：辽宁省沈阳市和平区北五马路1号。"
        "邮政编码：110001。办公时间：工作日上午8:30—11:30，下午13:00—17:00（法定节假日除外）。"
        "联系电话：024-23123456。传真：024-23123457。电子邮箱：xxgk@lnwh.example.gov.cn。",
        "五、监督和救济。公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，"
        "可以向辽宁省政务公开领导小组办公室投诉、举报，也可以依法申请行政复议或者提起行政诉讼。",
    ),
    date(2019, 12, 20),
    date(2019, 12, 26),
    genre=Document.Genre.OTHER,
    topic=GOV_AFFAIRS,
    keywords="政府信息公开指南 依申请公开",
    unit="办公室",
    summary="本机关政府信息的分类、编排体系、获取方式和政府信息公开工作机构的联系方式。",
)

# 政府信息公开制度: (key, title, written_on, published_on).
SYSTEM_DOCUMENTS = [
    ("rules-2016", "辽宁省文化厅政府信息公开工作制度", date(2016, 3, 14), date(2016, 3, 18)),
    (
        "rules-2019",
        "辽宁省文化厅政府信息公开工作制度（2019年修订）",
        date(2019, 6, 20),
        date(2019, 6, 27),
    ),
    ("secrecy", "辽宁省文化厅政府信息公开保密审查制度", date(2016, 4, 6), date(2016, 4, 11)),
    ("on-request", "辽宁省文化厅依申请公开政府信息工作规程", date(2019, 7, 8), date(2019, 7, 12)),
    ("press-plan", "辽宁省文化厅突发事件新闻报道应急预案", date(2016, 9, 2), date(2016, 9, 8)),
    ("coordination", "辽宁省文化厅政府信息发布协调制度", date(2017, 3, 1), date(2017, 3, 6)),
]

SYSTEM_BODY = paragraphs(
    "第一条 为规范本机关政府信息公开工作，保障公民、法人和其他组织依法获取政府信息，"
    "根据《中华人民共和国政府信息公开条例》等规定，结合工作实际，制定本制度。",
    "第二条 厅办公室是本机关政府信息公开工作机构，负责组织协调、督促检查和年度报告编制工作；"
    "各处室、各直属单位负责本单位职责范围内政府信息的收集、整理和公开。",
    "第三条 政府信息公开前，信息形成单位应当依照《中华人民共和国保守国家秘密法》等规定进行保密审查，"
    "经单位负责人审核后报送发布。",
    "第四条 本制度由厅办公室负责解释，自印发之日起施行。",
)

# Policy documents that were later amended, replaced or expired (有效性 demo).
LAPSING_DOCUMENTS = [
    DocSpec(
        "shows-2016",
        "zcwj",
        "关于印发《辽宁省营业性演出管理实施办法》的通知",
        paragraphs(
            "各市文化广电局：",
            "为规范全省营业性演出市场秩序，根据《营业性演出管理条例》及其实施细则，我厅制定了"
            "《辽宁省营业性演出管理实施办法》，现印发给你们，请遵照执行。",
            "办法对演出举办单位的申报材料、审批时限、演出现场管理和监督检查作出了具体规定。",
        ),
        date(2016, 4, 18),
        date(2016, 4, 22),
        "辽文发〔2016〕8号",
        regulatory_class=Document.RegulatoryClass.NORMATIVE,
        keywords="营业性演出 管理办法",
        unit="文化市场处",
        summary="印发辽宁省营业性演出管理实施办法，规范演出申报、审批和现场管理。",
    ),
    DocSpec(
        "shows-2020",
        "zcwj",
        "关于印发《辽宁省营业性演出管理实施办法（2020年修订）》的通知",
        paragraphs(
            "各市文化旅游广电局：",
            "根据国务院关于深化“放管服”改革的要求，我厅对《辽宁省营业性演出管理实施办法》进行了修订，"
            "压缩审批时限，推行网上办理，现将修订后的办法印发给你们，请遵照执行。",
            "本办法自2020年6月1日起施行。",
        ),
        date(2020, 5, 11),
        date(2020, 5, 15),
        "辽文发〔2020〕5号",
        regulatory_class=Document.RegulatoryClass.NORMATIVE,
        keywords="营业性演出 管理办法 修订",
        unit="文化市场处",
        summary="修订辽宁省营业性演出管理实施办法，压缩审批时限，推行网上办理。",
    ),
    DocSpec(
        "huimin-2016",
        "tzgg",
        "关于印发《辽宁省2016年新春文化惠民季活动方案》的通知",
        paragraphs(
            "各市文化广电局，省直各文化单位：",
            "为丰富节日期间群众文化生活，我厅制定了《辽宁省2016年新春文化惠民季活动方案》，"
            "现印发给你们，请认真组织实施。",
            "活动时间为2016年1月20日至3月6日，各地要组织开展送戏下乡、迎春书画展等系列活动。",
        ),
        date(2016, 1, 11),
        date(2016, 1, 14),
        "辽文办发〔2016〕3号",
        keywords="文化惠民 新春 活动方案",
        unit="公共文化处",
        summary="印发2016年新春文化惠民季活动方案，部署节日期间群众文化活动。",
    ),
]

# (old key, new key or "", validity of the old one, date the change took effect).
LAPSED = [
    ("rules-2016", "rules-2019", Document.Validity.REPEALED, date(2019, 6, 27)),
    ("shows-2016", "shows-2020", Document.Validity.AMENDED, date(2020, 6, 1)),
    ("huimin-2016", "", Document.Validity.EXPIRED, date(2016, 3, 6)),
]

# Function documents (机构职能): (title, body).
FUNCTION_DOCUMENTS = [
    (
        "辽宁省文化厅主要职责",
        paragraphs(
            "（一）贯彻执行国家文化工作方针政策，研究拟订全省文化艺术政策措施，起草有关地方性法规草案。",
            "（二）拟订全省文化艺术事业发展规划并组织实施，推进文化艺术领域的公共服务。",
            "（三）指导、管理全省文学艺术事业，指导艺术创作与生产，推动各门类艺术的发展。",
            "（四）推进全省公共文化服务体系建设，组织实施文化惠民工程，指导图书馆、文化馆事业发展。",
            "（五）负责全省非物质文化遗产保护，推动非物质文化遗产的保护、传承、普及和弘扬。",
            "（六）指导全省文化市场综合执法，负责对文化艺术经营活动进行行业监管。",
            "（七）承办省政府交办的其他事项。",
        ),
    ),
    (
        "辽宁省文化厅内设机构",
        paragraphs(
            "辽宁省文化厅设下列内设机构：办公室、政策法规处、艺术处、公共文化处、非物质文化遗产处、"
            "文化市场处、文物保护处、计划财务处、人事处。",
            "办公室负责机关日常运转，承担政务公开、信息、安全保密、信访和督查督办等工作。"
            "联系电话：024-23123456。",
        ),
    ),
    (
        "辽宁省文化厅直属单位",
        paragraphs(
            "辽宁省图书馆、辽宁省文化馆（辽宁省非物质文化遗产保护中心）、辽宁美术馆、辽宁省博物馆、"
            "辽宁省文物考古研究院、辽宁省艺术研究院、辽宁芭蕾舞团、辽宁歌舞团、辽宁人民艺术剧院、"
            "辽宁省京剧院。",
        ),
    ),
]

# The 2017 annual report (section titles and text of the real report, with the agency's name).
ANNUAL_REPORT_2017 = paragraphs(
    "按照《国务院办公厅关于印发2017年政务公开工作要点的通知》和《辽宁省人民政府办公厅印发关于贯彻落实"
    "国务院办公厅〈2017年政务公开工作要点〉工作安排的通知》要求，省文化厅积极落实工作，主动查找问题，"
    "扎实推进政务公开工作有序开展。",
    "一、总体公开情况",
    "为落实国务院、省政府办公厅工作部署，做好省文化厅政务公开各项工作，省文化厅印发了"
    "《省文化厅贯彻落实2017年政务公开工作要点工作方案的通知》（辽文办发〔2017〕41号）、"
    "《省文化厅关于开展第十一届“5·15政务公开日”活动的通知》（辽文办发〔2017〕36号）等文件；"
    "持续完善省文化厅门户网站，提高政务公开信息发布的规范性，发布各类文化政务信息、文化活动信息一千余条，"
    "2017年新增设了政府会议、建议提案、意见征集等栏目；政务微博、微信继续发挥作用，每周发布文化惠民信息。",
    "二、主动公开政府信息情况",
    "2017年，省文化厅利用刊物、网站、频道、新闻发布会等多种载体主动公开政府信息，持续加大政府工作透明度，"
    "重点公开政策制度、重大文化活动、文化惠民消息、行政审批事宜、职称评审等信息。"
    "2017年门户网站信息公开专栏访问量1600万次。2017年，省文化厅门户网站发布政府信息1161条，"
    "发布政务微信57条，发布政务微博16条。",
    "2017年，省文化厅送交主动公开的文件主要有：《关于转发〈文化部关于引导迷你歌咏亭市场健康发展的通知〉"
    "的通知》（辽文办发〔2017〕64号）、《关于印发〈辽宁省关于戏曲进乡村的实施方案〉的通知》"
    "（辽文发〔2017〕20号）、《关于印发〈辽宁省文化厅大型群众性活动安全管理制度〉的通知》"
    "（辽文办发〔2017〕79号）。",
    "三、推进重点领域信息公开情况",
    "按照有关文件要求，省文化厅对照工作职责和工作安排，对财政预决算、公共资源配置、重点改革任务、"
    "行政审批事项等工作进行认真梳理，及时公开重大改革信息，为群众了解文化领域发展的重大政策动态提供平台。",
    "四、推进“互联网+政务服务”工作情况",
    "省文化厅门户网站设立“网上办事大厅”栏目为群众提供办理各类行政审批事项所需信息，"
    "公开政务服务事项目录及办事指南，方便群众下载申请表格，了解申报流程。",
    "五、建议提案办理结果公开情况",
    "2017年，省文化厅承办的13件建议提案答复情况已在门户网站全文公开。",
    "六、开展政策解读情况",
    "按照辽委办发〔2016〕33号、辽政办〔2016〕23号文件要求，在省文化厅网站信息公开专栏设立“政策解读”栏目。",
    "七、政务舆情处置回应情况",
    "自制定《辽宁省文化厅突发事件新闻报道应急预案》以来，我厅严格执行预案内容，坚持实行新闻发言人制度，"
    "设立网上咨询、领导信箱、意见征集栏目，受理社会公众咨询，提供便捷服务。",
    "八、依申请公开工作情况",
    "本年度收到网络依申请公开政府信息申请11件，来信申请1件，公开答复10件，部分公开答复2件。",
    "九、信息公开相关举报、复议、诉讼情况",
    "2017年，省文化厅政府信息公开收到行政复议案件1件，及时回复了有关情况。",
    "十、制度机制建设情况",
    "省文化厅建立了信息公开协调机制，初步建立政务舆情回应制度和回应机制，"
    "制定了突发事件新闻报道应急预案。下一步，我厅将进一步完善各项规章制度，健全工作机制，"
    "努力提升政府信息公开工作水平。",
)

ANNUAL_REPORT_PLACEHOLDER = paragraphs(
    "本报告根据《中华人民共和国政府信息公开条例》要求，由辽宁省文化厅编制。",
    "报告全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
    "政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。",
    "本年度报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
    "如对本报告有疑问，请与辽宁省文化厅办公室联系，联系电话：024-23123456。",
)


def annual_report_title(year: int) -> str:
    return f"辽宁省文化厅{year}年政府信息公开工作年度报告"


ANNUAL_REPORT_FIRST_YEAR = 2016
