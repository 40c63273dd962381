"""Command and Action: what every parser produces and the executor runs.

A parser turns one utterance into one ``Command`` holding one or more ``Action``s. Parameters
stay close to the words: names and titles as spoken, times as phrases ("Friday at 9"). The
executor resolves them against the store (fuzzy names) and the clock (``timeparse``), so the
fast path and the LLM parser produce the same thing and neither computes dates.

A reference parameter (task, person, project) is one of:
- a string: a name or title as spoken, fuzzy-matched by the executor;
- ``{"result_of": i}``: the entity that action ``i`` of this command created or touched;
- ``{"context": "task" | "person" | "project"}``: the one last mentioned in the conversation
  ("it", "that one", "him", "her").

``ACTIONS`` is the catalogue: every action type, its parameters and whether it needs a
spoken confirmation. The LLM grammar and the validator are built from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

ParamKind = Literal[
    "text",  # free text (a title, a message)
    "task",  # task reference
    "person",  # person reference
    "project",  # project reference
    "when",  # a date/time phrase, resolved by timeparse ("Friday at 9", "in 20 minutes")
    "duration",  # a duration phrase ("20 minutes", "an hour and a half")
    "priority",  # low | medium | high | urgent
    "texts",  # list of free texts (subtask titles, tags)
    "people",  # list of person references
    "filter",  # query filter name (see QUERY_FILTERS)
    "bool",
]

PRIORITIES = ("low", "medium", "high", "urgent")
STATUSES = ("todo", "in_progress", "done", "cancelled")
OPEN_STATUSES = ("todo", "in_progress")  # the one definition of "open" work
QUERY_FILTERS = ("all", "today", "tomorrow", "this_week", "overdue", "open", "done")


@dataclass(frozen=True)
class ParamSpec:
    """One parameter of an action type."""

    kind: ParamKind
    required: bool = False


@dataclass(frozen=True)
class ActionSpec:
    """One action type in the catalogue."""

    type: str
    description: str
    params: dict[str, ParamSpec] = field(default_factory=dict)
    is_destructive: bool = False  # waits for "yes" before it runs
    is_query: bool = False  # reads only


def _spec(
    type_: str,
    description: str,
    *,
    destructive: bool = False,
    query: bool = False,
    **params: ParamSpec,
) -> ActionSpec:
    return ActionSpec(type_, description, dict(params), destructive, query)


P = ParamSpec
_TASK = P("task", required=True)

ACTIONS: dict[str, ActionSpec] = {
    spec.type: spec
    for spec in (
        _spec(
            "task.create",
            "create a task",
            title=P("text", required=True),
            project=P("project"),
            assignee=P("person"),
            due=P("when"),
            priority=P("priority"),
            tags=P("texts"),
            parent=P("task"),
            notes=P("text"),
        ),
        _spec("task.complete", "mark a task done", task=_TASK),
        _spec("task.start", "mark a task in progress", task=_TASK),
        _spec("task.reopen", "reopen a done or cancelled task", task=_TASK),
        _spec("task.cancel", "cancel a task", task=_TASK),
        _spec("task.delete", "delete a task", destructive=True, task=_TASK),
        _spec("task.rename", "rename a task", task=_TASK, title=P("text", required=True)),
        _spec("task.set_due", "set or move a deadline", task=_TASK, due=P("when", required=True)),
        _spec(
            "task.set_priority",
            "set a task's priority",
            task=_TASK,
            priority=P("priority", required=True),
        ),
        _spec("task.assign", "assign a task to a person", task=_TASK, assignee=P("person", True)),
        _spec(
            "task.add_dependency",
            "make one task block another (task waits for blocker)",
            task=_TASK,
            blocker=P("task", required=True),
        ),
        _spec(
            "task.add_subtasks",
            "add subtasks under a task",
            task=_TASK,
            titles=P("texts", required=True),
        ),
        _spec(
            "task.delete_all",
            "delete every task in a project or list (or all tasks)",
            destructive=True,
            project=P("project"),
        ),
        _spec(
            "task.reassign_all",
            "move every open task of one person to another",
            destructive=True,
            source=P("person", required=True),
            assignee=P("person", required=True),
        ),
        _spec("project.create", "create a project or list", name=P("text", required=True)),
        _spec(
            "reminder.create",
            "remind someone (default: me) at a time, or before a task's deadline",
            text=P("text", required=True),
            when=P("when"),
            before=P("duration"),
            task=P("task"),
            person=P("person"),
        ),
        _spec("timer.start", "start a timer", duration=P("duration", True), label=P("text")),
        _spec("timer.cancel", "cancel a timer (the only or the named one)", label=P("text")),
        _spec("timer.query", "how long is left on timers", query=True, label=P("text")),
        _spec(
            "meeting.schedule",
            "schedule a meeting",
            title=P("text"),
            attendees=P("people"),
            when=P("when", required=True),
            duration=P("duration"),
            location=P("text"),
        ),
        _spec(
            "message.send",
            "leave a message for a person",
            to=P("person", True),
            text=P("text", True),
        ),
        _spec(
            "query.tasks",
            "list tasks by due filter, person or project",
            query=True,
            filter=P("filter"),
            assignee=P("person"),
            project=P("project"),
        ),
        _spec(
            "query.count",
            "count tasks",
            query=True,
            filter=P("filter"),
            assignee=P("person"),
            project=P("project"),
        ),
        _spec("report.summary", "a spoken summary of open work", query=True, assignee=P("person")),
        _spec("query.time", "say the time", query=True),
        _spec("query.date", "say the date", query=True),
        _spec("undo", "revert the last committed command"),
        _spec("cancel", "cancel what is pending (a confirmation) or the running job"),
        _spec("confirm", "answer a pending confirmation", answer=P("bool", required=True)),
    )
}

Reference = str | dict[str, Any]


@dataclass(frozen=True)
class Action:
    """One step of a command. ``depends_on`` lists indexes of actions that must run first."""

    type: str
    params: dict[str, Any] = field(default_factory=dict)
    depends_on: tuple[int, ...] = ()

    @property
    def spec(self) -> ActionSpec:
        return ACTIONS[self.type]

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "params": self.params, "depends_on": list(self.depends_on)}


@dataclass(frozen=True)
class Command:
    """What a parser understood of one utterance.

    ``is_complete`` is False when the parser did not understand everything; ``unparsed`` holds
    the words it could not use. The router sends such commands to the LLM parser.
    """

    intent: str
    actions: tuple[Action, ...]
    confidence: float = 1.0
    entities: dict[str, Any] = field(default_factory=dict)
    is_complete: bool = True
    unparsed: str = ""
    parser: str = "fastpath"

    @property
    def is_destructive(self) -> bool:
        return any(ACTIONS[action.type].is_destructive for action in self.actions)

    def to_dict(self) -> dict[str, Any]:
        return {
            "intent": self.intent,
            "confidence": self.confidence,
            "actions": [action.to_dict() for action in self.actions],
            "entities": self.entities,
            "is_complete": self.is_complete,
            "unparsed": self.unparsed,
            "parser": self.parser,
        }


NOT_UNDERSTOOD = "unknown"


def not_understood(text: str, parser: str = "fastpath") -> Command:
    """Return the command a parser gives when it understood nothing."""
    return Command(
        intent=NOT_UNDERSTOOD,
        actions=(),
        confidence=0.0,
        is_complete=False,
        unparsed=text,
        parser=parser,
    )


def values_of(value: Any) -> list[Any]:
    """Return a parameter's values as a list: a list param ("titles", "attendees") as it is,
    any other value alone in one."""
    return value if isinstance(value, list) else [value]
