"""Problems found while reading a data file: values out of range or of the wrong type.

A record whose field holds such a value is still read: the field is ignored (the record gets
the field's default) and a ``Problem`` names the record, the field and the value, once. A record
that cannot take part at all (an attempt without a usable time or contact, a record under an id
that is not a plain number) is kept aside as it is, so exports still hold it.

The text of a problem is PRODUCT.md section 9's: ``contact 12: cadence_days 3000000 is out of
range, ignored``.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any, NamedTuple

#: The range of dates and instants the records may hold (PRODUCT.md section 9).
MIN_DAY = date(1900, 1, 1)
MAX_DAY = date(2200, 12, 31)
MIN_INSTANT = datetime(1900, 1, 1, tzinfo=UTC)
END_INSTANT = datetime(2201, 1, 1, tzinfo=UTC)
"""Instants are before this one (the end of 2200)."""
MAX_CADENCE_DAYS = 3650
MAX_DURATION_S = 24 * 3600

#: The word for one record of each table.
RECORD_NOUNS: dict[str, str] = {
    "contacts": "contact",
    "attempts": "attempt",
    "interviews": "interview",
    "news": "news item",
    "settings": "settings",
}

#: How many problems a command prints before it sums up the rest.
SHOWN_AT_MOST = 20

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SHOWN_CHARS = 48


def escape_controls(text: str) -> str:
    """``text`` with control characters written as escapes (``\\x1b``), so that a file name or
    a value echoed in a message cannot drive the terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def shown(value: Any) -> str:
    """A stored value as a message shows it: JSON, shortened, control characters escaped."""
    import orjson

    try:
        text = orjson.dumps(value).decode()
    except TypeError:
        text = repr(value)
    if len(text) > _SHOWN_CHARS:
        text = text[: _SHOWN_CHARS - 1] + "…"
    return escape_controls(text)


class Problem(NamedTuple):
    """One value of the file that is ignored, or one record kept aside."""

    table: str
    key: str
    """The record's id as written in the file."""
    field: str | None
    """None when the record as a whole is kept aside."""
    value: Any
    """The value as read (for a record kept aside: the document)."""
    reason: str
    """``is out of range``, ``is not a list``..."""
    contact_id: int | None = None
    """The contact the record belongs to (an attempt's), or the contact itself."""

    def __str__(self) -> str:
        noun = RECORD_NOUNS.get(self.table, self.table)
        where = f"{noun} {escape_controls(self.key)}" if self.table != "settings" else noun
        if self.field is None:
            return f"{where}: {self.reason}, kept aside"
        if self.value is None:
            return f"{where}: {self.field} {self.reason}, ignored"
        return f"{where}: {self.field} {shown(self.value)} {self.reason}, ignored"


class UnusableRecord(ValueError):
    """A record without a value it cannot do without (an attempt's time); ``problem`` says
    which."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def summary_lines(problems: list[Problem], limit: int = SHOWN_AT_MOST) -> list[str]:
    """One line per problem, at most ``limit`` of them and then how many more there are."""
    lines = [str(p) for p in problems[:limit]]
    more = len(problems) - limit
    if more > 0:
        lines.append(f"and {more} more problem{'s' if more != 1 else ''} like these")
    return lines
