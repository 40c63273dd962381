"""Fast-path readings of the session of 2026-11-27 21:15: steps asked for in more ways, a
second reminder with "remind me" said once, everything of someone's moved, a new task said for
someone as "add that for him", asides about another day, money or a job done, and a past time
that is never a task's name."""

from __future__ import annotations

from datetime import datetime

import pytest

from services.nlu import ParseContext
from services.nlu.commands import Action, Command
from services.nlu.llm_vet import is_odd_task, vet
from tests.nlu.fastpath_support import parse_after, read_after

CONTEXT = ParseContext(
    now=datetime(2027, 10, 6, 9, 30),  # a Wednesday morning
    people=("Grandma Pat", "Ravi", "Keeley", "Bo", "Coach Dan"),
    projects=("allotment", "book club"),
    tasks=(
        "paint the back gate",
        "apply for the parking permit",
        "fix the bike pump",
        "order the seed potatoes",
        "renew the home insurance",
        "plan the book swap",
    ),
)
NEW_TASK = Action("task.create", {"title": "plan the harvest lunch"})


def _parse(text: str, previous: Action | None = None) -> Command:
    return parse_after(text, CONTEXT, previous)


def _read(text: str, previous: Action | None = None) -> list[tuple[str, dict[str, object]]]:
    return read_after(text, CONTEXT, previous)


@pytest.mark.parametrize(
    ("said", "task", "steps"),
    [
        (
            "could you break fixing the bike pump down into steps for me, find the valve, "
            "swap the washer, then test it",
            "bike pump",
            ["find the valve", "swap the washer", "test it"],
        ),
        (
            "the seed potatoes need a few things doing: measure the beds, pick a variety, "
            "and then actually place the order",
            "seed potatoes",
            ["measure the beds", "pick a variety", "place the order"],
        ),
        (
            "paint the back gate, that wants breaking down a bit: sand it, prime it, oh and "
            "buy the paint",
            "paint the back gate",
            ["sand it", "prime it", "buy the paint"],
        ),
        (
            "the book swap needs three things doing: book a room, make a poster and, uh, "
            "borrow a table",
            "book swap",
            ["book a room", "make a poster", "borrow a table"],
        ),
        (
            "split the home insurance into bits, get quotes, read the small print, and a "
            "direct debit somehow",
            "home insurance",
            ["get quotes", "read the small print", "a direct debit"],
        ),
    ],
)
def test_steps_asked_for_in_more_ways(said: str, task: str, steps: list[str]) -> None:
    (action,) = _read(said)
    assert action[0] == "task.add_subtasks"
    assert str(action[1]["task"]).lower() == task
    assert action[1]["titles"] == steps


def test_steps_of_the_task_just_said() -> None:
    assert _read(
        "it's got three bits to it, book the hall, buy the food and finally send the invites",
        NEW_TASK,
    ) == [
        (
            "task.add_subtasks",
            {
                "task": {"context": "task"},
                "titles": ["book the hall", "buy the food", "send the invites"],
            },
        )
    ]


def test_a_second_reminder_said_without_remind_me() -> None:
    assert _read(
        "remind me at nine to water the beans, and then at half twelve to ring the vet"
    ) == [
        ("reminder.create", {"when": "at nine", "text": "water the beans"}),
        ("reminder.create", {"when": "at half twelve", "text": "ring the vet"}),
    ]


def test_a_second_reminder_reminds_the_same_person() -> None:
    assert _read("remind Ravi at six to lock the shed and at seven to feed the cat") == [
        ("reminder.create", {"person": "Ravi", "when": "at six", "text": "lock the shed"}),
        ("reminder.create", {"when": "at seven", "text": "feed the cat", "person": "Ravi"}),
    ]


def test_a_time_and_a_deed_with_no_reminder_before_them_are_the_models() -> None:
    command = _parse("at noon to ring the vet")
    assert not command.is_complete
    assert not _parse("move the bike pump to Friday, and at noon to ring the vet").is_complete


@pytest.mark.parametrize(
    "said",
    ["everything of Ravi's, give it to Keeley", "Keeley's taking over everything of Ravi's"],
)
def test_everything_of_someones_moved_to_someone_else(said: str) -> None:
    (action,) = _read(said)
    assert action == ("task.reassign_all", {"source": "Ravi", "assignee": "Keeley"}) or action == (
        "task.reassign_all",
        {"assignee": "Keeley", "source": "Ravi"},
    )


def test_add_that_for_him_is_whose_the_new_task_is() -> None:
    assert _read("Bo needs to clean out the shed, can you add that for him, due Friday") == [
        ("task.create", {"assignee": "Bo", "title": "clean out the shed", "due": "Friday"})
    ]


def test_a_known_task_that_cannot_be_done_without_the_new_one_waits_for_it() -> None:
    command = _parse(
        "Bo needs to buy a ladder, add that for him, and the back gate can't be done without it"
    )
    assert command.is_complete
    made, waits = (action.to_dict() for action in command.actions)
    assert made["params"] == {"assignee": "Bo", "title": "buy a ladder"}
    assert waits["type"] == "task.add_dependency"
    assert waits["params"] == {"blocker": {"result_of": 0}, "task": "back gate"}


def test_a_past_time_is_never_a_tasks_name() -> None:
    assert not _parse("I sorted that last night").is_complete
    assert _read(
        "the bike pump's done, Keeley did it yesterday, and the home insurance as well, I "
        "sorted that last night, so tick both off"
    ) == [
        ("task.complete", {"task": "bike pump"}),
        ("task.complete", {"task": "home insurance"}),
    ]


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        # the day of something the store does not know, said as why
        (
            "move the bike pump to Friday, no, hang on, Thursday, the race is Saturday",
            [("task.set_due", {"task": "bike pump", "due": "Thursday"})],
        ),
        # money
        (
            "push the home insurance back to the fifteenth, I get paid then",
            [("task.set_due", {"task": "home insurance", "due": "the fifteenth"})],
        ),
        (
            "do the parking permit first, then the seed potatoes, I'm skint till payday",
            [("task.add_dependency", {"blocker": "parking permit", "task": "seed potatoes"})],
        ),
        # a job said done again, gladly
        (
            "I've done the back gate one, it's painted, hooray",
            [("task.complete", {"task": "back gate"})],
        ),
        (
            "I've done the bike pump one, it's fixed, hooray!",
            [("task.complete", {"task": "bike pump"})],
        ),
    ],
)
def test_an_aside_adds_nothing(said: str, expected: list[object]) -> None:
    assert _read(said) == expected


def test_the_day_of_a_known_task_is_not_an_aside() -> None:
    # "the book swap's Thursday" names a task the store has: its deadline, not a reason
    assert _read("move the bike pump to Friday, the book swap's Thursday") == [
        ("task.set_due", {"task": "bike pump", "due": "Friday"}),
        ("task.set_due", {"task": "book swap", "due": "Thursday"}),
    ]


def test_a_meeting_about_something_said_with_re() -> None:
    assert _read("put a meeting in with Ravi and Bo tomorrow at four, re the harvest lunch") == [
        (
            "meeting.schedule",
            {"attendees": ["Ravi", "Bo"], "when": "tomorrow at four", "title": "harvest lunch"},
        )
    ]


def test_a_new_task_for_me_said_as_what_i_need() -> None:
    assert _read("I need a new task for me, descale the kettle, by Saturday") == [
        ("task.create", {"assignee": "me", "title": "descale the kettle", "due": "Saturday"})
    ]


def test_a_task_said_as_the_noun_of_its_verb_is_known() -> None:
    # "the permit application" names "apply for the parking permit"
    assert not is_odd_task("permit application", CONTEXT)
    command = _parse("I've finished the permit application, tick it off")
    assert vet(command, CONTEXT)[1] == []
    assert is_odd_task("permit fandango", CONTEXT)


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        (
            "clear out the whole book club list, we're not doing it this year, long story",
            [("task.delete_all", {"project": "book club"})],
        ),
        (
            "empty the allotment list, we're starting again",
            [("task.delete_all", {"project": "allotment"})],
        ),
        (
            "put Keeley on the seed potatoes, she's said she'll take it over",
            [("task.assign", {"assignee": "Keeley", "task": "seed potatoes"})],
        ),
        (
            "put down for Bo, sweep the patio, by Friday-ish, no rush though",
            [
                (
                    "task.create",
                    {
                        "assignee": "Bo",
                        "title": "sweep the patio",
                        "due": "Friday",
                        "priority": "low",
                    },
                )
            ],
        ),
        (
            "new task for Ravi, order the compost, it's urgent, has to be in by Monday",
            [
                (
                    "task.create",
                    {
                        "assignee": "Ravi",
                        "title": "order the compost",
                        "priority": "urgent",
                        "due": "Monday",
                    },
                )
            ],
        ),
    ],
)
def test_details_and_remarks_said_more_ways(said: str, expected: list[object]) -> None:
    assert _read(said) == expected


def test_another_timer_said_without_a_verb() -> None:
    assert _read("put an egg timer on for six minutes and a rice one for twelve minutes") == [
        ("timer.start", {"label": "egg", "duration": "six minutes"}),
        ("timer.start", {"label": "rice", "duration": "twelve minutes"}),
    ]
    assert _read("start a timer for the bread, ten minutes, then another one, an hour") == [
        ("timer.start", {"label": "bread", "duration": "ten minutes"}),
        ("timer.start", {"duration": "an hour"}),
    ]


@pytest.mark.parametrize(
    ("said", "notes"),
    [
        ("add sharpen the shears, due Sunday, and note it's the big pair", "it's the big pair"),
        ("add a task to order the seed trays, and note the size is forty cells", None),
    ],
)
def test_a_note_said_after_a_new_task_is_its_note(said: str, notes: str | None) -> None:
    (action,) = _read(said)
    assert action[0] == "task.create"
    expected = notes or said.split("note ", 1)[1]
    assert action[1]["notes"] == expected


@pytest.mark.parametrize(
    "said",
    [
        "cancel the bike pump task, we're getting a whole new bike",
        "get rid of the back gate task, we're putting in a new fence instead",
    ],
)
def test_something_new_coming_instead_is_why_a_task_goes(said: str) -> None:
    (action,) = _read(said)
    assert action[0] in ("task.cancel", "task.delete")


def test_a_second_new_task_said_without_add_keeps_its_own_details() -> None:
    assert _read(
        "add sweep the patio for Bo due tomorrow and wash the car for Keeley due Friday"
    ) == [
        ("task.create", {"title": "sweep the patio", "assignee": "Bo", "due": "tomorrow"}),
        ("task.create", {"title": "wash the car", "assignee": "Keeley", "due": "Friday"}),
    ]
    # "and seven" is no second task: the model's to read
    assert not _parse("add twelve and seven").is_complete


def test_a_separate_one_for_someone_is_another_new_task() -> None:
    actions = _read(
        "add a task for Bo to sweep the patio, and a separate one for me to wash the car"
    )
    assert actions[1] == ("task.create", {"assignee": "me", "title": "wash the car"})


def test_rename_it_after_a_change_renames_that_task() -> None:
    assert _read("bump the bike pump up to high and rename it replace the bike pump") == [
        ("task.set_priority", {"task": "bike pump", "priority": "high"}),
        ("task.rename", {"task": {"result_of": 0}, "title": "replace the bike pump"}),
    ]  # ("it": the task the change before it touched)


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        (
            "set a five minute timer called toast, no, call it crumpets",
            ("timer.start", {"duration": "five minute", "label": "crumpets"}),
        ),
        (
            "start a new list called gardening club, no sorry, call it garden club",
            ("project.create", {"name": "garden club"}),
        ),
    ],
)
def test_no_call_it_renames_what_was_just_made(said: str, expected: object) -> None:
    assert _read(said) == [expected]


def test_a_new_task_ending_on_a_known_list_said_bare_is_the_models() -> None:
    # "to book club" is where the task goes, not words of its title
    assert not _parse("add choose the film for March to book club").is_complete


@pytest.mark.parametrize(
    ("said", "details"),
    [
        (
            "set up a meeting with Ravi, Friday, half past two, for an hour, in the shed, about "
            "the harvest lunch",
            {"duration": "an hour", "location": "shed", "title": "harvest lunch"},
        ),
        (
            "meeting with Bo and Keeley a week on Friday, 2pm, about the seed order",
            {"title": "seed order"},
        ),
        (
            "book in a catch-up with Bo tomorrow at two in the library, about the rota, "
            "forty-five minutes",
            {"location": "library", "title": "rota", "duration": "forty-five minutes"},
        ),
    ],
)
def test_a_meetings_details_said_after_it_are_its_own(
    said: str, details: dict[str, object]
) -> None:
    (action,) = _read(said)
    assert action[0] == "meeting.schedule"
    assert {key: action[1].get(key) for key in details} == details


def test_a_length_said_after_a_timer_is_the_timers_not_a_meetings() -> None:
    assert _read(
        "set a pizza timer for fifteen minutes and another one for the chips, eight minutes"
    ) == [
        ("timer.start", {"label": "pizza", "duration": "fifteen minutes"}),
        ("timer.start", {"label": "chips", "duration": "eight minutes"}),
    ]
    # a length alone after a new task is no detail of it: the model's to read
    assert not _parse("add a task to sand the door, an hour").is_complete


def test_stick_that_on_a_list_after_a_new_task_is_where_it_goes() -> None:
    assert _read(
        "Bo has to return the ladder by Saturday, stick that on the allotment list would you"
    ) == [
        (
            "task.create",
            {
                "assignee": "Bo",
                "title": "return the ladder",
                "due": "Saturday",
                "project": "allotment",
            },
        )
    ]


def test_a_length_put_right_after_no() -> None:
    assert _read(
        "timer, twenty-five minutes, for the roast potatoes, oh no, make it thirty-five minutes"
    ) == [("timer.start", {"duration": "thirty-five minutes", "label": "roast potatoes"})]
    # with no "no" before it, which length is meant is the model's to read
    assert not _parse("set a timer for ten minutes, make it fifteen minutes").is_complete


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("stop the rice timer, they're done", [("timer.cancel", {"label": "rice"})]),
        ("oh no, wrong one, undo that", [("undo", {})]),
        ("hang on, undo that, she's away till Monday", [("undo", {})]),
        (
            "move all of Ravi's jobs over to Bo, he's away sailing till June",
            [("task.reassign_all", {"source": "Ravi", "assignee": "Bo"})],
        ),
        (
            "due date for the seed potatoes, Tuesday, no, make it Monday",
            [("task.set_due", {"task": "seed potatoes", "due": "Monday"})],
        ),
    ],
)
def test_more_asides_and_leads(said: str, expected: list[object]) -> None:
    assert _read(said) == expected


def test_someone_to_do_something_after_steps_is_the_models() -> None:
    # a last step, or a task of its own for that person? Not the fast path's to guess
    assert not _parse(
        "the book swap needs a few things doing: book a room, make a poster, and get Ravi to "
        "bring a table"
    ).is_complete


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        (
            "give all of Ravi's stuff to Bo while he's away, and message Ravi have a good trip",
            [
                ("task.reassign_all", {"source": "Ravi", "assignee": "Bo"}),
                ("message.send", {"to": "Ravi", "text": "have a good trip"}),
            ],
        ),
        (
            "start the bike pump one, and stick a timer on for an hour plus tell Bo I'm in "
            "the shed",
            [
                ("task.start", {"task": "bike pump"}),
                ("timer.start", {"duration": "an hour"}),
                ("message.send", {"to": "Bo", "text": "I'm in the shed"}),
            ],
        ),
        (
            "add weed the beds for the allotment, Keeley's doing it Tuesday",
            [
                (
                    "task.create",
                    {
                        "title": "weed the beds",
                        "project": "allotment",
                        "assignee": "Keeley",
                        "due": "Tuesday",
                    },
                )
            ],
        ),
        ("new list, camping kit", [("project.create", {"name": "camping kit"})]),
        ("new project, call it garden makeover", [("project.create", {"name": "garden makeover"})]),
    ],
)
def test_more_ways_of_saying_a_move_a_new_list_or_whose_it_is(
    said: str, expected: list[object]
) -> None:
    assert _read(said) == expected


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        (
            "bump the seed potatoes up to urgent, the show is Sunday",
            [("task.set_priority", {"task": "seed potatoes", "priority": "urgent"})],
        ),
        (
            "make it urgent, the guests arrive Saturday",
            [("task.set_priority", {"task": {"context": "task"}, "priority": "urgent"})],
        ),
        (
            "make the book swap due by half five tomorrow, the committee meets at six",
            [("task.set_due", {"task": "book swap", "due": "half five tomorrow"})],
        ),
    ],
)
def test_when_something_else_happens_is_why(said: str, expected: list[object]) -> None:
    assert _read(said) == expected


def test_the_weather_is_why() -> None:
    assert _read("the back gate, bump that up to high, it's meant to rain all weekend") == [
        ("task.set_priority", {"task": "back gate", "priority": "high"})
    ]
