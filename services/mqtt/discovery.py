"""Home Assistant MQTT discovery: a Parley device appears with no hand configuration.

Each entity is one retained config message under
``<discovery_prefix>/<component>/parley_<device_id>/<object_id>/config``; all of them name the
same device and the availability topic, so Home Assistant greys them out when Parley is offline.

Sensors read the retained ``state`` topic; buttons publish to ``cmd/listen``, ``cmd/cancel`` and
``cmd/mute``; the event entity reads ``ha_event`` (``{"event_type": ...}``).
"""

from __future__ import annotations

import json
from typing import Any

from services.mqtt.topics import Topics

HA_EVENT_TYPES = ("wake", "command", "reply", "reminder", "message_delivered", "error")

_SENSORS = (
    ("state", "State", "{{ value_json.state }}", "mdi:account-voice"),
    ("last_transcript", "Last transcript", "{{ value_json.last_transcript }}", "mdi:text"),
    ("open_tasks", "Open tasks", "{{ value_json.open_tasks }}", "mdi:format-list-checks"),
    ("due_today", "Tasks due today", "{{ value_json.due_today }}", "mdi:calendar-today"),
)
_BUTTONS = (
    ("listen", "Listen", "mdi:microphone"),
    ("cancel", "Cancel", "mdi:cancel"),
    ("mute", "Mute", "mdi:microphone-off"),
)


def _device(device_id: str, version: str) -> dict[str, Any]:
    return {
        "identifiers": [f"parley_{device_id}"],
        "name": f"Parley {device_id}",
        "manufacturer": "Parley",
        "model": "Parley voice appliance",
        "sw_version": version,
    }


def discovery_messages(
    topics: Topics, device_id: str, version: str, prefix: str = "homeassistant"
) -> list[tuple[str, bytes]]:
    """Return (topic, payload) for every retained discovery config of this device."""
    node = f"parley_{device_id}"
    common = {"availability_topic": topics.availability, "device": _device(device_id, version)}
    configs: list[tuple[str, str, dict[str, Any]]] = []
    for object_id, name, template, icon in _SENSORS:
        body = {"name": name, "state_topic": topics.state, "value_template": template}
        if object_id in ("open_tasks", "due_today"):
            body["state_class"] = "measurement"
        configs.append(("sensor", object_id, {**body, "icon": icon}))
    for command, name, icon in _BUTTONS:
        body = {"name": name, "command_topic": topics.command(command), "icon": icon}
        configs.append(("button", command, {**body, "payload_press": ""}))
    configs.append(
        (
            "event",
            "events",
            {"name": "Events", "state_topic": topics.ha_event, "event_types": list(HA_EVENT_TYPES)},
        )
    )
    messages = []
    for component, object_id, body in configs:
        full = {
            **body,
            **common,
            "unique_id": f"{node}_{object_id}",
            "object_id": f"{node}_{object_id}",
        }
        topic = f"{prefix}/{component}/{node}/{object_id}/config"
        messages.append((topic, json.dumps(full, separators=(",", ":")).encode()))
    return messages
