"""The fast path on the classes of wrong change devset_natural3 showed (2026-11-26): variants
of each (not the dev set's sentences), and near misses that must stay with the LLM. Each case
here made a complete but wrong command before the change it tests."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from services.nlu import ParseContext
from tests.nlu.fastpath_support import PARSER, complete_actions, is_left_to_the_llm, one

CONTEXT = ParseContext(
    now=datetime(2026, 11, 18, 10, 0, tzinfo=ZoneInfo("Europe/London")),
    people=("Sam", "Priya Shah", "Jo"),
    projects=("shopping", "garden"),
    tasks=("send the invoices", "replace the door handle", "order the cake"),
)
HER = {"context": "person"}


def actions(text: str) -> list[dict[str, Any]]:
    return complete_actions(text, CONTEXT)


UNDERSTOOD = [
    # "I'm on ...", "we're starting ...": a task the store knows
    ("we're starting the invoices", [one("task.start", task="invoices")]),
    # one priority said for two tasks is for both
    (
        "make the invoices and the cake urgent",
        [
            one("task.set_priority", task="invoices", priority="urgent"),
            one("task.set_priority", task="cake", priority="urgent"),
        ],
    ),
    # "no" after an action, with no question pending, takes back the value said just before
    (
        "move the invoices to Saturday, no, Sunday",
        [one("task.set_due", task="invoices", due="Sunday")],
    ),
    (
        "add a task to pick up the cake due Friday, no, Saturday",
        [one("task.create", title="pick up the cake", due="Saturday")],
    ),
    # "one" with a length of time is a timer, never a task called "twenty minutes"
    (
        "cancel the pasta timer, then start one for twenty minutes",
        [one("timer.cancel", label="pasta"), one("timer.start", duration="twenty minutes")],
    ),
    # a timer's name said before its length
    (
        "set a timer called pasta for twelve minutes",
        [one("timer.start", label="pasta", duration="twelve minutes")],
    ),
    # "let X know to ..." is the message "...", as "tell X to ..." is
    ("let Jo know to bring the ladder", [one("message.send", to="Jo", text="bring the ladder")]),
    # a clock time said on its own after a day is that day's time
    (
        "push the invoices to the third of December, at four",
        [one("task.set_due", task="invoices", due="the third of December at four")],
    ),
    # "another one for me to ...": a second new task, with who does it
    (
        "add a task for Jo to wash the van and another one for me to hoover it out",
        [
            one("task.create", title="wash the van", assignee="Jo"),
            one("task.create", title="hoover it out", assignee="me"),
        ],
    ),
    # "the whole thing" is the task just named
    (
        "add a task to clear the loft and give the whole thing to Sam",
        [one("task.create", title="clear the loft", assignee="Sam")],
    ),
    # more ways of saying a few plain requests
    ("Undo that last change.", [one("undo")]),
    ("undue that", [one("undo")]),
    ("bumped the cake to Friday", [one("task.set_due", task="cake", due="Friday")]),
    ("can I get a quick rundown of what Jo's got on", [one("report.summary", assignee="Jo")]),
    ("Timer, ten minutes, pasta.", [one("timer.start", duration="ten minutes", label="pasta")]),
    ("how many to-dos have I got", [one("query.count", assignee="me")]),
    ("clear out all the garden jobs", [one("task.delete_all", project="garden")]),
    # two words of a known name heard as one
    ("give the doorhandle to Jo", [one("task.assign", task="door handle", assignee="Jo")]),
    # a "yeah?" or "OK?" after a request asks for nothing
    (
        "remind me in ten minutes to check the oven, okay?",
        [one("reminder.create", text="check the oven", when="in ten minutes")],
    ),
    # "call it ..." after a timer names the timer
    (
        "start a timer for twenty minutes and call it pasta",
        [one("timer.start", duration="twenty minutes", label="pasta")],
    ),
    # a reminder about the task just made says what it is called
    (
        "add a task to renew the passport, due Friday, and remind me about it three days "
        "before it's due",
        [
            one("task.create", title="renew the passport", due="Friday"),
            one(
                "reminder.create",
                [0],
                text="renew the passport",
                before="three days",
                task={"result_of": 0},
            ),
        ],
    ),
    # the asking is not the message
    (
        "let Jo know, will you? Just say the keys are under the mat",
        [one("message.send", to="Jo", text="the keys are under the mat")],
    ),
    # a known name a recogniser split in two, or two words of a known task it joined
    (
        "remind me to ring pri ya at noon",
        [one("reminder.create", text="ring Priya", when="at noon")],
    ),
    ("add a task to oil the doorhandle", [one("task.create", title="oil the door handle")]),
    # a list said then its item stays one new task
    ("shopping list: oat milk", [one("task.create", title="oat milk", project="shopping")]),
    # "called" misheard as "cold" after "project" or "list"
    ("new list cold camping gear", [one("project.create", name="camping gear")]),
    # a timer said first, then how long; "oops" before a request
    ("Timer, forty minutes.", [one("timer.start", duration="forty minutes")]),
    ("Whoops. Undo that.", [one("undo")]),
    # a message ends where the next request begins, not on its "and"
    (
        "Tell Jo the car is booked for Monday and, um, give her the invoices as well.",
        [
            one("message.send", to="Jo", text="the car is booked for Monday"),
            one("task.assign", assignee="Jo", task="invoices"),
        ],
    ),
    # only a reminder's text is checked for "that day to ...": a message may open on "morning"
    (
        "tell Jo morning practice is off",
        [one("message.send", to="Jo", text="morning practice is off")],
    ),
    # "in the morning" is when, not where
    (
        "schedule a meeting with Sam on Friday at ten in the morning",
        [one("meeting.schedule", attendees=["Sam"], when="Friday at ten in the morning")],
    ),
    # a new list's name said split, as a title is mended
    ("new project gar den tools", [one("project.create", name="garden tools")]),
    # one detail said two ways is set once
    (
        "new task, mend the shed door, no rush, low priority",
        [one("task.create", title="mend the shed door", priority="low")],
    ),
    # a new task taken back for another said whole ("add one to ..." is read since 2026-11-30
    # 05:06, as "no, add a task to ..." was: the one said after "no" is the one meant)
    (
        "add a task to pick up the cake, no, add one to order the flowers",
        [one("task.create", title="order the flowers")],
    ),
    # two tasks given one priority each, the verb said once (never the last priority for both)
    (
        "set the door handle to high and the cake to medium",
        [
            one("task.set_priority", task="door handle", priority="high"),
            one("task.set_priority", task="cake", priority="medium"),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), UNDERSTOOD)
def test_understood(text: str, expected: list[dict[str, Any]]) -> None:
    assert actions(text) == expected


LEFT_TO_THE_LLM = [
    # said of anything but a known task, a statement is no request ("empty the garden list,
    # we're starting again" is read since 2026-11-27 21:15: the statement is why the list is
    # cleared, as the 8 dev-set lines that say so have it; test_fastpath_round18.py)
    "I'm on holiday",
    "I'm doing the accounts tonight",
    # a priority word is no task's title
    "Garden list. High.",
    # ("remind me at half three that day to ..." is read since 2026-11-27 as the day said before
    # it: test_fastpath_round11.py; "add X under the door handle task" since 2026-11-28 as a new
    # task under that one, as the dev sets' writers mean it: test_fastpath_round22.py)
    # quoted titles cut where the grammar's commas do not
    "Add 'clear the loft' to the garden list, Jo's on it, then 'hire a skip' as a subtask of it",
    # taken back with nothing said instead, or with more than a value
    "add a task to pick up the cake, no",
]


@pytest.mark.parametrize("text", LEFT_TO_THE_LLM)
def test_left_to_the_llm(text: str) -> None:
    assert is_left_to_the_llm(text, CONTEXT)


def test_an_answer_to_a_pending_question_still_counts() -> None:
    pending = ParseContext(
        now=CONTEXT.now, people=CONTEXT.people, tasks=CONTEXT.tasks, is_confirmation_pending=True
    )
    command = PARSER.parse("yes", pending)
    assert [a.to_dict() for a in command.actions] == [one("confirm", answer=True)]


def test_a_note_to_a_list_is_not_a_note_saying_the_list():
    """ "note to the shopping list" (Whisper's "and note ..." for "add milk ...") names a list,
    not what a note says: not a task titled "the shopping list"."""
    for said in ("Note to the shopping list.", "and note to the shopping lists."):
        assert is_left_to_the_llm(said, CONTEXT), said
    assert actions("note to call the plumber") == [one("task.create", title="call the plumber")]


def test_a_name_heard_as_two_words_is_read_once_the_words_fail():
    context = ParseContext(now=CONTEXT.now, people=("Tariq",), tasks=("fix the gate",))
    assert complete_actions("give the gate to ta reek", context) == [
        one("task.assign", task="gate", assignee="Tariq")
    ]


def test_a_known_title_holding_a_clause_word_is_still_a_name():
    """ "till" opens a clause ("... till Friday"), but "the till printer" beside the open task
    "till printer" is that task."""
    context = ParseContext(now=CONTEXT.now, people=("Sam",), tasks=("till printer", "fix the gate"))
    assert complete_actions("give the till printer to Sam", context) == [
        one("task.assign", task="till printer", assignee="Sam")
    ]
    assert complete_actions("mark the till printer done", context) == [
        one("task.complete", task="till printer")
    ]
    # without such a task "till" still opens a clause, not a name
    assert is_left_to_the_llm("give the gate to Sam till Friday", context)
