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
from services.nlu.commands import NOT_UNDERSTOOD, Command, not_understood
from services.nlu.llm import Completion, LlmTimeoutError
from services.nlu.router import Routed, Router
from services.nlu.tuned import UNRATED, ChoiceRecorder, TunedParser, answer_confidence

CONTEXT = ParseContext(
    now=datetime(2026, 11, 18, 10, tzinfo=ZoneInfo("Europe/London")),
    people=("Sam", "Priya Shah"),
    projects=("launch", "garden"),
)


class ScriptedModel:
    """Answers every prompt with the next scripted notation; records what it was asked."""

    name = "scripted"

    def __init__(
        self, *answers: str, timed_out: bool = False, probabilities: tuple[float, ...] = ()
    ) -> None:
        self.answers = list(answers)
        self.timed_out = timed_out
        self.probabilities = probabilities
        self.prompts: list[str] = []
        self.grammars: list[str] = []

    def complete(self, prompt: str, *, grammar: str, max_tokens: int, deadline: float):
        self.prompts.append(prompt)
        self.grammars.append(grammar)
        return Completion(
            self.answers.pop(0),
            tokens=12,
            is_timed_out=self.timed_out,
            token_probabilities=self.probabilities,
        )


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


def test_the_answer_is_as_sure_as_its_least_likely_token() -> None:
    sure = TunedParser(ScriptedModel("task.complete task=catering", probabilities=(1.0, 0.97)))
    assert sure.parse("catering is done", CONTEXT).confidence == 0.97
    unsure = TunedParser(ScriptedModel("meeting.schedule when=Friday", probabilities=(0.41, 1.0)))
    assert unsure.parse("I might see them Friday", CONTEXT).confidence == 0.41
    unrated = TunedParser(ScriptedModel("task.complete task=catering"))
    assert unrated.parse("catering is done", CONTEXT).confidence == UNRATED


def test_an_unsure_change_is_asked_about_and_a_sure_one_runs() -> None:
    class Nothing:
        name = "fast"

        def parse(self, text: str, context: ParseContext) -> Command:
            return not_understood(text, self.name)

    def route(probabilities: tuple[float, ...]) -> Routed:
        answer = "task.set_priority task=@; priority=urgent"
        model = ScriptedModel(answer, probabilities=probabilities)
        return Router(Nothing(), TunedParser(model), confirm_below=0.6).route(
            "honestly that one is pretty pressing", CONTEXT
        )

    unsure = route((0.35, 0.99))
    assert unsure.needs_confirmation and unsure.question.startswith("Did you mean")
    assert not route((0.9, 0.99)).needs_confirmation


def test_the_recorder_scores_each_choice_against_the_step_before() -> None:
    import numpy as np

    recorder = ChoiceRecorder()
    scores = np.log(np.array([0.7, 0.2, 0.1], dtype=np.float32))
    recorder(np.array([5, 6]), scores)  # the prompt: nothing chosen yet
    recorder(np.array([5, 6, 1]), scores)  # token 1 was chosen at the first step
    recorder(np.array([5, 6, 1, 0]), scores)
    assert [round(p, 3) for p in recorder.probabilities] == [0.2, 0.7]
    assert answer_confidence(tuple(recorder.probabilities)) == 0.2


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


def test_a_reminder_about_a_task_created_in_the_same_breath_is_linked_to_it() -> None:
    answer = (
        "task.create title=book the venue; assignee=Sam; due=Friday\n"
        "reminder.create text=book the venue; when=Thursday at 9\n"
        "reminder.create text=call mum; when=Friday"
    )
    command = TunedParser(ScriptedModel(answer)).parse(
        "add a task to book the venue for Sam due Friday, remind me Thursday at 9, and "
        "remind me to call mum Friday",
        CONTEXT,
    )
    linked, separate = command.actions[1], command.actions[2]
    assert linked.params["task"] == {"result_of": 0} and linked.depends_on == (0,)
    assert "task" not in separate.params and separate.depends_on == ()
