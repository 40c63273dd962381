"""`parley run`: start the daemon, serve until the audio ends or a signal, stop cleanly.

This is the one start-up and shutdown path (the one systemd runs):

1. open the core (the store, exclusively), build the engines, the pipeline and the job queue;
2. on the mic (not ``--audio`` files), attach the appliance's components (components.py) and
   warm the LLM in the background;
3. ``lifecycle.serve``: SIGHUP reloads the config live, SIGTERM/SIGINT (or the files running
   out) stop intake, let running jobs finish within ``[daemon] shutdown_timeout_s``, save the
   queued ones to ``<state_dir>/pending-jobs.json`` and tell systemd STOPPING;
4. close the audio and the engines, then the core, which flushes the store.

Example::

    parley run                                   # the appliance, on the configured mic
    parley run --audio demo.wav --json           # events as JSON lines, then exit
    parley run --audio a.wav b.wav --realtime --reply-wav replies/
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from pathlib import Path
from typing import Any

from services.app import lifecycle
from services.app.components import components
from services.app.daemon import Daemon, EventPrinter, build_daemon
from services.app.memory import limit_arenas
from services.app.options import open_core
from services.app.systemd import Notifier
from services.core.assistant import Parley
from services.errors import AudioError

log = logging.getLogger(__name__)

EX_NOINPUT = 66  # an --audio file is missing or unreadable


def cmd_run(args: argparse.Namespace) -> int:
    """Run the daemon (see the module docstring)."""
    limit_arenas()  # before any engine or thread starts (services/app/memory.py)
    for path in args.audio or []:
        if not Path(path).is_file():
            return _input_error(args, AudioError(f"{path}: no such audio file"))
    parley = open_core(args)
    try:
        return _run_with_core(args, parley)
    finally:
        parley.close()  # flushes the store


def _run_with_core(args: argparse.Namespace, parley: Parley) -> int:
    position = [0]
    printer = EventPrinter(lambda: position[0]) if args.json else None
    if printer is not None:
        parley.bus.subscribe(printer)
    try:
        daemon = build_daemon(args, parley.config, parley, printer)
    except AudioError as exc:
        return _input_error(args, exc)
    parley.bus.subscribe(lambda event: position.__setitem__(0, daemon.pipeline.position_ms))
    notifier = Notifier()
    reloader = None
    if not args.audio:  # the appliance: scheduler, MQTT, status, systemd, LEDs, button
        if not args.verbose:  # general.log_level from the start, not only after a reload
            lifecycle.apply_log_level(parley.config)
        reloader = _attach(daemon, args, notifier)
    try:
        asyncio.run(_serve(daemon, notifier, reloader))
    finally:
        daemon.close()
    return 0


def _attach(daemon: Daemon, args: argparse.Namespace, notifier: Notifier) -> lifecycle.Reloader:
    """Attach the appliance's components; return the reloader SIGHUP runs."""
    parley = daemon.parley
    warm = getattr(parley.parser, "warm", None)
    if warm is not None:  # load the LLM now, in the background, not on the first command
        warm()
    overrides = {"general": {"state_dir": args.state_dir}} if args.state_dir else {}
    reloader = lifecycle.reloader_for(args.config, daemon.config, notifier, **overrides)
    execute = getattr(args, "execute", None)  # cli.execute: forwarded commands run with it
    for component in components(daemon, reloader, notifier, execute=execute):
        log.debug("attaching %s", component.name)
        daemon.components.append(component)
    pending = lifecycle.load_pending(daemon.config.state_dir / lifecycle.PENDING_FILE)
    if pending:
        log.warning(
            "%d job(s) queued at the last shutdown never ran; they are listed in %s",
            len(pending),
            daemon.config.state_dir / lifecycle.PENDING_FILE,
        )
    return reloader


async def _serve(
    daemon: Daemon, notifier: Notifier, reloader: lifecycle.Reloader | None
) -> lifecycle.ShutdownReport:
    return await lifecycle.serve(
        daemon.run(),
        queue=daemon.queue,
        state_dir=daemon.config.state_dir,
        timeout_s=daemon.config.daemon.shutdown_timeout_s,
        reloader=reloader,
        notifier=notifier,
        stop_intake=daemon.stop_intake,
    )


def _input_error(args: argparse.Namespace, error: AudioError) -> int:
    if args.json:
        print(json.dumps({"type": "error", "stage": error.stage, "message": error.message}))
    print(f"parley: {error.message}", file=sys.stderr)
    return EX_NOINPUT


def register(subparsers: Any) -> None:
    """Add `parley run`."""
    run = subparsers.add_parser("run", help="the voice daemon (mic, or WAV files with --audio)")
    run.add_argument("--audio", nargs="+", metavar="FILE.wav", help="WAV files instead of the mic")
    run.add_argument("--realtime", action="store_true", help="feed files at real speed")
    run.add_argument("--json", action="store_true", help="print one event per line as JSON")
    run.add_argument("--reply-wav", metavar="DIR", help="write each spoken reply as a WAV here")
    run.add_argument("--record-dir", metavar="DIR", help="save each utterance's audio and events")
    run.set_defaults(func=cmd_run)
