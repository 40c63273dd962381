"""Pick Whisper's reading of a command from its n-best by what Parley understands.

Beam search keeps several readings; the top one by the decoder's score is not always the one a
person said: tiny.en writes "Mark, book the venue is done." (the comma cuts the command in two)
when "Mark book the venue as done." is a close second, or hears "walk around the plant" where
"water the plants", a task in the store, is one step behind. ``GrammarRescorer`` looks only at
readings within ``margin`` of the best score and prefers, in order: one the fast path parses
completely, one whose command has no one-letter name (Whisper writes "Add X to the shopping
list." for "add eggs ...", with "eggs" close behind), one that names more of the people,
projects and tasks the store knows, one whose command words need no mending, and then the
decoder's order. Outside the margin the decoder's own pick stands, so the grammar cannot talk
it into a reading the audio does not support.

A reading whose command words ``rehear`` must mend ("and note to the shopping list" for "add
...") is one Whisper misheard at least once. Whisper base heard Piper's "add milk to the
shopping list" as "and note ..." first and "add milk ..." within the margin; the reading that
needs no mending is the likelier one to have every word right.

Whisper's punctuation is its own guess, not something said, and a comma it puts after the verb
("Assign, fix the gate to Siobhan.") or a full stop inside a sentence ("Remind me at 9. Tonight
to ...") cuts the command in two for the fast path. So each reading is also tried without its
commas, semicolons, colons and inner full stops; the reading as Whisper wrote it wins a tie. This
costs no decode, so it is worth doing on a greedy decode's single reading too. Whether a reading
needed mending is asked of Whisper's words with and without its pauses, so taking out a comma
never makes a misheard reading look clean ("books, do Saturday," is mended to "due"; "books do
Saturday" is not, and is a task "return the library books do").

"Parses completely" means what the router means by it: the fast path accounts for every word and
``llm_vet.vet`` finds nothing wrong ("at 1.2 on Wednesday" is no time on the clock), so a reading
the router would hand to the model never wins over one it would run.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from rapidfuzz import fuzz, process

from services.nlu import ParseContext, Parser
from services.nlu.commands import Command, values_of
from services.nlu.hearing import rehear
from services.nlu.llm_vet import vet
from services.voice.stt import Hypothesis

log = logging.getLogger(__name__)


class GrammarRescorer:
    """Prefer the reading that parses and names what the store knows; see the module docstring."""

    def __init__(
        self,
        parser: Parser,
        context: Callable[[], ParseContext],
        *,
        margin: float = 0.5,
        sure_score: float = -0.15,
    ) -> None:
        self.parser = parser
        self.context = context
        self.margin = margin  # in mean log-probability per token
        self.sure_score = sure_score  # the least score of a reading that ``settles``

    def choose(self, hypotheses: Sequence[Hypothesis]) -> Hypothesis:
        """Return the best reading; the first one when none is close or none parses."""
        if not hypotheses:
            return Hypothesis("", 0.0)
        best = max(item.score for item in hypotheses)
        close = [item for item in hypotheses if item.score >= best - self.margin]
        candidates = [
            (rank, is_bare, replace(item, text=text))
            for rank, item in enumerate(close)
            for is_bare, text in pause_variants(item.text)
        ]
        context = self._context("rescore with; keeping Whisper's best reading")
        if context is None:  # the decoder's own pick, not no text
            return hypotheses[0]
        names = _names(context)
        mended = [_is_misheard(item.text) for item in close]

        def key(
            entry: tuple[int, bool, Hypothesis],
        ) -> tuple[bool, bool, int, bool, float, int, bool]:
            rank, is_bare, reading = entry
            command = self.parser.parse(reading.text, context)
            return (
                not _is_whole(command, context),
                _names_a_letter(command),
                -_mentions(reading.text, names),
                mended[rank],  # the words Whisper wrote, whatever its punctuation
                -reading.score,
                rank,
                is_bare,
            )

        return min(candidates, key=key)[2]

    def settles(self, hypothesis: Hypothesis) -> Hypothesis | None:
        """``hypothesis`` (as written, else without its pauses) when the decoder is sure of it
        (a mean log-probability per token of at least ``sure_score``), the fast path parses it
        completely, its command words need no mending, and it names no single letter and
        nothing near, but not the same as, a name or title the store knows. None: search the
        n-best.

        The n-best would rank such a reading first unless a close one named more of the store's
        names; a misheard word ("wander the plants", "the menu is booked") lowers the score, but
        not always: Whisper base was sure of "water the plant" for Piper's "water the plants".
        """
        if hypothesis.score < self.sure_score:
            return None
        context = self._context("settle a reading with; the n-best decides")
        if context is None:
            return None
        known = _known(context)
        for _is_bare, text in pause_variants(hypothesis.text):
            command = self.parser.parse(text, context)
            if (
                _is_whole(command, context)
                and not _is_misheard(hypothesis.text)
                and not _names_a_letter(command)
                and not _nearly_names(command, known)
            ):
                return replace(hypothesis, text=text)
        return None

    def _context(self, purpose: str) -> ParseContext | None:
        """What the parser knows now; None (logged) when the store is busy or broken."""
        try:
            return self.context()
        except Exception:
            log.exception("no parse context to %s", purpose)
            return None


# A pause Whisper punctuated: a comma, semicolon or colon, or a full stop inside the text ("at
# 9. Tonight to take my tablets"); a full stop after a single capital is an initial's ("J. Smith")
_PAUSES = re.compile(r"\s*[,;:]\s*|(?<![\s.][A-Z])(?<!^[A-Z])\.\s+(?=\S)")
_LETTER = re.compile(r"[^\W\d_]")


def _is_whole(command: Command, context: ParseContext) -> bool:
    """The fast path parses the reading completely and the router would run it as parsed:
    ``vet`` finds nothing wrong with it (a time that reads as no time, "at 1.2 on Wednesday";
    a title holding a second request). Such a reading is what the router would send to the
    model, so it is no better than one the fast path cannot parse at all."""
    return command.is_complete and not vet(command, context)[1]


def _is_mended(text: str) -> bool:
    """True when ``rehear`` changes a word of ``text`` (case and punctuation aside)."""
    return _spoken(rehear(text)) != _spoken(text)


def _is_misheard(text: str) -> bool:
    """True when ``rehear`` mends a word of the reading as written or without its pauses: its
    mends look at punctuation ("books, do Saturday," is mended, "books do Saturday" is not;
    "Mark book the venue is done" is, "Mark, book the venue is done" is not), the words are
    Whisper's either way."""
    return any(_is_mended(reading) for _, reading in pause_variants(text))


def _names_a_letter(command: Command) -> bool:
    """True when a name or title in the command is a single letter ("X", "A."): people say a
    word there, and a letter is nearly always Whisper's spelling of one ("eggs")."""
    for action in command.actions:
        for value in action.params.values():
            for item in values_of(value):
                if isinstance(item, str) and _LETTER.fullmatch(item.strip(" .,!?'\"")):
                    return True
    return False


# A title or name this near a known one (rapidfuzz's ratio, 0-100) but not it is more often a
# misheard word in it than a new thing: "water the plant" for the task "water the plants" (96),
# "book the menu" for "book the venue" (89).
NEAR_NAME = 85.0


def _known(context: ParseContext) -> frozenset[str]:
    return frozenset(
        _spoken(name) for name in (*context.people, *context.projects, *context.tasks) if name
    )


def _spoken(value: str) -> str:
    return " ".join(_WORD.findall(value.lower()))


def _nearly_names(command: Command, known: frozenset[str]) -> bool:
    """True when a name or title in the command is near a name, project or task the store
    knows without being it: the n-best, which prefers readings naming what the store knows,
    decides such a reading instead of the greedy pass alone."""
    if not known:
        return False
    for action in command.actions:
        for value in action.params.values():
            for item in values_of(value):
                if not isinstance(item, str):
                    continue
                said = _spoken(item)
                if said and said not in known and _near(said, known):
                    return True
    return False


def _near(said: str, known: frozenset[str]) -> bool:
    return process.extractOne(said, known, scorer=fuzz.ratio, score_cutoff=NEAR_NAME) is not None


def pause_variants(text: str) -> list[tuple[bool, str]]:
    """The text as written, and without the pauses Whisper punctuated into it (if any)."""
    bare = _PAUSES.sub(" ", text).strip()
    return [(False, text)] if bare == text else [(False, text), (True, bare)]


# A word, hyphenated compounds whole: "wedding-do" is a word of its own, not the project
# "wedding" (Whisper wrote "wedding-do Friday" for "wedding due Friday").
_WORD = re.compile(r"[a-z0-9']+(?:-[a-z0-9']+)*")


def _names(context: ParseContext) -> tuple[frozenset[str], ...]:
    """Each known name as it may be said, in words between spaces: a name with a hyphen
    ("follow-up") either with it or as two words. Worked out once per utterance."""
    forms = []
    for name in (*context.people, *context.projects, *context.tasks):
        if name:
            spoken = _spoken(name)
            forms.append(frozenset((f" {spoken} ", f" {spoken.replace('-', ' ')} ")))
    return tuple(forms)


def _mentions(text: str, names: tuple[frozenset[str], ...]) -> int:
    """Count the known names said in ``text`` (whole words, any case, punctuation ignored)."""
    said = f" {_spoken(text)} "
    return sum(any(form in said for form in forms) for forms in names)
