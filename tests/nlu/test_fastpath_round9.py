"""What the dev sets' fast-path failures showed on the morning of 2026-11-27 (and the first
sight of devset_natural13): a task said to wait for what a new task is about, before the new
task is asked for, is the reason and not a second dependency; "and note that ..." after a new
task is its note; "the egg one" after a timer is the egg timer; a remark after a reminder is not
its text; "don't delete it, just cancel it" is no plain remark; "and then, um, ..." ends a
clause; a known task said first whose name opens like "re" is still the topic; "mark X as
printed"; "put Dai down for the gutters too"; "give it to Leo this time"; "Y can't be done till
that's booked" after a new task; what the speaker did, said after starting a task, is why;
"the 20th of this month". Variants of those failures, not their sentences."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from services.config import Dates
from services.errors import ResolveError
from services.nlu import ParseContext
from services.nlu.text import clean
from services.nlu.timeparse import resolve_when
from tests.nlu.fastpath_support import PARSER, complete_actions, is_left_to_the_llm, one

NOW = datetime(2027, 1, 6, 19, 40, tzinfo=ZoneInfo("Europe/London"))  # a Wednesday evening
CONTEXT = ParseContext(
    now=NOW,
    people=("Rowan", "Ines", "Leo"),
    projects=("garage", "choir"),
    tasks=("paint the hallway", "renew the parking permit", "fit the skirting", "sand the doors"),
)


@pytest.mark.parametrize(
    ("text", "made"),
    [
        (
            "the skirting's held up by the flooring, so add lay the flooring and make the "
            "skirting wait for it",
            "lay the flooring",
        ),
        (
            "the doors are stuck behind the sanding, so add sand the frames to the garage and "
            "make the doors wait for it",
            "sand the frames",
        ),
    ],
)
def test_a_dependency_said_as_the_reason_first_is_made_once(text: str, made: str) -> None:
    actions = complete_actions(text, CONTEXT)
    assert [a["type"] for a in actions] == ["task.create", "task.add_dependency"]
    assert actions[0]["params"]["title"] == made
    assert actions[1]["params"]["blocker"] == {"result_of": 0}
    assert actions[1]["depends_on"] == [0]


def test_two_different_blockers_for_one_task_are_both_kept() -> None:
    actions = complete_actions(
        "the skirting's held up by the paint, so add buy the nails and make the skirting wait "
        "for it",
        CONTEXT,
    )
    assert [a["type"] for a in actions] == [
        "task.add_dependency",
        "task.create",
        "task.add_dependency",
    ]
    assert actions[2]["params"]["blocker"] == {"result_of": 1}


def test_a_note_said_after_a_new_task_is_its_note() -> None:
    actions = complete_actions(
        "add a task to ring the plumber on Friday, and note that the key's under the mat",
        CONTEXT,
    )
    assert actions == [
        one("task.create", title="ring the plumber", due="Friday", notes="the key's under the mat")
    ]


def test_a_note_on_its_own_is_still_a_task() -> None:
    actions = complete_actions("note that I need to ring the plumber", CONTEXT)
    assert [a["type"] for a in actions] == ["task.create"]
    assert "notes" not in actions[0]["params"]


def test_the_egg_one_after_a_timer_is_the_egg_timer() -> None:
    actions = complete_actions(
        "how long's left on the rice timer? oh and cancel the egg one", CONTEXT
    )
    assert actions == [one("timer.query", label="rice"), one("timer.cancel", label="egg")]


def test_a_known_task_cancelled_after_a_timer_is_still_the_task() -> None:
    actions = complete_actions("stop the rice timer and cancel the hallway one", CONTEXT)
    assert actions[1] == one("task.cancel", task="hallway")


def test_a_remark_after_a_reminder_is_not_its_text() -> None:
    actions = complete_actions(
        "in ten minutes remind me to bring the bins in, they'll be empty by then", CONTEXT
    )
    assert actions == [one("reminder.create", when="in ten minutes", text="bring the bins in")]
    # a remark the fast path cannot read as one is the model's, never part of the text
    assert is_left_to_the_llm(
        "in ten minutes remind me to bring the bins in, it'll be done by then", CONTEXT
    )


def test_by_then_keeps_its_then_in_a_message() -> None:
    actions = complete_actions("tell Ines the car will be fixed by then", CONTEXT)
    assert actions == [one("message.send", to="Ines", text="the car will be fixed by then")]


def test_a_change_asked_for_after_a_remark_is_no_remark() -> None:
    text = "bin paint the hallway, we're moving, don't delete it, just cancel it"
    assert is_left_to_the_llm(text, CONTEXT)


def test_and_then_um_ends_a_clause() -> None:
    actions = complete_actions(
        "set a timer for ten minutes for the rice and then, um, remind me to feed the cat at nine",
        CONTEXT,
    )
    assert actions[0] == one("timer.start", duration="ten minutes", label="rice")
    assert actions[1]["type"] == "reminder.create"
    assert actions[1]["params"]["text"] == "feed the cat"


def test_a_known_task_opening_like_re_is_still_the_topic() -> None:
    actions = complete_actions(
        "renew the parking permit, can you split that into find the form and pay online",
        CONTEXT,
    )
    assert actions == [
        one(
            "task.add_subtasks",
            task="renew the parking permit",
            titles=["find the form", "pay online"],
        )
    ]


@pytest.mark.parametrize("deed", ["paid", "posted", "renewed"])
def test_mark_a_task_as_what_finishing_it_is(deed: str) -> None:
    actions = complete_actions(f"mark the hallway as {deed}", CONTEXT)
    assert actions == [one("task.complete", task="hallway")]


def test_put_someone_down_for_a_task() -> None:
    actions = complete_actions("put Ines down for the skirting too", CONTEXT)
    assert actions == [one("task.assign", assignee="Ines", task="skirting")]


def test_give_it_to_someone_this_time() -> None:
    actions = complete_actions("reopen the doors one and give it to Leo this time", CONTEXT)
    assert [a["type"] for a in actions] == ["task.reopen", "task.assign"]
    assert actions[1]["params"]["assignee"] == "Leo"


def test_her_said_again_for_the_person_named_is_one_assignment() -> None:
    actions = complete_actions("Ines is taking over the skirting, put her down for it", CONTEXT)
    assert actions == [one("task.assign", assignee="Ines", task="skirting")]


def test_a_task_that_waits_for_that_new_task() -> None:
    actions = complete_actions(
        "add order the paint, and the hallway can't be done till that's arrived", CONTEXT
    )
    assert actions == [
        one("task.create", title="order the paint"),
        one("task.add_dependency", [0], task="hallway", blocker={"result_of": 0}),
    ]


def test_that_with_no_new_task_before_it_is_the_models() -> None:
    assert is_left_to_the_llm("the hallway can't be done till that's arrived", CONTEXT)


def test_what_the_speaker_did_after_starting_a_task_is_why() -> None:
    actions = complete_actions("mark the permit as started, I've just emailed them", CONTEXT)
    assert actions == [one("task.start", task="permit")]


def test_a_correction_word_is_no_task() -> None:
    assert is_left_to_the_llm(
        "mark the doors as sanded, I mean done, and start the hallway one", CONTEXT
    )


@pytest.mark.parametrize(
    ("phrase", "day"),
    [
        ("the 20th of this month", (2027, 1, 20)),
        ("the 2nd of this month", (2027, 1, 2)),
        ("the third of next month", (2027, 2, 3)),
    ],
)
def test_a_day_of_this_or_next_month(phrase: str, day: tuple[int, int, int]) -> None:
    assert resolve_when(phrase, NOW, Dates()).date() == datetime(*day).date()


def test_a_day_next_month_does_not_have_is_an_error() -> None:
    with pytest.raises(ResolveError, match="February"):
        resolve_when("the 30th of next month", NOW, Dates())


@pytest.mark.parametrize(
    "text",
    [
        "under sand the doors add buy sandpaper and hire a sander",
        "Under sand the doors, can you add buy sandpaper and hire a sander",
        "for the sand the doors task, the steps are buy sandpaper and hire a sander",
    ],
)
def test_steps_said_under_a_known_task(text: str) -> None:
    actions = complete_actions(text, CONTEXT)
    assert actions == [
        one("task.add_subtasks", task="sand the doors", titles=["buy sandpaper", "hire a sander"])
    ]


def test_a_new_task_said_under_a_known_one_is_made_under_it() -> None:
    # the model's until 2026-11-28; since then read as the dev sets' writers mean it (a new task
    # with the known one as its parent, and its own details)
    actions = complete_actions(
        "under sand the doors, add a task to buy sandpaper, for Leo, Monday", CONTEXT
    )
    assert actions == [
        one(
            "task.create",
            parent="sand the doors",
            title="buy sandpaper",
            assignee="Leo",
            due="Monday",
        )
    ]


@pytest.mark.parametrize(
    ("text", "details"),
    [
        ("new task wash the van, high, due Friday", {"priority": "high", "due": "Friday"}),
        ("todo: wash the van, garage, tags outdoor and weekend",
         {"project": "garage", "tags": ["outdoor", "weekend"]}),
        ("new task: wash the van, put it under garage, give it to Leo",
         {"project": "garage", "assignee": "Leo"}),
    ],
)  # fmt: skip
def test_details_said_bare_after_a_new_task(text: str, details: dict[str, object]) -> None:
    actions = complete_actions(text, CONTEXT)
    assert actions == [one("task.create", title="wash the van", **details)]


def test_a_bare_priority_said_again_is_one_change() -> None:
    actions = complete_actions("the hallway. Top priority. Urgent.", CONTEXT)
    assert actions == [one("task.set_priority", task="hallway", priority="urgent")]


def test_everything_of_someones_goes_to_another() -> None:
    actions = complete_actions("move everything of Rowan's over to Ines", CONTEXT)
    assert actions == [one("task.reassign_all", source="Rowan", assignee="Ines")]


@pytest.mark.parametrize("text", ["add an urgent one", "add a quick one to the garage list"])
def test_one_said_for_a_task_to_come_is_no_title(text: str) -> None:
    assert is_left_to_the_llm(text, CONTEXT)


_PEOPLE = ParseContext(
    now=NOW,
    people=("Rowan", "Ines", "Leo", "Mei Ling Chow", "Bartholomew"),
    projects=("garage",),
    tasks=("paint the hallway", "fit the skirting", "sand the doors", "file the invoices"),
)


@pytest.mark.parametrize(
    "text",
    [
        "make the invoices urgent, the bookkeeper's rung twice",
        "remind me a day before the invoices are due, just so it doesn't slip again",
    ],
)
def test_a_remark_after_a_change_adds_nothing(text: str) -> None:
    actions = complete_actions(text, _PEOPLE)
    assert len(actions) == 1


def test_a_remark_after_a_message_is_part_of_the_message() -> None:
    actions = complete_actions("tell Ines I'll be late, the bus has broken down", _PEOPLE)
    assert actions == [one("message.send", to="Ines", text="I'll be late, the bus has broken down")]


def test_message_someone_to_do_something() -> None:
    actions = complete_actions("and message Leo to bring the ladder", _PEOPLE)
    assert actions == [one("message.send", to="Leo", text="bring the ladder")]


def test_put_that_down_for_her_after_a_task_for_her() -> None:
    actions = complete_actions("Ines needs to renew her bus pass, put that down for her", _PEOPLE)
    assert actions == [one("task.create", assignee="Ines", title="renew her bus pass")]


def test_a_task_that_waits_till_another_is_up() -> None:
    actions = complete_actions(
        "add hang the mirror, but that's only once the skirting's up", _PEOPLE
    )
    assert actions == [
        one("task.create", title="hang the mirror"),
        one("task.add_dependency", [0], task={"result_of": 0}, blocker="skirting"),
    ]


def test_a_name_split_round_a_short_word_is_the_known_name() -> None:
    actions = complete_actions("send a message to bar thol a mew saying the van's here", _PEOPLE)
    assert actions[0]["params"]["to"] == "Bartholomew"


def test_the_rest_of_a_longer_name_is_no_part_of_the_message() -> None:
    actions = complete_actions("tell Mei Ling the invoices will be with her by Thursday", _PEOPLE)
    assert actions == [
        one("message.send", to="Mei Ling Chow", text="the invoices will be with her by Thursday")
    ]


def test_a_topic_catch_up_keeps_catch_up_in_its_title() -> None:
    actions = complete_actions(
        "set up a garage catch-up with Leo and Ines on Monday at ten", _PEOPLE
    )
    assert actions[0]["params"]["title"] == "garage catch-up"
    actions = complete_actions(
        "set up a garage meeting with Leo and Ines on Monday at ten", _PEOPLE
    )
    assert actions[0]["params"]["title"] == "garage"


@pytest.mark.parametrize(
    ("said", "cleaned"),
    [
        ("Hang on, undo that.", "undo that"),
        (
            "Move the doors to Thursday, no, hold on, Friday.",
            "Move the doors to Thursday, no, Friday",
        ),
        ("Hmm, hang on... yeah, go on.", "go on"),
        ("hang on the mirror in the hall", "hang on the mirror in the hall"),  # a verb
    ],
)
def test_hang_on_is_a_pause(said: str, cleaned: str) -> None:
    assert clean(said) == cleaned


@pytest.mark.parametrize(
    "text",
    [
        "move everything of Rowan's over to Ines, he's off till February",
        "give all of Rowan's stuff to Ines, he's off sick, poor lad",
        "move all Rowan's work to Ines, he's off to Madeira for a fortnight",
    ],
)
def test_someone_away_is_why_their_work_moves(text: str) -> None:
    actions = complete_actions(text, _PEOPLE)
    assert actions == [one("task.reassign_all", source="Rowan", assignee="Ines")]


def test_him_after_two_people_named_is_the_models() -> None:
    assert is_left_to_the_llm("move everything of Rowan's over to Leo, and tell him", _PEOPLE)
    # (said after "he's away", "him" is the one away: the writers of the dev sets read it so 3
    # of 3 times, "..., he's off sick, poor lad, and message him to get well soon": Kwame, whose
    # work moved; tests/nlu/test_fastpath_round29.py)
    assert complete_actions(
        "move everything of Rowan's over to Leo, he's away, and tell him not to worry", _PEOPLE
    )[1] == one("message.send", to="Rowan", text="don't worry")


def test_remind_me_before_a_new_tasks_deadline() -> None:
    actions = complete_actions(
        "add a task to pay the deposit, due Friday, and remind me the day before", _PEOPLE
    )
    assert actions == [
        one("task.create", title="pay the deposit", due="Friday"),
        one(
            "reminder.create",
            [0],
            text="pay the deposit",
            before="1 day",
            task={"result_of": 0},
        ),
    ]


def test_remind_me_before_the_deadline_just_set() -> None:
    actions = complete_actions(
        "give the invoices a due date of the 20th and remind me two days before", _PEOPLE
    )
    # (the task named, no wait on the change before: the executor runs them in order, and the
    # dev sets' writers write it so four times of five; round 41 changed this from [0])
    assert actions[1] == one("reminder.create", text="invoices", before="two days", task="invoices")


def test_remind_me_before_a_meeting_of_the_same_command_is_before_the_meeting() -> None:
    # (the model's to read until 2026-11-28: since, services/nlu/meeting_reminders.py reads it,
    # as the dev sets' writers wrote every such line: the meeting's time, moved, and of it)
    actions = complete_actions(
        "book a call with Ines on Sunday at 11 and remind me an hour before", _PEOPLE
    )
    assert actions[1]["type"] == "reminder.create"
    assert actions[1]["params"]["text"] == "call with Ines"
    assert actions[1]["params"]["when"].endswith("at 10am")


@pytest.mark.parametrize(
    "text",
    [
        "add oil the doors, it can't happen till the skirting's fitted, so make it wait on that",
        "the skirting can't start till the doors are sanded, can you link those up",
    ],
)
def test_a_dependency_asked_for_again_is_made_once(text: str) -> None:
    actions = complete_actions(text, _PEOPLE)
    assert [a["type"] for a in actions].count("task.add_dependency") == 1


def test_make_it_wait_on_that_with_nothing_before_is_the_models() -> None:
    assert is_left_to_the_llm("make it wait on that one", _PEOPLE)


def test_a_note_asked_for_may_hold_codes_and_names() -> None:
    actions = complete_actions(
        "add ring the council, and put a note on it that the reference is PK4471", _PEOPLE
    )
    assert actions == [
        one("task.create", title="ring the council", notes="the reference is PK4471")
    ]
    # a day in it may be the task's deadline: the model's to read
    assert is_left_to_the_llm(
        "add ring the council, and put a note on it that they close on Friday", _PEOPLE
    )


@pytest.mark.parametrize(
    ("text", "timers"),
    [
        ("stick a five minute timer on for the eggs", [("five minute", "eggs")]),
        ("put a timer on for ten minutes for the rice", [("ten minutes", "rice")]),
        ("start a ten minute timer called stretch", [("ten minute", "stretch")]),
        ("set a timer, twenty minutes", [("twenty minutes", None)]),
        (
            "set a rice timer for twelve minutes and another one for the peas, four minutes",
            [("twelve minutes", "rice"), ("four minutes", "peas")],
        ),
    ],
)
def test_timers_said_every_way(text: str, timers: list[tuple[str, str | None]]) -> None:
    actions = complete_actions(text, _PEOPLE)
    said = [(a["params"]["duration"], a["params"].get("label")) for a in actions]
    assert [a["type"] for a in actions] == ["timer.start"] * len(timers)
    assert said == timers


def test_another_named_one_after_cancelling_a_timer() -> None:
    actions = complete_actions(
        "cancel the rice timer, and set another rice one for eight minutes", _PEOPLE
    )
    assert actions == [
        one("timer.cancel", label="rice"),
        one("timer.start", label="rice", duration="eight minutes"),
    ]


def test_and_before_a_comma_ends_a_clause() -> None:
    actions = complete_actions(
        "stick a six minute timer on for the eggs and, um, what's due tomorrow?", _PEOPLE
    )
    assert actions[0] == one("timer.start", duration="six minute", label="eggs")
    assert actions[1]["type"] == "query.tasks"


@pytest.mark.parametrize(
    ("text", "params"),
    [
        ("how many things have I got on tomorrow", {"assignee": "me", "filter": "tomorrow"}),
        ("how many have I got on the garage list", {"assignee": "me", "project": "garage"}),
        ("how many jobs has Leo got on", {"assignee": "Leo"}),
        ("how many garage tasks are still open", {"project": "garage", "filter": "open"}),
        (
            "how many jobs have I got on this week, roughly?",
            {"assignee": "me", "filter": "this_week"},
        ),
    ],
)
def test_how_many_said_every_way(text: str, params: dict[str, str]) -> None:
    assert complete_actions(text, _PEOPLE) == [one("query.count", **params)]


@pytest.mark.parametrize(
    ("text", "params"),
    [
        (
            "put a task on the garage list for Leo: oil the hinges",
            {"project": "garage", "assignee": "Leo", "title": "oil the hinges"},
        ),
        (
            "put down a task for Ines, order the skip",
            {"assignee": "Ines", "title": "order the skip"},
        ),
        (
            "stick a new job on the garage list, sweep the floor",
            {"project": "garage", "title": "sweep the floor"},
        ),
    ],
)
def test_new_tasks_put_down_and_stuck_on_lists(text: str, params: dict[str, str]) -> None:
    assert complete_actions(text, _PEOPLE) == [one("task.create", **params)]


def test_do_opening_a_reminder_is_a_thing_to_do() -> None:
    actions = complete_actions("remind me to do the sprouts in twenty minutes", _PEOPLE)
    assert actions == [one("reminder.create", text="do the sprouts", when="in twenty minutes")]
    assert is_left_to_the_llm("remind me do I need the sprouts", _PEOPLE)


@pytest.mark.parametrize(
    "text",
    [
        "Ines is taking over the skirting, so put it on her",
        "oh I'll do the skirting myself, put it on me",
    ],
)
def test_put_it_on_someone_after_giving_it_them_is_one_change(text: str) -> None:
    actions = complete_actions(text, _PEOPLE)
    assert [a["type"] for a in actions] == ["task.assign"]


def test_an_hour_said_before_a_deadlines_day_is_no_part_of_the_title() -> None:
    # "... due four" + "tomorrow" was read as a title ending "due four"
    command = PARSER.parse("add a task to send the invoices due four tomorrow", _PEOPLE)
    assert all("four" not in str(a.params.get("title", "")) for a in command.actions)


@pytest.mark.parametrize(
    ("said", "cleaned"),
    [
        ("you know what, clear the garage list", "clear the garage list"),
        ("oops, that's wrong, undo", "undo"),
        ("what time is it now anyway?", "what time is it now"),
        ("the doors can't be sanded till the skirting's fitted, obviously.",
         "the doors can't be sanded till the skirting's fitted"),
    ],
)  # fmt: skip
def test_openings_and_closings_that_ask_nothing(said: str, cleaned: str) -> None:
    assert clean(said) == cleaned


def test_not_me_after_giving_a_task_away() -> None:
    actions = complete_actions("Ines is doing the skirting now, not me", _PEOPLE)
    assert actions == [one("task.assign", assignee="Ines", task="skirting")]


def test_a_timer_said_in_pieces() -> None:
    actions = complete_actions("start a timer, ninety seconds, for the toast", _PEOPLE)
    assert actions == [one("timer.start", duration="ninety seconds", label="toast")]
