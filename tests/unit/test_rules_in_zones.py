"""The rules count days in the user's zone, everywhere: the summary's counts, who is due in
Today, who needs a next step, keep-warm adherence. Checked by hand for a user in Tokyo (UTC+9,
no daylight saving), whose day starts nine hours before the day in UTC.

November 2026: Wed 25, Thu 26, Fri 27, Sat 28, Sun 29, Mon 30; Tue 1 December.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from followup_tui.domain.models import Contact
from followup_tui.domain.rules import due_words, is_due, monthly_adherence, summarize, today_lists
from followup_tui.domain.settings import Settings
from tests.unit.test_next_steps import _snapshot
from tests.unit.test_rules import at, call

TOKYO = "Asia/Tokyo"
OLD = at("2026-06-01T12:00:00+00:00")
# Fri 27 Nov 01:00:00.250000 in Tokyo, still Thu 26 in UTC (a real clock has microseconds).
NOW = datetime(2026, 11, 26, 16, 0, 0, 250000, tzinfo=UTC)
# Thu 26 Nov 01:30 in Tokyo, Wed 25 in UTC.
EARLY_THURSDAY = "2026-11-25T16:30:00+00:00"


def test_a_summary_counts_silent_days_and_due_in_the_users_day():
    contact = Contact("Kenji Sato", id=1, created_at=OLD, phones=("+81312345678",))
    summary = summarize(contact, [call(EARLY_THURSDAY, cid=1)], Settings(), TOKYO, NOW)
    # No answer on Thursday (Tokyo) is due Friday, which is today in Tokyo.
    assert summary.next_due == date(2026, 11, 27)
    assert summary.silent_days == 1
    assert summary.label == "1 attempt · 1 day silent"
    assert is_due(summary, TOKYO, NOW)


def test_today_lists_due_by_the_users_day():
    contacts = [
        Contact("Kenji Sato", id=1, created_at=OLD),
        # Fri 27 Nov 00:30 in Tokyo (Thu 26 in UTC): no answer is due Monday, not today.
        Contact("Aiko Mori", id=2, created_at=OLD),
    ]
    attempts = [call(EARLY_THURSDAY, cid=1), call("2026-11-26T15:30:00+00:00", cid=2)]
    lists = today_lists(_snapshot(contacts, attempts), TOKYO, NOW)
    assert lists.today == date(2026, 11, 27)
    assert [c.name for c, _ in lists.due] == ["Kenji Sato"]
    assert lists.due[0][1].label == "1 attempt · 1 day silent"
    assert lists.needs_next_step == []


def test_a_step_set_before_the_users_day_of_the_reply_no_longer_counts():
    # Replied Fri 27 Nov 01:00 in Tokyo (Thu 26 16:00 UTC); the step on Thu 26 was for the
    # conversation before: the contact needs a new one.
    contact = Contact("Kenji Sato", id=1, created_at=OLD, next_step_on=date(2026, 11, 26))
    replied = [call("2026-11-26T16:00:00+00:00", "replied", "email", cid=1)]
    now = datetime(2026, 11, 26, 20, 0, 0, 250000, tzinfo=UTC)  # Fri 27 05:00 in Tokyo
    lists = today_lists(_snapshot([contact], replied), TOKYO, now)
    assert lists.due == []
    assert [c.name for c, _ in lists.needs_next_step] == ["Kenji Sato"]
    assert lists.needs_next_step[0][1].label == "1 attempt · replied today · needs a next step"


def test_adherence_counts_the_months_of_the_users_calendar():
    # Mon 30 Nov 20:00 UTC is already Tue 1 Dec in Tokyo: November is complete there.
    now = datetime(2026, 11, 30, 20, 0, 0, 250000, tzinfo=UTC)
    adherence = monthly_adherence([at("2026-11-10T03:00:00+00:00")], TOKYO, now)
    assert adherence is not None
    assert (adherence.called, adherence.months) == (1, 1)
    assert adherence.text == "called 1 of the last month"


def test_two_e_mails_in_a_row_suggest_a_call_in_today():
    contact = Contact(
        "Kenji Sato", id=1, created_at=OLD, phones=("+81312345678",), emails=("k@example.jp",)
    )
    sent = [
        call("2026-11-16T01:00:00+00:00", "sent", "email", cid=1),
        call("2026-11-19T01:00:00+00:00", "sent", "email", cid=1),  # Thu + 3 = Tue 24
    ]
    (listed,) = today_lists(_snapshot([contact], sent), TOKYO, NOW).due
    assert listed[1].suggested_channel == "phone"


def test_namesakes_due_the_same_day_keep_the_order_of_their_ids():
    contacts = [
        Contact("Alex Kim", id=2, created_at=OLD),
        Contact("Alex Kim", id=1, created_at=OLD),
    ]
    attempts = [call(EARLY_THURSDAY, cid=2), call(EARLY_THURSDAY, cid=1)]
    due = today_lists(_snapshot(contacts, attempts), TOKYO, NOW).due
    assert [s.contact_id for _, s in due] == [1, 2]


def test_nothing_scheduled_reads_as_such_unless_a_step_is_needed():
    today = date(2026, 11, 27)
    assert due_words(None, today, 0) == "not scheduled"
    assert due_words(None, today, 0, short=True) == "—"


def test_a_contact_added_today_in_the_users_day_is_due_today_not_overdue():
    # Created Fri 27 Nov 00:30 in Tokyo (Thu 26 15:30 UTC), no attempts yet.
    new = Contact("Kenji Sato", id=1, created_at=at("2026-11-26T15:30:00+00:00"))
    summary = summarize(new, [], Settings(), TOKYO, NOW)
    assert (summary.next_due, summary.overdue_days) == (date(2026, 11, 27), 0)
    assert due_words(summary.next_due, date(2026, 11, 27), summary.overdue_days) == "due today"
