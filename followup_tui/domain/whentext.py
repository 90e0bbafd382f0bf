"""When did it happen? Reading the time of an attempt as the user types it.

Accepted, in the user's time zone unless an offset is given:

- ``now``
- ``14:30``, ``9:15``, ``2:30pm``, ``9am`` (today), ``today 14:30``
- ``yesterday 9:15``; ``yesterday`` alone is the same time of day as now, one day back
- ``mon 14:00``, ``monday`` (the most recent such day: today if that time has passed,
  else a week earlier); a bare weekday keeps the time of day of now
- ``2026-11-20 14:00``, ``2026-11-20T14:00:30``, with or without an offset
  (``Z``, ``+01:00``, ``-0500``)
- ``-2h``, ``-30m``, ``-1d``, ``-1h30m``, ``2h ago``, ``45 min ago``

Anything else raises ``FieldError("at", message)``. So do impossible dates (2024-02-30), times
more than a minute in the future, and wall-clock times that do not exist (clocks jump forward) or
happen twice (clocks go back) in the zone: those are never silently shifted, the message says
what to type instead (an explicit offset settles an ambiguous time).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

from followup_tui.domain.text import clean_line
from followup_tui.domain.validation import FieldError
from followup_tui.domain.zones import zone

FIELD = "at"
#: How far into the future a time may lie (clocks differ a little; "now" typed late).
FUTURE_TOLERANCE = timedelta(minutes=1)
MIN_YEAR = 1900
MAX_LEN = 64

EXAMPLES = "e.g. now, 14:30, yesterday 9:15, mon 14:00, 2026-11-20 14:00, -2h"

_WEEKDAYS: dict[str, int] = {}
for _index, _names in enumerate(
    (
        ("mon", "monday"),
        ("tue", "tues", "tuesday"),
        ("wed", "weds", "wednesday"),
        ("thu", "thur", "thurs", "thursday"),
        ("fri", "friday"),
        ("sat", "saturday"),
        ("sun", "sunday"),
    )
):
    for _name in _names:
        _WEEKDAYS[_name] = _index

_TIME = r"(?P<hour>\d{1,2})(?::(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?\s*(?P<ampm>am|pm|a|p)?"
# Patterns compiled on first use (``re`` keeps them), not when the module loads: every
# ``followup-tui log`` loads it, few say when the call was.
_CLOCK = rf"^{_TIME}$"
_DAY_WORD = rf"^(?P<day>[a-z]+)\.?(?:,?\s*(?:at\s+)?{_TIME})?$"
_ABSOLUTE = (
    r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r"(?:(?:\s*t\s*|\s+)(?P<hour>\d{1,2}):(?P<minute>\d{2})"
    r"(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d{1,9}))?)?"
    r"\s*(?P<ampm>am|pm)?"
    r"\s*(?P<offset>z|utc|[+-]\d{2}(?::?\d{2})?)?)?$"
)
_DURATION = (
    r"^(?:(?P<d>\d{1,5})\s*d(?:ays?)?)?\s*"
    r"(?:(?P<h>\d{1,6})\s*h(?:ours?|rs?)?)?\s*"
    r"(?:(?P<m>\d{1,7})\s*m(?:in(?:ute)?s?)?)?$"
)


def _fail(message: str) -> FieldError:
    return FieldError(FIELD, message)


def parse_when(text: str, now: datetime, zone_name: str) -> datetime:
    """Read ``text`` as an instant, relative to ``now``, in the zone ``zone_name``.

    Returns an aware UTC datetime. Raises ``FieldError("at", message)`` for anything that is not
    one well-defined instant in the past (or within a minute of ``now``).
    """
    if now.tzinfo is None:
        raise ValueError("parse_when needs an aware now")
    raw = clean_line(text)
    if not raw:
        raise _fail(f"type when it happened ({EXAMPLES})")
    if len(raw) > MAX_LEN:
        raise _fail(f"that is too long for a time ({EXAMPLES})")
    shown = raw
    key = " ".join(raw.casefold().split())
    tz = zone(zone_name)
    now_utc = now.astimezone(UTC)
    try:
        result = _parse(key, shown, now_utc, tz, zone_name)
    except FieldError:
        raise
    except OverflowError:
        raise _fail(f"{shown!r} is out of range") from None
    except ValueError:
        raise _fail(f"{shown!r} is not a time I can read ({EXAMPLES})") from None
    if result > now_utc + FUTURE_TOLERANCE:
        raise _fail(f"{shown!r} is in the future; log attempts that already happened")
    if result.year < MIN_YEAR:
        raise _fail(f"{shown!r} is too long ago")
    return result


def _parse(key: str, shown: str, now: datetime, tz: tzinfo, zone_name: str) -> datetime:
    if key in ("now", "just now", "right now"):
        return now
    today = now.astimezone(tz).date()

    match = re.match(_CLOCK, key, re.ASCII)
    if match:
        return _resolve(today, _clock(match, shown), tz, zone_name)

    back = _relative(key)
    if back is not None:
        return now - back

    match = re.match(_ABSOLUTE, key, re.ASCII)
    if match:
        return _absolute(match, shown, tz, zone_name)

    match = re.match(_DAY_WORD, key, re.ASCII)
    if match:
        word = match.group("day")
        if match.group("hour") is not None:
            wall = _clock(match, shown)
        else:
            local_now = now.astimezone(tz)
            wall = time(local_now.hour, local_now.minute, local_now.second)
        if word == "today":
            return _resolve(today, wall, tz, zone_name)
        if word == "yesterday":
            return _resolve(today - timedelta(days=1), wall, tz, zone_name)
        if word in _WEEKDAYS:
            days_back = (today.weekday() - _WEEKDAYS[word]) % 7
            day = today - timedelta(days=days_back)
            local_now = now.astimezone(tz).replace(tzinfo=None)
            if days_back == 0 and datetime.combine(day, wall) > local_now + FUTURE_TOLERANCE:
                day -= timedelta(days=7)  # that time has not come yet today: last week's
            return _resolve(day, wall, tz, zone_name)

    raise _fail(f"{shown!r} is not a time I can read ({EXAMPLES})")


def _relative(key: str) -> timedelta | None:
    """``-2h``, ``-1h30m``, ``2 days ago`` as a duration back from now; None if not relative."""
    if key.startswith("-"):
        body = key[1:].strip()
    elif key.endswith("ago"):
        body = key[:-3].strip()
    else:
        return None
    match = re.match(_DURATION, body, re.ASCII)
    if not match or not any(match.group(g) for g in ("d", "h", "m")):
        return None
    return timedelta(
        days=int(match.group("d") or 0),
        hours=int(match.group("h") or 0),
        minutes=int(match.group("m") or 0),
    )


def _clock(match: re.Match[str], shown: str) -> time:
    hour = int(match.group("hour"))
    minute = int(match.group("minute") or 0)
    second = int(match.group("second") or 0)
    ampm = match.group("ampm")
    if ampm is None and match.group("minute") is None:
        # A bare number ("9") is too easy to mistype; ask for 9:00 or 9am.
        raise _fail(f"{shown!r}: write the time as 9:00 or 9am")
    if ampm:
        if not 1 <= hour <= 12:
            raise _fail(f"{shown!r}: with am/pm the hour is 1 to 12")
        hour = hour % 12 + (12 if ampm.startswith("p") else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise _fail(f"{shown!r} is not a time of day (00:00 to 23:59)")
    return time(hour, minute, second)


def _absolute(match: re.Match[str], shown: str, tz: tzinfo, zone_name: str) -> datetime:
    year, month, day = (int(match.group(g)) for g in ("year", "month", "day"))
    if year < MIN_YEAR:
        raise _fail(f"{shown!r} is too long ago")
    try:
        on = date(year, month, day)
    except ValueError:
        raise _fail(f"{shown!r}: there is no such date") from None
    if match.group("hour") is None:
        raise _fail(f"add the time of day: {on.isoformat()} 14:30")
    wall = _clock(match, shown)
    fraction = match.group("fraction")
    if fraction:
        wall = wall.replace(microsecond=int(fraction[:6].ljust(6, "0")))
    offset_text = match.group("offset")
    if offset_text is None:
        return _resolve(on, wall, tz, zone_name)
    if offset_text in ("z", "utc"):
        offset = timedelta(0)
    else:
        digits = offset_text[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
        if hours > 18 or minutes > 59:
            raise _fail(f"{shown!r}: {offset_text} is not a UTC offset")
        offset = timedelta(hours=hours, minutes=minutes)
        if offset_text.startswith("-"):
            offset = -offset
    return datetime.combine(on, wall, tzinfo=timezone(offset)).astimezone(UTC)


def _resolve(on: date, wall: time, tz: tzinfo, zone_name: str) -> datetime:
    """The instant of a wall-clock time in ``tz``; errors for gaps and overlaps."""
    naive = datetime.combine(on, wall)
    first = naive.replace(tzinfo=tz, fold=0)
    second = naive.replace(tzinfo=tz, fold=1)
    off_first, off_second = first.utcoffset(), second.utcoffset()
    if off_first == off_second:
        return first.astimezone(UTC)
    stamp = f"{naive:%Y-%m-%d %H:%M}"
    after = first.astimezone(UTC).astimezone(tz)
    if after.replace(tzinfo=None) != naive:
        before = second.astimezone(UTC).astimezone(tz)
        raise _fail(
            f"{stamp} does not exist in {zone_name} (the clocks jumped forward); "
            f"did you mean {before:%H:%M} or {after:%H:%M}?"
        )
    raise _fail(
        f"{stamp} happened twice in {zone_name} (the clocks went back); add the offset: "
        f"{on.isoformat()} {wall:%H:%M}{_fmt_offset(off_first)} for the first, "
        f"{_fmt_offset(off_second)} for the second"
    )


def _fmt_offset(offset: timedelta | None) -> str:
    total = int((offset or timedelta(0)).total_seconds() // 60)
    sign = "-" if total < 0 else "+"
    hours, minutes = divmod(abs(total), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


def format_when(instant: datetime, zone_name: str) -> str:
    """An instant as the user would type it back: ``2026-11-20 14:00`` in their zone.

    Wall-clock times that happen twice carry their offset so they parse back to the same instant.
    """
    tz = zone(zone_name)
    local = instant.astimezone(tz)
    text = f"{local:%Y-%m-%d %H:%M}"
    if local.second:
        text += f":{local.second:02d}"
    other = local.replace(fold=1 - local.fold)
    if other.utcoffset() != local.utcoffset():
        text += _fmt_offset(local.utcoffset())
    return text


MAX_DURATION_S = 24 * 3600
_DURATION_CLOCK = r"^(?:(?P<h>\d{1,2}):)?(?P<m>\d{1,4}):(?P<s>\d{2})$"


def parse_duration(text: str) -> int | None:
    """A call's length as typed: blank (None), seconds (``95``), ``m:ss`` or ``h:mm:ss``.

    Raises ``FieldError("duration_s", message)`` for anything else.
    """
    raw = clean_line(text)
    if not raw:
        return None
    key = raw.casefold().removesuffix("s").strip()  # "95s" is 95 seconds
    match = re.match(_DURATION_CLOCK, raw, re.ASCII)
    if key.isascii() and key.isdigit() and len(key) <= 6:
        seconds = int(key)
    elif match and _clock_duration_ok(match):
        seconds = int(match.group("h") or 0) * 3600 + int(match.group("m")) * 60
        seconds += int(match.group("s"))
    else:
        raise FieldError(
            "duration_s", f"{raw[:40]!r} is not a duration: seconds (95) or m:ss (1:35)"
        )
    if seconds > MAX_DURATION_S:
        raise FieldError("duration_s", "a call is at most 24 hours long")
    return seconds


def _clock_duration_ok(match: re.Match[str]) -> bool:
    if int(match.group("s")) > 59:
        return False
    return not (match.group("h") and int(match.group("m")) > 59)
