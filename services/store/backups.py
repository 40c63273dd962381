"""Rotating backups in ``<state_dir>/backups``: whole snapshots, newest first, keep N."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from pathlib import Path

from services.store.files import Tables, atomic_write, encode_tables

log = logging.getLogger(__name__)

PREFIX = "store-"
_REASON = re.compile(r"[^a-z0-9]+")
STAMP = "%Y%m%dT%H%M%S.%fZ"
STAMP_CHARS = len("20261121T093000.000000Z")


def stamp() -> str:
    """Return a UTC timestamp that sorts in time order and is safe in a file name."""
    return datetime.now(UTC).strftime(STAMP)


def taken_at(path: Path) -> datetime | None:
    """Return when a backup was taken, from its name (None if the name is not ours)."""
    try:
        return datetime.strptime(path.name[len(PREFIX) :][:STAMP_CHARS], STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None


def list_backups(directory: Path) -> list[Path]:
    """Return the backup files, newest first."""
    if not directory.is_dir():
        return []
    files = [path for path in directory.glob(f"{PREFIX}*.json") if path.is_file()]
    return sorted(files, key=lambda path: path.name, reverse=True)


def write_backup(directory: Path, tables: Tables, reason: str, keep: int) -> Path:
    """Write ``tables`` as a new backup and delete all but the newest ``keep``."""
    directory.mkdir(parents=True, exist_ok=True)
    label = _REASON.sub("-", reason.lower()).strip("-") or "manual"
    path = directory / f"{PREFIX}{stamp()}-{label}.json"
    atomic_write(path, encode_tables(tables))
    for old in list_backups(directory)[keep:]:
        log.info("removing old backup %s", old)
        old.unlink(missing_ok=True)
    return path
