"""Fast-path readings of the session of 2026-11-30 00:21: "don't let me forget to ... at four"
as a reminder; "close that one off"; "urgent one: ..." as a new urgent task (never an open
one's name); "give me a task to ..."; "ping Sol to say ..."; "..., would you?" and "the end
of the month is fine for it"; a task "blocked till" another is done, and one said to wait for
a task that the same sentence then makes; "before I can" as a wait said first; names heard
with "on" for an open "a" ("on tea pearl") and "Byrne" said "burn"."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from services.nlu import ParseContext
from services.nlu.commands import Action
from services.nlu.llm_vet import respell
from services.nlu.slots import slot_findings
from tests.nlu.fastpath_support import complete_actions, is_left_to_the_llm, one, read_after

LONDON = ZoneInfo("Europe/London")
CONTEXT = ParseContext(
    now=datetime(2043, 2, 10, 10, 15, tzinfo=LONDON),  # a Tuesday morning
    people=("Auntie Rose", "Kemi", "Orla Byrne", "Bartek"),
    projects=("sailing club", "garden room"),
    tasks=("insulate the garden room", "book the dinghy", "order the wedding cake"),
)


def test_dont_let_me_forget_at_a_time_of_day_is_a_reminder() -> None:
    said = "don't let me forget to call Kemi at four"
    assert read_after(said, CONTEXT) == [
        ("reminder.create", {"text": "call Kemi", "when": "at four"})
    ]
    # with a deadline and no hour, a thing to do
    assert read_after("don't let me forget to wash the car by Friday", CONTEXT) == [
        ("task.create", {"title": "wash the car", "due": "Friday"})
    ]


def test_close_that_one_off_finishes_the_task_just_said() -> None:
    said = "The wedding cake's been ordered, so close that one off."
    assert complete_actions(said, CONTEXT) == [one("task.complete", task="wedding cake")]


def test_a_priority_said_first_then_a_new_thing_to_do() -> None:
    assert read_after("High priority one: fix the shed gutter, today please.", CONTEXT) == [
        ("task.create", {"priority": "high", "title": "fix the shed gutter", "due": "today"})
    ]
    # an open task's name after it says which task is urgent: not a new task
    assert is_left_to_the_llm("urgent one, the dinghy", CONTEXT)


def test_give_me_a_task_is_a_task_of_mine() -> None:
    said = "give me a task to varnish the tiller by Sunday"
    assert read_after(said, CONTEXT) == [
        ("task.create", {"assignee": "me", "title": "varnish the tiller", "due": "Sunday"})
    ]


def test_ping_someone_to_say_is_a_message() -> None:
    said = "ping Bartek to say the dinghy's back on the trailer"
    assert read_after(said, CONTEXT) == [
        ("message.send", {"to": "Bartek", "text": "the dinghy's back on the trailer"})
    ]


def test_a_polite_tag_and_a_deadline_said_as_fine() -> None:
    said = "Hand the dinghy to Kemi, would you? And Friday week is fine for it."
    actions = complete_actions(said, CONTEXT)
    assert [a["type"] for a in actions] == ["task.assign", "task.set_due"]
    assert actions[1]["params"] == {"task": {"result_of": 0}, "due": "Friday week"}


def test_a_task_blocked_till_another_is_done() -> None:
    said = "the dinghy's blocked till the garden room is insulated"
    assert read_after(said, CONTEXT) == [
        ("task.add_dependency", {"task": "dinghy", "blocker": "garden room"})
    ]


def test_a_wait_for_a_task_the_same_sentence_then_makes() -> None:
    said = (
        "The dinghy's blocked till the trailer lights are fixed, so add fix the trailer lights "
        "for Bartek."
    )
    assert complete_actions(said, CONTEXT) == [
        one("task.create", title="fix the trailer lights", assignee="Bartek"),
        one("task.add_dependency", [0], task="dinghy", blocker={"result_of": 0}),
    ]


def test_before_i_can_says_the_wait_first() -> None:
    said = (
        "Kemi has to measure the hull before I can book the dinghy, so add measure the hull "
        "for Kemi, and the dinghy waits on that."
    )
    assert complete_actions(said, CONTEXT) == [
        one("task.create", title="measure the hull", assignee="Kemi"),
        one("task.add_dependency", [0], task="dinghy", blocker={"result_of": 0}),
    ]


def test_names_heard_with_on_for_auntie_and_byrne_said_burn() -> None:
    said = "remind me to phone on tea rose tomorrow at six"
    assert read_after(said, CONTEXT) == [
        ("reminder.create", {"text": "phone Auntie Rose", "when": "tomorrow at six"})
    ]
    said = "send a message to or la burn saying the cake is ordered"
    assert read_after(said, CONTEXT) == [
        ("message.send", {"to": "Orla Byrne", "text": "the cake is ordered"})
    ]


def _steps(*titles: str) -> Action:
    return Action("task.add_subtasks", {"task": "book the dinghy", "titles": list(titles)})


def test_a_step_with_its_own_particle_is_no_request() -> None:
    assert slot_findings(_steps("collect the mast", "put it up"), CONTEXT) == []
    assert slot_findings(_steps("collect the mast", "put it up to urgent"), CONTEXT) != []


def test_a_misheard_word_is_mended_only_into_one_name_it_fits() -> None:
    # "insurance" is near "insulate", but no one name holds "club" and "insulate"
    assert respell("the sailing club insurance", CONTEXT) == "the sailing club insurance"


def test_the_last_of_several_new_tasks_said_to_be_mine() -> None:
    said = (
        "Add two things to the sailing club: buy new rope and patch the jib, and that last "
        "one's mine, by Saturday."
    )
    assert complete_actions(said, CONTEXT) == [
        one("task.create", title="buy new rope", project="sailing club"),
        one("task.create", title="patch the jib", project="sailing club", assignee="me",
            due="Saturday"),
    ]  # fmt: skip


def test_an_appointment_said_and_put_in_the_diary_is_a_meeting() -> None:
    said = "I've got an appointment with Kemi about the hull on Friday at 2, put it in the diary."
    assert read_after(said, CONTEXT) == [
        ("meeting.schedule", {"attendees": ["Kemi"], "title": "hull", "when": "Friday at 2"})
    ]
    # a meeting said as what I have on is no request to make one
    assert is_left_to_the_llm("I've got a meeting with Kemi on Friday at two", CONTEXT)


def test_a_question_mark_after_that_one_is_no_part_of_the_task() -> None:
    assert read_after("can you reopen that one?", CONTEXT) == [
        ("task.reopen", {"task": {"context": "task"}})
    ]


def test_more_ways_of_asking_read_this_round() -> None:
    cases = {
        "How many's Kemi got left to do?": [("query.count", {"assignee": "Kemi"})],
        "Put a timer on for the bread, forty minutes.": [
            ("timer.start", {"label": "bread", "duration": "forty minutes"})
        ],
        "How much longer has the bread got?": [("timer.query", {"label": "bread"})],
        "what've I got left this week?": [
            ("query.tasks", {"assignee": "me", "filter": "this_week"})
        ],
        "Remind me to phone the baker two days before the wedding cake's due.": [
            ("reminder.create",
             {"text": "phone the baker", "before": "two days", "task": "wedding cake"})
        ],
        "Drop the dinghy to low priority, it's hardly urgent.": [
            ("task.set_priority", {"task": "dinghy", "priority": "low"})
        ],
        "can you stick on clean the trailer, for me?": [
            ("task.create", {"title": "clean the trailer", "assignee": "me"})
        ],
        "Make a task for Friday at noon, collect the sails.": [
            ("task.create", {"due": "Friday at noon", "title": "collect the sails"})
        ],
        "The dinghy's got to be booked by Thursday.": [
            ("task.set_due", {"task": "dinghy", "due": "Thursday"})
        ],
    }  # fmt: skip
    for said, meant in cases.items():
        assert read_after(said, CONTEXT) == meant, said
    # "put on the kettle" is no task "the kettle"
    assert is_left_to_the_llm("stick on the kettle", CONTEXT)


def test_a_topic_with_a_hyphened_verb_is_one_thing() -> None:
    said = "Set up a meeting about the garden room clear-out with Kemi and Bartek, Friday at two."
    assert read_after(said, CONTEXT) == [
        ("meeting.schedule", {"title": "garden room clear-out", "attendees": ["Kemi", "Bartek"],
                              "when": "Friday at two"})
    ]  # fmt: skip


def test_a_meeting_said_with_its_time_first() -> None:
    said = "Meeting Thursday at six with Kemi and Bartek about the regatta, in the clubhouse."
    assert read_after(said, CONTEXT) == [
        ("meeting.schedule", {"when": "Thursday at six", "attendees": ["Kemi", "Bartek"],
                              "title": "regatta", "location": "clubhouse"})
    ]  # fmt: skip


def test_someone_put_on_a_task_instead_of_another() -> None:
    said = "Can you put Kemi on the dinghy instead of Bartek?"
    assert read_after(said, CONTEXT) == [("task.assign", {"assignee": "Kemi", "task": "dinghy"})]


def test_so_flag_it_after_a_priority_asks_for_it_again() -> None:
    said = "The dinghy's urgent now so flag it, and I'm starting on the wedding cake."
    assert read_after(said, CONTEXT) == [
        ("task.set_priority", {"task": "dinghy", "priority": "urgent"}),
        ("task.start", {"task": "wedding cake"}),
    ]


def test_someone_away_all_week_as_why_a_task_is_mine() -> None:
    said = "Put the dinghy on me, Bartek's away all week."
    assert read_after(said, CONTEXT) == [("task.assign", {"assignee": "me", "task": "dinghy"})]


LINK_CONTEXT = ParseContext(
    now=datetime(2043, 2, 10, 10, 15, tzinfo=LONDON),
    people=("Kemi Adeyemi", "Bartek"),
    projects=("sailing club",),
    tasks=("varnish the hull", "book the slipway"),
)


def test_before_anyone_does_it_someone_has_to_do_another_thing_first() -> None:
    said = (
        "Before anyone varnishes the hull somebody's got to buy sandpaper. Add that, and link "
        "them up."
    )
    assert complete_actions(said, LINK_CONTEXT) == [
        one("task.create", title="buy sandpaper"),
        one("task.add_dependency", [0], task="varnish the hull", blocker={"result_of": 0}),
    ]
    said = (
        "Before anyone books the slipway Bartek needs to check the tides, so add that for him "
        "and put the slipway behind it."
    )
    assert complete_actions(said, LINK_CONTEXT) == [
        one("task.create", title="check the tides", assignee="Bartek"),
        one("task.add_dependency", [0], task="book the slipway", blocker={"result_of": 0}),
    ]


def test_held_up_by_someone_said_by_their_first_name() -> None:
    said = (
        "Booking the slipway's held up by Kemi confirming the date, so add confirm the date as "
        "a task for her and link them up."
    )
    assert complete_actions(said, LINK_CONTEXT) == [
        one("task.create", title="confirm the date", assignee="Kemi Adeyemi"),
        one("task.add_dependency", [0], task="slipway", blocker={"result_of": 0}),
    ]
