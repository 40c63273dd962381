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

from device.settings import ButtonConfig, LedsConfig, Settings, positive
from services.clock import zone_named
from services.errors import ConfigError

SYSTEM_CONFIG = Path("/etc/parley/config.toml")
DEFAULT_FILE = Path(__file__).resolve().parent.parent / "config" / "default.toml"


class Section(Settings, frozen=True, kw_only=True):
    """Base of every config section (device/settings.py holds the hardware sections)."""


class General(Section, frozen=True):
    device_id: str = "parley"  # names this device on MQTT and in sync
    timezone: str = "local"  # an IANA zone such as "Europe/London", or "local"
    state_dir: str = "~/.local/state/parley"  # the store, backups, logs; /var/lib/parley on a Pi
    owner: str = "me"  # who "me" is in "remind me"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"


class StoreConfig(Section, frozen=True):
    storage: Literal["journal", "json"] = "journal"  # journal: append+fsync; json: stock TinyDB
    compact_bytes: int = 4_000_000  # rewrite the snapshot once the journal is this large
    backups: int = 7  # rotating backups kept in <state_dir>/backups
    backup_every_hours: float = 24.0

    def __post_init__(self) -> None:
        positive("compact_bytes", self.compact_bytes)
        if self.backups < 1:
            raise ValueError("backups: must be at least 1")


class Dates(Section, frozen=True):
    morning: str = "09:00"  # "in the morning", "tomorrow morning"
    afternoon: str = "14:00"
    evening: str = "18:00"  # "this evening"
    tonight: str = "20:00"
    lunchtime: str = "12:00"  # "at lunchtime", "Friday lunchtime"
    end_of_day: str = "17:00"  # "by end of day"
    default_time: str = "09:00"  # a date with no time ("Friday") means this time
    week_starts: Literal["monday", "sunday"] = "monday"
    # "at 5" with no am/pm: hours below this are taken as pm (so 5 means 17:00)
    ambiguous_pm_before: int = 7

    def __post_init__(self) -> None:
        for name in (
            "morning",
            "afternoon",
            "evening",
            "tonight",
            "lunchtime",
            "end_of_day",
            "default_time",
        ):
            value = getattr(self, name)
            if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
                raise ValueError(f"{name}: must be HH:MM (24 hour), got {value!r}")


class Parser(Section, frozen=True):
    fuzzy_threshold: int = 80  # rapidfuzz score (0-100) for a name to match
    ambiguity_margin: int = 5  # two matches this close in score are ambiguous
    # the fast path leaves longer text (no spoken command is this long) to the LLM parser
    fastpath_max_chars: int = 400

    def __post_init__(self) -> None:
        positive("fastpath_max_chars", self.fastpath_max_chars)


class Executor(Section, frozen=True):
    confirm_timeout_s: float = 30.0  # how long a "yes"/"no" is waited for
    # a command the parser is less sure of than this is read back and confirmed first
    confirm_below_confidence: float = 0.6
    undo_depth: int = 20  # how many commands back "undo" can go
    # how many commands the command log keeps (utterance, parse, outcome); older are dropped
    log_size: int = 1000

    def __post_init__(self) -> None:
        positive("confirm_timeout_s", self.confirm_timeout_s)
        positive("undo_depth", self.undo_depth)
        positive("log_size", self.log_size)


class Jobs(Section, frozen=True):
    """The job queue (services/core/jobs.py): commands in flight at once."""

    max_in_flight: int = 3  # handler calls running at once (one per conversation at a time)
    max_queued: int = 32  # more than this and new commands are refused (counted)
    keep_finished_s: float = 300.0  # finished jobs stay listed (status, MQTT) this long
    keep_finished: int = 1000  # and no more than this many of them (a burst of MQTT commands)

    def __post_init__(self) -> None:
        positive("max_in_flight", self.max_in_flight)
        positive("max_queued", self.max_queued)
        if self.keep_finished < 0:
            raise ValueError(f"keep_finished: must be 0 or more, got {self.keep_finished}")
        if self.keep_finished_s < 0:
            raise ValueError(f"keep_finished_s: must be 0 or more, got {self.keep_finished_s}")


class Scheduler(Section, frozen=True):
    """The scheduler (services/core/scheduler.py): reminders, timers and meeting alerts."""

    tick_s: float = 1.0  # how often the store is checked for due alerts
    late_after_s: float = 60.0  # fired this long after its time, an alert is "late"
    meeting_alert_minutes: int = 5  # meetings are announced this long before they start

    def __post_init__(self) -> None:
        positive("tick_s", self.tick_s)
        if self.late_after_s < 0:
            raise ValueError(f"late_after_s: must be 0 or more, got {self.late_after_s}")
        if self.meeting_alert_minutes < 0:
            raise ValueError(
                f"meeting_alert_minutes: must be 0 or more, got {self.meeting_alert_minutes}"
            )


class Llm(Section, frozen=True):
    """The local LLM parser (llama.cpp) for what the fast path cannot fully parse."""

    enabled: bool = True  # false: fast path only
    model: str = "qwen2.5-coder-0.5b"  # a packaged model name, or a path to any .gguf file
    model_dir: str = ""  # where packaged models are assembled; "" means <state_dir>/models
    # A LoRA adapter (a file in services/nlu/adapter/ or a path): the fine-tuned parser, which
    # writes compact notation with no long prompt. "" means the prompted parser (JSON answers).
    adapter: str = "parley-parser.lora.gguf"
    threads: int = 0  # CPU threads for llama.cpp; 0: all cores but one (at least one)
    context_tokens: int = 4096  # llama.cpp context window (prompt + output)
    max_tokens: int = 320  # cap on generated tokens per command
    timeout_s: float = 10.0  # per-command time limit; past it Parley says it ran out of time
    # LLM parses less confident than this are confirmed first (the fine-tuned parser's
    # confidence is its least likely token; 0.9 chosen on the dev sets, bench/eval_parser.py)
    confirm_below: float = 0.9
    # ... unless the answer leaves out no word said that matters (a day, a known name, a
    # capitalised word, a word after a correction: services/nlu/coverage.py and
    # router.left_out_that_matters): then only below this (0.6 chosen with the stage-6
    # adapter on the dev sets; confirm_below or more turns it off)
    confirm_below_accounted: float = 0.6

    def __post_init__(self) -> None:
        positive("context_tokens", self.context_tokens)
        positive("max_tokens", self.max_tokens)
        positive("timeout_s", self.timeout_s)
        if self.threads < 0:
            raise ValueError(f"threads: must be 0 or more, got {self.threads}")
        if not 0.0 <= self.confirm_below <= 1.0:
            raise ValueError(f"confirm_below: must be between 0 and 1, got {self.confirm_below}")
        if not 0.0 <= self.confirm_below_accounted <= 1.0:
            accounted = self.confirm_below_accounted
            raise ValueError(f"confirm_below_accounted: must be between 0 and 1, got {accounted}")


class DaemonConfig(Section, frozen=True):
    """The service under systemd: watchdog, status socket, shutdown."""

    status_socket: str = "status.sock"  # unix socket for `parley status`; relative: state_dir
    stall_s: float = 30.0  # a stage silent or busy this long is stuck: watchdog pings stop
    shutdown_timeout_s: float = 10.0  # on SIGTERM, running jobs get this long to finish

    def __post_init__(self) -> None:
        positive("stall_s", self.stall_s)
        positive("shutdown_timeout_s", self.shutdown_timeout_s)
        if not self.status_socket:
            raise ValueError("status_socket: must not be empty")


class MqttConfig(Section, frozen=True):
    """MQTT control, events and Home Assistant discovery (the broker may be absent)."""

    enabled: bool = True  # false: no MQTT at all (sync needs it)
    host: str = "localhost"
    port: int = 1883
    tls: bool = False
    ca_file: str = ""  # with tls: the CA bundle ("" means the system's)
    cert_file: str = ""  # with tls: client certificate (optional)
    key_file: str = ""
    username: str = ""
    password_file: str = ""  # a file holding the password (keeps it out of this file)
    client_id: str = ""  # "" means "parley-<device_id>"
    topic_prefix: str = "parley/{device_id}/"
    broadcast_prefix: str = "parley/all/"  # every device obeys <broadcast_prefix>cmd/...
    keepalive_s: int = 30
    reconnect_min_s: int = 1  # reconnect backoff doubles from this ...
    reconnect_max_s: int = 60  # ... up to this
    max_payload_bytes: int = 4096  # larger command payloads are refused
    rate_per_s: float = 5.0  # commands a second per source, sustained
    rate_burst: int = 20  # commands a source may send at once
    queue_size: int = 1024  # inbound commands waiting; more are refused (counted)
    allowed_actions: list[str] = msgspec.field(default_factory=lambda: ["*"])
    denied_actions: list[str] = msgspec.field(
        default_factory=lambda: ["task.delete", "task.delete_all"]
    )
    discovery: bool = True  # publish Home Assistant discovery configs
    discovery_prefix: str = "homeassistant"

    def __post_init__(self) -> None:
        if not 0 < self.port < 65536:
            raise ValueError(f"port: must be 1-65535, got {self.port}")
        for name in ("keepalive_s", "reconnect_min_s", "max_payload_bytes", "rate_per_s"):
            positive(name, getattr(self, name))
        positive("rate_burst", self.rate_burst)
        positive("queue_size", self.queue_size)
        if self.reconnect_max_s < self.reconnect_min_s:
            raise ValueError("reconnect_max_s: must be at least reconnect_min_s")
        if "{device_id}" not in self.topic_prefix:
            raise ValueError("topic_prefix: must contain {device_id}")


class SyncConfig(Section, frozen=True):
    """Task sync between Parley devices over MQTT (needs [mqtt])."""

    enabled: bool = True  # false: no sync (MQTT control still works)
    collections: list[str] = msgspec.field(
        default_factory=lambda: ["tasks", "projects", "people", "reminders", "meetings", "messages"]
    )
    # accept sync only from these device ids (empty: any device holding the shared key)
    peers: list[str] = msgspec.field(default_factory=list)
    shared_key_file: str = ""  # file with the HMAC key; relative paths are under state_dir
    max_payload_bytes: int = 65536
    max_drift_s: float = 60.0  # refuse stamps further in the future than this
    drain_batch: int = 200  # outbox messages published per round trip

    def __post_init__(self) -> None:
        positive("max_payload_bytes", self.max_payload_bytes)
        positive("max_drift_s", self.max_drift_s)
        positive("drain_batch", self.drain_batch)
        reserved = {"sync_meta", "outbox"} & set(self.collections)
        if reserved:
            raise ValueError(f"collections: {sorted(reserved)[0]} is sync's own collection")


class AudioConfig(Section, frozen=True):
    """Microphone and speaker (pyaudio)."""

    input_device: str = ""  # mic by name (substring) or index ("2"); "" means the default
    output_device: str = ""  # speaker by name or index, or "pipe:<fifo>"; "" means the default
    input_channels: int = 1  # channels to open (mic arrays: 2, 4 or 6)
    input_channel: int = -1  # which channel to use; -1 mixes all channels to mono
    input_rates: list[int] = msgspec.field(default_factory=lambda: [16000, 48000, 44100])
    reopen_backoff_s: list[float] = msgspec.field(
        default_factory=lambda: [0.5, 1.0, 2.0, 5.0, 10.0]
    )  # delays between reopen attempts when the mic is lost; the last one repeats
    pre_roll_ms: int = 1500  # audio kept from before a trigger (the talk button)
    record_dir: str = ""  # save every utterance's audio and events here; "" means off

    def __post_init__(self) -> None:
        positive("input_channels", self.input_channels)
        if self.input_channel >= self.input_channels:
            raise ValueError("input_channel: must be below input_channels (or -1 to mix)")
        if not self.input_rates or any(rate <= 0 for rate in self.input_rates):
            raise ValueError("input_rates: must list positive sample rates")
        if not self.reopen_backoff_s or any(delay <= 0 for delay in self.reopen_backoff_s):
            raise ValueError("reopen_backoff_s: must list positive delays")


class WakeConfig(Section, frozen=True):
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


class VadConfig(Section, frozen=True):
    """Endpointing with the Silero VAD that ships with openWakeWord."""

    model: str = ""  # path to a Silero VAD .onnx; "" means openWakeWord's packaged one
    threshold: float = 0.5  # speech probability above which a frame is speech
    trailing_silence_ms: int = 600  # silence that ends an utterance
    min_speech_ms: int = 240  # shorter bursts (a cough, a click) are not speech
    max_speech_ms: int = 10000  # an utterance is cut here
    no_speech_timeout_ms: int = 5000  # nothing said this long after a trigger: "didn't catch that"
    # Semantic endpointing: the silence that ends an utterance whose transcript so far reads as
    # a whole command (the fast path parses all of it), and one whose does not (or that stops
    # on "and", "due", "at", ...). Both equal to trailing_silence_ms turn it off.
    complete_silence_ms: int = 300
    incomplete_silence_ms: int = 1000
    speculative_ms: int = 80  # decode the final after this much trailing silence; 0: at the end

    def __post_init__(self) -> None:
        for name in ("trailing_silence_ms", "min_speech_ms", "max_speech_ms"):
            positive(name, getattr(self, name))
        positive("no_speech_timeout_ms", self.no_speech_timeout_ms)
        positive("complete_silence_ms", self.complete_silence_ms)
        if self.incomplete_silence_ms < self.complete_silence_ms:
            raise ValueError("incomplete_silence_ms: must not be below complete_silence_ms")
        if self.speculative_ms < 0:
            raise ValueError(f"speculative_ms: must be 0 or more, got {self.speculative_ms}")
        if not 0.0 < self.threshold < 1.0:
            raise ValueError(f"threshold: must be between 0 and 1, got {self.threshold}")


PACKAGED_PARTIALS = "tiny.en"  # [stt] partial_model: the English-only model a package ships
SAME_AS_FINAL = "same"  # [stt] partial_model: the final's own model


class SttConfig(Section, frozen=True):
    """Speech to text: faster-whisper finals; Vosk partials when a Vosk model is set."""

    # a CTranslate2 Whisper directory; "" means the packaged tiny.en; "base" the packaged
    # multilingual base (bench/stt: 2.5% WER on real recordings against tiny.en's 6.7%)
    model: str = "base"
    model_dir: str = ""  # where "base" is assembled from its parts; "" means <state_dir>/models
    compute_type: str = "int8"  # CTranslate2 quantization: int8, int8_float32, float32
    language: str = "en"  # "" lets Whisper detect it (multilingual models only)
    beam_size: int = 1  # 1 is greedy and fastest
    threads: int = 0  # CPU threads for Whisper; 0 means CTranslate2's default
    time_limit_s: float = 4.0  # a final slower than this falls back to Vosk's
    vosk_model: str = ""  # a Vosk model directory for partials and the fallback; "" means none
    partial_interval_ms: int = 800  # without Vosk: re-decode with Whisper this often
    # the Whisper model of those re-decodes: "tiny.en" (packaged), "same" (the final's model)
    # or a CTranslate2 directory; a partial still running when the speaker stops holds the
    # final back, and tiny.en's take a third of base's time
    partial_model: str = PACKAGED_PARTIALS
    partials: bool = True  # false: no partial transcripts (saves CPU on a Pi 4)
    prompt_names: bool = True  # give Whisper known people, projects and tasks as a prompt
    vocabulary: Literal["prompt", "hotwords", "none"] = "prompt"  # how those names reach Whisper
    temperature_fallback: bool = False  # re-decode at higher temperatures when output looks bad
    timestamps: bool = False  # decode with timestamp tokens (Whisper's trained mode)
    # pick the reading of a final the fast path parses and that names the store's people,
    # projects and tasks (services/voice/rescore.py), among ``hypotheses`` n-best readings
    rescore: bool = True
    hypotheses: int = 10  # 1: Whisper's own greedy reading (its punctuation still made optional)
    rescore_margin: float = 0.5  # only readings this close to the best score (mean log-prob)
    # decode greedily first and search the n-best only when that reading does not parse, names
    # a single letter or scores below ``greedy_min_score`` (mean log-prob per token)
    greedy_first: bool = True
    greedy_min_score: float = -0.15
    # seconds of audio Whisper's encoder reads (at least the utterance and 1 s more); 30 is
    # Whisper's own window, less is faster and reads a little worse (see README, accuracy)
    window_s: float = 10.0
    # the start of Whisper's prompt: an example of how commands are phrased and punctuated
    prompt_style: str = "Voice commands for a task list: add a task due Friday, remind me at 9."

    def partials_model_dir(self) -> str | None:
        """The directory of the partials' own Whisper model; None for the packaged tiny.en.

        Not for ``partial_model = "same"``, which loads no model of its own.
        """
        return None if self.partial_model == PACKAGED_PARTIALS else self.partial_model

    def __post_init__(self) -> None:
        positive("beam_size", self.beam_size)
        positive("hypotheses", self.hypotheses)
        positive("time_limit_s", self.time_limit_s)
        positive("partial_interval_ms", self.partial_interval_ms)
        if not 1.0 <= self.window_s <= 30.0:
            raise ValueError(f"window_s: must be between 1 and 30 seconds, got {self.window_s}")
        if self.greedy_min_score > 0:
            raise ValueError(
                f"greedy_min_score: a log-probability, 0 or below, got {self.greedy_min_score}"
            )


class TtsConfig(Section, frozen=True):
    """Text to speech (Piper)."""

    voice: str = ""  # a Piper .onnx voice (with its .onnx.json); "" means the packaged one
    length_scale: float = 1.0  # speaking rate: below 1 is faster

    def __post_init__(self) -> None:
        positive("length_scale", self.length_scale)


class ModelsConfig(Section, frozen=True):
    """Where models live (written by `scripts/models.py`, shown by `parley models list`)."""

    manifest: str = "models/manifest.json"  # relative paths are under state_dir
    directory: str = "models"  # assembled model files; relative paths are under state_dir


class Config(Section, frozen=True):
    """The whole configuration."""

    general: General = msgspec.field(default_factory=General)
    store: StoreConfig = msgspec.field(default_factory=StoreConfig)
    dates: Dates = msgspec.field(default_factory=Dates)
    parser: Parser = msgspec.field(default_factory=Parser)
    executor: Executor = msgspec.field(default_factory=Executor)
    jobs: Jobs = msgspec.field(default_factory=Jobs)
    scheduler: Scheduler = msgspec.field(default_factory=Scheduler)
    llm: Llm = msgspec.field(default_factory=Llm)
    leds: LedsConfig = msgspec.field(default_factory=LedsConfig)
    button: ButtonConfig = msgspec.field(default_factory=ButtonConfig)
    daemon: DaemonConfig = msgspec.field(default_factory=DaemonConfig)
    mqtt: MqttConfig = msgspec.field(default_factory=MqttConfig)
    sync: SyncConfig = msgspec.field(default_factory=SyncConfig)
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
    data: dict[str, Any] = msgspec.to_builtins(config)
    return data
