"""Parley's errors: one base class, one subclass per stage, and a code on each.

Every error carries a message a person can read aloud or in a log, and a code (as Home
Assistant's pipeline errors do: ``stt-no-text``, ``llm-missing``) that callers branch on: the
message's wording may change, the code does not. Each class has a default code; a raise site
names a more precise one. Stages raise these (chained with ``raise ... from``); one place turns
them into an error event, which carries the code too.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    """What went wrong, for code to branch on (and MQTT ``event/error`` to report)."""

    FAILED = "failed"
    CONFIG_INVALID = "config-invalid"
    STORE_FAILED = "store-failed"
    STORE_LOCKED = "store-locked"
    STORE_FULL = "store-full"
    PARSE_FAILED = "parse-failed"
    RESOLVE_FAILED = "resolve-failed"
    RESOLVE_UNKNOWN = "resolve-unknown"
    RESOLVE_AMBIGUOUS = "resolve-ambiguous"
    EXECUTION_FAILED = "execution-failed"
    AUDIO_FAILED = "audio-failed"
    ENGINE_FAILED = "engine-failed"
    WAKE_MISSING = "wake-missing"  # no wake word model (or openWakeWord not installed)
    WAKE_FAILED = "wake-failed"
    VAD_MISSING = "vad-missing"
    STT_MISSING = "stt-missing"  # no Whisper or Vosk model
    STT_FAILED = "stt-failed"
    STT_NO_TEXT = "stt-no-text"  # neither Whisper nor the fallback gave a transcript
    TTS_MISSING = "tts-missing"
    TTS_FAILED = "tts-failed"
    LLM_MISSING = "llm-missing"  # llama-cpp-python or the model file is not installed
    LLM_FAILED = "llm-failed"
    SYNC_FAILED = "sync-failed"


class ParleyError(Exception):
    """Base of every error Parley raises on purpose."""

    stage = "parley"
    code = ErrorCode.FAILED  # the default for the class; a raise site may name another

    def __init__(
        self, message: str, *, code: ErrorCode | None = None, spoken: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        # what a reply says aloud: ``message`` without details no one should hear read out
        # (a file path, the OS's words)
        self.spoken = spoken or message
        if code is not None:
            self.code = code


class ConfigError(ParleyError):
    """A config file does not load or does not validate."""

    stage = "config"
    code = ErrorCode.CONFIG_INVALID
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
    code = ErrorCode.STORE_FAILED


class StoreLockedError(StoreError):
    """Another process holds the store's write lock."""

    code = ErrorCode.STORE_LOCKED


class StoreAccessError(StoreError):
    """This user may not open the store (its files belong to the daemon's user)."""


class StoreFullError(StoreError):
    """The disk is full (or the file too large): the write was not made."""

    code = ErrorCode.STORE_FULL


class ParseError(ParleyError):
    """Text could not be turned into a command."""

    stage = "parse"
    code = ErrorCode.PARSE_FAILED


class ResolveError(ParleyError):
    """A name, task or time in a command does not resolve to one thing."""

    stage = "resolve"
    code = ErrorCode.RESOLVE_FAILED


class UnknownEntityError(ResolveError):
    """Nothing matches a name (a person, project or task nobody has)."""

    code = ErrorCode.RESOLVE_UNKNOWN


class AmbiguousError(ResolveError):
    """A name matches several things; ``options`` lists them."""

    code = ErrorCode.RESOLVE_AMBIGUOUS

    def __init__(self, message: str, options: list[str]) -> None:
        super().__init__(message)
        self.options = options


class ExecutionError(ParleyError):
    """An action failed while running."""

    stage = "execute"
    code = ErrorCode.EXECUTION_FAILED


class AudioError(ParleyError):
    """The microphone or speaker failed."""

    stage = "audio"
    code = ErrorCode.AUDIO_FAILED


class EngineError(ParleyError):
    """A model engine (wake word, STT, TTS, LLM) failed or is missing."""

    stage = "engine"
    code = ErrorCode.ENGINE_FAILED


class SyncError(ParleyError):
    """MQTT control or sync failed."""

    stage = "sync"
    code = ErrorCode.SYNC_FAILED
