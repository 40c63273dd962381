"""Audio in and out: WAV reading and conversion, framing, sinks, the mic over a fake pyaudio
and over a real named pipe."""

from __future__ import annotations

import os
import threading
import time
import wave

import numpy as np
import pytest

from device.audio import (
    FRAME_SAMPLES,
    SAMPLE_RATE,
    MicSettings,
    MicSource,
    PipeAudio,
    SpeakerSink,
    WavSink,
    WavSource,
    find_device,
    read_wav,
    resample,
    to_mono,
    write_wav,
)
from services.errors import AudioError
from tests.fakes import FakePyAudio


def tone(seconds: float, rate: int, pitch: float = 440.0) -> np.ndarray:
    times = np.arange(int(seconds * rate)) / rate
    return (np.sin(2 * np.pi * pitch * times) * 10_000).astype(np.int16)


def write_raw(path, samples: np.ndarray, rate: int, channels: int, width: int = 2) -> None:
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(channels)
        writer.setsampwidth(width)
        writer.setframerate(rate)
        writer.writeframes(samples.tobytes())


def test_stereo_48k_wav_is_read_as_16k_mono(tmp_path):
    left = tone(1.0, 48_000)
    stereo = np.stack([left, np.zeros_like(left)], axis=1).reshape(-1)
    write_raw(tmp_path / "s.wav", stereo, 48_000, 2)
    samples, rate = read_wav(tmp_path / "s.wav")
    assert rate == SAMPLE_RATE
    assert abs(len(samples) - SAMPLE_RATE) <= 1
    # mixing halves the amplitude of a signal on one channel only
    assert 4_000 < np.abs(samples).max() < 5_500


def test_8_bit_wav_is_scaled_to_int16(tmp_path):
    unsigned = (np.sin(np.arange(16_000) / 5) * 100 + 128).astype(np.uint8)
    write_raw(tmp_path / "u8.wav", unsigned, 16_000, 1, width=1)
    samples, _ = read_wav(tmp_path / "u8.wav")
    assert samples.dtype == np.int16
    assert 20_000 < np.abs(samples.astype(np.int32)).max() < 32_768


def test_resampling_keeps_the_pitch():
    samples = resample(tone(1.0, 44_100, pitch=1000.0), 44_100)
    spectrum = np.abs(np.fft.rfft(samples))
    peak_hz = np.argmax(spectrum) * SAMPLE_RATE / len(samples)
    assert abs(peak_hz - 1000.0) < 5


def test_channel_selection_picks_one_channel_of_a_mic_array():
    frames = np.array([[1, 2, 3, 4], [5, 6, 7, 8]], dtype=np.int16).reshape(-1)
    assert to_mono(frames, 4, channel=2).tolist() == [3, 7]
    assert to_mono(frames, 4).tolist() == [2, 6]  # mean of 1..4 and 5..8, truncated


def test_an_empty_wav_is_a_clear_error(tmp_path):
    write_raw(tmp_path / "empty.wav", np.zeros(0, dtype=np.int16), 16_000, 1)
    with pytest.raises(AudioError, match=r"empty\.wav: the WAV file holds no audio"):
        read_wav(tmp_path / "empty.wav")


def test_a_corrupt_wav_is_a_clear_error(tmp_path):
    (tmp_path / "bad.wav").write_bytes(b"RIFF\x10\x00\x00\x00WAVEjunkjunkjunk")
    with pytest.raises(AudioError, match=r"bad\.wav: not a readable PCM WAV file"):
        read_wav(tmp_path / "bad.wav")


def test_a_missing_wav_is_a_clear_error(tmp_path):
    with pytest.raises(AudioError, match="no such audio file"):
        WavSource([tmp_path / "nothing.wav"])


def test_wav_source_frames_carry_their_sample_position(tmp_path):
    write_wav(tmp_path / "a.wav", tone(0.5, 16_000), 16_000)
    write_wav(tmp_path / "b.wav", tone(0.3, 16_000), 16_000)
    source = WavSource([tmp_path / "a.wav", tmp_path / "b.wav"], trailing_silence_s=0.2)
    frames = []
    while (frame := source.read()) is not None:
        frames.append(frame)
    assert [f.position for f in frames] == [i * FRAME_SAMPLES for i in range(len(frames))]
    assert all(len(f.samples) == FRAME_SAMPLES for f in frames)
    total = 16_000 * (0.5 + 0.3 + 0.2)
    assert len(frames) == int(np.ceil(total / FRAME_SAMPLES))
    assert frames[-1].samples[-100:].max() == 0  # the padded tail is silence


def test_wav_source_in_realtime_waits_for_each_frame(tmp_path):
    write_wav(tmp_path / "a.wav", tone(0.4, 16_000), 16_000)
    now = [100.0]
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(round(seconds, 3))
        now[0] += seconds

    source = WavSource(
        [tmp_path / "a.wav"], is_realtime=True, sleep=sleep, monotonic=lambda: now[0]
    )
    while source.read() is not None:
        pass
    assert sleeps == [0.08] * 5
    assert now[0] == pytest.approx(100.4)


def test_wav_sink_saves_each_reply(tmp_path):
    sink = WavSink(tmp_path)
    sink.play(np.ones(100, dtype=np.int16), 22_050)
    sink.play(np.ones(50, dtype=np.int16), 22_050)
    path = sink.save("reply-001")
    assert path == tmp_path / "reply-001.wav"
    samples, rate = read_wav(path)
    assert rate == SAMPLE_RATE  # read_wav converts to 16 kHz
    assert abs(len(samples) - 150 * 16_000 / 22_050) <= 1
    assert sink.save("reply-002") is None  # nothing played since


# -- the microphone over a fake pyaudio ---------------------------------------------------------


def chunk(rate: int, value: int = 100, channels: int = 1) -> bytes:
    count = int(FRAME_SAMPLES * rate / SAMPLE_RATE) * channels
    return np.full(count, value, dtype=np.int16).tobytes()


def test_mic_is_found_by_name_and_opened_at_16k():
    audio = FakePyAudio([[chunk(16_000)] * 3])
    mic = MicSource(MicSettings(device="usb"), pyaudio_factory=lambda: audio)
    mic.open()
    frames = [mic.read() for _ in range(3)]
    assert audio.opened[0].kwargs["input_device_index"] == 1
    assert audio.opened[0].kwargs["rate"] == 16_000
    assert [f.position for f in frames] == [0, 1280, 2560]


def test_an_unknown_mic_name_lists_the_devices():
    with pytest.raises(AudioError, match=r"no audio device named 'respeaker' \(have: HDMI"):
        find_device(FakePyAudio([]), "respeaker")


def test_mic_falls_back_to_48k_and_resamples():
    audio = FakePyAudio([[chunk(48_000)] * 6], refuse_rates=(16_000,))
    mic = MicSource(MicSettings(), pyaudio_factory=lambda: audio)
    mic.open()
    frames = [mic.read() for _ in range(6)]
    assert mic.rate == 48_000
    assert all(len(f.samples) == FRAME_SAMPLES for f in frames)
    assert frames[-1].position == 5 * FRAME_SAMPLES


def test_mic_array_channel_is_selected():
    data = np.tile(np.array([10, 20, 30, 40], dtype=np.int16), FRAME_SAMPLES).tobytes()
    audio = FakePyAudio([[data]])
    mic = MicSource(MicSettings(channels=4, channel=1), pyaudio_factory=lambda: audio)
    mic.open()
    assert set(mic.read().samples.tolist()) == {20}
    assert audio.opened[0].kwargs["channels"] == 4


def test_lost_mic_is_reopened_with_backoff_and_reported():
    lost = OSError(-9981, "Input overflowed / device unavailable")
    audio = FakePyAudio([[chunk(16_000), lost], [chunk(16_000, 7)]])
    statuses = []
    sleeps: list[float] = []
    mic = MicSource(
        MicSettings(rates=(16_000,), backoff_s=(0.5, 1.0, 2.0)),
        pyaudio_factory=lambda: audio,
        on_status=statuses.append,
        sleep=sleeps.append,
    )
    mic.open()
    audio.failed_opens = 2  # unplugged: the next two opens fail
    first = mic.read()
    second = mic.read()  # the device goes away, fails to reopen twice, then comes back
    assert first.position == 0
    assert second.position == FRAME_SAMPLES  # positions continue across the gap
    assert int(second.samples[0]) == 7
    assert sleeps == [0.5, 1.0, 2.0]
    assert [s.state for s in statuses] == [
        "opened",
        "lost",
        "reopening",
        "reopening",
        "reopening",
        "opened",
    ]
    assert mic.reopens == 1
    assert audio.opened[0].is_closed
    assert audio.terminated >= 1  # a fresh PyAudio re-scans devices


def test_close_stops_a_read_waiting_for_a_lost_mic():
    audio = FakePyAudio([[OSError(-9999, "gone")]])
    calls = []
    mics = []

    def sleep(seconds: float) -> None:  # close arrives during the third wait
        calls.append(seconds)
        if len(calls) == 3:
            mics[0].close()

    settings = MicSettings(rates=(16_000,), backoff_s=(0.1,))
    mic = MicSource(settings, pyaudio_factory=lambda: audio, sleep=sleep)
    mics.append(mic)
    mic.open()
    audio.failed_opens = 100
    assert mic.read() is None
    assert len(calls) == 3


def test_speaker_plays_in_small_blocks_and_reopens_for_a_new_rate():
    audio = FakePyAudio([])
    speaker = SpeakerSink("usb", pyaudio_factory=lambda: audio)
    speaker.play(np.ones(22_050, np.int16), 22_050)  # one second
    stream = audio.opened[0]
    assert stream.kwargs["output"] and stream.kwargs["rate"] == 22_050
    assert stream.kwargs["output_device_index"] == 1
    # 50 ms blocks (1102 samples), so stop() takes effect within 50 ms
    assert [len(block) // 2 for block in stream.written] == [1102] * 20 + [10]
    assert sum(len(block) for block in stream.written) == 2 * 22_050
    speaker.play(np.ones(1600, np.int16), 16_000)
    assert stream.is_closed and audio.opened[1].kwargs["rate"] == 16_000


def test_a_failing_speaker_is_a_clear_error():
    audio = FakePyAudio([[OSError(-9999, "device unplugged")]])
    speaker = SpeakerSink(pyaudio_factory=lambda: audio)
    with pytest.raises(AudioError, match="speaker failed"):
        speaker.play(np.ones(22_050, np.int16), 22_050)


def test_a_named_pipe_is_a_microphone_whose_writer_can_go_and_come_back(tmp_path):
    """`input_device = "pipe:..."`: MicSource over PipeAudio reads real frames from a FIFO;
    the writer leaving is a lost device, and its return is a reopen."""
    fifo = tmp_path / "mic.fifo"
    os.mkfifo(fifo)
    statuses = []
    reopening = threading.Event()

    def on_status(status) -> None:
        statuses.append(status)
        if status.state == "reopening":
            reopening.set()

    mic = MicSource(
        MicSettings(rates=(16_000,), backoff_s=(0.0,)),
        pyaudio_factory=lambda: PipeAudio(fifo, stall_s=30.0),
        on_status=on_status,
    )
    mic.open()
    first = np.arange(FRAME_SAMPLES, dtype=np.int16)
    writer = os.open(fifo, os.O_WRONLY)
    os.write(writer, first.tobytes())
    assert np.array_equal(mic.read().samples, first)
    os.close(writer)  # the writer goes away, like a card pulled out

    second = np.full(FRAME_SAMPLES, 7, dtype=np.int16)
    read = threading.Event()

    def come_back() -> None:
        # only once the reader has seen the loss: a writer back sooner is no loss at all
        reopening.wait(60)
        fd = os.open(fifo, os.O_WRONLY)  # blocks until the reader has the pipe open again
        os.write(fd, second.tobytes())
        read.wait(60)  # keep the pipe open: its data would go with the last descriptor
        os.close(fd)

    thread = threading.Thread(target=come_back, daemon=True)
    thread.start()
    frame = mic.read()
    read.set()
    assert np.array_equal(frame.samples, second)
    assert frame.position_ms == FRAME_SAMPLES * 1000 // 16_000  # the stream goes on
    assert [s.state for s in statuses][:3] == ["opened", "lost", "reopening"]
    assert "opened" in [s.state for s in statuses][3:]
    thread.join(60)
    mic.close()


def test_a_pipe_that_is_not_there_or_not_a_fifo_is_a_clear_error(tmp_path):
    with pytest.raises(AudioError, match="cannot open the microphone"):
        MicSource(MicSettings(), pyaudio_factory=lambda: PipeAudio(tmp_path / "x")).open()
    plain = tmp_path / "plain"
    plain.write_bytes(b"")
    with pytest.raises(AudioError, match="not a named pipe"):
        MicSource(MicSettings(), pyaudio_factory=lambda: PipeAudio(plain)).open()


def test_a_named_pipe_is_a_speaker_paced_by_its_reader(tmp_path):
    """`output_device = "pipe:..."`: with no reader the speaker is a clear error; with one,
    the reply arrives whole, and the reader leaving is an error the next reply recovers from."""
    fifo = tmp_path / "speaker.fifo"
    os.mkfifo(fifo)
    sink = SpeakerSink(None, pyaudio_factory=lambda: PipeAudio(fifo))
    reply = np.arange(22_050, dtype=np.int16)  # one second at Piper's rate
    with pytest.raises(AudioError, match="speaker failed"):
        sink.play(reply, 22_050)  # nothing reads the pipe: no speaker there

    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    os.set_blocking(reader, True)
    heard = bytearray()

    def listen(nbytes: int = reply.nbytes) -> None:
        deadline = time.monotonic() + 60
        while len(heard) < nbytes and time.monotonic() < deadline:
            chunk = os.read(reader, 4096)
            if not chunk:  # no writer (yet, or between replies): a reader keeps listening
                time.sleep(0.01)
            heard.extend(chunk)

    thread = threading.Thread(target=listen, daemon=True)
    thread.start()
    sink.play(reply, 22_050)  # more than the pipe holds: it waits for the reader
    thread.join(60)
    assert np.array_equal(np.frombuffer(bytes(heard), dtype=np.int16), reply)

    os.close(reader)  # the reader goes away, like a speaker pulled out
    with pytest.raises(AudioError, match="speaker failed"):
        sink.play(reply, 22_050)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # it comes back
    os.set_blocking(reader, True)
    heard.clear()
    thread = threading.Thread(target=listen, args=(2205 * 2,), daemon=True)
    thread.start()
    sink.play(reply[:2205], 22_050)
    thread.join(60)
    assert len(heard) == 2205 * 2
    os.close(reader)
    sink.close()


def test_a_beep_during_a_reply_waits_for_it_instead_of_closing_its_stream(tmp_path):
    """The "listening" beep (16 kHz, its own thread) used to reopen the pipe at its rate while
    the reply (22.05 kHz) was still being written: the reply failed, "the stream is closed"."""
    fifo = tmp_path / "speaker.fifo"
    os.mkfifo(fifo)
    descriptors = len(os.listdir("/proc/self/fd"))
    sink = SpeakerSink(None, pyaudio_factory=lambda: PipeAudio(fifo))
    reply = np.arange(22_050, dtype=np.int16)  # one second: more than the pipe holds
    beep = np.full(1_600, 5, dtype=np.int16)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    os.set_blocking(reader, True)
    heard = bytearray()
    beeping = threading.Event()
    failures: list[Exception] = []

    def listen() -> None:
        deadline = time.monotonic() + 60
        while len(heard) < reply.nbytes + beep.nbytes and time.monotonic() < deadline:
            if len(heard) >= 4096:  # the reply is under way: let the beep come first
                beeping.wait(60)
            chunk = os.read(reader, 4096)
            if not chunk:
                time.sleep(0.01)
            heard.extend(chunk)

    def speak() -> None:
        try:
            sink.play(reply, 22_050)
        except AudioError as exc:
            failures.append(exc)

    listener = threading.Thread(target=listen, daemon=True)
    speaker = threading.Thread(target=speak, daemon=True)
    listener.start()
    speaker.start()
    deadline = time.monotonic() + 60
    while len(heard) < 4096 and time.monotonic() < deadline:
        time.sleep(0.01)  # waiting on a condition: the reply has started
    beeper = threading.Thread(target=sink.play, args=(beep, 16_000), daemon=True)
    beeper.start()
    beeping.set()
    for thread in (speaker, beeper, listener):
        thread.join(60)
    os.close(reader)
    assert failures == []
    assert bytes(heard) == reply.tobytes() + beep.tobytes()  # the whole reply, then the beep
    # the reply's error path used to drop the beep's new stream unclosed: one descriptor per
    # collision (the 1,000-loop soak went from 18 to 104 open files)
    sink.close()
    assert len(os.listdir("/proc/self/fd")) == descriptors
