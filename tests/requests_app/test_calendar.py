"""The working-day calendar table (工作日历): seeding, the admin, and the cached loader."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from requests_app.deadlines import NoCalendarError, due_date
from requests_app.models import CalendarYear, WorkdayCalendarDay
from requests_app.selectors import load_calendar
from tests.factories import UserFactory

from .conftest import SEEDED_DAYS
from .factories_calendar import CalendarYearFactory

D = dt.date
Kind = WorkdayCalendarDay.Kind


def test_every_day_of_2004_to_2026_is_seeded(calendar_db):
    assert WorkdayCalendarDay.objects.count() == SEEDED_DAYS
    years = CalendarYear.objects.order_by("year")
    assert [y.year for y in years] == list(range(2004, 2027))
    assert all(y.is_complete for y in years)
    assert "2026年部分节假日安排" in years.get(year=2026).source
    assert "国办发明电〔2025〕7号" in years.get(year=2026).source


def test_2026_has_the_working_days_of_the_notice(calendar_db):
    # 2026: 261 weekdays; weekdays off under the notice: 01-01, 01-02, 02-16…20, 02-23, 04-06,
    # 05-01, 05-04, 05-05, 06-19, 09-25, 10-01, 10-02, 10-05, 10-06, 10-07 (19); weekend days
    # worked: 01-04, 02-14, 02-28, 05-09, 09-20, 10-10 (6). 261 − 19 + 6 = 248.
    assert WorkdayCalendarDay.objects.filter(date__year=2026, is_workday=True).count() == 248
    makeup = WorkdayCalendarDay.objects.filter(date__year=2026, kind=Kind.MAKEUP_WORKDAY)
    assert sorted(makeup.values_list("date", flat=True)) == [
        D(2026, 1, 4),
        D(2026, 2, 14),
        D(2026, 2, 28),
        D(2026, 5, 9),
        D(2026, 9, 20),
        D(2026, 10, 10),
    ]


def test_seeded_days_carry_kind_name_and_notice(calendar_db):
    spring = WorkdayCalendarDay.objects.get(date=D(2026, 2, 23))  # Monday, 春节调休
    assert (spring.kind, spring.is_workday, spring.holiday_name, spring.is_in_lieu) == (
        Kind.HOLIDAY,
        False,
        "春节",
        True,
    )
    assert "2026年" in spring.source_notice
    # The late-December make-up day for 元旦 2019 belongs to the 2019 notice (calendar.md §2).
    dec = WorkdayCalendarDay.objects.get(date=D(2018, 12, 29))
    assert (dec.kind, dec.is_workday, dec.holiday_name) == (Kind.MAKEUP_WORKDAY, True, "元旦")
    assert "2019年部分节假日安排" in dec.source_notice
    assert WorkdayCalendarDay.objects.get(date=D(2026, 3, 7)).kind == Kind.WEEKEND
    assert WorkdayCalendarDay.objects.get(date=D(2026, 3, 6)).kind == Kind.WORKDAY


def test_seed_command_is_idempotent_and_keeps_manual_edits(calendar_db, capsys):
    day = WorkdayCalendarDay.objects.get(date=D(2026, 12, 31))
    day.kind, day.holiday_name = Kind.HOLIDAY, "元旦"
    day.save()
    call_command("seed_calendar")
    assert "新写入 0 天" in capsys.readouterr().out
    assert WorkdayCalendarDay.objects.count() == SEEDED_DAYS
    assert WorkdayCalendarDay.objects.get(date=D(2026, 12, 31)).kind == Kind.HOLIDAY
    call_command("seed_calendar", "--from-year", "2026", "--to-year", "2026", "--overwrite")
    assert WorkdayCalendarDay.objects.get(date=D(2026, 12, 31)).kind == Kind.WORKDAY


def test_seed_command_refuses_years_the_library_does_not_have(calendar_db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="2004–2026"):
        call_command("seed_calendar", "--to-year", "2027")


def test_an_edit_is_seen_by_the_next_computation(calendar_db):
    # R = Mon 2026-11-30 → 12-28 (test_deadlines). Make Fri 12-04 a day off: one day later.
    assert due_date(start=D(2026, 11, 30), calendar=load_calendar()) == D(2026, 12, 28)
    day = WorkdayCalendarDay.objects.get(date=D(2026, 12, 4))
    day.kind, day.holiday_name = Kind.HOLIDAY, "测试假日"
    day.save()
    assert due_date(start=D(2026, 11, 30), calendar=load_calendar()) == D(2026, 12, 29)


# --- Admin: loading a new year ---------------------------------------------------------------


@pytest.fixture
def admin_client(client, calendar_db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_admin_lists_years_with_their_day_counts(admin_client):
    response = admin_client.get(reverse("admin:requests_app_calendaryear_changelist"))
    assert response.status_code == 200
    assert "365/365" in response.content.decode()  # 2026 complete


def test_a_year_cannot_be_marked_complete_while_days_are_missing(admin_client):
    response = admin_client.post(
        reverse("admin:requests_app_calendaryear_add"),
        {
            "year": 2027,
            "source": "《国务院办公厅关于2027年部分节假日安排的通知》",
            "is_complete": "on",
        },
    )
    assert response.status_code == 200
    assert "该年度尚有365天未录入工作日历" in response.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_loading_2027_in_the_admin_makes_deadlines_into_2027_computable(admin_client):
    with pytest.raises(NoCalendarError):
        due_date(start=D(2026, 12, 15), calendar=load_calendar())
    year = CalendarYearFactory(year=2027)
    response = admin_client.post(
        reverse("admin:requests_app_calendaryear_changelist"),
        {"action": "fill_year", "_selected_action": [year.pk]},
        follow=True,
    )
    assert "2027年：新生成 365 天" in response.content.decode()
    # Staff mark 元旦 2027 (Fri 01-01) as a day off in the day admin.
    new_year = WorkdayCalendarDay.objects.get(date=D(2027, 1, 1))
    response = admin_client.post(
        reverse("admin:requests_app_workdaycalendarday_change", args=[new_year.pk]),
        {"date": "2027-01-01", "kind": Kind.HOLIDAY, "holiday_name": "元旦", "source_notice": ""},
    )
    assert response.status_code == 302
    new_year.refresh_from_db()
    assert new_year.is_workday is False
    # Not complete yet: still refused.
    with pytest.raises(NoCalendarError):
        due_date(start=D(2026, 12, 15), calendar=load_calendar())
    response = admin_client.post(
        reverse("admin:requests_app_calendaryear_change", args=[year.pk]),
        {"year": 2027, "source": year.source, "is_complete": "on"},
    )
    assert response.status_code == 302
    # R = Tue 2026-12-15: 12-16…18 1–3, 21–25 4–8, 28–31 9–12, [2027-01-01 off],
    # 2027-01-04…08 13–17, 01-11 18, 12 19, 13 20.
    assert due_date(start=D(2026, 12, 15), calendar=load_calendar()) == D(2027, 1, 13)


def test_day_admin_rejects_a_weekday_marked_as_weekend(admin_client):
    day = WorkdayCalendarDay.objects.get(date=D(2026, 3, 6))  # Friday
    response = admin_client.post(
        reverse("admin:requests_app_workdaycalendarday_change", args=[day.pk]),
        {"date": "2026-03-06", "kind": Kind.WEEKEND, "holiday_name": "", "source_notice": ""},
    )
    assert response.status_code == 200
    assert "周一至周五不能标为“周末”" in response.content.decode()
    day.refresh_from_db()
    assert day.kind == Kind.WORKDAY


def test_day_admin_filters_by_year(admin_client):
    url = reverse("admin:requests_app_workdaycalendarday_changelist")
    response = admin_client.get(url, {"date__year": "2026", "kind__exact": Kind.MAKEUP_WORKDAY})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-actions-icnt="6"' in html  # the six 调休上班 days of 2026
    assert "2026年10月10日" in html
