"""Inbound command payloads: size limit, UTF-8, and a schema per command.

A payload is either plain text or a JSON object (when it starts with ``{``). JSON objects are
decoded with msgspec into the structs below, which refuse unknown keys and wrong types.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Literal

import msgspec


class InvalidPayloadError(ValueError):
    """A command payload is too large, not text, or does not match its schema."""

    def __init__(self, message: str, code: str = "schema") -> None:
        super().__init__(message)
        self.code = code  # "size" or "schema": the reason code in the refusal a sender gets


class TextRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``cmd/text``: run ``text`` as if spoken."""

    text: str
    reply_topic: str | None = None
    id: str | int | None = None  # echoed back in the result, to match requests and results
    conversation: str | None = None
    source: str | None = None  # who is asking (rate limits are per source)


class SayRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``cmd/say``: speak ``text``."""

    text: str
    source: str | None = None


class MuteRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``cmd/mute``: mute, unmute or toggle."""

    mute: Literal["on", "off", "toggle"] = "toggle"
    source: str | None = None


class PlainRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``cmd/listen`` and ``cmd/cancel``."""

    source: str | None = None
    job_id: str | None = None


Request = TextRequest | SayRequest | MuteRequest | PlainRequest


@dataclass(frozen=True)
class Inbound:
    """One validated command."""

    command: str  # text | say | listen | cancel | mute
    request: Request
    is_broadcast: bool


_STRUCTS: dict[str, type[Request]] = {
    "text": TextRequest,
    "say": SayRequest,
    "mute": MuteRequest,
    "listen": PlainRequest,
    "cancel": PlainRequest,
}
_MAX_TEXT_CHARS = 1000


def _from_plain(command: str, text: str) -> Request:
    match command:
        case "text":
            return TextRequest(text=text)
        case "say":
            return SayRequest(text=text)
        case "mute":
            match text.lower() or "toggle":
                case "on" | "off" | "toggle" as word:
                    return MuteRequest(mute=word)
                case _:
                    raise InvalidPayloadError(f"cmd/mute takes on, off or toggle, not {text!r}")
        case _:
            return PlainRequest()


def decode(command: str, payload: bytes, max_bytes: int, is_broadcast: bool = False) -> Inbound:
    """Validate one command payload; raise InvalidPayloadError if it is refused."""
    if len(payload) > max_bytes:
        raise InvalidPayloadError(
            f"payload of {len(payload)} bytes is over {max_bytes}", code="size"
        )
    try:
        text = payload.decode("utf-8").strip()
    except UnicodeDecodeError as exc:
        raise InvalidPayloadError("payload is not UTF-8 text") from exc
    if text.startswith("{"):
        try:
            request = msgspec.json.decode(text, type=_STRUCTS[command])
        except msgspec.DecodeError as exc:
            raise InvalidPayloadError(f"cmd/{command}: {exc}") from exc
    else:
        request = _from_plain(command, text)
    spoken = getattr(request, "text", None)
    if spoken is not None and not (0 < len(spoken.strip()) <= _MAX_TEXT_CHARS):
        raise InvalidPayloadError(
            f"cmd/{command}: text must have 1 to {_MAX_TEXT_CHARS} characters"
        )
    return Inbound(command, request, is_broadcast)


_SALVAGE_MAX_BYTES = 256 * 1024  # past this a refused payload is not read at all


def return_address(payload: bytes) -> tuple[str | None, str | int | None, str | None]:
    """Read ``(reply_topic, id, text)`` from a payload that was refused, where they can be read.

    A sender waiting on its reply topic must learn that its command was refused, so a payload
    that failed its schema (an unknown key, a wrong type, too long) is read once more, leniently,
    for where to answer and the id to answer with. Anything unreadable gives None.
    """
    if len(payload) > _SALVAGE_MAX_BYTES:
        return None, None, None
    try:
        data = json.loads(payload)
    except (ValueError, UnicodeDecodeError):
        return None, None, None
    if not isinstance(data, dict):
        return None, None, None
    reply_topic = data.get("reply_topic")
    ident = data.get("id")
    text = data.get("text")
    return (
        reply_topic if isinstance(reply_topic, str) else None,
        ident if isinstance(ident, str | int) and not isinstance(ident, bool) else None,
        text if isinstance(text, str) else None,
    )
