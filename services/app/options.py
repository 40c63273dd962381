"""The `parley` command's global options turned into a config and an open core.

Every subcommand module imports these (never ``services.app.cli``, which imports them all).
"""

from __future__ import annotations

import argparse
from typing import Any

from services import config as config_module
from services.core.assistant import Parley, fixed_clock

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
    clock = fixed_clock(args.now, config) if getattr(args, "now", None) else None
    return Parley.open(config, clock=clock)
