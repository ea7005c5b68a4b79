"""Staff side: the dashboard, the 3-month inspection alarm, admin pages of published content."""

import datetime as dt

import time_machine
from django.utils import timezone

from interaction.models import Message
from interaction.selectors import messages_unanswered_over
from tests.interaction.factories import (
    AnsweredMessageFactory,
    CommentFactory,
    ConsultationFactory,
    MessageFactory,
)

NOW = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC)


@time_machine.travel(NOW, tick=False)
def test_unanswered_over_three_months_selector(db):
    old = MessageFactory(submitted_at=NOW - dt.timedelta(days=95), subject="超期未答复")
    MessageFactory(submitted_at=NOW - dt.timedelta(days=80))  # under 3 months
    AnsweredMessageFactory(submitted_at=NOW - dt.timedelta(days=200))
    MessageFactory(submitted_at=NOW - dt.timedelta(days=200), status=Message.Status.REJECTED)
    assert list(messages_unanswered_over()) == [old]
    # 29 August 2026 + 3 months is 29 November: a message of 30 August is not yet over.
    edge = dt.datetime(2026, 8, 29, 9, 0, tzinfo=dt.UTC)
    MessageFactory(submitted_at=edge + dt.timedelta(days=1))
    assert list(messages_unanswered_over(at=NOW)) == [old]
    assert list(messages_unanswered_over(months=1, at=NOW)) != [old]


@time_machine.travel(NOW, tick=False)
def test_dashboard_alarm_and_overdue_in_red(client, db, reviewer):
    MessageFactory(
        submitted_at=NOW - dt.timedelta(days=100),
        subject="三个月前的留言",
        due_on=dt.date(2026, 8, 28),
    )
    MessageFactory(subject="已超期的留言", due_on=dt.date(2026, 11, 20))
    MessageFactory(subject="未到期的留言", due_on=dt.date(2026, 12, 4))
    client.force_login(reviewer)
    page = client.get("/admin/interaction/message/dashboard/").content.decode()
    assert "红色警报：有1条有效留言超过3个月未答复" in page
    assert page.index('data-testid="alarm"') < page.index("已超期的留言")
    assert page.index("三个月前的留言") < page.index("已超期的留言") < page.index("未到期的留言")
    row = page[page.index("已超期的留言") - 400 : page.index("已超期的留言")]
    assert 'class="overdue"' in row


@time_machine.travel(NOW, tick=False)
def test_dashboard_without_alarm(client, db, reviewer):
    MessageFactory(due_on=dt.date(2026, 12, 4))
    client.force_login(reviewer)
    page = client.get("/admin/interaction/message/dashboard/").content.decode()
    assert "没有超过3个月未答复的有效留言" in page
    assert "红色警报" not in page


def test_dashboard_refused_without_permission(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get("/admin/interaction/message/dashboard/").status_code == 403


def test_admin_lists_and_pages_render(client, db, reviewer):
    consultation = ConsultationFactory()
    CommentFactory(consultation=consultation)
    message = MessageFactory()
    client.force_login(reviewer)
    for url in [
        "/admin/interaction/consultation/",
        f"/admin/interaction/consultation/{consultation.pk}/change/",
        "/admin/interaction/consultation/add/",
        "/admin/interaction/consultationfeedback/",
        "/admin/interaction/consultationfeedback/add/",
        "/admin/interaction/comment/",
        "/admin/interaction/message/",
        "/admin/interaction/message/?status=overdue",
        f"/admin/interaction/message/{message.pk}/assign/",
        f"/admin/interaction/message/{message.pk}/reject/",
        "/admin/interaction/publishedanswer/",
    ]:
        assert client.get(url).status_code == 200, url


def test_consultation_review_publishes_through_the_workflow(client, db, editor, reviewer):
    from tests.interaction.factories import DraftConsultationFactory

    consultation = DraftConsultationFactory(opens_at=timezone.now(), published_at=None)
    client.force_login(editor)
    client.post(f"/admin/interaction/consultation/{consultation.pk}/submit/")
    consultation.refresh_from_db()
    assert consultation.status == consultation.Status.PENDING
    client.force_login(reviewer)
    response = client.post(
        f"/admin/interaction/consultation/{consultation.pk}/review/",
        {"confidentiality_checked": "on", "_publish": "1"},
    )
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.is_public and consultation.approved_hash
