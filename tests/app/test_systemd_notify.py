"""sd_notify over a real unix datagram socket, the health of stages, and the watchdog."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket

import pytest

from services.app.systemd import Health, Notifier, Watchdog


@pytest.fixture
def systemd(tmp_path):
    """A socket standing where systemd's notify socket would; yields (environ, receive)."""
    path = tmp_path / "notify.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind(str(path))
    server.settimeout(1.0)

    def receive() -> dict[str, str]:
        data = server.recv(4096).decode()
        return dict(line.split("=", 1) for line in data.splitlines())

    yield {"NOTIFY_SOCKET": str(path)}, receive
    server.close()


def test_ready_status_watchdog_stopping_reach_the_socket(systemd):
    environ, receive = systemd
    notifier = Notifier(environ)
    assert notifier.is_enabled
    assert notifier.ready("models loaded, mic open")
    assert receive() == {"READY": "1", "STATUS": "models loaded, mic open"}
    notifier.status("two\nlines")
    assert receive() == {"STATUS": "two lines"}
    notifier.watchdog()
    assert receive() == {"WATCHDOG": "1"}
    notifier.reloading()
    message = receive()
    assert message["RELOADING"] == "1" and int(message["MONOTONIC_USEC"]) > 0
    notifier.stopping()
    assert receive() == {"STOPPING": "1", "STATUS": "shutting down"}


def test_an_abstract_socket_address_is_used_as_such():
    name = f"parley-test-{os.getpid()}"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind("\0" + name)
    server.settimeout(1.0)
    try:
        assert Notifier({"NOTIFY_SOCKET": "@" + name}).watchdog()
        assert server.recv(100) == b"WATCHDOG=1"
    finally:
        server.close()


def test_outside_systemd_nothing_is_sent_and_nothing_fails():
    notifier = Notifier({})
    assert not notifier.is_enabled
    assert notifier.ready() is False
    assert notifier.watchdog_interval_s is None


def test_a_vanished_socket_is_not_an_error(tmp_path):
    assert Notifier({"NOTIFY_SOCKET": str(tmp_path / "gone.sock")}).watchdog() is False


@pytest.mark.parametrize(
    ("environ", "interval"),
    [
        ({"WATCHDOG_USEC": "30000000"}, 15.0),
        ({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": str(os.getpid())}, 15.0),
        ({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"}, None),  # another process's
        ({"WATCHDOG_USEC": "0"}, None),
        ({"WATCHDOG_USEC": "soon"}, None),
    ],
)
def test_the_ping_interval_is_half_of_watchdog_sec(environ, interval):
    assert Notifier(environ).watchdog_interval_s == interval


def test_health_names_silent_and_overrunning_stages():
    health = Health(stall_s=10.0)
    health.beat("mic", 100.0)
    health.begin("stt", 100.0)
    assert health.stuck(110.0) == []
    assert health.stuck(110.5) == ["mic", "stt"]
    health.beat("mic", 110.0)
    health.end("stt")
    assert health.stuck(110.5) == []
    health.begin("llm", 111.0)
    assert health.stuck(121.5) == ["llm", "mic"]
    health.forget("mic")
    health.end("llm")
    assert health.stuck(500.0) == []


def test_the_watchdog_pings_on_schedule_only_while_healthy(systemd):
    environ, receive = systemd
    health = Health(stall_s=5.0)
    watchdog = Watchdog(Notifier(environ), health, interval_s=2.0)
    health.beat("mic", 0.0)
    assert watchdog.tick(0.0)
    assert receive() == {"WATCHDOG": "1"}
    assert watchdog.tick(1.0)  # not due yet: nothing sent
    assert watchdog.tick(2.0)
    assert receive() == {"WATCHDOG": "1"}
    # the mic loop hangs: at 5.5 s without a beat it is stuck and the pings stop
    assert not watchdog.tick(5.5)
    assert receive() == {"STATUS": "stuck: mic"}
    assert not watchdog.tick(8.0)
    health.beat("mic", 8.5)  # it recovers before systemd gave up
    assert watchdog.tick(9.0)
    assert receive() == {"STATUS": "healthy"}
    assert receive() == {"WATCHDOG": "1"}


def test_the_watchdog_runs_on_the_event_loop(systemd):
    environ, receive = systemd
    watchdog = Watchdog(Notifier(environ | {"WATCHDOG_USEC": "200000"}), Health(stall_s=5.0))
    assert watchdog.interval_s == pytest.approx(0.1)

    async def main() -> None:
        task = asyncio.create_task(watchdog.run())
        await asyncio.sleep(0.35)
        task.cancel()

    asyncio.run(main())
    pings = 0
    receive_socket_messages = True
    while receive_socket_messages:
        try:
            assert receive() == {"WATCHDOG": "1"}
            pings += 1
        except TimeoutError:
            receive_socket_messages = False
    assert 3 <= pings <= 5


def test_bus_events_mark_busy_stages_and_a_hung_one_is_named():
    from services.app.systemd import BusHealth
    from services.events import CommandExecuted, EventBus
    from services.voice.pipeline import (
        FinalTranscribed,
        ListeningStarted,
        SpeakingEnded,
        SpeakingStarted,
        SpeechEnded,
    )

    now = [0.0]
    bus, health = EventBus(), Health(stall_s=10.0)
    BusHealth(health, bus, clock=lambda: now[0])
    bus.publish(SpeechEnded(audio_ms=0, speech_end_ms=0, reason="silence"))
    now[0] = 11.0
    assert health.stuck(now[0]) == ["transcribe"]  # Whisper never answered
    bus.publish(FinalTranscribed(audio_ms=0, text="add milk", engine="whisper", decode_ms=1))
    assert health.stuck(now[0]) == []
    bus.publish(CommandExecuted({"ok": True}))
    bus.publish(SpeakingStarted(audio_ms=0, text="Added."))
    now[0] = 30.0
    assert health.stuck(now[0]) == ["speak"]
    bus.publish(SpeakingEnded(audio_ms=0, sentences=1, audio_s=1.0, is_interrupted=False))
    assert health.stuck(now[0]) == []
    bus.publish(FinalTranscribed(audio_ms=0, text="hm", engine="whisper", decode_ms=1))
    bus.publish(ListeningStarted(audio_ms=0, trigger="button"))  # a new turn clears the old
    assert health.stuck(100.0) == []


def test_the_systemd_component_is_ready_and_pings_while_it_runs(systemd):
    from services.app.systemd import SystemdComponent
    from services.config import from_dict
    from services.events import EventBus

    environ, receive = systemd

    class FakeDaemon:
        config = from_dict({})
        bus = EventBus()

    component = SystemdComponent(Notifier(environ | {"WATCHDOG_USEC": "100000"}))

    async def main() -> None:
        task = asyncio.create_task(component.run(FakeDaemon()))
        await asyncio.sleep(0.12)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(main())
    assert receive() == {"READY": "1", "STATUS": "listening"}
    messages = []
    with contextlib.suppress(TimeoutError):  # nothing more within a second: all were read
        while True:
            messages.append(receive())
    # STOPPING is the shutdown path's (lifecycle.shut_down), not this component's
    assert messages and all(message == {"WATCHDOG": "1"} for message in messages)
