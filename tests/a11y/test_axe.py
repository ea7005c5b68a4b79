"""axe-core on the public site: no serious or critical WCAG 2.1 A/AA violation on any page a
citizen uses, including every public form with and without errors, in the normal and the 关怀版
display.

Runs in Debian's chromium through Playwright against pytest-django's ``live_server`` with the demo
agency seeded (``disclosure.demo.seeding.seed_demo``); axe-core comes from ``node_modules``
(``npm ci``). One test walks all pages so the demo is seeded once; it fails with a readable list of
every violation found, page by page.
"""

import re

import pytest

from tests.a11y.browser import (
    AXE_JS,
    allow_orm_between_browser_steps,
    axe_violations,
    describe,
    launch,
    skip_unless_browser_available,
)

playwright_sync = pytest.importorskip("playwright.sync_api")

pytestmark = [
    *skip_unless_browser_available(),
    pytest.mark.skipif(not AXE_JS.exists(), reason="axe-core is not installed (run `npm ci`)"),
]

VALID_ID = "11010519491231002X"
POST_FORM = "main form[method='post' i]"


@pytest.fixture
def demo(live_server):
    """The demo agency on the live server's database, and a few addresses into it."""
    from annual_reports.models import AnnualReport
    from disclosure.demo.seeding import seed_demo
    from disclosure.models import Document
    from interaction.models import Consultation, Phase

    seed_demo()
    document = (
        Document.objects.published().select_related("column").order_by("-published_at").first()
    )
    consultation = (
        Consultation.objects.published().with_phase().filter(current_phase=Phase.OPEN).first()
    )
    report = AnnualReport.objects.published().order_by("-year").first()
    assert document and consultation and report, "the demo lacks a document, consultation or report"
    return {
        "column": f"/xxgk/column/{document.column.slug}/",
        "document": f"/xxgk/doc/{document.pk}/",
        "consultation": f"/hdjl/yjzj/{consultation.pk}/",
        "report": f"/nianbao/{report.year}/",
    }


@pytest.fixture
def browser_page(live_server, monkeypatch):
    allow_orm_between_browser_steps(monkeypatch)
    with playwright_sync.sync_playwright() as playwright:
        browser = launch(playwright)
        # The site's CSP (script-src 'self') would refuse the injected axe-core script; bypassing
        # it changes nothing else in the pages.
        context = browser.new_context(locale="zh-CN", base_url=live_server.url, bypass_csp=True)
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        context.close()
        browser.close()


def submit_without_browser_checks(page, form_selector: str) -> None:
    """Submit a form as a browser without HTML5 validation would, to see the server's errors."""
    form = page.locator(form_selector).first
    form.evaluate("f => { f.noValidate = true; }")
    with page.expect_navigation():
        form.locator("button[type=submit], input[type=submit], button:not([type])").last.click()


def fill_application(page) -> None:
    page.get_by_label("申请人类型").select_option("natural")
    page.get_by_label("姓名/名称").fill("张三")
    page.get_by_label("证件类型").select_option("resident_id")
    page.get_by_label("证件号码").fill(VALID_ID)
    page.get_by_label("联系电话").fill("13912345678")
    page.get_by_label("电子邮箱").fill("zhangsan@example.com")
    page.get_by_label("所需信息名称").fill("2025年度文化惠民演出项目资金安排情况")
    page.get_by_label("所需信息的内容描述").fill(
        "请公开2025年度省级文化惠民演出项目的资金安排明细。"
    )
    page.get_by_label("电子", exact=True).check()
    page.get_by_label("电子邮件", exact=True).check()
    page.get_by_label("我已阅读并同意本页的隐私声明").check()


# Section pages and list pages besides the forms; each is checked as it loads.
PLAIN_PAGES = [
    ("首页", "/"),
    ("政府信息公开", "/xxgk/"),
    ("信息公开目录", "/xxgk/catalogue/"),
    ("依申请公开", "/ysqgk/"),
    ("纸质申请表", "/ysqgk/paper-form/"),
    ("政策解读", "/zcjd/"),
    ("政策解读（无效筛选）", "/zcjd/?form=bad"),
    ("建议提案", "/jyta/"),
    ("建议提案（无效年份）", "/jyta/?year=abc"),
    ("互动交流", "/hdjl/"),
    ("意见征集列表", "/hdjl/yjzj/"),
    ("网上咨询列表", "/hdjl/zx/"),
    ("咨询统计", "/hdjl/zx/stats/"),
    ("文化日历", "/whrl/"),
    ("网上办事", "/wsbs/"),
    ("年报列表", "/nianbao/"),
    ("搜索结果", "/search/?q=非遗"),
    ("搜索结果（文号）", "/search/?q=辽文"),
    ("搜索（空）", "/search/"),
    ("答复期限计算结果", "/ysqgk/calculator/?start=2026-03-05&extension=0"),
    ("答复期限计算（无效日期）", "/ysqgk/calculator/?start=2026-02-30"),
]


def test_public_pages_have_no_serious_axe_violations(browser_page, demo):
    page = browser_page
    reports: list[str] = []
    checked: list[str] = []

    def check(label: str) -> None:
        checked.append(label)
        violations = axe_violations(page)
        if violations:
            reports.append(describe(label, page.url, violations))

    def visit(label: str, url: str) -> None:
        response = page.goto(url)
        assert response is not None and response.status == 200, (label, url)
        check(label)

    for label, url in PLAIN_PAGES:
        visit(label, url)
    visit("栏目页", demo["column"])
    visit("文件页", demo["document"])
    visit("年度报告", demo["report"])

    # Every public form, first empty, then with the server's errors.
    forms = [
        ("依申请公开申请表", "/ysqgk/apply/", POST_FORM),
        ("申请查询", "/ysqgk/lookup/", POST_FORM),
        ("网上咨询/写信", "/hdjl/zx/ask/", POST_FORM),
        ("咨询查询", "/hdjl/zx/lookup/", POST_FORM),
        ("意见征集评论", demo["consultation"], POST_FORM),
        ("答复期限计算器", "/ysqgk/calculator/", "main form.calculator"),
    ]
    for label, url, selector in forms:
        visit(f"{label}（空表）", url)
        submit_without_browser_checks(page, selector)
        assert page.locator("main").inner_text(), label
        check(f"{label}（提交出错）")

    # A real application: the receipt, then the lookup result with its timeline.
    page.goto("/ysqgk/apply/")
    fill_application(page)
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url(re.compile(r"/ysqgk/receipt/$"))
    check("申请回执")
    number = page.get_by_test_id("tracking-number").inner_text().strip()
    code = page.get_by_test_id("query-code").inner_text().strip()
    page.goto("/ysqgk/lookup/")
    page.get_by_label("申请编号").fill(number)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    page.wait_for_url(re.compile(r"/ysqgk/lookup/status/$"))
    check("申请查询结果")

    # The same pages in 关怀版: larger text and other colours must not break anything.
    page.goto("/care/on/?next=/")
    assert page.evaluate("document.documentElement.classList.contains('care-mode')")
    for label, url in [("首页", "/"), ("文件页", demo["document"]), ("年度报告", demo["report"])]:
        visit(f"关怀版 {label}", url)
    visit("关怀版 依申请公开申请表（空表）", "/ysqgk/apply/")
    submit_without_browser_checks(page, POST_FORM)
    check("关怀版 依申请公开申请表（提交出错）")

    print(f"axe-core checked {len(checked)} page states")
    assert not reports, "\n\n".join(reports)
