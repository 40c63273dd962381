"""Parley's core: one utterance of text in, one Outcome out.

``Parley.handle_text`` is what every way in ends at (the CLI's `say`, the voice pipeline's final
transcript, MQTT `cmd/text`): check the text, parse it (fast path, then the LLM router when one
is given), run it with the executor, log it, publish events. It is synchronous and serialised
by a lock, because the store has one writer; the job queue (services/core/jobs.py) runs it in a
worker thread so several commands can be in flight.

``prepare`` parses a transcript before it is final (the voice pipeline's speculative decode):
the fast path at once, the LLM router in the background when the fast path is not enough.
``handle_text`` of the same text, in the same conversation and an unchanged world, runs that
parse instead of parsing again; nothing is run or committed until then.
"""

from __future__ import annotations

import collections
import concurrent.futures
import logging
import threading
import time
from dataclasses import dataclass, field, replace
from typing import Any

from services.clock import Clock, SystemClock, zone_named
from services.config import Config
from services.core.executor import FAILED, ActionOutcome, Conversation, Execution, Executor
from services.core.index import OpenTasks
from services.errors import ParleyError
from services.events import CommandExecuted, EventBus, ReplyReady
from services.nlu import ParseContext, Parser
from services.nlu.commands import NOT_UNDERSTOOD, Command
from services.nlu.fastpath import FastPathParser
from services.nlu.router import ConfiguredRouter
from services.nlu.text import ends_open
from services.store import Store

log = logging.getLogger(__name__)

MAX_CHARS = 1000  # longer than any spoken command; a pasted essay is refused, not parsed
RECENT_TASKS = 50
MAX_CONVERSATIONS = 256  # conversations remembered (voice, each MQTT source and id, CLI)
AHEAD_S = 5.0  # a parse made ahead is used if the clock moved less than this since


@dataclass
class Outcome:
    """The result of one utterance; ``to_dict`` is the `parley say --json` contract."""

    ok: bool
    utterance: str
    intent: str
    actions: list[ActionOutcome]
    reply: str
    timings_ms: dict[str, float] = field(default_factory=dict)
    parser: str = "fastpath"
    refused_actions: list[str] = field(default_factory=list)  # denied by the source's policy

    def to_dict(self) -> dict[str, Any]:
        data = {
            "ok": self.ok,
            "utterance": self.utterance,
            "intent": self.intent,
            "actions": [action.to_dict() for action in self.actions],
            "reply": self.reply,
            "timings_ms": self.timings_ms,
            "parser": self.parser,
        }
        if self.refused_actions:
            data["refused_actions"] = self.refused_actions
        return data


@dataclass(frozen=True)
class Parsed:
    """A parser's answer as the core uses it (the LLM router's ``Routed`` has this shape)."""

    command: Command
    route: str = "fastpath"
    needs_confirmation: bool = False
    question: str = ""
    notice: str = ""


@dataclass(frozen=True)
class Preview:
    """How a transcript reads before it is final (``Parley.read``, ``Parley.prepare``)."""

    is_complete: bool  # the fast path accounts for all of it
    is_open: bool = False  # it stops on an open clause ("... and", "... due")


@dataclass(frozen=True)
class _Ahead:
    """A parse made ahead of ``handle_text``: for this utterance in this world."""

    utterance: str
    context: ParseContext
    parsed: concurrent.futures.Future[Any]

    def fits(self, utterance: str, context: ParseContext) -> bool:
        drift = abs((context.now - self.context.now).total_seconds())
        same = replace(self.context, now=context.now) == context
        return utterance == self.utterance and same and drift <= AHEAD_S


def route(parser: Parser, text: str, context: ParseContext) -> Any:
    """Parse with the router's extra advice when the parser is a router."""
    router = getattr(parser, "route", None)
    if router is not None:
        return router(text, context)
    return Parsed(parser.parse(text, context), getattr(parser, "name", "parser"))


def default_parser(config: Config) -> Parser:
    """Return the fast path, behind the LLM router unless ``llm.enabled`` is false."""
    fast = FastPathParser(config.parser)
    if not config.llm.enabled:
        return fast
    return ConfiguredRouter(config, fast)  # the model loads when first needed, or on warm()


class Parley:
    """The store, the parser and the executor, behind one method."""

    def __init__(
        self, config: Config, store: Any, *, clock: Clock, bus: EventBus, parser: Parser
    ) -> None:
        self.config = config
        self.store = store
        self.clock = clock
        self.bus = bus
        self.parser = parser
        self.open_tasks = OpenTasks(store, bus)
        self.executor = Executor(store, config, self.open_tasks)
        # By id, the most recently used last; at most MAX_CONVERSATIONS (an automation that
        # sends a new `conversation` id with every MQTT command must not grow it forever).
        self.conversations: collections.OrderedDict[str, Conversation] = collections.OrderedDict()
        self._lock = threading.RLock()
        self._names: tuple[int, tuple[str, ...], tuple[str, ...]] | None = None
        self._ahead: dict[str, _Ahead] = {}  # by conversation: the newest parse made ahead
        self._ahead_lock = threading.Lock()
        self._ahead_pool: concurrent.futures.ThreadPoolExecutor | None = None

    @classmethod
    def open(
        cls,
        config: Config,
        *,
        clock: Clock | None = None,
        bus: EventBus | None = None,
        parser: Parser | None = None,
    ) -> Parley:
        """Open the store in ``config.state_dir`` and build the core around it."""
        bus = bus or EventBus()
        store = Store.open(
            config.state_dir,
            storage=config.store.storage,
            compact_bytes=config.store.compact_bytes,
            backups=config.store.backups,
            bus=bus,
        )
        clock = clock or SystemClock(zone_named(config.general.timezone))
        return cls(config, store, clock=clock, bus=bus, parser=parser or default_parser(config))

    def reconfigure(self, config: Config) -> None:
        """Take new dates, parser and executor settings live (SIGHUP)."""
        with self._lock:
            self.config = config
            self.executor.config = config

    def close(self) -> None:
        """Flush and close the store (and stop parses made ahead that never started)."""
        if self._ahead_pool is not None:
            self._ahead_pool.shutdown(wait=False, cancel_futures=True)
        with self._lock:
            self.store.close()

    def __enter__(self) -> Parley:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- context ------------------------------------------------------------------------------

    def _known_names(self) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        version = self.open_tasks.version
        if self._names is None or self._names[0] != version:
            people: list[str] = []
            for person in self.store.all("people"):
                people.append(person["name"])
                people.extend(person.get("aliases", []))
            projects = tuple(p["name"] for p in self.store.all("projects"))
            self._names = (version, tuple(people), projects)
        _, people_names, project_names = self._names
        return people_names, project_names, tuple(self.open_tasks.recent(RECENT_TASKS))

    def context_for(self, conversation: Conversation) -> ParseContext:
        """Return what the parser may know for the next utterance of ``conversation``."""
        people, projects, tasks = self._known_names()
        last = {}
        for kind, item_id in conversation.last.items():
            collection = {"person": "people"}.get(kind, f"{kind}s")
            doc = self.store.get(collection, item_id)
            if doc is not None:
                last[kind] = doc.get("title") or doc.get("name") or doc.get("label") or item_id
        return ParseContext(
            now=self.clock.now(),
            people=people,
            projects=projects,
            tasks=tasks,
            last=last,
            is_confirmation_pending=conversation.pending is not None,
            previous=conversation.previous,
        )

    # -- reading ahead ------------------------------------------------------------------------

    def read(self, text: str, *, conversation: str = "default") -> Preview:
        """Read ``text`` on the fast path alone, keeping nothing: a whole command or not?"""
        return self._preview(text, conversation, is_kept=False)

    def prepare(self, text: str, *, conversation: str = "default") -> Preview:
        """Read ``text`` and parse it ahead, for ``handle_text`` of the same text to use.

        The fast path runs now; when it is not enough, the router (the LLM) parses in a
        background thread. A newer ``prepare`` in the conversation replaces this one.
        """
        return self._preview(text, conversation, is_kept=True)

    def _preview(self, text: str, conversation: str, *, is_kept: bool) -> Preview:
        utterance = " ".join(str(text).split())
        if ends_open(utterance) or _refusal(utterance):
            return Preview(False, ends_open(utterance))
        context = self._context(conversation)
        try:
            routed, is_complete = self._quick_parse(utterance, context)
        except Exception:  # a parser must not take the appliance down
            log.exception("reading %r ahead failed", utterance)
            return Preview(False)
        if is_kept:
            if routed is not None:
                parsed: concurrent.futures.Future[Any] = concurrent.futures.Future()
                parsed.set_result(routed)
            else:
                parsed = self._pool().submit(route, self.parser, utterance, context)
            self._keep_ahead(conversation, _Ahead(utterance, context, parsed))
        return Preview(is_complete)

    def _talk(self, conversation: str) -> Conversation:
        """The conversation with this id, made if new; the least recently used beyond
        ``MAX_CONVERSATIONS`` is forgotten. Call with ``self._lock`` held."""
        talk = self.conversations.get(conversation)
        if talk is None:
            talk = self.conversations[conversation] = Conversation(conversation)
            while len(self.conversations) > MAX_CONVERSATIONS:
                self.conversations.popitem(last=False)
        else:
            self.conversations.move_to_end(conversation)
        return talk

    def _context(self, conversation: str) -> ParseContext:
        with self._lock:
            talk = self._talk(conversation)
            return self.context_for(talk)

    def _quick_parse(self, utterance: str, context: ParseContext) -> tuple[Any | None, bool]:
        """The fast path's parse when it is enough (or is all there is), and whether it was."""
        fast_route = getattr(self.parser, "fast_route", None)
        if fast_route is None:  # no model behind this parser: its parse is the whole route
            routed = route(self.parser, utterance, context)
            return routed, bool(routed.command.is_complete)
        routed = fast_route(utterance, context)
        return routed, routed is not None

    def _pool(self) -> concurrent.futures.ThreadPoolExecutor:
        with self._ahead_lock:
            if self._ahead_pool is None:
                self._ahead_pool = concurrent.futures.ThreadPoolExecutor(
                    1, thread_name_prefix="parse-ahead"
                )
            return self._ahead_pool

    def _keep_ahead(self, conversation: str, ahead: _Ahead) -> None:
        with self._ahead_lock:
            older = self._ahead.get(conversation)
            self._ahead[conversation] = ahead
        if older is not None:
            older.parsed.cancel()  # only if it has not started; a running parse finishes

    def _parsed_ahead(self, conversation: str, utterance: str, context: ParseContext) -> Any:
        """The parse ``prepare`` made of this utterance in this world, or None."""
        with self._ahead_lock:
            ahead = self._ahead.pop(conversation, None)
        if ahead is None or not ahead.fits(utterance, context) or ahead.parsed.cancelled():
            return None
        return ahead.parsed.result()

    # -- the one entry point ------------------------------------------------------------------

    def handle_text(
        self,
        text: str,
        *,
        source: str = "cli",
        conversation: str = "default",
        allowed_actions: frozenset[str] | None = None,
    ) -> Outcome:
        """Parse and run one utterance; never raises on bad input.

        ``allowed_actions`` limits what this source may do (MQTT: no deletes by default); a
        command with any other action runs nothing and lists them in ``refused_actions``.
        """
        started = time.perf_counter()
        with self._lock:
            talk = self._talk(conversation)
        outcome = self._handle(text, source, talk, started, allowed_actions)
        self.bus.publish(CommandExecuted(outcome.to_dict()))
        if outcome.reply:
            self.bus.publish(ReplyReady(outcome.reply))
        return outcome

    def _handle(
        self,
        text: str,
        source: str,
        talk: Conversation,
        started: float,
        allowed_actions: frozenset[str] | None = None,
    ) -> Outcome:
        utterance = " ".join(str(text).split())
        refusal = _refusal(utterance)
        if refusal is not None:
            return self._refused(utterance, source, refusal, started)
        with self._lock:
            context = self.context_for(talk)
        try:
            # Parsing runs outside the lock: the LLM may take seconds and other conversations
            # must not wait for it. The job queue keeps one conversation's utterances in order.
            routed = self._parsed_ahead(talk.id, utterance, context)
            if routed is None:
                routed = route(self.parser, utterance, context)
        except Exception as exc:  # a parser must not take the appliance down
            log.exception("parser %s failed", getattr(self.parser, "name", "?"))
            message = exc.message if isinstance(exc, ParleyError) else "I couldn't understand that."
            return self._refused(utterance, source, message, started)
        command = routed.command
        parsed = time.perf_counter()
        is_usable = command.intent != NOT_UNDERSTOOD and command.actions
        if not is_usable or not (command.is_complete or routed.needs_confirmation):
            reply = _not_understood(command)
            if routed.notice:
                reply = f"{reply} {routed.notice}"
            return self._refused(utterance, source, reply, started, command)
        if allowed_actions is not None:
            refused = sorted({a.type for a in command.actions} - allowed_actions)
            if refused:
                outcome = self._refused(
                    utterance, source, "That isn't allowed from here.", started, command
                )
                outcome.refused_actions = refused
                for action in outcome.actions:
                    if action.type in refused:
                        action.error = f"not allowed from {source}"
                return outcome
        with self._lock:  # one writer: execution and its commit are serialised
            execution = self.executor.run(
                command,
                talk,
                utterance=utterance,
                source=source,
                now=self.clock.now(),
                question=routed.question if routed.needs_confirmation else None,
            )
        if routed.notice:
            execution.reply = f"{execution.reply} {routed.notice}".strip()
        timings = _timings(started, parsed)
        outcome = Outcome(
            execution.ok,
            utterance,
            command.intent,
            execution.actions,
            execution.reply,
            timings,
            command.parser,
        )
        if not execution.committed:
            with self._lock:
                self._log(outcome, source, command)
        return outcome

    def _refused(
        self,
        utterance: str,
        source: str,
        reply: str,
        started: float,
        command: Command | None = None,
    ) -> Outcome:
        intent = command.intent if command else ("empty" if not utterance else NOT_UNDERSTOOD)
        actions = (
            [ActionOutcome(a.type, a.params, FAILED, None, "not run") for a in command.actions]
            if command
            else []
        )
        outcome = Outcome(False, utterance, intent, actions, reply, _timings(started, None))
        with self._lock:
            self._log(outcome, source, command)
        return outcome

    def _log(self, outcome: Outcome, source: str, command: Command | None) -> None:
        """Record a command that changed nothing (a committed one logs with its commit)."""
        if not outcome.utterance:
            return
        status = outcome.actions[0].status if outcome.actions else "failed"
        record: dict[str, Any] = {
            "at": self.clock.now().isoformat(),
            "utterance": outcome.utterance[:MAX_CHARS],
            "source": source,
            "parse": command.to_dict() if command else None,
            "outcome": "done" if outcome.ok and status == "done" else status,
            "reply": outcome.reply,
            "timings": outcome.timings_ms,
            "changes": [],
        }
        try:
            with self.store.transaction(origin="log") as tx:
                tx.insert("commands", record)
        except ParleyError as exc:
            log.warning("command log not written: %s", exc.message)
            return
        self.executor.logged()

    def run_command(self, command: Command, *, source: str = "cli", utterance: str = "") -> Outcome:
        """Run a Command built in code (the CLI's `report`), skipping the parser."""
        started = time.perf_counter()
        with self._lock:
            talk = self._talk(source)
            execution = self.executor.run(
                command, talk, utterance=utterance or command.intent, source=source,
                now=self.clock.now(),
            )  # fmt: skip
        timings = _timings(started, started)
        return Outcome(
            execution.ok, utterance, command.intent, execution.actions, execution.reply, timings
        )

    def undo(self, source: str = "cli") -> Execution:
        """Revert the last committed command."""
        with self._lock:
            return self.executor.undo(now=self.clock.now(), source=source)


def _refusal(utterance: str) -> str | None:
    if not utterance:
        return "I didn't hear anything."
    if len(utterance) > MAX_CHARS:
        return "That was too long for me. Please say one command at a time."
    if not any(ch.isalnum() for ch in utterance):
        return "I didn't catch any words."
    return None


def _not_understood(command: Command) -> str:
    leftover = command.unparsed.strip()
    if command.actions and leftover:
        return f'I didn\'t understand the part "{leftover}", so I did nothing.'
    return "Sorry, I didn't understand that."


def _timings(started: float, parsed: float | None) -> dict[str, float]:
    now = time.perf_counter()
    timings = {"total": round((now - started) * 1000, 3)}
    if parsed is not None:
        timings["parse"] = round((parsed - started) * 1000, 3)
        timings["execute"] = round((now - parsed) * 1000, 3)
    return timings
