"""The LED pattern table: how each state of the pipeline looks.

Change a state's look here (or its colour in the ``[leds] colours`` config table). A pattern is
a colour and an animation; ``frames`` turns it into timed frames that any LED backend shows,
so one table drives a single LED, an RGB LED and a pixel ring alike.

Animations:
    off    dark.
    solid  the colour, steady.
    blink  ``on_s`` lit, ``off_s`` dark.
    pulse  fade in over ``on_s``, fade out over ``off_s`` (``FPS`` steps a second).
    spin   one lit pixel (with a dimmer tail) walks round a ring, ``on_s`` per step;
           a single LED blinks instead (``on_s`` lit, ``on_s`` dark).

``repeat=None`` plays until the next state; ``repeat=n`` plays n cycles and then the LEDs go
back to the last state that had no repeat (success and error flash, then idle/muted returns).

Example: make "thinking" a slow amber pulse::

    "thinking": Pattern("amber", "pulse", on_s=0.8, off_s=0.8),
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

RGB = tuple[float, float, float]  # each channel 0.0 .. 1.0
Animation = Literal["off", "solid", "blink", "pulse", "spin"]

FPS = 25  # steps per second of a pulse
TAIL = (1.0, 0.35, 0.1)  # a spin's lit pixel and the two behind it, as fractions

COLOURS: dict[str, RGB] = {
    "off": (0.0, 0.0, 0.0),
    "white": (1.0, 1.0, 1.0),
    "red": (1.0, 0.0, 0.0),
    "green": (0.0, 1.0, 0.0),
    "blue": (0.0, 0.0, 1.0),
    "cyan": (0.0, 1.0, 1.0),
    "magenta": (1.0, 0.0, 1.0),
    "yellow": (1.0, 1.0, 0.0),
    "amber": (1.0, 0.5, 0.0),
    "orange": (1.0, 0.25, 0.0),
    "purple": (0.5, 0.0, 1.0),
}


@dataclass(frozen=True)
class Pattern:
    """How one state looks: a colour (name or "#rrggbb") and an animation."""

    colour: str
    animation: Animation
    on_s: float = 0.0
    off_s: float = 0.0
    repeat: int | None = None


# state        colour    animation  on_s   off_s  repeat       what a person sees
PATTERNS: dict[str, Pattern] = {
    "idle": Pattern("off", "off"),  # dark
    "wake": Pattern("white", "solid"),  # wake word heard: bright white
    "listening": Pattern("blue", "solid"),  # blue; flickers with each partial transcript
    "thinking": Pattern("cyan", "spin", 0.1, 0.1),  # cyan, walking round (blinks on one LED)
    "speaking": Pattern("green", "pulse", 0.5, 0.5),  # green, breathing
    "success": Pattern("green", "blink", 0.4, 0.1, repeat=1),  # one green flash
    "error": Pattern("red", "blink", 0.15, 0.15, repeat=3),  # three red flashes
    "muted": Pattern("red", "solid"),  # steady red: the mic is off
    "notify": Pattern("yellow", "blink", 0.2, 1.8),  # a yellow wink every 2 s: reminder waiting
    "offline": Pattern("orange", "blink", 0.1, 2.9),  # a short orange blink every 3 s: no MQTT
}

# A partial transcript while listening: the LEDs go dark this long, then listening returns.
HEARTBEAT = Pattern("off", "blink", 0.06, 0.0, repeat=1)

STATES: tuple[str, ...] = tuple(PATTERNS)

_HEX = re.compile(r"#(?P<red>[0-9a-fA-F]{2})(?P<green>[0-9a-fA-F]{2})(?P<blue>[0-9a-fA-F]{2})")


def parse_colour(value: str) -> RGB:
    """Return the RGB of a colour name or "#rrggbb"; raise ValueError naming the choices."""
    if value in COLOURS:
        return COLOURS[value]
    match = _HEX.fullmatch(value)
    if not match:
        raise ValueError(f"{value!r} is not #rrggbb or one of {', '.join(COLOURS)}")
    return tuple(int(match.group(part), 16) / 255 for part in ("red", "green", "blue"))  # type: ignore[return-value]


def scaled(colour: RGB, level: float) -> RGB:
    """Return ``colour`` dimmed to ``level`` (0..1)."""
    return (colour[0] * level, colour[1] * level, colour[2] * level)


@dataclass(frozen=True)
class Frame:
    """What every pixel shows, and for how long (``None``: until the next state)."""

    pixels: tuple[RGB, ...]
    hold_s: float | None


def _fill(colour: RGB, count: int) -> tuple[RGB, ...]:
    return (colour,) * count


def _cycle(pattern: Pattern, colour: RGB, count: int) -> list[Frame]:
    """Return one cycle of a repeating animation."""
    dark = _fill(COLOURS["off"], count)
    match pattern.animation:
        case "blink":
            cycle = [Frame(_fill(colour, count), pattern.on_s)]
            if pattern.off_s > 0:
                cycle.append(Frame(dark, pattern.off_s))
            return cycle
        case "pulse":
            return _pulse(pattern, colour, count)
        case "spin" if count == 1:
            return [Frame((colour,), pattern.on_s), Frame(dark, pattern.on_s)]
        case "spin":
            return [Frame(_spin_step(colour, count, step), pattern.on_s) for step in range(count)]
    raise ValueError(f"{pattern.animation!r} does not cycle")


def _pulse(pattern: Pattern, colour: RGB, count: int) -> list[Frame]:
    steps_in = max(1, round(pattern.on_s * FPS))
    steps_out = max(1, round(pattern.off_s * FPS))
    rising = [(index + 1) / steps_in for index in range(steps_in)]
    falling = [1 - (index + 1) / steps_out for index in range(steps_out)]
    frames = [
        Frame(_fill(scaled(colour, level), count), pattern.on_s / steps_in) for level in rising
    ]
    frames += [
        Frame(_fill(scaled(colour, level), count), pattern.off_s / steps_out) for level in falling
    ]
    return frames


def _spin_step(colour: RGB, count: int, step: int) -> tuple[RGB, ...]:
    pixels = [COLOURS["off"]] * count
    for behind, level in enumerate(TAIL[: count - 1] if count > 1 else TAIL[:1]):
        pixels[(step - behind) % count] = scaled(colour, level)
    return tuple(pixels)


def frames(pattern: Pattern, colour: RGB, count: int = 1) -> Iterator[Frame]:
    """Yield the frames of ``pattern`` in ``colour`` on ``count`` pixels, in order.

    A steady pattern yields one frame held until the next state; an endless animation yields
    forever; a pattern with ``repeat=n`` yields n cycles and stops.
    """
    if pattern.animation in ("off", "solid"):
        shown = colour if pattern.animation == "solid" else COLOURS["off"]
        yield Frame(_fill(shown, count), None)
        return
    cycle = _cycle(pattern, colour, count)
    played = 0
    while pattern.repeat is None or played < pattern.repeat:
        yield from cycle
        played += 1
