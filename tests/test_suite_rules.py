"""The suite's own rules (tests/conftest.py): under `make test` nothing skips for a missing part."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load_script_workers() -> tuple[str, ...]:
    spec = importlib.util.spec_from_file_location("under_load", ROOT / "scripts/under_load.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return tuple(module.WORKERS)


WORKERS = _load_script_workers()  # the Makefile's PYTEST_WORKERS

SKIPPING = """
import pytest

def test_needs_a_missing_tool():
    pytest.skip("the frobnicator is not installed")

@pytest.mark.may_skip
def test_needs_root():
    pytest.skip("needs root")

def test_plain():
    pass
"""

SKIPPING_MODULE = """
import pytest
pytest.importorskip("no_such_engine_package", reason="no_such_engine_package is not installed")

def test_never_collected():
    pass
"""


def run_pytest(
    tmp_path: Path, source: str, *, require: bool, options: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_skipping.py").write_text(source)
    env = {k: v for k, v in os.environ.items() if k != "PARLEY_REQUIRE_ENGINES"}
    if require:
        env["PARLEY_REQUIRE_ENGINES"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "tests.conftest",
         "-W", "ignore::pytest.PytestUnknownMarkWarning", *options, str(tmp_path)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize("options", [(), WORKERS], ids=["one process", "make test's workers"])
def test_under_make_test_a_skip_for_something_missing_fails_and_names_it(tmp_path, options):
    done = run_pytest(tmp_path, SKIPPING, require=True, options=options)
    assert done.returncode == 1, done.stdout
    assert "the frobnicator is not installed" in done.stdout
    assert "PARLEY_REQUIRE_ENGINES=1" in done.stdout
    assert "1 failed, 1 passed, 1 skipped" in done.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize("options", [(), WORKERS], ids=["one process", "make test's workers"])
def test_a_module_that_skips_at_import_fails_collection_and_names_it(tmp_path, options):
    done = run_pytest(tmp_path, SKIPPING_MODULE, require=True, options=options)
    assert done.returncode != 0, done.stdout
    assert "no_such_engine_package is not installed" in done.stdout


def test_without_the_switch_skips_stay_skips(tmp_path):
    assert run_pytest(tmp_path, SKIPPING, require=False).returncode == 0
    done = run_pytest(tmp_path, SKIPPING_MODULE, require=False)
    assert done.returncode == 5, done.stdout  # pytest's "no tests ran": skipped, not failed
    assert "1 skipped" in done.stdout.strip().splitlines()[-1]


def test_the_load_script_runs_the_suite_with_make_tests_workers():
    makefile = (ROOT / "Makefile").read_text()
    assert f"PYTEST_WORKERS := {' '.join(WORKERS)}\n" in makefile
    assert "pytest -q $(PYTEST_WORKERS)" in makefile


MANY = """
import os

def test_one():
    open(os.environ["ORDER_FILE"], "a").write("many\\n")

def test_two():
    pass

def test_three():
    pass
"""

LONGEST = """
import os
import pytest

@pytest.mark.slow(minutes=6)
def test_the_longest():
    open(os.environ["ORDER_FILE"], "a").write("longest\\n")
"""


def test_make_tests_workers_start_the_longest_test_first(tmp_path):
    """xdist's loadfile hands out the files with the most tests first unless told not to; the
    one-test torture run then started last and kept `make test` over 10 minutes."""
    (tmp_path / "test_a_many.py").write_text(MANY)
    (tmp_path / "test_b_longest.py").write_text(LONGEST)
    order = tmp_path / "order.txt"
    one_worker = tuple(value if value != "auto" else "1" for value in WORKERS)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "tests.conftest",
         "-p", "no:randomly", *one_worker, str(tmp_path)],
        cwd=ROOT, env={**os.environ, "ORDER_FILE": str(order)}, capture_output=True, text=True,
        check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout
    assert order.read_text().split() == ["longest", "many"]
