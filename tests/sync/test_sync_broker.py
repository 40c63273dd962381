"""Sync between Parley devices over a real Mosquitto broker on loopback."""

from __future__ import annotations

import asyncio
import json
import time

import pytest

from tests.mqtt.support import SHARED_KEY, Device, device_config, eventually, signed_message

pytestmark = pytest.mark.broker


# Limits for waits that span a broker restart: a reconnect backs off, and a publish sent into
# the dying connection waits up to ACK_TIMEOUT_S (10 s) for its acknowledgement before the
# outbox is drained again. On a quiet machine these waits end in a few seconds; the limits are
# for a machine that is busy with other work (scripts/under_load.py).
RECONNECT_S = 45
SCENARIO_S = 180


def run(coroutine):
    return asyncio.run(asyncio.wait_for(coroutine, SCENARIO_S))


async def started(tmp_path, broker, *names, **sections):
    devices = []
    for name in names:
        device = Device(device_config(tmp_path, name, broker.port, **sections))
        await device.start()
        devices.append(device)
    return devices


async def stopped(*devices):
    for device in devices:
        await device.stop()


def same_everywhere(*devices):
    first = devices[0].tasks()
    return all(device.tasks() == first for device in devices[1:])


async def converged(*devices, timeout=RECONNECT_S):
    """Wait until every device holds the same tasks; on failure, say what each one holds."""
    if await eventually(lambda: same_everywhere(*devices), timeout):
        return True
    for device in devices:
        print(device.config.general.device_id, device.bridge.stats(), device.tasks())
    return False


def test_a_task_created_by_text_on_one_device_appears_on_the_other(tmp_path, broker):
    async def scenario():
        a, b = await started(tmp_path, broker, "a", "b")
        try:
            outcome = await a.say("add call the plumber")
            assert outcome["ok"], outcome
            task_id = (
                outcome["actions"][0]["result"]["id"]
                if isinstance(outcome["actions"][0]["result"], dict)
                else next(iter(a.tasks()))
            )
            assert await eventually(lambda: task_id in b.tasks())
            assert b.tasks()[task_id] == a.tasks()[task_id]
            assert b.tasks()[task_id]["title"] == "call the plumber"
        finally:
            await stopped(a, b)

    run(scenario())


def test_concurrent_edits_of_different_fields_both_survive(tmp_path, broker):
    async def scenario():
        a, b = await started(tmp_path, broker, "a", "b")
        try:
            await a.say("add write the report")
            (task_id,) = a.tasks()
            assert await eventually(lambda: task_id in b.tasks())
            broker.stop()  # neither side sees the other's edit until both have made theirs
            assert await eventually(lambda: not a.bridge.is_connected and not b.bridge.is_connected)
            a.edit("tasks", task_id, title="write the annual report")
            b.edit("tasks", task_id, priority="urgent")
            broker.start()
            assert await eventually(
                lambda: a.bridge.is_connected and b.bridge.is_connected, RECONNECT_S
            )
            await a.settle()
            await b.settle()
            assert await eventually(lambda: same_everywhere(a, b))
            task = a.tasks()[task_id]
            assert task["title"] == "write the annual report"
            assert task["priority"] == "urgent"
        finally:
            await stopped(a, b)

    run(scenario())


def test_concurrent_edits_of_the_same_field_converge_everywhere(tmp_path, broker):
    async def scenario():
        a, b, c = await started(tmp_path, broker, "a", "b", "c")
        try:
            await a.say("add plan the offsite")
            (task_id,) = a.tasks()
            assert await eventually(lambda: task_id in b.tasks() and task_id in c.tasks())
            broker.stop()
            assert await eventually(lambda: not a.bridge.is_connected)
            a.edit("tasks", task_id, title="plan the offsite in May")
            b.edit("tasks", task_id, title="plan the offsite in June")
            c.edit("tasks", task_id, title="plan the offsite in July")
            broker.start()
            assert await eventually(
                lambda: all(d.bridge.is_connected for d in (a, b, c)), RECONNECT_S
            )
            assert await converged(a, b, c)
            title = a.tasks()[task_id]["title"]
            assert title in {f"plan the offsite in {m}" for m in ("May", "June", "July")}
            for device in (a, b, c):
                await device.settle()
            assert same_everywhere(a, b, c)
        finally:
            await stopped(a, b, c)

    run(scenario())


def test_a_device_cut_off_then_reconnected_loses_nothing(tmp_path, broker):
    async def scenario():
        a, b = await started(tmp_path, broker, "a", "b")
        try:
            await a.say("add shared task")
            (shared,) = a.tasks()
            assert await eventually(lambda: shared in b.tasks())
            broker.stop()
            assert await eventually(lambda: not a.bridge.is_connected and not b.bridge.is_connected)
            for number in range(5):
                await a.say(f"add offline on a {number}")
                await b.say(f"add offline on b {number}")
            a.edit("tasks", shared, status="in_progress")
            b.edit("tasks", shared, tags=["kitchen"])
            assert await eventually(lambda: a.bridge.stats()["outbox"] >= 6)
            broker.start()
            assert await eventually(
                lambda: a.bridge.is_connected and b.bridge.is_connected, RECONNECT_S
            )
            assert await converged(a, b)
            titles = sorted(task["title"] for task in a.tasks().values())
            expected = sorted(
                ["shared task"] + [f"offline on {side} {n}" for side in "ab" for n in range(5)]
            )
            assert titles == expected
            assert a.tasks()[shared]["status"] == "in_progress"
            assert a.tasks()[shared]["tags"] == ["kitchen"]
            await a.settle()
            await b.settle()
            assert a.bridge.stats()["outbox"] == 0
        finally:
            await stopped(a, b)

    run(scenario())


def test_a_device_that_starts_late_catches_up_from_retained_state(tmp_path, broker):
    async def scenario():
        (a,) = await started(tmp_path, broker, "a")
        try:
            for title in ("one", "two", "three"):
                await a.say(f"add {title}")
            await a.settle()
            (late,) = await started(tmp_path, broker, "late")
            try:
                assert await eventually(lambda: same_everywhere(a, late))
                assert len(late.tasks()) == 3
            finally:
                await late.stop()
        finally:
            await a.stop()

    run(scenario())


def test_changes_made_with_no_broker_are_published_when_it_appears(tmp_path, broker):
    async def scenario():
        broker.stop()
        a = Device(device_config(tmp_path, "a", broker.port))
        await a.start(expect_broker=False)
        try:
            await a.say("add made while offline")
            assert await eventually(lambda: a.bridge.stats()["outbox"] == 1)
            broker.start()
            (b,) = await started(tmp_path, broker, "b")
            try:
                assert await eventually(
                    lambda: same_everywhere(a, b) and len(b.tasks()) == 1, RECONNECT_S
                )
            finally:
                await b.stop()
        finally:
            await a.stop()

    run(scenario())


def test_a_delete_leaves_a_tombstone_that_reaches_the_other_device(tmp_path, broker):
    async def scenario():
        a, b = await started(tmp_path, broker, "a", "b")
        try:
            await a.say("add short lived")
            (task_id,) = a.tasks()
            assert await eventually(lambda: task_id in b.tasks())
            with a.store.transaction(origin="local") as tx:
                tx.delete("tasks", task_id)
            assert await eventually(lambda: task_id not in b.tasks())
            state = b.bridge.engine.state("tasks", task_id)
            assert state.deleted is not None and not state.is_alive
        finally:
            await stopped(a, b)

    run(scenario())


def test_a_message_is_spoken_on_the_recipients_device_and_acknowledged(tmp_path, broker):
    async def scenario():
        a, b = await started(tmp_path, broker, "a", "b")
        try:
            with a.store.transaction(origin="local") as tx:
                tx.insert("people", {"name": "Sam", "aliases": [], "device": "b"})
            assert await eventually(lambda: len(b.store.all("people")) == 1)
            outcome = await a.say("tell Sam the meeting moved to 3")
            assert outcome["ok"], outcome
            assert await eventually(lambda: b.recorder.of("message_delivered"))
            spoken = [event.text for event in b.recorder.of("reply")]
            assert any("the meeting moved to 3" in text for text in spoken)
            assert not a.recorder.of("message_delivered")
            assert await eventually(
                lambda: [m.get("delivered") for m in a.store.all("messages")] == [True]
            )
            (message,) = a.store.all("messages")
            assert message["delivered_on"] == "b"
        finally:
            await stopped(a, b)

    run(scenario())


def test_a_message_waits_until_the_recipients_device_is_back(tmp_path, broker):
    async def scenario():
        (a,) = await started(tmp_path, broker, "a")
        try:
            with a.store.transaction(origin="local") as tx:
                tx.insert("people", {"name": "Sam", "aliases": [], "device": "b"})
            outcome = await a.say("tell Sam lunch is ready")
            assert outcome["ok"], outcome
            await a.settle()
            assert [m["delivered"] for m in a.store.all("messages")] == [False]
            (b,) = await started(tmp_path, broker, "b")
            try:
                assert await eventually(lambda: b.recorder.of("message_delivered"))
                assert await eventually(
                    lambda: [m["delivered"] for m in a.store.all("messages")] == [True]
                )
            finally:
                await b.stop()
        finally:
            await a.stop()

    run(scenario())


def test_a_command_in_plain_english_over_mqtt_on_one_device_shows_up_on_the_other(
    tmp_path, broker, listener_factory
):
    listener = listener_factory("parley/a/result")

    async def scenario():
        a = Device(device_config(tmp_path, "a", broker.port), is_real_parser=True)
        b = Device(device_config(tmp_path, "b", broker.port), is_real_parser=True)
        await a.start()
        await b.start()
        try:
            listener.publish("parley/a/cmd/text", "add a task to call the plumber tomorrow")
            (raw,) = await asyncio.to_thread(listener.wait_for, "parley/a/result")
            result = json.loads(raw)
            assert result["ok"] is True, result
            assert result["parser"] == "fastpath"
            assert await eventually(lambda: len(b.tasks()) == 1)
            (task,) = b.tasks().values()
            assert task["title"] == "call the plumber"
            assert task["due"] is not None
            assert b.tasks() == a.tasks()
            spoken = await b.say("mark call the plumber as done")
            assert spoken["ok"], spoken
            assert await eventually(lambda: a.tasks()[task["id"]]["status"] == "done")
        finally:
            await stopped(a, b)

    run(scenario())


def test_a_sync_queue_overflow_recovers_by_reconciling_and_resubscribing(tmp_path, broker):
    from services.mqtt import MqttBridge

    async def scenario():
        (a,) = await started(tmp_path, broker, "a")
        tiny = Device(device_config(tmp_path, "tiny", broker.port))
        tiny.bridge = MqttBridge(
            tiny.config, tiny.parley, tiny.parley.bus, tiny.parley.clock, sync_queue_size=3
        )
        await tiny.start()
        try:
            with a.store.transaction(origin="local") as tx:
                for number in range(40):
                    tx.insert("tasks", {"title": f"from a {number}"})
            with tiny.store.transaction(origin="local") as tx:
                for number in range(40):
                    tx.insert("tasks", {"title": f"from tiny {number}"})
            for number in range(10):  # ten commits, one event each: more than three fit
                with tiny.store.transaction(origin="local") as tx:
                    tx.insert("tasks", {"title": f"one by one {number}"})
            assert await eventually(lambda: same_everywhere(a, tiny) and len(a.tasks()) == 90, 30)
            assert tiny.bridge.stats()["sync_overflow"] > 0
        finally:
            await stopped(a, tiny)

    run(scenario())


def test_duplicate_and_out_of_order_sync_messages_end_at_the_newest_state(
    tmp_path, broker, listener_factory
):
    publisher = listener_factory()
    key = SHARED_KEY.encode()
    now = int(time.time() * 1000)
    doc = "t-00000000abcd"
    v1 = signed_message(key, "b", "tasks", doc, {"title": "v1", "status": "todo"}, now)
    v2 = signed_message(key, "b", "tasks", doc, {"title": "v2"}, now + 10)
    v3 = signed_message(key, "c", "tasks", doc, {"status": "done"}, now + 20)

    async def scenario():
        (a,) = await started(tmp_path, broker, "a")
        try:
            for topic, body in (v3, v1, v3, v2, v1, v2):
                publisher.publish(topic, json.dumps(body))
            expected = {"id": doc, "title": "v2", "status": "done"}
            assert await eventually(lambda: a.tasks().get(doc) == expected)
            await a.settle()
            counts = a.bridge.stats()
            for topic, body in (v1, v2, v3):  # sent again, retained, as a device back late would
                publisher.publish(topic, json.dumps(body), retain=True)
            assert await eventually(lambda: a.bridge.stats()["received"] >= counts["received"] + 3)
            await a.settle()
            assert a.tasks()[doc] == expected
            assert a.bridge.stats()["sync_applied"] == counts["sync_applied"]  # store untouched
            # each was older than what a holds, so a answered it with the newest state: that is
            # what the topic retains for a device that subscribes later
            late = listener_factory(v1[0])
            assert state_in(late.wait_until(v1[0], lambda p: state_in([p]) == expected)) == expected
        finally:
            await a.stop()

    run(scenario())


def state_in(payloads):
    """Return the document the last sync payload in ``payloads`` describes (None if none)."""
    if not payloads:
        return None
    state = json.loads(payloads[-1])["state"]
    return {"id": state["id"], **{name: value for name, (value, _) in state["fields"].items()}}


def test_the_last_will_says_offline_and_the_bridge_reconnects(tmp_path, broker, listener_factory):
    listener = listener_factory("parley/a/availability")

    async def scenario():
        (a,) = await started(tmp_path, broker, "a")
        try:
            assert await asyncio.to_thread(listener.wait_for, "parley/a/availability") == [
                b"online"
            ]
            a.bridge._client.socket().close()  # the connection dies without a DISCONNECT
            seen = await asyncio.to_thread(listener.wait_for, "parley/a/availability", 3, 15)
            assert seen[:3] == [b"online", b"offline", b"online"]
            assert await eventually(lambda: a.bridge.is_connected, RECONNECT_S)
            await a.say("add after the reconnect")
            assert await eventually(lambda: a.bridge.stats()["outbox"] == 0)
        finally:
            await a.stop()

    run(scenario())


def test_with_no_key_and_no_peers_sync_is_off_both_ways(tmp_path, broker, listener_factory):
    listener = listener_factory("parley/sync/#")

    async def scenario():
        closed = {"shared_key_file": "", "peers": []}
        a = Device(device_config(tmp_path, "a", broker.port, sync=closed))
        b = Device(device_config(tmp_path, "b", broker.port))
        await a.start()
        await b.start()
        try:
            assert not a.bridge.is_sync_enabled and b.bridge.is_sync_enabled
            await a.say("add private to a")
            await b.say("add shared by b")
            assert await eventually(lambda: len(listener.on_prefix("parley/sync/")) == 1)
            await asyncio.sleep(0.3)
            assert [t["title"] for t in a.tasks().values()] == ["private to a"]
            assert len(listener.on_prefix("parley/sync/")) == 1
        finally:
            await stopped(a, b)

    run(scenario())
