"""The appliance around the voice pipeline: what `parley run` attaches besides the mic.

``attach(daemon)`` adds the daemon's components, each optional by config:
- scheduler: fires reminders, timers and meeting alerts (services/core/scheduler.py);
- housekeeping: takes a rotating store backup when the newest is too old;
- mqtt: control, events, Home Assistant discovery and sync (services/mqtt), when enabled;
- status: the `parley status` socket (services/app/status.py);
- systemd: READY once models are loaded and the mic is open, watchdog while healthy;
- leds: pipeline state on the LEDs (device/leds.py), when ``[leds] kind`` is not "none";
- button: the talk button and mute switch (device/buttons.py), when a pin is configured.

Each runs under the daemon's supervisor (restart with backoff, CancelledError passes through).
gpiozero calls back on its own threads; those callbacks only hand work to the pipeline's
thread-safe API or onto the event loop.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from typing import Any

log = logging.getLogger(__name__)


class SchedulerComponent:
    """Fire reminders, timers and meeting alerts for the daemon's lifetime."""

    name = "scheduler"

    async def run(self, daemon: Any) -> None:
        from services.core.scheduler import Scheduler

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
    spoken_origins = ("mqtt", "message")

    async def run(self, daemon: Any) -> None:
        from services.events import ReplyReady
        from services.mqtt.events import ListenRequested, MuteRequested

        loop = asyncio.get_running_loop()
        pipeline = daemon.pipeline

        def on_event(event: Any) -> None:  # any thread: hand the work to the loop
            match event:
                case ReplyReady(origin=origin) if origin in self.spoken_origins:
                    loop.call_soon_threadsafe(lambda: loop.create_task(pipeline.say(event.text)))
                case ListenRequested():
                    pipeline.listen("mqtt")
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

    async def run(self, daemon: Any) -> None:
        parley = daemon.parley
        every = daemon.config.store.backup_every_hours
        while True:
            path = await asyncio.to_thread(parley.store.backup_if_due, every, parley.clock.now())
            if path:
                log.info("backup written to %s", path)
            await asyncio.sleep(self.check_every_s)


class ReloadComponent:
    """SIGHUP re-reads the config: what can change live does, the rest is logged."""

    name = "reload"

    def __init__(self, reloader: Any) -> None:
        self.reloader = reloader

    async def run(self, daemon: Any) -> None:
        loop = asyncio.get_running_loop()
        self.reloader.on("dates.*", "parser.*", "executor.*", apply=daemon.parley.reconfigure)
        loop.add_signal_handler(signal.SIGHUP, self.reloader.reload)
        try:
            await asyncio.Event().wait()
        finally:
            loop.remove_signal_handler(signal.SIGHUP)


class LedsComponent:
    """Show the pipeline's state on the LEDs until the daemon stops."""

    name = "leds"

    def __init__(self, reloader: Any = None) -> None:
        self.reloader = reloader

    async def run(self, daemon: Any) -> None:
        from device.leds import LedFeedback, Leds

        leds = Leds(daemon.config.leds)
        feedback = LedFeedback(leds, daemon.bus)
        if self.reloader is not None:
            self.reloader.on("leds.brightness", "leds.colours", apply=lambda c: leds.apply(c.leds))
        try:
            await asyncio.Event().wait()
        finally:
            close = getattr(feedback, "close", None)
            if close is not None:
                close()
            leds.close()


class ButtonComponent:
    """The talk button: press to listen, long press to stop and cancel, double press to mute."""

    name = "button"

    async def run(self, daemon: Any) -> None:
        from device.buttons import TalkButton

        loop = asyncio.get_running_loop()
        pipeline = daemon.pipeline

        def stop() -> None:
            pipeline.stop_speaking()
            loop.call_soon_threadsafe(daemon.queue.cancel_all)

        button = TalkButton(
            daemon.config.button,
            on_listen=lambda: pipeline.listen("button"),
            on_release=pipeline.end_utterance,
            on_stop=stop,
            on_mute_toggle=lambda: pipeline.set_muted(not pipeline.is_muted, "button"),
            on_mute=lambda is_muted: pipeline.set_muted(is_muted, "switch"),
        )
        try:
            await asyncio.Event().wait()
        finally:
            button.close()


def _engines(daemon: Any) -> dict[str, str]:
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


def status_board(daemon: Any, mqtt: Any) -> Any:
    """Return the status board `parley status` reads: events plus engines, mic and MQTT."""
    from services.app.daemon import AudioDeviceChanged
    from services.app.status import StatusBoard

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


def components(daemon: Any, reloader: Any = None) -> list[Any]:
    """Return the components this daemon's config asks for."""
    config = daemon.config
    chosen: list[Any] = [SchedulerComponent(), HousekeepingComponent(), RemoteComponent()]
    if reloader is not None:
        chosen.append(ReloadComponent(reloader))
    mqtt = None
    if config.mqtt.enabled:
        from services.mqtt.component import MqttComponent

        mqtt = MqttComponent()
        chosen.append(mqtt)
    from services.app.status import StatusComponent
    from services.app.systemd import SystemdComponent

    chosen += [StatusComponent(status_board(daemon, mqtt)), SystemdComponent()]
    if config.leds.kind != "none":
        chosen.append(LedsComponent(reloader))
    if config.button.pin or config.button.mute_pin:
        chosen.append(ButtonComponent())
    return chosen


def attach(daemon: Any, config_path: str | None = None, **overrides: Any) -> None:
    """Add the appliance's components to ``daemon`` (SIGHUP re-reads ``config_path``)."""
    from services.app.lifecycle import reloader_for

    reloader = reloader_for(config_path, daemon.config, None, **overrides)
    for component in components(daemon, reloader):
        log.debug("attaching %s", component.name)
        daemon.components.append(component)
