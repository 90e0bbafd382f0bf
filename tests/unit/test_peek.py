"""The read-only head reader: contacts before the attempts are parsed, never a wrong guess."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from followup_tui.storage import DataFileError
from followup_tui.storage.peek import FULL_CHECK_BYTES, check_before_start, read_head


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
    assert check_before_start(path) is None
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
