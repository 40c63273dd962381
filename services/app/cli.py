"""The `parley` command.

    parley [--config FILE] [--state-dir DIR] [--now ISO8601] COMMAND

    parley say "add milk to the shopping list" "and eggs" --json
    parley tasks --json --all
    parley people add Samantha --alias Sam
    parley report | undo | backup | restore FILE
    parley config check [FILE]

Exit codes: 0 ok; 1 a command did not succeed; 2 usage; 75 the store is in use by another
process (the daemon); 78 a bad config file (one line naming the file, the key and the problem).
The modules in ``EXTENSIONS`` add their subcommands (run, models, status, alerts, store, mqtt,
parse, when, llm) through ``register(subparsers)``.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from services import __version__
from services import config as config_module
from services.app import (
    cli_llm,
    cli_mqtt,
    cli_parse,
    cli_scheduler,
    cli_store,
    model_files,
    run,
    status,
)
from services.app.options import EX_TEMPFAIL, load_config, open_core
from services.errors import ConfigError, ParleyError, StoreLockedError
from services.nlu.commands import OPEN_STATUSES, Action, Command

# Modules that add their own subcommands with register(subparsers).
EXTENSIONS = (run, model_files, status, cli_scheduler, cli_store, cli_mqtt, cli_parse, cli_llm)

Handler = Callable[[argparse.Namespace], int]


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, default=str))


# -- commands ---------------------------------------------------------------------------------


def cmd_say(args: argparse.Namespace) -> int:
    with open_core(args) as parley:
        all_ok = True
        for text in args.text:
            outcome = parley.handle_text(text, source="cli")
            all_ok = all_ok and outcome.ok
            if args.json:
                _print_json(outcome.to_dict())
            else:
                print(f"> {outcome.utterance}\n{outcome.reply}")
    return 0 if all_ok else 1


TASK_FIELDS = (
    "id", "title", "notes", "project", "assignee", "priority", "status", "due", "depends_on",
    "parent_id", "tags", "created_at", "updated_at", "completed_at",
)  # fmt: skip


def cmd_tasks(args: argparse.Namespace) -> int:
    with open_core(args) as parley:
        tasks = parley.store.all("tasks")
    if not args.all:
        tasks = [t for t in tasks if t["status"] in OPEN_STATUSES]
    rows = [{name: task.get(name) for name in TASK_FIELDS} for task in tasks]
    if args.json:
        for row in rows:
            _print_json(row)
        return 0
    if not rows:
        print("No tasks." if args.all else "No open tasks.")
    for row in rows:
        extras = [
            f"@{row['assignee']}" if row["assignee"] else "",
            f"#{row['project']}" if row["project"] else "",
        ]
        due = f"due {row['due']}" if row["due"] else ""
        details = " ".join(part for part in (*extras, due, row["priority"]) if part)
        print(f"{row['id']}  [{row['status']:<11}] {row['title']}  ({details})")
    return 0


def cmd_people(args: argparse.Namespace) -> int:
    with open_core(args) as parley:
        if args.people_command == "add":
            name = " ".join(args.name.split())
            if not name:
                print("parley: a person needs a name", file=sys.stderr)
                return 2
            existing = [p for p in parley.store.all("people") if p["name"].lower() == name.lower()]
            with parley.store.transaction() as tx:
                doc = {"name": name, "aliases": list(args.alias or []), "device": args.device}
                if existing:
                    person = tx.update("people", existing[0]["id"], doc)
                else:
                    person = tx.insert("people", doc)
            print(f"{'Updated' if existing else 'Added'} {person['name']} ({person['id']}).")
            return 0
        people = parley.store.all("people")
    for person in people:
        if args.json:
            _print_json(person)
        else:
            aliases = f" (also {', '.join(person['aliases'])})" if person.get("aliases") else ""
            device = f" on {person['device']}" if person.get("device") else ""
            print(f"{person['id']}  {person['name']}{aliases}{device}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    with open_core(args) as parley:
        summary = Action("report.summary", {"assignee": args.person} if args.person else {})
        outcome = parley.run_command(Command("report.summary", (summary,)), utterance="report")
    if args.json:
        _print_json(outcome.to_dict())
    else:
        print(outcome.reply)
    return 0 if outcome.ok else 1


def cmd_undo(args: argparse.Namespace) -> int:
    with open_core(args) as parley:
        execution = parley.undo()
    print(execution.reply)
    return 0 if execution.ok else 1


def cmd_backup(args: argparse.Namespace) -> int:
    with open_core(args) as parley:
        path = parley.store.backup(reason="manual")
    print(f"Backed up to {path}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    with open_core(args) as parley:
        parley.store.restore(Path(args.file))
    print(f"Restored from {args.file}")
    return 0


def cmd_config(args: argparse.Namespace) -> int:
    if args.config_command == "check":
        path = args.file or config_module.user_config_path(args.config)
        config_module.load(path)
        print(f"{path or 'built-in defaults'}: ok")
        return 0
    config = load_config(args)
    _print_json(config_module.to_dict(config))
    return 0


# -- the parser -------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="parley", description="Parley, the offline voice task appliance."
    )
    parser.add_argument("--config", help="config file overlaying the defaults")
    parser.add_argument("--state-dir", help="where the store lives (overrides general.state_dir)")
    parser.add_argument("--now", help="fix the clock (ISO 8601), for dates and tests")
    parser.add_argument("-v", "--verbose", action="store_true", help="log at DEBUG")
    parser.add_argument("--version", action="version", version=f"parley {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    say = commands.add_parser(
        "say", help="run text commands, each one utterance of one conversation"
    )
    say.add_argument("text", nargs="+")
    say.add_argument("--json", action="store_true", help="one JSON object per utterance")
    say.set_defaults(func=cmd_say)

    tasks = commands.add_parser("tasks", help="list tasks")
    tasks.add_argument("--json", action="store_true")
    tasks.add_argument("--all", action="store_true", help="include done and cancelled")
    tasks.set_defaults(func=cmd_tasks)

    people = commands.add_parser("people", help="people Parley knows")
    people_commands = people.add_subparsers(dest="people_command", required=True)
    add = people_commands.add_parser("add", help="add (or update) a person")
    add.add_argument("name")
    add.add_argument("--alias", action="append", help="another name for them (repeatable)")
    add.add_argument("--device", help="the Parley device their messages go to")
    listing = people_commands.add_parser("list", help="list people")
    listing.add_argument("--json", action="store_true")
    people.set_defaults(func=cmd_people)

    report = commands.add_parser("report", help="a summary of open work")
    report.add_argument("--json", action="store_true")
    report.add_argument("--person", help="only this person's work")
    report.set_defaults(func=cmd_report)

    commands.add_parser("undo", help="revert the last command").set_defaults(func=cmd_undo)
    commands.add_parser("backup", help="write a backup now").set_defaults(func=cmd_backup)
    restore = commands.add_parser("restore", help="replace the store with a backup")
    restore.add_argument("file")
    restore.set_defaults(func=cmd_restore)

    config = commands.add_parser("config", help="check or show the configuration")
    config_commands = config.add_subparsers(dest="config_command", required=True)
    check = config_commands.add_parser("check", help="validate a config file (exit 78 if bad)")
    check.add_argument("file", nargs="?")
    config_commands.add_parser("show", help="print the effective configuration as JSON")
    config.set_defaults(func=cmd_config)

    for module in EXTENSIONS:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    try:
        code: int = args.func(args)
        return code
    except ConfigError as exc:
        print(exc.message, file=sys.stderr)
        return ConfigError.exit_code
    except StoreLockedError as exc:
        print(f"parley: {exc.message}", file=sys.stderr)
        return EX_TEMPFAIL
    except ParleyError as exc:
        print(f"parley: {exc.message}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
