"""Fast-path readings of the session of 2026-11-27 16:37: a message passed on to someone
else too, statements said after steps, someone busy, the day before a task is due, a person
put right after "no", words a recogniser heard apart or as their homophones, and what is left
to the model because a name was heard as words."""

from __future__ import annotations

from datetime import datetime

import pytest

from services.nlu import ParseContext
from services.nlu.commands import Action, Command
from services.nlu.hearing import rehear
from tests.nlu.fastpath_support import parse_after, read_after

CONTEXT = ParseContext(
    now=datetime(2027, 3, 9, 14, 5),
    people=("Marek", "Priti Shah", "Jonah", "Aunt Lou"),
    projects=("book fair", "garage clear-out"),
    tasks=("sort the donated books", "hire the skip", "fix the porch light", "print the posters"),
)


def _parse(text: str, previous: Action | None = None) -> Command:
    return parse_after(text, CONTEXT, previous)


def _read(text: str, previous: Action | None = None) -> list[tuple[str, dict[str, object]]]:
    return read_after(text, CONTEXT, previous)


@pytest.mark.parametrize(
    "said",
    [
        "tell Marek the skip comes on Monday, tell Jonah as well",
        "text Marek the skip comes on Monday and message Jonah too",
        "tell Marek the skip comes on Monday, same for Jonah",
    ],
)
def test_a_message_passed_on_to_someone_else_too_says_the_same(said: str) -> None:
    assert _read(said) == [
        ("message.send", {"to": "Marek", "text": "the skip comes on Monday"}),
        ("message.send", {"to": "Jonah", "text": "the skip comes on Monday"}),
    ]


def test_as_well_with_no_message_before_it_is_no_message() -> None:
    command = _parse("hire the skip is done, tell Jonah as well")
    assert all(action.params.get("text") != "as well" for action in command.actions)
    assert not _parse("tell Jonah as well").is_complete


def test_a_statement_after_steps_is_none_of_them() -> None:
    assert _read("break the donated books down into fiction and non-fiction, it's a big job") == [
        ("task.add_subtasks", {"task": "donated books", "titles": ["fiction", "non-fiction"]})
    ]


@pytest.mark.parametrize(
    "said",
    [
        "give the porch light to Marek, Jonah's too busy",
        "give the porch light to Marek, Jonah's snowed under at the moment",
        "give the porch light to Marek, he's swamped",
    ],
)
def test_someone_busy_said_beside_a_change_adds_nothing(said: str) -> None:
    assert _read(said) == [("task.assign", {"task": "porch light", "assignee": "Marek"})]


@pytest.mark.parametrize(
    ("said", "before"),
    [
        ("add a task to book the van, due Friday, and remind me the day before it's due", "1 day"),
        ("add a task to book the van, due Friday, and stick a reminder on it two days before "
         "its deadline", "two days"),
    ],
)  # fmt: skip
def test_a_reminder_before_the_new_task_is_due(said: str, before: str) -> None:
    made, reminder = _read(said)
    assert made == ("task.create", {"title": "book the van", "due": "Friday"})
    assert reminder[0] == "reminder.create"
    assert reminder[1]["before"] == before and reminder[1]["task"] == {"result_of": 0}


@pytest.mark.parametrize(
    "said",
    ["have the posters due Thursday, no, Friday", "make the posters due, um, Thursday, no, Friday"],
)
def test_a_deadline_put_right_where_it_stands(said: str) -> None:
    assert _read(said) == [("task.set_due", {"task": "posters", "due": "Friday"})]


def test_someone_said_alone_after_no_puts_the_person_right() -> None:
    assert _read("give Marek the porch light. No, sorry, Jonah.") == [
        ("task.assign", {"assignee": "Jonah", "task": "porch light"})
    ]


def test_a_person_after_no_is_not_put_in_for_a_change_naming_no_one() -> None:
    assert not _parse("move the porch light to Friday, no, Jonah").is_complete


@pytest.mark.parametrize(
    ("heard", "meant"),
    [
        ("tell marek it's at half passed for", "tell marek it's at half past four"),
        ("it's quarter passed tree", "it's quarter past three"),
        ("text jonah its sorted", "text jonah it's sorted"),
        ("add a task to paint the hall way", "add a task to paint the hallway"),
        ("order fire wood for the bon fire", "order firewood for the bonfire"),
        ("new project the school fate", "new project the school fete"),
        ("cancel the tie mer for the pudding", "cancel the timer for the pudding"),
        ("stop the time of for the eggs", "stop the timer for the eggs"),
        ("make the van in sure ants urgent", "make the van insurance urgent"),
        ("put it on the a lot meant list", "put it on the allotment list"),
        ("remind me about the fate on saturday", "remind me about the fete on saturday"),
        ("add it to the quire list", "add it to the choir list"),
        ("a nother one for me to rap the presents", "another one for me to wrap the presents"),
    ],
)  # fmt: skip
def test_words_heard_apart_or_as_homophones(heard: str, meant: str) -> None:
    assert rehear(heard) == meant


@pytest.mark.parametrize(
    "said",
    [
        "the dog wagged its tail",
        "the bus passed four stops",
        "what a fate",
        "it's time for the quiz",
        "fix the door bell",
    ],
)
def test_words_that_mean_what_they_say_are_kept(said: str) -> None:
    assert rehear(said) == said


def test_call_heard_as_cool_before_someone_known() -> None:
    ((_, params),) = _read("remind me to cool aunt lou at six")
    assert str(params["text"]).lower() == "call aunt lou"
    ((_, params),) = _read("remind me to cool the jelly at six")
    assert params["text"] == "cool the jelly"


@pytest.mark.parametrize(
    "said", ["remind me to call you key at six", "remind me to phone Marek me at six"]
)
def test_a_name_heard_as_words_is_left_to_the_model(said: str) -> None:
    assert not _parse(said).is_complete


def test_who_a_meeting_is_with_said_after_its_place() -> None:
    ((kind, params),) = _read(
        "set up a meeting on Friday at ten, in the back room, with Marek and Jonah"
    )
    assert kind == "meeting.schedule"
    assert params["attendees"] == ["Marek", "Jonah"] and params["location"] == "back room"


def test_a_week_said_with_a_meeting_is_never_its_length() -> None:
    command = _parse(
        "book a meeting with Marek, a week on Thursday at seven in the evening, two hours"
    )
    assert all(action.params.get("duration") != "a week" for action in command.actions)


def test_someone_saying_a_task_is_done() -> None:
    assert _read("Jonah's done the posters, and could you bump the skip up to urgent") == [
        ("task.complete", {"task": "posters"}),
        ("task.set_priority", {"task": "skip", "priority": "urgent"}),
    ]


def test_what_i_have_got_on_is_no_task_done() -> None:
    command = _parse("I've got the dentist")
    assert all(action.type != "task.complete" for action in command.actions)


def test_a_deadline_put_back_and_a_question_after_while_youre_at_it() -> None:
    assert _read("put the porch light one back to Wednesday") == [
        ("task.set_due", {"task": "porch light", "due": "Wednesday"})
    ]
    assert _read("how many tasks has Marek got, and while you're at it what's overdue?") == [
        ("query.count", {"assignee": "Marek"}),
        ("query.tasks", {"filter": "overdue"}),
    ]


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("reopen the porch light, the bulb blew again", [("task.reopen", {"task": "porch light"})]),
        ("clear out the whole book fair list, the event's been called off",
         [("task.delete_all", {"project": "book fair"})]),
        ("undo that, the school's just said no", [("undo", {})]),
        ("call the skip task hire a bigger skip now, it's too small",
         [("task.rename", {"task": "skip", "title": "hire a bigger skip"})]),
        ("make the posters wait for the skip, we need the van for it",
         [("task.add_dependency", {"task": "posters", "blocker": "skip"})]),
    ],
)  # fmt: skip
def test_news_said_beside_a_change_adds_nothing(
    said: str, expected: list[tuple[str, dict[str, object]]]
) -> None:
    assert _read(said) == expected


def test_a_statement_that_one_thing_waits_for_another_is_no_aside() -> None:
    assert not _parse(
        "add a task to order the shelves, the fitting can't start till then"
    ).is_complete
    assert not _parse(
        "add a task to order the shelves, the painting is waiting on them"
    ).is_complete


def test_no_sorry_before_a_request_is_how_it_opens() -> None:
    made = Action("task.create", {"title": "fix the light"})
    assert _read("No, sorry, call it fix the porch light", made) == [
        ("task.rename", {"task": {"context": "task"}, "title": "fix the porch light"})
    ]


@pytest.mark.parametrize(
    "said",
    [
        "give the posters to Jonah and remind me on Friday to ask him how they look",
        "move the skip to Friday and remind me at six to chase them about it",
    ],
)
def test_whom_a_reminders_pronoun_means_is_left_to_the_model(said: str) -> None:
    assert not _parse(said).is_complete


def test_a_reminder_said_alone_keeps_its_pronoun() -> None:
    assert _read("remind me at six to chase them about the skip") == [
        ("reminder.create", {"text": "chase them about the skip", "when": "at six"})
    ]


@pytest.mark.parametrize(
    "said",
    [
        "for the porch light I need to buy a bulb and fit it, can you add those as steps",
        "the porch light needs cleaning and rewiring doing, can you put those under it",
    ],
)
def test_steps_asked_for_again_after_they_are_said(said: str) -> None:
    ((kind, params),) = _read(said)
    assert kind == "task.add_subtasks" and params["task"] == "porch light"
    assert len(params["titles"]) == 2  # type: ignore[arg-type]


def test_steps_asked_for_with_nothing_said_before_are_the_models() -> None:
    assert not _parse("add those as steps under it").is_complete


@pytest.mark.parametrize(
    ("said", "details"),
    [
        ("add clean the oven for Saturday, add sort the recycling for Sunday, both for me",
         [{"due": "Saturday", "assignee": "me"}, {"due": "Sunday", "assignee": "me"}]),
        ("add buy stamps, add post the invoices, both today please",
         [{"due": "today"}, {"due": "today"}]),
        ("add buy stamps and post the invoices to the book fair list, both due Friday",
         [{"project": "book fair", "due": "Friday"}] * 2),
    ],
)  # fmt: skip
def test_both_said_after_two_new_tasks_is_each_ones(
    said: str, details: list[dict[str, object]]
) -> None:
    made = _read(said)
    assert [kind for kind, _ in made] == ["task.create", "task.create"]
    for (_, params), detail in zip(made, details, strict=True):
        assert {key: params.get(key) for key in detail} == detail


def test_a_completion_asked_for_again() -> None:
    assert _read("the posters are done, finally, tick them off") == [
        ("task.complete", {"task": "posters"})
    ]
    assert not _parse("tick them off").is_complete


def test_a_length_that_should_do_said_last() -> None:
    ((_, params),) = _read(
        "set up a call with Marek on Friday at three, half an hour should do it."
    )
    assert params["duration"] == "half an hour"


def test_no_actually_takes_back_the_value_before_it() -> None:
    ((_, params),) = _read("new task, renew the van insurance, make it high, no actually, urgent")
    assert params["priority"] == "urgent"


def test_every_last_one_says_nothing_more() -> None:
    assert _read("I've done the posters, every last one, tick it off") == [
        ("task.complete", {"task": "posters"})
    ]


def test_a_task_for_me_said_after_another_request() -> None:
    made = _read(
        "book a call with Marek on Monday at two, plus a task for me to write the rota by Sunday"
    )
    assert made[1] == (
        "task.create",
        {"assignee": "me", "title": "write the rota", "due": "Sunday"},
    )


def test_things_counted_onto_a_list() -> None:
    assert _read("add two things to the book fair list: buy tape and print the flyers") == [
        ("task.create", {"title": "buy tape", "project": "book fair"}),
        ("task.create", {"title": "print the flyers", "project": "book fair"}),
    ]


def test_please_is_no_part_of_a_timers_label() -> None:
    assert _read("start an hour timer for the ham please") == [
        ("timer.start", {"duration": "an hour", "label": "ham"})
    ]


@pytest.mark.parametrize(
    "said",
    [
        # a piece of a name heard before "saying"
        "send a message to mar rek a saying running late",
        # two deadlines for one new task
        "add a task for me to write the rota for Christmas Day, due Monday",
    ],
)
def test_readings_the_fast_path_cannot_be_sure_of(said: str) -> None:
    assert not _parse(said).is_complete


@pytest.mark.parametrize(
    "said",
    [
        "the porch light needs a few things doing, buy a bulb, fit it, the one from the shed",
        "for the posters the steps are draft them, print them, in that order I suppose",
    ],
)
def test_what_is_said_after_steps_is_no_step(said: str) -> None:
    command = _parse(said)
    assert all(
        not str(title).startswith(("the one", "in that order"))
        for action in command.actions
        for title in action.params.get("titles", [])
    )


def test_the_steps_begin_at_into() -> None:
    assert _read("split the porch light into measure up, buy a bulb and fit it") == [
        (
            "task.add_subtasks",
            {"task": "porch light", "titles": ["measure up", "buy a bulb", "fit it"]},
        )
    ]


def test_a_task_named_as_one_in_a_reminder_is_the_models() -> None:
    command = _parse(
        "add ring the caterers, due Friday, and remind me about the caterers one on Wednesday"
    )
    assert not command.is_complete
    assert all(action.params.get("when") != "one on Wednesday" for action in command.actions)


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("I've done the posters, tick that off will you, and what's Marek got on this week?",
         [("task.complete", {"task": "posters"}),
          ("query.tasks", {"assignee": "Marek", "filter": "this_week"})]),
        ("put a call with Jonah in for tomorrow at ten",
         [("meeting.schedule", {"attendees": ["Jonah"], "when": "tomorrow at ten"})]),
        ("is anything on the book fair list overdue?",
         [("query.tasks", {"project": "book fair", "filter": "overdue"})]),
        ("done the posters", [("task.complete", {"task": "posters"})]),
    ],
)  # fmt: skip
def test_said_loosely(said: str, expected: list[tuple[str, dict[str, object]]]) -> None:
    assert _read(said) == expected


def test_the_same_change_to_another_task_too() -> None:
    assert _read("give Jonah the posters, oh and the skip too") == [
        ("task.assign", {"assignee": "Jonah", "task": "posters"}),
        ("task.assign", {"assignee": "Jonah", "task": "skip"}),
    ]
    assert _read("move the posters to Friday, the same for the skip") == [
        ("task.set_due", {"task": "posters", "due": "Friday"}),
        ("task.set_due", {"task": "skip", "due": "Friday"}),
    ]
    assert not _parse("the skip too").is_complete
