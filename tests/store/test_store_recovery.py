"""Crash and damage recovery: torn journal tails, corrupt files, restore from backups."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.store import Store
from services.store.journal import scan
from tests.store.support import add_command, commands_in, run_and_crash


def _commit_then_crash(state: Path, numbers: range, **options: object) -> None:
    def work() -> None:
        store = Store.open(state, **options)
        for n in numbers:
            add_command(store, n)

    run_and_crash(work)


def _zero(path: Path) -> None:
    path.write_bytes(b"\0" * max(path.stat().st_size, 4096))


def test_commits_survive_a_crash_through_the_journal(tmp_path: Path) -> None:
    _commit_then_crash(tmp_path, range(5))
    assert len(scan((tmp_path / "store.journal").read_bytes()).records) == 5
    with Store.open(tmp_path) as store:
        assert commands_in(store) == [0, 1, 2, 3, 4]
        assert store.seq == 5


def test_zeroed_snapshot_is_set_aside_and_the_backup_restored(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with Store.open(tmp_path) as store:
        for n in range(3):
            add_command(store, n)
        store.backup("nightly")
    _commit_then_crash(tmp_path, range(3, 5))  # journal: seq 4 and 5, right after the backup
    _zero(tmp_path / "store.json")
    with caplog.at_level(logging.WARNING), Store.open(tmp_path) as store:
        # the backup holds seq 3 and the journal continues from it: nothing is lost
        assert commands_in(store) == [0, 1, 2, 3, 4]
    critical = [r.getMessage() for r in caplog.records if r.levelno == logging.CRITICAL]
    assert any("does not load" in line for line in critical)
    assert any("RECOVERED from" in line and "backups" in line for line in critical)
    assert len(list(tmp_path.glob("store.json.corrupt-*"))) == 1
    with Store.open(tmp_path) as store:  # and the repaired store opens cleanly
        assert commands_in(store) == [0, 1, 2, 3, 4]


def test_backup_older_than_the_journal_restores_only_the_backup(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with Store.open(tmp_path) as store:
        add_command(store, 0)
        store.backup()
        add_command(store, 1)
        store.compact()  # the snapshot moves past the backup
    _commit_then_crash(tmp_path, range(2, 4))
    _zero(tmp_path / "store.json")
    with caplog.at_level(logging.CRITICAL), Store.open(tmp_path) as store:
        # replaying seq 3-4 over the seq-1 backup would skip seq 2: only the backup is consistent
        assert commands_in(store) == [0]
    assert any("RECOVERED" in r.getMessage() for r in caplog.records)


def test_no_backup_means_an_empty_store_said_loudly(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with Store.open(tmp_path) as store:
        add_command(store, 0)
    (tmp_path / "store.json").write_text('{"tasks": [1, 2')
    with caplog.at_level(logging.CRITICAL), Store.open(tmp_path) as store:
        assert store.count("tasks") == 0
        assert store.schema_version == 1
    assert any("no usable backup" in r.getMessage() for r in caplog.records)


def test_a_damaged_backup_is_skipped_for_an_older_good_one(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        add_command(store, 0)
        store.backup()
        add_command(store, 1)
        newest = store.backup()
    newest.write_bytes(b"\0" * 100)
    _zero(tmp_path / "store.json")
    with Store.open(tmp_path) as store:
        assert commands_in(store) == [0]


def test_json_backend_recovers_from_a_damaged_file(tmp_path: Path) -> None:
    with Store.open(tmp_path, storage="json") as store:
        add_command(store, 0)
        store.backup()
    _zero(tmp_path / "store.json")
    with Store.open(tmp_path, storage="json") as store:
        assert commands_in(store) == [0]


def test_zero_filled_journal_tail_is_dropped_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _commit_then_crash(tmp_path, range(3))
    with (tmp_path / "store.journal").open("ab") as journal:
        journal.write(b"\0" * 4096)  # the file grew but the data never reached the disk
    with caplog.at_level(logging.WARNING), Store.open(tmp_path) as store:
        assert commands_in(store) == [0, 1, 2]
    assert any("torn last record" in r.getMessage() for r in caplog.records)
    assert not any(r.levelno == logging.CRITICAL for r in caplog.records)


def test_corruption_before_the_last_record_is_set_aside(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with Store.open(tmp_path) as store:
        add_command(store, 0)
    _commit_then_crash(tmp_path, range(1, 4))
    journal = tmp_path / "store.journal"
    data = bytearray(journal.read_bytes())
    second = data.index(b"PJ1 ", 1)
    data[second + 40] ^= 0xFF  # flip a bit inside the second of three records
    journal.write_bytes(bytes(data))
    with caplog.at_level(logging.CRITICAL), Store.open(tmp_path) as store:
        # the snapshot and the first record are good; after the damage nothing can be trusted
        assert commands_in(store) == [0, 1]
    assert any("journal is corrupt" in r.getMessage() for r in caplog.records)
    assert len(list(tmp_path.glob("store.journal.corrupt-*"))) == 1
    with Store.open(tmp_path) as store:
        add_command(store, 9)
    with Store.open(tmp_path) as store:
        assert commands_in(store) == [0, 1, 9]


@pytest.fixture(scope="module")
def crashed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A state dir whose journal holds six committed records (the process then crashed)."""
    state = tmp_path_factory.mktemp("crashed")
    with Store.open(state) as store:
        add_command(store, 0)
    _commit_then_crash(state, range(1, 7))
    return state


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cut=st.floats(min_value=0.0, max_value=1.0), zeros=st.integers(0, 600))
def test_a_journal_cut_anywhere_keeps_every_whole_record(
    crashed_store: Path, tmp_path_factory: pytest.TempPathFactory, cut: float, zeros: int
) -> None:
    state = tmp_path_factory.mktemp("cut")
    shutil.rmtree(state)
    shutil.copytree(crashed_store, state)
    journal = state / "store.journal"
    data = journal.read_bytes()
    cut_at = int(len(data) * cut)
    journal.write_bytes(data[:cut_at] + b"\0" * zeros)  # a power cut mid-append
    whole = data[:cut_at].count(b"\n")  # each record is one line
    with Store.open(state) as store:
        assert commands_in(store) == list(range(whole + 1))
        add_command(store, 100)  # the torn tail is gone, so a new record follows cleanly
    with Store.open(state) as store:
        assert commands_in(store) == [*range(whole + 1), 100]


def test_a_deleted_snapshot_is_rebuilt_from_a_backup_and_the_journal(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with Store.open(tmp_path) as store:
        add_command(store, 0)
        store.backup()
    _commit_then_crash(tmp_path, range(1, 3))
    (tmp_path / "store.json").unlink()
    with caplog.at_level(logging.CRITICAL), Store.open(tmp_path) as store:
        assert commands_in(store) == [0, 1, 2]
    assert any("skips a commit" in r.getMessage() for r in caplog.records)
