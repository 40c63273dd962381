"""Transactions, reads and events on a real store (both backends)."""

from __future__ import annotations

import copy
import json
import re
import threading
from pathlib import Path

import pytest
from tinydb import Query, TinyDB
from tinydb.storages import JSONStorage

from services.events import EventBus, StoreCommitted
from services.store import COLLECTIONS, Change, Store, StoreError, new_id
from services.store.storage import LiveDB
from tests.store.support import add_command, run_and_crash


def test_new_id_has_the_collection_prefix_and_48_random_bits() -> None:
    ids = {new_id("tasks") for _ in range(2000)}
    assert len(ids) == 2000
    assert all(re.fullmatch(r"t-[0-9a-f]{12}", doc_id) for doc_id in ids)
    assert new_id("people").startswith("u-")
    with pytest.raises(StoreError, match="unknown collection"):
        new_id("cats")


def test_commit_keeps_every_change_and_reopen_sees_it(tmp_path: Path, storage: str) -> None:
    with Store.open(tmp_path, storage=storage) as store:
        task, command = add_command(store, 1)
        with store.transaction() as tx:
            tx.update("tasks", task["id"], {"status": "done"})
            tx.insert("people", {"id": "u-anna", "name": "Anna"})
        seq = store.seq
    with Store.open(tmp_path, storage=storage) as store:
        assert store.get("tasks", task["id"])["status"] == "done"
        assert store.get("commands", command["id"])["task"] == task["id"]
        assert store.get("people", "u-anna") == {"id": "u-anna", "name": "Anna"}
        assert store.seq == seq == 2
        assert store.schema_version == 1


def test_exception_inside_a_transaction_keeps_nothing(store: Store) -> None:
    task, _ = add_command(store, 1)
    with pytest.raises(RuntimeError), store.transaction() as tx:
        tx.update("tasks", task["id"], {"status": "done"})
        tx.insert("tasks", {"title": "half made"})
        tx.delete("commands", store.all("commands")[0]["id"])
        raise RuntimeError("the executor failed half way")
    assert store.get("tasks", task["id"])["status"] == "todo"
    assert store.count("tasks") == 1
    assert store.count("commands") == 1
    assert store.seq == 1


def test_a_failed_transaction_is_not_on_disk_either(tmp_path: Path, storage: str) -> None:
    with Store.open(tmp_path, storage=storage) as store:
        add_command(store, 1)
        with pytest.raises(StoreError), store.transaction() as tx:
            tx.insert("tasks", {"title": "never kept"})
            tx.update("tasks", "t-missing", {"status": "done"})
    with Store.open(tmp_path, storage=storage) as store:
        assert [task["title"] for task in store.all("tasks")] == ["task 1"]


def test_reads_inside_a_transaction_see_the_staged_changes(store: Store) -> None:
    first, _ = add_command(store, 1)
    second, _ = add_command(store, 2)
    with store.transaction() as tx:
        tx.update("tasks", first["id"], {"status": "done"})
        tx.delete("tasks", second["id"])
        third = tx.insert("tasks", {"title": "task 3", "status": "todo"})
        assert tx.get("tasks", first["id"])["status"] == "done"
        assert tx.get("tasks", second["id"]) is None
        assert [doc["title"] for doc in tx.all("tasks")] == ["task 1", "task 3"]
        assert [doc["id"] for doc in tx.search("tasks", lambda d: d["status"] == "todo")] == [
            third["id"]
        ]
        # outside the transaction nothing has changed yet
        assert store.get("tasks", first["id"])["status"] == "todo"
        assert store.count("tasks") == 2
    assert [doc["title"] for doc in store.all("tasks")] == ["task 1", "task 3"]


def test_changes_hold_before_and_after_images(store: Store) -> None:
    task, _ = add_command(store, 1)
    with store.transaction() as tx:
        tx.update("tasks", task["id"], {"status": "done"})
        tx.update("tasks", task["id"], {"priority": "high"})
        made = tx.insert("projects", {"name": "garden"})
        gone = tx.insert("tasks", {"title": "made and removed"})
        tx.delete("tasks", gone["id"])
        changes = tx.changes
    assert changes == store.last_changes
    assert changes == [
        Change("tasks", task["id"], task, {**task, "status": "done", "priority": "high"}),
        Change("projects", made["id"], None, made),
    ]


def test_insert_update_put_delete_contracts(store: Store) -> None:
    with store.transaction() as tx:
        doc = tx.insert("tasks", {"title": "x", "tags": ["a"]})
        assert doc["id"].startswith("t-")
        with pytest.raises(StoreError, match="already has"):
            tx.insert("tasks", {"id": doc["id"], "title": "clash"})
        with pytest.raises(StoreError, match="no document"):
            tx.update("tasks", "t-nothing", {"title": "y"})
        with pytest.raises(StoreError, match="string id"):
            tx.put("tasks", {"title": "no id"})
        with pytest.raises(StoreError, match="unknown collection"):
            tx.insert("cats", {"name": "Tom"})
        with pytest.raises(StoreError, match="cannot store"):
            tx.insert("tasks", {"title": object()})
        assert tx.delete("tasks", "t-nothing") is None
    with store.transaction() as tx:
        replaced = tx.put("tasks", {"id": doc["id"], "title": "replaced"})
        assert tx.get("tasks", doc["id"]) == replaced == {"id": doc["id"], "title": "replaced"}
        restored = tx.put("tasks", {"id": "t-from-sync", "title": "from another device"})
    assert store.get("tasks", "t-from-sync") == restored
    with store.transaction() as tx:
        old = tx.delete("tasks", doc["id"])
    assert old == replaced
    assert store.get("tasks", doc["id"]) is None


def test_reads_cannot_change_the_store(store: Store) -> None:
    with store.transaction() as tx:
        doc = tx.insert("tasks", {"title": "x", "tags": ["a"], "meta": {"k": [1]}})
        with pytest.raises(TypeError, match="read-only"):
            doc["tags"].append("changed in the caller")
    stored = {"id": doc["id"], "title": "x", "tags": ["a"], "meta": {"k": [1]}}
    fetched = store.get("tasks", doc["id"])
    fetched["title"] = "renamed in the caller"  # the top level is the caller's own dict
    fetched["tags"] = ["replaced"]
    for read in (store.get("tasks", doc["id"]), store.all("tasks")[0], store.last_changes[0][3]):
        with pytest.raises(TypeError, match="read-only"):
            read["tags"].append("b")
        with pytest.raises(TypeError, match="read-only"):
            read["meta"]["k"].append(2)
        with pytest.raises(TypeError, match="read-only"):
            read["meta"]["new"] = 1
    assert store.get("tasks", doc["id"]) == stored
    assert store.search("tasks", lambda d: True) == [stored]
    # a deep copy (or list()) is plain and mutable; it serializes like the original
    own = copy.deepcopy(store.get("tasks", doc["id"]))
    own["meta"]["k"].append(2)
    assert type(own["tags"]) is list and type(own["meta"]) is dict
    assert json.loads(json.dumps(store.get("tasks", doc["id"]))) == stored
    with store.transaction() as tx:
        tx.update("tasks", doc["id"], {"tags": [*fetched["tags"], "b"]})
    assert store.get("tasks", doc["id"])["tags"] == ["replaced", "b"]


def test_documents_loaded_from_disk_are_read_only_inside(tmp_path: Path, storage: str) -> None:
    with Store.open(tmp_path, storage=storage) as store, store.transaction() as tx:
        doc = tx.insert("tasks", {"title": "x", "tags": ["a"]})
    with Store.open(tmp_path, storage=storage) as store:
        with pytest.raises(TypeError, match="read-only"):
            store.get("tasks", doc["id"])["tags"].clear()
        assert store.get("tasks", doc["id"])["tags"] == ["a"]


def test_search_and_count_take_callables_and_tinydb_queries(store: Store) -> None:
    for n in range(5):
        add_command(store, n)
    task = Query()
    assert [doc["n"] for doc in store.search("tasks", task.n >= 3)] == [3, 4]
    assert store.count("tasks", lambda doc: doc["n"] % 2 == 0) == 3
    assert store.count("commands") == 5


def test_db_is_a_read_only_tinydb_view_with_string_ids(store: Store) -> None:
    task, _ = add_command(store, 7)
    table = store.db.table("tasks")
    assert table.get(doc_id=task["id"])["title"] == "task 7"
    assert table.search(Query().n == 7)[0].doc_id == task["id"]
    with pytest.raises(StoreError, match="read-only"):
        table.insert({"title": "behind the store's back"})
    # the query cache does not hide later commits
    with store.transaction() as tx:
        tx.update("tasks", task["id"], {"n": 8})
    assert table.search(Query().n == 7) == []


def test_snapshot_is_a_tinydb_json_file(tmp_path: Path, storage: str) -> None:
    with Store.open(tmp_path, storage=storage) as store:
        task, _ = add_command(store, 1)
        path = store.path
    with TinyDB(path) as db:  # stock TinyDB reads it; ids are strings, so fetch by id
        assert set(COLLECTIONS) <= db.tables()
        assert db.table("tasks").get(doc_id=task["id"])["title"] == "task 1"
        assert db.table("meta").get(doc_id="store")["schema_version"] == 1
    with LiveDB(path, storage=JSONStorage) as db:  # a table class with string ids iterates
        assert [doc.doc_id for doc in db.table("tasks").all()] == [task["id"]]


def test_commit_publishes_one_event_after_the_lock_is_released(tmp_path: Path) -> None:
    bus = EventBus()
    seen: list[StoreCommitted] = []

    def on_commit(event: StoreCommitted) -> None:
        seen.append(event)
        if event.origin == "local":  # a subscriber may commit (the sync outbox does)
            with store.transaction(origin="sync") as tx:
                tx.insert("outbox", {"change": event.changes[0][1]})

    bus.subscribe(on_commit, StoreCommitted)
    with Store.open(tmp_path, bus=bus) as store:
        task, command = add_command(store, 1)
        with store.transaction():
            pass  # nothing changed: no event
    assert [event.origin for event in seen] == ["local", "sync"]
    assert [(c[0], c[1]) for c in seen[0].changes] == [
        ("tasks", task["id"]),
        ("commands", command["id"]),
    ]
    assert seen[1].changes[0][0] == "outbox"


def test_a_closed_store_refuses_writes(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    store.close()
    store.close()  # twice is harmless
    with pytest.raises(StoreError, match="closed"), store.transaction():
        pass


def test_compaction_empties_the_journal_and_keeps_everything(tmp_path: Path) -> None:
    with Store.open(tmp_path, compact_bytes=2000) as store:
        for n in range(40):
            add_command(store, n)
        stats = store.stats()
        assert stats["journal_bytes"] < 2000
        assert stats["snapshot_bytes"] > 0
        assert stats["commits"] == 40
    with Store.open(tmp_path) as store:
        assert sorted(doc["n"] for doc in store.all("tasks")) == list(range(40))
        assert store.seq == 40


def test_transactions_from_many_threads_are_serialized(tmp_path: Path) -> None:
    def work(first: int) -> None:
        for n in range(first, first + 25):
            add_command(store, n)

    with Store.open(tmp_path) as store:
        threads = [threading.Thread(target=work, args=(i * 100,)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert store.seq == 100
    with Store.open(tmp_path) as store:
        expected = sorted(i * 100 + n for i in range(4) for n in range(25))
        assert sorted(doc["n"] for doc in store.all("commands")) == expected
        assert store.count("tasks") == 100


def test_switching_storage_keeps_everything(tmp_path: Path) -> None:
    state = tmp_path / "state"

    def work() -> None:
        store = Store.open(state)
        add_command(store, 0)
        add_command(store, 1)

    run_and_crash(work)  # two commits only in the journal
    with Store.open(state, storage="json") as store:
        assert sorted(doc["n"] for doc in store.all("commands")) == [0, 1]
        add_command(store, 2)
    assert not (state / "store.journal").exists()
    with Store.open(state, storage="journal") as store:
        assert sorted(doc["n"] for doc in store.all("commands")) == [0, 1, 2]
        assert store.seq == 3


def test_a_nested_transaction_is_refused_and_the_outer_one_still_commits(store: Store) -> None:
    with store.transaction() as tx:
        tx.insert("tasks", {"id": "t-outer", "title": "outer"})
        with pytest.raises(StoreError, match="already open"), store.transaction():
            pass
    assert store.get("tasks", "t-outer") is not None
    with store.transaction() as tx:  # the flag was reset
        tx.delete("tasks", "t-outer")
    assert store.count("tasks") == 0
