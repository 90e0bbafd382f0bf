"""Nothing the file holds stops a command (issue 9, items 1 and 2; PRODUCT.md section 9).

Each case of the issue is tried through the real command line on a data file written by hand:
``due`` and every export complete, the problem is named once on stderr in the spec's words, and
the exports keep every record. Hypothesis then puts arbitrary JSON values in every documented
field of every table.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from followup_tui import cli
from followup_tui.__main__ import main
from followup_tui.analytics.reachability import bin_attempts, grid_for_all, suggest_slot
from followup_tui.domain.clock import frozen_clock
from followup_tui.domain.models import Attempt, Contact
from followup_tui.domain.rules import due_queue, summarize
from followup_tui.domain.snapshot import Snapshot
from followup_tui.io.export import export_csv, export_ics
from followup_tui.io.jsonfmt import dump_snapshot, load_export
from followup_tui.storage import Store
from tests.conftest import FROZEN_NOW

#: The same instant with microseconds, as a real clock gives it.
ODD_NOW = FROZEN_NOW.replace(microsecond=417_203)
NY = "America/New_York"


@pytest.fixture(params=[FROZEN_NOW, ODD_NOW], ids=["round-clock", "microsecond-clock"])
def now(request, monkeypatch) -> datetime:
    monkeypatch.setattr(cli, "clock", lambda: request.param)
    monkeypatch.delenv("FOLLOWUP_TUI_DB", raising=False)
    return request.param


def _base(path: Path) -> dict[str, Any]:
    """Ann (keep warm, called yesterday) and Bob (e-mailed two days ago), as a real file."""
    store = Store.open(path, clock=frozen_clock(FROZEN_NOW))
    ann = store.add_contact(
        Contact(
            "Ann Lee",
            phones=("+12125550123",),
            timezone=NY,
            status="keep_warm",
            created_at=FROZEN_NOW - timedelta(days=40),
        )
    )
    bob = store.add_contact(
        Contact("Bob Roe", emails=("bob@example.com",), created_at=FROZEN_NOW - timedelta(days=40))
    )
    store.add_attempt(Attempt(ann.id or 0, FROZEN_NOW - timedelta(days=1), "phone", "no_answer"))
    store.add_attempt(Attempt(bob.id or 0, FROZEN_NOW - timedelta(days=2), "email", "sent"))
    store.close()
    tables: dict[str, Any] = orjson.loads(path.read_bytes())
    return tables


def _write(path: Path, tables: dict[str, Any]) -> None:
    path.write_bytes(orjson.dumps(tables))


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


#: The cases of the issue: (a change to the file, the line on stderr).
CASES: dict[str, tuple[Any, str]] = {
    "cadence 3000000": (
        lambda t: t["contacts"]["1"].update(cadence_days=3_000_000),
        "contact 1: cadence_days 3000000 is out of range, ignored",
    ),
    "attempt in year 9999": (
        lambda t: t["attempts"]["1"].update(at="9999-12-31T23:00:00+00:00"),
        'attempt 1: at "9999-12-31T23:00:00+00:00" is out of range, ignored',
    ),
    "emails 5": (
        lambda t: t["contacts"]["2"].update(emails=5),
        "contact 2: emails 5 is not a list, ignored",
    ),
    "interview contact_ids 1": (
        lambda t: t.update(
            interviews={"1": {"company": "X", "at": "2026-11-20T15:00:00+00:00", "contact_ids": 1}}
        ),
        "interview 1: contact_ids 1 is not a list, ignored",
    ),
    "settings timezone 5": (
        lambda t: t.update(settings={"1": {"timezone": 5}}),
        "settings: timezone 5 is not text, ignored",
    ),
    "attempt at in EST": (
        lambda t: t["attempts"].update(
            {"3": {"contact_id": 1, "at": "2026-11-20 15:00 EST", "outcome": "reached"}}
        ),
        'attempt 3: at "2026-11-20 15:00 EST" is not a date-time (ISO 8601), ignored',
    ),
    "contact keys 1 and 01": (
        lambda t: t["contacts"].update({"01": dict(t["contacts"]["1"], name="Zed Zero")}),
        "contact 01: its id is not a plain whole number from 1 (like 12), kept aside",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_case_of_the_issue_completes_and_is_reported_once(case, db_path, now, capsys):
    change, line = CASES[case]
    tables = _base(db_path)
    change(tables)
    _write(db_path, tables)
    before = db_path.read_bytes()

    code, out, err = _run(capsys, "--db", str(db_path), "due")
    assert code == 0
    assert err == f"followup-tui: {line}\n"
    assert out.startswith("Today, ")
    assert "due, most overdue first:" in out or "Nobody is due today." in out

    code, out, err = _run(capsys, "--db", str(db_path), "due", "--json")
    assert code == 0 and err == f"followup-tui: {line}\n"
    orjson.loads(out)

    for fmt in ("json", "csv", "ics"):
        code, _out, err = _run(capsys, "--db", str(db_path), "export", "--format", fmt)
        assert code == 0, fmt
        assert err.splitlines()[0] == f"followup-tui: {line}", fmt
    assert db_path.read_bytes() == before  # reading changed nothing


def test_the_spec_example_word_for_word(db_path, now, capsys):
    tables = _base(db_path)
    tables["contacts"]["12"] = {"name": "Cy", "cadence_days": 3_000_000, "status": "keep_warm"}
    _write(db_path, tables)
    code, _out, err = _run(capsys, "--db", str(db_path), "due")
    assert (code, err) == (
        0,
        "followup-tui: contact 12: cadence_days 3000000 is out of range, ignored\n",
    )


def test_a_bad_field_is_ignored_and_the_record_keeps_the_rest(db_path, now, capsys):
    tables = _base(db_path)
    tables["contacts"]["1"].update(cadence_days=3_000_000)  # keep warm: falls back to 30 days
    tables["contacts"]["2"].update(emails=5, company="Globex")
    _write(db_path, tables)
    code, out, _err = _run(capsys, "--db", str(db_path), "due", "--json")
    assert code == 0
    # Ann: 30 days after yesterday; Bob: 3 business days after
    assert orjson.loads(out)["due"] == []
    snap = Snapshot.from_tables(tables)
    assert snap.contacts[1].cadence_days == 30 and snap.contacts[1].name == "Ann Lee"
    assert snap.contacts[2].emails == () and snap.contacts[2].company == "Globex"


def test_json_export_keeps_every_record_as_written(db_path, now, capsysbinary):
    tables = _base(db_path)
    tables["contacts"]["1"].update(cadence_days=3_000_000)
    tables["contacts"]["2"].update(emails=5)
    tables["contacts"]["01"] = {"name": "Zed Zero"}
    tables["attempts"]["3"] = {"contact_id": 1, "at": "2026-11-20 15:00 EST", "outcome": "busy"}
    tables["attempts"]["4"] = {"contact_id": 2, "at": "2026-11-19T10:00:00+00:00", "duration_s": -5}
    tables["interviews"] = {
        "1": {"company": "X", "at": "2026-11-20 15:00 EST"},
        "2": {"company": 7, "at": "2026-11-20T15:00:00+00:00", "contact_ids": [1], "notes": 5},
    }
    tables["news"] = {"1": {"text": "Passed CFA II", "on": "someday"}}
    tables["settings"] = {"1": {"timezone": 5, "work_start_hour": 8}}
    _write(db_path, tables)
    assert main(["--db", str(db_path), "export", "--format", "json"]) == 0
    data = orjson.loads(capsysbinary.readouterr().out)
    contacts = {c["id"]: c for c in data["contacts"]}
    assert set(contacts) == {1, 2, "01"}
    assert contacts[1]["cadence_days"] == 3_000_000 and contacts[2]["emails"] == 5
    assert contacts["01"] == {"id": "01", "name": "Zed Zero"}
    attempts = {a["id"]: a for a in data["attempts"]}
    assert sorted(attempts) == [1, 2, 3, 4]
    assert attempts[3] == {
        "id": 3,
        "contact_id": 1,
        "at": "2026-11-20 15:00 EST",
        "outcome": "busy",
    }
    assert attempts[4]["duration_s"] == -5 and attempts[4]["at"] == "2026-11-19T10:00:00+00:00"
    assert data["interviews"] == [
        {"id": 1, "company": "X", "at": "2026-11-20 15:00 EST"},
        # Read with its company and notes ignored; exported as the file holds them.
        {"id": 2, "company": 7, "at": "2026-11-20T15:00:00+00:00", "contact_ids": [1], "notes": 5},
    ]
    assert data["news"] == [{"id": 1, "text": "Passed CFA II", "on": "someday"}]
    assert data["settings"]["timezone"] == 5 and data["settings"]["work_start_hour"] == 8


def test_csv_export_flags_what_it_could_not_read(db_path, now, capsysbinary):
    tables = _base(db_path)
    tables["attempts"]["3"] = {"contact_id": 1, "at": "2026-11-20 15:00 EST", "outcome": "busy"}
    tables["attempts"]["2"]["duration_s"] = 999_999
    _write(db_path, tables)
    assert main(["--db", str(db_path), "export", "--format", "csv"]) == 0
    captured = capsysbinary.readouterr()
    rows = list(csv.DictReader(io.StringIO(captured.out.decode())))
    assert [r["attempt_id"] for r in rows] == ["2", "1", "3"]
    assert rows[0]["duration_s"] == "999999"
    assert rows[0]["problems"] == "duration_s 999999 is out of range"
    assert rows[1]["problems"] == ""
    assert (rows[2]["name"], rows[2]["at"], rows[2]["at_local"]) == (
        "Ann Lee",
        "2026-11-20 15:00 EST",
        "",
    )
    assert rows[2]["problems"] == 'at "2026-11-20 15:00 EST" is not a date-time (ISO 8601)'


def test_ics_skips_an_event_it_cannot_place_and_says_so(db_path, now, capsysbinary):
    tables = _base(db_path)
    tables["contacts"]["1"].update(cadence_days=3_000_000)
    _write(db_path, tables)
    assert main(["--db", str(db_path), "export", "--format", "ics"]) == 0
    captured = capsysbinary.readouterr()
    uids = [str(e["UID"]) for e in Calendar.from_ical(captured.out).walk("VEVENT")]
    assert uids == ["followup-2@followup-tui"]
    assert captured.err.decode().splitlines() == [
        "followup-tui: contact 1: cadence_days 3000000 is out of range, ignored",
        "followup-tui: contact 1 (Ann Lee): no calendar event; its follow-up day depends on "
        "cadence_days, which cannot be read",
    ]


def test_a_problem_is_reported_once_however_often_it_is_read() -> None:
    tables = {
        "contacts": {"1": {"name": "Ann", "tags": "x", "phones": [1]}},
        "attempts": {
            "1": {"contact_id": 1, "at": "2026-11-20T10:00:00+00:00", "caller_id": "maybe"},
            "2": {"contact_id": 1, "at": "soon"},
        },
    }
    snap = Snapshot.from_tables(tables)
    snap.attempt_marks(1)
    snap.attempt_marks(1)
    snap.attempts_for(1)
    snap.check_all()
    assert [str(p) for p in snap.problems] == [
        "contact 1: phones [1] holds values that are not text, ignored",
        'attempt 1: caller_id "maybe" is not one of hidden, shown, ignored',
        'attempt 2: at "soon" is not a date-time (ISO 8601), ignored',
    ]
    assert [a.id for a in snap.attempts_for(1)] == [1]
    assert snap.attempt_count == 1


def test_many_problems_are_summed_up_after_twenty_lines(db_path, now, capsys):
    tables = _base(db_path)
    for i in range(3, 33):
        tables["attempts"][str(i)] = {"contact_id": 1, "at": f"soon {i}"}
    _write(db_path, tables)
    code, _out, err = _run(capsys, "--db", str(db_path), "due")
    lines = err.splitlines()
    assert code == 0 and len(lines) == 21
    assert lines[-1] == "followup-tui: and 10 more problems like these"


# -- any JSON value in any documented field --------------------------------------------------

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.sampled_from(
        [
            "9999-12-31T23:00:00+00:00",
            "0001-01-01T00:00:00+00:00",
            "2026-11-20 15:00 EST",
            "2026-11-20T10:00:00+00:00",
            "2026-11-20",
            "1899-12-31",
            "Mars/Base",
            "America/New_York",
            "keep_warm",
            "phone",
            "reached",
            "hidden",
            "\x1b[2J",
            "",
        ]
    ),
    st.sampled_from([0, -1, 1, 3_000_000, 86_401, 1e308, 2**53]),
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=6,
)

FIELDS = {
    "contacts": [
        "name",
        "company",
        "title",
        "phones",
        "emails",
        "timezone",
        "status",
        "cadence_days",
        "tags",
        "notes",
        "linkedin_url",
        "created_at",
        "next_step_on",
        "next_step",
        "closed_reason",
        "paused_until",
    ],
    "attempts": [
        "contact_id",
        "at",
        "channel",
        "outcome",
        "caller_id",
        "duration_s",
        "note",
        "news_ids",
    ],
    "interviews": ["company", "at", "contact_ids", "notes"],
    "news": ["text", "on"],
    "settings": [
        "home_region",
        "timezone",
        "hide_caller_id",
        "prefixes",
        "work_start_hour",
        "work_end_hour",
        "holidays",
        "reached_next_days",
    ],
}
#: Usable values of each field: a document starts from these, so that the rules reach the
#: fields that are then replaced (a keep-warm contact with attempts reads its cadence...).
USABLE: dict[str, dict[str, st.SearchStrategy[Any]]] = {
    "contacts": {
        "name": st.just("Ann"),
        "status": st.sampled_from(["keep_warm", "keep_warm", "pursuing", "paused", "closed"]),
        "timezone": st.sampled_from([NY, "Asia/Tokyo", "Pacific/Kiritimati"]),
        "created_at": st.just("2026-10-01T09:00:00+00:00"),
        "next_step_on": st.just("2026-12-01"),
    },
    "attempts": {
        "contact_id": st.integers(1, 3),
        "at": st.sampled_from(["2026-11-20T10:00:00+00:00", "2026-11-25T23:30:00+00:00"]),
        "channel": st.sampled_from(["phone", "email"]),
        "outcome": st.sampled_from(["busy", "reached", "replied", "sent", "voicemail"]),
    },
    "interviews": {
        "company": st.just("X"),
        "at": st.just("2026-11-20T10:00:00+00:00"),
        "contact_ids": st.just([1]),
    },
    "news": {"text": st.just("launch"), "on": st.just("2026-11-01")},
    "settings": {"home_region": st.just("US"), "holidays": st.just(["2026-11-27"])},
}
#: The value of each field that once stopped followup-tui (issue 9), drawn as often as any
#: other JSON value: the rules reach these only through the fields they read.
EDGES: dict[str, Any] = {
    "cadence_days": 3_000_000,
    "reached_next_days": 3_000_000,
    "at": "9999-12-31T23:00:00+00:00",
    "created_at": "0001-01-01T00:00:00+00:00",
    "next_step_on": "9999-12-31",
    "paused_until": "9999-12-31",
    "on": "0001-01-01",
    "holidays": ["9999-12-31", 5],
    "duration_s": 86_401,
    "work_start_hour": 25,
    "work_end_hour": -1,
    "emails": 5,
    "phones": [5],
    "tags": {"a": 1},
    "contact_ids": 1,
    "news_ids": [0],
    "timezone": 5,
    "contact_id": "1",
    "prefixes": {"NANP": 5},
}


@st.composite
def documents(draw: st.DrawFn, table: str) -> dict[str, Any]:
    """A usable document of ``table`` with some fields replaced by any JSON value."""
    doc = {name: draw(value) for name, value in USABLE[table].items()}
    for name in FIELDS[table]:
        if draw(st.integers(0, 3)) == 0:  # a quarter of the fields, each drawn on its own
            doc[name] = draw(st.one_of(st.just(EDGES.get(name, 3_000_000)), JSON))
    return doc


KEYS = st.one_of(st.integers(1, 4).map(str), st.sampled_from(["01", "0"]))


@st.composite
def data_files(draw: st.DrawFn) -> dict[str, Any]:
    tables: dict[str, Any] = {}
    for table in ("contacts", "attempts", "interviews", "news"):
        docs = draw(st.dictionaries(KEYS, documents(table), max_size=4))
        tables[table] = docs
    tables["settings"] = {"1": draw(documents("settings"))}
    return tables


def _ids(records: list[Any]) -> set[Any]:
    return {r["id"] for r in records}


#: The issue's values, each where the rules read it: always among the examples.
ISSUE_FILE: dict[str, Any] = {
    "contacts": {
        "1": {"name": "Ann", "status": "keep_warm", "cadence_days": 3_000_000},
        "2": {"name": "Bob", "emails": 5, "next_step_on": "9999-12-31"},
        "3": {"name": "Cy", "status": "paused", "paused_until": "9999-12-31"},
        "01": {"name": "Zed"},
    },
    "attempts": {
        "1": {"contact_id": 1, "at": "2026-11-20T10:00:00+00:00", "outcome": "busy"},
        "2": {"contact_id": 2, "at": "9999-12-31T23:00:00+00:00", "outcome": "reached"},
        "3": {"contact_id": 2, "at": "2026-11-20 15:00 EST", "duration_s": 86_401},
        "4": {"contact_id": 3, "at": "2026-11-24T10:00:00+00:00", "outcome": "reached"},
    },
    "interviews": {"1": {"company": "X", "at": "2026-11-20T15:00:00+00:00", "contact_ids": 1}},
    "news": {"1": {"text": "x", "on": "0001-01-01"}},
    "settings": {
        "1": {"timezone": 5, "reached_next_days": 3_000_000, "holidays": ["9999-12-31", 5]}
    },
}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data_files(), st.sampled_from([FROZEN_NOW, ODD_NOW]))
@example(ISSUE_FILE, FROZEN_NOW)
@example(ISSUE_FILE, ODD_NOW)
def test_any_json_value_in_any_field_never_stops_due_or_an_export(tables, now):
    snap = Snapshot.from_tables(tables)
    due_queue(snap, NY, now)
    # What the app computes on its first screen: every summary, the grids, the suggestion.
    whole = Snapshot.from_tables(tables)
    everyone = grid_for_all(whole, NY)
    for cid, contact in whole.contacts.items():
        attempts = whole.attempts_for(cid)
        summarize(contact, attempts, whole.settings, NY, now)
        grid = bin_attempts(attempts, contact.timezone or NY)
        suggest_slot(grid, everyone, contact.timezone or NY, now, whole.settings)
    skipped: list[str] = []
    export_ics(Snapshot.from_tables(tables), NY, now, skipped)
    export_csv(Snapshot.from_tables(tables), NY)
    exported = orjson.loads(dump_snapshot(Snapshot.from_tables(tables)))
    snap.check_all()
    for problem in snap.problems:
        text = str(problem)
        assert "\n" not in text and "\x1b" not in text
    # Nothing is dropped: every record of the file is in the export, under its key.
    for table in ("contacts", "attempts", "interviews", "news"):
        keys = {int(k) if k.isdigit() and not k.startswith("0") else k for k in tables[table]}
        assert _ids(exported[table]) == keys, table
    # And the export reads back (its unusable values are reported, not raised).
    load_export(orjson.dumps(exported).decode())


def test_the_issue_values_together_still_give_a_queue() -> None:
    tables = {
        "contacts": {"1": {"name": "Ann", "status": "keep_warm", "cadence_days": 3_000_000}},
        "attempts": {"1": {"contact_id": 1, "at": "9999-12-31T23:00:00+00:00"}},
        "settings": {"1": {"timezone": 5}},
    }
    snap = Snapshot.from_tables(tables)
    assert due_queue(snap, NY, FROZEN_NOW)[0][0].name == "Ann"
    assert [p.field for p in snap.check_all()] == ["cadence_days", "timezone", "at"]
