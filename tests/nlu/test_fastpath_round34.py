"""Fast-path readings of the session of 2026-11-29 18:44: one change said twice in one breath,
its tasks named shorter then longer ("so the trees wait for the hood"; "X's taking over the
cake, so give the wedding cake to her"); "rename X to book two Y" keeps "two"; a one-word list
heard as two words ("the worm erie"), never a person ("pop pick" is no Poppy); "okay, and X?";
"hmm, no, X, not Y" and "I meant X, not Y" after "for him"; "no, leave them"; "what needs
doing tomorrow", "what's X still got to finish off", "what have I got that's overdue", "how
many altogether, done or not"; a Polish name said as it sounds ("ma tay ush"); "it's fairly
pressing, so high priority"; "X's been on at me about it"; "needs doing by ...", "he needs it
done by ..."; "stick it on the to-do list for ...", "add it as a task for me, due ..."; steps
("with two subtasks: ...", "steps are ...", "X's got two steps really, ..."); "add A for B,
plus C on Saturday"; "a task for him to ..."; "first task for the X is ..."; a meeting "a week
on Tuesday at quarter to nine in the morning"; "a task on the X list for me to ..."; a task
"by nine tomorrow"; "and one for X, same list, to ..."; "X finished Y tick it off" unpunctuated;
"before its do"; "an give"."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from services.nlu import ParseContext
from services.nlu.commands import Action
from services.nlu.sounds import heard_names
from tests.nlu.fastpath_support import is_left_to_the_llm, parse_after, read_after

LONDON = ZoneInfo("Europe/London")
CONTEXT = ParseContext(
    now=datetime(2041, 4, 10, 13, 15, tzinfo=LONDON),  # a Wednesday afternoon
    people=("Tomasz", "Mateusz", "Poppy", "Ngozi", "Aunt Cass"),
    projects=("wormery", "kayak club", "garden shed"),
    tasks=(
        "clean the gutter guards",
        "plant the apple trees",
        "order the anniversary cake",
        "book the kayak trailer",
        "feed the wormery",
    ),
)
NEW = {"result_of": 0}
PERSON_IT = {"context": "person"}
TASK_IT = {"context": "task"}


def test_one_dependency_said_twice_is_one() -> None:
    said = "Do the gutter guards first, then the apple trees. So the trees wait for the guards."
    assert read_after(said, CONTEXT) == [
        ("task.add_dependency", {"blocker": "gutter guards", "task": "apple trees"})
    ]


def test_one_assignment_said_twice_keeps_the_longer_name() -> None:
    said = "Ngozi's taking over the cake, so give the anniversary cake to her and make it urgent"
    assert read_after(said, CONTEXT) == [
        ("task.assign", {"assignee": "Ngozi", "task": "anniversary cake"}),
        ("task.set_priority", {"task": NEW, "priority": "urgent"}),
    ]


def test_rename_to_a_title_holding_two_keeps_it() -> None:
    said = "rename the kayak trailer task to hire two trailers for the race"
    assert read_after(said, CONTEXT) == [
        ("task.rename", {"task": "kayak trailer", "title": "hire two trailers for the race"})
    ]


def test_a_one_word_list_heard_as_two_words() -> None:
    assert heard_names("top up the worm erie bedding", CONTEXT) == "top up the wormery bedding"
    # a person's name is never made of two words so ("pop pick" is no Poppy)
    assert heard_names("pop pick up the bags", CONTEXT) == "pop pick up the bags"


def test_okay_and_someone_asks_the_same_of_them() -> None:
    asked = Action("query.tasks", {"assignee": "Tomasz"})
    assert read_after("Okay, and Ngozi?", CONTEXT, asked) == [
        ("query.tasks", {"assignee": "Ngozi"})
    ]


def test_a_person_put_right_after_a_hesitation_or_after_him() -> None:
    made = Action("task.create", {"title": "prune the roses", "assignee": "Tomasz"})
    assert read_after("Hmm, no, Ngozi, not Tomasz.", CONTEXT, made) == [
        ("task.assign", {"task": TASK_IT, "assignee": "Ngozi"})
    ]
    for_him = Action("task.create", {"title": "get quotes", "assignee": PERSON_IT})
    assert read_after("Sorry, I meant Ngozi, not Tomasz.", CONTEXT, for_him) == [
        ("task.assign", {"task": TASK_IT, "assignee": "Ngozi"})
    ]


@pytest.mark.parametrize("said", ["No, no, leave them.", "keep them", "leave that be"])
def test_leave_them_answers_no(said: str) -> None:
    pending = ParseContext(now=CONTEXT.now, is_confirmation_pending=True)
    assert read_after(said, pending) == [("confirm", {"answer": False})]


@pytest.mark.parametrize(
    ("said", "params"),
    [
        ("What needs doing this week?", {"filter": "this_week"}),
        ("What's Tomasz still got to finish off?", {"assignee": "Tomasz"}),
        ("what have I got that's overdue", {"assignee": "me", "filter": "overdue"}),
    ],
)
def test_questions_of_what_is_left(said: str, params: dict[str, object]) -> None:
    assert read_after(said, CONTEXT) == [("query.tasks", params)]


def test_how_many_done_or_not_counts_all() -> None:
    said = "How many jobs are there in total, done or not?"
    assert read_after(said, CONTEXT) == [("query.count", {"filter": "all"})]


def test_a_polish_name_said_as_it_sounds() -> None:
    assert read_after("how many tasks does ma tay ush have", CONTEXT) == [
        ("query.count", {"assignee": "Mateusz"})
    ]


def test_how_much_it_matters_said_before_the_priority() -> None:
    assert read_after("And it's quite pressing, so high priority.", CONTEXT) == [
        ("task.set_priority", {"task": TASK_IT, "priority": "high"})
    ]


def test_someone_nagging_is_why() -> None:
    said = "Bump the kayak trailer up to urgent, Ngozi's been on at me about it."
    assert read_after(said, CONTEXT) == [
        ("task.set_priority", {"task": "kayak trailer", "priority": "urgent"})
    ]


def test_needs_doing_by_is_a_deadline() -> None:
    said = "Add a task to ring the council about the bins, it's urgent, needs doing by Friday."
    assert read_after(said, CONTEXT) == [
        (
            "task.create",
            {"title": "ring the council about the bins", "priority": "urgent", "due": "Friday"},
        )
    ]
    said = "Tomasz is taking over the kayak trailer, he needs it done by Monday"
    assert read_after(said, CONTEXT) == [
        ("task.assign", {"assignee": "Tomasz", "task": "kayak trailer"}),
        ("task.set_due", {"task": NEW, "due": "Monday"}),
    ]


def test_the_new_task_asked_for_again_with_its_deadline() -> None:
    said = "I need to renew my railcard, stick it on the to-do list for the end of June."
    assert read_after(said, CONTEXT) == [
        ("task.create", {"title": "renew my railcard", "due": "the end of June"})
    ]
    said = "I have to fix the bike chain... just add it as a task for me for Saturday."
    assert read_after(said, CONTEXT) == [
        ("task.create", {"title": "fix the bike chain", "assignee": "me", "due": "Saturday"})
    ]


def test_steps_of_a_new_or_known_task() -> None:
    said = "Create a task to clear the loft, with two subtasks: sort the boxes, and book a skip."
    assert read_after(said, CONTEXT) == [
        ("task.create", {"title": "clear the loft"}),
        ("task.add_subtasks", {"task": NEW, "titles": ["sort the boxes", "book a skip"]}),
    ]
    said = "Add a task for Ngozi to tidy the shed, steps are sweep it out and fix the shelf."
    assert read_after(said, CONTEXT) == [
        ("task.create", {"assignee": "Ngozi", "title": "tidy the shed"}),
        ("task.add_subtasks", {"task": NEW, "titles": ["sweep it out", "fix the shelf"]}),
    ]
    said = "The gutter guards job's got two steps really, buy a ladder and then fit the guards."
    assert read_after(said, CONTEXT) == [
        (
            "task.add_subtasks",
            {"task": "gutter guards", "titles": ["buy a ladder", "fit the guards"]},
        )
    ]


def test_a_second_new_task_after_plus_with_its_own_day() -> None:
    said = "Add renew the home insurance for next week, plus collect the parcel on Friday."
    assert read_after(said, CONTEXT) == [
        ("task.create", {"title": "renew the home insurance", "due": "next week"}),
        ("task.create", {"title": "collect the parcel", "due": "Friday"}),
    ]
    # a bare thing after "plus" is no second task
    assert is_left_to_the_llm("add flour for Friday, plus sugar", CONTEXT)


def test_a_task_for_him_is_for_the_one_talked_of() -> None:
    assert read_after("and add a task for him to get two quotes by Tuesday", CONTEXT) == [
        ("task.create", {"assignee": PERSON_IT, "title": "get two quotes", "due": "Tuesday"})
    ]


def test_first_task_for_a_list() -> None:
    said = "First task for the kayak club is buy new paddles, high priority."
    assert read_after(said, CONTEXT) == [
        ("task.create", {"project": "kayak club", "title": "buy new paddles", "priority": "high"})
    ]


def test_a_meeting_a_week_on_with_a_long_time() -> None:
    said = (
        "Book a meeting with Tomasz and Ngozi a week on Tuesday at quarter to nine in the "
        "morning, half an hour, at the boathouse, about the kayak club."
    )
    assert read_after(said, CONTEXT) == [
        (
            "meeting.schedule",
            {
                "attendees": ["Tomasz", "Ngozi"],
                "when": "a week on Tuesday at quarter to nine in the morning",
                "duration": "half an hour",
                "location": "boathouse",
                "title": "kayak club",
            },
        )
    ]


def test_a_task_for_me_on_a_list_by_a_clock_time_tomorrow() -> None:
    said = "put a task on the garden shed list for me to oil the hinges by nine tomorrow morning"
    assert read_after(said, CONTEXT) == [
        (
            "task.create",
            {
                "project": "garden shed",
                "assignee": "me",
                "title": "oil the hinges",
                "due": "nine tomorrow morning",
            },
        )
    ]
    # said with no "by", a number before a day may be how many: the model's
    assert is_left_to_the_llm("add order 6 tomorrow", CONTEXT)


def test_one_for_someone_on_the_same_list() -> None:
    said = (
        "Put a task on the kayak club list for Tomasz to wax the hulls by Friday, and one for "
        "Ngozi, same list, to check the buoyancy aids on Saturday."
    )
    command = parse_after(said, CONTEXT)
    assert command.is_complete
    assert [dict(action.params) for action in command.actions] == [
        {"project": "kayak club", "assignee": "Tomasz", "title": "wax the hulls", "due": "Friday"},
        {
            "project": "kayak club",
            "assignee": "Ngozi",
            "title": "check the buoyancy aids",
            "due": "Saturday",
        },
    ]


def test_a_tick_said_last_without_a_comma_is_a_clause_of_its_own() -> None:
    assert read_after("ngozi finished feeding the wormery tick it off", CONTEXT) == [
        ("task.complete", {"task": "wormery"})
    ]


def test_before_its_do_is_before_it_is_due() -> None:
    said = "remind me about the kayak trailer two days before its do"
    assert read_after(said, CONTEXT) == [
        (
            "reminder.create",
            {"text": "kayak trailer", "task": "kayak trailer", "before": "two days"},
        )
    ]


def test_an_before_a_request_verb_is_and() -> None:
    assert read_after("ad collect the logs an give it to Tomasz", CONTEXT) == [
        ("task.create", {"title": "collect the logs", "assignee": "Tomasz"})
    ]
