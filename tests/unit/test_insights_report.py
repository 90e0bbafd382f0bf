"""What ``followup-tui stats`` prints and exports: the text report and the JSON of the insights,
over the hand-counted history of test_insights.py, and each reading's wording."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from followup_tui.analytics.insights import (
    Rate,
    caller_id_reading,
    cells_of,
    compute_insights,
    first_reached_reading,
    place_name,
    rate_reading,
    text_report,
    zone_reading,
)
from followup_tui.analytics.stats import CallerIdStats
from followup_tui.domain.models import Attempt, Contact
from followup_tui.domain.snapshot import Snapshot
from tests.unit.test_insights import NOW, USER_ZONE, active_weeks, fixed_history, utc


def test_text_report_gives_each_series_its_numbers_and_reading():
    report = text_report(compute_insights(fixed_history(), USER_ZONE, NOW))
    # The counts are those of test_insights.py: 08 is Ann twice (one reached) and Bob (reached).
    assert report == (
        "Insights at 2026-11-26 14:05 UTC (weeks and months in America/New_York)\n"
        "\n"
        "Reached rate by hour of day (in each contact's time)\n"
        "  08 67% of 3 · 09 0% of 1 · 10 100% of 1 · 13 0% of 1 · 16 0% of 2\n"
        "  No hour has 10 calls yet (overall 38% of 8 calls): too few to tell which hour is "
        "better.\n"
        "\n"
        "Reached rate by hour, per contact zone\n"
        "  America/New_York: 08 100% of 1 · 09 0% of 1 · 16 0% of 2\n"
        "  America/Chicago: 08 50% of 2 · 13 0% of 1\n"
        "  Europe/London: 10 100% of 1\n"
        "  No hour has 10 calls yet (overall 38% of 8 calls): too few to tell which hour is "
        "better.\n"
        "\n"
        "Reached rate by weekday (in each contact's time)\n"
        "  Mon 50% of 2 · Tue 0% of 2 · Wed 0% of 1 · Thu 100% of 2 · Fri 0% of 1\n"
        "  No weekday has 10 calls yet (overall 38% of 8 calls): too few to tell which weekday "
        "is better.\n"
        "\n"
        "Caller ID hidden vs shown\n"
        "  hidden 50% of 4 · shown 0% of 3\n"
        "  Hidden 50% of 4 calls (95% 15%-85%), shown 0% of 3 calls (95% 0%-56%): "
        "no clear difference.\n"
        "\n"
        "Attempts until first reached\n"
        "  1: 1 · 2: 1 · 3: 1 · 4-5: 0 · 6-9: 0 · 10-19: 0 · 20-39: 0 · 40+: 0 "
        "(attempts: people)\n"
        "  Half the people you reached took 2 or more attempts (3 people reached; 1 person not "
        "reached yet).\n"
        "\n"
        "Keep-warm within cadence, month ends\n"
        "  Jun 0 of 1 · Jul 0 of 1 · Aug 1 of 1 · Sep 0 of 1 · Oct 1 of 1 · Nov 0 of 1 "
        "(on time of keep-warm)\n"
        "  Nov so far: 0 of 1 keep-warm contact within their cadence; over 6 months 33% "
        "(2 of 6 month-ends).\n"
        "\n"
        "Activity of the last 12 weeks\n"
        "  7 Sep: 0/0/0 · 14 Sep: 0/0/0 · 21 Sep: 0/0/0 · 28 Sep: 1/0/1 · 5 Oct: 0/0/0 · "
        "12 Oct: 0/0/0 · 19 Oct: 0/0/0 · 26 Oct: 0/0/0 · 2 Nov: 0/0/0 · 9 Nov: 0/0/0 · "
        "16 Nov: 2/0/0 · 23 Nov: 4/1/2 (week of: calls/e-mails/reached)\n"
        "  Last 12 weeks: 7 calls, 1 e-mail, reached 3 times; this week 4 calls, 1 e-mail.\n"
    )


def test_text_report_of_an_empty_file_has_titles_and_readings_only():
    report = text_report(compute_insights(Snapshot(), USER_ZONE, NOW))
    lines = report.splitlines()
    assert lines[:5] == [
        "Insights at 2026-11-26 14:05 UTC (weeks and months in America/New_York)",
        "",
        "Reached rate by hour of day (in each contact's time)",
        "  No calls yet: log calls to see when people pick up.",
        "",
    ]
    # Without calls no rate line; the bins and weeks are still listed, at zero.
    assert "Caller ID hidden vs shown\n  No calls with the caller ID recorded yet.\n" in report
    assert "  1: 0 · 2: 0 · 3: 0 · 4-5: 0 · " in report
    assert "  Jun 0 of 0 · Jul 0 of 0 · " in report
    assert report.endswith("  Nothing logged in the last 12 weeks.\n")


def test_json_export_carries_the_counts_rates_and_intervals():
    data = compute_insights(fixed_history(), USER_ZONE, NOW).to_json()
    assert json.loads(json.dumps(data)) == data
    assert data["now"] == "2026-11-26T14:05:07.123456+00:00"
    assert data["user_zone"] == USER_ZONE
    # 3 of 8 calls: Wilson 95% interval 13.68%-69.43%, rounded to four places.
    overall = {"calls": 8, "reached": 3, "rate": 0.375, "low": 0.1368, "high": 0.6943}
    by_hour = data["by_hour"]
    assert by_hour["overall"] == overall
    assert by_hour["reading"].startswith("No hour has 10 calls yet")
    assert len(by_hour["bars"]) == 24
    assert by_hour["bars"][0] == {
        "label": "00",
        "calls": 0,
        "reached": 0,
        "rate": None,
        "low": None,
        "high": None,
    }
    assert by_hour["bars"][8] == {
        "label": "08",
        "calls": 3,
        "reached": 2,
        "rate": 0.6667,
        "low": 0.2077,
        "high": 0.9385,
    }
    weekday = data["by_weekday"]
    assert weekday["overall"] == overall
    assert weekday["reading"].startswith("No weekday has 10 calls yet")
    assert [bar["label"] for bar in weekday["bars"]] == [
        "Mon",
        "Tue",
        "Wed",
        "Thu",
        "Fri",
        "Sat",
        "Sun",
    ]
    assert weekday["bars"][3] == {
        "label": "Thu",
        "calls": 2,
        "reached": 2,
        "rate": 1.0,
        "low": 0.3424,
        "high": 1.0,
    }
    assert data["caller_id"] == {
        "reading": (
            "Hidden 50% of 4 calls (95% 15%-85%), shown 0% of 3 calls (95% 0%-56%): "
            "no clear difference."
        ),
        "hidden": {"calls": 4, "reached": 2, "rate": 0.5, "low": 0.15, "high": 0.85},
        "shown": {"calls": 3, "reached": 0, "rate": 0.0, "low": 0.0, "high": 0.5615},
    }


def test_json_export_of_people_months_weeks_and_zones():
    data = compute_insights(fixed_history(), USER_ZONE, NOW).to_json()
    first = data["first_reached"]
    assert first["reading"].startswith("Half the people you reached took 2 or more")
    assert (first["median"], first["reached_people"], first["not_reached_people"]) == (2, 3, 1)
    assert first["bars"][:4] == [
        {"label": "1", "people": 1},
        {"label": "2", "people": 1},
        {"label": "3", "people": 1},
        {"label": "4-5", "people": 0},
    ]
    assert [bar["label"] for bar in first["bars"][4:]] == ["6-9", "10-19", "20-39", "40+"]
    warm = data["keep_warm_adherence"]
    assert warm["reading"].startswith("Nov so far: 0 of 1 keep-warm contact")
    assert warm["bars"][2] == {
        "label": "Aug",
        "checked_on": "2026-08-31",
        "keep_warm": 1,
        "on_time": 1,
        "rate": 1.0,
    }
    assert warm["bars"][-1] == {
        "label": "Nov",
        "checked_on": "2026-11-26",
        "keep_warm": 1,
        "on_time": 0,
        "rate": 0.0,
    }
    activity = data["activity"]
    assert activity["reading"].startswith("Last 12 weeks: 7 calls")
    assert activity["weeks"][3] == {"week_of": "2026-09-28", "calls": 1, "emails": 0, "reached": 1}
    assert activity["weeks"][-1] == {
        "week_of": "2026-11-23",
        "calls": 4,
        "emails": 1,
        "reached": 2,
    }
    zones = data["by_hour_per_zone"]
    assert zones["reading"] == data["by_hour"]["reading"]
    assert list(zones["zones"]) == ["America/New_York", "America/Chicago", "Europe/London"]
    chicago = zones["zones"]["America/Chicago"]
    assert len(chicago) == 24
    assert chicago[8] == {
        "label": "08",
        "calls": 2,
        "reached": 1,
        "rate": 0.5,
        "low": 0.0945,
        "high": 0.9055,
    }


def test_json_export_of_a_month_without_keep_warm_contacts_has_no_rate():
    snap = Snapshot()
    created = utc("2026-11-02T12:00:00")
    snap.put_contact(Contact("Gus", status="keep_warm", cadence_days=30, created_at=created, id=1))
    bars = compute_insights(snap, USER_ZONE, NOW).to_json()["keep_warm_adherence"]["bars"]
    assert [(bar["label"], bar["keep_warm"], bar["rate"]) for bar in bars] == [
        ("Jun", 0, None),
        ("Jul", 0, None),
        ("Aug", 0, None),
        ("Sep", 0, None),
        ("Oct", 0, None),
        ("Nov", 1, 0.0),
    ]


def test_caller_id_reading_names_the_missing_side_and_a_clear_winner():
    assert caller_id_reading(CallerIdStats(0, 0, 5, 1)) == (
        "No calls with the number hidden yet: nothing to compare."
    )
    assert caller_id_reading(CallerIdStats(5, 1, 0, 0)) == (
        "No calls with the number shown yet: nothing to compare."
    )
    # 18 of 20 hidden (70%-97%) against 2 of 20 shown (3%-30%).
    assert caller_id_reading(CallerIdStats(20, 18, 20, 2)) == (
        "Hidden 90% of 20 calls (95% 70%-97%), shown 10% of 20 calls (95% 3%-30%): "
        "hiding the number clearly reached more people."
    )
    assert caller_id_reading(CallerIdStats(20, 2, 20, 18)) == (
        "Hidden 10% of 20 calls (95% 3%-30%), shown 90% of 20 calls (95% 70%-97%): "
        "showing the number clearly reached more people."
    )
    assert caller_id_reading(CallerIdStats(1, 1, 1, 0)).startswith("Hidden 100% of 1 call (")


def test_first_reached_reading_in_each_case():
    assert first_reached_reading([], None, 0) == "Nobody tried yet."
    assert first_reached_reading([], None, 2) == "Nobody reached yet; 2 people not reached yet."
    assert first_reached_reading([3], 3, 0) == "The one person you reached took 3 attempts."
    assert first_reached_reading([1], 1, 1) == (
        "The one person you reached took 1 attempt; 1 person not reached yet."
    )
    assert first_reached_reading([1, 4], 4, 0) == (
        "Half the people you reached took 4 or more attempts (2 people reached)."
    )


def test_rate_of_one_call_and_its_json():
    assert Rate(1, 1).to_json() == {
        "calls": 1,
        "reached": 1,
        "rate": 1.0,
        "low": 0.2065,
        "high": 1.0,
    }
    assert Rate(3, 1).to_json()["rate"] == 0.3333


def test_a_contact_at_the_first_instant_counts_from_its_utc_day():
    snap = Snapshot()
    start = datetime(1, 1, 1, tzinfo=UTC)
    snap.put_contact(Contact("Old", status="keep_warm", cadence_days=30, created_at=start, id=1))
    snap.add_attempt(Attempt(1, NOW, "email", "sent", id=1))
    series = compute_insights(snap, USER_ZONE, NOW).adherence
    assert series.contacts == (1, 1, 1, 1, 1, 1)
    assert series.on_time == (0, 0, 0, 0, 0, 1)


#: Friday 27 November 2026, 05:00 in Tokyo; still Thursday the 26th in New York (the tests' TZ).
TOKYO_NOW = datetime(2026, 11, 26, 20, 0, 0, 123456, tzinfo=UTC)


def tokyo_history() -> Snapshot:
    """A user in Tokyo, whose days, weeks and months start hours before New York's."""
    snap = Snapshot()
    snap.settings = replace(snap.settings, holidays=[date(2026, 11, 26)])
    warm = {"status": "keep_warm", "cadence_days": 25, "timezone": "Asia/Tokyo"}
    # Created at 00:30 on 1 July in Tokyo (still 30 June in New York).
    snap.put_contact(Contact("Gus", created_at=utc("2026-06-30T15:30:00"), id=1, **warm))
    snap.put_contact(Contact("Ivy", id=2, **warm))  # no creation time: counts from its first try
    snap.put_contact(Contact("Jo", created_at=utc("2026-11-05T03:00:00"), id=3, **warm))
    snap.put_contact(Contact("Hal", timezone="Asia/Tokyo", id=4))
    attempts = [
        # 00:30 on Sunday 1 November in Tokyo (31 October in New York).
        Attempt(1, utc("2026-10-31T15:30:00"), "email", "sent"),
        Attempt(2, utc("2026-09-10T03:00:00"), "email", "sent"),
        Attempt(2, utc("2026-10-31T15:30:00"), "email", "sent"),
        # 00:30 on Monday 7 September in Tokyo: the first minute of the twelve weeks shown.
        Attempt(4, utc("2026-09-06T15:30:00"), "phone", "no_answer", "shown"),
        # 03:00 on Monday 23 November in Tokyo (Sunday the 22nd in New York).
        Attempt(4, utc("2026-11-22T18:00:00"), "phone", "reached", "hidden"),
    ]
    for i, attempt in enumerate(sorted(attempts, key=lambda a: a.at), 1):
        snap.add_attempt(replace(attempt, id=i))
    return snap


def test_months_and_weeks_are_the_users_own_in_tokyo():
    insights = compute_insights(tokyo_history(), "Asia/Tokyo", TOKYO_NOW)
    warm = insights.adherence
    assert warm.checked_on[-2:] == (date(2026, 10, 31), date(2026, 11, 27))
    # Gus from 1 July, Ivy from 10 September, Jo from 5 November. Ivy's e-mail of 10 September
    # is due 5 October: on time on 30 September. The e-mails of 1 November (Tokyo) are due 26
    # November, Thanksgiving, so the next business day, 27 November: both on time today, and
    # neither counts for 31 October.
    assert warm.contacts == (0, 1, 1, 2, 2, 3)
    assert warm.on_time == (0, 0, 0, 1, 0, 2)
    assert warm.reading == (
        "Nov so far: 2 of 3 keep-warm contacts within their cadence; "
        "over 6 months 33% (3 of 9 month-ends)."
    )
    bars = insights.to_json()["keep_warm_adherence"]["bars"]
    assert [bar["rate"] for bar in bars] == [None, 0.0, 0.0, 0.5, 0.0, 0.6667]
    activity = insights.activity
    assert activity.week_starts[0] == date(2026, 9, 7)
    assert active_weeks(activity) == {
        date(2026, 9, 7): (1, 1, 0),
        date(2026, 10, 26): (0, 2, 0),
        date(2026, 11, 23): (1, 0, 1),
    }


def test_a_reach_counts_once_for_its_own_caller_id():
    snap = Snapshot()
    snap.put_contact(Contact("Kim", id=1))
    ids = ["hidden", "hidden", "shown", "hidden"]
    for i, caller_id in enumerate(ids, 1):
        at = utc("2026-11-20T14:00:00") + timedelta(days=i)
        snap.add_attempt(Attempt(1, at, "phone", "reached", caller_id, id=i))
    series = compute_insights(snap, USER_ZONE, NOW).caller_id
    assert (series.hidden, series.shown) == (Rate(3, 3), Rate(1, 1))


def test_the_upper_median_of_four_people():
    snap = Snapshot()
    for cid in range(1, 5):
        snap.put_contact(Contact(f"P{cid}", id=cid))
    n = 0
    for cid in range(1, 5):  # P1 reached at the first call, P4 at the fourth
        for k in range(cid):
            n += 1
            outcome = "reached" if k == cid - 1 else "no_answer"
            at = utc("2026-11-02T14:00:00") + timedelta(hours=n)
            snap.add_attempt(Attempt(cid, at, "phone", outcome, id=n))
    series = compute_insights(snap, USER_ZONE, NOW).first_reached
    assert series.attempts == (1, 2, 3, 4)
    assert series.median == 3
    assert (
        series.reading == "Half the people you reached took 3 or more attempts (4 people reached)."
    )


def test_activity_of_a_meeting_alone_and_of_a_call_alone():
    snap = Snapshot()
    snap.put_contact(Contact("Lou", id=1))
    snap.add_attempt(Attempt(1, utc("2026-11-24T15:00:00"), "in_person", "met", id=1))
    reading = compute_insights(snap, USER_ZONE, NOW).activity.reading
    assert (
        reading
        == "Last 12 weeks: 0 calls, 0 e-mails, reached 1 time; this week 0 calls, 0 e-mails."
    )
    snap = Snapshot()
    snap.put_contact(Contact("Lou", id=1))
    snap.add_attempt(Attempt(1, utc("2026-11-24T15:00:00"), "phone", "voicemail", id=1))
    reading = compute_insights(snap, USER_ZONE, NOW).activity.reading
    assert (
        reading == "Last 12 weeks: 1 call, 0 e-mails, reached 0 times; this week 1 call, 0 e-mails."
    )


def test_ten_calls_in_one_hour_are_named_against_the_other_hours_and_days():
    snap = Snapshot()
    snap.put_contact(Contact("Max", timezone="America/Phoenix", id=1))
    n = 0
    # Ten calls on Mondays at 09:30 in Phoenix (16:30 UTC, no summer time), eight answered;
    # ten at 16:30 on Wednesdays, none answered.
    for week in range(10):
        for day, hour, outcome in ((0, 16, "reached" if week < 8 else "busy"), (2, 23, "busy")):
            n += 1
            at = utc("2026-09-07T00:30:00") + timedelta(weeks=week, days=day, hours=hour)
            snap.add_attempt(Attempt(1, at, "phone", outcome, id=n))
    insights = compute_insights(snap, USER_ZONE, NOW)
    assert insights.by_hour.reading == (
        "Best hour: 09:00-10:00, 80% reached of 10 calls (95% 49%-94%); "
        "other hours 0% of 10 calls (95% 0%-28%): clearly above."
    )
    assert insights.by_weekday.reading == (
        "Best weekday: Mon, 80% reached of 10 calls (95% 49%-94%); "
        "other days 0% of 10 calls (95% 0%-28%): clearly above."
    )
    assert insights.by_zone_reading == (
        "Clearly above the other hours of their zone: "
        "09:00-10:00 in Phoenix (80% of 10 calls, 95% 49%-94%)."
    )


def test_a_tie_names_the_first_bar():
    cells = cells_of(["Mon", "Tue"], [Rate(10, 5), Rate(10, 5)], "other days")
    assert rate_reading(cells, Rate(20, 10), "weekday").startswith("Best weekday: Mon, 50%")


def _hours(**bars: Rate) -> tuple[Rate, ...]:
    return tuple(bars.get(f"h{h:02d}", Rate()) for h in range(24))


def test_zone_reading_names_each_zones_best_clear_hour_highest_first():
    rest = Rate(60, 0)
    per_zone = {
        "America/Argentina/Buenos_Aires": _hours(h09=Rate(10, 8), h16=rest),
        "America/Chicago": _hours(h09=Rate(10, 10), h14=Rate(10, 9), h16=rest),
        "Europe/London": _hours(h09=Rate(10, 9), h14=Rate(10, 10), h16=rest),
        "Asia/Tokyo": _hours(h09=Rate(10, 10), h14=Rate(10, 10), h16=rest),
    }
    reading = zone_reading(per_zone, Rate(350, 66))
    assert reading == (
        "Clearly above the other hours of their zone: "
        "09:00-10:00 in Chicago (100% of 10 calls, 95% 72%-100%), "
        "14:00-15:00 in London (100% of 10 calls, 95% 72%-100%), "
        "09:00-10:00 in Tokyo (100% of 10 calls, 95% 72%-100%), "
        "09:00-10:00 in Buenos Aires (80% of 10 calls, 95% 49%-94%)."
    )


def test_zone_reading_without_a_clear_hour_compares_within_the_zone():
    per_zone = {"America/Chicago": _hours(h09=Rate(10, 4), h16=Rate(90, 16))}
    assert zone_reading(per_zone, Rate(100, 20)) == (
        "Best hour: 09:00-10:00 in Chicago, 40% reached of 10 calls (95% 17%-69%); "
        "other hours in Chicago 18% of 90 calls (95% 11%-27%): no clear difference."
    )


def test_place_names_are_the_last_part_of_the_zone_in_words():
    assert place_name("America/Argentina/Buenos_Aires") == "Buenos Aires"
    assert place_name("America/Los_Angeles") == "Los Angeles"
    assert place_name("UTC") == "UTC"
