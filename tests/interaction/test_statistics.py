"""留言办理统计: monthly numbers and average working days to answer."""

import datetime as dt

import time_machine

from interaction.models import Message
from interaction.selectors import monthly_statistics
from tests.interaction.factories import AnsweredMessageFactory, MessageFactory

CST = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 11, 29, 10, 0, tzinfo=CST)


def at(y, m, d, h=10):
    return dt.datetime(y, m, d, h, 0, tzinfo=CST)


@time_machine.travel(NOW, tick=False)
def test_monthly_numbers(client, calendar_db):
    # Received in March: 3 (one refused). Answered in March: 2.
    AnsweredMessageFactory(submitted_at=at(2026, 3, 2), replied_at=at(2026, 3, 4))  # Mon→Wed: 2
    AnsweredMessageFactory(submitted_at=at(2026, 3, 6), replied_at=at(2026, 3, 12))  # Fri→Thu: 4
    MessageFactory(submitted_at=at(2026, 3, 9), status=Message.Status.REJECTED)
    # Submitted in September, answered in October across the National Day holiday:
    # 30 Sep → 9 Oct: 1–7 Oct are off, so only 8 and 9 Oct count = 2.
    AnsweredMessageFactory(submitted_at=at(2026, 9, 30), replied_at=at(2026, 10, 9))
    stats = monthly_statistics(2026)
    march, september, october = stats.rows[2], stats.rows[8], stats.rows[9]
    assert (march.received, march.answered, march.average_working_days) == (3, 2, 3.0)
    assert (september.received, september.answered) == (1, 0)
    assert (october.received, october.answered, october.average_working_days) == (0, 1, 2.0)
    assert stats.received == 4 and stats.answered == 3
    assert stats.average_working_days == round(8 / 3, 1)
    page = client.get("/hdjl/zx/stats/?year=2026").content.decode()
    assert 'data-testid="year-received">4<' in page
    assert 'data-testid="year-answered">3<' in page
    assert 'data-testid="year-average">2.7<' in page


@time_machine.travel(NOW, tick=False)
def test_uncomputable_working_days_are_skipped_with_a_note(client, calendar_db):
    # 2003 has no calendar: counted as answered, left out of the average.
    AnsweredMessageFactory(submitted_at=at(2003, 12, 30), replied_at=at(2004, 1, 5))
    stats = monthly_statistics(2004)
    assert stats.rows[0].answered == 1 and stats.rows[0].average_working_days is None
    assert "无法计算用时" in stats.notes[0]
