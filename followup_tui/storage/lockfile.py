"""The lock that lets copies of followup-tui take turns writing the data file.

Held on ``<data file>.lock`` (made 0600 beforehand by ``store.prepare_lock_file``) through the
system's own lock (``system.try_lock``), which the system gives back when the holder exits, even
when it is killed. ``followup-tui log`` takes it on every call: this module costs under a
millisecond to load, where the filelock library (4.x) brings logging, secrets, hmac and inspect
(about 20 ms, a sixth of the whole command).
"""

from __future__ import annotations

import os
import threading
import time

from followup_tui.storage import system

#: How often a waiting copy tries the lock again (seconds).
POLL_S = 0.05


class LockHeld(Exception):
    """Another process kept the lock for the whole timeout."""


class FileLock:
    """An exclusive lock between processes on the file at ``path``, taken within ``timeout``
    seconds or ``LockHeld``.

    Re-entrant, and shared by the threads of one process (the process is the unit that takes
    turns): each ``acquire`` needs its ``release``; the last one gives the lock back.
    """

    def __init__(self, path: str | os.PathLike[str], timeout: float) -> None:
        self.path = os.fspath(path)
        self.timeout = timeout
        self._fd: int | None = None
        self._count = 0
        self._guard = threading.Lock()

    @property
    def is_locked(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock (again). ``LockHeld`` after ``timeout`` seconds of another process
        holding it; ``OSError`` when the lock file cannot be opened or locked."""
        with self._guard:
            if self._fd is None:
                self._fd = self._take()
            self._count += 1

    def release(self) -> None:
        with self._guard:
            if self._fd is None:
                return
            self._count -= 1
            if self._count > 0:
                return
            fd, self._fd, self._count = self._fd, None, 0
            try:
                system.unlock(fd)
            finally:
                os.close(fd)  # gives the lock back whatever unlock did

    def _take(self) -> int:
        flags = os.O_RDWR | os.O_CREAT | system.binary_flags()
        fd = os.open(self.path, flags, 0o600)
        try:
            deadline = time.monotonic() + self.timeout
            while not system.try_lock(fd):
                if time.monotonic() >= deadline:
                    raise LockHeld(self.path)
                time.sleep(POLL_S)
        except BaseException:
            os.close(fd)
            raise
        return fd

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
