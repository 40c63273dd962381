"""Run the test suite while CPU hogs keep every core busy, several times in a row.

CI runs on a developer's own machine, which is often busy; a suite that only passes on an idle
machine blocks good work. This is the check for that (issue 13):

    .venv/bin/python scripts/under_load.py                 # the whole suite, 3 runs, 2 hogs
    .venv/bin/python scripts/under_load.py --runs 1 -- tests/device -q

Each hog is a separate process spinning in pure Python at normal priority, so the suite gets
about a third of the CPU it would have on an idle two-core machine. The suite runs as `make
test` runs it (``PARLEY_REQUIRE_ENGINES=1``: a missing engine fails). Exit status 0 only when
every run passed; a summary line per run gives its time and pytest's last line.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# As the Makefile's PYTEST_WORKERS (a test checks they agree): one worker per core, at most 4.
WORKERS = ("-n", "auto", "--maxprocesses", "4", "--dist", "loadfile", "--no-loadscope-reorder")


def _spin() -> None:  # pragma: no cover - runs in the hog processes
    while True:
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs in a row (default 3)")
    parser.add_argument(
        "--hogs", type=int, default=os.cpu_count() or 2, help="busy processes (default: cores)"
    )
    parser.add_argument("pytest_args", nargs="*", help="arguments for pytest (after --)")
    args = parser.parse_args(argv)
    hogs = [multiprocessing.Process(target=_spin, daemon=True) for _ in range(args.hogs)]
    for hog in hogs:
        hog.start()
    results = []
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
        check=False,
    ).stdout.strip()  # fmt: skip
    print(f"the suite at {commit or 'an unknown commit'} in {ROOT}, {args.hogs} hogs", flush=True)
    try:
        for run in range(1, args.runs + 1):
            started = time.monotonic()
            done = subprocess.run(
                [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *WORKERS]
                + (args.pytest_args or []),
                cwd=ROOT,
                env={**os.environ, "PARLEY_REQUIRE_ENGINES": "1"},  # as `make test` runs it
                capture_output=True,
                text=True,
                check=False,
            )
            minutes = (time.monotonic() - started) / 60
            last = (done.stdout.strip().splitlines() or ["(no output)"])[-1]
            results.append(done.returncode)
            load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
            print(
                f"run {run}/{args.runs} under {args.hogs} hogs: exit {done.returncode}, "
                f"{minutes:.1f} min, load average {load}: {last}",
                flush=True,
            )
            if done.returncode:
                failed = [line for line in done.stdout.splitlines() if line.startswith("FAILED")]
                log = Path(tempfile.gettempdir()) / f"parley-under-load-run{run}.log"
                log.write_text(done.stdout + done.stderr)
                print("\n".join(failed) + f"\n(the whole output: {log})", flush=True)
    finally:
        for hog in hogs:
            hog.terminate()
    return 0 if all(code == 0 for code in results) else 1


if __name__ == "__main__":
    sys.exit(main())
