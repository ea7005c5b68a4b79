"""Demo service guides (演示办事指南) of a provincial culture department: themes, items with
their 设定依据 citing the real regulations, materials, steps and time limits, and one form.
Everything goes through `services_hall.services`."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from . import services
from .models import ItemType, RequiredMaterial, ServiceItem, ServiceTheme

THEMES = [
    ("文化市场", "演出、娱乐场所、网络文化、艺术品经营等文化市场行政审批"),
    ("文物", "文物保护单位、考古发掘、文物进出境等事项"),
    ("艺术", "艺术创作、艺术表演团体等事项"),
    ("公共文化", "非物质文化遗产保护、公共文化服务等事项"),
]

CONSULT = "024-23232101"
COMPLAINT = "024-23232199"
LOCATION = "辽宁政务服务中心文化和旅游窗口（沈阳市皇姑区北陵大街45-9号）"
HOURS = "工作日 上午9:00—11:30，下午13:30—16:30（法定节假日除外）"

ITEMS = [
    {
        "name": "营业性演出审批",
        "theme": "文化市场",
        "item_type": ItemType.LICENSING,
        "legal_basis": "《营业性演出管理条例》第六条、第七条、第十三条\n《营业性演出管理条例实施细则》",  # noqa: E501 (demo text)
        "conditions": "申请人为依法设立的演出经纪机构或文艺表演团体\n有与其业务相适应的专职演出经纪人员或演员\n"  # noqa: E501 (demo text)
        "演出内容不含《营业性演出管理条例》第二十五条禁止的情形",
        "procedure": "申请：申请人通过政务服务网或窗口提交申请材料\n受理：材料齐全、符合法定形式的当场受理\n"  # noqa: E501 (demo text)
        "审查：对演出内容、场地等进行审查，必要时组织专家论证\n决定：作出准予许可或不予许可的决定\n"
        "送达：准予许可的核发批准文件",
        "statutory_days": 20,
        "promised_days": 10,
        "materials": [
            ("营业性演出申请登记表", "原件1份", "可在本页“表格下载”获取"),
            ("演出节目内容材料", "原件1份", "含节目名称、时长、演员名单"),
            ("演出场所合同或者协议", "复印件1份", ""),
            ("营业执照", "复印件1份", "加盖公章"),
        ],
        "form": "营业性演出申请登记表.docx",
    },
    {
        "name": "举办外国的文艺表演团体、个人参加的营业性演出审批",
        "theme": "文化市场",
        "item_type": ItemType.LICENSING,
        "legal_basis": "《营业性演出管理条例》第十四条\n《营业性演出管理条例实施细则》第十六条",
        "conditions": "举办单位为演出经纪机构\n演出内容符合国家有关规定\n有与演出规模相适应的安全保障措施",  # noqa: E501 (demo text)
        "procedure": "申请\n受理\n审查（征求有关部门意见）\n决定\n送达",
        "statutory_days": 20,
        "promised_days": 15,
        "materials": [
            ("营业性演出申请登记表", "原件1份", ""),
            ("演员有效身份证明", "复印件1份", "护照信息页"),
            ("演出节目视听资料及内容说明", "1套", "外文应附中文译本"),
            ("与境外演出团体或个人签订的协议", "复印件1份", ""),
        ],
    },
    {
        "name": "娱乐场所从事娱乐场所经营活动审批",
        "theme": "文化市场",
        "item_type": ItemType.LICENSING,
        "legal_basis": "《娱乐场所管理条例》第九条\n《娱乐场所管理办法》",
        "conditions": "已取得营业执照\n场所建筑和设施符合消防、治安等规定\n不在《娱乐场所管理条例》第七条规定的禁止区域内",  # noqa: E501 (demo text)
        "procedure": "申请\n受理\n现场勘验\n听证（涉及重大利益关系的）\n决定\n送达",
        "statutory_days": 20,
        "promised_days": 15,
        "materials": [
            ("娱乐经营许可申请表", "原件1份", ""),
            ("营业执照", "复印件1份", ""),
            ("投资人、法定代表人、主要负责人的有效身份证件及无犯罪记录承诺", "复印件1份", ""),
            ("娱乐场所场地平面图及房屋产权或租赁证明", "复印件1份", ""),
        ],
    },
    {
        "name": "互联网上网服务营业场所设立审批",
        "theme": "文化市场",
        "item_type": ItemType.LICENSING,
        "legal_basis": "《互联网上网服务营业场所管理条例》第八条、第十条、第十一条",
        "conditions": "有企业的名称、住所、组织机构和章程\n有与其经营活动相适应的资金、营业场所和计算机等设备\n"  # noqa: E501 (demo text)
        "营业场所距中学、小学校园出入口不少于200米",
        "procedure": "申请\n受理\n审查（含实地检查）\n决定\n送达",
        "statutory_days": 20,
        "promised_days": 15,
        "materials": [
            ("网络文化经营许可证申请表", "原件1份", ""),
            ("营业执照", "复印件1份", ""),
            ("营业场所产权证明或者租赁意向书", "复印件1份", ""),
            ("消防安全批准文件", "复印件1份", ""),
        ],
    },
    {
        "name": "艺术品经营单位备案",
        "theme": "文化市场",
        "item_type": ItemType.OTHER,
        "legal_basis": "《艺术品经营管理办法》第五条",
        "conditions": "已依法取得营业执照并从事艺术品经营活动的单位",
        "procedure": "提交备案材料\n核对材料\n予以备案并出具备案证明",
        "statutory_days": 15,
        "promised_days": 5,
        "materials": [
            ("艺术品经营单位备案表", "原件1份", ""),
            ("营业执照", "复印件1份", ""),
            ("法定代表人身份证明", "复印件1份", ""),
        ],
        "fees": "不收费",
    },
    {
        "name": "文物保护单位建设控制地带内建设工程设计方案审核",
        "theme": "文物",
        "item_type": ItemType.LICENSING,
        "legal_basis": "《中华人民共和国文物保护法》第十八条\n《中华人民共和国文物保护法实施条例》",
        "conditions": "建设工程位于省级文物保护单位建设控制地带内\n工程设计方案不破坏文物保护单位的历史风貌",  # noqa: E501 (demo text)
        "procedure": "申请\n受理\n组织专家评审\n审核决定\n送达",
        "statutory_days": 20,
        "promised_days": 20,
        "materials": [
            ("建设工程设计方案审核申请", "原件1份", ""),
            ("建设工程设计方案及图纸", "1套", ""),
            ("文物影响评估报告", "原件1份", "重大工程需提供"),
        ],
    },
    {
        "name": "省级非物质文化遗产代表性项目申报",
        "theme": "公共文化",
        "item_type": ItemType.PUBLIC_SERVICE,
        "legal_basis": "《中华人民共和国非物质文化遗产法》第十八条\n《辽宁省非物质文化遗产条例》",
        "conditions": "项目具有重要历史、文学、艺术、科学价值\n在一定群体或地域范围内世代传承，至今仍以活态形式存在",  # noqa: E501 (demo text)
        "procedure": "市级文化主管部门推荐\n省文化主管部门组织专家评审\n社会公示（不少于20日）\n报省人民政府批准公布",  # noqa: E501 (demo text)
        "statutory_days": None,
        "promised_days": None,
        "materials": [
            ("非物质文化遗产代表性项目申报书", "原件1份", ""),
            ("项目视听资料", "1套", ""),
            ("保护单位和传承人的承诺书", "原件1份", ""),
        ],
    },
]


def _docx() -> bytes:
    """A minimal valid .docx (zip with [Content_Types].xml and a word/ part)."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", '<?xml version="1.0"?><document/>')
    return buffer.getvalue()


@transaction.atomic
def seed_demo(*, organisation, reviewer, editor) -> str:
    """Seed the themes and published service guides; idempotent."""
    existing = ServiceItem.objects.filter(organisation=organisation).count()
    if existing:
        return f"网上办事：已有{existing}个办事事项，未重复创建。"
    themes = {}
    for order, (name, description) in enumerate(THEMES):
        themes[name], _ = ServiceTheme.objects.get_or_create(
            name=name, defaults={"description": description, "order": order}
        )
    for spec in ITEMS:
        item = ServiceItem(
            name=spec["name"],
            theme=themes[spec["theme"]],
            item_type=spec["item_type"],
            organisation=organisation,
            legal_basis=spec["legal_basis"],
            conditions=spec["conditions"],
            procedure=spec["procedure"],
            statutory_days=spec["statutory_days"],
            promised_days=spec["promised_days"],
            fees=spec.get("fees", ServiceItem.NOT_CHARGED),
            consult_phone=CONSULT,
            complaint_phone=COMPLAINT,
            location=LOCATION,
            office_hours=HOURS,
        )
        services.service_item_save(item=item, actor=editor)
        for order, (name, form, note) in enumerate(spec["materials"]):
            services.material_save(
                material=RequiredMaterial(item=item, name=name, form=form, note=note, order=order),
                actor=editor,
            )
        if spec.get("form"):
            uploaded = SimpleUploadedFile(spec["form"], _docx())
            services.service_form_add(item=item, uploaded=uploaded, actor=editor)
        services.service_item_submit(item=item, actor=editor)
        services.service_item_publish(item=item, actor=reviewer, confidentiality_checked=True)
    return f"网上办事：{len(THEMES)}个主题，发布{len(ITEMS)}个办事事项的办事指南。"
