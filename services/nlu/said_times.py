"""Give a model's date or time back the words said around it that it dropped.

A 0.5B model often keeps the weekday and drops what moves it: "Monday" for "a week on
Monday", "Friday at half past seven" for "a week on Friday at half past seven", "Friday" for
"next Friday". Each is a different day from the one said: a wrong change, not a question.

``widen_times`` finds the model's phrase, word for word, in the utterance and tries the spans
around it that add only words a spoken time is made of ("a", "week", "on", "next", "at",
numbers, ...). The longest one the resolver reads as a different moment replaces the value.
A phrase the utterance does not hold, or one no wider span changes, is left as it is; so is
every value that is not a time. Pure: a Command, the utterance and ``now`` in, a Command out.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

from services.nlu.commands import ACTIONS, Action, Command
from services.nlu.timeparse import (
    NAMED_DAYS,
    moment_said,
    normalize,
    says_day_or_clock,
)

# Words a spoken date or time is made of beside the words a model kept (weekdays, months and
# numbers are NAMED_DAYS and _NUMBER): never a word that could be part of what is to be done.
_EDGE_WORDS = frozenset((
    "a", "an", "week", "weeks", "fortnight", "on", "next", "this", "coming", "the", "after",
    "following", "at", "in", "of", "morning", "afternoon", "evening", "night", "half", "past",
    "quarter", "to", "pm", "am", "oclock", "noon", "midday",
))  # fmt: skip
_NUMBER = re.compile(r"^\d{1,2}(?::\d{2})?(?:am|pm|st|nd|rd|th)?$")
# A phrase does not end on a word that leads into more of it ("Friday at half past 7 at").
_LEADING_WORDS = frozenset((
    "a", "an", "the", "on", "at", "in", "of", "to", "this", "next", "coming", "following",
    "after", "half", "quarter", "past",
))  # fmt: skip
MAX_WIDEN = 4  # words added at most on either side


def widen_times(command: Command, utterance: str, now: datetime) -> Command:
    """Return ``command`` with each date or time slot widened to the phrase said around it."""
    said = normalize(utterance).split()
    actions = tuple(_widened(action, said, now) for action in command.actions)
    if actions == command.actions:
        return command
    return replace(command, actions=actions)


def _widened(action: Action, said: list[str], now: datetime) -> Action:
    spec = ACTIONS.get(action.type)
    if spec is None:
        return action
    params = dict(action.params)
    for key, value in action.params.items():
        if key in spec.params and spec.params[key].kind == "when" and isinstance(value, str):
            params[key] = _widest(value, said, now)
    return action if params == action.params else replace(action, params=params)


def _widest(value: str, said: list[str], now: datetime) -> str:
    kept = normalize(value).split()
    start = _find(said, kept)
    meant = _resolve(value, now)
    if meant is None:
        return value
    if start is None:
        return _weeks_on(value, kept, said, now, meant)
    end = start + len(kept)
    best, best_size = value, len(kept)
    for left in range(MAX_WIDEN + 1):
        for right in range(MAX_WIDEN + 1):
            low, high = start - left, end + right
            if (left == right == 0) or low < 0 or high > len(said) or high - low <= best_size:
                continue
            if not all(_is_edge(word) for word in said[low:start] + said[end:high]):
                continue
            if said[high - 1] in _LEADING_WORDS:
                continue
            phrase = " ".join(said[low:high])
            when = _resolve(phrase, now)
            if when is not None and when != meant:
                best, best_size = phrase, high - low
    return best


# "a week on", "two weeks on", "a fortnight on" before a weekday: what moves the day said
_WEEKS_ON = frozenset(("a", "an", "one", "two", "three", "1", "2", "3"))
_WEEKS = frozenset(("week", "weeks", "fortnight", "fortnights"))


def _weeks_on(value: str, kept: list[str], said: list[str], now: datetime, meant: datetime) -> str:
    """ "Tuesday at 11am" for "a week on Tuesday, eleven o'clock": the model's phrase is not
    said word for word, but its weekday is, after "a week on" or before "week": put it back."""
    day = kept[0] if kept and kept[0] in NAMED_DAYS else None
    if day is None or said.count(day) != 1 or not value.lower().startswith(day):
        return value
    at = said.index(day)
    before, after = said[max(at - 3, 0) : at], said[at + 1 : at + 2]
    if after in (["week"], ["fortnight"]):  # "Tuesday week"
        moved = f"{value[: len(day)]} {after[0]}{value[len(day) :]}"
    elif len(before) == 3 and before[0] in _WEEKS_ON and before[1] in _WEEKS and before[2] == "on":
        moved = f"{' '.join(before)} {value}"  # "a week on Tuesday"
    else:
        return value
    when = _resolve(moved, now)
    return moved if when is not None and when != meant else value


def _find(said: list[str], kept: list[str]) -> int | None:
    if not kept:
        return None
    for start in range(len(said) - len(kept) + 1):
        if said[start : start + len(kept)] == kept:
            return start
    return None


def _is_edge(word: str) -> bool:
    return word in _EDGE_WORDS or word in NAMED_DAYS or bool(_NUMBER.match(word))


def _resolve(phrase: str, now: datetime) -> datetime | None:
    return moment_said(phrase, now)


def on_the_due_day(command: Command, now: datetime) -> Command:
    """Put a reminder said with only a clock time on the day its new task is due.

    "add a task to water the greenhouse due tomorrow and remind me at eight": the reminder is
    at eight tomorrow, not at the next eight o'clock. Only for a reminder tied to a task the
    same command creates (``task`` is ``{"result_of": i}``), whose due date names a day and no
    clock time; a reminder that names its own day keeps it.
    """
    actions = list(command.actions)
    for index, action in enumerate(actions):
        made = action.params.get("task")
        when = action.params.get("when")
        if action.type != "reminder.create" or not isinstance(when, str):
            continue
        if not (isinstance(made, dict) and isinstance(made.get("result_of"), int)):
            continue
        source = actions[made["result_of"]] if 0 <= made["result_of"] < index else None
        due = source.params.get("due") if source and source.type == "task.create" else None
        if not isinstance(due, str):
            continue
        if says_day_or_clock(when, now) != (False, True):
            continue
        if says_day_or_clock(due, now) != (True, False):
            continue
        moved = f"{due} {when}"
        if _resolve(moved, now) is None:
            continue
        actions[index] = replace(action, params={**action.params, "when": moved})
    if actions == list(command.actions):
        return command
    return replace(command, actions=tuple(actions))
