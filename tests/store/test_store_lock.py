"""The single-writer lock, held by another real process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from services.store import Store, StoreLockedError

ROOT = Path(__file__).resolve().parents[2]
HOLDER = """
import sys
from services.store import Store
store = Store.open(sys.argv[1])
print("ready", flush=True)
sys.stdin.read()  # hold the lock until the test closes our stdin
store.close()
"""


def test_a_second_process_gets_a_clear_locked_error(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreLockedError) as caught:
            Store.open(tmp_path)
        assert str(tmp_path) in caught.value.message
        assert f"pid {holder.pid}" in caught.value.message
    finally:
        holder.stdin.close()
        assert holder.wait(timeout=30) == 0
    with Store.open(tmp_path) as store:  # released on close
        assert store.count("tasks") == 0


def test_the_lock_dies_with_its_process(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert holder.stdout.readline().strip() == "ready"
    holder.kill()
    holder.wait(timeout=30)
    holder.stdin.close()
    holder.stdout.close()
    with Store.open(tmp_path) as store:
        assert store.seq == 0


def test_the_same_process_cannot_open_a_store_twice(tmp_path: Path) -> None:
    with Store.open(tmp_path), pytest.raises(StoreLockedError, match=f"pid {os.getpid()}"):
        Store.open(tmp_path)
