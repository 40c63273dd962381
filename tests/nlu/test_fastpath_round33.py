"""Fast-path readings of the session of 2026-11-29 15:28: "her" and the word after it never
heard as a name ("text her to ..." beside Harriet); "not that one, the X" of the last change;
a message's own "for me"; "B&Q"; "X should get <a known task>"; a reminder's closing "first";
two words with the sound of one the store has ("boy lure"); the task a new one goes under said
after it; "what's been done so far on X"; "how much thyme is left on the roast"; "how many
overdue ones have I got"; "X is to ..."; "on it" and "on there" of the list the conversation
just made or put a task on; a name of four sounds heard as two words ("lou lou"); "X has to do
<a known task> by Friday"; "put me down to ..."; "put it back with X for Thursday"; "the
cycling clublist"; "the balloons order"; "the boiler one's blocked by ..."; "for X there's
three bits: ..."; "split X in two by A and B" ("into", "buy"); "right the tag" (write);
"..., stick that on the list" after a new task; a lone "down" is no task ("Mina is down")."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from services.nlu import ParseContext
from services.nlu.commands import Action
from services.nlu.text import clean
from tests.nlu.fastpath_support import parse_after, read_after

LONDON = ZoneInfo("Europe/London")
CONTEXT = ParseContext(
    now=datetime(2040, 3, 6, 10, 30, tzinfo=LONDON),  # a Tuesday morning
    people=("Harriet", "Mina", "Kofi", "Doctor Penn", "Lulu"),
    projects=("loft clear-out", "bowls club"),
    tasks=(
        "paint the garden fence",
        "book the bowls green",
        "service the boiler",
        "renew the car tax",
        "order the party balloons",
        "take down the tree",
    ),
)
NEW = {"result_of": 0}
PERSON_IT = {"context": "person"}


def test_her_and_the_word_after_it_are_no_name() -> None:
    assert read_after("text her to bring the key", CONTEXT) == [
        ("message.send", {"to": PERSON_IT, "text": "bring the key"})
    ]
    said = "add buy sandbags for Mina, due Friday, and text her to bring the key from Kofi"
    assert read_after(said, CONTEXT) == [
        ("task.create", {"title": "buy sandbags", "assignee": "Mina", "due": "Friday"}),
        ("message.send", {"to": "Mina", "text": "bring the key from Kofi"}),
    ]


@pytest.mark.parametrize("said", ["sorry, not that one, the car tax", "no, wrong one, the car tax"])
def test_not_that_one_names_the_task_meant(said: str) -> None:
    made = Action("task.set_priority", {"task": "boiler", "priority": "high"})
    assert read_after(said, CONTEXT, made) == [
        ("task.set_priority", {"task": "car tax", "priority": "high"})
    ]


def test_a_messages_own_for_me_is_kept() -> None:
    said = "send Kofi a message saying ten o'clock tomorrow works for me."
    assert read_after(said, CONTEXT) == [
        ("message.send", {"to": "Kofi", "text": "ten o'clock tomorrow works for me"})
    ]


def test_an_ampersand_inside_a_name_is_kept() -> None:
    said = "new task for Kofi, pick up the paint from B&Q on Thursday"
    assert read_after(said, CONTEXT) == [
        (
            "task.create",
            {"assignee": "Kofi", "title": "pick up the paint from B&Q", "due": "Thursday"},
        )
    ]
    # said between words, it is "and"
    assert clean("milk & eggs, B&Q") == "milk and eggs, B&Q"


def test_someone_should_get_a_known_task_is_theirs() -> None:
    assert read_after("Doctor Penn should get the garden fence", CONTEXT) == [
        ("task.assign", {"assignee": "Doctor Penn", "task": "garden fence"})
    ]
    # a thing the store has no task for is a new task
    assert read_after("Kofi should get the milk", CONTEXT) == [
        ("task.create", {"assignee": "Kofi", "title": "get the milk"})
    ]


def test_a_reminders_closing_first_is_before_what_was_said() -> None:
    said = (
        "book a call with Mina tomorrow at four, and remind me at half three to charge the "
        "tablet first"
    )
    actions = read_after(said, CONTEXT)
    assert actions[1][0] == "reminder.create"
    assert actions[1][1]["text"] == "charge the tablet"


def test_two_words_with_the_sound_of_one_the_store_has() -> None:
    assert read_after("mark the boy lure task as done", CONTEXT) == [
        ("task.complete", {"task": "boiler"})
    ]


@pytest.mark.parametrize(
    ("said", "parent"),
    [
        (
            "new task, sand the posts, and put it under paint the garden fence",
            "paint the garden fence",
        ),
        ("add buy a brush, it's part of the garden fence job", "garden fence"),
    ],
)
def test_the_task_a_new_one_goes_under_said_after_it(said: str, parent: str) -> None:
    actions = read_after(said, CONTEXT)
    assert len(actions) == 1 and actions[0][0] == "task.create"
    assert actions[0][1]["parent"] == parent


def test_questions_said_new_ways() -> None:
    assert read_after("what's been done so far on the loft clear-out?", CONTEXT) == [
        ("query.tasks", {"filter": "done", "project": "loft clear-out"})
    ]
    assert read_after("how much thyme is left on the roast", CONTEXT) == [
        ("timer.query", {"label": "roast"})
    ]
    assert read_after("what's on today, and how many overdue ones have I got?", CONTEXT) == [
        ("query.tasks", {"filter": "today"}),
        ("query.count", {"assignee": "me", "filter": "overdue"}),
    ]


def test_someone_is_to_do_a_thing() -> None:
    said = "Kofi is to write the thank-you cards, due Friday"
    assert read_after(said, CONTEXT) == [
        ("task.create", {"assignee": "Kofi", "title": "write the thank-you cards", "due": "Friday"})
    ]


def test_on_it_after_a_list_was_made() -> None:
    made = Action("project.create", {"name": "garage sale"})
    assert read_after("put price the toys on it for Saturday", CONTEXT, made) == [
        ("task.create", {"project": "garage sale", "title": "price the toys", "due": "Saturday"})
    ]
    added = Action("task.create", {"title": "price the toys", "project": "garage sale"})
    said = "and on there as well, sort the old books, that's one for Kofi"
    assert read_after(said, CONTEXT, added) == [
        (
            "task.create",
            {"project": "garage sale", "title": "sort the old books", "assignee": "Kofi"},
        )
    ]


def test_on_it_with_no_list_made_before_is_no_list() -> None:
    made = Action("task.complete", {"task": "boiler"})
    assert is_left_to_the_llm_after("put price the toys on it for Saturday", made)


def is_left_to_the_llm_after(said: str, previous: Action) -> bool:
    return not parse_after(said, CONTEXT, previous).is_complete


def test_a_name_of_four_sounds_heard_as_two_words() -> None:
    assert read_after("remind lou lou two feed the cat at six tomorrow evening", CONTEXT) == [
        (
            "reminder.create",
            {"person": "Lulu", "text": "feed the cat", "when": "at six tomorrow evening"},
        )
    ]


def test_someone_has_to_do_a_known_task_by_a_day() -> None:
    assert read_after("Kofi has to do the garden fence by Friday", CONTEXT) == [
        ("task.assign", {"assignee": "Kofi", "task": "garden fence"}),
        ("task.set_due", {"task": "garden fence", "due": "Friday"}),
    ]


def test_a_summary_misheard() -> None:
    assert read_after("give me a some tree of what's out standing", CONTEXT) == [
        ("report.summary", {})
    ]


def test_put_me_or_someone_down_to_do_a_thing() -> None:
    assert read_after("put me down to ring the vet tomorrow", CONTEXT) == [
        ("task.create", {"assignee": "me", "title": "ring the vet", "due": "tomorrow"})
    ]
    assert read_after("put Mina down to collect the chairs on Friday", CONTEXT) == [
        ("task.create", {"assignee": "Mina", "title": "collect the chairs", "due": "Friday"})
    ]


def test_put_it_back_with_someone() -> None:
    assert read_after("reopen the boiler and put it back with Kofi for Thursday", CONTEXT) == [
        ("task.reopen", {"task": "boiler"}),
        ("task.assign", {"task": NEW, "assignee": "Kofi"}),
        ("task.set_due", {"task": NEW, "due": "Thursday"}),
    ]


def test_a_lists_last_word_run_together_with_list() -> None:
    assert read_after("at cake rota to the bowls clublist", CONTEXT) == [
        ("task.create", {"title": "cake rota", "project": "bowls club"})
    ]


def test_a_task_said_by_its_thing_and_its_verb_as_a_noun() -> None:
    said = "add a task to confirm numbers, and the balloons order has to wait for that"
    assert read_after(said, CONTEXT) == [
        ("task.create", {"title": "confirm numbers"}),
        ("task.add_dependency", {"task": "order the party balloons", "blocker": NEW}),
    ]


def test_one_s_blocked_by() -> None:
    assert read_after("the boiler one's blocked by the car tax", CONTEXT) == [
        ("task.add_dependency", {"task": "boiler", "blocker": "car tax"})
    ]


def test_steps_said_as_there_are_three_bits() -> None:
    said = "for the garden fence there's three bits: buy paint, sand it, and paint it"
    assert read_after(said, CONTEXT) == [
        (
            "task.add_subtasks",
            {"task": "garden fence", "titles": ["buy paint", "sand it", "paint it"]},
        )
    ]


def test_steps_heard_as_in_two_by() -> None:
    said = "split the garden fence in two by new posts and dig the holes"
    assert read_after(said, CONTEXT) == [
        (
            "task.add_subtasks",
            {"task": "garden fence", "titles": ["buy new posts", "dig the holes"]},
        )
    ]
    said = "break the car tax into by stamps and right the letter"
    assert read_after(said, CONTEXT) == [
        ("task.add_subtasks", {"task": "car tax", "titles": ["buy stamps", "write the letter"]})
    ]
    # another "by" to come: which is "buy" is the model's
    said = "split the garden fence into by posts by nails and fix the gate"
    assert not parse_after(said, CONTEXT).is_complete


def test_stick_that_on_the_list_after_a_new_task() -> None:
    assert read_after("I need to book the vet by Friday, stick that on the list", CONTEXT) == [
        ("task.create", {"title": "book the vet", "due": "Friday"})
    ]
    said = "I've got to sort the float by Monday, stick it on my list as urgent"
    assert read_after(said, CONTEXT) == [
        (
            "task.create",
            {"title": "sort the float", "due": "Monday", "assignee": "me", "priority": "urgent"},
        )
    ]
    # after a change of a task the store has, it asks nothing the fast path can tell
    assert not parse_after("tick off the boiler, stick that on the list", CONTEXT).is_complete


def test_a_lone_particle_is_no_task() -> None:
    assert not parse_after("Mina is down", CONTEXT).is_complete


def test_someone_taking_it_on() -> None:
    made = Action("task.set_priority", {"task": "boiler", "priority": "high"})
    assert read_after("and Kofi's taking it on", CONTEXT, made) == [
        ("task.assign", {"task": {"context": "task"}, "assignee": "Kofi"})
    ]


def test_an_apology_at_the_very_end() -> None:
    assert read_after("move the boiler to Thursday, no, Friday, sorry", CONTEXT) == [
        ("task.set_due", {"task": "boiler", "due": "Friday"})
    ]
    # a message's own: never dropped from its words (the model reads where it belongs)
    said = "message Kofi saying it's all yours now, sorry"
    assert not parse_after(said, CONTEXT).is_complete


def test_a_timer_said_with_instead() -> None:
    assert read_after(
        "cancel the tea timer and set an egg timer for four minutes instead", CONTEXT
    ) == [
        ("timer.cancel", {"label": "tea"}),
        ("timer.start", {"label": "egg", "duration": "four minutes"}),
    ]


def test_more_questions_said_new_ways() -> None:
    assert read_after("how many tasks or over due", CONTEXT) == [
        ("query.count", {"filter": "overdue"})
    ]
    assert read_after("has anything slipped past its due date?", CONTEXT) == [
        ("query.tasks", {"filter": "overdue"})
    ]
    assert read_after("how many jobs have we finished for the bowls club so far?", CONTEXT) == [
        ("query.count", {"filter": "done", "project": "bowls club"})
    ]


def test_add_to_a_list_then_the_title() -> None:
    said = "add to the bowls club: sort out the first aid kit, high priority"
    assert read_after(said, CONTEXT) == [
        (
            "task.create",
            {"project": "bowls club", "title": "sort out the first aid kit", "priority": "high"},
        )
    ]


def test_a_task_opened_again_said_another_way() -> None:
    said = "the garden fence needs doing again, the paint's peeling, open it back up"
    assert read_after(said, CONTEXT) == [("task.reopen", {"task": "garden fence"})]
    said = "the boiler's leaking again, put it back on as not done"
    assert read_after(said, CONTEXT) == [("task.reopen", {"task": "boiler"})]


def test_the_second_new_task_waits_for_the_first() -> None:
    said = "add call the roofer, add get three quotes, and make the second one depend on the first"
    assert read_after(said, CONTEXT) == [
        ("task.create", {"title": "call the roofer"}),
        ("task.create", {"title": "get three quotes"}),
        ("task.add_dependency", {"task": {"result_of": 1}, "blocker": NEW}),
    ]
    said = "add A1, add B2, add C3, and make the second one depend on the first"
    assert not parse_after(said, CONTEXT).is_complete  # of three: which, the model's


def test_a_step_said_with_a_change_verb_is_the_models() -> None:
    said = (
        "break renewing the car tax down: find the logbook, check the mileage, cancel the "
        "old direct debit"
    )
    assert not parse_after(said, CONTEXT).is_complete
