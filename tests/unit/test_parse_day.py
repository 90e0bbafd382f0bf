"""The day of a next step as typed (``followup-tui next --on`` and the next-step form), checked
by hand against a 2026 calendar: today is Thursday 26 November 2026.

November 2026: Thu 26, Fri 27, Sat 28, Sun 29, Mon 30; Tue 1, Wed 2, Thu 3, Thu 10 December.
"""

from __future__ import annotations

from datetime import date

import pytest

from followup_tui.domain.rules import parse_day

TODAY = date(2026, 11, 26)  # a Thursday


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("today", date(2026, 11, 26)),
        ("  Today ", date(2026, 11, 26)),
        ("tomorrow", date(2026, 11, 27)),
        ("TOMORROW", date(2026, 11, 27)),
        ("fri", date(2026, 11, 27)),
        ("Monday", date(2026, 11, 30)),
        ("tues", date(2026, 12, 1)),
        # The weekday of today is next week's, never today.
        ("thu", date(2026, 12, 3)),
        ("Thursday", date(2026, 12, 3)),
        ("+3", date(2026, 11, 29)),
        ("+0", date(2026, 11, 26)),
        ("3d", date(2026, 11, 29)),
        ("3 d", date(2026, 11, 29)),
        ("in 3", date(2026, 11, 29)),
        ("in 3 days", date(2026, 11, 29)),
        ("In   3    Days", date(2026, 11, 29)),
        ("in 1 day", date(2026, 11, 27)),
        ("5days", date(2026, 12, 1)),
        ("2w", date(2026, 12, 10)),
        ("+2W", date(2026, 12, 10)),
        ("1 week", date(2026, 12, 3)),
        ("2 weeks", date(2026, 12, 10)),
        ("in 2 weeks", date(2026, 12, 10)),
        ("2026-12-07", date(2026, 12, 7)),
        (" 2026-11-26 ", date(2026, 11, 26)),
        # 26 Nov 2036 is 3653 days on (29 Feb 2028, 2032, 2036); 7 more is the limit.
        ("+3660", date(2036, 12, 3)),
    ],
)
def test_a_next_step_day_as_typed(typed, expected):
    assert parse_day(typed, TODAY) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "give a day, e.g. 2026-12-07, tomorrow, mon or +3"),
        ("   ", "give a day, e.g. 2026-12-07, tomorrow, mon or +3"),
        ("+3661", "'+3661' is more than ten years ahead"),
        ("523w", "'523w' is more than ten years ahead"),  # 3661 days
        ("2026-11-25", "2026-11-25 is in the past; a next step is today or later"),
        ("yesterday", "'yesterday' is not a day I can read (e.g. 2026-12-07, tomorrow, mon, +3)"),
        ("5", "'5' is not a day I can read (e.g. 2026-12-07, tomorrow, mon, +3)"),
        ("+x", "'+x' is not a day I can read (e.g. 2026-12-07, tomorrow, mon, +3)"),
        ("xd", "'xd' is not a day I can read (e.g. 2026-12-07, tomorrow, mon, +3)"),
        ("d3", "'d3' is not a day I can read (e.g. 2026-12-07, tomorrow, mon, +3)"),
        ("2026-13-01", "'2026-13-01' is not a day I can read (e.g. 2026-12-07, tomorrow, mon, +3)"),
    ],
)
def test_a_day_that_cannot_be_a_next_step_is_refused_with_a_reason(typed, message):
    with pytest.raises(ValueError) as caught:
        parse_day(typed, TODAY)
    assert str(caught.value) == message
