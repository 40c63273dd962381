"""Screening free phrasing written for training (training/screen_written.py)."""

from __future__ import annotations

from pathlib import Path

from training.screen_written import screen, world_of


def _line(ident: str, text: str, *actions: dict) -> dict:
    return {"id": ident, "text": text, "expected": list(actions)}


def _action(kind: str, depends_on: tuple[int, ...] = (), **params: object) -> dict:
    return {"type": kind, "params": params, "depends_on": list(depends_on)}


def test_lines_the_trainer_cannot_use_are_dropped_and_counted() -> None:
    good = _line("a.1", "add a task to fix the gate", _action("task.create", title="fix the gate"))
    lines = [
        good,
        _line("a.2", "yes", _action("confirm", answer=True)),  # the fast path's, not the model's
        _line("a.3", "do the thing", _action("task.fly", title="x")),
        _line("a.4", "assign it", _action("task.assign", task="gate", colour="red")),
        _line("a.5", "remind me", _action("reminder.create", when="Friday")),  # no text
        _line(
            "a.6",
            "and give it to Ben",
            _action("task.assign", (1,), task={"result_of": 1}, assignee="Ben"),
        ),
        {"id": "a.7"},
        _line("a.1", "add a task to paint the hallway", _action("task.create", title="paint")),
        _line(
            "a.8",
            "remind me the week after next-ish",
            _action("reminder.create", text="call", when="the week after next-ish"),
        ),
    ]
    kept, counts = screen(lines, held_out=[])
    assert [line["id"] for line in kept] == ["a.1", "a.8"]
    assert counts == {
        "notation": 1,
        "catalogue": 2,
        "required": 1,
        "depends_on": 1,
        "shape": 1,
        "duplicate id": 1,
        "kept, time unread": 1,
    }


def test_a_line_near_a_held_out_sentence_is_dropped_without_being_shown() -> None:
    lines = [
        _line("b.1", "Add a task to fix the gate!", _action("task.create", title="fix the gate")),
        _line("b.2", "set a timer for ten minutes", _action("timer.start", duration="ten minutes")),
    ]
    kept, counts = screen(lines, held_out=["add a task to fix the gate"])
    assert [line["id"] for line in kept] == ["b.2"] and counts == {"near held-out": 1}


def test_the_world_is_read_from_the_brief() -> None:
    brief = (Path(__file__).resolve().parents[2] / "training/briefs/freeform_C.md").read_text()
    world = world_of(brief)
    assert world["people"][:2] == ["Priyanka", "Tom"] and "bake sale" in world["projects"]
    assert len(world["tasks"]) == 6
