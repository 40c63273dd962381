"""Helpers for the store tests."""

from __future__ import annotations

import json
import os
import signal
import time
import traceback
from collections.abc import Callable

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


def run_and_crash(work: Callable[[], None]) -> None:
    """Run ``work`` in a forked child that then dies without closing anything (a crash)."""
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        code = 0
        try:
            work()
        except BaseException:
            traceback.print_exc()
            code = 1
        finally:
            os._exit(code)
    status = wait_child(pid)
    assert os.waitstatus_to_exitcode(status) == 0, "the child failed before its crash"


def commands_in(store: Store) -> list[int]:
    """Return the command numbers in the store, sorted."""
    return sorted(doc["n"] for doc in store.all("commands"))


def in_child(work: Callable[[], object]) -> object:
    """Run ``work`` in a forked child and return what it returned (JSON data) or raise."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        try:
            result = {"ok": work()}
        except BaseException as exc:
            result = {"error": f"{type(exc).__name__}: {exc}"}
        try:
            os.write(write_end, json.dumps(result).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    wait_child(pid)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    result = json.loads(data)
    if "error" in result:
        raise AssertionError(f"the child failed: {result['error']}")
    return result["ok"]


def wait_child(pid: int, timeout_s: float = 60.0) -> int:
    """Wait for a forked child; kill it and fail if it hangs (a fork taken mid-lock)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        time.sleep(0.005)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    raise AssertionError(f"the child {pid} hung for {timeout_s} s and was killed")
