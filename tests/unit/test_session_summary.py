"""The summary at the end of a call session (analytics/call_queue): what was done, in words,
counted by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from followup_tui.analytics.call_queue import SessionSummary, spent_words, summarize_session
from followup_tui.domain.models import Attempt

STARTED = datetime(2026, 11, 26, 14, 5, 7, 123456, tzinfo=UTC)


def _attempt(outcome: str, channel: str = "phone") -> Attempt:
    return Attempt(1, STARTED, channel, outcome)


def test_a_session_counted_by_outcome_with_the_longest_persistence():
    logged = [
        ("Dana Whitfield", _attempt("voicemail"), 5),
        ("Ravi Patel", _attempt("reached"), 19),
        ("Ann Lee", _attempt("no_answer"), 19),  # as long as Ravi's, later: Ravi stays
        ("Bo Chen", _attempt("sent", "email"), 30),  # an e-mail is no call
        ("Cy Ortiz", _attempt("busy"), 2),
        ("Eve Park", _attempt("no_answer"), 1),
        ("Flo Diaz", _attempt("voicemail"), 3),
    ]
    ended = STARTED + timedelta(minutes=65, seconds=30)
    summary = summarize_session(logged, 2, STARTED, ended)
    assert summary == SessionSummary(
        calls=6,
        reached=1,
        voicemails=2,
        no_answers=2,
        emails=1,
        skipped=2,
        seconds=3930,
        streak=("Ravi Patel", 19, "reached"),
    )
    assert summary.lines() == [
        "6 calls made: 1 reached · 2 voicemails · 2 no answer",
        "1 e-mail sent",
        "2 skipped",
        "time spent: 1 h 05 min",
        "longest persistence: Ravi Patel, attempt 19 since the last reply (reached)",
    ]


def test_one_call_and_its_outcome_in_words():
    logged = [("Dana Whitfield", _attempt("wrong_number"), 4)]
    summary = summarize_session(logged, 0, STARTED, STARTED + timedelta(seconds=45))
    assert summary.lines() == [
        "1 call made: 0 reached · 0 voicemails · 0 no answer",
        "time spent: 45 s",
        "longest persistence: Dana Whitfield, attempt 4 since the last reply (wrong number)",
    ]


def test_a_session_of_e_mails_only():
    logged = [("Bo Chen", _attempt("sent", "email"), 3), ("Ann Lee", _attempt("sent", "sms"), 1)]
    summary = summarize_session(logged, 1, STARTED, STARTED + timedelta(minutes=12))
    assert summary.streak is None
    assert summary.lines() == [
        "0 calls made: 0 reached · 0 voicemails · 0 no answer",
        "2 e-mails sent",
        "1 skipped",
        "time spent: 12 min",
    ]
    one = SessionSummary(calls=2, voicemails=1, seconds=60)
    assert one.lines() == [
        "2 calls made: 0 reached · 1 voicemail · 0 no answer",
        "time spent: 1 min",
    ]


def test_a_clock_that_went_back_spends_no_time():
    summary = summarize_session([], 0, STARTED, STARTED - timedelta(minutes=5))
    assert summary.seconds == 0
    assert summary.lines()[-1] == "time spent: 0 s"


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (-3, "0 s"),
        (0, "0 s"),
        (59, "59 s"),
        (60, "1 min"),
        (119, "1 min"),
        (3599, "59 min"),
        (3600, "1 h 00 min"),
        (3660, "1 h 01 min"),
        (7500, "2 h 05 min"),
    ],
)
def test_time_spent_in_words(seconds, words):
    assert spent_words(seconds) == words
