"""How far any rescoring could take spoken commands: the share whose written command is among
the n-best of several Whisper decodes, alone and together.

    .venv/bin/python bench/stt_ceiling.py [--out bench/stt/ceiling]

On the second set of spoken dev commands (``tests/data/spoken_dev_*.jsonl``, in the four voices
bench_stt uses; never the held-out set, whose ceiling ``bench_stt --oracle`` gives as a share).
A command counts when any reading of a source, as written or without its pauses (as the
rescorer tries it), parses to the written command (``bench_stt.command_of``). Sources: Whisper
base's 10 and 20 best with the daemon's prompt, its 10 best without a prompt, and tiny.en's 10
best with the prompt; then their unions, which a rescorer could only use by decoding each.
Untimed: this is about what the n-best holds, not what it costs.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_stt as stt

from services import config as config_module
from services.app.model_files import model_dir
from services.voice.stt import DecodeSettings, Hypothesis, Vocabulary, WhisperTranscriber

UNIONS = (
    ("base 10-best", "tiny.en 10-best"),
    ("base 10-best", "base 10-best, no prompt"),
    ("base 20-best", "tiny.en 10-best", "base 10-best, no prompt"),
)


def sources(
    base: WhisperTranscriber, tiny: WhisperTranscriber
) -> dict[str, Callable[[np.ndarray], list[Hypothesis]]]:
    """Each n-best source by name: a function of the audio."""
    twenty = base.variant(DecodeSettings(hypotheses=20, beam_size=20, window_s=10.0))
    bare = base.variant(DecodeSettings(hypotheses=10, window_s=10.0, vocabulary=Vocabulary.NONE))
    return {
        "base 10-best": lambda audio: base.hypotheses(audio, stt.PROMPT, 10),
        "base 20-best": lambda audio: twenty.hypotheses(audio, stt.PROMPT, 20),
        "base 10-best, no prompt": lambda audio: bare.hypotheses(audio, None, 10),
        "tiny.en 10-best": lambda audio: tiny.hypotheses(audio, stt.PROMPT, 10),
    }


def main() -> int:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--out", type=Path, default=stt.OUT / "ceiling")
    args = cli.parse_args()
    base_path = stt.base_model(model_dir(config_module.load(None)))
    if base_path is None:
        return 1
    settings = DecodeSettings(hypotheses=10, window_s=10.0)
    base = WhisperTranscriber(base_path, settings=settings)
    tiny = WhisperTranscriber(None, settings=settings)
    items, _missing = stt.utterances(stt.DEFAULT_VOICES, [], stt.held_out_texts(stt.DEV_SPOKEN))
    items = [item for item in items if item.kind == "spoken" and stt.command_of(item.text)]
    decoders = sources(base, tiny)
    found: dict[str, list[bool]] = {name: [] for name in decoders}
    started = time.perf_counter()
    for item in items:
        expected = stt.command_of(item.text)
        for name, decode in decoders.items():
            found[name].append(stt.holds(decode(item.audio), expected))
    count = len(items)
    rows = [(name, sum(hits)) for name, hits in found.items()]
    rows += [
        (" + ".join(names), sum(any(found[n][i] for n in names) for i in range(count)))
        for names in UNIONS
    ]
    lines = [
        "# Spoken commands: what the n-best holds",
        "",
        f"`bench/stt_ceiling.py`, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
        f"{time.perf_counter() - started:.0f} s. The second set of spoken dev commands, "
        f"{count} clips the fast path reads as written ({', '.join(stt.DEFAULT_VOICES)}): the "
        "share whose written command is among a source's readings, the most any rescoring of "
        "that source could reach. The shipped setting rescores base's 10-best with the prompt.",
        "",
        "| n-best | commands among it |",
        "|---|---:|",
        *(f"| {name} | {hits / count:.1%} ({hits}) |" for name, hits in rows),
    ]
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "ceiling.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
