"""Benchmark the per-utterance parse work against a real store of 100 / 1,000 / 10,000 tasks.

    PYTHONPATH=. .venv/bin/python -m bench.bench_parser_store [--sizes 100 1000 10000]
        [--repeat 3] [--seed 7] [--json]

For each size it opens a real store (journal storage, in a temporary directory) through
``Parley.open``, fills it with that many open tasks (seeded, varied titles, assignees and
projects) beside the people, projects and tasks of the dev sets' worlds (their tasks the most
recently updated), and then, for every utterance of tests/data/devset.jsonl, devset_llm.jsonl
and devset_natural.jsonl, times as the core runs it (``Parley._handle``):

- ``context``: ``Parley.context_for``, which the core calls once per utterance, just after a
  commit changed a task (as most commands do); ``context, no change``: the same with nothing
  changed since the last utterance;
- ``fastpath``: ``FastPathParser.parse`` on that context;
- ``route``: the router's work before the LLM (the fast path and ``llm_vet.vet``, with no
  model attached, so nothing is handed on);
- ``per command``: context + route, what an utterance costs before the LLM or the executor.

The core's context lists the 50 most recently updated open tasks, not all of them. A second
table parses with a context listing every open title: the worst case, should the context ever
hold the whole store (the "43 ms at 10,000 tasks" measured before was this). Its ``route, new
list`` row is the first utterance after the list changed. Budget (issue): fast path p95 <= 5
ms at 10,000 tasks. Each row gives wall-clock and CPU milliseconds: on a shared two-core
machine the wall-clock p95 is mostly other work's.

Writes bench/parser_store_latency.png (``--plot PATH`` to change it): the distribution of the
fast path's wall-clock latency per utterance at each size, both ways, against the budget.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script too (bench/run_all.py)

from bench.bench_parser import quantiles  # noqa: E402
from bench.parser_eval import Example, load_devset  # noqa: E402
from services import config as config_module  # noqa: E402
from services.clock import FixedClock  # noqa: E402
from services.core.assistant import Parley  # noqa: E402
from services.core.executor import Conversation  # noqa: E402
from services.nlu import ParseContext  # noqa: E402
from services.nlu.fastpath import FastPathParser  # noqa: E402
from services.nlu.router import Router  # noqa: E402

if TYPE_CHECKING:
    from matplotlib.axes import Axes

BUDGET_MS = 5.0
BUDGET_SIZE = 10_000
DATA = ROOT / "tests" / "data"
DEVSETS = ("devset.jsonl", "devset_llm.jsonl", "devset_natural.jsonl")
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=ZoneInfo("UTC"))
PLOT = ROOT / "bench" / "parser_store_latency.png"
TABLES = {
    "core": "the core's context (recent open tasks)",
    "every_title": "context.tasks = every open title",
}

# The fast path's wall-clock milliseconds per utterance: table ("core", "every_title") -> size.
Latencies = dict[str, dict[int, list[float]]]

_VERBS = (
    "book", "order", "fix", "call", "email", "write", "review", "update", "clean", "paint",
    "plan", "check", "buy", "send", "prepare", "draft", "schedule", "organise", "repair",
    "test", "renew", "cancel", "sort", "pay", "print", "post", "measure", "replace", "file",
    "tidy", "research", "chase", "sign", "collect", "return", "install", "back up", "move",
)  # fmt: skip
_THINGS = (
    "venue", "invoice", "gutter", "fence", "boiler", "press release", "budget", "slides",
    "newsletter", "contract", "insurance", "car service", "passport", "dentist appointment",
    "shed roof", "garden hose", "website banner", "quarterly report", "team offsite",
    "birthday cake", "flights", "hotel", "catering menu", "guest list", "server logs",
    "tax return", "bike", "kitchen tap", "window frames", "printer ink", "vet visit",
    "school forms", "bank statement", "photo album", "laptop", "wifi router", "smoke alarm",
    "guttering", "hedge", "lawn mower", "curtains", "recycling bins", "spare keys",
)  # fmt: skip
_TAILS = (
    "", "", "", "for the launch", "before the trip", "with the landlord", "for next week",
    "for Mum", "again", "properly", "at the office", "for the client", "in the attic",
)  # fmt: skip
_FIRST_NAMES = (
    "Ada", "Ben", "Cara", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivan", "Jade", "Kofi", "Lena",
    "Milo", "Nia", "Omar", "Pia", "Quinn", "Rosa", "Theo", "Uma", "Vik", "Wren", "Yara", "Zane",
)  # fmt: skip
_PROJECT_WORDS = (
    "kitchen", "attic", "holiday", "wedding", "move", "q3 plan", "audit", "hiring", "fundraiser",
    "allotment", "bathroom", "blog", "podcast", "school run", "renovation", "conference",
)  # fmt: skip


# --- the store ---------------------------------------------------------------------------------


def title_for(rng: random.Random) -> str:
    """Return a varied task title; about a third carry a number ("invoice 4711"), as real ones do.

    The numbers make the store's vocabulary a few thousand words, as 10,000 real titles would.
    """
    number = str(rng.randrange(1, 10_000)) if rng.random() < 0.3 else ""
    words = (rng.choice(_VERBS), "the", rng.choice(_THINGS), number, rng.choice(_TAILS))
    return " ".join(word for word in words if word)


def world_names(examples: list[Example]) -> dict[str, list[str]]:
    """Return the people, projects and tasks the dev sets' utterances are said about."""
    names: dict[str, dict[str, None]] = {"people": {}, "projects": {}, "tasks": {}}
    for example in examples:
        for kind in names:
            names[kind].update(dict.fromkeys(getattr(example.context, kind)))
    return {kind: list(found) for kind, found in names.items()}


def populate(parley: Parley, size: int, world: dict[str, list[str]], seed: int) -> None:
    """Fill the store: the worlds' names, extra people and projects, ``size`` open tasks.

    The worlds' tasks are the most recently updated, so the core's recent-task list (what the
    dev sets were written against) holds them; the generated tasks are older.
    """
    rng = random.Random(seed)
    people = [*world["people"], *_FIRST_NAMES]
    projects = [*world["projects"], *_PROJECT_WORDS]
    with parley.store.transaction() as tx:
        for name in people:
            tx.insert("people", {"name": name, "aliases": [], "device": None})
        for name in projects:
            tx.insert("projects", {"name": name})
    generated = size - len(world["tasks"])
    for start in range(0, generated, 1000):
        with parley.store.transaction() as tx:
            for number in range(start, min(generated, start + 1000)):
                stamp = (NOW - timedelta(days=1, minutes=number)).isoformat()
                tx.insert("tasks", _task(title_for(rng), rng, people, projects, stamp))
    with parley.store.transaction() as tx:
        for number, title in enumerate(world["tasks"]):
            stamp = (NOW - timedelta(seconds=number)).isoformat()
            tx.insert("tasks", _task(title, rng, people, projects, stamp))


def _task(
    title: str, rng: random.Random, people: list[str], projects: list[str], stamp: str
) -> dict[str, Any]:
    return {
        "title": title, "notes": "", "project": rng.choice([None, *projects]),
        "assignee": rng.choice([None, *people]), "priority": rng.choice(["low", "medium", "high"]),
        "status": rng.choice(["todo", "todo", "in_progress"]), "due": None, "completed_at": None,
        "parent_id": None, "depends_on": [], "tags": [], "created_at": stamp, "updated_at": stamp,
    }  # fmt: skip


@contextmanager
def opened(size: int, world: dict[str, list[str]], seed: int) -> Iterator[Parley]:
    """Yield the core on a fresh store of ``size`` open tasks in a temporary directory."""
    with tempfile.TemporaryDirectory(prefix="parley-bench-") as tmp:
        config = config_module.load(
            None, general={"state_dir": str(Path(tmp) / "state"), "timezone": "UTC"}
        )
        fast = FastPathParser(config.parser)
        with Parley.open(config, clock=FixedClock(NOW), parser=fast) as parley:
            populate(parley, size, world, seed)
            yield parley


# --- timing ------------------------------------------------------------------------------------


class _Times:
    """Wall-clock and CPU milliseconds per step (CPU time leaves out waiting for the cores,
    which other work on a shared machine makes long and uneven)."""

    def __init__(self, steps: tuple[str, ...]) -> None:
        self.wall: dict[str, list[float]] = {step: [] for step in steps}
        self.cpu: dict[str, list[float]] = {step: [] for step in steps}

    def timed(self, step: str, work: Callable[..., Any], *args: Any) -> Any:
        """Run ``work(*args)``, keep its times under ``step``, return its result."""
        wall, cpu = time.perf_counter(), time.thread_time()
        result = work(*args)
        self.cpu[step].append((time.thread_time() - cpu) * 1000)
        self.wall[step].append((time.perf_counter() - wall) * 1000)
        return result

    def add(self, step: str, *parts: str) -> None:
        """Keep the sum of the latest times of ``parts`` under ``step``."""
        self.wall[step].append(sum(self.wall[part][-1] for part in parts))
        self.cpu[step].append(sum(self.cpu[part][-1] for part in parts))

    def summary(self) -> dict[str, dict[str, float]]:
        """Return the quantiles of each step, wall-clock and (``cpu_`` keys) CPU."""
        result = {}
        for step, samples in self.wall.items():
            cpu = quantiles(self.cpu[step], digits=3)
            result[step] = {
                **quantiles(samples, digits=3),
                "cpu_p50_ms": cpu["p50_ms"],
                "cpu_p95_ms": cpu["p95_ms"],
            }
        return result


def _touch(parley: Parley, task_id: str, number: int) -> None:
    """Commit a change to one old task, as most commands do: the core's index moves on."""
    with parley.store.transaction() as tx:
        tx.update("tasks", task_id, {"priority": ("low", "medium", "high")[number % 3]})


def _conversation(parley: Parley) -> Conversation:
    talk = Conversation("bench")
    talk.last["task"] = parley.store.all("tasks")[-1]["id"]  # "it": one lookup per utterance
    return talk


def measure_core(parley: Parley, examples: list[Example], repeat: int) -> dict[str, Any]:
    """Time the core's context, the fast path and the route per utterance, as the core runs.

    Before each utterance a task changes (most commands change one), so ``context`` includes
    reading the recent titles anew; ``context, no change`` is a query after a query.
    """
    return _core_times(parley, examples, repeat).summary()


def _core_times(parley: Parley, examples: list[Example], repeat: int) -> _Times:
    """Return every time ``measure_core`` summarises."""
    fast, router = _parsers(parley)
    talk = _conversation(parley)
    old_task = parley.store.all("tasks")[0]["id"]
    times = _Times(("context", "context_same", "fastpath", "route", "command"))
    for number in range(repeat * len(examples)):
        example = examples[number % len(examples)]
        _touch(parley, old_task, number)
        times.timed("context", parley.context_for, talk)
        context: ParseContext = times.timed("context_same", parley.context_for, talk)
        context = replace(context, is_confirmation_pending=example.context.is_confirmation_pending)
        times.timed("fastpath", fast.parse, example.text, context)
        times.timed("route", router.route, example.text, context)
        times.add("command", "context", "route")
    return times


def measure_every_title(parley: Parley, examples: list[Example], repeat: int) -> dict[str, Any]:
    """Time the fast path and the route with every open title in the context."""
    return _every_title_times(parley, examples, repeat).summary()


def _every_title_times(parley: Parley, examples: list[Example], repeat: int) -> _Times:
    """Return every time ``measure_every_title`` summarises."""
    fast, router = _parsers(parley)
    titles = tuple(parley.open_tasks.recent(len(parley.open_tasks.titles())))  # newest first
    context = replace(parley.context_for(_conversation(parley)), tasks=titles)
    times = _Times(("cold", "fastpath", "route"))
    # The first utterance naming a task after the list changed (a list never seen before).
    naming = [example for example in examples if example.category == "status"][:3] or examples[:3]
    for number, example in enumerate(naming, start=1):
        times.timed("cold", router.route, example.text, replace(context, tasks=titles[number:]))
    router.route(naming[0].text, context)  # the list timed below, once before
    for number in range(repeat * len(examples)):
        example = examples[number % len(examples)]
        pending = replace(context, is_confirmation_pending=example.context.is_confirmation_pending)
        times.timed("fastpath", fast.parse, example.text, pending)
        times.timed("route", router.route, example.text, pending)
    return times


def _parsers(parley: Parley) -> tuple[FastPathParser, Router]:
    fast = parley.parser
    assert isinstance(fast, FastPathParser)
    return fast, Router(fast)  # no model attached: the route stops where the LLM would start


def run(sizes: list[int], repeat: int, seed: int) -> dict[str, Any]:
    """Measure every size both ways; return the numbers."""
    return measure(sizes, repeat, seed)[0]


def measure(sizes: list[int], repeat: int, seed: int) -> tuple[dict[str, Any], Latencies]:
    """Measure every size both ways; return the numbers and the fast path's times to plot."""
    examples = [ex for name in DEVSETS for ex in load_devset(DATA / name).examples]
    world = world_names(examples)
    rows: dict[str, Any] = {"core": {}, "every_title": {}}
    latencies: Latencies = {"core": {}, "every_title": {}}
    for size in sizes:
        with opened(size, world, seed) as parley:
            measure_core(parley, examples[:20], 1)  # first calls (imports, caches) left out
            core = _core_times(parley, examples, repeat)
            every = _every_title_times(parley, examples, repeat)
        rows["core"][size], rows["every_title"][size] = core.summary(), every.summary()
        latencies["core"][size] = core.wall["fastpath"]
        latencies["every_title"][size] = every.wall["fastpath"]
    result = {"utterances": len(examples), "repeat": repeat, "budget_ms": BUDGET_MS, **rows}
    return result, latencies


# --- the plot ----------------------------------------------------------------------------------


def _cdf(samples: list[float]) -> tuple[list[float], list[float]]:
    """Return the sorted samples and the fraction of samples at or below each."""
    ordered = sorted(samples)
    return ordered, [(number + 1) / len(ordered) for number in range(len(ordered))]


def _draw_sizes(
    ax: Axes, latencies: dict[int, list[float]], rows: dict[int, dict[str, dict[str, float]]]
) -> None:
    """Draw one CDF per store size, its p95 marked with a dot, its p50/p95 in the legend."""
    for size, samples in latencies.items():
        numbers = rows[size]["fastpath"]
        label = f"{size:,} tasks: p50 {numbers['p50_ms']:.2f} / p95 {numbers['p95_ms']:.2f} ms"
        (line,) = ax.step(*_cdf(samples), where="post", label=label)
        ax.plot(numbers["p95_ms"], 0.95, marker="o", markersize=4, color=line.get_color())


def _draw_panel(
    ax: Axes,
    title: str,
    latencies: dict[int, list[float]],
    rows: dict[int, dict[str, dict[str, float]]],
) -> None:
    """Draw one table's fast-path distributions against the budget."""
    _draw_sizes(ax, latencies, rows)
    budget = f"budget: p95 <= {BUDGET_MS:g} ms at {BUDGET_SIZE:,} tasks"
    ax.axvline(BUDGET_MS, color="red", linestyle="--", linewidth=1, label=budget)
    ax.axhline(0.95, color="grey", linestyle=":", linewidth=1)
    ax.set_xscale("log")
    ax.set_xlabel("fast-path latency per utterance (ms wall-clock, log)")
    ax.set_ylabel("fraction of utterances")
    ax.set_title(title)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8, loc="lower right")


def plot(result: dict[str, Any], latencies: Latencies, path: Path) -> None:
    """Write the fast path's latency distributions, one panel per table, to ``path``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(1, 2, figsize=(11, 4))
    for ax, (table, title) in zip(axes, TABLES.items(), strict=True):
        _draw_panel(ax, title, latencies[table], result[table])
    figure.suptitle(
        f"fast path against a store of many tasks, {result['utterances']} dev-set utterances "
        f"x {result['repeat']} (bench/bench_parser_store.py)"
    )
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def _write_plot(result: dict[str, Any], latencies: Latencies, path: Path) -> None:
    """Write the plot and say where on stderr (stdout stays the tables or the JSON)."""
    try:
        plot(result, latencies, path)
    except ImportError:
        print("plot: matplotlib is not installed (pip install -e '.[bench]')", file=sys.stderr)
        return
    print(f"plot: {path}", file=sys.stderr)


_STEPS = {
    "context": "context",
    "context_same": "context, no change",
    "cold": "route, new list",
    "fastpath": "fastpath",
    "route": "route",
    "command": "per command",
}


def _table(title: str, rows: dict[int, dict[str, dict[str, float]]]) -> list[str]:
    lines = [
        title,
        f"{'tasks':>6}  {'':<20}{'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}"
        f"  {'cpu p50':>8} {'cpu p95':>8}  budget",
    ]
    for size, row in rows.items():
        for name, label in _STEPS.items():
            if name not in row:
                continue
            numbers = row[name]
            verdict = ""
            if name == "fastpath" and size >= BUDGET_SIZE:
                within = numbers["p95_ms"] <= BUDGET_MS
                verdict = f"{'ok' if within else 'OVER'} (p95 <= {BUDGET_MS:g} ms)"
            lines.append(
                f"{size:>6}  {label:<20}{numbers['p50_ms']:>8.3f} {numbers['p95_ms']:>8.3f} "
                f"{numbers['max_ms']:>8.3f}  {numbers['cpu_p50_ms']:>8.3f} "
                f"{numbers['cpu_p95_ms']:>8.3f}  {verdict}"
            )
    return lines


def main(argv: list[str] | None = None) -> int:
    """Print the tables; exit 1 if the fast path's p95 at 10,000 tasks is over budget."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    options.add_argument("--repeat", type=int, default=3)
    options.add_argument("--seed", type=int, default=7)
    options.add_argument("--json", action="store_true")
    options.add_argument("--plot", type=Path, default=PLOT, help=f"the PNG (default {PLOT})")
    args = options.parse_args(argv)
    result, latencies = measure(args.sizes, args.repeat, args.seed)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        print(
            f"{result['utterances']} dev-set utterances x {args.repeat} per store size "
            f"(load average {load}; wall-clock ms, and CPU ms of the parsing thread)"
        )
        print("\n".join(_table(TABLES["core"], result["core"])))
        print()
        print("\n".join(_table(TABLES["every_title"], result["every_title"])))
    _write_plot(result, latencies, args.plot)
    over = [
        size
        for label in ("core", "every_title")
        for size, row in result[label].items()
        if size >= BUDGET_SIZE and row["fastpath"]["p95_ms"] > BUDGET_MS
    ]
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
