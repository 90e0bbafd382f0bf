"""Next steps, the words and order every view shares, settings that change the rule days,
keep-warm adherence and attempt numbers: all checked by hand against a 2026 calendar.

November 2026: Mon 23, Tue 24, Wed 25, Thu 26 (Thanksgiving in the US), Fri 27, Sat 28, Sun 29,
Mon 30; Tue 1 December. New York goes back to EST on Sun 1 Nov 2026 and forward to EDT on
Sun 8 Mar 2026; London goes to BST on Sun 29 Mar and back to GMT on Sun 25 Oct 2026.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from followup_tui.domain.models import Attempt, Contact
from followup_tui.domain.rules import (
    attempt_numbers,
    day_words,
    due_words,
    monthly_adherence,
    order_key,
    summarize,
    today_lists,
)
from followup_tui.domain.settings import Settings
from followup_tui.domain.snapshot import Snapshot
from tests.unit.test_rules import at, call

NY = "America/New_York"
LONDON = "Europe/London"
NOW = datetime(2026, 11, 26, 14, 5, 7, 123456, tzinfo=UTC)  # Thu 26 Nov, 09:05 in New York


def person(**kw: object) -> Contact:
    base: dict[str, object] = {
        "name": "Dana Whitfield",
        "id": 1,
        "created_at": at("2026-06-01T12:00:00+00:00"),
        "phones": ("+12125550121",),
    }
    base.update(kw)
    return Contact(**base)  # type: ignore[arg-type]


def summary_of(attempts, contact=None, settings=None, now=NOW, zone=NY):
    return summarize(contact or person(), attempts, settings or Settings(), zone, now)


# -- the next step ------------------------------------------------------------------------------


def test_a_next_step_in_the_future_wins_over_the_outcome_rule():
    no_answer = [call("2026-11-24T10:00:00-05:00")]  # Tue: the rule says Wed 25 (overdue now)
    assert summary_of(no_answer).next_due == date(2026, 11, 25)
    later = summary_of(no_answer, person(next_step_on=date(2026, 12, 3), next_step="after Q4"))
    assert later.next_due == date(2026, 12, 3)
    assert later.overdue_days == 0


def test_a_next_step_whose_day_came_is_due_until_the_next_attempt():
    # Step on Mon 23 Nov, set after a reply on Fri 20: overdue Tue, Wed, Thu = 3 business days.
    replied = [call("2026-11-20T10:00:00-05:00", "replied", "email")]
    step = person(next_step_on=date(2026, 11, 23))
    summary = summary_of(replied, step)
    assert (summary.next_due, summary.overdue_days) == (date(2026, 11, 23), 3)
    assert not summary.needs_next_step
    # A call on Tue 24 followed it up: the step is older than the last attempt, the rule is back
    # (no answer Tue + 1 business day = Wed 25).
    followed = [*replied, call("2026-11-24T10:00:00-05:00")]
    assert summary_of(followed, step).next_due == date(2026, 11, 25)


def test_a_next_step_set_for_the_day_of_the_call_counts():
    # Reached this morning, "call back this afternoon": the step is today, not a week on.
    reached = [call("2026-11-26T08:30:00-05:00", "reached")]
    summary = summary_of(reached, person(next_step_on=date(2026, 11, 26)))
    assert (summary.next_due, summary.overdue_days) == (date(2026, 11, 26), 0)
    assert not summary.needs_next_step
    assert summary.label == "1 attempt · reached today"


def test_a_next_step_wins_over_keep_warm_but_not_over_a_pause():
    touch = [call("2026-10-26T12:00:00-04:00", "reached")]  # cadence 30: Wed 25 Nov
    warm = person(status="keep_warm", next_step_on=date(2026, 12, 10))
    assert summary_of(touch, warm).next_due == date(2026, 12, 10)
    paused = person(
        status="paused", paused_until=date(2026, 12, 15), next_step_on=date(2026, 12, 1)
    )
    assert summary_of(touch, paused).next_due == date(2026, 12, 15)


@pytest.mark.parametrize(
    ("outcome", "channel", "status", "needs"),
    [
        ("replied", "email", "pursuing", True),
        ("reached", "phone", "pursuing", True),
        ("met", "in_person", "in_talks", True),
        ("voicemail", "phone", "pursuing", False),
        ("sent", "email", "pursuing", False),
        ("replied", "email", "keep_warm", False),  # the cadence sets the next date
        ("replied", "email", "paused", False),
        ("replied", "email", "closed", False),
    ],
)
def test_who_needs_a_next_step(outcome, channel, status, needs):
    attempts = [call("2026-11-24T10:00:00-05:00", outcome, channel)]
    contact = person(status=status, closed_reason="hired" if status == "closed" else None)
    assert summary_of(attempts, contact).needs_next_step is needs


def _snapshot(contacts, attempts, settings=None) -> Snapshot:
    return Snapshot.from_tables(
        {
            "contacts": {str(c.id): c.to_doc() for c in contacts},
            "attempts": {str(i): a.to_doc() for i, a in enumerate(attempts, start=1)},
            "settings": {"1": (settings or Settings()).to_doc()},
        }
    )


def test_today_lists_never_drop_a_contact_who_answered():
    old = at("2026-06-01T12:00:00+00:00")
    contacts = [
        Contact("Dana Replied", id=1, created_at=old),
        Contact("Ravi Reached Long Ago", id=2, created_at=old),
        Contact("Rosa Reached Yesterday", id=3, created_at=old),
        Contact("Sam Stepped", id=4, created_at=old, next_step_on=date(2026, 12, 2)),
        Contact("Vic Voicemail", id=5, created_at=old),
        Contact("Cleo Closed", id=6, created_at=old, status="closed", closed_reason="hired"),
    ]
    attempts = [
        call("2026-11-26T08:30:00-05:00", "replied", "email", cid=1),  # today
        call("2026-11-13T10:00:00-05:00", "reached", cid=2),  # + 7 days = Fri 20: overdue
        call("2026-11-25T10:00:00-05:00", "reached", cid=3),  # + 7 days = Wed 2 Dec
        call("2026-11-25T11:00:00-05:00", "replied", "email", cid=4),  # step Wed 2 Dec
        call("2026-11-24T10:00:00-05:00", "voicemail", cid=5),  # Tue + 2 = Thu 26: today
        call("2026-11-25T10:00:00-05:00", "replied", "email", cid=6),
    ]
    lists = today_lists(_snapshot(contacts, attempts), NY, NOW)
    assert lists.today == date(2026, 11, 26)
    assert [c.name for c, _ in lists.due] == ["Ravi Reached Long Ago", "Vic Voicemail"]
    # Ravi is due (the default days passed) and still says he needs a next step.
    ravi = lists.due[0][1]
    assert ravi.needs_next_step and ravi.label.endswith("needs a next step")
    assert ravi.overdue_days == 4  # Mon 23, Tue 24, Wed 25, Thu 26
    # Dana (replied today: nothing scheduled) and Rosa (reached, default date ahead) need one.
    assert [c.name for c, _ in lists.needs_next_step] == ["Rosa Reached Yesterday", "Dana Replied"]
    assert lists.needs_next_step[1][1].next_due is None


def test_a_contact_listed_under_needs_a_next_step_moves_to_due_on_its_step_day():
    old = at("2026-06-01T12:00:00+00:00")
    replied = [call("2026-11-20T10:00:00-05:00", "replied", "email")]
    waiting = _snapshot([Contact("Dana", id=1, created_at=old)], replied)
    lists = today_lists(waiting, NY, NOW)
    assert ([c.name for c, _ in lists.due], [c.name for c, _ in lists.needs_next_step]) == (
        [],
        ["Dana"],
    )
    stepped = _snapshot(
        [Contact("Dana", id=1, created_at=old, next_step_on=date(2026, 11, 26))], replied
    )
    lists = today_lists(stepped, NY, NOW)
    assert [c.name for c, _ in lists.due] == ["Dana"]
    assert lists.needs_next_step == []


# -- settings change the rule days --------------------------------------------------------------


def test_settings_change_the_business_days_after_each_outcome():
    voicemail = [call("2026-11-20T10:00:00-05:00", "voicemail")]  # Fri 20 Nov
    assert summary_of(voicemail).next_due == date(2026, 11, 24)  # + 2: Tue
    slower = Settings(business_days_after={**Settings().business_days_after, "voicemail": 4})
    assert summary_of(voicemail, settings=slower).next_due == date(2026, 11, 26)  # + 4: Thu
    # With Thanksgiving a holiday, + 4 business days skips it: Fri 27.
    thanksgiving = Settings(
        business_days_after={**Settings().business_days_after, "voicemail": 4},
        holidays=(date(2026, 11, 26),),
    )
    assert summary_of(voicemail, settings=thanksgiving).next_due == date(2026, 11, 27)
    sent = [call("2026-11-20T10:00:00-05:00", "sent", "email")]
    fast = Settings(business_days_after={**Settings().business_days_after, "sent": 1})
    assert summary_of(sent, settings=fast).next_due == date(2026, 11, 23)  # Mon


def test_settings_change_the_days_to_the_next_step_after_a_reach():
    reached = [call("2026-11-20T10:00:00-05:00", "reached")]  # Fri 20
    assert summary_of(reached).next_due == date(2026, 11, 27)  # + 7 calendar days
    assert summary_of(reached, settings=Settings(reached_next_days=3)).next_due == date(
        2026, 11, 23
    )  # Mon 23 (+3 = Mon)
    # + 1 is a Saturday: moved to Monday.
    assert summary_of(reached, settings=Settings(reached_next_days=1)).next_due == date(
        2026, 11, 23
    )


def test_the_users_day_across_daylight_saving_changes():
    # New York, Sun 1 Nov 2026 01:30 happens twice; 05:30 UTC is the first (EDT), 06:30 UTC the
    # second (EST). Both are Sunday: + 1 business day is Mon 2 Nov.
    for instant in ("2026-11-01T05:30:00+00:00", "2026-11-01T06:30:00+00:00"):
        summary = summary_of([call(instant)], now=at("2026-11-01T12:00:00+00:00"))
        assert summary.next_due == date(2026, 11, 2)
    # London: Fri 27 Mar 2026 23:30 GMT is still Friday (BST starts on Sunday): voicemail + 2
    # business days is Tue 31 Mar. At 23:30 UTC on Mon 30 Mar it is already Tuesday 00:30 BST.
    friday = summary_of(
        [call("2026-03-27T23:30:00+00:00", "voicemail")],
        now=at("2026-03-28T10:00:00+00:00"),
        zone=LONDON,
    )
    assert friday.next_due == date(2026, 3, 31)
    monday_night = summary_of(
        [call("2026-03-30T23:30:00+00:00", "voicemail")],
        now=at("2026-03-31T10:00:00+00:00"),
        zone=LONDON,
    )
    assert monday_night.next_due == date(2026, 4, 2)  # Tue 31 + 2 = Thu 2 Apr


# -- the same words and order everywhere ---------------------------------------------------------


def test_day_words_one_style():
    today = date(2026, 11, 26)
    assert day_words(today, today) == "today"
    assert day_words(date(2026, 11, 27), today) == "tomorrow"
    assert day_words(date(2026, 12, 7), today) == "Mon 7 Dec"
    assert day_words(date(2026, 11, 20), today) == "Fri 20 Nov"
    assert day_words(date(2027, 1, 4), today) == "Mon 4 Jan 2027"


@pytest.mark.parametrize(
    ("next_due", "overdue", "needs", "long", "short"),
    [
        (date(2026, 11, 18), 6, False, "6 business days overdue", "6 bd late"),
        (date(2026, 11, 25), 1, False, "1 business day overdue", "1 bd late"),
        (date(2026, 11, 26), 0, False, "due today", "today"),
        (date(2026, 11, 27), 0, False, "due tomorrow", "tomorrow"),
        (date(2026, 12, 7), 0, False, "due Mon 7 Dec", "Mon 7 Dec"),
        (None, 0, True, "needs a next step", "next step?"),
        (None, 0, False, "not scheduled", "—"),
    ],
)
def test_due_words(next_due, overdue, needs, long, short):
    today = date(2026, 11, 26)
    assert due_words(next_due, today, overdue, needs_next_step=needs) == long
    assert due_words(next_due, today, overdue, short=True, needs_next_step=needs) == short


def test_due_saturday_seen_on_sunday_is_not_overdue_yet():
    # A keep-warm date is moved to a business day, but a paused_until may fall on a weekend.
    assert due_words(date(2026, 11, 28), date(2026, 11, 29), 0) == "due today"


def test_order_key_is_soonest_due_then_name():
    rows = [
        (date(2026, 11, 26), "bea", 2),
        (None, "abe", 1),
        (date(2026, 11, 20), "zoe", 3),
        (date(2026, 11, 26), "Abe", 4),
    ]
    ordered = sorted(rows, key=lambda r: order_key(*r))
    assert [r[2] for r in ordered] == [3, 4, 2, 1]


def test_label_counts_agree_with_the_attempts_column():
    # 19 attempts: 13 before a reply, then 6 unanswered since 25 Sep (62 days to 26 Nov).
    early = [call(f"2026-0{m}-0{d}T10:00:00-04:00") for m in (6, 7) for d in range(1, 8)][:12]
    reply = [call("2026-09-20T10:00:00-04:00", "replied", "email")]
    since = [call(f"2026-{m}T10:00:00-04:00") for m in ("09-25", "10-02", "10-09", "10-16")]
    since += [call("2026-11-06T10:00:00-05:00"), call("2026-11-13T10:00:00-05:00", "voicemail")]
    summary = summary_of(early + reply + since)
    assert summary.attempts == 19
    assert summary.since_reply == 6
    assert summary.silent_days == 62
    assert summary.label == "19 attempts · 6 since last reply · 62 days silent"


def test_paused_label_uses_the_one_date_style():
    summary = summary_of([], person(status="paused", paused_until=date(2026, 12, 13)))
    assert summary.label == "paused until Sun 13 Dec"


def test_closed_label_gives_the_reason_in_words():
    calls = [call("2026-11-20T10:00:00-05:00")]
    closed = person(status="closed", closed_reason="not_interested")
    assert summary_of(calls, closed).label == "closed: not interested"
    # A file written by another tool may close a contact without a reason.
    assert summary_of(calls, person(status="closed")).label == "closed: closed"


# -- persistence and courtesy ---------------------------------------------------------------------


def test_monthly_adherence_counts_complete_months():
    # Now: 26 Nov 2026. Complete months since the first attempt (Jan 2025): Jan 2025..Oct 2026
    # is 22 months; capped at the last 24 it stays 22. Called in all but Mar 2025 and Jul 2026.
    months = [(2025, m) for m in range(1, 13) if m != 3] + [(2026, m) for m in range(1, 12)]
    months = [ym for ym in months if ym != (2026, 7)]
    times = [datetime(y, m, 15, 15, 0, tzinfo=UTC) for y, m in months]
    adherence = monthly_adherence(times, NY, NOW)
    assert adherence is not None
    assert (adherence.called, adherence.months) == (20, 22)
    assert adherence.text == "called 20 of the last 22 months"
    # Two years earlier too: the window is the last 24 complete months (Nov 2024..Oct 2026).
    longer = [datetime(2023, 1, 10, tzinfo=UTC), datetime(2024, 11, 3, 15, tzinfo=UTC), *times]
    adherence = monthly_adherence(longer, NY, NOW)
    assert adherence is not None and (adherence.called, adherence.months) == (21, 24)


def test_monthly_adherence_reads_the_month_in_the_users_zone():
    # 1 Oct 2026 02:00 UTC is still 30 Sep in New York.
    times = [at("2026-10-01T02:00:00+00:00")]
    adherence = monthly_adherence(times, NY, NOW)
    assert adherence is not None and (adherence.called, adherence.months) == (1, 2)  # Sep, Oct
    assert monthly_adherence(times, LONDON, NOW).months == 1  # Oct only
    assert monthly_adherence([at("2026-11-02T12:00:00+00:00")], NY, NOW) is None
    assert monthly_adherence([], NY, NOW) is None


def test_attempt_numbers_follow_time_then_id():
    a = Attempt(1, at("2026-11-20T10:00:00+00:00"), id=7)
    b = Attempt(1, at("2026-11-18T10:00:00+00:00"), id=9)
    c = Attempt(1, at("2026-11-20T10:00:00+00:00"), id=3)
    unsaved = Attempt(1, at("2026-11-20T10:00:00+00:00"))
    assert attempt_numbers([a, b, c, unsaved]) == [3, 1, 2, 4]
    assert attempt_numbers([]) == []
