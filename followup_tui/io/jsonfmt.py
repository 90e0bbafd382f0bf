"""followup-tui's own JSON export: every record, with its id, deterministic.

The same data always gives the same bytes (sorted keys, records in id order, no export time),
so export, import into an empty file and export again is byte-identical.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson

from followup_tui.domain.models import Attempt, Contact, Interview, NewsItem, Settings, doc_id_of
from followup_tui.domain.problems import Problem, UnusableRecord, shown
from followup_tui.domain.snapshot import Snapshot
from followup_tui.io.readers import ImportFileError

APP = "followup-tui"
FORMAT_VERSION = 1


def _with_id(doc: dict[str, Any], doc_id: int | str | None) -> dict[str, Any]:
    out = dict(doc)
    out["id"] = doc_id
    return out


def _as_written(snapshot: Snapshot, table: str, doc: dict[str, Any], doc_id: int | None) -> Any:
    """A record's document with the values the reading ignored put back as they were."""
    doc.update(snapshot.raw_fields(table, doc_id))
    return _with_id(doc, doc_id)


def _records_of(snapshot: Snapshot, table: str, records: list[tuple[int, Any]]) -> list[Any]:
    """The table's records in id order, with those kept aside (as written) among them."""
    rows: list[tuple[tuple[int, int, str], Any]] = [
        ((0, doc_id, ""), _as_written(snapshot, table, record.to_doc(), doc_id))
        for doc_id, record in records
    ]
    for (name, key), doc in snapshot.aside.items():
        if name != table:
            continue
        doc_id = doc_id_of(key)
        written: Any = (
            _with_id(doc, doc_id if doc_id is not None else key)
            if isinstance(doc, dict)
            else {"id": key, "value": doc}
        )
        order = (0, doc_id, "") if doc_id is not None else (1, 0, key)
        rows.append((order, written))
    rows.sort(key=lambda row: row[0])
    return [doc for _order, doc in rows]


def dump_snapshot(snapshot: Snapshot) -> bytes:
    """The whole data file as followup-tui JSON (UTF-8, ends with a new line).

    Every record is in it: a value the reading ignored (out of range, of the wrong type) is
    written as it was, and a record kept aside (an attempt whose time cannot be read) as it is
    in the file."""
    attempts = [(a.id or 0, a) for a in snapshot.all_attempts()]
    settings = snapshot.settings.to_doc()
    settings.update(snapshot.raw_fields("settings", 1))
    data = {
        "app": APP,
        "format_version": FORMAT_VERSION,
        "contacts": _records_of(snapshot, "contacts", sorted(snapshot.contacts.items())),
        "attempts": _records_of(snapshot, "attempts", attempts),
        "interviews": _records_of(snapshot, "interviews", sorted(snapshot.interviews.items())),
        "news": _records_of(snapshot, "news", sorted(snapshot.news.items())),
        "settings": settings,
    }
    return orjson.dumps(data, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2) + b"\n"


@dataclass
class ExportData:
    """Records read from a followup-tui JSON export (ids as written in the file)."""

    contacts: list[Contact] = field(default_factory=list)
    attempts: list[Attempt] = field(default_factory=list)
    interviews: list[Interview] = field(default_factory=list)
    news: list[NewsItem] = field(default_factory=list)
    settings: Settings | None = None
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """(what, reason) for records that could not be read."""
    problems: list[Problem] = field(default_factory=list)
    """Values out of range or of the wrong type: the records are imported without them."""


def _records(data: dict[str, Any], name: str) -> list[tuple[int | None, dict[str, Any]]]:
    """The documents of one table: a list of objects with ``id`` (an export) or an object of
    id -> document (a followup-tui data file)."""
    table = data.get(name)
    if table is None:
        return []
    out: list[tuple[int | None, dict[str, Any]]] = []
    if isinstance(table, dict):
        items: list[Any] = []
        for key, doc in table.items():
            if isinstance(doc, dict):
                items.append({**doc, "id": key})
            else:
                items.append(doc)
    elif isinstance(table, list):
        items = table
    else:
        raise ImportFileError(f"JSON: {name!r} is not a list of records")
    for doc in items:
        if not isinstance(doc, dict):
            out.append((None, {}))
            continue
        raw_id = doc.get("id")
        try:
            doc_id = int(raw_id) if raw_id is not None and not isinstance(raw_id, bool) else None
        except (TypeError, ValueError):
            doc_id = None
        if doc_id is not None and doc_id < 1:
            doc_id = None
        out.append((doc_id, doc))
    return out


def load_export(text: str) -> ExportData:
    """Parse followup-tui JSON (an export, or a data file); ``ImportFileError`` if it is not."""
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise ImportFileError(f"not valid JSON ({exc})") from None
    if not isinstance(data, dict) or not (
        data.get("app") == APP or isinstance(data.get("contacts"), (list, dict))
    ):
        raise ImportFileError("JSON, but not a followup-tui export (no 'contacts')")
    version = data.get("format_version", FORMAT_VERSION)
    if version.__class__ is not int or version < 1:
        raise ImportFileError(f"format_version {shown(version)} is not one followup-tui knows")
    if version > FORMAT_VERSION:
        raise ImportFileError(
            f"written by a newer followup-tui (format {version}); update followup-tui to import it"
        )
    _check_schema(data.get("meta"))
    out = ExportData()
    readers: tuple[tuple[str, Any, list[Any]], ...] = (
        ("contacts", Contact, out.contacts),
        ("attempts", Attempt, out.attempts),
        ("interviews", Interview, out.interviews),
        ("news", NewsItem, out.news),
    )
    for name, cls, target in readers:
        for number, (doc_id, doc) in enumerate(_records(data, name), start=1):
            what = f"{name} #{doc_id if doc_id is not None else number}"
            if not doc:
                out.skipped.append((what, "not an object"))
                continue
            if name == "contacts" and not str(doc.get("name") or "").strip():
                out.skipped.append((what, "no name"))
                continue
            try:
                target.append(cls.from_doc(doc, doc_id, out.problems))
            except UnusableRecord as exc:
                out.skipped.append((what, _without_record(exc.problem)))
    settings = data.get("settings")
    if isinstance(settings, dict) and settings:
        out.settings = Settings.from_doc(
            settings.get("1") if isinstance(settings.get("1"), dict) else settings, out.problems
        )
    return out


def _without_record(problem: Problem) -> str:
    """``at "soon" is not a date-time (ISO 8601)``: a problem's text after its record."""
    text = str(problem).split(": ", 1)[-1]
    return text.removesuffix(", ignored").removesuffix(", kept aside")


def _check_schema(meta: Any) -> None:
    """A followup-tui data file (not an export) written by a newer version is refused."""
    from followup_tui.storage.datafile import SCHEMA_VERSION

    if not isinstance(meta, dict) or not meta:
        return
    doc = meta.get("1") or next(iter(meta.values()))
    if not isinstance(doc, dict) or "schema_version" not in doc:
        return
    version = doc["schema_version"]
    if version.__class__ is not int or version < 1:
        raise ImportFileError(f"meta.schema_version {shown(version)} is not one followup-tui knows")
    if version > SCHEMA_VERSION:
        raise ImportFileError(
            f"a data file of a newer followup-tui (schema {version}); update followup-tui to "
            "import it"
        )
