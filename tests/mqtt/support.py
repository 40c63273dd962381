"""Helpers for MQTT tests: a real Mosquitto broker on loopback, listeners, Parley devices."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from services import config as config_module
from services.events import Event

MOSQUITTO = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
SHARED_KEY = "kitchen-and-office-share-this-key"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Broker:
    """Debian's mosquitto with a generated config; stop() and start() keep port and data."""

    def __init__(
        self, directory: Path, listener: tuple[str, ...] = ("allow_anonymous true",)
    ) -> None:
        """``listener`` lines follow the listener line (auth, TLS)."""
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.config = directory / "mosquitto.conf"
        self.config.write_text(
            "\n".join(
                [
                    # started as root, mosquitto would switch to its own user, which cannot
                    # read the test's private temporary directory
                    *(["user root"] if os.geteuid() == 0 else []),
                    "per_listener_settings true",
                    f"listener {self.port} 127.0.0.1",
                    *listener,
                    "persistence true",
                    f"persistence_location {directory}/",
                    "max_queued_messages 20000",
                    "max_inflight_messages 100",
                    "log_dest none",
                    "",
                ]
            )
        )

    def start(self) -> None:
        log = (self.directory / "mosquitto.log").open("ab")
        self.process = subprocess.Popen([MOSQUITTO, "-c", str(self.config)], stderr=log)
        log.close()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), 0.2),
            ):
                return
            if self.process.poll() is not None:
                output = (self.directory / "mosquitto.log").read_text(errors="replace")
                raise RuntimeError(f"mosquitto exited with {self.process.returncode}: {output}")
            time.sleep(0.05)
        raise RuntimeError("mosquitto did not start within 10 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None


def device_config(tmp_path: Path, name: str, port: int, **sections: Any) -> config_module.Config:
    """Return a config for device ``name`` with its own state dir, on the test broker."""
    state_dir = tmp_path / name
    state_dir.mkdir(parents=True, exist_ok=True)
    (state_dir / "sync.key").write_text(SHARED_KEY)
    data: dict[str, Any] = {
        "general": {"device_id": name, "state_dir": str(state_dir), "timezone": "UTC"},
        "mqtt": {"host": "127.0.0.1", "port": port, "reconnect_min_s": 1, "reconnect_max_s": 1},
        "sync": {"shared_key_file": "sync.key"},
    }
    for section, values in sections.items():
        data[section] = {**data.get(section, {}), **values}
    return config_module.from_dict(data)


class Listener:
    """A plain paho client that records what arrives on some topics (thread-safe)."""

    def __init__(self, port: int, *filters: str) -> None:
        self.messages: list[tuple[str, bytes, bool]] = []
        self._condition = threading.Condition()
        self.client = mqtt.Client(
            CallbackAPIVersion.VERSION2, client_id=f"listener-{time.time_ns()}"
        )
        self.client.on_message = self._on_message
        self._acked: set[int] = set()
        self.client.on_subscribe = self._on_subscribe
        self.client.connect("127.0.0.1", port)
        self.client.loop_start()
        pending = {self.client.subscribe(topic, qos=1)[1] for topic in filters}
        with self._condition:  # the broker has the subscriptions before the test publishes
            subscribed = self._condition.wait_for(lambda: pending <= self._acked, timeout=30)
        assert subscribed, f"the broker did not acknowledge the subscriptions to {filters}"

    def _on_subscribe(self, client: Any, userdata: Any, mid: int, *_: Any) -> None:
        with self._condition:
            self._acked.add(mid)
            self._condition.notify_all()

    def _on_message(self, client: Any, userdata: Any, message: mqtt.MQTTMessage) -> None:
        with self._condition:
            self.messages.append((message.topic, bytes(message.payload), bool(message.retain)))
            self._condition.notify_all()

    def publish(self, topic: str, payload: bytes | str, retain: bool = False) -> None:
        self.client.publish(topic, payload, qos=1, retain=retain).wait_for_publish(5)

    def on(self, topic: str) -> list[bytes]:
        with self._condition:
            return [payload for name, payload, _ in self.messages if name == topic]

    def on_prefix(self, prefix: str) -> list[tuple[str, bytes]]:
        with self._condition:
            return [
                (name, payload) for name, payload, _ in self.messages if name.startswith(prefix)
            ]

    def json_on(self, topic: str) -> list[dict[str, Any]]:
        return [json.loads(payload) for payload in self.on(topic)]

    def wait_for(self, topic: str, count: int = 1, timeout: float = 30.0) -> list[bytes]:
        deadline = time.monotonic() + timeout
        with self._condition:
            while True:
                found = [p for name, p, _ in self.messages if name == topic]
                remaining = deadline - time.monotonic()
                if len(found) >= count or remaining <= 0:
                    return found
                self._condition.wait(remaining)

    def wait_until(self, topic: str, predicate: Any, timeout: float = 30.0) -> list[bytes]:
        """Wait until some payload on ``topic`` satisfies ``predicate``; return them all."""
        with self._condition:
            self._condition.wait_for(lambda: any(map(predicate, self.on(topic))), timeout)
        return self.on(topic)

    def wait_for_prefix(
        self, prefix: str, count: int, timeout: float = 30.0
    ) -> list[tuple[str, bytes]]:
        """Wait until ``count`` messages under ``prefix`` arrived; return them all."""
        with self._condition:
            self._condition.wait_for(lambda: len(self.on_prefix(prefix)) >= count, timeout)
        return self.on_prefix(prefix)

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


class Recorder:
    """A bus subscriber that keeps every event."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self._lock = threading.Lock()

    def __call__(self, event: Event) -> None:
        with self._lock:
            self.events.append(event)

    def of(self, kind: str) -> list[Event]:
        with self._lock:
            return [event for event in self.events if event.type == kind]


async def eventually(check: Any, timeout: float = 10.0, interval: float = 0.02) -> bool:
    """Poll ``check()`` until it is true or ``timeout`` passes; return its last value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        await asyncio.sleep(interval)
    return bool(check())


class Device:
    """One Parley instance (real store, real core) with its MQTT bridge."""

    def __init__(self, config: config_module.Config, is_real_parser: bool = False) -> None:
        """Use the PatternParser fake, or with ``is_real_parser`` the core's own parser."""
        from services.core.assistant import Parley
        from services.mqtt import MqttBridge
        from tests.fakes import PatternParser

        self.config = config
        self.parser = PatternParser()
        self.parley = Parley.open(config, parser=None if is_real_parser else self.parser)
        self.store = self.parley.store
        self.recorder = Recorder()
        self.parley.bus.subscribe(self.recorder)
        self.bridge = MqttBridge(config, self.parley, self.parley.bus, self.parley.clock)

    async def start(self, expect_broker: bool = True) -> None:
        await self.bridge.start()
        if expect_broker:
            assert await self.bridge.wait_connected(10), "device did not connect"

    async def say(self, text: str) -> dict[str, Any]:
        outcome = await asyncio.to_thread(self.parley.handle_text, text, source="cli")
        return outcome.to_dict()

    def edit(self, collection: str, doc_id: str, **fields: Any) -> None:
        with self.store.transaction(origin="local") as tx:
            tx.update(collection, doc_id, fields)

    def tasks(self) -> dict[str, dict[str, Any]]:
        return {task["id"]: task for task in self.store.all("tasks")}

    async def settle(self, timeout: float = 10.0) -> None:
        assert await self.bridge.wait_settled(timeout), f"{self.config.general.device_id} busy"

    async def stop(self) -> None:
        await self.bridge.stop()
        self.parley.close()


def signed_message(key, origin, collection, doc_id, fields, wall_ms):
    """Return (topic, body) of a sync message as device ``origin`` would send it."""
    from services.sync.auth import PeerAuthority
    from services.sync.engine import WIRE_VERSION, topic_for
    from services.sync.hlc import Stamp
    from services.sync.state import DocState

    stamp = Stamp(wall_ms, 0, origin)
    state = DocState(collection, doc_id, {name: (value, stamp) for name, value in fields.items()})
    topic = topic_for(collection, doc_id)
    body = {"v": WIRE_VERSION, "origin": origin, "state": state.to_wire()}
    return topic, PeerAuthority(key).sign(topic, body) if key else body


def make_tls_files(directory: Path) -> dict[str, Path]:
    """Make a CA and a server certificate for 127.0.0.1 with openssl; return their paths."""
    files = {name: directory / f"{name}.pem" for name in ("ca", "ca_key", "server", "server_key")}
    ext = directory / "san.ext"
    ext.write_text("subjectAltName = IP:127.0.0.1\n")
    openssl = shutil.which("openssl") or "openssl"
    steps = [
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=Parley test CA",
            "-keyout",
            files["ca_key"],
            "-out",
            files["ca"],
        ],
        [
            openssl,
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            files["server_key"],
            "-out",
            directory / "server.csr",
        ],
        [
            openssl,
            "x509",
            "-req",
            "-in",
            directory / "server.csr",
            "-CA",
            files["ca"],
            "-CAkey",
            files["ca_key"],
            "-CAcreateserial",
            "-days",
            "2",
            "-extfile",
            ext,
            "-out",
            files["server"],
        ],
    ]
    for step in steps:
        subprocess.run([str(part) for part in step], check=True, capture_output=True, timeout=60)
    return files


def make_password_file(directory: Path, user: str, password: str) -> Path:
    """Write a mosquitto password file with one user."""
    path = directory / "passwords"
    tool = shutil.which("mosquitto_passwd") or "/usr/bin/mosquitto_passwd"
    subprocess.run([tool, "-c", "-b", str(path), user, password], check=True, timeout=30)
    path.chmod(0o600)
    return path
