"""Fast-path readings of the session of 2026-11-29 06:25: why a change is made, said of someone
the store knows ("..., Yaw's only got one pair of hands", "undo that, Helga still wants to
go", "Tobias ticked it off by mistake"); when what it is for ends ("mine runs out on
Sunday"), the day something else is not till, someone got in "after Christmas"; "bump it back
up to high"; "did I set a timer for the rice?"; "yep, all of it" to "Are you sure?"; "what's
left for this week?"; "shift the lot over to X" after a question about someone's work; "new
task, high priority, for <list>: ..."; "put down a low priority one for X, ..."; "with a note
saying ..." naming someone; a reminder "before it's due to actually do it"; a task said done by
an irregular participle ("the radiators are bled")."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from services.nlu import ParseContext
from services.nlu.commands import Action
from tests.nlu.fastpath_support import is_left_to_the_llm, read_after

LONDON = ZoneInfo("Europe/London")
CONTEXT = ParseContext(
    now=datetime(2036, 3, 12, 9, 0, tzinfo=LONDON),  # a Wednesday morning
    people=("Cousin Ravi", "Helga", "Tobias Klein", "Yaw", "Father Ryan"),
    projects=("garden room", "cycling club", "wedding anniversary"),
    tasks=(
        "lay the garden room decking",
        "book the cycling club minibus",
        "order the anniversary flowers",
        "paint the back fence",
        "bleed the radiators",
        "renew the home insurance",
    ),
)


@pytest.mark.parametrize(
    ("said", "action"),
    [
        (
            "the fence has to wait till the decking's laid, Yaw's only got one pair of hands",
            ("task.add_dependency", {"task": "fence", "blocker": "decking"}),
        ),
        (
            "make the home insurance urgent, mine runs out on Friday",
            ("task.set_priority", {"task": "home insurance", "priority": "urgent"}),
        ),
        (
            "move the flowers to Friday, no, Saturday, the party's not till Sunday",
            ("task.set_due", {"task": "flowers", "due": "Saturday"}),
        ),
        (
            "cancel the radiators, we're getting a plumber in after Easter anyway",
            ("task.cancel", {"task": "radiators"}),
        ),
        (
            "reopen the back fence, Tobias ticked it off by mistake",
            ("task.reopen", {"task": "back fence"}),
        ),
        (
            "Helga can have the minibus booking, take it off me",
            ("task.assign", {"task": "minibus", "assignee": "Helga"}),
        ),
    ],
)
def test_why_a_change_is_made_asks_for_nothing_more(said: str, action: tuple) -> None:
    assert read_after(said, CONTEXT) == [action]


def test_undo_then_how_things_stand_with_someone() -> None:
    assert read_after("oh hang on, undo that, Helga still wants to come", CONTEXT) == [("undo", {})]


def test_someone_said_to_be_doing_something_is_not_an_aside() -> None:
    # who does it may be a request of its own: the model's to read
    assert is_left_to_the_llm("add buy the bolts, Yaw's doing the gate", CONTEXT)
    assert is_left_to_the_llm("cancel the fence, Helga's making a new one", CONTEXT)


def test_a_priority_bumped_back_up() -> None:
    assert read_after("bump the radiators back up to high", CONTEXT) == [
        ("task.set_priority", {"task": "radiators", "priority": "high"})
    ]


def test_did_i_set_a_timer_asks_about_it() -> None:
    assert read_after("did I set a timer for the rice?", CONTEXT) == [
        ("timer.query", {"label": "rice"})
    ]
    assert read_after("is there a timer on for the bread?", CONTEXT) == [
        ("timer.query", {"label": "bread"})
    ]


def test_yes_all_of_it_answers_are_you_sure() -> None:
    pending = ParseContext(
        now=CONTEXT.now,
        people=CONTEXT.people,
        projects=CONTEXT.projects,
        tasks=CONTEXT.tasks,
        is_confirmation_pending=True,
    )
    assert read_after("yep, all of them", pending) == [("confirm", {"answer": True})]


def test_what_is_left_for_a_time() -> None:
    assert read_after("what's still left for this week?", CONTEXT) == [
        ("query.tasks", {"filter": "this_week"})
    ]


def test_the_lot_moved_over_after_a_question_about_someone() -> None:
    said = "what has Helga got on, and then shift the lot over to Yaw"
    actions = read_after(said, CONTEXT)
    assert actions[-1] == ("task.reassign_all", {"source": "Helga", "assignee": "Yaw"})


@pytest.mark.parametrize(
    ("said", "params"),
    [
        (
            "New task, urgent, for the cycling club: print the route maps, due Friday",
            {
                "title": "print the route maps",
                "priority": "urgent",
                "project": "cycling club",
                "due": "Friday",
            },
        ),
        (
            "Put down a high priority one for Yaw, fix the shed latch",
            {"title": "fix the shed latch", "priority": "high", "assignee": "Yaw"},
        ),
        (
            "Add sand the window frames, with a note saying Tobias has the big sander",
            {"title": "sand the window frames", "notes": "Tobias has the big sander"},
        ),
    ],
)
def test_a_new_task_said_with_its_details_first(said: str, params: dict) -> None:
    assert read_after(said, CONTEXT) == [("task.create", params)]


def test_a_reminder_before_the_due_day_to_actually_do_it() -> None:
    said = "remind me three days before the home insurance is due to actually do it"
    (action,) = read_after(said, CONTEXT)
    assert action[0] == "reminder.create"
    assert action[1]["before"] == "three days" and action[1]["task"] == "home insurance"
    assert "do it" not in action[1]["text"]


def test_a_task_said_done_by_an_irregular_participle() -> None:
    assert read_after("the radiators are bled", CONTEXT) == [
        ("task.complete", {"task": "radiators"})
    ]


NEW = {"result_of": 0}


def test_once_a_known_task_is_done_someone_can_do_a_new_one() -> None:
    said = (
        "Once the minibus is booked Helga can print the route cards, add that for her and link "
        "the two up"
    )
    assert read_after(said, CONTEXT) == [
        ("task.create", {"title": "print the route cards", "assignee": "Helga"}),
        ("task.add_dependency", {"task": NEW, "blocker": "minibus"}),
    ]
    # made to come after another task than the one said done: the model's
    said = (
        "Once the minibus is booked, Helga can print the route cards, so add that for her and "
        "have it come after the fence"
    )
    assert is_left_to_the_llm(said, CONTEXT)


def test_the_wait_said_first_then_asked_for_again() -> None:
    said = (
        "We can't lay the decking until the timber's delivered. Add chase the timber for Yaw "
        "and hold the decking until that's done."
    )
    assert read_after(said, CONTEXT) == [
        ("task.create", {"title": "chase the timber", "assignee": "Yaw"}),
        ("task.add_dependency", {"task": "decking", "blocker": NEW}),
    ]
    said = (
        "The radiators are held up till someone finds the key, so add find the radiator key "
        "and make the radiators wait on it"
    )
    assert read_after(said, CONTEXT) == [
        ("task.create", {"title": "find the radiator key"}),
        ("task.add_dependency", {"task": "radiators", "blocker": NEW}),
    ]


def test_no_then_okay_both_open_the_sentence() -> None:
    assert read_after("No? Okay, set a timer for twenty minutes then.", CONTEXT) == [
        ("timer.start", {"duration": "twenty minutes"})
    ]


def test_one_set_after_asking_about_a_timer_is_for_that() -> None:
    asked = Action("timer.query", {"label": "rice"})
    assert read_after("No? Right, set one for twelve minutes then", CONTEXT, asked) == [
        ("timer.start", {"duration": "twelve minutes", "label": "rice"})
    ]
    # "a timer" said in so many words: no label of the one asked about
    assert read_after("set a timer for twelve minutes", CONTEXT, asked) == [
        ("timer.start", {"duration": "twelve minutes"})
    ]


def test_something_put_in_with_someone_is_a_meeting() -> None:
    assert read_after("Put something in with Yaw on Friday at half ten", CONTEXT) == [
        ("meeting.schedule", {"attendees": ["Yaw"], "when": "Friday at half ten"})
    ]


def test_a_meeting_then_book_that_in() -> None:
    said = "I need to see Father Ryan about the flowers, Friday at six, can you book that in?"
    assert read_after(said, CONTEXT) == [
        (
            "meeting.schedule",
            {"attendees": ["Father Ryan"], "title": "flowers", "when": "Friday at six"},
        )
    ]
    # after a new task, "book that in" is no aside: the model's
    assert is_left_to_the_llm("add ring the garage, can you book that in?", CONTEXT)
