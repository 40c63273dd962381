"""scripts/install.sh against a temporary root: what it installs, dry runs, idempotence."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "install.sh"


def install(prefix: Path, *options: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "SUDO_USER"}
    result = subprocess.run(
        ["bash", str(SCRIPT), "--prefix", str(prefix), "--no-venv", *options],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def snapshot(root: Path) -> dict[str, tuple[int, str]]:
    """Every file and directory under ``root``: mode and content hash."""
    tree = {}
    for path in sorted(root.rglob("*")):
        mode = stat.S_IMODE(path.lstat().st_mode)
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        tree[str(path.relative_to(root))] = (mode, digest)
    return tree


def test_the_script_is_valid_bash():
    subprocess.run(["bash", "-n", str(SCRIPT)], check=True)
    if shutil.which("shellcheck"):
        subprocess.run(["shellcheck", "-S", "warning", str(SCRIPT)], check=True)


def test_it_lays_out_the_appliance_under_the_prefix(tmp_path):
    result = install(tmp_path, "--hat", "respeaker-2mic")
    unit = tmp_path / "etc/systemd/system/parley.service"
    assert unit.read_bytes() == (ROOT / "systemd/parley.service").read_bytes()
    config = tmp_path / "etc/parley/config.toml"
    assert config.read_bytes() == (ROOT / "config/default.toml").read_bytes()
    assert stat.S_IMODE(config.stat().st_mode) == 0o640
    assert stat.S_IMODE((tmp_path / "var/lib/parley").stat().st_mode) == 0o750
    source = tmp_path / "opt/parley/src"
    cli = "services/app/cli.py"
    assert (source / cli).read_bytes() == (ROOT / cli).read_bytes()
    assert (source / "pyproject.toml").is_file()
    assert not list(source.rglob("__pycache__"))
    boot = (tmp_path / "boot/firmware/config.txt").read_text()
    assert "# parley: respeaker-2mic" in boot
    assert "dtoverlay=wm8960-soundcard" in boot
    assert (tmp_path / "etc/asound.conf").read_bytes() == (
        ROOT / "firmware/asound/respeaker-2mic.conf"
    ).read_bytes()
    assert (tmp_path / "etc/udev/rules.d/99-parley-gpio.rules").is_file()
    # what acts on the running system is named but not done under a prefix
    for command in ("apt-get", "useradd", "usermod", "systemctl enable", "systemctl daemon-reload"):
        assert any(
            line.startswith(f"skip (prefix {tmp_path}): ") and command in line
            for line in result.stdout.splitlines()
        ), command


def test_a_second_run_changes_nothing_and_keeps_the_users_config(tmp_path):
    install(tmp_path, "--hat", "voicehat")
    config = tmp_path / "etc/parley/config.toml"
    config.write_text('[leds]\nkind = "led"\npins = {white = 25}\n')
    (tmp_path / "etc/asound.conf").write_text("# the user's own\n")
    before = snapshot(tmp_path)
    result = install(tmp_path, "--hat", "voicehat")
    assert snapshot(tmp_path) == before
    assert config.read_text().startswith("[leds]")
    assert (tmp_path / "boot/firmware/config.txt").read_text().count("# parley: voicehat") == 1
    assert f"ok: {config} exists; left as it is" in result.stdout
    assert f"ok: {tmp_path}/etc/systemd/system/parley.service is up to date" in result.stdout


def test_a_changed_unit_is_replaced_on_upgrade(tmp_path):
    install(tmp_path)
    unit = tmp_path / "etc/systemd/system/parley.service"
    unit.write_text("[Service]\nExecStart=/bin/false\n")
    install(tmp_path)
    assert unit.read_bytes() == (ROOT / "systemd/parley.service").read_bytes()


def test_dry_run_prints_every_step_and_changes_nothing(tmp_path):
    target = tmp_path / "root"
    target.mkdir()
    result = install(target, "--dry-run", "--hat", "i2s-mems")
    assert list(target.iterdir()) == []
    lines = result.stdout.splitlines()
    for expected in (
        f"+ install -d -m 0755 {target}/opt/parley",
        f"+ install -m 0640 {ROOT}/config/default.toml {target}/etc/parley/config.toml",
        f"+ install -D -m 0644 {ROOT}/systemd/parley.service "
        f"{target}/etc/systemd/system/parley.service",
        f"+ install -D -m 0644 {ROOT}/firmware/asound/i2s-mems.conf {target}/etc/asound.conf",
        f"+ append {ROOT}/firmware/config.txt.d/i2s-mems.txt to {target}/boot/firmware/config.txt",
    ):
        assert any(line.startswith(expected) for line in lines), expected


def test_dry_run_with_the_venv_names_the_pip_install(tmp_path):
    result = subprocess.run(
        ["bash", str(SCRIPT), "--prefix", str(tmp_path), "--dry-run", "--no-models"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    venv = tmp_path / "opt/parley/venv"
    assert f"+ python3 -m venv --system-site-packages {venv}" in result.stdout
    src = tmp_path / "opt/parley/src"
    # at the versions the suite passed with
    assert f"+ install -D -m 0644 {ROOT}/constraints.txt {src}/constraints.txt" in result.stdout
    pip = f"{venv}/bin/pip install --quiet -c {src}/constraints.txt {src}"
    assert f"{pip}\\[voice\\,llm\\,mqtt\\,pi\\,models\\]" in result.stdout  # shell-quoted
    assert not venv.exists()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--hat", "respeaker-9mic"], "unknown --hat respeaker-9mic"),
        (["--frobnicate"], "unknown option --frobnicate"),
        (["--source", "/nonexistent"], "/nonexistent is not a Parley source tree"),
    ],
)
def test_bad_options_stop_with_a_clear_message(tmp_path, options, message):
    result = subprocess.run(
        ["bash", str(SCRIPT), "--prefix", str(tmp_path), *options],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert message in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_every_hat_the_script_offers_has_its_firmware_files():
    text = SCRIPT.read_text()
    hats = text.split("HATS=(", 1)[1].split(")", 1)[0].split()
    assert hats
    for hat in hats:
        assert (ROOT / "firmware/config.txt.d" / f"{hat}.txt").is_file(), hat
        assert (ROOT / "firmware/asound" / f"{hat}.conf").is_file(), hat
