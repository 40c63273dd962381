"""`parley store ...`: look after the store file from a shell.

    parley store stats      sizes, counters and document counts as JSON
    parley store backups    the backups, newest first
    parley store compact    rewrite the snapshot now and empty the journal
    parley store check      open the store (repairing it if it must, loudly) and say how it is

Each opens the store, or runs inside the daemon while it holds the store.
Registered by services/app/cli.py through ``register(subparsers)``.
"""

from __future__ import annotations

import argparse
import json

from services.app import options


def cmd_store(args: argparse.Namespace) -> int:
    """Run one `parley store` subcommand."""
    with options.store(args) as store:
        match args.store_command:
            case "stats":
                print(json.dumps(store.stats()))
            case "backups":
                for path in store.backups():
                    print(path)
            case "compact":
                store.compact()
                print(f"compacted: {store.path} ({store.stats()['snapshot_bytes']} bytes)")
            case "check":
                counts = ", ".join(f"{n} {name}" for name, n in store.stats()["documents"].items())
                print(f"ok: {store.path}, schema {store.schema_version}, commit {store.seq}")
                print(counts)
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `parley store` and its subcommands."""
    parser = subparsers.add_parser("store", help="store file upkeep: stats, backups, compact")
    commands = parser.add_subparsers(dest="store_command", required=True)
    commands.add_parser("stats", help="sizes, counters and document counts as JSON")
    commands.add_parser("backups", help="list the backups, newest first")
    commands.add_parser("compact", help="rewrite the snapshot now and empty the journal")
    commands.add_parser("check", help="open the store, repairing it if needed, and report")
    parser.set_defaults(func=cmd_store)
