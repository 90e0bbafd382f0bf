"""Restoring a backup, called directly: names of the files kept aside, the lock shared with the
app, a copy when hard links fail (written to disk), and every message the user reads."""

from __future__ import annotations

import errno
import os
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from filelock import FileLock

from followup_tui.domain.clock import frozen_clock
from followup_tui.storage import DataFileError
from followup_tui.storage import restore as restore_module
from followup_tui.storage.restore import describe, read_checked, restore_backup
from tests.helpers.links import link_swapped_in
from tests.unit.test_corrupt import put, valid_bytes

#: 14:05:07 UTC = 09:05:07 in New York (the tests' machine zone): the stamp is local time.
CLOCK = frozen_clock(datetime(2026, 11, 26, 14, 5, 7, 250000, tzinfo=UTC))
STAMP = "20261126-090507"
NEWER = b'{"meta": {"1": {"schema_version": 99}}, "settings": {}, "contacts": {}, "attempts": {}}'


def test_missing_folder_and_link_are_named(tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    with pytest.raises(DataFileError) as info:
        read_checked(missing)
    assert str(info.value) == f"{missing}: no such file"
    with pytest.raises(DataFileError) as info:
        read_checked(tmp_path)
    assert str(info.value) == f"{tmp_path}: is not a file"
    assert describe(tmp_path) == "unusable: is not a file"
    assert describe(missing) == "unusable: no such file"


def test_a_file_from_a_newer_version_is_named_with_its_path(tmp_path: Path) -> None:
    path = tmp_path / "followup.json"
    path.write_bytes(NEWER)
    with pytest.raises(DataFileError) as info:
        read_checked(path)
    assert str(info.value).startswith(f"{path}: written by a newer followup-tui (schema 99")
    assert describe(path).startswith("unusable: written by a newer followup-tui (schema 99")
    path.write_bytes(b"{")
    assert describe(path).startswith("unusable: not valid JSON (")


def test_a_link_swapped_in_after_the_check_is_not_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The file is checked (lstat) and then opened: if a symbolic link replaces it in between,
    # the open must refuse it rather than read whatever it points to.
    link = tmp_path / "followup.json.bak-20261125"
    link_swapped_in(monkeypatch, restore_module, link, valid_bytes(2))
    with pytest.raises(DataFileError) as info:
        read_checked(link)
    assert str(info.value) == f"{link}: cannot read ({os.strerror(errno.ELOOP)})"


def test_broken_files_kept_aside_get_numbered_names(tmp_path: Path) -> None:
    backup = valid_bytes(3)
    path = put(tmp_path, b"first", backups={"20261125": backup})
    kept = []
    for damage in (b"second", b"third"):
        done = restore_backup(path, clock=CLOCK)
        kept.append(done.kept_as)
        path.write_bytes(damage)
    kept.append(restore_backup(path, clock=CLOCK).kept_as)
    names = [p.name if p else None for p in kept]
    assert names == [
        f"followup.json.broken-{STAMP}",
        f"followup.json.broken-{STAMP}-1",
        f"followup.json.broken-{STAMP}-2",
    ]
    assert [p.read_bytes() for p in kept if p] == [b"first", b"second", b"third"]
    assert path.read_bytes() == backup


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="names open files via /proc")
def test_without_hard_links_the_broken_file_is_copied_and_synced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = b"{" + b"x" * 300_000  # larger than one copy buffer
    path = put(tmp_path, broken, backups={"20261125": valid_bytes(3)})

    def no_links(src: object, dst: object) -> None:
        raise OSError(errno.EPERM, "hard links not supported")

    synced: list[str] = []
    real_fsync = os.fsync

    def recording_fsync(fd: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    monkeypatch.setattr(restore_module.os, "link", no_links)
    monkeypatch.setattr(restore_module.os, "fsync", recording_fsync)
    done = restore_backup(path, clock=CLOCK)
    assert done.kept_as == tmp_path / f"followup.json.broken-{STAMP}"
    assert done.kept_as.read_bytes() == broken
    assert done.kept_as.stat().st_mode & 0o777 == 0o600
    assert str(done.kept_as) in synced  # on disk before the data file is replaced


def test_restore_with_no_data_file_keeps_nothing_aside(tmp_path: Path) -> None:
    backup = valid_bytes(4)
    path = put(tmp_path, b"", backups={"20261125": backup})
    path.unlink()
    done = restore_backup(path, clock=CLOCK)
    assert done.kept_as is None
    assert path.read_bytes() == backup
    assert done.backup == tmp_path / "followup.json.bak-20261125"


def test_messages_when_nothing_is_restored(tmp_path: Path) -> None:
    path = put(tmp_path, valid_bytes(2))
    with pytest.raises(DataFileError) as info:
        restore_backup(path, clock=CLOCK)
    assert str(info.value) == (
        f"{path}: opens fine, so it was left alone; name a backup to go back to "
        "it anyway (followup-tui restore --list shows them)"
    )
    path.write_bytes(b"{")
    with pytest.raises(DataFileError) as info:
        restore_backup(path, clock=CLOCK)
    assert str(info.value) == f"{path}: no backup to restore"
    (tmp_path / "followup.json.bak-20261124").write_bytes(b"[]")
    (tmp_path / "followup.json.bak-20261125").write_bytes(NEWER)
    with pytest.raises(DataFileError) as info:
        restore_backup(path, clock=CLOCK)
    assert str(info.value) == f"{path}: no backup to restore (2 unusable)"
    assert path.read_bytes() == b"{"


def test_a_backup_is_found_as_typed_or_next_to_the_data_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir, work = tmp_path / "data", tmp_path / "work"
    (data_dir / "old").mkdir(parents=True)
    work.mkdir()
    path = put(data_dir, b"{")
    next_to_data, in_folder, in_cwd = valid_bytes(1), valid_bytes(2), valid_bytes(3)
    (data_dir / "saved.json").write_bytes(next_to_data)
    (data_dir / "old" / "saved.json").write_bytes(in_folder)
    (work / "mine.json").write_bytes(in_cwd)
    monkeypatch.chdir(work)
    # a bare name: next to the data file
    assert restore_backup(path, "saved.json", clock=CLOCK).backup == data_dir / "saved.json"
    assert path.read_bytes() == next_to_data
    # a bare name that exists where the command runs: that file
    assert restore_backup(path, "mine.json", clock=CLOCK).backup == Path("mine.json")
    assert path.read_bytes() == in_cwd
    # a path with a folder is taken as typed (from where the command runs), never guessed
    with pytest.raises(DataFileError, match="old/saved.json: no such file"):
        restore_backup(path, "old/saved.json", clock=CLOCK)
    assert restore_backup(path, str(data_dir / "old" / "saved.json"), clock=CLOCK)
    assert path.read_bytes() == in_folder


def test_restore_waits_for_the_apps_lock_then_gives_up(tmp_path: Path) -> None:
    path = put(tmp_path, b"{", backups={"20261125": valid_bytes(2)})
    held = FileLock(str(path) + ".lock", thread_local=False)
    held.acquire()
    outcome: list[BaseException | object] = []

    def run() -> None:
        try:
            outcome.append(restore_backup(path, clock=CLOCK, lock_timeout=0.2))
        except DataFileError as exc:
            outcome.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    try:
        worker.start()
        worker.join(10)
        assert not worker.is_alive(), "restore kept waiting for the lock"
    finally:
        held.release()
    assert len(outcome) == 1 and isinstance(outcome[0], DataFileError)
    assert str(outcome[0]) == (
        f"{path}: another copy of followup-tui is using the file; close it and try again"
    )
    assert path.read_bytes() == b"{"


def test_the_lock_file_restore_creates_is_private(tmp_path: Path) -> None:
    path = put(tmp_path, b"{", backups={"20261125": valid_bytes(2)})
    restore_backup(path, clock=CLOCK)
    assert (tmp_path / "followup.json.lock").stat().st_mode & 0o777 == 0o600


def test_a_failed_write_is_reported_and_the_file_left_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = put(tmp_path, b"{", backups={"20261125": valid_bytes(2)})

    def full_disk(target: Path, content: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(restore_module, "atomic_write", full_disk)
    with pytest.raises(DataFileError) as info:
        restore_backup(path, clock=CLOCK)
    assert str(info.value) == f"{path}: could not restore (No space left on device)"

    def odd_failure(target: Path, content: bytes) -> None:
        raise OSError("the disk went away")

    monkeypatch.setattr(restore_module, "atomic_write", odd_failure)
    with pytest.raises(DataFileError) as info:
        restore_backup(path, clock=CLOCK)
    assert str(info.value) == f"{path}: could not restore (the disk went away)"
    assert path.read_bytes() == b"{"


def test_a_copy_aside_that_fails_is_reported_removed_and_nothing_restored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # No hard links, and the disk fills up while the damaged file is copied aside.
    path = put(tmp_path, b"{" + b"x" * 300_000, backups={"20261125": valid_bytes(3)})

    def no_links(src: object, dst: object) -> None:
        raise OSError(errno.EPERM, "hard links not supported")

    def full_disk(src: object, dst: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(restore_module.os, "link", no_links)
    monkeypatch.setattr(restore_module.shutil, "copyfileobj", full_disk)
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(DataFileError) as info:
        restore_backup(path, clock=CLOCK)
    assert str(info.value) == (
        f"{path}: could not keep the current file aside (No space left on device); "
        "nothing was restored"
    )
    assert path.read_bytes()[:1] == b"{" and len(path.read_bytes()) == 300_001
    # No partial copy is left looking like a file kept aside (the lock file may appear).
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == before
    # The command line says so in one line, without a traceback, and exits non-zero.
    from followup_tui.__main__ import main

    assert main(["--db", str(path), "restore"]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"followup-tui: {path}: could not keep the current file aside (No space left on "
        "device); nothing was restored\n"
    )
