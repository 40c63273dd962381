"""Which actions an MQTT command may trigger."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from services.nlu.commands import ACTIONS, Command


@dataclass(frozen=True)
class ActionPolicy:
    """Allowed action types: ``allowed`` ("*" for all) minus ``denied``."""

    allowed: frozenset[str]
    denied: frozenset[str]

    @classmethod
    def from_lists(cls, allowed: Iterable[str], denied: Iterable[str]) -> ActionPolicy:
        return cls(frozenset(allowed), frozenset(denied))

    def allowed_actions(self) -> frozenset[str]:
        """Return every action type of the catalogue this policy lets through."""
        base = set(ACTIONS) if "*" in self.allowed else set(self.allowed) & set(ACTIONS)
        return frozenset(base - self.denied)

    def refused(self, command: Command) -> list[str]:
        """Return the action types of ``command`` this policy refuses (empty: all allowed)."""
        allowed = self.allowed_actions()
        return sorted({action.type for action in command.actions if action.type not in allowed})
