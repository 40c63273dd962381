"""The bridge as a daemon component (``services.app.daemon.Component``): runs until cancelled."""

from __future__ import annotations

import asyncio
from typing import Protocol

from services.config import Config
from services.core.assistant import Parley
from services.core.jobs import JobQueue
from services.events import EventBus
from services.mqtt.bridge import MqttBridge
from services.mqtt.policy import ActionPolicy
from services.mqtt.runner import QueueRunner


class Host(Protocol):
    """What the bridge needs of the daemon it runs in (``services.app.daemon.Daemon``)."""

    config: Config
    parley: Parley
    queue: JobQueue

    @property
    def bus(self) -> EventBus: ...


class MqttComponent:
    """Start the MQTT bridge with the daemon's core and job queue; stop it on cancel."""

    name = "mqtt"

    def __init__(self) -> None:
        self.bridge: MqttBridge | None = None

    async def run(self, daemon: Host) -> None:
        """Run the bridge for the daemon's lifetime (returns at once if MQTT is disabled)."""
        config = daemon.config
        if not config.mqtt.enabled:
            return
        policy = ActionPolicy.from_lists(config.mqtt.allowed_actions, config.mqtt.denied_actions)
        self.bridge = MqttBridge(
            config,
            daemon.parley,
            daemon.bus,
            daemon.parley.clock,
            runner=QueueRunner(daemon.queue, daemon.parley, policy),
            jobs=daemon.queue,
        )
        await self.bridge.start()
        try:
            await asyncio.Event().wait()  # until the daemon cancels us
        finally:
            await self.bridge.stop()
