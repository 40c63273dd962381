"""`parley run` as systemd runs it: a real process, a real broker, a real notify socket.

The one start-up and shutdown path (services/app/run.py, lifecycle.serve): READY once the
engines are loaded, MQTT commands answered, SIGHUP reloads (RELOADING, then READY again),
SIGTERM says STOPPING, exits 0, and every command whose reply said done is in the store.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from services.app import client
from services.app.model_files import shared_model_dir
from services.store import Store

ROOT = Path(__file__).resolve().parents[2]
ASSEMBLED = shared_model_dir()  # Whisper base, joined once by `make models`
TITLES = ["water the ferns", "book the dentist", "fix the fence", "call the bank", "buy stamps"]


def _config(tmp_path: Path, port: int, log_level: str = "INFO") -> str:
    return f"""
[general]
device_id = "a"
state_dir = "{tmp_path / "state"}"
timezone = "UTC"
log_level = "{log_level}"

[llm]
enabled = false

[stt]
model_dir = "{ASSEMBLED}"

[sync]
enabled = false

[mqtt]
host = "127.0.0.1"
port = {port}
"""


@pytest.fixture
def notify_socket(tmp_path):
    """Stand where systemd's notify socket would; yield (path, wait_for(key, value))."""
    path = tmp_path / "notify.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind(str(path))
    seen: list[dict[str, str]] = []

    def wait_for(key: str, value: str, timeout: float = 180.0) -> dict[str, str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            server.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                data = server.recv(4096).decode()
            except TimeoutError:
                break
            message = dict(line.split("=", 1) for line in data.splitlines())
            seen.append(message)
            if message.get(key) == value:
                return message
        raise AssertionError(f"no {key}={value} from the daemon; it sent {seen}")

    yield path, wait_for
    server.close()


def _wait_for_mqtt(status_socket: Path, daemon: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert daemon.poll() is None, "the daemon exited"
        try:
            if client.query(status_socket).get("mqtt", {}).get("connected"):
                return
        except client.StatusUnavailableError:
            pass
        time.sleep(0.05)
    raise AssertionError("the daemon never subscribed to the broker")


def test_the_daemon_starts_reloads_and_stops_cleanly_on_signals(
    tmp_path, broker, listener_factory, notify_socket
):
    config = tmp_path / "config.toml"
    config.write_text(_config(tmp_path, broker.port))
    socket_path, wait_for = notify_socket
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "GPIOZERO_PIN_FACTORY": "mock",
        "HF_HUB_OFFLINE": "1",
        "NOTIFY_SOCKET": str(socket_path),
    }
    log = (tmp_path / "daemon.log").open("w")
    daemon = subprocess.Popen(
        [sys.executable, "-m", "services.app.entry", "--config", str(config), "run"],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=ROOT,
    )
    try:
        wait_for("READY", "1")
        # READY does not wait for the broker (Parley works offline); a command published
        # before the daemon's SUBACK would never reach it, so wait for `parley status` to say so
        _wait_for_mqtt(tmp_path / "state" / "status.sock", daemon)
        listener = listener_factory("replies/#")
        for number, title in enumerate(TITLES):
            request = {"text": f"add {title}", "reply_topic": "replies/ssh", "id": number}
            listener.publish("parley/a/cmd/text", json.dumps(request))
        replies = [json.loads(raw) for raw in listener.wait_for("replies/ssh", len(TITLES), 60)]
        assert sorted(reply["id"] for reply in replies) == list(range(len(TITLES)))
        assert all(reply["ok"] for reply in replies)

        config.write_text(_config(tmp_path, broker.port, log_level="DEBUG"))
        daemon.send_signal(signal.SIGHUP)
        wait_for("RELOADING", "1", timeout=60)
        assert wait_for("READY", "1", timeout=60)["STATUS"] == "reloaded"

        daemon.send_signal(signal.SIGTERM)
        assert wait_for("STOPPING", "1", timeout=60)["STATUS"] == "shutting down"
        assert daemon.wait(timeout=60) == 0
    finally:
        if daemon.poll() is None:
            daemon.kill()
            daemon.wait()
        log.close()
    output = (tmp_path / "daemon.log").read_text()
    assert "reloaded: general.log_level" in output
    assert "shut down cleanly" in output
    with Store.open(tmp_path / "state") as store:  # the lock was released, the store flushed
        titles = sorted(task["title"] for task in store.all("tasks"))
    assert titles == sorted(TITLES)
