"""A control command's output comes back in its reply, whatever a library did to sys.stdout."""

from __future__ import annotations

import sys
from types import SimpleNamespace

from services.app.control import ControlService


def _service(printer):
    daemon = SimpleNamespace(parley=SimpleNamespace(), config=None)
    return ControlService(daemon, loop=None, execute=printer)  # type: ignore[arg-type]


def _speak(argv: list[str]) -> int:
    print("out:", *argv)
    print("err:", *argv, file=sys.stderr)
    return 0


def test_output_is_captured_in_the_reply() -> None:
    with _service(_speak) as service:
        reply = service.run(["tasks", "--json"])
    assert reply == {"stdout": "out: tasks --json\n", "stderr": "err: tasks --json\n", "exit": 0}


def test_a_library_that_restores_the_stream_it_saved_before_the_service_does_not_lose_output() -> (
    None
):
    real_out, real_err = sys.stdout, sys.stderr
    saved_out, saved_err = sys.stdout, sys.stderr  # a model load starts: it saves the streams
    with _service(_speak) as service:
        sys.stdout, sys.stderr = saved_out, saved_err  # ... and the load ends: it restores them
        reply = service.run(["tasks"])
        assert sys.stdout is not real_out  # the service's stand-in is back in place
    assert (reply["stdout"], reply["stderr"]) == ("out: tasks\n", "err: tasks\n")
    assert (sys.stdout, sys.stderr) == (real_out, real_err)


def test_a_stand_in_of_someone_else_is_left_alone() -> None:
    class Elsewhere:
        def __init__(self) -> None:
            self.written: list[str] = []

        def write(self, text: str) -> int:
            self.written.append(text)
            return len(text)

        def flush(self) -> None:
            pass

    with _service(_speak) as service:
        ours = sys.stdout
        other = Elsewhere()
        sys.stdout = other  # type: ignore[assignment]
        try:
            service.run(["tasks"])
            assert sys.stdout is other
        finally:
            sys.stdout = ours
    assert "out:" in "".join(other.written)
