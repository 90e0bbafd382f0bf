"""Sub-commands that run without the TUI: import, export, due, stats, log.

They never import Textual (nor rich), so they start fast and work in scripts. Every mistake of
the user's is one line on stderr starting ``followup-tui: ``, a non-zero exit status, no
traceback, and nothing written.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from followup_tui.domain.clock import system_clock
from followup_tui.domain.errors import UserError
from followup_tui.domain.vocab import EXPORT_FORMATS, IMPORT_FORMATS

if TYPE_CHECKING:
    from datetime import date

    from followup_tui.analytics.today import Today, TodayItem
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


def add_subcommands(sub: Any, only: str | None = None) -> None:
    """Register the non-TUI sub-commands on the argparse sub-parser action ``sub``; with
    ``only``, just that one (the command line builds the parser of the command it runs: the
    others' options cost ``due`` and ``log`` milliseconds)."""
    for name, build in SUBCOMMANDS.items():
        if only is None or only == name:
            build(sub)


def _parser_import(sub: Any) -> None:
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


def _parser_export(sub: Any) -> None:
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


def _parser_due(sub: Any) -> None:
    due = sub.add_parser(
        "due",
        help="who is due today, most overdue first",
        description="List the contacts due for a follow-up today or earlier, most overdue first.",
    )
    due.add_argument("--json", action="store_true", help="print JSON instead of text")
    _add_db(due)


def _parser_stats(sub: Any) -> None:
    stats = sub.add_parser(
        "stats",
        help="how the search is going: reached rates by hour and weekday, caller ID, ...",
        description=(
            "The numbers of the insights screen (g): reached rate by hour of day and weekday "
            "in each contact's time, caller ID hidden vs shown with 95%% intervals, attempts "
            "until first reached, keep-warm adherence per month and the last 12 weeks of "
            "activity, each with a plain reading."
        ),
    )
    stats.add_argument("--json", action="store_true", help="print JSON instead of text")
    _add_db(stats)


def _parser_log(sub: Any) -> None:
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


def _parser_next(sub: Any) -> None:
    nxt = sub.add_parser(
        "next",
        help="set (or clear) a contact's next step: a day and a few words",
        description=(
            "Set the next step of a contact: the day to follow up (it wins over the rules while "
            "it is in the future) and what to do. A contact who replied or was reached is listed "
            "under 'needs a next step' until one is set. NAME as for log."
        ),
    )
    nxt.add_argument("name", metavar="NAME", help="the contact")
    nxt.add_argument(
        "--on",
        metavar="DAY",
        default=None,
        help="the day: 2026-12-07, today, tomorrow, mon..sun (the next one), +3 (days), 2w",
    )
    nxt.add_argument("--step", metavar="TEXT", default=None, help='what to do, e.g. "call Ann"')
    nxt.add_argument("--clear", action="store_true", help="remove the next step")
    _add_db(nxt)


def _parser_settings(sub: Any) -> None:
    sett = sub.add_parser(
        "settings",
        help="show or change the settings (working hours, rule days, holidays...)",
        description=(
            "Without options: show the settings. --set FIELD=VALUE changes one (repeat it for "
            "more); every value is checked before anything is saved. Fields: home_region, "
            "timezone, hide_caller_id (yes/no), prefixes (NANP=*67/*82; UK=141/1470), "
            "work_hours (08:00-18:00), holidays (2026-12-25, 2026-12-28), days_after_no_answer, "
            "days_after_busy, days_after_gatekeeper, days_after_wrong_number, "
            "days_after_voicemail, days_after_sent (business days), reached_next_days, "
            "keep_warm_days (days), thank_you_template."
        ),
    )
    sett.add_argument(
        "--set",
        metavar="FIELD=VALUE",
        action="append",
        default=[],
        help="change one setting, e.g. --set work_hours=07:00-19:00",
    )
    sett.add_argument(
        "--add-holidays",
        nargs=2,
        metavar=("COUNTRY", "YEAR"),
        default=None,
        help="add the public holidays of a country for a year, e.g. --add-holidays US 2027",
    )
    sett.add_argument(
        "--subdivision",
        metavar="CODE",
        default=None,
        help="with --add-holidays: a state or nation, e.g. ENG (England), NY",
    )
    sett.add_argument("--json", action="store_true", help="show the stored document as JSON")
    _add_db(sett)


#: The sub-commands of this module, by name, in the order ``--help`` lists them.
SUBCOMMANDS: dict[str, Callable[[Any], None]] = {
    "import": _parser_import,
    "export": _parser_export,
    "due": _parser_due,
    "stats": _parser_stats,
    "log": _parser_log,
    "next": _parser_next,
    "settings": _parser_settings,
}


#: Options whose value may start with a dash: ``--at -2h`` (2 hours ago).
_DASH_VALUE_OPTIONS = ("--at",)
_DASH_VALUE = re.compile(r"-\d")


def join_dash_values(argv: Sequence[str]) -> list[str]:
    """``--at -2h`` as ``--at=-2h``: argparse takes a value starting with a dash for an option
    unless it is joined to its option."""
    out: list[str] = []
    args = list(argv)
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            out.extend(args[i:])
            break
        if arg in _DASH_VALUE_OPTIONS and i + 1 < len(args) and _DASH_VALUE.match(args[i + 1]):
            out.append(f"{arg}={args[i + 1]}")
            i += 2
            continue
        out.append(arg)
        i += 1
    return out


# -- running ------------------------------------------------------------------------------------


#: What the last brief command read, kept until the process exits (``_outlive``).
_KEPT: list[object] = []


def _outlive(*records: object) -> None:
    """Keep ``records`` until the process exits. ``__main__.run`` leaves a brief command with
    ``os._exit``, so the tens of thousands of records it read are never freed one by one
    (about 6 ms of a ``followup-tui log`` at 10,000 attempts, when its function returned).
    Only the last command's are kept: tests run many in one process."""
    _KEPT[:] = records


#: Commands that read the data file, change at most a record and exit: no garbage collection
#: passes while they run (``__main__.run`` keeps the collector off from the start for them).
BRIEF_COMMANDS = frozenset({"due", "stats", "log", "next", "settings"})


def run_command(args: argparse.Namespace, db: str | None) -> int:
    """Run a sub-command registered by ``add_subcommands``; return the exit status.

    Each command imports only what it uses: ``due`` and ``log`` run in scripts, where start-up
    time is most of their time.
    """
    from followup_tui.storage.errors import DataFileError, LockTimeout, SaveError

    handlers: dict[str, Callable[[argparse.Namespace, str | None], int]] = {
        "import": _cmd_import,
        "export": _cmd_export,
        "due": _cmd_due,
        "stats": _cmd_stats,
        "log": _cmd_log,
        "next": _cmd_next,
        "settings": _cmd_settings,
    }
    handler = handlers.get(args.command)
    if handler is None:
        return _fail(f"unknown command {args.command!r}")
    try:
        if args.command in BRIEF_COMMANDS:
            from followup_tui.domain.snapshot import gc_paused

            # They build thousands of records that all live until the process exits: no
            # garbage collection passes meanwhile (reference counting frees as usual).
            with gc_paused():
                return handler(args, db)
        return handler(args, db)
    except UserError as exc:
        return _fail(str(exc))
    except LockTimeout as exc:  # busy, not a mistake: trying again later works
        return _fail(str(exc), status=1)
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
    from followup_tui.domain.problems import escape_controls

    # One line; a file name with control characters in it cannot drive the terminal.
    text = escape_controls(str(message).strip())
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

    store = Store.open(_db_path(db), clock=clock)
    store.pause_between_pieces(None)  # no other thread to let in: one piece is quicker
    return store


def _existing_data_file(db: str | None) -> Path | None:
    """The data file's path, or None when there is none yet (nothing is created).

    ``DataFileError`` when the path is a symbolic link or not a regular file.
    """
    import stat

    from followup_tui.storage.datafile import lstat_no_symlink
    from followup_tui.storage.errors import DataFileError

    path = _db_path(db)
    found = lstat_no_symlink(path)
    if found is None:
        return None
    if not stat.S_ISREG(found.st_mode):
        raise DataFileError(f"{path}: is not a file")
    return path


def _open_to_change_a_contact(db: str | None, name: str) -> Store:
    """The data file, locked for a change to the contact called ``name``. Without a data file
    there is no such contact: ``CommandError``, and no file is created."""
    if _existing_data_file(db) is None:
        from followup_tui.domain.snapshot import Snapshot

        find_contact(Snapshot(), name)
    return _open_for_writing(db)


def _open_for_reading(db: str | None) -> Store | None:
    """The data file, read and checked but not locked, created or migrated; None when it
    does not exist yet."""
    from followup_tui.storage import Store
    from followup_tui.storage.datafile import check_version

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
    """The records of the data file, read and checked but not locked, created or migrated
    (an empty snapshot when there is no file yet)."""
    from followup_tui.domain.snapshot import Snapshot
    from followup_tui.storage.datafile import read_tables

    path = _existing_data_file(db)
    return Snapshot() if path is None else Snapshot.from_tables(read_tables(path))


def report_problems(snapshot: Snapshot) -> None:
    """The values of the data file that were ignored, one line each on stderr (the command
    goes on: PRODUCT.md section 9)."""
    from followup_tui.domain.problems import summary_lines

    if snapshot.problems:
        lines = summary_lines(snapshot.problems)
        sys.stderr.write("".join(f"{PROG}: {line}\n" for line in lines))
        sys.stderr.flush()


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
    except BaseException:
        progress.finish()
        if store is not None:
            store.close()
        raise
    # Written (or planned): from here on a failure only says so; the import is not undone.
    progress.finish()
    done = "the dry run finished" if args.dry_run else "the import was saved"
    if store is not None:
        try:
            store.close()
        except Exception as exc:  # noqa: BLE001 - the records are on disk whatever happens here
            _fail(f"{done}, but closing the data file failed: {exc}")
    try:
        for line in report.lines(verbose=args.dry_run):
            print(line)
    except BrokenPipeError:
        _silence_stdout()
    except OSError as exc:
        _silence_stdout()
        _fail(f"{done}, but its report could not be printed: {exc.strerror or exc}")
    return 0


# -- export -------------------------------------------------------------------------------------


def _cmd_export(args: argparse.Namespace, db: str | None) -> int:
    from followup_tui.domain.problems import escape_controls
    from followup_tui.io.export import build_export, output_error, write_export

    output = Path(args.output).expanduser() if args.output else None
    if output is not None:
        error = output_error(output, _db_path(db))
        if error is not None:
            raise CommandError(error)
    snapshot = _read_snapshot(db)
    export = build_export(snapshot, args.format, _user_zone(snapshot), clock())
    snapshot.check_all()
    report_problems(snapshot)
    for line in export.skipped:
        print(f"{PROG}: {escape_controls(line)}", file=sys.stderr)
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(export.data)
        sys.stdout.flush()
        return 0
    try:
        write_export(output, export.data)
    except OSError as exc:
        raise CommandError(f"{output}: cannot write ({exc.strerror or exc})") from None
    return 0


# -- due ----------------------------------------------------------------------------------------


def _cmd_due(args: argparse.Namespace, db: str | None) -> int:
    from followup_tui.analytics.today import plan_today

    snapshot = _read_snapshot(db)
    zone_name = _user_zone(snapshot)
    now = clock()
    today = plan_today(snapshot, zone_name, now)
    _outlive(snapshot, today)
    snapshot.check_all()
    report_problems(snapshot)
    if args.json:
        import orjson

        data = orjson.dumps(_today_json(today, now), option=orjson.OPT_INDENT_2).decode()
        sys.stdout.write(data + "\n")
        return 0
    sys.stdout.write("\n".join(_today_lines(today, now)) + "\n")  # one write, not one per contact
    return 0


def _item_json(item: TodayItem, today: date) -> dict[str, Any]:
    from followup_tui.domain.rules import due_words

    contact, summary = item.contact, item.summary
    window = None
    if item.window is not None and item.suggestion is not None:
        window = {
            "start": item.window.start.isoformat(),
            "end": item.window.end.isoformat(),
            "theirs": item.window.theirs,
            "yours": item.window.yours,
            "text": item.suggestion.text,
            "rests_on": item.suggestion.note,
            "never_tried": item.suggestion.never_tried,
        }
    return {
        "contact_id": contact.id,
        "name": contact.name,
        "company": contact.company,
        "status": contact.status,
        "timezone": item.contact_zone,
        "phones": list(contact.phones),
        "emails": list(contact.emails),
        "next_due": summary.next_due.isoformat() if summary.next_due else None,
        "due": due_words(
            summary.next_due, today, summary.overdue_days, needs_next_step=summary.needs_next_step
        ),
        "overdue_days": summary.overdue_days,
        "attempts": summary.attempts,
        "since_last_reply": summary.since_reply,
        "silent_days": summary.silent_days,
        "last_touch": summary.last_touch.isoformat() if summary.last_touch else None,
        "suggested_channel": summary.suggested_channel,
        "needs_next_step": summary.needs_next_step,
        "next_step_on": contact.next_step_on.isoformat() if contact.next_step_on else None,
        "next_step": contact.next_step or None,
        "label": summary.label,
        "window": window,
    }


def _today_json(today: Today, now: datetime) -> dict[str, Any]:
    """``due --json``: the sections of Today; each window as ISO 8601 instants (UTC)."""
    return {
        "today": today.day.isoformat(),
        "timezone": today.user_zone,
        "thank_you": [
            {
                "contact_id": task.contact.id,
                "name": task.contact.name,
                "company": task.interview.company or task.contact.company,
                "interview_id": task.interview.id,
                "interview_at": task.interview.at.isoformat(),
                "due_by": task.due.isoformat(),
                "hours_left": round(task.hours_left(now), 1),
                "overdue": task.overdue(now),
                "emails": list(task.contact.emails),
            }
            for task in today.thank_you
        ],
        "due": [_item_json(item, today.day) for item in today.due],
        "needs_next_step": [_item_json(item, today.day) for item in today.needs_next_step],
    }


def _today_lines(today: Today, now: datetime) -> list[str]:
    """``due`` as text: the sections of Today, the due contacts in the order of the app."""
    from followup_tui.domain.rules import due_words
    from followup_tui.domain.vocab import CHANNEL_LABELS

    day = today.day
    lines = [f"Today, {day:%a} {day.day} {day:%b %Y} ({today.user_zone})", ""]
    if today.thank_you:
        lines.append(f"Thank-you e-mails ({len(today.thank_you)}), soonest due first:")
        for task in today.thank_you:
            company = task.interview.company or task.contact.company
            parts = [task.contact.name, company, task.label(now)]
            if task.contact.emails:
                parts.append(f"e-mail {task.contact.emails[0]}")
            lines.append("  " + " · ".join(p for p in parts if p))
        lines.append("")
    if not today.due:
        lines.append("Nobody is due today.")
    else:
        count = len(today.due)
        lines.append(f"{count} {'contact' if count == 1 else 'contacts'} due, most overdue first:")
    for item in today.due:
        contact, summary = item.contact, item.summary
        parts = [
            contact.name,
            contact.company,
            due_words(summary.next_due, day, summary.overdue_days),
        ]
        parts.append(summary.label)
        channel = summary.suggested_channel
        if channel == "phone" and contact.phones:
            # As stored (E.164): what any dialer takes, and formatting hundreds of numbers
            # would cost `due` more than all its other work.
            parts.append(f"phone {contact.phones[0]}")
        elif channel == "email" and contact.emails:
            parts.append(f"e-mail {contact.emails[0]}")
        elif channel:
            parts.append(CHANNEL_LABELS.get(channel, channel))
        lines.append("  " + " · ".join(p for p in parts if p))
        if item.window is not None and item.suggestion is not None:
            window = item.window
            when = f"    call {window.theirs}"
            if window.yours != window.theirs:
                when += f" · your {window.yours}"
            lines.append(f"{when} ({item.suggestion.note})")
    if today.needs_next_step:
        count = len(today.needs_next_step)
        lines += ["", f"Needs a next step ({count}):"]
        for item in today.needs_next_step:
            contact, summary = item.contact, item.summary
            parts = [contact.name, contact.company, summary.label]
            if summary.next_due is not None:
                parts.append(due_words(summary.next_due, day, summary.overdue_days))
            lines.append("  " + " · ".join(p for p in parts if p))
        lines.append('  (set one: followup-tui next NAME --on DATE --step "what to do")')
    return lines


# -- stats --------------------------------------------------------------------------------------


def _cmd_stats(args: argparse.Namespace, db: str | None) -> int:
    import orjson

    from followup_tui.analytics.insights import compute_insights, text_report

    snapshot = _read_snapshot(db)
    insights = compute_insights(snapshot, _user_zone(snapshot), clock())
    _outlive(snapshot, insights)
    if args.json:
        data = orjson.dumps(insights.to_json(), option=orjson.OPT_INDENT_2)
        sys.stdout.write(data.decode() + "\n")
        return 0
    sys.stdout.write(text_report(insights))
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


def _find_in_file(tables: Mapping[str, Any], text: str) -> tuple[Snapshot, Contact]:
    """The contact ``find_contact`` finds in the file, and the records read to find it: only
    the contacts ``text`` could name (``_maybe_named``), so a log at 10,000 attempts builds
    one contact, not hundreds. When none or several fit, the whole file is read and
    ``find_contact`` says why, as it would have (candidates, close names)."""
    from followup_tui.domain.snapshot import Snapshot
    from followup_tui.domain.text import clean_line

    contacts = tables.get("contacts")
    wanted = clean_line(text).casefold()
    if isinstance(contacts, dict) and wanted:
        some = {k: doc for k, doc in contacts.items() if _maybe_named(doc, wanted)}
        attempts = _attempts_of(tables.get("attempts"), some)
        snapshot = Snapshot.from_tables({**tables, "contacts": some, "attempts": attempts})
        with contextlib.suppress(CommandError):
            return snapshot, find_contact(snapshot, text)
    snapshot = Snapshot.from_tables(tables)
    return snapshot, find_contact(snapshot, text)


def _attempts_of(table: Any, contacts: Mapping[Any, Any]) -> Any:
    """The documents of the attempts ``table`` whose contact id is one of the keys of
    ``contacts`` (a value equal to one, such as ``12.0``, too: reading them says why they
    are not the contact's), picked at C speed: grouping all 10,000 attempts of a file cost
    ``log`` 5 ms. The whole table when it is not a plain one (a dict of dicts)."""
    from itertools import compress, repeat

    from followup_tui.domain.models import doc_id_of

    if table.__class__ is not dict:
        return table
    ids = {doc_id_of(key) for key in contacts}
    try:
        owners = map(dict.get, table.values(), repeat("contact_id"))
        return dict(compress(table.items(), map(ids.__contains__, owners)))
    except TypeError:  # a document that is not a dict, or an id that cannot be hashed
        return table


def _maybe_named(doc: Any, wanted: str) -> bool:
    """Whether ``find_contact`` could pick the contact stored as ``doc`` for ``wanted`` (the
    cleaned, case-folded text): its name holds it (an exact name or a start of one), or one of
    its e-mail addresses is it. True for anything not plainly so (a name or addresses that are
    not text, a name read as "(no name)": the contact's own reading decides)."""
    from followup_tui.domain.text import clean_line

    if not isinstance(doc, dict):
        return True
    name = doc.get("name")
    cleaned = clean_line(name) if isinstance(name, str) else ""
    if not cleaned or wanted in cleaned.casefold():
        return True
    emails = doc.get("emails")
    if emails is None:
        return False
    if isinstance(emails, str):
        emails = [emails]
    if not isinstance(emails, list):
        return True
    return any(not isinstance(e, str) or clean_line(e).casefold() == wanted for e in emails)


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

    path = _existing_data_file(db)
    if path is None:
        from followup_tui.domain.snapshot import Snapshot

        nothing = Snapshot()
        _checked_attempt(args, clock(), _user_zone(nothing), nothing.settings.hide_caller_id)
        find_contact(nothing, args.name)  # no data file: no such contact; create nothing
    # One read of the file serves the look-up and the write; everything is checked against
    # it before anything is written.
    store = _open_to_change_a_contact(db, args.name)
    try:
        snapshot, contact = _find_in_file(store.tables(), args.name)
        zone_name = _user_zone(snapshot)
        now = clock()
        checked = _checked_attempt(args, now, zone_name, snapshot.settings.hide_caller_id)
        assert contact.id is not None
        attempt = store.add_attempt(replace(checked, contact_id=contact.id))
    except BaseException:
        store.close()
        raise
    # The attempt is saved: from here on nothing may fail the command (a retry would log it
    # twice); anything that goes wrong is said, together with the fact that it was saved.
    _outlive(store, snapshot)
    return _acknowledge_log(store, snapshot, contact, attempt, zone_name, now)


def _acknowledge_log(
    store: Store,
    snapshot: Snapshot,
    contact: Contact,
    attempt: Attempt,
    zone_name: str,
    now: datetime,
) -> int:
    from followup_tui.domain.rules import day_words, local_date, summarize
    from followup_tui.domain.vocab import OUTCOME_LABELS
    from followup_tui.domain.zones import zone

    saved = f"the attempt was saved (attempt {attempt.id}); do not log it again"
    try:
        store.close()
    except Exception as exc:  # noqa: BLE001 - the attempt is on disk whatever happens here
        _fail(f"{saved}, but closing the data file failed: {exc}")
    local = attempt.at.astimezone(zone(zone_name))
    how = f"by {attempt.channel.replace('_', ' ')}"
    if attempt.caller_id:
        how += f", caller ID {attempt.caller_id}"
    line = (
        f"Logged {OUTCOME_LABELS[attempt.outcome]} ({how}) for {contact.name} "
        f"at {local:%a %d %b %H:%M} {local.tzname() or ''}".rstrip()
        + "."
    )
    try:
        assert contact.id is not None
        attempts = [*snapshot.attempts_for(contact.id), attempt]
        attempts.sort(key=lambda a: (a.at, a.id or 0))
        summary = summarize(contact, attempts, snapshot.settings, zone_name, now)
        if summary.next_due is not None:
            line += f" Next due {day_words(summary.next_due, local_date(now, zone_name))}."
        if summary.needs_next_step:
            line += f' Needs a next step: followup-tui next "{contact.name}" --on DATE.'
    except Exception as exc:  # noqa: BLE001
        line += " (The next due day could not be worked out.)"
        _fail(f"{saved}; working out the next due day failed: {type(exc).__name__}: {exc}")
    try:
        print(line, flush=True)
    except BrokenPipeError:
        _silence_stdout()
    except OSError as exc:
        _silence_stdout()
        _fail(f"{saved}, but the confirmation could not be printed: {exc.strerror or exc}")
    with contextlib.suppress(Exception):  # a courtesy; the attempt is saved
        report_problems(snapshot)
    return 0


# -- next ---------------------------------------------------------------------------------------


def _cmd_next(args: argparse.Namespace, db: str | None) -> int:
    from dataclasses import replace

    from followup_tui.domain.rules import MAX_NEXT_STEP, day_words, local_date, parse_day
    from followup_tui.domain.text import clean_line

    if args.clear and (args.on is not None or args.step is not None):
        raise CommandError("--clear removes the next step; give it without --on and --step")
    if not args.clear and args.on is None:
        raise CommandError("--on: give the day of the next step (or --clear to remove it)")
    step_text = clean_line(args.step or "")
    if len(step_text) > MAX_NEXT_STEP:
        raise CommandError(f"--step: at most {MAX_NEXT_STEP} characters")
    store = _open_to_change_a_contact(db, args.name)
    try:
        snapshot, contact = _find_in_file(store.tables(), args.name)
        _outlive(store, snapshot)
        zone_name = _user_zone(snapshot)
        today = local_date(clock(), zone_name)
        if args.clear:
            day = None
            step_text = ""
        else:
            try:
                day = parse_day(args.on, today)
            except ValueError as exc:
                raise CommandError(f"--on: {exc}") from None
        store.update_contact(replace(contact, next_step_on=day, next_step=step_text))
    finally:
        store.close()
    if day is None:
        print(f"Cleared the next step of {contact.name}.")
    else:
        what = f": {step_text}" if step_text else ""
        print(f"Next step for {contact.name} {day_words(day, today)} ({day.isoformat()}){what}.")
    return 0


# -- settings -----------------------------------------------------------------------------------


def _cmd_settings(args: argparse.Namespace, db: str | None) -> int:
    from followup_tui.domain.settings import (
        add_public_holidays,
        settings_fields,
        validate_settings,
    )
    from followup_tui.domain.validation import FormErrors

    known = list(settings_fields(_default_settings()))
    changes: dict[str, str] = {}
    for item in args.set:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise CommandError(f"--set: {item!r} is not FIELD=VALUE")
        if name not in known:
            raise CommandError(f"--set: {name!r} is not a setting (one of {', '.join(known)})")
        changes[name] = value
    if args.subdivision is not None and args.add_holidays is None:
        raise CommandError("--subdivision goes with --add-holidays")
    if not changes and args.add_holidays is None:
        settings = _read_snapshot(db).settings
        if args.json:
            import orjson

            sys.stdout.write(orjson.dumps(settings.to_doc(), option=orjson.OPT_INDENT_2).decode())
            sys.stdout.write("\n")
            return 0
        shown = settings_fields(settings)
        width = max(map(len, shown))
        lines = [f"{name:<{width}}  {value}" for name, value in shown.items()]
        sys.stdout.write("\n".join(line.replace("\n", "\\n") for line in lines) + "\n")
        return 0
    store = _open_for_writing(db)
    try:
        current = store.settings()
        try:
            updated = validate_settings(changes, current)
        except FormErrors as exc:
            raise CommandError("; ".join(f"{k}: {v}" for k, v in exc.errors.items())) from None
        if args.add_holidays is not None:
            country, year_text = args.add_holidays
            try:
                year = int(year_text)
            except ValueError:
                raise CommandError(f"--add-holidays: {year_text!r} is not a year") from None
            try:
                updated = add_public_holidays(updated, country, year, args.subdivision)
            except ValueError as exc:
                raise CommandError(f"--add-holidays: {exc}") from None
        store.save_settings(updated)
    finally:
        store.close()
    before, after = settings_fields(current), settings_fields(updated)
    changed = [name for name in known if before[name] != after[name]]
    if not changed:
        print("The settings were already so; nothing changed.")
    else:
        added = len(set(updated.holidays) - set(current.holidays))
        what = ", ".join(changed)
        if added:
            what += f" ({added} holiday{'s' if added != 1 else ''} added)"
        print(f"Saved the settings: {what}.")
    return 0


def _default_settings() -> Any:
    from followup_tui.domain.settings import Settings

    return Settings()
