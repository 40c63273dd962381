"""Voice activity: the Silero engine and a pure endpointing core.

``Endpointer`` decides where an utterance starts and ends from per-frame speech probabilities
and the frame's position in the audio (milliseconds), never from the wall clock, so tests feed
it numbers. Told how the words so far read (``Reading``), it ends a whole command after a
shorter pause and waits longer for one that stops on an open clause (semantic endpointing).
``SileroVad`` is openWakeWord's packaged Silero model behind the ``VadEngine`` Protocol.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from services.errors import EngineError, ErrorCode


class VadEngine(Protocol):
    """Gives the probability that a frame of 16 kHz int16 audio holds speech."""

    def probability(self, samples: np.ndarray) -> float: ...

    def reset(self) -> None: ...


def silero_model_path() -> Path:
    """Return the Silero VAD model that ships inside openWakeWord."""
    import openwakeword

    return Path(openwakeword.__file__).parent / "resources" / "models" / "silero_vad.onnx"


class SileroVad:
    """Silero VAD (ONNX, via openWakeWord's wrapper), 40 ms windows averaged per frame."""

    def __init__(self, model_path: str | Path | None = None) -> None:
        path = Path(model_path) if model_path else silero_model_path()
        if not path.is_file():
            raise EngineError(f"Silero VAD model not found at {path}", code=ErrorCode.VAD_MISSING)
        try:
            from openwakeword.vad import VAD
        except ImportError as exc:
            raise EngineError("openwakeword is not installed", code=ErrorCode.VAD_MISSING) from exc
        self._vad = VAD(model_path=str(path))

    def probability(self, samples: np.ndarray) -> float:
        usable = len(samples) - len(samples) % 640
        if usable == 0:
            return 0.0
        return float(self._vad.predict(samples[:usable], frame_size=640))

    def reset(self) -> None:
        self._vad.reset_states()


class Reading(enum.StrEnum):
    """How a transcript so far reads as a command (what semantic endpointing goes on)."""

    COMPLETE = "complete"  # the fast path parses all of it: a short pause ends it
    UNPARSED = "unparsed"  # the fast path cannot account for all of it (the LLM may)
    OPEN = "open"  # it stops on an open clause ("... and", "... due"): more is coming
    PENDING = "pending"  # being transcribed and read: wait for it (as long as for UNPARSED)


class Decision(enum.Enum):
    """What the endpointer decided on one frame."""

    NONE = "none"
    SPEECH_STARTED = "speech_started"
    SPEECH_ENDED = "speech_ended"  # trailing silence after enough speech
    MAX_LENGTH = "max_length"  # the cap was reached while speech went on
    NO_SPEECH = "no_speech"  # nothing was said before the timeout


@dataclass(frozen=True)
class EndpointSettings:
    """Thresholds for one utterance (all times in milliseconds of audio)."""

    threshold: float = 0.5  # speech probability above which a frame is speech
    trailing_silence_ms: int = 600  # with no reading of the words so far
    min_speech_ms: int = 240  # shorter bursts (a cough, a click) do not count
    max_speech_ms: int = 10_000
    no_speech_timeout_ms: int = 5_000
    complete_silence_ms: int = 300  # after words that read as a whole command
    incomplete_silence_ms: int = 1_000  # after words that do not (unparsed, or an open clause)


class Endpointer:
    """Track one utterance: started at ``start_ms``, fed frames in order with their times.

    Speech starts once ``min_speech_ms`` of speech frames have been seen within a run (short
    gaps allowed); it ends after ``trailing_silence_ms`` without speech, or after the silence
    its settings give for a ``Reading`` of the words up to the end of speech (``read_as``).
    ``speech_start_ms`` and ``speech_end_ms`` mark the voiced span, so the caller can trim the
    audio.
    """

    def __init__(self, settings: EndpointSettings, start_ms: int) -> None:
        self.settings = settings
        self.start_ms = start_ms
        self.speech_start_ms: int | None = None
        self.speech_end_ms: int | None = None  # end of the last speech frame
        self.is_in_speech = False
        self.is_done = False
        self._run_start_ms: int | None = None
        self._run_speech_ms = 0
        self._fed_ms = start_ms  # the end of the last frame fed
        self._reading: tuple[Reading, int] | None = None  # and the audio it covers

    def read_as(self, reading: Reading, through_ms: int) -> Decision:
        """Take how the words heard up to ``through_ms`` read; it holds until speech goes on.

        Returns ``SPEECH_ENDED`` when the silence already fed is enough for that reading.
        """
        self._reading = (reading, through_ms)
        if self.is_done or not self.is_in_speech or self.speech_end_ms is None:
            return Decision.NONE
        if self._fed_ms - self.speech_end_ms >= self.silence_needed_ms():
            self.is_done = True
            return Decision.SPEECH_ENDED
        return Decision.NONE

    def silence_needed_ms(self) -> int:
        """The trailing silence that ends the utterance now, given how its words read."""
        settings = self.settings
        reading = self._reading
        if reading is None or self.speech_end_ms is None or reading[1] < self.speech_end_ms:
            return settings.trailing_silence_ms  # no reading, or speech went on past it
        if reading[0] is Reading.COMPLETE:
            return settings.complete_silence_ms
        return settings.incomplete_silence_ms

    def feed(self, probability: float, position_ms: int, duration_ms: int) -> Decision:
        """Take one frame's speech probability and its place in the audio; return a decision."""
        if self.is_done:
            return Decision.NONE
        is_speech = probability >= self.settings.threshold
        end_ms = position_ms + duration_ms
        self._fed_ms = end_ms
        if not self.is_in_speech:
            return self._before_speech(is_speech, position_ms, end_ms, duration_ms)
        return self._during_speech(is_speech, end_ms)

    def _before_speech(
        self, is_speech: bool, position_ms: int, end_ms: int, duration_ms: int
    ) -> Decision:
        if is_speech:
            if self._run_start_ms is None:
                self._run_start_ms = position_ms
            self._run_speech_ms += duration_ms
            self.speech_end_ms = end_ms
            if self._run_speech_ms >= self.settings.min_speech_ms:
                self.is_in_speech = True
                self.speech_start_ms = self._run_start_ms
                return Decision.SPEECH_STARTED
        elif self._run_start_ms is not None and self._is_silent_since_speech(end_ms):
            self._run_start_ms, self._run_speech_ms = None, 0  # a burst, not speech
        timed_out = end_ms - self.start_ms >= self.settings.no_speech_timeout_ms
        if timed_out and self._run_start_ms is None:
            self.is_done = True
            return Decision.NO_SPEECH
        return Decision.NONE

    def _is_silent_since_speech(self, end_ms: int) -> bool:
        last = self.speech_end_ms
        return last is not None and end_ms - last >= self.settings.trailing_silence_ms

    def _during_speech(self, is_speech: bool, end_ms: int) -> Decision:
        assert self.speech_start_ms is not None and self.speech_end_ms is not None
        if is_speech:
            self.speech_end_ms = end_ms
        if end_ms - self.speech_start_ms >= self.settings.max_speech_ms:
            self.is_done = True
            return Decision.MAX_LENGTH
        if not is_speech and end_ms - self.speech_end_ms >= self.silence_needed_ms():
            self.is_done = True
            return Decision.SPEECH_ENDED
        return Decision.NONE
