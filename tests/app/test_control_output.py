"""A control command's output comes back in its reply, whatever a library did to sys.stdout."""

from __future__ import annotations

import os
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


def test_a_service_started_while_a_model_load_silences_output_captures_after_it(capsys) -> None:
    """The load points sys.stdout at /dev/null before the service starts and restores the
    stream it saved after: the replies hold their output, the daemon's own goes to the
    restored stream (the soak under load saw 8,887 command lines on the daemon's stdout)."""
    real_out = sys.stdout
    with open(os.devnull, "w") as null:
        sys.stdout = null  # the load starts
        try:
            with _service(_speak) as service:
                during = service.run(["during"])
                sys.stdout = real_out  # the load ends
                after = service.run(["tasks", "--json"])
                print("the daemon's own line")
                assert sys.stdout is not real_out  # the stand-in is back in place
        finally:
            sys.stdout = real_out
    assert during["stdout"] == "out: during\n"
    assert after["stdout"] == "out: tasks --json\n"
    assert capsys.readouterr().out == "the daemon's own line\n"


def test_a_library_silencing_output_while_the_service_runs_loses_no_reply(capsys) -> None:
    with _service(_speak) as service:
        ours = sys.stdout
        with open(os.devnull, "w") as null:
            sys.stdout = null  # a load starts after the service: it saved the stand-in
            reply = service.run(["tasks"])
            sys.stdout = ours  # the load ends: the stand-in it saved is put back
        print("the daemon's own line")
    assert reply["stdout"] == "out: tasks\n"
    assert capsys.readouterr().out == "the daemon's own line\n"  # not lost to /dev/null


def test_another_stand_in_takes_the_daemon_output_and_the_reply_still_its_own() -> None:
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
            reply = service.run(["tasks"])
            print("the daemon's own line")
        finally:
            sys.stdout = ours
    assert reply["stdout"] == "out: tasks\n"
    assert "".join(other.written) == "the daemon's own line\n"
