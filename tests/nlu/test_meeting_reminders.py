"""A reminder said by where it falls around the meeting of the same command
(services/nlu/meeting_reminders.py), read by the fast path."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from services.config import Dates
from services.nlu import ParseContext
from services.nlu.timeparse import resolve_when
from tests.nlu.fastpath_support import is_left_to_the_llm, read_after

LONDON = ZoneInfo("Europe/London")
CONTEXT = ParseContext(
    now=datetime(2031, 5, 14, 9, 5, tzinfo=LONDON),  # a Wednesday morning
    people=("Delphine", "Rowan Pike", "Kiki"),
    projects=("bowls club",),
    tasks=("print the fixtures",),
)


def _reminder(said: str) -> tuple[datetime, str]:
    meeting, (kind, params) = read_after(said, CONTEXT)
    assert meeting[0] == "meeting.schedule" and kind == "reminder.create"
    return resolve_when(str(params["when"]), CONTEXT.now, Dates()), str(params["text"])


@pytest.mark.parametrize(
    ("said", "moment", "text"),
    [
        (
            "book a call with Delphine on Friday at two for half an hour, and remind me fifteen"
            " minutes before",
            datetime(2031, 5, 16, 13, 45),
            "call with Delphine",
        ),
        (
            "put a call with Kiki in for tomorrow at ten, and remind me at quarter to",
            datetime(2031, 5, 15, 9, 45),
            "call with Kiki",
        ),
        (
            "set up a meeting with Rowan and Kiki on Friday at three about the league, and remind"
            " me an hour before",
            datetime(2031, 5, 16, 14, 0),
            "league meeting",
        ),
        (
            "book a meeting with Delphine on Friday at ten, and remind me the night before at"
            " eight to print the fixtures",
            datetime(2031, 5, 15, 20, 0),
            "print the fixtures",
        ),
        (
            "book a meeting with Delphine on Friday at eleven, and remind me at nine that morning"
            " to charge the laptop",
            datetime(2031, 5, 16, 9, 0),
            "charge the laptop",
        ),
    ],
)
def test_a_reminder_said_around_the_meeting_falls_where_said(
    said: str, moment: datetime, text: str
) -> None:
    when, what = _reminder(said)
    assert when.replace(tzinfo=None) == moment
    assert what == text


def test_a_reminder_that_would_be_past_is_the_models_to_read() -> None:
    said = "book a call with Delphine today at half nine, and remind me an hour before"
    assert is_left_to_the_llm(said, CONTEXT)


def test_quarter_to_a_meeting_at_half_past_is_the_models_to_read() -> None:
    said = "put a call with Kiki in for tomorrow at half ten, and remind me at quarter to"
    assert is_left_to_the_llm(said, CONTEXT)


def test_before_with_no_meeting_is_the_models_to_read() -> None:
    assert is_left_to_the_llm("tell Kiki I'm late, and remind me an hour before", CONTEXT)
