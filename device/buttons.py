"""The talk button and the mute switch.

Gestures (times from ``[button]`` in the config):
    press          listening starts at once (``on_listen``).
    hold           held past ``hold_s``: push-to-talk; letting go ends the utterance
                   (``on_release``). A shorter tap leaves the end to the VAD.
    long press     held for ``long_press_s``: stop speaking and cancel running jobs
                   (``on_stop``, fired while still held, so the LEDs answer at once).
                   Push-to-talk therefore lasts at most ``long_press_s``.
    double press   a second press within ``double_press_s`` of a tap's release toggles mute
                   (``on_mute_toggle``); it also ends the listening the first press began.
    mute switch    an optional switch on ``mute_pin``: ``on_mute(True/False)`` as it moves (or
                   ``on_mute_toggle`` when no ``on_mute`` is given).

``GestureCore`` is the pure logic: it takes edges and ticks with timestamps and returns the
gestures, so it is tested without sleeping. Bounce is handled there too: the first edge counts
at once (no added latency), edges within ``debounce_s`` after it are ignored, and the level is
re-read when the bounce window ends. ``TalkButton`` wires it to a gpiozero ``Button`` and a
timer thread. Callbacks run on gpiozero's or the timer's thread; hand them to an event loop
with ``loop.call_soon_threadsafe``.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from device.settings import ButtonConfig

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Gesture:
    """Something a person did with the button, at a monotonic time in seconds."""

    at: float


@dataclass(frozen=True)
class Pressed(Gesture):
    """The button went down (and it was not the second press of a double)."""


@dataclass(frozen=True)
class HoldReleased(Gesture):
    """The button came up after a hold: the end of push-to-talk."""


@dataclass(frozen=True)
class LongPressed(Gesture):
    """The button has been held for the long-press time."""


@dataclass(frozen=True)
class DoublePressed(Gesture):
    """A second press came soon after a tap."""


class GestureCore:
    """Turn debounced button edges into gestures; time is passed in, never read."""

    def __init__(self, settings: ButtonConfig) -> None:
        self.settings = settings
        self._raw = False  # the level the pin last reported
        self._raw_at = -math.inf
        self._is_down = False  # the debounced level
        self._accepted_at = -math.inf
        self._pressed_at = -math.inf
        self._is_spent = False  # this press already made its gesture (long or double)
        self._tap_released_at: float | None = None

    def edge(self, is_pressed: bool, at: float) -> list[Gesture]:
        """Take one raw edge from the pin; return the gestures it completes."""
        gestures = self._check_long(at)
        self._raw, self._raw_at = is_pressed, at
        if at - self._accepted_at < self.settings.debounce_s:
            return gestures  # bounce: settled in tick() once the window ends
        return gestures + self._accept(at)

    def tick(self, at: float) -> list[Gesture]:
        """Advance time to ``at``; return gestures that came due (long press, settled bounce)."""
        gestures = self._check_long(at)
        settled_at = self._accepted_at + self.settings.debounce_s
        if self._raw != self._is_down and at >= settled_at:
            gestures += self._accept(max(self._raw_at, settled_at))
            gestures += self._check_long(at)
        return gestures

    def next_deadline(self) -> float | None:
        """Return when ``tick`` next has something to do, or None."""
        deadlines = []
        if self._raw != self._is_down:
            deadlines.append(self._accepted_at + self.settings.debounce_s)
        if self._is_down and not self._is_spent:
            deadlines.append(self._pressed_at + self.settings.long_press_s)
        return min(deadlines, default=None)

    def _check_long(self, at: float) -> list[Gesture]:
        long_at = self._pressed_at + self.settings.long_press_s
        if self._is_down and not self._is_spent and at >= long_at:
            self._is_spent = True
            return [LongPressed(long_at)]
        return []

    def _accept(self, at: float) -> list[Gesture]:
        if self._raw == self._is_down:
            return []
        self._is_down, self._accepted_at = self._raw, at
        return self._press(at) if self._is_down else self._release(at)

    def _press(self, at: float) -> list[Gesture]:
        self._pressed_at = at
        tap = self._tap_released_at
        self._tap_released_at = None
        if tap is not None and at - tap <= self.settings.double_press_s:
            self._is_spent = True
            return [DoublePressed(at)]
        self._is_spent = False
        return [Pressed(at)]

    def _release(self, at: float) -> list[Gesture]:
        if self._is_spent:
            return []
        if at - self._pressed_at >= self.settings.hold_s:
            return [HoldReleased(at)]
        self._tap_released_at = at
        return []


Callback = Callable[[], None]


class TalkButton:
    """The talk button (and mute switch) on GPIO, calling back on each gesture."""

    def __init__(
        self,
        settings: ButtonConfig,
        on_listen: Callback,
        on_release: Callback,
        on_stop: Callback,
        on_mute_toggle: Callback,
        pin_factory: Any = None,
        *,
        on_mute: Callable[[bool], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        run_timer: bool = True,
    ) -> None:
        """``clock`` and ``run_timer=False`` are for a clock the caller moves (tests): then the
        caller calls :meth:`tick` after moving it, and no thread reads the clock on its own."""
        from gpiozero import Button

        self._callbacks: dict[type[Gesture], Callback] = {
            Pressed: on_listen,
            HoldReleased: on_release,
            LongPressed: on_stop,
            DoublePressed: on_mute_toggle,
        }
        self._on_mute = on_mute or (lambda is_muted: on_mute_toggle())
        self._clock = clock
        self._core = GestureCore(settings)
        self._changed = threading.Condition()
        self._is_closed = False
        self._button = None
        if settings.pin:  # 0: no talk button wired (a mute switch alone is fine)
            self._button = Button(settings.pin, pull_up=settings.pull_up, pin_factory=pin_factory)
            self._button.when_pressed = lambda: self._edge(True)
            self._button.when_released = lambda: self._edge(False)
        self._switch = None
        if settings.mute_pin:
            self._switch = Button(
                settings.mute_pin,
                pull_up=settings.mute_pull_up,
                bounce_time=settings.debounce_s,
                pin_factory=pin_factory,
            )
            self._switch.when_pressed = lambda: self._call(lambda: self._on_mute(True))
            self._switch.when_released = lambda: self._call(lambda: self._on_mute(False))
            if self._switch.is_pressed:  # muted before Parley started
                self._call(lambda: self._on_mute(True))
        self._timer = threading.Thread(target=self._run, name="talk-button", daemon=True)
        if run_timer:
            self._timer.start()

    def apply(self, settings: ButtonConfig) -> list[str]:
        """Take new timings live (SIGHUP); return the changed keys that need a restart (pins)."""
        fixed = ("pin", "pull_up", "mute_pin", "mute_pull_up")
        with self._changed:
            needs_restart = [
                key for key in fixed if getattr(settings, key) != getattr(self._core.settings, key)
            ]
            self._core.settings = settings
            self._changed.notify_all()
        return needs_restart

    @property
    def is_muted_by_switch(self) -> bool:
        """True while the mute switch is in its muted position (False with no switch)."""
        return bool(self._switch and self._switch.is_pressed)

    def close(self) -> None:
        """Stop the timer and release the pins."""
        with self._changed:
            self._is_closed = True
            self._changed.notify_all()
        if self._timer.is_alive():
            self._timer.join(timeout=2.0)
        if self._button is not None:
            self._button.close()
        if self._switch is not None:
            self._switch.close()

    def _edge(self, is_pressed: bool) -> None:
        with self._changed:
            gestures = self._core.edge(is_pressed, self._clock())
            self._changed.notify_all()
        self._dispatch(gestures)

    def tick(self) -> None:
        """Make the gestures that are due by the clock now (long press, a settled bounce)."""
        with self._changed:
            gestures = self._core.tick(self._clock())
            self._changed.notify_all()
        self._dispatch(gestures)

    def _run(self) -> None:
        while True:
            with self._changed:
                if self._is_closed:
                    return
                deadline = self._core.next_deadline()
                timeout = None if deadline is None else max(0.0, deadline - self._clock())
                self._changed.wait(timeout)
                gestures = self._core.tick(self._clock())
            self._dispatch(gestures)

    def _dispatch(self, gestures: list[Gesture]) -> None:
        for gesture in gestures:
            log.info("button: %s", type(gesture).__name__)
            self._call(self._callbacks[type(gesture)])

    @staticmethod
    def _call(callback: Callback) -> None:
        try:
            callback()
        except Exception:  # a failing handler must not kill gpiozero's or the timer's thread
            log.exception("button callback failed")
