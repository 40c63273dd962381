"""Fast-path readings of the session of 2026-11-29 21:49: a dependency with why after it,
"we need the X sorted first"; names heard with a little word at their edge ("a lee fraser",
"oh been a", "shiv on"), a name of four sounds by its kinds of sound, Wojtek said "voy tech";
"bee keeping" heard for beekeeping; a meeting "in the shed itself"."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from services.nlu import ParseContext
from tests.nlu.fastpath_support import read_after

LONDON = ZoneInfo("Europe/London")
CONTEXT = ParseContext(
    now=datetime(2042, 5, 14, 9, 30, tzinfo=LONDON),  # a Wednesday morning
    people=("Wojtek", "Obinna", "Eilidh Fraser", "Rio"),
    projects=("allotment", "quiz night"),
    tasks=("fix the lawnmower", "order the drive belt", "print the quiz sheets"),
)


def test_a_dependency_with_what_is_needed_first_after_it() -> None:
    said = "Fixing the lawnmower is held up by the drive belt, we need the belt sorted first."
    assert read_after(said, CONTEXT) == [
        ("task.add_dependency", {"task": "lawnmower", "blocker": "drive belt"})
    ]


def test_a_task_for_a_name_heard_as_it_sounds() -> None:
    said = "at a task to mend the shed door for voy tech by friday"
    assert read_after(said, CONTEXT) == [
        ("task.create", {"title": "mend the shed door", "assignee": "Wojtek", "due": "friday"})
    ]


def test_people_heard_with_a_little_word_at_the_edge_of_their_names() -> None:
    said = "schedule a meeting with oh been a and ree oh on thursday at two pm"
    assert read_after(said, CONTEXT) == [
        ("meeting.schedule", {"attendees": ["Obinna", "Rio"], "when": "thursday at two pm"})
    ]
    said = "send a message to a lee fraser saying the quiz sheets are printed"
    assert read_after(said, CONTEXT) == [
        ("message.send", {"to": "Eilidh Fraser", "text": "the quiz sheets are printed"})
    ]


def test_a_closed_compound_heard_as_two_words_is_one() -> None:
    assert read_after("create a project called bee keeping", CONTEXT) == [
        ("project.create", {"name": "beekeeping"})
    ]


def test_a_meeting_place_said_with_itself_is_the_place() -> None:
    said = "Set up a meeting with Rio about the allotment on Friday at 10, in the allotment itself."
    (action,) = read_after(said, CONTEXT)
    assert action[1]["location"] == "allotment"
