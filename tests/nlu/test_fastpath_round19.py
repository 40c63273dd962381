"""Fast-path readings of the session of 2026-11-27 23:17: what Parley did last is never a task
("scrap that last change" undoes it), and a new task said as "a thing to do"."""

from __future__ import annotations

from datetime import datetime

import pytest

from services.nlu import ParseContext
from tests.nlu.fastpath_support import parse_after, read_after

CONTEXT = ParseContext(
    now=datetime(2028, 3, 8, 11, 5),  # a Wednesday morning
    people=("Uncle Bob", "Marta", "Idris"),
    projects=("bake sale", "loft"),
    tasks=("price the cakes", "clear the loft hatch", "renew the parking permit"),
)


@pytest.mark.parametrize(
    "said",
    [
        "scrap that last change",
        "cancel the last change please",
        "ditch my last edit",
        "forget that last command",
        "bin the previous change",
    ],
)
def test_what_parley_did_last_is_undone_not_a_task_cancelled(said: str) -> None:
    assert read_after(said, CONTEXT) == [("undo", {})]


def test_a_task_is_still_scrapped_by_its_name() -> None:
    assert read_after("scrap the parking permit", CONTEXT) == [
        ("task.cancel", {"task": "parking permit"})
    ]


@pytest.mark.parametrize(
    ("said", "params"),
    [
        ("add a thing to ring the dentist", {"title": "ring the dentist"}),
        (
            "um, put down a thing to, er, wash the cake tins, Friday",
            {"title": "wash the cake tins", "due": "Friday"},
        ),
        (
            "add one more thing: clean the oven, Marta's doing it",
            {"title": "clean the oven", "assignee": "Marta"},
        ),
    ],
)
def test_a_thing_to_do_is_a_new_task(said: str, params: dict[str, object]) -> None:
    assert read_after(said, CONTEXT) == [("task.create", params)]


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        (
            "pricing the cakes can't happen till the loft hatch is cleared, can you note that?",
            [("task.add_dependency", {"task": "cakes", "blocker": "loft hatch"})],
        ),
        (
            "move the parking permit to Friday, sort that for me would you",
            [("task.set_due", {"task": "parking permit", "due": "Friday"})],
        ),
        (
            "reopen the loft hatch one, somebody left the bolt off",
            [("task.reopen", {"task": "loft hatch"})],
        ),
        (
            "knock the cakes down to low, nobody's bothered about them",
            [("task.set_priority", {"task": "cakes", "priority": "low"})],
        ),
        (
            "make the parking permit urgent, it's two weeks overdue",
            [("task.set_priority", {"task": "parking permit", "priority": "urgent"})],
        ),
        (
            "make the cakes due Saturday at nine, before the school fair",
            [("task.set_due", {"task": "cakes", "due": "Saturday at nine"})],
        ),
    ],
)
def test_a_change_asked_for_again_or_said_with_what_it_comes_before(
    said: str, expected: list[tuple[str, dict[str, object]]]
) -> None:
    assert read_after(said, CONTEXT) == expected


@pytest.mark.parametrize(
    "said",
    [
        "remind me to ring Marta at six, before the match",  # when, not why: the model's
        "add buy balloons, before the party",  # when the new task is due, perhaps: the model's
    ],
)
def test_what_comes_before_a_reminder_or_a_new_task_is_left_to_the_model(said: str) -> None:
    assert not parse_after(said, CONTEXT, None).is_complete


def test_a_pause_written_as_dots_is_a_pause() -> None:
    # ("it" said again after "no, hang on" is the task first named: round 31)
    said = "give the parking permit to Uncle Bob... no, hang on, give it to Idris"
    assert read_after(said, CONTEXT) == [
        ("task.assign", {"task": "parking permit", "assignee": "Idris"})
    ]
    said = "Er... new task... ring the vet. For the bake sale."
    assert read_after(said, CONTEXT) == [
        ("task.create", {"title": "ring the vet", "project": "bake sale"})
    ]


def test_a_fortnight_is_two_weeks_and_notes_may_be_said_as_notes() -> None:
    said = "task: ring the vet, bake sale, due in a fortnight, notes: ask about the raffle"
    assert read_after(said, CONTEXT) == [
        (
            "task.create",
            {
                "title": "ring the vet",
                "project": "bake sale",
                "due": "in a fortnight",
                "notes": "ask about the raffle",
            },
        )
    ]
    assert read_after("remind me in a fortnight to renew the parking permit", CONTEXT) == [
        ("reminder.create", {"when": "in a fortnight", "text": "renew the parking permit"})
    ]


def test_while_youre_at_it_ends_the_request_it_follows() -> None:
    said = "push the cakes to Friday and make them urgent while you're at it, Marta keeps asking"
    assert read_after(said, CONTEXT) == [
        ("task.set_due", {"task": "cakes", "due": "Friday"}),
        ("task.set_priority", {"task": {"result_of": 0}, "priority": "urgent"}),
    ]


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        (
            "put the loft hatch on Idris, due Friday",
            [
                ("task.assign", {"task": "loft hatch", "assignee": "Idris"}),
                ("task.set_due", {"task": {"result_of": 0}, "due": "Friday"}),
            ],
        ),
        ("how many's Marta got?", [("query.count", {"assignee": "Marta"})]),
        (
            "start a pasta timer, eleven minutes",
            [("timer.start", {"label": "pasta", "duration": "eleven minutes"})],
        ),
        (
            "two for the bake sale list: buy flour, borrow a table",
            [
                ("task.create", {"title": "buy flour", "project": "bake sale"}),
                ("task.create", {"title": "borrow a table", "project": "bake sale"}),
            ],
        ),
    ],
)
def test_a_task_put_on_someone_counts_timers_and_lists_said_short(
    said: str, expected: list[tuple[str, dict[str, object]]]
) -> None:
    assert read_after(said, CONTEXT) == expected


def test_a_new_task_put_on_someone_is_still_the_models() -> None:
    assert not parse_after("put buy string on Idris", CONTEXT, None).is_complete


def test_who_offered_and_just_wanting_to_know_are_asides() -> None:
    assert read_after("put Marta on the cakes, she said she'd do it", CONTEXT) == [
        ("task.assign", {"task": "cakes", "assignee": "Marta"})
    ]
    assert read_after("what's overdue? don't change anything, I just want to know", CONTEXT) == [
        ("query.tasks", {"filter": "overdue"})
    ]
