"""Edges of the storage layer that the other storage tests leave open: the records returned by
``add_contact`` and ``add_attempt``, text ``clean_doc`` leaves alone, the read cache (an unchanged
file is read once; one that cannot be read to compare counts as changed), ids after a backup is
restored under an open store, batches that go on after a refused change or while the file's times
change, the day's backup (made once a day, its failures in the system's words, a symbolic link
swapped in not copied), the messages of a failed opening and of a held lock, the lock file in a
folder that refuses it, the migration of an older schema (simulated: schema 2), a link planted
where restore keeps the old file, and the package's lazy ``Store``."""

from __future__ import annotations

import errno
import os
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import pytest

from followup_tui.domain.clock import frozen_clock
from followup_tui.domain.models import Attempt, Contact
from followup_tui.storage import DataFileError, SaveError, Store, datafile, jsonstorage, system
from followup_tui.storage import restore as restore_module
from followup_tui.storage import store as store_module
from followup_tui.storage.errors import ContactGone, LockTimeout
from followup_tui.storage.jsonstorage import AtomicJSONStorage
from followup_tui.storage.lockfile import FileLock
from followup_tui.storage.restore import restore_backup
from followup_tui.storage.store import clean_doc, prepare_lock_file
from tests.helpers.simulate import OsWithout

#: Thursday 26 November 2026, 14:05:07.123456 UTC (09:05:07 in New York): a real clock has
#: microseconds, and the file keeps instants to the second.
NOW = datetime(2026, 11, 26, 14, 5, 7, 123456, tzinfo=UTC)
CLOCK = frozen_clock(NOW)
STORED_NOW = "2026-11-26T14:05:07+00:00"
TODAY = "20261126"  # the local (New York) day of NOW


def raw(path: Path) -> dict:
    return orjson.loads(path.read_bytes())


@pytest.fixture
def store(db_path: Path):
    s = Store.open(db_path, clock=CLOCK)
    yield s
    s.close()


def _names(path: Path) -> dict[str, str]:
    return {key: doc["name"] for key, doc in raw(path).get("contacts", {}).items()}


# -- what the records returned hold ----------------------------------------------------------


def test_a_contact_added_without_a_creation_time_gets_the_clocks(store: Store) -> None:
    added = store.add_contact(Contact(name="Ann Lee"))
    # the contact given, with its id and the time of the clock (microseconds kept in memory)
    assert added == Contact(name="Ann Lee", created_at=NOW, id=1)
    assert added.created_at == NOW and added.created_at.microsecond == 123456
    assert raw(store.path)["contacts"]["1"]["created_at"] == STORED_NOW


def test_an_attempt_added_comes_back_as_given_with_its_id(store: Store) -> None:
    store.add_contact(Contact(name="Ann Lee"))
    given = Attempt(contact_id=1, at=NOW, outcome="voicemail", note="left a message")
    added = store.add_attempt(given)
    assert added == replace(given, id=1)
    assert added.at.microsecond == 123456  # not read back from the file, which keeps seconds
    assert raw(store.path)["attempts"]["1"]["at"] == STORED_NOW


def test_an_attempt_whose_note_was_cleaned_comes_back_as_stored(store: Store) -> None:
    store.add_contact(Contact(name="Ann Lee"))
    added = store.add_attempt(Attempt(contact_id=1, at=NOW, note="left a message\x1b[2J\x07"))
    # read back from the document written: the note without the escapes, the time to the second
    assert added == Attempt(
        contact_id=1, at=datetime(2026, 11, 26, 14, 5, 7, tzinfo=UTC), note="left a message", id=1
    )
    assert raw(store.path)["attempts"]["1"]["note"] == "left a message"


def test_text_without_control_characters_is_kept_exactly() -> None:
    doc = {
        "name": " Ann Lee ",
        "tags": ["a\tb"],
        "notes": "first line\n\tindented\n",
        "note": "   ",
        "cadence_days": 30,
    }
    cleaned, changed = clean_doc(doc)
    assert cleaned == {
        "name": " Ann Lee ",
        "tags": ["a\tb"],
        "notes": "first line\n\tindented\n",
        "note": "   ",
        "cadence_days": 30,
    }
    assert changed is False


# -- the read cache --------------------------------------------------------------------------


def test_an_unchanged_file_is_read_from_disk_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(system, "SYSTEM", system.detect("linux"))
    path = tmp_path / "followup.json"
    path.write_bytes(b'{"contacts": {"1": {"name": "Ann"}}}')
    reads: list[Path] = []
    original = jsonstorage.read_bytes

    def counting(p: Path):
        reads.append(p)
        return original(p)

    monkeypatch.setattr(jsonstorage, "read_bytes", counting)
    storage = AtomicJSONStorage(path)
    first = storage.read()
    second = storage.read()
    assert first == {"contacts": {"1": {"name": "Ann"}}}
    assert second is first
    assert reads == [path]
    storage.close()


def test_without_a_descriptor_kept_open_a_file_that_cannot_be_read_to_compare_counts_as_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Windows keeps no descriptor on the file: a file modified too recently for its times to
    # tell (here: an hour ahead of the clock) is compared by content. If it cannot be read
    # (another program holds it), it is not taken for the one read before.
    monkeypatch.setattr(system, "SYSTEM", system.detect("win32"))
    path = tmp_path / "followup.json"
    path.write_bytes(b'{"contacts": {"1": {"name": "Ann"}}}')
    later = time.time_ns() + 3600 * 10**9
    os.utime(path, ns=(later, later))
    storage = AtomicJSONStorage(path)
    assert storage.read() == {"contacts": {"1": {"name": "Ann"}}}
    assert storage.changed_on_disk() is False  # same content

    def refused(p: Path):
        raise DataFileError(f"{p}: cannot open (Permission denied)")

    monkeypatch.setattr(jsonstorage, "read_bytes", refused)
    assert storage.changed_on_disk() is True
    with pytest.raises(DataFileError) as info:
        storage.read()
    assert str(info.value) == f"{path}: cannot open (Permission denied)"
    storage.close()


def test_after_a_backup_is_restored_the_next_id_follows_the_restored_file(db_path: Path) -> None:
    Store.open(db_path, clock=CLOCK).close()
    store = Store.open(db_path, clock=CLOCK)  # reads the file: a load before the restore's
    for name in ("Ann", "Bob", "Cy"):
        store.add_contact(Contact(name=name))  # the first keeps the empty file as today's backup
    [backup] = store.backups()
    assert backup.name == f"followup.json.bak-{TODAY}"
    restored = restore_backup(store.path, backup, clock=CLOCK, lock_timeout=1.0)
    assert restored.kept_as == store.path.with_name("followup.json.broken-20261126-090507")
    # The store reloads the restored file (the same file, back in time): its ids start again
    # from that file, as a copy opening it now would give them.
    dee = store.add_contact(Contact(name="Dee"))
    assert dee.id == 1
    assert _names(store.path) == {"1": "Dee"}
    assert raw(store.path)["meta"]["1"]["last_ids"] == {"contacts": 1}
    assert _names(restored.kept_as) == {"1": "Ann", "2": "Bob", "3": "Cy"}
    store.close()


# -- batches ---------------------------------------------------------------------------------


def test_a_batch_that_goes_on_after_a_refused_change_keeps_its_other_changes(
    store: Store,
) -> None:
    with store.batch():
        store.add_contact(Contact(name="Ann"))
        with pytest.raises(ContactGone):
            store.add_attempt(Attempt(contact_id=9, at=NOW))
        store.add_contact(Contact(name="Bob"))
    assert _names(store.path) == {"1": "Ann", "2": "Bob"}
    assert raw(store.path).get("attempts", {}) == {}


def test_a_batch_keeps_its_changes_when_the_files_times_change_meanwhile(store: Store) -> None:
    # Under the lock nobody else writes: a program that only touches the file (a sync tool)
    # does not make the batch start again from the disk and lose what it did so far.
    with store.batch():
        store.add_contact(Contact(name="Ann"))
        os.utime(store.path, ns=(1_700_000_000_123_456_789, 1_700_000_000_123_456_789))
        store.add_contact(Contact(name="Bob"))
    assert _names(store.path) == {"1": "Ann", "2": "Bob"}


# -- the day's backup ------------------------------------------------------------------------


def test_the_days_backup_is_made_once_even_if_it_is_deleted_during_the_day(db_path: Path) -> None:
    now = {"at": NOW}
    s = Store.open(db_path, clock=lambda: now["at"])
    s.add_contact(Contact(name="Ann"))
    [backup] = s.backups()
    assert backup.name == f"followup.json.bak-{TODAY}"
    assert "contacts" not in raw(backup)  # the file as it was before the day's first write
    backup.unlink()
    s.add_contact(Contact(name="Bob"))  # not the day's first write: no backup
    assert s.backups() == []
    now["at"] = NOW + timedelta(days=1)
    s.add_contact(Contact(name="Cy"))  # the next day's first write keeps the file as it was
    assert [p.name for p in s.backups()] == ["followup.json.bak-20261127"]
    assert _names(s.backups()[0]) == {"1": "Ann", "2": "Bob"}
    s.close()


def test_a_backup_that_cannot_be_written_says_why_in_the_systems_words(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(path: Path, payload: bytes, **kwargs) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    before = store.path.read_bytes()
    monkeypatch.setattr(store_module, "atomic_write", disk_full)  # the backup's write only
    with pytest.raises(SaveError) as info:
        store.add_contact(Contact(name="Ann"))
    target = store.path.with_name(f"followup.json.bak-{TODAY}")
    assert str(info.value) == (
        f"could not write the daily backup {target}: No space left on device; nothing was saved"
    )
    assert store.path.read_bytes() == before


def test_a_link_swapped_in_for_the_data_file_is_not_copied_into_the_backup(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The data file is checked (lstat) and then opened to be kept as the day's backup: if a
    # symbolic link replaces it in between, the open must refuse it rather than copy whatever
    # it points to.
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(b'{"someone": "else"}')
    checked = store_module.lstat_no_symlink

    def check_then_swap(path: Path):
        st = checked(path)
        link = path.with_name("swap.tmp")
        link.symlink_to(elsewhere)
        os.replace(link, path)
        return st

    monkeypatch.setattr(store_module, "lstat_no_symlink", check_then_swap)
    with pytest.raises(SaveError) as info:
        store.add_contact(Contact(name="Ann"))
    target = store.path.with_name(f"followup.json.bak-{TODAY}")
    assert str(info.value) == (
        f"could not write the daily backup {target}: {os.strerror(errno.ELOOP)}; nothing was saved"
    )
    assert store.backups() == [] and not os.path.lexists(target)


# -- opening ---------------------------------------------------------------------------------


def test_a_new_file_that_cannot_be_saved_is_refused_with_the_reason(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(path: Path, payload: bytes, **kwargs) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(jsonstorage, "atomic_write", disk_full)
    with pytest.raises(DataFileError) as info:
        Store.open(db_path, clock=CLOCK)
    assert str(info.value) == (
        f"could not save {db_path}: No space left on device; the file is unchanged"
    )
    assert not db_path.exists()


def test_the_lock_timeout_given_to_open_is_the_one_waited(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "LOCK_TIMEOUT_S", 0.05)  # the default, were it used
    s = Store.open(db_path, clock=CLOCK, lock_timeout=0.1)
    other = FileLock(str(db_path) + ".lock", 0)
    other.acquire()
    try:
        with pytest.raises(LockTimeout) as info:
            s.add_contact(Contact(name="Ann"))
    finally:
        other.release()
    assert str(info.value) == (
        f"{db_path}: another copy of followup-tui kept the file locked for 0.1s; nothing was saved"
    )
    s.close()


def _refusing_open(lock_path: Path):
    def open_(path, *args, **kwargs):
        if Path(path) == lock_path:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        return os.open(path, *args, **kwargs)

    return open_


def test_a_lock_file_that_cannot_be_made_raises_the_systems_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lock_path = tmp_path / "followup.json.lock"
    monkeypatch.setattr(store_module, "os", OsWithout(open=_refusing_open(lock_path)))
    with pytest.raises(PermissionError) as info:
        prepare_lock_file(lock_path)
    assert info.value.errno == errno.EACCES  # Store._prepare opens the file read-only on it
    assert not lock_path.exists()


def test_an_existing_lock_file_that_cannot_be_opened_is_left_for_the_lock_to_refuse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lock_path = tmp_path / "followup.json.lock"
    lock_path.write_bytes(b"")  # another user's
    monkeypatch.setattr(store_module, "os", OsWithout(open=_refusing_open(lock_path)))
    assert prepare_lock_file(lock_path) is None
    assert lock_path.read_bytes() == b""


def test_an_older_schema_is_backed_up_migrated_step_by_step_and_marked(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Simulated: this version knows schema 2, and one step brings a schema 1 file to it.
    steps: list[int] = []

    def rename_note(tables: dict) -> None:
        steps.append(1)
        for doc in tables.get("contacts", {}).values():
            doc["notes"] = doc.pop("note")

    monkeypatch.setattr(store_module, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(datafile, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(store_module.MIGRATIONS, 1, rename_note)
    db_path.parent.mkdir()
    old = b'{"meta": {"1": {"schema_version": 1}}, "contacts": {"1": {"name": "Ann", "note": "x"}}}'
    db_path.write_bytes(old)
    s = Store.open(db_path, clock=CLOCK)
    assert steps == [1]
    data = raw(db_path)
    assert data["contacts"] == {"1": {"name": "Ann", "notes": "x"}}
    assert data["meta"]["1"]["schema_version"] == 2
    assert sorted(data["meta"]["1"]) == ["file_id", "schema_version"]
    [backup] = s.backups()
    assert backup.name == f"followup.json.bak-{TODAY}"
    assert backup.read_bytes() == old
    s.close()


# -- restoring -------------------------------------------------------------------------------


def test_without_hard_links_a_link_planted_at_the_name_kept_aside_is_not_written_through(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "followup.json"
    path.write_bytes(b"{")  # damaged
    backup = b'{"meta": {"1": {"schema_version": 1}}, "contacts": {"1": {"name": "Ann"}}}'
    (tmp_path / "followup.json.bak-20261125").write_bytes(backup)
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(b'{"someone": "else"}')

    def no_links_and_a_link_planted(src: object, dst: object) -> None:
        # a file system without hard links; meanwhile another program puts a link at the name
        # just found free
        os.symlink(elsewhere, dst)
        raise OSError(errno.EPERM, "hard links not supported")

    monkeypatch.setattr(restore_module, "os", OsWithout(link=no_links_and_a_link_planted))
    with pytest.raises(DataFileError, match="could not keep the current file aside"):
        restore_backup(path, clock=CLOCK, lock_timeout=1.0)
    assert elsewhere.is_file() and (tmp_path / "followup.json.broken-20261126-090507").is_symlink()
    assert elsewhere.read_bytes() == b'{"someone": "else"}'
    assert path.read_bytes() == b"{"  # nothing restored over the file not kept aside


# -- the module ------------------------------------------------------------------------------


def test_the_storage_package_names_an_attribute_it_does_not_have() -> None:
    import followup_tui.storage as storage

    assert storage.Store is Store  # loaded on first use
    with pytest.raises(AttributeError) as info:
        storage.Nothing  # noqa: B018
    assert str(info.value) == "module 'followup_tui.storage' has no attribute 'Nothing'"
