"""The open-task index stays equal to the store whatever commits it (services/core/index.py)."""

import random

from services.core.index import OpenTasks
from services.events import EventBus
from services.store import Store


def open_in_store(store):
    return sorted(
        (t["id"], t["title"]) for t in store.all("tasks") if t["status"] in ("todo", "in_progress")
    )


def test_the_index_follows_inserts_updates_deletes_and_restores(tmp_path):
    bus = EventBus()
    with Store.open(tmp_path / "state", bus=bus) as store:
        with store.transaction() as tx:
            tx.insert("tasks", {"title": "old", "status": "todo", "updated_at": "1"})
        index = OpenTasks(store, bus)
        assert sorted(index.titles()) == open_in_store(store)
        rng = random.Random(7)
        ids = [t["id"] for t in store.all("tasks")]
        backup = store.backup()
        for step in range(300):
            with store.transaction(origin=rng.choice(["local", "sync:b"])) as tx:
                choice = rng.random()
                if choice < 0.4 or not ids:
                    ids.append(tx.insert("tasks", {"title": f"t{step}", "status": "todo",
                                                   "updated_at": f"{step:05d}"})["id"])  # fmt: skip
                elif choice < 0.8:
                    status = rng.choice(["todo", "in_progress", "done", "cancelled"])
                    tx.update("tasks", rng.choice(ids), {"status": status, "title": f"r{step}"})
                else:
                    tx.delete("tasks", ids.pop(rng.randrange(len(ids))))
            assert sorted(index.titles()) == open_in_store(store)
        store.restore(backup)
        assert sorted(index.titles()) == open_in_store(store)


def test_recent_lists_newest_first(tmp_path):
    bus = EventBus()
    with Store.open(tmp_path / "state", bus=bus) as store:
        index = OpenTasks(store, bus)
        with store.transaction() as tx:
            for number in range(5):
                tx.insert("tasks", {"title": f"t{number}", "status": "todo",
                                    "updated_at": f"2026-11-18T10:0{number}"})  # fmt: skip
        assert index.recent(3) == ["t4", "t3", "t2"]


def test_people_and_project_changes_bump_the_version(tmp_path):
    bus = EventBus()
    with Store.open(tmp_path / "state", bus=bus) as store:
        index = OpenTasks(store, bus)
        with store.transaction() as tx:
            tx.insert("tasks", {"title": "x", "status": "todo", "updated_at": ""})
        assert index.version == 0
        with store.transaction() as tx:
            tx.insert("people", {"name": "Sam", "aliases": []})
        assert index.version == 1


def newest_open(store, count):
    open_tasks = [t for t in store.all("tasks") if t["status"] in ("todo", "in_progress")]
    open_tasks.sort(key=lambda t: t["updated_at"], reverse=True)
    return list(dict.fromkeys(t["title"] for t in open_tasks))[:count]


def test_a_title_many_open_tasks_share_is_listed_once(tmp_path):
    # an automation's forty "mqtt check" tasks must not push the names people say out
    bus = EventBus()
    with Store.open(tmp_path / "state", bus=bus) as store:
        index = OpenTasks(store, bus)
        with store.transaction() as tx:
            tx.insert("tasks", {"title": "call the vet", "status": "todo", "updated_at": "0"})
            for number in range(40):
                tx.insert("tasks", {"title": "mqtt check", "status": "todo",
                                    "updated_at": f"1{number:03d}"})  # fmt: skip
        assert index.recent(5) == ["mqtt check", "call the vet"]


def test_the_kept_recent_titles_never_outlive_a_task_change(tmp_path):
    bus = EventBus()
    with Store.open(tmp_path / "state", bus=bus) as store:
        index = OpenTasks(store, bus)
        rng = random.Random(11)
        ids: list[str] = []
        for step in range(200):
            stamp = f"{step:05d}"  # every change is the newest: no ties to order
            with store.transaction() as tx:
                choice = rng.random()
                if choice < 0.5 or not ids:
                    title = f"t{step}" if rng.random() < 0.5 else f"same {step % 4}"
                    task = {"title": title, "status": "todo", "updated_at": stamp}
                    ids.append(tx.insert("tasks", task)["id"])
                elif choice < 0.8:
                    status = rng.choice(["todo", "in_progress", "done", "cancelled"])
                    change = {"status": status, "title": f"r{step}", "updated_at": stamp}
                    tx.update("tasks", rng.choice(ids), change)
                elif choice < 0.9:
                    tx.delete("tasks", ids.pop(rng.randrange(len(ids))))
                else:
                    tx.insert("people", {"name": f"p{step}", "aliases": []})
            count = rng.choice([3, 5])  # asking for another count is answered anew too
            assert index.recent(count) == newest_open(store, count)
            assert index.recent(count) == newest_open(store, count)  # kept: the same answer


def test_changing_the_returned_titles_changes_nothing_kept(tmp_path):
    bus = EventBus()
    with Store.open(tmp_path / "state", bus=bus) as store:
        index = OpenTasks(store, bus)
        with store.transaction() as tx:
            tx.insert("tasks", {"title": "a", "status": "todo", "updated_at": "1"})
        index.recent(5).append("not a task")
        assert index.recent(5) == ["a"]
