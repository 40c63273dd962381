"""Fixtures for hardware tests on gpiozero's mock pins (no GPIO needed)."""

from __future__ import annotations

import math
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


def _assert_timeline(pin, expected, *, late_s: float = 1.0, early_s: float = 0.005) -> None:
    """The pin went through ``expected`` ``(seconds since the change before, state)`` in order.

    States must match; times are checked from the first change on, never early by more than
    ``early_s`` and never late by more than ``late_s``. gpiozero's own check allows 50 ms
    either way, which a busy CI machine exceeds; the LED animations run on absolute
    deadlines, so lateness does not add up from step to step, and early is what would be a bug.
    """
    states = pin.states[: len(expected)]
    assert len(states) == len(expected), f"pin recorded {pin.states}, wanted {expected}"
    for index, (actual, (_, state)) in enumerate(zip(states, expected, strict=True)):
        assert math.isclose(actual.state, state), f"state {index}: {pin.states} vs {expected}"
    actual_at = expected_at = 0.0
    for index in range(1, len(expected)):
        actual_at += states[index].timestamp
        expected_at += expected[index][0]
        assert actual_at >= expected_at - early_s, f"change {index} early: {pin.states}"
        assert actual_at <= expected_at + late_s, f"change {index} late: {pin.states}"


@pytest.fixture
def timeline():
    """Return ``check(pin, expected)``: see ``_assert_timeline``."""
    return _assert_timeline
