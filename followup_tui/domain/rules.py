"""Follow-up rules (PRODUCT.md section 5): when is a contact due next, and how silent are they.

Every function takes the current instant ``now`` as an argument; nothing here reads the system
clock, so tests freeze time by passing a fixed instant.

Next due, from the last attempt's outcome, counted in the user's time zone:

========================  ==============================================================
outcome of last attempt   next due
========================  ==============================================================
no_answer, busy,          1 business day after the attempt's day
gatekeeper, wrong_number  (wrong number: fix the number, the contact stays in the queue)
voicemail                 2 business days
sent                      3 business days
reached, met              ``contact.next_step_on`` if set (and not older than the attempt),
                          else ``settings.reached_next_days`` *calendar* days later, moved
                          forward to the next business day if that lands on a weekend/holiday
replied                   ``contact.next_step_on`` if set, else nothing (None) until the user
                          sets a next step
========================  ==============================================================

Business days skip Saturdays, Sundays and ``settings.holidays``. The contact's status wins over
the outcome: ``closed`` is never due, ``paused`` is due on ``paused_until`` (None if unset) and
``keep_warm`` is due ``cadence_days`` calendar days after the last touch (moved to a business
day). A contact with no attempts is due on the day it was created (or today if that is unknown),
so it appears in the queue at once. Nothing is ever closed automatically.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple

from followup_tui.domain.models import Attempt, Contact, Settings
from followup_tui.domain.snapshot import Mark, Snapshot
from followup_tui.domain.vocab import OUTCOME_LABELS, WRITTEN_CHANNELS
from followup_tui.domain.zones import zone

#: Business days to the next try after each outcome (reached/met/replied are handled apart).
BUSINESS_DAYS_AFTER: dict[str, int] = {
    "no_answer": 1,
    "busy": 1,
    "gatekeeper": 1,
    "wrong_number": 1,
    "voicemail": 2,
    "sent": 3,
}

#: Outcomes where the person answered: they end a silent streak.
RESPONSE_OUTCOMES: frozenset[str] = frozenset({"reached", "replied", "met"})


@dataclass(frozen=True, slots=True)
class ContactSummary:
    """What the rules say about one contact at one instant."""

    contact_id: int
    attempts: int
    """All attempts of the contact."""
    last_touch: datetime | None
    """UTC instant of the newest attempt; None without attempts."""
    next_due: date | None
    """Day the next follow-up is due, in the user's zone; None = nothing scheduled."""
    overdue_days: int
    """Business days past due (0 when due today, later, or never)."""
    silent_days: int | None
    """Calendar days since the first attempt that got no answer, counted from after the last
    reached/replied/met (or from the first attempt if there never was one); None when the
    newest attempt was itself an answer or there are no attempts."""
    suggested_channel: str | None
    """``"phone"`` when the last two attempts were written (e-mail, LinkedIn, SMS)."""
    label: str
    """Plain-text summary, e.g. ``"7 attempts · 12 days silent"``."""


class History(NamedTuple):
    """What the rules read of a contact's attempts: ``history_of(attempts)``, or
    ``history_of_marks(snapshot.attempt_marks(cid))`` without building the attempts.
    (A named tuple: made in a tenth of a dataclass's time when ``followup-tui due`` starts.)"""

    attempts: int
    last_at: datetime | None
    """UTC instant of the newest attempt; None without attempts."""
    last_outcome: str
    """Outcome of the newest attempt; ``""`` without attempts."""
    streak_len: int
    """Attempts after the last reached/replied/met (all of them if there never was one)."""
    streak_start_at: datetime | None
    """UTC instant of the first attempt of that streak; None when it is empty."""
    last_two_written: bool
    """The two newest attempts were both written (e-mail, LinkedIn, SMS)."""


NO_HISTORY = History(0, None, "", 0, None, False)


def history_of(attempts: Sequence[Attempt]) -> History:
    """The history of ``attempts`` (one contact's, oldest first)."""
    count = len(attempts)
    if not count:
        return NO_HISTORY
    start = _silent_start(attempts)
    last = attempts[-1]
    return History(
        attempts=count,
        last_at=last.at,
        last_outcome=last.outcome,
        streak_len=count - start,
        streak_start_at=attempts[start].at if start < count else None,
        last_two_written=count >= 2 and all(a.channel in WRITTEN_CHANNELS for a in attempts[-2:]),
    )


def history_of_marks(marks: Sequence[Mark]) -> History:
    """The history of the attempts with these marks (``Snapshot.attempt_marks``, oldest first);
    the same as ``history_of`` on the attempts themselves."""
    count = len(marks)
    if not count:
        return NO_HISTORY
    start = 0
    for i in range(count - 1, -1, -1):
        if marks[i][2] in RESPONSE_OUTCOMES:
            start = i + 1
            break
    last = marks[-1]
    return History(
        attempts=count,
        last_at=last[0],
        last_outcome=last[2],
        streak_len=count - start,
        streak_start_at=marks[start][0] if start < count else None,
        last_two_written=(
            count >= 2 and last[3] in WRITTEN_CHANNELS and marks[-2][3] in WRITTEN_CHANNELS
        ),
    )


# -- calendar helpers ---------------------------------------------------------------------------


def is_business_day(day: date, holidays: Iterable[date] = ()) -> bool:
    """Monday to Friday and not one of ``holidays``."""
    return day.weekday() < 5 and day not in holidays


def add_business_days(start: date, days: int, holidays: Iterable[date] = ()) -> date:
    """The day ``days`` business days after ``start`` (weekends and holidays skipped).

    ``start`` itself may be any day: a call logged on a Saturday with +1 is due Monday.
    """
    off = frozenset(holidays)
    day = start
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if is_business_day(day, off):
            remaining -= 1
    return day


def next_business_day_on_or_after(day: date, holidays: Iterable[date] = ()) -> date:
    """``day`` if it is a business day, else the next business day."""
    off = frozenset(holidays)
    while not is_business_day(day, off):
        day += timedelta(days=1)
    return day


def business_days_between(earlier: date, later: date, holidays: Iterable[date] = ()) -> int:
    """Business days in ``(earlier, later]``: 0 when ``later <= earlier``.

    Due Wednesday, today Thursday → 1; due Friday, today Monday → 1.
    """
    if later <= earlier:
        return 0
    off = frozenset(holidays)
    span = (later - earlier).days
    full_weeks, rest = divmod(span, 7)
    count = full_weeks * 5
    day = earlier + timedelta(days=full_weeks * 7)
    for _ in range(rest):
        day += timedelta(days=1)
        if day.weekday() < 5:
            count += 1
    # Holidays on weekdays inside the range are not business days.
    count -= sum(1 for h in off if earlier < h <= later and h.weekday() < 5)
    return count


def local_date(instant: datetime, zone_name: str) -> date:
    """The calendar day of ``instant`` in the zone ``zone_name``."""
    return instant.astimezone(zone(zone_name)).date()


# -- the rules ----------------------------------------------------------------------------------


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _next_due(
    contact: Contact,
    history: History,
    settings: Settings,
    user_zone: str,
    today: date,
) -> date | None:
    holidays = frozenset(settings.holidays)
    status = contact.status
    if status == "closed":
        return None
    if status == "paused":
        return contact.paused_until
    if history.last_at is None:
        if contact.created_at is None:
            return today
        return min(local_date(contact.created_at, user_zone), today)
    last_day = local_date(history.last_at, user_zone)
    if status == "keep_warm":
        return next_business_day_on_or_after(
            last_day + timedelta(days=contact.cadence_days), holidays
        )
    outcome = history.last_outcome
    step = contact.next_step_on
    if step is not None and step < last_day:
        step = None  # set for an earlier conversation
    if outcome in ("reached", "met"):
        if step is not None:
            return step
        return next_business_day_on_or_after(
            last_day + timedelta(days=settings.reached_next_days), holidays
        )
    if outcome == "replied":
        return step
    return add_business_days(last_day, BUSINESS_DAYS_AFTER.get(outcome, 1), holidays)


def _silent_start(attempts: Sequence[Attempt]) -> int:
    """Index of the first attempt after the last answer (reached/replied/met);
    ``len(attempts)`` when the newest attempt is itself an answer."""
    for i in range(len(attempts) - 1, -1, -1):
        if attempts[i].outcome in RESPONSE_OUTCOMES:
            return i + 1
    return 0


def _label(
    contact: Contact,
    history: History,
    silent_days: int | None,
    next_due: date | None,
    days_since_last: int,
) -> str:
    """Plain-text state of a contact for lists and the call session."""
    if contact.status == "closed":
        reason = contact.closed_reason or "closed"
        return f"closed: {reason.replace('_', ' ')}"
    if contact.status == "paused":
        if contact.paused_until is None:
            return "paused"
        return f"paused until {contact.paused_until.isoformat()}"
    if not history.attempts:
        return "no attempts yet"
    if silent_days is not None:
        return f"{_plural(history.streak_len, 'attempt')} · {_plural(silent_days, 'day')} silent"
    last_outcome = history.last_outcome
    when = "today" if days_since_last == 0 else f"{_plural(days_since_last, 'day')} ago"
    outcome = OUTCOME_LABELS.get(last_outcome, last_outcome)
    label = f"{_plural(history.attempts, 'attempt')} · {outcome} {when}"
    if last_outcome == "replied" and next_due is None:
        label += " · set a next step"
    return label


def summarize(
    contact: Contact,
    attempts: Sequence[Attempt],
    settings: Settings,
    user_zone: str,
    now: datetime,
) -> ContactSummary:
    """Apply the follow-up rules to one contact. ``attempts`` are the contact's, oldest first."""
    return summarize_history(contact, history_of(attempts), settings, user_zone, now)


def summarize_history(
    contact: Contact,
    history: History,
    settings: Settings,
    user_zone: str,
    now: datetime,
) -> ContactSummary:
    """``summarize`` from the history of the contact's attempts."""
    today = local_date(now, user_zone)
    next_due = _next_due(contact, history, settings, user_zone, today)
    return _summary(contact, history, settings, user_zone, today, next_due)


def _summary(
    contact: Contact,
    history: History,
    settings: Settings,
    user_zone: str,
    today: date,
    next_due: date | None,
) -> ContactSummary:
    overdue = 0
    if next_due is not None and next_due < today:
        overdue = business_days_between(next_due, today, settings.holidays)

    silent_days: int | None = None
    if history.streak_start_at is not None:
        silent_days = max(0, (today - local_date(history.streak_start_at, user_zone)).days)

    suggested = "phone" if history.last_two_written else None

    last_at = history.last_at
    days_since_last = max(0, (today - local_date(last_at, user_zone)).days) if last_at else 0
    label = _label(contact, history, silent_days, next_due, days_since_last)

    return ContactSummary(
        contact_id=contact.id if contact.id is not None else 0,
        attempts=history.attempts,
        last_touch=last_at,
        next_due=next_due,
        overdue_days=overdue,
        silent_days=silent_days,
        suggested_channel=suggested,
        label=label,
    )


def is_due(summary: ContactSummary, user_zone: str, now: datetime) -> bool:
    """True when the contact is due today or earlier (in the user's zone)."""
    if summary.next_due is None:
        return False
    return summary.next_due <= local_date(now, user_zone)


def due_queue(
    snapshot: Snapshot, user_zone: str, now: datetime
) -> list[tuple[Contact, ContactSummary]]:
    """Contacts due today or earlier, most overdue first; closed contacts never appear.

    Order: most business days overdue first, then the earliest due day, then the most recently
    created contact (fewest days since created; unknown creation last), then name.
    """
    settings = snapshot.settings
    today = local_date(now, user_zone)
    due: list[tuple[Contact, ContactSummary]] = []
    for cid, contact in snapshot.contacts.items():
        if contact.status == "closed":
            continue
        # The marks, not the attempts: summarizing needs no Attempt records. A summary is
        # only made for a contact that is due (``is_due`` reads nothing else).
        history = history_of_marks(snapshot.attempt_marks(cid))
        next_due = _next_due(contact, history, settings, user_zone, today)
        if next_due is not None and next_due <= today:
            due.append((contact, _summary(contact, history, settings, user_zone, today, next_due)))

    def key(item: tuple[Contact, ContactSummary]) -> tuple[int, date, float, str, int]:
        contact, summary = item
        assert summary.next_due is not None
        created = contact.created_at
        age = (now - created).total_seconds() if created is not None else float("inf")
        name = contact.name.casefold()
        return (-summary.overdue_days, summary.next_due, age, name, summary.contact_id)

    due.sort(key=key)
    return due
