"""Clause rules that change tasks and projects: dependencies, subtasks and new projects.

Status changes (done, started, reopened, cancelled), priority, assignee, deadline, new name,
deleting a task or a whole list and moving all of one person's tasks to another are the
grammar's (``domain.yaml``).
"""

from __future__ import annotations

import re

from services.nlu import ParseContext
from services.nlu.fields import (
    NEW_PROJECT,
    known_task,
    task_fields,
)
from services.nlu.rules import Piece, one, rule
from services.nlu.text import (
    TASK_IT,
    person_ref,
    project_ref,
    split_items,
    task_ref,
    when_phrase,
)

# --- projects, subtasks, dependencies, bulk ----------------------------------------------------


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


_GENERIC_PARTS = re.compile(
    r"(?:smaller |small |separate |sensible |some |a few )?(?:steps|pieces|parts|chunks|bits|"
    r"sub-?tasks|tasks|stages|phases)(?: please)?",
    re.IGNORECASE,
)


def _subtasks(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    task = task_ref(match.group("task"))
    titles = [title for title in split_items(match.group("titles")) if title]
    if task is None or not titles or any(_GENERIC_PARTS.fullmatch(t) for t in titles):
        return None  # "into steps": the LLM has to think of them
    return one("task.add_subtasks", task=task, titles=titles)


# "until the venue is booked": the task is the venue
_STATE = re.compile(
    r"(?:'s|\s+(?:is|are|has been|have been|gets|get))\s+(?:\w+ed|done|written|sent|bought|paid|"
    r"built|made|sorted(?: out)?|finished|ready|over)$",
    re.IGNORECASE,
)


def _dependency(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    said = match.group("task"), match.group("blocker")
    if when_phrase(said[1]) or any(
        person_ref(words, context.people) in context.people for words in said
    ):
        return None  # "Sam can't start until Monday": a person and a time, not two tasks
    task = _task_named(said[0], context)
    blocker = _task_named(_STATE.sub("", said[1]), context)
    if task is None or blocker is None or task == blocker:
        return None
    return one("task.add_dependency", task=task, blocker=blocker)


def _known_dependency(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    """ "we can't do the catering until the venue is booked": both must be known tasks."""
    task = known_task(match.group("task"), context)
    blocker = known_task(_STATE.sub("", match.group("blocker")), context)
    if task is None or blocker is None or task == blocker or blocker == TASK_IT:
        return None
    return one("task.add_dependency", task=task, blocker=blocker)


def _task_named(words: str, context: ParseContext) -> str | None:
    """A task as said, or the known task a noun of its verb names ("the venue booking")."""
    return known_task(words, context) or task_ref(words)


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
    rule(
        "subtasks_to",
        r"(?:add|create|make|give) (?:the |some |a few |these |a |an |two |three |four |2 |3 |4 )?"
        r"(?:following )?sub-?tasks? (?:to|under|for|on|of) (?P<task>.+?)\s*[:,;-]\s*"
        r"(?P<titles>.+)",
        _subtasks,
    ),
    rule(
        "subtasks_as",
        r"(?:add|create|put) (?P<titles>.+?) as (?:a )?sub-?tasks? (?:of|to|under|for)"
        r" (?P<task>.+)",
        _subtasks,
    ),
    rule(
        "subtasks_break",
        r"(?:break|split|divide)(?: down| up)? (?P<task>.+?) (?:down |up )?into (?P<titles>.+)",
        _subtasks,
    ),
    rule(
        "subtask_single",
        r"(?:add|create) (?:a )?sub-?task (?P<titles>.+?) (?:to|under|for) (?P<task>.+)",
        _subtasks,
    ),
    rule(
        "make_block",
        r"(?:make|have|let|set) (?P<blocker>.+?) (?:block|blocks|a blocker for|block on)"
        r" (?P<task>.+)",
        _dependency,
    ),
    rule(
        "blocks",
        r"(?P<blocker>.+?) (?:blocks|is blocking|must come before|has to come before|comes before|"
        r"needs to happen before|must happen before|has to happen before|must be done before|"
        r"has to be done before|needs to be done before) (?P<task>.+)",
        _dependency,
    ),
    rule(
        "depends",
        r"(?:make |let |have )?(?P<task>.+?) (?:depends? on|is blocked by|blocked by|waits? for|"
        r"waits? on|waits? until|waits? till|is waiting (?:on|for)|can't start until|"
        r"cannot start until|"
        r"can only start after|has to wait for|must wait for|comes after|happens after|"
        r"should wait for|needs to wait for) (?P<blocker>.+?)"
        r"(?:(?:'s| is)? (?:done|finished|complete|completed))?",
        _dependency,
    ),
    rule(
        "cant_until",
        r"(?:we|i|you|they) (?:can't|cannot|can not|won't be able to|shouldn't) (?:do|start|begin|"
        r"finish|sort out|get on with|go ahead with) (?P<task>.+?) (?:until|till|before|unless)"
        r" (?P<blocker>.+)",
        _known_dependency,
    ),
    rule(
        "cant_happen",
        r"(?P<task>.+?) (?:can't|cannot|can not|won't|shouldn't) (?:happen|start|begin|go ahead|"
        r"be done|take place) (?:until|till|before|unless) (?P<blocker>.+)",
        _known_dependency,
    ),
)
