"""The talk button: the gesture core on timestamps, then the real wiring on mock pins."""

from __future__ import annotations

import itertools
import time

import pytest
from gpiozero.pins.mock import MockPin
from hypothesis import given
from hypothesis import strategies as st

from device.buttons import (
    DoublePressed,
    GestureCore,
    HoldReleased,
    LongPressed,
    Pressed,
    TalkButton,
)
from services.config import ButtonConfig, ConfigError, from_dict

SETTINGS = ButtonConfig(
    pin=17, debounce_s=0.03, hold_s=0.5, long_press_s=3.0, double_press_s=0.4, mute_pin=27
)


def run(events: list[tuple[str, float]], settings: ButtonConfig = SETTINGS) -> list:
    """Feed ("down"|"up"|"tick", at) events to a core; return the gestures, in order."""
    core = GestureCore(settings)
    gestures = []
    for kind, at in events:
        if kind == "tick":
            gestures += core.tick(at)
        else:
            gestures += core.edge(kind == "down", at)
    return gestures


def test_a_tap_starts_listening_and_leaves_the_end_to_the_vad():
    assert run([("down", 1.0), ("up", 1.2), ("tick", 5.0)]) == [Pressed(1.0)]


def test_a_hold_is_push_to_talk_ending_on_release():
    assert run([("down", 1.0), ("up", 2.5)]) == [Pressed(1.0), HoldReleased(2.5)]


def test_a_long_press_stops_while_still_held_and_its_release_does_nothing():
    gestures = run([("down", 1.0), ("tick", 3.9), ("tick", 4.0), ("up", 6.0)])
    assert gestures == [Pressed(1.0), LongPressed(4.0)]


def test_a_long_press_is_noticed_at_release_when_no_tick_came():
    assert run([("down", 1.0), ("up", 5.0)]) == [Pressed(1.0), LongPressed(4.0)]


def test_a_double_press_toggles_mute_instead_of_listening_again():
    events = [("down", 1.0), ("up", 1.1), ("down", 1.4), ("up", 1.5), ("tick", 9.0)]
    assert run(events) == [Pressed(1.0), DoublePressed(1.4)]


def test_a_slow_second_press_is_a_new_press():
    events = [("down", 1.0), ("up", 1.1), ("down", 1.6), ("up", 1.7)]
    assert run(events) == [Pressed(1.0), Pressed(1.6)]


def test_a_press_after_a_hold_is_not_a_double():
    events = [("down", 1.0), ("up", 1.8), ("down", 1.9), ("up", 2.0)]
    assert run(events) == [Pressed(1.0), HoldReleased(1.8), Pressed(1.9)]


def test_a_triple_press_is_one_double_then_a_press():
    events = [("down", 1.0), ("up", 1.1), ("down", 1.3), ("up", 1.4), ("down", 1.6)]
    assert run(events) == [Pressed(1.0), DoublePressed(1.3), Pressed(1.6)]


def test_contact_bounce_is_one_press():
    bounce = [("down", 1.0), ("up", 1.004), ("down", 1.008), ("up", 1.011), ("down", 1.015)]
    assert run([*bounce, ("tick", 1.1), ("up", 1.3), ("tick", 5.0)]) == [Pressed(1.0)]


def test_a_release_inside_the_bounce_window_is_read_when_it_settles():
    # down, then up 10 ms later and staying up: the up is taken once the window ends
    gestures = run([("down", 1.0), ("up", 1.01), ("tick", 1.03), ("down", 1.2), ("up", 1.25)])
    assert gestures == [Pressed(1.0), DoublePressed(1.2)]


def test_next_deadline_names_the_long_press_and_the_bounce_window():
    core = GestureCore(SETTINGS)
    assert core.next_deadline() is None
    core.edge(True, 1.0)
    assert core.next_deadline() == pytest.approx(4.0)
    core.edge(False, 1.01)
    assert core.next_deadline() == pytest.approx(1.03)
    core.tick(1.03)
    assert core.next_deadline() is None


@given(
    st.lists(st.tuples(st.sampled_from(["down", "up", "tick"]), st.floats(0.0, 0.8)), max_size=40)
)
def test_any_sequence_makes_at_most_one_gesture_per_accepted_press(steps):
    at, events = 0.0, []
    for kind, gap in steps:
        at += gap
        events.append((kind, at))
    gestures = run(events)
    starts = [g for g in gestures if isinstance(g, Pressed | DoublePressed)]
    ends = [g for g in gestures if isinstance(g, HoldReleased | LongPressed)]
    assert len(ends) <= len(starts)
    assert [g.at for g in gestures] == sorted(g.at for g in gestures)
    assert not any(
        isinstance(a, DoublePressed) and isinstance(b, DoublePressed)
        for a, b in itertools.pairwise(gestures)
    )


class Recorder:
    """Callbacks that note what happened and when (by the clock the button reads)."""

    def __init__(self, clock=time.monotonic) -> None:
        self.calls: list[tuple[str, float]] = []
        self._clock = clock

    def __getattr__(self, name: str):
        if not name.startswith("on_"):
            raise AttributeError(name)
        return lambda *args: self.calls.append(
            (name if not args else f"{name}:{args[0]}", self._clock())
        )


class ManualClock:
    """Monotonic seconds that move only when a test moves them."""

    def __init__(self, now: float = 100.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class Rig:
    """The real TalkButton on mock pins, on a clock the test moves: nothing depends on how
    fast this machine happens to be (a busy CI machine stretches every sleep)."""

    def __init__(self, factory, settings: ButtonConfig = SETTINGS, **callbacks) -> None:
        self.clock = ManualClock()
        self.calls = Recorder(self.clock)
        self.talk = TalkButton(
            settings,
            callbacks.get("on_listen", self.calls.on_listen),
            self.calls.on_release,
            self.calls.on_stop,
            self.calls.on_mute_toggle,
            pin_factory=factory,
            on_mute=self.calls.on_mute,
            clock=self.clock,
            run_timer=False,
        )
        self.pin = factory.pin(settings.pin) if settings.pin else None
        self.switch = factory.pin(settings.mute_pin)

    def at(self, offset: float) -> Rig:
        """Move the clock to ``offset`` seconds after the start; settle what came due."""
        self.clock.now = 100.0 + offset
        self.talk.tick()
        return self

    def down(self, offset: float) -> None:
        self.at(offset).pin.drive_low()

    def up(self, offset: float) -> None:
        self.at(offset).pin.drive_high()

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.calls.calls]


@pytest.fixture
def rig(mock_factory):
    made = Rig(mock_factory)
    made.pin.clear_states()
    yield made
    made.talk.close()


def names(calls: Recorder) -> list[str]:
    return [name for name, _ in calls.calls]


def wait_until(predicate, timeout: float = 30.0) -> bool:
    """Poll ``predicate`` until it holds or ``timeout`` real seconds pass; return it."""
    deadline = time.monotonic() + timeout
    while not predicate() and time.monotonic() < deadline:
        time.sleep(0.005)
    return predicate()


def test_gpio_tap(rig):
    rig.down(0.0)
    rig.up(0.1)
    rig.at(5.0)
    rig.pin.assert_states([True, False, True])
    assert rig.names == ["on_listen"]


def test_gpio_hold_is_push_to_talk(rig):
    rig.down(0.0)
    rig.up(0.8)
    rig.at(5.0)
    assert rig.names == ["on_listen", "on_release"]
    assert rig.calls.calls[1][1] == pytest.approx(100.8)


def test_gpio_long_press_stops_at_the_threshold_while_held(rig):
    rig.down(0.0)
    rig.at(2.99)
    assert rig.names == ["on_listen"]
    rig.at(3.01)
    assert rig.names == ["on_listen", "on_stop"]
    assert rig.calls.calls[1][1] == pytest.approx(100.0 + SETTINGS.long_press_s, abs=0.02)
    rig.up(3.3)  # the release after a long press does nothing
    rig.at(9.0)
    assert rig.names == ["on_listen", "on_stop"]


def test_gpio_double_press_toggles_mute(rig):
    rig.down(0.0)
    rig.up(0.1)
    rig.down(0.25)
    rig.up(0.35)
    rig.at(5.0)
    rig.pin.assert_states([True, False, True, False, True])
    assert rig.names == ["on_listen", "on_mute_toggle"]


def test_gpio_bounce_is_one_press(rig):
    for step in range(3):  # 3 ms chatter, as a cheap tactile switch makes
        rig.down(step * 0.006)
        rig.up(step * 0.006 + 0.003)
    rig.down(0.018)
    rig.at(0.05)  # the bounce window has ended with the button down: still one press
    rig.up(0.2)
    rig.at(5.0)
    assert len(rig.pin.states) == 9
    assert rig.names == ["on_listen"]


def test_gpio_mute_switch_reports_its_position(rig):
    rig.switch.clear_states()
    rig.switch.drive_low()
    assert wait_until(lambda: rig.talk.is_muted_by_switch)
    time.sleep(SETTINGS.debounce_s * 2)  # gpiozero's own debounce on the switch, in real time
    rig.switch.drive_high()
    assert wait_until(lambda: not rig.talk.is_muted_by_switch)
    rig.switch.assert_states([True, False, True])
    assert rig.names == ["on_mute:True", "on_mute:False"]


def test_the_timer_thread_makes_a_long_press_on_the_real_clock(mock_factory):
    quick = ButtonConfig(
        pin=17, debounce_s=0.03, hold_s=0.2, long_press_s=0.6, double_press_s=0.3, mute_pin=27
    )
    calls = Recorder()
    talk = TalkButton(
        quick,
        calls.on_listen,
        calls.on_release,
        calls.on_stop,
        calls.on_mute_toggle,
        pin_factory=mock_factory,
    )
    pin = mock_factory.pin(17)
    try:
        start = time.monotonic()
        pin.drive_low()
        assert wait_until(lambda: len(calls.calls) >= 2), names(calls)
        pin.drive_high()
        assert names(calls) == ["on_listen", "on_stop"]
        assert calls.calls[1][1] - start >= quick.long_press_s - 0.01  # never early
    finally:
        talk.close()


class HeldLowPin(MockPin):
    """A pin whose switch is already closed to ground: setting the pull-up cannot lift it."""

    def _set_pull(self, value):
        self._pull = value


def test_a_switch_already_on_at_start_mutes(mock_factory):
    assert mock_factory.pin(27, pin_class=HeldLowPin).state is False
    calls = Recorder()
    talk = TalkButton(
        SETTINGS,
        calls.on_listen,
        calls.on_release,
        calls.on_stop,
        calls.on_mute_toggle,
        pin_factory=mock_factory,
    )
    assert names(calls) == ["on_mute_toggle"]  # no on_mute given: the toggle stands in
    talk.close()


def test_a_failing_callback_does_not_stop_the_button(mock_factory):
    def broken() -> None:
        raise RuntimeError("pipeline gone")

    rig = Rig(mock_factory, on_listen=broken)
    rig.down(0.0)
    rig.up(0.6)
    assert rig.names == ["on_release"]
    rig.talk.close()


@pytest.mark.parametrize(
    ("button", "key"),
    [
        ({"pin": 99}, "button.pin"),
        ({"hold_s": 4.0}, "button.hold_s"),
        ({"long_pres_s": 2.0}, "button.long_pres_s"),
        ({"pin": 17, "mute_pin": 17}, "button.mute_pin"),
        ({"debounce_s": "fast"}, "button.debounce_s"),
    ],
)
def test_a_typo_in_the_button_section_names_the_key(button, key):
    with pytest.raises(ConfigError) as caught:
        from_dict({"button": button}, "config.toml")
    assert caught.value.key == key


def test_apply_changes_timings_live_and_names_pin_changes(rig):
    quicker = ButtonConfig(
        pin=17, debounce_s=0.03, hold_s=0.2, long_press_s=0.6, double_press_s=0.3, mute_pin=27
    )
    assert rig.talk.apply(quicker) == []
    rig.down(0.0)
    rig.at(0.61)  # now past the new long-press time
    rig.up(0.8)
    assert rig.names == ["on_listen", "on_stop"]
    moved = ButtonConfig(pin=22, mute_pin=27)
    assert rig.talk.apply(moved) == ["pin"]


def test_pin_0_means_no_talk_button_but_the_mute_switch_still_works(mock_factory):
    calls = Recorder()
    talk = TalkButton(
        ButtonConfig(pin=0, mute_pin=27),
        calls.on_listen,
        calls.on_release,
        calls.on_stop,
        calls.on_mute_toggle,
        pin_factory=mock_factory,
        on_mute=calls.on_mute,
    )
    from gpiozero import Button

    Button(0, pin_factory=mock_factory).close()  # GPIO0 (the HAT EEPROM) was not claimed
    mock_factory.pin(27).drive_low()
    assert names(calls) == ["on_mute:True"]
    talk.close()
