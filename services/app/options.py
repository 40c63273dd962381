"""The `parley` command's global options turned into a config and an open core.

Every subcommand module imports these (never ``services.app.cli``, which imports them all).

A command runs either on its own (it opens the store) or inside the running daemon, which
holds the store: the CLI then forwards it over the control socket (services/app/control.py)
and the daemon runs the same command function with ``attach``, so ``core`` and ``store`` hand
out the daemon's open core instead of opening the store a second time.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from services import config as config_module
from services.clock import Clock, FixedClock, SystemClock, parse_now, zone_named
from services.core.assistant import Parley
from services.store.store import Store

EX_TEMPFAIL = 75  # the store is held by another process (the daemon)


@dataclass(frozen=True)
class Attached:
    """The running daemon, as a command run inside it sees it."""

    parley: Parley
    run_text: Callable[[str, str], Any]  # (text, conversation) -> Outcome, via the job queue
    reload: Callable[[], str]  # reload the config as SIGHUP does; return what happened


_ATTACHED: ContextVar[Attached | None] = ContextVar("parley_attached", default=None)


def attached() -> Attached | None:
    """The daemon this command runs inside, or None when it runs on its own."""
    return _ATTACHED.get()


@contextlib.contextmanager
def attach(daemon: Attached) -> Iterator[None]:
    """Run the commands in this block inside ``daemon`` (this thread only)."""
    token = _ATTACHED.set(daemon)
    try:
        yield
    finally:
        _ATTACHED.reset(token)


@contextlib.contextmanager
def core(args: argparse.Namespace) -> Iterator[Parley]:
    """The core for a command: the daemon's when attached, else one opened (and closed) here."""
    daemon = attached()
    if daemon is not None:
        yield daemon.parley
        return
    with open_core(args) as parley:
        yield parley


@contextlib.contextmanager
def store(args: argparse.Namespace) -> Iterator[Store]:
    """The store for a command: the daemon's when attached, else opened (and closed) here."""
    daemon = attached()
    if daemon is not None:
        yield daemon.parley.store
        return
    config = load_config(args)
    with Store.open(
        config.state_dir,
        storage=config.store.storage,
        compact_bytes=config.store.compact_bytes,
        backups=config.store.backups,
    ) as opened:
        yield opened


def load_config(args: argparse.Namespace) -> config_module.Config:
    """Load the config the global options name."""
    overrides: dict[str, Any] = {}
    if getattr(args, "state_dir", None):
        overrides["general"] = {"state_dir": str(args.state_dir)}
    return config_module.load(getattr(args, "config", None), **overrides)


def open_core(args: argparse.Namespace) -> Parley:
    """Open Parley's core for a CLI command (the clock fixed by --now)."""
    config = load_config(args)
    return Parley.open(config, clock=clock_for(args, config))


def clock_for(args: argparse.Namespace, config: config_module.Config) -> Clock:
    """Return the clock ``--now`` fixes, or the system clock in ``general.timezone``."""
    zone = zone_named(config.general.timezone)
    value = getattr(args, "now", None)
    return FixedClock(parse_now(value, zone)) if value else SystemClock(zone)
