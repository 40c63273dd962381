"""The `parley` command.

    parley [--config FILE] [--state-dir DIR] [--now ISO8601] COMMAND

    parley say "add milk to the shopping list" "and eggs" --json [--speak]
    parley tasks --json --all
    parley people add Samantha --alias Sam
    parley report | undo | backup | restore FILE
    parley config check [FILE]

While `parley run` holds the store, the commands that need it (``client.COMMANDS``) run
inside the daemon, through its control socket, with the same output and exit codes.

Exit codes: 0 ok; 1 a command did not succeed; 2 usage; 75 the store is in use by another
process that does not answer on the control socket; 77 the daemon's socket refuses this user
(not in the parley group); 78 a bad config file (one line naming the
file, the key and the problem).
The modules in ``EXTENSIONS`` add their subcommands (run, models, status, alerts, store, mqtt,
parse, when, llm) through ``register(subparsers)``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import uuid
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
    client,
    model_files,
    options,
    run,
    status,
)
from services.app.options import EX_TEMPFAIL, load_config
from services.errors import ConfigError, ParleyError, StoreAccessError, StoreLockedError
from services.events import ReplyReady
from services.nlu.commands import OPEN_STATUSES, Action, Command

EX_NOPERM = 77  # this user may not open the store, nor the running daemon's control socket

# Modules that add their own subcommands with register(subparsers).
EXTENSIONS = (run, model_files, status, cli_scheduler, cli_store, cli_mqtt, cli_parse, cli_llm)

Handler = Callable[[argparse.Namespace], int]


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, default=str))


# -- commands ---------------------------------------------------------------------------------


def cmd_say(args: argparse.Namespace) -> int:
    daemon = options.attached()
    if daemon is not None:  # inside the running daemon: through its job queue, one conversation
        conversation = f"cli-{uuid.uuid4().hex[:8]}"
        outcomes = [daemon.run_text(text, conversation) for text in args.text]
        if args.speak:
            for outcome in outcomes:
                daemon.parley.bus.publish(ReplyReady(outcome.reply, origin="cli"))
    else:
        if args.speak:
            print("parley: --speak needs the running daemon; the reply is only printed",
                  file=sys.stderr)  # fmt: skip
        with options.core(args) as parley:
            outcomes = [parley.handle_text(text, source="cli") for text in args.text]
    for outcome in outcomes:
        if args.json:
            _print_json(outcome.to_dict())
        else:
            print(f"> {outcome.utterance}\n{outcome.reply}")
    return 0 if all(outcome.ok for outcome in outcomes) else 1


TASK_FIELDS = (
    "id", "title", "notes", "project", "assignee", "priority", "status", "due", "depends_on",
    "parent_id", "tags", "created_at", "updated_at", "completed_at",
)  # fmt: skip


def cmd_tasks(args: argparse.Namespace) -> int:
    with options.core(args) as parley:
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
    with options.core(args) as parley:
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


def cmd_projects(args: argparse.Namespace) -> int:
    with options.core(args) as parley:
        projects = parley.store.all("projects")
        tasks = parley.store.all("tasks")
    for project in projects:
        open_count = sum(
            1 for t in tasks if t.get("project") == project["id"] and t["status"] in OPEN_STATUSES
        )
        if args.json:
            _print_json({**project, "open_tasks": open_count})
        else:
            print(f"{project['id']}  {project['name']}  ({open_count} open)")
    if not projects and not args.json:
        print("No projects.")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    with options.core(args) as parley:
        summary = Action("report.summary", {"assignee": args.person} if args.person else {})
        outcome = parley.run_command(Command("report.summary", (summary,)), utterance="report")
    if args.json:
        _print_json(outcome.to_dict())
    else:
        print(outcome.reply)
    return 0 if outcome.ok else 1


def cmd_undo(args: argparse.Namespace) -> int:
    with options.core(args) as parley:
        execution = parley.undo()
    print(execution.reply)
    return 0 if execution.ok else 1


def cmd_backup(args: argparse.Namespace) -> int:
    with options.core(args) as parley:
        path = parley.store.backup(reason="manual")
    print(f"Backed up to {path}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    with options.core(args) as parley:
        parley.store.restore(Path(args.file))
    print(f"Restored from {args.file}")
    return 0


def cmd_config(args: argparse.Namespace) -> int:
    if args.config_command == "reload":
        daemon = options.attached()
        if daemon is None:
            print("parley: no daemon is running; the config is read when it starts")
            return 0
        print(daemon.reload())
        return 0
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
    parser.set_defaults(execute=execute)  # `parley run` serves forwarded commands with it
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    say = commands.add_parser(
        "say", help="run text commands, each one utterance of one conversation"
    )
    say.add_argument("text", nargs="+")
    say.add_argument("--json", action="store_true", help="one JSON object per utterance")
    say.add_argument("--speak", action="store_true", help="the device says the reply out loud")
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

    projects = commands.add_parser("projects", help="list projects and their open tasks")
    projects.add_argument("--json", action="store_true")
    projects.set_defaults(func=cmd_projects)

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
    config_commands.add_parser("reload", help="make the running daemon read its config again")
    config.set_defaults(func=cmd_config)

    for module in EXTENSIONS:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code.

    A command that needs the store while the daemon holds it goes to the daemon over its
    control socket (services/app/control.py) and prints what it printed there.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if args.command == "config" and args.config_command == "reload":
        forwarded = forward(args, argv)
        return cmd_config(args) if forwarded is None else forwarded
    try:
        return run_command(args)
    except (StoreLockedError, StoreAccessError) as exc:
        # the daemon holds the store, or owns its files: ask it to run the command
        if args.command in client.COMMANDS:
            forwarded = forward(args, argv)
            if forwarded is not None:
                return forwarded
        print(f"parley: {exc.message}", file=sys.stderr)
        return EX_TEMPFAIL if isinstance(exc, StoreLockedError) else EX_NOPERM


def execute(argv: list[str]) -> int:
    """Parse and run one command line (the daemon runs forwarded commands with this)."""
    return run_command(build_parser().parse_args(argv))


def forward(args: argparse.Namespace, argv: list[str]) -> int | None:
    """Run the command inside the running daemon; print its output, return its exit code.

    Returns None when no daemon answers (the caller then reports the store as locked).
    """
    _, command = client.command_argv(argv)
    path = client.socket_path(load_config(args))
    if args.now:
        try:
            client.query(path)
        except client.StatusUnavailableError:
            return None  # whatever holds the store, it is not a daemon that could run this
        print("parley: --now cannot be used while the daemon runs (it keeps its own clock)",
              file=sys.stderr)  # fmt: skip
        return 2
    if args.command == "restore":  # a path relative to where the user typed it
        command = [os.path.abspath(part) if part == args.file else part for part in command]
    request = json.dumps({"cli": command}).encode() + b"\n"
    try:
        reply = client.query(path, client.CLIENT_TIMEOUT_S, request)
    except client.StatusUnavailableError as exc:
        if "permission denied" in exc.message:  # a daemon runs, but not for this user
            print(f"parley: {exc.message}", file=sys.stderr)
            return EX_NOPERM
        logging.getLogger(__name__).debug("no daemon to forward to: %s", exc)
        return None
    return client.print_reply(reply)


def run_command(args: argparse.Namespace) -> int:
    """Run one parsed command; map Parley's errors to messages and exit codes.

    StoreLockedError and StoreAccessError are left to the caller: it then asks the daemon.
    """
    try:
        code: int = args.func(args)
        return code
    except ConfigError as exc:
        print(exc.message, file=sys.stderr)
        return ConfigError.exit_code
    except (StoreLockedError, StoreAccessError):
        raise
    except ParleyError as exc:
        print(f"parley: {exc.message}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
