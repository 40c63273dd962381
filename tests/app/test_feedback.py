"""What the LEDs show for the pipeline's events (services/app/feedback.py), on a fake light."""

from __future__ import annotations

import time

import pytest

from device.leds import Leds
from services.app.feedback import LedFeedback
from services.config import LedsConfig
from services.events import EventBus
from tests.fakes import FakeLight


def wait_for(predicate, timeout: float = 3.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert predicate()


@pytest.fixture
def feedback():
    light = FakeLight()
    bus = EventBus()
    leds = Leds(LedsConfig(brightness=1.0), light=light)
    follow = LedFeedback(leds, bus)
    yield bus, leds, light, follow
    follow.close()
    leds.close()


def test_the_leds_follow_one_utterance_on_the_bus(feedback):
    from services.events import CommandExecuted
    from services.voice.pipeline import (
        FinalTranscribed,
        ListeningStarted,
        PartialTranscribed,
        SpeakingEnded,
        SpeakingStarted,
        SpeechEnded,
        WakeDetected,
    )

    bus, leds, light, _ = feedback
    bus.publish(WakeDetected(audio_ms=0, model="hey_jarvis", score=0.8))
    assert leds.state == "wake"
    bus.publish(ListeningStarted(audio_ms=10, trigger="wake"))
    bus.publish(PartialTranscribed(audio_ms=500, text="add"))
    wait_for(lambda: light.colours[-2:] == [(0.0, 0.0, 0.0), (0.0, 0.0, 1.0)])
    bus.publish(SpeechEnded(audio_ms=1500, speech_end_ms=900, reason="silence"))
    bus.publish(FinalTranscribed(audio_ms=1900, text="add milk", engine="whisper", decode_ms=400))
    assert leds.state == "thinking"
    bus.publish(CommandExecuted({"ok": True, "utterance": "add milk"}))
    assert leds.state == "success"
    wait_for(lambda: leds.state == "thinking")  # the flash played, back to the steady state
    bus.publish(SpeakingStarted(audio_ms=2000, text="Added milk."))
    assert leds.state == "speaking"
    bus.publish(SpeakingEnded(audio_ms=3000, sentences=1, audio_s=1.0, is_interrupted=False))
    assert leds.state == "idle"


def test_standing_conditions_rest_in_priority_order(feedback):
    from services.events import CommandExecuted, ReminderDue
    from services.voice.pipeline import ListeningStarted, SpeakingEnded

    bus, leds, _, follow = feedback
    follow.set_condition("offline", True)
    assert leds.state == "offline"
    follow.set_condition("muted", True)
    assert leds.state == "muted"
    bus.publish(ReminderDue(kind="reminder", item_id="r1", text="call Ann", due="2026-01-01"))
    assert leds.state == "muted"  # muted outranks a waiting reminder
    follow.set_condition("muted", False)
    assert leds.state == "offline"
    follow.set_condition("offline", False)
    assert leds.state == "notify"
    bus.publish(ListeningStarted(audio_ms=0, trigger="button"))  # the person engaged
    bus.publish(CommandExecuted({"ok": False, "utterance": "frobnicate"}))
    assert leds.state == "error"
    bus.publish(SpeakingEnded(audio_ms=9, sentences=1, audio_s=0.5, is_interrupted=True))
    assert leds.state == "idle"
    with pytest.raises(ValueError):
        follow.set_condition("sleepy", True)


def test_a_mute_event_shows_muted_at_rest_until_unmuted(feedback):
    from services.voice.pipeline import MuteChanged, SpeakingEnded

    bus, leds, _light, _ = feedback
    bus.publish(MuteChanged(is_muted=True, source="button"))
    assert leds.state == "muted"
    bus.publish(SpeakingEnded(audio_ms=0, sentences=1, audio_s=1.0, is_interrupted=False))
    assert leds.state == "muted"  # the end of a reply rests on muted, not idle
    bus.publish(MuteChanged(is_muted=False, source="switch"))
    assert leds.state == "idle"
