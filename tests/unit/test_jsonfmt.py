"""followup-tui's own JSON, read and written directly: ids kept in order, odd ids and tables
read without losing the records around them, reasons for every record skipped."""

from __future__ import annotations

from datetime import UTC, datetime

import orjson
import pytest

from followup_tui.domain.models import Attempt, Contact, Interview
from followup_tui.domain.snapshot import Snapshot
from followup_tui.io.jsonfmt import dump_snapshot, load_export
from followup_tui.io.readers import ImportFileError

AT = datetime(2026, 11, 20, 14, 0, 0, 250000, tzinfo=UTC)


def load(data: dict[str, object]):
    return load_export(orjson.dumps(data).decode())


def test_attempts_are_written_in_id_order_and_interviews_with_their_ids():
    contacts = [Contact(name="Ann", id=1), Contact(name="Bo", id=2)]
    # Calls to Bo and Ann in turn: the export lists them as logged, not grouped by person.
    attempts = [
        Attempt(contact_id=2, at=AT, channel="phone", outcome="busy", id=1),
        Attempt(contact_id=1, at=AT.replace(hour=9), channel="phone", outcome="busy", id=2),
        Attempt(contact_id=2, at=AT.replace(hour=15), channel="phone", outcome="busy", id=3),
    ]
    interviews = [Interview(company="Acme", at=AT, contact_ids=(1,), id=4)]
    snapshot = Snapshot.from_tables(
        {
            "contacts": {str(c.id): c.to_doc() for c in contacts},
            "attempts": {str(a.id): a.to_doc() for a in attempts},
            "interviews": {str(i.id): i.to_doc() for i in interviews},
        }
    )
    data = orjson.loads(dump_snapshot(snapshot))
    assert [a["id"] for a in data["attempts"]] == [1, 2, 3]
    assert [i["id"] for i in data["interviews"]] == [4]
    again = load_export(dump_snapshot(snapshot).decode())
    assert [a.id for a in again.attempts] == [1, 2, 3]
    assert [i.id for i in again.interviews] == [4]


@pytest.mark.parametrize(
    ("raw_id", "expected"),
    [(None, None), (True, None), (False, None), ("abc", None), (0, None), (-3, None), ("7", 7)],
)
def test_an_odd_id_is_read_as_no_id(raw_id: object, expected: int | None):
    doc: dict[str, object] = {"name": "Ann"}
    if raw_id is not None:
        doc["id"] = raw_id
    out = load({"app": "followup-tui", "contacts": [doc]})
    assert [(c.name, c.id) for c in out.contacts] == [("Ann", expected)]
    assert out.skipped == []


def test_junk_records_are_skipped_and_the_ones_after_them_kept():
    out = load(
        {
            "contacts": [
                "junk",
                {},
                {"id": 2, "name": " "},
                {"id": 3, "name": "Ann"},
            ],
            "attempts": {
                "1": "junk",
                "2": {"at": "2026-11-20T14:00:00+00:00"},
                "3": {"contact_id": 3, "at": "x" * 200},
                "4": {"contact_id": 3, "at": "2026-11-20T14:00:00+00:00"},
            },
        }
    )
    assert [c.id for c in out.contacts] == [3]
    assert [a.id for a in out.attempts] == [4]
    assert out.skipped[:4] == [
        ("contacts #1", "not an object"),
        ("contacts #2", "not an object"),
        ("contacts #2", "no name"),
        ("attempts #1", "not an object"),
    ]
    assert out.skipped[4] == ("attempts #2", "contact_id is missing")
    what, reason = out.skipped[5]
    assert what == "attempts #3"
    # The value is shown shortened, so a long bad value never floods the report.
    assert reason == 'at "' + "x" * 46 + "… is not a date-time (ISO 8601)"
    assert len(out.skipped) == 6


def test_a_table_that_is_not_a_list_of_records_is_named():
    with pytest.raises(ImportFileError) as info:
        load({"contacts": [], "attempts": 5})
    assert str(info.value) == "JSON: 'attempts' is not a list of records"


def test_an_export_of_ours_without_contacts_is_empty():
    out = load({"app": "followup-tui", "format_version": 1})
    assert (out.contacts, out.attempts, out.settings, out.skipped) == ([], [], None, [])


@pytest.mark.parametrize("settings", ["junk", {}, [], None])
def test_settings_that_are_not_settings_are_left_out(settings: object):
    assert load({"contacts": [], "settings": settings}).settings is None


def test_settings_of_an_export_and_of_a_data_file():
    export = load({"contacts": [], "settings": {"timezone": "Asia/Tokyo"}})
    data_file = load({"contacts": {}, "settings": {"1": {"timezone": "Asia/Tokyo"}}})
    assert export.settings is not None and data_file.settings is not None
    assert export.settings.timezone == data_file.settings.timezone == "Asia/Tokyo"
