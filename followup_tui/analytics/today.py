"""Today (PRODUCT.md section 2): the day's work in one list, for the screen and `due`.

Open thank-you tasks first (one per person met at an interview, until an e-mail is sent), then the
contacts due or overdue, each with the suggested call window in their time and the user's, then
the contacts that need a next step. The due and needs-a-next-step lists are in the one order of
the app's contact list (``rules.order_key``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from followup_tui.analytics.reachability import (
    ReachGrid,
    Suggestion,
    Window,
    bin_marks,
    prior_of,
    suggest_slot,
    window_of,
)
from followup_tui.domain.interviews import ThankYouTask, thank_you_tasks
from followup_tui.domain.models import Contact
from followup_tui.domain.rules import ContactSummary, today_lists
from followup_tui.domain.snapshot import Mark, Snapshot
from followup_tui.domain.zones import contact_zone_name


@dataclass(frozen=True, slots=True)
class TodayItem:
    """One contact on Today."""

    contact: Contact
    summary: ContactSummary
    contact_zone: str
    """The contact's IANA zone (the user's when unknown)."""
    suggestion: Suggestion | None = None
    """When to call (due contacts with a phone number only)."""
    window: Window | None = None
    """The suggestion's window in their time and the user's."""


@dataclass(frozen=True, slots=True)
class Today:
    day: date
    """The user's day."""
    user_zone: str
    due: list[TodayItem]
    needs_next_step: list[TodayItem]
    thank_you: list[ThankYouTask] = field(default_factory=list)
    """Open thank-you e-mails after interviews, soonest due first."""


def plan_today(snapshot: Snapshot, user_zone: str, now: datetime) -> Today:
    """Today for the data in ``snapshot`` at the instant ``now``.

    Every attempt is read once (as marks: no Attempt records are built): for the rules, and for
    the all-contacts grid the suggestions are smoothed toward.
    """
    everyone: ReachGrid = ReachGrid()
    grids: dict[int, ReachGrid] = {}

    def visit(contact: Contact, marks: Sequence[Mark]) -> None:
        # Each contact's calls binned once, in their own zone: their grid, added to everyone's.
        if marks:
            grid = ReachGrid()
            bin_marks(grid, marks, contact_zone_name(contact.timezone, user_zone), everyone)
            grids[contact.id or 0] = grid

    lists = today_lists(snapshot, user_zone, now, visit)
    settings = snapshot.settings
    prior = prior_of(everyone)
    due: list[TodayItem] = []
    for contact, summary in lists.due:
        zone_name = contact_zone_name(contact.timezone, user_zone)
        suggestion = window = None
        if contact.phones:
            grid = grids.get(contact.id or 0) or ReachGrid()
            suggestion = suggest_slot(
                grid, everyone, zone_name, now, settings, prior=prior, user_zone=user_zone
            )
            if suggestion is not None:
                window = window_of(suggestion, zone_name, user_zone)
        due.append(TodayItem(contact, summary, zone_name, suggestion, window))
    needs = [
        TodayItem(contact, summary, contact_zone_name(contact.timezone, user_zone))
        for contact, summary in lists.needs_next_step
    ]
    tasks = thank_you_tasks(snapshot.interviews, snapshot.contacts, snapshot.attempts_for, now)
    return Today(lists.today, user_zone, due, needs, tasks)
