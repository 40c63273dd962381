"""Spoken dates, times and durations -> aware datetimes and timedeltas.

``resolve_when("Friday at 9", now, dates)`` returns the moment in ``now``'s zone;
``resolve_duration("an hour and a half")`` returns a timedelta; ``find_when(text)`` finds the
time phrase inside a sentence so the parser can cut it out of a title.

Why not a library: ``python-dateutil``'s parser reads absolute dates only (no "tomorrow", "in
20 minutes", "next Friday"), and ``dateparser`` 1.5 (measured here) takes 0.2 s to import, 0.3 s
for its first parse and 0.6-5 ms per phrase after that, against a fast-path budget of about
1 ms for the whole utterance; worse, it reads "at 5" as May, "on the 3rd" as March and "Friday
at 9" as September, and returns nothing for "by end of day", "half an hour" or "an hour and a
half". The phrases people say to an appliance are a small closed set, so a small resolver with
table-driven tests is faster and predictable.

Rules (each one tested in tests/nlu/test_timeparse.py):
- A date with no time takes ``dates.default_time``; "today" and "end of (the) day|week|month"
  take ``dates.end_of_day``; a part of day ("morning", "tonight", "lunchtime") takes its
  configured time.
- A time with no date is today if still ahead, otherwise tomorrow; but an hour said with no
  am/pm, part of day or day whose morning has passed is this evening's when that is still
  ahead ("at 7" said at 15:30 is 19:00 today).
- "Friday", "on Friday", "this Friday": the next Friday whose moment is still ahead (today if
  it is Friday and the time has not passed).
- "next Friday": the Friday of next week (weeks start on ``dates.week_starts``), so said on a
  Monday it is eleven days away, not four.
- "next week": the Monday of next week; "next month": the 1st of next month; "end of the
  week": Friday at end of day; "the 3rd": the next 3rd still ahead; "December 3rd": this year,
  or next year once passed.
- "at 5" with no am/pm: hours from 1 below ``dates.ambiguous_pm_before`` are pm (the others
  am, or this evening's as above, except 11pm more than six hours ahead: "at eleven" said at
  13:10 is tomorrow's 11am, and six once this evening's has passed: "at half six" said at
  22:00 is tomorrow's 6:30am); with
  "evening", "tonight", "afternoon" or "night" any hour below 12 is pm.
- "midnight" is the end of the named day (the start of the next one); "half five" is 5:30
  (British); "first thing" is the morning; "by 5" is at 5.
- "Monday next week" and "next week on Monday" are "next Monday"; "end of next week" is next
  week's Friday at end of day; "next weekend" is next week's Saturday.
- "this week" and "this month" as a due date are their end ("end of the week", "month end").
- British weeks: "Monday week" and "a week on Monday" are 7 days after what "Monday" means
  ("a week on Monday" said on a Monday: 7 days after today, as "a week today" is, as the dev
  sets' writers read it); "two weeks on Monday" 14; "two weeks today|tomorrow" 14 days after
  today|tomorrow; "a fortnight on Monday" and "Monday fortnight" 14.
- A day of the month may be an ordinal word after "the" or a month, or before "of" ("the
  twenty eighth", "December the first"); alone, "a second" stays a length.
- A weekday said with a date ("Friday the 27th") must be that date's weekday, or it is an
  error that names the real one; the date, not the weekday, picks the day.
- A month alone ("March", "in March") is its 1st; "the start|middle|end of March", "mid
  March" its 1st, 15th or last day (the end at end of day); this year's, or next year's once
  that day has passed, as for "December 3rd".
- A bare hour before a day word ("9 tomorrow", "8 tonight", "7 on Friday evening") is a time,
  read as "at 9".
- A holiday said by name is its day, this year's or next year's once that day has passed, as
  for "December 3rd" (``_HOLIDAYS``): "Christmas Eve", "Christmas (Day)", "Boxing Day", "New
  Year's Eve", "New Year's Day", "Halloween", "Bonfire Night" ("Guy Fawkes Night"),
  "Valentine's Day", "St Patrick's Day", and Easter's "Good Friday", "Easter (Sunday)" and
  "Easter Monday" (python-dateutil's computus). It takes a time, a part of day or a lead like a date
  ("Christmas Eve at 6pm", "by Christmas", "Christmas morning"); "the day before Christmas"
  is not read (there is no "the day before" here). Tested in test_timeparse_holidays.py.
- In a sentence, ``find_when`` finds these only where they cannot be words of a title: "the
  first" after "on|by|due|before|until" or a weekday and where the phrase ends, a month alone
  as a name after "in|during|by|..." ("join the march"), "lunch" after "at|by|before" ("book
  lunch"), a bare hour at the start or after "due"; a holiday only where the phrase ends ("a
  Christmas Eve party" is a title), "Christmas", "Easter" or "Halloween" alone only after
  "on|by|due|before|until|at" ("buy Christmas cards"), and no weekday after "Good|Easter"
  ("Good Friday service"); a number or "a week" just before a day ("order 6 tomorrow", "once a
  week on Monday") finds nothing rather than half a phrase.
- Relative times ("in two hours") are added in UTC, so they stay exact across a DST change;
  wall-clock times that do not exist (01:30 on the spring-forward night) move forward an hour.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TypeVar

from dateutil.easter import easter as _dateutil_easter  # type: ignore[import-untyped]

from services.config import Dates
from services.errors import ResolveError
from services.nlu.regex_gate import Gates, needs

# --- numbers -------------------------------------------------------------------------------

_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}  # fmt: skip
NUMBER_VALUES: dict[str, int] = {word: value for value, word in enumerate(_UNITS)}
NUMBER_VALUES.update(_TENS)
NUMBER_VALUES["a couple of"] = 2
NUMBER_VALUES["a few"] = 3

_UNIT_WORDS = "|".join(sorted(_UNITS[1:], key=len, reverse=True))
_TENS_WORDS = "|".join(_TENS)
# "twenty five", "twenty-five", "forty", "seven", "17", "1.5"
_DIGIT_WORDS = "one|two|three|four|five|six|seven|eight|nine"
NUMBER = rf"(?:\d+(?:\.\d+)?|(?:{_TENS_WORDS})(?:[- ](?:{_DIGIT_WORDS}))?|{_UNIT_WORDS})"
_NUMBER_WORDS = re.compile(
    rf"\b(?:(?P<tens>{_TENS_WORDS})(?:[- ](?P<unit>[a-z]+))?|(?P<small>{_UNIT_WORDS}|zero))\b"
)


def _number_words_to_digits(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        if match.group("small"):
            return str(NUMBER_VALUES[match.group("small")])
        value = _TENS[match.group("tens")]
        unit = match.group("unit")
        if unit in NUMBER_VALUES and NUMBER_VALUES[unit] < 10:
            return str(value + NUMBER_VALUES[unit])
        if unit in _ORDINAL_VALUES and _ORDINAL_VALUES[unit] < 10 and unit != "second":
            return _ordinal(value + _ORDINAL_VALUES[unit])  # "twenty-fifth": 25th ("a twenty
            # second timer" is a length; "the twenty second" is read with its "the" below)
        return f"{value} {unit}" if unit else str(value)

    return _NUMBER_WORDS.sub(replace, text)


_ORDINAL_WORDS = (
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
)
_ORDINAL_VALUES: dict[str, int] = {word: value for value, word in enumerate(_ORDINAL_WORDS, 1)}
_ORDINAL_VALUES.update(twentieth=20, thirtieth=30)
ORDINAL_VALUES = _ORDINAL_VALUES  # "eighteenth": 18, for checks that a day was said


def _ordinal(value: int) -> str:
    """Write a day of the month as it is said: 1 -> "1st", 22 -> "22nd", 13 -> "13th"."""
    if value % 100 in (11, 12, 13):
        return f"{value}th"
    return f"{value}{({1: 'st', 2: 'nd', 3: 'rd'}).get(value % 10, 'th')}"


CLOCK_HOURS = tuple(_UNITS[1:13])  # "one" ... "twelve": the hours a clock face says
_HOUR_WORDS = "|".join([*CLOCK_HOURS, "noon", "midnight"])


def normalize(phrase: str) -> str:
    """Lower-case a phrase, turn number words into digits and tidy punctuation."""
    text = phrase.lower().strip()
    # (each fix only where the text holds what every match of it holds: most phrases hold
    # none, and a fix costs about a microsecond even to find nothing)
    if "." in text:
        text = _MERIDIEM_DOTS.sub(r"\1m", text)
    text = _MARKS.sub(" ", text)
    if "." in text:
        text = _DOT.sub(" ", text)
    text = text.replace("o'clock", "oclock").replace("’", "'")
    if "first thing" in text:
        text = _FIRST_THING.sub("morning", text)
    # "nine-ish", "sixish", "half sevenish": a time said roughly is that time
    if "ish" in text:
        text = _ROUGHLY.sub(r"\1", text)
    # "by Monday at the latest": the day itself, said as a limit
    if "latest" in text:
        text = _AT_THE_LATEST.sub("", text)
    text = _number_words_to_digits(text)
    # "nine a m": a recogniser's spelling of "9am" (after a number only: "a m" is no word)
    if " m" in text:
        text = _MERIDIEM_APART.sub(r"\1 \2m", text)
    if "12 " in text:
        text = _TWELVE_NAMED.sub(r"\1", text)  # "12 noon", "twelve midnight"
    if "a quarter" in text:
        text = _A_QUARTER.sub(r"\1", text)  # "a quarter to 9"
    return _SPACES.sub(" ", text).strip()


_MERIDIEM_DOTS = re.compile(r"\b([ap])\.\s?m\.?(?=\s|$|,)")
_MARKS = re.compile(r"[,;!?]")
_DOT = re.compile(r"\.(?!\d)")
_FIRST_THING = re.compile(r"\bfirst thing(?: in the morning)?\b")
_AT_THE_LATEST = re.compile(r"\s*\bat the (?:very )?latest\b")
_ROUGHLY = re.compile(rf"\b({_HOUR_WORDS}|\d{{1,2}}(?::\d\d)?)[- ]?ish\b")
_MERIDIEM_APART = re.compile(r"\b(\d{1,2}(?::\d\d)?) ([ap]) m\b")
_TWELVE_NAMED = re.compile(r"\b12 (noon|midnight)\b")
_A_QUARTER = re.compile(r"\ba (quarter (?:past|to))\b")
_SPACES = re.compile(r"\s+")


# --- durations -----------------------------------------------------------------------------

_SECONDS = {
    "s": 1,
    "sec": 1,
    "secs": 1,
    "second": 1,
    "seconds": 1,
    "m": 60,
    "min": 60,
    "mins": 60,
    "minute": 60,
    "minutes": 60,
    "h": 3600,
    "hr": 3600,
    "hrs": 3600,
    "hour": 3600,
    "hours": 3600,
    "day": 86400,
    "days": 86400,
    "week": 604800,
    "weeks": 604800,
    "fortnight": 1209600,  # "in a fortnight": two weeks
    "fortnights": 1209600,
}
# the units of a length said as words (``_DURATION_ALT`` finds them in a sentence too)
_UNIT_WORDS = r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|fortnights?)"
_UNIT = rf"(?:{_UNIT_WORDS}|h|m|s)"
_COUNT = r"(?:\d+(?:\.\d+)?|an?|a couple of|a few)"
_DURATION_PART = re.compile(
    rf"(?P<count>{_COUNT})[\s-]*(?P<and_half>and a half\s+)?(?P<unit>{_UNIT})\b"
    r"(?: and (?P<half>a half|a quarter|half|quarter|(?:three|3) quarters))?"
)
# "an hour and a quarter", "two hours and three quarters" (normalize writes "3 quarters"),
# "an hour and quarter" as some say it
_AND_PART = {"a half": 0.5, "a quarter": 0.25, "half": 0.5, "quarter": 0.25,
             "three quarters": 0.75, "3 quarters": 0.75}  # fmt: skip
_FRACTION = re.compile(
    # (not the half of "two and a half minute", a count and a half: ``_DURATION_PART``'s)
    r"(?<!\band a )(?P<fraction>half an?|half|a quarter of an?|quarter of an?|3 quarters of an?)"
    r"\s+(?P<unit>hour|minute|day|week)\b"
)
_COMPACT = re.compile(r"(?P<hours>\d+)\s*h\s*(?P<minutes>\d+)\s*m?")
_DURATION_FILLER = re.compile(r"\b(?:and|for|of|about|around|roughly|just|another|more)\b")


def _count_value(count: str) -> float:
    if count in ("a", "an"):
        return 1.0
    if count in NUMBER_VALUES:
        return float(NUMBER_VALUES[count])
    return float(count)


def _fraction_seconds(match: re.Match[str]) -> float:
    words = match.group("fraction")
    share = 0.75 if words.startswith("3") else 0.25 if "quarter" in words else 0.5
    return share * _SECONDS[match.group("unit")]


_Meant = TypeVar("_Meant")


def resolved(resolve: Callable[[str], _Meant], phrase: str) -> _Meant | None:
    """What ``resolve`` makes of ``phrase`` (``resolve_when`` or ``resolve_duration``), or None
    when it means no time: for code that only asks whether, or which, without an error."""
    try:
        return resolve(phrase)
    except (ResolveError, ValueError):
        return None


def moment_said(phrase: str, now: datetime) -> datetime | None:
    """The moment ``phrase`` means said at ``now``, with the default hours (``Dates()``), or None
    when it means no time: for code that compares what was said, not for the daemon's own
    reading of a deadline (which uses the configured hours)."""
    return resolved(lambda said: resolve_when(said, now, _DATES), phrase)


def resolve_duration(phrase: str) -> timedelta:
    """Return the length of a spoken duration ("20 minutes", "an hour and a half", "1h30")."""
    text = normalize(phrase)
    text = re.sub(r"^(?:in|for|within|after)\s+", "", text)
    # "a half-hour meeting", "a 45-minute call": the length said before the thing
    text = re.sub(r"\bhalf[- ]hour\b", "half an hour", text)
    # "timer for the bread, hour and a half": the "an" not said
    text = re.sub(r"^(?=(?:hour|minute) and a (?:half|quarter)\b)", "an ", text)
    text = re.sub(r"(?<=\d)-(?=(?:second|minute|hour|day|week)s?\b)", " ", text)
    # "an hour and ten", "two hours twenty": the minutes said without their unit
    text = re.sub(r"\b(hours?)\s+(?:and\s+)?(\d{1,2})$", r"\1 and \2 minutes", text)
    total = 0.0
    compact = _COMPACT.fullmatch(text)
    if compact:
        return timedelta(hours=int(compact["hours"]), minutes=int(compact["minutes"]))
    rest = text
    for match in _FRACTION.finditer(text):
        total += _fraction_seconds(match)
        rest = rest.replace(match.group(0), " ", 1)
    for match in _DURATION_PART.finditer(rest):
        seconds = _SECONDS[match.group("unit")]
        amount = _count_value(match.group("count"))
        if match.group("and_half"):
            amount += 0.5
        if match.group("half"):
            amount += _AND_PART[match.group("half")]
        total += amount * seconds
        rest = rest.replace(match.group(0), " ", 1)
    leftover = _DURATION_FILLER.sub(" ", rest).strip()
    if total <= 0 or leftover:
        raise ResolveError(f"I couldn't understand the duration '{phrase.strip()}'.")
    return timedelta(seconds=round(total))


# --- pieces of a date/time phrase ------------------------------------------------------------

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# a weekday's name in a pattern of another module ("two friday", "tomorrow afternoon, say ...")
WEEKDAY_SAID = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
# Words that name a day on their own: an answer that drops one dropped a date.
NAMED_DAYS = frozenset((*WEEKDAYS, *MONTHS, "today", "tomorrow", "tonight"))
_MONTH_NAMES = "|".join(MONTHS + [m[:3] for m in MONTHS if m != "may"] + ["sept"])
WEEKDAY_WORDS = {name: index for index, name in enumerate(WEEKDAYS)} | {
    "mon": 0,
    "tue": 1,
    "tues": 1,
    "wed": 2,
    "weds": 2,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "fri": 4,
    "sat": 5,
    "sun": 6,
}
_WEEKDAY_NAMES = "|".join(sorted(WEEKDAY_WORDS, key=len, reverse=True))
# in a sentence, only abbreviations that are not also everyday words ("sat", "sun", "wed")
_WEEKDAY_FIND = "|".join([*WEEKDAYS, "tues", "tue", "thurs", "thur", "thu", "fri"])
_ORDINAL = r"(?:\d{1,2})(?:st|nd|rd|th)?"
_PART_NAMES = r"morning|afternoon|evening|night"
# "the twenty eighth", "December the first", "first of March": a day said as an ordinal word
# ("twenty" is a digit by now). Not on its own: "a second" is a duration.
_ORDINAL_WORD = re.compile(
    rf"\b(?P<lead>(?:the|{_MONTH_NAMES}) )?(?:(?P<tens>[23]0) )?"
    rf"(?P<word>{'|'.join(_ORDINAL_VALUES)})\b(?P<of> of\b)?"
)


def _ordinal_words_to_digits(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        value = _ORDINAL_VALUES[match["word"]]
        if match["tens"] and value < 10:
            value += int(match["tens"])
        elif match["tens"] or not (match["lead"] or match["of"]):
            return match.group(0)
        return f"{match['lead'] or ''}{_ordinal(value)}{match['of'] or ''}"

    return _ORDINAL_WORD.sub(replace, text)


# --- holidays --------------------------------------------------------------------------------

_YearDay = Callable[[int], date]


def _fixed(month: int, day: int) -> _YearDay:
    return lambda year: date(year, month, day)


def _after_easter(days: int) -> _YearDay:
    def day_in(year: int) -> date:
        sunday: date = _dateutil_easter(year)
        return sunday + timedelta(days=days)

    return day_in


# "New Year's", "New Years", "New Year": the possessive said or written any way (a curly
# apostrophe too: ``find_when`` reads the sentence before ``normalize``)
_S = r"(?:['’]?s)?"
# A holiday said by name: its names (regexes, a longer one before a name it begins with) and
# the day it falls on in a year. The first row that matches is read, so "Christmas Eve" is
# before "Christmas", "Easter Monday" before "Easter".
_HOLIDAYS: tuple[tuple[tuple[str, ...], _YearDay], ...] = (
    (("christmas eve", "xmas eve"), _fixed(12, 24)),
    (("christmas day", "xmas day", "christmas", "xmas"), _fixed(12, 25)),
    (("boxing day",), _fixed(12, 26)),
    ((rf"new year{_S} eve",), _fixed(12, 31)),
    ((rf"new year{_S} day",), _fixed(1, 1)),
    (("hallowe['’]?en",), _fixed(10, 31)),
    (("bonfire night", "guy fawkes night"), _fixed(11, 5)),
    ((rf"valentine{_S} day",), _fixed(2, 14)),
    ((rf"(?:st\.?|saint) patrick{_S} day",), _fixed(3, 17)),
    (("good friday",), _after_easter(-2)),
    (("easter monday",), _after_easter(1)),
    (("easter sunday", "easter"), _after_easter(0)),
)
_HOLIDAY_RULES = tuple(
    (re.compile(rf"\b(?:{'|'.join(names)})(?: (?P<year>\d{{4}}))?(?![\w'’])"), day_in)
    for names, day_in in _HOLIDAYS
)
_HOLIDAY_NAMES = [name for names, _ in _HOLIDAYS for name in names]


# for each reader's expressions, tried in turn: the strings one of which a text holds where
# each may match (``regex_gate``): most phrases hold none of them, and an expression costs
# about half a microsecond even to find nothing
_HOLIDAY_GATES = Gates([needs(pattern) for pattern, _ in _HOLIDAY_RULES])


def _read_holiday(text: str, pieces: _Pieces, today: date) -> str:
    for pattern, day_in in _HOLIDAY_GATES.tried(text.lower(), _HOLIDAY_RULES):
        match = pattern.search(text)
        if match:
            if match["year"]:
                pieces.day = day_in(int(match["year"]))
            else:
                day = day_in(today.year)
                pieces.day = day if day >= today else day_in(today.year + 1)
            return _take(text, match)
    return text


@dataclass
class _Pieces:
    """What a phrase says, before it is turned into one moment."""

    day: date | None = None
    default_time: str | None = None  # a config field name
    hour: int | None = None
    minute: int = 0
    meridiem: str | None = None  # "am" | "pm"
    part: str | None = None  # "morning" | "afternoon" | "evening" | "night"
    is_midnight: bool = False
    weekday: int | None = None
    weekday_mode: str = "coming"  # "coming" | "next"
    weeks_later: int = 0  # "Monday week", "two weeks on Friday": weeks after that weekday


_TIME_PATTERNS = (
    re.compile(r"\b(?P<word>noon|midday|midnight)\b"),
    re.compile(
        r"\b(?P<quarter>half|quarter|\d{1,2})(?: minutes?)? (?P<dir>past|to) (?P<hour>\d{1,2})\b"
        r"(?: ?(?P<mer>am|pm))?"
    ),
    re.compile(r"\bhalf (?P<half>\d{1,2})\b(?: ?(?P<mer>am|pm))?"),  # British "half five"
    re.compile(
        r"\b(?:by|before|until|till) (?P<hour>\d{1,2})\b(?: ?(?P<mer>am|pm))?"
        r"(?! ?(?:st|nd|rd|th|minutes?|mins?|hours?|days?|weeks?))"
    ),
    re.compile(r"\b(?P<hour>\d{1,2})[:.](?P<minute>\d{2}) ?(?P<mer>am|pm)?"),
    re.compile(r"\b(?P<hour>\d{1,2}) ?(?P<mer>am|pm)\b"),
    re.compile(r"\b(?P<hour>\d{1,2}) (?P<minute>\d{2})(?: ?(?P<mer>am|pm))?\b"),
    re.compile(r"\bat (?P<hour>\d{1,2})(?: ?oclock)?\b"),
    re.compile(r"\b(?P<hour>\d{1,2}) ?oclock\b"),
    # a bare hour before a day word: "9 tomorrow", "8 tonight", "7 on Friday evening"
    re.compile(
        rf"\b(?P<hour>\d{{1,2}})(?= (?:on |this |next |in the )?"
        rf"(?:today|tonight|tomorrow|{_WEEKDAY_NAMES}|{_PART_NAMES})\b)"
    ),
)
# "lunch" alone is also a meal ("book lunch"): a time only after "at", "by" or "before"
_LUNCH = r"lunch ?time|(?:(?<=\bat )|(?<=\bby )|(?<=\bbefore ))lunch"
_PART = re.compile(
    rf"\b(?:(?:in the|this|tomorrow|tonight|(?:(?P<mode>next|this|coming) )?"
    rf"(?P<weekday>{_WEEKDAY_NAMES})) )?"
    rf"(?P<part>{_PART_NAMES}|tonight|{_LUNCH})\b"
)
_RELATIVE = re.compile(r"^(?:in|within|after) (?P<duration>.+)$|^(?P<ago>.+) from (?:now|today)$")
_FILLER = re.compile(r"\b(?:by|on|at|the|due|before|of|this|for|around|about|oclock|,)\b")


def _take(text: str, match: re.Match[str]) -> str:
    return f"{text[: match.start()]} {text[match.end() :]}"


_TIME_GATES = Gates([needs(pattern) for pattern in _TIME_PATTERNS])


def _read_time(text: str, pieces: _Pieces) -> str:
    for pattern in _TIME_GATES.tried(text.lower(), _TIME_PATTERNS):
        match = pattern.search(text)
        if not match:
            continue
        groups = match.groupdict()
        if groups.get("word"):
            pieces.hour = 0 if groups["word"] == "midnight" else 12
            pieces.is_midnight = groups["word"] == "midnight"
            pieces.meridiem = "am" if pieces.is_midnight else "pm"
        elif groups.get("half"):
            pieces.hour, pieces.minute = int(groups["half"]), 30
            pieces.meridiem = groups.get("mer")
        elif groups.get("quarter"):
            hour = int(groups["hour"])
            quarter = groups["quarter"]
            offset = {"half": 30, "quarter": 15}.get(quarter) or int(quarter)
            if not 0 < offset < 60:
                raise ResolveError("That is not a time on the clock.")
            before = 12 if hour == 1 else hour - 1  # "quarter to one" is 12:45, not 0:45
            pieces.hour, pieces.minute = (
                (hour, offset) if groups["dir"] == "past" else (before, 60 - offset)
            )
            pieces.meridiem = groups.get("mer")
        else:
            pieces.hour = int(groups["hour"])
            pieces.minute = int(groups.get("minute") or 0)
            pieces.meridiem = groups.get("mer")
        return _take(text, match)
    return text


def _read_part(text: str, pieces: _Pieces, today: date) -> str:
    match = _PART.search(text)
    if not match:
        return text
    part = match.group("part")
    said = match.group(0)
    if part == "tonight" or said.startswith("tonight"):
        pieces.part, pieces.day = "tonight", today
    else:
        pieces.part = "lunchtime" if part.startswith("lunch") else part
        if said.startswith("tomorrow"):
            pieces.day = today + timedelta(days=1)
        elif said.startswith("this"):
            pieces.day = today
        elif match.group("weekday"):
            pieces.weekday = WEEKDAY_WORDS[match.group("weekday")]
            pieces.weekday_mode = "next" if match.group("mode") == "next" else "coming"
    return _take(text, match)


def _week_start(day: date, dates: Dates) -> date:
    first = 0 if dates.week_starts == "monday" else 6
    return day - timedelta(days=(day.weekday() - first) % 7)


def _month_number(name: str) -> int:
    return next(index for index, month in enumerate(MONTHS, 1) if month.startswith(name[:3]))


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _next_day_of_month(today: date, day_number: int) -> date:
    for months in range(0, 13):
        first = _add_months(today.replace(day=1), months)
        if day_number <= calendar.monthrange(first.year, first.month)[1]:
            candidate = first.replace(day=day_number)
            if candidate >= today:
                return candidate
    raise ResolveError(f"There is no day {day_number} in a month.")


def _calendar_date(month: int, day_number: int, year: int | None, today: date) -> date:
    try:
        candidate = date(year or today.year, month, day_number)
        if year is None and candidate < today:
            candidate = date(today.year + 1, month, day_number)
    except ValueError as exc:
        raise ResolveError(f"There is no {MONTHS[month - 1].title()} {day_number}.") from exc
    return candidate


_DateRule = Callable[[re.Match[str], "_Pieces", date, Dates], None]


def _set_iso(match: re.Match[str], pieces: _Pieces, today: date, dates: Dates) -> None:
    pieces.day = date(int(match["y"]), int(match["m"]), int(match["d"]))


def _set_days_ahead(days: int, default_time: str | None = None) -> _DateRule:
    def apply(match: re.Match[str], pieces: _Pieces, today: date, dates: Dates) -> None:
        pieces.day = today + timedelta(days=days)
        pieces.default_time = default_time or pieces.default_time

    return apply


def _set_end(match: re.Match[str], pieces: _Pieces, today: date, dates: Dates) -> None:
    pieces.default_time = "end_of_day"
    is_next = "next" in match.group(0).split()
    if match["unit"] == "week":
        pieces.weekday = 4
        pieces.weekday_mode = "next" if is_next else "coming"
        return
    month = _add_months(today.replace(day=1), 1 if is_next else 0)
    pieces.day = month.replace(day=calendar.monthrange(month.year, month.month)[1])


def _set_last_day(match: re.Match[str], pieces: _Pieces, today: date, dates: Dates) -> None:
    if match["month"]:
        month = date(today.year, _month_number(match["month"]), 1)
        if _month_day(month.year, month.month, "end") < today:
            month = month.replace(year=today.year + 1)
    else:
        month = _add_months(today.replace(day=1), 1 if match["which"] == "next" else 0)
    pieces.day = month.replace(day=calendar.monthrange(month.year, month.month)[1])


def _set_month(match: re.Match[str], pieces: _Pieces, today: date, dates: Dates) -> None:
    month = _month_number(match["month"])
    edge = match.groupdict().get("edge") or "start"
    year = int(match["year"]) if match["year"] else today.year
    day = _month_day(year, month, edge)
    if not match["year"] and day < today:
        day = _month_day(year + 1, month, edge)
    pieces.day = day
    if edge == "end":
        pieces.default_time = "end_of_day"


def _month_day(year: int, month: int, edge: str) -> date:
    if edge == "end":
        return date(year, month, calendar.monthrange(year, month)[1])
    return date(year, month, 15 if edge.startswith("mid") else 1)


def _set_weekend(match: re.Match[str], pieces: _Pieces, today: date, dates: Dates) -> None:
    pieces.weekday = 5
    pieces.weekday_mode = "next" if match.group(0).startswith("next") else "coming"


def _set_weekday(match: re.Match[str], pieces: _Pieces, today: date, dates: Dates) -> None:
    groups = match.groupdict()
    pieces.weekday = WEEKDAY_WORDS[groups.get("weekday") or groups["weekday2"]]
    is_next = groups.get("mode") == "next" or "next week" in match.group(0)
    pieces.weekday_mode = "next" if is_next else "coming"


def _set_month_day(match: re.Match[str], pieces: _Pieces, today: date, dates: Dates) -> None:
    year = int(match["year"]) if match["year"] else None
    day_number = int(re.sub(r"\D", "", match["day"]))
    pieces.day = _calendar_date(_month_number(match["month"]), day_number, year, today)


def _set_day_of_month(match: re.Match[str], pieces: _Pieces, today: date, dates: Dates) -> None:
    pieces.day = _next_day_of_month(today, int(match["day"]))


def _set_day_of_named_month(
    match: re.Match[str], pieces: _Pieces, today: date, dates: Dates
) -> None:
    """ "the 20th of this month" (this month's, even when it has gone), "the 3rd of next
    month"."""
    first = _add_months(today.replace(day=1), 1 if match["which"] == "next" else 0)
    day_number = int(match["day"])
    if not 1 <= day_number <= calendar.monthrange(first.year, first.month)[1]:
        raise ResolveError(f"There is no day {day_number} in {MONTHS[first.month - 1].title()}.")
    pieces.day = first.replace(day=day_number)


def _set_next(match: re.Match[str], pieces: _Pieces, today: date, dates: Dates) -> None:
    _apply_next(match["unit"], pieces, today, dates)


def _apply_next(unit: str, pieces: _Pieces, today: date, dates: Dates) -> None:
    if unit == "week":
        start = _week_start(today, dates) + timedelta(days=7)
        pieces.day = start + timedelta(days=(0 - start.weekday()) % 7)
    elif unit == "month":
        pieces.day = _add_months(today.replace(day=1), 1)
    else:
        pieces.day = date(today.year + 1, 1, 1)


_DATE_RULES: tuple[tuple[re.Pattern[str], _DateRule], ...] = (
    (re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"), _set_iso),
    (re.compile(r"\b(?:the )?day after tomorrow\b"), _set_days_ahead(2)),
    (re.compile(r"\btoday\b"), _set_days_ahead(0, "end_of_day")),
    (re.compile(r"\btomorrow\b"), _set_days_ahead(1)),
    # "the 20th of this month", "the 3rd of next month" (before "this month", its end)
    (
        re.compile(
            r"\b(?:the )?(?P<day>\d{1,2})(?:st|nd|rd|th)? of (?P<which>this|the|next) month\b"
        ),
        _set_day_of_named_month,
    ),
    # "the last day of the month", "the last day of next month", "the last day of March": a
    # day (at the default hour), where "the end of the month" is that day's end
    (
        re.compile(
            rf"\b(?:the )?last day of "
            rf"(?:(?P<which>the|this|next) month|(?P<month>{_MONTH_NAMES}))\b"
        ),
        _set_last_day,
    ),
    (re.compile(r"\b(?:the )?end of (?:the |this )?(?P<unit>week|month)\b"), _set_end),
    (re.compile(r"\b(?:the )?end of next (?P<unit>week|month)\b"), _set_end),
    (re.compile(r"\b(?:the )?(?:this |next )?(?P<unit>month)[- ]end\b"), _set_end),
    # as a due date, "this week" is the end of it
    (re.compile(r"\bthis (?P<unit>week|month)\b"), _set_end),
    (re.compile(r"\bnext weekend\b"), _set_weekend),
    (re.compile(r"\b(?:this )?weekend\b"), _set_weekend),
    (
        re.compile(
            rf"\b(?P<weekday>{_WEEKDAY_NAMES}) (?:of )?next week\b"
            rf"|\bnext week (?:on )?(?P<weekday2>{_WEEKDAY_NAMES})\b"
        ),
        _set_weekday,
    ),
    (re.compile(r"\bnext (?P<unit>week|month|year)\b"), _set_next),
    (re.compile(rf"\b(?P<mode>next|this|coming)? ?(?P<weekday>{_WEEKDAY_NAMES})\b"), _set_weekday),
    (
        re.compile(
            rf"\b(?P<month>{_MONTH_NAMES}) (?:the )?(?P<day>{_ORDINAL})(?: (?P<year>\d{{4}}))?\b"
        ),
        _set_month_day,
    ),
    (
        re.compile(
            rf"\b(?:the )?(?P<day>{_ORDINAL}) (?:of )?(?P<month>{_MONTH_NAMES})"
            rf"(?: (?P<year>\d{{4}}))?\b"
        ),
        _set_month_day,
    ),
    (re.compile(r"\bthe (?P<day>\d{1,2})(?:st|nd|rd|th)?\b"), _set_day_of_month),
    (re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)\b"), _set_day_of_month),
    (
        re.compile(
            rf"\b(?:the )?(?P<edge>end|start|beginning|middle) of (?P<month>{_MONTH_NAMES})"
            rf"(?: (?P<year>\d{{4}}))?\b"
        ),
        _set_month,
    ),
    (
        re.compile(rf"\b(?P<edge>mid)[- ]?(?P<month>{_MONTH_NAMES})(?: (?P<year>\d{{4}}))?\b"),
        _set_month,
    ),
    (
        re.compile(rf"\b(?:in |during )?(?P<month>{_MONTH_NAMES})(?: (?P<year>\d{{4}}))?\b"),
        _set_month,
    ),
)


# a weekday said with a date ("Friday the 27th", "Friday 27th November") only checks the date
_WEEKDAY_OF_DATE = re.compile(
    rf"\b(?:(?:next|this|coming) )?(?P<weekday>{_WEEKDAY_NAMES}) "
    rf"(?=the \d|\d{{1,2}}(?:st|nd|rd|th)\b|\d{{1,2}} (?:of )?(?:{_MONTH_NAMES})\b"
    rf"|(?:{_MONTH_NAMES}) (?:the )?\d)"
)
# British: "Monday week", "a week on Saturday", "two weeks today", "3 weeks on Friday",
# "a fortnight on Tuesday", "Tuesday fortnight" (two weeks)
_WEEKS_LATER = re.compile(
    rf"(?<![\d.])\b(?:(?P<count>an?|\d+) (?P<unit>weeks?|fortnights?) (?:on )?"
    rf"(?P<base>today|tomorrow|{_WEEKDAY_NAMES})"
    rf"|(?P<base2>today|tomorrow|{_WEEKDAY_NAMES}) (?P<unit2>week|fortnight))\b"
)


def _read_weeks_later(text: str, pieces: _Pieces, today: date) -> str:
    match = _WEEKS_LATER.search(text)
    if not match:
        return text
    count = match["count"]
    weeks = int(count) if count and count.isdigit() else 1
    weeks *= 2 if (match["unit"] or match["unit2"]).startswith("fortnight") else 1
    base = match["base"] or match["base2"]
    if base in ("today", "tomorrow"):
        pieces.day = today + timedelta(days=1 if base == "tomorrow" else 0, weeks=weeks)
    elif match["base"] and WEEKDAY_WORDS[base] == today.weekday():
        pieces.day = today + timedelta(weeks=weeks)  # "a week on Tuesday" said on a Tuesday
    else:
        pieces.weekday, pieces.weeks_later = WEEKDAY_WORDS[base], weeks
    return _take(text, match)


_DATE_GATES = Gates([needs(pattern) for pattern, _ in _DATE_RULES])


def _read_date(text: str, pieces: _Pieces, today: date, dates: Dates) -> str:
    said_weekday = _WEEKDAY_OF_DATE.search(text)
    if said_weekday:
        pieces.weekday = WEEKDAY_WORDS[said_weekday["weekday"]]
        text = _take(text, said_weekday)
    for pattern, apply in _DATE_GATES.tried(text.lower(), _DATE_RULES):
        match = pattern.search(text)
        if match:
            apply(match, pieces, today, dates)
            return _take(text, match)
    return text


# --- putting the pieces together -------------------------------------------------------------


def _clock(value: str) -> tuple[int, int]:
    hour, minute = value.split(":")
    return int(hour), int(minute)


# Hours that "tonight" or "at night" put after midnight: "12:50 tonight" is 0:50 and "at 1
# tonight" 1:00, both the next morning, as is any "a.m." tonight; "at 4 tonight" stays 16:00,
# as "at 5 tonight" is 17:00.
_SMALL_HOURS = (12, 1, 2, 3)


def _is_small_hours(pieces: _Pieces) -> bool:
    if pieces.part not in ("night", "tonight") or pieces.hour is None:
        return False
    return pieces.meridiem == "am" or (pieces.meridiem is None and pieces.hour in _SMALL_HOURS)


def _hour_24(pieces: _Pieces, dates: Dates) -> int:
    hour = pieces.hour if pieces.hour is not None else 0
    if _is_small_hours(pieces):
        return hour % 12
    if pieces.meridiem == "pm" and hour < 12:
        return hour + 12
    if pieces.meridiem == "am" and hour == 12:
        return 0
    if pieces.meridiem or hour >= 12 or hour == 0:
        return hour
    if pieces.part in ("afternoon", "evening", "night", "tonight"):
        return hour + 12
    if pieces.part in (None, "lunchtime") and hour < dates.ambiguous_pm_before:
        return hour + 12
    return hour


def _time_of_day(pieces: _Pieces, dates: Dates) -> time:
    if pieces.hour is not None:
        hour = _hour_24(pieces, dates)
        if not (0 <= hour <= 23 and 0 <= pieces.minute <= 59) or (
            pieces.meridiem and pieces.hour > 12
        ):
            raise ResolveError("That is not a time on the clock.")
        return time(hour, pieces.minute)
    if pieces.part:
        field_name = "tonight" if pieces.part in ("night", "tonight") else pieces.part
        return time(*_clock(getattr(dates, field_name)))
    return time(*_clock(getattr(dates, pieces.default_time or "default_time")))


def _at(day: date, moment: time, now: datetime, is_midnight: bool) -> datetime:
    if is_midnight:
        day = day + timedelta(days=1)
    zone = now.tzinfo
    naive = datetime.combine(day, moment)
    local = naive.replace(tzinfo=zone)
    # a wall time skipped by a DST change round-trips to the real instant an hour later
    return local.astimezone(UTC).astimezone(zone)


def _weekday_day(pieces: _Pieces, moment: time, now: datetime, dates: Dates) -> date:
    today = now.date()
    weekday = pieces.weekday if pieces.weekday is not None else 0
    if pieces.weekday_mode == "next":
        start = _week_start(today, dates) + timedelta(days=7)
        return start + timedelta(days=(weekday - start.weekday()) % 7)
    day = today + timedelta(days=(weekday - today.weekday()) % 7)
    if _at(day, moment, now, pieces.is_midnight) <= now:
        day += timedelta(days=7)
    return day


def _check_weekday(day: date, weekday: int) -> None:
    if day.weekday() != weekday:
        said, actual = WEEKDAYS[weekday].title(), WEEKDAYS[day.weekday()].title()
        month = MONTHS[day.month - 1].title()
        raise ResolveError(f"The {_ordinal(day.day)} of {month} is a {actual}, not a {said}.")


def _compose(pieces: _Pieces, now: datetime, dates: Dates) -> datetime:
    moment = _time_of_day(pieces, dates)
    if _is_small_hours(pieces):
        pieces.is_midnight = True  # the night's small hours are the next day's
    if pieces.weekday is not None and pieces.day is not None:
        _check_weekday(pieces.day, pieces.weekday)
    if pieces.weekday is not None and pieces.day is None:
        day = _weekday_day(pieces, moment, now, dates)
        pieces.day = day + timedelta(weeks=pieces.weeks_later)
    if pieces.day is not None:
        return _at(pieces.day, moment, now, pieces.is_midnight)
    result = _at(now.date(), moment, now, pieces.is_midnight)
    if result <= now and _is_bare_morning_hour(pieces, moment):
        evening = _at(now.date(), moment.replace(hour=moment.hour + 12), now, False)
        if evening > now and (evening.hour < _LATE_HOUR or evening - now <= _LATE_NEAR):
            return evening
    if result <= now and _is_bare_waking_hour(pieces, moment):
        return _at(now.date() + timedelta(days=1), moment.replace(hour=_WAKING_HOUR), now, False)
    if result <= now and not pieces.is_midnight:
        result = _at(now.date() + timedelta(days=1), moment, now, False)
    return result


# "remind me at eleven" said at lunchtime is tomorrow morning's eleven, not 23:00 tonight;
# said at 22:30 it is tonight's (the writers of the dev sets, on every such line)
_LATE_HOUR = 23
_LATE_NEAR = timedelta(hours=6)


def _is_bare_waking_hour(pieces: _Pieces, moment: time) -> bool:
    """An hour said with no am/pm, part of day or day, read as pm, that people wake at.

    "Remind me at quarter to seven" said at 22:10 is tomorrow's 6:45am, not 6:45pm a day
    away: once this evening's six has passed, six is the next morning's (the dev sets'
    writers, on every such line); "at five" said then stays tomorrow's 5pm.
    """
    return (
        pieces.hour == _WAKING_HOUR
        and moment.hour == pieces.hour + 12
        and pieces.meridiem is None
        and pieces.part is None
    )


_WAKING_HOUR = 6


def _is_bare_morning_hour(pieces: _Pieces, moment: time) -> bool:
    """An hour said with no am/pm, part of day or day that was read as this morning's.

    "At seven" said at 15:30 is this evening's seven, not tomorrow morning's: with no day
    said, an hour whose morning has passed is the next time the clock shows it.
    """
    return (
        pieces.hour is not None
        and 1 <= pieces.hour <= 11
        and moment.hour == pieces.hour
        and pieces.meridiem is None
        and pieces.part is None
    )


def _relative(text: str, now: datetime) -> datetime | None:
    match = _RELATIVE.match(text)
    if not match:
        return None
    try:
        delta = resolve_duration(match["duration"] or match["ago"])
    except ResolveError:
        return None
    return (now.astimezone(UTC) + delta).astimezone(now.tzinfo)


# "in three days' time", "in a week's time": the length, with "time" said after it
_UNITS_TIME = re.compile(r"\b((?:minute|hour|day|week|fortnight|month|year)s?)'?(?:'s)?\s+time\b")


def resolve_when(phrase: str, now: datetime, dates: Dates, *, allow_past: bool = True) -> datetime:
    """Return the moment a spoken date/time phrase means, in ``now``'s zone."""
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    text = _ordinal_words_to_digits(normalize(phrase))
    text = _LEAD_BEFORE_IN.sub("", text)
    if " time" in text:
        text = _UNITS_TIME.sub(r"\1", text)  # "in three days' time", "in a week's time"
    result = _relative(text, now)
    if result is None:
        result = _absolute(text, phrase, now, dates)
    if not allow_past and result < now:
        raise ResolveError(f"{phrase.strip()} has already passed.")
    return result


_LEAD_BEFORE_IN = re.compile(r"^(?:due|by|before|on|at|for)\s+(?=in |within )")
_END_OF_DAY = re.compile(
    r"\b(?:(?:the )?end of (?:(?:the |this )?day|today)|eod|cob|close of business)\b"
)


def _read_end_of_day(text: str, pieces: _Pieces) -> str:
    match = _END_OF_DAY.search(text)
    if not match:
        return text
    pieces.default_time = "end_of_day"
    return _take(text, match)


def _read_pieces(text: str, now: datetime, dates: Dates) -> tuple[_Pieces, str, bool]:
    """Read what a phrase says: its pieces, the words left over, and whether it said the end
    of the day. Raises ResolveError for a date that cannot be."""
    pieces = _Pieces()
    if _reads_nothing(text):
        return pieces, text, False  # what the readers below find then: nothing
    # a holiday first: its name holds words read as other pieces ("Good Friday", "Bonfire Night")
    rest = _read_holiday(text, pieces, now.date())
    holiday = pieces.day
    rest = _read_end_of_day(rest, pieces)
    is_end_of_day = pieces.default_time is not None
    rest = _read_weeks_later(rest, pieces, now.date())
    rest = _read_time(rest, pieces)
    rest = _read_part(rest, pieces, now.date())
    rest = _read_date(rest, pieces, now.date(), dates)
    if holiday is not None and pieces.day != holiday:  # "Christmas Eve tomorrow"
        raise ResolveError("That names two different days.")
    return pieces, rest, is_end_of_day


# every expression a reader of ``_read_pieces`` looks for: each reader takes words out of the
# phrase only where one of its own matches, so a phrase none of them matches is read as
# nothing. Most phrases asked about are no time (every end of a new title is asked,
# ``slots._holds_time``), and their runs of letters tell so at one look (``regex_gate``).
_READ_BY = (
    *(pattern for pattern, _ in _HOLIDAY_RULES),
    _END_OF_DAY,
    _WEEKS_LATER,
    *_TIME_PATTERNS,
    _PART,
    _WEEKDAY_OF_DATE,
    *(pattern for pattern, _ in _DATE_RULES),
)
_READ_GATES = Gates([needs(pattern) for pattern in _READ_BY])


def _reads_nothing(text: str) -> bool:
    """True when no reader's expression matches ``text``."""
    may_match = _READ_GATES.open(text.lower())
    while may_match:
        bit = may_match & -may_match
        if _READ_BY[bit.bit_length() - 1].search(text):
            return False
        may_match ^= bit
    return True


def _absolute(text: str, phrase: str, now: datetime, dates: Dates) -> datetime:
    pieces, rest, is_end_of_day = _read_pieces(text, now, dates)
    if is_end_of_day and pieces.day is None and pieces.weekday is None:
        pieces.day = now.date()
    said_something = (
        pieces.hour is not None or pieces.part or pieces.day or pieces.weekday is not None
    )
    # (the words left over looked at only once something was said: most phrases say nothing)
    if not said_something or _FILLER.sub(" ", rest).strip():
        raise ResolveError(f"I couldn't understand the time '{phrase.strip()}'.")
    return _compose(pieces, now, dates)


_DATES = Dates()  # the default hours (frozen): whether a day or a clock is said, not when


def says_day_or_clock(phrase: str, now: datetime) -> tuple[bool, bool]:
    """Tell whether a time phrase names a day, and whether it names a clock time.

    "tomorrow" (True, False), "at eight" (False, True), "Friday at 9" (True, True), "at 8 in
    the morning" (False, True): "tonight" names today, "in the morning" no day. (False, False)
    for what is no time.
    """
    try:
        pieces, _, _ = _read_pieces(_ordinal_words_to_digits(normalize(phrase)), now, _DATES)
    except ResolveError:
        return False, False
    has_day = bool(
        pieces.day
        or pieces.weekday is not None
        or pieces.default_time
        or pieces.part in ("tonight", "night")
    )
    return has_day, pieces.hour is not None


# --- finding a time phrase in a sentence -----------------------------------------------------

_N = NUMBER
_CLOCK = rf"(?:{_N}(?:[:.]\d{{2}})?(?: ?(?:[ap]\.? ?m\.?(?![a-z])))?(?: o'?clock)?)"
# a time or a part of day that needs its lead word: "at lunch", "by lunchtime" ("book lunch"
# is a meal)
_LUNCH_ALT = r"(?:at|by|before) lunch(?: ?time)?"
_TIME_ALT = (
    rf"(?:(?:at |around |about )?(?:(?:12 |twelve )?(?:noon|midnight)|midday"
    rf"|(?:a quarter|half|quarter|{_N})(?: minutes?)? (?:past|to) {_N}(?: ?[ap]\.? ?m\.?)?"
    rf"|half {_N}(?! (?:an?|hours?|minutes?|days?|weeks?|past)\b| to {_N}\b)"
    rf"|(?:by|before|until|till) {_N}(?: ?[ap]\.? ?m\.?)?"
    rf"(?! (?:st|nd|rd|th|minutes?|mins?|hours?|days?|weeks?|percent|people|items|of)\b)"
    rf"|{_N}(?:[:.]\d{{2}})? ?[ap]\.? ?m\.?(?![a-z])|\d{{1,2}}:\d{{2}}|{_N} o'?clock)"
    rf"|at {_CLOCK}(?: {_N})?|{_LUNCH_ALT})"
)


def _length_alt(units: str) -> str:
    """A length of time said in words, of the units ``units`` (an expression's part)."""
    return (
        rf"(?:(?:half an?|an?|a quarter of an?|three quarters of an?|{_N}|a couple of|a few)"
        rf"(?: and a half)?[ -]?{units}"
        rf"(?:,? and (?:a half|a quarter|(?:three|3) quarters|{_N} (?:minutes?|seconds?|mins?)))?"
        rf"(?: {_N} (?:minutes?|mins?))?)"
    )


_DURATION_ALT = _length_alt(_UNIT_WORDS)
# a length of time said anywhere in a sentence ("an hour", "fifteen-minute", "a week")
LENGTH_SAID = re.compile(rf"(?<![\w'])(?:{_DURATION_ALT})(?!\w|'\w\w)", re.IGNORECASE)
# a length of seconds, minutes or hours said inside other words ("a four minute one", "eight
# minutes"): ``grammar._statement`` takes no statement holding one for a remark
MINUTES_SAID = re.compile(
    rf"\b{_length_alt(r'(?:seconds?|secs?|minutes?|mins?|hours?|hrs?)')}\b", re.IGNORECASE
)
# words that make a date of what follows them: "due the first", "by March"
_AFTER_LEAD = r"(?:(?<=\bon )|(?<=\bby )|(?<=\bdue )|(?<=\bbefore )|(?<=\buntil ))"
_ORDINAL_DAY = (
    rf"(?:(?:twenty|thirty)[- ]first|twenty[- ](?:{'|'.join(_ORDINAL_WORDS[1:9])})"
    rf"|twentieth|thirtieth|{'|'.join(_ORDINAL_WORDS)})"
)
# "the first" alone is a date only after a lead word or a weekday, and only where the phrase
# ends: "the first draft", "a second opinion" are not dates
ORDINAL_DAY_SAID = _ORDINAL_DAY  # "the thirty first", for other modules
_ORDINAL_ENDS = r"(?=$|[,.;!?]| (?:at|in|by|and|to|for|then)\b)"
_FULL_MONTHS = "|".join(month.title() for month in MONTHS)
# a month alone must be said as a name, after a word that makes it one: "join the march" is not
# a date; "signed by April|May|June" may be a person
_LEAD_MONTHS = "|".join(month.title() for month in MONTHS if month not in ("april", "may", "june"))
_MONTH_ALT = (
    rf"(?:(?:the )?(?:end|start|beginning|middle) of (?:{_MONTH_NAMES})"
    rf"|mid[- ]?(?:{_MONTH_NAMES})"
    rf"|(?:in|during) (?-i:{_FULL_MONTHS})|{_AFTER_LEAD}(?-i:{_LEAD_MONTHS}))(?: \d{{4}})?"
)
_ORDINAL_ALT = (
    rf"(?:(?:the )?{_ORDINAL_DAY} of (?:{_MONTH_NAMES})"
    # ("add learn the solo for the fourteenth": a day of the month after "for" too)
    rf"|(?:(?:{_MONTH_NAMES}) |{_AFTER_LEAD}|(?<=day )|(?<=\bfor ))"
    rf"the {_ORDINAL_DAY}{_ORDINAL_ENDS}"
    rf"|(?:{_MONTH_NAMES}) {_ORDINAL_DAY}{_ORDINAL_ENDS})"
)
# British: "Monday week", "a week on Saturday", "two weeks today", "a fortnight on Tuesday";
# not "once a week on Monday"
# or "for a week on Monday" (how often, how long)
_WEEKS_ALT = (
    rf"(?:(?<!\bfor )(?<!\bonce )(?<!\btwice )(?<!\bevery )(?<!\bper )"
    rf"(?:an?|one|two|three|four|\d) (?:weeks?|fortnights?) (?:on )?"
    rf"(?:today|tomorrow|{_WEEKDAY_FIND})"
    rf"|(?:{_WEEKDAY_FIND}) (?:week|fortnight))"
)
# a bare hour before a day ("9 tomorrow") only where nothing before it could count it
_HOUR_ALT = (
    rf"(?:(?:^|(?<=\bdue ))(?:1[0-2]|[1-9]|{'|'.join(_UNITS[1:13])})"
    rf"(?= (?:on |this |next |in the )?(?:today|tonight|tomorrow|{_WEEKDAY_FIND}|{_PART_NAMES})\b))"
)
# a holiday ends the phrase ("a Christmas Eve party" is a title); "Christmas", "Easter",
# "Halloween" alone are words of titles too ("Christmas cards"): dates only after a lead word
_HOLIDAY_ENDS = rf"(?=$|[,.;!?]| (?:at|in|by|and|to|for|then|{_PART_NAMES}|lunch ?time)\b)"
_HOLIDAY_ALT = (
    rf"(?:(?:at )?(?:{'|'.join(name for name in _HOLIDAY_NAMES if ' ' in name)})"
    rf"|(?:{_AFTER_LEAD}|at )(?:{'|'.join(name for name in _HOLIDAY_NAMES if ' ' not in name)}))"
    rf"(?: \d{{4}})?{_HOLIDAY_ENDS}"
)
_DAY_ALT = (
    rf"(?:{_HOLIDAY_ALT}|today|tomorrow|tonight|the day after tomorrow"
    rf"|(?:the )?end of (?:(?:the |this |next )?(?:day|week|month)|today)|eod|close of business"
    rf"|at the end of (?:the |this |next )?(?:week|month)"  # not "at the end of the day, ..."
    rf"|(?:the )?last day of (?:(?:the |this |next )month|{_MONTH_NAMES})"
    rf"|(?:the )?(?:this |next )?month[- ]end|this (?:week|month)"
    rf"|(?:this|next) weekend|(?:at|over) the weekend"
    rf"|next (?:week|month|year)"
    rf"|(?:this coming |next |this |coming )?(?<!\bgood )(?<!\beaster )(?:{_WEEKDAY_FIND})"
    rf"|(?:{_MONTH_NAMES}) (?:the )?\d{{1,2}}(?:st|nd|rd|th)?(?: \d{{4}})?"
    rf"|(?:the )?\d{{1,2}}(?:st|nd|rd|th)? (?:of )?(?:{_MONTH_NAMES})(?: \d{{4}})?"
    rf"|(?:on )?the \d{{1,2}}(?:st|nd|rd|th)|\d{{4}}-\d{{2}}-\d{{2}}|{_ORDINAL_ALT}|{_MONTH_ALT})"
)
_PART_ALT = rf"(?:(?:this |in the |tomorrow )(?:{_PART_NAMES})|this lunch ?time|first thing)"
_UNIT_ALT = (
    rf"(?:{_WEEKS_ALT}|{_HOUR_ALT}|{_DAY_ALT}(?: (?:{_PART_NAMES}|lunch ?time))?"
    rf"|{_TIME_ALT}|{_PART_ALT})"
)
_JOIN = r"(?:,? (?:on |by )?)"
WHEN_PATTERN = re.compile(
    rf"(?<![\w'])(?P<when>(?:(?:due |by |before )?(?:in|within) {_DURATION_ALT}"
    rf"(?:(?:'s|s'|')? time)?"
    rf"|{_DURATION_ALT} from (?:now|today))"
    # ("switch the fridge back on at seven": no day is said "on at")
    rf"|(?:(?:due |by |before |on (?!at )|until |for )?(?:{_UNIT_ALT})(?:{_JOIN}(?:{_UNIT_ALT}))*)"
    # ("by Monday at the latest": the day, said as a limit)
    rf"(?:,? at the (?:very )?latest)?)"
    rf"(?![\w'])",
    re.IGNORECASE,
)
_LEADING = re.compile(r"^(?:due|by|before|on|for|until)\s+", re.IGNORECASE)
# what is not a time without its lead: "by 5", "before lunch"
_NEEDS_LEAD = re.compile(rf"{_N}|lunch(?! ?time\b).*", re.IGNORECASE)
# a number or "a week" just before is part of a phrase the finder does not read ("order 6
# tomorrow", "once a week on Monday"): cutting the rest would leave it in the title
_CUT_OFF = re.compile(rf"(?<![\w'])(?:{_N}|weeks?) $", re.IGNORECASE)


def find_when(text: str) -> tuple[str, int, int] | None:
    """Find the first date/time phrase in ``text``: (phrase, start, end) of the span to cut.

    The span includes a leading "due", "by", "on" or "before"; the phrase leaves those out
    (``resolve_when`` reads it either way).
    """
    match = WHEN_PATTERN.search(text)
    if not match or _CUT_OFF.search(text, 0, match.start("when")):
        return None
    span = match.group("when")
    phrase = _LEADING.sub("", _LEADING.sub("", span))
    if _NEEDS_LEAD.fullmatch(phrase):
        phrase = span
    return phrase, match.start("when"), match.end("when")
