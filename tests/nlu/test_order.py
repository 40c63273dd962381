"""A dependency said by the order of two known tasks (services/nlu/order.py)."""

from __future__ import annotations

from datetime import datetime

import pytest

from services.nlu import ParseContext
from services.nlu.fastpath import FastPathParser
from services.nlu.order import dependency_by_order

CONTEXT = ParseContext(
    now=datetime(2027, 4, 24, 10, 15),
    people=("Kit", "Soraya"),
    tasks=(
        "order the tent pegs",
        "print the camp forms",
        "book the minibus",
        "mend the gate latch",
    ),
)


@pytest.mark.parametrize(
    ("said", "waiting", "blocker"),
    [
        ("the camp forms can't go to print till the minibus is booked", "camp forms", "minibus"),
        ("hold off on the tent pegs until the camp forms are done", "tent pegs", "camp forms"),
        ("print the camp forms after booking the minibus", "print the camp forms", "minibus"),
        ("the tent pegs rely on the camp forms", "tent pegs", "camp forms"),
        ("the minibus is holding up the camp forms", "camp forms", "minibus"),
        # "before": the second waits, unless the first is said not to go before
        ("book the minibus before printing the camp forms", "camp forms", "book the minibus"),
        (
            "I need the minibus booked before I print the camp forms",
            "print the camp forms",
            "minibus",
        ),
        (
            "don't print the camp forms before the minibus is sorted",
            "print the camp forms",
            "minibus",
        ),
        (
            "once the minibus is booked I can print the camp forms",
            "print the camp forms",
            "minibus",
        ),
        (
            "first mend the gate latch, then order the tent pegs",
            "order the tent pegs",
            "mend the gate latch",
        ),
        # a remark after it that asks nothing
        (
            "the tent pegs can't be ordered till the gate latch is mended, it's a mess",
            "tent pegs",
            "gate latch",
        ),
    ],
)
def test_the_word_that_orders_two_known_tasks_says_which_waits(
    said: str, waiting: str, blocker: str
) -> None:
    assert dependency_by_order(said, CONTEXT) == (waiting, blocker)


@pytest.mark.parametrize(
    "said",
    [
        "is the minibus before the camp forms",  # a question
        "tell Kit the tent pegs wait for the camp forms",  # a message
        "the tent pegs can wait until Friday",  # a time, one task
        "Kit can't do the tent pegs until the camp forms are done",  # someone named
        "mend the gate latch and order the tent pegs",  # no word orders them
        "the tent pegs wait for the camp forms and the minibus",  # three tasks
        "the tent pegs wait for the camp forms, well, sort of, the list goes on",  # more after
    ],
)
def test_a_clause_that_is_not_just_two_tasks_in_order_is_not_read(said: str) -> None:
    assert dependency_by_order(said, CONTEXT) is None


def test_the_fast_path_reads_it_where_no_phrasing_of_the_grammar_fits() -> None:
    said = "we can't even think about the tent pegs till the minibus is booked"
    command = FastPathParser().parse(said, CONTEXT)
    assert command.is_complete
    assert [(a.type, dict(a.params)) for a in command.actions] == [
        ("task.add_dependency", {"task": "tent pegs", "blocker": "minibus"})
    ]
    # "so the camp forms depend on that": the same dependency said again is made once
    again = (
        "there's no point printing the camp forms before the minibus is sorted, "
        "so the camp forms depend on that"
    )
    read = FastPathParser().parse(again, CONTEXT)
    assert read.is_complete
    assert [(a.type, dict(a.params)) for a in read.actions] == [
        ("task.add_dependency", {"task": "camp forms", "blocker": "minibus"})
    ]
