"""TLS and a password against a real Mosquitto broker (certificates made with openssl)."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

from tests.mqtt.support import (
    MOSQUITTO,
    Broker,
    Device,
    device_config,
    make_password_file,
    make_tls_files,
)

pytestmark = pytest.mark.broker


@pytest.fixture
def secure_broker(tmp_path):
    if not Path(MOSQUITTO).exists() or not shutil.which("openssl"):
        pytest.skip("mosquitto or openssl is not installed")
    directory = tmp_path / "secure-broker"
    directory.mkdir()
    files = make_tls_files(directory)
    passwords = make_password_file(directory, "kitchen", "correct horse")
    broker = Broker(
        directory,
        listener=(
            "allow_anonymous false",
            f"password_file {passwords}",
            f"cafile {files['ca']}",
            f"certfile {files['server']}",
            f"keyfile {files['server_key']}",
        ),
    )
    broker.start()
    try:
        yield broker, files
    finally:
        broker.stop()


def secure_device(tmp_path, broker, files, name, password):
    (tmp_path / name).mkdir(exist_ok=True)
    (tmp_path / name / "mqtt.password").write_text(password)
    mqtt = {
        "tls": True,
        "ca_file": str(files["ca"]),
        "username": "kitchen",
        "password_file": "mqtt.password",
        "reconnect_max_s": 1,
    }
    return Device(device_config(tmp_path, name, broker.port, mqtt=mqtt))


def test_a_device_connects_over_tls_with_its_password_and_syncs(tmp_path, secure_broker):
    broker, files = secure_broker

    async def scenario():
        a = secure_device(tmp_path, broker, files, "a", "correct horse")
        b = secure_device(tmp_path, broker, files, "b", "correct horse")
        await a.start()
        await b.start()
        try:
            await a.say("add sent over tls")
            deadline = asyncio.get_running_loop().time() + 10
            while not b.tasks() and asyncio.get_running_loop().time() < deadline:
                await asyncio.sleep(0.02)
            assert [t["title"] for t in b.tasks().values()] == ["sent over tls"]
        finally:
            await a.stop()
            await b.stop()

    asyncio.run(asyncio.wait_for(scenario(), 60))


def test_a_wrong_password_never_connects_and_parley_keeps_working(tmp_path, secure_broker):
    broker, files = secure_broker

    async def scenario():
        intruder = secure_device(tmp_path, broker, files, "x", "wrong")
        await intruder.start(expect_broker=False)
        try:
            assert not await intruder.bridge.wait_connected(2.5)
            outcome = await intruder.say("add works offline anyway")
            assert outcome["ok"]
        finally:
            await intruder.stop()

    asyncio.run(asyncio.wait_for(scenario(), 60))
