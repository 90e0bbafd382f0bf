"""The same-record rule an undo checks before deleting: stored precision, not the clock's."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from followup_tui.domain.identity import same_attempt, stored_instant
from followup_tui.domain.models import Attempt
from followup_tui.domain.problems import END_INSTANT, MIN_INSTANT

REAL = datetime(2026, 11, 26, 14, 5, 7, 123456, tzinfo=UTC)


def test_stored_instant_is_utc_whole_seconds() -> None:
    ny = timezone(timedelta(hours=-5))
    assert stored_instant(REAL) == datetime(2026, 11, 26, 14, 5, 7, tzinfo=UTC)
    assert stored_instant(REAL.astimezone(ny)) == datetime(2026, 11, 26, 14, 5, 7, tzinfo=UTC)
    # Kept in UTC, as the file writes it, whatever zone the clock gave.
    assert stored_instant(REAL.astimezone(ny)).isoformat() == "2026-11-26T14:05:07+00:00"


def test_an_attempt_and_its_copy_read_back_from_the_file_are_the_same() -> None:
    logged = Attempt(3, REAL, "phone", "voicemail")
    read_back = Attempt.from_doc(logged.to_doc(), 17)
    assert read_back.at == datetime(2026, 11, 26, 14, 5, 7, tzinfo=UTC)
    assert read_back.at != logged.at
    assert same_attempt(logged, read_back)
    assert same_attempt(read_back, logged)


def test_another_second_channel_outcome_or_contact_is_another_attempt() -> None:
    mine = Attempt(3, REAL, "phone", "voicemail")
    assert not same_attempt(mine, replace(mine, at=REAL + timedelta(seconds=1)))
    assert not same_attempt(mine, replace(mine, channel="email"))
    assert not same_attempt(mine, replace(mine, outcome="reached"))
    assert not same_attempt(mine, replace(mine, contact_id=4))


@given(
    st.datetimes(
        min_value=MIN_INSTANT.replace(tzinfo=None),
        max_value=END_INSTANT.replace(tzinfo=None) - timedelta(microseconds=1),
        timezones=st.just(UTC),
    )
)
def test_any_instant_survives_the_file(at: datetime) -> None:
    """Any instant the file may hold (1900 to 2200) is the same attempt after a round trip."""
    logged = Attempt(1, at, "email", "sent")
    assert same_attempt(logged, Attempt.from_doc(logged.to_doc(), 1))
