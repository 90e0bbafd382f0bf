"""A TinyDB storage that serialises with orjson and replaces the file atomically.

TinyDB's own ``JSONStorage`` rewrites the file in place: a kill mid-write leaves a truncated file.
Here every write goes to a temporary file in the same folder, which is flushed, fsynced and then
renamed over the data file, and the folder is fsynced: a crash leaves the old or the new file.

Reads are cached: while the file's identity (inode, size, modification time) is unchanged, the
last data read or written is returned without touching the disk. An open descriptor on the file
we last saw keeps its inode from being reused, so a changed file always looks different.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from followup_tui.domain.snapshot import gc_paused
from followup_tui.storage.errors import DataFileError, SaveError

FILE_MODE = 0o600
DIR_MODE = 0o700
TMP_PREFIX = "."
TMP_SUFFIX = ".tmp"

Identity = tuple[int, int, int, int]


def _identity(st: os.stat_result) -> Identity:
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def check_shape(data: Any, path: Path) -> dict[str, dict[str, Any]]:
    """Raise ``DataFileError`` unless ``data`` looks like a TinyDB document file."""
    if not isinstance(data, dict):
        raise DataFileError(
            f"{path}: not a followup-tui data file (expected a JSON object of tables, "
            f"found {type(data).__name__})"
        )
    for name, table in data.items():
        if not isinstance(table, dict):
            raise DataFileError(f"{path}: table {name!r} is not a JSON object")
        for key, doc in table.items():
            if not str(key).isdigit() or not isinstance(doc, dict):
                raise DataFileError(
                    f"{path}: table {name!r} has an entry {str(key)[:20]!r} that is not a document"
                )
    return data


def parse_bytes(raw: bytes, path: Path) -> dict[str, dict[str, Any]]:
    if not raw.strip():
        raise DataFileError(f"{path}: the file is empty")
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise DataFileError(f"{path}: not valid JSON ({exc})") from None
    return check_shape(data, path)


class AtomicJSONStorage(Storage):
    """TinyDB storage: orjson, atomic durable writes, mode 0600, cached reads."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._cache: dict[str, dict[str, Any]] | None = None
        self._identity: Identity | None = None
        self._pin: int | None = None
        #: Increases every time the data is (re)loaded from disk; tables use it to know
        #: when their cached next id is stale.
        self.generation = 0

    # -- reading ----------------------------------------------------------------------------

    def _stat(self) -> os.stat_result | None:
        try:
            st = os.lstat(self.path)
        except FileNotFoundError:
            return None
        if os.path.islink(self.path):
            raise DataFileError(f"{self.path}: is a symbolic link; refusing to follow it")
        return st

    def changed_on_disk(self) -> bool:
        """True when the file is not the one last read or written."""
        st = self._stat()
        current = _identity(st) if st else None
        return current != self._identity

    def read(self) -> dict[str, dict[str, Any]] | None:
        st = self._stat()
        if st is None:
            self._cache, self._identity = None, None
            self._unpin()
            return None
        ident = _identity(st)
        if self._cache is not None and ident == self._identity:
            return self._cache
        return self._load()

    def _load(self) -> dict[str, dict[str, Any]]:
        try:
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError as exc:
            raise DataFileError(f"{self.path}: cannot open ({exc.strerror})") from None
        try:
            st = os.fstat(fd)
            with os.fdopen(os.dup(fd), "rb") as fh:
                raw = fh.read()
        except OSError as exc:
            os.close(fd)
            raise DataFileError(f"{self.path}: cannot read ({exc.strerror})") from None
        try:
            with gc_paused():  # a 20 MB file is millions of objects: no collections meanwhile
                data = parse_bytes(raw, self.path)
        except DataFileError:
            os.close(fd)
            raise
        self._set_pin(fd)
        self._cache = data
        self._identity = _identity(st)
        self.generation += 1
        return data

    def raw_bytes(self) -> bytes | None:
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            return None

    # -- writing ----------------------------------------------------------------------------

    def write(self, data: Mapping[str, Mapping[str, Any]]) -> None:
        try:
            payload = orjson.dumps(data)
        except (TypeError, orjson.JSONEncodeError) as exc:
            self.invalidate()
            raise SaveError(f"could not serialise the data: {exc}") from None
        try:
            self._write_bytes(payload)
        except OSError as exc:
            self.invalidate()
            raise SaveError(
                f"could not save {self.path}: {exc.strerror or exc}; the file is unchanged"
            ) from None
        self._cache = dict(data)

    def _write_bytes(self, payload: bytes) -> None:
        folder = self.path.parent
        if not folder.exists():
            folder.mkdir(parents=True, mode=DIR_MODE, exist_ok=True)
        fd, tmp = tempfile.mkstemp(
            prefix=TMP_PREFIX + self.path.name + ".", suffix=TMP_SUFFIX, dir=folder
        )
        try:
            os.fchmod(fd, FILE_MODE)
            view = memoryview(payload)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
            if self.path.is_symlink():
                raise DataFileError(f"{self.path}: is a symbolic link; refusing to replace it")
            os.replace(tmp, self.path)
        except BaseException:
            os.close(fd)
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
            raise
        st = os.fstat(fd)
        self._set_pin(fd)
        self._identity = _identity(st)
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)

    # -- housekeeping -----------------------------------------------------------------------

    def invalidate(self) -> None:
        """Forget the cached data so the next read comes from disk."""
        self._cache = None
        self._identity = None

    def _set_pin(self, fd: int) -> None:
        self._unpin()
        self._pin = fd

    def _unpin(self) -> None:
        if self._pin is not None:
            try:
                os.close(self._pin)
            except OSError:
                pass
            self._pin = None

    def close(self) -> None:
        self._unpin()
