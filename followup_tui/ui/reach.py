"""What the reachability pane shows for one contact, computed on the data worker.

Plain Python (no widgets): the main screen asks with a ``ReachRequest`` (immutable records and a
copy of the all-contacts grid, so the worker never reads what the UI thread changes), the
worker answers with a ``Reach`` in a ``ReachComputed`` message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from followup_tui.analytics.reachability import ReachGrid, Suggestion, bin_attempts, suggest_slot
from followup_tui.domain.models import Attempt, Contact, Settings


def grid_copy(grid: ReachGrid) -> ReachGrid:
    return ReachGrid([row[:] for row in grid.attempts], [row[:] for row in grid.reached])


@dataclass(frozen=True, slots=True)
class ReachRequest:
    serial: int
    """Answers to an older request than the newest are dropped."""
    contact: Contact
    attempts: tuple[Attempt, ...]
    all_grid: ReachGrid
    """A copy: the UI thread keeps changing its own."""
    zone_name: str
    """The contact's zone."""
    now: datetime
    settings: Settings
    user_zone: str | None = None
    """The user's zone: no suggestion in their night."""


@dataclass(frozen=True, slots=True)
class Reach:
    """The contact's grid and the suggested slot (or why there is none)."""

    serial: int
    contact_id: int | None
    zone_name: str
    grid: ReachGrid
    suggestion: Suggestion | None
    note: str


def compute_reach(request: ReachRequest) -> Reach:
    contact = request.contact
    grid = bin_attempts(request.attempts, request.zone_name)
    suggestion = None
    note = ""
    if contact.status == "closed":
        note = "Closed: no call to suggest."
    else:
        suggestion = suggest_slot(
            grid,
            request.all_grid,
            request.zone_name,
            request.now,
            request.settings,
            user_zone=request.user_zone,
        )
        if suggestion is None:
            note = "No working hours to suggest (see settings)."
    return Reach(request.serial, contact.id, request.zone_name, grid, suggestion, note)
