"""Parley's crash-safe task store (TinyDB tables, a journal, rotating backups).

    from services.store import Store
    with Store.open(state_dir) as store:
        with store.transaction(origin="local") as tx:
            task = tx.insert("tasks", {"title": "call the plumber"})
        store.get("tasks", task["id"])

Files in the state directory: ``store.json`` (the snapshot, a TinyDB JSON file),
``store.journal`` (one fsynced record per commit since the snapshot), ``backups/`` and
``parley.lock`` (the single-writer lock, holding the writer's pid).
"""

from services.errors import StoreAccessError, StoreError, StoreFullError, StoreLockedError
from services.store.ids import COLLECTIONS, new_id
from services.store.migrations import MIGRATIONS, SCHEMA_VERSION
from services.store.store import Store
from services.store.transaction import Change, Transaction

__all__ = [
    "COLLECTIONS",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "Change",
    "Store",
    "StoreAccessError",
    "StoreError",
    "StoreFullError",
    "StoreLockedError",
    "Transaction",
    "new_id",
]
