"""The replicated state of one shared document: per-field last-writer-wins with tombstones.

``DocState`` is a state-based CRDT. Every field carries the stamp of the write that set it; a
delete leaves a tombstone stamp. ``merge`` keeps, per field, the value with the greater stamp
(ties on equal stamps, which only a node reusing stamps can produce, go to the greater
canonical JSON of the value), so merging is commutative, associative and idempotent: the same
message twice, or messages in any order, end in the same state on every device.

A document is alive when it has no tombstone or some field was written after the tombstone
(a later edit brings a deleted document back with all its fields).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from services.sync.hlc import Stamp

ID_FIELD = "id"


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)


def _wins(mine: tuple[Any, Stamp], theirs: tuple[Any, Stamp]) -> bool:
    """Return True if ``theirs`` beats ``mine`` for one field."""
    if theirs[1] != mine[1]:
        return theirs[1] > mine[1]
    return _canonical(theirs[0]) > _canonical(mine[0])


@dataclass(frozen=True)
class DocState:
    """Values and stamps of one shared document (``fields`` maps name -> (value, stamp))."""

    collection: str
    doc_id: str
    fields: Mapping[str, tuple[Any, Stamp]] = field(default_factory=dict)
    deleted: Stamp | None = None

    @property
    def key(self) -> str:
        return f"{self.collection}/{self.doc_id}"

    @property
    def newest(self) -> Stamp | None:
        """Return the greatest stamp in this state (fields and tombstone)."""
        stamps = [stamp for _, stamp in self.fields.values()]
        if self.deleted is not None:
            stamps.append(self.deleted)
        return max(stamps) if stamps else None

    @property
    def is_alive(self) -> bool:
        if self.deleted is None:
            return bool(self.fields)
        return any(stamp > self.deleted for _, stamp in self.fields.values())

    def merge(self, other: DocState) -> DocState:
        """Return the join of two states of the same document."""
        if other.key != self.key:
            raise ValueError(f"cannot merge {other.key} into {self.key}")
        fields = dict(self.fields)
        for name, theirs in other.fields.items():
            mine = fields.get(name)
            if mine is None or _wins(mine, theirs):
                fields[name] = theirs
        deleted = max(
            (stamp for stamp in (self.deleted, other.deleted) if stamp is not None),
            default=None,
        )
        return DocState(self.collection, self.doc_id, fields, deleted)

    def materialize(self) -> dict[str, Any] | None:
        """Return the document as the store holds it, or None if it is deleted."""
        if not self.is_alive:
            return None
        doc = {name: value for name, (value, _) in self.fields.items()}
        doc[ID_FIELD] = self.doc_id
        return doc

    def with_local_change(self, after: Mapping[str, Any] | None, stamp: Stamp) -> DocState:
        """Return this state with a local write (``after`` None is a delete) stamped ``stamp``.

        Only fields whose value differs from this state's get the new stamp, so a device that
        changed one field does not overwrite a concurrent change to another.
        """
        if after is None:
            return DocState(self.collection, self.doc_id, self.fields, stamp)
        current = self.materialize() or {}
        fields = dict(self.fields)
        for name, value in after.items():
            if name == ID_FIELD:
                continue
            if name not in current or _canonical(current[name]) != _canonical(value):
                fields[name] = (value, stamp)
        for name in set(current) - set(after) - {ID_FIELD}:
            if current[name] is not None:
                fields[name] = (None, stamp)  # a removed key syncs as null
        return DocState(self.collection, self.doc_id, fields, self.deleted)

    def to_wire(self) -> dict[str, Any]:
        """Return plain data for JSON (messages and the ``sync_meta`` collection)."""
        return {
            "collection": self.collection,
            "id": self.doc_id,
            "fields": {
                name: [value, stamp.encode()] for name, (value, stamp) in self.fields.items()
            },
            "deleted": self.deleted.encode() if self.deleted else None,
        }

    @classmethod
    def from_wire(cls, data: Mapping[str, Any]) -> DocState:
        """Build a state from ``to_wire`` data; raise ValueError if it is malformed."""
        try:
            fields = {
                str(name): (entry[0], Stamp.decode(entry[1]))
                for name, entry in dict(data["fields"]).items()
            }
            deleted = Stamp.decode(data["deleted"]) if data.get("deleted") else None
            return cls(str(data["collection"]), str(data["id"]), fields, deleted)
        except (KeyError, IndexError, TypeError, AttributeError) as exc:
            raise ValueError(f"malformed sync state: {exc}") from exc

    def same_as(self, other: DocState) -> bool:
        """Return True if both states hold the same values, stamps and tombstone."""
        return _canonical(self.to_wire()) == _canonical(other.to_wire())


def empty(collection: str, doc_id: str) -> DocState:
    """Return the state of a document nobody has written."""
    return DocState(collection, doc_id)
