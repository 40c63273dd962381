"""Clause rules for changes said as statements about a task the store knows.

"bring the flowers forward to Thursday", "the flowers can slip to next week": the subject
must name a known task (``known_task``), so that "the car can wait till Monday" goes to the LLM
rather than become a wrong change. Statements of status, priority and who does a task ("the
gate's fixed", "the flowers can wait", "Sam's looking after the press release") are the
grammar's (``domain.yaml``).
Reasons said after a change ("..., the dog keeps getting out") are asides with no action.
"""

from __future__ import annotations

import re

from services.nlu import ParseContext
from services.nlu.fields import ASIDE, known_task, task_parts
from services.nlu.rules import Builder, Piece, one, rule
from services.nlu.rules_tasks import rename
from services.nlu.text import when_phrase


def _known_action(type_: str) -> Builder:
    """Build ``type_`` on the subject only when it is a task the store knows (or "it")."""

    def build(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
        refs = [known_task(part, context) for part in task_parts(match.group("task"))]
        if None in refs:
            return None
        return [Piece(type_, {"task": ref}) for ref in refs]

    return build


def _known_due(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    when = when_phrase(match.group("when"))
    task = known_task(match.group("task"), context)
    if when is None or task is None:
        return None
    return one("task.set_due", task=task, due=when)


# a past participle: "booked", "written"; whether it says "done" depends on the task
_PARTICIPLE = (
    r"(?P<state>[a-z]+ed|done|written|sent|bought|paid|built|made|sorted(?: out)?|dealt with|"
    r"seen to|taken care of|finished|ready|[a-z]+(?:en|wn|ght|lt|nt))"
)
_VERY = r"(?:(?:really|very|pretty|quite|super|extremely|rather|fairly|seriously|now|also) )?"
# why, said after a change: "the dog keeps getting out", "because it rained"
_REASON = re.compile(
    r"(?:because|since|cos|'cause) .+|(?:the |our |my )?[\w'-]+(?: [\w'-]+)? keeps? [a-z]+ing\b.*",
    re.IGNORECASE,
)
# why a task goes, said after cancelling or deleting it: "we don't need them any more"
_NOT_NEEDED = re.compile(
    r"(?:we|i) (?:don't|do not|no longer) need (?:it|them|that|those|this|these)(?: any ?more)?"
    r"|(?:we|i)(?:'ve| have) (?:decided|gone) against (?:it|them|that|those|this|these)"
    r"|(?:we|i)(?:'re| are) not (?:doing|having|using) (?:it|them|that|those|this|[\w' -]+)"
    r"(?: after all| any ?more)|it(?:'s| is) not needed(?: any ?more)?",
    re.IGNORECASE,
)


# why a change is what it is: "..., there's no rush", "..., it can wait", "..., he's rung them"
_NO_RUSH = re.compile(
    r"there(?:'s| is) no (?:rush|hurry)|it can (?:wait|sit)|(?:it's|it is) not urgent",
    re.IGNORECASE,
)
_ALREADY = re.compile(
    r"(?:he|she|they|we|i)(?:'s|'ve| has| have) already (?:[a-z]+ed|done|rung|sent|paid|"
    r"written|bought|made|got|seen to|dealt with|sorted)(?: (?:it|them|that|those|this|him|her))?",
    re.IGNORECASE,
)
# what happened that makes the change: "..., the caterer's pulled out", "..., the van's broken down"
_HAPPENED = re.compile(
    r"(?:the |our |my )?[\w'-]+(?:'s| has| have|'ve) (?:just )?(?:pulled out|dropped out|"
    r"let us down|gone bust|fallen through|broken down|backed out)",
    re.IGNORECASE,
)
_AFTER = (
    (_HAPPENED, ("task.set_priority", "task.set_due", "task.cancel", "task.assign")),
    (_NO_RUSH, ("task.set_priority", "task.set_due")),
    (_ALREADY, ("task.complete",)),
)


def _aside(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    text = match.group(0)
    if _REASON.fullmatch(text):
        return [Piece(ASIDE)]
    for pattern, after in _AFTER:
        if pattern.fullmatch(text):
            return [Piece(ASIDE, {"after": after})]
    if _NOT_NEEDED.fullmatch(text):
        return [Piece(ASIDE, {"after": ("task.cancel", "task.delete")})]
    return None


STATEMENTS = (
    rule(
        "aside",
        rf"{_REASON.pattern}|{_NOT_NEEDED.pattern}|{_NO_RUSH.pattern}|{_ALREADY.pattern}"
        rf"|{_HAPPENED.pattern}",
        _aside,
    ),
    rule(
        "bring_forward",
        r"(?:bring|pull|move) (?P<task>.+?) (?:forward|earlier|up) (?:to|until|till|for) "
        r"(?P<when>.+)",
        _known_due,
    ),
    rule(
        "can_slip",
        r"(?P<task>.+?) (?:can|could|may|will have to) (?:slip|move|wait|be moved|be pushed"
        r"(?: back)?|be put off|go) (?:to|until|till|back to) (?P<when>.+)",
        _known_due,
    ),
    rule(
        "should_be_done_by",
        r"(?P<task>.+?) (?:should|must|needs to|has to|ought to|will need to) be "
        rf"{_PARTICIPLE} (?:by|before|on) (?P<when>.+)"
        r"|(?P<task2>.+?) (?:needs|wants) (?:[a-z]+ing|to be done) (?:by|before|on)"
        r" (?P<when2>.+)",
        lambda match, context: _due_either(match, context),
    ),
    rule(
        "call_task_instead",
        r"(?:call|name|rename|retitle) (?P<task>.+? (?:task|one|item|job)) (?:to |as )?"
        r"(?P<title>.+?)"
        r"(?: instead| from now on)?",
        lambda match, context: _rename_known(match, context),
    ),
)


def _due_either(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    words = match.group("task") or match.group("task2")
    when = when_phrase(match.group("when") or match.group("when2"))
    task = known_task(words, context)
    if when is None or task is None:
        return None
    return one("task.set_due", task=task, due=when)


def _rename_known(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    """ "call the catering task food instead": only a task the store knows."""
    if known_task(match.group("task"), context) is None:
        return None
    return rename(match, context)
