"""Saving as on macOS and Windows, simulated on this machine (tests/helpers/simulate.py): every
branch of storage/system.py runs on every run of the suite."""

from __future__ import annotations

import errno
import os
import stat
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import orjson
import pytest

from followup_tui.domain.models import Attempt, Contact
from followup_tui.storage import SaveError, Store, jsonstorage, system
from tests.helpers.simulate import OsWithout, RecordingFcntl, WindowsReplace, simulate

T0 = datetime(2026, 11, 26, 14, 5, tzinfo=UTC)


def mode(path: Path) -> int:
    return os.lstat(path).st_mode & 0o777


def is_regular(fd: int) -> bool:
    return stat.S_ISREG(os.fstat(fd).st_mode)


def record_file_fsyncs(monkeypatch) -> list[int]:
    """Descriptors of regular files that got a plain fsync from the storage code."""
    file_fsyncs: list[int] = []

    def fsync(fd: int) -> None:
        if is_regular(fd):
            file_fsyncs.append(fd)
        os.fsync(fd)

    monkeypatch.setattr(system, "os", OsWithout(fsync=fsync))
    return file_fsyncs


@pytest.fixture
def seeded(db_path: Path, frozen_clock):
    s = Store.open(db_path, clock=frozen_clock)
    s.add_contact(Contact(name="Ann"))
    yield s
    s.close()


def test_detect_names_each_system() -> None:
    mac, win, linux = system.detect("darwin"), system.detect("win32"), system.detect("linux")
    assert (mac.full_fsync, mac.folder_fsync, mac.keep_file_open) == (True, True, True)
    assert (win.full_fsync, win.folder_fsync, win.keep_file_open) == (False, False, False)
    assert win.replace_blocked_by_readers and not mac.replace_blocked_by_readers
    assert (linux.full_fsync, linux.folder_fsync, linux.keep_file_open) == (False, True, True)
    assert system.detect() == system.SYSTEM


@pytest.fixture
def on_windows(db_path: Path, frozen_clock, monkeypatch):
    """The WindowsReplace stand-in, and a Store opened as on Windows with one contact."""
    replace = simulate("win32", monkeypatch.setattr)
    s = Store.open(db_path, clock=frozen_clock)
    s.add_contact(Contact(name="Ann"))
    yield replace, s
    s.close()


# -- macOS ---------------------------------------------------------------------------------


def test_macos_saves_ask_the_drive_to_empty_its_cache(seeded: Store, monkeypatch) -> None:
    fcntl = simulate("darwin", monkeypatch.setattr)
    file_fsyncs = record_file_fsyncs(monkeypatch)
    seeded.add_attempt(Attempt(contact_id=1, at=T0))
    assert [command for _, command in fcntl.calls] == [system.F_FULLFSYNC]
    assert file_fsyncs == []  # F_FULLFSYNC instead of fsync, not as well
    assert len(orjson.loads(seeded.path.read_bytes())["attempts"]) == 1


def test_macos_falls_back_to_fsync_where_full_fsync_is_refused(seeded: Store, monkeypatch) -> None:
    simulate("darwin", monkeypatch.setattr)
    refusing = RecordingFcntl(refuse=True)
    monkeypatch.setattr(system, "fcntl", refusing)
    file_fsyncs = record_file_fsyncs(monkeypatch)
    seeded.add_attempt(Attempt(contact_id=1, at=T0))
    assert len(refusing.calls) == 1
    assert file_fsyncs == [refusing.calls[0][0]]  # the same descriptor, flushed the plain way
    assert len(orjson.loads(seeded.path.read_bytes())["attempts"]) == 1


def test_linux_does_not_ask_for_full_fsync(seeded: Store, monkeypatch) -> None:
    monkeypatch.setattr(system, "SYSTEM", system.detect("linux"))
    recorder = RecordingFcntl()
    monkeypatch.setattr(system, "fcntl", recorder)
    seeded.add_attempt(Attempt(contact_id=1, at=T0))
    assert recorder.calls == []


# -- no fchmod (Windows before Python 3.13) -------------------------------------------------


@pytest.mark.parametrize("umask", [0o022, 0o000])
def test_a_python_without_fchmod_saves_private_files(
    tmp_path: Path, monkeypatch, umask: int
) -> None:
    # The real os module of this machine, with fchmod removed.
    monkeypatch.delattr(os, "fchmod")
    old = os.umask(umask)
    try:
        path = tmp_path / "followup.json"
        path.write_bytes(b'{"contacts": {"1": {"name": "Ann"}}}')
        path.chmod(0o644)
        s = Store.open(path)
        s.add_attempt(Attempt(contact_id=1, at=T0))
        s.close()
    finally:
        os.umask(old)
    assert mode(path) == 0o600
    assert len(orjson.loads(path.read_bytes())["attempts"]) == 1


# -- Windows ------------------------------------------------------------------------------


def test_the_windows_stand_in_refuses_a_rename_over_an_open_file(seeded: Store, monkeypatch):
    # Proof that the simulation bites: with the descriptor Linux keeps open, another copy's
    # save fails under Windows's rule.
    replace = WindowsReplace(lambda: [os.getpid()])
    monkeypatch.setattr(system, "os", OsWithout(replace=replace))
    monkeypatch.setattr(system, "REPLACE_PATIENCE_S", 0.05)
    seeded.snapshot()  # the app has read the file: on Linux it keeps a descriptor on it
    other = Store.open(seeded.path)
    with pytest.raises(SaveError, match="Access is denied"):
        other.add_attempt(Attempt(contact_id=1, at=T0))
    assert replace.refused >= 1
    other.close()


def test_windows_another_copy_saves_while_the_app_has_the_file(on_windows, monkeypatch):
    replace, seeded = on_windows
    seeded.snapshot()  # the app has read the file
    other = Store.open(seeded.path)  # `followup-tui log` in a shell
    saved = other.add_attempt(Attempt(contact_id=1, at=T0, note="from the shell"))
    other.close()
    assert replace.refused == 0
    assert seeded.changed_on_disk()
    assert [a.note for a in seeded.snapshot().attempts_for(1)] == ["from the shell"]
    mine = seeded.add_attempt(Attempt(contact_id=1, at=T0, note="from the app"))
    assert (saved.id, mine.id) == (1, 2)
    assert mode(seeded.path) == 0o600  # through os.chmod: this Windows has no fchmod


def test_windows_a_rename_waits_for_a_reader_to_finish(on_windows, monkeypatch) -> None:
    replace, seeded = on_windows
    fd = os.open(seeded.path, os.O_RDONLY)  # another copy reading the file right now
    threading.Timer(0.05, os.close, [fd]).start()
    started = time.monotonic()
    seeded.add_attempt(Attempt(contact_id=1, at=T0))
    assert replace.refused >= 1
    assert time.monotonic() - started < system.REPLACE_PATIENCE_S
    assert len(orjson.loads(seeded.path.read_bytes())["attempts"]) == 1


def test_windows_a_reader_that_never_lets_go_is_a_clear_save_error(on_windows, monkeypatch) -> None:
    _, seeded = on_windows
    monkeypatch.setattr(system, "REPLACE_PATIENCE_S", 0.05)
    before = seeded.path.read_bytes()
    fd = os.open(seeded.path, os.O_RDONLY)
    try:
        with pytest.raises(SaveError, match="Access is denied; the file is unchanged"):
            seeded.add_attempt(Attempt(contact_id=1, at=T0))
    finally:
        os.close(fd)
    assert seeded.path.read_bytes() == before
    assert not [p for p in seeded.path.parent.iterdir() if p.name.endswith(".tmp")]
    assert seeded.add_attempt(Attempt(contact_id=1, at=T0)).id == 1


def test_windows_folders_are_not_opened_to_be_flushed(on_windows, monkeypatch) -> None:
    _, seeded = on_windows
    opened: list[str] = []

    def open_(path, flags, *args):
        if os.path.isdir(path):
            opened.append(str(path))
            raise PermissionError(errno.EACCES, "Access is denied")  # as Windows does
        return os.open(path, flags, *args)

    fake = OsWithout(("fchmod",), open=open_, replace=os.replace)
    monkeypatch.setattr(system, "os", fake)
    seeded.add_attempt(Attempt(contact_id=1, at=T0))
    assert opened == []
    monkeypatch.setattr(system, "SYSTEM", system.detect("linux"))
    seeded.add_attempt(Attempt(contact_id=1, at=T0))
    assert opened == [str(seeded.path.parent)]  # Linux does flush the folder


def test_windows_a_same_looking_file_written_meanwhile_is_read(on_windows, monkeypatch):
    # Windows keeps no descriptor open, so an inode number can go to another file; on a file
    # system without inode numbers or fine times (FAT) size and time are all that is left. A
    # file that changed within the racy window is compared by content instead.
    _, seeded = on_windows
    monkeypatch.setattr(jsonstorage, "_identity", lambda st: (st.st_size, st.st_mtime_ns))
    seeded.add_contact(Contact(name="Bob"))
    path = seeded.path
    st = path.stat()
    data = orjson.loads(path.read_bytes())
    data["contacts"]["2"]["name"] = "Bea"  # same length: same size
    path.write_bytes(orjson.dumps(data))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert seeded.changed_on_disk()
    assert seeded.snapshot().contacts[2].name == "Bea"
    assert not seeded.changed_on_disk()


def count_reads(monkeypatch) -> list[int]:
    """One item for each time the storage reads the data file's bytes."""
    reads: list[int] = []
    real = jsonstorage.AtomicJSONStorage._read_bytes

    def counting(self):
        reads.append(1)
        return real(self)

    monkeypatch.setattr(jsonstorage.AtomicJSONStorage, "_read_bytes", counting)
    return reads


def test_linux_keeps_the_file_pinned_instead(seeded: Store, monkeypatch) -> None:
    reads = count_reads(monkeypatch)
    seeded.snapshot()
    assert not seeded.changed_on_disk()
    assert reads == []  # nothing read: the open descriptor vouches for the inode


def test_a_python_without_fchmod_restores_a_backup(tmp_path: Path, monkeypatch) -> None:
    from followup_tui.__main__ import main

    monkeypatch.delattr(os, "fchmod")
    path = tmp_path / "followup.json"
    path.write_bytes(b"{")  # damaged
    backup = tmp_path / "followup.json.bak-20261125"
    backup.write_bytes(b'{"contacts": {"1": {"name": "Ann"}}}')
    assert main(["--db", str(path), "restore"]) == 0
    assert orjson.loads(path.read_bytes()) == {"contacts": {"1": {"name": "Ann"}}}
    assert mode(path) == 0o600
    assert mode(Path(str(path) + ".lock")) == 0o600


def test_cygwin_saves_as_windows_does() -> None:
    # Cygwin's Python sits on Windows files: a reader blocks a rename there too.
    assert system.detect("cygwin") == system.detect("win32")


def test_windows_opens_data_files_in_binary_mode(monkeypatch) -> None:
    # Windows's os module has O_BINARY: without it, reading would turn CR LF into LF.
    o_binary = 0x8000
    monkeypatch.setattr(system, "os", OsWithout(O_BINARY=o_binary))
    flags = system.binary_flags()
    assert flags & o_binary and flags & os.O_NOFOLLOW
    monkeypatch.setattr(system, "os", OsWithout(("O_BINARY",)))
    assert system.binary_flags() == os.O_NOFOLLOW  # elsewhere: no symlinks, nothing more


class FcntlWithoutTheName(RecordingFcntl):
    """macOS's fcntl module as older Pythons have it: no F_FULLFSYNC name."""

    def __getattribute__(self, name: str):
        if name == "F_FULLFSYNC":
            raise AttributeError(name)
        return super().__getattribute__(name)


def test_macos_asks_for_full_fsync_even_where_python_does_not_name_it(
    seeded: Store, monkeypatch
) -> None:
    simulate("darwin", monkeypatch.setattr)
    fcntl = FcntlWithoutTheName()
    monkeypatch.setattr(system, "fcntl", fcntl)
    seeded.add_attempt(Attempt(contact_id=1, at=T0))
    assert [command for _, command in fcntl.calls] == [system.F_FULLFSYNC]
    assert len(orjson.loads(seeded.path.read_bytes())["attempts"]) == 1


def test_windows_a_rename_refused_for_a_moment_waits_only_a_moment(seeded: Store, monkeypatch):
    # A reader holds the file for three tries: the save goes through after pauses that add up
    # to a few hundredths of a second, not a noticeable wait.
    monkeypatch.setattr(system, "SYSTEM", system.detect("win32"))
    refusals = [3]

    def replace(source, target) -> None:
        if refusals[0]:
            refusals[0] -= 1
            raise PermissionError(errno.EACCES, "Access is denied")
        os.replace(source, target)

    slept: list[float] = []
    monkeypatch.setattr(system, "os", OsWithout(replace=replace))
    monkeypatch.setattr(
        system, "time", SimpleNamespace(sleep=slept.append, monotonic=time.monotonic)
    )
    seeded.add_attempt(Attempt(contact_id=1, at=T0))
    assert len(slept) == 3 and sum(slept) < 0.05
    assert len(orjson.loads(seeded.path.read_bytes())["attempts"]) == 1
    # A reader that holds on longer: the pauses grow, but never past a tenth of a second, so
    # the save follows soon after the reader lets go.
    refusals[0] = 12
    slept.clear()
    seeded.add_attempt(Attempt(contact_id=1, at=T0))
    assert slept == sorted(slept) and slept[0] < 0.01 and max(slept) == 0.1
    assert len(orjson.loads(seeded.path.read_bytes())["attempts"]) == 2


def test_windows_a_file_last_changed_long_ago_is_not_read_again_to_check_it(
    on_windows, monkeypatch
) -> None:
    # Without an open descriptor only a file changed within the last moments is compared by
    # content; one whose times are well in the past is trusted, so checking costs no read.
    _, seeded = on_windows
    an_hour_ago = time.time_ns() - 3600 * 10**9
    os.utime(seeded.path, ns=(an_hour_ago, an_hour_ago))
    assert [c.name for c in seeded.snapshot().contacts.values()] == ["Ann"]
    reads = count_reads(monkeypatch)
    assert not seeded.changed_on_disk()
    assert reads == []
