"""Sync between devices: local commits -> stamped state + outbox; remote state -> merged store.

Where the stamps live: in the store collection ``outbox``, which is the sync ledger: one
document per shared document, id ``<collection>/<id>``, holding its replicated state (every
field's value and stamp, and the tombstone) and ``seq``, a sequence number set while the state
still has to be published. The domain documents stay exactly what the executor wrote (no
reserved key for it, undo or ``parley tasks --json`` to know about), a tombstone outlives the
document it deleted, and the full state is at hand to publish as one retained message that a
late device can catch up from.

The ledger entry is written in its own transaction right after the commit it records (a crash
in between is caught by ``reconcile`` at the next start). It survives restarts; ``seq`` is
cleared only when the broker acknowledged the publish of that same sequence number, so a
change made while a publish was in flight stays queued.

The engine is synchronous and single-threaded by contract: the MQTT bridge calls it from one
worker thread. Time comes in through ``now_ms`` so tests control it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from services.errors import SyncError
from services.events import StoreCommitted
from services.sync.auth import PeerAuthority
from services.sync.hlc import HybridClock
from services.sync.state import DocState, empty
from services.sync.store import OUTBOX, SYNC_ORIGIN, SyncStore

log = logging.getLogger(__name__)

WIRE_VERSION = 1
SYNC_PREFIX = "parley/sync/"


class SyncRejectedError(SyncError):
    """A sync message was refused (malformed, unauthorised, or from the far future)."""


@dataclass(frozen=True)
class Outgoing:
    """One message to publish retained, and the outbox entry it clears once acknowledged."""

    key: str
    seq: int
    topic: str
    payload: bytes


@dataclass(frozen=True)
class Applied:
    """What applying one remote message did."""

    key: str
    origin: str
    is_changed: bool  # the store changed
    is_republished: bool  # we knew more and queued our merged state


def topic_for(collection: str, doc_id: str) -> str:
    """Return the retained topic of one shared document."""
    return f"{SYNC_PREFIX}{collection}/{doc_id}"


def _plain(doc: Any) -> dict[str, Any] | None:
    return None if doc is None else dict(doc)


def _same_doc(first: dict[str, Any] | None, second: dict[str, Any] | None) -> bool:
    dump = json.dumps
    return dump(first, sort_keys=True, default=str) == dump(second, sort_keys=True, default=str)


class SyncEngine:
    """Turn local commits into outgoing state and merge incoming state into the store."""

    def __init__(
        self,
        store: SyncStore,
        device_id: str,
        collections: Iterable[str],
        authority: PeerAuthority,
        now_ms: Callable[[], int],
        max_drift_ms: int = 60_000,
    ) -> None:
        self.store = store
        self.device_id = device_id
        self.collections = frozenset(collections)
        self.authority = authority
        self.now_ms = now_ms
        self.clock = HybridClock(device_id, max_drift_ms)
        self._pending: dict[str, int] = {}  # key -> seq of what waits to be published
        self._load_ledger()

    # ---- local side -------------------------------------------------------------------------

    def record_local(self, event: StoreCommitted) -> list[str]:
        """Stamp the shared documents one local commit touched and queue them; return keys.

        What is stamped is the document as the store holds it now, not the commit's ``after``:
        the store is the truth, so a remote change merged since the commit is not overwritten.
        """
        return self.record_many([event])

    def record_many(self, events: Iterable[StoreCommitted]) -> list[str]:
        """Record several local commits in one store commit; return the keys queued."""
        keys = [
            (collection, str(doc_id))
            for event in events
            if not event.origin.startswith(SYNC_ORIGIN)
            for collection, doc_id, _before, _after in event.changes
            if collection in self.collections
        ]
        return self._record(keys) if keys else []

    def reconcile(self) -> list[str]:
        """Record every shared document whose store copy differs from its synced state.

        Run at start: it catches commits made while no bridge was listening (a one-shot CLI)
        or lost between a commit and its outbox write.
        """
        keys: list[tuple[str, str]] = []
        for collection in sorted(self.collections):
            keys.extend((collection, str(doc["id"])) for doc in self.store.all(collection))
        known = set(keys)
        for entry in self.store.all(OUTBOX):
            state = DocState.from_wire(entry["state"])
            key = (state.collection, state.doc_id)
            if state.collection in self.collections and key not in known and state.is_alive:
                keys.append(key)
        return self._record(keys)

    def _record(self, keys: list[tuple[str, str]]) -> list[str]:
        recorded: list[str] = []
        with self.store.transaction(origin=f"{SYNC_ORIGIN}{self.device_id}") as tx:
            for collection, doc_id in dict.fromkeys(keys):
                state = self._state_in(tx, collection, doc_id)
                updated = self._with_store_copy(tx, state)
                if not updated.same_as(state):
                    self._save(tx, updated, is_queued=True)
                    recorded.append(updated.key)
        return recorded

    def _with_store_copy(self, tx: Any, state: DocState) -> DocState:
        """Return ``state`` with any unrecorded local change in the store stamped into it."""
        current = _plain(tx.get(state.collection, state.doc_id))
        if _same_doc(state.materialize(), current):
            return state
        return state.with_local_change(current, self.clock.tick(self.now_ms()))

    # ---- remote side ------------------------------------------------------------------------

    def apply_remote(self, topic: str, payload: bytes) -> Applied:
        """Verify, merge and store one sync message; raise SyncRejectedError to refuse it."""
        (result,) = self.apply_many([(topic, payload)])
        if isinstance(result, SyncRejectedError):
            raise result
        return result

    def apply_many(self, messages: list[tuple[str, bytes]]) -> list[Applied | SyncRejectedError]:
        """Verify and merge several sync messages in one store commit; one result each.

        Refused messages come back as their SyncRejectedError and change nothing. Read, merge
        and write happen inside the transaction (the store's lock is held), so a local commit
        cannot slip in between and be overwritten.
        """
        results: list[Applied | SyncRejectedError | None] = [None] * len(messages)
        accepted: list[tuple[int, str, DocState]] = []
        for index, (topic, payload) in enumerate(messages):
            try:
                body, remote = self._verified(topic, payload)
            except SyncRejectedError as exc:
                results[index] = exc
                continue
            accepted.append((index, str(body["origin"]), remote))
        if accepted:
            origins = "+".join(sorted({origin for _, origin, _ in accepted}))
            with self.store.transaction(origin=f"{SYNC_ORIGIN}{origins}") as tx:
                for index, origin, remote in accepted:
                    results[index] = self._merge_in(tx, origin, remote)
        return [result for result in results if result is not None]

    def _merge_in(self, tx: Any, origin: str, remote: DocState) -> Applied:
        stored = self._state_in(tx, remote.collection, remote.doc_id)
        local = self._with_store_copy(tx, stored)
        merged = local.merge(remote)
        # Knowing more than the message is reason enough to publish, even when the merge
        # changed nothing here: sync topics are retained, so an older state just published
        # (a device back from a broker restart) is now what every late subscriber will read,
        # and a device that missed the newer state live would keep the older one for good.
        is_republished = not merged.same_as(remote)
        if is_republished or not merged.same_as(stored):
            self._save(tx, merged, is_queued=is_republished)
        is_changed = self._materialize(tx, merged)
        return Applied(merged.key, origin, is_changed, is_republished)

    def _verified(self, topic: str, payload: bytes) -> tuple[dict[str, Any], DocState]:
        try:
            body = json.loads(payload)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise SyncRejectedError(f"not JSON: {exc}") from exc
        if not isinstance(body, dict) or body.get("v") != WIRE_VERSION:
            raise SyncRejectedError("not a sync message of a known version")
        verdict = self.authority.check(topic, body)
        if not verdict.is_accepted:
            raise SyncRejectedError(verdict.reason)
        try:
            remote = DocState.from_wire(body["state"])
        except (KeyError, TypeError, ValueError) as exc:
            raise SyncRejectedError(f"malformed state: {exc}") from exc
        if remote.collection not in self.collections:
            raise SyncRejectedError(f"collection {remote.collection!r} is not shared")
        if topic != topic_for(remote.collection, remote.doc_id):
            raise SyncRejectedError("topic does not match the document")
        newest = remote.newest
        if newest is not None:
            try:
                self.clock.observe(newest, self.now_ms())
            except SyncError as exc:
                raise SyncRejectedError(exc.message) from exc
        return body, remote

    # ---- outbox -----------------------------------------------------------------------------

    @property
    def backlog(self) -> int:
        """Return how many documents wait to be published."""
        return len(self._pending)

    def pending(self, limit: int | None = None) -> list[Outgoing]:
        """Return the queued messages, oldest first."""
        keys = sorted(self._pending, key=self._pending.__getitem__)[:limit]
        outgoing = []
        for key in keys:
            collection, doc_id = key.split("/", 1)
            outgoing.append(self._message(self.state(collection, doc_id), self._pending[key]))
        return outgoing

    def acknowledge(self, acked: Iterable[Outgoing]) -> int:
        """Clear entries the broker acknowledged, unless re-queued since; return the count."""
        done = [item for item in acked if self._pending.get(item.key) == item.seq]
        if done:
            with self.store.transaction(origin=f"{SYNC_ORIGIN}{self.device_id}") as tx:
                for item in done:
                    state = self._state_in(tx, *item.key.split("/", 1))
                    tx.put(OUTBOX, {"id": item.key, "state": state.to_wire(), "seq": None})
            for item in done:
                del self._pending[item.key]
        return len(done)

    def _message(self, state: DocState, seq: int) -> Outgoing:
        topic = topic_for(state.collection, state.doc_id)
        body = {"v": WIRE_VERSION, "origin": self.device_id, "state": state.to_wire()}
        signed = self.authority.sign(topic, body)
        payload = json.dumps(signed, separators=(",", ":"), default=str).encode()
        return Outgoing(state.key, seq, topic, payload)

    # ---- state ------------------------------------------------------------------------------

    def state(self, collection: str, doc_id: str) -> DocState:
        """Return the replicated state of one document (empty if never synced)."""
        return self._state_in(self.store, collection, doc_id)

    @staticmethod
    def _state_in(reader: Any, collection: str, doc_id: str) -> DocState:
        entry = reader.get(OUTBOX, f"{collection}/{doc_id}")
        return DocState.from_wire(entry["state"]) if entry else empty(collection, doc_id)

    def _save(self, tx: Any, state: DocState, is_queued: bool) -> None:
        seq = self._pending.get(state.key)
        if is_queued:
            self._seq += 1
            seq = self._pending[state.key] = self._seq
        tx.put(OUTBOX, {"id": state.key, "state": state.to_wire(), "seq": seq})

    def _materialize(self, tx: Any, state: DocState) -> bool:
        """Write the merged document to the store; return whether it changed."""
        doc = state.materialize()
        current = _plain(tx.get(state.collection, state.doc_id))
        if _same_doc(doc, current):
            return False
        if doc is None:
            tx.delete(state.collection, state.doc_id)
        else:
            tx.put(state.collection, doc)
        return True

    def _load_ledger(self) -> None:
        """Load the queue of unpublished states and move the clock past every known stamp."""
        self._seq = 0
        newest = None
        for entry in self.store.all(OUTBOX):
            if entry.get("seq") is not None:
                self._pending[str(entry["id"])] = int(entry["seq"])
                self._seq = max(self._seq, int(entry["seq"]))
            stamp = DocState.from_wire(entry["state"]).newest
            if stamp is not None and (newest is None or stamp > newest):
                newest = stamp
        if newest is not None:
            self.clock.observe(newest, newest.wall_ms)
