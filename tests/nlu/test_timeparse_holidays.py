"""Holidays said by name ("Christmas Eve", "by Bonfire Night", "Easter Monday at 10"), against
fixed nows in Europe/London, in the style of test_timeparse.py."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from services.config import Dates
from services.errors import ResolveError
from services.nlu.timeparse import find_when, resolve_when, says_day_or_clock

LONDON = ZoneInfo("Europe/London")
DATES = Dates()


def at(text: str) -> datetime:
    """An aware London time from 'YYYY-MM-DD HH:MM'."""
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


NOW = at("2026-11-26 21:10")  # a Thursday evening, a month before Christmas
ON_CHRISTMAS_EVE = at("2026-12-24 21:10")
ON_BOXING_DAY = at("2026-12-26 12:00")
ON_NEW_YEARS_EVE = at("2026-12-31 16:00")
ON_NEW_YEARS_DAY = at("2027-01-01 08:00")

HOLIDAYS = [
    # (now, phrase, expected local wall time): the next one still ahead, at default_time
    (NOW, "Christmas Eve", "2026-12-24 09:00"),
    (NOW, "Christmas", "2026-12-25 09:00"),
    (NOW, "Christmas Day", "2026-12-25 09:00"),
    (NOW, "Xmas", "2026-12-25 09:00"),
    (NOW, "Boxing Day", "2026-12-26 09:00"),
    (NOW, "New Year's Eve", "2026-12-31 09:00"),
    (NOW, "New Years Eve", "2026-12-31 09:00"),
    (NOW, "New Year's Day", "2027-01-01 09:00"),
    (NOW, "New Years Day", "2027-01-01 09:00"),
    (NOW, "Halloween", "2027-10-31 09:00"),  # this year's has passed
    (NOW, "Hallowe'en", "2027-10-31 09:00"),
    (NOW, "Bonfire Night", "2027-11-05 09:00"),
    (NOW, "Guy Fawkes Night", "2027-11-05 09:00"),
    (NOW, "Valentine's Day", "2027-02-14 09:00"),
    (NOW, "St Patrick's Day", "2027-03-17 09:00"),
    # case, apostrophes straight, curly or none, "St." and "Saint"
    (NOW, "CHRISTMAS EVE", "2026-12-24 09:00"),
    (NOW, "christmas eve", "2026-12-24 09:00"),
    (NOW, "New Year’s Eve", "2026-12-31 09:00"),
    (NOW, "new year’s day", "2027-01-01 09:00"),
    (NOW, "Valentines Day", "2027-02-14 09:00"),
    (NOW, "valentine’s day", "2027-02-14 09:00"),
    (NOW, "St. Patrick’s Day", "2027-03-17 09:00"),
    (NOW, "Saint Patricks Day", "2027-03-17 09:00"),
    # leads, as for a weekday or a date ("by Friday", "on the 3rd")
    (NOW, "on Christmas Eve", "2026-12-24 09:00"),
    (NOW, "by Christmas", "2026-12-25 09:00"),
    (NOW, "before Christmas", "2026-12-25 09:00"),
    (NOW, "for Christmas", "2026-12-25 09:00"),
    (NOW, "at Christmas", "2026-12-25 09:00"),
    (NOW, "this Christmas", "2026-12-25 09:00"),
    (NOW, "by New Year's Eve", "2026-12-31 09:00"),
    (NOW, "due Boxing Day", "2026-12-26 09:00"),
    # with a time or a part of day, as "Friday at 6pm", "Friday morning"
    (NOW, "Christmas Eve at 6pm", "2026-12-24 18:00"),
    (NOW, "6pm on Christmas Eve", "2026-12-24 18:00"),
    (NOW, "Christmas Eve at six in the evening", "2026-12-24 18:00"),
    (NOW, "by Christmas at 5", "2026-12-25 17:00"),
    (NOW, "Boxing Day at half past ten", "2026-12-26 10:30"),
    (NOW, "Christmas Eve morning", "2026-12-24 09:00"),
    (NOW, "Christmas morning", "2026-12-25 09:00"),
    (NOW, "Christmas Eve in the afternoon", "2026-12-24 14:00"),
    (NOW, "Christmas evening", "2026-12-25 18:00"),
    (NOW, "Christmas Eve by end of day", "2026-12-24 17:00"),  # as "Friday by end of day"
    (NOW, "by end of day on Christmas Eve", "2026-12-24 17:00"),
    (NOW, "New Year's Eve at midnight", "2027-01-01 00:00"),  # the end of the named day
    (NOW, "Bonfire Night at 7pm", "2027-11-05 19:00"),
    # a weekday said with it must be its weekday (24 December 2026 is a Thursday)
    (NOW, "Thursday Christmas Eve", "2026-12-24 09:00"),
    # a year said: that year's, passed or not
    (NOW, "Christmas 2027", "2027-12-25 09:00"),
    (NOW, "Halloween 2026", "2026-10-31 09:00"),
    # said on the holiday itself: today counts, as "November 18th" said on the 18th
    (ON_CHRISTMAS_EVE, "Christmas Eve", "2026-12-24 09:00"),  # past, allowed by default
    (ON_CHRISTMAS_EVE, "Christmas Eve at 10pm", "2026-12-24 22:00"),
    (ON_CHRISTMAS_EVE, "Christmas Eve tonight", "2026-12-24 20:00"),
    (ON_CHRISTMAS_EVE, "Christmas", "2026-12-25 09:00"),
    (ON_BOXING_DAY, "Christmas", "2027-12-25 09:00"),  # the day after: next year's
    (ON_BOXING_DAY, "Boxing Day at 3pm", "2026-12-26 15:00"),
    (ON_NEW_YEARS_EVE, "New Year's Eve at 11pm", "2026-12-31 23:00"),
    (ON_NEW_YEARS_EVE, "New Year's Day", "2027-01-01 09:00"),
    (ON_NEW_YEARS_DAY, "New Year's Day", "2027-01-01 09:00"),
    (ON_NEW_YEARS_DAY, "New Year's Eve", "2027-12-31 09:00"),
]

EASTER = [
    # Easter Sunday 2026 is 5 April (passed by NOW); 2027's is 28 March, 2028's 16 April
    (NOW, "Easter", "2027-03-28 09:00"),
    (NOW, "Easter Sunday", "2027-03-28 09:00"),
    (NOW, "Good Friday", "2027-03-26 09:00"),
    (NOW, "Easter Monday", "2027-03-29 09:00"),
    (NOW, "by Easter", "2027-03-28 09:00"),
    (NOW, "good friday at 9am", "2027-03-26 09:00"),
    (NOW, "Easter Monday morning", "2027-03-29 09:00"),
    (NOW, "Easter 2026", "2026-04-05 09:00"),
    (at("2027-03-26 07:00"), "Good Friday", "2027-03-26 09:00"),  # on the day itself
    (at("2027-03-28 12:00"), "Easter at 6pm", "2027-03-28 18:00"),
    (at("2027-03-28 12:00"), "Good Friday", "2028-04-14 09:00"),  # passed: next year's
    (at("2027-03-30 12:00"), "Easter", "2028-04-16 09:00"),
]


def _check(now: datetime, phrase: str, expected: str) -> None:
    result = resolve_when(phrase, now, DATES)
    assert result.tzinfo is not None
    assert result.replace(tzinfo=None) == datetime.fromisoformat(expected), phrase
    assert result.utcoffset() == result.astimezone(LONDON).utcoffset()


@pytest.mark.parametrize(("now", "phrase", "expected"), HOLIDAYS)
def test_a_holiday_is_its_next_day_still_ahead(now: datetime, phrase: str, expected: str) -> None:
    _check(now, phrase, expected)


@pytest.mark.parametrize(("now", "phrase", "expected"), EASTER)
def test_easters_days_move_with_easter(now: datetime, phrase: str, expected: str) -> None:
    _check(now, phrase, expected)


@pytest.mark.parametrize(
    ("holiday", "same_date"),
    [
        ("Christmas Eve", "December 24th"),
        ("Christmas Eve at 6pm", "December 24th at 6pm"),
        ("by Christmas", "by December 25th"),
        ("Christmas Eve morning", "December 24th morning"),
        ("Boxing Day at 7", "December 26th at 7"),
        ("Halloween", "October 31st"),
        ("New Year's Day at noon", "January 1st at noon"),
    ],
)
@pytest.mark.parametrize("now", [NOW, ON_CHRISTMAS_EVE, ON_BOXING_DAY])
def test_a_holiday_reads_as_its_date_would(now: datetime, holiday: str, same_date: str) -> None:
    assert resolve_when(holiday, now, DATES) == resolve_when(same_date, now, DATES)


def test_a_holiday_takes_the_configured_default_time() -> None:
    early = Dates(default_time="08:00", morning="07:30", end_of_day="18:30")
    assert resolve_when("Christmas Eve", NOW, early) == at("2026-12-24 08:00")
    assert resolve_when("Christmas Eve morning", NOW, early) == at("2026-12-24 07:30")
    assert resolve_when("Christmas Eve by end of day", NOW, early) == at("2026-12-24 18:30")


def test_a_holiday_passed_today_raises_only_when_asked() -> None:
    assert resolve_when("Christmas Eve", ON_CHRISTMAS_EVE, DATES) < ON_CHRISTMAS_EVE
    with pytest.raises(ResolveError, match="already passed"):
        resolve_when("Christmas Eve", ON_CHRISTMAS_EVE, DATES, allow_past=False)
    assert resolve_when("Christmas", ON_CHRISTMAS_EVE, DATES, allow_past=False) > (ON_CHRISTMAS_EVE)


@pytest.mark.parametrize(
    "phrase",
    [
        "Thanksgiving",
        "Diwali",
        "Mother's Day",
        "Christmases",
        "New Year",  # not "next year", not New Year's Day: unread
        "next Christmas",
        "the day before Christmas",  # the module reads no "the day before X"
        "Christmas Eve tomorrow",  # two days
        "Boxing Day on the 3rd",
        "Easter eggs",
        "good",
        "Christmas Eve at 25",
        "end of Christmas Eve",  # as "end of Friday": unread
    ],
)
def test_an_unknown_holiday_or_word_raises_a_speakable_error(phrase: str) -> None:
    with pytest.raises(ResolveError) as caught:
        resolve_when(phrase, NOW, DATES)
    assert caught.value.message.endswith(".")


def test_a_weekday_that_is_not_the_holidays_is_named() -> None:
    with pytest.raises(ResolveError) as caught:
        resolve_when("Friday Christmas Eve", NOW, DATES)
    assert caught.value.message == "The 24th of December is a Thursday, not a Friday."


def test_easter_names_are_easters_days_never_the_coming_friday() -> None:
    for phrase in ("Good Friday", "Easter Monday", "Easter Sunday"):
        day = resolve_when(phrase, NOW, DATES)
        assert day.date().year == 2027 and day.month in (3, 4)


@pytest.mark.parametrize(
    ("phrase", "says"),
    [
        ("Christmas Eve", (True, False)),
        ("Christmas Eve at 6pm", (True, True)),
        ("by Bonfire Night", (True, False)),
    ],
)
def test_a_holiday_names_a_day(phrase: str, says: tuple[bool, bool]) -> None:
    assert says_day_or_clock(phrase, NOW) == says


FIND = [
    # (sentence, phrase found, sentence with the span cut out)
    ("remind me on Christmas Eve to call mum", "Christmas Eve", "remind me to call mum"),
    ("remind me to call mum on christmas eve", "christmas eve", "remind me to call mum"),
    ("send the cards by Christmas", "Christmas", "send the cards"),
    ("wrap the presents before Christmas Day", "Christmas Day", "wrap the presents"),
    ("book the restaurant for New Year's Eve", "New Year's Eve", "book the restaurant"),
    ("pay the bill by New Year’s Eve at 5pm", "New Year’s Eve at 5pm", "pay the bill"),
    ("call mum Boxing Day", "Boxing Day", "call mum"),
    ("see the family at Christmas", "at Christmas", "see the family"),
    ("ring Gran on Christmas morning", "Christmas morning", "ring Gran"),
    ("carve pumpkins on Halloween", "Halloween", "carve pumpkins"),
    ("buy sparklers by Bonfire Night", "Bonfire Night", "buy sparklers"),
    ("order flowers for Valentine's Day", "Valentine's Day", "order flowers"),
    (
        "book the pub on St Patrick's Day, then the train",
        "St Patrick's Day",
        "book the pub , then the train",
    ),
    ("renew it due Christmas Eve at 6pm", "Christmas Eve at 6pm", "renew it"),
    # words of a title, not dates
    ("buy Christmas presents", None, "buy Christmas presents"),
    ("write the christmas cards", None, "write the christmas cards"),
    ("book the Christmas Eve party", None, "book the Christmas Eve party"),
    ("buy a Valentine's Day card", None, "buy a Valentine's Day card"),
    ("plan the Halloween party on Friday", "Friday", "plan the Halloween party"),
    ("put up the christmas tree", None, "put up the christmas tree"),
    ("call mum christmas", None, "call mum christmas"),  # one word alone: after a lead only
    ("buy the Boxing Day sales", None, "buy the Boxing Day sales"),
]

EASTER_FIND = [
    ("hide the eggs on Easter Sunday morning", "Easter Sunday morning", "hide the eggs"),
    ("book the ferry by Good Friday", "Good Friday", "book the ferry"),
    ("visit Gran on Easter Monday at 10", "Easter Monday at 10", "visit Gran"),
    ("hide the Easter eggs", None, "hide the Easter eggs"),
    # the weekday of "Good Friday" is not the coming Friday
    ("go to the Good Friday service", None, "go to the Good Friday service"),
    ("cook the Easter Sunday lunch", None, "cook the Easter Sunday lunch"),
]


def _check_found(sentence: str, phrase: str | None, cut: str) -> None:
    found = find_when(sentence)
    if phrase is None:
        assert found is None
        return
    assert found is not None
    assert found[0] == phrase
    rest = " ".join((sentence[: found[1]] + " " + sentence[found[2] :]).split())
    assert rest == cut
    resolve_when(found[0], NOW, DATES)  # every phrase found is one the resolver reads


@pytest.mark.parametrize(("sentence", "phrase", "cut"), FIND)
def test_find_when_cuts_a_holiday_out(sentence: str, phrase: str | None, cut: str) -> None:
    _check_found(sentence, phrase, cut)


@pytest.mark.parametrize(("sentence", "phrase", "cut"), EASTER_FIND)
def test_find_when_cuts_easters_days_out(sentence: str, phrase: str | None, cut: str) -> None:
    _check_found(sentence, phrase, cut)
