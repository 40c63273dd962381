"""Give freed heap memory back to the system when the appliance comes to rest.

Whisper (CTranslate2), Piper and the VAD (onnxruntime) and llama.cpp allocate and free tens of
megabytes per utterance. glibc keeps what is freed inside its heaps for reuse, so the daemon's
resident size creeps up with fragmentation even though nothing leaks: over the hour-long soak
(bench/soak.py) it grew 6.6% after warm-up. ``malloc_trim(0)`` returns the free pages; with
Whisper base alone it gave back 48 MB of 432 in 5 ms (16 ms the first time).

``TrimComponent`` calls it on a worker thread when the pipeline comes to rest (the follow-up
window closed, nothing was said, or a command ran), at most once every ``min_interval_s``. On a
C library without ``malloc_trim`` (musl, macOS) it does nothing.

``limit_arenas`` caps glibc's heaps ("arenas") before the daemon starts its threads. glibc gives
each thread that allocates at the same time as another its own arena, up to 8 per core, and each
arena keeps its own high-water mark: Whisper on one thread, Piper on another and the parser on
a third each hold their peaks apart. ``parley run`` calls it before any engine loads; a
``MALLOC_ARENA_MAX`` already in the environment (glibc's own variable) stands.

``return_large_blocks`` makes every block of ``LARGE_BLOCK`` (1 MiB) or more a mapping of its
own, given back to the system the moment it is freed. By default glibc raises that threshold
each time such a block is freed, up to 32 MiB, so the tensors Piper's voice (tens of megabytes
for a sentence's audio) and Whisper's decode allocate come from the heap and stay resident
until the next trim. In one process built like the daemon (wake word, VAD, Whisper base 10-best,
the parser, Piper; four commands, three rounds, a trim after each round) the resident size
peaked at 1,303 MB with glibc's default and 1,182 MB with the fixed threshold, and a sentence's
synthesis left 60-90 MB behind against none. A ``MALLOC_MMAP_THRESHOLD_`` in the environment
stands.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import functools
import logging
import os
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from services.events import Event

if TYPE_CHECKING:
    from services.app.daemon import Daemon

log = logging.getLogger(__name__)

# Events after which the pipeline is at rest and a few milliseconds of trimming go unnoticed.
AT_REST = frozenset({"follow_up_end", "no_speech", "command"})


# mallopt's parameter numbers (glibc's malloc.h): the arena cap, the size from which a block
# is a mapping of its own
M_ARENA_MAX = -8
M_MMAP_THRESHOLD = -3
ARENAS = 2
LARGE_BLOCK = 1 << 20


@functools.cache
def _libc() -> ctypes.CDLL | None:
    """The C library, looked up once (find_library runs ldconfig)."""
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name) if name else None
    except OSError:
        return None


def _libc_function(function: str) -> Any:
    """Return the C library's ``function`` (a ctypes function), or None if it has none."""
    return getattr(_libc(), function, None)


def limit_arenas(arenas: int = ARENAS) -> bool:
    """Cap glibc's malloc arenas at ``arenas``; True if the cap is now in place.

    Call before the threads that allocate start: arenas made before stay. Leaves a
    ``MALLOC_ARENA_MAX`` set in the environment alone (glibc has read it already).
    """
    if os.environ.get("MALLOC_ARENA_MAX"):
        return False
    return _mallopt(M_ARENA_MAX, arenas, "malloc arenas")


def return_large_blocks(size: int = LARGE_BLOCK) -> bool:
    """Give blocks of ``size`` bytes or more their own mapping, returned to the system when
    freed; True if that is now in place. Leaves a ``MALLOC_MMAP_THRESHOLD_`` set in the
    environment alone."""
    if os.environ.get("MALLOC_MMAP_THRESHOLD_"):
        return False
    return _mallopt(M_MMAP_THRESHOLD, size, "large blocks")


def _mallopt(parameter: int, value: int, what: str) -> bool:
    mallopt = _libc_function("mallopt")
    if mallopt is None:
        log.info("no mallopt in this C library: %s left as they are", what)
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(parameter, value))


def _malloc_trim() -> Callable[[], bool] | None:
    trim = _libc_function("malloc_trim")
    if trim is None:
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return lambda: bool(trim(0))


class TrimComponent:
    """Trim the heap after the pipeline comes to rest, at most once every ``min_interval_s``."""

    name = "memory"

    def __init__(
        self,
        trim: Callable[[], bool] | None = None,
        min_interval_s: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.trim = trim if trim is not None else _malloc_trim()
        self.min_interval_s = min_interval_s
        self.clock = clock
        self.trims = 0

    async def run(self, daemon: Daemon) -> None:
        if self.trim is None:
            log.info("no malloc_trim in this C library: freed memory stays with the heap")
            await asyncio.Event().wait()
            return
        loop = asyncio.get_running_loop()
        at_rest = asyncio.Event()

        def on_event(event: Event) -> None:  # any thread
            if event.type in AT_REST:
                loop.call_soon_threadsafe(at_rest.set)

        unsubscribe = daemon.bus.subscribe(on_event)
        last = -float("inf")
        try:
            while True:
                await at_rest.wait()
                wait_s = last + self.min_interval_s - self.clock()
                if wait_s > 0:
                    await asyncio.sleep(wait_s)
                at_rest.clear()
                last = self.clock()  # when the trim starts: the clock may move while it runs
                await asyncio.to_thread(self.trim)
                self.trims += 1
        finally:
            unsubscribe()
