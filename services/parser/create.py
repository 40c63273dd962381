"""Clause rules that create tasks, and the modifiers that add to the task before them.

"add milk and eggs to the shopping list" makes two tasks in project "shopping"; "add a task to
book the venue for the launch project" makes one; ", give it to Sam", ", due Friday",
", high priority", ", tagged urgent" are modifiers folded into it by the assembler.
"""

from __future__ import annotations

import re
from typing import Any

from services.parser import ParseContext
from services.parser.fields import task_fields
from services.parser.rules import MODIFIER, Piece, Rule, rule
from services.parser.text import (
    PRIORITY,
    drop_empty,
    known_prefix,
    person_ref,
    priority_of,
    project_ref,
    split_items,
    when_phrase,
)


def _create(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    fields = task_fields(match.group("rest"), context)
    if fields is None:
        return None
    lead = match.groupdict().get("priority")
    if lead and "priority" not in fields:
        fields["priority"] = priority_of(lead)
    return [Piece("task.create", fields)]


def _add_to_list(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    project = project_ref(match.group("list"))
    tail = match.groupdict().get("tail") or ""
    extra: dict[str, Any] = {}
    if tail.strip(" ,"):
        fields = task_fields("x " + tail, context)
        if fields is None or fields.pop("title") != "x":
            return None
        extra = fields
    pieces = []
    for item in split_items(match.group("items")):
        fields = task_fields(item, context)
        if fields is None:
            return None
        pieces.append(Piece("task.create", {**fields, "project": project, **extra}))
    return pieces or None


_TASK_WORD = r"(?:task|to-?do|todo item|item|action item|job)"
CREATE: tuple[Rule, ...] = (
    rule(
        "add_task",
        rf"(?:add|create|make|new|put in|log|open|set up|start|note|jot down|write down|record)"
        rf"(?: me| us)?(?: a| an| another| one more)?(?: new)?(?: (?P<priority>{PRIORITY})"
        rf"(?: priority)?)? {_TASK_WORD}"
        r"(?: (?:to|called|named|titled|that says|saying|about|:))?[ :]+(?P<rest>.+)",
        _create,
    ),
    rule(
        "add_to_list",
        r"(?:add|put|stick|pop|write|throw|include) (?P<items>.+?) (?:to|on|onto|in|into) "
        r"(?:the |my |our )?(?P<list>[\w'&-]+(?: [\w'&-]+){0,2}?) (?:list|project)"
        r"(?P<tail>[ ,].+)?",
        _add_to_list,
    ),
    rule(
        "add_to_known",
        r"(?:add|put) (?P<items>.+?) (?:to|on|in|under) (?:the |my |our )?(?P<project>.+?)"
        r"(?P<list>)(?P<tail>)",
        lambda match, context: _add_to_known_named(match, context),
    ),
    rule(
        "need_to",
        r"(?:i need to|i have to|i've got to|i gotta|i must|we need to|we have to|we must|"
        r"don't forget to|remember to|to-?do|note to self)[:,]? (?P<rest>.+)",
        _create,
    ),
    rule(
        "add_plain",
        r"(?:add|new) (?P<rest>.+)",
        lambda match, context: _create_plain(match, context),
    ),
)


_PLAIN_REFUSED = re.compile(r",| and | then |\b(?:list|project)\b", re.IGNORECASE)


def _create_plain(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    """ "add call the bank": a task, unless the words look like more than one thing."""
    if _PLAIN_REFUSED.search(match.group("rest")):
        return None
    return _create(match, context)


def _add_to_known_named(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    target = match.group("project")
    known = known_prefix(target, context.projects)
    if known is None or known.lower() != target.lower():
        return None
    project = project_ref(target)
    pieces = []
    for item in split_items(match.group("items")):
        fields = task_fields(item, context)
        if fields is None:
            return None
        pieces.append(Piece("task.create", {**fields, "project": project}))
    return pieces or None


# --- modifiers: parts of a task said after it, each in its own clause ------------------------


def _modifier(**params: Any) -> list[Piece]:
    return [Piece(MODIFIER, drop_empty(params))]


def _assignee(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    said = match.group("person")
    if match.group(0).lower().startswith("for"):
        known = known_prefix(said, context.people)
        if known is None or known.lower() != said.lower():
            return None
    person = person_ref(said, context.people)
    return _modifier(assignee=person) if person else None


def _due(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    when = when_phrase(match.group("when"))
    return _modifier(due=when) if when else None


def _bare_when(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    when = when_phrase(match.group("when"))
    return [Piece(MODIFIER, {"due": when}, is_standalone=False)] if when else None


_IT = r"(?:it|that|this|this one|that one|the task)"
MODIFIERS: tuple[Rule, ...] = (
    rule(
        "give_it",
        rf"(?:(?:give|assign|hand|pass) {_IT} to|assign(?:ed)? to|for|owned by|"
        rf"and (?:give|assign) {_IT} to) (?P<person>[\w'. -]+)",
        _assignee,
    ),
    rule(
        "due",
        rf"(?:(?:make |set )?{_IT} )?(?:(?:is |should be |to be )?due|by|before|for|on)"
        rf" (?P<when>.+)",
        _due,
    ),
    rule("bare_when", r"(?P<when>.+)", _bare_when),
    rule(
        "priority",
        rf"(?:(?:make|set|mark|put) {_IT} (?:as |to |at )?)?(?:with |at |as )?(?:an? )?"
        rf"(?P<word>{PRIORITY}) priority|priority (?P<after>{PRIORITY})"
        rf"|(?:make|mark) {_IT} (?P<plain>urgent|important|high|low)",
        lambda match, context: _modifier(
            priority=priority_of(
                match.group("word") or match.group("after") or match.group("plain")
            )
        ),
    ),
    rule(
        "tags",
        # "label the boxes" is a task; "label it urgent", "labelled urgent" are tags
        rf"(?:tag(?:ged)?(?: {_IT})?|labell?ed|label {_IT})(?: as| with)? (?P<tags>.+)"
        rf"|with (?:the )?tags? (?P<tags2>.+)",
        lambda match, context: _modifier(
            tags=split_items(match.group("tags") or match.group("tags2"))
        ),
    ),
    rule(
        "project",
        r"(?:for|in|on|under|to|into|put it in|put it on|add it to|move it to) "
        r"(?:the |my |our )?(?P<project>[\w'&-]+(?: [\w'&-]+){0,3}?) (?:project|list)",
        lambda match, context: _modifier(project=project_ref(match.group("project"))),
    ),
)
