"""How sure the fine-tuned parser was of an answer, counting only the doubt nothing else checks.

The model's confidence in an answer is its least likely token (``tuned.answer_confidence``).
Much of that doubt is about how to write a value, not which value it is: "at three" or "at
3pm", "the 1st of December" or "1 December", "Olivia" or "Olivia Grant" (the decoding grammar
then forces the surname on a model that wanted to stop: probability 0.001). When a date, time
or length the answer wrote reads as the same moment or length as words said in the utterance,
or a person it names is one the store knows and was said, the value has been checked against
what was said, and the model's doubt about how to spell it says nothing about whether the
answer is right. Those values' tokens are left out of the minimum. Everything else still
counts: the action types, the parameter names, where a value ends, titles, notes, task
references, priorities, and every value that does not check out.

Not when the speaker takes something back ("Thursday, no wait, Friday", "give it to Sam,
actually Priya"): both were said, so a value that matches words said may be the one dropped.

Chosen on the dev sets' model answers (bench/eval_parser.py; the closing note of the session
has the figures); ``Router`` compares this confidence with ``[llm] confirm_below``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from services.config import Dates
from services.nlu import ParseContext
from services.nlu.commands import ACTIONS
from services.nlu.slots import SMALL_WORDS
from services.nlu.timeparse import (
    MONTHS,
    WEEKDAYS,
    normalize,
    resolve_duration,
    resolve_when,
    resolved,
)

_GROUNDED = 75  # rapidfuzz partial ratio for a person's name to count as said
MAX_TIME_WORDS = 8  # the longest span of the utterance tried as a time ("a week on ...")
# A span tried as a time holds at least one of these (or a number): the rest never resolve.
_TIME_ANCHORS = frozenset((
    *WEEKDAYS, *MONTHS, "today", "tomorrow", "tonight", "noon", "midday", "midnight",
    "morning", "afternoon", "evening", "night", "weekend", "week", "weeks", "fortnight",
    "month", "months", "year", "second", "seconds", "minute", "minutes", "min", "mins",
    "hour", "hours", "day", "days", "half", "quarter", "christmas", "eve", "end",
))  # fmt: skip
_NUMBER = re.compile(r"\d")
_WORD = re.compile(r"[\w':]+")  # a said word without the punctuation around it
# Words a speaker takes something back with: then two values were said, and either may be
# the one meant.
_TAKES_BACK = re.compile(
    r"\b(?:no|not|nope|wait|sorry|actually|i mean|rather|instead|scratch that|make that|"
    r"correction|or)\b",
    re.IGNORECASE,
)
_DATES = Dates()


@dataclass(frozen=True)
class Value:
    """One parameter value of an answer: where it is (bytes of the answer's UTF-8) and what."""

    start: int
    end: int
    action: str
    key: str
    text: str


def values(answer: str) -> list[Value]:
    """Return every ``key=value`` of a notation answer with its byte span, in order."""
    raw = answer.encode()
    found = []
    line_start = 0
    for line in raw.split(b"\n"):
        type_, space, rest = line.partition(b" ")
        position = line_start + len(type_) + len(space)  # where ``rest`` starts
        for part in rest.split(b";"):
            key, equals, value = part.partition(b"=")
            if equals:
                stripped = value.strip()
                start = position + len(key) + 1 + len(value) - len(value.lstrip())
                found.append(
                    Value(
                        start,
                        start + len(stripped),
                        type_.strip().decode(errors="replace"),
                        key.strip().decode(errors="replace"),
                        stripped.decode(errors="replace"),
                    )
                )
            position += len(part) + 1
        line_start += len(line) + 1
    return found


def is_checked(value: Value, utterance: str, context: ParseContext) -> bool:
    """True when what was said bears ``value`` out and leaves no other choice for it.

    A date, time or length is checked when it means what words said mean and no other date,
    time or length was said (else the model may have put each in the other's place); a person
    when the store knows them, they were said and no other known person was; a task
    reference when it is said word for word, names one of the store's open tasks and no
    other open task was named.
    """
    spec = ACTIONS.get(value.action)
    if spec is None or value.key not in spec.params or _TAKES_BACK.search(utterance):
        return False
    kind = spec.params[value.key].kind
    if kind in ("when", "duration"):
        return _only_time_said(value.text, utterance, kind, context.now)
    if kind in ("person", "people"):
        names = {name.strip() for name in value.text.split("+")}
        said = {name for name in context.people if is_person_said(name, utterance)}
        firsts = {_first(name) for name in names}
        return names <= said and all(_first(name) in firsts for name in said)
    if kind == "task":
        return _only_task_said(value.text, utterance, context.tasks)
    return False


def confidence(
    answer: str,
    lengths: tuple[int, ...],
    probabilities: tuple[float, ...],
    utterance: str,
    context: ParseContext,
) -> float | None:
    """Return the least likely token of ``answer`` outside its checked values.

    ``lengths`` are the tokens' lengths in bytes, ``probabilities`` how likely the model found
    each. None when the tokens do not spell the answer (nothing to align them with).
    """
    if len(lengths) != len(probabilities) or sum(lengths) != len(answer.encode()):
        return None
    checked = [v for v in values(answer) if is_checked(v, utterance, context)]
    doubts = []
    start = 0
    for length, probability in zip(lengths, probabilities, strict=True):
        end = start + length
        if not any(v.start <= start and end <= v.end for v in checked):
            doubts.append(probability)
        start = end
    return round(min(doubts), 3) if doubts else 1.0


def _only_time_said(value: str, utterance: str, kind: str, now: datetime) -> bool:
    """True when words said mean ``value`` and no other words said mean another time."""
    meant = resolved(_resolver(kind, now), value)
    if meant is None:
        return False
    spans = _time_spans(utterance, kind, now)
    matched = [span for span, when in spans if when == meant]
    inside = {position for span in matched for position in span}
    return bool(matched) and all(set(span) <= inside for span, _ in spans)


@lru_cache(maxsize=16)
def _time_spans(utterance: str, kind: str, now: datetime) -> tuple[tuple[range, Any], ...]:
    """Every span of the utterance (up to MAX_TIME_WORDS words) that reads as a time or a
    length, with what it means: worked out once per utterance, not once per value."""
    resolve = _resolver(kind, now)
    said = _WORD.findall(normalize(utterance))
    spans = []
    for first in range(len(said)):
        for last in range(first + 1, min(len(said), first + MAX_TIME_WORDS) + 1):
            words = said[first:last]
            if not any(w in _TIME_ANCHORS or _NUMBER.search(w) for w in words):
                continue
            when = resolved(resolve, " ".join(words))
            if when is not None:
                spans.append((range(first, last), when))
    return tuple(spans)


def _resolver(kind: str, now: datetime) -> Callable[[str], Any]:
    if kind == "duration":
        return resolve_duration
    return lambda phrase: resolve_when(phrase, now, _DATES)


def is_person_said(name: str, utterance: str) -> bool:
    """A person's whole name, or their first name, said (or misheard a little); the parser
    refuses an answer naming someone who was not (``tuned._ungrounded``)."""
    said = utterance.lower()
    return any(
        fuzz.partial_ratio(part.lower(), said) >= _GROUNDED for part in (name, name.split()[0])
    )


def _first(name: str) -> str:
    return name.split()[0].lower()


def _only_task_said(value: str, utterance: str, tasks: tuple[str, ...]) -> bool:
    """True when ``value`` is said word for word, is part of one open task's title only, and
    no word of another open task's title (besides small words and the value's) was said."""
    said = f" {' '.join(_WORD.findall(normalize(utterance).lower()))} "
    reference = " ".join(_WORD.findall(normalize(value).lower()))
    if not reference or f" {reference} " not in said:
        return False
    named = [task for task in tasks if f" {reference} " in f" {task.lower()} "]
    if len(named) != 1:
        return False
    mine = set(reference.split()) | set(named[0].lower().split())
    for task in tasks:
        if task is named[0]:
            continue
        words = set(_WORD.findall(task.lower())) - SMALL_WORDS - mine
        if any(f" {word} " in said for word in words):
            return False
    return True
