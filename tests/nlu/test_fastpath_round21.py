"""Fast-path readings of the session of 2026-11-28 04:00: a new task's title never ends on a
pronoun ("add confirm the date for her"), is said as its verb ("add writing a card ..."), a
statement never holds a request said after ", and", household words a recogniser splits are
joined again ("the pass port forms"), and "remind me at eleven" said at lunchtime is
tomorrow morning's."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from services.config import Dates
from services.nlu import ParseContext
from services.nlu.hearing import rehear
from services.nlu.timeparse import resolve_when
from tests.nlu.fastpath_support import is_left_to_the_llm, parse_after, read_after

LONDON = ZoneInfo("Europe/London")
CONTEXT = ParseContext(
    now=datetime(2030, 3, 6, 13, 10, tzinfo=LONDON),  # a Wednesday lunchtime
    people=("Auntie Pam", "Kofi", "Marta"),
    projects=("garden shed", "choir"),
    tasks=("return the library books", "book the church hall", "mend the back fence"),
)


@pytest.mark.parametrize(
    "said",
    [
        "the hall can't be booked till Marta's confirmed, so add confirm the date for her",
        "make a new project called allotment and add a task for Kofi to dig the beds in it",
        "add a task to sort the prizes with them",
    ],
)
def test_a_new_title_never_ends_on_someone_or_something_said_before(said: str) -> None:
    assert is_left_to_the_llm(said, CONTEXT)


def test_a_new_title_may_hold_her_before_a_thing() -> None:
    assert read_after("add buy her a present", CONTEXT) == [
        ("task.create", {"title": "buy her a present"})
    ]


def test_steps_may_end_on_it() -> None:
    assert read_after("split mend the back fence into buy panels, sand it, paint it", CONTEXT) == [
        (
            "task.add_subtasks",
            {"task": "mend the back fence", "titles": ["buy panels", "sand it", "paint it"]},
        )
    ]


@pytest.mark.parametrize(
    ("said", "title"),
    [
        ("add writing a thank-you card to Auntie Pam", "write a thank-you card to Auntie Pam"),
        ("add a task for taking the bins out", "take the bins out"),
        ("add bringing the chairs", "bring the chairs"),
        ("add sorting the garage", "sort the garage"),
        # a thing named after a doing stays as said
        ("add washing up liquid", "washing up liquid"),
    ],
)
def test_a_new_task_said_as_its_doing_is_titled_by_the_verb(said: str, title: str) -> None:
    assert read_after(said, CONTEXT) == [("task.create", {"title": title})]


def test_put_someone_down_for_a_task_nobody_has_is_no_assignment() -> None:
    said = "Put Kofi down for booking the scout hut, by the end of next week."
    assert is_left_to_the_llm(said, CONTEXT)


def test_put_someone_down_for_a_known_task_is_theirs() -> None:
    assert read_after("put Kofi down for the church hall", CONTEXT) == [
        ("task.assign", {"task": "church hall", "assignee": "Kofi"})
    ]


def test_a_statement_never_holds_a_request_said_after_and() -> None:
    said = (
        "For returning the library books I need to, um, find the last one, it's somewhere in "
        "the car, and pay the fine, can you put those under it"
    )
    assert is_left_to_the_llm(said, CONTEXT)


def test_a_statement_goes_on_about_something() -> None:
    said = "move the back fence to Friday, it's raining, and the wood's soaked"
    assert read_after(said, CONTEXT) == [("task.set_due", {"task": "back fence", "due": "Friday"})]


@pytest.mark.parametrize(
    ("heard", "meant"),
    [
        ("post the pass port forms", "post the passport forms"),
        ("buy a pad lock for the shed", "buy a padlock for the shed"),
        ("pack the wet suits", "pack the wetsuits"),
        ("new project cold chris mass fair", "new project called christmas fair"),
        ("fix the she'd roof", "fix the shed roof"),
        ("remind Marta about the row ta", "remind Marta about the rota"),
        ("create a project cold christmas fare", "create a project called christmas fair"),
        ("buy raffle prizes for the some a fair", "buy raffle prizes for the summer fair"),
        ("new project called house warming", "new project called housewarming"),
        ("cancel the broad band", "cancel the broadband"),
        ("order new break pads for the bike", "order new brake pads for the bike"),
        (
            "remind me in half an hour to take the bred out",
            "remind me in half an hour to take the bread out",
        ),
        ("un due that last one", "undo that last one"),
        ("remind me a day be for the dead line", "remind me a day before the deadline"),
        ("move it to friday wait no thursday", "move it to friday, wait no, thursday"),
    ],
)
def test_words_a_recogniser_splits(heard: str, meant: str) -> None:
    assert rehear(heard) == meant


@pytest.mark.parametrize(
    "said", ["pay the bus fare", "some a lot of them", "the dog is well bred", "take a break"]
)
def test_words_that_mean_themselves_stay(said: str) -> None:
    assert rehear(said) == said


def test_she_would_stays() -> None:
    assert rehear("tell Marta she'd better bring the keys") == (
        "tell Marta she'd better bring the keys"
    )


@pytest.mark.parametrize(
    ("hour", "expected"),
    [
        (13, datetime(2030, 3, 7, 11, 0)),  # lunchtime: tomorrow morning's eleven
        (16, datetime(2030, 3, 7, 11, 0)),
        (17, datetime(2030, 3, 6, 23, 0)),  # within six hours: tonight's
        (22, datetime(2030, 3, 6, 23, 0)),
        (9, datetime(2030, 3, 6, 11, 0)),  # still ahead this morning
    ],
)
def test_at_eleven_with_no_day(hour: int, expected: datetime) -> None:
    now = datetime(2030, 3, 6, hour, 10, tzinfo=LONDON)
    assert resolve_when("at eleven", now, Dates()) == expected.replace(tzinfo=LONDON)


def test_at_ten_said_at_lunchtime_is_still_tonight() -> None:
    now = datetime(2030, 3, 6, 13, 10, tzinfo=LONDON)
    assert resolve_when("at ten", now, Dates()) == datetime(2030, 3, 6, 22, 0, tzinfo=LONDON)


def test_a_word_heard_in_two_is_no_known_task_said_by_its_sound() -> None:
    context = replace(CONTEXT, tasks=(*CONTEXT.tasks, "renew the passports"))
    said = "remind me tomorrow at eight thirty in the morning to post the pass port forms"
    assert read_after(said, context) == [
        (
            "reminder.create",
            {"when": "tomorrow at eight thirty in the morning", "text": "post the passport forms"},
        )
    ]


def test_a_known_name_heard_in_pieces_is_still_that_name() -> None:
    context = replace(CONTEXT, tasks=(*CONTEXT.tasks, "wash the netball bibs"))
    assert read_after("mark the net ball bids as done", context) == [
        ("task.complete", {"task": "netball bibs"})
    ]


@pytest.mark.parametrize(
    ("said", "text"),
    [
        ("text Kofi the skips coming on wednesday", "the skip's coming on wednesday"),
        ("tell Marta the boiler guys coming monday", "the boiler guy's coming monday"),
        ("send a message to Kofi saying the vans unlocked", "the van's unlocked"),
        (
            "tell Marta the choir concerts on the twelfth of march",
            "the choir concert's on the twelfth of march",
        ),
        ("tell Auntie Pam the hall his booked", "the hall is booked"),
    ],
)
def test_a_message_opening_on_a_thing_and_what_it_is_now(said: str, text: str) -> None:
    assert [params["text"] for _, params in read_after(said, CONTEXT)] == [text]


def test_a_message_about_things_in_the_plural_stays() -> None:
    assert [p["text"] for _, p in read_after("tell Kofi the glasses are on the side", CONTEXT)] == [
        "the glasses are on the side"
    ]


def test_steps_asked_for_after_the_task_said_first() -> None:
    said = "mend the back fence, can you give that some sub-tasks, buy panels, and paint them"
    assert read_after(said, CONTEXT) == [
        (
            "task.add_subtasks",
            {"task": "mend the back fence", "titles": ["buy panels", "paint them"]},
        )
    ]


def test_a_task_marked_as_blocked_by_a_new_one() -> None:
    context = replace(CONTEXT, tasks=(*CONTEXT.tasks, "fix the bike brakes"))
    assert read_after("mark the bike brakes as blocked by order brake pads", context) == [
        ("task.add_dependency", {"task": "bike brakes", "blocker": "order brake pads"})
    ]


def test_reopen_heard_as_two_words() -> None:
    assert rehear("ray open the library books") == "reopen the library books"
    assert rehear("tell Kofi we open the stall at nine") == "tell Kofi we open the stall at nine"


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        (
            "timer for the bread, hour and a half",
            [("timer.start", {"label": "bread", "duration": "hour and a half"})],
        ),
        ("tick of the library books", [("task.complete", {"task": "library books"})]),
        (
            "the church hall, can we say it's due Wednesday now",
            [("task.set_due", {"task": "church hall", "due": "Wednesday"})],
        ),
        (
            "the church hall, due Wednesday, no wait, Thursday",
            [("task.set_due", {"task": "church hall", "due": "Thursday"})],
        ),
        (
            "Push the church hall back to a week on Tuesday, would you, the vicar's away",
            [("task.set_due", {"task": "church hall", "due": "a week on Tuesday"})],
        ),
        (
            "The church hall should be due the twenty-second, not the twenty-fifth, I got it wrong",
            [("task.set_due", {"task": "church hall", "due": "the twenty-second"})],
        ),
        (
            "Can you remind Kofi about the church hall the day before it's due",
            [
                (
                    "reminder.create",
                    {
                        "text": "church hall",
                        "person": "Kofi",
                        "task": "church hall",
                        "before": "1 day",
                    },
                )
            ],
        ),
        (
            "remind me about the church hall half an hour before",
            [
                (
                    "reminder.create",
                    {"text": "church hall", "task": "church hall", "before": "half an hour"},
                )
            ],
        ),
    ],
)
def test_edits_and_reminders_said_the_way_people_say_them(
    said: str, expected: list[tuple[str, dict[str, object]]]
) -> None:
    assert read_after(said, CONTEXT) == expected


def test_a_reminder_about_a_task_just_made_named_by_one_of_its_words_is_the_models() -> None:
    said = (
        "Put in a task for Kofi to collect the kilts from the hire place by Saturday, and "
        "remind Kofi the day before the kilts are due."
    )
    assert is_left_to_the_llm(said, CONTEXT)


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        (
            "oh, cancel the church hall one, we're using the school, and put the back fence on "
            "Kofi for tomorrow",
            [
                ("task.cancel", {"task": "church hall"}),
                ("task.assign", {"task": "back fence", "assignee": "Kofi"}),
                ("task.set_due", {"task": "back fence", "due": "tomorrow"}),
            ],
        ),
        (
            "set a time a for ten minutes and ad pick up milk",
            [
                ("timer.start", {"duration": "ten minutes"}),
                ("task.create", {"title": "pick up milk"}),
            ],
        ),
        (
            "um, the back fence, can you add buy panels and fit the posts underneath",
            [
                (
                    "task.add_subtasks",
                    {"task": "back fence", "titles": ["buy panels", "fit the posts"]},
                )
            ],
        ),
        (
            "The church hall's held up by the back fence, the vicar wants it mended, don't ask.",
            [("task.add_dependency", {"task": "church hall", "blocker": "back fence"})],
        ),
    ],
)
def test_more_said_the_way_people_say_it(
    said: str, expected: list[tuple[str, dict[str, object]]]
) -> None:
    assert read_after(said, CONTEXT) == expected


@pytest.mark.parametrize(
    "said",
    [
        # who does the task it waits for: which task is it?
        "the church hall depends on us choosing the date, he wants to know",
        # a title never holds one task waiting for another
        "I have to pay the council tax before I can mend the shed roof",
    ],
)
def test_not_read_as_one_task(said: str) -> None:
    command = parse_after(said, CONTEXT)
    assert not command.is_complete or all(a.type != "task.create" for a in command.actions)


def test_why_one_task_comes_first_is_no_new_task() -> None:
    said = "Mend the back fence first, then the church hall, I need to get the van out of the way."
    assert read_after(said, CONTEXT) == [
        ("task.add_dependency", {"blocker": "Mend the back fence", "task": "church hall"})
    ]


def test_i_need_to_alone_is_still_a_task() -> None:
    assert read_after("I need to get the van out of the way", CONTEXT) == [
        ("task.create", {"title": "get the van out of the way"})
    ]


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        (
            "Can you move all of Kofi's stuff over to Marta, he's away all week",
            [("task.reassign_all", {"source": "Kofi", "assignee": "Marta"})],
        ),
        (
            "New project please, call it allotment, then stick dig the beds on it",
            [
                ("project.create", {"name": "allotment"}),
                ("task.create", {"title": "dig the beds", "project": {"result_of": 0}}),
            ],
        ),
        (
            "Marta, not Kofi, is doing the back fence",
            [("task.assign", {"assignee": "Marta", "task": "back fence"})],
        ),
    ],
)
def test_said_with_who_is_away_and_who_is_not(
    said: str, expected: list[tuple[str, dict[str, object]]]
) -> None:
    assert read_after(said, CONTEXT) == expected


def test_first_one_thing_then_a_known_task() -> None:
    assert read_after("first get the hymn sheets, then book the church hall", CONTEXT) == [
        ("task.add_dependency", {"blocker": "get the hymn sheets", "task": "book the church hall"})
    ]


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        (
            "Timer for eleven minutes for the pasta please, and also what's the, um, what's the "
            "date today, I've completely lost track",
            [("timer.start", {"duration": "eleven minutes", "label": "pasta"}), ("query.date", {})],
        ),
        (
            "Um, put down water the seedlings. That's it.",
            [("task.create", {"title": "water the seedlings"})],
        ),
        ("i've stated sanding the back fence", [("task.start", {"task": "back fence"})]),
    ],
)
def test_said_again_and_said_to_close(
    said: str, expected: list[tuple[str, dict[str, object]]]
) -> None:
    assert read_after(said, CONTEXT) == expected


def test_a_meeting_about_a_list_heard_a_letter_out() -> None:
    context = replace(CONTEXT, projects=("loft conversion", "village shop"))
    said = "book a meeting with Kofi tomorrow at three about the loft conversation"
    assert read_after(said, context)[0][1]["title"] == "loft conversion"
    said = "book a meeting with Kofi tomorrow at three about the village show"
    assert read_after(said, context)[0][1]["title"] == "village show"
