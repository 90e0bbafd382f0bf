"""Reachability grid and slot suggestion, with cells and scores worked out by hand."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from followup_tui.analytics.reachability import (
    ReachGrid,
    add_attempt,
    bin_attempts,
    grid_for_all,
    remove_attempt,
    slot_score,
    suggest_slot,
    zone_abbreviation,
)
from followup_tui.domain.models import Attempt, Contact, Settings
from followup_tui.domain.snapshot import Snapshot

NY = "America/New_York"
LONDON = "Europe/London"
MON = 0
TUE = 1
WED = 2
SUN = 6


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def phone(when: str, outcome: str = "no_answer", cid: int = 1, channel: str = "phone") -> Attempt:
    return Attempt(contact_id=cid, at=utc(when), channel=channel, outcome=outcome)


def cells(grid: ReachGrid) -> dict[tuple[int, int], tuple[int, int]]:
    """Non-empty cells as {(weekday, hour): (attempts, reached)}."""
    return {
        (w, h): (grid.attempts[w][h], grid.reached[w][h])
        for w in range(7)
        for h in range(24)
        if grid.attempts[w][h] or grid.reached[w][h]
    }


# -- the grid -----------------------------------------------------------------------------------


def test_add_remove_and_totals():
    grid = ReachGrid()
    grid.add(TUE, 16, True)
    grid.add(TUE, 16, False)
    grid.add(WED, 9, False)
    assert cells(grid) == {(TUE, 16): (2, 1), (WED, 9): (1, 0)}
    assert (grid.total_attempts, grid.total_reached) == (3, 1)
    grid.remove(TUE, 16, True)
    assert cells(grid) == {(TUE, 16): (1, 0), (WED, 9): (1, 0)}
    grid.remove(WED, 9, False)
    grid.remove(WED, 9, False)  # never below zero
    assert cells(grid) == {(TUE, 16): (1, 0)}


def test_bin_only_phone_attempts_in_the_contacts_local_time():
    attempts = [
        phone("2026-11-24T21:30:00+00:00", "reached"),  # Tue 16:30 New York, 21:30 London
        phone("2026-11-24T21:59:00+00:00"),  # Tue 16:59 New York
        phone("2026-11-25T14:00:00+00:00", "sent", channel="email"),  # ignored
        phone("2026-11-26T01:30:00+00:00"),  # Wed 20:30 New York, Thu 01:30 London
    ]
    assert cells(bin_attempts(attempts, NY)) == {(TUE, 16): (2, 1), (WED, 20): (1, 0)}
    assert cells(bin_attempts(attempts, LONDON)) == {(TUE, 21): (2, 1), (3, 1): (1, 0)}


def test_new_york_daylight_saving_days_bin_by_wall_clock():
    attempts = [
        # Spring forward, Sun 8 Mar 2026: 02:00 EST -> 03:00 EDT; no 02:xx exists.
        phone("2026-03-08T06:30:00+00:00"),  # 01:30 EST
        phone("2026-03-08T07:30:00+00:00", "reached"),  # 03:30 EDT
        # Fall back, Sun 1 Nov 2026: 01:00-02:00 happens twice.
        phone("2026-11-01T05:30:00+00:00"),  # 01:30 EDT
        phone("2026-11-01T06:30:00+00:00", "reached"),  # 01:30 EST
        phone("2026-11-01T07:30:00+00:00"),  # 02:30 EST
        # The same UTC hour lands one local hour apart across the change.
        phone("2026-03-06T20:30:00+00:00"),  # Fri 15:30 EST
        phone("2026-03-09T20:30:00+00:00"),  # Mon 16:30 EDT
    ]
    assert cells(bin_attempts(attempts, NY)) == {
        (SUN, 1): (3, 1),
        (SUN, 3): (1, 1),
        (SUN, 2): (1, 0),  # only the fall-back 02:30, never the skipped spring hour
        (4, 15): (1, 0),
        (MON, 16): (1, 0),
    }


def test_london_daylight_saving_days_bin_by_wall_clock():
    attempts = [
        # Spring forward, Sun 29 Mar 2026: 01:00 GMT -> 02:00 BST; no 01:xx exists.
        phone("2026-03-29T00:30:00+00:00"),  # 00:30 GMT
        phone("2026-03-29T01:30:00+00:00", "reached"),  # 02:30 BST
        # Fall back, Sun 25 Oct 2026: 01:00-02:00 happens twice.
        phone("2026-10-25T00:30:00+00:00"),  # 01:30 BST
        phone("2026-10-25T01:30:00+00:00"),  # 01:30 GMT
        # US already on summer time, UK not yet: Tue 10 Mar 20:00 UTC.
        phone("2026-03-10T20:00:00+00:00", "reached"),
    ]
    assert cells(bin_attempts(attempts, LONDON)) == {
        (SUN, 0): (1, 0),
        (SUN, 2): (1, 1),
        (SUN, 1): (2, 0),
        (TUE, 20): (1, 1),
    }
    assert cells(bin_attempts(attempts[-1:], NY)) == {(TUE, 16): (1, 1)}  # 16:00 EDT


def test_incremental_add_and_remove_match_binning():
    rng = random.Random(3)
    start = utc("2026-01-01T00:00:00+00:00")
    attempts = [
        Attempt(
            1,
            start + timedelta(minutes=rng.randrange(0, 525_600)),
            rng.choice(["phone", "phone", "email"]),
            rng.choice(["reached", "no_answer", "voicemail"]),
        )
        for _ in range(300)
    ]
    grid = ReachGrid()
    for attempt in attempts:
        add_attempt(grid, attempt, NY)
    assert grid == bin_attempts(attempts, NY)
    for attempt in attempts[:100]:
        remove_attempt(grid, attempt, NY)
    assert grid == bin_attempts(attempts[100:], NY)


def test_grid_for_all_bins_each_contact_in_its_own_zone():
    tables = {
        "contacts": {
            "1": Contact("Ann NY", timezone=NY).to_doc(),
            "2": Contact("Olly London", timezone=LONDON).to_doc(),
            "3": Contact("Uma Unknown").to_doc(),
        },
        "attempts": {
            str(i): phone("2026-11-24T21:30:00+00:00", "reached", cid=cid).to_doc()
            for i, cid in enumerate((1, 2, 3), start=1)
        },
    }
    snapshot = Snapshot.from_tables(tables)
    grid = grid_for_all(snapshot, "America/Los_Angeles")
    # 21:30 UTC Tue: 16:30 New York, 21:30 London, 13:30 Los Angeles (user zone).
    assert cells(grid) == {(TUE, 16): (1, 1), (TUE, 21): (1, 1), (TUE, 13): (1, 1)}


# -- suggestion ---------------------------------------------------------------------------------

# Mon 30 Nov 2026, 09:00 in New York (EST, UTC-5).
MONDAY_9 = utc("2026-11-30T14:00:00+00:00")


def _history_grids() -> tuple[ReachGrid, ReachGrid]:
    """The contact: reached 3 of 4 at Tue 16:00. All contacts: that plus Wed 10:00, 5 of 36."""
    contact = ReachGrid()
    for reached in (True, True, True, False):
        contact.add(TUE, 16, reached)
    everyone = ReachGrid()
    everyone.merge(contact)
    for i in range(36):
        everyone.add(WED, 10, i < 5)
    return contact, everyone


def test_slot_score_formula_by_hand():
    # p0 = (8 + 1) / (40 + 2) = 3/14
    # Tue 16: p_all = (3 + 10·3/14) / 14 = 18/49; p_hour = (3 + 2·18/49) / 6 = 61/98;
    #         p = (3 + 2·61/98) / 6 = 104/147
    assert slot_score(3, 4, 3, 4, 3, 4, 3 / 14) == pytest.approx(104 / 147)
    # Mon 16, never tried that day: p_all = 3/14; p_hour = (3 + 2·3/14) / 6 = 4/7;
    # + bonus / (1 + 4 calls at 16:00)
    assert slot_score(0, 0, 3, 4, 0, 0, 3 / 14) == pytest.approx(4 / 7 + 0.15 / 5)
    assert slot_score(0, 0, 3, 4, 0, 0, 3 / 14, explore_bonus=0.5) == pytest.approx(4 / 7 + 0.1)
    # An hour never tried at all: the full bonus.
    assert slot_score(0, 0, 0, 0, 0, 0, 3 / 14) == pytest.approx(3 / 14 + 0.15)
    # Wed 10 for a contact never called then: p_all = (5 + 10·3/14) / 46
    assert slot_score(0, 0, 0, 0, 5, 36, 3 / 14, explore_bonus=0) == pytest.approx(
        (5 + 30 / 14) / 46
    )


def test_the_slot_that_worked_wins_when_the_exploration_bonus_is_smaller():
    contact, everyone = _history_grids()
    # Tue 16 (tomorrow): 104/147 - 0.01 = 0.6975. Untried: Mon 16 today 4/7 + 0.15/5 = 0.6014,
    # Mon 9 (an hour never tried) 3/14 + 0.15 = 0.3643.
    s = suggest_slot(contact, everyone, NY, MONDAY_9, Settings())
    assert s is not None
    assert (s.weekday, s.hour) == (TUE, 16)
    assert s.start == utc("2026-12-01T21:00:00+00:00")
    assert s.text == "try Tue 16:00–17:00 ET (reached 3 of 4)"
    assert (s.attempts, s.reached) == (4, 3)
    assert s.score == pytest.approx(104 / 147 - 0.01)


def test_a_larger_bonus_experiments_with_a_new_hour():
    contact, everyone = _history_grids()
    # Bonus 0.6: every never-tried hour today scores 3/14 + 0.6 = 0.814 > 0.6975; 09:00 first.
    s = suggest_slot(contact, everyone, NY, MONDAY_9, Settings(), explore_bonus=0.6)
    assert s is not None
    assert (s.weekday, s.hour, s.start) == (MON, 9, MONDAY_9)
    assert s.text == "try a morning: never tried (Mon 09:00–10:00 ET)"
    assert s.score == pytest.approx(3 / 14 + 0.6)
    # Bonus 0.75: Mon 16 (4/7 + 0.75/5 = 0.7214) still loses to a new hour (0.9643).
    s = suggest_slot(
        contact, everyone, NY, MONDAY_9 + timedelta(hours=7), Settings(), explore_bonus=0.75
    )
    assert s is not None
    assert (s.weekday, s.hour) == (MON, 17)
    assert s.text == "try Mon 17:00–18:00 ET: never tried"


def test_a_new_weekday_at_a_proven_hour():
    contact, everyone = _history_grids()
    only_16 = Settings(work_start_hour=16, work_end_hour=17)
    # Candidates are the 16:00 hours only. Mon 16: 4/7 + bonus/5; Tue 16: 104/147 - 0.01.
    s = suggest_slot(contact, everyone, NY, MONDAY_9, only_16)
    assert s is not None and (s.weekday, s.hour) == (TUE, 16)
    s = suggest_slot(contact, everyone, NY, MONDAY_9, only_16, explore_bonus=0.75)
    assert s is not None
    assert (s.weekday, s.hour, s.start) == (MON, 16, utc("2026-11-30T21:00:00+00:00"))
    assert s.text == "try Mon 16:00–17:00 ET (other days at 16:00: reached 3 of 4)"
    assert s.score == pytest.approx(4 / 7 + 0.15)


def test_no_history_gets_an_untried_slot_best_for_everyone():
    _, everyone = _history_grids()
    # Untried slots score p_all + 0.15 - 0.01·days: Tue 16 gives 18/49 + 0.14 = 0.507, any
    # Monday slot 3/14 + 0.15 = 0.364.
    s = suggest_slot(ReachGrid(), everyone, NY, MONDAY_9, Settings())
    assert s is not None
    assert (s.weekday, s.hour, s.attempts) == (TUE, 16, 0)
    assert s.text == "try late in the day: never tried (Tue 16:00–17:00 ET)"
    assert s.score == pytest.approx(18 / 49 + 0.15 - 0.01)


def test_no_data_at_all_suggests_the_next_working_hour():
    s = suggest_slot(ReachGrid(), ReachGrid(), NY, MONDAY_9, Settings())
    assert s is not None
    assert (s.weekday, s.hour, s.start) == (MON, 9, MONDAY_9)
    assert s.text == "try a morning: never tried (Mon 09:00–10:00 ET)"
    # Under 15 minutes left in the 09:00 hour: the 10:00 hour is next.
    s = suggest_slot(ReachGrid(), ReachGrid(), NY, MONDAY_9 + timedelta(minutes=50), Settings())
    assert s is not None
    assert (s.hour, s.start) == (10, utc("2026-11-30T15:00:00+00:00"))
    # 20 minutes left: the hour under way counts, starting now.
    now = MONDAY_9 + timedelta(minutes=40)
    s = suggest_slot(ReachGrid(), ReachGrid(), NY, now, Settings())
    assert s is not None and (s.hour, s.start) == (9, now)


def test_weekends_and_holidays_are_skipped():
    saturday = utc("2026-11-28T15:00:00+00:00")
    s = suggest_slot(ReachGrid(), ReachGrid(), NY, saturday, Settings())
    assert s is not None and s.start == MONDAY_9
    s = suggest_slot(
        ReachGrid(), ReachGrid(), NY, saturday, Settings(holidays=(date(2026, 11, 30),))
    )
    assert s is not None and s.start == utc("2026-12-01T14:00:00+00:00")


def test_working_hours_are_in_the_contacts_zone():
    s = suggest_slot(ReachGrid(), ReachGrid(), LONDON, MONDAY_9, Settings())
    # 14:00 UTC Monday is 14:00 in London: the 14:00 hour is under way.
    assert s is not None
    assert (s.weekday, s.hour, s.start) == (MON, 14, MONDAY_9)
    assert s.text == "try an afternoon: never tried (Mon 14:00–15:00 GMT)"
    s = suggest_slot(
        ReachGrid(), ReachGrid(), NY, MONDAY_9, Settings(work_start_hour=11, work_end_hour=12)
    )
    assert s is not None and (s.hour, s.start) == (11, utc("2026-11-30T16:00:00+00:00"))
    assert (
        suggest_slot(
            ReachGrid(), ReachGrid(), NY, MONDAY_9, Settings(work_start_hour=12, work_end_hour=12)
        )
        is None
    )


def test_an_hour_before_the_working_day_is_suggested_where_it_worked():
    early = ReachGrid()
    early.add(MON, 8, True)
    # p0 = 2/3; Mon 8: p_all = (1 + 10·2/3) / 11 = 23/33; p_hour = (1 + 2·23/33) / 3 = 79/99;
    # p = (1 + 2·79/99) / 3 = 257/297 = 0.865 beats untried 9:00 at 2/3 + 0.15 = 0.817 and
    # Tue 8 at p_hour = (1 + 2·2/3) / 3 = 7/9, + 0.15/2 - 0.01 = 0.843.
    now = utc("2026-11-30T12:00:00+00:00")  # Mon 07:00 New York
    s = suggest_slot(early, early, NY, now, Settings())
    assert s is not None
    assert (s.weekday, s.hour) == (MON, 8)
    assert s.start == utc("2026-11-30T13:00:00+00:00")
    assert s.text == "try Mon 08:00–09:00 ET (reached 1 of 1)"
    assert s.score == pytest.approx(257 / 297)


@pytest.mark.parametrize(
    ("zone_name", "when", "expected"),
    [
        (NY, "2026-11-30T14:00:00+00:00", "ET"),
        (NY, "2026-07-01T14:00:00+00:00", "ET"),
        ("America/Chicago", "2026-11-30T14:00:00+00:00", "CT"),
        ("America/Los_Angeles", "2026-07-01T14:00:00+00:00", "PT"),
        (LONDON, "2026-11-30T14:00:00+00:00", "GMT"),
        (LONDON, "2026-07-01T14:00:00+00:00", "BST"),
        ("Asia/Dubai", "2026-07-01T14:00:00+00:00", "UTC+04"),
    ],
)
def test_zone_abbreviation(zone_name, when, expected):
    assert zone_abbreviation(ZoneInfo(zone_name), utc(when)) == expected
