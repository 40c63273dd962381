"""Fast-path readings of the session of 2026-11-28 07:06: a task said by the noun of its deed
("the vet registration") is found by its verb, a doing said as a new list item or what to be
reminded about is said as its verb ("add picking up the cake", "a nudge about ringing Kofi"),
a new task "that can't start till ..." is left to the model, and "I've done my back in" is no
task finished."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from services.nlu import ParseContext
from services.nlu.fastpath import _segments
from tests.nlu.fastpath_support import is_left_to_the_llm, parse_after, read_after

LONDON = ZoneInfo("Europe/London")
CONTEXT = ParseContext(
    now=datetime(2031, 5, 14, 10, 20, tzinfo=LONDON),  # a Wednesday morning
    people=("Grandpa Len", "Kofi", "Ines"),
    projects=("attic clear-out", "quiz night"),
    tasks=(
        "register the car with the DVLA",
        "renew the bus pass",
        "mend the back fence",
        "pay the quiz entry fees",
    ),
)


@pytest.mark.parametrize(
    ("said", "read"),
    [
        (
            "remind me about ringing Kofi on Friday",
            [("reminder.create", {"text": "ring Kofi", "when": "Friday"})],
        ),
        (
            "give me a nudge tomorrow about picking up the prizes",
            [("reminder.create", {"when": "tomorrow", "text": "pick up the prizes"})],
        ),
        (
            "add sorting out the loft to the attic clear-out list",
            [("task.create", {"title": "sort out the loft", "project": "attic clear-out"})],
        ),
    ],
)
def test_a_doing_said_as_a_new_item_or_a_reminder_is_said_as_its_verb(said, read) -> None:
    assert read_after(said, CONTEXT) == read


def test_what_a_reminder_says_of_a_doing_stays_as_said() -> None:
    assert read_after("remind me on Friday that packing the car takes an hour", CONTEXT) == [
        ("reminder.create", {"when": "Friday", "text": "packing the car takes an hour"})
    ]


def test_steps_said_as_doings_stay_so() -> None:
    assert read_after("split mend the back fence into buying posts and digging holes", CONTEXT) == [
        (
            "task.add_subtasks",
            {"task": "mend the back fence", "titles": ["buying posts", "digging holes"]},
        )
    ]


@pytest.mark.parametrize(
    "said",
    [
        "add a task to book the quiz hall that can't start till the bus pass is renewed",
        "add print the answer sheets which can't happen until Kofi's written them",
        "I've done my knee in",
    ],
)
def test_a_new_task_that_waits_or_a_hurt_is_left_to_the_model(said: str) -> None:
    assert is_left_to_the_llm(said, CONTEXT)


def test_a_hurt_said_as_why_a_task_goes_to_someone_else() -> None:
    # ("back" is a word of the task given, "mend the back fence": the reason said after the
    # change may hold its words, tests/nlu/test_fastpath_round29.py; "Let Finn have the
    # allotment digging, I've done my back in" is read so by the writers of the dev sets)
    assert read_after("let Ines have the fence, I've done my back in", CONTEXT) == [
        ("task.assign", {"assignee": "Ines", "task": "fence"})
    ]


def test_i_have_done_a_task_is_still_finished() -> None:
    assert read_after("I've done the back fence", CONTEXT) == [
        ("task.complete", {"task": "back fence"})
    ]


@pytest.mark.parametrize(
    ("said", "read"),
    [
        (
            "add buy hinges under the back fence task",
            [("task.create", {"title": "buy hinges", "parent": "back fence"})],
        ),
        (
            "new task under the bus pass one: find a photo",
            [("task.create", {"parent": "bus pass", "title": "find a photo"})],
        ),
        (
            "under mend the back fence, add a task to buy posts, for Kofi, Friday",
            [
                (
                    "task.create",
                    {
                        "parent": "mend the back fence",
                        "title": "buy posts",
                        "assignee": "Kofi",
                        "due": "Friday",
                    },
                )
            ],
        ),
        (
            "stick buy posts under the back fence task as a step",
            [("task.add_subtasks", {"titles": ["buy posts"], "task": "back fence"})],
        ),
    ],
)
def test_a_new_task_added_under_one_is_made_under_it(said, read) -> None:
    assert read_after(said, CONTEXT) == read


def test_a_step_said_as_one_is_no_part_of_a_title() -> None:
    command = parse_after("add fix the gate, then add oil the hinges as a step under it", CONTEXT)
    assert not any("as a step" in str(a.params.get("title", "")) for a in command.actions)


@pytest.mark.parametrize(
    "said",
    [
        "the quiz fees can't go out until the bus pass is renewed",
        "the quiz fees can't go out until the bus pass is renewed, there's only so much left",
    ],
)
def test_a_task_named_by_its_words_with_one_left_out_waits(said: str) -> None:
    assert read_after(said, CONTEXT) == [
        ("task.add_dependency", {"task": "quiz fees", "blocker": "bus pass"})
    ]


def test_someone_put_in_the_diary_is_a_meeting() -> None:
    assert read_after("can you get Ines in the diary for Friday at half ten", CONTEXT) == [
        ("meeting.schedule", {"attendees": ["Ines"], "when": "Friday at half ten"})
    ]


@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("how many jobs have eye got", [("query.count", {"assignee": "me"})]),
        ("eye've done the back fence", [("task.complete", {"task": "back fence"})]),
        ("mart the back fence is done", [("task.complete", {"task": "back fence"})]),
    ],
)
def test_i_and_mark_misheard_are_mended(said, read) -> None:
    assert read_after(said, CONTEXT) == read


def test_an_eye_that_is_an_eye_stays() -> None:
    assert is_left_to_the_llm("keep an eye on the back fence", CONTEXT)


@pytest.mark.parametrize(
    ("said", "read"),
    [
        (
            "make the back fence urgent since the posts are coming on Tuesday",
            [("task.set_priority", {"task": "back fence", "priority": "urgent"})],
        ),
        (
            "push the bus pass to Friday because honestly I'm skint",
            [("task.set_due", {"task": "bus pass", "due": "Friday"})],
        ),
        (
            "tell Kofi to bring his wellies because the field's a bog",
            [
                (
                    "message.send",
                    {"to": "Kofi", "text": "bring his wellies because the field's a bog"},
                )
            ],
        ),
        (
            "finish off the back fence task",
            [("task.complete", {"task": "back fence"})],
        ),
    ],
)
def test_why_said_after_a_change_is_no_part_of_it(said, read) -> None:
    assert read_after(said, CONTEXT) == read


def test_since_a_day_is_no_reason() -> None:
    assert len(_segments("what's been done since Monday")) == 1
    assert len(_segments("make it urgent since the van's coming")) == 2


def test_a_reminder_of_them_beside_a_change_to_a_task_is_the_models() -> None:
    # writers name the task there: "collect the posts from the yard"
    said = "make the back fence urgent, and remind me Monday to collect them from the yard"
    assert is_left_to_the_llm(said, CONTEXT)
    # "invoice them" said last is said of people; after a new task, "it" is that task
    assert read_after("finish the back fence and remind Kofi to invoice them on Monday", CONTEXT)[
        1
    ] == ("reminder.create", {"person": "Kofi", "text": "invoice them", "when": "Monday"})


@pytest.mark.parametrize(
    ("said", "read"),
    [
        (
            "two things: a ten minute timer for the eggs, and tell Kofi the van's here",
            [
                ("timer.start", {"duration": "ten minute", "label": "eggs"}),
                ("message.send", {"to": "Kofi", "text": "the van's here"}),
            ],
        ),
        (
            "cancel the tea timer and start one for the bread, an hour and ten",
            [
                ("timer.cancel", {"label": "tea"}),
                ("timer.start", {"label": "bread", "duration": "an hour and ten"}),
            ],
        ),
        (
            "Kofi can get the bus pass tomorrow",
            [
                ("task.assign", {"assignee": "Kofi", "task": "bus pass"}),
                ("task.set_due", {"task": "bus pass", "due": "tomorrow"}),
            ],
        ),
    ],
)
def test_more_said_the_way_people_say_it(said, read) -> None:
    assert read_after(said, CONTEXT) == read


def test_three_things_for_a_list_are_three_tasks_on_it() -> None:
    read = read_after("three things for the quiz night list: buy pens, print sheets", CONTEXT)
    assert [params["title"] for _, params in read] == ["buy pens", "print sheets"]


def test_start_one_for_something_is_no_task_started() -> None:
    assert read_after("start one for the bread for ten minutes", CONTEXT) == [
        ("timer.start", {"label": "bread", "duration": "ten minutes"})
    ]


def test_steps_asked_for_then_said_after_a_question_mark_are_the_steps() -> None:
    said = "can you break the back fence down into steps for me? Buy posts, dig holes, and paint it"
    assert read_after(said, CONTEXT) == [
        (
            "task.add_subtasks",
            {"task": "back fence", "titles": ["Buy posts", "dig holes", "paint it"]},
        )
    ]


def test_a_step_ending_on_itself_is_the_step() -> None:
    said = "split the back fence into steps: buy posts, then do the painting itself"
    assert read_after(said, CONTEXT)[0][1]["titles"][-1] == "do the painting"


@pytest.mark.parametrize(
    ("said", "title"),
    [
        (
            "the back fence is held up by getting new posts, can you add that as a task and link"
            " them?",
            "get new posts",
        ),
        (
            "the back fence is stuck until I find the receipt, so add find the receipt as a task",
            "find the receipt",
        ),
        (
            "the back fence can't start till we've picked the posts up, so add pick up the posts"
            " and link them",
            "pick up the posts",
        ),
    ],
)
def test_a_known_task_waiting_on_a_new_one_asked_for_after_it(said: str, title: str) -> None:
    assert read_after(said, CONTEXT) == [
        ("task.create", {"title": title}),
        ("task.add_dependency", {"task": "back fence", "blocker": {"result_of": 0}}),
    ]


def test_waiting_on_a_new_thing_for_a_task_nobody_has_is_the_models() -> None:
    said = "the shed roof is held up by getting new felt, can you add that as a task and link them?"
    assert is_left_to_the_llm(said, CONTEXT)


def test_a_task_said_by_the_noun_of_its_deed_is_known() -> None:
    assert read_after("I'm starting the car registration now", CONTEXT) == [
        ("task.start", {"task": "register the car with the DVLA"})
    ]


def test_someone_put_on_them_after_a_task_is_given_it() -> None:
    said = "make the quiz entry fees urgent, move them to Tuesday and put Ines on them"
    assert read_after(said, CONTEXT)[2] == (
        "task.assign",
        {"task": {"result_of": 0}, "assignee": "Ines"},
    )


@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("new project cold quiz panto mime", [("project.create", {"name": "quiz pantomime"})]),
        (
            "create a new project called the allot meant",
            [("project.create", {"name": "allotment"})],
        ),
        (
            "break the back fence into sub tasks buy the posts and pay on line",
            [
                (
                    "task.add_subtasks",
                    {"task": "back fence", "titles": ["buy the posts", "pay online"]},
                )
            ],
        ),
    ],
)
def test_words_a_recogniser_splits_or_mishears_in_names_and_steps(said, read) -> None:
    assert read_after(said, CONTEXT) == read
