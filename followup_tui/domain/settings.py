"""The user's settings (PRODUCT.md sections 2, 5, 6 and 7): one document in the ``settings`` table.

Every rule reads its numbers from here: the business days after each outcome, the days to the
next step after a call that reached the person, the default keep-warm cadence, the working hours
the call suggestions keep to, and the holidays that are not business days.

``Settings.from_doc`` takes whatever JSON the file holds: each field is read on its own, and a
value of the wrong type or out of range falls back to that field's default (the rest is kept).
``validate_settings`` reads what a form or the command line typed and reports one message per
field, like the other forms.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from followup_tui.domain.problems import MAX_DAY, MIN_DAY, Problem
from followup_tui.domain.text import clean_line, clean_text
from followup_tui.domain.zones import known_zone

#: Caller-ID dial prefixes by region: ``hide`` and ``show`` (PRODUCT.md section 7).
DEFAULT_PREFIXES: dict[str, dict[str, str]] = {
    "NANP": {"hide": "*67", "show": "*82"},
    "UK": {"hide": "141", "show": "1470"},
    "GSM": {"hide": "#31#", "show": "*31#"},
}

#: Business days to the next try after each outcome (reached/met/replied follow the next step).
DEFAULT_BUSINESS_DAYS_AFTER: dict[str, int] = {
    "no_answer": 1,
    "busy": 1,
    "gatekeeper": 1,
    "wrong_number": 1,
    "voicemail": 2,
    "sent": 3,
}

DEFAULT_THANK_YOU = (
    "Subject: Thank you, {first_name}\n"
    "\n"
    "Dear {first_name},\n"
    "\n"
    "Thank you for taking the time to meet me at {company} on {date}. {note}\n"
    "\n"
    "I enjoyed our conversation and look forward to staying in touch.\n"
    "\n"
    "Best regards"
)
"""The thank-you draft's words; ``{name}``, ``{first_name}``, ``{company}``, ``{date}`` and
``{note}`` (the first line of the interview notes) are filled in, anything else in braces is
left as written (domain.interviews.thank_you_draft)."""

MAX_BUSINESS_DAYS = 60
MAX_NEXT_DAYS = 365
MAX_CADENCE_DAYS = 3650
MAX_HOLIDAYS = 2000
MAX_TEMPLATE = 4000
MAX_PREFIX = 12
MAX_PREFIX_REGIONS = 20


@dataclass(frozen=True, slots=True)
class Settings:
    """User settings, stored as one document in the ``settings`` table."""

    home_region: str = "US"
    """ISO 3166 region used to read phone numbers written without a country code."""
    timezone: str | None = None
    """The user's IANA time zone; None means the machine's."""
    hide_caller_id: bool = True
    """Calls hide the caller ID unless the user says otherwise."""
    prefixes: dict[str, dict[str, str]] = field(
        default_factory=lambda: {k: dict(v) for k, v in DEFAULT_PREFIXES.items()}
    )
    """Dial prefixes per region: ``{"NANP": {"hide": "*67", "show": "*82"}, ...}``."""
    work_start_hour: int = 8
    """Working hours of the contacts, in their local time: start (inclusive)..."""
    work_end_hour: int = 18
    """...and end (exclusive): a call is suggested from 08:00 to 18:00 by default."""
    holidays: tuple[date, ...] = ()
    """Days that are not business days (besides Saturdays and Sundays), sorted."""
    business_days_after: dict[str, int] = field(
        default_factory=lambda: dict(DEFAULT_BUSINESS_DAYS_AFTER)
    )
    """Business days to the next try after no_answer, busy, gatekeeper, wrong_number,
    voicemail and sent."""
    reached_next_days: int = 7
    """Days to the next step after a call that reached the person, unless the user sets one."""
    keep_warm_days: int = 30
    """The keep-warm cadence of a new contact, in days."""
    thank_you_template: str = DEFAULT_THANK_YOU
    """The thank-you e-mail after an interview (``{name}`` and ``{company}`` are filled in)."""

    def days_after(self, outcome: str) -> int:
        """Business days to the next try after ``outcome`` (1 for an outcome not listed)."""
        return self.business_days_after.get(outcome, 1)

    def to_doc(self) -> dict[str, Any]:
        return {
            "home_region": self.home_region,
            "timezone": self.timezone,
            "hide_caller_id": self.hide_caller_id,
            "prefixes": {k: dict(v) for k, v in self.prefixes.items()},
            "work_start_hour": self.work_start_hour,
            "work_end_hour": self.work_end_hour,
            "holidays": [d.isoformat() for d in self.holidays],
            "business_days_after": dict(self.business_days_after),
            "reached_next_days": self.reached_next_days,
            "keep_warm_days": self.keep_warm_days,
            "thank_you_template": self.thank_you_template,
        }

    @classmethod
    def from_doc(cls, doc: object, problems: list[Problem] | None = None) -> Settings:
        """The settings in ``doc``; any field missing, of the wrong type or out of range takes
        its default. Never raises, whatever JSON ``doc`` is. Each value that is ignored is
        reported into ``problems`` (``settings: timezone 5 is not text, ignored``)."""
        if not isinstance(doc, Mapping) or not doc:
            return cls()
        base = cls()
        get = doc.get
        start = _whole(get("work_start_hour"), 0, 23)
        end = _whole(get("work_end_hour"), 1, 24)
        if start is None or end is None or end <= start:
            start, end = base.work_start_hour, base.work_end_hour
        if problems is not None:
            problems.extend(_ignored(doc))
        return cls(
            home_region=_region(get("home_region")) or base.home_region,
            timezone=_zone_text(get("timezone")),
            hide_caller_id=bool(_flag(get("hide_caller_id"), base.hide_caller_id)),
            prefixes=_prefixes(get("prefixes")) or base.prefixes,
            work_start_hour=start,
            work_end_hour=end,
            holidays=_dates(get("holidays")),
            business_days_after=_days_after(get("business_days_after")),
            reached_next_days=_whole(get("reached_next_days"), 1, MAX_NEXT_DAYS)
            or base.reached_next_days,
            keep_warm_days=_whole(get("keep_warm_days"), 1, MAX_CADENCE_DAYS)
            or base.keep_warm_days,
            thank_you_template=_template(get("thank_you_template")) or base.thank_you_template,
        )


# -- tolerant readers ---------------------------------------------------------------------------


def _whole(value: object, low: int, high: int) -> int | None:
    """A whole number in ``[low, high]``; None for anything else (a bool is not a number)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        try:
            value = int(value.strip())
        except ValueError:
            return None
    if isinstance(value, int) and low <= value <= high:
        return value
    return None


def _region(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = value.strip().upper()
    return text if len(text) == 2 and text.isascii() and text.isalpha() else None


def _zone_text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = clean_line(value)
    return text if text and len(text) <= 64 and known_zone(text) else None


def _flag(value: object, default: bool | None) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip().lower()
        if text in ("true", "yes", "on", "1"):
            return True
        if text in ("false", "no", "off", "0"):
            return False
    return default


def _prefix_text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > MAX_PREFIX or any(c not in "0123456789*#+" for c in text):
        return None
    return text


def _prefixes(value: object) -> dict[str, dict[str, str]] | None:
    if not isinstance(value, Mapping):
        return None
    out: dict[str, dict[str, str]] = {}
    for region, pair in value.items():
        if len(out) >= MAX_PREFIX_REGIONS:
            break
        name = clean_line(region)[:20] if isinstance(region, str) else ""
        if not name or not isinstance(pair, Mapping):
            continue
        hide, show = _prefix_text(pair.get("hide")), _prefix_text(pair.get("show"))
        if hide and show:
            out[name] = {"hide": hide, "show": show}
    return out or None


def _one_date(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        day = date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None
    return day if MIN_DAY <= day <= MAX_DAY else None


def _dates(value: object) -> tuple[date, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple):
        return ()
    found = {d for d in (_one_date(v) for v in value[: MAX_HOLIDAYS * 2]) if d is not None}
    return tuple(sorted(found)[:MAX_HOLIDAYS])


def _days_after(value: object) -> dict[str, int]:
    out = dict(DEFAULT_BUSINESS_DAYS_AFTER)
    if isinstance(value, Mapping):
        for outcome in out:
            days = _whole(value.get(outcome), 0, MAX_BUSINESS_DAYS)
            if days is not None:
                out[outcome] = days
    return out


def _template(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = clean_text(value, multiline=True).strip()
    return text[:MAX_TEMPLATE] if text else None


def _ignored(doc: Mapping[str, Any]) -> list[Problem]:
    """The values of a settings document that ``from_doc`` cannot use, each with its reason."""
    found: list[Problem] = []

    def flag(name: str, reason: str) -> None:
        found.append(Problem("settings", "1", name, doc.get(name), reason))

    def present(name: str) -> bool:
        return doc.get(name) not in (None, "")

    if present("home_region") and _region(doc["home_region"]) is None:
        flag("home_region", "is not a region code (two letters)")
    if present("timezone"):
        if not isinstance(doc["timezone"], str):
            flag("timezone", "is not text")
        elif _zone_text(doc["timezone"]) is None:
            flag("timezone", "is not a known time zone")
    if present("hide_caller_id") and _flag(doc["hide_caller_id"], None) is None:
        flag("hide_caller_id", "is not true or false")
    if present("prefixes") and _prefixes(doc["prefixes"]) is None:
        flag("prefixes", "is not a table of dial prefixes")
    start, end = doc.get("work_start_hour"), doc.get("work_end_hour")
    if present("work_start_hour") and _whole(start, 0, 23) is None:
        flag("work_start_hour", "is not an hour from 0 to 23")
    if present("work_end_hour") and _whole(end, 1, 24) is None:
        flag("work_end_hour", "is not an hour from 1 to 24")
    elif (
        (s := _whole(start, 0, 23)) is not None and (e := _whole(end, 1, 24)) is not None and e <= s
    ):
        flag("work_end_hour", "is not after work_start_hour")
    holidays = doc.get("holidays")
    if present("holidays"):
        items = [holidays] if isinstance(holidays, str) else holidays
        if not isinstance(items, list | tuple):
            flag("holidays", "is not a list")
        elif any(_one_date(item) is None for item in items):
            flag("holidays", "holds values that are not dates from 1900 to 2200")
    days_after = doc.get("business_days_after")
    if present("business_days_after"):
        if not isinstance(days_after, Mapping):
            flag("business_days_after", "is not a table of outcomes and days")
        elif any(
            _whole(v, 0, MAX_BUSINESS_DAYS) is None
            for k, v in days_after.items()
            if k in DEFAULT_BUSINESS_DAYS_AFTER
        ):
            flag("business_days_after", f"holds days outside 0 to {MAX_BUSINESS_DAYS}")
    if present("reached_next_days") and _whole(doc["reached_next_days"], 1, MAX_NEXT_DAYS) is None:
        flag("reached_next_days", f"is not a number of days from 1 to {MAX_NEXT_DAYS}")
    if present("keep_warm_days") and _whole(doc["keep_warm_days"], 1, MAX_CADENCE_DAYS) is None:
        flag("keep_warm_days", f"is not a number of days from 1 to {MAX_CADENCE_DAYS}")
    if present("thank_you_template") and _template(doc["thank_you_template"]) is None:
        flag("thank_you_template", "is not text")
    return found


# -- holidays -----------------------------------------------------------------------------------


def public_holidays(country: str, year: int, subdivision: str | None = None) -> tuple[date, ...]:
    """The public holidays of ``country`` (ISO 3166 code: ``US``, ``GB``...) in ``year``, from
    the ``holidays`` package. ``ValueError`` names the problem for an unknown country."""
    import holidays as holidays_package

    code = country.strip().upper()
    if not 1900 <= year <= 2200:
        raise ValueError(f"{year} is not a year between 1900 and 2200")
    try:
        found = holidays_package.country_holidays(code, subdiv=subdivision, years=year)
    except NotImplementedError:
        raise ValueError(f"{country!r} is not a country the holidays package knows") from None
    return tuple(sorted(d for d in found if d.year == year))


def with_holidays(settings: Settings, days: Iterable[date]) -> Settings:
    """``settings`` with ``days`` added to its holidays (kept sorted, without repeats)."""
    merged = sorted(set(settings.holidays) | set(days))[:MAX_HOLIDAYS]
    return replace(settings, holidays=tuple(merged))


def add_public_holidays(
    settings: Settings, country: str, year: int, subdivision: str | None = None
) -> Settings:
    """``settings`` with the public holidays of ``country`` in ``year`` added."""
    return with_holidays(settings, public_holidays(country, year, subdivision))


# -- the form -----------------------------------------------------------------------------------

#: Form fields of the business days after each outcome: ``days_after_no_answer``...
DAYS_AFTER_FIELDS: dict[str, str] = {f"days_after_{o}": o for o in DEFAULT_BUSINESS_DAYS_AFTER}


def settings_fields(settings: Settings) -> dict[str, str]:
    """The settings as the text a form shows (the inverse of ``validate_settings``)."""
    out = {
        "home_region": settings.home_region,
        "timezone": settings.timezone or "",
        "hide_caller_id": "yes" if settings.hide_caller_id else "no",
        "prefixes": "; ".join(
            f"{region}={pair['hide']}/{pair['show']}" for region, pair in settings.prefixes.items()
        ),
        "work_hours": f"{settings.work_start_hour:02d}:00-{settings.work_end_hour:02d}:00",
        "holidays": ", ".join(d.isoformat() for d in settings.holidays),
        "reached_next_days": str(settings.reached_next_days),
        "keep_warm_days": str(settings.keep_warm_days),
        "thank_you_template": settings.thank_you_template,
    }
    for name, outcome in DAYS_AFTER_FIELDS.items():
        out[name] = str(settings.days_after(outcome))
    return out


def _hour(text: str) -> int:
    text = text.strip()
    hours, _, minutes = text.partition(":")
    if minutes not in ("", "00", "0"):
        raise ValueError
    value = int(hours)
    if not 0 <= value <= 24:
        raise ValueError
    return value


def validate_settings(fields: Mapping[str, object], base: Settings | None = None) -> Settings:
    """Settings from the text of a form; fields not given keep ``base``'s values.

    Raises ``FormErrors`` with one message per invalid field; nothing is half-applied.
    """
    from followup_tui.domain.validation import FormErrors, valid_timezone

    current = base or Settings()
    errors: dict[str, str] = {}
    changes: dict[str, Any] = {}

    def text(name: str) -> str | None:
        value = fields.get(name)
        if value is None:
            return None
        return clean_text(str(value), multiline=name == "thank_you_template").strip()

    if (value := text("home_region")) is not None:
        region = _region(value)
        if region is None:
            errors["home_region"] = "a region is two letters, e.g. US or GB"
        else:
            changes["home_region"] = region

    if (value := text("timezone")) is not None:
        if not value:
            changes["timezone"] = None
        else:
            try:
                changes["timezone"] = valid_timezone(value)
            except ValueError as exc:
                errors["timezone"] = getattr(exc, "message", str(exc))

    if (value := text("hide_caller_id")) is not None:
        flag = value.lower()
        if flag in ("yes", "true", "on", "1"):
            changes["hide_caller_id"] = True
        elif flag in ("no", "false", "off", "0"):
            changes["hide_caller_id"] = False
        else:
            errors["hide_caller_id"] = "answer yes or no"

    if (value := text("prefixes")) is not None:
        table: dict[str, dict[str, str]] = {}
        for part in filter(None, (p.strip() for p in value.replace("\n", ";").split(";"))):
            region, _, pair = part.partition("=")
            hide, _, show = pair.partition("/")
            hide_ok, show_ok = _prefix_text(hide), _prefix_text(show)
            if not region.strip() or not hide_ok or not show_ok:
                errors["prefixes"] = f"{part!r}: write REGION=HIDE/SHOW, e.g. NANP=*67/*82"
                break
            table[region.strip()[:20]] = {"hide": hide_ok, "show": show_ok}
        else:
            if not table:
                errors["prefixes"] = "at least one region, e.g. NANP=*67/*82"
            else:
                changes["prefixes"] = table

    if (value := text("work_hours")) is not None:
        start_text, sep, end_text = value.replace("–", "-").partition("-")
        try:
            if not sep:
                raise ValueError
            start, end = _hour(start_text), _hour(end_text)
            if start >= end or start > 23:
                raise ValueError
        except ValueError:
            errors["work_hours"] = "write whole hours like 08:00-18:00 (start before end)"
        else:
            changes["work_start_hour"], changes["work_end_hour"] = start, end

    if (value := text("holidays")) is not None:
        days: set[date] = set()
        for part in filter(None, (p.strip() for p in value.replace(";", ",").split(","))):
            try:
                days.add(date.fromisoformat(part))
            except ValueError:
                errors["holidays"] = f"{part!r} is not a date like 2026-12-25"
                break
        else:
            if len(days) > MAX_HOLIDAYS:
                errors["holidays"] = f"at most {MAX_HOLIDAYS} holidays"
            else:
                changes["holidays"] = tuple(sorted(days))

    after = dict(current.business_days_after)
    for name, outcome in DAYS_AFTER_FIELDS.items():
        if (value := text(name)) is not None:
            days_after = _whole(value, 0, MAX_BUSINESS_DAYS)
            if days_after is None:
                errors[name] = f"a whole number of business days from 0 to {MAX_BUSINESS_DAYS}"
            else:
                after[outcome] = days_after
    changes["business_days_after"] = after

    for name, high in (("reached_next_days", MAX_NEXT_DAYS), ("keep_warm_days", MAX_CADENCE_DAYS)):
        if (value := text(name)) is not None:
            number = _whole(value, 1, high)
            if number is None:
                errors[name] = f"a whole number of days from 1 to {high}"
            else:
                changes[name] = number

    if (value := text("thank_you_template")) is not None:
        if not value:
            errors["thank_you_template"] = "the template cannot be empty"
        elif len(value) > MAX_TEMPLATE:
            errors["thank_you_template"] = f"at most {MAX_TEMPLATE} characters"
        else:
            changes["thank_you_template"] = value

    if errors:
        raise FormErrors(errors)
    return replace(current, **changes)
