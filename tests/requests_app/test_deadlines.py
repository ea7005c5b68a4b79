"""The statutory clock (答复期限) against worked legal examples.

Every expected date below was counted by hand, day by day, from the official 放假调休 schedule of
the year (as encoded in ``chinese_calendar`` and quoted in ``shared/domain/calendar.md``), under
the default counting rule: day 1 is the first working day *after* the start date (次日起算).
Notation in the comments: "n" after a date is the running count; "off" is a day without work.
"""

import datetime as dt

import pytest

from requests_app import deadlines
from requests_app.deadlines import (
    Exclusion,
    ExtensionTooLongError,
    NoCalendarError,
    WorkingCalendar,
    add_working_days,
    compute_deadline,
    due_date,
    restart_after_correction,
)
from requests_app.selectors import load_calendar

D = dt.date


# --- A hand-made calendar: pure tests, no database ---------------------------------------------

# 2030 as plain Monday–Friday (2030-03-01 is a Friday), plus an invented holiday week and an
# invented make-up Saturday, so the rules can be seen without any real schedule.
HAND = WorkingCalendar.from_weekdays(
    [2030],
    days_off=[D(2030, 4, 1), D(2030, 4, 2), D(2030, 4, 3)],  # Mon–Wed off
    makeup_workdays=[D(2030, 3, 30)],  # Saturday worked
)


def test_hand_calendar_knows_weekends_days_off_and_makeup_days():
    assert HAND.is_workday(D(2030, 3, 29))  # Friday
    assert not HAND.is_workday(D(2030, 3, 31))  # Sunday
    assert HAND.is_workday(D(2030, 3, 30))  # make-up Saturday
    assert not HAND.is_workday(D(2030, 4, 2))  # invented holiday


def test_default_rule_starts_counting_the_next_working_day():
    # R = Fri 2030-03-01. 03-04 Mon 1 … 03-08 5, 03-11 6, 03-12 7.
    assert add_working_days(D(2030, 3, 1), 7, HAND) == D(2030, 3, 12)
    # count_start_day: R (a working day) is day 1, so everything comes one working day earlier.
    assert add_working_days(D(2030, 3, 1), 7, HAND, count_start_day=True) == D(2030, 3, 11)


def test_start_day_on_a_non_working_day_counts_from_the_next_working_day_either_way():
    # R = Sat 2030-03-02: 03-03 Sun off, 03-04 Mon 1, 03-05 Tue 2.
    assert add_working_days(D(2030, 3, 2), 2, HAND) == D(2030, 3, 5)
    assert add_working_days(D(2030, 3, 2), 2, HAND, count_start_day=True) == D(2030, 3, 5)


def test_twenty_days_through_makeup_saturday_and_days_off():
    # R = Fri 2030-03-15. 03-18…22 1–5, 03-25…29 6–10, 03-30 Sat (make-up) 11, 03-31 Sun off,
    # 04-01…03 off, 04-04 Thu 12, 04-05 13, 04-08…12 14–18, 04-15 19, 04-16 20.
    assert due_date(start=D(2030, 3, 15), calendar=HAND) == D(2030, 4, 16)


def test_overlapping_exclusions_are_not_counted_twice():
    # R = Fri 2030-03-01; without exclusions: 03-04…08 1–5, 11–15 6–10, 18–22 11–15,
    # 25–29 16–20 → 03-29.
    assert due_date(start=D(2030, 3, 1), calendar=HAND) == D(2030, 3, 29)
    # Consultation A sent Tue 03-05, ended Tue 03-12 → excludes 03-06, 07, 08, 11, 12 (5 days).
    # Consultation B sent Fri 03-08, ended Fri 03-15 → excludes 03-11…15 (5 days).
    # Union: 03-06, 07, 08, 11, 12, 13, 14, 15 = 8 working days (not 5 + 5 = 10).
    # Count: 03-04 1, 03-05 2, [03-06…03-15 excluded], 03-18…22 3–7, 03-25…29 8–12,
    # 03-30 Sat make-up 13, 04-01…03 off, 04-04 14, 04-05 15, 04-08…12 16–20 → 04-12.
    result = compute_deadline(
        start=D(2030, 3, 1),
        calendar=HAND,
        exclusions=[(D(2030, 3, 5), D(2030, 3, 12)), (D(2030, 3, 8), D(2030, 3, 15))],
    )
    assert result.due == D(2030, 4, 12)
    assert result.excluded_working_days == 8
    # Double counting (10 days) would have ended two working days later, on 04-16.
    assert result.due != D(2030, 4, 16)


def test_exclusion_excludes_the_day_after_sending_up_to_and_including_the_end():
    # Sent Mon 03-04 (still counted, day 1), ended Tue 03-05 (excluded): one day lost.
    # R = Fri 03-01: 03-04 1, [03-05], 03-06 2, 03-07 3.
    assert add_working_days(D(2030, 3, 1), 3, HAND) == D(2030, 3, 6)
    assert due_date(
        start=D(2030, 3, 1),
        calendar=HAND,
        working_days=3,
        exclusions=[Exclusion(D(2030, 3, 4), D(2030, 3, 5))],
    ) == D(2030, 3, 7)


def test_exclusion_ending_before_it_starts_is_refused():
    with pytest.raises(deadlines.DeadlineError, match="不能早于发出日期"):
        Exclusion(D(2030, 3, 5), D(2030, 3, 4))


def test_extension_is_capped_at_twenty_working_days():
    # 20 + 20: continuing after 04-16 (see above): 04-17 21, 04-18 22, 04-19 23, 04-22…26 24–28,
    # 04-29…05-03 29–33, 05-06…10 34–38, 05-13 39, 05-14 40.
    assert due_date(start=D(2030, 3, 15), calendar=HAND, extension_days=20) == D(2030, 5, 14)
    with pytest.raises(ExtensionTooLongError) as error:
        due_date(start=D(2030, 3, 15), calendar=HAND, extension_days=21)
    assert isinstance(error.value, ValueError)
    assert "延长的期限最长不得超过20个工作日" in str(error.value)
    assert "第三十三条" in str(error.value)
    with pytest.raises(ValueError):
        due_date(start=D(2030, 3, 15), calendar=HAND, extension_days=-1)


def test_the_2007_regime_caps_at_fifteen():
    with pytest.raises(ExtensionTooLongError, match="不得超过15个工作日"):
        compute_deadline(
            start=D(2030, 3, 1),
            calendar=HAND,
            working_days=15,
            extension_days=16,
            max_extension_days=15,
        )


def test_a_year_without_calendar_is_refused_with_a_chinese_message():
    # Only 2030 is covered; 20 working days from 2030-12-20 need January 2031.
    with pytest.raises(NoCalendarError) as error:
        due_date(start=D(2030, 12, 20), calendar=HAND)
    assert error.value.year == 2031
    assert str(error.value) == (
        "2031年的节假日安排尚未发布，无法计算期限，请在工作日历中录入该年度安排"
    )


def test_a_year_before_the_calendar_is_refused_too():
    with pytest.raises(NoCalendarError, match="2029年的节假日安排未录入工作日历"):
        add_working_days(D(2029, 12, 30), 1, HAND)


def test_the_last_day_of_the_date_range_is_refused_not_crashed():
    with pytest.raises(NoCalendarError):
        add_working_days(dt.date.max, 1, WorkingCalendar([], [9999]))


def test_zero_working_days_is_the_start_day():
    assert add_working_days(D(2030, 3, 2), 0, HAND) == D(2030, 3, 2)


# --- The real calendar, seeded by the data migration ------------------------------------------


@pytest.fixture
def calendar(calendar_db):
    return load_calendar()


# (start, working days, extension, expected due date, why)
WORKED_EXAMPLES = [
    # 2017 春节: 01-27…02-02 off; 01-22 (Sun) and 02-04 (Sat) worked.
    # R = Fri 2017-01-20: 01-21 Sat off, 01-22 Sun 1, 01-23…26 2–5, [01-27…02-02 off],
    # 02-03 Fri 6, 02-04 Sat 7, 02-05 off, 02-06…10 8–12, 02-13…17 13–17, 02-20 18, 21 19, 22 20.
    (D(2017, 1, 20), 20, 0, D(2017, 2, 22), "2017 春节"),
    # 2017 国庆+中秋: 10-01…10-08 off; 09-30 (Sat) worked.
    # R = Fri 2017-09-22: 09-23/24 off, 09-25…29 1–5, 09-30 Sat 6, [10-01…08 off], 10-09…13 7–11,
    # 10-16…20 12–16, 10-23 17, 24 18, 25 19, 26 20.
    (D(2017, 9, 22), 20, 0, D(2017, 10, 26), "2017 国庆"),
    # … with the full extension: 10-27 21, 10-30…11-03 22–26, 11-06…10 27–31, 11-13…17 32–36,
    # 11-20 37, 21 38, 22 39, 23 40.
    (D(2017, 9, 22), 20, 20, D(2017, 11, 23), "2017 国庆，延长20个工作日"),
    # 2019 春节: 02-04…02-10 off; 02-02 (Sat) and 02-03 (Sun) worked.
    # R = Thu 2019-01-31: 02-01 1, 02-02 Sat 2, 02-03 Sun 3, [02-04…10 off], 02-11…15 4–8,
    # 02-18…22 9–13, 02-25…03-01 14–18, 03-04 19, 03-05 20.
    (D(2019, 1, 31), 20, 0, D(2019, 3, 5), "2019 春节"),
    # calendar.md §6: 国庆 10-01…07 off; 09-29 (Sun) and 10-12 (Sat) worked.
    # R = Fri 2019-09-27: 09-28 off, 09-29 Sun 1, 09-30 2, [10-01…07], 10-08…11 3–6, 10-12 Sat 7,
    # 10-14…18 8–12, 10-21…25 13–17, 10-28 18, 29 19, 30 20.
    (D(2019, 9, 27), 20, 0, D(2019, 10, 30), "2019 国庆 (calendar.md)"),
    # calendar.md §6: the maximum extended deadline of the same application (20 more after 10-30).
    (D(2019, 9, 27), 20, 20, D(2019, 11, 27), "2019 国庆，延长 (calendar.md)"),
    # 2024 春节: 02-10…02-17 off; 02-04 (Sun) and 02-18 (Sun) worked; 除夕 02-09 (Fri) was a
    # working day (the notice only *encouraged* leave that day).
    # R = Fri 2024-02-02: 02-03 off, 02-04 Sun 1, 02-05…09 2–6, [02-10…17], 02-18 Sun 7,
    # 02-19…23 8–12, 02-26…03-01 13–17, 03-04 18, 05 19, 06 20.
    (D(2024, 2, 2), 20, 0, D(2024, 3, 6), "2024 春节"),
    # 2024 中秋+国庆: 09-15…17 and 10-01…07 off; 09-14 (Sat), 09-29 (Sun), 10-12 (Sat) worked.
    # R = Fri 2024-09-13: 09-14 Sat 1, [09-15…17], 09-18…20 2–4, 09-23…27 5–9, 09-28 off,
    # 09-29 Sun 10, 09-30 11, [10-01…07], 10-08…11 12–15, 10-12 Sat 16, 10-14 17, 15 18, 16 19,
    # 17 20.
    (D(2024, 9, 13), 20, 0, D(2024, 10, 17), "2024 国庆"),
    # calendar.md §6, across the year end: 2026-01-01…03 off, 01-04 (Sun) worked.
    # R = Wed 2025-12-31: [01-01…03], 01-04 Sun 1, 01-05…09 2–6, 12–16 7–11, 19–23 12–16,
    # 26 17, 27 18, 28 19, 29 20.
    (D(2025, 12, 31), 20, 0, D(2026, 1, 29), "2025→2026 元旦 (calendar.md)"),
    # calendar.md §6, 2026 春节: 02-15…23 off; 02-14 (Sat) and 02-28 (Sat) worked.
    # R = Sat 2026-01-31: 02-02…06 1–5, 02-09…13 6–10, 02-14 Sat 11, [02-15…23], 02-24…27 12–15,
    # 02-28 Sat 16, 03-02 17, 03 18, 04 19, 05 20. (chinese_calendar.find_workday gives 03-06.)
    (D(2026, 1, 31), 20, 0, D(2026, 3, 5), "2026 春节，周六收到 (calendar.md)"),
    # R = Fri 2026-02-13: 02-14 Sat 1, [02-15…23], 02-24…27 2–5, 02-28 Sat 6, 03-02…06 7–11,
    # 03-09…13 12–16, 03-16 17, 17 18, 18 19, 19 20.
    (D(2026, 2, 13), 20, 0, D(2026, 3, 19), "2026 春节 (calendar.md)"),
    # calendar.md §6, 15 working days for a third party: 05-01…05 off, 05-09 (Sat) worked.
    # R = Thu 2026-04-30: [05-01…05], 05-06…08 1–3, 05-09 Sat 4, 05-11…15 5–9, 05-18…22 10–14,
    # 05-25 15.
    (D(2026, 4, 30), 15, 0, D(2026, 5, 25), "2026 劳动节，征求意见15日 (calendar.md)"),
    # calendar.md §6: 中秋 09-25…27, 国庆 10-01…07 off; 09-20 (Sun) and 10-10 (Sat) worked.
    # R = Fri 2026-09-18: 09-20 Sun 1, 09-21…24 2–5, [09-25…27], 09-28…30 6–8, [10-01…07],
    # 10-08 9, 10-09 10, 10-10 Sat 11, 10-12…16 12–16, 10-19 17, 20 18, 21 19, 22 20.
    (D(2026, 9, 18), 20, 0, D(2026, 10, 22), "2026 国庆 (calendar.md)"),
    # calendar.md §6, 7 working days for the 补正 notice: 09-30 → 10-08 1, 09 2, 10 (Sat) 3,
    # 10-12 4, 13 5, 14 6, 15 7.
    (D(2026, 9, 30), 7, 0, D(2026, 10, 15), "2026 国庆，补正告知7日 (calendar.md)"),
    # calendar.md §6: R = Mon 2026-11-30 → 12-01…04 1–4, 07–11 5–9, 14–18 10–14, 21–25 15–19,
    # 12-28 20.
    (D(2026, 11, 30), 20, 0, D(2026, 12, 28), "2026年底 (calendar.md)"),
]


@pytest.mark.parametrize(
    ("start", "days", "extension", "expected", "why"),
    WORKED_EXAMPLES,
    ids=[row[-1] for row in WORKED_EXAMPLES],
)
def test_worked_examples_on_the_seeded_calendar(calendar, start, days, extension, expected, why):
    assert (
        due_date(start=start, calendar=calendar, working_days=days, extension_days=extension)
        == expected
    )


def test_counting_the_receipt_day_moves_the_deadline_one_working_day_earlier(calendar):
    # calendar.md §6: R = Fri 2019-09-27 is a working day and becomes day 1 → 10-29.
    assert due_date(start=D(2019, 9, 27), calendar=calendar, count_start_day=True) == D(
        2019, 10, 29
    )
    # 2024: R = Fri 09-13 is day 1, so the 20th day is 10-16 instead of 10-17.
    assert due_date(start=D(2024, 9, 13), calendar=calendar, count_start_day=True) == D(
        2024, 10, 16
    )
    # R = Sat 2026-01-31 is not a working day: both rules give 03-05.
    assert due_date(start=D(2026, 1, 31), calendar=calendar, count_start_day=True) == D(2026, 3, 5)


def test_restart_after_correction(calendar):
    # R = Mon 2026-03-02: 03-03…06 1–4, 03-09…13 5–9, 16–20 10–14, 23–27 15–19, 03-30 20.
    first = compute_deadline(start=D(2026, 3, 2), calendar=calendar)
    assert first.due == D(2026, 3, 30)
    # 补正 notice sent 03-04 (2 working days used); the corrected application arrives Mon 03-16.
    # 第30条: the period runs again from R′ = 03-16 — 03-17…20 1–4, 03-23…27 5–9, 03-30…04-03
    # 10–14, [04-04…06 清明 off], 04-07…10 15–18, 04-13 19, 04-14 20.
    restarted = restart_after_correction(
        first, corrected_received_on=D(2026, 3, 16), calendar=calendar
    )
    assert restarted.due == D(2026, 4, 14)
    assert restarted.start == D(2026, 3, 16)
    # A paused clock would have kept the 2 days used before the notice and ended on 04-10.
    assert restarted.due != D(2026, 4, 10)
    # The helper is the same as passing R′ as the start.
    assert restarted.due == due_date(start=D(2026, 3, 16), calendar=calendar)


def test_restart_before_the_original_receipt_is_refused(calendar):
    first = compute_deadline(start=D(2026, 3, 2), calendar=calendar)
    with pytest.raises(deadlines.DeadlineError, match="不能早于原收到申请之日"):
        restart_after_correction(first, corrected_received_on=D(2026, 3, 1), calendar=calendar)


def test_two_overlapping_consultations_on_the_2026_national_day(calendar):
    # R = Fri 2026-09-18. Third party: sent Mon 09-21, ended Wed 09-30; other agency: sent
    # Mon 09-28, ended Fri 10-09. Excluded working days (union of (09-21, 10-09]): 09-22, 23, 24,
    # 28, 29, 30, 10-08, 10-09 = 8 (09-25…27 and 10-01…07 are holidays anyway).
    # Count: 09-20 Sun 1, 09-21 2, [excluded…], 10-10 Sat 3, 10-12…16 4–8, 10-19…23 9–13,
    # 10-26…30 14–18, 11-02 19, 11-03 20.
    result = compute_deadline(
        start=D(2026, 9, 18),
        calendar=calendar,
        exclusions=[(D(2026, 9, 21), D(2026, 9, 30)), (D(2026, 9, 28), D(2026, 10, 9))],
    )
    assert result.due == D(2026, 11, 3)
    assert result.excluded_working_days == 8


def test_extension_of_21_days_is_refused_on_the_real_calendar(calendar):
    assert due_date(start=D(2019, 9, 27), calendar=calendar, extension_days=20) == D(2019, 11, 27)
    with pytest.raises(ExtensionTooLongError, match="不得超过20个工作日"):
        due_date(start=D(2019, 9, 27), calendar=calendar, extension_days=21)


def test_2027_has_no_calendar_and_is_refused(calendar):
    # calendar.md §6: from Tue 2026-12-15 only 12 working days remain in 2026
    # (12-16…18, 21…25, 28…31), so the 20th would be in 2027, whose schedule is not loaded.
    with pytest.raises(NoCalendarError) as error:
        due_date(start=D(2026, 12, 15), calendar=calendar)
    assert str(error.value) == (
        "2027年的节假日安排尚未发布，无法计算期限，请在工作日历中录入该年度安排"
    )
    with pytest.raises(NoCalendarError, match="2027年"):
        due_date(start=D(2027, 3, 1), calendar=calendar)
