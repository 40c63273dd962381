"""What the torture run's clips are heard as, offline: one JSON line per clip.

For each of `bench/soak.py`'s 50 (command, voice) clips: Whisper's n-best with the soak's
prompt, whether the fast path reads each reading whole, and the rescorer's choice, with the
code of the tree this runs from. Run it in two trees and compare the files to see whether a
change (to the parser, the rescorer or the prompt) alters what a torture run would hear:

    PYTHONPATH=. .venv/bin/python bench/soak_clips.py --out /tmp/new.jsonl
    PYTHONPATH=. .venv/bin/python bench/soak_clips.py --compare /tmp/old.jsonl /tmp/new.jsonl

The context is a store that holds the soak's own task titles and its shopping list, as A's does
after the first loops. About a minute on two cores.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from bench.soak import VOICE_COMMANDS, heard_as_said, make_clips
from services.app.daemon import whisper_transcriber
from services.config import Config
from services.nlu import ParseContext
from services.voice.stt import build_prompt

# the titles the soak's commands make, and its one list
TITLES = (
    "water the plants",
    "call the plumber",
    "milk",
    "book the venue",
    "clean the garage",
    "eggs",
    "sort the recycling",
)
# what the MQTT sender types while the loops run: typed titles go into Whisper's prompt
TYPED = ("mqtt check 12", "mqtt check 13")


def hear(out: Path) -> int:
    config = Config()
    context = ParseContext(
        now=datetime(2026, 11, 26, 14, tzinfo=UTC), projects=("shopping",), tasks=TITLES
    )
    transcriber = whisper_transcriber(config, lambda: context)
    prompt = build_prompt((), ("shopping",), list(TYPED), style=config.stt.prompt_style)
    _, clips = make_clips()
    misheard = 0
    with out.open("w") as lines:
        for voice, command, audio in clips:
            hypotheses = transcriber.hypotheses(np.asarray(audio, dtype=np.int16), prompt)
            chosen = transcriber.rescorer.choose(hypotheses)
            parse = transcriber.rescorer.parser.parse
            readings = [
                [h.text, round(h.score, 3), parse(h.text, context).is_complete] for h in hypotheses
            ]
            row = {"voice": voice, "command": command, "chosen": chosen.text, "hyps": readings}
            lines.write(json.dumps(row) + "\n")
            misheard += not heard_as_said(command, chosen.text)
            print(f"{voice:18} {command!r} -> {chosen.text!r}", flush=True)
    print(
        f"{len(clips)} clips ({len(VOICE_COMMANDS)} commands); misheard as the soak counts it: "
        f"{misheard}"
    )
    return 0


def compare(old: Path, new: Path) -> int:
    before = [json.loads(line) for line in old.read_text().splitlines()]
    after = [json.loads(line) for line in new.read_text().splitlines()]
    changed = 0
    for was, now in zip(before, after, strict=True):
        if was != now:
            changed += 1
            print(f"{was['voice']} {was['command']!r}: {was['chosen']!r} -> {now['chosen']!r}")
    print(f"{len(before)} clips; n-best, parses or choice changed: {changed}")
    return 1 if changed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("bench/soak/clips.jsonl"))
    parser.add_argument("--compare", type=Path, nargs=2, metavar=("OLD", "NEW"))
    args = parser.parse_args(argv)
    return compare(*args.compare) if args.compare else hear(args.out)


if __name__ == "__main__":
    sys.exit(main())
