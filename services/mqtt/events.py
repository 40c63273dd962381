"""Events the MQTT bridge puts on the bus for the rest of Parley to act on.

The bridge does not drive the microphone or the speaker itself. ``cmd/say`` becomes a
``ReplyReady``, which the pipeline speaks like any reply. The daemon subscribes to the events
below: ``ListenRequested`` opens the mic as if the wake word were heard, ``CancelRequested``
cancels jobs and speech, ``MuteRequested`` mutes the mic and sets the LEDs. The pipeline's own
events (wake, final, tts_start, tts_end...) tell the bridge the state it publishes; a daemon can
also call ``MqttBridge.set_state`` and ``MqttBridge.set_muted``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from services.events import Event


@dataclass(frozen=True)
class ListenRequested(Event):
    """Someone asked over MQTT to start listening as if the wake word were heard."""

    type: ClassVar[str] = "listen_requested"
    source: str


@dataclass(frozen=True)
class CancelRequested(Event):
    """Someone asked over MQTT to cancel what is running (one job, or everything)."""

    type: ClassVar[str] = "cancel_requested"
    source: str
    job_id: str | None = None


@dataclass(frozen=True)
class MuteRequested(Event):
    """Someone asked over MQTT to mute, unmute or toggle the microphone."""

    type: ClassVar[str] = "mute_requested"
    mute: str  # on | off | toggle
    source: str
