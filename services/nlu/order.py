"""A dependency said by the order of two known tasks, read from the words that order them.

People say one task waits for another in more ways than a grammar lists: "the camp forms can't
go to print till the minibus is booked", "hold off on the tent pegs until the forms are done",
"I need the minibus booked before I print the camp forms", "once the minibus is booked I can
print the camp forms", "first mend the gate latch, then order the tent pegs". What they share is
small: two tasks the store has, and a word that orders them. ``dependency_by_order`` finds the
two tasks (by title, or by their nouns: "the tent pegs" for "order the tent pegs") and reads the
order from that word:

- "until", "till", "after", "depends on", "relies on", "waiting on", "held up by", "blocked by",
  "comes after" between them: the first waits for the second;
- "blocks", "holds up" between them, or "after that", "until that's done" (a word that
  points back to the first): the second waits for the first;
- "before" between them: the second waits for the first, unless the first is said not to be
  done before ("don't print the camp forms before the minibus is sorted": it waits);
- "once", "when", "as soon as", "after" before the first, or "first ..., then ...": the second
  waits for the first.

Only a clause of the two tasks and such a word: none when it names a person or a time, asks a
question, or holds a request of another kind ("remind me", "tell", "add"), which the grammar or
the model reads. The fast path tries it on a clause the grammar did not read.
"""

from __future__ import annotations

import re
from functools import lru_cache

from services.nlu import ParseContext
from services.nlu.fields import PARTICLES
from services.nlu.grammar import plain_statement
from services.nlu.memo import by_identity
from services.nlu.sounds import task_noun
from services.nlu.timeparse import find_when, says_day_or_clock

MAX_MENTION_WORDS = 6  # the longest task title looked for in a clause

_WORD = re.compile(r"[\w'-]+")
_NOT = (
    r"\b(?:don't|do not|can't|cannot|can not|mustn't|must not|shouldn't|should not|won't|"
    r"not|never|no point|no use|pointless|nobody|no one|none of us)\b"
)
MAX_WORDS_AFTER = 5  # "... till the minibus is booked in": what is said of the second task
_WAITS = re.compile(
    r"\b(?:until|till|'til|til|after|depends? on|depending on|dependent on|relies on|rely on|"
    r"relying on|waits? (?:on|for)|waiting (?:on|for)|held up by|blocked by|comes? after|"
    r"has to wait for|have to wait for)\b",
    re.IGNORECASE,
)
_HOLDS_UP = re.compile(r"\b(?:blocks|blocking|holds up|holding up|is holding up)\b", re.I)
# "renew the permit first, and only after that can we clear the garage": the word that orders
# them said of the first, by a word that points back to it: the second waits for the first
_AFTER_THAT = re.compile(
    r"\b(?:until|till|'til|til|after|once|when)\s+(?:that|this|it|which|then)\b", re.I
)
_BEFORE = re.compile(r"\bbefore\b", re.IGNORECASE)
_CONDITION_FIRST = re.compile(
    r"^(?:so\s+|and\s+)?(?:once|when|as soon as|after|the moment)\b", re.I
)
_FIRST = re.compile(r"\bfirst\b", re.IGNORECASE)
# words of a request of another kind, or of a question: the grammar's or the model's to read
_OTHER_REQUEST = re.compile(
    r"\b(?:tell|remind|reminder|message|text|email|add|create|new|another|assign|give|cancel|"
    r"stick|pop|jot|bung|"
    r"delete|rename|mark|tick|reopen|schedule|meeting|timer|list|project|urgent|priority|"
    r"subtasks?|steps?|split|break|who|what|which|why|how|is it|does|should)\b|\?",
    re.IGNORECASE,
)
_QUESTION = re.compile(
    r"^(?:is|are|was|were|do|does|did|can|could|should|will|would|has|have|shall|must)\b", re.I
)


# a value taken back and said again in the same clause
_PUT_RIGHT = re.compile(r",\s*no,?\s+(?:hang on|wait|sorry)\b", re.IGNORECASE)
# the first task said as what is waited on ("... until the road tax")
_WAITED_ON = re.compile(r"\b(?:until|till|on|for|by|after)\s+(?:the\s+)?$", re.IGNORECASE)


def dependency_by_order(text: str, context: ParseContext) -> tuple[str, str] | None:
    """The (waiting task, the task it waits for) ``text`` orders, as said; None when it is not
    a clause of two known tasks and a word that orders them (see the module docstring)."""
    if _OTHER_REQUEST.search(text) or _QUESTION.match(text) or _names_someone(text, context):
        return None
    mentions = _mentions(text, context)
    if len(mentions) != 2:
        return None
    (first_at, first_end, first), (second_at, second_end, second) = mentions
    # a time said outside the two tasks' names ("the Christmas tree" names no day)
    rest = f"{text[:first_at]} … {text[first_end:second_at]} … {text[second_end:]}"
    if find_when(rest) or any(says_day_or_clock(rest, context.now)):
        return None
    before, between, after = text[:first_at], text[first_end:second_at], text[second_end:]
    if _PUT_RIGHT.search(between) and _WAITED_ON.search(before):
        return None  # "... until the road tax is done, no hang on, until ...": taken back
    if not _said_of_the_second(after, context):
        return None  # a clause more after the two: the grammar's or the model's
    if _AFTER_THAT.search(between):
        return second, first
    if _WAITS.search(between):
        return first, second
    if _HOLDS_UP.search(between):
        return second, first
    said_before = _BEFORE.search(between)
    if said_before:
        negated = re.search(_NOT, before + between[: said_before.start()], re.IGNORECASE)
        return (first, second) if negated else (second, first)
    if _CONDITION_FIRST.search(before.strip()) and not between.strip(" ,").count(" ") > 4:
        return second, first
    if _FIRST.search(before + between) and re.search(r"\bthen\b", between, re.IGNORECASE):
        return second, first
    return None


def _said_of_the_second(after: str, context: ParseContext) -> bool:
    """Whether the words after the second task are what is said of it ("is booked in"), and
    at most a remark after a comma that holds no request, time, person or task ("..., we need
    numbers first": ``grammar.plain_statement``)."""
    state, _, remark = after.partition(",")
    if len(state.split()) > MAX_WORDS_AFTER or re.search(r"[;:]", after):
        return False
    remark = remark.strip(" .!")
    if "," in remark:
        return False  # more than one remark ("well, sort of, the prize list ..."): a clause more
    return not remark or plain_statement(remark, context) is not None


def _names_someone(text: str, context: ParseContext) -> bool:
    """Whether ``text`` names a person the store knows, other than as who does what a task
    waits for ("... till Tariq's paid the darts fees": what is waited for is the fees paid)."""
    if not context.people:
        return False
    doer, named = _people_said(tuple(context.people))
    return named.search(doer.sub(r"\1", text.lower())) is not None


@lru_cache(maxsize=4)  # the store's people now: asked of every clause the grammar did not read
def _people_said(people: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Who does what is waited for ("till Tariq's paid"), and any known person, in lower case
    (longest names first, so one name inside another is not found for it)."""
    names = "|".join(re.escape(person.lower()) for person in sorted(people, key=len, reverse=True))
    doer = re.compile(
        rf"\b((?:till|until|once|when|after) )(?:{names})(?:'s|'ve| has| have| had)\b"
    )
    return doer, re.compile(rf"\b(?:{names})\b")


def _mentions(text: str, context: ParseContext) -> list[tuple[int, int, str]]:
    """The known tasks ``text`` names, in order, each once, longest first: (start, end, as
    said); more than two, or the same task twice, is none the order can tell."""
    forms = _task_forms(tuple(context.tasks))
    words = list(_WORD.finditer(text))
    found: list[tuple[int, int, str]] = []
    tasks: list[str] = []
    at = 0
    while at < len(words):
        for size in range(min(MAX_MENTION_WORDS, len(words) - at), 0, -1):
            said = " ".join(word.group().lower() for word in words[at : at + size])
            title = forms.get(_bare(said))
            if title is not None:
                if title in tasks:
                    return []
                tasks.append(title)
                found.append((words[at].start(), words[at + size - 1].end(), _bare(said)))
                at += size
                break
        else:
            at += 1
    return found


def _bare(said: str) -> str:
    """A mention without its article or possessive ("the minibus's": "minibus")."""
    return _POSSESSIVE.sub("", _ARTICLE.sub("", said))


# (compiled once: ``_mentions`` asks of every run of words of a clause the grammar did not read)
_ARTICLE = re.compile(r"^(?:the|a|an|my|our)\s+")
_POSSESSIVE = re.compile(r"(?:'s|s')$")


def _noun_of(title: str) -> str | None:
    """What a task acts on: "tent pegs" of "order the tent pegs", "Christmas tree" of "take
    down the Christmas tree"."""
    noun = task_noun(title)
    words = title.split()
    if noun is None and len(words) >= 4 and words[1].lower() in PARTICLES:
        noun = task_noun(" ".join(words[:1] + words[2:]))
    return noun


@by_identity(maxsize=4)
def _task_forms(tasks: tuple[str, ...]) -> dict[str, str]:
    """Each way a task is named in a clause (its title; its noun, "tent pegs" of "order the
    tent pegs", also as "tent peg"; and the noun's last word, "the bibs" for "wash the hockey
    bibs"), to the title; a form two tasks share names neither."""
    forms: dict[str, str | None] = {}
    for title in tasks:
        noun = (_noun_of(title) or "").lower()
        last = noun.split()[-1] if len(noun.split()) > 1 else ""
        for form in {title.lower(), noun, noun.rstrip("s"), last, last.rstrip("s")}:
            if len(form) >= 3:
                forms[form] = title if forms.get(form, title) == title else None
    return {form: title for form, title in forms.items() if title is not None}
