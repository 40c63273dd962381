"""Fuzzy name resolution: a spoken name or title -> one id, or a clear question.

rapidfuzz does the scoring (maintained, C++ fast: 10,000 titles in a few milliseconds). We
score every name and alias of every candidate, keep each candidate's best, and then:
- one exact (normalised) match wins outright;
- the best score must reach ``threshold``;
- a runner-up within ``margin`` of the best makes the name ambiguous, and the error lists both
  so Parley can ask "Which one: A or B?".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from services.errors import AmbiguousError, UnknownEntityError
from services.nlu.fields import verbs_of_deed

_FILLER = re.compile(
    r"^(?:the|a|an|my|our|this|that)(?:\s+|$)|\s+(?:task|list|project|item|one)$", re.IGNORECASE
)
# Words too common to tell titles apart ("book the venue" vs "write the press release").
_STOPWORDS = frozenset(
    ("the", "a", "an", "to", "for", "of", "and", "on", "in", "at", "with", "my", "our")
)


@functools.lru_cache(maxsize=65536)
def _key(text: str) -> str:
    """Return the words that tell names apart (all of them if only stopwords are left)."""
    words = [word for word in text.split() if word not in _STOPWORDS]
    return " ".join(words) if words else text


@functools.lru_cache(maxsize=65536)  # titles repeat from command to command
def normalise(name: str) -> str:
    """Lower-case, drop punctuation, leading articles and trailing kind words ("task")."""
    text = utils.default_process(name)
    previous = None
    while previous != text:
        previous = text
        text = _FILLER.sub("", text).strip()
    return text


@dataclass(frozen=True)
class Match:
    """The winner of a resolution and how sure it is."""

    id: str
    name: str
    score: float


def resolve(
    query: str,
    candidates: Iterable[tuple[str, str]],
    *,
    kind: str,
    threshold: float = 80,
    margin: float = 5,
) -> Match:
    """Return the candidate (id, name) that ``query`` names; raise if none or several do.

    >>> resolve("sam", [("p-1", "Sam"), ("p-2", "Mike")], kind="person").id
    'p-1'
    """
    wanted = normalise(query)
    if not wanted:
        raise UnknownEntityError(f"I didn't catch which {kind} you mean.")
    pairs = [(cid, name, normalise(name)) for cid, name in candidates]
    exact = {cid: name for cid, name, norm in pairs if norm == wanted}
    if len(exact) == 1:
        ((cid, name),) = exact.items()
        return Match(cid, name, 100.0)
    if len(exact) > 1:
        names = sorted(exact.values())
        raise AmbiguousError(f"More than one {kind} is called {query}.", names)
    ranked = _ranked(wanted, pairs)
    if (not ranked or ranked[0].score < threshold) and kind == "task":
        # "the hall booking" names "book the church hall", "the vet registration" names
        # "register the puppy with the vet": the deed said as a noun, tried as its verb when
        # the words as said name nothing
        for said in _deed_first(wanted, pairs):
            ranked = _ranked(said, pairs)
            if ranked and ranked[0].score >= threshold:
                break
    if not ranked or ranked[0].score < threshold:
        raise UnknownEntityError(_unknown_message(kind, query))
    close = [m for m in ranked[1:] if ranked[0].score - m.score < margin and m.score >= threshold]
    if close:
        names = [ranked[0].name, *(m.name for m in close)]
        raise AmbiguousError(_ambiguous_message(kind, names), names)
    return ranked[0]


def _ranked(wanted: str, pairs: list[tuple[str, str, str]]) -> list[Match]:
    """Each candidate's best score for ``wanted``, best first."""
    best: dict[str, Match] = {}
    scored = process.extract(
        _key(wanted), [_key(norm) for _, _, norm in pairs], scorer=fuzz.WRatio, limit=None
    )
    for _, score, index in scored:
        cid, name, _ = pairs[index]
        if cid not in best or score > best[cid].score:
            best[cid] = Match(cid, name, score)
    return sorted(best.values(), key=lambda match: match.score, reverse=True)


def _deed_first(wanted: str, pairs: list[tuple[str, str, str]]) -> list[str]:
    """ "hall booking" as "book hall", "vet registration" as "register vet": a name holding a
    deed said as a noun, said with the verb a title holds first ("tiling" alone: "tile", the
    verb a title begins with); [] when none does."""
    words = wanted.split()
    if len(words) == 1:
        # "the tiling" as "tile": a deed alone, of a title that begins with its verb
        firsts = _first_words(tuple(norm for _, _, norm in pairs))
        return [verb for verb in verbs_of_deed(words[0]) if verb in firsts]
    verbs = _title_words(tuple(norm for _, _, norm in pairs))
    said = []
    for index, word in enumerate(words):
        rest = " ".join(words[:index] + words[index + 1 :])
        said += [f"{verb} {rest}" for verb in verbs_of_deed(word) if verb in verbs]
    return said


@functools.lru_cache(maxsize=8)
def _title_words(titles: tuple[str, ...]) -> frozenset[str]:
    return frozenset(word for title in titles for word in title.split())


@functools.lru_cache(maxsize=8)
def _first_words(titles: tuple[str, ...]) -> frozenset[str]:
    return frozenset(title.split()[0] for title in titles if title)


def _unknown_message(kind: str, query: str) -> str:
    if kind == "person":
        return f"I don't know anyone called {query}."
    return f"I can't find a {kind} called {query}."


def _ambiguous_message(kind: str, names: list[str]) -> str:
    spoken = ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else names[0]
    return f"Which {kind} do you mean: {spoken}?"
