"""Sets written by people (dev-set format, tests/data/README.md) as training examples.

Only dev sets and phrasing written for training go in: never a held-out set. Lines the model
never answers are left out: "yes", "no" and "cancel" stay with the fast path, and subtask
titles marked "*" (any titles) have no single right answer to learn.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from services.nlu.notation import EXCLUDED, format_actions, mark_unknown

FORBIDDEN = ("heldout",)


def load_human(path: Path) -> list[dict[str, Any]]:
    """Return the training examples of one written set."""
    if any(word in path.name for word in FORBIDDEN):
        raise ValueError(f"{path} is a held-out set: it is never trained on")
    lines = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    world = lines[0]["context"] if lines and lines[0].get("kind") == "world" else {}
    examples = []
    for line in lines:
        if line.get("kind") == "world":
            continue
        expected = line["expected"]
        if any(a["type"] in EXCLUDED for a in expected):
            continue
        if "*" in json.dumps(expected):
            continue
        context = {
            **world,
            **{
                k: v
                for k, v in (line.get("context") or {}).items()
                if k in ("people", "projects", "tasks")
            },
        }
        examples.append(
            {
                "id": line["id"],
                "family": "written:" + path.stem,
                "world": {k: context.get(k, []) for k in ("people", "projects", "tasks")},
                "text": line["text"],
                "actions": expected,
                "target": format_actions(
                    mark_unknown(expected, context.get("people", []), context.get("projects", []))
                ),
            }
        )
    return examples
