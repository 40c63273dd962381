"""The fast path on what devset_natural7 showed it missing (2026-11-26 evening): variants of each
(not the dev set's sentences), and near misses that must stay with the LLM or stay as they were.
Each understood case here was not understood, or was wrong, before the change it tests."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from services.nlu import ParseContext
from services.nlu.llm_vet import person_by_sound
from tests.nlu.fastpath_support import PARSER, complete_actions, is_left_to_the_llm, one

CONTEXT = ParseContext(
    now=datetime(2026, 11, 18, 10, 0, tzinfo=ZoneInfo("Europe/London")),
    people=("Sam", "Priya Shah", "Bartek", "Saoirse Quinn", "Jo"),
    projects=("shopping", "garden"),
    tasks=("send the invoices", "paint the shed", "order the cake", "chase the refund"),
)


def actions(text: str) -> list[dict[str, Any]]:
    return complete_actions(text, CONTEXT)


UNDERSTOOD = [
    # a filler before or after the joining word: "..., oh and ...", "..., and, um, ...", "plus"
    (
        "add eggs to the shopping list, oh and remind me to call Sam at six",
        [
            one("task.create", title="eggs", project="shopping"),
            one("reminder.create", text="call Sam", when="at six"),
        ],
    ),
    (
        "add eggs to the shopping list oh and remind me to call Sam at six",
        [
            one("task.create", title="eggs", project="shopping"),
            one("reminder.create", text="call Sam", when="at six"),
        ],
    ),
    (
        "remind me at six to feed the cat, and, um, set a timer for five minutes",
        [
            one("reminder.create", text="feed the cat", when="at six"),
            one("timer.start", duration="five minutes"),
        ],
    ),
    (
        "push the invoices to Monday, plus make the cake urgent",
        [
            one("task.set_due", task="invoices", due="Monday"),
            one("task.set_priority", task="cake", priority="urgent"),
        ],
    ),
    # "sorry", "I mean": the speaker taking back what was just said
    (
        "move the cake to Friday, sorry, Saturday",
        [one("task.set_due", task="cake", due="Saturday")],
    ),
    (
        "make the shed due Monday, no, sorry, Tuesday",
        [one("task.set_due", task="shed", due="Tuesday")],
    ),
    (
        "start the invoices, sorry, no, I mean start the shed",
        [one("task.start", task="shed")],
    ),
    (
        "add oat milk to the shopping list, sorry, I mean add rice milk to the shopping list",
        [one("task.create", title="rice milk", project="shopping")],
    ),
    # starting a task, said as what the speaker is doing
    ("I'm making a start on the refund now", [one("task.start", task="refund")]),
    ("we're getting stuck into the shed tonight", [one("task.start", task="shed")]),
    # assignments said as who has or is doing a task
    ("Jo can have the invoices", [one("task.assign", task="invoices", assignee="Jo")]),
    ("Sam's chasing the refund", [one("task.assign", task="refund", assignee="Sam")]),
    (
        "take Sam off the cake and put Jo on it",
        [one("task.assign", task="cake", assignee="Jo")],
    ),
    # a meeting "put in", "a bout" for "about"
    (
        "put a meeting in with Jo on Monday at ten about the garden",
        [one("meeting.schedule", attendees=["Jo"], when="Monday at ten", title="garden")],
    ),
    (
        "schedule a call with sam on friday at two a bout the garden",
        [one("meeting.schedule", attendees=["Sam"], when="friday at two", title="garden")],
    ),
    # a catch-up, a call or a chat names no subject: no title (the briefs the held-out and
    # natural sets' writers follow: "the topic; leave out when none said")
    (
        "book a catch-up with Jo tomorrow at nine",
        [one("meeting.schedule", attendees=["Jo"], when="tomorrow at nine")],
    ),
    (
        "book a catch-up with Jo tomorrow at nine about the garden",
        [one("meeting.schedule", title="garden", attendees=["Jo"], when="tomorrow at nine")],
    ),
    (
        "book a chat with Jo tomorrow at nine",
        [one("meeting.schedule", attendees=["Jo"], when="tomorrow at nine")],
    ),
    # the time said first, for someone else too
    (
        "on Friday remind Jo to bring the ladder",
        [one("reminder.create", when="Friday", person="Jo", text="bring the ladder")],
    ),
    (
        "at nine tomorrow, remind me to ring the bank",
        [one("reminder.create", when="at nine tomorrow", text="ring the bank")],
    ),
    # who says why, beside the change
    (
        "reopen the shed, Jo says it's still peeling, and make it high priority",
        [
            one("task.reopen", task="shed"),
            one("task.set_priority", [0], task={"result_of": 0}, priority="high"),
        ],
    ),
    # a list said as "the X to do list", run together by the recogniser
    (
        "add rake the leaves to the garden to do list",
        [one("task.create", title="rake the leaves", project="garden")],
    ),
    # "the grouting": the doing of a task made earlier in the same sentence
    (
        "add buy grout and tile the wall to the garden list, and the tiling can't start until "
        "the grout is bought",
        [
            one("task.create", title="buy grout", project="garden"),
            one("task.create", title="tile the wall", project="garden"),
            one("task.add_dependency", [0, 1], task={"result_of": 1}, blocker={"result_of": 0}),
        ],
    ),
    # "the to do list" is the speaker's own, "do" no list's name
    ("add milk to the to do list", [one("task.create", title="milk")]),
    # the surname heard after a first name matched by sound is not the message's first word
    (
        "message sir sha quinn that the van is fixed",
        [one("message.send", to="Saoirse Quinn", text="the van is fixed")],
    ),
    # a closing "for me" after a new task says whose it is; after a change it is politeness
    (
        "add a task to ring the bank for me please",
        [one("task.create", title="ring the bank", assignee="me")],
    ),
    (
        "add milk and eggs to the shopping list for me",
        [
            one("task.create", title="milk", project="shopping", assignee="me"),
            one("task.create", title="eggs", project="shopping", assignee="me"),
        ],
    ),
    (
        "add a task for Jo to collect the cake for me",
        [one("task.create", assignee="Jo", title="collect the cake")],
    ),
    ("push the cake to Friday for me", [one("task.set_due", task="cake", due="Friday")]),
    # why, said as a plain statement after a change, adds nothing
    (
        "cancel the cake, we're getting one from the bakery instead",
        [one("task.cancel", task="cake")],
    ),
    (
        "make the shed low priority, it's not going anywhere",
        [one("task.set_priority", task="shed", priority="low")],
    ),
    (
        "push the refund to Monday, I've not got the receipt till then",
        [one("task.set_due", task="refund", due="Monday")],
    ),
    # ... but a task done, said as a statement, is its own change
    (
        "cancel the cake, I've done the invoices",
        [one("task.cancel", task="cake"), one("task.complete", task="invoices")],
    ),
    # "open X back up"; a second timer with its own name
    ("open the invoices back up, they bounced", [one("task.reopen", task="invoices")]),
    (
        "set a timer for an hour called roast, plus another one for ten minutes for the eggs",
        [
            one("timer.start", duration="an hour", label="roast"),
            one("timer.start", duration="ten minutes", label="eggs"),
        ],
    ),
    (
        "set a timer for an hour and a quarter please",
        [one("timer.start", duration="an hour and a quarter")],
    ),
    ("and stick Sam on it", [one("task.assign", task={"context": "task"}, assignee="Sam")]),
    ("I've just started on the refund", [one("task.start", task="refund")]),
    # questions and summaries said other ways
    ("which tasks are overdue?", [one("query.tasks", filter="overdue")]),
    ("which jobs have been done already?", [one("query.tasks", filter="done")]),
    ("what've I got due this week?", [one("query.tasks", assignee="me", filter="this_week")]),
    ("can I get a quick summary of where everything's at?", [one("report.summary")]),
    ("give me a rundown of what's outstanding", [one("report.summary")]),
    ("give me a rundown of what Jo has on", [one("report.summary", assignee="Jo")]),
    # a name the recogniser wrote as words near the known one's sound
    ("bar tech can do the shed", [one("task.assign", task="shed", assignee="Bartek")]),
    (
        "send a message to sir sha saying the van is fixed",
        [one("message.send", to="Saoirse Quinn", text="the van is fixed")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), UNDERSTOOD)
def test_understood(text: str, expected: list[dict[str, Any]]) -> None:
    assert actions(text) == expected


LEFT_TO_THE_LLM = [
    "move the cake to Friday, sorry",  # taken back, and nothing said instead
    "cancel the cake, Jo says remind her tomorrow",  # a request, not a reason
    "Jo says it's still peeling",  # no change for it to go with
    "cancel the cake, she's doing it Friday",  # a day: maybe a second request
    "cancel the cake, I'll order the shed paint instead",  # a task's words
    "give the cake to Sam, it's Bob's job now",  # someone named
    "it's not going anywhere",  # no change for it to go with
    "sorry",  # nothing before it to take back
    "I mean start the shed",  # the same
    "Sam's painting the shed tomorrow",  # "tomorrow" may be a deadline: not dropped
    "set up a meeting with Sam tomorrow to plan the party",  # "party" is not Priya by sound
]


@pytest.mark.parametrize("text", LEFT_TO_THE_LLM)
def test_left_to_the_llm(text: str) -> None:
    got = PARSER.parse(text, CONTEXT)
    if text.startswith("set up"):  # understood, with no one but Sam
        assert got.is_complete and got.actions[0].params["attendees"] == ["Sam"]
    else:
        assert is_left_to_the_llm(text, CONTEXT), got


@pytest.mark.parametrize(
    ("said", "person"),
    [
        ("bar tech", "Bartek"),  # NYSIIS BARTAC both
        ("sir sha", "Saoirse Quinn"),  # NYSIIS SARS both
        ("party", None),  # one Metaphone sound from Priya (PRT, PRY), far in spelling
        ("sam oak", None),  # a known first name and a word after it
        ("bartholomew", None),
    ],
)
def test_a_name_heard_as_words_near_a_known_ones_sound(said: str, person: str | None) -> None:
    assert person_by_sound(said, CONTEXT) == person


def test_a_new_title_with_and_is_no_stranger_near_a_name() -> None:
    """ "and" is no name said: rapidfuzz's WRatio finds it inside "Brandt" (a partial match),
    which turned away every new title with an "and" in it in a world with a Brandt."""
    brandt = ParseContext(
        now=CONTEXT.now, people=("Ottilie Brandt", "Sam"), projects=(), tasks=("print the flyers",)
    )
    said = "rename print the flyers to print and fold the flyers"
    assert complete_actions(said, brandt) == [
        one("task.rename", task="print the flyers", title="print and fold the flyers")
    ]
