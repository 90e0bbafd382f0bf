"""Reading the data file: a file of any size reads whole, a file that is not a followup-tui file
is refused as damaged, and what takes the file's place between the check and the read (a
symbolic link, a folder, nothing) is refused with a clear message, never followed."""

from __future__ import annotations

import errno
import os
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest

from followup_tui.domain.models import Contact
from followup_tui.storage import DataFileError, Store, datafile, jsonstorage
from tests.helpers.simulate import OsWithout
from tests.unit.test_platform import count_reads

T0 = datetime(2026, 11, 26, 14, 5, 7, 123456, tzinfo=UTC)  # microseconds, as a real now has


@pytest.fixture
def store(db_path: Path):
    s = Store.open(db_path, clock=lambda: T0)
    s.add_contact(Contact(name="Ann"))
    yield s
    s.close()


def test_a_file_of_several_megabytes_reads_whole(db_path: Path) -> None:
    notes = "".join(f"call {i:07d}; " for i in range(200_000))  # 2.8 MB: read in pieces
    s = Store.open(db_path, clock=lambda: T0)
    s.add_contact(Contact(name="Ann", notes=notes))
    s.close()
    again = Store.open(db_path)
    assert again.snapshot().contacts[1].notes == notes
    again.close()


def _reads_of(monkeypatch: pytest.MonkeyPatch, most: int | None = None) -> list[int]:
    """The size of each ``os.read`` the storage asks for (each answered with at most ``most``
    bytes, as a system may)."""
    asked: list[int] = []

    def read(fd: int, n: int) -> bytes:
        asked.append(n)
        return os.read(fd, n if most is None else min(n, most))

    monkeypatch.setattr(datafile, "os", OsWithout(read=read))
    return asked


def test_the_file_is_read_in_one_piece_then_its_end_is_checked(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    size = store.path.stat().st_size
    store._storage.invalidate()
    asked = _reads_of(monkeypatch)
    assert [c.name for c in store.snapshot().contacts.values()] == ["Ann"]
    # The whole file and one byte more in one call (no pieces to join: a 2 MB file is not
    # held twice), then one call that finds the end.
    assert asked == [size + 1, 1 << 20]


@pytest.mark.parametrize("most", [1, 7, 4096])
def test_a_system_that_answers_in_small_pieces_still_gives_the_whole_file(
    store: Store, monkeypatch: pytest.MonkeyPatch, most: int
) -> None:
    store.add_contact(Contact(name="Bob", notes="n" * 5000))
    store._storage.invalidate()
    asked = _reads_of(monkeypatch, most)
    assert [c.name for c in store.snapshot().contacts.values()] == ["Ann", "Bob"]
    assert len(asked) == -(-store.path.stat().st_size // most) + 1


def test_a_file_longer_than_its_size_said_is_read_to_its_end(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another program appended to the file between the size check and the read.
    whole = store.path.read_bytes()
    store.path.write_bytes(whole[:-1] + b', "news": {"1": {"text": "x", "on": "2026-01-02"}}}')
    real_fstat = os.fstat

    def fstat(fd: int) -> os.stat_result:
        st = real_fstat(fd)
        return os.stat_result((*st[:6], len(whole), *st[7:]))  # the size before it grew

    store._storage.invalidate()
    monkeypatch.setattr(datafile, "os", OsWithout(fstat=fstat))
    assert [n.text for n in store.snapshot().news.values()] == ["x"]


def _checked_as_a_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """The check before the read saw a regular file: what is at the path changes after it."""
    seen = os.lstat(path)
    monkeypatch.setattr(jsonstorage, "lstat_no_symlink", lambda _path: seen)


@pytest.mark.parametrize(
    ("swapped_in", "message"),
    [
        ("symlink", "is a symbolic link; refusing to follow it"),
        ("nothing", "cannot open (No such file or directory)"),
    ],
)
def test_what_took_the_files_place_after_the_check_is_refused(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, swapped_in: str, message: str
) -> None:
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(b'{"contacts": {"1": {"name": "Mallory"}}}')
    store._storage.invalidate()
    _checked_as_a_file(monkeypatch, store.path)
    store.path.unlink()
    if swapped_in == "symlink":
        store.path.symlink_to(elsewhere)
    with pytest.raises(DataFileError) as info:
        store.snapshot()
    assert str(info.value) == f"{store.path}: {message}"


def test_a_folder_at_the_path_is_not_a_file(store: Store) -> None:
    store.path.unlink()
    store.path.mkdir()
    with pytest.raises(DataFileError) as info:
        store.snapshot()
    assert str(info.value) == f"{store.path}: is not a file"


def test_a_read_error_names_the_file_and_the_reason(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read(fd: int, n: int) -> bytes:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    store._storage.invalidate()
    monkeypatch.setattr(datafile, "os", OsWithout(read=read))
    with pytest.raises(DataFileError) as info:
        store.snapshot()
    assert str(info.value) == f"{store.path}: cannot read (Input/output error)"
    monkeypatch.undo()
    assert [c.name for c in store.snapshot().contacts.values()] == ["Ann"]


def test_a_file_only_read_is_kept_open_so_checking_it_reads_nothing(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another copy opens the file and only reads it: it keeps a descriptor on it (see
    # jsonstorage), so asking whether the file changed needs no read, even just after a save.
    reader = Store.open(store.path)
    assert [c.name for c in reader.snapshot().contacts.values()] == ["Ann"]
    reads = count_reads(monkeypatch)
    assert not reader.changed_on_disk()
    assert reads == []
    store.add_contact(Contact(name="Bob"))
    assert reader.changed_on_disk()
    assert orjson.loads(store.path.read_bytes())["contacts"]["2"]["name"] == "Bob"
    reader.close()


def test_opening_removes_what_a_killed_writer_left_and_nothing_else(db_path: Path) -> None:
    Store.open(db_path).close()
    folder = db_path.parent
    stray = [folder / ".followup.json.k3j9x2.tmp", folder / ".followup.json.a81bq0.tmp"]
    for path in stray:
        path.write_bytes(b'{"contacts": {"1": {"name": "half writ')
    kept = [
        folder / ".followup.json.notes",  # not a temporary file
        folder / ".other.json.z1.tmp",  # another data file's
        folder / "followup.json.bak-20261125",
    ]
    for path in kept:
        path.write_bytes(b"{}")
    lookalike = folder / ".followup.json.dir.tmp"
    lookalike.mkdir()  # not a file: not ours to remove
    s = Store.open(db_path)
    assert [p for p in stray if p.exists()] == []
    assert all(p.exists() for p in kept) and lookalike.is_dir()
    s.close()


def test_a_stray_file_that_cannot_be_removed_does_not_keep_the_others(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Store.open(db_path).close()
    stray = [db_path.parent / f".followup.json.{n}.tmp" for n in ("a1", "b2", "c3")]
    for path in stray:
        path.write_bytes(b"{")
    refused: list[str] = []

    def unlink(path) -> None:
        if not refused:  # the first one tried is in use elsewhere
            refused.append(str(path))
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        os.unlink(path)

    monkeypatch.setattr(jsonstorage, "os", OsWithout(unlink=unlink))
    Store.open(db_path).close()
    assert [str(p) for p in stray if p.exists()] == refused


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"  \n", "the file is empty"),
        *(
            (
                content,
                f"not a followup-tui data file (expected a JSON object of tables, found {found})",
            )
            for content, found in [
                (b"[1, 2]", "an array"),
                (b'"followup"', "a string"),
                (b"null", "null"),
            ]
        ),
        (b'{"contacts": [1]}', "table 'contacts' is not a JSON object"),
        (
            b'{"contacts": {"a-very-long-key-that-goes-on-and-on": {}}}',
            "table 'contacts': 'a-very-long-key-that' is not a document id",
        ),
        (b'{"contacts": {"1": "Ann"}}', "table 'contacts' entry '1' is not a JSON object"),
        *(
            (
                b'{"meta": {"1": {"schema_version": %s}}}' % value,
                f"meta.schema_version {shown} is not valid",
            )
            for value, shown in [(b"true", "True"), (b"0", "0"), (b'"1"', "'1'"), (b"1.0", "1.0")]
        ),
    ],
)
def test_a_broken_file_is_refused_as_damaged_naming_the_problem(
    db_path: Path, content: bytes, problem: str
) -> None:
    db_path.parent.mkdir()
    db_path.write_bytes(content)
    with pytest.raises(DataFileError) as info:
        Store.open(db_path)
    assert str(info.value) == f"{db_path}: {problem}"
    assert info.value.damaged is True  # a backup can help: one is offered
    assert db_path.read_bytes() == content


def test_a_file_where_a_folder_should_be_is_named(tmp_path: Path) -> None:
    (tmp_path / "search").write_bytes(b"notes")
    path = tmp_path / "search" / "data" / "followup.json"
    with pytest.raises(DataFileError) as info:
        Store.open(path)
    assert str(info.value) == f"{path}: {tmp_path / 'search'} is a file, not a folder"
    assert (tmp_path / "search").read_bytes() == b"notes"


def test_only_real_daily_backups_are_listed(store: Store, tmp_path: Path) -> None:
    folder = store.path.parent
    today = store.backups()  # the one made before the first save of the day
    real = [folder / "followup.json.bak-20261121", folder / "followup.json.bak-20261122"]
    for path in real:
        path.write_bytes(b"{}")
    (folder / "followup.json.bak-notadate").write_bytes(b"{}")  # 8 characters, not a day
    (folder / "followup.json.bak-20261123").mkdir()  # a folder
    (folder / "followup.json.bak-20261124").symlink_to(tmp_path / "elsewhere.json")
    (tmp_path / "elsewhere.json").write_bytes(b"{}")
    assert store.backups() == today + real[::-1]  # newest first
