"""Fast-path readings of the session of 2026-11-30 02:24: a verb's "in" before "in twenty
minutes"; "tell her as well to ..."; "quick update:" and "oh never mind," before requests;
someone "says he's finished" a task; a deed said done before "so tick that off"; "taking X
over from Y"; "needs doing by five"; "finished, not started"; "only X once Y's done"; two new
tasks "both" put on someone or given a priority; "add tasks to A and to B"; "how many's on
that list"; steps asked for with a question mark, "sub-steps", "the stamps putting on"; "the
renewal" of the one task begun by "renew"; a new task waited on "without it" or "until I've
got it"; "she can't start on it till ..."; a known two-word name in a reminder is no other
person misheard; "twenty minutes on the timer"; "has X got anything on the Y list", "is the
X still on Y's plate"; "under my name"; "pop X on for Saturday"; and misheard "time are",
"project cold", "cant go till", "skips bin ordered"."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from services.nlu import ParseContext
from services.nlu.commands import Action
from services.nlu.hearing import rehear
from services.nlu.llm_vet import respell_project
from services.nlu.slots import slot_findings
from services.nlu.sounds import heard_names
from services.nlu.text import clean
from tests.nlu.fastpath_support import complete_actions, is_left_to_the_llm, one, read_after

LONDON = ZoneInfo("Europe/London")
CONTEXT = ParseContext(
    now=datetime(2044, 6, 14, 9, 30, tzinfo=LONDON),  # a Tuesday morning
    people=("Grandpa Len", "Femi", "Aisling Burke", "Marek", "Lenya"),
    projects=("loft conversion", "rowing club", "vegetable beds"),
    tasks=(
        "insulate the loft",
        "book the rowing machine",
        "renew the boat licence",
        "dig the vegetable beds",
        "descale the shower",
    ),
)


def test_a_verbs_in_before_a_length_is_kept() -> None:
    said = "remind me to hand the forms in in ten minutes"
    assert read_after(said, CONTEXT) == [
        ("reminder.create", {"text": "hand the forms in", "when": "in ten minutes"})
    ]
    # after "remind me", "in in" is a stutter
    assert read_after("remind me in in ten minutes to call Femi", CONTEXT) == [
        ("reminder.create", {"when": "in ten minutes", "text": "call Femi"})
    ]


def test_tell_someone_as_well_to_do_something() -> None:
    assert read_after("tell Marek as well to bring the oars", CONTEXT) == [
        ("message.send", {"to": "Marek", "text": "bring the oars"})
    ]


def test_an_update_said_first_and_oh_never_mind() -> None:
    said = "OK, quick update: Femi's finished the shower, and the loft is Marek's now."
    assert complete_actions(said, CONTEXT) == [
        one("task.complete", task="shower"),
        one("task.assign", task="loft", assignee="Marek"),
    ]
    said = "Oh never mind, they're ready already, cancel the rice timer."
    assert complete_actions(said, CONTEXT) == [one("timer.cancel", label="rice")]
    assert clean("never mind, start the testing") == "never mind, start the testing"


def test_someone_says_they_have_finished_a_task() -> None:
    said = "Marek says he's finished the rowing machine, so that's done."
    assert complete_actions(said, CONTEXT) == [one("task.complete", task="rowing machine")]


def test_a_deed_said_done_before_tick_that_off() -> None:
    said = "Renewed the boat licence, so tick that off, and what's overdue?"
    assert complete_actions(said, CONTEXT) == [
        one("task.complete", task="boat licence"),
        one("query.tasks", filter="overdue"),
    ]


def test_taking_a_task_over_from_someone() -> None:
    said = "Lenya's taking the vegetable beds over from Femi."
    assert read_after(said, CONTEXT) == [
        ("task.assign", {"assignee": "Lenya", "task": "vegetable beds"})
    ]


def test_needs_doing_by_an_hour() -> None:
    assert read_after("The shower needs doing by four.", CONTEXT) == [
        ("task.set_due", {"task": "shower", "due": "by four"})
    ]


def test_finished_not_started() -> None:
    said = "No wait, the loft's actually finished, not started."
    assert complete_actions(said, CONTEXT) == [one("task.complete", task="loft")]


def test_only_one_task_once_another_is_done() -> None:
    said = "Only dig the vegetable beds once the shower's descaled."
    assert complete_actions(said, CONTEXT) == [
        one("task.add_dependency", task="dig the vegetable beds", blocker="shower")
    ]


def test_both_new_tasks_put_on_someone_or_given_a_priority() -> None:
    said = "Add a task to buy rope and another to fix the cleat, and put both of them on Femi."
    assert complete_actions(said, CONTEXT) == [
        one("task.create", title="buy rope", assignee="Femi"),
        one("task.create", title="fix the cleat", assignee="Femi"),
    ]
    said = "Stick buy seed potatoes and test the soil on the vegetable beds list, both high."
    assert complete_actions(said, CONTEXT) == [
        one("task.create", title="buy seed potatoes", project="vegetable beds", priority="high"),
        one("task.create", title="test the soil", project="vegetable beds", priority="high"),
    ]


def test_a_list_said_after_the_first_title_leaves_another_one_to_the_model() -> None:
    # "for the rowing club" may be what the rope is for: is the second one on that list too?
    said = "Add a task to buy rope for the rowing club, another one to fix the cleat"
    assert is_left_to_the_llm(said, CONTEXT)


def test_add_tasks_to_a_and_to_b_then_how_many_on_that_list() -> None:
    said = "Add tasks to buy rope and to fix the cleat, both on the rowing club list"
    assert complete_actions(said, CONTEXT) == [
        one("task.create", title="buy rope", project="rowing club"),
        one("task.create", title="fix the cleat", project="rowing club"),
    ]
    assert complete_actions("how many's on the loft conversion list?", CONTEXT) == [
        one("query.count", project="loft conversion")
    ]


def test_steps_asked_for_with_a_question_then_said() -> None:
    said = "Could you give insulate the loft a few subtasks? Buy the rolls and clear the boxes."
    assert complete_actions(said, CONTEXT) == [
        one(
            "task.add_subtasks",
            task="insulate the loft",
            titles=["Buy the rolls", "clear the boxes"],
        )
    ]
    said = "Add a task for Femi to paint the hall, with sub-steps fill the cracks and sand it."
    assert complete_actions(said, CONTEXT) == [
        one("task.create", assignee="Femi", title="paint the hall"),
        one(
            "task.add_subtasks",
            [0],
            task={"result_of": 0},
            titles=["fill the cracks", "sand it"],
        ),
    ]


def test_steps_said_the_british_way_with_on() -> None:
    said = "The loft needs the joists measuring and the boards putting on."
    assert complete_actions(said, CONTEXT) == [
        one("task.add_subtasks", task="loft", titles=["measure the joists", "put the boards on"])
    ]


def test_the_renewal_is_the_one_task_begun_by_renew() -> None:
    said = "add get a new photo and make the renewal wait on it"
    assert complete_actions(said, CONTEXT) == [
        one("task.create", title="get a new photo"),
        one(
            "task.add_dependency",
            [0],
            task="renew the boat licence",
            blocker={"result_of": 0},
        ),
    ]


def test_a_new_task_waited_on_without_it_or_until_i_have_it() -> None:
    said = "Add get descaler, and I can't descale the shower without it."
    assert complete_actions(said, CONTEXT) == [
        one("task.create", title="get descaler"),
        one("task.add_dependency", [0], blocker={"result_of": 0}, task="descale the shower"),
    ]
    said = "Add a task to buy a new rope, and the rowing machine can't be booked until I've got it."
    assert complete_actions(said, CONTEXT) == [
        one("task.create", title="buy a new rope"),
        one("task.add_dependency", [0], blocker={"result_of": 0}, task="rowing machine"),
    ]


def test_she_cant_start_on_it_till_a_known_task_is_done() -> None:
    said = (
        "Add a task for Lenya to plant the leeks, but she can't start on it till the beds are dug."
    )
    assert complete_actions(said, CONTEXT) == [
        one("task.create", assignee="Lenya", title="plant the leeks"),
        one("task.add_dependency", [0], task={"result_of": 0}, blocker="beds"),
    ]


def test_a_known_two_word_name_is_no_other_person_misheard() -> None:
    # "Len" of "Grandpa Len" sounds like "Lenya": but it is Grandpa Len, said whole
    action = Action("reminder.create", {"text": "ring Grandpa Len", "when": "at six"}, ())
    assert slot_findings(action, CONTEXT) == []
    action = Action("reminder.create", {"text": "ring lenyar", "when": "at six"}, ())
    assert slot_findings(action, CONTEXT) != []


def test_minutes_on_the_timer() -> None:
    assert complete_actions("Fifteen minutes on the timer, please.", CONTEXT) == [
        one("timer.start", duration="Fifteen minutes")
    ]


def test_whose_tasks_asked_of_a_list_or_a_plate() -> None:
    assert complete_actions("Has Marek got anything on the rowing club?", CONTEXT) == [
        one("query.tasks", assignee="Marek", project="rowing club")
    ]
    assert complete_actions("Is the shower still on Femi's plate?", CONTEXT) == [
        one("query.tasks", assignee="Femi")
    ]


def test_under_my_name_and_pop_it_on_for_a_day() -> None:
    assert complete_actions("put the shower under my name", CONTEXT) == [
        one("task.assign", assignee="me", task="shower")
    ]
    assert read_after("can you pop wash the van on for Friday?", CONTEXT) == [
        ("task.create", {"title": "wash the van", "due": "Friday"})
    ]


def test_misheard_timer_called_cant_and_been() -> None:
    assert complete_actions("cancel the time are called rice", CONTEXT) == [
        one("timer.cancel", label="rice")
    ]
    assert rehear("at a new project cold boathouse") == "add a new project called boathouse"
    assert rehear("the oars cant go till thats done").startswith("the oars can't go till")
    assert rehear("I cant make it") == "I cant make it"
    assert rehear("till the ropes bin ordered") == "till the rope's been ordered"


def test_a_names_last_sound_heard_as_and() -> None:
    context = ParseContext(now=CONTEXT.now, people=("Father Brennan", "Femi"))
    said = "schedule a meeting with father bren and tomorrow at ten"
    assert complete_actions(said, context) == [
        one("meeting.schedule", attendees=["Father Brennan"], when="tomorrow at ten")
    ]
    # "and" before another name joins the two
    assert "and femi tomorrow" in heard_names("meet bren and femi tomorrow", context)


def test_misheard_hours_adds_and_buys() -> None:
    assert rehear("remind me to call Femi at too") == "remind me to call Femi at two"
    assert rehear("move it to tomorrow") == "move it to tomorrow"
    assert (
        rehear("under fix the hatch at by new hinges") == "under fix the hatch add buy new hinges"
    )
    assert rehear("put by paint on the loft list") == "put buy paint on the loft list"
    # a question after "and" is no "add": "and what's on the rowing club list"
    assert rehear("and what's on the rowing club list") == "and what's on the rowing club list"
    said = "make the shower do on the thirty first"
    assert complete_actions(said, CONTEXT) == [
        one("task.set_due", task="shower", due="the thirty first")
    ]
    said = "Make a task 'plan the stag do' on the rowing club list"
    assert complete_actions(said, CONTEXT) == [
        one("task.create", title="plan the stag do", project="rowing club")
    ]


def test_a_one_word_list_heard_a_sound_away() -> None:
    context = ParseContext(now=CONTEXT.now, projects=("orchard", "wedding"))
    assert respell_project("orchid", context) == "orchard"
    assert respell_project("orca", context) == "orca"  # too short a sound to tell
    assert complete_actions("what's overdue on the orchid list", context) == [
        one("query.tasks", filter="overdue", project="orchard")
    ]


def test_the_to_do_list_for_a_day_is_everyones() -> None:
    assert complete_actions("whats on the to do list for to day", CONTEXT) == [
        one("query.tasks", filter="today")
    ]


def test_before_anyone_then_make_the_waiting_one_wait_on_it() -> None:
    said = (
        "Before anyone books the rowing machine Lenya needs to check the rota, so add that for"
        " her and make the booking wait on it."
    )
    assert complete_actions(said, CONTEXT) == [
        one("task.create", title="check the rota", assignee="Lenya"),
        one(
            "task.add_dependency",
            [0],
            task="book the rowing machine",
            blocker={"result_of": 0},
        ),
    ]


def test_depends_on_me_doing_a_thing_then_added_for_me() -> None:
    said = (
        "Insulating the loft depends on me borrowing Femi's ladder, so stick that on as a task"
        " for me and hook the two together."
    )
    assert complete_actions(said, CONTEXT) == [
        one("task.create", title="borrow Femi's ladder", assignee="me"),
        one("task.add_dependency", [0], task="loft", blocker={"result_of": 0}),
    ]


def test_nobody_in_a_rush_beside_a_new_task() -> None:
    said = "On the loft conversion, add pick a carpet, low priority, nobody's in a rush."
    assert complete_actions(said, CONTEXT) == [
        one("task.create", title="pick a carpet", project="loft conversion", priority="low")
    ]


def test_a_place_in_a_reason_is_no_one() -> None:
    said = (
        "Don't let me book the rowing machine until the boat licence's renewed,"
        " the race is in Ghent."
    )
    assert complete_actions(said, CONTEXT) == [
        one("task.add_dependency", task="book the rowing machine", blocker="boat licence")
    ]


def test_that_list_is_the_one_the_conversation_keeps() -> None:
    # the daemon keeps the last list a task went on or a question named (executor._remember)
    kept = ParseContext(
        now=CONTEXT.now,
        projects=CONTEXT.projects,
        tasks=CONTEXT.tasks,
        last={"project": "loft conversion"},
    )
    assert complete_actions("How many's on that list now?", kept) == [
        one("query.count", project="loft conversion")
    ]
    assert complete_actions("How many's on that list now?", CONTEXT) == [
        one("query.count", project={"context": "project"})
    ]


def test_add_another_to_is_a_second_new_task() -> None:
    said = "Add a task to fix the hatch, add another to buy hinges"
    assert complete_actions(said, CONTEXT) == [
        one("task.create", title="fix the hatch"),
        one("task.create", title="buy hinges"),
    ]


def test_a_reminder_before_it_is_due_says_the_task_kept() -> None:
    kept = ParseContext(now=CONTEXT.now, tasks=CONTEXT.tasks, last={"task": "descale the shower"})
    said = "And remind me about it an hour before it's due."
    assert complete_actions(said, kept) == [
        one(
            "reminder.create",
            text="descale the shower",
            task={"context": "task"},
            before="an hour",
        )
    ]


def test_a_possessive_heard_on_a_short_last_word_and_a_summery() -> None:
    context = ParseContext(now=CONTEXT.now, people=("Yusuf", "Femi"))
    assert complete_actions("give me a summery of use ifs jobs", context) == [
        one("report.summary", assignee="Yusuf")
    ]
    assert "its" in heard_names("tell use its ready", context)  # "its" is no possessive


def test_leaving_it_till_a_season_is_why_it_is_cancelled() -> None:
    said = "Cancel digging the vegetable beds, we're leaving it till spring."
    assert complete_actions(said, CONTEXT) == [one("task.cancel", task="vegetable beds")]


def test_misheard_to_do_for_as_done_and_a_time_or() -> None:
    assert complete_actions("whats on my two do list four tomorrow", CONTEXT) == [
        one("query.tasks", assignee="me", filter="tomorrow")
    ]
    assert complete_actions("what have i got too do tomorrow", CONTEXT) == [
        one("query.tasks", assignee="me", filter="tomorrow")
    ]
    assert complete_actions("mark the shower has done", CONTEXT) == [
        one("task.complete", task="shower")
    ]
    assert complete_actions("start a time or for ten minutes for the rice", CONTEXT) == [
        one("timer.start", duration="ten minutes", label="rice")
    ]


def test_what_is_done_on_a_list_and_anything_overdue_to_know_about() -> None:
    said = "Has anyone ticked anything off on the rowing club list yet?"
    assert complete_actions(said, CONTEXT) == [
        one("query.tasks", filter="done", project="rowing club")
    ]
    assert complete_actions("Which of the loft conversion tasks are done already?", CONTEXT) == [
        one("query.tasks", filter="done", project="loft conversion")
    ]
    assert complete_actions("Anything overdue I should know about?", CONTEXT) == [
        one("query.tasks", filter="overdue")
    ]
    assert complete_actions("Give me a quick rundown of what's still outstanding.", CONTEXT) == [
        one("report.summary")
    ]


def test_why_a_task_is_cancelled_or_ticked_off_said_after_it() -> None:
    said = "Cancel the rowing machine task, the club's booked it for us."
    assert complete_actions(said, CONTEXT) == [one("task.cancel", task="rowing machine")]
    said = "Cancel the shower task, we're just doing it all with vinegar now."
    assert complete_actions(said, CONTEXT) == [one("task.cancel", task="shower")]
    said = "Tick off the loft, finally finished it."
    assert complete_actions(said, CONTEXT) == [one("task.complete", task="loft")]


def test_a_priority_said_before_a_new_tasks_title() -> None:
    said = "Add a task, urgent, get the van serviced, tomorrow."
    assert complete_actions(said, CONTEXT) == [
        one("task.create", priority="urgent", title="get the van serviced", due="tomorrow")
    ]
    # an open task's name there is no new task
    assert is_left_to_the_llm("Add a task, urgent, descale the shower", CONTEXT)


def test_did_i_already_finish_a_task_is_a_question() -> None:
    for said in ("Have I already done the shower one?", "Did I already finish the loft or not?"):
        assert complete_actions(said, CONTEXT) == [one("query.tasks", filter="done")], said


def test_a_new_tasks_day_or_person_said_before_its_title() -> None:
    said = "Add a task, due end of the month, to cancel the paper round."
    assert complete_actions(said, CONTEXT) == [
        one("task.create", title="cancel the paper round", due="end of the month")
    ]
    said = "Add a task for me for tomorrow at five: ring the garage."
    assert complete_actions(said, CONTEXT) == [
        one("task.create", assignee="me", due="tomorrow at five", title="ring the garage")
    ]


def test_a_task_can_drop_down_to_a_priority_and_the_date_again() -> None:
    assert complete_actions("The shower can drop down to low, there's no rush now.", CONTEXT) == [
        one("task.set_priority", task="shower", priority="low")
    ]
    assert complete_actions("What's on today, and what's the date again?", CONTEXT) == [
        one("query.tasks", filter="today"),
        one("query.date"),
    ]


def test_put_down_to_someone_overdue_or_what_and_the_x_to_do_list() -> None:
    assert complete_actions("put the shower down to Femi", CONTEXT) == [
        one("task.assign", task="shower", assignee="Femi")
    ]
    assert complete_actions("is the boat licence overdue or what?", CONTEXT) == [
        one("query.tasks", filter="overdue")
    ]
    assert complete_actions("what's on the rowing club to do list", CONTEXT) == [
        one("query.tasks", project="rowing club")
    ]
    said = "give Marek a task, paint the oars, by Friday"
    assert complete_actions(said, CONTEXT) == [
        one("task.create", assignee="Marek", title="paint the oars", due="Friday")
    ]
