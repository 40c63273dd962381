"""Documents the scheduler reads (reminders, timers, meetings), at times relative to T0."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from services import config

ZONE = ZoneInfo("Europe/London")
T0 = datetime(2026, 7, 1, 9, 0, tzinfo=ZONE)  # summer time: offset +01:00
SETTINGS = config.Scheduler()  # late after 60 s, meetings alerted 5 minutes ahead


def at(**delta: float) -> datetime:
    return T0 + timedelta(**delta)


def reminder(item_id: str, due: datetime, text: str = "call the bank", **fields) -> dict:
    document = {"id": item_id, "text": text, "person": None, "due": due.isoformat()}
    return {**document, "fired_at": None, "task_id": None, **fields}


def timer(item_id: str, ends: datetime, duration_s: float = 300, **fields) -> dict:
    started = ends - timedelta(seconds=duration_s)
    document = {"id": item_id, "label": None, "duration_s": duration_s}
    document |= {"started_at": started.isoformat(), "ends_at": ends.isoformat()}
    return {**document, "fired_at": None, "cancelled_at": None, **fields}


def meeting(item_id: str, start: datetime, duration_min: float = 30, **fields) -> dict:
    document = {"id": item_id, "title": "standup", "start": start.isoformat()}
    document |= {"duration_min": duration_min, "attendees": ["Sam"], "location": "hall"}
    return {**document, "alerted_at": None, **fields}
