"""Sync tests share the MQTT tests' real Mosquitto broker and listeners."""

from tests.mqtt.conftest import broker, listener_factory

__all__ = ["broker", "listener_factory"]
