"""Fast-path readings of the session of 2026-12-02 07:36: why a dependency is wanted, said after
it ("the plumber needs the drain clear", "I don't want soot on the new pipes", "we need the
venue sorted before they go out"); "X first, Y after that"; a new task's title that ends on
what it waits for ("... once the marquee's sorted"); the parts of a task counted, then a full
stop; "buy cards and stamps" as one step; "two days before they're due" of the task the
reminder's words name."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from services.nlu import ParseContext
from tests.nlu.fastpath_support import complete_actions, is_left_to_the_llm, one

LONDON = ZoneInfo("Europe/London")
CONTEXT = ParseContext(
    now=datetime(2073, 4, 11, 18, 20, tzinfo=LONDON),  # a Tuesday evening
    people=("Grandma Ivy", "Dapo", "Roisin Kelly", "Wojciech"),
    projects=("bathroom", "bowls club", "christening"),
    tasks=(
        "retile the bathroom",
        "book the bowls club green",
        "post the christening invites",
        "clear the loft",
        "renew the car insurance",
    ),
)


def test_why_a_wait_is_wanted_said_after_it() -> None:
    wait = one("task.add_dependency", task="bathroom", blocker="loft")
    assert complete_actions(
        "clear the loft first, then the bathroom, the tiler needs the hallway clear", CONTEXT
    ) == [one("task.add_dependency", blocker="clear the loft", task="bathroom")]
    assert complete_actions(
        "do the loft first and then the bathroom, I don't want dust all over the new tiles",
        CONTEXT,
    ) == [one("task.add_dependency", blocker="loft", task="bathroom")]
    assert complete_actions(
        "the bathroom's held up by the loft, we need the ladder sorted before they start",
        CONTEXT,
    ) == [wait]


def test_a_wish_not_to_be_asked_is_no_reason() -> None:
    # "I don't want you to ..." asks for something: not a why
    assert is_left_to_the_llm(
        "do the loft first, then the bathroom, I don't want you to book the tiler yet", CONTEXT
    )


def test_one_first_the_other_after_that() -> None:
    assert complete_actions("loft first, bathroom after that, can you set that up?", CONTEXT) == [
        one("task.add_dependency", blocker="loft", task="bathroom")
    ]


def test_a_title_ending_on_what_it_waits_for() -> None:
    assert complete_actions(
        "add a task to hire a minibus, and another to print the seating cards once the"
        " minibus is booked",
        CONTEXT,
    ) == [
        one("task.create", title="hire a minibus"),
        one("task.create", title="print the seating cards"),
        one(
            "task.add_dependency",
            task={"result_of": 1},
            blocker={"result_of": 0},
            depends_on=[0, 1],
        ),
    ]
    assert complete_actions("add a task to grout the shower once the loft's cleared", CONTEXT) == [
        one("task.create", title="grout the shower"),
        one("task.add_dependency", task={"result_of": 0}, blocker="loft", depends_on=[0]),
    ]


def test_a_title_ending_on_a_wait_for_no_task_is_the_models() -> None:
    # "the plaster" is no task of the store's or of the command's: which task waits, unsaid
    assert is_left_to_the_llm("add a task to paint the hall once the plaster's dried", CONTEXT)
    # a wait said before more requests: where it belongs is the model's to read
    assert is_left_to_the_llm(
        "add a task to grout the shower once the loft's cleared and remind me at nine", CONTEXT
    )


def test_parts_counted_then_a_full_stop() -> None:
    assert complete_actions(
        "The car insurance one is really two bits. Find the renewal letter, and ring the broker.",
        CONTEXT,
    ) == [
        one(
            "task.add_subtasks",
            task="car insurance",
            titles=["Find the renewal letter", "ring the broker"],
        )
    ]


def test_things_bought_together_are_one_step() -> None:
    assert complete_actions(
        "split the christening invites into write the list, buy envelopes and stamps, and post"
        " them",
        CONTEXT,
    ) == [
        one(
            "task.add_subtasks",
            task="christening invites",
            titles=["write the list", "buy envelopes and stamps", "post them"],
        )
    ]
    # a word alone that is not a thing in the plural is a step of its own
    assert complete_actions(
        "split retile the bathroom into buy the tiles, grout, and seal", CONTEXT
    ) == [
        one(
            "task.add_subtasks",
            task="retile the bathroom",
            titles=["buy the tiles", "grout", "seal"],
        )
    ]


def test_before_they_are_due_names_the_task_of_the_reminders_words() -> None:
    assert complete_actions(
        "remind me to address the invites three days before they're due", CONTEXT
    ) == [
        one(
            "reminder.create",
            text="address the invites",
            before="three days",
            task="post the christening invites",
        )
    ]
    # nothing of the store's named: which task, the model's
    assert is_left_to_the_llm("remind me to buy the balloons a day before they're due", CONTEXT)


def test_the_other_one_cancelled_after_a_timer_is_a_timer() -> None:
    assert complete_actions(
        "set a timer for ten minutes for the rice, and cancel the kettle one", CONTEXT
    ) == [
        one("timer.start", duration="ten minutes", label="rice"),
        one("timer.cancel", label="kettle"),
    ]
    assert complete_actions("switch off the oven one", CONTEXT) == [
        one("timer.cancel", label="oven")
    ]
    # a task the store has stays the task
    assert complete_actions("set a timer for ten minutes, and cancel the loft one", CONTEXT) == [
        one("timer.start", duration="ten minutes"),
        one("task.cancel", task="loft"),
    ]
