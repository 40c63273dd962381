"""Helpers for voice tests: skipping on a missing model package, word error rate."""

from __future__ import annotations

import importlib.util
import re

import pytest


def require(module: str, package: str) -> None:
    """Skip unless ``module`` imports (a model package)."""
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"model package {package} is not installed")


def words(text: str) -> list[str]:
    """Lower-case words without punctuation ("9 AM" and "9am" alike), for WER."""
    text = re.sub(r"(\d)\s*([ap])\.?\s*m\b\.?", r"\1\2m", text.lower())
    return re.sub(r"[^a-z0-9' ]+", " ", text).split()


def wer(reference: str, hypothesis: str) -> float:
    """Word error rate: word-level edit distance over the reference length."""
    ref, hyp = words(reference), words(hypothesis)
    row = list(range(len(hyp) + 1))
    for i, ref_word in enumerate(ref, 1):
        previous, row[0] = row[0], i
        for j, hyp_word in enumerate(hyp, 1):
            previous, row[j] = (
                row[j],
                min(row[j] + 1, row[j - 1] + 1, previous + (ref_word != hyp_word)),
            )
    return row[len(hyp)] / max(len(ref), 1)
