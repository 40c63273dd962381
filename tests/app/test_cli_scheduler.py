"""`parley alerts`: the reminders, timers and meeting alerts still to fire, from the store."""

from __future__ import annotations

import argparse
import json

from services.app.cli_scheduler import register
from services.store import Store
from tests.core.scheduler_support import T0, at, meeting, reminder, timer


def _cli(*argv: str):
    """Parse argv with the CLI's global options and this module's subcommand."""
    parser = argparse.ArgumentParser(prog="parley")
    parser.add_argument("--config")
    parser.add_argument("--state-dir")
    parser.add_argument("--now")
    register(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


def test_parley_alerts_lists_what_is_still_to_fire(tmp_path, capsys):
    with Store.open(tmp_path) as store, store.transaction(origin="executor") as tx:
        tx.insert("reminders", reminder("r-late", at(hours=-1), person="Sam"))
        tx.insert("reminders", reminder("r-fired", T0, fired_at=T0.isoformat()))
        tx.insert("timers", timer("t-soon", at(minutes=3), label="tea"))
        tx.insert("meetings", meeting("m-later", at(hours=2)))
    args = _cli("--state-dir", str(tmp_path), "--now", T0.isoformat(), "alerts", "--json")
    assert args.func(args) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(row["id"], row["is_due"], row["is_late"]) for row in rows] == [
        ("r-late", True, True),
        ("t-soon", False, False),
        ("m-later", False, False),
    ]
    assert rows[2]["fire_at"] == at(hours=2, minutes=-5).isoformat()
    assert rows[2]["due"] == at(hours=2).isoformat()
    args = _cli("--state-dir", str(tmp_path), "--now", T0.isoformat(), "alerts")
    assert args.func(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith("Sam: call the bank  late")
    assert "tea timer" in lines[1]
