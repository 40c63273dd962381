"""The clock. Everything that needs "now" takes a Clock, so tests and `--now` can fix it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Protocol
from zoneinfo import ZoneInfo


class Clock(Protocol):
    """Something that tells the current time as an aware datetime."""

    def now(self) -> datetime: ...


@dataclass
class SystemClock:
    """The wall clock in the configured time zone."""

    zone: tzinfo

    def now(self) -> datetime:
        return datetime.now(self.zone)


@dataclass
class FixedClock:
    """A clock that says what it is told; `advance` moves it (tests, `--now`)."""

    current: datetime

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current = self.current + timedelta(**delta)


def zone_named(name: str) -> tzinfo:
    """Return the time zone for a config value ("local" means the system's)."""
    if name in ("", "local"):
        local = datetime.now().astimezone().tzinfo
        assert local is not None
        return local
    return ZoneInfo(name)


def parse_now(value: str, zone: tzinfo) -> datetime:
    """Parse an ISO 8601 `--now` value; a naive one is taken in `zone`."""
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)
