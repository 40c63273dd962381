"""Fast-path readings of the session of 2026-11-30 10:31: "tell him too pick up ..." ("to");
"add buy bread and butter to the shopping" (one thing to get); "in the loft" is where, not
the loft conversion list; "it'll have to wait until we've emptied the shed"; "as part of the
X job"; asides after a dependency ("can you set it up that way", "all the ladders are still
out there"), after a priority ("flag them as that") and after a rename (what will not do);
"X need doing by Wednesday now"; "I've renewed A and booked B"; "they've got to go out by
Friday"; "but it needs the floor boarded first"; "has anything actually been done on X";
steps said "first ..., then ..."; and a detail of a task made in the same breath set inside
its task.create ("..., oh and the gloves one's urgent")."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from services.nlu import ParseContext
from tests.nlu.fastpath_support import is_left_to_the_llm, read_after

LONDON = ZoneInfo("Europe/London")
CONTEXT = ParseContext(
    now=datetime(2048, 5, 20, 9, 15, tzinfo=LONDON),  # a Wednesday morning
    people=("Grandad Len", "Ife", "Maura Quinn", "Tadeusz", "Yasmin"),
    projects=("loft conversion", "bowls club", "ruby wedding", "shopping"),
    tasks=(
        "board the loft floor",
        "book the bowls green",
        "send the ruby wedding invites",
        "clean the cooker hood",
        "renew the car tax",
        "empty the shed",
    ),
    last={"task": "clean the cooker hood"},
)


def test_too_heard_for_to_after_tell() -> None:
    assert read_after("tell yasmin too collect the ruby wedding cake", CONTEXT) == [
        ("message.send", {"to": "Yasmin", "text": "collect the ruby wedding cake"})
    ]


def test_things_bought_together_are_one_task() -> None:
    assert read_after("add buy bread and butter to the shopping", CONTEXT) == [
        ("task.create", {"title": "buy bread and butter", "project": "shopping"})
    ]
    assert read_after("put get nails, screws and glue on the shopping list", CONTEXT) == [
        ("task.create", {"title": "get nails, screws and glue", "project": "shopping"})
    ]
    # a word alone that is a doing of its own stays a task of its own
    assert read_after("add buy a mop and hoover to the shopping", CONTEXT) == [
        ("task.create", {"title": "buy a mop", "project": "shopping"}),
        ("task.create", {"title": "hoover", "project": "shopping"}),
    ]


def test_in_the_part_of_a_list_name_is_where_not_the_list() -> None:
    assert read_after("add a task to fit the smoke alarm in the loft", CONTEXT) == [
        ("task.create", {"title": "fit the smoke alarm in the loft"})
    ]
    assert read_after("add a task to fit the smoke alarm in the loft conversion", CONTEXT) == [
        ("task.create", {"title": "fit the smoke alarm", "project": "loft conversion"})
    ]


def test_a_new_task_waits_until_a_deed_is_done() -> None:
    said = "add a task to sell the lawnmower, it'll have to wait until we've emptied the shed"
    assert read_after(said, CONTEXT) == [
        ("task.create", {"title": "sell the lawnmower"}),
        ("task.add_dependency", {"task": {"result_of": 0}, "blocker": "shed"}),
    ]


def test_a_new_task_as_part_of_a_known_one() -> None:
    said = "add a task to buy a grease filter, as part of the cooker hood job"
    assert read_after(said, CONTEXT) == [
        ("task.create", {"title": "buy a grease filter", "parent": "cooker hood"})
    ]


def test_asides_after_a_dependency() -> None:
    said = "I want the shed emptied first, then the loft floor, can you set it up that way"
    assert read_after(said, CONTEXT) == [
        ("task.add_dependency", {"task": "loft floor", "blocker": "shed"})
    ]
    said = "put the loft floor after the shed, all the ladders are still out there"
    assert read_after(said, CONTEXT) == [
        ("task.add_dependency", {"task": "loft floor", "blocker": "shed"})
    ]


def test_a_deadline_said_as_needing_doing_now() -> None:
    said = "the ruby wedding invites need doing by Friday at noon now"
    assert read_after(said, CONTEXT) == [
        ("task.set_due", {"task": "ruby wedding invites", "due": "Friday at noon"})
    ]


def test_a_priority_then_asked_for_again() -> None:
    assert read_after("the car tax is urgent now, flag it as that please", CONTEXT) == [
        ("task.set_priority", {"task": "car tax", "priority": "urgent"})
    ]


def test_two_tasks_said_done_with_one_ive() -> None:
    said = "I've renewed the car tax and booked the bowls green, so tick both off"
    assert read_after(said, CONTEXT) == [
        ("task.complete", {"task": "car tax"}),
        ("task.complete", {"task": "bowls green"}),
    ]


def test_by_when_it_has_to_go_out() -> None:
    said = "give the ruby wedding invites to Ife, they've got to go out by Friday"
    assert read_after(said, CONTEXT) == [
        ("task.assign", {"task": "ruby wedding invites", "assignee": "Ife"}),
        ("task.set_due", {"task": {"result_of": 0}, "due": "Friday"}),
    ]


def test_a_rename_and_what_will_not_do() -> None:
    said = "rename the cooker hood task to replace the cooker hood, cleaning it won't cut it"
    assert read_after(said, CONTEXT) == [
        ("task.rename", {"task": "cooker hood", "title": "replace the cooker hood"})
    ]


def test_a_new_task_needs_a_known_one_finished_first() -> None:
    said = "add paint the loft for Tadeusz, but it needs the loft floor finished first"
    assert read_after(said, CONTEXT) == [
        ("task.create", {"title": "paint the loft", "assignee": "Tadeusz"}),
        ("task.add_dependency", {"task": {"result_of": 0}, "blocker": "loft floor"}),
    ]


def test_has_anything_been_done_on_a_list() -> None:
    said = "has anything actually been done on the loft conversion?"
    assert read_after(said, CONTEXT) == [
        ("query.tasks", {"filter": "done", "project": "loft conversion"})
    ]


def test_steps_said_first_and_then() -> None:
    said = "break the car tax down, first find the logbook, then pay online"
    assert read_after(said, CONTEXT) == [
        ("task.add_subtasks", {"task": "car tax", "titles": ["find the logbook", "pay online"]})
    ]
    said = "split the loft floor into sanding, first coat and second coat"
    assert read_after(said, CONTEXT) == [
        (
            "task.add_subtasks",
            {"task": "loft floor", "titles": ["sanding", "first coat", "second coat"]},
        )
    ]


def test_a_detail_of_a_new_task_is_set_inside_it() -> None:
    said = (
        "add three things to the bowls club list: buy new gloves, mark the rink and order "
        "the trophies. oh and the gloves one's urgent"
    )
    assert read_after(said, CONTEXT) == [
        ("task.create", {"title": "buy new gloves", "project": "bowls club", "priority": "urgent"}),
        ("task.create", {"title": "mark the rink", "project": "bowls club"}),
        ("task.create", {"title": "order the trophies", "project": "bowls club"}),
    ]
    said = "add a task to order the bunting, and give it to Ife"
    assert read_after(said, CONTEXT) == [
        ("task.create", {"title": "order the bunting", "assignee": "Ife"})
    ]


def test_what_is_still_the_models() -> None:
    # a remark with a day in it after a dependency may be a second request: the model's
    assert is_left_to_the_llm(
        "I want the shed emptied first, then the loft floor, the council's coming Friday",
        CONTEXT,
    )


def test_on_before_a_clock_time_is_the_deed_not_the_day() -> None:
    assert read_after("remind me to turn the heating back on at six", CONTEXT) == [
        ("reminder.create", {"text": "turn the heating back on", "when": "at six"})
    ]


def test_the_readers_own_chance_stays_in_a_message() -> None:
    said = "send Ife a message saying call me back when you get a sec"
    assert read_after(said, CONTEXT) == [
        ("message.send", {"to": "Ife", "text": "call me back when you get a sec"})
    ]
    said = "send Ife a message saying the van's here, when you get a chance"
    assert read_after(said, CONTEXT) == [("message.send", {"to": "Ife", "text": "the van's here"})]


def test_a_drawer_heard_as_a_draw() -> None:
    said = "tell Yasmin the spare keys are in the kitchen draw"
    assert read_after(said, CONTEXT) == [
        ("message.send", {"to": "Yasmin", "text": "the spare keys are in the kitchen drawer"})
    ]


def test_steps_run_together_are_the_models() -> None:
    assert is_left_to_the_llm(
        "break the ruby wedding invites into write the cards address the envelopes and post them",
        CONTEXT,
    )
    assert is_left_to_the_llm(
        "break the ruby wedding invites into print the cards by stamps and post them", CONTEXT
    )
    # a step that says what it is about is one step
    said = "split the car tax into find the logbook and ring the council about the fee"
    assert read_after(said, CONTEXT) == [
        (
            "task.add_subtasks",
            {"task": "car tax", "titles": ["find the logbook", "ring the council about the fee"]},
        )
    ]


def test_misheard_of_in_and_a_name_read_as_said() -> None:
    assert read_after("move all off tadeusz's tasks to Ife", CONTEXT) == [
        ("task.reassign_all", {"source": "Tadeusz", "assignee": "Ife"})
    ]
    assert read_after("remind me and ten minutes to check the oven", CONTEXT) == [
        ("reminder.create", {"when": "in ten minutes", "text": "check the oven"})
    ]


def test_whose_it_is_changed_and_started_by_me() -> None:
    said = "change who's doing the car tax to Yasmin"
    assert read_after(said, CONTEXT) == [("task.assign", {"task": "car tax", "assignee": "Yasmin"})]
    said = "put me down as having started boarding the loft floor"
    assert read_after(said, CONTEXT) == [("task.start", {"task": "loft floor"})]


def test_a_meeting_length_said_as_plenty() -> None:
    said = "book a chat with Maura on Friday at ten, half an hour is plenty"
    assert read_after(said, CONTEXT) == [
        (
            "meeting.schedule",
            {"attendees": ["Maura Quinn"], "when": "Friday at ten", "duration": "half an hour"},
        )
    ]


def test_them_of_one_task_named_in_the_plural() -> None:
    said = "I'm cracking on with the ruby wedding invites now, mark them as started"
    assert read_after(said, CONTEXT) == [("task.start", {"task": "ruby wedding invites"})]
    # "them" of tasks said in another turn: which, the model's to read
    assert is_left_to_the_llm("tick them off", CONTEXT)


def test_whose_name_goes_on_it_and_who_takes_over() -> None:
    assert read_after("stick Yasmin's name on the car tax job", CONTEXT) == [
        ("task.assign", {"assignee": "Yasmin", "task": "car tax"})
    ]
    assert read_after("let Tadeusz take over the cooker hood job", CONTEXT) == [
        ("task.assign", {"assignee": "Tadeusz", "task": "cooker hood"})
    ]


def test_a_deadline_then_a_priority_said_of_them() -> None:
    said = "the ruby wedding invites have got to go by Friday at noon, and they're urgent now"
    assert read_after(said, CONTEXT) == [
        ("task.set_due", {"task": "ruby wedding invites", "due": "Friday at noon"}),
        ("task.set_priority", {"task": {"result_of": 0}, "priority": "urgent"}),
    ]


def test_anything_left_on_a_list_and_its_name_changed() -> None:
    said = "is there still anything left to do on the bowls club list?"
    assert read_after(said, CONTEXT) == [("query.tasks", {"project": "bowls club"})]
    said = "the cooker hood one, can you change its name to replace the cooker hood filter?"
    assert read_after(said, CONTEXT) == [
        ("task.rename", {"task": "cooker hood", "title": "replace the cooker hood filter"})
    ]


def test_a_task_name_holds_no_question_mark() -> None:
    # (it was read as the subtasks of "car tax one? find the logbook": "and pay online")
    said = "can you add a couple of subtasks to the car tax one? find the logbook, and pay online"
    assert read_after(said, CONTEXT) == [
        ("task.add_subtasks", {"task": "car tax", "titles": ["find the logbook", "pay online"]})
    ]


def test_a_meeting_named_by_its_kind() -> None:
    said = "schedule bowls practice with Ife and Yasmin for Thursday at 19:30"
    assert read_after(said, CONTEXT) == [
        (
            "meeting.schedule",
            {
                "title": "bowls practice",
                "attendees": ["Ife", "Yasmin"],
                "when": "Thursday at 19:30",
            },
        )
    ]
    # a task to plan a review is no meeting
    said = "add a task to plan the quarterly review due Friday"
    assert read_after(said, CONTEXT) == [
        ("task.create", {"title": "plan the quarterly review", "due": "Friday"})
    ]


def test_it_after_a_meeting_and_a_task_is_the_models() -> None:
    said = (
        "schedule bowls practice for Saturday at 7pm with Ife, plus add a task for Ife to bring "
        "the mats, and remind Yasmin about it on Saturday at 5pm"
    )
    assert is_left_to_the_llm(said, CONTEXT)


def test_open_tasks_of_a_list_asked_for() -> None:
    for said in (
        "which of the bowls club things are still open?",
        "are there any bowls club jobs still open?",
    ):
        assert read_after(said, CONTEXT) == [("query.tasks", {"project": "bowls club"})], said


def test_a_task_put_on_for_a_day_and_to_buy_heard_as_to_by() -> None:
    said = "stick a task on for tomorrow, pick up Grandad Len's prescription"
    assert read_after(said, CONTEXT) == [
        ("task.create", {"due": "tomorrow", "title": "pick up Grandad Len's prescription"})
    ]
    assert read_after("add a task four me to by light bulbs tomorrow", CONTEXT) == [
        ("task.create", {"assignee": "me", "title": "buy light bulbs", "due": "tomorrow"})
    ]


def test_told_as_well_is_no_word_of_the_message() -> None:
    assert read_after("tell Ife the green's booked for the twelfth too", CONTEXT) == [
        ("message.send", {"to": "Ife", "text": "the green's booked for the twelfth"})
    ]


def test_a_person_alone_is_no_new_title() -> None:
    said = "new task: order more bowls, on the bowls club list, Ife, by Thursday, high priority"
    assert read_after(said, CONTEXT) == [
        (
            "task.create",
            {
                "title": "order more bowls",
                "project": "bowls club",
                "assignee": "Ife",
                "due": "Thursday",
                "priority": "high",
            },
        )
    ]


def test_steps_asked_for_before_they_are_said() -> None:
    said = "can you add a few steps to the car tax? find the logbook, and pay online"
    assert read_after(said, CONTEXT) == [
        ("task.add_subtasks", {"task": "car tax", "titles": ["find the logbook", "pay online"]})
    ]
    said = (
        "for the bowls green booking I need to ring the club and pay the deposit, can you "
        "put those under it as steps?"
    )
    assert read_after(said, CONTEXT) == [
        (
            "task.add_subtasks",
            {"task": "bowls green", "titles": ["ring the club", "pay the deposit"]},
        )
    ]


def test_more_said_the_way_people_say_it() -> None:
    assert read_after("new to-do, urgent: cancel the paper round", CONTEXT) == [
        ("task.create", {"priority": "urgent", "title": "cancel the paper round"})
    ]
    assert read_after("how long's the roast got left?", CONTEXT) == [
        ("timer.query", {"label": "roast"})
    ]
    assert read_after("what's already been ticked off?", CONTEXT) == [
        ("query.tasks", {"filter": "done"})
    ]
    said = "can you make the car tax one low priority? it's not urgent at all"
    assert read_after(said, CONTEXT) == [
        ("task.set_priority", {"task": "car tax", "priority": "low"})
    ]
    assert read_after("set the car tax jew date to wednesday", CONTEXT) == [
        ("task.set_due", {"task": "car tax", "due": "wednesday"})
    ]
    said = "under empty the shed add buy bags and bore oh a trailer"
    assert read_after(said, CONTEXT) == [
        (
            "task.add_subtasks",
            {"task": "empty the shed", "titles": ["buy bags", "borrow a trailer"]},
        )
    ]


def test_misheard_waits_weeks_and_whole_lists_deleted() -> None:
    said = "board the loft floor has two weight till the shed's emptied"
    assert read_after(said, CONTEXT) == [
        ("task.add_dependency", {"task": "board the loft floor", "blocker": "shed"})
    ]
    said = "add clear out the garridge for me by the end of the weak hi priority"
    assert read_after(said, CONTEXT) == [
        (
            "task.create",
            {
                "title": "clear out the garage",
                "due": "the end of the week",
                "priority": "high",
                "assignee": "me",
            },
        )
    ]
    assert read_after("delete every task on the bowls club list", CONTEXT) == [
        ("task.delete_all", {"project": "bowls club"})
    ]


def test_a_note_of_what_a_thing_needs() -> None:
    said = "add a task for Tadeusz to mow the lawn by Monday, and note that the mower needs petrol"
    assert read_after(said, CONTEXT) == [
        (
            "task.create",
            {
                "assignee": "Tadeusz",
                "title": "mow the lawn",
                "due": "Monday",
                "notes": "the mower needs petrol",
            },
        )
    ]


def test_a_new_one_for_someone_and_overdue_stuff_on_a_list() -> None:
    said = "add a low-priority one for Maura Quinn: look into photographers"
    assert read_after(said, CONTEXT) == [
        (
            "task.create",
            {"priority": "low", "assignee": "Maura Quinn", "title": "look into photographers"},
        )
    ]
    assert read_after("is any of the ruby wedding stuff overdue?", CONTEXT) == [
        ("query.tasks", {"project": "ruby wedding", "filter": "overdue"})
    ]


def test_waits_said_as_not_before() -> None:
    said = "don't let me start the car tax thing until the shed's emptied"
    assert read_after(said, CONTEXT) == [
        ("task.add_dependency", {"task": "car tax", "blocker": "shed"})
    ]
    said = "book the bowls green once the ruby wedding invites have gone out, not before"
    assert read_after(said, CONTEXT) == [
        ("task.add_dependency", {"task": "book the bowls green", "blocker": "ruby wedding invites"})
    ]


def test_a_things_is_heard_without_its_apostrophe() -> None:
    said = "send a message to ife saying the cakes in the fridge"
    assert read_after(said, CONTEXT) == [
        ("message.send", {"to": "Ife", "text": "the cake's in the fridge"})
    ]
    # a whole sentence stays as said
    said = "send a message to ife saying the tiles arrived"
    assert read_after(said, CONTEXT) == [
        ("message.send", {"to": "Ife", "text": "the tiles arrived"})
    ]


def test_a_timer_heard_in_pieces() -> None:
    assert read_after("cancel the tea mer for the eggs", CONTEXT) == [
        ("timer.cancel", {"label": "eggs"})
    ]
    assert read_after("set a timer for ten minutes for the mints pies", CONTEXT) == [
        ("timer.start", {"duration": "ten minutes", "label": "mince pies"})
    ]


def test_a_clock_time_is_no_reminder_text_and_a_persons_list_is_theirs() -> None:
    assert is_left_to_the_llm(
        "book a call with Ife on Monday at 2 about the invites, and remind me at ten to two",
        CONTEXT,
    )
    assert read_after("stick the car tax on Yasmin's list as well", CONTEXT) == [
        ("task.assign", {"task": "car tax", "assignee": "Yasmin"})
    ]
