"""Benchmark `parley` over SSH while the daemon runs: commands through its control socket.

    PYTHONPATH=. .venv/bin/python bench/bench_control.py [--samples N] [--model-samples N]

A real `parley run` process (real store, fast path, the fine-tuned LLM parser, a loopback
Mosquitto broker) holds the store; commands reach it the way `parley` sends them
(services/app/control.py). Measured:

- the control request alone, in this process (process start excluded): `say` with a fast-path
  command, and `tasks --json`; budget p50 <= 50 ms end to end for `say`;
- a whole `parley say` process (Python start and imports included), reported separately;
- a `say` whose sentence goes to the model, at the daemon's warm latency, side by side with
  the baseline the issue names: a one-shot `parley say` with no daemon, which loads the model
  inside the command.

Prints a table and one JSON object; writes bench/control_latency.png (the distributions).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from services.app import client  # noqa: E402
from tests.app.test_control import Running  # noqa: E402
from tests.mqtt.support import Broker  # noqa: E402

BUDGET_SAY_P50_MS = 50.0
# Sentences the fast path leaves to the model (the parser column of the table shows it did).
MODEL_SENTENCES = (
    "the gutters need clearing before winter",
    "somebody has to sort out the recycling",
    "I'm supposed to ring the dentist at some point",
    "the fridge needs defrosting on Saturday",
)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "p50_ms": round(statistics.median(values), 1),
        "p95_ms": round(percentile(values, 0.95), 1),
        "max_ms": round(max(values), 1),
    }


def request(socket_path: Path, argv: list[str]) -> tuple[float, dict]:
    line = json.dumps({"cli": argv}).encode() + b"\n"
    started = time.perf_counter()
    reply = client.query(socket_path, client.CLIENT_TIMEOUT_S, line)
    return (time.perf_counter() - started) * 1000, reply


def parser_of(reply: dict) -> str:
    outcome = json.loads(reply["stdout"].splitlines()[0])
    return str(outcome.get("parser", "?"))


def one_shot(daemon: Running, text: str) -> tuple[float, str]:
    """The baseline: `parley say --json` with no daemon running (it opens the store and the
    model itself)."""
    started = time.perf_counter()
    done = daemon.parley("say", "--json", text)
    elapsed = (time.perf_counter() - started) * 1000
    if done.returncode not in (0, 1) or not done.stdout.strip():  # 1: not done, e.g. a question
        raise RuntimeError(f"one-shot say failed ({done.returncode}): {done.stderr[-2000:]}")
    return elapsed, str(json.loads(done.stdout.splitlines()[0]).get("parser", "?"))


def plot(series: dict[str, list[float]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(1, 2, figsize=(11, 4))
    fast = {k: v for k, v in series.items() if "model" not in k}
    for ax, group, title in (
        (axes[0], fast, "fast path and listing"),
        (axes[1], {k: v for k, v in series.items() if "model" in k}, "commands for the model"),
    ):
        for name, values in group.items():
            ordered = sorted(values)
            ax.step(ordered, [(i + 1) / len(ordered) for i in range(len(ordered))], label=name)
        ax.set_xscale("log")
        ax.set_xlabel("latency (ms, log)")
        ax.set_ylabel("fraction of commands")
        ax.set_title(title)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    axes[0].axvline(BUDGET_SAY_P50_MS, color="red", linestyle="--", linewidth=1)
    figure.suptitle("parley over SSH while the daemon runs (bench/bench_control.py)")
    figure.tight_layout()
    figure.savefig(path, dpi=110)


def main() -> int:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--samples", type=int, default=200, help="fast-path requests")
    cli.add_argument("--processes", type=int, default=20, help="whole `parley say` processes")
    cli.add_argument("--model-samples", type=int, default=12, help="commands for the model")
    cli.add_argument("--plot", type=Path, default=ROOT / "bench" / "control_latency.png")
    args = cli.parse_args()

    home = Path(tempfile.mkdtemp(prefix="parley-bench-control-"))
    home.chmod(0o755)
    (home / "broker").mkdir()
    broker = Broker(home / "broker")
    broker.start()
    series: dict[str, list[float]] = {}
    parsers: dict[str, list[str]] = {}
    try:
        started = time.perf_counter()
        daemon = Running(home, broker.port, llm=True)
        ready_ms = (time.perf_counter() - started) * 1000
        try:
            socket_path = daemon.socket
            request(socket_path, ["say", "--json", "add a task to warm up"])  # first-call costs
            say = []
            for n in range(args.samples):
                elapsed, reply = request(socket_path, ["say", "--json", f"add a task to file {n}"])
                assert reply["exit"] == 0, reply
                say.append(elapsed)
            series["say (fast path), control request"] = say
            parsers["say (fast path), control request"] = [parser_of(reply)]
            series[f"tasks --json ({args.samples + 1} tasks), control request"] = [
                request(socket_path, ["tasks", "--json"])[0] for _ in range(args.samples // 4)
            ]
            whole = []
            for n in range(args.processes):
                t0 = time.perf_counter()
                done = daemon.parley("say", f"add a task to post {n}")
                whole.append((time.perf_counter() - t0) * 1000)
                assert done.returncode == 0, done.stderr
            series["say (fast path), whole parley process"] = whole
            model, routes = [], []
            request(socket_path, ["say", "--json", MODEL_SENTENCES[0]])  # model warm-up
            for n in range(args.model_samples):
                elapsed, reply = request(
                    socket_path, ["say", "--json", MODEL_SENTENCES[n % len(MODEL_SENTENCES)]]
                )
                model.append(elapsed)
                routes.append(parser_of(reply))
            series["say (model), control request, warm daemon"] = model
            parsers["say (model), control request, warm daemon"] = sorted(set(routes))
            daemon.stop()
            # the baseline: no daemon; each `parley say` loads the model itself
            alone, alone_routes = [], []
            for text in MODEL_SENTENCES[:2]:
                elapsed, route = one_shot(daemon, text)
                alone.append(elapsed)
                alone_routes.append(route)
            series["say (model), one-shot parley, no daemon (baseline)"] = alone
            parsers["say (model), one-shot parley, no daemon (baseline)"] = sorted(
                set(alone_routes)
            )
        finally:
            daemon.close()
    finally:
        broker.stop()
        shutil.rmtree(home, ignore_errors=True)

    results = {name: summary(values) for name, values in series.items()}
    say_p50 = results["say (fast path), control request"]["p50_ms"]
    print(f"daemon start to ready (LLM loaded and warmed): {ready_ms:.0f} ms\n")
    print(f"{'measurement':58} {'n':>4} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9}  parser")
    for name, row in results.items():
        used = ",".join(parsers.get(name, []))
        print(
            f"{name:58} {row['n']:>4} {row['p50_ms']:>9.1f} {row['p95_ms']:>9.1f}"
            f" {row['max_ms']:>9.1f}  {used}"
        )
    verdict = "within" if say_p50 <= BUDGET_SAY_P50_MS else "OVER"
    print(f"\nsay through the daemon, fast path: p50 {say_p50} ms, budget <= "
          f"{BUDGET_SAY_P50_MS:.0f} ms: {verdict}")  # fmt: skip
    try:
        plot(series, args.plot)
        print(f"plot: {args.plot}")
    except ImportError:
        print("plot: matplotlib is not installed (pip install -e '.[bench]')")
    print(json.dumps({"ready_ms": round(ready_ms), "results": results, "parsers": parsers}))
    return 0 if say_p50 <= BUDGET_SAY_P50_MS else 1


if __name__ == "__main__":
    sys.exit(main())
