"""The `parley` command's global options turned into a config and an open core.

Every subcommand module imports these (never ``services.app.cli``, which imports them all).
"""

from __future__ import annotations

import argparse
from typing import Any

from services import config as config_module
from services.clock import Clock, FixedClock, SystemClock, parse_now, zone_named
from services.core.assistant import Parley

EX_TEMPFAIL = 75  # the store is held by another process (the daemon)


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
