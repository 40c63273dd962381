"""The indexes of known names (task titles, their words and sounds) answer as a scan would.

The fast path and the router's vetting check references against the context's names many
times per utterance; they index the names once per list (services/nlu/fields.py, llm_vet.py,
hearing.py). These tests hold the indexed answers to the plain scans they replaced, on a
context of 10,000 titles, and show that a changed list is never answered from the cache.
"""

from __future__ import annotations

import random
import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from bench.parser_eval import load_devset
from services.nlu import ParseContext, fields, grammar, hearing, llm_vet
from services.nlu.fastpath import FastPathParser
from services.nlu.router import Router
from services.nlu.text import strip_articles

DATA = Path(__file__).resolve().parents[1] / "data"
VERBS = ("book", "fix", "order", "paint", "call", "write", "plan", "clean", "renew", "check")
THINGS = ("venue", "gate", "flowers", "press release", "boiler", "fence", "slides", "garden hose")
TAILS = ("", "", "for the launch", "before the trip", "again", "for Mum's party")


def many_titles(count: int, seed: int = 5) -> tuple[str, ...]:
    """Return ``count`` seeded titles, a third of them with a number ("fix the gate 4711")."""
    rng = random.Random(seed)
    titles = []
    for _ in range(count):
        number = str(rng.randrange(1, 5000)) if rng.random() < 0.3 else ""
        words = (rng.choice(VERBS), "the", rng.choice(THINGS), number, rng.choice(TAILS))
        titles.append(" ".join(word for word in words if word))
    return tuple(titles)


TITLES = many_titles(10_000)
BIG = ParseContext(
    now=datetime(2026, 11, 18, 10, tzinfo=UTC),
    people=("Sam", "Alex", "Priya Shah"),
    projects=("launch", "shopping", "garden"),
    tasks=TITLES,
    last={"task": "catering"},
)


# --- the scans the indexes replaced, kept here as the reference ------------------------------


def scanned_titles_naming(words: list[str], tasks: tuple[str, ...]) -> list[str]:
    """Every title, read word by word (fields.py before the index)."""
    size = len(words)
    found = []
    for title in tasks:
        said = fields._words(title)
        if any(said[i : i + size] == words for i in range(len(said) - size + 1)):
            found.append(title)
    return found


def scanned_is_known_word(word: str, vocabulary: llm_vet._Vocabulary) -> bool:
    """Every known word compared (llm_vet.py before the index)."""
    if word in vocabulary.words or word in llm_vet._STOP:
        return True
    return any(len(known) > 3 and (word.startswith(known) or known.startswith(word))
               for known in vocabulary.words if len(word) > 3)  # fmt: skip


def scanned_sounds(names: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """The words and sounds worked out anew for each call (hearing.py before the cache)."""
    known = frozenset(word for name in names for word in re.findall(r"[a-z']+", name.lower()))
    return known, frozenset(hearing._sound(word) for word in known if len(word) > 3)


def scanned_vocabulary(context: ParseContext) -> llm_vet._Vocabulary:
    """The vocabulary built anew for each call, never from the cache."""
    names = (context.tasks, context.projects, context.people, context.last.values())
    return llm_vet._vocabulary_of.__wrapped__(*(tuple(group) for group in names))


def scanned_in_known_title(value: str, context: ParseContext | None) -> bool:
    """Every title lower-cased and searched (grammar.py before the joined titles)."""
    words = " ".join(strip_articles(value).lower().split())
    if not words or context is None:
        return False
    return any(f" {words} " in f" {title.lower()} " for title in context.tasks)


def scanned_close_title(value: str, titles: tuple[str, ...]) -> str | None:
    """The titles' words joined anew for each call (llm_vet.py before the cache)."""
    said = " ".join(llm_vet._words(value))
    if len(said) < 8 or not titles:
        return None
    lowered = [" ".join(llm_vet._words(title)) for title in titles]
    best = process.extract(said, lowered, scorer=fuzz.ratio, limit=2)
    if not best or best[0][1] < llm_vet.TITLE_MATCH:
        return None
    margin = best[0][1] - best[1][1] < llm_vet.TITLE_MARGIN if len(best) > 1 else False
    if margin and best[0][0] != best[1][0]:
        return None
    return titles[best[0][2]]


def scanned_split_joined(text: str, context: ParseContext) -> str:
    """The joined words' set built anew for each call (llm_vet.py before the cache)."""
    pairs = llm_vet._joined_pairs.__wrapped__(tuple(context.tasks), tuple(context.projects))
    for word in set(llm_vet._words(text)) & set(pairs):
        text = re.sub(rf"\b{word}\b", pairs[word], text, flags=re.IGNORECASE)
    return llm_vet._one_word_again(text, llm_vet._vocabulary(context), pairs)


def use_scans(monkeypatch: pytest.MonkeyPatch) -> None:
    """Put the plain scans back in place of the indexes, for the rest of the test."""
    monkeypatch.setattr(fields, "_titles_naming", scanned_titles_naming)
    monkeypatch.setattr(grammar, "_in_known_title", scanned_in_known_title)
    monkeypatch.setattr(llm_vet, "_close_title", scanned_close_title)
    monkeypatch.setattr(llm_vet, "split_joined", scanned_split_joined)
    monkeypatch.setattr(llm_vet, "_is_known_word", scanned_is_known_word)
    monkeypatch.setattr(llm_vet, "_vocabulary", scanned_vocabulary)
    monkeypatch.setattr(hearing, "_known_sounds", scanned_sounds)


# --- the indexes against the scans -------------------------------------------------------------

REFS = (
    "the gate", "gate", "venue", "press release", "release press", "the garden hose", "hose",
    "fix the gate", "gates", "flower", "boilers", "for mum's party", "4711", "fix the gate 12",
    "the shed", "", "the", "again", "book the venue for the launch", "slides before the trip",
)  # fmt: skip


@pytest.mark.parametrize("ref", REFS)
def test_known_task_lookups_over_10000_titles_match_a_scan(ref: str) -> None:
    words = fields._words(ref)
    scanned = scanned_titles_naming(words, TITLES)
    assert fields._titles_naming(words, TITLES) == scanned
    assert fields.is_known_task(ref, BIG) == (bool(words) and bool(scanned))


# words with no letter of their own ("M & S", "Jo 's"): a title's words may be empty strings
ODD_TITLES = ("buy milk at M & S", "Jo 's cake", "s", "call s s", "fix the gate s", "the - gate")


@pytest.mark.parametrize("ref", [*REFS, "s", "s s", "m", "m s", "jo", "gate s", "the -", "- gate"])
def test_a_run_of_words_is_found_in_odd_titles_as_a_scan_finds_it(ref: str) -> None:
    titles = (*ODD_TITLES, *TITLES[:50])
    words = fields._words(ref)
    assert fields._titles_naming(words, titles) == scanned_titles_naming(words, titles)


@settings(max_examples=300)
@given(
    titles=st.lists(st.text("ab s'-", max_size=12), max_size=8),
    ref=st.text("ab s'-", max_size=8),
)
def test_any_run_of_words_is_found_as_a_scan_finds_it(titles: list[str], ref: str) -> None:
    words = fields._words(ref)
    listed = tuple(titles)
    assert fields._titles_naming(words, listed) == scanned_titles_naming(words, listed)


KNOWN_TITLE_SAID = (
    "the till printer", "till", "gate", "the gate 4711", "venue for", "for mum's party",
    "mum's", "GATE", "  the  fence  ", "", "the", "fix the gate\nagain", "4711 for",
)  # fmt: skip


@pytest.mark.parametrize("value", KNOWN_TITLE_SAID)
def test_words_of_a_known_title_over_10000_titles_match_a_scan(value: str) -> None:
    odd = replace(BIG, tasks=(*TITLES, "Fix the\ngate", "TILL printer"))
    for context in (BIG, odd, None):
        expected = scanned_in_known_title(value, context)
        assert grammar._in_known_title(value, context) == expected, (value, context is None)


CLOSE_SAID = ("the gait for the lunch", "book the venue for the lunch", "fix the fense again",
              "pant the fence", "slides before the trip", "the shed", "cattering")  # fmt: skip


@pytest.mark.parametrize("value", CLOSE_SAID)
def test_a_close_title_over_10000_titles_matches_a_scan(value: str) -> None:
    assert llm_vet._close_title(value, TITLES) == scanned_close_title(value, TITLES)


JOINED_SAID = ("buy more tillrolls", "the gardenhose and the pressrelease", "fix thegate",
               "pressrelease gardenhose pressrelease", "nothing joined here")  # fmt: skip


@pytest.mark.parametrize("text", JOINED_SAID)
def test_joined_words_over_10000_titles_match_a_scan(text: str) -> None:
    context = replace(BIG, tasks=(*TITLES, "restock the till rolls"))
    assert llm_vet.split_joined(text, context) == scanned_split_joined(text, context)


@pytest.mark.parametrize("state", ["booked", "fixed", "painted", "written", "done", "mended"])
def test_says_done_over_10000_titles_matches_a_scan(state: str) -> None:
    for ref in REFS:
        words = fields._words(ref)
        expected = state in fields.DONE_WORDS or any(
            state in fields.participles(title.split()[0])
            for title in scanned_titles_naming(words, TITLES)
            if title.split()
        )
        assert fields.says_done(state, ref, BIG) == expected, (state, ref)


LETTERS = "abcde'"


@settings(max_examples=300)
@given(known=st.lists(st.text(LETTERS, min_size=1, max_size=8), max_size=30), data=st.data())
def test_a_known_word_or_stem_is_found_as_a_scan_finds_it(
    known: list[str], data: st.DataObject
) -> None:
    # a word near a known one (cut short, or made longer) as often as a word from nowhere
    base = data.draw(st.sampled_from(known)) if known else ""
    near = base[: data.draw(st.integers(3, 8))] + data.draw(st.text(LETTERS, max_size=2))
    word = data.draw(st.sampled_from([near, data.draw(st.text(LETTERS, max_size=8))]))
    vocabulary = llm_vet._vocabulary_of.__wrapped__(tuple(known))
    assert llm_vet._is_known_word(word, vocabulary) == scanned_is_known_word(word, vocabulary)


def test_vetting_words_over_10000_titles_matches_a_scan() -> None:
    vocabulary = llm_vet._vocabulary(BIG)
    said = ["gates", "flower", "boil", "boilers", "venu", "4711", "47110", "shed", "realise"]
    for word in [*said, *sorted(vocabulary.words)[::50]]:
        assert llm_vet._is_known_word(word, vocabulary) == scanned_is_known_word(word, vocabulary)


def test_respelling_and_doubting_over_10000_titles_match_the_scans(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    refs = ("the gait", "cattering", "press realise", "the fense", "flours", "the shed", "boiler")

    def answers() -> list[tuple[str, bool, bool, bool]]:
        return [
            (
                llm_vet.respell(ref, BIG),
                llm_vet.matches_known(ref, BIG),
                llm_vet.is_odd_task(ref, BIG),
                hearing.sounds_like_other(ref, TITLES),
            )
            for ref in refs
        ]

    indexed = answers()
    use_scans(monkeypatch)
    assert indexed == answers()


def test_dev_set_parses_with_10000_titles_match_the_scans(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fast path and router vetting give the same commands with the indexes as without."""
    devset = load_devset(DATA / "devset.jsonl").examples[::4]
    fast = FastPathParser()
    router = Router(fast)  # no model: the route ends with the vetting

    def parses() -> list[tuple[object, object]]:
        results = []
        for example in devset:
            context = replace(example.context, tasks=(*example.context.tasks, *TITLES))
            command = fast.parse(example.text, context).to_dict()
            routed = router.route(example.text, context)
            results.append((command, (routed.command.to_dict(), routed.question, routed.route)))
        return results

    indexed = parses()
    use_scans(monkeypatch)
    assert indexed == parses()


def test_the_cache_follows_the_task_list() -> None:
    without = replace(BIG, tasks=("order flowers", "book the venue"))
    with_gate = replace(without, tasks=(*without.tasks, "fix the gate"))
    for _ in range(2):  # back and forth: each list gets its own answer, never the other's
        assert not fields.is_known_task("gate", without)
        assert fields.is_known_task("gate", with_gate)
        assert not hearing.sounds_like_other("the gait", without.tasks)
        assert hearing.sounds_like_other("the gait", with_gate.tasks)
        assert not llm_vet.matches_known("gate", without)
        assert llm_vet.matches_known("gate", with_gate)
        assert llm_vet.respell("the gatte", without) == "the gatte"
        assert llm_vet.respell("the gatte", with_gate) == "the gate"
        assert not grammar._in_known_title("the gate", without)
        assert grammar._in_known_title("the gate", with_gate)
        assert llm_vet._close_title("fix the gatte", without.tasks) is None
        assert llm_vet._close_title("fix the gatte", with_gate.tasks) == "fix the gate"
        assert llm_vet.split_joined("the thegate", without) == "the thegate"
        assert llm_vet.split_joined("the thegate", with_gate) == "the the gate"


def test_the_cache_follows_the_last_names() -> None:
    small = replace(BIG, tasks=("order flowers",), last={})
    assert not llm_vet.matches_known("catering", small)
    assert llm_vet.matches_known("catering", replace(small, last={"task": "catering"}))
    assert not llm_vet.matches_known("catering", small)


def test_a_task_list_given_as_a_list_is_read_as_its_tuple() -> None:
    listed = replace(BIG, tasks=["fix the gate"])  # type: ignore[arg-type]
    assert fields.is_known_task("gate", listed)
    assert hearing.sounds_like_other("the gait", listed.tasks)
    assert llm_vet.matches_known("gate", listed)
