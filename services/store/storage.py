"""Where the store's tables live on disk: the journal backend and stock TinyDB JSON.

Both keep the same files: ``store.json`` is a TinyDB JSON file (open it with ``TinyDB(path)``).

- ``JournalBackend`` appends one fsynced record per commit to ``store.journal`` and rewrites
  ``store.json`` (temp file, fsync, rename, fsync the directory) only on compaction, close and
  backup. A commit costs one small append, whatever the size of the store.
- ``JsonBackend`` is TinyDB's stock ``JSONStorage``: every commit rewrites the whole file in
  place. It is here so the benchmark can compare the two; a crash in the middle of its write
  leaves a damaged file, which the store then replaces from a backup.

``LiveStorage`` lets a ``tinydb.TinyDB`` read the store's tables in memory (``Store.db``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import JSONStorage, Storage
from tinydb.table import Table

from services.errors import StoreError
from services.store.files import Tables, atomic_write, encode_tables, fsync_dir, load_tables
from services.store.journal import JournalFile, Op, Scan, encode_record, scan

SNAPSHOT = "store.json"
JOURNAL = "store.journal"


class JournalBackend:
    """A snapshot plus an append-only journal."""

    name = "journal"
    needs_tables = False  # commit() gets the ops only

    def __init__(self, state_dir: Path) -> None:
        self.snapshot_path = state_dir / SNAPSHOT
        self.journal_path = state_dir / JOURNAL
        is_new = not self.journal_path.exists()
        self.journal = JournalFile(self.journal_path)
        if is_new:
            fsync_dir(state_dir)
        self.bytes_written = 0

    def load_snapshot(self) -> Tables | None:
        """Read the snapshot: None if there is none, SnapshotInvalid if it is bad."""
        return load_tables(self.snapshot_path)

    def scan_journal(self) -> Scan:
        """Read and check the journal."""
        return scan(self.journal.read())

    def commit(self, seq: int, ops: list[Op], tables: Tables | None) -> None:
        """Append one record; it is on disk when this returns."""
        record = encode_record(seq, ops)
        self.journal.append(record)
        self.bytes_written += len(record)

    def write_snapshot(self, tables: Tables) -> None:
        """Rewrite the snapshot atomically, then empty the journal it now contains."""
        data = encode_tables(tables)
        atomic_write(self.snapshot_path, data)
        self.bytes_written += len(data)
        self.journal.truncate(0)

    def cut_journal(self, size: int) -> None:
        """Drop a torn tail from the journal."""
        self.journal.truncate(size)

    def journal_bytes(self) -> int:
        return self.journal.size

    def set_aside(self, suffix: str) -> list[Path]:
        """Rename the journal to ``store.journal<suffix>`` and start an empty one."""
        self.journal.close()
        moved = self.journal_path.with_name(self.journal_path.name + suffix)
        os.replace(self.journal_path, moved)
        self.journal = JournalFile(self.journal_path)
        fsync_dir(self.journal_path.parent)
        return [moved]

    def close(self) -> None:
        self.journal.close()


class JsonBackend:
    """TinyDB's stock JSONStorage: the whole file rewritten on every commit.

    A journal left by the journal backend (the setting was changed) is replayed on open and
    then folded into the file, so switching ``store.storage`` loses nothing.
    """

    name = "json"
    needs_tables = True  # commit() gets the whole new state

    def __init__(self, state_dir: Path) -> None:
        self.snapshot_path = state_dir / SNAPSHOT
        self.journal_path = state_dir / JOURNAL
        self._storage = JSONStorage(os.fspath(self.snapshot_path))
        self.bytes_written = 0

    def load_snapshot(self) -> Tables | None:
        """Read the file: None if there is none, SnapshotInvalid if it is bad."""
        return load_tables(self.snapshot_path)

    def scan_journal(self) -> Scan:
        """Read a journal the journal backend left behind (usually there is none)."""
        try:
            return scan(self.journal_path.read_bytes())
        except FileNotFoundError:
            return Scan()

    def commit(self, seq: int, ops: list[Op], tables: Tables | None) -> None:
        """Rewrite the whole file with ``tables`` (JSONStorage.write: write, fsync, truncate)."""
        assert tables is not None
        self._storage.write(tables)
        self.bytes_written += os.path.getsize(self.snapshot_path)

    def write_snapshot(self, tables: Tables) -> None:
        """Replace the file atomically, reopen it, and drop a leftover journal it now holds."""
        self._storage.close()
        data = encode_tables(tables)
        atomic_write(self.snapshot_path, data)
        self.bytes_written += len(data)
        self._storage = JSONStorage(os.fspath(self.snapshot_path))
        if self.journal_path.exists():
            self.journal_path.unlink()
            fsync_dir(self.journal_path.parent)

    def cut_journal(self, size: int) -> None:
        """Leave a leftover journal's torn tail: the next snapshot removes the whole file."""

    def journal_bytes(self) -> int:
        return 0

    def set_aside(self, suffix: str) -> list[Path]:
        """Rename a leftover journal to ``store.journal<suffix>``."""
        if not self.journal_path.exists():
            return []
        moved = self.journal_path.with_name(self.journal_path.name + suffix)
        os.replace(self.journal_path, moved)
        return [moved]

    def close(self) -> None:
        self._storage.close()


Backend = JournalBackend | JsonBackend


def open_backend(kind: str, state_dir: Path) -> Backend:
    """Return the backend named by the ``store.storage`` setting."""
    if kind == "journal":
        return JournalBackend(state_dir)
    if kind == "json":
        return JsonBackend(state_dir)
    raise StoreError(f"unknown storage {kind!r}: use 'journal' or 'json'")


class LiveStorage(Storage):
    """A read-only TinyDB storage over the store's tables in memory."""

    def __init__(self, source: Any) -> None:
        self._source = source  # anything with a ``tables`` attribute (the Store)

    def read(self) -> Tables:
        tables: Tables = self._source.tables
        return tables

    def write(self, data: Tables) -> None:
        raise StoreError("Store.db is read-only: write through Store.transaction()")


def _read_only(*args: Any, **kwargs: Any) -> Any:
    raise StoreError("Store.db is read-only: write through Store.transaction()")


class StringIdTable(Table):
    """A read-only TinyDB table whose document ids are the store's string ids."""

    document_id_class = str  # type: ignore[assignment]  # TinyDB types ids as int; ours are str
    insert = insert_multiple = update = update_multiple = upsert = _read_only
    remove = truncate = _read_only


class LiveDB(TinyDB):
    """The TinyDB view of a store (``Store.db``)."""

    table_class = StringIdTable
