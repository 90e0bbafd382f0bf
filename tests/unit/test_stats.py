"""Caller-ID statistics, outcome counts and the shown-number warning, counted by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from followup_tui.analytics.stats import (
    CallerIdStats,
    caller_id_stats,
    channel_counts,
    outcome_counts,
    shown_count,
    shown_warning,
)
from followup_tui.domain.models import Attempt
from followup_tui.domain.vocab import CHANNELS, OUTCOMES

NOW = datetime(2026, 11, 26, 14, 5, tzinfo=UTC)


def a(
    days_ago: float,
    outcome: str = "no_answer",
    caller_id: str | None = "hidden",
    channel: str = "phone",
) -> Attempt:
    return Attempt(
        1,
        NOW - timedelta(days=days_ago),
        channel,
        outcome,
        caller_id if channel == "phone" else None,
    )


def test_reached_rate_hidden_vs_shown():
    attempts = [
        a(1, "reached"),
        a(2, "reached"),
        a(3),
        a(4, "voicemail"),
        a(5),  # hidden: 2 of 5
        a(6, "reached", "shown"),
        a(7, "busy", "shown"),
        a(8, "no_answer", "shown"),
        a(9, "gatekeeper", "shown"),  # shown: 1 of 4
        a(10, "reached", None),  # caller ID not recorded: in neither group
        a(11, "replied", channel="email"),
        a(12, "met", channel="in_person"),  # not calls
    ]
    stats = caller_id_stats(attempts)
    assert stats == CallerIdStats(
        hidden_attempts=5, hidden_reached=2, shown_attempts=4, shown_reached=1
    )
    assert stats.hidden_rate == 0.4
    assert stats.shown_rate == 0.25
    assert stats.text() == "hidden 40% (2 of 5) · shown 25% (1 of 4)"


def test_rates_without_calls():
    stats = caller_id_stats([a(1, "sent", channel="email")])
    assert stats == CallerIdStats()
    assert stats.hidden_rate is None and stats.shown_rate is None
    assert stats.text() == "hidden no calls · shown no calls"


def test_outcome_and_channel_counts_cover_the_vocabulary():
    attempts = [
        a(1, "reached"),
        a(2),
        a(3),
        a(4, "voicemail"),
        a(5, "sent", channel="email"),
        a(6, "sent", channel="linkedin"),
        a(7, "replied", channel="email"),
    ]
    counts = outcome_counts(attempts)
    assert list(counts) == list(OUTCOMES)
    assert counts == {
        "reached": 1,
        "voicemail": 1,
        "no_answer": 2,
        "busy": 0,
        "gatekeeper": 0,
        "wrong_number": 0,
        "sent": 2,
        "replied": 1,
        "met": 0,
    }
    channels = channel_counts(attempts)
    assert list(channels) == list(CHANNELS)
    assert channels == {"phone": 4, "email": 2, "linkedin": 1, "sms": 0, "in_person": 0}
    assert sum(counts.values()) == len(attempts) == sum(channels.values())


def test_shown_count_over_the_last_seven_days():
    attempts = [
        a(0, caller_id="shown"),  # now: counts
        a(1.5, caller_id="shown"),
        a(6.99, caller_id="shown"),
        a(7, caller_id="shown"),  # exactly 7 days ago: outside (now - 7 days, now]
        a(8, caller_id="shown"),
        a(2, caller_id="hidden"),
        a(-0.5, caller_id="shown"),  # in the future: ignored
    ]
    assert shown_count(attempts, NOW) == 3
    assert shown_count(attempts, NOW, days=2) == 2
    assert shown_warning(attempts, NOW) == "shown your number 3 times in the last 7 days"
    assert shown_warning(attempts[1:], NOW) is None  # 2 shown in the window
    # A day later the call 6.99 days back left the window; the "future" one entered it.
    assert shown_count(attempts, NOW + timedelta(days=1)) == 3
    assert shown_warning(attempts[:-1], NOW + timedelta(days=1)) is None


def test_rates_count_every_phone_call_whatever_comes_before_it():
    attempts = [
        a(9, "sent", channel="email"),  # not a call: skipped, the calls after it still count
        a(1, "reached"),
        a(2, "reached"),
        a(3, "reached", caller_id="shown"),
        a(4, caller_id=None),  # caller ID not recorded: in neither group
    ]
    stats = caller_id_stats(attempts)
    assert stats == CallerIdStats(2, 2, 1, 1)
    assert stats.text() == "hidden 100% (2 of 2) · shown 100% (1 of 1)"
    assert CallerIdStats(3, 1, 0, 0).text() == "hidden 33% (1 of 3) · shown no calls"


def test_counts_keep_an_outcome_or_channel_outside_the_vocabulary():
    # a record from another version of followup-tui: counted under its own name, once each
    odd = [
        Attempt(1, NOW, "fax", "faxed"),
        Attempt(1, NOW, "fax", "faxed"),
        Attempt(1, NOW, "phone", "reached"),
    ]
    counts = outcome_counts(odd)
    assert counts["faxed"] == 2 and counts["reached"] == 1
    assert sum(counts.values()) == 3
    channels = channel_counts(odd)
    assert channels["fax"] == 2 and channels["phone"] == 1
    assert sum(channels.values()) == 3


def test_shown_warning_over_a_shorter_window():
    attempts = [a(0.5, caller_id="shown"), a(1, caller_id="shown"), a(1.5, caller_id="shown")]
    attempts += [a(3, caller_id="shown")]
    assert shown_warning(attempts, NOW, days=2) == "shown your number 3 times in the last 2 days"
    assert shown_warning(attempts, NOW, days=1) is None  # 2 in the last day
