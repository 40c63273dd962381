"""The fast path's clause rules: one regular expression and one small builder per way of saying.

A rule matches a whole clause (``fullmatch``, case-insensitive) and returns ``Piece``s: actions
from the catalogue, or ``modifier`` pieces ("due Friday", "give it to Sam", "high priority")
that the assembler folds into the action before them. A builder returns None when the words
matched the shape but not the meaning (an empty title, a time it cannot read), and the next
rule is tried.

This module holds the shared pieces; ``create`` has new tasks (everything else, from
reminders to the asides said beside a change, is the grammar's, ``domain.yaml``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from services.errors import ResolveError
from services.nlu import ParseContext
from services.nlu.text import (
    drop_empty,
)
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


Builder = Callable[[re.Match[str], ParseContext], "list[Piece] | None"]


@dataclass(frozen=True)
class Rule:
    """A way of saying something: the pattern of a whole clause and what it builds."""

    name: str
    pattern: re.Pattern[str]
    build: Builder


def rule(name: str, pattern: str, build: Builder) -> Rule:
    return Rule(name, re.compile(pattern, re.IGNORECASE), build)


def one(type_: str, **params: Any) -> list[Piece]:
    return [Piece(type_, drop_empty(params))]


def duration_phrase(words: str | None) -> str | None:
    if not words:
        return None
    phrase = words.strip(" ,")
    try:
        resolve_duration(phrase)
    except ResolveError:
        return None
    return phrase
