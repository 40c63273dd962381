"""Action handlers: one function per action type in ``services.nlu.commands.ACTIONS``.

A handler takes a ``Step`` context (the open transaction, the clock, the resolvers and the
results of earlier actions of the same command) and the action's parameters, changes the store
through the transaction only, and returns a ``Result``: what it touched (so "it" can refer to
it) and one short sentence to say. It raises a ``ParleyError`` to fail; the executor then
keeps nothing of the command.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from services.config import Config
from services.core import wording as speech
from services.core.index import OpenTasks
from services.core.resolve import resolve
from services.errors import ExecutionError, ResolveError
from services.nlu import timeparse
from services.nlu.commands import OPEN_STATUSES, PRIORITIES
from services.nlu.text import clean_name
from services.store.transaction import Doc, Transaction

OPEN = OPEN_STATUSES


@dataclass
class Result:
    """What one action did."""

    sentence: str
    kind: str | None = None  # "task", "person", "project", "reminder", ...
    id: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    people: list[str] = field(default_factory=list)  # people it mentioned (for "him"/"her")
    projects: list[str] = field(default_factory=list)  # lists it named (for "that list")


@dataclass
class Step:
    """Everything a handler may use."""

    tx: Transaction
    now: datetime
    config: Config
    last: dict[str, str]  # conversation context: kind -> id
    results: list[Result | None]
    open_tasks: OpenTasks | None = None  # fast fuzzy candidates, or None to scan the store
    source: str = ""  # where the command came from: "voice", "mqtt", "cli", ...
    # the lists the action being run named ("add it to the wormery", "what's on the wormery
    # list?"): the executor keeps the last as the conversation's "that list"
    projects_named: list[str] = field(default_factory=list)

    def open_tasks_where(self, predicate: Callable[[Doc], bool]) -> list[dict[str, Any]]:
        """Return open tasks matching ``predicate`` (from the index: no scan of done ones)."""
        if self.open_tasks is None:
            return self.tx.search("tasks", lambda t: t["status"] in OPEN and predicate(t))
        found = []
        for task_id, _ in self._open_candidates():
            task = self.tx.get("tasks", task_id)
            if task is not None and predicate(task):
                found.append(task)
        return found

    def _open_candidates(self) -> list[tuple[str, str]]:
        """(id, title) of open tasks: the index, overlaid with this transaction's changes."""
        assert self.open_tasks is not None  # only called when there is an index
        candidates = dict(self.open_tasks.titles())
        for change in self.tx.changes:
            if change.collection == "tasks":
                if change.after is not None and change.after["status"] in OPEN:
                    candidates[change.id] = change.after["title"]
                else:
                    candidates.pop(change.id, None)
        return list(candidates.items())

    # -- references -------------------------------------------------------------------------

    def _by_reference(self, ref: Any, kind: str) -> str | None:
        """Return the id a context/result reference points to, or None for a plain name."""
        if isinstance(ref, dict) and "result_of" in ref:
            index = ref["result_of"]
            earlier = self.results[index] if 0 <= index < len(self.results) else None
            if earlier is None or earlier.kind != kind or earlier.id is None:
                raise ResolveError(f"I'm not sure which {kind} you mean.")
            return earlier.id
        if isinstance(ref, dict) and "context" in ref:
            wanted = ref["context"]
            if wanted not in self.last:
                raise ResolveError(f"I'm not sure which {wanted} you mean.")
            return self.last[wanted]
        if not isinstance(ref, str) or not ref.strip():
            raise ResolveError(f"I didn't catch which {kind} you mean.")
        return None

    def task(self, ref: Any, *, states: tuple[str, ...] = OPEN) -> dict[str, Any]:
        """Resolve a task reference, preferring tasks in ``states``."""
        task_id = self._by_reference(ref, "task")
        if task_id is None:
            settings = self.config.parser
            if states == OPEN and self.open_tasks is not None:
                preferred = self._open_candidates()
            else:
                preferred = self.tx.select(
                    "tasks", ("id", "title"), lambda t: t["status"] in states
                )
            try:
                task_id = resolve(
                    ref,
                    preferred,
                    kind="task",
                    threshold=settings.fuzzy_threshold,
                    margin=settings.ambiguity_margin,
                ).id
            except ResolveError:
                others = self.tx.select(
                    "tasks", ("id", "title"), lambda t: t["status"] not in states
                )
                if not others:
                    raise
                task_id = resolve(ref, others, kind="task", threshold=settings.fuzzy_threshold).id
        task = self.tx.get("tasks", task_id)
        if task is None:
            raise ResolveError("That task no longer exists.")
        return task

    def person(self, ref: Any) -> dict[str, Any]:
        """Resolve a person by name or alias; "me" is the owner."""
        if isinstance(ref, str) and ref.strip().lower() in ("me", "myself", "i"):
            return self.owner()
        person_id = self._by_reference(ref, "person")
        if person_id is None:
            names = []
            for known in self.tx.all("people"):
                names.append((known["id"], known["name"]))
                names.extend((known["id"], alias) for alias in known.get("aliases", []))
            person_id = resolve(
                ref, names, kind="person", threshold=self.config.parser.fuzzy_threshold
            ).id
        person = self.tx.get("people", person_id)
        if person is None:
            raise ResolveError("That person is no longer known.")
        return person

    def owner(self) -> dict[str, Any]:
        """Return the owner's person record (created on first use)."""
        name = self.config.general.owner
        for person in self.tx.all("people"):
            if person["name"].lower() == name.lower() or person.get("is_owner"):
                return person
        return self.tx.insert(
            "people", {"name": name, "aliases": [], "device": None, "is_owner": True}
        )

    def project(self, ref: Any, *, create: bool = False) -> tuple[Doc, bool]:
        """Resolve a project or list; with ``create``, an unknown name makes a new one."""
        project_id = self._by_reference(ref, "project")
        if project_id is None:
            projects = [(p["id"], p["name"]) for p in self.tx.all("projects")]
            try:
                project_id = resolve(
                    ref, projects, kind="project", threshold=self.config.parser.fuzzy_threshold
                ).id
            except ResolveError:
                if not create:
                    raise
                name = clean_name(ref) or ref.strip()
                made = self.tx.insert("projects", self.stamp({"name": name}))
                self.projects_named.append(made["id"])
                return made, True
        project = self.tx.get("projects", project_id)
        if project is None:
            raise ResolveError("That project no longer exists.")
        self.projects_named.append(project["id"])
        return project, False

    # -- values -----------------------------------------------------------------------------

    def when(self, phrase: str, *, allow_past: bool = False) -> datetime:
        """Resolve a time phrase against the clock."""
        return timeparse.resolve_when(phrase, self.now, self.config.dates, allow_past=allow_past)

    def duration(self, phrase: str | int | float) -> timedelta:
        """Resolve a duration phrase (or a number of seconds)."""
        if isinstance(phrase, int | float):
            return timedelta(seconds=phrase)
        return timeparse.resolve_duration(phrase)

    def stamp(self, doc: dict[str, Any]) -> dict[str, Any]:
        """Return ``doc`` with created_at and updated_at set to now."""
        stamp = self.now.isoformat()
        return {**doc, "created_at": stamp, "updated_at": stamp}

    def update_task(self, task: dict[str, Any], **fields: Any) -> dict[str, Any]:
        """Update a task and its updated_at."""
        return self.tx.update("tasks", task["id"], {**fields, "updated_at": self.now.isoformat()})

    def wording(self) -> dict[str, Any]:
        """How a title this command writes was worded: ``{"heard": True}`` when the words are
        speech recognition's.

        Whisper's prompt spells the titles of open tasks, but only titles someone typed: one
        Whisper wrote itself teaches it nothing, and a misheard one ("coil the plumber") made
        it mishear the same words again for as long as the task stayed open.
        """
        return {"heard": True} if self.source == "voice" else {}

    def said(self, moment: datetime) -> str:
        return speech.when(moment, self.now)


def parse_priority(value: Any) -> str:
    word = str(value).strip().lower()
    aliases = {"normal": "medium", "top": "urgent", "critical": "urgent", "highest": "urgent"}
    word = aliases.get(word, word)
    if word not in PRIORITIES:
        raise ExecutionError(f"{value} is not a priority; say low, medium, high or urgent.")
    return word


Handler = Callable[[Step, dict[str, Any]], Result]
HANDLERS: dict[str, Handler] = {}


def handles(action_type: str) -> Callable[[Handler], Handler]:
    """Register a handler for an action type."""

    def register(handler: Handler) -> Handler:
        HANDLERS[action_type] = handler
        return handler

    return register
