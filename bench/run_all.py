"""Run every benchmark in turn (`make bench`); each prints its own table."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = (
    "bench_core.py",
    "bench_parser_store.py",
    "bench_store.py",
    "bench_jobs_scheduler.py",
    "eval_parser.py",
    "bench_voice.py",
    "bench_stt.py",
    "stt_ceiling.py",
    "bench_sync.py",
    "bench_control.py",
    "appliance.py",
    "bench_memory.py",
    "bench_llama_threads.py",
    "bench_llama_drafts.py",
)


def main() -> int:
    failed = []
    for name in BENCHMARKS:
        print(f"\n######## {name}", flush=True)
        result = subprocess.run([sys.executable, str(HERE / name)], check=False, cwd=HERE.parent)
        if result.returncode:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
