"""Fast-path readings of the session of 2026-12-02 13:25: "no wait, sorry, ..." opening a turn
with nothing pending; a detail said after "both ..." of every new task; "before the X ones
do" (the one's due); a timer's length put right by a bare number ("actually make it nine")
and never read as its label; "P's doing the X" of a new task of the same command; one more
reminder, for someone else ("and set one for P on Friday to ...")."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from services.nlu import ParseContext
from services.nlu.commands import Action
from services.nlu.sounds import possessive_heard
from services.nlu.text import clean
from tests.nlu.fastpath_support import (
    complete_actions,
    is_left_to_the_llm,
    one,
    parse_after,
    read_after,
)

LONDON = ZoneInfo("Europe/London")
CONTEXT = ParseContext(
    now=datetime(2074, 9, 17, 10, 5, tzinfo=LONDON),  # a Monday morning
    people=("Aunt Hester", "Babajide", "Maeve Doyle", "Zdzislaw", "Ines"),
    projects=("utility room", "quiz night", "allotment"),
    tasks=(
        "plumb in the utility room sink",
        "write the quiz night questions",
        "dig the allotment beds",
        "service the lawnmower",
    ),
)


def test_no_wait_sorry_opens_a_turn_with_nothing_pending() -> None:
    assert complete_actions("No wait, sorry, the lawnmower one should go to Ines.", CONTEXT) == [
        one("task.assign", task="lawnmower", assignee="Ines")
    ]


def test_a_detail_after_both_is_every_new_tasks() -> None:
    both = {"assignee": "Babajide", "due": "Thursday"}
    assert complete_actions(
        "Add clean the gutters and sweep the yard, both for Babajide, by Thursday please.",
        CONTEXT,
    ) == [
        one("task.create", title="clean the gutters", **both),
        one("task.create", title="sweep the yard", **both),
    ]


def test_before_the_ones_due_heard_as_do() -> None:
    assert complete_actions("remind me two days before the lawnmower ones do", CONTEXT) == [
        one("reminder.create", text="lawnmower", before="two days", task="lawnmower")
    ]


def test_a_timers_length_put_right_by_a_bare_number() -> None:
    assert complete_actions(
        "start one for six minutes called toast, actually make it seven", CONTEXT
    ) == [one("timer.start", duration="seven minutes", label="toast")]
    # never a label: "make that 9" puts the length right
    assert complete_actions("set a timer for 8 minutes, make that 9", CONTEXT) == [
        one("timer.start", duration="9 minutes")
    ]


def test_someone_doing_a_new_task_of_the_same_command() -> None:
    assert complete_actions(
        "Add order a new hose and fix the shed lock, oh and Maeve's doing the shed lock.",
        CONTEXT,
    ) == [
        one("task.create", title="order a new hose"),
        one("task.create", title="fix the shed lock", assignee="Maeve Doyle"),
    ]
    # a task neither the store nor the command has is no assignment
    assert is_left_to_the_llm("Maeve's doing the ironing.", CONTEXT)
    # a task the store has still reads as before
    assert complete_actions("Ines is doing the lawnmower", CONTEXT) == [
        one("task.assign", assignee="Ines", task="lawnmower")
    ]


def test_one_more_reminder_for_someone_else() -> None:
    assert complete_actions(
        "Remind me at seven tonight to water the tomatoes, and set one for Ines on Wednesday "
        "to pay the allotment rent.",
        CONTEXT,
    ) == [
        one("reminder.create", when="at seven tonight", text="water the tomatoes"),
        one("reminder.create", person="Ines", when="Wednesday", text="pay the allotment rent"),
    ]
    # "one" of what, with no reminder before it: the model's
    assert is_left_to_the_llm("set one for Ines on Wednesday to pay the allotment rent", CONTEXT)
    # "add one for P to ..." is a task still
    assert complete_actions(
        "Add a task for Ines to mow the lawn tomorrow, plus one for Babajide to clean the "
        "barbecue on Friday.",
        CONTEXT,
    ) == [
        one("task.create", assignee="Ines", title="mow the lawn", due="tomorrow"),
        one("task.create", assignee="Babajide", title="clean the barbecue", due="Friday"),
    ]


def test_add_that_for_someone_after_a_wait_on_a_deed() -> None:
    # "that" is a task said as a deed ("until Zdzislaw sends me ..."): the model's to word
    assert is_left_to_the_llm(
        "The quiz night questions are stuck until Zdzislaw sends me the answers, so add that "
        "for Zdzislaw and make the questions wait on it.",
        CONTEXT,
    )
    # a task just made, given to someone, still reads
    assert complete_actions(
        "Babajide needs to return the drill, can you add that for him", CONTEXT
    ) == [one("task.create", title="return the drill", assignee="Babajide")]


def test_a_lists_own_name_after_under_is_the_list() -> None:
    assert complete_actions("Add buy seed potatoes under allotment", CONTEXT) == [
        one("task.create", title="buy seed potatoes", project="allotment")
    ]


def test_misheard_words_of_a_priority_and_todays_date() -> None:
    assert complete_actions("make the lawnmower urge ent", CONTEXT) == [
        one("task.set_priority", task="lawnmower", priority="urgent")
    ]
    assert complete_actions("what's to days date", CONTEXT) == [one("query.date")]


def test_sub_tasks_said_after_the_task_with_by_for_buy() -> None:
    assert complete_actions(
        "under service the lawnmower add sub tasks by new blades and change the oil", CONTEXT
    ) == [
        one(
            "task.add_subtasks",
            task="service the lawnmower",
            titles=["buy new blades", "change the oil"],
        )
    ]


def test_whats_still_overdue() -> None:
    assert complete_actions("Tick off the lawnmower, and um, what's still overdue?", CONTEXT) == [
        one("task.complete", task="lawnmower"),
        one("query.tasks", filter="overdue"),
    ]


def test_fairly_pressing_so_high_priority() -> None:
    assert complete_actions(
        "Add a task for me to renew the permit, and it's fairly pressing so high priority.",
        CONTEXT,
    ) == [one("task.create", assignee="me", title="renew the permit", priority="high")]
    # pressing, with no priority said: which one is the model's
    assert is_left_to_the_llm("add a task to renew the permit, it's fairly pressing", CONTEXT)


def test_a_name_opening_the_turn_taken_back() -> None:
    assert complete_actions("Maeve, no, sorry, Ines should do the lawnmower.", CONTEXT) == [
        one("task.assign", assignee="Ines", task="lawnmower")
    ]
    # a day (or a word before it) opening the turn is no name: put right as before
    assert clean("By Friday, no, sorry, Thursday is better.").startswith("By Friday")
    assert clean("Wednesday, no, Thursday.").startswith("Wednesday")


def test_to_someone_no_sorry_to_someone_else() -> None:
    assert complete_actions(
        "Right, the lawnmower one, give it to Babajide, no, sorry, to Ines.", CONTEXT
    ) == [one("task.assign", task="lawnmower", assignee="Ines")]


def test_taking_a_task_said_as_going_to_take_it() -> None:
    assert complete_actions("Ines is going to take the lawnmower, put her on it.", CONTEXT) == [
        one("task.assign", assignee="Ines", task="lawnmower")
    ]


def test_given_to_someone_to_redo() -> None:
    assert complete_actions("give the quiz night questions to Maeve to redo", CONTEXT) == [
        one("task.assign", task="quiz night questions", assignee="Maeve Doyle")
    ]


def test_not_due_till_said_as_news_then_change_that() -> None:
    assert complete_actions(
        "The lawnmower isn't due till the end of the month actually, change that.", CONTEXT
    ) == [one("task.set_due", task="lawnmower", due="the end of the month")]
    assert complete_actions(
        "Change the lawnmower to be due at the end of the month rather than Friday.", CONTEXT
    ) == [one("task.set_due", task="lawnmower", due="at the end of the month")]


def test_put_a_new_task_in() -> None:
    assert complete_actions("Put a new task in, order the raffle tickets.", CONTEXT) == [
        one("task.create", title="order the raffle tickets")
    ]


def test_priority_said_first_then_that() -> None:
    assert complete_actions("High priority, that one.", CONTEXT) == [
        one("task.set_priority", task={"context": "task"}, priority="high")
    ]


def test_put_back_to_a_priority_and_a_new_tasks_list() -> None:
    assert complete_actions("And put the lawnmower one back to medium.", CONTEXT) == [
        one("task.set_priority", task="lawnmower", priority="medium")
    ]
    assert complete_actions(
        "New task for Ines, price the raffle prizes, and stick it on the quiz night list.",
        CONTEXT,
    ) == [
        one("task.create", assignee="Ines", title="price the raffle prizes", project="quiz night")
    ]


def test_a_reminder_given_before_a_known_tasks_deadline() -> None:
    assert complete_actions(
        "Give me a reminder to service the lawnmower two days before it's due.", CONTEXT
    ) == [
        one(
            "reminder.create",
            text="service the lawnmower",
            task="service the lawnmower",
            before="two days",
        )
    ]


def test_dropped_said_as_not_bothering() -> None:
    assert complete_actions(
        "Don't bother with the lawnmower any more, I'm selling the house.", CONTEXT
    ) == [one("task.cancel", task="lawnmower")]
    assert complete_actions(
        "We're not doing the allotment beds this year after all, cancel it.", CONTEXT
    ) == [one("task.cancel", task="allotment beds")]


def test_put_down_as_done_and_they_came() -> None:
    assert complete_actions("put the lawnmower as done", CONTEXT) == [
        one("task.complete", task="lawnmower")
    ]
    assert complete_actions("tick off the lawnmower, they came this morning", CONTEXT) == [
        one("task.complete", task="lawnmower")
    ]


def test_what_a_priority_means_after_one_said_by_name() -> None:
    # the priority said by name stands; "it can wait" after it is why
    assert complete_actions("make the lawnmower one medium, it can wait.", CONTEXT) == [
        one("task.set_priority", task="lawnmower", priority="medium")
    ]
    # said by name after what it means, the name wins as before
    assert complete_actions("The lawnmower isn't urgent any more, medium's fine", CONTEXT) == [
        one("task.set_priority", task="lawnmower", priority="medium")
    ]


def test_someone_who_has_left_said_first() -> None:
    assert complete_actions(
        "Zdzislaw has left, so everything he had, give it to Ines.", CONTEXT
    ) == [one("task.reassign_all", source="Zdzislaw", assignee="Ines")]


def test_taken_off_someone_and_given_to_another_instead() -> None:
    assert complete_actions(
        "take the lawnmower off Babajide, give that to Ines instead.", CONTEXT
    ) == [one("task.assign", task="lawnmower", assignee="Ines")]


def test_where_a_call_is_and_how_long_it_takes() -> None:
    assert complete_actions(
        "Put a meeting in with Ines on Friday at 11, forty-five minutes, on Zoom.", CONTEXT
    ) == [
        one(
            "meeting.schedule",
            attendees=["Ines"],
            when="Friday at 11",
            duration="forty-five minutes",
            location="Zoom",
        )
    ]
    assert complete_actions(
        "Set up a meeting with Ines on Tuesday at two, should take forty minutes.", CONTEXT
    ) == [
        one("meeting.schedule", attendees=["Ines"], when="Tuesday at two", duration="forty minutes")
    ]


def test_finally_said_alone_after_a_tick() -> None:
    assert complete_actions("I've serviced the lawnmower! Finally. Tick it off.", CONTEXT) == [
        one("task.complete", task="lawnmower")
    ]


def test_a_task_for_someone_unknown_is_no_title() -> None:
    assert is_left_to_the_llm("add a task for shemek to fix the fence by friday", CONTEXT)


def test_a_reminder_before_that_then_the_deed() -> None:
    # "that" is what was said before; "to print ..." is no task's name
    assert is_left_to_the_llm("Remind me an hour before that to print the floor plan.", CONTEXT)


def test_that_last_one_is_no_tasks_name() -> None:
    assert is_left_to_the_llm("Actually, scrap that last one, undo it.", CONTEXT)


def test_a_note_to_do_something() -> None:
    assert complete_actions(
        "On the utility room list, paint the skirting boards, and add a note to use the white "
        "gloss in the shed.",
        CONTEXT,
    ) == [
        one(
            "task.create",
            title="paint the skirting boards",
            project="utility room",
            notes="use the white gloss in the shed",
        )
    ]


def test_a_day_put_right_then_one_more_request() -> None:
    due = Action("task.set_due", {"task": {"context": "task"}, "due": "Thursday"})
    assert read_after("Actually, no, Friday. And give it to Ines.", CONTEXT, due) == [
        ("task.set_due", {"task": {"context": "task"}, "due": "Friday"}),
        ("task.assign", {"task": {"context": "task"}, "assignee": "Ines"}),
    ]
    # with nothing said before it, the day put right is the model's to read
    assert not parse_after("Actually, no, Friday. And give it to Ines.", CONTEXT).is_complete


def test_someone_booked_in_for_a_chat_or_a_catch_up() -> None:
    assert complete_actions("Can I get Babajide in for a chat tomorrow at ten?", CONTEXT) == [
        one("meeting.schedule", attendees=["Babajide"], when="tomorrow at ten")
    ]
    assert complete_actions("Book Ines in for a catch-up on Monday at two.", CONTEXT) == [
        one("meeting.schedule", title="catch-up", attendees=["Ines"], when="Monday at two")
    ]


def test_misheard_question_and_edit_words() -> None:
    assert complete_actions("how many task stars ines have", CONTEXT) == [
        one("query.count", assignee="Ines")
    ]
    assert complete_actions("moo the lawnmower two the twenty fifth", CONTEXT) == [
        one("task.set_due", task="lawnmower", due="the twenty fifth")
    ]


def test_a_tasks_thing_said_done_without_its_apostrophe() -> None:
    assert possessive_heard("the beds can wait till the lawnmowers done", CONTEXT) == (
        "the beds can wait till the lawnmower's done"
    )
    assert complete_actions(
        "the allotment beds can weight till the utility room sinks done", CONTEXT
    ) == [one("task.add_dependency", task="allotment beds", blocker="utility room sink")]


def test_a_participle_and_its_particle_say_done() -> None:
    assert complete_actions(
        "The allotment beds can't be dug over till the lawnmower's serviced.", CONTEXT
    ) == [one("task.add_dependency", task="allotment beds", blocker="lawnmower")]
    assert complete_actions(
        "Add a task to lay the new path, but it can't happen before the beds are dug over.",
        CONTEXT,
    ) == [
        one("task.create", title="lay the new path"),
        one("task.add_dependency", [0], task={"result_of": 0}, blocker="beds"),
    ]


def test_why_said_after_changes() -> None:
    assert complete_actions("Scrap the lawnmower task, we're just getting a new one.", CONTEXT) == [
        one("task.cancel", task="lawnmower")
    ]
    assert complete_actions(
        "Move the lawnmower to Friday, no, Saturday, the mechanic's busy Friday.", CONTEXT
    ) == [one("task.set_due", task="lawnmower", due="Saturday")]
    assert complete_actions(
        "The quiz night questions can't be written till the lawnmower's serviced, we're skint "
        "this month.",
        CONTEXT,
    ) == [one("task.add_dependency", task="quiz night questions", blocker="lawnmower")]
    # "sat" of a thing sitting somewhere is no Saturday
    assert complete_actions(
        "The allotment beds are held up by the lawnmower, it's sat up there in the way.", CONTEXT
    ) == [one("task.add_dependency", task="allotment beds", blocker="lawnmower")]
    # what other people will want is why, not a request
    assert complete_actions(
        "I want the lawnmower serviced before the allotment beds are dug, people will want a "
        "tidy plot.",
        CONTEXT,
    ) == [one("task.add_dependency", task="allotment beds", blocker="lawnmower")]


def test_then_before_a_step_said_the_british_way() -> None:
    assert complete_actions(
        "The lawnmower needs new blades buying, the oil changing, and then the new blades fitting.",
        CONTEXT,
    ) == [
        one(
            "task.add_subtasks",
            task="lawnmower",
            titles=["buy new blades", "change the oil", "fit the new blades"],
        )
    ]
