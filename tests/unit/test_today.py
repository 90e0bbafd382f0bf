"""Today (``followup-tui due`` and the Today screen): the demo data, read as a person would."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from followup_tui.analytics.reachability import (
    ReachGrid,
    bin_attempts,
    bin_marks,
    grid_for_all,
    suggest_slot,
)
from followup_tui.analytics.today import plan_today
from followup_tui.domain.models import Attempt
from followup_tui.domain.rules import order_key
from followup_tui.domain.snapshot import Snapshot
from followup_tui.domain.zones import contact_zone_name, zone
from followup_tui.io.demo import generate_demo

USER_ZONE = "Europe/London"
# Wed 2 Dec 2026 06:05:07.123456 in London: a real clock has microseconds.
NOW = datetime(2026, 12, 2, 6, 5, 7, 123456, tzinfo=UTC)


def demo_snapshot(now: datetime = NOW) -> Snapshot:
    contacts, attempts = generate_demo(now, seed=7)
    return Snapshot.from_tables(
        {
            "contacts": {str(c.id): c.to_doc() for c in contacts},
            "attempts": {str(i): a.to_doc() for i, a in enumerate(attempts, start=1)},
        }
    )


@pytest.fixture(scope="module")
def demo() -> Snapshot:
    return demo_snapshot()


def by_name(items, name):
    (found,) = [i for i in items if i.contact.name == name]
    return found


def test_the_after_the_close_contact_gets_a_late_afternoon_new_york_slot(demo):
    today = plan_today(demo, USER_ZONE, NOW)
    dana = by_name(today.due, "Dana Whitfield")
    assert dana.contact_zone == "America/New_York"
    assert dana.suggestion is not None and dana.window is not None
    local = dana.window.start.astimezone(zone("America/New_York"))
    assert 16 <= local.hour < 18  # after the U.S. exchanges close (16:00 New York)
    assert dana.window.theirs.endswith("ET") and dana.window.yours.endswith("GMT")
    assert dana.window.end - dana.window.start <= timedelta(hours=1)


def test_the_early_bird_gets_an_early_slot(demo):
    today = plan_today(demo, USER_ZONE, NOW)
    greg = by_name(today.due, "Greg Lindqvist")  # reached only before 09:00 Chicago time
    assert greg.suggestion is not None
    assert greg.suggestion.hour == 8
    assert "reached" in greg.suggestion.note


def test_every_due_contact_with_a_phone_gets_a_window_in_working_hours(demo):
    today = plan_today(demo, USER_ZONE, NOW)
    assert today.due
    for item in today.due:
        assert item.window is not None, item.contact.name
        grid = bin_attempts(demo.attempts_for(item.contact.id or 0), item.contact_zone)
        reached_at_hour = sum(grid.reached[w][item.suggestion.hour] for w in range(7))
        assert 8 <= item.suggestion.hour < 18 or reached_at_hour >= 2
        assert NOW <= item.window.start < item.window.end


def test_due_windows_are_the_apps_suggestions(demo):
    # The app bins whole attempts (bin_attempts, grid_for_all); due bins marks: same answer.
    today = plan_today(demo, USER_ZONE, NOW)
    everyone = grid_for_all(demo, USER_ZONE)
    for item in today.due:
        cid = item.contact.id or 0
        marks = ReachGrid()
        bin_marks(marks, demo.attempt_marks(cid), item.contact_zone)
        grid = bin_attempts(demo.attempts_for(cid), item.contact_zone)
        assert (marks.attempts, marks.reached) == (grid.attempts, grid.reached)
        app = suggest_slot(grid, everyone, item.contact_zone, NOW, demo.settings)
        assert app == item.suggestion


def test_due_and_needs_a_next_step_are_in_the_order_of_the_app(demo):
    today = plan_today(demo, USER_ZONE, NOW)
    for items in (today.due, today.needs_next_step):
        keys = [order_key(i.summary.next_due, i.contact.name, i.contact.id or 0) for i in items]
        assert keys == sorted(keys)
    # Due: most overdue first.
    overdue = [i.summary.overdue_days for i in today.due]
    assert overdue == sorted(overdue, reverse=True)


def test_a_reply_moves_the_contact_to_needs_a_next_step_never_out(demo):
    contacts, attempts = generate_demo(NOW, seed=7)
    dana = next(c for c in contacts if c.name == "Dana Whitfield")
    reply = Attempt(dana.id or 0, NOW - timedelta(minutes=3), "email", "replied")
    snap = Snapshot.from_tables(
        {
            "contacts": {str(c.id): c.to_doc() for c in contacts},
            "attempts": {str(i): a.to_doc() for i, a in enumerate([*attempts, reply], start=1)},
        }
    )
    today = plan_today(snap, USER_ZONE, NOW)
    assert "Dana Whitfield" not in [i.contact.name for i in today.due]
    item = by_name(today.needs_next_step, "Dana Whitfield")
    assert item.summary.next_due is None and item.summary.needs_next_step
    assert item.summary.label.endswith("replied today · needs a next step")
    # Setting a next step for Monday takes her off the list until then.
    stepped = Snapshot.from_tables(
        {
            "contacts": {
                str(c.id): {**c.to_doc(), "next_step_on": "2026-12-07", "next_step": "call"}
                if c.id == dana.id
                else c.to_doc()
                for c in contacts
            },
            "attempts": {str(i): a.to_doc() for i, a in enumerate([*attempts, reply], start=1)},
        }
    )
    later = plan_today(stepped, USER_ZONE, NOW)
    names = [i.contact.name for i in later.due + later.needs_next_step]
    assert "Dana Whitfield" not in names
    on_monday = plan_today(stepped, USER_ZONE, NOW + timedelta(days=5))
    assert "Dana Whitfield" in [i.contact.name for i in on_monday.due]


def test_today_reads_each_contacts_zone_for_the_window():
    today = plan_today(demo_snapshot(), "America/New_York", NOW)
    for item in today.due:
        assert item.contact_zone == contact_zone_name(item.contact.timezone, "America/New_York")
        assert item.window is not None
        # "yours" is the same instants on the user's clock.
        mine = item.window.start.astimezone(zone("America/New_York"))
        assert item.window.yours.split(" ")[1].startswith(f"{mine:%H:%M}")


def test_thank_you_tasks_come_first_soonest_due_first():
    from followup_tui.domain.models import Contact, Interview

    ann, bo, cy = (Contact(name=n, id=i) for i, n in enumerate(("Ann", "Bo", "Cy"), start=1))
    early = NOW - timedelta(hours=30)  # due 6 hours ago
    late = NOW - timedelta(hours=2, microseconds=7)  # due in 22 hours
    snap = Snapshot.from_tables(
        {
            "contacts": {str(c.id): c.to_doc() for c in (ann, bo, cy)},
            "interviews": {
                "1": Interview("Initech", late, (1, 2)).to_doc(),
                "2": Interview("Acme", early, (3,)).to_doc(),
                "3": Interview("Later", NOW + timedelta(hours=1), (1,)).to_doc(),
            },
            "attempts": {"1": Attempt(2, NOW, "email", "sent").to_doc()},
        }
    )
    today = plan_today(snap, USER_ZONE, NOW)
    assert [(t.contact.name, t.interview.company) for t in today.thank_you] == [
        ("Cy", "Acme"),
        ("Ann", "Initech"),
    ]
    assert [t.label(NOW) for t in today.thank_you] == [
        "thank-you e-mail · 6h overdue",
        "thank-you e-mail · 21h left",
    ]


def test_today_in_the_users_zone_for_contacts_without_one():
    """A user in Tokyo (UTC+9), whose Friday begins while it is Thursday in UTC: contacts
    without a zone are read in Tokyo time, and no call is suggested in the user's night."""
    from followup_tui.domain.models import Contact

    tokyo = "Asia/Tokyo"
    now = datetime(2026, 11, 26, 16, 0, 0, 250000, tzinfo=UTC)  # Fri 27 Nov 01:00 in Tokyo
    old = datetime(2026, 6, 1, 12, tzinfo=UTC)
    kenji = Contact("Kenji Sato", phones=("+81312345678",), created_at=old, id=1)
    dana = Contact(
        "Dana Whitfield",
        phones=("+12125550121",),
        timezone="America/New_York",
        created_at=old,
        id=2,
    )
    aiko = Contact("Aiko Mori", emails=("a@example.jp",), created_at=old, id=3)
    lena = Contact("Lena Vogel", timezone="Europe/Berlin", created_at=old, id=4)
    # Kenji picks up at 10:00 Tokyo time (01:00 UTC): three Mondays in a row.
    attempts = [
        Attempt(1, datetime(2026, 11, day, 1, 10, tzinfo=UTC), "phone", "reached")
        for day in (2, 9, 16)
    ]
    attempts += [
        Attempt(1, datetime(2026, 11, 25, 16, 30, tzinfo=UTC)),  # Thu 26 01:30 Tokyo: due Fri
        Attempt(2, datetime(2026, 11, 25, 15, 0, tzinfo=UTC)),  # Wed 25 10:00 NY: due Thu 26
        Attempt(3, datetime(2026, 11, 25, 3, 0, tzinfo=UTC), "email", "replied"),
        Attempt(4, datetime(2026, 11, 25, 9, 0, tzinfo=UTC), "email", "replied"),
    ]
    snap = Snapshot.from_tables(
        {
            "contacts": {str(c.id): c.to_doc() for c in (kenji, dana, aiko, lena)},
            "attempts": {str(i): a.to_doc() for i, a in enumerate(attempts, start=1)},
        }
    )
    today = plan_today(snap, tokyo, now)
    assert today.day == datetime(2026, 11, 27).date()
    assert [(i.contact.name, i.contact_zone) for i in today.due] == [
        ("Dana Whitfield", "America/New_York"),
        ("Kenji Sato", tokyo),
    ]
    assert [(i.contact.name, i.contact_zone) for i in today.needs_next_step] == [
        ("Aiko Mori", tokyo),
        ("Lena Vogel", "Europe/Berlin"),
    ]
    dana_item, kenji_item = today.due
    # Kenji: where he picked up three times of three, Monday 10:00 on his (and the user's)
    # clock, 01:00 UTC on Mon 30 Nov.
    assert kenji_item.suggestion is not None
    assert kenji_item.suggestion.start == datetime(2026, 11, 30, 1, 0, tzinfo=UTC)
    # Dana: 17:00 in New York is 07:00 in Tokyo, the only working hour of hers that is not
    # the user's night (22:00 to 07:00); Thursday 26 in New York.
    assert dana_item.suggestion is not None
    assert dana_item.suggestion.start == datetime(2026, 11, 26, 22, 0, tzinfo=UTC)
