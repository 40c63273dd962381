"""The voice benchmark's report: a markdown table per condition, a waterfall and latency CDFs.

``markdown(data)`` and ``plots(data, directory)`` take what ``bench/bench_voice.py`` writes to
``bench_voice.json`` (``{"context": {...}, "results": {condition: {config: [measure, ...]}}}``),
so the pictures can be drawn again from a saved run:

    PYTHONPATH=. .venv/bin/python -m bench.voice_report bench/voice/bench_voice.json
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path
from typing import Any

BUDGET_P50_MS = 700
BUDGET_P95_MS = 1_000
STAGES = [
    ("endpoint", "endpoint"),
    ("final transcript", "final"),
    ("command executed", "command"),
    ("first reply audio", "first_audio"),
]
COLOURS = {"partial": "#9ecae1", "speculative": "#fd8d3c", "final": "#d62728"}


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (``nan`` for no values)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def _complete(measures: list[dict[str, Any]], *, is_paused: bool) -> list[dict[str, Any]]:
    return [m for m in measures if m["is_paused"] is is_paused and not m["missing"]]


def summary(measures: list[dict[str, Any]]) -> dict[str, Any]:
    """The figures of one configuration under one condition."""
    plain = _complete(measures, is_paused=False)
    paused = [m for m in measures if m["is_paused"]]
    figures: dict[str, Any] = {}
    wakes = [m["wake"] for m in measures if m["wake"] is not None]
    figures["wake"] = (percentile(wakes, 0.5), percentile(wakes, 0.95))
    for _, key in STAGES:
        values = [m[key] for m in plain]
        figures[key] = (percentile(values, 0.5), percentile(values, 0.95))
    words = sum(m["words"] for m in measures)
    count = max(len(measures), 1)
    figures.update(
        plain=len(plain),
        missing=sum(1 for m in measures if m["missing"]),
        cut_plain=sum(1 for m in measures if m["is_cut"] and not m["is_paused"]),
        cut_paused=sum(1 for m in paused if m["is_cut"]),
        paused=len(paused),
        wer=100 * sum(m["errors"] for m in measures) / max(words, 1),
        decodes=sum(len(m["decodes"]) for m in measures) / count,
        wasted=sum(m["wasted"] for m in measures) / count,
        cpu=statistics.fmean(m["cpu_s"] for m in measures) if measures else float("nan"),
    )
    return figures


def _ms(pair: tuple[float, float]) -> str:
    return f"{pair[0]:,.0f} / {pair[1]:,.0f}"


def markdown(data: dict[str, Any]) -> str:
    """The report: one table per condition, configurations side by side."""
    context = data["context"]
    lines = [
        "# Voice latency: from the last voiced frame",
        "",
        f"`{context['command']}` on {context['date']}, this 2-core machine (load average "
        f"{context['load_average']} at the start). Every time is in ms from the command's last "
        "voiced sample, p50 / p95 over the plain (unpaused) fast-path commands. Budget: first "
        f"reply audio p50 <= {BUDGET_P50_MS}, p95 <= {BUDGET_P95_MS}, no more cut-offs than "
        "`old`. Cut off: the utterance answered ended before the command's last word.",
        "",
    ]
    is_realtime = context.get("is_realtime", True)
    if not is_realtime:
        lines[0] = "# Voice endpointing: cut-offs, WER and decodes (not timed)"
        lines[2:] = [
            f"`{context['command']}` on {context['date']}: not in real time (each utterance and "
            "speculative decode finished before the next frame), so these counts do not depend "
            "on the machine's speed; there are no timings. Cut off: the utterance answered "
            "ended before the command's last word.",
            "",
        ]
    if "stt" in context:
        stt = context["stt"]
        lines += [
            "Whisper: `old`, `wyoming` and `new-tiny` decode with tiny.en, greedy, 30 s window; "
            f"the other `new` ones with `{stt['model'] or 'tiny.en'}`, "
            + ("greedy first, then " if stt.get("greedy_first") else "")
            + f"{stt['hypotheses']}-best rescored, {stt['window_s']:g} s window"
            + (
                f" (the n-best only when the greedy reading scores below "
                f"{stt['greedy_min_score']:g} or does not parse whole)."
                if stt.get("greedy_first")
                else "."
            ),
            "",
        ]
    for condition, results in data["results"].items():
        names = list(results)
        figures = {name: summary(results[name]) for name in names}
        lines += [f"## {condition}", "", "| | " + " | ".join(f"`{n}`" for n in names) + " |"]
        lines.append("|---|" + "---:|" * len(names))
        timed = [(label, key) for label, key in STAGES if is_realtime]
        if is_realtime:
            timed.append(("wake word, after the phrase's end (budget <= 300)", "wake"))
        for label, key in timed:
            cells = [_ms(figures[n][key]) for n in names]
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
        rows = [
            ("cut off, plain clips", lambda f: f"{f['cut_plain']} of {f['plain']}"),
            ("cut off, paused clips", lambda f: f"{f['cut_paused']} of {f['paused']}"),
            ("WER of the final transcript", lambda f: f"{f['wer']:.1f}%"),
            ("Whisper decodes per command", lambda f: f"{f['decodes']:.1f}"),
            ("wasted decodes per command", lambda f: f"{f['wasted']:.2f}"),
            ("CPU s per command (whole pipeline)", lambda f: f"{f['cpu']:.2f}"),
            ("clips with a stage missing", lambda f: str(f["missing"])),
        ]
        for label, cell in rows if is_realtime else rows[:5]:
            lines.append(f"| {label} | " + " | ".join(cell(figures[n]) for n in names) + " |")
        lines.append("")
    if not is_realtime:
        return "\n".join(lines)
    factors = context.get("real_time_factors", {})
    if factors:
        lines += [
            "Real-time factor (processing time / audio time): "
            + ", ".join(f"{name} {factor}" for name, factor in factors.items())
            + ".",
            "",
        ]
    lines += [
        f"Idle CPU with the (file) mic open: {context['idle_cpu_percent']}% of one core; "
        f"peak RSS of the benchmark process {context['peak_rss_mb']} MB.",
        "",
        "![per clip: speech, decodes, endpoint, command, first audio](waterfall.png)",
        "",
        "![last voiced frame -> first reply audio](latency_cdf.png)",
        "",
    ]
    return "\n".join(lines)


def plots(data: dict[str, Any], directory: Path) -> None:
    """Write waterfall.png (the first condition) and latency_cdf.png (every condition)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    _waterfall(plt, data, directory / "waterfall.png")
    _cdf(plt, data, directory / "latency_cdf.png")


def _waterfall(plt: Any, data: dict[str, Any], path: Path) -> None:
    condition, results = next(iter(data["results"].items()))
    names = list(results)
    rows = len(results[names[0]])
    latest = [m["first_audio"] or 0.0 for ms in results.values() for m in ms]
    right = max(2_000.0, max(latest, default=0.0) + 300)
    figure, axes = plt.subplots(
        1, len(names), figsize=(5.2 * len(names), 0.42 * rows + 1.8), sharey=True, squeeze=False
    )
    for ax, name in zip(axes[0], names, strict=True):
        for row, measure in enumerate(results[name]):
            _clip_row(ax, row, measure)
        ax.axvline(0, color="black", linewidth=0.8)
        ax.set_title(f"{name} ({condition})")
        ax.set_xlabel("ms from the last voiced sample")
        ax.set_xlim(-2_800, right)
        ax.grid(axis="x", alpha=0.3)
    labels = [m["clip"][:44] for m in results[names[0]]]
    axes[0][0].set_yticks(range(rows), labels, fontsize=7)
    axes[0][0].invert_yaxis()
    handles = [
        plt.Rectangle((0, 0), 1, 1, color="#dddddd", label="speech"),
        *[plt.Rectangle((0, 0), 1, 1, color=c, label=f"{k} decode") for k, c in COLOURS.items()],
        plt.Line2D(
            [], [], color="black", marker="|", linestyle="", markersize=12, label="endpoint"
        ),
        plt.Line2D([], [], color="green", marker="D", linestyle="", label="command"),
        plt.Line2D([], [], color="purple", marker="*", linestyle="", markersize=10, label="audio"),
    ]
    figure.legend(handles=handles, loc="lower center", ncol=7, fontsize=8)
    figure.tight_layout(rect=(0, 0.05, 1, 1))
    figure.savefig(path, dpi=110)
    plt.close(figure)


def _clip_row(ax: Any, row: int, measure: dict[str, Any]) -> None:
    start = measure["speech_start"] or 0.0
    ax.barh(row, -start, left=start, height=0.7, color="#dddddd")
    for kind, begin, end in measure["decodes"]:
        ax.barh(row, end - begin, left=begin, height=0.35, color=COLOURS.get(kind, "grey"))
    marks = [("endpoint", "|", "black", 12), ("command", "D", "green", 5)]
    marks.append(("first_audio", "*", "purple", 10))
    for key, marker, colour, size in marks:
        if measure[key] is not None:
            ax.plot(measure[key], row, marker=marker, color=colour, markersize=size, zorder=3)
    if measure["is_cut"]:
        ax.annotate(
            "cut off",
            (0.98, row),
            xycoords=("axes fraction", "data"),
            fontsize=7,
            color="red",
            va="center",
            ha="right",
        )


def _cdf(plt: Any, data: dict[str, Any], path: Path) -> None:
    conditions = list(data["results"])
    figure, axes = plt.subplots(
        1, len(conditions), figsize=(5.5 * len(conditions), 4), squeeze=False
    )
    for ax, condition in zip(axes[0], conditions, strict=True):
        for name, measures in data["results"][condition].items():
            values = sorted(m["first_audio"] for m in _complete(measures, is_paused=False))
            if values:
                ax.step(values, [(i + 1) / len(values) for i in range(len(values))], label=name)
        ax.axvline(BUDGET_P50_MS, color="grey", linestyle="--", linewidth=0.8)
        ax.axvline(BUDGET_P95_MS, color="grey", linestyle=":", linewidth=0.8)
        ax.set_title(f"last voiced frame -> first reply audio ({condition})")
        ax.set_xlabel("ms (dashed: p50 budget, dotted: p95 budget)")
        ax.set_ylabel("fraction of commands")
        ax.grid(alpha=0.3)
        ax.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else Path("bench/voice/bench_voice.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    (path.parent / "bench_voice.md").write_text(markdown(data), encoding="utf-8")
    plots(data, path.parent)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
