"""Parley's demo: a scripted conversation through the real pipeline, showing everything.

    make demo            (or: .venv/bin/python scripts/demo.py [--state-dir DIR] [--text-only])

Part 1 (voice) runs `parley run --audio` on a generated recording that says the wake word and a
multi-action command, and prints every event, the store change and where the spoken reply was
written. Part 2 (text) runs a conversation through the parser and executor and prints, for each
utterance, what was understood, each action and its result, the reply, and the store before
and after. Each run starts from a fresh state directory under demo-out/.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from services import config as config_module  # noqa: E402
from services.core.assistant import Parley  # noqa: E402

CONVERSATION = [
    "add a task to book the venue for the launch project, give it to Sam, due Friday, "
    "high priority",
    "add a task to order catering for the launch project due next Wednesday",
    "make the venue block the catering task",
    "also assign it to Mike",
    "remind me Thursday at 9 to call the venue",
    "set a timer for 20 minutes",
    "add milk and eggs to the shopping list",
    "what's on the shopping list",
    "delete the catering task",
    "yes",
    "undo",
    "what is Mike working on",
    "give me a summary",
]
# Said after the conversation: free wording the fast path leaves to the local LLM (loaded on
# first use, as `parley say` does; the daemon loads it at start-up).
FREE_FORM = "Sam should handle the flyers and Mike the posters, both by Monday"

BOLD, DIM, GREEN, RED, RESET = "\033[1m", "\033[2m", "\033[32m", "\033[31m", "\033[0m"


def colour(text: str, code: str) -> str:
    return f"{code}{text}{RESET}" if sys.stdout.isatty() else text


def show_tasks(parley: Parley, heading: str) -> None:
    print(colour(f"\n== {heading}", BOLD))
    tasks = parley.store.all("tasks")
    if not tasks:
        print("  (no tasks)")
    for task in tasks:
        parts = [task["status"], task["priority"]]
        if task.get("assignee"):
            parts.append(f"@{task['assignee']}")
        if task.get("project"):
            parts.append(f"#{task['project']}")
        if task.get("due"):
            parts.append(f"due {task['due']}")
        if task.get("depends_on"):
            parts.append(f"waits for {', '.join(task['depends_on'])}")
        print(f"  {task['id']}  {task['title']:<22} {' '.join(parts)}")
    for collection in ("reminders", "timers", "projects", "people"):
        count = parley.store.count(collection)
        if count:
            print(colour(f"  {collection}: {count}", DIM))


def show_outcome(outcome: dict) -> None:
    print(colour(f"\n> {outcome['utterance']}", BOLD))
    print(f"  intent: {outcome['intent']}   parser: {outcome.get('parser')}")
    for action in outcome["actions"]:
        mark = colour("ok", GREEN) if action["status"] == "done" else colour(action["status"], RED)
        params = json.dumps(action["params"], ensure_ascii=False)
        print(f"  - {action['type']} {params} -> {mark}")
        if action.get("error"):
            print(f"      error: {action['error']}")
    timings = ", ".join(f"{k} {v:.1f} ms" for k, v in outcome["timings_ms"].items())
    print(f"  reply: {colour(outcome['reply'], GREEN if outcome['ok'] else RED)}")
    print(colour(f"  ({timings})", DIM))


def text_demo(state_dir: Path) -> None:
    print(colour("\n#### Part 2: a text conversation (parser -> executor -> store -> reply)", BOLD))
    # the model `make models` assembled, not a fresh copy in the demo's own state directory
    models = Path(os.path.expanduser(config_module.defaults().general.state_dir)) / "models"
    config = config_module.load(
        None, general={"state_dir": str(state_dir)}, llm={"model_dir": str(models)}
    )
    with Parley.open(config) as parley:
        with parley.store.transaction() as tx:
            tx.insert("people", {"name": "Sam", "aliases": ["Samantha"], "device": None})
            tx.insert("people", {"name": "Mike", "aliases": ["Michael"], "device": None})
        show_tasks(parley, "store before")
        for text in CONVERSATION:
            show_outcome(parley.handle_text(text, source="demo").to_dict())
        print(colour("\n-- free wording: the local LLM parser (loading it takes a while)", BOLD))
        outcome = parley.handle_text(FREE_FORM, source="demo").to_dict()
        show_outcome(outcome)
        if outcome["reply"].startswith("Did you mean"):
            show_outcome(parley.handle_text("yes", source="demo").to_dict())
        show_tasks(parley, "store after")
        print(colour(f"\nstore files: {parley.store.path}", DIM))


def voice_demo(state_dir: Path, out_dir: Path) -> None:
    print(colour("#### Part 1: voice (wake word -> speech -> command -> spoken reply)", BOLD))
    maker = ROOT / "scripts" / "make_demo_audio.py"
    if not maker.exists():
        print("  (voice pipeline not installed in this tree; skipping)")
        return
    audio = out_dir / "demo.wav"
    subprocess.run([sys.executable, str(maker), str(audio)], check=True)
    replies = out_dir / "replies"
    parley = [sys.executable, "-m", "services.app.cli", "--state-dir", str(state_dir)]
    subprocess.run([*parley, "people", "add", "Sam"], check=True, stdout=subprocess.DEVNULL)
    print(f"  input recording: {audio}")
    run = [*parley, "run", "--audio", str(audio), "--json", "--reply-wav", str(replies)]
    result = subprocess.run(run, capture_output=True, text=True, check=False, cwd=ROOT)
    for line in result.stdout.splitlines():
        print("  " + line)
    if result.returncode:
        print(colour(f"  parley run exited {result.returncode}: {result.stderr.strip()}", RED))
    subprocess.run([*parley, "tasks"], check=False)
    print(f"  spoken replies written to: {replies}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "demo-out"), help="where state and audio go")
    parser.add_argument("--text-only", action="store_true", help="skip the voice part")
    args = parser.parse_args()
    out_dir = Path(args.out)
    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.mkdir(parents=True)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if not args.text_only:
        voice_demo(out_dir / "voice-state", out_dir)
    text_demo(out_dir / "text-state")
    return 0


if __name__ == "__main__":
    sys.exit(main())
