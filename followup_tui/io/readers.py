"""Reading contact files: LinkedIn ``Connections.csv``, generic CSV, vCard.

A reader turns the text of a file into ``Row`` objects: the raw fields of one contact and the
line of the file it starts on. Nothing is validated here (that is the importer's job), except
what makes a row unreadable: such a row carries an ``error`` and is skipped with that reason.

A problem with the whole file (missing, binary, not UTF-8, no header) raises ``ImportFileError``
with one line for the user.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import re
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from followup_tui.domain.text import clean_line, clean_text
from followup_tui.domain.vocab import IMPORT_FORMATS

FORMATS: tuple[str, ...] = IMPORT_FORMATS

#: The fields a column can be mapped to with ``--map``.
TARGET_FIELDS: tuple[str, ...] = (
    "name",
    "first_name",
    "last_name",
    "company",
    "title",
    "phones",
    "emails",
    "linkedin_url",
    "notes",
    "tags",
    "timezone",
)
LIST_FIELDS = frozenset({"phones", "emails", "tags"})
#: Fields that never hold a new line: one that does began with a quote closed too late.
_ONE_LINE_FIELDS = frozenset({"name", "first_name", "last_name"})

MAX_BYTES = 64 * 1024 * 1024

#: Column names recognised without ``--map`` (compared lower-case, spaces/_/- removed).
_COLUMN_ALIASES: dict[str, str] = {}
for _field, _names in {
    "name": ("name", "fullname", "displayname", "contact", "contactname"),
    "first_name": ("firstname", "givenname", "forename"),
    "last_name": ("lastname", "familyname", "surname"),
    "company": ("company", "organization", "organisation", "employer", "companyname", "org"),
    "title": ("title", "position", "jobtitle", "role"),
    "phones": (
        "phone",
        "phones",
        "phonenumber",
        "phonenumbers",
        "telephone",
        "tel",
        "mobile",
        "mobilephone",
        "cell",
        "cellphone",
        "workphone",
        "homephone",
        "businessphone",
    ),
    "emails": (
        "email",
        "emails",
        "emailaddress",
        "emailaddresses",
        "mail",
        "workemail",
        "homeemail",
    ),
    "linkedin_url": ("linkedin", "linkedinurl", "linkedinprofile", "profileurl"),
    "notes": ("notes", "note", "comments", "comment"),
    "tags": ("tags", "tag", "labels", "groups", "categories"),
    "timezone": ("timezone", "tz"),
}.items():
    for _name in _names:
        _COLUMN_ALIASES[_name] = _field

LINKEDIN_HEADER = ("first name", "last name", "url", "email address", "company", "position")

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
    )
}


class ImportFileError(Exception):
    """The file as a whole cannot be imported; the message is one line for the user."""


@dataclass
class Row:
    """One contact as read from a file, before validation."""

    line: int
    """The line of the file the record starts on (1-based)."""
    fields: dict[str, Any] = field(default_factory=dict)
    """``name``, ``company``, ``title``, ``linkedin_url``, ``notes``, ``timezone`` as text;
    ``phones``, ``emails``, ``tags`` as lists of text."""
    error: str | None = None
    """Why the row cannot be read at all (it is skipped with this reason)."""
    warnings: list[str] = field(default_factory=list)


# -- the file -----------------------------------------------------------------------------------


def read_text(path: Path) -> str:
    """The text of a file to import, or ``ImportFileError`` with a one-line reason."""
    try:
        # Only a regular file (a symbolic link is followed): opening a named pipe waits for a
        # writer that may never come, and a device may never end.
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise ImportFileError(f"{path}: is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise ImportFileError(f"{path}: not a regular file")
        size = info.st_size
        if size > MAX_BYTES:
            raise ImportFileError(f"{path}: too large to import ({size // 1_000_000} MB)")
        # Opened without waiting, in case a pipe took the file's place since the check.
        nonblock = getattr(os, "O_NONBLOCK", 0)
        fd = os.open(path, os.O_RDONLY | nonblock)
        with open(fd, "rb") as source:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise ImportFileError(f"{path}: not a regular file")
            if nonblock:
                os.set_blocking(fd, True)
            # Read at most one byte past the limit: some regular files (under /proc) say they
            # are empty, and a file may grow while it is read.
            raw = source.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise ImportFileError(f"{path}: too large to import (over {MAX_BYTES >> 20} MiB)")
    except FileNotFoundError:
        raise ImportFileError(f"{path}: no such file") from None
    except PermissionError:
        raise ImportFileError(f"{path}: permission denied") from None
    except OSError as exc:
        raise ImportFileError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return decode(raw, path)


def decode(raw: bytes, path: Path | str = "input") -> str:
    """Bytes to text: UTF-8 (with or without BOM) or UTF-16 with a BOM; nothing else."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportFileError(f"{path}: not valid UTF-16 text") from None
    if b"\x00" in raw[:8192]:
        raise ImportFileError(f"{path}: a binary file, not CSV, vCard or JSON text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportFileError(
            f"{path}: not UTF-8 text (line {line}); save it as UTF-8 and import again"
        ) from None
    if not text.strip():
        raise ImportFileError(f"{path}: the file is empty")
    return text


def detect_format(text: str) -> str:
    """``linkedin``, ``csv``, ``vcard`` or ``json``, from the content."""
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        return "json"
    head = stripped[:4096].upper()
    if re.search(r"(?m)^BEGIN:VCARD\s*$", head):
        return "vcard"
    if _find_linkedin_header(text) is not None:
        return "linkedin"
    return "csv"


def _norm_column(name: str) -> str:
    return re.sub(r"[\s_\-.]+", "", name.strip().lower())


def _find_linkedin_header(text: str) -> int | None:
    """Index of the LinkedIn header line among the first lines, else None."""
    for index, line in enumerate(text.splitlines()[:30]):
        cells = [c.strip().lower() for c in next(csv.reader([line]), [])]
        if all(col in cells for col in LINKEDIN_HEADER):
            return index
    return None


# -- CSV ---------------------------------------------------------------------------------------


def split_list(value: str) -> list[str]:
    """Several values in one cell: separated by ``;``, ``,``, new lines or `` ::: ``."""
    parts = re.split(r"\s*(?::::|[;,\n])\s*", value)
    return [p.strip() for p in parts if p and p.strip()]


def parse_mapping(spec: str | None) -> dict[str, str]:
    """``"Full Name=name,Mobile=phones"`` to ``{"full name": "name", "mobile": "phones"}``."""
    mapping: dict[str, str] = {}
    if not spec:
        return mapping
    for part in spec.split(","):
        if not part.strip():
            continue
        column, sep, target = part.rpartition("=")
        column, target = column.strip(), target.strip().lower()
        if not sep or not column or not target:
            raise ImportFileError(f"--map: {part.strip()!r} is not COLUMN=FIELD")
        if target not in TARGET_FIELDS:
            raise ImportFileError(
                f"--map: unknown field {target!r} (fields: {', '.join(TARGET_FIELDS)})"
            )
        mapping[column.lower()] = target
    return mapping


#: (line number, cells, error): ``error`` is the csv module's complaint for a record it could
#: not read (then ``cells`` is empty), else None.
Record = tuple[int, list[str], str | None]


UNCLOSED_QUOTE = 'a quote (") opened on this line is never closed; the line was left out'


def _csv_records(text: str, first_line: int) -> Iterator[Record]:
    """(line, cells, error) of each CSV record of ``text``, whose first line is ``first_line``.

    A quote that is never closed would make the rest of the file one cell: that line is an
    error instead, and reading goes on with the next line.
    """
    chunk = text
    base = first_line
    while True:
        # Universal newlines: a quoted cell over several lines reads with "\n" whatever the
        # file's line ends (CR LF, or CR alone in a file saved on an old Mac).
        reader = csv.reader(io.StringIO(chunk, newline=None), strict=False)
        start = 1
        held: tuple[int, list[str]] | None = None  # the last record, until the next one
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                if held is not None:
                    yield base + held[0] - 1, held[1], None
                    held = None
                yield base + start - 1, [], str(exc)
                start = reader.line_num + 1
                continue
            if held is not None:
                yield base + held[0] - 1, held[1], None
            held = (start, cells)
            start = reader.line_num + 1
        if held is None:
            return
        held_start, held_cells = held
        lines = io.StringIO(chunk, newline="").readlines()
        if _never_closed("".join(lines[held_start - 1 :])):
            yield base + held_start - 1, [], UNCLOSED_QUOTE
            chunk = "".join(lines[held_start:])
            base += held_start
            continue
        yield base + held_start - 1, held_cells, None
        return


def _never_closed(rest: str) -> bool:
    """True when the first CSV record of ``rest`` runs to the end of it inside a quote."""
    try:
        next(csv.reader(io.StringIO(rest, newline=""), strict=True), None)
    except csv.Error as exc:
        return "end of data" in str(exc)
    return False


def _columns_for(header: list[str], mapping: Mapping[str, str]) -> dict[int, str]:
    """Column index -> target field."""
    columns: dict[int, str] = {}
    mapped_fields = set(mapping.values())
    for index, name in enumerate(header):
        key = name.strip().lower()
        if key in mapping:
            columns[index] = mapping[key]
            continue
        target = _COLUMN_ALIASES.get(_norm_column(name))
        if target is None:
            norm = _norm_column(name)
            if "email" in norm or norm == "mail":
                target = "emails"
            elif "phone" in norm or "mobile" in norm:
                target = "phones"
        # A field the user mapped explicitly is not also filled from another column.
        if target is not None and target not in mapped_fields:
            columns[index] = target
    return columns


def _has_name_column(cells: list[str], mapping: Mapping[str, str]) -> bool:
    targets = set(_columns_for(cells, mapping).values())
    return bool(targets & {"name", "first_name", "last_name"})


def read_csv(text: str, mapping: Mapping[str, str] | None = None) -> list[Row]:
    """A CSV file with a header line; columns matched by name (case-insensitive).

    Lines before the header (a title, notes) are passed over when a later line among the first
    twenty has a name column and the first one has none.
    """
    mapping = dict(mapping or {})
    records = _csv_records(text, 1)
    head: list[Record] = []
    for record in records:
        if record[2] is not None and record[2] != UNCLOSED_QUOTE:
            raise ImportFileError(f"line {record[0]}: not a readable CSV file ({record[2]})")
        head.append(record)
        if len(head) >= 20:
            break
    filled = [i for i, (_line, cells, _e) in enumerate(head) if any(c.strip() for c in cells)]
    if not filled:
        raise ImportFileError("no header line found")
    index = next((i for i in filled if _has_name_column(head[i][1], mapping)), filled[0])
    header = head[index][1]
    rest = itertools.chain(head[index + 1 :], records)
    return _rows_from_records(header, rest, mapping)


def _rows_from_records(
    header: list[str], records: Iterator[Record], mapping: Mapping[str, str]
) -> list[Row]:
    lower = [h.strip().lower() for h in header]
    for column in mapping:
        if column not in lower:
            shown = ", ".join(h.strip() for h in header if h.strip())
            raise ImportFileError(f"--map: no column {column!r} (columns: {shown})")
    columns = _columns_for(header, mapping)
    targets = set(columns.values())
    if not targets & {"name", "first_name", "last_name"}:
        shown = ", ".join(h.strip() for h in header if h.strip())[:200]
        raise ImportFileError(f'no name column (columns: {shown}); use --map "COLUMN=name"')
    rows: list[Row] = []
    one_line = {i for i, t in columns.items() if t in _ONE_LINE_FIELDS}
    for line, cells, error in records:
        if error == UNCLOSED_QUOTE:
            rows.append(Row(line, error=error))
            continue
        if error is not None:
            rows.append(Row(line, error=f"not readable as CSV ({error})"))
            continue
        row = Row(line)
        runs = next((cells[i] for i in one_line if i < len(cells) and "\n" in cells[i]), None)
        if runs is not None:
            row.warnings.append(
                f'the name runs over {runs.count(chr(10)) + 1} lines: a quote (") opened on '
                "this line closes on a later one; check the quotes"
            )
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            row.warnings.append(
                f"{len(cells)} cells but {len(header)} columns; the extra cells were ignored"
            )
        for index, target in columns.items():
            if index >= len(cells):
                continue
            value = cells[index]
            if target in LIST_FIELDS:
                row.fields.setdefault(target, []).extend(split_list(value))
            elif target == "notes":
                text = clean_text(value, multiline=True)
                if text:
                    previous = row.fields.get("notes")
                    row.fields["notes"] = f"{previous}\n{text}" if previous else text
            else:
                text = clean_line(value)
                if text and not row.fields.get(target):
                    row.fields[target] = text
        _compose_name(row)
        rows.append(row)
    return rows


def _compose_name(row: Row) -> None:
    first = row.fields.pop("first_name", "")
    last = row.fields.pop("last_name", "")
    if not row.fields.get("name"):
        name = " ".join(p for p in (first, last) if p)
        if name:
            row.fields["name"] = name


def parse_connected_on(text: str) -> date | None:
    """LinkedIn's ``12 Mar 2024`` (also ``12 March 2024`` and ISO dates)."""
    text = text.strip()
    match = re.fullmatch(r"(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -](\d{4})", text)
    try:
        if match:
            month = _MONTHS.get(match.group(2)[:3].lower())
            if month is None:
                return None
            return date(int(match.group(3)), month, int(match.group(1)))
        return date.fromisoformat(text)
    except ValueError:
        return None


def read_linkedin(text: str) -> list[Row]:
    """LinkedIn's ``Connections.csv``: an optional ``Notes:`` preamble, then the header
    ``First Name,Last Name,URL,Email Address,Company,Position,Connected On``."""
    index = _find_linkedin_header(text)
    if index is None:
        raise ImportFileError(
            "not a LinkedIn Connections.csv (no line 'First Name,Last Name,URL,...')"
        )
    body = "".join(text.splitlines(keepends=True)[index:])
    records = _csv_records(body, index + 1)
    _line, header, _error = next(records)
    mapping = {
        "first name": "first_name",
        "last name": "last_name",
        "url": "linkedin_url",
        "email address": "emails",
        "company": "company",
        "position": "title",
        "connected on": "_connected_on",
    }
    present = {h.strip().lower() for h in header}
    mapping = {k: v for k, v in mapping.items() if k in present}
    rows = _rows_from_records(header, records, mapping)
    for row in rows:
        raw = row.fields.pop("_connected_on", "")
        if row.error:
            continue
        row.fields.setdefault("tags", []).append("linkedin")
        if not raw:
            continue
        day = parse_connected_on(raw)
        if day is None:
            row.warnings.append(f"'Connected On' date {raw!r} not understood; left out")
            continue
        note = f"LinkedIn connection since {day.isoformat()}"
        notes = row.fields.get("notes")
        row.fields["notes"] = f"{notes}\n{note}" if notes else note
    return rows


# -- vCard -------------------------------------------------------------------------------------


def _vcard_blocks(text: str) -> Iterator[tuple[int, str | None, str]]:
    """(first line, block text or None, error) for each BEGIN:VCARD ... END:VCARD."""
    start: int | None = None
    depth = 0
    buf: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        upper = line.strip().upper()
        if upper == "BEGIN:VCARD":
            if depth == 0:
                start, buf = number, []
            elif start is not None:
                # A card that never closed before the next one began.
                yield start, None, "the vCard has no END:VCARD"
                start, buf, depth = number, [], 0
            depth += 1
        if start is not None:
            buf.append(line)
        if upper == "END:VCARD" and start is not None:
            depth -= 1
            if depth <= 0:
                yield start, "\r\n".join(buf) + "\r\n", ""
                start, buf, depth = None, [], 0
    if start is not None:
        yield start, None, "the vCard has no END:VCARD"


def _values(card: Any, name: str) -> list[Any]:
    return [c.value for c in card.contents.get(name, [])]


def _tel_value(value: Any) -> str:
    text = str(value).strip()
    if text.lower().startswith("tel:"):
        text = text[4:]
        text = text.split(";", 1)[0]  # ;ext=..., ;phone-context=...
    return text


def _vcard_row(line: int, card: Any) -> Row:
    row = Row(line)
    fields = row.fields
    names = [clean_line(v) for v in _values(card, "fn") if isinstance(v, str)]
    name = next((n for n in names if n), "")
    if not name:
        for n in _values(card, "n"):
            parts = [
                " ".join(p) if isinstance(p, list) else str(p)
                for p in (
                    getattr(n, "prefix", ""),
                    getattr(n, "given", ""),
                    getattr(n, "additional", ""),
                    getattr(n, "family", ""),
                )
            ]
            name = clean_line(" ".join(p for p in parts if p.strip()))
            if name:
                break
    if not name:
        nick = next((clean_line(v) for v in _values(card, "nickname") if isinstance(v, str)), "")
        name = nick
    if name:
        fields["name"] = name
    for org in _values(card, "org"):
        parts = org if isinstance(org, list) else [org]
        company = clean_line(parts[0]) if parts else ""
        if company:
            fields["company"] = company
            break
    for title in _values(card, "title"):
        if isinstance(title, str) and clean_line(title):
            fields["title"] = clean_line(title)
            break
    phones = [_tel_value(v) for v in _values(card, "tel") if isinstance(v, str)]
    fields["phones"] = [p for p in phones if p.strip()]
    emails = [clean_line(v) for v in _values(card, "email") if isinstance(v, str)]
    fields["emails"] = [e[7:] if e.lower().startswith("mailto:") else e for e in emails if e]
    urls = [
        clean_line(v)
        for v in _values(card, "url") + _values(card, "x-socialprofile")
        if isinstance(v, str)
    ]
    linkedin = next((u for u in urls if "linkedin.com" in u.lower()), "")
    if linkedin:
        fields["linkedin_url"] = linkedin
    notes = [clean_text(v, multiline=True) for v in _values(card, "note") if isinstance(v, str)]
    if any(notes):
        fields["notes"] = "\n".join(n for n in notes if n)
    tags: list[str] = []
    for cats in _values(card, "categories"):
        for cat in cats if isinstance(cats, list) else [cats]:
            if clean_line(cat):
                tags.append(clean_line(cat))
    fields["tags"] = tags
    for tz in _values(card, "tz"):
        text = clean_line(tz) if isinstance(tz, str) else ""
        if "/" in text:
            fields["timezone"] = text
            break
    # PHOTO, LOGO, SOUND, KEY (embedded binary data) are ignored on purpose.
    return row


def _vobject_reason(exc: Exception) -> str:
    """vobject's message without its line number (which counts lines its own way)."""
    message = str(getattr(exc, "message", "") or exc)
    message = re.sub(r"^At line \d+:\s*", "", message)
    return clean_line(message)[:120] or type(exc).__name__


def read_vcards(text: str) -> list[Row]:
    """Every vCard (2.1, 3.0, 4.0) of a file; a broken card is a skipped row, not a failure."""
    import logging

    import vobject

    rows: list[Row] = []
    found = False
    vobject_log = logging.getLogger("vobject")
    level = vobject_log.level
    vobject_log.setLevel(logging.CRITICAL)  # its complaints become our per-row reasons
    try:
        for line, block, error in _vcard_blocks(text):
            found = True
            rows.append(_read_card(vobject, line, block, error))
    finally:
        vobject_log.setLevel(level)
    if not found:
        raise ImportFileError("no BEGIN:VCARD found; not a vCard file")
    if all(row.error for row in rows):
        first = rows[0]
        more = f" ({len(rows)} cards, none readable)" if len(rows) > 1 else ""
        raise ImportFileError(f"no readable vCard: line {first.line}: {first.error}{more}")
    return rows


def _read_card(vobject: Any, line: int, block: str | None, error: str) -> Row:
    if block is None:
        return Row(line, error=error)
    # vCard 2.1 breaks long quoted-printable values with a "=" at the end of the line.
    allow_qp = "quoted-printable" in block.lower()
    try:
        card = vobject.readOne(block, allowQP=allow_qp)
    except Exception as exc:  # vobject raises many kinds of errors on bad input
        return Row(line, error=f"not a valid vCard ({_vobject_reason(exc)})")
    if getattr(card, "name", "").upper() != "VCARD":
        return Row(line, error="not a vCard")
    try:
        return _vcard_row(line, card)
    except Exception as exc:  # a value vobject accepted but could not decode
        return Row(line, error=f"not a valid vCard ({_vobject_reason(exc)})")
