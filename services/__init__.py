"""Parley services: everything that does not touch hardware, one package per stage.

Where things live (the flow of one utterance reads top to bottom):
- voice/     the voice pipeline: wake word, endpointing (VAD), speech to text, text to speech,
             and the orchestrator that runs them over the mic's frames
- nlu/       understanding: the Command contract, spoken times, the fast-path parser, the
             local LLM parser and the router between them
- core/      doing: the assistant (text in, Outcome out), executor and action handlers, the
             job queue, the scheduler, reply wording
- store/     the crash-safe TinyDB store: journal, lock, backups, migrations
- sync/      sync between Parley devices: hybrid logical clock, per-field merge, outbox
- mqtt/      MQTT control, events, state and Home Assistant discovery
- app/       the program: the `parley` CLI, the daemon and its components, the status
             socket, reload and shutdown, systemd notify, model files

Shared leaves every stage may import:
- errors.py  the error hierarchy, one subclass per stage, each error with a code
- events.py  the internal event bus and the core events
- clock.py   the clock (fixed by --now for tests and the CLI)
- config.py  TOML config -> frozen structs, validated on load (exit 78 on a bad file)

The layers (app > mqtt > voice, sync > core > nlu, store > shared > device) are checked by
import-linter in `make test` (see the [tool.importlinter] contracts in pyproject.toml).
"""

import os
from importlib.metadata import PackageNotFoundError, version

# llama.cpp and CTranslate2 (Whisper) each load their own libgomp, which reads its settings once,
# when the library loads: whatever imports llama_cpp first (a test's importorskip, a tool)
# decides. Left to spin, two busy OpenMP pools on a 2-core machine (two parsers in two test
# workers, or a parser beside a CPU hog) each wait on a thread the other has preempted: a 3 s
# test took 324 s. Threads that sleep while they wait cost nothing measurable for Whisper
# (bench_stt p50 584 ms against 582 ms); for llama.cpp see services/nlu/llama_output.py. Set
# here so it is in place before any engine loads; a value already in the environment stands.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

try:
    __version__ = version("parley")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+local"
