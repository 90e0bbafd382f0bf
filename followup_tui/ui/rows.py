"""The contact list's rows as plain records: the data worker builds and sorts them for a whole
file, the list only draws them. No widget code here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from followup_tui.domain.models import Contact
from followup_tui.domain.rules import ContactSummary, order_key
from followup_tui.domain.text import clean_line
from followup_tui.domain.vocab import STATUS_LABELS


@dataclass(frozen=True, slots=True)
class ContactRow:
    """What one line shows, prepared once when the data changes."""

    contact_id: int
    name: str
    company: str
    status: str
    attempts: int
    last_touch: datetime | None
    next_due: date | None
    overdue_days: int
    closed: bool
    haystack: str
    """Name, company and tags, case-folded, for the filter."""
    sort_key: tuple[date, str, int]
    """``rules.order_key``: soonest due first (nothing due last), then by name."""
    pending: bool = False
    """The attempts are still being read: their columns show ``…``."""
    needs_next_step: bool = False
    """Answered, and no next step set: the "Next due" column says so."""


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _safe(text: str) -> str:
    """Records are cleaned when read or validated; this only guards the terminal."""
    return clean_line(text) if _CONTROL.search(text) else text


def contact_row(
    contact: Contact, summary: ContactSummary | None, *, pending: bool = False
) -> ContactRow:
    """The row of one contact. Pure: the data worker builds rows for a whole file.
    ``pending``: its attempts are not read yet (the columns they decide show ``…``)."""
    assert contact.id is not None
    name = _safe(contact.name)
    company = _safe(contact.company)
    tags = " ".join(_safe(t) for t in contact.tags)
    next_due = summary.next_due if summary else None
    return ContactRow(
        contact_id=contact.id,
        name=name,
        company=company,
        status=STATUS_LABELS.get(contact.status, contact.status),
        attempts=summary.attempts if summary else 0,
        last_touch=summary.last_touch if summary else None,
        next_due=next_due,
        overdue_days=summary.overdue_days if summary else 0,
        closed=contact.status == "closed",
        haystack=f"{name}\n{company}\n{tags}".casefold(),
        sort_key=order_key(next_due, contact.name, contact.id),
        pending=pending,
        needs_next_step=bool(summary and summary.needs_next_step),
    )
