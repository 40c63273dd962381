"""CLI subcommands for MQTT and sync: ``parley mqtt topics``, ``parley sync status|keygen``.

parley mqtt topics            # the topics this device publishes and obeys
parley sync keygen            # write a new shared key (copy it to every device)
parley sync status --json     # outbox backlog, synced documents, tombstones, trust
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
from pathlib import Path
from typing import Any

from services.app import options
from services.app.options import load_config
from services.mqtt.topics import COMMANDS, Topics
from services.sync.engine import SYNC_PREFIX
from services.sync.state import DocState
from services.sync.store import OUTBOX


def _key_path(config: Any) -> Path:
    name = config.sync.shared_key_file or "sync.key"
    path = Path(os.path.expanduser(name))
    return path if path.is_absolute() else config.state_dir / path


def cmd_topics(args: argparse.Namespace) -> int:
    """Print the topics of this device."""
    config = load_config(args)
    topics = Topics.for_device(
        config.mqtt.topic_prefix, config.general.device_id, config.mqtt.broadcast_prefix
    )
    listing = {
        "availability": topics.availability,
        "state": topics.state,
        "events": topics.event("<type>"),
        "result": topics.result,
        "commands": [topics.command(name) for name in COMMANDS],
        "broadcast": [topics.command(name, is_broadcast=True) for name in COMMANDS],
        "sync": f"{SYNC_PREFIX}<collection>/<id>",
    }
    if args.json:
        print(json.dumps(listing))
    else:
        for name, value in listing.items():
            print(f"{name:13} {', '.join(value) if isinstance(value, list) else value}")
    return 0


def cmd_keygen(args: argparse.Namespace) -> int:
    """Write a new random shared key, readable only by its owner."""
    config = load_config(args)
    path = _key_path(config)
    if path.exists() and not args.force:
        print(f"parley: {path} exists; --force replaces it (then copy it to every device)")
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secrets.token_hex(32) + "\n")
    print(f"wrote {path}; copy it to every device and set [sync] shared_key_file")
    return 0


def sync_status(store: Any, config: Any) -> dict[str, Any]:
    """Return what sync holds: documents, tombstones, the outbox backlog, who is trusted."""
    entries = store.all(OUTBOX)
    states = [DocState.from_wire(entry["state"]) for entry in entries]
    return {
        "device": config.general.device_id,
        "synced_documents": len(states),
        "tombstones": sum(1 for state in states if not state.is_alive),
        "outbox": sum(1 for entry in entries if entry.get("seq") is not None),
        "has_shared_key": bool(config.sync.shared_key_file) and _key_path(config).exists(),
        "peers": list(config.sync.peers),
        "is_enabled": config.sync.enabled,
    }


def cmd_status(args: argparse.Namespace) -> int:
    """Print the sync status of the store."""
    config = load_config(args)
    with options.store(args) as store:
        status = sync_status(store, config)
    if args.json:
        print(json.dumps(status))
    else:
        for name, value in status.items():
            print(f"{name:17} {value}")
    return 0


def register(subparsers: Any) -> None:
    """Add ``mqtt`` and ``sync`` to the CLI."""
    mqtt = subparsers.add_parser("mqtt", help="MQTT control and events")
    mqtt_commands = mqtt.add_subparsers(dest="mqtt_command", required=True)
    topics = mqtt_commands.add_parser("topics", help="list this device's topics")
    topics.add_argument("--json", action="store_true")
    topics.set_defaults(func=cmd_topics)

    sync = subparsers.add_parser("sync", help="task sync between devices")
    sync_commands = sync.add_subparsers(dest="sync_command", required=True)
    status = sync_commands.add_parser("status", help="outbox backlog, synced documents, trust")
    status.add_argument("--json", action="store_true")
    status.set_defaults(func=cmd_status)
    keygen = sync_commands.add_parser("keygen", help="write a new shared HMAC key")
    keygen.add_argument("--force", action="store_true", help="replace an existing key")
    keygen.set_defaults(func=cmd_keygen)
