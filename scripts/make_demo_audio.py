"""Generate speech recordings: the README's demo, and the clips tests and the benchmark use.

Speech comes from the packaged Piper voice and from espeak-ng (other voices, other speeds),
optionally mixed with noise at a given SNR, all at 16 kHz mono int16. Nothing downloads.

    python scripts/make_demo_audio.py                      # writes demo-out/demo.wav
    python scripts/make_demo_audio.py /tmp/x.wav --text "add a task to call Sam"
"""

from __future__ import annotations

import argparse
import functools
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from device.audio import SAMPLE_RATE, read_wav, resample, write_wav  # noqa: E402

WAKE_PHRASE = "Hey Jarvis."
DEMO_COMMAND = (
    "Add a task to review the budget for the garden project due Friday "
    "and remind me to call Sam tomorrow at 9."
)


@functools.lru_cache(maxsize=2)
def _piper_voice(length_scale: float) -> object:
    from services.voice.tts import PiperSynthesizer

    # No sampling noise: the same text gives the same recording, so test results repeat.
    return PiperSynthesizer(length_scale=length_scale, noise_scale=0.0, noise_w_scale=0.0)


def piper(text: str, length_scale: float = 1.0) -> np.ndarray:
    """Speak ``text`` with the packaged Piper voice (deterministic); return 16 kHz int16."""
    speech = _piper_voice(length_scale).synthesize(text)  # type: ignore[attr-defined]
    return resample(speech.samples, speech.sample_rate, SAMPLE_RATE)


def espeak(
    text: str, voice: str = "en-us", words_per_minute: int = 160, pitch: int = 50
) -> np.ndarray:
    """Speak ``text`` with espeak-ng (``voice`` such as en-us, en-gb, en-us+f3, ko)."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "speech.wav"
        command = ["espeak-ng", "-v", voice, "-s", str(words_per_minute), "-p", str(pitch)]
        subprocess.run([*command, "-w", str(path), text], check=True, capture_output=True)
        return read_wav(path)[0]


def silence(seconds: float) -> np.ndarray:
    """Return ``seconds`` of digital silence."""
    return np.zeros(int(seconds * SAMPLE_RATE), dtype=np.int16)


def compose(*parts: np.ndarray | float) -> np.ndarray:
    """Join audio arrays and pauses (a float is that many seconds of silence)."""
    return np.concatenate([silence(p) if isinstance(p, float | int) else p for p in parts])


def add_noise(audio: np.ndarray, snr_db: float, seed: int = 0) -> np.ndarray:
    """Mix in white noise so that speech power / noise power is ``snr_db`` (over voiced parts)."""
    rng = np.random.default_rng(seed)
    signal = audio.astype(np.float64)
    voiced = signal[np.abs(signal) > 0.02 * np.abs(signal).max()]
    power = float(np.mean(voiced**2)) if len(voiced) else 1.0
    noise = rng.normal(0.0, np.sqrt(power / 10 ** (snr_db / 10)), len(signal))
    return np.clip(signal + noise, -32768, 32767).astype(np.int16)


def demo_recording() -> np.ndarray:
    """Return the demo: wake word, a pause, a two-action command, then silence."""
    return compose(0.8, piper(WAKE_PHRASE), 0.5, piper(DEMO_COMMAND), 1.5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default=str(ROOT / "demo-out" / "demo.wav"))
    parser.add_argument("--text", default=DEMO_COMMAND, help="the command after the wake word")
    parser.add_argument("--noise-db", type=float, help="mix in white noise at this SNR")
    args = parser.parse_args(argv)
    audio = compose(0.8, piper(WAKE_PHRASE), 0.5, piper(args.text), 1.5)
    if args.noise_db is not None:
        audio = add_noise(audio, args.noise_db)
    path = write_wav(args.out, audio, SAMPLE_RATE)
    print(f"wrote {path} ({len(audio) / SAMPLE_RATE:.1f} s): {WAKE_PHRASE} {args.text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
