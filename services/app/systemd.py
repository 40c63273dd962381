"""Tell systemd how the daemon is doing: READY, WATCHDOG, STATUS, STOPPING.

``Notifier`` speaks the sd_notify protocol (man sd_notify): one datagram of ``KEY=value``
lines to the unix socket named by ``$NOTIFY_SOCKET`` (a leading ``@`` means the abstract
namespace). Without that variable (not under systemd, or in tests) every call does nothing.

``Health`` is where the pipeline's stages report that they are alive: a looping stage
``beat``s (the mic loop, the main loop), a piece of work ``begin``s and ``end``s (a
transcription, an LLM call). ``Watchdog.tick`` pings systemd only while no stage is stuck, so
a hung stage stops the pings and systemd restarts Parley after ``WatchdogSec``.

Example (in the daemon's main loop)::

    notifier = Notifier()
    health = Health(stall_s=config.daemon.stall_s)
    watchdog = Watchdog(notifier, health)
    ...models loaded, mic open...
    notifier.ready("listening for the wake word")
    asyncio.create_task(watchdog.run())
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the type only: daemon.py imports the engines, and lifecycle.py this
    from services.app.daemon import Daemon

log = logging.getLogger(__name__)


class Notifier:
    """Send sd_notify messages to systemd (a no-op outside systemd)."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        environ = os.environ if environ is None else environ
        address = environ.get("NOTIFY_SOCKET", "")
        self._address = "\0" + address[1:] if address.startswith("@") else address
        self._watchdog_usec = _watchdog_usec(environ)

    @property
    def is_enabled(self) -> bool:
        """True when running under systemd with Type=notify."""
        return bool(self._address)

    @property
    def watchdog_interval_s(self) -> float | None:
        """How often to ping: half of WatchdogSec, or None when the watchdog is off."""
        return None if self._watchdog_usec is None else self._watchdog_usec / 2_000_000

    def send(self, **fields: str) -> bool:
        """Send ``KEY=value`` lines in one datagram; return True if it was sent."""
        if not self._address:
            return False
        message = "\n".join(f"{key}={value}" for key, value in fields.items())
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
                sock.sendto(message.encode(), self._address)
        except OSError as exc:  # systemd restarting or gone: nothing to do about it here
            log.debug("sd_notify %s failed: %s", message, exc)
            return False
        return True

    def ready(self, status: str = "ready") -> bool:
        """Tell systemd start-up is done (models loaded, mic open)."""
        return self.send(READY="1", STATUS=status)

    def reloading(self) -> bool:
        """Tell systemd a config reload began; call ``ready`` when it is done."""
        usec = time.clock_gettime_ns(time.CLOCK_MONOTONIC) // 1000
        return self.send(RELOADING="1", MONOTONIC_USEC=str(usec))

    def watchdog(self) -> bool:
        """Ping the watchdog."""
        return self.send(WATCHDOG="1")

    def status(self, text: str) -> bool:
        """Set the one-line status `systemctl status parley` shows."""
        return self.send(STATUS=text.replace("\n", " "))

    def stopping(self, status: str = "shutting down") -> bool:
        """Tell systemd a clean shutdown began."""
        return self.send(STOPPING="1", STATUS=status)


def _watchdog_usec(environ: Mapping[str, str]) -> int | None:
    try:
        usec = int(environ.get("WATCHDOG_USEC", ""))
    except ValueError:
        return None
    pid = environ.get("WATCHDOG_PID")
    if pid and pid != str(os.getpid()):
        return None  # meant for another process (we were started by a wrapper)
    return usec if usec > 0 else None


class Health:
    """Liveness of the pipeline's stages, with time passed in."""

    def __init__(self, stall_s: float) -> None:
        self.stall_s = stall_s
        self._lock = threading.Lock()
        self._beats: dict[str, float] = {}
        self._busy: dict[str, float] = {}

    def beat(self, stage: str, now: float) -> None:
        """Record that a looping stage is alive at ``now``."""
        with self._lock:
            self._beats[stage] = now

    def begin(self, stage: str, now: float) -> None:
        """Record that ``stage`` started a piece of work that must end within stall_s."""
        with self._lock:
            self._busy[stage] = now

    def end(self, stage: str) -> None:
        """Record that ``stage`` finished its work."""
        with self._lock:
            self._busy.pop(stage, None)

    def forget(self, stage: str) -> None:
        """Stop watching ``stage`` (it was shut down on purpose)."""
        with self._lock:
            self._beats.pop(stage, None)
            self._busy.pop(stage, None)

    def stuck(self, now: float) -> list[str]:
        """Return the stages silent or busy for longer than stall_s, sorted."""
        with self._lock:
            times = [*self._beats.items(), *self._busy.items()]
        return sorted({stage for stage, since in times if now - since > self.stall_s})


class Watchdog:
    """Ping systemd's watchdog on schedule while every stage is healthy."""

    def __init__(
        self,
        notifier: Notifier,
        health: Health,
        interval_s: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._notifier = notifier
        self._health = health
        self.interval_s = interval_s or notifier.watchdog_interval_s
        self._clock = clock
        self._next_ping = -float("inf")
        self._stuck: list[str] = []

    def tick(self, now: float) -> bool:
        """Ping if due and healthy; return False while some stage is stuck."""
        stuck = self._health.stuck(now)
        if stuck != self._stuck:
            self._report(stuck)
        if stuck:
            return False
        if self.interval_s is not None and now >= self._next_ping:
            self._notifier.watchdog()
            self._next_ping = now + self.interval_s
        return True

    async def run(self) -> None:
        """Tick from the event loop until cancelled (a blocked loop stops the pings too)."""
        period = min(self.interval_s or 1.0, 1.0)
        while True:
            self.tick(self._clock())
            await asyncio.sleep(period)

    def _report(self, stuck: list[str]) -> None:
        self._stuck = stuck
        if stuck:
            log.error(
                "stuck for over %.0f s: %s; watchdog pings stop",
                self._health.stall_s,
                ", ".join(stuck),
            )
            self._notifier.status(f"stuck: {', '.join(stuck)}")
        else:
            log.warning("all stages healthy again; watchdog pings resume")
            self._notifier.status("healthy")


# Bus event type -> (work it ends, work it begins). Any of the "resets" ends all work, so a
# missed event cannot leave a stage looking busy for ever (which would restart Parley).
_WORK_BY_EVENT: dict[str, tuple[tuple[str, ...], str | None]] = {
    "speech_end": ((), "transcribe"),
    "final": (("transcribe",), "command"),
    "command": (("command",), None),
    "tts_start": (("command",), "speak"),
    "tts_end": (("speak",), None),
}
_RESETS = ("wake", "listening", "no_speech", "error", "follow_up_end")
WORK_STAGES = ("transcribe", "command", "speak")


class BusHealth:
    """Track the pipeline's busy stages from the event bus, into a ``Health``.

    Transcribing (speech end -> final), running a command (final -> command) and speaking
    (tts start -> tts end) must each finish within ``stall_s``; the mic loop should also
    ``health.beat("mic", now)`` as frames arrive, which only the pipeline can do.
    """

    def __init__(
        self, health: Health, bus: Any, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.health = health
        self._clock = clock
        self._unsubscribe = bus.subscribe(self.observe)

    def observe(self, event: Any) -> None:
        """Begin or end the work one event marks."""
        if event.type in _RESETS:
            for stage in WORK_STAGES:
                self.health.end(stage)
            return
        ends, begins = _WORK_BY_EVENT.get(event.type, ((), None))
        for stage in ends:
            self.health.end(stage)
        if begins is not None:
            self.health.begin(begins, self._clock())

    def close(self) -> None:
        """Stop following the bus."""
        self._unsubscribe()


class SystemdComponent:
    """READY once the daemon runs, watchdog pings while healthy (STOPPING: lifecycle.shut_down).

    A ``services.app.daemon.Component``: the daemon builds its engines and opens the mic before
    components run, so READY=1 means models loaded and mic open.
    """

    name = "systemd"

    def __init__(self, notifier: Notifier | None = None, health: Health | None = None) -> None:
        self.notifier = notifier or Notifier()
        self.health = health

    async def run(self, daemon: Daemon) -> None:
        """Notify systemd and keep the watchdog fed until cancelled."""
        health = self.health or Health(daemon.config.daemon.stall_s)
        follower = BusHealth(health, daemon.bus)
        watchdog = Watchdog(self.notifier, health)
        self.notifier.ready("listening")
        try:
            await watchdog.run()
        finally:
            follower.close()
