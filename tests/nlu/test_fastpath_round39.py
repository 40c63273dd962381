"""Fast-path readings of the session of 2026-11-30 07:46: "create a task, call it ..." and
"add a task called X under Y"; a list made and named again in the same sentence ("start a
project called allotment and put X in the allotment"); "put X on the Y list as high priority";
"I need a task for Kit to ..."; "and add a note: ..."; "sorry, I meant Lakshmi, not Ciara"; a
task said by its deed where its noun names two ("the boat booking"); "X, can we say Friday for
those?"; steps said as bare "-ing"s ("the fridge needs defrosting, emptying and wiping down");
a meeting "at the café on the corner"; "Sky's out there now" beside a start; and misheard
"to marrow", "rowingclub do the ninth", "im dunn with", "flours", "kiera" for Ciara."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from services.nlu import ParseContext
from services.nlu.commands import Action
from services.nlu.hearing import rehear
from services.nlu.sounds import heard_names, person_heard_as
from tests.nlu.fastpath_support import is_left_to_the_llm, parse_after, read_after

LONDON = ZoneInfo("Europe/London")
CONTEXT = ParseContext(
    now=datetime(2047, 6, 12, 10, 30, tzinfo=LONDON),  # a Wednesday morning
    people=("Grandpa Lou", "Keira Nolan", "Ciara Boyle", "Dariusz", "Sky"),
    projects=("porch rebuild", "sailing club", "jubilee", "pear trees"),
    tasks=(
        "fit the porch door",
        "book the sailing dinghy",
        "renew the dinghy licence",
        "send the jubilee invites",
        "prune the pear trees",
        "clean the freezer",
    ),
    last={"task": "clean the freezer"},
)


def test_a_task_asked_for_then_named() -> None:
    assert read_after("make a task, call it order the bunting, for the jubilee", CONTEXT) == [
        ("task.create", {"title": "order the bunting", "project": "jubilee"})
    ]
    assert read_after("add a job called buy screws under fit the porch door", CONTEXT) == [
        ("task.create", {"title": "buy screws", "parent": "fit the porch door"})
    ]


def test_a_list_made_and_named_again_in_the_same_sentence() -> None:
    said = "start a new project called vegetable beds and put dig the trench in the vegetable beds"
    assert read_after(said, CONTEXT) == [
        ("project.create", {"name": "vegetable beds"}),
        ("task.create", {"title": "dig the trench", "project": {"result_of": 0}}),
    ]
    assert read_after(
        "new project called car boot, then put price toys on the car boot list as high priority",
        CONTEXT,
    ) == [
        ("project.create", {"name": "car boot"}),
        (
            "task.create",
            {"title": "price toys", "project": {"result_of": 0}, "priority": "high"},
        ),
    ]


def test_a_new_task_for_someone_and_its_note() -> None:
    said = "I need a task for Dariusz to collect the flags on Friday, and add a note: two boxes"
    assert read_after(said, CONTEXT) == [
        (
            "task.create",
            {
                "assignee": "Dariusz",
                "title": "collect the flags",
                "due": "Friday",
                "notes": "two boxes",
            },
        )
    ]


def test_the_person_meant_said_before_the_one_not_meant() -> None:
    given = Action("task.assign", {"task": "porch door", "assignee": "Dariusz"})
    assert read_after("sorry, I meant Sky, not Dariusz", CONTEXT, given) == [
        ("task.assign", {"task": {"context": "task"}, "assignee": "Sky"})
    ]
    # "not Keira" of a task given to Dariusz: which is meant is unclear
    assert is_left_to_the_llm("sorry, I meant Sky, not Keira", replace(CONTEXT, previous=given))


def test_a_task_said_by_its_deed_where_its_noun_names_two() -> None:
    assert read_after("cancel the dinghy booking, the regatta's off", CONTEXT) == [
        ("task.cancel", {"task": "book the sailing dinghy"})
    ]


def test_a_deadline_for_the_task_said_first() -> None:
    assert read_after("porch door, can we say a week on Friday for that?", CONTEXT) == [
        ("task.set_due", {"task": "porch door", "due": "a week on Friday"})
    ]


def test_steps_said_as_bare_doings() -> None:
    assert read_after("the freezer needs emptying, scrubbing and drying out", CONTEXT) == [
        (
            "task.add_subtasks",
            {"task": "freezer", "titles": ["emptying", "scrubbing", "drying out"]},
        )
    ]
    # one doing alone is no list of steps
    assert is_left_to_the_llm("the freezer needs emptying", CONTEXT)


def test_a_meeting_place_on_a_corner() -> None:
    said = "set up a catch-up with Grandpa Lou on Saturday at 11 at the bakery on the corner"
    assert read_after(said, CONTEXT) == [
        (
            "meeting.schedule",
            {
                "attendees": ["Grandpa Lou"],
                "when": "Saturday at 11",
                "location": "bakery on the corner",
            },
        )
    ]


def test_someone_at_it_beside_a_start() -> None:
    assert read_after("put the pear trees as started, Sky's out there now", CONTEXT) == [
        ("task.start", {"task": "pear trees"})
    ]


def test_misheard_words() -> None:
    assert (
        rehear("remind me to post it to marrow morning") == "remind me to post it tomorrow morning"
    )
    assert rehear("grow a marrow to marrow show") == "grow a marrow to marrow show"
    assert rehear("im dunn with the porch door") == "i'm done with the porch door"
    assert rehear("order the flours for the jubilee") == "order the flowers for the jubilee"
    assert read_after("add buy rope to sailingclub do the ninth", CONTEXT) == [
        ("task.create", {"title": "buy rope", "project": "sailing club", "due": "the ninth"})
    ]


def test_a_short_name_heard_with_a_vowel_said_as_two() -> None:
    assert person_heard_as("kiara", ("Grandpa Lou", "Ciara Boyle", "Dariusz")) == "Ciara Boyle"
    assert person_heard_as("key era", ("Grandpa Lou", "Ciara Boyle", "Dariusz")) == "Ciara Boyle"
    # two people said alike that way: which is meant is not told
    assert person_heard_as("kiera", ("Ciara Boyle", "Kira Shaw")) is None
    # a joined list name keeps the word after it
    assert heard_names("add rope to sailingclub do the ninth", CONTEXT) == (
        "add rope to sailingclub do the ninth"
    )


def test_a_false_start_broken_off_and_said_again() -> None:
    said = (
        "can we get the, actually just put a meeting in with Sky on Friday at ten about the flags"
    )
    assert read_after(said, CONTEXT) == [
        (
            "meeting.schedule",
            {"attendees": ["Sky"], "when": "Friday at ten", "title": "flags"},
        )
    ]
    # what is said again must be a whole request of its own: "bread" alone is the model's
    assert is_left_to_the_llm("add milk to the, actually no, bread", CONTEXT)


def test_another_new_task_on_a_list_and_whose_it_is() -> None:
    said = (
        "add a task to phone the glazier, due Monday, and another one on the pear trees list"
        " to buy stakes, that's for Sky"
    )
    assert read_after(said, CONTEXT) == [
        ("task.create", {"title": "phone the glazier", "due": "Monday"}),
        ("task.create", {"project": "pear trees", "title": "buy stakes", "assignee": "Sky"}),
    ]


def test_a_meeting_said_with_its_length_first() -> None:
    assert read_after("put a twenty-minute meeting in with Sky on Monday at nine", CONTEXT) == [
        (
            "meeting.schedule",
            {"duration": "twenty-minute", "attendees": ["Sky"], "when": "Monday at nine"},
        )
    ]


def test_an_hour_said_alone_after_a_day() -> None:
    said = (
        "Sky needs to collect the chairs tomorrow afternoon, put that down as a task for her,"
        " around three"
    )
    assert read_after(said, CONTEXT) == [
        (
            "task.create",
            {
                "assignee": "Sky",
                "title": "collect the chairs",
                "due": "tomorrow afternoon at three",
            },
        )
    ]


def test_a_known_list_said_alone_first_then_a_new_task_by_its_title() -> None:
    assert read_after("sailing club, order new life jackets, low priority", CONTEXT) == [
        (
            "task.create",
            {"title": "order new life jackets", "project": "sailing club", "priority": "low"},
        )
    ]
    assert read_after("and on the jubilee list put hire a gazebo, for Dariusz", CONTEXT) == [
        ("task.create", {"title": "hire a gazebo", "project": "jubilee", "assignee": "Dariusz"})
    ]


def test_a_remark_after_a_reminder_and_a_wait_after_a_new_task_are_the_models() -> None:
    assert is_left_to_the_llm(
        "nudge me in ten minutes to get the washing in, looks like rain", CONTEXT
    )
    said = (
        "make a task for Sky to sand the deck, and another one for me to oil it once she's"
        " done that"
    )
    assert is_left_to_the_llm(said, CONTEXT)


def test_not_her_a_reason_then_who() -> None:
    given = Action("task.assign", {"task": "porch door", "assignee": {"context": "person"}})
    said = "no wait, not her, Dariusz is nearer the shop, give it to Dariusz"
    assert read_after(said, CONTEXT, given) == [
        ("task.assign", {"task": {"context": "task"}, "assignee": "Dariusz"})
    ]


def test_questions_about_what_is_done() -> None:
    assert read_after("what's marked as done?", CONTEXT) == [("query.tasks", {"filter": "done"})]
    said = "is there anything on the jubilee list that's already finished?"
    assert read_after(said, CONTEXT) == [("query.tasks", {"filter": "done", "project": "jubilee"})]


def test_more_misheard_words() -> None:
    assert rehear("tell grandpa lou were running late") == "tell grandpa lou we're running late"
    assert rehear("tell Sky the kids were late") == "tell Sky the kids were late"
    assert rehear("give me a sum marry of the week") == "give me a summary of the week"
    jakub = ("Jakub Nowak", "Sky")
    assert person_heard_as("yacob", jakub) == "Jakub Nowak"


def test_undo_then_the_task_it_was() -> None:
    ticked = Action("task.complete", {"task": "pear trees"})
    said = "hang on, undo that, it was the invites I finished, not the pear trees"
    assert read_after(said, CONTEXT, ticked) == [
        ("undo", {}),
        ("task.complete", {"task": "invites"}),
    ]


def test_a_new_timer_said_in_the_first_person_is_no_remark() -> None:
    said = "cancel the tea timer, I'll do a four minute one for the eggs instead"
    assert is_left_to_the_llm(said, CONTEXT)


def test_why_an_undo_is_said_after_it() -> None:
    assert read_after("oh no, undo that, the freezer can wait", CONTEXT) == [("undo", {})]


def test_a_step_just_made_named_by_its_bit() -> None:
    said = (
        "split the jubilee invites into design, print and deliver, and put Sky on the deliver bit"
    )
    assert read_after(said, CONTEXT) == [
        (
            "task.add_subtasks",
            {"task": "jubilee invites", "titles": ["design", "print", "deliver"]},
        ),
        ("task.assign", {"assignee": "Sky", "task": "deliver"}),
    ]
    assert parse_after(said, CONTEXT).actions[1].depends_on == (0,)


def test_them_of_a_message_just_said() -> None:
    said = "tell Sky the flags are at the hall, and remind me tomorrow at nine to collect them"
    assert read_after(said, CONTEXT) == [
        ("message.send", {"to": "Sky", "text": "the flags are at the hall"}),
        ("reminder.create", {"when": "tomorrow at nine", "text": "collect the flags"}),
    ]


def test_the_person_or_priority_of_what_was_just_said_put_right() -> None:
    made = Action("task.create", {"title": "fix the gate", "assignee": "Dariusz"})
    assert read_after("sorry, not Dariusz, Sky", CONTEXT, made) == [
        ("task.assign", {"task": {"context": "task"}, "assignee": "Sky"})
    ]
    urgent = Action("task.set_priority", {"task": "porch door", "priority": "urgent"})
    assert read_after("no, sorry, high, not urgent", CONTEXT, urgent) == [
        ("task.set_priority", {"task": {"context": "task"}, "priority": "high"})
    ]
    assert is_left_to_the_llm("no, sorry, high, not low", replace(CONTEXT, previous=urgent))
    # a day put right is no one heard as it ("Friday" / Farid)
    farid = replace(CONTEXT, people=(*CONTEXT.people, "Farid"))
    given = Action("task.assign", {"task": "porch door", "assignee": "Sky"})
    assert is_left_to_the_llm(
        "actually make that Friday, she's busy Thursday", replace(farid, previous=given)
    )


def test_names_said_as_their_speakers_say_them() -> None:
    people = ("Milosz", "Kacper Nowak", "Eilis Ward", "Rukhsana")
    assert person_heard_as("me wash", people) == "Milosz"
    assert person_heard_as("rook sauna", people) == "Rukhsana"
    assert person_heard_as("cats pear", people) == "Kacper Nowak"
    assert rehear("new project called darts tour nament") == "new project called darts tournament"


def test_a_group_said_before_the_people_in_it() -> None:
    said = "book a meeting with the sailing lot, Sky, Dariusz and Keira, Thursday at half seven"
    assert read_after(said, CONTEXT) == [
        (
            "meeting.schedule",
            {"attendees": ["Sky", "Dariusz", "Keira Nolan"], "when": "Thursday at half seven"},
        )
    ]
    # a group alone is no one the store knows
    assert is_left_to_the_llm("book a meeting with the sailing lot on Thursday at seven", CONTEXT)


def test_whom_a_task_is_for_when_it_is_given_to_someone_else() -> None:
    said = "add a task to get new flags for Grandpa Lou, give it to Dariusz"
    assert read_after(said, CONTEXT) == [
        ("task.create", {"title": "get new flags for Grandpa Lou", "assignee": "Dariusz"})
    ]


def test_a_wait_said_inside_a_new_title_is_the_models() -> None:
    said = "Sky's got to count the chairs before the jubilee hall gets booked, add that for her"
    assert is_left_to_the_llm(said, CONTEXT)


def test_a_task_said_done_with_when() -> None:
    said = "sent the jubilee invites this morning, so you can tick that off"
    assert read_after(said, CONTEXT) == [("task.complete", {"task": "jubilee invites"})]


def test_an_article_and_a_word_are_seldom_a_person() -> None:
    dawid = replace(CONTEXT, people=(*CONTEXT.people, "Dawid"))
    assert heard_names("scrub the lid and replace the seal", dawid) == (
        "scrub the lid and replace the seal"
    )


def test_still_more_misheard_words() -> None:
    assert rehear("add a task to by milk and bred") == "add a task to buy milk and bread"
    assert rehear("tell Sky the hall is booked for the forth") == (
        "tell Sky the hall is booked for the fourth"
    )
    assert rehear("sand the skirting bored") == "sand the skirting boards"
    assert rehear("what sky working on") == "what's sky working on"
    people = ("Sorcha Ryan", "Ngozi", "Sky")
    assert person_heard_as("sore car ryan", people) == "Sorcha Ryan"
