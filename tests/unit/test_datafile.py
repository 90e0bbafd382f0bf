"""Reading the data file without TinyDB (``storage.datafile.read_tables``), as the commands that
only read do: the same tables the store reads, the same refusals, nothing left open."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest

from followup_tui.domain.models import Attempt, Contact
from followup_tui.storage import DataFileError, Store
from followup_tui.storage.datafile import SCHEMA_VERSION, check_version, read_bytes, read_tables

T0 = datetime(2026, 11, 26, 14, 5, 7, 123456, tzinfo=UTC)  # microseconds, as a real now has
CALLED = datetime(2026, 11, 2, 15, 30, 9, 654321, tzinfo=UTC)


def _open_fds() -> set[str]:
    return set(os.listdir("/proc/self/fd"))


@pytest.fixture
def written(db_path: Path) -> Path:
    store = Store.open(db_path, clock=lambda: T0)
    ann = store.add_contact(Contact(name="Ann Lee", created_at=T0))
    assert ann.id is not None
    store.add_attempt(Attempt(ann.id, CALLED, "phone", "voicemail", "hidden"))
    store.close()
    return db_path


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc")
def test_the_tables_are_those_the_store_reads_and_nothing_stays_open(written: Path) -> None:
    before = _open_fds()
    tables = read_tables(written)
    assert _open_fds() == before
    store = Store.open(written)
    assert tables == store.tables()
    store.close()
    assert tables is not None
    assert tables["contacts"]["1"]["name"] == "Ann Lee"
    assert tables["attempts"]["1"]["at"] == "2026-11-02T15:30:09+00:00"
    assert check_version(tables, written) == SCHEMA_VERSION == 1


def test_no_file_is_none_and_nothing_is_created(tmp_path: Path) -> None:
    path = tmp_path / "new" / "followup.json"
    assert read_tables(path) is None
    assert not path.parent.exists()


@pytest.mark.parametrize(
    ("content", "message", "damaged"),
    [
        (b"", "the file is empty", True),
        (b'{"contacts": [', "not valid JSON", True),
        (b"[1, 2]", "not a followup-tui data file (expected a JSON object of tables", True),
        (b'{"contacts": {"x1": {}}}', "table 'contacts': 'x1' is not a document id", True),
        (b'{"contacts": []}', "table 'contacts' is not a JSON object", True),
        (b'{"contacts": {"1": "Ann"}}', "table 'contacts' entry '1' is not a JSON object", True),
        (b'{"contacts": {"": {}, "1": {}}}', "table 'contacts': '' is not a document id", True),
        (b'{"contacts": {"1": {}}, "attempts": {"x": {}}}', "'attempts': 'x' is not a", True),
        # a long key is named by its first 20 characters
        (
            b'{"contacts": {"abcdefghijklmnopqrstuvwxyz": {}}}',
            "'abcdefghijklmnopqrst' is not",
            True,
        ),
        (b'{"meta": {"1": {"schema_version": 2}}}', "written by a newer followup-tui", False),
        (b'{"meta": {"1": {"schema_version": "1"}}}', "meta.schema_version '1' is not", True),
    ],
)
def test_a_file_that_cannot_be_used_is_refused_naming_why(
    db_path: Path, content: bytes, message: str, damaged: bool
) -> None:
    db_path.parent.mkdir()
    db_path.write_bytes(content)
    with pytest.raises(DataFileError) as info:
        read_tables(db_path)
    assert str(info.value).startswith(f"{db_path}: ")
    assert message in str(info.value)
    if damaged:
        assert info.value.damaged
    assert db_path.read_bytes() == content  # never touched


def test_a_symbolic_link_or_a_folder_is_never_read(written: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.json"
    link.symlink_to(written)
    with pytest.raises(DataFileError) as info:
        read_tables(link)
    assert str(info.value) == f"{link}: is a symbolic link; refusing to follow it"
    folder = tmp_path / "folder.json"
    folder.mkdir()
    with pytest.raises(DataFileError) as info:
        read_tables(folder)
    assert str(info.value) == f"{folder}: is not a file"


def test_due_reads_the_file_as_the_store_would(written: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from followup_tui import cli
    from followup_tui.__main__ import main

    cli_clock = cli.clock
    cli.clock = lambda: T0
    try:
        assert main(["--db", str(written), "due", "--json"]) == 0
    finally:
        cli.clock = cli_clock
    due = orjson.loads(capsys.readouterr().out)["due"]
    # Voicemail on Mon 2 Nov: due two business days later, 16 business days overdue on the 26th.
    assert [(d["name"], d["attempts"], d["overdue_days"]) for d in due] == [("Ann Lee", 1, 16)]


def test_a_folder_on_the_way_that_is_a_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "notes").write_text("not a folder")
    path = tmp_path / "notes" / "search" / "followup.json"
    with pytest.raises(DataFileError) as info:
        read_tables(path)
    assert str(info.value) == f"{path}: {tmp_path / 'notes'} is a file, not a folder"


def test_reading_the_bytes_never_follows_a_symbolic_link(written: Path, tmp_path: Path) -> None:
    """The file may be swapped for a link after it was checked: the read itself refuses it."""
    link = tmp_path / "link.json"
    link.symlink_to(written)
    with pytest.raises(DataFileError) as info:
        read_bytes(link)
    assert str(info.value) == f"{link}: is a symbolic link; refusing to follow it"
    missing = tmp_path / "gone.json"
    with pytest.raises(DataFileError) as info:
        read_bytes(missing)
    assert str(info.value) == f"{missing}: cannot open (No such file or directory)"


@pytest.mark.parametrize(
    ("meta", "version"),
    [
        ({}, 1),
        ({"1": {}}, 1),  # no schema_version: the first version
        ({"2": {"schema_version": 1}}, 1),  # the meta document under another id
        ({"2": {"schema_version": 7}, "1": {"schema_version": 1}}, 1),  # "1" is the one read
    ],
)
def test_the_schema_version_is_read_from_the_meta_document(
    db_path: Path, meta: dict[str, object], version: int
) -> None:
    db_path.parent.mkdir()
    db_path.write_bytes(orjson.dumps({"meta": meta, "contacts": {"1": {"name": "Ann Lee"}}}))
    tables = read_tables(db_path)
    assert tables is not None
    assert check_version(tables, db_path) == version
    assert tables["contacts"] == {"1": {"name": "Ann Lee"}}


@pytest.mark.skipif(not os.path.isfile("/proc/self/cmdline"), reason="needs /proc")
def test_a_file_longer_than_its_size_said_is_read_to_its_end() -> None:
    """A file that grows while it is read (here one whose size says 0) is read whole."""
    path = Path("/proc/self/cmdline")
    fd, _st, raw = read_bytes(path)
    os.close(fd)
    assert raw == path.read_bytes()
    assert len(raw) > 1
