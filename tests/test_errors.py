"""Errors carry codes; closed sets are StrEnums that read as the strings they always were."""

from __future__ import annotations

import json

import pytest

from services.errors import (
    AmbiguousError,
    ConfigError,
    EngineError,
    ErrorCode,
    ParleyError,
    StoreFullError,
    StoreLockedError,
)
from services.events import ApplianceState, ErrorRaised
from services.voice.pipeline import EndReason, NoSpeechReason, NothingHeard, SpeechEnded, Trigger


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (ParleyError("x"), ErrorCode.FAILED),
        (ConfigError("f.toml", "wake.threshold", "must be between 0 and 1"), "config-invalid"),
        (StoreLockedError("held by pid 12"), "store-locked"),
        (StoreFullError("no space left"), "store-full"),
        (AmbiguousError("which Sam?", ["Sam A", "Sam B"]), "resolve-ambiguous"),
        (EngineError("x"), "engine-failed"),
        (EngineError("x", code=ErrorCode.STT_NO_TEXT), "stt-no-text"),
    ],
)
def test_every_error_has_a_code_a_raise_site_may_make_precise(error, code):
    assert error.code == code
    assert type(error).code != ErrorCode.STT_NO_TEXT  # naming one at a raise site is local


def test_an_error_event_carries_the_code_into_json():
    event = ErrorRaised("stt", "no transcript: Whisper took too long", ErrorCode.STT_NO_TEXT)
    data = json.loads(json.dumps(event.to_dict()))
    assert data["code"] == "stt-no-text"
    assert data["stage"] == "stt"


def test_pipeline_events_read_the_same_as_before_in_json():
    ended = json.loads(json.dumps(SpeechEnded(800, 720, EndReason.RELEASED).to_dict()))
    assert ended["reason"] == "released"
    heard = NothingHeard(400, Trigger.MQTT, NoSpeechReason.EMPTY_TRANSCRIPT).to_dict()
    assert json.loads(json.dumps(heard))["trigger"] == "mqtt"
    assert heard["reason"] == "empty_transcript"
    assert NothingHeard(400, Trigger.WAKE).reason == "timeout"
    assert ApplianceState.LISTENING == "listening"
