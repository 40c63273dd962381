"""Signals: SIGHUP reloads the config live; SIGTERM (and SIGINT) shut down cleanly.

Reload (``systemctl reload parley`` sends SIGHUP): the config file is read again. A file that
does not validate is refused with one log line and the running config stays. Otherwise each
changed key either has an applier registered for it (``Reloader.on``) and changes live, or it
is logged as needing a restart. What `parley run` registers (services/app/components.py):

    general.log_level                  the log level, here
    dates.*, parser.*, executor.*      ``Parley.reconfigure`` (the core)
    leds.brightness, leds.colours      ``Leds.apply``
    button.*_s                         ``TalkButton.apply`` (timings; pins need a restart)

Shutdown (``systemctl stop``, SIGTERM, or the ``--audio`` files running out): tell systemd
STOPPING, stop the pipeline's intake, let the job queue refuse new work and let running jobs
finish within ``[daemon] shutdown_timeout_s`` (then cancel them), and save the queued jobs that
never ran to ``<state_dir>/pending-jobs.json``; `parley run` then closes the core, which
flushes the store. Nothing committed is lost, and a job is either done or listed as not done.
"""

from __future__ import annotations

import asyncio
import contextlib
import fnmatch
import json
import logging
import os
import signal
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from services import config as config_module
from services.app.systemd import Notifier
from services.config import Config
from services.errors import ConfigError

log = logging.getLogger(__name__)

PENDING_FILE = "pending-jobs.json"

Applier = Callable[[Config], object]  # what it returns is ignored


def changed_keys(old: Config, new: Config) -> list[str]:
    """Return the dotted keys whose values differ between two configs, sorted."""
    before, after = config_module.to_dict(old), config_module.to_dict(new)
    changed = []
    for section in sorted(set(before) | set(after)):
        old_values, new_values = before.get(section, {}), after.get(section, {})
        for key in sorted(set(old_values) | set(new_values)):
            if old_values.get(key) != new_values.get(key):
                changed.append(f"{section}.{key}")
    return changed


@dataclass
class ReloadReport:
    """What one reload did."""

    applied: list[str] = field(default_factory=list)  # changed live
    needs_restart: list[str] = field(default_factory=list)  # differ from the running process
    failed: list[str] = field(default_factory=list)  # an applier raised
    error: str | None = None  # the file did not validate: nothing changed

    @property
    def is_ok(self) -> bool:
        return self.error is None and not self.failed


class Reloader:
    """Reload the config on request and hand each change to whoever can apply it live."""

    def __init__(
        self,
        load: Callable[[], Config],
        current: Config,
        notifier: Notifier | None = None,
    ) -> None:
        self._load = load
        self.current = current
        self._started_with = current
        self._notifier = notifier or Notifier({})
        self._appliers: list[tuple[tuple[str, ...], Applier]] = []
        self.on("general.log_level", apply=apply_log_level)

    def on(self, *patterns: str, apply: Applier) -> None:
        """Call ``apply(new_config)`` when a key matching one of ``patterns`` changes."""
        self._appliers.append((patterns, apply))

    def is_live(self, key: str) -> bool:
        """True if some applier takes ``key`` live."""
        return any(self._matches(key, patterns) for patterns, _ in self._appliers)

    def reload(self) -> ReloadReport:
        """Read the config again and apply what can change live; never raises."""
        self._notifier.reloading()
        try:
            new = self._load()
        except ConfigError as exc:
            log.error("reload refused, keeping the running config: %s", exc.message)
            self._notifier.ready(f"reload refused: {exc.message}")
            return ReloadReport(error=exc.message)
        report = self._apply(new)
        self.current = new
        if report.applied:
            log.info("reloaded: %s", ", ".join(report.applied))
        if report.needs_restart:
            log.warning(
                "changed in the file but only on a restart: %s (systemctl restart parley)",
                ", ".join(report.needs_restart),
            )
        if not (report.applied or report.needs_restart or report.failed):
            log.info("reloaded: nothing changed")
        self._notifier.ready("reloaded")
        return report

    def _apply(self, new: Config) -> ReloadReport:
        report = ReloadReport()
        changed = changed_keys(self.current, new)
        report.needs_restart = [
            key for key in changed_keys(self._started_with, new) if not self.is_live(key)
        ]
        for patterns, apply in self._appliers:
            keys = [key for key in changed if self._matches(key, patterns)]
            if not keys:
                continue
            try:
                apply(new)
            except Exception:
                log.exception("could not apply %s live", ", ".join(keys))
                report.failed += keys
            else:
                report.applied += keys
        report.applied = sorted(set(report.applied) - set(report.failed))
        return report

    @staticmethod
    def _matches(key: str, patterns: tuple[str, ...]) -> bool:
        return any(fnmatch.fnmatchcase(key, pattern) for pattern in patterns)


def apply_log_level(config: Config) -> None:
    """Set the root logger's level from ``general.log_level``."""
    logging.getLogger().setLevel(config.general.log_level)


def reloader_for(
    path: str | os.PathLike[str] | None,
    current: Config,
    notifier: Notifier | None,
    **overrides: Any,
) -> Reloader:
    """Return a Reloader that reads ``path`` (or the usual file) with the CLI's overrides."""
    return Reloader(lambda: config_module.load(path, **overrides), current, notifier)


def install(
    loop: asyncio.AbstractEventLoop,
    *,
    on_reload: Callable[[], Any],
    on_terminate: Callable[[], Any],
) -> Callable[[], None]:
    """Route SIGHUP to ``on_reload`` and SIGTERM/SIGINT to ``on_terminate`` on ``loop``.

    The handlers run on the loop's thread (``loop.add_signal_handler``), never inside a
    signal frame. Returns a function that restores the default handlers.
    """
    loop.add_signal_handler(signal.SIGHUP, on_reload)
    for number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(number, on_terminate)

    def remove() -> None:
        for number in (signal.SIGHUP, signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(number)

    return remove


class Closable(Protocol):
    """The job queue's shutdown API (services/core/jobs.py)."""

    async def close(self, reason: str = ...) -> list[dict[str, Any]]: ...

    def cancel_all(self, reason: str = ...) -> int: ...


@dataclass
class ShutdownReport:
    """What a clean shutdown did."""

    by_signal: bool = False  # False: the audio ran out (``parley run --audio``)
    saved_jobs: int = 0  # queued jobs written to the pending file
    cancelled_running: int = 0  # running jobs cut off at the timeout
    pending_path: Path | None = None


async def shut_down(
    queue: Closable,
    *,
    state_dir: Path,
    timeout_s: float,
    notifier: Notifier | None = None,
    stop_intake: Callable[[], Awaitable[Any]] | None = None,
) -> ShutdownReport:
    """Stop cleanly: STOPPING to systemd, no new work, running jobs finish or are cancelled."""
    notifier = notifier or Notifier({})
    notifier.stopping()
    report = ShutdownReport()
    if stop_intake is not None:
        await stop_intake()  # the pipeline: no new utterance starts
    closing = asyncio.ensure_future(queue.close("shutting down"))  # refuses new jobs at once
    try:
        unfinished = await asyncio.wait_for(asyncio.shield(closing), timeout_s)
    except TimeoutError:
        report.cancelled_running = queue.cancel_all("shut down before it finished")
        log.warning("%d running job(s) cancelled at shutdown", report.cancelled_running)
        unfinished = await closing
    if unfinished:
        report.pending_path = save_pending(state_dir / PENDING_FILE, unfinished)
        report.saved_jobs = len(unfinished)
        log.warning("%d queued job(s) saved to %s", len(unfinished), report.pending_path)
    return report


async def serve(
    main: Awaitable[Any],
    *,
    queue: Closable,
    state_dir: Path,
    timeout_s: float,
    reloader: Reloader | None = None,
    notifier: Notifier | None = None,
    stop_intake: Callable[[], Awaitable[Any]] | None = None,
) -> ShutdownReport:
    """Run ``main`` (the daemon) with SIGHUP reloading and SIGTERM/SIGINT shutting down.

    Whether ``main`` ends by itself (audio files ran out) or a signal arrives, the same
    ``shut_down`` runs: intake stops, the queue is closed (running jobs finish within
    ``timeout_s``, queued ones are saved), and only then is ``main`` cancelled, so the
    components stop while the store is still open. The caller closes the core afterwards.

    Example (``services.app.run``)::

        asyncio.run(serve(daemon.run(), queue=daemon.queue, state_dir=config.state_dir,
                          timeout_s=config.daemon.shutdown_timeout_s, reloader=reloader,
                          notifier=notifier, stop_intake=daemon.stop_intake))
    """
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    task = asyncio.ensure_future(main)
    remove = install(
        loop,
        on_reload=(reloader.reload if reloader is not None else lambda: None),
        on_terminate=stop.set,
    )
    stopping = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({task, stopping}, return_when=asyncio.FIRST_COMPLETED)
        by_signal = not task.done()
        if not by_signal:
            task.result()  # re-raise what ended the daemon
        log.info("stopping: %s", "a signal asked" if by_signal else "the audio ended")
        report = await shut_down(
            queue,
            state_dir=state_dir,
            timeout_s=timeout_s,
            notifier=notifier,
            stop_intake=stop_intake,
        )
        report.by_signal = by_signal
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        log.info("shut down cleanly")
        return report
    finally:
        stopping.cancel()
        remove()


def save_pending(path: Path, jobs: list[dict[str, Any]]) -> Path:
    """Append ``jobs`` to the pending file crash-safely (temp file, fsync, rename)."""
    saved = load_pending(path) + jobs
    temporary = path.with_suffix(".tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        json.dump(saved, handle, ensure_ascii=False, indent=1, default=str)
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    return path


def load_pending(path: Path) -> list[dict[str, Any]]:
    """Return the jobs a previous shutdown saved (empty when none or unreadable)."""
    with contextlib.suppress(FileNotFoundError):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            log.error("%s is not readable JSON; ignoring it", path)
            return []
        return data if isinstance(data, list) else []
    return []
