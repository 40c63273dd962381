"""Where the daemon's memory goes: RSS as each engine loads, as the daemon loads them, and runs.

    PYTHONPATH=. .venv/bin/python bench/bench_memory.py

One process loads what `parley run` loads with the shipped config (services.app.daemon's
build_engines: Whisper, openWakeWord, Silero VAD, Piper; then the fine-tuned parser with its
adapter), then works: Whisper's final decodes of spoken commands (its n-best, rescored), Piper
replies, model parses. After each step it prints the process's RSS (anonymous and file-backed)
and its peak (VmHWM) against the budget (issue 11: `parley run` with every model loaded, peak
RSS <= 1.2 GB). The torture run (bench/soak.py) shows the same daemon's RSS over an hour of
work; this shows which engine owns it. The test speech comes from espeak-ng, a separate
process, so no voice model of the benchmark's own is counted. Writes
bench/memory/bench_memory.md.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

BUDGET_MB = 1.2 * 1000**3 / 1024**2  # 1.2 GB, in the MiB /proc reports (1,144)
OUT = HERE / "memory"
SPOKEN = (
    "Add a task to order the catering for the wedding due Friday",
    "Remind me to water the plants tomorrow at 9",
    "What's due this week",
)
PARSED = (
    "could you put down that Sam should ring the caterers before Friday and remind me at 9",
    "I reckon the fence wants painting, sort that out for next week",
)


def status() -> dict[str, int]:
    """This process's RSS, its anonymous and file-backed parts and its peak, in MiB."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return {
        key: int(fields[key].split()[0]) // 1024 for key in ("VmRSS", "RssAnon", "RssFile", "VmHWM")
    }


def main() -> int:
    cli = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    cli.add_argument("--out", type=Path, default=OUT)
    args = cli.parse_args()

    rows: list[tuple[str, dict[str, int]]] = []

    def mark(step: str) -> None:
        rows.append((step, status()))
        now = rows[-1][1]
        grew = now["VmRSS"] - (rows[-2][1]["VmRSS"] if len(rows) > 1 else 0)
        print(
            f"{step:44s} RSS {now['VmRSS']:5d} MiB ({grew:+5d})  anon {now['RssAnon']:5d}  "
            f"file {now['RssFile']:4d}  peak {now['VmHWM']:5d}",
            flush=True,
        )

    import make_demo_audio as speech

    from device.audio import WavSink
    from services.app.daemon import build_engines
    from services.config import Config
    from services.nlu import ParseContext
    from services.nlu.tuned import TunedParser
    from tests.voice.support import PEOPLE, PROJECTS, TASKS

    clips = [speech.compose(0.2, speech.espeak(text), 0.2) for text in SPOKEN]
    mark("Python, libraries, speech to test with")
    config = Config()
    context = ParseContext(
        now=datetime(2026, 11, 23, 9, tzinfo=UTC), people=PEOPLE, projects=PROJECTS, tasks=TASKS
    )
    engines = build_engines(config, WavSink(), lambda: context)
    mark("voice engines loaded (build_engines)")
    parser = TunedParser.load(config.llm, config.state_dir)
    mark("fine-tuned parser loaded and warmed")
    for clip in clips:
        engines.final.transcribe(clip, None, None)
    mark(f"{len(clips)} final decodes ({config.stt.hypotheses}-best, rescored)")
    for text in ("Done. Order the catering is due Friday.", "You have three tasks due this week."):
        engines.speaker.say(text)
    mark("2 spoken replies")
    for text in PARSED:
        parser.parse(text, context)
    mark(f"{len(PARSED)} model parses")
    peak = rows[-1][1]["VmHWM"]
    verdict = "met" if peak <= BUDGET_MB else "not met"
    print(f"peak RSS {peak} MiB against the budget of 1.2 GB ({BUDGET_MB:.0f} MiB): {verdict}")

    args.out.mkdir(parents=True, exist_ok=True)
    lines = [
        "# Memory: the daemon's engines, loaded and run in one process",
        "",
        f"`PYTHONPATH=. .venv/bin/python bench/bench_memory.py`, {datetime.now():%Y-%m-%d}.",
        "",
        "| step | RSS MiB | grew | anonymous | file-backed | peak |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    before = 0
    for step, now in rows:
        lines.append(
            f"| {step} | {now['VmRSS']} | {now['VmRSS'] - before:+d} | {now['RssAnon']} "
            f"| {now['RssFile']} | {now['VmHWM']} |"
        )
        before = now["VmRSS"]
    lines += [
        "",
        f"Peak RSS **{peak} MiB** against 1.2 GB ({BUDGET_MB:.0f} MiB): **{verdict}** for this",
        "work, one thing at a time. A daemon at work for an hour (partials, speculative finals, a",
        "reply and a parse at once, MQTT and sync beside them) peaks higher: the torture run's",
        "RSS over time is in bench/soak/soak.md.",
        "",
    ]
    (args.out / "bench_memory.md").write_text("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
