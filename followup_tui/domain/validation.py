"""Validation of what the user types: names, phone numbers, e-mail addresses, time zones.

Errors are collected per field so a form can show each problem next to its field.

``phonenumbers`` is imported by the functions that need it, not here: importing it costs
~35 ms, and the scriptable commands (``followup-tui due``) import this module for its errors
and limits only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from followup_tui.domain.errors import UserError
from followup_tui.domain.models import DEFAULT_CADENCE_DAYS, Contact
from followup_tui.domain.text import clean_line, clean_text
from followup_tui.domain.vocab import CLOSE_REASONS, STATUSES

#: Dial prefixes that hide or show the caller ID; stripped before a number is parsed.
DIAL_PREFIXES: tuple[str, ...] = ("*67", "*82", "#31#", "*31#", "1470", "141")

_EMAIL = re.compile(r"^[^@\s,;<>()\[\]\"]+@[^@\s,;<>()\[\]\"]+\.[^@\s,;<>()\[\]\".]{2,}$")

MAX_NAME = 200
MAX_NOTE = 20_000


class FieldError(UserError, ValueError):
    """One invalid field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class FormErrors(UserError, ValueError):
    """Several invalid fields, keyed by field name."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


def strip_dial_prefix(raw: str) -> str:
    """Remove a caller-ID dial prefix (``*67``, ``#31#``...) from the start of a number."""
    text = raw.strip()
    compact = re.sub(r"[\s\-().]", "", text)
    for prefix in DIAL_PREFIXES:
        if prefix in ("1470", "141"):
            # UK prefixes only when followed by a national or international number.
            if compact.startswith(prefix) and compact[len(prefix) :].startswith(("0", "+")):
                return compact[len(prefix) :]
            continue
        if compact.startswith(prefix):
            return compact[len(prefix) :]
    return text


def parse_phone(raw: str, home_region: str = "US") -> str:
    """Parse a phone number as typed into E.164 (``+12125550123``).

    Raises ``FieldError`` when the number is not a valid number: no silent guesses.
    """
    text = strip_dial_prefix(clean_line(raw))
    if not text:
        if clean_line(raw):
            raise FieldError(
                "phones", f"{clean_line(raw)!r} is only a caller-ID prefix: add the number after it"
            )
        raise FieldError("phones", "empty phone number")
    import phonenumbers

    try:
        number = phonenumbers.parse(text, home_region.upper() or "US")
    except phonenumbers.NumberParseException:
        raise FieldError("phones", f"{raw.strip()!r} is not a phone number") from None
    if not phonenumbers.is_valid_number(number):
        raise FieldError("phones", f"{raw.strip()!r} is not a valid phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


#: A North American number in E.164 (``+1`` and ten digits, the area code not starting with 0 or
#: 1): phonenumbers formats all of these as ``+1 NXX-XXX-XXXX``.
def format_phone(e164: str) -> str:
    """A number in international format for display (``+1 212-555-0123``)."""
    import phonenumbers

    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def timezone_for_phone(e164: str) -> str | None:
    """The IANA zone of a number when the numbering plan pins it to exactly one."""
    import phonenumbers
    from phonenumbers import timezone as phone_timezone

    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return None
    zones = [z for z in phone_timezone.time_zones_for_number(number) if z != "Etc/Unknown"]
    return zones[0] if len(zones) == 1 else None


def valid_timezone(name: str) -> str:
    """Return the IANA zone name if valid, else raise ``FieldError``."""
    text = clean_line(name)
    if not text:
        raise FieldError("timezone", "empty time zone")
    if text not in _zone_names():
        raise FieldError("timezone", f"{text!r} is not an IANA time zone (e.g. America/New_York)")
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise FieldError("timezone", f"{text!r} is not an IANA time zone") from None
    return text


_ZONES: frozenset[str] | None = None


def _zone_names() -> frozenset[str]:
    global _ZONES
    if _ZONES is None:
        _ZONES = frozenset(available_timezones())
    return _ZONES


def valid_email(raw: str) -> str:
    text = clean_line(raw)
    if not _EMAIL.match(text):
        raise FieldError("emails", f"{text!r} is not an e-mail address")
    return text.lower()


def _split_list(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return []
    parts = re.split(r"[,;\n]", value) if isinstance(value, str) else list(value)
    return [p.strip() for p in parts if p and p.strip()]


def validate_contact(
    fields: Mapping[str, object],
    *,
    home_region: str = "US",
    now: datetime | None = None,
    base: Contact | None = None,
    default_cadence: int = DEFAULT_CADENCE_DAYS,
) -> Contact:
    """Build a Contact from form or import fields, or raise ``FormErrors``.

    ``fields`` holds text as typed: ``phones``, ``emails`` and ``tags`` may be comma-separated.
    ``base`` is the contact being edited (its id and creation time are kept).
    ``default_cadence`` is the keep-warm cadence of a new contact when none is typed
    (``Settings.keep_warm_days``).
    """
    errors: dict[str, str] = {}

    name = clean_line(fields.get("name"))
    if not name:
        errors["name"] = "a name is required"
    elif len(name) > MAX_NAME:
        errors["name"] = f"a name is at most {MAX_NAME} characters"

    phones: list[str] = []
    for raw in _split_list(fields.get("phones")):  # type: ignore[arg-type]
        try:
            e164 = parse_phone(raw, home_region)
        except FieldError as exc:
            errors.setdefault("phones", exc.message)
            continue
        if e164 not in phones:
            phones.append(e164)

    emails: list[str] = []
    for raw in _split_list(fields.get("emails")):  # type: ignore[arg-type]
        try:
            email = valid_email(raw)
        except FieldError as exc:
            errors.setdefault("emails", exc.message)
            continue
        if email not in emails:
            emails.append(email)

    tz_text = clean_line(fields.get("timezone"))
    timezone: str | None = None
    if tz_text:
        try:
            timezone = valid_timezone(tz_text)
        except FieldError as exc:
            errors["timezone"] = exc.message
    elif phones:
        timezone = timezone_for_phone(phones[0])

    status = clean_line(fields.get("status")) or (base.status if base else "pursuing")
    if status not in STATUSES:
        errors["status"] = f"status must be one of {', '.join(STATUSES)}"
    closed_reason = clean_line(fields.get("closed_reason")) or (
        base.closed_reason if base else None
    )
    if status == "closed":
        if not closed_reason:
            errors["closed_reason"] = "closing a contact needs a reason"
        elif closed_reason not in CLOSE_REASONS:
            errors["closed_reason"] = f"reason must be one of {', '.join(CLOSE_REASONS)}"
    else:
        closed_reason = None

    cadence_text = clean_line(fields.get("cadence_days"))
    cadence = base.cadence_days if base else default_cadence
    if cadence_text:
        try:
            cadence = int(cadence_text)
            if not 1 <= cadence <= 3650:
                raise ValueError
        except ValueError:
            errors["cadence_days"] = "cadence is a whole number of days from 1 to 3650"

    if errors:
        raise FormErrors(errors)

    tags = tuple(dict.fromkeys(clean_line(t) for t in _split_list(fields.get("tags"))))  # type: ignore[arg-type]
    contact = Contact(
        name=name,
        company=clean_line(fields.get("company")),
        title=clean_line(fields.get("title")),
        phones=tuple(phones),
        emails=tuple(emails),
        timezone=timezone,
        status=status,
        cadence_days=cadence,
        tags=tuple(t for t in tags if t),
        notes=clean_text(fields.get("notes"), multiline=True)[:MAX_NOTE],
        linkedin_url=clean_line(fields.get("linkedin_url")),
        created_at=(base.created_at if base and base.created_at else now),
        closed_reason=closed_reason,
    )
    if base is not None:
        contact = replace(
            contact,
            id=base.id,
            next_step_on=base.next_step_on,
            paused_until=base.paused_until,
        )
    return contact
