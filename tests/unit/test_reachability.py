"""Reachability grid and slot suggestion, with cells and scores worked out by hand."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from followup_tui.analytics.reachability import (
    ReachGrid,
    add_attempt,
    allowed_hours,
    bin_attempts,
    grid_for_all,
    prior_of,
    proven_hours,
    remove_attempt,
    slot_score,
    suggest_slot,
    window_of,
    zone_abbreviation,
)
from followup_tui.domain.models import Attempt, Contact, Settings
from followup_tui.domain.snapshot import Snapshot

NY = "America/New_York"
LONDON = "Europe/London"
MON = 0
TUE = 1
WED = 2
THU = 3
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
    # k = 8, k_all = 10, bonus 0.3. p0 = (8 + 1) / (40 + 2) = 3/14
    # Tue 16: p_all = (3 + 10·3/14) / 14 = 18/49; p_hour = (3 + 8·18/49) / 12 = 97/196;
    #         p = (3 + 8·97/196) / 12 = 341/588
    assert slot_score(3, 4, 3, 4, 3, 4, 3 / 14) == pytest.approx(341 / 588)
    # Mon 16, never tried that day: p_all = 3/14; p_hour = (3 + 8·3/14) / 12 = 11/28;
    # + bonus / (1 + 4 calls at 16:00)
    assert slot_score(0, 0, 3, 4, 0, 0, 3 / 14) == pytest.approx(11 / 28 + 0.3 / 5)
    assert slot_score(0, 0, 3, 4, 0, 0, 3 / 14, explore_bonus=0.5) == pytest.approx(11 / 28 + 0.1)
    # An hour never tried at all: the full bonus.
    assert slot_score(0, 0, 0, 0, 0, 0, 3 / 14) == pytest.approx(3 / 14 + 0.3)
    # Wed 10 for a contact never called then: p_all = (5 + 10·3/14) / 46
    assert slot_score(0, 0, 0, 0, 5, 36, 3 / 14, explore_bonus=0) == pytest.approx(
        (5 + 30 / 14) / 46
    )


def test_a_proven_hour_is_where_the_call_goes():
    contact, everyone = _history_grids()
    # 16:00 is proven (3 of 4): only 16:00 slots compete, without the exploration bonus.
    # Tue 16 (tomorrow): 341/588 - 0.03 = 0.5499; Mon 16 (today): 11/28 = 0.3929.
    s = suggest_slot(contact, everyone, NY, MONDAY_9, Settings())
    assert s is not None
    assert (s.weekday, s.hour) == (TUE, 16)
    assert s.start == utc("2026-12-01T21:00:00+00:00")
    assert s.end == utc("2026-12-01T22:00:00+00:00")
    assert s.text == "try Tue 16:00–17:00 ET (reached 3 of 4)"
    assert (s.attempts, s.reached, s.never_tried) == (4, 3, False)
    assert s.score == pytest.approx(341 / 588 - 0.03)


def test_one_lucky_call_never_beats_a_better_record():
    contact, everyone = _history_grids()
    contact.add(MON, 10, True)  # reached 1 of 1 at Mon 10:00, an hour from now
    everyone.add(MON, 10, True)
    s = suggest_slot(contact, everyone, NY, MONDAY_9, Settings())
    assert s is not None and (s.weekday, s.hour) == (TUE, 16)
    assert s.text == "try Tue 16:00–17:00 ET (reached 3 of 4)"
    # Even when the bonus for new slots is large: a proven hour is not given up.
    s = suggest_slot(contact, everyone, NY, MONDAY_9, Settings(), explore_bonus=5.0)
    assert s is not None and (s.weekday, s.hour) == (TUE, 16)


def test_a_thin_record_offers_a_slot_never_tried():
    # The contact was reached once, Mon 10:00 (1 of 1): evidence, not proof.
    contact = ReachGrid()
    contact.add(MON, 10, True)
    everyone = ReachGrid()
    everyone.merge(contact)
    for i in range(36):
        everyone.add(WED, 10, i < 5)
    # p0 = (6 + 1) / (37 + 2) = 7/39. Mon 10: p_all = (1 + 70/39) / 11 = 109/429,
    # p_hour = (1 + 8·109/429) / 9 = 0.3370, p = (1 + 8·0.3370) / 9 = 0.4106.
    # Mon 9 (under way, never tried): 7/39 + 0.3 = 0.4795 wins; Tue 10, a new weekday at
    # 10:00: (1 + 8·7/39) / 9 + 0.3/2 - 0.03 = 0.3907.
    s = suggest_slot(contact, everyone, NY, MONDAY_9, Settings())
    assert s is not None
    assert (s.weekday, s.hour, s.start) == (MON, 9, MONDAY_9)
    assert s.text == "try Mon 09:00–10:00 ET: never tried"
    assert s.never_tried
    assert s.score == pytest.approx(7 / 39 + 0.3)
    assert slot_score(1, 1, 1, 1, 1, 1, 7 / 39) == pytest.approx(0.41063, abs=1e-5)


def test_no_history_gets_an_untried_slot_best_for_everyone():
    _, everyone = _history_grids()
    # Untried slots score p_all + 0.3 - 0.03·days: Tue 16 gives 18/49 + 0.27 = 0.637, any
    # Monday slot 3/14 + 0.3 = 0.514.
    s = suggest_slot(ReachGrid(), everyone, NY, MONDAY_9, Settings())
    assert s is not None
    assert (s.weekday, s.hour, s.attempts) == (TUE, 16, 0)
    assert s.text == "try late in the day: never tried (Tue 16:00–17:00 ET)"
    assert s.score == pytest.approx(18 / 49 + 0.3 - 0.03)


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
    # The working day starts at 08:00 by default: Monday 08:00 New York is 13:00 UTC.
    s = suggest_slot(ReachGrid(), ReachGrid(), NY, saturday, Settings())
    assert s is not None and s.start == utc("2026-11-30T13:00:00+00:00")
    s = suggest_slot(
        ReachGrid(), ReachGrid(), NY, saturday, Settings(holidays=(date(2026, 11, 30),))
    )
    assert s is not None and s.start == utc("2026-12-01T13:00:00+00:00")


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


def test_the_early_bird_reached_at_0730_twice_gets_an_early_slot():
    early = ReachGrid()
    early.add(MON, 7, True)  # Mon 07:30
    early.add(TUE, 7, True)  # Tue 07:30
    early.add(TUE, 11, False)
    now = utc("2026-12-02T11:00:00+00:00")  # Wed 06:00 New York
    # p0 = (2 + 1) / (3 + 2) = 3/5. Wed 7 (today): p_all = 3/5, p_hour = (2 + 8·3/5) / 10 = 0.68.
    # Mon 7 (in 5 days): p_all = (1 + 6) / 11, p_hour = (2 + 8·7/11) / 10 = 0.7091,
    # p = (1 + 8·0.7091) / 9 = 0.7414, - 5·0.03 = 0.5914: the early slot today wins.
    s = suggest_slot(early, early, NY, now, Settings())
    assert s is not None
    assert (s.weekday, s.hour) == (WED, 7)
    assert s.start == utc("2026-12-02T12:00:00+00:00")
    assert s.text == "try Wed 07:00–08:00 ET (at 07:00 any day: reached 2 of 2)"
    # Reached there once only: 07:00 is outside the working hours and not proven.
    once = ReachGrid()
    once.add(MON, 7, True)
    s = suggest_slot(once, once, NY, now, Settings())
    assert s is not None and s.hour == 8


def test_a_single_reach_at_2251_suggests_nothing_at_night():
    late = bin_attempts([phone("2026-12-01T22:51:00-05:00", "reached")], NY)  # the only call
    assert cells(late) == {(TUE, 22): (1, 1)}
    now = utc("2026-12-02T02:00:00+00:00")  # Tue 21:00 New York
    # Even with working hours that reach into the night, 22:00 is not offered on one call.
    for settings in (Settings(), Settings(work_start_hour=8, work_end_hour=24)):
        s = suggest_slot(late, late, NY, now, settings)
        assert s is not None
        assert 7 <= s.hour < 21
        assert s.text.endswith("never tried") or "never tried (" in s.text
    # Wed 08:00 is the first slot after the night (Wed 13:00 UTC).
    s = suggest_slot(late, late, NY, now, Settings())
    assert s is not None and s.start == utc("2026-12-02T13:00:00+00:00")
    # Reached at 22:00 twice (e.g. 22:51 and 22:10): then 22:00 is a proven hour.
    late.add(WED, 22, True)
    s = suggest_slot(late, late, NY, now, Settings())
    assert s is not None and s.hour == 22


def test_new_york_spring_forward_moves_the_window_by_an_hour_in_utc():
    # Reached at 16:xx twice in February (EST). Sat 7 Mar 2026, 10:00 EST; clocks go forward
    # on Sun 8 Mar; Mon 9 Mar 16:00 EDT is 20:00 UTC (it was 21:00 UTC the Monday before).
    grid = ReachGrid()
    grid.add(MON, 16, True)
    grid.add(TUE, 16, True)
    now = utc("2026-03-07T15:00:00+00:00")
    s = suggest_slot(grid, grid, NY, now, Settings())
    assert s is not None and (s.weekday, s.hour) == (MON, 16)
    assert (s.start, s.end) == (utc("2026-03-09T20:00:00+00:00"), utc("2026-03-09T21:00:00+00:00"))
    window = window_of(s, NY, LONDON)  # London is still on GMT until 29 March
    assert (window.theirs, window.yours) == ("Mon 16:00–17:00 ET", "Mon 20:00–21:00 GMT")
    # On the 23-hour Sunday itself the answer is the same.
    sunday = utc("2026-03-08T16:00:00+00:00")
    s = suggest_slot(grid, grid, NY, sunday, Settings())
    assert s is not None and s.start == utc("2026-03-09T20:00:00+00:00")


def test_london_spring_forward_and_a_new_york_user():
    # A London contact reached on two Mondays at 10:xx. Fri 27 Mar 2026 18:00 GMT; London goes
    # to BST on Sun 29 Mar. Mon 30 Mar 10:00 BST is 09:00 UTC, 05:00 in New York (EDT since
    # 8 Mar).
    grid = ReachGrid()
    grid.add(MON, 10, True)
    grid.add(MON, 10, True)
    now = utc("2026-03-27T18:00:00+00:00")
    s = suggest_slot(grid, grid, LONDON, now, Settings())
    assert s is not None and (s.weekday, s.hour) == (MON, 10)
    assert (s.start, s.end) == (utc("2026-03-30T09:00:00+00:00"), utc("2026-03-30T10:00:00+00:00"))
    assert s.text == "try Mon 10:00–11:00 BST (reached 2 of 2)"
    window = window_of(s, LONDON, NY)
    assert (window.theirs, window.yours) == ("Mon 10:00–11:00 BST", "Mon 05:00–06:00 ET")
    # Autumn: Fri 23 Oct 2026 18:00 BST; London goes back to GMT on Sun 25 Oct.
    # Mon 26 Oct 10:00 GMT is 10:00 UTC, 06:00 in New York (still EDT until 1 Nov).
    now = utc("2026-10-23T17:00:00+00:00")
    s = suggest_slot(grid, grid, LONDON, now, Settings())
    assert s is not None and s.start == utc("2026-10-26T10:00:00+00:00")
    assert window_of(s, LONDON, NY).yours == "Mon 06:00–07:00 ET"


def test_window_of_a_slot_under_way_starts_now():
    now = MONDAY_9 + timedelta(minutes=40)
    s = suggest_slot(ReachGrid(), ReachGrid(), NY, now, Settings())
    assert s is not None
    window = window_of(s, NY, NY)
    assert (window.start, window.end) == (now, utc("2026-11-30T15:00:00+00:00"))
    assert (window.theirs, window.yours) == ("Mon 09:40–10:00 ET", "Mon 09:40–10:00 ET")


_cells = st.dictionaries(
    st.tuples(st.integers(0, 6), st.integers(0, 23)),
    st.integers(0, 4).flatmap(lambda a: st.tuples(st.just(a), st.integers(0, a))),
    max_size=12,
)


@hsettings(max_examples=200, deadline=None)
@given(
    cells=_cells,
    start=st.integers(0, 23),
    length=st.integers(1, 24),
    minutes=st.integers(0, 14 * 24 * 60),
    zone_name=st.sampled_from([NY, LONDON, "America/Los_Angeles", "Asia/Tokyo"]),
)
def test_any_history_gets_a_slot_in_working_hours_or_an_hour_reached_twice(
    cells, start, length, minutes, zone_name
):
    grid = ReachGrid()
    for (weekday, hour), (attempts, reached) in cells.items():
        for i in range(attempts):
            grid.add(weekday, hour, i < reached)
    work = Settings(work_start_hour=start, work_end_hour=min(24, start + length))
    now = utc("2026-03-02T00:00:00+00:00") + timedelta(minutes=minutes)  # spans both DST days
    s = suggest_slot(grid, grid, zone_name, now, work)
    hour_reached = [sum(grid.reached[w][h] for w in range(7)) for h in range(24)]
    hour_attempts = [sum(grid.attempts[w][h] for w in range(7)) for h in range(24)]
    if s is None:
        assert allowed_hours(grid, work) == []
        return
    in_hours = work.work_start_hour <= s.hour < work.work_end_hour and 7 <= s.hour < 21
    assert in_hours or hour_reached[s.hour] >= 2
    # A better record (reached twice or more, in half the calls or more) is never passed over
    # for a slot with a single reach at its hour.
    better = [
        h for h in range(24) if hour_reached[h] >= 2 and 2 * hour_reached[h] >= hour_attempts[h]
    ]
    if better:
        assert hour_reached[s.hour] >= 2
    local = s.start.astimezone(ZoneInfo(zone_name))
    assert (local.weekday(), local.hour) == (s.weekday, s.hour)
    assert s.end is not None and s.end > s.start >= now


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


def _plain_suggestion(cg, ag, zone_name, now, settings):
    """``suggest_slot`` written out plainly (every slot, ``slot_score``, a datetime each)."""
    tz = ZoneInfo(zone_name)
    hours = allowed_hours(cg, settings)
    if not hours:
        return None
    proven = proven_hours(cg) & set(hours)
    hours, bonus = (sorted(proven), 0.0) if proven else (hours, 0.3)
    overall = (ag.total_reached + 1) / (ag.total_attempts + 2)
    h_a = [sum(cg.attempts[w][h] for w in range(7)) for h in range(24)]
    h_r = [sum(cg.reached[w][h] for w in range(7)) for h in range(24)]
    today = now.astimezone(tz).date()
    best = None
    for offset in range(8):
        day = today + timedelta(days=offset)
        if day.weekday() >= 5 or day in settings.holidays:
            continue
        for h in hours:
            start = datetime(day.year, day.month, day.day, h, tzinfo=tz)
            if (start + timedelta(hours=1)).astimezone(UTC) - now < timedelta(minutes=15):
                continue
            (a, r), (all_a, all_r) = cg.cell(day.weekday(), h), ag.cell(day.weekday(), h)
            score = slot_score(r, a, h_r[h], h_a[h], all_r, all_a, overall, explore_bonus=bonus)
            score -= 0.03 * offset
            if best is None or score > best[0] + 1e-12:
                best = (score, max(start.astimezone(UTC), now), day.weekday(), h)
    return best


@hsettings(max_examples=150, deadline=None)
@given(
    mine=_cells,
    others=_cells,
    minutes=st.integers(0, 300 * 24 * 60),
    zone_name=st.sampled_from([NY, LONDON, "Asia/Tokyo"]),
    holiday_in=st.one_of(st.none(), st.integers(0, 8)),
)
def test_the_quick_suggestion_is_the_plain_one(mine, others, minutes, zone_name, holiday_in):
    contact, everyone = ReachGrid(), ReachGrid()
    for (weekday, hour), (attempts, reached) in mine.items():
        for i in range(attempts):
            contact.add(weekday, hour, i < reached)
    everyone.merge(contact)
    for (weekday, hour), (attempts, reached) in others.items():
        for i in range(attempts * 3):
            everyone.add(weekday, hour, i < reached)
    now = utc("2026-03-01T00:00:00+00:00") + timedelta(minutes=minutes)  # spans DST days
    holidays = () if holiday_in is None else ((now + timedelta(days=holiday_in)).date(),)
    work = Settings(holidays=holidays)
    s = suggest_slot(contact, everyone, zone_name, now, work)
    plain = _plain_suggestion(contact, everyone, zone_name, now, work)
    if plain is None:
        assert s is None
        return
    assert s is not None
    assert (s.start, s.weekday, s.hour) == plain[1:]
    assert s.score == pytest.approx(plain[0])


def test_no_suggestion_in_the_users_own_night() -> None:
    # Thu 26 Nov 2026 14:05 UTC: 09:05 in New York, 22:05 in Singapore. A New York contact,
    # never called; the user lives in Singapore (13 hours ahead).
    now = datetime(2026, 11, 26, 14, 5, tzinfo=UTC)
    empty = ReachGrid()
    # Without the user's zone: the hour under way, Thu 09:00 ET (22:05 for the user).
    plain = suggest_slot(empty, empty, "America/New_York", now, Settings())
    assert plain is not None and (plain.weekday, plain.hour) == (3, 9)
    # With it: of 08:00..17:00 ET only 08:00 (21:00 in Singapore) is before the user's 22:00;
    # today's 08:00 is over, so Fri 27 Nov 08:00 ET = 13:00 UTC.
    kind = suggest_slot(
        empty, empty, "America/New_York", now, Settings(), user_zone="Asia/Singapore"
    )
    assert kind is not None and (kind.weekday, kind.hour) == (4, 8)
    assert kind.start == datetime(2026, 11, 27, 13, tzinfo=UTC)
    # A user whose every waking hour is the contact's night: the contact's day wins.
    late = suggest_slot(
        empty,
        empty,
        "America/New_York",
        now,
        Settings(work_start_hour=11, work_end_hour=18),
        user_zone="Asia/Singapore",
    )
    assert late is not None and (late.weekday, late.hour) == (3, 11)
    assert late.start == datetime(2026, 11, 26, 16, tzinfo=UTC)  # 11:00 in New York, today
    # The same in a zone other than the tests' own local one (New York): a London contact
    # taking calls from 13:00 to 18:00 (22:00 to 03:00 in Tokyo, the user's night). 13:00 is
    # over at 14:05 London time; the hour under way, 14:00, has 55 minutes left.
    london = suggest_slot(
        empty,
        empty,
        LONDON,
        now,
        Settings(work_start_hour=13, work_end_hour=18),
        user_zone="Asia/Tokyo",
    )
    assert london is not None and (london.weekday, london.hour) == (3, 14)
    assert london.start == now


def test_a_prior_is_used_as_given_unless_made_for_another_k_all() -> None:
    """``prior`` saves working out everyone's rates again: ``suggest_slot`` uses it without
    reading ``all_grid``, and works them out itself (with its own ``k_all``) when the prior
    was made with another one."""
    now = datetime(2026, 11, 26, 14, 5, tzinfo=UTC)
    mine, everyone = ReachGrid(), ReachGrid()
    for hour in (9, 10, 15):
        for _ in range(6):
            everyone.add(THU, hour, reached=hour == 15)
    mine.add(THU, 9, reached=False)
    settings = Settings()
    given_prior = prior_of(everyone)
    with_prior = suggest_slot(mine, ReachGrid(), NY, now, settings, prior=given_prior)
    assert with_prior == suggest_slot(mine, everyone, NY, now, settings)
    assert with_prior != suggest_slot(mine, ReachGrid(), NY, now, settings)
    # Made with k_all 10: for k_all 2 the rates are worked out again, with 2.
    other = suggest_slot(mine, everyone, NY, now, settings, k_all=2.0, prior=given_prior)
    assert other == suggest_slot(mine, everyone, NY, now, settings, k_all=2.0)
    assert other == suggest_slot(
        mine, ReachGrid(), NY, now, settings, k_all=2.0, prior=prior_of(everyone, 2.0)
    )
    assert other is not None and with_prior is not None and other.score != with_prior.score


def test_working_hours_from_seven_take_the_seven_oclock_hour_and_the_night_stays_out():
    # The night ends at 07:00: a working day from 07:00 offers 07:00, not 06:00; one to 22:00
    # still offers nothing from 21:00 (not proven there).
    assert allowed_hours(ReachGrid(), Settings(work_start_hour=7, work_end_hour=18)) == list(
        range(7, 18)
    )
    assert allowed_hours(ReachGrid(), Settings(work_start_hour=6, work_end_hour=22)) == list(
        range(7, 21)
    )
    now = utc("2026-12-02T11:00:00+00:00")  # Wed 06:00 New York
    s = suggest_slot(ReachGrid(), ReachGrid(), NY, now, Settings(work_start_hour=7))
    assert s is not None and (s.weekday, s.hour) == (WED, 7)
    assert s.text == "try an early morning: never tried (Wed 07:00–08:00 ET)"


def test_an_hour_reached_in_exactly_a_quarter_of_its_calls_is_proven():
    grid = ReachGrid()
    for weekday in range(6):
        grid.add(weekday, 16, weekday < 2)  # reached 2 of 6 at 16:00
    grid.add(MON, 10, False)
    grid.add(TUE, 10, False)
    assert proven_hours(grid) == {16}
    # 2 of 8 is a quarter: still proven. 2 of 9 is not.
    grid.add(SUN, 16, False)
    grid.add(SUN, 16, False)
    assert grid.cell(SUN, 16) == (2, 0)
    assert proven_hours(grid) == {16}
    grid.add(SUN, 16, False)
    assert proven_hours(grid) == set()


def test_a_slot_at_23_reads_23_to_00():
    # Reached at 23:xx twice: 23:00 is proven, offered at night, and ends at 00:00.
    grid = ReachGrid()
    grid.add(TUE, 23, True)
    grid.add(TUE, 23, True)
    now = utc("2026-12-02T01:00:00+00:00")  # Tue 20:00 New York
    s = suggest_slot(grid, grid, NY, now, Settings())
    assert s is not None and (s.weekday, s.hour) == (TUE, 23)
    assert s.text == "try Tue 23:00–00:00 ET (reached 2 of 2)"
    assert window_of(s, NY, NY).theirs == "Tue 23:00–00:00 ET"


@pytest.mark.parametrize(
    ("now", "note"),
    [
        # Wed 06:00 New York, working hours from 07:00: 07:00 is the first slot.
        ("2026-12-02T11:00:00+00:00", "early morning: never tried"),
        # Wed 12:10 New York, hours from 12:00: the slot under way.
        ("2026-12-02T17:10:00+00:00", "after lunch: never tried"),
    ],
)
def test_a_part_of_the_day_never_tried_is_named_in_the_note(now, note):
    # The note drops the article only: "an early morning" -> "early morning".
    start = 7 if note.startswith("early") else 12
    s = suggest_slot(ReachGrid(), ReachGrid(), NY, utc(now), Settings(work_start_hour=start))
    assert s is not None and s.note == note


def test_taking_back_a_reach_never_leaves_a_negative_count():
    grid = ReachGrid()
    grid.add(TUE, 16, False)
    grid.remove(TUE, 16, True)  # a reach the cell never counted (a grid built elsewhere)
    assert grid.cell(TUE, 16) == (0, 0)


def test_a_call_is_taken_back_from_its_cell_in_the_contacts_zone_not_the_machines():
    # The tests run with TZ=America/New_York: a Tokyo contact's call must leave the Tokyo cell.
    call = phone("2026-12-01T22:51:00-05:00", "reached")  # Wed 12:51 in Tokyo
    grid = bin_attempts([call], "Asia/Tokyo")
    assert cells(grid) == {(WED, 12): (1, 1)}
    remove_attempt(grid, call, "Asia/Tokyo")
    assert cells(grid) == {}
