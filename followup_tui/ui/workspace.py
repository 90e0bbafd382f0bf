"""What the main screen shows, kept on the UI thread: records, summaries, unsaved attempts.

Plain Python (no widgets): the data worker hands a fresh ``Snapshot`` over in a message and
from then on only the UI thread reads or changes it. Attempts are logged optimistically: each
gets a *token*, is shown at once as ``saving``, and becomes a saved record when the worker
confirms it (or ``unsaved`` if the write failed, until a retry succeeds).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime

from followup_tui.analytics.reachability import ReachGrid, add_attempt, remove_attempt
from followup_tui.domain.clock import Clock
from followup_tui.domain.identity import same_attempt
from followup_tui.domain.models import Attempt, Contact
from followup_tui.domain.rules import ContactSummary, summarize
from followup_tui.domain.snapshot import Snapshot
from followup_tui.domain.zones import contact_zone_name

SAVING = "saving"
UNSAVED = "unsaved"


@dataclass(slots=True)
class PendingAttempt:
    """An attempt on screen that is not (yet) confirmed on disk."""

    token: int
    attempt: Attempt
    state: str = SAVING
    """``saving`` while the worker writes it, ``unsaved`` after a failed write."""


class Workspace:
    """The data of one open file as the UI sees it."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.snapshot = Snapshot()
        self.summaries: dict[int, ContactSummary] = {}
        self.all_grid = ReachGrid()
        self.user_zone = "UTC"
        self.loaded = False
        self.pending: dict[int, PendingAttempt] = {}
        self._tokens = itertools.count(1)
        self._session: list[int] = []  # tokens of attempts logged in this session, in order
        self._saved: dict[int, Attempt] = {}  # token -> the saved attempt (with its id)
        self.undone: set[int] = set()
        self.undoing: dict[int, Attempt] = {}  # token -> attempt taken off screen by an undo

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
        self.all_grid = all_grid
        self.user_zone = user_zone
        self.loaded = True
        for pending in self.pending.values():
            self._bin(pending.attempt, add=True)
        for cid in {p.attempt.contact_id for p in self.pending.values()}:
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
        extra = [p.attempt for p in self.pending.values() if p.attempt.contact_id == contact_id]
        if not extra:
            return saved
        return sorted([*saved, *extra], key=lambda a: a.at)

    def pending_of(self, contact_id: int) -> list[PendingAttempt]:
        return [p for p in self.pending.values() if p.attempt.contact_id == contact_id]

    def unsaved(self) -> list[PendingAttempt]:
        return [p for p in self.pending.values() if p.state == UNSAVED]

    def resummarize(self, contact_id: int) -> ContactSummary | None:
        contact = self.snapshot.contacts.get(contact_id)
        if contact is None:
            self.summaries.pop(contact_id, None)
            return None
        summary = summarize(
            contact,
            self.attempts_of(contact_id),
            self.snapshot.settings,
            self.user_zone,
            self.now(),
        )
        self.summaries[contact_id] = summary
        return summary

    def _bin(self, attempt: Attempt, *, add: bool) -> None:
        contact = self.snapshot.contacts.get(attempt.contact_id)
        zone = self.zone_of(contact) if contact else self.user_zone
        if add:
            add_attempt(self.all_grid, attempt, zone)
        else:
            remove_attempt(self.all_grid, attempt, zone)

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

    def contact_deleted(self, contact_id: int) -> list[int]:
        """Forget a deleted contact; return the tokens of its attempts that were never saved."""
        for attempt in self.attempts_of(contact_id):
            self._bin(attempt, add=False)
        dropped = [t for t, p in self.pending.items() if p.attempt.contact_id == contact_id]
        for token in dropped:
            del self.pending[token]
        if contact_id in self.snapshot.contacts:
            self.snapshot.remove_contact(contact_id)
        self.summaries.pop(contact_id, None)
        return dropped

    # -- attempts --------------------------------------------------------------------------------

    def log(self, attempt: Attempt) -> int:
        """Show a new attempt at once; return the token to save it under."""
        token = next(self._tokens)
        self.pending[token] = PendingAttempt(token, attempt)
        self._session.append(token)
        self._bin(attempt, add=True)
        self.resummarize(attempt.contact_id)
        return token

    def attempt_logged(self, token: int, attempt: Attempt) -> bool:
        """The worker saved ``token``; False if it was undone meanwhile (nothing to show)."""
        if token in self.undone:
            return False
        if self.pending.pop(token, None) is None:
            return False
        assert attempt.id is not None
        self._saved[token] = attempt
        self.snapshot.add_attempt(attempt)
        self.resummarize(attempt.contact_id)
        return True

    def save_failed(self, token: int) -> PendingAttempt | None:
        pending = self.pending.get(token)
        if pending is not None:
            pending.state = UNSAVED
        return pending

    def drop_pending(self, token: int) -> PendingAttempt | None:
        """Take an attempt that can never be saved (its contact is gone) off screen."""
        pending = self.pending.pop(token, None)
        if pending is not None:
            self._bin(pending.attempt, add=False)
            self.resummarize(pending.attempt.contact_id)
        return pending

    def retrying(self) -> list[PendingAttempt]:
        """Mark every unsaved attempt as being saved again and return them."""
        retry = self.unsaved()
        for pending in retry:
            pending.state = SAVING
        return retry

    def undo_last(self) -> tuple[int, Attempt] | None:
        """Take the last attempt logged in this session off screen; None if there is none."""
        while self._session:
            token = self._session.pop()
            pending = self.pending.pop(token, None)
            if pending is not None:
                attempt = pending.attempt
            else:
                saved = self._saved.pop(token, None)
                if saved is None or saved.id is None:
                    continue
                removed = self.snapshot.remove_attempt(saved.id, saved.contact_id)
                if removed is None:
                    continue  # gone already (its contact was deleted, or another copy undid it)
                if not same_attempt(removed, saved):
                    # The file was put back to an older copy and the id went to another
                    # attempt since: that one is not ours to undo.
                    self.snapshot.add_attempt(removed)
                    continue
                attempt = removed
            self._bin(attempt, add=False)
            self.resummarize(attempt.contact_id)
            self.undone.add(token)
            self.undoing[token] = attempt
            return token, attempt
        return None

    def attempt_undone(self, token: int) -> Attempt | None:
        return self.undoing.pop(token, None)

    def undo_failed(self, token: int) -> Attempt | None:
        """The undo could not be written: the attempt is still in the file, show it again."""
        attempt = self.undoing.pop(token, None)
        self.undone.discard(token)
        if attempt is None or attempt.id is None:
            return None
        if attempt.contact_id in self.snapshot.contacts:
            self.snapshot.add_attempt(attempt)
            self._bin(attempt, add=True)
            self.resummarize(attempt.contact_id)
        self._saved[token] = attempt
        self._session.append(token)
        return attempt
