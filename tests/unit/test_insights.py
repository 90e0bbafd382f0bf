"""Insights over a small fixed history, counted by hand; Hypothesis checks the totals."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from followup_tui.analytics.insights import (
    ACTIVITY_WEEKS,
    ActivitySeries,
    Rate,
    cells_of,
    compute_insights,
    rate_reading,
)
from followup_tui.analytics.stats import wilson_interval
from followup_tui.domain.models import Attempt, Contact
from followup_tui.domain.snapshot import Snapshot

#: A Thursday afternoon, with microseconds as a real clock has.
NOW = datetime(2026, 11, 26, 14, 5, 7, 123456, tzinfo=UTC)
USER_ZONE = "America/New_York"


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def fixed_history() -> Snapshot:
    snap = Snapshot()
    created = utc("2026-06-01T12:00:00")
    people = [
        Contact("Ann", timezone="America/Chicago", created_at=created, id=1),
        Contact("Bob", created_at=created, id=2),  # no zone: the user's (New York)
        Contact(
            "Cleo",
            timezone="Europe/London",
            status="keep_warm",
            cadence_days=30,
            created_at=created,
            id=3,
        ),
        Contact("Dan", timezone="America/New_York", created_at=created, id=4),
        Contact("Eve", id=5),  # never tried
    ]
    for person in people:
        snap.put_contact(person)
    attempts = [
        # Ann, Chicago: 13:10 Tue (shown, voicemail); 08:30 Mon reached; 08:15 Tue no answer.
        Attempt(1, utc("2026-11-17T19:10:00"), "phone", "voicemail", "shown"),
        Attempt(1, utc("2026-11-23T14:30:00"), "phone", "reached", "hidden"),
        Attempt(1, utc("2026-11-24T14:15:00"), "phone", "no_answer", "hidden"),
        # Bob, New York: an e-mail, 16:30 Wed no answer, 08:00 Thu reached (caller ID unknown).
        Attempt(2, utc("2026-11-25T15:00:00"), "email", "sent"),
        Attempt(2, utc("2026-11-25T21:30:00"), "phone", "no_answer", "hidden"),
        Attempt(2, utc("2026-11-26T13:00:00"), "phone", "reached", None),
        # Cleo, London, keep warm: met on 10 Aug, reached at 10:00 BST on Thu 1 Oct.
        Attempt(3, utc("2026-08-10T12:00:00"), "in_person", "met"),
        Attempt(3, utc("2026-10-01T09:00:00"), "phone", "reached", "hidden"),
        # Dan, New York: 16:00 Mon 3 Aug no answer, 09:00 Fri 20 Nov busy, both shown.
        Attempt(4, utc("2026-08-03T20:00:00"), "phone", "no_answer", "shown"),
        Attempt(4, utc("2026-11-20T14:00:00"), "phone", "busy", "shown"),
    ]
    for i, attempt in enumerate(attempts, 1):
        snap.add_attempt(replace(attempt, id=i))
    return snap


def test_wilson_interval_matches_published_values():
    low, high = wilson_interval(1, 2)  # type: ignore[misc]
    assert (round(low, 4), round(high, 4)) == (0.0945, 0.9055)
    low, high = wilson_interval(0, 10)  # type: ignore[misc]
    assert (low, round(high, 4)) == (0.0, 0.2775)
    assert wilson_interval(0, 0) is None
    # 16 of 16: the formula gives 1.0000000000000002 in floating point; the interval stays
    # inside 0..1 (a chart's band never pokes above 100%).
    assert wilson_interval(16, 16)[1] == 1.0  # type: ignore[index]


def test_reached_rate_by_hour_and_weekday_in_the_contacts_zone():
    insights = compute_insights(fixed_history(), USER_ZONE, NOW)
    hours = {
        label: (rate.calls, rate.reached)
        for label, rate in zip(insights.by_hour.labels, insights.by_hour.rates, strict=True)
        if rate.calls
    }
    # 08: Ann twice (Chicago), Bob (New York); 10: Cleo (London, summer time); 13: Ann;
    # 09: Dan; 16: Bob and Dan.
    assert hours == {"08": (3, 2), "09": (1, 0), "10": (1, 1), "13": (1, 0), "16": (2, 0)}
    assert insights.by_hour.overall == Rate(8, 3)
    days = [(r.calls, r.reached) for r in insights.by_weekday.rates]
    assert days == [(2, 1), (2, 0), (1, 0), (2, 2), (1, 0), (0, 0), (0, 0)]
    assert insights.by_hour.reading == (
        "No hour has 10 calls yet (overall 38% of 8 calls): too few to tell which hour is better."
    )
    chicago = insights.hour_by_zone["America/Chicago"]
    assert [(h, r.calls, r.reached) for h, r in enumerate(chicago) if r.calls] == [
        (8, 2, 1),
        (13, 1, 0),
    ]
    # The zones with the most calls first.
    assert list(insights.hour_by_zone) == [
        "America/New_York",
        "America/Chicago",
        "Europe/London",
    ]


def test_hidden_vs_shown_with_intervals():
    insights = compute_insights(fixed_history(), USER_ZONE, NOW)
    series = insights.caller_id
    assert (series.hidden.calls, series.hidden.reached) == (4, 2)
    assert (series.shown.calls, series.shown.reached) == (3, 0)
    assert series.hidden.interval == series.stats.hidden_interval
    # 2 of 4: 15%-85%; 0 of 3: 0%-56%: the intervals overlap.
    assert series.reading == (
        "Hidden 50% of 4 calls (95% 15%-85%), shown 0% of 3 calls (95% 0%-56%): "
        "no clear difference."
    )


def test_attempts_until_first_reached():
    series = compute_insights(fixed_history(), USER_ZONE, NOW).first_reached
    # Cleo: met at once (1); Ann: voicemail then reached (2); Bob: e-mail, no answer, reached
    # (3); Dan never; Eve never tried.
    assert series.attempts == (1, 2, 3)
    assert series.median == 2
    assert series.not_reached == 1
    assert dict(zip(series.labels, series.counts, strict=True))["1"] == 1
    assert sum(series.counts) == 3
    assert series.reading == (
        "Half the people you reached took 2 or more attempts "
        "(3 people reached; 1 person not reached yet)."
    )


def test_keep_warm_adherence_at_each_month_end():
    series = compute_insights(fixed_history(), USER_ZONE, NOW).adherence
    assert series.labels == ("Jun", "Jul", "Aug", "Sep", "Oct", "Nov")
    assert series.checked_on == (
        date(2026, 6, 30),
        date(2026, 7, 31),
        date(2026, 8, 31),
        date(2026, 9, 30),
        date(2026, 10, 31),
        date(2026, 11, 26),
    )
    # Untouched in June and July; met 10 Aug -> due 9 Sep (on time 31 Aug, late 30 Sep);
    # reached 1 Oct -> due 31 Oct, a Saturday, so Mon 2 Nov (on time 31 Oct, late 26 Nov).
    assert series.contacts == (1, 1, 1, 1, 1, 1)
    assert series.on_time == (0, 0, 1, 0, 1, 0)
    assert series.reading == (
        "Nov so far: 0 of 1 keep-warm contact within their cadence; "
        "over 6 months 33% (2 of 6 month-ends)."
    )


def active_weeks(series: ActivitySeries) -> dict[date, tuple[int, int, int]]:
    """``(calls, e-mails, reached)`` of each week with any, by the Monday it starts."""
    return {
        start: (c, e, r)
        for start, c, e, r in zip(
            series.week_starts, series.calls, series.emails, series.reached, strict=True
        )
        if c or e or r
    }


def test_activity_of_the_last_twelve_weeks():
    series = compute_insights(fixed_history(), USER_ZONE, NOW).activity
    assert series.week_starts[0] == date(2026, 9, 7)
    assert series.week_starts[-1] == date(2026, 11, 23)
    assert len(series.calls) == ACTIVITY_WEEKS
    assert active_weeks(series) == {
        date(2026, 9, 28): (1, 0, 1),  # Cleo, 1 Oct
        date(2026, 11, 16): (2, 0, 0),  # Ann 17 Nov, Dan 20 Nov
        date(2026, 11, 23): (4, 1, 2),  # Ann twice, Bob's e-mail and two calls
    }
    assert series.reading == (
        "Last 12 weeks: 7 calls, 1 e-mail, reached 3 times; this week 4 calls, 1 e-mail."
    )


def test_a_call_logged_at_this_very_instant_counts_this_week():
    # Logged in the same microsecond as the clock reads (the app's own `now`): not the future.
    snap = fixed_history()
    snap.add_attempt(Attempt(4, NOW, "phone", "no_answer", "hidden", id=99))
    series = compute_insights(snap, USER_ZONE, NOW).activity
    assert active_weeks(series)[date(2026, 11, 23)] == (5, 1, 2)


def test_a_bar_is_clearly_above_only_when_its_interval_is():
    names = ["08:00-09:00", "09:00-10:00"]
    clear = rate_reading(
        cells_of(names, [Rate(20, 12), Rate(80, 8)], "other hours"), Rate(100, 20), "hour"
    )
    # 12 of 20: 39%-78%, all of it above the other hours' 8 of 80 (5%-19%).
    assert clear == (
        "Best hour: 08:00-09:00, 60% reached of 20 calls (95% 39%-78%); "
        "other hours 10% of 80 calls (95% 5%-19%): clearly above."
    )
    # 4 of 10 (40%) looks twice the other hours' 16 of 90, but the intervals overlap.
    unclear = rate_reading(
        cells_of(names, [Rate(10, 4), Rate(90, 16)], "other hours"), Rate(100, 20), "hour"
    )
    assert unclear.startswith("Best hour: 08:00-09:00, 40% reached of 10 calls (95% 17%-69%)")
    assert unclear.endswith(": no clear difference.")
    # A bar clearly above wins over a higher one that is not.
    cells = cells_of(names, [Rate(20, 12), Rate(80, 8)], "other hours")
    cells.append(("13:00-14:00 in Chicago", Rate(10, 7), "other hours in Chicago", Rate(5, 2)))
    assert rate_reading(cells, Rate(100, 20), "hour").startswith("Best hour: 08:00-09:00,")


def test_empty_file_reads_plainly():
    insights = compute_insights(Snapshot(), USER_ZONE, NOW)
    assert insights.readings() == {
        "by_hour": "No calls yet: log calls to see when people pick up.",
        "by_hour_zone": "No calls yet: log calls to see when people pick up.",
        "by_weekday": "No calls yet: log calls to see when people pick up.",
        "caller_id": "No calls with the caller ID recorded yet.",
        "first_reached": "Nobody tried yet.",
        "adherence": "No keep-warm contacts yet.",
        "activity": "Nothing logged in the last 12 weeks.",
    }


ZONES = [None, "America/New_York", "Europe/London", "Asia/Kolkata", "Australia/Lord_Howe"]
OUTCOMES_OF = {
    "phone": ["reached", "voicemail", "no_answer", "busy", "gatekeeper", "wrong_number"],
    "email": ["sent", "replied"],
    "linkedin": ["sent", "replied"],
    "in_person": ["met", "reached"],
}
attempt_st = st.tuples(
    st.integers(0, 3),  # contact
    st.integers(0, (ACTIVITY_WEEKS - 1) * 7 * 24 * 3600),  # seconds before now
    st.sampled_from(sorted(OUTCOMES_OF)),
    st.integers(0, 5),
    st.sampled_from(["hidden", "shown", None]),
)


@settings(max_examples=60, deadline=None)
@given(
    zones=st.lists(st.sampled_from(ZONES), min_size=4, max_size=4),
    warm=st.lists(st.booleans(), min_size=4, max_size=4),
    drawn=st.lists(attempt_st, max_size=60),
)
def test_totals_equal_the_attempts_of_each_kind(zones, warm, drawn):
    snap = Snapshot()
    for i, (tz, keep) in enumerate(zip(zones, warm, strict=True)):
        snap.put_contact(
            Contact(f"P{i}", timezone=tz, status="keep_warm" if keep else "pursuing", id=i)
        )
    attempts = []
    for n, (cid, back, channel, pick, caller_id) in enumerate(drawn, 1):
        outcomes = OUTCOMES_OF[channel]
        attempt = Attempt(
            cid,
            NOW - timedelta(seconds=back),
            channel,
            outcomes[pick % len(outcomes)],
            caller_id if channel == "phone" else None,
            id=n,
        )
        attempts.append(attempt)
        snap.add_attempt(attempt)
    insights = compute_insights(snap, "America/Chicago", NOW)
    calls = [a for a in attempts if a.channel == "phone"]
    reached_calls = [a for a in calls if a.outcome == "reached"]
    for series in (insights.by_hour, insights.by_weekday):
        assert sum(r.calls for r in series.rates) == series.overall.calls == len(calls)
        assert sum(r.reached for r in series.rates) == len(reached_calls)
    assert sum(sum(r.calls for r in rates) for rates in insights.hour_by_zone.values()) == len(
        calls
    )
    ids = insights.caller_id
    assert ids.hidden.calls + ids.shown.calls + sum(a.caller_id is None for a in calls) == len(
        calls
    )
    assert ids.hidden.reached + ids.shown.reached == sum(
        1 for a in reached_calls if a.caller_id is not None
    )
    # Every attempt lies in the last 12 weeks (the first Monday is at most 12 weeks back).
    activity = insights.activity
    assert sum(activity.calls) == len(calls)
    assert sum(activity.emails) == sum(a.channel == "email" for a in attempts)
    assert sum(activity.reached) == sum(a.outcome in ("reached", "met") for a in attempts)
    tried = {a.contact_id for a in attempts}
    first = insights.first_reached
    assert sum(first.counts) == len(first.attempts)
    assert len(first.attempts) + first.not_reached == len(tried)
    assert first.not_reached == sum(
        1
        for cid in tried
        if not any(a.outcome in ("reached", "met") for a in attempts if a.contact_id == cid)
    )
    adherence = insights.adherence
    assert adherence.contacts[-1] == sum(warm)
    assert all(
        0 <= ok <= total for ok, total in zip(adherence.on_time, adherence.contacts, strict=True)
    )


def test_zone_reading_names_each_zone_whose_best_hour_is_clear():
    from followup_tui.analytics.insights import zone_reading

    def day(**hours: tuple[int, int]) -> tuple[Rate, ...]:
        rates = [Rate()] * 24
        for hour, (calls, reached) in hours.items():
            rates[int(hour[1:])] = Rate(calls, reached)
        return tuple(rates)

    per_zone = {
        # Chicago: 10 of 18 at 08:00 against 5 of 76 at the other hours: clear.
        "America/Chicago": day(h8=(18, 10), h9=(40, 3), h14=(36, 2)),
        # New York: 4 of 20 at 17:00 against 6 of 60: the intervals overlap, not named.
        "America/New_York": day(h17=(20, 4), h10=(60, 6)),
    }
    assert zone_reading(per_zone, Rate(174, 25)) == (
        "Clearly above the other hours of their zone: 08:00-09:00 in Chicago "
        "(56% of 18 calls, 95% 34%-75%)."
    )
    del per_zone["America/Chicago"]
    assert zone_reading(per_zone, Rate(80, 10)).endswith(": no clear difference.")


def test_instants_and_cadences_at_the_calendars_edge_do_not_break_the_insights():
    snap = Snapshot()
    snap.put_contact(
        Contact("Ann", timezone="America/New_York", status="keep_warm", cadence_days=10**12, id=1)
    )
    snap.add_attempt(Attempt(1, datetime(1, 1, 1, tzinfo=UTC), "phone", "reached", "hidden", id=1))
    snap.add_attempt(Attempt(1, NOW - timedelta(days=3), "phone", "busy", "hidden", id=2))
    snap.add_attempt(Attempt(1, datetime(9999, 12, 31, 23, tzinfo=UTC), "email", "sent", id=3))
    insights = compute_insights(snap, "Asia/Tokyo", NOW)
    # The call of year 1 has no New York wall clock: left out of the hours, not of the rest.
    assert insights.by_hour.overall == Rate(1, 0)
    assert insights.caller_id.hidden == Rate(2, 1)
    # Touched 3 days ago with a cadence longer than the calendar: on time.
    assert insights.adherence.on_time[-1] == insights.adherence.contacts[-1] == 1
    assert insights.first_reached.attempts == (1,)
    json.dumps(insights.to_json())


def test_a_zone_nobody_knows_is_binned_and_named_as_utc():
    snap = Snapshot()
    snap.put_contact(Contact("Ann", timezone="[@click=app.quit]Mars/Olympus[/]", id=1))
    # 14:30 UTC, a Monday.
    snap.add_attempt(Attempt(1, utc("2026-11-23T14:30:00"), "phone", "reached", "hidden", id=1))
    insights = compute_insights(snap, USER_ZONE, NOW)
    assert list(insights.hour_by_zone) == ["UTC"]
    assert insights.hour_by_zone["UTC"][14] == Rate(1, 1)


def test_a_single_hour_with_calls_has_nothing_to_compare_with():
    names = ["08:00-09:00", "09:00-10:00"]
    reading = rate_reading(
        cells_of(names, [Rate(12, 3), Rate()], "other hours"), Rate(12, 3), "hour"
    )
    assert reading == (
        "Best hour: 08:00-09:00, 25% reached of 12 calls (95% 9%-53%); "
        "no calls at other hours to compare with."
    )
