"""Understanding: text -> Command.

``Parser`` is the one Protocol every parser satisfies (the fast path in ``fastpath.py``, the
LLM parser, and test fakes). ``ParseContext`` carries what a parser may need to know about the
world: the names it should expect and what "it" refers to right now.

- commands.py      Command / Action: what every parser produces and the executor runs
- timeparse.py     spoken dates, times and durations -> aware datetimes
- text.py          clause segmentation and shared text helpers
- hearing.py       misheard command words mended from context
- sounds.py        known names heard as other words ("mare head quinn"), by their phonemes
                   (espeak-ng, as Piper ships it)
- order.py         a dependency read from the word that orders two known tasks ("the camp
                   forms can't go to print till the minibus is booked")
- fastpath.py      the fast path: the grammar (grammar.py over domain.yaml; titles.py what
                   a new task's title can be, fields.py task names said as statements,
                   pieces.py what a clause is read as)
- llm*.py          the local LLM parser: model files, prompt, schema, sampling, tidy, repair,
                   vetting against the store
- slots.py         free-text slots that swallowed more than their value; model answers
                   holding what was not said (both make the router distrust a parse)
- said_times.py    a model's date or time given back the time words said around it that it
                   dropped ("Monday" for "a week on Monday")
- router.py        fast path first, the LLM for what it cannot fully account for
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from services.nlu.commands import Action, Command


@dataclass(frozen=True)
class ParseContext:
    """What the store and the conversation tell a parser about one utterance."""

    now: datetime
    people: tuple[str, ...] = ()  # names and aliases
    projects: tuple[str, ...] = ()
    tasks: tuple[str, ...] = ()  # titles of recent open tasks, newest first
    last: dict[str, str] = field(default_factory=dict)  # "task"/"person"/"project" -> name
    is_confirmation_pending: bool = False
    # the one action the conversation's last command ran ("what's on the choir list?"), for a
    # follow-up that asks the same of something else ("and the panto one?"); None: none, or more
    previous: Action | None = None


class Parser(Protocol):
    """Turns one utterance into a Command; never raises on odd text."""

    name: str

    def parse(self, text: str, context: ParseContext) -> Command: ...
