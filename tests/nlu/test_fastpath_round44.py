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


def test_a_day_said_at_the_latest() -> None:
    assert complete_actions(
        "The canoe club slipway needs booking by Friday at the latest.", CONTEXT
    ) == [
        one("task.set_due", task="canoe club slipway", due="Friday at the latest"),
    ]
    # a task said first, with its day, then "it": the day is asked for, not news of it
    assert complete_actions(
        "The canoe club slipway needs booking by Friday at the latest, and it's urgent.", CONTEXT
    ) == [
        one("task.set_due", task="canoe club slipway", due="Friday at the latest"),
        one("task.set_priority", task={"result_of": 0}, priority="urgent", depends_on=[0]),
    ]


def test_when_the_next_step_is_done_is_no_step() -> None:
    assert complete_actions(
        "Break the allotment fencing down: buy posts, dig holes, and if that fails, hire a digger.",
        CONTEXT,
    ) == [
        one(
            "task.add_subtasks",
            task="allotment",
            titles=["buy posts", "dig holes", "hire a digger"],
        ),
    ]


def test_something_finished_that_the_store_has_no_task_of_is_why() -> None:
    assert complete_actions(
        "Call off the canoe club slipway, the regatta's finished early.", CONTEXT
    ) == [
        one("task.cancel", task="canoe club slipway"),
    ]
    # said of a task the store has, it is that task done
    assert complete_actions(
        "Call off the canoe club slipway, the allotment's fenced.", CONTEXT
    ) == [
        one("task.cancel", task="canoe club slipway"),
        one("task.complete", task="allotment"),
    ]


def test_send_a_heard_run_together() -> None:
    assert complete_actions("sender message to Tamsin saying the gate is open", CONTEXT) == [
        one("message.send", to="Tamsin", text="the gate is open"),
    ]


def test_polish_names_as_their_speakers_say_them() -> None:
    context = replace(CONTEXT, people=("Przemyslaw", "Wieslaw", "Tamsin"))
    assert complete_actions("tell pshemmy slav the gate is open", context) == [
        one("message.send", to="Przemyslaw", text="the gate is open"),
    ]
    assert complete_actions("assign the allotment fence to vee slav", context) == [
        one("task.assign", task="fence the allotment", assignee="Wieslaw"),
    ]


def test_the_list_said_before_the_new_task() -> None:
    assert complete_actions(
        "add to the canoe club list buy a new paddle for the twelfth", CONTEXT
    ) == [
        one("task.create", title="buy a new paddle", project="canoe club", due="the twelfth"),
    ]


def test_add_said_with_a_colon() -> None:
    assert complete_actions("Add: collect the seed potatoes, tomorrow at half five.", CONTEXT) == [
        one("task.create", title="collect the seed potatoes", due="tomorrow at half five"),
    ]


def test_some_of_them_as_news() -> None:
    assert complete_actions(
        "Reopen the summer fete bunting, a couple of flags ripped, and push it to Tuesday.", CONTEXT
    ) == [
        one("task.reopen", task="summer fete bunting"),
        one("task.set_due", task={"result_of": 0}, due="Tuesday", depends_on=[0]),
    ]


def test_a_new_task_done_before_a_known_one() -> None:
    assert complete_actions(
        "Put in a task to buy fence posts, it's got to be done before the allotment fencing.",
        CONTEXT,
    ) == [
        one("task.create", title="buy fence posts"),
        one("task.add_dependency", task="allotment", blocker={"result_of": 0}, depends_on=[0]),
    ]


def test_a_task_said_first_then_them_made_a_priority() -> None:
    assert complete_actions("the summer fete bunting make it high priority", CONTEXT) == [
        one("task.set_priority", task="summer fete bunting", priority="high"),
    ]


def test_everything_on_a_list_done_or_not() -> None:
    assert complete_actions(
        "Read me everything on the allotment list, finished stuff included.", CONTEXT
    ) == [
        one("query.tasks", project="allotment", filter="all"),
    ]
    assert complete_actions("Read me everything on the allotment list", CONTEXT) == [
        one("query.tasks", project="allotment"),
    ]


def test_a_meeting_on_a_date_at_a_time_of_the_evening() -> None:
    assert complete_actions(
        "Put in a canoe club meeting with Tamsin, Oskar and Ugochi on the 12th of October at "
        "quarter to eight in the evening",
        CONTEXT,
    ) == [
        one(
            "meeting.schedule",
            title="canoe club",
            attendees=["Tamsin", "Oskar", "Ugochi"],
            when="the 12th of October at quarter to eight in the evening",
        ),
    ]


def test_a_name_said_without_its_title() -> None:
    context = replace(CONTEXT, people=("Imam Yusuf", "Rabbi Stern", "Tamsin"))
    assert complete_actions("Give the allotment fencing to Tamsin, Yusuf's away.", context) == [
        one("task.assign", task="allotment", assignee="Tamsin"),
    ]


def test_starting_on_a_task_today() -> None:
    assert complete_actions("I'm starting on the allotment fencing today", CONTEXT) == [
        one("task.start", task="allotment"),
    ]


def test_how_many_of_mine() -> None:
    assert complete_actions("how many of mine are overdue?", CONTEXT) == [
        one("query.count", assignee="me", filter="overdue"),
    ]


def test_taking_a_task_off_someones_hands() -> None:
    assert complete_actions("I'll take the summer fete bunting off Tamsin's hands", CONTEXT) == [
        one("task.assign", task="summer fete bunting", assignee="me"),
    ]


def test_someone_stepping_down_before_their_work_moves() -> None:
    assert complete_actions("Tamsin's stepping down, so hand all her tasks to Oskar.", CONTEXT) == [
        one("task.reassign_all", source="Tamsin", assignee="Oskar"),
    ]


def test_task_run_into_the_word_beside_it() -> None:
    assert complete_actions("mark the allotment tasked done", CONTEXT) == [
        one("task.complete", task="allotment"),
    ]


def test_a_known_task_waiting_on_what_someone_has_done_asked_for_as_a_job() -> None:
    assert complete_actions(
        "We can't fence the allotment till Oskar's collected the posts, so add that as a job for "
        "him and link the two",
        CONTEXT,
    ) == [
        one("task.create", title="collect the posts", assignee="Oskar"),
        one(
            "task.add_dependency",
            task="fence the allotment",
            blocker={"result_of": 0},
            depends_on=[0],
        ),
    ]


def test_someones_new_task_waiting_on_a_known_one() -> None:
    assert complete_actions(
        "Tamsin can't paint the shed until the allotment's fenced, so add paint the shed for her "
        "and link them up.",
        CONTEXT,
    ) == [
        one("task.create", title="paint the shed", assignee="Tamsin"),
        one("task.add_dependency", task={"result_of": 0}, blocker="allotment", depends_on=[0]),
    ]


def test_what_someone_did_not_do_is_why_a_task_is_open_again() -> None:
    assert complete_actions(
        "The canoe club slipway's not actually done, Oskar forgot to pay, so open it back up.",
        CONTEXT,
    ) == [one("task.reopen", task="canoe club slipway")]
