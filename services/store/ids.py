"""Collections and document ids.

An id is a short collection prefix, a dash and 12 hex digits of randomness ("t-3f9a1c0b7e2d").
Ids are made on every device without coordination, so they must not collide across devices:
12 hex digits are 48 bits, and the chance that any two of n ids collide is about
n**2 / 2**49. For a million ids over all devices (far more than a household or a small office
makes) that is under 0.2 %; for 100,000 it is about 2 in 100,000. A collision inside one store
cannot happen at all: ``Transaction.insert`` draws again when the id is already taken.
"""

from __future__ import annotations

import secrets

from services.errors import StoreError

# Each collection and the prefix of its ids.
PREFIXES: dict[str, str] = {
    "tasks": "t",
    "projects": "p",
    "people": "u",
    "reminders": "r",
    "timers": "tm",
    "meetings": "m",
    "messages": "msg",
    "commands": "c",  # the command log: utterance, parse, timings, outcome, undo images
    "outbox": "o",  # durable MQTT outbox for sync
}
COLLECTIONS: tuple[str, ...] = tuple(PREFIXES)
META = "meta"  # one document, "store": schema version and the last committed sequence number
META_ID = "store"
ID_HEX_DIGITS = 12


def check_collection(collection: str) -> None:
    """Raise StoreError unless ``collection`` is one of COLLECTIONS."""
    if collection not in PREFIXES:
        known = ", ".join(COLLECTIONS)
        raise StoreError(f"unknown collection {collection!r} (known: {known})")


def new_id(collection: str) -> str:
    """Return a fresh id for a document of ``collection``, such as ``t-3f9a1c0b7e2d``."""
    check_collection(collection)
    return f"{PREFIXES[collection]}-{secrets.token_hex(ID_HEX_DIGITS // 2)}"
