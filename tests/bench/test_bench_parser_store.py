"""The fast-path-at-scale benchmark builds the store it says it does and reports every step."""

from __future__ import annotations

from bench.bench_parser_store import (
    DATA,
    measure_core,
    measure_every_title,
    opened,
    world_names,
)
from bench.parser_eval import load_devset
from services.core.executor import Conversation

EXAMPLES = load_devset(DATA / "devset.jsonl").examples[:6]
WORLD = {"people": ["Sam"], "projects": ["launch"], "tasks": ["book the venue", "catering"]}


def test_the_store_holds_the_size_asked_with_the_worlds_tasks_newest():
    with opened(40, WORLD, seed=3) as parley:
        assert len(parley.open_tasks.titles()) == 40
        assert parley.open_tasks.recent(2) == ["book the venue", "catering"]
        context = parley.context_for(Conversation("x"))
        assert "Sam" in context.people and "launch" in context.projects
        assert len(context.tasks) == 40  # fewer open tasks than the core lists: all of them


def test_every_step_is_timed_once_per_utterance():
    with opened(30, WORLD, seed=3) as parley:
        core = measure_core(parley, list(EXAMPLES), 2)
        every = measure_every_title(parley, list(EXAMPLES), 1)
    assert set(core) == {"context", "context_same", "fastpath", "route", "command"}
    assert {row["n"] for row in core.values()} == {12}
    assert set(every) == {"cold", "fastpath", "route"}
    assert every["fastpath"]["n"] == 6
    assert every["cold"]["n"] == 3  # no status utterance among them: the first three


def test_the_worlds_names_are_gathered_once_each_in_order():
    names = world_names(list(load_devset(DATA / "devset.jsonl").examples))
    assert names["people"][:2] == ["Sam", "Alex"]
    assert len(names["tasks"]) == len(set(names["tasks"]))
