"""Spike: should the model read only the one clause the fast path leaves unread?

    PYTHONPATH=. .venv/bin/python bench/spike_clause_model.py [--count 120] [--seed 2]

About half of the lines the fast path leaves to the model are ones where it reads every clause
but one ("give the archive boxes to Raj, move it to Monday, <clause it cannot read>"). Today
the whole line goes to the model, which reads it from scratch. This measures the other way:
the model reads the unread clause alone (with the same people and lists), its actions take
that clause's place among the fast path's pieces, the fast path's assembler puts them
together ("it" is the task made before), and the router's checks of a model answer ask first
where they would. Both ways are scored on a random sample of such lines from the read dev
sets (never a held-out set; the unread worlds, ``eval_names_heard.UNREAD``, are left out).

The spike patches the fast path's private ``_clauses`` for the second way; nothing here runs
in the product.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench.eval_names_heard import UNREAD
from bench.eval_parser import _outcome, load_llm, quiet_logs, score_outcomes
from bench.parser_eval import Devset, Example, load_devset
from services.nlu import ParseContext
from services.nlu import fastpath as fast
from services.nlu.fastpath import FastPathParser
from services.nlu.pieces import Piece
from services.nlu.router import Router, model_input
from services.nlu.text import PERSON_IT, TASK_IT

ROOT = Path(__file__).resolve().parent.parent
MODEL = "qwen2.5-coder-0.5b+parley-parser.lora.gguf"
_READ_CLAUSES = fast._clauses


def one_clause_unread(devsets: list[tuple[str, Devset]]) -> list[tuple[str, Example]]:
    """The read lines the fast path leaves open with every clause read but one (of two or
    more)."""
    seen: list[list[fast.Clause]] = []

    def recording(words: str, context: ParseContext) -> list[fast.Clause]:
        clauses = _READ_CLAUSES(words, context)
        seen.append(clauses)
        return clauses

    fast._clauses = recording
    parser = FastPathParser()
    found = []
    try:
        for name, devset in devsets:
            for example in devset.examples:
                seen.clear()
                if parser.parse(example.text, example.context).is_complete or not seen:
                    continue
                clauses = seen[0]
                unread = [c for c in clauses if c.pieces is None]
                if len(clauses) >= 2 and len(unread) == 1:
                    found.append((name, example))
    finally:
        fast._clauses = _READ_CLAUSES
    return found


def _as_piece_value(value: Any) -> Any:
    """A model answer's reference as the assembler's stand-in: "@" and "#n" are "it"."""
    if isinstance(value, dict) and ("context" in value or "result_of" in value):
        return PERSON_IT if value.get("context") in ("person", "people") else TASK_IT
    if isinstance(value, list):
        return [_as_piece_value(item) for item in value]
    return value


class ClauseModel:
    """``_clauses`` with the one unread clause read by the model."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.used: tuple[str, float] | None = None

    def __call__(self, words: str, context: ParseContext) -> list[fast.Clause]:
        clauses = _READ_CLAUSES(words, context)
        unread = [at for at, clause in enumerate(clauses) if clause.pieces is None]
        if len(clauses) < 2 or len(unread) != 1:
            return clauses
        clause = clauses[unread[0]]
        command = self.model.parse(model_input(clause.text, context), context)
        if not command.is_complete or not command.actions:
            return clauses
        pieces = tuple(
            Piece(a.type, {k: _as_piece_value(v) for k, v in a.params.items()})
            for a in command.actions
        )
        self.used = (clause.text, command.confidence)
        read = list(clauses)
        read[unread[0]] = fast.Clause(clause.text, pieces, "model_clause")
        return read


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--count", type=int, default=120)
    options.add_argument("--seed", type=int, default=2)
    options.add_argument(
        "--model-dir", type=Path, default=Path.home() / ".local/state/parley/models"
    )
    args = options.parse_args(argv)
    quiet_logs()
    paths = [p for p in sorted((ROOT / "tests/data").glob("devset*.jsonl")) if p.name not in UNREAD]
    devsets = [(p.name, load_devset(p)) for p in paths]
    lines = one_clause_unread(devsets)
    random.Random(args.seed).shuffle(lines)
    sample = lines[: args.count]
    print(f"{len(lines)} read lines with one clause of two or more unread; sampled {len(sample)}")
    model, load_s = load_llm(MODEL, args.model_dir)
    started = time.perf_counter()
    clause_model = ClauseModel(model)
    results: dict[str, dict[str, dict[str, Any]]] = {"whole line": {}, "clause alone": {}}
    for way, outcomes in results.items():
        fast._clauses = clause_model if way == "clause alone" else _READ_CLAUSES
        router = Router(FastPathParser(), model)
        try:
            for name, example in sample:
                clause_model.used = None
                at = time.perf_counter()
                routed = router.route(example.text, example.context)
                if clause_model.used is not None and routed.route == "fastpath":
                    # the model wrote part of it: the checks of a model answer, as the router
                    # makes them, at the model's confidence in the clause
                    heard = model_input(example.text, example.context)
                    command = dataclasses.replace(
                        routed.command,
                        confidence=min(routed.command.confidence, clause_model.used[1]),
                    )
                    routed = router._checked(command, {}, example.text, heard, example.context)
                outcomes.setdefault(name, {})[example.id] = _outcome(
                    routed.command, at, routed.route, is_question=routed.needs_confirmation
                )
        finally:
            fast._clauses = _READ_CLAUSES
    by_name = dict(devsets)
    print(f"model loaded in {load_s:.0f} s; both ways in {time.perf_counter() - started:.0f} s")
    print("| way | exact | asked (proposal right) | wrong changes |")
    print("|---|---|---|---|")
    for way, outcomes in results.items():
        total: Counter[str] = Counter()
        for name, got in outcomes.items():
            report = score_outcomes(name, by_name[name], got)
            total["n"] += report.total
            total["exact"] += report.exact
            total["asked"] += report.questions
            total["asked right"] += report.questions_right
            total["wrong"] += report.wrong_changes
        print(
            f"| {way} | {total['exact']}/{total['n']} | {total['asked']} "
            f"({total['asked right']}) | {total['wrong']} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
