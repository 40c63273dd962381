"""What the fast-path tests share: the parser, an action as the dev set writes it, and a parse
that must be complete (or must be left to the LLM). Each test module keeps its own world."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from services.nlu import ParseContext
from services.nlu.commands import Action, Command
from services.nlu.fastpath import FastPathParser

PARSER = FastPathParser()


def one(type_: str, depends_on: list[int] | None = None, **params: Any) -> dict[str, Any]:
    """An expected action, as the dev set writes it."""
    return {"type": type_, "params": params, "depends_on": depends_on or []}


def complete_actions(text: str, context: ParseContext) -> list[dict[str, Any]]:
    """The actions the fast path makes of ``text``; fails if it did not understand all of it."""
    command = PARSER.parse(text, context)
    assert command.is_complete, (text, command.unparsed)
    return [action.to_dict() for action in command.actions]


def is_left_to_the_llm(text: str, context: ParseContext) -> bool:
    """Whether the fast path marks ``text`` incomplete, so the router asks the LLM."""
    return not PARSER.parse(text, context).is_complete


def parse_after(text: str, context: ParseContext, previous: Action | None = None) -> Command:
    """The fast path's reading of ``text`` said right after ``previous`` (or first)."""
    return PARSER.parse(text, replace(context, previous=previous))


def read_after(
    text: str, context: ParseContext, previous: Action | None = None
) -> list[tuple[str, dict[str, object]]]:
    """Each action's type and parameters; fails if the fast path did not understand it all."""
    command = parse_after(text, context, previous)
    assert command.is_complete, (text, command.unparsed)
    return [(action.type, dict(action.params)) for action in command.actions]
