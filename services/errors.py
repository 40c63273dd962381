"""Parley's errors: one base class, one subclass per stage.

Every error carries a message a person can read aloud or in a log. Stages raise these
(chained with ``raise ... from``); one place turns them into an error event.
"""

from __future__ import annotations


class ParleyError(Exception):
    """Base of every error Parley raises on purpose."""

    stage = "parley"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigError(ParleyError):
    """A config file does not load or does not validate."""

    stage = "config"
    exit_code = 78  # EX_CONFIG: the systemd unit does not restart on it

    def __init__(self, file: str, key: str, problem: str) -> None:
        self.file = file
        self.key = key
        self.problem = problem
        where = f"{file}: {key}: " if key else f"{file}: "
        super().__init__(f"{where}{problem}")


class StoreError(ParleyError):
    """The task store cannot be opened, read or written."""

    stage = "store"


class StoreLockedError(StoreError):
    """Another process holds the store's write lock."""


class StoreFullError(StoreError):
    """The disk is full (or the file too large): the write was not made."""


class ParseError(ParleyError):
    """Text could not be turned into a command."""

    stage = "parse"


class ResolveError(ParleyError):
    """A name, task or time in a command does not resolve to one thing."""

    stage = "resolve"


class UnknownEntityError(ResolveError):
    """Nothing matches a name (a person, project or task nobody has)."""


class AmbiguousError(ResolveError):
    """A name matches several things; ``options`` lists them."""

    def __init__(self, message: str, options: list[str]) -> None:
        super().__init__(message)
        self.options = options


class ExecutionError(ParleyError):
    """An action failed while running."""

    stage = "execute"


class AudioError(ParleyError):
    """The microphone or speaker failed."""

    stage = "audio"


class EngineError(ParleyError):
    """A model engine (wake word, STT, TTS, LLM) failed or is missing."""

    stage = "engine"


class SyncError(ParleyError):
    """MQTT control or sync failed."""

    stage = "sync"
