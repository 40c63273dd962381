"""The appliance around the voice pipeline: what `parley run` attaches besides the mic.

``components(daemon, reloader, notifier)`` returns the daemon's components, each optional by
config:
- scheduler: fires reminders, timers and meeting alerts (services/core/scheduler.py);
- housekeeping: takes a rotating store backup when the newest is too old;
- mqtt: control, events, Home Assistant discovery and sync (services/mqtt), when enabled;
- status: the `parley status` socket (services/app/status.py);
- systemd: READY once models are loaded and the mic is open, watchdog while healthy (STOPPING is
  lifecycle.py's, on the one shutdown path);
- leds: pipeline state on the LEDs (device/leds.py), when ``[leds] kind`` is not "none";
- button: the talk button and mute switch (device/buttons.py), when a pin is configured;
- memory: gives freed heap memory back when the pipeline comes to rest (services/app/memory.py).

Each runs under the daemon's supervisor (restart with backoff, CancelledError passes through).
gpiozero calls back on its own threads; those callbacks only hand work to the pipeline's
thread-safe API or onto the event loop.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from device.buttons import TalkButton
from device.leds import Leds
from services.app.daemon import AudioDeviceChanged, Component, Daemon
from services.app.feedback import LedFeedback
from services.app.lifecycle import Reloader
from services.app.memory import TrimComponent
from services.app.status import StatusBoard, StatusComponent
from services.app.systemd import Notifier, SystemdComponent
from services.core.scheduler import Scheduler
from services.events import Event, ReplyReady
from services.mqtt.events import ListenRequested, MuteRequested
from services.voice.pipeline import Trigger

if TYPE_CHECKING:
    from services.mqtt.component import MqttComponent

log = logging.getLogger(__name__)


class SchedulerComponent:
    """Fire reminders, timers and meeting alerts for the daemon's lifetime."""

    name = "scheduler"

    async def run(self, daemon: Daemon) -> None:
        parley = daemon.parley
        settings = daemon.config
        await Scheduler(
            parley.store,
            parley.bus,
            parley.clock,
            settings.scheduler,
            device_id=settings.general.device_id,
        ).run()


class RemoteComponent:
    """Speak what MQTT `cmd/say` and delivered messages ask for; `cmd/listen` starts listening."""

    name = "remote"
    spoken_origins = ("mqtt", "message", "cli")  # cli: `parley say --speak`

    async def run(self, daemon: Daemon) -> None:
        loop = asyncio.get_running_loop()
        pipeline = daemon.pipeline

        def on_event(event: Event) -> None:  # any thread: hand the work to the loop
            match event:
                case ReplyReady(origin=origin) if origin in self.spoken_origins:
                    loop.call_soon_threadsafe(lambda: loop.create_task(pipeline.say(event.text)))
                case ListenRequested():
                    pipeline.listen(Trigger.MQTT)
                case MuteRequested(mute=mute):
                    is_muted = not pipeline.is_muted if mute == "toggle" else mute == "on"
                    pipeline.set_muted(is_muted, "mqtt")

        unsubscribe = daemon.bus.subscribe(on_event)
        try:
            await asyncio.Event().wait()
        finally:
            unsubscribe()


class HousekeepingComponent:
    """Take a backup when the newest is older than ``store.backup_every_hours``."""

    name = "housekeeping"
    check_every_s = 600.0

    async def run(self, daemon: Daemon) -> None:
        parley = daemon.parley
        every = daemon.config.store.backup_every_hours
        while True:
            path = await asyncio.to_thread(parley.store.backup_if_due, every, parley.clock.now())
            if path:
                log.info("backup written to %s", path)
            await asyncio.sleep(self.check_every_s)


class LedsComponent:
    """Show the pipeline's state on the LEDs until the daemon stops."""

    name = "leds"

    def __init__(self, reloader: Reloader | None = None) -> None:
        self.reloader = reloader

    async def run(self, daemon: Daemon) -> None:
        leds = Leds(daemon.config.leds)
        feedback = LedFeedback(leds, daemon.bus)
        if self.reloader is not None:
            self.reloader.on("leds.brightness", "leds.colours", apply=lambda c: leds.apply(c.leds))
        try:
            await asyncio.Event().wait()
        finally:
            feedback.close()
            leds.close()


class ButtonComponent:
    """The talk button: press to listen, long press to stop and cancel, double press to mute."""

    name = "button"

    def __init__(self, reloader: Reloader | None = None) -> None:
        self.reloader = reloader

    async def run(self, daemon: Daemon) -> None:
        loop = asyncio.get_running_loop()
        pipeline = daemon.pipeline

        def stop() -> None:
            pipeline.stop_speaking()
            loop.call_soon_threadsafe(daemon.queue.cancel_all)

        button = TalkButton(
            daemon.config.button,
            on_listen=lambda: pipeline.listen(Trigger.BUTTON),
            on_release=pipeline.end_utterance,
            on_stop=stop,
            on_mute_toggle=lambda: pipeline.set_muted(not pipeline.is_muted, "button"),
            on_mute=lambda is_muted: pipeline.set_muted(is_muted, "switch"),
        )
        if self.reloader is not None:
            self.reloader.on("button.*_s", apply=lambda c: button.apply(c.button))
        try:
            await asyncio.Event().wait()
        finally:
            button.close()


def _engines(daemon: Daemon) -> dict[str, str]:
    engines = getattr(getattr(daemon, "pipeline", None), "engines", None)
    names = {
        role: type(getattr(engines, role)).__name__
        for role in ("wake", "vad", "final", "partials", "speaker")
        if getattr(engines, role, None) is not None
    }
    parser = getattr(getattr(daemon, "parley", None), "parser", None)
    state = getattr(parser, "state", None)
    names["parser"] = type(parser).__name__ + (f" (LLM {state.value})" if state else "")
    return names


def status_board(daemon: Daemon, mqtt: MqttComponent | None) -> StatusBoard:
    """Return the status board `parley status` reads: events plus engines, mic and MQTT."""
    board = StatusBoard(daemon.bus)
    mic: dict[str, Any] = {"state": "open"}
    daemon.bus.subscribe(
        lambda event: mic.update(state=event.state, detail=event.detail), AudioDeviceChanged
    )
    board.add("models", lambda: _engines(daemon))
    board.add("mic", lambda: dict(mic))
    if mqtt is not None:
        board.add(
            "mqtt",
            lambda: (
                {"connected": bool(mqtt.bridge and mqtt.bridge.is_connected)}
                | {"broker": f"{daemon.config.mqtt.host}:{daemon.config.mqtt.port}"}
            ),
        )
    return board


def components(
    daemon: Daemon,
    reloader: Reloader | None = None,
    notifier: Notifier | None = None,
    *,
    execute: Callable[[list[str]], int] | None = None,
) -> list[Component]:
    """Return the components this daemon's config asks for; register what reloads live."""
    config = daemon.config
    if reloader is not None:
        reloader.on("dates.*", "parser.*", "executor.*", apply=daemon.parley.reconfigure)
    chosen: list[Component] = [
        SchedulerComponent(), HousekeepingComponent(), RemoteComponent(), TrimComponent()
    ]  # fmt: skip
    mqtt = None
    if config.mqtt.enabled:
        # Imported here because it imports paho-mqtt, an optional extra ([mqtt]).
        from services.mqtt.component import MqttComponent

        mqtt = MqttComponent()
        chosen.append(mqtt)
    chosen += [
        StatusComponent(status_board(daemon, mqtt), execute=execute),
        SystemdComponent(notifier),
    ]
    if config.leds.kind != "none":
        chosen.append(LedsComponent(reloader))
    if config.button.pin or config.button.mute_pin:
        chosen.append(ButtonComponent(reloader))
    return chosen
