"""Fixtures: a real Mosquitto broker on a free loopback port, and plain MQTT listeners."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.mqtt.support import MOSQUITTO, Broker, Listener


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[Broker]:
    if not Path(MOSQUITTO).exists():
        pytest.skip("mosquitto is not installed (apt-get install mosquitto)")
    directory = tmp_path / "broker"
    directory.mkdir()
    instance = Broker(directory)
    instance.start()
    try:
        yield instance
    finally:
        instance.stop()


@pytest.fixture
def listener_factory(broker: Broker) -> Iterator[Any]:
    made: list[Listener] = []

    def make(*filters: str) -> Listener:
        listener = Listener(broker.port, *filters)
        made.append(listener)  # subscribed: Listener waits for the broker's SUBACKs
        return listener

    yield make
    for listener in made:
        listener.close()
