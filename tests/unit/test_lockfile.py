"""The lock copies of followup-tui take turns by (storage/lockfile.py): the system's own lock on
the lock file, the one the filelock library takes, so older releases and this one wait for each
other; given back on release, and by the system when the holder dies."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import threading
import time
import types
from pathlib import Path

import pytest
from filelock import FileLock as OlderRelease
from filelock import Timeout

from followup_tui.storage import lockfile, system
from followup_tui.storage.lockfile import FileLock, LockHeld


def test_a_lock_held_elsewhere_is_waited_for_then_given_up(tmp_path: Path) -> None:
    path = tmp_path / "f.json.lock"
    other = OlderRelease(str(path), thread_local=False)
    with other:
        mine = FileLock(path, timeout=0.15)
        started = time.monotonic()
        with pytest.raises(LockHeld) as held:
            mine.acquire()
        assert str(held.value) == str(path)  # which lock file was held
        assert time.monotonic() - started >= 0.15
        assert not mine.is_locked
    mine.acquire()  # free now
    assert mine.is_locked
    with pytest.raises(Timeout):  # and the older release waits for us
        OlderRelease(str(path), timeout=0.05, thread_local=False).acquire()
    mine.release()
    with OlderRelease(str(path), timeout=0.05, thread_local=False):
        pass


def test_the_lock_is_taken_as_soon_as_the_other_copy_lets_go(tmp_path: Path) -> None:
    path = tmp_path / "f.json.lock"
    other = OlderRelease(str(path), thread_local=False)
    other.acquire()
    threading.Timer(0.1, other.release).start()
    mine = FileLock(path, timeout=5)
    started = time.monotonic()
    mine.acquire()
    assert time.monotonic() - started < 2
    mine.release()


def test_it_is_reentrant_and_the_last_release_gives_it_back(tmp_path: Path) -> None:
    path = tmp_path / "f.json.lock"
    mine = FileLock(path, timeout=0)
    with mine:
        with mine:
            assert mine.is_locked
        assert mine.is_locked  # one release still owed
        with pytest.raises(LockHeld):
            FileLock(path, timeout=0).acquire()  # another holder in this process waits too
    assert not mine.is_locked
    mine.release()  # one release too many does nothing
    with FileLock(path, timeout=0):
        pass


def test_the_system_gives_the_lock_back_when_the_holder_is_killed(tmp_path: Path) -> None:
    path = tmp_path / "f.json.lock"
    code = (
        "import sys, time\n"
        "from followup_tui.storage.lockfile import FileLock\n"
        "FileLock(sys.argv[1], timeout=5).acquire()\n"
        "print('held', flush=True)\n"
        "time.sleep(60)\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == "held\n"
        with pytest.raises(LockHeld):
            FileLock(path, timeout=0.1).acquire()
        holder.send_signal(signal.SIGKILL)
        holder.wait(10)
        with FileLock(path, timeout=5) as mine:
            assert mine.is_locked
    finally:
        holder.kill()
        holder.wait(10)
        if holder.stdout is not None:
            holder.stdout.close()


def test_a_lock_file_that_cannot_be_opened_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        FileLock(tmp_path / "missing" / "f.json.lock", timeout=0).acquire()


def test_the_lock_file_is_private(tmp_path: Path) -> None:
    path = tmp_path / "f.json.lock"
    with FileLock(path, timeout=0):
        pass
    assert path.stat().st_mode & 0o777 == 0o600


class _Msvcrt(types.ModuleType):
    """Windows' msvcrt, as far as the lock uses it: one byte locked per file."""

    LK_NBLCK, LK_UNLCK = 2, 0

    def __init__(self) -> None:
        super().__init__("msvcrt")
        self.held: dict[int, int] = {}  # inode -> fd holding it
        self.calls: list[tuple[str, int]] = []

    def locking(self, fd: int, mode: int, nbytes: int) -> None:
        assert nbytes == 1 and os.lseek(fd, 0, os.SEEK_CUR) == 0
        assert mode in (self.LK_NBLCK, self.LK_UNLCK)
        inode = os.fstat(fd).st_ino
        self.calls.append(("lock" if mode == self.LK_NBLCK else "unlock", fd))
        if mode == self.LK_NBLCK:
            if inode in self.held:
                raise OSError(errno.EACCES, "Permission denied")  # _locking: a locking violation
            self.held[inode] = fd
        else:
            del self.held[inode]


def test_windows_locks_the_first_byte_of_the_lock_file(tmp_path: Path, monkeypatch) -> None:
    fake = _Msvcrt()
    monkeypatch.setattr(system, "flock", None)
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    monkeypatch.setattr(lockfile, "POLL_S", 0.01)
    path = tmp_path / "f.json.lock"
    path.write_bytes(b"x")  # a byte in front: the lock starts at 0 whatever the position
    mine = FileLock(path, timeout=0)
    with mine:
        assert [kind for kind, _ in fake.calls] == ["lock"]
        with pytest.raises(LockHeld):
            FileLock(path, timeout=0.03).acquire()
    assert [kind for kind, _ in fake.calls][-1] == "unlock"
    assert fake.held == {}
