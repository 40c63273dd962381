"""`parley status` over a real unix socket: the server, the board, the client and the CLI."""

from __future__ import annotations

import asyncio
import json
import os
import stat
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from services.app.status import (
    EX_NOT_RUNNING,
    StatusBoard,
    StatusComponent,
    StatusServer,
    StatusUnavailableError,
    query,
    render,
    socket_path,
)
from services.config import defaults, from_dict
from services.events import CommandExecuted, ErrorRaised, EventBus
from services.voice.pipeline import (
    FinalTranscribed,
    ListeningStarted,
    SpeakingStarted,
    WakeDetected,
)

ROOT = Path(__file__).resolve().parents[2]


class Ticking:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_board_follows_the_pipeline_and_the_last_command():
    bus, clock = EventBus(), Ticking()
    board = StatusBoard(bus, clock=clock)
    board.add("jobs", lambda: {"running": 1, "queued": 0})
    board.add("mqtt", lambda: {"connected": True})
    assert board.snapshot()["state"] == "starting"
    bus.publish(WakeDetected(audio_ms=100, model="hey_jarvis", score=0.9))
    bus.publish(ListeningStarted(audio_ms=120, trigger="wake"))
    clock.now += 2.5
    bus.publish(FinalTranscribed(audio_ms=3000, text="add milk", engine="whisper", decode_ms=400))
    clock.now += 1.0
    report = board.snapshot()
    assert report["state"] == "thinking"
    assert report["state_for_s"] == 1.0
    assert report["uptime_s"] == 3.5
    assert report["last_utterance"]["text"] == "add milk"
    assert report["last_utterance"]["outcome"] is None
    timings = {"parse": 2.0, "execute": 5.0}
    outcome = {"ok": True, "intent": "task.create", "reply": "Added milk.", "timings_ms": timings}
    bus.publish(CommandExecuted({"utterance": "add milk", **outcome}))
    bus.publish(SpeakingStarted(audio_ms=3500, text="Added milk."))
    report = board.snapshot()
    assert report["state"] == "speaking"
    assert report["last_utterance"]["outcome"] == outcome
    assert report["last_wake"]["model"] == "hey_jarvis"
    assert report["last_wake"]["score"] == 0.9
    text = render(report)
    assert "woken      hey_jarvis score 0.9" in text
    assert "timings    parse 2.0, execute 5.0 (ms)" in text
    assert report["jobs"] == {"running": 1, "queued": 0}
    assert report["mqtt"] == {"connected": True}
    assert report["versions"]["parley"]
    assert report["versions"]["python"].startswith("3.")
    assert report["pid"] == os.getpid()


def test_a_typed_command_and_an_error_are_reported():
    bus = EventBus()
    board = StatusBoard(bus)
    bus.publish(
        CommandExecuted(
            {"ok": False, "utterance": "frobnicate", "intent": "unknown", "reply": "Sorry?"}
        )
    )
    bus.publish(ErrorRaised("stt", "whisper timed out"))
    report = board.snapshot()
    assert report["last_utterance"]["text"] == "frobnicate"
    assert report["last_utterance"]["outcome"]["ok"] is False
    assert report["last_error"]["stage"] == "stt"
    text = render(report)
    assert '"frobnicate" -> failed: Sorry?' in text
    assert "stt: whisper timed out" in text


def test_a_broken_provider_is_reported_beside_the_rest():
    board = StatusBoard()
    board.add("mic", lambda: 1 / 0)
    board.add("jobs", lambda: {"queued": 2})
    report = board.snapshot()
    assert "division by zero" in report["mic"]["error"]
    assert report["jobs"] == {"queued": 2}


def test_the_report_counts_the_daemons_threads_by_pool_and_its_open_files():
    release = threading.Event()
    pool = ThreadPoolExecutor(2, thread_name_prefix="parley-test-pool")
    futures = [pool.submit(release.wait, 30) for _ in range(2)]
    try:
        process = StatusBoard().snapshot()["process"]
        assert process["python_threads"]["parley-test-pool"] == 2  # one line for the pool
        assert process["threads"] >= sum(process["python_threads"].values())
        assert process["open_files"] > 0 and process["rss_mb"] > 0
        assert process["python_blocks"] > 0 and process["heap_in_use_mb"] > 0  # glibc's count
    finally:
        release.set()
        for future in futures:
            future.result()
        pool.shutdown()


def test_server_and_client_round_trip_over_a_0660_socket(tmp_path):
    path = tmp_path / "status.sock"
    board = StatusBoard()
    board.add("jobs", lambda: {"in_flight": 3})
    with StatusServer(path, board.snapshot):
        assert stat.S_ISSOCK(path.stat().st_mode)
        assert stat.S_IMODE(path.stat().st_mode) == 0o660
        report = query(path)
        assert report["jobs"] == {"in_flight": 3}
        assert report["state"] == "starting"
        assert query(path)["pid"] == os.getpid()  # serves more than one request
    assert not path.exists()
    with pytest.raises(StatusUnavailableError, match="not running"):
        query(path)


def test_a_stale_socket_is_replaced_and_a_live_one_is_not(tmp_path):
    import socket

    path = tmp_path / "status.sock"
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(str(path))
    stale.close()  # what SIGKILL leaves behind: a socket file nobody listens on
    with pytest.raises(StatusUnavailableError, match="nothing listens"):
        query(path)
    with StatusServer(path, lambda: {"state": "idle"}):
        assert query(path) == {"state": "idle"}
        with pytest.raises(StatusUnavailableError, match="another Parley daemon"):
            StatusServer(path, lambda: {}).start()


def test_unknown_requests_and_failing_providers_get_an_error_reply(tmp_path):
    import socket

    path = tmp_path / "status.sock"

    def broken() -> dict:
        raise RuntimeError("board gone")

    with StatusServer(path, broken):
        assert query(path) == {"error": "board gone"}
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.connect(str(path))
            sock.sendall(b"reboot\n")
            reply = json.loads(sock.makefile().readline())
        assert "unknown request" in reply["error"]


def test_socket_path_is_in_the_state_dir_unless_absolute(tmp_path):
    config = from_dict({"general": {"state_dir": str(tmp_path)}})
    assert socket_path(config) == tmp_path / "status.sock"
    config = from_dict({"daemon": {"status_socket": "/run/parley/status.sock"}})
    assert socket_path(config) == Path("/run/parley/status.sock")
    assert socket_path(defaults()).name == "status.sock"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PARLEY_CONFIG": ""}
    return subprocess.run(
        [sys.executable, "-m", "services.app.cli", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=ROOT,
    )


def test_parley_status_exits_3_when_no_daemon_runs(tmp_path):
    result = run_cli("--state-dir", str(tmp_path), "status")
    assert result.returncode == EX_NOT_RUNNING
    assert result.stderr.strip() == (
        f"parley: not running (no status socket at {tmp_path / 'status.sock'})"
    )


def test_parley_status_prints_the_running_daemons_report(tmp_path):
    bus = EventBus()
    board = StatusBoard(bus)
    board.add("jobs", lambda: {"running": 0, "queued": 0})
    bus.publish(ListeningStarted(audio_ms=0, trigger="button"))
    with StatusServer(tmp_path / "status.sock", board.snapshot):
        as_json = run_cli("--state-dir", str(tmp_path), "status", "--json")
        as_text = run_cli("--state-dir", str(tmp_path), "status")
    assert as_json.returncode == 0, as_json.stderr
    report = json.loads(as_json.stdout)
    assert report["state"] == "listening"
    assert report["jobs"] == {"running": 0, "queued": 0}
    assert as_text.returncode == 0
    assert as_text.stdout.splitlines()[0].startswith("state      listening (for ")
    assert any(
        line.startswith("jobs       running 0, queued 0") for line in as_text.stdout.splitlines()
    )


def test_the_component_serves_for_the_daemons_lifetime(tmp_path):
    class FakeDaemon:
        config = from_dict({"general": {"state_dir": str(tmp_path)}})
        bus = EventBus()

        class queue:  # stands in for the JobQueue attribute
            @staticmethod
            def stats() -> dict:
                return {"in_flight": 1}

    async def main() -> dict:
        task = asyncio.create_task(StatusComponent().run(FakeDaemon()))
        await asyncio.sleep(0.2)
        report = await asyncio.to_thread(query, tmp_path / "status.sock")
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return report

    report = asyncio.run(main())
    assert report["state"] == "idle"
    assert report["jobs"] == {"in_flight": 1}
    assert not (tmp_path / "status.sock").exists()


def test_status_reports_muted_until_unmuted():
    from services.voice.pipeline import MuteChanged, SpeakingEnded

    bus = EventBus()
    board = StatusBoard(bus)
    board.set_state("idle")
    bus.publish(MuteChanged(is_muted=True, source="mqtt"))
    assert board.snapshot()["state"] == "muted"
    bus.publish(SpeakingEnded(audio_ms=0, sentences=1, audio_s=1.0, is_interrupted=False))
    assert board.snapshot()["state"] == "muted"
    bus.publish(MuteChanged(is_muted=False, source="mqtt"))
    assert board.snapshot()["state"] == "idle"
