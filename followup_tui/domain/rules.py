"""Follow-up rules (PRODUCT.md section 5): when is a contact due next, and how silent are they.

Every function takes the current instant ``now`` as an argument; nothing here reads the system
clock, so tests freeze time by passing a fixed instant.

Next due, from the last attempt's outcome, counted in the user's time zone (the numbers are the
defaults: every one is read from ``Settings``):

========================  ==============================================================
outcome of last attempt   next due
========================  ==============================================================
no_answer, busy,          1 business day after the attempt's day
gatekeeper, wrong_number  (wrong number: fix the number, the contact stays in the queue)
voicemail                 2 business days
sent                      3 business days
reached, met              ``settings.reached_next_days`` *calendar* days later, moved
                          forward to the next business day if that lands on a weekend/holiday
replied                   nothing (None) until the user sets a next step
========================  ==============================================================

**The next step wins.** A contact's ``next_step_on`` counts when it is on or after the day of the
last attempt (an older one was for an earlier conversation, and the attempts since followed it
up). While it is in the future it wins over the outcome rule (and over the keep-warm cadence);
once its day has come the contact is due on it, and overdue after it, until the next attempt.

**Needs a next step.** A pursued contact (``pursuing`` or ``in_talks``) whose last attempt was
answered (reached, replied, met) and who has no next step that counts *needs a next step*: it is
listed under its own heading (``followup-tui due``, Today, the calendar export) until the user
sets one, logs another attempt or changes the status. It is never dropped.

Business days skip Saturdays, Sundays and ``settings.holidays``. The contact's status wins over
the outcome: ``closed`` is never due, ``paused`` is due on ``paused_until`` (None if unset) and
``keep_warm`` is due ``cadence_days`` calendar days after the last touch (moved to a business
day). A contact with no attempts is due on the day it was created (or today if that is unknown),
so it appears in the queue at once. Nothing is ever closed automatically.

**Counts mean one thing each** (PRODUCT.md section 5): *attempts* is every attempt ever logged,
*since last reply* the attempts after the last answer, *days silent* the calendar days since the
first of those. ``ContactSummary.label`` says them in words, ``due_words`` says when the next
follow-up is ("today", "tomorrow", "Mon 7 Dec", "3 business days overdue") and ``order_key`` is
the one order of the app's list, ``followup-tui due`` and the exports.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple

from followup_tui.domain.models import Attempt, Contact
from followup_tui.domain.settings import DEFAULT_BUSINESS_DAYS_AFTER, Settings
from followup_tui.domain.snapshot import Mark, Snapshot
from followup_tui.domain.vocab import MONTH_NAMES, OUTCOME_LABELS, WEEKDAY_NAMES, WRITTEN_CHANNELS
from followup_tui.domain.zones import zone

#: The default business days to the next try after each outcome (``Settings.days_after``).
BUSINESS_DAYS_AFTER: dict[str, int] = DEFAULT_BUSINESS_DAYS_AFTER
#: Statuses of contacts being pursued: only they can need a next step.
PURSUED: frozenset[str] = frozenset({"pursuing", "in_talks"})

#: Outcomes where the person answered: they end a silent streak.
RESPONSE_OUTCOMES: frozenset[str] = frozenset({"reached", "replied", "met"})


@dataclass(frozen=True, slots=True)
class ContactSummary:
    """What the rules say about one contact at one instant."""

    contact_id: int
    attempts: int
    """All attempts of the contact, ever (the list's ``#``, ``due --json``'s ``attempts``)."""
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
    """The channel for the next try (``suggested_channel``); None when there is no way to
    reach the person (no phone, no e-mail)."""
    label: str
    """Plain-text summary, e.g. ``"19 attempts · 6 since last reply · 62 days silent"``."""
    since_reply: int = 0
    """Attempts after the last answer (reached/replied/met): all of them if there never was
    one, 0 when the newest attempt was itself an answer."""
    needs_next_step: bool = False
    """Answered (reached/replied/met), pursued, and no next step that counts."""


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
    last_channel: str = ""
    """Channel of the newest attempt; ``""`` without attempts."""


NO_HISTORY = History(0, None, "", 0, None, False, "")


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
        last_channel=last.channel,
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
        last_channel=last[3],
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


#: What the list's "Next due" column says of a contact that needs a next step.
NEEDS_STEP_SHORT = "next step?"


def day_words(day: date, today: date) -> str:
    """The one date style of followup-tui: ``today``, ``tomorrow``, then ``Mon 7 Dec`` (with the
    year when it is not this year's: ``Mon 3 Jan 2028``). English names, whatever the locale."""
    if day == today:
        return "today"
    if day == today + timedelta(days=1):
        return "tomorrow"
    text = f"{WEEKDAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]}"
    return text if day.year == today.year else f"{text} {day.year}"


def due_words(
    next_due: date | None,
    today: date,
    overdue_days: int,
    *,
    short: bool = False,
    needs_next_step: bool = False,
) -> str:
    """When the next follow-up is, in words: ``"3 business days overdue"``, ``"due today"``,
    ``"due tomorrow"``, ``"due Mon 7 Dec"``, ``"needs a next step"``; ``short`` for the list's
    column: ``"3 bd late"``, ``"today"``, ``"tomorrow"``, ``"Mon 7 Dec"``, ``"next step?"``.

    Overdue is in business days (``overdue_days``); a day past due that was not a business day
    (due Saturday, today Sunday) is not overdue yet: it reads as due today.
    """
    if next_due is None:
        if needs_next_step:
            return NEEDS_STEP_SHORT if short else "needs a next step"
        return "—" if short else "not scheduled"
    if next_due < today and overdue_days > 0:
        if short:
            return f"{overdue_days} bd late"
        return f"{_plural(overdue_days, 'business day')} overdue"
    words = day_words(max(next_due, today), today)
    return words if short else f"due {words}"


def order_key(next_due: date | None, name: str, contact_id: int) -> tuple[date, str, int]:
    """The one order of contacts (the app's list, ``followup-tui due``, the exports): the
    soonest due first, so the most overdue lead; nothing scheduled last; then by name."""
    return (next_due or date.max, name.casefold(), contact_id)


def suggested_channel(contact: Contact, history: History) -> str | None:
    """How to try next (PRODUCT.md section 5): the phone after two written attempts in a row
    (and when nothing was tried yet); after one written attempt, the same channel again (if
    there is an address for it); for a
    contact without a phone number, e-mail (or the written channel last used when there is no
    address either); None when there is no way to reach the person at all."""
    last = history.last_channel
    if not contact.phones:
        if contact.emails:
            return "email"
        return last if last in WRITTEN_CHANNELS else None
    if history.last_two_written:
        return "phone"
    if last in WRITTEN_CHANNELS and (last != "email" or contact.emails):
        return last
    return "phone"


def _live_step(contact: Contact, history: History, user_zone: str) -> date | None:
    """The contact's next step day if it counts: on or after the day of the last attempt."""
    step = contact.next_step_on
    if step is None:
        return None
    if history.last_at is not None and step < local_date(history.last_at, user_zone):
        return None  # set for an earlier conversation; the attempts since followed it up
    return step


def _next_due(
    contact: Contact,
    history: History,
    settings: Settings,
    user_zone: str,
    today: date,
) -> date | None:
    holidays = settings.holidays
    status = contact.status
    if status == "closed":
        return None
    if status == "paused":
        return contact.paused_until
    step = _live_step(contact, history, user_zone)
    if step is not None:
        # In the future it wins over the outcome rule; once its day has come the contact is
        # due on it (overdue after it) until the next attempt.
        return step
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
    if outcome in ("reached", "met"):
        return next_business_day_on_or_after(
            last_day + timedelta(days=settings.reached_next_days), holidays
        )
    if outcome == "replied":
        return None
    return add_business_days(last_day, settings.days_after(outcome), holidays)


def needs_next_step(contact: Contact, history: History, user_zone: str) -> bool:
    """The person answered last (reached, replied, met), the contact is pursued and no next
    step counts: it belongs under "needs a next step"."""
    return (
        contact.status in PURSUED
        and history.last_outcome in RESPONSE_OUTCOMES
        and _live_step(contact, history, user_zone) is None
    )


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
    days_since_last: int,
    today: date,
    needs_step: bool,
) -> str:
    """Plain-text state of a contact, the same words everywhere (PRODUCT.md section 5)."""
    if contact.status == "closed":
        reason = contact.closed_reason or "closed"
        return f"closed: {reason.replace('_', ' ')}"
    if contact.status == "paused":
        if contact.paused_until is None:
            return "paused"
        return f"paused until {day_words(contact.paused_until, today)}"
    if not history.attempts:
        return "no attempts yet"
    attempts = _plural(history.attempts, "attempt")
    if silent_days is not None:
        silent = f"{_plural(silent_days, 'day')} silent"
        if history.streak_len == history.attempts:
            return f"{attempts} · {silent}"
        return f"{attempts} · {history.streak_len} since last reply · {silent}"
    last_outcome = history.last_outcome
    when = "today" if days_since_last == 0 else f"{_plural(days_since_last, 'day')} ago"
    outcome = OUTCOME_LABELS.get(last_outcome, last_outcome)
    label = f"{attempts} · {outcome} {when}"
    if needs_step:
        label += " · needs a next step"
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

    needs_step = needs_next_step(contact, history, user_zone)
    last_at = history.last_at
    days_since_last = max(0, (today - local_date(last_at, user_zone)).days) if last_at else 0
    label = _label(contact, history, silent_days, days_since_last, today, needs_step)

    return ContactSummary(
        contact_id=contact.id if contact.id is not None else 0,
        attempts=history.attempts,
        last_touch=last_at,
        next_due=next_due,
        overdue_days=overdue,
        silent_days=silent_days,
        suggested_channel=suggested_channel(contact, history),
        label=label,
        since_reply=history.streak_len,
        needs_next_step=needs_step,
    )


def is_due(summary: ContactSummary, user_zone: str, now: datetime) -> bool:
    """True when the contact is due today or earlier (in the user's zone)."""
    if summary.next_due is None:
        return False
    return summary.next_due <= local_date(now, user_zone)


Listed = tuple[Contact, ContactSummary]


def _key(item: Listed) -> tuple[date, str, int]:
    contact, summary = item
    return order_key(summary.next_due, contact.name, summary.contact_id)


@dataclass(frozen=True, slots=True)
class TodayLists:
    """The day's work (PRODUCT.md section 2, Today), each list in ``order_key`` order."""

    today: date
    """The user's day."""
    due: list[Listed]
    """Due today or overdue (never closed)."""
    needs_next_step: list[Listed]
    """Answered, no next step set, and not due today: listed so that nobody is dropped."""


def today_lists(
    snapshot: Snapshot,
    user_zone: str,
    now: datetime,
    visit: Callable[[Contact, Sequence[Mark]], None] | None = None,
) -> TodayLists:
    """Who is due (today or earlier) and who needs a next step, in the one order of the app.

    A contact that needs a next step and is due (the default days after a reached call have
    passed) is listed once, under due; its label says it needs a next step. ``visit`` is
    called with each contact (closed ones too) and the marks of its attempts (read once).
    """
    settings = snapshot.settings
    today = local_date(now, user_zone)
    due: list[Listed] = []
    needs: list[Listed] = []
    for cid, contact in snapshot.contacts.items():
        if contact.status == "closed":
            if visit is not None:
                visit(contact, snapshot.attempt_marks(cid))
            continue
        # The marks, not the attempts: summarizing needs no Attempt records. A summary is
        # only made for a contact that is listed.
        marks = snapshot.attempt_marks(cid)
        if visit is not None:
            visit(contact, marks)
        history = history_of_marks(marks)
        next_due = _next_due(contact, history, settings, user_zone, today)
        if next_due is not None and next_due <= today:
            due.append((contact, _summary(contact, history, settings, user_zone, today, next_due)))
        elif needs_next_step(contact, history, user_zone):
            needs.append(
                (contact, _summary(contact, history, settings, user_zone, today, next_due))
            )
    due.sort(key=_key)
    needs.sort(key=_key)
    return TodayLists(today, due, needs)


def due_queue(snapshot: Snapshot, user_zone: str, now: datetime) -> list[Listed]:
    """Contacts due today or earlier, most overdue first (``order_key``); closed contacts never
    appear."""
    return today_lists(snapshot, user_zone, now).due


# -- persistence and courtesy -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Adherence:
    """How steadily a keep-warm contact was kept warm: months with at least one attempt."""

    called: int
    months: int

    @property
    def text(self) -> str:
        if self.months == 1:
            return f"called {self.called} of the last month"
        return f"called {self.called} of the last {self.months} months"


def monthly_adherence(
    attempt_times: Iterable[datetime], user_zone: str, now: datetime, months: int = 24
) -> Adherence | None:
    """Of the last ``months`` complete calendar months (in the user's zone; fewer when the
    first attempt is more recent), in how many was there at least one attempt? The month under
    way does not count: it is not over. None when no complete month has passed since the
    first attempt (or there are none)."""
    tz = zone(user_zone)
    today = now.astimezone(tz).date()
    current = today.year * 12 + today.month - 1
    seen: set[int] = set()
    first: int | None = None
    for at in attempt_times:
        local = at.astimezone(tz)
        index = local.year * 12 + local.month - 1
        seen.add(index)
        first = index if first is None else min(first, index)
    if first is None or first >= current:
        return None
    span = min(months, current - first)
    window = range(current - span, current)
    return Adherence(sum(1 for m in window if m in seen), span)


def attempt_numbers(attempts: Sequence[Attempt]) -> list[int]:
    """The number of each of ``attempts`` in the contact's history ("#18"): 1 for the oldest,
    by time then id (an attempt not saved yet, without an id, after saved ones at the same
    instant). The numbers are given in the order of ``attempts``."""
    order = sorted(
        range(len(attempts)),
        key=lambda i: (attempts[i].at, attempts[i].id is None, attempts[i].id or 0, i),
    )
    numbers = [0] * len(attempts)
    for rank, index in enumerate(order, start=1):
        numbers[index] = rank
    return numbers


# -- setting a next step ------------------------------------------------------------------------

MAX_NEXT_STEP = 200
_DAY_NAMES = {
    name: index
    for index, names in enumerate(
        (
            ("mon", "monday"),
            ("tue", "tues", "tuesday"),
            ("wed", "wednesday"),
            ("thu", "thur", "thurs", "thursday"),
            ("fri", "friday"),
            ("sat", "saturday"),
            ("sun", "sunday"),
        )
    )
    for name in names
}


def parse_day(text: str, today: date) -> date:
    """A day for a next step, today or later: ``2026-12-07``, ``today``, ``tomorrow``, a weekday
    (``mon``, ``friday``: the next one, never today), ``+3`` / ``3d`` (days) or ``2w`` (weeks).
    ``ValueError`` with a message for anything else or a day in the past."""
    key = " ".join(text.casefold().split())
    if not key:
        raise ValueError("give a day, e.g. 2026-12-07, tomorrow, mon or +3")
    day: date | None = None
    if key == "today":
        day = today
    elif key == "tomorrow":
        day = today + timedelta(days=1)
    elif key in _DAY_NAMES:
        ahead = (_DAY_NAMES[key] - today.weekday()) % 7 or 7
        day = today + timedelta(days=ahead)
    else:
        number = key.removeprefix("+").removeprefix("in ").strip()
        unit = 1
        for suffix, days in (("weeks", 7), ("week", 7), ("w", 7), ("days", 1), ("day", 1)):
            if number.endswith(suffix):
                number, unit = number[: -len(suffix)].strip(), days
                break
        else:
            number = number.removesuffix("d").strip()
        if number.isdigit() and (key.startswith(("+", "in ")) or number != key):
            count = int(number) * unit
            if count > 3660:
                raise ValueError(f"{text!r} is more than ten years ahead")
            day = today + timedelta(days=count)
        else:
            try:
                day = date.fromisoformat(key)
            except ValueError:
                raise ValueError(
                    f"{text!r} is not a day I can read (e.g. 2026-12-07, tomorrow, mon, +3)"
                ) from None
    if day < today:
        raise ValueError(f"{day.isoformat()} is in the past; a next step is today or later")
    return day
