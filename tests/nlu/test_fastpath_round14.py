"""Fast-path readings of the session of 2026-11-27 12:22: changes said twice in one breath."""

from __future__ import annotations

from datetime import datetime

import pytest

from services.nlu import ParseContext
from services.nlu.fastpath import FastPathParser

CONTEXT = ParseContext(
    now=datetime(2027, 4, 24, 10, 15),
    people=("Kit", "Soraya"),
    tasks=("put the bins out", "mend the gate latch"),
)


def _read(text: str) -> list[tuple[str, dict[str, object], tuple[int, ...]]]:
    command = FastPathParser().parse(text, CONTEXT)
    assert command.is_complete, text
    return [(action.type, dict(action.params), action.depends_on) for action in command.actions]


@pytest.mark.parametrize(
    ("said", "kept"),
    [
        ("The gate latch isn't urgent anymore, drop it to medium.", ("priority", "medium")),
        ("Move the bins task to Friday, no, push it to Saturday", ("due", "Saturday")),
    ],
)
def test_a_second_change_of_one_field_replaces_the_first(said: str, kept: tuple[str, str]) -> None:
    ((kind, params, depends_on),) = _read(said)
    assert kind == f"task.set_{kept[0]}"
    assert params[kept[0]] == kept[1]
    assert isinstance(params["task"], str) and depends_on == ()


def test_changes_of_two_fields_are_both_made() -> None:
    read = _read("Make the bins task high and move it to Friday")
    assert [kind for kind, _, _ in read] == ["task.set_priority", "task.set_due"]


def test_a_timer_started_again_after_its_cancel_keeps_its_label() -> None:
    from services.nlu.commands import Action
    from services.nlu.llm_vet import restarted_timers

    cancel = Action("timer.cancel", {"label": "tea"})
    start = Action("timer.start", {"duration": "four minutes"})
    (_, again) = restarted_timers((cancel, start))
    assert again.params == {"duration": "four minutes", "label": "tea"}
    eggs = Action("timer.start", {"duration": "four minutes", "label": "eggs"})
    assert restarted_timers((cancel, eggs))[1] == eggs  # its own label stands
    assert restarted_timers((start,)) == (start,)
