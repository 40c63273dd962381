"""Settings of the hardware edge: the status LEDs and the talk button.

They are sections of Parley's config file (``[leds]``, ``[button]``), defined here so that
``device/`` needs nothing from ``services/``; ``services/config.py`` includes them.
"""

from __future__ import annotations

from typing import Literal

import msgspec

from device.patterns import STATES, parse_colour


class Settings(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Base of every config section.

    A ``__post_init__`` check raises ``ValueError("field: problem")`` so the error names the key.
    """


def positive(name: str, value: float) -> None:
    """Refuse a value that is not greater than 0, naming the key."""
    if value <= 0:
        raise ValueError(f"{name}: must be greater than 0, got {value}")


def _gpio_pin(name: str, value: int) -> None:
    if not 0 <= value <= 27:
        raise ValueError(f"{name}: must be a BCM GPIO number 0-27 (0 means none), got {value}")


def _colour(field: str, name: str, value: str) -> None:
    try:
        parse_colour(value)
    except ValueError as exc:
        raise ValueError(f"{field}: {name}: {exc}") from exc


class LedsConfig(Settings, frozen=True):
    """Status LEDs: plain GPIO LEDs, one RGB LED, or an APA102 pixel ring (ReSpeaker HATs)."""

    kind: Literal["none", "led", "rgb", "apa102"] = "none"  # what is wired; none: no LEDs
    brightness: float = 0.5  # 0..1, scales every colour of the pattern table
    # kind "led": colour name -> BCM pin, e.g. {green = 12, red = 13}; one entry for one LED
    pins: dict[str, int] = msgspec.field(default_factory=dict)
    rgb_pins: list[int] = msgspec.field(default_factory=list)  # kind "rgb": red, green, blue
    active_high: bool = True  # false for a common-anode RGB LED (wired to 3V3)
    pwm: bool = True  # dimmable over PWM; false: plain on/off
    pixels: int = 12  # kind "apa102": LEDs on the ring (ReSpeaker 2-mic: 3, 4-mic: 12)
    spi_port: int = 0  # kind "apa102": SPI bus (MOSI GPIO10, SCLK GPIO11 on port 0)
    spi_device: int = 0  # kind "apa102": chip select
    power_pin: int = 0  # BCM pin that powers the ring (ReSpeaker 4-mic: 5); 0 means none
    # per-state colour overrides of device/patterns.py, e.g. {listening = "#0040ff"}
    colours: dict[str, str] = msgspec.field(default_factory=dict)

    def __post_init__(self) -> None:
        if not 0.0 <= self.brightness <= 1.0:
            raise ValueError(f"brightness: must be between 0 and 1, got {self.brightness}")
        for name, pin in self.pins.items():
            _gpio_pin("pins", pin)
            _colour("pins", name, name)
        for pin in self.rgb_pins:
            _gpio_pin("rgb_pins", pin)
        if self.kind == "rgb" and len(self.rgb_pins) != 3:
            raise ValueError("rgb_pins: kind rgb needs three pins (red, green, blue)")
        if self.kind == "led" and not self.pins:
            raise ValueError("pins: kind led needs at least one pin, e.g. {green = 12}")
        positive("pixels", self.pixels)
        _gpio_pin("power_pin", self.power_pin)
        for state, colour in self.colours.items():
            if state not in STATES:
                raise ValueError(f"colours: unknown state {state!r} (one of {', '.join(STATES)})")
            _colour("colours", state, colour)


class ButtonConfig(Settings, frozen=True):
    """The talk button and an optional mute switch on GPIO."""

    pin: int = 0  # BCM pin of the talk button; 0 means none (ReSpeaker 2-mic HAT: 17)
    pull_up: bool = True  # true: the button connects the pin to ground (the usual wiring)
    debounce_s: float = 0.03  # edges closer together than this are contact bounce
    hold_s: float = 0.5  # held longer than this: push-to-talk, listening ends on release
    long_press_s: float = 3.0  # held this long: stop speaking and cancel running jobs
    double_press_s: float = 0.4  # a second press this soon after a tap toggles mute
    mute_pin: int = 0  # BCM pin of a mute switch; 0 means none
    mute_pull_up: bool = True  # true: the switch connects the pin to ground when muted

    def __post_init__(self) -> None:
        _gpio_pin("pin", self.pin)
        _gpio_pin("mute_pin", self.mute_pin)
        for name in ("debounce_s", "hold_s", "long_press_s", "double_press_s"):
            positive(name, getattr(self, name))
        if self.hold_s >= self.long_press_s:
            raise ValueError("hold_s: must be shorter than long_press_s")
        if self.debounce_s >= self.double_press_s:
            raise ValueError("debounce_s: must be shorter than double_press_s")
        if self.pin and self.pin == self.mute_pin:
            raise ValueError("mute_pin: must differ from the talk button's pin")
