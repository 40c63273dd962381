"""APA102 (DotStar) pixel ring over SPI, as on the ReSpeaker 2-mic (3 pixels) and 4-mic (12).

The wire format (APA102 datasheet): a start frame of 32 zero bits; one 32-bit frame per pixel,
``0b111`` then 5 bits of global brightness, then blue, green, red bytes; then an end frame that
gives the last pixels the extra clock edges they need (half a bit per pixel) and the reset
frame SK9822 clones expect. SPI mode 0, most significant bit first.

``Apa102Ring`` is a gpiozero ``SPIDevice``: it gets hardware SPI (``spidev``) on a Pi and
gpiozero's bit-banged SPI on mock pins, where ``MockSPIDevice`` can read the frames back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gpiozero import DigitalOutputDevice, SPIDevice

from device.patterns import RGB

MAX_BRIGHTNESS = 31  # the 5-bit global brightness field


def _byte(channel: float) -> int:
    return max(0, min(255, round(channel * 255)))


def encode(pixels: Sequence[RGB], brightness: int = MAX_BRIGHTNESS) -> list[int]:
    """Return the SPI bytes that show ``pixels`` (RGB floats 0..1) on an APA102 chain."""
    if not 0 <= brightness <= MAX_BRIGHTNESS:
        raise ValueError(f"brightness must be 0..{MAX_BRIGHTNESS}, got {brightness}")
    data = [0x00] * 4
    for red, green, blue in pixels:
        data += [0xE0 | brightness, _byte(blue), _byte(green), _byte(red)]
    data += [0x00] * (4 + (len(pixels) + 15) // 16)
    return data


def decode(data: Sequence[int]) -> list[tuple[int, int, int, int]]:
    """Return (brightness, red, green, blue) per pixel from APA102 bytes (tests, debugging)."""
    if list(data[:4]) != [0, 0, 0, 0]:
        raise ValueError("APA102 data must begin with a 32-bit zero start frame")
    pixels = []
    for offset in range(4, len(data) - 3, 4):
        header, blue, green, red = data[offset : offset + 4]
        if header & 0xE0 != 0xE0:
            break  # the end frame
        pixels.append((header & 0x1F, red, green, blue))
    return pixels


class Apa102Ring(SPIDevice):  # type: ignore[misc]  # gpiozero ships no types
    """A chain of APA102 pixels on an SPI port; ``show`` writes one frame."""

    def __init__(
        self,
        count: int,
        *,
        port: int = 0,
        device: int = 0,
        power_pin: int | None = None,
        pin_factory: Any = None,
    ) -> None:
        self._power: DigitalOutputDevice | None = None
        super().__init__(port=port, device=device, pin_factory=pin_factory)
        self.count = count
        self._spi.clock_mode = 0
        self._spi.lsb_first = False
        if power_pin:
            # The ReSpeaker 4-mic HAT switches the ring's supply from a GPIO.
            self._power = DigitalOutputDevice(
                power_pin, initial_value=True, pin_factory=self.pin_factory
            )

    def show(self, pixels: Sequence[RGB]) -> None:
        """Write ``pixels`` (one RGB per LED; missing ones dark) to the ring."""
        padded = list(pixels[: self.count])
        padded += [(0.0, 0.0, 0.0)] * (self.count - len(padded))
        self._spi.write(encode(padded))

    def close(self) -> None:
        if getattr(self, "_spi", None) is not None:
            self.show([])
        if self._power is not None:
            self._power.off()
            self._power.close()
            self._power = None
        super().close()
