"""The scheduler: fires reminders, timers and meeting alerts at their time, across restarts.

The executor writes the documents; the scheduler reads them and sets only their fired mark.
Shapes it relies on (times are ISO 8601 with an offset; a naive one is taken in ``now``'s zone):

- ``reminders``: ``{id, text, person (a name, or null for the owner), due, fired_at (or null),
  task_id (or null)}``; due at ``due``.
- ``timers``: ``{id, label (or null), duration_s, started_at, ends_at, fired_at, cancelled_at}``;
  due at ``ends_at`` unless cancelled.
- ``meetings``: ``{id, title, start, duration_min, attendees [names], location, alerted_at}``;
  alerted ``meeting_alert_minutes`` before ``start``. A meeting already over (start plus
  duration, and at least ``late_after_s`` past its alert time) when the scheduler sees it is
  not alerted at all: an alert after the fact helps nobody.

To make an item fire again (a snoozed reminder, a moved meeting), the executor sets its fired
field back to null.

An alert fired more than ``late_after_s`` after its time is marked late (``is_late``): that is
what happens to everything missed while Parley was off, which the first tick fires at start-up.

Nothing fires twice: the fired marks are committed in one store transaction *before* the
``ReminderDue`` events are published. If the commit fails, nothing is published and the next
tick tries again; a crash between commit and publish (microseconds) loses those alerts rather
than repeating them.

The core is pure and takes time as data: ``due_alerts(view, now, settings)`` and
``mark_fired(tx, alerts, now)``. ``Scheduler.tick(now)`` applies them to the store and the bus;
``Scheduler.run()`` ticks every ``tick_s`` and backs off when the store fails.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from services import config
from services.clock import Clock
from services.errors import ParleyError
from services.events import ErrorRaised, EventBus, ReminderDue

log = logging.getLogger(__name__)

MAX_BACKOFF_S = 60.0

Document = dict[str, Any]


class StoreView(Protocol):
    """The read side of the store the pure core needs."""

    def search(self, collection: str, predicate: Callable[[Document], bool]) -> list[Document]: ...


class Transaction(StoreView, Protocol):
    """One store transaction: reads see its own staged writes."""

    def update(self, collection: str, item_id: str, fields: Document) -> Any: ...


class SchedulerStore(StoreView, Protocol):
    """What the scheduler needs of ``services.store.Store``."""

    def transaction(self, origin: str = ...) -> AbstractContextManager[Transaction]: ...


@dataclass(frozen=True)
class Kind:
    """One kind of alert: where its documents live and which field marks them fired."""

    name: str
    collection: str
    fired_field: str


REMINDER = Kind("reminder", "reminders", "fired_at")
TIMER = Kind("timer", "timers", "fired_at")
MEETING = Kind("meeting", "meetings", "alerted_at")
KINDS = {kind.name: kind for kind in (REMINDER, TIMER, MEETING)}


@dataclass(frozen=True)
class Alert:
    """Something to tell people now."""

    kind: str  # reminder | timer | meeting
    item_id: str
    text: str
    due: datetime  # when the thing happens (a meeting's start)
    fire_at: datetime  # when to tell (a meeting's start minus the alert minutes)
    is_late: bool = False
    person: str | None = None  # whom a reminder is for; None means the owner

    def to_dict(self, now: datetime) -> dict[str, Any]:
        """Return the alert as JSON-ready data (``parley alerts --json``)."""
        return {
            "kind": self.kind,
            "id": self.item_id,
            "text": self.text,
            "person": self.person,
            "due": self.due.isoformat(),
            "fire_at": self.fire_at.isoformat(),
            "is_due": self.fire_at <= now,
            "is_late": self.is_late,
        }

    def to_event(self) -> ReminderDue:
        """Return the bus event; a reminder for someone else names them first."""
        text = f"{self.person}: {self.text}" if self.person else self.text
        return ReminderDue(self.kind, self.item_id, text, self.due.isoformat(), self.is_late)


@dataclass(frozen=True)
class Invalid:
    """A document the scheduler cannot read (it will never fire until it is fixed)."""

    collection: str
    item_id: str
    problem: str


@dataclass(frozen=True)
class Scan:
    """What one look at the store found."""

    alerts: list[Alert] = field(default_factory=list)
    invalid: list[Invalid] = field(default_factory=list)


class _Unreadable(ValueError):
    """A field of a document is missing or malformed."""


def _moment(document: Document, key: str, now: datetime) -> datetime:
    value = document.get(key)
    if not isinstance(value, str):
        raise _Unreadable(f"{key} is {value!r}, not an ISO 8601 time")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise _Unreadable(f"{key} is {value!r}, not an ISO 8601 time") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=now.tzinfo)


def _duration_text(seconds: float) -> str:
    whole = round(seconds)
    if whole >= 3600 and whole % 3600 == 0:
        return f"{whole // 3600} hour"
    if whole >= 60 and whole % 60 == 0:
        return f"{whole // 60} minute"
    return f"{whole} second"


def _reminder(document: Document, now: datetime, settings: config.Scheduler) -> Alert | None:
    due = _moment(document, "due", now)
    text = document.get("text") or "reminder"
    return Alert("reminder", document["id"], text, due, due, person=document.get("person"))


def _timer(document: Document, now: datetime, settings: config.Scheduler) -> Alert | None:
    if document.get("cancelled_at"):
        return None
    ends = _moment(document, "ends_at", now)
    label = document.get("label")
    text = f"{label} timer" if label else f"{_duration_text(document.get('duration_s', 0))} timer"
    return Alert("timer", document["id"], text, ends, ends)


def _meeting(document: Document, now: datetime, settings: config.Scheduler) -> Alert | None:
    start = _moment(document, "start", now)
    fire_at = start - timedelta(minutes=settings.meeting_alert_minutes)
    end = start + timedelta(minutes=float(document.get("duration_min") or 0))
    closes = max(end, fire_at + timedelta(seconds=settings.late_after_s))
    if now > closes:
        return None  # over before anyone could be told: an alert now would be noise
    return Alert("meeting", document["id"], document.get("title") or "meeting", start, fire_at)


_READERS: dict[str, Callable[[Document, datetime, config.Scheduler], Alert | None]] = {
    "reminder": _reminder,
    "timer": _timer,
    "meeting": _meeting,
}


def scan(
    view: StoreView,
    now: datetime,
    settings: config.Scheduler,
    *,
    is_due_only: bool = True,
    device_id: str | None = None,
) -> Scan:
    """Return the alerts due at ``now`` (all pending ones with ``is_due_only=False``), soonest
    first, and the documents that cannot be read.

    With ``device_id``, items another device announces are left out: a reminder or meeting
    synced from another Parley carries the ``device`` that took it (or the device of the
    person it is for), and only that device speaks it; its ``fired_at`` syncs back here.
    """
    alerts: list[Alert] = []
    invalid: list[Invalid] = []
    for kind in KINDS.values():
        read = _READERS[kind.name]
        # Only unfired documents are copied out of the store: fired ones pile up over the years.
        for document in view.search(kind.collection, _unfired(kind, device_id)):
            try:
                alert = read(document, now, settings)
            except (_Unreadable, KeyError, TypeError, ValueError) as exc:
                item_id = str(document.get("id", "?"))
                invalid.append(Invalid(kind.collection, item_id, str(exc)))
                continue
            if alert is not None and (alert.fire_at <= now or not is_due_only):
                late = (now - alert.fire_at).total_seconds() > settings.late_after_s
                alerts.append(_with_lateness(alert, late))
    alerts.sort(key=lambda alert: (alert.fire_at, alert.kind, alert.item_id))
    return Scan(alerts, invalid)


def _unfired(kind: Kind, device_id: str | None) -> Callable[[Document], bool]:
    if device_id is None:
        return lambda document: not document.get(kind.fired_field)
    return lambda document: (
        not document.get(kind.fired_field)
        and document.get("device")
        in (
            None,
            device_id,
        )
    )


def _with_lateness(alert: Alert, is_late: bool) -> Alert:
    if alert.is_late == is_late:
        return alert
    return Alert(
        alert.kind, alert.item_id, alert.text, alert.due, alert.fire_at, is_late, alert.person
    )


def due_alerts(
    view: StoreView, now: datetime, settings: config.Scheduler, device_id: str | None = None
) -> list[Alert]:
    """Return what is due at ``now``, oldest first; late ones have ``is_late`` set."""
    return scan(view, now, settings, device_id=device_id).alerts


def pending_alerts(view: StoreView, now: datetime, settings: config.Scheduler) -> list[Alert]:
    """Return every alert that has not fired yet, due or not, soonest first."""
    return scan(view, now, settings, is_due_only=False).alerts


def mark_fired(tx: Transaction, alerts: Iterable[Alert], now: datetime) -> None:
    """Record in ``tx`` that ``alerts`` fired at ``now``, so they never fire again."""
    stamp = now.isoformat()
    for alert in alerts:
        kind = KINDS[alert.kind]
        tx.update(kind.collection, alert.item_id, {kind.fired_field: stamp})


def retry_delay(failures: int, tick_s: float) -> float:
    """Return how long to wait after ``failures`` failed ticks in a row (doubling, capped)."""
    return min(tick_s * 2.0**failures, max(MAX_BACKOFF_S, tick_s))


class Scheduler:
    """Fire due alerts from the store onto the bus, now and every ``tick_s``."""

    def __init__(
        self,
        store: SchedulerStore,
        bus: EventBus,
        clock: Clock,
        settings: config.Scheduler,
        *,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
        device_id: str | None = None,
    ) -> None:
        self._store = store
        self._device_id = device_id  # announce only this device's items (None: all)
        self._bus = bus
        self._clock = clock
        self._settings = settings
        self._sleep = sleep  # injected so tests drive the loop without waiting
        self._reported: set[tuple[str, str]] = set()

    def tick(self, now: datetime | None = None) -> list[Alert]:
        """Fire everything due at ``now`` (default: the clock); return what fired."""
        now = now if now is not None else self._clock.now()
        found = scan(self._store, now, self._settings, device_id=self._device_id)
        self._report(found.invalid)
        if not found.alerts:
            return []
        with self._store.transaction(origin="scheduler") as tx:
            # Look again under the store's lock: the executor may have cancelled or deleted
            # one of them since the lock-free look above.
            alerts = due_alerts(tx, now, self._settings, self._device_id)
            mark_fired(tx, alerts, now)
        for alert in alerts:
            log.info("%s %s due%s", alert.kind, alert.item_id, " (late)" if alert.is_late else "")
            self._bus.publish(alert.to_event())
        return alerts

    async def run(self) -> None:
        """Fire what was missed while off (late), then tick until cancelled."""
        failures = 0
        is_first = True
        while True:
            try:
                fired = await asyncio.to_thread(self.tick)
            except Exception as exc:
                failures += 1
                delay = retry_delay(failures, self._settings.tick_s)
                log.exception("scheduler tick failed; retrying in %.1f s", delay)
                message = exc.message if isinstance(exc, ParleyError) else str(exc)
                self._bus.publish(ErrorRaised("scheduler", message or type(exc).__name__))
            else:
                if is_first and fired:
                    log.info("fired %d alerts missed while Parley was off", len(fired))
                failures, is_first = 0, False
                delay = self._settings.tick_s
            await self._sleep(delay)

    def _report(self, invalid: list[Invalid]) -> None:
        for item in invalid:
            key = (item.collection, item.item_id)
            if key not in self._reported:
                self._reported.add(key)
                log.warning("cannot schedule %s/%s: %s", *key, item.problem)
