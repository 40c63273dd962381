"""Pure cores of the voice stages: endpointing, wake detection, prompts, partials, finals, TTS."""

from __future__ import annotations

import concurrent.futures
import threading
import time

import numpy as np
import pytest

from services.errors import EngineError
from services.voice.stt import (
    FinalResult,
    FinalStage,
    PartialDecoder,
    VoskPartials,
    WhisperPartials,
    _window_frames,
    build_prompt,
    without_repeats,
)
from services.voice.tts import Speaker, sentences, speech_chunks
from services.voice.vad import Decision, Endpointer, EndpointSettings, Reading
from services.voice.wake import WakeDetector, WakeSettings
from tests.fakes import CountingRecognizer, RecordingSink, ScriptedTranscriber, ToneSynthesizer

FRAME_MS = 80


class GatedTranscriber:
    """A transcriber that holds its decode until the test releases it (a slow Whisper)."""

    name = "whisper"

    def __init__(self, text: str) -> None:
        self.text = text
        self.started = threading.Event()
        self.release = threading.Event()

    def transcribe(self, samples: np.ndarray, prompt: str | None = None, is_wanted=None) -> str:
        self.started.set()
        self.release.wait(60)
        return self.text


def run_endpointer(pattern: str, settings: EndpointSettings | None = None, start_ms: int = 0):
    """Feed a pattern of frames ('s' speech, '.' silence); return (frame index, decision)s."""
    endpointer = Endpointer(settings or EndpointSettings(), start_ms)
    decisions = []
    for index, mark in enumerate(pattern):
        decision = endpointer.feed(1.0 if mark == "s" else 0.0, start_ms + index * FRAME_MS, 80)
        if decision is not Decision.NONE:
            decisions.append((index, decision))
    return endpointer, decisions


def test_utterance_ends_after_the_trailing_silence():
    endpointer, decisions = run_endpointer("...ssssssss" + "." * 10)
    # speech starts once 240 ms (3 frames) are heard; the run began at frame 3
    assert decisions == [(5, Decision.SPEECH_STARTED), (18, Decision.SPEECH_ENDED)]
    assert endpointer.speech_start_ms == 3 * FRAME_MS
    assert endpointer.speech_end_ms == 11 * FRAME_MS
    # it ended 600 ms (rounded up to whole frames: 640) after the last speech frame
    assert (18 + 1) * FRAME_MS - endpointer.speech_end_ms == 640


def test_a_short_pause_inside_speech_does_not_end_it():
    _, decisions = run_endpointer("ssss....ssss" + "." * 9)
    assert [d for _, d in decisions] == [Decision.SPEECH_STARTED, Decision.SPEECH_ENDED]
    assert decisions[1][0] == 19


def test_a_click_is_not_speech_and_the_no_speech_timeout_fires():
    settings = EndpointSettings(no_speech_timeout_ms=2000)
    _, decisions = run_endpointer("s" + "." * 30, settings)
    assert decisions == [(24, Decision.NO_SPEECH)]  # 25 frames * 80 ms = 2000 ms


def test_the_timeout_counts_from_the_trigger_position():
    settings = EndpointSettings(no_speech_timeout_ms=800)
    _, decisions = run_endpointer("." * 20, settings, start_ms=50_000)
    assert decisions == [(9, Decision.NO_SPEECH)]


def test_long_speech_is_cut_at_the_cap():
    settings = EndpointSettings(max_speech_ms=1600)
    endpointer, decisions = run_endpointer("s" * 40, settings)
    assert decisions == [(2, Decision.SPEECH_STARTED), (19, Decision.MAX_LENGTH)]
    assert endpointer.is_done


def feed_frames(endpointer: Endpointer, pattern: str, first: int = 0) -> list[tuple[int, Decision]]:
    decisions = []
    for index, mark in enumerate(pattern, start=first):
        decision = endpointer.feed(1.0 if mark == "s" else 0.0, index * FRAME_MS, FRAME_MS)
        if decision is not Decision.NONE:
            decisions.append((index, decision))
    return decisions


@pytest.mark.parametrize(
    ("reading", "silence_ms"),
    [(Reading.COMPLETE, 300), (Reading.OPEN, 1000), (Reading.UNPARSED, 1000)],
)
def test_how_the_words_read_sets_the_silence_that_ends_them(reading, silence_ms):
    endpointer = Endpointer(EndpointSettings(), 0)
    feed_frames(endpointer, "ssssss")
    assert endpointer.read_as(reading, through_ms=6 * FRAME_MS) is Decision.NONE
    decisions = feed_frames(endpointer, "." * 20, first=6)
    ended = decisions[0][0] + 1  # frames fed by the end of the deciding frame
    assert decisions[0][1] is Decision.SPEECH_ENDED
    assert (ended - 1) * FRAME_MS - 6 * FRAME_MS < silence_ms <= ended * FRAME_MS - 6 * FRAME_MS


def test_a_reading_of_earlier_words_lapses_when_speech_goes_on():
    endpointer = Endpointer(EndpointSettings(), 0)
    feed_frames(endpointer, "ssss")
    endpointer.read_as(Reading.COMPLETE, through_ms=4 * FRAME_MS)
    assert endpointer.silence_needed_ms() == 300
    feed_frames(endpointer, "..ss", first=4)  # the speaker went on
    assert endpointer.silence_needed_ms() == 600  # back to the plain trailing silence


def test_words_still_being_read_hold_the_end_past_the_plain_silence():
    endpointer = Endpointer(EndpointSettings(), 0)
    feed_frames(endpointer, "ssss")
    endpointer.read_as(Reading.PENDING, through_ms=4 * FRAME_MS)
    assert feed_frames(endpointer, "." * 9, first=4) == []  # 720 ms: the plain window passed
    assert endpointer.read_as(Reading.COMPLETE, through_ms=4 * FRAME_MS) is Decision.SPEECH_ENDED


def test_a_complete_reading_after_enough_silence_ends_at_once():
    endpointer = Endpointer(EndpointSettings(), 0)
    feed_frames(endpointer, "ssss" + "....")  # 320 ms of silence already
    assert not endpointer.is_done
    assert endpointer.read_as(Reading.COMPLETE, through_ms=4 * FRAME_MS) is Decision.SPEECH_ENDED
    assert endpointer.is_done
    assert endpointer.read_as(Reading.COMPLETE, through_ms=4 * FRAME_MS) is Decision.NONE


def test_wake_fires_once_per_phrase_and_again_after_the_refractory_window():
    detector = WakeDetector(WakeSettings({"hey_jarvis": 0.5}, refractory_ms=1000))
    fired = [
        position
        for position in range(0, 3000, 80)
        if detector.feed({"hey_jarvis": 0.9}, position) is not None
    ]
    assert fired == [0, 1040, 2080]


def test_wake_uses_each_models_threshold():
    detector = WakeDetector(WakeSettings({"hey_jarvis": 0.8, "alexa": 0.3}))
    assert detector.feed({"hey_jarvis": 0.7, "alexa": 0.1}, 0) is None
    detection = detector.feed({"hey_jarvis": 0.7, "alexa": 0.35}, 80)
    assert detection is not None and detection.model == "alexa"


def test_vad_gating_needs_recent_speech():
    settings = WakeSettings({"hey_jarvis": 0.5}, vad_threshold=0.5, vad_hold_ms=200)
    detector = WakeDetector(settings)
    assert detector.feed({"hey_jarvis": 0.9}, 0, vad_probability=0.1) is None
    detector.feed({"hey_jarvis": 0.0}, 80, vad_probability=0.9)
    assert detector.feed({"hey_jarvis": 0.9}, 400, vad_probability=0.1) is None  # 320 ms ago
    detector.feed({"hey_jarvis": 0.0}, 480, vad_probability=0.9)
    assert detector.feed({"hey_jarvis": 0.9}, 560, vad_probability=0.1) is not None


def test_suppress_until_ignores_detections_during_our_own_reply():
    detector = WakeDetector(WakeSettings({"hey_jarvis": 0.5}, refractory_ms=500))
    detector.suppress_until(10_000)
    assert detector.feed({"hey_jarvis": 0.9}, 9_900) is None
    assert detector.feed({"hey_jarvis": 0.9}, 10_000) is not None


def test_prompt_names_people_projects_and_tasks_once():
    prompt = build_prompt(["Siobhan", "Sam", "Sam"], ["Garden"], ["review the budget"])
    assert prompt == "People: Siobhan, Sam. Projects: Garden. Tasks: review the budget."
    assert build_prompt() is None
    long_prompt = build_prompt([f"Person{i}" for i in range(200)], max_chars=100)
    assert long_prompt is not None and len(long_prompt) <= 100


def test_prompt_takes_numbers_out_of_task_titles_and_keeps_a_few():
    titles = [f"mqtt check {n}" for n in range(30)] + ["Call #3 plumber", "call the vet"]
    prompt = build_prompt(tasks=[*titles, *(f"chore {letter}" for letter in "abcdefgh")])
    assert prompt == (
        "Tasks: mqtt check; Call plumber; call the vet; chore a; chore b; chore c; chore d; "
        "chore e."
    )
    assert build_prompt(tasks=["42", "#7"]) is None  # nothing left to spell


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("What's on my list today? What's on my list today?", "What's on my list today?"),
        ("Add eggs to the list. add eggs to the list", "Add eggs to the list."),
        ("Sort the recycling. Sort the", "Sort the recycling."),  # broken off partway
        ("Add milk. Add eggs. Add eggs.", "Add milk. Add eggs."),
        ("Add milk. And eggs.", "Add milk. And eggs."),  # a new sentence stays
        ("Call Sam. Call Sam's mum.", "Call Sam. Call Sam's mum."),  # longer is not a repeat
        ("Remind me to call Remind me to call Remind me", "Remind me to call"),  # no full stop
        ("add a task add a task to buy milk", "add a task add a task to buy milk"),  # a restart
        ("", ""),
    ],
)  # fmt: skip
def test_a_shortened_window_drops_a_sentence_that_repeats_the_last(text, kept):
    assert without_repeats(text) == kept


def test_the_window_always_holds_the_utterance_and_a_second_more():
    assert _window_frames(2 * 16_000, 10.0) == 1000  # 2 s of audio in a 10 s window
    assert _window_frames(12 * 16_000, 10.0) == 1300  # 12 s: grown to 13 s
    assert _window_frames(2 * 16_000, 30.0) == 3000  # Whisper's own window
    assert _window_frames(40 * 16_000, 5.0) == 3000  # never past it


def test_whisper_partials_decode_every_interval_of_audio():
    transcriber = ScriptedTranscriber("add", "add a task")
    partials = WhisperPartials(transcriber, interval_ms=400)
    texts = [partials.feed(np.ones(1280, np.int16), 1000 + i * 80) for i in range(12)]
    assert [t for t in texts if t] == ["add", "add a task"]
    assert [samples for samples, _ in transcriber.calls] == [6 * 1280, 11 * 1280]


def test_slow_partial_decodes_stretch_the_interval():
    now = [0.0]

    class SlowTranscriber(ScriptedTranscriber):
        def transcribe(self, samples, prompt=None, is_wanted=None):
            now[0] += 0.6  # each decode takes 600 ms of wall time
            return super().transcribe(samples, prompt)

    transcriber = SlowTranscriber("a", "a b", "a b c")
    partials = WhisperPartials(transcriber, interval_ms=400, max_duty=0.5, clock=lambda: now[0])
    for i in range(40):
        partials.feed(np.ones(1280, np.int16), i * 80)
    # decodes at 400 ms, then every 1200 ms (600 ms / 0.5): 1600 and 2800 within 3.2 s
    assert [samples // 1280 for samples, _ in transcriber.calls] == [6, 21, 36]


def test_whisper_partials_skip_decoding_when_frames_are_waiting():
    transcriber = ScriptedTranscriber("add")
    partials = WhisperPartials(transcriber, interval_ms=80)
    partials.feed(np.ones(1280, np.int16), 0)
    assert partials.feed(np.ones(1280, np.int16), 80, is_latest=False) is None
    assert transcriber.calls == []


def test_final_falls_back_to_vosk_when_whisper_fails():
    recognizer = CountingRecognizer("ok")
    recognizer.accept(np.ones(10, np.int16))
    stage = FinalStage(ScriptedTranscriber(error=EngineError("Whisper failed: boom")))
    result = stage.transcribe(np.ones(1600, np.int16), "People: Sam.", recognizer)
    assert (result.text, result.engine) == ("ok", "vosk")
    assert "boom" in result.fallback_reason


def test_final_falls_back_to_vosk_when_whisper_is_too_slow():
    recognizer = CountingRecognizer("late")
    recognizer.accept(np.ones(10, np.int16))
    stage = FinalStage(ScriptedTranscriber("too late", delay_s=0.5), time_limit_s=0.05)
    result = stage.transcribe(np.ones(1600, np.int16), None, recognizer)
    assert (result.text, result.engine) == ("late", "vosk")
    assert "longer than 0.05 s" in result.fallback_reason
    stage.close()


def test_final_without_a_fallback_waits_past_the_time_limit():
    # Nothing to fall back on: a decode slower than time_limit_s is still the transcript (the
    # soak lost 42 commands under load to "took longer than 4.0 s" with no fallback set).
    transcriber = GatedTranscriber("add milk")
    stage = FinalStage(transcriber, time_limit_s=0.01)
    pool = concurrent.futures.ThreadPoolExecutor(1)
    future = pool.submit(stage.transcribe, np.ones(1600, np.int16), None, None)
    assert transcriber.started.wait(30)
    assert not future.done()
    time.sleep(0.05)  # past time_limit_s on any machine; the stage must still be waiting
    assert not future.done()
    transcriber.release.set()
    assert future.result(timeout=30) == FinalResult("add milk", "whisper")
    stage.close()
    pool.shutdown()


def test_final_without_a_fallback_raises():
    stage = FinalStage(ScriptedTranscriber(error=EngineError("Whisper failed: boom")))
    with pytest.raises(EngineError, match="no transcript"):
        stage.transcribe(np.ones(1600, np.int16), None, None)


def test_final_passes_the_prompt_to_whisper():
    transcriber = ScriptedTranscriber("call Siobhan")
    result = FinalStage(transcriber).transcribe(np.ones(1600, np.int16), "People: Siobhan.", None)
    assert result.text == "call Siobhan" and result.engine == "whisper"
    assert transcriber.calls == [(1600, "People: Siobhan.")]


def test_replies_are_split_into_sentences():
    assert sentences("Added it. Due Friday at 9 AM! Anything else?  ") == [
        "Added it.",
        "Due Friday at 9 AM!",
        "Anything else?",
    ]
    assert sentences("Version 1.5 is out") == ["Version 1.5 is out"]
    assert sentences("I'll remind you at 9:30 AM: call Sam.") == [
        "I'll remind you at 9:30 AM:",
        "call Sam.",
    ]


def test_a_long_first_sentence_is_cut_at_its_first_comma():
    reply = "Added review the budget to the new garden list, due Friday at 9 AM. Anything else?"
    assert speech_chunks(reply) == [
        "Added review the budget to the new garden list,",
        "due Friday at 9 AM.",
        "Anything else?",
    ]
    assert speech_chunks("Added milk, due Friday.") == ["Added milk, due Friday."]  # short
    clause = "Reminder set for Sam, tomorrow at 9 AM."
    assert speech_chunks(clause) == ["Reminder set for Sam,", "tomorrow at 9 AM."]
    assert speech_chunks(clause, first_words=8) == [clause]  # before: only past eight words


def test_a_long_sentence_is_spoken_in_pieces_cut_where_a_speaker_pauses():
    # a chunk's synthesis holds its whole audio's working memory at once (tts.MAX_CHUNK_WORDS)
    said = (
        "I could not save that because the disk is full so the command was not saved and "
        "nothing changed, please free some space on the device and then try again later."
    )
    chunks = speech_chunks(said, max_words=10)
    assert chunks == [
        "I could not save that because the disk is full",
        "so the command was not saved and nothing changed,",
        "please free some space on the device",
        "and then try again later.",
    ]
    assert " ".join(chunks) == said  # nothing lost or reordered
    words = " ".join(["word"] * 25) + "."
    assert [len(chunk.split()) for chunk in speech_chunks(words, max_words=10)] == [10, 10, 5]


def test_speaker_plays_sentence_by_sentence():
    synthesizer, sink = ToneSynthesizer(), RecordingSink()
    first = []
    report = Speaker(synthesizer, sink).say(
        "One. Two. Three.", lambda: first.append(len(sink.played))
    )
    assert synthesizer.sentences == ["One.", "Two.", "Three."]
    assert first == [0]  # announced before the first sentence was played
    assert report.sentences == 3 and not report.is_interrupted
    assert sink.played == [(1600, 16_000)] * 3


def test_speaker_stops_when_interrupted():
    synthesizer, sink = ToneSynthesizer(), RecordingSink(hold=True)
    speaker = Speaker(synthesizer, sink)
    reports = []
    thread = threading.Thread(target=lambda: reports.append(speaker.say("One. Two. Three.")))
    thread.start()
    assert sink.is_playing.wait(2.0)
    speaker.stop()
    thread.join(2.0)
    assert reports[0].is_interrupted
    assert len(sink.played) == 1  # the rest was never played
    assert synthesizer.sentences == ["One.", "Two."]  # "Two." was ready while "One." played


def test_a_partial_decoder_says_whether_it_can_stand_in_for_the_final():
    recognizer = CountingRecognizer()
    streaming: PartialDecoder = VoskPartials(recognizer)
    redecoding: PartialDecoder = WhisperPartials(ScriptedTranscriber("add milk"))
    assert streaming.fallback is recognizer  # fed every frame; the pipeline waits for it
    assert redecoding.fallback is None  # fed speech only; its leftover work is dropped
