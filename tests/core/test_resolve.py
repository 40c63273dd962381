"""Fuzzy name resolution (services/core/resolve.py)."""

import pytest

from services.core.resolve import normalise, resolve
from services.errors import AmbiguousError, UnknownEntityError

TASKS = [
    ("t-1", "book the venue"),
    ("t-2", "order catering"),
    ("t-3", "book the band"),
    ("t-4", "write the press release"),
]
PEOPLE = [("p-1", "Samantha"), ("p-1", "Sam"), ("p-2", "Mike"), ("p-3", "Michelle")]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("venue", "t-1"),
        ("the catering task", "t-2"),
        ("Order Catering", "t-2"),
        ("press release", "t-4"),
        ("the band", "t-3"),
    ],
)
def test_task_titles_resolve_by_part_and_case(query, expected):
    assert resolve(query, TASKS, kind="task").id == expected


def test_alias_resolves_to_the_person():
    assert resolve("sam", PEOPLE, kind="person").id == "p-1"
    assert resolve("Samantha", PEOPLE, kind="person").name == "Samantha"


def test_a_recogniser_typo_still_resolves():
    assert resolve("mikey", PEOPLE, kind="person").id == "p-2"


def test_two_close_titles_are_ambiguous_and_name_both():
    with pytest.raises(AmbiguousError) as caught:
        resolve("book the", TASKS, kind="task")
    assert set(caught.value.options) == {"book the venue", "book the band"}
    assert "book the venue or book the band" in caught.value.message


def test_unknown_person_says_so():
    with pytest.raises(UnknownEntityError, match="I don't know anyone called Zebulon"):
        resolve("Zebulon", PEOPLE, kind="person")


def test_two_things_with_the_same_name_are_ambiguous():
    with pytest.raises(AmbiguousError):
        resolve("milk", [("t-1", "milk"), ("t-2", "Milk")], kind="task")


def test_empty_query_is_a_clear_error():
    with pytest.raises(UnknownEntityError):
        resolve("the", TASKS, kind="task")


def test_normalise_drops_articles_and_kind_words():
    assert normalise("The Shopping List") == "shopping"
    assert normalise("the") == ""
    assert normalise("that task") == "task"


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("the hall booking", "book the church hall"),
        ("kit washing", "wash the football kits"),
        ("the fence painting", "paint the fence"),
        ("van hiring", "hire the van"),
        ("the vet registration", "register the puppy with the vet"),
        ("the puppy's vet registration", "register the puppy with the vet"),
        ("TV licence renewal", "renew the TV licence"),
        ("the leaflet delivery", "deliver the leaflets"),
        ("the cake decoration", "decorate the cake"),
        ("the entry fee payment", "pay the entry fees"),
    ],
)
def test_a_task_said_by_its_deed_as_a_noun_is_found_by_its_verb(said: str, meant: str) -> None:
    titles = [
        "book the church hall",
        "wash the football kits",
        "paint the fence",
        "hire the van",
        "register the puppy with the vet",
        "renew the TV licence",
        "deliver the leaflets",
        "decorate the cake",
        "pay the entry fees",
    ]
    assert resolve(said, [(t, t) for t in titles], kind="task").name == meant


def test_a_deed_as_a_noun_of_nothing_known_is_still_unknown() -> None:
    with pytest.raises(UnknownEntityError):
        resolve("the zebra grooming", TASKS, kind="task")


def test_a_deed_said_alone_is_the_one_task_its_verb_begins() -> None:
    titles = ["tile the bathroom floor", "sand the porch", "sand the shed door", "wash the van"]
    pairs = [(t, t) for t in titles]
    assert resolve("the tiling", pairs, kind="task").name == "tile the bathroom floor"
    assert resolve("washing", pairs, kind="task").name == "wash the van"
    with pytest.raises(AmbiguousError):
        resolve("the sanding", pairs, kind="task")  # two tasks begin "sand": which?
    with pytest.raises(UnknownEntityError):
        resolve("the knitting", pairs, kind="task")
