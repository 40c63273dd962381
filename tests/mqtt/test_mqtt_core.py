"""Pure MQTT cores: topics, payload checks, rate limits, policy, discovery, state."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from services.mqtt.discovery import discovery_messages
from services.mqtt.payloads import (
    InvalidPayloadError,
    MuteRequest,
    PlainRequest,
    SayRequest,
    TextRequest,
    decode,
    return_address,
)
from services.mqtt.policy import ActionPolicy
from services.mqtt.ratelimit import RateLimiter, TokenBucket
from services.mqtt.status import DeviceStatus, count_tasks
from services.mqtt.topics import Topics
from services.nlu.commands import Action, Command

TOPICS = Topics.for_device("parley/{device_id}", "kitchen", "parley/all")


def test_topics_for_a_device_and_the_broadcast_prefix():
    assert TOPICS.availability == "parley/kitchen/availability"
    assert TOPICS.event("wake") == "parley/kitchen/event/wake"
    assert TOPICS.command_name("parley/kitchen/cmd/text") == "text"
    assert TOPICS.command_name("parley/all/cmd/mute") == "mute"
    assert TOPICS.command_name("parley/office/cmd/text") is None
    assert TOPICS.command_name("parley/kitchen/cmd/reboot") is None


@pytest.mark.parametrize(
    ("topic", "allowed"),
    [
        ("replies/phone", True),
        ("parley/sync/tasks/t-1", False),
        ("parley/kitchen/cmd/text", False),
        ("homeassistant/sensor/x/config", False),
        ("replies/+", False),
        ("", False),
    ],
)
def test_reply_topics_may_not_write_where_parley_writes(topic, allowed):
    assert TOPICS.is_reply_topic_allowed(topic) is allowed


def test_plain_and_json_payloads_decode_to_requests():
    assert decode("text", b"  add milk ", 100).request == TextRequest(text="add milk")
    request = decode("text", b'{"text": "add milk", "reply_topic": "r/1", "id": 3}', 100).request
    assert request == TextRequest(text="add milk", reply_topic="r/1", id=3)
    assert decode("say", b"hello", 100).request == SayRequest(text="hello")
    assert decode("mute", b"", 100).request == MuteRequest(mute="toggle")
    assert decode("mute", b"OFF", 100).request == MuteRequest(mute="off")
    assert decode("listen", b"PRESS", 100).request == PlainRequest()
    assert decode("cancel", b'{"job_id": "j-1"}', 100).request == PlainRequest(job_id="j-1")


@pytest.mark.parametrize(
    ("command", "payload"),
    [
        ("text", b"x" * 101),
        ("text", b""),
        ("text", b'{"text": ""}'),
        ("text", b'{"txt": "add milk"}'),
        ("text", b'{"text": ["add"]}'),
        ("say", b"\xc3\x28"),
        ("mute", b'{"mute": "maybe"}'),
        ("cancel", b'{"job_id": 5}'),
    ],
)
def test_bad_payloads_are_refused(command, payload):
    with pytest.raises(InvalidPayloadError):
        decode(command, payload, 100)


def test_a_token_bucket_allows_a_burst_then_the_rate():
    bucket = TokenBucket(rate=2.0, burst=3.0, tokens=3.0, updated_s=0.0)
    assert [bucket.allow(0.0) for _ in range(4)] == [True, True, True, False]
    assert bucket.allow(0.5) is True
    assert bucket.allow(0.5) is False
    assert [bucket.allow(10.0) for _ in range(4)] == [True, True, True, False]


def test_a_refused_source_is_told_when_it_may_send_again():
    limiter = RateLimiter(rate=2.0, burst=1.0)
    assert limiter.retry_after_s("kiosk", 0.0) == 0.0  # never seen: no wait
    assert limiter.allow("kiosk", 0.0) and not limiter.allow("kiosk", 0.0)
    assert limiter.retry_after_s("kiosk", 0.0) == pytest.approx(0.5)
    assert limiter.retry_after_s("kiosk", 0.4) == pytest.approx(0.1)
    assert limiter.allow("kiosk", 0.5)


@pytest.mark.parametrize(
    ("payload", "address"),
    [
        (b'{"text": "hi", "reply_topic": "me/r", "id": 3, "evil": 1}', ("me/r", 3, "hi")),
        (b'{"text": 42, "id": "x"}', (None, "x", None)),
        (b'{"id": true, "reply_topic": ["a"]}', (None, None, None)),
        (b"[1, 2]", (None, None, None)),
        (b'{"text": "hi"', (None, None, None)),
        (b"\xff\xfe", (None, None, None)),
    ],
)
def test_a_refused_payload_is_read_leniently_for_where_to_answer(payload, address):
    assert return_address(payload) == address


def test_the_rate_limiter_keeps_sources_apart_and_bounded():
    limiter = RateLimiter(rate=1.0, burst=1.0, max_sources=2)
    assert limiter.allow("a", 0.0) and not limiter.allow("a", 0.1)
    assert limiter.allow("b", 0.1)
    assert limiter.allow("c", 0.1)  # "a" is forgotten: at most two buckets
    assert limiter.refused == 1


def test_the_policy_refuses_deletes_by_name():
    policy = ActionPolicy.from_lists(["*"], ["task.delete", "task.delete_all"])
    create = Command("task.create", (Action("task.create", {"title": "x"}),))
    delete = Command(
        "x", (Action("task.create", {"title": "x"}), Action("task.delete", {"task": "y"}))
    )
    assert policy.refused(create) == []
    assert policy.refused(delete) == ["task.delete"]
    assert "task.delete" not in policy.allowed_actions()
    narrow = ActionPolicy.from_lists(["query.tasks"], [])
    assert narrow.refused(create) == ["task.create"]


def test_discovery_names_one_device_with_sensors_buttons_and_an_event():
    messages = dict(discovery_messages(TOPICS, "kitchen", "1.2.3"))
    components = sorted(topic.split("/")[1] for topic in messages)
    assert components == ["button"] * 3 + ["event"] + ["sensor"] * 4
    bodies = [json.loads(payload) for payload in messages.values()]
    assert {body["device"]["identifiers"][0] for body in bodies} == {"parley_kitchen"}
    assert len({body["unique_id"] for body in bodies}) == len(bodies)
    listen = json.loads(messages["homeassistant/button/parley_kitchen/listen/config"])
    assert listen["command_topic"] == "parley/kitchen/cmd/listen"


def test_status_follows_pipeline_events_and_mute():
    status = DeviceStatus("kitchen", "1.0")
    status = status.after_event("wake", {})
    assert status.to_dict()["state"] == "listening"
    status = status.after_event("final", {"text": "add milk"})
    assert (status.state, status.last_transcript) == ("thinking", "add milk")
    status = status.after_event("tts_start", {}).after_event("muted", {"is_muted": True})
    assert status.to_dict()["state"] == "muted"
    assert status.after_event("job", {"state": "running"}) == status


def test_counting_open_tasks_and_those_due_today():
    now = datetime(2026, 3, 5, 10, 0, tzinfo=UTC)
    tasks = [
        {"status": "todo", "due": (now + timedelta(hours=3)).isoformat()},
        {"status": "in_progress", "due": None},
        {"status": "done", "due": now.isoformat()},
        {"status": "todo", "due": (now + timedelta(days=1)).isoformat()},
        {"status": "todo", "due": "not a date"},
    ]
    assert count_tasks(tasks, now) == (4, 1)
