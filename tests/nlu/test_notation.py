"""The compact notation: what the generator writes, the tuned parser reads back exactly."""

from __future__ import annotations

import pytest

from services.nlu import notation
from services.nlu.notation import NotationError, format_actions, parse_notation


def act(type_: str, depends_on: list[int] | None = None, **params: object) -> dict:
    return {"type": type_, "params": params, "depends_on": depends_on or []}


def test_a_multi_action_answer_round_trips_with_its_dependencies() -> None:
    actions = [
        act("task.create", title="book the venue", project="launch", assignee="Sam", due="Friday"),
        act("reminder.create", [0], text="book the venue", when="Thursday at 9",
            task={"result_of": 0}),
        act("meeting.schedule", attendees=["Sam", "Jo"], when="Monday at 10"),
    ]  # fmt: skip
    written = format_actions(actions)
    assert written.splitlines()[1] == (
        "reminder.create text=book the venue; when=Thursday at 9; task=#0"
    )
    assert parse_notation(written) == actions


def test_references_unknown_names_and_nothing() -> None:
    parsed = parse_notation("task.assign task=@; assignee=?Zed\ntask.set_priority task=@; "
                            "priority=urgent")  # fmt: skip
    assert parsed[0]["params"] == {"task": {"context": "task"}, "assignee": "Zed"}
    assert parse_notation("none") == []
    assert format_actions([]) == "none"


@pytest.mark.parametrize(
    "answer",
    [
        "task.fly title=x",  # no such action
        "task.create colour=red",  # no such parameter
        "task.assign task=venue",  # a required parameter missing
        "task.create title=x\nreminder.create text=x; task=#1",  # refers forward
        "task.set_priority task=venue; priority=whenever",
        "confirm answer=yes",  # the fast path's, never the model's
    ],
)
def test_what_is_not_notation_never_becomes_actions(answer: str) -> None:
    with pytest.raises(NotationError):
        parse_notation(answer)


def test_unknown_people_and_lists_are_marked_for_the_model() -> None:
    marked = notation.mark_unknown(
        [act("task.create", title="x", assignee="priya", project="garden"),
         act("meeting.schedule", attendees=["Sam", "Zed"], when="Monday")],
        ["Priya Shah", "Sam"],
        ["launch"],
    )  # fmt: skip
    assert marked[0]["params"]["assignee"] == "priya"
    assert marked[0]["params"]["project"] == "?garden"
    assert marked[1]["params"]["attendees"] == ["Sam", "?Zed"]


def test_the_decoding_grammar_compiles_and_names_the_store() -> None:
    from llama_cpp.llama_grammar import LlamaGrammar

    text = notation.grammar(["Sam", "Priya Shah"], ["launch", "garden"])
    assert '"Priya Shah"' in text and '"garden"' in text
    LlamaGrammar.from_string(text, verbose=False)


def test_the_prompt_is_short() -> None:
    prompt = notation.prompt("add a task to book the venue", ["Sam", "Jo"], ["launch"])
    assert prompt.endswith("<|im_start|>assistant\n")
    assert len(prompt.split()) < 30
