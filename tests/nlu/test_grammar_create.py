"""New tasks in the fast path's grammar (``task.create`` of services/nlu/domain.yaml): what
it reads, with each detail said in the same clause, and what it must leave to the model."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from services.nlu import ParseContext, grammar
from services.nlu.fastpath import FastPathParser

CONTEXT = ParseContext(
    now=datetime(2026, 11, 18, 10, 0, tzinfo=ZoneInfo("Europe/London")),
    people=("Sam", "Jo", "Alex", "Dad", "Priya Shah"),
    projects=("launch", "website", "garden"),
    tasks=("book the venue", "order the catering"),
)


def _read(text: str) -> list[tuple[str, dict[str, Any]]] | None:
    got = grammar.match(text, CONTEXT)
    return None if got is None else [(piece.type, piece.params) for piece in got[1]]


def _actions(*texts: str) -> tuple[bool, list[tuple[str, dict[str, Any]]]]:
    command = FastPathParser().parse(" ".join(texts), CONTEXT)
    return command.is_complete, [(action.type, action.params) for action in command.actions]


@pytest.mark.parametrize(
    ("text", "params"),
    [
        ("add a task to book the hall for the launch project",
         {"title": "book the hall", "project": "launch"}),
        ("add a task to call the plumber tomorrow at 9",
         {"title": "call the plumber", "due": "tomorrow at 9"}),
        ("add a low priority task to paint the shed",
         {"title": "paint the shed", "priority": "low"}),
        ("add an urgent task to fix the leak", {"title": "fix the leak", "priority": "urgent"}),
        ("create a task called update the website due next Monday",
         {"title": "update the website", "due": "next Monday"}),
        ("new task: renew passport", {"title": "renew passport"}),
        ("add a task for Sam to send the invoices by Friday",
         {"title": "send the invoices", "assignee": "Sam", "due": "Friday"}),
        ("add a task to review the contract assigned to Jo due on the 3rd",
         {"title": "review the contract", "assignee": "Jo", "due": "the 3rd"}),
        ("add a task to clean the gutters in the garden project with low priority",
         {"title": "clean the gutters", "project": "garden", "priority": "low"}),
        ("add a task to email the landlord tagged home and admin",
         {"title": "email the landlord", "tags": ["home", "admin"]}),
        ("add a launch task to write the FAQ for Jo due Monday",
         {"title": "write the FAQ", "project": "launch", "assignee": "Jo", "due": "Monday"}),
        ("put a task in the garden project to buy compost for Dad by Saturday",
         {"title": "buy compost", "project": "garden", "assignee": "Dad", "due": "Saturday"}),
        ("there's a new to-do for the garden: prune the roses",
         {"title": "prune the roses", "project": "garden"}),
        ("add a task to tidy the shed whenever", {"title": "tidy the shed", "priority": "low"}),
        ("add a task to get the boiler serviced sometime next week",
         {"title": "get the boiler serviced", "due": "next week"}),
        # "for Dad" with no deadline beside it: for whom, said in the title
        ("add a task to buy a birthday card for Dad", {"title": "buy a birthday card for Dad"}),
        ("add a job for me to clear the gutters", {"title": "clear the gutters", "assignee": "me"}),
    ],
)  # fmt: skip
def test_a_new_task_said_as_one_is_read_with_its_details(text: str, params: dict) -> None:
    assert _read(text) == [("task.create", params)]


@pytest.mark.parametrize(
    "text",
    [
        "is there a task to call the bank",  # a question
        "what's the task to call the bank",
        "add a task to call the bank tomorrow about the boiler",  # a time inside the title
        "add a task to call the bank and book the venue",  # two tasks said together
        "add a task to call the bank and remind me at 5",  # a second request
        "add a task to call the bank due Friday due Monday",  # a detail said twice
        "add a high priority task to call the bank with low priority",
        "add a task to it",  # no title
        "add a task to the shopping list",  # where it goes, and no title
        "add an item to my list",
        "add a task for Bob to call the bank",  # someone the store does not know
        "add a task to call the bank and break it into steps",  # a request about it
        "add a task to Sam",  # a person, not a title
        "add a task to by new tyres",  # misheard: "by" opens no title
        "add a task to call the bank for the shopping",  # "the shopping" is no list it knows
    ],
)
def test_what_is_not_one_whole_new_task_is_left_alone(text: str) -> None:
    got = _read(text)
    assert got is None or got[0][0] != "task.create" or text.endswith("for the shopping"), got
    if text.endswith("for the shopping"):  # read, but "the shopping" stays in the title
        assert got == [("task.create", {"title": "call the bank for the shopping"})]


def test_two_new_tasks_said_together_stay_two() -> None:
    is_complete, actions = _actions(
        "add a task to call the bank due Friday", "and a task to book the hall for Jo by Monday"
    )
    assert not is_complete or actions == [
        ("task.create", {"title": "call the bank", "due": "Friday"}),
        ("task.create", {"title": "book the hall", "assignee": "Jo", "due": "Monday"}),
    ]
    assert (
        "task.create",
        {"title": "call the bank due Friday and a task to book the hall"},
    ) not in actions


def test_a_new_task_in_the_project_just_made() -> None:
    is_complete, actions = _actions(
        "create a project called move, add a task to it to book the van"
    )
    assert is_complete
    assert actions == [
        ("project.create", {"name": "move"}),
        ("task.create", {"title": "book the van", "project": {"result_of": 0}}),
    ]


def test_a_new_task_in_it_with_no_project_made_is_not_understood() -> None:
    is_complete, _actions_made = _actions("add a task to it to book the van")
    assert not is_complete


@pytest.mark.parametrize(
    ("text", "params"),
    [
        ("I need to call the bank tomorrow", {"title": "call the bank", "due": "tomorrow"}),
        ("we need to order more chairs for the launch project",
         {"title": "order more chairs", "project": "launch"}),
        ("remember to buy a birthday card for Dad", {"title": "buy a birthday card for Dad"}),
        ("don't let me forget to renew the passport", {"title": "renew the passport"}),
        ("I should really sort out the tax return before the end of the month",
         {"title": "sort out the tax return", "due": "the end of the month"}),
        ("I've got to pick up the dry cleaning at some point",
         {"title": "pick up the dry cleaning"}),
        ("gotta remember to return the library books on Saturday",
         {"title": "return the library books", "due": "Saturday"}),
        ("I need to get the boiler serviced sometime next week",
         {"title": "get the boiler serviced", "due": "next week"}),
        ("note to self: cancel the gym", {"title": "cancel the gym"}),
    ],
)  # fmt: skip
def test_a_thing_i_need_to_do_is_a_new_task(text: str, params: dict) -> None:
    assert _read(text) == [("task.create", params)]


@pytest.mark.parametrize(
    "text",
    [
        "I should be there by 5",  # a state, not a thing to do
        "I have to say the venue looks great",
        "I need to go now",
        "do I need to call the bank",  # a question
        "what do I need to do today",
        "I need to call the bank and book the venue",  # two tasks said together
        "I need to call the bank tomorrow and Jo has to book the hall on Friday",
        "I need to call the bank tomorrow about the boiler",  # a time inside the title
    ],
)
def test_what_is_not_a_thing_i_need_to_do_is_left_alone(text: str) -> None:
    got = _read(text)
    assert got is None or got[0][0] != "task.create", got


@pytest.mark.parametrize(
    ("text", "params"),
    [
        ("jot down that the car needs an MOT", {"title": "the car needs an MOT"}),
        ("note that the garden hose needs replacing", {"title": "replace the garden hose"}),
        ("could you make a note for Alex to water the tomatoes",
         {"title": "water the tomatoes", "assignee": "Alex"}),
        ("mental note: cancel the gym membership", {"title": "cancel the gym membership"}),
        ("make a note that I must cancel the gym membership before the 1st",
         {"title": "cancel the gym membership", "due": "the 1st"}),
        ("can you put down mulch the borders for the garden",
         {"title": "mulch the borders", "project": "garden"}),
    ],
)  # fmt: skip
def test_a_note_of_a_thing_to_do_is_a_new_task(text: str, params: dict) -> None:
    assert _read(text) == [("task.create", params)]


@pytest.mark.parametrize(
    "text",
    [
        "note it down",  # nothing noted
        "make a note of it",
        "put down the phone",  # a thing put down
        "did you make a note to call the bank",  # a question
        "note that the gate is fixed and Jo has to paint it on Friday",  # two things
        "add note to the shopping list",  # a note, not what it says (Whisper's "add milk")
        "put a note on the shopping list",
        "add a reminder",
    ],
)
def test_what_is_not_a_note_is_left_alone(text: str) -> None:
    got = _read(text)
    assert got is None or got[0][0] != "task.create", got


@pytest.mark.parametrize(
    ("text", "params"),
    [
        ("Jo ought to look at the website copy by Monday",
         {"title": "look at the website copy", "assignee": "Jo", "due": "Monday"}),
        ("Priya Shah needs to review the website copy by Friday",
         {"title": "review the website copy", "assignee": "Priya Shah", "due": "Friday"}),
        ("Alex has got to chase the unpaid invoices by Thursday",
         {"title": "chase the unpaid invoices", "assignee": "Alex", "due": "Thursday"}),
        ("get Sam to call the plumber", {"title": "call the plumber", "assignee": "Sam"}),
        ("someone has to feed the cat", {"title": "feed the cat"}),
    ],
)  # fmt: skip
def test_a_thing_a_known_person_has_to_do_is_a_new_task_for_them(text: str, params: dict) -> None:
    assert _read(text) == [("task.create", params)]


@pytest.mark.parametrize(
    "text",
    [
        "Bob needs to call the plumber",  # someone the store does not know
        "she has to call the plumber",  # a pronoun: the model may know who
        "Sam needs to handle the gate",  # taking a task on
        "Sam should be there by 5",  # a state
        "does Sam need to call the plumber",  # a question
        "who has to call the plumber",
        "Sam has to call the plumber by Friday and Jo needs to book the hall on Monday",
    ],
)
def test_what_is_not_a_new_task_for_a_known_person_is_left_alone(text: str) -> None:
    got = _read(text)
    assert got is None or got[0][0] != "task.create", got


def test_a_known_project_said_first_holds_the_new_task() -> None:
    is_complete, actions = _actions("For the website, someone has to update the contact page")
    assert is_complete
    assert actions == [("task.create", {"title": "update the contact page", "project": "website"})]


def test_another_task_is_in_the_project_of_the_one_before() -> None:
    is_complete, actions = _actions(
        "put a task in the garden project to buy compost for Dad by Saturday,",
        "then another to plant the bulbs that waits for it",
    )
    assert is_complete
    assert actions == [
        ("task.create",
         {"title": "buy compost", "project": "garden", "assignee": "Dad", "due": "Saturday"}),
        ("task.create", {"title": "plant the bulbs", "project": "garden"}),
        ("task.add_dependency", {"task": {"result_of": 1}, "blocker": {"result_of": 0}}),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "another to plant the bulbs",  # no task made before it in the command
        "add a task to buy seeds and one for the garden",  # "one for the garden": not sure
        "add a task to buy seeds, one more thing, what's due today",
    ],
)
def test_what_is_not_another_new_task_is_not_made_one(text: str) -> None:
    is_complete, actions = _actions(text)
    assert not is_complete or actions.count(("task.create", {"title": "plant the bulbs"})) == 0
    assert ("task.create", {"title": "thing"}) not in actions
    assert not any(a[1].get("title") == "the garden" for a in actions)


def test_new_tasks_in_the_project_just_made() -> None:
    is_complete, actions = _actions(
        "create a wedding project and put book the photographer and send the invitations in it"
    )
    assert is_complete
    assert actions == [
        ("project.create", {"name": "wedding"}),
        ("task.create", {"title": "book the photographer", "project": {"result_of": 0}}),
        ("task.create", {"title": "send the invitations", "project": {"result_of": 0}}),
    ]
    assert not _actions("put milk and eggs in it")[0]  # no project made before


@pytest.mark.parametrize(
    ("text", "params"),
    [
        ("add call the bank", {"title": "call the bank"}),
        ("add sort out the Christmas cards due the thirtieth",
         {"title": "sort out the Christmas cards", "due": "the thirtieth"}),
        ("add ring the council for Jo tomorrow",
         {"title": "ring the council", "assignee": "Jo", "due": "tomorrow"}),
    ],
)  # fmt: skip
def test_a_thing_said_after_a_bare_add_is_a_new_task(text: str, params: dict) -> None:
    assert _read(text) == [("task.create", params)]
    assert FastPathParser().parse(text, CONTEXT).confidence == 0.8  # a loose reading


@pytest.mark.parametrize(
    "text",
    [
        "add milk and eggs",  # more than one thing
        "add the shopping list",  # a list
        "add twelve and seven",
        "add it",
        "add Sam",  # a person
        "add call the bank by",  # a word that leads into more
    ],
)
def test_what_is_not_one_thing_after_a_bare_add_is_left_alone(text: str) -> None:
    got = _read(text)
    assert got is None or got[0][0] != "task.create", got


def test_under_a_thing_it_does_not_know_stays_in_the_title() -> None:
    assert _read("add look under the bed for the remote") == [
        ("task.create", {"title": "look under the bed for the remote"})
    ]
    assert _read("add buy stakes under garden") == [  # a list it knows
        ("task.create", {"title": "buy stakes", "project": "garden"})
    ]
