"""Reachability: the calls of ``followup-tui due`` binned from marks, zone names in words, the
window of a suggestion built by hand, and merged grids."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from followup_tui.analytics.reachability import (
    ReachGrid,
    Suggestion,
    bin_attempts,
    bin_marks,
    part_of_day,
    window_of,
    zone_abbreviation,
)
from followup_tui.domain.models import Attempt


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


CALLS = [
    # 08:30 Monday in Chicago (summer time), twice reached; an e-mail; 16:05 Tuesday not reached.
    (at("2026-07-06T13:30:00.250000"), 1, "reached", "phone"),
    (at("2026-07-13T13:40:00"), 2, "reached", "phone"),
    (at("2026-07-13T15:00:00"), 3, "sent", "email"),
    (at("2026-07-14T21:05:00"), 4, "no_answer", "phone"),
]


def test_marks_bin_like_the_attempts_into_both_grids():
    attempts = [Attempt(1, when, channel, outcome, id=i) for when, i, outcome, channel in CALLS]
    expected = bin_attempts(attempts, "America/Chicago")
    assert expected.cell(0, 8) == (2, 2)
    assert expected.cell(1, 16) == (1, 0)
    assert expected.total_attempts == 3
    mine, everyone = ReachGrid(), ReachGrid()
    everyone.add(4, 10, True)
    bin_marks(mine, CALLS, "America/Chicago", also=everyone)
    assert (mine.attempts, mine.reached) == (expected.attempts, expected.reached)
    assert everyone.cell(0, 8) == (2, 2)
    assert everyone.cell(1, 16) == (1, 0)
    assert (everyone.total_attempts, everyone.total_reached) == (4, 3)
    alone = ReachGrid()
    bin_marks(alone, CALLS, "America/Chicago")
    assert (alone.attempts, alone.reached) == (expected.attempts, expected.reached)


def test_merge_adds_the_counts():
    grid, other = ReachGrid(), ReachGrid()
    grid.add(0, 9, True)
    other.add(0, 9, True)
    other.add(0, 9, False)
    grid.merge(other)
    assert grid.cell(0, 9) == (3, 2)


@pytest.mark.parametrize(
    ("zone_name", "when", "expected"),
    [
        ("America/Chicago", "2026-07-01T14:00:00", "CT"),
        ("America/Chicago", "2026-01-01T14:00:00", "CT"),
        ("America/Denver", "2026-01-01T14:00:00", "MT"),
        ("America/Denver", "2026-07-01T14:00:00", "MT"),
        ("America/Phoenix", "2026-07-01T14:00:00", "MT"),
        ("America/Los_Angeles", "2026-01-01T14:00:00", "PT"),
        ("America/Los_Angeles", "2026-07-01T14:00:00", "PT"),
        ("America/Sao_Paulo", "2026-07-01T14:00:00", "UTC-03"),
    ],
)
def test_north_american_zones_have_generic_names(zone_name, when, expected):
    assert zone_abbreviation(ZoneInfo(zone_name), at(when)) == expected


def test_window_of_a_suggestion_without_an_end_lasts_to_the_end_of_its_hour():
    # 16:20:30 on Wednesday in New York, 21:20:30 in London.
    start = at("2026-11-25T21:20:30.500000")
    suggestion = Suggestion(2, 16, start, "try Wed 16:00–17:00 ET")
    window = window_of(suggestion, "America/New_York", "Europe/London")
    assert window.start == start
    assert window.end == at("2026-11-25T22:00:00")
    assert window.theirs == "Wed 16:20–17:00 ET"
    assert window.yours == "Wed 21:20–22:00 GMT"
    ended = Suggestion(2, 16, start, "try", end=at("2026-11-25T21:45:00"))
    assert window_of(ended, "America/New_York", "Europe/London").end == at("2026-11-25T21:45:00")


def test_a_window_in_a_half_hour_zone_ends_at_the_end_of_the_contacts_hour():
    # 10:20 in Kolkata (UTC+05:30) is 04:50 UTC: the contact's hour ends at 11:00 their time,
    # 05:30 UTC, not at the next whole hour of UTC.
    start = at("2026-11-25T04:50:00")
    window = window_of(Suggestion(2, 10, start, "try"), "Asia/Kolkata", "Europe/London")
    assert window.end == at("2026-11-25T05:30:00")
    assert window.theirs == "Wed 10:20–11:00 IST"
    assert window.yours == "Wed 04:50–05:30 GMT"


@pytest.mark.parametrize(
    ("hour", "words"),
    [
        (0, "an early morning"),
        (8, "an early morning"),
        (9, "a morning"),
        (11, "a morning"),
        (12, "just after lunch"),
        (13, "just after lunch"),
        (14, "an afternoon"),
        (15, "an afternoon"),
        (16, "late in the day"),
        (23, "late in the day"),
    ],
)
def test_the_parts_of_the_day_change_at_9_12_14_and_16(hour, words):
    assert part_of_day(hour) == words
