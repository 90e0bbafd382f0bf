"""LinkedIn Connections.csv as LinkedIn exports it: BOM, Notes preamble, quoted fields."""

from __future__ import annotations

import pytest

from followup_tui.io.importer import import_file
from followup_tui.io.readers import ImportFileError, decode, detect_format, read_linkedin
from followup_tui.storage import Store
from tests.unit.import_helpers import DATA, count_replacements

FILE = DATA / "linkedin_connections.csv"


def _by_name(store: Store):
    return {c.name: c for c in store.snapshot().contacts.values()}


def test_file_starts_with_bom_and_preamble_and_is_detected_by_content():
    raw = FILE.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfNotes:")
    assert detect_format(decode(raw)) == "linkedin"


def test_rows_keep_their_file_line_numbers():
    rows = read_linkedin(decode(FILE.read_bytes()))
    # Header on line 4; the last record spans lines 10-11 (a new line inside quotes).
    assert [r.line for r in rows] == [5, 6, 7, 8, 9, 10]


def test_import_fields_quotes_commas_and_dates(db_path, frozen_clock, frozen_now):
    store = Store.open(db_path, clock=frozen_clock)
    report = import_file(FILE, store)
    assert (report.added, report.merged, report.skipped) == (4, 1, 1)
    contacts = _by_name(store)
    assert sorted(contacts) == ["Ann", "Dana Smith", "José Núñez", "Li Wei"]
    dana = contacts["Dana Smith"]
    assert dana.company == "Acme, Inc."
    assert dana.title == 'VP, "Growth" & Partnerships'
    assert dana.emails == ("dana.smith@acme.example",)
    assert dana.linkedin_url == "https://www.linkedin.com/in/dana-smith-1a2b3c"
    assert dana.notes == "LinkedIn connection since 2024-03-12"
    assert dana.tags == ("linkedin",)
    assert dana.created_at == frozen_now
    assert contacts["José Núñez"].company == 'Initech "Labs"'
    assert contacts["José Núñez"].notes == "LinkedIn connection since 2024-02-29"
    # A new line inside a quoted cell becomes a space in a one-line field.
    assert contacts["Ann"].title == "Head of Talent"
    assert contacts["Ann"].notes == ""


def test_report_names_skips_merges_and_warnings(db_path, frozen_clock):
    store = Store.open(db_path, clock=frozen_clock)
    report = import_file(FILE, store)
    lines = report.lines()
    assert "line 6: skipped: no name" in lines
    assert "line 10: Ann: 'Connected On' date '31 Foo 2021' not understood; left out" in lines
    assert lines[-1] == (
        "LinkedIn Connections.csv: added 4, merged 1 (1 already up to date), skipped 1"
    )
    verbose = report.lines(verbose=True)
    # Same profile URL (with a trailing slash) as line 5: merged, not doubled.
    assert "line 9: Dana Smith: already up to date" in verbose


def test_import_is_one_write(db_path, frozen_clock, monkeypatch):
    store = Store.open(db_path, clock=frozen_clock)
    writes = count_replacements(monkeypatch, db_path)
    import_file(FILE, store)
    assert len(writes) == 1
    assert len(store.snapshot().contacts) == 4


def test_importing_twice_adds_nothing(db_path, frozen_clock):
    store = Store.open(db_path, clock=frozen_clock)
    import_file(FILE, store)
    before = db_path.read_bytes()
    report = import_file(FILE, store)
    assert (report.added, report.merged, report.unchanged) == (0, 5, 5)
    assert not report.written
    assert db_path.read_bytes() == before


def test_without_bom_or_preamble(tmp_path, db_path, frozen_clock):
    path = tmp_path / "Connections.txt"
    path.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Kim,Ng,https://www.linkedin.com/in/kimng,kim@x.example,,CTO,5 Jan 2025\n",
        encoding="utf-8",
    )
    store = Store.open(db_path, clock=frozen_clock)
    report = import_file(path, store)
    assert report.format == "linkedin" and report.added == 1
    (kim,) = store.snapshot().contacts.values()
    assert (kim.name, kim.title) == ("Kim Ng", "CTO")
    assert kim.notes == "LinkedIn connection since 2025-01-05"


def test_forcing_linkedin_on_another_csv_is_a_clear_error(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("Name,Phone\nA,1\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as info:
        import_file(path, None, fmt="linkedin")
    assert str(info.value) == (
        f"{path}: not a LinkedIn Connections.csv (no line 'First Name,Last Name,URL,...')"
    )
