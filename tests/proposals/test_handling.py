"""Consent rules at publication, the staff dashboard and the demo data."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from proposals import demo, selectors, services
from proposals.models import Consent, Proposal, ProposalKind, ProposalReply
from publishing.models import PublicationStatus
from tests.factories import OrganisationFactory
from tests.proposals.factories import ProposalFactory, ProposalReplyFactory, PublishedReplyFactory

pytestmark = pytest.mark.django_db

FROZEN = dt.datetime(2026, 11, 27, 2, 0, tzinfo=dt.UTC)  # Friday 10:00 in Shenyang
D = dt.date


@pytest.fixture
def frozen():
    with time_machine.travel(FROZEN, tick=False):
        yield


def review(client, reply):
    return client.post(
        f"/admin/proposals/proposalreply/{reply.pk}/review/",
        {"confidentiality_checked": "on", "_publish": "1"},
    )


# --- Consent ------------------------------------------------------------------------------------


def test_publishing_a_refused_reply_is_refused_with_a_chinese_message(client, proposals_reviewer):
    reply = ProposalReplyFactory(
        proposal__consent=Consent.NONE,
        proposal__consent_reason="涉及个人隐私，代表不同意公开",
        status=PublicationStatus.PENDING,
    )
    with pytest.raises(ValidationError, match="确定为不公开（理由：涉及个人隐私，代表不同意公开）"):
        services.reply_publish(reply=reply, actor=proposals_reviewer, confidentiality_checked=True)
    client.force_login(proposals_reviewer)
    page = client.get(f"/admin/proposals/proposalreply/{reply.pk}/review/").content.decode()
    assert "不能发布" in page  # warned before pressing the button
    response = review(client, reply)
    assert response.status_code == 200
    assert "该建议的答复经代表/委员意见确定为不公开" in response.content.decode()
    reply.refresh_from_db()
    assert reply.status == PublicationStatus.PENDING


def test_abstract_consent_needs_an_abstract(proposals_reviewer):
    reply = ProposalReplyFactory(
        proposal__consent=Consent.ABSTRACT, proposal__consent_reason="理由", abstract=""
    )
    with pytest.raises(ValidationError, match="请先填写答复摘要"):
        services.reply_publish(reply=reply, actor=proposals_reviewer, confidentiality_checked=True)
    reply.abstract = "摘要"
    reply.save()
    services.reply_publish(reply=reply, actor=proposals_reviewer, confidentiality_checked=True)
    assert reply.status == PublicationStatus.PUBLISHED


def test_an_unanswered_proposal_has_no_publishable_reply(proposals_reviewer):
    reply = ProposalReplyFactory(proposal__answered_on=None, proposal__result_class=None)
    with pytest.raises(ValidationError, match="尚未答复"):
        services.reply_publish(reply=reply, actor=proposals_reviewer, confidentiality_checked=True)


def test_bulk_publish_skips_a_refused_reply(client, proposals_reviewer):
    ok = ProposalReplyFactory(title="可以公开的答复")
    refused = ProposalReplyFactory(
        title="不公开的答复", proposal__consent=Consent.NONE, proposal__consent_reason="不同意"
    )
    client.force_login(proposals_reviewer)
    response = client.post(
        "/admin/proposals/proposalreply/",
        {
            "action": "publish_selected",
            "_selected_action": [ok.pk, refused.pk],
            "confirm": "1",
            "confidentiality_checked": "on",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "已审核发布1条建议提案答复" in page and "确定为不公开" in page
    assert ProposalReply.objects.get(pk=refused.pk).status == PublicationStatus.DRAFT


def test_consent_other_than_full_needs_a_reason(editor):
    proposal = ProposalFactory.build(
        lead_unit=OrganisationFactory(), consent=Consent.ABSTRACT, consent_reason=""
    )
    proposal.result_class.save()
    with pytest.raises(ValidationError) as error:
        services.proposal_save(proposal=proposal, actor=editor)
    assert "请填写理由" in str(error.value.message_dict["consent_reason"])


def test_admin_form_shows_the_consent_error(client, proposals_reviewer):
    proposal = ProposalFactory()
    client.force_login(proposals_reviewer)
    url = f"/admin/proposals/proposal/{proposal.pk}/change/"
    data = {
        "kind": proposal.kind,
        "category": proposal.category,
        "year": "2017",
        "congress_term": "十二届",
        "session": "七次会议",
        "number": proposal.number,
        "title": proposal.title,
        "proposers": "王某",
        "delegation": "",
        "contact_details": "",
        "content_summary": "",
        "lead_unit": proposal.lead_unit_id,
        "assigned_on": "2017-03-01",
        "answered_on": "2017-05-26",
        "result_class": proposal.result_class_id,
        "consent": Consent.NONE,
        "consent_reason": "",
        "satisfaction": "",
        "co_handlers-TOTAL_FORMS": "0",
        "co_handlers-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "选择摘要公开或不公开时，请填写理由" in response.content.decode()
    data["consent_reason"] = "代表不同意公开"
    assert client.post(url, data).status_code == 302
    proposal.refresh_from_db()
    assert proposal.consent == Consent.NONE
    assert proposal.history.first().history_user == proposals_reviewer


# --- Dashboard ---------------------------------------------------------------------------------


@pytest.mark.usefixtures("calendar_db", "frozen")
def test_dashboard_lists_open_items_by_due_date_overdue_in_red(client, proposals_reviewer):
    ProposalFactory(title="超期未答复的建议", year=2026, open=True, assigned_on=D(2026, 2, 20))
    ProposalFactory(
        title="未到期的提案",
        year=2026,
        open=True,
        assigned_on=D(2026, 6, 10),
        is_complex=True,
        kind=ProposalKind.PROPOSAL,
    )
    # Answered 2026-09-15: 20 working days later is long past; the reply is still a draft.
    ProposalReplyFactory(
        proposal__title="答复后未公开的建议",
        proposal__year=2026,
        proposal__assigned_on=D(2026, 3, 2),
        proposal__answered_on=D(2026, 9, 15),
    )
    PublishedReplyFactory(proposal__title="已公开的建议")
    client.force_login(proposals_reviewer)
    page = client.get("/admin/proposals/proposal/dashboard/").content.decode()
    assert "办理中2件，其中超期未答复1件；答复后逾期未公开1件" in page
    assert page.index("超期未答复的建议") < page.index("未到期的提案")
    row = page[page.rindex("<tr", 0, page.index("超期未答复的建议")) :]
    assert row.startswith('<tr class="proposal-overdue">') and "已超期" in row
    assert "2026-05-20" in page and "2026-12-10" in page
    assert "逾期未公开" in page and "答复后未公开的建议" in page
    assert "已公开的建议" not in page


def test_dashboard_needs_staff_permission(client):
    from tests.factories import UserFactory

    # Staff of another role (依申请公开办理员) has no business with proposals.
    client.force_login(UserFactory(role="依申请公开办理员"))
    assert client.get("/admin/proposals/proposal/dashboard/").status_code == 403


@pytest.mark.usefixtures("calendar_db", "frozen")
def test_reply_list_flags_a_late_publication(client, proposals_reviewer):
    PublishedReplyFactory(
        title="逾期公开的答复",
        proposal__year=2026,
        proposal__assigned_on=D(2026, 2, 20),
        proposal__answered_on=D(2026, 5, 20),
        published_at=dt.datetime(2026, 8, 3, 2, tzinfo=dt.UTC),
    )
    client.force_login(proposals_reviewer)
    page = client.get("/admin/proposals/proposalreply/").content.decode()
    assert 'class="proposal-overdue">逾期公开：应于' in page


# --- Demo -------------------------------------------------------------------------------------


@pytest.mark.usefixtures("calendar_db", "frozen")
def test_demo_seeds_the_2017_set_and_recent_examples(client, editor, proposals_reviewer):
    organisation = OrganisationFactory()
    summary = demo.seed_demo(organisation=organisation, reviewer=proposals_reviewer, editor=editor)
    assert "新建20件" in summary
    assert "新建0件" in demo.seed_demo(
        organisation=organisation, reviewer=proposals_reviewer, editor=editor
    )
    replies_2017 = ProposalReply.objects.filter(proposal__year=2017)
    assert replies_2017.count() == 13
    assert all(r.is_public and r.proposal.consent == Consent.FULL for r in replies_2017)
    kinds = set(replies_2017.values_list("proposal__kind", flat=True))
    assert kinds == {ProposalKind.SUGGESTION, ProposalKind.PROPOSAL}
    page = client.get("/jyta/", {"year": "2017"}).content.decode()
    assert (
        "2017年承办建议提案13件（人大代表建议7件、政协委员提案6件），已全部答复并全文公开" in page
    )
    assert "024-0000" not in page

    board = selectors.dashboard()
    assert board.overdue_count == 1 and len(board.open_rows) == 2
    assert board.late_publication_count == 1
    assert Proposal.objects.filter(consent=Consent.ABSTRACT).count() == 1
    refused = Proposal.objects.get(consent=Consent.NONE)
    assert not refused.reply.is_public
