"""Helpers for the store tests."""

from __future__ import annotations

from services.store import Store


def add_command(store: Store, n: int, origin: str = "local") -> tuple[dict, dict]:
    """Commit one typical command: a task plus its command-log record."""
    with store.transaction(origin=origin) as tx:
        task = tx.insert("tasks", {"title": f"task {n}", "n": n, "status": "todo"})
        command = tx.insert(
            "commands",
            {"utterance": f"add task {n}", "n": n, "outcome": {"ok": True}, "task": task["id"]},
        )
    return task, command
