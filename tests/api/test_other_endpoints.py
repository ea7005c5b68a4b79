"""/api/v1/interpretations, /api/v1/proposal-replies and /api/v1/annual-reports."""

import pytest

from proposals.models import Consent
from tests.factories import PublishedDocumentFactory
from tests.interpretations.factories import InterpretationFactory, PublishedInterpretationFactory
from tests.proposals.factories import ProposalFactory, ProposalReplyFactory, PublishedReplyFactory

pytestmark = pytest.mark.django_db


def get_json(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, response.content
    return response.json()


class TestInterpretations:
    def test_published_only_with_their_policy(self, client, column):
        policy = PublishedDocumentFactory(column=column, title="关于非遗保护的意见")
        item = PublishedInterpretationFactory(document=policy, title="《意见》解读")
        PublishedInterpretationFactory(external=True, title="国家规划解读")
        InterpretationFactory(title="草稿解读")

        data = get_json(client, "/api/v1/interpretations")

        assert sorted(i["title"] for i in data["results"]) == ["《意见》解读", "国家规划解读"]
        detail = get_json(client, f"/api/v1/interpretations/{item.pk}")
        assert detail["policy"]["document"]["title"] == "关于非遗保护的意见"
        assert detail["body"].startswith("<p>一、出台背景")
        assert detail["url"] == f"http://testserver/zcjd/{item.pk}/"

    def test_filter_by_document_and_bad_values(self, client, column):
        policy = PublishedDocumentFactory(column=column)
        PublishedInterpretationFactory(document=policy, title="本文件的解读")
        PublishedInterpretationFactory(title="别的解读")

        data = get_json(client, "/api/v1/interpretations", document=str(policy.pk))
        assert [i["title"] for i in data["results"]] == ["本文件的解读"]
        assert (
            "document"
            in get_json(client, "/api/v1/interpretations", status=400, document="x")["error"]
        )

    def test_draft_detail_is_404(self, client, column):
        draft = InterpretationFactory()

        assert get_json(client, f"/api/v1/interpretations/{draft.pk}", status=404)["error"]


class TestProposalReplies:
    def test_consent_decides_what_is_public(self, client, site):
        full = PublishedReplyFactory(proposal=ProposalFactory(consent=Consent.FULL))
        abstract = PublishedReplyFactory(
            proposal=ProposalFactory(consent=Consent.ABSTRACT, consent_reason="部分内容不宜公开"),
            abstract="答复摘要：已经解决。",
        )
        refused = PublishedReplyFactory(proposal=ProposalFactory(consent=Consent.FULL))
        refused.proposal.consent = Consent.NONE
        refused.proposal.consent_reason = "涉及个人隐私"
        refused.proposal.save()
        ProposalReplyFactory()  # a draft

        data = get_json(client, "/api/v1/proposal-replies")
        assert sorted(r["id"] for r in data["results"]) == sorted([full.pk, abstract.pk])

        shown = get_json(client, f"/api/v1/proposal-replies/{abstract.pk}")
        assert shown["publication"] == "abstract"
        assert shown["abstract"] == "答复摘要：已经解决。"
        assert shown["body"] == ""
        assert "王某代表" not in str(shown)  # the unpublished full text never leaks
        assert get_json(client, f"/api/v1/proposal-replies/{full.pk}")["body"].startswith("<p>王某")
        get_json(client, f"/api/v1/proposal-replies/{refused.pk}", status=404)

    def test_contact_details_are_never_served(self, client, site):
        reply = PublishedReplyFactory()

        text = client.get(f"/api/v1/proposal-replies/{reply.pk}").content.decode()
        text += client.get("/api/v1/proposal-replies").content.decode()

        assert "13912345678" not in text
        assert "和平区" not in text


class TestAnnualReports:
    def test_list_and_tables(self, client, annual_report):
        data = get_json(client, "/api/v1/annual-reports")
        assert [r["year"] for r in data["results"]] == [2025]
        assert data["results"][0]["xlsx_url"] == "http://testserver/nianbao/2025/tables.xlsx"

        report = get_json(client, "/api/v1/annual-reports/2025")
        assert report["title"] == "辽宁省文化厅2025年政府信息公开工作年度报告"
        assert "二、主动公开政府信息情况" in report["tables"]

    def test_unpublished_or_missing_year_is_404(self, client, annual_report):
        get_json(client, "/api/v1/annual-reports/2024", status=404)
        annual_report.document.status = annual_report.document.Status.WITHDRAWN
        annual_report.document.save()
        assert get_json(client, "/api/v1/annual-reports")["results"] == []
        get_json(client, "/api/v1/annual-reports/2025", status=404)
