"""LED patterns on gpiozero's mock pins: every state's colour, animation and timing."""

from __future__ import annotations

import time

import pytest
from gpiozero.pins.mock import MockSPIDevice

from device.apa102 import decode, encode
from device.leds import Leds, plain_levels
from device.patterns import FPS, HEARTBEAT, PATTERNS, STATES, Pattern, frames, parse_colour
from services.config import ConfigError, LedsConfig, from_dict

GREEN, RED = 12, 13
RGB_PINS = [5, 6, 13]


def plain(**overrides) -> LedsConfig:
    values = {"kind": "led", "pins": {"green": GREEN}, "pwm": False, "brightness": 1.0}
    return LedsConfig(**(values | overrides))


@pytest.fixture
def one_led(mock_factory):
    leds = Leds(plain(), pin_factory=mock_factory)
    pin = mock_factory.pin(GREEN)
    time.sleep(0.05)
    pin.clear_states()
    yield leds, pin
    leds.close()


def until(predicate, timeout: float = 10.0) -> bool:
    """Wait for ``predicate`` (a busy machine may run the LED thread late)."""
    deadline = time.monotonic() + timeout
    while not predicate() and time.monotonic() < deadline:
        time.sleep(0.005)
    return bool(predicate())


def blink_steps(pattern: Pattern, cycles: int) -> list[tuple[float, bool]]:
    """The states and times a plain LED goes through for ``cycles`` blinks."""
    steps = [(0.0, False), (0.0, True)]
    for cycle in range(cycles):
        steps.append((pattern.on_s, False))
        if cycle < cycles - 1:
            steps.append((pattern.off_s, True))
    return steps


@pytest.mark.parametrize("state", ["success", "error"])
def test_a_flash_blinks_its_count_then_returns_to_the_steady_state(
    one_led, wait_states, state, timeline
):
    leds, pin = one_led
    pattern = PATTERNS[state]
    leds.show(state)
    expected = blink_steps(pattern, pattern.repeat)
    wait_states(pin, len(expected))
    time.sleep(pattern.off_s + 0.1)
    timeline(pin, expected)
    assert len(pin.states) == len(expected)  # idle is dark: nothing after the last blink
    assert leds.state == "idle"


def test_a_flash_returns_to_the_last_steady_state_not_to_idle(one_led, wait_states, timeline):
    leds, pin = one_led
    leds.show("muted")
    leds.show("error")
    pattern = PATTERNS["error"]
    # muted lights the LED; error restarts its blinks from lit and ends lit again (muted)
    expected = [(0.0, False), (0.0, True)]
    for _ in range(pattern.repeat):
        expected += [(pattern.on_s, False), (pattern.off_s, True)]
    wait_states(pin, len(expected))
    timeline(pin, expected)
    assert leds.state == "muted"


@pytest.mark.parametrize("state", ["notify", "offline"])
def test_a_waiting_state_blinks_until_the_next_state(one_led, wait_states, state, timeline):
    leds, pin = one_led
    pattern = PATTERNS[state]
    leds.show(state)
    expected = [(0.0, False), (0.0, True), (pattern.on_s, False), (pattern.off_s, True)]
    wait_states(pin, len(expected), timeout=pattern.on_s + pattern.off_s + 2)
    leds.show("idle")  # cuts the animation short: dark at once, and it stays dark
    wait_states(pin, len(expected) + 1)
    time.sleep(0.3)
    timeline(pin, [*expected, (0.0, False)])
    assert len(pin.states) == len(expected) + 1


def test_thinking_spins_as_a_blink_on_a_single_led(one_led, wait_states, timeline):
    leds, pin = one_led
    step = PATTERNS["thinking"].on_s
    leds.show("thinking")
    expected = [(0.0, False), (0.0, True), (step, False), (step, True), (step, False)]
    wait_states(pin, len(expected))
    leds.show("idle")
    timeline(pin, expected)


@pytest.mark.parametrize("state", ["wake", "listening", "muted"])
def test_a_steady_state_lights_once_and_stays(one_led, state, timeline):
    leds, pin = one_led
    leds.show(state)
    time.sleep(0.3)
    timeline(pin, [(0.0, False), (0.0, True)])
    assert len(pin.states) == 2
    leds.show(state)  # showing it again does not restart anything
    time.sleep(0.1)
    assert len(pin.states) == 2


def test_idle_is_dark(one_led, wait_states, timeline):
    leds, pin = one_led
    leds.show("wake")
    wait_states(pin, 2)
    leds.show("idle")
    wait_states(pin, 3)
    timeline(pin, [(0.0, False), (0.0, True), (0.0, False)])


def test_heartbeat_flickers_only_while_listening(one_led, wait_states, timeline):
    leds, pin = one_led
    leds.heartbeat()  # idle: nothing
    leds.show("listening")
    wait_states(pin, 2)
    leds.heartbeat()
    wait_states(pin, 4)
    timeline(pin, [(0.0, False), (0.0, True), (0.0, False), (HEARTBEAT.on_s, True)])
    assert leds.state == "listening"


def test_speaking_pulses_on_a_pwm_led(pwm_factory, wait_states, timeline):
    leds = Leds(plain(pwm=True), pin_factory=pwm_factory)
    pin = pwm_factory.pin(GREEN)
    time.sleep(0.05)
    pin.clear_states()
    pattern = PATTERNS["speaking"]
    steps_in, steps_out = round(pattern.on_s * FPS), round(pattern.off_s * FPS)
    expected = [(0.0, 0.0), (0.0, 1 / steps_in)]
    expected += [(pattern.on_s / steps_in, k / steps_in) for k in range(2, steps_in + 1)]
    expected += [(pattern.off_s / steps_out, 1 - k / steps_out) for k in range(1, steps_out + 1)]
    leds.show("speaking")
    wait_states(pin, len(expected))
    leds.show("idle")
    leds.close()
    timeline(pin, expected)


def test_brightness_and_colour_overrides_reach_an_rgb_led(pwm_factory, wait_states):
    settings = LedsConfig(
        kind="rgb", rgb_pins=RGB_PINS, brightness=0.5, colours={"wake": "#ff8000"}
    )
    leds = Leds(settings, pin_factory=pwm_factory)
    red, green, blue = (pwm_factory.pin(number) for number in RGB_PINS)
    leds.show("wake")
    wait_states(red, 2)
    assert until(lambda: green.state == pytest.approx(0.5 * 128 / 255))  # set after red
    assert red.state == pytest.approx(0.5)
    assert blue.state == 0
    leds.show("listening")
    wait_states(blue, 2)
    assert until(lambda: (red.state, green.state, blue.state) == (0, 0, pytest.approx(0.5)))
    leds.close()


def test_apply_changes_colours_live_and_reports_what_needs_a_restart(pwm_factory, wait_states):
    settings = LedsConfig(kind="rgb", rgb_pins=RGB_PINS, brightness=1.0)
    leds = Leds(settings, pin_factory=pwm_factory)
    red, _, blue = (pwm_factory.pin(number) for number in RGB_PINS)
    leds.show("listening")
    wait_states(blue, 2)
    changed = LedsConfig(
        kind="rgb", rgb_pins=[5, 6, 19], brightness=1.0, colours={"listening": "red"}
    )
    assert leds.apply(changed) == ["rgb_pins"]
    wait_states(red, 2)
    assert until(lambda: (red.state, blue.state) == (1.0, 0.0))
    leds.close()


def test_every_state_has_a_distinct_look_on_an_rgb_led():
    looks = {(p.colour, p.animation, p.on_s, p.off_s, p.repeat) for p in PATTERNS.values()}
    assert len(looks) == len(PATTERNS)


class Apa102Recorder(MockSPIDevice):
    """The slave end of the SPI bus: collects each transfer's bytes as one frame."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.frames: list[list[int]] = []
        self._bytes: list[int] = []

    def on_start(self) -> None:
        super().on_start()
        self._bytes = []

    def on_select(self) -> None:
        super().on_select()
        if self.select_pin.state != self.select_high and self._bytes:
            self.frames.append(self._bytes)
            self._bytes = []

    def on_bit(self) -> None:
        if len(self.rx_buf) == 8:
            self._bytes.append(self.rx_word())
            self.rx_buf = []


@pytest.fixture
def ring(mock_factory):
    recorder = Apa102Recorder(clock_pin=11, mosi_pin=10, select_pin=8, pin_factory=mock_factory)
    settings = LedsConfig(kind="apa102", pixels=3, brightness=1.0, power_pin=5)
    leds = Leds(settings, pin_factory=mock_factory)
    time.sleep(0.05)
    recorder.frames.clear()
    mock_factory.pin(8).clear_states()
    yield leds, recorder, mock_factory.pin(8)
    leds.close()
    recorder.close()


def test_the_ring_shows_a_state_colour_on_every_pixel(ring, wait_states):
    leds, recorder, select = ring
    leds.show("wake")
    wait_states(select, 3)
    assert until(lambda: recorder.frames)
    assert [decode(frame) for frame in recorder.frames] == [[(31, 255, 255, 255)] * 3]


def test_the_ring_spins_while_thinking(ring, wait_states):
    leds, recorder, select = ring
    step = PATTERNS["thinking"].on_s
    leds.show("thinking")
    wait_states(select, 9)  # four frames: select goes low and back high for each
    leds.show("idle")
    time.sleep(0.05)
    changes = select.states[1:9]
    assert [state for _, state in changes] == [False, True] * 4
    # a frame takes a few ms to bit-bang; each starts one step after the one before
    starts = [changes[i + 1][0] + changes[i + 2][0] for i in range(0, 6, 2)]
    assert starts == pytest.approx([step] * 3, abs=0.05)
    lit = [[pixel[2] for pixel in decode(frame)] for frame in recorder.frames[:4]]  # cyan: green
    assert [row.index(255) for row in lit] == [0, 1, 2, 0]
    assert lit[1] == [round(255 * 0.35), 255, 0]  # the tail of the step before


def test_the_ring_is_powered_by_its_pin_and_dark_after_close(mock_factory):
    recorder = Apa102Recorder(clock_pin=11, mosi_pin=10, select_pin=8, pin_factory=mock_factory)
    leds = Leds(LedsConfig(kind="apa102", pixels=3, power_pin=5), pin_factory=mock_factory)
    assert mock_factory.pin(5).state is True
    leds.show("muted")
    time.sleep(0.1)
    leds.close()
    assert decode(recorder.frames[-1]) == [(31, 0, 0, 0)] * 3
    assert mock_factory.pin(5).state is False
    recorder.close()


def test_apa102_encoding_follows_the_datasheet():
    data = encode([(1.0, 0.0, 0.0), (0.0, 0.5, 1.0)], brightness=7)
    assert data[:4] == [0, 0, 0, 0]
    assert data[4:8] == [0xE7, 0, 0, 255]  # header, blue, green, red
    assert data[8:12] == [0xE7, 255, 128, 0]
    assert len(data) >= 12 + 1  # at least half a clock per pixel after the last one
    assert decode(data) == [(7, 255, 0, 0), (7, 0, 128, 255)]
    with pytest.raises(ValueError):
        encode([], brightness=32)


def test_plain_leds_light_by_colour_content():
    red, green = parse_colour("red"), parse_colour("green")
    assert plain_levels(parse_colour("yellow"), [red, green]) == [1.0, 1.0]
    assert plain_levels(parse_colour("red"), [red, green]) == [1.0, 0.0]
    assert plain_levels(parse_colour("blue"), [red, green]) == [1.0, 1.0]  # none has it: all
    assert plain_levels(parse_colour("off"), [red, green]) == [0.0, 0.0]
    assert plain_levels((0.0, 0.0, 0.4), [green]) == [0.4]  # a single LED shows any colour


def test_two_plain_leds_show_red_and_green_states(mock_factory, wait_states):
    leds = Leds(plain(pins={"green": GREEN, "red": RED}), pin_factory=mock_factory)
    green, red = mock_factory.pin(GREEN), mock_factory.pin(RED)
    leds.show("muted")
    wait_states(red, 2)
    assert (red.state, green.state) == (True, False)
    leds.show("speaking")  # green pulse: on/off LEDs light while the level is above zero
    wait_states(green, 2)
    assert red.state is False
    leds.close()


def test_frames_of_finite_patterns_end_and_steady_ones_hold():
    white = parse_colour("white")
    error = list(frames(PATTERNS["error"], white))
    assert len(error) == 2 * PATTERNS["error"].repeat
    assert [frame.hold_s for frame in frames(PATTERNS["wake"], white)] == [None]
    spin = frames(PATTERNS["thinking"], white, count=12)
    assert len([next(spin) for _ in range(30)]) == 30  # endless


def test_unknown_state_is_refused(one_led):
    leds, _ = one_led
    with pytest.raises(ValueError, match="unknown LED state"):
        leds.show("dancing")
    assert set(STATES) == set(PATTERNS)


@pytest.mark.parametrize(
    ("leds", "key"),
    [
        ({"kind": "rbg"}, "leds.kind"),
        ({"colours": {"lisening": "blue"}}, "leds.colours"),
        ({"colours": {"listening": "#12345"}}, "leds.colours"),
        ({"kind": "rgb", "rgb_pins": [5, 6]}, "leds.rgb_pins"),
        ({"brightness": 2}, "leds.brightness"),
        ({"pins": {"green": 40}}, "leds.pins"),
        ({"pins": {"grene": 12}}, "leds.pins"),
        ({"colour": {}}, "leds.colour"),
    ],
)
def test_a_typo_in_the_leds_section_names_the_key(leds, key):
    with pytest.raises(ConfigError) as caught:
        from_dict({"leds": leds}, "/etc/parley/config.toml")
    assert caught.value.key == key
    assert caught.value.exit_code == 78
    assert str(caught.value).startswith(f"/etc/parley/config.toml: {key}: ")


# -- following the bus ---------------------------------------------------------------------
