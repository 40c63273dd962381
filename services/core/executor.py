"""The executor: runs one Command atomically against the store.

- Actions run in dependency order (``depends_on``), all inside one store transaction: if any
  step fails, nothing of the command is kept and the reply names the step and the reason.
- Destructive or bulk actions, and commands a parser was unsure of, first run as a dry run (the
  transaction is thrown away) to say what would happen, then wait for "yes" or "no" within
  ``executor.confirm_timeout_s``. Nothing changes until then.
- Each committed command is logged in the ``commands`` collection together with the
  before-images of what it changed, in the same transaction; ``undo`` restores them.
- The conversation keeps what "it", "him" and "her" refer to, and the pending confirmation.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

import services.core.handlers  # noqa: F401  (registers the handlers)
from services.config import Config
from services.core.actions import HANDLERS, Result, Step
from services.errors import ExecutionError, ParleyError, StoreError
from services.nlu.commands import ACTIONS, Action, Command

log = logging.getLogger(__name__)

DONE, FAILED, SKIPPED, PENDING = "done", "failed", "skipped", "pending_confirmation"
META = ("confirm", "cancel", "undo")
PRUNE_EVERY = 20  # command-log entries between two prunings (a pruning scans the log once)


@dataclass
class ActionOutcome:
    """What happened to one action (the `parley say --json` "actions" entries)."""

    type: str
    params: dict[str, Any]
    status: str
    result: dict[str, Any] | None = None
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "params": self.params,
            "status": self.status,
            "result": self.result,
            "error": self.error,
        }


@dataclass
class Pending:
    """A command waiting for "yes" or "no"."""

    command: Command
    utterance: str
    expires_at: datetime


@dataclass
class Conversation:
    """What one conversation remembers between utterances."""

    id: str = "default"
    last: dict[str, str] = field(default_factory=dict)  # kind -> id of the last one mentioned
    pending: Pending | None = None
    previous: Action | None = None  # the one action the last command ran, for a follow-up


@dataclass
class Execution:
    """The executor's answer for one command."""

    ok: bool
    reply: str
    actions: list[ActionOutcome]
    committed: bool = False


def _said_after_meta(command: Command) -> Command | None:
    """The requests said after an opening undo, yes, no or "never mind" in one command ("undo
    that, I meant the band one", "no, don't delete it, just tick it off"), as a command of
    their own; None when the command is not so."""
    first, *rest = command.actions
    if first.type not in META or not rest or any(action.type in META for action in rest):
        return None
    actions = tuple(
        replace(action, depends_on=tuple(at - 1 for at in action.depends_on if at != 0))
        for action in rest
    )
    return replace(command, intent=actions[0].type, actions=actions)


class _DryRun(Exception):
    """Raised inside a transaction to throw it away."""


def order(actions: tuple[Action, ...]) -> list[int]:
    """Return action indexes in an order that respects ``depends_on`` (stable otherwise)."""
    done: list[int] = []
    visiting: set[int] = set()

    def visit(index: int) -> None:
        if index in done:
            return
        if index in visiting:
            raise ExecutionError("The steps of that command depend on each other in a loop.")
        visiting.add(index)
        for dependency in actions[index].depends_on:
            if not 0 <= dependency < len(actions) or dependency == index:
                raise ExecutionError("A step of that command depends on a step that isn't there.")
            visit(dependency)
        visiting.discard(index)
        done.append(index)

    for index in range(len(actions)):
        visit(index)
    return done


class Executor:
    """Runs commands against one store."""

    def __init__(self, store: Any, config: Config, open_tasks: Any = None) -> None:
        self.store = store
        self.config = config
        self.open_tasks = open_tasks  # services.core.index.OpenTasks: fast fuzzy candidates
        self._logged = 0  # command-log entries written since the last pruning

    # -- entry point --------------------------------------------------------------------------

    def run(
        self,
        command: Command,
        conversation: Conversation,
        *,
        utterance: str,
        source: str,
        now: datetime,
        question: str | None = None,
    ) -> Execution:
        """Run ``command`` in ``conversation``; never raises a ParleyError.

        ``question`` (from a parser that was unsure) makes the command wait for a yes or no.
        """
        meta = next((a for a in command.actions if a.type in META), None)
        rest = _said_after_meta(command) if meta is not None else None
        if meta is not None and rest is not None:
            # "oops, undo that, I meant the band one", "no, don't delete it, just tick it off":
            # the undo or the answer first, then what was meant run as a command of its own
            # (to be taken back on its own too)
            answered = self._meta(meta, command, conversation, now=now, source=source)
            if not answered.ok:
                return answered
            then = self.run(
                rest, conversation, utterance=utterance, source=source, now=now, question=question
            )
            return Execution(
                then.ok,
                f"{answered.reply} {then.reply}",
                answered.actions + then.actions,
                answered.committed or then.committed,
            )
        if meta is not None:
            return self._meta(meta, command, conversation, now=now, source=source)
        if conversation.pending is not None:
            log.info("pending confirmation dropped by a new command")
            conversation.pending = None
        if question or self._needs_confirmation(command):
            return self._ask(command, conversation, utterance=utterance, now=now, question=question)
        return self._commit(command, conversation, utterance=utterance, source=source, now=now)

    def _needs_confirmation(self, command: Command) -> bool:
        if command.is_destructive:
            return True
        is_query = all(ACTIONS[a.type].is_query for a in command.actions)
        return not is_query and command.confidence < self.config.executor.confirm_below_confidence

    # -- running ------------------------------------------------------------------------------

    def _steps(
        self,
        tx: Any,
        command: Command,
        conversation: Conversation,
        now: datetime,
        source: str = "",
    ) -> tuple[list[ActionOutcome], list[Result | None], str | None]:
        outcomes = [ActionOutcome(a.type, a.params, SKIPPED) for a in command.actions]
        results: list[Result | None] = [None] * len(command.actions)
        step = Step(tx, now, self.config, dict(conversation.last), results, self.open_tasks, source)
        for index in order(command.actions):
            action = command.actions[index]
            handler = HANDLERS.get(action.type)
            try:
                if handler is None:
                    raise ExecutionError(f"I don't know how to {action.type} yet.")
                step.projects_named.clear()
                result = handler(step, action.params)
            except ParleyError as exc:
                outcomes[index].status, outcomes[index].error = FAILED, exc.message
                for earlier in outcomes:
                    if earlier.status == DONE:  # its changes are thrown away with the rest
                        earlier.status, earlier.error = SKIPPED, "not kept: a later step failed"
                        earlier.result = None
                what = ACTIONS[action.type].description if action.type in ACTIONS else action.type
                return outcomes, results, f"I couldn't {what}: {exc.message}"
            result.projects = list(step.projects_named)
            results[index] = result
            outcomes[index].status = DONE
            outcomes[index].result = {"kind": result.kind, "id": result.id, **result.data}
            _remember(step.last, result)
        return outcomes, results, None

    def _commit(
        self,
        command: Command,
        conversation: Conversation,
        *,
        utterance: str,
        source: str,
        now: datetime,
    ) -> Execution:
        try:
            with self.store.transaction(origin="local") as tx:
                outcomes, results, failure = self._steps(tx, command, conversation, now, source)
                if failure is not None:
                    raise _DryRun
                changes = [[c.collection, c.id, c.before] for c in tx.changes]
                if changes:
                    tx.insert("commands", _log(utterance, source, command, now, changes))
        except _DryRun:
            reply = f"{failure} Nothing was changed."
            return Execution(False, reply, outcomes)
        except StoreError as exc:
            log.error("commit failed: %s", exc.message)
            for outcome in outcomes:
                outcome.status, outcome.error = FAILED, exc.message
            # the reply is spoken: the file and the OS's words stay in each action's error
            return Execution(False, f"I couldn't save that: {exc.spoken}.", outcomes)
        except ExecutionError as exc:  # a malformed plan (dependency loop)
            failed = [
                ActionOutcome(a.type, a.params, FAILED, None, exc.message) for a in command.actions
            ]
            return Execution(False, exc.message, failed)
        if changes:
            self.logged()
        conversation.last = _context_after(conversation.last, results)
        conversation.previous = command.actions[0] if len(command.actions) == 1 else None
        reply = " ".join(r.sentence for r in results if r is not None)
        return Execution(True, reply, outcomes, committed=bool(changes))

    # -- confirmation -------------------------------------------------------------------------

    def _ask(
        self,
        command: Command,
        conversation: Conversation,
        *,
        utterance: str,
        now: datetime,
        question: str | None = None,
    ) -> Execution:
        try:
            with self.store.transaction(origin="dry-run") as tx:
                outcomes, results, failure = self._steps(tx, command, conversation, now)
                raise _DryRun
        except _DryRun:
            pass
        except ExecutionError as exc:
            return Execution(False, exc.message, [])
        if failure is not None:
            return Execution(False, f"{failure} Nothing was changed.", outcomes)
        for outcome in outcomes:
            outcome.status = PENDING
        timeout = timedelta(seconds=self.config.executor.confirm_timeout_s)
        conversation.pending = Pending(command, utterance, now + timeout)
        preview = " and ".join(_as_request(r.sentence) for r in results if r is not None)
        if question:
            reply = f"{question} Say yes or no."
        elif command.is_destructive:
            reply = f"Shall I {preview}? Say yes or no."
        else:
            reply = f"I'm not sure I understood. Shall I {preview}? Say yes or no."
        return Execution(True, reply, outcomes)

    def _meta(
        self,
        action: Action,
        command: Command,
        conversation: Conversation,
        *,
        now: datetime,
        source: str,
    ) -> Execution:
        pending, conversation.pending = conversation.pending, None
        if pending is not None and now > pending.expires_at:
            log.info("confirmation expired for %r", pending.utterance)
            pending = None
            expired = True
        else:
            expired = False
        match action.type:
            case "confirm" if pending is not None and action.params.get("answer"):
                return self._commit(
                    pending.command,
                    conversation,
                    utterance=pending.utterance,
                    source=source,
                    now=now,
                )
            case "confirm" | "cancel" if pending is not None:
                outcome = ActionOutcome(action.type, action.params, DONE)
                return Execution(True, "Okay, I won't.", [outcome])
            case "confirm":
                reply = (
                    "That request timed out, so nothing was changed."
                    if expired
                    else ("There's nothing waiting for a yes or no.")
                )
                return Execution(
                    False, reply, [ActionOutcome(action.type, action.params, FAILED, None, reply)]
                )
            case "cancel" | "undo":
                return self.undo(now=now, source=source, conversation=conversation, action=action)
        raise AssertionError(action.type)

    # -- the command log ----------------------------------------------------------------------

    def logged(self, count: int = 1) -> None:
        """Note new command-log entries; prune the log once every ``PRUNE_EVERY`` of them."""
        self._logged += count
        if self._logged >= PRUNE_EVERY:
            self._logged = 0
            self.prune_log()

    def prune_log(self) -> tuple[int, int]:
        """Keep ``log_size`` log entries and undo images for the newest ``undo_depth``.

        Returns (entries dropped, undo images dropped). Runs in its own transaction, so a
        failure here (a full disk) leaves the log as it was and the command committed.
        """
        settings = self.config.executor
        entries = self.store.select("commands", ("id", "changes", "undone"))
        dropped = [
            entry_id for entry_id, _, _ in entries[: max(len(entries) - settings.log_size, 0)]
        ]
        kept = entries[len(dropped) :]
        undoable = [entry_id for entry_id, changes, undone in kept if changes and not undone]
        expired = undoable[: max(len(undoable) - settings.undo_depth, 0)]
        if not dropped and not expired:
            return 0, 0
        try:
            with self.store.transaction(origin="log") as tx:
                for entry_id in dropped:
                    tx.delete("commands", entry_id)
                for entry_id in expired:
                    tx.update("commands", entry_id, {"changes": [], "undo_expired": True})
        except StoreError as exc:
            log.warning("command log not pruned: %s", exc.message)
            return 0, 0
        log.info(
            "command log pruned: %d entries dropped, %d undo images", len(dropped), len(expired)
        )
        return len(dropped), len(expired)

    # -- undo ---------------------------------------------------------------------------------

    def undo(
        self,
        *,
        now: datetime,
        source: str = "cli",
        conversation: Conversation | None = None,
        action: Action | None = None,
    ) -> Execution:
        """Revert the last committed command that is not undone yet."""
        action = action or Action("undo")
        entries = [
            c for c in self.store.all("commands") if c.get("changes") and not c.get("undone")
        ]
        if not entries:
            reply = "There's nothing to undo."
            return Execution(False, reply, [ActionOutcome(action.type, {}, FAILED, None, reply)])
        entry = entries[-1]  # the store keeps insertion order
        try:
            with self.store.transaction(origin="local") as tx:
                for collection, item_id, before in reversed(entry["changes"]):
                    if before is None:
                        if tx.get(collection, item_id) is not None:
                            tx.delete(collection, item_id)
                    else:
                        tx.put(collection, before)
                tx.update("commands", entry["id"], {"undone": True, "undone_at": now.isoformat()})
        except StoreError as exc:
            return Execution(False, f"I couldn't undo that: {exc.message}", [])
        if conversation is not None:
            conversation.last, conversation.previous = {}, None
        reply = f"Undone: {entry['utterance']}."
        result = {"undone": entry["id"], "utterance": entry["utterance"]}
        return Execution(True, reply, [ActionOutcome(action.type, {}, DONE, result)], True)


_PAST_TO_REQUEST = {
    "Added": "add",
    "Created": "create",
    "Deleted": "delete",
    "Moved": "move",
    "Renamed": "rename",
    "Scheduled": "schedule",
    "Cancelled": "cancel",
}


def _as_request(sentence: str) -> str:
    """Turn a reply sentence ("Deleted order catering.") into a question's verb phrase."""
    text = sentence.rstrip(".")
    verb, _, rest = text.partition(" ")
    if verb in _PAST_TO_REQUEST:
        return f"{_PAST_TO_REQUEST[verb]} {rest}"
    return f"do this: {text}"


def _remember(last: dict[str, str], result: Result) -> None:
    if result.kind and result.id:
        last[result.kind] = result.id
    if result.people:
        last["person"] = result.people[-1]
    if result.projects and result.kind != "project":
        last["project"] = result.projects[-1]  # "..., how many's on that list now?"


def _context_after(last: dict[str, str], results: list[Result | None]) -> dict[str, str]:
    updated = dict(last)
    for result in results:
        if result is not None:
            _remember(updated, result)
    return updated


def _log(
    utterance: str, source: str, command: Command, now: datetime, changes: list[list[Any]]
) -> dict[str, Any]:
    return {
        "at": now.isoformat(),
        "utterance": utterance,
        "source": source,
        "parse": command.to_dict(),
        "outcome": "done",
        "changes": changes,
        "undone": False,
    }
