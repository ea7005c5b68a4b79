"""The pages of the 依申请公开 section: one <h1>, labelled controls, navigation, 申请须知."""

import re

import pytest

from tests.factories import SiteProfileFactory

PAGES = [
    "/ysqgk/",
    "/ysqgk/apply/",
    "/ysqgk/paper-form/",
    "/ysqgk/lookup/",
    "/ysqgk/receipt/",
    "/ysqgk/calculator/",
]


@pytest.fixture
def site(db):
    return SiteProfileFactory()


@pytest.mark.parametrize("url", PAGES)
def test_every_page_answers_with_one_h1_and_labelled_controls(client, site, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    for control_id in re.findall(r'<(?:input|select|textarea)[^>]* id="([^"]+)"', html):
        assert f'for="{control_id}"' in html, control_id
    # 依申请公开 is in the main navigation and marked as the current section.
    nav = html[html.index('class="main-nav"') :]
    nav = nav[: nav.index("</nav>")]
    assert re.search(r'href="/ysqgk/" aria-current="page">依申请公开<', nav)
    assert "<script>" not in html  # no inline scripts (CSP, cached pages)


def test_guide_explains_contents_periods_correction_fees_and_remedies(client, site):
    html = client.get("/ysqgk/").content.decode()
    for text in [
        "第二十九条",
        "20个工作日内予以答复",
        "最长不超过20个工作日",
        "7个工作日内一次性告知",
        "第四十二条",
        "10件以下（含10件）",
        "100元/件",
        "30页以下（含30页）",
        "10元/页",
        "20元/页",
        "40元/页",
        "行政复议",
        "行政诉讼",
        "投诉、举报",
        "应当先申请行政复议",
    ]:
        assert text in html, text
    for url in ["/ysqgk/apply/", "/ysqgk/paper-form/", "/ysqgk/lookup/", "/ysqgk/calculator/"]:
        assert f'href="{url}"' in html, url
    assert site.host.name in html  # where to hand in paper applications


def test_paper_form_is_printable_and_lists_the_choices(client, site):
    html = client.get("/ysqgk/paper-form/").content.decode()
    assert "政府信息公开申请表" in html
    assert "requests_app/requests.css" in html and "requests_app/print.js" in html
    for label in [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "居民身份证",
        "统一社会信用代码",
        "纸质",
        "电子",
        "邮寄",
        "自行领取",
        "网上获取",
        "申请人签名",
    ]:
        assert label in html, label


def test_status_page_without_a_lookup_goes_to_the_lookup_form(client, db):
    response = client.get("/ysqgk/lookup/status/")
    assert response.status_code == 302 and response["Location"] == "/ysqgk/lookup/"
