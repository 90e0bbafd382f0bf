"""Exports: JSON (see test_import_json for the round trip), CSV of attempts, iCalendar."""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from followup_tui.domain.models import Attempt, Contact
from followup_tui.io.export import event_uid, export_csv, export_ics, export_json, write_atomic
from followup_tui.storage import Store
from tests.unit.import_helpers import populate, t

ZONE = "America/New_York"


@pytest.fixture
def store(db_path, frozen_clock):
    store = Store.open(db_path, clock=frozen_clock)
    populate(store)
    # Replied, not closed: nothing scheduled until the user sets a next step.
    quinn = store.add_contact(Contact(name="Quinn Replied", created_at=t(2, 9)))
    store.add_attempt(Attempt(quinn.id or 0, t(25, 16), "email", "replied"))
    return store


def _events(data: bytes):
    cal = Calendar.from_ical(data)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_csv_has_one_row_per_attempt_oldest_first(store):
    rows = list(csv.DictReader(io.StringIO(export_csv(store.snapshot(), ZONE).decode())))
    assert [(r["attempt_id"], r["name"]) for r in rows] == [
        ("4", "Raj Patel"),
        ("5", "Zoë Closed"),
        ("2", "Dana Smith"),
        ("3", "Dana Smith"),
        ("6", "Quinn Replied"),
    ]
    voicemail = rows[3]
    assert voicemail == {
        "attempt_id": "3",
        "contact_id": "1",
        "name": "Dana Smith",
        "company": "Acme, Inc.",
        "at": "2026-11-24T15:30:00+00:00",
        "at_local": "2026-11-24T10:30:00-05:00",
        "channel": "phone",
        "outcome": "voicemail",
        "caller_id": "shown",
        "duration_s": "42",
        "note": 'left a message, "call back"',
        "problems": "",
    }
    assert rows[0]["caller_id"] == "" and rows[0]["duration_s"] == ""


def test_ics_one_event_per_scheduled_follow_up(store, frozen_now):
    from followup_tui.analytics import reachability

    snap = store.snapshot()
    events = _events(export_ics(snap, ZONE, frozen_now))
    # Dana (voicemail Tue 24 Nov: due 2 business days later, today) and Raj (keep warm every
    # 14 days since 5 Nov: due 19 Nov, overdue, so today). Zoë is closed. Quinn replied and has
    # no next step: not dropped, an all-day reminder today to set one.
    assert sorted(events) == [
        "followup-1@followup-tui",
        "followup-3@followup-tui",
        "followup-5@followup-tui",
    ]
    quinn = events["followup-5@followup-tui"]
    assert str(quinn["SUMMARY"]) == "Set a next step: Quinn Replied"
    assert quinn["DTSTART"].dt == date(2026, 11, 26)
    assert quinn["DTEND"].dt == date(2026, 11, 27)
    assert str(quinn["DESCRIPTION"]).splitlines()[:2] == [
        "1 attempt · replied 1 day ago · needs a next step",
        "Needs a next step.",
    ]

    dana = events["followup-1@followup-tui"]
    assert str(dana["SUMMARY"]) == "Follow up: Dana Smith (Acme, Inc.)"
    expected = reachability.suggest_slot(
        reachability.bin_attempts(snap.attempts_for(1), ZONE),
        reachability.grid_for_all(snap, ZONE),
        ZONE,
        frozen_now,
        snap.settings,
    )
    start = dana["DTSTART"].dt
    assert start == expected.start
    assert start.date() == date(2026, 11, 26)
    assert 8 <= start.astimezone(ZoneInfo(ZONE)).hour < 18  # the settings' working hours
    assert dana["DTEND"].dt - start == timedelta(hours=1)  # a whole slot, on the hour
    assert int(dana["SEQUENCE"]) == 2  # two attempts so far
    assert expected.text in str(dana["DESCRIPTION"])
    assert "Phone: +1 212-555-0134" in str(dana["DESCRIPTION"])

    raj = events["followup-3@followup-tui"]
    assert str(raj["DESCRIPTION"]).splitlines()[:2] == [
        "1 attempt · 21 days silent",
        "5 business days overdue.",
    ]
    # London working hours: the 14:00-15:00 GMT slot is under way at 14:05 UTC.
    assert raj["DTSTART"].dt == datetime(2026, 11, 26, 14, 5, tzinfo=UTC)
    assert raj["DTEND"].dt == datetime(2026, 11, 26, 15, 0, tzinfo=UTC)


def test_ics_uids_are_stable_as_history_grows(store, frozen_now):
    first = _events(export_ics(store.snapshot(), ZONE, frozen_now))
    store.add_attempt(Attempt(1, frozen_now - timedelta(minutes=5), "phone", "busy"))
    later = frozen_now + timedelta(hours=1)
    second = _events(export_ics(store.snapshot(), ZONE, later))
    assert set(first) == set(second)
    assert int(second["followup-1@followup-tui"]["SEQUENCE"]) == 3
    assert event_uid(42) == "followup-42@followup-tui"


def test_ics_is_valid_calendar_text(store, frozen_now):
    data = export_ics(store.snapshot(), ZONE, frozen_now)
    assert data.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert data.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))  # folded lines (RFC 5545)
    for event in Calendar.from_ical(data).walk("VEVENT"):
        for required in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
            assert required in event


def test_ics_without_a_slot_is_an_all_day_event(db_path, frozen_clock, frozen_now):
    from followup_tui.domain.models import Settings

    store = Store.open(db_path, clock=frozen_clock)
    store.save_settings(Settings(work_start_hour=9, work_end_hour=9))  # no working hours
    store.add_contact(Contact(name="New Person", created_at=t(26, 12)))
    (event,) = _events(export_ics(store.snapshot(), ZONE, frozen_now)).values()
    assert event["DTSTART"].dt == date(2026, 11, 26)
    assert event["DTEND"].dt == date(2026, 11, 27)


def test_json_export_of_an_empty_file(db_path, frozen_clock):
    store = Store.open(db_path, clock=frozen_clock)
    data = export_json(store.snapshot())
    assert data.startswith(b'{\n  "app": "followup-tui",\n  "attempts": [],\n  "contacts": [],')


def test_write_atomic_replaces_and_is_private(tmp_path):
    target = tmp_path / "out.ics"
    target.write_text("old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert oct(os.stat(target).st_mode & 0o777) == "0o600"
    assert [p.name for p in tmp_path.iterdir()] == ["out.ics"]


def _todos(data: bytes):
    return {str(t["UID"]): t for t in Calendar.from_ical(data).walk("VTODO")}


def test_ics_one_todo_per_open_thank_you_task(store, frozen_now):
    from followup_tui.domain.models import Interview

    # Dana (id 1) was met on 12 Nov and never e-mailed since: one overdue task from populate.
    raj, quinn = 3, 5
    met = frozen_now - timedelta(hours=2, microseconds=250)
    store.add_interview(Interview("Initech", met, (raj, quinn), notes="Second round"))
    store.add_attempt(Attempt(quinn, frozen_now - timedelta(minutes=30), "email", "sent"))
    todos = _todos(export_ics(store.snapshot(), ZONE, frozen_now))
    assert sorted(todos) == ["thank-you-1-1@followup-tui", "thank-you-2-3@followup-tui"]
    raj_todo = todos["thank-you-2-3@followup-tui"]
    assert str(raj_todo["SUMMARY"]) == "Thank-you e-mail: Raj Patel (Initech)"
    assert raj_todo["DUE"].dt == (met + timedelta(hours=24)).replace(microsecond=0)
    assert raj_todo["DTSTART"].dt == met.replace(microsecond=0)
    assert str(raj_todo["STATUS"]) == "NEEDS-ACTION"
    dana = todos["thank-you-1-1@followup-tui"]
    assert dana["DUE"].dt == datetime(2026, 11, 13, 15, tzinfo=UTC)
    assert "E-mail: dana@acme.example" in str(dana["DESCRIPTION"])
    # An e-mail sent to Dana after the interview completes her task.
    store.add_attempt(Attempt(1, frozen_now - timedelta(minutes=1), "email", "sent"))
    assert sorted(_todos(export_ics(store.snapshot(), ZONE, frozen_now))) == [
        "thank-you-2-3@followup-tui"
    ]


def _tables_with_unreadable_records() -> dict[str, dict[str, object]]:
    """Two readable contacts with three attempts, plus a contact that is not a record and an
    attempt whose time cannot be read: both kept aside when the file is read."""
    return {
        "contacts": {
            "1": {"name": "Ann Lee", "company": "Acme"},
            "2": {"name": "Bo Chen"},
            "3": "not a record",
        },
        "attempts": {
            "1": {
                "contact_id": 1,
                "at": "2026-11-20T14:00:00+00:00",
                "channel": "phone",
                "outcome": "no_answer",
            },
            "2": {
                "contact_id": 1,
                "at": "2026-11-23T14:00:00+00:00",
                "channel": "phone",
                "outcome": "voicemail",
            },
            "3": {
                "contact_id": 2,
                "at": "2026-11-24T10:00:00+00:00",
                "channel": "email",
                "outcome": "sent",
            },
            "4": {"contact_id": 2, "at": "yesterday-ish", "channel": "email", "outcome": "sent"},
        },
    }


def test_build_export_counts_every_record_kept_aside_included(frozen_now):
    from followup_tui.domain.snapshot import Snapshot
    from followup_tui.io.export import build_export

    snapshot = Snapshot.from_tables(_tables_with_unreadable_records())
    exported = build_export(snapshot, "json", ZONE, frozen_now)
    assert exported.counts == "3 contacts, 4 attempts"
    data = json.loads(exported.data)
    # A record that is not an object is written as it is in the file, under its key.
    assert data["contacts"][2] == {"id": "3", "value": "not a record"}
    assert [a["id"] for a in data["attempts"]] == [1, 2, 3, 4]
    assert data["attempts"][3]["at"] == "yesterday-ish"

    snapshot = Snapshot.from_tables(_tables_with_unreadable_records())
    exported = build_export(snapshot, "csv", ZONE, frozen_now)
    assert exported.counts == "4 attempts"
    rows = list(csv.DictReader(io.StringIO(exported.data.decode())))
    assert [r["attempt_id"] for r in rows] == ["1", "2", "3", "4"]
    assert rows[3]["at"] == "yesterday-ish"

    snapshot = Snapshot.from_tables(_tables_with_unreadable_records())
    exported = build_export(snapshot, "ics", ZONE, frozen_now)
    # Ann is due (voicemail on Mon 23 + 2 business days); Bo's last attempt cannot be read,
    # so his follow-up day is unknown: no event, and the export says so.
    assert exported.counts == "1 event, 0 to-dos"
    assert [str(e["SUMMARY"]) for e in Calendar.from_ical(exported.data).walk("VEVENT")] == [
        "Follow up: Ann Lee (Acme)"
    ]
    assert len(exported.skipped) == 1
    assert exported.skipped[0].startswith("contact 2 (Bo Chen): no calendar event")


def test_output_error_says_what_is_wrong_with_the_target(tmp_path):
    from followup_tui.io.export import output_error

    data_file = tmp_path / "followup.json"
    data_file.write_text("{}")
    assert output_error(tmp_path / "out.json", data_file) is None
    assert output_error(tmp_path, data_file) == f"{tmp_path}: is a folder; give a file name"
    missing = tmp_path / "nope" / "out.json"
    assert output_error(missing, data_file) == f"{tmp_path / 'nope'}: no such folder"
    same = tmp_path / "." / "followup.json"
    assert output_error(same, data_file) == (
        f"{same}: is the data file itself; export to another file"
    )
    link = tmp_path / "link.json"
    link.symlink_to(data_file)
    assert output_error(link, data_file) == (
        f"{link}: is the data file itself; export to another file"
    )
