"""Clause rules that make new projects ("start a packing list with passport and chargers").

Status changes (done, started, reopened, cancelled), priority, assignee, deadline, new name,
deleting a task or a whole list, moving all of one person's tasks to another, dependencies and
subtasks are the grammar's (``domain.yaml``).
"""

from __future__ import annotations

import re

from services.nlu import ParseContext
from services.nlu.fields import NEW_PROJECT, task_fields
from services.nlu.rules import Piece, one, rule
from services.nlu.text import project_ref, split_items


def _project_create(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    name = project_ref(match.group("name"))
    if not name or name.startswith("\x00") or len(name.split()) > 5:
        return None
    return one("project.create", name=name)


def _project_with(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    """ "start a packing list with passport, chargers and sun cream on it"."""
    made = _project_create(match, context)
    if made is None:
        return None
    pieces = list(made)
    for item in split_items(match.group("items")):
        fields = task_fields(item, context)
        if fields is None or "project" in fields:
            return None
        pieces.append(Piece("task.create", {**fields, "project": NEW_PROJECT}))
    return pieces


STRUCTURE = (
    rule(
        "project_with",
        r"(?:create|make|start|set up|begin|open) (?:a |an )?(?:new )?(?P<name>[\w'&-]+"
        r"(?: [\w'&-]+){0,3}?) (?:project|list) (?:with|containing|that has) (?P<items>.+?)"
        r"(?: (?:on|in) (?:it|there))?",
        _project_with,
    ),
    rule(
        "project_called",
        r"(?:create|make|start|add|set up|open|begin) (?:a |an )?(?:new )?(?:project|list)"
        r"(?: called| named| titled| for|:)? (?P<name>.+)",
        _project_create,
    ),
    rule(
        "project_named",
        r"(?:(?:create|make|start|set up|begin) (?:a |an )(?:new )?|new )"
        r"(?P<name>.+?) (?:project|list)",
        _project_create,
    ),
)
