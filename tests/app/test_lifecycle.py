"""SIGHUP reload, SIGTERM shutdown, and a config typo stopping start-up with exit 78."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from services import config as config_module
from services.app.lifecycle import (
    PENDING_FILE,
    Reloader,
    changed_keys,
    install,
    load_pending,
    reloader_for,
    shut_down,
)
from services.app.systemd import Notifier
from services.clock import SystemClock, zone_named
from services.config import Jobs, from_dict
from services.core.jobs import JobQueue
from services.events import EventBus

ROOT = Path(__file__).resolve().parents[2]


def test_changed_keys_are_dotted_and_sorted():
    old = from_dict({})
    new = from_dict({"leds": {"brightness": 0.2}, "button": {"pin": 17}, "wake": {}})
    assert changed_keys(old, new) == ["button.pin", "leds.brightness"]
    assert changed_keys(old, old) == []


@pytest.fixture
def config_file(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[leds]\ncolours = {listening = "blue"}\n[button]\npin = 17\n')
    return path


def test_a_reload_applies_live_keys_and_logs_the_rest(config_file, caplog):
    seen = []
    reloader = reloader_for(config_file, config_module.load(config_file), None)
    reloader.on("leds.brightness", "leds.colours", apply=lambda new: seen.append(new.leds))
    config_file.write_text(
        '[leds]\ncolours = {listening = "#00ff00"}\nbrightness = 0.8\n'
        '[button]\npin = 22\n[general]\nlog_level = "DEBUG"\n'
    )
    with caplog.at_level(logging.INFO, logger="services.app.lifecycle"):
        report = reloader.reload()
    assert report.is_ok
    assert report.applied == ["general.log_level", "leds.brightness", "leds.colours"]
    assert report.needs_restart == ["button.pin"]
    assert seen[0].colours == {"listening": "#00ff00"}
    assert logging.getLogger().level == logging.DEBUG
    assert "only on a restart: button.pin" in caplog.text
    assert reloader.current.leds.brightness == 0.8
    logging.getLogger().setLevel(logging.WARNING)


def test_a_bad_file_on_reload_keeps_the_running_config(config_file, tmp_path):
    receiver = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    receiver.bind(str(tmp_path / "notify.sock"))
    receiver.settimeout(1.0)
    notifier = Notifier({"NOTIFY_SOCKET": str(tmp_path / "notify.sock")})
    running = config_module.load(config_file)
    reloader = reloader_for(config_file, running, notifier)
    called = []
    reloader.on("leds.*", apply=called.append)
    config_file.write_text('[leds]\nkind = "rbg"\n')
    report = reloader.reload()
    assert report.error is not None and "leds.kind" in report.error
    assert reloader.current is running
    assert called == []
    assert receiver.recv(200).startswith(b"RELOADING=1\nMONOTONIC_USEC=")
    assert receiver.recv(200).startswith(b"READY=1\nSTATUS=reload refused: ")
    receiver.close()


def test_a_restart_key_stays_reported_until_it_is_changed_back(config_file):
    reloader = reloader_for(config_file, config_module.load(config_file), None)
    config_file.write_text("[button]\npin = 22\n")
    assert reloader.reload().needs_restart == ["button.pin", "leds.colours"]
    assert reloader.reload().needs_restart == ["button.pin", "leds.colours"]
    config_file.write_text('[leds]\ncolours = {listening = "blue"}\n[button]\npin = 17\n')
    assert reloader.reload().needs_restart == []


def test_a_failing_applier_is_reported_and_the_others_still_run(config_file):
    reloader = Reloader(lambda: config_module.load(config_file), config_module.load(config_file))
    ran = []

    def broken(new):
        raise RuntimeError("LED ring unplugged")

    reloader.on("leds.brightness", apply=broken)
    reloader.on("leds.brightness", apply=ran.append)
    config_file.write_text("[leds]\nbrightness = 0.1\n[button]\npin = 17\n")
    report = reloader.reload()
    assert report.failed == ["leds.brightness"]
    assert len(ran) == 1
    assert not report.is_ok


def test_sighup_and_sigterm_reach_their_handlers_on_the_loop():
    calls: list[tuple[str, int]] = []

    async def main() -> None:
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        remove = install(
            loop,
            on_reload=lambda: calls.append(("reload", threading.get_ident())),
            on_terminate=lambda: (calls.append(("stop", threading.get_ident())), stop.set()),
        )
        os.kill(os.getpid(), signal.SIGHUP)
        await asyncio.sleep(0.05)
        os.kill(os.getpid(), signal.SIGTERM)
        await asyncio.wait_for(stop.wait(), 2.0)
        remove()

    asyncio.run(main())
    assert [name for name, _ in calls] == ["reload", "stop"]
    assert {thread for _, thread in calls} == {threading.get_ident()}
    assert signal.getsignal(signal.SIGHUP) == signal.SIG_DFL


def make_queue(handler, max_in_flight: int = 1) -> JobQueue:
    settings = Jobs(max_in_flight=max_in_flight, max_queued=8)
    return JobQueue(
        handler, bus=EventBus(), settings=settings, clock=SystemClock(zone_named("UTC"))
    )


def slow_handler(seconds: float, done: list):
    def handle(text: str, source: str, conversation: str):
        time.sleep(seconds)
        done.append(text)
        return {"ok": True, "text": text}

    return handle


def test_sigterm_lets_running_jobs_finish_and_saves_queued_ones(tmp_path):
    done: list[str] = []

    async def main():
        queue = make_queue(slow_handler(0.3, done))
        first = await queue.submit("add milk", source="voice", conversation="kitchen")
        await queue.submit("add eggs", source="voice", conversation="kitchen")
        await queue.submit("add flour", source="voice", conversation="kitchen")
        await asyncio.sleep(0.05)  # the first one is running, two wait behind it
        report = await shut_down(queue, state_dir=tmp_path, timeout_s=5.0)
        return report, await first.wait()

    report, first_outcome = asyncio.run(main())
    assert done == ["add milk"]  # finished, not cut off
    assert first_outcome == {"ok": True, "text": "add milk"}
    assert report.saved_jobs == 2 and report.cancelled_running == 0
    pending = load_pending(tmp_path / PENDING_FILE)
    assert [job["text"] for job in pending] == ["add eggs", "add flour"]


def test_a_job_running_past_the_timeout_is_cancelled(tmp_path):
    done: list[str] = []

    async def main():
        queue = make_queue(slow_handler(1.0, done))
        await queue.submit("summarise the week", source="cli")
        await asyncio.sleep(0.05)
        return await shut_down(queue, state_dir=tmp_path, timeout_s=0.2)

    report = asyncio.run(main())
    assert report.cancelled_running == 1
    assert report.saved_jobs == 0
    assert not (tmp_path / PENDING_FILE).exists()


def test_pending_jobs_accumulate_across_shutdowns_and_garbage_is_ignored(tmp_path):
    from services.app.lifecycle import save_pending

    path = tmp_path / PENDING_FILE
    save_pending(path, [{"text": "one"}])
    save_pending(path, [{"text": "two"}])
    assert [job["text"] for job in json.loads(path.read_text())] == ["one", "two"]
    path.write_text("{half")
    assert load_pending(path) == []


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('[leds]\nkind = "rbg"\n', "leds.kind: "),
        ("[button]\nlong_pres_s = 2.0\n", "button.long_pres_s: unknown key"),
        ("[daemon]\nstall_s = -1\n", "daemon.stall_s: must be greater than 0"),
    ],
)
def test_a_config_typo_stops_start_up_with_one_line_and_exit_78(tmp_path, text, line):
    path = tmp_path / "config.toml"
    path.write_text(text)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GPIOZERO_PIN_FACTORY": "mock"}
    result = subprocess.run(
        [sys.executable, "-m", "services.app.cli", "--config", str(path), "run"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=ROOT,
    )
    assert result.returncode == 78
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{path}: {line}")


def test_serve_reloads_on_sighup_and_shuts_down_cleanly_on_sigterm(tmp_path, config_file):
    from services.app.lifecycle import serve

    done: list[str] = []
    reloaded: list[object] = []
    reloader = reloader_for(config_file, config_module.load(config_file), None)
    reloader.on("leds.*", apply=reloaded.append)

    async def daemon() -> None:
        await asyncio.Event().wait()  # runs until cancelled, as the real one does

    async def main():
        queue = make_queue(slow_handler(0.3, done))
        await queue.submit("add milk", source="voice")
        await asyncio.sleep(0.05)
        config_file.write_text("[leds]\nbrightness = 0.9\n[button]\npin = 17\n")
        loop = asyncio.get_running_loop()
        loop.call_later(0.05, os.kill, os.getpid(), signal.SIGHUP)
        loop.call_later(0.15, os.kill, os.getpid(), signal.SIGTERM)
        return await serve(
            daemon(), queue=queue, state_dir=tmp_path, timeout_s=5.0, reloader=reloader
        )

    report = asyncio.run(main())
    assert report.by_signal and report.cancelled_running == 0
    assert done == ["add milk"]  # the running job finished before the daemon stopped
    assert len(reloaded) == 1 and reloaded[0].leds.brightness == 0.9
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL


def test_serve_returns_when_the_daemon_ends_by_itself(tmp_path):
    from services.app.lifecycle import serve

    async def daemon() -> str:
        await asyncio.sleep(0.01)
        return "files done"

    async def main():
        return await serve(
            daemon(), queue=make_queue(slow_handler(0, [])), state_dir=tmp_path, timeout_s=1.0
        )

    report = asyncio.run(main())
    assert not report.by_signal  # the same shutdown ran, because the audio ended
    assert report.saved_jobs == 0 and report.cancelled_running == 0
