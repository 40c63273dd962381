"""Fast-path readings of the session of 2026-11-28 07:06: a task said by the noun of its deed
("the vet registration") is found by its verb, a doing said as a new list item or what to be
reminded about is said as its verb ("add picking up the cake", "a nudge about ringing Kofi"),
a new task "that can't start till ..." is left to the model, and "I've done my back in" is no
task finished."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from services.nlu import ParseContext
from tests.nlu.fastpath_support import is_left_to_the_llm, read_after

LONDON = ZoneInfo("Europe/London")
CONTEXT = ParseContext(
    now=datetime(2031, 5, 14, 10, 20, tzinfo=LONDON),  # a Wednesday morning
    people=("Grandpa Len", "Kofi", "Ines"),
    projects=("attic clear-out", "quiz night"),
    tasks=("register the car with the DVLA", "renew the bus pass", "mend the back fence"),
)


@pytest.mark.parametrize(
    ("said", "read"),
    [
        (
            "remind me about ringing Kofi on Friday",
            [("reminder.create", {"text": "ring Kofi", "when": "Friday"})],
        ),
        (
            "give me a nudge tomorrow about picking up the prizes",
            [("reminder.create", {"when": "tomorrow", "text": "pick up the prizes"})],
        ),
        (
            "add sorting out the loft to the attic clear-out list",
            [("task.create", {"title": "sort out the loft", "project": "attic clear-out"})],
        ),
    ],
)
def test_a_doing_said_as_a_new_item_or_a_reminder_is_said_as_its_verb(said, read) -> None:
    assert read_after(said, CONTEXT) == read


def test_what_a_reminder_says_of_a_doing_stays_as_said() -> None:
    assert read_after("remind me on Friday that packing the car takes an hour", CONTEXT) == [
        ("reminder.create", {"when": "Friday", "text": "packing the car takes an hour"})
    ]


def test_steps_said_as_doings_stay_so() -> None:
    assert read_after("split mend the back fence into buying posts and digging holes", CONTEXT) == [
        (
            "task.add_subtasks",
            {"task": "mend the back fence", "titles": ["buying posts", "digging holes"]},
        )
    ]


@pytest.mark.parametrize(
    "said",
    [
        "add a task to book the quiz hall that can't start till the bus pass is renewed",
        "add print the answer sheets which can't happen until Kofi's written them",
        "let Ines have the fence, I've done my back in",
        "I've done my knee in",
    ],
)
def test_a_new_task_that_waits_or_a_hurt_is_left_to_the_model(said: str) -> None:
    assert is_left_to_the_llm(said, CONTEXT)


def test_i_have_done_a_task_is_still_finished() -> None:
    assert read_after("I've done the back fence", CONTEXT) == [
        ("task.complete", {"task": "back fence"})
    ]
