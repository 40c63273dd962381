"""MQTT control over a real broker: commands, results, events, state, discovery, refusals."""

from __future__ import annotations

import asyncio
import json

import pytest

from services.mqtt import MqttBridge
from tests.mqtt.support import Device, device_config, eventually, signed_message

pytestmark = pytest.mark.broker


def run(coroutine, timeout=90):
    return asyncio.run(asyncio.wait_for(coroutine, timeout))


async def device(tmp_path, broker, name="a", **sections):
    instance = Device(device_config(tmp_path, name, broker.port, **sections))
    await instance.start()
    return instance


def test_cmd_text_runs_the_command_and_publishes_the_result(tmp_path, broker, listener_factory):
    listener = listener_factory("parley/a/#", "replies/#")

    async def scenario():
        a = await device(tmp_path, broker)
        try:
            listener.publish("parley/a/cmd/text", "add water the plants")
            (raw,) = await asyncio.to_thread(listener.wait_for, "parley/a/result")
            result = json.loads(raw)
            assert result["ok"] is True
            assert result["utterance"] == "add water the plants"
            assert result["actions"][0]["type"] == "task.create"
            assert [t["title"] for t in a.tasks().values()] == ["water the plants"]
            request = {"text": "add feed the cat", "reply_topic": "replies/phone", "id": 7}
            listener.publish("parley/a/cmd/text", json.dumps(request))
            (raw,) = await asyncio.to_thread(listener.wait_for, "replies/phone")
            assert json.loads(raw)["id"] == 7
            assert json.loads(raw)["ok"] is True
            commands = await asyncio.to_thread(listener.wait_for, "parley/a/event/command", 2)
            assert len(commands) == 2
            assert json.loads(commands[0])["schema"] == 1
        finally:
            await a.stop()

    run(scenario())


def test_availability_state_and_discovery_are_retained(tmp_path, broker, listener_factory):
    async def scenario():
        a = await device(tmp_path, broker)
        await a.say("add one open task")
        assert await eventually(lambda: a.bridge.status.open_tasks == 1)
        late = listener_factory("parley/a/availability", "parley/a/state", "homeassistant/#")
        try:
            assert await asyncio.to_thread(late.wait_for, "parley/a/availability") == [b"online"]
            # the retained state may be an older one; the one with the task follows
            state = await asyncio.to_thread(
                late.wait_until, "parley/a/state", lambda raw: json.loads(raw)["open_tasks"] == 1
            )
            body = json.loads(state[-1])
            assert body["state"] == "idle"
            assert body["open_tasks"] == 1
            assert body["device"] == "a"
            config_topic = "homeassistant/sensor/parley_a/open_tasks/config"
            (raw,) = await asyncio.to_thread(late.wait_for, config_topic)
            sensor = json.loads(raw)
            assert sensor["state_topic"] == "parley/a/state"
            assert sensor["availability_topic"] == "parley/a/availability"
            assert sensor["device"]["identifiers"] == ["parley_a"]
            # retained messages come in order, but the buttons may still be on their way
            buttons = await asyncio.to_thread(late.wait_for_prefix, "homeassistant/button/", 3)
            assert len(buttons) == 3
            (raw,) = await asyncio.to_thread(
                late.wait_for, "homeassistant/event/parley_a/events/config"
            )
            assert "message_delivered" in json.loads(raw)["event_types"]
        finally:
            await a.stop()
        watcher = listener_factory("parley/a/availability")
        assert await asyncio.to_thread(watcher.wait_for, "parley/a/availability") == [b"offline"]

    run(scenario())


def test_say_listen_cancel_mute_and_the_broadcast_prefix(tmp_path, broker, listener_factory):
    listener = listener_factory()

    async def scenario():
        a = await device(tmp_path, broker, "a")
        b = await device(tmp_path, broker, "b")
        try:
            listener.publish("parley/a/cmd/say", "dinner is ready")
            listener.publish("parley/a/cmd/listen", "")
            listener.publish("parley/a/cmd/mute", "on")
            listener.publish("parley/a/cmd/cancel", "")
            listener.publish("parley/all/cmd/say", "fire drill at noon")
            assert await eventually(lambda: a.recorder.of("cancel_requested"))
            spoken_a = [event.text for event in a.recorder.of("reply")]
            assert "dinner is ready" in spoken_a
            assert a.recorder.of("listen_requested")[0].source == "mqtt"
            assert a.recorder.of("mute_requested")[0].mute == "on"
            assert await eventually(
                lambda: "fire drill at noon" in [e.text for e in b.recorder.of("reply")]
            )
            assert await eventually(
                lambda: "fire drill at noon" in [e.text for e in a.recorder.of("reply")]
            )
            assert "dinner is ready" not in [event.text for event in b.recorder.of("reply")]
        finally:
            await a.stop()
            await b.stop()

    run(scenario())


def test_deletes_are_refused_over_mqtt_by_default(tmp_path, broker, listener_factory):
    listener = listener_factory("parley/a/result", "parley/a/event/error")

    async def scenario():
        a = await device(tmp_path, broker)
        try:
            await a.say("add keep me")
            listener.publish("parley/a/cmd/text", "delete keep me")
            (raw,) = await asyncio.to_thread(listener.wait_for, "parley/a/result")
            result = json.loads(raw)
            assert result["ok"] is False
            assert result["refused_actions"] == ["task.delete"]
            assert [t["title"] for t in a.tasks().values()] == ["keep me"]
            errors = await asyncio.to_thread(listener.wait_for, "parley/a/event/error")
            assert "task.delete" in json.loads(errors[0])["message"]
        finally:
            await a.stop()

    run(scenario())


def test_deletes_run_when_the_config_allows_them(tmp_path, broker, listener_factory):
    listener = listener_factory("parley/a/result")

    async def scenario():
        a = await device(tmp_path, broker, mqtt={"denied_actions": []})
        try:
            await a.say("add remove me")
            listener.publish("parley/a/cmd/text", "delete remove me")
            (raw,) = await asyncio.to_thread(listener.wait_for, "parley/a/result")
            assert json.loads(raw)["actions"][0]["type"] == "task.delete"
            assert "refused_actions" not in json.loads(raw)
        finally:
            await a.stop()

    run(scenario())


BAD_COMMANDS = [  # topic, payload, what the error says, the reason code its answer gives
    ("parley/a/cmd/text", b"add " + b"x" * 5000, "bytes is over", "size"),
    ("parley/a/cmd/text", b'{"text": "add hi", "evil": 1, "id": 7}', "unknown field", "schema"),
    ("parley/a/cmd/text", b'{"text": 42}', "Expected `str`", "schema"),
    ("parley/a/cmd/text", b'{"text": "add hi"', "cmd/text", "schema"),
    ("parley/a/cmd/text", b"\xff\xfeadd hi", "not UTF-8", "schema"),
    (
        "parley/a/cmd/text",
        b'{"text": "add hi", "reply_topic": "parley/sync/tasks/x", "id": "r1"}',
        "reply",
        "reply_topic",
    ),
    ("parley/a/cmd/mute", b"loudly", "on, off or toggle", None),
]


def test_malformed_and_oversized_commands_are_refused_and_change_nothing(
    tmp_path, broker, listener_factory
):
    listener = listener_factory("parley/a/event/error", "parley/a/result")

    async def scenario():
        a = await device(tmp_path, broker)
        try:
            for topic, payload, _, _ in BAD_COMMANDS:
                listener.publish(topic, payload)
            errors = await asyncio.to_thread(
                listener.wait_for, "parley/a/event/error", len(BAD_COMMANDS)
            )
            messages = [json.loads(raw)["message"] for raw in errors]
            for (_, _, expected, _), message in zip(BAD_COMMANDS, messages, strict=True):
                assert expected in message, message
            # every cmd/text is answered (on result: none has an allowed reply topic)
            codes = [code for *_, code in BAD_COMMANDS if code is not None]
            raw = await asyncio.to_thread(listener.wait_for, "parley/a/result", len(codes))
            answers = [json.loads(item) for item in raw]
            assert [answer["refused"] for answer in answers] == codes
            assert all(answer["ok"] is False and answer["error"] for answer in answers)
            assert answers[1]["id"] == 7 and answers[5]["id"] == "r1"
            assert "id" not in answers[0]  # a payload too large is not read for its id
            assert a.tasks() == {}
            stats = a.bridge.stats()
            assert (stats["refused_size"], stats["refused_schema"]) == (1, 5)
            assert stats["refused_reply_topic"] == 1
            assert a.parser.texts == []
        finally:
            await a.stop()

    run(scenario())


def test_a_retained_command_is_not_run(tmp_path, broker, listener_factory):
    publisher = listener_factory()
    publisher.publish("parley/a/cmd/text", "add from a retained message", retain=True)

    async def scenario():
        a = await device(tmp_path, broker)
        try:
            assert await eventually(lambda: a.bridge.stats().get("refused_retained", 0) == 1)
            assert a.tasks() == {}
        finally:
            await a.stop()
            publisher.publish("parley/a/cmd/text", b"", retain=True)

    run(scenario())


def test_a_source_sending_too_fast_is_rate_limited(tmp_path, broker, listener_factory):
    listener = listener_factory("parley/a/result")

    async def scenario():
        config = device_config(tmp_path, "a", broker.port, mqtt={"rate_burst": 3, "rate_per_s": 1})
        a = Device(config)
        # time stands still for the limiter, so no token comes back during the test
        a.bridge = MqttBridge(config, a.parley, a.parley.bus, a.parley.clock, monotonic=lambda: 0.0)
        await a.start()
        try:
            for number in range(6):
                request = {"text": f"add spam {number}", "source": "kiosk", "id": number}
                listener.publish("parley/a/cmd/text", json.dumps(request))
            listener.publish(
                "parley/a/cmd/text", json.dumps({"text": "add calm", "source": "phone"})
            )
            # every command is answered, the refused ones with their id and a reason code
            raw = await asyncio.to_thread(listener.wait_for, "parley/a/result", 7)
            answers = [json.loads(item) for item in raw]
            refused = [answer for answer in answers if answer.get("refused") == "rate"]
            assert sorted(answer["id"] for answer in refused) == [3, 4, 5]
            assert all(answer["retry_after_s"] == pytest.approx(1.0) for answer in refused)
            titles = sorted(task["title"] for task in a.tasks().values())
            assert titles == ["calm", "spam 0", "spam 1", "spam 2"]
            assert a.bridge.stats()["refused_rate"] == 3
        finally:
            await a.stop()

    run(scenario())


def test_200_commands_at_once_are_each_answered_once_by_id(tmp_path, broker, listener_factory):
    """Past the rate limit and the queue, a sender still learns what became of every command."""
    listener = listener_factory("automation/replies")
    count = 200

    async def scenario():
        a = await device(tmp_path, broker, mqtt={"queue_size": 50})
        b = await device(tmp_path, broker, "b")
        try:
            for number in range(count):
                request = {
                    "text": f"add load {number}",
                    "id": f"c{number}",
                    "reply_topic": "automation/replies",
                    "source": "automation",
                }
                listener.client.publish("parley/a/cmd/text", json.dumps(request), qos=1)
            raw = await asyncio.to_thread(listener.wait_for, "automation/replies", count, 120)
            answers = [json.loads(item) for item in raw]
            assert sorted(answer["id"] for answer in answers) == sorted(
                f"c{number}" for number in range(count)
            )
            done = {answer["utterance"] for answer in answers if answer["ok"]}
            refused = [answer for answer in answers if not answer["ok"]]
            assert done and refused  # the default limit lets a burst of 20 through
            assert {answer["refused"] for answer in refused} <= {"rate", "queue_full"}
            titles = {task["title"] for task in a.tasks().values()}
            assert titles == {text.removeprefix("add ") for text in done}
            await a.settle()
            assert await eventually(
                lambda: {task["title"] for task in b.tasks().values()} == titles
            )
        finally:
            await b.stop()
            await a.stop()

    run(scenario())


@pytest.mark.slow
def test_a_burst_of_1000_commands_loses_none(tmp_path, broker, listener_factory):
    listener = listener_factory("parley/a/result")
    count = 1000

    async def scenario():
        a = await device(tmp_path, broker, mqtt={"rate_burst": 5000, "queue_size": 2000})
        b = await device(tmp_path, broker, "b")
        try:
            for number in range(count):
                listener.client.publish("parley/a/cmd/text", f"add burst {number}", qos=1)
            results = await asyncio.to_thread(listener.wait_for, "parley/a/result", count, 120)
            assert len(results) == count
            assert all(json.loads(raw)["ok"] for raw in results)
            titles = {task["title"] for task in a.tasks().values()}
            assert titles == {f"burst {number}" for number in range(count)}
            assert await eventually(lambda: len(b.tasks()) == count, 60)
            assert b.tasks() == a.tasks()
        finally:
            await a.stop()
            await b.stop()

    run(scenario(), timeout=240)


def test_unauthorised_sync_messages_are_refused(tmp_path, broker, listener_factory):
    import time

    from tests.mqtt.support import SHARED_KEY

    listener = listener_factory("parley/a/event/error")
    now = int(time.time() * 1000)
    fields = {"title": "planted", "status": "todo"}
    attempts = [
        signed_message(None, "mallory", "tasks", "t-000000000001", fields, now),
        signed_message(
            b"not-the-shared-key-at-all", "mallory", "tasks", "t-000000000002", fields, now
        ),
        signed_message(SHARED_KEY.encode(), "b", "timers", "tm-000000000003", fields, now),
        signed_message(
            SHARED_KEY.encode(), "b", "tasks", "t-000000000004", fields, now + 3_600_000
        ),
    ]
    tampered_topic, tampered = signed_message(
        SHARED_KEY.encode(), "b", "tasks", "t-000000000005", fields, now
    )
    tampered["state"]["fields"]["title"][0] = "changed after signing"
    attempts.append((tampered_topic, tampered))

    async def scenario():
        a = await device(tmp_path, broker)
        try:
            for topic, body in attempts:
                listener.publish(topic, json.dumps(body))
            listener.publish("parley/sync/tasks/t-000000000006", b"{not json")
            errors = await asyncio.to_thread(
                listener.wait_for, "parley/a/event/error", len(attempts) + 1
            )
            reasons = [json.loads(raw)["message"] for raw in errors]
            assert len(reasons) == len(attempts) + 1
            assert any("unsigned" in reason for reason in reasons)
            assert sum("bad signature" in reason for reason in reasons) == 2
            assert any("not shared" in reason for reason in reasons)
            assert any("future" in reason for reason in reasons)
            assert any("not JSON" in reason for reason in reasons)
            assert a.tasks() == {}
            good_topic, good = signed_message(
                SHARED_KEY.encode(), "b", "tasks", "t-000000000007", fields, now
            )
            listener.publish(good_topic, json.dumps(good))
            assert await eventually(lambda: "t-000000000007" in a.tasks())
        finally:
            await a.stop()

    run(scenario())


def test_sync_from_devices_not_listed_as_peers_is_refused(tmp_path, broker, listener_factory):
    async def scenario():
        a = await device(tmp_path, broker, "a", sync={"peers": ["a", "b"]})
        b = await device(tmp_path, broker, "b", sync={"peers": ["a", "b"]})
        stranger = await device(tmp_path, broker, "stranger")
        try:
            await stranger.say("add from a stranger")
            await b.say("add from a friend")
            assert await eventually(lambda: len(a.tasks()) == 1)
            await stranger.settle()
            # the stranger's change reached a and was refused (not merely not yet arrived)
            assert await eventually(lambda: a.bridge.stats().get("sync_rejected", 0) >= 1)
            assert [t["title"] for t in a.tasks().values()] == ["from a friend"]
        finally:
            for instance in (a, b, stranger):
                await instance.stop()

    run(scenario())


def test_the_daemon_component_runs_mqtt_text_through_the_job_queue(
    tmp_path, broker, listener_factory
):
    from types import SimpleNamespace

    from services.core.jobs import JobQueue
    from services.mqtt.component import MqttComponent

    listener = listener_factory("parley/a/result", "parley/a/event/job", "parley/a/availability")

    async def scenario():
        a = Device(device_config(tmp_path, "a", broker.port))

        def handle_text(text, source, conversation):
            return a.parley.handle_text(text, source=source, conversation=conversation)

        queue = JobQueue(
            handle_text, bus=a.parley.bus, settings=a.config.jobs, clock=a.parley.clock
        )
        daemon = SimpleNamespace(config=a.config, parley=a.parley, bus=a.parley.bus, queue=queue)
        component = MqttComponent()
        task = asyncio.create_task(component.run(daemon))
        try:
            assert await eventually(lambda: component.bridge and component.bridge.is_connected)
            listener.publish("parley/a/cmd/text", "add through the queue")
            (raw,) = await asyncio.to_thread(listener.wait_for, "parley/a/result")
            result = json.loads(raw)
            assert result["ok"] is True and result["job_id"]
            jobs = await asyncio.to_thread(listener.wait_for, "parley/a/event/job", 3)
            states = [json.loads(payload)["state"] for payload in jobs]
            assert states == ["queued", "running", "completed"]
            assert [t["title"] for t in a.tasks().values()] == ["through the queue"]
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            await queue.close()
            a.parley.close()
        assert await eventually(lambda: listener.on("parley/a/availability")[-1:] == [b"offline"])

    run(scenario())
