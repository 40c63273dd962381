"""The voice pipeline: the one place that knows the order of the stages.

Frames -> pre-roll ring buffer -> trigger (wake word, talk button, follow-up window) ->
endpointing (VAD) with partial transcripts -> final transcript (Whisper, Vosk fallback) ->
the command handler (the core's job queue) -> the spoken reply (Piper, sentence by sentence)
-> the follow-up window. Every step is an event with ``audio_ms``, the position in the input
audio where it happened.

Heavy engines (Whisper, Piper, the handler) run in worker threads. Wake word and VAD run on
every frame on the loop (a few milliseconds each). Whisper decodes one piece of audio at a time
(``_whisper``): a final decode waits for a running partial and no new partial starts while a
final waits or runs. The final is decoded speculatively a little way into the trailing silence
(``early_final_ms``); its transcript is read by the ``TranscriptReader`` (fast path: a whole
command? then a short pause ends the utterance; an open clause? wait longer) and parsed ahead,
so when the endpoint confirms it the command is ready to run. Speech that resumes drops the
speculation (``SpeculationDropped``); nothing was run, so nothing needs undoing.

With ``wait_while_busy`` (files fed as fast as possible) the pipeline handles each utterance,
and each speculative decode, before it takes the next frame, so a file behaves as if a person
waited for the reply; on a live mic, frames keep coming while Parley thinks and talks, and the
wake word or ``listen()`` during a reply stops it (barge-in).
"""

from __future__ import annotations

import asyncio
import enum
import json
import logging
import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, ClassVar, Protocol

import numpy as np
from rapidfuzz import fuzz

from device.audio import FRAME_MS, SAMPLE_RATE, AudioSource, Frame, write_wav
from services.errors import AudioError, EngineError, ParleyError
from services.events import ErrorRaised, Event, ReplyReady
from services.voice.stt import (
    FinalResult,
    FinalStage,
    PartialDecoder,
    StreamingRecognizer,
)
from services.voice.tts import Speaker
from services.voice.vad import Decision, Endpointer, EndpointSettings, Reading, VadEngine
from services.voice.wake import WakeDetector, WakeEngine, WakeSettings

log = logging.getLogger(__name__)

# How near a transcript's first words must be to a wake phrase to be taken off (rapidfuzz
# ratio, 0-100): "hi" for "hey" is 40, "tell" 29; "jervis" for "jarvis" is 83, "jarvisson" 80.
WAKE_FIRST_WORD_RATIO = 60
WAKE_WORD_RATIO = 82

# -- events ----------------------------------------------------------------------------------


class Trigger(StrEnum):
    """What started listening (``ListeningStarted.trigger``, ``NothingHeard.trigger``)."""

    WAKE = "wake"  # the wake word
    BUTTON = "button"  # the talk button
    MQTT = "mqtt"  # cmd/listen
    FOLLOW_UP = "follow_up"  # the window after a reply


class EndReason(StrEnum):
    """Why an utterance ended (``SpeechEnded.reason``)."""

    SILENCE = "silence"  # the trailing silence after speech
    MAX_LENGTH = "max_length"  # the cap on an utterance's length
    END_OF_AUDIO = "end_of_audio"  # the audio files ran out
    RELEASED = "released"  # the talk button, held to talk, was let go


class NoSpeechReason(StrEnum):
    """Why nothing was heard (``NothingHeard.reason``)."""

    TIMEOUT = "timeout"  # no speech started in time
    EMPTY_TRANSCRIPT = "empty_transcript"  # speech, but the transcript was empty


@dataclass(frozen=True)
class WakeDetected(Event):
    type: ClassVar[str] = "wake"
    audio_ms: int
    model: str
    score: float


@dataclass(frozen=True)
class ListeningStarted(Event):
    type: ClassVar[str] = "listening"
    audio_ms: int
    trigger: Trigger


@dataclass(frozen=True)
class SpeechStarted(Event):
    type: ClassVar[str] = "speech_start"
    audio_ms: int


@dataclass(frozen=True)
class PartialTranscribed(Event):
    type: ClassVar[str] = "partial"
    audio_ms: int
    text: str


@dataclass(frozen=True)
class SpeechEnded(Event):
    type: ClassVar[str] = "speech_end"
    audio_ms: int  # where the endpointer decided (after the trailing silence)
    speech_end_ms: int  # where the last speech frame ended
    reason: EndReason


@dataclass(frozen=True)
class FinalTranscribed(Event):
    type: ClassVar[str] = "final"
    audio_ms: int
    text: str
    engine: str
    decode_ms: int
    fallback_reason: str = ""


class DecodeKind(StrEnum):
    """What a Whisper decode was for (``DecodeFinished.kind``)."""

    PARTIAL = "partial"  # a re-decode of the speech so far
    SPECULATIVE = "speculative"  # the final, started in the trailing silence
    FINAL = "final"  # the final, started at the endpoint


@dataclass(frozen=True)
class DecodeFinished(Event):
    """Whisper finished decoding the audio up to ``audio_ms`` (it took ``decode_ms``)."""

    type: ClassVar[str] = "decode"
    audio_ms: int
    kind: DecodeKind
    decode_ms: int


@dataclass(frozen=True)
class SpeculationDropped(Event):
    """Speech resumed after a speculative final started; its transcript is not used."""

    type: ClassVar[str] = "speculation_dropped"
    audio_ms: int  # where speech resumed
    speech_end_ms: int  # the end of speech the speculation was for
    has_decoded: bool  # Whisper had started on it (wasted work), or it was cancelled first


@dataclass(frozen=True)
class TranscriptRead(Event):
    """How the transcript of the speech up to ``speech_end_ms`` reads as a command."""

    type: ClassVar[str] = "read"
    audio_ms: int
    speech_end_ms: int
    reading: Reading
    silence_ms: int  # the trailing silence that now ends the utterance


@dataclass(frozen=True)
class NothingHeard(Event):
    type: ClassVar[str] = "no_speech"
    audio_ms: int
    trigger: Trigger
    reason: NoSpeechReason = NoSpeechReason.TIMEOUT


@dataclass(frozen=True)
class SpeakingStarted(Event):
    type: ClassVar[str] = "tts_start"
    audio_ms: int
    text: str


@dataclass(frozen=True)
class SpeakingEnded(Event):
    type: ClassVar[str] = "tts_end"
    audio_ms: int
    sentences: int
    audio_s: float
    is_interrupted: bool
    path: str | None = None


@dataclass(frozen=True)
class FollowUpEnded(Event):
    type: ClassVar[str] = "follow_up_end"
    audio_ms: int


@dataclass(frozen=True)
class MuteChanged(Event):
    """The microphone was muted or unmuted (double press, mute switch, MQTT ``cmd/mute``)."""

    type: ClassVar[str] = "mute"
    is_muted: bool
    source: str


@dataclass(frozen=True)
class UtteranceRecorded(Event):
    type: ClassVar[str] = "recorded"
    audio_ms: int
    path: str


# -- what the pipeline is given ----------------------------------------------------------------


@dataclass(frozen=True)
class Handled:
    """What the command handler made of a final transcript."""

    reply: str
    is_ok: bool = True
    outcome: dict[str, Any] | None = None


class CommandHandler(Protocol):
    """Runs a final transcript as a command (the core's job queue) and returns the reply."""

    async def handle(self, text: str) -> Handled: ...


class TranscriptReader(Protocol):
    """Reads a transcript before the endpoint: does it read as a whole command?

    Both run in a worker thread and must be quick (the fast path, milliseconds).
    """

    def read(self, text: str) -> Reading:
        """Return how ``text`` (a partial transcript) reads as a command."""
        ...

    def prepare(self, text: str) -> Reading:
        """Read ``text`` (a speculative final) and parse it ahead, so that ``handle`` of the
        same text finds it parsed; a parse that is never handled changes nothing."""
        ...


@dataclass
class Engines:
    """The engines one pipeline uses; any may be a fake behind the same Protocol."""

    wake: WakeEngine
    vad: VadEngine
    final: FinalStage
    speaker: Speaker
    partials: PartialDecoder | None = None


@dataclass(frozen=True)
class PipelineSettings:
    """Timing and behaviour of the pipeline (from the wake, vad and audio config sections)."""

    wake: WakeSettings
    endpoint: EndpointSettings = field(default_factory=EndpointSettings)
    pre_roll_ms: int = 1_500
    pad_ms: int = 200  # audio kept before the first and after the last speech frame
    follow_up_s: float = 5.0  # listen again this long after a reply; 0 turns it off
    early_final_ms: int = 80  # start the final decode after this much trailing silence; 0: off
    # A speculative final started before ``pad_ms`` of silence was heard reads the quiet heard
    # so far repeated up to ``pad_ms``, the trailing pad the final itself would read: Whisper
    # reads a command that stops dead less surely (and searches its n-best for longer).
    fill_pad: bool = True
    wait_while_busy: bool = False  # files fed as fast as possible: finish each utterance first
    not_heard_reply: str = "I didn't catch that."
    record_dir: Path | None = None  # save each utterance's audio and events here
    # Said at the start of an utterance (in the follow-up window, or caught in the pre-roll),
    # the wake phrase is not part of the command; said alone, it means "listen again".
    wake_phrases: tuple[str, ...] = ()


def padded_with_quiet(audio: np.ndarray, quiet: int, pad: int) -> np.ndarray:
    """``audio`` whose last ``quiet`` samples are the silence after the speech, grown to end in
    ``pad`` samples of it by repeating that silence (nothing changes when it already does)."""
    quiet = min(quiet, len(audio))
    if quiet <= 0 or quiet >= pad:
        return audio
    tail = audio[len(audio) - quiet :]
    return np.concatenate([audio, np.resize(tail, pad - quiet)])


class State(enum.Enum):
    IDLE = "idle"  # waiting for a trigger
    LISTENING = "listening"  # an utterance is being endpointed
    BUSY = "busy"  # transcribing, running, speaking


@dataclass
class _Speculation:
    """A final decode started during the trailing silence, for speech ending at ``speech_end``."""

    speech_end: int
    task: asyncio.Task[FinalResult] | None = None
    is_started: bool = False  # Whisper is on it: it cannot be called back, only cut short
    is_dropped: bool = False

    def is_wanted(self) -> bool:
        """Asked from Whisper's thread between passes: False once the speaker went on."""
        return not self.is_dropped


@dataclass
class _Utterance:
    trigger: Trigger
    floor_ms: int  # audio before this is not part of the utterance (the wake word itself)
    endpointer: Endpointer
    events: list[dict[str, Any]] = field(default_factory=list)
    early: _Speculation | None = None


class Pipeline:
    """Feed frames in order; triggers, endpointing, transcription, commands, replies follow."""

    def __init__(
        self,
        engines: Engines,
        settings: PipelineSettings,
        handler: CommandHandler,
        *,
        emit: Callable[[Event], None],
        prompt: Callable[[], str | None] = lambda: None,
        reply_name: Callable[[int], str] = lambda count: f"reply-{count:03d}",
        reader: TranscriptReader | None = None,
    ) -> None:
        self.engines = engines
        self.settings = settings
        self.handler = handler
        self.reader = reader
        self.prompt = prompt
        self.reply_name = reply_name
        self.detector = WakeDetector(settings.wake)
        self.state = State.IDLE
        self.position_ms = 0
        self.utterances = 0
        self._emit_out = emit
        self._history: deque[Frame] = deque(maxlen=self._history_frames())
        self._probabilities: deque[float] = deque(maxlen=self._history_frames())
        self._utterance: _Utterance | None = None
        self._pending_trigger: Trigger | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._speak_lock = asyncio.Lock()
        self._partial_queue: asyncio.Queue[Frame] = asyncio.Queue()
        self._partial_worker: asyncio.Task[None] | None = None
        self._recordings: list[_Utterance] = []  # utterances still being answered
        # Whisper decodes one piece of audio at a time; finals waiting for it go first.
        self._whisper = asyncio.Lock()
        self._finals_waiting = 0
        self._speculations: set[asyncio.Task[None]] = set()  # decodes and their reading
        # Set from other threads (button, MQTT); read by feed() at the next frame.
        self.is_muted = False
        self._was_muted = False
        self._end_requested = False

    def _history_frames(self) -> int:
        # Pre-roll plus the longest utterance, so the whole utterance can be cut from history.
        longest = self.settings.pre_roll_ms + self.settings.endpoint.max_speech_ms
        longest += self.settings.endpoint.no_speech_timeout_ms
        return longest // FRAME_MS + 2

    @property
    def finals_waiting(self) -> int:
        """Final decodes waiting for Whisper (busy with a partial re-decode, or another final)."""
        return self._finals_waiting

    # -- the device layer's API ----------------------------------------------------------------

    def listen(self, trigger: Trigger = Trigger.BUTTON) -> None:
        """Start listening now, without the wake word (talk button, MQTT cmd/listen)."""
        if self.is_muted:
            log.info("muted: %s asked to listen, ignored", trigger)
            return
        self.stop_speaking()
        self._pending_trigger = trigger

    def end_utterance(self) -> None:
        """End a button-started utterance now (push-to-talk released), not at the silence."""
        self._end_requested = True

    def set_muted(self, is_muted: bool, source: str = "button") -> None:
        """Mute or unmute the microphone: while muted no frame is listened to or kept."""
        if is_muted == self.is_muted:
            return
        self.is_muted = is_muted
        self._emit(MuteChanged(is_muted, source))

    def stop_speaking(self) -> None:
        """Stop the reply being spoken, if any (barge-in)."""
        self.engines.speaker.stop()

    # -- feeding -------------------------------------------------------------------------------

    async def run(self, source: AudioSource) -> None:
        """Read frames from ``source`` (in a thread) until it ends, then finish what is open."""
        while (frame := await asyncio.to_thread(source.read)) is not None:
            await self.feed(frame)
        await self.finish()

    async def feed(self, frame: Frame) -> None:
        """Take one frame: wake word, endpointing and partials; start the later stages."""
        self.position_ms = frame.end_ms
        if (self.is_muted or self._was_muted) and self._muted_frame():
            return
        probability = self.engines.vad.probability(frame.samples)
        if self._end_requested:
            self._end_requested = False
            await self._end_requested_utterance(frame)
        if self._pending_trigger is not None:
            trigger, self._pending_trigger = self._pending_trigger, None
            self._start_listening(trigger, frame.position_ms, frame.position_ms)
            if trigger != Trigger.FOLLOW_UP:  # after a reply the pre-roll holds our own voice
                self._replay_pre_roll()
        self._history.append(frame)
        self._probabilities.append(probability)
        # The wake model hears every frame, so its feature buffers never hold stale audio (a
        # wake word from before a long utterance fired again when feeding resumed).
        scores = self.engines.wake.scores(frame.samples)
        is_wake = self._may_wake() and self._check_wake(frame, scores, probability)
        if self._utterance is not None and not is_wake:  # the wake word is not the command
            await self._endpoint(frame, probability)
        if self.settings.wait_while_busy:
            await self._partial_queue.join()
            await self._settle_speculations()
            await self.drain()

    def _muted_frame(self) -> bool:
        """Drop what was being listened to when muted; reset the wake model after. True: skip."""
        if self.is_muted:
            self._was_muted = True
            self._pending_trigger = None
            self._end_requested = False
            if self._utterance is not None:  # the audio heard so far is dropped, not answered
                self._utterance = None
                self.state = State.IDLE
            return True
        self._was_muted = False
        self.engines.wake.reset()  # no stale features from before the mute
        self._history.clear()
        self._probabilities.clear()
        return False

    async def _end_requested_utterance(self, frame: Frame) -> None:
        utterance = self._utterance
        if utterance is None or utterance.trigger != Trigger.BUTTON:
            return
        if utterance.endpointer.is_in_speech or utterance.endpointer.speech_start_ms is not None:
            await self._settle_partials()
            self._end_utterance(frame.position_ms, EndReason.RELEASED)
        else:
            self._no_speech(frame.position_ms)

    async def finish(self) -> None:
        """End of input: close the open utterance and wait for every reply to be spoken."""
        if self._utterance is not None and self._utterance.endpointer.is_in_speech:
            await self._settle_partials()
            self._end_utterance(self.position_ms + FRAME_MS, EndReason.END_OF_AUDIO)
        elif self._utterance is not None:  # the audio ended while Parley was listening
            if self._utterance.trigger == Trigger.FOLLOW_UP:
                self._emit(FollowUpEnded(self.position_ms))
            self._utterance = None
            self.state = State.IDLE
        await self.drain()
        if self._partial_worker is not None:
            self._partial_worker.cancel()

    async def drain(self) -> None:
        """Wait until every utterance in flight has been answered."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    # -- triggers ------------------------------------------------------------------------------

    def _may_wake(self) -> bool:
        """The wake word counts, except while an utterance someone asked for is endpointed.

        The window after a reply listens unasked, and it may open partway through a wake phrase
        ("... jarvis" read as "Service."): a wake word heard there starts the utterance after it.
        """
        if self.state is not State.LISTENING:
            return True
        return self._utterance is not None and self._utterance.trigger == Trigger.FOLLOW_UP

    def _check_wake(self, frame: Frame, scores: dict[str, float], probability: float) -> bool:
        detection = self.detector.feed(scores, frame.end_ms, probability)
        if detection is None:
            return False
        self._emit(WakeDetected(detection.position_ms, detection.model, round(detection.score, 3)))
        self.stop_speaking()
        if self._utterance is not None:  # a follow-up window: what it heard was the wake phrase
            self._drop_speculation(self._utterance, frame.end_ms, always=True)
        self._start_listening(Trigger.WAKE, frame.end_ms, frame.end_ms)
        return True

    def _replay_pre_roll(self) -> None:
        """Feed the endpointer the speech run that began just before the button press."""
        utterance = self._utterance
        assert utterance is not None
        threshold = utterance.endpointer.settings.threshold
        limit = len(self._history) - self.settings.pre_roll_ms // FRAME_MS
        run = len(self._history)
        while run > max(limit, 0) and self._probabilities[run - 1] >= threshold:
            run -= 1
        if run == len(self._history):
            return
        first = self._history[run]
        utterance.floor_ms = max(0, first.position_ms - self.settings.pad_ms)
        utterance.endpointer = Endpointer(utterance.endpointer.settings, first.position_ms)
        for index in range(run, len(self._history)):
            frame = self._history[index]
            utterance.endpointer.feed(self._probabilities[index], frame.position_ms, FRAME_MS)
        if utterance.endpointer.is_in_speech:  # enough speech was said before the press
            self._emit(SpeechStarted(first.position_ms))
            for index in range(run, len(self._history)):
                self._partial(self._history[index])

    def _start_listening(self, trigger: Trigger, floor_ms: int, start_ms: int) -> None:
        settings = self.settings.endpoint
        if trigger == Trigger.FOLLOW_UP:
            timeout = int(self.settings.follow_up_s * 1000)
            settings = EndpointSettings(**{**settings.__dict__, "no_speech_timeout_ms": timeout})
        self._utterance = _Utterance(trigger, floor_ms, Endpointer(settings, start_ms))
        if self.engines.partials is not None:
            self.engines.partials.reset()
        self.state = State.LISTENING
        self._emit(ListeningStarted(start_ms, trigger))

    # -- endpointing ---------------------------------------------------------------------------

    async def _endpoint(self, frame: Frame, probability: float) -> None:
        utterance = self._utterance
        assert utterance is not None
        decision = utterance.endpointer.feed(probability, frame.position_ms, FRAME_MS)
        match decision:
            case Decision.SPEECH_STARTED:
                start = utterance.endpointer.speech_start_ms or frame.position_ms
                self._emit(SpeechStarted(start))
                self._catch_up_partials(start, frame)
            case Decision.SPEECH_ENDED | Decision.MAX_LENGTH:
                self._partial(frame)
                await self._settle_partials()
                reason = (
                    EndReason.SILENCE if decision is Decision.SPEECH_ENDED else EndReason.MAX_LENGTH
                )
                self._end_utterance(frame.end_ms, reason)
            case Decision.NO_SPEECH:
                self._no_speech(frame.end_ms)
            case Decision.NONE if utterance.endpointer.is_in_speech:
                is_speech = probability >= utterance.endpointer.settings.threshold
                if is_speech or self._partials_fallback() is not None:
                    self._partial(frame)
                if is_speech:
                    self._drop_speculation(utterance, frame.end_ms)
                else:
                    self._start_early_final(utterance, frame)

    def _catch_up_partials(self, start_ms: int, frame: Frame) -> None:
        for earlier in self._frames_between(start_ms, frame.position_ms):
            self._partial(earlier)
        self._partial(frame)

    def _partial(self, frame: Frame) -> None:
        if self.engines.partials is None:
            return
        if self._partial_worker is None or self._partial_worker.done():
            self._partial_worker = asyncio.get_running_loop().create_task(self._partials_loop())
        self._partial_queue.put_nowait(frame)

    async def _partials_loop(self) -> None:
        # One worker, in order. A slow re-decode lets frames pile up; the decoder only decodes
        # on the newest one, so partials lag by at most one decode and never snowball.
        decoder = self.engines.partials
        assert decoder is not None
        while True:
            frame = await self._partial_queue.get()
            try:
                is_latest = self._partial_queue.empty()
                if decoder.fallback is None:  # Whisper re-decodes: they share Whisper
                    text = await self._whisper_partial(decoder, frame, is_latest)
                else:  # Vosk hears every frame on its own engine
                    text = await asyncio.to_thread(
                        decoder.feed, frame.samples, frame.end_ms, is_latest
                    )
                if text and self._utterance is not None:
                    self._emit(PartialTranscribed(frame.end_ms, text))
                    await self._read_partial(self._utterance, text, frame.end_ms)
            except ParleyError as exc:
                log.debug("partial failed: %s", exc.message)
            finally:
                self._partial_queue.task_done()

    async def _whisper_partial(
        self, decoder: PartialDecoder, frame: Frame, is_latest: bool
    ) -> str | None:
        """Feed a re-decoding decoder; it decodes only when Whisper is free and no final waits."""
        if not is_latest or self._finals_waiting or self._whisper.locked():
            decoder.feed(frame.samples, frame.end_ms, False)  # keeps the audio, decodes nothing
            return None
        async with self._whisper:
            before = getattr(decoder, "decodes", 0)
            started = time.perf_counter()
            text = await asyncio.to_thread(
                decoder.feed, frame.samples, frame.end_ms, True, self._no_final_waits
            )
            if getattr(decoder, "decodes", 0) != before:
                took = int((time.perf_counter() - started) * 1000)
                self._emit(DecodeFinished(frame.end_ms, DecodeKind.PARTIAL, took))
        return text

    def _no_final_waits(self) -> bool:
        """Asked from Whisper's thread during a partial: a final waiting for Whisper goes first."""
        return not self._finals_waiting

    async def _read_partial(self, utterance: _Utterance, text: str, through_ms: int) -> None:
        """Semantic endpointing on a partial that heard all the speech so far.

        Once a speculative final is under way for the same speech, its reading decides: it is
        the transcript that will run, and the partial's quicker, greedier reading may miss the
        word that keeps a command open ("water the plants" for "water the plants and ...").
        """
        speech_end = utterance.endpointer.speech_end_ms
        if self.reader is None or speech_end is None or through_ms < speech_end:
            return
        if self._is_speculating(utterance, speech_end):
            return
        reading = await asyncio.to_thread(self.reader.read, self._command_words(text))
        if self._is_speculating(utterance, speech_end):  # it started while this was read
            return
        self._apply_reading(utterance, reading, through_ms)

    @staticmethod
    def _is_speculating(utterance: _Utterance, speech_end: int) -> bool:
        early = utterance.early
        return early is not None and early.speech_end == speech_end and not early.is_dropped

    def _partials_fallback(self) -> StreamingRecognizer | None:
        """The partial decoder's streaming recognizer, if it has one (see PartialDecoder)."""
        return None if self.engines.partials is None else self.engines.partials.fallback

    async def _settle_partials(self) -> None:
        """Before the final: let Vosk take every frame (it is the fallback); drop Whisper's."""
        if self.engines.partials is None:
            return
        if self.engines.partials.fallback is not None:
            await self._partial_queue.join()
            return
        self._settle_whisper_partials()

    def _settle_whisper_partials(self) -> None:
        """Drop the frames waiting for Whisper re-decodes (a running one finishes; the final
        waits for it, then goes first)."""
        if self.engines.partials is None or self.engines.partials.fallback is not None:
            return
        while not self._partial_queue.empty():
            self._partial_queue.get_nowait()
            self._partial_queue.task_done()

    def _start_early_final(self, utterance: _Utterance, frame: Frame) -> None:
        """Decode during the trailing silence; if speech resumes, the result is dropped."""
        endpointer = utterance.endpointer
        speech_end = endpointer.speech_end_ms
        early_ms = self.settings.early_final_ms
        if not early_ms or speech_end is None or frame.end_ms - speech_end < early_ms:
            return
        if utterance.early is not None and utterance.early.speech_end == speech_end:
            return
        self._drop_speculation(utterance, frame.end_ms)
        speculation = _Speculation(speech_end)
        audio = self._utterance_audio(utterance)
        if self.settings.fill_pad:
            quiet = (frame.end_ms - speech_end) * SAMPLE_RATE // 1000
            audio = padded_with_quiet(audio, quiet, self.settings.pad_ms * SAMPLE_RATE // 1000)
        loop = asyncio.get_running_loop()
        speculation.task = loop.create_task(
            self._decode_final(audio, None, DecodeKind.SPECULATIVE, speculation)
        )
        utterance.early = speculation
        if self.reader is not None:  # the plain silence must not end it before it is read
            endpointer.read_as(Reading.PENDING, speech_end)
        follow = loop.create_task(self._read_speculation(utterance, speculation))
        self._speculations.add(follow)
        follow.add_done_callback(self._speculations.discard)

    def _drop_speculation(
        self, utterance: _Utterance, position_ms: int, *, always: bool = False
    ) -> None:
        """Speech went on: the speculative final is for speech that did not end there."""
        speculation = utterance.early
        if speculation is None:
            return
        if not always and speculation.speech_end == utterance.endpointer.speech_end_ms:
            return
        utterance.early = None
        speculation.is_dropped = True
        if not speculation.is_started and speculation.task is not None:
            speculation.task.cancel()  # still waiting for Whisper: no work lost
        self._emit(SpeculationDropped(position_ms, speculation.speech_end, speculation.is_started))

    async def _decode_final(
        self,
        audio: np.ndarray,
        fallback: StreamingRecognizer | None,
        kind: DecodeKind,
        speculation: _Speculation | None = None,
    ) -> FinalResult:
        """Decode a final as soon as Whisper is free, ahead of any partial."""
        self._finals_waiting += 1
        is_waiting = True
        try:
            async with self._whisper:
                self._finals_waiting -= 1
                is_waiting = False
                if speculation is not None:
                    speculation.is_started = True
                started = time.perf_counter()
                is_wanted = None if speculation is None else speculation.is_wanted
                result = await asyncio.to_thread(
                    self.engines.final.transcribe, audio, self.prompt(), fallback, is_wanted
                )
                took = int((time.perf_counter() - started) * 1000)
                end_ms = speculation.speech_end if speculation else self.position_ms
                self._emit(DecodeFinished(end_ms, kind, took))
                return result
        finally:
            if is_waiting:  # cancelled while waiting for Whisper
                self._finals_waiting -= 1

    async def _read_speculation(self, utterance: _Utterance, speculation: _Speculation) -> None:
        """Read the speculative transcript; end the utterance now if it is a whole command."""
        assert speculation.task is not None
        try:
            result = await speculation.task
        except (ParleyError, asyncio.CancelledError):
            return
        if self.reader is None or speculation.is_dropped:
            return
        text = self._command_words(result.text)
        if not text:
            return
        try:
            reading = await asyncio.to_thread(self.reader.prepare, text)
        except ParleyError as exc:
            log.info("reading %r ahead failed: %s", text, exc.message)
            return
        if not speculation.is_dropped:
            self._apply_reading(utterance, reading, speculation.speech_end)

    def _apply_reading(self, utterance: _Utterance, reading: Reading, through_ms: int) -> None:
        if self._utterance is not utterance:  # already ended (or dropped)
            return
        endpointer = utterance.endpointer
        decision = endpointer.read_as(reading, through_ms)
        silence = endpointer.silence_needed_ms()
        speech_end = endpointer.speech_end_ms or through_ms
        self._emit(TranscriptRead(self.position_ms, speech_end, reading, silence))
        if decision is Decision.SPEECH_ENDED:
            self._settle_whisper_partials()
            self._end_utterance(self.position_ms, EndReason.SILENCE)

    def _command_words(self, text: str) -> str:
        return without_wake_phrase(text.strip(), self.settings.wake_phrases)

    async def _settle_speculations(self) -> None:
        """Wait until every speculative decode and its reading are done (files fed fast)."""
        while self._speculations:
            await asyncio.gather(*list(self._speculations), return_exceptions=True)

    def _utterance_audio(self, utterance: _Utterance) -> np.ndarray:
        endpointer = utterance.endpointer
        speech_end = endpointer.speech_end_ms or self.position_ms
        start = max(utterance.floor_ms, (endpointer.speech_start_ms or 0) - self.settings.pad_ms)
        return self._audio_between(start, speech_end + self.settings.pad_ms)

    def _no_speech(self, position_ms: int) -> None:
        utterance = self._utterance
        assert utterance is not None
        self._utterance = None
        self.state = State.IDLE
        if utterance.trigger == Trigger.FOLLOW_UP:
            self._emit(FollowUpEnded(position_ms))
            return
        self._emit(NothingHeard(position_ms, utterance.trigger))
        self._spawn(self._say_own(self.settings.not_heard_reply))

    def _end_utterance(self, position_ms: int, reason: EndReason) -> None:
        utterance = self._utterance
        if utterance is None:  # a speculative reading ended it while the caller waited
            return
        endpointer = utterance.endpointer
        speech_end = endpointer.speech_end_ms or position_ms
        self._emit(SpeechEnded(position_ms, speech_end, reason))
        audio = self._utterance_audio(utterance)
        self._drop_speculation(utterance, position_ms)  # speech went on past it: not ours
        early = utterance.early.task if utterance.early is not None else None
        self._utterance = None
        self.state = State.BUSY
        self.utterances += 1
        self._spawn(self._respond(audio, early, utterance))

    def _frames_between(self, start_ms: int, end_ms: int) -> list[Frame]:
        return [f for f in self._history if f.end_ms > start_ms and f.position_ms < end_ms]

    def _audio_between(self, start_ms: int, end_ms: int) -> np.ndarray:
        frames = self._frames_between(start_ms, end_ms)
        if not frames:
            return np.zeros(0, dtype=np.int16)
        audio = np.concatenate([f.samples for f in frames])
        offset = max(0, (start_ms - frames[0].position_ms) * SAMPLE_RATE // 1000)
        length = (end_ms - start_ms) * SAMPLE_RATE // 1000
        return audio[offset : offset + length]

    # -- after the utterance -------------------------------------------------------------------

    def _spawn(self, coroutine: Any) -> None:
        task = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _respond(
        self,
        audio: np.ndarray,
        early: asyncio.Task[FinalResult] | None,
        utterance: _Utterance,
    ) -> None:
        self._recordings.append(utterance)  # its events go on being recorded until the reply
        try:
            heard = await self._transcribe(audio, early)
            text = without_wake_phrase(heard, self.settings.wake_phrases)
            if heard and not text:  # only the wake word: listen for the command
                has_window = self.settings.follow_up_s > 0  # no pre-roll: it holds the wake word
                self._pending_trigger = Trigger.FOLLOW_UP if has_window else Trigger.WAKE
                return
            if not text:
                self._emit(
                    NothingHeard(
                        self.position_ms, utterance.trigger, NoSpeechReason.EMPTY_TRANSCRIPT
                    )
                )
                await self._say_own(self.settings.not_heard_reply)
                return
            handled = await self.handler.handle(text)
            if handled.outcome is not None:
                utterance.events.append({"type": "outcome", "outcome": handled.outcome})
            await self._say(handled.reply, follow_up=True)
        except ParleyError as exc:
            self._fail(exc)
            await self._say_own(f"Sorry, {exc.message}")
        except Exception as exc:
            log.exception("the pipeline failed on an utterance")
            self._fail(EngineError(f"unexpected: {exc}"))
        finally:
            self._recordings.remove(utterance)
            self._record(audio, utterance)
            if self.state is State.BUSY and not self._busy_elsewhere():
                self.state = State.IDLE

    def _busy_elsewhere(self) -> bool:
        current = asyncio.current_task()
        return any(task is not current and not task.done() for task in self._tasks)

    async def _transcribe(self, audio: np.ndarray, early: asyncio.Task[FinalResult] | None) -> str:
        started = time.perf_counter()
        result = await self._early_result(early)
        if result is None:
            result = await self._decode_final(audio, self._partials_fallback(), DecodeKind.FINAL)
        decode_ms = int((time.perf_counter() - started) * 1000)
        self._emit(
            FinalTranscribed(
                self.position_ms, result.text, result.engine, decode_ms, result.fallback_reason
            )
        )
        return result.text.strip()

    async def _early_result(self, early: asyncio.Task[FinalResult] | None) -> FinalResult | None:
        if early is None:
            return None
        try:
            return await early
        except ParleyError as exc:
            log.info("early final failed (%s); decoding again", exc.message)
            return None

    async def say(self, text: str) -> None:
        """Speak ``text`` now, after any reply already playing (MQTT cmd/say, reminders)."""
        await self._say_own(text)

    async def _say_own(self, text: str) -> None:
        """Say something the pipeline decided itself (the core announces its own replies)."""
        self._emit(ReplyReady(text))
        await self._say(text, follow_up=False)

    async def _say(self, text: str, *, follow_up: bool) -> None:
        if not text:
            return
        async with self._speak_lock:
            loop = asyncio.get_running_loop()

            def first_audio() -> None:  # runs in the speaking thread
                event = SpeakingStarted(self.position_ms, text)
                loop.call_soon_threadsafe(self._emit, event)

            self.detector.suppress_until(self.position_ms)
            try:
                report = await asyncio.to_thread(self.engines.speaker.say, text, first_audio)
            except (OSError, AudioError) as exc:
                # No speaker (unplugged, or none): the reply still went out as an event and
                # the follow-up window still opens; an error event, not a traceback.
                self._fail(AudioError(f"cannot play the reply: {exc}"))
            else:
                path = self._save_reply()
                audio_s = round(report.samples / max(report.sample_rate, 1), 3)
                self._emit(
                    SpeakingEnded(
                        self.position_ms,
                        report.sentences,
                        audio_s,
                        report.is_interrupted,
                        str(path) if path else None,
                    )
                )
        if follow_up and self.settings.follow_up_s > 0 and self._utterance is None:
            self._pending_trigger = Trigger.FOLLOW_UP

    def _save_reply(self) -> Path | None:
        save = getattr(self.engines.speaker.sink, "save", None)
        return save(self.reply_name(self.utterances)) if save else None

    def _fail(self, error: ParleyError) -> None:
        log.warning("%s failed: %s", error.stage, error.message)
        self._emit(ErrorRaised(error.stage, error.message, error.code))

    # -- output --------------------------------------------------------------------------------

    def _emit(self, event: Event) -> None:
        if self.settings.record_dir is not None:
            current = [self._utterance] if self._utterance is not None else []
            for utterance in [*current, *self._recordings]:
                utterance.events.append(event.to_dict())
        self._emit_out(event)

    def _record(self, audio: np.ndarray, utterance: _Utterance) -> None:
        directory = self.settings.record_dir
        if directory is None:
            return
        stem = directory / f"utterance-{int(time.time())}-{self.utterances:03d}"
        path = write_wav(stem.with_suffix(".wav"), audio, SAMPLE_RATE)
        lines = "".join(json.dumps(event, default=str) + "\n" for event in utterance.events)
        stem.with_suffix(".jsonl").write_text(lines, encoding="utf-8")
        self._emit(UtteranceRecorded(self.position_ms, str(path)))


def wake_phrase(model: str) -> str:
    """The words of a wake word model's name: ``hey_jarvis`` and ``hey_jarvis_v0.1.onnx``
    -> ``hey jarvis``."""
    stem = Path(model).name.removesuffix(".onnx").removesuffix(".tflite")
    words = re.split(r"[_\-\s]+", re.sub(r"_v\d+(\.\d+)*$", "", stem))
    return " ".join(word for word in words if word).lower()


def without_wake_phrase(text: str, phrases: tuple[str, ...]) -> str:
    """``text`` without a leading wake phrase and the punctuation after it ("Hey, Jarvis!
    Add milk" -> "Add milk"); unchanged when it does not start with one.

    Whisper often mishears the short first word of a wake phrase said again at the start of a
    follow-up ("pay Jarvis. Add eggs"): the first word may be near (``WAKE_FIRST_WORD_RATIO``)
    or rhyme (as short, the same last letter), the rest (the name) must match closely.
    """
    tokens = list(re.finditer(r"[\w']+", text))
    for phrase in phrases:
        words = phrase.lower().split()
        if not words or len(tokens) < len(words):
            continue
        heard = [token.group().lower() for token in tokens[: len(words)]]
        first_ok = fuzz.ratio(heard[0], words[0]) >= WAKE_FIRST_WORD_RATIO or (
            len(heard[0]) <= len(words[0]) + 1 and heard[0][-1] == words[0][-1]  # a rhyme
        )
        if first_ok and all(
            fuzz.ratio(said, word) >= WAKE_WORD_RATIO
            for said, word in zip(heard[1:], words[1:], strict=True)
        ):
            return text[tokens[len(words) - 1].end() :].lstrip(" \t,.;:!?-").strip()
    return text
