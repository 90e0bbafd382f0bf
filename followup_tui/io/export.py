"""Exports: everything as JSON, the attempt history as CSV, upcoming follow-ups as iCalendar.

Each function returns bytes; ``write_atomic`` puts them in a file so that a crash leaves the old
file or the new one, never half of it.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from followup_tui.domain.models import Contact, format_instant
from followup_tui.domain.snapshot import Snapshot
from followup_tui.domain.validation import format_phone
from followup_tui.domain.vocab import CHANNEL_LABELS, EXPORT_FORMATS
from followup_tui.domain.zones import contact_zone_name, zone
from followup_tui.io.jsonfmt import dump_snapshot

FORMATS: tuple[str, ...] = EXPORT_FORMATS
UID_DOMAIN = "followup-tui"
PRODID = "-//followup-tui//follow-ups//EN"

CSV_COLUMNS: tuple[str, ...] = (
    "attempt_id",
    "contact_id",
    "name",
    "company",
    "at",
    "at_local",
    "channel",
    "outcome",
    "caller_id",
    "duration_s",
    "note",
)


def export_json(snapshot: Snapshot) -> bytes:
    """Every record with its id; deterministic (see ``jsonfmt``)."""
    return dump_snapshot(snapshot)


def export_csv(snapshot: Snapshot, user_zone: str) -> bytes:
    """One row per attempt, oldest first, with the contact's name and company.

    ``at`` is the UTC instant, ``at_local`` the same instant in the user's zone (ISO 8601).
    """
    tz = zone(user_zone)
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    attempts = sorted(snapshot.all_attempts(), key=lambda a: (a.at, a.id or 0))
    for attempt in attempts:
        contact = snapshot.contacts.get(attempt.contact_id)
        writer.writerow(
            (
                attempt.id if attempt.id is not None else "",
                attempt.contact_id,
                contact.name if contact else "",
                contact.company if contact else "",
                format_instant(attempt.at),
                attempt.at.astimezone(tz).replace(microsecond=0).isoformat(),
                attempt.channel,
                attempt.outcome,
                attempt.caller_id or "",
                attempt.duration_s if attempt.duration_s is not None else "",
                attempt.note,
            )
        )
    return buf.getvalue().encode("utf-8")


def event_uid(contact_id: int) -> str:
    """Stable per contact, so importing the calendar again updates instead of duplicating."""
    return f"followup-{contact_id}@{UID_DOMAIN}"


def _suggester() -> Callable[[Snapshot, Contact, str, datetime], object] | None:
    """A slot suggester built on analytics.reachability, when that module is available."""
    try:
        from followup_tui.analytics import reachability
    except ImportError:  # pragma: no cover - the analytics layer ships with the app
        return None
    cache: dict[str, reachability.ReachGrid] = {}

    def suggest(snapshot: Snapshot, contact: Contact, user_zone: str, after: datetime) -> object:
        if "all" not in cache:
            cache["all"] = reachability.grid_for_all(snapshot, user_zone)
        zone_name = contact_zone_name(contact.timezone, user_zone)
        grid = reachability.bin_attempts(snapshot.attempts_for(contact.id or 0), zone_name)
        return reachability.suggest_slot(
            grid,
            cache["all"],
            zone_name,
            after,
            snapshot.settings,
        )

    return suggest


def export_ics(snapshot: Snapshot, user_zone: str, now: datetime) -> bytes:
    """One VEVENT per contact with a follow-up scheduled (RFC 5545).

    The event is on the day the follow-up is due (today when it is overdue), in the slot
    suggested by the reachability model when there is one, else all day. UIDs are
    ``followup-<contact_id>@followup-tui``; SEQUENCE is the number of attempts so far.
    """
    from icalendar import Calendar, Event

    from followup_tui.domain.rules import local_date, summarize

    settings = snapshot.settings
    user_tz = zone(user_zone)
    today = local_date(now, user_zone)
    suggest = _suggester()

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "followup-tui follow-ups")
    stamp = now.astimezone(UTC).replace(microsecond=0)

    for cid, contact in sorted(snapshot.contacts.items()):
        if contact.status == "closed":
            continue
        attempts = snapshot.attempts_for(cid)
        summary = summarize(contact, attempts, settings, user_zone, now)
        if summary.next_due is None:
            continue
        day = max(summary.next_due, today)
        event = Event()
        event.add("uid", event_uid(cid))
        event.add("dtstamp", stamp)
        event.add("sequence", summary.attempts)
        title = f"Follow up: {contact.name}"
        if contact.company:
            title += f" ({contact.company})"
        event.add("summary", title)

        day_start = datetime(day.year, day.month, day.day, tzinfo=user_tz).astimezone(UTC)
        suggestion = suggest(snapshot, contact, user_zone, max(now, day_start)) if suggest else None
        start = getattr(suggestion, "start", None)
        lines = [summary.label]
        if summary.next_due < today:
            lines.append(f"Due since {summary.next_due.isoformat()}.")
        if start is not None and local_date(start, user_zone) == day:
            ctz = zone(contact_zone_name(contact.timezone, user_zone))
            slot_end = start.astimezone(ctz).replace(minute=0, second=0, microsecond=0)
            event.add("dtstart", start.astimezone(UTC).replace(microsecond=0))
            event.add("dtend", (slot_end + timedelta(hours=1)).astimezone(UTC))
            lines.append(str(getattr(suggestion, "text", "")))
        else:
            event.add("dtstart", day)
            event.add("dtend", day + timedelta(days=1))
        if summary.suggested_channel:
            label = CHANNEL_LABELS.get(summary.suggested_channel, summary.suggested_channel)
            lines.append(f"Next: {label}")
        lines += [f"Phone: {format_phone(p)}" for p in contact.phones]
        lines += [f"E-mail: {e}" for e in contact.emails]
        event.add("description", "\n".join(line for line in lines if line))
        if summary.last_touch is not None:
            event.add("last-modified", summary.last_touch.replace(microsecond=0))
        event.add("categories", ["followup-tui"])
        cal.add_component(event)
    ical: bytes = cal.to_ical()
    return ical


def write_atomic(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename (the file holds
    personal data: mode 0600)."""
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            os.fchmod(out.fileno(), mode)
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
