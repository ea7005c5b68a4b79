"""Event writes through the services (validation, workflow, history), admin, and demo data."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from events import demo, services
from events.models import Event
from tests.events.factories import EventFactory, local
from tests.factories import OrganisationFactory, SiteProfileFactory

pytestmark = pytest.mark.django_db


def new_event(**fields) -> Event:
    defaults = {
        "organisation": OrganisationFactory(),
        "title": "辽宁芭蕾舞团《花木兰》",
        "venue": "盛京大剧院",
        "starts_at": local(2026, 12, 3, 19, 30),
        "ends_at": local(2026, 12, 3, 21, 30),
    }
    return Event(**{**defaults, **fields})


def test_end_must_be_after_start(event_editor, frozen):
    event = new_event(ends_at=local(2026, 12, 3, 19, 30))
    with pytest.raises(ValidationError) as error:
        services.event_save(event=event, actor=event_editor)
    assert error.value.message_dict["ends_at"] == ["结束时间须晚于开始时间。"]


def test_all_day_event_is_normalised_to_whole_days(event_editor, frozen):
    event = new_event(
        all_day=True, starts_at=local(2026, 12, 1, 15, 0), ends_at=local(2026, 12, 1, 9, 0)
    )
    services.event_save(event=event, actor=event_editor)
    event.refresh_from_db()
    assert event.local_start == local(2026, 12, 1)
    assert (event.local_end.date(), event.local_end.hour) == (local(2026, 12, 1).date(), 23)
    with pytest.raises(ValidationError) as error:
        services.event_save(
            event=new_event(all_day=True, starts_at=local(2026, 12, 2), ends_at=local(2026, 12, 1)),
            actor=event_editor,
        )
    assert "结束日期不能早于开始日期" in str(error.value)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.com/x", "not a url"])
def test_booking_link_must_be_a_web_link(event_editor, frozen, url):
    with pytest.raises(ValidationError) as error:
        services.event_save(event=new_event(booking_url=url), actor=event_editor)
    assert "booking_url" in error.value.message_dict


def test_description_is_sanitised(event_editor, frozen):
    event = new_event(description='<p onclick="x()">介绍</p><script>alert(1)</script>')
    services.event_save(event=event, actor=event_editor)
    assert event.description == "<p>介绍</p>"


def test_workflow_publishes_with_history_and_only_for_reviewers(
    event_editor, event_reviewer, frozen
):
    event = services.event_save(event=new_event(), actor=event_editor)
    services.event_submit(event=event, actor=event_editor)
    with pytest.raises(PermissionDenied):
        services.event_publish(event=event, actor=event_editor, confidentiality_checked=True)
    services.event_publish(event=event, actor=event_reviewer, confidentiality_checked=True)
    event.refresh_from_db()
    assert event.is_public and event.approved_hash
    assert [h.history_change_reason for h in event.history.order_by("history_id")] == [
        "新建",
        "送审",
        "审核发布",
    ]


def test_admin_pages_for_staff(client, event_reviewer, frozen):
    client.force_login(event_reviewer)
    event = EventFactory(title="待审核的讲座")
    assert client.get("/admin/events/event/").status_code == 200
    assert client.get("/admin/events/event/add/").status_code == 200
    response = client.post(
        f"/admin/events/event/{event.pk}/review/",
        {"confidentiality_checked": "on", "_publish": "1"},
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED


def test_demo_seeds_a_full_week_and_is_idempotent(client, event_editor, event_reviewer, frozen):
    SiteProfileFactory()
    organisation = OrganisationFactory()
    summary = demo.seed_demo(
        organisation=organisation, reviewer=event_reviewer, editor=event_editor
    )
    assert summary.startswith("文化日历：发布")
    count = Event.objects.count()
    assert demo.seed_demo(
        organisation=organisation, reviewer=event_reviewer, editor=event_editor
    ).startswith("文化日历：已有")
    assert Event.objects.count() == count
    page = client.get("/whrl/").content.decode()
    for ymd in re.findall(r'id="day-(\d{8})"', page):
        section = page[page.index(f'id="day-{ymd}"') :]
        assert "当天暂无符合条件的活动" not in section.split("events-day")[0], ymd
    assert "辽宁芭蕾舞团《八女投江》" in page and "辽宁省博物馆" in page
    assert "必赢" not in page and "（待审核）" not in page
    archive = client.get("/whrl/archive/?year=2017").content.decode()
    assert "文化和自然遗产日非遗展演" in archive
