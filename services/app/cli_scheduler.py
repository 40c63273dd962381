"""`parley alerts`: the reminders, timers and meeting alerts still to fire, soonest first."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from typing import Any

from services.app import options
from services.app.options import clock_for, load_config
from services.core.scheduler import Alert, scan


def register(subparsers: Any) -> None:
    """Add ``parley alerts [--json]``: the reminders, timers and meeting alerts still to fire."""
    alerts = subparsers.add_parser(
        "alerts", help="reminders, timers and meeting alerts still to fire, soonest first"
    )
    alerts.add_argument("--json", action="store_true", help="one JSON object per line")
    alerts.set_defaults(func=cmd_alerts)


def cmd_alerts(args: argparse.Namespace) -> int:
    """List what has not fired yet; unreadable items go to stderr (exit 1 if any)."""
    settings = load_config(args)
    now = clock_for(args, settings).now()
    with options.store(args) as store:
        found = scan(store, now, settings.scheduler, is_due_only=False)
    for alert in found.alerts:
        print(json.dumps(alert.to_dict(now)) if args.json else _alert_line(alert, now))
    if not found.alerts and not args.json:
        print("Nothing to remind anyone of.")
    for item in found.invalid:
        print(f"cannot schedule {item.collection}/{item.item_id}: {item.problem}", file=sys.stderr)
    return 1 if found.invalid else 0


def _alert_line(alert: Alert, now: datetime) -> str:
    state = "late" if alert.is_late else "due now" if alert.fire_at <= now else ""
    text = alert.to_event().text
    return (
        f"{alert.fire_at:%Y-%m-%d %H:%M}  {alert.kind:<8} {alert.item_id}  {text}  {state}".rstrip()
    )
