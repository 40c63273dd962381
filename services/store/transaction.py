"""A transaction: changes staged in memory, written as one record on commit."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, NamedTuple, Protocol

import msgspec

from services.errors import StoreError
from services.store.files import Tables
from services.store.frozen import freeze_doc
from services.store.ids import check_collection, new_id

Doc = dict[str, Any]
Predicate = Callable[[Doc], bool]
Key = tuple[str, str]


class Change(NamedTuple):
    """One document a commit changed: ``before`` is None for an insert, ``after`` for a delete."""

    collection: str
    id: str
    before: Doc | None
    after: Doc | None


def copy_doc(doc: Doc) -> Doc:
    """Return a copy of a stored document: a new dict; nested values are frozen and shared."""
    return doc.copy()


def normalize(doc: Doc) -> Doc:
    """Return ``doc`` as it reads back from disk (JSON types, nested values frozen)."""
    try:
        return freeze_doc(msgspec.json.decode(msgspec.json.encode(doc)))
    except (TypeError, msgspec.EncodeError) as exc:
        raise StoreError(f"cannot store this value: {exc}") from exc


class Committed(Protocol):
    """What a transaction reads: the committed tables (``Store`` has them)."""

    @property
    def tables(self) -> Tables: ...


class Transaction:
    """Stage inserts, updates and deletes; ``Store.transaction`` commits them as one record.

    Reads (``get``, ``all``, ``search``) see the staged changes. Each document returned is a
    new dict; its nested lists and dicts are shared read-only values (services.store.frozen).
    """

    def __init__(self, store: Committed, origin: str) -> None:
        self.origin = origin
        self._store = store
        self._staged: dict[Key, Doc | None] = {}
        self._before: dict[Key, Doc | None] = {}

    # -- reads --------------------------------------------------------------------------------

    def _current(self, collection: str, doc_id: str) -> Doc | None:
        key = (collection, doc_id)
        if key in self._staged:
            return self._staged[key]
        return self._store.tables.get(collection, {}).get(doc_id)

    def _view(self, collection: str) -> Iterator[Doc]:
        check_collection(collection)
        table = self._store.tables.get(collection, {})
        mine = {doc_id: doc for (name, doc_id), doc in self._staged.items() if name == collection}
        if not mine:
            yield from table.values()
            return
        for doc_id, doc in table.items():
            current = mine.get(doc_id, doc)
            if current is not None:
                yield current
        for doc_id, staged in mine.items():
            if staged is not None and doc_id not in table:
                yield staged

    def get(self, collection: str, doc_id: str) -> Doc | None:
        """Return a copy of one document, or None."""
        check_collection(collection)
        doc = self._current(collection, doc_id)
        return None if doc is None else copy_doc(doc)

    def all(self, collection: str) -> list[Doc]:
        """Return copies of every document, in insertion order."""
        return [copy_doc(doc) for doc in self._view(collection)]

    def search(self, collection: str, predicate: Predicate) -> list[Doc]:
        """Return copies of the documents for which ``predicate(doc)`` is true."""
        return [copy_doc(doc) for doc in self._view(collection) if predicate(doc)]

    def select(
        self, collection: str, fields: tuple[str, ...], predicate: Predicate | None = None
    ) -> list[tuple[Any, ...]]:
        """Return tuples of ``fields`` of the (matching) documents, through the staged changes."""
        return [
            tuple(doc.get(name) for name in fields)
            for doc in self._view(collection)
            if predicate is None or predicate(doc)
        ]

    # -- writes -------------------------------------------------------------------------------

    def _stage(self, collection: str, doc_id: str, doc: Doc | None) -> None:
        key = (collection, doc_id)
        if key not in self._before:
            self._before[key] = self._store.tables.get(collection, {}).get(doc_id)
        self._staged[key] = doc

    def insert(self, collection: str, doc: Doc) -> Doc:
        """Add a document (given an ``id`` by ``new_id`` if it has none); return a copy."""
        check_collection(collection)
        doc = normalize(doc)
        doc_id = doc.get("id")
        if doc_id is None:
            doc_id = new_id(collection)
            while self._current(collection, doc_id) is not None:
                doc_id = new_id(collection)
            doc = {"id": doc_id, **doc}
        elif not isinstance(doc_id, str) or not doc_id:
            raise StoreError(f"a document id must be a non-empty string, not {doc_id!r}")
        elif self._current(collection, doc_id) is not None:
            raise StoreError(f"{collection} already has a document {doc_id}")
        self._stage(collection, doc_id, doc)
        return copy_doc(doc)

    def update(self, collection: str, doc_id: str, fields: Doc) -> Doc:
        """Set ``fields`` on an existing document (StoreError if missing); return a copy."""
        check_collection(collection)
        current = self._current(collection, doc_id)
        if current is None:
            raise StoreError(f"{collection} has no document {doc_id}")
        doc = normalize({**current, **fields, "id": doc_id})
        self._stage(collection, doc_id, doc)
        return copy_doc(doc)

    def put(self, collection: str, doc: Doc) -> Doc:
        """Insert or replace a whole document by its ``id`` (undo, sync); return a copy."""
        check_collection(collection)
        doc_id = doc.get("id")
        if not isinstance(doc_id, str) or not doc_id:
            raise StoreError(f"put needs a document with a string id, got {doc_id!r}")
        doc = normalize(doc)
        self._stage(collection, doc_id, doc)
        return copy_doc(doc)

    def delete(self, collection: str, doc_id: str) -> Doc | None:
        """Remove a document; return a copy of it (None if there was none)."""
        check_collection(collection)
        current = self._current(collection, doc_id)
        if current is None:
            return None
        self._stage(collection, doc_id, None)
        return copy_doc(current)

    @property
    def changes(self) -> list[Change]:
        """Every document this transaction changes: its state before and after, as copies."""
        changes = []
        for key, before in self._before.items():
            after = self._staged[key]
            if before != after:
                changes.append(
                    Change(
                        key[0],
                        key[1],
                        None if before is None else copy_doc(before),
                        None if after is None else copy_doc(after),
                    )
                )
        return changes

    def ops(self) -> list[tuple[str, str, Doc | None]]:
        """Return (collection, id, after) for every change: what the journal records."""
        return [
            (key[0], key[1], self._staged[key])
            for key, before in self._before.items()
            if before != self._staged[key]
        ]
