"""Benchmark MQTT sync and control over a real Mosquitto broker on loopback.

    PYTHONPATH=. .venv/bin/python bench/bench_sync.py [--samples N] [--commands N] [--drain N]

Measures, with two Parley devices (real stores, real core with the fast path, signed sync):
- commit on device A -> applied on device B: p50 / p95 / max (budget: p50 <= 100 ms);
- text commands per second sustained over MQTT (cmd/text -> result) through the fast path;
- outbox drain rate after a reconnect: changes made with the broker down, published when it is
  back (time from reconnect until the outbox is empty).
Prints one JSON object with the numbers and the budget verdict.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from services.core.assistant import Parley
from services.events import StoreCommitted
from services.mqtt import MqttBridge
from tests.mqtt.support import Broker, Listener, device_config

BUDGET_P50_MS = 100.0


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


class Node:
    """A Parley device and its bridge."""

    def __init__(self, root: Path, name: str, port: int, **sections: object) -> None:
        self.config = device_config(root, name, port, **sections)
        self.parley = Parley.open(self.config)
        self.bridge = MqttBridge(self.config, self.parley, self.parley.bus, self.parley.clock)

    async def start(self) -> None:
        await self.bridge.start()
        if not await self.bridge.wait_connected(15):
            raise RuntimeError("no broker")

    async def stop(self) -> None:
        await self.bridge.stop()
        self.parley.close()


class Arrivals:
    """Record when each task id is applied on a device (a bus subscriber)."""

    def __init__(self) -> None:
        self.times: dict[str, float] = {}
        self.condition = threading.Condition()

    def __call__(self, event: StoreCommitted) -> None:
        if not event.origin.startswith("sync:"):
            return
        now = time.perf_counter()
        with self.condition:
            for collection, doc_id, _before, _after in event.changes:
                if collection == "tasks":
                    self.times.setdefault(doc_id, now)
            self.condition.notify_all()

    def wait(self, doc_id: str, timeout: float) -> float | None:
        deadline = time.monotonic() + timeout
        with self.condition:
            while doc_id not in self.times:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self.condition.wait(remaining)
            return self.times[doc_id]


async def latency(a: Node, b: Node, samples: int) -> dict[str, float]:
    arrivals = Arrivals()
    b.parley.bus.subscribe(arrivals, StoreCommitted)
    results = []
    for number in range(samples):
        started = time.perf_counter()
        with a.parley.store.transaction(origin="bench") as tx:
            task = tx.insert("tasks", {"title": f"latency {number}", "status": "todo"})
        arrived = await asyncio.to_thread(arrivals.wait, task["id"], 10)
        if arrived is None:
            raise RuntimeError(f"task {number} never arrived")
        results.append((arrived - started) * 1000)
    await asyncio.sleep(0.05)
    return {
        "samples": samples,
        "p50_ms": round(statistics.median(results), 2),
        "p95_ms": round(percentile(results, 0.95), 2),
        "max_ms": round(max(results), 2),
    }


async def throughput(a: Node, port: int, commands: int) -> dict[str, float]:
    listener = Listener(port, "parley/a/result")
    await asyncio.sleep(0.2)
    started = time.perf_counter()
    for number in range(commands):
        listener.client.publish("parley/a/cmd/text", f"add a task to throughput {number}", qos=1)
    results = await asyncio.to_thread(listener.wait_for, "parley/a/result", commands, 300)
    elapsed = time.perf_counter() - started
    listener.close()
    ok = sum(1 for raw in results if json.loads(raw)["ok"])
    return {
        "commands": commands,
        "results": len(results),
        "ok": ok,
        "seconds": round(elapsed, 2),
        "per_second": round(len(results) / elapsed, 1),
    }


async def drain(a: Node, b: Node, broker: Broker, changes: int) -> dict[str, float]:
    broker.stop()
    deadline = time.monotonic() + 15
    while a.bridge.is_connected and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    for number in range(changes):
        with a.parley.store.transaction(origin="bench") as tx:
            tx.insert("tasks", {"title": f"offline {number}", "status": "todo"})
    deadline = time.monotonic() + 120
    while a.bridge.stats()["outbox"] < changes and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    queued = a.bridge.stats()["outbox"]
    broker.start()
    if not await a.bridge.wait_connected(30):
        raise RuntimeError("no reconnect")
    started = time.perf_counter()
    if not await a.bridge.wait_settled(300):
        raise RuntimeError("outbox did not drain")
    elapsed = time.perf_counter() - started
    total = len(a.parley.store.all("tasks"))
    deadline = time.monotonic() + 120
    while len(b.parley.store.all("tasks")) < total and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    return {
        "queued": queued,
        "drain_seconds": round(elapsed, 3),
        "messages_per_second": round(queued / elapsed, 1),
        "b_has_all": len(b.parley.store.all("tasks")) == total,
    }


async def main(arguments: argparse.Namespace) -> dict[str, object]:
    root = Path(tempfile.mkdtemp(prefix="parley-bench-sync-"))
    (root / "broker").mkdir()
    broker = Broker(root / "broker")
    broker.start()
    fast = {"rate_burst": 100_000, "rate_per_s": 100_000.0, "queue_size": 100_000}
    a = Node(root, "a", broker.port, mqtt={**fast, "reconnect_max_s": 1})
    b = Node(root, "b", broker.port)
    try:
        await a.start()
        await b.start()
        report: dict[str, object] = {"latency": await latency(a, b, arguments.samples)}
        report["text_commands"] = await throughput(a, broker.port, arguments.commands)
        await a.bridge.wait_settled(120)
        await b.bridge.wait_settled(120)
        report["outbox_drain"] = await drain(a, b, broker, arguments.drain)
        p50 = report["latency"]["p50_ms"]  # type: ignore[index]
        report["budget"] = {"sync_p50_ms": BUDGET_P50_MS, "is_met": p50 <= BUDGET_P50_MS}
        return report
    finally:
        await a.stop()
        await b.stop()
        broker.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=200, help="commits timed A -> B")
    parser.add_argument("--commands", type=int, default=500, help="cmd/text messages sent")
    parser.add_argument("--drain", type=int, default=1000, help="changes queued while offline")
    print(json.dumps(asyncio.run(main(parser.parse_args())), indent=2))
