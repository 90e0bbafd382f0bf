"""The data file carries an identity (meta.file_id): a file moved away, or another file put at
the path while a copy has it open, is noticed; nothing is written into it and nothing pending
is dropped until the user chooses (Store.adopt_file)."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import pytest

from followup_tui.domain.models import Attempt, Contact
from followup_tui.storage import DataFileError, SaveError, Store
from followup_tui.storage.errors import (
    ContactGone,
    FileGone,
    FileReplaced,
    UnusableFileError,
)

T0 = datetime(2026, 11, 26, 14, 5, 7, 123456, tzinfo=UTC)  # microseconds, as a real now has


def raw(path: Path) -> dict:
    return orjson.loads(path.read_bytes())


def meta(path: Path) -> dict:
    return raw(path)["meta"]["1"]


@pytest.fixture
def ours(db_path: Path, frozen_clock):
    s = Store.open(db_path, clock=frozen_clock)
    ann = s.add_contact(Contact(name="Ann Lee"))
    s.add_attempt(Attempt(contact_id=ann.id, at=T0))
    yield s
    s.close()


def other_file(folder: Path, names: list[str]) -> Path:
    """Another followup-tui data file (its own identity), ready to be moved in."""
    path = folder / "theirs" / "followup.json"
    s = Store.open(path)
    for name in names:
        s.add_contact(Contact(name=name))
    s.close()
    return path


def test_a_new_file_gets_an_identity_that_stays(db_path: Path) -> None:
    s = Store.open(db_path)
    first = meta(db_path)["file_id"]
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert s.file_id == first
    s.add_contact(Contact(name="Ann"))
    assert meta(db_path)["file_id"] == first
    s.close()
    assert Store.open(db_path).file_id == first
    assert Store.open(db_path.parent / "second.json").file_id != first


def test_an_older_file_gets_one_on_its_first_write_not_on_opening(tmp_path: Path) -> None:
    path = tmp_path / "followup.json"
    path.write_bytes(b'{"contacts": {"1": {"name": "Ann"}}, "meta": {"1": {"schema_version": 1}}}')
    before = path.read_bytes()
    s = Store.open(path)
    assert s.file_id is None and path.read_bytes() == before
    s.add_attempt(Attempt(contact_id=1, at=T0))
    assert re.fullmatch(r"[0-9a-f]{32}", meta(path)["file_id"])
    assert s.file_id == meta(path)["file_id"]
    s.close()


def test_another_copys_saves_are_the_same_file(ours: Store) -> None:
    other = Store.open(ours.path)
    other.add_contact(Contact(name="Bob"))
    other.close()
    assert [c.name for c in ours.snapshot().contacts.values()] == ["Ann Lee", "Bob"]
    assert ours.add_attempt(Attempt(contact_id=2, at=T0)).id == 2


def test_a_file_put_in_place_is_noticed_and_never_written(ours: Store, tmp_path: Path) -> None:
    theirs = other_file(tmp_path, ["Zed", "Yan", "Xia"])
    os.replace(theirs, ours.path)
    before = ours.path.read_bytes()
    assert ours.changed_on_disk()
    with pytest.raises(FileReplaced, match="another file was put in place"):
        ours.snapshot()
    # The case: a contact added next would have got id 1 of another file...
    with pytest.raises(FileReplaced):
        ours.add_contact(Contact(name="Bob"))
    # ...and an attempt of Ann (id 1) would have gone to Zed, or been dropped as deleted.
    with pytest.raises(FileReplaced) as info:
        ours.add_attempt(Attempt(contact_id=1, at=T0 + timedelta(hours=1)))
    assert isinstance(info.value, SaveError) and not isinstance(info.value, ContactGone)
    with pytest.raises(FileReplaced), ours.batch():
        ours.add_contact(Contact(name="Cy"))
    assert ours.path.read_bytes() == before


def test_adopting_the_new_file_works_on_it_from_then_on(ours: Store, tmp_path: Path) -> None:
    theirs = other_file(tmp_path, ["Zed"])
    their_id = Store.open(theirs).file_id
    os.replace(theirs, ours.path)
    with pytest.raises(FileReplaced):
        ours.snapshot()
    ours.adopt_file()
    assert ours.file_id == their_id
    assert [c.name for c in ours.snapshot().contacts.values()] == ["Zed"]
    assert ours.add_contact(Contact(name="Bob")).id == 2
    assert [d["name"] for d in raw(ours.path)["contacts"].values()] == ["Zed", "Bob"]


def test_a_file_without_identity_put_in_place_is_another_file(ours: Store) -> None:
    ours.path.with_name("old.json").write_bytes(b'{"contacts": {"1": {"name": "Zed"}}}')
    os.replace(ours.path.with_name("old.json"), ours.path)
    with pytest.raises(FileReplaced):
        ours.add_attempt(Attempt(contact_id=1, at=T0))
    assert raw(ours.path) == {"contacts": {"1": {"name": "Zed"}}}


def test_a_file_moved_away_is_noticed_and_not_recreated(ours: Store) -> None:
    moved = ours.path.with_name("moved.json")
    os.rename(ours.path, moved)
    kept = moved.read_bytes()
    with pytest.raises(FileGone, match="moved or deleted"):
        ours.add_attempt(Attempt(contact_id=1, at=T0))
    assert not ours.path.exists() and moved.read_bytes() == kept
    ours.adopt_file()  # the user chose a new file at the path
    assert ours.snapshot().contacts == {}
    assert ours.file_id != orjson.loads(kept)["meta"]["1"]["file_id"]


def test_the_file_moved_back_is_the_same_file_again(ours: Store) -> None:
    moved = ours.path.with_name("moved.json")
    os.rename(ours.path, moved)
    with pytest.raises(FileGone):
        ours.snapshot()
    os.rename(moved, ours.path)
    assert ours.add_attempt(Attempt(contact_id=1, at=T0)).id == 2


def test_a_backup_put_back_is_the_same_file(db_path: Path) -> None:
    day = {"now": T0}
    s = Store.open(db_path, clock=lambda: day["now"])
    s.add_contact(Contact(name="Ann"))
    day["now"] = T0 + timedelta(days=1)
    s.add_contact(Contact(name="Bob"))  # keeps yesterday's file as a backup first
    os.replace(s.backups()[0], db_path)
    assert [c.name for c in s.snapshot().contacts.values()] == ["Ann"]
    s.close()


def test_a_moved_file_can_be_written_back_and_pending_changes_saved_into_it(ours: Store) -> None:
    first_id = ours.file_id
    os.rename(ours.path, ours.path.with_name("moved.json"))
    with pytest.raises(FileGone):
        ours.add_attempt(Attempt(contact_id=1, at=T0 + timedelta(hours=1), note="pending"))
    assert ours.can_write_back
    ours.adopt_file(write_back=True)
    assert ours.file_id == first_id
    saved = ours.add_attempt(Attempt(contact_id=1, at=T0 + timedelta(hours=1), note="pending"))
    assert saved.id == 2  # Ann's attempt, under Ann, after the one that was there
    data = raw(ours.path)
    assert [c["name"] for c in data["contacts"].values()] == ["Ann Lee"]
    assert [a["note"] for a in data["attempts"].values()] == ["", "pending"]
    assert data["meta"]["1"]["file_id"] == first_id


def test_write_back_never_writes_over_a_file(ours: Store, tmp_path: Path) -> None:
    theirs = other_file(tmp_path, ["Zed"])
    os.replace(theirs, ours.path)
    before = ours.path.read_bytes()
    with pytest.raises(FileReplaced):
        ours.snapshot()
    assert not ours.can_write_back
    with pytest.raises(SaveError, match="cannot write the last known data back"):
        ours.adopt_file(write_back=True)
    assert ours.path.read_bytes() == before
    with pytest.raises(FileReplaced):  # still refused: nothing was adopted
        ours.add_contact(Contact(name="Bob"))


def test_a_deleted_file_counts_as_changed(ours: Store) -> None:
    assert not ours.changed_on_disk()
    ours.path.unlink()
    assert ours.changed_on_disk()


def test_our_data_can_be_written_back_after_the_other_file_was_looked_at_again(
    ours: Store, tmp_path: Path
) -> None:
    # Another file is put in place; the app refreshes twice (each refusal), then that file
    # goes too: our file's content as last read is still there to write back.
    ours_before = raw(ours.path)
    theirs = other_file(tmp_path, ["Zed"])
    os.replace(theirs, ours.path)
    for _ in range(2):
        with pytest.raises(FileReplaced):
            ours.snapshot()
    ours.path.unlink()
    with pytest.raises(FileGone):
        ours.snapshot()
    assert ours.can_write_back
    ours.adopt_file(write_back=True)
    assert raw(ours.path) == ours_before
    assert [c.name for c in ours.snapshot().contacts.values()] == ["Ann Lee"]


def test_a_new_file_started_after_a_move_is_a_proper_data_file(ours: Store) -> None:
    os.rename(ours.path, ours.path.with_name("moved.json"))
    with pytest.raises(FileGone):
        ours.snapshot()
    ours.adopt_file()
    assert raw(ours.path) == {"meta": {"1": {"schema_version": 1, "file_id": ours.file_id}}}
    ours.close()
    again = Store.open(ours.path)
    assert again.file_id == ours.file_id and again.snapshot().contacts == {}
    again.close()


def test_adopting_a_file_from_a_newer_version_names_the_file(ours: Store) -> None:
    newer = ours.path.with_name("newer.json")
    newer.write_bytes(b'{"meta": {"1": {"schema_version": 99, "file_id": "f00d"}}}')
    os.replace(newer, ours.path)
    with pytest.raises(FileReplaced):
        ours.snapshot()
    with pytest.raises(DataFileError) as info:
        ours.adopt_file()
    assert str(info.value).startswith(f"{ours.path}: written by a newer followup-tui (schema 99")
    assert not info.value.damaged


def test_a_file_damaged_while_open_is_refused_as_damaged(ours: Store) -> None:
    ours.path.write_bytes(b'{"contacts": ')  # cut short by another program
    with pytest.raises(UnusableFileError) as info:
        ours.add_attempt(Attempt(contact_id=1, at=T0))
    assert info.value.damaged  # a backup can help: the app offers one
    assert isinstance(info.value, SaveError)
    assert ours.path.read_bytes() == b'{"contacts": '


def test_a_symlink_put_in_place_is_refused_but_not_as_damage(ours: Store, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.json"
    os.rename(ours.path, target)
    ours.path.symlink_to(target)
    with pytest.raises(UnusableFileError, match="symbolic link") as info:
        ours.add_attempt(Attempt(contact_id=1, at=T0))
    assert not info.value.damaged  # a backup would not help


def test_the_messages_say_nothing_is_saved_until_the_user_chooses(ours: Store) -> None:
    gone, replaced = FileGone(ours.path), FileReplaced(ours.path)
    assert (gone.path, replaced.path) == (ours.path, ours.path)
    assert str(gone) == (
        f"{ours.path}: the data file was moved or deleted; "
        "nothing is saved until you choose what to do"
    )
    assert str(replaced) == (
        f"{ours.path}: another file was put in place of the one followup-tui opened; "
        "nothing is saved until you choose what to do"
    )


@pytest.mark.parametrize(
    ("meta", "identity"),
    [
        ({}, None),  # an empty meta table: no identity yet
        ({"2": {"schema_version": 1, "file_id": "aaa"}}, "aaa"),  # kept under another id
        # two documents: the first one, "1", is the file's, whatever order the file has
        (
            {
                "2": {"schema_version": 99, "file_id": "aaa"},
                "1": {"schema_version": 1, "file_id": "bbb"},
            },
            "bbb",
        ),
        ({"1": {"file_id": "ccc"}}, "ccc"),  # no schema_version: the first version's file
    ],
)
def test_a_meta_table_written_by_hand_is_read_and_kept(tmp_path: Path, meta, identity) -> None:
    path = tmp_path / "followup.json"
    path.write_bytes(orjson.dumps({"contacts": {"1": {"name": "Ann"}}, "meta": meta}))
    s = Store.open(path)
    assert s.file_id == identity
    s.add_attempt(Attempt(contact_id=1, at=T0))
    written = raw(path)["meta"]
    ours = [d for d in written.values() if d.get("file_id") == s.file_id]
    assert len(ours) == 1 and ours[0]["last_ids"] == {"attempts": 1}
    # the other document of a two-document meta table is left as it was
    assert [d for d in written.values() if d is not ours[0]] == [
        d for d in meta.values() if d.get("file_id") != identity
    ]
    s.close()
    assert Store.open(path).file_id == s.file_id


def test_an_identity_that_is_not_text_is_replaced_at_the_first_write(tmp_path: Path) -> None:
    path = tmp_path / "followup.json"
    path.write_bytes(b'{"contacts": {"1": {"name": "Ann"}}, "meta": {"1": {"file_id": 5}}}')
    s = Store.open(path)
    assert s.file_id is None
    s.add_attempt(Attempt(contact_id=1, at=T0))
    assert re.fullmatch(r"[0-9a-f]{32}", meta(path)["file_id"])
    assert s.file_id == meta(path)["file_id"]
    s.close()


def test_a_refusal_names_the_data_file(ours: Store, tmp_path: Path) -> None:
    theirs = other_file(tmp_path, ["Zed"])
    os.replace(theirs, ours.path)
    with pytest.raises(FileReplaced) as replaced:
        ours.snapshot()
    ours.path.unlink()
    with pytest.raises(FileGone) as gone:
        ours.snapshot()
    for info in (replaced, gone):
        assert str(info.value).startswith(f"{ours.path}: ") and info.value.path == ours.path
