"""The app's tests use the hardware tests' mock pins and the MQTT tests' real broker."""

from tests.device.conftest import mock_factory, pwm_factory, wait_states
from tests.mqtt.conftest import broker, listener_factory

__all__ = ["broker", "listener_factory", "mock_factory", "pwm_factory", "wait_states"]
