"""Fast-path readings of the session of 2026-12-01 05:06: "both of those go on the X list" and
"both of them are mine" after two new tasks; "have P do it by Friday" after a new task (its
steps' list ends before it); of two new tasks, "the second can't be <done> till the first is
<done>" said with words of their titles; who said a task waits ("Magnus says ...") is no part
of its name; "Sanding comes first." at a sentence's start; a word that sounds exactly as a
one-word list is spelt ("the seller": the cellar); "dew" for "due"; "a massage saying"; "how
many task / to-dos does P have" said as a count."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from services.nlu import ParseContext
from tests.nlu.fastpath_support import PARSER, complete_actions, is_left_to_the_llm, one

LONDON = ZoneInfo("Europe/London")
CONTEXT = ParseContext(
    now=datetime(2064, 3, 12, 10, 40, tzinfo=LONDON),  # a Wednesday morning
    people=("Aunt Hester", "Kofi", "Ingrid Lowe", "Magnus", "Father Pell"),
    projects=("allotment", "barn dance", "loft"),
    tasks=(
        "board the loft",
        "book the barn dance hall",
        "send the barn dance invites",
        "clear the allotment shed",
    ),
)
# of two new tasks, the second waits for the first
SECOND_WAITS_FOR_FIRST = one(
    "task.add_dependency", task={"result_of": 1}, blocker={"result_of": 0}, depends_on=[0, 1]
)


def test_both_of_those_go_on_a_list_is_where_the_two_new_tasks_go() -> None:
    assert complete_actions(
        "add fix the cold frame, add buy canes, and both of those go on the allotment list",
        CONTEXT,
    ) == [
        one("task.create", title="fix the cold frame", project="allotment"),
        one("task.create", title="buy canes", project="allotment"),
    ]


def test_both_of_them_are_mine_gives_the_two_new_tasks_to_the_speaker() -> None:
    assert complete_actions(
        "add wash the van for Friday and sweep the yard for Saturday, both of them are mine",
        CONTEXT,
    ) == [
        one("task.create", title="wash the van", due="Friday", assignee="me"),
        one("task.create", title="sweep the yard", due="Saturday", assignee="me"),
    ]


def test_both_of_those_never_opens_a_new_task() -> None:
    # ("both of those go in the porch" is no task called "both of those go")
    command = PARSER.parse("add buy canes and both of those go in the porch", CONTEXT)
    assert all(not a.params.get("title", "").startswith("both") for a in command.actions)


def test_have_someone_do_it_is_who_does_the_new_task() -> None:
    assert complete_actions(
        "add clear the gutters and have Kofi do it by the end of the month", CONTEXT
    ) == [
        one("task.create", title="clear the gutters", assignee="Kofi", due="the end of the month")
    ]
    assert complete_actions(
        "add tidy the garage, split it into sort the paint, sweep up and take the bottles to the"
        " tip, and have Kofi do it by Friday",
        CONTEXT,
    ) == [
        one("task.create", title="tidy the garage", assignee="Kofi", due="Friday"),
        one(
            "task.add_subtasks",
            task={"result_of": 0},
            titles=["sort the paint", "sweep up", "take the bottles to the tip"],
            depends_on=[0],
        ),
    ]
    # someone the store does not know: no task called "have Priya do it"
    assert is_left_to_the_llm("add clear the gutters, have Priya do it", CONTEXT)


@pytest.mark.parametrize(
    ("said", "first", "second"),
    [
        (
            "add buy varnish and varnish the bench, and the bench can't be varnished till the"
            " varnish is bought, obviously",
            "buy varnish",
            "varnish the bench",
        ),
        (
            "add a task to book the scout hut and another one to send the flyers, and the"
            " flyers can't go out until the hut's booked",
            "book the scout hut",
            "send the flyers",
        ),
        (
            "add mow the lawn and rake the leaves, and obviously the leaves wait for the lawn",
            "mow the lawn",
            "rake the leaves",
        ),
    ],
)
def test_of_two_new_tasks_one_said_to_wait_for_the_other_in_their_own_words(
    said: str, first: str, second: str
) -> None:
    assert complete_actions(said, CONTEXT) == [
        one("task.create", title=first),
        one("task.create", title=second),
        SECOND_WAITS_FOR_FIRST,
    ]


def test_such_a_wait_with_no_new_tasks_names_nothing_new() -> None:
    # (no task was made: "the mower" waiting on a thing the store does not have is not read
    # as a wait between new tasks)
    command = PARSER.parse("the loft can't be boarded till the ladder's mended", CONTEXT)
    assert all(not isinstance(a.params.get("blocker"), dict) for a in command.actions)
    # said first and asked for after: the new task is what it waits for
    assert complete_actions(
        "The barn dance invites can't go out till the caller's confirmed, so add confirm the"
        " caller and make the invites wait on it",
        CONTEXT,
    ) == [
        one("task.create", title="confirm the caller"),
        one(
            "task.add_dependency",
            task="invites",
            blocker={"result_of": 0},
            depends_on=[0],
        ),
    ]


def test_who_said_it_is_no_part_of_the_waiting_task() -> None:
    command = PARSER.parse(
        "Magnus says the loft can't be boarded until the allotment shed's cleared", CONTEXT
    )
    assert all("Magnus" not in str(a.params.get("task")) for a in command.actions)


def test_a_doing_capitalised_at_a_sentence_start_is_no_name() -> None:
    # (a recogniser capitalises the first word of a sentence: "Sanding" is a doing)
    assert complete_actions(
        "Add varnish the door and sand the door. Sanding comes first.", CONTEXT
    ) == [
        one("task.create", title="varnish the door"),
        one("task.create", title="sand the door"),
        one(
            "task.add_dependency",
            task={"result_of": 0},
            blocker={"result_of": 1},
            depends_on=[0, 1],
        ),
    ]
    # someone the store knows by such a name stays a person, never a task that waits
    known = ParseContext(
        now=CONTEXT.now,
        people=(*CONTEXT.people, "Jo Fielding"),
        projects=CONTEXT.projects,
        tasks=CONTEXT.tasks,
    )
    command = PARSER.parse("Fielding can't start until the barn dance hall's booked", known)
    assert all(a.params.get("task") != "Fielding" for a in command.actions)


def test_a_word_that_sounds_exactly_as_a_list_is_that_list() -> None:
    # (a recogniser's homophone of a one-word list the store has: "seller" for the cellar)
    cellar = ParseContext(
        now=CONTEXT.now,
        people=CONTEXT.people,
        projects=("cellar", "barn dance"),
        tasks=("whitewash the cellar", "book the barn dance hall"),
    )
    assert complete_actions("add a task to sweep the seller on Sunday", cellar) == [
        one("task.create", title="sweep the cellar", due="Sunday")
    ]
    # (with no such list, the word stays as said)
    assert complete_actions("add a task to phone the seller on Sunday", CONTEXT) == [
        one("task.create", title="phone the seller", due="Sunday")
    ]


def test_dew_heard_for_due() -> None:
    assert complete_actions(
        "change the dew date for the barn dance invites to the thirtieth", CONTEXT
    ) == [one("task.set_due", task="barn dance invites", due="the thirtieth")]
    assert complete_actions("at fix the stile to the allotment list dew next friday", CONTEXT) == [
        one("task.create", title="fix the stile", project="allotment", due="next friday")
    ]


def test_a_massage_saying_is_a_message() -> None:
    assert complete_actions("send aunt hester a massage saying the tea's ready", CONTEXT) == [
        one("message.send", to="Aunt Hester", text="the tea's ready")
    ]


def test_how_many_task_or_to_dos_someone_has_is_a_count() -> None:
    assert complete_actions("how many task does Kofi have", CONTEXT) == [
        one("query.count", assignee="Kofi")
    ]
    assert complete_actions("how many to-dos has Magnus got", CONTEXT) == [
        one("query.count", assignee="Magnus")
    ]
