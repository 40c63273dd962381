"""The torture run's short version: `bench/soak.py --minutes 3` on real daemons.

Two `parley run` processes, a real Mosquitto broker stopped and started, a named-pipe
microphone fed spoken commands (some after a tap of the talk button on the daemon's mock pins,
some over the reply: barge-in) and unplugged once, A's state on a tmpfs that fills up once
(as root), MQTT commands all the while. Nothing reported done may be missing from either store.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.soak import final_note

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow(minutes=6)  # the longest test: scheduled first (tests/conftest.py)
def test_three_minutes_of_voice_mqtt_sync_and_disturbances_lose_nothing(tmp_path):
    run = subprocess.run(
        [sys.executable, "bench/soak.py", "--minutes", "3", "--clips", "20", "--rest-tries", "1",
         "--out", str(tmp_path)],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
        timeout=1500, check=False,
    )  # fmt: skip
    assert (tmp_path / "soak.json").exists(), run.stdout[-3000:] + run.stderr[-3000:]
    report = json.loads((tmp_path / "soak.json").read_text())
    summary = (tmp_path / "soak.md").read_text()
    assert report["lost"] == [], summary
    assert report["exit_codes"] == {"a": 0, "b": 0}, summary
    kinds = {mark["kind"] for mark in report["disturbances"]}
    assert {"broker", "mic"} <= kinds and (kinds >= {"disk"} or not report["tmpfs"]), summary
    assert report["recovered"] and all(report["recovered"].values()), summary
    assert report["voice"]["outcomes"].get("done", 0) >= 3, summary
    # the talk button (a real TalkButton on the daemon's mock pins) and barge-in both worked
    by_trigger = report["voice"]["by_trigger"]
    assert by_trigger["button"]["done"] >= 1 and by_trigger["barge-in"]["done"] >= 1, summary
    assert report["threads_at_end"]["python_threads"], summary
    assert report["clips"]["looped"] >= 15, summary  # of 20: most are understood at rest
    assert report["mqtt"]["answers"].get("done", 0) >= 20, summary
    assert report["mqtt"]["answers"].get("unanswered", 0) == 0, summary
    assert report["tasks"]["a"] == report["tasks"]["b"] >= report["done_tasks"], summary
    for name in ("a", "b"):  # where the memory is, sampled all along
        resources = report["resources"][name]
        assert resources["store_mb_last"] > 0 and resources["heap_in_use_mb_last"] > 0, summary
        assert resources["anon_growth_pct"] is not None, summary
    assert (tmp_path / "soak.png").stat().st_size > 10_000
    assert run.returncode == 0, summary


def test_a_misheard_loop_names_the_engine_that_wrote_its_transcript():
    events = [
        {"type": "final", "engine": "whisper", "decode_ms": 480},
        {"type": "final", "engine": "vosk", "decode_ms": 4012,
         "fallback_reason": "whisper took longer than 4.0 s"},
        {"type": "command"},
    ]  # fmt: skip
    assert final_note(events) == " (vosk, 4012 ms, whisper took longer than 4.0 s)"
    assert final_note(events[:1]) == " (whisper, 480 ms)"
    assert final_note([{"type": "command"}]) == ""
