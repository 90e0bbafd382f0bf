"""What ``followup-tui demo`` shows, pinned: every screenshot and the README's walkthrough are of
this data, so a change to any person, attempt or news item must be a deliberate one.

``demo_expected.txt`` is a readable listing of the demo generated on Thursday 26 November 2026
at 14:05 UTC: each contact with its fields, each attempt in the contact's own local time, what
the today list says about them at that moment (user in New York) and the news items.
``demo_expected_saturday_night.txt`` is the demo of Saturday 28 November at 23:30 in New York
(already Sunday in London and in UTC), a day on which Dana's history needs one more answered call
in her window to show her pattern. To update them after a deliberate change, run
``python -m tests.unit.test_demo_contents`` and read the diff.
"""

from __future__ import annotations

import random
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup_tui.domain.models import Attempt
from followup_tui.domain.rules import summarize, today_lists
from followup_tui.domain.zones import zone
from followup_tui.io.demo import (
    _NOTES_REACHED,
    _ensure_pattern,
    demo_news,
    generate_demo,
    write_demo,
)
from followup_tui.storage.store import Store
from tests.unit.test_demo import snapshot_of

NOW = datetime(2026, 11, 26, 14, 5, tzinfo=UTC)
SATURDAY_NIGHT = datetime(2026, 11, 29, 4, 30, tzinfo=UTC)
NY = "America/New_York"
EXPECTED = {
    NOW: Path(__file__).with_name("demo_expected.txt"),
    SATURDAY_NIGHT: Path(__file__).with_name("demo_expected_saturday_night.txt"),
}


def _attempt_line(attempt: Attempt, tz_name: str) -> str:
    local = attempt.at.astimezone(zone(tz_name))
    seconds = "" if attempt.at.second == 0 and attempt.at.microsecond == 0 else " (seconds!)"
    parts = [
        local.strftime("%Y-%m-%d %a %H:%M"),
        attempt.channel,
        attempt.outcome,
        attempt.caller_id or "-",
        f"{attempt.duration_s}s" if attempt.duration_s is not None else "-",
    ]
    note = f" {attempt.note!r}" if attempt.note else ""
    return "    " + " ".join(parts) + note + seconds


def summary(now: datetime, seed: int = 7) -> str:
    """The demo on ``now`` in words: contacts, their attempts, the today list, the news."""
    contacts, attempts = generate_demo(now, seed)
    snap = snapshot_of(contacts, attempts)
    lines = [f"demo generated at {now.isoformat()} (seed {seed}), user in {NY}", ""]
    for contact in contacts:
        assert contact.id is not None and contact.timezone is not None
        mine = [a for a in attempts if a.contact_id == contact.id]
        lines.append(f"#{contact.id} {contact.name} | {contact.title} | {contact.company}")
        lines.append(
            f"  {contact.timezone} | {', '.join(contact.phones)} | {', '.join(contact.emails)}"
        )
        state = f"  status {contact.status}"
        if contact.closed_reason:
            state += f" ({contact.closed_reason})"
        state += f" | cadence {contact.cadence_days} days"
        state += f" | next step on {contact.next_step_on} | paused until {contact.paused_until}"
        lines.append(state)
        lines.append(f"  created {contact.created_at.isoformat() if contact.created_at else None}")
        lines.append(f"  tags {', '.join(contact.tags)} | notes {contact.notes!r}")
        rules = summarize(contact, snap.attempts_for(contact.id), snap.settings, NY, now)
        lines.append(
            f"  today: {rules.label} | due {rules.next_due} | overdue {rules.overdue_days}"
            f" | next by {rules.suggested_channel}"
        )
        lines.append(f"  {len(mine)} attempts:")
        lines += [_attempt_line(a, contact.timezone) for a in mine]
        lines.append("")
    lists = today_lists(snap, NY, now)
    lines.append("due list: " + ", ".join(f"{c.name} ({s.overdue_days})" for c, s in lists.due))
    lines.append("needs a next step: " + ", ".join(c.name for c, _ in lists.needs_next_step))
    lines.append("")
    lines.append("news:")
    lines += [f"  {item.on} {item.text}" for item in demo_news(now)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("now", list(EXPECTED), ids=["thursday", "saturday-night"])
def test_the_demo_is_the_one_the_screenshots_show(now):
    assert summary(now) == EXPECTED[now].read_text(encoding="utf-8")


def test_the_demo_needs_a_clock_with_a_zone():
    with pytest.raises(ValueError, match="^generate_demo needs an aware datetime$"):
        generate_demo(datetime(2026, 11, 26, 14, 5))


def test_a_pattern_is_made_visible_by_answering_the_first_calls_in_its_window():
    # Greg is reached only before 09:00 Chicago time. One call there was answered: the next two
    # phone calls at 08:xx Chicago time become answered ones too, nothing else changes.
    chicago = zone("America/Chicago")

    def call(day: int, hour: int, channel: str = "phone", outcome: str = "no_answer") -> Attempt:
        at = datetime(2026, 11, day, hour, 30, tzinfo=chicago).astimezone(UTC)
        return Attempt(10, at, channel, outcome, note="rang out")

    attempts = [
        call(2, 7),  # before the window (never made by the demo; the window starts at 8)
        call(3, 8, "email", "sent"),  # in the window, but an e-mail
        call(4, 9),  # just after the window
        replace(call(5, 8, outcome="reached"), duration_s=300, note="good chat"),
        call(6, 8, outcome="voicemail"),
        call(9, 8),
        call(10, 8),
    ]
    out = _ensure_pattern(attempts, "early", "America/Chicago", random.Random(1))
    changed = [i for i, (a, b) in enumerate(zip(attempts, out, strict=True)) if a != b]
    assert changed == [4, 5]
    for i in changed:
        assert out[i].outcome == "reached"
        assert out[i].duration_s is not None and 90 <= out[i].duration_s <= 900
        assert out[i].note in _NOTES_REACHED
        assert (out[i].at, out[i].channel) == (attempts[i].at, attempts[i].channel)
    # Already three answers: nothing to do.
    assert _ensure_pattern(out, "early", "America/Chicago", random.Random(1)) == out
    # None at all: the first three calls in the window.
    unanswered = [replace(a, outcome="no_answer") for a in attempts]
    out = _ensure_pattern(unanswered, "early", "America/Chicago", random.Random(1))
    assert [a.outcome for a in out] == ["no_answer"] * 3 + ["reached"] * 3 + ["no_answer"]


def test_a_clock_with_microseconds_gives_the_same_demo():
    # A real clock has microseconds: the records do not depend on them (no created_at or
    # attempt time with a fraction of a second).
    later = NOW + timedelta(microseconds=654_321)
    assert generate_demo(later) == generate_demo(NOW)
    assert demo_news(later) == demo_news(NOW)


def test_write_demo_uses_the_time_and_seed_asked_for(db_path, frozen_clock):
    store = Store.open(db_path, clock=frozen_clock)
    try:
        write_demo(store, SATURDAY_NIGHT, seed=8)
        snap = store.snapshot()
    finally:
        store.close()
    contacts, attempts = generate_demo(SATURDAY_NIGHT, 8)
    assert sorted(snap.contacts.values(), key=lambda c: c.id or 0) == contacts
    assert sorted(a.at for a in snap.all_attempts()) == sorted(a.at for a in attempts)
    assert sorted(n.on for n in snap.news.values()) == sorted(
        n.on for n in demo_news(SATURDAY_NIGHT)
    )


@pytest.mark.parametrize("micros", [0, 417_203])
def test_the_written_file_reads_back_as_generated_without_problems(db_path, micros):
    from followup_tui.domain.clock import frozen_clock

    now = NOW + timedelta(microseconds=micros)
    store = Store.open(db_path, clock=frozen_clock(now))
    try:
        write_demo(store)
        snap = store.snapshot()
    finally:
        store.close()
    assert snap.check_all() == []
    contacts, attempts = generate_demo(NOW)
    assert sorted(snap.contacts.values(), key=lambda c: c.id or 0) == contacts
    stored = [a for cid in sorted(snap.contacts) for a in snap.attempts_for(cid)]
    expected = sorted(attempts, key=lambda a: (a.contact_id, a.at))
    assert [(a.contact_id, a.at, a.channel, a.outcome, a.note) for a in stored] == [
        (a.contact_id, a.at, a.channel, a.outcome, a.note) for a in expected
    ]
    assert sorted((n.on, n.text) for n in snap.news.values()) == sorted(
        (n.on, n.text) for n in demo_news(now)
    )


@settings(max_examples=15)
@given(
    st.datetimes(
        min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC)
    )
)
def test_any_day_gives_valid_records_in_business_hours(now):
    contacts, attempts = generate_demo(now)
    assert snapshot_of(contacts, attempts).check_all() == []
    zones = {c.id: zone(c.timezone or "UTC") for c in contacts}
    created = {c.id: c.created_at for c in contacts}
    for attempt in attempts:
        local = attempt.at.astimezone(zones[attempt.contact_id])
        assert local.weekday() < 5 and 8 <= local.hour < 18, attempt
        assert local.second == 0 and local.microsecond == 0
        assert created[attempt.contact_id] < attempt.at < now
        if attempt.channel != "phone":
            assert attempt.caller_id is None
    for contact in contacts:
        assert contact.created_at is not None and contact.created_at < now


if __name__ == "__main__":
    for when, path in EXPECTED.items():
        path.write_text(summary(when), encoding="utf-8")
        sys.stdout.write(f"wrote {path}\n")
