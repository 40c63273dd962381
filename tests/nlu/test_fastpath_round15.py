"""Fast-path readings of the session of 2026-11-27 14:19: a day or priority put right in a
turn of its own, "scrap", messages passed on, guesses said with "say", and readings the fast
path now leaves to the model because it cannot be sure of them."""

from __future__ import annotations

from datetime import datetime

import pytest

from services.nlu import ParseContext
from services.nlu.commands import Action, Command
from services.nlu.fastpath import FastPathParser
from tests.nlu.fastpath_support import parse_after, read_after

CONTEXT = ParseContext(
    now=datetime(2027, 4, 24, 10, 15),
    people=("Kit", "Soraya", "Alfie", "Tomiko"),
    projects=("charity shop", "craft fair"),
    tasks=("mend the gate latch", "book the church hall", "bake the harvest loaves"),
)


def _parse(text: str, previous: Action | None = None) -> Command:
    return parse_after(text, CONTEXT, previous)


def _read(text: str, previous: Action | None = None) -> list[tuple[str, dict[str, object]]]:
    return read_after(text, CONTEXT, previous)


MOVED = Action("task.set_due", {"task": "gate latch", "due": "Friday"})
MADE = Action("task.create", {"title": "ring the council", "due": "Thursday", "priority": "high"})


@pytest.mark.parametrize(
    ("said", "due"),
    [("actually Saturday", "Saturday"), ("no, Sunday", "Sunday"), ("sorry, Monday", "Monday")],
)
def test_a_day_put_right_in_a_turn_of_its_own_moves_the_task_again(said: str, due: str) -> None:
    assert _read(said, MOVED) == [("task.set_due", {"task": {"context": "task"}, "due": due})]


def test_a_priority_put_right_after_a_new_task() -> None:
    assert _read("no, urgent", MADE) == [
        ("task.set_priority", {"task": {"context": "task"}, "priority": "urgent"})
    ]


def test_a_day_is_not_put_right_on_a_task_given_none() -> None:
    no_day = Action("task.create", {"title": "ring the council"})
    assert not _parse("actually Saturday", no_day).is_complete
    assert not _parse("actually Saturday", None).is_complete


def test_a_person_said_after_actually_is_no_day() -> None:
    assert not _parse("actually Kit", MOVED).is_complete


def test_scrap_cancels_and_scrap_for_good_deletes() -> None:
    assert _read("scrap the gate latch task, the landlord's doing it") == [
        ("task.cancel", {"task": "gate latch"})
    ]
    assert _read("scrap the gate latch task for good") == [("task.delete", {"task": "gate latch"})]


@pytest.mark.parametrize(
    ("said", "to", "text"),
    [
        ("send Kit a message letting him know the van's booked", "Kit", "the van's booked"),
        ("drop Soraya a line to let her know the hall's free", "Soraya", "the hall's free"),
        ("message Alfie as well, say the paint's arrived", "Alfie", "the paint's arrived"),
    ],
)
def test_how_a_message_is_passed_on_is_not_its_text(said: str, to: str, text: str) -> None:
    assert _read(said) == [("message.send", {"to": to, "text": text})]


def test_a_guessed_time_said_with_say() -> None:
    ((kind, params),) = _read("remind me to water the plants tomorrow at, say, half four")
    assert kind == "reminder.create"
    assert params == {"text": "water the plants", "when": "tomorrow at half four"}


def test_a_guessed_length_said_with_say() -> None:
    ((_, params),) = _read("set up a meeting with Kit on Monday at ten in the hall, say an hour")
    assert params["duration"] == "an hour" and params["location"] == "hall"


@pytest.mark.parametrize(
    "said",
    [
        # a remark about someone after a comma
        "remind me at six to phone Kit, he'll want the keys",
        # one message for two people
        "message Tomiko to bring the cones, and Alfie, same thing",
        # a note on the new task that names a time or a name
        "add a task to renew the van tax, and note the reminder letter came from Swansea",
        # a list's last word said as a place
        "new task for Alfie, take the spare hangers to the shop on Friday",
    ],
)
def test_what_the_fast_path_cannot_be_sure_of_is_left_to_the_model(said: str) -> None:
    command = _parse(said)
    assert not command.is_complete, [(a.type, a.params) for a in command.actions]


def test_a_task_is_still_given_a_list_said_short() -> None:
    assert _read("add buy glitter to the shop list") == [
        ("task.create", {"title": "buy glitter", "project": "charity shop"})
    ]


def test_it_after_a_message_may_be_the_task_the_message_was_about() -> None:
    read = _read("message Kit the church hall's booked, then tick it off")
    assert [kind for kind, _ in read] == ["message.send", "task.complete"]


def test_one_dependency_said_twice_is_made_once() -> None:
    read = _read(
        "No point baking the harvest loaves until we've booked the church hall, "
        "so make the loaves wait for that"
    )
    assert read == [("task.add_dependency", {"task": "harvest loaves", "blocker": "church hall"})]


def test_someone_said_alone_after_a_new_task_is_whose_it_is() -> None:
    assert _read("add a todo, sweep the yard for the craft fair, Soraya, tomorrow") == [
        (
            "task.create",
            {
                "title": "sweep the yard",
                "project": "craft fair",
                "assignee": "Soraya",
                "due": "tomorrow",
            },
        )
    ]


def test_people_listed_for_a_meeting_are_not_taken_as_whose_a_task_is() -> None:
    ((kind, params),) = _read("Kit, Soraya and me need to meet on Monday at 3 about the budget")
    assert kind == "meeting.schedule" and params["attendees"] == ["Kit", "Soraya"]


def test_a_meeting_named_with_no_verb() -> None:
    assert _read("meeting with Kit and Soraya Monday at half nine") == [
        ("meeting.schedule", {"attendees": ["Kit", "Soraya"], "when": "Monday at half nine"})
    ]


def test_a_part_of_the_day_is_the_meetings_time_not_its_place() -> None:
    ((_, params),) = _read(
        "set up a meeting with Kit on Thursday at half seven in the evening at Soraya's"
    )
    assert params["location"] == "Soraya's" and params["when"].endswith("in the evening")


@pytest.mark.parametrize(
    "said",
    [
        "mending the gate latch, steps are buy the screws, then fit the latch",
        "split the gate latch into buy the screws and then fit the latch",
        "for the gate latch I need to buy the screws and then fit the latch",
        "add buy the screws and fit the latch as steps to the gate latch",
    ],
)
def test_steps_said_in_order_or_as_steps(said: str) -> None:
    assert _read(said) == [
        ("task.add_subtasks", {"task": "gate latch", "titles": ["buy the screws", "fit the latch"]})
    ]


def test_a_request_after_then_is_no_step() -> None:
    read = _read("split the gate latch into buy the screws and fit it, then give it to Kit")
    assert [kind for kind, _ in read] == ["task.add_subtasks", "task.assign"]


def test_steps_asked_for_again_make_nothing_new() -> None:
    read = _read(
        "For the gate latch I need to buy screws and fit them. Add those as steps, would you?"
    )
    assert read == [
        ("task.add_subtasks", {"task": "gate latch", "titles": ["buy screws", "fit them"]})
    ]


@pytest.mark.parametrize(
    "said",
    [
        # a step that shares the verb before it
        "for the gate latch I need to pick up screws from Kit and the hinges from the shop",
        # the request to add them, or a correction, inside the list
        "split the gate latch into buy screws, fit them, no wait, paint it",
    ],
)
def test_what_is_no_step_is_left_to_the_model(said: str) -> None:
    assert not _parse(said).is_complete


def test_a_verb_that_is_part_of_a_known_name_is_left_to_the_model() -> None:
    context = ParseContext(
        now=CONTEXT.now, people=("Nadia", "Kit"), projects=("book club", "craft fair")
    )
    said = "book club meeting Thursday at half seven at Nadia's"
    assert not FastPathParser().parse(said, context).is_complete
    booked = FastPathParser().parse("book a craft fair meeting with Kit on Thursday at 3", context)
    assert booked.is_complete and booked.actions[0].params["title"] == "craft fair"


@pytest.mark.parametrize(
    "said",
    [
        "I can't do the gate latch until I've booked the church hall",
        "The gate latch can't really happen till we've booked the church hall",
        "The gate latch is held up by the church hall, so can you set that up?",
    ],
)
def test_a_dependency_said_with_the_deed_done(said: str) -> None:
    assert _read(said) == [
        ("task.add_dependency", {"task": "gate latch", "blocker": "church hall"})
    ]


def test_a_new_task_blocked_until_a_deed_is_done() -> None:
    read = _read(
        "add book a tiler, and obviously that's blocked until we've booked the church hall"
    )
    assert read == [
        ("task.create", {"title": "book a tiler"}),
        ("task.add_dependency", {"task": {"result_of": 0}, "blocker": "church hall"}),
    ]


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("Book in a meeting with Kit tomorrow at three.", "meeting.schedule"),
        ("sign the gate latch to kit", "task.assign"),
        ("the gate latch is due Friday week, sorry, just Friday", "task.set_due"),
        ("gate latch by Friday, no, Thursday", "task.set_due"),
    ],
)
def test_terse_and_misheard_requests(said: str, expected: str) -> None:
    ((kind, params),) = _read(said)
    assert kind == expected
    if kind == "task.set_due":
        assert params == {
            "task": "gate latch",
            "due": "Thursday" if "Thursday" in said else "Friday",
        }


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        (
            "Tick off the gate latch, Kit fixed it yesterday.",
            [("task.complete", {"task": "gate latch"})],
        ),
        (
            "Give the gate latch to Soraya instead, Kit's got enough on his plate.",
            [("task.assign", {"task": "gate latch", "assignee": "Soraya"})],
        ),
        (
            "move the gate latch to Friday, Soraya's away Thursday",
            [("task.set_due", {"task": "gate latch", "due": "Friday"})],
        ),
        (
            "put the gate latch on hold till the church hall's booked",
            [("task.add_dependency", {"task": "gate latch", "blocker": "church hall"})],
        ),
        (
            "change the gate latch one, call it fix the gate hinge",
            [("task.rename", {"task": "gate latch", "title": "fix the gate hinge"})],
        ),
        (
            "new task fix the loo seat, mine, urgent",
            [
                (
                    "task.create",
                    {"title": "fix the loo seat", "assignee": "me", "priority": "urgent"},
                )
            ],
        ),
        (
            "Remind me at ten, no, half ten, to put the bins out.",
            [("reminder.create", {"when": "at half ten", "text": "put the bins out"})],
        ),
        (
            "ask Kit to bring the folding chairs",
            [("message.send", {"to": "Kit", "text": "bring the folding chairs"})],
        ),
    ],
)
def test_remarks_corrections_and_requests_said_the_way_people_say_them(
    said: str, expected: list[tuple[str, dict[str, object]]]
) -> None:
    assert _read(said) == expected


def test_a_meetings_length_said_after_its_place() -> None:
    ((_, params),) = _read(
        "Set up a meeting with Kit on Thursday at 16:30 about the fair, in the church hall, "
        "for an hour"
    )
    assert params["location"] == "church hall" and params["duration"] == "an hour"
    ((_, params),) = _read(
        "Schedule a call with Kit tomorrow at quarter to nine about the fair, half an hour"
    )
    assert params["when"] == "tomorrow at quarter to nine" and "location" not in params


def test_a_task_named_by_its_thing_then_what_it_is_for() -> None:
    """ "the skylight quotes" names "get quotes for the skylight" (the store's fuzzy match
    finds it the same way: services/core/resolve.py)."""
    context = ParseContext(
        now=CONTEXT.now,
        people=("Dmitri",),
        tasks=("get quotes for the skylight", "chase the planning office", "print the camp forms"),
    )
    read = FastPathParser().parse("Dmitri's doing the skylight quotes by Friday", context)
    assert read.is_complete
    assert read.actions[0].params == {"assignee": "Dmitri", "task": "skylight quotes"}
    from services.nlu.fields import is_known_task

    assert is_known_task("skylight quotes", context)
    assert not is_known_task("skylight forms", context)  # no "forms for the skylight"
    assert not is_known_task("office planning", context)  # no link word: "planning office"


def test_someone_on_a_task_by_a_day() -> None:
    assert _read("Kit's on the gate latch by Friday") == [
        ("task.assign", {"assignee": "Kit", "task": "gate latch"}),
        ("task.set_due", {"task": "gate latch", "due": "Friday"}),
    ]


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("Oops, undo that, wrong one.", [("undo", {})]),
        (
            "new task, wash the van, that's Kit's, by Sunday",
            [("task.create", {"title": "wash the van", "assignee": "Kit", "due": "Sunday"})],
        ),
        (
            "new task, wash the van, that's me, tomorrow",
            [("task.create", {"title": "wash the van", "assignee": "me", "due": "tomorrow"})],
        ),
        ("Is anything overdue, by any chance?", [("query.tasks", {"filter": "overdue"})]),
        (
            "Move the gate latch to Friday, honestly, bless him",
            [("task.set_due", {"task": "gate latch", "due": "Friday"})],
        ),
        ("The gate latch is done, tick it off", [("task.complete", {"task": "gate latch"})]),
    ],
)
def test_asides_and_whose_it_is(said: str, expected: list[tuple[str, dict[str, object]]]) -> None:
    assert _read(said) == expected


@pytest.mark.parametrize(
    ("said", "priority"),
    [
        ("add fix the shed door, medium's fine", "medium"),
        ("add fix the shed door, it's quite important, medium I'd say", "medium"),
        ("add fix the shed door, no rush at all", "low"),
    ],
)
def test_a_priority_said_as_a_view(said: str, priority: str) -> None:
    assert _read(said) == [("task.create", {"title": "fix the shed door", "priority": priority})]


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("how many things has Kit still got to do", [("query.count", {"assignee": "Kit"})]),
        ("how many has Soraya got on", [("query.count", {"assignee": "Soraya"})]),
        (
            "how many overdue things are there altogether",
            [("query.count", {"filter": "overdue"})],
        ),
        (
            "cancel the pasta timer, and how long's left on the bread one?",
            [("timer.cancel", {"label": "pasta"}), ("timer.query", {"label": "bread"})],
        ),
        (
            "Can you put down, um, get more clay, on the craft fair list.",
            [("task.create", {"title": "get more clay", "project": "craft fair"})],
        ),
        (
            "Add pay the window cleaner, due Friday, and another one, renew the van tax",
            [
                ("task.create", {"title": "pay the window cleaner", "due": "Friday"}),
                ("task.create", {"title": "renew the van tax"}),
            ],
        ),
        (
            "add plan the swim gala, with steps book the pool and email the parents",
            [
                ("task.create", {"title": "plan the swim gala"}),
                (
                    "task.add_subtasks",
                    {"task": {"result_of": 0}, "titles": ["book the pool", "email the parents"]},
                ),
            ],
        ),
    ],
)
def test_counts_timers_and_new_tasks_said_loosely(
    said: str, expected: list[tuple[str, dict[str, object]]]
) -> None:
    assert _read(said) == expected


def test_a_task_is_never_thrown_away_on_a_word_heard_as_its_name() -> None:
    """ "..., a drinks rota and bin bags": "bin bags" reads as "bin the bags", and "bags"
    sounds like the books task; nothing is deleted on that."""
    context = ParseContext(now=CONTEXT.now, tasks=("sort the donated books", "print the maps"))
    assert not FastPathParser().parse("bin bags", context).is_complete
    cancelled = FastPathParser().parse("cancel the print the mapps task", context)
    assert cancelled.is_complete  # a spelling mended, not a word swapped


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        (
            "Push the gate latch back to Monday, the letter hasn't even come yet",
            [("task.set_due", {"task": "gate latch", "due": "Monday"})],
        ),
        (
            "Move the gate latch to a week on Tuesday, the joiner can't come till then.",
            [("task.set_due", {"task": "gate latch", "due": "a week on Tuesday"})],
        ),
    ],
)
def test_what_did_not_or_cannot_happen_said_beside_a_change(
    said: str, expected: list[tuple[str, dict[str, object]]]
) -> None:
    assert _read(said) == expected


@pytest.mark.parametrize(
    "said",
    [
        "move the gate latch to Friday, Kit isn't urgent",  # a priority, maybe the task's
        "move the gate latch to Friday, Kit can't get into the church hall",  # a task's words
    ],
)
def test_a_denial_that_may_ask_for_something_is_left_to_the_model(said: str) -> None:
    assert not _parse(said).is_complete


def test_no_new_list_is_made_of_a_titles_words() -> None:
    command = _parse("add plan the stalls, with steps list the stalls and draw a map")
    assert all("project" not in a.params for a in command.actions) or not command.is_complete
    assert _read("New task for Kit, send the reading list out, by Sunday please.") == [
        ("task.create", {"assignee": "Kit", "title": "send the reading list out", "due": "Sunday"})
    ]


def test_items_said_after_their_list() -> None:
    assert _read("On the craft fair list: buy glitter, cut the card") == [
        ("task.create", {"title": "buy glitter", "project": "craft fair"}),
        ("task.create", {"title": "cut the card", "project": "craft fair"}),
    ]
