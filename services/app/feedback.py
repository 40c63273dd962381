"""What the status LEDs show: the pipeline's events mapped to LED states.

``device/leds.py`` drives the light (patterns, brightness, threads); this module decides which
state to show, from the event bus, with muted/offline/notify as standing conditions.
"""

from __future__ import annotations

import threading
from typing import Any

from device.leds import Leds
from services.events import STATE_BY_EVENT, ApplianceState, EventBus

CONDITIONS = ("muted", "offline", "notify")  # highest priority first


class LedFeedback:
    """Drive ``Leds`` from the event bus, with muted/offline/notify as standing conditions.

    Example::

        feedback = LedFeedback(leds, parley.bus)
        feedback.set_condition("muted", True)   # the talk button's double press
        feedback.set_condition("offline", not bridge.is_connected)
    """

    def __init__(self, leds: Leds, bus: EventBus | None = None) -> None:
        self.leds = leds
        self._lock = threading.Lock()
        self._conditions: set[str] = set()
        self._unsubscribe = bus.subscribe(self.observe) if bus is not None else None

    def rest_state(self) -> str:
        """The state shown when nothing is happening."""
        with self._lock:
            return next((name for name in CONDITIONS if name in self._conditions), "idle")

    def set_condition(self, name: str, is_on: bool) -> None:
        """Turn a standing condition on or off; the LEDs change at once if at rest."""
        if name not in CONDITIONS:
            raise ValueError(f"unknown LED condition {name!r}")
        with self._lock:
            was_resting = self.leds.state in ("idle", *CONDITIONS)
            (self._conditions.add if is_on else self._conditions.discard)(name)
        if was_resting:
            self.leds.show(self.rest_state())

    def observe(self, event: Any) -> None:
        """Show what one bus event means."""
        match event.type:
            case "partial":
                self.leds.heartbeat()
            case "command":
                self.leds.show("success" if event.outcome.get("ok") else "error")
            case "reminder":
                self.set_condition("notify", True)
            case "mute":
                self.set_condition("muted", event.is_muted)
            case "listening":
                self.set_condition("notify", False)
                self.leds.show("listening")
            case kind if kind in STATE_BY_EVENT:
                state = STATE_BY_EVENT[kind]
                self.leds.show(self.rest_state() if state is ApplianceState.REST else state)

    def close(self) -> None:
        """Stop following the bus."""
        if self._unsubscribe is not None:
            self._unsubscribe()
