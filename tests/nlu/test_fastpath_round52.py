"""Fast-path readings of the session of 2026-12-02 16:27: the timer just set asked after or
an earlier one stopped by name; a statement with a question tag changes nothing; "yep, that
one" as a yes; what happens to a task put right ("cancel it, no wait, mark it done"); who owns
a new task said after its steps; "put down ..." as one more step."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from services.nlu import ParseContext
from services.nlu.commands import Action
from tests.nlu.fastpath_support import complete_actions, is_left_to_the_llm, one, read_after

LONDON = ZoneInfo("Europe/London")
CONTEXT = ParseContext(
    now=datetime(2075, 3, 12, 9, 30, tzinfo=LONDON),  # a Tuesday morning
    people=("Uncle Dewi", "Chiamaka", "Isla Grant", "Bogdan", "Reena"),
    projects=("boat", "carnival", "orchard"),
    tasks=(
        "antifoul the boat",
        "sew the carnival costumes",
        "prune the orchard",
        "renew the breakdown cover",
    ),
)
EGGS = Action("timer.start", {"duration": "six minutes", "label": "eggs"})
TOAST = Action("timer.start", {"duration": "two minutes", "label": "toast"})


def test_time_left_on_the_timer_just_set() -> None:
    for said in (
        "How long's left on it?",
        "how much longer on that one",
        "And how long is left on that?",
    ):
        assert read_after(said, CONTEXT, EGGS) == [("timer.query", {"label": "eggs"})]


def test_an_earlier_timer_stopped_by_name() -> None:
    assert read_after("Cancel the eggs one, they're done.", CONTEXT, TOAST) == [
        ("timer.cancel", {"label": "eggs"})
    ]
    # a task of that name: the task
    rusks = ParseContext(now=CONTEXT.now, tasks=("bake the rusks",))
    timer = Action("timer.start", {"duration": "ten minutes", "label": "bread"})
    assert read_after("cancel the rusks one", rusks, timer) == [("task.cancel", {"task": "rusks"})]


def test_a_statement_with_a_question_tag_changes_nothing() -> None:
    assert is_left_to_the_llm("Bogdan's got the boat antifouling, hasn't he?", CONTEXT)
    assert is_left_to_the_llm("The costumes are done now, aren't they?", CONTEXT)
    # "..., would you?" asks for it
    assert complete_actions("Give the costumes to Reena, would you?", CONTEXT) == [
        one("task.assign", task="costumes", assignee="Reena")
    ]


def test_yes_that_one_and_forget_heard_apart() -> None:
    pending = ParseContext(now=CONTEXT.now, is_confirmation_pending=True)
    assert complete_actions("Yep, that one.", pending) == [one("confirm", answer=True)]
    assert complete_actions("nevermind for get it", CONTEXT) == [one("cancel")]


def test_what_happens_to_a_task_put_right() -> None:
    assert complete_actions(
        "Cancel the breakdown cover, it's sorted, no wait, mark it done instead.", CONTEXT
    ) == [one("task.complete", task="breakdown cover")]
    assert complete_actions(
        "Tick off the orchard, no actually, start it, and reopen the costumes", CONTEXT
    ) == [one("task.start", task="orchard"), one("task.reopen", task="costumes")]


def test_who_owns_a_new_task_said_after_its_steps() -> None:
    assert complete_actions(
        "Put a task on the carnival list to build the float, split it into buy timber and "
        "paint the banner, and make Chiamaka the owner.",
        CONTEXT,
    ) == [
        one("task.create", title="build the float", project="carnival", assignee="Chiamaka"),
        one(
            "task.add_subtasks",
            [0],
            task={"result_of": 0},
            titles=["buy timber", "paint the banner"],
        ),
    ]
    assert complete_actions("make Isla the owner of the orchard task", CONTEXT) == [
        one("task.assign", task="orchard", assignee="Isla Grant")
    ]


def test_put_down_after_steps_is_one_more_step() -> None:
    assert complete_actions(
        "Break antifouling the boat into scrub the hull, put down dust sheets and paint it.",
        CONTEXT,
    ) == [
        one(
            "task.add_subtasks",
            task="boat",
            titles=["scrub the hull", "put down dust sheets", "paint it"],
        )
    ]


def test_a_day_put_right_after_on() -> None:
    assert complete_actions(
        "Remind Reena on Thursday, no, Friday, to bring the sashes.", CONTEXT
    ) == [one("reminder.create", person="Reena", when="Friday", text="bring the sashes")]
    # the hour put right keeps its day; "a week on Tuesday, sorry, ..." is no bare day
    assert complete_actions(
        "Book a call with Bogdan on Friday at two, no, half two, in the clubhouse.", CONTEXT
    ) == [
        one(
            "meeting.schedule",
            attendees=["Bogdan"],
            when="Friday at half two",
            location="clubhouse",
        )
    ]


def test_why_a_task_waits_said_after_it() -> None:
    assert complete_actions(
        "Sew the carnival costumes has to come after the orchard one, I'm waiting on the fabric.",
        CONTEXT,
    ) == [one("task.add_dependency", task="Sew the carnival costumes", blocker="orchard")]
    assert complete_actions(
        "The breakdown cover first, then prune the orchard. Set that up as a dependency, would "
        "you?",
        CONTEXT,
    ) == [one("task.add_dependency", blocker="breakdown cover", task="prune the orchard")]


def test_a_new_task_that_another_waits_on() -> None:
    assert complete_actions(
        "Add fix the trailer, that's blocking the boat antifouling.", CONTEXT
    ) == [
        one("task.create", title="fix the trailer"),
        one("task.add_dependency", [0], blocker={"result_of": 0}, task="boat"),
    ]
    assert complete_actions(
        "Add measure everyone up, and the costumes can't be sewn before that.", CONTEXT
    ) == [
        one("task.create", title="measure everyone up"),
        one("task.add_dependency", [0], blocker={"result_of": 0}, task="costumes"),
    ]
    # a doing and its particle: "the digging over" is no task called "over"
    trim = ParseContext(now=CONTEXT.now, projects=("garden",), tasks=("dig over the veg beds",))
    assert complete_actions(
        "Put sow the carrots on the garden list, but it's got to wait for the digging over.", trim
    ) == [
        one("task.create", title="sow the carrots", project="garden"),
        one("task.add_dependency", [0], task={"result_of": 0}, blocker="dig over the veg beds"),
    ]


def test_the_task_the_last_turn_made_waits() -> None:
    made = Action("task.create", {"title": "buy bunting", "project": "carnival"})
    assert read_after("Oh, and it's got to be done before the orchard pruning.", CONTEXT, made) == [
        ("task.add_dependency", {"blocker": {"context": "task"}, "task": "orchard"})
    ]


def test_someones_duty_of_a_task_the_store_has() -> None:
    assert complete_actions(
        "Bogdan's to prune the orchard by Friday and Reena's to sew the carnival costumes",
        CONTEXT,
    ) == [
        one("task.assign", task="prune the orchard", assignee="Bogdan"),
        one("task.set_due", task="prune the orchard", due="Friday"),
        one("task.assign", task="sew the carnival costumes", assignee="Reena"),
    ]
    # a task the store has not: a new one
    assert complete_actions("Bogdan's to varnish the oars by Friday", CONTEXT) == [
        one("task.create", assignee="Bogdan", title="varnish the oars", due="Friday")
    ]


def test_a_new_task_for_someone_by_a_day_that_another_waits_on() -> None:
    assert complete_actions(
        "Antifouling the boat depends on getting the trailer fixed, so add that for Chiamaka by "
        "Friday and link them",
        CONTEXT,
    ) == [
        one("task.create", title="get the trailer fixed", assignee="Chiamaka", due="Friday"),
        one("task.add_dependency", [0], task="boat", blocker={"result_of": 0}),
    ]


def test_more_of_a_tasks_thing_is_no_mishearing() -> None:
    roses = ParseContext(now=CONTEXT.now, tasks=("mulch the rose garden",))
    assert complete_actions("Rename the mulching task to mulch and feed the roses.", roses) == [
        one("task.rename", task="mulch the rose garden", title="mulch and feed the roses")
    ]


def test_a_name_said_shorter_stays_as_said() -> None:
    context = ParseContext(
        now=CONTEXT.now, projects=("leaving do",), tasks=("collect the leaving do present",)
    )
    assert complete_actions("add wrap the leaving present", context) == [
        one("task.create", title="wrap the leaving present")
    ]


def test_a_doing_heard_as_two_words() -> None:
    tiles = ParseContext(now=CONTEXT.now, tasks=("retile the bathroom",))
    assert complete_actions("i'm starting on the re tiling now", tiles) == [
        one("task.start", task="retile the bathroom")
    ]
    # ("we're doing it": no "redoing")
    assert complete_actions(
        "Cancel the breakdown cover, we're doing it through the bank now.", CONTEXT
    ) == [one("task.cancel", task="breakdown cover")]


def test_why_said_beside_a_change() -> None:
    assert complete_actions(
        "Bump the costumes up to urgent, Chiamaka's just rung in a panic.", CONTEXT
    ) == [one("task.set_priority", task="costumes", priority="urgent")]
    assert complete_actions(
        "Reopen the breakdown cover, I paid the wrong amount, and remind Reena to check the "
        "bank on Wednesday.",
        CONTEXT,
    ) == [
        one("task.reopen", task="breakdown cover"),
        one("reminder.create", person="Reena", text="check the bank", when="Wednesday"),
    ]
    assert complete_actions(
        "Tick off the breakdown cover, I rang them today, and I'm starting on the orchard now.",
        CONTEXT,
    ) == [one("task.complete", task="breakdown cover"), one("task.start", task="orchard")]


def test_a_task_set_to_a_day() -> None:
    assert complete_actions("Set the carnival costumes to the thirtieth", CONTEXT) == [
        one("task.set_due", task="carnival costumes", due="the thirtieth")
    ]


def test_how_many_are_left_after_a_question_about_a_list() -> None:
    asked = Action("query.tasks", {"filter": "done", "project": "carnival"})
    assert read_after("Right, and how many are still left to do?", CONTEXT, asked) == [
        ("query.count", {"project": "carnival"})
    ]


def test_one_more_reminder_at_the_same_time_for_someone() -> None:
    reminder = Action("reminder.create", {"text": "ring Isla", "when": "tomorrow at 9am"})
    assert read_after(
        "And set one for her too, same time, to bring the test results.", CONTEXT, reminder
    ) == [
        (
            "reminder.create",
            {
                "text": "bring the test results",
                "when": "tomorrow at 9am",
                "person": {"context": "person"},
            },
        )
    ]


def test_words_heard_apart() -> None:
    assert complete_actions("set a timer for fore tea minutes", CONTEXT) == [
        one("timer.start", duration="forty minutes")
    ]
    assert complete_actions("set a time her for ate minutes", CONTEXT) == [
        one("timer.start", duration="eight minutes")
    ]
    assert complete_actions("set the prune the orchard task too urgent", CONTEXT) == [
        one("task.set_priority", task="prune the orchard", priority="urgent")
    ]


def test_a_task_then_done() -> None:
    assert complete_actions("Breakdown cover, done, paid them this afternoon.", CONTEXT) == [
        one("task.complete", task="Breakdown cover")
    ]


def test_whom_a_reminder_fetches() -> None:
    assert complete_actions(
        "Message Uncle Dewi, lunch is at one on Saturday, and remind me Saturday at noon to go "
        "and fetch him.",
        CONTEXT,
    ) == [
        one("message.send", to="Uncle Dewi", text="lunch is at one on Saturday"),
        one("reminder.create", when="Saturday at noon", text="go and fetch Uncle Dewi"),
    ]
