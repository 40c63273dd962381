"""CLI subcommands for looking at the fast path and the time resolver without a store.

    parley parse "add milk to the shopping list" [--json]   # what the fast path understood
    parley when "next Friday at 9" [--json]                 # what a time phrase means now

``--now`` (global) fixes the clock; times are read in ``general.timezone`` with the ``[dates]``
settings, exactly as the executor reads them. Nothing here opens the task store, so these run
beside a running daemon.
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from typing import Any

from services.app.options import clock_for, load_config
from services.errors import ResolveError
from services.nlu import ParseContext
from services.nlu.commands import Command
from services.nlu.fastpath import FastPathParser
from services.nlu.timeparse import resolve_duration, resolve_when


def _times(command: Command, now: datetime, config: Any) -> dict[str, str]:
    """Resolve every time and duration phrase the command holds, for the person reading it."""
    resolved: dict[str, str] = {}
    for action in command.actions:
        for key, value in action.params.items():
            kind = action.spec.params[key].kind if key in action.spec.params else ""
            if not isinstance(value, str) or kind not in ("when", "duration"):
                continue
            try:
                if kind == "when":
                    resolved[value] = resolve_when(value, now, config.dates).isoformat()
                else:
                    resolved[value] = str(resolve_duration(value))
            except ResolveError as exc:
                resolved[value] = f"error: {exc.message}"
    return resolved


def cmd_parse(args: argparse.Namespace) -> int:
    """Print what the fast path makes of each TEXT."""
    config = load_config(args)
    now = clock_for(args, config).now()
    parser = FastPathParser(config.parser)
    context = ParseContext(
        now=now, people=tuple(args.person or ()), projects=tuple(args.project or ())
    )
    for text in args.text:
        command = parser.parse(text, context)
        data = {"utterance": text, **command.to_dict(), "times": _times(command, now, config)}
        if args.json:
            print(json.dumps(data, ensure_ascii=False))
            continue
        state = "complete" if command.is_complete else f"incomplete, unparsed: {command.unparsed!r}"
        print(f"> {text}\n  {command.intent} ({state}, confidence {command.confidence})")
        for index, action in enumerate(command.actions):
            after = f" after {list(action.depends_on)}" if action.depends_on else ""
            print(
                f"  {index}. {action.type} {json.dumps(action.params, ensure_ascii=False)}{after}"
            )
        for phrase, moment in data["times"].items():
            print(f"     {phrase!r} = {moment}")
    return 0


def cmd_when(args: argparse.Namespace) -> int:
    """Print the moment (or length) a spoken phrase means now; exit 1 if it cannot be read."""
    config = load_config(args)
    now = clock_for(args, config).now()
    phrase = " ".join(args.phrase)
    try:
        if args.duration:
            result = {"phrase": phrase, "seconds": resolve_duration(phrase).total_seconds()}
        else:
            moment = resolve_when(phrase, now, config.dates)
            result = {"phrase": phrase, "now": now.isoformat(), "when": moment.isoformat()}
    except ResolveError as exc:
        result = {"phrase": phrase, "error": exc.message}
    if args.json:
        print(json.dumps(result))
    else:
        print(result.get("error") or result.get("when") or f"{result['seconds']:g} seconds")
    return 1 if "error" in result else 0


def register(subparsers: Any) -> None:
    """Add `parse` and `when` to the `parley` CLI."""
    parse = subparsers.add_parser("parse", help="show what the fast path understands (no store)")
    parse.add_argument("text", nargs="+", help="one utterance per argument")
    parse.add_argument("--json", action="store_true", help="one JSON object per utterance")
    parse.add_argument("--person", action="append", help="a known person's name (repeatable)")
    parse.add_argument("--project", action="append", help="a known project (repeatable)")
    parse.set_defaults(func=cmd_parse)

    when = subparsers.add_parser("when", help="show the moment a spoken time phrase means")
    when.add_argument("phrase", nargs="+")
    when.add_argument("--duration", action="store_true", help="read it as a length of time")
    when.add_argument("--json", action="store_true")
    when.set_defaults(func=cmd_when)
