"""Public pages of 建议提案办理: list, filters, detail, consent, contact details, summary."""

import re
from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from proposals import selectors
from proposals.models import Consent, ProposalKind
from publishing.models import PublicationStatus
from tests.factories import OrganisationFactory
from tests.proposals.factories import (
    ProposalFactory,
    ProposalReplyFactory,
    PublishedReplyFactory,
    result_class,
)

pytestmark = pytest.mark.django_db

CONTACT = "13912345678"


def assert_clean_page(response) -> str:
    assert response.status_code == 200
    page = response.content.decode()
    assert len(re.findall(r"<h1[\s>]", page)) == 1
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), "inline script"
    return page


def test_list_and_detail_answer_with_one_h1_and_never_show_contacts(client):
    reply = PublishedReplyFactory(proposal__title="关于加强非遗保护的建议")
    page = assert_clean_page(client.get("/jyta/"))
    assert reply.title in page and CONTACT not in page
    page = assert_clean_page(client.get(f"/jyta/{reply.pk}/"))
    assert "关于加强非遗保护的建议" in page
    assert "十二届人大七次会议" in page and reply.proposal.number in page
    assert "王某" in page and "沈阳代表团" in page  # names are public, as in real replies
    assert CONTACT not in page and "和平区某路" not in page
    assert "A类（已解决或基本解决）" in page
    assert "已经解决" in page


def test_abstract_consent_shows_the_abstract_only(client):
    reply = PublishedReplyFactory(
        proposal__consent=Consent.ABSTRACT,
        proposal__consent_reason="涉及未定稿规划",
        body="<p>全文不应出现</p>",
        abstract="摘要：正在解决。",
    )
    page = client.get(reply.get_absolute_url()).content.decode()
    assert "经代表同意，摘要公开" in page
    assert "摘要：正在解决。" in page and "全文不应出现" not in page


def test_cppcc_abstract_note_names_the_member(client):
    reply = PublishedReplyFactory(
        proposal__kind=ProposalKind.PROPOSAL,
        proposal__congress_term="十一届",
        proposal__session="五次会议",
        proposal__consent=Consent.ABSTRACT,
        proposal__consent_reason="理由",
        abstract="摘要",
    )
    page = client.get(reply.get_absolute_url()).content.decode()
    assert "经委员同意，摘要公开" in page and "政协十一届五次会议" in page


@pytest.mark.parametrize(
    "state",
    [
        {"status": PublicationStatus.DRAFT, "published_at": None},
        {"status": PublicationStatus.PENDING, "published_at": None},
        {"status": PublicationStatus.WITHDRAWN},
        {"published_at_delta": timedelta(days=1)},
        {"proposal__consent": Consent.NONE, "proposal__consent_reason": "代表不同意公开"},
    ],
    ids=["draft", "pending", "withdrawn", "scheduled", "consent-refused"],
)
def test_unpublished_replies_are_never_public(client, state):
    state = dict(state)
    delta = state.pop("published_at_delta", None)
    if delta is not None:
        state["published_at"] = timezone.now() + delta
    hidden = PublishedReplyFactory(title="不应公开的答复", **state)
    assert "不应公开的答复" not in client.get("/jyta/").content.decode()
    assert client.get(f"/jyta/{hidden.pk}/").status_code == 404
    home = render_to_string(
        "proposals/includes/_home_block.html", {"items": selectors.latest_for_home()}
    )
    assert "不应公开的答复" not in home


def test_filters(client):
    unit = OrganisationFactory(name="辽宁省文物局")
    PublishedReplyFactory(title="二〇一七年A类答复")
    PublishedReplyFactory(
        title="二〇二五年政协B类答复",
        proposal__year=2025,
        proposal__kind=ProposalKind.PROPOSAL,
        proposal__result_class=result_class("B"),
        proposal__lead_unit=unit,
        proposal__assigned_on=timezone.localdate().replace(year=2025, month=2, day=20),
        proposal__answered_on=timezone.localdate().replace(year=2025, month=5, day=20),
    )

    def titles(**params):
        page = client.get("/jyta/", params).content.decode()
        return {t for t in ("二〇一七年A类答复", "二〇二五年政协B类答复") if t in page}

    assert titles(year="2017") == {"二〇一七年A类答复"}
    assert titles(kind="cppcc") == {"二〇二五年政协B类答复"}
    assert titles(result="A") == {"二〇一七年A类答复"}
    assert titles(lead=str(unit.pk)) == {"二〇二五年政协B类答复"}
    assert titles() == {"二〇一七年A类答复", "二〇二五年政协B类答复"}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"year": "abc"}, "年度“abc”无效"),
        ({"kind": "senate"}, "没有“senate”这种类型"),
        ({"result": "Z"}, "办理结果分类无效"),
        ({"lead": "999999"}, "主办单位无效"),
        ({"lead": "x' OR 1=1"}, "主办单位无效"),
    ],
)
def test_bad_filter_values_are_safe(client, params, message):
    PublishedReplyFactory(title="某答复")
    page = assert_clean_page(client.get("/jyta/", params))
    assert message in page and "筛选条件有误" in page
    assert "某答复" not in page


# --- Yearly summary -----------------------------------------------------------------------------


def test_summary_all_answered_and_published_in_full(client):
    for _ in range(13):
        PublishedReplyFactory()
    (summary,) = selectors.year_summaries()
    assert summary.text == (
        "2017年承办建议提案13件（人大代表建议13件、政协委员提案0件），已全部答复并全文公开"
    )
    assert summary.text in client.get("/jyta/").content.decode()


def test_summary_counts_each_publication_way(client):
    kwargs = {"proposal__year": 2025}
    PublishedReplyFactory(**kwargs)
    PublishedReplyFactory(
        proposal__consent=Consent.ABSTRACT,
        proposal__consent_reason="理由",
        abstract="摘要",
        **kwargs,
    )
    PublishedReplyFactory(
        proposal__consent=Consent.NONE, proposal__consent_reason="不同意", **kwargs
    )
    ProposalReplyFactory(**kwargs)  # answered, reply still a draft
    ProposalFactory(year=2025, open=True, kind=ProposalKind.PROPOSAL)
    (summary,) = selectors.year_summaries(2025)
    assert (summary.total, summary.answered, summary.full, summary.abstract, summary.refused) == (
        5,
        4,
        1,
        1,
        1,
    )
    assert summary.text == (
        "2025年承办建议提案5件（人大代表建议4件、政协委员提案1件），已答复4件、正在办理1件，"
        "全文公开1件，摘要公开1件，经代表委员意见不公开1件，待公开1件"
    )
    page = client.get("/jyta/", {"year": "2025"}).content.decode()
    assert summary.text in page
