"""A followup-tui export into a file that already holds records: ids, attempts, progress."""

from __future__ import annotations

from datetime import timedelta

import orjson
import pytest

from followup_tui.domain.clock import frozen_clock as make_clock
from followup_tui.domain.models import Attempt, Contact, Interview, format_instant
from followup_tui.domain.snapshot import Snapshot
from followup_tui.io.importer import ImportReport, import_file, merge_contacts, plan_source
from followup_tui.io.jsonfmt import load_export
from followup_tui.storage import Store
from tests.conftest import FROZEN_NOW
from tests.unit.import_helpers import t

CLOCKS = [FROZEN_NOW, FROZEN_NOW.replace(microsecond=123_457)]


@pytest.fixture(params=CLOCKS, ids=["round", "microseconds"])
def clock(request):
    return make_clock(request.param)


def _write(tmp_path, **tables):
    path = tmp_path / "export.json"
    path.write_bytes(orjson.dumps({"app": "followup-tui", **tables}))
    return path


def _file_with_mine(db_path, clock) -> tuple[Store, Contact]:
    """A data file with one contact (id 1) and one attempt (id 1)."""
    store = Store.open(db_path, clock=clock)
    mine = store.add_contact(Contact(name="Mine", emails=("mine@x.example",)))
    store.add_attempt(Attempt(mine.id or 0, t(19, 9), "email", "sent"))
    return store, mine


def test_an_export_contact_whose_id_is_taken_gets_a_new_one_with_its_attempts(
    tmp_path, db_path, clock
):
    store, mine = _file_with_mine(db_path, clock)
    path = _write(
        tmp_path,
        contacts=[{"id": 1, "name": "Raj Patel"}],
        attempts=[{"id": 1, "contact_id": 1, "at": "2026-11-20T14:00:00+00:00"}],
    )
    report = import_file(path, store)
    assert (report.added, report.merged) == (1, 0)
    snap = store.snapshot()
    assert sorted((i, c.name) for i, c in snap.contacts.items()) == [(1, "Mine"), (2, "Raj Patel")]
    assert [(a.id, a.outcome) for a in snap.attempts_for(1)] == [(1, "sent")]
    # The export's attempt 1 (its id taken) follows Raj to his new id 2, under a new id.
    assert [(a.id, a.at) for a in snap.attempts_for(2)] == [(2, t(20, 14))]


def test_two_contacts_of_an_export_with_one_id_are_both_added(tmp_path, db_path, clock):
    store = Store.open(db_path, clock=clock)
    # A hand-edited export: the same id twice. The first keeps it, the second gets a new one.
    path = _write(tmp_path, contacts=[{"id": 5, "name": "Raj Patel"}, {"id": 5, "name": "Bo Park"}])
    report = import_file(path, store)
    assert report.added == 2
    snap = store.snapshot()
    assert sorted((i, c.name) for i, c in snap.contacts.items()) == [
        (5, "Raj Patel"),
        (6, "Bo Park"),
    ]


def test_a_kept_id_without_a_creation_time_is_created_now(tmp_path, db_path, clock):
    store = Store.open(db_path, clock=clock)
    path = _write(tmp_path, contacts=[{"id": 7, "name": "Kim"}])
    report = import_file(path, store)
    assert report.written
    assert "Nothing to write." not in report.lines()
    (contact,) = store.snapshot().contacts.values()
    # Stored to the second, like every instant in the file.
    assert (contact.id, contact.created_at) == (7, clock().replace(microsecond=0))


def test_only_a_merge_or_only_settings_is_still_written(tmp_path, db_path, clock):
    store = Store.open(db_path, clock=clock)
    store.add_contact(Contact(name="Ann Lee", emails=("ann@x.example",)))
    path = _write(
        tmp_path,
        contacts=[{"id": 9, "name": "Ann L.", "emails": ["ann@x.example"], "title": "CTO"}],
    )
    report = import_file(path, store)
    assert (report.merged, report.written) == (1, True)
    assert report.lines()[-1] != "Nothing to write."
    assert [c.title for c in store.snapshot().contacts.values()] == ["CTO"]

    other = Store.open(tmp_path / "other" / "followup.json", clock=clock)
    settings_only = _write(tmp_path, contacts=[], settings={"home_region": "GB"})
    report = import_file(settings_only, other)
    assert report.written
    assert report.lines()[-2:] == [
        "Interviews: 0 added; news items: 0 added",
        "Settings restored from the export.",
    ]
    assert other.settings().home_region == "GB"


def test_attempts_up_to_a_minute_ahead_are_imported_later_ones_refused(tmp_path, db_path, clock):
    # Instants are written to the second: on the round clock the second one is exactly a minute
    # ahead (still accepted), on the other a fraction of a second less.
    now = clock().replace(microsecond=0)
    at = [now + timedelta(seconds=30), now + timedelta(minutes=1), now + timedelta(seconds=61)]
    path = _write(
        tmp_path,
        contacts=[{"id": 1, "name": "Kim"}],
        attempts=[
            {"id": i, "contact_id": 1, "at": format_instant(when)} for i, when in enumerate(at, 1)
        ],
    )
    store = Store.open(db_path, clock=clock)
    report = import_file(path, store)
    assert report.extra[0] == "Attempts: 2 added"
    assert report.extra[-1] == (
        f"attempt 3: at {format_instant(at[2])} is in the future; not imported"
    )
    assert [a.at for a in store.snapshot().attempts_for(1)] == at[:2]


def test_attempts_of_contacts_left_out_are_counted_and_the_rest_imported(tmp_path, db_path, clock):
    path = _write(
        tmp_path,
        contacts=[{"id": 1, "name": "Kim"}],
        attempts=[
            {"id": 1, "contact_id": 5, "at": "2026-11-20T14:00:00+00:00"},
            {"id": 2, "contact_id": 6, "at": "2026-11-20T15:00:00+00:00"},
            {"id": 3, "contact_id": 1, "at": "2026-11-20T16:00:00+00:00"},
        ],
    )
    store = Store.open(db_path, clock=clock)
    report = import_file(path, store)
    assert report.extra[0] == ("Attempts: 1 added, 2 skipped (their contact is not in the export)")
    assert [a.id for a in store.snapshot().attempts_for(1)] == [3]


def test_an_interview_already_in_the_file_does_not_stop_the_next_ones(tmp_path, db_path, clock):
    store = Store.open(db_path, clock=clock)
    store.add_interview(Interview("Acme", t(12, 15)))
    path = _write(
        tmp_path,
        contacts=[],
        interviews=[
            {"id": 1, "company": "Acme", "at": format_instant(t(12, 15))},
            {"id": 2, "company": "Beta", "at": format_instant(t(13, 15))},
        ],
    )
    report = import_file(path, store)
    assert report.extra[1] == "Interviews: 1 added; news items: 0 added"
    assert sorted(v.company for v in store.snapshot().interviews.values()) == ["Acme", "Beta"]


def test_name_only_contacts_of_an_export_match_the_file_but_not_each_other(
    tmp_path, db_path, clock
):
    store = Store.open(db_path, clock=clock)
    kim = store.add_contact(Contact(name="Kim", created_at=t(1, 9)))
    path = _write(
        tmp_path,
        contacts=[
            {"id": 4, "name": "kim", "company": "Hooli"},  # Kim of the file had no company
            {"id": 5, "name": "Lou"},
            {"id": 6, "name": "Lou"},  # two people of the export with one name
        ],
    )
    report = import_file(path, store)
    assert [(r.action, r.name, r.target_id) for r in report.results] == [
        ("merge", "Kim", kim.id),
        ("add", "Lou", None),
        ("add", "Lou", None),
    ]
    snap = store.snapshot()
    assert sorted((i, c.name, c.company) for i, c in snap.contacts.items()) == [
        (1, "Kim", "Hooli"),
        (5, "Lou", ""),
        (6, "Lou", ""),
    ]


def test_progress_of_a_large_export_counts_every_contact():
    contacts = [{"id": i, "name": f"P{i}"} for i in range(1, 350)]
    data = load_export(orjson.dumps({"app": "followup-tui", "contacts": contacts}).decode())
    # The last contact of the export is already in the file (the same name): merged.
    snapshot = Snapshot.from_tables({"contacts": {"1": {"name": "P349"}}})
    seen: list[tuple[int, int]] = []
    report = ImportReport("big.json", "json", True)
    plan_source(data, snapshot, FROZEN_NOW, report, lambda d, n: seen.append((d, n)))
    assert (report.added, report.merged) == (348, 1)
    assert seen == [(d, 349) for d in (50, 100, 150, 200, 250, 300, 349)]


def test_a_news_item_without_an_id_does_not_redirect_an_attempt_to_it(tmp_path, db_path, clock):
    store = Store.open(db_path, clock=clock)
    store.insert_with_id("news", 2, {"text": "Acme raised", "on": "2026-11-10"})
    path = _write(
        tmp_path,
        contacts=[{"id": 1, "name": "Kim"}],
        news=[
            {"id": 1, "text": "Beta ships", "on": "2026-11-11"},
            {"text": "Acme raised", "on": "2026-11-10"},  # no id: the file's item 2
        ],
        attempts=[{"id": 1, "contact_id": 1, "at": "2026-11-20T14:00:00+00:00", "news_ids": [1]}],
    )
    import_file(path, store)
    snap = store.snapshot()
    assert {i: n.text for i, n in snap.news.items()} == {1: "Beta ships", 2: "Acme raised"}
    assert [a.news_ids for a in snap.attempts_for(1)] == [(1,)]


# -- merging: what the report lists ------------------------------------------------------------


def test_a_merge_lists_each_field_filled_and_each_value_added():
    base = Contact(name="Ann Lee", emails=("ann@x.example",), tags=("Fintech",))
    extra = Contact(
        name="Ann",
        emails=("ANN@x.example", "ann@home.example"),
        tags=("fintech", "Remote", "remote"),
        linkedin_url="linkedin.com/in/ann",
        notes="A" * 70 + "\nsecond line",
    )
    merged, changes = merge_contacts(base, extra)
    assert changes == [
        "LinkedIn linkedin.com/in/ann",
        "notes " + "A" * 60,
        "+ e-mail ann@home.example",
        "+ tag Remote",
    ]
    assert merged.emails == ("ann@x.example", "ann@home.example")
    assert merged.tags == ("Fintech", "Remote")
    assert merged.notes == extra.notes


def test_a_merge_with_nothing_new_changes_nothing():
    base = Contact(name="Ann Lee", company="Acme", tags=("x",))
    assert merge_contacts(base, Contact(name="Ann", company="Beta", tags=("X",))) == (base, [])


@pytest.mark.parametrize(
    "tables",
    [
        {"news": [{"id": 1, "text": "Acme raised", "on": "2026-11-10"}]},
        {"news": [{"text": "Acme raised", "on": "2026-11-10"}]},
        {"interviews": [{"id": 1, "company": "Acme", "at": "2026-11-12T15:00:00+00:00"}]},
    ],
    ids=["news with its id", "news without an id", "interview"],
)
def test_one_new_record_alone_is_written(tmp_path, db_path, clock, tables):
    store = Store.open(db_path, clock=clock)
    report = import_file(_write(tmp_path, contacts=[], **tables), store)
    assert report.written
    assert "Nothing to write." not in report.lines()
    snap = store.snapshot()
    assert len(snap.news) + len(snap.interviews) == 1


def test_a_new_news_item_without_an_id_does_not_take_another_s_attempts(tmp_path, db_path, clock):
    store = Store.open(db_path, clock=clock)
    path = _write(
        tmp_path,
        contacts=[{"id": 1, "name": "Kim"}],
        news=[
            {"id": 1, "text": "Beta ships", "on": "2026-11-11"},
            {"text": "Acme raised", "on": "2026-11-10"},
        ],
        attempts=[{"id": 1, "contact_id": 1, "at": "2026-11-20T14:00:00+00:00", "news_ids": [1]}],
    )
    import_file(path, store)
    snap = store.snapshot()
    assert {i: n.text for i, n in snap.news.items()} == {1: "Beta ships", 2: "Acme raised"}
    assert [a.news_ids for a in snap.attempts_for(1)] == [(1,)]


def test_attempt_ids_still_to_be_kept_are_not_taken_by_new_ones(tmp_path, db_path, clock):
    store, mine = _file_with_mine(db_path, clock)
    path = _write(
        tmp_path,
        contacts=[{"id": 2, "name": "Kim"}],
        attempts=[
            {"id": 1, "contact_id": 2, "at": "2026-11-20T14:00:00+00:00"},  # id taken
            {"id": 2, "contact_id": 2, "at": "2026-11-21T14:00:00+00:00"},  # id free: kept
        ],
    )
    report = import_file(path, store)
    assert report.extra[0] == "Attempts: 2 added"
    snap = store.snapshot()
    assert [(a.id, a.at) for a in snap.attempts_for(2)] == [(3, t(20, 14)), (2, t(21, 14))]
    assert [a.id for a in snap.attempts_for(mine.id or 0)] == [1]
