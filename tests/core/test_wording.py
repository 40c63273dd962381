"""Spoken forms of times, dates, durations and lists (services/core/wording.py)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from services.core import wording as speech

NOW = datetime(2026, 11, 18, 10, 0, tzinfo=ZoneInfo("Europe/London"))  # a Wednesday


def test_clock_times():
    assert speech.clock_time(NOW.replace(hour=9)) == "9 AM"
    assert speech.clock_time(NOW.replace(hour=17, minute=30)) == "5:30 PM"
    assert speech.clock_time(NOW.replace(hour=12)) == "noon"
    assert speech.clock_time(NOW.replace(hour=0)) == "midnight"


def test_days_relative_to_now():
    assert speech.day(NOW, NOW) == "today"
    assert speech.day(NOW + timedelta(days=1), NOW) == "tomorrow"
    assert speech.day(NOW + timedelta(days=2), NOW) == "Friday"
    assert speech.day(NOW + timedelta(days=15), NOW) == "December 3rd"
    assert speech.day(NOW + timedelta(days=60), NOW) == "January 17th 2027"


def test_ordinals():
    assert [speech.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 31)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "31st",
    ]  # fmt: skip


def test_durations():
    assert speech.duration(timedelta(minutes=20)) == "20 minutes"
    assert speech.duration(timedelta(minutes=90)) == "1 hour and 30 minutes"
    assert speech.duration(timedelta(seconds=45)) == "45 seconds"
    assert speech.duration(timedelta(hours=2)) == "2 hours"


def test_lists_are_joined_and_capped():
    assert speech.join(["a"]) == "a"
    assert speech.join(["a", "b"]) == "a and b"
    assert speech.join(["a", "b", "c"]) == "a, b and c"
    assert speech.join(list("abcdefg"), limit=3) == "a, b, c and 4 more"
    assert speech.count(0, "task") == "no tasks"
    assert speech.count(1, "task") == "1 task"
