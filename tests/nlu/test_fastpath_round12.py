"""What devset_natural17's failures showed (scored once at first sight on 2026-11-27, then
read): "then tick it off" after a message that names a known task; a new task's details said by
what it acts on ("..., Kenzo can do the stumps"); a remark after a reminder's text ("..., parking
runs out"); "print the accounts for it" (what "it" is, the model reads); "at too about ...";
a list said without its accent ("the cafe opening"); "at for to phone ..."; a dependency said
"can't file X till ...", "the solar panel can't go on till that's done", "..., but it can only
happen after ...", "..., only after ... though"; "X is for Kenzo"; "nine teenth"; "add, um,
..."; "a task for Mr Adebayo, please: ..."; "right, quick one, ...". Then devset_natural18's
wrong changes (scored once at first sight, then read). Variants of those failures, not their
sentences."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from services.nlu import ParseContext
from services.nlu.hearing import rehear
from services.nlu.text import clean, folded
from tests.nlu.fastpath_support import complete_actions, is_left_to_the_llm, one

NOW = datetime(2027, 4, 5, 12, 30, tzinfo=ZoneInfo("Europe/London"))  # a Monday lunchtime
CONTEXT = ParseContext(
    now=NOW,
    people=("Ottoline", "Bram", "Mr Osei"),
    projects=("crêpe stall", "rugby club", "garden room"),
    tasks=(
        "file the tax return",
        "order the oven",
        "fit the skylight",
        "paint the pavilion",
        "collect the bunting",
    ),
)


def test_it_after_a_message_naming_a_known_task_is_that_task() -> None:
    actions = complete_actions("message Bram the tax return's in, then tick it off", CONTEXT)
    assert actions[1] == one("task.complete", task="tax return")
    # a message that names no known task leaves "it" to the conversation, as before
    actions = complete_actions("message Bram the van's here, then tick it off", CONTEXT)
    assert actions[1] == one("task.complete", task={"context": "task"})


def test_a_new_task_named_by_what_it_acts_on_takes_its_details() -> None:
    actions = complete_actions(
        "put hire the gazebo on the rugby club, and buy new posts on the garden room, Bram can "
        "do the posts",
        CONTEXT,
    )
    assert actions[1] == one(
        "task.create", title="buy new posts", project="garden room", assignee="Bram"
    )
    assert len(actions) == 2


def test_a_remark_after_a_reminder_is_never_its_text() -> None:
    assert is_left_to_the_llm("in an hour, remind me to move the car, parking runs out", CONTEXT)
    # a list of things in a reminder stays its text
    actions = complete_actions("remind me at six to buy eggs, milk and bread", CONTEXT)
    assert actions[0]["params"]["text"] == "buy eggs, milk and bread"


def test_a_new_title_ending_for_it_is_the_model_s() -> None:
    assert is_left_to_the_llm(
        "and a task for me to print the accounts for it, by Wednesday", CONTEXT
    )


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("schedule a meeting with Bram on wednesday at too about the oven", "schedule a meeting"
         " with Bram on wednesday at two about the oven"),
        ("remind me at for to phone Bram", "remind me at four to phone Bram"),
        ("move it to friday the nine teenth", "move it to friday the nineteenth"),
    ],
)  # fmt: skip
def test_hours_and_numbers_a_recogniser_splits_or_mishears(said: str, meant: str) -> None:
    assert rehear(said) == meant


def test_a_list_said_without_its_accent_is_the_store_s() -> None:
    assert folded("Crêpe Stall") == "crepe stall"
    actions = complete_actions("add a task to order the batter for the crepe stall", CONTEXT)
    assert actions == [one("task.create", title="order the batter", project="crêpe stall")]


@pytest.mark.parametrize(
    ("text", "task", "blocker"),
    [
        ("can't file the tax return till the oven's ordered", "file the tax return", "oven"),
        ("add wire the lights, the skylight can't go in till that's done", "skylight", 0),
        ("add a task to sand the floor, but it can only happen after the skylight is fitted", 0,
         "skylight"),
        ("add varnish the benches, only after the pavilion's painted though", 0, "pavilion"),
    ],
)  # fmt: skip
def test_a_dependency_said_as_people_say_it(text: str, task: object, blocker: object) -> None:
    actions = complete_actions(text, CONTEXT)
    waits = actions[-1]
    assert waits["type"] == "task.add_dependency"

    def meant(value: object) -> object:
        return {"result_of": value} if isinstance(value, int) else value

    assert waits["params"] == {"task": meant(task), "blocker": meant(blocker)}


def test_a_known_task_said_to_be_for_someone_is_theirs() -> None:
    actions = complete_actions(
        "paint the pavilion is for Bram, collect the bunting is for Ottoline, and both of them by "
        "Saturday",
        CONTEXT,
    )
    assert [a["type"] for a in actions] == [
        "task.assign", "task.assign", "task.set_due", "task.set_due"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("right quick one, add milk", "add milk"),
        ("Can you add, um, book the hall", "add book the hall"),
        ("A task for Bram, please: check the nets", "A task for Bram: check the nets"),
        ("add plumb in the sink, only after the oven's ordered though", "add plumb in the sink, "
         "only after the oven's ordered"),
    ],
)  # fmt: skip
def test_politeness_and_pauses_are_tidied(said: str, meant: str) -> None:
    assert clean(said) == meant


# devset_natural18 (scored once at first sight, then read): its wrong changes


def test_a_remark_about_whom_a_message_is_for_is_never_its_text() -> None:
    assert is_left_to_the_llm(
        "text Bram to come down for tea, he's got his headphones on again", CONTEXT
    )


def test_a_person_heard_as_words_after_a_new_title_is_who_does_it() -> None:
    context = ParseContext(now=NOW, people=("Farid",))
    # (left to the model until the session of 2026-11-28 01:33, which reads "for <someone the
    # store knows>" after a new title as who does it: grammar.said_for_whom)
    assert complete_actions("add a task to fix the shed door for far eed", context) == [
        one("task.create", title="fix the shed door", assignee="Farid")
    ]
    # a thing said after "for" stays in the title
    actions = complete_actions("add a task to buy seeds for the pots", context)
    assert actions == [one("task.create", title="buy seeds for the pots")]


def test_a_day_is_never_taken_for_a_name_that_sounds_like_it() -> None:
    context = ParseContext(now=NOW, people=("Farid",), tasks=("print the walk maps",))
    assert rehear("move print the walk maps two friday") == "move print the walk maps to friday"
    actions = complete_actions("move print the walk maps to friday", context)
    assert actions == [one("task.set_due", task="print the walk maps", due="friday")]


def test_a_list_a_few_sounds_away_is_the_store_s() -> None:
    context = ParseContext(now=NOW, projects=("youth orchestra", "book swap"))
    actions = complete_actions("add a task to the youth or kestrel list higher the piano", context)
    assert actions == [one("task.create", title="hire the piano", project="youth orchestra")]
    assert complete_actions("what's left on the book swop list", context) == [
        one("query.tasks", project="book swap")
    ]
    # a list nobody has, and sounding like none, is said as it is
    actions = complete_actions("add a task to the youth theatre list to hire the piano", context)
    assert actions[0]["params"]["project"] == "youth theatre"


def test_a_note_added_after_a_new_task_is_its_note() -> None:
    actions = complete_actions(
        "new task on the rugby club list, book the minibus, and add a note that it needs to seat "
        "fourteen",
        CONTEXT,
    )
    assert actions == [
        one(
            "task.create",
            title="book the minibus",
            project="rugby club",
            notes="it needs to seat fourteen",
        )
    ]


def test_a_reason_dependency_said_with_the_task_named_two_ways_is_made_once() -> None:
    actions = complete_actions(
        "painting the pavilion is held up by the new gutters, so add a task for Bram to fit the "
        "new gutters and make the pavilion wait for that",
        CONTEXT,
    )
    assert [a["type"] for a in actions] == ["task.create", "task.add_dependency"]
    assert actions[1]["params"]["blocker"] == {"result_of": 0}
