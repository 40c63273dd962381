"""The store's single-writer lock: an exclusive, non-blocking flock on state_dir/parley.lock."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from services.errors import StoreAccessError, StoreError, StoreLockedError

LOCK_FILE = "parley.lock"


def _holder(fd: int) -> str:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return "unknown"
    return text if text.isdigit() else "unknown"


def acquire(state_dir: Path) -> int:
    """Take the lock and write our pid into the file; return its descriptor.

    The kernel drops the lock when the process dies, so a crash never leaves it stuck.
    """
    path = state_dir / LOCK_FILE
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except PermissionError as exc:
        raise StoreAccessError(f"cannot open the store in {state_dir}: {exc.strerror}") from exc
    except OSError as exc:
        raise StoreError(f"cannot open the store in {state_dir}: {exc.strerror}") from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as exc:
        pid = _holder(fd)
        os.close(fd)
        raise StoreLockedError(
            f"the store in {state_dir} is in use by another process (pid {pid})"
        ) from exc
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    except OSError as exc:
        os.close(fd)
        raise StoreError(f"cannot write to the store in {state_dir}: {exc.strerror}") from exc
    return fd


def release(fd: int) -> None:
    """Drop the lock (closing the descriptor releases it)."""
    os.close(fd)
