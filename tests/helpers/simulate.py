"""Run followup-tui's storage as it runs on macOS or Windows, on this Linux machine.

What is simulated, and how (``storage/system.py`` holds every difference):

- **macOS**: ``SYSTEM`` is macOS's, and ``fcntl`` is a stand-in that records each
  ``F_FULLFSYNC`` and does an ``fsync`` in its place (or refuses, like a file system without
  it, when ``refuse=True``).
- **Windows**: ``SYSTEM`` is Windows's, ``os.fchmod`` is missing (Python 3.11 and 3.12), and
  ``os.replace`` fails with a permission error, as Windows does, while any watched process
  holds the target file open (found through ``/proc/PID/fd``).

``FOLLOWUP_TUI_SIMULATE=darwin|win32`` makes ``apply_from_environment`` (called by the child
processes of the crash and concurrency tests) do the same in a child; ``FOLLOWUP_TUI_WATCH_DIR``
names a folder where each child leaves its pid, so that a rename in one child fails while
another child has the file open.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from followup_tui.storage import system

ENV = "FOLLOWUP_TUI_SIMULATE"
WATCH_ENV = "FOLLOWUP_TUI_WATCH_DIR"


class RecordingFcntl:
    """Stands in for macOS's fcntl module: records the commands it is given."""

    F_FULLFSYNC = system.F_FULLFSYNC

    def __init__(self, *, refuse: bool = False) -> None:
        self.calls: list[tuple[int, int]] = []
        self.refuse = refuse

    def fcntl(self, fd: int, command: int, arg: int = 0) -> int:
        self.calls.append((fd, command))
        if self.refuse:
            raise OSError(errno.ENOTSUP, os.strerror(errno.ENOTSUP))
        os.fsync(fd)  # what F_FULLFSYNC does, as far as this machine can
        return 0


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def open_in(pid: int, target: os.stat_result) -> bool:
    """Whether process ``pid`` has a descriptor open on the file ``target``."""
    folder = f"/proc/{pid}/fd"
    try:
        names = os.listdir(folder)
    except OSError:
        return False
    for name in names:
        try:
            if _same_file(os.stat(f"{folder}/{name}"), target):
                return True
        except OSError:
            continue
    return False


class WindowsReplace:
    """``os.replace`` with Windows's rule: the target may not be open in a watched process."""

    def __init__(self, watched: Callable[[], list[int]]) -> None:
        self.watched = watched
        self.refused = 0
        self._replace = os.replace

    def __call__(self, source: Any, target: Any) -> None:
        try:
            st = os.stat(target)
        except FileNotFoundError:
            st = None
        if st is not None and any(open_in(pid, st) for pid in self.watched()):
            self.refused += 1
            raise PermissionError(errno.EACCES, "Access is denied", str(target))
        self._replace(source, target)


class OsWithout:
    """The os module as seen by the storage code, with some names missing or replaced."""

    def __init__(self, missing: tuple[str, ...] = (), **replaced: Any) -> None:
        self._missing = set(missing)
        self._replaced = replaced

    def __getattr__(self, name: str) -> Any:
        if name in self._missing:
            raise AttributeError(name)
        if name in self._replaced:
            return self._replaced[name]
        return getattr(os, name)


def watched_pids(folder: Path | None) -> Callable[[], list[int]]:
    def pids() -> list[int]:
        found = {os.getpid()}
        if folder is not None:
            found.update(int(p.name) for p in folder.iterdir() if p.name.isdigit())
        return sorted(found)

    return pids


def simulate(name: str, patch: Callable[[Any, str, Any], None], watch: Path | None = None) -> Any:
    """Make the storage code behave as on ``name`` ("darwin" or "win32"); return the stand-in
    that records what happened (the fcntl or the replace). ``patch(obj, attr, value)`` sets an
    attribute (``monkeypatch.setattr``, or plain ``setattr`` in a child process)."""
    patch(system, "SYSTEM", system.detect(name))
    if name == "darwin":
        recorder: Any = RecordingFcntl()
        patch(system, "fcntl", recorder)
        return recorder
    if name == "win32":
        replace = WindowsReplace(watched_pids(watch))
        fake_os = OsWithout(("fchmod",), replace=replace)
        patch(system, "os", fake_os)
        return replace
    raise ValueError(name)


def apply_from_environment() -> Callable[[], str]:
    """In a child process: simulate the system named by ``FOLLOWUP_TUI_SIMULATE``, if any.
    Returns a function that says what the stand-ins saw (for the child's last line on stderr)."""
    name = os.environ.get(ENV)
    if not name:
        return lambda: "native"
    watch = os.environ.get(WATCH_ENV)
    folder = Path(watch) if watch else None
    if folder is not None:
        (folder / str(os.getpid())).touch()
    recorder = simulate(name, setattr, folder)
    if name == "darwin":
        return lambda: f"darwin full_fsync={len(recorder.calls)}"
    return lambda: f"win32 refused={recorder.refused}"
