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
