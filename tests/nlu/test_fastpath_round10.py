"""What devset_natural14's failures showed (read on 2026-11-27, after it was scored unread): a
recogniser's words for a known task's ("the council tacks", "the campa", "the plum a", "the
bath room refit") and a known person's ("tom us", "bridge it"); "an hour and quarter"; a
question tag between two requests; a step said under a new task ("and add a subtask under it to
..."); steps said as what a known task needs doing; "break X down: ..."; "new task for <list>
by <thing>"; a hesitation inside a list; "the quiz night" in a title; a rough hour ("nine-ish")
after a day; a meeting's place after its length ("his place", kept as said); words said
twice; "make a note ..." after a new task. Then the older dev sets' multi-action failures: a
request started again with the same verb; "while you're at it"; "an hour should do it"; "...
cos it's ..."; "that's Kofi", "Obi's job", "that one's mine" after a new task. Variants of
those failures, not their sentences."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from services.nlu import ParseContext
from services.nlu.hearing import rehear
from services.nlu.llm_vet import respell
from services.nlu.text import clean
from services.nlu.timeparse import resolve_duration
from tests.nlu.fastpath_support import PARSER, complete_actions, is_left_to_the_llm, one

NOW = datetime(2027, 2, 3, 11, 5, tzinfo=ZoneInfo("Europe/London"))  # a Wednesday morning
CONTEXT = ParseContext(
    now=NOW,
    people=("Tomás", "Brigid", "Noor", "Priya Shah"),
    projects=("kitchen makeover", "book club"),
    tasks=(
        "pay the road tax",
        "ring the roofer",
        "clean the trailer",
        "fix the shed door",
        "choose the paint colours",
    ),
)


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("the road tacks", "the road tax"),  # one sound, spelt another way
        ("the roof a", "the roofer"),  # a final "er" heard as a word "a"
        ("ring the roof a", "ring the roofer"),
        ("clean the traila", "clean the trailer"),  # ... or as a letter "a"
    ],
)
def test_a_misheard_word_of_a_known_task_is_respelled(said: str, meant: str) -> None:
    assert respell(said, CONTEXT) == meant


def test_a_short_word_alone_is_not_taken_for_a_known_one_by_its_sound() -> None:
    # "goat" sounds like "gate" to Metaphone; alone it may be a task nobody has
    context = ParseContext(now=NOW, tasks=("fix the gate",))
    assert respell("the goat", context) == "the goat"
    assert is_left_to_the_llm("mark the goat done", context)
    # beside a known word it is the known one: "the shad door" is the shed door
    assert respell("the shad door", CONTEXT) == "the shed door"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("set the road tacks to low", [one("task.set_priority", task="road tax", priority="low")]),
        ("mark ring the roof a as done", [one("task.complete", task="ring the roofer")]),
        (
            "give clean the traila to tom us",
            [one("task.assign", task="clean the trailer", assignee="Tomás")],
        ),
        (
            "remind bridge it to pay the road tax on friday",
            [one("reminder.create", person="Brigid", text="pay the road tax", when="friday")],
        ),
    ],
)
def test_misheard_tasks_and_people_are_read(text: str, expected: list[dict[str, object]]) -> None:
    assert complete_actions(text, CONTEXT) == expected


def test_two_known_words_said_apart_are_one_again() -> None:
    actions = complete_actions("add a task buy tiles for the kit chen makeover", CONTEXT)
    assert actions == [one("task.create", title="buy tiles", project="kitchen makeover")]


def test_a_recogniser_s_words_for_command_words_are_mended() -> None:
    assert rehear("at a task by grout for the kitchen makeover") == (
        "add a task buy grout for the kitchen makeover"
    )
    assert rehear("new task for book club by biscuits") == "new task for book club buy biscuits"
    # a deadline after "by" stays one
    assert rehear("new task for Noor by Friday to ring the roofer") == (
        "new task for Noor by Friday to ring the roofer"
    )
    assert rehear("add sub tasks two clean the trailer") == "add subtasks to clean the trailer"
    assert rehear("what's the thyme") == "what's the time"
    assert rehear("make it urge ant") == "make it urgent"
    assert rehear("thyme and basil") == "thyme and basil"


@pytest.mark.parametrize(
    ("said", "minutes"),
    [("an hour and quarter", 75), ("two hours and half", 150), ("one hour and a quarter", 75)],
)
def test_an_hour_and_quarter_is_a_length_of_time(said: str, minutes: int) -> None:
    assert resolve_duration(said) == timedelta(minutes=minutes)


def test_a_timer_of_an_hour_and_quarter_keeps_its_label() -> None:
    actions = complete_actions("start a timer of an hour and quarter for the stew", CONTEXT)
    assert actions == [one("timer.start", duration="an hour and quarter", label="stew")]


def test_a_question_tag_between_two_requests_is_dropped() -> None:
    assert clean("move the shed door to Monday, would you, and make it high") == (
        "move the shed door to Monday, and make it high"
    )
    actions = complete_actions("make the shed door high, will you, and it's due Friday", CONTEXT)
    assert [a["type"] for a in actions] == ["task.set_priority", "task.set_due"]
    # a question tag at the end is dropped as before; one inside a message is the message's
    assert clean("move it to Monday, would you") == "move it to Monday"


def test_a_hesitation_inside_a_list_keeps_the_list() -> None:
    assert clean("a hinge and, um, a bolt") == "a hinge and a bolt"
    # "and, oh, remind me" still opens a request of its own
    assert clean("start a tea timer for five minutes and, oh, remind me at six") == (
        "start a tea timer for five minutes and, oh, remind me at six"
    )


def test_a_step_said_under_a_new_task_is_its_subtask() -> None:
    actions = complete_actions(
        "add a task to plan the quiz night, give it to Noor, and add a subtask under it to book "
        "the hall",
        CONTEXT,
    )
    assert [a["type"] for a in actions] == ["task.create", "task.add_subtasks"]
    assert actions[1]["params"] == {"task": {"result_of": 0}, "titles": ["book the hall"]}
    assert actions[1]["depends_on"] == [0]


@pytest.mark.parametrize(
    ("text", "task", "steps"),
    [
        (
            "the shed door needs a new hinge, a bolt and, er, some oil doing",
            "shed door",
            ["a new hinge", "a bolt", "some oil"],
        ),
        (
            "break choose the paint colours down for me: get testers, ask Noor, pick one",
            "choose the paint colours",
            ["get testers", "ask Noor", "pick one"],
        ),
    ],
)
def test_steps_said_as_what_a_known_task_needs(text: str, task: str, steps: list[str]) -> None:
    assert complete_actions(text, CONTEXT) == [one("task.add_subtasks", task=task, titles=steps)]


@pytest.mark.parametrize(
    "text",
    [
        "add a subtask to the trailer called by straps",  # "buy straps" misheard, or not a step
        "the car needs washing",  # no known task: no steps
        "add subtasks to clean the trailer hose and brush and sponge",  # no pause: which steps?
    ],
)
def test_steps_that_cannot_be_told_go_to_the_llm(text: str) -> None:
    command = PARSER.parse(text, CONTEXT)
    assert not any(a.type == "task.add_subtasks" for a in command.actions) or not (
        command.is_complete
    ), text


def test_steps_said_into_by() -> None:
    # (left to the model until the session of 2026-11-29 15:28, which reads "into by" as "into
    # buy" when no other "by" follows: 11 of 17 such read lines right, none a wrong change the
    # router lets through)
    assert complete_actions("split clean the trailer into by soap and rinse it", CONTEXT) == [
        one("task.add_subtasks", task="clean the trailer", titles=["buy soap", "rinse it"])
    ]


def test_a_new_task_on_a_list_said_with_by_for_buy() -> None:
    actions = complete_actions("new task for book club by biscuits for Thursday's meeting", CONTEXT)
    assert actions[0]["type"] == "task.create"
    assert actions[0]["params"]["project"] == "book club"
    assert actions[0]["params"]["title"] == "buy biscuits for Thursday's meeting"


@pytest.mark.parametrize(
    ("text", "params"),
    [
        ("add a task to plan the quiz night", {"title": "plan the quiz night"}),
        (
            "add a task to book the open morning for Friday",
            {"title": "book the open morning", "due": "Friday"},
        ),
        # a part of the day after a day, or after "this", is still a time
        ("add a task to call Noor tomorrow night", {"title": "call Noor", "due": "tomorrow night"}),
        (
            "add a task to sweep the yard this evening",
            {"title": "sweep the yard", "due": "this evening"},
        ),
    ],
)
def test_a_night_or_morning_of_something_is_part_of_a_title(
    text: str, params: dict[str, str]
) -> None:
    assert complete_actions(text, CONTEXT) == [one("task.create", **params)]


def test_a_rough_hour_said_after_a_day_is_that_day_s_time() -> None:
    assert clean("remind me Thursday, nine-ish") == "remind me Thursday, at nine"
    assert clean("call at sixish") == "call at six"
    actions = complete_actions("remind me to ring the roofer Thursday, nine-ish", CONTEXT)
    assert actions == [one("reminder.create", text="ring the roofer", when="Thursday at nine")]
    # after a new task too, and "at nine" said alone after a reminder's day
    actions = complete_actions("remind me to ring the roofer on Friday, at ten", CONTEXT)
    assert actions[0]["params"]["when"] == "Friday at ten"


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("find a, um, a first aider", "find a first aider"),
        ("check the... the tyre pressures", "check the tyre pressures"),
        ("about, uh, about the van", "about the van"),
        ("tick off the gate, and... what's left", "tick off the gate, and what's left"),
        (
            "Get me and Noor together tomorrow afternoon, say three",
            ("Get me and Noor together tomorrow afternoon at three"),
        ),
    ],
)
def test_words_said_twice_and_rough_hours_are_tidied(said: str, meant: str) -> None:
    assert clean(said) == meant


def test_a_meeting_s_place_said_after_its_length() -> None:
    actions = complete_actions(
        "set up a meeting with Noor and Brigid on Friday at two about the budget, an hour, in "
        "the back room, and remind me on Thursday to print the figures",
        CONTEXT,
    )
    assert actions[0]["params"]["location"] == "back room"
    assert actions[0]["params"]["duration"] == "an hour"
    assert actions[1]["type"] == "reminder.create"


def test_his_place_is_kept_as_said() -> None:
    """ "at his place" stays as said (four of the five dev-set lines that say it keep it so;
    the meeting's one other person says whose it is)."""
    actions = complete_actions(
        "book me in with Tomás a week on Tuesday, quarter past two, at his place", CONTEXT
    )
    assert actions[0]["params"]["location"] == "his place"
    assert actions[0]["params"]["attendees"] == ["Tomás"]


@pytest.mark.parametrize(
    "text",
    [
        # "in that order", "in colour": no place
        "Ring the roofer first, and then do the shed door, in that order please",
        "Add print the flyers to the book club and put a note on it that they need to be A5 and "
        "in colour",
    ],
)
def test_in_something_is_a_place_only_after_a_meeting(text: str) -> None:
    actions = complete_actions(text, CONTEXT)
    assert all("location" not in action["params"] for action in actions)


def test_a_note_made_after_a_new_task_is_its_note() -> None:
    actions = complete_actions(
        "add a task for Noor to measure the windows, low priority, and make a note she needs "
        "the long ladder",
        CONTEXT,
    )
    assert actions == [
        one(
            "task.create",
            title="measure the windows",
            assignee="Noor",
            priority="low",
            notes="she needs the long ladder",
        )
    ]
    # said alone it is a new task, as before
    assert complete_actions("make a note the gutters need clearing", CONTEXT)[0]["type"] == (
        "task.create"
    )


def test_a_request_started_again_with_the_same_verb_replaces_the_first() -> None:
    assert clean("give Noor, no, what am I saying, give Brigid the roofer") == (
        "give Brigid the roofer"
    )
    assert clean("tell Noor, no wait, tell Brigid the van's here") == "tell Brigid the van's here"
    # a value corrected inside one request is the assembler's, as before
    assert clean("move it to Friday, no, Saturday") == "move it to Friday, no, Saturday"
    actions = complete_actions("give Noor, no, what am I saying, give Brigid the roofer", CONTEXT)
    assert actions == [one("task.assign", task="roofer", assignee="Brigid")]


@pytest.mark.parametrize(
    "text",
    [
        "move the shed door to Saturday and bump it up to high while you're at it",
        "move the shed door to Saturday and bump it up to high if you don't mind",
    ],
)
def test_while_you_re_at_it_is_no_request(text: str) -> None:
    actions = complete_actions(text, CONTEXT)
    assert [a["type"] for a in actions] == ["task.set_due", "task.set_priority"]


def test_a_length_that_should_do_it_is_the_meeting_s() -> None:
    actions = complete_actions(
        "set up a meeting with Noor on Monday at ten about the budget, an hour should do it",
        CONTEXT,
    )
    assert actions[0]["params"]["duration"] == "an hour"


def test_a_reason_said_with_cos_is_no_part_of_the_task() -> None:
    assert clean("reopen fix the shed door cos it's sticking again") == (
        "reopen fix the shed door, cos it's sticking again"
    )
    actions = complete_actions(
        "reopen fix the shed door cos it's sticking again, and bump it up to high", CONTEXT
    )
    assert [a["type"] for a in actions] == ["task.reopen", "task.set_priority"]
    assert actions[0]["params"]["task"] == "fix the shed door"


@pytest.mark.parametrize(
    ("detail", "assignee"),
    [("that's Noor", "Noor"), ("Brigid's job", "Brigid"), ("that one's mine", "me")],
)
def test_whose_a_new_task_is_said_after_it(detail: str, assignee: str) -> None:
    actions = complete_actions(f"new task, sand the trailer, {detail}, by Tuesday", CONTEXT)
    assert actions == [
        one("task.create", title="sand the trailer", assignee=assignee, due="Tuesday")
    ]


def test_a_request_after_a_message_is_not_part_of_it() -> None:
    command = PARSER.parse(
        "tell Noor the paint's come in, and tick it off the list while you're at it", CONTEXT
    )
    said = [a.params.get("text") for a in command.actions if a.type == "message.send"]
    assert said == [] or said == ["the paint's come in"], said


def test_a_detail_after_a_step_makes_it_a_task_under_the_other() -> None:
    # one step said with details of its own is a new task under that task (round 11; it was
    # left to the model before: a change to "it" after steps names no one task)
    actions = complete_actions(
        "add buy new straps as a sub-task of the trailer one, Noor's job, by Thursday", CONTEXT
    )
    assert actions == [
        one(
            "task.create", title="buy new straps", parent="trailer", assignee="Noor", due="Thursday"
        )
    ]
    actions = complete_actions(
        "under clean the trailer, add check the tyres, and give that to Brigid", CONTEXT
    )
    assert actions == [
        one("task.create", title="check the tyres", parent="clean the trailer", assignee="Brigid")
    ]
    # "the whole thing" is the task the step is under
    actions = complete_actions(
        "add a subtask to the trailer, buy a new hitch, and set the whole thing to urgent", CONTEXT
    )
    assert [a["type"] for a in actions] == ["task.add_subtasks", "task.set_priority"]
