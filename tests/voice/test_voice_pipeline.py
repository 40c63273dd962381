"""The pipeline with fake engines: triggers, endpointing, follow-up, barge-in, errors, events.

Frames are synthetic (see tests/fakes.py): 'W' says the wake word, 's' is speech, '.' silence,
80 ms each. The recorded event sequence is what the test checks.
"""

from __future__ import annotations

import asyncio
import json
import threading

import numpy as np
import pytest

from device.audio import FRAME_SAMPLES, Frame
from services.errors import EngineError
from services.voice.pipeline import (
    Engines,
    Pipeline,
    PipelineSettings,
    padded_with_quiet,
    wake_phrase,
    without_wake_phrase,
)
from services.voice.stt import FinalStage, VoskPartials, WhisperPartials
from services.voice.tts import Speaker
from services.voice.vad import EndpointSettings, Reading
from services.voice.wake import WakeSettings
from tests.fakes import (
    SPEECH_LEVEL,
    WAKE_LEVEL,
    CountingRecognizer,
    MarkerVad,
    MarkerWake,
    RecordingSink,
    ScriptedHandler,
    ScriptedReader,
    ScriptedTranscriber,
    ToneSynthesizer,
)

LEVELS = {"W": WAKE_LEVEL, "s": SPEECH_LEVEL, ".": 0}


def frames(pattern: str, start: int = 0) -> list[Frame]:
    """Frames for a pattern such as '..WW..sssss.....'; spaces are ignored."""
    marks = pattern.replace(" ", "")
    return [
        Frame(np.full(FRAME_SAMPLES, LEVELS[mark], dtype=np.int16), (start + i) * FRAME_SAMPLES)
        for i, mark in enumerate(marks)
    ]


class Rig:
    """A pipeline on fakes, with its recorded events."""

    def __init__(
        self,
        *texts: str,
        transcriber: ScriptedTranscriber | None = None,
        partials=None,
        sink: RecordingSink | None = None,
        reader: ScriptedReader | None = None,
        **settings,
    ) -> None:
        self.transcriber = transcriber or ScriptedTranscriber(*texts)
        self.synthesizer = ToneSynthesizer()
        self.sink = sink or RecordingSink()
        self.handler = ScriptedHandler()
        self.events = []
        defaults = {
            "wake": WakeSettings({"hey_jarvis": 0.5}, refractory_ms=1000),
            "endpoint": EndpointSettings(no_speech_timeout_ms=2000),
            "follow_up_s": 2.0,
            "wait_while_busy": True,
            "early_final_ms": 0,
        }
        self.engines = Engines(
            wake=MarkerWake(),
            vad=MarkerVad(),
            final=FinalStage(self.transcriber),
            speaker=Speaker(self.synthesizer, self.sink),
            partials=partials,
        )
        self.pipeline = Pipeline(
            self.engines,
            PipelineSettings(**{**defaults, **settings}),
            self.handler,
            emit=self.events.append,
            prompt=lambda: "People: Sam.",
            reader=reader,
        )

    async def feed(self, pattern: str) -> None:
        start = len(self.fed)
        for frame in frames(pattern, start):
            self.fed.append(frame)
            await self.pipeline.feed(frame)

    @property
    def fed(self) -> list[Frame]:
        if not hasattr(self, "_fed"):
            self._fed: list[Frame] = []
        return self._fed

    def types(self) -> list[str]:
        return [event.type for event in self.events]

    def of(self, kind: str):
        return [event for event in self.events if event.type == kind]


def run(coroutine):
    return asyncio.run(coroutine)


def test_wake_word_then_a_command_is_transcribed_run_and_answered():
    rig = Rig("add milk to groceries")

    async def scenario():
        await rig.feed("..... W .. ssssssssss ..........")
        await rig.pipeline.finish()

    run(scenario())
    assert rig.types() == [
        "wake",
        "listening",
        "speech_start",
        "speech_end",
        "decode",
        "final",
        "tts_start",
        "tts_end",
        "listening",
        "follow_up_end",
    ]
    assert rig.handler.texts == ["add milk to groceries"]
    assert rig.synthesizer.sentences == ["Done with add milk to groceries."]
    wake, listening = rig.of("wake")[0], rig.of("listening")
    assert wake.audio_ms == 6 * 80  # the end of the wake frame
    assert [e.trigger for e in listening] == ["wake", "follow_up"]
    assert rig.of("speech_start")[0].audio_ms == 8 * 80
    end = rig.of("speech_end")[0]
    assert (end.speech_end_ms, end.reason) == (18 * 80, "silence")
    assert rig.transcriber.calls[0][1] == "People: Sam."


def test_the_wake_model_hears_every_frame_even_while_listening():
    rig = Rig("add milk")

    async def scenario():
        await rig.feed("..... W .. ssssss ..........")

    run(scenario())
    assert rig.engines.wake.frames == len(rig.fed)


def test_the_utterance_is_cut_after_the_wake_word_with_padding():
    rig = Rig("add milk")

    async def scenario():
        await rig.feed("..... W ssssssssss ..........")

    run(scenario())
    samples, _ = rig.transcriber.calls[0]
    # 10 speech frames plus 200 ms of padding after; the wake word is not included
    assert samples == 10 * FRAME_SAMPLES + 200 * 16


def test_two_commands_within_the_follow_up_window_both_run():
    rig = Rig("add milk", "add eggs")

    async def scenario():
        await rig.feed("WW .. ssssss ........ ..... ssssss ..........")
        await rig.pipeline.finish()

    run(scenario())
    assert rig.handler.texts == ["add milk", "add eggs"]
    assert [e.trigger for e in rig.of("listening")] == ["wake", "follow_up", "follow_up"]
    assert len(rig.of("wake")) == 1


def test_the_wake_phrase_said_again_in_the_follow_up_window_is_not_the_command():
    """ "Hey Jarvis." alone listens again (no "Sorry"); "Hey, Jarvis! add eggs" runs "add eggs"."""
    rig = Rig("add milk", "Hey Jarvis.", "add bread", "Hey, Jarvis! add eggs",
              wake_phrases=("hey jarvis",))  # fmt: skip

    async def scenario():
        await rig.feed("WW .. ssssss ........ ... ssss ........ ... ssssss ........")
        await rig.feed("... ssssss ..........")
        await rig.pipeline.finish()

    run(scenario())
    assert rig.handler.texts == ["add milk", "add bread", "add eggs"]
    assert [e.trigger for e in rig.of("listening")] == ["wake"] + ["follow_up"] * 4


def test_a_wake_word_in_the_follow_up_window_starts_the_command_after_it():
    """The window can open partway through "hey jarvis", and its tail was read as a word
    ("Service. Add milk to the shopping list." in the soak): the wake word heard in the window
    starts a new utterance after it."""
    rig = Rig("add milk", "add eggs")

    async def scenario():
        await rig.feed("WW .. ssssss ........ ss W .. ssssss ..........")
        await rig.pipeline.finish()

    run(scenario())
    assert rig.handler.texts == ["add milk", "add eggs"]
    assert [e.trigger for e in rig.of("listening")] == ["wake", "follow_up", "wake", "follow_up"]
    samples, _ = rig.transcriber.calls[1]
    # from the end of the wake word: the pause, the command and 200 ms of padding
    assert samples == 8 * FRAME_SAMPLES + 200 * 16


class NoSpeaker(RecordingSink):
    def play(self, samples, sample_rate: int) -> None:
        raise OSError(-9996, "Invalid output device (no default output device)")


def test_without_a_speaker_the_reply_is_an_event_an_error_and_the_follow_up_still_opens():
    rig = Rig("add milk", "add eggs", sink=NoSpeaker())

    async def scenario():
        await rig.feed("WW .. ssssss ........ ..... ssssss ..........")
        await rig.pipeline.finish()

    run(scenario())
    assert rig.handler.texts == ["add milk", "add eggs"]  # the second in the follow-up window
    assert [e.trigger for e in rig.of("listening")] == ["wake", "follow_up", "follow_up"]
    errors = rig.of("error")
    assert [(e.stage, e.code) for e in errors] == [("audio", "audio-failed")] * 2
    assert "cannot play the reply" in errors[0].message
    assert not rig.of("tts_end")


def test_wake_phrases_come_from_the_model_names():
    assert wake_phrase("hey_jarvis") == "hey jarvis"
    assert wake_phrase("/opt/models/hey_mycroft_v0.1.onnx") == "hey mycroft"
    assert without_wake_phrase("Hey, Jarvis... add milk", ("hey jarvis",)) == "add milk"
    assert without_wake_phrase("hey jarvisson is late", ("hey jarvis",)) == "hey jarvisson is late"
    assert without_wake_phrase("tell Jarvis hey", ("hey jarvis",)) == "tell Jarvis hey"
    # said again at the start of a follow-up, its short first word is often misheard
    assert without_wake_phrase("pay Jarvis. Add eggs", ("hey jarvis",)) == "Add eggs"
    assert without_wake_phrase("Hey, Jervis, add eggs", ("hey jarvis",)) == "add eggs"
    asked = "ask Jarvis to add eggs"
    assert without_wake_phrase(asked, ("hey jarvis",)) == asked
    assert without_wake_phrase("jarvis", ("hey jarvis",)) == "jarvis"
    assert without_wake_phrase("Hey Jarvis", ("hey jarvis",)) == ""


def test_speech_after_the_follow_up_window_needs_the_wake_word():
    rig = Rig("add milk", "add eggs")

    async def scenario():
        await rig.feed("WW .. ssssss ........" + "." * 30 + "ssssss ..........")
        await rig.pipeline.finish()

    run(scenario())
    assert rig.handler.texts == ["add milk"]
    assert "follow_up_end" in rig.types()
    assert "no_speech" not in rig.types()  # a lapsed follow-up window says nothing


def test_silence_after_the_wake_word_times_out_with_a_spoken_message():
    rig = Rig("unused")

    async def scenario():
        await rig.feed("W" + "." * 30)
        await rig.pipeline.finish()

    run(scenario())
    assert rig.handler.texts == []
    assert rig.transcriber.calls == []
    heard = rig.of("no_speech")
    assert len(heard) == 1 and heard[0].trigger == "wake"
    assert heard[0].audio_ms == 80 + 2000  # the timeout counts from the wake word
    assert [e.text for e in rig.of("reply")] == ["I didn't catch that."]
    assert rig.synthesizer.sentences == ["I didn't catch that."]
    assert [e.trigger for e in rig.of("listening")] == ["wake"]  # no follow-up after it


def test_the_talk_button_starts_listening_and_keeps_the_pre_roll():
    rig = Rig("call Sam")

    async def scenario():
        await rig.feed("..........sss")  # speech began just before the press
        rig.pipeline.listen()
        await rig.feed("sssssss ..........")

    run(scenario())
    assert "wake" not in rig.types()
    assert rig.of("listening")[0].trigger == "button"
    assert [e.audio_ms for e in rig.of("speech_start")] == [10 * 80]
    assert rig.handler.texts == ["call Sam"]
    samples, _ = rig.transcriber.calls[0]
    # all ten speech frames (three from the pre-roll) and 200 ms padding either side
    assert samples == 10 * FRAME_SAMPLES + 2 * 200 * 16


def test_an_empty_transcript_is_not_sent_to_the_core():
    rig = Rig("")

    async def scenario():
        await rig.feed("WW .. ssssss ..........")
        await rig.pipeline.finish()

    run(scenario())
    assert rig.handler.texts == []
    heard = rig.of("no_speech")[0]
    assert (heard.trigger, heard.reason) == ("wake", "empty_transcript")
    assert rig.synthesizer.sentences == ["I didn't catch that."]


def test_whisper_failure_without_a_fallback_is_one_error_event_and_a_spoken_apology():
    transcriber = ScriptedTranscriber(error=EngineError("Whisper failed: out of memory"))
    rig = Rig(transcriber=transcriber)

    async def scenario():
        await rig.feed("WW .. ssssss ..........")
        await rig.pipeline.finish()

    run(scenario())
    errors = rig.of("error")
    assert len(errors) == 1 and errors[0].stage == "engine"
    assert "out of memory" in errors[0].message
    assert rig.handler.texts == []
    assert rig.synthesizer.sentences[0].startswith("Sorry, no transcript")


def test_vosk_partials_are_events_and_its_final_is_the_fallback():
    recognizer = CountingRecognizer("word")
    transcriber = ScriptedTranscriber(error=EngineError("Whisper failed: boom"))
    rig = Rig(transcriber=transcriber, partials=VoskPartials(recognizer))

    async def scenario():
        await rig.feed("W .. ssss ..........")
        await rig.pipeline.finish()

    run(scenario())
    partials = [e.text for e in rig.of("partial")]
    assert partials == ["word", "word word", "word word word", "word word word word"]
    final = rig.of("final")[0]
    assert (final.text, final.engine) == ("word word word word", "vosk")
    assert rig.handler.texts == ["word word word word"]


def test_wake_word_during_a_reply_stops_it_and_listens():
    rig = Rig("tell me a story", "stop", sink=RecordingSink(hold=True), wait_while_busy=False)

    async def scenario():
        await rig.feed("WW .. ssssss ........")
        for _ in range(200):  # the reply is being spoken in a worker thread
            if rig.sink.is_playing.is_set():
                break
            await asyncio.sleep(0.01)
        assert rig.sink.is_playing.is_set()
        await rig.feed("..... WW ..")
        await rig.pipeline.drain()

    run(scenario())
    ended = rig.of("tts_end")
    assert len(ended) == 1 and ended[0].is_interrupted
    assert rig.sink.stops >= 1
    assert [e.trigger for e in rig.of("listening")] == ["wake", "wake"]  # no follow-up
    assert rig.pipeline.state.value == "listening"


def test_early_final_is_used_when_speech_does_not_resume():
    rig = Rig("add milk", early_final_ms=240)

    async def scenario():
        await rig.feed("WW .. ssssss ..........")

    run(scenario())
    assert len(rig.transcriber.calls) == 1  # the early decode was the final
    assert rig.handler.texts == ["add milk"]


def test_early_final_is_dropped_when_speech_resumes():
    rig = Rig("add", "add milk and eggs", early_final_ms=160)

    async def scenario():
        await rig.feed("WW .. ssssss ... ssssss ..........")

    run(scenario())
    # the first early decode ("add") was dropped when speech resumed; the second was used
    assert len(rig.transcriber.calls) == 2
    assert rig.handler.texts == ["add milk and eggs"]


def test_an_early_speculative_final_reads_the_trailing_pad_the_final_would():
    """Started on the first silent frame, the speculative decode reads 200 ms of quiet after the
    speech (the 80 ms heard, repeated), as long as the final at the endpoint would."""

    async def decode(**settings) -> int:
        rig = Rig("add milk", **settings)
        await rig.feed("WW .. ssssss ..........")
        assert rig.handler.texts == ["add milk"]
        return rig.transcriber.calls[0][0]

    final = run(decode(early_final_ms=0))
    assert run(decode(early_final_ms=80)) == final
    assert run(decode(early_final_ms=80, fill_pad=False)) == final - FRAME_SAMPLES * 120 // 80


def test_padded_with_quiet_repeats_the_silence_heard():
    audio = np.array([9, 9, 9, 1, 2], dtype=np.int16)  # speech, then 2 samples of quiet
    assert padded_with_quiet(audio, 2, 5).tolist() == [9, 9, 9, 1, 2, 1, 2, 1]
    assert padded_with_quiet(audio, 2, 2).tolist() == audio.tolist()  # already long enough
    assert padded_with_quiet(audio, 0, 5).tolist() == audio.tolist()  # no quiet heard yet


@pytest.mark.parametrize("trigger", ["end_of_audio"])
def test_audio_that_ends_mid_utterance_still_gets_an_answer(trigger):
    rig = Rig("add milk")

    async def scenario():
        await rig.feed("WW .. ssssss")
        await rig.pipeline.finish()

    run(scenario())
    assert rig.of("speech_end")[0].reason == trigger
    assert rig.handler.texts == ["add milk"]


def test_each_utterance_can_be_recorded_for_troubleshooting(tmp_path):
    rig = Rig("add milk", record_dir=tmp_path)

    async def scenario():
        await rig.feed("WW .. ssssss ..........")

    run(scenario())
    wavs = sorted(tmp_path.glob("*.wav"))
    logs = sorted(tmp_path.glob("*.jsonl"))
    assert len(wavs) == 1 and len(logs) == 1
    types = [json.loads(line)["type"] for line in logs[0].read_text().splitlines()]
    assert types == [
        "listening",
        "speech_start",
        "speech_end",
        "decode",
        "final",
        "tts_start",
        "tts_end",
    ]
    assert rig.of("recorded")[0].path == str(wavs[0])


def test_releasing_the_talk_button_ends_the_utterance_without_waiting_for_silence():
    rig = Rig("call Sam")

    async def scenario():
        rig.pipeline.listen()
        await rig.feed(".. ssssss")
        rig.pipeline.end_utterance()  # push-to-talk let go while still speaking
        await rig.feed("s ..")
        await rig.pipeline.drain()

    run(scenario())
    (end,) = rig.of("speech_end")
    assert end.reason == "released" and end.audio_ms == 8 * 80
    assert rig.handler.texts == ["call Sam"]


def test_releasing_before_any_speech_is_nothing_heard():
    rig = Rig("never said")

    async def scenario():
        rig.pipeline.listen()
        await rig.feed("...")
        rig.pipeline.end_utterance()
        await rig.feed("..")
        await rig.pipeline.drain()

    run(scenario())
    assert rig.handler.texts == []
    assert rig.of("no_speech")[0].trigger == "button"


def test_a_wake_word_utterance_is_not_ended_by_a_stray_release():
    rig = Rig("add milk")

    async def scenario():
        await rig.feed("W .. sss")
        rig.pipeline.end_utterance()
        await rig.feed("sss ..........")
        await rig.pipeline.finish()

    run(scenario())
    assert [e.reason for e in rig.of("speech_end")] == ["silence"]
    assert rig.handler.texts == ["add milk"]


def test_while_muted_nothing_is_heard_and_listening_is_dropped():
    rig = Rig("add milk", "call Sam")

    async def scenario():
        await rig.feed("W .. sss")
        rig.pipeline.set_muted(True, "button")  # mid-utterance: what was heard is dropped
        await rig.feed("sss .......... W .. ssssss ..........")
        rig.pipeline.listen()  # the talk button while muted
        await rig.feed("sssss ..........")
        rig.pipeline.set_muted(False, "switch")
        await rig.feed("W .. ssssss ..........")
        await rig.pipeline.finish()

    run(scenario())
    assert [(e.is_muted, e.source) for e in rig.of("mute")] == [(True, "button"), (False, "switch")]
    assert rig.handler.texts == ["add milk"]  # only the command said after unmuting
    assert len(rig.of("wake")) == 2  # the wake word said while muted was not heard
    assert rig.pipeline.engines.wake.resets >= 1


# -- speculative final, semantic endpointing, one decode at a time -----------------------------


def trailing_silence(rig: Rig) -> int:
    end = rig.of("speech_end")[0]
    return end.audio_ms - end.speech_end_ms


def test_a_whole_command_ends_after_a_short_pause_on_its_speculative_transcript():
    reader = ScriptedReader({"add milk": Reading.COMPLETE})
    rig = Rig("add milk", reader=reader, early_final_ms=160)

    async def scenario():
        await rig.feed("WW .. ssssss ..........")

    run(scenario())
    assert trailing_silence(rig) == 320  # 300 ms, in whole frames; 640 without a reading
    assert reader.prepared == ["add milk"]  # parsed ahead on the speculative transcript
    assert [e.reading for e in rig.of("read")] == ["complete"]
    assert len(rig.transcriber.calls) == 1  # the speculative decode was the final
    assert [e.kind for e in rig.of("decode")] == ["speculative"]
    assert rig.handler.texts == ["add milk"]


def test_words_that_do_not_parse_wait_longer_than_the_plain_silence():
    reader = ScriptedReader({})  # everything reads as unparsed
    rig = Rig("jot down milk", reader=reader, early_final_ms=160)

    async def scenario():
        await rig.feed("WW .. ssssss ....................")

    run(scenario())
    assert trailing_silence(rig) == 1040  # 1000 ms, in whole frames
    assert rig.handler.texts == ["jot down milk"]


def test_without_a_reader_the_plain_trailing_silence_ends_it():
    rig = Rig("add milk", early_final_ms=160)

    async def scenario():
        await rig.feed("WW .. ssssss ..........")

    run(scenario())
    assert trailing_silence(rig) == 640


def test_an_open_clause_keeps_listening_through_a_pause_and_the_speculation_is_dropped():
    reader = ScriptedReader({"call the plumber due": Reading.OPEN})
    rig = Rig(
        "call the plumber due", "call the plumber due Friday", reader=reader, early_final_ms=160
    )

    async def scenario():  # a 720 ms pause: the plain 600 ms window would cut the command
        await rig.feed("WW .. ssssss ......... ssss ....................")

    run(scenario())
    assert rig.handler.texts == ["call the plumber due Friday"]  # one command, not cut
    dropped = rig.of("speculation_dropped")
    assert len(dropped) == 1 and dropped[0].has_decoded
    assert dropped[0].speech_end_ms == 10 * 80
    # the dropped transcript was read and parsed ahead, never handled (nothing ran)
    assert reader.prepared == ["call the plumber due", "call the plumber due Friday"]
    assert len(rig.of("speech_end")) == 1
    # Whisper is told the first one is no longer wanted (it stops before an n-best search)
    first, second = rig.transcriber.wanted
    assert first() is False and second() is True


def test_a_partial_that_misses_the_open_word_does_not_end_the_command():
    """A greedy partial reads "water the plants" (a whole command) and finishes while the
    speculative final waits for Whisper; the final hears "water the plants and", and its
    reading decides, so a 560 ms pause does not cut the command."""
    said = "water the plants and book the dentist"
    reader = ScriptedReader(
        {
            "water the plants": Reading.COMPLETE,
            "water the plants and": Reading.OPEN,
            said: Reading.COMPLETE,
        }
    )
    gate = threading.Event()
    partial = ScriptedTranscriber("water the plants", gate=gate)
    rig = Rig(
        transcriber=ScriptedTranscriber("water the plants and", said),
        partials=WhisperPartials(partial, interval_ms=80),
        reader=reader,
        early_final_ms=160,
        wait_while_busy=False,
    )

    async def scenario():
        await rig.feed("WW .. ssssss .")
        await until(lambda: partial.running == 1)  # a partial of all the speech, under way
        await rig.feed(".")  # 160 ms: the speculative final starts, and waits for Whisper
        await until(lambda: rig.pipeline.finals_waiting == 1)
        await rig.feed("...")  # 400 ms of silence: a whole command would end now
        gate.set()
        await until(lambda: [e.text for e in rig.of("partial")] == ["water the plants"])
        await until(lambda: "water the plants and" in reader.prepared)
        await rig.feed("..")  # the pause ends at 560 ms
        await rig.feed("ssss ....................")
        await rig.pipeline.finish()

    run(scenario())
    assert rig.handler.texts == [said]
    assert len(rig.of("speech_end")) == 1


def test_a_pause_that_ends_the_plain_window_cuts_the_command_without_a_reader():
    rig = Rig("call the plumber due", "Friday", early_final_ms=200)

    async def scenario():
        await rig.feed("WW .. ssssss ......... ssss ....................")

    run(scenario())
    assert rig.handler.texts[0] == "call the plumber due"  # what semantic endpointing prevents


async def until(predicate, limit: int = 1000) -> None:
    for _ in range(limit):
        if predicate():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("condition not reached")


def test_whisper_decodes_one_piece_of_audio_at_a_time_and_partials_give_way():
    gate = threading.Event()
    transcriber = ScriptedTranscriber("add", "add milk", gate=gate)
    partials = WhisperPartials(transcriber, interval_ms=80)
    rig = Rig(transcriber=transcriber, partials=partials, wait_while_busy=False, early_final_ms=160)

    async def scenario():
        await rig.feed("WW .. sss")
        await until(lambda: transcriber.running == 1)  # a partial re-decode is under way
        await rig.feed("sss ....")  # more speech for partials; then the speculative final
        await until(lambda: rig.pipeline.finals_waiting == 1 or transcriber.running == 2)
        assert transcriber.running == 1 and len(transcriber.calls) == 1  # the final waits
        assert transcriber.wanted[0]() is False  # and the partial under way is told so
        gate.set()
        await rig.feed("..........")
        await rig.pipeline.finish()

    run(scenario())
    assert transcriber.most_running == 1
    assert [e.kind for e in rig.of("decode")] == ["partial", "speculative"]
    assert rig.handler.texts == ["add milk"]
