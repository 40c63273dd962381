"""The fine-tuned parser's latency by llama.cpp thread count and OpenMP wait policy.

    PYTHONPATH=. .venv/bin/python bench/bench_llama_threads.py [--repeats 2] [--out DIR]

Each setting runs in a fresh process, since libgomp reads ``OMP_WAIT_POLICY`` once, when
llama_cpp loads: the shipped parser (Qwen2.5-Coder-0.5B with the adapter) parses a few
multi-action commands, quiet and beside another process (``--beside``): a CPU hog pinned to one
core, or a second copy of the same parser working at the same time (two test workers, or a
parser beside another engine). It prints each setting's median and p95 against the model's
budget (DESIGN.md: the parse alone p50 <= 1.2 s) and writes ``bench_llama_threads.md``.

Settings: ``sleep`` is what Parley sets (services/__init__.py: threads sleep while they wait),
``spin`` is libgomp's own default (spin up to 300,000 times first), with 1 or 2 threads.
services/nlu/llama_output.py's ``llama_threads`` picks the shipped default from these figures.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "llama_threads"
BUDGET_MS = 1200
TEXTS = (
    "add a task to book the caterers, assign it to Sam, due Friday, and remind me Thursday at 9",
    "tell priya the venue moved to the big hall and make testing urgent",
    "schedule a catch up with Alex and Jo tomorrow at half two for forty minutes",
    "give the testing task to Bartholomew",
    "mark the catering task as done",
)
SETTINGS = (("sleep", 1), ("sleep", 2), ("spin", 1), ("spin", 2))
BESIDE = ("nothing", "hog", "parser")

# The worker: load the parser, warm it, then time each text ``repeats`` times (JSON to stdout).
_WORKER = """
import json, sys, time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo
from services import config
from services.nlu import ParseContext
from services.nlu.tuned import TunedParser
threads, repeats, model_dir, texts = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4:]
llm = {"model_dir": model_dir, "threads": threads, "timeout_s": 300.0}
settings = config.from_dict({"llm": llm})
parser = TunedParser.load(settings.llm, Path(model_dir))
context = ParseContext(
    now=datetime(2026, 11, 18, 10, tzinfo=ZoneInfo("Europe/London")),
    people=("Sam", "Alex", "Jo"), projects=("launch", "shopping"),
    tasks=("book the venue", "catering", "testing"), last={"task": "testing"},
)
parser.parse(texts[0], context)
print("ready", flush=True)
times = []
for _ in range(repeats):
    for text in texts:
        started = time.monotonic()
        parser.parse(text, context)
        times.append(1000 * (time.monotonic() - started))
print(json.dumps(times), flush=True)
"""


def environment(policy: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OMP_", "GOMP_"))}
    env["PYTHONPATH"] = str(ROOT)
    env["OMP_WAIT_POLICY"] = "PASSIVE"  # what importing services sets in any case
    if policy == "spin":  # a spin count given outright overrides the policy's (libgomp env.c)
        env["GOMP_SPINCOUNT"] = "300000"  # libgomp's default when no policy is given
    return env


def worker(policy: str, threads: int, repeats: int, model_dir: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", _WORKER, str(threads), str(repeats), model_dir, *TEXTS],
        env=environment(policy),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def run(policy: str, threads: int, beside: str, repeats: int, model_dir: str) -> list[float]:
    """Time one setting; ``beside`` starts when the timed parser is warm."""
    timed = worker(policy, threads, repeats, model_dir)
    assert timed.stdout is not None
    other: subprocess.Popen[str] | None = None
    if beside == "parser":  # the same setting, parsing without end until the timed one is done
        other = worker(policy, threads, 1000, model_dir)
        assert other.stdout is not None
        other.stdout.readline()  # its "ready": both load before either is timed
    if timed.stdout.readline().strip() != "ready":
        raise SystemExit(f"the parser did not load ({policy}, {threads} threads)")
    if beside == "hog":
        other = subprocess.Popen([sys.executable, "-c", "while True: pass"], text=True)
        os.sched_setaffinity(other.pid, {0})
    try:
        line = timed.stdout.readline()
    finally:
        if other is not None:
            other.kill()
            other.wait()
    timed.wait()
    return [float(t) for t in json.loads(line)]


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> int:
    cli = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    cli.add_argument("--repeats", type=int, default=2, help="times each command is parsed")
    cli.add_argument("--beside", nargs="*", default=list(BESIDE), choices=BESIDE)
    cli.add_argument("--model-dir", default=str(Path.home() / ".local/state/parley/models"))
    cli.add_argument("--out", type=Path, default=OUT)
    args = cli.parse_args()
    rows = []
    for beside in args.beside:
        for policy, threads in SETTINGS:
            started = time.monotonic()
            times = run(policy, threads, beside, args.repeats, args.model_dir)
            median = statistics.median(times)
            rows.append((beside, policy, threads, median, p95(times), len(times)))
            print(
                f"beside {beside:7} {policy:5} {threads} thread(s): p50 {median:6.0f} ms, "
                f"p95 {p95(times):6.0f} ms ({len(times)} parses, "
                f"{time.monotonic() - started:.0f} s)"
                f"{'' if median <= BUDGET_MS else '  over the p50 budget'}",
                flush=True,
            )
    args.out.mkdir(parents=True, exist_ok=True)
    lines = [
        "# The fine-tuned parser by llama.cpp threads and OpenMP wait policy",
        "",
        f"`bench/bench_llama_threads.py`, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
        f"{os.cpu_count()} cores. {len(TEXTS)} commands x {args.repeats}, each setting in a "
        "fresh process; `sleep` is what Parley sets, `spin` libgomp's default. Budget: the "
        f"model's parse p50 <= {BUDGET_MS} ms.",
        "",
        "| beside | wait policy | threads | p50 ms | p95 ms | parses |",
        "|---|---|---:|---:|---:|---:|",
        *(f"| {b} | {p} | {t} | {m:,.0f} | {q:,.0f} | {n} |" for b, p, t, m, q, n in rows),
        "",
    ]
    (args.out / "bench_llama_threads.md").write_text("\n".join(lines))
    print(f"wrote {args.out / 'bench_llama_threads.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
