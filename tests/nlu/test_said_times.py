"""widen_times: a model's date or time gets back the words said around it that it dropped."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.nlu.commands import Action, Command
from services.nlu.said_times import on_the_due_day, widen_times
from services.nlu.timeparse import says_day_or_clock

NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)  # a Wednesday


def _due(text: str, due: str) -> str:
    command = Command("llm", (Action("task.set_due", {"task": "venue", "due": due}),))
    return widen_times(command, text, NOW).actions[0].params["due"]


@pytest.mark.parametrize(
    ("said", "kept", "meant"),
    [
        ("make it a week on Monday instead", "Monday", "a week on monday"),
        ("push the venue to next Friday please", "Friday", "next friday"),
        ("the venue is due Friday week", "Friday", "friday week"),
        (
            "move the venue to a week on Friday at half past seven",
            "Friday at half past seven",
            "a week on friday at half past 7",
        ),
        # the model's phrase not said word for word ("eleven o'clock" written "11am"), but its
        # weekday is, after "a week on" or before "week"
        ("see the venue people a week on Friday, eleven o'clock", "Friday at 11am",
         "a week on Friday at 11am"),
        ("the venue's Friday week, at ten", "Friday at 10am", "Friday week at 10am"),
    ],
)  # fmt: skip
def test_a_dropped_part_of_the_time_said_is_given_back(said, kept, meant):
    assert _due(said, kept) == meant


@pytest.mark.parametrize(
    ("said", "kept"),
    [
        ("the venue is due Friday and remind me Thursday at 9", "Friday"),  # "and": not time
        ("move the venue from Monday to Friday", "Friday"),  # "to friday" is the same day
        ("the venue is due Friday at the latest", "Friday"),  # no wider phrase resolves
        ("the venue is due on Friday", "Friday"),  # "on friday": the same moment
        ("the venue is due whenever, say Friday", "Monday"),  # not said: left alone
    ],
)
def test_a_time_said_as_the_model_wrote_it_is_left_alone(said, kept):
    assert _due(said, kept) == kept


def test_only_time_slots_change_and_an_unchanged_command_is_the_same_object():
    create = Action("task.create", {"title": "a week on Monday", "due": "Monday"})
    command = Command("llm", (create,))
    widened = widen_times(command, "add a task called a week on Monday due a week on Monday", NOW)
    assert widened.actions[0].params == {"title": "a week on Monday", "due": "a week on monday"}
    same = Command("llm", (Action("task.create", {"title": "book the venue"}),))
    assert widen_times(same, "add a task to book the venue next week", NOW) is same


AFTERNOON = datetime(2026, 11, 18, 15, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("phrase", "day_and_clock"),
    [
        ("tomorrow", (True, False)),
        ("at eight", (False, True)),
        ("Friday at 9", (True, True)),
        ("at 8 tonight", (True, True)),
        ("at eight in the morning", (False, True)),
        ("a week on Tuesday", (True, False)),
        ("in an hour", (False, False)),
        ("banana", (False, False)),
    ],
)
def test_a_time_phrase_says_whether_it_names_a_day_and_a_clock_time(phrase, day_and_clock):
    assert says_day_or_clock(phrase, AFTERNOON) == day_and_clock


def _made_and_reminded(due: str, when: str) -> Command:
    return Command(
        "multi",
        (
            Action("task.create", {"title": "water the greenhouse", "due": due}),
            Action(
                "reminder.create",
                {"text": "water the greenhouse", "when": when, "task": {"result_of": 0}},
                (0,),
            ),
        ),
    )


@pytest.mark.parametrize(
    ("due", "when", "meant"),
    [
        ("tomorrow", "at eight", "tomorrow at eight"),  # not 20:00 today
        ("Friday", "at 6", "Friday at 6"),
        ("tomorrow", "at 8 tonight", "at 8 tonight"),  # a day of its own: kept
        ("tomorrow at 5pm", "at eight", "at eight"),  # the task has its own clock time
        ("tomorrow", "in an hour", "in an hour"),
    ],
)
def test_a_reminder_said_with_only_a_clock_time_is_on_its_new_task_due_day(due, when, meant):
    command = on_the_due_day(_made_and_reminded(due, when), AFTERNOON)
    assert command.actions[1].params["when"] == meant


def test_a_reminder_about_a_task_the_store_has_keeps_its_time():
    command = Command(
        "multi",
        (
            Action("task.set_due", {"task": "roses", "due": "tomorrow"}),
            Action("reminder.create", {"text": "roses", "when": "at eight", "task": "roses"}),
        ),
    )
    assert on_the_due_day(command, AFTERNOON) is command
