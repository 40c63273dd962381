"""The daemon around the pipeline: config mapping, JSON events, the queue adapter, components."""

from __future__ import annotations

import asyncio
import io
import json
import threading
from dataclasses import dataclass

import numpy as np

from device.audio import FRAME_SAMPLES, Frame
from services import config as config_module
from services.app.daemon import (
    Daemon,
    EventPrinter,
    QueueHandler,
    mic_settings,
    pipeline_settings,
)
from services.errors import ParleyError
from services.events import EventBus
from services.voice.pipeline import Engines, Pipeline, SpeechStarted
from services.voice.stt import FinalStage
from services.voice.tts import Speaker
from tests.fakes import (
    MarkerVad,
    MarkerWake,
    RecordingSink,
    ScriptedHandler,
    ScriptedTranscriber,
    ToneSynthesizer,
)


def test_config_sections_become_pipeline_and_mic_settings():
    config = config_module.load(
        None,
        wake={"models": ["hey_jarvis", "alexa"], "thresholds": {"alexa": 0.7}, "threshold": 0.4},
        vad={"trailing_silence_ms": 800},
        audio={"input_device": "2", "input_channels": 4, "input_channel": 0},
    )
    settings = pipeline_settings(config, wait_while_busy=True)
    assert dict(settings.wake.thresholds) == {"hey_jarvis": 0.4, "alexa": 0.7}
    assert settings.endpoint.trailing_silence_ms == 800
    assert settings.wait_while_busy
    mic = mic_settings(config)
    assert (mic.device, mic.channels, mic.channel) == (2, 4, 0)
    assert mic_settings(config_module.defaults()).channel is None  # -1 mixes


def test_event_printer_adds_audio_and_wall_time():
    stream = io.StringIO()
    printer = EventPrinter(lambda: 1234, stream)
    printer.start(0.0)
    printer(SpeechStarted(480))
    bus_event = json.loads(stream.getvalue())
    assert bus_event["type"] == "speech_start" and bus_event["audio_ms"] == 480
    assert bus_event["wall_ms"] > 0 and "schema" not in bus_event
    from services.events import ReplyReady

    printer(ReplyReady("Done."))
    reply = json.loads(stream.getvalue().splitlines()[1])
    assert reply["audio_ms"] == 1234  # events without a position get the pipeline's


@dataclass
class FakeJob:
    outcome: object = None
    error: Exception | None = None

    async def wait(self):
        if self.error:
            raise self.error
        return self.outcome


@dataclass
class FakeOutcomeShape:
    ok: bool
    reply: str

    def to_dict(self):
        return {"ok": self.ok, "reply": self.reply}


class FakeQueue:
    def __init__(self, job: FakeJob) -> None:
        self.job = job
        self.submitted: list[tuple[str, str, str]] = []
        self.is_closed = False

    async def submit(self, text, *, source, conversation):
        self.submitted.append((text, source, conversation))
        return self.job

    async def close(self):
        self.is_closed = True
        return []


def test_queue_handler_submits_voice_jobs_and_returns_the_reply():
    queue = FakeQueue(FakeJob(FakeOutcomeShape(True, "Added milk.")))
    handled = asyncio.run(QueueHandler(queue).handle("add milk"))
    assert queue.submitted == [("add milk", "voice", "voice")]
    assert (handled.reply, handled.is_ok) == ("Added milk.", True)


def test_queue_handler_turns_a_refused_job_into_a_spoken_error():
    queue = FakeQueue(FakeJob(error=ParleyError("too many commands are waiting")))
    handled = asyncio.run(QueueHandler(queue).handle("add milk"))
    assert handled.reply == "Sorry, too many commands are waiting" and not handled.is_ok


class ListSource:
    def __init__(self, count: int) -> None:
        self.frames = [
            Frame(np.zeros(FRAME_SAMPLES, np.int16), i * FRAME_SAMPLES) for i in range(count)
        ]
        self.is_closed = False

    def read(self):
        return self.frames.pop(0) if self.frames else None

    def close(self):
        self.is_closed = True


class FlakyComponent:
    name = "flaky"

    def __init__(self) -> None:
        self.starts = 0
        self.was_cancelled = False

    async def run(self, daemon) -> None:
        self.starts += 1
        if self.starts == 1:
            raise RuntimeError("broker went away")
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            self.was_cancelled = True
            raise


class SlowSource(ListSource):
    def read(self):
        import time

        time.sleep(0.01)
        return super().read()


def test_daemon_supervises_components_and_stops_them_when_the_audio_ends():
    bus = EventBus()
    errors = []
    bus.subscribe(lambda event: errors.append(event) if event.type == "error" else None)
    engines = Engines(
        MarkerWake(),
        MarkerVad(),
        FinalStage(ScriptedTranscriber("x")),
        Speaker(ToneSynthesizer(), RecordingSink()),
    )
    pipeline = Pipeline(
        engines,
        pipeline_settings(config_module.defaults(), wait_while_busy=True),
        ScriptedHandler(),
        emit=bus.publish,
    )
    component = FlakyComponent()
    queue = FakeQueue(FakeJob())
    daemon = Daemon(
        config_module.defaults(),
        parley=type("Core", (), {"bus": bus})(),
        queue=queue,
        pipeline=pipeline,
        source=SlowSource(30),
        sink=RecordingSink(),
        components=[component],
        backoff_s=(0.01,),
    )
    asyncio.run(daemon.run())
    assert component.starts == 2  # restarted after its failure
    assert component.was_cancelled  # and stopped when the audio ended
    assert [(e.stage, e.message) for e in errors] == [("flaky", "broker went away")]
    assert not queue.is_closed  # closing it is the shutdown path's (lifecycle.shut_down)
    assert pipeline.position_ms == 30 * 80


class ReminderSource(SlowSource):
    """Half way through the audio, the scheduler (another thread) publishes a due reminder."""

    def __init__(self, count, bus, event) -> None:
        super().__init__(count)
        self.bus, self.event = bus, event

    def read(self):
        if len(self.frames) == 10:
            threading.Thread(target=self.bus.publish, args=(self.event,)).start()
        return super().read()


def test_due_reminders_are_spoken_while_the_daemon_runs():
    from services.app.daemon import announcement
    from services.events import ReminderDue

    bus = EventBus()
    synthesizer = ToneSynthesizer()
    engines = Engines(
        MarkerWake(),
        MarkerVad(),
        FinalStage(ScriptedTranscriber("x")),
        Speaker(synthesizer, RecordingSink()),
    )
    pipeline = Pipeline(
        engines,
        pipeline_settings(config_module.defaults(), wait_while_busy=True),
        ScriptedHandler(),
        emit=bus.publish,
    )
    due = ReminderDue("reminder", "r-1", "call Sam", "2026-11-20T09:00:00+00:00")
    source = ReminderSource(20, bus, due)
    daemon = Daemon(
        config_module.defaults(),
        parley=type("Core", (), {"bus": bus})(),
        queue=FakeQueue(FakeJob()),
        pipeline=pipeline,
        source=source,
        sink=RecordingSink(),
    )
    asyncio.run(daemon.run())
    assert synthesizer.sentences == ["Reminder:", "call Sam."]
    assert announcement(ReminderDue("timer", "t", "", "x")) == "Your timer is done."


def test_whisper_prompt_keeps_older_titles_when_an_automation_types_one_title_over_and_over(
    tmp_path,
):
    """The prompt's titles are the newest that differ once their numbers are out, from every
    open typed task: forty "mqtt check N" used to fill the thirty newest, leaving one title."""
    from services.app.daemon import vocabulary
    from services.core.assistant import Parley

    config = config_module.load(
        None, general={"state_dir": str(tmp_path / "state")}, llm={"enabled": False}
    )
    with Parley.open(config) as parley:
        assert parley.handle_text("add a task to patch the Kubernetes node", source="mqtt").ok
        for number in range(1, 41):
            assert parley.handle_text(f"add a task to mqtt check {number}", source="mqtt").ok
        prompt = vocabulary(parley.store) or ""
        assert "Tasks: mqtt check; patch the Kubernetes node." in prompt, prompt


def test_whisper_prompt_spells_typed_titles_but_not_titles_whisper_wrote(tmp_path):
    """A misheard title fed back in the prompt made Whisper mishear the same words again: the
    1,000-loop soak created "coil the plumber" 17 times once one had got into the store."""
    from services.app.daemon import vocabulary
    from services.core.assistant import Parley

    config = config_module.load(
        None, general={"state_dir": str(tmp_path / "state")}, llm={"enabled": False}
    )
    with Parley.open(config) as parley:
        assert parley.handle_text("add a task to coil the plumber", source="voice").ok
        assert parley.handle_text("add a task to patch the Kubernetes node", source="mqtt").ok
        prompt = vocabulary(parley.store) or ""
        assert "Kubernetes" in prompt and "coil" not in prompt
        # Renamed by typing, the title is someone's own spelling again; by voice, it is not.
        assert parley.handle_text("rename coil the plumber to ring the plumber", source="cli").ok
        assert "ring the plumber" in (vocabulary(parley.store) or "")
        assert parley.handle_text(
            "rename patch the Kubernetes node to patch the cooper nettys node", source="voice"
        ).ok
        prompt = vocabulary(parley.store) or ""
        assert "Kubernetes" not in prompt and "cooper" not in prompt
        assert "ring the plumber" in prompt
