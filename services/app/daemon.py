"""The daemon: the core, the job queue, the voice pipeline and the audio, assembled.

``build_daemon`` builds the engines from config and the pipeline around an open core; the
pipeline sends each final transcript to the core's job queue and speaks the reply. Other parts
(MQTT, LEDs, systemd notify, the status socket; see components.py) attach as ``Component``s:
each gets the running daemon and is supervised (logged, restarted with backoff) until the
daemon stops. `parley run` (run.py) starts and stops it through lifecycle.py.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, ClassVar, Protocol

import numpy as np

from device.audio import (
    FRAME_SAMPLES,
    PIPE_PREFIX,
    SAMPLE_RATE,
    AudioSink,
    AudioSource,
    DeviceStatus,
    Frame,
    MicSettings,
    MicSource,
    PipeAudio,
    SpeakerSink,
    WavSink,
    WavSource,
)
from services.app.model_files import model_dir
from services.config import SAME_AS_FINAL, Config
from services.core.assistant import Parley
from services.core.executor import Conversation
from services.core.jobs import JobQueue
from services.errors import AudioError, ErrorCode, ParleyError
from services.events import ErrorRaised, Event, EventBus, ReminderDue
from services.nlu import ParseContext
from services.nlu.commands import OPEN_STATUSES
from services.nlu.fastpath import default_parser
from services.voice.pipeline import (
    Engines,
    Handled,
    ListeningStarted,
    Pipeline,
    PipelineSettings,
    Trigger,
    wake_phrase,
)
from services.voice.rescore import GrammarRescorer
from services.voice.stt import (
    BASE_MODEL,
    DecodeSettings,
    FinalStage,
    PartialDecoder,
    Vocabulary,
    VoskPartials,
    VoskRecognizer,
    WhisperPartials,
    WhisperTranscriber,
    assemble_base,
    build_prompt,
)
from services.voice.tts import PiperSynthesizer, Speaker
from services.voice.vad import EndpointSettings, Reading, SileroVad
from services.voice.wake import OpenWakeWord, WakeSettings

log = logging.getLogger(__name__)

EX_NOINPUT = 66  # an --audio file is missing or unreadable


@dataclass(frozen=True)
class AudioDeviceChanged(Event):
    """The microphone was opened, lost, or is being reopened."""

    type: ClassVar[str] = "audio_device"
    state: str
    detail: str
    attempt: int = 0


# -- building engines from config ------------------------------------------------------------


def pipeline_settings(config: Config, *, wait_while_busy: bool) -> PipelineSettings:
    """Turn the wake, vad, audio and stt sections into the pipeline's settings."""
    wake = config.wake
    thresholds = {model: wake.thresholds.get(model, wake.threshold) for model in wake.models}
    vad = config.vad
    record = config.audio.record_dir
    return PipelineSettings(
        wake=WakeSettings(thresholds, wake.refractory_ms, wake.vad_threshold),
        endpoint=EndpointSettings(
            threshold=vad.threshold,
            trailing_silence_ms=vad.trailing_silence_ms,
            min_speech_ms=vad.min_speech_ms,
            max_speech_ms=vad.max_speech_ms,
            no_speech_timeout_ms=vad.no_speech_timeout_ms,
            complete_silence_ms=vad.complete_silence_ms,
            incomplete_silence_ms=vad.incomplete_silence_ms,
        ),
        early_final_ms=vad.speculative_ms,
        pre_roll_ms=config.audio.pre_roll_ms,
        follow_up_s=wake.follow_up_s,
        wait_while_busy=wait_while_busy,
        wake_phrases=tuple(wake_phrase(model) for model in wake.models),
        record_dir=Path(record).expanduser() if record else None,
    )


def whisper_transcriber(
    config: Config, context: Callable[[], ParseContext] | None = None
) -> WhisperTranscriber:
    """Load Whisper with the configured decoding; rescore its n-best when there is a context."""
    stt = config.stt
    settings = DecodeSettings(
        beam_size=stt.beam_size,
        temperature_fallback=stt.temperature_fallback,
        without_timestamps=not stt.timestamps,
        vocabulary=Vocabulary(stt.vocabulary),
        hypotheses=stt.hypotheses if context is not None and stt.rescore else 1,
        window_s=stt.window_s,
        greedy_first=stt.greedy_first,
    )
    rescorer = None
    if context is not None and stt.rescore:
        rescorer = GrammarRescorer(
            default_parser(),
            context,
            margin=stt.rescore_margin,
            sure_score=stt.greedy_min_score,
        )
    model = stt.model or None
    if model == BASE_MODEL:  # the packaged multilingual base, joined from its parts once
        model = str(assemble_base(model_dir(config, stt.model_dir)))
    return WhisperTranscriber(
        model,
        compute_type=stt.compute_type,
        language=stt.language or None,
        cpu_threads=stt.threads,
        settings=settings,
        rescorer=rescorer,
    )


# A partial's window: the speech so far and a second more (stt._window_frames), not the final's
# 10 s. Its encoder then reads 2-4 s instead of 10 (53 ms against 193 for a 1.8 s command), so a
# partial still running when the speaker stops holds the speculative final back less.
PARTIAL_WINDOW_S = 1.0


def partial_whisper(config: Config, final: WhisperTranscriber) -> WhisperTranscriber:
    """The Whisper model partials re-decode with (``[stt] partial_model``): the packaged tiny.en,
    the final's own model ("same"), or a model directory.

    A partial decode cannot be stopped once it runs, and one running when the speaker stops
    holds the speculative final back: base's took 250-500 ms on this machine's two cores,
    tiny.en's 80-280. A partial is a live preview and a hint for endpointing; the final
    decides what runs.
    """
    stt = config.stt
    if stt.partial_model == SAME_AS_FINAL:
        return final
    return WhisperTranscriber(
        stt.partials_model_dir(),
        compute_type=stt.compute_type,
        language=stt.language or None,
        cpu_threads=stt.threads,
    )


def whisper_partials(whisper: WhisperTranscriber, interval_ms: int) -> WhisperPartials:
    """Partials from ``whisper`` (``partial_whisper``), greedy and plain in a window just long
    enough for the speech so far: rescoring and the longer window are worth their cost on
    finals."""
    plain = replace(
        whisper.settings,
        beam_size=1,
        hypotheses=1,
        without_timestamps=True,
        window_s=PARTIAL_WINDOW_S,
    )
    return WhisperPartials(whisper.variant(plain, None), interval_ms)


def build_engines(
    config: Config, sink: AudioSink, context: Callable[[], ParseContext] | None = None
) -> Engines:
    """Load every engine config names (raises EngineError naming what is missing).

    ``context`` gives what the parser knows (the store's names) to rescore Whisper's n-best.
    """
    stt = config.stt
    whisper = whisper_transcriber(config, context)
    partials: PartialDecoder | None = None
    if stt.vosk_model:
        partials = VoskPartials(VoskRecognizer(stt.vosk_model))
    elif stt.partials:
        partials = whisper_partials(partial_whisper(config, whisper), stt.partial_interval_ms)
    voice = PiperSynthesizer(config.tts.voice or None, length_scale=config.tts.length_scale)
    return Engines(
        wake=OpenWakeWord(list(config.wake.models)),
        vad=SileroVad(config.vad.model or None),
        final=FinalStage(whisper, time_limit_s=stt.time_limit_s),
        speaker=Speaker(voice, sink),
        partials=partials,
    )


def mic_settings(config: Config) -> MicSettings:
    """Turn the audio section into the microphone's settings."""
    audio = config.audio
    device: str | int | None = audio.input_device or None
    if isinstance(device, str) and device.isdigit():
        device = int(device)
    return MicSettings(
        device=device,
        rates=tuple(audio.input_rates),
        channels=audio.input_channels,
        channel=None if audio.input_channel < 0 else audio.input_channel,
        backoff_s=tuple(audio.reopen_backoff_s),
    )


def vocabulary(store: Any, style: str = "") -> str | None:
    """Build Whisper's prompt from the people, projects and open tasks in the store.

    Titles Whisper itself wrote (tasks created or renamed by voice) are left out: they carry no
    spelling it does not know, and a misheard one fed back to it made it mishear again (see
    ``Step.wording``). The titles are the most recently updated that differ once their numbers
    are out (``build_prompt``), from every open task: an automation typing "mqtt check 1" ...
    "mqtt check 40" used to fill the thirty newest and leave one title in the prompt.
    """
    people = [p["name"] for p in store.all("people")]
    projects = [p["name"] for p in store.all("projects")]
    tasks = store.search("tasks", lambda t: t.get("status") in OPEN_STATUSES and not t.get("heard"))
    tasks.sort(key=lambda t: t.get("updated_at") or "", reverse=True)
    return build_prompt(people, projects, (t["title"] for t in tasks), style=style)


def announcement(event: ReminderDue) -> str:
    """Return what Parley says when a reminder, timer or meeting alert is due."""
    lead = {"timer": "Your timer is done", "meeting": "Meeting soon"}.get(event.kind, "Reminder")
    late = " (this was due earlier)" if event.is_late else ""
    return f"{lead}: {event.text}.{late}" if event.text else f"{lead}.{late}"


def earcon(duration_s: float = 0.12, pitch_hz: float = 880.0) -> np.ndarray:
    """Return a short beep (16 kHz int16) that says "listening"."""
    times = np.arange(int(SAMPLE_RATE * duration_s)) / SAMPLE_RATE
    envelope = np.minimum(1.0, np.minimum(times, duration_s - times) / 0.01)
    return (np.sin(2 * np.pi * pitch_hz * times) * envelope * 8000).astype(np.int16)


# -- the core, seen from the pipeline ----------------------------------------------------------


class CoreReader:
    """Reads transcripts for the pipeline before the endpoint, with the core's fast path."""

    def __init__(self, parley: Any, *, conversation: str = "voice") -> None:
        self.parley = parley
        self.conversation = conversation

    def read(self, text: str) -> Reading:
        return _reading(self.parley.read(text, conversation=self.conversation))

    def prepare(self, text: str) -> Reading:
        return _reading(self.parley.prepare(text, conversation=self.conversation))


def _reading(preview: Any) -> Reading:
    if preview.is_open:
        return Reading.OPEN
    return Reading.COMPLETE if preview.is_complete else Reading.UNPARSED


class QueueHandler:
    """Send final transcripts to the core's job queue and wait for the outcome."""

    def __init__(self, queue: Any, *, conversation: str = "voice", source: str = "voice") -> None:
        self.queue = queue
        self.conversation = conversation
        self.source = source

    async def handle(self, text: str) -> Handled:
        try:
            job = await self.queue.submit(text, source=self.source, conversation=self.conversation)
            outcome = await job.wait()
        except ParleyError as exc:
            return Handled(f"Sorry, {exc.message}", is_ok=False)
        return Handled(outcome.reply, outcome.ok, outcome.to_dict())


# -- JSON lines out --------------------------------------------------------------------------


class EventPrinter:
    """Print events as JSON lines with ``audio_ms`` and ``wall_ms`` (thread-safe).

    ``wall_ms`` counts from the moment the first frame was fed, less that frame's length when
    the audio runs in real time, so ``audio_ms`` and ``wall_ms`` share an origin.
    """

    def __init__(self, position_ms: Callable[[], int], stream: Any = None) -> None:
        self._position_ms = position_ms
        self._stream = stream or sys.stdout
        self._lock = threading.Lock()
        self.origin: float | None = None

    def start(self, origin: float) -> None:
        if self.origin is None:
            self.origin = origin

    def __call__(self, event: Event) -> None:
        data = event.to_dict()
        data.pop("schema", None)
        data.setdefault("audio_ms", self._position_ms())
        now = time.perf_counter()
        origin = now if self.origin is None else self.origin
        data["wall_ms"] = round((now - origin) * 1000, 1)
        with self._lock:  # printed, not kept: a daemon run with --json prints for days
            print(json.dumps(data, ensure_ascii=False, default=str), file=self._stream, flush=True)


class _StampedSource:
    """Wrap a source to note when its first frame arrives (the wall-clock origin)."""

    def __init__(self, source: AudioSource, on_first: Callable[[float], None], realtime: bool):
        self.source = source
        self._on_first = on_first
        self._is_realtime = realtime
        self._is_first = True

    def read(self) -> Frame | None:
        frame = self.source.read()
        if frame is not None and self._is_first:
            self._is_first = False
            lag = FRAME_SAMPLES / SAMPLE_RATE if self._is_realtime else 0.0
            self._on_first(time.perf_counter() - lag)
        return frame

    def close(self) -> None:
        self.source.close()


# -- the daemon ------------------------------------------------------------------------------


class Component(Protocol):
    """Something that runs beside the pipeline for the daemon's lifetime (MQTT, LEDs, ...)."""

    name: str

    async def run(self, daemon: Daemon) -> None: ...


@dataclass
class Daemon:
    """The running appliance: core, job queue, pipeline, audio, components."""

    config: Config
    parley: Parley
    queue: JobQueue
    pipeline: Pipeline
    source: AudioSource
    sink: AudioSink
    components: list[Component] = field(default_factory=list)
    backoff_s: tuple[float, ...] = (1.0, 2.0, 5.0, 10.0, 30.0)

    @property
    def bus(self) -> EventBus:
        return self.parley.bus

    async def run(self) -> None:
        """Run the pipeline and the components until the audio source ends or this is cancelled.

        Signals, the job queue's shutdown and the store are ``services.app.lifecycle``'s and
        ``services.app.run``'s: this only listens and supervises.
        """
        supervisors = [asyncio.create_task(self._supervise(c)) for c in self.components]
        loop = asyncio.get_running_loop()
        unsubscribe = self.bus.subscribe(self._announcer(loop), ReminderDue)
        try:
            await self.pipeline.run(self.source)
        finally:
            unsubscribe()
            for task in supervisors:
                task.cancel()
            await asyncio.gather(*supervisors, return_exceptions=True)

    async def stop_intake(self) -> None:
        """Stop taking new utterances: close the audio source, so the pipeline's loop ends."""
        log.info("no longer listening")
        self.source.close()  # a blocked mic read returns None

    def _announcer(self, loop: asyncio.AbstractEventLoop) -> Callable[[Event], None]:
        """Speak due reminders, timers and meetings (the scheduler publishes from any thread)."""

        def announce(event: Event) -> None:
            if isinstance(event, ReminderDue):
                text = announcement(event)
                loop.call_soon_threadsafe(lambda: loop.create_task(self.pipeline.say(text)))

        return announce

    async def _supervise(self, component: Component) -> None:
        failures = 0
        while True:
            try:
                await component.run(self)
                return
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                delay = self.backoff_s[min(failures, len(self.backoff_s) - 1)]
                failures += 1
                log.exception("component %s failed; restarting in %s s", component.name, delay)
                code = exc.code if isinstance(exc, ParleyError) else ErrorCode.FAILED
                self.bus.publish(ErrorRaised(component.name, str(exc), code))
                await asyncio.sleep(delay)

    def close(self) -> None:
        """Close the audio and the engines' threads (the caller closes the core)."""
        self.source.close()
        self.sink.close()
        self.pipeline.engines.final.close()


def open_source(args: argparse.Namespace, config: Config, bus: EventBus) -> AudioSource:
    """Open the WAV files named by --audio, or the configured microphone."""
    if args.audio:
        return WavSource(args.audio, is_realtime=args.realtime, trailing_silence_s=1.0)

    def status(change: DeviceStatus) -> None:
        bus.publish(AudioDeviceChanged(change.state, change.detail, change.attempt))

    settings = mic_settings(config)
    factory = None
    if isinstance(settings.device, str) and settings.device.startswith(PIPE_PREFIX):
        pipe = PipeAudio(settings.device.removeprefix(PIPE_PREFIX))
        settings = replace(settings, device=None, rates=(SAMPLE_RATE,), channels=1, channel=None)
        factory = lambda: pipe  # noqa: E731
    mic = MicSource(settings, pyaudio_factory=factory, on_status=status)
    try:
        mic.open()
    except AudioError as exc:  # no mic yet (a USB card still enumerating): keep trying
        log.warning("%s; retrying with backoff", exc.message)
        bus.publish(AudioDeviceChanged("lost", exc.message))
    return mic


def open_sink(args: argparse.Namespace, config: Config) -> AudioSink:
    """Write replies to --reply-wav (or nowhere) for files; the speaker for the mic."""
    directory = Path(args.reply_wav) if args.reply_wav else None
    if args.audio:
        return WavSink(directory)
    device = config.audio.output_device or None
    try:
        if device is not None and device.startswith(PIPE_PREFIX):
            pipe = PipeAudio(device.removeprefix(PIPE_PREFIX))
            return SpeakerSink(None, pyaudio_factory=lambda: pipe)
        return SpeakerSink(device)
    except (AudioError, OSError) as exc:
        log.error("no speaker (%s); replies go to %s", exc, directory or "nowhere")
        return WavSink(directory)


def build_daemon(
    args: argparse.Namespace, config: Config, parley: Any, printer: EventPrinter | None
) -> Daemon:
    """Assemble the daemon for `parley run` around an open core."""

    def handle_text(text: str, source: str, conversation: str) -> Any:
        return parley.handle_text(text, source=source, conversation=conversation)

    queue = JobQueue(handle_text, bus=parley.bus, settings=config.jobs, clock=parley.clock)
    source = open_source(args, config, parley.bus)
    sink = open_sink(args, config)
    is_files = bool(args.audio)
    settings = pipeline_settings(config, wait_while_busy=is_files and not args.realtime)
    if args.record_dir:
        settings = PipelineSettings(**{**settings.__dict__, "record_dir": Path(args.record_dir)})
    pipeline = Pipeline(
        build_engines(config, sink, lambda: voice_context(parley)),
        settings,
        QueueHandler(queue),
        emit=parley.bus.publish,
        prompt=lambda: _prompt(config, parley.store),
        reader=CoreReader(parley),
    )
    if printer is not None:
        source = _StampedSource(source, printer.start, bool(args.realtime))
    if config.wake.earcon and not is_files:
        beep = earcon()
        parley.bus.subscribe(
            lambda event: _beep(sink, beep, event),
            ListeningStarted,
        )
    return Daemon(config, parley, queue, pipeline, source, sink)


def voice_context(parley: Parley) -> ParseContext:
    """What the parser knows for the next voice command: the store's names, the conversation."""
    return parley.context_for(parley.conversations.get("voice") or Conversation("voice"))


def _prompt(config: Config, store: Any) -> str | None:
    if config.stt.prompt_names:
        return vocabulary(store, config.stt.prompt_style)
    return build_prompt(style=config.stt.prompt_style)


def _beep(sink: AudioSink, beep: np.ndarray, event: Event) -> None:
    if isinstance(event, ListeningStarted) and event.trigger != Trigger.FOLLOW_UP:
        threading.Thread(target=sink.play, args=(beep, SAMPLE_RATE), daemon=True).start()
