"""A follow-up asks the conversation's last request again of something else
(services/nlu/follow_up.py): read against ``ParseContext.previous``, which the core keeps."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from services.nlu import ParseContext
from services.nlu.commands import Action
from services.nlu.follow_up import follow_up
from tests.nlu.fastpath_support import PARSER, complete_actions, one

NOW = datetime(2027, 3, 1, 18, 0, tzinfo=ZoneInfo("Europe/London"))
CONTEXT = ParseContext(
    now=NOW,
    people=("Lorcan", "Pippa Hart", "Harriet"),
    projects=("choir", "Christmas panto", "bell ringing"),
    tasks=("push the receipts", "oil the bike chain", "tune the handbells"),
)


def after(type_: str, **params: object) -> ParseContext:
    return replace(CONTEXT, previous=Action(type_, dict(params)))


@pytest.mark.parametrize(
    ("previous", "text", "expected"),
    [
        (after("query.tasks", project="choir"), "And the panto one?",
         one("query.tasks", project="Christmas panto")),
        (after("query.count", project="choir"), "and the bell ringing one?",
         one("query.count", project="bell ringing")),
        (after("query.tasks", filter="this_week"), "And on the choir list?",
         one("query.tasks", filter="this_week", project="choir")),
        (after("query.tasks", assignee="Lorcan", filter="this_week"), "And Pippa?",
         one("query.tasks", assignee="Pippa Hart", filter="this_week")),
        (after("query.tasks", project="choir"), "what about Harriet?",
         one("query.tasks", project="choir", assignee="Harriet")),
        (after("task.set_due", task="receipts", due="Monday"), "and the bike one?",
         one("task.set_due", task="bike", due="Monday")),
        (after("query.tasks", project="choir"), "How many of those are Harriet's?",
         one("query.count", project="choir", assignee="Harriet")),
        (after("query.tasks", project="choir"), "how many of those are overdue?",
         one("query.count", project="choir", filter="overdue")),
    ],
)  # fmt: skip
def test_a_follow_up_is_the_last_request_of_something_else(
    previous: ParseContext, text: str, expected: dict[str, object]
) -> None:
    assert complete_actions(text, previous) == [expected]


@pytest.mark.parametrize(
    ("previous", "text"),
    [
        (None, "And the panto one?"),  # nothing asked before
        (after("query.tasks", project="choir"), "and the garage one?"),  # no such list
        (after("task.delete", task="receipts"), "and the bike one?"),  # not asked again so
        (after("query.tasks", project="choir"), "the panto one"),  # no "and": a correction?
        (after("message.send", to="Lorcan", text="hi"), "and Pippa?"),
    ],
)
def test_what_is_no_follow_up_is_not_read_as_one(previous: ParseContext | None, text: str) -> None:
    context = CONTEXT if previous is None else previous
    assert follow_up(text, context) is None


@pytest.mark.parametrize(
    "text", ["Tell Pippa the same, actually.", "and message Harriet the same thing",
             "send the same to Pippa please"],
)  # fmt: skip
def test_the_same_message_to_someone_else_is_the_last_message_sent_again(text: str) -> None:
    context = after("message.send", to="Lorcan", text="bring the hymn books")
    [action] = complete_actions(text, context)
    assert action["type"] == "message.send" and action["params"]["text"] == "bring the hymn books"
    assert action["params"]["to"] in ("Pippa Hart", "Harriet")
    # the same person again, or nobody known, is no follow-up
    assert follow_up("tell Lorcan the same", context) is None
    assert follow_up("tell Dominic the same", context) is None
    # after anything but a message, "the same" is not a message
    assert follow_up("tell Pippa the same", after("query.tasks", project="choir")) is None


def test_a_request_said_in_full_after_a_question_is_read_as_itself() -> None:
    context = after("query.tasks", project="choir")
    command = PARSER.parse("and add tune the organ to the choir list", context)
    assert [a.type for a in command.actions] == ["task.create"]


@pytest.mark.parametrize(
    ("previous", "text", "expected"),
    [
        (after("timer.start", duration="ten minutes", label="scones"),
         "Actually cancel it, I'm taking them out now.",
         [one("timer.cancel", label="scones")]),
        (after("timer.query", label="rice"), "oh stop it, stop it",
         [one("timer.cancel", label="rice")]),
        (after("task.complete", task="receipts"), "oops, undo that, I meant the bike one",
         [one("undo"), one("task.complete", task="bike")]),
        (after("message.send", to="Lorcan", text="bring the hymn books"), "Same to Harriet.",
         [one("message.send", to="Harriet", text="bring the hymn books")]),
        (after("message.send", to="Lorcan", text="bring the hymn books"),
         "Pippa as well actually, tell her the same thing",
         [one("message.send", to="Pippa Hart", text="bring the hymn books")]),
    ],
)  # fmt: skip
def test_more_follow_ups_of_the_last_request(
    previous: ParseContext, text: str, expected: list[dict[str, object]]
) -> None:
    assert complete_actions(text, previous) == expected


def test_stop_it_with_more_asked_after_a_timer_is_not_read_as_a_follow_up() -> None:
    context = after("timer.start", duration="ten minutes", label="scones")
    assert follow_up("cancel it, and add buy more flour", context) is None
    assert follow_up("cancel it", after("task.complete", task="receipts")) is None
