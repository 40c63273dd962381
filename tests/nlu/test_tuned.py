"""The fine-tuned parser: notation in, Commands out, and nothing wrong let through.

The logic is tested with a scripted model behind the NotationModel Protocol; the real engine
(the packaged GGUF with the shipped LoRA adapter) is tested in test_tuned_engine.py.
"""

from __future__ import annotations

import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from services.nlu import ParseContext
from services.nlu.commands import NOT_UNDERSTOOD
from services.nlu.llm import Completion, LlmTimeoutError
from services.nlu.tuned import TunedParser

CONTEXT = ParseContext(
    now=datetime(2026, 11, 18, 10, tzinfo=ZoneInfo("Europe/London")),
    people=("Sam", "Priya Shah"),
    projects=("launch", "garden"),
)


class ScriptedModel:
    """Answers every prompt with the next scripted notation; records what it was asked."""

    name = "scripted"

    def __init__(self, *answers: str, timed_out: bool = False) -> None:
        self.answers = list(answers)
        self.timed_out = timed_out
        self.prompts: list[str] = []
        self.grammars: list[str] = []

    def complete(self, prompt: str, *, grammar: str, max_tokens: int, deadline: float):
        self.prompts.append(prompt)
        self.grammars.append(grammar)
        return Completion(self.answers.pop(0), tokens=12, is_timed_out=self.timed_out)


def test_a_multi_action_answer_becomes_one_command_with_its_dependencies() -> None:
    model = ScriptedModel(
        "task.create title=book the venue; project=launch; assignee=Sam; due=Friday\n"
        "reminder.create text=book the venue; when=Thursday at 9; task=#0"
    )
    command = TunedParser(model).parse(
        "add a task to book the venue for the launch, give it to Sam, due Friday, and remind "
        "me Thursday at 9",
        CONTEXT,
    )
    assert command.is_complete and command.intent == "multi" and command.parser == "llm"
    assert [a.type for a in command.actions] == ["task.create", "reminder.create"]
    assert command.actions[1].params["task"] == {"result_of": 0}
    assert command.actions[1].depends_on == (0,)
    assert "people: Sam, Priya Shah" in model.prompts[0]
    assert '"Priya Shah"' in model.grammars[0] and '"garden"' in model.grammars[0]


def test_nothing_fits_and_unreadable_answers_are_not_understood() -> None:
    parser = TunedParser(ScriptedModel("none", "task.fly title=x"))
    assert parser.parse("what's the weather like", CONTEXT).intent == NOT_UNDERSTOOD
    assert parser.parse("add a task to x", CONTEXT).intent == NOT_UNDERSTOOD


def test_a_person_nobody_said_is_not_trusted() -> None:
    parser = TunedParser(ScriptedModel("task.assign task=@; assignee=Sam"))
    command = parser.parse("give it to her", CONTEXT)
    assert command.intent == NOT_UNDERSTOOD and not command.actions


def test_a_misheard_known_name_is_respelled_and_said_ones_kept() -> None:
    parser = TunedParser(ScriptedModel("task.assign task=@; assignee=Priya Shah"))
    command = parser.parse("give it to pria shah", CONTEXT)
    assert command.actions[0].params["assignee"] == "Priya Shah"


def test_past_the_deadline_it_raises_a_timeout() -> None:
    parser = TunedParser(ScriptedModel("undo", timed_out=True))
    with pytest.raises(LlmTimeoutError):
        parser.parse("undo that", CONTEXT, time.monotonic())


def test_the_shipped_adapter_is_the_one_its_record_names() -> None:
    import hashlib
    import json

    from services.nlu.tuned import ADAPTER, adapter_path

    path = adapter_path(ADAPTER)
    record = json.loads(path.with_name(path.name + ".json").read_text())
    assert hashlib.sha256(path.read_bytes()).hexdigest() == record["sha256"]
    assert path.stat().st_size == record["bytes"]


def test_an_adapter_on_another_base_is_refused_by_name(tmp_path) -> None:
    import json

    from services.errors import EngineError
    from services.nlu.tuned import ADAPTER, adapter_path, check_base

    shipped = adapter_path(ADAPTER)
    record = json.loads(shipped.with_name(shipped.name + ".json").read_text())
    base = tmp_path / record["arguments"]["base_file"]
    check_base(shipped, base)  # the base it was trained on
    with pytest.raises(EngineError) as caught:
        check_base(shipped, tmp_path / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf")
    assert "trained on" in str(caught.value) and 'adapter = ""' in str(caught.value)
    unrecorded = tmp_path / "mine.lora.gguf"
    unrecorded.write_bytes(b"")
    check_base(unrecorded, tmp_path / "anything.gguf")  # no record: taken on trust
