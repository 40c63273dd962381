"""Fast-path readings of the session of 2026-11-30 20:53: a title quoted whole keeps its
"and the ..." ("the raised bed" is a thing, not news); what is over is a thing said whole ("the
season's over" is no "renew the season ticket"); "right" said between commas; names heard as
their speakers say them (Ugochi, Aoibheann)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from services.nlu import ParseContext
from tests.nlu.fastpath_support import complete_actions, one

LONDON = ZoneInfo("Europe/London")
CONTEXT = ParseContext(
    now=datetime(2061, 5, 10, 10, 15, tzinfo=LONDON),  # a Tuesday morning
    people=("Nana Peg", "Ugochi", "Aoibheann Walsh", "Tamsin", "Oskar"),
    projects=("allotment", "canoe club", "summer fete"),
    tasks=(
        "fence the allotment",
        "book the canoe club slipway",
        "renew the season pass",
        "order the summer fete bunting",
    ),
)


def test_a_quoted_title_keeps_the_things_said_after_and() -> None:
    assert complete_actions(
        "Rename 'fence the allotment' to 'fence the allotment and the raised bed'.", CONTEXT
    ) == [
        one(
            "task.rename",
            task="fence the allotment",
            title="fence the allotment and the raised bed",
        ),
    ]


def test_what_is_over_is_a_thing_said_whole() -> None:
    assert complete_actions(
        "Delete everything on the canoe club list, the season's over", CONTEXT
    ) == [
        one("task.delete_all", project="canoe club"),
    ]
    # ("the summer fete bunting's over" names the whole thing: done, as before)
    context = replace(CONTEXT, tasks=("the summer fete",))
    assert complete_actions("the summer fete's over", context) == [
        one("task.complete", task="summer fete"),
    ]


def test_right_said_between_commas() -> None:
    assert complete_actions(
        "Steps for the allotment fencing, right, buy the posts, dig the holes, and hang the gate.",
        CONTEXT,
    ) == [
        one(
            "task.add_subtasks",
            task="allotment",
            titles=["buy the posts", "dig the holes", "hang the gate"],
        ),
    ]


def test_names_as_their_speakers_say_them() -> None:
    assert complete_actions("send a message to you go chi saying the gate is locked", CONTEXT) == [
        one("message.send", to="Ugochi", text="the gate is locked"),
    ]
    assert complete_actions("remind me at five to ring eve on walsh", CONTEXT) == [
        one("reminder.create", text="ring Aoibheann Walsh", when="at five"),
    ]
