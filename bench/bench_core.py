"""Benchmark: a text command through the fast path and one atomic commit, by store size.

    .venv/bin/python bench/bench_core.py [--runs 200] [--sizes 100 1000 10000]

For each store size and each storage ("journal": our append+fsync journal; "json": TinyDB's
stock JSONStorage, which rewrites the whole file per write) it times `Parley.handle_text` on
a mix of commands (create with project/assignee/due, complete by fuzzy title, a query), and
reports p50/p95 of the whole call, bytes written to disk per command and the store's size.
Budget (DESIGN.md): p50 <= 10 ms with 10,000 tasks.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from services import config as config_module  # noqa: E402
from services.clock import FixedClock  # noqa: E402
from services.core.assistant import Parley  # noqa: E402

NOW = datetime(2026, 11, 18, 10, 0, tzinfo=ZoneInfo("UTC"))
BUDGET_MS = 10.0
WORDS = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def populate(parley: Parley, size: int) -> None:
    """Fill the store with ``size`` tasks in batches (done ones mixed in, as in real use)."""
    with parley.store.transaction() as tx:
        tx.insert("people", {"name": "Sam", "aliases": [], "device": None})
        tx.insert("projects", {"name": "launch"})
    stamp = NOW.isoformat()
    for start in range(0, size, 1000):
        with parley.store.transaction() as tx:
            for number in range(start, min(size, start + 1000)):
                title = f"{WORDS[number % len(WORDS)]} item {number}"
                tx.insert("tasks", {
                    "title": title, "notes": "", "project": "launch", "assignee": None,
                    "priority": "medium", "status": "done" if number % 3 else "todo",
                    "due": None, "completed_at": None, "parent_id": None, "depends_on": [],
                    "tags": [], "created_at": stamp, "updated_at": stamp,
                })  # fmt: skip


def commands(runs: int, start: int = 0) -> list[str]:
    mix = []
    for number in range(start, start + runs):
        kind = number % 4
        if kind in (0, 1):
            detail = "for the launch project, give it to Sam, due Friday"
            mix.append(f"add a task to review draft {number} {detail}")
        elif kind == 2:
            mix.append(f"mark review draft {number - 1} as done")
        else:
            mix.append("how many open tasks")
    return mix


def disk_bytes(state_dir: Path) -> int:
    return sum(p.stat().st_size for p in state_dir.glob("store.*") if p.is_file())


def written_bytes() -> int:
    """Bytes this process has passed to write() so far (journal, snapshot, logs)."""
    with open("/proc/self/io") as handle:
        counters = dict(line.split(":") for line in handle if ":" in line)
    return int(counters["wchar"])


def measure(storage: str, size: int, runs: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="parley-bench-") as tmp:
        state = Path(tmp) / "state"
        config = config_module.load(
            None, general={"state_dir": str(state), "timezone": "UTC"}, store={"storage": storage}
        )
        with Parley.open(config, clock=FixedClock(NOW)) as parley:
            populate(parley, size)
            for text in commands(12, start=100_000):  # warm caches (titles unlike the run's)
                parley.handle_text(text)
            timings = []
            before = written_bytes()
            failures = 0
            for text in commands(runs):
                started = time.perf_counter()
                outcome = parley.handle_text(text)
                timings.append((time.perf_counter() - started) * 1000)
                failures += not outcome.ok
            written = written_bytes() - before
            size_bytes = disk_bytes(state)
    return {
        "p50": statistics.median(timings),
        "p95": percentile(timings, 0.95),
        "bytes_per_command": written / runs,
        "store_bytes": size_bytes,
        "failures": failures,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    args = parser.parse_args()
    print(f"text command -> fast path -> one atomic commit ({args.runs} commands per row)")
    header = (
        f"{'tasks':>6} {'storage':>8} {'p50 ms':>8} {'p95 ms':>8} {'bytes/cmd':>10} "
        f"{'store bytes':>12} {'budget':>14}"
    )
    print(header)
    print("-" * len(header))
    for size in args.sizes:
        for storage in ("journal", "json"):
            row = measure(storage, size, args.runs)
            verdict = ""
            if size >= 10000:
                verdict = "ok (<=10 ms)" if row["p50"] <= BUDGET_MS else "OVER (<=10 ms)"
            print(
                f"{size:>6} {storage:>8} {row['p50']:>8.2f} {row['p95']:>8.2f} "
                f"{row['bytes_per_command']:>10.0f} {row['store_bytes']:>12} {verdict:>14}"
                + (f"  ({row['failures']:.0f} commands failed)" if row["failures"] else "")
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
