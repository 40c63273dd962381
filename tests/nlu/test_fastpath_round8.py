"""What the dev sets' fast-path failures showed on 2026-11-27: "it" after a new task's steps or
what it waits for is still the new task ("..., split it into ..., and give it to Jo": Jo's is
the new task); "both", "both of those" name no task of that name (after two changes of one kind
they say those again, "..., tick both off"; after anything else they are the model's);
sentences end at "so" before a request and at "!" and "?"; a remark beside a question ("don't
change anything, I'm just looking") adds nothing. Variants of those failures, not their
sentences."""

from __future__ import annotations

from dataclasses import replace

import pytest

from services.nlu.fastpath import FastPathParser
from tests.nlu.fastpath_support import complete_actions
from tests.nlu.test_fastpath_round7 import CONTEXT  # the same small world


def test_it_after_a_new_tasks_steps_is_still_the_new_task() -> None:
    actions = complete_actions(
        "add a task to rebuild the wall, split it into buy bricks and mix mortar, "
        "and give it to Jo",
        CONTEXT,
    )
    assert actions[0] == {
        "type": "task.create",
        "params": {"title": "rebuild the wall", "assignee": "Jo"},
        "depends_on": [],
    }
    assert [action["type"] for action in actions] == ["task.create", "task.add_subtasks"]


def test_it_after_what_a_new_task_waits_for_is_still_the_new_task() -> None:
    actions = complete_actions(
        "add a task to stain the decking, make it wait for the timber, and make it urgent",
        CONTEXT,
    )
    assert actions[0]["type"] == "task.create"
    assert actions[0]["params"] == {"title": "stain the decking", "priority": "urgent"}
    assert [action["type"] for action in actions] == ["task.create", "task.add_dependency"]


@pytest.mark.parametrize(
    "text",
    [
        "the gate's fixed and the timber's ordered, tick both off",
        "the shed's painted and the gutters are cleared, so mark both of those done",
    ],
)
def test_both_after_two_changes_is_those_changes_said_again(text: str) -> None:
    command = FastPathParser().parse(text, CONTEXT)
    assert command.is_complete, command
    assert [action.type for action in command.actions] == ["task.complete", "task.complete"]
    assert all(not str(action.params["task"]).startswith("\x00") for action in command.actions)


@pytest.mark.parametrize(
    "text",
    ["tick both off", "fix the gate and mark both done", "make both of those urgent"],
)
def test_both_after_anything_else_names_no_task(text: str) -> None:
    command = FastPathParser().parse(text, CONTEXT)
    assert not command.is_complete, command


@pytest.mark.parametrize(
    ("text", "types"),
    [
        # "so" before a request cuts the clause, as ", so" does
        ("I've fixed the gate so tick that off", ["task.complete"]),
        (
            "the timber's ordered so mark it done, and start the shed",
            ["task.complete", "task.start"],
        ),
        # "!" and "?" end a sentence as a full stop does, with "and", "then", "oh" after them
        ("I've fixed the gate! Cross it off.", ["task.complete"]),
        (
            "tell Jo the shed is painted? Then tick off paint the shed",
            ["message.send", "task.complete"],
        ),
        ("what time is it? And what's the date?", ["query.time", "query.date"]),
    ],
)
def test_sentences_end_where_people_end_them(text: str, types: list[str]) -> None:
    command = FastPathParser().parse(text, CONTEXT)
    assert command.is_complete, command
    assert [action.type for action in command.actions] == types


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("what's overdue? don't change anything, I'm just looking", ["query.tasks"]),
        ("what's the date? I've completely lost track", ["query.date"]),
        ("what's on the garden list? just asking", ["query.tasks"]),
    ],
)
def test_a_remark_beside_a_question_adds_nothing(text: str, types: list[str]) -> None:
    command = FastPathParser().parse(text, CONTEXT)
    assert command.is_complete, command
    assert [action.type for action in command.actions] == types


def test_the_same_remark_beside_a_change_is_not_understood() -> None:
    command = FastPathParser().parse("make the gate urgent, don't change anything", CONTEXT)
    assert not command.is_complete, command


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # who does it and by when, in one breath
        (
            "put Jo on the gate for Friday",
            [("task.assign", {"task": "gate", "assignee": "Jo"}),
             ("task.set_due", {"task": "gate", "due": "Friday"})],
        ),
        (
            "Sam does the shed by Sunday",
            [("task.assign", {"task": "shed", "assignee": "Sam"}),
             ("task.set_due", {"task": "shed", "due": "Sunday"})],
        ),
        # a verb said once for two changes
        (
            "give Jo the gate and Sam the gutters",
            [("task.assign", {"assignee": "Jo", "task": "gate"}),
             ("task.assign", {"assignee": "Sam", "task": "gutters"})],
        ),
        (
            "put Sam on the timber, Jo on the shed",
            [("task.assign", {"assignee": "Sam", "task": "timber"}),
             ("task.assign", {"assignee": "Jo", "task": "shed"})],
        ),
        # "both" after two tasks named: each of them
        (
            "give the gate to Jo and the shed to Sam, both by Thursday",
            [("task.assign", {"task": "gate", "assignee": "Jo"}),
             ("task.assign", {"task": "shed", "assignee": "Sam"}),
             ("task.set_due", {"task": "gate", "due": "Thursday"}),
             ("task.set_due", {"task": "shed", "due": "Thursday"})],
        ),
    ],
)  # fmt: skip
def test_changes_to_several_tasks_said_the_short_way(text, expected):
    command = FastPathParser().parse(text, CONTEXT)
    assert command.is_complete, command
    assert [(action.type, action.params) for action in command.actions] == expected


def test_both_of_two_new_tasks_is_each_new_tasks_detail():
    # (left to the model until 2026-11-27 16:37; every dev-set writer since, 14 lines, puts
    # "both by Friday" in each new task, and so does the fast path now)
    command = FastPathParser().parse(
        "add a task to sand the door and one to oil the hinges, both by Friday", CONTEXT
    )
    assert command.is_complete, command
    assert [(action.type, action.params) for action in command.actions] == [
        ("task.create", {"title": "sand the door", "due": "Friday"}),
        ("task.create", {"title": "oil the hinges", "due": "Friday"}),
    ]


def test_both_of_three_new_tasks_is_left_to_the_model():
    command = FastPathParser().parse(
        "add sand the door and oil the hinges and paint the gate, both by Friday", CONTEXT
    )
    assert not command.is_complete, command


def test_a_reminder_about_the_task_just_made_says_its_name():
    command = FastPathParser().parse(
        "add a task to buy nails, give it to Jo, and remind me about it on Saturday at ten",
        CONTEXT,
    )
    assert command.is_complete, command
    assert [action.to_dict() for action in command.actions] == [
        {
            "type": "task.create",
            "params": {"title": "buy nails", "assignee": "Jo"},
            "depends_on": [],
        },
        {
            "type": "reminder.create",
            "params": {"text": "buy nails", "task": {"result_of": 0}, "when": "Saturday at ten"},
            "depends_on": [0],
        },
    ]


def test_a_reminder_about_the_task_talked_of_before_needs_its_name():
    talked_of = replace(CONTEXT, last={"task": "fix the gate"})
    command = FastPathParser().parse("and remind Sam about it on Wednesday", talked_of)
    assert command.is_complete, command
    [reminder] = command.actions
    assert reminder.params["text"] == "fix the gate"
    assert reminder.params["task"] == {"context": "task"}
    # with no name known for "it", the words are the model's, never a reminder saying "it"
    assert not FastPathParser().parse("and remind Sam about it on Wednesday", CONTEXT).is_complete


def test_a_reminder_before_a_deadline_is_still_read_as_one():
    talked_of = replace(CONTEXT, last={"task": CONTEXT.tasks[0]})
    [reminder] = complete_actions("remind me about it an hour before it's due", talked_of)
    assert reminder["params"]["before"] == "an hour"
    assert reminder["params"]["text"] == CONTEXT.tasks[0]  # the task's name, not "it"
    # with no task named or talked of, "it" is no reminder's text: the model's to read
    said = "remind me about it an hour before it's due"
    assert not FastPathParser().parse(said, CONTEXT).is_complete


def test_remind_me_about_it_with_nothing_named_is_no_reminder():
    """The grammar reads "about it" as the task just named; said alone, with no task named in
    the sentence or talked of before, "it" is no reminder's text (test_grammar.py had this)."""
    assert not FastPathParser().parse("remind me about it on Monday", CONTEXT).is_complete


GARDEN = replace(CONTEXT, projects=("community garden", "Christmas panto"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("what's everybody got due this week?", [("query.tasks", {"filter": "this_week"})]),
        ("anything overdue, or are we all caught up?", [("query.tasks", {"filter": "overdue"})]),
        (
            "new task for Jo, oil the gate, low priority, whenever she gets round to it",
            [("task.create", {"assignee": "Jo", "title": "oil the gate", "priority": "low"})],
        ),
        ("put the gate down for Friday", [("task.set_due", {"task": "gate", "due": "Friday"})]),
        (
            "add a task to order the timber, would you, love?",
            [("task.create", {"title": "order the timber"})],
        ),
        # part of a list's name straight after a title stays in it since 2026-11-28 (of the
        # read dev lines saying so, 6 of 8 meant the title: "buy a pump for the pond")
        (
            "add a task to buy seed trays for the garden",
            [("task.create", {"title": "buy seed trays for the garden"})],
        ),
        (
            "add a task to buy seed trays for the community garden",
            [("task.create", {"title": "buy seed trays", "project": "community garden"})],
        ),
        (
            "the shed's held up by the timber really",
            [("task.add_dependency", {"task": "shed", "blocker": "timber"})],
        ),
    ],
)
def test_more_of_what_people_say(text, expected):
    command = FastPathParser().parse(text, GARDEN)
    assert command.is_complete, command
    assert [(action.type, action.params) for action in command.actions] == expected


def test_a_word_of_endearment_is_no_title_and_a_pet_is_no_endearment():
    command = FastPathParser().parse("add a task to feed the pet", GARDEN)
    assert [action.params for action in command.actions] == [{"title": "feed the pet"}]


@pytest.mark.parametrize(
    "text",
    [
        "add a task to fix the gate, and put in the notes that the hinges are in the garage",
        "add a task to fix the gate, with a note saying the hinges are in the garage",
        "add fix the gate, and put a note on it that the hinges are in the garage",
    ],
)
def test_a_note_said_after_a_new_task_is_its_notes(text):
    command = FastPathParser().parse(text, CONTEXT)
    assert command.is_complete, command
    assert [action.params for action in command.actions] == [
        {"title": "fix the gate", "notes": "the hinges are in the garage"}
    ]


def test_a_note_with_no_new_task_is_not_understood():
    command = FastPathParser().parse("put in the notes that the hinges are in the garage", CONTEXT)
    assert not command.is_complete, command


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I'll do the gate myself", [("task.assign", {"assignee": "me", "task": "gate"})]),
        ("let Jo have the shed job", [("task.assign", {"assignee": "Jo", "task": "shed"})]),
        (
            "change the gate's due date to a week on Tuesday",
            [("task.set_due", {"task": "gate", "due": "a week on Tuesday"})],
        ),
        (
            "we can't paint the shed until the gutters have been cleared",
            [("task.add_dependency", {"task": "paint the shed", "blocker": "gutters"})],
        ),
    ],
)
def test_said_the_way_people_say_them(text, expected):
    command = FastPathParser().parse(text, CONTEXT)
    assert command.is_complete, command
    assert [(action.type, action.params) for action in command.actions] == expected


def test_a_new_task_that_has_to_wait_for_another_said_after_it():
    actions = complete_actions(
        "add stain the decking, but the timber has to be ordered first", CONTEXT
    )
    assert [(action["type"], action["params"]) for action in actions] == [
        ("task.create", {"title": "stain the decking"}),
        ("task.add_dependency", {"task": {"result_of": 0}, "blocker": "timber"}),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "the gate, set it to high and give it to Jo",
            [("task.set_priority", {"task": "gate", "priority": "high"}),
             ("task.assign", {"task": {"result_of": 0}, "assignee": "Jo"})],
        ),
        (
            "for the shed, break it down into sand it and prime it",
            [("task.add_subtasks", {"task": "shed", "titles": ["sand it", "prime it"]})],
        ),
    ],
)  # fmt: skip
def test_a_known_task_said_first_is_what_it_names(text, expected):
    command = FastPathParser().parse(text, CONTEXT)
    assert command.is_complete, command
    assert [(action.type, action.params) for action in command.actions] == expected


def test_a_thing_said_first_that_no_task_is_stays_unread():
    command = FastPathParser().parse("the bins, set it to high", CONTEXT)
    assert not command.is_complete, command


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "actually make that Friday",
            [("task.set_due", {"task": {"context": "task"}, "due": "Friday"})],
        ),
        (
            "the gate's due Friday, no, make it Thursday",
            [("task.set_due", {"task": "gate", "due": "Thursday"})],
        ),
        (
            "the gate to Jo, high priority",
            [
                ("task.assign", {"task": "gate", "assignee": "Jo"}),
                ("task.set_priority", {"task": {"result_of": 0}, "priority": "high"}),
            ],
        ),
        (
            "task for Jo, oil the hinges, low priority",
            [("task.create", {"assignee": "Jo", "title": "oil the hinges", "priority": "low"})],
        ),
        (
            "the gate's due tomorrow, not today",
            [("task.set_due", {"task": "gate", "due": "tomorrow"})],
        ),
        ("move the shed to, er, Friday", [("task.set_due", {"task": "shed", "due": "Friday"})]),
        (
            "the gate can wait, stick it on low",
            [("task.set_priority", {"task": "gate", "priority": "low"})],
        ),
        (
            "new task, sand the door, it's quite important so put it on high priority",
            [("task.create", {"title": "sand the door", "priority": "high"})],
        ),
    ],
)  # fmt: skip
def test_corrections_and_short_ways_of_saying_a_change(text, expected):
    command = FastPathParser().parse(text, CONTEXT)
    assert command.is_complete, command
    assert [(action.type, action.params) for action in command.actions] == expected


def test_a_clock_time_alone_correcting_a_day_and_time_keeps_the_day():
    """Left to the model until the session of 2026-11-27 14:19: the clock time is put right
    where it stands and the day kept, as the one dev-set line that says it reads it ("...
    Monday the fourteenth at noon, no, make it one o'clock")."""
    command = FastPathParser().parse(
        "move the gate to Monday at noon, no, make it one o'clock", CONTEXT
    )
    assert command.is_complete
    assert command.actions[0].params["due"] == "Monday at one o'clock"


def test_thanks_with_no_question_pending_is_not_a_yes():
    assert not FastPathParser().parse("ok ta, cheers", CONTEXT).is_complete
    asked = replace(CONTEXT, is_confirmation_pending=True)
    [answer] = FastPathParser().parse("ok ta, cheers", asked).actions
    assert answer.params == {"answer": True}


def test_a_remark_after_a_reminder_is_no_part_of_its_text():
    [reminder] = complete_actions(
        "remind me in an hour to fetch the washing in, it always goes musty", CONTEXT
    )
    assert reminder["params"]["text"] == "fetch the washing in"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "paint the shed wants to be done by Friday, not just whenever",
            [("task.set_due", {"task": "paint the shed", "due": "Friday"})],
        ),
        (
            "make it urgent actually",
            [("task.set_priority", {"task": {"context": "task"}, "priority": "urgent"})],
        ),
    ],
)  # fmt: skip
def test_what_is_said_around_a_change(text, expected):
    command = FastPathParser().parse(text, CONTEXT)
    assert command.is_complete, command
    assert [(action.type, action.params) for action in command.actions] == expected


def test_a_second_deadline_for_the_task_just_moved_is_the_models():
    command = FastPathParser().parse("push the shed back to Monday? Monday week, actually", CONTEXT)
    assert not command.is_complete, command
