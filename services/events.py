"""The internal event bus and the core's events.

Events are frozen dataclasses named in the past tense. Each has a ``type`` (snake_case, used
on MQTT as ``event/<type>`` and in ``parley run --json``) and ``to_dict()``. Other modules
define their own events the same way by subclassing ``Event``.

The bus is synchronous and thread-safe: ``publish`` calls every subscriber in the publishing
thread. An asyncio component that wants events on its loop subscribes a function that does
``loop.call_soon_threadsafe``. A subscriber that raises is logged and does not stop the others.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar, TypeVar, cast

from services.errors import ErrorCode

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1


class ApplianceState(StrEnum):
    """What Parley is doing, as `parley status`, MQTT ``state`` and the LEDs show it.

    The LED pattern table (device/patterns.py) has a pattern for each of these but REST and
    STARTING, and more of its own (success, offline, notify).
    """

    STARTING = "starting"  # models loading (status only)
    IDLE = "idle"
    WAKE = "wake"  # the wake word was heard (LEDs only: status and MQTT say listening)
    LISTENING = "listening"
    THINKING = "thinking"
    SPEAKING = "speaking"
    MUTED = "muted"
    ERROR = "error"  # a flash on the LEDs; status keeps its state and reports last_error
    REST = "rest"  # back to resting: muted while muted, else idle (never shown itself)


# Event type -> the appliance state it starts, shared by `parley status` (services.app.status) and
# the LEDs (services.app.feedback). For the LEDs REST is also offline or notify while that
# condition holds.
STATE_BY_EVENT: dict[str, ApplianceState] = {
    "wake": ApplianceState.WAKE,
    "listening": ApplianceState.LISTENING,
    "speech_start": ApplianceState.LISTENING,
    "speech_end": ApplianceState.THINKING,
    "final": ApplianceState.THINKING,
    "no_speech": ApplianceState.REST,
    "tts_start": ApplianceState.SPEAKING,
    "tts_end": ApplianceState.REST,
    "follow_up_end": ApplianceState.REST,
    "error": ApplianceState.ERROR,
}


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


@dataclass(frozen=True)
class Event:
    """Base of all events."""

    type: ClassVar[str] = "event"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "type" not in cls.__dict__:
            cls.type = _snake(cls.__name__)

    def to_dict(self) -> dict[str, Any]:
        body = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        return {"type": self.type, "schema": SCHEMA_VERSION, **body}


@dataclass(frozen=True)
class JobChanged(Event):
    """A job moved to a new state (queued, running, completed, failed, cancelled)."""

    type: ClassVar[str] = "job"
    job_id: str
    state: str
    utterance: str
    source: str
    error: str | None = None


@dataclass(frozen=True)
class CommandExecuted(Event):
    """A command ran (or failed, or waits for confirmation); ``outcome`` is the CLI JSON."""

    type: ClassVar[str] = "command"
    outcome: dict[str, Any]


@dataclass(frozen=True)
class ReplyReady(Event):
    """Parley has something to say."""

    type: ClassVar[str] = "reply"
    text: str
    job_id: str | None = None
    # "command": a command's reply, spoken by whoever ran it (the voice pipeline);
    # "mqtt" (cmd/say) and "message" (a message delivered here): the daemon speaks these.
    origin: str = "command"


@dataclass(frozen=True)
class StoreCommitted(Event):
    """A transaction was committed; ``changes`` are (collection, id, before, after)."""

    type: ClassVar[str] = "store_committed"
    origin: str
    changes: tuple[tuple[str, str, dict[str, Any] | None, dict[str, Any] | None], ...]


@dataclass(frozen=True)
class ReminderDue(Event):
    """A reminder, timer or meeting alert is due (``is_late`` after a restart)."""

    type: ClassVar[str] = "reminder"
    kind: str  # reminder | timer | meeting
    item_id: str
    text: str
    due: str
    is_late: bool = False


@dataclass(frozen=True)
class ErrorRaised(Event):
    """Something failed; ``stage`` names where, ``code`` what (services.errors.ErrorCode)."""

    type: ClassVar[str] = "error"
    stage: str
    message: str
    code: str = ErrorCode.FAILED


Subscriber = Callable[[Event], None]
E = TypeVar("E", bound="Event")


class EventBus:
    """Publish events to subscribers, optionally filtered by event class."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: list[tuple[type[Event], Subscriber]] = []

    def subscribe(
        self,
        subscriber: Callable[[E], None],
        kind: type[E] = Event,  # type: ignore[assignment]  # a TypeVar default: Event, its bound
    ) -> Callable[[], None]:
        """Call ``subscriber`` for every event of ``kind``; return a function that unsubscribes."""
        entry = (kind, cast(Subscriber, subscriber))
        with self._lock:
            self._subscribers.append(entry)

        def unsubscribe() -> None:
            with self._lock:
                if entry in self._subscribers:
                    self._subscribers.remove(entry)

        return unsubscribe

    def publish(self, event: Event) -> None:
        """Deliver ``event`` to every matching subscriber, in subscription order."""
        with self._lock:
            targets = [sub for kind, sub in self._subscribers if isinstance(event, kind)]
        log.debug("event %s", event.type)
        for subscriber in targets:
            try:
                subscriber(event)
            except Exception:
                log.exception("event subscriber failed on %s", event.type)
