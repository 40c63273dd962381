"""Fast-path readings of the session of 2026-11-28 20:49: a weekday and a date checked against
the day they are said ("Wednesday the tenth"), "restring", a known task said as news before
"so tick that off", "add a low priority one, ...", a note naming whose a thing is, "jew" for
"due", what someone did as why a task is reopened, "deep clean", "instead of me", "also one
for ...", "put a task on me", "under the X list add ...", "blocked on ..., so add that as a
task too", a deed said by its participle, tag questions and "is X down for anything", and the
router's checks of a plural's apostrophe ("the kids' toys"), a place a title takes something
to ("to the tip"), an adjective before a verb's word ("the old paint"), a possessive ("the
head's sign-off") and "won" for "one"."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from services.config import Dates
from services.nlu import ParseContext, grammar
from services.nlu.commands import Action, Command
from services.nlu.fields import verb_of_any, verb_of_participle
from services.nlu.llm_vet import vet
from services.nlu.timeparse import resolve_when
from tests.nlu.fastpath_support import PARSER, is_left_to_the_llm, read_after

LONDON = ZoneInfo("Europe/London")
CONTEXT = ParseContext(
    now=datetime(2035, 10, 3, 14, 15, tzinfo=LONDON),  # a Wednesday afternoon
    people=("Uncle Hamish", "Ngozi", "Pippa Lowe", "Bartek", "Dr Iyer"),
    projects=("garage clear-out", "choir tour", "kids' party"),
    tasks=(
        "paint the garden bench",
        "book the coach",
        "print the song sheets",
        "fix the back gate",
        "insure the camper van",
        "sort the garage shelves",
    ),
)


def _findings(command: Command) -> list[str]:
    return vet(command, CONTEXT)[1]


def test_a_weekday_and_a_date_are_checked_against_the_day_they_are_said() -> None:
    # Wednesday 10 October 2035 is a Wednesday: a time, so the router keeps the fast reading
    command = PARSER.parse("push the coach back to Wednesday the tenth", CONTEXT)
    assert command.is_complete and _findings(command) == []
    # it is no Thursday: not a time, whatever the words, so the model reads it
    command = PARSER.parse("push the coach back to Thursday the tenth", CONTEXT)
    assert any("is not a time" in finding for finding in _findings(command))


@pytest.mark.parametrize("word", ["restring", "restringing"])
def test_a_word_ending_in_ring_is_no_doing_of_a_verb_without_it(word: str) -> None:
    assert verb_of_any(word) in (None, "restring")


def test_a_new_task_to_restring_keeps_its_verb() -> None:
    assert read_after("add a task for Bartek to restring the guitars", CONTEXT) == [
        ("task.create", {"assignee": "Bartek", "title": "restring the guitars"})
    ]


def test_a_known_task_said_as_news_is_what_so_tick_that_off_ticks() -> None:
    said = "make the coach urgent, and the garden bench has had its second coat, so tick that off"
    assert read_after(said, CONTEXT) == [
        ("task.set_priority", {"task": "coach", "priority": "urgent"}),
        ("task.complete", {"task": "garden bench"}),
    ]


@pytest.mark.parametrize(
    ("said", "new"),
    [
        (
            "add a high priority one, hire a van, by Friday",
            {"priority": "high", "title": "hire a van", "due": "Friday"},
        ),
        ("add a new one: oil the hinges", {"title": "oil the hinges"}),
        (
            "there's a new one for the choir tour, Ngozi to book the minibus",
            {"project": "choir tour", "assignee": "Ngozi", "title": "book the minibus"},
        ),
    ],
)
def test_a_new_task_said_as_one_with_its_details_first(said: str, new: dict[str, str]) -> None:
    assert read_after(said, CONTEXT) == [("task.create", new)]


def test_a_note_may_say_whose_a_thing_is() -> None:
    said = "add a task to clear the loft, and note that the ladder's in Bartek's shed"
    assert read_after(said, CONTEXT) == [
        (
            "task.create",
            {"title": "clear the loft", "notes": "the ladder's in Bartek's shed"},
        )
    ]


def test_jew_before_a_day_is_due_misheard() -> None:
    assert read_after("add renew the tv licence jew end of the month", CONTEXT) == [
        ("task.create", {"title": "renew the tv licence", "due": "end of the month"})
    ]


@pytest.mark.parametrize(
    "aside",
    [
        "Bartek's knocked it off its hinges again",
        "Ngozi only did half of it",
        "Pippa spotted a mistake",
    ],
)
def test_what_someone_did_said_after_a_reopen_is_why(aside: str) -> None:
    assert read_after(f"reopen the back gate, {aside}", CONTEXT) == [
        ("task.reopen", {"task": "back gate"})
    ]


def test_what_someone_did_said_after_other_changes_is_the_models_to_read() -> None:
    assert is_left_to_the_llm("give the back gate to Ngozi, Bartek only did half of it", CONTEXT)
    # whose job it is, beside a new task, stays who does it
    assert read_after("add buy hinges, Bartek's job, by Friday", CONTEXT) == [
        ("task.create", {"title": "buy hinges", "assignee": "Bartek", "due": "Friday"})
    ]


def test_a_new_name_opening_with_a_word_of_manner_is_one_name() -> None:
    assert read_after("call the coach task deep clean the coach instead", CONTEXT) == [
        ("task.rename", {"task": "coach", "title": "deep clean the coach"})
    ]


@pytest.mark.parametrize(
    "said",
    ["let Ngozi take the back gate instead of me", "give the back gate to Ngozi instead of Bartek"],
)
def test_a_task_given_instead_of_someone_is_given(said: str) -> None:
    assert read_after(said, CONTEXT) == [
        ("task.assign", {"task": "back gate", "assignee": "Ngozi"})
    ]


def test_another_new_task_for_someone_said_as_one_for_them() -> None:
    said = "new task for Ngozi, collect the hymn books by Friday. Also one for Bartek, fix the lock"
    assert read_after(said, CONTEXT) == [
        ("task.create", {"assignee": "Ngozi", "title": "collect the hymn books", "due": "Friday"}),
        ("task.create", {"assignee": "Bartek", "title": "fix the lock"}),
    ]
    said = "add buy the cones for Bartek, and also a task for Ngozi to ring the council"
    assert read_after(said, CONTEXT)[1] == (
        "task.create",
        {"assignee": "Ngozi", "title": "ring the council"},
    )


def test_a_task_put_on_someone() -> None:
    assert read_after("put a task on me to write the running order", CONTEXT) == [
        ("task.create", {"assignee": "me", "title": "write the running order"})
    ]
    assert read_after("stick a job on Bartek to sweep the yard by Sunday", CONTEXT) == [
        ("task.create", {"assignee": "Bartek", "title": "sweep the yard", "due": "Sunday"})
    ]


def test_under_a_list_add_a_new_task_then_its_steps() -> None:
    said = "under the choir tour add pack the robes, and break that into iron them and bag them"
    assert read_after(said, CONTEXT) == [
        ("task.create", {"title": "pack the robes", "project": "choir tour"}),
        ("task.add_subtasks", {"task": {"result_of": 0}, "titles": ["iron them", "bag them"]}),
    ]


@pytest.mark.parametrize(
    ("said", "title", "task"),
    [
        (
            "the camper van is blocked on finding the logbook, so add that as a task too",
            "find the logbook",
            "camper van",
        ),
        (
            "I can't insure the camper van till I've got the new keys, add that as a task",
            "get the new keys",
            "insure the camper van",
        ),
    ],
)
def test_a_task_waiting_on_a_new_one_said_other_ways(said: str, title: str, task: str) -> None:
    assert read_after(said, CONTEXT) == [
        ("task.create", {"title": title}),
        ("task.add_dependency", {"task": task, "blocker": {"result_of": 0}}),
    ]


def test_a_deed_said_by_a_regular_participle_is_the_models_to_read() -> None:
    # "booked": "book" or "booke"? the spelling does not say
    said = "I can't insure the camper van till I've booked the MOT, add that as a task"
    assert is_left_to_the_llm(said, CONTEXT)
    assert verb_of_participle("got") == "get"
    assert verb_of_participle("booked") is None


@pytest.mark.parametrize(
    ("said", "params"),
    [
        ("Ngozi hasn't got anything overdue, has she?", {"assignee": "Ngozi", "filter": "overdue"}),
        (
            "is Bartek down for anything on the choir tour?",
            {"assignee": "Bartek", "project": "choir tour"},
        ),
    ],
)
def test_a_question_of_someones_tasks_said_other_ways(said: str, params: dict[str, str]) -> None:
    assert read_after(said, CONTEXT) == [("query.tasks", params)]


def test_a_plurals_apostrophe_is_no_quotation_mark() -> None:
    command = PARSER.parse("split sort the garage shelves into the kids' toys and tools", CONTEXT)
    assert command.is_complete and _findings(command) == []
    quoted = Command("task.create", (Action("task.create", {"title": "'buy glue"}),))
    assert any("quotation mark" in finding for finding in _findings(quoted))


def test_a_place_a_title_takes_something_to_is_no_list() -> None:
    command = PARSER.parse("add a task to take the old paint to the tip", CONTEXT)
    assert command.is_complete and _findings(command) == []
    # a list the store has, taken into a title, is still found
    listed = Command(
        "task.create",
        (Action("task.create", {"title": "buy balloons to the kids' party with two steps"}),),
    )
    assert any("more than a title" in finding for finding in _findings(listed))


def test_a_noun_after_whose_it_is_is_no_second_thing_to_do() -> None:
    said = "under the song sheets add proofread them and get the head's sign-off"
    command = PARSER.parse(said, CONTEXT)
    assert command.is_complete and _findings(command) == []


def test_won_for_one_names_no_stranger() -> None:
    command = PARSER.parse("make the garden bench won hi priority", CONTEXT)
    assert command.is_complete and _findings(command) == []


@pytest.mark.parametrize(
    ("said", "type_", "params"),
    [
        ("how many jobs do I actually have?", "query.count", {"assignee": "me"}),
        (
            "how many of Ngozi's tasks are overdue?",
            "query.count",
            {"assignee": "Ngozi", "filter": "overdue"},
        ),
        (
            "how many things are due this week for the choir tour?",
            "query.count",
            {"filter": "this_week", "project": "choir tour"},
        ),
        ("give me a quick run-down of what's outstanding", "report.summary", {}),
        (
            "give me a rundown of what's outstanding for Bartek",
            "report.summary",
            {"assignee": "Bartek"},
        ),
        ("give me a rundown of Pippa's open work", "report.summary", {"assignee": "Pippa Lowe"}),
        (
            "give me four and a half minutes for the porridge",
            "timer.start",
            {"duration": "four and a half minutes", "label": "porridge"},
        ),
        (
            "can we bump the coach up to high",
            "task.set_priority",
            {"task": "coach", "priority": "high"},
        ),
    ],
)
def test_questions_summaries_timers_and_requests_said_other_ways(
    said: str, type_: str, params: dict[str, str]
) -> None:
    assert read_after(said, CONTEXT) == [(type_, params)]


@pytest.mark.parametrize(
    ("said", "title"),
    [
        ("set up a meeting with Ngozi on Sunday at noon about Christmas lunch", "Christmas lunch"),
        ("set up a call with Bartek tomorrow at two about the stag weekend", "stag weekend"),
    ],
)
def test_a_meeting_about_a_festival_or_an_event(said: str, title: str) -> None:
    (action,) = read_after(said, CONTEXT)
    assert action[0] == "meeting.schedule" and action[1]["title"] == title


def test_a_long_word_holding_a_short_names_letters_is_no_name_misheard() -> None:
    # WRatio scores "tournament" against "Tolu" 77: not a name said wrong, so a meeting's topic
    context = replace(CONTEXT, people=("Tolu", "Bram"), projects=(), tasks=())
    assert not grammar._is_stranger("tournament", context)
    assert grammar._is_stranger("tolo", context)  # as long as the name: a mishearing


def test_a_week_on_the_day_it_is_said_is_a_week_from_today() -> None:
    # said on a Wednesday: "a week on Wednesday" is a week today, as "Wednesday week" is
    command = PARSER.parse("push the coach back to a week on Wednesday", CONTEXT)
    assert command.is_complete
    (action,) = command.actions
    due = resolve_when(action.params["due"], CONTEXT.now, Dates())
    assert due.date() == (CONTEXT.now + timedelta(days=7)).date()


def test_a_reminder_with_its_time_keeps_what_to_do_not_why_then() -> None:
    said = "remind me at four to move the car before the warden comes round"
    assert read_after(said, CONTEXT) == [
        ("reminder.create", {"when": "at four", "text": "move the car"})
    ]
    # whom it is about stays ("before he goes out")
    said = "remind me at four to ring Bartek before he goes out"
    assert read_after(said, CONTEXT)[0][1]["text"] == "ring Bartek before he goes out"


def test_whom_a_thing_is_got_for_beside_another_request_is_the_models_to_read() -> None:
    said = "tell Pippa the coach is booked, and remind me to get her a card on Friday"
    assert is_left_to_the_llm(said, CONTEXT)


@pytest.mark.parametrize(
    ("said", "type_", "params"),
    [
        (
            "I want new task, oil the hinges, for Saturday",
            "task.create",
            {"title": "oil the hinges", "due": "Saturday"},
        ),
        ("I want to start a new list called Christmas", "project.create", {"name": "Christmas"}),
        (
            "I need a meeting with Ngozi tomorrow at four about the tour",
            "meeting.schedule",
            {"attendees": ["Ngozi"], "when": "tomorrow at four", "title": "tour"},
        ),
    ],
)
def test_what_i_need_or_want_said_as_a_thing(said: str, type_: str, params: dict[str, str]) -> None:
    assert read_after(said, CONTEXT) == [(type_, params)]


def test_please_after_and_is_no_part_of_the_request() -> None:
    said = "make the coach urgent, and please remind me on Friday to print the song sheets"
    assert read_after(said, CONTEXT)[1] == (
        "reminder.create",
        {"when": "Friday", "text": "print the song sheets"},
    )


@pytest.mark.parametrize(
    ("said", "type_", "params"),
    [
        (
            "change the coach deadline to Friday",
            "task.set_due",
            {"task": "coach", "due": "Friday"},
        ),
        (
            "change the coach so it's due a week on Friday",
            "task.set_due",
            {"task": "coach", "due": "a week on Friday"},
        ),
        (
            "change the coach one so it says book the big coach",
            "task.rename",
            {"task": "coach", "title": "book the big coach"},
        ),
        (
            "change the back gate job's name to fix and paint the back gate",
            "task.rename",
            {"task": "back gate", "title": "fix and paint the back gate"},
        ),
        (
            "new one for the choir tour, print the maps",
            "task.create",
            {"project": "choir tour", "title": "print the maps"},
        ),
    ],
)
def test_edits_and_new_tasks_said_other_ways(said: str, type_: str, params: dict[str, str]) -> None:
    assert read_after(said, CONTEXT) == [(type_, params)]


def test_set_the_deadline_names_no_task() -> None:
    (action,) = read_after("set the deadline to Friday", CONTEXT)
    assert action == ("task.set_due", {"task": {"context": "task"}, "due": "Friday"})
