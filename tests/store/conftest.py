"""Fixtures for the store tests: real stores in real directories."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from services.store import Store


@pytest.fixture(params=["journal", "json"])
def storage(request: pytest.FixtureRequest) -> str:
    """Run a test on both backends."""
    return request.param


@pytest.fixture
def store(tmp_path: Path, storage: str) -> Iterator[Store]:
    """An open store in a fresh state directory."""
    opened = Store.open(tmp_path / "state", storage=storage)
    yield opened
    opened.close()
