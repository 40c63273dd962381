"""The sync engine against real stores, messages handed across by hand (no broker)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from services.events import EventBus, ReplyReady, StoreCommitted
from services.store import Store
from services.sync.auth import PeerAuthority
from services.sync.engine import SyncEngine, SyncRejectedError
from services.sync.messages import MessageCourier

KEY = b"engine-tests-shared-key"
SHARED = ("tasks", "people", "messages")


class Side:
    """One device: a real store, a bus and an engine, with a clock the test moves."""

    def __init__(self, tmp_path, name):
        self.bus = EventBus()
        self.commits: list[StoreCommitted] = []
        self.bus.subscribe(self.commits.append, StoreCommitted)
        self.store = Store.open(tmp_path / name, bus=self.bus)
        self.ms = 1_000_000
        self.name = name
        self.engine = SyncEngine(self.store, name, SHARED, PeerAuthority(KEY), lambda: self.ms)

    def write(self, **fields):
        with self.store.transaction(origin="local") as tx:
            return tx.insert("tasks", fields)

    def edit(self, doc_id, **fields):
        with self.store.transaction(origin="local") as tx:
            tx.update("tasks", doc_id, fields)

    def record(self):
        """Feed the engine the local commits it has not seen."""
        pending, self.commits[:] = list(self.commits), []
        for event in pending:
            self.engine.record_local(event)

    def outbox(self):
        return self.engine.pending()

    def reopen(self, tmp_path):
        self.store.close()
        self.store = Store.open(tmp_path / self.name, bus=self.bus)
        self.engine = SyncEngine(self.store, self.name, SHARED, PeerAuthority(KEY), lambda: self.ms)


@pytest.fixture
def sides(tmp_path):
    made = [Side(tmp_path, "a"), Side(tmp_path, "b")]
    yield made
    for side in made:
        side.store.close()


def test_a_local_commit_queues_one_signed_message_and_applying_it_creates_the_task(sides):
    a, b = sides
    task = a.write(title="buy milk", status="todo")
    a.record()
    (message,) = a.outbox()
    assert message.topic == f"parley/sync/tasks/{task['id']}"
    assert "sig" in json.loads(message.payload)
    applied = b.engine.apply_remote(message.topic, message.payload)
    assert applied.is_changed and not applied.is_republished
    assert b.store.get("tasks", task["id"]) == task
    assert b.commits and all(event.origin == "sync:a" for event in b.commits)
    b.record()
    assert b.outbox() == []  # a change that came from sync is not sent back


def test_the_same_message_twice_changes_nothing_the_second_time(sides):
    a, b = sides
    a.write(title="once")
    a.record()
    (message,) = a.outbox()
    b.engine.apply_remote(message.topic, message.payload)
    seq_before = b.store.seq
    again = b.engine.apply_remote(message.topic, message.payload)
    assert not again.is_changed and not again.is_republished
    assert b.store.seq == seq_before


def test_an_older_message_arriving_late_does_not_undo_a_newer_one(sides):
    a, b = sides
    task = a.write(title="v1")
    a.record()
    (first,) = a.outbox()
    a.ms += 10
    a.edit(task["id"], title="v2")
    a.record()
    (second,) = a.outbox()
    b.engine.apply_remote(second.topic, second.payload)
    assert b.outbox() == []  # b holds what a sent: nothing to answer
    late = b.engine.apply_remote(first.topic, first.payload)
    assert not late.is_changed
    assert late.is_republished  # b knows more than the retained message: it republishes
    assert b.store.get("tasks", task["id"])["title"] == "v2"
    (answer,) = b.outbox()
    assert answer.topic == first.topic
    assert json.loads(answer.payload)["state"]["fields"]["title"][0] == "v2"


def test_an_older_state_is_answered_even_after_the_newer_one_was_published(sides):
    """Topics are retained: an older state published last is what late subscribers read."""
    a, b = sides
    task = a.write(title="v1")
    a.record()
    (first,) = a.outbox()
    b.engine.apply_remote(first.topic, first.payload)
    b.ms += 10
    b.edit(task["id"], title="v2")
    b.record()
    (newer,) = b.outbox()
    assert b.engine.acknowledge([newer]) == 1 and b.outbox() == []
    ledger_before = b.engine.state("tasks", task["id"])
    late = b.engine.apply_remote(first.topic, first.payload)  # a, back late, resends v1
    assert not late.is_changed and late.is_republished
    assert b.engine.state("tasks", task["id"]).same_as(ledger_before)
    (answer,) = b.outbox()
    assert json.loads(answer.payload)["state"]["fields"]["title"][0] == "v2"
    assert a.engine.apply_remote(answer.topic, answer.payload).is_changed
    assert a.store.get("tasks", task["id"])["title"] == "v2"
    echo = b.engine.apply_remote(answer.topic, answer.payload)  # its own answer, echoed
    assert not echo.is_changed and not echo.is_republished


def test_acknowledging_an_old_publish_keeps_a_newer_change_queued(sides):
    a, _ = sides
    task = a.write(title="v1")
    a.record()
    (in_flight,) = a.outbox()
    a.ms += 5
    a.edit(task["id"], title="v2")
    a.record()
    assert a.engine.acknowledge([in_flight]) == 0
    (still,) = a.outbox()
    assert json.loads(still.payload)["state"]["fields"]["title"][0] == "v2"
    assert a.engine.acknowledge([still]) == 1
    assert a.outbox() == []


def test_the_outbox_survives_a_restart(tmp_path, sides):
    a, _ = sides
    a.write(title="kept")
    a.record()
    a.reopen(tmp_path)
    (message,) = a.outbox()
    assert json.loads(message.payload)["state"]["fields"]["title"][0] == "kept"
    assert a.engine.clock.tick(0).wall_ms >= 1_000_000  # the clock never goes behind a stamp


def test_reconcile_finds_commits_made_while_no_engine_listened(sides):
    a, _ = sides
    a.write(title="seen")
    a.record()
    a.engine.acknowledge(a.outbox())
    a.commits.clear()
    unseen = a.write(title="written by a one-shot CLI")
    a.commits.clear()
    assert a.outbox() == []
    keys = a.engine.reconcile()
    assert keys == [f"tasks/{unseen['id']}"]
    assert len(a.outbox()) == 1
    assert a.engine.reconcile() == []


def test_a_rejected_message_changes_nothing(sides):
    a, b = sides
    a.write(title="signed")
    a.record()
    (message,) = a.outbox()
    body = json.loads(message.payload)
    body["state"]["fields"]["title"][0] = "forged"
    seq_before = b.store.seq
    with pytest.raises(SyncRejectedError, match="bad signature"):
        b.engine.apply_remote(message.topic, json.dumps(body).encode())
    with pytest.raises(SyncRejectedError, match="bad signature"):  # the signature binds the topic
        b.engine.apply_remote("parley/sync/tasks/other", message.payload)
    assert b.store.seq == seq_before
    assert b.store.all("tasks") == []


def test_the_courier_delivers_only_messages_for_people_bound_here(sides):
    _, b = sides
    with b.store.transaction(origin="local") as tx:
        tx.insert("people", {"name": "Sam", "aliases": ["Sammy"], "device": "b"})
        tx.insert("people", {"name": "Kim", "aliases": [], "device": "a"})
        tx.insert("messages", {"to": "sammy", "from": "me", "text": "hi Sam", "delivered": False})
        tx.insert("messages", {"to": "Kim", "from": "me", "text": "hi Kim", "delivered": False})
    spoken = []
    b.bus.subscribe(lambda event: spoken.append(event.text), ReplyReady)
    courier = MessageCourier(b.store, "b", b.bus, lambda: datetime(2026, 1, 1, tzinfo=UTC))
    delivered = courier.deliver()
    assert len(delivered) == 1
    assert spoken == ["Message from me: hi Sam"]
    by_text = {m["text"]: m for m in b.store.all("messages")}
    assert by_text["hi Sam"]["delivered"] is True
    assert by_text["hi Kim"]["delivered"] is False
    assert courier.deliver() == []


def test_a_remote_change_merged_before_a_local_commit_is_recorded_keeps_both(sides):
    a, b = sides
    task = a.write(title="draft", priority="low")
    a.record()
    (created,) = a.outbox()
    b.engine.apply_remote(created.topic, created.payload)
    b.ms += 10
    with b.store.transaction(origin="local") as tx:
        tx.update("tasks", task["id"], {"priority": "urgent"})
    b.record()
    (from_b,) = b.outbox()
    a.ms += 20
    a.edit(task["id"], title="final")  # committed, but its event is not recorded yet
    applied = a.engine.apply_remote(from_b.topic, from_b.payload)
    assert applied.is_republished
    assert a.store.get("tasks", task["id"])["title"] == "final"
    assert a.store.get("tasks", task["id"])["priority"] == "urgent"
    a.record()  # the late event changes nothing: the store copy is already in the state
    state = a.engine.state("tasks", task["id"])
    assert state.materialize() == a.store.get("tasks", task["id"])
    (republished,) = [m for m in a.outbox() if m.key == f"tasks/{task['id']}"]
    b.engine.apply_remote(republished.topic, republished.payload)
    assert b.store.get("tasks", task["id"]) == a.store.get("tasks", task["id"])
