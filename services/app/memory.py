"""Give freed heap memory back to the system when the appliance comes to rest.

Whisper (CTranslate2), Piper and the VAD (onnxruntime) and llama.cpp allocate and free tens of
megabytes per utterance. glibc keeps what is freed inside its heaps for reuse, so the daemon's
resident size creeps up with fragmentation even though nothing leaks: over the hour-long soak
(bench/soak.py) it grew 6.6% after warm-up. ``malloc_trim(0)`` returns the free pages; with
Whisper base alone it gave back 48 MB of 432 in 5 ms (16 ms the first time).

``TrimComponent`` calls it on a worker thread when the pipeline comes to rest (a reply was
spoken, the follow-up window closed, nothing was said, or a command ran), at most once every
``min_interval_s`` (10 s). Piper is the largest transient: a sentence's synthesis holds about
16 MB per second of its audio and, freed, 40-90 MB of it stays in the heap until a trim (in a
process built like the daemon, four commands a round: 1,140-1,200 MB before a round's trim,
1,053-1,074 after). So the reply's end is a moment of rest too, and trims come every 10 s, not
30: the trim itself takes 10-70 ms on its own thread. On a C library without ``malloc_trim``
(musl, macOS) it does nothing.

Not done: ``mallopt(M_MMAP_THRESHOLD, 1 MiB)``, which gives every freed block of 1 MiB or more
straight back (peak 1,303 -> 1,182 MB in that process), made each Piper sentence 100-115 ms
slower and each Whisper decode 50-80 ms slower (page faults on fresh mappings); at 16 MiB it
cost little and saved nothing.

``limit_arenas`` caps glibc's heaps ("arenas") before the daemon starts its threads. glibc gives
each thread that allocates at the same time as another its own arena, up to 8 per core, and each
arena keeps its own high-water mark: Whisper on one thread, Piper on another and the parser on
a third each hold their peaks apart. ``parley run`` calls it before any engine loads; a
``MALLOC_ARENA_MAX`` already in the environment (glibc's own variable) stands.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import functools
import logging
import os
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from services.events import Event

if TYPE_CHECKING:
    from services.app.daemon import Daemon

log = logging.getLogger(__name__)

# Events after which the pipeline is at rest and a few milliseconds of trimming go unnoticed.
AT_REST = frozenset({"tts_end", "follow_up_end", "no_speech", "command"})


# mallopt's parameter number for the arena cap (M_ARENA_MAX in glibc's malloc.h).
M_ARENA_MAX = -8
ARENAS = 2


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
    mallopt = _libc_function("mallopt")
    if mallopt is None:
        log.info("no mallopt in this C library: malloc arenas left as they are")
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(M_ARENA_MAX, arenas))


class _MallInfo2(ctypes.Structure):
    """glibc's ``struct mallinfo2`` (malloc.h, glibc 2.33 and later): sizes in bytes."""

    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena", "ordblks", "smblks", "hblks", "hblkhd",
            "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost",
        )
    ]  # fmt: skip


def heap_report() -> dict[str, float | int]:
    """Where the process's heap memory is, so that a creep in RSS can be told apart.

    ``heap_in_use_mb``: C heap blocks allocated and not freed, in every arena, plus the blocks
    glibc mapped on their own (a leak in an engine or a growing cache shows here);
    ``heap_free_mb``: freed memory the arenas still hold (fragmentation, what ``malloc_trim``
    can give back); ``python_blocks``: objects' memory blocks held by Python's own allocator
    (a Python-side leak shows here). Without glibc's ``mallinfo2``, only the last.
    """
    report: dict[str, float | int] = {"python_blocks": sys.getallocatedblocks()}
    mallinfo2 = _libc_function("mallinfo2")
    if mallinfo2 is None:
        return report
    mallinfo2.argtypes = []
    mallinfo2.restype = _MallInfo2
    info = mallinfo2()
    report["heap_in_use_mb"] = round((info.uordblks + info.hblkhd) / 2**20, 1)
    report["heap_free_mb"] = round(info.fordblks / 2**20, 1)
    return report


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
        min_interval_s: float = 10.0,
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
