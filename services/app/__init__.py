"""The program around the stages: the `parley` command and the daemon.

- cli.py          the `parley` command and its core subcommands (say, tasks, people, ...)
- cli_*.py        further subcommands: store, mqtt/sync, parse/when, llm
- daemon.py       `parley run`: builds the engines and the pipeline, supervises components
- components.py   what `parley run` attaches: scheduler, MQTT, status, systemd, LEDs, button
- lifecycle.py    SIGHUP reload and the SIGTERM shutdown path
- systemd.py      sd_notify: READY, STOPPING, WATCHDOG, and stage health
- status.py       the `parley status` socket and board
- model_files.py  where each model lives, its size, sha256 and licence (`parley models`)
"""
