"""Clocks: the app and the rules ask a clock for the time so tests can freeze it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """The current instant, timezone-aware in UTC."""
    return datetime.now(UTC)


def frozen_clock(instant: datetime) -> Clock:
    """A clock that always returns ``instant`` (converted to UTC)."""
    if instant.tzinfo is None:
        raise ValueError("a frozen clock needs an aware datetime")
    fixed = instant.astimezone(UTC)

    def clock() -> datetime:
        return fixed

    return clock
