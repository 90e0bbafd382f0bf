"""Injected failures while saving: the file stays as it was, the user gets one clear SaveError,
no temporary file is left, and the same Store saves fine once the fault is gone."""

from __future__ import annotations

import errno
import importlib
import os
import stat
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import pytest

from followup_tui.domain.models import Attempt, Contact
from followup_tui.storage import SaveError, Store, jsonstorage, system

T0 = datetime(2026, 11, 26, 14, 5, tzinfo=UTC)


class Proxy:
    """Stands in for a module inside the storage code; some functions replaced by faults."""

    def __init__(self, module, **faults) -> None:
        self._module = module
        self._faults = faults

    def __getattr__(self, name: str):
        if name in self._faults:
            return self._faults[name]
        return getattr(self._module, name)


def _oserror(code: int):
    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    return fail


def _enospc_after_some_bytes():
    state = {"calls": 0}

    def write(fd, data):
        state["calls"] += 1
        if state["calls"] == 1:
            return os.write(fd, bytes(data[:16]))  # a partial write, then the disk is full
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    return write


def _fsync_fails_on_files():
    def fsync(fd):
        if stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        os.fsync(fd)

    return fsync


def _no_new_files():
    """``os.open`` in a folder that cannot be written: existing files open, new ones do not."""

    def open_(path, flags, *args):
        if flags & os.O_CREAT and not os.path.exists(path):
            raise OSError(errno.EACCES, os.strerror(errno.EACCES))
        return os.open(path, flags, *args)

    return open_


def _boom(*args, **kwargs):
    raise TypeError("Type is not JSON serializable: Unknown")


FAULTS = {
    "serialisation": ("orjson", lambda: {"dumps": _boom}, "could not serialise"),
    "disk full": ("os", lambda: {"write": _enospc_after_some_bytes()}, "No space left on device"),
    "replace fails": ("os", lambda: {"replace": _oserror(errno.EBUSY)}, "busy"),
    "fsync fails": ("os", lambda: {"fsync": _fsync_fails_on_files()}, "Input/output error"),
    "folder not writable": ("os", lambda: {"open": _no_new_files()}, "Permission denied"),
}


@pytest.fixture
def seeded(db_path: Path, frozen_clock):
    s = Store.open(db_path, clock=frozen_clock)
    ann = s.add_contact(Contact(name="Ann"))
    for i in range(3):
        s.add_attempt(Attempt(contact_id=ann.id, at=T0 + timedelta(minutes=i)))
    old = 1_700_000_000_000_000_000
    os.utime(db_path, ns=(old, old))
    yield s
    s.close()


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def assert_unchanged(path: Path, before: bytes, mtime: int) -> None:
    assert path.read_bytes() == before
    assert path.stat().st_mtime_ns == mtime
    assert not leftovers(path.parent)


@pytest.mark.parametrize("fault", list(FAULTS))
def test_failed_save_leaves_file_and_store_usable(seeded: Store, monkeypatch, fault: str) -> None:
    module_name, make, reason = FAULTS[fault]
    path = seeded.path
    before, mtime = path.read_bytes(), path.stat().st_mtime_ns
    if hasattr(jsonstorage, module_name):
        proxy = Proxy(getattr(jsonstorage, module_name), **make())
        monkeypatch.setattr(jsonstorage, module_name, proxy)
    else:  # imported where it is used
        proxy = Proxy(importlib.import_module(module_name), **make())
        monkeypatch.setitem(sys.modules, module_name, proxy)
    if module_name == "os":  # flushing and renaming go through the platform module
        monkeypatch.setattr(system, "os", proxy)

    new = Attempt(contact_id=1, at=T0 + timedelta(hours=1), note="left a voicemail")
    with pytest.raises(SaveError) as info:
        seeded.add_attempt(new)
    message = str(info.value)
    assert "\n" not in message and "Traceback" not in message
    assert reason in message
    assert_unchanged(path, before, mtime)
    # the failed change is not lingering in memory either
    assert seeded.snapshot().attempt_count == 3
    with pytest.raises(SaveError):  # still failing: still nothing written
        seeded.add_contact(Contact(name="Bob"))
    assert_unchanged(path, before, mtime)

    monkeypatch.undo()
    saved = seeded.add_attempt(new)
    assert saved.id == 4
    data = orjson.loads(path.read_bytes())
    assert sorted(data["attempts"]) == ["1", "2", "3", "4"]
    assert data["attempts"]["4"]["note"] == "left a voicemail"
    assert [d["name"] for d in data["contacts"].values()] == ["Ann"]
    assert not leftovers(path.parent)


def test_disk_full_message_names_the_file(seeded: Store, monkeypatch) -> None:
    monkeypatch.setattr(jsonstorage, "os", Proxy(os, write=_enospc_after_some_bytes()))
    with pytest.raises(SaveError) as info:
        seeded.add_contact(Contact(name="Bob"))
    assert str(info.value) == (
        f"could not save {seeded.path}: No space left on device; the file is unchanged"
    )


def test_a_value_orjson_cannot_store_is_a_save_error(seeded: Store) -> None:
    before = seeded.path.read_bytes()
    bad = Attempt(contact_id=1, at=T0, duration_s=object())  # type: ignore[arg-type]
    with pytest.raises(SaveError, match="could not serialise"):
        seeded.add_attempt(bad)
    assert seeded.path.read_bytes() == before
    assert seeded.add_attempt(Attempt(contact_id=1, at=T0)).id == 4


def test_folder_fsync_failure_after_the_rename_is_not_a_failed_save(
    seeded: Store, monkeypatch
) -> None:
    # The new file is already in place; reporting a failure would make the user save twice.
    def fsync(fd):
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
        os.fsync(fd)

    monkeypatch.setattr(system, "os", Proxy(os, fsync=fsync))
    assert seeded.add_attempt(Attempt(contact_id=1, at=T0)).id == 4
    assert len(orjson.loads(seeded.path.read_bytes())["attempts"]) == 4


def test_backup_failure_is_a_save_error_and_changes_nothing(db_path: Path, monkeypatch) -> None:
    day1 = datetime(2026, 11, 25, 15, tzinfo=UTC)
    clock = {"now": day1}
    s = Store.open(db_path, clock=lambda: clock["now"])
    s.add_contact(Contact(name="Ann"))
    clock["now"] = day1 + timedelta(days=1)
    before = db_path.read_bytes()
    monkeypatch.setattr(jsonstorage, "os", Proxy(os, write=_enospc_after_some_bytes()))
    with pytest.raises(SaveError, match="daily backup") as info:
        s.add_contact(Contact(name="Bob"))
    assert "No space left on device" in str(info.value)
    assert db_path.read_bytes() == before
    assert not leftovers(db_path.parent)
    assert [p.name for p in s.backups()] == ["followup.json.bak-20261125"]
    monkeypatch.undo()
    assert s.add_contact(Contact(name="Bob")).id == 2
    assert [p.name for p in s.backups()][0] == "followup.json.bak-20261126"
    s.close()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder_for_real(seeded: Store) -> None:
    folder = seeded.path.parent
    before = seeded.path.read_bytes()
    folder.chmod(0o500)
    try:
        with pytest.raises(SaveError, match="Permission denied"):
            seeded.add_contact(Contact(name="Bob"))
        assert seeded.path.read_bytes() == before
    finally:
        folder.chmod(0o700)
    assert seeded.add_contact(Contact(name="Bob")).id == 2
