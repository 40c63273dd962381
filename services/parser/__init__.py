"""Parsers: text -> Command.

``Parser`` is the one Protocol every parser satisfies (the fast path in ``fastpath.py``, the
LLM parser, and test fakes). ``ParseContext`` carries what a parser may need to know about the
world: the names it should expect and what "it" refers to right now.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from services.commands import Command


@dataclass(frozen=True)
class ParseContext:
    """What the store and the conversation tell a parser about one utterance."""

    now: datetime
    people: tuple[str, ...] = ()  # names and aliases
    projects: tuple[str, ...] = ()
    tasks: tuple[str, ...] = ()  # titles of recent open tasks, newest first
    last: dict[str, str] = field(default_factory=dict)  # "task"/"person"/"project" -> name
    is_confirmation_pending: bool = False


class Parser(Protocol):
    """Turns one utterance into a Command; never raises on odd text."""

    name: str

    def parse(self, text: str, context: ParseContext) -> Command: ...
