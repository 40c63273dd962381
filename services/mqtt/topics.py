"""The MQTT topics of one Parley device.

With the default prefix ``parley/<device_id>/``:

========================  ===  ==========================================================
``availability``          out  retained ``online`` / ``offline`` (the last will)
``state``                 out  retained JSON: state, is_muted, open_tasks, due_today, ...
``event/<type>``          out  one JSON event (``type``, ``schema`` and the event's fields)
``result``                out  the result JSON of a ``cmd/text`` without a reply topic
``cmd/text``              in   plain text, or JSON ``{"text", "reply_topic"?, "id"?}``
``cmd/say``               in   plain text to speak, or JSON ``{"text"}``
``cmd/listen``            in   start listening as if the wake word were heard
``cmd/cancel``            in   cancel what is running
``cmd/mute``              in   ``on`` / ``off`` / ``toggle`` (empty means toggle)
========================  ===  ==========================================================

Every device also obeys ``parley/all/cmd/...`` (the broadcast prefix), and shares state under
``parley/sync/<collection>/<id>``.
"""

from __future__ import annotations

from dataclasses import dataclass

COMMANDS = ("text", "say", "listen", "cancel", "mute")


def _with_slash(prefix: str) -> str:
    return prefix if prefix.endswith("/") else prefix + "/"


@dataclass(frozen=True)
class Topics:
    """Topic names for one device; ``prefix`` and ``broadcast`` end with a slash."""

    prefix: str
    broadcast: str

    @classmethod
    def for_device(cls, template: str, device_id: str, broadcast: str) -> Topics:
        """Build from a prefix template such as ``parley/{device_id}/``."""
        return cls(_with_slash(template.format(device_id=device_id)), _with_slash(broadcast))

    @property
    def availability(self) -> str:
        return self.prefix + "availability"

    @property
    def state(self) -> str:
        return self.prefix + "state"

    @property
    def result(self) -> str:
        return self.prefix + "result"

    @property
    def ha_event(self) -> str:
        return self.prefix + "ha_event"

    def event(self, event_type: str) -> str:
        return f"{self.prefix}event/{event_type}"

    def command(self, name: str, is_broadcast: bool = False) -> str:
        return f"{self.broadcast if is_broadcast else self.prefix}cmd/{name}"

    def subscriptions(self) -> list[str]:
        """Return the filters the bridge subscribes to for commands."""
        return [self.prefix + "cmd/+", self.broadcast + "cmd/+"]

    def command_name(self, topic: str) -> str | None:
        """Return the command a topic carries (``text``, ``say``...), or None."""
        for prefix in (self.prefix, self.broadcast):
            if topic.startswith(prefix + "cmd/"):
                name = topic[len(prefix) + 4 :]
                return name if name in COMMANDS else None
        return None

    def is_reply_topic_allowed(self, topic: str) -> bool:
        """Refuse reply topics that would write where only Parley writes."""
        if not topic or len(topic) > 200 or any(char in topic for char in "+#\0"):
            return False
        reserved = ("parley/sync/", "homeassistant/", self.prefix, self.broadcast, "$")
        return not topic.startswith(reserved)
