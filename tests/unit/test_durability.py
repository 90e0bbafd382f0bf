"""Durability steps that only a power cut would reveal, checked by recording the system calls a
save makes: the new content is flushed to the medium before it is renamed over the data file,
and the folder is flushed after the rename, so that neither the content nor the rename can be
lost once followup-tui has said "saved"."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest

from followup_tui.domain.models import Attempt, Contact
from followup_tui.storage import Store, jsonstorage, system
from tests.helpers.simulate import OsWithout, simulate

T0 = datetime(2026, 11, 26, 14, 5, tzinfo=UTC)
T0_US = datetime(2026, 11, 26, 14, 5, 7, 123457, tzinfo=UTC)


class Trace:
    """The os calls of the storage code, in order, named by the file they touch (its inode)."""

    def __init__(self) -> None:
        self.events: list[tuple[str, Any]] = []
        self.sources: list[tuple[Path, Path]] = []

    def _inode(self, fd: int) -> tuple[str, int]:
        st = os.fstat(fd)
        return ("folder" if stat.S_ISDIR(st.st_mode) else "file", st.st_ino)

    def write(self, fd: int, data: Any) -> int:
        written = os.write(fd, data)
        self.events.append(("write", self._inode(fd)))
        return written

    def fsync(self, fd: int) -> None:
        self.events.append(("fsync", self._inode(fd)))
        os.fsync(fd)

    def replace(self, source: Any, target: Any) -> None:
        inode = os.lstat(source).st_ino
        os.replace(source, target)
        self.events.append(("replace", (Path(target).name, inode)))
        self.sources.append((Path(source), Path(target)))

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        fake = OsWithout(write=self.write, fsync=self.fsync, replace=self.replace)
        monkeypatch.setattr(jsonstorage, "os", fake)
        monkeypatch.setattr(system, "os", fake)

    def index(self, event: tuple[str, Any]) -> int:
        assert event in self.events, f"{event} not in {self.events}"
        return self.events.index(event)


def _save_one_attempt(path: Path, at: datetime) -> Store:
    store = Store.open(path, clock=lambda: at)
    store.add_contact(Contact(name="Ann"))  # the day's backup is made here, before the trace
    return store


@pytest.mark.parametrize("at", [T0, T0_US], ids=["round", "microseconds"])
@pytest.mark.parametrize("platform", ["linux", "darwin"])
def test_a_save_is_flushed_before_the_rename_and_the_folder_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, platform: str, at: datetime
) -> None:
    path = tmp_path / "followup.json"
    store = _save_one_attempt(path, at)
    if platform == "darwin":
        fcntl = simulate("darwin", monkeypatch.setattr)
    else:
        monkeypatch.setattr(system, "SYSTEM", system.detect("linux"))
    trace = Trace()
    trace.install(monkeypatch)

    store.add_attempt(Attempt(contact_id=1, at=at, note="left a voicemail"))

    new_file = ("file", os.lstat(path).st_ino)  # the file now at the path: the one written
    folder = ("folder", os.stat(tmp_path).st_ino)
    last_write = max(i for i, e in enumerate(trace.events) if e == ("write", new_file))
    renamed = trace.index(("replace", (path.name, new_file[1])))
    folder_flushed = trace.index(("fsync", folder))
    if platform == "darwin":
        # F_FULLFSYNC on the new file's descriptor, in the place of a plain fsync
        assert [os.fstat(fd).st_ino for fd, _ in fcntl.calls] == [new_file[1]]
        assert ("fsync", new_file) not in trace.events
    else:
        assert last_write < trace.index(("fsync", new_file)) < renamed
    assert last_write < renamed < folder_flushed
    # Written next to the data file (a rename within one file system is atomic), under a name
    # that says whose it is, so that one left by a crash is found and removed on next opening.
    [(source, target)] = trace.sources
    assert target == path and source.parent == path.parent
    assert source.name.startswith(".followup.json.") and source.name.endswith(".tmp")
    saved = orjson.loads(path.read_bytes())
    assert saved["attempts"]["1"]["note"] == "left a voicemail"
    assert (
        saved["attempts"]["1"]["at"] == at.replace(microsecond=0).isoformat()
    )  # kept to the second
    store.close()


def test_the_daily_backup_is_flushed_before_the_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "followup.json"
    path.write_bytes(b'{"contacts": {"1": {"name": "Ann"}}}')
    monkeypatch.setattr(system, "SYSTEM", system.detect("linux"))
    trace = Trace()
    trace.install(monkeypatch)
    store = Store.open(path, clock=lambda: T0_US)
    store.add_attempt(Attempt(contact_id=1, at=T0_US))
    backup = store.backups()[0]
    backup_file = ("file", os.lstat(backup).st_ino)
    backup_renamed = trace.index(("replace", (backup.name, backup_file[1])))
    assert trace.index(("fsync", backup_file)) < backup_renamed
    # the backup holds the file as it was, and it is durable before the file is replaced
    assert orjson.loads(backup.read_bytes()) == {"contacts": {"1": {"name": "Ann"}}}
    saved = trace.index(("replace", (path.name, os.lstat(path).st_ino)))
    folder = ("folder", os.stat(tmp_path).st_ino)
    folder_flushes = [i for i, e in enumerate(trace.events) if e == ("fsync", folder)]
    assert any(backup_renamed < i < saved for i in folder_flushes)
    assert folder_flushes[-1] > saved
    store.close()


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="lists open files through /proc")
def test_a_save_and_its_daily_backup_leave_no_file_open_but_the_data_file(tmp_path: Path) -> None:
    path = tmp_path / "followup.json"
    path.write_bytes(b'{"contacts": {"1": {"name": "Ann"}}}')
    store = Store.open(path, clock=lambda: T0_US)
    store.add_attempt(Attempt(contact_id=1, at=T0_US))
    backup = store.backups()[0]
    open_inodes = set()
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):
            open_inodes.add(os.stat(f"/proc/self/fd/{fd}").st_ino)
    assert os.lstat(backup).st_ino not in open_inodes  # on Windows it would block a restore
    assert os.lstat(path).st_ino in open_inodes  # the data file stays pinned (see jsonstorage)
    store.close()


def test_a_temporary_file_never_takes_an_existing_name(tmp_path: Path, monkeypatch) -> None:
    draws = iter([0, 0, 1])
    monkeypatch.setattr(jsonstorage.os, "urandom", lambda n: bytes([next(draws)]) * n)
    taken = tmp_path / ".f.json.000000000000.tmp"
    taken.write_bytes(b"another writer's")
    fd, name = jsonstorage._new_temp_file(tmp_path, ".f.json.")
    os.close(fd)
    assert name == str(tmp_path / ".f.json.010101010101.tmp")  # the third draw
    assert taken.read_bytes() == b"another writer's"
    assert os.stat(name).st_mode & 0o777 == 0o600
    assert set(jsonstorage.temp_files(tmp_path / "f.json")) == {taken, Path(name)}


def test_when_every_temporary_name_drawn_is_taken_the_save_fails_cleanly(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(jsonstorage.os, "urandom", lambda n: b"\x07" * n)
    (tmp_path / ".f.json.070707070707.tmp").write_bytes(b"another writer's")
    with pytest.raises(FileExistsError) as info:
        jsonstorage._new_temp_file(tmp_path, ".f.json.")
    assert info.value.errno == errno.EEXIST
    assert info.value.strerror == "no free temporary file name"
    assert info.value.filename == str(tmp_path)
