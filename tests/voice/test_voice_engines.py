"""Real engines on generated speech: openWakeWord, Silero VAD, Whisper, Vosk, Piper, end to end.

Speech comes from Piper and espeak-ng at test time (different voices and speeds, some with
white noise at 10 dB SNR). Models are loaded once per session where they keep no state.
"""

from __future__ import annotations

import asyncio
import json
import re
from datetime import UTC, datetime

import numpy as np
import pytest

from device.audio import (
    FRAME_SAMPLES,
    SAMPLE_RATE,
    Frame,
    WavSink,
    WavSource,
    read_wav,
    write_wav,
)
from services.voice.pipeline import Engines, Pipeline, PipelineSettings
from services.voice.stt import FinalStage, build_prompt
from services.voice.tts import Speaker
from services.voice.vad import Decision, Endpointer, EndpointSettings
from services.voice.wake import WakeSettings
from tests.voice.support import require, wer

pytestmark = pytest.mark.engine

STYLE = "Voice commands for a task list: add a task due Friday, remind me at 9."
COMMANDS = [
    "Add a task to buy milk",
    "Remind me to call Sam tomorrow at 9",
    "Mark the budget review as done",
    "Start a timer for 20 minutes",
    "What is on my list for today",
    "Schedule a meeting with Alex on Friday at 3",
]


def scores(engine, audio: np.ndarray) -> list[float]:
    clip = np.concatenate([audio, np.zeros(SAMPLE_RATE, np.int16)])
    return [
        engine.scores(clip[start : start + FRAME_SAMPLES])["hey_jarvis"]
        for start in range(0, len(clip) - FRAME_SAMPLES + 1, FRAME_SAMPLES)
    ]


WAKE_VOICES = {
    "piper": lambda s: s.piper("Hey Jarvis."),
    "piper slow": lambda s: s.piper("Hey Jarvis.", 1.3),
    "piper fast": lambda s: s.piper("Hey Jarvis.", 0.8),
    "piper 10 dB noise": lambda s: s.add_noise(s.compose(0.5, s.piper("Hey Jarvis."), 0.5), 10),
    "espeak en-us": lambda s: s.espeak("Hey Jarvis"),
    "espeak en-gb": lambda s: s.espeak("Hey Jarvis", "en-gb"),
    "espeak female slow": lambda s: s.espeak("Hey Jarvis", "en-us+f3", 130),
    "espeak fast": lambda s: s.espeak("Hey Jarvis", "en-us", 200),
}


@pytest.mark.parametrize("voice", list(WAKE_VOICES))
def test_wake_word_fires_on_hey_jarvis(speech, wake_engine, voice):
    audio = speech.compose(1.0, WAKE_VOICES[voice](speech))
    assert max(scores(wake_engine, audio)) >= 0.5


OTHER_SPEECH = {
    "a command": lambda s: s.piper("Add a task to buy milk for the office."),
    "a near miss": lambda s: s.piper("Hey Travis, what time is it?"),
    "the name alone": lambda s: s.espeak("Remind me to call Jarvis tomorrow"),
    "small talk": lambda s: s.piper("The weather is nice today in the garden."),
    "noisy talk": lambda s: s.add_noise(s.espeak("Hey there, how are you doing?"), 10),
}


@pytest.mark.parametrize("speaker", list(OTHER_SPEECH))
def test_wake_word_does_not_fire_on_other_speech(speech, wake_engine, speaker):
    audio = speech.compose(1.0, OTHER_SPEECH[speaker](speech))
    assert max(scores(wake_engine, audio)) < 0.5


def voiced_span_ms(audio: np.ndarray) -> tuple[int, int]:
    """Where a clean clip is audible (first and last sample above 2% of the peak), in ms."""
    loud = np.flatnonzero(np.abs(audio.astype(np.int32)) > 0.02 * np.abs(audio).max())
    return int(loud[0] * 1000 / SAMPLE_RATE), int(loud[-1] * 1000 / SAMPLE_RATE)


def test_silero_endpointing_cuts_at_the_end_of_speech(speech, silero):
    command, more = speech.piper("Add a task to buy milk"), speech.piper("and eggs")
    audio = speech.compose(0.6, command, 0.1, more, 2.0)
    voiced_start, voiced_end = voiced_span_ms(audio)
    pause_ms = (len(command) * 1000 // SAMPLE_RATE - voiced_span_ms(command)[1]) + 100
    pause_ms += voiced_span_ms(more)[0]
    assert 250 <= pause_ms <= 500  # a pause inside the utterance, shorter than 600 ms
    endpointer = Endpointer(EndpointSettings(), start_ms=0)
    ended_at = None
    for start in range(0, len(audio) - FRAME_SAMPLES + 1, FRAME_SAMPLES):
        frame = audio[start : start + FRAME_SAMPLES]
        position = start * 1000 // SAMPLE_RATE
        if endpointer.feed(silero.probability(frame), position, 80) is Decision.SPEECH_ENDED:
            ended_at = position + 80
            break
    assert endpointer.speech_start_ms is not None and endpointer.speech_end_ms is not None
    assert abs(endpointer.speech_start_ms - voiced_start) <= 160
    # the pause did not end it; the end is the end of "and eggs"
    assert abs(endpointer.speech_end_ms - voiced_end) <= 240
    assert ended_at is not None and 600 <= ended_at - endpointer.speech_end_ms <= 700


def test_silero_hears_no_speech_in_noise_alone(speech, silero):
    noise = speech.add_noise(np.full(3 * SAMPLE_RATE, 1, np.int16), 0)  # faint hiss
    probabilities = [
        silero.probability(noise[i : i + FRAME_SAMPLES])
        for i in range(0, len(noise) - FRAME_SAMPLES + 1, FRAME_SAMPLES)
    ]
    assert max(probabilities) < 0.5


TRANSCRIPTION_VOICES = {
    "piper": (lambda s, text: s.piper(text), 0.10),
    "espeak en-us": (lambda s, text: s.espeak(text), 0.25),
    "piper 10 dB noise": (lambda s, text: s.add_noise(s.piper(text), 10), 0.35),
}


@pytest.mark.parametrize("voice", list(TRANSCRIPTION_VOICES))
def test_whisper_final_transcripts_match_the_commands(speech, whisper, voice, capsys):
    make, limit = TRANSCRIPTION_VOICES[voice]
    prompt = build_prompt(["Sam", "Alex"], style=STYLE)
    rates = []
    for text in COMMANDS:
        hypothesis = whisper.transcribe(speech.compose(0.2, make(speech, text), 0.2), prompt)
        rates.append(wer(text, hypothesis))
    mean = sum(rates) / len(rates)
    with capsys.disabled():
        print(f"\nWER {voice}: {mean:.3f} over {len(rates)} commands")
    assert mean <= limit


def test_the_prompt_spells_a_known_name(speech, whisper):
    audio = speech.compose(0.2, speech.piper("Assign the report to Siobhan."), 0.2)
    prompt = build_prompt(["Siobhan"], style=STYLE)
    assert "Siobhan" in whisper.transcribe(audio, prompt)


KOREAN = "안녕하세요. 오늘 날씨가 좋습니다."
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def test_vosk_partials_and_final_on_the_korean_model(speech, korean_vosk):
    from services.voice.stt import VoskPartials

    partials = VoskPartials(korean_vosk)
    partials.reset()
    audio = speech.compose(0.3, speech.espeak(KOREAN, "ko", 140), 0.5)
    texts = [
        partials.feed(audio[i : i + FRAME_SAMPLES], i * 1000 // SAMPLE_RATE)
        for i in range(0, len(audio) - FRAME_SAMPLES + 1, FRAME_SAMPLES)
    ]
    seen = [text for text in texts if text]
    final = partials.final()
    assert len(seen) >= 2  # partials grew while the audio came in
    assert HANGUL.search(final)
    assert len(final.split()) >= len(seen[0].split())


def test_pipeline_falls_back_to_vosk_when_whisper_fails(speech, korean_vosk, silero):
    from services.errors import EngineError
    from services.voice.stt import VoskPartials
    from tests.fakes import (
        MarkerWake,
        RecordingSink,
        ScriptedHandler,
        ScriptedTranscriber,
        ToneSynthesizer,
    )

    handler, events = ScriptedHandler(), []
    engines = Engines(
        wake=MarkerWake(),
        vad=silero,
        final=FinalStage(ScriptedTranscriber(error=EngineError("Whisper failed: test"))),
        speaker=Speaker(ToneSynthesizer(), RecordingSink()),
        partials=VoskPartials(korean_vosk),
    )
    settings = PipelineSettings(wake=WakeSettings({"hey_jarvis": 0.5}), wait_while_busy=True)
    pipeline = Pipeline(engines, settings, handler, emit=events.append)
    audio = speech.compose(0.3, speech.espeak(KOREAN, "ko", 140), 1.0)

    async def scenario():
        pipeline.listen()  # the talk button
        for start in range(0, len(audio) - FRAME_SAMPLES + 1, FRAME_SAMPLES):
            frame = Frame(audio[start : start + FRAME_SAMPLES], start)
            await pipeline.feed(frame)
        await pipeline.finish()

    asyncio.run(scenario())
    partials = [e.text for e in events if e.type == "partial"]
    final = next(e for e in events if e.type == "final")
    assert partials and HANGUL.search(partials[-1])
    assert final.engine == "vosk" and "test" in final.fallback_reason
    assert HANGUL.search(final.text)
    assert handler.texts == [final.text]


def test_piper_reply_transcribes_back_to_its_text(piper_voice, whisper, tmp_path):
    reply = "Added call the plumber, due tomorrow at 9 AM. Anything else?"
    sink = WavSink(tmp_path)
    report = Speaker(piper_voice, sink).say(reply)
    path = sink.save("reply")
    assert report.sentences == 3 and path is not None  # "Added ..., | due ... | Anything else?"
    audio, _ = read_wav(path)
    # tiny.en hears Piper's clipped first word "Added" as "at it" or "Add a" (two errors in ten
    # words), and Piper's sampling noise sometimes costs one more
    prompt = build_prompt(tasks=["call the plumber"], style=STYLE)  # as the pipeline would
    assert wer(reply, whisper.transcribe(audio, prompt)) <= 0.3


# -- the whole pipeline on real engines and the real core -----------------------------------


class Rig:
    """The real pipeline: real engines, a real store in tmp_path, the core's job queue."""

    def __init__(self, tmp_path, whisper, piper_voice, **settings) -> None:
        require("openwakeword", "openwakeword==0.5.1")
        from services import config as config_module
        from services.app.daemon import QueueHandler
        from services.clock import FixedClock
        from services.core.assistant import Parley
        from services.core.jobs import JobQueue
        from services.voice.vad import SileroVad
        from services.voice.wake import OpenWakeWord

        config = config_module.load(None, general={"state_dir": str(tmp_path / "state")})
        clock = FixedClock(datetime(2026, 11, 19, 10, 0, tzinfo=UTC))
        self.parley = Parley.open(config, clock=clock)
        self.queue_factory = lambda: JobQueue(
            lambda text, source, conversation: self.parley.handle_text(
                text, source=source, conversation=conversation
            ),
            bus=self.parley.bus,
            settings=config.jobs,
            clock=clock,
        )
        self.sink = WavSink(tmp_path / "replies")
        self.events = []
        self.parley.bus.subscribe(self.events.append)
        self.engines = Engines(
            wake=OpenWakeWord(["hey_jarvis"]),
            vad=SileroVad(),
            final=FinalStage(whisper),
            speaker=Speaker(piper_voice, self.sink),
        )
        defaults = {"wake": WakeSettings({"hey_jarvis": 0.5}), "wait_while_busy": True}
        self.settings = PipelineSettings(**{**defaults, **settings})
        self.handler_factory = QueueHandler

    def run(self, audio: np.ndarray, tmp_path) -> None:
        path = write_wav(tmp_path / "input.wav", audio, SAMPLE_RATE)

        async def main() -> None:
            queue = self.queue_factory()
            pipeline = Pipeline(
                self.engines,
                self.settings,
                self.handler_factory(queue),
                emit=self.parley.bus.publish,
                prompt=lambda: build_prompt(style=STYLE),
            )
            await pipeline.run(WavSource([path], trailing_silence_s=1.0))
            await queue.close()

        asyncio.run(main())

    def of(self, kind: str):
        return [event for event in self.events if event.type == kind]

    def tasks(self):
        return self.parley.store.all("tasks")


@pytest.fixture
def rig(tmp_path, whisper, piper_voice):
    rig = Rig(tmp_path, whisper, piper_voice)
    yield rig
    rig.parley.close()


def test_wake_word_and_command_end_with_the_task_in_the_store(speech, rig, whisper, tmp_path):
    command = speech.piper("Add a task to call the plumber due Friday.")
    audio = speech.compose(0.8, speech.piper("Hey Jarvis."), 0.4, command, 1.0)
    rig.run(audio, tmp_path)
    tasks = rig.tasks()
    assert [t["title"].lower() for t in tasks] == ["call the plumber"]
    assert tasks[0]["due"].startswith("2026-11-20")  # the Friday after Thursday the 19th
    assert [e.type for e in rig.events if e.type in ("wake", "final", "command", "tts_end")] == [
        "wake",
        "final",
        "command",
        "tts_end",
    ]
    reply = rig.of("reply")[0].text
    spoken, _ = read_wav(rig.of("tts_end")[0].path)
    # transcribed as the pipeline would, with its prompt (the style and the open task titles);
    # tiny.en hears Piper's clipped "Added" as "Add a": two errors in eight words
    prompt = build_prompt(tasks=[t["title"] for t in tasks], style=STYLE)
    assert wer(reply, whisper.transcribe(spoken, prompt)) <= 0.3


def test_two_commands_in_the_follow_up_window_both_run(speech, rig, tmp_path):
    audio = speech.compose(
        0.8,
        speech.piper("Hey Jarvis."),
        0.4,
        speech.piper("Add a task to buy milk."),
        2.0,
        speech.piper("Add a task to call the plumber."),
        1.0,
    )
    rig.run(audio, tmp_path)
    titles = sorted(t["title"].lower() for t in rig.tasks())
    assert titles == ["buy milk", "call the plumber"]
    assert [e.trigger for e in rig.of("listening")][:2] == ["wake", "follow_up"]
    assert len(rig.of("wake")) == 1


def test_silence_after_the_wake_word_times_out_cleanly(speech, rig, tmp_path):
    audio = speech.compose(0.8, speech.piper("Hey Jarvis."), 6.0)
    rig.run(audio, tmp_path)
    assert rig.tasks() == []
    assert [e.trigger for e in rig.of("no_speech")] == ["wake"]
    assert [e.text for e in rig.of("reply")] == ["I didn't catch that."]
    assert rig.of("command") == []


def test_parley_run_cli_prints_events_and_changes_the_store(speech, tmp_path, capsys):
    require("openwakeword", "openwakeword==0.5.1")
    from services.app.cli import main

    audio = speech.compose(0.8, speech.piper("Hey Jarvis."), 0.4, speech.piper(COMMANDS[0]), 1.0)
    path = write_wav(tmp_path / "sample.wav", audio, SAMPLE_RATE)
    state = tmp_path / "state"
    common = ["--state-dir", str(state), "--now", "2026-11-19T10:00:00+00:00"]
    replies = tmp_path / "replies"
    assert main([*common, "run", "--audio", str(path), "--json", "--reply-wav", str(replies)]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    types = [line["type"] for line in lines]
    for kind in ("wake", "speech_start", "speech_end", "final", "job", "command", "reply"):
        assert kind in types
    assert types.index("wake") < types.index("final") < types.index("command")
    assert types.index("reply") < types.index("tts_start") < types.index("tts_end")
    assert all("audio_ms" in line and "wall_ms" in line for line in lines)
    wake = next(line for line in lines if line["type"] == "wake")
    assert 1000 <= wake["audio_ms"] <= 2200  # the phrase ends at about 1.5 s of audio
    assert sorted(p.name for p in replies.iterdir()) == ["reply-001.wav"]
    assert main([*common, "tasks", "--json"]) == 0
    tasks = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [task["title"].lower() for task in tasks] == ["buy milk"]


@pytest.mark.parametrize(
    ("content", "problem"),
    [(b"", "not a readable PCM WAV file"), (b"RIFF\x04\x00\x00\x00WAVEjunk", "not a readable")],
)
def test_parley_run_on_a_corrupt_wav_is_a_clear_error(tmp_path, capsys, content, problem):
    from services.app.cli import main

    path = tmp_path / "broken.wav"
    path.write_bytes(content)
    code = main(["--state-dir", str(tmp_path / "state"), "run", "--audio", str(path), "--json"])
    captured = capsys.readouterr()
    assert code == 66
    assert f"broken.wav: {problem}" in captured.err
    assert json.loads(captured.out)["type"] == "error"


def test_a_store_of_numbered_tasks_does_not_leak_into_what_whisper_hears(speech, whisper):
    # thirty open tasks "mqtt check N" (what MQTT automation leaves in a store): with every
    # title in the prompt, tiny.en heard this espeak voice as "mqtt check"
    titles = [f"mqtt check {n}" for n in range(120, 90, -1)]
    prompt = build_prompt(tasks=[*titles, "water the plants"], style=STYLE)
    heard = whisper.transcribe(speech.espeak("add a task to sort the recycling"), prompt)
    assert "mqtt" not in heard.lower() and "check" not in heard.lower()
    assert "recycling" in heard.lower()


def test_piper_runs_without_onnxruntime_s_memory_arena(piper_voice):
    # the arena kept the most any reply needed: one long reply added 109 MB to the daemon
    # for good (the 1,000-loop soak); without it each synthesis gives its buffers back
    assert piper_voice._voice.session.get_session_options().enable_cpu_mem_arena is False
    assert len(piper_voice.synthesize("Added milk to the shopping list.").samples) > 10_000
