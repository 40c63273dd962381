"""Score the fast path, the LLM alone and the routed combination on the dev sets.

    PYTHONPATH=. .venv/bin/python bench/eval_parser.py                 # every installed model
    PYTHONPATH=. .venv/bin/python bench/eval_parser.py --subset routed # LLM only where routed
    PYTHONPATH=. .venv/bin/python bench/eval_parser.py --models qwen2.5-coder-0.5b --limit 40

For each dev set file (tests/data/devset.jsonl, devset_llm.jsonl, devset_old_holdout.jsonl,
devset_natural.jsonl and devset_natural2.jsonl by default), for all of them together, and for
the held-out set (tests/data/heldout_2026-11-22.jsonl: its own table, never tuned on, failures
never listed) it prints exact match of the action set, wrong changes (answers that would
change the store other than meant), per-category exact match, per-action precision and
recall and latency p50/p95, one column per parser, both packaged models side by side when
both are installed.
The comparison rules are those of bench/parser_eval.py, plus one: an expected value "*"
(subtask titles the LLM writes itself) matches any non-empty value of the same parameter.
``--families N`` adds a table for generated sentences of the template families held back
from the fine-tuned parser's training (phrasing it has never seen a relative of): the first N
of ``FAMILIES``, 200 sentences the generator wrote (seed 12) from the grammar of 2026-11-25
midday and kept, so that a grammar that grows does not change what is scored.

Every raw LLM answer is also checked: how many were not valid JSON or not schema-valid, and
that none of those reached a Command unvalidated (the "no invalid JSON reaches the executor"
budget). Latency budget: LLM path p50 <= 2500 ms with the 0.5B model on this machine.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import pickle
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema

from bench.parser_eval import (
    Devset,
    Example,
    Report,
    corpus_devset,
    count_actions,
    load_devset,
    same_actions,
)
from services import config as config_module
from services.nlu import ParseContext, notation
from services.nlu.commands import ACTIONS, Command
from services.nlu.fastpath import FastPathParser
from services.nlu.llm import LlmParser, LlmTimeoutError
from services.nlu.llm_models import PACKAGED, is_installed, model_path
from services.nlu.llm_schema import output_schema
from services.nlu.router import Router, model_input
from services.nlu.tuned import LlamaNotationModel, TunedParser, adapter_path
from training.generate import NOW

ROOT = Path(__file__).resolve().parent.parent
DEVSETS = (
    ROOT / "tests/data/devset.jsonl",
    ROOT / "tests/data/devset_llm.jsonl",
    ROOT / "tests/data/devset_old_holdout.jsonl",
    ROOT / "tests/data/devset_natural.jsonl",
    ROOT / "tests/data/devset_natural2.jsonl",
)
# Scored in its own table, never added to "all" and its failures never listed: nobody tunes on it.
HELD_OUT = (ROOT / "tests/data/heldout_2026-11-22.jsonl",)
# training.generate.generate(200, seed=12, held_out=True) with services/nlu/domain.yaml of commit
# 66464e0, one record per line
FAMILIES = ROOT / "tests/data/families_heldback_2026-11-25.jsonl"
LLM_P50_BUDGET_MS = 2500.0
CONFIRM_BELOW = config_module.Llm().confirm_below  # the shipped default
CONFIRM_BELOW_ACCOUNTED = config_module.Llm().confirm_below_accounted
SWEEP = (0.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
WILDCARD = "*"


@dataclass
class Outcome:
    """What one parser made of one example."""

    actions: list[dict[str, Any]]
    is_complete: bool
    latency_ms: float
    route: str = ""
    raw: str = ""
    is_question: bool = False  # the router would ask "Did you mean ...?" before running it
    confidence: float = 1.0


@dataclass
class LlmRun:
    """The LLM's outcomes by example id, and what its raw answers looked like."""

    model: str
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    invalid_json: int = 0
    schema_invalid: int = 0
    timeouts: int = 0
    tokens: list[int] = field(default_factory=list)
    load_s: float = 0.0


# --- scoring (evaluate.py's rules plus the wildcard) ------------------------------------------


def _with_wildcards(expected: list[dict], got: list[dict]) -> list[dict]:
    """Replace "*" in expected params with what was got at the same place (if anything)."""
    filled = []
    for index, action in enumerate(expected):
        params = dict(action.get("params") or {})
        other = got[index] if index < len(got) else {}
        for key, value in params.items():
            if value == WILDCARD and other.get("type") == action.get("type"):
                params[key] = (other.get("params") or {}).get(key) or WILDCARD
        filled.append({**action, "params": params})
    return filled


def score_outcomes(name: str, devset: Devset, outcomes: dict[str, Outcome]) -> Report:
    """Build evaluate.Report for outcomes already computed (examples without one are skipped)."""
    report = Report(name)
    for example in devset.examples:
        outcome = outcomes.get(example.id)
        if outcome is None:
            continue
        got = outcome.actions if outcome.is_complete or outcome.is_question else []
        expected = _with_wildcards(list(example.expected), got)
        now = example.context.now
        tasks, people = tuple(example.context.tasks), tuple(example.context.people)
        is_right = same_actions(expected, got, devset, now, tasks, people)
        is_exact = is_right and not outcome.is_question
        report.total += 1
        report.exact += is_exact
        report.complete += bool(outcome.is_complete and got)
        report.questions += outcome.is_question
        report.questions_right += outcome.is_question and is_right
        report.wrong_changes += not is_right and not outcome.is_question and is_change(got)
        row = report.categories.setdefault(example.category, [0, 0])
        row[0] += 1
        row[1] += is_exact
        report.latencies_ms.append(outcome.latency_ms)
        count_actions(report, expected, got, devset, now, tasks, people)
        if not is_exact:
            report.failures.append(
                {
                    "id": example.id,
                    "text": example.text,
                    "expected": expected,
                    "got": got,
                    "kind": _failure_kind(outcome, is_right, got),
                    "route": outcome.route,
                }
            )
    return report


def _failure_kind(outcome: Outcome, is_right: bool, got: list[dict]) -> str:
    """What a miss did: the worst first, so a failure list can be read in that order."""
    if outcome.is_question:
        return "asked (proposal right)" if is_right else "asked (proposal wrong)"
    if is_change(got):
        return "WRONG CHANGE"
    return "answered wrongly" if got else "not understood"


def is_change(actions: list[dict]) -> bool:
    """True when running these actions would change the store (anything but a question)."""
    return any(not ACTIONS[a["type"]].is_query for a in actions if a["type"] in ACTIONS)


# --- running parsers ---------------------------------------------------------------------------


def _outcome(
    command: Command, started: float, route: str = "", *, is_question: bool = False
) -> Outcome:
    return Outcome(
        [action.to_dict() for action in command.actions],
        command.is_complete,
        (time.perf_counter() - started) * 1000.0,
        route,
        is_question=is_question,
        confidence=command.confidence,
    )


def run_fast(examples: list[Example]) -> dict[str, Outcome]:
    """Parse every example with the fast path."""
    parser = FastPathParser()
    outcomes = {}
    for example in examples:
        started = time.perf_counter()
        outcomes[example.id] = _outcome(parser.parse(example.text, example.context), started)
    return outcomes


def _key(text: str, context: ParseContext) -> str:
    return f"{text}\x00{context!r}"


def _heard_key(example: Example) -> str:
    """The key of what the router gives the model for ``example``: its words mended.

    ``Router.route`` passes the mended words (``model_input``) to the model, so the model is
    asked, and its answer kept, under them; keyed by the words as said, every utterance that
    mending changes was replayed as a time-out (before 2026-11-25 night).
    """
    return _key(model_input(example.text, example.context), example.context)


class _Replay:
    """A DeadlineParser that answers from an LlmRun (so routing costs no second generation)."""

    name = "llm"

    def __init__(self, run: LlmRun, commands: dict[str, Command | None]) -> None:
        self.run = run
        self.commands = commands
        self.asked: list[str] = []

    def parse(self, text: str, context: ParseContext, deadline: float | None = None) -> Command:
        self.asked.append(_key(text, context))
        command = self.commands.get(_key(text, context))
        if command is None:
            raise LlmTimeoutError("replayed time-out")
        return command


def routed_keys(examples: list[Example]) -> set[str]:
    """Return the utterances the router would send to the LLM."""
    probe = _Replay(LlmRun("probe"), {})
    router = Router(FastPathParser(), probe)
    router_log = logging.getLogger("services.nlu.router")
    level = router_log.level
    router_log.setLevel(logging.ERROR)  # every probe "times out" on purpose
    try:
        for example in examples:
            router.route(example.text, example.context)
    finally:
        router_log.setLevel(level)
    return set(probe.asked)


def run_llm(
    parser: LlmParser | TunedParser, run: LlmRun, examples: list[Example]
) -> dict[str, Command | None]:
    """Parse examples with the LLM; record outcomes, raw-answer validity, time-outs."""
    validator = jsonschema.Draft202012Validator(output_schema())
    commands: dict[str, Command | None] = {}
    for number, example in enumerate(examples, 1):
        started = time.perf_counter()
        heard = model_input(example.text, example.context)  # what Router.route gives the model
        try:
            command: Command | None = parser.parse(heard, example.context)
        except LlmTimeoutError:
            command = None
            run.timeouts += 1
        elapsed = (time.perf_counter() - started) * 1000.0
        raw = parser.last_completion.text if parser.last_completion else ""
        _check_raw(run, raw, validator)
        run.tokens.append(parser.last_completion.tokens if parser.last_completion else 0)
        commands[_key(heard, example.context)] = command
        actions = [a.to_dict() for a in command.actions] if command else []
        run.outcomes[example.id] = Outcome(
            actions,
            bool(command and command.is_complete),
            elapsed,
            "llm",
            raw,
            confidence=command.confidence if command else 0.0,
        )
        if number % 20 == 0:
            logging.info("%s: %d/%d", run.model, number, len(examples))
    return commands


def _check_raw(run: LlmRun, raw: str, validator: jsonschema.Draft202012Validator) -> None:
    if not raw.lstrip().startswith("{"):  # the tuned parser's notation
        try:
            notation.parse_notation(raw)
        except notation.NotationError:
            run.schema_invalid += 1
        return
    try:
        document = json.loads(raw)
    except ValueError:
        run.invalid_json += 1
        return
    if not validator.is_valid(document):
        run.schema_invalid += 1


def _routed_to_llm(example: Example, commands: dict[str, Command | None]) -> bool:
    routed = Router(FastPathParser(), _Replay(LlmRun("probe"), commands)).route(
        example.text, example.context
    )
    return routed.route == "llm" or "llm" in routed.timings_ms


def run_routed(
    examples: list[Example],
    run: LlmRun,
    commands: dict[str, Command | None],
    confirm_below: float = CONFIRM_BELOW,
    confirm_below_accounted: float | None = CONFIRM_BELOW_ACCOUNTED,
) -> dict[str, Outcome]:
    """Route every example; the LLM's answers (and their latency) come from ``run``.

    ``confirm_below_accounted`` None: the same as ``confirm_below`` (no coverage check).
    """
    router = Router(
        FastPathParser(),
        _Replay(run, commands),
        confirm_below=confirm_below,
        confirm_below_accounted=confirm_below_accounted,
    )
    outcomes = {}
    for example in examples:
        started = time.perf_counter()
        routed = router.route(example.text, example.context)
        outcome = _outcome(
            routed.command, started, routed.route, is_question=routed.needs_confirmation
        )
        if routed.route == "llm" or "llm" in routed.timings_ms:
            outcome.latency_ms += run.outcomes[example.id].latency_ms
        outcomes[example.id] = outcome
    return outcomes


def load_llm(model: str, model_dir: Path) -> tuple[LlmParser | TunedParser, float]:
    """Load and warm a packaged model; return it and the seconds it took.

    ``model+adapter`` (``qwen2.5-coder-0.5b+parley-parser.lora.gguf``) is the fine-tuned parser:
    the packaged model with a LoRA adapter from models/ (or a path), writing notation.
    """
    if "+" in model:
        base, adapter = model.split("+", 1)
        started = time.perf_counter()
        tuned = TunedParser(LlamaNotationModel(model_path(base, model_dir), adapter_path(adapter)))
        tuned.warm()
        return tuned, time.perf_counter() - started
    settings = config_module.from_dict({"llm": {"model": model, "model_dir": str(model_dir)}})
    started = time.perf_counter()
    parser = LlmParser.load(settings.llm, settings.state_dir)
    return parser, time.perf_counter() - started


# --- printing ------------------------------------------------------------------------------------


def _p(values: list[float], quantile: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(quantile * (len(ordered) - 1)))]


def table(title: str, reports: list[Report]) -> str:
    """Return one markdown table: a column per parser, rows for totals and categories."""
    head = "| " + title + " | " + " | ".join(r.parser for r in reports) + " |"
    lines = [head, "|---" * (len(reports) + 1) + "|"]

    def row(label: str, cells: list[str]) -> None:
        lines.append(f"| {label} | " + " | ".join(cells) + " |")

    row("exact match", [f"{r.exact}/{r.total} ({r.exact_rate:.1%})" for r in reports])
    row("asked first (proposal right)", [f"{r.questions} ({r.questions_right})" for r in reports])
    row("wrong changes", [f"{r.wrong_changes} ({r.wrong_changes / max(r.total, 1):.1%})"
                          for r in reports])  # fmt: skip
    row("latency p50 ms", [f"{statistics.median(r.latencies_ms):.1f}" if r.latencies_ms
                           else "-" for r in reports])  # fmt: skip
    row("latency p95 ms", [f"{_p(r.latencies_ms, 0.95):.1f}" for r in reports])
    categories = sorted({name for r in reports for name in r.categories})
    for name in categories:
        cells = []
        for report in reports:
            n, hit = report.categories.get(name, [0, 0])
            cells.append(f"{hit}/{n} ({hit / n:.0%})" if n else "-")
        row(f"  {name}", cells)
    return "\n".join(lines)


def sweep_table(run: LlmRun, commands: dict[str, Command | None], devset: Devset) -> str:
    """Return routed results on the dev sets for each "Did you mean" threshold.

    First ``confirm_below`` alone (every answer below it asked about), then the shipped
    ``confirm_below`` with each ``confirm_below_accounted`` (an answer that accounts for every
    word said asked about only below that). Dev sets only: the thresholds are chosen here, so
    the held-out set never takes part.
    """
    lines = [
        f"| confirm_below ({run.model}, dev sets) | exact | asked first (right) | wrong changes |",
        "|---|---|---|---|",
    ]
    settings = [(threshold, None) for threshold in SWEEP]
    settings += [(CONFIRM_BELOW, accounted) for accounted in SWEEP if accounted < CONFIRM_BELOW]
    for threshold, accounted in settings:
        outcomes = run_routed(list(devset.examples), run, commands, threshold, accounted)
        report = score_outcomes("sweep", devset, outcomes)
        label = f"{threshold:g}" if accounted is None else f"{threshold:g}, accounted {accounted:g}"
        lines.append(
            f"| {label} | {report.exact}/{report.total} ({report.exact_rate:.1%}) | "
            f"{report.questions} ({report.questions_right}) | {report.wrong_changes} |"
        )
    return "\n".join(lines)


def action_table(report: Report) -> str:
    """Return per-action precision and recall of one report as a markdown table."""
    lines = [f"| action ({report.parser}) | precision | recall | n |", "|---|---|---|---|"]
    for name, (tp, predicted, expected) in sorted(report.actions.items()):
        precision = f"{tp / predicted:.2f}" if predicted else "-"
        recall = f"{tp / expected:.2f}" if expected else "-"
        lines.append(f"| {name} | {precision} | {recall} | {expected} |")
    return "\n".join(lines)


def llm_summary(run: LlmRun) -> str:
    """Return the raw-answer and latency facts of one LLM run."""
    latencies = [o.latency_ms for o in run.outcomes.values()]
    p50 = statistics.median(latencies) if latencies else 0.0
    verdict = "within" if p50 <= LLM_P50_BUDGET_MS else "OVER"
    return (
        f"- {run.model}: load+warm {run.load_s:.1f} s; {len(latencies)} answers; "
        f"p50 {p50:.0f} ms, p95 {_p(latencies, 0.95):.0f} ms ({verdict} the "
        f"{LLM_P50_BUDGET_MS:.0f} ms p50 budget); tokens p50 "
        f"{statistics.median(run.tokens) if run.tokens else 0:.0f}; raw answers not JSON "
        f"{run.invalid_json}, not schema-valid {run.schema_invalid}, time-outs {run.timeouts}"
        " (all caught by validation: none reached a Command)"
    )


# --- main ---------------------------------------------------------------------------------------


def _options(argv: list[str] | None) -> argparse.Namespace:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--devset", nargs="+", type=Path, default=list(DEVSETS))
    options.add_argument(
        "--held-out", nargs="*", type=Path, default=list(HELD_OUT), help="'--held-out' alone: none"
    )
    options.add_argument("--models", nargs="+", default=None, help="default: every installed")
    options.add_argument(
        "--subset",
        choices=("all", "routed"),
        default="all",
        help="run the LLM on every utterance or only where the router sends it",
    )
    options.add_argument("--fast-only", action="store_true", help="score the fast path alone")
    options.add_argument("--limit", type=int, default=0, help="only the first N of each set")
    options.add_argument(
        "--families",
        type=int,
        default=0,
        help="also score the first N (at most 200) generated sentences of the template families "
        "held back from training (FAMILIES), in their own table",
    )
    default_dir = Path(os.environ.get("PARLEY_MODEL_DIR", "/tmp/parley-models"))
    options.add_argument("--model-dir", type=Path, default=default_dir)
    options.add_argument(
        "--confirm-below",
        type=float,
        default=CONFIRM_BELOW,
        help="the router asks 'Did you mean' below this model confidence (llm.confirm_below)",
    )
    options.add_argument(
        "--confirm-below-accounted",
        type=float,
        default=CONFIRM_BELOW_ACCOUNTED,
        help="... or below this one, for an answer that accounts for every word said "
        "(llm.confirm_below_accounted; --confirm-below or more turns it off)",
    )
    options.add_argument(
        "--reuse",
        type=Path,
        help="a folder keeping each model's answers between runs: only utterances it has no "
        "answer for go to the model (clear it when the model, adapter or parser code changes)",
    )
    options.add_argument("--failures", action="store_true", help="list the routed failures")
    options.add_argument("--output", type=Path, help="also write the report (markdown) here")
    return options.parse_args(argv)


def _sets(paths: list[Path], limit: int) -> list[tuple[str, Devset]]:
    sets = []
    for path in paths:
        devset = load_devset(path)
        if limit:
            devset = Devset(devset.examples[:limit], devset.now, devset.dates)
        sets.append((path.name, devset))
    return sets


def quiet_logs() -> None:
    """Keep every utterance out of the log: the parsers log the ones they repair or refuse,
    and the router's warnings quote the one the model ran out of time on or failed (a held-out
    or unread sentence showed so); the report counts time-outs and failures."""
    logging.getLogger("services").setLevel(logging.WARNING)
    logging.getLogger("services.nlu.router").setLevel(logging.ERROR)


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation and print the report."""
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    quiet_logs()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    args = _options(argv)
    sets = _sets(args.devset, args.limit)
    held_out = _sets(args.held_out, args.limit)
    if args.families:
        records = families(args.families)
        held_out.append(("template families held back from training", corpus_devset(records, NOW)))
    models = args.models or [name for name in PACKAGED if is_installed(name)]
    models = [] if args.fast_only else models
    examples = [example for _, devset in [*sets, *held_out] for example in devset.examples]
    fast = run_fast(examples)
    wanted = routed_keys(examples) if args.subset == "routed" else None
    runs: list[tuple[LlmRun, dict[str, Command | None], dict[str, Outcome]]] = []
    for model in models:
        parser, load_s = load_llm(model, args.model_dir)
        run, commands = _reused(args.reuse, model, load_s)
        chosen = [e for e in examples if wanted is None or _heard_key(e) in wanted]
        commands |= run_llm(parser, run, [e for e in chosen if not _kept(e, run, commands)])
        # The probe above can miss an utterance the router does send on (one whose fast-path
        # answer the replayed LLM answer changes); ask the model for those too.
        missing = [
            e for e in examples if _routed_to_llm(e, commands) and not _kept(e, run, commands)
        ]
        commands |= run_llm(parser, run, missing)
        _keep(args.reuse, model, run, commands)
        runs.append(
            (
                run,
                commands,
                run_routed(
                    examples, run, commands, args.confirm_below, args.confirm_below_accounted
                ),
            )
        )
        del parser
    text = _report(sets, held_out, fast, runs, args)
    print(text)
    if args.output:
        args.output.write_text(text + "\n")
    return 0


def families(count: int, path: Path = FAMILIES) -> list[dict[str, Any]]:
    """The first ``count`` kept sentences of the held-back template families."""
    records = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    if count > len(records):
        raise SystemExit(f"--families: {path.name} holds {len(records)} sentences, not {count}")
    return records[:count]


def _kept(example: Example, run: LlmRun, commands: dict[str, Command | None]) -> bool:
    """Whether the model's answer to ``example`` as the router now words it is kept (a change
    to the mending of what was heard asks the model again)."""
    return example.id in run.outcomes and _heard_key(example) in commands


def _reuse_file(directory: Path, model: str) -> Path:
    return directory / f"{model.replace('/', '_')}.pickle"


def _reused(
    directory: Path | None, model: str, load_s: float
) -> tuple[LlmRun, dict[str, Command | None]]:
    """Return the model's answers kept by an earlier run (``--reuse``), or none."""
    if directory is None or not _reuse_file(directory, model).is_file():
        return LlmRun(model, load_s=load_s), {}
    with _reuse_file(directory, model).open("rb") as file:
        run, commands = pickle.load(file)  # our own file, written by _keep
    run.load_s = load_s
    return run, commands


def _keep(
    directory: Path | None, model: str, run: LlmRun, commands: dict[str, Command | None]
) -> None:
    if directory is not None:
        directory.mkdir(parents=True, exist_ok=True)
        with _reuse_file(directory, model).open("wb") as file:
            pickle.dump((run, commands), file)


def _report(sets, held_out, fast, runs, args) -> str:
    out = [f"# Parser evaluation ({time.strftime('%Y-%m-%d %H:%M')}, subset={args.subset})", ""]
    combined = Devset(tuple(e for _, d in sets for e in d.examples), sets[0][1].now)
    labelled = [(f"{name} (held out, never tuned on)", devset) for name, devset in held_out]
    for label, devset in [*sets, ("all", combined), *labelled]:
        reports = [score_outcomes("fastpath", devset, fast)]
        for run, _, routed in runs:
            reports.append(score_outcomes(f"llm {run.model}", devset, run.outcomes))
            reports.append(score_outcomes(f"routed {run.model}", devset, routed))
        out += [table(label, reports), ""]
    for run, commands, routed in runs:
        routed_report = score_outcomes(f"routed {run.model}", combined, routed)
        share = Counter(o.route for o in routed.values())
        out += [llm_summary(run), f"  routes: {dict(share)}", "", action_table(routed_report), ""]
        out += [sweep_table(run, commands, combined), ""]
        if args.failures:
            out += ["routed failures:"] + [
                f"- {f['id']} [{f['kind']}, {f['route']}] {f['text']!r}\n"
                f"  expected {json.dumps(f['expected'])}\n  got      {json.dumps(f['got'])}"
                for f in routed_report.failures
            ]
    if not runs:
        out.append("No LLM model installed: fast path only.")
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
