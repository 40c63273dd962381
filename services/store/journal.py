"""The journal: one appended, fsynced record per committed transaction.

A record is one line, so a person can read the file with ``less``::

    PJ1 <length: 8 hex> <crc32: 8 hex> <payload: JSON>\\n

The payload is ``{"seq": n, "ops": [[collection, id, document or null], ...]}``: the state of
every document the transaction touched after it ran (null for a delete). Replaying a record is
idempotent, so records already contained in the snapshot may be replayed or skipped by ``seq``.

A crash can leave a torn last record (a prefix of it, or a zero-filled tail when the file grew
but its data never reached the disk). That record never reported success, so it is dropped. A
bad record followed by good data is corruption, which the store treats like a bad snapshot.
"""

from __future__ import annotations

import logging
import os
import zlib
from dataclasses import dataclass, field
from typing import Any

import msgspec

log = logging.getLogger(__name__)

MAGIC = b"PJ1 "
HEADER_BYTES = len(MAGIC) + 9 + 9  # magic, "%08x ", "%08x "

_encode = msgspec.json.encode
_decode = msgspec.json.decode

Op = tuple[str, str, dict[str, Any] | None]


def encode_record(seq: int, ops: list[Op]) -> bytes:
    """Return the journal bytes of one transaction."""
    payload = _encode({"seq": seq, "ops": ops})
    header = b"%s%08x %08x " % (MAGIC, len(payload), zlib.crc32(payload))
    return header + payload + b"\n"


@dataclass
class Scan:
    """What reading a journal found."""

    records: list[dict[str, Any]] = field(default_factory=list)
    good_bytes: int = 0  # the records end here; anything after is torn or corrupt
    problem: str | None = None  # None, "torn" (dropped last record) or "corrupt"
    detail: str = ""


class _BadRecord(Exception):
    pass


def _parse_header(data: bytes, pos: int) -> tuple[int, int]:
    header = data[pos : pos + HEADER_BYTES]
    if not header.startswith(MAGIC) or header[12:13] != b" " or header[21:22] != b" ":
        raise _BadRecord(f"no record header at byte {pos}")
    try:
        return int(header[4:12], 16), int(header[13:21], 16)
    except ValueError as exc:
        raise _BadRecord(f"bad record header at byte {pos}") from exc


def _parse_payload(data: bytes, pos: int, length: int, crc: int) -> dict[str, Any]:
    start = pos + HEADER_BYTES
    payload = data[start : start + length]
    if data[start + length : start + length + 1] != b"\n" or zlib.crc32(payload) != crc:
        raise _BadRecord(f"checksum mismatch in the record at byte {pos}")
    try:
        record = _decode(payload)
    except msgspec.DecodeError as exc:
        raise _BadRecord(f"undecodable record at byte {pos}") from exc
    if not isinstance(record, dict) or not isinstance(record.get("seq"), int):
        raise _BadRecord(f"malformed record at byte {pos}")
    if not isinstance(record.get("ops"), list):
        raise _BadRecord(f"malformed record at byte {pos}")
    return record


def _is_tail(data: bytes, end: int) -> bool:
    """Return whether nothing but zero bytes follows ``end`` (a crash's torn tail)."""
    return not data[end:].strip(b"\0")


def scan(data: bytes) -> Scan:
    """Parse journal bytes into records, classifying any trouble at the end."""
    result = Scan()
    pos = 0
    last_seq = 0
    while pos < len(data):
        if data[pos] == 0 and _is_tail(data, pos):
            return _stop(result, "torn", f"{len(data) - pos} zero bytes at the end")
        if len(data) - pos < HEADER_BYTES:
            return _stop(result, "torn", f"a partial header at byte {pos}")
        try:
            length, crc = _parse_header(data, pos)
        except _BadRecord as exc:
            is_torn = len(data[pos:].rstrip(b"\0")) < HEADER_BYTES
            return _stop(result, "torn" if is_torn else "corrupt", str(exc))
        end = pos + HEADER_BYTES + length + 1
        if end > len(data):
            return _stop(result, "torn", f"a record cut short at byte {pos}")
        try:
            record = _parse_payload(data, pos, length, crc)
        except _BadRecord as exc:
            return _stop(result, "torn" if _is_tail(data, end) else "corrupt", str(exc))
        if record["seq"] <= last_seq:
            return _stop(result, "corrupt", f"sequence goes back at byte {pos}")
        last_seq = record["seq"]
        result.records.append(record)
        pos = end
        result.good_bytes = pos
    return result


def _stop(result: Scan, problem: str, detail: str) -> Scan:
    result.problem = problem
    result.detail = detail
    return result


class JournalFile:
    """An append-only journal file: every append reaches the disk before it returns."""

    def __init__(self, path: os.PathLike[str] | str) -> None:
        self.path = os.fspath(path)
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
        # st_size, not read-to-EOF: a character device (a test's /dev/full) reads as empty.
        self.size = os.fstat(self._fd).st_size
        self.bytes_written = 0

    def read(self) -> bytes:
        """Return the whole journal as it is on disk."""
        chunks = []
        remaining = self.size
        offset = 0
        while remaining > 0:
            chunk = os.pread(self._fd, min(remaining, 1 << 20), offset)
            if not chunk:
                break
            chunks.append(chunk)
            offset += len(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)

    def append(self, record: bytes) -> None:
        """Append ``record`` and fsync; on failure cut off any partial bytes and re-raise."""
        start = self.size
        view = memoryview(record)
        try:
            while view:
                written = os.write(self._fd, view)
                view = view[written:]
            os.fdatasync(self._fd)
        except OSError:
            self.truncate(start)
            raise
        self.size = start + len(record)
        self.bytes_written += len(record)

    def truncate(self, size: int = 0) -> None:
        """Cut the journal to ``size`` bytes and make that durable (errors are logged)."""
        try:
            os.ftruncate(self._fd, size)
            os.fdatasync(self._fd)
        except OSError as exc:
            log.error("could not cut the journal %s to %d bytes: %s", self.path, size, exc)
            return
        self.size = size

    def close(self) -> None:
        """Close the file."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
