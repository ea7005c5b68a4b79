"""A citizen files an application in a real browser, looks it up, and sees the staff's reply.

Runs Debian's chromium (``apt-get install chromium``) through Playwright's sync API against
pytest-django's ``live_server``; skipped when either is missing. Playwright never downloads a
browser here: the executable is given explicitly.
"""

import re
from pathlib import Path

import pytest

playwright_sync = pytest.importorskip("playwright.sync_api")

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]


VALID_ID = "11010519491231002X"


@pytest.fixture
def page(live_server, monkeypatch):
    # Playwright's sync API runs an event loop in this thread; Django must allow ORM calls.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from tests.factories import SiteProfileFactory

    SiteProfileFactory()
    with playwright_sync.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        context = browser.new_context(locale="zh-CN", base_url=live_server.url)
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        context.close()
        browser.close()


def test_citizen_applies_looks_up_and_sees_the_reply(page):
    from requests_app.models import Application, ApplicationEvent, Outcome

    # From the home page through the main navigation to the form.
    page.goto("/")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="依申请公开").click()
    page.get_by_role("link", name="在线申请").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "在线申请政府信息公开"

    # A first attempt without consent: refused, with what was typed kept.
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
    page.get_by_role("button", name="提交申请").click()
    assert "请阅读隐私声明并勾选同意" in page.content()
    assert page.get_by_label("姓名/名称").input_value() == "张三"
    assert Application.objects.count() == 0

    page.get_by_label("我已阅读并同意本页的隐私声明").check()
    page.get_by_role("button", name="提交申请").click()

    # The receipt: number and code, read as a citizen would.
    page.wait_for_url(re.compile(r"/ysqgk/receipt/$"))
    number = page.get_by_test_id("tracking-number").inner_text().strip()
    code = page.get_by_test_id("query-code").inner_text().strip()
    assert re.fullmatch(r"YSQ-\d{4}-\d{6}", number)
    assert code not in page.url
    assert page.get_by_role("button", name="打印回执").is_visible()  # print.js revealed it

    def look_up():
        page.goto("/ysqgk/lookup/")
        page.get_by_label("申请编号").fill(number)
        page.get_by_label("查询码").fill(code)
        page.get_by_role("button", name="查询").click()
        page.wait_for_url(re.compile(r"/ysqgk/lookup/status/$"))

    look_up()
    assert page.get_by_test_id("status").inner_text() == "待确认收到"
    assert "待确认收到申请后开始计算" in page.get_by_test_id("due").inner_text()
    assert "提交申请" in page.get_by_test_id("timeline").inner_text()

    # Staff answer (through the ORM, as the handling screens would).
    application = Application.objects.get(tracking_number=number)
    application.status = Application.Status.ANSWERED
    application.outcome = Outcome.DISCLOSED
    application.answered_on = application.submitted_at.date()
    application.save()
    ApplicationEvent.objects.create(
        application=application,
        kind=ApplicationEvent.Kind.ANSWERED,
        old_status=Application.Status.PROCESSING,
        new_status=Application.Status.ANSWERED,
        note="予以公开：资金安排明细已通过电子邮件发送。",
    )

    look_up()
    assert page.get_by_test_id("status").inner_text() == "已答复"
    assert page.get_by_test_id("outcome").inner_text() == "（一）予以公开"
    timeline = page.get_by_test_id("timeline").inner_text()
    assert "作出答复" in timeline and "资金安排明细已通过电子邮件发送" in timeline
    assert VALID_ID not in page.content()
