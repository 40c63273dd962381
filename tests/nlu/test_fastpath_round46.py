"""Fast-path readings of the session of 2026-12-01 02:05: "add one more, ..." counts, it names
no task; "remind me at nine to actually do it" is the task just made; a person said and put
right at once ("to Zofia, no, Bronwen"); a new task's note that says something of a person;
someone "can" do a task said with its own verb; "X can't <task> until <task> is done"; "the
shed one, give her that"; what the speaker still has to do, counted; whose a task still is;
"on there" after a question about a list; "and <another thing to do> too"; a new task said of
one of several made ("the trailer one's for ..."); "remind her about that" after a message."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from services.nlu import ParseContext
from services.nlu.commands import Action
from services.nlu.hearing import rehear
from tests.nlu.fastpath_support import complete_actions, is_left_to_the_llm, one, parse_after

LONDON = ZoneInfo("Europe/London")
CONTEXT = ParseContext(
    now=datetime(2063, 5, 9, 15, 10, tzinfo=LONDON),  # a Wednesday afternoon
    people=("Uncle Bram", "Zofia", "Bronwen Price", "Tariq", "Deacon Mills"),
    projects=("boat shed", "quiz night", "hen party"),
    tasks=(
        "tar the boat shed roof",
        "book the quiz night hall",
        "send the hen party invites",
        "clear the side return",
    ),
)


def test_one_more_said_before_a_new_task_names_no_task() -> None:
    assert complete_actions(
        "oh, add one more, um, print the answer sheets, on the quiz night list", CONTEXT
    ) == [one("task.create", title="print the answer sheets", project="quiz night")]
    assert complete_actions("add another, buy raffle tickets, to the quiz night list", CONTEXT) == [
        one("task.create", title="buy raffle tickets", project="quiz night"),
    ]
    # ("add another to the quiz night list" says no task: the model's to read)
    assert is_left_to_the_llm("add another to the quiz night list", CONTEXT)


def test_remind_me_to_actually_do_it_is_of_the_task_just_made() -> None:
    assert complete_actions(
        "add a task, ring the chandlery, due Friday, plus remind me at ten to actually do it",
        CONTEXT,
    ) == [
        one("task.create", title="ring the chandlery", due="Friday"),
        one(
            "reminder.create",
            text="ring the chandlery",
            task={"result_of": 0},
            when="at ten",
            depends_on=[0],
        ),
    ]
    assert is_left_to_the_llm("remind me at ten to do it", CONTEXT)


def test_a_person_put_right_at_once() -> None:
    assert complete_actions("give the side return to Zofia, no, Bronwen", CONTEXT) == [
        one("task.assign", task="side return", assignee="Bronwen Price"),
    ]
    # (someone the store does not know is not put in: the model's to read)
    assert is_left_to_the_llm("give the side return to Zofia, no, Gwilym", CONTEXT)


def test_a_note_saying_something_of_a_person_is_the_new_tasks_note() -> None:
    assert complete_actions(
        "add hire a karaoke machine to the hen party list and note that Tariq knows a supplier",
        CONTEXT,
    ) == [
        one(
            "task.create",
            title="hire a karaoke machine",
            project="hen party",
            notes="Tariq knows a supplier",
        ),
    ]
    # what someone else wants by a day is noted, the day with it
    assert complete_actions(
        "add book a coach to the hen party list, and add a note saying the firm wants a deposit "
        "by the ninth",
        CONTEXT,
    ) == [
        one(
            "task.create",
            title="book a coach",
            project="hen party",
            notes="the firm wants a deposit by the ninth",
        ),
    ]


def test_someone_can_do_a_task_said_with_its_own_verb() -> None:
    assert complete_actions("Tariq can book the quiz night hall", CONTEXT) == [
        one("task.assign", assignee="Tariq", task="book the quiz night hall"),
    ]
    assert complete_actions("Zofia will tar the boat shed roof by Saturday", CONTEXT) == [
        one("task.assign", assignee="Zofia", task="tar the boat shed roof"),
        one("task.set_due", task="tar the boat shed roof", due="Saturday"),
    ]


def test_someone_cannot_do_one_task_until_another_is_done() -> None:
    assert complete_actions(
        "Tariq can't book the quiz night hall until the hen party invites have gone out", CONTEXT
    ) == [one("task.add_dependency", task="book the quiz night hall", blocker="hen party invites")]


def test_the_task_said_first_then_given() -> None:
    previous = Action("task.assign", {"task": "side return", "assignee": "Zofia"})
    command = parse_after("and the boat shed one, give her that too", CONTEXT, previous)
    assert command.is_complete
    assert [a.to_dict() for a in command.actions] == [
        one("task.assign", task="boat shed", assignee={"context": "person"}),
    ]


def test_how_many_the_speaker_still_has_to_do_on_a_list() -> None:
    assert complete_actions("how many jobs do I still have to do for the hen party?", CONTEXT) == [
        one("query.count", assignee="me", project="hen party"),
    ]


def test_whether_a_task_is_still_with_someone_is_a_question() -> None:
    assert complete_actions("is tar the boat shed roof still with Uncle Bram?", CONTEXT) == [
        one("query.tasks", assignee="Uncle Bram"),
    ]


def test_on_there_after_a_question_about_a_list_is_that_list() -> None:
    previous = Action("query.tasks", {"project": "quiz night"})
    command = parse_after("okay, stick print the picture round on there as well", CONTEXT, previous)
    assert command.is_complete
    assert [a.to_dict() for a in command.actions] == [
        one("task.create", title="print the picture round", project="quiz night"),
    ]


def test_another_thing_to_do_said_with_too_after_a_new_task() -> None:
    assert complete_actions(
        "put buy sashes on the hen party list, and hire a limo too", CONTEXT
    ) == [
        one("task.create", title="buy sashes", project="hen party"),
        one("task.create", title="hire a limo", project="hen party"),
    ]
    assert complete_actions(
        "add collect the trophies for Friday and clean the trophies for Saturday", CONTEXT
    ) == [
        one("task.create", title="collect the trophies", due="Friday"),
        one("task.create", title="clean the trophies", due="Saturday"),
    ]
    # a task the store has, done too, is no new task
    assert complete_actions("mark the side return as done, and the boat shed one too", CONTEXT) == [
        one("task.complete", task="side return"),
        one("task.complete", task="boat shed"),
    ]


def test_one_of_several_new_tasks_said_by_a_word_inside_it() -> None:
    assert complete_actions(
        "add three things to the boat shed list: new oars, fix the trailer lights, renew the "
        "mooring, oh and the trailer one's for Tariq",
        CONTEXT,
    ) == [
        one("task.create", title="new oars", project="boat shed"),
        one("task.create", title="fix the trailer lights", project="boat shed", assignee="Tariq"),
        one("task.create", title="renew the mooring", project="boat shed"),
    ]


def test_someone_has_done_a_task_said_with_its_own_verb() -> None:
    assert complete_actions(
        "Deacon Mills has sent the hen party invites, so tick that off", CONTEXT
    ) == [one("task.complete", task="hen party invites")]


def test_a_new_one_put_on_someone() -> None:
    assert complete_actions("put a new one on Zofia, sort out the prizes", CONTEXT) == [
        one("task.create", assignee="Zofia", title="sort out the prizes"),
    ]


def test_remind_her_about_that_after_a_message_is_what_it_asked() -> None:
    previous = Action("message.send", {"to": {"context": "person"}, "text": "bring the buzzers"})
    command = parse_after("oh, and remind her about that on Friday at eight", CONTEXT, previous)
    assert command.is_complete
    assert [a.to_dict() for a in command.actions] == [
        one(
            "reminder.create",
            text="bring the buzzers",
            person={"context": "person"},
            when="Friday at eight",
        ),
    ]


def test_too_heard_for_to_before_a_new_name() -> None:
    assert complete_actions(
        "re name tar the boat shed roof too tar and felt the boat shed roof", CONTEXT
    ) == [
        one("task.rename", task="tar the boat shed roof", title="tar and felt the boat shed roof")
    ]


def test_why_a_task_is_cancelled_said_after_it() -> None:
    assert complete_actions(
        "cancel the quiz night hall task, we're meeting at Tariq's instead", CONTEXT
    ) == [one("task.cancel", task="quiz night hall")]
    assert is_left_to_the_llm("we're meeting at Tariq's instead", CONTEXT)


def test_of_two_new_tasks_the_one_said_to_come_first() -> None:
    assert complete_actions(
        "add paint the hull and sand the hull, and sanding comes first", CONTEXT
    ) == [
        one("task.create", title="paint the hull"),
        one("task.create", title="sand the hull"),
        one(
            "task.add_dependency",
            blocker={"result_of": 1},
            task={"result_of": 0},
            depends_on=[0, 1],
        ),
    ]
    # with one new task, which waits is the model's to read
    assert is_left_to_the_llm("add paint the hull, and sanding comes first", CONTEXT)


def test_steps_said_after_a_whole_task_with_no_mark_between() -> None:
    assert complete_actions(
        "add sub tasks to clear the side return buy sacks and book a skip", CONTEXT
    ) == [
        one("task.add_subtasks", task="clear the side return", titles=["buy sacks", "book a skip"]),
    ]
    # a part of the task's name ("the side"), steps that open on no verb, or two steps run
    # together: where the task ends or a step ends is the model's to read
    assert is_left_to_the_llm("add sub tasks to the boat shed buy tar and book a ladder", CONTEXT)
    assert is_left_to_the_llm("add sub tasks to clear the side return sacks and a skip", CONTEXT)
    assert is_left_to_the_llm(
        "add sub tasks to clear the side return buy sacks book a skip and sweep up", CONTEXT
    )


def test_a_possessive_heard_as_is_and_of_heard_as_a() -> None:
    assert complete_actions("give all of tariq is tasks to zofia", CONTEXT) == [
        one("task.reassign_all", source="Tariq", assignee="Zofia"),
    ]
    assert complete_actions("move all a tariq's jobs to zofia", CONTEXT) == [
        one("task.reassign_all", source="Tariq", assignee="Zofia"),
    ]


def test_requests_as_a_recogniser_writes_them() -> None:
    assert complete_actions("great a new project cold regatta", CONTEXT) == [
        one("project.create", name="regatta"),
    ]
    assert complete_actions("creator project called regatta", CONTEXT) == [
        one("project.create", name="regatta"),
    ]
    assert complete_actions("sendamessage to zofia saying the van's here", CONTEXT) == [
        one("message.send", to="Zofia", text="the van's here"),
    ]
    assert complete_actions(
        "mark the side return as done and at a task to d scale the urn", CONTEXT
    ) == [
        one("task.complete", task="side return"),
        one("task.create", title="descale the urn"),
    ]
    assert complete_actions("make the side return do at the end of the month", CONTEXT) == [
        one("task.set_due", task="side return", due="at the end of the month"),
    ]
    assert complete_actions("remind uncle bram two take his tablets at eight", CONTEXT) == [
        one("reminder.create", person="Uncle Bram", text="take his tablets", when="at eight"),
    ]
    assert complete_actions("at to the quiz night list by raffle tickets", CONTEXT) == [
        one("task.create", title="buy raffle tickets", project="quiz night"),
    ]
    # ("and by Friday" stays a deadline)
    assert complete_actions("add buy stamps and by Friday", CONTEXT) == [
        one("task.create", title="buy stamps", due="Friday"),
    ]


def test_of_two_new_tasks_one_waits_for_the_other_said_by_their_doings() -> None:
    made = [one("task.create", title="order the flags"), one("task.create", title="hang the flags")]
    waits = one(
        "task.add_dependency", task={"result_of": 1}, blocker={"result_of": 0}, depends_on=[0, 1]
    )
    for said in (
        "and obviously the hanging waits for the ordering",
        "and the second can't start till the first is done",
    ):
        text = f"add order the flags and hang the flags, {said}"
        assert complete_actions(text, CONTEXT) == [*made, waits], said
    # "obviously" opens no task's name or title
    assert is_left_to_the_llm(
        "add order the flags and hang the flags, and obviously the ordering first", CONTEXT
    )


def test_why_a_change_is_undone_said_before_or_after_it() -> None:
    for said in (
        "oops, no, I haven't done the tarring yet, undo that",
        "no wait, undo that, it's only half done",
        "oh no, wait, Tariq hasn't actually booked it yet. Undo that.",
    ):
        assert complete_actions(said, CONTEXT) == [one("undo")], said


def test_a_deadline_after_a_list_is_no_thing_bought() -> None:
    assert rehear("add milk to my list by the weekend") == "add milk to my list by the weekend"
    assert rehear("add milk to my list by the morning") == "add milk to my list by the morning"
    assert rehear("at to the list by raffle tickets") == "add to the list buy raffle tickets"
    # "there is stuff", "this is things": no possessive heard as "is"
    assert rehear("there is stuff to sort") == "there is stuff to sort"
