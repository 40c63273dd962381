"""The fast path on the families of phrasing of the devset_llm m* round: variants of each
family (not the dev set's sentences), and near misses that must stay with the LLM."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from services.nlu import ParseContext
from tests.nlu.fastpath_support import PARSER, complete_actions, one

CONTEXT = ParseContext(
    now=datetime(2026, 11, 18, 10, 0, tzinfo=ZoneInfo("Europe/London")),
    people=("Sam", "Alex", "Jo", "Priya Shah", "Mum", "Dad"),
    projects=("launch", "shopping", "garden"),
    tasks=("paint the fence", "catering", "testing", "send the invoices", "order the cake"),
)


def actions(text: str, context: ParseContext = CONTEXT) -> list[dict[str, Any]]:
    return complete_actions(text, context)


IT = {"context": "task"}
HER = {"context": "person"}

UNDERSTOOD = [
    # a yes-word opening a sentence, with no question pending, is not an answer
    ("Yeah, I've started on the invoices", [one("task.start", task="invoices")]),
    ("right, so we need to fix the gutter", [one("task.create", title="fix the gutter")]),
    ("scratch that, the testing's finished", [one("task.complete", task="testing")]),
    ("no, undo that", [one("undo")]),
    ("oh no, undo that", [one("undo")]),
    # question tags and shrugs after the request
    ("add a task to wash the car, would you", [one("task.create", title="wash the car")]),
    (
        "we should sweep the patio, add that could you",
        [one("task.create", title="sweep the patio")],
    ),
    (
        "I need to clean the gutters by Sunday, can you make that a task",
        [one("task.create", title="clean the gutters", due="Sunday")],
    ),
    (
        "we have to book the vet, stick that down as a to-do",
        [one("task.create", title="book the vet")],
    ),
    (
        "gotta remember to post the parcel tomorrow, you know",
        [one("task.create", title="post the parcel", due="tomorrow")],
    ),
    ("mental note, renew the passport", [one("task.create", title="renew the passport")]),
    ("new task, defrost the freezer", [one("task.create", title="defrost the freezer")]),
    # a full stop ends a sentence
    (
        "Add a task to buy stamps. Make it high priority.",
        [one("task.create", title="buy stamps", priority="high")],
    ),
    ("add a task to ring Dr. Patel", [one("task.create", title="ring Dr. Patel")]),
    # lists said without "list", when the store knows them
    (
        "we've run out of bin bags, could you put them on the shopping",
        [one("task.create", title="bin bags", project="shopping")],
    ),
    # changes
    (
        "Sam can take over the testing from now on",
        [one("task.assign", task="testing", assignee="Sam")],
    ),
    (
        "knock the catering down to low priority",
        [one("task.set_priority", task="catering", priority="low")],
    ),
    ("bump it up to urgent", [one("task.set_priority", task=IT, priority="urgent")]),
    (
        "shift the catering along to Thursday",
        [one("task.set_due", task="catering", due="Thursday")],
    ),
    ("put the testing down as in progress", [one("task.start", task="testing")]),
    ("set the catering back as open again", [one("task.reopen", task="catering")]),
    ("make that Sam's job", [one("task.assign", task=IT, assignee="Sam")]),
    ("make the catering Alex's", [one("task.assign", task="catering", assignee="Alex")]),
    (
        "give him the invoices too",
        [one("task.assign", task="invoices", assignee={"context": "person"})],
    ),
    (
        "have the testing wait until the catering's done",
        [one("task.add_dependency", task="testing", blocker="catering")],
    ),
    (
        "the testing can't start till the catering's sorted",
        [one("task.add_dependency", task="testing", blocker="catering")],
    ),
    (
        "turns out the catering isn't done, mark it open",
        [one("task.reopen", task="catering")],
    ),
    # asides after a change
    (
        "move the testing to Friday, there's no hurry",
        [one("task.set_due", task="testing", due="Friday")],
    ),
    ("tick it off, she's already sent them", [one("task.complete", task=IT)]),
    ("cancel the catering, we've decided against it", [one("task.cancel", task="catering")]),
    # chains of "it": the task first named
    (
        "move the testing to Monday, make it urgent and give it to Jo",
        [
            one("task.set_due", task="testing", due="Monday"),
            one("task.set_priority", [0], task={"result_of": 0}, priority="urgent"),
            one("task.assign", [0], task={"result_of": 0}, assignee="Jo"),
        ],
    ),
    # statements about a known task
    (
        "honestly, the testing isn't a priority",
        [one("task.set_priority", task="testing", priority="low")],
    ),
    (
        "the invoices are something of an emergency",
        [one("task.set_priority", task="invoices", priority="urgent")],
    ),
    (
        "let's say the cake needs ordering by Friday",
        [one("task.set_due", task="cake", due="Friday")],
    ),
    # misheard command words
    ("start a time for twenty minutes", [one("timer.start", duration="twenty minutes")]),
    (
        "Add a task to buy bread. Do tomorrow.",
        [one("task.create", title="buy bread", due="tomorrow")],
    ),
    (
        "book Alex in with me on Monday at ten for thirty five minutes",
        [
            one(
                "meeting.schedule",
                attendees=["Alex"],
                when="Monday at ten",
                duration="thirty-five minutes",
            )
        ],
    ),
    # misheard names the store's spelling mends
    ("tick off the cattering", [one("task.complete", task="catering")]),
    ("cancel the tasting", [one("task.cancel", task="testing")]),
    ("hand the catering to Alec", [one("task.assign", task="catering", assignee="Alex")]),
    # who does a new task, said after it
    (
        "put down prune the roses for the garden, that one's Mum's job",
        [one("task.create", title="prune the roses", project="garden", assignee="Mum")],
    ),
    (
        "add a task to sand the door, it's Alex's responsibility",
        [one("task.create", title="sand the door", assignee="Alex")],
    ),
    # a known project said first, then one new task for it
    (
        "For the garden, someone has to rake the leaves by Sunday",
        [one("task.create", title="rake the leaves", due="Sunday", project="garden")],
    ),
    (
        "shopping stuff: Mum needs to pick up the eggs",
        [one("task.create", title="pick up the eggs", assignee="Mum", project="shopping")],
    ),
    (
        "put descale the kettle on my list",
        [one("task.create", title="descale the kettle", assignee="me")],
    ),
    # what happened, said after a change
    (
        "move the catering to Monday, the florist has let us down",
        [one("task.set_due", task="catering", due="Monday")],
    ),
    # British "half six" before what to do; "on" that belongs to the verb
    (
        "give me a shout at half six to feed the cat",
        [one("reminder.create", text="feed the cat", when="at half six")],
    ),
    (
        "remind me to switch the heating on tomorrow",
        [one("reminder.create", text="switch the heating on", when="tomorrow")],
    ),
    (
        "add a task to put the sprinkler on at 7pm",
        [one("task.create", title="put the sprinkler on", due="at 7pm")],
    ),
    # schedule and questions
    (
        "set a reminder for Alex tomorrow to book the van",
        [one("reminder.create", text="book the van", when="tomorrow", person="Alex")],
    ),
    ("run a timer for ten minutes", [one("timer.start", duration="ten minutes")]),
    ("how's the pasta timer getting on", [one("timer.query", label="pasta")]),
    (
        "what's Sam working on, and is there anything due today",
        [one("query.tasks", assignee="Sam"), one("query.tasks", filter="today")],
    ),
    ("how is Jo getting on with her jobs", [one("report.summary", assignee="Jo")]),
    ("give me a rundown of his workload", [one("report.summary", assignee={"context": "person"})]),
    ("a summary of Sam's tasks", [one("report.summary", assignee="Sam")]),
    ("is Jo swamped right now", [one("report.summary", assignee="Jo")]),
    ("is she up to her eyes at the moment", [one("report.summary", assignee=HER)]),
]


@pytest.mark.parametrize(("text", "expected"), UNDERSTOOD)
def test_round2_families(text: str, expected: list[dict[str, Any]]) -> None:
    assert actions(text) == expected


LEFT_TO_THE_LLM = [
    "Right, so the thing with the boiler",  # an opening, then nothing the rules read
    "add a task to plan the party and break it into steps",  # steps the LLM must think of
    "do Friday",  # "due" only as a sentence after a request
    "set a time for the meeting",  # not a length of time: no timer
    "the catering's an emergency, the weather",  # a remark that is no reason
    "the gate isn't a priority",  # not a task the store knows
    "set a reminder for Bob to chase the invoice",  # a person the store does not know
    "make it tomorrow's",  # not a person
    "we've run out of milk, add it to the fridge",  # no list and no known project
    "mark it done, the weather is nice",  # a remark that is no reason
    "is Sam around",  # not about work
    "add that",  # nothing before it to add
    "For the fence, call the painter",  # not a project the store knows
    "for the launch, tell Sam and book the venue",  # more than one new task
    "is the server overloaded",  # not a person
    "is Bob snowed under",  # someone the store does not know
    "the van has broken down",  # what happened, with no change before it
    "add tea to the list",  # which list
    "give him the news",  # not a task the store knows
    "Sam can take over from here",  # takes over what
    "put down a deposit on the venue",  # an idiom, not "note down"
    "add a task to fix the drain, it's the council's job",  # not someone the store knows
    # ("what's left on the gardin project" is read as the garden since 2026-11-27: a list
    # misheard a letter or a sound away is the store's, test_fastpath_round12.py)
    "remind me to call Jo, add that",  # "add that" follows only a new task
    "remind me to call Jo, make that a task",
]


@pytest.mark.parametrize("text", LEFT_TO_THE_LLM)
def test_round2_near_misses_stay_incomplete(text: str) -> None:
    command = PARSER.parse(text, CONTEXT)
    assert not command.is_complete or not command.actions, (text, command.actions)


def test_yes_before_a_request_still_answers_a_pending_question() -> None:
    pending = ParseContext(now=CONTEXT.now, people=CONTEXT.people, is_confirmation_pending=True)
    got = actions("yes, and start the testing", pending)
    assert got[0] == one("confirm", answer=True)
    got = actions("never mind, start the testing", pending)
    assert got[0] == one("cancel")
    assert actions("no, undo that", pending) == [one("confirm", answer=False), one("undo")]


def test_a_no_that_says_more_than_no_is_not_dropped() -> None:
    command = PARSER.parse("no, don't start the testing", CONTEXT)
    assert not any(action.type == "task.start" for action in command.actions), command.actions


def test_a_name_that_sounds_like_a_known_task_but_is_not_mended_goes_to_the_llm() -> None:
    context = ParseContext(now=CONTEXT.now, tasks=("fix the gate", "order flowers"))
    for text in ("delete the gait task", "mark the gait done"):
        command = PARSER.parse(text, context)
        assert not command.is_complete, text
    assert actions("delete the shed task", context) == [one("task.delete", task="shed")]
