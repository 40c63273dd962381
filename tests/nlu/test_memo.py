"""``memo.by_identity`` answers as the function it caches: for the same list, an equal list, a
changed one, and an argument whose value is another list's id (services/nlu/memo.py)."""

from __future__ import annotations

from services.nlu import fields, llm_vet
from services.nlu.memo import SHORT, by_identity
from tests.nlu.test_name_indexes import BIG, TITLES, many_titles

calls: list[tuple[object, ...]] = []


@by_identity(maxsize=4)
def _words_of(*groups: object) -> tuple[object, ...]:
    calls.append(groups)
    return tuple(sorted({word for group in groups for word in str(group).split()}))


def plain(*groups: object) -> tuple[object, ...]:
    return tuple(sorted({word for group in groups for word in str(group).split()}))


def test_the_same_long_list_is_answered_once_and_as_the_function_does() -> None:
    _words_of.cache_clear()
    calls.clear()
    listed = many_titles(100, seed=1)
    assert _words_of(listed, ("a",)) == plain(listed, ("a",))
    assert _words_of(listed, ("a",)) == plain(listed, ("a",))
    assert len(calls) == 1
    assert _words_of(tuple(list(listed)), ("a",)) == plain(listed, ("a",))  # equal, not same
    assert len(calls) == 1  # found by value, as lru_cache finds it
    assert _words_of(listed, ("b",)) == plain(listed, ("b",))  # a short list by value
    assert len(calls) == 2


def test_a_changed_list_is_never_answered_from_another() -> None:
    _words_of.cache_clear()
    for number in range(50):  # lists made and dropped: a freed list's id may be reused
        listed = (*many_titles(SHORT + 1, seed=number), f"word{number}")
        assert _words_of(listed) == plain(listed)
        assert _words_of(listed[1:]) == plain(listed[1:])
    assert len(_words_of._recent) <= 4  # bounded, as the lru_cache below it


def test_a_value_equal_to_a_lists_id_is_not_that_list() -> None:
    _words_of.cache_clear()
    listed = many_titles(SHORT + 1, seed=3)
    assert _words_of(listed) == plain(listed)
    assert _words_of(id(listed)) == plain(id(listed))


def test_the_name_indexes_over_10000_titles_are_the_uncached_ones() -> None:
    assert fields._titles(TITLES) == fields._titles.__wrapped__(TITLES)
    assert llm_vet._vocabulary(BIG) == llm_vet._vocabulary_of.__wrapped__(
        BIG.tasks, BIG.projects, BIG.people, tuple(BIG.last.values())
    )
    short = ("fix the gate",)
    assert fields._titles(short) == fields._titles.__wrapped__(short)
    assert fields._titles(TITLES) == fields._titles.__wrapped__(TITLES)
