"""Verbatim labels (原文标签) of the annual-report tables, copied from the official formats.

2021 format: 国办公开办函〔2021〕30号; 2019 试行 format: 国办公开办函〔2019〕60号
(`shared/domain/annual_report.md` §3–§5, §9). Never paraphrase a label here: the JSON, XLSX and
HTML outputs all take their labels from this module.
"""

from dataclasses import dataclass

from requests_app.models import ApplicantType, Outcome

# --- Sections --------------------------------------------------------------------------------

SECTIONS_2021 = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)
#: The 2019 试行 reports use the 第50条 wording for section 五.
SECTION_5_2019 = "五、政府信息公开工作存在的主要问题及改进情况"

PERIOD_SENTENCE = "本报告中所列数据统计期限为{year}年1月1日至12月31日。"

# --- Table 二 ----------------------------------------------------------------------------------

CONTENT = "信息内容"

ITEM_1 = "第二十条第（一）项"
ITEM_5 = "第二十条第（五）项"
ITEM_6 = "第二十条第（六）项"
ITEM_8 = "第二十条第（八）项"
ITEM_9 = "第二十条第（九）项"

RULES = "规章"
NORMATIVE_2021 = "行政规范性文件"
NORMATIVE_2019 = "规范性文件"

ISSUED = "本年制发件数"
REPEALED = "本年废止件数"
IN_FORCE = "现行有效件数"
DECISIONS = "本年处理决定数量"
FEE_AMOUNT = "本年收费金额（单位：万元）"

LICENSING = "行政许可"
PENALTY = "行政处罚"
COERCION = "行政强制"
FEES = "行政事业性收费"

# 2019 试行
NEWLY_MADE = "本年新制作数量"
NEWLY_PUBLISHED = "本年新公开数量"
TOTAL_PUBLISHED = "对外公开总数量"
PREVIOUS_ITEMS = "上一年项目数量"
CHANGE = "本年增/减"
DECISIONS_2019 = "处理决定数量"
OTHER_SERVICES = "其他对外管理服务事项"
PROCUREMENT = "政府集中采购"
PROCUREMENT_ITEMS = "采购项目数量"
PROCUREMENT_AMOUNT = "采购总金额"


@dataclass(frozen=True)
class Block:
    """One block of table 二: caption row, column labels, row labels, and whether staff enter
    the figures (`entered`) or the portal computes them from documents."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[str, ...]
    entered: bool


TABLE_2_2021 = (
    Block(ITEM_1, (ISSUED, REPEALED, IN_FORCE), (RULES, NORMATIVE_2021), entered=False),
    Block(ITEM_5, (DECISIONS,), (LICENSING,), entered=True),
    Block(ITEM_6, (DECISIONS,), (PENALTY, COERCION), entered=True),
    Block(ITEM_8, (FEE_AMOUNT,), (FEES,), entered=True),
)

TABLE_2_2019 = (
    Block(
        ITEM_1,
        (NEWLY_MADE, NEWLY_PUBLISHED, TOTAL_PUBLISHED),
        (RULES, NORMATIVE_2019),
        entered=False,
    ),
    Block(
        ITEM_5, (PREVIOUS_ITEMS, CHANGE, DECISIONS_2019), (LICENSING, OTHER_SERVICES), entered=True
    ),
    Block(ITEM_6, (PREVIOUS_ITEMS, CHANGE, DECISIONS_2019), (PENALTY, COERCION), entered=True),
    Block(ITEM_8, (PREVIOUS_ITEMS, CHANGE), (FEES,), entered=True),
    Block(ITEM_9, (PROCUREMENT_ITEMS, PROCUREMENT_AMOUNT), (PROCUREMENT,), entered=True),
)

#: Entered columns that may be negative (本年增/减) or fractional (amounts).
SIGNED_COLUMNS = frozenset({CHANGE})
DECIMAL_COLUMNS = frozenset({FEE_AMOUNT, PROCUREMENT_AMOUNT})

# --- Table 三 ----------------------------------------------------------------------------------

TABLE_3_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANTS = "申请人情况"
ORGANISATIONS = "法人或其他组织"
TOTAL = "总计"

#: The 7 numeric columns, keyed by the applicant type (None = 总计).
APPLICANT_COLUMNS: tuple[tuple[ApplicantType | None, str], ...] = (
    (ApplicantType.NATURAL_PERSON, "自然人"),
    (ApplicantType.BUSINESS, "商业企业"),
    (ApplicantType.RESEARCH, "科研机构"),
    (ApplicantType.NON_PROFIT, "社会公益组织"),
    (ApplicantType.LEGAL_SERVICE, "法律服务机构"),
    (ApplicantType.OTHER_ORGANISATION, "其他"),
    (None, TOTAL),
)
COLUMN_LABELS = tuple(label for _type, label in APPLICANT_COLUMNS)
#: Stable column codes used in URLs (cell traceability).
COLUMN_CODES = {label: (t.value if t else "total") for t, label in APPLICANT_COLUMNS}

ROW_NEW = "一、本年新收政府信息公开申请数量"
ROW_CARRIED_IN = "二、上年结转政府信息公开申请数量"
ROW_RESULTS = "三、本年度办理结果"
ROW_TOTAL = "（七）总计"
ROW_CARRIED_OUT = "四、结转下年度继续办理"

GROUP_LABELS = {
    "1": "（一）予以公开",
    "2": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "3": "（三）不予公开",
    "4": "（四）无法提供",
    "5": "（五）不予处理",
    "6": "（六）其他处理",
}

#: Sub-row labels by outcome code (groups 三 to 六).
SUB_LABELS = {
    Outcome.STATE_SECRET: "1.属于国家秘密",
    Outcome.PROHIBITED_BY_LAW: "2.其他法律行政法规禁止公开",
    Outcome.SECURITY_STABILITY: "3.危及“三安全一稳定”",
    Outcome.THIRD_PARTY: "4.保护第三方合法权益",
    Outcome.INTERNAL_AFFAIRS: "5.属于三类内部事务信息",
    Outcome.PROCESS_INFO: "6.属于四类过程性信息",
    Outcome.ENFORCEMENT_FILE: "7.属于行政执法案卷",
    Outcome.ADMIN_QUERY: "8.属于行政查询事项",
    Outcome.NOT_HELD: "1.本机关不掌握相关政府信息",
    Outcome.NEEDS_CREATION: "2.没有现成信息需要另行制作",
    Outcome.STILL_UNCLEAR: "3.补正后申请内容仍不明确",
    Outcome.PETITION: "1.信访举报投诉类申请",
    Outcome.REPEATED: "2.重复申请",
    Outcome.PUBLICATION: "3.要求提供公开出版物",
    Outcome.EXCESSIVE: "4.无正当理由大量反复申请",
    Outcome.CONFIRM_OBTAINED: "5.要求行政机关确认或重新出具已获取信息",
    Outcome.CORRECTION_LAPSED: "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    Outcome.FEE_UNPAID: "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    Outcome.OTHER: "3.其他",
}

# --- Table 四 ----------------------------------------------------------------------------------

RECONSIDERATION = "行政复议"
LITIGATION = "行政诉讼"
DIRECT_SUIT = "未经复议直接起诉"
SUIT_AFTER = "复议后起诉"
UPHELD = "结果维持"
CORRECTED = "结果纠正"
OTHER_RESULT = "其他结果"
PENDING = "尚未审结"
RESULT_LABELS = (UPHELD, CORRECTED, OTHER_RESULT, PENDING, TOTAL)

# --- Pre-2019 counts (2007 regime; interpretive, see annual_report.md §10) --------------------

COUNTS_PUBLISHED = "主动公开政府信息数"
COUNTS_RECEIVED = "收到政府信息公开申请数"
COUNTS_BY_CHANNEL = "按申请渠道"
COUNTS_BY_OUTCOME = "按办理结果"
COUNTS_RECONSIDERATION = "行政复议案件数"
COUNTS_LITIGATION = "行政诉讼案件数"

#: 2007-regime answer vocabulary (regulation.md §14) for the outcome codes of today.
OUTCOME_2007 = (
    ("公开答复", (Outcome.DISCLOSED,)),
    ("部分公开答复", (Outcome.PARTIAL,)),
    ("不予公开答复", tuple(o for o in Outcome if o.group == "3")),
    ("信息不存在或非本机关政府信息", (Outcome.NOT_HELD,)),
    ("申请内容不明确", (Outcome.STILL_UNCLEAR,)),
    ("其他处理", tuple(o for o in Outcome if o.group in {"5", "6"} or o == Outcome.NEEDS_CREATION)),
)
