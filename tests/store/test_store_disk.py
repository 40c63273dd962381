"""Real disk trouble: an uncreatable or read-only state dir, a full disk, a file size limit.

Tests run as root, and root ignores file modes, so the read-only cases are made real in two
ways: a state dir below a regular file (no one can create it), and a forked child that drops
to the ``nobody`` user before it opens a directory with mode 0555.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from services.store import Store, StoreError, StoreFullError
from services.store.journal import scan
from tests.store.support import add_command, commands_in, in_child

NOBODY = 65534


def test_state_dir_below_a_regular_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a directory")
    with pytest.raises(StoreError, match=r"cannot create the state directory .*file/state"):
        Store.open(tmp_path / "file" / "state")


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A directory the nobody user can reach (pytest's tmp_path is root-only)."""
    path = Path(tempfile.mkdtemp(prefix="parley-store-"))
    path.chmod(0o755)
    yield path
    for root, dirs, _ in os.walk(path):
        for name in dirs:
            os.chmod(os.path.join(root, name), 0o755)
    shutil.rmtree(path)


def _as_nobody(state: Path) -> str:
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)
    assert os.getuid() == NOBODY
    try:
        Store.open(state)
    except StoreError as exc:
        return exc.message
    return "opened"


@pytest.mark.may_skip
@pytest.mark.skipif(os.getuid() != 0, reason="needs root to drop to another user")
def test_read_only_parent_dir_for_a_non_root_process(shared_dir: Path) -> None:
    parent = shared_dir / "ro"
    parent.mkdir(mode=0o555)
    parent.chmod(0o555)
    message = in_child(lambda: _as_nobody(parent / "state"))
    assert message.startswith(f"cannot create the state directory {parent / 'state'}")
    assert "Permission denied" in message


@pytest.mark.may_skip
@pytest.mark.skipif(os.getuid() != 0, reason="needs root to drop to another user")
def test_read_only_existing_store_for_a_non_root_process(shared_dir: Path) -> None:
    state = shared_dir / "state"
    with Store.open(state) as store:
        add_command(store, 0)
    state.chmod(0o555)
    message = in_child(lambda: _as_nobody(state))
    assert message == f"cannot open the store in {state}: Permission denied"
    with Store.open(state) as store:  # nothing was harmed
        assert commands_in(store) == [0]


def _fill_to_the_limit(state: Path) -> dict:
    store = Store.open(state)
    add_command(store, 0)
    journal = state / "store.journal"
    before = journal.stat().st_size
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of being killed
    limit = before + 700
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    with store.transaction() as tx:  # about 250 bytes: fits
        tx.insert("commands", {"n": 1})
    fitted = journal.stat().st_size
    try:
        with store.transaction() as tx:
            tx.insert("tasks", {"title": "x" * 2000})
            tx.insert("commands", {"n": 2})
        error = ""
    except StoreFullError as exc:
        error = exc.message
    result = {
        "error": error,
        "fitted": fitted,
        "after_failure": journal.stat().st_size,
        "tasks_in_memory": store.count("tasks"),
        "commands_in_memory": commands_in(store),
    }
    with store.transaction() as tx:  # still usable: a small commit fits
        tx.insert("commands", {"n": 3})
    result["records"] = len(scan(journal.read_bytes()).records)
    return result


def test_file_size_limit_gives_efbig_and_leaves_the_store_usable(tmp_path: Path) -> None:
    result = in_child(lambda: _fill_to_the_limit(tmp_path))
    assert result["error"].startswith("disk full: the command was not saved")
    assert "File too large" in result["error"]
    assert result["after_failure"] == result["fitted"]  # the partial record was cut off
    assert result["tasks_in_memory"] == 1
    assert result["commands_in_memory"] == [0, 1]
    assert result["records"] == 3
    with Store.open(tmp_path) as store:  # the crashed child's journal replays cleanly
        assert commands_in(store) == [0, 1, 3]
        assert store.count("tasks") == 1


@pytest.mark.may_skip
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
def test_dev_full_gives_enospc_and_memory_stays_unchanged(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        add_command(store, 0)
    (tmp_path / "store.journal").unlink()
    (tmp_path / "store.journal").symlink_to("/dev/full")
    with Store.open(tmp_path) as store:
        with pytest.raises(StoreFullError, match=r"^disk full: the command was not saved"):
            add_command(store, 1)
        assert commands_in(store) == [0]
        assert store.count("tasks") == 1
        assert store.seq == 1
        assert store.last_changes == []  # the failed commit changed nothing
        with pytest.raises(StoreFullError, match="No space left on device"):
            add_command(store, 2)
        assert [task["n"] for task in store.all("tasks")] == [0]
