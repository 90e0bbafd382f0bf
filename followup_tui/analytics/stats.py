"""Statistics over attempts: caller ID hidden vs shown (PRODUCT.md section 7), outcome counts.

Pure functions over ``Attempt`` records; the current instant is always passed in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from followup_tui.domain.models import Attempt
from followup_tui.domain.vocab import CHANNELS, OUTCOMES

#: A contact who saw the user's number this many times within ``SHOWN_WINDOW_DAYS`` gets a
#: warning: many calls from one visible number look like stalking.
SHOWN_WARNING_AT = 3
SHOWN_WINDOW_DAYS = 7


#: z of a two-sided 95% interval.
Z95 = 1.959963984540054


def wilson_interval(successes: int, trials: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval (0..1) of a rate of ``successes`` in ``trials``; None without
    trials. Unlike ``rate ± z·se`` it stays inside 0..1 and is honest for small counts: 1 of 2
    gives about 9%–91%, 0 of 10 about 0%–28%."""
    if trials <= 0:
        return None
    p = successes / trials
    z2 = z * z
    denominator = 1 + z2 / trials
    centre = (p + z2 / (2 * trials)) / denominator
    half = z * ((p * (1 - p) / trials + z2 / (4 * trials * trials)) ** 0.5) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def _percent(reached: int, attempts: int) -> str:
    if attempts == 0:
        return "no calls"
    return f"{round(100 * reached / attempts)}% ({reached} of {attempts})"


@dataclass(frozen=True, slots=True)
class CallerIdStats:
    """Phone calls and how many reached the person, with the caller ID hidden and shown.

    Calls whose caller ID was not recorded count in neither group.
    """

    hidden_attempts: int = 0
    hidden_reached: int = 0
    shown_attempts: int = 0
    shown_reached: int = 0

    @property
    def hidden_rate(self) -> float | None:
        """Reached rate of hidden-number calls (0..1); None without such calls."""
        if not self.hidden_attempts:
            return None
        return self.hidden_reached / self.hidden_attempts

    @property
    def shown_rate(self) -> float | None:
        """Reached rate of shown-number calls (0..1); None without such calls."""
        if not self.shown_attempts:
            return None
        return self.shown_reached / self.shown_attempts

    @property
    def hidden_interval(self) -> tuple[float, float] | None:
        """Wilson 95% interval of ``hidden_rate``; None without such calls."""
        return wilson_interval(self.hidden_reached, self.hidden_attempts)

    @property
    def shown_interval(self) -> tuple[float, float] | None:
        """Wilson 95% interval of ``shown_rate``; None without such calls."""
        return wilson_interval(self.shown_reached, self.shown_attempts)

    def text(self) -> str:
        """E.g. ``"hidden 16% (60 of 372) · shown 4% (3 of 69)"``."""
        hidden = _percent(self.hidden_reached, self.hidden_attempts)
        shown = _percent(self.shown_reached, self.shown_attempts)
        return f"hidden {hidden} · shown {shown}"

    @classmethod
    def from_counts(
        cls, calls: Mapping[str | None, int], reached: Mapping[str | None, int]
    ) -> CallerIdStats:
        """From phone calls and reached calls counted by caller ID (``hidden``, ``shown``; any
        other key, such as None for not recorded, counts in neither group)."""
        return cls(
            calls.get("hidden", 0),
            reached.get("hidden", 0),
            calls.get("shown", 0),
            reached.get("shown", 0),
        )


def caller_id_stats(attempts: Iterable[Attempt]) -> CallerIdStats:
    """Reached rate of phone calls with the caller ID hidden vs shown."""
    calls: dict[str | None, int] = {}
    reached: dict[str | None, int] = {}
    for attempt in attempts:
        if attempt.channel != "phone":
            continue
        key = attempt.caller_id
        calls[key] = calls.get(key, 0) + 1
        if attempt.outcome == "reached":
            reached[key] = reached.get(key, 0) + 1
    return CallerIdStats.from_counts(calls, reached)


def outcome_counts(attempts: Iterable[Attempt]) -> dict[str, int]:
    """Attempts per outcome, every outcome of the vocabulary present (zeros included), in
    vocabulary order."""
    counts = dict.fromkeys(OUTCOMES, 0)
    for attempt in attempts:
        counts[attempt.outcome] = counts.get(attempt.outcome, 0) + 1
    return counts


def channel_counts(attempts: Iterable[Attempt]) -> dict[str, int]:
    """Attempts per channel, every channel present, in vocabulary order."""
    counts = dict.fromkeys(CHANNELS, 0)
    for attempt in attempts:
        counts[attempt.channel] = counts.get(attempt.channel, 0) + 1
    return counts


def shown_count(attempts: Iterable[Attempt], now: datetime, days: int = SHOWN_WINDOW_DAYS) -> int:
    """Phone calls with the caller ID shown in the ``days`` days up to ``now``.

    The window is ``(now - days, now]``; calls after ``now`` do not count.
    """
    since = now - timedelta(days=days)
    return sum(
        1
        for a in attempts
        if a.channel == "phone" and a.caller_id == "shown" and since < a.at <= now
    )


def shown_warning(
    attempts: Iterable[Attempt], now: datetime, days: int = SHOWN_WINDOW_DAYS
) -> str | None:
    """``"shown your number 3 times in the last 7 days"`` at ``SHOWN_WARNING_AT`` or more shown
    calls to one contact in the window; None below that. Pass one contact's attempts."""
    count = shown_count(attempts, now, days)
    if count < SHOWN_WARNING_AT:
        return None
    return f"shown your number {count} times in the last {days} days"
