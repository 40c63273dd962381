"""Messages between people, delivered on the device the recipient is bound to.

"Tell Sam the meeting moved to 3" makes the executor write a ``messages`` document
``{id, to, from, text, delivered, created_at}``. ``messages`` is a shared collection, so the
document reaches every device (retained, so a device that is off gets it when it is back). The
device whose id is in Sam's ``people`` document (``device``) speaks it (a ``ReplyReady``), emits
``MessageDelivered``, and marks the document delivered; that change syncs back, which is the
acknowledgement the sender's device sees.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from services.events import Event, EventBus, ReplyReady
from services.sync.store import SyncStore

log = logging.getLogger(__name__)

MESSAGES = "messages"
PEOPLE = "people"


@dataclass(frozen=True)
class MessageDelivered(Event):
    """A message was spoken on the recipient's device."""

    type: ClassVar[str] = "message_delivered"
    message_id: str
    to: str
    sender: str
    text: str
    device: str


def _matches(person: dict[str, Any], reference: str) -> bool:
    wanted = reference.casefold()
    names = [person.get("id"), person.get("name"), *(person.get("aliases") or [])]
    return any(isinstance(name, str) and name.casefold() == wanted for name in names)


class MessageCourier:
    """Deliver undelivered messages addressed to people bound to this device."""

    def __init__(
        self,
        store: SyncStore,
        device_id: str,
        bus: EventBus,
        now: Callable[[], datetime],
    ) -> None:
        self.store = store
        self.device_id = device_id
        self.bus = bus
        self.now = now

    def recipient_device(self, reference: str) -> str | None:
        """Return the device a person (id, name or alias) is bound to, if any."""
        for person in self.store.all(PEOPLE):
            if _matches(person, reference):
                device = person.get("device")
                return str(device) if device else None
        return None

    def _target(self, message: dict[str, Any]) -> str | None:
        """Return the device a message goes to: the person's binding now, else at sending."""
        bound = self.recipient_device(str(message.get("to", "")))
        return bound or (str(message["device"]) if message.get("device") else None)

    def deliver(self) -> list[str]:
        """Speak and mark every message waiting for someone bound here; return their ids."""
        due = [
            dict(message)
            for message in self.store.all(MESSAGES)
            if not message.get("delivered") and self._target(message) == self.device_id
        ]
        if not due:
            return []
        stamp = self.now().isoformat()
        with self.store.transaction(origin=f"courier:{self.device_id}") as tx:
            for message in due:
                tx.put(
                    MESSAGES,
                    {
                        **message,
                        "delivered": True,
                        "delivered_at": stamp,
                        "delivered_on": self.device_id,
                    },
                )
        for message in due:
            sender = str(message.get("from") or "someone")
            text = str(message.get("text", ""))
            log.info("message %s for %s delivered here", message["id"], message.get("to"))
            self.bus.publish(ReplyReady(text=f"Message from {sender}: {text}", origin="message"))
            self.bus.publish(
                MessageDelivered(
                    str(message["id"]), str(message.get("to")), sender, text, self.device_id
                )
            )
        return [str(message["id"]) for message in due]
