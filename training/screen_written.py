"""Screen free phrasing written for training before it joins ``training/data/``.

    PYTHONPATH=. .venv/bin/python -m training.screen_written --raw /tmp/freeform_C.jsonl \
        --brief training/briefs/freeform_C.md --output training/data/freeform_C.jsonl

A writer sees only a brief (``training/briefs/``) and writes JSON Lines in the dev-set format.
This keeps a line only when it is one the trainer can use as it stands:

- valid JSON with a text and a list of actions, every action type and parameter from the
  catalogue (``services/nlu/commands.py``), required parameters present, ``depends_on`` and
  ``result_of`` pointing at earlier actions of the same line;
- its target written in the notation reads back (``notation.parse_notation``);
- it does not come within a fuzzy ratio of 75 of any held-out sentence. Writers never see a
  held-out set, so a near match is chance; the texts are compared and never shown, and only
  the count of lines dropped is printed.

A date, time or duration the project's resolver cannot read yet does not drop a line: the model
learns to copy the phrase as said, and resolving it is the resolver's job; such lines are
counted ("time unread") so the resolver's gaps show.

The kept lines are written after a ``{"kind": "world"}`` line holding the brief's world (the
people, lists and open tasks the writer was given), which ``training/human.py`` reads.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from services.config import Dates
from services.errors import ResolveError
from services.nlu.commands import ACTIONS
from services.nlu.notation import format_actions, parse_notation
from services.nlu.timeparse import resolve_duration, resolve_when
from training.generate import NOW

HELD_OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "heldout_2026-11-22.jsonl"
NEAR = 75
_WORLD = re.compile(r"^- (people|projects/lists|open tasks): (.+)$", re.MULTILINE)
_KEYS = {"people": "people", "projects/lists": "projects", "open tasks": "tasks"}
_DATES = Dates()


def world_of(brief: str) -> dict[str, list[str]]:
    """Return the people, lists and open tasks a brief gives its writer."""
    found = {
        _KEYS[key]: [v.strip() for v in values.split(",")] for key, values in _WORLD.findall(brief)
    }
    if set(found) != set(_KEYS.values()):
        raise ValueError("the brief does not name people, projects/lists and open tasks")
    return found


def times_unread(line: dict[str, Any]) -> bool:
    """Return whether a line holds a date, time or duration the resolver cannot read."""
    return not all(
        _resolves(ACTIONS[action["type"]].params, action.get("params") or {})
        for action in line["expected"]
    )


def problem(line: dict[str, Any]) -> str | None:
    """Return why a written line cannot be trained on, or None."""
    if not isinstance(line.get("text"), str) or not isinstance(line.get("expected"), list):
        return "shape"
    for index, action in enumerate(line["expected"]):
        spec = ACTIONS.get(action.get("type", ""))
        params = action.get("params") or {}
        if spec is None or not set(params) <= set(spec.params):
            return "catalogue"
        if any(p.required and name not in params for name, p in spec.params.items()):
            return "required"
        refers = {
            v["result_of"] for v in params.values() if isinstance(v, dict) and "result_of" in v
        }
        if any(not 0 <= i < index for i in {*action.get("depends_on", []), *refers}):
            return "depends_on"
    try:
        parse_notation(format_actions(line["expected"]))
    except ValueError:
        return "notation"
    return None


def _resolves(specs: dict[str, Any], params: dict[str, Any]) -> bool:
    for name, value in params.items():
        if not isinstance(value, str):
            continue
        try:
            if specs[name].kind == "when":
                resolve_when(value, NOW, _DATES)
            elif specs[name].kind == "duration":
                resolve_duration(value)
        except ResolveError:
            return False
    return True


def screen(
    raw: list[dict[str, Any]], held_out: list[str]
) -> tuple[list[dict[str, Any]], Counter[str]]:
    """Return the lines kept and the count of lines dropped by reason (and times unread)."""
    kept, dropped = [], Counter[str]()
    seen: set[str] = set()
    for line in raw:
        reason = problem(line)
        if reason is None and line.get("id") in seen:
            reason = "duplicate id"
        if reason is None and held_out:
            nearest = process.extractOne(line["text"].lower(), held_out, scorer=fuzz.ratio)
            reason = "near held-out" if nearest is not None and nearest[1] >= NEAR else None
        if reason:
            dropped[reason] += 1
            continue
        seen.add(line["id"])
        kept.append(line)
        if times_unread(line):
            dropped["kept, time unread"] += 1
    return kept, dropped


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--raw", type=Path, required=True, help="what the writer wrote")
    options.add_argument("--brief", type=Path, required=True, help="the brief the writer had")
    options.add_argument("--output", type=Path, required=True)
    options.add_argument("--date", default="2026-11-24", help="when it was written")
    args = options.parse_args(argv)
    raw = []
    for text in args.raw.read_text().splitlines():
        try:
            raw.append(json.loads(text)) if text.strip() else None
        except json.JSONDecodeError:
            raw.append({})
    with HELD_OUT.open() as lines:
        held = [json.loads(line).get("text", "").lower() for line in lines if line.strip()]
    kept, dropped = screen(raw, held)
    header = {
        "kind": "world",
        "now": NOW.isoformat(),
        "timezone": "Europe/London",
        "context": world_of(args.brief.read_text()),
        "source": f"written for training by a writer who saw only {args.brief} ({args.date})",
        "screened": dict(dropped),
    }
    with args.output.open("w") as out:
        for record in (header, *kept):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{len(raw)} written, {len(kept)} kept; {dict(dropped)} -> {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
