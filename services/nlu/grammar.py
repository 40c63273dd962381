"""The fast path's grammar: the sentences of ``domain.yaml`` matched against one clause.

``domain.yaml`` is hassil's template format; its sentences are parsed once with hassil's
``parse_sentence`` and walked here by a small backtracking matcher of our own: text must be
said as written (case aside), ``[x]`` may be left out, ``(a|b)`` is either, ``<rule>`` is its
expansion, a ``{slot}`` with list values is one of them, and any other ``{slot}`` is a run of
whole words that its check below must accept:

- a person (``assignee``) must be someone the store knows (a name or alias of
  ``ParseContext.people``), "me", or "him"/"her" ("his"/"her"/"my" before a noun);
- a ``duration`` must resolve with ``timeparse.resolve_duration``;
- a ``label`` is at most three plain words (for a timer question, not a word that names a
  project, task, person or time: "how much longer on the website" asks about work).

Every way a clause can be read is tried (shortest slot values first) until one passes every
check, so whatever the grammar accepts it has accounted for word by word; anything else is
``None`` and the fast path's remaining rules, then the LLM, get it. Only the intents in
``INTENTS`` are matched here, in that order (the first that accepts a clause wins).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from hassil.expression import (
    Alternative,
    Expression,
    ListReference,
    RuleReference,
    Sequence,
    TextChunk,
)
from hassil.parse_expression import parse_sentence

from services.nlu import ParseContext
from services.nlu.rules import Piece, duration_phrase
from services.nlu.text import PERSON_IT, drop_empty, is_when, known_prefix, strip_articles

DOMAIN = Path(__file__).resolve().with_name("domain.yaml")
# The intents the fast path reads with the grammar, in the order they are tried.
INTENTS = (
    "confirm",
    "cancel",
    "undo",
    "query.time",
    "query.date",
    "timer.start",
    "timer.cancel",
    "timer.query",
    "report.summary",
)
Slots = tuple[tuple[str, str], ...]
# a slot is a name, a label or a length of time, never a whole speech
MAX_SLOT_WORDS = 12
MAX_SLOT_CHARS = 120


@dataclass(frozen=True)
class Template:
    """One sentence of the grammar: what it means and the words every match must contain."""

    intent: str
    family: str
    sentence: str
    expression: Expression
    fixed: dict[str, Any]
    needs: frozenset[str]
    firsts: frozenset[str] | None  # the words a match can begin with (None: any)
    shape: re.Pattern[str]  # a regular expression every match fits (a quick filter)


@dataclass(frozen=True, eq=False)  # hashed by identity: one grammar, loaded once
class Grammar:
    """The parsed sentences, expansion rules and closed lists of ``domain.yaml``."""

    templates: tuple[Template, ...]
    rules: dict[str, Expression]
    lists: dict[str, tuple[tuple[str, str], ...]]


@dataclass(frozen=True)
class Domain:
    """``domain.yaml`` as written: its intents, parsed expansion rules and closed lists.

    The one reader of the file: the fast path (``load``) and the corpus generator
    (``training.generate``) each build their own view on it.
    """

    intents: dict[str, Any]
    rules: dict[str, Expression]
    lists: dict[str, list[tuple[str, str]]]  # in/out value lists (priority, filter)


def read_domain(path: Path = DOMAIN) -> Domain:
    """Read the grammar file and parse its expansion rules with hassil's parser."""
    data = yaml.safe_load(path.read_text())
    rules = {
        name: parse_sentence(text).expression
        for name, text in (data.get("expansion_rules") or {}).items()
    }
    lists = {
        name: [(str(v["in"]), str(v["out"])) for v in spec["values"]]
        for name, spec in data["lists"].items()
        if "values" in spec
    }
    return Domain(data["intents"], rules, lists)


@lru_cache(maxsize=1)
def load(path: Path = DOMAIN) -> Grammar:
    """Read and parse the grammar once (the intents of ``INTENTS`` only)."""
    domain = read_domain(path)
    lists = {
        name: tuple((_fold(said), value) for said, value in values)
        for name, values in domain.lists.items()
    }
    partial = Grammar((), domain.rules, lists)
    templates = tuple(
        _template(intent, block, sentence, partial)
        for intent in INTENTS
        for block in domain.intents[intent]["data"]
        for sentence in block["sentences"]
    )
    return Grammar(templates, domain.rules, lists)


def _template(intent: str, block: dict[str, Any], sentence: str, grammar: Grammar) -> Template:
    expression = parse_sentence(sentence).expression
    fixed = dict(block.get("slots") or {})
    needs = _needs(expression, grammar)
    firsts = _firsts(expression, grammar)
    shape = re.compile(rf"{_shape(expression, grammar)}\s*", re.DOTALL)
    return Template(intent, block["family"], sentence, expression, fixed, needs, firsts, shape)


def _fold(text: str) -> str:
    return " ".join(text.lower().split())


def _needs(expression: Expression, grammar: Grammar) -> frozenset[str]:
    """Return the words every match of ``expression`` contains (a cheap filter before it)."""
    if isinstance(expression, TextChunk):
        core = _fold(expression.text)
        return frozenset((core,)) if core else frozenset()
    if isinstance(expression, RuleReference):
        return _needs(grammar.rules[expression.rule_name], grammar)
    if isinstance(expression, Alternative):
        options = [_needs(item, grammar) for item in expression.items]
        return frozenset.intersection(*options) if options else frozenset()
    if isinstance(expression, Sequence):
        return frozenset().union(*(_needs(item, grammar) for item in expression.items))
    return frozenset()


def _shape(expression: Expression, grammar: Grammar) -> str:
    """Return a regular expression that every match of ``expression`` fits (looser: it does
    not check where words begin and end), so most clauses are turned away in C."""
    if isinstance(expression, TextChunk):
        core = _fold(expression.text)
        return rf"\s*{re.escape(core)}" if core else ""
    if isinstance(expression, RuleReference):
        return _shape(grammar.rules[expression.rule_name], grammar)
    if isinstance(expression, ListReference):
        values = grammar.lists.get(expression.list_name)
        if values is None:
            return rf"\s*.{{1,{MAX_SLOT_CHARS}}}?"
        return "\\s*(?:" + "|".join(re.escape(heard) for heard, _ in values) + ")"
    if isinstance(expression, Alternative):
        return "(?:" + "|".join(_shape(item, grammar) for item in expression.items) + ")"
    if isinstance(expression, Sequence):
        return "".join(_shape(item, grammar) for item in expression.items)
    return ".*"


_WORD = re.compile(r"[^\W_]*")


def _firsts(expression: Expression, grammar: Grammar) -> frozenset[str] | None:
    """Return the first words a match of ``expression`` can have (None: any word)."""
    if isinstance(expression, TextChunk):
        core = _fold(expression.text)
        word = _WORD.match(core)
        return frozenset((word.group(),)) if core and word and word.group() else None
    if isinstance(expression, RuleReference):
        return _firsts(grammar.rules[expression.rule_name], grammar)
    if isinstance(expression, ListReference):
        values = grammar.lists.get(expression.list_name)
        return _union([_firsts(TextChunk(heard), grammar) for heard, _ in values or ()])
    if isinstance(expression, Alternative):
        return _union([_firsts(item, grammar) for item in expression.items if not _empty(item)])
    if isinstance(expression, Sequence):
        firsts: list[frozenset[str] | None] = []
        for item in expression.items:
            firsts.append(_firsts(item, grammar) if not _empty(item) else frozenset())
            if not _optional(item, grammar):
                return _union(firsts)
        return None  # every part may be left out
    return None


def _union(sets: list[frozenset[str] | None]) -> frozenset[str] | None:
    if not sets or any(found is None for found in sets):
        return None
    return frozenset().union(*(found for found in sets if found is not None))


def _empty(expression: Expression) -> bool:
    return isinstance(expression, TextChunk) and not _fold(expression.text)


def _optional(expression: Expression, grammar: Grammar) -> bool:
    """True when ``expression`` can match no words at all."""
    if isinstance(expression, TextChunk):
        return not _fold(expression.text)
    if isinstance(expression, RuleReference):
        return _optional(grammar.rules[expression.rule_name], grammar)
    if isinstance(expression, Alternative):
        return any(_optional(item, grammar) for item in expression.items)
    if isinstance(expression, Sequence):
        return all(_optional(item, grammar) for item in expression.items)
    return False


# --- matching ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Said:
    """A clause as said and folded to lower case (the same length)."""

    text: str
    low: str
    grammar: Grammar


def _skip(said: _Said, pos: int) -> int:
    while pos < len(said.low) and said.low[pos] == " ":
        pos += 1
    return pos


def _words(core: str, said: _Said, pos: int) -> Iterator[int]:
    """Match literal words at ``pos``: never half a word ("undo" is not in "undone")."""
    if not core:
        yield pos
        return
    start = _skip(said, pos)
    end = start + len(core)
    low = said.low
    if not low.startswith(core, start):
        return
    if core[0].isalnum() and start > 0 and low[start - 1].isalnum():
        return
    if core[-1].isalnum() and end < len(low) and low[end].isalnum():
        return
    yield end


def _wildcard(said: _Said, pos: int) -> Iterator[tuple[int, str]]:
    """Yield every run of whole words from ``pos``, shortest first, up to MAX_SLOT_WORDS."""
    start = _skip(said, pos)
    low = said.low
    end = start
    words = 0
    stop = min(len(low), start + MAX_SLOT_CHARS)
    while end < stop and words < MAX_SLOT_WORDS:
        end += 1
        if end == len(low) or not low[end].isalnum():
            if low[end - 1] != " ":
                yield end, said.text[start:end]
            if end < len(low) and low[end] == " " and low[end - 1] != " ":
                words += 1


def _walk(expression: Expression, said: _Said, pos: int) -> Iterator[tuple[int, Slots]]:
    """Yield (end, slots) for every way ``expression`` matches the clause from ``pos``."""
    if isinstance(expression, TextChunk):
        yield from ((end, ()) for end in _words(_fold(expression.text), said, pos))
    elif isinstance(expression, ListReference):
        yield from _slot(expression.slot_name, expression.list_name, said, pos)
    elif isinstance(expression, RuleReference):
        yield from _walk(said.grammar.rules[expression.rule_name], said, pos)
    elif isinstance(expression, Alternative):
        for item in expression.items:
            yield from _walk(item, said, pos)
    elif isinstance(expression, Sequence):
        yield from _sequence(expression.items, 0, said, pos)


def _sequence(items: list[Expression], index: int, said: _Said, pos: int) -> Iterator[Any]:
    if index == len(items):
        yield pos, ()
        return
    for end, slots in _walk(items[index], said, pos):
        for last, more in _sequence(items, index + 1, said, end):
            yield last, slots + more


def _slot(slot: str, list_name: str, said: _Said, pos: int) -> Iterator[tuple[int, Slots]]:
    values = said.grammar.lists.get(list_name)
    if values is None:
        yield from ((end, ((slot, value),)) for end, value in _wildcard(said, pos))
        return
    for heard, meant in values:
        yield from ((end, ((slot, meant),)) for end in _words(heard, said, pos))


# --- slot checks ------------------------------------------------------------------------

_POSSESSIVE = {"my": "me", "me": "me", "his": PERSON_IT, "her": PERSON_IT, "their": PERSON_IT}
_PRONOUN = frozenset(("him", "her", "them", "he", "she", "they"))
_LABEL = re.compile(r"[\w' -]+")
MAX_LABEL_WORDS = 3
# words that are the request's, not a timer's name ("I want to start a timer": no label)
_NOT_LABEL = frozenset(("a", "an", "the", "to", "for", "of", "on", "me", "us", "my", "timer"))


def _person(value: str, intent: str, context: ParseContext) -> Any:
    """A known person or alias (as said), "me", or "him"/"her"/"she"; None for anyone else."""
    said = re.sub(r"(?<=\w)(?:'s|s')$", "", value.strip())
    lowered = said.lower()
    if lowered in _POSSESSIVE:
        return _POSSESSIVE[lowered]
    if lowered in _PRONOUN:
        return PERSON_IT
    return said if known_prefix(said, context.people) == said else None


def _duration(value: str, intent: str, context: ParseContext) -> Any:
    return duration_phrase(value)


def _label(value: str, intent: str, context: ParseContext) -> Any:
    label = strip_articles(value)
    words = label.lower().split()
    if not _LABEL.fullmatch(label) or len(words) > MAX_LABEL_WORDS or _NOT_LABEL & set(words):
        return None
    if intent == "timer.query" and _names_other(label, context):
        return None  # "how much longer on the website": about work, not a timer
    return label


def _names_other(words: str, context: ParseContext) -> bool:
    """True when ``words`` name a project, a word of a task, a person or a time."""
    key = f" {words.lower()} "
    return (
        any(key == f" {name.lower()} " for name in context.projects)
        or any(key in f" {title.lower()} " for title in context.tasks)
        or known_prefix(words, context.people) is not None
        or is_when(words)
    )


Check = Callable[[str, str, ParseContext], Any]
CHECKS: dict[str, Check] = {"assignee": _person, "duration": _duration, "label": _label}


def _params(template: Template, slots: Slots, context: ParseContext) -> dict[str, Any] | None:
    """Check every slot value said; None when one is not acceptable."""
    params = dict(template.fixed)
    for name, value in slots:
        check = CHECKS.get(name)
        if params.get(name):
            return None  # one parameter said twice
        checked = check(value, template.intent, context) if check else value
        if checked is None:
            return None
        params[name] = checked
    return drop_empty(params)


@lru_cache(maxsize=4096)
def _candidates(word: str, grammar: Grammar) -> tuple[Template, ...]:
    """The templates a clause beginning with ``word`` may match, in order."""
    return tuple(t for t in grammar.templates if t.firsts is None or word in t.firsts)


def match(text: str, context: ParseContext) -> tuple[str, list[Piece]] | None:
    """Return (family, pieces) for the first reading of ``text`` the grammar fully accounts
    for, or None."""
    grammar = load()
    low = text.lower()
    said = _Said(text if len(low) == len(text) else low, low, grammar)
    first = _WORD.match(said.low.lstrip())
    for template in _candidates(first.group() if first else "", grammar):
        if not all(needed in said.low for needed in template.needs):
            continue
        if not template.shape.fullmatch(said.low):
            continue
        for end, slots in _walk(template.expression, said, 0):
            if _skip(said, end) != len(said.low):
                continue
            params = _params(template, slots, context)
            if params is not None:
                return template.family, [Piece(template.intent, params)]
    return None
