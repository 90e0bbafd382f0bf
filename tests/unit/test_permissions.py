"""The data file holds personal data: 0600 files, a 0700 folder, and no following of symlinks."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from followup_tui.__main__ import main
from followup_tui.domain.models import Attempt, Contact
from followup_tui.storage import DataFileError, SaveError, Store

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
