"""A reminder said by where it falls around a meeting of the same command.

"Book a call with Delphine on Monday at two, and remind me fifteen minutes before", "..., and
remind me ten minutes before to grab the plans", "..., and remind me at quarter to", "..., and
remind me the night before at eight to print the agenda", "..., and remind me at nine that
morning to dig out the figures": the reminder's time is the meeting's, moved, and with nothing
said to be reminded of, the meeting is what it is of ("call with Delphine", as the dev sets'
writers wrote it in every such line; "walking club committee" of a title that names one).

The grammar cannot read these clauses alone (their time means nothing without the meeting), so
the fast path leaves them unread and this module reads them once the meeting is read: exactly
one meeting, with a time that resolves, and the clause said after it. The reminder's time is
written out whole ("Monday 8 September at 1:45pm") so that it means one moment to the executor.
Pure: actions, the clauses left unread and the context in; the same, with the reminder added
and its clause no longer unread, out.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from services.nlu import ParseContext
from services.nlu.commands import Action
from services.nlu.timeparse import moment_said, resolve_duration, resolved, says_day_or_clock

_LEAD = r"(?:(?:and|then|plus|oh|also|so|um|er)\W+)*(?:(?:please|can you|could you)\s+)?"
# "remind me fifteen minutes before", "... an hour before it starts"
_BEFORE = re.compile(
    _LEAD + r"remind me (?P<length>[\w -]+?) (?:before|beforehand|ahead)"
    r"(?: (?:it|the (?:call|meeting)|that|then)(?: starts)?)?"
    # "... quarter of an hour before to grab the floor plans": what to be reminded of
    r"(?: to (?P<text>[^,.!?]+))?[.!]?",
    re.IGNORECASE,
)
# "remind me at quarter to": to the meeting's hour
_TO_THE_HOUR = re.compile(
    _LEAD
    + r"remind me (?:at )?(?P<minutes>quarter|ten|five|twenty|twenty-five|twenty five) to[.!]?",
    re.IGNORECASE,
)
_MINUTES_TO = {"quarter": 15, "ten": 10, "five": 5, "twenty": 20, "twenty-five": 25,
               "twenty five": 25}  # fmt: skip
# "remind me at nine that morning to dig out the figures", "... at one that day"
_THAT_DAY = re.compile(
    _LEAD + r"remind me (?:at )?(?P<clock>[\w:' -]+?) that (?P<part>morning|day|afternoon|evening)"
    r"(?: to (?P<text>[^,.!?]+))?[.!]?",
    re.IGNORECASE,
)
# "remind me the night before at eight to print the agenda", "... the day before to ..."
_DAY_BEFORE = re.compile(
    _LEAD + r"remind me the (?P<part>day|night|evening) before(?: at (?P<clock>[\w:' -]+?))?"
    r"(?: to (?P<text>[^,.!?]+))?[.!]?",
    re.IGNORECASE,
)
# "remind me at half nine Friday morning", "... at twenty past two tomorrow so I don't forget":
# a time, and nothing to be reminded of but the meeting
_AT_A_TIME = re.compile(
    _LEAD + r"remind me (?P<when>(?:at|on|by) (?:(?!\bto\b)[^,.!?])+?)"
    r"(?:,? so (?:that )?I (?:don't|do not|won't) forget)?[.!]?",
    re.IGNORECASE,
)
_CALL = re.compile(r"\b(?:call|phone call|video call|zoom)\b", re.IGNORECASE)
_NAMES_A_MEETING = re.compile(
    r"\b(?:committee|agm|meeting|catch-up|catch up|handover|get-together)$", re.IGNORECASE
)


def remind_around_meeting(
    actions: tuple[Action, ...], unread: list[str], text: str, context: ParseContext
) -> tuple[tuple[Action, ...], list[str]]:
    """``actions`` with the reminder ``unread``'s one clause says, and that clause read."""
    meetings = [action for action in actions if action.type == "meeting.schedule"]
    if len(unread) != 1 or len(meetings) != 1 or actions[-1] is not meetings[0]:
        return actions, unread
    meeting = meetings[0]
    when = meeting.params.get("when")
    if not isinstance(when, str):
        return actions, unread
    starts = _moment(when, context)
    if starts is None:
        return actions, unread
    said = " ".join(unread[0].split())
    found = _reminder(said, starts, context)
    if found is None:
        return actions, unread
    moment, what = found
    if moment <= context.now:
        return actions, unread  # a reminder already past: the model's, or a question, to sort
    params = {"text": what or _of_the_meeting(meeting, text), "when": _spoken(moment)}
    return (*actions, Action("reminder.create", params)), []


def on_the_meeting_day(actions: tuple[Action, ...], context: ParseContext) -> tuple[Action, ...]:
    """ "Book a call with Ifeoma tomorrow at 11, then remind me at quarter to eleven to dig
    out the guest list": a reminder said after the one meeting of the command, at a clock time
    alone that falls in the hours before it on its day, is on the meeting's day (said alone it
    would be the next quarter to eleven: tonight). Other reminders stay as said."""
    meetings = [index for index, action in enumerate(actions) if action.type == "meeting.schedule"]
    if len(meetings) != 1:
        return actions
    when = actions[meetings[0]].params.get("when")
    starts = None
    if isinstance(when, str) and says_day_or_clock(when, context.now) == (True, True):
        starts = _moment(when, context)
    if starts is None:
        return actions
    mended = list(actions)
    for index in range(meetings[0] + 1, len(actions)):
        action = actions[index]
        clock = action.params.get("when")
        if action.type != "reminder.create" or not isinstance(clock, str):
            continue
        if says_day_or_clock(clock, context.now) != (False, True):
            continue
        moment = _on_day(
            starts, re.sub(r"^at\s+", "", clock.strip(), flags=re.I), context, evening=False
        )
        if moment is not None and starts - _HOURS_BEFORE <= moment < starts:
            mended[index] = Action(
                action.type, {**action.params, "when": _spoken(moment)}, action.depends_on
            )
    return tuple(mended)


# how long before a meeting a reminder said at a clock time alone is taken to be for it
_HOURS_BEFORE = timedelta(hours=3)


def _reminder(said: str, starts: datetime, context: ParseContext) -> tuple[datetime, str] | None:
    """The moment and the text (or "") ``said`` gives the reminder, or None."""
    found = _BEFORE.fullmatch(said)
    length = resolved(resolve_duration, found["length"]) if found else None
    if found and length is not None:  # ("the day before": no length, read below)
        return starts - length, found["text"] or ""
    if found := _TO_THE_HOUR.fullmatch(said):
        minutes = _MINUTES_TO[found["minutes"].lower()]
        if starts.minute != 0:
            return None  # "at quarter to" of a meeting at half past: which hour is unclear
        return starts - timedelta(minutes=minutes), ""
    if found := _THAT_DAY.fullmatch(said):
        later = found["part"].lower() in ("afternoon", "evening")
        moment = _on_day(starts, found["clock"], context, evening=later)
        return (moment, found["text"] or "") if moment and moment < starts else None
    if found := _AT_A_TIME.fullmatch(said):
        moment = _moment(found["when"], context)
        return (moment, "") if moment is not None and moment < starts else None
    if found := _DAY_BEFORE.fullmatch(said):
        day = starts - timedelta(days=1)
        if not found["clock"]:
            if found["part"].lower() != "day":
                return None  # "the night before": at what time, unsaid
            return day.replace(hour=9, minute=0, second=0, microsecond=0), found["text"] or ""
        evening = found["part"].lower() in ("night", "evening")
        moment = _on_day(day, found["clock"], context, evening=evening)
        return (moment, found["text"] or "") if moment else None
    return None


def _on_day(day: datetime, clock: str, context: ParseContext, *, evening: bool) -> datetime | None:
    """``clock`` on ``day`` (after noon when ``evening`` and said without am or pm)."""
    date = f"{day.day} {day.strftime('%B')} {day.year}"
    said = clock.strip()
    if evening and not re.search(r"\b(?:am|pm|a\.m\.|p\.m\.)$|\d:\d\d$|\b\d{4}$", said, re.I):
        said = f"{said} pm" if re.fullmatch(r"\d{1,2}", said) else f"{said} in the evening"
    return _moment(f"{date} at {said}", context)


def _of_the_meeting(meeting: Action, text: str) -> str:
    """What a reminder of ``meeting`` is of: "call with Delphine", "café opening meeting"."""
    attendees = [a for a in meeting.params.get("attendees") or [] if isinstance(a, str)]
    title = meeting.params.get("title")
    if _CALL.search(text) and attendees:
        return f"call with {_joined(attendees)}"
    if isinstance(title, str):
        # ("walking club committee": a title that names the meeting already)
        return title if _NAMES_A_MEETING.search(title) else f"{title} meeting"
    return f"meeting with {_joined(attendees)}" if attendees else "the meeting"


def _joined(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _moment(said: str, context: ParseContext) -> datetime | None:
    """The moment a time phrase means now, or None when it means none."""
    return moment_said(said, context.now)


def _spoken(moment: datetime) -> str:
    """ "Monday 8 September 2036 at 1:45pm": one moment, as the time resolver reads it."""
    hour = moment.hour % 12 or 12
    clock = f"{hour}{moment.strftime(':%M') if moment.minute else ''}"
    noon = "am" if moment.hour < 12 else "pm"
    return f"{moment.strftime('%A')} {moment.day} {moment.strftime('%B %Y')} at {clock}{noon}"
