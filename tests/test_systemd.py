"""systemd/parley.service: the settings the appliance relies on, and systemd-analyze verify."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from services.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent
UNIT = ROOT / "systemd" / "parley.service"


def parse(text: str) -> dict[str, dict[str, list[str]]]:
    """Parse a unit file: section -> key -> values (keys may repeat, as DeviceAllow does)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current = None
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), {})
            continue
        key, _, value = line.partition("=")
        assert current is not None and _, f"not a key=value line: {line!r}"
        current.setdefault(key, []).append(value)
    return sections


@pytest.fixture(scope="module")
def unit():
    return parse(UNIT.read_text())


def one(unit, section: str, key: str) -> str:
    values = unit[section][key]
    assert len(values) == 1, f"{key} is set {len(values)} times"
    return values[0]


def test_it_is_a_notify_service_with_a_watchdog(unit):
    assert one(unit, "Service", "Type") == "notify"
    assert one(unit, "Service", "NotifyAccess") == "main"
    assert int(one(unit, "Service", "WatchdogSec")) >= 10


def test_it_restarts_on_failure_but_not_on_a_bad_config(unit):
    assert one(unit, "Service", "Restart") == "on-failure"
    prevented = one(unit, "Service", "RestartPreventExitStatus").split()
    assert str(ConfigError.exit_code) in prevented
    assert ConfigError.exit_code == 78


def test_reload_sends_sighup_to_the_main_process(unit):
    assert one(unit, "Service", "ExecReload") == "/bin/kill -HUP $MAINPID"


def test_it_runs_as_parley_with_audio_gpio_and_spi(unit):
    assert one(unit, "Service", "User") == "parley"
    assert set(one(unit, "Service", "SupplementaryGroups").split()) == {"audio", "gpio", "spi"}
    assert one(unit, "Service", "StateDirectory") == "parley"
    assert one(unit, "Service", "ConfigurationDirectory") == "parley"


def test_exec_start_matches_the_install_layout(unit):
    command = one(unit, "Service", "ExecStart").split()
    script = (ROOT / "scripts" / "install.sh").read_text()
    assert command[0] == "/opt/parley/venv/bin/parley"
    assert 'OPT="$PREFIX/opt/parley"' in script and 'VENV="$OPT/venv"' in script
    assert command[command.index("--config") + 1] == "/etc/parley/config.toml"
    assert command[command.index("--state-dir") + 1] == "/var/lib/parley"
    assert command[-1] == "run"


def test_hardening_still_reaches_the_sound_card_gpio_and_spi(unit):
    service = unit["Service"]
    assert one(unit, "Service", "DevicePolicy") == "closed"
    allowed = {value.split()[0] for value in service["DeviceAllow"]}
    assert {"char-alsa", "char-gpiochip", "char-spi"} <= allowed
    assert service.get("PrivateDevices", ["no"]) == ["no"]  # would hide /dev/snd
    assert one(unit, "Service", "ProtectSystem") == "strict"
    assert one(unit, "Service", "NoNewPrivileges") == "yes"
    assert one(unit, "Service", "CapabilityBoundingSet") == ""
    families = one(unit, "Service", "RestrictAddressFamilies").split()
    assert {"AF_UNIX", "AF_INET"} <= set(families)  # notify and status sockets; the broker


def test_it_starts_at_boot(unit):
    assert one(unit, "Install", "WantedBy") == "multi-user.target"


def test_systemd_analyze_verify_accepts_the_unit(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    # verify checks that ExecStart exists; stand a real executable where the venv will be
    parley = tmp_path / "parley"
    parley.write_text("#!/bin/sh\nexit 0\n")
    parley.chmod(0o755)
    text = UNIT.read_text().replace("/opt/parley/venv/bin/parley", str(parley))
    copy = tmp_path / "parley.service"
    copy.write_text(text)
    result = subprocess.run(
        [analyze, "verify", "--man=no", str(copy)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    problems = [line for line in result.stderr.splitlines() if "parley.service" in line]
    assert problems == []


def test_systemd_analyze_rejects_a_broken_unit(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    copy = tmp_path / "parley.service"
    copy.write_text(
        UNIT.read_text().replace(
            "ExecStart=/opt/parley/venv/bin/parley", "ExecStart=parley-not-here"
        )
    )
    result = subprocess.run(
        [analyze, "verify", "--man=no", str(copy)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
