"""The `parley` CLI contract, run as a real subprocess against a real state directory."""

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOW = "2026-11-18T10:00:00+00:00"  # a Wednesday
TASK_KEYS = {
    "id", "title", "project", "assignee", "priority", "status", "due", "depends_on",
    "parent_id", "tags", "created_at", "updated_at",
}  # fmt: skip


@pytest.fixture
def parley(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[general]\ntimezone = "UTC"\n')

    def run(*args, check=True):
        command = [sys.executable, "-m", "services.app.cli", "--config", str(config),
                   "--state-dir", str(tmp_path / "state"), "--now", NOW, *args]  # fmt: skip
        result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
        if check and result.returncode not in (0, 1):
            raise AssertionError(f"exit {result.returncode}: {result.stderr}")
        return result

    run("people", "add", "Samantha", "--alias", "Sam")
    run("people", "add", "Mike")
    return run


def lines(result):
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_say_json_is_one_object_per_utterance_in_one_conversation(parley):
    result = parley(
        "say", "--json",
        "add a task to book the venue for the launch project, give it to Sam, due Friday, high priority",  # noqa: E501
        "also assign it to Mike",
    )  # fmt: skip
    first, second = lines(result)
    assert result.returncode == 0, result.stdout
    for outcome in (first, second):
        assert set(outcome) >= {"ok", "utterance", "intent", "actions", "reply", "timings_ms"}
        for action in outcome["actions"]:
            assert set(action) == {"type", "params", "status", "result", "error"}
            assert action["status"] in {"done", "failed", "skipped", "pending_confirmation"}
    assert first["ok"] and second["ok"]
    (task,) = lines(parley("tasks", "--json"))
    assert task["title"] == "book the venue"
    assert task["assignee"] == "Mike"
    assert task["project"] == "launch"
    assert task["priority"] == "high"
    assert datetime.fromisoformat(task["due"]) == datetime.fromisoformat(
        "2026-11-20T09:00:00+00:00"
    )


def test_tasks_json_has_the_contract_fields(parley):
    parley("say", "add milk to the shopping list")
    (task,) = lines(parley("tasks", "--json"))
    assert set(task) >= TASK_KEYS
    assert task["status"] == "todo" and task["priority"] == "medium"
    assert task["due"] is None and task["depends_on"] == [] and task["parent_id"] is None


def test_tasks_all_includes_finished_ones(parley):
    parley("say", "add milk to the shopping list", "mark it as done")
    assert lines(parley("tasks", "--json")) == []
    (task,) = lines(parley("tasks", "--json", "--all"))
    assert task["status"] == "done"


def test_an_unknown_person_fails_with_a_clear_reply_and_exit_1(parley):
    result = parley("say", "--json", "add a task to call the bank and give it to Zebulon")
    (outcome,) = lines(result)
    assert result.returncode == 1
    assert not outcome["ok"]
    assert "Zebulon" in outcome["reply"]
    assert lines(parley("tasks", "--json")) == []


def test_delete_waits_for_yes_across_invocations_only_within_one_conversation(parley):
    parley("say", "add milk to the shopping list")
    pending = lines(parley("say", "--json", "delete the milk task"))[0]
    assert [a["status"] for a in pending["actions"]] == ["pending_confirmation"]
    assert len(lines(parley("tasks", "--json"))) == 1
    confirmed = lines(parley("say", "--json", "delete the milk task", "yes"))[1]
    assert confirmed["ok"]
    assert lines(parley("tasks", "--json")) == []


def test_undo_reverts_the_last_command(parley):
    parley("say", "add milk to the shopping list", "add eggs to the shopping list")
    result = parley("undo")
    assert result.returncode == 0
    assert "eggs" in result.stdout
    assert [t["title"] for t in lines(parley("tasks", "--json"))] == ["milk"]


def test_people_list_json(parley):
    people = lines(parley("people", "list", "--json"))
    assert [(p["name"], p["aliases"]) for p in people] == [("Samantha", ["Sam"]), ("Mike", [])]


def test_backup_and_restore_round_trip(parley, tmp_path):
    parley("say", "add milk to the shopping list")
    backup = parley("backup").stdout.strip().removeprefix("Backed up to ")
    assert Path(backup).exists()
    parley("say", "add eggs to the shopping list")
    parley("restore", backup)
    assert [t["title"] for t in lines(parley("tasks", "--json"))] == ["milk"]


def test_a_second_writer_gets_exit_75_while_the_store_is_held(parley, tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys,time; from services.store import Store; s=Store.open(sys.argv[1]);"
         "print('held', flush=True); time.sleep(30)", str(tmp_path / "state")],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"
        result = parley("say", "add milk to the shopping list", check=False)
        assert result.returncode == 75
        assert "in use" in result.stderr or "lock" in result.stderr
    finally:
        holder.kill()
        holder.wait()


def test_report_speaks_a_summary(parley):
    parley("say", "add a task to file taxes due today at 5pm", "add milk to the shopping list")
    result = parley("report")
    assert result.stdout.strip() == "You have 2 open tasks: 1 due today."
