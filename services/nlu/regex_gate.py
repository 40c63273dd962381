"""What every match of a regular expression holds: a cheap ``in`` test to run before it.

Most of the fast path's fixed expressions (``hearing.rehear``'s fixes of misheard words) find
nothing in most sentences, and an expression costs several microseconds a sentence even to
find nothing. ``needs(pattern)`` reads the expression with the ``re`` module's own parser and
returns a few strings, one of which every match of it holds ("hall", "bath", ... for
``\\b(hall\\s+way|bath\\s+room|...)``); ``Gates(...).open(text)`` tells which of many
expressions may match a text, so each is run only where it can.

The strings are in lower case and are looked for in the text lowered. They are sound for
ASCII text only: with ``re.IGNORECASE`` an "s" also matches "ſ" (U+017F), which lowers to
itself, so ``Gates.open`` lets every expression through for any other text.
"""

from __future__ import annotations

import re
import re._constants as re_constants  # type: ignore[import-not-found]  # (typeshed has no stubs)
import re._parser as re_parser  # type: ignore[import-not-found]
from collections.abc import Sequence
from itertools import product
from typing import Any

Strings = frozenset[str]
# the most spellings kept of a part of an expression ("to (day|morrow|night)": three); more
# come from joining long alternatives, whose own strings are gate enough
MOST = 48
# the most strings of a gate: looking for one costs about 50 ns in a sentence, an expression
# of many words 10-30 us (``hearing``'s household words said in two: about 100 of them)
MOST_GATED = 128
# a gate whose shortest string is shorter than this is in nearly every sentence
SHORTEST = 2

_NONE: tuple[Strings | None, Strings | None] = (None, None)
_EMPTY = frozenset(("",))  # what a zero-width item (``\b``, a look-around) matches
_REPEATS = (
    re_constants.MAX_REPEAT,
    re_constants.MIN_REPEAT,
    getattr(re_constants, "POSSESSIVE_REPEAT", re_constants.MAX_REPEAT),
)


def needs(pattern: re.Pattern[str]) -> Strings | None:
    """Strings (lower case), one of which every match of ``pattern`` holds; None when no such
    set is told (the expression must always be run)."""
    try:
        parsed = re_parser.parse(pattern.pattern, pattern.flags)
    except (re.error, AttributeError, TypeError):  # pragma: no cover - a parser that changed
        return None
    return _usable(_sequence(list(parsed))[1])


class Gates:
    """The gates of a list of expressions, looked for in a text all at once.

    ``open(lowered)`` is a bit mask: bit ``n`` set when expression ``n`` may match the text
    (its gate is None, or the text holds one of its strings, or the text is not ASCII). Each
    string is looked for only when the text holds its first three letters (a set of the
    text's runs of three, made once per text): most of the ~800 strings of ``hearing``'s
    gates are never looked for, where looking for each would cost more than the
    expressions it saves.
    """

    def __init__(self, gates: Sequence[Strings | None]) -> None:
        self.every = (1 << len(gates)) - 1
        self.ungated = 0
        by_start: dict[str, list[tuple[str, int]]] = {}
        short: list[tuple[str, int]] = []
        for number, gate in enumerate(gates):
            bit = 1 << number
            if gate is None:
                self.ungated |= bit
                continue
            for said in sorted(gate):
                if len(said) < _START:
                    short.append((said, bit))
                else:
                    by_start.setdefault(said[:_START], []).append((said, bit))
        self.short = tuple(short)
        self.by_start = {start: tuple(found) for start, found in by_start.items()}
        self.starts = frozenset(by_start)

    def open(self, lowered: str) -> int:
        """The expressions that may match ``lowered`` (a text in lower case), as bits."""
        if not lowered.isascii():
            return self.every
        found = self.ungated
        for said, bit in self.short:
            if said in lowered:
                found |= bit
        starts = {lowered[at : at + _START] for at in range(len(lowered) - _START + 1)}
        for start in self.starts.intersection(starts):
            for said, bit in self.by_start[start]:
                if not found & bit and said in lowered:
                    found |= bit
        return found


_START = 3  # letters of a gate's string looked up in a set before the string is looked for


def _usable(gate: Strings | None) -> Strings | None:
    if gate is None or len(gate) > MOST_GATED or min(map(len, gate)) < SHORTEST:
        return None
    return gate


def _better(one: Strings | None, other: Strings | None) -> Strings | None:
    """The more telling of two gates: the longer shortest string, then the fewer strings."""
    one, other = _usable(one), _usable(other)
    if one is None or other is None:
        return one or other
    rank_one = (min(map(len, one)), -len(one))
    return one if rank_one >= (min(map(len, other)), -len(other)) else other


def _joined(left: Strings, right: Strings) -> Strings | None:
    """Every spelling of ``left`` followed by ``right``; None when there would be too many."""
    if len(left) * len(right) > MOST:
        return None
    return frozenset(a + b for a, b in product(left, right))


def _sequence(items: list[tuple[Any, Any]]) -> tuple[Strings | None, Strings | None]:
    """(spellings, gate) of a sequence: every text it can match when there are only a few
    (else None), and the best gate of its runs of spelled items and of its other items."""
    whole: Strings | None = _EMPTY
    run: Strings = _EMPTY  # the spellings of the items since the last one with none
    gate: Strings | None = None
    for item in items:
        spellings, inner = _item(item)
        gate = _better(gate, inner)
        whole = None if whole is None or spellings is None else _joined(whole, spellings)
        if spellings is None:
            gate, run = _better(gate, run), _EMPTY
            continue
        longer = _joined(run, spellings)
        if longer is None:  # too many spellings: the run so far is one gate, a new one starts
            gate, longer = _better(gate, run), spellings
        run = longer
    return whole, _better(gate, run)


def _alternatives(branches: list[list[tuple[Any, Any]]]) -> tuple[Strings | None, Strings | None]:
    """(spellings, gate) of ``a|b|c``: a match holds what one of them holds."""
    read = [_sequence(list(branch)) for branch in branches]
    spellings: Strings | None = frozenset()
    gate: Strings | None = frozenset()
    for branch_spellings, branch_gate in read:
        if spellings is not None:
            spellings = None if branch_spellings is None else spellings | branch_spellings
        if gate is not None:
            gate = None if _usable(branch_gate) is None else gate | (branch_gate or frozenset())
    if spellings is not None and len(spellings) > MOST:
        spellings = None
    return spellings, _usable(gate)


def _item(item: tuple[Any, Any]) -> tuple[Strings | None, Strings | None]:
    """(spellings, gate) of one item of a parsed expression; (None, None) for what is not
    read (any character, a class of characters, a back-reference ...)."""
    op, value = item
    if op is re_constants.LITERAL:
        if value >= 128:  # a letter outside ASCII may match an ASCII one ("ſ" and "s")
            return _NONE
        letter = frozenset((chr(value).lower(),))
        return letter, letter
    if op is re_constants.AT:
        return _EMPTY, None
    if op is re_constants.SUBPATTERN:
        return _sequence(list(value[3]))
    if op is re_constants.ATOMIC_GROUP:
        return _sequence(list(value))
    if op is re_constants.BRANCH:
        return _alternatives(value[1])
    if op is re_constants.ASSERT:  # what a look-around sees is in the text too
        return _EMPTY, _sequence(list(value[1]))[1]
    if op is re_constants.ASSERT_NOT:
        return _EMPTY, None
    if op is re_constants.IN:
        return _class(value)
    if op in _REPEATS:
        return _repeat(*value)
    return _NONE


def _class(members: list[tuple[Any, Any]]) -> tuple[Strings | None, Strings | None]:
    """A class of ASCII characters spelled out (``[.;]``); nothing for any other class."""
    if not all(op is re_constants.LITERAL and value < 128 for op, value in members):
        return _NONE
    letters = frozenset(chr(value).lower() for _, value in members)
    return letters, letters


def _repeat(least: int, most: int, body: Any) -> tuple[Strings | None, Strings | None]:
    """A repeated item: its gate when it must be said at least once; its spellings when it is
    said once, or once or not at all ("bye?")."""
    spellings, gate = _sequence(list(body))
    if least == 0:
        return (spellings | _EMPTY if spellings is not None and most == 1 else None), None
    return (spellings if least == most == 1 else None), gate
