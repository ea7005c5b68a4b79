"""Forbidden terms, personal data and HTML sanitising (integrity/checks.py)."""

import pytest

from integrity.checks import (
    PersonalDataFinding,
    find_forbidden_terms,
    find_personal_data,
    is_valid_id_number,
    link_targets,
    luhn_ok,
    plain_text,
    sanitize_html,
    unsafe_markup,
)
from integrity.seed_terms import SEED_TERMS

SEEDED = [term for terms in SEED_TERMS.values() for term in terms]


def with_id_check(first17: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


def with_luhn(payload: str) -> str:
    return next(payload + d for d in "0123456789" if luhn_ok(payload + d))


def terms_in(text: str, terms=SEEDED) -> list[str]:
    return [hit.term for hit in find_forbidden_terms({"正文": text}, terms)]


# --- Forbidden terms -------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("《必赢体育人民政府办公厅印发关于贯彻落实的通知》", ["必赢体育"]),
        ("必-赢-体-育", ["必赢体育"]),
        ("必 赢 体 育", ["必赢体育"]),
        ("必.赢.体.育官方网站", ["必赢体育"]),
        ("必★赢☆体★育", ["必赢体育"]),
        ("必\u200b赢\u200c体\u200d育", ["必赢体育"]),
        ("必\u00ad赢\ufeff体\u2060育", ["必赢体育"]),
        ("欢迎访问ＢＥＴ３６５", ["bet365"]),
        ("欢迎访问BET365", ["bet365"]),
        ("欢迎访问 Bet365 官网", ["bet365"]),
        ("b.e.t-3 6 5", ["bet365"]),
        ("ob体育", ["OB体育"]),
        ("ＯＢ体育", ["OB体育"]),
        ("必赢体育投注平台", ["必赢体育", "体育投注"]),
        ("澳门新葡京娱乐场", ["澳门新葡京", "新葡京娱乐", "葡京娱乐"]),
        ("北京赛车PK10开奖", ["北京赛车pk10"]),
    ],
)
def test_forbidden_terms_are_found_through_disguises(text, expected):
    assert terms_in(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "体育彩票",
        "中国体育彩票公益金资助项目",
        "省体育局关于体育彩票销售管理的通知",
        "群众文化娱乐活动",
        "游艺娱乐场所经营许可证",
        "电子游艺设备内容核查",
        "歌舞娱乐场所、棋牌娱乐场所审批",
        "秋天色彩金黄",
        "购买球鞋和球拍",
        "建立一套现行有效的制度",
        "支援交流",
        "经过一夜情况稳定",
        "召开全省社会福利视频会议",
        "严厉打击跨境赌博和网络赌博违法犯罪",
        "警惕刷单返利诈骗，不要出售银行卡",
        "税务机关代开发票服务",
        "alphabet365",
        "JOB体育",
        # Across sentences and paragraphs (what the old matcher joined up).
        "今年我们必赢。体育工作要加强",
        "坚持必赢！体育强省",
        "<p>我们必赢</p><p>体育强省</p>",
        "<td>必赢</td><td>体育</td>",
    ],
)
def test_ordinary_government_text_is_not_flagged(text):
    assert terms_in(plain_text(text)) == []


def test_forbidden_term_hits_name_field_once_per_term():
    hits = find_forbidden_terms(
        {"标题": "必赢体育通知", "正文": "必赢体育 必-赢-体-育", "文号": ""}, ["必赢体育"]
    )
    assert [(hit.field, hit.term) for hit in hits] == [("标题", "必赢体育"), ("正文", "必赢体育")]


def test_forbidden_terms_reports_the_term_as_configured():
    assert terms_in("BET365官网", ["Bet365"]) == ["Bet365"]
    assert terms_in("必赢体育", ["必 赢 体 育"]) == ["必 赢 体 育"]


def test_no_terms_no_hits():
    assert find_forbidden_terms({"正文": "必赢体育"}, []) == []
    assert find_forbidden_terms({"正文": "必赢体育"}, ["", "  "]) == []


def test_inline_markup_does_not_hide_a_term_but_blocks_separate():
    assert plain_text("必<b>赢</b><span>体</span>育") == "必赢体育"
    assert plain_text("<p>甲</p><p>乙&amp;丙</p>").split() == ["甲", "乙&丙"]
    assert plain_text("正文<!-- 隐藏 -->结束") == "正文结束"


def test_html_comment_does_not_split_a_term():
    assert terms_in(plain_text("必<!-- x -->赢体育")) == ["必赢体育"]


def test_link_targets_finds_hidden_links():
    html = (
        '<a href="https://www.bet365.com/">更多</a>'
        "<img src='/x/%E5%BF%85%E8%B5%A2%E4%BD%93%E8%82%B2.png'>"
    )
    assert sorted(terms_in(link_targets(html))) == sorted(["必赢体育", "bet365"])


# --- Personal data ---------------------------------------------------------------------------

VALID_ID = with_id_check("21010219800101123")
VALID_ID_X = next(
    candidate for n in range(1000)
    if (candidate := with_id_check(f"21010219800101{n:03d}")).endswith("X")
)
CARD = with_luhn("622202100112345678")  # 19 digits


def kinds(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.value) for f in find_personal_data({"正文": text})]


def test_valid_id_number_is_flagged_and_masked():
    [finding] = find_personal_data({"正文": f"申请人身份证号：{VALID_ID}。"})
    assert (finding.kind, finding.value, finding.field) == ("id_number", VALID_ID, "正文")
    assert finding.kind_label == "身份证号码"
    assert finding.masked == VALID_ID[:4] + "*" * 10 + VALID_ID[-4:]
    assert VALID_ID[4:14] not in finding.masked
    assert finding.key.startswith("id_number:") and VALID_ID not in finding.key


def test_id_number_with_x_checksum_in_either_case():
    assert VALID_ID_X.endswith("X")
    assert kinds(VALID_ID_X) == [("id_number", VALID_ID_X)]
    assert kinds(VALID_ID_X.lower()) == [("id_number", VALID_ID_X)]


@pytest.mark.parametrize(
    "value",
    [
        VALID_ID[:17] + next(c for c in "0123456789X" if c != VALID_ID[17]),  # wrong checksum
        with_id_check("21010219801301123"),  # month 13
        with_id_check("21010219800230123"),  # 30 February
        with_id_check("21010221000101123"),  # born in the future
        with_id_check("99010219800101123"),  # no such province
    ],
)
def test_implausible_id_numbers_are_ignored(value):
    assert not is_valid_id_number(value)
    assert kinds(f"号码{value}") == []


def test_old_fifteen_digit_id_only_after_a_label():
    old = "210102800101123"
    assert kinds(f"身份证号码：{old}") == [("id_number", old)]
    assert kinds(f"项目编号{old}") == []


@pytest.mark.parametrize(
    "text",
    [
        "联系人手机13800138000",
        "手机：138 0013 8000",
        "手机：138-0013-8000",
        "+86 138 0013 8000",
        "+86-13800138000",
        "008613800138000",
        "手机：１３８００１３８０００",
    ],
)
def test_mobile_numbers_in_usual_forms(text):
    assert kinds(text) == [("mobile", "13800138000")]


def test_bank_card_grouped_by_spaces_or_dashes():
    grouped = " ".join(CARD[i:i + 4] for i in range(0, len(CARD), 4))
    assert kinds(f"收款卡号：{grouped}") == [("bank_card", CARD)]
    assert kinds(f"收款卡号：{CARD[:6]}-{CARD[6:]}") == [("bank_card", CARD)]
    [finding] = find_personal_data({"正文": grouped})
    assert finding.kind_label == "银行卡号" and finding.masked == CARD[:4] + "*" * 11 + CARD[-4:]


def test_card_failing_luhn_is_ignored():
    bad = CARD[:-1] + str((int(CARD[-1]) + 1) % 10)
    assert kinds(bad) == []


@pytest.mark.parametrize(
    "text",
    [
        "索引号：11210000001234567K/2017-00041",
        "索引号：11210000000000001X/2026-00012",
        f"索引号：{VALID_ID}/2017-00041",
        "辽文办发〔2017〕41号",
        "成文日期：2017-01-12，发布日期：2017年1月12日",
        "联系电话：024-23123456，传真：024 2312 3457",
        "咨询电话：(024)23123456、12345",
        "金额 13800138000.00 元",
        "订单号 913800138000123",
        "统一社会信用代码：12210000MB1234567X",
        "预算 1,380,013,800 元",
    ],
)
def test_catalogue_numbers_dates_and_office_phones_are_not_personal_data(text):
    assert kinds(text) == []


def test_each_value_reported_once_in_first_field():
    findings = find_personal_data({"标题": "13800138000", "正文": "再次：13800138000"})
    assert findings == [PersonalDataFinding("mobile", "13800138000", "标题")]


# --- HTML sanitising -------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("dirty", "forbidden"),
    [
        ("<p>正文</p><script>alert(1)</script>", ["<script", "alert"]),
        ('<img src="/a.png" onerror="alert(1)">', ["onerror", "alert"]),
        ('<p onclick="steal()">正文</p>', ["onclick", "steal"]),
        ('<p style="display:none">必赢体育</p>', ["style", "display"]),
        ("<style>p{display:none}</style><p>正文</p>", ["<style", "display"]),
        ('<a href="javascript:alert(1)">点击</a>', ["javascript", "alert"]),
        ('<a href="JaVaScRiPt:alert(1)">点击</a>', ["javascript", "alert"]),
        ('<iframe src="https://evil.example/"></iframe><p>正文</p>', ["iframe", "evil"]),
        ('<img src="data:image/png;base64,AAAA">', ["data:"]),
    ],
)
def test_sanitize_html_removes_active_content(dirty, forbidden):
    clean = sanitize_html(dirty).lower()
    for fragment in forbidden:
        assert fragment not in clean


def test_sanitize_html_keeps_ordinary_markup():
    html = (
        '<p>各市文化局：</p><p><a href="http://www.ln.gov.cn/">省政府网站</a></p>'
        "<table><tbody><tr><td>序号</td><td>名称</td></tr></tbody></table>"
    )
    clean = sanitize_html(html)
    assert "<p>各市文化局：</p>" in clean
    assert 'href="http://www.ln.gov.cn/"' in clean and 'rel="noopener noreferrer"' in clean
    assert "<table><tbody><tr><td>序号</td><td>名称</td></tr></tbody></table>" in clean


# --- Unsafe markup (what only a direct database edit can store) ------------------------------

@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>正文</p><script>location='https://x.example'</script>", ["脚本"]),
        ('<iframe src="https://x.example"></iframe>', ["内嵌框架"]),
        ('<img src="/a.png" onerror="go()">', ["事件属性"]),
        ('<a href=" JavaScript:go()">点击</a>', ["javascript: 链接"]),
        ('<meta http-equiv="refresh" content="0;url=https://x.example">', ["自动跳转"]),
        ('<div style="display: none"><a href="https://x.example">必赢</a></div>', ["隐藏内容"]),
        ('<span style="position:absolute;left:-9999px">广告</span>', ["隐藏内容"]),
        ('<p style="font-size:0">广告</p>', ["隐藏内容"]),
        ('<div style="display:none" onclick="go()"></div>', ["事件属性", "隐藏内容"]),
        ('<p style="font-size:0.9em;color:red">正文</p>', []),
        ("<p>参数写作 onload=1，或 a = javascript:void(0)</p>", []),
        ("<p>各市文化局：现将有关事项通知如下。</p>", []),
    ],
)
def test_unsafe_markup_names_what_was_injected(html, expected):
    assert unsafe_markup(html) == expected


@pytest.mark.parametrize(
    "dirty",
    [
        "<script>go()</script><p onclick='go()' style='display:none'>x</p>",
        '<a href="javascript:go()">x</a><iframe src="/"></iframe>',
        "<p>&lt;script&gt; is shown as text</p>",
    ],
)
def test_sanitised_html_never_counts_as_unsafe(dirty):
    assert unsafe_markup(sanitize_html(dirty)) == []
