"""Hybrid logical clock: stamps that order changes across devices.

A stamp is (wall milliseconds, counter, node). It never goes backwards on one device, moves
past every stamp the device has seen, and the node id breaks ties, so any two stamps compare
the same way on every device. The clock is a pure core: the caller passes the physical time in.

>>> clock = HybridClock("kitchen")
>>> clock.tick(1_000)
Stamp(wall_ms=1000, counter=0, node='kitchen')
>>> clock.tick(1_000)
Stamp(wall_ms=1000, counter=1, node='kitchen')
"""

from __future__ import annotations

from dataclasses import dataclass

from services.errors import SyncError

_WALL_DIGITS = 13
_COUNTER_DIGITS = 6
_COUNTER_MAX = 10**_COUNTER_DIGITS - 1


class ClockSkewError(SyncError):
    """A remote stamp is further in the future than the allowed drift."""


@dataclass(frozen=True, order=True)
class Stamp:
    """One hybrid logical clock reading; compares by wall time, then counter, then node."""

    wall_ms: int
    counter: int
    node: str

    def encode(self) -> str:
        """Return the stamp as a string that sorts like the stamp."""
        return f"{self.wall_ms:0{_WALL_DIGITS}d}.{self.counter:0{_COUNTER_DIGITS}d}.{self.node}"

    @classmethod
    def decode(cls, text: str) -> Stamp:
        """Parse an encoded stamp; raise ValueError if it is not one."""
        wall, counter, node = text.split(".", 2)
        if len(wall) != _WALL_DIGITS or len(counter) != _COUNTER_DIGITS or not node:
            raise ValueError(f"not a stamp: {text!r}")
        return cls(int(wall), int(counter), node)


class HybridClock:
    """A hybrid logical clock for one node (not thread-safe: use it from one thread)."""

    def __init__(self, node: str, max_drift_ms: int = 60_000) -> None:
        if "." in node or not node:
            raise ValueError(f"node id must be non-empty and contain no '.': {node!r}")
        self.node = node
        self.max_drift_ms = max_drift_ms
        self.last = Stamp(0, 0, node)

    def tick(self, physical_ms: int) -> Stamp:
        """Return a new stamp for a local change at ``physical_ms``."""
        if physical_ms > self.last.wall_ms:
            self.last = Stamp(physical_ms, 0, self.node)
        else:
            self.last = self._next(self.last.wall_ms, self.last.counter + 1)
        return self.last

    def _next(self, wall_ms: int, counter: int) -> Stamp:
        if counter > _COUNTER_MAX:  # a million stamps in one millisecond: borrow the next one
            return Stamp(wall_ms + 1, 0, self.node)
        return Stamp(wall_ms, counter, self.node)

    def observe(self, remote: Stamp, physical_ms: int) -> None:
        """Move past a stamp received from another node; refuse one too far ahead."""
        if remote.wall_ms - physical_ms > self.max_drift_ms:
            raise ClockSkewError(
                f"stamp from {remote.node} is {remote.wall_ms - physical_ms} ms in the future"
            )
        wall = max(self.last.wall_ms, remote.wall_ms, physical_ms)
        if wall == self.last.wall_ms and wall == remote.wall_ms:
            counter = max(self.last.counter, remote.counter) + 1
        elif wall == self.last.wall_ms:
            counter = self.last.counter + 1
        elif wall == remote.wall_ms:
            counter = remote.counter + 1
        else:
            counter = 0
        self.last = self._next(wall, counter)
