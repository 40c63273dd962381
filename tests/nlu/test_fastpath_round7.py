"""What devset_natural10 (2026-11-27) showed the fast path leaving to the model: a task waiting
for another said as "can't be <done> till", "held up by", "<one> first, then <the other>", or
"has to wait for X to be done"; a task broken into steps said as "split X into:", "X needs three
things doing", "pop a step under X:". And two of its wrong changes: a question after a pause
swallowed into a reminder's text, and a new task given two deadlines in one breath. Variants of
those failures, not its sentences."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from services.nlu import ParseContext
from services.nlu.fastpath import FastPathParser
from services.nlu.llm_vet import vet
from tests.nlu.fastpath_support import complete_actions, is_left_to_the_llm, one

NOW = datetime(2026, 11, 18, 10, 0, tzinfo=ZoneInfo("Europe/London"))
CONTEXT = ParseContext(
    now=NOW,
    people=("Sam", "Priya Shah", "Jo"),
    projects=("garden",),
    tasks=("paint the shed", "fix the gate", "order the timber", "clear the gutters"),
)


@pytest.mark.parametrize(
    ("text", "task", "blocker"),
    [
        ("the shed can't be painted till the gutters have been cleared", "shed", "gutters"),
        ("the shed can't be painted until the gutters are cleared", "shed", "gutters"),
        ("paint the shed is held up by the timber", "paint the shed", "timber"),
        ("order the timber first, then fix the gate", "fix the gate", "order the timber"),
        ("order the timber first and then do the gate, in that order", "gate", "order the timber"),
        ("fixing the gate has to wait for the timber to be delivered", "gate", "timber"),
    ],
)
def test_a_task_waiting_for_another_said_as_people_say_it(text, task, blocker):
    assert complete_actions(text, CONTEXT) == [
        one("task.add_dependency", task=task, blocker=blocker)
    ]


@pytest.mark.parametrize(
    ("text", "task", "titles"),
    [
        ("split the gate into: buy hinges, rehang it", "gate", ["buy hinges", "rehang it"]),
        (
            "the shed job needs two things doing: sand it down, prime the wood",
            "shed",
            ["sand it down", "prime the wood"],
        ),
        (
            "the gate needs a couple of steps, buy a latch, oil the hinges",
            "gate",
            ["buy a latch", "oil the hinges"],
        ),
        ("pop a step under fix the gate: buy a latch", "fix the gate", ["buy a latch"]),
        ("stick a subtask on the shed: buy brushes", "shed", ["buy brushes"]),
    ],
)
def test_a_task_broken_into_steps_said_as_people_say_it(text, task, titles):
    assert complete_actions(text, CONTEXT) == [one("task.add_subtasks", task=task, titles=titles)]


@pytest.mark.parametrize(
    "text",
    [
        "the shed can't be painted till Friday",  # a time, not a task: the model decides
        "the shed can't be painted till it stops raining",
        "I'll order the timber first then have a cup of tea",  # no task to wait
    ],
)
def test_what_waits_for_no_task_is_no_dependency(text):
    assert is_left_to_the_llm(text, CONTEXT)


def test_a_question_asked_after_a_pause_is_not_part_of_the_text():
    # the question is read as its own action ("anyway" closes a sentence, since 2026-11-27),
    # never as words of the reminder
    assert complete_actions(
        "remind me at six to feed the cat, and what time is it now anyway", CONTEXT
    ) == [one("reminder.create", when="at six", text="feed the cat"), one("query.time")]
    assert is_left_to_the_llm(
        "remind me at six to feed the cat, and what time is it now anyhow, do you know", CONTEXT
    )
    # a question the grammar reads is its own action, as before
    assert complete_actions(
        "remind me at six to feed the cat, and what's the date today", CONTEXT
    ) == [
        one("reminder.create", when="at six", text="feed the cat"),
        one("query.date"),
    ]


def test_a_new_task_given_two_deadlines_at_once_is_not_run_as_parsed():
    # "write the rota for Christmas Day, due Monday": one of the two is not a deadline
    twice = FastPathParser().parse(
        "add a task to buy milk tomorrow and make it due Friday", CONTEXT
    )
    assert [a.type for a in twice.actions] == ["task.create", "task.set_due"]
    assert any("second deadline" in finding for finding in vet(twice, CONTEXT)[1])
    once = FastPathParser().parse("add a task to buy milk and make it due Friday", CONTEXT)
    assert once.is_complete and vet(once, CONTEXT)[1] == []
