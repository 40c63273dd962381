"""The MQTT bridge: control, events, Home Assistant discovery and sync, as one component.

    bridge = MqttBridge(config, parley, parley.bus, parley.clock)
    await bridge.start()      # returns at once; connects (and reconnects) in the background
    ...
    await bridge.stop()       # publishes "offline", flushes, disconnects

Threads: paho's network thread runs the callbacks, which only hand work to the asyncio loop
with ``call_soon_threadsafe``. On the loop, commands wait in a bounded queue and run one at a
time (in order, through ``CommandRunner``); sync work runs on one dedicated thread, so the
engine is single-threaded. Parley works with no broker: changes wait in the durable outbox and
paho retries the connection with exponential backoff.

Every ``cmd/text`` is answered, on its reply topic or on ``result``: with its result, or with a
refusal naming a reason code (size, schema, reply_topic, rate, queue_full, policy) and its id, so
a sender waiting for an answer always gets one (``runner.refusal``). Retained commands are the
exception: they are stale by the time they arrive and get only the error event.

Overflow policy: a full command queue refuses the command (answered, error event, counted). A
full sync queue drops the item (counted) and, once it has drained, recovers by re-reading: dropped
local commits by ``reconcile`` (a diff of the store against the synced state), dropped remote
states by subscribing again (the broker resends the retained state).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any

import paho.mqtt.client as mqtt

from services.clock import Clock
from services.config import Config
from services.events import ErrorRaised, Event, EventBus, ReplyReady, StoreCommitted
from services.mqtt.client import OFFLINE, ONLINE, build_client, read_shared_key
from services.mqtt.discovery import HA_EVENT_TYPES, discovery_messages
from services.mqtt.events import CancelRequested, ListenRequested, MuteRequested
from services.mqtt.payloads import (
    Inbound,
    InvalidPayloadError,
    MuteRequest,
    PlainRequest,
    SayRequest,
    TextRequest,
    decode,
    return_address,
)
from services.mqtt.policy import ActionPolicy
from services.mqtt.ratelimit import RateLimiter
from services.mqtt.runner import CommandRunner, CoreRunner, refusal
from services.mqtt.status import DeviceStatus, count_tasks
from services.mqtt.topics import Topics
from services.sync.auth import PeerAuthority
from services.sync.engine import SYNC_PREFIX, Outgoing, SyncEngine, SyncRejectedError
from services.sync.messages import MessageCourier
from services.sync.store import SYNC_ORIGIN

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Answer:
    """Where and how a refused cmd/text is answered."""

    topic: str
    id: str | int | None
    text: str | None


SYNC_QUEUE_SIZE = 20_000
ACK_TIMEOUT_S = 10.0
QUIET_EVENTS = frozenset({"store_committed"})  # sync carries these; too large for event/


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("parley")
    except PackageNotFoundError:
        return "0+unknown"


@dataclass(frozen=True)
class _Remote:
    topic: str
    payload: bytes


def _wall_ms() -> int:
    return time.time_ns() // 1_000_000


class MqttBridge:
    """Connect Parley to a broker: commands in, events and state out, tasks synced."""

    def __init__(
        self,
        config: Config,
        core: Any,
        bus: EventBus,
        clock: Clock,
        *,
        store: Any = None,
        runner: CommandRunner | None = None,
        jobs: Any = None,
        monotonic: Callable[[], float] = time.monotonic,
        wall_ms: Callable[[], int] = _wall_ms,
        sync_queue_size: int = SYNC_QUEUE_SIZE,
    ) -> None:
        self.config = config
        self.bus = bus
        self.clock = clock
        self.store = store if store is not None else getattr(core, "store", None)
        self.jobs = jobs
        self.device_id = config.general.device_id
        self.topics = Topics.for_device(
            config.mqtt.topic_prefix, self.device_id, config.mqtt.broadcast_prefix
        )
        policy = ActionPolicy.from_lists(config.mqtt.allowed_actions, config.mqtt.denied_actions)
        self.runner = runner or CoreRunner(core, policy)
        self.limiter = RateLimiter(config.mqtt.rate_per_s, config.mqtt.rate_burst)
        self.counts: Counter[str] = Counter()
        self.status = DeviceStatus(self.device_id, _version())
        self.engine: SyncEngine | None = None
        self.courier: MessageCourier | None = None
        self._monotonic = monotonic
        self._wall_ms = wall_ms
        self._client: mqtt.Client | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._commands: asyncio.Queue[Inbound] = asyncio.Queue(config.mqtt.queue_size)
        self._sync_queue: asyncio.Queue[Any] = asyncio.Queue(sync_queue_size)
        self._sync_thread = ThreadPoolExecutor(1, thread_name_prefix="parley-sync")
        self._tasks: list[asyncio.Task[None]] = []
        self._unsubscribe: Callable[[], None] | None = None
        self._connected = asyncio.Event()
        self._is_syncing = False
        self._published_status: dict[str, Any] | None = None
        self._subscribe_mid: int | None = None
        self._needs_reconcile = False
        self._needs_resubscribe = False
        self._is_stopping = False

    # ---- lifecycle ----------------------------------------------------------------------------

    @property
    def is_connected(self) -> bool:
        return self._connected.is_set()

    @property
    def is_sync_enabled(self) -> bool:
        """Sync runs once started with [sync] enabled, a store, and a key or peers to trust."""
        return self.engine is not None

    async def start(self) -> None:
        """Start in the background; returns without waiting for a broker."""
        self._loop = asyncio.get_running_loop()
        if self.config.sync.enabled and self.store is not None:
            await self._in_sync_thread(self._open_sync)
        await self._in_sync_thread(self._refresh_counts)
        self._unsubscribe = self.bus.subscribe(self._on_bus_event)
        self._tasks = [
            asyncio.create_task(self._command_worker(), name="mqtt-commands"),
            asyncio.create_task(self._sync_worker(), name="mqtt-sync"),
        ]
        client = self._client = build_client(self.config, self.topics)
        client.on_connect = self._on_connect
        client.on_disconnect = self._on_disconnect
        client.on_subscribe = self._on_subscribe
        client.on_message = self._on_message
        client.connect_async(
            self.config.mqtt.host, self.config.mqtt.port, self.config.mqtt.keepalive_s
        )
        client.loop_start()
        log.info("mqtt bridge started for %s:%d", self.config.mqtt.host, self.config.mqtt.port)

    async def stop(self) -> None:
        """Say offline, stop the workers and disconnect."""
        self._is_stopping = True
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []
        client = self._client
        if client is not None:
            if self.is_connected:
                info = client.publish(self.topics.availability, OFFLINE, qos=1, retain=True)
                await asyncio.to_thread(_wait_quietly, info, 2.0)
            client.disconnect()
            await asyncio.to_thread(client.loop_stop)
            self._client = None
        self._connected.clear()
        self._sync_thread.shutdown(wait=True)
        log.info("mqtt bridge stopped")

    async def wait_connected(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for the broker; return whether it is connected."""
        try:
            await asyncio.wait_for(self._connected.wait(), timeout)
        except TimeoutError:
            return False
        return True

    async def wait_settled(self, timeout: float) -> bool:
        """Wait until nothing waits to be merged or published (tests, benchmark)."""
        deadline = time.monotonic() + timeout  # real time, whatever clock the limiter is given
        while time.monotonic() < deadline:
            if self._is_settled():
                return True
            await asyncio.sleep(0.01)
        return self._is_settled()

    def _is_settled(self) -> bool:
        backlog = self.engine.backlog if self.engine else 0
        return self._sync_queue.empty() and not self._is_syncing and backlog == 0

    def stats(self) -> dict[str, Any]:
        """Return counters (received, refused by kind, applied, published...)."""
        backlog = self.engine.backlog if self.engine else 0
        return {**self.counts, "outbox": backlog, "connected": self.is_connected}

    # ---- paho callbacks (network thread): hand everything to the loop ------------------------

    def _on_connect(
        self, client: mqtt.Client, userdata: Any, flags: Any, reason: Any, props: Any
    ) -> None:
        if reason.is_failure:
            log.warning("mqtt connect refused: %s", reason)
            return
        filters = [(name, 1) for name in self.topics.subscriptions()]
        if self.is_sync_enabled:
            filters.append((f"{SYNC_PREFIX}#", 1))
        _, self._subscribe_mid = client.subscribe(filters)
        client.publish(self.topics.availability, ONLINE, qos=1, retain=True)
        if self.config.mqtt.discovery:
            for topic, payload in discovery_messages(
                self.topics, self.device_id, self.status.version, self.config.mqtt.discovery_prefix
            ):
                client.publish(topic, payload, qos=1, retain=True)

    def _on_subscribe(
        self, client: mqtt.Client, userdata: Any, mid: int, codes: Any, props: Any
    ) -> None:
        if mid == self._subscribe_mid:  # connected means: commands and sync are arriving
            self._call_soon(self._connected_now)

    def _on_disconnect(
        self, client: mqtt.Client, userdata: Any, flags: Any, reason: Any, props: Any
    ) -> None:
        self._call_soon(self._disconnected_now, str(reason))

    def _on_message(self, client: mqtt.Client, userdata: Any, message: mqtt.MQTTMessage) -> None:
        self._call_soon(self._route, message.topic, bytes(message.payload), bool(message.retain))

    def _call_soon(self, function: Callable[..., None], *args: Any) -> None:
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(function, *args)

    # ---- on the loop ---------------------------------------------------------------------------

    def _connected_now(self) -> None:
        log.info("mqtt connected")
        self._connected.set()
        self._published_status = None
        self._publish_status()
        self._enqueue_sync("drain")

    def _disconnected_now(self, reason: str) -> None:
        if self._connected.is_set() and not self._is_stopping:
            log.warning("mqtt disconnected (%s); retrying with backoff", reason)
        self._connected.clear()

    def _route(self, topic: str, payload: bytes, is_retained: bool) -> None:
        self.counts["received"] += 1
        if topic.startswith(SYNC_PREFIX):
            if len(payload) > self.config.sync.max_payload_bytes:
                reason = f"payload of {len(payload)} bytes is too large"
                self._refuse("sync", topic, reason, kind="sync_size")
            elif payload:  # an empty retained message clears a topic: nothing to merge
                self._enqueue_sync(_Remote(topic, payload))
            return
        name = self.topics.command_name(topic)
        if name is None:
            return
        if is_retained:  # a retained command would run again on every reconnect
            self._refuse("mqtt", topic, "retained commands are ignored", kind="retained")
            return
        self._accept_command(name, topic, payload)

    def _accept_command(self, name: str, topic: str, payload: bytes) -> None:
        is_broadcast = topic.startswith(self.topics.broadcast)
        try:
            inbound = decode(name, payload, self.config.mqtt.max_payload_bytes, is_broadcast)
        except InvalidPayloadError as exc:
            answer = None
            if name == "text":
                reply_topic, ident, text = return_address(payload)
                answer = _Answer(self._answer_topic(reply_topic), ident, text)
            self._refuse("mqtt", topic, str(exc), kind=exc.code, answer=answer)
            return
        request = inbound.request
        answer = None
        if isinstance(request, TextRequest):
            answer = _Answer(self._answer_topic(request.reply_topic), request.id, request.text)
            if request.reply_topic is not None and answer.topic != request.reply_topic:
                reason = f"reply topic {request.reply_topic!r} is not allowed"
                self._refuse("mqtt", topic, reason, kind="reply_topic", answer=answer)
                return
        source = request.source or ("broadcast" if is_broadcast else "device")
        now = self._monotonic()
        if not self.limiter.allow(source, now):
            reason = (
                f"source {source!r} is sending too fast (over {self.config.mqtt.rate_per_s:g}"
                f" a second after a burst of {self.config.mqtt.rate_burst:g})"
            )
            wait = self.limiter.retry_after_s(source, now)
            self._refuse("mqtt", topic, reason, kind="rate", answer=answer, retry_after_s=wait)
            return
        try:
            self._commands.put_nowait(inbound)
        except asyncio.QueueFull:
            reason = f"too many commands waiting ({self.config.mqtt.queue_size})"
            self._refuse("mqtt", topic, reason, kind="queue_full", answer=answer)

    def _answer_topic(self, reply_topic: str | None) -> str:
        """Where a cmd/text is answered: its reply topic if allowed, else ``result``."""
        if reply_topic is not None and self.topics.is_reply_topic_allowed(reply_topic):
            return reply_topic
        return self.topics.result

    def _refuse(
        self,
        stage: str,
        topic: str,
        reason: str,
        kind: str = "schema",
        *,
        answer: _Answer | None = None,
        retry_after_s: float | None = None,
    ) -> None:
        self.counts[f"refused_{kind}"] += 1
        log.info("refused %s (%s): %s", topic, kind, reason)
        self.bus.publish(ErrorRaised(stage=stage, message=f"{topic}: {reason}"))
        if answer is not None:
            body = refusal(kind, reason, text=answer.text, retry_after_s=retry_after_s)
            if answer.id is not None:
                body["id"] = answer.id
            self._publish(answer.topic, json.dumps(body, default=str).encode(), qos=1)

    # ---- commands -------------------------------------------------------------------------------

    async def _command_worker(self) -> None:
        while True:
            inbound = await self._commands.get()
            try:
                await self._execute(inbound)
                self.counts["commands_run"] += 1
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.exception("cmd/%s failed", inbound.command)
                self.bus.publish(ErrorRaised(stage="mqtt", message=f"cmd/{inbound.command}: {exc}"))

    async def _execute(self, inbound: Inbound) -> None:
        source = f"mqtt:{inbound.request.source}" if inbound.request.source else "mqtt"
        match inbound.request:
            case TextRequest() as request:
                await self._run_text(request)
            case SayRequest(text=text):
                self.bus.publish(ReplyReady(text=text, origin="mqtt"))
            case MuteRequest(mute=mute):
                self.bus.publish(MuteRequested(mute=mute, source=source))
            case PlainRequest(job_id=job_id) if inbound.command == "cancel":
                self._cancel_jobs(job_id)
                self.bus.publish(CancelRequested(source=source, job_id=job_id))
            case PlainRequest():
                self.bus.publish(ListenRequested(source=source))

    async def _run_text(self, request: TextRequest) -> None:
        result = await self.runner.run_text(
            request.text, source="mqtt", conversation=request.conversation or "mqtt"
        )
        if result.get("refused_actions"):
            self.counts["refused_policy"] += 1
            refused = ", ".join(result["refused_actions"])
            self.bus.publish(ErrorRaised(stage="mqtt", message=f"not allowed over MQTT: {refused}"))
        if request.id is not None:
            result = {**result, "id": request.id}
        topic = request.reply_topic or self.topics.result
        self._publish(topic, json.dumps(result, default=str).encode(), qos=1)

    def _cancel_jobs(self, job_id: str | None) -> None:
        if self.jobs is None:
            return
        if job_id:
            self.jobs.cancel(job_id)
        else:
            self.jobs.cancel_all()

    # ---- events out -----------------------------------------------------------------------------

    def _on_bus_event(self, event: Event) -> None:
        """Subscriber for every bus event; runs in the publisher's thread."""
        if isinstance(event, StoreCommitted):
            if self._is_shared(event):
                self._call_soon(self._enqueue_sync, event)
            return
        self._call_soon(self._event_out, event)

    def _is_shared(self, event: StoreCommitted) -> bool:
        if event.origin.startswith(SYNC_ORIGIN):
            return False
        shared = set(self.config.sync.collections) if self.is_sync_enabled else {"tasks"}
        return any(change[0] in shared for change in event.changes)

    def _event_out(self, event: Event) -> None:
        body = event.to_dict()
        status = self.status.after_event(event.type, body)
        if status != self.status:
            self.status = status
            self._publish_status()
        if event.type in QUIET_EVENTS or not self.is_connected:
            return
        payload = json.dumps(body, default=str).encode()
        self._publish(
            self.topics.event(event.type), payload, qos=0 if event.type == "partial" else 1
        )
        if event.type in HA_EVENT_TYPES:
            ha_body = {"event_type": event.type, **{k: v for k, v in body.items() if k != "type"}}
            self._publish(self.topics.ha_event, json.dumps(ha_body, default=str).encode(), qos=0)
        self.counts["events_out"] += 1

    def set_state(self, state: str) -> None:
        """Set the pipeline state shown on ``state`` (idle, listening, thinking, speaking)."""
        self._call_soon(self._set_status, replace(self.status, state=state))

    def set_muted(self, is_muted: bool) -> None:
        """Set whether the microphone is muted."""
        self._call_soon(self._set_status, replace(self.status, is_muted=is_muted))

    def _set_status(self, status: DeviceStatus) -> None:
        self.status = status
        self._publish_status()

    def _publish_status(self) -> None:
        body = self.status.to_dict()
        if body == self._published_status or not self.is_connected:
            return
        self._published_status = body
        self._publish(self.topics.state, json.dumps(body).encode(), qos=1, retain=True)

    def _publish(self, topic: str, payload: bytes, qos: int = 1, retain: bool = False) -> None:
        client = self._client
        if client is not None:
            client.publish(topic, payload, qos=qos, retain=retain)

    # ---- sync ---------------------------------------------------------------------------------

    def _open_sync(self) -> None:
        """Build the engine, catch up with commits made while we were away (sync thread)."""
        key = read_shared_key(self.config)
        authority = PeerAuthority(key, self.config.sync.peers)
        if not authority.is_open:  # nobody to trust: publish nothing, accept nothing
            log.warning("sync is off: set [sync] shared_key_file or peers to share tasks")
            return
        assert self.store is not None  # sync is only started with a store
        self.engine = SyncEngine(
            self.store,
            self.device_id,
            self.config.sync.collections,
            authority,
            self._wall_ms,
            int(self.config.sync.max_drift_s * 1000),
        )
        self.courier = MessageCourier(self.store, self.device_id, self.bus, self.clock.now)
        queued = self.engine.reconcile()
        if queued:
            log.info("sync: %d document(s) changed while the bridge was away", len(queued))
        self.courier.deliver()

    def _enqueue_sync(self, item: Any) -> None:
        try:
            self._sync_queue.put_nowait(item)
        except asyncio.QueueFull:
            self.counts["sync_overflow"] += 1
            if isinstance(item, _Remote):
                self._needs_resubscribe = True
            else:
                self._needs_reconcile = True

    def _recovery(self) -> list[str]:
        """Return the recovery steps an overflow asked for, once the queue has drained."""
        if not self._sync_queue.empty():
            return []
        steps = [
            name
            for name, needed in (
                ("reconcile", self._needs_reconcile),
                ("resubscribe", self._needs_resubscribe),
            )
            if needed
        ]
        self._needs_reconcile = self._needs_resubscribe = False
        return steps

    async def _sync_worker(self) -> None:
        while True:
            batch = [await self._sync_queue.get()]
            while not self._sync_queue.empty() and len(batch) < 1000:
                batch.append(self._sync_queue.get_nowait())
            batch.extend(self._recovery())
            self._is_syncing = True
            try:
                errors = await self._in_sync_thread(self._sync_batch, batch)
                for message in errors:
                    self.bus.publish(ErrorRaised(stage="sync", message=message))
                if self.is_connected and self.engine is not None:
                    await self._drain()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("sync batch failed")
            finally:
                self._is_syncing = False

    def _sync_batch(self, batch: list[Any]) -> list[str]:
        """Record local commits and merge remote states (sync thread); return error messages.

        Local commits are recorded in one store commit and remote states merged in another;
        their order does not matter, because both start from the store copy and merge.
        """
        local = [item for item in batch if isinstance(item, StoreCommitted)]
        remote = [(item.topic, item.payload) for item in batch if isinstance(item, _Remote)]
        touched = {change[0] for event in local for change in event.changes}
        errors: list[str] = []
        if self.engine is not None:
            touched.update(key.split("/", 1)[0] for key in self.engine.record_many(local))
            touched.update(self._apply(remote, errors))
            if "reconcile" in batch:
                touched.update(key.split("/", 1)[0] for key in self.engine.reconcile())
        if "resubscribe" in batch and self._client is not None:
            self._client.unsubscribe(f"{SYNC_PREFIX}#")
            self._client.subscribe(f"{SYNC_PREFIX}#", qos=1)
        if self.courier is not None and touched & {"messages", "people"}:
            self.courier.deliver()
        if "tasks" in touched:
            self._refresh_counts()
        return errors

    def _apply(self, messages: list[tuple[str, bytes]], errors: list[str]) -> set[str]:
        """Merge remote states; return the collections whose store copy changed."""
        assert self.engine is not None
        touched = set()
        for (topic, _), result in zip(messages, self.engine.apply_many(messages), strict=True):
            if isinstance(result, SyncRejectedError):
                self.counts["sync_rejected"] += 1
                errors.append(f"{topic}: {result.message}")
            elif result.is_changed:
                self.counts["sync_applied"] += 1
                touched.add(result.key.split("/", 1)[0])
            else:
                self.counts["sync_unchanged"] += 1
        return touched

    def _refresh_counts(self) -> None:
        if self.store is None:
            return
        open_tasks, due_today = count_tasks(self.store.all("tasks"), self.clock.now())
        self._call_soon(
            self._set_status, replace(self.status, open_tasks=open_tasks, due_today=due_today)
        )

    async def _drain(self) -> None:
        """Publish the outbox in batches until it is empty or a publish is not acknowledged."""
        assert self.engine is not None and self._client is not None
        batch_size = self.config.sync.drain_batch
        while self.is_connected:
            batch = await self._in_sync_thread(self.engine.pending, batch_size)
            if not batch:
                return
            client = self._client
            infos = [client.publish(o.topic, o.payload, qos=1, retain=True) for o in batch]
            acked = await self._in_sync_thread(_acknowledged, batch, infos)
            await self._in_sync_thread(self.engine.acknowledge, acked)
            self.counts["sync_published"] += len(acked)
            if len(acked) < len(batch):
                return

    async def _in_sync_thread(self, function: Callable[..., Any], *args: Any) -> Any:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._sync_thread, function, *args)


def _wait_quietly(info: mqtt.MQTTMessageInfo, timeout: float) -> bool:
    try:
        info.wait_for_publish(timeout)
    except (RuntimeError, ValueError):
        return False
    return info.is_published()


def _acknowledged(batch: list[Outgoing], infos: list[mqtt.MQTTMessageInfo]) -> list[Outgoing]:
    deadline = time.monotonic() + ACK_TIMEOUT_S
    acked = []
    for outgoing, info in zip(batch, infos, strict=True):
        if _wait_quietly(info, max(0.0, deadline - time.monotonic())):
            acked.append(outgoing)
    return acked
