"""Fast-path readings of the session of 2026-11-30 05:06: why a task is dropped ("we're not
playing this week after all", "it's sorted itself out"); "finally got it finished"; "un-tick";
"make X responsible for"; "put it down as low priority"; "to be honest" beside a request;
"it's waiting on the fence being done"; a deadline put right ("sorry, Thursday, not Friday");
"how many things have I got on my plate this week", "what's on the X list for tomorrow", "any
overdue ones on the X list"; the speaker searching for the words ("add... what was it...");
"add one for X to ..."; a change said once for a list of tasks ("tick off A, B and C"); a task
broken down, then its steps said as a sentence of their own; "X is really three bits, ...";
"X has to wait for that", "we can't X until he has"; "put down X as a task"; and misheard
"ex tension", "member ship", "do date", "feb you airy"."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from services.nlu import ParseContext
from services.nlu.commands import Action
from services.nlu.fields import known_task
from services.nlu.hearing import rehear
from services.nlu.text import clean
from tests.nlu.fastpath_support import is_left_to_the_llm, read_after

LONDON = ZoneInfo("Europe/London")
CONTEXT = ParseContext(
    now=datetime(2045, 3, 9, 15, 20, tzinfo=LONDON),  # a Thursday afternoon
    people=("Auntie Rose", "Segun", "Maeve Doyle", "Pawel", "Indira"),
    projects=("attic conversion", "cricket club", "herb garden"),
    tasks=(
        "insulate the attic",
        "book the cricket nets",
        "renew the car insurance",
        "weed the herb garden",
        "clean the oven",
        "paint the back gate",
    ),
    last={"task": "clean the oven"},
)


def test_why_a_task_is_dropped_is_said_beside_it() -> None:
    assert read_after(
        "scrap the cricket nets, we're not training this month after all", CONTEXT
    ) == [("task.cancel", {"task": "cricket nets"})]
    assert read_after("delete the oven task, it's fixed itself", CONTEXT) == [
        ("task.delete", {"task": "oven"})
    ]


def test_finally_got_it_finished_and_un_tick() -> None:
    assert read_after("tick off the back gate, finally got it finished", CONTEXT) == [
        ("task.complete", {"task": "back gate"})
    ]
    assert read_after("un-tick the oven one", CONTEXT) == [("task.reopen", {"task": "oven"})]


def test_make_someone_responsible_for_a_task() -> None:
    assert read_after("make Pawel responsible for the car insurance", CONTEXT) == [
        ("task.assign", {"assignee": "Pawel", "task": "car insurance"})
    ]


def test_put_it_down_as_a_priority_and_to_be_honest() -> None:
    assert read_after("put it down as medium priority", CONTEXT) == [
        ("task.set_priority", {"task": {"context": "task"}, "priority": "medium"})
    ]
    assert read_after("it's quite urgent, to be fair", CONTEXT) == [
        ("task.set_priority", {"task": {"context": "task"}, "priority": "urgent"})
    ]


def test_waiting_on_a_task_being_done() -> None:
    assert read_after("it's waiting on the attic being insulated", CONTEXT) == [
        ("task.add_dependency", {"task": {"context": "task"}, "blocker": "attic"})
    ]
    # "they're waiting on": "they" is no task's name
    assert is_left_to_the_llm("they're waiting on the car insurance", CONTEXT)


def test_a_deadline_put_right_after_a_new_task() -> None:
    made = Action("task.create", {"title": "mend the shed roof", "due": "Saturday"})
    assert read_after("sorry, Sunday, not Saturday", CONTEXT, made) == [
        ("task.set_due", {"task": {"context": "task"}, "due": "Sunday"})
    ]
    moved = Action("task.set_due", {"task": "car insurance", "due": "Monday"})
    assert read_after("no, Tuesday, not Monday", CONTEXT, moved) == [
        ("task.set_due", {"task": "car insurance", "due": "Tuesday"})
    ]
    # the day taken back is not the one the last request set: what is meant is unclear
    assert is_left_to_the_llm("sorry, Sunday, not Friday", replace(CONTEXT, previous=made))


def test_questions_about_a_week_a_list_and_a_day() -> None:
    assert read_after("how many jobs have I got on my plate today?", CONTEXT) == [
        ("query.count", {"assignee": "me", "filter": "today"})
    ]
    assert read_after("what's on the herb garden list for this week?", CONTEXT) == [
        ("query.tasks", {"project": "herb garden", "filter": "this_week"})
    ]
    assert read_after("any late ones on the cricket club?", CONTEXT) == [
        ("query.tasks", {"filter": "overdue", "project": "cricket club"})
    ]


def test_the_speaker_searching_for_the_words() -> None:
    assert clean("um, add... what's it called... oh yes, fix the gutter") == "add fix the gutter"
    assert read_after("I need a job for... let me think... sort the recycling", CONTEXT) == [
        ("task.create", {"title": "sort the recycling"})
    ]


def test_add_one_for_someone() -> None:
    assert read_after("start the back gate, and add one for Segun to buy primer", CONTEXT) == [
        ("task.start", {"task": "back gate"}),
        ("task.create", {"assignee": "Segun", "title": "buy primer"}),
    ]
    # "add one to <a list>": which list, not a thing to do
    assert is_left_to_the_llm("add one to the herb garden", CONTEXT)


def test_one_change_said_for_a_list_of_tasks() -> None:
    assert read_after("cancel the cricket nets, the oven and the back gate", CONTEXT) == [
        ("task.cancel", {"task": "cricket nets"}),
        ("task.cancel", {"task": "oven"}),
        ("task.cancel", {"task": "back gate"}),
    ]
    # one task after the comma is said before its own change
    assert read_after("the oven's done, and the back gate, push that to Monday", CONTEXT) == [
        ("task.complete", {"task": "oven"}),
        ("task.set_due", {"task": "back gate", "due": "Monday"}),
    ]
    # a word no task has: the model's
    assert is_left_to_the_llm("tick off the cricket nets, the oven and the dog", CONTEXT)


def test_a_task_broken_down_then_its_steps() -> None:
    assert read_after(
        "could you break the car insurance down? get quotes, and ring Segun", CONTEXT
    ) == [("task.add_subtasks", {"task": "car insurance", "titles": ["get quotes", "ring Segun"]})]
    assert read_after("the attic job is really two bits, lagging and boarding", CONTEXT) == [
        ("task.add_subtasks", {"task": "attic", "titles": ["lagging", "boarding"]})
    ]


def test_a_new_task_waited_on() -> None:
    said = "put down buy gate hinges as a task, and the gate painting has to wait for that"
    assert read_after(said, CONTEXT) == [
        ("task.create", {"title": "buy gate hinges"}),
        ("task.add_dependency", {"blocker": {"result_of": 0}, "task": "gate"}),
    ]
    said = (
        "add a task for Indira to find the policy number; "
        "we can't renew the car insurance until she has"
    )
    assert read_after(said, CONTEXT) == [
        ("task.create", {"assignee": "Indira", "title": "find the policy number"}),
        ("task.add_dependency", {"blocker": {"result_of": 0}, "task": "renew the car insurance"}),
    ]


def test_a_doing_word_after_a_title_is_no_task() -> None:
    assert known_task("the nets booking", CONTEXT) == "nets"
    assert known_task("weed the herb garden digging", CONTEXT) is None


def test_words_heard_in_pieces() -> None:
    assert rehear("add a project called loft ex tension") == "add a project called loft extension"
    said = rehear("set the gym member ship do date to the fifth of feb you airy")
    assert said == "set the gym membership due date to the fifth of February"


def test_a_gift_said_with_whose_it_is_then_who_sees_to_it() -> None:
    said = "put down wrap Auntie Rose's birthday present for Segun, due Saturday"
    assert read_after(said, CONTEXT) == [
        (
            "task.create",
            {
                "title": "wrap Auntie Rose's birthday present",
                "assignee": "Segun",
                "due": "Saturday",
            },
        )
    ]
    # a gift with nobody's name in it: "for" says who gets it
    assert read_after("add buy a birthday card for Segun", CONTEXT) == [
        ("task.create", {"title": "buy a birthday card for Segun"})
    ]


def test_someone_offered_and_someone_better_at_it() -> None:
    assert read_after("Pawel's offered to do the oven, put him down for it", CONTEXT) == [
        ("task.assign", {"assignee": "Pawel", "task": "oven"})
    ]
    said = "actually Indira's better at that kind of thing, give it to her instead"
    assert read_after(said, CONTEXT) == [
        ("task.assign", {"task": {"context": "task"}, "assignee": "Indira"})
    ]
