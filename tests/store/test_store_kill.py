"""The kill test: commit in a loop, SIGKILL at random moments, check nothing reported is lost.

A child process commits commands (a task plus its command-log record per transaction) and
writes each number to a pipe only after ``transaction()`` returned. The parent kills it with
SIGKILL after a random delay, 200 times, and after every kill opens the store and checks that

- every reported command is there (a returned commit is durable),
- each child's commands are a gap-free run from its first number (no commit lost in between),
- tasks and commands match one for one (a transaction is all or nothing).

The children compact often (a small ``compact_bytes``), so kills also land inside snapshot
rewrites. SIGKILL models a process crash; a power cut's torn or zero-filled journal tail is
covered by the property test in test_store_recovery.py.
"""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

import pytest

from services.store import Store
from tests.store.support import add_command

KILLS = 200
RUN = 1_000_000  # each child numbers its commands from i * RUN


def _commit_forever(state: Path, first: int, report_fd: int) -> None:
    store = Store.open(state, compact_bytes=3000)
    number = first
    while True:
        add_command(store, number)
        os.write(report_fd, b"%d\n" % number)  # under PIPE_BUF: written whole or not at all
        number += 1


def _run_and_kill(state: Path, first: int, delay: float) -> list[int]:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        try:
            _commit_forever(state, first, write_fd)
        finally:
            os._exit(1)
    os.close(write_fd)
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    with os.fdopen(read_fd, "rb") as pipe:
        lines = pipe.read().split(b"\n")
    # a child that failed (rather than being killed) would exit 1: that is a bug, not a crash
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    return [int(line) for line in lines if line]


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_no_returned_commit(tmp_path: Path) -> None:
    seed = random.randrange(1 << 30)
    chooser = random.Random(seed)
    state = tmp_path / "state"
    reported_total = unreported_total = 0
    for kill in range(KILLS):
        first = kill * RUN
        reported = _run_and_kill(state, first, chooser.uniform(0.0, 0.05))
        with Store.open(state) as store:
            commands = {doc["n"] for doc in store.all("commands")}
            tasks = {doc["n"] for doc in store.all("tasks")}
        context = f"kill {kill}, seed {seed}"
        assert set(reported) <= commands, f"{context}: a returned commit was lost"
        mine = sorted(n for n in commands if first <= n < first + RUN)
        assert mine == list(range(first, first + len(mine))), f"{context}: a gap"
        assert tasks == commands, f"{context}: half a transaction"
        reported_total += len(reported)
        unreported_total += len(mine) - len(reported)
    print(
        f"{KILLS} kills: {reported_total} commits reported, {unreported_total} durable but "
        f"killed before reporting (seed {seed})"
    )
    assert reported_total > KILLS  # the children did commit, typically several times each
