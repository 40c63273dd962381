"""What a model's answer leaves out of what was said (services/nlu/coverage.py)."""

from __future__ import annotations

from services.nlu.commands import Action
from services.nlu.coverage import command_words, unaccounted


def test_a_title_cut_short_leaves_its_last_words():
    said = "put a task in it for me to take the old paint to the tip on Saturday"
    cut = (Action("task.create", {"title": "take the old paint", "due": "Saturday"}),)
    assert unaccounted(cut, said) == ["tip"]
    whole = (Action("task.create", {"title": "take the old paint to the tip", "due": "Saturday"}),)
    assert unaccounted(whole, said) == []


def test_a_dropped_clause_leaves_its_words():
    said = "add a task to fix the gate and remind Pete about the paint on Saturday"
    dropped = (Action("task.create", {"title": "fix the gate"}),)
    assert unaccounted(dropped, said) == ["pete", "paint", "saturday"]


def test_command_words_fillers_and_times_need_no_value():
    said = "um, could you add a task to call the bank, high priority, due a week on Friday at 9"
    answer = (
        Action("task.create", {"title": "call the bank", "priority": "high", "due": "Friday 9am"}),
    )
    assert unaccounted(answer, said) == []
    assert {"add", "task", "priority", "high", "remind"} <= command_words()


def test_a_name_said_in_the_possessive_or_misheard_is_accounted_for():
    said = "the electricity bill, Olivia's paying it, and the cattering is urgent"
    answer = (
        Action("task.assign", {"task": "electricity bill", "assignee": "Olivia Grant"}),
        Action("task.set_priority", {"task": "catering", "priority": "urgent"}),
    )
    assert unaccounted(answer, said) == ["paying"]


def test_nothing_said_but_command_words_leaves_nothing():
    assert unaccounted((Action("undo", {}),), "undo that please") == []


def test_a_day_said_is_accounted_for_only_when_the_answer_writes_it():
    said = "Sam should handle the flyers and Mike the posters, both by Monday"
    dropped = (
        Action("task.assign", {"task": "flyers", "assignee": "Sam"}),
        Action("task.assign", {"task": "posters", "assignee": "Mike"}),
    )
    assert unaccounted(dropped, said) == ["monday"]  # "both" is a word of the grammar
    kept = (
        Action("task.create", {"title": "flyers", "assignee": "Sam", "due": "Monday"}),
        Action("task.create", {"title": "posters", "assignee": "Mike", "due": "Monday"}),
    )
    assert "monday" not in unaccounted(kept, said)


def test_may_said_as_a_verb_needs_no_date_written():
    answer = (Action("task.create", {"title": "call the bank"}),)
    assert unaccounted(answer, "may I add a task to call the bank") == []
