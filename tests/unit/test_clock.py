"""Clocks: the system clock is aware UTC; a frozen clock always gives the same instant, in UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from followup_tui.domain.clock import frozen_clock, system_clock


def test_the_system_clock_is_now_in_utc() -> None:
    before = datetime.now(UTC)
    now = system_clock()
    after = datetime.now(UTC)
    assert now.tzinfo is UTC
    assert before <= now <= after


def test_a_frozen_clock_gives_its_instant_in_utc_every_time() -> None:
    new_york = timezone(timedelta(hours=-5))
    clock = frozen_clock(datetime(2026, 11, 26, 9, 5, 30, 250, tzinfo=new_york))
    first = clock()
    assert first == datetime(2026, 11, 26, 14, 5, 30, 250, tzinfo=UTC)
    assert first.tzinfo is UTC
    assert clock() == first


def test_a_frozen_clock_needs_an_aware_instant() -> None:
    with pytest.raises(ValueError) as info:
        frozen_clock(datetime(2026, 11, 26, 9, 5))
    assert str(info.value) == "a frozen clock needs an aware datetime"
