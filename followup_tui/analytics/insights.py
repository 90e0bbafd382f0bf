"""Insights (PRODUCT.md section 2): how the search is going, as series a chart can draw.

One pass over a snapshot gives every series of the insights screen and of
``followup-tui stats``:

* the reached rate of phone calls by hour of day, in each contact's own zone (a contact without a
  zone counts in the user's), and by weekday, with the number of calls behind each bar;
* the reached rate with the caller ID hidden and shown (``analytics.stats.caller_id_stats``), with
  Wilson 95% intervals;
* how many attempts (of any channel) it took to reach each person the first time, as a
  histogram, with the median;
* per month, how many keep-warm contacts were within their cadence at the month's end;
* the activity of the last 12 weeks: calls, e-mails, and attempts that reached the person.

A person is *reached* by a call answered (outcome ``reached``) or a meeting (``met``); a reply to
an e-mail is not counted as reaching them. Each series carries a one-line reading in plain words
that never claims more than the counts carry: a difference that lies inside the 95% intervals is
called "no clear difference".

Pure functions: the current instant and the user's zone are passed in; attempts of contacts no
longer in the snapshot are not counted anywhere, nor is a call at the calendar's very edge
(0001-01-01 or 9999-12-31) that has no wall clock in its contact's zone.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from operator import attrgetter
from typing import Any
from zoneinfo import ZoneInfo

from followup_tui.analytics.stats import CallerIdStats, wilson_interval
from followup_tui.domain.models import Attempt, Contact
from followup_tui.domain.rules import next_business_day_on_or_after
from followup_tui.domain.snapshot import Snapshot
from followup_tui.domain.vocab import MONTH_NAMES, WEEKDAY_NAMES
from followup_tui.domain.zones import contact_zone_name, zone

HOUR_NAMES: tuple[str, ...] = tuple(f"{h:02d}:00-{(h + 1) % 24:02d}:00" for h in range(24))
#: Outcomes where the user spoke with the person.
REACHED_OUTCOMES: frozenset[str] = frozenset({"reached", "met"})
#: An hour or a weekday needs this many calls before a reading names it as the best.
MIN_CALLS_TO_NAME = 10
#: Weeks of activity shown, the current one last.
ACTIVITY_WEEKS = 12
#: Months of keep-warm adherence shown, the current one last.
ADHERENCE_MONTHS = 6
#: Bins of the attempts-until-first-reached histogram: (label, lowest, highest or None).
FIRST_REACHED_BINS: tuple[tuple[str, int, int | None], ...] = (
    ("1", 1, 1),
    ("2", 2, 2),
    ("3", 3, 3),
    ("4-5", 4, 5),
    ("6-9", 6, 9),
    ("10-19", 10, 19),
    ("20-39", 20, 39),
    ("40+", 40, None),
)


_at = attrgetter("at")


def percent(value: float) -> str:
    """``0.237`` -> ``"24%"``."""
    return f"{round(100 * value)}%"


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {plural or word + 's'}"


@dataclass(frozen=True, slots=True)
class Rate:
    """Calls and how many of them reached the person."""

    calls: int = 0
    reached: int = 0

    @property
    def rate(self) -> float | None:
        """``reached / calls`` (0..1); None without calls."""
        return self.reached / self.calls if self.calls else None

    @property
    def interval(self) -> tuple[float, float] | None:
        """Wilson 95% interval of the rate; None without calls."""
        return wilson_interval(self.reached, self.calls)

    def to_json(self) -> dict[str, Any]:
        interval = self.interval
        return {
            "calls": self.calls,
            "reached": self.reached,
            "rate": _round(self.rate),
            "low": _round(interval[0]) if interval else None,
            "high": _round(interval[1]) if interval else None,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


@dataclass(frozen=True, slots=True)
class Series:
    """Labelled counts (one bar each) and the plain reading under the chart."""

    labels: tuple[str, ...]
    reading: str


@dataclass(frozen=True, slots=True)
class RateSeries(Series):
    """Reached rates, one per label (hour of day, weekday)."""

    rates: tuple[Rate, ...] = ()
    overall: Rate = Rate()

    def to_json(self) -> dict[str, Any]:
        return {
            "reading": self.reading,
            "overall": self.overall.to_json(),
            "bars": [
                {"label": label, **rate.to_json()}
                for label, rate in zip(self.labels, self.rates, strict=True)
            ],
        }


@dataclass(frozen=True, slots=True)
class CallerIdSeries:
    """Reached rate with the caller ID hidden and shown."""

    stats: CallerIdStats
    reading: str

    @property
    def hidden(self) -> Rate:
        return Rate(self.stats.hidden_attempts, self.stats.hidden_reached)

    @property
    def shown(self) -> Rate:
        return Rate(self.stats.shown_attempts, self.stats.shown_reached)

    def to_json(self) -> dict[str, Any]:
        return {
            "reading": self.reading,
            "hidden": self.hidden.to_json(),
            "shown": self.shown.to_json(),
        }


@dataclass(frozen=True, slots=True)
class FirstReachedSeries(Series):
    """People per number of attempts it took to reach them the first time."""

    counts: tuple[int, ...] = ()
    """People per bin of ``FIRST_REACHED_BINS``."""
    attempts: tuple[int, ...] = ()
    """Attempts it took for each person reached, in ascending order."""
    median: int | None = None
    """Half the people reached took this many attempts or more; None if nobody was reached."""
    not_reached: int = 0
    """People tried at least once and never reached."""

    def to_json(self) -> dict[str, Any]:
        return {
            "reading": self.reading,
            "median": self.median,
            "reached_people": len(self.attempts),
            "not_reached_people": self.not_reached,
            "bars": [
                {"label": label, "people": count}
                for label, count in zip(self.labels, self.counts, strict=True)
            ],
        }


@dataclass(frozen=True, slots=True)
class AdherenceSeries(Series):
    """Keep-warm contacts within their cadence at the end of each month."""

    contacts: tuple[int, ...] = ()
    """Keep-warm contacts that existed at each month's end."""
    on_time: tuple[int, ...] = ()
    """Of those, the ones touched within their cadence (not overdue)."""
    checked_on: tuple[date, ...] = ()
    """The day each month was checked: its last day, or today for the current month."""

    def to_json(self) -> dict[str, Any]:
        return {
            "reading": self.reading,
            "bars": [
                {
                    "label": label,
                    "checked_on": day.isoformat(),
                    "keep_warm": total,
                    "on_time": ok,
                    "rate": _round(ok / total) if total else None,
                }
                for label, day, total, ok in zip(
                    self.labels, self.checked_on, self.contacts, self.on_time, strict=True
                )
            ],
        }


@dataclass(frozen=True, slots=True)
class ActivitySeries(Series):
    """Calls, e-mails and attempts that reached the person, per week (Monday first)."""

    week_starts: tuple[date, ...] = ()
    calls: tuple[int, ...] = ()
    emails: tuple[int, ...] = ()
    reached: tuple[int, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "reading": self.reading,
            "weeks": [
                {"week_of": start.isoformat(), "calls": c, "emails": e, "reached": r}
                for start, c, e, r in zip(
                    self.week_starts, self.calls, self.emails, self.reached, strict=True
                )
            ],
        }


@dataclass(frozen=True, slots=True)
class Insights:
    """Every series of the insights screen, computed at one instant."""

    now: datetime
    user_zone: str
    by_hour: RateSeries
    """24 bars, 00:00 to 23:00 in each contact's zone."""
    by_weekday: RateSeries
    """7 bars, Monday first, in each contact's zone."""
    caller_id: CallerIdSeries
    first_reached: FirstReachedSeries
    adherence: AdherenceSeries
    activity: ActivitySeries
    hour_by_zone: dict[str, tuple[Rate, ...]] = field(default_factory=dict)
    """For each contact zone with calls: 24 rates, 00:00 to 23:00 in that zone, the zones with
    the most calls first."""
    by_zone_reading: str = ""
    """The best hour of one zone's contacts against the other hours of that zone."""

    def readings(self) -> dict[str, str]:
        """The plain reading of each series, by the series' name."""
        return {
            "by_hour": self.by_hour.reading,
            "by_hour_zone": self.by_zone_reading,
            "by_weekday": self.by_weekday.reading,
            "caller_id": self.caller_id.reading,
            "first_reached": self.first_reached.reading,
            "adherence": self.adherence.reading,
            "activity": self.activity.reading,
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "now": self.now.isoformat(),
            "user_zone": self.user_zone,
            "by_hour": self.by_hour.to_json(),
            "by_weekday": self.by_weekday.to_json(),
            "caller_id": self.caller_id.to_json(),
            "first_reached": self.first_reached.to_json(),
            "keep_warm_adherence": self.adherence.to_json(),
            "activity": self.activity.to_json(),
            "by_hour_per_zone": {
                "reading": self.by_zone_reading,
                "zones": {
                    name: [
                        {"label": label, **rate.to_json()}
                        for label, rate in zip(self.by_hour.labels, rates, strict=True)
                    ]
                    for name, rates in self.hour_by_zone.items()
                },
            },
        }


# -- readings -----------------------------------------------------------------------------------


def _interval_text(rate: Rate) -> str:
    interval = rate.interval
    assert interval is not None
    return f"{percent(interval[0])}-{percent(interval[1])}"


#: ``(name, bar, rest name, rest)``: one bar and the calls of its group outside it.
Cell = tuple[str, Rate, str, Rate]


def cells_of(names: Sequence[str], rates: Sequence[Rate], rest_name: str) -> list[Cell]:
    """Each bar with the rest of its series (the other hours, the other days)."""
    total = Rate(sum(r.calls for r in rates), sum(r.reached for r in rates))
    return [
        (name, rate, rest_name, Rate(total.calls - rate.calls, total.reached - rate.reached))
        for name, rate in zip(names, rates, strict=True)
    ]


def rate_reading(cells: Sequence[Cell], overall: Rate, unit: str) -> str:
    """The best bar (with at least ``MIN_CALLS_TO_NAME`` calls) against the rest of its group.

    It is "clearly above" only when the whole 95% interval of the bar lies above the whole
    interval of the rest; a bar that is clearly above wins over a higher one that is not.
    Otherwise the reading says there is no clear difference.
    """
    if not overall.calls:
        return "No calls yet: log calls to see when people pick up."
    assert overall.rate is not None
    candidates = []
    for name, bar, rest_name, rest in cells:
        if bar.calls < MIN_CALLS_TO_NAME or bar.rate is None:
            continue
        clear = _is_clear(bar, rest)
        candidates.append(((clear, bar.rate, bar.calls), name, bar, rest_name, rest))
    if not candidates:
        return (
            f"No {unit} has {MIN_CALLS_TO_NAME} calls yet (overall {percent(overall.rate)} of "
            f"{_plural(overall.calls, 'call')}): too few to tell which {unit} is better."
        )
    (clear, _, _), name, bar, rest_name, rest = max(candidates, key=lambda item: item[0])
    assert bar.rate is not None
    said = (
        f"Best {unit}: {name}, {percent(bar.rate)} reached of {_plural(bar.calls, 'call')} "
        f"(95% {_interval_text(bar)})"
    )
    if not rest.calls or rest.rate is None:
        return f"{said}; no calls at {rest_name} to compare with."
    said += (
        f"; {rest_name} {percent(rest.rate)} of {_plural(rest.calls, 'call')} "
        f"(95% {_interval_text(rest)})"
    )
    return f"{said}: {'clearly above' if clear else 'no clear difference'}."


def _is_clear(bar: Rate, rest: Rate) -> bool:
    """Whether the whole 95% interval of ``bar`` lies above the whole interval of ``rest``."""
    bar_interval, rest_interval = bar.interval, rest.interval
    return (
        bar_interval is not None
        and rest_interval is not None
        and bar_interval[0] > rest_interval[1]
    )


def zone_reading(per_zone: dict[str, tuple[Rate, ...]], overall: Rate) -> str:
    """Each zone's best hour that is clearly above the other hours of that zone (at most one
    per zone, the highest rate first); without any, the best hour of any zone, said plainly."""
    cells_by_zone = {
        name: cells_of(
            [f"{hour} in {place_name(name)}" for hour in HOUR_NAMES],
            rates,
            f"other hours in {place_name(name)}",
        )
        for name, rates in per_zone.items()
    }
    peaks: list[tuple[float, str, Rate]] = []
    for cells in cells_by_zone.values():
        clear = [
            (bar.rate, name, bar)
            for name, bar, _, rest in cells
            if bar.calls >= MIN_CALLS_TO_NAME and bar.rate is not None and _is_clear(bar, rest)
        ]
        if clear:
            peaks.append(max(clear, key=lambda item: item[0]))
    if not peaks:
        every = [cell for cells in cells_by_zone.values() for cell in cells]
        return rate_reading(every, overall, "hour")
    peaks.sort(key=lambda item: -item[0])
    named = ", ".join(
        f"{name} ({percent(rate)} of {_plural(bar.calls, 'call')}, 95% {_interval_text(bar)})"
        for rate, name, bar in peaks
    )
    return f"Clearly above the other hours of their zone: {named}."


def caller_id_reading(stats: CallerIdStats) -> str:
    hidden = Rate(stats.hidden_attempts, stats.hidden_reached)
    shown = Rate(stats.shown_attempts, stats.shown_reached)
    if not hidden.calls and not shown.calls:
        return "No calls with the caller ID recorded yet."
    if not hidden.calls or not shown.calls:
        missing = "hidden" if not hidden.calls else "shown"
        return f"No calls with the number {missing} yet: nothing to compare."
    assert hidden.rate is not None and shown.rate is not None
    said = (
        f"Hidden {percent(hidden.rate)} of {_plural(hidden.calls, 'call')} "
        f"(95% {_interval_text(hidden)}), shown {percent(shown.rate)} of "
        f"{_plural(shown.calls, 'call')} (95% {_interval_text(shown)})"
    )
    if _is_clear(hidden, shown):
        return f"{said}: hiding the number clearly reached more people."
    if _is_clear(shown, hidden):
        return f"{said}: showing the number clearly reached more people."
    return f"{said}: no clear difference."


def first_reached_reading(attempts: Sequence[int], median: int | None, not_reached: int) -> str:
    waiting = f"; {_plural(not_reached, 'person', 'people')} not reached yet" if not_reached else ""
    if median is None:
        if not_reached:
            return f"Nobody reached yet{waiting}."
        return "Nobody tried yet."
    if len(attempts) == 1:
        return f"The one person you reached took {_plural(median, 'attempt')}{waiting}."
    return (
        f"Half the people you reached took {median} or more attempts "
        f"({len(attempts)} people reached{waiting})."
    )


def adherence_reading(
    labels: Sequence[str], contacts: Sequence[int], on_time: Sequence[int]
) -> str:
    total = sum(contacts)
    if not total:
        return "No keep-warm contacts yet."
    ok = sum(on_time)
    latest = f"{labels[-1]} so far: {on_time[-1]} of {_plural(contacts[-1], 'keep-warm contact')}"
    return (
        f"{latest} within their cadence; over {len(labels)} months "
        f"{percent(ok / total)} ({ok} of {total} month-ends)."
    )


def activity_reading(calls: Sequence[int], emails: Sequence[int], reached: Sequence[int]) -> str:
    weeks = len(calls)
    total_calls, total_emails, total_reached = sum(calls), sum(emails), sum(reached)
    if not (total_calls or total_emails or total_reached):
        return f"Nothing logged in the last {weeks} weeks."
    return (
        f"Last {weeks} weeks: {_plural(total_calls, 'call')}, "
        f"{_plural(total_emails, 'e-mail')}, reached {_plural(total_reached, 'time')}; "
        f"this week {_plural(calls[-1], 'call')}, {_plural(emails[-1], 'e-mail')}."
    )


# -- computing ----------------------------------------------------------------------------------


def _rate_series(
    labels: tuple[str, ...],
    calls: Sequence[int],
    reached: Sequence[int],
    cells: list[Cell],
    unit: str,
) -> RateSeries:
    """Bars labelled ``labels``; the reading picks among ``cells``."""
    overall = Rate(sum(calls), sum(reached))
    return RateSeries(labels, rate_reading(cells, overall, unit), _rates(calls, reached), overall)


def _rates(calls: Sequence[int], reached: Sequence[int]) -> tuple[Rate, ...]:
    return tuple(Rate(c, r) for c, r in zip(calls, reached, strict=True))


def place_name(zone_name: str) -> str:
    """``America/Los_Angeles`` -> ``Los Angeles``."""
    return zone_name.rsplit("/", 1)[-1].replace("_", " ")


def _first_reached(per_contact: Iterable[Sequence[Attempt]]) -> FirstReachedSeries:
    took: list[int] = []
    not_reached = 0
    for attempts in per_contact:
        if not attempts:
            continue
        for n, attempt in enumerate(attempts, 1):
            if attempt.outcome in REACHED_OUTCOMES:
                took.append(n)
                break
        else:
            not_reached += 1
    took.sort()
    counts = [0] * len(FIRST_REACHED_BINS)
    for n in took:
        for i, (_, low, high) in enumerate(FIRST_REACHED_BINS):
            if n >= low and (high is None or n <= high):
                counts[i] += 1
                break
    # Half the people took ``median`` or more: the upper median.
    median = took[len(took) // 2] if took else None
    labels = tuple(label for label, _, _ in FIRST_REACHED_BINS)
    return FirstReachedSeries(
        labels,
        first_reached_reading(took, median, not_reached),
        tuple(counts),
        tuple(took),
        median,
        not_reached,
    )


def _month_ends(today: date, months: int) -> list[tuple[str, date]]:
    """``(label, day checked)`` of the last ``months`` months, the current one (checked today)
    last."""
    out: list[tuple[str, date]] = []
    year, month = today.year, today.month
    for back in range(months):
        if back == 0:
            day = today
        else:
            first_next = date(year, month, 1)
            day = first_next - timedelta(days=1)
            year, month = day.year, day.month
        out.append((MONTH_NAMES[day.month - 1], day))
    out.reverse()
    return out


def _local_day(at: datetime, tz: ZoneInfo) -> date:
    """The day of ``at`` in ``tz``; the UTC day for an instant at the calendar's edge."""
    try:
        return at.astimezone(tz).date()
    except OverflowError:
        return at.astimezone(UTC).date()


def _adherence(
    keep_warm: Sequence[tuple[Contact, Sequence[datetime]]],
    today: date,
    user_tz: ZoneInfo,
    holidays: frozenset[date],
    months: int = ADHERENCE_MONTHS,
) -> AdherenceSeries:
    """``keep_warm``: each keep-warm contact with the instants of its attempts, ascending.

    A contact counts at a month's end once it exists (created, or first tried, by then); it is
    on time when it is not overdue that day: touched, and the day it is due (the last touch
    plus its cadence, moved to a business day as the follow-up rules do) is that day or later.
    Days are the user's.
    """
    ends = _month_ends(today, months)
    # The instant each checked day ends: the touches before it are those of that day or earlier.
    until = [
        datetime.combine(check + timedelta(days=1), time(0), user_tz).astimezone(UTC)
        for _, check in ends
    ]
    contacts = [0] * len(ends)
    on_time = [0] * len(ends)
    for contact, instants in keep_warm:
        known = [at for at in (contact.created_at, instants[0] if instants else None) if at]
        start = _local_day(min(known), user_tz) if known else today
        for i, (_, check) in enumerate(ends):
            if start > check:
                continue
            contacts[i] += 1
            k = bisect_left(instants, until[i])
            if not k:
                continue
            last_day = _local_day(instants[k - 1], user_tz)
            try:
                due = next_business_day_on_or_after(
                    last_day + timedelta(days=contact.cadence_days), holidays
                )
            except OverflowError:  # a cadence beyond the calendar: never due
                due = date.max
            if due >= check:
                on_time[i] += 1
    labels = tuple(label for label, _ in ends)
    return AdherenceSeries(
        labels,
        adherence_reading(labels, contacts, on_time),
        tuple(contacts),
        tuple(on_time),
        tuple(day for _, day in ends),
    )


def compute_insights(snapshot: Snapshot, user_zone: str, now: datetime) -> Insights:
    """Every series at ``now``; weeks and months are counted in ``user_zone``."""
    user_tz = zone(user_zone)
    today = now.astimezone(user_tz).date()
    holidays = frozenset(snapshot.settings.holidays)
    # Activity: from the Monday ACTIVITY_WEEKS - 1 weeks before this week's, up to now.
    first_monday = today - timedelta(days=today.weekday() + 7 * (ACTIVITY_WEEKS - 1))
    window_start = datetime.combine(first_monday, time(0), user_tz).astimezone(UTC)
    week_calls = [0] * ACTIVITY_WEEKS
    week_emails = [0] * ACTIVITY_WEEKS
    week_reached = [0] * ACTIVITY_WEEKS

    # Phone calls per (weekday * 24 + hour) cell of each zone's wall clock: one count per call
    # in the hot loop; hours, weekdays and zones are summed from the cells afterwards.
    zone_calls: dict[str, list[int]] = {}
    zone_reached: dict[str, list[int]] = {}
    per_contact: list[Sequence[Attempt]] = []
    keep_warm: list[tuple[Contact, list[datetime]]] = []
    reached_outcomes = REACHED_OUTCOMES
    # Phone calls and reached calls by caller ID, for ``CallerIdStats.from_counts``.
    id_calls: dict[str | None, int] = {}
    id_reached: dict[str | None, int] = {}

    for cid, contact in list(snapshot.contacts.items()):
        attempts = snapshot.attempts_for(cid)
        if contact.status == "keep_warm":
            keep_warm.append((contact, [a.at for a in attempts]))
        if not attempts:
            continue
        per_contact.append(attempts)
        tz = zone(contact_zone_name(contact.timezone, user_zone))
        zone_name = tz.key  # an unknown name is binned, and named, as UTC
        cell_calls = zone_calls.get(zone_name)
        cell_reached = zone_reached.get(zone_name)
        if cell_calls is None or cell_reached is None:
            zone_calls[zone_name] = cell_calls = [0] * (7 * 24)
            zone_reached[zone_name] = cell_reached = [0] * (7 * 24)
        for attempt in attempts:
            if attempt.channel == "phone":
                reached = attempt.outcome == "reached"
                caller_id = attempt.caller_id
                id_calls[caller_id] = id_calls.get(caller_id, 0) + 1
                if reached:
                    id_reached[caller_id] = id_reached.get(caller_id, 0) + 1
                try:
                    local = attempt.at.astimezone(tz)
                except OverflowError:  # 0001-01-01 has no wall clock west of Greenwich
                    continue
                cell = local.weekday() * 24 + local.hour
                cell_calls[cell] += 1
                if reached:
                    cell_reached[cell] += 1
        # Attempts are oldest first: the last weeks are the tail of the list.
        for attempt in attempts[bisect_left(attempts, window_start, key=_at) :]:
            at = attempt.at
            if at > now:
                break
            week = (at.astimezone(user_tz).date() - first_monday).days // 7
            channel = attempt.channel
            if channel == "phone":
                week_calls[week] += 1
            elif channel == "email":
                week_emails[week] += 1
            if attempt.outcome in reached_outcomes:
                week_reached[week] += 1

    hour_calls = [0] * 24
    hour_reached = [0] * 24
    day_calls = [0] * 7
    day_reached = [0] * 7
    zone_hour_calls: dict[str, list[int]] = {}
    zone_hour_reached: dict[str, list[int]] = {}
    for zone_name, cell_calls in zone_calls.items():
        cell_reached = zone_reached[zone_name]
        by_hour_calls = zone_hour_calls[zone_name] = [0] * 24
        by_hour_reached = zone_hour_reached[zone_name] = [0] * 24
        for cell, (calls, hits) in enumerate(zip(cell_calls, cell_reached, strict=True)):
            if not calls:
                continue
            weekday, hour = divmod(cell, 24)
            by_hour_calls[hour] += calls
            by_hour_reached[hour] += hits
            day_calls[weekday] += calls
            day_reached[weekday] += hits
        for hour in range(24):
            hour_calls[hour] += by_hour_calls[hour]
            hour_reached[hour] += by_hour_reached[hour]

    caller_ids = CallerIdStats.from_counts(id_calls, id_reached)
    hour_labels = tuple(f"{h:02d}" for h in range(24))
    busiest = sorted(
        (name for name, calls in zone_hour_calls.items() if any(calls)),
        key=lambda name: (-sum(zone_hour_calls[name]), name),
    )
    per_zone = {name: _rates(zone_hour_calls[name], zone_hour_reached[name]) for name in busiest}
    hour_cells = cells_of(HOUR_NAMES, _rates(hour_calls, hour_reached), "other hours")
    week_starts = tuple(first_monday + timedelta(weeks=w) for w in range(ACTIVITY_WEEKS))
    return Insights(
        now=now,
        user_zone=user_zone,
        by_hour=_rate_series(hour_labels, hour_calls, hour_reached, hour_cells, "hour"),
        by_weekday=_rate_series(
            WEEKDAY_NAMES,
            day_calls,
            day_reached,
            cells_of(WEEKDAY_NAMES, _rates(day_calls, day_reached), "other days"),
            "weekday",
        ),
        caller_id=CallerIdSeries(caller_ids, caller_id_reading(caller_ids)),
        first_reached=_first_reached(per_contact),
        adherence=_adherence(keep_warm, today, user_tz, holidays),
        activity=ActivitySeries(
            tuple(f"{start.day} {MONTH_NAMES[start.month - 1]}" for start in week_starts),
            activity_reading(week_calls, week_emails, week_reached),
            week_starts,
            tuple(week_calls),
            tuple(week_emails),
            tuple(week_reached),
        ),
        hour_by_zone=per_zone,
        # Patterns of people that the mix of all zones blurs (early in Chicago, just after
        # lunch in San Francisco) show in their own zone.
        by_zone_reading=zone_reading(per_zone, Rate(sum(hour_calls), sum(hour_reached))),
    )


# -- text ---------------------------------------------------------------------------------------

#: The title of each series, on the screen and on the command line.
TITLES: dict[str, str] = {
    "by_hour": "Reached rate by hour of day (in each contact's time)",
    "by_hour_zone": "Reached rate by hour, per contact zone",
    "by_weekday": "Reached rate by weekday (in each contact's time)",
    "caller_id": "Caller ID hidden vs shown",
    "first_reached": "Attempts until first reached",
    "adherence": "Keep-warm within cadence, month ends",
    "activity": f"Activity of the last {ACTIVITY_WEEKS} weeks",
}


def _rates_line(labels: Sequence[str], rates: Sequence[Rate]) -> str:
    return " · ".join(
        f"{label} {percent(rate.rate)} of {rate.calls}"
        for label, rate in zip(labels, rates, strict=True)
        if rate.calls and rate.rate is not None
    )


def text_report(insights: Insights) -> str:
    """``followup-tui stats``: each series' title, its numbers on one line, and its reading."""
    ins = insights
    first = ins.first_reached
    adherence = ins.adherence
    activity = ins.activity
    numbers = {
        "by_hour": _rates_line(ins.by_hour.labels, ins.by_hour.rates),
        "by_hour_zone": "\n  ".join(
            f"{name}: {_rates_line(ins.by_hour.labels, rates)}"
            for name, rates in ins.hour_by_zone.items()
        ),
        "by_weekday": _rates_line(ins.by_weekday.labels, ins.by_weekday.rates),
        "caller_id": _rates_line(("hidden", "shown"), (ins.caller_id.hidden, ins.caller_id.shown)),
        "first_reached": " · ".join(
            f"{label}: {count}" for label, count in zip(first.labels, first.counts, strict=True)
        ),
        "adherence": " · ".join(
            f"{label} {ok} of {total}"
            for label, ok, total in zip(
                adherence.labels, adherence.on_time, adherence.contacts, strict=True
            )
        ),
        "activity": " · ".join(
            f"{label}: {c}/{e}/{r}"
            for label, c, e, r in zip(
                activity.labels, activity.calls, activity.emails, activity.reached, strict=True
            )
        ),
    }
    notes = {
        "first_reached": "attempts: people",
        "adherence": "on time of keep-warm",
        "activity": "week of: calls/e-mails/reached",
    }
    lines = [f"Insights at {ins.now:%Y-%m-%d %H:%M} UTC (weeks and months in {ins.user_zone})"]
    for key, reading in ins.readings().items():
        lines.append("")
        lines.append(TITLES[key])
        if numbers[key]:
            note = f" ({notes[key]})" if key in notes else ""
            lines.append(f"  {numbers[key]}{note}")
        lines.append(f"  {reading}")
    return "\n".join(lines) + "\n"
