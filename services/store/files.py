"""Crash-safe file writes and loading a snapshot (a TinyDB JSON file)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import msgspec

Tables = dict[str, dict[str, dict[str, Any]]]


class SnapshotInvalid(Exception):
    """A snapshot file exists but does not hold a TinyDB database."""


def fsync_dir(directory: Path) -> None:
    """Make a rename or a new file in ``directory`` durable."""
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data``: temp file, fsync, rename over, fsync the directory.

    A reader (or a crash) sees the old file or the new one, never a mix.
    """
    temp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def encode_tables(tables: Tables) -> bytes:
    """Return ``tables`` as TinyDB's JSON file format."""
    return msgspec.json.encode(tables)


def decode_tables(data: bytes, name: str = "snapshot") -> Tables:
    """Parse TinyDB JSON bytes, raising SnapshotInvalid unless they hold tables of documents."""
    try:
        tables = msgspec.json.decode(data)
    except msgspec.DecodeError as exc:
        raise SnapshotInvalid(f"{name} is not JSON ({exc})") from exc
    if not isinstance(tables, dict):
        raise SnapshotInvalid(f"{name} does not hold a JSON object of tables")
    for table_name, table in tables.items():
        if not isinstance(table, dict) or not all(isinstance(d, dict) for d in table.values()):
            raise SnapshotInvalid(f"{name}: table {table_name!r} is not a table of documents")
    return tables


def load_tables(path: Path) -> Tables | None:
    """Load a snapshot; None when the file is missing or empty (a new store)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    if not data:
        return None
    return decode_tables(data, path.name)
