"""What the grammar makes of one clause: ``Piece``s the fast path's assembler puts in order.

A piece is an action from the catalogue, or a ``modifier`` ("due Friday", "give it to Sam",
"high priority") that the assembler folds into the new task before it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from services.errors import ResolveError
from services.nlu.timeparse import resolve_duration

MODIFIER = "modifier"


@dataclass(frozen=True)
class Piece:
    """One understood part of a clause: an action, or a modifier of the action before it."""

    type: str
    params: dict[str, Any] = field(default_factory=dict)
    # a modifier said on its own ("due Friday") applies to the task in context; a bare time
    # phrase on its own ("Friday") means nothing by itself
    is_standalone: bool = True


def duration_said(words: str | None) -> tuple[str, timedelta] | None:
    """Return ``words`` as a length of time the resolver reads, and the length; or None."""
    if not words:
        return None
    phrase = words.strip(" ,")
    try:
        return phrase, resolve_duration(phrase)
    except ResolveError:
        return None


def duration_phrase(words: str | None) -> str | None:
    """Return ``words`` as a length of time the resolver reads, or None."""
    said = duration_said(words)
    return said[0] if said is not None else None
