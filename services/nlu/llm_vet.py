"""Vet a parse against what the store knows, before it is trusted.

Two jobs, both pure (a Command and a ParseContext in, a Command and findings out):

- ``respell``: a speech recogniser mishears names ("the cattering task", "pria shah", "the
  lunch project"). A word of a reference that no known name contains, but that is close to a
  word one does, is replaced by that word when the whole reference then matches a known name.
- ``vet``: a fast-path parse that is "complete" can still be wrong when the words did not fit
  its patterns ("scrap the catering task entirely" -> task "catering task entirely"). Such a
  parse names tasks or people nobody has, or folds a person or a second item into a title.
  The router sends those to the LLM, like an incomplete parse.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from typing import Any

import jellyfish
from rapidfuzz import fuzz, process, utils
from rapidfuzz.distance import Levenshtein

from services.nlu import ParseContext
from services.nlu.commands import Action, Command
from services.nlu.fields import PARTICLES
from services.nlu.memo import by_identity
from services.nlu.slots import slot_findings
from services.nlu.text import MAX_REFERENCE_WORDS, folded

# (and "won": "one" as a recogniser writes it, "make the birthday cake won hi priority")
_STOP = frozenset(
    {"the", "a", "an", "my", "our", "your", "task", "tasks", "list", "project", "item", "one",
     "won"}
)  # fmt: skip
_WORD = re.compile(r"[a-z0-9']+")
WORD_MATCH = 80  # rapidfuzz ratio for a misheard word to be taken as a known one
LONG_WORD_MATCH = 70  # the same for words of six letters or more ("realise" -> "release")
PERSON_MATCH = 75  # WRatio for a misheard person's name ("Alec" -> "Alex")
MIN_SOUND_KEY = 2  # Metaphone sounds a name must have to be told by its sound alone
MIN_NEAR_SOUND_KEY = 3  # ... and to be told by a sound one away from a known name's
NEAR_SOUND_SPELLING = 75  # rapidfuzz ratio such a name must also reach in its letters
SELF = frozenset({"me", "myself", "i"})
# Subtask "titles" that only say "make some subtasks": the LLM writes real ones.
GENERIC_STEPS = frozenset({"steps", "smaller steps", "pieces", "smaller pieces", "parts", "tasks"})


def _words(text: str) -> list[str]:
    return _WORD.findall(folded(text))


@dataclass(frozen=True)
class _Vocabulary:
    """The words of every known name, and its longer words sorted for prefix search."""

    words: set[str]  # never changed once built; its order breaks rapidfuzz's ties, as before
    long: frozenset[str]  # the words of four letters or more
    long_sorted: tuple[str, ...]

    @cached_property
    def by_sound(self) -> dict[str, tuple[str, ...]]:
        """The known words of three letters or more by their Metaphone sound, built the first
        time a misheard word needs it."""
        index: dict[str, set[str]] = {}
        for word in self.words:
            if len(word) >= 3 and word not in _STOP:
                index.setdefault(jellyfish.metaphone(word), set()).add(word)
        return {key: tuple(sorted(words)) for key, words in index.items()}

    def has_stem_of(self, word: str) -> bool:
        """Tell whether a known word of four letters or more starts ``word`` or starts with it,
        or is the verb ``word`` is the noun of ("application": "apply", "invitation": "invite")."""
        if any(word[:end] in self.long for end in range(4, len(word) + 1)):
            return True
        if any(verb in self.long for verb in _verbs_of(word)):
            return True
        # every word starting with ``word`` sorts right after it
        at = bisect_left(self.long_sorted, word)
        return at < len(self.long_sorted) and self.long_sorted[at].startswith(word)


def _verbs_of(noun: str) -> tuple[str, ...]:
    """The verbs a noun in "-ation" may be said of ("visa application": "apply for the visa",
    "the invitations": "send the invites", "the decoration": "decorate the hall")."""
    if noun.endswith("ication"):
        return (noun[: -len("ication")] + "y",)
    stem = noun.removesuffix("s").removesuffix("ation")
    return (stem + "e", stem + "ate") if stem != noun.removesuffix("s") else ()


def _vocabulary(context: ParseContext) -> _Vocabulary:
    """Return the indexed words of every name ``context`` knows."""
    names = (context.tasks, context.projects, context.people, context.last.values())
    return _vocabulary_of(*(tuple(group) for group in names))


@by_identity(maxsize=8)  # conversations differ only in their "last" names
def _vocabulary_of(*groups: tuple[str, ...]) -> _Vocabulary:
    """Index the words of the known names once per set of names, not once per check.

    A context listing 10,000 tasks has 10,000 titles to split; the parse checks words
    against them a dozen times per utterance. The names themselves are the key, so a changed
    store is a new entry, never a stale one.
    """
    words = {word for names in groups for name in names for word in _words(name)}
    long = frozenset(word for word in words if len(word) > 3)
    return _Vocabulary(words, long, tuple(sorted(long)))


def _is_known_word(word: str, vocabulary: _Vocabulary) -> bool:
    if word in vocabulary.words or word in _STOP:
        return True
    # plural or stem of a known word ("flower" / "flowers", "gardening" / "garden")
    return len(word) > 3 and vocabulary.has_stem_of(word)


def matches_known(value: str, context: ParseContext) -> bool:
    """Tell whether every word of a reference is a word of some known name."""
    words = [word for word in _words(value) if word not in _STOP]
    if not words:
        return False
    vocabulary = _vocabulary(context)
    return all(_is_known_word(word, vocabulary) for word in words)


def respell(value: str, context: ParseContext) -> str:
    """Replace misheard words of a task/project reference with the known words they resemble.

    A recogniser also splits one word in two ("the invite ations" for "the invitations"): two
    neighbours of which one is unknown are tried as one word first.
    """
    if matches_known(value, context) and not _ENDS_WITH_A.search(value):
        return _singular(value, _vocabulary(context))
    vocabulary = _vocabulary(context)
    fixed = _joined(value, vocabulary)
    said = [word for word in _words(fixed) if word not in _STOP]
    mended: list[str] = []  # the known words misheard words were mended into
    for word in said:
        if _is_known_word(word, vocabulary) or len(word) < 3:
            continue
        # a word of two sounds ("gait", "cool") is told by its sound only beside a known word
        # ("the vet cool"): alone ("the goat") it may as well be a task nobody has
        beside_known = any(_is_known_word(other, vocabulary) for other in said if other != word)
        match = _close_word(
            word, vocabulary, MIN_WORD_SOUND - 1 if beside_known else MIN_WORD_SOUND
        )
        if match:
            fixed = re.sub(rf"\b{re.escape(word)}\b", match, fixed, flags=re.IGNORECASE)
            mended.append(match)
    if matches_known(fixed, context) and _one_name_holds(fixed, mended, context):
        return fixed
    bare = _TRAILING_PARTICLE.sub("", value)
    if bare != value and matches_known(bare, context):  # "bump the vet call up to urgent"
        return bare
    return _close_title(value, context.tasks) or value


def _one_name_holds(fixed: str, mended: list[str], context: ParseContext) -> bool:
    """Whether one known name holds each word mended into ``fixed`` with the words said beside
    it ("the vet cool": "book the vet call"); "the club insurance" is no "club insulate", made
    of a list's word and a task's."""
    if not mended:
        return True
    words = [word for word in _words(fixed) if word not in _STOP]
    names = (*context.tasks, *context.projects, *context.people, *context.last.values())
    return any(
        all(_holds(held, word) for word in words)
        for name in names
        if mended[0] in name.lower()
        for held in (set(_words(name)),)
    )


def _holds(held: set[str], word: str) -> bool:
    """Whether the words of a name hold ``word``, or a word of its stem ("flowers")."""
    return word in held or (
        len(word) > 3
        and any(len(w) > 3 and (w.startswith(word[:-1]) or word.startswith(w)) for w in held)
    )


def _singular(value: str, vocabulary: _Vocabulary) -> str:
    """ "the shops sign" when the store knows "fix the shop sign": a word said with an "s" the
    known word has not (and no known word has), as the known word."""
    for word in _words(value):
        plural = len(word) > 3 and word.endswith("s") and word not in vocabulary.words
        if plural and word[:-1] in vocabulary.words:
            value = re.sub(rf"\b{re.escape(word)}\b", word[:-1], value, flags=re.IGNORECASE)
    return value


# a reference never ends with "a": "book the plum a" is "book the plumber" said without its "r"
_ENDS_WITH_A = re.compile(r"\w{4}\s+a$", re.IGNORECASE)
# "bump the vet call up", "put the roses off": a verb's particle said after the task's name
_TRAILING_PARTICLE = re.compile(r"\s+(?:up|down|off|out|back|over|forward|along)$", re.IGNORECASE)
TITLE_MATCH = 85  # rapidfuzz ratio for a misheard reference to be taken as a whole known title
TITLE_MARGIN = 10  # ... and by how much it must beat the next closest title (a letter of 12 is 8)


def _close_title(value: str, titles: tuple[str, ...]) -> str | None:
    """Return the one known title a reference is a near spelling of, as a whole.

    A short misheard word is too short to respell alone ("call the bet": "bet" is as near
    "vet" as "bee" is), but the whole reference is a near spelling of one title only.
    """
    said = " ".join(_words(value))
    if len(said) < 8 or not titles:
        return None
    best = process.extract(said, _spelled(tuple(titles)), scorer=fuzz.ratio, limit=2)
    if not best or best[0][1] < TITLE_MATCH:
        return None
    if len(best) > 1 and best[0][1] - best[1][1] < TITLE_MARGIN and best[0][0] != best[1][0]:
        return None
    return titles[best[0][2]]


@by_identity(maxsize=4)  # the task lists in use now: the titles are the key, never stale
def _spelled(titles: tuple[str, ...]) -> tuple[str, ...]:
    """Each title's words as ``_close_title`` compares them, once per task list."""
    return tuple(" ".join(_words(title)) for title in titles)


def _close_word(word: str, vocabulary: _Vocabulary, sounds: int | None = None) -> str | None:
    """The known word ``word`` is a near spelling of; else the one it sounds like.

    A recogniser writes a word it did not catch as another that sounds the same ("the council
    tacks", "chews the tiles"), or drops a final "r" ("service the campa"): such a word is
    taken for the one known word with its Metaphone sound, or, said with "er" for its final
    "a", for a near spelling.
    """
    cutoff = LONG_WORD_MATCH if len(word) >= 6 else WORD_MATCH
    match = process.extractOne(word, vocabulary.words, scorer=fuzz.ratio, score_cutoff=cutoff)
    if match:
        return str(match[0])
    if len(word) >= 5 and word.endswith("a"):
        match = process.extractOne(
            word[:-1] + "er", vocabulary.long, scorer=fuzz.ratio, score_cutoff=WORD_MATCH
        )
        if match:
            return str(match[0])
    return _word_by_sound(word, vocabulary, MIN_WORD_SOUND if sounds is None else sounds)


MIN_WORD_SOUND = 3  # Metaphone sounds a word must have to be told by its sound alone


def _word_by_sound(word: str, vocabulary: _Vocabulary, sounds: int) -> str | None:
    """The one known word of three letters or more with the sound of ``word`` (of ``sounds``
    Metaphone sounds or more), or None."""
    key = jellyfish.metaphone(word)
    if len(word) < 4 or len(key) < sounds:
        return None
    found = vocabulary.by_sound.get(key, ())
    return found[0] if len(found) == 1 else None


def _possessive_known(word: str, vocabulary: _Vocabulary) -> bool:
    """Whether ``word`` is a known word's possessive said without its apostrophe
    ("shepherds" of "the shepherd's hut")."""
    return len(word) > 3 and word.endswith("s") and f"{word[:-1]}'s" in vocabulary.words


def _joined(value: str, vocabulary: _Vocabulary) -> str:
    """Join two neighbouring words that a known word of six letters or more sounds like when
    one of them is not a known word ("invite ations" -> "invitations")."""
    words = _words(value)
    for first, second in itertools.pairwise(words):
        # "the plum a" for "the plumber": a final "er" heard as a word "a"
        softened = second == "a" and len(first) >= 4 and first not in vocabulary.words
        if first in _STOP or (second in _STOP and not softened):
            continue
        if (
            not softened
            and (_is_known_word(first, vocabulary) or _possessive_known(first, vocabulary))
            and _is_known_word(second, vocabulary)
        ):
            continue  # ("the shepherds hut": "shepherd's hut", not "shepherd's")
        whole = first + second
        match = _close_word(whole, vocabulary) if len(whole) >= (5 if softened else 6) else None
        if (
            match
            and len(match) >= 6
            # "brake pads" is no "brakes": two whole words are not heard as a shorter one
            and (len(match) >= len(whole) - 2 or min(len(first), len(second)) < 4)
            and (
                fuzz.ratio(whole, match) >= WORD_MATCH
                or (softened and fuzz.ratio(first + "er", match) >= WORD_MATCH)
                # "the boy lure task": two words neither of which the store has, with the
                # very sound of one it has ("boiler")
                or (
                    not _is_known_word(first, vocabulary)
                    and not _is_known_word(second, vocabulary)
                    and _word_by_sound(whole, vocabulary, MIN_WORD_SOUND) == match
                )
            )
        ):
            return re.sub(
                rf"\b{re.escape(first)}\s+{re.escape(second)}\b", match, value, flags=re.IGNORECASE
            )
    return value


def respell_person(value: str, context: ParseContext) -> str:
    """Return the known person a misheard name stands for, or the name as said."""
    if value.lower() in SELF or not context.people:
        return value
    match = process.extractOne(
        value, context.people, scorer=fuzz.WRatio, processor=utils.default_process
    )
    if match and match[1] >= PERSON_MATCH:
        return match[0]
    return person_by_sound(value, context) or value


def person_by_sound(value: str, context: ParseContext) -> str | None:
    """Return the one known person whose name (whole, or the first name) sounds like
    ``value``, or None: a recogniser writes a name it does not know as words that sound the
    same ("rage" for Raj, "coffee" for Kofi, "a lex" for Alex, "olivia grunt").

    Sounds are compared with Metaphone (jellyfish, a maintained C implementation), on the
    words run together; a key of one sound ("joe", "bea") is too common to tell anyone by.
    """
    key = _sound_key(value)
    if len(key) < MIN_SOUND_KEY:
        return None
    found = _people_by_sound(tuple(context.people)).get(key, frozenset())
    if not found and len(key) >= MIN_NEAR_SOUND_KEY:
        found = _near_sound(value, key, tuple(context.people))
    return next(iter(found)) if len(found) == 1 else None


def _near_sound(value: str, key: str, people: tuple[str, ...]) -> frozenset[str]:
    """The people whose name (whole, or the first name) sounds near ``value`` by a second
    reading: the same NYSIIS code ("bar tech" and Bartek are both BARTAC, "sir sha" and Saoirse
    SARS), or one Metaphone sound apart and close in spelling. One Metaphone sound apart alone is
    too loose ("party" is PRT, Priya PRY). A known first name said with a word after it
    ("beatrice oak") is that name and a word, not a near sound."""
    said = _words(value)
    letters = "".join(said)
    forms, firsts = _name_forms(people)
    if any(word in firsts for word in said):
        return frozenset()
    code = jellyfish.nysiis(letters)
    near: set[str] = set()
    for person, form, sound, form_code in forms:
        same_code = len(code) >= MIN_NEAR_SOUND_KEY and code == form_code
        one_sound_apart = jellyfish.levenshtein_distance(key, sound) == 1
        if same_code or (one_sound_apart and fuzz.ratio(letters, form) >= NEAR_SOUND_SPELLING):
            near.add(person)
    return frozenset(near)


_NameForm = tuple[str, str, str, str]  # person, a form of the name, its Metaphone, its NYSIIS


@lru_cache(maxsize=8)  # the lists of people in use now, as ``_people_by_sound``
def _name_forms(people: tuple[str, ...]) -> tuple[tuple[_NameForm, ...], frozenset[str]]:
    """Each person's name (whole, and the first name) with its two sound codes, for names of
    at least ``MIN_NEAR_SOUND_KEY`` Metaphone sounds; and every first name, lower-cased."""
    forms: list[_NameForm] = []
    for person in people:
        words = _words(person)
        for form in {"".join(words), words[0] if words else ""}:
            sound = jellyfish.metaphone(form) if form else ""
            if len(sound) >= MIN_NEAR_SOUND_KEY:
                forms.append((person, form, sound, jellyfish.nysiis(form)))
    firsts = frozenset(_words(person)[0] for person in people if _words(person))
    return tuple(forms), firsts


def may_open_name_by_sound(word: str, context: ParseContext) -> bool:
    """Whether a known person's name (whole, or the first name) starts with the sound of
    ``word``: a recogniser writes an unknown name's first syllable as a word of its own ("a lex"
    for Alex)."""
    key = _sound_key(word)
    return bool(key) and key in _sound_openings(tuple(context.people))


@lru_cache(maxsize=8)  # the lists of people in use now, as ``_people_by_sound``
def _sound_openings(people: tuple[str, ...]) -> frozenset[str]:
    """Every start of a sound that names someone (``_people_by_sound``) shorter than it: the
    walk asks of every word that may open a name, so they are listed once, not compared."""
    return frozenset(
        sound[:end] for sound in _people_by_sound(people) for end in range(1, len(sound))
    )


@lru_cache(maxsize=8)  # the lists of people in use now; the fast path asks for every word
def _people_by_sound(people: tuple[str, ...]) -> dict[str, frozenset[str]]:
    """Index who each sound names: a person's whole name and first name."""
    index: dict[str, set[str]] = {}
    for person in people:
        # "Mr Pellegrini" is said "Pellegrini" too, and never "Mr" alone
        bare = untitled(person)
        first = bare if bare != person else (person.split()[0] if person.split() else "")
        for key in {_sound_key(person), _sound_key(first)}:
            index.setdefault(key, set()).add(person)
    return {key: frozenset(names) for key, names in index.items()}


def _sound_key(name: str) -> str:
    letters = "".join(_words(name))
    return jellyfish.metaphone(letters) if letters else ""


def _bare(name: str) -> str:
    return " ".join(word for word in _words(name) if word not in _STOP)


def respell_project(value: str, context: ParseContext) -> str:
    """Return the known project a misheard or inflected name stands for, or the name as said."""
    bare = _bare(value)
    known = {_bare(project): project for project in context.projects}
    if bare in known or not known:
        return value
    inside = [name for name in known if name and f" {name} " in f" {bare} "]
    if len(inside) == 1:  # "shopping lift" -> "shopping"
        return known[inside[0]]
    holding = project_holding(value, context)
    if holding is not None:  # "the fete list" -> "school fete"
        return holding
    match = process.extractOne(bare, list(known), scorer=fuzz.ratio, score_cutoff=WORD_MATCH)
    if match:
        return known[match[0]]
    return (
        _one_word_by_sound(bare, known)
        or _whole_by_sound(bare, known)
        or _single_word_by_sound(bare, known)
        or value
    )


def _single_word_by_sound(bare: str, known: dict[str, str]) -> str | None:
    """The one known name of a single word a sound away from ``bare``, itself one word of a
    long enough sound ("the orchid list" for the orchard: ORXT, ORXRT)."""
    if " " in bare:
        return None
    said = jellyfish.metaphone(bare)
    if len(said) < 4:
        return None
    found = {
        project
        for name, project in known.items()
        if " " not in name
        and (sound := jellyfish.metaphone(name))[:1] == said[:1]  # ("bedding" is no "wedding")
        and Levenshtein.distance(said, sound) <= 1
    }
    return next(iter(found)) if len(found) == 1 else None


def _whole_by_sound(bare: str, known: dict[str, str]) -> str | None:
    """The one known name of two words or more whose sound, run together, is that of ``bare``
    or near it ("youth or kestrel" for the youth orchestra): one Metaphone sound apart for
    every four, and none for a name of fewer than six."""
    said = jellyfish.metaphone(bare.replace(" ", ""))
    if len(said) < 6:
        return None
    found = {
        project
        for name, project in known.items()
        if " " in name
        and Levenshtein.distance(said, jellyfish.metaphone(name.replace(" ", ""))) <= len(said) // 4
    }
    return next(iter(found)) if len(found) == 1 else None


def _one_word_by_sound(bare: str, known: dict[str, str]) -> str | None:
    """The one known name of two words or more said with every word but one as it is, and
    that one a sound away ("the quire concert list" for the choir concert)."""
    said = bare.split()
    found = set()
    for name, project in known.items():
        words = name.split()
        if len(words) < 2 or len(words) != len(said):
            continue
        apart = [(a, b) for a, b in zip(said, words, strict=True) if a != b]
        if len(apart) != 1:
            continue
        one, other = apart[0]
        first, second = jellyfish.metaphone(one), jellyfish.metaphone(other)
        if len(first) >= 2 and Levenshtein.distance(first, second) <= 1:
            found.add(project)
    return next(iter(found)) if len(found) == 1 else None


def project_holding(value: str, context: ParseContext) -> str | None:
    """The one known project whose name holds the words of ``value`` in a row, said short ("the
    fete list" for the school fete, "the Lisbon list" for the Lisbon trip), or None: none, or
    more than one, does."""
    bare = _bare(value)
    if not bare:
        return None
    said = f" {bare} "
    holding = [
        project
        for project, known in zip(context.projects, _bare_names(context.projects), strict=True)
        if known != bare and said in f" {known} "
    ]
    return holding[0] if len(holding) == 1 else None


@lru_cache(maxsize=8)  # the store's project lists in use now; asked for every span tried
def _bare_names(projects: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_bare(project) for project in projects)


def _created_names(actions: tuple[Action, ...]) -> list[str]:
    names = []
    for action in actions:
        for key in ("title", "name"):
            if isinstance(action.params.get(key), str):
                names.append(action.params[key])
    return names


def _reference_findings(action: Action, context: ParseContext, created: list[str]) -> list[str]:
    findings = []
    for name, value in action.params.items():
        kind = action.spec.params[name].kind if name in action.spec.params else "text"
        if not isinstance(value, str) or kind not in ("task", "person"):
            continue
        if len(_words(value)) > MAX_REFERENCE_WORDS:
            findings.append(f"{action.type}.{name} is a whole phrase: {value!r}")
        elif kind == "person" and value.lower() not in SELF and value not in context.people:
            findings.append(f"{action.type}.{name} names nobody known: {value!r}")
        elif kind == "task" and value not in created and is_odd_task(value, context):
            findings.append(f"{action.type}.{name} names no known task: {value!r}")
    return findings


def is_odd_task(value: str, context: ParseContext) -> bool:
    """Tell whether a task reference mixes known words with others, or is long and unknown.

    A short name nobody lists ("the shed") is trusted: the recent-task list is not the store.
    """
    words = [word for word in _words(value) if word not in _STOP]
    vocabulary = _vocabulary(context)
    known = [word for word in words if _is_known_word(word, vocabulary)]
    if len(known) == len(words):
        return False
    return bool(known) or len(words) >= 3


def _title_findings(action: Action, context: ParseContext) -> list[str]:
    title = action.params.get("title") if action.type == "task.create" else None
    if not isinstance(title, str):
        titles = action.params.get("titles") if action.type == "task.add_subtasks" else None
        if isinstance(titles, list) and len(titles) == 1 and titles[0].lower() in GENERIC_STEPS:
            return [f"subtasks are only {titles[0]!r}"]
        return []
    lowered = f" {title.lower()} "
    findings = []
    if any(mark in lowered for mark in (", ", " due ", " and one ", " another ")) or _to_a_list(
        lowered, context
    ):
        findings.append(f"title holds more than a title: {title!r}")
    return findings


def _to_a_list(lowered: str, context: ParseContext) -> bool:
    """ "build the stall to the summer fair with two steps": a list the title was to go on, taken
    into it; not a place the task takes something ("take the old bikes to the tip")."""
    _, to_the, after = lowered.partition(" to the ")
    if not to_the:
        return False
    return bool(_LIST_SAID.match(after)) or any(
        after.startswith(f"{project.lower()} ") for project in context.projects
    )


_LIST_SAID = re.compile(r"(?:[\w'-]+ ){0,3}(?:list|project)\b")


# "get icing sugar for the bake sail": a new task's list, misheard, said at its title's end
_TITLE_LIST = re.compile(
    r"^(?P<title>.*\S)\s+(?:for|on|to|onto|in)\s+(?:the|my|our)\s+(?P<list>.+?)"
    r"(?:\s+(?:list|project))?$",
    re.IGNORECASE,
)
LIST_MATCH = 85  # rapidfuzz ratio for the end of a new title to be taken as a known list


def misheard_list(action: Action, context: ParseContext) -> Action:
    """Move a known list, misheard at the end of a new task's title, to the task's project.

    The fast path reads a list said after a title only when it is spelt as the store spells
    it; "for the bake sail" stayed in the title. Only a near spelling of a whole list name
    counts ("for the garden party" is not the "garden" list).
    """
    title = action.params.get("title")
    if action.type != "task.create" or "project" in action.params or not isinstance(title, str):
        return action
    match = _TITLE_LIST.match(title.strip())
    if not match or not context.projects:
        return action
    said = _bare(match["list"])
    known = {_bare(project): project for project in context.projects}
    best = process.extractOne(said, list(known), scorer=fuzz.ratio, score_cutoff=LIST_MATCH)
    project = known[best[0]] if best is not None else _list_sounding_like(said, known)
    if project is None:
        return action
    params = {**action.params, "title": match["title"], "project": project}
    return Action(action.type, params, action.depends_on)


MIN_LIST_SOUNDS = 4  # metaphone letters; a shorter key matches too many phrases


def _list_sounding_like(said: str, known: dict[str, str]) -> str | None:
    """The one known list of two or more words that ``said`` sounds like, its words run
    together ("cherry tea quiz": the charity quiz), starting with the same letter; or None."""
    key = jellyfish.metaphone(said.replace(" ", ""))
    if len(key) < MIN_LIST_SOUNDS:
        return None
    found = {
        project
        for bare, project in known.items()
        if " " in bare and bare[0] == said[:1] and jellyfish.metaphone(bare.replace(" ", "")) == key
    }
    return found.pop() if len(found) == 1 else None


def titled_reminder(action: Action, context: ParseContext) -> Action:
    """Give a reminder about a known task that task's title as its text, not the words said.

    "remind me an hour before the intro edit's due" says "edit the intro" when it goes off.
    Only when the text is the task as said and one open task's name holds all its words.
    """
    text, task = action.params.get("text"), action.params.get("task")
    if action.type != "reminder.create" or not isinstance(task, str) or text != task:
        return action
    title = _only_known_task(task, context)
    if title is None:
        return action
    return Action(action.type, {**action.params, "text": title}, action.depends_on)


def vet(command: Command, context: ParseContext) -> tuple[Command, list[str]]:
    """Return the command with misheard names respelled, and why it looks wrong (if it does)."""
    actions = tuple(
        plain_message(
            titled_reminder(respell_action(misheard_list(action, context), context), context)
        )
        for action in command.actions
    )
    actions = restarted_timers(actions)
    created = _created_names(actions)
    findings: list[str] = []
    for action in actions:
        findings += _reference_findings(action, context, created)
        findings += _title_findings(action, context)
        findings += slot_findings(action, context)
    if len(actions) > 1 and not context.is_confirmation_pending:
        # "hmm, no, undo that": with no question asked, a yes or no is how a sentence opens
        findings += [f"{a.type} with nothing asked" for a in actions if a.type == "confirm"]
    findings += _twice_due(actions)
    findings += to_themselves(actions)
    if actions != command.actions:
        command = replace(command, actions=actions)
    return command, findings


def to_themselves(actions: tuple[Action, ...]) -> list[str]:
    """Someone's tasks all moved to that same person ("how many has Dev got? and move the lot
    to Ozzy", read as Ozzy's to Ozzy): one of the two was not meant."""
    return [
        f"{a.type} moves {a.params['source']!r}'s tasks to the same person"
        for a in actions
        if a.type == "task.reassign_all"
        and isinstance(a.params.get("source"), str)
        and str(a.params["source"]).lower() == str(a.params.get("assignee", "")).lower()
    ]


def restarted_timers(actions: tuple[Action, ...]) -> tuple[Action, ...]:
    """ "cancel the tea timer and set a new one for four minutes": a timer started with no
    label right after one was cancelled by its label is that timer started again."""
    kept = list(actions)
    for at in range(1, len(kept)):
        before, action = kept[at - 1], kept[at]
        label = before.params.get("label")
        if (
            before.type == "timer.cancel"
            and action.type == "timer.start"
            and isinstance(label, str)
            and "label" not in action.params
        ):
            kept[at] = replace(action, params={**action.params, "label": label})
    return tuple(kept)


def _twice_due(actions: tuple[Action, ...]) -> list[str]:
    """A new task given a deadline and then another in the same breath ("write the rota for
    Christmas Day, due Monday"): one of them was not a deadline."""
    return [
        f"{action.type} gives new task {target['result_of']} a second deadline"
        for action in actions
        if action.type == "task.set_due"
        and isinstance(target := action.params.get("task"), dict)
        and isinstance(index := target.get("result_of"), int)
        and 0 <= index < len(actions)
        and actions[index].type == "task.create"
        and "due" in actions[index].params
    ]


_MESSAGE_TO = re.compile(r"^to\s+(?!(?:the|a|an|my|your|our|his|her|their)\b)", re.IGNORECASE)


# The words before "that" or "saying" at the start of a message: a surname, heard as said or
# in pieces ("demitri vol cove saying ..." beside Dmitri Volkov)
_SURNAME_SAID = re.compile(r"^((?:[a-z']+\s+){0,2}?[a-z']+)(?:\s+(?:that|saying)\s+|\s*:\s*)", re.I)
MIN_MISHEARD_SURNAME = 4  # letters; a shorter one's sound key matches too much ("lee", "lay")


def _without_surname(text: str, surnames: list[str]) -> str:
    """``text`` without a surname that opens it before "that", "saying" or a colon, said as
    the store spells it or sounding like it (metaphone of the words run together)."""
    match = _SURNAME_SAID.match(text)
    if not match:
        return text
    said = match.group(1).lower()
    joined = "".join(said.split())
    for surname in surnames:
        if said == surname.lower() or (
            len(joined) >= MIN_MISHEARD_SURNAME
            and jellyfish.metaphone(joined) == jellyfish.metaphone(surname.lower())
        ):
            return text[match.end() :]
    return text


# "the vans booked for Saturday", "dinners at seven", "the meetings moved": a recogniser does not
# write the apostrophe of "the van's booked"; a message opens on one thing and what it is now
# (not "arrived": "the tiles arrived" says as much as "the tile's arrived", and is what was heard)
_STATE = (
    r"(?:moved|booked|fixed|free|ready|done|sorted|cancelled|canceled|off|here|under|been|gone|"
    r"open|closed|broken|back|late|running|finished|confirmed|delayed|postponed|nearly|"
    r"almost|coming|going|arriving|leaving|starting|happening|unlocked|locked|full|empty|"
    # "the cakes in the fridge", "the cakes ordered": where it is, what is done with it
    r"ordered|paid|in (?:the|my|your|our)\b|upstairs|downstairs|outside|"
    # "the choir concerts on the twelfth": on a day
    r"on (?:the|tomorrow|today|tonight|[a-z]+day)\b)"
)
_AT_HOUR = r"at (?:\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|half|noon)"
_THING_IS = re.compile(
    rf"^((?:the|my|our|your|his|her) (?:[a-z]+ )?[a-z]{{2,}}[^s\W])"
    rf"(?<!se)(?<!xe)(?<!ze)(?<!che)(?<!she)s(?= {_STATE}\b)"  # not "the shop shuts at five"
    rf"|^(dinner|tea|lunch|breakfast|supper|food)s(?= (?:ready|nearly|almost|done|{_AT_HOUR})\b)",
    re.IGNORECASE,
)


# "the hall his booked": "is" heard as "his" after the thing a message opens on
_THING_HIS = re.compile(rf"^((?:the|my|our|your) (?:[a-z]+ )?[a-z]{{3,}}) his(?= {_STATE}\b)", re.I)


def _thing_is(match: re.Match[str]) -> str:
    said = match[1] or match[2]
    if said.split()[-1].lower() + "s" in _VERBS_WITH_S:
        return match[0]  # "the skip comes on Monday": a verb, not "the skip's"
    return f"{said}'s"


# verbs said of a thing, whose "s" is no "is" ("the skip comes on Monday")
_VERBS_WITH_S = frozenset(
    ("comes", "goes", "starts", "opens", "closes", "arrives", "leaves", "finishes", "ends",
     "runs", "meets", "happens", "begins", "moves", "shuts", "gets", "turns", "lands", "stops")
)  # fmt: skip


def plain_message(action: Action) -> Action:
    """ "let Niamh know to bring the plan": the message is "bring the plan", as "tell Niamh to
    bring the plan" is; "message margaret lamb that ...": the recipient's surname, heard after
    a first name matched by sound, is not the message's first word."""
    text, to = action.params.get("text"), action.params.get("to")
    if action.type != "message.send" or not isinstance(text, str):
        return action
    plain = _THING_HIS.sub(r"\1 is", _THING_IS.sub(_thing_is, _MESSAGE_TO.sub("", text)))
    if isinstance(to, str) and len(to.split()) > 1:
        plain = _without_surname(plain, to.split()[1:])
    if plain == text or not plain:
        return action
    return Action(action.type, {**action.params, "text": plain}, action.depends_on)


def _rejoined(text: str, context: ParseContext) -> str:
    """Write as one word two neighbours that a recogniser split out of a known one.

    "about the pod cast" is about the podcast when the store knows "podcast"; "remind me to
    call pet ra" is to call Petra when the store knows her (a name written as the store
    spells it). Only when the two joined are exactly a known word and one of them alone is
    not.
    """
    vocabulary = _vocabulary(context)
    people = {word.lower(): word for name in context.people for word in name.split()}
    for first, second in itertools.pairwise(_words(text)):
        joined = first + second
        if _is_known_word(first, vocabulary) and _is_known_word(second, vocabulary):
            continue
        if len(joined) >= 4 and joined in people:
            joined = people[joined]
        elif len(joined) < 6:
            continue
        elif joined not in vocabulary.words:
            if not (first.isalpha() and second.isalpha() and min(len(first), len(second)) > 1):
                continue  # "call sender 0" beside "call sender 1": a number is no syllable
            near = _sounds_joined(joined, vocabulary)
            if near is None:
                continue
            joined = near
        text = re.sub(rf"\b{first}\s+{second}\b", joined, text, flags=re.IGNORECASE)
    return _list_by_sound(split_joined(text, context), context)


# sounds a run of words must make to be taken for a known name of two words or more (or for
# a one-word name, run of three words or more: "bar thola mew" beside Bartholomew)
FULL_NAME_SOUND_KEY = 4
ONE_WORD_NAME_SOUND_KEY = 5
MAX_NAME_RUN = 5  # words a recogniser splits a name of two or three words into
_PLAIN_RUN = re.compile(r"[A-Za-z' ]+")


def full_names_by_sound(text: str, context: ParseContext) -> str:
    """Write a known person's name of two words or more for a run of two to five words that,
    run together, sounds like it and like no one else ("ring aunt barrel" beside Aunt Beryl,
    "call sue rash pat el" beside Suresh Patel, "uncle hay mish" beside Uncle Hamish): a
    recogniser writes the syllables of a name it does not know as words. Anywhere in the
    text, titles and reminders included; the name's sound must be ``FULL_NAME_SOUND_KEY``
    sounds or more (a one-word name, from three words or more, ``ONE_WORD_NAME_SOUND_KEY``),
    and no word of the run a short function word ("and put" sounds like Auntie Pat)."""
    by_sound = _full_names_by_sound(tuple(context.people))
    if not by_sound:
        return text
    words = list(re.finditer(r"[A-Za-z']+", text))
    lowered = [word.group().lower() for word in words]
    plain_to = _plain_to(text, words)
    found: list[tuple[int, int, str]] = []
    start = 0
    while start < len(words):
        for size in range(min(MAX_NAME_RUN, len(words) - start), 1, -1):
            first, last = words[start], words[start + size - 1]
            said = text[first.start() : last.end()]
            # (``_PLAIN_RUN.fullmatch(said)``: only spaces between the run's words)
            plain = start + size - 1 <= plain_to[start] and _may_be_split_name(
                said, lowered[start : start + size]
            )
            names = _first_found(by_sound, _sound_keys(said)) if plain else None
            if names and size < 3:  # two words for a one-word name: names_by_sound's to judge
                names = frozenset(name for name in names if " " in name) or None
            if names is not None and len(names) == 1:
                (name,) = names
                if said.lower() != name.lower():
                    found.append((first.start(), last.end(), name))
                start += size - 1
                break
        start += 1
    for begin, end, name in reversed(found):
        text = text[:begin] + name + text[end:]
    return text


def _plain_to(text: str, words: list[re.Match[str]]) -> list[int]:
    """For each word, the last of the words after it said with nothing but spaces between
    each two (a run of them is all letters, apostrophes and spaces: ``_PLAIN_RUN``)."""
    plain_to = list(range(len(words)))
    for at in range(len(words) - 2, -1, -1):
        if not text[words[at].end() : words[at + 1].start()].strip(" "):
            plain_to[at] = plain_to[at + 1]
    return plain_to


LONG_NAME_SOUND_KEY = 5  # a run this long in sound may hold a short word inside it


def _may_be_split_name(said: str, words: list[str]) -> bool:
    """Whether a run of words may be a name split into sounds: no short function word in it
    ("and put" is no Auntie Pat), but inside a run of five sounds or more ("rose a lind" for
    Rosalind). ``words``: the run's words in lower case (``said.lower().split()``)."""
    if _FUNCTION_WORDS.isdisjoint(words):
        return True
    inside = words[1:-1]
    return (
        len(words) >= 3
        and words[0] not in _FUNCTION_WORDS
        and words[-1] not in _FUNCTION_WORDS
        and len(_sound_key(said)) >= LONG_NAME_SOUND_KEY
        and sum(word in _FUNCTION_WORDS for word in inside) == 1
    )


@lru_cache(maxsize=4)
def _full_names_by_sound(people: tuple[str, ...]) -> dict[str, frozenset[str]]:
    """Who each sound names (long enough sounds only); a sound two people share names
    neither."""
    index: dict[str, set[str]] = {}
    for person in people:
        for form in {person, _title_said(person), untitled(person)}:
            key = _sound_key(form)
            least = FULL_NAME_SOUND_KEY if " " in form.strip() else ONE_WORD_NAME_SOUND_KEY
            if len(key) >= least:
                index.setdefault(key, set()).add(person)
    return {key: frozenset(names) for key, names in index.items()}


# how a title before a name is said ("Mr Pellegrini" is "mister pella greeny" to a recogniser)
_TITLES_SAID = {"mr": "mister", "mrs": "missus", "ms": "miz", "dr": "doctor"}
_TITLE = re.compile(r"^(mr|mrs|ms|dr)\.?\s+(?=\S)", re.IGNORECASE)


def _title_said(person: str) -> str:
    """``person`` with a title written out as it is said ("Mr Pellegrini": "mister
    Pellegrini"); the name as it is otherwise."""
    return _TITLE.sub(lambda match: _TITLES_SAID[match.group(1).lower()] + " ", person)


def untitled(person: str) -> str:
    """``person`` without a title ("Mr Pellegrini": "Pellegrini"), the name a speaker may say
    alone; the name as it is otherwise."""
    return _TITLE.sub("", person)


# "kwa benner" for Kwabena: a word-final "er" is said as "a" where "r" is not sounded
_NON_RHOTIC = re.compile(r"(?<=[a-z])er\b", re.IGNORECASE)


def _sound_keys(said: str) -> tuple[str, ...]:
    """The sound of ``said`` run together, and its sound with a final "er" said as "a"."""
    keys = [_sound_key(said)]
    softened = _NON_RHOTIC.sub("a", said)
    if softened != said:
        keys.append(_sound_key(softened))
    return tuple(keys)


def _first_found(index: dict[str, frozenset[str]], keys: tuple[str, ...]) -> frozenset[str] | None:
    return next((index[key] for key in keys if key in index), None)


def names_by_sound(text: str, context: ParseContext) -> str:
    """Write as a known person's name two neighbouring words that run together sound like it
    and like no one else ("give the till printer to ta reek" beside Tariq, "kwa may" beside
    Kwame, "toe bias" beside Tobias); ``text`` unchanged otherwise.

    A recogniser that does not know a name writes its syllables as words. Only words of
    letters, neither of them a short function word ("in", "to", "a": "to bus" sounds like
    Tobias too) nor a word of a known name, and a sound key of three sounds or more. Names a
    recogniser split into longer runs are written first (``full_names_by_sound``).
    """
    if not context.people:
        return text
    return pair_names_by_sound(full_names_by_sound(text, context), context)


def pair_names_by_sound(text: str, context: ParseContext) -> str:
    """``names_by_sound`` for two neighbouring words only (the fast path has written the longer
    runs before it reads a word)."""
    if not context.people:
        return text
    vocabulary = _vocabulary(context)
    by_sound = _people_by_sound(tuple(context.people))
    for first, second in itertools.pairwise(re.findall(r"[A-Za-z']+", text)):
        lowered = (first.lower(), second.lower())
        if any(word in _FUNCTION_WORDS or _is_known_word(word, vocabulary) for word in lowered):
            continue
        keys = [key for key in _sound_keys(f"{first}{second}") if len(key) >= NAME_SOUND_KEY]
        key = next((key for key in keys if key in by_sound), "")
        found = by_sound.get(key, frozenset())
        if len(found) != 1:
            continue
        (person,) = found
        whole = key in (_sound_key(person), _sound_key(untitled(person)))
        spoken = person if whole else person.split()[0]
        text = re.sub(rf"\b{first}\s+{second}\b", spoken, text, count=1)
    return text


NAME_SOUND_KEY = 3  # sounds two words must make to be taken for a known name
_FUNCTION_WORDS = frozenset((
    "a", "an", "the", "to", "in", "on", "at", "of", "for", "by", "up", "and", "or", "it", "is",
    "be", "me", "my", "we", "us", "he", "she", "do", "so", "no", "as", "if", "off", "out",
    "with", "from", "that", "this", "his", "her", "him", "them", "you", "your", "our", "all",
    "i", "i'm", "it's", "are", "was", "has", "have", "had", "not", "but", "can", "will",
))  # fmt: skip


def _list_by_sound(text: str, context: ParseContext) -> str:
    """Write a known list's name of two or more words as the store has it where the words said
    start the same and sound the same ("about the church hole roof" beside "church hall")."""
    said = text.split()
    for name in context.projects:
        words = name.split()
        if len(words) < 2 or not all(word.isalpha() for word in words):
            continue  # "room 1" and "room 2" sound alike to metaphone, which drops numbers
        size = len(words)
        for start in range(len(said) - size + 1):
            span = said[start : start + size]
            if span[0].lower() != words[0].lower() or " ".join(span).lower() == name.lower():
                continue
            if not all(word.rstrip(",.;:!?").isalpha() for word in span):
                continue
            if jellyfish.metaphone(" ".join(span)) == jellyfish.metaphone(name):
                tail = span[-1][len(span[-1].rstrip(",.;:!?")) :]  # keep "hole," 's comma
                said[start : start + size] = [*words[:-1], words[-1] + tail]
    return " ".join(said)


def _sounds_joined(joined: str, vocabulary: _Vocabulary) -> str | None:
    """The known word of six letters or more that two neighbours written as one differ from
    by one letter and sound the same as ("come post" beside "turn the compost"), or None."""
    at = bisect_left(vocabulary.long_sorted, joined[:2])
    for word in vocabulary.long_sorted[at:]:
        if not word.startswith(joined[:2]):
            break
        if (
            len(word) >= 6
            and Levenshtein.distance(joined, word) == 1
            and jellyfish.metaphone(joined) == jellyfish.metaphone(word)
        ):
            return word
    return None


@by_identity(maxsize=8)
def _joined_pairs(*groups: tuple[str, ...]) -> dict[str, str]:
    """Map two neighbouring words of a known name, written as one, to the two; but a verb and
    its particle, a word of their own said as it is ("buy blackout fabric" beside "black out the
    darkroom", "a clearout", "the setup")."""
    return {
        first + second: f"{first} {second}"
        for names in groups
        for name in names
        for first, second in itertools.pairwise(_words(name))
        if len(first) >= 3 and len(second) >= 3 and second not in PARTICLES
    }


@by_identity(maxsize=8)
def _joined_words(*groups: tuple[str, ...]) -> frozenset[str]:
    """The keys of ``_joined_pairs``, as a set once per list rather than once per utterance
    (built as ``set(pairs)`` was, so the words found come in the same order)."""
    return frozenset(_joined_pairs(*groups))


@by_identity(maxsize=8)
def _list_word_joined(projects: tuple[str, ...]) -> dict[str, str]:
    """Map a list's last word run together with "list" or "project" to the two words
    ("clublist": "club list" beside the cycling club)."""
    lasts = {words[-1] for project in projects if (words := _words(project))}
    return {last + word: f"{last} {word}" for last in lasts for word in ("list", "project")}


def split_joined(text: str, context: ParseContext) -> str:
    """Write as two words one that a recogniser joined out of two neighbours of a known name
    ("buy more tillrolls" when the store knows "restock the till rolls"), or out of a list's
    last word and "list" ("the cycling clublist"): in a title or text, and in a whole
    utterance before the fast path reads it ("what's on the bookclub list")."""
    pairs = _joined_pairs(tuple(context.tasks), tuple(context.projects))
    said = set(_words(text))
    for word in said & _joined_words(tuple(context.tasks), tuple(context.projects)):
        text = re.sub(rf"\b{word}\b", pairs[word], text, flags=re.IGNORECASE)
    listed = _list_word_joined(tuple(context.projects))
    for word in said & listed.keys():
        text = re.sub(rf"\b{word}\b", listed[word], text, flags=re.IGNORECASE)
    return _one_word_again(text, _vocabulary(context), pairs)


# a word's ending a recogniser writes as a word of its own: "line her" (liner), "box is" (boxes)
_SUFFIX_HEARD = {"her": "er", "is": "es", "a": "er"}
# "a" heard as a word's ending only where no noun follows it: at the end, before a stop, or
# before a word that does not start a noun phrase ("the ice make a and the oven")
_A_THEN_NOUN = (
    r"(?=\s*(?:$|[,.;:!?]|\s(?:and|then|by|for|on|to|at|in|is|was|too|as|so|please|"
    r"today|tomorrow|tonight)\b))"
)


def _one_word_again(text: str, vocabulary: _Vocabulary, pairs: dict[str, str]) -> str:
    """Write as one word two neighbours that a recogniser split out of a known word ("the bath
    room refit" when the store knows "bathroom refit", "the shop re fit"): of three letters or
    more each and seven together, or a first of two letters ("re", "un") and five together;
    unless a known name has the two words as they were said."""
    said = _words(text)
    for first, second in itertools.pairwise(said):
        suffix = _SUFFIX_HEARD.get(second, "")
        ending = suffix[1:] if first.endswith("e") and suffix.startswith("e") else suffix
        if suffix and len(first) >= 3 and (first + ending) in vocabulary.long:
            # "the pond line her": "liner"; "the donation box is": "boxes"; but "make a project
            # called ..." beside a task "descale the ice maker" is an article before its noun
            ahead = "" if second != "a" else _A_THEN_NOUN
            text = re.sub(
                rf"\b{first}\s+{second}\b{ahead}", first + ending, text, count=1, flags=re.I
            )
            continue
        whole = first + second
        short = len(first) == 2 and len(second) >= 3 and len(whole) >= 5
        if not short and (min(len(first), len(second)) < 3 or len(whole) < 7):
            continue
        if whole not in vocabulary.long:
            continue
        if pairs.get(whole) == f"{first} {second}":
            continue
        text = re.sub(rf"\b{first}\s+{second}\b", whole, text, count=1, flags=re.IGNORECASE)
    return text


# how near a meeting's topic must be spelled to a list the store has to be that list ("the loft
# conversation" for the loft conversion: 94; "village show" beside a "village shop" list is 92,
# a topic of its own)
TOPIC_MATCH = 93


def _known_topic(title: str, context: ParseContext) -> str:
    """A meeting about a list the store has, heard a letter or two out ("loft conversation"),
    is about that list, as the store spells it."""
    said = title.lower()
    for project in context.projects:
        if said != project.lower() and fuzz.ratio(said, project.lower()) >= TOPIC_MATCH:
            return project
    return title


def respell_action(
    action: Action, context: ParseContext, heard_as: Callable[[str], str | None] | None = None
) -> Action:
    """Return ``action`` with its task, project and person names respelled against the store;
    ``heard_as``: the one known person a word sounds like by its phonemes, where the caller
    has them (``sounds.person_heard_as``), for whom a title or text calls."""
    params: dict[str, Any] = {}
    for name, value in action.params.items():
        kind = action.spec.params[name].kind if name in action.spec.params else "text"
        is_free = name in ("title", "name") or (name == "text" and kind == "text")
        if isinstance(value, str) and is_free:
            value = _called_by_sound(_rejoined(value, context), context, heard_as)
            value = _call_heard(value, context)
            if action.type == "meeting.schedule" and name == "title":
                value = _known_topic(value, context)
        elif isinstance(value, str) and kind == "task":
            value = respell(value, context)
        elif isinstance(value, str) and kind == "project":
            value = respell_project(value, context)
        elif isinstance(value, str) and kind == "person":
            value = respell_person(value, context)
        elif isinstance(value, list) and kind == "people":
            value = [respell_person(v, context) if isinstance(v, str) else v for v in value]
        params[name] = value
    return action if params == action.params else Action(action.type, params, action.depends_on)


# "phone nine at six", "ring pretty about the rota": who is called, heard as a word that
# sounds like a known name, right after the verb and before where the words go on
# (where the words naming whom go on to something else)
_CALLED_END = (
    r"(?=\s*(?:$|[,.?!;]|(?:at|about|to|and|on|re|tomorrow|tonight|today|back|later|first thing|"
    r"this|next)\b))"
)
_CALLED = re.compile(
    r"\b(?P<verb>call|phone|ring|text|email|visit|ask|tell|thank|pay|meet|see)\s+"
    r"(?P<said>[a-z']{3,})" + _CALLED_END
)


_NOT_CALLED = frozenset((
    "him", "her", "them", "me", "us", "mum", "mom", "dad", "home", "back", "everyone", "round",
    "work", "school", "gran", "nan", "grandma", "grandad", "doctor", "dentist", "vet", "bank",
    "office", "council", "plumber", "builder", "garage", "landlord", "boss", "team",
))  # fmt: skip


def _called_by_sound(
    text: str, context: ParseContext, heard_as: Callable[[str], str | None] | None = None
) -> str:
    """``text`` with the one known person whose name sounds like the word after a verb of
    calling written for it ("phone nine" beside Nain; "call neve" beside Niamh, by
    ``heard_as``); unchanged otherwise (a word of a known name or one the store knows, or a
    sound no one or several people have)."""
    if not context.people:
        return text
    vocabulary = _vocabulary(context)

    def named(match: re.Match[str]) -> str:
        said = match["said"]
        if said in _FUNCTION_WORDS or said in _NOT_CALLED or _is_known_word(said, vocabulary):
            return match.group(0)
        person = person_by_sound(said, context) or (heard_as and heard_as(said))
        if person is None:
            return match.group(0)
        whole = _sound_key(said) == _sound_key(person)
        return f"{match['verb']} {person if whole else untitled(person).split()[0]}"

    def named_in_pieces(match: re.Match[str]) -> str:
        said = match["said"]
        words = said.split()
        if (
            heard_as is None
            or any(word in _FUNCTION_WORDS or word in _NOT_CALLED for word in words)
            or matches_known(said, context)
        ):
            return match.group(0)  # ("ring the garage", "phone the bike shop")
        person = heard_as(said)  # "call seer sha doyle": Saoirse Doyle, by its phonemes
        return match.group(0) if person is None else f"{match['verb']} {person}"

    return _CALLED_IN_PIECES.sub(named_in_pieces, _CALLED.sub(named, text))


# "call seer sha doyle at five": whom, heard as two or three words
_CALLED_IN_PIECES = re.compile(
    r"\b(?P<verb>call|phone|ring|text|email)\s+"
    r"(?P<said>[a-z']{2,}(?:\s+[a-z']{2,}){1,2})" + _CALLED_END
)


# "remind me to cool Rory Flynn at six": "call" heard as a word that sounds like it
_CALL_HEARD = re.compile(r"\b(?:cool|coal|col|cole|caul|kohl)\s+(?P<rest>\S.*)", re.IGNORECASE)


def _call_heard(text: str, context: ParseContext) -> str:
    """``text`` with "call" put back where it was heard as "cool" right before someone the
    store knows ("cool Ruairi Flynn"); a cool anything else stays ("cool the jelly")."""
    said = _CALL_HEARD.search(text)
    if said is None:
        return text
    rest = said["rest"].lower()
    for person in context.people:
        for name in {person.lower(), untitled(person).split()[0].lower()}:
            if rest == name or rest.startswith((name + " ", name + ",", name + ".")):
                return f"{text[: said.start()]}call {said['rest']}"
    return text


# What a new task's details become when the task is one the store has.
_EDIT_OF = {"assignee": "task.assign", "due": "task.set_due", "priority": "task.set_priority"}


def _only_known_task(title: str, context: ParseContext) -> str | None:
    """Return the one open task whose name holds every word of ``title``, or None."""
    words = {word for word in _words(title) if word not in _STOP}
    if not words:
        return None
    holding = [task for task in context.tasks if words <= set(_words(task))]
    return holding[0] if len(holding) == 1 else None


def known_task_edits(command: Command, context: ParseContext) -> Command:
    """Read a model's new task named like a task the store has as changes to that task.

    "Chloe does the roses by Saturday" with "prune the roses" open: the model wrote a new task
    "roses" for Chloe due Saturday; meant is giving the roses to Chloe and moving them to
    Saturday. Only a new task with nothing but a title and details an edit can carry (who,
    when, how urgent), whose every word is in one open task's name, in a command whose actions
    do not refer to one another.
    """
    if any(action.depends_on for action in command.actions):
        return command
    actions: list[Action] = []
    for action in command.actions:
        title = action.params.get("title")
        known = (
            _only_known_task(title, context)
            if action.type == "task.create" and isinstance(title, str)
            else None
        )
        details = {key: value for key, value in action.params.items() if key != "title"}
        if known is None or not details or set(details) - set(_EDIT_OF):
            actions.append(action)
            continue
        actions += [
            Action(_EDIT_OF[key], {"task": known, key: value}) for key, value in details.items()
        ]
    if len(actions) == len(command.actions):
        return command
    intent = "multi" if len(actions) > 1 else actions[0].type
    return replace(command, intent=intent, actions=tuple(actions))
