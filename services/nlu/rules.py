"""The fast path's clause rules: one regular expression and one small builder per way of saying.

A rule matches a whole clause (``fullmatch``, case-insensitive) and returns ``Piece``s: actions
from the catalogue, or ``modifier`` pieces ("due Friday", "give it to Sam", "high priority")
that the assembler folds into the action before them. A builder returns None when the words
matched the shape but not the meaning (an empty title, a time it cannot read), and the next
rule is tried.

This module holds the shared pieces and the query rules; ``rules_schedule`` has reminders,
meetings and messages, ``rules_tasks`` changes to tasks and projects,
and ``create`` new tasks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from services.errors import ResolveError
from services.nlu import ParseContext
from services.nlu.text import (
    PERSON_IT,
    drop_empty,
    person_ref,
    project_ref,
)
from services.nlu.timeparse import resolve_duration

MODIFIER = "modifier"


@dataclass(frozen=True)
class Piece:
    """One understood part of a clause: an action, or a modifier of the action before it."""

    type: str
    params: dict[str, Any] = field(default_factory=dict)
    # a modifier said on its own ("due Friday") applies to the task in context; a bare time
    # phrase on its own ("Friday") means nothing by itself
    is_standalone: bool = True


Builder = Callable[[re.Match[str], ParseContext], "list[Piece] | None"]


@dataclass(frozen=True)
class Rule:
    """A way of saying something: the pattern of a whole clause and what it builds."""

    name: str
    pattern: re.Pattern[str]
    build: Builder


def rule(name: str, pattern: str, build: Builder) -> Rule:
    return Rule(name, re.compile(pattern, re.IGNORECASE), build)


def one(type_: str, **params: Any) -> list[Piece]:
    return [Piece(type_, drop_empty(params))]


def duration_phrase(words: str | None) -> str | None:
    if not words:
        return None
    phrase = words.strip(" ,")
    try:
        resolve_duration(phrase)
    except ResolveError:
        return None
    return phrase


# --- queries ---------------------------------------------------------------------------------

_FILTERS = (
    (
        re.compile(
            r"\b(?:overdue|late|past due|behind|let (?:\w+ )?slip|slipped|slipping|"
            r"missed (?:the |their |its |any )?deadlines?|past (?:the |their |its )?deadlines?)\b",
            re.I,
        ),
        "overdue",
    ),
    (re.compile(r"\b(?:today|tonight|for today|this morning|this afternoon)\b", re.I), "today"),
    (re.compile(r"\btomorrow\b", re.I), "tomorrow"),
    (re.compile(r"\b(?:this week|the week|before the weekend)\b", re.I), "this_week"),
    (
        re.compile(
            r"(?:\bnot|n't|\bnever)(?: been| yet| got)? (?:done|finished|completed|closed)\b", re.I
        ),
        "open",
    ),
    (re.compile(r"\b(?:done|finished|completed|closed)\b", re.I), "done"),
    (re.compile(r"\b(?:all(?: the)? tasks|everything|every task|all of them)\b", re.I), "all"),
    (re.compile(r"\b(?:open|left|outstanding|remaining|to do|pending|unfinished)\b", re.I), "open"),
)
_QUERY_PERSON = re.compile(
    r"\b(?:is|has|does|did) (?P<p1>[\w'-]+) (?:working on|doing|got|have|has|on|been doing|finish|"
    r"finished|done|got going|assigned)\b|\b(?:for|assigned to|by) (?P<p2>[A-Z][\w'-]+)\b"
    r"|\b(?P<p3>[A-Z][\w'-]+)(?:'s| has| have)\b"
    r"|\b(?P<me>(?i:my|i have|i've got|am i|do i|i got|mine))\b",
)
_QUERY_PROJECT = re.compile(
    r"\b(?:on|in|for|from|of) (?:the |my |our )?(?P<project>[\w'&-]+(?: [\w'&-]+){0,2}?) "
    r"(?:list|project)\b",
    re.IGNORECASE,
)
_NOT_NAMES = frozenset(
    [
        "what",
        "which",
        "who",
        "how",
        "is",
        "are",
        "the",
        "a",
        "i",
        "it",
        "there",
        "anything",
        "everything",
        "nothing",
        "today",
        "tomorrow",
        "tasks",
        "task",
        "list",
        "project",
        "me",
        "you",
        "we",
        "they",
        "this",
        "that",
    ]
)


def _known_in(text: str, people: tuple[str, ...]) -> str | None:
    """Return the longest known name said as whole words in ``text`` (no regex per name)."""
    lowered = text.lower()
    best: tuple[int, int] | None = None
    for name in people:
        key = name.lower()
        start = lowered.find(key) if key else -1
        while start >= 0:
            end = start + len(key)
            before = lowered[start - 1 : start]
            after = lowered[end : end + 1]
            if not before.isalnum() and not after.isalnum():
                if best is None or end - start > best[1] - best[0]:
                    best = (start, end)
                break
            start = lowered.find(key, start + 1)
    return text[best[0] : best[1]] if best else None


def _query_person(text: str, context: ParseContext) -> str | None:
    known = _known_in(text, context.people)
    if known:
        return known
    match = _QUERY_PERSON.search(text)
    if not match:
        return None
    if match.group("me"):
        return "me"
    name = match.group("p1") or match.group("p2") or match.group("p3")
    if not name or name.lower() in _NOT_NAMES:
        return None
    return person_ref(name, context.people)


_NOT_PROJECTS = frozenset(("my", "our", "the", "your", "to do", "to-do", "todo", "task"))


def _query_params(text: str, context: ParseContext) -> dict[str, Any]:
    params: dict[str, Any] = {}
    project = _QUERY_PROJECT.search(text)
    known_project = _known_in(text, context.projects)
    if project and project.group("project").lower() not in _NOT_PROJECTS:
        params["project"] = project_ref(project.group("project"))
        text = text[: project.start()] + text[project.end() :]
    elif known_project and re.search(
        rf"\b(?:on|in|for|from) (?:the |my |our )?{re.escape(known_project)}\b", text, re.I
    ):
        params["project"] = known_project
    person = _query_person(text, context)
    if person:
        params["assignee"] = person
    for pattern, name in _FILTERS:
        if pattern.search(text):
            params["filter"] = name
            break
    return params


_NOT_TASKS = re.compile(
    r"\b(?:meetings?|weather|rain|tv|news|music|songs?|films?|movies?|games?|score|time is it|"
    r"temperature|traffic|calendar|appointments?|events?|timers?|reminders?|messages?)\b",
    re.IGNORECASE,
)
_ABOUT_TASKS = re.compile(
    r"\b(?:tasks?|to-?dos?|things|items|jobs|due|overdue|late|left|open|outstanding|done|"
    r"finished|completed|working on|doing|plate|list|project|assigned|slip|slipped|slipping|"
    r"deadlines?)\b",
    re.IGNORECASE,
)
# words about a stretch of time that make a question about work once a filter names the time:
# "what does the rest of the week look like", "anything I should worry about today"
_ABOUT_TIME = re.compile(
    r"\b(?:look(?:s|ing)? like|shap(?:e|es|ing) up|worry|worrying|worried|focus(?:ing)? on|"
    r"attention|need(?:s)? doing|should (?:i|we) (?:do|be doing)|on (?:the )?(?:agenda|cards))\b",
    re.IGNORECASE,
)
# "left" and "remaining" are what the executor shows anyway; "open", "not done" name the filter
_SAYS_OPEN = re.compile(
    r"\b(?:open|outstanding|unfinished|pending|incomplete)\b"
    r"|(?:\bnot|n't|\bnever)(?: been| yet| got)? (?:done|finished|completed|closed)\b",
    re.IGNORECASE,
)
# "how many tasks ...", "how many has she got": a count of work, not "how many kids ..."
_COUNTS_TASKS = re.compile(
    r"how many (?:more |of )?(?:(?:open|overdue|late|unfinished|outstanding|finished|done|"
    r"completed|urgent|high priority|new) )?(?:tasks?|things|items|jobs|to-?dos|bits|pieces|"
    r"has|have|does|do|did|are|is|'s|left|still|so far|of them|of those|now)\b",
    re.IGNORECASE,
)


def _query(type_: str) -> Builder:
    def build(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
        text = match.group(0)
        if _NOT_TASKS.search(text):
            return None  # "what's the weather tomorrow", "what meetings do I have"
        params = _query_params(text, context)
        is_implied = params.get("filter") == "open" and not _SAYS_OPEN.search(text)
        if is_implied and type_ == "query.tasks" and len(params) > 1:
            params.pop("filter")  # "what has Sam got left": open is the default
        if type_ == "query.count" and not _COUNTS_TASKS.match(text):
            return None
        if "assignee" not in params and _names_someone_unknown(text):
            return None  # "what is pria shah working on": whose tasks, the LLM may know
        if _is_unknown_project(params.get("project"), context):
            return None  # "what's on the web sight project": misheard, the LLM may know
        return one(type_, **params) if _is_about_tasks(text, params, context) else None

    return build


_SOMEONE = re.compile(
    r"\b(?:is|has|does|did) (?P<who>[\w'.-]+(?: [\w'.-]+){0,2}?) (?:working on|doing|been doing|"
    r"got on|got going|finished|done|assigned)\b",
    re.IGNORECASE,
)
_NOBODY_IN_PARTICULAR = frozenset(
    (
        "we",
        "you",
        "they",
        "it",
        "there",
        "been",
        "anyone",
        "anybody",
        "someone",
        "somebody",
        "nobody",
    )
)


def _names_someone_unknown(text: str) -> bool:
    """True when a question is about one person's work but names nobody it could read."""
    found = _SOMEONE.search(text)
    return found is not None and found["who"].lower() not in _NOBODY_IN_PARTICULAR


def _is_unknown_project(said: Any, context: ParseContext) -> bool:
    """True when a question names a project the store does not have (when it lists any)."""
    if not isinstance(said, str) or not context.projects:
        return False
    return said.lower() not in {name.lower() for name in context.projects}


def _is_about_tasks(text: str, params: dict[str, Any], context: ParseContext) -> bool:
    said = _ABOUT_TASKS.search(text) is not None or "project" in params
    if _WHO.match(text):
        # "who's doing what on the launch", not "who is Sam" nor "who's got the least to do"
        return said and not _COMPARES.search(text)
    assignee = params.get("assignee")
    known = {name.lower() for name in context.people} | {"me"}
    if said or assignee == PERSON_IT:
        return True
    if str(assignee or "").lower() in known:
        # "what's Sam got", "anything for Jo", not "give me a shout when Sam gets here"
        return _other_words(text, str(assignee)) <= MAX_OTHER_WORDS
    return "filter" in params and _ABOUT_TIME.search(text) is not None


MAX_OTHER_WORDS = 1
_QUERY_LEAD = re.compile(
    r"^(?:what(?:'s| is| are| do| does| did| has| have)?|which|list|show|read|tell me|any|"
    r"anything|do i have|is there|are there|give me|read out|who has)\s+",
    re.IGNORECASE,
)


# words that ask about someone's work without naming it ("what's Sam got on at the moment")
_WORKING_WORDS = frozenset(
    [
        "got",
        "on",
        "at",
        "the",
        "moment",
        "now",
        "right",
        "currently",
        "at",
        "present",
        "for",
        "about",
        "to",
        "do",
        "have",
        "has",
        "this",
        "week",
        "today",
        "tomorrow",
        "up",
    ]
)


def _other_words(text: str, person: str) -> int:
    """Count the words of a question besides its lead, the person and words about work."""
    rest = _QUERY_LEAD.sub("", text)
    rest = re.sub(rf"\b{re.escape(person)}(?:'s)?\b", " ", rest, flags=re.IGNORECASE)
    return len([word for word in rest.lower().split() if word not in _WORKING_WORDS])


_COMPARES = re.compile(r"\b(?:most|least|busiest|fewest|more|less)\b", re.IGNORECASE)
_WHO = re.compile(r"who(?:'s|'re| is| are)\b", re.IGNORECASE)


QUERIES = (
    rule("count", r"how many .+", _query("query.count")),
    rule(
        "tasks",
        r"(?:what(?:'s| is| are| do| does| did| has| have)?|which|list|show|read|tell me|any|"
        r"anything|do i have|is there|are there|give me|read out|who has|who's|who is|who are|"
        r"is(?= anything| there anything))"
        r" .+",
        _query("query.tasks"),
    ),
)
