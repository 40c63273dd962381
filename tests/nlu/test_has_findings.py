"""``slots.has_findings``, which the grammar asks of every value it tries, answers as
``bool(slot_findings(...))``, the list it stops short of, does: on runs of words of the dev
sets' utterances, in the shapes the grammar asks about (services/nlu/grammar.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.parser_eval import load_devset
from services.nlu.commands import Action
from services.nlu.slots import has_findings, slot_findings

DATA = Path(__file__).resolve().parents[1] / "data"

# the actions the grammar builds around one value it checks
SHAPES: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("task.create", "title", {}),
    ("task.rename", "title", {"task": "it"}),
    ("message.send", "text", {}),
    ("meeting.schedule", "title", {}),
    ("project.create", "name", {}),
    ("task.set_due", "task", {}),
)


def test_has_findings_is_whether_slot_findings_finds_anything() -> None:
    examples = [
        example
        for name in ("devset_llm.jsonl", "devset_natural.jsonl")
        for example in load_devset(DATA / name).examples
    ][::3]
    asked = found = 0
    for example in examples:
        words = example.text.split()
        runs = {" ".join(words[a:b]) for a in range(len(words)) for b in range(a + 1, a + 9)}
        for run in sorted(runs)[::4]:
            for intent, key, rest in SHAPES:
                action = Action(intent, {**rest, key: run})
                expected = bool(slot_findings(action, example.context))
                assert has_findings(action, example.context) == expected, (intent, run)
                asked += 1
                found += expected
    assert 0 < found < asked  # both answers were given
