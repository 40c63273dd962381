"""`parley`'s entry point: give a command to the running daemon before importing the rest.

While `parley run` holds the store, the commands in ``client.COMMANDS`` run inside it
(services/app/control.py). Asking it takes the config file and one request on its socket;
importing the whole CLI (its parser, the core, the engines' wrappers) takes most of a second.
So this module imports only what asking needs, and hands everything else to
``services.app.cli``: no daemon, another command, ``--now``, ``--help`` before the command.

The commands forwarded from here are those whose arguments mean the same in the daemon's
working directory (no file paths); ``backup``, ``restore``, ``store`` and ``config`` other than
``reload`` go through the full CLI, which forwards them itself when the store is held.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence

from services import config as config_module
from services.app.client import (
    CLIENT_TIMEOUT_S,
    StatusUnavailableError,
    command_argv,
    print_reply,
    query,
    socket_path,
)
from services.errors import ParleyError

# Forwarded from here (their arguments hold no paths); ("config", "reload") too.
DIRECT = frozenset({"say", "tasks", "people", "projects", "report", "undo", "alerts"})


def _global_options(options: list[str]) -> dict[str, str] | None:
    """``--config`` and ``--state-dir`` from the global options; None for anything else."""
    found: dict[str, str] = {}
    index = 0
    while index < len(options):
        name = options[index]
        if name in ("--config", "--state-dir") and index + 1 < len(options):
            found[name] = options[index + 1]
            index += 2
        elif name in ("-v", "--verbose"):
            index += 1
        else:  # --now, --help, --version, a typo: the full CLI answers those
            return None
    return found


def forward_directly(argv: list[str]) -> int | None:
    """Run ``argv`` in the running daemon if it is a command for that; None otherwise."""
    options, command = command_argv(argv)
    if not command or not (command[0] in DIRECT or command[:2] == ["config", "reload"]):
        return None
    found = _global_options(options)
    if found is None:
        return None
    overrides = {"general": {"state_dir": found["--state-dir"]}} if "--state-dir" in found else {}
    try:
        config = config_module.load(found.get("--config"), **overrides)
    except (ParleyError, OSError, ValueError):
        return None  # the full CLI reports a bad config file
    request = json.dumps({"cli": command}).encode() + b"\n"
    try:
        reply = query(socket_path(config), CLIENT_TIMEOUT_S, request)
    except StatusUnavailableError:
        return None  # no daemon, or not ours to ask: the full CLI decides
    return print_reply(reply)


def main(argv: Sequence[str] | None = None) -> int:
    """`parley`: the daemon runs the command if it can; otherwise the full CLI does."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    forwarded = forward_directly(arguments)
    if forwarded is not None:
        return forwarded
    from services.app import cli  # the whole CLI (parser, core, engines): only when needed

    return cli.main(arguments)


if __name__ == "__main__":
    sys.exit(main())
