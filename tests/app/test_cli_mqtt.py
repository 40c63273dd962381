"""The `parley mqtt` and `parley sync` subcommands."""

from __future__ import annotations

import argparse
import json
import stat

from services.app import cli_mqtt as cli
from services.events import EventBus, StoreCommitted
from services.store import Store
from services.sync.auth import PeerAuthority
from services.sync.engine import SyncEngine


def parse(tmp_path, *argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("--config")
    parser.add_argument("--state-dir")
    cli.register(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(["--state-dir", str(tmp_path), *argv])


def test_topics_lists_this_devices_topics(tmp_path, capsys):
    args = parse(tmp_path, "mqtt", "topics", "--json")
    assert args.func(args) == 0
    listing = json.loads(capsys.readouterr().out)
    assert listing["state"] == "parley/parley/state"
    assert "parley/all/cmd/listen" in listing["broadcast"]


def test_keygen_writes_a_private_key_once(tmp_path, capsys):
    args = parse(tmp_path, "sync", "keygen")
    assert args.func(args) == 0
    key_file = tmp_path / "sync.key"
    assert len(key_file.read_text().strip()) == 64
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    first = key_file.read_text()
    assert args.func(args) == 1
    assert key_file.read_text() == first
    forced = parse(tmp_path, "sync", "keygen", "--force")
    assert forced.func(forced) == 0
    assert key_file.read_text() != first


def test_status_counts_synced_documents_and_the_outbox(tmp_path, capsys):
    bus = EventBus()
    commits = []
    bus.subscribe(commits.append, StoreCommitted)
    with Store.open(tmp_path, bus=bus) as store:
        engine = SyncEngine(store, "parley", ["tasks"], PeerAuthority(None, ["b"]), lambda: 5)
        for title in ("one", "two"):
            with store.transaction(origin="local") as tx:
                task = tx.insert("tasks", {"title": title})
            engine.record_local(commits[-1])
        with store.transaction(origin="local") as tx:
            tx.delete("tasks", task["id"])
        engine.record_local(commits[-1])
        engine.acknowledge(engine.pending(limit=1))
    args = parse(tmp_path, "sync", "status", "--json")
    assert args.func(args) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["synced_documents"] == 2
    assert status["tombstones"] == 1
    assert status["outbox"] == 1
    assert status["has_shared_key"] is False
