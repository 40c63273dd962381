"""Known names heard as other words, matched by their phonemes (espeak-ng, as Piper ships it)."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from services.nlu import ParseContext
from services.nlu.fastpath import FastPathParser
from services.nlu.router import model_input
from services.nlu.sounds import ESPEAK_LOCK, heard_names, person_heard_as, sounds_of, task_noun
from services.voice.tts import _one_at_a_time

CONTEXT = ParseContext(
    now=datetime(2027, 4, 24, 10, 15),
    people=(
        "Grandma Ivy",
        "Tunde",
        "Mairead Quinn",
        "Kit",
        "Soraya",
        "Father Bernard",
        "Auntie Pat",
    ),
    projects=(
        "summer camp",
        "shed rebuild",
        "craft fair",
        "allotment society",
        "charity run",
        "Coffee Grinder",
    ),
    tasks=(
        "treat the shed roof",
        "print the camp forms",
        "bleed the radiators",
        "label the donation boxes",
        "get the van serviced",
        "pay the electricity bill",
    ),
)


def test_sounds_are_phonemes_from_espeak() -> None:
    assert sounds_of("Mairead Quinn") == sounds_of("mairead quinn")
    assert sounds_of("fair") == sounds_of("fare")  # homophones sound the same
    assert sounds_of("shed roof") != sounds_of("shed ruth")


def test_task_noun_is_the_title_without_its_verb() -> None:
    assert task_noun("treat the shed roof") == "shed roof"
    assert task_noun("buy milk") is None


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("tell farther bernard the hall is booked", "tell Father Bernard the hall is booked"),
        ("remind me to call mare head quinn at four", "remind me to call Mairead Quinn at four"),
        ("give the shed ruth to Kit", "give the shed roof to Kit"),
        ("move the cam forms to Friday", "move the camp forms to Friday"),
        ("make paying the electric city bill urgent", "make paying the electricity bill urgent"),
        ("what's on the lot meant society list", "what's on the allotment society list"),
        ("who's on the coffee grind her", "who's on the Coffee Grinder"),  # its ending apart
    ],
)
def test_a_run_that_sounds_like_a_known_name_is_written_as_it(said: str, meant: str) -> None:
    assert heard_names(said, CONTEXT) == meant


@pytest.mark.parametrize(
    "said",
    [
        "and put the kettle on",  # "and put" is no Auntie Pat
        "put buy a radiator key on the list",  # "radiators" and a word more
        "I'm starting on the donation box labels now",  # the same name in the singular
        "and the charity one?",  # a follow-up's "one" is no "run"
        "the summer camp's sorted",  # a name as spelt, possessive
        "tell Father Bernard the hall is booked",  # already right
        "buy some milk and bread",  # nothing like a name
        "give the van service to Kit",  # "get the van serviced": the same words, said otherwise
        "put 'collect the dog from Auntie Pat's' down for Sunday",  # a quoted possessive
    ],
)
def test_words_that_are_not_a_misheard_name_are_left_alone(said: str) -> None:
    assert heard_names(said, CONTEXT) == said


def test_the_fast_path_reads_the_name_it_heard() -> None:
    command = FastPathParser().parse("tell farther bernard the hall is booked for sunday", CONTEXT)
    (action,) = command.actions
    assert action.type == "message.send"
    assert action.params["to"] == "Father Bernard"
    assert action.params["text"].lower() == "the hall is booked for sunday"


def test_a_list_heard_by_its_sound_is_the_list() -> None:
    context = ParseContext(now=CONTEXT.now, projects=("bake sale", "garden", "camper van"))
    command = FastPathParser().parse("add to do service the gas to the camper ban", context)
    assert command.is_complete
    (action,) = command.actions
    assert (action.type, action.params) == (
        "task.create",
        {"title": "service the gas", "project": "camper van"},
    )


def test_the_model_is_given_the_name_it_heard() -> None:
    assert "Mairead Quinn" in model_input(
        "schedule a meeting with mare head quinn on monday", CONTEXT
    )


def test_piper_phonemizes_holding_the_parsers_espeak_lock() -> None:
    held: list[bool] = []

    def phonemize(text: str) -> list[list[str]]:
        held.append(ESPEAK_LOCK.locked())
        return [list(text)]

    assert _one_at_a_time(phonemize)("hi") == [["h", "i"]]
    assert held == [True]
    assert not ESPEAK_LOCK.locked()


PEOPLE = ("Bea", "Mei Lin", "Siobhan Walsh", "Jules", "Yusuf", "Maeve", "Sam", "Brad")


@pytest.mark.parametrize(
    ("said", "person"),
    [
        ("bee", "Bea"),
        ("may", "Mei Lin"),  # the first name of just one person
        ("shiv on", "Siobhan Walsh"),
        ("jewels", "Jules"),
        ("use of", "Yusuf"),
    ],
)
def test_a_person_is_heard_by_the_same_sounds(said: str, person: str) -> None:
    assert person_heard_as(said, PEOPLE) == person


@pytest.mark.parametrize("said", ["bread", "may of", "you", "the van", "sam been", "to"])
def test_a_word_that_only_nearly_sounds_like_a_short_name_is_no_one(said: str) -> None:
    assert person_heard_as(said, PEOPLE) is None


def test_the_fast_path_reads_a_person_heard_as_a_word_where_a_person_goes() -> None:
    context = ParseContext(now=CONTEXT.now, people=PEOPLE, tasks=("pick up the dry cleaning",))
    read = FastPathParser().parse("give the dry cleaning to shiv on", context)
    assert read.is_complete
    assert [(a.type, dict(a.params)) for a in read.actions] == [
        ("task.assign", {"task": "dry cleaning", "assignee": "Siobhan Walsh"})
    ]
    told = FastPathParser().parse("tell may the dinners ready", context)
    assert told.is_complete and told.actions[0].params["to"] == "Mei Lin"
    # the same words where no person goes are left as said
    assert heard_names("buy bread and may be milk", context) == "buy bread and may be milk"


def test_without_espeak_names_are_read_as_spelt(monkeypatch: pytest.MonkeyPatch) -> None:
    import services.nlu.sounds as sounds

    # every cache that holds a reading (made without espeak here, so none must outlive it)
    caches = (
        sounds._word_sounds,
        sounds._spelt_sounds,
        sounds._names,
        sounds._person_sounds,
        sounds._heard_index,
        sounds._edge_openers,
    )
    for cache in caches:
        cache.cache_clear()
    monkeypatch.setattr(sounds, "_espeak", lambda: None)
    try:
        assert heard_names("tell farther bernard the hall is booked", CONTEXT) == (
            "tell farther bernard the hall is booked"
        )
        assert person_heard_as("bee", PEOPLE) is None
    finally:
        for cache in caches:
            cache.cache_clear()


def test_a_very_long_text_is_not_sounded_out() -> None:
    rambling = "tell farther bernard " + "and then we went " * 30
    assert heard_names(rambling, CONTEXT) == rambling
    assert heard_names("tell farther bernard and then", CONTEXT).startswith("tell Father Bernard")


def test_an_alias_spelt_as_a_name_is_said_is_heard_for_it() -> None:
    """espeak-ng says "Aoibheann" unlike its owner, read by English rules or as spelt; an alias
    spelt as it is said ("Eveen", as ``parley people add Aoibheann --alias Eveen`` stores it) is
    heard by that sound."""
    base = ParseContext(now=CONTEXT.now, people=("Aoibheann",), tasks=("mend the gate latch",))
    with_alias = ParseContext(
        now=CONTEXT.now, people=("Aoibheann", "Eveen"), tasks=("mend the gate latch",)
    )
    said = "give the gate latch to eve een"
    assert not FastPathParser().parse(said, base).is_complete
    command = FastPathParser().parse(said, with_alias)
    assert command.is_complete
    assert [a.params for a in command.actions] == [{"task": "gate latch", "assignee": "Eveen"}]


def test_a_run_is_said_in_one_breath_exactly_up_to_where_the_stretch_of_its_first_word_ends() -> (
    None
):
    """``heard_names`` tells the runs said in one breath (nothing but spaces between their
    words, as ``one_stretch`` reads it word pair by word pair) by where each word's stretch of
    words with only white space between them ends."""
    from services.nlu import sounds

    def one_stretch(text: str, words: list[re.Match[str]], first: int, size: int) -> bool:
        return all(
            not text[words[at].end() : words[at + 1].start()].strip()
            for at in range(first, first + size - 1)
        )

    for text in (
        "tell farther bernard the hall is booked",
        "the shed ruth, then mare head  quinn; the cam forms",
        "ask o'brien-smith\tabout the 2 electric city bills. done",
        "one",
        "",
    ):
        words = list(sounds._WORD.finditer(text))
        stretch_to = sounds._stretches(text, words)
        for first in range(len(words)):
            for size in range(1, len(words) - first + 1):
                said_at_once = one_stretch(text, words, first, size)
                assert (first + size - 1 <= stretch_to[first]) == said_at_once, (text, first, size)


def test_a_known_name_said_with_its_possessive_or_plural_is_spelt_already() -> None:
    from services.nlu import sounds

    known = sounds._Known(
        names=(),
        sounds=(),
        people=(),
        people_sounds=(),
        people_english=(),
        people_english_sounds=(),
        spelt=frozenset(("tent pegs", "bea")),
        spelt_bare=frozenset(("tent peg", "bea")),
        things={},  # (one-word names only: "tent pegs" is two)
        things_by_sound={},
    )
    for said in ("tent pegs", "tent pegs's", "tent peg", "bea's", "beas'"):
        assert sounds._spelt_already(said, known), said
    assert not sounds._spelt_already("tent", known)


SPELT = ParseContext(
    now=CONTEXT.now,
    people=("Kwame", "Olamide", "Fiona Grant", "Pastor Lewis", "Tunde"),
    tasks=("mend the gate latch",),
)


@pytest.mark.parametrize(
    ("said", "heard"),
    [
        ("tell qua may the quiz is on", "tell Kwame the quiz is on"),
        ("send a message to ola mee day saying hi", "send a message to Olamide saying hi"),
        ("give the gate latch to tune day", "give the gate latch to Tunde"),
        ("schedule a call with fee on a grant", "schedule a call with Fiona Grant"),
        ("what's on qua mays list", "what's on Kwame's list"),  # with its possessive
    ],
)
def test_a_name_is_heard_as_its_owner_says_it_spelt(said: str, heard: str) -> None:
    """English rules read "Kwame" as "kweɪm"; the recogniser writes what was said."""
    assert heard_names(said, SPELT) == heard


@pytest.mark.parametrize(
    "said",
    [
        "how many tasks has Fiona got",  # "got" is no "Grant"
        "meet at half past four",  # no Pastor Lewis
        "um add uh a task to uh fix the fence",  # a filler opens or ends no name
        "give the passes to Tunde",
    ],
)
def test_words_near_a_name_read_as_spelt_stay_as_said(said: str) -> None:
    assert heard_names(said, SPELT) == said


def test_a_person_said_in_a_persons_place_is_heard_as_spelt() -> None:
    assert person_heard_as("qua may", SPELT.people) == "Kwame"
    assert person_heard_as("coffee", ("Kofi", "Sam")) == "Kofi"
    assert person_heard_as("toffee", ("Kofi", "Sam")) is None


def test_names_are_still_heard_the_english_way_without_the_spelt_voice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from services.nlu import sounds

    monkeypatch.setattr(sounds, "SPELT_VOICE", "no-such-voice")
    sounds._spelt_sounds.cache_clear()
    sounds._names.cache_clear()
    sounds._person_sounds.cache_clear()
    try:
        assert sounds._spelt_sounds("Kwame") == ""
        assert heard_names(
            "tell farther lewis", ParseContext(CONTEXT.now, people=("Father Lewis",))
        ) == ("tell Father Lewis")
    finally:
        sounds._spelt_sounds.cache_clear()
        sounds._names.cache_clear()
        sounds._person_sounds.cache_clear()


EDGES = ParseContext(
    now=CONTEXT.now,
    people=(
        "Obinna",
        "Eilidh Fraser",
        "Rio",
        "Amir",
        "Siobhan",
        "Deacon",
        "Ananya",
        "Alex",
        "Auntie Pat",
    ),
    projects=("bike club",),
    tasks=("oil the bike chain",),
)


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        # a little word that is the name's first sound ("a" for the "ei" of Eilidh)
        (
            "send a message to a lee fraser saying the keys are here",
            "send a message to Eilidh Fraser saying the keys are here",
        ),
        ("give the bike chain to a mere", "give the bike chain to Amir"),
        # ... or its last ("a" for the "a" of Obinna); a name of four sounds with espeak's glide
        (
            "schedule a meeting with oh been a and ree oh on thursday",
            "schedule a meeting with Obinna and Rio on thursday",
        ),
        ("remind me to phone shiv on at ten", "remind me to phone Siobhan at ten"),
        # a little word voiced where the name's first sound is not ("and" for "aunt")
        ("remind me to phone and tea pat at nine", "remind me to phone Auntie Pat at nine"),
        # by kind of sound as English reads the name, when it is near enough
        ("how many tasks has an and ya got", "how many tasks has Ananya got"),
    ],
)
def test_a_name_heard_with_a_little_word_at_its_edge_is_the_name(said: str, meant: str) -> None:
    assert heard_names(said, EDGES) == meant


@pytest.mark.parametrize(
    "said",
    [
        "tell Obinna a joke about the bike club",  # the name as spelt, and an article after it
        "put a lid on it",
        "give it to a friend of Rio's",
        "ask Amir a question",
        "start a timer for the potatoes, they're on now",  # "they're on" is no Deacon
        "um add uh a task to uh fix the fence",  # a filler is no name's first sound (Alex)
        "and put the kettle on",  # "and put" is no Auntie Pat
    ],
)
def test_a_little_word_beside_a_name_stays_a_word(said: str) -> None:
    assert heard_names(said, EDGES) == said
