"""Fakes for unit tests: each implements the same Protocol (or shape) as the real part.

Append new fakes at the end, under a comment naming the module they stand in for.
"""

from __future__ import annotations

import contextlib
import copy
import threading
from collections.abc import Iterator
from dataclasses import dataclass

# --- job queue and scheduler fakes (services/jobs.py, services/scheduler.py) ---


@dataclass
class FakeOutcome:
    """What a fake job handler returns: the shape of ``services.core.Outcome``."""

    ok: bool
    reply: str
    intent: str = "fake"

    def to_dict(self) -> dict:
        return {"ok": self.ok, "reply": self.reply, "intent": self.intent}


class GatedHandler:
    """A job handler whose calls block until the test releases them (by text); records calls.

    ``failures[text] = exc`` makes the call for ``text`` raise ``exc`` once released. The wait
    has a generous guard so a broken test fails instead of hanging.
    """

    def __init__(self, guard_s: float = 20.0) -> None:
        self.calls: list[tuple[str, str, str]] = []  # (text, source, conversation), as started
        self.threads: list[str] = []
        self.thread_ids: list[int] = []
        self.failures: dict[str, BaseException] = {}
        self._guard_s = guard_s
        self._gates: dict[str, threading.Event] = {}
        self._lock = threading.Lock()
        self._is_open = False

    def __call__(self, text: str, source: str, conversation: str) -> FakeOutcome:
        gate = self._gate(text)
        with self._lock:
            self.calls.append((text, source, conversation))
            self.threads.append(threading.current_thread().name)
            self.thread_ids.append(threading.get_ident())
        if not gate.wait(self._guard_s):
            raise TimeoutError(f"the test never released {text!r}")
        if text in self.failures:
            raise self.failures[text]
        return FakeOutcome(ok=True, reply=f"did {text}")

    def release(self, *texts: str) -> None:
        """Let the calls for these texts return (now or when they start)."""
        for text in texts:
            self._gate(text).set()

    def release_all(self) -> None:
        """Let every call, present and future, return."""
        with self._lock:
            self._is_open = True
            for gate in self._gates.values():
                gate.set()

    def _gate(self, text: str) -> threading.Event:
        with self._lock:
            gate = self._gates.setdefault(text, threading.Event())
            if self._is_open:
                gate.set()
            return gate


class MemoryTransaction:
    """The write side of MemoryStore: updates are applied when the transaction commits."""

    def __init__(self, store: MemoryStore) -> None:
        self._store = store
        self.updates: list[tuple[str, str, dict]] = []

    def update(self, collection: str, item_id: str, fields: dict) -> None:
        if item_id not in self._store.data.get(collection, {}):
            raise KeyError(f"{collection}/{item_id}")
        self.updates.append((collection, item_id, dict(fields)))


class MemoryStore:
    """An in-memory store with the real Store's ``all`` and ``transaction`` shape.

    Records every commit as ``(origin, updates)``; ``fail_next_commit = exc`` makes the next
    transaction raise ``exc`` instead of committing (nothing is applied).
    """

    def __init__(self) -> None:
        self.data: dict[str, dict[str, dict]] = {}
        self.commits: list[tuple[str, list[tuple[str, str, dict]]]] = []
        self.fail_next_commit: BaseException | None = None

    def insert(self, collection: str, document: dict) -> None:
        self.data.setdefault(collection, {})[document["id"]] = copy.deepcopy(document)

    def get(self, collection: str, item_id: str) -> dict:
        return copy.deepcopy(self.data[collection][item_id])

    def all(self, collection: str) -> list[dict]:
        return [copy.deepcopy(doc) for doc in self.data.get(collection, {}).values()]

    @contextlib.contextmanager
    def transaction(self, origin: str = "test") -> Iterator[MemoryTransaction]:
        tx = MemoryTransaction(self)
        yield tx
        if self.fail_next_commit is not None:
            failure, self.fail_next_commit = self.fail_next_commit, None
            raise failure
        for collection, item_id, fields in tx.updates:
            self.data[collection][item_id].update(fields)
        self.commits.append((origin, tx.updates))
