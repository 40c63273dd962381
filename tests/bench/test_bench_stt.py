"""bench_stt scores the second set of spoken dev commands apart from the twenty tuned on and
from the held-out set, and that set stays clear of every held-out sentence."""

from __future__ import annotations

import json

import numpy as np
from rapidfuzz import fuzz, process

from bench.bench_stt import (
    DEV_SPOKEN,
    HELD_OUT,
    Outcome,
    Reading,
    Setup,
    Utterance,
    held_out_table,
    held_out_texts,
    summary,
)
from services.voice.stt import DecodeSettings
from training.screen_written import HELD_OUT as PARSER_HELD_OUT
from training.screen_written import NEAR

QUIET = np.zeros(1600, dtype=np.float32)


def _reading(kind: str, said: str, heard: str, *, is_same_command: bool) -> Reading:
    return Reading(
        Utterance(kind, "piper", said, QUIET),
        heard,
        wall_ms=400.0,
        cpu_ms=700.0,
        is_exact=said == heard,
        is_same_command=is_same_command,
    )


def test_the_second_dev_set_is_scored_in_its_own_figures():
    outcome = Outcome(Setup("base, test", "base", DecodeSettings()))
    outcome.readings = [
        _reading("spoken", "Add a task to clean the gutters", "Add a task to clean the gutters",
                 is_same_command=True),
        _reading("spoken", "Remind me to call Priya at six", "Remind me to cool Priya at six",
                 is_same_command=False),
        _reading("spoken", "hmm", "hmm", is_same_command=False),  # the fast path reads none
        _reading("heldout", "Add a task to fix the gate", "Add a task to fix the gate",
                 is_same_command=True),
        _reading("command", "Add a task to book the venue", "Add a task to book the menu",
                 is_same_command=False),
    ]  # fmt: skip
    row = summary(outcome)
    assert (row["spoken_count"], row["spoken_readable"]) == (3, 2)
    assert row["spoken_same_command"] == 0.5  # of the two the fast path reads as written
    assert row["spoken_exact"] == 2 / 3
    assert (row["heldout_count"], row["heldout_same_command"]) == (1, 1.0)
    assert row["same_command"] == 0.0  # the twenty tuned on: only their own reading counts
    assert held_out_table([row], "spoken")[2].startswith("| base, test | ")
    assert row["spoken_in_n_best"] is None  # no --oracle: no ceiling claimed
    assert held_out_table([row], "spoken")[2].endswith("| - |")


def test_the_oracle_share_counts_commands_whose_written_command_is_in_the_n_best():
    outcome = Outcome(Setup("base, test", "base", DecodeSettings()))
    said = "Remind me to call Priya at six"
    outcome.readings = [
        _reading("spoken", said, "Remind me to cool Priya at six", is_same_command=False),
        _reading("spoken", said, said, is_same_command=True),
        _reading("spoken", "hmm", "hmm", is_same_command=False),  # the fast path reads none
    ]
    outcome.readings[0].in_n_best = True  # the rescorer missed it: within the ceiling
    outcome.readings[1].in_n_best = True
    outcome.readings[2].in_n_best = False
    row = summary(outcome)
    assert (row["spoken_same_command"], row["spoken_in_n_best"]) == (0.5, 1.0)
    assert held_out_table([row], "spoken")[2].endswith("| 100% |")


def test_the_second_dev_set_is_kept_clear_of_both_held_out_sets():
    texts = held_out_texts(DEV_SPOKEN)
    assert len(texts) >= 50
    held = [text.lower() for text in held_out_texts(HELD_OUT)]
    lines = [json.loads(line) for line in PARSER_HELD_OUT.read_text().splitlines() if line.strip()]
    held += [line["text"].lower() for line in lines if "text" in line]
    assert len(held) > 250
    near = [
        text
        for text in texts
        if (match := process.extractOne(text.lower(), held, scorer=fuzz.ratio)) and match[1] >= NEAR
    ]
    assert near == []
