"""Build the paho-mqtt client from config: identity, last will, TLS, password, backoff."""

from __future__ import annotations

import os
import ssl
from pathlib import Path

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from services.config import Config
from services.errors import SyncError
from services.mqtt.topics import Topics

OFFLINE = b"offline"
ONLINE = b"online"


def _read_secret(path: str, state_dir: Path) -> str:
    full = Path(os.path.expanduser(path))
    if not full.is_absolute():
        full = state_dir / full
    try:
        return full.read_text().strip()
    except OSError as exc:
        raise SyncError(f"cannot read {full}: {exc.strerror}") from exc


def build_client(config: Config, topics: Topics) -> mqtt.Client:
    """Return a configured client (not connected); reconnects back off exponentially."""
    settings = config.mqtt
    client_id = settings.client_id or f"parley-{config.general.device_id}"
    client = mqtt.Client(
        CallbackAPIVersion.VERSION2,
        client_id=client_id,
        protocol=mqtt.MQTTv311,
        clean_session=True,
    )
    client.will_set(topics.availability, OFFLINE, qos=1, retain=True)
    client.reconnect_delay_set(settings.reconnect_min_s, settings.reconnect_max_s)
    client.max_queued_messages_set(10_000)  # paho's own queue while offline; sync uses the outbox
    if settings.username:
        password = (
            _read_secret(settings.password_file, config.state_dir)
            if settings.password_file
            else None
        )
        client.username_pw_set(settings.username, password)
    if settings.tls:
        client.tls_set(
            ca_certs=settings.ca_file or None,
            certfile=settings.cert_file or None,
            keyfile=settings.key_file or None,
            tls_version=ssl.PROTOCOL_TLS_CLIENT,
        )
    return client


def read_shared_key(config: Config) -> bytes | None:
    """Return the sync HMAC key from ``sync.shared_key_file``, or None when unset."""
    if not config.sync.shared_key_file:
        return None
    key = _read_secret(config.sync.shared_key_file, config.state_dir)
    if len(key) < 16:
        raise SyncError("the sync shared key must be at least 16 characters")
    return key.encode()
