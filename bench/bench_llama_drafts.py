"""The fine-tuned parser with and without prompt-lookup drafts (speculative decoding).

    PYTHONPATH=. .venv/bin/python bench/bench_llama_drafts.py [--count 30] [--drafts 4 8]

The parser's answer copies words of the utterance (titles, names, messages), which is what
prompt-lookup decoding guesses cheaply: llama-cpp-python's ``LlamaPromptLookupDecoding``
proposes the tokens that followed the last one or two tokens where they were said before,
and the model checks several at once. This times the shipped parser (Qwen2.5-Coder-0.5B with
the adapter, one llama.cpp thread as Parley runs it) on utterances of two dev sets, each mode
in turn on the same prompts, and says how many answers came out the same, token for token
and probability for probability (the router reads those). It prints the medians against the
model's budget (DESIGN.md: the parse alone p50 <= 1.2 s) and writes ``llama_drafts.md``.

The binding checks drafts with logits for every token of a batch (``logits_all``); this
turns that on only once the prompt is read, so the prompt costs what it costs without drafts.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

import services  # noqa: F401  (OpenMP threads sleep while they wait, as in the daemon)
from services import config
from services.nlu import notation
from services.nlu.llm_models import model_path
from services.nlu.tuned import LlamaNotationModel, adapter_path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BUDGET_MS = 1200
SETS = ("devset_natural59.jsonl", "devset_natural60.jsonl")


def prompts(count: int) -> list[tuple[str, list[str], list[str]]]:
    """``count`` utterances spread over the dev sets, with their world's people and lists."""
    items = []
    for name in SETS:
        lines = [json.loads(line) for line in (ROOT / "tests/data" / name).open()]
        world = lines[0]["context"]
        items += [(line["text"], world["people"], world["projects"]) for line in lines[1:]]
    return items[:: max(1, len(items) // count)][:count]


def _drafter(llama: Any, size: int) -> Any:
    from llama_cpp.llama_speculative import LlamaPromptLookupDecoding

    class Drafts(LlamaPromptLookupDecoding):
        def __call__(self, input_ids: Any, /, **kwargs: Any) -> Any:
            llama._logits_all = True  # the prompt is read: check the drafts token by token
            return super().__call__(input_ids)

    return Drafts(max_ngram_size=2, num_pred_tokens=size)


def run(
    mode: int, items: list[tuple[str, list[str], list[str]]], model_dir: Path
) -> list[dict[str, Any]]:
    """Each answer's text, time and probabilities with drafts of ``mode`` tokens (0: none)."""
    base = model_path(config.from_dict({}).llm.model, model_dir)  # the shipped base model
    model = LlamaNotationModel(base, adapter_path(), threads=1)
    llama = model._llama
    if mode:
        llama.draft_model = _drafter(llama, mode)
        llama.scores = np.ndarray((llama._n_ctx, llama._n_vocab), dtype=np.single)
    answers = []
    for text, people, projects in [("what time is it", ["Sam"], ["x"]), *items]:
        llama._logits_all = False
        started = time.monotonic()
        completion = model.complete(
            notation.prompt(text, people, projects),
            grammar=notation.grammar(people, projects),
            max_tokens=160,
            deadline=time.monotonic() + 120,
        )
        answers.append(
            {
                "ms": 1000 * (time.monotonic() - started),
                "text": completion.text,
                "tokens": completion.tokens,
                "probabilities": [round(p, 4) for p in completion.token_probabilities],
            }
        )
    return answers[1:]  # the first warmed the model


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--count", type=int, default=30)
    options.add_argument("--drafts", type=int, nargs="+", default=[4, 8])
    options.add_argument("--model-dir", type=Path, default=Path("~/.local/state/parley/models"))
    options.add_argument("--out", type=Path, default=HERE / "llama_drafts")
    args = options.parse_args()
    items = prompts(args.count)
    model_dir = args.model_dir.expanduser()
    results = {mode: run(mode, items, model_dir) for mode in (0, *args.drafts)}
    base = results[0]
    rows = [
        "| drafts | p50 ms | p95 ms | tokens p50 | same text | same probabilities |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for mode, answers in results.items():
        times = sorted(answer["ms"] for answer in answers)
        same = sum(a["text"] == b["text"] for a, b in zip(base, answers, strict=True))
        probs = sum(
            a["probabilities"] == b["probabilities"] for a, b in zip(base, answers, strict=True)
        )
        rows.append(
            f"| {mode or 'none'} | {statistics.median(times):,.0f} | "
            f"{times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]:,.0f} | "
            f"{statistics.median(a['tokens'] for a in answers):g} | {same}/{len(answers)} | "
            f"{probs}/{len(answers)} |"
        )
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    report = [
        "# The fine-tuned parser with prompt-lookup drafts",
        "",
        f"`bench/bench_llama_drafts.py`, {stamp}, {len(items)} utterances of {', '.join(SETS)}, "
        f"one llama.cpp thread. Budget: the model's parse p50 <= {BUDGET_MS} ms.",
        "",
        *rows,
        "",
    ]
    print("\n".join(report))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "llama_drafts.md").write_text("\n".join(report), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
