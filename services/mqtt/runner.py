"""How the bridge runs a ``cmd/text``: through the core, with the MQTT action policy applied."""

from __future__ import annotations

import asyncio
import inspect
import logging
from typing import Any, Protocol

from services.core.executor import Conversation
from services.mqtt.policy import ActionPolicy

log = logging.getLogger(__name__)

REFUSED_REPLY = "That isn't allowed over MQTT."


REFUSAL_REPLIES = {
    "size": "That command was too long.",
    "schema": "I couldn't read that command.",
    "reply_topic": "I can't answer on that reply topic.",
    "rate": "Too many commands at once. Please slow down.",
    "queue_full": "I'm too busy right now. Please try again shortly.",
}


def refusal(
    code: str, reason: str, *, text: str | None = None, retry_after_s: float | None = None
) -> dict[str, Any]:
    """Return the say-JSON object for a command refused before it ran (nothing changed).

    ``refused`` is the reason code an automation can act on: ``size``, ``schema``,
    ``reply_topic``, ``rate`` (wait ``retry_after_s``, or raise ``[mqtt] rate_per_s``),
    ``queue_full`` (try again later) or ``policy`` (see :func:`refused_outcome`).
    """
    body: dict[str, Any] = {
        "ok": False,
        "utterance": text,
        "intent": None,
        "actions": [],
        "reply": REFUSAL_REPLIES.get(code, "That command was refused."),
        "timings_ms": {},
        "refused": code,
        "error": reason,
    }
    if retry_after_s is not None:
        body["retry_after_s"] = round(retry_after_s, 3)
    return body


class CommandRunner(Protocol):
    """Runs one text command and returns the `parley say --json` object."""

    async def run_text(self, text: str, *, source: str, conversation: str) -> dict[str, Any]: ...


def refused_outcome(
    text: str, intent: str, actions: list[Any], refused: list[str]
) -> dict[str, Any]:
    """Return the say-JSON object of a command the policy refused (nothing ran)."""
    return {
        "ok": False,
        "utterance": text,
        "intent": intent,
        "actions": [
            {
                "type": action.type,
                "params": action.params,
                "status": "skipped",
                "result": None,
                "error": "not allowed over MQTT" if action.type in refused else "not run",
            }
            for action in actions
        ],
        "reply": REFUSED_REPLY,
        "timings_ms": {},
        "refused": "policy",
        "error": f"not allowed over MQTT: {', '.join(refused)}",
        "refused_actions": refused,
    }


class CoreRunner:
    """Run text on a ``Parley`` core in a worker thread, refusing actions the policy denies.

    If the core's ``handle_text`` takes ``allowed_actions`` it enforces the policy itself (one
    parse). Otherwise the runner parses first with the core's parser and context and refuses
    before anything runs; the core then parses again (cheap on the fast path).
    """

    def __init__(self, core: Any, policy: ActionPolicy) -> None:
        self.core = core
        self.policy = policy
        parameters = inspect.signature(core.handle_text).parameters
        self._is_policy_in_core = "allowed_actions" in parameters

    async def run_text(self, text: str, *, source: str, conversation: str) -> dict[str, Any]:
        """Run one command as if spoken; return its result object."""
        return await asyncio.to_thread(self._run, text, source, conversation)

    def _run(self, text: str, source: str, conversation: str) -> dict[str, Any]:
        allowed = self.policy.allowed_actions()
        if self._is_policy_in_core:
            outcome = self.core.handle_text(
                text, source=source, conversation=conversation, allowed_actions=allowed
            )
            result: dict[str, Any] = outcome.to_dict()
            return result
        refusal = self.check(text, conversation)
        if refusal is not None:
            return refusal
        done: dict[str, Any] = self.core.handle_text(
            text, source=source, conversation=conversation
        ).to_dict()
        return done

    def check(self, text: str, conversation: str) -> dict[str, Any] | None:
        """Parse without running; return the refusal object if the policy denies an action."""
        talk = self.core.conversations.get(conversation) or Conversation(conversation)
        command = self.core.parser.parse(" ".join(text.split()), self.core.context_for(talk))
        refused = self.policy.refused(command)
        if not refused:
            return None
        log.info("mqtt command refused by policy: %s", ", ".join(refused))
        return refused_outcome(text, command.intent, list(command.actions), refused)


class QueueRunner:
    """Run text through the daemon's job queue (exactly as a spoken command runs).

    The policy check parses first with the core (``CoreRunner.check``), then the job queue runs
    the command like any other job: same priorities, cancel, events.
    """

    def __init__(self, queue: Any, core: Any, policy: ActionPolicy) -> None:
        self.queue = queue
        self.checker = CoreRunner(core, policy)

    async def run_text(self, text: str, *, source: str, conversation: str) -> dict[str, Any]:
        """Submit one command to the queue and wait for its outcome."""
        refusal = await asyncio.to_thread(self.checker.check, text, conversation)
        if refusal is not None:
            return refusal
        job = await self.queue.submit(text, source=source, conversation=conversation)
        try:
            outcome = await job.wait()
        except Exception as exc:  # cancelled or failed: the result says so
            message = getattr(exc, "message", str(exc))
            return {
                "ok": False,
                "utterance": text,
                "intent": "",
                "actions": [],
                "reply": message,
                "timings_ms": {},
                "job_id": job.id,
            }
        return {**outcome.to_dict(), "job_id": job.id}
