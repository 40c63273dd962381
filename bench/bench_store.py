"""Benchmark: committing a typical command, journal storage vs TinyDB's stock JSON storage.

    .venv/bin/python bench/bench_store.py [--sizes 100 1000 10000] [--commits 200]

A typical command is one transaction that inserts a task and its command-log record (the
utterance, parse, timings, outcome and undo images), as the executor commits it. For each
store size and each storage the script reports the p50/p95 commit time, the bytes the store
wrote per command (what it handed to the kernel) and the bytes the kernel sent to the disk
per command (/proc/self/io write_bytes: whole pages, metadata included), and the size of the
files. The journal's snapshot rewrite (compaction) happens once per ``compact_bytes`` of
journal, so it is timed on its own and shown amortized per command.

Budget (DESIGN.md): a text command through the fast path and commit, p50 <= 10 ms with 10,000
tasks. The commit is part of that; bench/bench_core.py times the whole path.

``bench_commit(store, n)`` is the reusable part: it commits ``n`` typical commands and returns
their durations in seconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from services.store import Store  # noqa: E402

BUDGET_MS = 10.0
BUDGET_TASKS = 10_000
STAMP = "2026-11-21T09:30:00+00:00"


def typical_task(number: int) -> dict:
    """Return a task as the executor stores it."""
    return {
        "title": f"call the plumber about the kitchen sink {number}",
        "notes": "",
        "project": "p-0000000000aa",
        "assignee": "u-0000000000bb",
        "priority": "medium",
        "status": "todo",
        "due": "2026-11-27T09:00:00+00:00",
        "completed_at": None,
        "parent_id": None,
        "depends_on": [],
        "tags": ["home"],
        "created_at": STAMP,
        "updated_at": STAMP,
    }


def typical_command(number: int, task_id: str) -> dict:
    """Return the command-log record of the command that created ``task_id``."""
    return {
        "utterance": f"add call the plumber about the kitchen sink {number} due Friday",
        "source": "voice",
        "conversation": "default",
        "parse": {
            "intent": "task.create",
            "parser": "fastpath",
            "actions": [{"type": "task.create", "params": {"title": "call the plumber"}}],
        },
        "timings_ms": {"stt": 412.0, "parse": 1.3, "execute": 0.8},
        "outcome": {"ok": True, "reply": "Added call the plumber, due Friday."},
        "undo": [{"collection": "tasks", "id": task_id, "before": None}],
        "created_at": STAMP,
    }


def bench_commit(store: Store, n: int) -> list[float]:
    """Commit ``n`` typical commands (task + command-log record); return seconds per commit."""
    durations = []
    base = store.count("tasks")
    for offset in range(n):
        number = base + offset
        start = time.perf_counter()
        with store.transaction(origin="local") as tx:
            task = tx.insert("tasks", typical_task(number))
            tx.insert("commands", typical_command(number, task["id"]))
        durations.append(time.perf_counter() - start)
    return durations


def populate(store: Store, size: int) -> None:
    """Fill the store with ``size`` tasks and make that the snapshot (an empty journal)."""
    for start in range(0, size, 1000):
        with store.transaction() as tx:
            for number in range(start, min(size, start + 1000)):
                tx.insert("tasks", typical_task(number))
    store.compact()


def disk_write_bytes() -> int:
    """Bytes this process has caused to be sent to storage (Linux /proc/self/io)."""
    try:
        for line in Path("/proc/self/io").read_text().splitlines():
            if line.startswith("write_bytes:"):
                return int(line.split()[1])
    except OSError:
        pass
    return -1


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(storage: str, size: int, commits: int, workdir: Path) -> dict:
    """Time ``commits`` typical commands against a store holding ``size`` tasks."""
    state = workdir / f"{storage}-{size}"
    with Store.open(state, storage=storage) as store:
        populate(store, size)
        app_before, disk_before = store.stats()["bytes_written_total"], disk_write_bytes()
        durations = bench_commit(store, commits)
        app_bytes = store.stats()["bytes_written_total"] - app_before
        disk_bytes = disk_write_bytes() - disk_before
        stats = store.stats()
        compact_s = 0.0
        if storage == "journal":
            start = time.perf_counter()
            store.compact()
            compact_s = time.perf_counter() - start
            journal_per_command = stats["journal_bytes"] / commits
            commands_per_compaction = 4_000_000 / journal_per_command
    row = {
        "storage": storage,
        "tasks": size,
        "commits": commits,
        "p50_ms": statistics.median(durations) * 1000,
        "p95_ms": percentile(durations, 0.95) * 1000,
        "app_bytes": app_bytes / commits,
        "disk_bytes": disk_bytes / commits if disk_bytes >= 0 else float("nan"),
        "snapshot_kb": stats["snapshot_bytes"] / 1024,
        "journal_kb": stats["journal_bytes"] / 1024,
        "compact_ms": compact_s * 1000,
        "amortized_ms": compact_s * 1000 / commands_per_compaction if compact_s else 0.0,
    }
    return row


def print_table(rows: list[dict]) -> None:
    header = (
        f"{'tasks':>6} {'storage':<8} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'B/cmd app':>10} {'B/cmd disk':>11} {'snap KB':>8} {'jrnl KB':>8} "
        f"{'compact ms':>11} {'budget':>8}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        budget = ""
        if row["tasks"] == BUDGET_TASKS:
            budget = "ok" if row["p50_ms"] <= BUDGET_MS else "OVER"
        compact = (
            f"{row['compact_ms']:.0f} (+{row['amortized_ms']:.3f})" if row["compact_ms"] else "-"
        )
        print(
            f"{row['tasks']:>6} {row['storage']:<8} {row['commits']:>4} {row['p50_ms']:>8.2f} "
            f"{row['p95_ms']:>8.2f} {row['app_bytes']:>10.0f} {row['disk_bytes']:>11.0f} "
            f"{row['snapshot_kb']:>8.0f} {row['journal_kb']:>8.1f} {compact:>11} {budget:>8}"
        )
    print(
        f"\nbudget: commit p50 <= {BUDGET_MS:.0f} ms at {BUDGET_TASKS:,} tasks (the whole text "
        "command, parse included, must fit in it: see bench/bench_core.py).\n"
        "compact ms: one snapshot rewrite, then (+ms) amortized per command at compact_bytes "
        "= 4,000,000."
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10_000])
    parser.add_argument("--commits", type=int, default=200)
    parser.add_argument(
        "--json-commits", type=int, default=60, help="commits for stock JSON at 10,000 tasks"
    )
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="parley-bench-") as workdir:
        for size in args.sizes:
            for storage in ("journal", "json"):
                commits = args.commits
                if storage == "json" and size >= 10_000:
                    commits = min(commits, args.json_commits)  # each one rewrites ~4 MB
                rows.append(measure(storage, size, commits, Path(workdir)))
                print(f"  measured {storage} at {size} tasks", file=sys.stderr, flush=True)
    print_table(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
