"""Parley services: everything that does not touch hardware.

Where things live:
- config.py      TOML config -> frozen structs, validated on load (exit 78 on a bad file)
- errors.py      the error hierarchy, one subclass per stage
- events.py      the internal event bus and the core events
- clock.py       the clock (fixed by --now for tests and the CLI)
- commands.py    Command / Action: what every parser produces and the executor runs
- timeparse.py   spoken dates and times -> aware datetimes
- store/         the TinyDB store: journal storage, locking, backups, migrations
- parser/        fast-path parser, fuzzy name resolution (and the LLM parser)
- executor.py    runs a Command atomically against the store, undo, confirmations
- jobs.py        the job queue (several commands in flight)
- scheduler.py   reminders, timers and meeting alerts
- core.py        Parley: text in, Outcome out (parser + executor + log)
- cli.py         the `parley` command
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("parley")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+local"
