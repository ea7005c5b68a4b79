"""Public pages of 政策解读: list, filters, detail, the policy page, visibility."""

import re
from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from interpretations import selectors
from interpretations.models import InterpretationForm
from publishing.models import PublicationStatus
from tests.factories import PublishedDocumentFactory
from tests.interpretations.factories import InterpretationFactory, PublishedInterpretationFactory

pytestmark = pytest.mark.django_db


def h1_count(page: str) -> int:
    return len(re.findall(r"<h1[\s>]", page))


def assert_clean_page(response):
    assert response.status_code == 200
    page = response.content.decode()
    assert h1_count(page) == 1
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), "inline script"
    return page


def test_list_and_detail_answer_with_one_h1(client):
    item = PublishedInterpretationFactory(title="《戏曲进乡村实施方案》解读")
    page = assert_clean_page(client.get("/zcjd/"))
    assert "《戏曲进乡村实施方案》解读" in page
    page = assert_clean_page(client.get(f"/zcjd/{item.pk}/"))
    assert "厅办公室主任" in page and "文字" in page


@pytest.mark.parametrize(
    "state",
    [
        {"status": PublicationStatus.DRAFT, "published_at": None},
        {"status": PublicationStatus.PENDING, "published_at": None},
        {"status": PublicationStatus.WITHDRAWN},
        {"status": PublicationStatus.PUBLISHED, "published_at_delta": timedelta(days=2)},
    ],
    ids=["draft", "pending", "withdrawn", "scheduled"],
)
def test_unpublished_interpretations_are_never_public(client, state):
    state = dict(state)
    delta = state.pop("published_at_delta", None)
    if delta is not None:
        state["published_at"] = timezone.now() + delta
    document = PublishedDocumentFactory(title="关于加强文物安全的通知")
    hidden = PublishedInterpretationFactory(title="不应公开的解读", document=document, **state)
    assert "不应公开的解读" not in client.get("/zcjd/").content.decode()
    assert client.get(f"/zcjd/{hidden.pk}/").status_code == 404
    doc_page = client.get(document.get_absolute_url()).content.decode()
    assert "不应公开的解读" not in doc_page
    home = render_to_string(
        "interpretations/includes/_home_block.html", {"items": selectors.latest_for_home()}
    )
    assert "不应公开的解读" not in home


def test_filters_by_form_and_year(client):
    PublishedInterpretationFactory(
        title="图解新规", form=InterpretationForm.GRAPHIC, body="<p>图解要点</p>"
    )
    PublishedInterpretationFactory(
        title="二〇一七年的解读", published_at=timezone.now().replace(year=2017)
    )
    page = client.get("/zcjd/", {"form": "graphic"}).content.decode()
    assert "图解新规" in page and "二〇一七年的解读" not in page
    page = client.get("/zcjd/", {"year": "2017"}).content.decode()
    assert "二〇一七年的解读" in page and "图解新规" not in page


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"form": "movie"}, "没有“movie”这种解读形式"),
        ({"year": "1900"}, "年份“1900”无效"),
        ({"year": "二〇一七"}, "年份“二〇一七”无效"),
        ({"after": "not-a-cursor"}, None),
    ],
)
def test_bad_filter_values_give_a_chinese_message_not_an_error(client, params, message):
    PublishedInterpretationFactory(title="一篇解读")
    response = client.get("/zcjd/", params)
    page = assert_clean_page(response)
    if message:
        assert message in page
        assert "筛选条件有误" in page
        assert "一篇解读" not in page
    else:
        assert "一篇解读" in page


def test_policy_page_lists_its_published_interpretations_and_back(client):
    document = PublishedDocumentFactory(
        title="关于印发《辽宁省关于戏曲进乡村的实施方案》的通知",
        document_number="辽文发〔2017〕20号",
    )
    item = PublishedInterpretationFactory(
        title="实施方案问答", document=document, form=InterpretationForm.QA
    )
    doc_page = assert_clean_page(client.get(document.get_absolute_url()))
    assert f'href="/zcjd/{item.pk}/"' in doc_page and "实施方案问答" in doc_page
    assert "问答" in doc_page
    page = client.get(item.get_absolute_url()).content.decode()
    box = page[page.index('class="policy-box"') :]
    assert f'href="{document.get_absolute_url()}"' in box
    assert "辽文发〔2017〕20号" in box


def test_policy_page_without_interpretations_has_no_section(client):
    document = PublishedDocumentFactory()
    assert "related-interpretations" not in client.get(document.get_absolute_url()).content.decode()


def test_external_policy_shows_title_number_and_url(client):
    item = PublishedInterpretationFactory(external=True, title="国家文物局解读十三五规划")
    page = client.get(item.get_absolute_url()).content.decode()
    box = page[page.index('class="policy-box"') :]
    assert "《国家文物事业发展“十三五”规划》" in box
    assert "文物政发〔2017〕4号" in box
    assert 'href="https://www.example.gov.cn/plan.html"' in box


def test_withdrawn_policy_is_not_linked_from_its_interpretation(client):
    document = PublishedDocumentFactory(title="已撤回的政策")
    item = PublishedInterpretationFactory(document=document)
    type(document).objects.filter(pk=document.pk).update(status=PublicationStatus.WITHDRAWN)
    page = client.get(item.get_absolute_url()).content.decode()
    assert document.get_absolute_url() not in page
    assert "所解读的政策文件暂未公开" in page


def test_media_forms_play_the_media(client):
    item = PublishedInterpretationFactory(
        form=InterpretationForm.VIDEO, media_url="https://media.example.gov.cn/a.mp4"
    )
    page = client.get(item.get_absolute_url()).content.decode()
    assert '<video controls preload="none" src="https://media.example.gov.cn/a.mp4">' in page


def test_home_block_lists_the_newest(db):
    PublishedInterpretationFactory(title="最新解读")
    InterpretationFactory(title="草稿解读")
    html = render_to_string(
        "interpretations/includes/_home_block.html", {"items": selectors.latest_for_home(limit=6)}
    )
    assert "最新解读" in html and "草稿解读" not in html
    assert h1_count(html) == 0
