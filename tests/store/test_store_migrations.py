"""Schema versions: a version-0 file (plain TinyDB, integer ids) migrates on open."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tinydb import TinyDB

from services.store import MIGRATIONS, SCHEMA_VERSION, Store, StoreError
from services.store.migrations import migrate


def _version_zero_file(path: Path) -> None:
    with TinyDB(path) as db:  # TinyDB's own integer document ids, no meta table
        db.table("tasks").insert_multiple(
            [{"title": "water the plants"}, {"title": "call Anna", "id": "t-0000000000aa"}]
        )
        db.table("people").insert({"name": "Anna"})


def test_every_version_below_the_current_has_a_migration() -> None:
    assert sorted(MIGRATIONS) == list(range(SCHEMA_VERSION))


def test_a_version_zero_file_is_migrated_on_open(tmp_path: Path) -> None:
    _version_zero_file(tmp_path / "store.json")
    with Store.open(tmp_path) as store:
        assert store.schema_version == SCHEMA_VERSION
        tasks = store.all("tasks")
        assert [task["title"] for task in tasks] == ["water the plants", "call Anna"]
        assert tasks[1]["id"] == "t-0000000000aa"  # an existing string id is kept
        assert tasks[0]["id"].startswith("t-")
        for task in tasks:
            assert store.get("tasks", task["id"]) == task  # keyed by the string id
        assert store.all("people")[0]["id"].startswith("u-")
        backups = store.backups()
    assert len(backups) == 1
    assert "before-migration-v0" in backups[0].name
    assert "1" in json.loads(backups[0].read_text())["tasks"]  # the untouched original
    on_disk = json.loads((tmp_path / "store.json").read_text())
    assert on_disk["meta"]["store"]["schema_version"] == SCHEMA_VERSION
    with Store.open(tmp_path) as store:  # a second open migrates nothing
        assert len(store.backups()) == 1
        assert [task["title"] for task in store.all("tasks")] == ["water the plants", "call Anna"]


def test_a_file_from_a_newer_parley_is_refused_untouched(tmp_path: Path) -> None:
    newer = {"tasks": {}, "meta": {"store": {"schema_version": SCHEMA_VERSION + 1, "seq": 4}}}
    (tmp_path / "store.json").write_text(json.dumps(newer))
    with pytest.raises(StoreError, match="newer Parley"):
        Store.open(tmp_path)
    assert json.loads((tmp_path / "store.json").read_text()) == newer
    with pytest.raises(StoreError, match="newer Parley"):
        migrate(newer)
