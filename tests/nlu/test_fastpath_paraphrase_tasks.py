"""The fast path on everyday ways of talking about tasks: said indirectly, as statements, or
several at once. The sentences are variants of the dev set's families, not its sentences."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from services.nlu import ParseContext
from services.nlu.fields import known_task, participles, statement_title, verb_of
from tests.nlu.fastpath_support import PARSER, complete_actions, one

CONTEXT = ParseContext(
    now=datetime(2026, 11, 18, 10, 0, tzinfo=ZoneInfo("Europe/London")),
    people=("Sam", "Alex", "Jo", "Priya Shah", "Mum", "Dad"),
    projects=("launch", "shopping", "garden"),
    tasks=("paint the fence", "catering", "testing", "send the invoices", "order the cake"),
)


def actions(text: str, context: ParseContext = CONTEXT) -> list[dict[str, Any]]:
    return complete_actions(text, context)


INDIRECT_CREATES = [
    ("don't let me forget to call the plumber", one("task.create", title="call the plumber")),
    (
        "I should probably book the dentist by Friday",
        one("task.create", title="book the dentist", due="Friday"),
    ),
    ("we ought to clear the loft", one("task.create", title="clear the loft")),
    (
        "I've got to renew the insurance at some point",
        one("task.create", title="renew the insurance"),
    ),
    (
        "add a task to clean the oven whenever I get a chance",
        one("task.create", title="clean the oven", priority="low"),
    ),
    (
        "make a note that the boiler needs servicing",
        one("task.create", title="service the boiler"),
    ),
    (
        "jot down that the van needs an oil change",
        one("task.create", title="the van needs an oil change"),
    ),
    (
        "make a note for Sam to feed the cat",
        one("task.create", title="feed the cat", assignee="Sam"),
    ),
    (
        "Alex has to tidy the garage by Sunday",
        one("task.create", title="tidy the garage", assignee="Alex", due="Sunday"),
    ),
    ("Mum ought to ring the vet", one("task.create", title="ring the vet", assignee="Mum")),
    (
        "there's a new job for the garden: mow the lawn",
        one("task.create", title="mow the lawn", project="garden"),
    ),
    (
        "we've run out of milk, add it to the shopping list",
        one("task.create", title="milk", project="shopping"),
    ),
    (
        "I'm out of teabags so stick them on the shopping list",
        one("task.create", title="teabags", project="shopping"),
    ),
    (
        "bung tea bags on the shopping list",
        one("task.create", title="tea bags", project="shopping"),
    ),
    (
        "whack ring the bank on my to-do list",
        one("task.create", title="ring the bank", assignee="me"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), INDIRECT_CREATES)
def test_tasks_said_indirectly(text: str, expected: dict[str, Any]) -> None:
    assert actions(text) == [expected]


STATEMENTS = [
    ("the fence is painted", [one("task.complete", task="fence")]),
    ("the invoices have been sent", [one("task.complete", task="invoices")]),
    (
        "the cake's ordered and the catering is sorted",
        [one("task.complete", task="cake"), one("task.complete", task="catering")],
    ),
    ("the cake isn't ordered yet", [one("task.reopen", task="cake")]),
    (
        "the cake wasn't actually ordered, put it back on the list",
        [one("task.reopen", task="cake")],
    ),
    ("forget about the cake", [one("task.cancel", task="cake")]),
    (
        "drop the catering, we don't need it any more",
        [one("task.cancel", task="catering")],
    ),
    ("ditch the testing task altogether", [one("task.delete", task="testing")]),
    ("Jo's handling the catering now", [one("task.assign", task="catering", assignee="Jo")]),
    (
        "Alex is going to do the catering and the testing",
        [
            one("task.assign", task="catering", assignee="Alex"),
            one("task.assign", task="testing", assignee="Alex"),
        ],
    ),
    (
        "take the catering off Jo and hand it to Sam",
        [one("task.assign", task="catering", assignee="Sam")],
    ),
    ("pull the testing forward to Monday", [one("task.set_due", task="testing", due="Monday")]),
    ("the catering can move to next week", [one("task.set_due", task="catering", due="next week")]),
    (
        "the invoices must be sent by Friday",
        [one("task.set_due", task="invoices", due="Friday")],
    ),
    # a deadline said as what someone wants done by when
    ("let's have the testing done by Monday", [one("task.set_due", task="testing", due="Monday")]),
    ("we'd like the invoices sent by Friday", [one("task.set_due", task="invoices", due="Friday")]),
    (
        "she'll need it finished by Thursday week",
        [one("task.set_due", task={"context": "task"}, due="Thursday week")],
    ),
    (
        "the catering is not that important",
        [one("task.set_priority", task="catering", priority="low")],
    ),
    ("no hurry on the fence", [one("task.set_priority", task="fence", priority="low")]),
    (
        "the testing can wait, no rush on it",
        [one("task.set_priority", task="testing", priority="low")],
    ),
    (
        "the fence is seriously urgent, because the dog gets out",
        [one("task.set_priority", task="fence", priority="urgent")],
    ),
    (
        "the fence is very important, the neighbours keep complaining",
        [one("task.set_priority", task="fence", priority="high")],
    ),
    (
        "this one's really urgent",
        [one("task.set_priority", task={"context": "task"}, priority="urgent")],
    ),
    (
        "rename the cake task birthday cake",
        [one("task.rename", task="cake", title="birthday cake")],
    ),
    (
        "we can't start the testing until the invoices are sent",
        [one("task.add_dependency", task="testing", blocker="invoices")],
    ),
    (
        "the testing can't begin until the fence is painted",
        [one("task.add_dependency", task="testing", blocker="fence")],
    ),
    (
        "the fence painting is blocking the testing",
        [one("task.add_dependency", task="testing", blocker="fence")],
    ),
    ("everything Jo had can go to Sam", [one("task.reassign_all", source="Jo", assignee="Sam")]),
    (
        "move all her tasks to Jo",
        [one("task.reassign_all", source={"context": "person"}, assignee="Jo")],
    ),
    ("kick off the catering", [one("task.start", task="catering")]),
    ("let's get started on the fence", [one("task.start", task="fence")]),
    ("I've begun working on the catering", [one("task.start", task="catering")]),
    ("I'm all done with the testing", [one("task.complete", task="testing")]),
    ("clear the shopping list out", [one("task.delete_all", project="shopping")]),
]


@pytest.mark.parametrize(("text", "expected"), STATEMENTS)
def test_changes_said_as_statements(text: str, expected: list[dict[str, Any]]) -> None:
    assert actions(text) == expected


SEVERAL = [
    (
        "make a holiday list with towels and sun cream on it",
        [
            one("project.create", name="holiday"),
            one("task.create", [0], title="towels", project={"result_of": 0}),
            one("task.create", [0], title="sun cream", project={"result_of": 0}),
        ],
    ),
    (
        "start a party project and add balloons and cake to it",
        [
            one("project.create", name="party"),
            one("task.create", [0], title="balloons", project={"result_of": 0}),
            one("task.create", [0], title="cake", project={"result_of": 0}),
        ],
    ),
    (
        "create a move house project, then add a task to book the van",
        [
            one("project.create", name="move house"),
            one("task.create", [0], title="book the van", project={"result_of": 0}),
        ],
    ),
    (
        "add a garden task to buy seeds for Mum by Friday, then another to sow them that "
        "waits on it",
        [
            one("task.create", title="buy seeds", project="garden", assignee="Mum", due="Friday"),
            one("task.create", title="sow them", project="garden"),
            one("task.add_dependency", [0, 1], task={"result_of": 1}, blocker={"result_of": 0}),
        ],
    ),
    (
        "add a task to draft the agenda for Jo due Monday, another to book the room for Sam "
        "due Tuesday and make the room wait on the agenda",
        [
            one("task.create", title="draft the agenda", assignee="Jo", due="Monday"),
            one("task.create", title="book the room", assignee="Sam", due="Tuesday"),
            one("task.add_dependency", [0, 1], task={"result_of": 1}, blocker={"result_of": 0}),
        ],
    ),
    (
        "add a task to call Bob and one to email Sue",
        [one("task.create", title="call Bob"), one("task.create", title="email Sue")],
    ),
    (
        "add a task to call the caterer and mark the catering done",
        [one("task.create", title="call the caterer"), one("task.complete", task="catering")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), SEVERAL)
def test_several_changes_at_once(text: str, expected: list[dict[str, Any]]) -> None:
    assert actions(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "the car's fixed",  # no such task: a remark, or a task the LLM must find
        "the fence is broken",  # a state, but not the task's own verb done
        "the cake is burnt",
        "the cake isn't iced",
        "Sam can't start until Monday",  # a person, not a task
        "call Sam about the catering task tomorrow",
        "the weather is really important",
        "Jo's on holiday",
        "Sam's looking after the kids",
        "forget about it",  # "never mind", not a task
        "I should be home by 6",
        "I should really go to bed",  # what I mean to do now, not a task
        "put towels in it",  # no project made before
        "the dog keeps barking",  # a reason with nothing before it
        "mark the fence done, we're not doing the patio after all",
        "another to sow the seeds",  # "another" with no task before it
        "add a quick task to call Bob",  # "quick" is no project
        "add milk to the shopping list and one for the garden",
        "add milk to the shopping list, one more thing, what's the weather",
        "add a task to buy flowers for Sarah by Friday",  # Sarah unknown: who, or for whom?
        "break the catering down into steps",
    ],
)
def test_unsure_statements_are_left_to_the_llm(text: str) -> None:
    command = PARSER.parse(text, CONTEXT)
    assert not command.is_complete, command


def test_someone_needs_to_do_a_known_task_is_theirs() -> None:
    # (left to the model until the session of 2026-11-29 15:28: of a task the store has, both
    # dev-set writers who said it so meant it given, "deaf needs to do the leaving gift")
    assert actions("Sam needs to handle the fence") == [
        one("task.assign", assignee="Sam", task="fence")
    ]
    # no such task: the model's
    assert not PARSER.parse("Sam needs to handle the new shed", CONTEXT).is_complete


def test_for_a_person_stays_in_the_title_without_a_task_said_as_one() -> None:
    assert actions("remember to buy a card for Dad by Friday") == [
        one("task.create", title="buy a card for Dad", due="Friday")
    ]


def test_known_task_reads_a_noun_of_the_tasks_verb() -> None:
    assert known_task("the fence", CONTEXT) == "fence"
    assert known_task("the cake ordering", CONTEXT) == "cake"
    assert known_task("ordering the cake", CONTEXT) == "cake"
    assert known_task("the car", CONTEXT) is None


@pytest.mark.parametrize(
    ("said", "title"),
    [
        ("the hose needs replacing", "replace the hose"),
        ("gutters need cleaning", "clean the gutters"),
        ("the hedge needs cutting", "cut the hedge"),
        ("the car needs an MOT", "the car needs an MOT"),
        ("the cat needs flubbing", "the cat needs flubbing"),  # an unknown verb stays as said
    ],
)
def test_statement_titles(said: str, title: str) -> None:
    assert statement_title(said) == title


def test_verb_of() -> None:
    assert verb_of("servicing") == "service"
    assert verb_of("mowing") == "mow"
    assert verb_of("zorbing") is None


def test_participles() -> None:
    assert "booked" in participles("book")
    assert "written" in participles("write")
    assert "tidied" in participles("tidy")
    assert "planned" in participles("plan")
    assert "replaced" in participles("replace")
