"""Importing followup-tui's own export back: contacts matched by id, name and creation time."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from followup_tui.domain.clock import frozen_clock as make_clock
from followup_tui.domain.models import Attempt, Contact, Interview, NewsItem
from followup_tui.io.export import export_json
from followup_tui.io.importer import import_file
from followup_tui.storage import Store
from tests.conftest import FROZEN_NOW
from tests.unit.import_helpers import t

CLOCKS = [FROZEN_NOW, FROZEN_NOW.replace(microsecond=123_457)]


@pytest.fixture(params=CLOCKS, ids=["round", "microseconds"])
def clock(request):
    return make_clock(request.param)


def _export(store: Store, tmp_path):
    path = tmp_path / "export.json"
    path.write_bytes(export_json(store.snapshot()))
    return path


def test_a_contact_changed_in_the_file_since_the_export_is_the_same_contact(tmp_path, clock):
    store = Store.open(tmp_path / "followup.json", clock=clock)
    ann = store.add_contact(
        Contact(name="Ann Lee", company="Acme", title="CTO", notes="Met at the fair")
    )
    path = _export(store, tmp_path)
    # Since the export: a new company, and the title and notes cleared.
    store.update_contact(replace(ann, company="Beta", title="", notes=""))
    report = import_file(path, store)
    assert (report.added, report.merged, report.skipped) == (0, 1, 0)
    assert (
        report.lines(verbose=True)[0]
        == f"record: merge into Ann Lee (#{ann.id}): title CTO, notes Met at the fair"
    )
    (contact,) = store.snapshot().contacts.values()
    assert (contact.id, contact.company, contact.title) == (ann.id, "Beta", "CTO")


def test_a_contact_unchanged_since_the_export_is_up_to_date(tmp_path, clock):
    store = Store.open(tmp_path / "followup.json", clock=clock)
    ann = store.add_contact(Contact(name="Ann Lee", company="Acme"))
    path = _export(store, tmp_path)
    store.update_contact(replace(ann, company="Beta"))
    report = import_file(path, store)
    assert (report.added, report.unchanged) == (0, 1)
    assert report.lines(verbose=True)[0] == f"record: Ann Lee (#{ann.id}): already up to date"
    assert [c.company for c in store.snapshot().contacts.values()] == ["Beta"]


def test_two_contacts_of_an_export_sharing_an_e_mail_are_both_kept(tmp_path, clock):
    source = Store.open(tmp_path / "source" / "followup.json", clock=clock)
    for name in ("Ann Lee", "Bo Park"):
        source.add_contact(Contact(name=name, emails=("office@acme.example",)))
    path = _export(source, tmp_path)
    target = Store.open(tmp_path / "followup.json", clock=clock)
    report = import_file(path, target)
    assert (report.added, report.merged) == (2, 0)
    names = sorted(c.name for c in target.snapshot().contacts.values())
    assert names == ["Ann Lee", "Bo Park"]


def test_news_interviews_and_attempts_already_in_the_file_are_not_added_twice(tmp_path, clock):
    day = date(2026, 11, 10)
    source = Store.open(tmp_path / "source" / "followup.json", clock=clock)
    ann = source.add_contact(Contact(name="Ann Lee", emails=("ann@acme.example",)))
    source.insert_with_id("news", 1, NewsItem("Acme raised", day).to_doc())
    source.insert_with_id("news", 2, NewsItem("Acme hires", day).to_doc())
    source.insert_with_id("news", 5, NewsItem("Beta ships", day).to_doc())
    source.insert_with_id("interviews", 1, Interview("Acme", t(12, 15), (ann.id,)).to_doc())
    source.insert_with_id("interviews", 4, Interview("Beta", t(13, 15), (ann.id,)).to_doc())
    source.insert_with_id("interviews", 6, Interview("Gamma", t(14, 15)).to_doc())
    source.add_attempt(Attempt(ann.id, t(20, 14), "phone", "no_answer"))
    source.add_attempt(Attempt(ann.id, t(21, 14), "email", "sent", news_ids=(1, 2, 5)))
    path = _export(source, tmp_path)

    target = Store.open(tmp_path / "followup.json", clock=clock)
    bob = target.add_contact(Contact(name="Bob Roe"))
    mine = target.add_contact(Contact(name="Ann Lee", emails=("ann@acme.example",)))
    target.add_news(NewsItem("Other news", day))
    target.add_news(NewsItem("Acme raised", day))  # the same item, under id 2
    target.add_interview(Interview("Gamma", t(14, 15)))  # the same interview
    target.add_attempt(Attempt(mine.id, t(20, 14), "phone", "no_answer"))  # the same call

    dry = import_file(path, target, dry_run=True)
    assert dry.extra[:2] == [
        "Attempts: 1 would be added, 1 already there",
        "Interviews: 2 would be added; news items: 2 would be added",
    ]
    report = import_file(path, target)
    assert (report.added, report.merged) == (0, 1)
    assert report.extra[:2] == [
        "Attempts: 1 added, 1 already there",
        "Interviews: 2 added; news items: 2 added",
    ]
    snap = target.snapshot()
    assert {i: n.text for i, n in snap.news.items()} == {
        1: "Other news",
        2: "Acme raised",
        5: "Beta ships",  # id 5 was free: kept
        6: "Acme hires",  # id 2 was taken: a new id, after the kept ones
    }
    assert {i: (v.company, v.contact_ids) for i, v in snap.interviews.items()} == {
        1: ("Gamma", ()),
        4: ("Beta", (mine.id,)),  # id 4 was free: kept
        5: ("Acme", (mine.id,)),  # id 1 was taken
    }
    attempts = sorted(snap.attempts_for(mine.id), key=lambda a: a.at)
    assert [(a.at, a.channel, a.news_ids) for a in attempts] == [
        (t(20, 14), "phone", ()),
        (t(21, 14), "email", (2, 6, 5)),
    ]
    assert bob.id not in {a.contact_id for a in snap.all_attempts()}
