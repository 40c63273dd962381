"""`parley store ...` through a real argparse parser and a real state dir."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from services.app.cli_store import register
from services.store import Store
from tests.store.support import add_command


def _run(state: Path, *words: str) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config")
    parser.add_argument("--state-dir")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["--state-dir", str(state), "store", *words])
    return args.func(args)


def test_store_subcommands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Store.open(tmp_path) as store:
        add_command(store, 0)
        backup = store.backup()
    assert _run(tmp_path, "stats") == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["documents"]["tasks"] == 1
    assert stats["seq"] == 1
    assert _run(tmp_path, "backups") == 0
    assert capsys.readouterr().out.split() == [str(backup)]
    assert _run(tmp_path, "check") == 0
    assert "1 tasks, " in capsys.readouterr().out
    assert _run(tmp_path, "compact") == 0
    assert capsys.readouterr().out.startswith(f"compacted: {tmp_path / 'store.json'}")
