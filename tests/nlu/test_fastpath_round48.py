"""Fast-path readings of the session of 2026-12-01 08:00: "with a note saying ..." said with no
comma before it; "put a task down to ..." and "put <doing> down"; "write down that P's got to
..."; a closing "for me" after a task given to someone else; "-easing" words as verbs; "a
summary of what P's got"; a summary or a count after changes to what it is about depends on
them; "did I already mark X as done?", "anything done on the X list yet?"; "bring the X
deadline forward to ..."; why said after handing all of someone's work over ("he's gone back
to uni"); "half of them bounced"; "otherwise there'll be ..."; two words heard for a one-word
thing the store knows ("the mow er"); "oclock"."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from services.nlu import ParseContext
from services.nlu.fields import verb_of_any
from tests.nlu.fastpath_support import PARSER, complete_actions, is_left_to_the_llm, one

LONDON = ZoneInfo("Europe/London")
CONTEXT = ParseContext(
    now=datetime(2071, 5, 19, 15, 10, tzinfo=LONDON),  # a Tuesday afternoon
    people=("Uncle Fergal", "Tunde", "Marta Kowal", "Bogdan", "Sister Clare"),
    projects=("boathouse", "bridge club", "loft"),
    tasks=(
        "varnish the boathouse doors",
        "book the bridge club room",
        "send the bridge club invites",
        "board the loft",
        "service the mower",
    ),
)


@pytest.mark.parametrize(
    "said",
    [
        "add fix the shed latch with a note saying the spare screws are in the drawer",
        "add fix the shed latch, with a note saying the spare screws are in the drawer",
    ],
)
def test_a_note_said_with_or_without_a_comma_before_it(said: str) -> None:
    assert complete_actions(said, CONTEXT) == [
        one("task.create", title="fix the shed latch", notes="the spare screws are in the drawer")
    ]


def test_a_note_with_no_comma_then_more_details_and_a_reminder() -> None:
    assert complete_actions(
        "add clean the gutters with a note that says the ladder's in the garage, tag it house, and"
        " remind me about it in three hours",
        CONTEXT,
    ) == [
        one(
            "task.create",
            title="clean the gutters",
            notes="the ladder's in the garage",
            tags=["house"],
        ),
        one(
            "reminder.create",
            text="clean the gutters",
            task={"result_of": 0},
            when="in three hours",
            depends_on=[0],
        ),
    ]


def test_put_a_task_down_to_do_something() -> None:
    assert complete_actions("put a task down to ring the plumber about the boiler", CONTEXT) == [
        one("task.create", title="ring the plumber about the boiler")
    ]
    # who does it still reads as before
    assert complete_actions("put a task down for Tunde to ring the plumber", CONTEXT) == [
        one("task.create", title="ring the plumber", assignee="Tunde")
    ]


def test_put_a_doing_down_then_a_note() -> None:
    assert complete_actions(
        "Put buy a new hose down, with a note saying the green one, not the yellow one.", CONTEXT
    ) == [one("task.create", title="buy a new hose", notes="the green one, not the yellow one")]


def test_a_note_that_says_what_to_do_is_the_models() -> None:
    # ("start at the back" may be a second request; never a note "says start at the back")
    command = PARSER.parse("add clean the gutters with a note that says start at the back", CONTEXT)
    assert not command.is_complete
    assert all(not str(a.params.get("notes", "")).startswith("says") for a in command.actions)


def test_putting_a_thing_down_stays_a_step() -> None:
    # ("put dust sheets down" is a step to do, not a task called "dust sheets")
    assert complete_actions(
        "Under board the loft add clear the boxes and put dust sheets down.", CONTEXT
    ) == [
        one(
            "task.add_subtasks",
            task="board the loft",
            titles=["clear the boxes", "put dust sheets down"],
        )
    ]


def test_write_down_that_someone_has_got_to_do_a_thing() -> None:
    assert complete_actions("Oh, write down that Tunde's got to sweep the jetty.", CONTEXT) == [
        one("task.create", title="sweep the jetty", assignee="Tunde")
    ]
    assert complete_actions("note that Bogdan has to fix the oars by Friday", CONTEXT) == [
        one("task.create", title="fix the oars", assignee="Bogdan", due="Friday")
    ]


def test_a_closing_for_me_after_a_task_given_to_someone_else() -> None:
    assert complete_actions(
        "Add paint the jetty for Tunde, due Saturday, and also add buy rope to the boathouse"
        " list for me",
        CONTEXT,
    ) == [
        one("task.create", title="paint the jetty", assignee="Tunde", due="Saturday"),
        one("task.create", title="buy rope", project="boathouse", assignee="me"),
    ]
    # with no one else given a task, every new task said last is the speaker's, as before
    assert complete_actions("add buy rope and buy oars to the boathouse list for me", CONTEXT) == [
        one("task.create", title="buy rope", project="boathouse", assignee="me"),
        one("task.create", title="buy oars", project="boathouse", assignee="me"),
    ]


@pytest.mark.parametrize(
    ("gerund", "verb"),
    [
        ("degreasing", "degrease"),
        ("releasing", "release"),
        ("greasing", "grease"),
        ("choosing", "choose"),
        ("soaking", "soak"),
    ],
)
def test_easing_words_keep_their_e(gerund: str, verb: str) -> None:
    assert verb_of_any(gerund) == verb


def test_a_summary_of_what_someone_has_got() -> None:
    assert complete_actions("give me a summary of what Bogdan's got", CONTEXT) == [
        one("report.summary", assignee="Bogdan")
    ]


def test_a_summary_after_handing_work_to_that_person_waits_for_it() -> None:
    assert complete_actions(
        "Move all of Bogdan's stuff over to Tunde and then give me a summary of what Tunde's got",
        CONTEXT,
    ) == [
        one("task.reassign_all", source="Bogdan", assignee="Tunde"),
        one("report.summary", assignee="Tunde", depends_on=[0]),
    ]


def test_a_count_after_new_tasks_on_that_list_waits_for_them() -> None:
    assert complete_actions(
        "add buy varnish and buy brushes to the boathouse list, and how many's on that list now?",
        CONTEXT,
    ) == [
        one("task.create", title="buy varnish", project="boathouse"),
        one("task.create", title="buy brushes", project="boathouse"),
        one("query.count", project="boathouse", depends_on=[0, 1]),
    ]


def test_a_list_asked_for_after_a_new_task_does_not_wait_for_it() -> None:
    # (as every dev set's writers wrote it)
    assert complete_actions(
        "Add sand the oars to the boathouse list, and then, what else is on the boathouse list?",
        CONTEXT,
    ) == [
        one("task.create", title="sand the oars", project="boathouse"),
        one("query.tasks", project="boathouse"),
    ]


@pytest.mark.parametrize(
    "said", ["Did I already mark the mower as done?", "did I mark the mower as finished or not"]
)
def test_did_i_already_mark_it_done_is_a_question(said: str) -> None:
    assert complete_actions(said, CONTEXT) == [one("query.tasks", filter="done")]


def test_anything_done_on_a_list_yet_is_a_question() -> None:
    assert complete_actions("Anything done on the loft list yet?", CONTEXT) == [
        one("query.tasks", filter="done", project="loft")
    ]


def test_bring_a_tasks_deadline_forward() -> None:
    assert complete_actions("Bring the invites deadline forward to Thursday.", CONTEXT) == [
        one("task.set_due", task="invites", due="Thursday")
    ]


@pytest.mark.parametrize(
    "why", ["he's gone back to college", "he's off sick all week", "she's got more time"]
)
def test_why_said_after_handing_all_of_someones_work_over(why: str) -> None:
    assert complete_actions(f"Move everything Bogdan's got over to Tunde, {why}.", CONTEXT) == [
        one("task.reassign_all", source="Bogdan", assignee="Tunde")
    ]


def test_a_second_request_said_as_a_statement_after_handing_work_over_is_not_why() -> None:
    # ("he's doing the invites" names a task the store has: perhaps a change, the model's)
    assert is_left_to_the_llm(
        "Move everything Bogdan's got over to Tunde, he's doing the invites too", CONTEXT
    )


def test_some_of_them_said_with_a_verb_is_news() -> None:
    assert complete_actions("Reopen the invites, half of them bounced", CONTEXT) == [
        one("task.reopen", task="invites")
    ]


def test_otherwise_there_will_be_is_why() -> None:
    assert complete_actions(
        "Do the loft first, then the mower, otherwise there'll be dust all over it.", CONTEXT
    ) == [one("task.add_dependency", task="mower", blocker="loft")]


@pytest.mark.parametrize(("said", "task"), [("the mow er", "mower"), ("the law ft", "loft")])
def test_two_words_heard_for_a_one_word_thing_the_store_knows(said: str, task: str) -> None:
    assert complete_actions(f"make {said} urgent", CONTEXT) == [
        one("task.set_priority", task=task, priority="urgent")
    ]


def test_two_words_that_sound_like_nothing_known_stay_as_said() -> None:
    assert complete_actions("make the bridge club room urgent", CONTEXT) == [
        one("task.set_priority", task="bridge club room", priority="urgent")
    ]


def test_oclock_said_without_its_apostrophe() -> None:
    assert complete_actions(
        "send Tunde a message saying the hall is booked for four oclock", CONTEXT
    ) == [one("message.send", to="Tunde", text="the hall is booked for four o'clock")]
