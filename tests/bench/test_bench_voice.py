"""The voice benchmark's scoring and report, on measurements made up here (nothing is timed)."""

from __future__ import annotations

from bench import voice_report
from bench.bench_voice import word_errors


def test_word_errors_count_what_was_lost_and_spell_out_the_numbers():
    assert word_errors("Start a timer for 20 minutes.", "start a timer for twenty minutes") == (
        0,
        6,
    )
    assert word_errors("Add a task to buy milk and eggs.", "Add a task to buy milk.") == (2, 8)
    assert word_errors("Add a task to book the venue.", "Add a task to book the menu.") == (1, 7)


def measure(clip: str, first_audio: float, *, is_paused=False, is_cut=False, errors=0) -> dict:
    return {
        "clip": clip,
        "is_paused": is_paused,
        "wake": 150.0,
        "endpoint": first_audio - 300,
        "final": first_audio - 120,
        "command": first_audio - 100,
        "first_audio": first_audio,
        "speech_start": -1500.0,
        "decodes": [["partial", -900.0, -600.0], ["speculative", 200.0, 450.0]],
        "wasted": 1 if is_paused and not is_cut else 0,
        "is_cut": is_cut,
        "transcript": "",
        "errors": errors,
        "words": 6,
        "cpu_s": 2.0,
        "missing": "",
    }


def data() -> dict:
    new = [measure(f"c{i}", 500.0 + 50 * i) for i in range(5)]
    new.append(measure("paused", 900.0, is_paused=True))
    old = [measure(f"c{i}", 1000.0 + 50 * i) for i in range(5)]
    old.append(measure("paused", 700.0, is_paused=True, is_cut=True, errors=2))
    context = {"command": "bench/bench_voice.py", "date": "2026-11-23", "load_average": 1.0}
    context.update(idle_cpu_percent=5.0, peak_rss_mb=900, real_time_factors={"piper": 0.05})
    return {"context": context, "results": {"quiet": {"old": old, "new": new}}}


def test_the_summary_reports_plain_latency_and_counts_cut_offs_apart():
    old, new = (voice_report.summary(data()["results"]["quiet"][name]) for name in ("old", "new"))
    assert new["first_audio"] == (600.0, 700.0)  # the paused clip is not in the latency
    assert (old["cut_paused"], new["cut_paused"], old["cut_plain"]) == (1, 0, 0)
    assert round(old["wer"], 1) == round(100 * 2 / 36, 1)
    assert new["wasted"] == 1 / 6 and new["decodes"] == 2.0


def test_the_report_is_a_table_per_condition_and_two_pictures(tmp_path):
    text = voice_report.markdown(data())
    assert "| first reply audio | 1,100 / 1,200 | 600 / 700 |" in text
    assert "| cut off, paused clips | 1 of 1 | 0 of 1 |" in text
    voice_report.plots(data(), tmp_path)
    for name in ("waterfall.png", "latency_cdf.png"):
        assert (tmp_path / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
