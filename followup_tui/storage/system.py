"""What the operating system offers for saving a file durably, in one place.

Every save goes through these functions; nothing else in followup-tui asks which system it runs
on. The differences:

- **macOS**: ``fsync`` hands the data to the drive, which may keep it in its cache (Apple's
  fsync(2) man page); ``fcntl(fd, F_FULLFSYNC)`` asks the drive to write its cache to the medium.
  Some file systems refuse it (network shares, some USB drives): then ``fsync``, as SQLite does.
- **Windows**: ``os.fchmod`` is missing before Python 3.13, so the mode is set through the path;
  a folder cannot be opened to be flushed (NTFS journals the rename itself); and ``os.replace``
  fails while another process has the data file open (Python opens files without
  ``FILE_SHARE_DELETE``). So no descriptor is kept open on the data file between saves, a rename
  that meets a reader mid-read is tried again for a moment, and files are opened in binary mode.
- **Elsewhere** (Linux, the BSDs): ``fsync``, ``fchmod``, folder ``fsync``, and a descriptor
  kept open on the file last read, so that its inode number cannot be given to another file.

Copies of followup-tui take turns through the system's lock on the lock file: ``flock`` where
there is ``fcntl``, a lock on its first byte (``msvcrt.locking``) on Windows, as the filelock
library does, so a copy that still locks through filelock waits for this one and back.

``SYSTEM`` is read at each call: tests replace it (and ``fcntl``, ``os``) to run the macOS and
Windows branches on any machine.
"""

from __future__ import annotations

import errno
import os
import sys
import time
from dataclasses import dataclass
from types import ModuleType

fcntl: ModuleType | None
try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

#: The system's lock call where there is fcntl (None on Windows): bound apart from ``fcntl``,
#: so that a test replacing fcntl's flushing calls keeps a working lock.
flock = fcntl.flock if fcntl is not None else None
_EXCLUSIVE_NOW = fcntl.LOCK_EX | fcntl.LOCK_NB if fcntl is not None else 0
_UNLOCK = fcntl.LOCK_UN if fcntl is not None else 0

#: errno values of a lock another process holds (some file systems say EACCES).
_HELD_ERRNOS = frozenset({errno.EACCES, errno.EAGAIN, errno.EWOULDBLOCK, errno.EDEADLK})

#: ``F_FULLFSYNC`` from macOS's <sys/fcntl.h> (Python's fcntl module has it on macOS only).
F_FULLFSYNC = 51

#: How long a rename on Windows is tried again while another copy reads the file (seconds).
REPLACE_PATIENCE_S = 2.0


@dataclass(frozen=True)
class System:
    """How to save durably on one operating system."""

    name: str
    #: Ask the drive to empty its cache (``F_FULLFSYNC``) rather than plain ``fsync``.
    full_fsync: bool
    #: A folder can be opened and fsynced, making a rename durable.
    folder_fsync: bool
    #: A descriptor may stay open on the data file while other programs replace it.
    keep_file_open: bool
    #: ``os.replace`` fails with a permission error while the target is open elsewhere.
    replace_blocked_by_readers: bool


def detect(platform: str | None = None) -> System:
    """The ``System`` for ``platform`` (``sys.platform`` values; the running one by default)."""
    name = platform or sys.platform
    if name == "win32" or name == "cygwin":
        return System("win32", False, False, False, True)
    if name == "darwin":
        return System("darwin", True, True, True, False)
    return System(name, False, True, True, False)


SYSTEM = detect()


def binary_flags() -> int:
    """Flags every ``os.open`` of a data file adds: binary mode (Windows), no symlinks."""
    return getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)


def sync_file(fd: int) -> None:
    """Make what was written to ``fd`` durable. Raises ``OSError`` when that fails."""
    if SYSTEM.full_fsync and fcntl is not None:
        command = getattr(fcntl, "F_FULLFSYNC", F_FULLFSYNC)
        try:
            fcntl.fcntl(fd, command)
            return
        except OSError:
            pass  # the file system does not support it: fsync, as SQLite does
    os.fsync(fd)


def set_mode(fd: int, path: str | os.PathLike[str], mode: int) -> None:
    """Set the permission bits of the file open as ``fd`` at ``path``."""
    fchmod = getattr(os, "fchmod", None)
    if fchmod is not None:
        fchmod(fd, mode)
    else:  # Windows before Python 3.13
        os.chmod(path, mode)


def sync_folder(folder: str | os.PathLike[str]) -> None:
    """Make a rename in ``folder`` durable, where the system can.

    Errors are ignored, like SQLite: the rename has happened, and some file systems cannot
    fsync a folder at all. Reporting a failure would make the user save twice.
    """
    if not SYSTEM.folder_fsync:
        return
    try:
        dir_fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def replace(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    """Rename ``source`` over ``target`` atomically.

    Where a reader holding ``target`` open blocks the rename (Windows), it is tried again for up
    to ``REPLACE_PATIENCE_S``: readers of followup-tui hold the file only while reading it.
    """
    if not SYSTEM.replace_blocked_by_readers:
        os.replace(source, target)
        return
    deadline = time.monotonic() + REPLACE_PATIENCE_S
    pause = 0.005
    while True:
        try:
            os.replace(source, target)
            return
        except PermissionError as exc:
            if exc.errno not in (errno.EACCES, errno.EPERM, None) or time.monotonic() > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.1)


def try_lock(fd: int) -> bool:
    """Take the system's exclusive lock on the open file ``fd`` if nobody holds it: True when
    taken, False when another process holds it. ``OSError`` when the file cannot be locked."""
    try:
        if flock is not None:
            flock(fd, _EXCLUSIVE_NOW)
        else:  # pragma: no cover - Windows
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)  # the lock covers one byte from the file's position
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
    except OSError as exc:
        if exc.errno in _HELD_ERRNOS:
            return False
        raise
    return True


def unlock(fd: int) -> None:
    """Give back the lock ``try_lock`` took on ``fd`` (closing ``fd`` gives it back too)."""
    if flock is not None:
        flock(fd, _UNLOCK)
    else:  # pragma: no cover - Windows
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
