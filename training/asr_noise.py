"""Speech-recognition noise made for real: speak corpus sentences, transcribe them with Whisper.

    PYTHONPATH=. .venv/bin/python -m training.asr_noise --input training/data/corpus.jsonl \
        --count 1200 --seed 5 --output training/data/corpus_asr.jsonl
    PYTHONPATH=. .venv/bin/python -m training.asr_noise --human training/data/freeform_*.jsonl \
        --count 600 --seed 46 --output training/data/asr_written.jsonl

Generated corpora (``--input``) and sets written by people (``--human``: the free phrasing,
read by ``training/human.py``, which refuses a held-out set) can be spoken alike. Each chosen
example is spoken by the project's Piper voice or by an espeak-ng voice (accent,
pitch and speed varied by the seed), half of the clips get room noise (white noise at 15-25 dB
SNR), and the project's Whisper model (the one the device uses, no vocabulary prompt)
transcribes it. The example is written again with ``text`` = what Whisper heard, ``spoken`` =
the sentence that was said, ``voice``, and its id suffixed ``a``; the expected actions and the
target stay those of the spoken sentence, so the model learns what the person meant.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import re
import shutil
import subprocess
import sys
import time
import wave
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from device.audio import SAMPLE_RATE, resample
from services.voice.stt import WhisperTranscriber
from services.voice.tts import PiperSynthesizer
from training.human import load_human

ESPEAK_VOICES = ("en-gb", "en-us", "en-gb+f3", "en+m3", "en-gb-x-rp", "en-us+f2", "en+m7")


class Voices:
    """The Piper voice and espeak-ng, behind one ``speak(text, rng) -> (voice, 16 kHz int16)``."""

    def __init__(self) -> None:
        if shutil.which("espeak-ng") is None:
            raise SystemExit("espeak-ng is not installed (Debian package espeak-ng)")
        self.piper = PiperSynthesizer()

    def speak(self, text: str, rng: random.Random, use_piper: bool) -> tuple[str, np.ndarray]:
        if use_piper:
            speech = self.piper.synthesize(text)
            return "piper", resample(speech.samples, speech.sample_rate, SAMPLE_RATE)
        voice = rng.choice(ESPEAK_VOICES)
        speed = rng.randint(140, 190)
        wav = subprocess.run(
            ["espeak-ng", "-v", voice, "-s", str(speed), "--stdout", text],
            check=True,
            capture_output=True,
        ).stdout
        with wave.open(io.BytesIO(wav)) as clip:
            rate = clip.getframerate()
            samples = np.frombuffer(clip.readframes(clip.getnframes()), dtype=np.int16)
        return f"espeak-ng {voice} {speed}", resample(samples, rate, SAMPLE_RATE)


def with_room_noise(samples: np.ndarray, rng: random.Random) -> np.ndarray:
    """White noise at 15-25 dB SNR."""
    signal = samples.astype(np.float32)
    power = float(np.mean(signal**2)) or 1.0
    snr_db = rng.uniform(15.0, 25.0)
    noise = np.random.default_rng(rng.randrange(1 << 30)).normal(
        0.0, (power / 10 ** (snr_db / 10)) ** 0.5, signal.shape
    )
    return np.clip(signal + noise, -32768, 32767).astype(np.int16)


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s']", " ", text.lower()).split())


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--input", type=Path, nargs="*", default=[], help="generated corpora")
    options.add_argument(
        "--human", type=Path, nargs="*", default=[], help="written sets (never a held-out set)"
    )
    options.add_argument("--output", type=Path, required=True)
    options.add_argument("--count", type=int, default=1200)
    options.add_argument("--seed", type=int, default=5)
    args = options.parse_args(argv)
    rng = random.Random(args.seed)
    examples = [json.loads(line) for path in args.input for line in path.open() if line.strip()]
    examples += [example for path in args.human for example in load_human(path)]
    chosen = rng.sample(examples, min(args.count, len(examples)))
    voices = Voices()
    whisper = WhisperTranscriber(cpu_threads=2)
    started = time.monotonic()
    spoken: Counter[str] = Counter()
    changed = empty = 0  # empty: dropped, too little heard
    with args.output.open("w") as out:
        for number, example in enumerate(chosen):
            voice, samples = voices.speak(example["text"], rng, use_piper=number % 2 == 0)
            if rng.random() < 0.5:
                samples = with_room_noise(samples, rng)
                voice += " + noise"
            heard = whisper.transcribe(samples)
            spoken[voice.split()[0]] += 1
            if len(_plain(heard).split()) < 0.75 * len(_plain(example["text"]).split()):
                # Whisper dropped part of it: the expected actions would not match what was
                # heard, and the model would learn to invent what it never heard.
                empty += 1
                continue
            changed += _plain(heard) != _plain(example["text"])
            record: dict[str, Any] = {
                **example,
                "id": example["id"] + "a",
                "text": heard,
                "spoken": example["text"],
                "voice": voice,
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    seconds = time.monotonic() - started
    print(
        f"{len(chosen)} spoken ({dict(spoken)}), {changed} heard differently, {empty} dropped "
        f"(heard under 75% of the words), "
        f"{seconds:.0f} s ({seconds / max(len(chosen), 1):.2f} s a clip) -> {args.output}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
