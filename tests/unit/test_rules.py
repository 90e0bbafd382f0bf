"""Follow-up rules: next due dates checked by hand against a 2026 calendar.

November 2026: Wed 25, Thu 26 (Thanksgiving), Fri 27, Sat 28, Sun 29, Mon 30; Tue 1 December.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup_tui.domain.models import Attempt, Contact, Settings
from followup_tui.domain.rules import (
    add_business_days,
    business_days_between,
    due_queue,
    is_due,
    next_business_day_on_or_after,
    summarize,
)
from followup_tui.domain.snapshot import Snapshot

NY = "America/New_York"
NOW = datetime(2026, 11, 26, 14, 5, tzinfo=UTC)  # Thu 26 Nov, 09:05 in New York
SETTINGS = Settings()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def call(when: str, outcome: str = "no_answer", channel: str = "phone", cid: int = 1) -> Attempt:
    return Attempt(contact_id=cid, at=at(when), channel=channel, outcome=outcome)


def person(**kw: object) -> Contact:
    base: dict[str, object] = {
        "name": "Dana Whitfield",
        "id": 1,
        "created_at": at("2026-06-01T12:00:00+00:00"),
    }
    base.update(kw)
    return Contact(**base)  # type: ignore[arg-type]


def due(
    attempts: list[Attempt],
    contact: Contact | None = None,
    settings: Settings = SETTINGS,
    now: datetime = NOW,
    zone: str = NY,
) -> date | None:
    return summarize(contact or person(), attempts, settings, zone, now).next_due


# -- calendar helpers ---------------------------------------------------------------------------


def test_add_business_days_skips_weekends_and_holidays():
    fri = date(2026, 11, 27)
    assert add_business_days(fri, 1) == date(2026, 11, 30)  # Monday
    assert add_business_days(fri, 2) == date(2026, 12, 1)
    assert add_business_days(fri, 2, [date(2026, 11, 30)]) == date(2026, 12, 2)
    assert add_business_days(date(2026, 11, 28), 1) == date(2026, 11, 30)  # from a Saturday
    assert add_business_days(fri, 0) == fri


def test_next_business_day_on_or_after():
    assert next_business_day_on_or_after(date(2026, 11, 27)) == date(2026, 11, 27)
    assert next_business_day_on_or_after(date(2026, 11, 28)) == date(2026, 11, 30)
    assert next_business_day_on_or_after(date(2026, 11, 28), [date(2026, 11, 30)]) == date(
        2026, 12, 1
    )


def test_business_days_between_matches_counting_day_by_day():
    holidays = [date(2026, 11, 26), date(2026, 12, 25), date(2026, 11, 28)]  # one on a Saturday
    start = date(2026, 11, 1)
    for a in range(0, 60, 3):
        for b in range(0, 60):
            early = start + timedelta(days=a)
            late = start + timedelta(days=b)
            expected = sum(
                1
                for i in range(1, (late - early).days + 1)
                if (d := early + timedelta(days=i)).weekday() < 5 and d not in holidays
            )
            assert business_days_between(early, late, holidays) == expected, (early, late)


@given(
    start=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    n=st.integers(min_value=0, max_value=400),
    holidays=st.lists(
        st.dates(min_value=date(2020, 1, 1), max_value=date(2032, 12, 31)), max_size=20
    ),
)
def test_adding_and_counting_business_days_agree(start, n, holidays):
    end = add_business_days(start, n, holidays)
    assert business_days_between(start, end, holidays) == n
    if n:
        assert end.weekday() < 5 and end not in holidays


def test_business_days_between_examples():
    assert business_days_between(date(2026, 11, 25), date(2026, 11, 26)) == 1  # Wed -> Thu
    assert business_days_between(date(2026, 11, 27), date(2026, 11, 30)) == 1  # Fri -> Mon
    assert business_days_between(date(2026, 11, 20), date(2026, 11, 26)) == 4
    assert business_days_between(date(2026, 11, 26), date(2026, 11, 20)) == 0


# -- next due per outcome -----------------------------------------------------------------------


@pytest.mark.parametrize("outcome", ["no_answer", "busy", "gatekeeper", "wrong_number"])
def test_one_business_day_outcomes(outcome):
    # Wed 25 Nov 15:00 New York -> Thu 26; Fri 27 -> Mon 30.
    assert due([call("2026-11-25T15:00:00-05:00", outcome)]) == date(2026, 11, 26)
    assert due([call("2026-11-27T15:00:00-05:00", outcome)]) == date(2026, 11, 30)


def test_voicemail_on_friday_is_due_tuesday_and_a_holiday_shifts_it():
    vm = [call("2026-11-27T11:00:00-05:00", "voicemail")]
    assert due(vm) == date(2026, 12, 1)
    with_holiday = Settings(holidays=(date(2026, 11, 30),))
    assert due(vm, settings=with_holiday) == date(2026, 12, 2)


def test_sent_is_three_business_days():
    sent = [call("2026-11-25T10:00:00-05:00", "sent", "email")]
    assert due(sent) == date(2026, 11, 30)  # Thu, Fri, Mon
    thanksgiving = Settings(holidays=(date(2026, 11, 26),))
    assert due(sent, settings=thanksgiving) == date(2026, 12, 1)  # Fri, Mon, Tue


def test_reached_uses_next_step_or_seven_calendar_days():
    reached = [call("2026-11-26T08:30:00-05:00", "reached")]
    assert due(reached) == date(2026, 12, 3)  # Thu + 7 days
    assert due(reached, person(next_step_on=date(2026, 12, 10))) == date(2026, 12, 10)
    # A next step older than the conversation belongs to an earlier one: default applies.
    assert due(reached, person(next_step_on=date(2026, 11, 2))) == date(2026, 12, 3)
    # Two calendar days land on Saturday: moved to Monday.
    assert due(reached, settings=Settings(reached_next_days=2)) == date(2026, 11, 30)


def test_met_is_like_reached():
    met = [call("2026-11-19T12:00:00-05:00", "met", "in_person")]
    assert due(met) == date(2026, 11, 26)
    assert due(met, person(next_step_on=date(2026, 12, 7))) == date(2026, 12, 7)


def test_replied_waits_for_a_next_step():
    replied = [call("2026-11-24T10:00:00-05:00", "replied", "email")]
    summary = summarize(person(), replied, SETTINGS, NY, NOW)
    assert summary.next_due is None
    assert summary.overdue_days == 0
    assert not is_due(summary, NY, NOW)
    assert summary.label == "1 attempt · replied 2 days ago · needs a next step"
    assert summary.needs_next_step
    assert due(replied, person(next_step_on=date(2026, 12, 2))) == date(2026, 12, 2)
    with_step = summarize(person(next_step_on=date(2026, 12, 2)), replied, SETTINGS, NY, NOW)
    assert not with_step.needs_next_step
    assert with_step.label == "1 attempt · replied 2 days ago"


def test_day_of_the_attempt_is_taken_in_the_users_zone():
    # 03:00 UTC Friday is still Thursday evening in New York, but Friday in London.
    late = [call("2026-11-27T03:00:00+00:00", "no_answer")]
    assert due(late, zone=NY) == date(2026, 11, 27)
    assert due(late, zone="Europe/London") == date(2026, 11, 30)


# -- status -------------------------------------------------------------------------------------


def test_keep_warm_uses_cadence_from_last_touch():
    touch = [call("2026-10-26T12:00:00-04:00", "reached")]  # Mon 26 Oct
    assert due(touch, person(status="keep_warm")) == date(2026, 11, 25)  # + 30 days, a Wed
    # + 33 days is Sat 28 Nov: moved to Monday.
    assert due(touch, person(status="keep_warm", cadence_days=33)) == date(2026, 11, 30)


def test_keep_warm_and_reached_dates_move_past_a_holiday():
    # Mon 26 Oct + 30 days is Wed 25 Nov; with Wed 25 and Thu 26 off it moves to Fri 27.
    touch = [call("2026-10-26T12:00:00-04:00", "reached")]
    days_off = Settings(holidays=(date(2026, 11, 25), date(2026, 11, 26)))
    assert due(touch, person(status="keep_warm"), settings=days_off) == date(2026, 11, 27)
    # Reached Wed 18 Nov + 7 days is Wed 25: moved to Fri 27 too.
    reached = [call("2026-11-18T10:00:00-05:00", "reached")]
    assert due(reached, settings=days_off) == date(2026, 11, 27)


def test_paused_is_due_when_the_pause_ends():
    calls = [call("2026-11-20T10:00:00-05:00")]
    assert due(calls, person(status="paused", paused_until=date(2026, 12, 15))) == date(
        2026, 12, 15
    )
    summary = summarize(person(status="paused"), calls, SETTINGS, NY, NOW)
    assert summary.next_due is None
    assert summary.label == "paused"
    ended = summarize(
        person(status="paused", paused_until=date(2026, 11, 24)), calls, SETTINGS, NY, NOW
    )
    assert is_due(ended, NY, NOW)
    assert ended.overdue_days == 2  # Wed 25, Thu 26


def test_closed_is_never_due():
    old = [call("2026-07-01T10:00:00-04:00")]
    summary = summarize(person(status="closed", closed_reason="hired"), old, SETTINGS, NY, NOW)
    assert summary.next_due is None
    assert summary.overdue_days == 0
    assert summary.label == "closed: hired"
    assert not is_due(summary, NY, NOW)


def test_no_attempts_is_due_from_creation_or_today():
    created = person(created_at=at("2026-11-24T16:00:00+00:00"))  # Tue 24 Nov
    summary = summarize(created, [], SETTINGS, NY, NOW)
    assert summary.next_due == date(2026, 11, 24)
    assert summary.overdue_days == 2
    assert summary.attempts == 0 and summary.last_touch is None and summary.silent_days is None
    assert summary.label == "no attempts yet"
    assert due([], person(created_at=None)) == date(2026, 11, 26)
    # Created "in the future" (clock skew): due today, not later.
    assert due([], person(created_at=at("2026-12-05T10:00:00+00:00"))) == date(2026, 11, 26)


# -- overdue, silence, channel ------------------------------------------------------------------


def test_overdue_days_count_business_days_past_due():
    summary = summarize(person(), [call("2026-11-19T10:00:00-05:00")], SETTINGS, NY, NOW)
    assert summary.next_due == date(2026, 11, 20)  # Fri
    assert summary.overdue_days == 4  # Mon, Tue, Wed, Thu
    thanksgiving = Settings(holidays=(date(2026, 11, 26),))
    summary = summarize(person(), [call("2026-11-19T10:00:00-05:00")], thanksgiving, NY, NOW)
    assert summary.overdue_days == 3
    today = summarize(person(), [call("2026-11-25T10:00:00-05:00")], SETTINGS, NY, NOW)
    assert today.next_due == date(2026, 11, 26) and today.overdue_days == 0
    assert is_due(today, NY, NOW)


def test_silent_contact_label_counts_attempts_since_the_last_answer():
    history = [
        call("2026-11-02T10:00:00-05:00", "reached"),
        call("2026-11-10T10:00:00-05:00", "no_answer"),
        call("2026-11-16T16:00:00-05:00", "voicemail"),
        call("2026-11-24T09:00:00-05:00", "sent", "email"),
    ]
    summary = summarize(person(), history, SETTINGS, NY, NOW)
    assert summary.attempts == 4
    assert summary.last_touch == at("2026-11-24T09:00:00-05:00")
    assert summary.silent_days == 16  # 10 Nov -> 26 Nov
    # Attempts are all of them; 3 since the reply; silent since the first of those (10 Nov).
    assert summary.since_reply == 3
    assert summary.label == "4 attempts · 3 since last reply · 16 days silent"
    assert summary.next_due == date(2026, 11, 27)  # sent Tue + 3 business days


def test_never_answered_contact_stays_in_the_queue():
    history = [call(f"2026-11-{d:02d}T10:00:00-05:00") for d in (2, 9, 16, 23)]
    summary = summarize(person(), history, SETTINGS, NY, NOW)
    assert summary.label == "4 attempts · 24 days silent"
    assert summary.next_due == date(2026, 11, 24)
    assert is_due(summary, NY, NOW)
    one = summarize(person(), [call("2026-11-26T08:00:00-05:00")], SETTINGS, NY, NOW)
    assert one.label == "1 attempt · 0 days silent"


def test_answered_contact_has_no_silence():
    history = [call("2026-11-02T10:00:00-05:00"), call("2026-11-23T17:00:00-05:00", "reached")]
    summary = summarize(person(), history, SETTINGS, NY, NOW)
    assert summary.silent_days is None
    assert summary.since_reply == 0
    # Reached, no next step: listed as needing one (and due after 7 days meanwhile).
    assert summary.label == "2 attempts · reached 3 days ago · needs a next step"
    assert summary.next_due == date(2026, 11, 30)


@pytest.mark.parametrize(
    ("channels", "expected"),
    [
        ((), "phone"),
        (("email", "linkedin"), "phone"),
        (("phone", "email", "sms"), "phone"),
        (("email", "phone"), "phone"),
        (("phone", "email"), "email"),  # one written attempt: the same channel once more
        (("email",), "email"),
        (("linkedin",), "linkedin"),
    ],
)
def test_phone_suggested_after_two_written_attempts(channels, expected):
    attempts = [
        call(f"2026-11-{10 + i:02d}T10:00:00-05:00", "sent" if ch != "phone" else "no_answer", ch)
        for i, ch in enumerate(channels)
    ]
    who = person(phones=("+12125550121",), emails=("dana@example.com",))
    assert summarize(who, attempts, SETTINGS, NY, NOW).suggested_channel == expected


@pytest.mark.parametrize(
    ("channels", "phones", "emails", "expected"),
    [
        (("email", "email"), (), ("d@example.com",), "email"),  # no phone: e-mail, not phone
        ((), (), ("d@example.com",), "email"),
        (("linkedin", "linkedin"), (), (), "linkedin"),  # no phone, no address: as before
        ((), (), (), None),  # no way to reach the person
        ((), ("+12125550121",), (), "phone"),
    ],
)
def test_email_for_a_contact_without_a_phone(channels, phones, emails, expected):
    attempts = [
        call(f"2026-11-{10 + i:02d}T10:00:00-05:00", "sent", ch) for i, ch in enumerate(channels)
    ]
    who = person(phones=phones, emails=emails)
    assert summarize(who, attempts, SETTINGS, NY, NOW).suggested_channel == expected


def test_summary_never_reads_the_clock():
    attempts = [call("2026-11-25T10:00:00-05:00")]
    later = datetime(2027, 1, 4, 15, 0, tzinfo=UTC)  # Mon 4 Jan 2027
    assert summarize(person(), attempts, SETTINGS, NY, NOW).overdue_days == 0
    # Due Thu 26 Nov; by Mon 4 Jan: Nov 27, 30 (2) + Dec 1-31 (23) + Jan 1, 4 (2) = 27
    assert summarize(person(), attempts, SETTINGS, NY, later).overdue_days == 27


# -- the queue ----------------------------------------------------------------------------------


def _snapshot(contacts: list[Contact], attempts: list[Attempt], settings: Settings) -> Snapshot:
    return Snapshot.from_tables(
        {
            "contacts": {str(c.id): c.to_doc() for c in contacts},
            "attempts": {str(i): a.to_doc() for i, a in enumerate(attempts, start=1)},
            "settings": {"1": settings.to_doc()},
        }
    )


def test_due_queue_orders_most_overdue_first_and_skips_closed_and_future():
    old = at("2026-06-01T12:00:00+00:00")
    contacts = [
        Contact("Zoe Overdue", id=1, created_at=old),
        Contact("Yan Today", id=2, created_at=at("2026-09-01T12:00:00+00:00")),
        Contact("Bea Today", id=3, created_at=old),
        Contact("Abe Today", id=4, created_at=old),
        Contact("Cat Later", id=5, created_at=old),
        Contact("Dov Closed", id=6, created_at=old, status="closed", closed_reason="declined"),
        Contact("Eli Replied", id=7, created_at=old),
        Contact("Fay Lightly Overdue", id=8, created_at=old),
    ]
    attempts = [
        call("2026-11-19T10:00:00-05:00", cid=1),  # due Fri 20: 4 overdue
        call("2026-11-25T10:00:00-05:00", cid=2),  # due today
        call("2026-11-25T11:00:00-05:00", cid=3),  # due today
        call("2026-11-25T12:00:00-05:00", cid=4),  # due today
        call("2026-11-25T12:00:00-05:00", "voicemail", cid=5),  # due Fri 27
        call("2026-07-01T10:00:00-04:00", cid=6),  # would be long overdue, but closed
        call("2026-11-20T10:00:00-05:00", "replied", "email", cid=7),  # nothing scheduled
        call("2026-11-24T10:00:00-05:00", cid=8),  # due Wed 25: 1 overdue
    ]
    queue = due_queue(_snapshot(contacts, attempts, SETTINGS), NY, NOW)
    names = [c.name for c, _ in queue]
    # The soonest due first (so the most overdue), then by name: the order of the app's list.
    assert names == ["Zoe Overdue", "Fay Lightly Overdue", "Abe Today", "Bea Today", "Yan Today"]
    assert [s.overdue_days for _, s in queue] == [4, 1, 0, 0, 0]
    assert all(s.contact_id == c.id for c, s in queue)


def test_due_queue_uses_the_settings_of_the_snapshot():
    contacts = [Contact("Ann", id=1, created_at=at("2026-06-01T12:00:00+00:00"))]
    attempts = [call("2026-11-24T10:00:00-05:00", "voicemail")]  # Tue + 2 = Thu 26
    assert len(due_queue(_snapshot(contacts, attempts, SETTINGS), NY, NOW)) == 1
    thanksgiving = Settings(holidays=(date(2026, 11, 26),))
    assert due_queue(_snapshot(contacts, attempts, thanksgiving), NY, NOW) == []
