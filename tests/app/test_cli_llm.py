"""`parley llm parse|status|assemble` (registered into a bare argparse parser)."""

from __future__ import annotations

import argparse
import json

import pytest

from services.app import cli_llm as llm_cli


@pytest.fixture
def run(tmp_path, capsys):
    config = tmp_path / "config.toml"
    config.write_text(f'[general]\nstate_dir = "{tmp_path}"\ntimezone = "UTC"\n')

    def invoke(*words: str) -> tuple[int, str]:
        parser = argparse.ArgumentParser()
        parser.add_argument("--config")
        parser.add_argument("--now")
        llm_cli.register(parser.add_subparsers(dest="command"))
        args = parser.parse_args(["--config", str(config), "--now", "2026-11-18T10:00", *words])
        code = args.func(args)
        return code, capsys.readouterr().out

    return invoke


def test_parse_fast_only_prints_one_json_object_per_utterance(run):
    code, out = run("llm", "parse", "--fast-only", "--json", "finish the catering", "hmm")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [line["utterance"] for line in lines] == ["finish the catering", "hmm"]
    assert lines[0]["route"] == "fastpath"
    assert lines[0]["command"]["actions"][0]["type"] == "task.complete"
    assert lines[1]["route"] == "fastpath_only" and "switched off" in lines[1]["notice"]


def test_status_names_both_packaged_models(run):
    code, out = run("llm", "status")
    assert code == 0
    assert "qwen2.5-coder-0.5b:" in out and "qwen2.5-coder-1.5b:" in out


def test_assemble_refuses_a_model_that_is_not_packaged(run):
    with pytest.raises(SystemExit):
        run("llm", "assemble", "--model", "no-such-model")
