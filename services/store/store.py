"""The store: TinyDB tables in memory, made durable by a journal (or stock JSON).

Only one process writes a state directory at a time (``parley.lock``). Reads are served from
memory; every commit is on disk before ``transaction()`` returns. Opening replays the journal
over the snapshot, drops a torn last record, and recovers from damage by moving the bad files
aside and restoring the newest good backup, loudly.
"""

from __future__ import annotations

import errno
import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from services.errors import StoreError, StoreFullError
from services.events import EventBus, StoreCommitted
from services.store import lock
from services.store.backups import list_backups, stamp, taken_at, write_backup
from services.store.files import SnapshotInvalid, Tables, load_tables
from services.store.frozen import freeze_doc
from services.store.ids import COLLECTIONS, META, META_ID, check_collection
from services.store.journal import Op
from services.store.migrations import SCHEMA_VERSION, migrate, schema_version
from services.store.storage import Backend, LiveDB, LiveStorage, open_backend
from services.store.transaction import Change, Doc, Predicate, Transaction, copy_doc

log = logging.getLogger(__name__)

BACKUP_DIR = "backups"
_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def new_tables() -> Tables:
    """Return the tables of an empty store at the current schema version."""
    tables: Tables = {name: {} for name in COLLECTIONS}
    tables[META] = {META_ID: {"schema_version": SCHEMA_VERSION, "seq": 0}}
    return tables


def _seq_of(tables: Tables) -> int:
    seq = tables.get(META, {}).get(META_ID, {}).get("seq", 0)
    return seq if isinstance(seq, int) else 0


def _apply(tables: Tables, ops: list[Op]) -> None:
    for collection, doc_id, after in ops:
        table = tables.setdefault(collection, {})
        if after is None:
            table.pop(doc_id, None)
        else:
            table[doc_id] = after


def _replay(tables: Tables, records: list[dict[str, Any]]) -> tuple[int, bool]:
    """Apply the records that follow the tables' seq, in order; return (seq, has_gap)."""
    seq = _seq_of(tables)
    for record in records:
        if record["seq"] <= seq:
            continue  # already in the snapshot
        if record["seq"] != seq + 1:
            return seq, True
        _apply(tables, [tuple(op) for op in record["ops"]])
        seq = record["seq"]
    return seq, False


def _write_error(exc: OSError, path: Path) -> StoreError:
    where = f"{path}: {exc.strerror or exc}"
    kind: type[StoreError] = StoreError
    if exc.errno in _FULL:
        kind, what = StoreFullError, "disk full: the command was not saved"
    elif exc.errno == errno.EROFS:
        what = "the disk is read-only: the command was not saved"
    elif exc.errno == errno.EIO:
        what = "the disk failed (I/O error): the command was not saved"
    else:
        what = "the command was not saved"
    return kind(f"{what} ({where})", spoken=what)  # the reply says ``what`` aloud


def _make_dir(state_dir: Path) -> None:
    try:
        state_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise StoreError(f"cannot create the state directory {state_dir}: {reason}") from exc


class Store:
    """Parley's task store. Open with ``Store.open(state_dir)``; see the package docstring."""

    def __init__(
        self, state_dir: Path, backend: Backend, lock_fd: int, *, compact_bytes: int, backups: int
    ) -> None:
        self.state_dir = state_dir
        self.tables: Tables = new_tables()
        self.last_changes: list[Change] = []
        self.db = LiveDB(self, storage=LiveStorage)
        self._backend = backend
        self._lock_fd = lock_fd
        self._compact_bytes = compact_bytes
        self._keep_backups = backups
        self._bus: EventBus | None = None
        self._mutex = threading.RLock()
        self._seq = 0
        self._commits = 0
        self._is_closed = False
        self._in_transaction = False

    @classmethod
    def open(
        cls,
        state_dir: Path | str,
        *,
        storage: str = "journal",
        compact_bytes: int = 4_000_000,
        backups: int = 7,
        bus: EventBus | None = None,
    ) -> Store:
        """Open (creating if needed) the store in ``state_dir`` and take its lock."""
        state_dir = Path(state_dir)
        _make_dir(state_dir)
        lock_fd = lock.acquire(state_dir)
        try:
            backend = open_backend(storage, state_dir)
        except OSError as exc:
            lock.release(lock_fd)
            raise StoreError(f"cannot open the store in {state_dir}: {exc.strerror}") from exc
        except BaseException:
            lock.release(lock_fd)
            raise
        store = cls(state_dir, backend, lock_fd, compact_bytes=compact_bytes, backups=backups)
        try:
            store._load()
        except OSError as exc:
            store._release()
            reason = exc.strerror or str(exc)
            raise StoreError(f"cannot open the store in {state_dir}: {reason}") from exc
        except BaseException:
            store._release()
            raise
        store._bus = bus
        log.info("store open: %s (%s, seq %d)", state_dir, storage, store._seq)
        return store

    # -- properties ---------------------------------------------------------------------------

    @property
    def path(self) -> Path:
        """The snapshot file (a TinyDB JSON file)."""
        return self._backend.snapshot_path

    @property
    def backup_dir(self) -> Path:
        """Where the rotating backups are kept."""
        return self.state_dir / BACKUP_DIR

    @property
    def schema_version(self) -> int:
        """The schema version of the open store (SCHEMA_VERSION once migrated)."""
        return schema_version(self.tables)

    @property
    def seq(self) -> int:
        """The sequence number of the last commit."""
        return self._seq

    # -- loading and recovery -----------------------------------------------------------------

    def _load(self) -> None:
        try:
            snapshot = self._backend.load_snapshot()
            snapshot_problem = ""
        except SnapshotInvalid as exc:  # unreadable (OSError) is not damaged: open fails
            snapshot, snapshot_problem = None, str(exc)
        scan = self._backend.scan_journal()
        if scan.problem == "torn":
            log.warning(
                "dropping a torn last record from %s (%s): a commit that never returned",
                self._backend.snapshot_path.with_suffix(".journal"),
                scan.detail,
            )
            self._backend.cut_journal(scan.good_bytes)
        if snapshot_problem or scan.problem == "corrupt":
            journal_problem = scan.detail if scan.problem == "corrupt" else ""
            self._recover(snapshot, scan.records, snapshot_problem, journal_problem)
        else:
            tables = snapshot if snapshot is not None else new_tables()
            seq, has_gap = _replay(tables, scan.records)
            self._install(tables, seq)
            if has_gap:  # without a snapshot, look for a backup the journal continues
                base = self.tables if snapshot is not None else None
                self._recover(base, scan.records, "", f"the journal skips a commit after {seq}")
            elif snapshot is None or (scan.records and self._backend.name == "json"):
                self._write_snapshot()  # a new store, or a journal to fold into the file
        self._migrate()

    def _recover(
        self,
        snapshot: Tables | None,
        records: list[dict[str, Any]],
        snapshot_problem: str,
        journal: str,
    ) -> None:
        suffix = f".corrupt-{stamp()}"
        moved: list[Path] = []
        if snapshot_problem and self.path.exists():
            log.critical("STORE DAMAGED: %s does not load: %s", self.path, snapshot_problem)
            moved.append(self.path.with_name(self.path.name + suffix))
            os.replace(self.path, moved[-1])
        if journal:
            log.critical("STORE DAMAGED: the journal is corrupt: %s", journal)
            moved.extend(self._backend.set_aside(suffix))
        source, tables = self._best_base(snapshot)
        seq, _ = _replay(tables, records)
        self._install(tables, seq)
        self._write_snapshot()
        log.critical(
            "STORE RECOVERED from %s up to commit %d; damaged files kept as %s",
            source,
            seq,
            ", ".join(str(path) for path in moved) or "(none)",
        )

    def _best_base(self, snapshot: Tables | None) -> tuple[str, Tables]:
        if snapshot is not None:
            return "the snapshot", snapshot
        for path in list_backups(self.backup_dir):
            try:
                tables = load_tables(path)
                if tables is not None:
                    schema_version(tables)
                    return str(path), tables
            except (SnapshotInvalid, StoreError, OSError) as exc:
                log.error("backup %s does not load either: %s", path, exc)
        log.critical("STORE LOST: no usable backup in %s, starting EMPTY", self.backup_dir)
        return "nothing (empty store)", new_tables()

    def _migrate(self) -> None:
        version = self.schema_version
        if version == SCHEMA_VERSION:
            return
        if version < SCHEMA_VERSION:
            write_backup(
                self.backup_dir, self.tables, f"before-migration-v{version}", self._keep_backups
            )
        tables, _ = migrate(self.tables)
        self._install(tables, self._seq)
        self._write_snapshot()

    def _install(self, tables: Tables, seq: int) -> None:
        for name in (*COLLECTIONS, META):
            tables.setdefault(name, {})
        for table in tables.values():  # loaded documents: freeze what reads will share
            for doc_id, doc in table.items():
                table[doc_id] = freeze_doc(doc)
        tables[META].setdefault(META_ID, {"schema_version": 0})
        self.tables = tables
        self._seq = seq
        self._clear_caches(tables)

    def _clear_caches(self, names: Any) -> None:
        for name in names:
            self.db.table(name).clear_cache()

    def _write_snapshot(self) -> None:
        meta = self.tables[META]
        meta[META_ID] = {**meta.get(META_ID, {}), "seq": self._seq}
        self._backend.write_snapshot(self.tables)

    # -- reads --------------------------------------------------------------------------------

    def _table(self, collection: str) -> dict[str, Doc]:
        check_collection(collection)
        return self.tables[collection]

    def get(self, collection: str, doc_id: str) -> Doc | None:
        """Return a copy of one document, or None."""
        with self._mutex:
            doc = self._table(collection).get(doc_id)
            return None if doc is None else copy_doc(doc)

    def all(self, collection: str) -> list[Doc]:
        """Return every document (new dicts, nested values read-only), in insertion order."""
        with self._mutex:
            return [copy_doc(doc) for doc in self._table(collection).values()]

    def search(self, collection: str, predicate: Predicate) -> list[Doc]:
        """Return copies of the documents for which ``predicate(doc)`` is true.

        ``predicate`` is any callable, a ``tinydb.Query`` included.
        """
        with self._mutex:
            docs = self._table(collection).values()
            return [copy_doc(doc) for doc in docs if predicate(doc)]

    def select(
        self, collection: str, fields: tuple[str, ...], predicate: Predicate | None = None
    ) -> list[tuple[Any, ...]]:
        """Return tuples of ``fields`` of the (matching) documents, copying no document.

        The hot paths (fuzzy matching over 10,000 titles, queries) need a few fields of many
        documents; copying every document costs more than the matching itself.
        """
        with self._mutex:
            docs = self._table(collection).values()
            return [
                tuple(doc.get(name) for name in fields)
                for doc in docs
                if predicate is None or predicate(doc)
            ]

    def count(self, collection: str, predicate: Predicate | None = None) -> int:
        """Count the documents (matching ``predicate``) without copying them."""
        with self._mutex:
            docs = self._table(collection)
            if predicate is None:
                return len(docs)
            return sum(1 for doc in docs.values() if predicate(doc))

    # -- writes -------------------------------------------------------------------------------

    @contextmanager
    def transaction(self, origin: str = "local") -> Iterator[Transaction]:
        """Stage changes; commit them as one durable record on a clean exit.

        An exception inside the block keeps nothing. Transactions run one at a time (the
        store's lock is held for the whole block), so do not open one inside another::

            with store.transaction() as tx:
                task = tx.insert("tasks", {"title": "buy milk"})
        """
        with self._mutex:
            self._check_open()
            if self._in_transaction:  # only this thread can get here while one is open
                raise StoreError("a transaction is already open in this thread")
            self._in_transaction = True
            try:
                tx = Transaction(self, origin)
                yield tx
                changes = self._commit(tx)
            finally:
                self._in_transaction = False
        if changes and self._bus is not None:
            self._bus.publish(StoreCommitted(origin=origin, changes=tuple(changes)))

    def _commit(self, tx: Transaction) -> list[Change]:
        ops = tx.ops()
        if not ops:
            self.last_changes = []
            return []
        changes = tx.changes
        seq = self._seq + 1
        new = self._next_tables(ops, seq) if self._backend.needs_tables else None
        try:
            self._backend.commit(seq, ops, new)
        except OSError as exc:
            raise _write_error(exc, self.path) from exc
        if new is not None:
            self.tables = new
        else:
            _apply(self.tables, ops)
        self._seq = seq
        self._commits += 1
        self.last_changes = changes
        self._clear_caches({op[0] for op in ops})
        self._maybe_compact()
        return changes

    def _next_tables(self, ops: list[Op], seq: int) -> Tables:
        """Copy-on-write the touched tables, so a failed write leaves memory as it was."""
        tables = dict(self.tables)
        for name in {op[0] for op in ops}:
            tables[name] = dict(tables[name])
        tables[META] = {META_ID: {**tables[META][META_ID], "seq": seq}}
        _apply(tables, ops)
        return tables

    def _maybe_compact(self) -> None:
        if self._backend.journal_bytes() < self._compact_bytes:
            return
        try:
            self._write_snapshot()
        except OSError as exc:  # the commit is already safe in the journal
            log.error("could not compact the store: %s", exc)

    def compact(self) -> None:
        """Rewrite the snapshot now and empty the journal."""
        with self._mutex:
            self._check_open()
            try:
                self._write_snapshot()
            except OSError as exc:
                raise _write_error(exc, self.path) from exc

    # -- backups ------------------------------------------------------------------------------

    def backup(self, reason: str = "manual") -> Path:
        """Write a backup of the whole store (compacting first); return its path."""
        with self._mutex:
            self.compact()
            try:
                path = write_backup(self.backup_dir, self.tables, reason, self._keep_backups)
            except OSError as exc:
                raise _write_error(exc, self.backup_dir) from exc
        log.info("store backed up to %s", path)
        return path

    def backups(self) -> list[Path]:
        """Return the backups, newest first."""
        return list_backups(self.backup_dir)

    def backup_if_due(self, every_hours: float, now: datetime) -> Path | None:
        """Back up when the newest backup is ``every_hours`` old (or there is none)."""
        newest = self.backups()[:1]
        taken = taken_at(newest[0]) if newest else None
        if taken is not None and now - taken < timedelta(hours=every_hours):
            return None
        return self.backup("scheduled")

    def restore(self, path: Path | str) -> None:
        """Replace the whole store with a backup, after checking it loads (backs up first)."""
        path = Path(path)
        try:
            tables = load_tables(path)
        except (SnapshotInvalid, OSError) as exc:
            raise StoreError(f"cannot restore from {path}: {exc}") from exc
        if tables is None:
            raise StoreError(f"cannot restore from {path}: the file is empty or missing")
        tables, _ = migrate(tables)
        with self._mutex:
            self.backup("before-restore")
            old, old_seq = self.tables, self._seq
            self._install(tables, max(self._seq, _seq_of(tables)))
            try:
                self._write_snapshot()
            except OSError as exc:
                self._install(old, old_seq)
                raise _write_error(exc, self.path) from exc
            changes = _diff(old, tables)
            self.last_changes = changes
        log.warning("store restored from %s (%d documents changed)", path, len(changes))
        if changes and self._bus is not None:
            self._bus.publish(StoreCommitted(origin="restore", changes=tuple(changes)))

    # -- status and closing -------------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        """Return sizes and counters (for `parley status` and the benchmark)."""
        with self._mutex:
            return {
                "storage": self._backend.name,
                "path": str(self.path),
                "schema_version": self.schema_version,
                "seq": self._seq,
                "commits": self._commits,
                "snapshot_bytes": self.path.stat().st_size if self.path.exists() else 0,
                "journal_bytes": self._backend.journal_bytes(),
                "bytes_written_total": self._backend.bytes_written,
                "documents": {name: len(self.tables[name]) for name in COLLECTIONS},
                "backups": len(self.backups()),
            }

    def _check_open(self) -> None:
        if self._is_closed:
            raise StoreError(f"the store in {self.state_dir} is closed")

    def close(self) -> None:
        """Write the snapshot, close the files and drop the lock."""
        with self._mutex:
            if self._is_closed:
                return
            try:
                self._write_snapshot()
            except OSError as exc:
                log.error("could not write the snapshot on close (the journal has it): %s", exc)
            self._release()

    def _release(self) -> None:
        self._is_closed = True
        self._backend.close()
        lock.release(self._lock_fd)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _diff(old: Tables, new: Tables) -> list[Change]:
    changes = []
    for name in COLLECTIONS:
        before_table, after_table = old.get(name, {}), new.get(name, {})
        for doc_id in before_table.keys() | after_table.keys():
            before, after = before_table.get(doc_id), after_table.get(doc_id)
            if before != after:
                changes.append(
                    Change(name, doc_id, before and copy_doc(before), after and copy_doc(after))
                )
    return changes
