"""The CSV export cell by cell, on a file with odd and unreadable values: what a spreadsheet
user sees for each attempt, for the values the reading ignored and for the records kept aside.
"""

from __future__ import annotations

import csv
import io
import os
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from followup_tui.domain.snapshot import Snapshot
from followup_tui.io.export import csv_cell, default_export_name, export_csv, write_atomic

#: Tokyo is never the tests' own zone (TZ=America/New_York): ``at_local`` is in the zone asked.
TOKYO = "Asia/Tokyo"


def _odd_file() -> dict[str, dict[str, object]]:
    return {
        "contacts": {
            "1": {"name": "Ann Lee", "company": "Acme"},
            "2": "not a record",
        },
        "attempts": {
            # Two attempts at the same instant, of two people: the lower id comes first.
            "3": {
                "contact_id": 1,
                "at": "2026-11-20T14:00:00.250000+00:00",
                "channel": "phone",
                "outcome": "reached",
                "caller_id": "shown",
                "duration_s": 61,
                "note": "said: call back",
            },
            "2": {
                "contact_id": 7,  # nobody: the contact was deleted by hand
                "at": "2026-11-20T14:00:00.250000+00:00",
                "channel": "email",
                "outcome": "sent",
            },
            "1": {
                "contact_id": 1,
                "at": "2026-11-19T09:30:00+00:00",
                "channel": "phone",
                "outcome": "no_answer",
                "caller_id": "maybe: later",
                "duration_s": True,
            },
            # Kept aside: a time that cannot be read, a contact id that is text, not a record,
            # a key that is not a number.
            "10": {
                "contact_id": 1,
                "at": "yesterday-ish",
                "channel": "phone",
                "outcome": "reached",
                "caller_id": "hidden",
                "duration_s": 75,
            },
            "12": {"contact_id": [1], "at": "2026-11-18T11:00:00+00:00", "channel": "sms"},
            "9": {"contact_id": "1", "at": "2026-11-18T10:00:00+00:00", "note": "=1+1"},
            "11": ["not", "a", "record"],
            "x7": {"contact_id": 1, "at": "2026-11-17T10:00:00+00:00", "channel": "phone"},
            # An id beyond 2**62 is still a number: before the key that is not one.
            "5000000000000000000": {"contact_id": 2, "at": None},
        },
    }


def _rows(user_zone: str = TOKYO) -> list[list[str]]:
    data = export_csv(Snapshot.from_tables(_odd_file()), user_zone)
    assert data.endswith(b"\r\n")
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def test_csv_rows_of_a_file_with_odd_and_unreadable_values():
    rows = _rows()
    # The header a spreadsheet or a script reads the columns by.
    assert ",".join(rows[0]) == (
        "attempt_id,contact_id,name,company,at,at_local,channel,outcome,caller_id,duration_s,"
        "note,problems"
    )
    assert rows[1:] == [
        # The values the reading ignored are written as they are in the file, and named.
        [
            "1",
            "1",
            "Ann Lee",
            "Acme",
            "2026-11-19T09:30:00+00:00",
            "2026-11-19T18:30:00+09:00",
            "phone",
            "no_answer",
            "maybe: later",
            "true",
            "",
            'caller_id "maybe: later" is not one of hidden, shown; '
            "duration_s true is not a whole number",
        ],
        # Same instant: attempt 2 before attempt 3. Nobody has id 7: no name, no company.
        [
            "2",
            "7",
            "",
            "",
            "2026-11-20T14:00:00+00:00",
            "2026-11-20T23:00:00+09:00",
            "email",
            "sent",
            "",
            "",
            "",
            "",
        ],
        [
            "3",
            "1",
            "Ann Lee",
            "Acme",
            "2026-11-20T14:00:00+00:00",
            "2026-11-20T23:00:00+09:00",
            "phone",
            "reached",
            "shown",
            "61",
            "said: call back",
            "",
        ],
        # Kept aside, numbers in order (9 before 10), then the key that is not a number.
        [
            "9",
            "1",
            "",
            "",
            "2026-11-18T10:00:00+00:00",
            "",
            "",
            "",
            "",
            "",
            "'=1+1",
            'contact_id "1" is not an id (a whole number from 1)',
        ],
        [
            "10",
            "1",
            "Ann Lee",
            "Acme",
            "yesterday-ish",
            "",
            "phone",
            "reached",
            "hidden",
            "75",
            "",
            'at "yesterday-ish" is not a date-time (ISO 8601)',
        ],
        ["11", "", "", "", "", "", "", "", "", "", "", "is not a JSON object"],
        [
            "12",
            "[1]",
            "",
            "",
            "2026-11-18T11:00:00+00:00",
            "",
            "sms",
            "",
            "",
            "",
            "",
            "contact_id [1] is not an id (a whole number from 1)",
        ],
        ["5000000000000000000", "2", "", "", "", "", "", "", "", "", "", "at is missing"],
        [
            "x7",
            "1",
            "Ann Lee",
            "Acme",
            "2026-11-17T10:00:00+00:00",
            "",
            "phone",
            "",
            "",
            "",
            "",
            "its id is not a plain whole number from 1 (like 12)",
        ],
    ]


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (True, "true"),
        (False, "false"),
        (0, "0"),
        (2.5, "2.5"),
        ("plain text", "plain text"),
        ({"a": [1, None]}, '{"a":[1,null]}'),
        # orjson writes no integer beyond 64 bits: the cell is Python's text of the value.
        ([2**70], "[1180591620717411303424]"),
        ("-minus", "'-minus"),
    ],
)
def test_csv_cell_of_every_json_type(value, cell):
    assert csv_cell(value) == cell


def test_default_export_names():
    day = date(2026, 12, 2)
    assert [default_export_name(f, day) for f in ("json", "csv", "ics")] == [
        "followup-export-2026-12-02.json",
        "followup-export-2026-12-02.csv",
        "followup-export-2026-12-02.ics",
    ]


def test_export_counts_every_record_and_refuses_an_unknown_format():
    from followup_tui.io.export import build_export

    now = datetime(2026, 11, 26, 14, 5, tzinfo=UTC)
    # One contact read and one kept aside; three attempts read and six kept aside.
    assert build_export(Snapshot.from_tables(_odd_file()), "json", TOKYO, now).counts == (
        "2 contacts, 9 attempts"
    )
    assert build_export(Snapshot.from_tables(_odd_file()), "csv", TOKYO, now).counts == (
        "9 attempts"
    )
    with pytest.raises(ValueError, match="^unknown export format 'xml'$"):
        build_export(Snapshot.from_tables(_odd_file()), "xml", TOKYO, now)


def test_write_atomic_renames_a_hidden_temporary_file_of_the_same_folder(tmp_path, monkeypatch):
    # A rename is atomic only within one file system: the temporary file is next to the target.
    renamed: list[tuple[str, str]] = []
    real_replace = os.replace

    def replace(src: str, dst: object) -> None:
        renamed.append((str(src), str(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    target = tmp_path / "out.ics"
    write_atomic(target, b"new")
    ((src, dst),) = renamed
    assert Path(src).parent == tmp_path and dst == str(target)
    assert Path(src).name.startswith(".out.ics.") and src.endswith(".tmp")
    assert target.read_bytes() == b"new"


def test_write_atomic_that_fails_reports_the_failure_and_leaves_no_temporary_file(
    tmp_path, monkeypatch
):
    def full_disk(src: str, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")
    with pytest.raises(OSError, match="No space left on device"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_a_failed_clean_up_never_hides_why_the_write_failed(tmp_path, monkeypatch):
    # The temporary file is already gone (removed by someone else): the error is still the
    # write's, not the clean-up's.
    def vanished(src: str, dst: object) -> None:
        os.unlink(src)
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", vanished)
    with pytest.raises(OSError, match="Input/output error"):
        write_atomic(tmp_path / "out.json", b"new")
    assert list(tmp_path.iterdir()) == []
