"""What the retained ``state`` topic says: pipeline state, mute, task counts, version."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, tzinfo
from typing import Any

from services.events import ApplianceState
from services.nlu.commands import OPEN_STATUSES

# The states the retained ``state`` message reports (MQTT has no separate wake state).
STATES = (
    ApplianceState.IDLE,
    ApplianceState.LISTENING,
    ApplianceState.THINKING,
    ApplianceState.SPEAKING,
    ApplianceState.MUTED,
)

# Pipeline event type -> the state it puts Parley in (services/voice/pipeline.py names them).
STATE_AFTER: dict[str, ApplianceState] = {
    "wake": ApplianceState.LISTENING,
    "listening": ApplianceState.LISTENING,
    "speech_start": ApplianceState.LISTENING,
    "partial": ApplianceState.LISTENING,
    "speech_end": ApplianceState.THINKING,
    "final": ApplianceState.THINKING,
    "tts_start": ApplianceState.SPEAKING,
    "tts_end": ApplianceState.IDLE,
    "no_speech": ApplianceState.IDLE,
    "follow_up_end": ApplianceState.IDLE,
}


@dataclass(frozen=True)
class DeviceStatus:
    """The body of the retained ``state`` message."""

    device: str
    version: str
    state: str = "idle"
    is_muted: bool = False
    open_tasks: int = 0
    due_today: int = 0
    last_transcript: str = ""

    def to_dict(self) -> dict[str, Any]:
        body = asdict(self)
        if self.is_muted:
            body["state"] = "muted"
        return body

    def after_event(self, event_type: str, fields: dict[str, Any]) -> DeviceStatus:
        """Return the status after one bus event (unchanged for unrelated events)."""
        status = self
        if event_type in STATE_AFTER:
            status = replace(status, state=STATE_AFTER[event_type])
        if event_type == "final" and isinstance(fields.get("text"), str):
            status = replace(status, last_transcript=fields["text"])
        if isinstance(fields.get("is_muted"), bool):
            status = replace(status, is_muted=fields["is_muted"])
        return status


def _due_date(value: Any, zone: tzinfo) -> date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.astimezone(zone).date() if moment.tzinfo else moment.date()


def count_tasks(tasks: Iterable[dict[str, Any]], now: datetime) -> tuple[int, int]:
    """Return (open tasks, open tasks due today) as of ``now`` (an aware datetime)."""
    zone = now.tzinfo
    assert zone is not None
    open_count = due_today = 0
    for task in tasks:
        if task.get("status", "todo") not in OPEN_STATUSES:
            continue
        open_count += 1
        if _due_date(task.get("due"), zone) == now.date():
            due_today += 1
    return open_count, due_today
