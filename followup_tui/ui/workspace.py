"""What the main screen shows, kept on the UI thread: records, summaries, changes in flight.

Plain Python (no widgets): the data worker hands a fresh ``Snapshot`` over in a message and
from then on only the UI thread reads or changes it. Attempts are logged optimistically: each is
a ``Change`` (``ui.changes``), shown at once as ``saving``, and becomes a saved record when the
worker confirms it (or ``unsaved`` if the write failed, until a retry succeeds).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from followup_tui.analytics.reachability import ReachGrid, add_attempt, remove_attempt
from followup_tui.domain.clock import Clock
from followup_tui.domain.identity import same_attempt
from followup_tui.domain.interviews import (
    ThankYouTask,
    interviews_of,
    nothing_new_line,
    talking_points,
    thank_you_tasks,
)
from followup_tui.domain.models import Attempt, Contact, Interview, NewsItem
from followup_tui.domain.rules import ContactSummary, summarize
from followup_tui.domain.snapshot import Snapshot
from followup_tui.domain.zones import contact_zone_name
from followup_tui.ui.change_state import State
from followup_tui.ui.rows import ContactRow, contact_row

if TYPE_CHECKING:
    from followup_tui.ui.changes import Change, Changes
    from followup_tui.ui.reach import ReachRequest


class Workspace:
    """The data of one open file as the UI sees it."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.snapshot = Snapshot()
        self.summaries: dict[int, ContactSummary] = {}
        self.all_grid = ReachGrid()
        self.user_zone = "UTC"
        self.loaded = False
        self._changes: Changes | None = None
        self.read_only: str | None = None
        """Why nothing can be saved: the file was opened read-only."""
        self.file_lost: str | None = None
        """Why nothing is saved: the file was replaced or is gone, until the user chooses."""
        self._summaries_version = 0
        self._counted: tuple[tuple[date, int], tuple[int, int]] | None = None

    @property
    def changes(self) -> Changes:
        """Every change in flight: the one owner of what is saving, unsaved or undone. Made
        (and ``ui.changes`` loaded) when first asked for, after the first frame."""
        if self._changes is None:
            from followup_tui.ui.changes import Changes

            self._changes = Changes()
        return self._changes

    @property
    def in_flight(self) -> Changes | None:
        """``changes`` once a change was made; None before (nothing to write or show)."""
        return self._changes

    def unsaved(self) -> list[Change]:
        """``changes.unsaved()``: the first frame asks it before any change was made."""
        return [] if self._changes is None else self._changes.unsaved()

    def shown_attempts(self, contact_id: int) -> list[Change]:
        """``changes.shown_attempts(contact_id)``, asked by every timeline drawn."""
        return [] if self._changes is None else self._changes.shown_attempts(contact_id)

    # -- whole file --------------------------------------------------------------------------

    def replace(
        self,
        snapshot: Snapshot,
        summaries: dict[int, ContactSummary],
        all_grid: ReachGrid,
        user_zone: str,
    ) -> None:
        """Take a freshly read file; attempts still being saved stay on screen."""
        self.snapshot = snapshot
        self.summaries = summaries
        self._summaries_version += 1
        self.all_grid = all_grid
        self.user_zone = user_zone
        self.loaded = True
        shown = self.changes.shown_attempts()
        for change in shown:
            self._bin(_attempt(change), add=True)
        for cid in {_attempt(c).contact_id for c in shown}:
            self.resummarize(cid)

    # -- reading -------------------------------------------------------------------------------

    def now(self) -> datetime:
        return self.clock()

    def contact(self, contact_id: int | None) -> Contact | None:
        if contact_id is None:
            return None
        return self.snapshot.contacts.get(contact_id)

    def zone_of(self, contact: Contact) -> str:
        return contact_zone_name(contact.timezone, self.user_zone)

    def attempts_of(self, contact_id: int) -> list[Attempt]:
        """Saved and pending attempts of a contact, oldest first."""
        saved = self.snapshot.attempts_for(contact_id)
        extra = [_attempt(c) for c in self.changes.shown_attempts(contact_id)]
        if not extra:
            return saved
        return sorted([*saved, *extra], key=lambda a: a.at)

    def due_counts(self, today: date) -> tuple[int, int]:
        """(due, overdue) on ``today``: counted again only when a summary changed (the top
        bar asks after every key; at 5,000 contacts a count is milliseconds)."""
        key = (today, self._summaries_version)
        if self._counted is not None and self._counted[0] == key:
            return self._counted[1]
        due = overdue = 0
        for summary in self.summaries.values():
            one_due, one_overdue = _due_on(summary, today)
            due += one_due
            overdue += one_overdue
        self._counted = (key, (due, overdue))
        return due, overdue

    def resummarize(self, contact_id: int) -> ContactSummary | None:
        before = self.summaries.get(contact_id)
        contact = self.snapshot.contacts.get(contact_id)
        summary: ContactSummary | None = None
        if contact is None:
            self.summaries.pop(contact_id, None)
        else:
            summary = summarize(
                contact,
                self.attempts_of(contact_id),
                self.snapshot.settings,
                self.user_zone,
                self.now(),
            )
            self.summaries[contact_id] = summary
        self._summaries_version += 1
        counted = self._counted
        if counted is not None and counted[0][1] == self._summaries_version - 1:
            # One contact changed (a key logged or undid an attempt): the counts follow by
            # its difference alone, not by counting every contact again.
            today, (due, overdue) = counted[0][0], counted[1]
            was_due, was_overdue = _due_on(before, today)
            is_due, is_overdue = _due_on(summary, today)
            self._counted = (
                (today, self._summaries_version),
                (due - was_due + is_due, overdue - was_overdue + is_overdue),
            )
        return summary

    def _bin(self, attempt: Attempt, *, add: bool) -> None:
        contact = self.snapshot.contacts.get(attempt.contact_id)
        zone = self.zone_of(contact) if contact else self.user_zone
        if add:
            add_attempt(self.all_grid, attempt, zone)
        else:
            remove_attempt(self.all_grid, attempt, zone)

    def rows_with_changes(self, rows: list[ContactRow]) -> list[ContactRow]:
        """The worker's rows, with those of contacts whose attempts are still being saved
        built again (those attempts change their counts and due dates)."""
        changed = {c.contact_id for c in self.changes.shown_attempts() if c.contact_id is not None}
        if not changed:
            return rows
        rows = [r for r in rows if r.contact_id not in changed]
        for cid in changed:
            contact = self.contact(cid)
            if contact is not None:
                rows.append(contact_row(contact, self.summaries.get(cid)))
        return rows

    def reach_request(self, serial: int, contact: Contact) -> ReachRequest:
        """What the data worker needs to compute the contact's reachability pane."""
        # Loads with the first request, once the contacts are on screen.
        from followup_tui.ui.reach import ReachRequest, grid_copy

        assert contact.id is not None
        return ReachRequest(
            serial,
            contact,
            tuple(self.attempts_of(contact.id)),
            grid_copy(self.all_grid),
            self.zone_of(contact),
            self.now(),
            self.snapshot.settings,
            self.user_zone,
        )

    # -- contacts --------------------------------------------------------------------------------

    def contact_saved(self, contact: Contact) -> None:
        assert contact.id is not None
        old = self.snapshot.contacts.get(contact.id)
        moved = old is not None and self.zone_of(old) != self.zone_of(contact)
        if moved:
            for attempt in self.attempts_of(contact.id):
                self._bin(attempt, add=False)
        self.snapshot.put_contact(contact)
        if moved:
            for attempt in self.attempts_of(contact.id):
                self._bin(attempt, add=True)
        self.resummarize(contact.id)

    def contact_deleted(self, contact_id: int) -> None:
        """Forget a deleted contact; its attempts not yet written never will be."""
        for attempt in self.attempts_of(contact_id):
            self._bin(attempt, add=False)
        self.changes.contact_deleted(contact_id)
        if contact_id in self.snapshot.contacts:
            self.snapshot.remove_contact(contact_id)
        self.summaries.pop(contact_id, None)
        self._summaries_version += 1
        interviews = self.snapshot.interviews
        for iid, interview in list(interviews.items()):
            if contact_id in interview.contact_ids:  # the interview stays, without the person
                people = tuple(c for c in interview.contact_ids if c != contact_id)
                interviews[iid] = replace(interview, contact_ids=people)

    # -- interviews and news -----------------------------------------------------------------

    def thank_you_tasks(self) -> list[ThankYouTask]:
        """Open thank-you e-mails, soonest due first (attempts still being saved count)."""
        snap = self.snapshot
        return thank_you_tasks(snap.interviews, snap.contacts, self.attempts_of, self.now())

    def tasks_of(self, contact_id: int) -> list[ThankYouTask]:
        return [t for t in self.thank_you_tasks() if t.contact_id == contact_id]

    def interviews_of(self, contact_id: int) -> list[Interview]:
        """The interviews the contact was met at, newest first."""
        return interviews_of(contact_id, self.snapshot.interviews)

    def talking_points(self, contact_id: int) -> list[NewsItem]:
        """News not yet shared with the contact, newest first (what to bring up on a call)."""
        return talking_points(self.snapshot.news, self.attempts_of(contact_id))

    def nothing_new(self, contact: Contact) -> str | None:
        """The keep-warm line when the contact has heard every item of the news bank."""
        points = self.talking_points(contact.id or 0)
        return nothing_new_line(contact, points, len(self.snapshot.news))

    def news_newest_first(self) -> list[NewsItem]:
        items = list(self.snapshot.news.values())
        items.sort(key=lambda item: (item.on, item.id or 0), reverse=True)
        return items

    def interviews_newest_first(self) -> list[Interview]:
        items = list(self.snapshot.interviews.values())
        items.sort(key=lambda i: (i.at, i.id or 0), reverse=True)
        return items

    def interview_saved(self, interview: Interview, added: tuple[Contact, ...] = ()) -> None:
        """An interview as written (with the contacts created for it)."""
        assert interview.id is not None
        for contact in added:
            self.contact_saved(contact)
        self.snapshot.interviews[interview.id] = interview

    def interview_deleted(self, interview_id: int) -> None:
        self.snapshot.interviews.pop(interview_id, None)

    def news_saved(self, item: NewsItem) -> None:
        assert item.id is not None
        self.snapshot.news[item.id] = item

    def news_deleted(self, news_id: int) -> None:
        self.snapshot.news.pop(news_id, None)

    # -- attempts --------------------------------------------------------------------------------

    def log(self, attempt: Attempt) -> Change:
        """Show a new attempt at once; the change is written once the frame is on screen."""
        change = self.changes.begin(attempt)
        self._bin(attempt, add=True)
        self.resummarize(attempt.contact_id)
        return change

    def attempt_written(self, change: Change) -> bool:
        """The worker saved the attempt; False if it is no longer on screen (undone meanwhile)."""
        if not self.changes.written(change):
            return False
        saved = change.written
        assert isinstance(saved, Attempt) and saved.id is not None
        self.snapshot.add_attempt(saved)
        self.resummarize(saved.contact_id)
        return True

    def attempt_dropped(self, change: Change) -> None:
        """An attempt that can never be saved (its contact is gone) goes off screen."""
        attempt = _attempt(change)
        self._bin(attempt, add=False)
        self.resummarize(attempt.contact_id)

    def undo_last(self, since: int = 0) -> tuple[Change, Attempt] | None:
        """Take the last attempt logged in this session (after the change ``since``) off
        screen; None if there is none. The change is then ``UNDOING`` (ask the data worker) or
        already ``UNDONE``."""
        while (undo := self.changes.undo_last(since)) is not None:
            change, was = undo
            attempt = _attempt(change)
            saved = change.written
            if was == State.SAVED and isinstance(saved, Attempt) and saved.id is not None:
                removed = self.snapshot.remove_attempt(saved.id, saved.contact_id)
                if removed is None or not same_attempt(removed, saved):
                    # Gone already (its contact was deleted, another copy undid it), or the
                    # file was put back to an older copy and the id went to another attempt
                    # since: that one is not ours to undo.
                    if removed is not None:
                        self.snapshot.add_attempt(removed)
                    self.changes.undone(change)
                    continue
                attempt = removed
            self._bin(attempt, add=False)
            self.resummarize(attempt.contact_id)
            return change, attempt
        return None

    def undo_failed(self, change: Change) -> Attempt | None:
        """The undo could not be written: the attempt is still in the file, show it again."""
        self.changes.undo_failed(change)
        attempt = change.written
        if not isinstance(attempt, Attempt) or attempt.id is None:
            return None
        if attempt.contact_id in self.snapshot.contacts:
            self.snapshot.add_attempt(attempt)
            self._bin(attempt, add=True)
            self.resummarize(attempt.contact_id)
        return attempt


def _attempt(change: Change) -> Attempt:
    attempt = change.attempt
    assert attempt is not None, "not an attempt"
    return attempt


def _due_on(summary: ContactSummary | None, today: date) -> tuple[int, int]:
    """(1 if due, 1 if overdue) on ``today`` for one contact's summary (0, 0 for none)."""
    if summary is None or summary.next_due is None or summary.next_due > today:
        return 0, 0
    return 1, 1 if summary.overdue_days > 0 else 0
