"""Fast-path readings of the session of 2026-11-28 18:01: a thing's own word beside a word of a
task said differently ("the cricket bats" are not the cricket nets), British doubled l
("levelling"), "she" where a name was misheard, a reminder of a thing a new task's title holds,
a title ending on "off her" or "with him", a first name heard in pieces ("lack lan"), "plus"
before a request, "... to the same list", new tasks counted before they are said, and a task
said as its thing and its verb ("the camper van tax"), a blocker said as someone doing it ("till
I've bought the paint"), "make X mine", who a task was just given to put right ("sorry, not
Lachlan. Marnie."), and "..., or are we all right?" after a question."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from services.nlu import ParseContext
from services.nlu.commands import Action
from services.nlu.fields import verb_of_any
from tests.nlu.fastpath_support import is_left_to_the_llm, parse_after, read_after

LONDON = ZoneInfo("Europe/London")
CONTEXT = ParseContext(
    now=datetime(2034, 3, 8, 10, 30, tzinfo=LONDON),  # a Wednesday morning
    people=("Lachlan Boyd", "Chidi", "Marnie", "Uncle Ross", "Priya Das"),
    projects=("shed rebuild", "bowls club"),
    tasks=(
        "order the wedding cake",
        "tax the camper van",
        "service the boiler",
        "chase the VAT return",
        "label the jam jars",
        "mow the bowls green",
        "book the cricket nets",
    ),
)


def test_a_word_of_a_task_beside_another_word_is_not_that_task_misheard() -> None:
    # "bats" is no mishearing of "nets": the new task keeps the words said
    assert read_after("add a task to oil the cricket bats by Friday", CONTEXT) == [
        ("task.create", {"title": "oil the cricket bats", "due": "Friday"})
    ]
    # a first sound a recogniser confuses ("f" for "v") still names the task
    assert read_after("make chase the fat return urgent", CONTEXT) == [
        ("task.set_priority", {"task": "chase the VAT return", "priority": "urgent"})
    ]


@pytest.mark.parametrize(
    ("gerund", "verb"),
    [
        ("levelling", "level"),
        ("cancelling", "cancel"),
        ("labelling", "label"),
        ("controlling", "control"),
        ("patrolling", "patrol"),
        ("selling", "sell"),
        ("retelling", "retell"),
        ("unrolling", "unroll"),
        ("filling", "fill"),
        ("installing", "install"),
    ],
)
def test_a_doubled_l_before_ing_is_one_l_of_a_longer_verb(gerund: str, verb: str) -> None:
    assert verb_of_any(gerund) == verb


def test_a_new_task_said_as_its_doing_keeps_the_verb_whole() -> None:
    assert read_after("add levelling the lawn", CONTEXT) == [
        ("task.create", {"title": "level the lawn"})
    ]


def test_she_after_to_is_a_name_misheard_not_her() -> None:
    # "she d" is Chidi as heard (a word and a short one, by sound), never "her"
    assert read_after("send a message to she d say the hall's booked", CONTEXT) == [
        ("message.send", {"to": "Chidi", "text": "the hall's booked"})
    ]
    assert read_after("text her saying the hall's booked", CONTEXT) == [
        ("message.send", {"to": {"context": "person"}, "text": "the hall's booked"})
    ]


def test_a_reminder_of_a_thing_in_a_new_tasks_title_is_of_that_task() -> None:
    said = "add a task to get the van MOT'd by Friday and remind me about the MOT on Thursday at 9"
    command = parse_after(said, CONTEXT)
    assert command.is_complete
    reminder = command.actions[1]
    assert reminder.type == "reminder.create"
    assert reminder.params["text"] == "get the van MOT'd"
    assert reminder.params["task"] == {"result_of": 0}
    assert reminder.depends_on == (0,)
    # a task the store has is that task, not the new one
    command = parse_after(
        "add a task to wash the van and remind me about the boiler on Friday", CONTEXT
    )
    assert command.actions[1].params.get("task") == "boiler"
    assert command.actions[1].depends_on == ()


@pytest.mark.parametrize(
    "said", ["add a task to get the keys off her", "add a task to have a word with him"]
)
def test_a_title_ending_on_someone_said_before_is_the_models_to_read(said: str) -> None:
    assert is_left_to_the_llm(said, CONTEXT)


def test_a_first_name_heard_in_pieces_is_the_name() -> None:
    assert read_after("add a task to pick up the drill from lack lan", CONTEXT) == [
        ("task.create", {"title": "pick up the drill from Lachlan"})
    ]
    assert read_after("add a task to pick up the drill from Lachlan", CONTEXT) == [
        ("task.create", {"title": "pick up the drill from Lachlan"})
    ]


def test_plus_before_a_request_is_no_part_of_it() -> None:
    assert read_after("plus add a task to wash the van", CONTEXT) == [
        ("task.create", {"title": "wash the van"})
    ]


def test_a_new_task_to_the_same_list_goes_where_the_one_before_went() -> None:
    said = "add buy nails to the shed rebuild list, and buy screws to the same list"
    assert read_after(said, CONTEXT) == [
        ("task.create", {"title": "buy nails", "project": "shed rebuild"}),
        ("task.create", {"title": "buy screws", "project": "shed rebuild"}),
    ]
    # with no list said before, which list is "the same" one is not known
    assert is_left_to_the_llm("buy screws to the same list", CONTEXT)


def test_new_tasks_counted_first_are_read_when_as_many_are_said() -> None:
    assert read_after("add two tasks, wash the van and buy a hose", CONTEXT) == [
        ("task.create", {"title": "wash the van"}),
        ("task.create", {"title": "buy a hose"}),
    ]
    assert is_left_to_the_llm("add two tasks, wash the van, buy a hose and fix the tap", CONTEXT)


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        (
            "make the camper van tax urgent",
            ("task.set_priority", {"task": "tax the camper van", "priority": "urgent"}),
        ),
        ("the boiler service is done", ("task.complete", {"task": "service the boiler"})),
        (
            "push the cake order to Friday",
            ("task.set_due", {"task": "order the wedding cake", "due": "Friday"}),
        ),
    ],
)
def test_a_task_said_as_its_thing_then_its_verb_is_that_task(
    said: str, meant: tuple[str, dict[str, str]]
) -> None:
    assert read_after(said, CONTEXT) == [meant]


def test_a_blocker_said_as_someone_doing_it_is_no_task_of_that_name() -> None:
    assert is_left_to_the_llm("make the boiler wait till I've bought the new valve", CONTEXT)
    # the deed of a task the store has, said done, is that task
    assert read_after("the boiler has to wait until I've labelled the jam jars", CONTEXT) == [
        ("task.add_dependency", {"task": "boiler", "blocker": "jam jars"})
    ]


def test_make_a_task_mine_gives_it_to_me() -> None:
    assert read_after("make the jam jars mine", CONTEXT) == [
        ("task.assign", {"task": "jam jars", "assignee": "me"})
    ]


GIVEN = Action("task.assign", {"task": {"context": "task"}, "assignee": "Lachlan Boyd"})


@pytest.mark.parametrize(
    "said",
    ["Sorry, not Lachlan. Marnie.", "actually no, Marnie, she knows the caterers", "no, Marnie"],
)
def test_who_a_task_was_just_given_to_put_right_gives_it_to_them(said: str) -> None:
    assert read_after(said, CONTEXT, GIVEN) == [
        ("task.assign", {"task": {"context": "task"}, "assignee": "Marnie"})
    ]


def test_someone_else_said_not_to_have_it_is_the_models_to_read() -> None:
    # the task was Lachlan's, not Chidi's: what is meant is not clear
    assert not parse_after("sorry, not Chidi, Marnie", CONTEXT, GIVEN).is_complete


@pytest.mark.parametrize(
    "said", ["is anything overdue, or are we all right?", "is anything overdue or not"]
)
def test_or_are_we_all_right_after_a_question_is_part_of_it(said: str) -> None:
    assert read_after(said, CONTEXT) == [("query.tasks", {"filter": "overdue"})]


@pytest.mark.parametrize(
    "reason",
    [
        "money's tight this month",
        "the scaffolders need it",
        "I need to see what money is left",
    ],
)
def test_why_a_task_waits_said_after_it_is_no_request(reason: str) -> None:
    said = f"the boiler can't happen till the VAT return's chased, {reason}"
    assert read_after(said, CONTEXT) == [
        ("task.add_dependency", {"task": "boiler", "blocker": "VAT return"})
    ]


@pytest.mark.parametrize(
    "said",
    [
        "the boiler can't happen till the VAT return's chased, the scaffolders need it by Friday",
        "move the boiler to Friday, the scaffolders need it",
    ],
)
def test_a_need_with_a_day_or_after_another_change_is_the_models_to_read(said: str) -> None:
    assert is_left_to_the_llm(said, CONTEXT)


@pytest.mark.parametrize(
    "said",
    [
        "add a task to varnish the gate, but it has to wait till the jam jars are labelled",
        "add a task to varnish the gate, but that's got to come after the jam jars are labelled",
        "add a task to varnish the gate, that's after the jam jars are labelled",
        "add a task to varnish the gate, but labelling the jam jars has to happen first",
    ],
)
def test_a_new_task_said_to_wait_after_a_but_waits(said: str) -> None:
    assert read_after(said, CONTEXT) == [
        ("task.create", {"title": "varnish the gate"}),
        ("task.add_dependency", {"task": {"result_of": 0}, "blocker": "jam jars"}),
    ]


def test_a_task_said_by_its_place_among_others_is_the_models_to_read() -> None:
    said = "add wash the van, then another one, wax the van, but that has to wait for the first one"
    assert is_left_to_the_llm(said, CONTEXT)


@pytest.mark.parametrize(
    ("said", "new"),
    [
        (
            "the boiler depends on the gas man, can you add book the gas man and link them up?",
            {"title": "book the gas man"},
        ),
        (
            "the boiler can't be serviced till the pipes are lagged, so add lag the pipes and"
            " link the two",
            {"title": "lag the pipes"},
        ),
        (
            "the boiler is stuck waiting on Marnie buying a valve, so, um, add that as a task for"
            " her and hook them up",
            {"title": "buy a valve", "assignee": "Marnie"},
        ),
        (
            "the boiler is waiting on me finding the manual, so add that as a task and link them",
            {"title": "find the manual", "assignee": "me"},
        ),
    ],
)
def test_a_task_waiting_on_a_new_one_linked_up(said: str, new: dict[str, str]) -> None:
    assert read_after(said, CONTEXT) == [
        ("task.create", new),
        ("task.add_dependency", {"task": "boiler", "blocker": {"result_of": 0}}),
    ]


def test_we_cannot_do_a_task_until_a_new_one_is_done_linked_up() -> None:
    said = (
        "we can't label the jam jars until the labels come, so add order the labels and link them"
    )
    assert read_after(said, CONTEXT) == [
        ("task.create", {"title": "order the labels"}),
        ("task.add_dependency", {"task": "label the jam jars", "blocker": {"result_of": 0}}),
    ]


def test_what_someone_is_to_do_said_other_than_as_a_doing_is_the_models_to_read() -> None:
    said = (
        "I can't label the jam jars until Marnie sends me the labels, so put that in as a task for"
        " her and link the two"
    )
    assert is_left_to_the_llm(said, CONTEXT)


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        (
            "give Marnie a reminder to water the plants at nine tomorrow morning",
            {"person": "Marnie", "text": "water the plants", "when": "at nine tomorrow morning"},
        ),
        (
            "give Chidi a nudge on Friday at noon to bring the gazebo back",
            {"person": "Chidi", "when": "Friday at noon", "text": "bring the gazebo back"},
        ),
        (
            "put a reminder in for eight on Friday night to fill the car up",
            {"when": "eight on Friday night", "text": "fill the car up"},
        ),
    ],
)
def test_a_reminder_given_or_put_in(said: str, meant: dict[str, str]) -> None:
    assert read_after(said, CONTEXT) == [("reminder.create", meant)]


def test_i_need_a_task_to_is_a_new_task() -> None:
    assert read_after("I need a task to get quotes for a new boiler", CONTEXT) == [
        ("task.create", {"title": "get quotes for a new boiler"})
    ]
    # what a task is for is not its title
    assert is_left_to_the_llm("I need a task for the bowls club", CONTEXT)


def test_someone_got_in_for_a_meeting_is_a_meeting() -> None:
    assert read_after("get Chidi and Marnie in for a meeting tomorrow at four", CONTEXT) == [
        ("meeting.schedule", {"attendees": ["Chidi", "Marnie"], "when": "tomorrow at four"})
    ]


def test_a_timer_said_tersely() -> None:
    assert read_after("timer, pizza, eleven minutes", CONTEXT) == [
        ("timer.start", {"label": "pizza", "duration": "eleven minutes"})
    ]


def test_the_rest_of_a_hyphenated_name_is_no_message() -> None:
    context = ParseContext(now=CONTEXT.now, people=("Great-Aunt Maud",))
    assert read_after("tell Great-Aunt Maud we'll collect her at ten", context) == [
        ("message.send", {"to": "Great-Aunt Maud", "text": "we'll collect her at ten"})
    ]
