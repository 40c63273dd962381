"""An in-memory index of open tasks, kept current from the store's commit events.

Fuzzy matching a spoken title and telling the parser which tasks are recent both need the
titles of every open task; reading them from 10,000 stored documents per command would cost
more than the rest of the command. The index is built once from the store and then updated
from ``StoreCommitted`` events (from any origin: the executor, sync, the scheduler, restore).
"""

from __future__ import annotations

import heapq
import threading
from operator import itemgetter
from typing import Any

from services.events import EventBus, StoreCommitted
from services.nlu.commands import OPEN_STATUSES

OPEN = OPEN_STATUSES


class OpenTasks:
    """Open task id -> (title, updated_at), current as of the last commit."""

    def __init__(self, store: Any, bus: EventBus) -> None:
        self._lock = threading.Lock()
        self._tasks: dict[str, tuple[str, str]] = {}
        # the core asks for the recent titles once per utterance; sorting 10,000 open tasks
        # each time would cost more than parsing, so the answer is kept until a task changes
        self._recent: tuple[int, tuple[str, ...]] | None = None  # (count, titles)
        bus.subscribe(self._on_commit, StoreCommitted)
        rows = store.select("tasks", ("id", "title", "updated_at", "status"))
        with self._lock:
            for task_id, title, updated, status in rows:
                if status in OPEN:
                    self._tasks[task_id] = (title, updated or "")
        self.version = 0  # bumped by every commit that touches people or projects

    def _on_commit(self, event: StoreCommitted) -> None:
        with self._lock:
            for collection, item_id, _before, after in event.changes:
                if collection != "tasks":
                    if collection in ("people", "projects"):
                        self.version += 1
                    continue
                self._recent = None
                if after is not None and after.get("status") in OPEN:
                    self._tasks[item_id] = (after["title"], after.get("updated_at") or "")
                else:
                    self._tasks.pop(item_id, None)

    def titles(self) -> list[tuple[str, str]]:
        """Return (id, title) of every open task."""
        with self._lock:
            return [(task_id, title) for task_id, (title, _) in self._tasks.items()]

    def recent(self, count: int) -> list[str]:
        """Return the ``count`` most recently updated distinct open task titles, newest first.

        Forty open "mqtt check" tasks are one name to the parser: counted once, they leave
        room for the titles a person may name (the executor resolves against every task).
        """
        with self._lock:
            if self._recent is None or self._recent[0] != count:
                self._recent = (count, self._distinct_newest(count))
            titles = self._recent[1]
        return list(titles)

    def _distinct_newest(self, count: int) -> tuple[str, ...]:
        # most stores need no full sort: four times as many tasks hold enough distinct titles
        titles, looked_at = self._newest_titles(count, count * 4)
        if len(titles) < count and looked_at < len(self._tasks):
            titles, _ = self._newest_titles(count, len(self._tasks))
        return titles

    def _newest_titles(self, count: int, among: int) -> tuple[tuple[str, ...], int]:
        """The ``count`` newest distinct titles of the ``among`` newest tasks, and how many
        tasks that was."""
        newest = heapq.nlargest(among, self._tasks.values(), key=itemgetter(1))
        return tuple(dict.fromkeys(title for title, _ in newest))[:count], len(newest)
