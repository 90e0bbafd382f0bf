"""Importing contacts into a data file: plan first, then write everything in one batch.

A plan says, row by row, what the import does: add a contact, merge into one (the same e-mail,
phone number or LinkedIn URL as a contact already in the file or an earlier row), or skip the
row with a reason. ``--dry-run`` shows the plan; a real import applies it inside one
``Store.batch()``: one locked write, or nothing at all if anything fails.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from followup_tui.domain.models import (
    DEFAULT_CADENCE_DAYS,
    Attempt,
    Contact,
    Interview,
    NewsItem,
    Settings,
    format_instant,
)
from followup_tui.domain.snapshot import Snapshot
from followup_tui.domain.text import clean_line
from followup_tui.domain.validation import (
    MAX_NAME,
    FieldError,
    FormErrors,
    parse_phone,
    valid_email,
    valid_timezone,
    validate_contact,
)
from followup_tui.io.jsonfmt import ExportData, load_export
from followup_tui.io.readers import (
    FORMATS,
    ImportFileError,
    Row,
    detect_format,
    read_csv,
    read_linkedin,
    read_text,
    read_vcards,
)

if TYPE_CHECKING:
    from followup_tui.storage import Store

#: How far past the import's time an attempt may lie (as in the log form).
FUTURE_TOLERANCE = timedelta(minutes=1)

Progress = Callable[[int, int], None]
#: Files with more rows than this report progress.
PROGRESS_MIN_ROWS = 300

FORMAT_LABELS = {
    "linkedin": "LinkedIn Connections.csv",
    "csv": "CSV",
    "vcard": "vCard",
    "json": "followup-tui JSON",
}


@dataclass
class RowResult:
    """What the import does with one row (or one contact of a JSON export)."""

    line: int | None
    action: str
    """``add``, ``merge``, ``unchanged`` or ``skip``."""
    name: str = ""
    detail: str = ""
    """The reason of a skip, the changes of a merge."""
    warnings: list[str] = field(default_factory=list)
    target_id: int | None = None
    """The contact merged into (None for new contacts)."""

    @property
    def where(self) -> str:
        return f"line {self.line}" if self.line is not None else "record"

    def describe(self) -> str:
        if self.action == "skip":
            who = f" ({self.name})" if self.name else ""
            return f"{self.where}: skipped{who}: {self.detail}"
        if self.action == "add":
            return f"{self.where}: add {self.name}" + (f" ({self.detail})" if self.detail else "")
        into = f"{self.name} (#{self.target_id})" if self.target_id else self.name
        if self.action == "unchanged":
            return f"{self.where}: {into}: already up to date"
        return f"{self.where}: merge into {into}: {self.detail}"


@dataclass
class ImportReport:
    """The outcome of an import (or of a dry run)."""

    source: str
    format: str
    dry_run: bool
    results: list[RowResult] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    """Other lines of the summary (attempts, interviews, news, settings of a JSON import)."""
    extra_first: list[str] = field(default_factory=list)
    """Lines before the summary (values of a JSON import left out: out of range...)."""
    written: bool = False
    records_written: int = 0

    def count(self, *actions: str) -> int:
        return sum(1 for r in self.results if r.action in actions)

    @property
    def added(self) -> int:
        return self.count("add")

    @property
    def merged(self) -> int:
        return self.count("merge", "unchanged")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def skipped(self) -> int:
        return self.count("skip")

    def summary(self) -> str:
        label = FORMAT_LABELS.get(self.format, self.format)
        same = f" ({self.unchanged} already up to date)" if self.unchanged else ""
        if self.dry_run:
            return (
                f"{label} (dry run): would add {self.added}, merge {self.merged}{same}, "
                f"skip {self.skipped}"
            )
        return f"{label}: added {self.added}, merged {self.merged}{same}, skipped {self.skipped}"

    def lines(self, *, verbose: bool = False) -> list[str]:
        """The report as plain text lines: every row when ``verbose``, else skips and warnings."""
        out: list[str] = []
        for result in self.results:
            if verbose or result.action == "skip":
                out.append(result.describe())
            for warning in result.warnings:
                who = f"{result.name}: " if result.name else ""
                out.append(f"{result.where}: {who}{warning}")
        out.extend(self.extra_first)
        out.append(self.summary())
        out.extend(self.extra)
        if self.dry_run:
            out.append("Dry run: nothing was written.")
        elif not self.written:
            out.append("Nothing to write.")
        return out


# -- matching -------------------------------------------------------------------------------


def normalize_linkedin(url: str) -> str:
    """``https://www.linkedin.com/in/Dana-S/`` -> ``linkedin.com/in/dana-s``."""
    text = url.strip().lower()
    text = re.sub(r"^[a-z]+://", "", text)
    text = re.sub(r"^(?:www\.|[a-z]{2}\.)(?=linkedin\.com)", "", text)
    text = text.split("?", 1)[0].split("#", 1)[0]
    return text.rstrip("/")


def contact_keys(contact: Contact) -> list[str]:
    keys = [f"e:{e.lower()}" for e in contact.emails]
    keys += [f"p:{p}" for p in contact.phones]
    if contact.linkedin_url:
        keys.append(f"l:{normalize_linkedin(contact.linkedin_url)}")
    return keys


def merge_contacts(base: Contact, extra: Contact) -> tuple[Contact, list[str]]:
    """``base`` with the missing fields filled from ``extra`` and lists unioned."""
    changes: list[str] = []
    updates: dict[str, Any] = {}
    for name, label in (
        ("company", "company"),
        ("title", "title"),
        ("linkedin_url", "LinkedIn"),
        ("timezone", "time zone"),
        ("notes", "notes"),
    ):
        if not getattr(base, name) and getattr(extra, name):
            updates[name] = getattr(extra, name)
            changes.append(f"{label} {getattr(extra, name).splitlines()[0][:60]}")
    for name, label in (("phones", "phone"), ("emails", "e-mail"), ("tags", "tag")):
        have = list(getattr(base, name))
        seen = {v.lower() for v in have}
        for value in getattr(extra, name):
            if value.lower() not in seen:
                have.append(value)
                seen.add(value.lower())
                changes.append(f"+ {label} {value}")
        if len(have) != len(getattr(base, name)):
            updates[name] = tuple(have)
    return (replace(base, **updates) if updates else base), changes


@dataclass
class _Entry:
    contact: Contact
    original: Contact | None = None
    """The contact as it is in the file (None for a new contact)."""
    keep_id: int | None = None
    """For a new contact from a JSON export: the id to keep, if it is free."""
    source_id: int | None = None
    """For a JSON export: the contact's id in the export."""


class _Planner:
    def __init__(self, snapshot: Snapshot, now: datetime, *, within_file: bool = True) -> None:
        self.snapshot = snapshot
        self.now = now
        self.region = snapshot.settings.home_region or "US"
        self.cadence = snapshot.settings.keep_warm_days
        self.within_file = within_file
        self.entries: list[_Entry] = []
        self.index: dict[str, _Entry] = {}
        self.by_name: dict[str, list[_Entry]] = {}
        self.taken_ids: set[int] = set(snapshot.contacts)
        self.existing: dict[int, _Entry] = {}
        self.merged_sources: dict[int, _Entry] = {}
        """For a JSON export: the export's contact id -> the contact in the file it went into."""
        for cid, contact in sorted(snapshot.contacts.items()):
            entry = _Entry(contact, original=contact)
            self.entries.append(entry)
            self.existing[cid] = entry
            self._index(entry)

    def _index(self, entry: _Entry) -> None:
        for key in contact_keys(entry.contact):
            self.index.setdefault(key, entry)
        self.by_name.setdefault(entry.contact.name.casefold(), []).append(entry)

    def _match(self, contact: Contact) -> _Entry | None:
        for key in contact_keys(contact):
            entry = self.index.get(key)
            if entry is not None and (self.within_file or entry.original is not None):
                return entry
        if contact_keys(contact):
            return None
        # Nothing to match on but the name: the same name (and no other company) is the same
        # person, so importing a file twice does not double name-only contacts.
        for entry in self.by_name.get(contact.name.casefold(), []):
            if not (self.within_file or entry.original is not None):
                continue
            if (
                not contact.company
                or not entry.contact.company
                or (contact.company.casefold() == entry.contact.company.casefold())
            ):
                return entry
        return None

    def place(
        self, line: int | None, contact: Contact, warnings: list[str], source_id: int | None = None
    ) -> RowResult:
        entry = self._match(contact)
        if entry is None:
            keep = source_id if source_id is not None and source_id not in self.taken_ids else None
            if keep is not None:
                self.taken_ids.add(keep)
            entry = _Entry(contact, keep_id=keep, source_id=source_id)
            self.entries.append(entry)
            self._index(entry)
            detail = contact.company
            return RowResult(line, "add", contact.name, detail, warnings)
        merged, changes = merge_contacts(entry.contact, contact)
        entry.contact = merged
        self._index(entry)
        target = entry.original.id if entry.original is not None else None
        if not changes:
            return RowResult(line, "unchanged", merged.name, "", warnings, target)
        return RowResult(line, "merge", merged.name, ", ".join(changes), warnings, target)

    def add_row(self, row: Row) -> RowResult:
        name = clean_line(row.fields.get("name"))
        if row.error:
            return RowResult(row.line, "skip", name, row.error, list(row.warnings))
        contact, reason, warnings = validate_row(row, self.region, self.now, cadence=self.cadence)
        if contact is None:
            return RowResult(row.line, "skip", name[:80], reason, warnings)
        return self.place(row.line, contact, warnings)

    def changed(self) -> list[_Entry]:
        return [e for e in self.entries if e.original is None or e.contact != e.original]


def validate_row(
    row: Row, region: str, now: datetime, *, cadence: int = DEFAULT_CADENCE_DAYS
) -> tuple[Contact | None, str, list[str]]:
    """(contact, "", warnings) or (None, reason, warnings)."""
    fields = row.fields
    warnings = list(row.warnings)
    name = clean_line(fields.get("name"))
    if not name:
        hint = ", ".join(str(e) for e in (fields.get("emails") or [])[:1])
        return None, "no name" + (f" (e-mail {hint})" if hint else ""), warnings
    if len(name) > MAX_NAME:
        return None, f"the name is longer than {MAX_NAME} characters", warnings
    phones: list[str] = []
    for raw in fields.get("phones") or []:
        try:
            phones.append(parse_phone(str(raw), region))
        except FieldError:
            warnings.append(
                f"phone {clean_line(raw)[:40]!r} is not a valid phone number "
                f"(home region {region}); imported without it"
            )
    emails: list[str] = []
    for raw in fields.get("emails") or []:
        try:
            emails.append(valid_email(str(raw)))
        except FieldError:
            warnings.append(f"e-mail {clean_line(raw)[:60]!r} is not valid; imported without it")
    timezone = clean_line(fields.get("timezone"))
    if timezone:
        try:
            timezone = valid_timezone(timezone)
        except FieldError:
            warnings.append(f"time zone {timezone[:40]!r} is not known; imported without it")
            timezone = ""
    try:
        contact = validate_contact(
            {
                "name": name,
                "company": fields.get("company"),
                "title": fields.get("title"),
                "phones": phones,
                "emails": emails,
                "timezone": timezone,
                "tags": [clean_line(t) for t in fields.get("tags") or []],
                "notes": fields.get("notes"),
                "linkedin_url": fields.get("linkedin_url"),
            },
            home_region=region,
            now=now,
            default_cadence=cadence,
        )
    except FormErrors as exc:
        return None, str(exc), warnings
    return contact, "", warnings


# -- plans -----------------------------------------------------------------------------------


@dataclass
class _RecordPlan:
    """Attempts, interviews and news of a JSON export: what to add, and with which id."""

    news: list[tuple[NewsItem, int | None, bool]] = field(default_factory=list)
    """(item, id of the same item already in the file, keep the item's id)."""
    interviews: list[tuple[Interview, bool]] = field(default_factory=list)
    attempts: list[tuple[Attempt, bool]] = field(default_factory=list)
    attempts_present: int = 0
    attempts_orphaned: int = 0
    attempts_future: list[str] = field(default_factory=list)
    """Attempts dated after the import (the log form refuses those too): not imported."""
    interviews_present: int = 0


@dataclass
class ImportPlan:
    report: ImportReport
    planner: _Planner
    records: _RecordPlan | None = None
    settings_to_restore: Settings | None = None


def _report_progress(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None and total > PROGRESS_MIN_ROWS and (done % 50 == 0 or done == total):
        progress(done, total)


def plan_rows(
    rows: Sequence[Row],
    snapshot: Snapshot,
    now: datetime,
    report: ImportReport,
    progress: Progress | None = None,
) -> ImportPlan:
    planner = _Planner(snapshot, now)
    for done, row in enumerate(rows, start=1):
        report.results.append(planner.add_row(row))
        _report_progress(progress, done, len(rows))
    return ImportPlan(report, planner)


def plan_export(
    data: ExportData,
    snapshot: Snapshot,
    now: datetime,
    report: ImportReport,
    *,
    has_settings: bool = True,
    progress: Progress | None = None,
) -> ImportPlan:
    """A followup-tui export: ids kept where free, matching contacts merged, and attempts,
    interviews and news already in the file not added twice."""
    planner = _Planner(snapshot, now, within_file=False)
    total = len(data.contacts)
    for done, contact in enumerate(data.contacts, start=1):
        same = snapshot.contacts.get(contact.id) if contact.id is not None else None
        if same is not None and same.name == contact.name and same.created_at == contact.created_at:
            # The very same contact (an export of this file imported back).
            entry = planner.existing[same.id or 0]
            merged, changes = merge_contacts(entry.contact, contact)
            entry.contact = merged
            action = "merge" if changes else "unchanged"
            report.results.append(
                RowResult(None, action, merged.name, ", ".join(changes), [], same.id)
            )
        else:
            result = planner.place(None, replace(contact, id=None), [], source_id=contact.id)
            report.results.append(result)
            if result.target_id is None:
                _report_progress(progress, done, total)
                continue
            entry = planner.existing[result.target_id]
        if contact.id is not None:
            planner.merged_sources[contact.id] = entry
        _report_progress(progress, done, total)
    for what, reason in data.skipped:
        report.results.append(RowResult(None, "skip", what, reason))
    for problem in data.problems:
        text = str(problem).removesuffix(", ignored")
        report.extra_first.append(f"{text}; imported without it")
    plan = ImportPlan(report, planner, records=_plan_records(data, planner))
    if data.settings is not None and not has_settings:
        plan.settings_to_restore = data.settings
    return plan


def _plan_records(data: ExportData, planner: _Planner) -> _RecordPlan:
    snapshot = planner.snapshot
    plan = _RecordPlan()
    new_sources = {e.source_id for e in planner.entries if e.original is None}
    known = new_sources | set(planner.merged_sources)

    existing_news = {(n.text, n.on): i for i, n in snapshot.news.items()}
    for item in data.news:
        same = existing_news.get((item.text, item.on))
        keep = same is None and item.id is not None and item.id not in snapshot.news
        plan.news.append((item, same, keep))

    existing_interviews = {(v.company, v.at) for v in snapshot.interviews.values()}
    for interview in data.interviews:
        if (interview.company, interview.at) in existing_interviews:
            plan.interviews_present += 1
            continue
        keep = interview.id is not None and interview.id not in snapshot.interviews
        plan.interviews.append((interview, keep))

    existing: set[tuple[int, datetime, str, str]] = set()
    existing_ids: set[int] = set()
    for attempt in snapshot.all_attempts():
        existing.add((attempt.contact_id, attempt.at, attempt.channel, attempt.outcome))
        if attempt.id is not None:
            existing_ids.add(attempt.id)
    latest = planner.now + FUTURE_TOLERANCE
    for attempt in data.attempts:
        if attempt.at > latest:
            plan.attempts_future.append(
                f"attempt {attempt.id}: at {format_instant(attempt.at)} is in the future; "
                "not imported"
            )
            continue
        if attempt.contact_id not in known:
            plan.attempts_orphaned += 1
            continue
        target = planner.merged_sources.get(attempt.contact_id)
        if (
            target is not None
            and target.original is not None
            and (target.original.id, attempt.at, attempt.channel, attempt.outcome) in existing
        ):
            plan.attempts_present += 1
            continue
        keep = attempt.id is not None and attempt.id not in existing_ids
        plan.attempts.append((attempt, keep))
    return plan


def describe_records(plan: ImportPlan) -> list[str]:
    """Summary lines for the attempts, interviews, news and settings of a JSON export."""
    records = plan.records
    if records is None:
        return []
    verb = "would be " if plan.report.dry_run else ""
    line = f"Attempts: {len(records.attempts)} {verb}added"
    if records.attempts_present:
        line += f", {records.attempts_present} already there"
    if records.attempts_orphaned:
        line += f", {records.attempts_orphaned} skipped (their contact is not in the export)"
    news_new = sum(1 for _item, same, _keep in records.news if same is None)
    lines = [
        line,
        f"Interviews: {len(records.interviews)} {verb}added; news items: {news_new} {verb}added",
    ]
    if plan.settings_to_restore is not None:
        lines.append(f"Settings {verb}restored from the export.")
    lines += records.attempts_future
    return lines


# -- applying -------------------------------------------------------------------------------


def apply_plan(store: Store, plan: ImportPlan) -> int:
    """Write the plan (call inside ``store.batch()``); return the number of records written."""
    planner = plan.planner
    written = 0
    contact_ids: dict[int, int] = {}  # id in the export -> id in the file
    for source_id, entry in planner.merged_sources.items():
        if entry.original is not None and entry.original.id is not None:
            contact_ids[source_id] = entry.original.id
    changed = planner.changed()
    # Records that keep their id go first, so that a new id never takes one still to be kept.
    for entry in changed:
        if entry.original is None and entry.keep_id is not None:
            contact = replace(entry.contact, id=None)
            if contact.created_at is None:
                contact = replace(contact, created_at=planner.now)
            store.insert_with_id("contacts", entry.keep_id, contact.to_doc())
            contact_ids[entry.keep_id] = entry.keep_id
            written += 1
    for entry in changed:
        if entry.original is not None:
            # Only the fields the merge changed: fields of the file this version does not
            # read, and any another copy changed meanwhile, are kept as they are.
            store.save_contact_edit(entry.original, entry.contact)
            written += 1
        elif entry.keep_id is None:
            saved = store.add_contact(replace(entry.contact, id=None))
            if entry.source_id is not None and saved.id is not None:
                contact_ids[entry.source_id] = saved.id
            written += 1
    if plan.records is not None:
        written += _apply_records(store, plan.records, contact_ids)
    if plan.settings_to_restore is not None:
        store.save_settings(plan.settings_to_restore)
        written += 1
    return written


def _apply_records(store: Store, records: _RecordPlan, contact_ids: Mapping[int, int]) -> int:
    written = 0
    news_ids: dict[int, int] = {}
    for item, same, keep in sorted(records.news, key=lambda n: not n[2]):
        if same is not None:
            news_ids[item.id or 0] = same
        elif keep and item.id is not None:
            store.insert_with_id("news", item.id, item.to_doc())
            news_ids[item.id] = item.id
            written += 1
        else:
            saved = store.add_news(NewsItem(item.text, item.on))
            news_ids[item.id or 0] = saved.id or 0
            written += 1
    for interview, keep in sorted(records.interviews, key=lambda v: not v[1]):
        people = tuple(contact_ids[c] for c in interview.contact_ids if c in contact_ids)
        met = Interview(interview.company, interview.at, people, interview.notes)
        if keep and interview.id is not None:
            store.insert_with_id("interviews", interview.id, met.to_doc())
        else:
            store.add_interview(met)
        written += 1
    for attempt, keep in sorted(records.attempts, key=lambda a: not a[1]):
        fresh = replace(
            attempt,
            contact_id=contact_ids[attempt.contact_id],
            news_ids=tuple(news_ids[n] for n in attempt.news_ids if n in news_ids),
            id=None,
        )
        if keep and attempt.id is not None:
            store.insert_with_id("attempts", attempt.id, fresh.to_doc())
        else:
            store.add_attempt(fresh)
        written += 1
    return written


# -- the whole import -----------------------------------------------------------------------


def load_source(
    path: Path, fmt: str = "auto", mapping: Mapping[str, str] | None = None
) -> tuple[str, list[Row] | ExportData]:
    """Read and parse the file: (format, rows or export data). ``ImportFileError`` if unusable."""
    if fmt not in FORMATS:
        raise ImportFileError(f"unknown format {fmt!r} (formats: {', '.join(FORMATS)})")
    text = read_text(path)
    if fmt == "auto":
        fmt = detect_format(text)
    if mapping and fmt not in ("csv", "linkedin"):
        raise ImportFileError(f"{path}: --map applies to CSV files; this is {FORMAT_LABELS[fmt]}")
    try:
        if fmt == "json":
            return fmt, load_export(text)
        if fmt == "vcard":
            return fmt, read_vcards(text)
        if fmt == "linkedin" and not mapping:
            return fmt, read_linkedin(text)
        return "csv", read_csv(text, mapping)
    except ImportFileError as exc:
        raise ImportFileError(f"{path}: {exc}") from None


def plan_source(
    source: list[Row] | ExportData,
    snapshot: Snapshot,
    now: datetime,
    report: ImportReport,
    progress: Progress | None = None,
    *,
    has_settings: bool = True,
) -> ImportPlan:
    if isinstance(source, ExportData):
        plan = plan_export(
            source, snapshot, now, report, has_settings=has_settings, progress=progress
        )
        report.extra = describe_records(plan)
        return plan
    return plan_rows(source, snapshot, now, report, progress)


def import_file(
    path: Path | str,
    store: Store | None,
    *,
    fmt: str = "auto",
    mapping: Mapping[str, str] | None = None,
    dry_run: bool = False,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import ``path`` into ``store`` (or only plan it when ``dry_run``).

    With ``dry_run`` the store may be None (no data file yet). A real import reads the data file
    again under the lock and writes once; if anything fails nothing is written.
    """
    path = Path(path)
    fmt, source = load_source(path, fmt, mapping)
    return import_source(str(path), fmt, source, store, dry_run=dry_run, now=now, progress=progress)


def import_source(
    name: str,
    fmt: str,
    source: list[Row] | ExportData,
    store: Store | None,
    *,
    dry_run: bool = False,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Plan (and unless ``dry_run``, write) what ``load_source`` read."""
    if now is None:
        now = store.clock() if store is not None else datetime.now().astimezone()
    report = ImportReport(name, fmt, dry_run or store is None)
    if report.dry_run:
        tables = store.tables() if store is not None else {}
        plan_source(
            source,
            Snapshot.from_tables(tables),
            now,
            report,
            progress,
            has_settings=bool(tables.get("settings")),
        )
        return report
    assert store is not None
    with store.batch():
        tables = store.tables()
        plan = plan_source(
            source,
            Snapshot.from_tables(tables),
            now,
            report,
            progress,
            has_settings=bool(tables.get("settings")),
        )
        report.records_written = apply_plan(store, plan)
    report.written = report.records_written > 0
    return report


__all__ = [
    "ImportFileError",
    "ImportPlan",
    "ImportReport",
    "RowResult",
    "apply_plan",
    "import_file",
    "import_source",
    "load_source",
    "merge_contacts",
    "plan_source",
    "validate_row",
]
