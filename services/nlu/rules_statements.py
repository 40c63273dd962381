"""Clause rules for changes said as statements about a task the store knows.

"Sam's looking after the press release", "the flowers can wait",
"bring the flowers forward to Thursday": the subject must name a known task (``known_task``),
so that "the car's fixed" or "Jo's on holiday" go to the LLM rather than become a wrong change.
Reasons said after a change ("..., the dog keeps getting out") are asides with no action.
"""

from __future__ import annotations

import re

from services.nlu import ParseContext
from services.nlu.fields import ASIDE, known_task, task_parts
from services.nlu.rules import Builder, Piece, one, rule
from services.nlu.rules_tasks import NAME, rename
from services.nlu.text import PERSON_IT, person_ref, priority_of, when_phrase


def _known_action(type_: str) -> Builder:
    """Build ``type_`` on the subject only when it is a task the store knows (or "it")."""

    def build(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
        refs = [known_task(part, context) for part in task_parts(match.group("task"))]
        if None in refs:
            return None
        return [Piece(type_, {"task": ref}) for ref in refs]

    return build


def _known_assign(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    person = person_ref(match.group("person"), context.people)
    pieces = _known_action("task.assign")(match, context)
    if person is None or person == PERSON_IT or not pieces:
        return None
    return [Piece(p.type, {**p.params, "assignee": person}) for p in pieces]


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
        "person_is_on",
        rf"(?P<person>{NAME})(?:'s| is| will be|'ll be) (?:now )?(?:looking after|handling|"
        r"taking care of|dealing with|doing|in charge of|taking over|taking on|on|covering|"
        r"going to (?:handle|do|take care of|look after|deal with|take on|take over|own)|"
        r"gonna (?:handle|do|take care of|look after|deal with))"
        r" (?P<task>.+?)(?: now| from now on| instead| today| this week)?",
        _known_assign,
    ),
    rule(
        "take_off_give",
        rf"take (?P<task>.+?) (?:off|away from) {NAME},? (?:and )?(?:give|hand|pass) "
        rf"(?:it|that|them) (?:over )?to (?P<person>{NAME})",
        _known_assign,
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
        "low_statement",
        r"(?P<task>.+?)(?:'s| is) (?:no big deal|not (?:very |that |so |really |at all )?"
        r"(?:urgent|important|pressing)|not a priority|low on the list|not in a hurry)"
        r"|(?P<task2>.+?) can wait(?: a bit| for now| a while)?"
        r"|no (?:rush|hurry) (?:on|with|for) (?P<task3>.+)"
        r"|(?P<task4>.+?) (?:isn't|is not|aren't|are not) (?:a |much of a |really a )?"
        r"(?:priority|urgent|pressing)(?: (?:right )?now| any ?more| at the moment)?",
        lambda match, context: _low(match, context),
    ),
    rule(
        "very_priority",
        rf"(?P<task>.+?)(?:'s| is) {_VERY}(?:an? )?{_VERY}(?P<priority>urgent|important|critical)"
        r"(?: now)?",
        lambda match, context: _priority_known(match, context),
    ),
    rule(
        "emergency",
        r"(?P<task>.+?)(?:'s| is| are) (?:now |become )?(?:a bit of |something of |a real |quite |"
        r"turned into |become )?an emergency(?: now)?",
        lambda match, context: _urgent_known(match, context),
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


def _low(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    words = next(said for said in match.group("task", "task2", "task3", "task4") if said)
    if re.fullmatch(r"(?:those|them|these)", words.strip(), re.IGNORECASE):
        words = "it"  # "the flowers can wait, no rush on those"
    task = known_task(words, context)
    return one("task.set_priority", task=task, priority="low") if task else None


def _priority_known(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    task = known_task(match.group("task"), context)
    if task is None:
        return None
    return one("task.set_priority", task=task, priority=priority_of(match.group("priority")))


def _rename_known(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    """ "call the catering task food instead": only a task the store knows."""
    if known_task(match.group("task"), context) is None:
        return None
    return rename(match, context)


def _urgent_known(match: re.Match[str], context: ParseContext) -> list[Piece] | None:
    """ "the catering's a bit of an emergency now": urgent, for a task the store knows."""
    task = known_task(match.group("task"), context)
    return one("task.set_priority", task=task, priority="urgent") if task else None
