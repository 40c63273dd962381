"""``fastpath.split_clauses`` rules out a run of segments whose best total cannot beat a cut
found already, unread; the cut is the one found with every run read (``RULE_OUT_RUNS`` off),
on the dev sets' utterances and on made-up readings of every run."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.parser_eval import load_devset
from services.nlu import ParseContext, fastpath
from services.nlu.fastpath import Clause, split_clauses
from services.nlu.pieces import Piece

DATA = Path(__file__).resolve().parents[1] / "data"


def cuts(text: str, context: ParseContext) -> list[Clause]:
    return split_clauses(text, context)


def test_the_dev_sets_are_cut_as_with_every_run_read(monkeypatch: pytest.MonkeyPatch) -> None:
    examples = [
        example
        for name in ("devset_llm.jsonl", "devset_natural.jsonl")
        for example in load_devset(DATA / name).examples
    ]
    read: list[str] = []
    parse_clause = fastpath.parse_clause

    def counted(text: str, *args: object) -> Clause:
        read.append(text)
        return parse_clause(text, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(fastpath, "parse_clause", counted)
    found = [cuts(example.text, example.context) for example in examples]
    ruled_out = len(read)
    monkeypatch.setattr(fastpath, "RULE_OUT_RUNS", False)
    read.clear()
    assert found == [cuts(example.text, example.context) for example in examples]
    assert ruled_out < len(read)  # runs were left unread


def _made_up(seed: int, shares: int) -> Callable[..., Clause]:
    """A reading of any run: understood or not, as a hash of the run and ``seed`` says (one
    in ``shares`` not understood), so the totals tie and differ every way they can."""

    def parse_clause(text: str, *args: object) -> Clause:
        digest = hashlib.sha256(f"{seed}:{text}".encode()).digest()
        if digest[0] % shares == 0:
            return Clause(text, None)
        return Clause(text, (Piece("task.create", {"title": text}),), "add_task")

    return parse_clause


@settings(max_examples=200, deadline=None)
@given(
    segments=st.integers(1, 9),
    seed=st.integers(0, 10_000),
    shares=st.integers(1, 4),
)
def test_any_readings_are_cut_as_with_every_run_read(segments: int, seed: int, shares: int) -> None:
    rng = random.Random(seed)
    words = ("milk", "eggs", "the gate", "fix the fence now", "a", "call Sam about it")
    text = ", ".join(rng.choice(words) for _ in range(segments))
    context = ParseContext(now=datetime(2026, 11, 18, 10, tzinfo=UTC))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fastpath, "parse_clause", _made_up(seed, shares))
        found = cuts(text, context)
        patch.setattr(fastpath, "RULE_OUT_RUNS", False)
        assert found == cuts(text, context)


def test_a_cut_again_without_a_leading_reason_reads_no_run_twice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """When the cut that takes a reason said first fails ``_leading_reason``, the text is cut
    again without one from the runs read already: the same cut as reading them afresh."""
    context = ParseContext(
        now=datetime(2026, 11, 18, 10, tzinfo=UTC),
        people=("Mum",),
        tasks=("book the caterer", "order the cake"),
    )
    text = "we're not bothering with a caterer any more, Mum's cooking, so scrap that one"
    afresh = fastpath.split_clauses(text, context, may_lead=False)
    read: list[str] = []
    parse_clause = fastpath.parse_clause

    def counted(run: str, *args: object) -> Clause:
        read.append(run)
        return parse_clause(run, *args)  # type: ignore[arg-type]

    again: list[bool] = []
    split = fastpath.split_clauses

    def split_again(*args: object, **kwargs: object) -> list[Clause]:
        again.append(kwargs.get("may_lead", True) is False)
        return split(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(fastpath, "parse_clause", counted)
    monkeypatch.setattr(fastpath, "split_clauses", split_again)
    assert fastpath.split_clauses(text, context) == afresh
    assert again == [False, True]  # cut again without the reason
    assert read and len(read) == len(set(read))
