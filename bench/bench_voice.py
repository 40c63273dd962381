"""Voice latency benchmark: from the last voiced frame to the first reply audio, in real time.

    .venv/bin/python bench/bench_voice.py [--clips 8] [--conditions quiet hog] [--out bench/voice]

Each clip is generated (Piper and espeak-ng voices): silence, "Hey Jarvis", a pause, a command,
silence. Clips are fed at real speed through the real engines and the real core (a fresh store
in a temp dir), and every event is stamped on the wall clock. Every figure counts from the
command's last voiced sample (what a person waits, including the silence the endpointer needs):

- endpoint: the endpointer's decision that speech ended (``speech_end``);
- final / command / first audio: the final transcript, the command executed (committed), the
  first reply audio handed to the speaker (``tts_start``).

Besides the plain commands, "paused" clips say a command in two parts with a pause between
(0.45-0.7 s, after an open clause such as "... at" or "... and", or after a part that is a
whole command by itself): a clip is **cut off** when the endpoint came before its last word
(the utterance that was answered ended more than 250 ms before the command's voiced end). Also
per command: WER of the (first) final transcript against what was said, Whisper decodes and
wasted (speculative decodes dropped after Whisper ran them), CPU seconds of this process.

Configurations, same models and clips:

- ``old``: the pipeline as it was before semantic endpointing: final decoded early after 240 ms
  of trailing silence, the utterance ended after 600 ms of silence whatever was said, nothing
  parsed before the endpoint, a first sentence cut at its comma only past eight words;
- ``new``: the shipped defaults (config/default.toml): speculative final at ``speculative_ms``,
  its transcript read on the fast path (``complete_silence_ms`` after a whole command,
  ``incomplete_silence_ms`` otherwise) and parsed ahead, the first clause spoken first;
- ``new-np``: ``new`` without Whisper partials (``stt.partials = false``, for a Pi 4);
- ``new-tiny``: ``new`` with the Whisper setup of ``old`` (to tell the model's share from the
  endpointing's);
- ``wyoming``: the baseline Home Assistant's Wyoming stack uses (wyoming-faster-whisper style:
  wait for the end of speech, then transcribe the whole utterance with the same model; the whole
  reply synthesized before it plays, as wyoming-piper does).

Whisper: ``old`` and ``wyoming`` decode with the packaged tiny.en, greedy, in Whisper's 30 s
window (Parley's set-up before issue 12, and what wyoming-faster-whisper runs on a Pi); the
``new`` configurations decode as the shipped ``[stt]`` section says (or the ``--config`` file's):
model, greedy reading first and the n-best only when the rescorer does not settle on it, n-best
rescored against the grammar and the store's names, encoder window; their
partials are greedy re-decodes on ``[stt] partial_model`` (tiny.en, or the final's model with
``same``), as in the daemon.

Conditions: ``quiet`` (the machine as it is) and ``hog`` (one busy process pinned to one core).
With ``--llm qwen2.5-coder-0.5b`` the clips say commands the fast path leaves to the model.

Writes ``<out>/bench_voice.md`` (tables), ``<out>/bench_voice.json`` (every measurement),
``<out>/waterfall.png`` (per clip: speech, each decode, endpoint, command, first audio) and
``<out>/latency_cdf.png``. Budgets (DESIGN.md): last voiced frame -> first reply audio, fast-path
commands, p50 <= 700 ms and p95 <= 1,000 ms, with no more cut-off commands than ``old``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import make_demo_audio as speech  # noqa: E402

from bench import voice_report  # noqa: E402
from device.audio import FRAME_SAMPLES, SAMPLE_RATE, Frame, WavSink, WavSource, write_wav  # noqa: E402
from services import config as config_module  # noqa: E402
from services.app.daemon import (  # noqa: E402
    CoreReader,
    QueueHandler,
    vocabulary,
    voice_context,
    whisper_partials,
    whisper_transcriber,
)
from services.app.model_files import shared_model_dir  # noqa: E402
from services.voice.pipeline import Engines, Pipeline, PipelineSettings  # noqa: E402
from services.voice.stt import FinalStage, WhisperTranscriber  # noqa: E402
from services.voice.tts import PiperSynthesizer, Speaker, Speech  # noqa: E402
from services.voice.vad import EndpointSettings, SileroVad  # noqa: E402
from services.voice.wake import OpenWakeWord, WakeSettings  # noqa: E402

COMMANDS = [
    "Add a task to buy milk.",
    "Remind me to call Sam tomorrow at 9.",
    "Add a task to call the plumber due Friday.",
    "Start a timer for 20 minutes.",
    "What time is it?",
    "Add a task to water the plants.",
    "Add a task to book the dentist for Monday.",
    "Set a timer for 5 minutes.",
]
# Said in two parts, with a pause (s) between: after an open clause, or after a whole command.
PAUSED = [
    ("Remind me to call Sam tomorrow at", 0.7, "9."),
    ("Add a task to water the plants and", 0.7, "book the dentist for Monday."),
    ("Start a timer for", 0.5, "20 minutes."),
    ("Add a task to buy milk", 0.45, "and eggs."),
    ("Add a task to call the plumber", 0.5, "due Friday."),
]
# Commands the fast path leaves to the LLM (`--llm`): free wording and several actions at once.
LLM_COMMANDS = [
    "Put down a job for Sam to sort the recycling by Thursday, and make it urgent.",
    "Ask Jo to pick up the banner and remind me on Friday to check she did.",
    "Our landlord wants the meter read, so could somebody deal with that before the weekend.",
    "Get the budget signed off and then let Sam know it is done.",
]
DEFAULTS = config_module.defaults()
STYLE = DEFAULTS.stt.prompt_style
CUT_MARGIN_MS = 250


@dataclass(frozen=True)
class Setup:
    """One configuration of the pipeline."""

    early_final_ms: int
    is_semantic: bool  # read the transcript so far (and parse it ahead)
    first_words: int  # Speaker: a first sentence longer than this is cut at its comma
    has_partials: bool = True
    is_whole_reply: bool = False  # wyoming-piper: synthesize the whole reply, then play
    complete_silence_ms: int = DEFAULTS.vad.complete_silence_ms
    is_shipped_stt: bool = True  # the [stt] section's Whisper set-up; False: tiny.en greedy 30 s
    window_s: float | None = None  # the shipped Whisper's encoder window; None: [stt] window_s
    fill_pad: bool = True  # PipelineSettings.fill_pad: an early speculative final reads 200 ms


VAD = DEFAULTS.vad
SETUPS = {
    "old": Setup(240, False, 8, is_shipped_stt=False),
    "new": Setup(VAD.speculative_ms, True, 4),
    "new-np": Setup(VAD.speculative_ms, True, 4, has_partials=False),
    "new-tiny": Setup(VAD.speculative_ms, True, 4, is_shipped_stt=False),
    "wyoming": Setup(
        0, False, 1_000, has_partials=False, is_whole_reply=True, is_shipped_stt=False
    ),
}


@dataclass
class Clip:
    """A generated recording, what it says and where its command starts and ends (ms)."""

    name: str
    text: str
    path: Path
    command_start_ms: int
    command_end_ms: int
    wake_end_ms: int
    is_paused: bool = False


@dataclass
class Measure:
    """One clip through one configuration (ms from the command's last voiced sample)."""

    clip: str
    is_paused: bool
    wake: float | None = None  # the wake word detected, after the phrase's last voiced sample
    endpoint: float | None = None
    final: float | None = None
    command: float | None = None
    first_audio: float | None = None
    speech_start: float | None = None
    decodes: list[tuple[str, float, float]] = field(default_factory=list)  # kind, start, end
    wasted: int = 0
    is_cut: bool = False
    transcript: str = ""
    errors: int = 0  # word errors against what was said
    words: int = 0
    cpu_s: float = 0.0
    missing: str = ""


def _voiced_end_ms(audio: np.ndarray) -> int:
    loud = np.flatnonzero(np.abs(audio.astype(np.int32)) > 0.02 * np.abs(audio).max())
    return int(loud[-1] * 1000 / SAMPLE_RATE)


def _voiced_start_ms(audio: np.ndarray) -> int:
    loud = np.flatnonzero(np.abs(audio.astype(np.int32)) > 0.02 * np.abs(audio).max())
    return int(loud[0] * 1000 / SAMPLE_RATE)


def _say(text: str, use_espeak: bool) -> np.ndarray:
    return speech.espeak(text) if use_espeak else speech.piper(text)


def _voiced(audio: np.ndarray, margin_ms: int = 20) -> np.ndarray:
    """The voiced span of ``audio`` (the voices pad their output with silence)."""
    margin = margin_ms * SAMPLE_RATE // 1000
    start = max(0, _voiced_start_ms(audio) * SAMPLE_RATE // 1000 - margin)
    end = _voiced_end_ms(audio) * SAMPLE_RATE // 1000 + margin
    return audio[start:end]


def make_clips(count: int, directory: Path, commands: list[str], paused: bool) -> list[Clip]:
    """The plain commands (``count``), then the paused ones; every fourth in espeak-ng."""
    spoken: list[tuple[str, list[np.ndarray | float], bool]] = []
    for index in range(count):
        use_espeak = index % 4 == 3
        text = commands[index % len(commands)]
        spoken.append((text, [_say(text, use_espeak)], use_espeak))
    for index, (head, pause, tail) in enumerate(PAUSED if paused else []):
        use_espeak = index % 4 == 3
        parts = [_voiced(_say(head, use_espeak)), pause, _voiced(_say(tail, use_espeak))]
        spoken.append((f"{head} {tail}", parts, use_espeak))
    clips = []
    for index, (text, parts, use_espeak) in enumerate(spoken):
        wake = _say("Hey Jarvis" if use_espeak else "Hey Jarvis.", use_espeak)
        command = speech.compose(*parts)
        lead, gap = 0.8, 0.4
        audio = speech.compose(lead, wake, gap, command, 1.8)
        offset = int((lead + gap) * 1000) + len(wake) * 1000 // SAMPLE_RATE
        path = write_wav(directory / f"clip-{index:02d}.wav", audio, SAMPLE_RATE)
        voice = "espeak" if use_espeak else "piper"
        clips.append(
            Clip(
                f"{voice}: {text}",
                text,
                path,
                offset + _voiced_start_ms(command),
                offset + _voiced_end_ms(command),
                int(lead * 1000) + _voiced_end_ms(wake),
                is_paused=len(parts) > 1,
            )
        )
    return clips


class WholeReplySpeaker(Speaker):
    """wyoming-piper style: synthesize the whole reply, then play it."""

    def _speeches(self, text: str, pool):
        if not self._stop.is_set():
            pieces = [self.synthesizer.synthesize(text)]
            yield Speech(np.concatenate([p.samples for p in pieces]), pieces[0].sample_rate, text)


class StampedSource:
    """A WAV source that notes when the stream's audio started on the wall clock."""

    def __init__(self, source: WavSource) -> None:
        self.source = source
        self.origin: float | None = None

    def read(self) -> Frame | None:
        frame = self.source.read()
        if frame is not None and self.origin is None:
            self.origin = time.perf_counter() - FRAME_SAMPLES / SAMPLE_RATE
        return frame

    def close(self) -> None:
        self.source.close()


def pipeline_settings(setup: Setup, *, is_realtime: bool = True) -> PipelineSettings:
    vad = DEFAULTS.vad
    plain = vad.trailing_silence_ms
    endpoint = EndpointSettings(
        threshold=vad.threshold,
        trailing_silence_ms=plain,
        complete_silence_ms=setup.complete_silence_ms if setup.is_semantic else plain,
        incomplete_silence_ms=vad.incomplete_silence_ms if setup.is_semantic else plain,
    )
    return PipelineSettings(
        wake=WakeSettings({"hey_jarvis": 0.5}),
        endpoint=endpoint,
        early_final_ms=setup.early_final_ms,
        fill_pad=setup.fill_pad,
        follow_up_s=0.0,
        wait_while_busy=not is_realtime,
        wake_phrases=("hey jarvis",),
    )


def run_clip(setup: Setup, clip: Clip, shared: dict[str, Any], state_dir: Path) -> Measure:
    """Feed one clip in real time through one configuration; return what was measured."""
    from services.clock import FixedClock
    from services.core.assistant import Parley
    from services.core.jobs import JobQueue

    config = config_module.load(None, general={"state_dir": str(state_dir)})
    clock = FixedClock(datetime(2026, 11, 19, 10, tzinfo=UTC))
    parley = Parley.open(config, clock=clock, parser=shared.get("router"))
    stamps: list[tuple[str, float, Any]] = []
    parley.bus.subscribe(lambda event: stamps.append((event.type, time.perf_counter(), event)))
    shared["context"] = lambda: voice_context(parley)  # the shipped rescorer reads this store
    whisper = shared["shipped" if setup.is_shipped_stt else "whisper"]
    if setup.window_s is not None:
        whisper = whisper.variant(
            replace(whisper.settings, window_s=setup.window_s), whisper.rescorer
        )
    # greedy and plain, as the daemon builds them, on [stt] partial_model (tiny.en: shared)
    partial_model = whisper
    if setup.is_shipped_stt and shared["partial_model"] != "same":
        partial_model = shared["whisper"]
    partials = (
        whisper_partials(partial_model, DEFAULTS.stt.partial_interval_ms)
        if setup.has_partials
        else None
    )
    speaker_class = WholeReplySpeaker if setup.is_whole_reply else Speaker
    engines = Engines(
        wake=OpenWakeWord(["hey_jarvis"]),
        vad=SileroVad(),
        final=FinalStage(whisper),
        speaker=speaker_class(shared["piper"], WavSink(None), first_words=setup.first_words),
        partials=partials,
    )
    is_realtime = shared.get("realtime", True)
    source = StampedSource(WavSource([clip.path], is_realtime=is_realtime))

    async def main() -> None:
        queue = JobQueue(
            lambda text, source, conversation: parley.handle_text(
                text, source=source, conversation=conversation
            ),
            bus=parley.bus,
            settings=config.jobs,
            clock=clock,
        )
        pipeline = Pipeline(
            engines,
            pipeline_settings(setup, is_realtime=is_realtime),
            QueueHandler(queue),
            emit=parley.bus.publish,
            prompt=lambda: vocabulary(parley.store, STYLE),
            reader=CoreReader(parley) if setup.is_semantic else None,
        )
        await pipeline.run(source)
        await queue.close()

    cpu = time.process_time()
    asyncio.run(main())
    cpu = time.process_time() - cpu
    parley.close()
    engines.final.close()
    return measure(clip, source.origin or 0.0, stamps, cpu)


def measure(clip: Clip, origin: float, stamps: list[tuple[str, float, Any]], cpu: float) -> Measure:
    """Turn the stamped events of one clip into a Measure (ms from the voiced end)."""
    result = Measure(clip.name, clip.is_paused, cpu_s=round(cpu, 3))

    def at(stamp: float) -> float:
        return round((stamp - origin) * 1000 - clip.command_end_ms, 1)

    firsts: dict[str, tuple[float, Any]] = {}
    for kind, stamp, event in stamps:
        firsts.setdefault(kind, (stamp, event))
        if kind == "decode":
            end = at(stamp)
            result.decodes.append((str(event.kind), round(end - event.decode_ms, 1), end))
        elif kind == "speculation_dropped" and event.has_decoded:
            result.wasted += 1
    missing = [k for k in ("speech_end", "final", "command", "tts_start") if k not in firsts]
    result.missing = ", ".join(missing)
    result.speech_start = float(clip.command_start_ms - clip.command_end_ms)
    for name, kind in (
        ("endpoint", "speech_end"),
        ("final", "final"),
        ("command", "command"),
        ("first_audio", "tts_start"),
    ):
        if kind in firsts:
            setattr(result, name, at(firsts[kind][0]))
    if "wake" in firsts:
        result.wake = round((firsts["wake"][0] - origin) * 1000 - clip.wake_end_ms, 1)
    if "speech_end" in firsts:
        ended = firsts["speech_end"][1].speech_end_ms
        result.is_cut = ended + CUT_MARGIN_MS < clip.command_end_ms
    if "final" in firsts:
        result.transcript = firsts["final"][1].text
    result.errors, result.words = word_errors(clip.text, result.transcript)
    return result


_NUMBERS = {"5": "five", "9": "nine", "20": "twenty"}


def _words(text: str) -> list[str]:
    cleaned = "".join(ch.lower() if ch.isalnum() or ch in " '" else " " for ch in text)
    return [_NUMBERS.get(word, word) for word in cleaned.split()]


def word_errors(said: str, heard: str) -> tuple[int, int]:
    """(word edit distance, words said), with the few numbers the clips say spelled out."""
    reference, hypothesis = _words(said), _words(heard)
    previous = list(range(len(hypothesis) + 1))
    for index, word in enumerate(reference, start=1):
        current = [index]
        for other_index, other in enumerate(hypothesis, start=1):
            cost = 0 if word == other else 1
            current.append(
                min(previous[other_index] + 1, current[-1] + 1, previous[other_index - 1] + cost)
            )
        previous = current
    return previous[-1], len(reference)


def start_hog() -> subprocess.Popen[bytes]:
    """One busy process pinned to one core (another program hogging the CPU)."""
    hog = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(hog.pid, {0})
    return hog


def run_condition(
    condition: str,
    setups: list[str],
    clips: list[Clip],
    shared: dict[str, Any],
    directory: Path,
    repeats: int = 1,
) -> dict[str, list[Measure]]:
    hog = start_hog() if condition == "hog" else None
    try:
        # clip by clip, every configuration in turn: a load that drifts during the run falls
        # on all of them alike
        results: dict[str, list[Measure]] = {name: [] for name in setups}
        for repeat in range(repeats):
            for index, clip in enumerate(clips):
                for name in setups:
                    state = directory / f"{condition}-{name}-{index}-{repeat}"
                    results[name].append(run_clip(SETUPS[name], clip, shared, state))
            print(f"  {condition}: {len(clips)} clips x {len(setups)} configurations", flush=True)
        return results
    finally:
        if hog is not None:
            hog.kill()
            hog.wait()


def real_time_factors(clips: list[Clip], shared: dict[str, Any]) -> dict[str, float]:
    """Processing time over audio time, per engine, on the clips (one pass each)."""
    from device.audio import read_wav

    factors: dict[str, float] = {}
    audio = [read_wav(clip.path)[0] for clip in clips[:4]]
    seconds = sum(len(a) for a in audio) / SAMPLE_RATE
    for name, make in (
        ("openwakeword", lambda: OpenWakeWord(["hey_jarvis"])),
        ("silero vad", SileroVad),
    ):
        engine = make()
        started = time.perf_counter()
        for samples in audio:
            for start in range(0, len(samples) - FRAME_SAMPLES + 1, FRAME_SAMPLES):
                frame = samples[start : start + FRAME_SAMPLES]
                engine.scores(frame) if name == "openwakeword" else engine.probability(frame)
        factors[name] = (time.perf_counter() - started) / seconds
    commands = [speech.piper(text) for text in COMMANDS[:4]]
    spoken = sum(len(c) for c in commands) / SAMPLE_RATE
    for name, key in (("faster-whisper tiny.en int8", "whisper"), ("shipped [stt]", "shipped")):
        started = time.perf_counter()
        for samples in commands:
            shared[key].transcribe(samples)
        factors[name] = (time.perf_counter() - started) / spoken
    replies = ["Added buy milk, due tomorrow at 9 AM.", "Timer set for 20 minutes."]
    started = time.perf_counter()
    produced = sum(len(shared["piper"].synthesize(text).samples) for text in replies)
    rate = shared["piper"].sample_rate
    factors["piper joe-medium"] = (time.perf_counter() - started) / (produced / rate)
    return {name: round(factor, 3) for name, factor in factors.items()}


def idle_cpu(seconds: float, shared: dict[str, Any]) -> float:
    """CPU used (percent of one core) while the pipeline listens to silence in real time."""
    with tempfile.TemporaryDirectory() as directory:
        path = write_wav(Path(directory) / "silence.wav", speech.silence(seconds), SAMPLE_RATE)
        engines = Engines(
            wake=OpenWakeWord(["hey_jarvis"]),
            vad=SileroVad(),
            final=FinalStage(shared["whisper"]),
            speaker=Speaker(shared["piper"], WavSink(None)),
        )
        pipeline = Pipeline(
            engines,
            PipelineSettings(wake=WakeSettings({"hey_jarvis": 0.5})),
            QueueHandler(None),
            emit=lambda event: None,
        )
        before_cpu, before_wall = time.process_time(), time.perf_counter()
        asyncio.run(pipeline.run(WavSource([path], is_realtime=True)))
        used = time.process_time() - before_cpu
        wall = time.perf_counter() - before_wall
        engines.final.close()
    return 100 * used / wall


def _warm_router() -> Any:
    """The default parser (fast path, then the configured model), warm, as the daemon has it."""
    from services.core.assistant import default_parser

    parser = default_parser(DEFAULTS)
    warm = getattr(parser, "warm", None)
    if warm is not None:
        warm(background=False)
    return parser


def _router(model: str, model_dir: str) -> Any:
    """The fast path with the LLM loaded and warm, shared by every clip (as in the daemon)."""
    from services.nlu.fastpath import FastPathParser
    from services.nlu.llm import LlmParser
    from services.nlu.router import Router

    settings = config_module.from_dict({"llm": {"model": model, "model_dir": model_dir}})
    llm = LlmParser.load(settings.llm, settings.state_dir)
    return Router(FastPathParser(settings.parser), llm)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", type=int, default=8, help="how many plain commands")
    parser.add_argument("--no-paused", action="store_true", help="leave out the paused clips")
    parser.add_argument("--configs", nargs="+", default=["old", "new", "wyoming"])
    parser.add_argument("--conditions", nargs="+", default=["quiet", "hog"])
    parser.add_argument(
        "--complete-ms",
        type=int,
        nargs="*",
        default=[],
        help="also run `new` with these complete_silence_ms (as new-300, new-500, ...)",
    )
    parser.add_argument(
        "--speculative-ms",
        type=int,
        nargs="*",
        default=[],
        help="also run `new` with these speculative_ms (as new-s120, new-s160, ...)",
    )
    parser.add_argument(
        "--window-s",
        type=float,
        nargs="*",
        default=[],
        help="also run `new` with these [stt] window_s (as new-w6, ...; with --speculative-ms, "
        "each pair too, as new-s80-w6)",
    )
    parser.add_argument(
        "--raw-pad",
        action="store_true",
        help="also run each `new` configuration without fill_pad (as new-raw, new-s80-raw, ...)",
    )
    parser.add_argument(
        "--repeats", type=int, default=1, help="run every clip this many times (interleaved)"
    )
    parser.add_argument("--idle-s", type=float, default=5.0, help="seconds of idle listening")
    parser.add_argument("--out", default=str(ROOT / "bench" / "voice"))
    parser.add_argument("--llm", metavar="MODEL", help="speak commands the fast path leaves to it")
    parser.add_argument(
        "--cutoffs-only",
        action="store_true",
        help="not in real time: each utterance and speculative decode finished before the next "
        "frame, so cut-offs, WER and decodes do not depend on the machine's speed (no timings, "
        "no lock needed)",
    )
    parser.add_argument(
        "--config", help="a TOML file whose [stt] section the new configurations decode with"
    )
    default_dir = os.environ.get("PARLEY_MODEL_DIR", "/tmp/parley-models")
    parser.add_argument("--model-dir", default=default_dir)
    args = parser.parse_args()

    for window in args.complete_ms:
        SETUPS[f"new-{window}"] = replace(SETUPS["new"], complete_silence_ms=window)
        args.configs.append(f"new-{window}")
    for delay in args.speculative_ms:
        SETUPS[f"new-s{delay}"] = replace(SETUPS["new"], early_final_ms=delay)
        args.configs.append(f"new-s{delay}")
    for window in args.window_s:
        name = f"new-w{window:g}"
        SETUPS[name] = replace(SETUPS["new"], window_s=window)
        args.configs.append(name)
        for delay in args.speculative_ms:
            SETUPS[f"new-s{delay}-w{window:g}"] = replace(SETUPS[name], early_final_ms=delay)
            args.configs.append(f"new-s{delay}-w{window:g}")
    if args.raw_pad:
        for name in [n for n in args.configs if n.startswith("new")]:
            SETUPS[f"{name}-raw"] = replace(SETUPS[name], fill_pad=False)
            args.configs.append(f"{name}-raw")
    started = time.perf_counter()
    shared: dict[str, Any] = {"whisper": WhisperTranscriber(), "piper": PiperSynthesizer()}
    # base is joined once where `make models` put it, not in every clip's temp state dir
    chosen = config_module.load(args.config)
    stt = config_module.load(
        args.config, stt={"model_dir": chosen.stt.model_dir or str(shared_model_dir())}
    )
    shared["shipped"] = whisper_transcriber(stt, lambda: shared["context"]())
    shared["partial_model"] = chosen.stt.partial_model
    if chosen.stt.partial_model not in ("tiny.en", "same"):
        raise SystemExit("bench_voice: [stt] partial_model must be tiny.en or same here")
    shared["realtime"] = not args.cutoffs_only
    shared["router"] = _router(args.llm, args.model_dir) if args.llm else _warm_router()
    load = os.getloadavg()[0]
    print(f"models loaded in {time.perf_counter() - started:.1f} s; load average {load:.1f}")
    commands = LLM_COMMANDS if args.llm else COMMANDS
    results: dict[str, dict[str, list[Measure]]] = {}
    with tempfile.TemporaryDirectory() as directory:
        clips = make_clips(args.clips, Path(directory), commands, not args.no_paused)
        for condition in args.conditions:
            results[condition] = run_condition(
                condition, args.configs, clips, shared, Path(directory), args.repeats
            )
        factors = {} if args.cutoffs_only else real_time_factors(clips, shared)
    context = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "load_average": round(load, 1),
        "idle_cpu_percent": None if args.cutoffs_only else round(idle_cpu(args.idle_s, shared), 1),
        "real_time_factors": factors,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "llm": args.llm or "",
        "stt": {k: v for k, v in config_module.to_dict(stt)["stt"].items() if k != "model_dir"},
        "is_realtime": not args.cutoffs_only,
        "command": " ".join(["bench/bench_voice.py", *sys.argv[1:]]),
    }
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    data = {
        "context": context,
        "results": {
            c: {n: [asdict(m) for m in ms] for n, ms in r.items()} for c, r in results.items()
        },
    }
    (out / "bench_voice.json").write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    text = voice_report.markdown(data)
    (out / "bench_voice.md").write_text(text, encoding="utf-8")
    print(text)
    if not args.cutoffs_only:
        voice_report.plots(data, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
