"""Wake word: openWakeWord behind a Protocol, and a pure detector with thresholds.

``WakeDetector`` turns per-frame scores into detections: a per-model threshold, a refractory
window in milliseconds of audio (one phrase fires once), and optional VAD gating (a score only
counts if the frame, or one just before it, held speech). Time comes in as data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from services.errors import EngineError, ErrorCode


class WakeEngine(Protocol):
    """Scores 80 ms frames of 16 kHz int16 audio for each wake word model."""

    def scores(self, samples: np.ndarray) -> dict[str, float]: ...

    def reset(self) -> None: ...


def packaged_models_dir() -> Path:
    """Return the directory where openWakeWord 0.5.1 ships its ONNX models."""
    import openwakeword

    return Path(openwakeword.__file__).parent / "resources" / "models"


def model_path(name_or_path: str) -> Path:
    """Resolve a packaged model name ("hey_jarvis") or a path to an .onnx file."""
    candidate = Path(name_or_path).expanduser()
    if candidate.suffix == ".onnx":
        return candidate
    matches = sorted(packaged_models_dir().glob(f"{name_or_path}_v*.onnx"))
    if not matches:
        raise EngineError(
            f"no packaged wake word model named {name_or_path!r}", code=ErrorCode.WAKE_MISSING
        )
    return matches[-1]


def model_name(path: Path) -> str:
    """Return the name openWakeWord gives a model file ("hey_jarvis_v0.1")."""
    return path.stem


class OpenWakeWord:
    """openWakeWord with ONNX inference on the packaged feature models; never downloads."""

    def __init__(self, models: list[str]) -> None:
        paths = [model_path(model) for model in models]
        for path in paths:
            if not path.is_file():
                raise EngineError(
                    f"wake word model not found at {path}", code=ErrorCode.WAKE_MISSING
                )
        base = packaged_models_dir()
        try:
            from openwakeword.model import Model

            self._model = Model(
                wakeword_models=[str(path) for path in paths],
                inference_framework="onnx",
                melspec_model_path=str(base / "melspectrogram.onnx"),
                embedding_model_path=str(base / "embedding_model.onnx"),
            )
        except (ImportError, ValueError, RuntimeError) as exc:
            raise EngineError(
                f"openWakeWord failed to load: {exc}", code=ErrorCode.WAKE_FAILED
            ) from exc
        # Config names models by their short name ("hey_jarvis"); the library by file stem.
        self._names = {model_name(path): short for path, short in zip(paths, models, strict=True)}

    def scores(self, samples: np.ndarray) -> dict[str, float]:
        raw = self._model.predict(samples)
        return {self._names.get(name, name): float(score) for name, score in raw.items()}

    def reset(self) -> None:
        self._model.reset()


@dataclass(frozen=True)
class WakeSettings:
    """Thresholds and timing for the detector."""

    thresholds: Mapping[str, float]  # model name -> score that fires
    refractory_ms: int = 2_000  # after a detection, ignore further ones for this long
    vad_threshold: float = 0.0  # > 0: only fire when the VAD saw speech recently
    vad_hold_ms: int = 400  # how long a speech frame keeps the gate open


@dataclass(frozen=True)
class Detection:
    """A wake word fired on a frame."""

    model: str
    score: float
    position_ms: int


class WakeDetector:
    """Decide when a wake word fired, from scores and the frame's place in the audio."""

    def __init__(self, settings: WakeSettings) -> None:
        self.settings = settings
        self._last_fire_ms: int | None = None
        self._last_speech_ms: int | None = None

    def feed(
        self, scores: Mapping[str, float], position_ms: int, vad_probability: float = 1.0
    ) -> Detection | None:
        """Return a Detection if a model fired on this frame, else None."""
        if vad_probability >= self.settings.vad_threshold:
            self._last_speech_ms = position_ms
        if self._is_refractory(position_ms) or not self._is_gate_open(position_ms):
            return None
        best = max(
            (
                (score, model)
                for model, score in scores.items()
                if score >= self.settings.thresholds.get(model, 0.5)
            ),
            default=None,
        )
        if best is None:
            return None
        self._last_fire_ms = position_ms
        return Detection(best[1], best[0], position_ms)

    def suppress_until(self, position_ms: int) -> None:
        """Ignore detections until ``position_ms`` (e.g. while our own reply plays)."""
        self._last_fire_ms = position_ms - self.settings.refractory_ms

    def _is_refractory(self, position_ms: int) -> bool:
        return (
            self._last_fire_ms is not None
            and position_ms - self._last_fire_ms < self.settings.refractory_ms
        )

    def _is_gate_open(self, position_ms: int) -> bool:
        if self.settings.vad_threshold <= 0:
            return True
        return (
            self._last_speech_ms is not None
            and position_ms - self._last_speech_ms <= self.settings.vad_hold_ms
        )
