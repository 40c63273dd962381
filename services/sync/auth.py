"""Who may write shared state: HMAC signatures with a shared key, and a list of peers.

Why a signature and not only a list of device ids: the origin in a payload is just text, and
anyone who can publish to the broker can write any origin. An HMAC-SHA256 over the topic and the
canonical payload proves the sender holds the key that every Parley device of the household or
office has in its config (a file only root can read). The peer list, when set, narrows further
to named devices. With no key, only the peer list is checked, which trusts the broker's own
authentication and ACLs; with neither, nothing is accepted (sync is closed by default).

Replaying an old signed message changes nothing: merging is idempotent and older stamps lose.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

SIGNATURE_FIELD = "sig"


def canonical_bytes(topic: str, body: Mapping[str, Any]) -> bytes:
    """Return the bytes a signature covers: the topic and the body without its signature."""
    unsigned = {key: value for key, value in body.items() if key != SIGNATURE_FIELD}
    text = json.dumps(unsigned, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return topic.encode() + b"\n" + text.encode()


@dataclass(frozen=True)
class Verdict:
    """Whether a message is accepted, and why not."""

    is_accepted: bool
    reason: str = ""


class PeerAuthority:
    """Sign outgoing sync messages and decide whether to accept incoming ones."""

    def __init__(self, key: bytes | None, peers: Iterable[str] = ()) -> None:
        self._key = key or None
        self._peers = frozenset(peers)

    @property
    def is_open(self) -> bool:
        """Return True if some remote message could be accepted at all."""
        return self._key is not None or bool(self._peers)

    def sign(self, topic: str, body: dict[str, Any]) -> dict[str, Any]:
        """Return ``body`` with a signature added (unchanged without a key)."""
        if self._key is None:
            return body
        digest = hmac.new(self._key, canonical_bytes(topic, body), hashlib.sha256).hexdigest()
        return {**body, SIGNATURE_FIELD: digest}

    def check(self, topic: str, body: Mapping[str, Any]) -> Verdict:
        """Accept or refuse one incoming message."""
        if not self.is_open:
            return Verdict(False, "sync is closed: no shared key and no peers configured")
        origin = body.get("origin")
        if self._peers and origin not in self._peers:
            return Verdict(False, f"origin {origin!r} is not a listed peer")
        if self._key is None:
            return Verdict(True)
        signature = body.get(SIGNATURE_FIELD)
        if not isinstance(signature, str):
            return Verdict(False, "unsigned")
        expected = hmac.new(self._key, canonical_bytes(topic, body), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(signature, expected):
            return Verdict(False, "bad signature")
        return Verdict(True)
