"""Benchmark the fast path and the time resolver against the ~1 ms parsing budget.

    PYTHONPATH=. .venv/bin/python -m bench.bench_parser [--repeat 20] [--json]

Reports import time, then median, p95 and max per utterance of the dev set (parse only; the
10 ms "text command through fast path and commit" budget is the core's benchmark) and of
``resolve_when`` over the phrases the parser found. Short: a few seconds on two cores.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

BUDGET_MS = 1.0
DEVSET = Path(__file__).resolve().parents[1] / "tests" / "data" / "devset.jsonl"


def quantiles(samples: list[float], digits: int = 4) -> dict[str, float]:
    """Return n, median, p95 and max of ``samples`` (ms)."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered), digits),
        "p95_ms": round(p95, digits),
        "max_ms": round(ordered[-1], digits),
    }


def run(devset_path: Path, repeat: int) -> dict[str, Any]:
    """Time imports, parses and resolutions; return the numbers."""
    started = time.perf_counter()
    from bench.parser_eval import load_devset
    from services.nlu.fastpath import FastPathParser
    from services.nlu.timeparse import resolve_when

    import_ms = (time.perf_counter() - started) * 1000
    devset = load_devset(devset_path)
    parser = FastPathParser()
    parse_ms: list[float] = []
    phrases: list[tuple[str, Any]] = []
    for round_number in range(repeat):
        for example in devset.examples:
            begin = time.perf_counter()
            command = parser.parse(example.text, example.context)
            parse_ms.append((time.perf_counter() - begin) * 1000)
            if round_number == 0:
                phrases.extend((t, example.context.now) for t in command.entities.get("times", []))
    resolve_ms: list[float] = []
    for _ in range(repeat):
        for phrase, now in phrases:
            begin = time.perf_counter()
            resolve_when(phrase, now, devset.dates)
            resolve_ms.append((time.perf_counter() - begin) * 1000)
    parse = quantiles(parse_ms)
    return {
        "import_ms": round(import_ms, 1),
        "parse": parse,
        "resolve_when": quantiles(resolve_ms) if resolve_ms else {},
        "budget_ms": BUDGET_MS,
        "parse_p50_within_budget": parse["p50_ms"] <= BUDGET_MS,
    }


def main(argv: list[str] | None = None) -> int:
    """Print the benchmark; exit 1 if the parse median is over budget."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--devset", type=Path, default=DEVSET)
    options.add_argument("--repeat", type=int, default=20)
    options.add_argument("--json", action="store_true")
    args = options.parse_args(argv)
    result = run(args.devset, args.repeat)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        parse, resolve = result["parse"], result["resolve_when"]
        print(f"import services.nlu.fastpath: {result['import_ms']} ms")
        print(
            f"fast path parse  n={parse['n']}: p50 {parse['p50_ms']} ms, "
            f"p95 {parse['p95_ms']} ms, max {parse['max_ms']} ms (budget p50 <= {BUDGET_MS} ms)"
        )
        if resolve:
            print(
                f"resolve_when     n={resolve['n']}: p50 {resolve['p50_ms']} ms, "
                f"p95 {resolve['p95_ms']} ms, max {resolve['max_ms']} ms"
            )
    return 0 if result["parse_p50_within_budget"] else 1


if __name__ == "__main__":
    sys.exit(main())
