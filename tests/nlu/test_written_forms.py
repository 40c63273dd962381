"""Times and durations as Whisper writes them, or as people say them, read alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.config import Dates
from services.nlu import ParseContext
from services.nlu.fastpath import FastPathParser
from services.nlu.timeparse import find_when, resolve_duration, resolve_when

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)  # a Monday
CONTEXT = ParseContext(now=NOW, people=("Priya", "Alex"), projects=(), tasks=("fix the gate",))


@pytest.mark.parametrize(
    ("phrase", "meant"),
    [
        ("at 12 noon", datetime(2026, 11, 23, 12, tzinfo=UTC)),
        ("at twelve noon", datetime(2026, 11, 23, 12, tzinfo=UTC)),
        # this morning's 8:45 has passed at 9:00: the next one is tonight's
        ("at a quarter to nine", datetime(2026, 11, 23, 20, 45, tzinfo=UTC)),
        ("tomorrow at a quarter to nine", datetime(2026, 11, 24, 8, 45, tzinfo=UTC)),
        ("at a quarter past 2", datetime(2026, 11, 23, 14, 15, tzinfo=UTC)),
        ("december first", datetime(2026, 12, 1, 9, tzinfo=UTC)),
    ],
)
def test_time_phrases_resolve(phrase: str, meant: datetime) -> None:
    assert resolve_when(phrase, NOW, Dates(), allow_past=False) == meant


@pytest.mark.parametrize(
    ("phrase", "seconds"),
    [("ninety seconds", 90), ("5-minute", 300), ("five-minute", 300), ("eighty minutes", 4800)],
)
def test_durations_resolve(phrase: str, seconds: int) -> None:
    assert resolve_duration(phrase) == timedelta(seconds=seconds)


@pytest.mark.parametrize(
    "text",
    [
        "Remind me at 12 noon to eat.",
        "Remind me at a quarter to nine to call Alex.",
        "Remind me on December first to renew the passport.",
        "Start a 5-minute timer.",
        "Set a timer for ninety seconds.",
    ],
)
def test_the_fast_path_reads_them_completely(text: str) -> None:
    assert FastPathParser().parse(text, CONTEXT).is_complete


def test_a_time_said_in_words_is_not_a_meeting_place() -> None:
    command = FastPathParser().parse(
        "Schedule a meeting with Priya on Thursday at quarter past two", CONTEXT
    )
    (action,) = command.actions
    assert "location" not in action.params or not action.params["location"]
    when = resolve_when(action.params["when"], NOW, Dates())
    assert (when.weekday(), when.hour, when.minute) == (3, 14, 15)


def test_december_first_is_found_in_a_sentence_but_the_first_draft_is_not() -> None:
    assert find_when("renew the passport on december first") is not None
    assert find_when("write the first draft") is None
