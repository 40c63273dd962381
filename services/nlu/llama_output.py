"""llama.cpp's output: in the daemon's log, never by silencing the whole process.

llama-cpp-python, asked for ``verbose=False``, loads a model inside its
``suppress_stdout_stderr``: it dup2()s /dev/null over file descriptors 1 and 2 of the whole
process until the load ends (1-5 s here). In a daemon every other thread writes there too, so
the events, log lines and command output of that moment went to /dev/null (and the control
service had to learn to tell that /dev/null from the daemon's own output: app/control.py).

``quiet_loads()`` switches that silencing off and routes llama.cpp's own log (which is where
its load messages go) to the ``parley.llama`` logger instead: errors at ERROR, warnings at
INFO, the rest at DEBUG, so ``parley run -v`` shows the load and the journal is not flooded.
Both are done once per process, before the first model is built; ``verbose=False`` stays, so
the library's own Python prints (metadata, chat template) stay off too.
"""

from __future__ import annotations

import ctypes
import logging
import os
import threading
from typing import Any

log = logging.getLogger("parley.llama")

# ggml_log_level (ggml.h): NONE 0, DEBUG 1, INFO 2, WARN 3, ERROR 4, CONT 5 (continues the last
# line). llama-cpp-python's own _logger.py still has the older order (INFO 1 ... DEBUG 4).
# Its warnings go in at INFO: the packaged Qwen GGUF alone draws eleven on every load ("control-
# looking token ... will be overridden"), harmless, and llama-cpp-python showed none of them.
_LEVELS = {3: logging.INFO, 4: logging.ERROR}  # the others (a load's report) at DEBUG
_CONTINUE = 5


def llama_threads(configured: int = 0) -> int:
    """The threads llama.cpp decodes with: ``configured``, or else every usable core but one.

    bench/bench_llama_threads.py on a 2-core machine (the fine-tuned parser, p50 quiet /
    beside a CPU hog / beside a second parser, OpenMP threads sleeping while they wait as set
    in services/__init__.py): 2 threads 2,175 / 2,019 / 1,834 ms, 1 thread 1,714 / 1,655 /
    1,771 ms. Spinning threads were faster quiet (963 ms with 2) but 2,746 ms beside the hog,
    and in the test suite 30-100 times slower beside another spinning pool. One core is left
    for the audio, the wake word and Whisper's next partial.
    """
    if configured:
        return configured
    try:
        cores = len(os.sched_getaffinity(0))  # what this process may use (taskset, cgroups)
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, cores - 1)


_lock = threading.Lock()
# (the ctypes callback, kept alive as long as llama.cpp may call it; whether the silencing was
# found and switched off), once set
_installed: list[tuple[Any, bool]] = []


class _Lines:
    """Joins llama.cpp's log pieces into lines (it writes a line in several calls)."""

    def __init__(self) -> None:
        self.text = ""
        self.level = logging.DEBUG

    def add(self, level: int, text: str) -> None:
        if level != _CONTINUE:
            self.level = _LEVELS.get(level, logging.DEBUG)
        self.text += text
        while "\n" in self.text:
            line, self.text = self.text.split("\n", 1)
            if line.strip():
                log.log(self.level, "%s", line.rstrip())


def quiet_loads() -> bool:
    """Stop llama-cpp-python silencing the process while it loads; log llama.cpp instead.

    Returns whether the silencing was found and switched off (False on a llama-cpp-python
    that no longer has it, which then behaves as it always did).
    """
    import llama_cpp
    from llama_cpp import _internals, _utils
    from llama_cpp import llama as llama_module

    with _lock:
        if _installed:
            return _installed[0][1]
        lines = _Lines()

        def to_log(level: int, text: bytes, user_data: ctypes.c_void_p) -> None:
            lines.add(level, text.decode("utf-8", errors="replace"))

        callback = llama_cpp.llama_log_callback(to_log)
        llama_cpp.llama_log_set(callback, ctypes.c_void_p(0))
        _installed.append((callback, _unsilence(_utils, (llama_module, _internals))))
        return _installed[0][1]


def _unsilence(utils: Any, users: tuple[Any, ...]) -> bool:
    """Put a never-silencing ``suppress_stdout_stderr`` where the library's modules use it."""
    original = getattr(utils, "suppress_stdout_stderr", None)
    if original is None:
        return False

    class _NotSilenced(original):  # type: ignore[misc, valid-type]
        def __init__(self, disable: bool = True) -> None:
            super().__init__(disable=True)

    found = False
    for module in users:
        if getattr(module, "suppress_stdout_stderr", None) is original:
            module.suppress_stdout_stderr = _NotSilenced
            found = True
    return found
