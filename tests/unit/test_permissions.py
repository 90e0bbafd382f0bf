"""The data file holds personal data: 0600 files, a 0700 folder, and no following of symlinks."""

from __future__ import annotations

import os
import re
import subprocess
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from filelock import FileLock

from followup_tui.__main__ import main
from followup_tui.domain.models import Attempt, Contact
from followup_tui.storage import DataFileError, SaveError, Store
from followup_tui.storage import store as store_module
from followup_tui.storage.errors import LockTimeout, ReadOnlyError

T0 = datetime(2026, 11, 25, 15, tzinfo=UTC)


def mode(path: Path) -> int:
    return os.lstat(path).st_mode & 0o777


@pytest.fixture(params=[0o022, 0o000], ids=["umask022", "umask000"])
def umask(request):
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


def test_new_files_are_private_whatever_the_umask(tmp_path: Path, umask: int) -> None:
    path = tmp_path / "new" / "folder" / "followup.json"
    clock = {"now": T0}
    s = Store.open(path, clock=lambda: clock["now"])
    assert mode(path.parent) == 0o700
    assert mode(path) == 0o600
    assert mode(Path(str(path) + ".lock")) == 0o600
    s.add_contact(Contact(name="Ann"))
    clock["now"] = T0 + timedelta(days=1)
    s.add_attempt(Attempt(contact_id=1, at=T0))
    assert [p.name for p in s.backups()] == [
        "followup.json.bak-20261126",
        "followup.json.bak-20261125",
    ]
    assert {mode(p) for p in s.backups()} == {0o600}
    assert mode(path) == 0o600
    s.close()


def test_restored_file_is_private(tmp_path: Path, umask: int) -> None:
    path = tmp_path / "followup.json"
    path.write_bytes(b"{")
    backup = tmp_path / "followup.json.bak-20261125"
    backup.write_bytes(b'{"contacts": {}}')
    backup.chmod(0o644)
    assert main(["--db", str(path), "restore"]) == 0
    assert mode(path) == 0o600


def test_a_readable_file_becomes_private_on_the_next_save(tmp_path: Path, umask: int) -> None:
    path = tmp_path / "followup.json"
    path.write_bytes(b'{"contacts": {"1": {"name": "Ann"}}}')
    path.chmod(0o644)
    s = Store.open(path)
    s.add_attempt(Attempt(contact_id=1, at=T0))
    assert mode(path) == 0o600
    s.close()


def test_a_symlink_at_the_data_path_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.json"
    target.write_bytes(b'{"contacts": {"1": {"name": "Ann"}}}')
    before = target.read_bytes()
    link = tmp_path / "followup.json"
    link.symlink_to(target)
    with pytest.raises(DataFileError, match="symbolic link"):
        Store.open(link)
    assert link.is_symlink() and target.read_bytes() == before


def test_a_symlink_swapped_in_later_is_neither_read_nor_written(tmp_path: Path) -> None:
    path = tmp_path / "followup.json"
    s = Store.open(path)
    s.add_contact(Contact(name="Ann"))
    target = tmp_path / "elsewhere.json"
    target.write_bytes(b'{"contacts": {"1": {"name": "Mallory"}}}')
    before = target.read_bytes()
    os.unlink(path)
    path.symlink_to(target)
    with pytest.raises(DataFileError, match="symbolic link"):
        s.snapshot()
    with pytest.raises(DataFileError, match="symbolic link") as info:
        s.add_contact(Contact(name="Bob"))
    assert isinstance(info.value, SaveError)  # the app's save path sees it as a failed save
    assert path.is_symlink() and target.read_bytes() == before
    s.close()


def test_a_symlink_swapped_in_during_a_batch_is_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "followup.json"
    s = Store.open(path)
    target = tmp_path / "elsewhere.json"
    target.write_bytes(b"{}")
    with pytest.raises(DataFileError, match="symbolic link"), s.batch():
        s.add_contact(Contact(name="Ann"))
        os.unlink(path)
        path.symlink_to(target)
    assert path.is_symlink() and target.read_bytes() == b"{}"
    s.close()


def test_a_symlinked_lock_file_is_not_followed(tmp_path: Path) -> None:
    path = tmp_path / "followup.json"
    precious = tmp_path / "precious.txt"
    precious.write_bytes(b"keep me")
    Path(str(path) + ".lock").symlink_to(precious)
    with pytest.raises(DataFileError, match="lock"):
        Store.open(path)
    assert precious.read_bytes() == b"keep me"


def test_every_folder_made_is_private_whatever_the_umask(tmp_path: Path, umask: int) -> None:
    tmp_path.chmod(0o755)
    path = tmp_path / "home" / ".local share" / "fölloẃup" / "followup.json"
    Store.open(path).close()
    for folder in (tmp_path / "home", path.parent.parent, path.parent):
        assert mode(folder) == 0o700, folder
    assert mode(tmp_path) == 0o755  # a folder that was there is left alone


def test_an_existing_lock_file_is_tightened(tmp_path: Path, umask: int) -> None:
    path = tmp_path / "followup.json"
    lock = Path(str(path) + ".lock")
    lock.write_bytes(b"")
    lock.chmod(0o666)
    s = Store.open(path)
    assert mode(lock) == 0o600
    s.add_contact(Contact(name="Ann"))
    assert mode(lock) == 0o600
    s.close()


@contextmanager
def read_only(folder: Path):
    """``folder`` cannot be written, for root too (the immutable flag) or by its mode."""
    if os.geteuid() == 0:
        if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode:
            pytest.skip("root, and this file system has no immutable flag")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
    else:
        folder.chmod(0o500)
        try:
            yield
        finally:
            folder.chmod(0o700)


@pytest.mark.parametrize("lock_there", [True, False], ids=["lock-file-there", "no-lock-file"])
def test_a_read_only_folder_opens_the_file_read_only(
    tmp_path: Path, capsys, lock_there: bool
) -> None:
    folder = tmp_path / "data"
    path = folder / "followup.json"
    s = Store.open(path)
    s.add_contact(Contact(name="Ann Lee"))
    s.close()
    if not lock_there:
        Path(str(path) + ".lock").unlink()
    before = path.read_bytes()
    with read_only(folder):
        s = Store.open(path)
        assert s.read_only is not None and "cannot be written" in s.read_only
        assert [c.name for c in s.snapshot().contacts.values()] == ["Ann Lee"]
        with pytest.raises(ReadOnlyError, match="nothing was saved") as info:
            s.add_attempt(Attempt(contact_id=1, at=T0))
        assert isinstance(info.value, SaveError)  # the app keeps the attempt unsaved
        s.close()
        assert main(["--db", str(path), "due"]) == 0
        capsys.readouterr()
        assert main(["--db", str(path), "log", "Ann Lee", "--outcome", "voicemail"]) == 1
        err = capsys.readouterr().err
        assert err.startswith("followup-tui: ") and "cannot be written" in err
        assert err.count("\n") == 1
    assert path.read_bytes() == before


def test_a_read_only_folder_without_the_file_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    with read_only(folder), pytest.raises(DataFileError, match="cannot create the data file"):
        Store.open(folder / "followup.json")


def test_a_lock_held_too_long_exits_1(tmp_path: Path, monkeypatch, capsys) -> None:
    path = tmp_path / "followup.json"
    s = Store.open(path)
    s.add_contact(Contact(name="Ann Lee"))
    s.close()
    monkeypatch.setattr(store_module, "LOCK_TIMEOUT_S", 0.2)
    held = FileLock(str(path) + ".lock", thread_local=False)
    with held:
        status = main(["--db", str(path), "log", "Ann Lee", "--outcome", "voicemail"])
    assert status == 1
    err = capsys.readouterr().err
    assert "kept the file locked for 0.2s; nothing was saved" in err
    with held, pytest.raises(LockTimeout):
        Store.open(path)


def test_read_only_says_why_in_the_words_of_the_system(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    path = folder / "followup.json"
    Store.open(path).close()
    with read_only(folder):
        s = Store.open(path)
        assert s.read_only == (
            f"{folder} cannot be written (Permission denied): the data file is open read-only "
            "and no change can be saved"
        )
        s.close()
    newer = tmp_path / "newer"
    newer.mkdir()
    (newer / "followup.json").write_bytes(b'{"meta": {"1": {"schema_version": 99}}}')
    with read_only(newer), pytest.raises(DataFileError) as info:
        Store.open(newer / "followup.json")
    assert str(info.value).startswith(f"{newer / 'followup.json'}: written by a newer followup-tui")


def test_a_read_only_folder_without_the_file_says_why(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    with read_only(folder), pytest.raises(DataFileError) as info:
        Store.open(folder / "followup.json")
    # the system's own words: EACCES for a folder's mode, EPERM for root and the immutable flag
    assert re.fullmatch(
        rf"{re.escape(str(folder))}/followup.json: cannot create the data file: "
        rf"{re.escape(str(folder))} cannot be written "
        r"\((Permission denied|Operation not permitted)\)",
        str(info.value),
    )


def test_a_folder_another_copy_makes_meanwhile_does_not_stop_the_ones_below(
    tmp_path: Path, monkeypatch
) -> None:
    # Two copies start at once on a new data folder: the other one makes "search" between our
    # look and our mkdir. The folders below it are still made, private.
    made_by_the_other = tmp_path / "search"
    made_by_the_other.mkdir()
    real = os.path.lexists
    monkeypatch.setattr(
        store_module.os.path,
        "lexists",
        lambda p: False if Path(p) == made_by_the_other else real(p),
    )
    path = made_by_the_other / "2026" / "data" / "followup.json"
    Store.open(path).close()
    monkeypatch.undo()
    assert path.is_file()
    assert mode(path.parent) == mode(path.parent.parent) == 0o700


def test_a_folder_that_cannot_be_made_is_named_with_the_reason(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    with read_only(folder), pytest.raises(DataFileError) as info:
        Store.open(folder / "2026" / "followup.json")
    assert re.fullmatch(
        rf"{re.escape(str(folder / '2026'))}: cannot create folder "
        r"\((Permission denied|Operation not permitted)\)",
        str(info.value),
    )


def test_a_symlink_at_the_lock_path_is_refused_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "followup.json"
    elsewhere = tmp_path / "elsewhere.lock"
    Path(str(path) + ".lock").symlink_to(elsewhere)
    with pytest.raises(DataFileError) as info:
        Store.open(path)
    assert str(info.value) == (
        f"{path}.lock: cannot take the lock (Too many levels of symbolic links)"
    )
    assert not elsewhere.exists()


def test_a_python_without_fchmod_tightens_an_existing_lock_file(
    tmp_path: Path, monkeypatch
) -> None:
    path = tmp_path / "followup.json"
    Store.open(path).close()
    lock = Path(str(path) + ".lock")
    lock.chmod(0o644)
    monkeypatch.delattr(os, "fchmod")
    Store.open(path).close()
    assert mode(lock) == 0o600
