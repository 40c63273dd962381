"""bench/eval_names_heard.py on the read dev sets: it counts, and what it counts holds."""

from __future__ import annotations

import re

import pytest

from bench import eval_names_heard


def test_it_counts_misheard_people_and_the_names_written(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert eval_names_heard.main([]) == 0
    said = capsys.readouterr().out
    found = re.search(
        r"(\d[\d,]*) read lines: (\d+) people .*?, (\d+) of them .*?; (\d+) people", said
    )
    assert found is not None, said
    lines, misheard, written, wrong = (int(group.replace(",", "")) for group in found.groups())
    assert lines > 10_000 and 0 < written <= misheard and wrong < written


def test_a_person_said_with_or_without_a_title_or_by_first_name_is_said() -> None:
    assert eval_names_heard._says("give it to nurse hollis", "Nurse Hollis")
    assert eval_names_heard._says("tell Eilidh the keys are in", "Eilidh Fraser")
    assert not eval_names_heard._says("tell a lee fraser", "Eilidh Fraser")
