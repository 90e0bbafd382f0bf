"""Read-only looks at a data file before (or instead of) opening it as a ``Store``.

``read_head`` parses only the tables that come before the big ``attempts`` table (our writer
puts ``meta``, ``settings`` and ``contacts`` first), so the app can list contacts long before
the whole file is parsed. ``check_before_start`` is the command line's quick check: small files
are parsed whole, large ones only up to their head (the app's data thread reads the rest and
reports any problem then).

Nothing here writes, locks or creates anything.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import orjson

from followup_tui.storage import system
from followup_tui.storage.datafile import (
    Tables,
    check_shape,
    check_version,
    lstat_no_symlink,
    parse_bytes,
)
from followup_tui.storage.errors import DataFileError

#: Files up to this size are checked whole before the app starts (~20 ms of parsing).
FULL_CHECK_BYTES = 2 << 20
_CHUNK = 1 << 20
_HEAD_LIMIT = 64 << 20
_KEY = b'"attempts":{'


def _open_regular(path: Path) -> int | None:
    """A read-only descriptor on ``path`` (None when missing); ``DataFileError`` when it is a
    symbolic link or not a regular file."""
    st = lstat_no_symlink(path)
    if st is None:
        return None
    if not stat.S_ISREG(st.st_mode):
        raise DataFileError(f"{path}: is not a file")
    try:
        return os.open(path, os.O_RDONLY | system.binary_flags())
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise DataFileError(f"{path}: cannot open ({exc.strerror})") from None


def _cut_head(raw: bytes, start: int) -> tuple[Tables | None, int]:
    """Parse ``raw`` up to the top-level ``"attempts"`` key, searching from ``start``.

    Returns the tables before it (None if not found) and where to search once more bytes are
    read (-1: give up). A nested ``"attempts":{`` leaves the braces unbalanced, so that cut
    does not parse and the next one is tried.
    """
    pos = raw.find(_KEY, start)
    while pos != -1:
        before = raw[:pos].rstrip()
        if before.endswith(b","):
            try:
                data = orjson.loads(before[:-1] + b"}")
            except orjson.JSONDecodeError:
                data = None
            if isinstance(data, dict):
                return (data, pos) if "contacts" in data else (None, -1)
        elif before.endswith(b"{") and not before[:-1].strip():
            return None, -1  # attempts come first: no head worth showing
        start = pos + 1
        pos = raw.find(_KEY, start)
        if start > _HEAD_LIMIT:
            return None, -1
    return None, max(start, len(raw) - len(_KEY) + 1)


def read_head(path: Path) -> Tables | None:
    """The tables written before the ``attempts`` table, checked; None when the file has no
    such head (missing, no attempts, another writer's order, unparsable head): then read it
    whole. Never raises for a damaged file: the whole read names the problem."""
    try:
        fd = _open_regular(path)
    except DataFileError:
        return None
    if fd is None:
        return None
    try:
        raw = b""
        start = 0
        while len(raw) < _HEAD_LIMIT:
            chunk = os.read(fd, _CHUNK)
            if not chunk:
                return None
            raw += chunk
            head, start = _cut_head(raw, start)
            if head is not None:
                check_shape(head, path)
                check_version(head, path)
                return head
            if start < 0:
                return None
        return None
    except (OSError, DataFileError):
        return None
    finally:
        os.close(fd)


def check_before_start(path: Path) -> Tables | None:
    """Raise ``DataFileError`` naming the problem if the file is unusable, as far as a quick
    look can tell: a small file is parsed whole; a large one up to its contacts (if its head
    does not parse, whole too). A missing file is fine (it will be created).

    Returns what it read: the head of a large file (see ``read_head``) or the whole of a
    small one (the app lists the contacts from it at once, before its data thread has taken
    the lock and read the file again); None for a missing file, or a large one read whole.
    """
    fd = _open_regular(path)
    if fd is None:
        return None
    try:
        small = os.fstat(fd).st_size <= FULL_CHECK_BYTES
        if not small:
            head = read_head(path)
            if head is not None:
                return head
        chunks = []
        while chunk := os.read(fd, _CHUNK):
            chunks.append(chunk)
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read ({exc.strerror})") from None
    finally:
        os.close(fd)
    tables = parse_bytes(b"".join(chunks), path)
    check_version(tables, path)
    return tables if small else None  # a large file whose head did not parse: not kept
