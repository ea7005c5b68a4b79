"""Demo 政策解读: the interpretation of the national “十三五” cultural-relics plan reposted in
2017 (named in the 2017 annual report), interpretations of demo policy documents in several
forms and years, and one policy marked as needing an interpretation that has none (so that the
staff warning shows). Idempotent: items are found by title."""

from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from disclosure.models import Document
from publishing.models import PublicationStatus

from . import services
from .models import Interpretation, InterpretationForm, InterpretationRequirement

POLICY_COLUMN_SLUG = "zcwj"  # 政策文件

NATIONAL = {
    "title": "国家文物局政策法规司解读《国家文物事业发展“十三五”规划》",
    "form": InterpretationForm.EXPERT,
    "interpreter": "国家文物局政策法规司",
    "policy_title": "《国家文物事业发展“十三五”规划》",
    "policy_number": "文物政发〔2017〕4号",
    "summary": "国家文物局政策法规司就规划的编制背景、总体要求、主要任务和保障措施答记者问。",
    "published_on": datetime(2017, 3, 6, 10, 0),  # noqa: DTZ001 - made aware when used
    "body": (
        "<p>2017年2月，国家文物局印发《国家文物事业发展“十三五”规划》。国家文物局政策法规司负责人"
        "就规划的有关情况进行了解读。本厅转载如下。</p>"
        "<h2>一、规划的编制背景</h2>"
        "<p>“十二五”以来，我国文物事业取得显著成就，文物资源家底基本廓清，文物保存状况有效改善。"
        "同时，文物保护总体形势依然严峻，文物安全形势不容乐观，文物合理利用不足。"
        "规划立足新的形势，对“十三五”时期文物工作作出全面部署。</p>"
        "<h2>二、总体要求</h2>"
        "<p>规划坚持“保护为主、抢救第一、合理利用、加强管理”的工作方针，提出到2020年，"
        "文物资源状况全面摸清，文物保护状况明显改善，文物安全形势根本好转，"
        "文物保护利用水平显著提高。</p>"
        "<h2>三、主要任务</h2>"
        "<p>规划部署了加强文物保护、加强文物安全、发挥文物资源作用、加强博物馆建设、"
        "推进文物信息化、深化文物国际交流合作等重点任务，设置了重要文物保护、"
        "革命文物保护利用、博物馆建设等专栏。</p>"
        "<h2>四、保障措施</h2>"
        "<p>规划从法治建设、财政投入、人才队伍、科技支撑和社会参与等方面提出了保障措施，"
        "要求各地结合实际认真贯彻执行。</p>"
    ),
}

# Interpretations of the demo's own policy documents: (policy title fragment, form, title,
# interpreter, days after the policy, body paragraphs).
OWN = [
    (
        "戏曲进乡村",
        InterpretationForm.TEXT,
        "《辽宁省关于戏曲进乡村的实施方案》解读",
        "省文化厅艺术处处长",
        0,
        [
            "一、制定背景。为落实中宣部、文化部、财政部关于戏曲进乡村的部署，解决农村群众看戏难问题，"
            "省文化厅起草了本实施方案。",
            "二、主要内容。方案以县为基本单位，通过政府购买服务方式，为乡镇和具备条件的行政村"
            "送去以地方戏为主的戏曲演出，优先安排评剧、京剧、辽南影调戏、二人转等剧种。",
            "三、关键词解释。“政府购买服务”是指由政府出资、通过公开择优方式确定演出院团，"
            "演出对群众免费。",
        ],
    ),
    (
        "迷你歌咏亭",
        InterpretationForm.QA,
        "一问一答看懂迷你歌咏亭管理新要求",
        "省文化厅文化市场处",
        1,
        [
            "问：迷你歌咏亭按什么场所管理？答：按照歌舞娱乐场所管理，经营者应当依法取得娱乐经营许可证。",
            "问：曲库内容有什么要求？答：不得含有法律法规禁止的内容，鼓励接入全国娱乐内容管理平台。",
            "问：未经许可经营怎么办？答：由文化市场综合执法机构依法查处。",
        ],
    ),
    (
        "大型群众性活动安全管理",
        InterpretationForm.GRAPHIC,
        "图解：辽宁省文化厅大型群众性活动安全管理制度",
        "省文化厅办公室",
        2,
        [
            "图解要点一：承办单位是活动安全的责任主体，须制定安全工作方案。",
            "图解要点二：预计参加人数在1000人以上的活动，依法向公安机关申请安全许可。",
            "图解要点三：活动现场须设置安全通道和应急疏散指示，配备安保和医疗力量。",
        ],
    ),
    (
        "营业性演出管理实施办法（2020年修订）",
        InterpretationForm.TEXT,
        "《辽宁省营业性演出管理实施办法（2020年修订）》政策解读",
        "省文化和旅游厅文化市场处处长",
        1,
        [
            "一、修订背景。落实“放管服”改革要求，压缩审批时限，推行网上办理。",
            "二、主要变化。营业性演出审批时限由法定期限进一步压缩，申请材料可通过网上政务服务平台提交。",
        ],
    ),
]


def _aware(moment: datetime) -> datetime:
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _policy_documents():
    """Published policies of the 政策文件 column (规章/规范性文件, 通知, 意见)."""
    return Document.objects.filter(
        Q(regulatory_class__gt="") | Q(genre__in=[Document.Genre.NOTICE, Document.Genre.OPINION]),
        column__slug=POLICY_COLUMN_SLUG,
        status=PublicationStatus.PUBLISHED,
    ).order_by("published_at", "id")


def _publish(
    interpretation: Interpretation, *, published_at: datetime, editor, reviewer
) -> Interpretation:
    services.interpretation_save(interpretation=interpretation, actor=editor)
    services.interpretation_submit(interpretation=interpretation, actor=editor)
    return services.interpretation_publish(
        interpretation=interpretation,
        actor=reviewer,
        confidentiality_checked=True,
        publish_at=published_at,
        historical=published_at < timezone.now(),
    )


def seed_demo(*, organisation, reviewer, editor) -> str:
    """Seed the demo interpretations; returns a one-line summary."""
    created = 0
    national = {k: v for k, v in NATIONAL.items() if k != "published_on"}
    if not Interpretation.objects.filter(title=national["title"]).exists():
        _publish(
            Interpretation(organisation=organisation, **national),
            published_at=_aware(NATIONAL["published_on"]),
            editor=editor,
            reviewer=reviewer,
        )
        created += 1

    policies = list(_policy_documents())
    used: set[int] = set()
    for fragment, form, title, interpreter, days, paragraphs in OWN:
        document = next((d for d in policies if fragment in d.title and d.pk not in used), None)
        if document is None:
            continue
        used.add(document.pk)
        InterpretationRequirement.objects.get_or_create(
            document=document, defaults={"note": "规范性文件，须同步解读"}
        )
        if Interpretation.objects.filter(title=title).exists():
            continue
        _publish(
            Interpretation(
                title=title,
                form=form,
                interpreter=interpreter,
                organisation=organisation,
                document=document,
                summary=paragraphs[0][:120],
                body="".join(f"<p>{text}</p>" for text in paragraphs),
            ),
            published_at=document.published_at + timedelta(days=days, hours=1),
            editor=editor,
            reviewer=reviewer,
        )
        created += 1

    # The newest policy without an interpretation is marked as needing one: the warning shows.
    waiting = next(
        (d for d in reversed(policies) if d.pk not in used and not d.interpretations.exists()),
        None,
    )
    if waiting is not None:
        services.interpretation_requirement_mark(
            document=waiting, actor=editor, note="涉及群众切身利益，须同步发布解读材料"
        )
    total = Interpretation.objects.filter(status=PublicationStatus.PUBLISHED).count()
    marked = InterpretationRequirement.objects.count()
    return f"政策解读：新建{created}篇，已发布{total}篇；须解读的政策文件{marked}件。"
