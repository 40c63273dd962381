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
    NEW_PROJECT,
    PREVIOUS_TASK,
    SAME_PROJECT,
    task_fields,
)
from services.nlu.rules import Piece, Rule, rule
from services.nlu.text import (
    TASK_IT,
    priority_of,
    split_items,
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
        "another_task",
        rf"(?:and )?(?P<another>another|one more|one)(?: {_TASK_WORD}| one)?"
        r"(?: (?P<lead>to|for|called))? (?P<rest>.+)",
        lambda match, context: _another(match, context),
    ),
    rule(
        "in_it",
        r"(?:add|put|stick|pop|include|chuck|throw) (?P<items>.+?) (?:in|on|to|into|onto) "
        r"(?:it|there)",
        lambda match, context: _in_new_project(match, context),
    ),
    rule(
        "add_plain",
        r"(?:add|new) (?P<rest>.+)",
        lambda match, context: _create_plain(match, context),
    ),
)


_WAITS_FOR_IT = re.compile(
    r"\s+(?:that|which|and)\s+(?:waits?|depends?|has to wait|needs to wait|comes after)"
    r"\s+(?:for|on|after)\s+(?:it|that|that one|the first one)$",
    re.IGNORECASE,
)


def _another(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    """ "..., then another to plant the bulbs (that waits for it)": a task like the one before."""
    rest = match.group("rest")
    waits = _WAITS_FOR_IT.search(rest)
    if waits:
        rest = rest[: waits.start()]
    fields = task_fields(rest, context, is_explicit=True)
    if fields is None:
        return None
    if re.fullmatch(r"(?:thing|things|question|sec|moment|minute)", fields["title"], re.I):
        return None  # "one more thing, ...": not a task
    is_bare = match.group("another").lower() == "one"
    if is_bare and match.group("lead") != "to" and not {"due", "assignee"} & set(fields):
        return None  # "... and one for the garden": not sure that is a task
    fields.setdefault("project", SAME_PROJECT)
    pieces = [Piece("task.create", fields)]
    if waits:
        pieces.append(Piece("task.add_dependency", {"task": TASK_IT, "blocker": PREVIOUS_TASK}))
    return pieces


def _in_new_project(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    """ "create a wedding project and put A and B in it": tasks in the project just made."""
    pieces = []
    for item in split_items(match.group("items")):
        fields = task_fields(item, context)
        if fields is None or "project" in fields:
            return None
        pieces.append(Piece("task.create", {**fields, "project": NEW_PROJECT}))
    return pieces or None


_PLAIN_REFUSED = re.compile(r",| and | then |\b(?:list|project|task)\b", re.IGNORECASE)


def _create_plain(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    """ "add call the bank": a task, unless the words look like more than one thing."""
    if _PLAIN_REFUSED.search(match.group("rest")):
        return None
    return _create(match, context)
