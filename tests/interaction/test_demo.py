"""Demo data: 2017 and 2024–2026 content, every moderation state, the inspection rule holds."""

import datetime as dt

import time_machine

from interaction.demo import seed_demo
from interaction.models import (
    Comment,
    Consultation,
    ConsultationFeedback,
    Message,
    Phase,
    PublishedAnswer,
)
from interaction.selectors import messages_unanswered_over
from tests.factories import OrganisationFactory, UserFactory

NOW = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@time_machine.travel(NOW, tick=False)
def test_seed_demo_is_complete_and_idempotent(client, calendar_db):
    organisation = OrganisationFactory()
    reviewer, editor = UserFactory(role="审核员"), UserFactory(role="信息发布员")
    summary = seed_demo(organisation=organisation, reviewer=reviewer, editor=editor)
    assert summary.startswith("互动交流：新建意见征集5项")
    phases = {c.title: c.phase for c in Consultation.objects.all()}
    assert sorted(phases.values()) == sorted(
        [Phase.CLOSED, Phase.CLOSED, Phase.CLOSED, Phase.OPEN, Phase.UPCOMING]
    )
    assert Consultation.objects.filter(opens_at__year=2017).count() == 2
    assert all(c.is_public for c in Consultation.objects.all())
    assert ConsultationFeedback.objects.published().count() == 3
    assert set(Comment.objects.values_list("moderation", flat=True)) == set(
        Comment.Moderation.values
    )
    assert PublishedAnswer.objects.published().filter(asked_on__year=2017).exists()
    assert PublishedAnswer.objects.published().filter(asked_on__year__gte=2024).exists()
    assert Message.objects.open().count() == 2
    assert not messages_unanswered_over().exists()
    # Public pages show the demo.
    open_one = Consultation.objects.in_phase(Phase.OPEN).get()
    assert (open_one.opens_at.date(), open_one.closes_at.date()) == (
        dt.date(2026, 11, 20),
        dt.date(2026, 12, 20),
    )
    page = client.get(open_one.get_absolute_url()).content.decode()
    assert "我要提意见" in page and "建议对小型剧场演出实行告知承诺制" in page
    assert "希望明确网络直播演出是否适用本细则" not in page  # still pending
    assert "某体育投注网站" not in page  # refused
    assert "省博物馆周一开放吗？" in client.get("/hdjl/zx/?year=2017").content.decode()
    stats = client.get("/hdjl/zx/stats/?year=2017").content.decode()
    assert 'data-testid="year-received">5<' in stats
    # Idempotent.
    again = seed_demo(organisation=organisation, reviewer=reviewer, editor=editor)
    assert again.startswith("互动交流：新建意见征集0项、留言0条")
    assert Consultation.objects.count() == 5
