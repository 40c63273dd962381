"""Fast-path readings of the session of 2026-11-28 15:09: who is away said with a request in
the same breath, one word with the very sounds of a name ("for reese"), the pieces of a name
left before "saying", steps said with "first", a new task said after a new list's sentence has
ended, a meeting's hours said as a range, the place before the day, "let X slide to", a trailing
reason after a dependency, "that list" of this sentence, "till that's done" of the task just
talked of, and words a recogniser splits ("tie mer", "pry ority", "on block the")."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from services.nlu import ParseContext
from services.nlu.commands import Action
from tests.nlu.fastpath_support import is_left_to_the_llm, parse_after, read_after

LONDON = ZoneInfo("Europe/London")
CONTEXT = ParseContext(
    now=datetime(2033, 10, 12, 14, 0, tzinfo=LONDON),  # a Wednesday afternoon
    people=("Rhys", "Bea Moreno", "Oluwaseun", "Tomas", "Nana Iris"),
    projects=("boat club", "shed rebuild"),
    tasks=(
        "varnish the dinghy",
        "return the floor sander",
        "unblock the bathroom sink",
        "renew the home insurance",
        "sort the club raffle",
        "paint the shed door",
    ),
)


def test_who_is_away_said_with_a_request_is_no_reason_taken_whole() -> None:
    # the request after "so" is read: it was swallowed into who is away, and "her" then
    # named the one away
    assert read_after("Tomas is off on holiday so give all his stuff to Bea", CONTEXT) == [
        ("task.reassign_all", {"source": "Tomas", "assignee": "Bea Moreno"})
    ]
    command = parse_after(
        "Tomas is off on holiday so give all his stuff to Bea, and remind her to book the vet",
        CONTEXT,
    )
    assert not command.is_complete
    assert all(action.params.get("person") != "Tomas" for action in command.actions)


def test_one_word_with_the_very_sounds_of_a_name_is_who_a_new_task_is_for() -> None:
    assert read_after("add a task to fix the mooring rope for reese", CONTEXT) == [
        ("task.create", {"title": "fix the mooring rope", "assignee": "Rhys"})
    ]
    # a word that only comes near a name stays in the title
    assert read_after("add a task to buy a gift for reed", CONTEXT) == [
        ("task.create", {"title": "buy a gift for reed"})
    ]


def test_the_pieces_of_a_name_left_before_saying_are_not_the_message() -> None:
    assert is_left_to_the_llm("send a message to olu wa shay on saying the van's here", CONTEXT)
    assert read_after("send a message to Rhys saying the van's here", CONTEXT) == [
        ("message.send", {"to": "Rhys", "text": "the van's here"})
    ]


def test_a_step_said_with_first_is_the_step() -> None:
    said = "For the dinghy I need to sand the hull and buy the varnish first, add those as steps"
    assert read_after(said, CONTEXT) == [
        ("task.add_subtasks", {"task": "dinghy", "titles": ["sand the hull", "buy the varnish"]})
    ]


def test_a_thing_noted_after_steps_is_no_new_task() -> None:
    said = "Under paint the shed door, add buy a brush, sand it down and note the colour code"
    command = parse_after(said, CONTEXT)
    assert "task.create" not in [action.type for action in command.actions]
    assert not command.is_complete
    # a thing said of something, noted, still is one
    assert read_after("jot down that the trailer needs new tyres", CONTEXT) == [
        ("task.create", {"title": "the trailer needs new tyres"})
    ]


def test_a_new_task_said_after_a_new_lists_sentence_ended_goes_on_no_list() -> None:
    said = "Start a new project called garden pond. Oh and add a task for Rhys to buy a pump."
    assert read_after(said, CONTEXT) == [
        ("project.create", {"name": "garden pond"}),
        ("task.create", {"assignee": "Rhys", "title": "buy a pump"}),
    ]
    # in the same breath, it goes on the list just made
    said = "start a project called garden pond, add a task to buy a pump"
    assert read_after(said, CONTEXT)[1] == (
        "task.create",
        {"title": "buy a pump", "project": {"result_of": 0}},
    )


@pytest.mark.parametrize(
    ("said", "read"),
    [
        (
            "Book a meeting with Rhys and Tomas about the boat club on Friday, two till four",
            [
                (
                    "meeting.schedule",
                    {
                        "attendees": ["Rhys", "Tomas"],
                        "title": "boat club",
                        "when": "Friday at two",
                        "duration": "two hours",
                    },
                )
            ],
        ),
        (
            "I want to get Bea and Rhys together about the raffle, Monday ten till half ten",
            [
                (
                    "meeting.schedule",
                    {
                        "attendees": ["Bea Moreno", "Rhys"],
                        "title": "raffle",
                        "when": "Monday at ten",
                        "duration": "half an hour",
                    },
                )
            ],
        ),
        (
            "set up a boat club meeting with Tomas and Rhys at the clubhouse on Saturday at ten",
            [
                (
                    "meeting.schedule",
                    {
                        "title": "boat club",
                        "attendees": ["Tomas", "Rhys"],
                        "location": "clubhouse",
                        "when": "Saturday at ten",
                    },
                )
            ],
        ),
        (
            "Meeting about the shed rebuild with Bea and Tomas tomorrow at six, down the pub",
            [
                (
                    "meeting.schedule",
                    {
                        "title": "shed rebuild",
                        "attendees": ["Bea Moreno", "Tomas"],
                        "when": "tomorrow at six",
                        "location": "pub",
                    },
                )
            ],
        ),
    ],
)
def test_meetings_said_with_hours_a_place_first_or_no_verb(said, read) -> None:
    assert read_after(said, CONTEXT) == read


def test_hours_said_as_a_range_are_a_meetings_only() -> None:
    # no meeting said: "two till four" is left as it was said
    command = parse_after("remind me on Friday two till four to watch the boat", CONTEXT)
    assert all(action.params.get("duration") is None for action in command.actions)


@pytest.mark.parametrize(
    ("said", "read"),
    [
        (
            "let the dinghy slide to a week on Monday, there's no rush",
            [("task.set_due", {"task": "dinghy", "due": "a week on Monday"})],
        ),
        (
            "the floor sander needs to go back by five tomorrow",
            [("task.set_due", {"task": "floor sander", "due": "five tomorrow"})],
        ),
    ],
)
def test_a_deadline_said_as_letting_it_slide_or_going_back_by(said, read) -> None:
    assert read_after(said, CONTEXT) == read


def test_a_reason_after_a_dependency_said_of_someone_else() -> None:
    said = "the shed door can't happen till the bathroom sink's sorted, the joiner needs to see it"
    assert read_after(said, CONTEXT) == [
        ("task.add_dependency", {"task": "shed door", "blocker": "bathroom sink"})
    ]
    # after any other change it may be a new task: not read as a reason
    assert is_left_to_the_llm("move the shed door to Friday, the joiner needs to see it", CONTEXT)


def test_that_list_is_the_list_this_sentence_named() -> None:
    said = "add buy new oars to the boat club, plus can you tell me what else is on that list"
    assert read_after(said, CONTEXT) == [
        ("task.create", {"title": "buy new oars", "project": "boat club"}),
        ("query.tasks", {"project": "boat club"}),
    ]


def test_till_thats_done_waits_for_the_task_just_talked_of() -> None:
    previous = Action("task.assign", {"task": "sort the club raffle", "assignee": "Rhys"})
    said = "and the shed door can't be painted until that's done"
    assert read_after(said, CONTEXT, previous) == [
        ("task.add_dependency", {"blocker": {"context": "task"}, "task": "shed door"})
    ]
    # with more said after it, "that" may be what is named later: the model's to read
    said = "and the shed door can't happen till that's done, so make it wait for the raffle"
    assert not parse_after(said, CONTEXT, previous).is_complete


@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("set a tie mer for half an our", [("timer.start", {"duration": "half an hour"})]),
        (
            "make the club raffle high pry ority",
            [("task.set_priority", {"task": "club raffle", "priority": "high"})],
        ),
        (
            "move the home in shore ants to friday",
            [("task.set_due", {"task": "home insurance", "due": "friday"})],
        ),
        (
            "under on block the bathroom sink add buy a plunger",
            [
                (
                    "task.add_subtasks",
                    {"task": "unblock the bathroom sink", "titles": ["buy a plunger"]},
                )
            ],
        ),
    ],
)
def test_words_a_recogniser_splits(said, read) -> None:
    assert read_after(said, CONTEXT) == read


def test_both_for_someone_after_a_new_list_gives_both_new_tasks() -> None:
    said = (
        "Start a new list called pond, then add dig the hole and buy a liner to it, both for Rhys"
    )
    assert read_after(said, CONTEXT) == [
        ("project.create", {"name": "pond"}),
        ("task.create", {"title": "dig the hole", "project": {"result_of": 0}, "assignee": "Rhys"}),
        ("task.create", {"title": "buy a liner", "project": {"result_of": 0}, "assignee": "Rhys"}),
    ]


def test_the_day_of_the_first_or_next_something_is_why() -> None:
    assert read_after("bump the club raffle up to urgent, first race is Sunday", CONTEXT) == [
        ("task.set_priority", {"task": "club raffle", "priority": "urgent"})
    ]


def test_steps_said_as_a_thing_and_its_doing_together() -> None:
    said = "The shed door needs the hinges oiling and the two halves screwing together"
    assert read_after(said, CONTEXT) == [
        (
            "task.add_subtasks",
            {"task": "shed door", "titles": ["oil the hinges", "screw the two halves together"]},
        )
    ]


def test_a_new_one_on_a_list_is_a_new_task_there() -> None:
    said = "New one on the boat club list, buy a pump, and under that put get two quotes"
    assert read_after(said, CONTEXT) == [
        ("task.create", {"project": "boat club", "title": "buy a pump"}),
        ("task.add_subtasks", {"task": {"result_of": 0}, "titles": ["get two quotes"]}),
    ]
    # "one" never opens a new list's name
    assert all(
        action.type != "project.create"
        for action in parse_after("new one on the boat club list", CONTEXT).actions
    )


def test_a_catch_up_said_with_no_subject_has_no_title() -> None:
    assert read_after("set up a catch-up with Rhys on Friday at ten", CONTEXT) == [
        ("meeting.schedule", {"attendees": ["Rhys"], "when": "Friday at ten"})
    ]
    # a subject said before it is its title
    assert (
        read_after("set up a boat club catch-up with Rhys on Friday at ten", CONTEXT)[0][1]["title"]
        == "boat club catch-up"
    )


def test_let_someone_know_as_well_sends_the_last_message_again() -> None:
    previous = Action("message.send", {"to": "Rhys", "text": "the boat's back in the water"})
    assert read_after("And let Nana Iris know as well.", CONTEXT, previous) == [
        ("message.send", {"to": "Nana Iris", "text": "the boat's back in the water"})
    ]
    # with no message before it, what to tell her is the model's to read
    assert is_left_to_the_llm("And let Nana Iris know as well.", CONTEXT)


def test_and_the_list_and_task_words_as_well_is_the_last_change_again() -> None:
    previous = Action("task.complete", {"task": "bathroom sink"})
    assert read_after("Oh and the boat club raffle as well.", CONTEXT, previous) == [
        ("task.complete", {"task": "raffle"})
    ]


def test_the_other_one_after_a_change_makes_it_of_the_other_task() -> None:
    previous = Action("task.set_priority", {"task": "shed door", "priority": "high"})
    assert read_after("No, sorry, the other one, the dinghy.", CONTEXT, previous) == [
        ("task.set_priority", {"task": "dinghy", "priority": "high"})
    ]
    # "I meant X, not Y" of the task just changed: that change taken back, made of X
    assert read_after("No sorry, I meant the dinghy, not the shed door.", CONTEXT, previous) == [
        ("undo", {}),
        ("task.set_priority", {"task": "dinghy", "priority": "high"}),
    ]


def test_it_needs_doing_again_is_why_a_task_is_reopened() -> None:
    said = "reopen the dinghy one, it needs doing again, and push it to Thursday"
    assert read_after(said, CONTEXT) == [
        ("task.reopen", {"task": "dinghy"}),
        ("task.set_due", {"task": {"result_of": 0}, "due": "Thursday"}),
    ]


@pytest.mark.parametrize(
    ("said", "read"),
    [
        # "ten to eleven" was read as "at ten", then "eleven" as the meeting's topic
        (
            "set up a meeting with Rhys on Friday at ten to eleven",
            [("meeting.schedule", {"attendees": ["Rhys"], "when": "Friday at ten to eleven"})],
        ),
        (
            "set up a meeting with Rhys at five to two about the raffle",
            [
                (
                    "meeting.schedule",
                    {"attendees": ["Rhys"], "when": "at five to two", "title": "raffle"},
                )
            ],
        ),
        # ... and "at ten", reminding of "eleven to call Bea"
        (
            "remind me at ten to eleven to call Tomas",
            [("reminder.create", {"when": "at ten to eleven", "text": "call Tomas"})],
        ),
        (
            "remind me tomorrow at ten to nine that the skip comes",
            [("reminder.create", {"when": "tomorrow at ten to nine", "text": "the skip comes"})],
        ),
    ],
)
def test_ten_to_eleven_is_a_clock_time(said, read) -> None:
    assert read_after(said, CONTEXT) == read


def test_a_task_and_one_it_is_not_is_the_models() -> None:
    # "bunting but not the bibs" was read as one task's name
    assert is_left_to_the_llm("cancel the dinghy but not the shed door", CONTEXT)


def test_a_request_taken_back_is_never_made() -> None:
    # "fix the gate and don't" was a title, given to Rhys: the opposite of what was said
    command = parse_after("add a task to fix the gate and don't give it to Rhys", CONTEXT)
    assert not command.is_complete
    assert all(action.params.get("assignee") != "Rhys" for action in command.actions)


def test_a_second_message_to_someone_else_is_no_part_of_the_first() -> None:
    # Bea never got hers, and Rhys got "... and Bea to say sorry"
    command = parse_after("text Rhys to say I'm running late and Bea to say sorry", CONTEXT)
    assert not command.is_complete
    assert all("Bea" not in str(action.params.get("text")) for action in command.actions)
    assert read_after("tell Rhys that Tomas and Bea are coming", CONTEXT) == [
        ("message.send", {"to": "Rhys", "text": "Tomas and Bea are coming"})
    ]
