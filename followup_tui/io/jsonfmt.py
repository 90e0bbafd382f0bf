"""followup-tui's own JSON export: every record, with its id, deterministic.

The same data always gives the same bytes (sorted keys, records in id order, no export time),
so export, import into an empty file and export again is byte-identical.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson

from followup_tui.domain.models import Attempt, Contact, Interview, NewsItem, Settings
from followup_tui.domain.snapshot import Snapshot
from followup_tui.io.readers import ImportFileError

APP = "followup-tui"
FORMAT_VERSION = 1


def _with_id(doc: dict[str, Any], doc_id: int | None) -> dict[str, Any]:
    out = dict(doc)
    out["id"] = doc_id
    return out


def dump_snapshot(snapshot: Snapshot) -> bytes:
    """The whole data file as followup-tui JSON (UTF-8, ends with a new line)."""
    attempts = sorted(snapshot.all_attempts(), key=lambda a: a.id or 0)
    data = {
        "app": APP,
        "format_version": FORMAT_VERSION,
        "contacts": [_with_id(c.to_doc(), i) for i, c in sorted(snapshot.contacts.items())],
        "attempts": [_with_id(a.to_doc(), a.id) for a in attempts],
        "interviews": [_with_id(v.to_doc(), i) for i, v in sorted(snapshot.interviews.items())],
        "news": [_with_id(n.to_doc(), i) for i, n in sorted(snapshot.news.items())],
        "settings": snapshot.settings.to_doc(),
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
    if isinstance(version, int) and version > FORMAT_VERSION:
        raise ImportFileError(
            f"written by a newer followup-tui (format {version}); update followup-tui to import it"
        )
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
                target.append(cls.from_doc(doc, doc_id))
            except (KeyError, TypeError, ValueError) as exc:
                reason = f"missing {exc}" if isinstance(exc, KeyError) else str(exc)[:80]
                out.skipped.append((what, reason))
    settings = data.get("settings")
    if isinstance(settings, dict) and settings:
        out.settings = Settings.from_doc(
            settings.get("1") if isinstance(settings.get("1"), dict) else settings
        )
    return out
