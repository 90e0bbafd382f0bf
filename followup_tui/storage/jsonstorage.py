"""A TinyDB storage that serialises with orjson and replaces the file atomically.

TinyDB's own ``JSONStorage`` rewrites the file in place: a kill mid-write leaves a truncated file.
Here every write goes to a temporary file in the same folder (``.followup.json.XXXXXXXX.tmp``),
which is written, flushed to the medium (``system.sync_file``), renamed over the data file, and
the folder is flushed where the system can: a crash leaves the old or the new file, and a stray
temporary file that ``remove_temp_files`` clears.

Reads are cached: while the file's identity (inode, size, modification and change time) is
unchanged, the last data read or written is returned without touching the disk. An open
descriptor on the file we last saw keeps its inode from being reused, so a file replaced by
another program always has a different inode. Where a descriptor cannot stay open (Windows, see
``system``), a file whose times are too recent to tell is compared by content instead.

A symbolic link at the data path is never followed, for reading or for writing.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import time
from collections.abc import Callable, Mapping
from itertools import islice
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from followup_tui.domain.snapshot import gc_paused
from followup_tui.storage import system
from followup_tui.storage.datafile import Tables, lstat_no_symlink, parse_bytes, read_bytes
from followup_tui.storage.errors import DataFileError, SaveError

FILE_MODE = 0o600
DIR_MODE = 0o700
TMP_SUFFIX = ".tmp"

Identity = tuple[int, int, int, int]


#: File systems keep modification times to 2 s (FAT) or better: a file modified within this of
#: the moment we read it may have changed without its times showing it.
RACY_WINDOW_NS = 2_000_000_000


def _digest(raw: bytes) -> bytes:
    # Only where no descriptor stays open (Windows): loading OpenSSL for hashlib costs a
    # command like ``followup-tui due`` about 2 ms it never needs elsewhere.
    import hashlib

    return hashlib.blake2b(raw, digest_size=16).digest()


def _identity(st: os.stat_result) -> Identity:
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


#: Documents serialised by one call: a call holds the interpreter, so a large table is written
#: in pieces with the UI thread let in between (at 100,000 attempts one call would stall a key
#: press for tens of milliseconds).
DUMP_CHUNK = 5000


def let_others_run() -> None:
    """Between two pieces of a save: offer the interpreter to a waiting thread (the UI)."""
    time.sleep(0)


def dump_tables(
    data: Mapping[str, Mapping[str, Any]],
    chunk: int = DUMP_CHUNK,
    between: Callable[[], None] | None = let_others_run,
) -> bytes:
    """``orjson.dumps(data)``, byte for byte, serialised ``chunk`` documents at a time, with
    ``between()`` called after each piece; in one call when ``between`` is None (nothing else
    runs in the process: the command line)."""
    if between is None and data.__class__ is dict:
        return orjson.dumps(data)
    parts: list[bytes | memoryview] = [b"{"]
    for number, (name, table) in enumerate(data.items()):
        if number:
            parts.append(b",")
        parts.append(orjson.dumps(name) + b":{")
        items = iter(table.items())
        first = True
        while piece := dict(islice(items, chunk)):
            if not first:
                parts.append(b",")
            first = False
            parts.append(memoryview(orjson.dumps(piece))[1:-1])
            if between is not None:
                between()
        parts.append(b"}")
    parts.append(b"}")
    return b"".join(parts)


def atomic_write(path: Path, payload: bytes, *, keep_open: bool = False) -> int | None:
    """Write ``payload`` to ``path`` through a durable temporary file and a rename, mode 0600.

    Raises ``OSError`` (nothing changed, no temporary file left) or ``DataFileError`` when
    ``path`` is a symbolic link. With ``keep_open``, where the system lets a descriptor stay
    open on the data file (not Windows), the descriptor of the new file is returned (the caller
    closes it); otherwise None.
    """
    folder = path.parent
    fd, tmp = _new_temp_file(folder, f".{path.name}.")
    try:
        system.set_mode(fd, tmp, FILE_MODE)
        view = memoryview(payload)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        system.sync_file(fd)
        lstat_no_symlink(path)
        if not system.SYSTEM.keep_file_open:
            os.close(fd)  # Windows: an open descriptor would block the next copy's rename
            fd = -1
        system.replace(tmp, path)
    except BaseException:
        if fd >= 0:
            os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    system.sync_folder(folder)
    if keep_open and fd >= 0:
        return fd
    if fd >= 0:
        os.close(fd)
    return None


def _new_temp_file(folder: Path, prefix: str) -> tuple[int, str]:
    """A new empty file ``<prefix><random>.tmp`` in ``folder``, made by us alone (O_EXCL, no
    symlink followed), mode 0600: its descriptor and path. What ``tempfile.mkstemp`` does,
    without loading tempfile (random, hashlib, shutil, bz2, lzma: about 8 ms of every
    ``followup-tui log``)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | system.binary_flags()
    for _ in range(100):
        name = os.path.join(folder, f"{prefix}{os.urandom(6).hex()}{TMP_SUFFIX}")
        try:
            return os.open(name, flags, FILE_MODE), name
        except FileExistsError:
            continue  # 48 random bits taken already: draw again
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(folder))


def temp_files(path: Path) -> list[Path]:
    """Temporary files a writer of ``path`` may have left behind."""
    prefix = f".{path.name}."
    try:
        names = os.listdir(path.parent)
    except FileNotFoundError:
        return []
    return [path.parent / n for n in names if n.startswith(prefix) and n.endswith(TMP_SUFFIX)]


def remove_temp_files(path: Path) -> int:
    """Delete stray temporary files of ``path``. Call only while holding the file's lock:
    every writer writes under that lock, so any temporary file then is from a dead writer."""
    removed = 0
    for tmp in temp_files(path):
        try:
            if stat.S_ISREG(os.lstat(tmp).st_mode):
                os.unlink(tmp)
                removed += 1
        except OSError:
            continue
    return removed


class AtomicJSONStorage(Storage):
    """TinyDB storage: orjson, atomic durable writes, mode 0600, cached reads."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._cache: Tables | None = None
        self._identity: Identity | None = None
        self._pin: int | None = None
        # Where no descriptor is kept open (Windows), a digest of the bytes last read or
        # written, and when: a file whose identity matches but whose modification time is too
        # close to that moment to tell it apart is compared by content.
        self._digest: bytes | None = None
        self._seen_ns = 0
        #: Increases every time the data is (re)loaded from disk; tables use it to know
        #: when their cached next id is stale.
        self.generation = 0
        #: Called between two pieces of a save (``dump_tables``); None: one piece.
        self.between_pieces: Callable[[], None] | None = let_others_run

    # -- reading ----------------------------------------------------------------------------

    def changed_on_disk(self) -> bool:
        """True when the file is not the one last read or written."""
        st = lstat_no_symlink(self.path)
        current = _identity(st) if st else None
        if current != self._identity:
            return True
        return st is not None and not self._same_content(st)

    def read(self) -> Tables | None:
        st = lstat_no_symlink(self.path)
        if st is None:
            self._cache, self._identity = None, None
            self._unpin()
            return None
        if self._cache is not None and _identity(st) == self._identity and self._same_content(st):
            return self._cache
        return self._load()

    def _same_content(self, st: os.stat_result) -> bool:
        """With the identity unchanged: whether the content is too (see ``_digest``)."""
        if self._pin is not None or self._digest is None:
            return True  # the open descriptor keeps the inode from going to another file
        if st.st_mtime_ns < self._seen_ns - RACY_WINDOW_NS:
            return True  # modified well before we saw it: a later change shows in the times
        try:
            return _digest(self._read_bytes()[1]) == self._digest
        except (OSError, DataFileError):
            return False

    def _read_bytes(self) -> tuple[os.stat_result, bytes]:
        fd, st, raw = read_bytes(self.path)
        if system.SYSTEM.keep_file_open:
            self._set_pin(fd)
        else:
            os.close(fd)  # Windows: another copy could not replace the file while it is open
            self._unpin()
        return st, raw

    def _load(self) -> Tables:
        st, raw = self._read_bytes()
        try:
            with gc_paused():  # a 20 MB file is millions of objects: no collections meanwhile
                data = parse_bytes(raw, self.path)
        except BaseException:
            self._unpin()
            raise
        self._remember(st, raw)
        self._cache = data
        self.generation += 1
        return data

    def _remember(self, st: os.stat_result, raw: bytes) -> None:
        self._identity = _identity(st)
        if self._pin is None:
            self._digest = _digest(raw)
            self._seen_ns = time.time_ns()
        else:
            self._digest = None

    # -- writing ----------------------------------------------------------------------------

    def write(self, data: Mapping[str, Mapping[str, Any]]) -> None:
        # TinyDB changes the cached tables in place before it calls write: on any failure the
        # cache is dropped so that the next read comes from the unchanged file.
        try:
            payload = dump_tables(data, between=self.between_pieces)
        except TypeError as exc:  # orjson.JSONEncodeError is a TypeError
            self.invalidate()
            raise SaveError(
                f"could not serialise the data ({exc}); the file is unchanged"
            ) from None
        try:
            fd = atomic_write(self.path, payload, keep_open=True)
            # Without a descriptor (Windows) the path is what we wrote: writers hold the lock.
            st = os.fstat(fd) if fd is not None else os.lstat(self.path)
        except OSError as exc:
            self.invalidate()
            raise SaveError(
                f"could not save {self.path}: {exc.strerror or exc}; the file is unchanged"
            ) from None
        except BaseException:
            self.invalidate()
            raise
        if fd is not None:
            self._set_pin(fd)
        else:
            self._unpin()
        self._remember(st, payload)
        self._cache = data if isinstance(data, dict) else dict(data)

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
            with contextlib.suppress(OSError):
                os.close(self._pin)
            self._pin = None

    def close(self) -> None:
        self._unpin()
