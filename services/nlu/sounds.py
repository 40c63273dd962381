"""Known names heard as other words, found by how they sound (espeak-ng phonemes).

A recogniser that does not know a name writes what it heard: "mare head quinn" for Mairead
Quinn, "farther bernard" for Father Bernard, "the shed ruth" for the shed roof, "the cam forms"
for the camp forms, "the electric city bill". Spelling keys (Metaphone, ``llm_vet``) miss
these when one sound differs, and match too much when they are loosened ("and put" has the
same Metaphone key as Auntie Pat). Phonemes separate them: each run of two to four words is
sounded out with espeak-ng, the grapheme-to-phoneme engine Piper already ships for the voice,
and compared with the phonemes of the names the store knows (people, lists, and the nouns of
recent open tasks). A run is written as the name when the two sound nearly the same
(``HEARD_AS``) and clearly more like that name than any other (``HEARD_MARGIN``).

Measured on the read dev sets (``tests/nlu/test_sounds.py`` holds the cases): pairs a
recogniser really wrote score 0.75-1.0, and ordinary words beside a name score 0.4-0.6 ("and
put" / Auntie Pat 0.57, "to bus" / Tobias 0.57).

A person's name is also read as spelt (``SPELT_VOICE``, Swahili's phonetic spelling), since
English rules misread most names from elsewhere ("Kwame" as "kweɪm", "Olamide" as
"ɑlɐmaɪd") while a recogniser writes what the speaker said ("qua may", "ola mee day"). That
reading is compared by kind of sound (``coarse``: a vowel's quality, an r's rolling and a
doubled sound set aside), after the English one finds nothing. On the 9,864 read dev lines it
recovers 174 of the 467 people named only by a misheard name (126 before) and puts a name into
none of the other 9,397 lines that English readings do not.

Two fixes of a name's neighbour live here too, since they need the names the store knows:
``four_heard_for`` ("wash the car four roofus": for Rufus) and ``possessive_heard`` ("bellas
birthday": Bella's birthday).

espeak-ng keeps global state and is not thread-safe; every caller, Piper's voice included
(``services.voice.tts``), holds ``ESPEAK_LOCK`` while it phonemizes.
"""

from __future__ import annotations

import itertools
import logging
import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from services.nlu import ParseContext
from services.nlu.hearing import SPLIT_PAIRS
from services.nlu.llm_vet import untitled
from services.nlu.memo import by_identity
from services.nlu.text import HONORIFICS, known_prefix
from services.nlu.timeparse import WEEKDAY_SAID

log = logging.getLogger(__name__)

ESPEAK_LOCK = threading.Lock()
ESPEAK_VOICE = "en-us"  # the recogniser's (Whisper's) English; names are said the same way
# a second reading of each person's name, letter by letter as spelt: Swahili's spelling is
# phonetic, with the vowels of most of the world's names ("Kwame" kwame, "Tunde" tunde,
# "Olamide" olamide, "Priya" prija), where English rules say "kweɪm", "tʌnd", "ɑlɐmaɪd"
SPELT_VOICE = "sw"

HEARD_AS = 0.8  # phoneme similarity (1 - normalised edit distance) for a run to be a name
HEARD_MARGIN = 0.1  # ... and by how much it must sound more like it than like any other name
# a person's name as English reads it, compared by kind of sound (``coarse``): nearer still
HEARD_AS_KINDS = 0.85
MIN_NAME_SOUNDS = 5  # phonemes; a shorter name is near too many pairs of short words
MAX_RUN = 4  # words a recogniser splits a name of one to three words into
MAX_WORDS_HEARD = 80  # an utterance longer than this is not sounded out (a paste, a ramble)

# words a run never starts or ends with: a name does not begin or end with them, and a run
# holding one at its edge is a name and its neighbour ("to Kit", "the bake sale's on")
EDGE_WORDS = frozenset((
    "a", "an", "the", "to", "in", "on", "at", "of", "for", "by", "and", "or", "it", "is",
    "me", "my", "with", "that", "this", "his", "her", "him", "them", "you", "your", "all",
    "i", "be", "from", "as", "so", "has", "have", "was", "are", "were", "been", "due", "off",
    "up", "its", "it's", "our", "their", "then", "now", "too", "also", "please", "one", "ones",
    "uh", "um", "er", "erm",
    "they're", "we're", "you're", "he's", "she's", "i'm", "that's", "there's", "i've", "we've",
    "they've", "you've",
))  # fmt: skip
_WORD = re.compile(r"[^\W\d_](?:[\w'-]*\w)?")  # a word ends in a letter: "Ray's'" is "Ray's"
_ARTICLES = frozenset(("the", "a", "an", "my", "our", "some", "his", "her", "their"))
_MARKS = frozenset("ˈˌː.,;:!?-'\"")


class _Espeak:
    """espeak-ng through Piper's bridge, started once."""

    def __init__(self) -> None:
        from piper.phonemize_espeak import EspeakPhonemizer

        self._phonemizer = EspeakPhonemizer()

    def sounds(self, text: str, voice: str = ESPEAK_VOICE) -> str:
        with ESPEAK_LOCK:
            sentences = self._phonemizer.phonemize(voice, text)
        said = "".join("".join(sentence) for sentence in sentences)
        return "".join(
            mark
            for mark in said
            if mark not in _MARKS and not mark.isspace() and not unicodedata.combining(mark)
        )


@lru_cache(maxsize=1)
def _espeak() -> _Espeak | None:
    try:
        return _Espeak()
    except (ImportError, RuntimeError, OSError) as exc:  # no Piper: names are read as spelt
        log.warning("espeak-ng is not available, names are not matched by sound: %s", exc)
        return None


def sounds_of(words: str) -> str:
    """The phonemes of ``words`` (stress and length marks left out), word by word: each word is
    sounded once and kept, so an utterance costs only the words not heard before."""
    return "".join(_word_sounds(word) for word in words.lower().split())


# Names whose spelling espeak-ng reads by English rules, said as people say them ("Niamh" is
# "neeve", not "nye-am"): what espeak is given for each instead
_SAID_AS = {
    "niamh": "neeve", "siobhan": "shivawn", "aoife": "eefa", "saoirse": "seersha",
    "sinead": "shinade", "caoimhe": "keeva", "oisin": "usheen", "padraig": "pawrig",
    "grainne": "grawnya", "roisin": "rosheen", "ciara": "keera", "eoin": "owen",
    "tadhg": "tige", "clodagh": "cloda", "aisling": "ashling", "meabh": "maeve",
    "dearbhla": "dervla", "cian": "keean", "ruairi": "rory", "sadhbh": "sive",
    "lachlan": "lacklan", "mateusz": "matayoosh", "wojciech": "voycheh", "grzegorz": "gregorsh",
    "wojtek": "voytek", "byrne": "burn", "jakub": "yakoob",
    "milosz": "meewosh", "kacper": "katsper", "eilis": "eylish", "rukhsana": "rooksana",
    "sorcha": "sorka", "ngozi": "ingozee", "ailbhe": "alva", "pawel": "pahvel",
    "orlaith": "orla", "eabha": "ayva", "przemek": "pshemek", "ayodele": "eye oh deh lay",
    "jaroslaw": "yaroslav", "lukasz": "lookash", "tomasz": "tomash", "nkechi": "inkechi",
    "janusz": "yahnoosh", "ife": "eefeh", "keogh": "keyo", "szymon": "shimon",
    "jedrzej": "yenjay", "chukwuemeka": "chook way meka", "slawomir": "slavomeer",
    "fionnuala": "finoola", "obiageli": "obee ah gelly", "yewande": "yay wanda",
    "aoibheann": "eevun", "bronislaw": "broneeslav", "okonkwo": "oh konkwo",
    "funmilayo": "foon mee lah yo", "przemyslaw": "pshemislav", "wieslaw": "vyeslav",
    "mika": "meeka", "jadwiga": "yadveega", "krzysztof": "krishtof",
    "zbigniew": "zbignyev", "stanislaw": "staneeslav",
    # a word a recogniser writes for a name, which espeak reads another way than it is said
    # ("quasi" for Kwasi: "kwah-zee", not "kway-zye")
    "quasi": "kwahzee", "chi": "chee",
}  # fmt: skip


@lru_cache(maxsize=16384)
def _word_sounds(word: str) -> str:
    engine = _espeak()
    if engine is None:
        return ""
    if word == "a":
        return "ə"  # "pip a" for Pippa: the article, not the letter's name espeak says
    if word == "sh":
        return "ʃ"  # "greg or sh" for Grzegorz: the sound written, not the letters' names
    # (en-us flaps the t of "Hattie"; a British speaker, and so the recogniser, says a t)
    return engine.sounds(_SAID_AS.get(word, word)).replace("ɾ", "t").replace("ʲ", "")


@lru_cache(maxsize=1024)
def _spelt_sounds(name: str) -> str:
    """The phonemes of a person's name read as spelt (``SPELT_VOICE``); "" without espeak."""
    engine = _espeak()
    if engine is None or name.lower() in _SAID_AS:
        return ""
    try:
        return "".join(engine.sounds(word, SPELT_VOICE) for word in name.lower().split())
    except RuntimeError:  # no such voice in this espeak-ng's data: English readings only
        return ""


# Phonemes compared by kind, not by the voice's exact vowel: a recogniser's "coffee" (kɔfi) is
# Kofi (koʊfi), "hannah" (hænə) is Hana (hɑnə); an r is an r however rolled
_GLIDES = (("eɪ", "e"), ("oʊ", "o"), ("əʊ", "o"), ("ɔɪ", "oi"), ("ɚ", "ar"), ("ɟ", "dʒ"))
_KINDS = str.maketrans({
    **dict.fromkeys("ɑæɐʌəɜa", "a"), **dict.fromkeys("ɛe", "e"), **dict.fromkeys("ɪiɨ", "i"),
    **dict.fromkeys("ɔoɒ", "o"), **dict.fromkeys("ʊu", "u"), **dict.fromkeys("ɹɾrʀɽ", "r"),
    "ɡ": "g", "ð": "d", "ŋ": "n", "ɲ": "n", "ʝ": "j", "β": "b", "ʋ": "v", "x": "h", "ʔ": None,
    "ʲ": None,
})  # fmt: skip


@lru_cache(maxsize=16384)
def coarse(sounds: str) -> str:
    """``sounds`` with each phoneme written by its kind (``_KINDS``), and a sound said twice
    in a row once ("lotte", "tarriq")."""
    for glide, kind in _GLIDES:
        sounds = sounds.replace(glide, kind)
    kinds = sounds.translate(_KINDS)
    return "".join(kind for at, kind in enumerate(kinds) if at == 0 or kinds[at - 1] != kind)


MIN_PERSON_SOUNDS = 2  # phonemes a word said where a person goes must make ("bee" for Bea)
SHORT_NAME_SOUNDS = 5  # below this, a person is told by the very same sounds only
_NOT_PEOPLE = frozenset(("you", "we", "us", "everyone", "everybody", "anyone", "someone"))


def person_heard_as(said: str, people: tuple[str, ...]) -> str | None:
    """The one known person ``said`` sounds like, where a sentence names a person ("tell may
    the dinner's ready" beside Mei, "give it to bee" beside Bea, "shiv on" beside Siobhan): the
    very same phonemes for a short name, nearly the same (``HEARD_AS``) for a longer one; by the
    whole name, the name without a title, or the first name of just one person. None when no
    one, or more than one, sounds like it."""
    words = said.lower().split()
    if not words or len(words) > 3 or EDGE_WORDS.issuperset(words) or _NOT_PEOPLE.issuperset(words):
        return None
    heard = sounds_of(said)
    if len(heard) < MIN_PERSON_SOUNDS:
        return None
    index = _heard_index(tuple(people))
    kinds = coarse(heard)
    # by kind of sound (``coarse``); a short name by the very same kinds, a longer one nearly
    found = [(at, 1.0) for at in index.short.get(kinds, ())]
    if not found:  # "kiera", "key era" for Ciara (said "keera"): a vowel heard as two
        found = [(at, 1.0) for at in index.short_vowels_as_one.get(_vowels_as_one(kinds), ())]
    near = process.extract(
        kinds,
        index.long_kinds,
        scorer=Levenshtein.normalized_similarity,
        processor=None,
        limit=None,
        score_cutoff=HEARD_AS - _NEAR_SLACK,
    )
    for _, _, number in near:  # the score again, as compared one by one
        score = Levenshtein.normalized_similarity(kinds, index.long_kinds[number])
        if score >= HEARD_AS:
            found.append((index.long[number], score))
    scores: dict[str, float] = {}
    for at, score in sorted(found):  # in the order of the ways people are said
        name = index.names[at]
        scores[name] = max(score, scores.get(name, 0.0))
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    if not ranked or (len(ranked) > 1 and ranked[0][1] - ranked[1][1] < HEARD_MARGIN):
        return None
    return ranked[0][0]


# how far below ``HEARD_AS`` rapidfuzz's own cut-off is set: the scores it lets through are
# computed again and compared with ``HEARD_AS`` exactly, as they were one by one
_NEAR_SLACK = 0.05


def opens_a_name_heard(word: str, people: tuple[str, ...]) -> bool:
    """Whether a known person's name may be heard from ``word`` on: the word is the person
    (``person_heard_as``), or its phonemes, two or more, open the name's ("shiv" of Siobhan)."""
    if word in EDGE_WORDS or word in _NOT_PEOPLE:
        return False
    heard = sounds_of(word)
    if len(heard) < MIN_PERSON_SOUNDS:
        return False
    return (
        coarse(heard) in _heard_index(people).openings or person_heard_as(word, people) is not None
    )


@dataclass(frozen=True)
class _HeardIndex:
    """Each way a person is said (``_person_sounds``) by kind of sound (``coarse``), indexed
    once per list of people: the walk asks of every word that may open a name."""

    names: tuple[str, ...]  # the person said each way
    short: dict[str, tuple[int, ...]]  # a short name's ways (by place), by their kinds of sound
    # ... and those of four kinds of sound or more by the same with each run of vowels as one
    short_vowels_as_one: dict[str, tuple[int, ...]]
    long: tuple[int, ...]  # the places of the other ways ...
    long_kinds: tuple[str, ...]  # ... and their kinds of sound
    openings: frozenset[str]  # every start of every way's kinds of sound


@lru_cache(maxsize=4)
def _heard_index(people: tuple[str, ...]) -> _HeardIndex:
    names, sounds = _person_sounds(people)
    short: dict[str, list[int]] = {}
    long: list[int] = []
    for at, sound in enumerate(sounds):
        if len(sound) < SHORT_NAME_SOUNDS:
            short.setdefault(coarse(sound), []).append(at)
        else:
            long.append(at)
    kinds = [coarse(sound) for sound in sounds]
    vowels_as_one: dict[str, list[int]] = {}
    for said, places in short.items():
        if len(said) >= SHORT_NAME_SOUNDS - 1:
            vowels_as_one.setdefault(_vowels_as_one(said), []).extend(places)
    return _HeardIndex(
        names,
        {said: tuple(places) for said, places in short.items()},
        {said: tuple(places) for said, places in vowels_as_one.items()},
        tuple(long),
        tuple(kinds[at] for at in long),
        frozenset(said[:end] for said in kinds for end in range(len(said) + 1)),
    )


def _vowels_as_one(kinds: str) -> str:
    """Kinds of sound (``coarse``) with each run of vowels written as its first ("kiera",
    "kiara": "kira")."""
    return _VOWEL_RUN.sub(lambda run: run.group()[0], kinds)


_VOWEL_RUN = re.compile("[aeiou]{2,}")


def _whole_names(people: tuple[str, ...]) -> list[tuple[str, str]]:
    """Each person's whole name and the name without a title ("Dr Osei": "Osei"), as (said as,
    person)."""
    return [
        (form, person) for person in people for form in dict.fromkeys((person, untitled(person)))
    ]


@lru_cache(maxsize=4)
def _person_sounds(people: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Each way a person is said (whole name, untitled, the first name of just one), and its
    phonemes as English reads it and as spelt (``_spelt_sounds``); the callers compare them by
    kind (``coarse``), and tell a short name by the length of these."""
    firsts: dict[str, list[str]] = {}
    for person in people:
        firsts.setdefault(untitled(person).split()[0].lower(), []).append(person)
    forms = _whole_names(people)
    forms += [(first, found[0]) for first, found in firsts.items() if len(found) == 1]
    readings = [
        (person, sound)
        for form, person in forms
        for sound in dict.fromkeys((sounds_of(form), _spelt_sounds(form)))
        if sound
    ]
    return tuple(person for person, _ in readings), tuple(sound for _, sound in readings)


def _first_names(people: tuple[str, ...]) -> list[str]:
    """The first names of people known by two words or more, each of just one person."""
    firsts: dict[str, list[str]] = {}
    for person in people:
        words = untitled(person).split()
        if len(words) > 1 and words[0].lower().rstrip(".") not in HONORIFICS:
            firsts.setdefault(words[0], []).append(person)
    singles = {untitled(person).lower() for person in people}
    return [
        first for first, found in firsts.items() if len(found) == 1 and first.lower() not in singles
    ]


def task_noun(title: str) -> str | None:
    """What a task is said as without its verb: "order the tent pegs" -> "tent pegs"; None when
    the title has no article after its first word."""
    words = title.split()
    if len(words) >= 3 and words[1].lower() in _ARTICLES:
        return " ".join(words[2:])
    return None


@dataclass(frozen=True)
class _Known:
    """The names a run may be heard as, with their phonemes, and every way they are spelt."""

    names: tuple[str, ...]
    sounds: tuple[str, ...]
    people: tuple[str, ...]  # each person's names ...
    people_sounds: tuple[str, ...]  # ... read as spelt, by kind of sound (``coarse``)
    people_english: tuple[str, ...]  # each person's names again ...
    people_english_sounds: tuple[str, ...]  # ... read by English rules, by kind of sound
    spelt: frozenset[str]  # lower case
    spelt_bare: frozenset[str]  # the same without a final "s"
    # the names of lists and tasks' nouns of one word (no person's), by their first three
    # letters in lower case (``_one_word_heard_in_two`` looks at those a run opens with)
    things: dict[str, tuple[str, ...]]
    # ... and by their sounds, each that no other shares (``_homophones_of_things``)
    things_by_sound: dict[str, str]


@lru_cache(maxsize=4)
def _names(people: tuple[str, ...], projects: tuple[str, ...], tasks: tuple[str, ...]) -> _Known:
    """The known names of people, lists and recent tasks' nouns, once per list of them."""
    forms: dict[str, str] = {}
    for form, person in _whole_names(people):
        forms.setdefault(form, person)
    for first in _first_names(people):  # "from lack lan": Lachlan, as said
        forms.setdefault(first, first)
    for name in (*projects, *filter(None, map(task_noun, tasks))):
        forms.setdefault(name, name)
    people_said = {form for form, _ in _whole_names(people)} | set(_first_names(people))
    # (a person's name of four sounds is kept for a run with those very sounds: ``_closest``)
    kept = [
        (form, name)
        for form, name in forms.items()
        if len(sounds_of(form)) >= MIN_NAME_SOUNDS - (form in people_said)
    ]
    # (as English reads them, names are matched above, phoneme by phoneme)
    readings = [
        (name, coarse(_spelt_sounds(form)))
        for form, name in forms.items()
        if form in people_said and len(_spelt_sounds(form)) >= MIN_NAME_SOUNDS
    ]
    # ... and by kind of sound, more nearly: "an and ya" is Ananya, its vowels and a d apart
    english = [
        (name, kinds)
        for form, name in forms.items()
        if form in people_said
        for kinds in (coarse(sounds_of(form)),)
        if len(kinds) >= MIN_NAME_SOUNDS
    ]
    spelt = frozenset(form.lower() for form in forms)
    things: dict[str, list[str]] = {}
    for name in frozenset(forms[form] for form in forms if form not in people_said):
        if " " not in name:
            things.setdefault(name.lower()[:3], []).append(name)
    return _Known(
        tuple(name for _, name in kept),
        tuple(sounds_of(form) for form, _ in kept),
        tuple(name for name, _ in readings),
        tuple(sound for _, sound in readings),
        tuple(name for name, _ in english),
        tuple(sound for _, sound in english),
        spelt,
        frozenset(form.rstrip("s") for form in spelt),
        {start: tuple(names) for start, names in things.items()},
        _by_sound(name for names in things.values() for name in names),
    )


def _splits_another_word(run: list[str], name: str) -> bool:
    """Whether ``run`` holds two words a recogniser splits out of one ("pass port") that is
    not a word of ``name``."""
    words = name.lower().split()
    return any(
        SPLIT_PAIRS[pair] not in words for pair in itertools.pairwise(run) if pair in SPLIT_PAIRS
    )


def _another_said(run: list[str], name: str) -> bool:
    """Whether ``run``, though it sounds like ``name``, says something else: a word of its own
    heard in two ("the pass port forms"), or a word of the name and another ("the christening
    date")."""
    return _splits_another_word(run, name) or _one_word_other(run, name)


def _one_word_other(run: list[str], name: str) -> bool:
    """Whether ``run`` says some of ``name``'s words as spelt and another word in the place of
    the rest, one that begins with another sound ("christening date" beside the christening
    cake): a different thing said, not the name misheard ("the shed ruth" is the shed roof)."""
    words = name.lower().split()
    if len(words) != len(run) or set(run).isdisjoint(words):
        return False
    return any(
        said != word and _opening(said) != _opening(word)
        for said, word in zip(run, words, strict=True)
    )


# first sounds a recogniser confuses ("fat return" for the VAT return, "camper ban" for the
# camper van, "una" for Oona): a voiced and an unvoiced one said in the same place, the four
# said with the lips, and every vowel or glide
_OPENINGS = {
    **dict.fromkeys("bpvf", "p"), **dict.fromkeys("dt", "t"),
    **dict.fromkeys("gk", "k"), **dict.fromkeys("zs", "s"), **dict.fromkeys("ʒʃ", "ʃ"),
    **dict.fromkeys("ðθ", "θ"), **dict.fromkeys("aeiouæɑɒɔəɚɛɜɪʊʌjwh", "a"),
}  # fmt: skip


def _opening(word: str) -> str:
    """The kind of sound ``word`` begins with (see ``_OPENINGS``)."""
    first = _word_sounds(word)[:1]
    return _OPENINGS.get(first, first)


# words the grammar's own phrasings hold, never a part of a name heard ("tasks", "list")
_THE_GRAMMARS = frozenset(("task", "tasks", "job", "jobs", "list", "lists", "project", "timer",
                           "timers", "reminder", "subtask", "subtasks"))  # fmt: skip


def heard_names(text: str, context: ParseContext) -> str:
    """``text`` with each run of two to four words that sounds like a known name written as the
    store spells it ("tell farther bernard the hall is booked" -> "tell Father Bernard the hall
    is booked"); ``text`` unchanged when nothing does, or when espeak-ng is missing."""
    recent = tuple(context.tasks[:50])
    known = _names(tuple(context.people), tuple(context.projects), recent)
    if not known.names:
        return text
    words = list(_WORD.finditer(text))
    if len(words) > MAX_WORDS_HEARD:
        return text  # no command is this long: the fast path refuses it, the model gets it as said
    lowered = [match.group().lower() for match in words]
    openers = _edge_openers(known.names)
    at_edge = [word in EDGE_WORDS for word in lowered]
    stretch_to = _stretches(text, words)
    found: list[tuple[float, int, int, int, str]] = []  # score, -size, first, last, name
    for size in range(2, MAX_RUN + 1):
        for first in range(len(words) - size + 1):
            last = first + size - 1
            # (the run is said in one breath: ``_stretches``)
            # (a little word closes a run only as a name's last sound heard apart: "oh been a"
            # for Obinna, "shiv on" for Siobhan; ``_heard_run`` checks the name ends so)
            if last > stretch_to[first] or (at_edge[last] and lowered[last] not in _LAST_ENDINGS):
                continue
            if at_edge[first] and lowered[first] not in openers:
                continue
            if " ".join(lowered[first : last + 1]) in _SAYINGS:
                continue  # "no hang on": said on the way, no Canon Barnes
            heard = _heard_run(lowered[first : last + 1], known, opens_on_edge=at_edge[first])
            # ("the leaving present" of "the leaving do present": said short, as is)
            if (
                heard is not None
                and not _fewer_words_of(lowered[first : last + 1], heard[0])
                and not _said_around(lowered, first, last, heard[0])
            ):
                found.append((heard[1], -size, first, first + size - 1, heard[0]))
    taken: set[int] = set()
    chosen: list[tuple[int, int, str]] = []
    for _, _, first, last, name in sorted(_fullest(found), reverse=True):
        if taken.isdisjoint(range(first, last + 1)):
            last += _ending_heard_apart(words, last, name, text)
            taken.update(range(first, last + 1))
            chosen.append((words[first].start(), words[last].end(), name))
    chosen += _homophones_of_things(words, lowered, taken, known)
    for begin, end, name in sorted(chosen, reverse=True):
        text = text[:begin] + name + text[end:]
    return _and_between_people(text, tuple(context.people))


def _fewer_words_of(run: list[str], name: str) -> bool:
    """Whether every word of ``run`` is a word of ``name`` as the store spells it, and the name
    has more: the name said shorter, not misheard."""
    words = name.lower().split()
    return len(run) < len(words) and set(run) <= set(words)


def _homophones_of_things(
    words: list[re.Match[str]], lowered: list[str], taken: set[int], known: _Known
) -> list[tuple[int, int, str]]:
    """Each word on its own, outside the runs heard already, that sounds exactly as a list's
    or a task's one-word noun is spelt by the store, and is spelt otherwise ("clear out the
    seller": the cellar): a recogniser's homophone of a thing the store knows; and two words
    heard for one so ("make the pour ch urgent": the porch; "the chim knee")."""
    heard = []
    for at, word in enumerate(lowered):
        if at in taken or len(word) < 4 or not word.isalpha() or word in known.spelt:
            continue
        name = known.things_by_sound.get(sounds_of(word))
        if name is not None and name.lower() != word:
            heard.append((words[at].start(), words[at].end(), name))
    said = {at for at, *_ in heard}
    for at in range(len(lowered) - 1):
        pair = lowered[at : at + 2]
        if {at, at + 1} & (taken | said) or not all(word.isalpha() for word in pair):
            continue
        joined, spaced = "".join(pair), " ".join(pair)
        if len(joined) < 4 or spaced in known.spelt:
            continue
        # (the pair sounded as one word only where a thing's sounds open as its first word's
        # do: a word not heard before costs espeak a tenth of a millisecond)
        opening = sounds_of(pair[0])[:2]
        joins = any(sound.startswith(opening) for sound in known.things_by_sound)
        for sound in (sounds_of(spaced), sounds_of(joined) if joins else ""):
            name = known.things_by_sound.get(sound)
            if name is not None and name.lower() != pair[0]:
                heard.append((words[at].start(), words[at + 1].end(), name))
                said |= {at, at + 1}
                break
    return heard


def _by_sound(things: Iterable[str]) -> dict[str, str]:
    """The one-word names of lists and tasks' nouns by their sounds (none that two share)."""
    named: dict[str, list[str]] = {}
    for name in things:
        named.setdefault(sounds_of(name.lower()), []).append(name)
    return {sound: names[0] for sound, names in named.items() if len(names) == 1}


# what people say on the way to a request, that a name may sound like ("hang on": Canon)
_SAYINGS = frozenset(("hang on", "hold on", "come on", "go on", "carry on", "never mind"))
# how nearly a run opening on "the" must sound like a person ("the metri": Dmitri, 0.86;
# "scrub the lid" beside Dawid, 0.80, is a lid): people are seldom said with "the"
HEARD_AS_AFTER_THE = 0.85


def _said_around(lowered: list[str], first: int, last: int, name: str) -> bool:
    """Whether the name is said as spelt over the run and the words beside it ("the ruby
    anniversary invites": "anniversary invites" is part of the name said whole, not it
    misheard)."""
    words = name.lower().split()
    for start in range(max(0, last + 1 - len(words)), first + 1):
        if lowered[start : start + len(words)] == words:
            return True
    return False


def _fullest(
    found: list[tuple[float, int, int, int, str]],
) -> list[tuple[float, int, int, int, str]]:
    """The runs found, less each that a longer one around it names more fully ("fee on a" for
    Fiona inside "fee on a grant" for Fiona Grant): the whole name heard wins over its start;
    and less each that the same name heard as nearly from one word before holds ("call a man
    deep": Amandeep, its "a" heard apart, never "call a Amandeep")."""
    return [
        run
        for run in found
        if not any(
            (
                other[2] <= run[2]
                and other[3] >= run[3]
                and other[4].lower().startswith(run[4].lower() + " ")
            )
            or (
                other[2] == run[2] - 1
                and other[3] == run[3]
                and other[4] == run[4]
                and other[0] >= run[0]
            )
            for other in found
        )
    ]


def _and_between_people(text: str, people: tuple[str, ...]) -> str:
    """``text`` with "an" between two people's names heard as said: "and" ("a meeting with
    pastor green an emeka": Pastor Greene and Emeka)."""
    if " an " not in text.lower() or not people:
        return text
    return _between_people(people).sub(r"\g<before> and \g<after>", text)


@lru_cache(maxsize=4)
def _between_people(people: tuple[str, ...]) -> re.Pattern[str]:
    names = sorted({form for form, _ in _whole_names(people)} | set(_first_names(people)), key=len)
    alternatives = "|".join(re.escape(name) for name in reversed(names))
    return re.compile(
        rf"(?<![\w'-])(?P<before>{alternatives}) an (?P<after>{alternatives})(?![\w'-])",
        re.IGNORECASE,
    )


def _heard_run(run: list[str], known: _Known, *, opens_on_edge: bool) -> tuple[str, float] | None:
    """The known name ``run`` is heard as, and how nearly; None for none."""
    if not _THE_GRAMMARS.isdisjoint(run):
        return None  # "the model railway tasks": the tasks of a list, no "railway track's"
    name, score = _run_heard_as(run, known)
    if name is None or (opens_on_edge and not _opens(run[0], name)):
        return None  # "for in grid hal vorson": "in" opens Ingrid, not the name after it
    if run[-1] in EDGE_WORDS and not name.lower().endswith(_LAST_ENDINGS[run[-1]]):
        return None  # "oh been a": Obinna; never a name and the article after it
    if run[0] == "the" and score < HEARD_AS_AFTER_THE and _a_person(name, known.people):
        return None  # "scrub the lid" is no Dawid ("the metri" is Dmitri, nearer)
    if _joined_inside(run, name):
        return None  # "rowingclub do the ninth": the name said run together, and a word more
    return name, score


def _joined_inside(run: list[str], name: str) -> bool:
    """Whether one word of ``run``, a run of more than one, is ``name`` said as one word
    ("rowingclub do": the rowing club, joined, with "do" after it); ``split_joined`` writes
    such a name apart, and the word beside it stays its own."""
    joined = name.lower().replace(" ", "")
    return any(word == joined for word in run) and len(run) > 1


def _a_person(name: str, people: tuple[str, ...]) -> bool:
    """Whether ``name`` is a person's, whole or in part ("Caoimhe" of Caoimhe Brennan)."""
    return any(f" {name} " in f" {person} " for person in people)


def _opens(word: str, name: str) -> bool:
    """Whether the little word ``word`` is the opening of ``name`` heard as a word of its own:
    as spelt ("in grid": Ingrid) or by its kind of sound ("a lee": Eilidh, "a mere": Amir)."""
    return name.lower().startswith(word) or (
        word not in _FILLERS and _sound_opening(name).startswith(_sound_opening(word))
    )


_FILLERS = frozenset(("uh", "um", "er", "erm"))  # never a name's first sound ("uh fix")
# a voiced sound and its voiceless twin are one at a word's edge ("and tea pat": Auntie Pat)
_VOICELESS = str.maketrans("dbgvzʒð", "tpkfsʃθ")


@lru_cache(maxsize=4096)
def _sound_opening(words: str) -> str:
    """The kinds of sound of ``words`` (``coarse``), voiced and voiceless alike; an "o" they
    open on as an "a" ("on tea pearl": Auntie Pearl, said "ahntie")."""
    kinds = coarse(sounds_of(words)).translate(_VOICELESS)
    return f"a{kinds[1:]}" if kinds.startswith("o") else kinds


@lru_cache(maxsize=8)
def _edge_openers(names: tuple[str, ...]) -> frozenset[str]:
    """The little words ("in", "an") that open a known name as heard ("in grid" for Ingrid):
    a run of words heard as a name may open on one of these only."""
    return frozenset(
        word
        for word in EDGE_WORDS
        if any(name.lower() != word and _opens(word, name) for name in names)
    )


def _run_heard_as(run: list[str], known: _Known) -> tuple[str | None, float]:
    """The known name a run of words sounds like, and how nearly: phoneme by phoneme as
    English reads both, or else a person's name as spelt by kind of sound ("ola mee day":
    Olamide; never a run holding a clock's word, "past four"); (None, 0) for none, for a name
    spelt already, and for one the run says something else than."""
    said = " ".join(run)
    if _spelt_already(said, known):
        return None, 0.0
    name, score = _closest(sounds_of(said), known.names, known.sounds)
    if name is None and _said_with_an_s(run[-1]):
        # "give all of in grids jobs to ...": Ingrid's, said with its possessive
        # ("ring doctor fairweather's": the name as spelt with a word before it, no mishearing)
        bare = run[-1][:-2] if run[-1].endswith("'s") else run[-1][:-1]
        name, score = _run_heard_as([*run[:-1], bare], known)
        return (f"{name}'s", score) if name is not None else (None, 0.0)
    if name is None and _CLOCK_WORDS.isdisjoint(run):
        kinds = coarse(sounds_of(said))
        name, score = _closest(kinds, known.people, known.people_sounds)
        if name is None:
            name, score = _closest(kinds, known.people_english, known.people_english_sounds)
            name = name if score >= HEARD_AS_KINDS else None
        if name is not None and not _rest_heard(run, name):
            return None, 0.0
    if name is None and len(run) == 2:
        name, score = _one_word_heard_in_two(run, known)
    if name is None or _another_said(run, name) or _same_words(run, name.lower().split()):
        return None, 0.0
    return name, score


def _said_with_an_s(word: str) -> bool:
    """Whether a run's last word may be a name's last sound said with its possessive "s"
    ("in grids", "use ifs": Ingrid's, Yusuf's); never a little word of its own ("its")."""
    return (
        len(word) >= 3
        and word.endswith("s")
        and not word.endswith("ss")
        and word not in _NOT_POSSESSIVE
    )


_NOT_POSSESSIVE = frozenset(("its", "his", "has", "was", "yes", "this", "bus", "gas", "plus"))


def _one_word_heard_in_two(run: list[str], known: _Known) -> tuple[str | None, float]:
    """The one-word list or task noun (never a person: "pop pick" is no Poppy) a run of two
    words is, its first said as spelt and the rest heard as some other ending ("the worm
    erie": the wormery), sound by sound by kind (``coarse``); (None, 0) for none."""
    opening = run[0]
    if len(opening) < 3:
        return None, 0.0
    heard = ""  # (sounded out once a name opens as the run does)
    for name in known.things.get(opening[:3], ()):
        lowered = name.lower()
        if not lowered.startswith(opening) or lowered == "".join(run):
            continue
        heard = heard or coarse(sounds_of(" ".join(run)))
        score = Levenshtein.normalized_similarity(heard, coarse(sounds_of(lowered)))
        if score >= HEARD_AS:
            return name, score
    return None, 0.0


def _rest_heard(run: list[str], name: str) -> bool:
    """Whether the words of ``run`` that are not ``name``'s own, as spelt, sound like the rest
    of the name read as spelt ("fee on a grant": "fee on a" is "fiona"); "Fiona got" is not
    Fiona Grant."""
    words = name.lower().split()
    rest_run = [word for word in run if word not in words]
    rest_name = [word for word in words if word not in run]
    if len(rest_run) == len(run) or not rest_run or not rest_name:
        return True
    heard = coarse(sounds_of(" ".join(rest_run)))
    return (
        Levenshtein.normalized_similarity(heard, coarse(_spelt_sounds(" ".join(rest_name))))
        >= HEARD_AS
    )


# words of a time said by the clock: a run holding one is no name heard by its kind of sound
_CLOCK_WORDS = frozenset(("past", "half", "quarter", "o'clock", "am", "pm", "oclock"))


def _ending_heard_apart(words: list[re.Match[str]], last: int, name: str, text: str) -> int:
    """1 when the word after a run is the name's last sound heard as a word of its own ("the
    coffee grind her": the coffee grinder), else 0."""
    if last + 1 >= len(words) or text[words[last].end() : words[last + 1].start()].strip():
        return 0
    following, said = words[last + 1].group().lower(), words[last].group().lower()
    ending = _ENDINGS.get(following)
    if following == "and" and _AND_THEN_NO_NAME.match(text, words[last + 1].end()):
        ending = "an"  # "a meeting with father bren and tomorrow": Father Brennan
    return int(ending is not None and name.lower().endswith(ending) and not said.endswith(ending))


# what follows an "and" that is a name's last sound, not a list's joint: a time, or nothing
_AND_THEN_NO_NAME = re.compile(
    rf"\s*(?:[.!?]|$|(?:tomorrow|today|tonight|next|this|on|at|about|by|{WEEKDAY_SAID})\b)",
    re.IGNORECASE,
)


# a name's ending a recogniser writes as a word of its own: "grind her", "ros a", "tick it"
_ENDINGS = {"her": "er", "a": "a", "er": "er", "ah": "a", "it": "et"}
# ... and the little words that may close a run heard as a name, with the ending each is of
# ("shiv on": Siobhan, "beth an": Bethan, "granny be": Granny Bea)
_LAST_ENDINGS: dict[str, str | tuple[str, ...]] = {
    **_ENDINGS, "an": "an", "on": "n", "in": "n", "be": ("bea", "bee"),
}  # fmt: skip


def _spelt_already(said: str, known: _Known) -> bool:
    """Whether a run is a known name as spelt, or its plural or possessive."""
    bare = said[:-2] if said.endswith(("'s", "s'")) else said  # (no line break in a run)
    return bare in known.spelt or bare.rstrip("s") in known.spelt_bare


def _same_words(run: list[str], name: list[str]) -> bool:
    """Whether a run says the name's own words, some in another number ("radiator key" holds
    "radiators" and a word more; "donation box labels", "donation boxes"): not a mishearing."""
    if set(name) <= set(run):
        return True
    # a doing is the same word only said word for word ("attic boards" beside the attic
    # boarding; "row in boat" is the rowing boat heard in pieces)
    doing = len(run) == len(name)
    stems = {_stem(word, doing=doing): word for word in name}
    return any((stem := _stem(word, doing=doing)) in stems and stems[stem] != word for word in run)


def _stem(word: str, *, doing: bool = False) -> str:
    """A word without the ending that makes it plural, possessive or past ("serviced" and
    "service" are one word to a name), and with ``doing`` a doing ("boards", "boarding")."""
    if len(word) <= 3:
        return word
    return re.sub(r"(?:'s|s'|es|s|ed|e|d|ing)$" if doing else r"(?:'s|s'|es|s|ed|e|d)$", "", word)


def _stretches(text: str, words: list[re.Match[str]]) -> list[int]:
    """For each word, the last of the words after it said in one breath with it (only white
    space between each two): a run is said in one breath exactly when it ends there or
    before."""
    stretch_to = list(range(len(words)))
    for at in range(len(words) - 2, -1, -1):
        if not text[words[at].end() : words[at + 1].start()].strip():
            stretch_to[at] = stretch_to[at + 1]
    return stretch_to


def _closest(
    said: str, names: tuple[str, ...], sounds: tuple[str, ...]
) -> tuple[str | None, float]:
    """The name ``said`` sounds like, clearly more than like any other, and how nearly; a
    name of four sounds by those very kinds of sound only ("lou lou": Lulu, "a mere": Amir)."""
    if len(said) < MIN_NAME_SOUNDS:
        kinds = coarse(said)
        same = {names[at] for at, sounded in enumerate(sounds) if coarse(sounded) == kinds}
        if len(said) < MIN_NAME_SOUNDS - 1 or len(same) != 1:
            return None, 0.0
        return same.pop(), 1.0
    best = [
        found
        for found in process.extract(
            said, sounds, scorer=Levenshtein.normalized_similarity, limit=6, score_cutoff=0.5
        )
        if len(found[0]) >= MIN_NAME_SOUNDS  # (a shorter name by its very sounds only)
    ][:4]
    if not best or best[0][1] < HEARD_AS:
        return None, 0.0
    name = names[best[0][2]]
    rival = next((score for _, score, at in best[1:] if names[at] != name), 0.0)
    if best[0][1] - rival < HEARD_MARGIN:
        return None, 0.0
    return name, best[0][1]


def possessive_heard(text: str, context: ParseContext) -> str:
    """ "new project called bellas birthday": a known person's first name with an "s" and no
    apostrophe, before another word, is theirs ("Bella's birthday")."""
    text = _known_possessive_heard(text, context)
    said_first = (untitled(person).split()[0] for person in context.people)
    firsts = {first.lower(): first for first in said_first if len(first) >= MIN_POSSESSOR - 1}
    if not firsts:
        return text

    def owned(found: re.Match[str]) -> str:
        name = firsts.get(found["name"].lower())
        if (
            name is not None
            and len(name) < MIN_POSSESSOR
            and not _NAMING.search(text, 0, found.start())
        ):
            return found.group()  # "fins" or "kits" of a list's name only ("called fins party")
        return found.group() if name is None else f"{name}'s "

    return _BARE_POSSESSIVE.sub(owned, text)


def _known_possessive_heard(text: str, context: ParseContext) -> str:
    """ "tell Kwasi the shepherds hut keys are under the mat": a possessive of a known list or
    task's name, said without its apostrophe before the word it owns there ("shepherd's
    hut")."""
    lowered = text.lower()
    if "s " not in lowered:
        return text
    text = _done_heard(text, lowered, context)
    for owner, owned in (*_possessives(context.projects), *_possessives(context.tasks)):
        if f"{owner}s" not in lowered:
            continue
        text = re.sub(
            rf"\b({re.escape(owner)})s\s+(?={re.escape(owned)}\b)", r"\1's ", text, flags=re.I
        )
    return text


def _done_heard(text: str, lowered: str, context: ParseContext) -> str:
    """ "the kettle one can wait till the water bills paid": a task's thing with an "s" and no
    apostrophe before what is done to it is the thing, done ("the water bill's paid")."""
    if not _DONE_HEARD.search(lowered):
        return text
    for noun in _task_nouns(context.tasks):
        if f"{noun}s " in lowered:
            text = re.sub(rf"\b({re.escape(noun)})s\s+(?={_DONE})\b", r"\1's ", text, flags=re.I)
    return text


# what is said done of a thing ("the water bill's paid"), and a word with an "s" before it
_DONE = r"(?:paid|done|sorted|booked|fixed|finished|ordered|sent|renewed|cleared|mended)"
_DONE_HEARD = re.compile(rf"[a-z]{{2}}s {_DONE}\b")


@by_identity(maxsize=8)  # the name lists in use now (10,000 titles: indexed once per list)
def _task_nouns(tasks: tuple[str, ...]) -> tuple[str, ...]:
    """The things the open tasks are of ("pay the water bill": "water bill"), lower case."""
    nouns = (task_noun(title) for title in tasks)
    return tuple(dict.fromkeys(noun.lower() for noun in nouns if noun))


@by_identity(maxsize=8)  # the name lists in use now (10,000 titles: indexed once per list)
def _possessives(names: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """The (owner, owned) word pairs of the possessives in ``names`` ("shepherd's hut")."""
    found = (
        re.findall(r"\b([a-z]{3,})'s\s+([a-z]+)", name.lower()) for name in names if "'s " in name
    )
    return tuple(dict.fromkeys(pair for pairs in found for pair in pairs))


MIN_POSSESSOR = 4  # letters of a name taken as someone's without its apostrophe ("bellas")
# (a name of three letters only right after these: "new project called fins birthday")
_NAMING = re.compile(r"\b(?:called|named|cold)\s+$", re.IGNORECASE)  # ("cold": as heard)
_BARE_POSSESSIVE = re.compile(
    r"\b(?P<name>[a-z]+)s\s+(?=(?!(?:and|or|to|for|on|at|in|by|is|are|was|were|with|the|a|an|"
    r"has|have|had|will|can|could|should|would|needs?|wants?|got|tasks?|jobs?|stuff|things|"
    r"list|work|to-do)\b)[a-z])",
    re.IGNORECASE,
)


def four_heard_for(text: str, context: ParseContext) -> str:
    """ "wash the car four Rufus": "for" heard as "four" before someone the store knows (not a
    time: "at four Rufus ..."); "give the rowing boat too Lars", "move them two Uncle Dev":
    "to" heard as "too" or "two" (not "at two", "quarter two")."""
    lowered = text.lower()
    if "four" not in lowered and "two" not in lowered and "too" not in lowered:
        return text
    for found in reversed(list(_FOUR.finditer(text))):
        after = text[found.end() :]
        word = after.split(maxsplit=1)[0].strip(",.?!") if after.strip() else ""
        if known_prefix(after, context.people) is not None or (
            word and person_heard_as(word, context.people) is not None
        ):
            text = text[: found.start()] + ("for " if found["word"] else "to ")
            text += after
    return text


_FOUR = re.compile(
    r"(?<!\bat )(?<!\bby )(?<!\bpast )(?<!\bhalf )(?<!-)\b(?P<word>four)\s+(?=[a-z])"
    r"|(?<!\bat )(?<!\bby )(?<!\bpast )(?<!\bhalf )(?<!\bquarter )(?<!\bfrom )(?<!\btill )"
    r"(?<!\buntil )(?<!\bto )(?<!-)\b(?:two|too)\s+(?=[a-z])",
    re.IGNORECASE,
)
