"""Over SSH while `parley run` runs: every CLI command goes through the daemon's control socket.

A real daemon process holds the store; real `parley` processes talk to it; a real broker
carries MQTT commands at the same time (services/app/control.py).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from services.app import client
from services.app.model_files import shared_model_dir
from services.store import Store

ROOT = Path(__file__).resolve().parents[2]
ASSEMBLED = shared_model_dir()  # Whisper base, joined once by `make models`
NOBODY = 65534


def wait_until(predicate, timeout: float = 120.0, interval: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return bool(predicate())


class Running:
    """A `parley run` process on its own state dir, and a `parley` to type at it."""

    def __init__(self, home: Path, port: int, *, llm: bool = False) -> None:
        self.home = home
        self.state = home / "state"
        self.config = home / "config.toml"
        self.config.write_text(
            f'[general]\ndevice_id = "a"\nstate_dir = "{self.state}"\ntimezone = "UTC"\n'
            f"[llm]\nenabled = {str(llm).lower()}\n[sync]\nenabled = false\n"
            f'[stt]\nmodel_dir = "{ASSEMBLED}"\n'
            f'[mqtt]\nhost = "127.0.0.1"\nport = {port}\n'
        )
        self.env = {**os.environ, "PYTHONPATH": str(ROOT), "GPIOZERO_PIN_FACTORY": "mock"}
        self.log = (home / "daemon.log").open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "services.app.entry", "--config", str(self.config), "run"],
            stdout=self.log, stderr=subprocess.STDOUT, env=self.env, cwd=ROOT,
        )  # fmt: skip
        self.socket = self.state / "status.sock"
        assert wait_until(self._answers, timeout=300), f"the daemon did not start: {self.output()}"

    def _answers(self) -> bool:
        assert self.process.poll() is None, self.output()
        try:
            status = client.query(self.socket)
        except client.StatusUnavailableError:
            return False
        # ready, and subscribed: a command published before the SUBACK is never delivered
        return status.get("state") != "starting" and bool(status.get("mqtt", {}).get("connected"))

    def parley(self, *args: str, user: int | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "services.app.entry", "--config", str(self.config), *args],
            capture_output=True, text=True, env=self.env, cwd=ROOT, timeout=300, check=False,
            user=user,
        )  # fmt: skip

    def ask(self, raw: bytes, *, leave_early: bool = False) -> bytes:
        """Send raw bytes to the socket; return the answer (b"" when we left first)."""
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(30)
            sock.connect(str(self.socket))
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                sock.sendall(raw)  # the daemon stops reading a request that is too large
            if leave_early:
                return b""
            answer = b""
            while not answer.endswith(b"\n"):
                chunk = sock.recv(65536)
                if not chunk:
                    break
                answer += chunk
            return answer

    def titles(self) -> list[str]:
        listed = self.parley("tasks", "--json", "--all")
        assert listed.returncode == 0, listed.stderr
        return sorted(json.loads(line)["title"] for line in listed.stdout.splitlines())

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            assert self.process.wait(timeout=120) == 0, self.output()

    def output(self) -> str:
        self.log.flush()
        return (self.home / "daemon.log").read_text(errors="replace")[-3000:]

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.log.close()


@pytest.fixture
def running(broker):
    # a home others may traverse, so the socket's own mode is what keeps another user out
    home = Path(tempfile.mkdtemp(prefix="parley-control-"))
    home.chmod(0o755)
    daemon = Running(home, broker.port)
    yield daemon
    daemon.close()
    shutil.rmtree(home, ignore_errors=True)


def test_cli_commands_run_in_the_daemon_with_the_output_and_exit_codes_they_have_alone(running):
    assert running.parley("people", "add", "Samantha", "--alias", "Sam").returncode == 0
    said = running.parley("say", "add a task to book the venue", "assign it to Sam", "--json")
    assert said.returncode == 0, said.stderr
    outcomes = [json.loads(line) for line in said.stdout.splitlines()]
    assert [o["ok"] for o in outcomes] == [True, True]  # "it": one call is one conversation
    unknown = running.parley("say", "assign book the venue to Zorblax")
    assert unknown.returncode == 1 and "Zorblax" in unknown.stdout
    assert running.parley("say", "assign it to Sam").returncode == 1  # a new call: no "it"
    backup = running.parley("backup")
    assert backup.returncode == 0 and backup.stdout.startswith("Backed up to ")
    # writes through the daemon: undo the last command, then restore the backup
    assert running.parley("say", "add a task to drop this").returncode == 0
    undone = running.parley("undo")
    assert undone.returncode == 0, undone.stderr
    assert "drop this" not in running.titles()
    assert running.parley("say", "add a task to lose this").returncode == 0
    restored = running.parley("restore", backup.stdout.strip().removeprefix("Backed up to "))
    assert restored.returncode == 0, restored.stderr
    assert running.titles() == ["book the venue"]
    during = [running.parley(*command) for command in READS]

    running.stop()  # the same commands on their own, with the store to themselves
    alone = [running.parley(*command) for command in READS]
    for command, with_daemon, by_itself in zip(READS, during, alone, strict=True):
        assert with_daemon.returncode == by_itself.returncode == 0, command
        assert with_daemon.stdout == by_itself.stdout, command
    assert running.parley("say", "assign book the venue to Zorblax").stdout == unknown.stdout
    with Store.open(running.state) as store:
        (task,) = store.all("tasks")
    assert (task["title"], task["assignee"]) == ("book the venue", "Samantha")


READS = [
    ("tasks",),
    ("tasks", "--json", "--all"),
    ("people", "list", "--json"),
    ("projects",),
    ("report",),
    ("alerts",),
    ("store", "check"),
]


def test_several_at_once_and_mqtt_at_the_same_time_each_land_once(running, listener_factory):
    listener = listener_factory("replies/#", "parley/a/event/reply")
    count = 6

    def type_one(number: int) -> int:
        return running.parley("say", f"add a task to call typist {number}").returncode

    with ThreadPoolExecutor(max_workers=count) as pool:
        typing = [pool.submit(type_one, number) for number in range(count)]
        for number in range(count):
            text = f"add a task to call sender {number}"
            request = {"text": text, "reply_topic": "replies/x", "id": number}
            listener.publish("parley/a/cmd/text", json.dumps(request))
        answers = listener.wait_for("replies/x", count, 120)
        typed = [future.result() for future in typing]
    assert typed == [0] * count
    assert all(json.loads(raw)["ok"] for raw in answers)
    expected = [f"call {who} {n}" for n in range(count) for who in ("sender", "typist")]
    assert running.titles() == sorted(expected)  # each exactly once
    jobs = client.query(running.socket)["jobs"]
    assert jobs["completed"] >= 2 * count  # the typed ones went through the job queue too

    spoken = running.parley("say", "--speak", "what time is it")
    assert spoken.returncode == 0
    assert wait_until(
        lambda: any(
            json.loads(raw).get("origin") == "cli" for raw in listener.on("parley/a/event/reply")
        ),
        timeout=60,
    ), "--speak did not ask the device to say the reply"


def test_bad_requests_get_an_error_change_nothing_and_the_daemon_goes_on(running):
    assert running.parley("say", "add a task to call the keeper").returncode == 0
    assert b"not JSON" in running.ask(b"{nonsense\n")
    assert b"error" in running.ask(b"\x00\xff garbage\n")
    assert b"does not run inside the daemon" in running.ask(b'{"cli": ["run"]}\n')
    assert b"expected" in running.ask(b'{"cli": "tasks"}\n')
    assert b"over 65536 bytes" in running.ask(b'{"cli": ["say", "' + b"x" * 200_000 + b'"]}\n')
    # the talk button is pressed this way only where one is configured, on mock pins
    assert b"no talk button is configured" in running.ask(b'{"button": "press"}\n')
    assert b"expected" in running.ask(b'{"button": "hold"}\n')
    usage = json.loads(running.ask(b'{"cli": ["tasks", "--bogus"]}\n'))
    assert usage["exit"] == 2 and "unrecognized arguments" in usage["stderr"]
    # a client that leaves in the middle of its request: nothing of it runs
    running.ask(b'{"cli": ["say", "add a task to drop', leave_early=True)
    running.ask(b'{"cli": ["say", "add a task to drop"]}', leave_early=True)  # no newline
    assert running.titles() == ["call the keeper"]
    assert running.process.poll() is None


def as_user(uid: int, argv: list[str]) -> tuple[int, str]:
    """Run `parley argv` in a forked child that has become `uid`; return (exit, stderr)."""
    from services.app import cli

    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop to the other user, run the CLI, report through the pipe
        code = 70
        try:
            os.close(read)
            os.dup2(write, 2)
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            sys.stderr = os.fdopen(2, "w", closefd=False)
            code = cli.main(argv)
            sys.stderr.flush()
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read) as pipe:
        stderr = pipe.read()
    _, wait_status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(wait_status), stderr


@pytest.mark.may_skip
@pytest.mark.skipif(os.getuid() != 0, reason="needs root to become another user")
def test_a_user_outside_the_group_is_refused(running):
    assert running.socket.stat().st_mode & 0o777 == 0o660
    running.config.chmod(0o644)
    before = running.titles()
    code, stderr = as_user(NOBODY, ["--config", str(running.config), "say", "add a task to x"])
    assert code == 77, stderr
    assert "permission denied" in stderr
    assert running.titles() == before  # nothing of it ran
    assert running.parley("tasks").returncode == 0  # its owner still gets in
    running.stop()  # with no daemon, the store's own files keep the other user out
    code, stderr = as_user(NOBODY, ["--config", str(running.config), "tasks"])
    assert code == 77 and "cannot open the store" in stderr, stderr


def test_config_reload_goes_to_the_daemon(running):
    reloaded = running.parley("config", "reload")
    assert reloaded.returncode == 0 and "read its config again" in reloaded.stdout
    assert wait_until(lambda: "reloaded" in running.output(), timeout=60), running.output()
    assert running.process.poll() is None
    running.stop()
    alone = running.parley("config", "reload")
    assert alone.returncode == 0 and "no daemon is running" in alone.stdout


def test_parley_asks_the_daemon_without_loading_the_full_cli(running):
    """entry.py: a command for the daemon goes out before the parser, core and engines load."""
    probe = (
        "import sys; from services.app import entry; "
        f"code = entry.main(['--config', {str(running.config)!r}, 'tasks', '--json']); "
        "print('full' if 'services.app.cli' in sys.modules else 'light', code)"
    )

    def run_probe() -> str:
        done = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, env=running.env,
            cwd=ROOT, timeout=300, check=False,
        )  # fmt: skip
        return done.stdout.strip().splitlines()[-1]

    assert running.parley("say", "add a task to call the keeper").returncode == 0
    assert run_probe() == "light 0"
    running.stop()
    assert run_probe() == "full 0"  # no daemon: the whole CLI opens the store itself
