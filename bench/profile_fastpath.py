"""Profile the fast path on the dev sets: cProfile's call count and CPU, not a timed benchmark.

    PYTHONPATH=. .venv/bin/python bench/profile_fastpath.py            # the top 25 by own time
    PYTHONPATH=. .venv/bin/python bench/profile_fastpath.py --stats /tmp/fast.prof --top 0

Parses every utterance of tests/data/devset*.jsonl (never the held-out set) with
``FastPathParser.parse`` in its own context: one pass to fill the caches, ``--passes`` passes
for their CPU time (process time, best and all), then one pass under cProfile. The call count
is the figure to compare between two versions of the code; CPU times move with the machine's
load.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from pathlib import Path

from bench.parser_eval import Example, load_devset
from services.nlu.fastpath import FastPathParser

ROOT = Path(__file__).resolve().parent.parent
DEVSETS = sorted((ROOT / "tests/data").glob("devset*.jsonl"))


def _pass(parser: FastPathParser, examples: list[Example]) -> float:
    """Parse every example once; return the CPU seconds it took."""
    start = time.process_time()
    for example in examples:
        parser.parse(example.text, example.context)
    return time.process_time() - start


def main(argv: list[str] | None = None) -> int:
    """Print the CPU of each pass and cProfile's figures for one more."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--passes", type=int, default=5)
    options.add_argument("--top", type=int, default=25, help="functions listed (0: none)")
    options.add_argument("--stats", type=Path, help="also write cProfile's stats here")
    args = options.parse_args(argv)
    examples = [example for path in DEVSETS for example in load_devset(path).examples]
    parser = FastPathParser()
    _pass(parser, examples)  # fills the caches
    seconds = [_pass(parser, examples) for _ in range(args.passes)]
    profile = cProfile.Profile()
    profile.runcall(_pass, parser, examples)
    stats = pstats.Stats(profile)
    shown = ", ".join(f"{second:.3f}" for second in seconds)
    print(f"{len(examples)} utterances; CPU per pass: best {min(seconds):.3f} s ({shown})")
    calls, total = stats.total_calls, stats.total_tt  # type: ignore[attr-defined]
    print(f"cProfile pass: {calls} calls, {total:.2f} s")
    if args.stats:
        stats.dump_stats(args.stats)
    if args.top:
        stats.sort_stats("tottime").print_stats(args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
