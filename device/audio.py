"""Audio in and out: the microphone and WAV sources, the speaker and WAV sinks.

Every source yields ``Frame``s of 16 kHz mono int16, 80 ms each (1280 samples), stamped with
the position of their first sample in the stream. Nothing downstream reads the wall clock to
know where it is in the audio, so a file and a microphone look the same to the pipeline.

Sinks take int16 mono chunks at any sample rate; ``stop()`` cuts playback short (barge-in).
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import select
import stat
import threading
import time
import wave
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from services.errors import AudioError

log = logging.getLogger(__name__)

SAMPLE_RATE = 16_000
FRAME_SAMPLES = 1280  # 80 ms: what openWakeWord wants per call
FRAME_MS = FRAME_SAMPLES * 1000 // SAMPLE_RATE
PIPE_PREFIX = "pipe:"  # [audio] input_device = "pipe:/path/to/fifo": raw audio from a FIFO
PIPE_SPEAKER_BYTES = 8192  # a speaker pipe's buffer: 0.19 s at 22,050 Hz


@dataclass(frozen=True)
class Frame:
    """One block of 16 kHz mono int16 audio and the position of its first sample."""

    samples: np.ndarray
    position: int  # samples since the stream started

    @property
    def position_ms(self) -> int:
        return self.position * 1000 // SAMPLE_RATE

    @property
    def end_ms(self) -> int:
        return (self.position + len(self.samples)) * 1000 // SAMPLE_RATE


class AudioSource(Protocol):
    """Where frames come from (a microphone or a file)."""

    def read(self) -> Frame | None:
        """Return the next frame, or None when the stream has ended."""
        ...

    def close(self) -> None: ...


class AudioSink(Protocol):
    """Where reply audio goes (a speaker or a file)."""

    def play(self, samples: np.ndarray, sample_rate: int) -> None:
        """Play int16 mono samples; return when they have been played or ``stop`` was called."""
        ...

    def stop(self) -> None:
        """Cut the current playback short (barge-in)."""
        ...

    def close(self) -> None: ...


def to_mono(samples: np.ndarray, channels: int, channel: int | None = None) -> np.ndarray:
    """Pick one channel (``channel``) or mix all of them down to mono."""
    if channels == 1:
        return samples
    shaped = samples.reshape(-1, channels)
    if channel is not None:
        picked: np.ndarray = shaped[:, channel]
        return picked
    mixed: np.ndarray = shaped.astype(np.int32).mean(axis=1).astype(np.int16)
    return mixed


def resample(samples: np.ndarray, source_rate: int, target_rate: int = SAMPLE_RATE) -> np.ndarray:
    """Resample int16 audio by linear interpolation (good enough for speech at 16 kHz)."""
    if source_rate == target_rate or len(samples) == 0:
        return samples
    count = round(len(samples) * target_rate / source_rate)
    positions = np.arange(count) * (source_rate / target_rate)
    values = np.interp(positions, np.arange(len(samples)), samples.astype(np.float32))
    resampled: np.ndarray = np.clip(np.round(values), -32768, 32767).astype(np.int16)
    return resampled


class _Framer:
    """Cut a stream of arbitrary-length chunks into fixed frames with positions."""

    def __init__(self, frame_samples: int = FRAME_SAMPLES) -> None:
        self.frame_samples = frame_samples
        self.position = 0
        self._pending = np.zeros(0, dtype=np.int16)

    def push(self, samples: np.ndarray) -> list[Frame]:
        self._pending = np.concatenate([self._pending, samples])
        frames = []
        while len(self._pending) >= self.frame_samples:
            chunk, self._pending = (
                self._pending[: self.frame_samples],
                self._pending[self.frame_samples :],
            )
            frames.append(Frame(chunk, self.position))
            self.position += self.frame_samples
        return frames

    def flush(self) -> Frame | None:
        """Return the last partial frame padded with silence, if any."""
        if len(self._pending) == 0:
            return None
        padded = np.zeros(self.frame_samples, dtype=np.int16)
        padded[: len(self._pending)] = self._pending
        self._pending = np.zeros(0, dtype=np.int16)
        frame = Frame(padded, self.position)
        self.position += self.frame_samples
        return frame


def read_wav(path: str | Path) -> tuple[np.ndarray, int]:
    """Read a PCM WAV file as 16 kHz mono int16; raise AudioError naming the file if it cannot."""
    path = Path(path)
    try:
        with wave.open(str(path), "rb") as reader:
            width, channels, rate = (
                reader.getsampwidth(),
                reader.getnchannels(),
                reader.getframerate(),
            )
            raw = reader.readframes(reader.getnframes())
    except FileNotFoundError as exc:
        raise AudioError(f"{path}: no such audio file") from exc
    except (wave.Error, EOFError, RuntimeError) as exc:  # wave raises RuntimeError on bad chunks
        raise AudioError(f"{path}: not a readable PCM WAV file ({exc})") from exc
    if width not in (1, 2, 4):
        raise AudioError(f"{path}: unsupported sample width of {width} bytes")
    samples = _to_int16(
        np.frombuffer(raw[: len(raw) - len(raw) % (width * channels)], _DTYPES[width])
    )
    if len(samples) == 0:
        raise AudioError(f"{path}: the WAV file holds no audio")
    return resample(to_mono(samples, channels), rate), SAMPLE_RATE


_DTYPES = {1: np.uint8, 2: np.int16, 4: np.int32}


def _to_int16(samples: np.ndarray) -> np.ndarray:
    if samples.dtype == np.uint8:
        return ((samples.astype(np.int16) - 128) << 8).astype(np.int16)
    if samples.dtype == np.int32:
        return (samples >> 16).astype(np.int16)
    return samples.astype(np.int16)


def write_wav(path: str | Path, samples: np.ndarray, sample_rate: int) -> Path:
    """Write int16 mono samples as a WAV file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(sample_rate)
        writer.writeframes(np.asarray(samples, dtype=np.int16).tobytes())
    return path


class WavSource:
    """Frames from one or more WAV files, played back to back (any rate or channel count).

    With ``is_realtime`` each frame is returned no earlier than its place in the stream, as a
    microphone would; otherwise as fast as the reader asks. ``trailing_silence_s`` of silence
    is appended so the last utterance can end.
    """

    def __init__(
        self,
        paths: list[str | Path],
        *,
        is_realtime: bool = False,
        trailing_silence_s: float = 0.0,
        sleep: Callable[[float], None] = time.sleep,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        parts = [read_wav(path)[0] for path in paths]  # fail before the first frame
        parts.append(np.zeros(int(trailing_silence_s * SAMPLE_RATE), dtype=np.int16))
        self._framer = _Framer()
        self._frames = iter(self._framer.push(np.concatenate(parts)))
        self._tail = self._framer.flush()
        self.is_realtime = is_realtime
        self._sleep = sleep
        self._monotonic = monotonic
        self._started: float | None = None

    def read(self) -> Frame | None:
        frame = next(self._frames, None)
        if frame is None:
            frame, self._tail = self._tail, None
        if frame is not None and self.is_realtime:
            self._wait_until(frame.end_ms / 1000)
        return frame

    def _wait_until(self, stream_seconds: float) -> None:
        if self._started is None:
            self._started = self._monotonic()
        delay = self._started + stream_seconds - self._monotonic()
        if delay > 0:
            self._sleep(delay)

    def close(self) -> None:
        self._frames = iter(())
        self._tail = None


@dataclass(frozen=True)
class MicSettings:
    """How to open the microphone."""

    device: str | int | None = None  # name (substring) or index; None: the default input
    rates: tuple[int, ...] = (16_000, 48_000, 44_100)  # tried in order
    channels: int = 1  # channels to open (a mic array may need 2, 4 or 6)
    channel: int | None = None  # which channel to use; None mixes them all
    backoff_s: tuple[float, ...] = (0.5, 1.0, 2.0, 5.0, 10.0)  # reopen delays, last repeats


@dataclass(frozen=True)
class DeviceStatus:
    """What the microphone reports to the daemon (LEDs, events)."""

    state: str  # opened | lost | reopening
    detail: str = ""
    attempt: int = 0


class MicSource:
    """Frames from a pyaudio input device; reopens with backoff when the device goes away.

    ``pyaudio_factory`` returns an object with pyaudio's ``PyAudio`` interface (the real module's
    ``PyAudio`` by default; a fake in tests). ``on_status`` hears about lost and reopened
    devices; ``read`` keeps trying until it has a frame or ``close`` is called, so the daemon
    keeps running while the mic is unplugged.
    """

    def __init__(
        self,
        settings: MicSettings,
        *,
        pyaudio_factory: Callable[[], Any] | None = None,
        on_status: Callable[[DeviceStatus], None] = lambda status: None,
        sleep: Callable[[float], object] | None = None,
    ) -> None:
        self.settings = settings
        self._factory = pyaudio_factory or _real_pyaudio
        self._on_status = on_status
        self._closed = threading.Event()
        self._sleep = sleep or self._closed.wait  # close() cuts a backoff wait short
        self._audio: Any = None
        self._stream: Any = None
        self._rate = SAMPLE_RATE
        self._framer = _Framer()
        self._ready: list[Frame] = []
        self.failures = 0  # reopen attempts since the last good read
        self.reopens = 0

    @property
    def rate(self) -> int:
        return self._rate

    def open(self) -> None:
        """Open the device (raise AudioError if it cannot be opened at any rate)."""
        self._audio = self._audio or self._factory()
        index = find_device(self._audio, self.settings.device)
        errors = []
        for rate in self.settings.rates:
            try:
                self._stream = self._audio.open(
                    format=8,  # pyaudio.paInt16
                    channels=self.settings.channels,
                    rate=rate,
                    input=True,
                    input_device_index=index,
                    frames_per_buffer=int(FRAME_SAMPLES * rate / SAMPLE_RATE),
                )
            except (OSError, ValueError) as exc:
                errors.append(f"{rate} Hz: {exc}")
                continue
            self._rate = rate
            log.info("microphone open: device %s at %d Hz", index, rate)
            self._on_status(DeviceStatus("opened", f"{rate} Hz"))
            return
        raise AudioError(f"cannot open the microphone ({'; '.join(errors)})")

    def read(self) -> Frame | None:
        while not self._ready:
            if self._closed.is_set():
                return None
            chunk = self._read_chunk()
            if chunk is not None:
                mono = to_mono(chunk, self.settings.channels, self.settings.channel)
                self._ready.extend(self._framer.push(resample(mono, self._rate)))
        return self._ready.pop(0)

    def _read_chunk(self) -> np.ndarray | None:
        if self._stream is None:
            self._reopen()
            return None
        try:
            raw = self._stream.read(int(FRAME_SAMPLES * self._rate / SAMPLE_RATE), False)
        except (OSError, ValueError) as exc:
            log.warning("microphone lost: %s", exc)
            self._on_status(DeviceStatus("lost", str(exc)))
            self._drop_stream()
            return None
        self.failures = 0
        return np.frombuffer(raw, dtype=np.int16)

    def _reopen(self) -> None:
        delays = self.settings.backoff_s
        delay = delays[min(self.failures, len(delays) - 1)]
        self.failures += 1
        self._on_status(DeviceStatus("reopening", f"in {delay} s", self.failures))
        self._sleep(delay)
        if self._closed.is_set():
            return
        try:
            self._drop_audio()
            self.open()
            self.reopens += 1
        except AudioError as exc:
            log.warning("microphone reopen %d failed: %s", self.failures, exc.message)

    def _drop_stream(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            try:
                stream.close()
            except OSError:
                log.debug("closing a lost stream failed", exc_info=True)

    def _drop_audio(self) -> None:
        # A fresh PyAudio re-scans devices, so a re-plugged card is found again.
        audio, self._audio = self._audio, None
        if audio is not None:
            audio.terminate()

    def close(self) -> None:
        self._closed.set()
        self._drop_stream()
        self._drop_audio()


def find_device(audio: Any, wanted: str | int | None, *, is_input: bool = True) -> int | None:
    """Return the index of the device named (by substring) or numbered ``wanted``."""
    if wanted is None or isinstance(wanted, int):
        return wanted
    key = "maxInputChannels" if is_input else "maxOutputChannels"
    names = []
    for index in range(audio.get_device_count()):
        info = audio.get_device_info_by_index(index)
        names.append(str(info.get("name")))
        if wanted.lower() in str(info.get("name", "")).lower() and info.get(key, 0) > 0:
            return index
    raise AudioError(f"no audio device named {wanted!r} (have: {', '.join(names) or 'none'})")


class PipeAudio:
    """A microphone or speaker that is a named pipe of raw mono int16 audio, shaped like PyAudio.

    ``[audio] input_device = "pipe:/run/parley/mic.fifo"``: whatever writes into the FIFO is
    the microphone (``arecord -t raw -f S16_LE -r 16000 -c 1 > fifo`` on another card, a
    network audio receiver, bench/soak.py). MicSource drives it like a sound card: the writer
    going away, or no audio for ``stall_s``, is a lost device, reopened with the same backoff.

    ``[audio] output_device = "pipe:/run/parley/speaker.fifo"``: whatever reads the FIFO is the
    speaker (``aplay -t raw -f S16_LE -r 22050 -c 1 < fifo``; bench/soak.py reads it at the
    speed it feeds the microphone). Writes block while the pipe is full, so the reader paces
    the reply as a sound card does; with no reader the speaker cannot be opened.
    """

    def __init__(self, path: str | Path, stall_s: float = 2.0) -> None:
        self.path = Path(path)
        self.stall_s = stall_s

    def open(self, *, rate: int, channels: int, output: bool = False, **_: Any) -> Any:
        if output:
            if channels != 1:
                raise ValueError(f"a speaker pipe carries mono, not {channels} channels")
            return _PipeOutput(self.path)
        if rate != SAMPLE_RATE or channels != 1:
            raise ValueError(f"a pipe carries {SAMPLE_RATE} Hz mono, not {rate} Hz x {channels}")
        if not stat.S_ISFIFO(self.path.stat().st_mode):  # OSError when it does not exist
            raise OSError(f"{self.path} is not a named pipe (mkfifo {self.path})")
        return _PipeStream(self.path, self.stall_s)

    def get_device_count(self) -> int:
        return 0

    def terminate(self) -> None:
        """Nothing to release (each stream closes its own descriptor)."""


class _PipeStream:
    def __init__(self, path: Path, stall_s: float) -> None:
        self.path = path
        self.stall_s = stall_s
        self._fd: int | None = os.open(path, os.O_RDONLY | os.O_NONBLOCK)

    def read(self, frames: int, exception_on_overflow: bool = False) -> bytes:
        """Return ``frames`` samples; raise OSError when the writer is gone or silent."""
        if self._fd is None:
            raise OSError(f"{self.path}: the stream is closed")
        wanted = frames * 2
        data = bytearray()
        deadline = time.monotonic() + self.stall_s
        while len(data) < wanted:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise OSError(f"no audio from {self.path} for {self.stall_s} s")
            ready, _, _ = select.select([self._fd], [], [], remaining)
            if not ready:
                continue
            try:
                chunk = os.read(self._fd, wanted - len(data))
            except BlockingIOError:
                continue
            if not chunk:
                raise OSError(f"nothing writes to {self.path} any more")
            data += chunk
        return bytes(data)

    def close(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)


class _PipeOutput:
    def __init__(self, path: Path) -> None:
        self.path = path
        if not stat.S_ISFIFO(path.stat().st_mode):  # OSError when it does not exist
            raise OSError(f"{path} is not a named pipe (mkfifo {path})")
        # Non-blocking open fails at once (ENXIO) when nothing reads: no speaker there.
        self._fd: int | None = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        os.set_blocking(self._fd, True)  # then each write waits for the reader: real pace
        # A sound card buffers a fraction of a second, not the pipe's default 64 KiB (1.5 s
        # of reply): keep it as small, so stop() (barge-in) silences the reply as soon.
        with contextlib.suppress(OSError, AttributeError):
            fcntl.fcntl(self._fd, fcntl.F_SETPIPE_SZ, PIPE_SPEAKER_BYTES)

    def write(self, data: bytes) -> None:
        if self._fd is None:
            raise OSError(f"{self.path}: the stream is closed")
        view = memoryview(data)
        while view:
            view = view[os.write(self._fd, view) :]  # BrokenPipeError when the reader left

    def close(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)


def _real_pyaudio() -> Any:
    try:
        import pyaudio
    except ImportError as exc:
        raise AudioError("pyaudio is not installed (pip install parley[pi])") from exc
    return pyaudio.PyAudio()


@dataclass
class WavSink:
    """Collect reply audio in memory; ``save`` writes each reply as a WAV file."""

    directory: Path | None = None
    sample_rate: int = 22_050
    chunks: list[np.ndarray] = field(default_factory=list)
    saved: list[Path] = field(default_factory=list)

    def play(self, samples: np.ndarray, sample_rate: int) -> None:
        self.sample_rate = sample_rate
        self.chunks.append(np.asarray(samples, dtype=np.int16))

    def stop(self) -> None:
        """Nothing is playing in real time, so there is nothing to cut."""

    def save(self, name: str) -> Path | None:
        """Write what was played since the last save as ``<directory>/<name>.wav``."""
        if not self.chunks:
            return None
        audio, self.chunks = np.concatenate(self.chunks), []
        if self.directory is None:
            return None
        path = write_wav(self.directory / f"{name}.wav", audio, self.sample_rate)
        self.saved.append(path)
        return path

    def close(self) -> None:
        self.chunks = []


class SpeakerSink:
    """Play reply audio on a pyaudio output device, in small blocks so ``stop`` is quick.

    One sound at a time: the "listening" beep (16 kHz, from its own thread) used to reopen the
    stream at its rate while a reply (22.05 kHz) was still being written to it, so the reply
    failed with "the stream is closed" (a pipe) or wrote to a closed PortAudio stream (a
    card). A play now waits for the one before it; ``stop`` makes that quick.
    """

    block_s = 0.05
    close_wait_s = 2.0  # close() waits this long for a play to notice stop()

    def __init__(
        self, device: str | int | None = None, *, pyaudio_factory: Callable[[], Any] | None = None
    ) -> None:
        self._audio = (pyaudio_factory or _real_pyaudio)()
        self._index = find_device(self._audio, device, is_input=False)
        self._stream: Any = None
        self._rate = 0
        self._stopped = threading.Event()
        self._playing = threading.Lock()

    def play(self, samples: np.ndarray, sample_rate: int) -> None:
        with self._playing:
            self._play(samples, sample_rate)

    def _play(self, samples: np.ndarray, sample_rate: int) -> None:
        self._stopped.clear()
        try:
            stream = self._stream_for(sample_rate)
        except OSError as exc:  # unplugged, or (a pipe) nothing reading it
            raise AudioError(f"speaker failed: {exc}") from exc
        block = int(sample_rate * self.block_s)
        data = np.asarray(samples, dtype=np.int16)
        for start in range(0, len(data), block):
            if self._stopped.is_set():
                return
            try:
                stream.write(data[start : start + block].tobytes())
            except OSError as exc:
                self._stream = None
                with contextlib.suppress(OSError):
                    stream.close()
                raise AudioError(f"speaker failed: {exc}") from exc

    def _stream_for(self, sample_rate: int) -> Any:
        if self._stream is None or self._rate != sample_rate:
            if self._stream is not None:
                self._stream.close()
            self._stream = self._audio.open(
                format=8,
                channels=1,
                rate=sample_rate,
                output=True,
                output_device_index=self._index,
            )
            self._rate = sample_rate
        return self._stream

    def stop(self) -> None:
        self._stopped.set()

    def close(self) -> None:
        self._stopped.set()
        is_idle = self._playing.acquire(timeout=self.close_wait_s)  # a play ends within a block
        try:
            if self._stream is not None:
                self._stream.close()
                self._stream = None
            self._audio.terminate()
        finally:
            if is_idle:
                self._playing.release()
