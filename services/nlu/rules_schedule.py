"""Clause rules for meetings (timers, reminders and messages are in the grammar,
``domain.yaml``)."""

from __future__ import annotations

import re
from typing import Any

from services.nlu import ParseContext
from services.nlu.rules import Piece, duration_phrase, one, rule
from services.nlu.text import (
    cut_when,
    person_ref,
    split_items,
    strip_articles,
)

# --- meetings --------------------------------------------------------------------------------

_FOR_DURATION = re.compile(r"[\s,]+for (?P<duration>(?:an?|half an?|[\w.-]+)(?: and a half)? \w+)")
_WITH = re.compile(
    r"(?:^|\s)with (?P<people>.+?)"
    r"(?=$| about | to | regarding | on the subject of | in the | at the | in room )",
    re.IGNORECASE,
)
_ABOUT = re.compile(
    r"\s*(?:about|to discuss|to talk about|to|regarding|on the subject of)\s+(?P<topic>.+?)"
    r"(?=$| with )"
)
MAX_PLACE_WORDS = 4  # "the big meeting room"; longer is a place and more words
_LOCATION = re.compile(r"\s+(?:in|at) (?P<location>(?:the |room )?[\w' -]+?)$", re.IGNORECASE)


# "a 30 minute call", "an hour long meeting"
_LENGTH_BEFORE = re.compile(
    r"\b(?P<duration>(?:an?|half an?|[\w.]+)(?: and a half)?[- ](?:minutes?|hours?|mins?))"
    r"(?:[- ]long)?(?= (?:[\w-]+ )?(?:meeting|call)\b)",
    re.IGNORECASE,
)


def _meeting(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    return _meeting_from(match.group("rest"), context)


def _meeting_from(
    text: str, context: ParseContext, attendees: tuple[str, ...] = (), *, is_strict: bool = False
) -> list[Piece] | None:
    """Read when, how long, what about, with whom and where; the rest is the title.

    ``attendees`` were said before the words (``"get Sam and Alex together ..."``); with
    ``is_strict`` nothing may be left over for a title, as those sentences name none.
    """
    params: dict[str, Any] = {}
    text = _cut_duration(text, params)
    text, when = cut_when(text)
    if when is None:
        return None
    params["when"] = when
    text = " ".join(text.split())
    found = _ABOUT.search(text)
    if found:
        params["title"] = strip_articles(found.group("topic"))
        text = f"{text[: found.start()]} {text[found.end() :]}".strip()
    rest = _cut_with(text, context, params)
    if rest is None:
        return None
    text = rest
    if attendees:
        params["attendees"] = [*attendees, *params.get("attendees", ())]
    found = _LOCATION.search(" " + text)
    if found and len(found.group("location").split()) > MAX_PLACE_WORDS:
        return None  # "at Hannah's, pop it in the diary": a place and another request
    if found:
        params["location"] = strip_articles(found.group("location"))
        text = (" " + text)[: found.start()].strip()
    if is_strict and text:
        return None
    return _meeting_title(text, params)


def _cut_duration(text: str, params: dict[str, Any]) -> str:
    candidates = [*_FOR_DURATION.finditer(text), *_LENGTH_BEFORE.finditer(text)]
    found = next((m for m in candidates if duration_phrase(m.group("duration"))), None)
    if not found:
        return text
    params["duration"] = found.group("duration")
    return f"{text[: found.start()]} {text[found.end() :]}"


def _cut_with(text: str, context: ParseContext, params: dict[str, Any]) -> str | None:
    found = _WITH.search(text)
    if not found:
        return text
    people = attendees_of(found.group("people"), context)
    if people is None:
        return None
    if people:
        params["attendees"] = list(people)
    return f"{text[: found.start()]} {text[found.end() :]}".strip()


_SPEAKER = frozenset(("me", "i", "myself", "us", "we", "you and me", "you and i"))


def attendees_of(words: str, context: ParseContext) -> tuple[str, ...] | None:
    """Return the people in "Sam, Alex and me" without the speaker; None if one is no name."""
    people = []
    for name in split_items(words):
        if name.lower() in _SPEAKER:
            continue  # the speaker is at their own meeting
        person = person_ref(name, context.people)
        if person is None or person == "me":
            return None
        people.append(person)
    return tuple(people)


def _meeting_title(leftover: str, params: dict[str, Any]) -> list[Piece] | None:
    title = strip_articles(re.sub(r"\b(?:meeting|call|a|an|the|new)\b", " ", leftover, flags=re.I))
    if title and len(title.split()) > 4:
        return None
    if title and "title" not in params:
        params["title"] = title
    return one("meeting.schedule", **params)


def _together(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    """ "get Sam and Alex together on Thursday at 2", "pencil Jo in for an hour tomorrow"."""
    people = attendees_of(match.group("people"), context)
    if not people:
        return None
    return _meeting_from(match.group("rest"), context, people, is_strict=True)


def _time_with(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    """ "pencil in half an hour with Jo tomorrow at 11": a length of time with someone."""
    duration = duration_phrase(match.group("duration"))
    if duration is None:
        return None
    pieces = _meeting_from(match.group("rest"), context, is_strict=True)
    if not pieces or "attendees" not in pieces[0].params or "duration" in pieces[0].params:
        return None
    return one(pieces[0].type, **pieces[0].params, duration=duration)


def _need_to_meet(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    """ "Alex, Jo and me need to meet on Monday at 3": the speaker is left out."""
    said = match.group("people")
    people = attendees_of(said, context)
    if people is None or (not people and said.lower() not in ("we", "us", "you and i")):
        return None  # "I need to meet ..." alone may as well be a task for the speaker
    rest = match.group("rest")
    if re.match(r" (?:to|up to|with me)\b", rest, re.IGNORECASE):
        return None  # "we need to talk to the caterers", "catch up on emails"
    return _meeting_from(rest, context, people, is_strict=True)


_TOGETHER_VERB = (
    r"(?:meet(?: up)?|get together|sit down|talk|catch up|have a (?:meeting|chat|catch[- ]up|call))"
)
_SPAN = r"(?P<duration>(?:an?|half an?|[\w.-]+)(?: and a half)?[ -](?:minutes?|mins?|hours?|hrs?))"
MEETINGS = (
    rule(
        "meeting",
        r"(?:schedule|set up|book|arrange|organi[sz]e|plan|put in|add|create|make|pencil in|"
        r"pencil|slot in)(?P<rest> (?:a |an |the )?.*?\b(?:meeting|call)\b.*)",
        _meeting,
    ),
    rule("meet", r"(?:i'm |i am |we're |we are )?(?:meet|meeting)(?P<rest> with .+)", _meeting),
    rule(
        "get_together",
        r"(?:get|bring|pull|round up) (?P<people>.+?) together(?P<rest> .+)",
        _together,
    ),
    rule(
        "pencil_in",
        r"(?:pencil|fit|squeeze|slot|book) (?P<people>.+?) in(?P<rest> .+)",
        _together,
    ),
    rule(
        "time_with",
        r"(?:pencil in|pencil|block out|block off|block|set aside|put aside|carve out|find|grab|"
        rf"book|put in|schedule|arrange|make time for) {_SPAN}(?P<rest> with .+)",
        _time_with,
    ),
    rule(
        "need_to_meet",
        r"(?P<people>[\w' ,-]+?)(?: (?:need|needs|have|has|ought|want|wants|are going|is going|"
        r"have got|'ve got|got)(?: to)?| (?:should|must|will|shall)|'ll|'re going to|'ve got to)"
        rf" {_TOGETHER_VERB}(?P<rest> .+)",
        _need_to_meet,
    ),
)
