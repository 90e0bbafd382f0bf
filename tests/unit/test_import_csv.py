"""Generic CSV import: column names, --map, validation per row, merging, dry run, Hypothesis."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from followup_tui.domain.models import Attempt, Contact
from followup_tui.io import readers
from followup_tui.io.importer import import_file, import_source, plan_rows
from followup_tui.io.readers import (
    ImportFileError,
    parse_mapping,
    read_csv,
    read_text,
)
from followup_tui.storage import Store
from tests.conftest import FROZEN_NOW
from tests.unit.import_helpers import DATA, count_replacements, t

FILE = DATA / "contacts_generic.csv"


def _by_name(store: Store):
    return {c.name: c for c in store.snapshot().contacts.values()}


def test_generic_csv_fields_and_per_row_outcomes(db_path, frozen_clock):
    store = Store.open(db_path, clock=frozen_clock)
    report = import_file(FILE, store)
    assert report.format == "csv"
    assert (report.added, report.merged, report.skipped) == (4, 1, 1)
    contacts = _by_name(store)
    assert sorted(contacts) == ["Dana Smith", "Nobody", "Raj Patel", "Sam Lee"]
    dana = contacts["Dana Smith"]
    assert dana.phones == ("+12125550134",)
    assert dana.emails == ("dana@acme.example",)  # lower-cased
    assert dana.notes == "met at the fair, booth 12"
    assert dana.timezone == "America/New_York"  # from the 212 area code
    assert contacts["Raj Patel"].phones == ("+442079460958", "+12125550188")
    sam = contacts["Sam Lee"]
    assert (sam.phones, sam.emails) == ((), ())
    lines = report.lines()
    assert lines == [
        "line 5: skipped: no name (e-mail orphan@example.com)",
        "line 6: Sam Lee: phone '12345' is not a valid phone number (home region US); "
        "imported without it",
        "line 6: Sam Lee: e-mail 'not-an-email' is not valid; imported without it",
        "CSV: added 4, merged 1 (1 already up to date), skipped 1",
    ]


def test_phones_read_with_the_home_region_of_the_settings(db_path, frozen_clock, tmp_path):
    from followup_tui.domain.models import Settings

    store = Store.open(db_path, clock=frozen_clock)
    store.save_settings(Settings(home_region="GB"))
    path = tmp_path / "uk.csv"
    path.write_text("name,phone\nPip,020 7946 0958\nUS Pal,212-555-0134\n", encoding="utf-8")
    report = import_file(path, store)
    contacts = _by_name(store)
    assert contacts["Pip"].phones == ("+442079460958",)
    assert contacts["US Pal"].phones == ()
    assert "(home region GB)" in report.results[1].warnings[0]


def test_new_contacts_get_the_default_cadence_of_the_settings(db_path, frozen_clock, tmp_path):
    from followup_tui.domain.models import Settings

    store = Store.open(db_path, clock=frozen_clock)
    store.save_settings(Settings(keep_warm_days=45))
    path = tmp_path / "people.csv"
    path.write_text("name,company\nPip,Acme\nLou,Beta\n", encoding="utf-8")
    import_file(path, store)
    contacts = _by_name(store)
    assert (contacts["Pip"].cadence_days, contacts["Lou"].cadence_days) == (45, 45)
    assert json.loads(db_path.read_text())["contacts"]["1"]["cadence_days"] == 45


def test_map_option_reads_other_columns(tmp_path, db_path, frozen_clock):
    path = tmp_path / "crm.csv"
    path.write_text(
        "Full Name,Mobile,Employer,Job\nAda Lovelace,+1 212 555 0101,Analytical Engines,Countess\n",
        encoding="utf-8",
    )
    mapping = parse_mapping("Full Name=name, Mobile=phones,Job=title")
    assert mapping == {"full name": "name", "mobile": "phones", "job": "title"}
    store = Store.open(db_path, clock=frozen_clock)
    import_file(path, store, mapping=mapping)
    (ada,) = store.snapshot().contacts.values()
    assert (ada.name, ada.phones, ada.company, ada.title) == (
        "Ada Lovelace",
        ("+12125550101",),
        "Analytical Engines",
        "Countess",
    )


def test_mapped_column_wins_over_the_automatic_one():
    rows = read_csv("Name,Nick\nAlexandra Doe,Alex\n", {"nick": "name"})
    assert rows[0].fields["name"] == "Alex"


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (
            "Mobile=phone_number",
            "--map: unknown field 'phone_number' (fields: name, first_name, "
            "last_name, company, title, phones, emails, linkedin_url, notes, tags, timezone)",
        ),
        ("Mobile", "--map: 'Mobile' is not COLUMN=FIELD"),
    ],
)
def test_bad_map_specs(spec, message):
    with pytest.raises(ImportFileError) as info:
        parse_mapping(spec)
    assert str(info.value) == message


def test_map_of_a_missing_column(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("Name,Phone\nA,1\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as info:
        import_file(path, None, mapping={"mobile": "phones"})
    assert str(info.value) == f"{path}: --map: no column 'mobile' (columns: Name, Phone)"


def test_no_name_column_asks_for_map(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("Who,Phone\nA,1\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as info:
        import_file(path, None)
    assert str(info.value) == (
        f'{path}: no name column (columns: Who, Phone); use --map "COLUMN=name"'
    )


def test_first_and_last_name_columns_and_case_insensitive_headers():
    rows = read_csv("FIRST NAME,last_name,E-Mail Address\nGrace,Hopper,g@navy.example\n")
    assert rows[0].fields == {"name": "Grace Hopper", "emails": ["g@navy.example"]}


def test_duplicates_in_one_file_are_merged(tmp_path, db_path, frozen_clock):
    path = tmp_path / "dups.csv"
    path.write_text(
        "name,email,phone,company\n"
        "Ann Lee,ANN@x.example,,\n"
        "Ann L.,ann@x.example,212-555-0123,Initech\n"
        "Other,other@x.example,(212) 555 0123,\n",
        encoding="utf-8",
    )
    store = Store.open(db_path, clock=frozen_clock)
    report = import_file(path, store)
    assert (report.added, report.merged) == (1, 2)
    (ann,) = store.snapshot().contacts.values()
    assert ann.name == "Ann Lee"
    assert ann.company == "Initech"
    assert ann.phones == ("+12125550123",)
    assert ann.emails == ("ann@x.example", "other@x.example")
    assert report.results[1].describe() == (
        "line 3: merge into Ann Lee: company Initech, time zone America/New_York, "
        "+ phone +12125550123"
    )


def test_merge_into_an_existing_contact_keeps_id_status_and_attempts(
    tmp_path, db_path, frozen_clock
):
    store = Store.open(db_path, clock=frozen_clock)
    dana = store.add_contact(
        Contact(name="Dana S.", emails=("dana@acme.example",), status="in_talks", notes="mine")
    )
    store.add_attempt(Attempt(dana.id or 0, t(20, 14), "phone", "reached"))
    path = tmp_path / "c.csv"
    path.write_text(
        "name,email,phone,company,notes\nDana Smith,dana@acme.example,212-555-0134,Acme,theirs\n",
        encoding="utf-8",
    )
    report = import_file(path, store)
    assert report.results[0].describe() == (
        f"line 2: merge into Dana S. (#{dana.id}): company Acme, time zone America/New_York, "
        "+ phone +12125550134"
    )
    snap = store.snapshot()
    assert list(snap.contacts) == [dana.id]
    merged = snap.contacts[dana.id or 0]
    # Missing fields filled (the zone comes from the area code); status and notes kept.
    assert merged == replace(
        dana, company="Acme", phones=("+12125550134",), timezone="America/New_York"
    )
    assert [a.outcome for a in snap.attempts_for(dana.id or 0)] == ["reached"]


def test_name_only_rows_do_not_double_on_a_second_import(tmp_path, db_path, frozen_clock):
    path = tmp_path / "names.csv"
    path.write_text("name,company\nKim,\nLee,Acme\n", encoding="utf-8")
    store = Store.open(db_path, clock=frozen_clock)
    import_file(path, store)
    path.write_text("name,company\nkim,Hooli\nLee,Globex\n", encoding="utf-8")
    report = import_file(path, store)
    # "kim" had no company: same person; "Lee" works elsewhere: another person.
    assert [r.action for r in report.results] == ["merge", "add"]
    assert sorted((c.name, c.company) for c in store.snapshot().contacts.values()) == [
        ("Kim", "Hooli"),
        ("Lee", "Acme"),
        ("Lee", "Globex"),
    ]


def test_dry_run_writes_nothing_and_shows_the_changes(db_path, frozen_clock):
    store = Store.open(db_path, clock=frozen_clock)
    store.add_contact(Contact(name="Raj Patel", emails=("raj@globex.example",)))
    before = db_path.read_bytes()
    report = import_file(FILE, store, dry_run=True)
    assert db_path.read_bytes() == before
    lines = report.lines(verbose=True)
    assert lines[0] == "line 2: add Dana Smith (Acme)"
    assert lines[1] == (
        "line 3: merge into Raj Patel (#1): company Globex, time zone Europe/London, "
        "+ phone +442079460958, + phone +12125550188"
    )
    assert lines[-2:] == [
        "CSV (dry run): would add 3, merge 2 (1 already up to date), skip 1",
        "Dry run: nothing was written.",
    ]


def test_progress_is_reported_for_large_files(db_path, frozen_clock, monkeypatch):
    text = "name,email\n" + "".join(f"P{i},p{i}@x.example\n" for i in range(1000))
    rows = read_csv(text)
    seen = []
    store = Store.open(db_path, clock=frozen_clock)
    writes = count_replacements(monkeypatch, db_path)
    report = import_source("big.csv", "csv", rows, store, progress=lambda d, n: seen.append(d))
    assert report.added == 1000
    assert seen[0] == 50 and seen[-1] == 1000 and len(seen) == 20
    assert len(writes) == 1


def test_small_files_report_no_progress():
    rows = read_csv("name\nA\nB\n")
    seen = []
    from followup_tui.domain.snapshot import Snapshot
    from followup_tui.io.importer import ImportReport

    plan_rows(rows, Snapshot(), FROZEN_NOW, ImportReport("x", "csv", True), seen.append)
    assert seen == []


# -- whole-file errors ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a binary file, not CSV, vCard or JSON text"),
        (
            "name\nJosé\n".encode("latin-1"),
            "not UTF-8 text (line 2); save it as UTF-8 and import again",
        ),
    ],
)
def test_unreadable_files(tmp_path, content, message):
    path = tmp_path / "in.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFileError) as info:
        read_text(path)
    assert str(info.value) == f"{path}: {message}"


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ImportFileError, match=r"nope\.csv: no such file$"):
        read_text(tmp_path / "nope.csv")
    with pytest.raises(ImportFileError, match=r": is a folder, not a file$"):
        read_text(tmp_path)


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="needs /proc")
def test_a_regular_file_is_read_no_further_than_the_limit(monkeypatch):
    # Files under /proc are regular but say they hold 0 bytes: only the bounded read stops
    # one that is larger than the limit (here 100 bytes; /proc/self/status has over 500).
    monkeypatch.setattr(readers, "MAX_BYTES", 100)
    with pytest.raises(ImportFileError, match=r"^/proc/self/status: too large to import "):
        read_text(Path("/proc/self/status"))


def test_utf16_with_bom_is_read(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("name,phone\nZoë,212-555-0134\n".encode("utf-16"))
    assert read_csv(read_text(path))[0].fields["name"] == "Zoë"


# -- Hypothesis: no input crashes the importer -----------------------------------------------

cell = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30
) | st.sampled_from(["", "212-555-0134", "+44 20 7946 0958", "a@b.example", "x@", '"', ",", "\n"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.lists(cell, min_size=0, max_size=6), max_size=12))
@example(rows=[["\x00"]])  # a cell that is only NUL once read as a broken-record marker
def test_generated_rows_never_crash(rows):
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["Name", "Company", "Phone", "Email", "Tags", "Time zone"])
    writer.writerows(rows)
    from followup_tui.domain.snapshot import Snapshot
    from followup_tui.io.importer import ImportReport

    parsed = read_csv(buf.getvalue())
    report = ImportReport("gen.csv", "csv", True)
    plan_rows(parsed, Snapshot(), FROZEN_NOW, report)
    for result in report.results:
        assert result.action in ("add", "merge", "unchanged", "skip")
        if result.action == "skip":
            assert result.detail and "\n" not in result.detail
        assert "\n" not in result.describe()


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=300))
def test_arbitrary_text_is_rows_or_one_clear_error(text):
    from followup_tui.domain.snapshot import Snapshot
    from followup_tui.io.importer import ImportReport

    try:
        parsed = read_csv("Name,Phone\n" + text)
    except ImportFileError as exc:
        assert "\n" not in str(exc)
        return
    report = ImportReport("gen.csv", "csv", True)
    plan_rows(parsed, Snapshot(), FROZEN_NOW, report)
    assert len(report.results) == len(parsed)


def test_lines_before_the_header_are_passed_over():
    rows = read_csv('My contacts export\n\nName,Phone\nA,212-555-0134\n"B\nC",\n')
    assert [(r.line, r.fields["name"]) for r in rows] == [(4, "A"), (5, "B C")]
