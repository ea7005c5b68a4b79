"""Staff admin of 政策解读 (editing through the workflow) and the demo data."""

import datetime as dt

import pytest
from django.utils import timezone

from disclosure.models import Document
from interpretations import demo, selectors
from interpretations.models import Interpretation, InterpretationForm, InterpretationRequirement
from publishing.models import PublicationStatus
from tests.factories import ColumnFactory, OrganisationFactory, PublishedDocumentFactory
from tests.interpretations.factories import InterpretationFactory, grant

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/interpretations/interpretation/add/"


@pytest.fixture
def interp_editor(editor):
    return grant(editor, "add_interpretation", "change_interpretation", "view_interpretation")


def form_data(**overrides):
    organisation = OrganisationFactory()
    data = {
        "title": "《办法》解读",
        "form": InterpretationForm.TEXT,
        "organisation": organisation.pk,
        "interpreter": "处长",
        "summary": "",
        "body": "<p>背景和主要内容</p>",
        "media_url": "",
        "document": "",
        "policy_title": "",
        "policy_number": "",
        "policy_url": "",
        "published_at_0": "",
        "published_at_1": "",
    }
    return {**data, **overrides}


def test_editor_cannot_save_an_interpretation_of_two_policies(client, interp_editor):
    document = PublishedDocumentFactory()
    client.force_login(interp_editor)
    response = client.post(ADD_URL, form_data(document=document.pk, policy_title="《外部》"))
    assert response.status_code == 200
    assert "解读的政策只能选择一项" in response.content.decode()
    assert not Interpretation.objects.exists()


def test_editor_cannot_link_an_unpublished_document(client, interp_editor):
    from tests.factories import DocumentFactory

    draft = DocumentFactory()
    client.force_login(interp_editor)
    response = client.post(ADD_URL, form_data(document=draft.pk))
    assert response.status_code == 200
    assert not Interpretation.objects.exists()


def test_editor_saves_a_draft_and_the_body_is_sanitised(client, interp_editor):
    client.force_login(interp_editor)
    response = client.post(
        ADD_URL,
        form_data(
            policy_title="《国家文物事业发展“十三五”规划》",
            policy_number="文物政发〔2017〕4号",
            body='<p onclick="x()">正文</p><script>alert(1)</script>',
        ),
    )
    assert response.status_code == 302
    item = Interpretation.objects.get()
    assert item.status == PublicationStatus.DRAFT and item.created_by == interp_editor
    assert "script" not in item.body and "onclick" not in item.body


def test_editor_cannot_publish_but_reviewer_can(client, interp_editor, interp_reviewer):
    item = InterpretationFactory(title="待审解读", status=PublicationStatus.PENDING)
    review_url = f"/admin/interpretations/interpretation/{item.pk}/review/"
    client.force_login(interp_editor)
    assert (
        client.post(review_url, {"confidentiality_checked": "on", "_publish": "1"}).status_code
        == 403
    )
    client.force_login(interp_reviewer)
    response = client.post(review_url, {"confidentiality_checked": "on", "_publish": "1"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == PublicationStatus.PUBLISHED and item.reviewed_by == interp_reviewer
    assert client.get(item.get_absolute_url()).status_code == 200


def test_demo_seeds_the_2017_national_interpretation_and_a_warning(client, editor, interp_reviewer):
    organisation = OrganisationFactory()
    policies = ColumnFactory(slug="zcwj", name="政策文件", organisation=organisation)
    moment = timezone.make_aware(dt.datetime(2017, 7, 17, 10, 30))  # noqa: DTZ001
    for title, offset in [
        ("关于印发〈辽宁省关于戏曲进乡村的实施方案〉的通知", 0),
        ("关于转发〈文化部关于引导迷你歌咏亭市场健康发展的通知〉的通知", 30),
        ("关于印发《辽宁省文物保护单位巡查办法》的通知", 400),
    ]:
        PublishedDocumentFactory(
            column=policies,
            title=title,
            published_at=moment + dt.timedelta(days=offset),
            regulatory_class=Document.RegulatoryClass.NORMATIVE,
        )
    summary = demo.seed_demo(organisation=organisation, reviewer=interp_reviewer, editor=editor)
    assert "新建3篇" in summary
    again = demo.seed_demo(organisation=organisation, reviewer=interp_reviewer, editor=editor)
    assert "新建0篇" in again and Interpretation.objects.count() == 3

    national = Interpretation.objects.get(title__contains="国家文物事业发展“十三五”规划")
    assert national.is_public and national.published_at.year == 2017
    assert national.policy_number == "文物政发〔2017〕4号"
    page = client.get("/zcjd/", {"year": "2017"}).content.decode()
    assert "国家文物局政策法规司解读《国家文物事业发展“十三五”规划》" in page

    waiting = InterpretationRequirement.objects.get(document__title__contains="巡查办法")
    assert not waiting.document.interpretations.exists()
    assert "3件" in summary
    forms = set(Interpretation.objects.values_list("form", flat=True))
    assert forms == {InterpretationForm.EXPERT, InterpretationForm.TEXT, InterpretationForm.QA}


def test_demo_warning_shows_for_the_unexplained_policy(calendar_db, editor, interp_reviewer):
    organisation = OrganisationFactory()
    policies = ColumnFactory(slug="zcwj", name="政策文件", organisation=organisation)
    PublishedDocumentFactory(
        column=policies,
        title="关于印发《辽宁省文物保护单位巡查办法》的通知",
        published_at=timezone.make_aware(dt.datetime(2026, 3, 2, 10)),  # noqa: DTZ001
    )
    demo.seed_demo(organisation=organisation, reviewer=interp_reviewer, editor=editor)
    states = [t.state for t in selectors.policy_timings(today=dt.date(2026, 11, 27))]
    assert states == [selectors.PolicyState.MISSING]
