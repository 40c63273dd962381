"""Fast-path readings of the session of 2026-11-29 03:07: a known task said to wait for
something, then that thing asked for as a new task ("X has to wait till we've bought them, so
stick in a task to buy ..."; "Before I can X I need to Y, can you add that"); a known task
said with its own verb and a word left out; a known task's news said first, then "reopen
that one"; the reasons said after a change ("Saturday's the regatta", "he's fully booked till
then", "we're done with it", "it's finished early", "it's not that important"); "she's off
sick" said after the work moved from her, and "her" after it; steps "needing adding"; a
note with what someone said; meetings "it'll take about an hour"; and misheard words ("half
our", "re mind", "a time for fifteen minutes", "of arrived", "and at <thing> to the list",
"two <person>")."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from services.nlu import ParseContext
from services.nlu.commands import Action
from tests.nlu.fastpath_support import PARSER, is_left_to_the_llm, read_after

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
        "service the boiler",
        "renew the home insurance",
    ),
)
NEW = {"result_of": 0}


def _waits_on_new(task: str, title: str, **details: str) -> list[tuple[str, dict]]:
    return [
        ("task.create", {"title": title, **details}),
        ("task.add_dependency", {"task": task, "blocker": NEW}),
    ]


def test_a_task_that_has_to_wait_then_the_new_task_it_waits_for() -> None:
    said = "Painting the back fence has to wait till we've bought the paint, so add buy paint"
    assert read_after(said, CONTEXT) == _waits_on_new("back fence", "buy paint")


def test_someone_who_cannot_do_a_task_till_someone_else_has_done_something() -> None:
    said = (
        "Helga can't book the cycling club minibus until Yaw's signed the form, so add sign the "
        "form for Yaw"
    )
    assert read_after(said, CONTEXT) == _waits_on_new(
        "book the cycling club minibus", "sign the form", assignee="Yaw"
    )
    # someone nobody knows is no one: the model reads it
    said = "Brenda can't book the cycling club minibus until Yaw's signed the form, so add it"
    assert is_left_to_the_llm(said, CONTEXT)


def test_a_task_for_him_is_for_the_one_the_thing_is_waited_on_from() -> None:
    said = (
        "We can't book the cycling club minibus until Tobias has the numbers, so add a task "
        "for him to get the numbers, and that comes first"
    )
    assert read_after(said, CONTEXT) == _waits_on_new(
        "book the cycling club minibus", "get the numbers", assignee="Tobias Klein"
    )


def test_before_i_can_do_a_task_i_need_to_do_another_add_that() -> None:
    said = "Before I can service the boiler I need to clear the cupboard, can you add that?"
    assert read_after(said, CONTEXT) == _waits_on_new("service the boiler", "clear the cupboard")
    # "the old one": which thing is the model's
    said = "Before I can service the boiler I need to find the old one, can you add that?"
    assert is_left_to_the_llm(said, CONTEXT)


def test_a_task_that_cannot_start_till_we_have_got_the_new_one() -> None:
    said = "add get a quote for the decking, and laying the decking can't start till we've got it"
    assert read_after(said, CONTEXT) == [
        ("task.create", {"title": "get a quote for the decking"}),
        ("task.add_dependency", {"blocker": NEW, "task": "decking"}),
    ]


def test_a_known_task_said_with_its_verb_and_a_word_left_out() -> None:
    assert read_after("lay the decking by Friday", CONTEXT) == [
        ("task.set_due", {"task": "lay the garden room decking", "due": "Friday"})
    ]


def test_news_of_a_known_task_said_first_then_reopen_that_one() -> None:
    said = "The boiler's not actually fixed, it's banging again, put it back on the list"
    assert read_after(said, CONTEXT) == [("task.reopen", {"task": "boiler"})]
    said = "The minibus booking fell through, so reopen that one"
    assert read_after(said, CONTEXT) == [("task.reopen", {"task": "minibus"})]


@pytest.mark.parametrize(
    ("said", "action"),
    [
        (
            "move the fence to Sunday, Saturday's the sportive",
            ("task.set_due", {"task": "fence", "due": "Sunday"}),
        ),
        (
            "push the boiler to next Friday, he's fully booked till then",
            ("task.set_due", {"task": "boiler", "due": "next Friday"}),
        ),
        (
            "clear out the cycling club list, we're done with it",
            ("task.delete_all", {"project": "cycling club"}),
        ),
        ("stop the pasta timer, it's finished early", ("timer.cancel", {"label": "pasta"})),
        (
            "drop the flowers to low, it's really not that important",
            ("task.set_priority", {"task": "flowers", "priority": "low"}),
        ),
        (
            "cancel the boiler, we're getting a heat pump put in instead",
            ("task.cancel", {"task": "boiler"}),
        ),
        (
            "scrap the anniversary flowers, Helga's sister is bringing some",
            ("task.cancel", {"task": "anniversary flowers"}),
        ),
    ],
)
def test_the_reason_said_after_a_change_asks_for_nothing(said: str, action: tuple) -> None:
    assert read_after(said, CONTEXT) == [action]


def test_undo_we_do_still_need_it_done() -> None:
    assert read_after("undo that, we do still need it mowed", CONTEXT) == [("undo", {})]


def test_someone_away_said_after_their_work_moved_is_her_after_it() -> None:
    said = "give all of Helga's stuff to Yaw, she's off sick, and message her saying get well soon"
    assert read_after(said, CONTEXT) == [
        ("task.reassign_all", {"source": "Helga", "assignee": "Yaw"}),
        ("message.send", {"to": "Helga", "text": "get well soon"}),
    ]
    # said first, the one away is "his"; "her" is the other one
    said = "Yaw's off sick so give all his stuff to Helga, and message her saying thanks"
    assert is_left_to_the_llm(said, CONTEXT)


def test_a_task_needing_steps_adding() -> None:
    said = (
        "service the boiler needs a couple of steps adding, bleed the radiators and check the "
        "pressure"
    )
    assert read_after(said, CONTEXT) == [
        (
            "task.add_subtasks",
            {"task": "service the boiler", "titles": ["bleed the radiators", "check the pressure"]},
        )
    ]


def test_a_note_with_what_someone_said_keeps_its_day() -> None:
    said = "add chase the roofer, and put a note on it that he said he'd call back Monday"
    assert read_after(said, CONTEXT) == [
        ("task.create", {"title": "chase the roofer", "notes": "he said he'd call back Monday"})
    ]


def test_a_meeting_that_will_take_about_an_hour() -> None:
    said = "set up a meeting with Yaw on Friday at ten in the garden room, it'll take about an hour"
    assert read_after(said, CONTEXT) == [
        (
            "meeting.schedule",
            {
                "attendees": ["Yaw"],
                "when": "Friday at ten",
                "location": "garden room",
                "duration": "an hour",
            },
        )
    ]


def test_put_it_on_her_for_a_day_gives_it_and_sets_the_day() -> None:
    asked = replace(CONTEXT, previous=None)
    assert read_after("put it on her for tomorrow", asked) == [
        ("task.assign", {"task": {"context": "task"}, "assignee": {"context": "person"}}),
        ("task.set_due", {"task": {"result_of": 0}, "due": "tomorrow"}),
    ]


def test_tell_him_not_to_is_the_message_dont() -> None:
    assert read_after("tell Yaw not to worry about the fence", CONTEXT) == [
        ("message.send", {"to": "Yaw", "text": "don't worry about the fence"})
    ]


@pytest.mark.parametrize(
    ("said", "action"),
    [
        (
            "set a half our timer for the bread",
            ("timer.start", {"duration": "half hour", "label": "bread"}),
        ),
        (
            "set a time for ten minutes for the eggs",
            ("timer.start", {"duration": "ten minutes", "label": "eggs"}),
        ),
        (
            "re mind yaw to feed the cat tomorrow",
            ("reminder.create", {"person": "Yaw", "text": "feed the cat", "when": "tomorrow"}),
        ),
        (
            "give the boiler two Helga",
            ("task.assign", {"task": "boiler", "assignee": "Helga"}),
        ),
    ],
)
def test_misheard_words(said: str, action: tuple) -> None:
    assert read_after(said, CONTEXT) == [action]


def test_have_heard_as_of_and_add_heard_as_at() -> None:
    said = "tell helga the tiles of arrived and at order grout to the garden room list"
    assert read_after(said, CONTEXT) == [
        ("message.send", {"to": "Helga", "text": "the tiles have arrived"}),
        ("task.create", {"title": "order grout", "project": "garden room"}),
    ]


def test_a_reminder_of_it_beside_a_timer_for_something_is_the_models() -> None:
    said = "set a timer for the washing and remind me to hang it out at ten"
    assert is_left_to_the_llm(said, CONTEXT)
    assert PARSER.parse("remind me to hang it out at ten", CONTEXT).is_complete


@pytest.mark.parametrize(
    ("said", "action"),
    [
        (
            "move everything of Helga's over to Yaw, she's off on holiday",
            ("task.reassign_all", {"source": "Helga", "assignee": "Yaw"}),
        ),
        (
            "tick off the anniversary flowers, finally got the last one in",
            ("task.complete", {"task": "anniversary flowers"}),
        ),
        (
            "tick off paint the back fence, I did that on Saturday",
            ("task.complete", {"task": "paint the back fence"}),
        ),
        (
            "get rid of the cycling club tasks, all of them",
            ("task.delete_all", {"project": "cycling club"}),
        ),
        (
            "actually the fence job is Yaw's now",
            ("task.assign", {"task": "fence", "assignee": "Yaw"}),
        ),
        (
            "and it's Helga's now",
            ("task.assign", {"task": {"context": "task"}, "assignee": "Helga"}),
        ),
        (
            "Helga's off sick, can you move everything of hers over to Yaw?",
            ("task.reassign_all", {"source": "Helga", "assignee": "Yaw"}),
        ),
        ("is the pasta timer still going?", ("timer.query", {"label": "pasta"})),
        (
            "actually no, leave the boiler with me",
            ("task.assign", {"task": "boiler", "assignee": "me"}),
        ),
        (
            "remind me to renew the home insurance two days before it's due",
            (
                "reminder.create",
                {
                    "text": "renew the home insurance",
                    "task": "renew the home insurance",
                    "before": "two days",
                },
            ),
        ),
    ],
)
def test_more_said_as_people_say_it(said: str, action: tuple) -> None:
    assert read_after(said, CONTEXT) == [action]


def test_a_meeting_named_by_its_kind_after_it() -> None:
    said = "put a meeting in with Yaw for Friday at four, half an hour, garden room planning"
    assert read_after(said, CONTEXT) == [
        (
            "meeting.schedule",
            {
                "attendees": ["Yaw"],
                "when": "Friday at four",
                "duration": "half an hour",
                "title": "garden room planning",
            },
        )
    ]
    # the name of a list the store has, after a new task, is the list it goes on
    planned = replace(CONTEXT, projects=(*CONTEXT.projects, "wedding plans"))
    assert read_after("new task, book the church, wedding plans", planned) == [
        ("task.create", {"title": "book the church", "project": "wedding plans"})
    ]


def test_the_steps_are_said_after_a_new_task_are_its_steps_and_the_is_no_task() -> None:
    said = "add sort out the costumes, and the steps are wash the capes and fix the hat"
    assert read_after(said, CONTEXT) == [
        ("task.create", {"title": "sort out the costumes"}),
        ("task.add_subtasks", {"task": NEW, "titles": ["wash the capes", "fix the hat"]}),
    ]


def test_the_tasks_of_a_list_are_never_heard_as_a_task_name() -> None:
    railway = replace(CONTEXT, projects=("toy railway",), tasks=("fix the railway track",))
    assert read_after("clear out the toy railway tasks, all of them", railway) == [
        ("task.delete_all", {"project": "toy railway"})
    ]


def test_sent_back_is_no_word_for_done() -> None:
    # (with no task of the store's saying "back": "paint the back fence" makes it a task's word)
    boiler = replace(CONTEXT, tasks=("service the boiler",))
    said = "reopen the boiler task, they sent the report back"
    assert read_after(said, boiler) == [("task.reopen", {"task": "boiler"})]


def test_a_deed_said_alone_is_the_one_task_its_verb_begins() -> None:
    said = "add varnish the decking, but it's got to come after the painting"
    assert read_after(said, CONTEXT) == [
        ("task.create", {"title": "varnish the decking"}),
        ("task.add_dependency", {"task": NEW, "blocker": "paint the back fence"}),
    ]
    # a noun that ends in -ing is no deed: "lay the decking" is not "lay the"
    assert read_after("I've finished laying the decking", CONTEXT) == [
        ("task.complete", {"task": "decking"})
    ]


@pytest.mark.parametrize(
    ("said", "action"),
    [
        (
            "scrap the cycling club minibus, the club's got its own minibus now",
            ("task.cancel", {"task": "cycling club minibus"}),
        ),
        (
            "booking the minibus depends on renewing the home insurance, we need the insurance "
            "to drive it",
            ("task.add_dependency", {"task": "minibus", "blocker": "home insurance"}),
        ),
    ],
)
def test_a_reason_may_say_a_word_of_the_task_its_change_names(said: str, action: tuple) -> None:
    assert read_after(said, CONTEXT) == [action]
    # of another task, it is a request of its own
    assert read_after("scrap the cycling club minibus, the fence is done", CONTEXT) == [
        ("task.cancel", {"task": "cycling club minibus"}),
        ("task.complete", {"task": "fence"}),
    ]


def test_more_of_a_command() -> None:
    said = "give the flowers to Helga and remind her about them on Thursday"
    assert read_after(said, CONTEXT) == [
        ("task.assign", {"task": "flowers", "assignee": "Helga"}),
        (
            "reminder.create",
            {"text": "flowers", "task": NEW, "person": "Helga", "when": "Thursday"},
        ),
    ]
    said = "set a timer for ten minutes, and a separate one for twenty minutes called bread"
    assert read_after(said, CONTEXT) == [
        ("timer.start", {"duration": "ten minutes"}),
        ("timer.start", {"duration": "twenty minutes", "label": "bread"}),
    ]


def test_someone_else_said_instead_with_why() -> None:
    given = Action("task.assign", {"task": "fence", "assignee": "Helga"})
    assert read_after("actually make that Yaw, Helga's away next week", CONTEXT, given) == [
        ("task.assign", {"task": {"context": "task"}, "assignee": "Yaw"})
    ]
