"""LLM answer validation and repair, the schema it is built from, and the prompt's shape."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.nlu import ParseContext
from services.nlu import llm_prompt as prompts
from services.nlu.commands import ACTIONS, NOT_UNDERSTOOD
from services.nlu.llm import LlmParser, LlmTimeoutError, closed_before_repeat, to_command
from services.nlu.llm_repair import check
from services.nlu.llm_schema import (
    LLM_EXCLUDED,
    MAX_LIST,
    action_schema,
    llm_actions,
    output_schema,
)
from tests.fakes import FakeTextModel

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
CONTEXT = ParseContext(
    now=NOW,
    people=("Sarah", "Mike", "Priya"),
    projects=("shopping", "website"),
    tasks=("marketing materials", "testing", "buy milk"),
    last={"task": "testing"},
)


def answer(*actions: dict) -> str:
    return json.dumps({"actions": list(actions)})


# --- schema ---


def test_schema_covers_every_catalogue_action_but_conversation_control():
    types = {item["properties"]["type"]["const"] for item in _items()}
    assert types == set(ACTIONS) - LLM_EXCLUDED
    assert {"confirm", "cancel"} == LLM_EXCLUDED


def _items() -> list[dict]:
    return output_schema()["properties"]["actions"]["items"]["anyOf"]


def test_schema_requires_what_the_catalogue_requires():
    schema = action_schema(ACTIONS["task.set_due"])
    validator = jsonschema.Draft202012Validator(schema)
    assert validator.is_valid({"type": "task.set_due", "task": "x", "due": "Friday"})
    assert not validator.is_valid({"type": "task.set_due", "task": "x"})
    assert not validator.is_valid({"type": "task.set_due", "task": "x", "due": "F", "zz": 1})


def test_schema_restricts_enumerations():
    validator = jsonschema.Draft202012Validator(action_schema(ACTIONS["task.set_priority"]))
    assert validator.is_valid({"type": "task.set_priority", "task": "x", "priority": "urgent"})
    assert not validator.is_valid({"type": "task.set_priority", "task": "x", "priority": "meh"})


# --- decoding ---


def test_multi_action_answer_becomes_ordered_actions_with_dependencies():
    text = answer(
        {"type": "project.create", "name": "product launch"},
        {"type": "task.create", "title": "marketing materials", "project": "product launch",
         "assignee": "Sarah", "due": "Friday"},
        {"type": "task.create", "title": "testing", "project": "product launch",
         "assignee": "Mike", "due": "Thursday"},
        {"type": "task.add_dependency", "task": "marketing materials", "blocker": "testing"},
    )  # fmt: skip
    utterance = (
        "create a product launch project, add a task for marketing materials due Friday for "
        "Sarah and one for testing due Thursday for Mike, and make testing block the marketing "
        "materials"
    )
    checked = check(text, utterance, CONTEXT)
    assert checked.is_complete and checked.is_valid_json
    assert [a.type for a in checked.actions] == [
        "project.create", "task.create", "task.create", "task.add_dependency",
    ]  # fmt: skip
    assert checked.actions[1].params["project"] == {"result_of": 0}
    assert checked.actions[1].depends_on == (0,)
    assert checked.actions[3].params == {"task": {"result_of": 1}, "blocker": {"result_of": 2}}
    assert checked.actions[3].depends_on == (1, 2)
    assert checked.actions[1].params["due"] == "Friday"


def test_pronouns_become_context_references():
    checked = check(
        answer({"type": "task.set_priority", "task": "it", "priority": "urgent"}),
        "make it urgent",
        CONTEXT,
    )
    assert checked.actions[0].params["task"] == {"context": "task"}
    assert not checked.problems


def test_dangling_pronoun_lowers_confidence():
    context = ParseContext(now=NOW, people=("Sarah",))
    checked = check(answer({"type": "task.complete", "task": "that"}), "finish that", context)
    assert checked.actions[0].params["task"] == {"context": "task"}
    assert (
        checked.confidence
        < check(
            answer({"type": "task.complete", "task": "that"}), "finish that", CONTEXT
        ).confidence
    )


def test_misheard_person_is_respelled_to_the_known_name():
    checked = check(
        answer({"type": "task.assign", "task": "testing", "assignee": "Sara"}),
        "give testing to sara",
        CONTEXT,
    )
    assert checked.actions[0].params["assignee"] == "Sarah"
    assert any("respelled" in problem for problem in checked.problems)


def test_unknown_person_is_kept_but_costs_confidence():
    checked = check(
        answer({"type": "task.assign", "task": "testing", "assignee": "Bartholomew"}),
        "give testing to Bartholomew",
        CONTEXT,
    )
    assert checked.actions[0].params["assignee"] == "Bartholomew"
    assert checked.confidence < 0.9
    assert checked.entities["persons"] == ["Bartholomew"]


def test_time_phrase_not_said_costs_confidence():
    said = check(
        answer({"type": "task.set_due", "task": "testing", "due": "next Friday at 5"}),
        "move testing to next friday at 5",
        CONTEXT,
    )
    invented = check(
        answer({"type": "task.set_due", "task": "testing", "due": "2026-11-27 17:00"}),
        "move testing to next friday at 5",
        CONTEXT,
    )
    assert not said.problems
    assert invented.confidence < said.confidence
    assert any("time not in what was said" in problem for problem in invented.problems)


def test_invalid_action_is_dropped_and_command_marked_incomplete():
    text = answer(
        {"type": "task.create", "title": "buy eggs"},
        {"type": "task.set_due", "task": "buy eggs"},  # due missing
        {"type": "task.explode", "task": "x"},
    )
    checked = check(text, "add buy eggs and set it due", CONTEXT)
    assert [a.type for a in checked.actions] == ["task.create"]
    assert not checked.is_complete
    assert len([p for p in checked.problems if p.startswith("invalid action")]) == 2


def test_truncated_answer_keeps_whole_actions_only():
    full = answer(
        {"type": "task.create", "title": "buy eggs"},
        {"type": "task.create", "title": "buy bread"},
    )
    checked = check(full[:-20], "add buy eggs and buy bread", CONTEXT)
    assert not checked.is_valid_json
    assert not checked.is_complete
    assert [a.params["title"] for a in checked.actions] == ["buy eggs"]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_yields_only_catalogue_valid_actions(text):
    checked = check(text, "whatever was said", CONTEXT)
    for action in checked.actions:
        spec = ACTIONS[action.type]
        assert set(action.params) <= set(spec.params)
        assert all(name in action.params for name, p in spec.params.items() if p.required)


def test_repeated_action_is_dropped():
    item = {"type": "task.complete", "task": "testing"}
    checked = check(answer(item, item), "finish testing", CONTEXT)
    assert len(checked.actions) == 1


# --- Command ---


def test_empty_answer_is_not_understood():
    command = to_command("order a pizza", check(answer(), "order a pizza", CONTEXT))
    assert command.intent == NOT_UNDERSTOOD
    assert not command.is_complete and command.parser == "llm"


def test_intent_is_the_type_or_multi():
    said = "finish testing and add buy eggs"
    one = to_command(
        said, check(answer({"type": "task.complete", "task": "testing"}), said, CONTEXT)
    )
    two = to_command(
        said,
        check(
            answer(
                {"type": "task.complete", "task": "testing"},
                {"type": "task.create", "title": "buy eggs"},
            ),
            said,
            CONTEXT,
        ),
    )
    assert one.intent == "task.complete"
    assert two.intent == "multi"


def test_made_up_action_is_dropped_and_said_one_kept():
    text = answer(
        {"type": "task.create", "title": "bananas", "project": "shopping"},
        {"type": "task.add_dependency", "task": "bananas", "blocker": "catering"},
    )
    checked = check(text, "stick bananas on the shopping list before the weekend", CONTEXT)
    assert [a.type for a in checked.actions] == ["task.create"]
    assert any("made-up blocker" in problem for problem in checked.problems)
    assert checked.confidence < 0.9


def test_made_up_optional_parameters_are_dropped():
    text = answer(
        {"type": "task.create", "title": "car needs an MOT", "project": "car maintenance",
         "assignee": "Sam", "due": "next month at 10"},
    )  # fmt: skip
    checked = check(text, "jot down that the car needs an MOT", CONTEXT)
    assert checked.actions[0].params == {"title": "car needs an MOT"}


def test_me_is_kept_only_when_said():
    text = answer({"type": "query.tasks", "assignee": "me"})
    assert check(text, "what do I have", CONTEXT).actions[0].params == {"assignee": "me"}
    assert check(text, "what is there", CONTEXT).actions == []  # nothing of it was said


def test_inferred_priority_is_kept():
    text = answer({"type": "task.set_priority", "task": "testing", "priority": "low"})
    checked = check(text, "testing is no big deal", CONTEXT)
    assert checked.actions[0].params == {"task": "testing", "priority": "low"}


# --- prompt ---


def test_prompt_starts_with_the_same_fixed_prefix_whatever_the_context():
    other = ParseContext(now=datetime(2027, 1, 1, tzinfo=UTC), people=("Zed",))
    first = prompts.build("finish testing", CONTEXT)
    second = prompts.build("something else entirely", other)
    assert first.startswith(prompts.FIXED_PREFIX) and second.startswith(prompts.FIXED_PREFIX)
    assert "Zed" not in prompts.FIXED_PREFIX


def test_prompt_tail_is_the_words_and_what_it_refers_to():
    prompt = prompts.build("finish it", CONTEXT)
    tail = prompt[len(prompts.FIXED_PREFIX) :]
    assert (
        tail == '<|im_start|>user\nfinish it\n(it = task "testing")<|im_end|>\n'
        "<|im_start|>assistant\n"
    )
    bare = prompts.build("finish the catering", ParseContext(now=NOW))
    assert bare.endswith("<|im_start|>user\nfinish the catering<|im_end|>\n<|im_start|>assistant\n")


def test_prompt_examples_are_valid_under_the_schema():
    validator = jsonschema.Draft202012Validator(output_schema())
    for _utterance, actions in prompts.EXAMPLES:
        assert validator.is_valid({"actions": actions})


def test_a_list_in_an_answer_is_bounded_so_the_model_cannot_run_on():
    validator = jsonschema.Draft202012Validator(action_schema(ACTIONS["task.add_subtasks"]))
    steps = [f"step {n}" for n in range(MAX_LIST + 1)]
    assert validator.is_valid({"type": "task.add_subtasks", "task": "x", "titles": steps[:-1]})
    assert not validator.is_valid({"type": "task.add_subtasks", "task": "x", "titles": steps})


def test_catalogue_in_prompt_lists_every_llm_action():
    for name in llm_actions():
        assert f"\n{name} " in prompts.FIXED_PREFIX


# --- LlmParser over a fake model ---


def test_parser_builds_a_command_from_the_model_answer():
    model = FakeTextModel(
        {"make testing urgent": answer(
            {"type": "task.set_priority", "task": "testing", "priority": "urgent"})}
    )  # fmt: skip
    command = LlmParser(model).parse("make testing urgent", CONTEXT)
    assert command.parser == "llm" and command.is_complete
    assert command.actions[0].params == {"task": "testing", "priority": "urgent"}
    assert len(model.prompts) == 1 and model.prompts[0].startswith(prompts.FIXED_PREFIX)


def test_parser_raises_timeout_when_the_model_runs_out_of_time():
    model = FakeTextModel({"slow": answer({"type": "task.create", "title": "slow"})})
    model.timeouts.add("slow")
    with pytest.raises(LlmTimeoutError):
        LlmParser(model, timeout_s=1.0).parse("slow", CONTEXT)


def test_parser_passes_the_deadline_to_the_model():
    model = FakeTextModel()
    LlmParser(model).parse("anything", CONTEXT, deadline=123.0)
    assert model.deadlines == [123.0]


def test_blank_text_never_reaches_the_model():
    model = FakeTextModel()
    assert LlmParser(model).parse("   ", CONTEXT).intent == NOT_UNDERSTOOD
    assert model.prompts == []


def test_it_after_a_create_is_the_new_task_and_changes_fold_into_the_create():
    text = answer(
        {"type": "task.create", "title": "book the venue", "project": "launch"},
        {"type": "task.assign", "task": "it", "assignee": "Sam"},
        {"type": "task.set_priority", "task": "it", "priority": "high"},
        {"type": "task.add_dependency", "task": "catering", "blocker": "it"},
    )
    utterance = (
        "add a task to book the venue for the launch project, give it to Sam, high priority, "
        "and make it block the catering task"
    )
    checked = check(text, utterance, CONTEXT)
    assert [a.type for a in checked.actions] == ["task.create", "task.add_dependency"]
    assert checked.actions[0].params == {
        "title": "book the venue", "project": "launch", "assignee": "Sam", "priority": "high",
    }  # fmt: skip
    assert checked.actions[1].params == {"task": "catering", "blocker": {"result_of": 0}}
    assert checked.actions[1].depends_on == (0,)


def test_it_after_touching_a_task_is_that_task():
    text = answer(
        {"type": "task.complete", "task": "testing"},
        {"type": "task.assign", "task": "it", "assignee": "Mike"},
    )
    checked = check(text, "finish testing and give it to Mike", CONTEXT)
    assert checked.actions[1].params["task"] == {"result_of": 0}
    assert checked.actions[1].depends_on == (0,)


@pytest.mark.parametrize(
    ("said", "task", "blocker"),
    [
        ("make testing block the marketing materials", "marketing materials", "testing"),
        ("the marketing materials wait on testing", "marketing materials", "testing"),
        ("do the marketing materials after testing", "marketing materials", "testing"),
    ],
)
def test_swapped_dependency_is_put_the_way_it_was_said(said, task, blocker):
    for pair in ((task, blocker), (blocker, task)):
        text = answer({"type": "task.add_dependency", "task": pair[0], "blocker": pair[1]})
        params = check(text, said, CONTEXT).actions[0].params
        assert (params["task"], params["blocker"]) == (task, blocker)


def test_filter_nobody_asked_for_is_dropped():
    text = answer({"type": "query.tasks", "filter": "overdue", "assignee": "Sarah"})
    assert check(text, "what is Sarah working on", CONTEXT).actions[0].params == {
        "assignee": "Sarah"
    }
    assert check(text, "what has Sarah let slip", CONTEXT).actions[0].params["filter"] == "overdue"


def test_issue_example_dependency_is_put_the_way_it_was_said():
    said = (
        "create a product launch project, add a task for marketing materials due Friday for Sam "
        "and one for testing due Thursday for Alex, and make testing block the marketing materials"
    )
    text = answer(
        {"type": "project.create", "name": "product launch"},
        {"type": "task.create", "title": "marketing materials", "project": "product launch"},
        {"type": "task.create", "title": "testing", "project": "product launch"},
        {"type": "task.add_dependency", "task": "testing", "blocker": "marketing materials"},
    )
    params = check(text, said, CONTEXT).actions[3].params
    assert params == {"task": {"result_of": 1}, "blocker": {"result_of": 2}}


def test_name_of_what_it_is_becomes_a_context_reference():
    text = answer({"type": "task.complete", "task": "testing"})
    said = "scratch that, it's finished already"
    assert check(text, said, CONTEXT).actions[0].params == {"task": {"context": "task"}}
    # said out loud, the name stays a name
    assert check(text, "testing is finished", CONTEXT).actions[0].params == {"task": "testing"}


def test_person_or_unsaid_list_is_not_a_project():
    text = answer(
        {"type": "task.create", "title": "review the copy", "project": "Priya", "assignee": "Priya"}
    )
    context = ParseContext(now=NOW, people=("Priya",))
    params = check(text, "Priya needs to review the copy", context).actions[0].params
    assert params == {"title": "review the copy", "assignee": "Priya"}
    text = answer({"type": "task.create", "title": "confirm numbers", "project": "caterers"})
    params = check(text, "add a task to confirm the caterers numbers", CONTEXT).actions[0].params
    assert params == {"title": "confirm numbers"}


def test_task_waiting_for_itself_is_dropped():
    text = answer(
        {"type": "task.create", "title": "confirm numbers"},
        {"type": "task.add_dependency", "task": "confirm numbers", "blocker": "confirm numbers"},
    )
    checked = check(text, "add a task to confirm numbers", CONTEXT)
    assert [a.type for a in checked.actions] == ["task.create"]


@pytest.mark.parametrize(
    ("said", "action"),
    [
        ("order me a pizza", {"type": "task.create", "title": "order pizza"}),
        ("turn on the lights in the kitchen", {"type": "task.complete", "task": "lights"}),
        ("what's the weather going to be tomorrow", {"type": "query.date"}),
        ("call Sam on the phone", {"type": "message.send", "to": "Sam", "text": "call Sam"}),
    ],
)
def test_action_nothing_asked_for_is_dropped(said, action):
    checked = check(answer(action), said, CONTEXT)
    assert checked.actions == []
    assert any("nothing asked for it" in problem for problem in checked.problems)


def test_cued_actions_stand():
    assert check(answer({"type": "task.create", "title": "order pizza"}),
                 "add a task to order pizza", CONTEXT).actions  # fmt: skip
    assert check(
        answer({"type": "task.complete", "task": "gate"}), "the gate's fixed", CONTEXT
    ).actions


def test_new_project_that_was_said_but_left_out_is_made_first():
    said = "create a product launch project and add a task for testing due Thursday for Mike"
    text = answer(
        {"type": "task.create", "title": "testing", "project": "product launch",
         "assignee": "Mike", "due": "Thursday"},
        {"type": "task.add_dependency", "task": "testing", "blocker": "marketing"},
    )  # fmt: skip
    checked = check(text, said + " and make it wait on marketing", CONTEXT)
    assert checked.actions[0].to_dict() == {
        "type": "project.create", "params": {"name": "product launch"}, "depends_on": [],
    }  # fmt: skip
    assert checked.actions[1].params["project"] == {"result_of": 0}
    assert checked.actions[1].depends_on == (0,)
    assert checked.actions[2].params["task"] == {"result_of": 1}


def test_note_on_it_only_comes_with_a_pronoun():
    def tail(text: str) -> str:
        return prompts.build(text, CONTEXT)[len(prompts.FIXED_PREFIX) :]

    assert "(it = " in tail("finish it")
    assert "(it = " not in tail("put eggs on the shopping list")


def test_steps_are_asked_for_alone_when_the_answer_has_none():
    said = "break down the launch into steps"
    model = FakeTextModel(
        {
            said: answer({"type": "task.create", "title": "launch"}),
            "steps for: the launch": '{"steps":["book a venue","send invites","rehearse"]}',
        }
    )
    command = LlmParser(model).parse(said, CONTEXT)
    assert model.schemas == ["actions", "steps"]
    assert [a.to_dict() for a in command.actions] == [
        {
            "type": "task.add_subtasks",
            "params": {
                "task": "the launch",
                "titles": ["book a venue", "send invites", "rehearse"],
            },
            "depends_on": [],
        }
    ]
    assert model.prompts[1].startswith(prompts.FIXED_PREFIX)


def test_steps_of_it_refer_to_the_context_task():
    said = "split it into smaller pieces"
    model = FakeTextModel({"steps for: it": '{"steps":["a","b"]}'})
    command = LlmParser(model).parse(said, CONTEXT)
    assert command.actions[0].params["task"] == {"context": "task"}


def test_no_steps_request_asks_nothing_more():
    model = FakeTextModel()
    LlmParser(model).parse("finish the testing", CONTEXT)
    assert model.schemas == ["actions"]


def test_verb_addressed_to_parley_is_not_part_of_a_title():
    text = answer({"type": "task.create", "title": "put eggs", "project": "shopping"})
    checked = check(text, "put eggs on the shopping list", CONTEXT)
    assert checked.actions[0].params["title"] == "eggs"
    text = answer({"type": "task.create", "title": "add salt to the stew"})
    checked = check(text, "I need to add salt to the stew", CONTEXT)
    assert checked.actions[0].params["title"] == "add salt to the stew"


def test_misheard_list_name_still_finds_the_known_project():
    text = answer({"type": "task.create", "title": "eggs", "project": "shopping lift"})
    checked = check(text, "put eggs on the shopping lift", CONTEXT)
    assert checked.actions[0].params == {"title": "eggs", "project": "shopping"}


def test_dependency_or_steps_nobody_asked_for_are_dropped():
    text = answer(
        {"type": "task.create", "title": "milk", "project": "shopping"},
        {"type": "task.add_dependency", "task": "milk", "blocker": "shopping"},
    )
    assert [a.type for a in check(text, "add milk to the shopping list", CONTEXT).actions] == [
        "task.create"
    ]


def test_an_answer_that_repeats_an_action_is_closed_before_the_repeat():
    first = '{"type":"timer.start","duration":"5 minutes"}'
    second = '{"type":"query.time"}'
    closed = '{"actions":[' + first + "," + second + "]}"
    assert closed_before_repeat('{"actions":[' + first + "," + second + "," + first) == closed
    assert closed_before_repeat('{"actions":[' + first + "," + second + ',{"ty') is None
    assert closed_before_repeat('{"actions":[' + first + "]}") is None


@pytest.mark.parametrize(
    ("raw", "utterance"),
    [
        ({"type": "task.start", "task": "lights"}, "turn on the lights in the kitchen"),
        ({"type": "report.summary"}, "the thing with the stuff from before"),
    ],
)
def test_an_action_the_words_never_ask_for_is_dropped(raw, utterance):
    assert not check(answer(raw), utterance, CONTEXT).actions


@pytest.mark.parametrize(
    ("raw", "utterance"),
    [
        ({"type": "task.start", "task": "testing"}, "let's kick off the testing"),
        ({"type": "task.start", "task": "testing"}, "I'm cracking on with the testing"),
        ({"type": "report.summary", "assignee": "Mike"}, "what has Mike got on his plate"),
        ({"type": "report.summary"}, "catch me up on everything"),
    ],
)
def test_an_action_the_words_ask_for_is_kept(raw, utterance):
    assert [a.type for a in check(answer(raw), utterance, CONTEXT).actions] == [raw["type"]]
