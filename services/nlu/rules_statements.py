"""Clause rules for what is said beside a change: the reasons and asides that add no action.

"..., the dog keeps getting out", "..., there's no rush", "..., we don't need them any more".
Statements that change a task the store knows ("the gate's fixed", "the flowers can wait",
"Sam's looking after the press release", "the flowers can slip to next week") are the
grammar's (``domain.yaml``).
"""

from __future__ import annotations

import re

from services.nlu import ParseContext
from services.nlu.fields import ASIDE
from services.nlu.rules import Piece, rule

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
)
