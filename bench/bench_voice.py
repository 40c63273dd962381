"""Voice latency benchmark: Parley's pipeline beside a Wyoming-style baseline, in real time.

    .venv/bin/python bench/bench_voice.py [--clips 8] [--idle-s 5]

Each clip is generated (Piper and espeak-ng voices): silence, "Hey Jarvis", a pause, a fast-path
command, silence. Clips are fed at real speed through the real engines and the real core (a
fresh store in a temp dir), and every event is stamped on the wall clock. Reported, p50 and p95:

- wake: wake word detected, after the phrase's last audible sample;
- endpoint -> final / command / first reply audio: from the endpointer's decision that speech
  ended (``speech_end``) to the final transcript, the command executed, and the first reply
  audio handed to the speaker (``tts_start``);
- voiced end -> first audio: the same, from the command's last audible sample (what a person
  waits, including the trailing silence the endpointer needs).

Configurations, same models and clips:

- ``parley``: the default config (Whisper partials, final decoded early in the trailing silence,
  reply spoken sentence by sentence);
- ``parley-np``: the same without partial re-decodes (`stt.partials = false`, for a Pi 4);
- ``wyoming``: the baseline Home Assistant's Wyoming stack uses (wyoming-faster-whisper style:
  wait for the end of speech, then transcribe the whole utterance with the same model; the whole
  reply synthesized before it plays, as wyoming-piper does).

With ``--llm qwen2.5-coder-0.5b`` the clips say commands the fast path leaves to the LLM
("could you make a note that ...", several actions at once) and the core routes them through
the loaded, warm model, as the daemon does; the budget is then p50 <= 3.0 s.

Also: the real-time factor of each engine, peak RSS, and idle CPU with the (file) mic open.
Budgets (DESIGN.md): p50 end of speech -> first reply audio <= 1.0 s for fast-path commands;
wake within 300 ms of the phrase end; whole daemon <= 1.2 GB RSS; idle CPU <= 10% of a core.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import make_demo_audio as speech  # noqa: E402

from device.audio import FRAME_SAMPLES, SAMPLE_RATE, Frame, WavSink, WavSource, write_wav  # noqa: E402
from services import config as config_module  # noqa: E402
from services.app.daemon import QueueHandler, vocabulary  # noqa: E402
from services.voice.pipeline import Engines, Pipeline, PipelineSettings  # noqa: E402
from services.voice.stt import FinalStage, WhisperPartials, WhisperTranscriber  # noqa: E402
from services.voice.tts import PiperSynthesizer, Speaker, Speech  # noqa: E402
from services.voice.vad import SileroVad  # noqa: E402
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
# Commands the fast path leaves to the LLM (`--llm`): free wording and several actions at once.
LLM_COMMANDS = [
    "Put down a job for Sam to sort the recycling by Thursday, and make it urgent.",
    "Ask Jo to pick up the banner and remind me on Friday to check she did.",
    "Our landlord wants the meter read, so could somebody deal with that before the weekend.",
    "Get the budget signed off and then let Sam know it is done.",
]
STYLE = config_module.defaults().stt.prompt_style


@dataclass
class Clip:
    """A generated recording and where its phrases end (ms into the clip)."""

    name: str
    path: Path
    wake_end_ms: int
    command_end_ms: int
    seconds: float


def _voiced_end_ms(audio: np.ndarray) -> int:
    loud = np.flatnonzero(np.abs(audio.astype(np.int32)) > 0.02 * np.abs(audio).max())
    return int(loud[-1] * 1000 / SAMPLE_RATE)


def make_clips(count: int, directory: Path, commands: list[str] = COMMANDS) -> list[Clip]:
    clips = []
    for index in range(count):
        text = commands[index % len(commands)]
        use_espeak = index % 4 == 3
        wake = speech.espeak("Hey Jarvis") if use_espeak else speech.piper("Hey Jarvis.")
        command = speech.espeak(text) if use_espeak else speech.piper(text)
        lead, gap = 0.8, 0.4
        audio = speech.compose(lead, wake, gap, command, 1.5)
        wake_end = int(lead * 1000) + _voiced_end_ms(wake)
        command_start = int((lead + gap) * 1000) + len(wake) * 1000 // SAMPLE_RATE
        path = write_wav(directory / f"clip-{index:02d}.wav", audio, SAMPLE_RATE)
        name = f"{'espeak' if use_espeak else 'piper'}: {text}"
        end = command_start + _voiced_end_ms(command)
        clips.append(Clip(name, path, wake_end, end, len(audio) / SAMPLE_RATE))
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


@dataclass
class Run:
    """Measurements of one configuration over every clip (ms)."""

    wake: list[float] = field(default_factory=list)
    final: list[float] = field(default_factory=list)
    command: list[float] = field(default_factory=list)
    first_audio: list[float] = field(default_factory=list)
    voiced_to_audio: list[float] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)


def run_clip(config_name: str, clip: Clip, shared: dict[str, Any], state_dir: Path, run: Run):
    from services.clock import FixedClock
    from services.core.assistant import Parley
    from services.core.jobs import JobQueue

    config = config_module.load(None, general={"state_dir": str(state_dir)})
    clock = FixedClock(datetime(2026, 11, 19, 10, tzinfo=UTC))
    parley = Parley.open(config, clock=clock, parser=shared.get("router"))
    stamps: dict[str, float] = {}

    def record(event: Any) -> None:
        stamps.setdefault(event.type, time.perf_counter())
        if event.type == "error" or getattr(event, "error", None):
            print(f"  {event.type}: {event}")

    parley.bus.subscribe(record)
    whisper = shared["whisper"]
    is_baseline = config_name == "wyoming"
    speaker_class = WholeReplySpeaker if is_baseline else Speaker
    engines = Engines(
        wake=OpenWakeWord(["hey_jarvis"]),
        vad=SileroVad(),
        final=FinalStage(whisper),
        speaker=speaker_class(shared["piper"], WavSink(None)),
        partials=WhisperPartials(whisper, 800) if config_name == "parley" else None,
    )
    settings = PipelineSettings(
        wake=WakeSettings({"hey_jarvis": 0.5}),
        early_final_ms=0 if is_baseline else 240,
        follow_up_s=0.0,
    )
    source = StampedSource(WavSource([clip.path], is_realtime=True))

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
            settings,
            QueueHandler(queue),
            emit=parley.bus.publish,
            prompt=lambda: vocabulary(parley.store, STYLE),
        )
        await pipeline.run(source)
        await queue.close()

    asyncio.run(main())
    parley.close()
    engines.final.close()
    _collect(clip, source.origin or 0.0, stamps, run)


def _collect(clip: Clip, origin: float, stamps: dict[str, float], run: Run) -> None:
    def ms(kind: str) -> float:
        return (stamps[kind] - origin) * 1000

    needed = ("wake", "speech_end", "final", "command", "tts_start")
    missing = [kind for kind in needed if kind not in stamps]
    if missing:
        run.missed.append(f"{clip.name}: no {', '.join(missing)} (saw {', '.join(stamps)})")
        return
    run.wake.append(ms("wake") - clip.wake_end_ms)
    end = ms("speech_end")
    run.final.append(ms("final") - end)
    run.command.append(ms("command") - end)
    run.first_audio.append(ms("tts_start") - end)
    run.voiced_to_audio.append(ms("tts_start") - clip.command_end_ms)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


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
    started = time.perf_counter()
    for samples in commands:
        shared["whisper"].transcribe(samples)
    factors["faster-whisper tiny.en int8"] = (time.perf_counter() - started) / (
        sum(len(c) for c in commands) / SAMPLE_RATE
    )
    replies = ["Added buy milk, due tomorrow at 9 AM.", "Timer set for 20 minutes."]
    started = time.perf_counter()
    produced = sum(len(shared["piper"].synthesize(text).samples) for text in replies)
    factors["piper joe-medium"] = (time.perf_counter() - started) / (
        produced / shared["piper"].sample_rate
    )
    return factors


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", type=int, default=8, help="how many generated commands")
    parser.add_argument("--idle-s", type=float, default=5.0, help="seconds of idle listening")
    parser.add_argument("--configs", nargs="+", default=["parley", "parley-np", "wyoming"])
    parser.add_argument(
        "--llm",
        metavar="MODEL",
        help="speak commands the fast path leaves to this LLM (qwen2.5-coder-0.5b); "
        "the budget is then p50 <= 3000 ms",
    )
    default_dir = os.environ.get("PARLEY_MODEL_DIR", "/tmp/parley-models")
    parser.add_argument("--model-dir", default=default_dir)
    args = parser.parse_args()

    started = time.perf_counter()
    shared: dict[str, Any] = {"whisper": WhisperTranscriber(), "piper": PiperSynthesizer()}
    if args.llm:
        shared["router"] = _router(args.llm, args.model_dir)
    load = os.getloadavg()[0]
    print(f"models loaded in {time.perf_counter() - started:.1f} s; load average {load:.1f}")
    commands = LLM_COMMANDS if args.llm else COMMANDS
    with tempfile.TemporaryDirectory() as directory:
        clips = make_clips(args.clips, Path(directory), commands)
        runs: dict[str, Run] = {}
        for name in args.configs:
            runs[name] = Run()
            for index, clip in enumerate(clips):
                run_clip(name, clip, shared, Path(directory) / f"{name}-{index}", runs[name])
        factors = real_time_factors(clips, shared)
    budget = "<= 3000 (p50)" if args.llm else "<= 1000 (p50)"
    report(runs, factors, idle_cpu(args.idle_s, shared), len(clips), budget)
    if args.llm:
        print(f"routes: {dict(shared['router'].routes)} (llm: sent to the model)")
    return 0


def _router(model: str, model_dir: str) -> Any:
    """The fast path with the LLM loaded and warm, shared by every clip (as in the daemon)."""
    from collections import Counter

    from services.nlu.fastpath import FastPathParser
    from services.nlu.llm import LlmParser
    from services.nlu.router import Router

    settings = config_module.from_dict({"llm": {"model": model, "model_dir": model_dir}})
    llm = LlmParser.load(settings.llm, settings.state_dir)
    router = Router(FastPathParser(settings.parser), llm)
    routes: Counter[str] = Counter()
    route = router.route

    def counted(text: str, context: Any) -> Any:
        routed = route(text, context)
        routes[routed.route] += 1
        return routed

    router.route = counted  # type: ignore[method-assign]
    router.routes = routes  # type: ignore[attr-defined]
    return router


def report(
    runs: dict[str, Run], factors: dict[str, float], idle: float, clips: int, budget: str
) -> None:
    rows = [
        ("wake after phrase end", "wake", "<= 300"),
        ("endpoint -> final transcript", "final", ""),
        ("endpoint -> command executed", "command", ""),
        ("endpoint -> first reply audio", "first_audio", budget),
        ("voiced end -> first reply audio", "voiced_to_audio", ""),
    ]
    names = list(runs)
    print(f"\n{clips} clips, real time, ms (p50 / p95)")
    header = f"{'measure':34}" + "".join(f"{name:>20}" for name in names) + "   budget"
    print(header)
    for label, attribute, budget in rows:
        cells = []
        for name in names:
            values = getattr(runs[name], attribute)
            cells.append(
                f"{statistics.median(values) if values else float('nan'):8.0f} / "
                f"{percentile(values, 0.95):7.0f}"
            )
        print(f"{label:34}" + "".join(f"{cell:>20}" for cell in cells) + f"   {budget}")
    for name in names:
        for missed in runs[name].missed:
            print(f"  {name} missed: {missed}")
    print("\nreal-time factor (processing time / audio time)")
    for engine, factor in factors.items():
        print(f"  {engine:32} {factor:.3f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS: {peak:.0f} MB (budget 1200 MB for the whole daemon)")
    print(f"idle CPU, file mic open, wake word + VAD running: {idle:.1f}% of one core (budget 10%)")


if __name__ == "__main__":
    sys.exit(main())
