"""The demo data set: size, determinism, valid records, and the patterns it promises."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import phonenumbers
import pytest

from followup_tui.analytics.reachability import bin_attempts
from followup_tui.analytics.stats import caller_id_stats, shown_warning
from followup_tui.domain.models import Attempt, Contact
from followup_tui.domain.rules import due_queue
from followup_tui.domain.snapshot import Snapshot
from followup_tui.domain.validation import valid_email, valid_timezone
from followup_tui.domain.vocab import OUTCOMES_BY_CHANNEL
from followup_tui.domain.zones import zone
from followup_tui.io.demo import demo_news, generate_demo, write_demo
from followup_tui.storage import jsonstorage
from followup_tui.storage.store import Store

NOW = datetime(2026, 11, 26, 14, 5, tzinfo=UTC)
NY = "America/New_York"


@pytest.fixture(scope="module")
def demo() -> tuple[list[Contact], list[Attempt]]:
    return generate_demo(NOW)


def by_name(contacts: list[Contact], name: str) -> Contact:
    return next(c for c in contacts if c.name == name)


def attempts_of(attempts: list[Attempt], contact: Contact) -> list[Attempt]:
    return [a for a in attempts if a.contact_id == contact.id]


def snapshot_of(contacts: list[Contact], attempts: list[Attempt]) -> Snapshot:
    return Snapshot.from_tables(
        {
            "contacts": {str(c.id): c.to_doc() for c in contacts},
            "attempts": {str(i): a.to_doc() for i, a in enumerate(attempts, start=1)},
        }
    )


def test_size_and_ids(demo):
    contacts, attempts = demo
    assert len(contacts) >= 25
    assert len(attempts) >= 400
    assert [c.id for c in contacts] == list(range(1, len(contacts) + 1))
    assert {a.contact_id for a in attempts} <= {c.id for c in contacts}
    channels = Counter(a.channel for a in attempts)
    assert channels["phone"] > len(attempts) / 2
    assert channels["email"] > 0 and channels["linkedin"] > 0
    calls = [a for a in attempts if a.channel == "phone"]
    hidden = sum(a.caller_id == "hidden" for a in calls)
    assert hidden > 0.7 * len(calls)
    assert all(a.caller_id in ("hidden", "shown") for a in calls)
    assert all(a.caller_id is None for a in attempts if a.channel != "phone")


def test_deterministic_for_now_and_seed(demo):
    assert generate_demo(NOW) == demo
    assert generate_demo(NOW, seed=8) != demo
    later = generate_demo(NOW + timedelta(days=30))
    assert [c.name for c in later[0]] == [c.name for c in demo[0]]


def test_records_are_valid(demo):
    contacts, attempts = demo
    area = {
        "America/New_York": "212",
        "America/Chicago": "312",
        "America/Los_Angeles": "415",
        "Europe/London": "20",
    }
    for contact in contacts:
        assert contact.name and contact.company and contact.title
        assert contact.timezone is not None
        assert valid_timezone(contact.timezone) == contact.timezone
        assert contact.phones and contact.emails
        for e164 in contact.phones:
            number = phonenumbers.parse(e164, None)
            assert phonenumbers.is_valid_number(number), e164
            assert phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) == e164
            national = str(number.national_number)
            assert national.startswith(area[contact.timezone]), (contact.name, e164)
        for email in contact.emails:
            assert valid_email(email) == email
        assert contact.created_at is not None and contact.created_at < NOW
    assert set(area) == {c.timezone for c in contacts}
    assert len({p for c in contacts for p in c.phones}) == len(contacts)
    created = {c.id: c.created_at for c in contacts}
    for attempt in attempts:
        assert attempt.outcome in OUTCOMES_BY_CHANNEL[attempt.channel]
        assert NOW - timedelta(days=184) < attempt.at < NOW
        assert attempt.at > created[attempt.contact_id]


def test_attempts_are_on_weekdays_in_business_hours_local(demo):
    contacts, attempts = demo
    zones = {c.id: zone(c.timezone) for c in contacts}
    for attempt in attempts:
        local = attempt.at.astimezone(zones[attempt.contact_id])
        assert local.weekday() < 5, attempt
        assert 8 <= local.hour < 18, attempt


def test_statuses(demo):
    contacts, _ = demo
    statuses = Counter(c.status for c in contacts)
    assert statuses["closed"] == 1
    assert by_name(contacts, "Theo Castellanos").closed_reason == "hired"
    assert statuses["keep_warm"] >= 1
    assert statuses["paused"] == 1
    paused = next(c for c in contacts if c.status == "paused")
    assert paused.paused_until is not None and paused.paused_until > NOW.date()
    assert statuses["pursuing"] > 10
    assert sum(1 for c in contacts if c.tags) == len(contacts)
    assert sum(1 for c in contacts if c.notes) >= 5


def _reached_hours(contacts, attempts, name: str, zone_name: str) -> tuple[list[int], int]:
    contact = by_name(contacts, name)
    assert contact.timezone == zone_name
    grid = bin_attempts(attempts_of(attempts, contact), zone_name)
    hours = [h for w in range(7) for h in range(24) for _ in range(grid.reached[w][h])]
    return hours, grid.total_attempts


@pytest.mark.parametrize(
    ("name", "zone_name", "window"),
    [
        ("Dana Whitfield", "America/New_York", range(16, 18)),  # after the U.S. close
        ("Greg Lindqvist", "America/Chicago", range(0, 9)),  # early morning
        ("Nora Feinberg", "America/Los_Angeles", range(13, 14)),  # just after lunch
        ("Oliver Pemberton", "Europe/London", range(16, 18)),  # late afternoon in London
    ],
)
def test_reachability_patterns_are_visible(demo, name, zone_name, window):
    contacts, attempts = demo
    hours, calls = _reached_hours(contacts, attempts, name, zone_name)
    assert len(hours) >= 3
    assert all(h in window for h in hours), hours
    assert calls >= 30
    # Tried at other hours too, or the pattern would not be a discovery.
    grid = bin_attempts(attempts_of(attempts, by_name(contacts, name)), zone_name)
    outside = sum(grid.attempts[w][h] for w in range(7) for h in range(24) if h not in window)
    assert outside >= 15


def test_due_queue_has_overdue_and_due_today(demo):
    contacts, attempts = demo
    queue = due_queue(snapshot_of(contacts, attempts), NY, NOW)
    names = [c.name for c, _ in queue]
    assert len(queue) >= 8
    assert "Theo Castellanos" not in names  # closed
    assert "Lena Novak" not in names  # paused
    overdue = [s.overdue_days for _, s in queue]
    assert overdue == sorted(overdue, reverse=True)
    assert overdue[0] >= 3
    assert 0 in overdue
    assert len(queue) < len(contacts) - 3  # some are scheduled later
    summaries = {c.name: s for c, s in queue}
    assert summaries["Ben Adeyemi"].suggested_channel == "phone"
    assert "days silent" in summaries["Aisha Bello"].label


def test_one_contact_saw_the_number_too_often(demo):
    contacts, attempts = demo
    warned = [c.name for c in contacts if shown_warning(attempts_of(attempts, c), NOW)]
    assert warned == ["Miriam Goldberg"]
    stats = caller_id_stats(attempts)
    assert stats.hidden_rate is not None and stats.shown_rate is not None
    assert stats.hidden_rate > stats.shown_rate


def test_demo_news_is_dated_before_now():
    news = demo_news(NOW)
    assert len(news) >= 3
    assert all(item.on < NOW.date() and item.text for item in news)


def test_write_demo_writes_everything_in_one_file_write(db_path, monkeypatch, frozen_clock):
    store = Store.open(db_path, clock=frozen_clock)
    writes = []
    original = jsonstorage.AtomicJSONStorage.write

    def counting(self, data):
        writes.append(1)
        return original(self, data)

    monkeypatch.setattr(jsonstorage.AtomicJSONStorage, "write", counting)
    try:
        write_demo(store)  # now defaults to the store's clock
    finally:
        store.close()
    assert len(writes) == 1
    contacts, attempts = generate_demo(NOW)
    reopened = Store.open(db_path, clock=frozen_clock)
    try:
        snap = reopened.snapshot()
    finally:
        reopened.close()
    assert len(snap.contacts) == len(contacts)
    assert snap.attempt_count == len(attempts)
    assert len(snap.news) == len(demo_news(NOW))
    dana = next(c for c in snap.contacts.values() if c.name == "Dana Whitfield")
    expected = attempts_of(attempts, by_name(contacts, "Dana Whitfield"))
    assert [(a.at, a.outcome) for a in snap.attempts_for(dana.id)] == [
        (a.at, a.outcome) for a in expected
    ]
    assert due_queue(snap, NY, NOW)


def test_write_demo_into_a_file_with_contacts_keeps_links(db_path, frozen_clock):
    store = Store.open(db_path, clock=frozen_clock)
    try:
        store.add_contact(Contact("Already Here", created_at=NOW))
        write_demo(store, NOW, seed=7)
        snap = store.snapshot()
    finally:
        store.close()
    contacts, attempts = generate_demo(NOW)
    assert len(snap.contacts) == len(contacts) + 1
    for contact in snap.contacts.values():
        if contact.name == "Already Here":
            assert snap.attempts_for(contact.id) == []
            continue
        original = by_name(contacts, contact.name)
        assert len(snap.attempts_for(contact.id)) == len(attempts_of(attempts, original))


@pytest.mark.parametrize(
    "now",
    [
        datetime(2026, 11, 29, 12, 0, tzinfo=UTC),  # a Sunday
        datetime(2026, 11, 30, 3, 0, tzinfo=UTC),  # Sunday night in New York, Monday in London
        datetime(2027, 7, 5, 23, 30, tzinfo=UTC),  # summer time everywhere
        datetime(2026, 3, 12, 15, 0, tzinfo=UTC),  # U.S. on summer time, U.K. not yet
    ],
)
def test_other_days_keep_the_promises(now):
    contacts, attempts = generate_demo(now)
    zones = {c.id: zone(c.timezone) for c in contacts}
    for attempt in attempts:
        local = attempt.at.astimezone(zones[attempt.contact_id])
        assert attempt.at < now
        assert local.weekday() < 5 and 8 <= local.hour < 18
    dana = by_name(contacts, "Dana Whitfield")
    grid = bin_attempts(attempts_of(attempts, dana), NY)
    reached_hours = [h for w in range(7) for h in range(24) if grid.reached[w][h]]
    assert grid.total_reached >= 3 and min(reached_hours) >= 16
    assert due_queue(snapshot_of(contacts, attempts), NY, now)
