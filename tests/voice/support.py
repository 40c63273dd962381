"""Helpers for voice tests: skipping on a missing model package, word error rate, speech sets."""

from __future__ import annotations

import importlib.util
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest


def require(module: str, package: str) -> None:
    """Skip unless ``module`` imports (a model package)."""
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"model package {package} is not installed")


def words(text: str) -> list[str]:
    """Lower-case words without punctuation ("9 AM" and "9am" alike), for WER."""
    text = re.sub(r"(\d)\s*([ap])\.?\s*m\b\.?", r"\1\2m", text.lower())
    return re.sub(r"[^a-z0-9' ]+", " ", text).split()


# Whisper writes numbers as digits and "mister" as "Mr."; both are right for Parley (the fast
# path reads "10" and "ten" alike), so the benchmark also scores with these spelled one way.
_NUMBERS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
)
SPELLED = {
    **{word: str(number) for number, word in enumerate(_NUMBERS.split())},
    **{word: str(10 * tens) for tens, word in enumerate(("thirty", "forty", "fifty", "sixty"), 3)},
    "mr": "mister",
    "mrs": "missus",
    "dr": "doctor",
}


def spelled_words(text: str) -> list[str]:
    """``words`` with number words as digits and "Mr."/"Mrs."/"Dr." written out."""
    return [SPELLED.get(word, word) for word in words(text)]


def wer(reference: str, hypothesis: str, *, is_spelled: bool = False) -> float:
    """Word error rate: word-level edit distance over the reference length.

    With ``is_spelled``, numbers and titles count as the same however they are written.
    """
    split = spelled_words if is_spelled else words
    ref, hyp = split(reference), split(hypothesis)
    row = list(range(len(hyp) + 1))
    for i, ref_word in enumerate(ref, 1):
        previous, row[0] = row[0], i
        for j, hyp_word in enumerate(hyp, 1):
            previous, row[j] = (
                row[j],
                min(row[j] + 1, row[j - 1] + 1, previous + (ref_word != hyp_word)),
            )
    return row[len(hyp)] / max(len(ref), 1)


REAL_SPEECH = Path(__file__).resolve().parents[1] / "data" / "real_speech"


@dataclass(frozen=True)
class Clip:
    """A recording of a person and what the package it came from says is said in it."""

    name: str
    path: Path
    text: str


def real_clips() -> tuple[list[Clip], list[str]]:
    """Return the real recordings that are present, and the names of those that are not."""
    clips, missing = [], []
    for line in (REAL_SPEECH / "transcripts.jsonl").read_text().splitlines():
        item = json.loads(line)
        path = REAL_SPEECH / item["file"]  # an absolute path stays as it is
        name = path.stem if path.parent == REAL_SPEECH else f"alsa {path.stem}"
        if path.is_file():
            clips.append(Clip(name, path, item["text"]))
        else:
            missing.append(str(path))
    return clips, missing


# The store the spoken commands are said against: its names go into Whisper's prompt and the
# rescorer, and the fast path resolves the commands against it.
PEOPLE = ("Siobhan", "Priya", "Tomasz", "Sam", "Alex", "Marguerite")
PROJECTS = ("garden", "wedding", "kitchen refit")
TASKS = (
    "book the venue",
    "water the plants",
    "fix the gate",
    "order the catering",
    "renew the passport",
    "paint the fence",
)
TASK_COMMANDS = (
    "Add a task to book the venue",
    "Remind me to water the plants tomorrow at 9",
    "Mark book the venue as done",
    "Mark water the plants as done",
    "Assign fix the gate to Siobhan",
    "Give order the catering to Priya",
    "Add a task to order the catering for the wedding due Friday",
    "Book the venue is due next Tuesday",
    "Make paint the fence high priority",
    "Start a timer for 20 minutes",
    "What is on my list for today",
    "Schedule a meeting with Tomasz on Friday at 3",
    "Tell Marguerite the venue is booked",
    "Add renew the passport to the wedding project",
    "Fix the gate depends on paint the fence",
    "What does Alex have to do this week",
    "Cancel paint the fence",
    "Add a task to buy seeds to the garden project",
    "Remind me to call Sam on Monday at 10",
    "Add milk and eggs to the shopping list",
)
