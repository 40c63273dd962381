"""The fast path's clause rules: one regular expression and one small builder per way of saying.

A rule matches a whole clause (``fullmatch``, case-insensitive) and returns ``Piece``s: actions
from the catalogue, or ``modifier`` pieces ("due Friday", "give it to Sam", "high priority")
that the assembler folds into the action before them. A builder returns None when the words
matched the shape but not the meaning (an empty title, a time it cannot read), and the next
rule is tried.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from services.errors import ResolveError
from services.parser import ParseContext
from services.parser.text import (
    PRIORITY,
    TASK_IT,
    cut_when,
    drop_empty,
    person_ref,
    priority_of,
    project_ref,
    split_items,
    split_name,
    strip_articles,
    task_ref,
    when_phrase,
)
from services.timeparse import resolve_duration

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


def _rule(name: str, pattern: str, build: Builder) -> Rule:
    return Rule(name, re.compile(pattern, re.IGNORECASE), build)


def _one(type_: str, **params: Any) -> list[Piece]:
    return [Piece(type_, drop_empty(params))]


def _fixed(type_: str, **params: Any) -> Builder:
    return lambda match, context: _one(type_, **params)


def _duration(words: str | None) -> str | None:
    if not words:
        return None
    phrase = words.strip(" ,")
    try:
        resolve_duration(phrase)
    except ResolveError:
        return None
    return phrase


# --- conversation: yes/no, cancel, undo, time and date ---------------------------------------

YES = (
    r"(?:yes|yeah|yep|yup|sure|ok|okay|correct|confirm(?:ed)?|affirmative|absolutely|"
    r"do it|go ahead|please do|yes please|that's right|that is right|right|definitely|of course)"
    r"(?:,? (?:please|do it|go ahead|thanks|thank you|i'm sure|i am sure))?"
)
NO = (
    r"(?:no|nope|nah|don't|do not|negative|no thanks|no thank you|don't do it|do not do it|"
    r"no way|not now|no don't|no,? leave it|leave it)"
)

CONVERSATION = (
    _rule("confirm_yes", YES, _fixed("confirm", answer=True)),
    _rule("confirm_no", NO, _fixed("confirm", answer=False)),
    _rule(
        "cancel",
        r"(?:cancel(?: that| this| the last (?:command|thing|request))?|never ?mind"
        r"|forget (?:it|that)|scratch that|stop|stop that|abort|cancel everything)",
        _fixed("cancel"),
    ),
    _rule(
        "undo",
        r"(?:undo(?: that| it| this| the last (?:thing|command|change|action|one))?"
        r"|take that back|revert(?: that)?|undo what you just did|put it back)",
        _fixed("undo"),
    ),
    _rule(
        "time",
        r"(?:what(?:'s| is) the time(?: now| please)?|what time is it(?: now)?"
        r"|(?:tell me )?the time|do you know what time it is|what time do you have)",
        _fixed("query.time"),
    ),
    _rule(
        "date",
        r"(?:what(?:'s| is) (?:the date|today's date|the day|today)(?: today)?"
        r"|what day is (?:it|today)(?: today)?|what date is it(?: today)?|which day is it"
        r"|what day of the week is it)",
        _fixed("query.date"),
    ),
)

# --- timers --------------------------------------------------------------------------------


def _timer_start(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    duration = _duration(match.group("duration"))
    if duration is None:
        return None
    label = match.groupdict().get("label") or match.groupdict().get("label2")
    label = strip_articles(label) if label else None
    return _one("timer.start", duration=duration, label=label)


def _timer_label(match: re.Match[str], context: ParseContext) -> str | None:
    label = match.groupdict().get("label")
    return strip_articles(label) if label else None


_LABEL = r"(?:(?P<label>[\w' -]+?) )?"
TIMERS = (
    _rule(
        "timer_for",
        r"(?:(?:set|start|create|make|put on|give me)(?: me| us)? )?(?:a |an |the )?"
        rf"{_LABEL}timer (?:for|of|on) (?P<duration>.+?)"
        r"(?: (?:for|called|named|labell?ed) (?:the )?(?P<label2>[\w' -]+))?",
        _timer_start,
    ),
    _rule(
        "duration_timer",
        r"(?:(?:set|start|create|make|put on|put|give me)(?: me| us)? )?(?:a |an )?"
        r"(?P<duration>[\w.-]+(?: and a half)?[ -](?:seconds?|secs?|minutes?|mins?|hours?|hrs?)"
        r"(?: and [\w-]+ (?:seconds?|minutes?))?) "
        r"(?:(?P<label>[\w' -]+?) )?timer(?: on)?(?: for (?:the )?(?P<label2>[\w' -]+))?",
        _timer_start,
    ),
    _rule(
        "timer_cancel",
        r"(?:cancel|stop|delete|remove|kill|turn off|clear|end|dismiss)"
        rf" (?:the |my |all |all the )?{_LABEL}timers?",
        lambda match, context: _one("timer.cancel", label=_timer_label(match, context)),
    ),
    _rule(
        "timer_query",
        r"(?:how (?:much (?:time )?|long )(?:is )?(?:left|remaining|to go)"
        rf"(?: on (?:the |my ){_LABEL}timers?)?"
        r"|what(?:'s| is) left on (?:the |my )(?:(?P<label2>[\w' -]+?) )?timers?"
        r"|(?:check|show me|read me|read) (?:the |my )?timers?"
        r"|how long until the (?P<label3>[\w' -]+?) timer (?:is done|goes off|ends))",
        lambda match, context: _one(
            "timer.query",
            label=strip_articles(
                match.group("label") or match.group("label2") or match.group("label3") or ""
            )
            or None,
        ),
    ),
)

# --- reminders -------------------------------------------------------------------------------

_BEFORE_DUE = re.compile(
    r"^(?P<duration>.+?) before (?:the )?(?:deadline (?:of|for|on) )?(?P<task>.+?)"
    r"(?:(?:'s| is| task is| are) (?:due|deadline)|'s deadline| deadline| is done)?$",
    re.IGNORECASE,
)
_REMINDER_TEXT = re.compile(r"^(?:to|about|that|of|re)\s+", re.IGNORECASE)


_PRONOUN_TARGET = re.compile(r"^(?P<who>me|us|him|her|them)\b\s*(?P<rest>.*)$", re.IGNORECASE)


def _reminder(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    target = match.group("target")
    pronoun = _PRONOUN_TARGET.match(target)
    who, rest = (pronoun["who"], pronoun["rest"]) if pronoun else split_name(target, context.people)
    person = None if who.lower() in ("me", "us") else person_ref(who, context.people)
    if person is None and who.lower() not in ("me", "us"):
        return None
    rest = re.sub(r"^again\s+", "", rest.strip(" ,"), flags=re.IGNORECASE)
    before = _BEFORE_DUE.match(rest)
    if before and _duration(before.group("duration")):
        task = task_ref(before.group("task"))
        if task is None:
            return None
        text = before.group("task") if task == TASK_IT else task
        return _one(
            "reminder.create",
            text=text,
            before=before.group("duration"),
            task=task,
            person=person,
        )
    rest, when = cut_when(rest)
    text = _REMINDER_TEXT.sub("", rest.strip(" ,")).strip(" ,")
    if not text:
        return None
    return _one("reminder.create", text=text, when=when, person=person)


REMINDERS = (
    _rule(
        "remind",
        r"(?:please )?remind (?P<target>.+)",
        _reminder,
    ),
    _rule(
        "reminder_to",
        r"(?:set|add|create|make) (?:a |an )?reminder (?P<who>)(?P<rest>(?:to|about|for) .+)",
        lambda match, context: _reminder_fixed(match, context),
    ),
)


def _reminder_fixed(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    rest = re.sub(r"^for\s+", "", match.group("rest"), flags=re.IGNORECASE)
    rest, when = cut_when(rest)
    text = _REMINDER_TEXT.sub("", rest.strip(" ,")).strip(" ,")
    return _one("reminder.create", text=text, when=when) if text else None


# --- meetings --------------------------------------------------------------------------------

_FOR_DURATION = re.compile(r"[\s,]+for (?P<duration>(?:an?|half an?|[\w.-]+)(?: and a half)? \w+)")
_WITH = re.compile(
    r"(?:^|\s)with (?P<people>.+?)"
    r"(?=$| about | to | regarding | on the subject of | in the | at the | in room )",
    re.IGNORECASE,
)
_ABOUT = re.compile(
    r"\s*(?:about|to discuss|to talk about|to|regarding|on the subject of)\s+(?P<topic>.+?)"
    r"(?=$| with )"
)
_LOCATION = re.compile(r"\s+(?:in|at) (?P<location>(?:the |room )?[\w' -]+?)$", re.IGNORECASE)


# "a 30 minute call", "an hour long meeting"
_LENGTH_BEFORE = re.compile(
    r"\b(?P<duration>(?:an?|half an?|[\w.]+)(?: and a half)?[- ](?:minutes?|hours?|mins?))"
    r"(?:[- ]long)?(?= (?:[\w-]+ )?(?:meeting|call)\b)",
    re.IGNORECASE,
)


def _meeting(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    text = match.group("rest")
    params: dict[str, Any] = {}
    candidates = [*_FOR_DURATION.finditer(text), *_LENGTH_BEFORE.finditer(text)]
    found = next((m for m in candidates if _duration(m.group("duration"))), None)
    if found:
        params["duration"] = found.group("duration")
        text = f"{text[: found.start()]} {text[found.end() :]}"
    text, when = cut_when(text)
    if when is None:
        return None
    params["when"] = when
    text = " ".join(text.split())
    found = _ABOUT.search(text)
    if found:
        params["title"] = strip_articles(found.group("topic"))
        text = f"{text[: found.start()]} {text[found.end() :]}".strip()
    found = _WITH.search(text)
    if found:
        people = [person_ref(name, context.people) for name in split_items(found.group("people"))]
        if None in people:
            return None
        params["attendees"] = people
        text = f"{text[: found.start()]} {text[found.end() :]}".strip()
    found = _LOCATION.search(" " + text)
    if found:
        params["location"] = strip_articles(found.group("location"))
        text = (" " + text)[: found.start()].strip()
    return _meeting_title(text, params)


def _meeting_title(leftover: str, params: dict[str, Any]) -> list[Piece] | None:
    title = strip_articles(re.sub(r"\b(?:meeting|call|a|an|the|new)\b", " ", leftover, flags=re.I))
    if title and len(title.split()) > 4:
        return None
    if title and "title" not in params:
        params["title"] = title
    return _one("meeting.schedule", **params)


MEETINGS = (
    _rule(
        "meeting",
        r"(?:schedule|set up|book|arrange|organi[sz]e|plan|put in|add|create|make)"
        r"(?P<rest> (?:a |an |the )?.*?\b(?:meeting|call)\b.*)",
        _meeting,
    ),
    _rule("meet", r"(?:i'm |i am |we're |we are )?(?:meet|meeting)(?P<rest> with .+)", _meeting),
)

# --- messages --------------------------------------------------------------------------------


def _message(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    target = match.group("target")
    name, text = split_name(target, context.people)
    person = person_ref(name, context.people)
    text = re.sub(r"^(?:that|saying|to say|:)\s+", "", text, flags=re.IGNORECASE).strip(" :,")
    if person is None or person == "me" or not text:
        return None  # "tell me a joke" is not a message
    return _one("message.send", to=person, text=text)


MESSAGES = (
    _rule(
        "leave_message",
        r"(?:leave|send|give|record|take|write|pass on|pass) (?:a |an )?(?:quick |short |voice )?"
        r"(?:message|note) (?:for|to) (?P<target>.+)",
        _message,
    ),
    _rule(
        "tell",
        r"(?:tell|let|remind) (?P<target>\w[\w'.-]*(?: [A-Z]\w+)? know (?:that )?.+)",
        lambda m, c: _message_know(m, c),
    ),
    _rule("tell_plain", r"(?:tell|inform|message|text) (?P<target>.+)", _message),
)


def _message_know(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    name, _, text = match.group("target").partition(" know")
    person = person_ref(name, context.people)
    text = re.sub(r"^\s*(?:that)?\s*", "", text).strip(" :,")
    if person is None or person == "me" or not text:
        return None
    return _one("message.send", to=person, text=text)


# --- queries ---------------------------------------------------------------------------------

_FILTERS = (
    (re.compile(r"\b(?:overdue|late|past due|behind)\b", re.I), "overdue"),
    (re.compile(r"\b(?:today|tonight|for today|this morning|this afternoon)\b", re.I), "today"),
    (re.compile(r"\btomorrow\b", re.I), "tomorrow"),
    (re.compile(r"\b(?:this week|the week|before the weekend)\b", re.I), "this_week"),
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
    if project and project.group("project").lower() not in _NOT_PROJECTS:
        params["project"] = project_ref(project.group("project"))
        text = text[: project.start()] + text[project.end() :]
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
    r"finished|completed|working on|doing|have|has|got|plate|list|project|assigned)\b",
    re.IGNORECASE,
)


def _query(type_: str) -> Builder:
    def build(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
        text = match.group(0)
        if _NOT_TASKS.search(text):
            return None  # "what's the weather tomorrow", "what meetings do I have"
        params = _query_params(text, context)
        if params.get("filter") == "open" and type_ == "query.tasks" and len(params) > 1:
            params.pop("filter")  # "what has Sam got left": open is the default
        known = {name.lower() for name in context.people} | {"me"}
        is_about_tasks = (
            _ABOUT_TASKS.search(text)
            or "project" in params
            or str(params.get("assignee", "")).lower() in known
        )
        if not is_about_tasks:
            return None
        return _one(type_, **params)

    return build


def _summary(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    who = match.group("person")
    person = person_ref(who, context.people) if who else None
    if who and person is None:
        return None
    return _one("report.summary", assignee=person)


QUERIES = (
    _rule(
        "summary",
        r"(?:give me |read me |read out |tell me |what's |what is |let's have |i want |can i get |"
        r"can i have )?(?:a |an |the |my )?(?:daily |weekly |quick |short |status |full )?"
        r"(?:summary|report|status report|status update|overview|rundown|briefing|update)"
        r"(?: of (?:open |the )?(?:work|tasks|everything))?(?: (?:for|of|on) (?P<person>[\w' ]+))?"
        r"|how are (?:we|things) (?:doing|going|looking)|what's the status|where are we(?: at)?"
        r"|who(?:'s| is| has) (?:the )?(?:busiest|most (?:tasks|work|to do))",
        _summary,
    ),
    _rule("count", r"how many .+", _query("query.count")),
    _rule(
        "tasks",
        r"(?:what(?:'s| is| are| do| does| did| has| have)?|which|list|show|read|tell me|any|"
        r"anything|do i have|is there|are there|give me|read out|who has) .+",
        _query("query.tasks"),
    ),
)

# --- projects, subtasks, dependencies, bulk ----------------------------------------------------


def _project_create(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    name = project_ref(match.group("name"))
    if not name or name.startswith("\x00") or len(name.split()) > 5:
        return None
    return _one("project.create", name=name)


def _subtasks(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    task = task_ref(match.group("task"))
    titles = [title for title in split_items(match.group("titles")) if title]
    if task is None or not titles:
        return None
    return _one("task.add_subtasks", task=task, titles=titles)


def _dependency(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    task = task_ref(match.group("task"))
    blocker = task_ref(match.group("blocker"))
    if task is None or blocker is None or task == blocker:
        return None
    return _one("task.add_dependency", task=task, blocker=blocker)


def _reassign_all(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    groups = match.groupdict()
    source = person_ref(groups.get("source") or groups.get("source2") or "", context.people)
    target = person_ref(groups.get("target") or groups.get("target2") or "", context.people)
    if source is None or target is None:
        return None
    return _one("task.reassign_all", source=source, assignee=target)


def _delete_all(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    project = match.group("project")
    return _one("task.delete_all", project=project_ref(project) if project else None)


_NAME = r"[\w'.-]+(?: (?-i:[A-Z])[\w'-]+)?"
STRUCTURE = (
    _rule(
        "project_called",
        r"(?:create|make|start|add|set up|open|begin) (?:a |an )?(?:new )?(?:project|list)"
        r"(?: called| named| titled|:)? (?P<name>.+)",
        _project_create,
    ),
    _rule(
        "project_named",
        r"(?:(?:create|make|start|set up|begin) (?:a |an )(?:new )?|new )"
        r"(?P<name>.+?) (?:project|list)",
        _project_create,
    ),
    _rule(
        "subtasks_to",
        r"(?:add|create|make|give) (?:the |some |a few |these |a |an |two |three |four |2 |3 |4 )?"
        r"(?:following )?sub-?tasks? (?:to|under|for|on|of) (?P<task>.+?)\s*[:,;-]\s*"
        r"(?P<titles>.+)",
        _subtasks,
    ),
    _rule(
        "subtasks_as",
        r"(?:add|create|put) (?P<titles>.+?) as (?:a )?sub-?tasks? (?:of|to|under|for)"
        r" (?P<task>.+)",
        _subtasks,
    ),
    _rule(
        "subtasks_break",
        r"(?:break|split|divide) (?P<task>.+?) (?:down |up )?into (?P<titles>.+)",
        _subtasks,
    ),
    _rule(
        "subtask_single",
        r"(?:add|create) (?:a )?sub-?task (?P<titles>.+?) (?:to|under|for) (?P<task>.+)",
        _subtasks,
    ),
    _rule(
        "make_block",
        r"(?:make|have|let|set) (?P<blocker>.+?) (?:block|blocks|a blocker for|block on)"
        r" (?P<task>.+)",
        _dependency,
    ),
    _rule(
        "blocks",
        r"(?P<blocker>.+?) (?:blocks|is blocking|must come before|has to come before|comes before|"
        r"needs to happen before|must happen before|has to happen before|must be done before|"
        r"has to be done before|needs to be done before) (?P<task>.+)",
        _dependency,
    ),
    _rule(
        "depends",
        r"(?:make |let |have )?(?P<task>.+?) (?:depends? on|is blocked by|blocked by|waits? for|"
        r"waits? on|is waiting (?:on|for)|can't start until|cannot start until|"
        r"can only start after|has to wait for|must wait for|comes after|happens after|"
        r"should wait for|needs to wait for) (?P<blocker>.+?)"
        r"(?: (?:is )?(?:done|finished|complete|completed))?",
        _dependency,
    ),
    _rule(
        "reassign_all",
        rf"(?:reassign|move|give|hand(?: over)?|transfer|shift|pass) (?:all (?:of )?|every one of "
        rf"|everything (?:of |from )?)?(?P<source>{_NAME})(?:'s|s'|')"
        r" (?:open |remaining |current )?(?:tasks|work|stuff|things|to-?dos|jobs)"
        rf" (?:over )?to (?P<target>{_NAME})",
        _reassign_all,
    ),
    _rule(
        "reassign_from",
        rf"(?:reassign|move|give|hand(?: over)?|transfer|shift|pass) (?:all (?:of )?(?:the )?)?"
        rf"(?:(?:open |remaining )?(?:tasks|work|everything|things|to-?dos) )?from "
        rf"(?P<source>{_NAME}) (?:over )?to (?P<target>{_NAME})",
        _reassign_all,
    ),
    _rule(
        "takes_over",
        rf"(?P<target>{_NAME})(?:'s| is) (?:taking over|covering)(?: for)? "
        rf"(?P<source>{_NAME})(?:'s|s')?(?: (?:tasks|work))?"
        rf"|(?P<target2>{_NAME}) (?:takes over|will take over|covers) "
        rf"(?:for |from )?(?P<source2>{_NAME})(?:'s|s')?(?: (?:tasks|work))?",
        _reassign_all,
    ),
    _rule(
        "clear_list",
        r"(?:clear|empty|wipe|clean out|clear out)(?: out)? (?:the |my |our )?"
        r"(?P<project>[\w' -]+?) (?:list|project)",
        _delete_all,
    ),
    _rule(
        "delete_all",
        r"(?:delete|remove|clear|erase|wipe|get rid of) (?:all|every|everything|all the|all of the|"
        r"all my)(?: tasks| items| things| to-?dos)?(?: (?:on|in|from|for) (?:the |my |our )?"
        r"(?P<project>[\w' -]+?)(?: list| project)?)?",
        _delete_all,
    ),
)

# --- changes to one task ----------------------------------------------------------------------


def _task_action(type_: str) -> Builder:
    def build(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
        task = task_ref(match.group("task"))
        if task is None or re.search(r"\btimer\b", match.group("task"), re.I):
            return None
        return _one(type_, task=task)

    return build


def _rename(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    task = task_ref(match.group("task"))
    title = match.group("title").strip(" ,\"'")
    title = re.sub(r"^(?:say|read|be)\s+", "", title, flags=re.IGNORECASE)
    if task is None or not title:
        return None
    return _one("task.rename", task=task, title=title)


def _set_due(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    when = when_phrase(match.group("when"))
    words = match.groupdict().get("task")
    task = task_ref(words) if words else TASK_IT
    if when is None or task is None:
        return None
    return _one("task.set_due", task=task, due=when)


def _set_priority(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    task = task_ref(match.group("task"))
    word = match.groupdict().get("priority") or "high"
    if task is None:
        return None
    return _one("task.set_priority", task=task, priority=priority_of(word))


def _assign(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    task = task_ref(match.group("task"))
    person = person_ref(match.group("person"), context.people)
    if task is None or person is None:
        return None
    return _one("task.assign", task=task, assignee=person)


_DONE = r"(?:done|complete|completed|finished|closed|off|ticked off|checked off)"
CHANGES = (
    _rule(
        "rename",
        r"(?:rename|retitle) (?P<task>.+?) (?:to|as) (?P<title>.+)"
        r"|change (?:the )?(?:name|title) of (?P<task2>.+?) to (?P<title2>.+)",
        lambda match, context: _rename_either(match, context),
    ),
    _rule("call_it", r"(?:call|name) (?P<task>it|that|this one|that one) (?P<title>.+)", _rename),
    _rule(
        "deadline_to",
        r"(?:move|change|set|push|shift|update|make|put) (?:the |its |it's )?(?:deadline|due date)"
        r"(?: (?:of|for|on) (?P<task>.+?))? (?:to|for|as) (?P<when>.+)",
        _set_due,
    ),
    _rule(
        "move_to",
        r"(?:move|push|postpone|reschedule|delay|shift|bump|defer|put off|push back|move back)"
        r" (?P<task>.+?) (?:to|until|till|back to|out to|for) (?P<when>.+)",
        _set_due,
    ),
    _rule(
        "make_due",
        r"(?:make|set|mark) (?P<task>.+?) (?:as )?(?:due|to be due) (?P<when>.+)",
        _set_due,
    ),
    _rule(
        "is_due",
        r"(?P<task>.+?)(?:'s| is| should be| is now| will be| has to be done| must be done|"
        r" needs to be done) (?:due )?(?P<when>(?:by |on |before )?.+)",
        _set_due,
    ),
    _rule(
        "priority_of",
        r"(?:set|change|raise|lower|bump|drop|put|update) (?:the )?priority (?:of|on|for) "
        rf"(?P<task>.+?) (?:to|at) (?P<priority>{PRIORITY})(?: priority)?",
        _set_priority,
    ),
    _rule(
        "possessive_priority",
        r"(?:set|change|raise|lower|bump|drop|put|update|make) (?P<task>.+?)'s? priority "
        rf"(?:to |at )?(?P<priority>{PRIORITY})",
        _set_priority,
    ),
    _rule(
        "make_priority",
        rf"(?:make|mark|set|flag|put) (?P<task>.+?) (?:as |to |at )?(?:an? )?(?P<priority>"
        rf"{PRIORITY})"
        r"(?: priority)?",
        _set_priority,
    ),
    _rule("prioritise", r"prioriti[sz]e (?P<task>.+)", _set_priority),
    _rule(
        "is_priority",
        rf"(?P<task>.+?) is (?:an? )?(?P<priority>{PRIORITY})(?: priority)?",
        _set_priority,
    ),
    _rule(
        "assign_to",
        r"(?:assign|reassign|give|hand|hand over|pass|delegate|allocate|transfer|move)"
        r" (?P<task>.+?) (?:over )?to (?P<person>[\w'. -]+)",
        _assign,
    ),
    _rule(
        "let_person",
        rf"(?:let|have|get|ask) (?P<person>{_NAME}) (?:to )?(?:take care of|look after|work on|"
        r"deal with|handle|take|own|do) (?P<task>.+)",
        _assign,
    ),
    _rule(
        "person_will",
        rf"(?P<person>{_NAME}) (?:should|will|can|is going to|is gonna) (?:take care of|"
        r"look after|work on|deal with|handle|take|own|do) (?P<task>.+)",
        _assign,
    ),
    _rule(
        "mark_open",
        r"(?:mark|set) (?P<task>.+?) (?:as )?(?:not done|undone|open|todo|to do|incomplete|"
        r"not finished|unfinished)",
        _task_action("task.reopen"),
    ),
    _rule(
        "mark_done",
        rf"(?:mark|set|tick|check|cross) (?P<task>.+?) (?:as )?{_DONE}",
        _task_action("task.complete"),
    ),
    _rule(
        "complete",
        r"(?:complete|finish|close|tick off|check off|cross off|finished|completed|"
        r"i(?:'ve| have)? (?:just |already )?(?:finished|completed|done|bought|got|picked up)|"
        r"i'm done with|i am done with|"
        r"we(?:'ve| have)? (?:just )?(?:finished|completed)|done with|we're done with)"
        r" (?P<task>.+)",
        _task_action("task.complete"),
    ),
    _rule(
        "person_finished",
        rf"(?P<person>{_NAME}) (?:has |just |has just )?(?:finished|completed|did|is done with)"
        r" (?P<task>.+)",
        _task_action("task.complete"),
    ),
    _rule(
        "is_done",
        r"(?P<task>.+?) (?:is|are|has been|have been|was) (?:all )?(?:done|finished|complete|"
        r"completed|fixed|sorted|sorted out|taken care of|handled)"
        r"(?: now)?",
        _task_action("task.complete"),
    ),
    _rule(
        "reopen",
        r"(?:reopen|re-open|re open|unarchive|restore|uncheck|untick|undo completing|un-complete) "
        r"(?P<task>.+)",
        _task_action("task.reopen"),
    ),
    _rule(
        "not_done",
        r"(?P<task>.+?) (?:isn't|is not|wasn't|was not) (?:done|finished|complete)"
        r"(?: yet| after all)?",
        _task_action("task.reopen"),
    ),
    _rule(
        "mark_started",
        r"(?:mark|set) (?P<task>.+?) (?:as )?(?:in progress|started|ongoing|doing|underway)",
        _task_action("task.start"),
    ),
    _rule(
        "start",
        r"(?:start working on|begin working on|start on|work on|start|begin|started|"
        r"i(?:'m| am) (?:now )?(?:starting on|starting|working on|on|doing)|"
        r"i(?:'ve| have)? started|we(?:'re| are) (?:starting|working on)|we(?:'ve| have) started)"
        r" (?P<task>.+)",
        _task_action("task.start"),
    ),
    _rule(
        "is_started",
        r"(?P<task>.+?) (?:is|has) (?:now )?(?:in progress|started|underway|under way)",
        _task_action("task.start"),
    ),
    _rule(
        "mark_cancelled",
        r"(?:mark|set) (?P<task>.+?) (?:as )?(?:cancell?ed)",
        _task_action("task.cancel"),
    ),
    _rule(
        "cancel_task",
        r"(?:cancel|call off|abandon|scrap|drop) (?P<task>.+?)(?: task)?",
        _task_action("task.cancel"),
    ),
    _rule(
        "delete",
        r"(?:delete|remove|erase|get rid of|trash|bin|throw away|take) (?P<task>.+?)"
        r"(?: (?:from|off) (?:the |my |our )?[\w' -]+?(?: list| project)?)?",
        _task_action("task.delete"),
    ),
)


def _rename_either(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    words = match.group("task") or match.group("task2")
    title = match.group("title") or match.group("title2")
    task = task_ref(words)
    title = re.sub(r"^(?:say|read|be)\s+", "", title.strip(" ,\"'"), flags=re.IGNORECASE)
    if task is None or not title:
        return None
    return _one("task.rename", task=task, title=title)
