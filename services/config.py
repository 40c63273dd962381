"""Configuration: TOML files over SSH -> frozen, validated structs.

The embedded defaults are the field defaults below; ``config/default.toml`` documents every key
with the same values (a test keeps the two equal). A user file (``--config FILE``,
``$PARLEY_CONFIG`` or ``/etc/parley/config.toml``) overlays them key by key.

A bad file raises ``ConfigError`` naming the file, the key and the problem; the CLI turns it into
one line on stderr and exit code 78, which the systemd unit does not restart on.

Structs come from msgspec: frozen, unknown keys rejected, types checked, with the path of the
offending key in the error, which is what a person editing TOML over SSH needs.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Any, Literal

import msgspec

from services.errors import ConfigError

SYSTEM_CONFIG = Path("/etc/parley/config.toml")
DEFAULT_FILE = Path(__file__).resolve().parent.parent / "config" / "default.toml"


class Section(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Base of every config section.

    A ``__post_init__`` check raises ``ValueError("field: problem")`` so the error names the key.
    """


def _positive(name: str, value: float) -> None:
    if value <= 0:
        raise ValueError(f"{name}: must be greater than 0, got {value}")


class General(Section):
    device_id: str = "parley"  # names this device on MQTT and in sync
    timezone: str = "local"  # an IANA zone such as "Europe/London", or "local"
    state_dir: str = "~/.local/state/parley"  # the store, backups, logs; /var/lib/parley on a Pi
    owner: str = "me"  # who "me" is in "remind me"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"


class StoreConfig(Section):
    storage: Literal["journal", "json"] = "journal"  # journal: append+fsync; json: stock TinyDB
    compact_bytes: int = 4_000_000  # rewrite the snapshot once the journal is this large
    backups: int = 7  # rotating backups kept in <state_dir>/backups
    backup_every_hours: float = 24.0

    def __post_init__(self) -> None:
        _positive("compact_bytes", self.compact_bytes)
        if self.backups < 1:
            raise ValueError("backups: must be at least 1")


class Dates(Section):
    morning: str = "09:00"  # "in the morning", "tomorrow morning"
    afternoon: str = "14:00"
    evening: str = "18:00"  # "this evening"
    tonight: str = "20:00"
    end_of_day: str = "17:00"  # "by end of day"
    default_time: str = "09:00"  # a date with no time ("Friday") means this time
    week_starts: Literal["monday", "sunday"] = "monday"
    # "at 5" with no am/pm: hours below this are taken as pm (so 5 means 17:00)
    ambiguous_pm_before: int = 7

    def __post_init__(self) -> None:
        for name in ("morning", "afternoon", "evening", "tonight", "end_of_day", "default_time"):
            value = getattr(self, name)
            if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
                raise ValueError(f"{name}: must be HH:MM (24 hour), got {value!r}")


class Parser(Section):
    fuzzy_threshold: int = 80  # rapidfuzz score (0-100) for a name to match
    ambiguity_margin: int = 5  # two matches this close in score are ambiguous


class Executor(Section):
    confirm_timeout_s: float = 30.0  # how long a "yes"/"no" is waited for
    undo_depth: int = 20

    def __post_init__(self) -> None:
        _positive("confirm_timeout_s", self.confirm_timeout_s)


class Jobs(Section):
    max_in_flight: int = 3
    max_queued: int = 32  # more than this and new commands are refused (counted)
    keep_finished_s: float = 300.0

    def __post_init__(self) -> None:
        _positive("max_in_flight", self.max_in_flight)
        _positive("max_queued", self.max_queued)


class Scheduler(Section):
    tick_s: float = 1.0
    late_after_s: float = 60.0  # fired this long after its time, an alert is "late"
    meeting_alert_minutes: int = 5


class Llm(Section):
    """The local LLM parser (llama.cpp) for what the fast path cannot fully parse."""

    enabled: bool = True  # false: fast path only
    model: str = "qwen2.5-coder-0.5b"  # a packaged model name, or a path to any .gguf file
    model_dir: str = ""  # where packaged models are assembled; "" means <state_dir>/models
    threads: int = 0  # CPU threads for llama.cpp; 0 means all cores
    context_tokens: int = 2048  # llama.cpp context window (prompt + output)
    max_tokens: int = 320  # cap on generated tokens per command
    timeout_s: float = 8.0  # per-command time limit; past it Parley says it ran out of time
    confirm_below: float = 0.6  # LLM parses less confident than this are confirmed first
    recent_tasks: int = 10  # open task titles shown to the model

    def __post_init__(self) -> None:
        _positive("context_tokens", self.context_tokens)
        _positive("max_tokens", self.max_tokens)
        _positive("timeout_s", self.timeout_s)
        if self.threads < 0:
            raise ValueError(f"threads: must be 0 or more, got {self.threads}")
        if not 0.0 <= self.confirm_below <= 1.0:
            raise ValueError(f"confirm_below: must be between 0 and 1, got {self.confirm_below}")


class AudioConfig(Section):
    """Microphone and speaker (pyaudio)."""

    input_device: str = ""  # mic by name (substring) or index ("2"); "" means the default
    output_device: str = ""  # speaker by name or index; "" means the default
    input_channels: int = 1  # channels to open (mic arrays: 2, 4 or 6)
    input_channel: int = -1  # which channel to use; -1 mixes all channels to mono
    input_rates: list[int] = msgspec.field(default_factory=lambda: [16000, 48000, 44100])
    reopen_backoff_s: list[float] = msgspec.field(
        default_factory=lambda: [0.5, 1.0, 2.0, 5.0, 10.0]
    )  # delays between reopen attempts when the mic is lost; the last one repeats
    pre_roll_ms: int = 1500  # audio kept from before a trigger (the talk button)
    record_dir: str = ""  # save every utterance's audio and events here; "" means off

    def __post_init__(self) -> None:
        _positive("input_channels", self.input_channels)
        if self.input_channel >= self.input_channels:
            raise ValueError("input_channel: must be below input_channels (or -1 to mix)")
        if not self.input_rates or any(rate <= 0 for rate in self.input_rates):
            raise ValueError("input_rates: must list positive sample rates")
        if not self.reopen_backoff_s or any(delay <= 0 for delay in self.reopen_backoff_s):
            raise ValueError("reopen_backoff_s: must list positive delays")


class WakeConfig(Section):
    """Wake word (openWakeWord, ONNX)."""

    models: list[str] = msgspec.field(default_factory=lambda: ["hey_jarvis"])  # names or paths
    thresholds: dict[str, float] = msgspec.field(default_factory=dict)  # per model; else below
    threshold: float = 0.5  # score that fires a model without its own threshold
    refractory_ms: int = 2000  # one detection per phrase: ignore others for this long
    vad_threshold: float = 0.0  # > 0: fire only when the VAD heard speech (fewer false wakes)
    follow_up_s: float = 5.0  # after a reply, listen this long without the wake word; 0: off
    earcon: bool = True  # a short beep on the speaker when Parley starts listening

    def __post_init__(self) -> None:
        if not self.models:
            raise ValueError("models: name at least one wake word model")
        for name, value in [("threshold", self.threshold), *self.thresholds.items()]:
            if not 0.0 < value <= 1.0:
                raise ValueError(f"thresholds: {name} must be in (0, 1], got {value}")
        if self.follow_up_s < 0:
            raise ValueError("follow_up_s: must be 0 or more")


class VadConfig(Section):
    """Endpointing with the Silero VAD that ships with openWakeWord."""

    model: str = ""  # path to a Silero VAD .onnx; "" means openWakeWord's packaged one
    threshold: float = 0.5  # speech probability above which a frame is speech
    trailing_silence_ms: int = 600  # silence that ends an utterance
    min_speech_ms: int = 240  # shorter bursts (a cough, a click) are not speech
    max_speech_ms: int = 10000  # an utterance is cut here
    no_speech_timeout_ms: int = 5000  # nothing said this long after a trigger: "didn't catch that"

    def __post_init__(self) -> None:
        for name in ("trailing_silence_ms", "min_speech_ms", "max_speech_ms"):
            _positive(name, getattr(self, name))
        _positive("no_speech_timeout_ms", self.no_speech_timeout_ms)
        if not 0.0 < self.threshold < 1.0:
            raise ValueError(f"threshold: must be between 0 and 1, got {self.threshold}")


class SttConfig(Section):
    """Speech to text: faster-whisper finals; Vosk partials when a Vosk model is set."""

    model: str = ""  # a CTranslate2 Whisper directory; "" means the packaged tiny.en
    compute_type: str = "int8"  # CTranslate2 quantization: int8, int8_float32, float32
    language: str = "en"  # "" lets Whisper detect it (multilingual models only)
    beam_size: int = 1  # 1 is greedy and fastest
    threads: int = 0  # CPU threads for Whisper; 0 means CTranslate2's default
    time_limit_s: float = 4.0  # a final slower than this falls back to Vosk's
    vosk_model: str = ""  # a Vosk model directory for partials and the fallback; "" means none
    partial_interval_ms: int = 800  # without Vosk: re-decode with Whisper this often
    partials: bool = True  # false: no partial transcripts (saves CPU on a Pi 4)
    prompt_names: bool = True  # give Whisper known people, projects and tasks as a prompt

    def __post_init__(self) -> None:
        _positive("beam_size", self.beam_size)
        _positive("time_limit_s", self.time_limit_s)
        _positive("partial_interval_ms", self.partial_interval_ms)


class TtsConfig(Section):
    """Text to speech (Piper)."""

    voice: str = ""  # a Piper .onnx voice (with its .onnx.json); "" means the packaged one
    length_scale: float = 1.0  # speaking rate: below 1 is faster

    def __post_init__(self) -> None:
        _positive("length_scale", self.length_scale)


class ModelsConfig(Section):
    """Where models live (written by `scripts/models.py`, shown by `parley models list`)."""

    manifest: str = "models/manifest.json"  # relative paths are under state_dir
    directory: str = "models"  # assembled model files; relative paths are under state_dir


class Config(Section):
    """The whole configuration."""

    general: General = msgspec.field(default_factory=General)
    store: StoreConfig = msgspec.field(default_factory=StoreConfig)
    dates: Dates = msgspec.field(default_factory=Dates)
    parser: Parser = msgspec.field(default_factory=Parser)
    executor: Executor = msgspec.field(default_factory=Executor)
    jobs: Jobs = msgspec.field(default_factory=Jobs)
    scheduler: Scheduler = msgspec.field(default_factory=Scheduler)
    llm: Llm = msgspec.field(default_factory=Llm)
    audio: AudioConfig = msgspec.field(default_factory=AudioConfig)
    wake: WakeConfig = msgspec.field(default_factory=WakeConfig)
    vad: VadConfig = msgspec.field(default_factory=VadConfig)
    stt: SttConfig = msgspec.field(default_factory=SttConfig)
    tts: TtsConfig = msgspec.field(default_factory=TtsConfig)
    models: ModelsConfig = msgspec.field(default_factory=ModelsConfig)

    @property
    def state_dir(self) -> Path:
        return Path(os.path.expanduser(self.general.state_dir))


_PATH = re.compile(r" - at `\$\.?(?P<path>[^`]*)`$")
_FIELD_PROBLEM = re.compile(r"^(?P<field>[a-z_]+): (?P<problem>.+)$", re.DOTALL)
_UNKNOWN = re.compile(r"Object contains unknown field `(?P<field>[^`]+)`")


def _error_from(exc: msgspec.ValidationError, file: str) -> ConfigError:
    text = str(exc)
    path_match = _PATH.search(text)
    key = path_match.group("path") if path_match else ""
    problem = _PATH.sub("", text)
    unknown = _UNKNOWN.match(problem)
    if unknown:
        key = f"{key}.{unknown.group('field')}" if key else unknown.group("field")
        problem = "unknown key"
    field_problem = _FIELD_PROBLEM.match(problem)
    if field_problem:  # raised by a section's __post_init__ as "field: problem"
        key = f"{key}.{field_problem.group('field')}" if key else field_problem.group("field")
        problem = field_problem.group("problem")
    key = re.sub(r"\[(\d+)\]", r".\1", key)
    return ConfigError(file, key, problem[0].lower() + problem[1:] if problem else "invalid")


def _merge(base: dict[str, Any], overlay: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in overlay.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def read_toml(path: Path) -> dict[str, Any]:
    """Read one TOML file, turning every failure into a ConfigError."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as exc:
        raise ConfigError(str(path), "", "file not found") from exc
    except PermissionError as exc:
        raise ConfigError(str(path), "", "permission denied") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), "", f"not valid TOML: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(str(path), "", "not UTF-8 text") from exc


def from_dict(data: dict[str, Any], file: str = "<config>") -> Config:
    """Validate a config dict (defaults filled in) into a Config."""
    try:
        config = msgspec.convert(data, type=Config)
    except msgspec.ValidationError as exc:
        raise _error_from(exc, file) from exc
    try:
        from services.clock import zone_named

        zone_named(config.general.timezone)
    except Exception as exc:
        raise ConfigError(
            file, "general.timezone", f"unknown time zone {config.general.timezone!r}"
        ) from exc
    return config


def user_config_path(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """Return the file that overlays the defaults: explicit, $PARLEY_CONFIG, or /etc's."""
    if explicit:
        return Path(explicit)
    if os.environ.get("PARLEY_CONFIG"):
        return Path(os.environ["PARLEY_CONFIG"])
    return SYSTEM_CONFIG if SYSTEM_CONFIG.exists() else None


def load(path: str | os.PathLike[str] | None = None, **overrides: Any) -> Config:
    """Load the defaults overlaid with the user file; ``overrides`` are dotted-free sections."""
    file = user_config_path(path)
    data = read_toml(file) if file else {}
    if overrides:
        data = _merge(data, overrides)
    return from_dict(data, str(file) if file else "<defaults>")


def defaults() -> Config:
    """Return the embedded defaults."""
    return Config()


def to_dict(config: Config) -> dict[str, Any]:
    """Return the config as plain data (for `parley config show` and the status socket)."""
    return msgspec.to_builtins(config)
