"""The `parse` and `when` subcommands, run through argparse as the CLI does."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from services.app.cli_parse import register

DEVSET = Path(__file__).resolve().parent.parent / "data" / "devset.jsonl"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    parser = argparse.ArgumentParser(prog="parley")
    parser.add_argument("--config")
    parser.add_argument("--now")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    code = args.func(args)
    return code, capsys.readouterr().out


@pytest.fixture
def london(tmp_path: Path) -> str:
    path = tmp_path / "config.toml"
    path.write_text('[general]\ntimezone = "Europe/London"\n')
    return str(path)


def test_parse_prints_the_command_and_its_resolved_times(london, capsys) -> None:
    code, out = run(
        [
            "--config",
            london,
            "--now",
            "2026-11-18T10:00",
            "parse",
            "--json",
            "--person",
            "Sam",
            "remind Sam to call the bank tomorrow at 5pm",
            "frobnicate",
        ],
        capsys,
    )
    first, second = (json.loads(line) for line in out.splitlines())
    assert code == 0
    assert first["actions"] == [
        {
            "type": "reminder.create",
            "params": {"text": "call the bank", "when": "tomorrow at 5pm", "person": "Sam"},
            "depends_on": [],
        }
    ]
    assert first["times"] == {"tomorrow at 5pm": "2026-11-19T17:00:00+00:00"}
    assert second["intent"] == "unknown" and second["is_complete"] is False


def test_parse_reads_as_text(london, capsys) -> None:
    code, out = run(
        ["--config", london, "--now", "2026-11-18T10:00", "parse", "set a timer for 5 minutes"],
        capsys,
    )
    assert code == 0
    assert "timer.start" in out and "'5 minutes' = 0:05:00" in out


def test_when_resolves_in_the_configured_zone(london, capsys) -> None:
    code, out = run(
        ["--config", london, "--now", "2026-03-28T12:00", "when", "tomorrow", "at", "9"], capsys
    )
    assert (code, out.strip()) == (0, "2026-03-29T09:00:00+01:00")  # after the spring change
    code, out = run(
        ["--config", london, "when", "--duration", "--json", "an hour and a half"], capsys
    )
    assert (code, json.loads(out)["seconds"]) == (0, 5400)


def test_when_says_what_it_cannot_read(london, capsys) -> None:
    code, out = run(["--config", london, "when", "whenever"], capsys)
    assert code == 1
    assert out.strip() == "I couldn't understand the time 'whenever'."
