"""Fast-path readings of the session of 2026-11-30 18:06: a verb and its particle run
together are a word of their own ("blackout fabric" beside "black out the darkroom"); a new
task's title that ends "for me" before a detail; a note said with a time after a new task that
has its day; "first thing, say eight" and "..., say eight" said last; "them" of the things the
reminder before is of."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from services.nlu import ParseContext
from tests.nlu.fastpath_support import complete_actions, is_left_to_the_llm, one

LONDON = ZoneInfo("Europe/London")
CONTEXT = ParseContext(
    now=datetime(2058, 3, 13, 9, 30, tzinfo=LONDON),  # a Wednesday morning
    people=("Grandad Ted", "Yewande", "Niamh Brennan", "Szymon", "Jamie", "Canon Barnes"),
    projects=("darkroom", "pergola", "curling club"),
    tasks=(
        "black out the darkroom",
        "build the pergola",
        "book the curling rink",
        "descale the kettle",
        "clear out the loft",
    ),
)


def test_a_verb_and_its_particle_said_as_one_word_stay_one() -> None:
    assert complete_actions("Add order blackout curtains to the darkroom list.", CONTEXT) == [
        one("task.create", title="order blackout curtains", project="darkroom"),
    ]
    assert complete_actions("Add book a skip for the clearout.", CONTEXT) == [
        one("task.create", title="book a skip for the clearout"),
    ]


def test_a_title_ending_for_me_before_a_detail_is_mine() -> None:
    assert complete_actions("Add post Yewande a birthday card for me, high priority", CONTEXT) == [
        one("task.create", title="post Yewande a birthday card", assignee="me", priority="high"),
    ]


def test_a_note_with_a_time_after_a_new_task_that_has_its_day() -> None:
    assert complete_actions(
        "New task: collect the prints, due Friday, note that the lab shuts at four.", CONTEXT
    ) == [
        one("task.create", title="collect the prints", due="Friday", notes="the lab shuts at four"),
    ]
    # with no day of its own, the time may be the task's: the model's to read
    assert is_left_to_the_llm("Add collect the prints, note that the lab shuts at four.", CONTEXT)


def test_say_an_hour_said_last() -> None:
    assert complete_actions(
        "Remind me on Friday to ring the garage, first thing, say nine.", CONTEXT
    ) == [one("reminder.create", text="ring the garage", when="Friday first thing at nine")]
    assert complete_actions("Remind me to ring the garage on Friday, say nine.", CONTEXT) == [
        one("reminder.create", text="ring the garage", when="Friday at nine"),
    ]
    # (a day said first and an hour last: the model's to put together, never the hour as text)
    assert is_left_to_the_llm("Remind me on Friday to ring the garage, say nine.", CONTEXT)
    # a length guessed last is no hour
    assert complete_actions(
        "Book a meeting with Jamie on Friday at ten about the rink, say two hours.", CONTEXT
    ) == [
        one(
            "meeting.schedule",
            attendees=["Jamie"],
            when="Friday at ten",
            title="rink",
            duration="two hours",
        ),
    ]


def test_them_of_the_things_the_reminder_before_is_of() -> None:
    assert complete_actions(
        "Remind Jamie to water the seedlings at eight tomorrow and Szymon to bring them in at "
        "six tomorrow evening.",
        CONTEXT,
    ) == [
        one(
            "reminder.create", person="Jamie", text="water the seedlings", when="at eight tomorrow"
        ),
        one(
            "reminder.create",
            person="Szymon",
            text="bring the seedlings in",
            when="at six tomorrow evening",
        ),
    ]


def test_a_thing_waited_on_asked_for_on_my_list_or_for_someone_else() -> None:
    assert complete_actions(
        "Descaling the kettle can't happen till I've got the citric acid back off Jamie, so put "
        "that on my list and make the kettle wait for it.",
        CONTEXT,
    ) == [
        one("task.create", title="get the citric acid back off Jamie", assignee="me"),
        one("task.add_dependency", [0], task="kettle", blocker={"result_of": 0}),
    ]
    assert complete_actions(
        "The pergola can't be built till the posts are ordered, so add that for Szymon.", CONTEXT
    ) == [
        one("task.create", title="order the posts", assignee="Szymon"),
        one("task.add_dependency", [0], task="pergola", blocker={"result_of": 0}),
    ]


def test_a_meeting_at_a_known_persons_house() -> None:
    context = replace(CONTEXT, tasks=(*CONTEXT.tasks, "paint the summer house"))
    assert complete_actions(
        "Set up a meeting with Jamie on Friday at half two, at Grandad Ted's house", context
    ) == [
        one(
            "meeting.schedule",
            attendees=["Jamie"],
            when="Friday at half two",
            location="Grandad Ted's house",
        ),
    ]


def test_that_task_after_a_reminder_of_a_whole_title() -> None:
    assert complete_actions(
        "Remind Yewande to book the curling rink on Monday at ten, and make that task urgent.",
        CONTEXT,
    ) == [
        one(
            "reminder.create", person="Yewande", text="book the curling rink", when="Monday at ten"
        ),
        one("task.set_priority", task="book the curling rink", priority="urgent"),
    ]


def test_a_reminders_text_mended_with_its_task() -> None:
    assert complete_actions("remind me a day before the curl ing rink is due", CONTEXT) == [
        one("reminder.create", text="curling rink", before="a day", task="curling rink"),
    ]


def test_whom_a_reminder_calls_by_the_sound_of_the_name() -> None:
    assert complete_actions("remind me to phone neeve at four", CONTEXT) == [
        one("reminder.create", text="phone Niamh", when="at four"),
    ]


def test_words_heard_apart() -> None:
    assert complete_actions("new project called rainwater but", CONTEXT) == [
        one("project.create", name="rainwater butt"),
    ]
    assert complete_actions("tell jamie the spare key is under the matt", CONTEXT) == [
        one("message.send", to="Jamie", text="the spare key is under the mat"),
    ]


def test_a_third_new_task_said_like_another() -> None:
    assert complete_actions(
        "Put in a task to fetch the chairs on Friday for Jamie, another to sweep the yard for "
        "Szymon, and a third for me to order the food.",
        CONTEXT,
    ) == [
        one("task.create", title="fetch the chairs", due="Friday", assignee="Jamie"),
        one("task.create", title="sweep the yard", assignee="Szymon"),
        one("task.create", title="order the food", assignee="me"),
    ]


def test_a_deed_waited_on_asked_for_as_mine_with_its_day() -> None:
    assert complete_actions(
        "Building the pergola is held up by getting the timber delivered, so add that as a task "
        "for me by Thursday.",
        CONTEXT,
    ) == [
        one("task.create", title="get the timber delivered", assignee="me", due="Thursday"),
        one("task.add_dependency", [0], task="pergola", blocker={"result_of": 0}),
    ]
    assert complete_actions(
        "Building the pergola is held up by getting the timber delivered, so add that for me.",
        CONTEXT,
    ) == [
        one("task.create", title="get the timber delivered", assignee="me"),
        one("task.add_dependency", [0], task="pergola", blocker={"result_of": 0}),
    ]


def test_the_thing_itself() -> None:
    context = replace(CONTEXT, last={"task": "descale the kettle"})
    assert complete_actions("and it can't start until the pergola itself is built", context) == [
        one("task.add_dependency", task={"context": "task"}, blocker="pergola"),
    ]


def test_a_task_made_to_depend_on_a_new_one() -> None:
    assert complete_actions(
        "Make the curling rink depend on a new task, collect the deposit, due Monday.", CONTEXT
    ) == [
        one("task.create", title="collect the deposit", due="Monday"),
        one("task.add_dependency", [0], task="curling rink", blocker={"result_of": 0}),
    ]


def test_before_i_can_do_one_known_task_i_need_another_done() -> None:
    assert complete_actions(
        "Before I can build the pergola I need the kettle descaled.", CONTEXT
    ) == [one("task.add_dependency", task="build the pergola", blocker="kettle")]
    assert complete_actions(
        "Before we can book the curling rink we have to clear out the loft.", CONTEXT
    ) == [one("task.add_dependency", task="book the curling rink", blocker="clear out the loft")]


def test_someone_should_take_a_task_instead_of_me() -> None:
    assert complete_actions("Jamie should take the pergola instead of me", CONTEXT) == [
        one("task.assign", assignee="Jamie", task="pergola"),
    ]


def test_hang_on_is_no_name() -> None:
    context = replace(CONTEXT, people=(*CONTEXT.people, "Canon Barnes"))
    assert complete_actions(
        "The curling rink can wait until the kettle is done, no hang on, until the pergola's "
        "built.",
        context,
    ) == [one("task.add_dependency", task="curling rink", blocker="pergola")]


def test_names_as_their_speakers_say_them() -> None:
    context = replace(CONTEXT, people=("Jedrzej", "Szymon", "Yewande"))
    assert complete_actions("a sign the curling rink to yen jay", context) == [
        one("task.assign", task="curling rink", assignee="Jedrzej"),
    ]
    assert complete_actions("send a message to shimon saying the van's here", context) == [
        one("message.send", to="Szymon", text="the van's here"),
    ]
    assert complete_actions("remind ya wanda to by milk tomorrow at ten", context) == [
        one("reminder.create", person="Yewande", text="buy milk", when="tomorrow at ten"),
    ]


def test_whom_a_reminder_calls_heard_in_pieces() -> None:
    context = replace(CONTEXT, people=("Saoirse Doyle", "Jamie"))
    assert complete_actions("remind me to call seer sha doyle at five", context) == [
        one("reminder.create", text="call Saoirse Doyle", when="at five"),
    ]
    # ("ring the garage": words of no name stay)
    assert complete_actions("remind me to ring the garage at five", context) == [
        one("reminder.create", text="ring the garage", when="at five"),
    ]


def test_a_word_that_sounds_like_the_stores_written_as_the_store_spells_it() -> None:
    context = replace(CONTEXT, tasks=(*CONTEXT.tasks, "damp-proof the cellar", "varnish the oars"))
    assert complete_actions("tell jamie the seller door is stuck again", context) == [
        one("message.send", to="Jamie", text="the cellar door is stuck again"),
    ]
    assert complete_actions("remind me to collect the ores at four", context) == [
        one("reminder.create", text="collect the oars", when="at four"),
    ]
    # a number is no word of a title ("for")
    assert complete_actions("tell Jamie the match is at four", context) == [
        one("message.send", to="Jamie", text="the match is at four"),
    ]


def test_a_reminders_him_or_her_beside_the_one_person_named() -> None:
    assert complete_actions(
        "Remind Jamie at half four to take his tablets, and remind me at six to ring him", CONTEXT
    ) == [
        one("reminder.create", person="Jamie", when="at half four", text="take his tablets"),
        one("reminder.create", when="at six", text="ring Jamie"),
    ]
    # the one reminded is not whom the reminder is to ring
    assert is_left_to_the_llm(
        "Give the pergola to Jamie, and remind Jamie Thursday at nine to ring him.", CONTEXT
    )


def test_questions_of_everyone_and_of_mine() -> None:
    assert complete_actions("Give me a quick rundown of what everybody's got on", CONTEXT) == [
        one("report.summary"),
    ]
    assert complete_actions("What have I crossed off today?", CONTEXT) == [
        one("query.tasks", filter="done", assignee="me"),
    ]
    assert complete_actions("How many jobs have I got on the pergola?", CONTEXT) == [
        one("query.count", assignee="me", project="pergola"),
    ]


def test_break_down_said_before_the_task() -> None:
    assert complete_actions(
        "Break down descaling the kettle for me: buy citric acid, boil it, rinse it.", CONTEXT
    ) == [
        one(
            "task.add_subtasks",
            task="kettle",
            titles=["buy citric acid", "boil it", "rinse it"],
        ),
    ]


def test_why_a_task_is_cancelled_said_after_it() -> None:
    context = replace(CONTEXT, last={"task": "descale the kettle"})
    assert complete_actions(
        "Hmm, on second thoughts, mark that one cancelled, Jamie's sorted it.", context
    ) == [one("task.cancel", task={"context": "task"})]
