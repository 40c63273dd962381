"""Fast-path readings of the session of 2026-11-28 23:54: "too" after a new task's title, "don't
delete it, just tick it off" to "are you sure?", whose list a new task goes on, "him" beside
the person the same action names, "I need to sit down with ... <when>" as a meeting, a
dependency on tasks the store does not know beside a new one, a known task "held up till
he's done that" or "on hold till that's done", running out of something as why a task is
added, "finally <done> the X, tick that off", and the reasons said after a reopen, a cancel,
an undo and a delete."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from services.nlu import ParseContext
from tests.nlu.fastpath_support import PARSER, is_left_to_the_llm, read_after

LONDON = ZoneInfo("Europe/London")
CONTEXT = ParseContext(
    now=datetime(2035, 11, 15, 10, 0, tzinfo=LONDON),  # a Thursday morning
    people=("Aunt Polly", "Kwesi", "Marta Nowak", "Duncan", "Dr Okafor"),
    projects=("attic conversion", "pottery class", "harvest supper"),
    tasks=(
        "sand the attic floor",
        "book the pottery kiln",
        "buy the harvest lanterns",
        "clean the fish tank",
        "renew the car insurance",
        "fix the garden tap",
    ),
)
NEW = {"result_of": 0}


@pytest.mark.parametrize("also", ["too", "as well"])
def test_too_after_a_new_tasks_title_is_no_part_of_it(also: str) -> None:
    said = f"add oil the shed hinges {also}, and give the kiln one to Kwesi"
    assert read_after(said, CONTEXT) == [
        ("task.create", {"title": "oil the shed hinges"}),
        ("task.assign", {"task": "kiln", "assignee": "Kwesi"}),
    ]


def test_dont_delete_it_just_tick_it_off_answers_no_and_ticks_it() -> None:
    asked = replace(CONTEXT, is_confirmation_pending=True)
    assert read_after("no, don't delete it, just tick it off", asked) == [
        ("confirm", {"answer": False}),
        ("task.complete", {"task": {"context": "task"}}),
    ]


def test_her_list_is_whose_the_new_task_is_not_a_list_called_her() -> None:
    said = "Marta needs to return the library books by Monday, stick that on her list"
    assert read_after(said, CONTEXT) == [
        (
            "task.create",
            {"assignee": "Marta Nowak", "title": "return the library books", "due": "Monday"},
        )
    ]


def test_him_is_never_the_person_the_same_action_names() -> None:
    said = "Duncan is away next week, so move all Duncan's jobs onto him"
    assert read_after(said, CONTEXT) == [
        ("task.reassign_all", {"source": "Duncan", "assignee": {"context": "person"}})
    ]


def test_sitting_down_with_someone_at_a_time_is_a_meeting() -> None:
    said = "I need to sit down with Kwesi about the pottery class on Monday at two"
    assert read_after(said, CONTEXT) == [
        (
            "meeting.schedule",
            {"attendees": ["Kwesi"], "title": "pottery class", "when": "Monday at two"},
        )
    ]
    # with no time said, a meeting or a thing to do: the model reads it
    assert is_left_to_the_llm("I need to sit down with Kwesi about the pottery class", CONTEXT)


def test_an_order_of_tasks_nobody_has_beside_a_new_one_is_the_models() -> None:
    # "the priming" may be the new "prime the attic walls", said before it is made
    said = "Do the priming first, then the painting. So add prime the attic walls"
    assert is_left_to_the_llm(said, CONTEXT)


def test_a_known_task_held_up_till_the_new_one_is_done_waits_on_it() -> None:
    said = "Add get a new washer for Duncan; fix the garden tap is held up till he's done that."
    assert read_after(said, CONTEXT) == [
        ("task.create", {"title": "get a new washer", "assignee": "Duncan"}),
        ("task.add_dependency", {"blocker": NEW, "task": "fix the garden tap"}),
    ]
    said = "add a task for Kwesi to order the glaze and put the kiln on hold till that's done"
    assert read_after(said, CONTEXT) == [
        ("task.create", {"assignee": "Kwesi", "title": "order the glaze"}),
        ("task.add_dependency", {"blocker": NEW, "task": "kiln"}),
    ]


def test_running_out_of_something_is_why_a_task_is_added() -> None:
    said = (
        "I'm out of fish food, so add buy fish food and the fish tank will just have to wait for it"
    )
    assert read_after(said, CONTEXT) == [
        ("task.create", {"title": "buy fish food"}),
        ("task.add_dependency", {"task": "fish tank", "blocker": NEW}),
    ]
    # what ran out, added to a list, is family ran_out's: "it" is the thing run out of
    assert read_after("we're out of candles, add them to the harvest supper", CONTEXT) == [
        ("task.create", {"title": "candles", "project": "harvest supper"})
    ]


def test_a_deed_said_done_without_i_have_ticks_the_task() -> None:
    assert read_after("Finally renewed the car insurance, tick that off.", CONTEXT) == [
        ("task.complete", {"task": "car insurance"})
    ]


@pytest.mark.parametrize(
    ("said", "change"),
    [
        (
            "reopen fix the garden tap, I ticked it off by mistake",
            ("task.reopen", {"task": "fix the garden tap"}),
        ),
        (
            "cancel the kiln task, Dr Okafor has found someone else",
            ("task.cancel", {"task": "kiln"}),
        ),
        ("undo that, I still need it for next week", ("undo", {})),
        (
            "get rid of the lanterns task, I bought them last week",
            ("task.delete", {"task": "lanterns"}),
        ),
    ],
)
def test_why_said_after_a_change_is_no_request_of_its_own(
    said: str, change: tuple[str, dict[str, str]]
) -> None:
    assert read_after(said, CONTEXT) == [change]


def test_tick_that_task_off_too() -> None:
    said = "tell Kwesi the kiln's booked, and tick that task off too"
    assert read_after(said, CONTEXT) == [
        ("message.send", {"to": "Kwesi", "text": "the kiln's booked"}),
        ("task.complete", {"task": "kiln"}),
    ]


def test_a_title_ending_in_too_is_never_taken_as_said() -> None:
    # "too" may end a new task's title only as "also": which task, the model reads
    assert is_left_to_the_llm("add a task to buy milk too", CONTEXT)


def test_meeting_someone_the_store_knows_at_a_time_is_a_meeting() -> None:
    said = "I need to meet Kwesi at 16:30 today, put it in"
    assert read_after(said, CONTEXT) == [
        ("meeting.schedule", {"attendees": ["Kwesi"], "when": "at 16:30 today"})
    ]
    # someone the store does not know is a thing to do
    assert read_after("I need to see the dentist tomorrow at ten", CONTEXT) == [
        ("task.create", {"title": "see the dentist", "due": "tomorrow at ten"})
    ]
    # with no time, a meeting or a thing to do: the model reads it
    assert is_left_to_the_llm("I need to meet Kwesi", CONTEXT)


def test_getting_on_top_of_something_is_no_task() -> None:
    said = "I need to get on top of the attic. Add a task, measure the skylight."
    command = PARSER.parse(said, CONTEXT)
    assert not any(a.params.get("title") == "get on top of the attic" for a in command.actions)


def test_someone_said_to_have_a_known_task_is_given_it() -> None:
    said = "stick the fish tank on Duncan for Monday, and Kwesi's got the harvest lanterns"
    assert read_after(said, CONTEXT) == [
        ("task.assign", {"task": "fish tank", "assignee": "Duncan"}),
        ("task.set_due", {"task": "fish tank", "due": "Monday"}),
        ("task.assign", {"assignee": "Kwesi", "task": "harvest lanterns"}),
    ]
    # "X's got it" is no task named: a message's words stay its own
    said = "message Duncan: don't worry, Kwesi's got it"
    assert read_after(said, CONTEXT) == [
        ("message.send", {"to": "Duncan", "text": "don't worry, Kwesi's got it"})
    ]


@pytest.mark.parametrize(
    ("said", "new"),
    [
        ("add buy the balloons four saturday", {"title": "buy the balloons", "due": "saturday"}),
        ("ad wash the car four dunkan", {"title": "wash the car", "assignee": "Duncan"}),
    ],
)
def test_for_heard_as_four_before_a_day_or_a_person(said: str, new: dict[str, str]) -> None:
    assert read_after(said, CONTEXT) == [("task.create", new)]


@pytest.mark.parametrize("said", ["meet at half past four saturday", "book four tickets"])
def test_four_as_a_number_stays_four(said: str) -> None:
    from services.nlu.hearing import rehear

    assert "four" in rehear(said)


@pytest.mark.parametrize(
    ("said", "person"),
    [
        ("assign the fish tank to chee non so", "Chinonso"),
        ("a sign the fish tank to key a maddox", "Keir Maddox"),
    ],
)
def test_a_name_heard_as_three_words_is_its_owner(said: str, person: str) -> None:
    heard = replace(CONTEXT, people=("Chinonso", "Keir Maddox", "Duncan"))
    assert read_after(said, heard) == [("task.assign", {"task": "fish tank", "assignee": person})]


@pytest.mark.parametrize(
    ("said", "person"),
    [("give the fish tank to pip a", "Pippa"), ("give the fish tank to pre a", "Priya")],
)
def test_a_name_heard_as_a_word_and_its_last_vowel_is_its_owner(said: str, person: str) -> None:
    heard = replace(CONTEXT, people=("Pippa", "Priya", "Duncan"))
    assert read_after(said, heard) == [("task.assign", {"task": "fish tank", "assignee": person})]


@pytest.mark.parametrize(
    ("said", "heard"),
    [
        ("make renew the bike lock do next monday", "make renew the bike lock due next monday"),
        (
            "hire the marquee do by the end of the month",
            "hire the marquee due by the end of the month",
        ),
        # a doing, not "due"
        ("I'll do Monday", "I'll do Monday"),
        ("message Dev I can't do Tuesday afternoon", "message Dev I can't do Tuesday afternoon"),
        ("what have I got to do today", "what have I got to do today"),
    ],
)
def test_due_heard_as_do_after_a_tasks_words(said: str, heard: str) -> None:
    from services.nlu.hearing import rehear

    assert rehear(said) == heard


def test_put_down_that_someone_needs_to_do_a_thing_is_their_new_task() -> None:
    said = "can you put down that Duncan needs to bleed the radiators by Sunday"
    assert read_after(said, CONTEXT) == [
        ("task.create", {"assignee": "Duncan", "title": "bleed the radiators", "due": "Sunday"})
    ]


@pytest.mark.parametrize(
    ("said", "label"),
    [
        ("can you do me a timer for an hour and a half, it's for the bread", "bread"),
        ("set one of them timers for an hour, it's for the stew in the slow cooker", "stew"),
        ("set a timer for twenty minutes, it's for the jacket potatoes", "jacket potatoes"),
    ],
)
def test_what_a_timer_is_for_said_after_it_is_its_label(said: str, label: str) -> None:
    [(kind, params)] = read_after(said, CONTEXT)
    assert kind == "timer.start" and params["label"] == label


def test_a_task_put_in_for_me() -> None:
    said = "put a task in for me to measure the skylight tomorrow"
    assert read_after(said, CONTEXT) == [
        ("task.create", {"assignee": "me", "title": "measure the skylight", "due": "tomorrow"})
    ]


def test_people_needed_together_at_a_time_is_a_meeting() -> None:
    said = "I need Kwesi, Duncan and Aunt Polly together Thursday at nine, half an hour"
    [(kind, params)] = read_after(said, CONTEXT)
    assert kind == "meeting.schedule"
    assert params["attendees"] == ["Kwesi", "Duncan", "Aunt Polly"]
    assert params["duration"] == "half an hour"


def test_make_it_high_priority_too() -> None:
    assert read_after("make it high priority too", CONTEXT) == [
        ("task.set_priority", {"task": {"context": "task"}, "priority": "high"})
    ]


def test_a_known_persons_name_with_a_bare_s_before_a_noun_is_theirs() -> None:
    assert read_after("new project called duncans birthday", CONTEXT) == [
        ("project.create", {"name": "Duncan's birthday"})
    ]
    # a name's s before a word of the request ("duncans tasks") is read where people are;
    # another word's plural stays as said
    from services.nlu.sounds import possessive_heard

    for said in (
        "give all of duncans tasks to Kwesi",
        "the kwesis are coming",
        "fix the bikes now",
    ):
        assert possessive_heard(said, CONTEXT) == said


@pytest.mark.parametrize(
    "said",
    [
        "cancel the car insurance task, I sold the car on Friday",
        "we've sold the car, so cancel the car insurance",
    ],
)
def test_something_sold_is_why_its_task_is_cancelled(said: str) -> None:
    assert read_after(said, CONTEXT) == [("task.cancel", {"task": "car insurance"})]


def test_where_a_thing_ends_up_says_its_task_is_done() -> None:
    hung = replace(CONTEXT, tasks=("hang the bunting", "plant the bulbs"))
    assert read_after("the bunting's up, tick it off", hung) == [
        ("task.complete", {"task": "bunting"})
    ]
    assert read_after("the bulbs are in, tick them off", hung) == [
        ("task.complete", {"task": "bulbs"})
    ]


def test_send_her_a_message_to_do_something() -> None:
    assert read_after("and send her a message to bring the kiln key", CONTEXT) == [
        ("message.send", {"to": {"context": "person"}, "text": "bring the kiln key"})
    ]


def test_lets_before_a_request() -> None:
    assert read_after("let's knock the kiln down to low priority, it can wait", CONTEXT) == [
        ("task.set_priority", {"task": "kiln", "priority": "low"})
    ]


def test_a_timer_said_as_a_length_and_one() -> None:
    said = "cancel the tea timer, set a five minute one for the eggs instead"
    assert read_after(said, CONTEXT) == [
        ("timer.cancel", {"label": "tea"}),
        ("timer.start", {"duration": "five minute", "label": "eggs"}),
    ]


def test_a_start_made_is_why_a_task_is_started() -> None:
    said = "put the attic floor down as in progress, I made a start this morning"
    assert read_after(said, CONTEXT) == [("task.start", {"task": "attic floor"})]


def test_by_the_way_after_a_request_is_no_part_of_it() -> None:
    assert read_after("make the kiln urgent by the way", CONTEXT) == [
        ("task.set_priority", {"task": "kiln", "priority": "urgent"})
    ]


@pytest.mark.parametrize(
    ("said", "new"),
    [
        (
            "stick get the chimney swept on the list, by the fifteenth",
            {"title": "get the chimney swept", "due": "the fifteenth"},
        ),
        (
            "stick clean out the gutters on the to-do list, low priority, whenever",
            {"title": "clean out the gutters", "priority": "low"},
        ),
    ],
)
def test_a_new_task_put_on_the_list_is_the_speakers(said: str, new: dict[str, str]) -> None:
    assert read_after(said, CONTEXT) == [("task.create", new)]
