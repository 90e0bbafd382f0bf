"""The call session's queue and card words, with a frozen clock (microseconds included)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup_tui.analytics.call_queue import (
    CallQueue,
    QueueEntry,
    attempt_words,
    build_queue,
    dial,
    duration_of,
    guard_lines,
    outside_words,
    their_time,
    timer_words,
)
from followup_tui.domain.models import Attempt, Contact
from followup_tui.domain.rules import summarize
from followup_tui.domain.settings import Settings

#: Thursday 26 November 2026, 14:05:07.123456 UTC: 09:05 in New York, 08:05 in Chicago,
#: 06:05 in San Francisco, 14:05 in London, 22:05 in Singapore.
NOW = datetime(2026, 11, 26, 14, 5, 7, 123456, tzinfo=UTC)
NY = "America/New_York"


def _contact(cid: int, name: str, tz: str, **kw: object) -> Contact:
    return Contact(name, timezone=tz, phones=("+13125550142",), id=cid, **kw)  # type: ignore[arg-type]


def _items(contacts: list[Contact], attempts: dict[int, list[Attempt]], now: datetime = NOW):  # type: ignore[no-untyped-def]
    settings = Settings()
    return [(c, summarize(c, attempts.get(c.id or 0, []), settings, NY, now)) for c in contacts]


def _call(cid: int, days: float, outcome: str = "no_answer", caller: str = "hidden") -> Attempt:
    return Attempt(cid, NOW - timedelta(days=days), "phone", outcome, caller_id=caller)


def test_due_most_overdue_first_and_outside_hours_last() -> None:
    # Ann (New York, 09:05) voicemail 6 days ago: due Mon 23, 3 business days overdue.
    # Bo (Singapore, 22:05) no answer 4 days ago: due Mon 23 as well, outside hours.
    # Cy (Chicago, 08:05) no answer 2 days ago (Tue 24): due Wed 25, 1 day overdue.
    # Di (San Francisco, 06:05) created a week ago, no attempts: due then, outside hours.
    # Ed (London, 14:05) called today: due tomorrow, not in the queue.
    # Flo closed: never.
    contacts = [
        _contact(1, "Ann", NY),
        _contact(2, "Bo", "Asia/Singapore"),
        _contact(3, "Cy", "America/Chicago"),
        _contact(4, "Di", "America/Los_Angeles", created_at=NOW - timedelta(days=7)),
        _contact(5, "Ed", "Europe/London"),
        _contact(6, "Flo", NY, status="closed"),
    ]
    attempts = {
        1: [_call(1, 6, "voicemail")],
        2: [_call(2, 4)],
        3: [_call(3, 2)],
        5: [_call(5, 0.01)],
        6: [_call(6, 30)],
    }
    queue = build_queue(_items(contacts, attempts), Settings(), NY, NOW)
    assert [(e.contact_id, e.outside_hours) for e in queue] == [
        (1, False),
        (3, False),
        (4, True),
        (2, True),
    ]
    # Di (due Thu 19) is before Bo (due Mon 23) among those outside hours: the same order.
    assert queue[2].zone_name == "America/Los_Angeles"
    assert outside_words(NOW, "Asia/Singapore") == "outside hours · their time 22:05"
    assert outside_words(NOW + timedelta(days=2), NY) == "outside hours · their time Sat 09:05"
    assert their_time(NOW, "America/Chicago") == "08:05 Thu in Chicago"


def test_working_hours_come_from_the_settings() -> None:
    contacts = [_contact(1, "Ann", NY), _contact(3, "Cy", "America/Chicago")]
    attempts = {1: [_call(1, 6)], 3: [_call(3, 6)]}
    # From 08:30: Chicago's 08:05 is outside, New York's 09:05 inside.
    late = Settings(work_start_hour=9)
    queue = build_queue(_items(contacts, attempts), late, NY, NOW)
    assert [(e.contact_id, e.outside_hours) for e in queue] == [(1, False), (3, True)]
    # One microsecond before 09:00 in New York is still outside.
    edge = datetime(2026, 11, 26, 13, 59, 59, 999999, tzinfo=UTC)
    queue = build_queue(_items(contacts, attempts, edge), late, NY, edge)
    assert [e.outside_hours for e in queue] == [True, True]


def test_only_takes_the_filtered_contacts_due_or_not() -> None:
    contacts = [
        _contact(1, "Ann", NY),
        _contact(5, "Ed", NY),
        _contact(6, "Flo", NY, status="closed"),
    ]
    attempts = {1: [_call(1, 6)], 5: [_call(5, 0.01)]}
    queue = build_queue(_items(contacts, attempts), Settings(), NY, NOW, only={5, 6})
    assert [e.contact_id for e in queue] == [5]


def test_skip_goes_to_the_end_once_and_undo_brings_back() -> None:
    entries = [QueueEntry(i, NY, False) for i in (1, 2, 3)]
    queue = CallQueue(list(entries))
    queue.skip()  # 1 to the end
    assert [e.contact_id for e in queue.ahead] == [2, 3, 1]
    queue.logged()  # 2 done
    queue.skip()  # 3 to the end
    queue.skip()  # 1 skipped a second time: out
    assert [e.contact_id for e in queue.ahead] == [3]
    queue.logged()
    assert queue.current is None
    queue.undone(3)
    assert queue.current is not None and queue.current.contact_id == 3
    queue.undone(2)
    assert [e.contact_id for e in queue.ahead] == [2, 3]


@pytest.mark.parametrize(
    ("phone", "hide", "text", "uri", "caller"),
    [
        ("+13125550142", True, "*67 +1 312 555 0142", "tel:*67+13125550142", "hidden"),
        ("+13125550142", False, "+1 312 555 0142", "tel:+13125550142", "shown"),
        ("+442079460018", True, "141 020 7946 0018", "tel:14102079460018", "hidden"),
        ("+4930123456", True, "#31# +49 30 123456", "tel:%2331%23+4930123456", "hidden"),
        ("(312) 555-0142", True, "*67 +1 312 555 0142", "tel:*67+13125550142", "hidden"),
    ],
)
def test_dial_string_by_region(phone: str, hide: bool, text: str, uri: str, caller: str) -> None:
    got = dial(phone, Settings(), hide=hide)
    assert (got.text, got.uri, got.caller_id) == (text, uri, caller)


def test_dial_without_a_prefix_for_the_region_says_the_number_shows() -> None:
    settings = Settings(prefixes={"NANP": {"hide": "*67", "show": "*82"}})
    got = dial("+4930123456", settings)
    assert got.caller_id == "shown" and got.text == "+49 30 123456"
    assert "no hide prefix for DE" in got.note


def test_attempt_words_use_the_rules_words() -> None:
    contact = _contact(1, "Ann", NY)
    settings = Settings()
    calls = [_call(1, 40, "reached"), *(_call(1, d) for d in (30, 20, 10))]
    summary = summarize(contact, calls, settings, NY, NOW)
    assert summary.label == "4 attempts · 3 since last reply · 30 days silent"
    assert attempt_words(summary) == "attempt 5 · 3 since last reply · 30 days silent"
    none = summarize(contact, [], settings, NY, NOW)
    assert attempt_words(none) == "attempt 1 · first try"


def test_guard_lines() -> None:
    shown = [_call(1, d, caller="shown") for d in (1, 3, 6.9)]
    assert guard_lines(shown, NOW, NY) == [
        "has seen your number 3 times in 7 days: hide it, or wait"
    ]
    # The third shown call 7 days and a second ago is out of the window.
    old = [_call(1, d, caller="shown") for d in (1, 3)] + [
        Attempt(1, NOW - timedelta(days=7, seconds=1), "phone", "no_answer", caller_id="shown")
    ]
    assert guard_lines(old, NOW, NY) == []
    # Called at 08:00 New York today; a gatekeeper's "call back" is no reason to warn.
    today = Attempt(1, datetime(2026, 11, 26, 13, 0, tzinfo=UTC), "phone", "no_answer")
    assert guard_lines([today], NOW, NY) == ["already called once today (last 08:00, no answer)"]
    gate = Attempt(1, datetime(2026, 11, 26, 13, 30, tzinfo=UTC), "phone", "gatekeeper")
    assert guard_lines([today, gate], NOW, NY) == []
    # Yesterday 23:30 New York is not today.
    late = Attempt(1, datetime(2026, 11, 26, 4, 30, tzinfo=UTC), "phone", "busy")
    assert guard_lines([late], NOW, NY) == []
    other = Attempt(1, datetime(2026, 11, 26, 14, 0, 30, tzinfo=UTC), "email", "sent")
    assert guard_lines([], NOW, NY, elsewhere=[other]) == [
        "logged elsewhere during this session (sent at 09:00): another copy of followup-tui?"
    ]


def test_timer() -> None:
    start = NOW
    assert duration_of(start, start) == 1
    assert duration_of(start, start + timedelta(seconds=41, microseconds=1)) == 42
    assert duration_of(start, start + timedelta(seconds=42)) == 42
    assert duration_of(start, start + timedelta(days=3)) == 86400
    assert timer_words(0) == "0:00"
    assert timer_words(42.9) == "0:42"
    assert timer_words(3723) == "1:02:03"


@given(st.text(max_size=40), st.booleans())
def test_dial_takes_any_text(phone: str, hide: bool) -> None:
    """A number as a file may hold it: never an error, and hidden only with a prefix."""
    got = dial(phone, Settings(), hide=hide)
    assert got.uri.startswith("tel:")
    assert got.caller_id in ("hidden", "shown")
    if not hide:
        assert got.caller_id == "shown"
