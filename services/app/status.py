"""`parley status`: ask the running daemon how it is, over a unix socket in the state dir.

The daemon runs a ``StatusServer`` on ``<state_dir>/<daemon.status_socket>`` (mode 0660, so
members of the parley group may ask). A client connects, sends one line (``status``) and reads
one JSON object back: state, uptime, models loaded, mic level, the last utterance and its
outcome, jobs in flight, the MQTT connection and versions. ``StatusBoard`` gathers that from
the event bus and from the providers the daemon registers.

Example::

    $ parley status
    state      idle (for 42 s)
    uptime     3 h 12 min (pid 812)
    ...
    $ parley status --json | jq .jobs
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import platform
import socket
import socketserver
import struct
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from services import __version__
from services.app.client import (
    REQUEST,
    StatusUnavailableError,
    query,
    socket_path,
)
from services.app.control import ControlService
from services.app.memory import heap_report
from services.app.options import load_config
from services.events import STATE_BY_EVENT, ApplianceState, Event, EventBus

if TYPE_CHECKING:  # only for the type: `parley status` should not load the engines
    from services.app.daemon import Daemon

log = logging.getLogger(__name__)

EX_NOT_RUNNING = 3  # LSB: "program is not running"
MAX_REQUEST_BYTES = 64 * 1024  # a control request (services/app/control.py) is one JSON line

PACKAGES = (
    "openwakeword",
    "faster-whisper",
    "vosk",
    "piper-tts",
    "llama_cpp_python",
    "onnxruntime",
    "paho-mqtt",
    "tinydb",
    "gpiozero",
)

Provider = Callable[[], Any]


def versions() -> dict[str, str]:
    """Return Parley's, Python's and the installed engines' versions."""
    found = {"parley": _version("parley"), "python": platform.python_version()}
    for package in PACKAGES:
        version = _version(package)
        if version != "not installed":
            found[package] = version
    return found


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        if package == "parley":
            return __version__
        return "not installed"


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class StatusBoard:
    """What the daemon knows about itself, kept current from the event bus."""

    def __init__(self, bus: EventBus | None = None, clock: Callable[[], float] = time.monotonic):
        self._clock = clock
        self._lock = threading.Lock()
        self._started = clock()
        self._started_at = _now_iso()
        self._state = ApplianceState.STARTING
        self._is_muted = False
        self._state_since = self._started
        self._last: dict[str, Any] | None = None
        self._last_error: dict[str, Any] | None = None
        self._last_wake: dict[str, Any] | None = None
        self._providers: dict[str, Provider] = {}
        self._versions = versions()  # fixed for the life of the process; slow to look up
        if bus is not None:
            bus.subscribe(self.observe)

    def add(self, name: str, provider: Provider) -> None:
        """Report ``provider()`` under ``name`` (jobs, mqtt, models, mic, ...)."""
        with self._lock:
            self._providers[name] = provider

    def set_state(self, state: ApplianceState) -> None:
        """Set the state directly (``idle`` once ready)."""
        with self._lock:
            if state != self._state:
                self._state, self._state_since = state, self._clock()

    def observe(self, event: Event) -> None:
        """Update from one bus event."""
        if event.type == "mute":
            self._is_muted = bool(getattr(event, "is_muted", False))
            state: ApplianceState | None = ApplianceState.REST
        else:
            state = STATE_BY_EVENT.get(event.type)
        if state is ApplianceState.REST:
            state = ApplianceState.MUTED if self._is_muted else ApplianceState.IDLE
        if state is not None and state is not ApplianceState.ERROR:
            self.set_state(state)
        match event.type:
            case "wake":
                with self._lock:
                    self._last_wake = {
                        "model": getattr(event, "model", ""),
                        "score": getattr(event, "score", None),
                        "at": _now_iso(),
                    }
            case "final":
                self._record_utterance(getattr(event, "text", ""))
            case "command":
                self._record_outcome(getattr(event, "outcome", {}))
            case "error":
                with self._lock:
                    self._last_error = {
                        "stage": getattr(event, "stage", ""),
                        "message": getattr(event, "message", ""),
                        "at": _now_iso(),
                    }

    def _record_utterance(self, text: str) -> None:
        with self._lock:
            self._last = {"text": text, "at": _now_iso(), "outcome": None}

    def _record_outcome(self, outcome: dict[str, Any]) -> None:
        summary = {key: outcome.get(key) for key in ("ok", "intent", "reply", "timings_ms")}
        with self._lock:
            text = outcome.get("utterance", "")
            if self._last is None or self._last.get("text") != text:
                self._last = {"text": text, "at": _now_iso(), "outcome": None}
            self._last["outcome"] = summary

    def snapshot(self) -> dict[str, Any]:
        """Return the status as plain JSON-ready data."""
        now = self._clock()
        with self._lock:
            report: dict[str, Any] = {
                "state": self._state,
                "state_for_s": round(now - self._state_since, 1),
                "uptime_s": round(now - self._started, 1),
                "started_at": self._started_at,
                "pid": os.getpid(),
                "last_utterance": dict(self._last) if self._last else None,
                "last_error": self._last_error,
                "last_wake": self._last_wake,
            }
            providers = dict(self._providers)
        for name, provider in providers.items():
            try:
                report[name] = provider()
            except Exception as exc:  # one broken provider must not hide the rest
                report[name] = {"error": str(exc)}
        report["process"] = process_report()
        report["versions"] = self._versions
        return report


def process_report() -> dict[str, Any]:
    """The daemon's own resources: RSS, open files, OS threads, and Python threads by name.

    Threads named ``<prefix>_<n>`` (pool workers) are counted under the prefix, so a pool that
    grew to its limit reads as one line; a thread that leaks shows as a count that keeps rising.
    """
    fields: dict[str, int] = {}
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM", "Threads"):
                fields[key] = int(value.split()[0])
    fds = None
    with contextlib.suppress(OSError):
        fds = len(os.listdir("/proc/self/fd"))
    by_name: dict[str, int] = {}
    for thread in threading.enumerate():
        prefix = thread.name.rsplit("_", 1)[0] if thread.name[-1:].isdigit() else thread.name
        by_name[prefix] = by_name.get(prefix, 0) + 1
    return {
        "rss_mb": round(fields["VmRSS"] / 1024, 1) if "VmRSS" in fields else None,
        "peak_rss_mb": round(fields["VmHWM"] / 1024, 1) if "VmHWM" in fields else None,
        "open_files": fds,
        "threads": fields.get("Threads"),
        "python_threads": dict(sorted(by_name.items())),
        **heap_report(),
    }


Control = Callable[[dict[str, Any], int], dict[str, Any]]  # (request, peer uid) -> reply


def peer_uid(sock: socket.socket) -> int:
    """The uid of the process at the other end of a unix socket (-1 if unknown)."""
    try:
        creds = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    except (OSError, AttributeError):
        return -1
    _pid, uid, _gid = struct.unpack("3i", creds)
    return int(uid)


class _Handler(socketserver.StreamRequestHandler):
    timeout = 5.0  # for the request line; a client that stalls or leaves mid-line is dropped

    def handle(self) -> None:
        try:
            line = self.rfile.readline(MAX_REQUEST_BYTES + 1)
        except (TimeoutError, OSError):
            return
        server: StatusServer = self.server.owner  # type: ignore[attr-defined]
        request = line.strip()
        if request == REQUEST.strip():
            reply = server.answer()
        elif len(line) > MAX_REQUEST_BYTES:
            reply = {"error": f"request over {MAX_REQUEST_BYTES} bytes refused"}
        elif not line.endswith(b"\n"):
            return  # the client left before finishing its request: nothing runs
        elif request.startswith(b"{") and server.control is not None:
            reply = server.command(request, peer_uid(self.connection))
        else:
            reply = {"error": f"unknown request {request[:40]!r}; send 'status'"}
        with contextlib.suppress(OSError):  # the client may be gone; the daemon goes on
            self.wfile.write(json.dumps(reply, default=str).encode() + b"\n")


class _Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


class StatusServer:
    """Answer status requests on a unix socket, from a background thread."""

    def __init__(
        self, path: str | os.PathLike[str], provider: Provider, control: Control | None = None
    ) -> None:
        """``control`` answers control requests (a JSON object a line; see control.py)."""
        self.path = Path(path)
        self._provider = provider
        self.control = control
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def command(self, raw: bytes, uid: int) -> dict[str, Any]:
        """Answer one control request; bad input gets an error and changes nothing."""
        try:
            request = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            return {"error": "the request is not JSON"}
        if not isinstance(request, dict) or self.control is None:
            return {"error": "the request is not a JSON object"}
        try:
            return self.control(request, uid)
        except Exception as exc:
            log.exception("control request failed")
            return {"error": f"the daemon could not run it: {exc}"}

    def answer(self) -> Any:
        """Return the provider's report (or the error it raised)."""
        try:
            return self._provider()
        except Exception as exc:
            log.exception("status provider failed")
            return {"error": str(exc)}

    def start(self) -> StatusServer:
        """Bind the socket (replacing a stale one) and serve in a thread."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.path.exists() or self.path.is_symlink():
            if _is_answering(self.path):
                raise StatusUnavailableError(f"{self.path}: another Parley daemon is running")
            self.path.unlink()  # left behind by a daemon that was killed
        old_mask = os.umask(0o117)  # the socket is created 0660: owner and group may connect
        try:
            self._server = _Server(str(self.path), _Handler)
        finally:
            os.umask(old_mask)
        self._server.owner = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="status-server", daemon=True
        )
        self._thread.start()
        log.info("status socket at %s", self.path)
        return self

    def close(self) -> None:
        """Stop serving and remove the socket."""
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        self._server = None
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()

    def __enter__(self) -> StatusServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()


def _is_answering(path: Path) -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        try:
            sock.connect(str(path))
        except OSError:
            return False
    return True


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 120:
        return f"{seconds} s"
    minutes = seconds // 60
    if minutes < 120:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60} min"


def _compact(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{key} {_compact(item)}" for key, item in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_compact(item) for item in value)
    return str(value)


def render(report: dict[str, Any]) -> str:
    """Return the status as aligned lines for a person on SSH."""
    lines = [
        ("state", f"{report.get('state')} (for {_duration(report.get('state_for_s', 0))})"),
        ("uptime", f"{_duration(report.get('uptime_s', 0))} (pid {report.get('pid')})"),
    ]
    last = report.get("last_utterance")
    if last:
        outcome = last.get("outcome") or {}
        result = "ok" if outcome.get("ok") else "failed" if outcome else "pending"
        lines.append(("last", f'"{last.get("text")}" -> {result}: {outcome.get("reply", "")}'))
        if outcome.get("timings_ms"):
            lines.append(("timings", _compact(outcome["timings_ms"]) + " (ms)"))
    if report.get("last_error"):
        error = report["last_error"]
        lines.append(("error", f"{error.get('stage')}: {error.get('message')} ({error.get('at')})"))
    if report.get("last_wake"):
        wake = report["last_wake"]
        lines.append(("woken", f"{wake.get('model')} score {wake.get('score')} ({wake.get('at')})"))
    shown = {"state", "state_for_s", "uptime_s", "pid", "last_utterance", "last_error", "last_wake"}
    for key, value in report.items():
        if key not in shown and key != "started_at":
            lines.append((key, _compact(value)))
    return "\n".join(f"{name:<10} {text}" for name, text in lines)


def cmd_status(args: argparse.Namespace) -> int:
    """Print the running daemon's status; exit 3 if it is not running."""
    path = Path(args.socket) if args.socket else socket_path(load_config(args))
    try:
        report = query(path, timeout=args.timeout)
    except StatusUnavailableError as exc:
        print(f"parley: {exc.message}", file=sys.stderr)
        return EX_NOT_RUNNING
    print(json.dumps(report, default=str) if args.json else render(report))
    return 0


def register(subparsers: Any) -> None:
    """Add `parley status`."""
    status = subparsers.add_parser("status", help="ask the running daemon how it is")
    status.add_argument("--json", action="store_true", help="print the raw JSON report")
    status.add_argument("--socket", help="the status socket (default: in the state dir)")
    status.add_argument("--timeout", type=float, default=3.0, help="seconds to wait for a reply")
    status.set_defaults(func=cmd_status)


class StatusComponent:
    """Serve `parley status` and the CLI's control requests for the daemon's lifetime (a
    ``services.app.daemon.Component``).

    Pass a board made at start-up so the report says "starting" while models load; the
    component adds the job queue's stats and serves until cancelled.
    """

    name = "status"

    def __init__(
        self,
        board: StatusBoard | None = None,
        *,
        execute: Callable[[list[str]], int] | None = None,
    ) -> None:
        """``execute`` runs forwarded CLI commands (cli.execute); None serves status only."""
        self.board = board
        self.execute = execute

    async def run(self, daemon: Daemon) -> None:
        """Serve until cancelled, then remove the socket."""
        board = self.board or StatusBoard(daemon.bus)
        board.add("jobs", daemon.queue.stats)
        control = None
        if self.execute is not None:
            control = ControlService(daemon, asyncio.get_running_loop(), self.execute)
        with (
            StatusServer(socket_path(daemon.config), board.snapshot, control),
            control or contextlib.nullcontext(),
        ):
            if board.snapshot()["state"] == ApplianceState.STARTING:
                board.set_state(ApplianceState.IDLE)
            await asyncio.Event().wait()
