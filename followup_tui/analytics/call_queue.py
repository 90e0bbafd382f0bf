"""The call session's queue and what its card says (PRODUCT.md sections 2, 3 and 7).

Plain Python: who is called, in which order, and the words the session screen shows for one
contact (their local time, the dial string with the caller-ID prefix, the attempt number and
the silence, the guard lines). Every function takes ``now``; nothing reads the system clock.

**Order.** The contacts due today or earlier in the one order of the app
(``rules.order_key``: the most overdue first, the same as ``followup-tui due``), then those
whose local time is outside their working hours (``settings.work_start_hour`` to
``work_end_hour`` on a weekday, their time), in the same order: never hidden, only later.
**Skip.** A skipped contact goes to the end of the queue once; skipped again, it leaves it.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import phonenumbers

from followup_tui.analytics.stats import SHOWN_WARNING_AT, SHOWN_WINDOW_DAYS, shown_count
from followup_tui.domain.models import Attempt, Contact
from followup_tui.domain.problems import MAX_DURATION_S
from followup_tui.domain.rules import ContactSummary, local_date, order_key
from followup_tui.domain.settings import Settings
from followup_tui.domain.vocab import OUTCOME_LABELS
from followup_tui.domain.zones import contact_zone_name, zone

#: The outcome keys of a call session, in PRODUCT.md section 3's order.
OUTCOME_KEYS: dict[str, str] = {
    "1": "reached",
    "2": "voicemail",
    "3": "no_answer",
    "4": "busy",
    "5": "gatekeeper",
    "6": "wrong_number",
}
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


# -- the queue ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QueueEntry:
    contact_id: int
    zone_name: str
    """The contact's IANA zone (the user's when unknown)."""
    outside_hours: bool
    """Their local time was outside their working hours when the queue was made."""


def outside_hours(now: datetime, zone_name: str, settings: Settings) -> bool:
    """Whether ``now`` is outside the working hours in ``zone_name``: before
    ``work_start_hour``, from ``work_end_hour`` on, or on a Saturday or Sunday."""
    local = now.astimezone(zone(zone_name))
    if local.weekday() >= 5:
        return True
    return not settings.work_start_hour <= local.hour < settings.work_end_hour


def build_queue(
    items: Iterable[tuple[Contact, ContactSummary]],
    settings: Settings,
    user_zone: str,
    now: datetime,
    *,
    only: Collection[int] | None = None,
) -> list[QueueEntry]:
    """The session's queue. Without ``only``: the contacts due today or earlier (never
    closed). With ``only`` (a filtered list, Today's due list): those contacts that are not
    closed, due or not. Inside their working hours first, then outside, each part in
    ``order_key`` order."""
    today = local_date(now, user_zone)
    chosen: list[tuple[tuple[date, str, int], QueueEntry]] = []
    for contact, summary in items:
        cid = contact.id
        if cid is None or contact.status == "closed":
            continue
        if only is None:
            if summary.next_due is None or summary.next_due > today:
                continue
        elif cid not in only:
            continue
        zone_name = contact_zone_name(contact.timezone, user_zone)
        entry = QueueEntry(cid, zone_name, outside_hours(now, zone_name, settings))
        chosen.append((order_key(summary.next_due, contact.name, cid), entry))
    chosen.sort(key=lambda pair: pair[0])
    entries = [entry for _, entry in chosen]
    return [e for e in entries if not e.outside_hours] + [e for e in entries if e.outside_hours]


@dataclass(slots=True)
class CallQueue:
    """Where a session is: the contact on screen is ``current``; the rest wait behind it."""

    ahead: list[QueueEntry]
    """The contact on screen first, then those still to come."""
    skipped: set[int] = field(default_factory=set)
    """Contacts skipped once (a second skip takes them out)."""
    done: list[QueueEntry] = field(default_factory=list)
    """Contacts an outcome was logged for, in order (an undo brings the last one back)."""

    @property
    def current(self) -> QueueEntry | None:
        return self.ahead[0] if self.ahead else None

    def logged(self) -> None:
        """An outcome was logged for the current contact: the next one comes."""
        if self.ahead:
            self.done.append(self.ahead.pop(0))

    def skip(self) -> None:
        """Nothing logged: to the end of the queue the first time, out the second."""
        if not self.ahead:
            return
        entry = self.ahead.pop(0)
        if entry.contact_id not in self.skipped:
            self.skipped.add(entry.contact_id)
            self.ahead.append(entry)

    def undone(self, contact_id: int) -> None:
        """The outcome logged for ``contact_id`` was taken back: the contact is on screen
        again (the one that was on screen comes right after)."""
        for index in range(len(self.done) - 1, -1, -1):
            if self.done[index].contact_id == contact_id:
                self.ahead.insert(0, self.done.pop(index))
                return


# -- what the card says -------------------------------------------------------------------------


def place_of(zone_name: str) -> str:
    """``America/New_York`` -> ``New York``."""
    return zone_name.rsplit("/", 1)[-1].replace("_", " ")


def their_time(now: datetime, zone_name: str) -> str:
    """``10:45 Tue in Chicago``."""
    local = now.astimezone(zone(zone_name))
    return f"{local:%H:%M} {WEEKDAYS[local.weekday()]} in {place_of(zone_name)}"


def outside_words(now: datetime, zone_name: str) -> str:
    """``outside hours · their time 22:40`` (with the weekday on a weekend)."""
    local = now.astimezone(zone(zone_name))
    day = f"{WEEKDAYS[local.weekday()]} " if local.weekday() >= 5 else ""
    return f"outside hours · their time {day}{local:%H:%M}"


def attempt_words(summary: ContactSummary | None) -> str:
    """``attempt 18 · 6 since last reply · 41 days silent``: the number of the call about to be
    made, then the rules' words for the silence."""
    if summary is None or summary.attempts == 0:
        return "attempt 1 · first try"
    head = f"attempt {summary.attempts + 1}"
    parts = summary.label.split(" · ", 1)
    return f"{head} · {parts[1]}" if len(parts) == 2 else head


@dataclass(frozen=True, slots=True)
class Dial:
    """How to dial a number: the string to show and copy, and the caller ID it gives."""

    text: str
    """``*67 +1 312 555 0142`` or ``141 020 7946 0018``."""
    uri: str
    """``tel:*67+13125550142``: what a click hands to the system's phone handler."""
    caller_id: str
    """``hidden`` or ``shown``: what the call will store."""
    note: str = ""
    """Why the number shows although hiding is on (no prefix for its region)."""


def prefix_region(number: phonenumbers.PhoneNumber, prefixes: Collection[str]) -> str | None:
    """The row of the prefix table that applies to ``number``: its own region (``US``,
    ``GB``) when the table has one, else ``NANP`` (country code 1), ``UK`` (44), else
    ``GSM`` (any mobile network)."""
    region = phonenumbers.region_code_for_number(number) or ""
    if region in prefixes:
        return region
    if number.country_code == 1 and "NANP" in prefixes:
        return "NANP"
    if number.country_code == 44 and "UK" in prefixes:
        return "UK"
    return "GSM" if "GSM" in prefixes else None


def dial(phone: str, settings: Settings, *, hide: bool | None = None) -> Dial:
    """The dial string of ``phone`` (E.164, or national in ``settings.home_region``) with the
    caller-ID prefix of its region when hiding (``hide``, else ``settings.hide_caller_id``).
    UK numbers after ``141`` are dialled in national form (``141 020 7946 0018``), others in
    international form (``*67 +1 312 555 0142``). An unreadable number is dialled as written."""
    hide = settings.hide_caller_id if hide is None else hide
    try:
        number = phonenumbers.parse(phone, settings.home_region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None:
        digits = "".join(c for c in phone if c.isdigit() or c == "+")
        note = "hiding needs a number with a country code" if hide else ""
        return Dial(phone, f"tel:{digits}", "shown", note)
    international = phonenumbers.format_number(
        number, phonenumbers.PhoneNumberFormat.INTERNATIONAL
    ).replace("-", " ")
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if not hide:
        return Dial(international, f"tel:{e164}", "shown")
    region = prefix_region(number, settings.prefixes)
    if region is None:
        where = phonenumbers.region_code_for_number(number) or f"+{number.country_code}"
        note = f"no hide prefix for {where} in settings: your number shows"
        return Dial(international, f"tel:{e164}", "shown", note)
    prefix = settings.prefixes[region]["hide"]
    if region in ("UK", "GB"):
        national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        raw = "".join(c for c in national if c.isdigit())
        return Dial(f"{prefix} {national}", _tel(prefix + raw), "hidden")
    return Dial(f"{prefix} {international}", _tel(prefix + e164), "hidden")


def _tel(text: str) -> str:
    """A ``tel:`` URI; ``#`` is written ``%23`` (RFC 3966)."""
    return "tel:" + text.replace("#", "%23")


def guard_lines(
    attempts: Sequence[Attempt],
    now: datetime,
    user_zone: str,
    *,
    elsewhere: Sequence[Attempt] = (),
) -> list[str]:
    """Warnings to read before dialling: the contact saw the user's number ``SHOWN_WARNING_AT`` or
    more times in ``SHOWN_WINDOW_DAYS`` days; was already called today (the user's day) and the
    last call today was not a gatekeeper asking to call back; attempts logged ``elsewhere``
    (another copy of the app) since the session began. ``attempts``: the contact's."""
    lines: list[str] = []
    shown = shown_count(attempts, now)
    if shown >= SHOWN_WARNING_AT:
        lines.append(
            f"has seen your number {shown} times in {SHOWN_WINDOW_DAYS} days: hide it, or wait"
        )
    today = local_date(now, user_zone)
    calls_today = [
        a for a in attempts if a.channel == "phone" and local_date(a.at, user_zone) == today
    ]
    if calls_today:
        last = max(calls_today, key=lambda a: a.at)
        if last.outcome != "gatekeeper":
            when = last.at.astimezone(zone(user_zone))
            outcome = OUTCOME_LABELS.get(last.outcome, last.outcome)
            count = len(calls_today)
            times = "once" if count == 1 else f"{count} times"
            lines.append(f"already called {times} today (last {when:%H:%M}, {outcome})")
    if elsewhere:
        last = max(elsewhere, key=lambda a: a.at)
        outcome = OUTCOME_LABELS.get(last.outcome, last.outcome)
        when = last.at.astimezone(zone(user_zone))
        lines.append(
            f"logged elsewhere during this session ({outcome} at {when:%H:%M}): "
            "another copy of followup-tui?"
        )
    return lines


def duration_of(started: datetime, now: datetime) -> int:
    """The timer's seconds: whole seconds begun, at least 1, at most a day."""
    seconds = math.ceil((now - started).total_seconds())
    return min(max(1, seconds), MAX_DURATION_S)


def timer_words(seconds: float) -> str:
    """``0:42``, ``12:05``, ``1:02:03``."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


# -- the summary --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """What a session did (the attempts it logged and kept, not those undone)."""

    calls: int = 0
    reached: int = 0
    voicemails: int = 0
    no_answers: int = 0
    emails: int = 0
    skipped: int = 0
    seconds: int = 0
    """From the start of the session to its end."""
    streak: tuple[str, int, str] | None = None
    """The longest persistence among the people called: their name, the attempts since their
    last reply up to and including this session's call, and that call's outcome."""

    def lines(self) -> list[str]:
        """The summary in words, one line each."""
        calls = "1 call" if self.calls == 1 else f"{self.calls} calls"
        out = [
            f"{calls} made: {self.reached} reached · {self.voicemails} "
            f"{'voicemail' if self.voicemails == 1 else 'voicemails'} · "
            f"{self.no_answers} no answer"
        ]
        if self.emails:
            out.append(f"{self.emails} {'e-mail' if self.emails == 1 else 'e-mails'} sent")
        if self.skipped:
            out.append(f"{self.skipped} skipped")
        out.append(f"time spent: {spent_words(self.seconds)}")
        if self.streak is not None:
            name, count, outcome = self.streak
            label = OUTCOME_LABELS.get(outcome, outcome)
            out.append(
                f"longest persistence: {name}, attempt {count} since the last reply ({label})"
            )
        return out


def spent_words(seconds: int) -> str:
    """``45 s``, ``12 min``, ``1 h 05 min``."""
    if seconds < 60:
        return f"{max(0, seconds)} s"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def summarize_session(
    logged: Iterable[tuple[str, Attempt, int]], skipped: int, started: datetime, ended: datetime
) -> SessionSummary:
    """The summary of the attempts ``logged`` (name, attempt, its place in the person's
    persistence streak), ``skipped`` contacts and the time from ``started`` to ``ended``."""
    counts = {"calls": 0, "reached": 0, "voicemail": 0, "no_answer": 0, "emails": 0}
    best: tuple[str, int, str] | None = None
    for name, attempt, streak in logged:
        if attempt.channel == "phone":
            counts["calls"] += 1
            if attempt.outcome in counts:
                counts[attempt.outcome] += 1
            if best is None or streak > best[1]:
                best = (name, streak, attempt.outcome)
        else:
            counts["emails"] += 1
    return SessionSummary(
        calls=counts["calls"],
        reached=counts["reached"],
        voicemails=counts["voicemail"],
        no_answers=counts["no_answer"],
        emails=counts["emails"],
        skipped=skipped,
        seconds=max(0, int((ended - started).total_seconds())),
        streak=best,
    )
