"""Keyboard only (全程键盘操作): a citizen files a 依申请公开 application without a mouse.

From the top of the page: Tab to the skip link, Enter to jump to the content, then Tab from field
to field, typing text, arrow keys in the drop-down lists and radio groups, Space for the consent
box, Enter on the submit button, until the receipt page. At every step the focused element must
be visible on screen and show a visible focus indicator (WCAG 2.1 2.1.1, 2.4.3, 2.4.7); nothing
hidden (such as the anti-spam field) may take the focus.
"""

import re

import pytest

from tests.a11y.browser import (
    allow_orm_between_browser_steps,
    launch,
    skip_unless_browser_available,
)

playwright_sync = pytest.importorskip("playwright.sync_api")

pytestmark = skip_unless_browser_available()

VALID_ID = "11010519491231002X"

FOCUSED = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    const label = el.labels && el.labels.length ? el.labels[0].innerText.trim() : '';
    return {
        tag: el.tagName.toLowerCase(), id: el.id, name: el.name || '', type: el.type || '',
        value: el.value || '', checked: !!el.checked, text: (el.innerText || '').trim(), label,
        focusVisible: el.matches(':focus-visible'),
        outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
        shadow: style.boxShadow !== 'none',
        onScreen: rect.width > 2 && rect.height > 2 && rect.bottom > 0 && rect.right > 0
                  && rect.top < innerHeight && rect.left < innerWidth,
        hidden: !!el.closest('[aria-hidden="true"], [hidden]'),
    };
}"""


@pytest.fixture
def page(live_server, monkeypatch):
    allow_orm_between_browser_steps(monkeypatch)
    from tests.factories import SiteProfileFactory

    SiteProfileFactory()
    with playwright_sync.sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(locale="zh-CN", base_url=live_server.url)
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        context.close()
        browser.close()


class Keyboard:
    """Drives the page with key presses only and checks each focus stop."""

    def __init__(self, page):
        self.page = page
        self.stops: list[dict] = []

    def focused(self) -> dict:
        return self.page.evaluate(FOCUSED)

    def assert_focus_visible(self) -> dict:
        element = self.focused()
        where = f"{element['tag']}#{element['id']} {element['label'] or element['text'][:20]}"
        assert element["onScreen"], f"focus is off screen on {where}"
        assert not element["hidden"], f"a hidden element took the focus: {where}"
        assert element["focusVisible"], f"no :focus-visible on {where}"
        assert element["outline"] or element["shadow"], f"no visible focus indicator on {where}"
        return element

    def tab_to(self, matches, limit: int = 60) -> dict:
        """Press Tab until ``matches(element)``; every stop on the way must show its focus."""
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            element = self.assert_focus_visible()
            self.stops.append(element)
            if matches(element):
                return element
        raise AssertionError(f"not reachable with Tab within {limit} stops: {self.stops[-5:]}")

    def tab_to_field(self, element_id: str) -> dict:
        return self.tab_to(lambda element: element["id"] == element_id)

    def type_into(self, element_id: str, text: str) -> None:
        self.tab_to_field(element_id)
        self.page.keyboard.type(text)
        assert self.focused()["value"] == text

    def choose_radio(self, name: str, label: str) -> None:
        """Tab into a radio group, then arrow keys until ``label`` is checked."""
        self.tab_to(lambda element: element["type"] == "radio" and element["name"] == name)
        for _ in range(10):
            element = self.focused()
            if element["label"] == label:
                if not element["checked"]:
                    self.page.keyboard.press("Space")
                assert self.focused()["checked"]
                return
            self.page.keyboard.press("ArrowDown")
        raise AssertionError(f"option {label!r} not found in radio group {name!r}")


def test_application_with_the_keyboard_only(page):
    from requests_app.models import Application

    keys = Keyboard(page)
    page.goto("/ysqgk/apply/")

    # The first Tab lands on the skip link, which is shown and focused visibly.
    skip = keys.tab_to(lambda element: True, limit=1)
    assert skip["text"] == "跳到主要内容"
    page.keyboard.press("Enter")
    assert keys.focused()["id"] == "main"

    # 申请人类型: arrow keys change the drop-down; back to 自然人.
    applicant_type = keys.tab_to_field("id_applicant_type")
    assert applicant_type["value"] == "natural"
    page.keyboard.press("ArrowDown")
    assert keys.focused()["value"] != "natural"
    page.keyboard.press("ArrowUp")
    assert keys.focused()["value"] == "natural"

    keys.type_into("id_name", "张三")
    id_type = keys.tab_to_field("id_id_type")
    assert id_type["value"] == "resident_id"
    keys.type_into("id_id_number", VALID_ID)
    keys.type_into("id_phone", "13912345678")
    keys.type_into("id_email", "zhangsan@example.com")
    keys.type_into("id_subject", "2025年度文化惠民演出项目资金安排情况")
    keys.type_into("id_description", "请公开2025年度省级文化惠民演出项目的资金安排明细。")
    keys.choose_radio("information_form", "电子")
    keys.choose_radio("delivery", "电子邮件")

    consent = keys.tab_to_field("id_privacy_consent")
    assert not consent["checked"]
    page.keyboard.press("Space")
    assert keys.focused()["checked"]

    submit = keys.tab_to(
        lambda element: element["tag"] == "button" and element["text"] == "提交申请"
    )
    assert submit
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/ysqgk/receipt/$"))

    number = page.get_by_test_id("tracking-number").inner_text().strip()
    assert re.fullmatch(r"YSQ-\d{4}-\d{6}", number)
    application = Application.objects.get(tracking_number=number)
    assert application.name == "张三"
    assert application.information_form == Application.InformationForm.ELECTRONIC
    assert application.delivery == Application.Delivery.EMAIL

    # The anti-spam field never took the focus on the way.
    assert all(stop["name"] != "homepage" for stop in keys.stops)
    # The receipt is reachable by keyboard too: its first focus stop is the skip link.
    assert keys.tab_to(lambda element: True, limit=1)["text"] == "跳到主要内容"


def test_care_mode_switch_works_with_the_keyboard(page):
    keys = Keyboard(page)
    page.goto("/ysqgk/lookup/")
    keys.tab_to(lambda element: element["text"] == "关怀版", limit=3)
    with page.expect_navigation(url=re.compile(r"/ysqgk/lookup/$")):
        page.keyboard.press("Enter")
    assert page.evaluate("document.documentElement.classList.contains('care-mode')")
    root_size = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert root_size >= 24  # 150 % of the browser's 16px
    body_line = page.evaluate(
        "(() => { const s = getComputedStyle(document.body);"
        " return parseFloat(s.lineHeight) / parseFloat(s.fontSize); })()"
    )
    assert body_line >= 1.8
    # The large cursor is set, with a fallback.
    assert "cursor-large.svg" in page.evaluate("getComputedStyle(document.documentElement).cursor")
    # Focus stays visible in care mode; the switch now reads 退出关怀版.
    keys.tab_to(lambda element: element["text"] == "退出关怀版", limit=3)
    with page.expect_navigation(url=re.compile(r"/ysqgk/lookup/$")):
        page.keyboard.press("Enter")
    assert not page.evaluate("document.documentElement.classList.contains('care-mode')")
