"""The gate of an expression (``regex_gate.needs``) holds in every text the expression matches,
and ``Gates.open`` lets through exactly the expressions whose gate the text holds."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.nlu import hearing
from services.nlu import text as text_module
from services.nlu.regex_gate import MOST_GATED, Gates, any_of_needed, holds, may_match, needs
from tests.nlu.test_hearing import MISHEARD, SAID_AS_MEANT


@pytest.mark.parametrize(
    ("pattern", "gate"),
    [
        (r"\bhall\s+way\b", [{"hall", "way"}]),  # both words, whatever is between them
        (r"\bto (day|morrow|night)\b", [{"to day"}, {"to morrow"}, {"to night"}]),
        (r"(?i)\bAt (?:two|too)\b", [{"at two"}, {"at too"}]),  # lower case: looked for lowered
        (r"\bbye?\b", [{"by"}, {"bye"}]),  # an optional letter: both spellings
        (r"\b(?:hall\s+way|bath\s+room)\b", [{"hall", "way"}, {"bath", "room"}]),
        (r"(?<=\bday )\bfoo", [{"day ", "foo"}]),  # what a look-behind sees is in the text too
        (r"(?<!\bday )\bfoo\b", [{"foo"}]),  # what it must not see is not
        # one of two gates of more than one way is kept, the more telling (longer strings)
        (r"\bremind\s+(?:me|him)\s+(?:two|too)\s+(?!days)", [{"remind", "two"}, {"remind", "too"}]),
        (r"[.;]\s+(?:do|dew)\b", [{"do"}, {"dew"}]),
        (r"(?:run)+", [{"run"}]),  # said once at least
    ],
)
def test_the_gate_of_an_expression(pattern: str, gate: list[set[str]]) -> None:
    assert needs(re.compile(pattern)) == {frozenset(way) for way in gate}


@pytest.mark.parametrize(
    "pattern",
    [
        r"\b[a-z]+\b",  # any word
        r"(?:hall)?way|\d+",  # one choice holds no letters
        r"(?:run)*",  # perhaps nothing at all
        r"\ba\b",  # one letter: in nearly every sentence
        "|".join(f"w{number:03}x" for number in range(MOST_GATED + 1)),  # too many ways
    ],
)
def test_no_gate_where_none_can_be_told(pattern: str) -> None:
    assert needs(re.compile(pattern)) is None


def test_a_letter_outside_ascii_is_no_part_of_a_gate() -> None:
    # with re.IGNORECASE "ſ" (U+017F) matches "s": a gate holds only what is spelled in ASCII
    assert needs(re.compile(r"ſtreet", re.I)) == {frozenset(("treet",))}
    assert needs(re.compile(r"stra(?:ß|ss)e", re.I)) == {frozenset(("stra",))}


def _fixes() -> list[re.Pattern[str]]:
    return [pattern for pattern, _ in hearing._FIXES]


def test_every_match_of_a_fix_in_the_hearing_tests_holds_its_gate() -> None:
    for pattern in _fixes():
        gate = needs(pattern)
        for sentence in _sentences():
            if pattern.search(sentence):
                assert holds(gate, sentence.lower()), sentence


@pytest.mark.parametrize("pattern", _fixes(), ids=lambda pattern: pattern.pattern[:40])
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_match_of_a_fix_holds_its_gate(pattern: re.Pattern[str], data: st.DataObject) -> None:
    """Texts that hold a match of the fix (drawn by hypothesis from the expression itself)
    open its gate."""
    ascii_only = st.characters(codec="ascii")
    text = data.draw(st.from_regex(pattern, alphabet=ascii_only))
    assert pattern.search(text)
    assert holds(needs(pattern), text.lower()), (needs(pattern), text)


def _sentences() -> list[str]:
    said = [meant for case in MISHEARD for meant in case] + list(SAID_AS_MEANT)
    return [text for sentence in said for text in (sentence, sentence.lower(), sentence.upper())]


def test_gates_open_exactly_where_a_string_of_the_gate_is_said() -> None:
    gates = [needs(pattern) for pattern in _fixes()]
    opened = Gates(gates)
    for text in [*_sentences(), "", "a", "ab", "tomorrow", "café tomorrow"]:
        lowered = text.lower()
        found = opened.open(lowered)
        for number, gate in enumerate(gates):
            assert bool(found >> number & 1) == holds(gate, lowered), (text, gate)


def test_a_text_outside_ascii_opens_every_gate() -> None:
    opened = Gates([frozenset((frozenset(("street",)),)), None])
    assert opened.open("ſtreet") == 0b11
    assert opened.open("the street") == 0b11
    assert opened.open("the road") == 0b10


def test_a_way_opens_its_gate_only_with_all_its_strings() -> None:
    opened = Gates([frozenset((frozenset(("hall", "way")), frozenset(("bath", "room"))))])
    assert opened.open("the hall way") == opened.open("a bath room") == 1
    assert opened.open("the hall") == opened.open("the way to the bath") == 0


def test_ways_sharing_their_longest_string_each_open_their_own_gate() -> None:
    """``Gates`` looks for a string shared by several ways once: each way still needs all of
    its own strings."""
    opened = Gates(
        [
            frozenset((frozenset(("hall",)),)),
            frozenset((frozenset(("hall", "way")),)),
            frozenset((frozenset(("hall", "room")), frozenset(("bath",)))),
        ]
    )
    assert opened.open("the hall") == 0b001
    assert opened.open("the hall way") == 0b011
    assert opened.open("the hall room") == 0b101
    assert opened.open("a bath") == 0b100
    assert opened.open("the way to the room") == 0


@pytest.mark.parametrize(
    ("pattern", "strings"),
    [
        (r"\bhall\s+way\b", ("hall",)),  # a string every way holds: the longest (else first)
        (r"(?i)\bto (day|morrow|night)\b", ("to day", "to morrow", "to night")),
        # "upon it" holds "on it": a text holding it holds the shorter
        (r"\b(?:on|upon) (?:it|them)\b", ("on it", "on them")),
        (r"\b(?:day|days|today)\b", ("day",)),  # "days" and "today" hold "day"
        (r"\b[a-z]+\b", None),  # no gate: always run
    ],
)
def test_any_of_needed(pattern: str, strings: tuple[str, ...] | None) -> None:
    assert any_of_needed(re.compile(pattern)) == strings


def test_may_match_lets_through_a_text_outside_ascii_and_an_ungated_expression() -> None:
    assert may_match(("street",), "The Street")
    assert not may_match(("street",), "the road")
    assert may_match(("street",), "the ſtreet")  # "ſ" matches "s" with re.IGNORECASE
    assert may_match(None, "anything")


@pytest.mark.parametrize("pattern", _fixes(), ids=lambda pattern: pattern.pattern[:40])
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_match_of_a_fix_holds_one_of_its_needed_strings(
    pattern: re.Pattern[str], data: st.DataObject
) -> None:
    text = data.draw(st.from_regex(pattern, alphabet=st.characters(codec="ascii")))
    assert may_match(any_of_needed(pattern), text), (any_of_needed(pattern), text)


def _cleaned() -> list[re.Pattern[str]]:
    return list(text_module._SAID_IN)


@pytest.mark.parametrize("pattern", _cleaned(), ids=lambda pattern: pattern.pattern[:40])
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_match_of_an_expression_of_clean_holds_one_of_its_needed_strings(
    pattern: re.Pattern[str], data: st.DataObject
) -> None:
    """``text.clean`` runs an expression only on a text holding one of these strings."""
    text = data.draw(st.from_regex(pattern, alphabet=st.characters(codec="ascii")))
    assert may_match(text_module._SAID_IN[pattern], text), (text_module._SAID_IN[pattern], text)


def test_clean_skips_only_expressions_that_find_nothing() -> None:
    """Run on the hearing tests' sentences, each gated expression of ``clean`` that is not run
    finds nothing."""
    for sentence in _sentences():
        for pattern, strings in text_module._SAID_IN.items():
            if not may_match(strings, sentence):
                assert pattern.search(sentence) is None, (pattern.pattern, sentence)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    said=st.text(alphabet=st.sampled_from("ab yI,.!?;:\t\u00a0\u017f'"), max_size=60),
    filler=st.from_regex(text_module._TRAILING_FILLER),
)
def test_a_trailing_filler_is_found_where_looking_from_the_start_finds_it(
    said: str, filler: str
) -> None:
    """``clean`` looks for a trailing filler only near the end of the text (and the run of
    spaces and marks before that): what the whole expression finds from the start."""
    for text in (said, filler, said + filler, filler + said, said + filler + said[:3]):
        expected = text_module._TRAILING_FILLER.sub("", text)
        assert text_module._without_trailing_filler(text) == expected, text
