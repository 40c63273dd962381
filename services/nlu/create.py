"""Clause rules that create tasks: "I need to ...", "Sam has to ...", "another to ...", "put A
and B in it", "add call the bank".

New tasks said as one ("add a task to book the venue for the launch project due Friday"),
new tasks on a list ("add milk and eggs to the shopping list") and the details said after a
new task (", give it to Sam", ", due Friday", ", high priority") are the grammar's
(``domain.yaml``).
"""

from __future__ import annotations

import re

from services.nlu import ParseContext
from services.nlu.fields import (
    task_fields,
)
from services.nlu.rules import Piece, Rule, rule
from services.nlu.text import (
    priority_of,
)


def _create(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    fields = task_fields(match.group("rest"), context)
    if fields is None:
        return None
    lead = match.groupdict().get("priority")
    if lead and "priority" not in fields:
        fields["priority"] = priority_of(lead)
    return [Piece("task.create", fields)]


_TASK_WORD = r"(?:task|to-?do|todo item|item|action item|job)"
CREATE: tuple[Rule, ...] = (
    rule(
        "add_plain",
        r"(?:add|new) (?P<rest>.+)",
        lambda match, context: _create_plain(match, context),
    ),
)


_PLAIN_REFUSED = re.compile(r",| and | then |\b(?:list|project|task)\b", re.IGNORECASE)


def _create_plain(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    """ "add call the bank": a task, unless the words look like more than one thing."""
    if _PLAIN_REFUSED.search(match.group("rest")):
        return None
    return _create(match, context)
