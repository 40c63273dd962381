"""Fast-path readings of the session of 2026-11-28 01:33: steps said the British way ("the
cakes need flour buying and the tins greasing"), a reason that never swallows a question or a
request said after it, "he did offer" is no task done, and "it" after a reminder about a task
the store has is that task."""

from __future__ import annotations

from datetime import datetime

import pytest

from services.nlu import ParseContext
from services.nlu.fields import verb_of_any
from services.nlu.hearing import rehear
from tests.nlu.fastpath_support import parse_after, read_after

CONTEXT = ParseContext(
    now=datetime(2029, 6, 12, 10, 30),  # a Tuesday morning
    people=("Grandma Iris", "Yusuf", "Petra"),
    projects=("allotment", "street party"),
    tasks=("repaint the shed", "book the bouncy castle", "renew the parking permit"),
)


@pytest.mark.parametrize(
    ("gerund", "verb"),
    [
        ("fitting", "fit"),
        ("taking", "take"),
        ("greasing", "grease"),
        ("soaking", "soak"),
        ("buying", "buy"),
        ("doing", "do"),
        ("filling", "fill"),
        ("writing", "write"),
        ("visiting", "visit"),
        ("replacing", "replace"),
    ],
)
def test_the_verb_of_an_ing_word(gerund: str, verb: str) -> None:
    assert verb_of_any(gerund) == verb


@pytest.mark.parametrize(
    ("said", "task", "steps"),
    [
        (
            "the shed needs the old paint scraping, the gutter clearing and the door sanding",
            "shed",
            ["scrape the old paint", "clear the gutter", "sand the door"],
        ),
        (
            "repainting the shed needs the windows taking out, the shelves taking off and "
            "the floor sweeping up",
            "shed",
            ["take out the windows", "take the shelves off", "sweep up the floor"],
        ),
        (
            "the bouncy castle needs a van hiring and the icing doing",
            "bouncy castle",
            ["hire a van", "do the icing"],
        ),
    ],
)
def test_steps_said_as_a_thing_and_its_doing(said: str, task: str, steps: list[str]) -> None:
    assert read_after(said, CONTEXT) == [("task.add_subtasks", {"task": task, "titles": steps})]


def test_things_needing_doing_stay_things_when_only_doing_is_said() -> None:
    assert read_after("the shed needs new hinges, a latch and a coat of paint doing", CONTEXT) == [
        (
            "task.add_subtasks",
            {"task": "shed", "titles": ["new hinges", "a latch", "a coat of paint"]},
        )
    ]


def test_a_task_needing_one_thing_done_to_it_is_not_steps() -> None:
    command = parse_after("the bouncy castle needs booking", CONTEXT)
    assert not any(action.type == "task.add_subtasks" for action in command.actions)


def test_a_reason_never_swallows_a_question_said_after_it() -> None:
    said = (
        "cancel the pasta timer, we're having a takeaway instead, and how long's left on the "
        "rice one?"
    )
    assert read_after(said, CONTEXT) == [
        ("timer.cancel", {"label": "pasta"}),
        ("timer.query", {"label": "rice"}),
    ]


@pytest.mark.parametrize(
    "said",
    [
        "move the shed to Friday, it's going to rain, and what's on for today",
        "push the shed to Friday, we're away, and remind me to ring Yusuf at noon",
    ],
)
def test_a_statement_is_no_reason_when_a_request_follows_it(said: str) -> None:
    command = parse_after(said, CONTEXT)
    assert len(command.actions) >= 2 or not command.is_complete


def test_he_did_offer_is_no_task_done() -> None:
    said = "make the shed one urgent and put Yusuf on it, bless him, he did offer"
    assert [action.type for action in parse_after(said, CONTEXT).actions] == [
        "task.set_priority",
        "task.assign",
    ]


def test_someone_did_a_task_the_store_has() -> None:
    assert read_after("Petra did the parking permit", CONTEXT) == [
        ("task.complete", {"task": "parking permit"})
    ]


def test_it_after_a_reminder_about_a_known_task_is_that_task() -> None:
    said = "remind me an hour before the parking permit is due, and bump it up to high"
    assert read_after(said, CONTEXT) == [
        (
            "reminder.create",
            {"text": "parking permit", "before": "an hour", "task": "parking permit"},
        ),
        ("task.set_priority", {"task": "parking permit", "priority": "high"}),
    ]


@pytest.mark.parametrize("topic", ["the christmas fair", "the easter egg hunt"])
def test_a_holiday_before_a_thing_is_no_time_in_a_meeting_topic(topic: str) -> None:
    said = f"set up a meeting with Yusuf and Petra on Monday at half two about {topic}"
    assert read_after(said, CONTEXT) == [
        (
            "meeting.schedule",
            {
                "attendees": ["Yusuf", "Petra"],
                "when": "Monday at half two",
                "title": topic.removeprefix("the "),
            },
        )
    ]


def test_a_holiday_alone_at_the_end_is_still_a_time() -> None:
    command = parse_after("add wrap the presents by christmas", CONTEXT)
    assert command.actions[0].params.get("due") == "christmas"


def test_a_new_project_named_after_a_comma() -> None:
    assert read_after("start a new project, garden shed", CONTEXT) == [
        ("project.create", {"name": "garden shed"})
    ]


def test_a_list_is_never_named_by_the_words_that_ask_for_one() -> None:
    command = parse_after("the start a new project, christmas fair", CONTEXT)
    assert not any(action.params.get("project") == "start a new" for action in command.actions)


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        (
            "Put 'order bunting' on the street party list",
            [("task.create", {"title": "order bunting", "project": "street party"})],
        ),
        (
            'add "ring the plumber" for Friday',
            [("task.create", {"title": "ring the plumber", "due": "Friday"})],
        ),
        (
            "change \u2018repaint the shed\u2019 to \u2018repaint and seal the shed\u2019",
            [("task.rename", {"task": "repaint the shed", "title": "repaint and seal the shed"})],
        ),
        (
            "under the shed one, add 'borrow Petra's ladder' and 'buy paint'",
            [
                (
                    "task.add_subtasks",
                    {"task": "shed", "titles": ["borrow Petra's ladder", "buy paint"]},
                )
            ],
        ),
    ],
)
def test_a_title_in_quotes_is_its_words(said: str, expected: list[object]) -> None:
    assert read_after(said, CONTEXT) == expected


def test_steps_never_hold_where_a_task_goes_or_who_does_it() -> None:
    said = (
        "add 'fix the gate' to the allotment list, Yusuf's doing it, and then 'buy new hinges' "
        "as a subtask of it"
    )
    command = parse_after(said, CONTEXT)
    for action in command.actions:
        for title in action.params.get("titles", ()):
            assert "list" not in title and "doing it" not in title


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("are any of Yusuf's things overdue?", {"assignee": "Yusuf", "filter": "overdue"}),
        (
            "are any of my tasks overdue? just asking, don't move anything",
            {"assignee": "me", "filter": "overdue"},
        ),
        ("has Petra finished anything yet?", {"assignee": "Petra", "filter": "done"}),
    ],
)
def test_questions_about_someones_tasks(said: str, expected: dict[str, object]) -> None:
    assert read_after(said, CONTEXT) == [("query.tasks", expected)]


def test_a_known_task_can_be_a_priority() -> None:
    assert read_after("the bouncy castle can be low priority now", CONTEXT) == [
        ("task.set_priority", {"task": "bouncy castle", "priority": "low"})
    ]


def test_no_said_over_and_over_before_undo() -> None:
    assert read_after("no no no, undo that", CONTEXT) == [("undo", {})]


def test_a_timer_said_as_one_is_a_timer_and_a_new_one_has_no_label() -> None:
    assert read_after(
        "cancel the pasta timer, then set a rice one for twenty minutes", CONTEXT
    ) == [
        ("timer.cancel", {"label": "pasta"}),
        ("timer.start", {"label": "rice", "duration": "twenty minutes"}),
    ]
    command = parse_after("cancel the tea timer and start a new one for 8 minutes", CONTEXT)
    assert all(action.params.get("label") != "new" for action in command.actions)


def test_why_the_time_is_asked_is_an_aside() -> None:
    assert read_after("what time is it, my phone's died", CONTEXT) == [("query.time", {})]


@pytest.mark.parametrize(
    ("heard", "meant"),
    [
        ("remind me two ring Yusuf at six tomorrow", "remind me to ring Yusuf at six tomorrow"),
        ("remind me two days before", "remind me two days before"),
        ("push the shed back too a weak on tuesday", "push the shed back to a week on tuesday"),
        ("move the shed two the twenty first", "move the shed to the twenty first"),
        ("at two the next day", "at two the next day"),
        ("how many two dews have i got", "how many to-dos have i got"),
        ("how many tasks do i have do today", "how many tasks do I have due today"),
        ("add re wire the loft", "add rewire the loft"),
        ("ad paint the ceiling", "add paint the ceiling"),
    ],
)
def test_to_and_other_small_words_heard_wrong(heard: str, meant: str) -> None:
    assert rehear(heard) == meant


def test_a_new_title_never_ends_with_a_list_heard_after_to() -> None:
    command = parse_after("add paint the ceiling too street party", CONTEXT)
    assert all(
        "street party" not in str(action.params.get("title", "")) for action in command.actions
    )


@pytest.mark.parametrize(
    ("said", "first"),
    [
        (
            "give the parking permit to Petra, her handwriting's loads nicer than mine",
            ("task.assign", {"task": "parking permit", "assignee": "Petra"}),
        ),
        ("I'm making a start on the shed now, while it's dry", ("task.start", {"task": "shed"})),
        (
            "make the shed low priority, honestly nobody's going to notice",
            ("task.set_priority", {"task": "shed", "priority": "low"}),
        ),
    ],
)
def test_why_a_change_is_made_said_after_it(said: str, first: tuple[str, object]) -> None:
    assert read_after(said, CONTEXT) == [first]


@pytest.mark.parametrize(
    ("said", "steps"),
    [
        ("repaint the shed, subtasks: sand it, prime it", ["sand it", "prime it"]),
        ("the shed, steps are sand it, prime it", ["sand it", "prime it"]),
        ("shed, um, subtasks: sand it and new hinges", ["sand it", "new hinges"]),
    ],
)
def test_steps_said_after_the_task_they_are_of(said: str, steps: list[str]) -> None:
    [(kind, params)] = read_after(said, CONTEXT)
    assert kind == "task.add_subtasks"
    assert params["titles"] == steps


def test_new_and_a_thing_is_no_new_task() -> None:
    command = parse_after("new labels", CONTEXT)
    assert not any(action.type == "task.create" for action in command.actions)


@pytest.mark.parametrize(
    ("said", "params"),
    [
        ("add ring the plumber for Yusuf", {"title": "ring the plumber", "assignee": "Yusuf"}),
        (
            "add a task to fix the gate for Petra, due Friday",
            {"title": "fix the gate", "assignee": "Petra", "due": "Friday"},
        ),
        ("add buy a card for Petra", {"title": "buy a card for Petra"}),
        (
            "add buy a birthday present for Yusuf by Friday",
            {"title": "buy a birthday present for Yusuf", "due": "Friday"},
        ),
    ],
)
def test_for_someone_after_a_new_task_is_who_does_it_unless_it_is_a_gift(
    said: str, params: dict[str, object]
) -> None:
    assert read_after(said, CONTEXT) == [("task.create", params)]


def test_a_new_title_never_holds_a_list_the_store_has() -> None:
    command = parse_after("add a task to the allotment list by clay for Yusuf", CONTEXT)
    assert all("allotment" not in str(a.params.get("title", "")) for a in command.actions)


def test_start_a_new_item_is_no_task_started() -> None:
    command = parse_after("start a item named paint the fence", CONTEXT)
    assert all(action.type != "task.start" for action in command.actions)


@pytest.mark.parametrize(
    ("said", "params"),
    [
        (
            "pop a street party meeting in with Yusuf, Wednesday at seven in the evening",
            {
                "title": "street party",
                "attendees": ["Yusuf"],
                "when": "Wednesday at seven in the evening",
            },
        ),
        (
            "allotment meeting with Yusuf and Petra Wednesday at seven, at the shed",
            {
                "title": "allotment",
                "attendees": ["Yusuf", "Petra"],
                "when": "Wednesday at seven",
                "location": "shed",
            },
        ),
        (
            "pop a street party catch-up in with Petra a week on Tuesday at quarter to five",
            {
                "title": "street party catch-up",
                "attendees": ["Petra"],
                "when": "a week on Tuesday at quarter to five",
            },
        ),
    ],
)
def test_a_meeting_said_with_its_topic_first(said: str, params: dict[str, object]) -> None:
    assert read_after(said, CONTEXT) == [("meeting.schedule", params)]


def test_a_place_never_ends_on_a_word_of_the_speakers() -> None:
    said = "pop an allotment meeting in with Petra for Wednesday at seven, in the shed obviously"
    command = parse_after(said, CONTEXT)
    assert all("obviously" not in str(a.params.get("location", "")) for a in command.actions)


@pytest.mark.parametrize(
    ("said", "params"),
    [
        (
            "add a high priority task for Yusuf to service the trailer by Friday",
            {
                "priority": "high",
                "assignee": "Yusuf",
                "title": "service the trailer",
                "due": "Friday",
            },
        ),
        (
            "I want a task on the allotment for Petra, choose the seeds",
            {"project": "allotment", "assignee": "Petra", "title": "choose the seeds"},
        ),
        (
            "add learn the solo to the street party list for the fourteenth",
            {"title": "learn the solo", "project": "street party", "due": "the fourteenth"},
        ),
        (
            "could you add a task, um, to take the recycling out, tonight, at about seven",
            {"title": "take the recycling out", "due": "tonight at seven"},
        ),
        (
            "add a task to take the bins out, medium priority I suppose",
            {"title": "take the bins out", "priority": "medium"},
        ),
        (
            "make a task to chase the vet about the results, urgent, and a note saying ask for Sue",
            {
                "title": "chase the vet about the results",
                "priority": "urgent",
                "notes": "ask for Sue",
            },
        ),
    ],
)
def test_new_tasks_said_every_way(said: str, params: dict[str, object]) -> None:
    assert read_after(said, CONTEXT) == [("task.create", params)]


def test_a_step_put_under_a_known_task() -> None:
    assert read_after("put buy sandpaper under repaint the shed", CONTEXT) == [
        ("task.add_subtasks", {"titles": ["buy sandpaper"], "task": "repaint the shed"})
    ]


def test_a_hedge_before_a_title_is_never_part_of_it() -> None:
    command = parse_after("put down something like buy bunting, low priority", CONTEXT)
    assert all("something" not in str(a.params.get("title", "")) for a in command.actions)


def test_a_known_task_said_alone_mid_sentence_is_what_that_is() -> None:
    said = (
        "oh and while I think of it, the parking permit one's done, and the shed, push that "
        "to Friday would you"
    )
    assert read_after(said, CONTEXT) == [
        ("task.complete", {"task": "parking permit"}),
        ("task.set_due", {"task": "shed", "due": "Friday"}),
    ]


def test_when_a_message_goes_is_not_its_text() -> None:
    assert read_after("send Yusuf a message now saying we'd like the 2pm slot", CONTEXT) == [
        ("message.send", {"to": "Yusuf", "text": "we'd like the 2pm slot"})
    ]


def test_the_one_with_is_no_one_oclock() -> None:
    assert read_after("give the shed to Yusuf, he's the one with the ladder", CONTEXT) == [
        ("task.assign", {"task": "shed", "assignee": "Yusuf"})
    ]


def test_who_and_where_said_after_a_title_are_never_read_into_it() -> None:
    said = "put down get quotes for the roof for Yusuf on the allotment, due Friday"
    command = parse_after(said, CONTEXT)
    assert all("allotment" not in str(a.params.get("title", "")) for a in command.actions)


@pytest.mark.parametrize(
    ("said", "params"),
    [
        ("set a timer for 10, no, 12 minutes", {"duration": "12 minutes"}),
        (
            "start a timer, twenty, no, fifteen minutes, for the tea",
            {"duration": "fifteen minutes", "label": "tea"},
        ),
    ],
)
def test_a_number_taken_back_before_its_unit(said: str, params: dict[str, object]) -> None:
    assert read_after(said, CONTEXT) == [("timer.start", params)]


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        (
            "can you time the sprouts for, um, eight minutes",
            [("timer.start", {"label": "sprouts", "duration": "eight minutes"})],
        ),
        (
            "timer for three minutes please, eggs",
            [("timer.start", {"duration": "three minutes", "label": "eggs"})],
        ),
        (
            "nudge Petra on Friday about the raffle money",
            [
                (
                    "reminder.create",
                    {"person": "Petra", "when": "Friday", "text": "the raffle money"},
                )
            ],
        ),
        (
            "put a meeting in with Yusuf tomorrow at ten, fifteen minutes tops",
            [
                (
                    "meeting.schedule",
                    {
                        "attendees": ["Yusuf"],
                        "when": "tomorrow at ten",
                        "duration": "fifteen minutes",
                    },
                )
            ],
        ),
        (
            "subtask on the parking permit: find the form",
            [("task.add_subtasks", {"task": "parking permit", "titles": ["find the form"]})],
        ),
        (
            "new one for Grandma Iris, sort the spare room curtains",
            [
                (
                    "task.create",
                    {"assignee": "Grandma Iris", "title": "sort the spare room curtains"},
                )
            ],
        ),
        (
            "allotment meeting Saturday the 26th at ten with Yusuf and Petra, at the cafe",
            [
                (
                    "meeting.schedule",
                    {
                        "title": "allotment",
                        "when": "Saturday the 26th at ten",
                        "attendees": ["Yusuf", "Petra"],
                        "location": "cafe",
                    },
                )
            ],
        ),
    ],
)
def test_more_of_what_people_say(said: str, expected: list[object]) -> None:
    assert read_after(said, CONTEXT) == expected


@pytest.mark.parametrize(
    ("heard", "meant"),
    [
        ("make the shed weight for the permit", "make the shed wait for the permit"),
        ("the shed weights on the permit", "the shed waits on the permit"),
        ("the weight of the shed", "the weight of the shed"),
        ("make the worksheet do on wednesday", "make the worksheet due on wednesday"),
        ("I want to do on Monday", "I want to do on Monday"),
        ("the gym membership ones done", "the gym membership one's done"),
        ("the new ones due friday", "the new ones due friday"),
    ],
)
def test_wait_due_and_ones_heard_wrong(heard: str, meant: str) -> None:
    assert rehear(heard) == meant


def test_two_tasks_given_to_someone() -> None:
    said = "give Petra two tasks, get wrapping paper and get sellotape, both by Friday"
    assert read_after(said, CONTEXT) == [
        ("task.create", {"title": "get wrapping paper", "assignee": "Petra", "due": "Friday"}),
        ("task.create", {"title": "get sellotape", "assignee": "Petra", "due": "Friday"}),
    ]


def test_get_someone_in_for_a_while_is_a_meeting() -> None:
    assert read_after("get Yusuf in for half an hour tomorrow at four", CONTEXT) == [
        (
            "meeting.schedule",
            {"attendees": ["Yusuf"], "duration": "half an hour", "when": "tomorrow at four"},
        )
    ]


@pytest.mark.parametrize(
    ("heard", "meant"),
    [
        ("set a timer for ten minutes cold eggs", "set a timer for ten minutes called eggs"),
        ("can sell the timer for the sprouts", "cancel the timer for the sprouts"),
        ("what's on my to do list four today", "what's on my to-do list for today"),
        (
            "add the tiles to the kitchen list do wednesday",
            "add the tiles to the kitchen list due wednesday",
        ),
        ("make the caterers a gent", "make the caterers urgent"),
        ("the meeting's at half passed for", "the meeting's at half past four"),
        ("remind me at half passed five", "remind me at half past five"),
        ("what thyme is it", "what time is it"),
        ("fix the brake cables", "fix the brake cables"),
    ],
)
def test_more_words_heard_wrong(heard: str, meant: str) -> None:
    assert rehear(heard) == meant


def test_steps_said_with_by_and_in_two() -> None:
    # "into by" and "in two" before steps were read as "into buy" and "into" in this session,
    # and taken back: the steps said that way carried other misheard words ("bag the close",
    # "the step latter"), 5 wrong changes for 6 lines run as meant on the read dev sets. Read
    # again in the session of 2026-11-29 15:28 (only with no other "by" after; "right the tag"
    # heard as "write"; a step holding a second verb or a statement doubted by the vetting):
    # of 17 such lines among 11,640 read, 11 right, 2 doubted, 4 left to the model
    command = parse_after(
        "split fix the gate in two by a washer and turn off the stop cock", CONTEXT
    )
    assert command.is_complete
    assert [(action.type, action.params) for action in command.actions] == [
        (
            "task.add_subtasks",
            {"task": "fix the gate", "titles": ["buy a washer", "turn off the stopcock"]},
        )
    ]
    # "the step latter" and another "by" to come: the model's
    said = "split fix the gate in two get the step latter and by gloves"
    assert not parse_after(said, CONTEXT).is_complete
