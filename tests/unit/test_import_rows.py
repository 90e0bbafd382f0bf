"""CSV rows into contacts: what the report says row by row, and how a row finds its contact."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

import pytest

from followup_tui.domain.clock import frozen_clock as make_clock
from followup_tui.domain.models import Contact
from followup_tui.domain.snapshot import Snapshot
from followup_tui.io.importer import ImportReport, import_file, normalize_linkedin, plan_rows
from followup_tui.io.readers import read_csv
from followup_tui.storage import Store
from tests.conftest import FROZEN_NOW

CLOCKS = [FROZEN_NOW, FROZEN_NOW.replace(microsecond=123_457)]


@pytest.fixture(params=CLOCKS, ids=["round", "microseconds"])
def clock(request):
    return make_clock(request.param)


def _plan(text: str, snapshot: Snapshot | None = None) -> ImportReport:
    report = ImportReport("people.csv", "csv", True)
    plan_rows(read_csv(text), snapshot or Snapshot(), FROZEN_NOW, report)
    return report


# -- what the report says ---------------------------------------------------------------------


def test_an_added_contact_shows_its_company_only_when_it_has_one():
    report = _plan("name,company\nPip,\nLou,Acme\n")
    assert report.lines(verbose=True)[:2] == ["line 2: add Pip", "line 3: add Lou (Acme)"]


def test_a_warning_on_a_row_without_a_name_names_no_one():
    report = _plan("name,email\n,ann@x.example,spare\n")
    assert report.lines() == [
        "line 2: skipped: no name (e-mail ann@x.example)",
        "line 2: 3 cells but 2 columns; the extra cells were ignored",
        "CSV (dry run): would add 0, merge 0, skip 1",
        "Dry run: nothing was written.",
    ]


def test_an_import_that_changes_nothing_says_so_and_leaves_the_file(tmp_path, db_path, clock):
    store = Store.open(db_path, clock=clock)
    store.add_contact(Contact(name="Pip", company="Acme"))
    before = db_path.read_bytes()
    path = tmp_path / "people.csv"
    path.write_text("name,company\nPip,Acme\n", encoding="utf-8")
    report = import_file(path, store)
    assert report.lines() == [
        "CSV: added 0, merged 1 (1 already up to date), skipped 0",
        "Nothing to write.",
    ]
    assert not report.written
    assert db_path.read_bytes() == before


# -- LinkedIn profiles: one person however the address is written -----------------------------


@pytest.mark.parametrize(
    "url",
    [
        "linkedin.com/in/dana-s",
        "https://www.linkedin.com/in/Dana-S/",
        "HTTPS://WWW.LINKEDIN.COM/IN/DANA-S",
        "  http://uk.linkedin.com/in/dana-s//  ",
        "https://linkedin.com/in/dana-s?trk=people?x=1",
        "www.linkedin.com/in/dana-s/#about#more",
        "de.linkedin.com/in/dana-s/?originalSubdomain=de#top",
    ],
)
def test_the_ways_of_writing_one_linkedin_profile_are_one_profile(url):
    assert normalize_linkedin(url) == "linkedin.com/in/dana-s"


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        # Only a LinkedIn address loses its www. or country prefix.
        ("https://www.example.com/in/dana-s", "www.example.com/in/dana-s"),
        ("/linkedin.com/in/dana-s", "/linkedin.com/in/dana-s"),
    ],
)
def test_other_addresses_keep_their_host(url, kept):
    assert normalize_linkedin(url) == kept


def test_a_row_with_the_same_linkedin_profile_merges_into_the_contact(tmp_path, db_path, clock):
    store = Store.open(db_path, clock=clock)
    dana = store.add_contact(Contact(name="Dana S.", linkedin_url="linkedin.com/in/dana-s"))
    path = tmp_path / "people.csv"
    path.write_text(
        "name,company,linkedin\nDana Smith,Acme,https://www.linkedin.com/in/Dana-S/?trk=x\n",
        encoding="utf-8",
    )
    report = import_file(path, store)
    assert report.lines(verbose=True)[0] == f"line 2: merge into Dana S. (#{dana.id}): company Acme"
    (contact,) = store.snapshot().contacts.values()
    assert (contact.id, contact.company, contact.linkedin_url) == (
        dana.id,
        "Acme",
        "linkedin.com/in/dana-s",
    )


def test_e_mails_that_differ_only_once_upper_cased_are_two_people(tmp_path, db_path, clock):
    store = Store.open(db_path, clock=clock)
    store.add_contact(Contact(name="Jo Strasse", emails=("strasse@x.example",)))
    path = tmp_path / "people.csv"
    path.write_text("name,email\nJo Weber,STRAßE@x.example\n", encoding="utf-8")
    report = import_file(path, store)
    assert report.lines(verbose=True)[0] == "line 2: add Jo Weber"
    assert sorted(e for c in store.snapshot().contacts.values() for e in c.emails) == [
        "strasse@x.example",
        "straße@x.example",
    ]


# -- rows skipped or imported without a value: what the report shows ---------------------------


def test_a_name_too_long_is_skipped_showing_its_start_and_the_row_s_warnings():
    longest, too_long = "A" * 200, "B" * 201
    report = _plan(f"name,email\n{longest},\n{too_long},,spare\n")
    assert report.lines() == [
        f"line 3: skipped ({'B' * 80}): the name is longer than 200 characters",
        f"line 3: {'B' * 80}: 3 cells but 2 columns; the extra cells were ignored",
        "CSV (dry run): would add 1, merge 0, skip 1",
        "Dry run: nothing was written.",
    ]
    assert report.results[0].name == longest


def test_a_row_without_a_name_is_shown_by_its_first_e_mail():
    report = _plan("name,email\n,a@x.example;b@x.example\n")
    assert report.results[0].describe() == "line 2: skipped: no name (e-mail a@x.example)"


def test_values_left_out_are_shown_cut_short():
    phone, email, zone = "1" * 50, "x" * 70 + "@", "Mars/" + "b" * 50
    report = _plan(f"name,phone,email,tz\nKim,{phone},{email},{zone}\n")
    assert report.results[0].warnings == [
        f"phone {'1' * 40!r} is not a valid phone number (home region US); imported without it",
        f"e-mail {'x' * 60!r} is not valid; imported without it",
        f"time zone {zone[:40]!r} is not known; imported without it",
    ]


def test_the_time_zone_column_sets_the_zone_and_an_unknown_one_falls_back_to_the_phone():
    report = ImportReport("people.csv", "csv", True)
    plan = plan_rows(
        read_csv("name,phone,tz\nKim,,Europe/Paris\nLou,212-555-0134,Mars/Base\n"),
        Snapshot(),
        FROZEN_NOW,
        report,
    )
    zones = [e.contact.timezone for e in plan.planner.changed()]
    assert zones == ["Europe/Paris", "America/New_York"]
    assert report.results[1].warnings == ["time zone 'Mars/Base' is not known; imported without it"]


@pytest.mark.parametrize(
    ("count", "expected"),
    [(300, []), (349, [(d, 349) for d in (50, 100, 150, 200, 250, 300, 349)])],
)
def test_progress_is_reported_for_more_than_300_rows_only(count, expected):
    seen: list[tuple[int, int]] = []
    rows = read_csv("name\n" + "".join(f"P{i}\n" for i in range(count)))
    report = ImportReport("people.csv", "csv", True)
    plan_rows(rows, Snapshot(), FROZEN_NOW, report, lambda d, n: seen.append((d, n)))
    assert seen == expected


@pytest.mark.parametrize("microsecond", [0, 123_457])
def test_contacts_of_one_import_are_created_at_the_time_of_the_import(
    tmp_path, db_path, microsecond
):
    ticks = itertools.count()
    start = FROZEN_NOW.replace(microsecond=microsecond)

    def ticking() -> datetime:  # a clock that moves on a second each time it is read
        return start + timedelta(seconds=next(ticks))

    store = Store.open(db_path, clock=ticking)
    path = tmp_path / "people.csv"
    path.write_text("name\nPip\nLou\n", encoding="utf-8")
    report = import_file(path, store)
    created = {c.created_at for c in store.snapshot().contacts.values()}
    assert report.added == 2
    assert len(created) == 1
    assert created.pop() < ticking()


def test_the_format_is_read_from_the_content_unless_given():
    from followup_tui.io.importer import load_source
    from tests.unit.import_helpers import DATA

    fmt, rows = load_source(DATA / "linkedin_connections.csv")
    assert fmt == "linkedin"
    # A LinkedIn file with --map is read as a CSV file with those columns.
    fmt, rows = load_source(DATA / "linkedin_connections.csv", mapping={"position": "notes"})
    assert fmt == "csv"
    assert rows[0].fields["notes"] == 'VP, "Growth" & Partnerships'


def test_map_on_a_file_that_is_not_csv_is_a_clear_error():
    from followup_tui.io.importer import load_source
    from followup_tui.io.readers import ImportFileError
    from tests.unit.import_helpers import DATA

    path = DATA / "contacts.vcf"
    with pytest.raises(ImportFileError) as info:
        load_source(path, mapping={"fn": "name"})
    assert str(info.value) == f"{path}: --map applies to CSV files; this is vCard"


def test_a_dry_run_without_a_data_file_plans_at_the_time_given_or_now(tmp_path):
    path = tmp_path / "export.json"
    path.write_text(
        '{"app": "followup-tui", "contacts": [{"id": 1, "name": "Kim"}], "attempts": '
        '[{"id": 1, "contact_id": 1, "at": "2026-11-26T14:07:00+00:00"}]}',
        encoding="utf-8",
    )
    # Two minutes after the time given: refused; by the real clock (later): imported.
    at_time = import_file(path, None, dry_run=True, now=FROZEN_NOW)
    assert at_time.extra[0] == "Attempts: 0 would be added"
    assert import_file(path, None, dry_run=True).extra[0] == "Attempts: 1 would be added"


def test_progress_of_a_file_reaches_its_last_row(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("name\n" + "".join(f"P{i}\n" for i in range(349)), encoding="utf-8")
    seen: list[int] = []
    report = import_file(path, None, dry_run=True, progress=lambda d, n: seen.append(d))
    assert report.added == 349
    assert seen == [50, 100, 150, 200, 250, 300, 349]
