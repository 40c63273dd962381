"""Benchmark: the job queue's overhead and the scheduler's tick on a full store.

    .venv/bin/python bench/bench_jobs_scheduler.py [--jobs 2000] [--ticks 200] [--tasks 10000]

1. Queue overhead: ``submit`` to ``wait()`` returning, with a handler that returns at once, one
   job at a time (what the queue adds to every command's latency; the whole text command has a
   p50 budget of 10 ms in DESIGN.md), and the throughput of 3 conversations in parallel.
2. Scheduler tick on a real store (journal storage) holding ``--tasks`` tasks, 1,000 fired
   reminders, 200 pending reminders, 50 timers and 200 meetings: an idle tick (nothing due)
   and a tick that fires and commits one reminder. The idle tick, once per ``tick_s`` (1 s),
   is the scheduler's share of the idle-CPU budget (<= 10 % of one core for the daemon).

Prints one line per measurement with p50 and p95 in milliseconds, and a JSON summary.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from services import config as config_module  # noqa: E402
from services.clock import FixedClock  # noqa: E402
from services.core.jobs import JobQueue  # noqa: E402
from services.core.scheduler import Scheduler  # noqa: E402
from services.events import EventBus  # noqa: E402
from services.store import Store  # noqa: E402

NOW = datetime(2026, 11, 18, 10, 0, tzinfo=ZoneInfo("UTC"))
COMMAND_BUDGET_MS = 10.0
IDLE_CPU_BUDGET = 0.10  # of one core, for the whole daemon


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def summary(name: str, samples_ms: list[float]) -> dict[str, float]:
    result = {
        "p50_ms": round(statistics.median(samples_ms), 4),
        "p95_ms": round(percentile(samples_ms, 0.95), 4),
        "n": len(samples_ms),
    }
    print(f"{name:<44} p50 {result['p50_ms']:8.3f} ms   p95 {result['p95_ms']:8.3f} ms")
    return result


def instant_handler(text: str, *, source: str, conversation: str) -> str:
    return text


async def queue_overhead(count: int) -> list[float]:
    queue = JobQueue(
        instant_handler,
        bus=EventBus(),
        settings=config_module.Jobs(),
        clock=FixedClock(NOW),
    )
    samples = []
    for number in range(count):
        started = time.perf_counter()
        job = await queue.submit(f"command {number}")
        await job.wait()
        samples.append((time.perf_counter() - started) * 1000.0)
    await queue.close()
    return samples


async def queue_throughput(count: int) -> float:
    settings = config_module.Jobs(max_in_flight=3, max_queued=count)
    queue = JobQueue(instant_handler, bus=EventBus(), settings=settings, clock=FixedClock(NOW))
    started = time.perf_counter()
    jobs = [await queue.submit(f"c {n}", conversation=f"room {n % 3}") for n in range(count)]
    await asyncio.gather(*(job.wait() for job in jobs))
    elapsed = time.perf_counter() - started
    await queue.close()
    return count / elapsed


def populate(store: Store, tasks: int) -> None:
    stamp = NOW.isoformat()
    for start in range(0, tasks, 1000):
        with store.transaction(origin="bench") as tx:
            for number in range(start, min(tasks, start + 1000)):
                tx.insert("tasks", {"title": f"task {number}", "status": "todo", "due": None})
    with store.transaction(origin="bench") as tx:
        for number in range(1000):
            due = (NOW - timedelta(days=1, minutes=number)).isoformat()
            tx.insert("reminders", _reminder(f"old {number}", due, fired_at=stamp))
        for number in range(200):
            due = (NOW + timedelta(hours=1, minutes=number)).isoformat()
            tx.insert("reminders", _reminder(f"later {number}", due))
        for number in range(50):
            ends = (NOW + timedelta(minutes=10 + number)).isoformat()
            timer = {"label": None, "duration_s": 600, "started_at": stamp, "ends_at": ends}
            tx.insert("timers", {**timer, "fired_at": None, "cancelled_at": None})
        for number in range(200):
            start = (NOW + timedelta(days=1, hours=number)).isoformat()
            meeting = {"title": f"meeting {number}", "start": start, "duration_min": 30}
            tx.insert(
                "meetings", {**meeting, "attendees": [], "location": None, "alerted_at": None}
            )


def _reminder(text: str, due: str, fired_at: str | None = None) -> dict:
    return {"text": text, "person": None, "due": due, "fired_at": fired_at, "task_id": None}


def scheduler_ticks(tasks: int, ticks: int) -> tuple[list[float], list[float]]:
    with tempfile.TemporaryDirectory() as state_dir, Store.open(state_dir) as store:
        populate(store, tasks)
        clock = FixedClock(NOW)
        scheduler = Scheduler(store, EventBus(), clock, config_module.Scheduler())
        idle = []
        for _ in range(ticks):
            started = time.perf_counter()
            fired = scheduler.tick()
            idle.append((time.perf_counter() - started) * 1000.0)
            assert fired == [], "nothing should be due"
        firing = []
        for number in range(ticks):
            due = (NOW + timedelta(seconds=number + 1)).isoformat()
            with store.transaction(origin="bench") as tx:
                tx.insert("reminders", _reminder(f"now {number}", due))
            clock.current = NOW + timedelta(seconds=number + 1)
            started = time.perf_counter()
            fired = scheduler.tick()
            firing.append((time.perf_counter() - started) * 1000.0)
            assert len(fired) == 1, f"one reminder should fire, got {len(fired)}"
    return idle, firing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2000)
    parser.add_argument("--ticks", type=int, default=200)
    parser.add_argument("--tasks", type=int, default=10_000)
    args = parser.parse_args()

    report: dict[str, object] = {}
    report["queue_overhead"] = summary(
        "queue: submit -> wait, one at a time", asyncio.run(queue_overhead(args.jobs))
    )
    throughput = asyncio.run(queue_throughput(args.jobs))
    print(f"{'queue: 3 conversations in parallel':<44} {throughput:8.0f} jobs/s")
    report["queue_jobs_per_s"] = round(throughput)
    idle, firing = scheduler_ticks(args.tasks, args.ticks)
    report["tick_idle"] = summary(f"scheduler: idle tick, {args.tasks} tasks", idle)
    report["tick_firing"] = summary("scheduler: tick firing one reminder", firing)
    idle_share = statistics.median(idle) / 1000.0 / config_module.Scheduler().tick_s
    print(f"{'scheduler: idle CPU share at tick_s=1':<44} {idle_share:8.2%} of one core")
    report["tick_idle_cpu_share"] = round(idle_share, 5)
    overhead_ok = report["queue_overhead"]["p50_ms"] <= COMMAND_BUDGET_MS / 10  # type: ignore[index]
    report["within_budget"] = overhead_ok and idle_share <= IDLE_CPU_BUDGET / 10
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
