"""Sub-commands that run without the TUI: import, export, due, log.

They never import Textual (nor rich), so they start fast and work in scripts. Every mistake of
the user's is one line on stderr starting ``followup-tui: ``, a non-zero exit status, no
traceback, and nothing written.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from followup_tui.domain.clock import system_clock
from followup_tui.domain.errors import UserError
from followup_tui.domain.vocab import EXPORT_FORMATS, IMPORT_FORMATS

if TYPE_CHECKING:
    from followup_tui.domain.models import Attempt, Contact
    from followup_tui.domain.snapshot import Snapshot
    from followup_tui.storage import Store

PROG = "followup-tui"
MAX_CANDIDATES = 6

#: The clock of the command line; tests replace it.
clock: Callable[[], datetime] = system_clock


#: A mistake of the user's: one line on stderr, exit status 2, nothing written.
CommandError = UserError


# -- the parser ---------------------------------------------------------------------------------


def _add_db(parser: argparse.ArgumentParser) -> None:
    # A second --db after the sub-command (``followup-tui log ... --db x.json``).
    parser.add_argument(
        "--db",
        metavar="PATH",
        dest="sub_db",
        default=None,
        help="data file (default: $FOLLOWUP_TUI_DB or the user data folder)",
    )


def add_subcommands(sub: Any) -> None:
    """Register the non-TUI sub-commands on the argparse sub-parser action ``sub``."""
    imp = sub.add_parser(
        "import",
        help="import contacts (LinkedIn Connections.csv, CSV, vCard, followup-tui JSON)",
        description=(
            "Import contacts from a LinkedIn Connections.csv, a CSV file with a header line, "
            "a vCard (.vcf) file or a followup-tui JSON export. The format is read from the "
            "content. A contact with the same e-mail, phone number or LinkedIn URL as one "
            "already in the file (or an earlier row) is merged into it, not added twice."
        ),
    )
    imp.add_argument("file", metavar="FILE", help="the file to import")
    imp.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
    imp.add_argument(
        "--map",
        metavar="COLUMN=FIELD,...",
        default=None,
        help=(
            'CSV columns to read as fields, e.g. "Full Name=name,Mobile=phones" '
            "(fields: name, first_name, last_name, company, title, phones, emails, "
            "linkedin_url, notes, tags, timezone)"
        ),
    )
    imp.add_argument(
        "--format",
        choices=IMPORT_FORMATS,
        default="auto",
        help="the file's format (default: auto, read from the content)",
    )
    _add_db(imp)

    exp = sub.add_parser(
        "export",
        help="export everything (json), the attempt history (csv) or follow-ups (ics)",
        description=(
            "json: every record, deterministic, importable again; csv: one row per attempt; "
            "ics: one calendar event per upcoming follow-up, with stable UIDs."
        ),
    )
    exp.add_argument("--format", choices=EXPORT_FORMATS, required=True, help="json, csv or ics")
    exp.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        default=None,
        help="write to FILE (atomically) instead of standard output",
    )
    _add_db(exp)

    due = sub.add_parser(
        "due",
        help="who is due today, most overdue first",
        description="List the contacts due for a follow-up today or earlier, most overdue first.",
    )
    due.add_argument("--json", action="store_true", help="print JSON instead of text")
    _add_db(due)

    log = sub.add_parser(
        "log",
        help="log an attempt (a call, an e-mail...) for a contact",
        description=(
            "Log one attempt. NAME is the contact's full name (any case), the start of a "
            "name that only one contact has, or an e-mail address."
        ),
    )
    log.add_argument("name", metavar="NAME", help="the contact")
    log.add_argument(
        "--outcome",
        required=True,
        metavar="OUTCOME",
        help="reached, voicemail, no_answer, busy, gatekeeper, wrong_number (phone); "
        "sent, replied (email, linkedin, sms); met, reached (in_person)",
    )
    log.add_argument(
        "--channel",
        default="phone",
        metavar="CHANNEL",
        help="phone (default), email, linkedin, sms, in_person",
    )
    log.add_argument(
        "--at",
        metavar="WHEN",
        default=None,
        help="when (default now): ISO 8601 like 2026-11-20T14:00 or -05:00, or 14:30, "
        "yesterday 9:15, -2h; in your time zone unless an offset is given",
    )
    log.add_argument("--note", metavar="TEXT", default=None, help="a note")
    log.add_argument(
        "--caller-id",
        choices=("hidden", "shown"),
        default=None,
        dest="caller_id",
        help="for calls; default from the settings (hidden unless changed)",
    )
    log.add_argument(
        "--duration",
        metavar="LENGTH",
        default=None,
        help="call length: seconds (95) or m:ss (1:35)",
    )
    _add_db(log)


# -- running ------------------------------------------------------------------------------------


def run_command(args: argparse.Namespace, db: str | None) -> int:
    """Run a sub-command registered by ``add_subcommands``; return the exit status.

    Each command imports only what it uses: ``due`` and ``log`` run in scripts, where start-up
    time is most of their time.
    """
    from followup_tui.storage.errors import DataFileError, SaveError

    handlers: dict[str, Callable[[argparse.Namespace, str | None], int]] = {
        "import": _cmd_import,
        "export": _cmd_export,
        "due": _cmd_due,
        "log": _cmd_log,
    }
    handler = handlers.get(args.command)
    if handler is None:
        return _fail(f"unknown command {args.command!r}")
    try:
        if args.command in ("due", "log"):
            from followup_tui.domain.snapshot import gc_paused

            # They build thousands of records that all live until the process exits: no
            # garbage collection passes meanwhile (reference counting frees as usual).
            with gc_paused():
                return handler(args, db)
        return handler(args, db)
    except UserError as exc:
        return _fail(str(exc))
    except DataFileError as exc:
        return _fail(f"{exc}{backup_hint(_db_path(db), damaged=exc.damaged)}")
    except SaveError as exc:
        return _fail(str(exc), status=1)
    except BrokenPipeError:
        # `followup-tui export --format csv | head`: the reader left; not an error.
        _silence_stdout()
        return 0
    except OSError as exc:
        if exc.filename is not None:
            return _fail(f"{exc.filename}: {exc.strerror or exc}", status=1)
        # Writing to standard output failed (a full disk, a closed terminal).
        _silence_stdout()
        return _fail(f"cannot write the output: {exc.strerror or exc}", status=1)


def _fail(message: str, status: int = 2) -> int:
    text = " ".join(str(message).split())
    print(f"{PROG}: {text}", file=sys.stderr)
    return status


def _silence_stdout() -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def backup_hint(db_path: Path, *, damaged: bool) -> str:
    """Where the way back is, to follow the message of a ``DataFileError`` on ``db_path``
    (``damaged``: the content is broken, so a backup is the way back)."""
    from followup_tui.storage.store import list_backups

    try:
        found = list_backups(db_path)
    except OSError:  # the hint is a courtesy; never hide the real error behind it
        found = []
    if not found:
        return "; no backup found" if damaged else ""
    if damaged:
        return f"; newest backup: {found[0]} (`followup-tui restore` puts it back)"
    return f" (newest backup: {found[0]})"


def _db_path(db: str | None) -> Path:
    from followup_tui.storage import resolve_db_path

    return resolve_db_path(db)


def _open_for_writing(db: str | None) -> Store:
    from followup_tui.storage import Store

    return Store.open(_db_path(db), clock=clock)


def _existing_data_file(db: str | None) -> Path | None:
    """The data file's path, or None when there is none yet (nothing is created).

    ``DataFileError`` when the path is a symbolic link or not a regular file.
    """
    import stat

    from followup_tui.storage.errors import DataFileError
    from followup_tui.storage.jsonstorage import lstat_no_symlink

    path = _db_path(db)
    found = lstat_no_symlink(path)
    if found is None:
        return None
    if not stat.S_ISREG(found.st_mode):
        raise DataFileError(f"{path}: is not a file")
    return path


def _open_for_reading(db: str | None) -> Store | None:
    """The data file, read and checked but not locked, created or migrated; None when it
    does not exist yet."""
    from followup_tui.storage import Store
    from followup_tui.storage.store import check_version

    path = _existing_data_file(db)
    if path is None:
        return None
    store = Store(path, clock=clock)
    try:
        check_version(store.tables(), path)
    except BaseException:
        store.close()
        raise
    return store


def _read_snapshot(db: str | None) -> Snapshot:
    from followup_tui.domain.snapshot import Snapshot

    store = _open_for_reading(db)
    if store is None:
        return Snapshot()
    try:
        return store.snapshot()
    finally:
        store.close()


def _user_zone(snapshot: Snapshot) -> str:
    from followup_tui.domain.zones import user_zone_name

    return user_zone_name(snapshot.settings.timezone)


# -- import -------------------------------------------------------------------------------------


class _Progress:
    """Rows done, on stderr: redrawn in place on a terminal, a line per quarter otherwise."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self.shown_quarter = 0
        self.drawn = False

    def __call__(self, done: int, total: int) -> None:
        if self.tty:
            self.stream.write(f"\rimporting… {done}/{total} rows")
            self.drawn = True
        else:
            quarter = done * 4 // total
            if quarter <= self.shown_quarter:
                return
            self.shown_quarter = quarter
            self.stream.write(f"importing… {done}/{total} rows\n")
        self.stream.flush()

    def finish(self) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _cmd_import(args: argparse.Namespace, db: str | None) -> int:
    from followup_tui.io.readers import ImportFileError

    try:
        return _import(args, db)
    except ImportFileError as exc:
        raise CommandError(str(exc)) from None


def _import(args: argparse.Namespace, db: str | None) -> int:
    from followup_tui.io.importer import import_source, load_source
    from followup_tui.io.readers import parse_mapping

    mapping = parse_mapping(args.map)
    # Read the file to import first: if it is unusable, the data file is not even created.
    fmt, source = load_source(Path(args.file).expanduser(), args.format, mapping)
    progress = _Progress(sys.stderr)
    store = _open_for_reading(db) if args.dry_run else _open_for_writing(db)
    try:
        report = import_source(
            args.file, fmt, source, store, dry_run=args.dry_run, now=clock(), progress=progress
        )
    finally:
        progress.finish()
        if store is not None:
            store.close()
    for line in report.lines(verbose=args.dry_run):
        print(line)
    return 0


# -- export -------------------------------------------------------------------------------------


def _cmd_export(args: argparse.Namespace, db: str | None) -> int:
    from followup_tui.io.export import export_csv, export_ics, export_json, write_atomic

    output = Path(args.output).expanduser() if args.output else None
    if output is not None:
        if output.is_dir():
            raise CommandError(f"{output}: is a folder; give a file name")
        if not output.parent.exists():
            raise CommandError(f"{output.parent}: no such folder")
        data_file = _db_path(db)
        if output.resolve() == data_file.resolve():
            raise CommandError(f"{output}: is the data file itself; export to another file")
    snapshot = _read_snapshot(db)
    zone_name = _user_zone(snapshot)
    if args.format == "json":
        data = export_json(snapshot)
    elif args.format == "csv":
        data = export_csv(snapshot, zone_name)
    else:
        data = export_ics(snapshot, zone_name, clock())
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    try:
        _write_export(output, data, write_atomic)
    except OSError as exc:
        raise CommandError(f"{output}: cannot write ({exc.strerror or exc})") from None
    return 0


def _write_export(output: Path, data: bytes, write_atomic: Callable[[Path, bytes], None]) -> None:
    """A regular file (or a new one) is replaced atomically, through a symbolic link to its
    target; a device or a pipe (``-o /dev/stdout``) is written through, never replaced."""
    import os
    import stat

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


# -- due ----------------------------------------------------------------------------------------


def _cmd_due(args: argparse.Namespace, db: str | None) -> int:
    import orjson

    from followup_tui.domain.rules import due_queue, local_date

    snapshot = _read_snapshot(db)
    zone_name = _user_zone(snapshot)
    now = clock()
    queue = due_queue(snapshot, zone_name, now)
    if args.json:
        items = [
            {
                "contact_id": contact.id,
                "name": contact.name,
                "company": contact.company,
                "status": contact.status,
                "phones": list(contact.phones),
                "emails": list(contact.emails),
                "next_due": summary.next_due.isoformat() if summary.next_due else None,
                "overdue_days": summary.overdue_days,
                "attempts": summary.attempts,
                "last_touch": summary.last_touch.isoformat() if summary.last_touch else None,
                "silent_days": summary.silent_days,
                "suggested_channel": summary.suggested_channel,
                "label": summary.label,
            }
            for contact, summary in queue
        ]
        sys.stdout.write(orjson.dumps(items, option=orjson.OPT_INDENT_2).decode() + "\n")
        return 0
    today = local_date(now, zone_name)
    if not queue:
        print(f"Nobody is due today ({today:%a %d %b}).")
        return 0
    count = len(queue)
    lines = [f"{count} {'contact' if count == 1 else 'contacts'} due today ({today:%a %d %b}):"]
    for contact, summary in queue:
        parts = [contact.name]
        if contact.company:
            parts.append(contact.company)
        if summary.overdue_days:
            days = summary.overdue_days
            parts.append(f"{days} business day{'s' if days != 1 else ''} overdue")
        else:
            parts.append("due today")
        parts.append(summary.label)
        if contact.phones:
            # As stored (E.164): what any dialer takes, and formatting hundreds of numbers
            # would cost `due` more than all its other work.
            parts.append(contact.phones[0])
        elif contact.emails:
            parts.append(contact.emails[0])
        lines.append("  " + " · ".join(p for p in parts if p))
    lines.append("")
    sys.stdout.write("\n".join(lines))  # one write, not one per contact
    return 0


# -- log ----------------------------------------------------------------------------------------


def _describe(contact: Contact) -> str:
    extra = contact.emails[0] if contact.emails else contact.company
    return f"{contact.name} <{extra}>" if extra else f"{contact.name} (#{contact.id})"


def _candidates(text: str, found: list[Contact]) -> str:
    shown = ", ".join(_describe(c) for c in found[:MAX_CANDIDATES])
    more = len(found) - MAX_CANDIDATES
    if more > 0:
        shown += f" and {more} more"
    return f"{text!r} matches {len(found)} contacts: {shown}"


def find_contact(snapshot: Snapshot, text: str) -> Contact:
    """The contact called ``text``: exact name (any case), then the only name starting with
    it, then an e-mail address. ``CommandError`` names the candidates otherwise."""
    from followup_tui.domain.text import clean_line

    wanted = clean_line(text).casefold()
    if not wanted:
        raise CommandError("NAME is empty")
    contacts = sorted(snapshot.contacts.values(), key=lambda c: (c.name.casefold(), c.id or 0))
    exact = [c for c in contacts if c.name.casefold() == wanted]
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        raise CommandError(_candidates(text, exact) + "; use the e-mail address instead")
    prefix = [c for c in contacts if c.name.casefold().startswith(wanted)]
    if len(prefix) == 1:
        return prefix[0]
    by_email = [c for c in contacts if wanted in (e.casefold() for e in c.emails)]
    if len(by_email) == 1:
        return by_email[0]
    if len(prefix) > 1:
        raise CommandError(_candidates(text, prefix) + "; type more of the name")
    if len(by_email) > 1:
        raise CommandError(_candidates(text, by_email))
    import difflib

    names = {c.name.casefold(): c for c in contacts}
    close = difflib.get_close_matches(wanted, list(names), n=3, cutoff=0.6)
    hint = f" (did you mean: {', '.join(names[n].name for n in close)}?)" if close else ""
    if not contacts:
        hint = " (the data file has no contacts yet)"
    raise CommandError(f"no contact named {clean_line(text)!r}{hint}")


#: The options of ``log``, by the field ``check_attempt`` names.
_LOG_OPTIONS = {
    "channel": "--channel",
    "outcome": "--outcome",
    "at": "--at",
    "duration_s": "--duration",
    "caller_id": "--caller-id",
    "note": "--note",
}


def _checked_attempt(
    args: argparse.Namespace, now: datetime, zone_name: str, hide: bool
) -> Attempt:
    """The attempt as the options give it (contact id 0 until the contact is found); the same
    check as the log form's."""
    from followup_tui.domain.attempt_check import check_attempt
    from followup_tui.domain.validation import FormErrors

    try:
        return check_attempt(
            0,
            channel=args.channel,
            outcome=args.outcome,
            now=now,
            user_zone=zone_name,
            at=args.at,
            duration=args.duration,
            caller_id=args.caller_id,
            note=args.note,
            hide_caller_id=hide,
        )
    except FormErrors as exc:
        raise CommandError(
            "; ".join(f"{_LOG_OPTIONS.get(k, k)}: {v}" for k, v in exc.errors.items())
        ) from None


def _cmd_log(args: argparse.Namespace, db: str | None) -> int:
    from dataclasses import replace

    from followup_tui.domain.rules import summarize
    from followup_tui.domain.vocab import OUTCOME_LABELS
    from followup_tui.domain.zones import zone

    path = _existing_data_file(db)
    if path is None:
        from followup_tui.domain.snapshot import Snapshot

        nothing = Snapshot()
        _checked_attempt(args, clock(), _user_zone(nothing), nothing.settings.hide_caller_id)
        find_contact(nothing, args.name)  # no data file: no such contact; create nothing
    # One read of the file serves the look-up and the write; everything is checked against
    # it before anything is written.
    store = _open_for_writing(db)
    try:
        snapshot = store.snapshot()
        zone_name = _user_zone(snapshot)
        now = clock()
        checked = _checked_attempt(args, now, zone_name, snapshot.settings.hide_caller_id)
        contact = find_contact(snapshot, args.name)
        assert contact.id is not None
        attempt = store.add_attempt(replace(checked, contact_id=contact.id))
        attempts = [*snapshot.attempts_for(contact.id), attempt]
        attempts.sort(key=lambda a: (a.at, a.id or 0))
        summary = summarize(contact, attempts, snapshot.settings, zone_name, now)
    finally:
        store.close()
    at, channel, caller_id, outcome = (
        attempt.at,
        attempt.channel,
        attempt.caller_id,
        attempt.outcome,
    )
    local = at.astimezone(zone(zone_name))
    how = f"by {channel.replace('_', ' ')}"
    if caller_id:
        how += f", caller ID {caller_id}"
    line = (
        f"Logged {OUTCOME_LABELS[outcome]} ({how}) for {contact.name} "
        f"at {local:%a %d %b %H:%M} {local.tzname() or ''}".rstrip()
        + "."
    )
    if summary.next_due is not None:
        line += f" Next due {summary.next_due:%a %d %b}."
    print(line)
    return 0
