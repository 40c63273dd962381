"""Table-driven tests of the spoken date/time resolver, against fixed nows in Europe/London."""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.config import Dates
from services.errors import ResolveError
from services.nlu.timeparse import find_when, normalize, resolve_duration, resolve_when

LONDON = ZoneInfo("Europe/London")
DATES = Dates()


def at(text: str) -> datetime:
    """An aware London time from 'YYYY-MM-DD HH:MM'."""
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


MON = at("2026-11-16 08:00")
WED = at("2026-11-18 10:00")
THU = at("2026-11-19 10:00")
FRI_EVENING = at("2026-11-20 18:30")
SAT = at("2026-11-21 12:00")
SUN = at("2026-11-22 12:00")
JAN_31 = at("2026-01-31 15:00")  # a Saturday
NEW_YEARS_EVE = at("2026-12-31 16:00")  # a Thursday

CASES = [
    # (now, phrase, expected local wall time)
    (WED, "today", "2026-11-18 17:00"),
    (WED, "tomorrow", "2026-11-19 09:00"),
    (WED, "tonight", "2026-11-18 20:00"),
    (WED, "this evening", "2026-11-18 18:00"),
    (WED, "this morning", "2026-11-18 09:00"),
    (WED, "this afternoon", "2026-11-18 14:00"),
    (WED, "tomorrow morning", "2026-11-19 09:00"),
    (WED, "tomorrow afternoon", "2026-11-19 14:00"),
    (WED, "tomorrow night", "2026-11-19 20:00"),
    (WED, "the day after tomorrow", "2026-11-20 09:00"),
    (WED, "Friday", "2026-11-20 09:00"),
    (WED, "on Friday", "2026-11-20 09:00"),
    (WED, "this Friday", "2026-11-20 09:00"),
    (WED, "next Friday", "2026-11-27 09:00"),
    (WED, "Friday morning", "2026-11-20 09:00"),
    (WED, "next Friday afternoon", "2026-11-27 14:00"),
    (WED, "Friday at 9", "2026-11-20 09:00"),
    (WED, "on Friday at 9am", "2026-11-20 09:00"),
    (WED, "Friday at 3", "2026-11-20 15:00"),
    (WED, "Wednesday", "2026-11-25 09:00"),  # today's 09:00 has passed
    (WED, "Wednesday at 4pm", "2026-11-18 16:00"),  # still ahead today
    (WED, "Monday", "2026-11-23 09:00"),
    (WED, "on the 3rd", "2026-12-03 09:00"),
    (WED, "the 25th", "2026-11-25 09:00"),
    (WED, "December 3rd", "2026-12-03 09:00"),
    (WED, "3rd of December", "2026-12-03 09:00"),
    (WED, "the 3rd of December at noon", "2026-12-03 12:00"),
    (WED, "Dec 25th at 6pm", "2026-12-25 18:00"),
    (WED, "March 1st", "2027-03-01 09:00"),  # passed this year
    (WED, "November 18th", "2026-11-18 09:00"),  # a date that is today stays today
    (WED, "2026-12-03", "2026-12-03 09:00"),
    (WED, "at 5", "2026-11-18 17:00"),
    (WED, "at 5pm", "2026-11-18 17:00"),
    (WED, "at 5 p.m.", "2026-11-18 17:00"),
    (WED, "5:30 pm", "2026-11-18 17:30"),
    (WED, "17:30", "2026-11-18 17:30"),
    (WED, "at 9", "2026-11-18 21:00"),  # this morning's 9 has passed: the next 9 is tonight's
    (WED, "at 11", "2026-11-18 11:00"),
    (WED, "at 7", "2026-11-18 19:00"),  # not below ambiguous_pm_before, but 7 am has passed
    (WED, "at 11:30", "2026-11-18 11:30"),  # this morning's, still ahead
    (WED, "at 9:30", "2026-11-18 21:30"),
    (WED, "tomorrow at 7", "2026-11-19 07:00"),  # a day said: its morning
    (WED, "at 9 in the morning", "2026-11-19 09:00"),
    (WED, "at 9 am", "2026-11-19 09:00"),
    (WED, "Friday at 9", "2026-11-20 09:00"),
    (WED, "at 6", "2026-11-18 18:00"),
    (WED, "at five thirty", "2026-11-18 17:30"),
    (WED, "at twenty past", None),  # unreadable: checked in the error table instead
    (WED, "half past five", "2026-11-18 17:30"),
    (WED, "quarter to nine tomorrow", "2026-11-19 08:45"),
    # "to one" is before 1 o'clock: 12:45, the coming one (this lunchtime), not 0:45 tonight
    (WED, "at quarter to one", "2026-11-18 12:45"),
    (WED, "twenty to one tomorrow", "2026-11-19 12:40"),
    (WED, "at quarter to one am", "2026-11-19 00:45"),
    # "tonight" with an hour of 12 to 3 is after midnight, the next day's small hours
    (WED, "12:50 tonight", "2026-11-19 00:50"),
    (WED, "ten to one tonight", "2026-11-19 00:50"),
    (WED, "at 12 tonight", "2026-11-19 00:00"),
    (WED, "at 1 tonight", "2026-11-19 01:00"),
    (WED, "1 am tonight", "2026-11-19 01:00"),
    (WED, "Friday night at 2", "2026-11-21 02:00"),
    (WED, "at 4 tonight", "2026-11-18 16:00"),
    (WED, "11:30 tonight", "2026-11-18 23:30"),
    (WED, "at 5 o'clock", "2026-11-18 17:00"),
    (WED, "at 9 in the morning", "2026-11-19 09:00"),
    (WED, "at 9 in the evening", "2026-11-18 21:00"),
    (WED, "at 3 in the afternoon", "2026-11-18 15:00"),
    (WED, "tonight at 8", "2026-11-18 20:00"),
    (WED, "this evening at 7", "2026-11-18 19:00"),
    (WED, "tomorrow at 5 p.m.", "2026-11-19 17:00"),
    (WED, "tomorrow at noon", "2026-11-19 12:00"),
    (WED, "noon", "2026-11-18 12:00"),
    (WED, "midday", "2026-11-18 12:00"),
    (WED, "midnight", "2026-11-19 00:00"),
    (WED, "Friday at midnight", "2026-11-21 00:00"),  # the end of Friday
    (WED, "in 20 minutes", "2026-11-18 10:20"),
    (WED, "in a fortnight", "2026-12-02 10:00"),
    (WED, "in twenty minutes", "2026-11-18 10:20"),
    (WED, "in two hours", "2026-11-18 12:00"),
    (WED, "in an hour", "2026-11-18 11:00"),
    (WED, "in an hour and a half", "2026-11-18 11:30"),
    (WED, "in half an hour", "2026-11-18 10:30"),
    (WED, "in a quarter of an hour", "2026-11-18 10:15"),
    (WED, "in 3 days", "2026-11-21 10:00"),
    (WED, "forty five minutes from now", "2026-11-18 10:45"),
    (WED, "by end of day", "2026-11-18 17:00"),
    (WED, "end of day", "2026-11-18 17:00"),
    (WED, "by Friday end of day", "2026-11-20 17:00"),
    (WED, "end of the week", "2026-11-20 17:00"),
    (WED, "by the end of the month", "2026-11-30 17:00"),
    (WED, "next week", "2026-11-23 09:00"),
    (WED, "next month", "2026-12-01 09:00"),
    (WED, "this weekend", "2026-11-21 09:00"),
    (WED, "due tomorrow", "2026-11-19 09:00"),
    (WED, "this coming Friday", "2026-11-20 09:00"),
    (WED, "on Fri", "2026-11-20 09:00"),
    (WED, "thurs at 3", "2026-11-19 15:00"),
    (WED, "Monday next week", "2026-11-23 09:00"),
    (WED, "next week on Tuesday", "2026-11-24 09:00"),
    (WED, "a week from today", "2026-11-25 10:00"),
    (WED, "half five", "2026-11-18 17:30"),  # British: half past five
    (WED, "at 10 to 5", "2026-11-18 16:50"),
    (WED, "twenty past four", "2026-11-18 16:20"),
    (WED, "by 5", "2026-11-18 17:00"),
    (WED, "before noon", "2026-11-18 12:00"),
    (WED, "first thing tomorrow", "2026-11-19 09:00"),
    (WED, "first thing", "2026-11-19 09:00"),  # this morning's has passed
    (WED, "3 December", "2026-12-03 09:00"),
    (WED, "end of next week", "2026-11-27 17:00"),
    (WED, "the end of next month", "2026-12-31 17:00"),
    (WED, "next weekend", "2026-11-28 09:00"),
    (WED, "at the weekend", "2026-11-21 09:00"),
    (WED, "by Friday", "2026-11-20 09:00"),
    # "next Friday" is the Friday of next week, whatever day it is said
    (MON, "next Friday", "2026-11-27 09:00"),
    (MON, "Friday", "2026-11-20 09:00"),
    (THU, "next Friday", "2026-11-27 09:00"),
    (SAT, "next Friday", "2026-11-27 09:00"),
    (SUN, "next Friday", "2026-11-27 09:00"),
    (SAT, "Friday", "2026-11-27 09:00"),
    (SAT, "next week", "2026-11-23 09:00"),
    (SUN, "end of the week", "2026-11-27 17:00"),
    # Friday evening: today's moments have mostly passed
    (FRI_EVENING, "Friday", "2026-11-27 09:00"),
    (FRI_EVENING, "Friday at 8pm", "2026-11-20 20:00"),
    (FRI_EVENING, "at 5", "2026-11-21 17:00"),
    # six once this evening's has passed is the next morning's; still ahead, this evening's
    (FRI_EVENING, "at half six", "2026-11-21 06:30"),
    (FRI_EVENING, "at six", "2026-11-21 06:00"),
    (FRI_EVENING, "at quarter to seven", "2026-11-20 18:45"),
    (FRI_EVENING, "tonight", "2026-11-20 20:00"),
    (FRI_EVENING, "end of the week", "2026-11-27 17:00"),
    (FRI_EVENING, "this morning", "2026-11-20 09:00"),  # past, allowed by default
    # month boundaries
    (JAN_31, "tomorrow", "2026-02-01 09:00"),
    (JAN_31, "next month", "2026-02-01 09:00"),
    (JAN_31, "on the 30th", "2026-03-30 09:00"),  # February has no 30th
    (JAN_31, "on the 1st", "2026-02-01 09:00"),
    (JAN_31, "by the end of the month", "2026-01-31 17:00"),
    (JAN_31, "in 10 hours", "2026-02-01 01:00"),
    # year boundary
    (NEW_YEARS_EVE, "tomorrow", "2027-01-01 09:00"),
    (NEW_YEARS_EVE, "next month", "2027-01-01 09:00"),
    (NEW_YEARS_EVE, "December 3rd", "2027-12-03 09:00"),
    (NEW_YEARS_EVE, "next week", "2027-01-04 09:00"),
    (NEW_YEARS_EVE, "Friday", "2027-01-01 09:00"),
    (NEW_YEARS_EVE, "next Friday", "2027-01-08 09:00"),
    (NEW_YEARS_EVE, "midnight", "2027-01-01 00:00"),
    (NEW_YEARS_EVE, "in two hours", "2026-12-31 18:00"),
    # a day of the month said as an ordinal word
    (WED, "the first", "2026-12-01 09:00"),
    (WED, "on the second", "2026-12-02 09:00"),
    (WED, "the twenty eighth", "2026-11-28 09:00"),
    (WED, "the twenty-eighth", "2026-11-28 09:00"),
    (WED, "the thirty-first", "2026-12-31 09:00"),  # November has no 31st
    (WED, "the twentieth at 3", "2026-11-20 15:00"),
    (WED, "December the first", "2026-12-01 09:00"),
    (WED, "first of December", "2026-12-01 09:00"),
    (WED, "the third of March", "2027-03-03 09:00"),
    # a weekday with a date: the date decides, the weekday must agree with it
    (WED, "Friday the 27th", "2026-11-27 09:00"),
    (WED, "Friday 27th", "2026-11-27 09:00"),
    (WED, "on Friday the twenty seventh at 2pm", "2026-11-27 14:00"),
    (WED, "Friday 27th November", "2026-11-27 09:00"),
    (WED, "Friday November 27th", "2026-11-27 09:00"),
    (WED, "Saturday the 28th of November", "2026-11-28 09:00"),
    (WED, "next Friday the 27th", "2026-11-27 09:00"),
    (WED, "Tuesday the first", "2026-12-01 09:00"),
    # British weeks: "Monday week" is a week after the coming Monday
    (WED, "Monday week", "2026-11-30 09:00"),
    (WED, "Wednesday week", "2026-12-02 09:00"),  # today's 09:00 has passed: the 25th's week
    (WED, "a week on Saturday", "2026-11-28 09:00"),
    (WED, "a week on Saturday morning", "2026-11-28 09:00"),
    (WED, "two weeks on Friday", "2026-12-04 09:00"),
    (WED, "3 weeks on Monday at 4", "2026-12-14 16:00"),
    (WED, "two weeks today", "2026-12-02 09:00"),
    (WED, "a week tomorrow", "2026-11-26 09:00"),
    (WED, "a fortnight on Tuesday", "2026-12-08 09:00"),  # two weeks after the coming Tuesday
    (WED, "Tuesday fortnight", "2026-12-08 09:00"),
    (WED, "a fortnight today", "2026-12-02 09:00"),
    (WED, "two weeks tomorrow at noon", "2026-12-03 12:00"),
    (WED, "tomorrow week", "2026-11-26 09:00"),
    (SAT, "Saturday week", "2026-12-05 09:00"),  # "Saturday" is the 28th: 09:00 has passed
    # a bare hour before a day word
    (WED, "9 tomorrow", "2026-11-19 09:00"),
    (WED, "8 tonight", "2026-11-18 20:00"),
    (WED, "seven on Friday evening", "2026-11-20 19:00"),
    (WED, "5 tomorrow", "2026-11-19 17:00"),  # below ambiguous_pm_before: pm
    (WED, "10 this evening", "2026-11-18 22:00"),
    (WED, "half nine tomorrow", "2026-11-19 09:30"),
    (WED, "11 on Monday", "2026-11-23 11:00"),
    (WED, "9 next Friday", "2026-11-27 09:00"),
    # months: a month alone is its 1st; this year's, or next year's once passed
    (WED, "March", "2027-03-01 09:00"),
    (WED, "in March", "2027-03-01 09:00"),
    (WED, "in December", "2026-12-01 09:00"),
    (WED, "by March 2028", "2028-03-01 09:00"),
    (WED, "the end of January", "2027-01-31 17:00"),
    (WED, "end of February", "2027-02-28 17:00"),
    (WED, "the end of November", "2026-11-30 17:00"),
    (WED, "the start of March", "2027-03-01 09:00"),
    (WED, "the beginning of December", "2026-12-01 09:00"),
    (WED, "mid March", "2027-03-15 09:00"),
    (WED, "mid-December", "2026-12-15 09:00"),
    (WED, "the middle of January", "2027-01-15 09:00"),
    (WED, "November", "2027-11-01 09:00"),  # this November's 1st has passed
    (JAN_31, "the end of February", "2026-02-28 17:00"),
    (at("2027-12-01 10:00"), "end of February", "2028-02-29 17:00"),  # a leap year
    # the month's end and this week as due dates
    (WED, "month end", "2026-11-30 17:00"),
    (WED, "by month-end", "2026-11-30 17:00"),
    (WED, "next month end", "2026-12-31 17:00"),
    (WED, "this week", "2026-11-20 17:00"),  # as "end of the week"
    (WED, "by this week", "2026-11-20 17:00"),
    (SUN, "this week", "2026-11-27 17:00"),  # as "end of the week" said on a Sunday
    (WED, "this month", "2026-11-30 17:00"),
    # lunchtime
    (WED, "lunchtime", "2026-11-18 12:00"),
    (WED, "at lunchtime", "2026-11-18 12:00"),
    (WED, "by lunch", "2026-11-18 12:00"),
    (WED, "tomorrow lunchtime", "2026-11-19 12:00"),
    (WED, "Friday lunchtime", "2026-11-20 12:00"),
    (WED, "lunch time on Monday", "2026-11-23 12:00"),
    (FRI_EVENING, "at lunchtime", "2026-11-21 12:00"),  # today's has passed
    (FRI_EVENING, "this lunchtime", "2026-11-20 12:00"),  # past, allowed by default
    (WED, "at 1 at lunchtime", "2026-11-18 13:00"),
    (WED, "12:30 lunchtime", "2026-11-18 12:30"),
]


@pytest.mark.parametrize(
    ("now", "phrase", "expected"), [case for case in CASES if case[2] is not None]
)
def test_resolve_when(now: datetime, phrase: str, expected: str) -> None:
    result = resolve_when(phrase, now, DATES)
    assert result.tzinfo is not None
    assert result.replace(tzinfo=None) == datetime.fromisoformat(expected), phrase
    assert result.utcoffset() == result.astimezone(LONDON).utcoffset()


def test_week_starting_sunday_moves_next_friday() -> None:
    sunday_weeks = Dates(week_starts="sunday")
    # said on a Sunday, "next week" starts next Sunday, so its Friday is 12 days away
    assert resolve_when("next Friday", SUN, sunday_weeks) == at("2026-12-04 09:00")
    assert resolve_when("next Friday", SUN, DATES) == at("2026-11-27 09:00")


def test_configured_day_parts_and_ambiguous_hours() -> None:
    early = Dates(
        morning="07:30",
        lunchtime="12:30",
        end_of_day="18:30",
        default_time="08:00",
        ambiguous_pm_before=1,
    )
    assert resolve_when("tomorrow morning", WED, early) == at("2026-11-19 07:30")
    assert resolve_when("at lunchtime", WED, early) == at("2026-11-18 12:30")
    assert resolve_when("the end of January", WED, early) == at("2027-01-31 18:30")
    assert resolve_when("Monday week", WED, early) == at("2026-11-30 08:00")
    assert resolve_when("by end of day", WED, early) == at("2026-11-18 18:30")
    assert resolve_when("Friday", WED, early) == at("2026-11-20 08:00")
    assert resolve_when("at 5", WED, early) == at("2026-11-18 17:00")  # 5 am has passed
    assert resolve_when("tomorrow at 5", WED, early) == at("2026-11-19 05:00")


DST_CASES = [
    # spring forward: 2026-03-29 01:00 GMT becomes 02:00 BST
    (at("2026-03-29 00:30"), "in two hours", "2026-03-29T03:30:00+01:00"),
    (at("2026-03-29 00:30"), "in 30 minutes", "2026-03-29T02:00:00+01:00"),
    (at("2026-03-29 00:30"), "at 9", "2026-03-29T09:00:00+01:00"),
    (at("2026-03-28 12:00"), "tomorrow at 9", "2026-03-29T09:00:00+01:00"),
    (at("2026-03-29 00:30"), "at 1:30 am", "2026-03-29T02:30:00+01:00"),  # skipped wall time
    # fall back: 2026-10-25 02:00 BST becomes 01:00 GMT
    (at("2026-10-25 00:30"), "in two hours", "2026-10-25T01:30:00+00:00"),
    (at("2026-10-24 12:00"), "tomorrow at 9", "2026-10-25T09:00:00+00:00"),
    (at("2026-10-24 20:00"), "in 24 hours", "2026-10-25T19:00:00+00:00"),
]


@pytest.mark.parametrize(("now", "phrase", "expected"), DST_CASES)
def test_resolve_when_across_dst(now: datetime, phrase: str, expected: str) -> None:
    result = resolve_when(phrase, now, DATES)
    # compare instants: PEP 495 makes == False across zones inside a repeated hour
    assert result.timestamp() == datetime.fromisoformat(expected).timestamp()
    assert result.utcoffset() == datetime.fromisoformat(expected).utcoffset()


def test_relative_times_are_exact_elapsed_time_across_dst() -> None:
    now = at("2026-03-29 00:30")
    later = resolve_when("in two hours", now, DATES)
    # same-zone subtraction is wall-clock in Python; elapsed time is the UTC difference
    assert later.timestamp() - now.timestamp() == 2 * 3600
    assert later.hour == 3


def test_fixed_offset_now_keeps_its_zone() -> None:
    now = datetime.fromisoformat("2026-11-18T10:00:00-05:00")
    result = resolve_when("tomorrow at 5pm", now, DATES)
    assert result == datetime.fromisoformat("2026-11-19T17:00:00-05:00")


@pytest.mark.parametrize(
    "phrase",
    [
        "",
        "blah",
        "whenever",
        "the 45th",
        "February 30th",
        "at 25",
        "13pm",
        "at twenty past",
        "70 past 5",
        "a week from Friday",
        "the thirty second",
        "the twenty tenth",
        "second",
        "first",
        "lunch",
        "book lunch",
        "the month",
        "Marchember",
        "mid",
        "the end of Smarch",
        "2 weeks",
        "a week on",
        "a fortnight on",
        "Monday weeks",
        "Friday 9",
        "30 tomorrow",
        "Friday the 28th",
        "Friday 28th",
        "Sunday the 1st of December",
        "tomorrow Friday",
    ],
)
def test_unreadable_phrases_raise_a_speakable_error(phrase: str) -> None:
    with pytest.raises(ResolveError) as caught:
        resolve_when(phrase, WED, DATES)
    assert caught.value.message.endswith(".")
    assert "Traceback" not in caught.value.message


@pytest.mark.parametrize(
    ("now", "phrase", "message"),
    [
        (WED, "Friday the 28th", "The 28th of November is a Saturday, not a Friday."),
        (WED, "Friday the twenty first", "The 21st of November is a Saturday, not a Friday."),
        (WED, "Monday 3rd December", "The 3rd of December is a Thursday, not a Monday."),
        (WED, "Thursday December 2nd", "The 2nd of December is a Wednesday, not a Thursday."),
        (JAN_31, "Tuesday the 11th", "The 11th of February is a Wednesday, not a Tuesday."),
    ],
)
def test_a_weekday_that_disagrees_with_the_date_is_named(
    now: datetime, phrase: str, message: str
) -> None:
    with pytest.raises(ResolveError) as caught:
        resolve_when(phrase, now, DATES)
    assert caught.value.message == message


def test_past_time_raises_only_when_asked() -> None:
    assert resolve_when("this morning", FRI_EVENING, DATES) < FRI_EVENING
    with pytest.raises(ResolveError, match="already passed"):
        resolve_when("this morning", FRI_EVENING, DATES, allow_past=False)
    assert resolve_when("tonight", FRI_EVENING, DATES, allow_past=False) > FRI_EVENING


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        resolve_when("tomorrow", datetime(2026, 11, 18, 10, 0), DATES)


DURATIONS = [
    ("20 minutes", timedelta(minutes=20)),
    ("two hours", timedelta(hours=2)),
    ("an hour", timedelta(hours=1)),
    ("an hour and a half", timedelta(minutes=90)),
    ("an hour and a quarter", timedelta(minutes=75)),
    ("two hours and three quarters", timedelta(minutes=165)),
    ("one and a half hours", timedelta(minutes=90)),
    ("1.5 hours", timedelta(minutes=90)),
    ("90 seconds", timedelta(seconds=90)),
    ("1h30", timedelta(minutes=90)),
    ("half an hour", timedelta(minutes=30)),
    ("a quarter of an hour", timedelta(minutes=15)),
    ("three quarters of an hour", timedelta(minutes=45)),
    ("twenty five minutes", timedelta(minutes=25)),
    ("twenty-five minutes", timedelta(minutes=25)),
    ("sixty seconds", timedelta(seconds=60)),
    ("2 hours and 15 minutes", timedelta(hours=2, minutes=15)),
    ("1 hour 10 minutes", timedelta(hours=1, minutes=10)),
    ("5 mins", timedelta(minutes=5)),
    ("a minute", timedelta(minutes=1)),
    ("a second", timedelta(seconds=1)),  # not "the second" of a month
    ("a couple of minutes", timedelta(minutes=2)),
    ("for 10 minutes", timedelta(minutes=10)),
    ("a day", timedelta(days=1)),
    ("two weeks", timedelta(weeks=2)),
    ("a fortnight", timedelta(weeks=2)),
    ("two fortnights", timedelta(weeks=4)),
    ("Fifteen Minutes", timedelta(minutes=15)),
    ("half-hour", timedelta(minutes=30)),  # "a half-hour meeting": said before the thing
    ("45-minute", timedelta(minutes=45)),
    ("forty-five-minute", timedelta(minutes=45)),
]


@pytest.mark.parametrize(("phrase", "expected"), DURATIONS)
def test_resolve_duration(phrase: str, expected: timedelta) -> None:
    assert resolve_duration(phrase) == expected


@pytest.mark.parametrize("phrase", ["", "minutes", "a while", "twenty bananas", "0 minutes"])
def test_unreadable_durations_raise(phrase: str) -> None:
    with pytest.raises(ResolveError):
        resolve_duration(phrase)


FIND = [
    # (sentence, phrase found, sentence with the span cut out)
    ("book the venue due Friday at 9", "Friday at 9", "book the venue"),
    ("remind me in 20 minutes to check the oven", "in 20 minutes", "remind me to check the oven"),
    ("call mom tomorrow at 5 p.m.", "tomorrow at 5 p.m.", "call mom"),
    ("move the venue task to next Friday", "next Friday", "move the venue task to"),
    ("meet Sam on the 3rd at 2pm for an hour", "the 3rd at 2pm", "meet Sam for an hour"),
    ("call the plumber at nine in the morning", "at nine in the morning", "call the plumber"),
    ("leave at half past five", "at half past five", "leave"),
    ("send the report by end of day", "end of day", "send the report"),
    ("pay rent by the end of the month", "the end of the month", "pay rent"),
    ("water plants tonight", "tonight", "water plants"),
    ("ship it in an hour and a half", "in an hour and a half", "ship it"),
    ("file taxes on December 3rd", "December 3rd", "file taxes"),
    ("do the morning run", None, "do the morning run"),
    ("pay the deposit by 5", "by 5", "pay the deposit"),
    ("book the MOT this coming Friday", "this coming Friday", "book the MOT"),
    ("send it first thing tomorrow", "first thing tomorrow", "send it"),
    ("meet at half five", "at half five", "meet"),
    ("invoice due 3 December", "3 December", "invoice"),
    ("delay it by 5 minutes", None, "delay it by 5 minutes"),
    ("sit in the sun on Sat", None, "sit in the sun on Sat"),  # "sat"/"sun" are words too
    ("cut it in half an hour", "in half an hour", "cut it"),
    ("buy milk", None, "buy milk"),
    ("read chapter 5", None, "read chapter 5"),
    ("call Monday Jones", "Monday", "call Jones"),  # a name that is a day: the LLM's problem
    # the families resolve_when reads, found inside a sentence
    ("finish the report by the twenty eighth", "the twenty eighth", "finish the report"),
    ("pay rent on the first", "the first", "pay rent"),
    ("due the thirty-first, pay the tax", "the thirty-first", ", pay the tax"),
    ("sort it before the twenty-first of December", "the twenty-first of December", "sort it"),
    ("send it December the first", "December the first", "send it"),
    ("pay on Friday the twenty seventh at 3", "Friday the twenty seventh at 3", "pay"),
    ("renew the permit due a week on Tuesday", "a week on Tuesday", "renew the permit"),
    ("call the vet Monday week", "Monday week", "call the vet"),
    ("send the forms two weeks today", "two weeks today", "send the forms"),
    ("ring Jo a week tomorrow", "a week tomorrow", "ring Jo"),
    ("book the vet a fortnight on Tuesday", "a fortnight on Tuesday", "book the vet"),
    ("pay the tax 3 weeks on Friday", "3 weeks on Friday", "pay the tax"),
    ("file the taxes in March", "in March", "file the taxes"),
    ("plan the trip during August", "during August", "plan the trip"),
    ("pay it by November 2027", "November 2027", "pay it"),
    ("clear the gutters by the end of January", "the end of January", "clear the gutters"),
    ("service the boiler mid-March", "mid-March", "service the boiler"),
    ("book it by the start of may", "the start of may", "book it"),
    ("send the accounts by month end", "month end", "send the accounts"),
    ("tidy the shed this week", "this week", "tidy the shed"),
    ("clear the desk this month", "this month", "clear the desk"),
    ("9 tomorrow call the bank", "9 tomorrow", "call the bank"),
    ("due seven on Friday evening, the tax", "seven on Friday evening", ", the tax"),
    ("call the bank by Thursday lunchtime", "Thursday lunchtime", "call the bank"),
    ("call mum at lunch", "at lunch", "call mum"),
    ("sort it before lunch tomorrow", "before lunch tomorrow", "sort it"),
    ("ring the school by lunchtime", "lunchtime", "ring the school"),
    # words of a title, not dates
    ("join the march", None, "join the march"),
    ("march the first time", None, "march the first time"),
    ("join the march on Saturday", "Saturday", "join the march"),
    ("finish the first draft", None, "finish the first draft"),
    ("clean the first floor on Monday", "Monday", "clean the first floor"),
    ("get a second opinion", None, "get a second opinion"),
    ("pay the second", None, "pay the second"),
    ("book lunch", None, "book lunch"),
    ("plan the lunchtime concert", None, "plan the lunchtime concert"),
    ("plan the trip in august", None, "plan the trip in august"),  # a month is said as a name
    ("get the card signed by June", None, "get the card signed by June"),  # or June is a person
    # part of a phrase the finder does not read: nothing, rather than half of it
    ("order 6 tomorrow", None, "order 6 tomorrow"),
    ("book a table for 8 tonight", None, "book a table for 8 tonight"),
    ("water the plants once a week on Monday", None, "water the plants once a week on Monday"),
    ("book the cottage for a week on Monday", None, "book the cottage for a week on Monday"),
]


@pytest.mark.parametrize(("sentence", "phrase", "cut"), FIND)
def test_find_when(sentence: str, phrase: str | None, cut: str) -> None:
    found = find_when(sentence)
    if phrase is None:
        assert found is None
        return
    assert found is not None
    assert found[0] == phrase
    rest = " ".join((sentence[: found[1]] + " " + sentence[found[2] :]).split())
    assert rest == cut
    resolve_when(found[0], WED, DATES)  # every phrase found is one the resolver reads


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_never_breaks_the_resolver(text: str) -> None:
    found = find_when(text)
    if found is not None:
        assert text[found[1] : found[2]].lower().endswith(found[0].lower()[-1:])
    with contextlib.suppress(ResolveError):
        resolve_when(text, WED, DATES)
    with contextlib.suppress(ResolveError):
        resolve_duration(text)


@pytest.mark.parametrize(
    ("said", "normal"),
    [
        ("Wednesday the twenty-fifth", "wednesday the 25th"),
        ("the thirty first of December", "the 31st of december"),
        ("a twenty second timer", "a 20 second timer"),  # a length, not the 22nd
        ("twenty five minutes", "25 minutes"),
    ],
)
def test_normalize_writes_a_compound_ordinal_day_as_the_date_it_is(said, normal):
    # the grounding checks read the model's "the 25th" against this: "20 fifth" held no 25
    assert normalize(said) == normal


def test_a_recognisers_spelled_out_am_and_pm_are_read_after_a_number():
    assert resolve_when("Thursday at nine a m", WED, DATES) == resolve_when(
        "Thursday at 9am", WED, DATES
    )
    assert normalize("at half past six p m") == normalize("at half past six pm")
    assert normalize("a m") == "a m"  # not after a number: two words


@pytest.mark.parametrize(
    ("said", "minutes"),
    [("an hour and ten", 70), ("two hours and twenty", 140), ("an hour ten", 70)],
)
def test_minutes_after_hours_may_be_said_without_their_unit(said: str, minutes: int) -> None:
    assert resolve_duration(said) == timedelta(minutes=minutes)
