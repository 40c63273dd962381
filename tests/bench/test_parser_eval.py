"""The dev-set scorer, and the fast path's exact-match rate on tests/data/devset.jsonl."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bench.parser_eval import Devset, load_devset, main, same_actions, score
from services.nlu.commands import ACTIONS, Action, Command
from services.nlu.fastpath import FastPathParser
from tests.fakes import ScriptedParser

DEVSET = Path(__file__).resolve().parent.parent / "data" / "devset.jsonl"
# The rate reached when this test was written: 310/310 after tuning. Written in four rounds,
# each scored before the parser was tuned on it: c* (188), then h* (49: 45 right, 91.8%),
# g* (40: 34 right, 85.0%), k* (33: 32 right, 97.0%). Expect about 85-95% on new phrasings.
FASTPATH_FLOOR = 1.0
DEVSET_LLM = DEVSET.with_name("devset_llm.jsonl")
OLD_HOLDOUT = DEVSET.with_name("devset_old_holdout.jsonl")  # a dev set since issue 11
HELDOUT = DEVSET.with_name("heldout_2026-11-22.jsonl")
# devset_llm.jsonl: the fast path got 61/163 l* lines before it was tuned on them, 143/163
# (87.7%) after; m* round 29/80 before tuning, 70/80 (87.5%) after, when the l* lines rose to
# 150/163: 220/243 (90.5%) in all. The rest is the LLM's. This floor keeps the rules from
# sliding back.
FASTPATH_LLM_FLOOR = 0.90
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=ZoneInfo("Europe/London"))


def _set() -> Devset:
    return Devset((), NOW)


def act(type_: str, depends_on: list[int] | None = None, **params: object) -> dict:
    return {"type": type_, "params": params, "depends_on": depends_on or []}


@pytest.mark.parametrize(
    ("expected", "got"),
    [
        (act("task.create", title="Book the venue"), act("task.create", title="book the venue.")),
        (act("task.complete", task="venue"), act("task.complete", task="the venue task")),
        (
            act("task.set_due", task="x", due="Friday at 9"),
            act("task.set_due", task="x", due="on Friday at 9am"),
        ),
        (act("timer.start", duration="half an hour"), act("timer.start", duration="30 minutes")),
        (act("query.tasks", project="shopping"), act("query.tasks", project="the shopping list")),
        (
            act("meeting.schedule", when="at 3", attendees=["Sam", "Jo"]),
            act("meeting.schedule", when="at 3pm", attendees=["Jo", "Sam"]),
        ),
        (act("report.summary", assignee=None), act("report.summary")),
        # no filter is "open" to the query handlers: "how many are still open" asks the same
        (
            act("query.count", project="wedding"),
            act("query.count", project="wedding", filter="open"),
        ),
    ],
)
def test_same_meaning_compares_equal(expected: dict, got: dict) -> None:
    assert same_actions([expected], [got], _set(), NOW)


def test_it_for_a_task_an_earlier_action_only_touched_is_that_task() -> None:
    named = [act("task.set_due", task="caterer", due="Friday"),
             act("task.set_priority", task="caterer", priority="urgent")]  # fmt: skip
    chained = [act("task.set_due", task="caterer", due="Friday"),
               act("task.set_priority", [0], task={"result_of": 0}, priority="urgent")]  # fmt: skip
    assert same_actions(named, chained, _set(), NOW)
    other = [named[0], act("task.set_priority", task="venue", priority="urgent")]
    assert not same_actions(other, chained, _set(), NOW)


def test_a_change_after_an_opening_undo_is_the_same_waiting_on_it_or_not() -> None:
    # the executor runs what follows an opening undo as a command of its own, after it
    said = [act("undo"), act("task.complete", task="caterer")]
    waits = [act("undo"), act("task.complete", [0], task="caterer")]
    assert same_actions(said, waits, _set(), NOW)
    assert not same_actions(
        said, [act("undo"), act("task.complete", [0], task="venue")], _set(), NOW
    )
    # elsewhere a wait still counts
    made = [act("task.create", title="a"), act("task.create", title="b")]
    assert not same_actions(made, [made[0], act("task.create", [0], title="b")], _set(), NOW)


def test_it_for_a_task_made_in_the_same_command_stays_a_reference() -> None:
    chained = [act("task.create", title="book the pub"),
               act("task.assign", [0], task={"result_of": 0}, assignee="Sam")]  # fmt: skip
    named = [act("task.create", title="book the pub"),
             act("task.assign", task="book the pub", assignee="Sam")]  # fmt: skip
    assert not same_actions(chained, named, _set(), NOW)


def test_a_project_made_in_the_same_command_is_the_same_by_name_or_reference() -> None:
    # project names are unique in the store: the new one is the only one by that name
    made = act("project.create", name="garage clear-out")
    named = [made, act("task.create", [0], title="take the paint", project="garage clear-out")]
    chained = [made, act("task.create", [0], title="take the paint", project={"result_of": 0})]
    assert same_actions(named, chained, _set(), NOW)
    elsewhere = [made, act("task.create", [0], title="take the paint", project="garden")]
    assert not same_actions(elsewhere, chained, _set(), NOW)
    # the task on it waits for it whether the answer writes the dependency or not
    unordered = [made, act("task.create", title="take the paint", project="garage clear-out")]
    assert same_actions(unordered, chained, _set(), NOW)
    assert same_actions(unordered, named, _set(), NOW)
    assert not same_actions([made, elsewhere[1]], unordered, _set(), NOW)


@pytest.mark.parametrize(
    ("expected", "got"),
    [
        (act("task.create", title="book the venue"), act("task.create", title="book the hall")),
        (act("task.create", title="x"), act("task.create", title="x", project="launch")),
        (
            act("task.set_due", task="x", due="Friday"),
            act("task.set_due", task="x", due="Thursday"),
        ),
        (act("task.complete", task="venue"), act("task.start", task="venue")),
        (act("confirm", answer=True), act("confirm", answer=False)),
        (
            act("query.count", project="wedding"),
            act("query.count", project="wedding", filter="done"),
        ),
        (
            act("task.assign", task={"context": "task"}, assignee="Sam"),
            act("task.assign", task="it", assignee="Sam"),
        ),
    ],
)
def test_different_meaning_compares_unequal(expected: dict, got: dict) -> None:
    assert not same_actions([expected], [got], _set(), NOW)


@pytest.mark.parametrize(
    ("expected", "got", "same"),
    [
        # a deadline said without a time of day is its day, whatever default each phrase takes
        ("30 November", "end of the month", True),
        ("Friday", "by end of day Friday", True),
        # a time of day said is kept, and a lost one is a difference
        ("Friday at 4pm", "Friday", False),
        ("Friday at 9am", "Friday", False),
        ("Friday at 4pm", "Friday at 16:00", True),
        ("30 November", "1 December", False),
    ],
)
def test_a_deadline_without_a_time_is_compared_by_its_day(
    expected: str, got: str, same: bool
) -> None:
    for type_ in ("task.set_due", "task.create"):
        key = {"task": "x"} if type_ == "task.set_due" else {"title": "x"}
        pair = (act(type_, **key, due=expected), act(type_, **key, due=got))
        assert same_actions([pair[0]], [pair[1]], _set(), NOW) is same
    # a reminder's moment stays exact: it rings at one time or the other
    ring = (
        act("reminder.create", text="x", when=expected),
        act("reminder.create", text="x", when=got),
    )
    if expected != got and "at" not in expected + got:
        assert not same_actions([ring[0]], [ring[1]], _set(), NOW)


def test_order_matters_only_with_references() -> None:
    first, second = act("task.complete", task="a"), act("task.start", task="b")
    assert same_actions([first, second], [second, first], _set(), NOW)
    create = act("task.create", title="a")
    block = act("task.add_dependency", [0], task="b", blocker={"result_of": 0})
    assert same_actions([create, block], [create, block], _set(), NOW)
    assert not same_actions([create, block], [block, create], _set(), NOW)
    assert not same_actions([create, block], [create], _set(), NOW)


def test_score_counts_exact_matches_categories_and_actions(tmp_path: Path) -> None:
    world = {"kind": "world", "now": "2026-11-18T10:00:00+00:00", "timezone": "Europe/London"}
    rows = [
        {
            "id": "a.1",
            "category": "create",
            "text": "add x",
            "expected": [act("task.create", title="x")],
        },
        {
            "id": "a.2",
            "category": "create",
            "text": "add y",
            "expected": [act("task.create", title="y")],
        },
        {"id": "a.3", "category": "undo", "text": "undo", "expected": [act("undo")]},
        {"id": "a.4", "category": "unknown", "text": "weather", "expected": []},
        {"id": "a.5", "category": "undo", "text": "boom", "expected": [act("undo")]},
    ]
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in [world, *rows]) + "\n")
    parser = ScriptedParser(
        "scripted",
        {
            "add x": Command("task.create", (Action("task.create", {"title": "x"}),)),
            "add y": Command("task.create", (Action("task.create", {"title": "z"}),)),
            "undo": Command("undo", (Action("undo"),), is_complete=False, unparsed="?"),
        },
    )
    parser.raises["boom"] = RuntimeError("parser bug")
    report = score(parser, load_devset(path))
    assert (report.total, report.exact) == (5, 2)  # a.1 and a.4
    data = report.to_dict()
    assert data["categories"]["create"] == {"n": 2, "exact": 1, "rate": 0.5}
    assert data["categories"]["undo"]["exact"] == 0  # incomplete counts as nothing; a raise too
    assert data["actions"]["task.create"] == {
        "precision": 0.5,
        "recall": 0.5,
        "tp": 1,
        "predicted": 2,
        "expected": 2,
    }
    assert data["actions"]["undo"]["recall"] == 0.0
    assert [f["id"] for f in report.failures] == ["a.2", "a.3", "a.5"]
    assert len(report.latencies_ms) == 5
    assert "exact match 2/5" in report.format()


@pytest.mark.parametrize(
    "path", [DEVSET, DEVSET_LLM, OLD_HOLDOUT, HELDOUT], ids=lambda path: path.stem
)
def test_the_devset_is_well_formed(path: Path) -> None:
    # The held-out set is kept as its writers wrote it: one line (v46.1) expects a
    # message.send without its required text, which no parser can match; it is not edited.
    lenient = {"v46.1"} if path == HELDOUT else set()
    devset = load_devset(path)
    assert len(devset.examples) >= 100
    ids = [example.id for example in devset.examples]
    assert len(ids) == len(set(ids))
    categories = {example.category for example in devset.examples}
    assert {"multi"} <= categories
    for example in devset.examples:
        for action in example.expected:
            spec = ACTIONS[action["type"]]
            assert set(action["params"]) <= set(spec.params), example.id
            required = {name for name, param in spec.params.items() if param.required}
            assert required <= set(action["params"]) or example.id in lenient, example.id
            assert all(0 <= i < len(example.expected) for i in action["depends_on"]), example.id


def test_fastpath_exact_match_rate_on_the_devset(record_property: object) -> None:
    report = score(FastPathParser(), load_devset(DEVSET))
    summary = (
        f"fast path devset exact match {report.exact}/{report.total} = {report.exact_rate:.1%}"
    )
    print(summary)
    record_property("fastpath_exact_rate", report.exact_rate)  # type: ignore[operator]
    assert report.exact_rate >= FASTPATH_FLOOR, summary + "\n" + report.format()


def test_fastpath_on_the_llm_devset_keeps_its_rate_and_refuses_what_it_must() -> None:
    devset = load_devset(DEVSET_LLM)
    # The floor is for the rounds the rules were tuned on (l*, m*); a later round is scored,
    # not held to it, until the rules are tuned on it.
    tuned = replace(
        devset, examples=tuple(e for e in devset.examples if e.id.startswith(("l", "m")))
    )
    report = score(FastPathParser(), tuned)
    assert report.exact_rate >= FASTPATH_LLM_FLOOR, report.format()
    assert report.categories["refuse"] == [23, 23], report.format()
    total, right = score(FastPathParser(), devset).categories["refuse"]
    assert right == total, "the fast path claimed a refusal"


def test_fastpath_never_claims_the_old_held_out_refusals() -> None:
    report = score(FastPathParser(), load_devset(OLD_HOLDOUT))
    total, right = report.categories["refuse"]
    assert total == 10 and right == total, report.format()


def test_command_line_scores_the_devset(capsys: pytest.CaptureFixture[str]) -> None:
    code = main([str(DEVSET), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert report["parser"] == "fastpath"
    assert report["total"] == len(DEVSET.read_text().splitlines()) - 1


def test_a_task_reference_is_the_task_the_store_would_resolve_it_to() -> None:
    """'caterer' and 'book the caterer' change the same task when the store has that one; a
    reference to another task, or one that could be either of two, still differs."""
    tasks = ("book the caterer", "pay the caterer", "send the invitations", "order the seeds")
    short, full = (
        act("task.complete", task="invitations"),
        act("task.complete", task="send the invitations"),
    )
    assert same_actions([short], [full], _set(), NOW, tasks)
    assert not same_actions([short], [full], _set(), NOW)  # nothing known: compared as said
    seeds = act("task.complete", task="order the seeds")
    assert not same_actions([seeds], [full], _set(), NOW, tasks)
    either = act("task.set_priority", task="the caterer", priority="urgent")
    booked = act("task.set_priority", task="book the caterer", priority="urgent")
    assert not same_actions([booked], [either], _set(), NOW, tasks)  # ambiguous: not resolved


def test_the_kept_held_back_family_sentences_are_those_families_only() -> None:
    from bench.eval_parser import families
    from training.generate import HELD_OUT_FAMILIES

    records = families(200)
    assert len(records) == 200 and len({r["id"] for r in records}) == 200
    for record in records:  # each sentence holds a family kept from training
        assert set(record["family"].split("+")) & set(HELD_OUT_FAMILIES), record["family"]
        assert record["text"] and record["actions"] is not None
    assert families(5) == records[:5]
    with pytest.raises(SystemExit):
        families(201)


def test_a_person_is_the_one_the_executor_would_take_the_name_for() -> None:
    people = ("Beatrice Lund", "Gus", "Mei")
    full = act("message.send", to="Beatrice Lund", text="the receipts are in")
    short = act("message.send", to="Beatrice", text="the receipts are in")
    assert same_actions([full], [short], _set(), NOW, people=people)
    assert not same_actions([full], [short], _set(), NOW)  # with no people known, as said
    other = act("message.send", to="Gus", text="the receipts are in")
    assert not same_actions([full], [other], _set(), NOW, people=people)
    meeting = act("meeting.schedule", when="Friday at 3pm", attendees=["Beatrice", "Mei"])
    named = act("meeting.schedule", when="Friday at 3pm", attendees=["Mei", "Beatrice Lund"])
    assert same_actions([meeting], [named], _set(), NOW, people=people)
    mine = act("task.assign", task="x", assignee="me")
    assert not same_actions([mine], [act("task.assign", task="x", assignee="Mei")], _set(), NOW,
                            people=people)  # fmt: skip


def test_the_model_is_asked_and_replayed_under_the_words_the_router_mends(tmp_path) -> None:
    # Router.route gives the model rehear(text); the evaluation must ask it the same and find
    # its answer again when it replays the routing (it once replayed these as time-outs).
    from bench.eval_parser import LlmRun, routed_keys, run_llm, run_routed
    from services.nlu.hearing import rehear

    said = "wheel the roses back too friday"  # ("shove" is now the fast path's, as is "the
    # rose ease", heard as the roses)
    heard = rehear(said)
    assert heard != said
    world = {"kind": "world", "now": NOW.isoformat(), "timezone": "Europe/London",
             "context": {"people": [], "projects": [], "tasks": ["prune the roses"]}}  # fmt: skip
    meant = act("task.set_due", task="roses", due="Friday")
    line = {"id": "r1.1", "conversation": "r1", "category": "asr", "text": said,
            "expected": [meant]}  # fmt: skip
    path = tmp_path / "set.jsonl"
    path.write_text(json.dumps(world) + "\n" + json.dumps(line) + "\n")
    examples = list(load_devset(path).examples)
    model = ScriptedParser("llm", {heard: Command("task.set_due", (Action("task.set_due", {
        "task": "roses", "due": "Friday"}),), confidence=1.0, parser="llm")})  # fmt: skip
    model.last_completion = None  # type: ignore[attr-defined]
    assert routed_keys(examples)  # the fast path leaves it to the model
    run = LlmRun("scripted")
    commands = run_llm(model, run, examples)  # type: ignore[arg-type]
    assert [text for text, _ in model.calls] == [heard]
    outcome = run_routed(examples, run, commands)["r1.1"]
    assert outcome.route == "llm" and outcome.actions == [meant]


def test_a_reminder_text_naming_its_own_task_is_that_task_either_way() -> None:
    tasks = ("book the venue", "catering")
    short = act("reminder.create", text="venue", before="an hour", task="venue")
    full = act("reminder.create", text="book the venue", before="an hour", task="venue")
    assert same_actions([short], [full], _set(), NOW, tasks)
    other = act("reminder.create", text="catering", before="an hour", task="venue")
    assert not same_actions([short], [other], _set(), NOW, tasks)
    said = act("reminder.create", text="call the florist", before="an hour", task="venue")
    assert not same_actions([short], [said], _set(), NOW, tasks)


def test_the_evaluation_logs_no_utterance_the_model_ran_out_of_time_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    import logging

    from bench.eval_parser import quiet_logs

    router_log = logging.getLogger("services.nlu.router")
    level = router_log.level
    try:
        quiet_logs()
        with caplog.at_level(logging.INFO):  # the root's level; the router's own is kept
            router_log.warning("LLM ran out of time on %r", "an unread sentence")
        assert "an unread sentence" not in caplog.text
    finally:
        router_log.setLevel(level)
        logging.getLogger("services").setLevel(logging.NOTSET)


def test_a_turn_is_given_the_task_and_person_the_daemon_keeps(tmp_path: Path) -> None:
    """As services/core/executor keeps them: each result's item by its store name, the last
    person a result names, the blocker of a dependency, nothing of a task deleted."""
    world = {
        "kind": "world",
        "now": "2026-11-18T10:00:00+00:00",
        "timezone": "Europe/London",
        "context": {"people": ["Pete Ross", "Ana"], "tasks": ["order the bulbs", "fix the gate"]},
    }
    rows = [
        ("c.1", [act("task.assign", task="bulbs", assignee="Pete")]),
        ("c.2", [act("task.create", title="buy compost")]),
        ("c.3", [act("task.add_dependency", task="buy compost", blocker="gate")]),
        ("c.4", [act("confirm", answer=True)]),  # an answer: the turn before is kept
        ("c.5", [act("task.delete", task="fix the gate")]),
        ("c.6", []),
    ]
    lines = [
        {"id": i, "conversation": "c", "category": "conversation", "text": i, "expected": e}
        for i, e in rows
    ]
    lines.insert(4, {"id": "d.1", "category": "create", "text": "x", "expected": []})
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in [world, *lines]) + "\n")
    kept = {example.id: example.context.last for example in load_devset(path).examples}
    assert kept["c.1"] == {}
    assert kept["c.2"] == {"task": "order the bulbs", "person": "Pete Ross"}
    assert kept["c.3"] == {"task": "buy compost", "person": "Pete Ross"}
    assert kept["c.4"] == kept["c.5"] == {"task": "fix the gate", "person": "Pete Ross"}
    assert kept["c.6"] == {"person": "Pete Ross"}
    assert kept["d.1"] == {}  # another conversation keeps its own
