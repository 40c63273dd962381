"""What sync needs from the store, as a Protocol (the real Store and the test fake satisfy it)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any, Protocol

# One document per shared document, id "<collection>/<id>": its replicated state (every
# field's value and stamp, the tombstone) and whether it still has to be published.
OUTBOX = "outbox"
SYNC_ORIGIN = "sync:"  # commits made by sync itself start with this and are not re-published


class SyncTransaction(Protocol):
    """One atomic read-and-write of the store (reads see the staged writes)."""

    def get(self, collection: str, doc_id: str) -> dict[str, Any] | None: ...

    def put(self, collection: str, doc: dict[str, Any]) -> None: ...

    def delete(self, collection: str, doc_id: str) -> None: ...


class SyncStore(Protocol):
    """Reads and atomic writes, each commit announced with StoreCommitted on the bus."""

    def transaction(self, origin: str) -> AbstractContextManager[SyncTransaction]: ...

    def get(self, collection: str, doc_id: str) -> dict[str, Any] | None: ...

    def all(self, collection: str) -> list[dict[str, Any]]: ...
