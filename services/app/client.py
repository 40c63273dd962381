"""Talking to the running daemon, with nothing heavy imported: the socket client (``query``),
the commands that run inside the daemon (``COMMANDS``) and how a command line splits into
global options and the command. `parley`'s entry point (entry.py), the full CLI (cli.py) and
the daemon's side (status.py, control.py) all use it.
"""

from __future__ import annotations

import json
import os
import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from services.errors import ParleyError

if TYPE_CHECKING:
    from services.config import Config

REQUEST = b"status\n"
MAX_REPLY_BYTES = 64_000_000  # a `parley tasks --json` of a big store comes back this way too
# The commands that need the store, and so run inside the daemon while it holds it.
COMMANDS = frozenset(
    {"say", "tasks", "people", "projects", "report", "undo", "backup", "restore", "store",
     "alerts", "sync", "config"}
)  # fmt: skip
JOB_TIMEOUT_S = 300.0  # a command waits in the job queue behind others, then maybe the model
CLIENT_TIMEOUT_S = JOB_TIMEOUT_S + 30.0
_VALUE_OPTIONS = ("--config", "--state-dir", "--now")


class StatusUnavailableError(ParleyError):
    """No daemon answers on the status socket."""

    stage = "status"


def socket_path(config: Config) -> Path:
    """Return where the status socket lives for ``config``."""
    path = Path(config.daemon.status_socket).expanduser()
    return path if path.is_absolute() else config.state_dir / path


def command_argv(argv: list[str]) -> tuple[list[str], list[str]]:
    """Split ``argv`` into the global options and the command with its own arguments."""
    index = 0
    while index < len(argv) and argv[index].startswith("-"):
        takes_value = argv[index] in _VALUE_OPTIONS
        index += 2 if takes_value else 1
    return argv[:index], argv[index:]


def query(
    path: str | os.PathLike[str], timeout: float = 3.0, request: bytes = REQUEST
) -> dict[str, Any]:
    """Ask the daemon at ``path`` (its status by default); raise StatusUnavailableError if none
    answers."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        try:
            sock.connect(str(path))
            sock.sendall(request)
            data = _read_line(sock)
        except FileNotFoundError as exc:
            raise StatusUnavailableError(f"not running (no status socket at {path})") from exc
        except ConnectionRefusedError as exc:
            raise StatusUnavailableError(f"not running (nothing listens on {path})") from exc
        except PermissionError as exc:
            raise StatusUnavailableError(
                f"{path}: permission denied (join the parley group or use sudo)"
            ) from exc
        except TimeoutError as exc:
            raise StatusUnavailableError(f"the daemon did not answer within {timeout} s") from exc
    try:
        report: dict[str, Any] = json.loads(data)
        return report
    except json.JSONDecodeError as exc:
        raise StatusUnavailableError(f"{path}: the daemon's answer is not JSON") from exc


def _read_line(sock: socket.socket) -> bytes:
    chunks = []
    size = 0
    while size < MAX_REPLY_BYTES:
        chunk = sock.recv(65536)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if chunk.endswith(b"\n"):
            break
    return b"".join(chunks)


def print_reply(reply: dict[str, Any]) -> int:
    """Print what a command printed inside the daemon; return its exit code."""
    if "error" in reply:
        print(f"parley: the daemon refused the command: {reply['error']}", file=sys.stderr)
        return 1
    sys.stdout.write(str(reply.get("stdout", "")))
    sys.stderr.write(str(reply.get("stderr", "")))
    sys.stdout.flush()
    return int(reply.get("exit", 1))
