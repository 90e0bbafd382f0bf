"""Reachability (PRODUCT.md section 6): when does a contact pick up the phone?

Phone attempts are binned by (weekday, hour) of the local wall clock in the contact's zone,
converted from the stored UTC instants with stdlib ``zoneinfo`` (zones resolved once through
``domain.zones.zone``). On daylight-saving days the local day has 23 or 25 hours; a call is
binned by the wall-clock hour it happened at, so the repeated 01:00 hour of a fall-back night
collects both calls and the skipped 02:00 hour of a spring-forward night stays empty.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from followup_tui.domain.models import Attempt, Settings
from followup_tui.domain.snapshot import Mark, Snapshot
from followup_tui.domain.vocab import WEEKDAY_NAMES
from followup_tui.domain.zones import contact_zone_name, zone

WEEKDAYS = WEEKDAY_NAMES

#: Weight (in pseudo-calls) of the wider rate when smoothing a contact's own rate (at each step):
#: strong, so that one lucky call (1 of 1) stays close to what is known of everyone.
SMOOTHING_K = 8.0
#: Weight (in pseudo-calls) of the overall rate when smoothing the all-contacts rate of a slot:
#: a slot needs about this many calls before its own rate counts for half.
SMOOTHING_K_ALL = 10.0
#: Score added to a slot the contact was never called in, while the record is thin (no proven
#: hour): the advice is to experiment. Large enough that one lucky call (1 of 1) does not keep
#: the suggestion on its slot when the reached rate of everyone is above about 1 in 6.
EXPLORE_BONUS = 0.3
#: An hour of the day is *proven* for a contact when they were reached in it at least this often
#: (on any weekdays)...
PROVEN_REACHES = 2
#: ...in at least this share of the calls made in it.
PROVEN_RATE = 0.25
#: The night, in the contact's time: nothing is suggested from 21:00 to 07:00 unless the person
#: was reached in that hour at least ``PROVEN_REACHES`` times.
NIGHT_FROM, NIGHT_UNTIL = 21, 7
#: Score taken off per day a slot lies ahead, so a slightly better slot next week does not beat
#: a good one today.
DELAY_PENALTY_PER_DAY = 0.03
#: How far ahead ``suggest_slot`` looks, in days (one week covers every weekday once).
LOOKAHEAD_DAYS = 7


def _empty() -> list[list[int]]:
    return [[0] * 24 for _ in range(7)]


@dataclass
class ReachGrid:
    """Phone attempts per weekday (Mon=0..Sun=6) × hour (0..23) of a local wall clock."""

    attempts: list[list[int]] = field(default_factory=_empty)
    """``attempts[weekday][hour]``: calls made in that cell."""
    reached: list[list[int]] = field(default_factory=_empty)
    """``reached[weekday][hour]``: calls in that cell that reached the person."""

    def add(self, weekday: int, hour: int, reached: bool) -> None:
        self.attempts[weekday][hour] += 1
        if reached:
            self.reached[weekday][hour] += 1

    def remove(self, weekday: int, hour: int, reached: bool) -> None:
        """Undo ``add`` (counts never go below zero)."""
        if self.attempts[weekday][hour] > 0:
            self.attempts[weekday][hour] -= 1
        if reached and self.reached[weekday][hour] > 0:
            self.reached[weekday][hour] -= 1

    def cell(self, weekday: int, hour: int) -> tuple[int, int]:
        """``(attempts, reached)`` of one cell."""
        return self.attempts[weekday][hour], self.reached[weekday][hour]

    def merge(self, other: ReachGrid) -> None:
        """Add every count of ``other`` to this grid."""
        for w in range(7):
            mine_a, mine_r = self.attempts[w], self.reached[w]
            their_a, their_r = other.attempts[w], other.reached[w]
            for h in range(24):
                mine_a[h] += their_a[h]
                mine_r[h] += their_r[h]

    @property
    def total_attempts(self) -> int:
        return sum(map(sum, self.attempts))

    @property
    def total_reached(self) -> int:
        return sum(map(sum, self.reached))


def local_cell(at: datetime, tz: ZoneInfo) -> tuple[int, int]:
    """(weekday, hour) of the wall clock in ``tz`` at the instant ``at``."""
    local = at.astimezone(tz)
    return local.weekday(), local.hour


def _bin_into(grid: ReachGrid, attempts: Iterable[Attempt], tz: ZoneInfo) -> None:
    grid_a, grid_r = grid.attempts, grid.reached
    for attempt in attempts:
        if attempt.channel != "phone":
            continue
        local = attempt.at.astimezone(tz)
        w = local.weekday()
        h = local.hour
        grid_a[w][h] += 1
        if attempt.outcome == "reached":
            grid_r[w][h] += 1


def bin_attempts(attempts: Iterable[Attempt], zone_name: str) -> ReachGrid:
    """A grid of the phone attempts among ``attempts``, in the zone ``zone_name``."""
    grid = ReachGrid()
    _bin_into(grid, attempts, zone(zone_name))
    return grid


def add_attempt(grid: ReachGrid, attempt: Attempt, zone_name: str) -> None:
    """Add one attempt to ``grid`` in place (ignored unless it is a phone call)."""
    _bin_into(grid, (attempt,), zone(zone_name))


def remove_attempt(grid: ReachGrid, attempt: Attempt, zone_name: str) -> None:
    """Take one attempt out of ``grid`` (the inverse of ``add_attempt``)."""
    if attempt.channel != "phone":
        return
    w, h = local_cell(attempt.at, zone(zone_name))
    grid.remove(w, h, attempt.outcome == "reached")


def bin_marks(
    grid: ReachGrid, marks: Iterable[Mark], zone_name: str, also: ReachGrid | None = None
) -> None:
    """Add the phone calls among ``marks`` (``Snapshot.attempt_marks``) to ``grid`` in place,
    in the zone ``zone_name`` (and to ``also``, when given: everyone's grid): the same cells as
    ``bin_attempts`` on the attempts themselves, without building them (``followup-tui due``)."""
    tz = zone(zone_name)
    calls, reached = grid.attempts, grid.reached
    # Both grids in one step per call (``followup-tui due`` bins every call of the file).
    others = also if also is not None else ReachGrid()
    all_calls, all_reached = others.attempts, others.reached
    for at, _id, outcome, channel in marks:
        if channel == "phone":
            local = at.astimezone(tz)
            w = local.weekday()
            h = local.hour
            calls[w][h] += 1
            all_calls[w][h] += 1
            if outcome == "reached":
                reached[w][h] += 1
                all_reached[w][h] += 1


def grid_for_all(snapshot: Snapshot, user_zone: str) -> ReachGrid:
    """Every contact's phone attempts, each binned in that contact's own zone.

    A contact without a known zone is binned in ``user_zone``.
    """
    grid = ReachGrid()
    for cid, contact in snapshot.contacts.items():
        attempts = snapshot.attempts_for(cid)
        if attempts:
            _bin_into(grid, attempts, zone(contact_zone_name(contact.timezone, user_zone)))
    return grid


# -- suggestion ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """The slot to call in next."""

    weekday: int
    """Mon=0..Sun=6, in the contact's zone."""
    hour: int
    """Start hour of the one-hour slot, in the contact's zone."""
    start: datetime
    """When the slot starts (or ``now`` if it is under way), UTC."""
    text: str
    """E.g. ``"try Tue 16:00–17:00 ET (reached 3 of 4)"``."""
    attempts: int = 0
    """The contact's past calls in this weekday × hour cell."""
    reached: int = 0
    score: float = 0.0
    end: datetime | None = None
    """When the slot ends, UTC (None only for a Suggestion built by hand)."""
    never_tried: bool = False
    """The contact was never called at this hour, on any day."""
    note: str = ""
    """What the suggestion rests on: ``"reached 3 of 4"``, ``"at 16:00 any day: reached 3 of
    4"``, ``"never tried"``."""


def zone_abbreviation(tz: ZoneInfo, at: datetime) -> str:
    """A short name of the zone: generic for North America (ET, CT, MT, PT), else tzname."""
    name = at.astimezone(tz).tzname() or ""
    generic = {
        "EST": "ET",
        "EDT": "ET",
        "CST": "CT",
        "CDT": "CT",
        "MST": "MT",
        "MDT": "MT",
        "PST": "PT",
        "PDT": "PT",
    }
    if name in generic:
        return generic[name]
    if name and name[0] in "+-":
        return f"UTC{name}"
    return name or str(tz.key)


def part_of_day(hour: int) -> str:
    """How the advice names a time of day."""
    if hour < 9:
        return "an early morning"
    if hour < 12:
        return "a morning"
    if hour < 14:
        return "just after lunch"
    if hour < 16:
        return "an afternoon"
    return "late in the day"


#: The hours of each part of the day (``part_of_day``).
_PART_HOURS: dict[str, tuple[int, ...]] = {
    part: tuple(h for h in range(24) if part_of_day(h) == part)
    for part in {part_of_day(h) for h in range(24)}
}


def slot_score(
    reached: int,
    attempts: int,
    hour_reached: int,
    hour_attempts: int,
    all_reached: int,
    all_attempts: int,
    overall_rate: float,
    *,
    k: float = SMOOTHING_K,
    k_all: float = SMOOTHING_K_ALL,
    explore_bonus: float = EXPLORE_BONUS,
) -> float:
    """Score of one weekday × hour slot for one contact: a smoothed reached rate, plus a bonus.

    Rates are smoothed step by step (a Beta prior worth ``k`` pseudo-calls at each step), so a
    slot with few calls leans on the wider evidence:

    1. ``p_all = (R + k_all·p0) / (A + k_all)`` — all contacts in this weekday × hour (``R``
       reached of ``A`` calls), toward ``p0``, the overall reached rate of all contacts;
    2. ``p_hour = (r_h + k·p_all) / (a_h + k)`` — this contact at this hour on any weekday
       (people keep daily habits: the early bird is early every day), toward ``p_all``;
    3. ``p = (r + k·p_hour) / (a + k)`` — this contact in this very slot, toward ``p_hour``.

    The score is ``p``, plus an exploration bonus when the contact was never called in the slot
    (``a == 0``) — the advice is to experiment with new times: ``explore_bonus / (1 + a_h)``,
    the full bonus for an hour never tried on any day, less for a new weekday at an hour
    already known, so a slot that worked is not dropped for a near copy of it.
    """
    p_all = (all_reached + k_all * overall_rate) / (all_attempts + k_all)
    p_hour = (hour_reached + k * p_all) / (hour_attempts + k)
    p = (reached + k * p_hour) / (attempts + k)
    if attempts == 0:
        p += explore_bonus / (1 + hour_attempts)
    return p


@dataclass(frozen=True, slots=True)
class Prior:
    """The all-contacts side of ``slot_score``, worked out once for many contacts."""

    k_all: float
    overall: float
    """``p0 = (R_all + 1) / (A_all + 2)``."""
    p_all: list[list[float]]
    """``p_all[weekday][hour] = (R + k_all·p0) / (A + k_all)``."""


def prior_of(all_grid: ReachGrid, k_all: float = SMOOTHING_K_ALL) -> Prior:
    """The smoothed reached rate of all contacts in every weekday × hour slot."""
    overall = (all_grid.total_reached + 1) / (all_grid.total_attempts + 2)
    lean = k_all * overall
    p_all = [
        [(r + lean) / (a + k_all) for a, r in zip(all_a, all_r, strict=True)]
        for all_a, all_r in zip(all_grid.attempts, all_grid.reached, strict=True)
    ]
    return Prior(k_all, overall, p_all)


def _hour_totals(grid: ReachGrid) -> tuple[list[int], list[int]]:
    """Calls and reaches per hour of the day, over all weekdays."""
    return list(map(sum, zip(*grid.attempts, strict=True))), list(
        map(sum, zip(*grid.reached, strict=True))
    )


def _allowed(hour_reached: Sequence[int], settings: Settings) -> list[int]:
    start = max(0, min(24, settings.work_start_hour))
    end = max(0, min(24, settings.work_end_hour))
    return [
        hour
        for hour in range(24)
        if hour_reached[hour] >= PROVEN_REACHES
        or (start <= hour < end and NIGHT_UNTIL <= hour < NIGHT_FROM)
    ]


def _proven(hour_attempts: Sequence[int], hour_reached: Sequence[int]) -> set[int]:
    return {
        hour
        for hour in range(24)
        if hour_reached[hour] >= PROVEN_REACHES
        and hour_reached[hour] >= PROVEN_RATE * hour_attempts[hour]
    }


def allowed_hours(contact_grid: ReachGrid, settings: Settings) -> list[int]:
    """The hours (of the contact's day) a call may be suggested in: the working hours of
    ``settings`` outside the night, and any hour the contact was reached in at least
    ``PROVEN_REACHES`` times (the early bird reached at 07:30 twice may be called at 07:00;
    a single call at 22:51 is evidence, not proof)."""
    return _allowed(_hour_totals(contact_grid)[1], settings)


def proven_hours(contact_grid: ReachGrid) -> set[int]:
    """Hours the contact was reached in at least ``PROVEN_REACHES`` times, in at least
    ``PROVEN_RATE`` of the calls made in them (on any weekdays)."""
    return _proven(*_hour_totals(contact_grid))


def suggest_slot(
    contact_grid: ReachGrid,
    all_grid: ReachGrid,
    zone_name: str,
    now: datetime,
    settings: Settings,
    *,
    k: float = SMOOTHING_K,
    k_all: float = SMOOTHING_K_ALL,
    explore_bonus: float = EXPLORE_BONUS,
    delay_penalty: float = DELAY_PENALTY_PER_DAY,
    prior: Prior | None = None,
    user_zone: str | None = None,
) -> Suggestion | None:
    """The one-hour slot to call the contact in next (PRODUCT.md section 6).

    Candidates: the ``allowed_hours`` (working hours from ``settings``, in the contact's zone
    ``zone_name``; outside them only hours the person was reached in at least twice; never the
    night on the strength of one call), Monday to Friday, over the next ``LOOKAHEAD_DAYS``
    days, starting with the hour under way at ``now`` if at least 15 minutes of it are left.
    Days in ``settings.holidays`` are skipped.

    When the contact has a *proven* hour among them (``proven_hours``: reached there at least
    twice, in at least a quarter of the calls), only proven hours compete: a person calls when
    they know it works, and a lucky 1 of 1 elsewhere never beats that record. Otherwise the
    record is thin and every candidate competes with an exploration bonus for slots never tried,
    so an untried slot is offered ("never tried") rather than a lone lucky call.

    Each slot scores ``slot_score(...) - delay_penalty · days_ahead`` (smoothed reached rates;
    the overall rate is ``p0 = (R_all + 1) / (A_all + 2)``, Laplace). The best score wins, the
    earliest slot on a tie. ``contact_grid`` and ``all_grid`` are in the contact's local time;
    ``prior`` is ``prior_of(all_grid)`` when the caller has it already (one for many contacts).
    Returns None when no hour is allowed or every day ahead is a holiday.

    With ``user_zone``, slots in the user's own night (``USER_NIGHT``: from 22:00 to 07:00 on
    their clock) are left out too, unless every slot is in it.
    """
    tz = zone(zone_name)
    hour_attempts, hour_reached = _hour_totals(contact_grid)
    hours = _allowed(hour_reached, settings)
    if not hours:
        return None
    proven = _proven(hour_attempts, hour_reached).intersection(hours)
    if proven:
        hours = sorted(proven)
        bonus = 0.0
    else:
        bonus = explore_bonus
    if prior is None or prior.k_all != k_all:
        prior = prior_of(all_grid, k_all)
    now_utc = now.astimezone(UTC)
    # The score of a slot depends on its weekday and hour only (and the days ahead): scored
    # once per weekday. This is ``slot_score`` written out, with the all-contacts rates of
    # ``prior`` (``followup-tui due`` scores hundreds of contacts).
    rows: list[list[float] | None] = [None] * 7
    best: tuple[float, int, int] | None = None  # (score, days ahead, hour)
    holidays = frozenset(settings.holidays)
    user_tz = zone(user_zone) if user_zone is not None else None
    days = _candidates(tz, now_utc, holidays, tuple(hours), user_tz)
    if not days and user_tz is not None:
        days = _candidates(tz, now_utc, holidays, tuple(hours), None)
    attempts_by_day, reached_by_day = contact_grid.attempts, contact_grid.reached
    for offset, weekday, day_hours in days:
        row = rows[weekday]
        if row is None:
            row = [0.0] * 24
            cells_a, cells_r = attempts_by_day[weekday], reached_by_day[weekday]
            p_all = prior.p_all[weekday]
            for h in hours:
                tried_hour = hour_attempts[h]
                p_hour = (hour_reached[h] + k * p_all[h]) / (tried_hour + k)
                tried = cells_a[h]
                p = (cells_r[h] + k * p_hour) / (tried + k)
                if tried == 0:
                    p += bonus / (1 + tried_hour)
                row[h] = p
            rows[weekday] = row
        penalty = delay_penalty * offset
        for hour in day_hours:  # in time order: the earliest slot wins a tie
            score = row[hour] - penalty
            if best is None or score > best[0] + 1e-12:
                best = (score, offset, hour)
    if best is None:
        return None
    score, offset, hour = best
    day = now_utc.astimezone(tz).date() + timedelta(days=offset)
    weekday = day.weekday()
    start_utc, end_utc = _slot(day, hour, tz)
    start = max(start_utc, now_utc)
    attempts, reached = contact_grid.cell(weekday, hour)
    text, note = _suggestion_text(
        contact_grid, tz, start, weekday, hour, hour_attempts, hour_reached
    )
    return Suggestion(
        weekday,
        hour,
        start,
        text,
        attempts,
        reached,
        score,
        end=end_utc,
        never_tried=hour_attempts[hour] == 0,
        note=note,
    )


#: The user's night on their own clock: from 22:00 to 07:00 no call is suggested (when the
#: contact's day allows another time).
USER_NIGHT = (22, 7)


@lru_cache(maxsize=64)
def _candidates(
    tz: ZoneInfo,
    now_utc: datetime,
    holidays: frozenset[date],
    hours: tuple[int, ...],
    user_tz: ZoneInfo | None = None,
) -> tuple[tuple[int, int, tuple[int, ...]], ...]:
    """``(days ahead, weekday, hours)`` of every day whose slots ``suggest_slot`` weighs, and
    those slots' hours, in time order: business days of the next ``LOOKAHEAD_DAYS`` in ``tz``
    (not ``holidays``), at ``hours``, without the slots of today that are over or have under
    15 minutes left at ``now_utc``, and (``user_tz``) without those that start in the user's
    night. A day with no slot left is not listed.
    Cached: ``followup-tui due`` asks the same for hundreds of contacts."""
    today = now_utc.astimezone(tz).date()
    out = []
    for offset in range(LOOKAHEAD_DAYS + 1):
        day = today + timedelta(days=offset)
        weekday = day.weekday()
        if weekday >= 5 or day in holidays:
            continue
        kept = []
        for hour in hours:
            start, end = _slot(day, hour, tz)
            if offset == 0 and end - now_utc < timedelta(minutes=15):
                continue
            if user_tz is not None:
                user_hour = max(start, now_utc).astimezone(user_tz).hour
                if user_hour >= USER_NIGHT[0] or user_hour < USER_NIGHT[1]:
                    continue
            kept.append(hour)
        if kept:
            out.append((offset, weekday, tuple(kept)))
    return tuple(out)


@lru_cache(maxsize=4096)
def _slot(day: date, hour: int, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """Start and end (UTC) of the wall-clock hour ``hour`` on ``day`` in ``tz``. On a
    daylight-saving day an hour that does not exist (02:00 in spring) maps to the instant after
    the gap, and the repeated one (01:00 in autumn) to its first pass."""
    start = datetime(day.year, day.month, day.day, hour, tzinfo=tz)
    return start.astimezone(UTC), (start + timedelta(hours=1)).astimezone(UTC)


def _suggestion_text(
    grid: ReachGrid,
    tz: ZoneInfo,
    start: datetime,
    weekday: int,
    hour: int,
    hour_totals: Sequence[int],
    hour_reaches: Sequence[int],
) -> tuple[str, str]:
    """The suggestion in words, and what it rests on (``hour_totals``, ``hour_reaches``: the
    contact's calls and reaches per hour of the day)."""
    hour_attempts, hour_reached = hour_totals[hour], hour_reaches[hour]
    abbr = zone_abbreviation(tz, start)
    window = f"{WEEKDAYS[weekday]} {hour:02d}:00–{(hour + 1) % 24:02d}:00 {abbr}"
    attempts, reached = grid.cell(weekday, hour)
    if attempts and attempts == hour_attempts:
        note = f"reached {reached} of {attempts}"
        return f"try {window} ({note})", note
    if hour_attempts:
        note = f"at {hour:02d}:00 any day: reached {hour_reached} of {hour_attempts}"
        return f"try {window} ({note})", note
    part = part_of_day(hour)
    part_tried = any(hour_totals[h] for h in _PART_HOURS[part])
    if not part_tried:
        return f"try {part}: never tried ({window})", f"{part[part.index(' ') + 1 :]}: never tried"
    return f"try {window}: never tried", "never tried"


@dataclass(frozen=True, slots=True)
class Window:
    """A suggested call window in the contact's time and the user's."""

    start: datetime
    """UTC."""
    end: datetime
    """UTC."""
    theirs: str
    """``"Wed 16:00–17:00 ET"``."""
    yours: str
    """``"Wed 21:00–22:00 GMT"``: the same instants on the user's clock."""


def window_of(suggestion: Suggestion, contact_zone: str, user_zone: str) -> Window:
    """The window of ``suggestion`` in words, in the contact's time and in the user's."""
    ctz, utz = zone(contact_zone), zone(user_zone)
    end = suggestion.end
    if end is None:
        local = suggestion.start.astimezone(ctz).replace(minute=0, second=0, microsecond=0)
        end = (local + timedelta(hours=1)).astimezone(UTC)
    theirs = _window_words(suggestion.start, end, ctz)
    yours = _window_words(suggestion.start, end, utz)
    return Window(suggestion.start, end, theirs, yours)


def _window_words(start: datetime, end: datetime, tz: ZoneInfo) -> str:
    """``"Wed 16:00–17:00 ET"``: the window on the clock of ``tz``."""
    a, b = start.astimezone(tz), end.astimezone(tz)
    return (
        f"{WEEKDAYS[a.weekday()]} {a.hour:02d}:{a.minute:02d}–{b.hour:02d}:{b.minute:02d} "
        f"{zone_abbreviation(tz, start)}"
    )
