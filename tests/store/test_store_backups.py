"""Rotating backups and restore."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from services.events import EventBus, StoreCommitted
from services.store import Store, StoreError
from services.store.backups import taken_at
from tests.store.support import add_command, commands_in


def test_backups_rotate_newest_first(tmp_path: Path) -> None:
    with Store.open(tmp_path, backups=3) as store:
        made = []
        for n in range(5):
            add_command(store, n)
            made.append(store.backup(f"after {n}"))
        kept = store.backups()
        assert kept == made[:-4:-1]  # the three newest, newest first
        assert [path.exists() for path in made] == [False, False, True, True, True]
        assert kept[0].name.endswith("-after-4.json")
        assert kept[0].parent == tmp_path / "backups"
        assert store.stats()["backups"] == 3


def test_restore_brings_back_the_backup_and_keeps_a_backup_of_now(tmp_path: Path) -> None:
    bus = EventBus()
    seen: list[StoreCommitted] = []
    bus.subscribe(seen.append, StoreCommitted)
    with Store.open(tmp_path, bus=bus) as store:
        add_command(store, 0)
        old = store.backup()
        add_command(store, 1)
        seq = store.seq
        seen.clear()
        store.restore(old)
        assert commands_in(store) == [0]
        assert store.seq >= seq  # sequence numbers never go back
        assert "before-restore" in store.backups()[0].name
        assert {(c[0], c[2] is not None, c[3] is None) for c in seen[0].changes} == {
            ("tasks", True, True),
            ("commands", True, True),
        }
        assert seen[0].origin == "restore"
        add_command(store, 2)
    with Store.open(tmp_path) as store:
        assert commands_in(store) == [0, 2]


@pytest.mark.parametrize(
    "content", [b"", b"\0" * 512, b'{"tasks": [1]}', b"not json", b'{"tasks": {"t-1": 5}}']
)
def test_restore_refuses_a_file_that_does_not_load(tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    with Store.open(tmp_path / "state") as store:
        add_command(store, 0)
        with pytest.raises(StoreError, match="cannot restore"):
            store.restore(bad)
        assert commands_in(store) == [0]
        assert store.backups() == []  # refused before anything was touched


def test_backup_if_due_takes_time_as_data(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        first = store.backup_if_due(24, now=datetime.now(UTC))
        assert first is not None and "scheduled" in first.name  # none yet: due
        taken = taken_at(first)
        assert taken is not None and abs(datetime.now(UTC) - taken) < timedelta(minutes=5)
        assert store.backup_if_due(24, now=taken + timedelta(hours=23)) is None
        later = store.backup_if_due(24, now=taken + timedelta(hours=24))
        assert later is not None and store.backups() == [later, first]
