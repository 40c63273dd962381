"""Status LEDs: show the pipeline's state on plain LEDs, an RGB LED or an APA102 ring.

``Leds(settings).show("thinking")`` switches to a state from the pattern table in
``device/patterns.py``; one background thread plays the animation, so ``show`` returns at once
and is safe to call from any thread. States with a repeat count (success, error) play and then
return to the last steady state. ``heartbeat()`` flickers the LEDs once while listening (call
it on each partial transcript).

Backends (``[leds] kind``), all through gpiozero and so all testable on its mock pins:
    led     plain LEDs, ``pins = {green = 12, red = 13}``: each lights as far as the state's
            colour contains its own colour; a colour none of them has lights them all.
    rgb     one RGB LED on three pins (``RGBLED``), PWM-dimmed unless ``pwm = false``.
    apa102  a pixel ring over SPI (``device/apa102.py``), as on the ReSpeaker HATs.
    none    nothing wired: every call is accepted and does nothing.

Example::

    leds = Leds(config.leds)
    leds.show("listening")
    leds.heartbeat()
    leds.show("success")  # a green flash, then back to the previous steady state
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from device.patterns import COLOURS, HEARTBEAT, PATTERNS, RGB, Pattern, frames, parse_colour
from device.patterns import scaled as dimmed
from device.settings import LedsConfig

log = logging.getLogger(__name__)

# Keys of [leds] that a reload can change while running; the rest need a restart.
LIVE_KEYS = ("brightness", "colours")


class Light(Protocol):
    """Something that shows a frame: one RGB per pixel."""

    pixels: int

    def set(self, pixels: Sequence[RGB]) -> None: ...

    def close(self) -> None: ...


class DarkLight:
    """No LEDs wired."""

    pixels = 1

    def set(self, pixels: Sequence[RGB]) -> None:
        """Show nothing."""

    def close(self) -> None:
        """Release nothing."""


def _dot(first: RGB, second: RGB) -> float:
    return sum(a * b for a, b in zip(first, second, strict=True))


def plain_levels(colour: RGB, led_colours: Sequence[RGB]) -> list[float]:
    """Return how bright each plain LED shows ``colour`` (0..1)."""
    strength = max(colour)
    if len(led_colours) == 1:
        return [strength]
    levels = [min(1.0, _dot(colour, led) / _dot(led, led)) for led in led_colours]
    if strength > 0 and not any(levels):
        return [strength] * len(led_colours)  # a colour none of the LEDs has: light them all
    return levels


class PlainLight:
    """Plain LEDs on GPIO pins, each with its own colour."""

    pixels = 1

    def __init__(self, settings: LedsConfig, pin_factory: Any = None) -> None:
        from gpiozero import LED, PWMLED

        kind = PWMLED if settings.pwm else LED
        self._colours = [parse_colour(name) for name in settings.pins]
        self._leds = [
            kind(pin, active_high=settings.active_high, pin_factory=pin_factory)
            for pin in settings.pins.values()
        ]
        self._is_pwm = settings.pwm

    def set(self, pixels: Sequence[RGB]) -> None:
        """Light each LED as far as the first pixel's colour contains its own."""
        for led, level in zip(self._leds, plain_levels(pixels[0], self._colours), strict=True):
            led.value = level if self._is_pwm else float(level > 0)

    def close(self) -> None:
        """Release the pins."""
        for led in self._leds:
            led.close()


class RgbLight:
    """One RGB LED on three GPIO pins."""

    pixels = 1

    def __init__(self, settings: LedsConfig, pin_factory: Any = None) -> None:
        from gpiozero import RGBLED

        red, green, blue = settings.rgb_pins
        self._led = RGBLED(
            red,
            green,
            blue,
            active_high=settings.active_high,
            pwm=settings.pwm,
            pin_factory=pin_factory,
        )
        self._is_pwm = settings.pwm

    def set(self, pixels: Sequence[RGB]) -> None:
        """Show the first pixel's colour (on/off per channel without PWM)."""
        colour = pixels[0]
        if not self._is_pwm:
            colour = (float(colour[0] > 0), float(colour[1] > 0), float(colour[2] > 0))
        self._led.value = colour

    def close(self) -> None:
        """Release the pins."""
        self._led.close()


class RingLight:
    """An APA102 pixel ring over SPI."""

    def __init__(self, settings: LedsConfig, pin_factory: Any = None) -> None:
        # Here, not at the top: apa102 imports gpiozero, which only a Pi's [pi] extra installs.
        from device.apa102 import Apa102Ring

        self.pixels = settings.pixels
        self._ring = Apa102Ring(
            settings.pixels,
            port=settings.spi_port,
            device=settings.spi_device,
            power_pin=settings.power_pin or None,
            pin_factory=pin_factory,
        )

    def set(self, pixels: Sequence[RGB]) -> None:
        """Write one frame to the ring."""
        self._ring.show(pixels)

    def close(self) -> None:
        """Darken the ring and release SPI."""
        self._ring.close()


def open_light(settings: LedsConfig, pin_factory: Any = None) -> Light:
    """Return the backend ``settings.kind`` names."""
    match settings.kind:
        case "led":
            return PlainLight(settings, pin_factory)
        case "rgb":
            return RgbLight(settings, pin_factory)
        case "apa102":
            return RingLight(settings, pin_factory)
    return DarkLight()


@dataclass(frozen=True)
class _Job:
    generation: int
    state: str
    pattern: Pattern
    colour: RGB


class Leds:
    """Show pipeline states on the configured LEDs (thread-safe, non-blocking)."""

    def __init__(
        self, settings: LedsConfig, pin_factory: Any = None, light: Light | None = None
    ) -> None:
        self._settings = settings
        self._light = light if light is not None else open_light(settings, pin_factory)
        self._changed = threading.Condition()
        self._generation = 0
        self._resting = "idle"
        self._is_closed = False
        self._job = _Job(0, "idle", PATTERNS["idle"], COLOURS["off"])
        self._thread = threading.Thread(target=self._run, name="leds", daemon=True)
        self._thread.start()

    @property
    def state(self) -> str:
        """The state shown now (a transient one until it has played)."""
        with self._changed:
            return self._job.state

    def show(self, state: str) -> None:
        """Switch to ``state`` (a key of ``PATTERNS``); unknown states raise ValueError."""
        if state not in PATTERNS:
            raise ValueError(f"unknown LED state {state!r}")
        pattern = PATTERNS[state]
        with self._changed:
            if pattern.repeat is None:
                self._resting = state
                if self._job.state == state and self._job.pattern == pattern:
                    return  # already showing it: do not restart the animation
            self._start(state, pattern)
        log.debug("leds %s", state)

    def heartbeat(self) -> None:
        """Flicker once if listening (one partial transcript arrived); otherwise do nothing."""
        with self._changed:
            if self._job.state == "listening":
                self._start("listening", HEARTBEAT)

    def apply(self, settings: LedsConfig) -> list[str]:
        """Take new settings live; return the keys that only change on a restart."""
        fixed = [
            key
            for key in settings.__struct_fields__
            if key not in LIVE_KEYS and getattr(settings, key) != getattr(self._settings, key)
        ]
        with self._changed:
            self._settings = settings
            state = self._job.state
            self._start(state, PATTERNS[state])
        return fixed

    def close(self) -> None:
        """Stop animating, darken the LEDs and release the pins."""
        with self._changed:
            if self._is_closed:
                return
            self._is_closed = True
            self._changed.notify_all()
        self._thread.join(timeout=2.0)
        self._light.set([COLOURS["off"]] * self._light.pixels)
        self._light.close()

    def _colour(self, state: str, pattern: Pattern) -> RGB:
        if pattern is HEARTBEAT:
            return parse_colour(HEARTBEAT.colour)
        name = self._settings.colours.get(state, pattern.colour)
        return dimmed(parse_colour(name), self._settings.brightness)

    def _start(self, state: str, pattern: Pattern) -> None:
        """Make ``pattern`` the one playing (the caller holds the lock)."""
        self._generation += 1
        self._job = _Job(self._generation, state, pattern, self._colour(state, pattern))
        self._changed.notify_all()

    def _is_current(self, generation: int) -> bool:
        return self._is_closed or self._generation != generation

    def _run(self) -> None:
        while True:
            with self._changed:
                if self._is_closed:
                    return
                job = self._job
            is_interrupted = self._play(job)
            with self._changed:
                if not is_interrupted and job.pattern.repeat is not None:
                    if self._generation == job.generation:
                        self._start(self._resting, PATTERNS[self._resting])
                    continue
                self._changed.wait_for(functools.partial(self._is_current, job.generation))

    def _play(self, job: _Job) -> bool:
        """Show the job's frames on their schedule; return True if a new state cut it short."""
        deadline = time.monotonic()
        for frame in frames(job.pattern, job.colour, self._light.pixels):
            with self._changed:
                if self._is_current(job.generation):
                    return True
                self._set(frame.pixels)
            if frame.hold_s is None:
                return False
            deadline += frame.hold_s
            with self._changed:
                is_changed = self._changed.wait_for(
                    lambda: self._is_current(job.generation), timeout=deadline - time.monotonic()
                )
            if is_changed:
                return True
        return False

    def _set(self, pixels: Sequence[RGB]) -> None:
        try:
            self._light.set(pixels)
        except Exception:  # a flaky LED must not stop the animations or the daemon
            log.exception("LED update failed")
