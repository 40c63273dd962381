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
    """Open task id -> (title, updated_at, heard), current as of the last commit.

    ``heard``: the title is speech recognition's words (the task was made or renamed by
    voice), as ``Step.wording`` marks it.
    """

    def __init__(self, store: Any, bus: EventBus) -> None:
        self._lock = threading.Lock()
        self._tasks: dict[str, tuple[str, str, bool]] = {}
        # the core asks for the recent titles once per utterance; sorting 10,000 open tasks
        # each time would cost more than parsing, so the answer is kept until a task changes
        self._recent: dict[tuple[int, bool], tuple[str, ...]] = {}  # (count, typed only)
        bus.subscribe(self._on_commit, StoreCommitted)
        rows = store.select("tasks", ("id", "title", "updated_at", "status", "heard"))
        with self._lock:
            for task_id, title, updated, status, heard in rows:
                if status in OPEN:
                    self._tasks[task_id] = (title, updated or "", bool(heard))
        self.version = 0  # bumped by every commit that touches people or projects

    def _on_commit(self, event: StoreCommitted) -> None:
        with self._lock:
            for collection, item_id, _before, after in event.changes:
                if collection != "tasks":
                    if collection in ("people", "projects"):
                        self.version += 1
                    continue
                self._recent.clear()
                if after is not None and after.get("status") in OPEN:
                    self._tasks[item_id] = (
                        after["title"],
                        after.get("updated_at") or "",
                        bool(after.get("heard")),
                    )
                else:
                    self._tasks.pop(item_id, None)

    def titles(self) -> list[tuple[str, str]]:
        """Return (id, title) of every open task."""
        with self._lock:
            return [(task_id, title) for task_id, (title, _, _) in self._tasks.items()]

    def recent(self, count: int, *, typed_only: bool = False) -> list[str]:
        """Return the titles of the ``count`` most recently updated open tasks, newest first;
        ``typed_only``: of those whose title is not speech recognition's words."""
        with self._lock:
            key = (count, typed_only)
            if key not in self._recent:
                tasks = [task for task in self._tasks.values() if not (typed_only and task[2])]
                newest = heapq.nlargest(count, tasks, key=itemgetter(1))
                self._recent[key] = tuple(title for title, _, _ in newest)
            titles = self._recent[key]
        return list(titles)
