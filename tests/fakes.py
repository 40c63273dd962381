"""Fakes for unit tests: each implements the same Protocol (or shape) as the real part.

Append new fakes at the end, under a comment naming the module they stand in for.
"""

from __future__ import annotations

import contextlib
import copy
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass

# --- job queue and scheduler fakes (services/core/jobs.py, services/core/scheduler.py) ---


@dataclass
class FakeOutcome:
    """What a fake job handler returns: the shape of ``services.core.assistant.Outcome``."""

    ok: bool
    reply: str
    intent: str = "fake"

    def to_dict(self) -> dict:
        return {"ok": self.ok, "reply": self.reply, "intent": self.intent}


class GatedHandler:
    """A job handler whose calls block until the test releases them (by text); records calls.

    ``failures[text] = exc`` makes the call for ``text`` raise ``exc`` once released. The wait
    has a generous guard so a broken test fails instead of hanging.
    """

    def __init__(self, guard_s: float = 20.0) -> None:
        self.calls: list[tuple[str, str, str]] = []  # (text, source, conversation), as started
        self.threads: list[str] = []
        self.thread_ids: list[int] = []
        self.failures: dict[str, BaseException] = {}
        self._guard_s = guard_s
        self._gates: dict[str, threading.Event] = {}
        self._lock = threading.Lock()
        self._is_open = False

    def __call__(self, text: str, source: str, conversation: str) -> FakeOutcome:
        gate = self._gate(text)
        with self._lock:
            self.calls.append((text, source, conversation))
            self.threads.append(threading.current_thread().name)
            self.thread_ids.append(threading.get_ident())
        if not gate.wait(self._guard_s):
            raise TimeoutError(f"the test never released {text!r}")
        if text in self.failures:
            raise self.failures[text]
        return FakeOutcome(ok=True, reply=f"did {text}")

    def release(self, *texts: str) -> None:
        """Let the calls for these texts return (now or when they start)."""
        for text in texts:
            self._gate(text).set()

    def release_all(self) -> None:
        """Let every call, present and future, return."""
        with self._lock:
            self._is_open = True
            for gate in self._gates.values():
                gate.set()

    def _gate(self, text: str) -> threading.Event:
        with self._lock:
            gate = self._gates.setdefault(text, threading.Event())
            if self._is_open:
                gate.set()
            return gate


class MemoryTransaction:
    """The write side of MemoryStore: updates are applied when the transaction commits."""

    def __init__(self, store: MemoryStore) -> None:
        self._store = store
        self.updates: list[tuple[str, str, dict]] = []

    def update(self, collection: str, item_id: str, fields: dict) -> None:
        if item_id not in self._store.data.get(collection, {}):
            raise KeyError(f"{collection}/{item_id}")
        self.updates.append((collection, item_id, dict(fields)))

    def all(self, collection: str) -> list[dict]:
        documents = {doc["id"]: doc for doc in self._store.all(collection)}
        for name, item_id, fields in self.updates:
            if name == collection:
                documents[item_id].update(copy.deepcopy(fields))
        return list(documents.values())

    def search(self, collection: str, predicate: Callable[[dict], bool]) -> list[dict]:
        return [doc for doc in self.all(collection) if predicate(doc)]


class MemoryStore:
    """An in-memory store with the real Store's ``all`` and ``transaction`` shape.

    Records every commit as ``(origin, updates)``; ``fail_next_commit = exc`` makes the next
    transaction raise ``exc`` instead of committing (nothing is applied);
    ``before_next_transaction`` runs just before the next transaction starts, standing in for
    another writer that got the store's lock first.
    """

    def __init__(self) -> None:
        self.data: dict[str, dict[str, dict]] = {}
        self.commits: list[tuple[str, list[tuple[str, str, dict]]]] = []
        self.fail_next_commit: BaseException | None = None
        self.before_next_transaction: Callable[[], None] | None = None  # another writer's turn

    def insert(self, collection: str, document: dict) -> None:
        self.data.setdefault(collection, {})[document["id"]] = copy.deepcopy(document)

    def get(self, collection: str, item_id: str) -> dict:
        return copy.deepcopy(self.data[collection][item_id])

    def all(self, collection: str) -> list[dict]:
        return [copy.deepcopy(doc) for doc in self.data.get(collection, {}).values()]

    def search(self, collection: str, predicate: Callable[[dict], bool]) -> list[dict]:
        return [doc for doc in self.all(collection) if predicate(doc)]

    @contextlib.contextmanager
    def transaction(self, origin: str = "test") -> Iterator[MemoryTransaction]:
        if self.before_next_transaction is not None:
            writer, self.before_next_transaction = self.before_next_transaction, None
            writer()
        tx = MemoryTransaction(self)
        yield tx
        if self.fail_next_commit is not None:
            failure, self.fail_next_commit = self.fail_next_commit, None
            raise failure
        for collection, item_id, fields in tx.updates:
            self.data[collection][item_id].update(fields)
        self.commits.append((origin, tx.updates))


# --- LLM parser fakes (services/nlu/llm.py TextModel, services/nlu/__init__.py Parser) ---


class FakeTextModel:
    """A TextModel that answers from a table keyed by the utterance; records every prompt.

    ``answers[utterance]`` is the raw text the model "writes" (valid or not, on purpose);
    ``timeouts`` holds utterances it runs out of time on; ``errors[utterance] = exc`` raises.
    Unknown utterances get ``{"actions":[]}``.
    """

    name = "fake-llm"

    def __init__(self, answers: dict[str, str] | None = None) -> None:
        self.answers = dict(answers or {})
        self.timeouts: set[str] = set()
        self.errors: dict[str, BaseException] = {}
        self.prompts: list[str] = []
        self.deadlines: list[float] = []
        self.schemas: list[str] = []

    @staticmethod
    def utterance_of(prompt: str) -> str:
        """Return the words of the last request in a prompt."""
        tail = prompt.rsplit("<|im_start|>user\n", 1)[-1]
        return tail.split("<|im_end|>", 1)[0].split("\n", 1)[0]

    def complete(self, prompt: str, *, max_tokens: int, deadline: float, schema: str = "actions"):
        from services.nlu.llm import Completion

        self.prompts.append(prompt)
        self.schemas.append(schema)
        self.deadlines.append(deadline)
        utterance = self.utterance_of(prompt)
        if utterance in self.errors:
            raise self.errors[utterance]
        text = self.answers.get(utterance, '{"actions":[]}')
        if utterance in self.timeouts:
            return Completion(text=text[: len(text) // 2], tokens=5, is_timed_out=True)
        return Completion(text=text, tokens=len(text) // 4)


class ScriptedParser:
    """A Parser (and DeadlineParser) returning preset Commands by text; records its calls.

    Unknown texts get ``services.nlu.commands.not_understood``; ``raises[text] = exc`` raises.
    """

    def __init__(self, name: str, commands: dict | None = None) -> None:
        self.name = name
        self.commands = dict(commands or {})
        self.raises: dict[str, BaseException] = {}
        self.calls: list[tuple[str, float | None]] = []

    def parse(self, text, context, deadline: float | None = None):
        from services.nlu.commands import not_understood

        self.calls.append((text, deadline))
        if text in self.raises:
            raise self.raises[text]
        return self.commands.get(text) or not_understood(text, self.name)


# --- a pattern parser for MQTT and sync tests (services/nlu Parser protocol) ---


class PatternParser:
    """A Parser for a few fixed phrasings, so MQTT tests run without the fast path.

    "add <title>" -> task.create; "delete <title>" -> task.delete; "finish <title>" ->
    task.complete; "tell <person> <text>" -> message.send. Anything else is not understood.
    Records every text it parsed.
    """

    name = "pattern"

    def __init__(self) -> None:
        self.texts: list[str] = []
        self._lock = threading.Lock()

    def parse(self, text, context):
        from services.nlu.commands import Action, Command, not_understood

        with self._lock:
            self.texts.append(text)
        verb, _, rest = text.partition(" ")
        rest = rest.strip()
        if not rest:
            return not_understood(text, self.name)
        simple = {
            "add": ("task.create", "title"),
            "delete": ("task.delete", "task"),
            "finish": ("task.complete", "task"),
        }
        if verb in simple:
            kind, param = simple[verb]
            return Command(kind, (Action(kind, {param: rest}),), parser=self.name)
        if verb == "tell":
            person, _, message = rest.partition(" ")
            action = Action("message.send", {"to": person, "text": message})
            return Command("message.send", (action,), parser=self.name)
        return not_understood(text, self.name)


# --- voice fakes (device/audio.py, services/voice/wake.py, vad.py, stt.py, tts.py, pipeline.py) ---
# Synthetic audio for pipeline tests: a frame filled with WAKE_LEVEL "says" the wake word, one
# filled with SPEECH_LEVEL is speech, zeros are silence. The fakes below read those levels.

WAKE_LEVEL = 3000
SPEECH_LEVEL = 1000


class MarkerWake:
    """WakeEngine: scores 0.9 on frames at WAKE_LEVEL, else 0; records how many it saw."""

    def __init__(self, model: str = "hey_jarvis") -> None:
        self.model = model
        self.frames = 0
        self.resets = 0

    def scores(self, samples) -> dict[str, float]:
        self.frames += 1
        return {self.model: 0.9 if int(abs(samples).max()) == WAKE_LEVEL else 0.0}

    def reset(self) -> None:
        self.resets += 1


class MarkerVad:
    """VadEngine: probability 1 for any non-silent frame."""

    def probability(self, samples) -> float:
        return 1.0 if int(abs(samples).max()) > 0 else 0.0

    def reset(self) -> None:
        pass


class ScriptedTranscriber:
    """Transcriber: returns scripted texts in order (the last repeats); records each call and
    how many ran at once."""

    name = "whisper"

    def __init__(
        self,
        *texts: str,
        error: Exception | None = None,
        delay_s: float = 0.0,
        gate: threading.Event | None = None,
    ):
        self.texts = list(texts) or [""]
        self.error = error
        self.delay_s = delay_s
        self.gate = gate  # when given, each decode waits until it is set
        self.calls: list[tuple[int, str | None]] = []  # (samples, prompt)
        self.wanted: list = []  # each call's is_wanted (None for a final nobody can drop)
        self.running = 0
        self.most_running = 0  # the most decodes that ever ran at once
        self._lock = threading.Lock()

    def transcribe(self, samples, prompt: str | None = None, is_wanted=None) -> str:
        import time

        with self._lock:
            self.calls.append((len(samples), prompt))
            self.wanted.append(is_wanted)
            call = len(self.calls)
            self.running += 1
            self.most_running = max(self.most_running, self.running)
        try:
            if self.gate is not None:
                self.gate.wait(10.0)
            if self.delay_s:
                time.sleep(self.delay_s)
            if self.error is not None:
                raise self.error
            return self.texts[min(call - 1, len(self.texts) - 1)]
        finally:
            with self._lock:
                self.running -= 1


class ScriptedReader:
    """TranscriptReader: reads texts as scripted (UNPARSED otherwise); records each call."""

    def __init__(self, readings: dict | None = None) -> None:
        self.readings = dict(readings or {})
        self.read_texts: list[str] = []
        self.prepared: list[str] = []

    def read(self, text: str):
        from services.voice.vad import Reading

        self.read_texts.append(text)
        return self.readings.get(text, Reading.UNPARSED)

    def prepare(self, text: str):
        from services.voice.vad import Reading

        self.prepared.append(text)
        return self.readings.get(text, Reading.UNPARSED)


class CountingRecognizer:
    """StreamingRecognizer: partial text is one word per non-silent frame fed."""

    name = "vosk"

    def __init__(self, word: str = "word") -> None:
        self.word = word
        self.count = 0
        self.resets = 0

    def accept(self, samples) -> str:
        if int(abs(samples).max()) > 0:
            self.count += 1
        return " ".join([self.word] * self.count)

    def final(self) -> str:
        text = " ".join([self.word] * self.count)
        self.reset()
        return text

    def reset(self) -> None:
        self.count = 0
        self.resets += 1


class ToneSynthesizer:
    """Synthesizer: 100 ms of tone per sentence at 16 kHz; records the sentences."""

    sample_rate = 16_000

    def __init__(self) -> None:
        self.sentences: list[str] = []

    def synthesize(self, sentence: str):
        import numpy as np

        from services.voice.tts import Speech

        self.sentences.append(sentence)
        return Speech(np.full(1600, 500, dtype=np.int16), self.sample_rate, sentence)


class RecordingSink:
    """AudioSink: records what it played; ``hold`` makes play block until stop (barge-in)."""

    def __init__(self, hold: bool = False) -> None:
        self.played: list[tuple[int, int]] = []  # (samples, sample_rate)
        self.stops = 0
        self.hold = hold
        self.is_playing = threading.Event()
        self._stopped = threading.Event()

    def play(self, samples, sample_rate: int) -> None:
        self._stopped.clear()  # like SpeakerSink: a stop before this play does not cut it
        self.played.append((len(samples), sample_rate))
        self.is_playing.set()
        if self.hold:
            self._stopped.wait(5.0)
        self.is_playing.clear()

    def stop(self) -> None:
        self.stops += 1
        self._stopped.set()

    def close(self) -> None:
        pass


class ScriptedHandler:
    """CommandHandler: replies "Done with <text>." and records the texts it was given."""

    def __init__(self, reply: str = "Done with {text}.") -> None:
        self.reply = reply
        self.texts: list[str] = []

    async def handle(self, text: str):
        from services.voice.pipeline import Handled

        self.texts.append(text)
        return Handled(self.reply.format(text=text))


class FakeInputStream:
    """A pyaudio input stream: ``read`` returns scripted chunks or raises scripted errors."""

    def __init__(self, script: list, kwargs: dict) -> None:
        self.script = script
        self.kwargs = kwargs
        self.reads = 0
        self.written: list[bytes] = []
        self.is_closed = False

    def read(self, count: int, exception_on_overflow: bool = True) -> bytes:
        self.reads += 1
        item = self.script.pop(0) if self.script else OSError(-9999, "Unanticipated host error")
        if isinstance(item, Exception):
            raise item
        return item

    def write(self, data: bytes) -> None:
        """Output streams: record what was played; a scripted error stands for a lost card."""
        self.reads += 1
        if self.script and isinstance(self.script[0], Exception):
            raise self.script.pop(0)
        self.written.append(data)

    def close(self) -> None:
        self.is_closed = True


class FakePyAudio:
    """pyaudio.PyAudio's shape: devices, ``open`` refusals, and streams with scripted reads.

    ``streams`` is a list of scripts, one per successful ``open``; ``refuse_rates`` are sample
    rates the card rejects; ``failed_opens`` counts down opens that fail (device unplugged).
    """

    def __init__(
        self,
        streams: list[list],
        *,
        devices: tuple[tuple[str, int], ...] = (("HDMI", 0), ("USB PnP Mic", 2)),
        refuse_rates: tuple[int, ...] = (),
        failed_opens: int = 0,
    ) -> None:
        self.streams_left = streams
        self.devices = devices
        self.refuse_rates = refuse_rates
        self.failed_opens = failed_opens
        self.opened: list[FakeInputStream] = []
        self.terminated = 0

    def get_device_count(self) -> int:
        return len(self.devices)

    def get_device_info_by_index(self, index: int) -> dict:
        name, inputs = self.devices[index]
        return {"name": name, "maxInputChannels": inputs, "maxOutputChannels": 2}

    def open(self, **kwargs) -> FakeInputStream:
        if kwargs["rate"] in self.refuse_rates:
            raise ValueError("Invalid sample rate")
        if self.failed_opens > 0:
            self.failed_opens -= 1
            raise OSError(-9996, "Invalid input device (no default output device)")
        stream = FakeInputStream(self.streams_left.pop(0) if self.streams_left else [], kwargs)
        self.opened.append(stream)
        return stream

    def terminate(self) -> None:
        self.terminated += 1


# -- appliance: LEDs (device/leds.py) --------------------------------------------------------


class FakeLight:
    """A Light that records every frame it is given, with the monotonic time it arrived."""

    def __init__(self, pixels: int = 1) -> None:
        import threading

        self.pixels = pixels
        self.frames: list[tuple[float, tuple]] = []
        self.is_closed = False
        self._lock = threading.Lock()

    def set(self, pixels) -> None:
        import time

        with self._lock:
            self.frames.append((time.monotonic(), tuple(pixels)))

    def close(self) -> None:
        self.is_closed = True

    @property
    def colours(self) -> list[tuple]:
        """The first pixel of each frame, in order."""
        with self._lock:
            return [pixels[0] for _, pixels in self.frames]
