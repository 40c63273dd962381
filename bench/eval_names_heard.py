"""How many people named only by a misheard name ``sounds.heard_names`` writes as the store
spells them, on the read dev sets; and how many people it writes into lines that do not mean
them.

    PYTHONPATH=. .venv/bin/python bench/eval_names_heard.py [--list]

A person counts as "named only misheard" when a line's expected actions name them (as
assignee, recipient, attendee, person reminded or source of a reassignment) and the words said
hold none of their name, their name without a title, or their first name, as spelt. Every
``tests/data/devset*.jsonl`` but the newest natural worlds (``UNREAD``), which are kept
unread until a session's end; never the held-out sets. ``--list`` prints the lines missed and
the ones a person was put into.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from pathlib import Path

from bench.parser_eval import load_devset
from services.nlu import sounds
from services.nlu.llm_vet import untitled

ROOT = Path(__file__).resolve().parent.parent
UNREAD = (
    "devset_natural139.jsonl",
    "devset_natural140.jsonl",
    "devset_natural141.jsonl",
    "devset_natural142.jsonl",
)
PERSON_KEYS = ("assignee", "to", "attendees", "person", "source")


def _forms(person: str) -> set[str]:
    bare = untitled(person)
    return {person.lower(), bare.lower(), bare.split()[0].lower()}


def _says(text: str, person: str) -> bool:
    words = " " + re.sub(r"[^\w' -]", " ", text.lower()) + " "
    return any(
        re.search(rf"(?<![\w-]){re.escape(form)}(?![\w-])", words) for form in _forms(person)
    )


def _meant(actions: tuple[dict, ...], people: tuple[str, ...]) -> set[str]:
    found = set()
    for action in actions:
        for key in PERSON_KEYS:
            value = (action.get("params") or {}).get(key)
            for said in value if isinstance(value, list) else [value]:
                if isinstance(said, str):
                    found.update(p for p in people if said.lower() in _forms(p))
    return found


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--list", action="store_true", help="print the lines missed and wrong")
    args = options.parse_args(argv)
    logging.disable(logging.WARNING)
    paths = [p for p in sorted((ROOT / "tests/data").glob("devset*.jsonl")) if p.name not in UNREAD]
    lines = misheard = written = wrong = 0
    for path in paths:
        for example in load_devset(path).examples:
            lines += 1
            people = tuple(example.context.people)
            heard = sounds.heard_names(example.text, example.context)
            for person in _meant(example.expected, people):
                if _says(example.text, person):
                    continue
                misheard += 1
                written += _says(heard, person)
                if args.list and not _says(heard, person):
                    print(f"missed {path.name} {example.id} {example.text!r} -> {person}")
            expected = json.dumps(list(example.expected))
            for person in people:
                put_in = _says(heard, person) and not _says(example.text, person)
                if put_in and not _says(expected, person):
                    wrong += 1
                    if args.list:
                        print(f"put in {path.name} {example.id} {heard!r}")
    print(
        f"{lines} read lines: {misheard} people named only by a misheard name, {written} of "
        f"them written as the store spells them; {wrong} people written into lines that do "
        "not mean them"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
