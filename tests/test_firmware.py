"""firmware/: boot snippets name real overlays, ALSA configs parse in alsa-lib, udev rules parse.

The overlays are checked against firmware/overlays.txt, which lists each one with its source:
in-kernel ones from raspberrypi/linux arch/arm/boot/dts/overlays (googlevoicehat-soundcard,
adau7002-simple, wm8960-soundcard, max98357a), out-of-tree ones from
Seeed-Studio/seeed-linux-dtoverlays (respeaker-2mic-v2_0) and HinTak/seeed-voicecard
(seeed-2mic-voicecard, seeed-4mic-voicecard). On a Pi, in-kernel ones are also looked up in
/boot/firmware/overlays.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import re
from pathlib import Path

import pytest

FIRMWARE = Path(__file__).resolve().parent.parent / "firmware"
SNIPPETS = sorted((FIRMWARE / "config.txt.d").glob("*.txt"))
ALSA_CONFIGS = sorted((FIRMWARE / "asound").glob("*.conf"))
BOOT_OVERLAYS = Path("/boot/firmware/overlays")
# dtparams of the base Raspberry Pi device tree that the snippets may set
DTPARAMS = {"i2s", "spi", "i2c_arm", "audio"}


def known_overlays() -> dict[str, str]:
    overlays = {}
    for line in (FIRMWARE / "overlays.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, origin, source = line.split(maxsplit=2)
            assert origin in ("in-kernel", "out-of-tree")
            assert source.endswith(".dts"), line
            overlays[name] = origin
    return overlays


def directives(path: Path) -> list[tuple[str, str]]:
    """The (key, value) lines of a config.txt snippet, comments and blanks dropped."""
    found = []
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        match = re.fullmatch(r"(dtoverlay|dtparam)=([a-z0-9_,=.-]+)", line)
        assert match, f"{path.name}:{number}: not a dtoverlay=/dtparam= line: {line!r}"
        found.append((match.group(1), match.group(2)))
    return found


def test_there_is_a_snippet_per_hat():
    assert {path.stem for path in SNIPPETS} == {
        "respeaker-2mic",
        "respeaker-2mic-v2",
        "respeaker-4mic",
        "voicehat",
        "i2s-mems",
    }


@pytest.mark.parametrize("path", SNIPPETS, ids=lambda path: path.stem)
def test_a_snippet_names_one_known_overlay_and_turns_on_i2s(path):
    overlays = known_overlays()
    lines = directives(path)
    named = [value.split(",")[0] for key, value in lines if key == "dtoverlay"]
    assert len(named) == 1, named
    assert named[0] in overlays, f"{named[0]} is not in firmware/overlays.txt"
    params = {value.split("=")[0]: value.split("=")[1] for key, value in lines if key == "dtparam"}
    assert set(params) <= DTPARAMS
    assert params["i2s"] == "on"
    assert all(value in ("on", "off") for value in params.values())
    if overlays[named[0]] == "out-of-tree":
        text = path.read_text()
        assert "Seeed-Studio/seeed-linux-dtoverlays" in text or "HinTak/seeed-voicecard" in text
    if BOOT_OVERLAYS.is_dir() and overlays[named[0]] == "in-kernel":
        assert (BOOT_OVERLAYS / f"{named[0]}.dtbo").is_file()


@pytest.mark.parametrize("path", SNIPPETS, ids=lambda path: path.stem)
def test_hats_with_an_led_ring_turn_on_spi(path):
    if "respeaker" in path.stem:
        assert ("dtparam", "spi=on") in directives(path)


def alsa():
    name = ctypes.util.find_library("asound")
    if not name:
        pytest.skip("alsa-lib (libasound2) is not installed")
    return ctypes.CDLL(name)


def load_alsa_config(lib, path: Path) -> ctypes.c_void_p:
    top = ctypes.c_void_p()
    assert lib.snd_config_top(ctypes.byref(top)) == 0
    stream = ctypes.c_void_p()
    assert lib.snd_input_stdio_open(ctypes.byref(stream), str(path).encode(), b"r") == 0
    result = lib.snd_config_load(top, stream)
    lib.snd_input_close(stream)
    assert result == 0, f"alsa-lib could not parse {path.name}: error {result}"
    return top


def alsa_string(lib, top, key: str) -> str | None:
    node = ctypes.c_void_p()
    if lib.snd_config_search(top, key.encode(), ctypes.byref(node)) != 0:
        return None
    value = ctypes.c_char_p()
    if lib.snd_config_get_ascii(node, ctypes.byref(value)) != 0:
        return None
    return value.value.decode()


@pytest.mark.parametrize("path", ALSA_CONFIGS, ids=lambda path: path.stem)
def test_alsa_config_parses_in_alsa_lib_and_shares_the_mic(path):
    lib = alsa()
    top = load_alsa_config(lib, path)
    try:
        assert alsa_string(lib, top, "pcm.parley_mic_shared.type") == "dsnoop"
        assert alsa_string(lib, top, "pcm.parley_mic_shared.ipc_perm") is not None
        assert alsa_string(lib, top, "pcm.parley_mic_shared.slave.rate") == "16000"
        card = alsa_string(lib, top, "pcm.parley_mic_shared.slave.pcm")
        assert re.fullmatch(r"hw:CARD=[A-Za-z0-9_]{1,15},DEV=0", card), card
        assert alsa_string(lib, top, "pcm.parley_speaker_shared.type") == "dmix"
        assert alsa_string(lib, top, "pcm.parley_mic.slave.pcm") == "parley_mic_shared"
        assert alsa_string(lib, top, "pcm.default.capture.pcm") == "parley_mic"
        assert alsa_string(lib, top, "pcm.default.playback.pcm") == "parley_speaker"
        # the two shared devices must not collide on the IPC key
        keys = {
            alsa_string(lib, top, f"pcm.{name}.ipc_key")
            for name in ("parley_mic_shared", "parley_speaker_shared")
        }
        assert len(keys) == 2
    finally:
        lib.snd_config_delete(top)


def test_a_broken_alsa_config_is_caught(tmp_path):
    lib = alsa()
    broken = tmp_path / "asound.conf"
    broken.write_text("pcm.parley_mic { type dsnoop\n")
    top = ctypes.c_void_p()
    lib.snd_config_top(ctypes.byref(top))
    stream = ctypes.c_void_p()
    lib.snd_input_stdio_open(ctypes.byref(stream), str(broken).encode(), b"r")
    assert lib.snd_config_load(top, stream) < 0
    lib.snd_input_close(stream)
    lib.snd_config_delete(top)


def test_udev_rules_give_gpio_and_spi_to_their_groups():
    rules = (FIRMWARE / "udev" / "99-parley-gpio.rules").read_text().splitlines()
    parsed = []
    for line in rules:
        if not line.strip() or line.startswith("#"):
            continue
        pairs = [part.strip() for part in line.split(",")]
        fields = {}
        for pair in pairs:
            match = re.fullmatch(r'([A-Z]+)(==|=)"([^"]*)"', pair)
            assert match, f"not a udev key: {pair!r}"
            fields[match.group(1)] = (match.group(2), match.group(3))
        assert fields["SUBSYSTEM"][0] == "=="  # a match, not an assignment
        assert fields["MODE"] == ("=", "0660")
        parsed.append(fields)
    groups = {fields["GROUP"][1] for fields in parsed}
    assert groups == {"gpio", "spi"}
    subsystems = {fields["SUBSYSTEM"][1] for fields in parsed}
    assert {"gpio", "spidev"} <= subsystems


def test_the_guide_covers_every_hat():
    guide = (FIRMWARE / "README.md").read_text()
    for path in SNIPPETS:
        assert f"`{path.stem}`" in guide
