"""Exports: everything as JSON, the attempt history as CSV, upcoming follow-ups as iCalendar.

Each function returns bytes; ``write_atomic`` puts them in a file so that a crash leaves the old
file or the new one, never half of it.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from followup_tui.domain.models import Contact, doc_id_of, format_instant
from followup_tui.domain.problems import Problem
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
    "problems",
)


def export_json(snapshot: Snapshot) -> bytes:
    """Every record with its id; deterministic (see ``jsonfmt``)."""
    return dump_snapshot(snapshot)


#: A spreadsheet runs a cell starting with one of these as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """A value as a CSV cell: text that a spreadsheet would run as a formula starts with ``'``
    (OWASP's rule); lists and objects are written as JSON."""
    if value is None:
        return ""
    if value.__class__ is bool:
        return "true" if value else "false"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str):
        text = value
    else:
        import orjson

        try:
            text = orjson.dumps(value).decode()
        except TypeError:
            text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def export_csv(snapshot: Snapshot, user_zone: str) -> bytes:
    """One row per attempt, oldest first, with the contact's name and company.

    ``at`` is the UTC instant, ``at_local`` the same instant in the user's zone (ISO 8601).
    A value the reading ignored is written as it was in the file, and the last column,
    ``problems``, says which; an attempt whose time cannot be read comes last, as written.
    """
    tz = zone(user_zone)
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    attempts = sorted(snapshot.all_attempts(), key=lambda a: (a.at, a.id or 0))
    for attempt in attempts:
        contact = snapshot.contacts.get(attempt.contact_id)
        row: dict[str, object] = {
            "attempt_id": attempt.id,
            "contact_id": attempt.contact_id,
            "name": contact.name if contact else "",
            "company": contact.company if contact else "",
            "at": format_instant(attempt.at),
            "at_local": attempt.at.astimezone(tz).replace(microsecond=0).isoformat(),
            "channel": attempt.channel,
            "outcome": attempt.outcome,
            "caller_id": attempt.caller_id,
            "duration_s": attempt.duration_s,
            "note": attempt.note,
        }
        raw = snapshot.raw_fields("attempts", attempt.id)
        row.update({k: v for k, v in raw.items() if k in row})
        flags = "; ".join(_flag_text(p) for p in snapshot.problems_of("attempts", attempt.id))
        writer.writerow([csv_cell(row[c]) for c in CSV_COLUMNS[:-1]] + [csv_cell(flags)])
    for (table, key), doc in sorted(snapshot.aside.items(), key=lambda item: _key_order(item[0])):
        if table != "attempts":
            continue
        fields = doc if isinstance(doc, dict) else {}
        cid = fields.get("contact_id")
        contact = snapshot.contacts.get(cid) if cid.__class__ is int else None
        cells: list[object] = [
            key,
            cid,
            contact.name if contact else "",
            contact.company if contact else "",
            fields.get("at"),
            "",
            fields.get("channel"),
            fields.get("outcome"),
            fields.get("caller_id"),
            fields.get("duration_s"),
            fields.get("note"),
        ]
        flags = "; ".join(_flag_text(p) for p in snapshot.problems_of("attempts", key))
        writer.writerow([csv_cell(c) for c in cells] + [csv_cell(flags)])
    return buf.getvalue().encode("utf-8")


def _flag_text(problem: Problem) -> str:
    """``duration_s 999999 is out of range``: a problem without its record, for a CSV cell."""
    text = str(problem)
    return text.split(": ", 1)[1].removesuffix(", ignored").removesuffix(", kept aside")


def _key_order(item: tuple[str, str]) -> tuple[str, bool, int, str]:
    """Records kept aside by table, then by id (as a number), keys that are not ids last."""
    table, key = item
    doc_id = doc_id_of(key)
    return (table, doc_id is None, doc_id or 0, key)


def event_uid(contact_id: int) -> str:
    """Stable per contact, so importing the calendar again updates instead of duplicating."""
    return f"followup-{contact_id}@{UID_DOMAIN}"


def task_uid(interview_id: int, contact_id: int) -> str:
    """Stable per person per interview (a thank-you task)."""
    return f"thank-you-{interview_id}-{contact_id}@{UID_DOMAIN}"


def _suggester() -> Callable[[Snapshot, Contact, str, datetime], object] | None:
    """A slot suggester built on analytics.reachability, when that module is available."""
    try:
        from followup_tui.analytics import reachability
    except ImportError:  # pragma: no cover - the analytics layer ships with the app
        return None
    cache: dict[str, tuple[reachability.ReachGrid, reachability.Prior]] = {}

    def suggest(snapshot: Snapshot, contact: Contact, user_zone: str, after: datetime) -> object:
        if "all" not in cache:
            everyone = reachability.grid_for_all(snapshot, user_zone)
            cache["all"] = (everyone, reachability.prior_of(everyone))
        everyone, prior = cache["all"]
        zone_name = contact_zone_name(contact.timezone, user_zone)
        grid = reachability.bin_attempts(snapshot.attempts_for(contact.id or 0), zone_name)
        return reachability.suggest_slot(
            grid, everyone, zone_name, after, snapshot.settings, prior=prior, user_zone=user_zone
        )

    return suggest


#: The fields a contact's follow-up day is worked out from (PRODUCT.md section 5).
SCHEDULE_FIELDS: dict[str, frozenset[str]] = {
    "contacts": frozenset({"status", "cadence_days", "next_step_on", "paused_until", "created_at"}),
    "attempts": frozenset({"at", "contact_id", "outcome", "channel"}),
}


def unsure_schedules(snapshot: Snapshot) -> dict[int, list[str]]:
    """Contacts whose follow-up day reads a value the reading ignored: contact id -> the
    fields (``cadence_days``, ``attempt 3 at``)."""
    out: dict[int, list[str]] = {}
    for problem in snapshot.problems:
        if problem.contact_id is None or problem.field is None:
            continue
        if problem.field in SCHEDULE_FIELDS.get(problem.table, ()):
            what = problem.field
            if problem.table == "attempts":
                what = f"attempt {problem.key} {problem.field}"
            out.setdefault(problem.contact_id, []).append(what)
    return out


def export_ics(
    snapshot: Snapshot, user_zone: str, now: datetime, skipped: list[str] | None = None
) -> bytes:
    """The calendar of ``ics_calendar`` as iCalendar bytes."""
    ical: bytes = ics_calendar(snapshot, user_zone, now, skipped).to_ical()
    return ical


def ics_calendar(
    snapshot: Snapshot, user_zone: str, now: datetime, skipped: list[str] | None = None
) -> Any:
    """One VEVENT per contact with a follow-up scheduled or a next step to set (RFC 5545), and
    one VTODO per open thank-you task after an interview (UID ``thank-you-<interview>-<contact>``).

    The event is on the day the follow-up is due (today when it is overdue), in the slot
    suggested by the reachability model when there is one, else all day. A contact who answered
    and has no next step (and no date from the rules) gets an all-day event today, "Set a next
    step: NAME", so nobody drops out of the calendar. UIDs are
    ``followup-<contact_id>@followup-tui``; SEQUENCE is the number of attempts so far. The
    description carries the same words as the app and ``followup-tui due``.

    A contact whose follow-up day would rest on a value the reading ignored gets no event
    (a calendar entry on a guessed day is worse than none); ``skipped`` receives one line each.
    """
    from icalendar import Calendar, Event

    from followup_tui.domain.rules import due_words, local_date, summarize

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

    snapshot.check_all()  # every attempt's problems, before any event is made
    unsure_of = unsure_schedules(snapshot)
    for cid, contact in sorted(snapshot.contacts.items()):
        if contact.status == "closed":
            continue
        attempts = snapshot.attempts_for(cid)
        unsure = unsure_of.get(cid)
        if unsure:
            if skipped is not None:
                skipped.append(
                    f"contact {cid} ({contact.name}): no calendar event; its follow-up day "
                    f"depends on {', '.join(unsure)}, which cannot be read"
                )
            continue
        summary = summarize(contact, attempts, settings, user_zone, now)
        if summary.next_due is None and not summary.needs_next_step:
            continue
        day = max(summary.next_due or today, today)
        event = Event()
        event.add("uid", event_uid(cid))
        event.add("dtstamp", stamp)
        event.add("sequence", summary.attempts)
        if summary.next_due is None:
            title = f"Set a next step: {contact.name}"
        else:
            title = f"Follow up: {contact.name}"
        if contact.company:
            title += f" ({contact.company})"
        event.add("summary", title)

        lines = [summary.label]
        words = due_words(
            summary.next_due,
            today,
            summary.overdue_days,
            needs_next_step=summary.needs_next_step,
        )
        lines.append(words[0].upper() + words[1:] + ".")
        if contact.next_step and summary.next_due == contact.next_step_on:
            lines.append(f"Next step: {contact.next_step}")
        suggestion = None
        if summary.next_due is not None and suggest is not None and contact.phones:
            day_start = datetime(day.year, day.month, day.day, tzinfo=user_tz).astimezone(UTC)
            suggestion = suggest(snapshot, contact, user_zone, max(now, day_start))
        start = getattr(suggestion, "start", None)
        end = getattr(suggestion, "end", None)
        if start is not None and end is not None and local_date(start, user_zone) == day:
            event.add("dtstart", start.astimezone(UTC).replace(microsecond=0))
            event.add("dtend", end.astimezone(UTC))
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
    _add_thank_you_todos(cal, snapshot, stamp, now)
    return cal


def _add_thank_you_todos(cal: Any, snapshot: Snapshot, stamp: datetime, now: datetime) -> None:
    """One VTODO per open thank-you task, due 24 hours after the interview."""
    from icalendar import Todo

    from followup_tui.domain.interviews import thank_you_tasks

    for task in thank_you_tasks(snapshot.interviews, snapshot.contacts, snapshot.attempts_for, now):
        todo = Todo()
        todo.add("uid", task_uid(task.interview_id, task.contact_id))
        todo.add("dtstamp", stamp)
        company = task.interview.company or task.contact.company
        title = f"Thank-you e-mail: {task.contact.name}"
        todo.add("summary", title + (f" ({company})" if company else ""))
        todo.add("dtstart", task.interview.at.astimezone(UTC).replace(microsecond=0))
        todo.add("due", task.due.astimezone(UTC).replace(microsecond=0))
        todo.add("status", "NEEDS-ACTION")
        lines = [f"Interview at {company}" if company else "Interview"]
        lines += [f"E-mail: {e}" for e in task.contact.emails]
        todo.add("description", "\n".join(lines))
        todo.add("categories", ["followup-tui"])
        cal.add_component(todo)


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


def write_export(output: Path, data: bytes) -> None:
    """A regular file (or a new one) is replaced atomically, through a symbolic link to its
    target; a device or a pipe (``-o /dev/stdout``) is written through, never replaced."""
    target = output.resolve() if output.is_symlink() else output
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = stat.S_IFREG
    if stat.S_ISREG(mode):
        write_atomic(target, data)
        return
    with open(target, "wb") as out:
        out.write(data)


def output_error(output: Path, data_file: Path) -> str | None:
    """Why ``output`` cannot receive an export of ``data_file`` (one line naming the path), or
    None. The command line and the app's export dialog ask the same questions."""
    if output.is_dir():
        return f"{output}: is a folder; give a file name"
    if not output.parent.exists():
        return f"{output.parent}: no such folder"
    if output.resolve() == data_file.resolve():
        return f"{output}: is the data file itself; export to another file"
    return None


#: The file name extension of each export format.
EXTENSIONS: dict[str, str] = {"json": "json", "csv": "csv", "ics": "ics"}


def default_export_name(fmt: str, today: date) -> str:
    """``followup-export-2026-12-02.json``: the file an export is offered to write."""
    return f"followup-export-{today.isoformat()}.{EXTENSIONS.get(fmt, fmt)}"


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


@dataclass(frozen=True, slots=True)
class Export:
    """An export as bytes, with what it holds in words and what it left out."""

    data: bytes
    counts: str
    """``28 contacts, 541 attempts`` (JSON), ``541 attempts`` (CSV), ``12 events, 2 to-dos``."""
    skipped: tuple[str, ...] = ()
    """One line per contact the calendar has no event for (``export_ics``)."""


def build_export(snapshot: Snapshot, fmt: str, user_zone: str, now: datetime) -> Export:
    """The export of ``snapshot`` in ``fmt`` (``FORMATS``), records kept aside included, as
    ``followup-tui export`` writes it and the app's export dialog too."""
    read = sum(1 for _attempt in snapshot.all_attempts())  # reading them sets aside the unusable
    aside = [table for table, _key in snapshot.aside]
    attempts = read + aside.count("attempts")
    if fmt == "json":
        contacts = len(snapshot.contacts) + aside.count("contacts")
        counts = f"{_count(contacts, 'contact')}, {_count(attempts, 'attempt')}"
        return Export(export_json(snapshot), counts)
    if fmt == "csv":
        return Export(export_csv(snapshot, user_zone), _count(attempts, "attempt"))
    if fmt != "ics":
        raise ValueError(f"unknown export format {fmt!r}")
    skipped: list[str] = []
    cal = ics_calendar(snapshot, user_zone, now, skipped)
    names = [component.name for component in cal.subcomponents]
    counts = f"{_count(names.count('VEVENT'), 'event')}, {_count(names.count('VTODO'), 'to-do')}"
    return Export(cal.to_ical(), counts, tuple(skipped))
