"""Fast-path readings of the session of 2026-12-02 07:36: why a dependency is wanted, said after
it ("the plumber needs the drain clear", "I don't want soot on the new pipes", "we need the
venue sorted before they go out"); "X first, Y after that"; a new task's title that ends on
what it waits for ("... once the marquee's sorted"); the parts of a task counted, then a full
stop; "buy cards and stamps" as one step; "two days before they're due" of the task the
reminder's words name; "cancel the tea one" after a timer; questions and requests said other
ways; a new task's slot put right as a change of "it"; why said after a change; "once X's done
P can do Y, add that for P"; "he's not to start it till ..."."""

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


def test_questions_said_other_ways() -> None:
    assert complete_actions("tell me what's left for this week", CONTEXT) == [
        one("query.tasks", filter="this_week")
    ]
    assert complete_actions("what's left to do for the christening?", CONTEXT) == [
        one("query.tasks", project="christening")
    ]
    assert complete_actions("what have we got done so far on the bowls club list?", CONTEXT) == [
        one("query.tasks", filter="done", project="bowls club")
    ]
    assert complete_actions("what's Dapo supposed to be doing this week?", CONTEXT) == [
        one("query.tasks", assignee="Dapo", filter="this_week")
    ]


def test_requests_said_other_ways() -> None:
    assert complete_actions("can you do me a five minute timer please", CONTEXT) == [
        one("timer.start", duration="five minute")
    ]
    assert complete_actions("take all of Dapo's jobs and give them to Wojciech", CONTEXT) == [
        one("task.reassign_all", source="Dapo", assignee="Wojciech")
    ]
    assert complete_actions("put the loft due Thursday", CONTEXT) == [
        one("task.set_due", task="loft", due="Thursday")
    ]


def test_a_new_tasks_slot_put_right_as_a_change_of_it() -> None:
    assert complete_actions(
        "add mend the fence for Dapo, for Friday, no, make it Saturday", CONTEXT
    ) == [one("task.create", title="mend the fence", assignee="Dapo", due="Saturday")]
    assert complete_actions("add mend the fence for Dapo, no, give it to Wojciech", CONTEXT) == [
        one("task.create", title="mend the fence", assignee="Wojciech")
    ]
    # nothing said before to put right: the model's
    assert is_left_to_the_llm("add mend the fence, no, make it Saturday", CONTEXT)


def test_why_said_after_a_change() -> None:
    assert complete_actions("move the loft to Friday, weather's meant to be better", CONTEXT) == [
        one("task.set_due", task="loft", due="Friday")
    ]
    assert complete_actions("knock the loft down to low, it's fine till the spring", CONTEXT) == [
        one("task.set_priority", task="loft", priority="low")
    ]
    assert complete_actions(
        "cancel the loft task, the neighbours are doing it for us", CONTEXT
    ) == [one("task.cancel", task="loft")]
    assert complete_actions("tick off the loft one, Dapo cleared it with a skip", CONTEXT) == [
        one("task.complete", task="loft")
    ]
    assert complete_actions("undo that, it wasn't meant for you", CONTEXT) == [one("undo")]


def test_once_done_someone_can_do_a_new_task() -> None:
    lay = [
        one("task.create", title="lay the boards", assignee="Dapo"),
        one("task.add_dependency", task={"result_of": 0}, blocker="loft", depends_on=[0]),
    ]
    assert (
        complete_actions(
            "Once the loft's cleared Dapo can lay the boards, add that for Dapo.", CONTEXT
        )
        == lay
    )
    assert (
        complete_actions(
            "Once the loft's cleared Dapo can lay the boards, so set that up for him and make it"
            " depend on the loft.",
            CONTEXT,
        )
        == lay
    )
    assert complete_actions(
        "Once the invites have gone out Roisin can do the place cards, add that for her.",
        CONTEXT,
    ) == [
        one("task.create", title="do the place cards", assignee="Roisin Kelly"),
        one("task.add_dependency", task={"result_of": 0}, blocker="invites", depends_on=[0]),
    ]
    # said for someone else than the one who can: the model's
    assert is_left_to_the_llm(
        "Once the loft's cleared Dapo can lay the boards, add that for Wojciech.", CONTEXT
    )


def test_not_to_start_it_till_another_is_done() -> None:
    assert complete_actions(
        "new task, fit the shower screen, give it to Dapo, and he's not to start it till the"
        " loft's cleared",
        CONTEXT,
    ) == [
        one("task.create", title="fit the shower screen", assignee="Dapo"),
        one("task.add_dependency", task={"result_of": 0}, blocker="loft", depends_on=[0]),
    ]


def test_a_task_put_in_someones_name() -> None:
    assert complete_actions("Dapo's taking over the loft, put it under him", CONTEXT) == [
        one("task.assign", assignee="Dapo", task="loft")
    ]
    assert complete_actions(
        "message Roisin to say the cake's ordered, and put the christening invites in her name"
        " as well",
        CONTEXT,
    ) == [
        one("message.send", to="Roisin Kelly", text="the cake's ordered"),
        one("task.assign", assignee="Roisin Kelly", task="christening invites"),
    ]


def test_more_questions() -> None:
    assert complete_actions(
        "how many's on the bowls club list altogether, done and not done?", CONTEXT
    ) == [one("query.count", filter="all", project="bowls club")]
    assert complete_actions("anything overdue I should be panicking about?", CONTEXT) == [
        one("query.tasks", filter="overdue")
    ]
    assert complete_actions("is the loft thing with Dapo now?", CONTEXT) == [
        one("query.tasks", assignee="Dapo")
    ]


def test_more_waits_and_whys() -> None:
    assert complete_actions(
        "add a task to order the trophies, but that's waiting on the green being booked",
        CONTEXT,
    ) == [
        one("task.create", title="order the trophies"),
        one("task.add_dependency", task={"result_of": 0}, blocker="green", depends_on=[0]),
    ]
    assert complete_actions("reopen the loft, the skip never turned up", CONTEXT) == [
        one("task.reopen", task="loft")
    ]


def test_a_weekday_then_its_date() -> None:
    # (Saturday the 15th of April 2073)
    assert complete_actions("move the loft to Saturday, the 15th", CONTEXT) == [
        one("task.set_due", task="loft", due="Saturday the 15th")
    ]


def test_meetings_said_other_ways() -> None:
    assert complete_actions("book me a half hour call with Roisin tomorrow at eleven", CONTEXT) == [
        one(
            "meeting.schedule",
            duration="half hour",
            attendees=["Roisin Kelly"],
            when="tomorrow at eleven",
        )
    ]
    assert complete_actions(
        "get Dapo and Wojciech in for a bowls club meeting, Monday at seven in the evening, at"
        " the pavilion",
        CONTEXT,
    ) == [
        one(
            "meeting.schedule",
            attendees=["Dapo", "Wojciech"],
            title="bowls club",
            when="Monday at seven in the evening",
            location="pavilion",
        )
    ]
    assert complete_actions(
        "get Dapo and Roisin together Friday morning at half nine for the christening,"
        " forty-five minutes max",
        CONTEXT,
    ) == [
        one(
            "meeting.schedule",
            attendees=["Dapo", "Roisin Kelly"],
            when="Friday morning at half nine",
            title="christening",
            duration="forty-five minutes",
        )
    ]


def test_reminders_around_a_meeting() -> None:
    assert complete_actions(
        "book a call with Dapo tomorrow at ten, then remind me ten minutes before to grab the"
        " plans",
        CONTEXT,
    ) == [
        one("meeting.schedule", attendees=["Dapo"], when="tomorrow at ten"),
        one("reminder.create", text="grab the plans", when="Wednesday 12 April 2073 at 9:50am"),
    ]
    assert complete_actions(
        "schedule the bowls club committee for Thursday at seven in the evening, and remind me"
        " the day before",
        CONTEXT,
    ) == [
        one(
            "meeting.schedule",
            title="bowls club committee",
            when="Thursday at seven in the evening",
        ),
        one("reminder.create", text="bowls club committee", when="Wednesday 12 April 2073 at 9am"),
    ]


def test_another_new_task_on_a_list_for_someone() -> None:
    assert complete_actions(
        "add a task for Dapo to collect the cake on Saturday, and another one on the christening"
        " list for Wojciech, sort out the music",
        CONTEXT,
    ) == [
        one("task.create", assignee="Dapo", title="collect the cake", due="Saturday"),
        one("task.create", project="christening", assignee="Wojciech", title="sort out the music"),
    ]


def test_my_list_said_first() -> None:
    assert complete_actions("put on my to-do list, um, descale the kettle, by Sunday", CONTEXT) == [
        one("task.create", title="descale the kettle", assignee="me", due="Sunday")
    ]


def test_a_task_to_someone_for_a_day_said_with_no_verb() -> None:
    assert complete_actions("loft to Dapo for Thursday", CONTEXT) == [
        one("task.assign", task="loft", assignee="Dapo"),
        one("task.set_due", task="loft", due="Thursday"),
    ]


def test_command_words_misheard() -> None:
    assert complete_actions("make the christening invites height priority", CONTEXT) == [
        one("task.set_priority", task="christening invites", priority="high")
    ]
    assert complete_actions("make the christening invites your gent", CONTEXT) == [
        one("task.set_priority", task="christening invites", priority="urgent")
    ]
    assert complete_actions("deleat the loft task", CONTEXT) == [one("task.delete", task="loft")]
    assert complete_actions("clear the loft dun", CONTEXT) == [
        one("task.complete", task="clear the loft")
    ]
    assert complete_actions("renew the car insurance is do on friday", CONTEXT) == [
        one("task.set_due", task="renew the car insurance", due="friday")
    ]
    assert complete_actions("remind me to book the vet in a fort night", CONTEXT) == [
        one("reminder.create", text="book the vet", when="in a fortnight")
    ]


def test_a_hand_over_asked_for_again() -> None:
    assert complete_actions(
        "Dapo's taking over the car insurance from Wojciech, can you switch that", CONTEXT
    ) == [one("task.assign", assignee="Dapo", task="car insurance")]
    # a change of something else, asked for again, is no hand-over
    assert is_left_to_the_llm("the loft's urgent now, can you switch that", CONTEXT)


def test_one_step_added_under_a_task() -> None:
    assert complete_actions(
        "For the car insurance one, add a step: dig out the old policy number.", CONTEXT
    ) == [
        one(
            "task.add_subtasks",
            task="car insurance",
            titles=["dig out the old policy number"],
        )
    ]


def test_a_step_said_as_part_of_a_known_task() -> None:
    assert complete_actions(
        "As part of clearing the loft I'll need to hire a skip, can you add that, due Friday.",
        CONTEXT,
    ) == [one("task.create", parent="loft", title="hire a skip", due="Friday")]


def test_a_new_task_put_on_a_list_for_someone() -> None:
    assert complete_actions(
        "add a task to order the cake, put it on the christening list for Roisin", CONTEXT
    ) == [
        one("task.create", title="order the cake", project="christening", assignee="Roisin Kelly")
    ]


def test_a_known_task_said_first_as_whose_it_is_or_what_is_not_done() -> None:
    assert complete_actions(
        "the christening invites, that's Dapo's job now, not Roisin's", CONTEXT
    ) == [one("task.assign", task="christening invites", assignee="Dapo")]
    assert complete_actions("Wojciech won't manage the loft, give it to Dapo", CONTEXT) == [
        one("task.assign", task="loft", assignee="Dapo")
    ]
    assert complete_actions(
        "we're not bothering with the loft any more, cancel that task", CONTEXT
    ) == [one("task.cancel", task="loft")]
