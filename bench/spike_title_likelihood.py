"""Spike: does the base model's likelihood of a fast-path title tell a misheard one?

    PYTHONPATH=. .venv/bin/python bench/spike_title_likelihood.py [--ok 600] [--seed 3]

Half of the fast path's first-sight wrong changes are words misheard inside free text ("order
the coy", "bring his latter"), which no rule over the words said can tell from words meant. This
measures whether the shipped base model (Qwen2.5-Coder-0.5B, no adapter) can: every free-text
field (a new task's title, a message's or a reminder's text, a new list's name; two words or
more) the fast path writes on the read dev sets, "bad" where the line is a wrong change and
that field differs from the one the writer expected, "ok" (a sample) where the line is read
right. Each field is scored by its tokens' mean and least log-probability after "Here is an
item from my to-do list: ", and the report says how many bad fields a threshold flags when it
flags 2, 5, 10 or 20% of the ok ones. Nothing here runs in the product; it reads no held-out
set and leaves out the unread worlds (``eval_names_heard.UNREAD``).
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from pathlib import Path
from typing import Any

from bench.eval_names_heard import UNREAD
from bench.eval_parser import quiet_logs, run_fast, score_outcomes
from bench.parser_eval import load_devset
from services import config
from services.nlu.llm_models import model_path

ROOT = Path(__file__).resolve().parent.parent
FIELDS = {
    "task.create": "title",
    "message.send": "text",
    "reminder.create": "text",
    "project.create": "name",
}
PROMPT = "Here is an item from my to-do list: "


def fields(paths: list[Path]) -> tuple[list[str], list[tuple[str, str]]]:
    """The free text of right lines, and of wrong ones with what was meant instead."""
    ok, bad = [], []
    for path in paths:
        devset = load_devset(path)
        outcomes = run_fast(list(devset.examples))
        failed = {f["id"]: f for f in score_outcomes(str(path), devset, outcomes).failures}
        for example in devset.examples:
            outcome = outcomes[example.id]
            if not outcome.is_complete:
                continue
            wrong = failed.get(example.id, {}).get("kind") == "WRONG CHANGE"
            if example.id in failed and not wrong:
                continue
            for at, action in enumerate(outcome.actions):
                said = _text(action)
                if said is None:
                    continue
                if not wrong:
                    ok.append(said)
                    continue
                meant = example.expected[at] if at < len(example.expected) else None
                other = _text(meant) if meant and meant["type"] == action["type"] else None
                if other is not None and other.lower() != said.lower():
                    bad.append((said, other))
    return ok, bad


def _text(action: dict[str, Any]) -> str | None:
    key = FIELDS.get(action["type"])
    value = (action.get("params") or {}).get(key) if key else None
    return value if isinstance(value, str) and len(value.split()) >= 2 else None


def scorer(model: Path) -> Any:
    """A function giving a text's (least, mean) token log-probability after ``PROMPT``."""
    from llama_cpp import Llama

    llama = Llama(model_path=str(model), n_ctx=256, logits_all=True, verbose=False, n_threads=2)
    opening = len(llama.tokenize(PROMPT.rstrip().encode(), add_bos=False))

    def score(text: str) -> tuple[float, float]:
        tokens = llama.tokenize((PROMPT + text).encode(), add_bos=False)
        llama.reset()
        llama.eval(tokens)
        said = []
        for at in range(opening, len(tokens)):
            row = [float(x) for x in llama.scores[at - 1]]
            top = max(row)
            total = top + math.log(sum(math.exp(x - top) for x in row))
            said.append(row[tokens[at]] - total)
        return min(said), sum(said) / len(said)

    return score


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--ok", type=int, default=600, help="right fields sampled")
    options.add_argument("--seed", type=int, default=3)
    options.add_argument("--model-dir", type=Path, default=Path("~/.local/state/parley/models"))
    args = options.parse_args()
    quiet_logs()
    paths = [p for p in sorted((ROOT / "tests/data").glob("devset*.jsonl")) if p.name not in UNREAD]
    ok, bad = fields(paths)
    ok = random.Random(args.seed).sample(sorted(set(ok)), min(args.ok, len(set(ok))))
    score = scorer(model_path(config.from_dict({}).llm.model, args.model_dir.expanduser()))
    started = time.monotonic()
    ok_scores = [score(text) for text in ok]
    bad_scores = [score(text) for text, _ in bad]
    print(f"{len(bad)} bad and {len(ok)} ok fields scored in {time.monotonic() - started:.0f} s")
    for index, name in ((1, "mean"), (0, "least")):
        ranked = sorted(s[index] for s in ok_scores)
        for share in (0.02, 0.05, 0.10, 0.20):
            cut = ranked[int(share * len(ranked))]
            caught = sum(1 for s in bad_scores if s[index] < cut)
            print(
                f"{name} log-probability below {cut:.2f}: {share:.0%} of ok flagged, "
                f"{caught} of {len(bad)} bad"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
