"""What every match of a regular expression holds: a cheap ``in`` test to run before it.

Most of the fast path's fixed expressions (``hearing.rehear``'s fixes of misheard words) find
nothing in most sentences, and an expression costs several microseconds a sentence even to
find nothing. ``needs(pattern)`` reads the expression with the ``re`` module's own parser and
returns what every match of it holds: a few sets of strings, all of one of which every
match holds ("hall" and "way", or "bath" and "room", ... for
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
from collections.abc import Iterator, Sequence
from itertools import product
from typing import Any, TypeVar

Strings = frozenset[str]
# a gate: the ways a text may hold what every match holds, each a set of strings the text
# holds all of ("hall" and "way" for ``hall\\s+way``); the gate holds when one of them does
Gate = frozenset[Strings]
# the most spellings kept of a part of an expression ("to (day|morrow|night)": three); more
# come from joining long alternatives, whose own strings are gate enough
MOST = 48
# the most ways of a gate: looking for one costs about 50 ns in a sentence, an expression of
# many words 10-30 us (``hearing``'s household words said in two: about 100 of them)
MOST_GATED = 128
# a gate whose shortest string is shorter than this is in nearly every sentence
SHORTEST = 2

_NONE: tuple[Strings | None, Gate | None] = (None, None)
_EMPTY = frozenset(("",))  # what a zero-width item (``\b``, a look-around) matches
_REPEATS = (
    re_constants.MAX_REPEAT,
    re_constants.MIN_REPEAT,
    getattr(re_constants, "POSSESSIVE_REPEAT", re_constants.MAX_REPEAT),
)


def needs(pattern: re.Pattern[str]) -> Gate | None:
    """The gate of ``pattern``: sets of strings (lower case), every string of one of which
    every match of ``pattern`` holds; None when none is told (the expression must always be
    run)."""
    try:
        parsed = re_parser.parse(pattern.pattern, pattern.flags)
    except (re.error, AttributeError, TypeError):  # pragma: no cover - a parser that changed
        return None
    return _usable(_sequence(list(parsed))[1])


def holds(gate: Gate | None, lowered: str) -> bool:
    """Whether ``lowered`` (a text in lower case) holds ``gate``: what ``Gates.open`` tells of
    many gates at once, one gate at a time (True for a text that is not ASCII)."""
    if gate is None or not lowered.isascii():
        return True
    return any(all(said in lowered for said in way) for way in gate)


class Gates:
    """The gates of a list of expressions, looked for in a text all at once.

    ``open(lowered)`` is a bit mask: bit ``n`` set when expression ``n`` may match the text
    (``holds(gates[n], lowered)``). A way of a gate is looked for only when the text holds
    the first three letters of its longest string (a set of the text's runs of three, made
    once per text): most of the ~800 ways of ``hearing``'s gates are never looked for, where
    looking for each would cost more than the expressions it saves.
    """

    def __init__(self, gates: Sequence[Gate | None]) -> None:
        self.every = (1 << len(gates)) - 1
        self.ungated = 0
        # (a way's longest string -> the expressions it opens alone, and its other strings
        # with the expression each opens with them): each string looked for once a text
        by_first: dict[str, tuple[list[int], list[tuple[tuple[str, ...], int]]]] = {}
        short: list[tuple[tuple[str, ...], int]] = []
        for number, gate in enumerate(gates):
            bit = 1 << number
            if gate is None:
                self.ungated |= bit
                continue
            for way in sorted(map(_longest_first, gate)):
                if len(way[0]) < _START:
                    short.append((way, bit))
                    continue
                alone, with_more = by_first.setdefault(way[0], ([0], []))
                if len(way) == 1:
                    alone[0] |= bit
                else:
                    with_more.append((way[1:], bit))
        by_start: dict[str, list[tuple[str, int, tuple[tuple[tuple[str, ...], int], ...]]]] = {}
        for first, (alone, with_more) in sorted(by_first.items()):
            by_start.setdefault(first[:_START], []).append((first, alone[0], tuple(with_more)))
        self.short = tuple(short)
        self.by_start = {start: tuple(found) for start, found in by_start.items()}
        self.starts = frozenset(by_start)

    def open(self, lowered: str) -> int:
        """The expressions that may match ``lowered`` (a text in lower case), as bits."""
        if not lowered.isascii():
            return self.every
        found = self.ungated
        for way, bit in self.short:
            if way[0] in lowered and (len(way) == 1 or all(said in lowered for said in way)):
                found |= bit
        starts = {lowered[at : at + _START] for at in range(len(lowered) - _START + 1)}
        for start in self.starts.intersection(starts):
            for first, alone, with_more in self.by_start[start]:
                if first not in lowered:
                    continue
                found |= alone
                for rest, bit in with_more:
                    if not found & bit and all(said in lowered for said in rest):
                        found |= bit
        return found

    def tried(self, lowered: str, items: Sequence[_T]) -> Iterator[_T]:
        """Of ``items`` (one for each expression, in the same order), those whose expression
        may match ``lowered``, in order."""
        found = self.open(lowered)
        return (item for number, item in enumerate(items) if found >> number & 1)


_T = TypeVar("_T")
_START = 3  # letters of a way's longest string looked up in a set before the way is looked for


def any_of_needed(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings (lower case) one of which every match of ``pattern`` holds in an ASCII text
    lowered: a string every way of its gate holds, else one string of each way, those holding
    another left out (a text holding the longer holds the shorter); None when no gate is told.
    Coarser than the gate itself (``holds``), and one ``in`` or a few to look for."""
    gate = needs(pattern)
    if gate is None:
        return None
    common = frozenset.intersection(*gate)
    if common:
        return (max(sorted(common), key=len),)
    picked = {max(sorted(way), key=len) for way in gate}
    return tuple(sorted(said for said in picked if not any(o in said != o for o in picked)))


def may_match(strings: tuple[str, ...] | None, text: str) -> bool:
    """Whether ``text`` may hold a match of the expression ``any_of_needed`` read ``strings``
    from (True for a text that is not ASCII lowered, as ``holds``)."""
    if strings is None:
        return True
    lowered = text.lower()
    return not lowered.isascii() or any(said in lowered for said in strings)


def _longest_first(way: Strings) -> tuple[str, ...]:
    """A way's strings, its longest first (the one a text holds least often, most likely)."""
    return tuple(sorted(way, key=lambda said: (-len(said), said)))


def _any_of(strings: Strings) -> Gate:
    """The gate of a text holding one of ``strings``."""
    return frozenset(frozenset((said,)) for said in strings)


def _rank(gate: Gate) -> tuple[int, int]:
    """How telling a gate is: the length of the shortest of its ways' longest strings, then
    the fewer ways."""
    return min(max(map(len, way)) for way in gate), -len(gate)


def _usable(gate: Gate | None) -> Gate | None:
    if gate is None or not gate or len(gate) > MOST_GATED or _rank(gate)[0] < SHORTEST:
        return None
    return gate


def _both(one: Gate, other: Gate) -> Gate | None:
    """The gate of a text holding both gates, when one of them is a single way (so the ways
    are no more: each is looked for in every text its longest string is in); else None. A
    string inside a longer one of the same way is left out (it is looked for with it)."""
    if len(one) > 1 and len(other) > 1:
        return None
    return frozenset(_without_inner(a | b) for a, b in product(one, other))


def _without_inner(way: Strings) -> Strings:
    return frozenset(said for said in way if not any(said in other != said for other in way))


def _all_of(gates: list[Gate | None]) -> Gate | None:
    """The gate of a text holding each of ``gates`` (those it can), the most telling first,
    as long as the ways stay few."""
    found = sorted(filter(None, map(_usable, gates)), key=_rank, reverse=True)
    if not found:
        return None
    gate = found[0]
    for other in found[1:]:
        gate = _both(gate, other) or gate
    return gate


def _joined(left: Strings, right: Strings) -> Strings | None:
    """Every spelling of ``left`` followed by ``right``; None when there would be too many."""
    if len(left) * len(right) > MOST:
        return None
    return frozenset(a + b for a, b in product(left, right))


def _sequence(items: list[tuple[Any, Any]]) -> tuple[Strings | None, Gate | None]:
    """(spellings, gate) of a sequence: every text it can match when there are only a few
    (else None), and the gates of its runs of spelled items and of its other items, all (an
    item of a run holds no more than the run's spellings do; a look-around may)."""
    whole: Strings | None = _EMPTY
    run: Strings = _EMPTY  # the spellings of the items since the last one with none
    gates: list[Gate | None] = []
    for item in items:
        spellings, inner = _item(item)
        whole = None if whole is None or spellings is None else _joined(whole, spellings)
        if spellings is None:
            gates += [inner, _any_of(run)]
            run = _EMPTY
            continue
        if spellings == _EMPTY:  # zero-width: what a look-around sees, the run goes on
            gates.append(inner)
        longer = _joined(run, spellings)
        if longer is None:  # too many spellings: the run so far is one gate, a new one starts
            gates.append(_any_of(run))
            longer = spellings
        run = longer
    gates.append(_any_of(run))
    return whole, _all_of(gates)


def _alternatives(branches: list[list[tuple[Any, Any]]]) -> tuple[Strings | None, Gate | None]:
    """(spellings, gate) of ``a|b|c``: a match holds what one of them holds."""
    read = [_sequence(list(branch)) for branch in branches]
    spellings: Strings | None = frozenset()
    gate: Gate | None = frozenset()
    for branch_spellings, branch_gate in read:
        if spellings is not None:
            spellings = None if branch_spellings is None else spellings | branch_spellings
        if gate is not None:
            usable = _usable(branch_gate)
            gate = None if usable is None else gate | usable
    if spellings is not None and len(spellings) > MOST:
        spellings = None
    return spellings, _usable(gate)


def _item(item: tuple[Any, Any]) -> tuple[Strings | None, Gate | None]:
    """(spellings, gate) of one item of a parsed expression; (None, None) for what is not
    read (any character, a class of characters, a back-reference ...)."""
    op, value = item
    if op is re_constants.LITERAL:
        if value >= 128:  # a letter outside ASCII may match an ASCII one ("ſ" and "s")
            return _NONE
        letter = frozenset((chr(value).lower(),))
        return letter, _any_of(letter)
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


def _class(members: list[tuple[Any, Any]]) -> tuple[Strings | None, Gate | None]:
    """A class of ASCII characters spelled out (``[.;]``); nothing for any other class."""
    if not all(op is re_constants.LITERAL and value < 128 for op, value in members):
        return _NONE
    letters = frozenset(chr(value).lower() for _, value in members)
    return letters, _any_of(letters)


def _repeat(least: int, most: int, body: Any) -> tuple[Strings | None, Gate | None]:
    """A repeated item: its gate when it must be said at least once; its spellings when it is
    said once, or once or not at all ("bye?")."""
    spellings, gate = _sequence(list(body))
    if least == 0:
        return (spellings | _EMPTY if spellings is not None and most == 1 else None), None
    return (spellings if least == most == 1 else None), gate
