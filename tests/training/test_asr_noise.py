"""Speech-recognition noise for the corpus, made with the real voices and the real Whisper."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from training import asr_noise

pytestmark = pytest.mark.engine


def test_sentences_are_spoken_and_heard_and_keep_what_they_mean(tmp_path: Path) -> None:
    examples = [
        {"id": "g1", "text": "add a task to water the plants", "target": "task.create title=x"},
        {"id": "g2", "text": "set a timer for ten minutes", "target": "timer.start duration=x"},
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(e) + "\n" for e in examples))
    output = tmp_path / "out.jsonl"
    assert asr_noise.main(["--input", str(source), "--output", str(output), "--count", "2"]) == 0
    heard = [json.loads(line) for line in output.read_text().splitlines()]
    assert heard, "Whisper heard nothing of either sentence"
    voices = set()
    for record in heard:
        original = next(e for e in examples if e["id"] + "a" == record["id"])
        assert record["spoken"] == original["text"] and record["target"] == original["target"]
        words = set(asr_noise._plain(record["text"]).split())
        assert words & {"task", "water", "plants", "timer", "ten", "10", "minutes"}
        voices.add(record["voice"].split()[0])
    assert len(heard) == 1 or voices == {"piper", "espeak-ng"}


def test_written_lines_are_spoken_too_and_a_held_out_set_is_refused(tmp_path: Path) -> None:
    world = {"kind": "world", "context": {"people": ["Sam"], "projects": [], "tasks": []}}
    line = {
        "id": "w1.1",
        "text": "give the flyers to Sam",
        "expected": [
            {
                "type": "task.assign",
                "params": {"task": "flyers", "assignee": "Sam"},
                "depends_on": [],
            }
        ],
    }
    written = tmp_path / "freeform_Z.jsonl"
    written.write_text(json.dumps(world) + "\n" + json.dumps(line) + "\n")
    output = tmp_path / "out.jsonl"
    assert asr_noise.main(["--human", str(written), "--output", str(output), "--count", "1"]) == 0
    heard = [json.loads(text) for text in output.read_text().splitlines()]
    assert [record["id"] for record in heard] == ["w1.1a"]
    assert heard[0]["spoken"] == line["text"] and "task.assign" in heard[0]["target"]
    assert heard[0]["world"]["people"] == ["Sam"]
    held_out = tmp_path / "heldout_x.jsonl"
    held_out.write_text(written.read_text())
    with pytest.raises(ValueError, match="held-out"):
        asr_noise.main(["--human", str(held_out), "--output", str(output)])
