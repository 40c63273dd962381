"""The slot checks' expressions of every known name at once (``slots._person_given`` and the
rest, made once per list of names) find what each name's own expression, tried in turn, finds."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime

from services.nlu import ParseContext
from services.nlu.slots import (
    _DETAIL_NEXT,
    GIFT,
    _ends_for_person,
    _holds_who_and_where,
    _names,
    _Said,
    _starts_with_person,
)

NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
PEOPLE = ("Sam", "Samantha Green", "Jo", "Priya Shah", "Mum", "Dr. O'Neil", "Auntie Sue")
PROJECTS = ("launch", "garden", "Q3 plan", "school run", "mum's 60th (party)")
WORDS = ("sam", "samantha", "samantha green", "jo", "priya shah", "priya", "mum", "dr. o'neil",
         "auntie sue", "auntie", "me", "launch", "garden", "q3 plan", "school run",
         "mum's 60th (party)", "the", "for", "to", "on", "in", "onto", "down", "is", "needs",
         "list", "project", "by", "due", "and", "buy", "milk", "friday", "john")  # fmt: skip


def _values() -> list[str]:
    """Every run of one to three of ``WORDS``: names said at the start, after "for", after
    "on the", at the end, and cut short."""
    runs = [*itertools.product(WORDS, repeat=1), *itertools.product(WORDS, repeat=2)]
    runs += itertools.product(WORDS[:24], repeat=3)  # names and the words around them
    return [" ".join(run) for run in runs]


def _said(text: str, people: tuple[str, ...], projects: tuple[str, ...]) -> _Said:
    context = ParseContext(NOW, people=people, projects=projects)
    return _Said("task.create", "title", text, text.split(), False, context)


def _starts_with_person_by_name(said: _Said) -> bool:
    return any(
        re.match(rf"{re.escape(name)} (?:to|down|for|on|is|has|needs|should)\b", said.text)
        for name in _names(said.context.people)
    )


def _ends_for_person_by_name(said: _Said) -> bool:
    if GIFT.search(said.text) or said.words[0] in ("a", "an", "some"):
        return False
    names = {"me", *_names(said.context.people)}
    return any(said.text.endswith(f" for {name}") for name in names)


def _who_and_where_by_name(said: _Said) -> bool:
    if GIFT.search(said.text):
        return False
    names = {"me", *_names(said.context.people)}
    if any(re.search(rf"\bfor {re.escape(name)} {_DETAIL_NEXT}", said.text) for name in names):
        return True
    return any(
        re.search(
            rf"\b(?:on|in|to|onto|into) (?:the )?{re.escape(project.lower())}"
            rf"(?: list| project)?(?:$| {_DETAIL_NEXT})",
            said.text,
        )
        for project in said.context.projects
    )


def test_the_expressions_of_every_name_find_what_each_name_finds() -> None:
    for people, projects in ((PEOPLE, PROJECTS), ((), ()), (("Jo",), ())):
        for text in _values():
            said = _said(text, people, projects)
            assert _starts_with_person(said) == _starts_with_person_by_name(said), text
            assert _ends_for_person(said) == _ends_for_person_by_name(said), text
            assert _holds_who_and_where(said) == _who_and_where_by_name(said), text


def test_the_expressions_are_made_once_per_list_of_names() -> None:
    said = _said("sam to buy milk", PEOPLE, PROJECTS)
    assert _starts_with_person(said)
    again = _said("jo to buy milk", PEOPLE, PROJECTS)
    assert _starts_with_person(again)
    assert not _starts_with_person(_said("john to buy milk", PEOPLE, PROJECTS))
