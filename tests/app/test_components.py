"""The appliance components `parley run` attaches (services/app/components.py), on mock pins."""

from __future__ import annotations

import asyncio
import ctypes
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from services import config as config_module
from services.app import components as appliance
from services.app.lifecycle import Reloader
from services.events import EventBus


@dataclass
class FakePipeline:
    """The device-layer API of services.voice.pipeline.Pipeline, recording calls."""

    calls: list[str] = field(default_factory=list)
    is_muted: bool = False

    def listen(self, trigger: str = "button") -> None:
        self.calls.append(f"listen:{trigger}")

    def end_utterance(self) -> None:
        self.calls.append("end")

    def set_muted(self, is_muted: bool, source: str = "button") -> None:
        self.is_muted = is_muted
        self.calls.append(f"mute:{is_muted}:{source}")

    def stop_speaking(self) -> None:
        self.calls.append("stop")

    async def say(self, text: str) -> None:
        self.calls.append(f"say:{text}")


@dataclass
class FakeQueue:
    cancelled: int = 0

    def cancel_all(self) -> int:
        self.cancelled += 1
        return 0


@dataclass
class FakeDaemon:
    config: Any
    pipeline: FakePipeline = field(default_factory=FakePipeline)
    queue: FakeQueue = field(default_factory=FakeQueue)
    components: list[Any] = field(default_factory=list)
    bus: EventBus = field(default_factory=EventBus)
    parley: Any = None


@dataclass
class FakeCore:
    """Records the configs ``Parley.reconfigure`` is given."""

    applied: list[Any] = field(default_factory=list)

    def reconfigure(self, config: Any) -> None:
        self.applied.append(config)


def names(config) -> list[str]:
    return [c.name for c in appliance.components(FakeDaemon(config))]


def test_the_defaults_attach_what_needs_no_hardware():
    config = config_module.defaults()
    assert names(config) == [
        "scheduler", "housekeeping", "remote", "memory", "mqtt", "status", "systemd"
    ]  # fmt: skip


def test_a_reload_reaches_the_core_for_dates_parser_and_executor():
    config = config_module.defaults()
    changed = config_module.from_dict({"parser": {"fastpath_max_chars": 123}})
    reloader = Reloader(lambda: changed, config)
    daemon = FakeDaemon(config, parley=FakeCore())
    appliance.components(daemon, reloader)
    assert all(reloader.is_live(key) for key in ("dates.x", "parser.x", "executor.x"))
    report = reloader.reload()
    assert report.applied == ["parser.fastpath_max_chars"]
    assert daemon.parley.applied == [changed]


def test_config_switches_mqtt_off_and_leds_and_button_on():
    config = config_module.from_dict(
        {"mqtt": {"enabled": False}, "leds": {"kind": "rgb", "rgb_pins": [5, 6, 13]},
         "button": {"pin": 17}}
    )  # fmt: skip
    assert names(config) == [
        "scheduler", "housekeeping", "remote", "memory", "status", "systemd", "leds", "button"
    ]  # fmt: skip


def test_a_button_press_listens_and_a_long_press_stops_and_cancels(mock_factory):
    config = config_module.from_dict({"button": {"pin": 17, "long_press_s": 0.6}})
    daemon = FakeDaemon(config)

    async def scenario() -> None:
        task = asyncio.create_task(appliance.ButtonComponent().run(daemon))
        await asyncio.sleep(0.2)
        pin = mock_factory.pin(17)
        pin.drive_low()  # pressed (pull-up wiring)
        await asyncio.sleep(0.1)
        pin.drive_high()
        await asyncio.sleep(0.6)  # past the double-press window: a single press
        pin.drive_low()
        await asyncio.sleep(0.9)  # past long_press_s
        pin.drive_high()
        deadline = time.monotonic() + 3
        while daemon.queue.cancelled == 0 and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    asyncio.run(scenario())
    assert daemon.pipeline.calls[0] == "listen:button"
    assert "stop" in daemon.pipeline.calls
    assert daemon.queue.cancelled == 1


def test_the_status_board_reports_engines_mic_and_mqtt():
    from services.app.daemon import AudioDeviceChanged

    daemon = FakeDaemon(config_module.defaults())
    chosen = appliance.components(daemon)
    status = next(c for c in chosen if c.name == "status")
    daemon.bus.publish(AudioDeviceChanged("lost", "unplugged", 1))
    snapshot = status.board.snapshot()
    assert snapshot["mic"]["state"] == "lost"
    assert snapshot["mqtt"] == {"connected": False, "broker": "localhost:1883"}
    assert "parser" in snapshot["models"]


def test_mqtt_say_and_messages_are_spoken_and_listen_listens_but_command_replies_are_not():
    from services.events import ReplyReady
    from services.mqtt.events import ListenRequested

    daemon = FakeDaemon(config_module.defaults())

    async def scenario() -> None:
        task = asyncio.create_task(appliance.RemoteComponent().run(daemon))
        await asyncio.sleep(0.05)
        daemon.bus.publish(ReplyReady("Added milk."))  # a command's reply: the pipeline's job
        daemon.bus.publish(ReplyReady("dinner is ready", origin="mqtt"))
        daemon.bus.publish(ReplyReady("Message from Sam: hi", origin="message"))
        daemon.bus.publish(ListenRequested(source="mqtt"))
        for _ in range(50):
            await asyncio.sleep(0.01)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    asyncio.run(scenario())
    assert sorted(daemon.pipeline.calls) == [
        "listen:mqtt", "say:Message from Sam: hi", "say:dinner is ready"
    ]  # fmt: skip


def test_memory_is_trimmed_when_the_pipeline_comes_to_rest():
    from services.app.memory import TrimComponent
    from services.events import CommandExecuted, ReplyReady
    from services.voice.pipeline import SpeakingEnded

    daemon = FakeDaemon(config_module.defaults())
    now = [0.0]
    trimmed = asyncio.Queue()

    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        component = TrimComponent(
            trim=lambda: loop.call_soon_threadsafe(trimmed.put_nowait, now[0]) or True,
            min_interval_s=30.0,
            clock=lambda: now[0],
        )
        task = asyncio.create_task(component.run(daemon))
        await asyncio.sleep(0)  # subscribed
        daemon.bus.publish(ReplyReady("Added milk."))  # not a moment of rest
        daemon.bus.publish(CommandExecuted({}))
        assert await asyncio.wait_for(trimmed.get(), 30) == 0.0
        now[0] = 31.0  # the interval has passed: the next rest trims again
        daemon.bus.publish(CommandExecuted({}))
        assert await asyncio.wait_for(trimmed.get(), 30) == 31.0
        now[0] = 62.0  # a reply spoken: Piper's buffers were just freed
        daemon.bus.publish(SpeakingEnded(0, 1, 1.0, False))
        assert await asyncio.wait_for(trimmed.get(), 30) == 62.0
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        # (component.trims is counted after the worker thread returns, which may come after
        # the queue: under a CPU hog the count read 1 here; the queue is what the trim did)
        assert trimmed.empty()

    asyncio.run(scenario())


def test_the_real_malloc_trim_is_found_and_runs():
    from services.app.memory import _malloc_trim

    trim = _malloc_trim()
    assert trim is not None  # glibc, as on Raspberry Pi OS
    assert trim() in (True, False)


def test_the_heap_report_sees_a_c_allocation_held_and_given_back():
    from services.app.memory import _libc, heap_report

    libc = _libc()
    assert libc is not None
    libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    before = heap_report()
    block = libc.malloc(64 * 2**20)  # glibc maps a block this large on its own
    try:
        held = heap_report()
        assert held["heap_in_use_mb"] - before["heap_in_use_mb"] >= 63
    finally:
        libc.free(block)
    assert heap_report()["heap_in_use_mb"] - before["heap_in_use_mb"] < 1
    assert before["python_blocks"] > 0


def test_mqtt_mute_on_off_and_toggle_reach_the_pipeline():
    from services.mqtt.events import MuteRequested

    daemon = FakeDaemon(config_module.defaults())

    async def scenario() -> None:
        task = asyncio.create_task(appliance.RemoteComponent().run(daemon))
        await asyncio.sleep(0.05)
        for mute in ("on", "toggle", "toggle", "off"):
            daemon.bus.publish(MuteRequested(mute=mute, source="mqtt"))
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    asyncio.run(scenario())
    assert daemon.pipeline.calls == [
        "mute:True:mqtt", "mute:False:mqtt", "mute:True:mqtt", "mute:False:mqtt"
    ]  # fmt: skip


def test_sighup_gives_the_running_button_its_new_timings(mock_factory):
    """A reload shortens long_press_s; a hold of the new length then stops and cancels."""
    config = config_module.from_dict({"button": {"pin": 17, "long_press_s": 30.0}})
    quicker = config_module.from_dict({"button": {"pin": 17, "long_press_s": 0.6}})
    reloader = Reloader(lambda: quicker, config)
    daemon = FakeDaemon(config)

    async def scenario() -> Any:
        task = asyncio.create_task(appliance.ButtonComponent(reloader).run(daemon))
        deadline = time.monotonic() + 10
        while not reloader.is_live("button.long_press_s") and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        report = reloader.reload()
        pin = mock_factory.pin(17)
        pin.drive_low()  # held: only the reloaded 0.6 s makes this a long press
        while daemon.queue.cancelled == 0 and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        pin.drive_high()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        return report

    report = asyncio.run(scenario())
    assert report.applied == ["button.long_press_s"]
    assert daemon.queue.cancelled == 1
    assert "stop" in daemon.pipeline.calls


_ARENA_PROBE = """
import ctypes, sys, threading
from services.app.memory import limit_arenas
if sys.argv[1] == "capped":
    assert limit_arenas(2)
libc = ctypes.CDLL(None)
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = [ctypes.c_void_p]
start = threading.Barrier(8)

def allocate():
    start.wait()  # all eight allocate at once: glibc gives contending threads arenas
    blocks = [libc.malloc(4096) for _ in range(20000)]
    for block in blocks:
        libc.free(block)

threads = [threading.Thread(target=allocate) for _ in range(8)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
libc.malloc_stats()  # one "Arena n:" block per arena, on stderr
"""


def _malloc_probe(script: str, mode: str, unset: str) -> subprocess.CompletedProcess[str]:
    """Run ``script`` in a fresh interpreter (glibc reads its settings once), ``unset`` unset."""
    env = {k: v for k, v in os.environ.items() if k != unset}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    return subprocess.run(
        [sys.executable, "-c", script, mode],
        capture_output=True, text=True, env=env, timeout=300, check=True,
    )  # fmt: skip


@pytest.mark.parametrize("mode", ["capped", "default"])
def test_limit_arenas_caps_the_heaps_threads_allocate_from(mode):
    probe = _malloc_probe(_ARENA_PROBE, mode, "MALLOC_ARENA_MAX")
    arenas = probe.stderr.count("Arena ")
    if mode == "capped":
        assert 1 <= arenas <= 2, probe.stderr
    else:  # the probe does make glibc open more: the cap is what keeps them at two
        assert arenas > 2, probe.stderr
