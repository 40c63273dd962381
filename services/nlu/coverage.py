"""What a model's answer leaves unaccounted for in what was said.

``slots.ungrounded`` asks the question one way: does the answer hold words nobody said? This
module asks it the other way: are there words said that the answer does not account for? An
answer that drops a clause ("... and remind him about it on Saturday"), cuts a title short
("take the old paint" for "take the old paint to the tip") or misreads a word ("task.cancel
egg" for "cancel the egg timer") leaves a said word that is neither one of the grammar's own
command words nor in any of the answer's values.

A word is accounted for when it is:
- one of the words of ``domain.yaml`` outside its slots: the words commands are said with
  ("add", "task", "remind", "assign", "urgent", "list", ...), or a filler;
- a time word (numbers, units, "half", "past", "morning", ...): the resolver reads those, and
  ``ungrounded`` and ``said_times`` check the answer's times; but a word that names a day (a
  weekday, a month, "today", "tomorrow", "tonight") only when the answer writes it, so an answer
  that drops "..., both by Monday" leaves "monday";
- in one of the answer's values (a title, a name, a note, a time), as written or misheard a
  little (the same test as ``ungrounded`` uses the other way round).

The router trusts a fine-tuned answer that accounts for every word at a lower confidence than
one that does not (``[llm] confirm_below_accounted``); see ``Router._is_unsure_of``.
"""

from __future__ import annotations

from functools import lru_cache

from hassil.expression import Expression, Group, TextChunk
from rapidfuzz import fuzz

from services.nlu import grammar
from services.nlu.commands import Action, values_of
from services.nlu.slots import GROUNDED_WORD  # the same closeness, asked the other way
from services.nlu.text import clean
from services.nlu.timeparse import NAMED_DAYS, normalize

_FILLERS = frozenset((
    "um", "uh", "er", "erm", "hmm", "ah", "oh", "well", "so", "like", "just", "yeah", "yes",
    "ok", "okay", "right", "actually", "basically", "then", "also", "too", "again",
    "please", "thanks", "thank", "you", "i", "i'm", "i've", "i'll", "i'd", "me", "my", "we",
    "us", "our", "it", "that", "this", "these", "those", "there", "here", "is", "are",
    "was", "be", "been", "do", "does", "did", "have", "has", "had", "a", "an", "the", "and",
    "or", "but", "of", "to", "for", "on", "in", "at", "by", "with", "from", "up", "out",
    "off", "about", "into", "onto", "as", "if", "can", "could", "would", "will", "should",
    "must", "shall", "may", "might", "get", "got", "go", "going", "gonna", "need", "needs",
    "want", "wants"
))  # fmt: skip
_TIME_WORDS = frozenset((
    "yesterday", "morning", "afternoon", "evening", "night",
    "noon", "midnight", "lunchtime", "lunch", "teatime", "weekend", "week", "weeks",
    "fortnight", "month", "months", "year", "years", "day", "days", "hour", "hours", "hr",
    "hrs", "minute", "minutes", "min", "mins", "second", "seconds", "sec", "secs", "half",
    "quarter", "past", "oclock", "am", "pm", "end", "start", "middle", "mid", "next",
    "this", "last", "coming", "following", "before", "after", "until", "till", "earliest",
    "latest", "first", "thing", "time"
))  # fmt: skip


def unaccounted(actions: tuple[Action, ...], utterance: str) -> list[str]:
    """Return the words of ``utterance`` that ``actions`` do not account for (in order)."""
    written = _answer_words(actions)
    command = command_words()
    missing = []
    for word in _said_words(utterance):
        # a day is accounted for only when written (the module's note); "may" is a filler too
        if word in NAMED_DAYS and word not in _FILLERS:
            if word not in written:
                missing.append(word)
            continue
        if word in command or word in _FILLERS or word in _TIME_WORDS or _is_number(word):
            continue
        if not _is_written(word, written):
            missing.append(word)
    return missing


def _said_words(utterance: str) -> list[str]:
    words = []
    for token in normalize(clean(utterance)).replace("-", " ").split():
        word = token.strip('.,!?;:"()')
        if word.endswith("'s"):  # "olivia's", "the caterer's": the name is what counts
            word = word[:-2]
        if word:
            words.append(word)
    return words


def _answer_words(actions: tuple[Action, ...]) -> set[str]:
    written: set[str] = set()
    for action in actions:
        for value in action.params.values():
            for item in values_of(value):
                if isinstance(item, str):
                    written.update(_said_words(item))
    return written


def _is_number(word: str) -> bool:
    return any(character.isdigit() for character in word)


def _is_written(word: str, written: set[str]) -> bool:
    if word in written:
        return True
    return any(
        (len(word) > 3 and other.startswith(word[:4])) or fuzz.ratio(word, other) >= GROUNDED_WORD
        for other in written
    )


@lru_cache(maxsize=1)
def command_words() -> frozenset[str]:
    """Every word ``domain.yaml`` says outside a slot: its sentences, rules and closed lists."""
    loaded = grammar.load()
    words: set[str] = set()
    for template in loaded.templates:
        _collect(template.expression, words)
    for expression in loaded.rules.values():
        _collect(expression, words)
    for values in loaded.lists.values():
        for said, _value in values:
            words.update(_said_words(said))
    return frozenset(words)


def _collect(expression: Expression, words: set[str]) -> None:
    """Add the words of ``expression``'s text; a rule it refers to is collected once, from
    ``rules``, and a slot holds no command words."""
    if isinstance(expression, TextChunk):
        words.update(_said_words(expression.text))
    elif isinstance(expression, Group):  # a sequence, alternative or permutation
        for item in expression.items:
            _collect(item, words)
