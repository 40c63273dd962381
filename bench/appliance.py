"""Benchmark the appliance pieces: LED and button latency, status round trip, idle CPU.

Runs on gpiozero's mock pins (no Pi needed); on a Pi, pass --real-pins to use the board's.
Prints medians and p95 against the budgets they serve (DESIGN.md: whole daemon idle CPU
<= 10% of one core; a button or LED that lags 100 ms feels broken).

    PYTHONPATH=. .venv/bin/python bench/appliance.py [--rounds 200]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("GPIOZERO_PIN_FACTORY", "mock")

from gpiozero import Device
from gpiozero.pins.mock import MockFactory

from device.apa102 import encode
from device.buttons import GestureCore, TalkButton
from device.leds import Leds
from services.app.status import StatusBoard, StatusServer, query
from services.config import ButtonConfig, LedsConfig


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(0, int(len(ordered) * 0.95) - 1)]


def report(name: str, samples: list[float], unit: str, budget: str) -> None:
    p50, p95 = percentiles(samples)
    print(f"{name:<34} p50 {p50:9.3f} {unit}  p95 {p95:9.3f} {unit}  ({budget})")


def led_latency(factory, rounds: int) -> list[float]:
    leds = Leds(LedsConfig(kind="led", pins={"green": 12}, pwm=False), pin_factory=factory)
    pin = factory.pin(12)
    samples = []
    for index in range(rounds):
        state = "wake" if index % 2 == 0 else "idle"
        expected = state == "wake"
        start = time.perf_counter()
        leds.show(state)
        while pin.state != expected:
            time.sleep(0)
        samples.append((time.perf_counter() - start) * 1000)
    leds.close()
    return samples


def button_latency(factory, rounds: int) -> list[float]:
    heard = threading.Event()
    settings = ButtonConfig(pin=17, debounce_s=0.001, double_press_s=0.002, hold_s=0.5)
    button = TalkButton(
        settings, heard.set, lambda: None, lambda: None, lambda: None, pin_factory=factory
    )
    pin = factory.pin(17)
    samples = []
    for _ in range(rounds):
        heard.clear()
        time.sleep(0.004)  # past the debounce and double-press windows
        start = time.perf_counter()
        pin.drive_low()
        heard.wait(1.0)
        samples.append((time.perf_counter() - start) * 1000)
        pin.drive_high()
    button.close()
    return samples


def status_round_trip(rounds: int) -> list[float]:
    board = StatusBoard()
    board.add("jobs", lambda: {"running": 0, "queued": 0})
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "status.sock"
        samples = []
        with StatusServer(path, board.snapshot):
            for _ in range(rounds):
                start = time.perf_counter()
                query(path)
                samples.append((time.perf_counter() - start) * 1000)
    return samples


def idle_cpu(factory, seconds: float) -> float:
    leds = Leds(LedsConfig(kind="rgb", rgb_pins=[5, 6, 13], pwm=False), pin_factory=factory)
    button = TalkButton(ButtonConfig(pin=17), *(lambda: None,) * 4, pin_factory=factory)
    leds.show("idle")
    time.sleep(0.2)
    start_cpu, start = time.process_time(), time.perf_counter()
    time.sleep(seconds)
    used = (time.process_time() - start_cpu) / (time.perf_counter() - start) * 100
    leds.close()
    button.close()
    return used


def micro(fn, rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1_000_000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--real-pins", action="store_true", help="use the Pi's own pins")
    args = parser.parse_args()
    factory = None if args.real_pins else MockFactory()
    if factory is not None:
        Device.pin_factory = factory
    report("LED show() -> pin change", led_latency(factory, args.rounds), "ms", "feel: < 20 ms")
    report("button press -> on_listen", button_latency(factory, args.rounds), "ms", "feel: < 20 ms")
    report("parley status round trip", status_round_trip(args.rounds), "ms", "CLI: < 100 ms")
    core = GestureCore(ButtonConfig(pin=17))
    clock = iter(range(10**9))
    report(
        "gesture core, one edge",
        micro(lambda: core.edge(True, next(clock) * 1.0), 5000),
        "us",
        "pure core",
    )
    frame = [(0.1, 0.2, 0.3)] * 12
    report(
        "APA102 encode, 12 pixels",
        micro(lambda: encode(frame), 5000),
        "us",
        "25 fps pulse: < 40000 us",
    )
    cpu = idle_cpu(factory, 3.0)
    print(
        f"{'idle CPU, LEDs + button threads':<34} {cpu:9.2f} % of one core  "
        "(whole daemon budget: <= 10 %)"
    )


if __name__ == "__main__":
    main()
