"""The read-only head reader: contacts before the attempts are parsed, never a wrong guess."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import orjson
import pytest

from followup_tui.storage import DataFileError, peek
from followup_tui.storage.peek import FULL_CHECK_BYTES, check_before_start, read_head
from tests.helpers.links import link_swapped_in


def tables(n_attempts: int = 3) -> dict:
    return {
        "meta": {"1": {"schema_version": 1, "last_ids": {"contacts": 2, "attempts": n_attempts}}},
        "settings": {"1": {"timezone": "Europe/London"}},
        "contacts": {
            "1": {"name": 'Ann "attempts":{ Lee', "notes": ',"attempts":{"x": 1}'},
            "2": {"name": "Bob Roy", "extra": {"attempts": {"nested": True}}},
        },
        "attempts": {
            str(i): {
                "contact_id": 1,
                "at": "2026-11-20T15:00:00+00:00",
                "channel": "phone",
                "outcome": "voicemail",
                "note": "x" * 200,
            }
            for i in range(1, n_attempts + 1)
        },
        "interviews": {},
    }


def test_head_is_the_tables_before_attempts(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    data = tables()
    path.write_bytes(orjson.dumps(data))
    head = read_head(path)
    # The look-alike keys inside a name, a note and a nested object are not the table.
    assert head == {k: data[k] for k in ("meta", "settings", "contacts")}


def test_no_head_when_attempts_come_first_or_are_missing(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    data = tables()
    path.write_bytes(orjson.dumps({"attempts": data["attempts"], "contacts": data["contacts"]}))
    assert read_head(path) is None
    path.write_bytes(orjson.dumps({"contacts": data["contacts"]}))
    assert read_head(path) is None
    assert read_head(tmp_path / "missing.json") is None


def test_no_head_from_a_damaged_or_too_new_head(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    raw = orjson.dumps(tables())
    path.write_bytes(raw.replace(b'"contacts":{"1"', b'"contacts":{"one"'))
    assert read_head(path) is None
    path.write_bytes(raw.replace(b'"schema_version":1', b'"schema_version":9'))
    assert read_head(path) is None


def test_the_head_may_span_read_chunks(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    data = tables(2)
    data["contacts"]["2"]["notes"] = "n" * ((1 << 20) + 5)  # the key lies past the first MB
    path.write_bytes(orjson.dumps(data))
    head = read_head(path)
    assert head is not None and len(head["contacts"]["2"]["notes"]) == (1 << 20) + 5


def test_check_before_start_parses_small_files_whole(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    raw = orjson.dumps(tables())
    path.write_bytes(raw + b"garbage")
    with pytest.raises(DataFileError, match="not valid JSON"):
        check_before_start(path)
    path.write_bytes(raw)
    assert check_before_start(path) == orjson.loads(raw)  # the app lists contacts from it
    assert check_before_start(tmp_path / "missing.json") is None


def test_check_before_start_reads_only_the_head_of_large_files(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    n = FULL_CHECK_BYTES // 150
    raw = orjson.dumps(tables(n))
    assert len(raw) > FULL_CHECK_BYTES
    path.write_bytes(raw + b"garbage")  # found later, by the app's whole read
    head = check_before_start(path)
    assert head is not None and sorted(head["contacts"]) == ["1", "2"]
    path.write_bytes(raw.replace(b'"schema_version":1', b'"schema_version":9'))
    with pytest.raises(DataFileError, match="newer followup-tui"):
        check_before_start(path)


def test_problems_of_a_small_file_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    raw = orjson.dumps(tables())
    path.write_bytes(raw + b"garbage")
    with pytest.raises(DataFileError) as info:
        check_before_start(path)
    assert str(info.value).startswith(f"{path}: not valid JSON")
    path.write_bytes(raw.replace(b'"schema_version":1', b'"schema_version":9'))
    with pytest.raises(DataFileError) as info:
        check_before_start(path)
    assert str(info.value).startswith(f"{path}: written by a newer followup-tui")
    with pytest.raises(DataFileError) as info:
        check_before_start(tmp_path)
    assert str(info.value) == f"{tmp_path}: is not a file"


def test_a_file_of_exactly_the_limit_is_still_checked_whole(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    raw = orjson.dumps(tables(FULL_CHECK_BYTES // 150))[: FULL_CHECK_BYTES - 10]
    path.write_bytes(raw.ljust(FULL_CHECK_BYTES - 7) + b"garbage")
    assert path.stat().st_size == FULL_CHECK_BYTES
    with pytest.raises(DataFileError, match="not valid JSON"):
        check_before_start(path)


def test_a_read_error_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "f.json"
    path.write_bytes(orjson.dumps(tables()))

    def failing_read(fd: int, n: int) -> bytes:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(peek.os, "read", failing_read)
    with pytest.raises(DataFileError) as info:
        check_before_start(path)
    assert str(info.value) == f"{path}: cannot read (Input/output error)"
    assert read_head(path) is None  # the quick look never raises


def test_a_link_swapped_in_after_the_check_is_not_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    link = tmp_path / "f.json"
    link_swapped_in(monkeypatch, peek, link, orjson.dumps(tables()))
    with pytest.raises(DataFileError) as info:
        check_before_start(link)
    assert str(info.value) == f"{link}: cannot open ({os.strerror(errno.ELOOP)})"
    assert read_head(link) is None


def test_head_with_look_alikes_in_the_attempts_and_space_after_commas(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    data = tables()
    data["attempts"]["2"]["extra"] = {"attempts": {"nested": 1}}
    data["attempts"]["3"]["extra"] = {"attempts": {"nested": 2}}
    raw = orjson.dumps(data)
    for spaced in (raw, raw.replace(b',"', b', \n "')):
        path.write_bytes(spaced)
        assert read_head(path) == {k: data[k] for k in ("meta", "settings", "contacts")}


def test_no_head_when_the_contacts_come_after_the_attempts(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    data = tables()
    order = ("meta", "settings", "attempts", "contacts")
    path.write_bytes(orjson.dumps({k: data[k] for k in order}))
    assert read_head(path) is None


@pytest.mark.parametrize("order", [("attempts", "meta", "contacts"), ("meta", "attempts")])
def test_a_large_file_without_a_head_is_not_read_through(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, order: tuple[str, ...]
) -> None:
    # Attempts first (or contacts missing from the head): give up after the first read
    # instead of reading many megabytes only to find nothing.
    path = tmp_path / "f.json"
    data = tables(FULL_CHECK_BYTES * 2 // 150)
    path.write_bytes(orjson.dumps({k: data[k] for k in order}))
    reads = []
    real_read = os.read

    def counting_read(fd: int, n: int) -> bytes:
        reads.append(n)
        return real_read(fd, n)

    monkeypatch.setattr(peek.os, "read", counting_read)
    assert read_head(path) is None
    assert len(reads) == 1


@pytest.mark.parametrize("shift", [-12, -11, -6, -1, 0])
def test_the_key_may_straddle_two_reads(tmp_path: Path, shift: int) -> None:
    """The top-level key starts ``-shift`` bytes before the end of the first 1 MiB read."""
    path = tmp_path / "f.json"
    data = tables(2)
    del data["contacts"]["2"]  # no look-alike key in the first read
    data["contacts"]["1"] = {"name": "Ann", "notes": ""}
    key = b'"attempts":{'
    pad = 0
    for _ in range(3):
        data["contacts"]["1"]["notes"] = "n" * pad
        raw = orjson.dumps(data)
        at = raw.index(b"}}," + key) + 3
        pad += (1 << 20) + shift - at
    raw = orjson.dumps(data)
    assert raw.index(b"}}," + key) + 3 == (1 << 20) + shift
    path.write_bytes(raw)
    head = read_head(path)
    assert head is not None and head["contacts"]["1"]["notes"] == "n" * (pad - 0)


def test_a_large_file_read_whole_is_checked_but_not_kept(tmp_path: Path) -> None:
    # Attempts before contacts: no head to read, so the whole file is parsed to check it, and
    # dropped (the app reads it again; holding it would double the start-up's memory).
    path = tmp_path / "f.json"
    data = tables(FULL_CHECK_BYTES // 150)
    reordered = {"attempts": data.pop("attempts"), **data}
    raw = orjson.dumps(reordered)
    assert len(raw) > FULL_CHECK_BYTES
    path.write_bytes(raw)
    assert read_head(path) is None
    assert check_before_start(path) is None
    path.write_bytes(raw + b"garbage")
    with pytest.raises(DataFileError, match="not valid JSON"):
        check_before_start(path)
