"""The home page (首页) in a constant number of queries (portal/home.py), showing the same
items as each section's own lists: published and due only, newest (or soonest) first."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.template.loader import render_to_string
from django.utils import timezone

from disclosure import selectors
from disclosure.models import Document
from events.models import Event
from events.templatetags.events_tags import event_time
from interaction.models import Phase
from interaction.selectors import HomeItem
from interpretations.models import InterpretationForm
from portal.home import HOME_ITEMS_PER_COLUMN, first_rows
from portal.versioning import bump_content_version
from proposals.models import Consent, ProposalKind
from publishing.models import PublicationStatus
from services_hall.models import ItemType
from tests.events.factories import EventFactory, PublishedEventFactory
from tests.factories import (
    ColumnFactory,
    DocumentFactory,
    PublishedDocumentFactory,
    SiteProfileFactory,
)
from tests.interaction.factories import (
    ConsultationFactory,
    DraftConsultationFactory,
    PublishedAnswerFactory,
)
from tests.interpretations.factories import PublishedInterpretationFactory
from tests.proposals.factories import PublishedReplyFactory
from tests.services_hall.factories import PublishedServiceItemFactory, ServiceItemFactory

pytestmark = pytest.mark.django_db

# The site profile (cached on its own), the column tree, the documents of every home column,
# the items of every other section and the next scheduled publication.
COLD_QUERIES = 5


def ago(minutes: int):
    return timezone.now() - timedelta(minutes=minutes)


def links(page: str) -> list[tuple[str, str]]:
    """(href, title) of every list item on the page, in page order."""
    return re.findall(r'class="doc-list__title" href="([^"]+)">([^<]+)</a>', page)


def block(page: str, heading: str) -> str:
    start = page.index(f">{heading}</h2>")
    return page[start : page.index("</section>", start)]


def documents_of(column) -> list[Document]:
    return list(Document.objects.filter(column=column).order_by("-published_at", "-id"))


def reloaded(documents: list[Document]) -> list[Document]:
    """The same documents as read from the database (fully loaded), in the same order."""
    by_pk = Document.objects.in_bulk([doc.pk for doc in documents])
    return [by_pk[doc.pk] for doc in documents]


def fresh_version(capture_on_commit) -> None:
    """What a publish does: a new content version, so every cached block is stale."""
    with capture_on_commit(execute=True):
        bump_content_version()


def some_of_everything(home_columns: int) -> None:
    SiteProfileFactory()
    for order in range(home_columns):
        column = ColumnFactory(show_on_home=True, order=order)
        PublishedDocumentFactory.create_batch(2, column=column)
        # a sub-column's document, listed in its parent's block
        PublishedDocumentFactory(column=ColumnFactory(parent=column))
    PublishedInterpretationFactory.create_batch(2)
    PublishedReplyFactory.create_batch(2)
    ConsultationFactory.create_batch(2)
    PublishedAnswerFactory.create_batch(2)
    PublishedEventFactory.create_batch(2)
    PublishedServiceItemFactory.create_batch(2)


class TestQueries:
    @pytest.mark.parametrize("home_columns", [1, 6])
    def test_cold_page_runs_at_most_five_queries_whatever_the_number_of_columns(
        self,
        client,
        home_columns,
        django_assert_max_num_queries,
        django_capture_on_commit_callbacks,
    ):
        some_of_everything(home_columns)

        with django_assert_max_num_queries(COLD_QUERIES):  # empty cache: site profile too
            page = client.get("/").content.decode()
        fresh_version(django_capture_on_commit_callbacks)
        with django_assert_max_num_queries(COLD_QUERIES):
            again = client.get("/").content.decode()

        # three documents per column, two items of each section (four in 互动交流)
        assert len(links(page)) == home_columns * 3 + 12
        assert again == page

    def test_warm_page_runs_no_query(self, client, django_assert_num_queries):
        some_of_everything(home_columns=3)
        client.get("/")
        with django_assert_num_queries(0):
            client.get("/")

    def test_first_rows_needs_an_explicit_order(self):
        with pytest.raises(ValueError, match="ordered queryset"):
            first_rows([Document.objects.all()], 8)


class TestVisibility:
    def test_unpublished_withdrawn_and_scheduled_items_are_never_shown(self, client):
        SiteProfileFactory()
        column = ColumnFactory(name="通知公告", show_on_home=True)
        PublishedDocumentFactory(column=column, title="已发布的通知")
        DocumentFactory(column=column, title="草稿通知")
        DocumentFactory(
            column=column,
            title="撤回的通知",
            status=PublicationStatus.WITHDRAWN,
            published_at=ago(60),
        )
        PublishedDocumentFactory(column=column, title="定时发布的通知", published_at=ago(-60))
        PublishedInterpretationFactory(title="定时发布的解读", published_at=ago(-60))
        PublishedInterpretationFactory(
            title="撤回的解读", status=PublicationStatus.WITHDRAWN, published_at=ago(60)
        )
        PublishedReplyFactory(
            title="不同意公开的答复",
            proposal__consent=Consent.NONE,
            proposal__consent_reason="涉及个人信息",
        )
        DraftConsultationFactory(title="草稿征集")
        PublishedAnswerFactory(title="未同意公开的问答", message__consents_to_publication=False)
        PublishedEventFactory(title="已结束的活动", starts_at=ago(180), ends_at=ago(60))
        EventFactory(title="草稿活动")
        PublishedEventFactory(title="定时发布的活动", published_at=ago(-60))
        ServiceItemFactory(name="草稿办事指南")

        page = client.get("/").content.decode()

        assert [title for _, title in links(page)] == ["已发布的通知"]
        hidden = [
            "草稿通知", "撤回的通知", "定时发布的通知", "定时发布的解读", "撤回的解读",
            "不同意公开的答复", "草稿征集", "未同意公开的问答", "已结束的活动", "草稿活动",
            "定时发布的活动", "草稿办事指南",
        ]  # fmt: skip
        assert [title for title in hidden if title in page] == []

    def test_a_scheduled_document_shows_once_due_without_a_publish(self, client):
        SiteProfileFactory()
        column = ColumnFactory(name="通知公告", show_on_home=True)
        PublishedDocumentFactory(column=column, title="已发布的通知", published_at=ago(60))
        PublishedDocumentFactory(column=column, title="定时发布的通知", published_at=ago(-10))

        assert "定时发布的通知" not in client.get("/").content.decode()
        with time_machine.travel(timezone.now() + timedelta(minutes=11)):
            page = client.get("/").content.decode()

        assert [title for _, title in links(page)] == ["定时发布的通知", "已发布的通知"]


class TestBlocks:
    def test_column_blocks_list_their_newest_documents_and_those_of_sub_columns(self, client):
        SiteProfileFactory()
        news = ColumnFactory(name="政务动态", show_on_home=True, order=2)
        notices = ColumnFactory(name="通知公告", show_on_home=True, order=1)
        local = ColumnFactory(name="地方动态", parent=news, show_on_home=True, order=3)
        documents = [
            PublishedDocumentFactory(
                column=local if n % 3 == 0 else news,
                title=f"动态{n}",
                published_at=ago(n),
                document_number=f"辽文发〔2024〕{n}号" if n % 2 else "",
                validity=Document.Validity.REPEALED if n == 1 else Document.Validity.VALID,
            )
            for n in range(10)
        ]
        PublishedDocumentFactory(column=notices, title="放假通知", published_at=ago(5))
        page = client.get("/").content.decode()

        tree = selectors.column_tree()
        newest_news = documents[:HOME_ITEMS_PER_COLUMN]
        newest_local = [doc for doc in documents if doc.column == local]
        expected = render_to_string(
            "portal/includes/_home_blocks.html",
            {
                "blocks": [
                    {"column": tree.by_id[notices.pk], "documents": documents_of(notices)},
                    {"column": tree.by_id[news.pk], "documents": reloaded(newest_news)},
                    {"column": tree.by_id[local.pk], "documents": reloaded(newest_local)},
                ]
            },
        )
        assert expected in page
        assert [title for _, title in links(block(page, "政务动态"))] == [
            f"动态{n}" for n in range(HOME_ITEMS_PER_COLUMN)
        ]
        local_titles = [title for _, title in links(block(page, "地方动态"))]
        assert local_titles == ["动态0", "动态3", "动态6", "动态9"]
        assert "废止" in block(page, "政务动态")

    def test_interpretations_replies_and_service_guides_newest_first(self, client):
        SiteProfileFactory()
        interpretations = [
            PublishedInterpretationFactory(
                title=f"解读{n}", published_at=ago(n), form=InterpretationForm.values[n % 4]
            )
            for n in range(10)
        ]
        replies = [
            PublishedReplyFactory(
                title=f"答复{n}", published_at=ago(n), proposal__kind=ProposalKind.values[n % 2]
            )
            for n in range(3)
        ]
        guides = [
            PublishedServiceItemFactory(
                name=f"办事指南{n}", published_at=ago(n), item_type=ItemType.values[n % 4]
            )
            for n in range(3)
        ]
        page = client.get("/").content.decode()

        for template, items in [
            ("interpretations/includes/_home_block.html", interpretations[:HOME_ITEMS_PER_COLUMN]),
            ("proposals/includes/_home_block.html", replies),
            ("services_hall/includes/_home_block.html", guides),
        ]:
            fully_loaded = [type(item).objects.get(pk=item.pk) for item in items]
            assert render_to_string(template, {"items": fully_loaded}) in page
        assert links(block(page, "政策解读"))[0] == (interpretations[0].get_absolute_url(), "解读0")
        assert '<span class="interp-form interp-form--graphic">图解</span>' in page
        assert '<span class="proposal-kind">政协委员提案</span>' in page
        assert '<span class="doc-list__meta">行政确认</span>' in page

    def test_interaction_mixes_consultations_and_answers_newest_first(self, client):
        SiteProfileFactory()
        upcoming = ConsultationFactory(
            title="即将开始的征集", opens_at=ago(-60 * 24), published_at=ago(1)
        )
        answer = PublishedAnswerFactory(title="演出许可证如何延续？", published_at=ago(2))
        closed = ConsultationFactory(
            title="已结束的征集", opens_at=ago(60 * 24 * 30), published_at=ago(3)
        )
        page = client.get("/").content.decode()

        expected = [
            HomeItem(
                f"意见征集·{Phase.UPCOMING.label}", upcoming.title,
                upcoming.get_absolute_url(), upcoming.published_at,
            ),
            HomeItem("网上咨询", answer.title, answer.get_absolute_url(), answer.published_at),
            HomeItem(
                f"意见征集·{Phase.CLOSED.label}", closed.title,
                closed.get_absolute_url(), closed.published_at,
            ),
        ]  # fmt: skip
        html = render_to_string("interaction/includes/_home_block.html", {"items": expected})
        assert html in page
        assert "意见征集·未开始" in page and "意见征集·已结束" in page

    def test_calendar_lists_the_next_events_soonest_first_with_their_times(self, client):
        SiteProfileFactory()
        now = timezone.now()
        later = PublishedEventFactory(title="下周的演出", starts_at=now + timedelta(days=7))
        running = PublishedEventFactory(
            title="正在展出",
            all_day=True,
            starts_at=now - timedelta(days=2),
            ends_at=now + timedelta(days=5),
        )
        tomorrow = PublishedEventFactory(title="明天的演出", starts_at=now + timedelta(days=1))
        page = client.get("/").content.decode()

        expected = [Event.objects.get(pk=event.pk) for event in (running, tomorrow, later)]
        html = render_to_string("events/includes/_home_block.html", {"items": expected})
        assert html in page
        assert event_time(expected[0]).startswith("展期：")
