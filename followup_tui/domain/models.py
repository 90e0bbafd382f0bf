"""Records of followup-tui: contacts, attempts, interviews, news items, settings.

Each record converts to and from the document stored in the data file (PRODUCT.md section 9).
``from_doc`` is lenient: a file written by another tool with only the documented fields opens,
and unknown fields are ignored. ``to_doc`` writes the documented fields plus optional extras.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from datetime import UTC, date, datetime
from typing import Any

from followup_tui.domain.text import clean_line, clean_text
from followup_tui.domain.vocab import CALLER_IDS, CHANNELS, OUTCOMES, STATUSES

DEFAULT_CADENCE_DAYS = 30

# Sets for the hot path of ``Attempt.from_doc`` (100,000 attempts are read at start-up).
CHANNEL_SET = _CHANNEL_SET = frozenset(CHANNELS)
OUTCOME_SET = _OUTCOME_SET = frozenset(OUTCOMES)
_fromisoformat = datetime.fromisoformat


def parse_instant(value: Any) -> datetime:
    """Parse an ISO 8601 instant from the data file into an aware UTC datetime."""
    if value.__class__ is str:
        # Fast path: the stored form (UTC with an offset) parses straight to a UTC datetime.
        try:
            dt = _fromisoformat(value)
        except ValueError:
            pass
        else:
            if dt.tzinfo is UTC:
                return dt
    if isinstance(value, datetime):
        dt = value
    else:
        text = str(value).strip()
        if text.endswith("Z"):
            text = text[:-1] + "+00:00"
        dt = datetime.fromisoformat(text)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def format_instant(dt: datetime) -> str:
    """Format an instant as stored: ISO 8601 in UTC with offset, seconds precision."""
    return dt.astimezone(UTC).replace(microsecond=0).isoformat()


def _parse_date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _str_tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    out = []
    for item in value:
        text = clean_line(item)
        if text:
            out.append(text)
    return tuple(out)


def _int_tuple(value: Any) -> tuple[int, ...]:
    if not value:
        return ()
    out = []
    for item in value:
        try:
            out.append(int(item))
        except (TypeError, ValueError):
            continue
    return tuple(out)


def _opt_int(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True, slots=True)
class Contact:
    """A person the user is following up with."""

    name: str
    """Display name; required."""
    company: str = ""
    title: str = ""
    phones: tuple[str, ...] = ()
    """Phone numbers in E.164 form (``+12125550123``)."""
    emails: tuple[str, ...] = ()
    timezone: str | None = None
    """IANA time zone name of the contact (``America/New_York``); None when unknown."""
    status: str = "pursuing"
    cadence_days: int = DEFAULT_CADENCE_DAYS
    """Days between touches while the contact is ``keep_warm``."""
    tags: tuple[str, ...] = ()
    notes: str = ""
    linkedin_url: str = ""
    created_at: datetime | None = None
    closed_reason: str | None = None
    """Why the contact was closed: hired, declined, not_interested, other."""
    next_step_on: date | None = None
    """A follow-up date the user set (after a reached or replied outcome)."""
    next_step: str = ""
    """A few words on what the next step is ("call after the board meeting")."""
    paused_until: date | None = None
    """For paused contacts: the day the pause ends."""
    id: int | None = None
    """The document id in the ``contacts`` table; None before the contact is saved."""

    def to_doc(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "name": self.name,
            "company": self.company,
            "title": self.title,
            "phones": list(self.phones),
            "emails": list(self.emails),
            "timezone": self.timezone,
            "status": self.status,
            "cadence_days": self.cadence_days,
            "tags": list(self.tags),
            "notes": self.notes,
            "linkedin_url": self.linkedin_url,
            "created_at": format_instant(self.created_at) if self.created_at else None,
        }
        if self.closed_reason:
            doc["closed_reason"] = self.closed_reason
        if self.next_step_on:
            doc["next_step_on"] = self.next_step_on.isoformat()
        if self.next_step:
            doc["next_step"] = self.next_step
        if self.paused_until:
            doc["paused_until"] = self.paused_until.isoformat()
        return doc

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any], doc_id: int | None = None) -> Contact:
        status = str(doc.get("status") or "pursuing")
        if status not in STATUSES:
            status = "pursuing"
        created = doc.get("created_at")
        try:
            created_at = parse_instant(created) if created else None
        except ValueError:
            created_at = None
        cadence = _opt_int(doc.get("cadence_days"))
        return cls(
            name=clean_line(doc.get("name")) or "(no name)",
            company=clean_line(doc.get("company")),
            title=clean_line(doc.get("title")),
            phones=_str_tuple(doc.get("phones")),
            emails=_str_tuple(doc.get("emails")),
            timezone=clean_line(doc.get("timezone")) or None,
            status=status,
            cadence_days=cadence if cadence and cadence > 0 else DEFAULT_CADENCE_DAYS,
            tags=_str_tuple(doc.get("tags")),
            notes=clean_text(doc.get("notes"), multiline=True),
            linkedin_url=clean_line(doc.get("linkedin_url")),
            created_at=created_at,
            closed_reason=clean_line(doc.get("closed_reason")) or None,
            next_step_on=_parse_date(doc.get("next_step_on")),
            next_step=clean_line(doc.get("next_step")),
            paused_until=_parse_date(doc.get("paused_until")),
            id=doc_id,
        )

    def with_id(self, doc_id: int) -> Contact:
        return replace(self, id=doc_id)


@dataclass(frozen=True, slots=True)
class Attempt:
    """One try to reach a contact: a call, an e-mail, a message, a meeting."""

    contact_id: int
    at: datetime
    """When, as an aware UTC datetime."""
    channel: str = "phone"
    outcome: str = "no_answer"
    caller_id: str | None = None
    """``hidden`` or ``shown`` for phone attempts; None otherwise."""
    duration_s: int | None = None
    note: str = ""
    news_ids: tuple[int, ...] = ()
    id: int | None = None

    def to_doc(self) -> dict[str, Any]:
        return {
            "contact_id": self.contact_id,
            "at": format_instant(self.at),
            "channel": self.channel,
            "outcome": self.outcome,
            "caller_id": self.caller_id,
            "duration_s": self.duration_s,
            "note": self.note,
            "news_ids": list(self.news_ids),
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any], doc_id: int | None = None) -> Attempt:
        get = doc.get
        channel = get("channel")
        if channel.__class__ is not str or channel not in _CHANNEL_SET:
            channel = str(channel or "phone")
            if channel not in CHANNELS:
                channel = "phone"
        outcome = get("outcome")
        if outcome.__class__ is not str or outcome not in _OUTCOME_SET:
            outcome = str(outcome or "no_answer")
            if outcome not in OUTCOMES:
                outcome = "no_answer"
        caller_id = get("caller_id")
        if caller_id is not None and caller_id not in CALLER_IDS:
            caller_id = None
        contact_id = doc["contact_id"]
        if contact_id.__class__ is not int:
            contact_id = int(contact_id)
        at = parse_instant(doc["at"])
        duration = get("duration_s")
        if duration.__class__ is not int:
            duration = _opt_int(duration)
        note = clean_text(get("note"), multiline=True)
        news_ids = get("news_ids")
        news = _int_tuple(news_ids) if news_ids else ()
        if cls is Attempt and _FAST_ATTEMPT:
            # Fast path: fill the slots directly; the frozen __init__ goes through
            # object.__setattr__ once per field, twice the cost at 100,000 attempts.
            made = _new_object(Attempt)
            _set_contact_id(made, contact_id)
            _set_at(made, at)
            _set_channel(made, channel)
            _set_outcome(made, outcome)
            _set_caller_id(made, caller_id)
            _set_duration_s(made, duration)
            _set_note(made, note)
            _set_news_ids(made, news)
            _set_id(made, doc_id)
            return made
        return cls(contact_id, at, channel, outcome, caller_id, duration, note, news, doc_id)

    def with_id(self, doc_id: int) -> Attempt:
        return replace(self, id=doc_id)


_new_object = object.__new__
# Slot setters for the fast path of Attempt.from_doc. It is used only while Attempt has exactly
# these fields and no __post_init__, so it always builds what __init__ would.


def _slot_setter(name: str) -> Callable[[object, object], None]:
    """The ``__set__`` of Attempt's slot ``name``: the typed door to the fast path.

    A frozen slotted dataclass only lets ``object.__setattr__`` or the slot descriptor write its
    fields; the descriptor is what CPython gives a ``__slots__`` class, so this breaks only if
    Attempt stops being slotted (``tests/unit/test_fast_paths.py`` builds both ways and compares).
    """
    descriptor: Any = Attempt.__dict__[name]
    setter: Callable[[object, object], None] = descriptor.__set__
    return setter


_set_contact_id = _slot_setter("contact_id")
_set_at = _slot_setter("at")
_set_channel = _slot_setter("channel")
_set_outcome = _slot_setter("outcome")
_set_caller_id = _slot_setter("caller_id")
_set_duration_s = _slot_setter("duration_s")
_set_note = _slot_setter("note")
_set_news_ids = _slot_setter("news_ids")
_set_id = _slot_setter("id")
_FAST_ATTEMPT = [f.name for f in fields(Attempt)] == [
    "contact_id",
    "at",
    "channel",
    "outcome",
    "caller_id",
    "duration_s",
    "note",
    "news_ids",
    "id",
] and not hasattr(Attempt, "__post_init__")


@dataclass(frozen=True, slots=True)
class Interview:
    company: str
    at: datetime
    contact_ids: tuple[int, ...] = ()
    notes: str = ""
    id: int | None = None

    def to_doc(self) -> dict[str, Any]:
        return {
            "company": self.company,
            "at": format_instant(self.at),
            "contact_ids": list(self.contact_ids),
            "notes": self.notes,
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any], doc_id: int | None = None) -> Interview:
        return cls(
            company=clean_line(doc.get("company")),
            at=parse_instant(doc["at"]),
            contact_ids=_int_tuple(doc.get("contact_ids")),
            notes=clean_text(doc.get("notes"), multiline=True),
            id=doc_id,
        )


@dataclass(frozen=True, slots=True)
class NewsItem:
    text: str
    on: date
    id: int | None = None

    def to_doc(self) -> dict[str, Any]:
        return {"text": self.text, "on": self.on.isoformat()}

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any], doc_id: int | None = None) -> NewsItem:
        on = _parse_date(doc.get("on")) or date(1970, 1, 1)
        return cls(text=clean_text(doc.get("text"), multiline=True), on=on, id=doc_id)


# The settings live in their own module; they are re-exported here for the readers of records.
from followup_tui.domain.settings import DEFAULT_PREFIXES, Settings  # noqa: E402

__all__ = [
    "DEFAULT_CADENCE_DAYS",
    "DEFAULT_PREFIXES",
    "Attempt",
    "Contact",
    "Interview",
    "NewsItem",
    "Settings",
    "format_instant",
    "parse_instant",
]
