"""Records of followup-tui: contacts, attempts, interviews, news items, settings.

Each record converts to and from the document stored in the data file (PRODUCT.md section 9).
``from_doc`` is lenient: a file written by another tool with only the documented fields opens,
and unknown fields are ignored. ``to_doc`` writes the documented fields plus optional extras.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from followup_tui.domain.problems import (
    END_INSTANT,
    MAX_CADENCE_DAYS,
    MAX_DAY,
    MAX_DURATION_S,
    MIN_DAY,
    MIN_INSTANT,
    Problem,
    UnusableRecord,
)
from followup_tui.domain.text import clean_line, clean_text
from followup_tui.domain.vocab import CALLER_IDS, CHANNELS, OUTCOMES, STATUSES
from followup_tui.domain.zones import known_zone

DEFAULT_CADENCE_DAYS = 30
T = TypeVar("T")

# Sets for the hot path of ``Attempt.from_doc`` (100,000 attempts are read at start-up).
CHANNEL_SET = _CHANNEL_SET = frozenset(CHANNELS)
OUTCOME_SET = _OUTCOME_SET = frozenset(OUTCOMES)
CALLER_ID_SET = frozenset(CALLER_IDS)
STATUS_SET = frozenset(STATUSES)
_fromisoformat = datetime.fromisoformat
_MIN_INSTANT = MIN_INSTANT
_END_INSTANT = END_INSTANT


def _key(doc_id: int | None) -> str:
    return "" if doc_id is None else str(doc_id)


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
        if text[-1:] in ("Z", "z"):  # RFC 3339 allows a lower-case z; fromisoformat does not
            text = text[:-1] + "+00:00"
        dt = datetime.fromisoformat(text)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def format_instant(dt: datetime) -> str:
    """Format an instant as stored: ISO 8601 in UTC with offset, seconds precision."""
    return dt.astimezone(UTC).replace(microsecond=0).isoformat()


# -- reading stored values: every check of PRODUCT.md section 9 ----------------------------------
#
# Each reader returns the value to use and, for a value it cannot use, calls ``flag`` with the
# reason (the field then gets its default). ``flag`` is ``Flag(problems, table, key)``.


class Flag:
    """Reports the problems of one record into ``problems`` (a list, or None to drop them)."""

    __slots__ = ("problems", "table", "key", "contact_id")

    def __init__(
        self,
        problems: list[Problem] | None,
        table: str,
        key: object,
        contact_id: int | None = None,
    ) -> None:
        self.problems = problems
        self.table = table
        self.key = key
        self.contact_id = contact_id

    def __call__(self, field_name: str, value: Any, reason: str) -> None:
        if self.problems is not None:
            key = "" if self.key is None else str(self.key)
            self.problems.append(
                Problem(self.table, key, field_name, value, reason, self.contact_id)
            )


def _is_int(value: Any) -> bool:
    return value.__class__ is int or (
        value.__class__ is float and value.is_integer() and abs(value) < 2**53
    )


def read_text(doc: Mapping[str, Any], name: str, flag: Flag, *, multiline: bool = False) -> str:
    value = doc.get(name)
    if value is None:
        return ""
    if value.__class__ is str:
        return clean_text(value, multiline=multiline)
    flag(name, value, "is not text")
    return ""


def read_texts(doc: Mapping[str, Any], name: str, flag: Flag) -> tuple[str, ...]:
    value = doc.get(name)
    if value is None:
        return ()
    if value.__class__ is str:
        text = clean_line(value)
        return (text,) if text else ()
    if value.__class__ is not list:
        flag(name, value, "is not a list")
        return ()
    out = []
    for item in value:
        if item.__class__ is not str:
            flag(name, value, "holds values that are not text")
            return ()
        text = clean_line(item)
        if text:
            out.append(text)
    return tuple(out)


def read_ids(doc: Mapping[str, Any], name: str, flag: Flag) -> tuple[int, ...]:
    value = doc.get(name)
    if value is None or value == []:
        return ()
    if value.__class__ is not list:
        flag(name, value, "is not a list")
        return ()
    for item in value:
        if item.__class__ is not int or item < 1:
            flag(name, value, "holds values that are not ids (whole numbers from 1)")
            return ()
    return tuple(value)


def read_whole(
    doc: Mapping[str, Any], name: str, flag: Flag, low: int, high: int, default: int | None
) -> int | None:
    """A whole number from ``low`` to ``high``; ``default`` when absent or unusable."""
    value = doc.get(name)
    if value is None:
        return default
    if _is_int(value):
        number = int(value)
        if low <= number <= high:
            return number
        flag(name, value, "is out of range")
        return default
    flag(name, value, "is not a whole number")
    return default


def read_day(doc: Mapping[str, Any], name: str, flag: Flag) -> date | None:
    value = doc.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        day: date = value
    elif value.__class__ is str:
        try:
            day = date.fromisoformat(value.strip()[:10])
        except ValueError:
            flag(name, value, "is not a date (YYYY-MM-DD)")
            return None
    else:
        flag(name, value, "is not a date (YYYY-MM-DD)")
        return None
    if MIN_DAY <= day <= MAX_DAY:
        return day
    flag(name, value, "is out of range")
    return None


def read_instant(doc: Mapping[str, Any], name: str, flag: Flag) -> datetime | None:
    """An instant from 1900 to 2200; None (and a problem) otherwise, None when absent."""
    value = doc.get(name)
    if value is None or value == "":
        return None
    if value.__class__ is not str and not isinstance(value, datetime):
        flag(name, value, "is not a date-time (ISO 8601)")
        return None
    try:
        instant = parse_instant(value)
    except (ValueError, OverflowError):
        flag(name, value, "is not a date-time (ISO 8601)")
        return None
    if MIN_INSTANT <= instant < END_INSTANT:
        return instant
    flag(name, value, "is out of range")
    return None


def read_choice(
    doc: Mapping[str, Any], name: str, flag: Flag, choices: frozenset[str], default: str | None
) -> str | None:
    value = doc.get(name)
    if value is None:
        return default
    if value.__class__ is str and value in choices:
        return value
    flag(name, value, f"is not one of {', '.join(sorted(choices))}")
    return default


def read_zone(doc: Mapping[str, Any], name: str, flag: Flag) -> str | None:
    value = doc.get(name)
    if value is None or value == "":
        return None
    if value.__class__ is not str:
        flag(name, value, "is not text")
        return None
    text = clean_line(value)
    if not text:
        return None
    if not known_zone(text):
        flag(name, value, "is not a known time zone")
        return None
    return text


def doc_id_of(key: Any) -> int | None:
    """The document id written as ``key``: a plain positive number (``"12"``, not ``"012"``)."""
    if key.__class__ is str:
        if key.isascii() and key.isdigit() and key[0] != "0":
            return int(key)
        return None
    if key.__class__ is int and key > 0:
        return int(key)
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
    def from_doc(
        cls,
        doc: Mapping[str, Any],
        doc_id: int | None = None,
        problems: list[Problem] | None = None,
    ) -> Contact:
        """The contact of a stored document; a value out of range or of the wrong type is
        ignored (the field keeps its default) and reported into ``problems``."""
        flag = Flag(problems, "contacts", doc_id, doc_id)
        status = read_choice(doc, "status", flag, STATUS_SET, "pursuing") or "pursuing"
        cadence = read_whole(doc, "cadence_days", flag, 1, MAX_CADENCE_DAYS, DEFAULT_CADENCE_DAYS)
        return cls(
            name=read_text(doc, "name", flag) or "(no name)",
            company=read_text(doc, "company", flag),
            title=read_text(doc, "title", flag),
            phones=read_texts(doc, "phones", flag),
            emails=read_texts(doc, "emails", flag),
            timezone=read_zone(doc, "timezone", flag),
            status=status,
            cadence_days=cadence or DEFAULT_CADENCE_DAYS,
            tags=read_texts(doc, "tags", flag),
            notes=read_text(doc, "notes", flag, multiline=True),
            linkedin_url=read_text(doc, "linkedin_url", flag),
            created_at=read_instant(doc, "created_at", flag),
            closed_reason=read_text(doc, "closed_reason", flag) or None,
            next_step_on=read_day(doc, "next_step_on", flag),
            next_step=read_text(doc, "next_step", flag),
            paused_until=read_day(doc, "paused_until", flag),
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
    def from_doc(
        cls,
        doc: Mapping[str, Any],
        doc_id: int | None = None,
        problems: list[Problem] | None = None,
    ) -> Attempt:
        """The attempt of a stored document. A value out of range or of the wrong type is
        ignored and reported into ``problems``; without a usable contact id or time the
        attempt cannot be placed: ``UnusableRecord``."""
        get = doc.get
        flag: Flag | None = None
        contact_id = get("contact_id")
        if contact_id.__class__ is not int or contact_id < 1:
            reason = "is missing" if contact_id is None else "is not an id (a whole number from 1)"
            raise UnusableRecord(
                Problem("attempts", _key(doc_id), "contact_id", contact_id, reason)
            )
        raw_at = get("at")
        at = None
        if raw_at.__class__ is str:
            try:
                at = _fromisoformat(raw_at)
            except ValueError:
                at = None
            else:
                if at.tzinfo is not UTC or not _MIN_INSTANT <= at < _END_INSTANT:
                    at = None
        if at is None:
            found: list[Problem] = []
            at = read_instant(doc, "at", Flag(found, "attempts", doc_id, contact_id))
            if at is None:
                raise UnusableRecord(
                    found[0]
                    if found
                    else Problem("attempts", _key(doc_id), "at", raw_at, "is missing", contact_id)
                )
        channel = get("channel")
        if channel.__class__ is not str or channel not in _CHANNEL_SET:
            flag = flag or Flag(problems, "attempts", doc_id, contact_id)
            channel = read_choice(doc, "channel", flag, _CHANNEL_SET, "phone") or "phone"
        outcome = get("outcome")
        if outcome.__class__ is not str or outcome not in _OUTCOME_SET:
            flag = flag or Flag(problems, "attempts", doc_id, contact_id)
            outcome = read_choice(doc, "outcome", flag, _OUTCOME_SET, "no_answer") or "no_answer"
        caller_id = get("caller_id")
        if caller_id is not None and (
            caller_id.__class__ is not str or caller_id not in CALLER_ID_SET
        ):
            flag = flag or Flag(problems, "attempts", doc_id, contact_id)
            caller_id = read_choice(doc, "caller_id", flag, CALLER_ID_SET, None)
        duration = get("duration_s")
        if duration is not None and (
            duration.__class__ is not int or not 0 <= duration <= MAX_DURATION_S
        ):
            flag = flag or Flag(problems, "attempts", doc_id, contact_id)
            duration = read_whole(doc, "duration_s", flag, 0, MAX_DURATION_S, None)
        note = get("note")
        if note.__class__ is str:
            note = clean_text(note, multiline=True)
        elif note is None:
            note = ""
        else:
            flag = flag or Flag(problems, "attempts", doc_id, contact_id)
            note = read_text(doc, "note", flag, multiline=True)
        news_ids = get("news_ids")
        if news_ids is None or news_ids == []:
            news: tuple[int, ...] = ()
        else:
            flag = flag or Flag(problems, "attempts", doc_id, contact_id)
            news = read_ids(doc, "news_ids", flag)
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
    def from_doc(
        cls,
        doc: Mapping[str, Any],
        doc_id: int | None = None,
        problems: list[Problem] | None = None,
    ) -> Interview:
        """``UnusableRecord`` without a usable time; other bad values are ignored."""
        flag = Flag(problems, "interviews", doc_id)
        at = _required(doc, "at", read_instant, "interviews", doc_id)
        return cls(
            company=read_text(doc, "company", flag),
            at=at,
            contact_ids=read_ids(doc, "contact_ids", flag),
            notes=read_text(doc, "notes", flag, multiline=True),
            id=doc_id,
        )


def _required(
    doc: Mapping[str, Any],
    name: str,
    reader: Callable[[Mapping[str, Any], str, Flag], T | None],
    table: str,
    doc_id: int | None,
) -> T:
    """A field a record cannot do without: ``UnusableRecord`` when it is absent or unusable."""
    found: list[Problem] = []
    value = reader(doc, name, Flag(found, table, doc_id))
    if value is None:
        raise UnusableRecord(
            found[0] if found else Problem(table, _key(doc_id), name, None, "is missing")
        )
    return value


@dataclass(frozen=True, slots=True)
class NewsItem:
    text: str
    on: date
    id: int | None = None

    def to_doc(self) -> dict[str, Any]:
        return {"text": self.text, "on": self.on.isoformat()}

    @classmethod
    def from_doc(
        cls,
        doc: Mapping[str, Any],
        doc_id: int | None = None,
        problems: list[Problem] | None = None,
    ) -> NewsItem:
        """``UnusableRecord`` without a usable day; other bad values are ignored."""
        on = _required(doc, "on", read_day, "news", doc_id)
        text = read_text(doc, "text", Flag(problems, "news", doc_id), multiline=True)
        return cls(text=text, on=on, id=doc_id)


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
