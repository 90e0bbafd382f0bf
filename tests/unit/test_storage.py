"""The Store: ids, caching across copies, locking, batches, daily backups, hostile text."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import orjson
import pytest
from filelock import FileLock

from followup_tui.domain.models import Attempt, Contact, Interview, NewsItem, Settings
from followup_tui.storage import DataFileError, SaveError, Store, jsonstorage
from followup_tui.storage.errors import ContactGone, FileGone

T0 = datetime(2026, 11, 26, 14, 5, tzinfo=UTC)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def raw(path: Path) -> dict:
    return orjson.loads(path.read_bytes())


def attempt(cid: int, minutes: int = 0, note: str = "") -> Attempt:
    return Attempt(contact_id=cid, at=T0 + timedelta(minutes=minutes), note=note)


class MutableClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def store(db_path: Path, frozen_clock):
    s = Store.open(db_path, clock=frozen_clock)
    yield s
    s.close()


def count_writes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    original = jsonstorage.atomic_write

    def counting(path: Path, payload: bytes, **kwargs):
        calls.append(len(payload))
        return original(path, payload, **kwargs)

    monkeypatch.setattr(jsonstorage, "atomic_write", counting)
    return calls


# -- opening ------------------------------------------------------------------------------


def test_new_file_is_created_with_schema_version(db_path: Path, frozen_clock) -> None:
    Store.open(db_path, clock=frozen_clock).close()
    assert raw(db_path)["meta"]["1"]["schema_version"] == 1


def test_file_without_meta_opens_without_being_written(db_path: Path, frozen_clock) -> None:
    db_path.parent.mkdir()
    db_path.write_bytes(b'{"contacts": {"1": {"name": "Ann"}}}')
    before = db_path.read_bytes()
    s = Store.open(db_path, clock=frozen_clock)
    assert s.snapshot().contacts[1].name == "Ann"
    assert db_path.read_bytes() == before
    s.add_attempt(attempt(1))
    assert raw(db_path)["meta"]["1"]["schema_version"] == 1
    s.close()


# -- ids ----------------------------------------------------------------------------------


def test_update_contact_keeps_its_id_and_attempts(store: Store) -> None:
    ann = store.add_contact(Contact(name="Ann"))
    bob = store.add_contact(Contact(name="Bob"))
    store.add_attempt(attempt(ann.id))
    store.update_contact(Contact(name="Ann Lee", company="Acme", id=ann.id))
    snap = store.snapshot()
    assert sorted(snap.contacts) == [1, 2]
    assert snap.contacts[1].name == "Ann Lee"
    assert snap.contacts[2].name == "Bob"
    assert [a.contact_id for a in snap.attempts_for(1)] == [1]
    assert bob.id == 2


def test_update_contact_is_a_single_write(store: Store, monkeypatch) -> None:
    store.add_contact(Contact(name="Ann"))
    writes = count_writes(monkeypatch)
    store.update_contact(Contact(name="Ann", notes="met at fair", id=1))
    assert len(writes) == 1


def test_update_of_deleted_contact_is_refused(store: Store) -> None:
    store.add_contact(Contact(name="Ann"))
    store.delete_contact(1)
    with pytest.raises(SaveError, match="no longer exists"):
        store.update_contact(Contact(name="Ann", id=1))
    assert store.snapshot().contacts == {}


def test_ids_continue_after_another_copy_inserted(db_path: Path, frozen_clock) -> None:
    a = Store.open(db_path, clock=frozen_clock)
    b = Store.open(db_path, clock=frozen_clock)
    a.add_contact(Contact(name="Ann"))
    assert [a.add_attempt(attempt(1, i)).id for i in range(2)] == [1, 2]
    assert [b.add_attempt(attempt(1, 10 + i)).id for i in range(3)] == [3, 4, 5]
    assert a.add_attempt(attempt(1, 20)).id == 6
    assert b.add_attempt(attempt(1, 21)).id == 7
    assert sorted(int(k) for k in raw(db_path)["attempts"]) == [1, 2, 3, 4, 5, 6, 7]
    a.close()
    b.close()


def test_ids_are_never_reused_after_delete(db_path: Path, frozen_clock) -> None:
    # Another copy may still show contact 3; reusing its id would file that copy's next call
    # under the wrong person.
    a = Store.open(db_path, clock=frozen_clock)
    for name in ("Ann", "Bob", "Cy"):
        a.add_contact(Contact(name=name))
    a.delete_contact(3)
    a.add_attempt(attempt(1))
    a.delete_attempt(1)
    b = Store.open(db_path, clock=frozen_clock)  # a fresh copy computes ids from the file
    assert b.add_contact(Contact(name="Dee")).id == 4
    assert b.add_attempt(attempt(1)).id == 2
    assert a.add_contact(Contact(name="Eve")).id == 5
    a.close()
    b.close()


def test_foreign_ids_beyond_the_high_water_mark_are_respected(db_path: Path, frozen_clock) -> None:
    s = Store.open(db_path, clock=frozen_clock)
    s.add_contact(Contact(name="Ann"))
    doc = raw(db_path)
    doc["contacts"]["40"] = {"name": "Added by a script"}
    db_path.write_bytes(orjson.dumps(doc))
    assert s.add_contact(Contact(name="Bob")).id == 41
    s.close()


# -- cache and other copies ----------------------------------------------------------------


def test_stale_store_never_overwrites_another_copys_change(db_path: Path, frozen_clock) -> None:
    a = Store.open(db_path, clock=frozen_clock)
    a.add_contact(Contact(name="Ann"))
    a.add_contact(Contact(name="Bob"))
    a.snapshot()  # a has everything cached
    b = Store.open(db_path, clock=frozen_clock)
    b.update_contact(Contact(name="Bob", notes="call after 4pm", id=2))
    b.add_attempt(attempt(2, note="from b"))
    # a never re-read the file; each of its changes must land on top of b's
    a.update_contact(Contact(name="Ann", notes="prefers e-mail", id=1))
    a.add_attempt(attempt(1, note="from a"))
    a.save_settings(Settings(home_region="GB"))
    c = Store.open(db_path, clock=frozen_clock).snapshot()
    assert c.contacts[2].notes == "call after 4pm"
    assert c.contacts[1].notes == "prefers e-mail"
    assert [x.note for x in c.attempts_for(2)] == ["from b"]
    assert [x.note for x in c.attempts_for(1)] == ["from a"]
    assert c.settings.home_region == "GB"
    a.close()
    b.close()


def test_cache_sees_a_same_size_change_by_another_copy(db_path: Path, frozen_clock) -> None:
    a = Store.open(db_path, clock=frozen_clock)
    ann = a.add_contact(Contact(name="Ann", notes="aaaa"))
    size = db_path.stat().st_size
    assert a.snapshot().contacts[1].notes == "aaaa"
    assert a.changed_on_disk() is False
    b = Store.open(db_path, clock=frozen_clock)
    b.update_contact(replace(ann, notes="bbbb"))
    assert db_path.stat().st_size == size  # same size, possibly the same mtime
    assert a.changed_on_disk() is True
    assert a.snapshot().contacts[1].notes == "bbbb"
    assert a.changed_on_disk() is False
    a.close()
    b.close()


def test_lock_timeout_gives_save_error_and_writes_nothing(db_path: Path, frozen_clock) -> None:
    s = Store.open(db_path, clock=frozen_clock, lock_timeout=0.2)
    s.add_contact(Contact(name="Ann"))
    before = db_path.read_bytes()
    other = FileLock(str(db_path) + ".lock")
    other.acquire()
    try:
        with pytest.raises(SaveError, match="locked") as info:
            s.add_attempt(attempt(1))
        assert "\n" not in str(info.value)
        assert db_path.read_bytes() == before
    finally:
        other.release()
    assert s.add_attempt(attempt(1)).id == 1
    s.close()


# -- batches ------------------------------------------------------------------------------


def test_batch_writes_once(store: Store, monkeypatch) -> None:
    writes = count_writes(monkeypatch)
    with store.batch():
        ann = store.add_contact(Contact(name="Ann"))
        for i in range(5):
            store.add_attempt(attempt(ann.id, i))
    assert len(writes) == 1
    assert store.snapshot().attempt_count == 5


def test_batch_rolls_back_on_exception(store: Store) -> None:
    store.add_contact(Contact(name="Ann"))
    before = store.path.read_bytes()
    with pytest.raises(RuntimeError), store.batch():
        store.add_contact(Contact(name="Bob"))
        store.add_attempt(attempt(1))
        store.update_contact(Contact(name="Changed", id=1))
        raise RuntimeError("user pressed escape")
    assert store.path.read_bytes() == before
    snap = store.snapshot()
    assert [c.name for c in snap.contacts.values()] == ["Ann"]
    assert snap.attempt_count == 0
    assert store.add_contact(Contact(name="Cy")).id == 2


# -- backups ------------------------------------------------------------------------------


def test_daily_backups_keep_the_last_seven(db_path: Path) -> None:
    clock = MutableClock(datetime(2026, 11, 17, 15, 0, tzinfo=UTC))  # 10:00 in New York
    s = Store.open(db_path, clock=clock)
    ann = s.add_contact(Contact(name="Ann"))  # day 0: backup of the new, empty file
    s.add_attempt(attempt(ann.id))  # same day: no second backup
    for day in range(1, 10):
        clock.now = datetime(2026, 11, 17 + day, 15, 0, tzinfo=UTC)
        s.add_attempt(attempt(ann.id, day))
    names = [p.name for p in s.backups()]
    assert names == [f"followup.json.bak-202611{d}" for d in range(26, 19, -1)]
    # each backup holds the file as it was before that day's first write
    counts = [len(raw(p).get("attempts", {})) for p in s.backups()]
    assert counts == [9, 8, 7, 6, 5, 4, 3]
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in s.backups())
    # another copy on the same day does not overwrite today's backup
    before = s.backups()[0].read_bytes()
    other = Store.open(db_path, clock=clock)
    other.add_attempt(attempt(ann.id, 99))
    assert s.backups()[0].read_bytes() == before
    assert not list(db_path.parent.glob("*.tmp"))
    other.close()
    s.close()


def test_backup_day_is_the_local_day(db_path: Path) -> None:
    # 03:00 UTC on the 27th is 22:00 on the 26th in New York
    clock = MutableClock(datetime(2026, 11, 27, 3, 0, tzinfo=UTC))
    s = Store.open(db_path, clock=clock)
    s.add_contact(Contact(name="Ann"))
    assert [p.name for p in s.backups()] == ["followup.json.bak-20261126"]
    s.close()


# -- hostile text -------------------------------------------------------------------------


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def test_control_characters_never_reach_the_file(store: Store) -> None:
    evil = "Eve\x1b]0;pwned\x07Mallory\x1b[2J\x9b31m\x00\x7f"
    c = store.add_contact(
        Contact(
            name=evil,
            company="Acme\x1b[31m",
            title="CTO\x85",
            tags=("vip\x1b[5m",),
            notes="line 1\x1b[2J\nline 2\x9b\x00",
        )
    )
    assert c.name == "EveMallory"  # OSC, CSI and 8-bit CSI sequences go whole
    assert c.notes == "line 1\nline 2"
    store.update_contact(Contact(name="Eve\x1b[2J", notes="x\x1b]0;t\x07y", id=c.id))
    store.add_attempt(Attempt(contact_id=c.id, at=T0, note="left voicemail\x1b[2J\x07"))
    store.add_interview(Interview(company="Acme\x9b", at=T0, contact_ids=(c.id,), notes="\x1bcz"))
    store.add_news(NewsItem(text="raised\x1b]8;;http://x\x07 funds", on=date(2026, 11, 20)))
    store.save_settings(Settings(timezone="Europe/Paris\x1b[2J"))
    data = raw(store.path)
    bad = [s for s in _strings(data) if CONTROL.search(s)]
    assert bad == []
    assert data["contacts"]["1"]["name"] == "Eve"
    assert data["contacts"]["1"]["notes"] == "xy"
    assert data["attempts"]["1"]["note"] == "left voicemail"
    assert data["news"]["1"]["text"] == "raised funds"
    assert data["settings"]["1"]["timezone"] == "Europe/Paris"


def test_long_notes_and_markup_round_trip_verbatim(db_path: Path, frozen_clock) -> None:
    unit = "Called é 日本 🙂 [b]x[/b] "
    note = (unit * (10_000 // len(unit) + 1))[:9_999] + "."
    assert len(note) == 10_000
    markup = "[@click=app.quit]x[/]"
    s = Store.open(db_path, clock=frozen_clock)
    c = s.add_contact(Contact(name=markup, notes="Ann [/] " + note))
    s.add_attempt(Attempt(contact_id=c.id, at=T0, note=note))
    s.close()
    data = raw(db_path)
    assert data["contacts"]["1"]["name"] == markup
    assert data["attempts"]["1"]["note"] == note
    snap = Store.open(db_path, clock=frozen_clock).snapshot()
    assert snap.contacts[1].name == markup
    assert snap.contacts[1].notes == "Ann [/] " + note
    assert snap.attempts_for(1)[0].note == note


def test_attempt_for_missing_contact_is_refused(store: Store) -> None:
    with pytest.raises(SaveError, match="contact 9 does not exist") as info:
        store.add_attempt(attempt(9))
    # A save that can never succeed (unlike a full disk) is told apart, so it is not retried.
    assert isinstance(info.value, ContactGone)
    assert info.value.contact_id == 9
    assert "attempts" not in raw(store.path) or raw(store.path)["attempts"] == {}


def test_delete_contact_removes_its_attempts_even_with_text_ids(store: Store) -> None:
    store.add_contact(Contact(name="Ann"))
    doc = raw(store.path)
    doc["attempts"] = {"1": {"contact_id": "1", "at": "2026-11-20T10:00:00+00:00"}}
    store.path.write_bytes(orjson.dumps(doc))
    assert store.delete_contact(1) == 1
    assert raw(store.path)["attempts"] == {}


def test_open_refuses_a_folder_at_the_data_path(tmp_path: Path) -> None:
    (tmp_path / "followup.json").mkdir()
    with pytest.raises(DataFileError, match="not a file"):
        Store.open(tmp_path / "followup.json")


def test_a_vanished_file_is_not_recreated_until_the_user_says_so(store: Store) -> None:
    store.add_contact(Contact(name="Ann"))
    os.unlink(store.path)
    with pytest.raises(FileGone, match="moved or deleted"):
        store.snapshot()
    with pytest.raises(FileGone) as info:
        store.add_contact(Contact(name="Bob"))
    assert isinstance(info.value, SaveError)  # the app keeps the change pending
    assert not store.path.exists()
    store.adopt_file()  # the user chose: start a new file there
    store.add_contact(Contact(name="Bob"))
    assert [d["name"] for d in raw(store.path)["contacts"].values()] == ["Bob"]


def test_the_file_last_read_keeps_its_inode_so_a_replacement_always_looks_new(
    db_path: Path, frozen_clock
) -> None:
    # Identity is (inode, size, mtime, ctime). Were the inode we last read freed, the file
    # system could hand it to a later replacement, which with the same size and a coarse
    # clock would look unchanged. The descriptor the storage keeps open prevents the reuse.
    a = Store.open(db_path, clock=frozen_clock)
    ann = a.add_contact(Contact(name="Ann", notes="000"))
    b = Store.open(db_path, clock=frozen_clock)
    for i in range(1, 30):
        assert a.snapshot().contacts[1].notes == f"{i - 1:03d}"
        seen_inode = os.stat(db_path).st_ino
        b.update_contact(replace(ann, notes="xxx"))
        b.update_contact(replace(ann, notes=f"{i:03d}"))
        assert os.stat(db_path).st_ino != seen_inode
    a.close()
    b.close()


# -- interviews and news --------------------------------------------------------------------


def test_interviews_and_news_are_edited_and_deleted_in_place(store: Store) -> None:
    ana = store.add_contact(Contact(name="Ana"))
    bo = store.add_contact(Contact(name="Bo"))
    met = store.add_interview(
        Interview(company="Acme", at=T0, contact_ids=(ana.id, bo.id), notes="desk")
    )
    edited = store.update_interview(replace(met, notes="credit desk\x1b[2J", contact_ids=(bo.id,)))
    assert edited.notes == "credit desk"
    assert raw(store.path)["interviews"]["1"] == {
        "company": "Acme",
        "at": "2026-11-26T14:05:00+00:00",
        "contact_ids": [bo.id],
        "notes": "credit desk",
    }
    item = store.add_news(NewsItem(text="passed CFA Level II", on=date(2026, 8, 20)))
    store.update_news(replace(item, text="passed CFA Level III"))
    assert raw(store.path)["news"]["1"]["text"] == "passed CFA Level III"
    assert store.delete_news(item.id) == replace(item, text="passed CFA Level III")
    assert store.delete_news(item.id) is None
    assert store.delete_interview(met.id) == edited
    assert raw(store.path)["interviews"] == {}
    with pytest.raises(SaveError, match="interview 1 no longer exists"):
        store.update_interview(edited)
    with pytest.raises(SaveError, match="news item 1 no longer exists"):
        store.update_news(item)


def test_deleting_a_contact_keeps_the_interview_without_them(store: Store) -> None:
    ana = store.add_contact(Contact(name="Ana"))
    bo = store.add_contact(Contact(name="Bo"))
    store.add_interview(Interview(company="Acme", at=T0, contact_ids=(ana.id, bo.id)))
    # Another tool may have written the ids as text.
    other = store.add_interview(Interview(company="Beta", at=T0, contact_ids=(bo.id,)))
    data = raw(store.path)
    data["interviews"][str(other.id)]["contact_ids"] = [str(bo.id)]
    store.path.write_bytes(orjson.dumps(data))
    store.delete_contact(bo.id)
    interviews = raw(store.path)["interviews"]
    assert interviews["1"]["contact_ids"] == [ana.id]
    assert interviews[str(other.id)]["contact_ids"] == []
    assert interviews[str(other.id)]["company"] == "Beta"
