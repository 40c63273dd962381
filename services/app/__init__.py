"""The program around the stages: the `parley` command and the daemon.

- cli.py            the `parley` command and its core subcommands (say, tasks, people, ...)
- options.py        the global options (--config, --state-dir, --now) -> config, clock, core
- cli_*.py          further subcommands: alerts, store, mqtt/sync, parse/when, llm
- run.py            `parley run`: the one start-up and shutdown path
- daemon.py         the daemon: engines, pipeline, job queue and audio, assembled; components
                    supervised
- components.py     what `parley run` attaches: scheduler, MQTT, status, systemd, LEDs, button
- feedback.py       which LED state each pipeline event shows
- lifecycle.py      SIGHUP reload and the shutdown (STOPPING, drain the queue, save the rest)
- systemd.py        sd_notify: READY, WATCHDOG, STATUS, STOPPING, and stage health
- status.py         the `parley status` socket and board
- model_files.py    where each model lives, its size, sha256 and licence (`parley models`)
"""
