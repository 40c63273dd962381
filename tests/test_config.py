"""Configuration: defaults, the shipped default.toml, and clear errors for bad files."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from services import config
from services.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TOML = ROOT / "config" / "default.toml"


def test_default_toml_is_exactly_the_embedded_defaults():
    shipped = config.load(DEFAULT_TOML)
    assert config.to_dict(shipped) == config.to_dict(config.defaults())


def test_default_toml_sets_every_key():
    data = config.read_toml(DEFAULT_TOML)
    defaults = config.to_dict(config.defaults())
    for section, values in defaults.items():
        assert section in data, f"[{section}] missing from default.toml"
        assert set(data[section]) == set(values), f"[{section}] keys differ"


def test_every_key_in_default_toml_is_commented():
    lines = DEFAULT_TOML.read_text().splitlines()
    for number, line in enumerate(lines):
        if re.match(r"^[a-z_]+\s*=", line) and "#" not in line:
            above = lines[number - 1].strip() if number else ""
            assert above.startswith("#"), f"line {number + 1} has no comment: {line}"


def write(tmp_path, text):
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


def test_a_user_file_overlays_the_defaults_key_by_key(tmp_path):
    loaded = config.load(write(tmp_path, '[jobs]\nmax_in_flight = 5\n[dates]\nmorning = "08:30"\n'))
    assert loaded.jobs.max_in_flight == 5
    assert loaded.jobs.max_queued == config.defaults().jobs.max_queued
    assert loaded.dates.morning == "08:30"
    assert loaded.dates.evening == "18:00"


@pytest.mark.parametrize(
    ("text", "key", "problem"),
    [
        ("[jobs]\nmax_in_flight = 'three'\n", "jobs.max_in_flight", "expected `int`"),
        ("[jobs]\nmax_inflight = 3\n", "jobs.max_inflight", "unknown key"),
        ("[colours]\nred = 1\n", "colours", "unknown key"),
        ("[dates]\nmorning = '9am'\n", "dates.morning", "HH:MM"),
        ("[jobs]\nmax_in_flight = 0\n", "jobs.max_in_flight", "greater than 0"),
        ("[general]\ntimezone = 'Mars/Olympus'\n", "general.timezone", "unknown time zone"),
        ("[jobs\nmax_in_flight = 3\n", "", "not valid TOML"),
    ],
)
def test_a_bad_file_names_the_file_key_and_problem(tmp_path, text, key, problem):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        config.load(path)
    assert caught.value.file == str(path)
    assert caught.value.key == key
    assert problem in caught.value.problem
    assert "\n" not in caught.value.message


def test_binary_garbage_is_a_config_error(tmp_path):
    path = tmp_path / "config.toml"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ConfigError, match="not"):
        config.load(path)


def test_config_check_exits_78_with_one_line(tmp_path):
    path = write(tmp_path, "[jobs]\nmax_inflight = 3\n")
    result = subprocess.run(
        [sys.executable, "-m", "services.app.cli", "config", "check", str(path)],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert result.returncode == 78
    lines = result.stderr.strip().splitlines()
    assert lines == [f"{path}: jobs.max_inflight: unknown key"]


def test_config_check_accepts_the_shipped_file():
    result = subprocess.run(
        [sys.executable, "-m", "services.app.cli", "config", "check", str(DEFAULT_TOML)],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
