"""Schema versions and the migrations between them.

The version lives in the snapshot's ``meta`` table (``{"store": {"schema_version": N}}``).
``MIGRATIONS[n]`` turns a version-n database into version n+1; ``migrate`` runs them in order
on open and on restore. A database newer than this code is refused rather than damaged.

Version 0 is a plain TinyDB file from before the store existed: TinyDB's own integer document
ids, no ``id`` field in the documents, no meta table. Version 1 keys every document by its
``id`` string (the id used in commands, the CLI and sync).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from services.errors import StoreError
from services.store.files import Tables
from services.store.ids import META, META_ID, PREFIXES, new_id

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1


def schema_version(tables: Tables) -> int:
    """Return the schema version recorded in ``tables`` (0 when there is none)."""
    version = tables.get(META, {}).get(META_ID, {}).get("schema_version", 0)
    if not isinstance(version, int) or version < 0:
        raise StoreError(f"the store's schema version {version!r} is not a version number")
    return version


def _v0_to_v1(tables: Tables) -> Tables:
    migrated: Tables = {}
    for name, table in tables.items():
        if name not in PREFIXES:
            migrated[name] = table
            continue
        rekeyed: dict[str, dict[str, Any]] = {}
        for doc in table.values():
            doc_id = doc.get("id")
            if not isinstance(doc_id, str) or not doc_id or doc_id in rekeyed:
                doc_id = new_id(name)
            rekeyed[doc_id] = {**doc, "id": doc_id}
        migrated[name] = rekeyed
    return migrated


MIGRATIONS: dict[int, Callable[[Tables], Tables]] = {0: _v0_to_v1}


def migrate(tables: Tables, target: int = SCHEMA_VERSION) -> tuple[Tables, int]:
    """Run the migrations from the recorded version up to ``target``; return (tables, from)."""
    start = schema_version(tables)
    if start > target:
        raise StoreError(
            f"the store was written by a newer Parley (schema {start}); "
            f"this one reads schema {target} and older"
        )
    for version in range(start, target):
        log.warning("migrating the store from schema %d to %d", version, version + 1)
        tables = MIGRATIONS[version](tables)
        meta = dict(tables.get(META, {}).get(META_ID, {}))
        meta["schema_version"] = version + 1
        tables[META] = {META_ID: meta}
    return tables, start
