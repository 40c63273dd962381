"""The control socket: `parley` commands typed over SSH run inside the running daemon.

While `parley run` holds the store, a command that needs it (``COMMANDS``) cannot open it; the
CLI then sends its arguments to the daemon on the status socket (``<state_dir>/status.sock``,
mode 0660: the daemon's user and the parley group) as one JSON line::

    {"cli": ["say", "--json", "add milk"]}

and prints what comes back, ``{"stdout": "...", "stderr": "...", "exit": 0}``, so the output,
``--json`` and the exit codes are those of the same command run on its own. Inside the daemon
the command function runs as it is (``cli.execute``, handed in by `parley run`) with
``options.attach``: it gets the
daemon's open core instead of opening the store, and `parley say` goes through the daemon's
job queue like voice and MQTT (LEDs, MQTT events, `parley status`; each call one conversation).
Its printed output is caught per thread (``ThreadOutput``), so several commands may run at
once without mixing their output.

Bad input on the socket (not JSON, too large, a client that leaves mid-request, a command
not in ``COMMANDS``) gets an error and runs nothing; the peer's uid is logged for each command.
"""

from __future__ import annotations

import asyncio
import io
import logging
import os
import signal
import stat
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TextIO

from services.app import options
from services.app.client import COMMANDS, JOB_TIMEOUT_S

if TYPE_CHECKING:
    from services.app.daemon import Daemon

log = logging.getLogger(__name__)

# -- the server (inside the daemon) -----------------------------------------------------------


class ThreadOutput(io.TextIOBase):
    """A stand-in for sys.stdout or sys.stderr that a thread can point at a buffer of its own.

    Threads that capture nothing write through to the real stream, so the daemon's own output
    is untouched while a control command's ``print`` calls land in that command's reply.
    """

    def __init__(self, real: TextIO) -> None:
        self.real = real
        self._local = threading.local()

    @contextmanager
    def capture(self) -> Iterator[io.StringIO]:
        buffer = io.StringIO()
        self._local.buffer = buffer
        try:
            yield buffer
        finally:
            self._local.buffer = None

    def _target(self) -> TextIO:
        buffer = getattr(self._local, "buffer", None)
        return buffer if buffer is not None else self.real

    def write(self, text: str) -> int:
        return self._target().write(text)

    def flush(self) -> None:
        self._target().flush()

    def fileno(self) -> int:
        return self.real.fileno()

    def isatty(self) -> bool:
        return self.real.isatty()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.real, "encoding", "utf-8")


def _is_null(stream: Any) -> bool:
    """Whether ``stream`` writes to /dev/null (a library silencing output for a moment)."""
    try:
        found, null = os.fstat(stream.fileno()), os.stat(os.devnull)
    except (AttributeError, OSError, ValueError):  # io.UnsupportedOperation is an OSError
        return False
    return stat.S_ISCHR(found.st_mode) and found.st_rdev == null.st_rdev


def _real(found: TextIO, otherwise: TextIO | None) -> TextIO:
    """The stream the daemon's own output should go to: ``found`` unless it is /dev/null."""
    return otherwise if otherwise is not None and _is_null(found) else found


class ControlService:
    """Run CLI commands sent to the daemon (the status server calls it, one thread a client)."""

    def __init__(
        self,
        daemon: Daemon,
        loop: asyncio.AbstractEventLoop,
        execute: Callable[[list[str]], int],
    ) -> None:
        """``execute`` parses and runs one command line as `parley` does (cli.execute)."""
        self.daemon = daemon
        self.loop = loop
        self.execute = execute
        self.attached = options.Attached(daemon.parley, self._run_text, self._reload)
        self._stdout: ThreadOutput | None = None
        self._stderr: ThreadOutput | None = None

    def __enter__(self) -> ControlService:
        self._stdout = ThreadOutput(_real(sys.stdout, sys.__stdout__))
        self._stderr = ThreadOutput(_real(sys.stderr, sys.__stderr__))
        sys.stdout, sys.stderr = self._stdout, self._stderr
        return self

    def __exit__(self, *exc: object) -> None:
        if self._stdout is not None and sys.stdout is self._stdout:
            sys.stdout = self._stdout.real
        if self._stderr is not None and sys.stderr is self._stderr:
            sys.stderr = self._stderr.real

    def __call__(self, request: dict[str, Any], uid: int) -> dict[str, Any]:
        if "button" in request:
            return self.button(request["button"], uid)
        argv = request.get("cli")
        if not isinstance(argv, list) or not argv or not all(isinstance(a, str) for a in argv):
            return {"error": 'expected {"cli": ["command", "argument", ...]}'}
        if argv[0] not in COMMANDS:
            return {"error": f"{argv[0]!r} does not run inside the daemon"}
        log.info("control: uid %d runs parley %s", uid, argv[0])
        return self.run(argv)

    def button(self, action: Any, uid: int) -> dict[str, Any]:
        """``{"button": "press"}`` / ``"release"``: move the talk button's pin, on mock pins only.

        Tests and the soak run (bench/soak.py) press the daemon's real TalkButton this way, on
        gpiozero's own mock pin factory (``GPIOZERO_PIN_FACTORY=mock``); on real pins a
        person presses it, so the request is refused.
        """
        if action not in ("press", "release"):
            return {"error": 'expected {"button": "press"} or {"button": "release"}'}
        settings = self.daemon.config.button
        if not settings.pin:
            return {"error": "no talk button is configured ([button] pin)"}
        try:
            from gpiozero import Device
            from gpiozero.pins.mock import MockFactory
        except ImportError:
            return {"error": "gpiozero is not installed"}
        factory = Device.pin_factory
        if not isinstance(factory, MockFactory):
            return {
                "error": "the button is pressed this way on mock pins only"
                " (GPIOZERO_PIN_FACTORY=mock)"
            }
        pin = factory.pin(settings.pin)
        if (action == "press") == settings.pull_up:  # pulled up: pressing connects to ground
            pin.drive_low()
        else:
            pin.drive_high()
        log.info("control: uid %d: talk button %s (mock pin %d)", uid, action, settings.pin)
        return {"stdout": "", "stderr": "", "exit": 0}

    def _reinstall(self) -> None:
        """Put the stand-ins back where a library swapped sys.stdout/stderr.

        llama-cpp-python loads a model inside ``suppress_stdout_stderr``: it saves sys.stdout,
        points it at /dev/null and sets the saved one back afterwards. The daemon starts that
        load on its own thread, so the service may start before, during or after it. A load
        that ends after the service started leaves sys.stdout another stream than the
        stand-in: every command's output then went to the daemon's own stdout and its reply
        came back empty (under load, the soak run read no tasks from `parley tasks --json`,
        once when the load started before the service and once when the service started
        while the load ran).

        So before each command the stand-in goes back in place, whatever is there; the stream
        found there becomes where the daemon's own output goes, unless it is /dev/null (a
        load's for the moment). The command's output is caught either way. (Parley's own
        model loads no longer swap anything: nlu/llama_output.py switches that silencing off;
        this stays for any library that swaps the streams.)
        """
        assert self._stdout is not None and self._stderr is not None
        for name, stand_in in (("stdout", self._stdout), ("stderr", self._stderr)):
            found = getattr(sys, name)
            if found is stand_in:
                continue
            log.warning("sys.%s was replaced; capturing it again", name)
            stand_in.real = _real(found, stand_in.real)
            setattr(sys, name, stand_in)

    def run(self, argv: list[str]) -> dict[str, Any]:
        """Run one command as the CLI would, in this thread; return its output and exit code."""
        if self._stdout is None or self._stderr is None:
            raise RuntimeError("ControlService.run outside its with-block")
        self._reinstall()
        with (
            self._stdout.capture() as out,
            self._stderr.capture() as err,
            options.attach(self.attached),
        ):
            try:
                code = self.execute(argv)
            except SystemExit as exc:  # argparse: usage errors, --help
                code = exc.code if isinstance(exc.code, int) else 2
        return {"stdout": out.getvalue(), "stderr": err.getvalue(), "exit": code}

    def _run_text(self, text: str, conversation: str) -> Any:
        """Put one utterance on the daemon's job queue and wait for its outcome."""

        async def submit_and_wait() -> Any:
            job = await self.daemon.queue.submit(text, source="cli", conversation=conversation)
            return await job.wait()

        future = asyncio.run_coroutine_threadsafe(submit_and_wait(), self.loop)
        return future.result(timeout=JOB_TIMEOUT_S)

    def _reload(self) -> str:
        os.kill(os.getpid(), signal.SIGHUP)  # the daemon's own reload path (lifecycle.py)
        return (
            "Asked the daemon to read its config again;"
            " `parley status` and the log say how it went."
        )
