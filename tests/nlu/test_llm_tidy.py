"""Tidying the raw values a small model writes, and the repairs that use it."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from services.nlu import ParseContext
from services.nlu.commands import Action, Command
from services.nlu.llm_repair import check
from services.nlu.llm_tidy import is_priority_said, tidy, tidy_command

CONTEXT = ParseContext(
    now=datetime(2026, 11, 20, 9, 30, tzinfo=UTC),
    people=("Sarah", "Mike", "Priya"),
    projects=("shopping", "website"),
    tasks=("marketing materials", "testing", "buy milk"),
)


def answer(*actions: dict) -> str:
    return json.dumps({"actions": list(actions)})


def test_vague_when_is_not_part_of_a_title():
    item = {"type": "task.create", "title": "clean the oven at some point"}
    assert tidy(item, "I must clean the oven at some point", CONTEXT)["title"] == "clean the oven"


def test_for_me_closing_a_title_is_whose_task_it_is():
    said = "can you add put the bins out for me, due Monday"
    item = {"type": "task.create", "title": "put the bins out for me", "due": "Monday"}
    got = tidy(item, said, CONTEXT)
    assert (got["title"], got["assignee"]) == ("put the bins out", "me")
    # someone else's task keeps its assignee, and the words are left as they are
    theirs = {"type": "task.create", "title": "pick up a parcel for me", "assignee": "Sam"}
    assert tidy(theirs, "ask Sam to pick up a parcel for me", CONTEXT) == theirs


def test_whenever_trims_the_title_and_means_low_priority():
    item = {"type": "task.create", "title": "sort the loft whenever"}
    assert tidy(item, "add a task to sort the loft whenever", CONTEXT) == {
        "type": "task.create", "title": "sort the loft", "priority": "low",
    }  # fmt: skip


def test_name_inside_the_title_is_not_the_assignee_unless_said_again():
    item = {"type": "task.create", "title": "call Mike", "assignee": "Mike"}
    assert "assignee" not in tidy(item, "add a task to call Mike", CONTEXT)
    item = {"type": "task.create", "title": "call Mike", "assignee": "Sarah"}
    assert tidy(item, "Sarah needs to call Mike", CONTEXT)["assignee"] == "Sarah"
    item = {"type": "task.create", "title": "chuck the bins out", "assignee": "Chuck"}
    assert "assignee" not in tidy(item, "chuck the bins out on my list", CONTEXT)


def test_timer_label_drops_the_word_timer():
    item = {"type": "timer.start", "duration": "3 minutes", "label": "tea timer"}
    assert tidy(item, "a tea timer for 3 minutes", CONTEXT)["label"] == "tea"


@pytest.mark.parametrize("label", ["timer", "Timer", "alarm"])
def test_a_timer_label_that_is_only_the_word_timer_is_dropped(label: str):
    item = {"type": "timer.start", "duration": "90 seconds", "label": label}
    assert "label" not in tidy(item, "Ninety seconds. Timer. Go.", CONTEXT)


def test_me_is_not_listed_among_meeting_attendees():
    item = {"type": "meeting.schedule", "when": "at 2", "attendees": ["Mike", "me"]}
    assert tidy(item, "Mike and me should meet at 2", CONTEXT)["attendees"] == ["Mike"]


def test_a_thing_said_with_an_article_is_not_a_person():
    item = {"type": "task.assign", "task": "gate", "assignee": "dog"}
    assert "assignee" not in tidy(item, "the gate matters, the dog gets out", CONTEXT)
    item = {"type": "task.assign", "task": "gate", "assignee": "Mike"}
    assert tidy(item, "give the gate to Mike", CONTEXT)["assignee"] == "Mike"


def test_priority_nobody_asked_for_is_dropped():
    assert is_priority_said("that one is pretty urgent")
    assert not is_priority_said("I should really sort out the loft")
    text = answer({"type": "task.set_priority", "task": "loft", "priority": "high"})
    assert check(text, "I should really sort out the loft", CONTEXT).actions == []
    text = answer({"type": "task.create", "title": "phone the council", "priority": "high"})
    checked = check(text, "put phone the council on my list", CONTEXT)
    assert checked.actions[0].params == {"title": "phone the council"}


def test_misheard_task_and_person_are_respelled_by_the_llm_path_too():
    text = answer({"type": "task.assign", "task": "the markting materials", "assignee": "Mikey"})
    checked = check(text, "assign the markting materials to Mikey", CONTEXT)
    assert checked.actions[0].params == {"task": "the marketing materials", "assignee": "Mike"}


def test_time_said_in_words_and_written_in_digits_stands():
    text = answer({"type": "task.set_due", "task": "testing", "due": "Friday at 5 pm"})
    checked = check(text, "move testing to Friday at five pm", CONTEXT)
    assert checked.actions[0].params["due"] == "Friday at 5 pm"


def test_name_repeated_where_it_was_said_refers_to_the_earlier_action():
    text = answer(
        {"type": "task.rename", "task": "testing", "title": "beta testing"},
        {"type": "task.assign", "task": "testing", "assignee": "Priya"},
    )
    checked = check(text, "rename testing to beta testing and give it to Priya", CONTEXT)
    assert checked.actions[1].params["task"] == {"result_of": 0}
    text = answer(
        {"type": "task.complete", "task": "testing"},
        {"type": "task.set_due", "task": "testing", "due": "Friday"},
    )
    checked = check(text, "finish testing and move testing to Friday", CONTEXT)
    assert checked.actions[1].params["task"] == "testing"


def test_person_nobody_said_or_knows_is_dropped():
    item = {"type": "task.create", "title": "fix the fence", "assignee": "Uma"}
    assert "assignee" not in tidy(item, "um add uh a task to fix the fence", CONTEXT)
    item = {"type": "task.create", "title": "fix the fence", "assignee": "Priya"}
    assert tidy(item, "pria should fix the fence", CONTEXT)["assignee"] == "Priya"


def test_opening_verb_is_not_part_of_a_task_reference():
    item = {"type": "task.assign", "task": "hand the testing", "assignee": "Mike"}
    assert tidy(item, "hand the testing over to Mike", CONTEXT)["task"] == "the testing"


def test_renamed_task_reference_does_not_hold_the_new_name():
    item = {"type": "task.rename", "task": "testing task final checks", "title": "final checks"}
    said = "call the testing task final checks instead"
    assert tidy(item, said, CONTEXT)["task"] == "testing task"


def test_new_list_name_drops_the_word_list():
    item = {"type": "project.create", "name": "camping list"}
    assert tidy(item, "start a new list for camping", CONTEXT)["name"] == "camping"


def test_reminder_text_does_not_repeat_its_time():
    item = {"type": "reminder.create", "text": "ring the vet at four pm", "when": "at 4 pm"}
    assert tidy(item, "remind me to ring the vet at four pm", CONTEXT)["text"] == "ring the vet"


def test_list_said_as_the_x_list_is_project_x():
    item = {"type": "task.create", "title": "eggs", "project": "shopping list"}
    assert tidy(item, "put eggs on the shopping list", CONTEXT)["project"] == "shopping"


def _command(*actions: Action) -> Command:
    return Command(intent=actions[0].type, actions=actions, confidence=0.95, parser="tuned")


def test_the_tuned_parsers_answers_are_tidied_too():
    """The fine-tuned parser writes notation, not these flat dicts: ``tidy_command`` gives its
    actions the same fixes, and the two new ones (a filler kept as an item, a reminder "for
    me" given to "me")."""
    said = "add put the bins out for me, split it into find the bags, um, and carry them out"
    command = _command(
        Action("task.create", {"title": "put the bins out for me"}),
        Action(
            "task.add_subtasks",
            {"task": {"result_of": 0}, "titles": ["find the bags", "um", "carry them out"]},
            (0,),
        ),
        Action("reminder.create", {"text": "bins", "when": "Monday", "person": "me"}),
    )
    tidied = tidy_command(command, said, CONTEXT)
    assert [action.params for action in tidied.actions] == [
        {"title": "put the bins out", "assignee": "me"},
        {"task": {"result_of": 0}, "titles": ["find the bags", "carry them out"]},
        {"text": "bins", "when": "Monday"},
    ]
    assert (tidied.confidence, tidied.parser) == (0.95, "tuned")


def test_a_fix_that_would_leave_an_action_without_what_it_needs_is_not_made():
    # "the bank" is a thing, not a person: tidy drops it, but a message needs its "to"
    command = _command(Action("message.send", {"to": "bank", "text": "I'll be late"}))
    tidied = tidy_command(command, "tell the bank I'll be late", CONTEXT)
    assert tidied.actions == command.actions


def test_a_priority_said_as_medium_is_kept():
    item = {"type": "task.create", "title": "check the gas bottle", "priority": "medium"}
    assert tidy(item, "Task. Check the gas bottle. Medium.", CONTEXT)["priority"] == "medium"


def test_the_down_of_put_it_down_is_not_the_titles():
    said = "put take the meter readings down for me for Friday"
    item = {"type": "task.create", "title": "take the meter readings down", "due": "Friday"}
    assert tidy(item, said, CONTEXT)["title"] == "take the meter readings"
    # a title that ends on "down" where nothing was put down keeps it
    item = {"type": "task.create", "title": "take the old shed down"}
    assert tidy(item, "add take the old shed down", CONTEXT)["title"] == "take the old shed down"


def test_the_word_joining_a_step_to_the_one_before_is_not_part_of_it():
    raw = {
        "type": "task.add_subtasks",
        "task": "loft hatch",
        "titles": ["clear the landing", "then actually measure the thing", "and sand it"],
    }
    tidied = tidy(
        raw,
        "the loft hatch needs steps: clear the landing, then actually measure the thing, sand it",
        CONTEXT,
    )
    assert tidied["titles"] == ["clear the landing", "measure the thing", "sand it"]
    assert tidy({**raw, "titles": ["order the shelf", "erase the board"]}, "", CONTEXT)[
        "titles"
    ] == ["order the shelf", "erase the board"]


def test_a_person_named_only_in_the_note_is_not_the_assignee():
    raw = {
        "type": "task.create",
        "title": "get quotes",
        "assignee": "Mike",
        "notes": "Mike knows a guy",
    }
    assert "assignee" not in tidy(
        raw, "add get quotes with a note saying Mike knows a guy", CONTEXT
    )
    said_again = "add get quotes for Mike with a note saying Mike knows a guy"
    assert tidy(raw, said_again, CONTEXT)["assignee"] == "Mike"


def test_a_filter_no_word_said_is_dropped_from_a_question():
    said = "what's Mike got on at the moment, and move the testing to Friday"
    command = _command(
        Action("query.tasks", {"filter": "today", "assignee": "Mike"}),
        Action("task.set_due", {"task": "testing", "due": "Friday"}),
    )
    tidied = tidy_command(command, said, CONTEXT)
    assert tidied.actions[0].params == {"assignee": "Mike"}
    # said, even as a recogniser writes it, it stays
    for heard in ("what's Mike got on today", "what's Mike got on to day"):
        kept = tidy_command(_command(Action("query.tasks", {"filter": "today"})), heard, CONTEXT)
        assert kept.actions[0].params == {"filter": "today"}


def test_the_last_questions_filter_asked_again_stays():
    previous = Action("query.tasks", {"filter": "overdue", "project": "website"})
    context = ParseContext(now=CONTEXT.now, projects=CONTEXT.projects, previous=previous)
    asked = _command(Action("query.tasks", {"filter": "overdue", "project": "shopping"}))
    assert tidy_command(asked, "and the shopping one?", context).actions == asked.actions


def test_a_question_about_my_tasks_nobody_asked_is_dropped():
    said = "what's Priya got, is she still on the testing?"
    command = _command(
        Action("query.tasks", {"assignee": "Priya"}), Action("query.tasks", {"assignee": "me"})
    )
    assert [a.params for a in tidy_command(command, said, CONTEXT).actions] == [
        {"assignee": "Priya"}
    ]
    mine = "what's Priya got, and what have I got?"
    assert len(tidy_command(command, mine, CONTEXT).actions) == 2


def test_one_change_written_twice_is_made_once():
    reopen = Action("task.reopen", {"task": "testing"})
    tidied = tidy_command(
        _command(reopen, reopen), "reopen the testing, the order got lost", CONTEXT
    )
    assert tidied.actions == (reopen,)


def test_a_titled_catch_up_keeps_its_catch_up_as_the_fast_path_does():
    item = {"type": "meeting.schedule", "title": "pottery", "attendees": ["Sarah"]}
    said = "pottery catch-up with Sarah Friday at ten"
    assert tidy(item, said, CONTEXT)["title"] == "pottery catch-up"
    # a meeting about pottery said without "catch-up" keeps the title the model wrote
    assert tidy(item, "a meeting about pottery with Sarah", CONTEXT)["title"] == "pottery"


def test_a_catch_up_said_with_no_subject_has_no_title():
    said = "set up a catch-up with Sarah on Friday at ten"
    for title in ("catch-up", "catch up", "Catch-up", "meeting"):
        item = {"type": "meeting.schedule", "title": title, "attendees": ["Sarah"]}
        assert "title" not in tidy(item, said, CONTEXT), title


def test_a_note_nobody_asked_for_is_dropped():
    said = "Create a task called replace the smoke alarm batteries, urgent, it's been beeping"
    item = {
        "type": "task.create",
        "title": "replace the smoke alarm batteries",
        "priority": "urgent",
        "notes": "it's been beeping",
    }
    assert "notes" not in tidy(item, said, CONTEXT)
    noted = "add renew the van insurance, note it's the policy ending 442"
    kept = {
        "type": "task.create",
        "title": "renew the van insurance",
        "notes": "it's the policy ending 442",
    }
    assert tidy(kept, noted, CONTEXT)["notes"] == "it's the policy ending 442"
