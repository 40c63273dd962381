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
  project, task, person or time: "how much longer on the website" asks about work);
- a ``task`` is a name as ``text.task_ref`` reads it, never a clause ("the flowers can't
  start until ..."), or two said together ("the gate and the flowers": one action each);
- a ``known_task`` (``{known_task:task}``: the list names the check, the slot the parameter)
  must name a task the store knows, or be "it"; a ``named_task`` the same, but not "it";
- a ``blocker`` (what a task waits for) is one task as ``task`` reads it, never a time; a
  dependency is never a task waiting for itself, nor one said by a name no known task has
  ("Kofi can't start until ...");
- ``titles`` (new subtasks) are items said one after another, never parts the model has to
  think of ("into smaller steps");
- a ``project`` a question names must be one the store has, when it has any ("what's on the
  web sight project": misheard, the model may know); a ``known_project`` is one said in full,
  or said short with "the" when one known name holds it ("for the panto": Christmas panto);
- a ``known_person`` is a known name or alias, or the first name of just one known person;
- a message's ``recipient`` is a person as ``assignee`` is, never "me" ("tell me a joke"),
  and never part of a longer known name ("Priya" of "Priya Shah ..."); its ``text`` is not
  empty and holds nothing the router's slot checks find (a second request joined on);
- a reminder's ``when`` is a whole time phrase ("on tomorrow" is not: "switch the heating on
  tomorrow"), and a reminder has a time or a deadline to come before; before a deadline its
  text is the task's name, as the corpus writes it;
- a meeting's ``attendees`` are people the store knows (or him/her), the speaker left out
  ("Sam and me": Sam), never no one ("the caterers and I", "everyone": the model's); a second
  list (``{attendees:others}``, "Sam and I need to catch up with Jo") joins the first; its
  ``title`` (a topic) is a few plain words, never a time, a state or a second request; its
  ``location`` is a short place, never a time ("at 2") or the diary;
- the items of a list (``titles`` of ``task.create``: "add milk and eggs to the shopping
  list") are new tasks, one each, never a pronoun ("put it back on the list"), a time or
  what the router's slot checks find; "my to-do list" is no project;
- a new project's ``name`` is a few words as ``text.project_ref`` reads them ("the wedding
  list": "wedding"), never "it", a time, a clause ("of what we need") or a second request; a
  new list said with ``titles`` ("start a packing list with passport and chargers") is the
  project and one new task on it for each;
- an ``aside`` (a reason, or why the change before it is what it is) fills no parameter: its
  ``reason`` is words holding no second request, its ``subject`` one or two plain words, its
  ``habit`` opens with an "-ing" word ("keeps getting out"), its ``deed`` is a thing done
  ("rung", "sent", "dealt with");
- a ``modifier`` (a detail of the new task said before it) holds one of its parameters: a
  ``due`` time, a known ``assignee``, a ``priority``, ``tags`` (a few plain words each) or a
  ``project`` said as a list; a time said alone (family ``bare_when``) is no change by itself.

A slot in ``SAID_ONLY`` is said but fills no parameter: ``{state}`` must say that the task is
done ("the venue is booked" for "book the venue"), ``{state:blocker_state}`` that what a task
waits for is ("until the venue's confirmed"), ``{assignee:someone}`` is a known person
("Alex finished the catering", "take it off Jo and give it to Sam").

Every way a clause can be read is tried (shortest slot values first; a value is checked as
it is matched, once per clause) until one passes every check, so whatever the grammar
accepts it has accounted for word by word; anything else is ``None`` and the LLM gets it.
Only the intents in ``INTENTS`` are matched here, in that order (the first that accepts a
clause wins).

A new task's ``title`` (and ``todo``, ``duty``, ``noted``, ``put_down``, ``plain``: a title
said as a thing to do, of a person, in a note, after a bare "add") is checked by
``titles.py``; the details said after it in the same clause are slots of their own, so a
title never holds a time, a list, a priority, a person given the task or a second clause. A
fixed value in ``STAND_INS`` names what an earlier clause of the command made ("put A and B
in it", "another to ...", "... that waits for it") or the two tasks it named ("..., both by
Friday"); the assembler resolves it. A ``task.assign`` said with a ``due`` ("put Kit on the hymn
sheets for Friday") is two actions: the task given and its deadline set.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache
from itertools import islice
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

from services.nlu import ParseContext, titles
from services.nlu.commands import Action
from services.nlu.fields import (
    AMONG_NEW,
    BOTH_TASKS,
    DOING_WORDS,
    DONE_WORDS,
    FIRST_OF_TWO,
    NEW_PROJECT,
    NEW_TASK,
    OTHER_OF_TWO,
    PREVIOUS_TASK,
    SAID_AGAIN,
    SAME_PROJECT,
    SAME_TEXT,
    SECOND_OF_TWO,
    TASK_SAID,
    is_known_task,
    is_known_verb,
    is_participle,
    known_task,
    same_known_task,
    says_doing,
    says_done,
    statement_title,
    task_parts,
    verb_of_any,
    verb_of_participle,
)
from services.nlu.hearing import HOURS_HEARD
from services.nlu.llm_vet import (
    matches_known,
    may_open_name_by_sound,
    person_by_sound,
    project_holding,
    respell,
    respell_person,
    respell_project,
)
from services.nlu.memo import by_identity
from services.nlu.pieces import MODIFIER, Piece, duration_phrase, duration_said
from services.nlu.regex_gate import any_of_needed, may_match
from services.nlu.slots import TASK_VERBS, has_findings, is_a_gift, two_doings
from services.nlu.sounds import EDGE_WORDS, opens_a_name_heard, person_heard_as
from services.nlu.text import (
    PARTICLE_ON,
    PERSON_IT,
    PRIORITY_WORDS,
    PROJECT_IT,
    TASK_IT,
    day_phrase_after_to,
    drop_empty,
    folded,
    holds_unread_when,
    is_when,
    known_prefix,
    person_ref,
    project_ref,
    split_items,
    strip_articles,
    task_ref,
    when_phrase,
)
from services.nlu.timeparse import (
    CLOCK_HOURS,
    MINUTES_SAID,
    MONTHS,
    NAMED_DAYS,
    WHEN_PATTERN,
    find_when,
    says_day_or_clock,
)

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
    "query.tasks",
    "query.count",
    "message.send",
    "reminder.create",
    "meeting.schedule",
    "project.create",
    "task.delete_all",
    # before assign: "Sam will take over Jo's work" is all of it, not a task "Jo's work"
    "task.reassign_all",
    # reopen first: "mark it as not done" is not "mark <it as not> done"; start before
    # complete: "I've got going on the gate" is not "I've got <going on the gate>"
    "task.reopen",
    "task.start",
    "task.complete",
    "task.cancel",
    "task.set_priority",
    "task.assign",
    # a deadline before a new name: "change the venue to Friday" moves it
    "task.set_due",
    "task.rename",
    "task.delete",
    "task.add_dependency",
    "task.add_subtasks",
    # new tasks: said as one, on a list, as a thing to do, in a note, for a person
    "task.create",
    # said beside a change, or a detail of the new task before it: last, so any change the
    # words make is read first
    "aside",
    "modifier",
)

# intents whose task is followed by words a name can hold: a clause read with two different
# tasks is not understood ("rename the trip to Paris to ...": "trip" or "trip to Paris"?,
# "move the wash up to Friday": "wash" or "wash up"?)
ONE_TASK_ONLY = frozenset(("task.rename", "task.set_due"))
# fixed values that name what an earlier clause of the command made ("..., put A and B in
# it", "..., then another to plant the bulbs that waits for it"); the fast path's alone
STAND_INS = {
    "<new project>": NEW_PROJECT,
    "<same project>": SAME_PROJECT,
    "<previous task>": PREVIOUS_TASK,
    "<first of two>": FIRST_OF_TWO,
    "<second of two>": SECOND_OF_TWO,
    "<other of two>": OTHER_OF_TWO,
    "<among new>": AMONG_NEW,
    "<both tasks>": BOTH_TASKS,
    "<new task>": NEW_TASK,
    "<that task>": TASK_IT,  # "it" of a slot other than ``task``: the task "it" names
    "<task said>": TASK_SAID,
    "<said again>": SAID_AGAIN,
    "<same text>": SAME_TEXT,
    "<that person>": PERSON_IT,  # "shift the lot over to Seun": whose, the one just named
}
# how many more readings of such a clause are looked at for another task
MAX_READINGS = 64
Slots = tuple[tuple[str, str, str], ...]  # (slot, list, value as said)
# a slot is a name, a label or a length of time, never a whole speech
MAX_SLOT_WORDS = 12
MAX_SLOT_CHARS = 120
# but a list of new subtasks is several titles ("into design the card, print the cards and
# post them")
LONG_SLOTS = {
    "titles": (40, 320),
    "verb_titles": (40, 320),
    "doings": (40, 320),
}  # list name: (words, characters)


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
    # for each part of the sentence always said in words: the words of which every match
    # says one ("is", "are", "has"), to turn most clauses away by a look-up
    keys: tuple[frozenset[str], ...] = ()
    lasts: frozenset[str] | None = None  # the words a match can end with (None: any)
    # for a shape that opens with a run of any words (a slot said first), which ``fullmatch``
    # tries at every place: strings one of which every match of the shape holds, looked for
    # first (``regex_gate.any_of_needed``; None: the shape is always tried)
    said_in: tuple[str, ...] | None = None
    # for each slot every match says whose check asks its value to hold a match of a regular
    # expression (``CHECKED_IN``): strings one of which the clause holds, or none of its
    # values can (the aside "[but|as] {denied:statement}" is tried at nearly every clause)
    slots_said_in: tuple[tuple[str, ...], ...] = ()


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
    fixed = {
        name: TASK_IT if name == "task" and value == "it" else _stand_in(value)
        for name, value in (block.get("slots") or {}).items()
    }
    needs = _needs(expression, grammar)
    firsts = _firsts(expression, grammar)
    shape = re.compile(rf"{_shape(expression, grammar)}\s*", re.DOTALL)
    keys = _keys(expression, grammar)
    lasts = _lasts(expression, grammar)
    said_in = any_of_needed(shape) if shape.pattern.startswith(_ANY_WORDS_FIRST) else None
    slots_said_in = tuple(
        strings
        for list_name in sorted(_said_lists(expression, grammar))
        if list_name in CHECKED_IN and list_name not in grammar.lists
        for strings in (any_of_needed(CHECKED_IN[list_name]),)
        if strings is not None
    )
    return Template(
        intent,
        block["family"],
        sentence,
        expression,
        fixed,
        needs,
        firsts,
        shape,
        keys,
        lasts,
        said_in,
        slots_said_in,
    )


_ANY_WORDS_FIRST = ".*?"  # how a shape that opens with a run of any words begins


def _stand_in(value: Any) -> Any:
    return STAND_INS.get(value, value) if isinstance(value, str) else value


def _keys(expression: Expression, grammar: Grammar) -> tuple[frozenset[str], ...]:
    """Return, for each part of the sentence said in words only (no slot) that cannot be left
    out, the first words of its ways of saying it: every match says one word of each ("is",
    "are" or "has" for "(is|are|has been)"; "task", "to-do", "item" ... for a new task's
    word), so most clauses are turned away by a look-up."""
    keys = []
    for item in _items(expression, grammar):
        options = None if _optional(item, grammar) else _literals(item, grammar)
        firsts = [_TOKEN.findall(option)[:1] for option in options or ()]
        if firsts and all(firsts):
            keys.append(frozenset(first[0] for first in firsts))
    return tuple(dict.fromkeys(keys))


def _items(expression: Expression, grammar: Grammar) -> Iterator[Expression]:
    """Yield the parts of a sentence in order, expansion rules that are sequences opened."""
    if isinstance(expression, RuleReference):
        rule = grammar.rules[expression.rule_name]
        yield from _items(rule, grammar) if isinstance(rule, Sequence) else (expression,)
    elif isinstance(expression, Sequence):
        for item in expression.items:
            yield from _items(item, grammar)
    else:
        yield expression


def _literals(expression: Expression, grammar: Grammar) -> frozenset[str] | None:
    """Return every way ``expression`` can be said when it has no slot, else None."""
    if isinstance(expression, TextChunk):
        return frozenset((_fold(expression.text),))
    if isinstance(expression, RuleReference):
        return _literals(grammar.rules[expression.rule_name], grammar)
    if isinstance(expression, Alternative):
        options = [_literals(item, grammar) for item in expression.items]
        if any(found is None for found in options):
            return None
        return frozenset().union(*(found for found in options if found is not None))
    if isinstance(expression, Sequence):
        chunks = [item for item in expression.items if isinstance(item, TextChunk)]
        if len(chunks) == len(expression.items):
            return frozenset((_fold("".join(chunk.text for chunk in chunks)),))
    return None


# a word, or the part of one after an apostrophe ("catering's" is "catering" and "'s")
_TOKEN = re.compile(r"[^\W_]+|'[^\W_]+")


def _tokens(low: str) -> frozenset[str]:
    """The words of a clause, a word after an apostrophe both with it and without ("'to")."""
    found = _TOKEN.findall(low)
    return frozenset((*found, *(token[1:] for token in found if token.startswith("'"))))


@lru_cache(maxsize=4096)  # the walk folds the same few hundred literals again and again
def _fold(text: str) -> str:
    return " ".join(text.lower().split())


def _said_lists(expression: Expression, grammar: Grammar) -> frozenset[str]:
    """Return the lists of the slots every match of ``expression`` fills."""
    return _in_every_match(expression, grammar, _list_of)


def _needs(expression: Expression, grammar: Grammar) -> frozenset[str]:
    """Return the words every match of ``expression`` contains (a cheap filter before it)."""
    return _in_every_match(expression, grammar, _words_of)


def _in_every_match(
    expression: Expression, grammar: Grammar, found_in: Callable[[Expression], frozenset[str]]
) -> frozenset[str]:
    """Return what ``found_in`` finds in the parts of ``expression`` that every match of it
    says: each of a sequence's parts, only what all the options of an alternative share (an
    optional part is an alternative with nothing said)."""
    if isinstance(expression, RuleReference):
        return _in_every_match(grammar.rules[expression.rule_name], grammar, found_in)
    if isinstance(expression, Alternative):
        options = [_in_every_match(item, grammar, found_in) for item in expression.items]
        return frozenset.intersection(*options) if options else frozenset()
    if isinstance(expression, Sequence):
        return frozenset().union(
            *(_in_every_match(item, grammar, found_in) for item in expression.items)
        )
    return found_in(expression)


def _list_of(expression: Expression) -> frozenset[str]:
    if isinstance(expression, ListReference):
        return frozenset((expression.list_name,))
    return frozenset()


def _words_of(expression: Expression) -> frozenset[str]:
    if isinstance(expression, TextChunk):
        core = _fold(expression.text)
        return frozenset((core,)) if core else frozenset()
    return frozenset()


# how many runs of any words a shape holds before the rest is left to the walk: a failing
# regular expression backtracks through every way of splitting the clause among its runs
MAX_SHAPE_RUNS = 3
_ANY = "any"  # a part of a shape that any words fill (a slot, or a choice holding one)
_OPTIONAL = "optional"  # words that may be left out
_SAID = "said"  # words that are always said


def _shape(expression: Expression, grammar: Grammar) -> str:
    """Return a regular expression that every match of ``expression`` fits, so most clauses
    are turned away in C: its words in order, and a run of any words for each slot, each
    choice holding a slot and the words left out or not around them. Looser than the
    sentence (it does not check where words begin and end, nor slot lengths), and bounded:
    slots said one after another are one run, and after ``MAX_SHAPE_RUNS`` runs the rest is
    any words (a new task's title and three details, each a run of up to 120 characters,
    took seconds to turn "add add add ..." away)."""
    pattern: list[tuple[str, str]] = []
    runs = 0
    is_in_run = False
    for regex, kind in _shape_parts(expression, grammar):
        if kind == _ANY:
            while pattern and pattern[-1][1] == _OPTIONAL:
                pattern.pop()  # "[the] {task}": a run of any words holds the "the"
            is_in_run = True
        elif is_in_run and kind == _OPTIONAL:
            continue
        elif is_in_run:
            runs += 1
            if runs > MAX_SHAPE_RUNS:
                return "".join(regex for regex, _kind in pattern) + ".*"
            pattern.append((".*?", _ANY))
            pattern.append((regex, kind))
            is_in_run = False
        else:
            pattern.append((regex, kind))
    return "".join(regex for regex, _kind in pattern) + (".*" if is_in_run else "")


def _shape_parts(expression: Expression, grammar: Grammar) -> list[tuple[str, str]]:
    """Return the parts of ``expression``'s shape in order: (regular expression, kind)."""
    if isinstance(expression, TextChunk):
        core = _fold(expression.text)
        return [(rf"\s*{re.escape(core)}", _SAID)] if core else []
    if isinstance(expression, RuleReference):
        return _shape_parts(grammar.rules[expression.rule_name], grammar)
    if isinstance(expression, ListReference):
        values = grammar.lists.get(expression.list_name)
        if values is None:
            return [("", _ANY)]
        return [("\\s*(?:" + "|".join(re.escape(heard) for heard, _ in values) + ")", _SAID)]
    if isinstance(expression, Sequence):
        return [part for item in expression.items for part in _shape_parts(item, grammar)]
    if isinstance(expression, Alternative) and not _holds_open_slot(expression, grammar):
        options = ("".join(regex for regex, _kind in _shape_parts(item, grammar))
                   for item in expression.items)  # fmt: skip
        regex = "(?:" + "|".join(options) + ")"
        return [(regex, _OPTIONAL if _optional(expression, grammar) else _SAID)]
    return [("", _ANY)]


def _holds_open_slot(expression: Expression, grammar: Grammar) -> bool:
    """True when ``expression`` holds a slot filled by any words (a list with no values)."""
    if isinstance(expression, ListReference):
        return expression.list_name not in grammar.lists
    if isinstance(expression, RuleReference):
        return _holds_open_slot(grammar.rules[expression.rule_name], grammar)
    if isinstance(expression, (Alternative, Sequence)):
        return any(_holds_open_slot(item, grammar) for item in expression.items)
    return False


_WORD = re.compile(r"[^\W_]*")
_LAST_WORD = re.compile(r"[^\W_]*$")


def _firsts(expression: Expression, grammar: Grammar) -> frozenset[str] | None:
    """Return the first words a match of ``expression`` can have (None: any word)."""
    return _edge_words(expression, grammar, at_end=False)


def _lasts(expression: Expression, grammar: Grammar) -> frozenset[str] | None:
    """Return the last words a match of ``expression`` can have (None: any word)."""
    return _edge_words(expression, grammar, at_end=True)


def _edge_words(expression: Expression, grammar: Grammar, at_end: bool) -> frozenset[str] | None:
    """Return the words a match of ``expression`` can start (or end) with (None: any word)."""
    if isinstance(expression, TextChunk):
        # words opening (or ending) with a mark ("'s", ","): the word there is "", as
        # ``_next_word`` reads it before the mark and the sieve at a clause's edge
        core = _fold(expression.text)
        word = _LAST_WORD.search(core) if at_end else _WORD.match(core)
        return frozenset((word.group(),)) if core and word else None
    if isinstance(expression, RuleReference):
        return _edge_words(grammar.rules[expression.rule_name], grammar, at_end)
    if isinstance(expression, ListReference):
        values = grammar.lists.get(expression.list_name)
        return _union([_edge_words(TextChunk(heard), grammar, at_end) for heard, _ in values or ()])
    if isinstance(expression, Alternative):
        return _union(
            [_edge_words(item, grammar, at_end) for item in expression.items if not _empty(item)]
        )
    if isinstance(expression, Sequence):
        edges: list[frozenset[str] | None] = []
        for item in reversed(expression.items) if at_end else expression.items:
            edges.append(_edge_words(item, grammar, at_end) if not _empty(item) else frozenset())
            if not _optional(item, grammar):
                return _union(edges)
    return None  # every part may be left out


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
    context: ParseContext | None = None
    intent: str = ""  # the sentence being walked
    # slot values checked so far, shared by every sentence tried on this clause (and by the
    # other clauses of the utterance, when the caller passes them on)
    checked: dict[tuple[str, str, str], Any] = field(default_factory=dict)
    # the ways an expansion rule holding a slot matches from a place, by (rule, place, intent,
    # what may follow): a new task's details are walked from the same places for every length
    # of its title; a rule of words only is kept under intent "" (``_words_walked``)
    walked: dict[tuple[str, int, str, frozenset[str] | None], list[tuple[int, Slots]]] = field(
        default_factory=dict
    )
    # the word said next from each place read so far (``_next_word``), for every sentence
    next_words: dict[int, str] = field(default_factory=dict)

    def walked_by(self, intent: str) -> _Said:
        """The same clause for another sentence, sharing the checked values (not
        ``dataclasses.replace``: it costs more than most walks)."""
        return _Said(
            self.text,
            self.low,
            self.grammar,
            self.context,
            intent,
            self.checked,
            self.walked,
            self.next_words,
        )


def _said(
    text: str,
    grammar: Grammar,
    context: ParseContext | None = None,
    checked: dict[tuple[str, str, str], Any] | None = None,
) -> _Said:
    low = text.lower()
    said = text if len(low) == len(text) else low
    return _Said(said, low, grammar, context, checked=checked if checked is not None else {})


def _skip(said: _Said, pos: int) -> int:
    while pos < len(said.low) and said.low[pos] == " ":
        pos += 1
    return pos


def _next_word(said: _Said, pos: int) -> str:
    """The word said next from ``pos`` ("" at the end of the clause, or before a mark), as
    ``_WORD`` reads it after the spaces; found once per place of a clause, not once per
    sentence and slot that asks."""
    word = said.next_words.get(pos)
    if word is None:
        found = _WORD.match(said.low, _skip(said, pos))
        word = said.next_words[pos] = found.group() if found else ""
    return word


def _word_end(core: str, said: _Said, pos: int) -> int:
    """Where literal words said at ``pos`` end, or -1 when they are not: never half a word
    ("undo" is not in "undone")."""
    if not core:
        return pos
    low = said.low
    start = pos  # (``_skip``, said here: the walk asks this more than anything else)
    while start < len(low) and low[start] == " ":
        start += 1
    end = start + len(core)
    if not low.startswith(core, start):
        return -1
    if core[0].isalnum() and start > 0 and low[start - 1].isalnum():
        return -1
    if core[-1].isalnum() and end < len(low) and low[end].isalnum():
        return -1
    return end


def _said_here(core: str, said: _Said, pos: int) -> tuple[tuple[int, Slots], ...]:
    """The one match of literal words at ``pos`` (none when they are not said there), for the
    walk to yield from without a generator of its own."""
    end = _word_end(core, said, pos)
    return ((end, ()),) if end >= 0 else ()


@lru_cache(maxsize=256)  # the clauses of the utterances being read
def _word_ends(low: str) -> tuple[int, ...]:
    """Every place in ``low`` where a word may end: before a character that is no letter or
    digit, and the end (a wildcard's runs end only there)."""
    return tuple(end for end in range(1, len(low) + 1) if end == len(low) or not low[end].isalnum())


def _wildcard(
    said: _Said, pos: int, limits: tuple[int, int] = (MAX_SLOT_WORDS, MAX_SLOT_CHARS)
) -> Iterator[tuple[int, str]]:
    """Yield every run of whole words from ``pos``, shortest first, up to ``limits`` (words,
    characters)."""
    start = _skip(said, pos)
    low = said.low
    words = 0
    stop = min(len(low), start + limits[1])
    ends = _word_ends(low)
    # the places a word may end after ``start``, read in order (the characters between
    # change nothing); the words counted at each, as a walk of every character would
    for at in range(bisect_right(ends, start), len(ends)):
        end = ends[at]
        if end > stop or words >= limits[0]:
            return
        if low[end - 1] != " ":
            yield end, said.text[start:end]
        if end < len(low) and low[end] == " " and low[end - 1] != " ":
            words += 1


# what may follow the end of a clause: no word (``_WORD`` finds "" there)
END = frozenset(("",))
Follow = frozenset[str] | None  # the words that can follow a match (None: any word)


def _walk(
    expression: Expression, said: _Said, pos: int, follow: Follow = None
) -> Iterator[tuple[int, Slots]]:
    """Yield (end, slots) for every way ``expression`` matches the clause from ``pos``;
    ``follow``: the words that can come after it ("" the end of the clause), so that a slot's
    words are checked only where the rest of the sentence can follow them."""
    if isinstance(expression, TextChunk):
        yield from _said_here(_fold(expression.text), said, pos)
    elif isinstance(expression, ListReference):
        yield from _slot(expression.slot_name, expression.list_name, said, pos, follow)
    elif isinstance(expression, RuleReference):
        name = expression.rule_name
        if not _has_slot(name, said.grammar):
            yield from _words_walked(name, said, pos)
            return
        key = (name, pos, said.intent, follow)
        if key not in said.walked:
            said.walked[key] = list(_walk(said.grammar.rules[name], said, pos, follow))
        yield from said.walked[key]
    elif isinstance(expression, Alternative):
        choices = _choices(expression, said.grammar)
        word = _next_word(said, pos)  # (``_WORD`` matches everywhere, if only "")
        if choices is None:
            # try only the choices that can open with this word (a new task's details: "for
            # <list>", "priority {priority}", "tagged {tags}", {due} ...)
            for item, firsts in _openings(expression, said.grammar):
                if firsts is None or word in firsts:
                    yield from _walk(item, said, pos, follow)
            return
        # words only ("[can you|could you|...]"): try just the choices said with this word
        for core in _said_with(expression, choices, word):
            yield from _said_here(core, said, pos)
    elif isinstance(expression, Sequence):
        yield from _sequence(expression.items, said, pos, follow)


def _words_walked(rule: str, said: _Said, pos: int) -> list[tuple[int, Slots]]:
    """The ways expansion rule ``rule``, words only, matches from ``pos``: found once per
    clause and place for every sentence that opens with it ("<ask>", "<create_verb>"), as
    they depend on neither the sentence nor what follows."""
    key = (rule, pos, "", None)
    found = said.walked.get(key)
    if found is None:
        found = said.walked[key] = list(_walk(said.grammar.rules[rule], said, pos))
    return found


@lru_cache(maxsize=256)
def _has_slot(rule: str, grammar: Grammar) -> bool:
    """True when expansion rule ``rule`` holds a slot (its matches are worth keeping)."""
    return _holds_slot(grammar.rules[rule], grammar)


def _holds_slot(expression: Expression, grammar: Grammar) -> bool:
    if isinstance(expression, ListReference):
        return True
    if isinstance(expression, RuleReference):
        return _has_slot(expression.rule_name, grammar)
    if isinstance(expression, (Alternative, Sequence)):
        return any(_holds_slot(item, grammar) for item in expression.items)
    return False


_CHOICES: dict[int, dict[str, tuple[tuple[int, str], ...]] | None] = {}


def _choices(
    expression: Alternative, grammar: Grammar
) -> dict[str, tuple[tuple[int, str], ...]] | None:
    """The choices of an alternative of words only, by their first word (in order, with
    their place); "" holds those that open with no word (an apostrophe, or nothing)."""
    key = id(expression)  # the grammar's expressions live as long as the process
    if key not in _CHOICES:
        options = [_literals(item, grammar) for item in expression.items]
        if any(found is None or len(found) != 1 for found in options):
            _CHOICES[key] = None
        else:
            by_word: dict[str, list[tuple[int, str]]] = {"": []}
            for index, found in enumerate(options):
                core = next(iter(found or ()))
                first = _WORD.match(core)
                by_word.setdefault(first.group() if first else "", []).append((index, core))
            _CHOICES[key] = {word: tuple(cores) for word, cores in by_word.items()}
    return _CHOICES[key]


_SAID_WITH: dict[tuple[int, str], tuple[Alternative, tuple[str, ...]]] = {}


def _said_with(
    expression: Alternative, choices: dict[str, tuple[tuple[int, str], ...]], word: str
) -> tuple[str, ...]:
    """The choices of an alternative of words only that a clause saying ``word`` next may
    match, in their order (sorted once per alternative and word, not on every visit). A word
    no choice opens with is kept as "" (the same choices), so the cache holds the grammar's
    own words only, however many words a long-running daemon hears."""
    word = word if word in choices else ""
    found = _SAID_WITH.get((id(expression), word))
    if found is None or found[0] is not expression:  # kept with it: an id may be reused
        cores = sorted(choices.get(word, ()) + choices[""] if word else choices[""])
        found = _SAID_WITH[id(expression), word] = (expression, tuple(c for _, c in cores))
    return found[1]


Openings = tuple[tuple[Expression, frozenset[str] | None], ...]
_OPENINGS: dict[int, tuple[Alternative, Openings]] = {}


def _openings(expression: Alternative, grammar: Grammar) -> Openings:
    """The choices of an alternative, each with the words it can open with (None: any)."""
    found = _OPENINGS.get(id(expression))
    if found is None or found[0] is not expression:  # kept with it: an id may be reused
        openings = tuple((item, _firsts(item, grammar)) for item in expression.items)
        found = _OPENINGS[id(expression)] = (expression, openings)
    return found[1]


def _sequence(
    items: list[Expression], said: _Said, pos: int, follow: Follow
) -> Iterator[tuple[int, Slots]]:
    """Yield (end, slots) for every way the parts ``items`` match one after another from
    ``pos``, in the order a recursive walk would (each way of a part, then every way of the
    rest after it), but from one generator: a stack of the parts' walks, not a generator per
    part and place that every match of the last part is handed up through."""
    if not items:
        yield pos, ()
        return
    last = len(items) - 1
    plan = _plan(items, said.grammar)
    none: Slots = ()
    stack = [(_part(plan, items, 0, said, pos, follow), none)]
    while stack:
        walked, before = stack[-1]
        found = next(walked, None)
        if found is None:
            stack.pop()
            continue
        end, slots = found
        if len(stack) > last:  # the last part: a match of the whole sequence
            yield end, before + slots
        else:
            stack.append((_part(plan, items, len(stack), said, end, follow), before + slots))


# how a part of a sequence is walked (``_plan``): words, a slot, an expansion rule of words
# only, an alternative of words only, anything else
_CHUNK, _SLOT, _WORDS, _CHOICE, _OTHER = range(5)
Plan = tuple[tuple[int, Any, Any], ...]
_PLANS: dict[int, tuple[list[Expression], Plan]] = {}


def _plan(items: list[Expression], grammar: Grammar) -> Plan:
    """How each part of a sequence is walked: (kind, and what the walk of that kind needs),
    read once per sequence rather than at every place a walk reaches it."""
    found = _PLANS.get(id(items))
    if found is None or found[0] is not items:  # kept with them: an id may be reused
        steps: list[tuple[int, Any, Any]] = []
        for item in items:
            if isinstance(item, TextChunk):
                steps.append((_CHUNK, _fold(item.text), None))
            elif isinstance(item, ListReference):
                steps.append((_SLOT, item.slot_name, item.list_name))
            elif isinstance(item, RuleReference) and not _has_slot(item.rule_name, grammar):
                steps.append((_WORDS, item.rule_name, None))
            elif isinstance(item, Alternative) and _choices(item, grammar) is not None:
                steps.append((_CHOICE, item, _choices(item, grammar)))
            else:
                steps.append((_OTHER, item, None))
        found = _PLANS[id(items)] = (items, tuple(steps))
    return found[1]


def _part(
    plan: Plan, items: list[Expression], index: int, said: _Said, pos: int, follow: Follow
) -> Iterator[tuple[int, Slots]]:
    """The ways part ``index`` of a sequence matches from ``pos`` (``follow``: what may follow
    the sequence)."""
    kind, first, second = plan[index]
    if kind == _CHUNK:
        return iter(_said_here(first, said, pos))
    if kind == _SLOT:
        return _slot(first, second, said, pos, _follow(items, index, follow, said.grammar))
    if kind == _WORDS:
        return iter(_words_walked(first, said, pos))
    if kind == _CHOICE:  # as ``_walk`` reads an alternative of words only
        cores = _said_with(first, second, _next_word(said, pos))
        return iter([(end, ()) for core in cores if (end := _word_end(core, said, pos)) >= 0])
    return _walk(first, said, pos, _follow(items, index, follow, said.grammar))


_FOLLOWS: dict[tuple[int, int, Follow], tuple[list[Expression], Follow]] = {}


def _follow(items: list[Expression], index: int, after: Follow, grammar: Grammar) -> Follow:
    """The words that can follow part ``index`` of a sequence that ``after`` follows: the
    words the rest of the sequence can open with, and ``after`` when all of it may be left
    out (None: any word)."""
    key = (id(items), index, after)
    found = _FOLLOWS.get(key)
    if found is None or found[0] is not items:  # kept with them: an id may be reused
        opens: list[Follow] = []
        for item in items[index + 1 :]:
            if not _empty(item):
                opens.append(_firsts(item, grammar))
            if not _optional(item, grammar):
                break
        else:
            opens.append(after)  # the rest may say nothing: what follows the sequence
        found = _FOLLOWS[key] = (items, _union(opens) if opens else after)
    return found[1]


_UNCHECKED = object()  # a value not checked yet (a check may answer None)


def _slot(
    slot: str, list_name: str, said: _Said, pos: int, follow: Follow
) -> Iterator[tuple[int, Slots]]:
    """The ways a slot matches from ``pos``: a value of its closed list, or a run of words
    its list's check takes."""
    values = said.grammar.lists.get(list_name)
    if values is None:
        return _open_slot(slot, list_name, said, pos, follow)
    return _listed(slot, list_name, values, said, pos)


def _listed(
    slot: str, list_name: str, values: tuple[tuple[str, str], ...], said: _Said, pos: int
) -> Iterator[tuple[int, Slots]]:
    for heard, meant in values:
        end = _word_end(heard, said, pos)
        if end >= 0:
            yield end, ((slot, list_name, meant),)


def _open_slot(
    slot: str, list_name: str, said: _Said, pos: int, follow: Follow
) -> Iterator[tuple[int, Slots]]:
    opens = OPENERS.get(list_name)
    limits = LONG_SLOTS.get(list_name, (MAX_SLOT_WORDS, MAX_SLOT_CHARS))
    longest = MAX_WORDS.get(list_name, limits[0])
    stop = STOPS.get(list_name)
    # a mark ("," or ";") held by a run is held by every longer one: looked for only in the
    # runs the rest of the sentence can follow, the walk stops at the same place
    is_mark_stop = stop is _NO_NAME
    context, next_words = said.context, said.next_words
    # the list's check (none: any value), and the intent its answers are kept under in
    # ``said.checked``: read once per slot and place, not once per run of words
    check = CHECKS.get(list_name)
    told = _INTENTS_TOLD.get(list_name)
    key_intent = said.intent if told is None or said.intent in told else ""
    for end, value in _wildcard(said, pos, limits):
        if opens is not None and context is not None and not opens(value, context):
            return  # its first word cannot open a value, so no longer run of words can
        if value.count(" ") >= longest or (
            stop is not None
            and not is_mark_stop
            and stop.search(value)
            and not (list_name == "task" and _in_known_title(value, context))
        ):
            return  # too long, or holds what no value of the list can: so will any longer
        opens = None
        if follow is not None:
            word = next_words.get(end)
            if (word if word is not None else _next_word(said, end)) not in follow:
                continue  # no word the rest of the sentence opens with follows it
        if is_mark_stop and _NO_NAME.search(value):
            return
        # checked here, not once the sentence is through: a value its check refuses
        # (answers None: "the venue is" for a task) is not walked on
        if check is None or context is None:
            checked = value
        else:
            key = (list_name, key_intent, value)
            checked = said.checked.get(key, _UNCHECKED)
            if checked is _UNCHECKED:
                checked = said.checked[key] = check(value, said.intent, context)
        if checked is not None:
            yield end, ((slot, list_name, checked),)


# --- slot checks ------------------------------------------------------------------------

_POSSESSIVE = {"my": "me", "me": "me", "his": PERSON_IT, "her": PERSON_IT, "their": PERSON_IT,
               # "move everything of hers over to Chinonso"
               "hers": PERSON_IT, "theirs": PERSON_IT, "mine": "me"}  # fmt: skip
_PRONOUN = frozenset(("him", "her", "them", "he", "she", "they"))
_SUBJECT_PRONOUN = frozenset(("he", "she", "they"))
MAX_NAME_WORDS = 3
_LABEL = re.compile(r"[\w' -]+")
MAX_LABEL_WORDS = 3
# words that are the request's, not a timer's name ("I want to start a timer": no label)
# ... and no part of a length of time ("an hour and a half timer": no timer called "half")
_NOT_LABEL = frozenset(
    ("a", "an", "the", "to", "for", "of", "on", "me", "us", "my", "timer", "half", "quarter",
     # "start a new one for 8 minutes": which one, not what it is for
     "new", "another", "second", "fresh", "different", "other")
)  # fmt: skip


def _person(value: str, intent: str, context: ParseContext) -> Any:
    """A known person or alias (as said, or misheard as a name: "Alec" for Alex), "me", or
    "him"/"her"/"she"; None for anyone else."""
    said = re.sub(r"(?<=\w)(?:'s|s')$", "", value.strip())
    lowered = said.lower()
    if lowered in _POSSESSIVE:
        return _POSSESSIVE[lowered]
    if lowered in _PRONOUN:
        # "send a message to she d say ...": a name misheard (Chidi), never "her" said so
        return None if intent == "message.send" and lowered in _SUBJECT_PRONOUN else PERSON_IT
    if known_prefix(said, context.people) == said:
        return said
    if lowered.endswith("s") and titles.person_named(said[:-1], context) is not None:
        return said[:-1]  # "lucas tasks": Luca's, its apostrophe not written
    # the fast path respells the name afterwards, as the router's vetting does
    words = said.split()  # every word said as a name: "Sam been" is not one
    if len(words) > MAX_NAME_WORDS or (
        words[0].lower() in _PRONOUN and words[-1].lower() in EDGE_WORDS
    ):
        return None  # "text her to ...": "her" and the word after it (not Harriet)
    if all(word[:1].isupper() for word in words):
        return said if respell_person(said, context) in context.people else None
    if words[0].lower() in _PLACE_WORDS and known_prefix(" ".join(words[1:]), context.people):
        return None  # "at Grandpa Eli's house": where, not a name heard with a word before it
    # a name the recogniser wrote as words ("tell rage", "with coffee", "tell a lex"): by its
    # sound only, and never a word of a task or list the store has. A short word is a name's
    # first syllable only in front of another ("a lex"), never alone ("jo" is a word).
    if _sounds_like_a_name(words) and not matches_known(said, context) and not is_when(said):
        # ("friday" sounds like Farid: a day, never him); by its phonemes where the spelling's
        # sound key is too short or too far ("bee" for Bea, "shiv on" for Siobhan)
        return person_by_sound(said, context) or person_heard_as(said, tuple(context.people))
    return None


# words that say where before a name ("at Grandpa Eli's")
_PLACE_WORDS = frozenset(("at", "in", "round", "over", "to"))


def _sounds_like_a_name(words: list[str]) -> bool:
    """Whether words may be a name the recogniser wrote as words: one of three letters or
    more, or several with a long last one ("a lex"), or a short last one after a long first
    ("tom us" for Tomás, "bridge it" for Brigid)."""
    if len(words) == 1:
        return len(words[0]) >= MIN_MISHEARD
    if len(words[-1]) < MIN_MISHEARD:
        return len(words[0]) >= MIN_MISHEARD and len("".join(words)) >= MIN_SPLIT_NAME
    return len("".join(words)) > MIN_MISHEARD


MIN_SPLIT_NAME = 4  # letters of a name heard as a word and a short one ("tom us", "pip a")


def _recipient(value: str, intent: str, context: ParseContext) -> Any:
    """Who a message is for: a person as ``_person`` reads one, never the speaker ("tell me
    a joke")."""
    person = _person(value, intent, context)
    return None if person == "me" else person


# "let her know, would you? Just say the list's in the shared folder": the asking, not the
# message
_NOT_TO = re.compile(r"^not to (?=[a-z])", re.IGNORECASE)
_MESSAGE_LEAD = re.compile(
    r"^(?:(?:would|could|will|can) you[?,.]+\s*)?(?:(?:just|and) )?"
    r"(?:say|saying|(?:tell|telling) (?:him|her|them)|(?:ask|asking) (?:him|her|them) to)\b"
    r"[\s,:]*(?:that\s+)?"
    r"|^(?:would|could|will|can) you[?,.]+\s*",
    re.IGNORECASE,
)


_TIME_OF_THAT = re.compile(r"(?:day|morning|afternoon|evening|night|week)\b", re.IGNORECASE)
# not the "then" of "by then", "until then"
_DANGLING_JOIN = re.compile(
    r"\s+(?:and|or|but|so|(?<!\bby )(?<!\buntil )(?<!\btill )(?<!\bsince )then)$", re.IGNORECASE
)
# "remind me to take the washing out, it'll be done by then": a remark after the reminder
_REMARK_AFTER = re.compile(
    r",\s*(?:it|he|she|they|we|that|there)(?:'ll|'s|'re|'d| will| is| are)\b"
    # "remind me to move the car, parking runs out": a statement said after it (a thing, then a
    # verb of the present tense), not a list of things ("..., eggs and bread")
    r"|,\s*(?!and\b|or\b|then\b)[a-z]+\s+(?:runs|needs|starts|ends|closes|opens|goes|comes|"
    r"shuts|finishes|is|was|has)\b",
    re.IGNORECASE,
)


_ABOUT_THEM_AFTER = re.compile(r",\s*(?:he|she)(?:'s|'ll| is| has| will)\b", re.IGNORECASE)


_FOR_IT_AFTER = re.compile(r"(?<=\w)\s+for (?:it|that)$", re.IGNORECASE)


def _message_text(value: str, intent: str, context: ParseContext) -> Any:
    """What a message says: not empty, and nothing the router's slot checks find (a second
    request joined on: "tell Kofi the meeting's moved and set up a new one")."""
    text = _MESSAGE_LEAD.sub("", value.strip(" :,")).strip(" :,")
    text = _DANGLING_JOIN.sub("", text)  # "the van's booked in for Tuesday and, um, ..."
    # "tell him not to worry": "don't worry"; "remind me on Monday to print the fixture list
    # for it": what it is for, said before
    text = _NOT_TO.sub("don't ", text) if intent == "message.send" else _FOR_IT_AFTER.sub("", text)
    if text.startswith("-"):
        return None  # "tell Great-Aunt Maud ...": the rest of a name, not the message
    if intent == "reminder.create":
        kept = _reminder_text(text)
        if kept is None:
            return None
        text = kept
    if intent == "message.send" and _ABOUT_THEM_AFTER.search(text):
        return None  # "text Dex to come down, he's got his headphones on": said of Dex
    if text.lower() in _NO_TEXT or _SAME_TEXT.fullmatch(text):
        return None  # "tell Bex as well": the message before it, again
    if _SAYING_LEFT.match(text):
        return None  # "message sore eye a saying ...": a piece of a name heard before it
    if any(
        titles.person_named(said["who"], context) is not None for said in _TO_ANOTHER.finditer(text)
    ):
        return None  # "text Hana to say I'm late and Mateo to say sorry": two messages
    if not text or has_findings(Action(intent, {"text": text}), context):
        return None
    if intent == "reminder.create" and not _SAYS_SOMETHING.search(text):
        return titles.as_verb(text)  # "remind me about ringing Isla": "ring Isla"
    return text


def _reminder_text(text: str) -> str | None:
    """What a reminder is of, as ``_message_text`` reads it, put right as it is said; None for
    words that are no reminder's thing."""
    if _TIME_OF_THAT.match(text):
        return None  # "remind me at half three that day to ...": the day, not the reminder
    if _HOUR_LEFT.match(text):
        return None  # "remind me at ten to eleven to ...": not "at ten", "eleven to ..."
    if _REMARK_AFTER.search(text):
        return None  # the remark is not what to be reminded of: the model's to read
    if _DO_IT.fullmatch(text):
        return None  # "remind me at nine to actually do it": the task just named (remind_about_it)
    return _text_put_right(text)  # ("check the bread, no, wait": the model's to read)


_DO_IT = re.compile(r"(?:actually |really )?(?:do|sort|start|tackle) (?:it|that|this)", re.I)
# "check on the bread, no, the dough": a thing to be reminded of, put right as it is said
_TEXT_PUT_RIGHT = re.compile(
    r"^(?P<said>.+?),\s*(?:no|sorry|no,?\s+sorry|no,?\s+wait|I\s+mean|or\s+rather),\s*"
    r"(?P<meant>\w.*)$",
    re.IGNORECASE,
)
_DETERMINERS = frozenset(("the", "my", "a", "an", "our", "his", "her", "their", "some"))


def _text_put_right(text: str) -> str | None:
    """``text`` as put right ("check on the bread, no, the dough": "check on the dough"; "ring
    Nan, no, ring Bea": "ring Bea"); ``text`` when nothing is; None when what the words after
    the "no" take the place of is not plain."""
    said = _TEXT_PUT_RIGHT.match(text)
    if said is None:
        return text
    before, meant = said["said"].split(), said["meant"].split()
    if meant[0].lower() == before[0].lower():
        return said["meant"]  # the whole said again
    if meant[0].lower() not in _DETERMINERS:
        return None
    at = next((i for i in range(len(before) - 1, 0, -1) if before[i].lower() in _DETERMINERS), 0)
    return " ".join(before[:at] + meant) if at else None


# a reminder's text that says something of its thing ("that packing the car takes an hour")
_SAYS_SOMETHING = re.compile(
    r"\b(?:is|are|was|were|will|won't|has|have|had|takes|needs|can|can't|must|should)\b|'s\b",
    re.IGNORECASE,
)
_SAYING_LEFT = re.compile(r"(?:an?\s+)?(?:saying|to say)\b", re.IGNORECASE)
# "..., and Mateo to say sorry": a second message, to someone else, said with the first
_TO_ANOTHER = re.compile(
    r"\b(?:and|then)\s+(?P<who>[A-Z][\w'-]*(?:\s[A-Z][\w'-]*)?)\s+(?:to say|saying|to tell|that)\b"
)
_NO_TEXT = frozenset(("as well", "too", "and all", "also", "as well please", "too please"))
# "tell Pip the same thing", "tell Sam the same as well": the message before it, again
_SAME_TEXT = re.compile(r"(?:the )?same(?: thing| message)?(?: too| as well| again)?", re.I)


def _duration(value: str, intent: str, context: ParseContext) -> Any:
    if re.match(r"(?:for|of)\s", value, re.IGNORECASE):
        return None  # "a timer on for ten minutes": "on for", then the length
    said = duration_said(value)
    if said is None:
        return None
    phrase, length = said
    if intent == "meeting.schedule" and length > LONGEST_MEETING:
        return None  # "a week on Thursday at seven": the day, not the meeting's length
    return phrase


# no meeting lasts longer: a longer "length" said with a meeting is a day ("a week Tuesday")
LONGEST_MEETING = timedelta(hours=12)


_FOR_A_WEEK_ON = re.compile(
    r"for\s+(?P<when>(?:a|one|two) (?:week|fortnight)s? (?:on|from|tomorrow|today)\b.*)",
    re.IGNORECASE,
)


def _due(value: str, intent: str, context: ParseContext) -> Any:
    """A deadline as said; not one opening with the verb's "on" ("put the sprinkler on at
    7pm": the title is "put the sprinkler on")."""
    if PARTICLE_ON.match(value):
        return None
    phrase = when_phrase(value)
    if phrase is None and (said := _FOR_A_WEEK_ON.fullmatch(value.strip())):
        phrase = when_phrase(said["when"])  # "for a week on Friday": no week-long stay
    # "push the MOT back to the seventh"; "..., no, the twenty-sixth": a day said alone
    if phrase is None and (
        intent == "task.set_due" or (intent == "modifier" and _THE.match(value))
    ):
        return day_phrase_after_to(value)
    return phrase


_THE = re.compile(r"\s*the\s", re.IGNORECASE)
# "switch the heating on tomorrow": "on" ends the text, nobody says "on tomorrow"
_NOT_A_TIME_LEAD = re.compile(
    r"(?:on|at) (?:tomorrow|today|tonight|this|next|in)\b"
    # "remind me about the caterers one on Wednesday": "one" is the task's, not one o'clock
    r"|one (?:on|for|by|this|next)\b",
    re.I,
)


def _when(value: str, intent: str, context: ParseContext) -> Any:
    """When a reminder goes off: a time phrase, whole."""
    return None if _NOT_A_TIME_LEAD.match(value) else when_phrase(value)


# a time of day said: "at four", "half past six", "9.30", "in twenty minutes", "tonight"
_CLOCK = re.compile(
    r"\b(?:at|o'?clock|noon|midday|midnight|tonight|[ap]\.?m\.?|half past|quarter (?:past|to))\b"
    r"|\d[:.]\d\d|\d(?:am|pm)\b|\bin (?:\w+ )?(?:minutes?|mins?|hours?)\b",
    re.IGNORECASE,
)


def _clock(value: str, intent: str, context: ParseContext) -> Any:
    """A time of day to be told at (``_when``, with an hour said): "don't let me forget to
    ring Pearl at four" is a reminder; "... by Friday" a task with its deadline."""
    return _when(value, intent, context) if _CLOCK.search(value) else None


# what a new title never is: a state, a priority, or "call it a day"
_NOT_TITLES = (
    DONE_WORDS
    | DOING_WORDS
    | frozenset(
        (*PRIORITY_WORDS, "a day", "quits", "even", "off", "in progress", "started", "open")
    )
)
_TITLE_MARKS = re.compile(r"[,;:]")
MIN_MISHEARD = 3  # shorter words are not taken for a misheard name ("jo" is a word)


def _title(value: str, intent: str, context: ParseContext) -> Any:
    """A new title as said; None when it is a time, a state or a priority, holds what the
    router's slot checks find (a second request, words of a request, a time at one end), or
    a name the store does not know ("Paris", or "pria" for Priya)."""
    if intent == "meeting.schedule":
        return _topic(value, intent, context)
    if intent == "task.create":
        return titles.new_title(value, intent, context)
    title = value.strip(" \"'")
    if intent == "task.rename":  # "call it replace the pump now": the new name is now
        title = _NAMED_NOW.sub("", title)
    if _TITLE_MARKS.search(title) or " ".join(title.lower().split()) in _NOT_TITLES:
        return None
    if is_when(title) or has_findings(Action(intent, {"task": "it", "title": title}), context):
        return None
    return None if any(_is_stranger(word, context) for word in _NAME_WORD.findall(title)) else title


_NAMED_NOW = re.compile(r",?\s+(?:now|instead)$", re.IGNORECASE)


def _is_stranger(word: str, context: ParseContext) -> bool:
    """True when ``word`` is said as a name nobody known has ("Paris"), or sounds like a
    known person's name without being it ("alec" for Alex)."""
    if matches_known(word, context):
        return False
    if word.lower() in _CALENDAR_WORDS:
        return False  # "about Christmas lunch", "the Easter fair", "Monday's meeting"
    if word[:1].isupper() and not word.isupper():
        return True
    if word.lower() in _FUNCTION_WORDS:  # "print and fold": "and" is no name (WRatio: Brandt)
        return False
    if len(word) < MIN_MISHEARD:
        return False
    person = respell_person(word, context)
    # a name misheard is about as long as the name ("alec", Alex); WRatio also scores a long
    # word holding a short name's letters high ("tournament", Tolu: 77)
    # (and opens on the name's first letter: "party" is no "Hegarty")
    return person in context.people and any(
        abs(len(word) - len(part)) <= MAX_LENGTH_OFF and part[:1].lower() == word[:1].lower()
        for part in person.split()
    )


MAX_LENGTH_OFF = 3  # letters a misheard name's word is longer or shorter than the name


# days, months and festivals: capitalised, and no one's name
_CALENDAR_WORDS = NAMED_DAYS | frozenset((
    "christmas", "xmas", "easter", "halloween", "hallowe'en", "diwali", "eid", "ramadan",
    "passover", "advent", "lent", "whitsun", "hogmanay", "thanksgiving", "boxing", "new", "year",
    "year's", "valentine's", "bonfire", "pancake", "hanukkah", "chanukah", "vaisakhi", "holi",
    "midsummer", "solstice", "mother's", "father's",
))  # fmt: skip
_FUNCTION_WORDS = frozenset((
    "and", "the", "for", "with", "but", "then", "into", "onto", "from", "that", "this", "them",
    "all", "our", "out", "off", "its", "not", "any", "too", "one", "new", "old", "own",
))  # fmt: skip


_SPEAKER = frozenset(("me", "i", "myself", "us", "we", "you and me", "you and i"))


def _attendees(value: str, intent: str, context: ParseContext) -> Any:
    """The people at a meeting: each a person as ``_person`` reads one, the speaker left out
    ("Sam, Alex and me"); None when one is no known person or nobody but the speaker is."""
    people = []
    named = _GROUP_THEN_NAMES.fullmatch(value.strip())
    # ("the darts lot, Chinedu, Remi and Milosz": the group said, then who is in it)
    for name in split_items(named["names"] if named else value):
        if name.lower() in _SPEAKER:
            continue  # the speaker is at their own meeting
        person = _person(name, intent, context)
        if person is None or person == "me":
            return None
        people.append(person)
    return people or None


# a group said before the people in it: "the darts lot, Chinedu, Remi and Milosz", "everyone,
# er, Nusrat, Stanislav and Orlaith"
_GROUP_THEN_NAMES = re.compile(
    r"(?:(?:the\s+)?(?:[\w-]+\s+){0,2}(?:lot|crew|gang|team|committee|group|bunch)|everyone|"
    r"everybody|all of them)\s*,\s*(?:(?:so|er|um|erm|that's|that is|i mean)\s*,?\s+)?"
    r"(?P<names>.+)",
    re.IGNORECASE,
)
_GROUP_OPENERS = frozenset(("the", "everyone", "everybody", "all"))
MAX_TOPIC_WORDS = 6
MAX_PLACE_WORDS = 4  # "the big meeting room"; longer is a place and more words
# words that say what kind of meeting, not what it is about
_NOT_TOPICS = frozenset(("quick", "short", "brief", "meeting", "call", "chat", "me", "us"))
# "a new client meeting": said before a meeting's kind, never its topic's first word; after an
# article it may be ("about the new desk")
_MEETING_LIKE = frozenset(("new",))
_STUFF_AFTER = re.compile(r"(?<=\w)\s+(?:stuff|side of things)$", re.IGNORECASE)
_NOT_PLACES = frozenset(("diary", "calendar", "the diary", "the calendar", "it", "that"))
# "about the budget in room 4": a place said inside the topic
_PLACE_IN = re.compile(r"\b(?:in|at) (?:the|room|my|our|his|her|their)\b", re.I)
_NOT_IN_PLACE = re.compile(
    r"\d|\b(?:about|to|for|with|regarding|re|from|until|till)\b"
    # (a place may be "on the corner", "on the green"; "at the office on Friday" is no place)
    r"|\bon\b(?!\s+the\s+(?:corner|green|high street|square|seafront|front|quay|common)\b)",
    re.I,
)


def _topic(value: str, intent: str, context: ParseContext) -> Any:
    """What a meeting is about ("the budget", "plan the party"): a few words, never a time,
    a kind of meeting, a possessive ("book club's meeting": a statement) or more than a topic."""
    topic = _STUFF_AFTER.sub("", strip_articles(value))  # "the sailing club stuff"
    words = topic.lower().split()
    if not words or len(words) > MAX_TOPIC_WORDS or _NOT_TOPICS & set(words):
        return None
    if (topic == value.strip() and words[0] in _MEETING_LIKE) or set(words) <= _MEETING_LIKE:
        return None
    if topic.endswith("'s") or _TITLE_MARKS.search(topic) or _PLACE_IN.search(topic):
        return None
    if is_when(topic) or _AN_HOUR.fullmatch(topic) or _HOUR_LEFT.match(topic):
        return None  # "on Friday at ten to eleven": "eleven" is the hour, no topic
    if has_findings(Action(intent, {"title": topic}), context):
        return None
    return None if any(_is_stranger(word, context) for word in _NAME_WORD.findall(topic)) else topic


# an hour said alone ("eleven", "half two", "11:30")
_HOUR_WORD = rf"(?:{'|'.join(CLOCK_HOURS)}|\d{{1,2}})"
_AN_HOUR = re.compile(rf"(?:half\s+)?{_HOUR_WORD}(?::\d\d)?(?:\s*[ap]\.?m\.?)?", re.IGNORECASE)


def _hour(value: str, intent: str, context: ParseContext) -> Any:
    """An hour said alone after "around" ("..., around three"): that hour, as "at three"
    says it (``_due``); None for anything else."""
    said = value.strip()
    return _due(f"at {said}", intent, context) if _AN_HOUR.fullmatch(said) else None


# what is left of a clock time cut short ("at ten | to eleven to call Ollie", "at five | to
# two about the bibs"): an hour, then what follows a time
_HOUR_LEFT = re.compile(
    rf"{_HOUR_WORD}(?:\s+(?:to|about|re|for|with|in|at|on|that|o'clock|oclock)\b|\W*$)",
    re.IGNORECASE,  # ("remind me at ten to two": no reminder "two")
)
MAX_PROJECT_WORDS = 5
# "make a list of what we need": what a list holds, not its name; "called it": no name
_NOT_A_PROJECT_NAME = re.compile(
    r"^(?:of|to|with|about|from|on|in|for|and|that|which|what|where|everything|all|called|"
    r"named|titled|one)\b",
    re.I,
)


def _new_project(value: str, intent: str, context: ParseContext) -> Any:
    """The name of a new project or list, as ``project_ref`` reads it ("the wedding list":
    "wedding"); None for "it", a time, a clause or more than a name."""
    name = project_ref(value)
    if not name or name == PROJECT_IT or len(name.split()) > MAX_PROJECT_WORDS:
        return None
    if _TITLE_MARKS.search(name) or _NOT_A_PROJECT_NAME.match(name):
        return None
    if is_when(name) and not _FESTIVAL_NAMED.search(name):
        return None  # ("a new list for Friday"; "a new project called bonfire night" is a name)
    return None if has_findings(Action(intent, {"name": name}), context) else name


# a festival said as a list's name ("bonfire night", "Christmas Eve", "Easter Sunday")
_FESTIVAL_NAMED = re.compile(
    r"\b(?:christmas|xmas|easter|halloween|hallowe'en|bonfire|diwali|eid|hanukkah|chanukah|"
    r"hogmanay|thanksgiving|new year'?s?|valentine'?s|burns|guy fawkes)\b",
    re.IGNORECASE,
)


_SUBJECT = re.compile(r"[\w'-]+(?: [\w'-]+)?")
_HABIT = re.compile(r"[a-z]+ing\b.*", re.IGNORECASE)
_DEEDS = frozenset(("done", "rung", "rang", "told", "sent", "paid", "written", "bought", "made",
                    "got", "seen to", "dealt with", "sorted", "did", "took", "put"))  # fmt: skip
_DEED = re.compile(r"[a-z]+ed", re.IGNORECASE)


# words that open a request, never a reason ("..., Leo says remind him tomorrow")
REQUEST_OPENERS = frozenset((
    "remind", "add", "put", "move", "cancel", "delete", "tell", "text", "message", "set", "make",
    "give", "assign", "schedule", "book", "start", "finish", "mark", "change", "push", "create",
))  # fmt: skip


# words that open a question, after a joint in a reason ("..., and how long's left on ...")
_QUESTION_OPENERS = frozenset((
    "how", "how's", "hows", "what", "what's", "whats", "when", "when's", "where", "where's",
    "which", "who", "who's", "is", "are", "can", "could", "would", "will", "do", "does", "have",
    "has",
))  # fmt: skip
# a joint between two clauses, and the fillers that may follow it
_JOINT = re.compile(r",|\b(?:and|but|also|plus|then)\b", re.IGNORECASE)
_AFTER_JOINT = frozenset(("and", "also", "oh", "then", "um", "uh", "er", "so", "plus", "but"))


def _asks_after_a_joint(value: str) -> bool:
    """ "we're having a takeaway instead, and how long's left on the bread one": a second
    clause, a request or a question, inside what would be a reason."""
    for joint in _JOINT.finditer(value):
        words = [w.strip(",.?!").lower() for w in value[joint.end() :].split()]
        words = [w for w in words if w]
        while words and words[0] in _AFTER_JOINT:
            words.pop(0)
        if words and (words[0] in REQUEST_OPENERS or words[0] in _QUESTION_OPENERS):
            return True
    return False


# What a statement goes on with after ", and": someone or something it is about ("..., and
# it's raining", "..., and the van's booked"); a bare verb there is a request of its own
# ("it's somewhere in the car, and pay the fine").
_GOES_ON_WITH = re.compile(
    r",\s*(?:and|then)\s+(?:(?:um|uh|er|oh|so|also)\s+)*(?P<word>[\w']+)", re.IGNORECASE
)
_SUBJECTS = frozenset(
    ("i", "we", "you", "he", "she", "it", "they", "there", "that", "this", "these", "those",
     "the", "a", "an", "my", "our", "your", "his", "her", "their", "its", "one", "nobody",
     "no", "everyone", "everybody", "someone", "somebody", "anyway", "now", "not", "so",
     "just", "all", "both", "neither", "then", "i'm", "i've", "i'll", "i'd", "we're", "we've",
     "we'll", "we'd", "you're", "you've", "he's", "he'll", "he'd", "she's", "she'll", "she'd",
     "it's", "it'll", "it'd", "they're", "they've", "they'll", "they'd", "there's", "that's",
     "that'll", "nobody's", "everyone's")
)  # fmt: skip


def _goes_on_with_a_request(value: str) -> bool:
    """ "it's somewhere in the car, and pay the fine": after ", and" a word that is no one the
    statement is about (a name, said with a capital, is someone)."""
    return any(
        said["word"].lower() not in _SUBJECTS and not said["word"][0].isupper()
        for said in _GOES_ON_WITH.finditer(value)
    )


def _reason(value: str, intent: str, context: ParseContext) -> Any:
    """Why a change is made ("because it rained"): words holding no second request."""
    first = value.split()[0].lower() if value.split() else ""
    if first in REQUEST_OPENERS or _asks_after_a_joint(value) or _goes_on_with_a_request(value):
        return None
    return _message_text(value, "message.send", context)


_STATEMENT_STOP = frozenset(("the", "a", "an", "to", "of", "for", "on", "in", "up", "out", "off",
                             "and", "my", "our", "with", "at", "it", "one"))  # fmt: skip
_DONE_SAID = re.compile(
    r"\b(?:done|finished|sorted|complete|completed|ticked|paid|sent|booked|bought|fixed)\b", re.I
)


# what keeps a word for done from saying a thing is done: "they're getting booked up",
# "nobody's paid yet", "it hasn't been sent"; "booked up", "fully booked" are full, not booked
_NOT_DONE_BEFORE = re.compile(
    r"\b(?:getting|get|gets|not|never|nobody's|nobody|no one's|no one|hasn't|haven't|isn't|fully|"
    r"aren't|wasn't|weren't|won't|can't)\s+(?:been\s+|yet\s+|even\s+)?$",
    re.IGNORECASE,
)
# ("paid yet": not; "they sent the form back": returned, not sent)
_NOT_DONE_AFTER = re.compile(r"\s+(?:up|yet|(?:\w+\s+){0,3}?back)\b", re.IGNORECASE)


def _says_done(value: str) -> bool:
    """Whether a statement says something is done ("the van's booked"), which may ask for a
    task to be ticked off; "they're getting booked up" and "nobody's paid yet" do not."""
    return any(
        not _NOT_DONE_BEFORE.search(value, 0, said.start())
        and not _NOT_DONE_AFTER.match(value, said.end())
        for said in _DONE_SAID.finditer(value)
    )


# a statement that says any of these asks for something ("I want you to stick that down")
_ASKS = frozenset(("you", "stick", "jot", "note", "turn", "remember", "remind", "add", "put",
                   "need", "want", "must", "should", "ought",
                   # "..., don't delete it, just cancel it": a change asked for after all
                   "delete", "cancel", "scrap", "remove", "tick", "rename", "reopen", "undo",
                   "assign", "reassign"))  # fmt: skip
# (a place said after "in" is none: "the tournament's in France")
_NAMED = re.compile(r"\b(?<!\bin )(?!I\b|I'[a-z]+\b)[A-Z]")


def _asks_in(value: str) -> bool:
    asks = _stems(value) & _ASKS
    if asks == {"want"}:
        # only "wants" said ("the locksmith wants paying first"), or "want" of people unnamed
        # ("people will want the full tour"): someone else's; "I want ...", "he'll want the
        # keys" may ask for something
        return _WANT_ASKED.search(value) is not None
    return bool(asks)


_WANT_ASKED = re.compile(
    # ("'ll want the keys": said after "he", the words a template leaves the statement)
    r"^\W*(?:'ll|'d|will|would)?\s*want\b"
    r"|\b(?:I|we|you|he|she|they)(?:'ll|'d| will| would| do| really| just)?\s+want\b",
    re.I,
)


# what ended, not what someone did: "the season's finished early"
_ENDED = re.compile(r"'s (?:finished|ended|over)\b|\b(?:has|have) (?:finished|ended)\b", re.I)


def _statement(
    value: str, intent: str, context: ParseContext, *, said_done_is_why: bool = False
) -> Any:
    """Why a change is made, said as a plain statement after it ("they're filling up fast",
    "we're driving instead"): words holding no request, no time or day, no priority, no one
    the store knows, no word of a task it has and no word for a task done, any of which may be
    a second request said as a statement ("she's doing the kits Friday"). Something said done
    is why only where ``said_done_is_why`` (news of it: ``_news``)."""
    # (the cheap checks first: the walk asks this of many spans; every check only rejects)
    ended = said_done_is_why and _ENDED.search(value) is not None
    if _asks_in(value) or (_says_done(value) and not ended) or _NAMED.search(value):
        return None  # a request, a task said done, someone ("it's Bob's job now")
    if _OWNED_BY.fullmatch(value.strip()) or _NEW_ONE.search(value):
        return None  # "that's mine": whose it is; "that's a new one for ...": a new task
    if WAITS_SAID.search(value):
        return None  # "the fitting can't start till they're ordered": a dependency
    if MINUTES_SAID.search(value):
        return None  # "I'll do a four minute one for the eggs instead": a new timer
    words = _stems(re.sub(r"(?<=\w)'s\b", "", value))  # "Dad's job": Dad
    if words & _named_words(context.tasks, context.people) or words & _PRIORITY_STEMS:
        return None
    where = _FOR_LIST.fullmatch(value.strip())
    if where and _known_project(where["list"], intent, context):
        return None  # "that's for the choir concert": where the new task goes
    timed = _ONE_AS_A_THING.sub("", value)  # "he's the one with the van": no one o'clock
    timed = _SAT_AS_A_VERB.sub("", timed)  # "it's sat up there in the way": no Saturday
    if find_when(timed) or any(says_day_or_clock(timed, context.now)):
        return None
    return None if _reason(value, intent, context) is None else value


_SAT_AS_A_VERB = re.compile(
    r"\bsat\b(?=\s+(?:up|down|there|here|on|in|around|about|outside|waiting|idle|unused)\b)",
    re.IGNORECASE,
)


_ONE_AS_A_THING = re.compile(
    r"\b(?:the|that|this|which|each|every|no|any|other|the only|the last|the first) one\b"
    r"|\bone (?:of|who|that|which)\b"
    # "get the anti-mould one", "the big blue one"
    r"|\bthe(?: [a-z][\w-]*){1,2} one\b(?! (?:o'clock|oclock|pm|am|thirty|fifteen|forty)\b)",
    re.IGNORECASE,
)


# a statement that says one thing waits for another asks for a dependency
WAITS_SAID = re.compile(
    r"\b(?:(?:wait|waits|waiting) (?:for|on|till|until)|(?:till|until) (?!then\b)|depends? on|"
    r"blocked (?:by|till|until)|held up|(?:can't|cannot|can not|won't) (?:start|begin|happen|go "
    r"ahead)"
    # "Jules has to send me the guest list before I can order the cake"
    r"|before (?:I|we|you|they|he|she|anyone|anybody) (?:can|could)\b"
    # "I can't inspect the beehives without a smoker"
    r"|(?:can't|cannot|can not|won't) [\w' -]+? without\b)",
    re.IGNORECASE,
)
# "the payment bounced", "the booking fell through", "the printer's jammed": something's news,
# said with a verb of its own after the thing it is about
_NEWS = re.compile(
    # (a thing named before its verb: "the raised bed" is a thing, not news)
    # ("reopen the invites, a couple of addresses bounced": some of them)
    r"(?:(?:the|our|my|his|her|their|a couple of|a few|some|half (?:of )?the|(?:one|two|some|most) "
    r"of the)\s+(?:(?:[\w-]+\s+){0,3}?(?:[\w-]+'s\s+|[\w-]+s'\s+)|"
    r"(?:[\w-]+\s+){1,4}?)"
    # ("reopen the invites, half of them bounced"; "all of them are mine" says whose they are)
    r"|(?:a couple|a few|some|half|most|all|none|one|two|three) of them\s+"
    r"(?!(?:are|is|were|was|'re)\b))"
    # (a noun ending "ed" is no verb: "the raised bed", "the garden shed")
    r"(?:(?!(?:bed|shed|seed|speed|weed|reed|deed|sled|red|bred)\b)[a-z]+ed|got|came|went|fell|let|never|just|did|"
    r"has|have|had|is|are|was|were|been|sent|broke|ran|gave|took|said|"
    r"told|rang|left|lost|sold|found|made|kept|put|set|cut|hit|come|gone|blew|burst|froze|"
    r"tore|split|sank|stuck|caught|bent|won|keeps|looks|seems)\b.*",
    re.IGNORECASE,
)
# "we need the van for it", "I need the ladder up there": what the speaker needs, a thing (not
# "I need to ...", a request)
_NEEDED = re.compile(
    # ("..., I only want the ladder out once": how often it is needed)
    r"(?:I|we|they|he|she)(?:'ll|'d)?\s+(?:only\s+|just\s+|really\s+)?"
    r"(?:need|needs|want|wants|'ll need|will need)\s+"
    r"(?:the|them|it|that|those|these|a|an|some|our|my|his|her|their|numbers|money|paying"
    # "..., I need somewhere up there to keep the tools"
    r"|somewhere|space|room|time"
    # "..., I need to see what money is left": what the speaker must learn first
    r"|to (?:see|know|check|find out|hear|have|use|hold|keep|store))\b.*"
    # "..., the fitter needs to see it working", "..., the scaffolders need it": what someone
    # else needs done first
    # ("..., the plumber needs the drain clear": a thing in the state someone needs it in)
    r"|(?:the|our|my)\s+[\w-]+(?:\s+[\w-]+)?\s+(?:needs|wants|need|want)\s+"
    r"(?:to\s+\w+|it|them|that|those|the|a|an|some|our|his|her|their)\b.*"
    # "..., I don't want soot all over the new pipes": what the order keeps from happening
    r"|(?:I|we)\s+(?:don't|do not)\s+want\s+(?!to\b|you\b|it\b)\w.*",
    re.IGNORECASE,
)


def _news(value: str, intent: str, context: ParseContext) -> Any:
    """Something's news said after a change ("the payment bounced", "the booking fell
    through"): the thing, then a verb, and a plain statement (``_statement``); a thing said
    finished that no task of the store names is news too ("cancel the court booking, the
    season's finished early": it ended; "the van's booked" may be a task done)."""
    if not _NEWS.fullmatch(value.strip()):
        return None
    return _statement(value, intent, context, said_done_is_why=True)


def _needed(value: str, intent: str, context: ParseContext) -> Any:
    """What the speaker needs, said as why one task waits for another ("we need the van for
    it"): a thing needed, no request, time, priority, person or task word in it."""
    if not _NEEDED.fullmatch(value.strip()):
        return None
    rest = re.sub(r"\b(?:need|needs|want|wants)\b", "", value, flags=re.IGNORECASE)
    # "we need the party date sorted first": the state the thing is needed in, no task done
    rest = _NEEDED_STATE.sub("", rest)
    return value if _statement(rest, intent, context) is not None else None


_NEEDED_STATE = re.compile(
    r"\b(?:sorted(?: out)?|done|fixed|booked|finished|ready|confirmed|agreed|in place)"
    # ("we need the venue sorted before they go out": what waits on it, said again)
    r"(?:\s+first|\s+before (?:it|they|we|I|he|she|anyone|anybody) [\w' ]+)?\s*$",
    re.IGNORECASE,
)


_PRIORITY_STEMS = frozenset(word.lower() for word in PRIORITY_WORDS)
# a statement of what did not or cannot happen ("don't", "shouldn't" ask for something)
_DENIED = re.compile(
    r"(?:[\w'-]+\s+){0,4}?(?:didn't|hasn't|haven't|isn't|aren't|wasn't|weren't|can't|couldn't|"
    # ("reopen the chimney, the sweep never turned up"; "never mind" takes something back)
    r"won't|doesn't|wouldn't|did not|has not|have not|is not|are not|was not|can not|cannot|"
    r"never(?!\s+mind))\b",
    re.IGNORECASE,
)
_FOR_LIST = re.compile(r"(?:'s\s+|is\s+)?for\s+(?P<list>(?:the |my |our )?.+?)(?: list| project)?")
_NEW_ONE = re.compile(r"\bnew (?:one|task|to-?do|job)\b", re.IGNORECASE)
_OWNED_BY = re.compile(
    r"(?:(?:last|final|first|other) )?(?:'s\s+|one\s+is\s+|one's\s+|is\s+)?(?:mine|me)"
    r"(?:\s+(?:now|from now on))?",
    re.IGNORECASE,
)


def _done_to_it(value: str, intent: str, context: ParseContext) -> Any:
    """What someone did to a task said again ("scuffed it all up with his boots", "only did half
    of it", "spotted a typo"): a deed in the past, first, then a plain statement."""
    first = _PAST_DEED.match(value)
    if first is None or first["deed"].lower() in _NOT_DEEDS:
        return None
    return _statement(value, intent, context)


# "(never actually) washed it", "(only) did half of it", "spotted a typo", "'s scuffed it"
_PAST_DEED = re.compile(
    r"(?:(?:'s|has|had|'d|only|just|never|actually|really|gone and|already)\s+)*"
    r"(?P<deed>[a-z]+ed|did|found|got|broke|lost|left|made|forgot|took|put|knocked|spilt|tore)\b",
    re.IGNORECASE,
)
_NOT_DEEDS = frozenset(("need", "needed", "wanted", "asked", "offered", "agreed", "said"))


def _denied(value: str, intent: str, context: ParseContext) -> Any:
    """What did not or cannot happen, said beside a change ("the tuner didn't turn up", "the
    garage can't fit us in any sooner"): it asks for nothing, whoever and whenever it names;
    never a priority ("it isn't urgent") or a task's state ("it isn't finished")."""
    if not _DENIED.match(value) or _reason(value, intent, context) is None:
        return None
    words = _stems(value)
    if words & _ASKS or words & _PRIORITY_STEMS or _DONE_SAID.search(value):
        return None
    if words & _named_words(context.tasks, ()):
        return None  # "the radiators can't happen till ...": a task's, maybe a request
    return value


def _note(value: str, intent: str, context: ParseContext) -> Any:
    """What a note asked for in so many words says ("put a note on it that the code is 4419"):
    any words but a request of their own or a day or time (which may be the task's)."""
    text = _reason(value, intent, context)
    if not isinstance(text, str) or _SAYS.match(text):
        return None  # ("a note that says ...": "says ..." is no note)
    if _REPORTED.match(text) or _SAID_OF_IT.match(text):
        return text  # "he said he'd ring Tuesday", "it runs out in March": said of it, with its day
    timed = _ONE_AS_A_THING.sub("", text)  # "it's the one over the back door": no one o'clock
    if find_when(timed) or any(says_day_or_clock(timed, context.now)):
        return None
    return text


_SAYS = re.compile(r"(?:says|saying)\b", re.IGNORECASE)
# what is so of the thing itself, noted with the day in it ("it runs out in March", "it's half
# two at St Mary's"): no request of its own ("they close on Friday" may say by when: the model's)
_SAID_OF_IT = re.compile(r"it(?:'s|\s+(?:is|was|runs\s+out|expires|ends|starts))\b", re.IGNORECASE)
# what someone said or promised, noted with the day in it ("he said he'd ring Tuesday")
_REPORTED = re.compile(
    r"(?:he|she|they|the [\w-]+)\s+(?:said|says|told me|promised|reckons)\s+(?:that\s+)?"
    r"(?:he|she|they|it)(?:'d|'ll|\s+would|\s+will|\s+might|\s+could)\s+\w+"
    # "the band wants an answer by the tenth": what someone else wants, and by when
    r"|(?:he|she|they|the [\w-]+)\s+(?:wants?|needs?|expects?|asked for)\s+(?:an?|the|it|them)\b",
    re.IGNORECASE,
)


def plain_statement(value: str, context: ParseContext) -> str | None:
    """``value`` when it is a plain statement (``_statement``: no request, time, priority,
    person or task in it, "the number's on the fridge"), else None."""
    said = _statement(value, "task.create", context)
    return said if isinstance(said, str) else None


def plain_note(value: str, context: ParseContext) -> str | None:
    """``plain_statement`` for what is noted of a new task, where someone may be said as whose
    a thing is ("note that the long ladder's in Gideon's garage": where it is, not who does
    what)."""
    plain = _THING_NEEDS.sub(r"\1 has", _OWNER.sub("the", value))
    return value if plain_statement(plain, context) is not None else None


_OWNER = re.compile(r"\b[A-Z][\w-]*'s\b(?= [a-z])")
# "note that the mower needs petrol": what a thing needs, no request of anyone's
_THING_NEEDS = re.compile(
    r"^((?:the|my|our|his|her|their) (?:[\w'-]+ ){0,3}?[\w'-]+) (?:needs|wants)\b", re.I
)


def steps_said(value: str, context: ParseContext) -> list[str] | None:
    """The steps ``value`` says one after another ("put down sand and point the joints"), as
    a subtasks clause reads them; None when it says no such list."""
    steps = _titles(value, "task.add_subtasks", context)
    return steps if isinstance(steps, list) else None


def task_words_in(text: str, tasks: tuple[str, ...]) -> frozenset[str]:
    """The words of ``text`` that are words of a task the store has (the small ones any
    sentence has aside)."""
    return _stems(text) & _named_words(tasks, ())


@by_identity(maxsize=16)  # the store's open titles and people now; the walk asks every span
def _named_words(tasks: tuple[str, ...], people: tuple[str, ...]) -> frozenset[str]:
    """The words of the tasks and people the store knows, but the small ones any sentence has."""
    return (_stems(" ".join(tasks)) | _stems(" ".join(people))) - _STATEMENT_STOP


def _subject(value: str, intent: str, context: ParseContext) -> Any:
    return value if _SUBJECT.fullmatch(value) else None


def _meeting_topic(value: str, intent: str, context: ParseContext) -> Any:
    """What a meeting said before is about ("..., about the fete budget"), read as a
    meeting's title whatever clause says it."""
    return _title(value, "meeting.schedule", context)


def named_meeting(value: str, context: ParseContext) -> str | None:
    """A meeting's name said alone after it, by the kind of meeting it is ("Diwali planning",
    "the Halloween party debrief", "kitchen extension plans"): a few words ending in one of
    ``_MEETING_KINDS``, and a title (read by the fast path after a meeting only: as a
    template, it would be tried at every clause)."""
    words = value.split()
    if not 1 < len(words) <= MAX_TOPIC_WORDS or words[-1].lower() not in _MEETING_KINDS:
        return None
    if any(project.lower() == value.lower() for project in context.projects):
        return None  # "new task, book the church, wedding plans": the list it goes on
    title = _title(value, "meeting.schedule", context)
    return title if isinstance(title, str) else None


_MEETING_KINDS = frozenset(("debrief", "planning", "plans", "review", "briefing", "catch-up",
                            "rehearsal", "handover", "kickoff", "kick-off", "post-mortem",
                            "wash-up", "retrospective", "prep", "strategy",
                            "practice"))  # fmt: skip


def _kind_of_meeting(value: str, intent: str, context: ParseContext) -> Any:
    """ "schedule choir practice with ...": a meeting named by its kind, no word "meeting"; a
    few plain words before the kind ("a task to plan the review", "Lakshmi in for a catch-up"
    name no meeting)."""
    if not _KIND_SAID.fullmatch(value) or _names_other(value, context):
        return None
    return named_meeting(value, context)


# a few words before the kind of meeting, none a little word that links two things
_KIND_SAID = re.compile(
    r"(?!.*\b(?:a|an|to|for|in|with|on|at|by|of|and|task|job|to-do)\b)(?:[\w'-]+ ){1,3}[\w'-]+",
    re.IGNORECASE,
)


def _event(value: str, intent: str, context: ParseContext) -> Any:
    """ "(the) rehearsal", "(the) anniversary": something else that has a day, named by words
    of no task or person the store knows ("the fence is Friday" may move the fence)."""
    if not _SUBJECT.fullmatch(value) or _stems(value) & _named_words(context.tasks, context.people):
        return None
    return value


def _other_day(value: str, intent: str, context: ParseContext) -> Any:
    """ "Thursday", "the Thursday": the day of something else, said as why."""
    said = (value, _THE.sub("", value, count=1), f"on {value}")  # "the twenty-fifth"
    return value if any(is_when(words) for words in said) else None


def _habit(value: str, intent: str, context: ParseContext) -> Any:
    return value if _HABIT.fullmatch(value) else None


def _deed(value: str, intent: str, context: ParseContext) -> Any:
    if value.lower() in _DEEDS or _DEED.fullmatch(value):
        return value
    return value if " " not in value and is_participle(value) else None  # "swept", "mown"


MAX_TAG_WORDS = 3
_TAG = re.compile(r"[\w'-]+(?: [\w'-]+)*")


# "tagged shopping and autumn, well, just shopping": the tags put right as they are said
_TAGS_PUT_RIGHT = re.compile(
    r".+?,?\s+(?:well|no|actually|sorry|or\s+rather)(?:,\s*|\s+)(?:just|only)\s+"
    r"(?:tag(?:ged)?\s+(?:it|that|them)\s+(?:as\s+)?)?(?P<meant>.+)",
    re.IGNORECASE,
)
# a word no tag is ("..., well, ...", "..., um, ...": the speaker's, said between them)
_NOT_TAGS = frozenset(("well", "no", "actually", "sorry", "um", "er", "erm", "uh", "i mean"))


def _tags(value: str, intent: str, context: ParseContext) -> Any:
    """Tags said for a new task ("home and admin"): a few plain words each; those said last
    when the first are put right ("shopping and autumn, well, just shopping")."""
    put_right = _TAGS_PUT_RIGHT.fullmatch(value.strip(" .,"))
    tags = split_items(put_right["meant"] if put_right else value)
    if not tags or any(not _TAG.fullmatch(t) or len(t.split()) > MAX_TAG_WORDS for t in tags):
        return None
    if any(tag.lower() in _NOT_TAGS or tag.lower() in _priorities_said() for tag in tags):
        return None
    return None if any(is_when(tag) for tag in tags) else tags


@lru_cache(maxsize=1)
def _priorities_said() -> frozenset[str]:
    """ "..., with tag home and admin, whenever you can": a priority (or "no hurry") of more
    than one word said after the tags is the task's, never a tag ("urgent" may be a tag)."""
    lists = load().lists
    said = (*lists["priority"], *lists["no_hurry"])
    return frozenset(words for words, _ in said if " " in words)


# "in the evening at Nadia's", "at quarter to nine": a time's words, never a place's first
_NO_PLACE_OPENS = frozenset(
    ("morning", "afternoon", "evening", "night", "lunchtime", "teatime", "quarter", "half")
)


def _location(value: str, intent: str, context: ParseContext) -> Any:
    """Where a meeting is: a short place ("the boardroom", "Hannah's"), never a time."""
    place = strip_articles(re.sub(r"\s+(?:itself|themselves)\s*$", "", value))  # "the shed itself"
    if not place or not _LABEL.fullmatch(place) or len(place.split()) > MAX_PLACE_WORDS:
        return None
    first = place.split()[0] if place else ""
    if first.lower() in _NO_PLACE_OPENS or first.lower() in HOURS_HEARD:
        return None  # "in the evening at Nadia's", "at quarter to nine": a time, not a place;
        # "at too no three", "at tree": an hour as a recogniser writes it
    if place.lower() in _NOT_PLACES or _NOT_IN_PLACE.search(place) or is_when(f"at {first}"):
        return None  # "at 10 about the move": a time and a topic, not a place
    if place.split()[-1].lower() in _NOT_PLACE_ENDS:
        return None  # "in the kitchen obviously": a place, then a word of the speaker's
    if is_when(f"at {place}") or is_when(f"in {value.strip()}"):
        return None  # "at half nine", "in the morning": a time said in words
    return place


_NOT_PLACE_ENDS = frozenset((
    "obviously", "probably", "please", "again", "maybe", "perhaps", "presumably", "anyway",
    "though", "too", "then", "instead", "hopefully", "ideally", "preferably", "thanks",
))  # fmt: skip


def _owned_place(value: str, intent: str, context: ParseContext) -> Any:
    """A meeting's place said as someone's ("his place", "her office"): kept with whose it is."""
    if _OWNED.match(value):
        rest = value.split(maxsplit=1)[1]
    elif (whose := _KNOWN_OWNER.match(value)) and titles.person_named(whose["name"], context):
        rest = value[whose.end() :]  # "at Grandpa Eli's house": a known person's
    else:
        return None
    return value.strip() if _location(rest, intent, context) else None


_OWNED = re.compile(r"(?:his|her|their|our|my)\s+\w", re.IGNORECASE)
_KNOWN_OWNER = re.compile(r"(?P<name>[A-Z][\w-]*(?: [A-Z][\w-]*)?)'s\s+(?=\w)")


# "my to-do list", "that list": every task, or one said before; not a list by name
_NOT_PROJECTS = frozenset(("to-do", "todo", "to do", "do", "task", "tasks", "whole", "entire", "it",
                           "that", "this", "everything", "all", "my", "our", "your", "the",
                           "there", "here", "new", "a new", "another",
                           # "stick that on her list": whose, not a list called "her"
                           "his", "her", "their", "him", "them"))  # fmt: skip
# ("new list, camping kit": a new list called that, not a task on a list "new")
_PROJECT_NAME = re.compile(r"[\w'&-]+(?: [\w'&-]+){0,2}")
_THAT_LIST = re.compile(r"(?:that|this|same|that same)", re.IGNORECASE)  # ("the" stripped)
_POINTS_BACK = re.compile(r"\b(?:that|this|same)$", re.IGNORECASE)


def _project(value: str, intent: str, context: ParseContext) -> Any:
    """A list or project said by name before "list" or "project": up to three plain words,
    not a person the store knows, a time or "my to-do"."""
    name = strip_articles(value)
    if _THAT_LIST.fullmatch(name):
        return PROJECT_IT  # "add it to that list": the one just talked about
    if not _PROJECT_NAME.fullmatch(name) or name.lower() in _NOT_PROJECTS or is_when(name):
        return None
    if _POINTS_BACK.search(name):
        return None  # "the tip to that (list)": a title's end, then "that list"
    whose = re.sub(r"(?:'s|s'|')$", "", name)
    if whose != name and titles.person_named(whose, context) is not None:
        return None  # "stick the extractor fan on Jules's list": whose task, not a list
    if not _known_project(name, "", context):
        holding = project_holding(name, context)
        if holding is not None:
            return holding  # "the fete list": the school fete
        respelled = respell_project(name, context) if _ONE_NAME.fullmatch(name) else name
        if respelled in context.projects and known_prefix(name, context.people) is None:
            return respelled  # "the youth or kestrel list": the youth orchestra
        if intent.startswith("query.") and context.projects:
            return None  # "what's on the web sight project": misheard, the model may know
        if name.split()[0].lower() in _NO_LIST_OPENS:
            return None  # "send the reading list out", "with steps list the stalls": no list
        if name.split()[-1].lower() in _NO_LIST_ENDS:
            return None  # "start a new project, ...": a new one asked for, not its name
    person = known_prefix(name, context.people)
    if person and (person == name or name[len(person) :].startswith(" ")):
        return None  # "for Sam into the launch list": a person, then where
    return name


# words no new list's name opens on: a link word, or a verb of the task said before "list"
_NO_LIST_OPENS = frozenset((
    "with", "to", "for", "on", "in", "at", "from", "by", "of", "about", "as", "and", "then",
    "send", "buy", "get", "make", "take", "bring", "put", "add", "give", "book", "call", "ring",
    "email", "order", "pick", "fix", "clean", "write", "print", "sort", "check", "pay",
    "collect", "draw", "plan", "start", "create", "open", "set",
))  # fmt: skip
_NO_LIST_ENDS = frozenset(("a", "an", "the", "new", "another", "separate", "my", "our"))
# a name said on its own: no word of a place or a person's ("for Sam into the launch list")
_ONE_NAME = re.compile(r"(?!.*\b(?:into|onto|to|for|on|in|under|from|with)\b).+", re.IGNORECASE)


def _known_project(value: str, intent: str, context: ParseContext) -> Any:
    """A list or project the store knows, said without "list" ("clear the garden"), or said
    short with "the" ("for the panto": the one known project whose name holds "panto")."""
    whole = _whole_project(value, intent, context)  # "the cafe opening" for the café opening
    if whole is not None:
        return whole
    name = strip_articles(value)
    return project_holding(name, context) if name != value.strip() else None


def _one_title(value: str, intent: str, context: ParseContext) -> Any:
    """A new task's title that is one thing to do ("paint the fence and buy milk" is two:
    ``titles``)."""
    return None if _AND.search(value) else _title(value, intent, context)


_AND = re.compile(r"\band\b", re.IGNORECASE)


def _whole_project(value: str, intent: str, context: ParseContext) -> Any:
    """A list or project the store knows, said by its whole name: after "for" straight on
    from a title, part of a name is the title's own ("buy a pump for the pond" is no task of
    the garden pond, said so; "buy gold paint for the panto" may be: either way a guess)."""
    name = strip_articles(value)
    lowered, folded_names = _project_names(tuple(context.projects))
    if name.lower() in lowered:
        return name
    said = folded(name)
    return next((known for known, as_folded in folded_names if as_folded == said), None)


@lru_cache(maxsize=8)  # the store's project lists in use now; asked for every run of words
def _project_names(projects: tuple[str, ...]) -> tuple[frozenset[str], tuple[tuple[str, str], ...]]:
    """The known projects' names lower-cased, and each beside its folded form."""
    lowered = frozenset(known.lower() for known in projects)
    return lowered, tuple((known, folded(known)) for known in projects)


def _label(value: str, intent: str, context: ParseContext) -> Any:
    label = _LABEL_PLEASE.sub("", strip_articles(value))  # "a timer for the pasta please"
    words = label.lower().split()
    if not _LABEL.fullmatch(label) or len(words) > MAX_LABEL_WORDS or _NOT_LABEL & set(words):
        return None
    if _LABEL_PUT_RIGHT.match(label):
        return None  # "set a timer for 8 minutes, make that 9": the length said again
    if intent == "timer.query" and _names_other(label, context):
        return None  # "how much longer on the website": about work, not a timer
    return label


_LABEL_PUT_RIGHT = re.compile(
    r"(?:make|change|actually|no|sorry|wait|or|I mean|hang on)\b", re.IGNORECASE
)
_LABEL_PLEASE = re.compile(r"[\s,]+(?:please|instead)$", re.IGNORECASE)


def _names_other(words: str, context: ParseContext) -> bool:
    """True when ``words`` name a project, a word of a task, a person or a time."""
    key = f" {words.lower()} "
    return (
        any(key == f" {name.lower()} " for name in context.projects)
        or _in_a_title(key, context.tasks)
        or known_prefix(words, context.people) is not None
        or is_when(words)
    )


# a task is named, never described by a clause ("the flowers can't start until the catering")
# nor by what is said of it ("the venue's priority", "the deadline for the venue")
_NOT_A_NAME = re.compile(
    r"\b(?:timers?|can|can't|cannot|won't|will|should|must|until|till|unless|because|once|"
    r"after|before|when|while|if|is|isn't|are|aren't|was|wasn't|were|has|hasn't|have|been|"
    r"priority|deadline|due)\b",
    re.IGNORECASE,
)
# nor starts or ends where a phrase cannot: "put the catering to in progress" is not
# "<catering to>", "Sam will take over from Jo" is not "<from Jo>", "push back the catering"
# is not "<back the catering>", "push the catering back" not "<catering back>"; "one to paint
# the fence that needs to wait ..." is not "<paint the fence that>"
_DANGLING_END = re.compile(
    r"\b(?:to|into|as|on|of|for|with|at|by|from|the|a|an|back|forward|earlier|along)$"
    r"|\s(?:that|which)$"
    r"|\s(?:entirely|altogether|completely|for good)$"  # "scrap ... for good": how, not what
    # "put the worktop one back up to high": where it is moved, not the task's name
    r"|\s(?:one|task|job)(?: back)? (?:up|down)$|\sback (?:up|down)$"
    # "I've done the beehive inspection this morning": when it was done
    r"|\s(?:this morning|this afternoon|yesterday|last night|earlier(?: today| on)?"
    r"|at the weekend)$"
    # "take the wine cellar instead of me": whom instead, not the task's name
    r"|\s(?:instead of|rather than)\s(?:me|him|her|them|us|[A-Z][\w'-]*(?:\s[A-Z][\w'-]*)?)$",
    re.I,
)
_DANGLING_START = re.compile(
    r"^(?:to|into|as|on|of|for|with|at|by|from|over|about|back|up|down|out|along|forward|earlier|"
    r"does|did|what|which|who|how|why|whether|I mean|I meant|sorry|"  # "..., I mean done"
    r"obviously|of course|clearly|naturally|"  # "obviously the planting waits for ...": a word
    # said of the whole clause, not of the task
    # "Magnus says the track can't be glued until ...": who said it, then the task
    r"(?:[\w'-]+\s+){1,2}(?:says|said|reckons|tells me|told me)\s|"
    # "we need to buy paint first, ...": who has to do it, not a task's name
    r"(?:we|I|you|they)(?:'ve|'ll|'d)?\s+(?:need|have|must|should|got|gotta|better))\b",
    re.I,
)


_INTO = re.compile(r"\binto\b", re.IGNORECASE)
_THAT_THEN_TO = re.compile(r"(?:that|this|it|them)\s+(?:to|into|about)\s", re.IGNORECASE)
_A_NEW_ONE = re.compile(
    r"(?:a|an|another|one more)\s+(?:new\s+)?(?:task|item|to-?do|job|action item)\b", re.I
)


_THE_TASK_SAID = frozenset(
    f"{which} {word}" for which in ("that", "this", "the") for word in ("task", "job", "to-do")
) | frozenset(("task", "job"))
_SOMEONE_SAYS = re.compile(r"(?P<who>[\w'-]+(?: [\w'-]+)?) (?:says|said|reckons|thinks) ", re.I)
_REQUEST_WORDS = frozenset(("add", "put", "make", "create", "set", "stick", "pop", "so add"))


def _not_a_task_name(value: str, context: ParseContext) -> bool:
    """True for words no task is named by: a clause, a priority, a deadline ("push the date to
    the 24th": the deadline of the task said), unless a title the store has holds them."""
    if _NOT_A_NAME.search(value) and not _in_known_title(value, context):
        return True
    if value.strip().lower() in _REQUEST_WORDS:
        return True  # "so add wait for the new bank card": a request, not a task "add"
    said = _SOMEONE_SAYS.match(value)
    if said and known_prefix(said["who"], context.people) == said["who"]:
        return True  # "Jesse says the van insurance": someone's word about a task
    if _WHICH_ONE_SAID.fullmatch(value.strip()) and not _in_known_title(value, context):
        return True  # "scrap that last one, undo it": which change, not a task "last"
    if _THAT_THEN_TO.match(value):
        return True  # "remind me an hour before that to print the plan": "that", then the deed
    return strip_articles(value).lower() in ("date", "dates", "its date")


# a thing said by where it comes, not by name
_WHICH_ONE_SAID = re.compile(
    r"(?:(?:that|this|the)\s+)?(?:last|first|previous|latest|other)(?:\s+(?:one|thing|task))?",
    re.IGNORECASE,
)


# (as titles.py's marks: three letters before the stop, so "Dr. Patel's letter" is a name)
_SENTENCE_END = re.compile(r"[a-z]{3}[.!?]\s+[A-Za-z]")


def _task(value: str, intent: str, context: ParseContext) -> Any:
    """One task as said ("the venue", "it"), or two ("the gate and the flowers"); None if the
    words cannot be a task ("a timer", "everything", "what's due", a clause, a person or a
    list: "remove Sam from the launch project", "delete the shopping list"), or one of the two
    ends on a priority the store's task does not have in its name ("make the invoices low and
    the cake high" is two priorities, not the cake's for both)."""
    if _not_a_task_name(value, context) or _SENTENCE_END.search(value):
        return None  # ("sand the shed. Sanding": a sentence ends inside, no name does)
    if intent == "task.add_subtasks" and _INTO.search(value):
        return None  # "split the tiles into measure up, ...": the steps begin at "into"
    if value.lower().endswith(" a"):  # "the plum a": "the plumber" said without its "r"
        value = respell(value, context)
    # "start a item named paint the fence": a new task asked for
    if _DANGLING_END.search(value) or _DANGLING_START.match(value) or _A_NEW_ONE.match(value):
        return None
    if _names_person_or_list(strip_articles(value), context):
        return None
    if value.strip().lower() in PRIORITY_WORDS and not _in_known_title(value, context):
        return None  # "stick them on low": a priority, not a task called "low"
    # ("scrap the gym membership, just cancel the task": the one just said)
    if value.strip().lower() in _THOSE | _THE_TASK_SAID or (
        value.strip().lower() == "them" and intent in THEM_OF_A_TASK | THEM_OF_A_DEED
    ):
        return TASK_IT  # "make those due Monday" ("them" may be people: left to task_ref,
        # but what has a priority or a deadline is a task: "stick them on low")
    if value.strip().lower() in _BOTH:
        return BOTH_TASKS  # "tick both off": the assembler reads it, or nothing does
    parts = task_parts(value)
    if len(parts) > 1 and any(_ends_on_priority(part, context) for part in parts):
        return None
    if len(parts) > 1 and any(
        len(part.split()) == 1 and known_task(part, context) is None for part in parts
    ):
        return None  # "mark sharp and the shears as done": one misheard task, not two
    # the store's reading first: "paying the electricity bill" is "electricity bill"
    refs = [known_task(part, context) or task_ref(part) for part in parts]
    if None in refs or any(
        isinstance(ref, str) and (duration_phrase(ref) or is_when(ref) or _PAST.fullmatch(ref))
        for ref in refs
    ):
        return None  # "start one for ten minutes" is a timer, not a task "ten minutes"; "I
        # sorted that last night" is when, not a task "last night"
    return refs[0] if len(refs) == 1 else tuple(refs)


# when something was done, never a task's name ("I sorted that last night"), nor is what
# Parley did last ("scrap that last change": undo)
_PAST = re.compile(
    r"(?:that |the |my |your )?(?:(?:last|latest|previous) (?:change|command|edit|action)|"
    r"last (?:night|week|month|weekend|time)|"
    r"yesterday(?: morning| afternoon| evening)?|this morning|earlier(?: today| on)?)",
    re.IGNORECASE,
)


def _in_known_title(value: str, context: ParseContext | None) -> bool:
    """True when ``value``'s words (articles aside) are words of an open task's title as it
    runs: "the till printer" beside "till printer" is a name, though "till" opens a clause."""
    words = " ".join(strip_articles(value).lower().split())
    if not words or context is None:
        return False
    return f" {words} " in _spaced_titles(tuple(context.tasks))


def _in_a_title(key: str, tasks: tuple[str, ...]) -> bool:
    """True when ``key`` is in one of the titles lower-cased with a space either side: found in
    the titles joined once per list (``_spaced_titles``), not by reading 10,000 of them again
    (a key with a line break in it, which could run over two of them there, one by one)."""
    if "\n" in key:
        return any(key in f" {title.lower()} " for title in tasks)
    return key in _spaced_titles(tuple(tasks))


@by_identity(maxsize=4)  # the task lists in use now: the titles are the key, never stale
def _spaced_titles(tasks: tuple[str, ...]) -> str:
    """Every title lower-cased with a space either side, one a line: the words said (no line
    break in them) are in one of the titles exactly when they are in this, found in C."""
    return "\n".join(f" {title.lower()} " for title in tasks)


_LIST_WORD = re.compile(r"\b(?:list|project)$", re.IGNORECASE)
_PRIORITY_END = re.compile(
    rf"\s(?:(?:to|at|as)\s+)?(?:{'|'.join(sorted(PRIORITY_WORDS))})(?:\s+priority)?$", re.I
)


def _ends_on_priority(part: str, context: ParseContext) -> bool:
    """ "the invoices low", "the invoices to high": a task and its priority, unless the store
    has a task that is called so."""
    ref = task_ref(part)
    return _PRIORITY_END.search(part) is not None and not (ref and is_known_task(ref, context))


def _names_person_or_list(name: str, context: ParseContext) -> bool:
    # a project's name alone may be a task's too ("start the launch")
    return _LIST_WORD.search(name) is not None or known_prefix(name, context.people) == name


_NAME_WORD = re.compile(r"[\w'-]+")
# the words of "it", "that one", "the last task", and the articles before a task's name
_REFERENCE_WORDS = ("it", "that", "this", "one", "task", "item", "to-do", "todo", "last",
                    "same", "thing", "the", "a", "an", "my", "our", "your", "those", "them",
                    "these")  # fmt: skip
# "no rush on those", "put them back on the list": the task in context, said in the plural
PLURAL_IT = frozenset(("those", "them", "these"))
_THOSE = frozenset(("those", "these"))
# the changes whose task may be said as "them" (what has a priority, a deadline or an owner)
THEM_OF_A_TASK = frozenset(("task.set_priority", "task.set_due", "task.assign"))
# ... and the deeds done to one task said in the plural, just named in the same command ("I'm
# cracking on with the invites, mark them as started"; ``fastpath`` checks it was)
THEM_OF_A_DEED = frozenset(("task.start", "task.complete", "task.reopen", "task.cancel"))
_BOTH = frozenset(("both", "both of them", "both of those", "both of these", "them both"))


def _stems(text: str) -> frozenset[str]:
    return frozenset(word.lower().removesuffix("s") for word in _NAME_WORD.findall(text))


@by_identity(maxsize=64)
def _task_words(titles: tuple[str, ...]) -> frozenset[str]:
    """Every word of the tasks the store knows, and the words of "it" and "that one"."""
    return _stems(" ".join((*titles, *_REFERENCE_WORDS)))


def _known_task(value: str, intent: str, context: ParseContext) -> Any:
    """A task the store knows, or "it": a statement about anything else ("the car's fixed")
    is not a change to a task."""
    if not _stems(value) & _task_words(context.tasks):
        return None  # no word of a known task: the quick answer for most runs of words
    if value.strip().lower() in PLURAL_IT:
        return TASK_IT
    refs = [known_task(part, context) for part in task_parts(value)]
    if None in refs:
        return None
    return refs[0] if len(refs) == 1 else tuple(refs)


def _unknown_task(value: str, intent: str, context: ParseContext) -> Any:
    """One task said by name that the store does not have: one made earlier in the same
    command, maybe ("..., the sellotape one's urgent"); never "it", "there" or a known task
    (which other phrasings read)."""
    if value.strip().lower() in _NOT_UNKNOWN or is_known_task(value, context):
        return None
    ref = _task(value, intent, context)
    return ref if isinstance(ref, str) and not ref.startswith("\x00") else None


_NOT_UNKNOWN = frozenset(("there", "here", "this", "that", "it", "everything", "nothing", "one"))


def _fresh_todo(value: str, intent: str, context: ParseContext) -> Any:
    """A thing to do (``titles.todo``) that is no task the store has: "urgent one: fix the
    tap" is a new task; "urgent one, the bathroom tiles" says which open task is urgent."""
    if is_known_task(value, context) or _whole_project(value, intent, context) is not None:
        return None  # ("add one to the garden list": which list it goes on, no new thing to do)
    return titles.todo(value, intent, context)


def _verb_todo(value: str, intent: str, context: ParseContext) -> Any:
    """A ``_fresh_todo`` that opens on a verb of ``slots.TASK_VERBS`` ("..., and hire a
    marquee too"), never on a thing ("..., and the TV licence one too": a task the store has,
    done as well)."""
    first = value.split(maxsplit=1)[0].lower() if value.strip() else ""
    if first not in TASK_VERBS or _NOT_A_DOING_END.search(value):
        return None  # ("buy more compost on there too": where it goes, the model's to read;
        # "due a week on Tuesday": no verb, a detail of the task before)
    return _fresh_todo(value, intent, context)


_NOT_A_DOING_END = re.compile(
    r"\b(?:it|them|him|her|that)\b|\sone$"
    r"|\s(?:on|in|to|onto|into|under)\s+(?:there|here|it|that|this|(?:the|that) (?:list|project))$",
    re.IGNORECASE,
)


def _whole_task(value: str, intent: str, context: ParseContext) -> Any:
    """A task the store has, said whole: its title ("fix the shower pump") or "the" and all
    it is done to ("the shower pump"), never a part of it ("the shower"), where nothing but
    the words after it says where its name ends."""
    said = " ".join(value.lower().split())
    for title in context.tasks:
        _verb, _, thing = title.lower().partition(" ")
        if said == title.lower() or (thing and said in (thing, f"the {strip_articles(thing)}")):
            return _task(value, intent, context)
    return None


def _verb_titles(value: str, intent: str, context: ParseContext) -> Any:
    """Steps said one after another with no mark between the task and them, each opening on
    a verb of ``slots.TASK_VERBS`` ("buy a new pump and call the electrician")."""
    parts = _titles(value, intent, context)
    if not isinstance(parts, list) or len(parts) < 2:
        return None
    words = [str(part).lower().split() for part in parts]
    if any(said[0] not in TASK_VERBS for said in words):
        return None
    if any(not TASK_VERBS.isdisjoint(said[1:]) for said in words):
        return None  # "sort the boxes take stuff to the tip": two steps run on, cut where?
    return parts


def _named_task(value: str, intent: str, context: ParseContext) -> Any:
    """A task the store knows, by name: "forget about it" is "never mind", not a task."""
    refs = _known_task(value, intent, context)
    return None if refs == TASK_IT or (isinstance(refs, tuple) and TASK_IT in refs) else refs


def _blocker(value: str, intent: str, context: ParseContext) -> Any:
    """What a task waits for: one task as said, never a time ("Sam can't start until
    Monday")."""
    if is_when(strip_articles(value)):
        return None
    if _WHO_DOES_IT.match(value) or _ONE_BY_PLACE.fullmatch(value.strip()):
        return None  # "depends on us choosing the tiles", "wait for the first one": which
        # task is the model's to read
    ref = _task(value, intent, context)
    return ref if isinstance(ref, str) else None


# "the first one", "the other one": a task said by its place among others
_ONE_BY_PLACE = re.compile(
    r"(?:the )?(?:first|second|third|last|other|next|previous|earlier|later) (?:one|task|job)",
    re.IGNORECASE,
)
# "depends on us choosing the tiles", "wait till I've bought some descaler": someone doing a
# thing, not a task said
_WHO_DOES_IT = re.compile(
    r"(?:us|me|him|her|them|you)\s+\w+ing\b"
    r"|(?:i|we|you|he|she|they)(?:'ve|'d|'ll| have| had| will)?\s+\w+(?:ed|ought|ght|ne)\b",
    re.IGNORECASE,
)


def _first_task(value: str, intent: str, context: ParseContext) -> Any:
    """What is done first ("first get the hymn sheets, then ..."): a task the store knows, or
    one it may hold beyond the recent ones, said as a deed of its own. Not a known task's deed
    said another way ("get the gutters cleaned" for "clean the gutters") nor one holding a
    person ("talk to Morag about ..."): which task, or a new one, is the model's to read."""
    known = _named_task(value, intent, context)
    if known is not None:
        return known
    said = _stems(value) - _STATEMENT_STOP
    if said & _named_words(tuple(context.tasks), tuple(context.people)):
        return None
    return _blocker(value, intent, context)


def _asked(value: str, intent: str, context: ParseContext) -> Any:
    """What someone is asked to do, passed on as a message; a task of the store's handed to
    them ("ask Sam to take care of the catering") is given to them, not messaged."""
    handed = _HANDED_OVER.match(value.strip())
    if handed is not None:
        ref = known_task(value.strip()[handed.end() :], context)
        if isinstance(ref, str) and not ref.startswith("\x00"):
            return None
    return _message_text(value, intent, context)


# how a task is handed to someone (the family assign's words)
_HANDED_OVER = re.compile(
    r"(?:take care of|look after|work on|deal with|handle|take over|take|own|do|have|sort out|"
    r"sort)\s+",
    re.IGNORECASE,
)


def _deed_done(value: str, intent: str, context: ParseContext) -> Any:
    """What a task waits for, said as the deed done ("we've picked the tiles", "I've chased
    the planning office"): a participle, then a task the store has."""
    verb, _, rest = value.strip().partition(" ")
    if not rest or not is_participle(verb):
        return None
    ref = known_task(rest, context)
    return ref if isinstance(ref, str) and not ref.startswith("\x00") else None


def _own_deed_done(value: str, intent: str, context: ParseContext) -> Any:
    """A task of the store's said done by its own verb ("painted the shed door" of "paint the
    shed door"); not another deed ("sold the car" is no car insurance renewed)."""
    verb = value.strip().partition(" ")[0]
    ref = _deed_done(value, intent, context)
    return ref if ref is not None and says_done(verb, ref, context) else None


# "break it into smaller steps": the model has to think of them
_GENERIC_PARTS = re.compile(
    r"(?:(?:smaller|small|separate|sensible|manageable|some|a few|several|two|three|four|five|"
    r"six|\d+) )*(?:steps|pieces|parts|"
    r"chunks|bits|sub-?tasks|tasks|stages|phases|jobs)",
    re.IGNORECASE,
)


def _titles(value: str, intent: str, context: ParseContext) -> Any:
    """New subtasks said one after another ("design, build and test"); None for parts the
    model has to think of ("into smaller steps") or a title that holds a colon."""
    parts = [
        _step_after_then(_STEP_END.sub("", part), context)
        for item in split_items(value)
        for part in _steps_run_on(item)
        if not _FILLER_PART.fullmatch(part)  # "..., check the pressure, oh and book the engineer"
    ]
    if not parts or any(_GENERIC_PARTS.fullmatch(t) or _TITLE_MARKS.search(t) for t in parts):
        return None
    if any(_NO_STEP.search(t) or _TWO_DOINGS_RUN_ON.search(t) for t in parts):
        return None
    if any(two_doings(t, context) for t in parts):
        return None  # "split it into by compost pick bulbs and ...": where the first ends is unsaid
    if any(
        _STEP_OPENS_WRONG.match(t) or titles.new_title(t, intent, context) is None for t in parts
    ):
        return None  # "then 'buy new hinges'": a clause of its own, not a part of the task
    if intent != "task.create":
        # steps said as doings stay so ("split it into scraping off the moss, ..."); "buy
        # cards and stamps" is one step, but a word alone may be a step of its own ("buy the
        # boards, insulate, and ..."): only things said in the plural are bought together
        return _bought_together(parts, plural_only=True)
    return [titles.as_verb(part) for part in _bought_together(parts)]  # "add picking up ..."


# "pull it out soak it and dry it", as a recogniser writes it: a step done to "it" ends where
# the next opens, a word and what it is done to
_STEPS_RUN_ON = re.compile(
    r"\b(?:it|them)(?:\s+(?:out|up|down|off|in|back|over|away))?(?P<gap>\s+)"
    r"(?=(?!(?:and|or|then|so|to|for|from|with|on|at|by|before|after|into|onto|in|round|"
    r"around|through|over|under|up|down|off|out|back|away|across|along|past|near|behind|"
    r"outside|inside|of|as|like|until|till|once|again|first|both|all)\b)[a-z]+\s+"
    r"(?:it|them|the|a|an|some|all|everything)\b)",
    re.IGNORECASE,
)


def _steps_run_on(item: str) -> list[str]:
    """``item`` cut where ``_STEPS_RUN_ON`` finds one step run on into the next."""
    cuts = [said.span("gap") for said in _STEPS_RUN_ON.finditer(item)]
    ends = [0, *(at for span in cuts for at in span), len(item)]
    return [item[ends[i] : ends[i + 1]] for i in range(0, len(ends), 2)]


_PLURAL = re.compile(r"[^s]s$", re.IGNORECASE)
# the verbs of getting things in: what is said after one, a word alone, is bought with it
_BUYING = re.compile(r"(?:buy|get|grab|order|pick up)\s+\S", re.IGNORECASE)


def _bought_together(parts: list[str], *, plural_only: bool = False) -> list[str]:
    """ "add buy milk and eggs to the shopping": one thing to get, the eggs bought with the
    milk ("buy sand and cement", "get neeps and tatties"); a word alone that is a doing of its
    own ("buy a mop and hoover") stays a task."""
    groups: list[list[str]] = []
    for part in parts:
        word = part.strip()
        if (
            groups
            and _BUYING.match(groups[-1][0])
            and " " not in word
            and not is_known_verb(word)
            and (not plural_only or _PLURAL.search(word) is not None)
        ):
            groups[-1].append(word)
        else:
            groups.append([part])
    return [
        group[0] if len(group) == 1 else f"{', '.join(group[:-1])} and {group[-1]}"
        for group in groups
    ]


def _counted(count: int, titles: Any) -> Any:
    """``titles`` when there are as many as were said ("two tasks, A and B"), else None."""
    return titles if isinstance(titles, list) and len(titles) == count else None


# what is no step: a question, the request to add them ("can you add those as steps", "stick
# those under it"), a word that takes back the one before ("no wait")
_NO_STEP = re.compile(
    r"\?|^(?:(?:can|could|would|will) you|please)\b"
    r"|\b(?:those|these|them)\b.*\b(?:steps|subtasks|sub-tasks|under it)\b"
    r"|^(?:no|sorry|wait|no wait|actually|hang on)$"
    # "can you put those under it as steps?": the steps said before, asked for again
    r"|^(?:those|these|them|it|that|this|both)$"
    # "..., it's too much in one go": a statement said after the steps, none of them
    r"|^(?:it's|it is|that's|that is|they're|they are|we're|I'm|there's|it'll|that'll)\s"
    # "..., the one the fox went through", "..., in that order I suppose"
    r"|^the one\b|^in (?:that|this|the right) order\b"
    # "add oat milk, the big one, to shopping": which of the thing before, no thing of its own
    r"|^(?:the|a) (?:[\w'-]+ ){1,2}one$"
    # "fix the door to the garage list", "Benji's doing it": where a task goes, who does it
    r"|\b(?:to|on|onto|into) (?:the|my|our) (?:[\w'-]+ ){0,3}(?:list|project)$"
    r"|(?:'s|\bis) (?:doing|handling|sorting) (?:it|that|them)$"
    # "..., and make Adaeze the owner": who does the task, not a step of it
    r"|^(?:make|put|have) [\w' -]+ (?:the owner|owner|in charge|responsible)(?: of it| for it)?$",
    re.IGNORECASE,
)
# two steps heard with no pause between them ("print the cards address the envelopes"), or a
# step and "buy" heard as "by" ("print the cards by stamps"): which steps, the model's to read
_TWO_DOINGS_RUN_ON = re.compile(
    r"\bthe [\w'-]+ (?!(?:to|for|from|in|into|on|onto|with|without|of|at|by|under|behind|round|"
    r"around|near|off|out|up|down|over|through|and|or|before|after|till|until|past|across|"
    r"inside|outside|beside|between|against|like|as|is|are|was|were|'s|about|regarding)\b)"
    r"[a-z]+ the\b"
    r"|\bby (?!(?:the|a|an|then|now|noon|midday|hand|post|email|phone|car|bus|train|"
    r"tomorrow|tonight|today|next|this|end)\b)[a-z]+s$",
    re.IGNORECASE,
)


_FILLER_PART = re.compile(
    r"(?:oh|um|uh|er|erm|ah|so|right|okay|ok|like)[.!]?"
    # "add one more, um, get a frame for the photo, in the ...": the speaker counting, no task
    r"|(?:just\s+)?(?:one more|another(?: one)?)"
    # "buy drain unblocker, take the trap off, and if that fails, call a plumber": when the
    # next step is done, not a step
    r"|(?:and\s+)?(?:(?:then\s+)?if (?:that|it|all else) (?:fails|doesn't work|does not work)|"
    r"failing that|if not)",
    re.IGNORECASE,
)
# "ring round three roofers and, uh, get Wren to ...": an "and" cut off from its step by a
# filler; "..., and a donkey costume somehow": how it gets done, not what; "count the players
# and pick a colour first": a step is done before its task, said or not
_STEP_END = re.compile(r"(?<=\w)\s+(?:and|somehow|itself|themselves|first)$", re.IGNORECASE)
_NOUN_STEP = re.compile(r"(?:the|a|an|some)\s", re.IGNORECASE)


def _deeds(value: str, intent: str, context: ParseContext) -> Any:
    """Steps said as things to do ("I need to get the model number and call the plumber"); a
    step said as a thing after them shares the verb ("pick up the hamper from Bea and the
    vouchers from the garden centre"), which the grammar cannot write: the model's to read."""
    parts = _titles(value, intent, context)
    if not isinstance(parts, list) or any(_NOUN_STEP.match(t) for t in parts):
        return None
    return parts


# "the doors taking off": a thing, then what is to be done to it ("-ing"), and a particle
_THING_DOING = re.compile(
    # (or what it needs done: "the frame checked, the old plastic stripped off")
    r"(?P<thing>(?:[\w'-]+ ){0,4}?[\w'-]+) (?P<verb>[a-z]+ing|[a-z]{2,}ed|made|done)"
    r"(?: (?P<particle>off|on|up|out|down|in|back|away|over|round|through|together))?",
    re.IGNORECASE,
)
# "..., and then the new washer fitting": the order said before a step, not its thing
_STEP_OPENER = re.compile(r"^(?:and\s+)?(?:then|finally|lastly|after that)\s+", re.IGNORECASE)


def _doings(value: str, intent: str, context: ParseContext) -> Any:
    """Steps said the British way, each a thing and what it needs doing ("the fete cakes need
    flour buying, the tins greasing and the doors taking off"): "buy flour", "grease the
    tins", "take the doors off". Every item has its thing and its "-ing"; a list whose only
    "-ing" is "doing" is ``_titles``' ("new hinges, a latch and a coat of paint doing")."""
    steps, verbs = [], []
    parts = [part.strip(" ,.") for part in split_items(value)]
    if len(parts) > 1 and all(_BARE_DOING.fullmatch(part) for part in parts):
        # "the fridge needs defrosting, emptying and wiping down": the steps as said
        return _titles(", ".join(parts), intent, context)
    for part in parts:
        said = _THING_DOING.fullmatch(_STEP_OPENER.sub("", part))
        if said is None:
            return None
        verb = _verb_of_doing(said["verb"])
        particle = said["particle"]
        if verb is None or (particle and not said["verb"].lower().endswith("ing")):
            return None  # ("the old plastic stripped off": where "off" goes, the model reads)
        verbs.append(verb)
        if particle is None:
            steps.append(f"{verb} {said['thing']}")
        elif particle.lower() in _PARTICLE_FIRST:
            steps.append(f"{verb} {particle} {said['thing']}")  # "bag up the leaves"
        else:
            steps.append(f"{verb} {said['thing']} {particle}")  # "take the doors off"
    if not steps or set(verbs) == {"do"}:
        return None
    return (
        _titles(", ".join(steps), intent, context)
        if len(steps) > 1
        else (steps if titles.new_title(steps[0], intent, context) is not None else None)
    )


def _verb_of_doing(word: str) -> str | None:
    """The verb of a step's "-ing" ("greasing": "grease") or of what it needs done ("checked":
    "check", "stripped": "strip", "made": "make"); None when unsure."""
    if word.lower().endswith("ing"):
        return verb_of_any(word)
    return verb_of_participle(word) or verb_of_any(word[:-2] + "ing")


# a step said as its "-ing" alone, of the task it is a step of ("emptying", "wiping down")
_BARE_DOING = re.compile(r"[a-z]{3,}ing(?:\s+(?:down|up|out|off|over|through|in|back))?", re.I)
# said before the thing, as the dev sets' writers write them ("weigh out the salt")
_PARTICLE_FIRST = frozenset(("up", "out", "in", "through"))


def _step_after_then(part: str, context: ParseContext) -> str:
    """ "find the screws, then fit the latch": a later step said with "then" is a step; "then
    give it to Sam" is a request of its own (the grammar reads it), and stays as said."""
    part = _AFTER_AT_END.sub("", part)  # "..., and oil the blades after": said last
    said = _THEN_STEP.match(part)
    if said is None:
        return part
    step = part[said.end() :]
    words = step.lower().split()
    if not words or len(words) > MAX_THEN_STEP_WORDS or words[0] in _NOT_A_STEP:
        return part  # (said before reading the whole step again: that costs milliseconds)
    return part if match(step, context) is not None else step


# a later step said with "then" is short ("then fit the latch"); a request opens on its verb
MAX_THEN_STEP_WORDS = 6


# ("..., and then actually buy the policy", "..., and finally varnish it", "first find the
# old permit number, then ...": no "first aid kit")
_FIRST_AS_A_THING = (  # "first coat", "first aid kit": no step said first
    r"aid|aider|class|floor|prize|team|half|round|thing|coat|layer|draft|batch|lot|bit|go|pass|"
    r"time|one|few|two|three"
)
_THEN_STEP = re.compile(
    r"(?:and\s+)?(?:then|finally|lastly|last of all"
    rf"|(?:first|firstly|first of all),?(?!\s+(?:{_FIRST_AS_A_THING})\b))"
    r"\s+(?:actually\s+)?",
    re.IGNORECASE,
)
_AFTER_AT_END = re.compile(r"(?<=\w)\s+(?:after|after that)$", re.I)  # ("test it afterwards" stays)
# the words a request said after "then" opens on ("then another one for ...", "then tick it")
_NOT_A_STEP = REQUEST_OPENERS | {"another", "one", "you", "stick", "jot", "note", "tick"}
# "then buy new hinges": a clause of its own; "called by brasso": "buy" misheard, or a link
# word that ties the step to something else: no step opens on one
_STEP_OPENS_WRONG = re.compile(
    r"(?:then|by|to|at|on|for|from|with|of)\s"
    # "under the catering, put another new item to paint the fence": a new task, not a step
    r"|(?:a|an|another|one more)\s+(?:new\s+)?(?:task|item|job|to-?do|thing)\b",
    re.IGNORECASE,
)


# intents whose titles are new tasks
_NEW_TITLES = frozenset(("project.create", "task.create"))
# "put it back on the list": a task there already, not a new one called "it"
_NOT_ITEMS = re.compile(r"(?:it|that|this|them|those|these)(?: back| again)?", re.IGNORECASE)
# "write down paint the fence": "down" is the verb's, not the title's
_NOTED_DOWN = re.compile(r"down\b", re.IGNORECASE)


def _is_more_than_a_title(title: str, context: ParseContext) -> bool:
    """True when a new task's title is a pronoun, or holds a time (read or not) or what the
    router's slot checks find."""
    if _NOT_ITEMS.fullmatch(title) or _NOTED_DOWN.match(title) or titles.is_lead(title):
        return True
    if titles.is_placeholder(title) or titles.is_priority(title):  # "add a task to it", "medium"
        return True
    # a time said in a title, found or not (``find_when``, ``holds_unread_when``: a match of
    # the time expression either way), is a deadline no slot has read
    if WHEN_PATTERN.search(title) is not None:
        return True
    return has_findings(Action("task.create", {"title": title}), context)


def _opens_known_task(word: str, context: ParseContext) -> bool:
    """Whether a known task's name can begin with ``word``: a word of one, an article, "it",
    or a verb's "-ing" ("booking the venue")."""
    stems = _stems(word)
    return bool(stems & _task_words(context.tasks)) or word.lower().endswith("ing")


Check = Callable[[str, str, ParseContext], Any]


def _opens_name(word: str, context: ParseContext) -> bool:
    """Whether a person can be named from ``word`` on: a known person's first word, "me",
    "him" and the like, or a word said as a name (misheard: "Alec")."""
    lowered = re.sub(r"(?:'s|s'|')$", "", word.lower())
    return (
        word[:1].isupper()
        or lowered in _POSSESSIVE
        or lowered in _PRONOUN
        or lowered in _first_names(context.people)
        or lowered[:-1] in _first_names(context.people)  # "lucas tasks": Luca's
        or (len(lowered) >= MIN_MISHEARD and person_by_sound(lowered, context) is not None)
        or may_open_name_by_sound(lowered, context)  # "a lex", "bar tech" for Bartek
        or opens_a_name_heard(lowered, tuple(context.people))  # "bee" for Bea, "shiv on"
    )


@lru_cache(maxsize=64)
def _first_names(people: tuple[str, ...]) -> frozenset[str]:
    # (and the name after a title: "Pam" of Auntie Pam)
    return frozenset(
        word
        for name in people
        if name.split()
        for word in (name.split()[0].lower(), titles.first_name(name))
    )


# lists whose first word alone can rule a value out (the walk then tries no longer one)
OPENERS: dict[str, Callable[[str, ParseContext], bool]] = {
    "known_task": _opens_known_task,
    "named_task": _opens_known_task,
    "assignee": _opens_name,
    "known_person": _opens_name,
    "source": _opens_name,
    "recipient": _opens_name,
    "attendees": lambda word, context: word.lower() in _GROUP_OPENERS or _opens_name(word, context),
}
# the most words a value of a list can have (a person's name, a state: "taken care of"; "on
# the 12th of October at quarter to eight in the evening" is eleven, and "on Friday the 12th
# of ..." thirteen: a meeting's, a reminder's or a task's time)
MAX_WORDS = {
    "assignee": 4,
    "known_person": 4,
    "source": 4,
    "recipient": 4,
    "attendees": 10,
    "subject": 2,
    "deed": 2,
    "location": 5,
    "owned_place": 4,
    "state": 3,
    "made_state": 3,
    "doing": 2,
    "due": 13,
    "when": 13,
    "clock": 11,
    "hour": 4,
    "project": 4,
    "known_project": 4,
    "whole_project": 4,
    "kind_of_meeting": MAX_TOPIC_WORDS,
}
# what a value of a list never holds, so no longer run of words is one either
_NO_TASK = re.compile(rf"[,;?]|{_NOT_A_NAME.pattern}", re.IGNORECASE)
_NO_NAME = re.compile("[,;]")
# (no task's name holds a question mark: "add subtasks to the permit one? Find the V5, ...")
_NO_TASK_NAME = re.compile("[,;?]")
STOPS = {
    "task": _NO_TASK,
    "unknown_task": _NO_TASK,
    "known_task": _NO_TASK_NAME,
    "named_task": _NO_TASK_NAME,
    "due": _NO_NAME,
    "when": _NO_NAME,
    "clock": _NO_NAME,
    "hour": _NO_NAME,
    "title": _NO_NAME,
    "todo": _NO_NAME,
    "fresh_todo": _NO_NAME,
    "verb_todo": _NO_NAME,
    "whole_task": _NO_TASK_NAME,
    "duty": _NO_NAME,
    "noted": _NO_NAME,
    "put_down": _NO_NAME,
    "plain": _NO_NAME,
    "location": _NO_NAME,
    "owned_place": _NO_NAME,
    "name": _NO_NAME,
    "project": _NO_TASK,
    "known_project": _NO_NAME,
    "whole_project": _NO_NAME,
    "one_title": _NO_NAME,
    "blocker": _NO_TASK,
    "first_task": _NO_TASK,
    "kind_of_meeting": _NO_NAME,
}
# the check of each open list, by list name (``{known_task:task}`` fills ``task``)
CHECKS: dict[str, Check] = {
    "assignee": _person,
    "source": _person,
    "recipient": _recipient,
    "text": _message_text,
    "project": _project,
    "known_project": _known_project,
    "whole_project": _whole_project,
    "one_title": _one_title,
    "duration": _duration,
    "before": _duration,
    "due": _due,
    "when": _when,
    "clock": _clock,
    "hour": _hour,
    "label": _label,
    "title": _title,
    "todo": titles.todo,
    "fresh_todo": _fresh_todo,
    "verb_todo": _verb_todo,
    "whole_task": _whole_task,
    "verb_titles": _verb_titles,
    "duty": titles.duty,
    "noted": titles.noted,
    "put_down": titles.put_down,
    "plain": titles.plain,
    "known_person": titles.known_person,
    "for_person": titles.known_person,  # "add ring the plumber for Dev" (said_for_whom)
    "task": _task,
    "unknown_task": _unknown_task,
    "known_task": _known_task,
    "named_task": _named_task,
    "blocker": _blocker,
    "first_task": _first_task,
    "deed_done": _deed_done,
    "own_deed_done": _own_deed_done,
    "denied": _denied,
    "asked": _asked,
    "titles": _titles,
    "two_titles": lambda value, intent, context: _counted(2, _titles(value, intent, context)),
    "three_titles": lambda value, intent, context: _counted(3, _titles(value, intent, context)),
    "deeds": _deeds,
    "doings": _doings,
    "attendees": _attendees,
    "location": _location,
    "owned_place": _owned_place,
    "name": _new_project,
    "reason": _reason,
    "statement": _statement,
    "news": _news,
    "needed": _needed,
    "done_to_it": _done_to_it,
    "note": _note,
    "subject": _subject,
    "event": _event,
    "topic": _meeting_topic,
    "kind_of_meeting": _kind_of_meeting,
    "other_day": _other_day,
    "habit": _habit,
    "deed": _deed,
    "tags": _tags,
}

# the lists whose check refuses any value that holds no match of an expression (``_news``,
# ``_needed``, ``_denied``, ``_done_to_it``): a sentence filling one is tried only on a clause
# that may hold a match (``Template.slots_said_in``)
CHECKED_IN: dict[str, re.Pattern[str]] = {
    "news": _NEWS,
    "needed": _NEEDED,
    "denied": _DENIED,
    "done_to_it": _PAST_DEED,
}


def _is_done_state(state: str, params: dict[str, Any], context: ParseContext) -> bool:
    """ "the venue is booked": a word for done, or the task's own verb done ("book the
    venue"); only a word for done said of "it"."""
    refs = params.get("task")
    return all(
        state.lower() in DONE_WORDS if ref == TASK_IT else says_done(state, ref, context)
        for ref in (refs if isinstance(refs, tuple) else (refs,))
    )


def _is_doing(said: str, params: dict[str, Any], context: ParseContext) -> bool:
    """ "the venue needs booking by Friday": a word for doing it, or the task's own verb in
    "-ing"; only a word for doing it said of "it"."""
    ref = params.get("task")
    if not isinstance(ref, str):
        return False
    return said.lower() in DOING_WORDS if ref == TASK_IT else says_doing(said, ref, context)


def _is_finished(said: str, params: dict[str, Any], context: ParseContext) -> bool:
    """ "until the venue's booked", "till the catering's confirmed": a word for done or a past
    participle (what a task waits for is the same whatever word says it is done)."""
    lowered = said.lower()
    if lowered in DONE_WORDS or lowered in _THERE or is_participle(said):
        return True
    # "till the tomatoes are potted on": a participle and its verb's particle
    verb, _, particle = lowered.partition(" ")
    return particle in _PARTICLES and is_participle(verb)


_PARTICLES = frozenset(("on", "up", "in", "off", "out", "down", "back", "over", "through", "away"))


def _is_away_time(said: str, params: dict[str, Any], context: ParseContext) -> bool:
    """ "(he's off) till January", "for a fortnight", "the new year": how long someone is away."""
    words = said.lower().strip()
    return (
        is_when(words)
        or duration_phrase(words) is not None
        or bool(find_when(words))
        or words in MONTHS
        or _AWAY_FOR.fullmatch(words) is not None
    )


_AWAY_FOR = re.compile(
    r"(?:(?:a|an|one|two|three|four|\d+|the|next|this|that|a couple of|a few) )?"
    r"(?:fortnight|weeks?|weekends?|months?|days?|bit|while|new year|half term|holidays?|"
    r"christmas|easter|(?:the )?(?:summer|winter|spring|autumn))|good"
)


# "once the shelves are up", "till the quotes are back": done, said as where it is now
_THERE = frozenset(("up", "in", "back", "ready", "through", "out", "here", "over", "finished",
                    # "till the invoices have gone out", "once the money's come in"
                    "gone out", "gone off", "come in", "come back", "come through",
                    # "till the shelves are empty", "once the tree's down", "till it's dry"
                    "empty", "clear", "dry", "down", "on", "off", "open",
                    # "till the wormery's set up", "once the shelves are put up"
                    "set up", "put up", "put in", "set"))  # fmt: skip


Agreement = Callable[[str, dict[str, Any], ParseContext], bool]
# Slots said but no parameter of the action: each must agree with the parameters said
# ("the venue is {state}") or just be what its list allows ("{someone} finished the catering").
SAID_ONLY: dict[str, Agreement] = {
    "state": _is_done_state,
    "doing": _is_doing,
    "blocker_state": _is_finished,
    "away_time": _is_away_time,
    # "the roof windows can't be fixed till ...": how the waiting task is said to get done
    "waiting_state": _is_finished,
    "someone": lambda said, params, context: True,
    "where": lambda said, params, context: True,
    "which": lambda said, params, context: True,  # "is the mower service overdue?": of which
    # an aside's words: what makes it one, no parameter
    "reason": lambda said, params, context: True,
    "statement": lambda said, params, context: True,
    "subject": lambda said, params, context: True,
    "habit": lambda said, params, context: True,
    "deed": lambda said, params, context: True,
}


# the lists whose check reads the intent only to tell these apart (none: it reads no intent):
# a value is checked once for all the other intents' sentences that try it ("<known_task> is
# ...", "<known_task> to ...", "<known_task> by ..."), not once per intent
_INTENTS_TOLD: dict[str, frozenset[str]] = {
    "known_task": frozenset(),
    "named_task": frozenset(),
    "known_project": frozenset(),
    "whole_project": frozenset(),
    "known_person": frozenset(),
    "for_person": frozenset(),
    "when": frozenset(),
    "clock": frozenset(),
    "due": frozenset(("task.set_due", "modifier")),
    "duration": frozenset(("meeting.schedule",)),
    "before": frozenset(("meeting.schedule",)),
}


def _params(
    template: Template, slots: Slots, context: ParseContext, low: str = ""
) -> dict[str, Any] | None:
    """Gather the slot values said (each checked as it was matched); None when a parameter
    was said twice or a said-only slot does not agree with the rest."""
    params = dict(template.fixed)
    for name, _list, value in slots:
        if params.get(name) and params[name] != SAME_PROJECT:
            return None  # one parameter said twice
        params[name] = value  # "another for the garden list": not the project before
    for name, agrees in SAID_ONLY.items():
        said = params.pop(name, None)
        if said is not None and not agrees(said, params, context):
            return None
    if not _is_whole(template.intent, params, context):
        return None
    if template.intent == "task.create" and not _is_sure(params, template.family, context, low):
        return None
    return _with_implied(template.intent, drop_empty(params))


def _with_implied(intent: str, params: dict[str, Any]) -> dict[str, Any]:
    """A reminder before a task's deadline is about that task: its text is the task's name
    ("it" for the task in context), as the corpus writes it (tests/data/README.md). People
    said on both sides of a meeting ("Sam and I need to catch up with Jo") are all at it."""
    if intent == "meeting.schedule" and "others" in params:
        others = params.pop("others")
        said = [*params.get("attendees", ()), *others]
        return {**params, "attendees": [p for i, p in enumerate(said) if p not in said[:i]]}
    if intent != "reminder.create" or "text" in params or "task" not in params:
        return params
    task = params["task"]
    named = isinstance(task, str) and not task.startswith("\x00")  # not "it", nor a stand-in
    return {"text": task if named else "it", **params}


def _is_whole(intent: str, params: dict[str, Any], context: ParseContext) -> bool:
    """False for a dependency that cannot be: a task waiting for itself or for two tasks, or
    one said by a name the store does not know as a task ("Kofi can't start until ...": a
    person, most likely); for a message to part of a name ("Priya" of "Priya Shah"); and for
    a new task whose title holds more than a title ("milk due Friday")."""
    if intent == "message.send":
        return not _cuts_a_name(params.get("to"), str(params.get("text", "")), context)
    if intent in _NEW_TITLES:  # checked once the whole clause is read: it costs the most
        said = [*params.get("titles", ()), *([params["title"]] if "title" in params else ())]
        return not any(_is_more_than_a_title(title, context) for title in said)
    if intent == "reminder.create":  # a reminder needs a time, or a deadline to come before
        return ("when" in params or "before" in params) and not _cuts_a_name(
            params.get("person"), str(params.get("text", "")), context
        )
    if intent != "task.add_dependency":
        return True
    blocker = params.get("blocker")
    tasks = params.get("task")
    refs = [*(tasks if isinstance(tasks, tuple) else (tasks,)), blocker]
    if not isinstance(blocker, str) or any(_is_name(ref, context) for ref in refs):
        return False
    if blocker.lower() in [str(ref).lower() for ref in refs[:-1]]:
        return False
    # ("the doors are stuck behind the sanding": "the sanding" of "sand the doors" is the
    # doors' own task, said again)
    return not any(
        isinstance(ref, str) and same_known_task(ref, blocker, context) for ref in refs[:-1]
    )


# families whose details after a new title may say who does it ("... for Alex due tomorrow")
_SAYS_WHO = frozenset(("add_task", "add_plain", "another_task"))
_FOR_SOMEONE = re.compile(r"\s+for\s+(?P<person>[\w'.-]+(?:\s+[\w'.-]+)?)$", re.IGNORECASE)


def _is_sure(params: dict[str, Any], family: str, context: ParseContext, low: str = "") -> bool:
    """False for a new task whose deadline the time finder would read otherwise with its
    title ("order 6 tomorrow": six of something?; "water the plants once a week on Monday":
    how often, not when; not "print the map by nine tomorrow", its deadline said after "by"),
    or whose title ends with someone nobody knows beside a deadline ("buy flowers for Sarah
    by Friday": who does it, or for whom?)."""
    title, due = params.get("title"), params.get("due")
    if not isinstance(title, str) or not isinstance(due, str):
        return True
    lead = "by " if re.search(rf"\b(?:by|before|due) {re.escape(due.lower())}\b", low) else ""
    if holds_unread_when(f"{title} {lead}{due}"):
        return False
    if family not in _SAYS_WHO or "assignee" in params:
        return True
    found = _FOR_SOMEONE.search(title)
    return found is None or person_ref(found["person"], context.people) is None


def _cuts_a_name(person: Any, rest: str, context: ParseContext) -> bool:
    """True when the words after ``person`` go on with a longer known name."""
    if not isinstance(person, str):
        return False
    longer = known_prefix(f"{person} {rest}", context.people)
    if longer is not None and len(longer) > len(person):
        return True
    # "tell Mei Ling the receipts ...": "Mei" and "Ling the receipts", beside Mei Ling Chow
    said = f"{person} {rest.split()[0]}".lower() if rest.split() else ""
    return bool(said) and any(f"{name.lower()} ".startswith(f"{said} ") for name in context.people)


def _is_name(ref: Any, context: ParseContext) -> bool:
    """True for a task said as a capitalised name that no known task has ("Kofi", not
    "FAQ")."""
    if not isinstance(ref, str) or is_known_task(ref, context):
        return False
    words = ref.split()
    if (
        len(words) == 1
        and _SENTENCE_OPENING_DEED.fullmatch(ref)
        and not _a_known_name(ref, context)
    ):
        return False  # "Sanding comes first.": a doing, capitalised as a sentence's first word
    is_named = all(word[:1].isupper() and not word.isupper() for word in words)
    return is_named and len(words) <= MAX_NAME_WORDS


# a doing said alone ("Sanding", "Painting"): capitalised where a recogniser opens a sentence
_SENTENCE_OPENING_DEED = re.compile(r"[A-Z][a-z]{2,}ing")


def _a_known_name(word: str, context: ParseContext) -> bool:
    """Whether ``word`` is a name, or part of one, of someone the store knows."""
    return any(word.lower() in person.lower().split() for person in context.people)


# a time said alone only ever adds to a new task said before it
_NOT_STANDALONE = frozenset(("bare_when", "bare_priority", "bare_project"))


# the kind of meeting its title ends on, by the family that says it after the topic
_TITLED = {"titled_catch_up": "catch-up", "titled_committee": "committee", "titled_agm": "AGM"}


def titled_catch_up(params: dict[str, Any], family: str) -> dict[str, Any]:
    """A meeting's parameters with "catch-up" in its title when the family says so ("a podcast
    catch-up": "podcast catch-up"; "the netball committee": "netball committee"); as they are
    otherwise. The corpus generator writes the same."""
    kind = _TITLED.get(family)
    if kind is None or not isinstance(params.get("title"), str):
        return params
    return {**params, "title": f"{params['title']} {kind}"}


def given_and_due(params: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """A ``task.assign`` said with a ``due`` as its two changes: the task given, and its
    deadline set (the parameters of each). The corpus generator writes the same."""
    given = {key: value for key, value in params.items() if key != "due"}
    return given, {"task": params["task"], "due": params["due"]}


def _pieces(intent: str, params: dict[str, Any], family: str = "") -> list[Piece]:
    """One action, or one per task when two were said ("finish the gate and the flowers"); a
    new list said with what goes on it is the project, then a new task on it for each."""
    params = titled_catch_up(params, family)
    if intent == MODIFIER:
        return [Piece(intent, params, is_standalone=family not in _NOT_STANDALONE)]
    if intent == "project.create" and "titles" in params:
        made = [Piece("task.create", {"title": strip_articles(title), "project": NEW_PROJECT})
                for title in params["titles"]]  # fmt: skip
        return [Piece(intent, {"name": params["name"]}), *made]
    if intent == "task.create":
        return _new_tasks(params, family)
    if intent == "task.assign" and "due" in params:  # "put Kit on the hymn sheets for Friday"
        given, due = given_and_due(params)
        return [*_pieces(intent, given), *_pieces("task.set_due", due)]
    refs = params.get("task")
    if isinstance(refs, tuple):
        return [Piece(intent, {**params, "task": ref}) for ref in refs]
    return [Piece(intent, params)]


def said_for_whom(params: dict[str, Any]) -> dict[str, Any]:
    """ "add ring the plumber for Dev": who does the new task; "add buy a card for Dad": who it
    is for, part of its title (a gift, or a task someone else already does)."""
    whom = params.get("for_whom")
    if whom is None:
        return params
    rest = {key: value for key, value in params.items() if key != "for_whom"}
    title = rest.get("title")
    if "assignee" in rest or (isinstance(title, str) and is_a_gift(title.lower())):
        if isinstance(title, str):
            rest["title"] = f"{title} for {whom}"
        return rest
    return {**rest, "assignee": whom}


def _new_tasks(params: dict[str, Any], family: str) -> list[Piece]:
    """One new task for each item said ("milk and eggs"), or the one task said; a noted fact
    says what to do ("the hose needs replacing": "replace the hose"); a task said to wait
    for the one before ("... that waits for it") depends on it."""
    params = said_for_whom(params)
    rest = {key: value for key, value in params.items() if key not in ("titles", "waits")}
    if "titles" in params:
        items = params["titles"]
        return [Piece("task.create", {"title": strip_articles(t), **rest}) for t in items]
    if family == "note_that":
        rest["title"] = statement_title(rest["title"])
    made = [Piece("task.create", rest)]
    if "waits" in params:
        made.append(Piece("task.add_dependency", {"task": TASK_IT, "blocker": params["waits"]}))
    return made


@dataclass(frozen=True)
class _Sieve:
    """The templates' first words, last words and key words as bit masks over the templates
    (bit ``n``: ``grammar.templates[n]``), so that a clause's candidates are found with a few
    look-ups and ANDs, not by reading every template the first word lets through."""

    any_first: int  # the templates that may open with any word
    by_first: dict[str, int]
    any_last: int
    by_last: dict[str, int]
    # for each place in a template's ``keys``: the templates holding each word there, and
    # those with fewer keys than that (nothing to say there); the words, as a set to meet
    # the clause's (a dict's keys would be read one by one)
    by_key: tuple[dict[str, int], ...]
    keyless: tuple[int, ...]
    key_words: tuple[frozenset[str], ...]

    def candidates(self, first: str, last: str | None, tokens: frozenset[str]) -> int:
        """The templates that may match a clause opening with ``first``, ending with ``last``
        and saying ``tokens``: the firsts, lasts and keys checks of every template at once."""
        lasts = self.any_last if last is None else self.any_last | self.by_last.get(last, 0)
        found = (self.any_first | self.by_first.get(first, 0)) & lasts
        for by_word, keyless, words in zip(self.by_key, self.keyless, self.key_words, strict=True):
            said = keyless
            for word in tokens & words:
                said |= by_word[word]
            found &= said
            if not found:
                break
        return found


@lru_cache(maxsize=1)  # one grammar, loaded once
def _sieve(grammar: Grammar) -> _Sieve:
    """Index the templates of ``grammar`` by their first, last and key words, as bits."""
    any_first = any_last = 0
    by_first: dict[str, int] = {}
    by_last: dict[str, int] = {}
    places = max((len(template.keys) for template in grammar.templates), default=0)
    by_key: tuple[dict[str, int], ...] = tuple({} for _ in range(places))
    keyless = [0] * places
    for number, template in enumerate(grammar.templates):
        bit = 1 << number
        if template.firsts is None:
            any_first |= bit
        for word in template.firsts or ():
            by_first[word] = by_first.get(word, 0) | bit
        if template.lasts is None:
            any_last |= bit
        for word in template.lasts or ():
            by_last[word] = by_last.get(word, 0) | bit
        for place in range(places):
            if place >= len(template.keys):
                keyless[place] |= bit
                continue
            for word in template.keys[place]:
                by_key[place][word] = by_key[place].get(word, 0) | bit
    words = tuple(frozenset(by_word) for by_word in by_key)
    return _Sieve(any_first, by_first, any_last, by_last, by_key, tuple(keyless), words)


def match(
    text: str, context: ParseContext, checked: dict[tuple[str, str, str], Any] | None = None
) -> tuple[str, list[Piece]] | None:
    """Return (family, pieces) for the first reading of ``text`` the grammar fully accounts
    for, or None. ``checked``: slot values checked before in the same context (the fast path
    passes one for all the clauses of an utterance: they overlap), filled as it goes."""
    grammar = load()
    clause = _said(text, grammar, context, checked)
    low = clause.low
    first = _WORD.match(low.lstrip())
    tokens = _tokens(low)
    last = _LAST_WORD.search(low.rstrip())
    last_word = last.group() if last else None
    # the cheap look-ups first: the first and last words and the keys, all templates at once
    found = _sieve(grammar).candidates(first.group() if first else "", last_word, tokens)
    by_intent: dict[str, _Said] = {}  # the clause for each intent's sentences, made once
    while found:
        bit = found & -found  # the lowest: the templates in order
        found ^= bit
        template = grammar.templates[bit.bit_length() - 1]
        if not all(map(low.__contains__, template.needs)):
            continue
        if template.said_in is not None and not may_match(template.said_in, low):
            continue  # (no match of the shape: the walk would find none)
        if template.slots_said_in and not all(
            may_match(strings, low) for strings in template.slots_said_in
        ):
            continue  # (a slot's check would refuse every value the clause holds)
        if not template.shape.fullmatch(low):
            continue
        said = by_intent.get(template.intent)
        if said is None:
            said = by_intent[template.intent] = clause.walked_by(template.intent)
        readings = _readings(template, said, context)
        params = next(readings, None)
        if params is None:
            continue
        if template.intent in ONE_TASK_ONLY:
            params = _one_task(params, readings, context)
            if params is None:
                return None
        return template.family, _pieces(template.intent, params, template.family)
    return None


def _readings(template: Template, said: _Said, context: ParseContext) -> Iterator[dict[str, Any]]:
    """Yield the parameters of every reading of the whole clause that passes every check."""
    for end, slots in _walk(template.expression, said, 0, END):
        if _skip(said, end) == len(said.low):
            params = _params(template, slots, context, said.low)
            if params is not None and not _where_not_a_list(template.intent, params, said.low):
                yield params


def _where_not_a_list(intent: str, params: dict[str, Any], low: str) -> bool:
    """Whether a new task's list is said in part after "in" ("fit the skirting boards in the
    garage": where the job is, not the garage conversion list); said whole, or with "list",
    it is the list ("in the garage conversion", "in the garage list")."""
    project = params.get("project")
    if intent != "task.create" or not isinstance(project, str) or project.lower() in low:
        return False
    words = "|".join(re.escape(word) for word in project.lower().split())
    return re.search(rf"\bin (?:the|my|our) (?:{words})\b(?! (?:list|project))", low) is not None


def _one_task(
    params: dict[str, Any], readings: Iterator[dict[str, Any]], context: ParseContext
) -> dict[str, Any] | None:
    """The reading of a clause when every reading names the same task, or when only one of
    the tasks named is known ("push the catering back": "catering", not "catering back");
    None when the clause names one of two tasks and nothing says which."""
    task = params.get("task")
    others = [other for other in islice(readings, MAX_READINGS) if other.get("task") != task]
    if not others:
        return params
    known = [reading for reading in (params, *others) if _is_known(reading.get("task"), context)]
    return known[0] if len({repr(reading.get("task")) for reading in known}) == 1 else None


def _is_known(ref: Any, context: ParseContext) -> bool:
    return ref == TASK_IT or (isinstance(ref, str) and is_known_task(ref, context))
