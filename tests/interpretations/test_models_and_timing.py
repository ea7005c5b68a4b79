"""The exactly-one-policy rule, and the timing warnings (解读时效) staff see in the admin."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from interpretations import selectors
from interpretations.models import Interpretation, InterpretationForm
from tests.factories import OrganisationFactory, PublishedDocumentFactory
from tests.interpretations.factories import (
    InterpretationFactory,
    PublishedInterpretationFactory,
    RequirementFactory,
)

pytestmark = pytest.mark.django_db

FROZEN = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.UTC)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


# --- Exactly one policy ------------------------------------------------------------------------


def build(**fields) -> Interpretation:
    defaults = {
        "title": "解读",
        "interpreter": "处长",
        "organisation": OrganisationFactory(),
        "body": "<p>解读正文</p>",
    }
    return Interpretation(**{**defaults, **fields})


def test_clean_refuses_both_policies():
    item = build(document=PublishedDocumentFactory(), policy_title="《外部政策》")
    with pytest.raises(ValidationError, match="只能选择一项"):
        item.full_clean()


def test_clean_refuses_no_policy():
    with pytest.raises(ValidationError, match="请选择解读的政策文件"):
        build().full_clean()


def test_clean_asks_for_the_external_title_when_only_a_number_is_given():
    with pytest.raises(ValidationError) as error:
        build(policy_number="文物政发〔2017〕4号").full_clean()
    assert "请填写外部政策的标题" in str(error.value.message_dict["policy_title"])


def test_external_policy_number_is_validated():
    with pytest.raises(ValidationError) as error:
        build(policy_title="《规划》", policy_number="文物政发[2017]4号").full_clean()
    assert "六角括号" in " ".join(error.value.message_dict["policy_number"])


def test_valid_external_and_document_interpretations_pass():
    build(policy_title="《规划》", policy_number="文物政发〔2017〕4号").full_clean()
    build(document=PublishedDocumentFactory()).full_clean()


def test_media_form_needs_media_or_text():
    with pytest.raises(ValidationError) as error:
        build(policy_title="《规划》", form=InterpretationForm.AUDIO, body="").full_clean()
    assert "媒体地址" in str(error.value.message_dict["media_url"])


@pytest.mark.parametrize(
    "fields",
    [
        {"policy_title": "《外部》"},  # plus the factory's document: both
        {"document": None},  # neither
    ],
    ids=["both", "neither"],
)
def test_database_refuses_anything_but_exactly_one_policy(fields):
    item = InterpretationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Interpretation.objects.filter(pk=item.pk).update(**fields)


# --- Timing ------------------------------------------------------------------------------------


@pytest.fixture
def frozen():
    with time_machine.travel(FROZEN, tick=False):
        yield


@pytest.mark.usefixtures("calendar_db", "frozen")
class TestTiming:
    # 2026-11-02 is a Monday: + 3 working days (次日起算) = Thursday 2026-11-05.
    POLICY_DAY = dt.date(2026, 11, 2)

    def requirement(self, **doc):
        document = PublishedDocumentFactory(published_at=at(self.POLICY_DAY), **doc)
        return RequirementFactory(document=document)

    def timing(self):
        (timing,) = selectors.policy_timings()
        return timing

    def test_missing_interpretation_after_the_deadline_is_a_warning(self):
        self.requirement()
        timing = self.timing()
        assert timing.state is selectors.PolicyState.MISSING
        assert timing.due_on == dt.date(2026, 11, 5)

    def test_interpretation_on_the_last_day_is_on_time(self):
        requirement = self.requirement()
        PublishedInterpretationFactory(
            document=requirement.document, published_at=at(dt.date(2026, 11, 5), 17)
        )
        assert self.timing().state is selectors.PolicyState.ON_TIME

    def test_interpretation_a_day_late_is_a_warning(self):
        requirement = self.requirement()
        item = PublishedInterpretationFactory(
            document=requirement.document, published_at=at(dt.date(2026, 11, 6))
        )
        assert self.timing().state is selectors.PolicyState.LATE
        lateness = selectors.interpretation_lateness(item)
        assert lateness is not None and "应于2026-11-05前发布" in lateness.message

    def test_a_draft_interpretation_does_not_count(self):
        requirement = self.requirement()
        InterpretationFactory(document=requirement.document)
        assert self.timing().state is selectors.PolicyState.MISSING

    def test_recent_policy_is_waiting(self):
        document = PublishedDocumentFactory(published_at=at(dt.date(2026, 11, 26)))
        RequirementFactory(document=document)
        assert self.timing().state is selectors.PolicyState.WAITING

    def test_deadline_setting_is_read(self, settings):
        settings.INTERPRETATION_DEADLINE_WORKING_DAYS = 10
        self.requirement()
        assert self.timing().due_on == dt.date(2026, 11, 16)

    def test_a_deadline_beyond_the_calendar_is_reported_not_raised(self):
        document = PublishedDocumentFactory(published_at=at(dt.date(2026, 12, 30)))
        RequirementFactory(document=document)
        timing = self.timing()
        assert timing.state is selectors.PolicyState.UNKNOWN
        assert "2027年" in timing.message

    def test_staff_see_the_warnings_in_the_admin(self, client, site_admin, interp_reviewer):
        self.requirement(title="关于印发非遗保护办法的通知")
        late = self.requirement(title="关于印发演出管理办法的通知")
        item = PublishedInterpretationFactory(
            title="演出管理办法解读", document=late.document, published_at=at(dt.date(2026, 11, 12))
        )
        client.force_login(interp_reviewer)
        page = client.get("/admin/interpretations/interpretationrequirement/").content.decode()
        assert "2件须解读的政策文件存在时效问题" in page
        assert "逾期未解读" in page and "关于印发非遗保护办法的通知" in page
        assert "解读发布逾期" in page
        page = client.get(
            "/admin/interpretations/interpretationrequirement/", {"interpreted": "no"}
        ).content.decode()
        results = page[page.index('id="result_list"') :]
        assert "关于印发非遗保护办法的通知" in results
        assert "关于印发演出管理办法的通知" not in results
        page = client.get("/admin/interpretations/interpretation/").content.decode()
        assert "逾期发布：应于2026-11-05前发布" in page and item.title in page
