"""Fixtures for hardware tests on gpiozero's mock pins (no GPIO needed)."""

from __future__ import annotations

import os
import time

import pytest

os.environ.setdefault("GPIOZERO_PIN_FACTORY", "mock")

from gpiozero import Device
from gpiozero.pins.mock import MockFactory, MockPWMPin


@pytest.fixture
def mock_factory():
    """A fresh MockFactory of plain (on/off) pins, installed as the default."""
    factory = MockFactory()
    previous = Device.pin_factory
    Device.pin_factory = factory
    yield factory
    factory.reset()
    Device.pin_factory = previous


@pytest.fixture
def pwm_factory(mock_factory):
    """The mock factory, handing out PWM-capable pins."""
    mock_factory.pin_class = MockPWMPin
    return mock_factory


def _wait_for_states(pin, count: int, timeout: float = 5.0) -> list:
    deadline = time.monotonic() + timeout
    while len(pin.states) < count and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(pin.states) >= count, f"pin recorded {pin.states}, wanted {count} states"
    return pin.states


@pytest.fixture
def wait_states():
    """Return ``wait(pin, count)``: block until the pin has recorded ``count`` states.

    A mock pin's first recorded state is its state when cleared; each later one is a change,
    stamped with the seconds since the change before it.
    """
    return _wait_for_states
