"""Every change in flight, in one place: what is on screen, what must be written, what may be
undone, when to try again and when quitting may go on.

Plain Python (no Textual): the UI thread creates a ``Change`` for each edit the user makes (an
attempt logged, a contact saved or deleted), shows it at once, and hands it to the data worker.
The worker writes it and records what the file now holds (``Change.written``); the UI thread
learns of it from a past-tense message and moves the change on. A screen that logs or undoes
(the main screen today; a call session, an interview form, the news bank tomorrow) asks this
object, never keeps its own copy of these facts.

Threads: only the UI thread calls ``Changes``' methods and sets ``state`` and ``cancelled``; the
data worker only reads ``record`` and ``cancelled`` and sets ``written``. Jobs reach the worker
in the order they were asked for, so an undo always runs after the write it undoes.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeAlias

from followup_tui.domain.models import Attempt, Contact, Interview, NewsItem
from followup_tui.ui.change_state import SHOWN_UNSAVED as SHOWN_UNSAVED
from followup_tui.ui.change_state import QuitAnswer as QuitAnswer
from followup_tui.ui.change_state import State as State

if TYPE_CHECKING:  # the Store (and TinyDB) load after the first frame, on the data worker
    from followup_tui.storage.edits import FieldUpdate

#: Seconds before changes that failed to save are tried again.
RETRY_S = 15.0


@dataclass(frozen=True, slots=True)
class ContactDeletion:
    """A contact to delete, with its attempts."""

    contact_id: int
    attempts_removed: int = 0
    """Set in the record as written: how many attempts went with the contact."""


@dataclass(frozen=True, slots=True)
class ContactEdit:
    """Changes to a saved contact: only the fields the user changed (``changes``, document
    fields), with the values they began from (``base``). A field another copy changed meanwhile
    is kept; one both changed is a conflict for the user to settle (``FieldUpdate.conflicts``).
    """

    contact_id: int
    name: str
    """The contact's name as the user saw it (for messages)."""
    changes: Mapping[str, Any]
    base: Mapping[str, Any]
    said: str = ""
    """What the user is told once it is written (``Saved NAME`` when empty)."""

    @classmethod
    def of(cls, opened: Contact, edited: Contact, said: str = "") -> ContactEdit:
        """What a form changed: ``opened`` as the form opened, ``edited`` as it was saved."""
        assert opened.id is not None, "only a saved contact is edited"
        from followup_tui.storage.edits import changed_fields

        before = opened.to_doc()
        changes = changed_fields(before, edited.to_doc())
        return cls(opened.id, edited.name, changes, before, said)


@dataclass(frozen=True, slots=True)
class InterviewSave:
    """An interview to add (no id) or write over the stored one, with the people met who are
    not contacts yet: the data worker adds them first and puts their ids in the interview."""

    interview: Interview
    new_people: tuple[Contact, ...] = ()
    added: tuple[Contact, ...] = ()
    """Set in the record as written: the contacts created for it, with their ids."""


@dataclass(frozen=True, slots=True)
class InterviewDeletion:
    """An interview to delete (the people met stay)."""

    interview_id: int


@dataclass(frozen=True, slots=True)
class NewsDeletion:
    """A news item to delete from the bank."""

    news_id: int


#: Interviews and news items: added without an id, written over the stored one with it.
Other = InterviewSave | InterviewDeletion | NewsItem | NewsDeletion
#: What a change writes. A new kind of change is one more type here and one more case in the
#: data worker's ``_write``.
Record = Attempt | Contact | ContactEdit | ContactDeletion | Other
#: What the file holds once a change is written (a contact edit: what ``Store`` did).
Written: TypeAlias = "Attempt | Contact | ContactDeletion | FieldUpdate | Other"


@dataclass(eq=False, slots=True)
class Change:
    """One edit on its way to the file (or out of it, when undone)."""

    token: int
    record: Record
    """The record as the user made it."""
    state: State = State.SAVING
    written: Written | None = None
    """The record as the file holds it (with its id), set by the data worker once written."""
    cancelled: bool = False
    """Never (again) to be written: undone before its write, or its contact is gone."""

    @property
    def attempt(self) -> Attempt | None:
        return self.record if isinstance(self.record, Attempt) else None

    @property
    def contact_id(self) -> int | None:
        record = self.record
        if isinstance(record, ContactDeletion | ContactEdit):
            return record.contact_id
        if isinstance(record, Attempt):
            return record.contact_id
        if isinstance(record, Contact):
            return record.id
        return None


@dataclass(slots=True)
class Changes:
    """Every change of this session that is not finished, and the attempts it may undo."""

    _tokens: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _live: dict[int, Change] = field(default_factory=dict)
    """Changes on screen but not settled: saving, unsaved or being undone."""
    _session: list[Change] = field(default_factory=list)
    """Attempts logged in this session, oldest first: what ``u`` may undo."""
    _to_write: list[Change] = field(default_factory=list)
    """Made since the last frame; handed to the data worker once the frame is on screen."""
    _failing: bool = False
    _quit_waiting: bool = False
    last_token: int = 0
    """The token of the newest change: a screen that logs (a call session) notes it when it
    starts, and undoes only what came after (``undo_last(since=...)``)."""

    # -- making changes ------------------------------------------------------------------------

    def begin(self, record: Record) -> Change:
        """A new change, shown at once and to be written."""
        change = Change(next(self._tokens), record)
        self.last_token = change.token
        self._live[change.token] = change
        if isinstance(record, Attempt):
            self._session.append(change)
        self._to_write.append(change)
        return change

    def take_to_write(self) -> list[Change]:
        """The changes to hand to the data worker now, in the order they were made."""
        to_write, self._to_write = self._to_write, []
        return [c for c in to_write if not c.cancelled]

    # -- what is on screen -------------------------------------------------------------------

    def shown_attempts(self, contact_id: int | None = None) -> list[Change]:
        """Attempts on screen that the file does not hold yet (saving or unsaved)."""
        return [
            c
            for c in self._live.values()
            if c.state in SHOWN_UNSAVED
            and isinstance(c.record, Attempt)
            and (contact_id is None or c.record.contact_id == contact_id)
        ]

    def unsaved(self) -> list[Change]:
        """Changes whose write failed and that will be written again."""
        return [c for c in self._live.values() if c.state == State.UNSAVED]

    def saving(self) -> list[Change]:
        return [c for c in self._live.values() if c.state == State.SAVING]

    def pending(self) -> list[Change]:
        """Everything not settled yet: saving, unsaved, or being undone."""
        return list(self._live.values())

    # -- what the data worker answered -----------------------------------------------------

    def written(self, change: Change) -> bool:
        """The worker wrote ``change`` (``change.written`` holds the record as stored). False
        when it is no longer on screen (undone meanwhile; the undo takes it out again)."""
        if change.state not in SHOWN_UNSAVED:
            return False
        change.state = State.SAVED
        del self._live[change.token]
        return True

    def failed(self, change: Change, *, gone: bool = False, held: bool = False) -> bool:
        """The write failed. Attempts stay on screen, unsaved, to be tried again; ``gone``: the
        contact is no longer in the file, so the change is dropped; ``held``: the data file was
        replaced or is gone, so any change (a contact's too) waits, unsaved, for the user's
        choice. Returns True when this is the first failure since everything was saved (the
        one to tell the user about)."""
        if change.state not in SHOWN_UNSAVED:
            return False
        if gone:
            self._settle(change, State.DROPPED)
            return False
        if not isinstance(change.record, Attempt) and not held:
            self._settle(change, State.FAILED)
            return False
        change.state = State.UNSAVED
        first, self._failing = not self._failing, True
        return first

    def saved_again(self) -> bool:
        """After a write: True once, when changes had failed and none is left unsaved (tell the
        user their attempts are safe now)."""
        if self._failing and not self.unsaved():
            self._failing = False
            return True
        return False

    def _settle(self, change: Change, state: State) -> None:
        change.state = state
        change.cancelled = state in (State.DROPPED, State.UNDONE, State.FAILED)
        self._live.pop(change.token, None)
        if self._failing and not self.unsaved():
            self._failing = False

    def contact_deleted(self, contact_id: int) -> list[Change]:
        """The contact is gone from the file: its attempts not yet written never will be."""
        dropped = [
            c
            for c in self._live.values()
            if isinstance(c.record, Attempt) and c.record.contact_id == contact_id
        ]
        for change in dropped:
            self._settle(change, State.DROPPED)
        return dropped

    def file_left(self) -> list[Change]:
        """The user went on with another data file: attempts not written yet name contacts of
        the file that was replaced, so they are never written into this one (the user chose
        so, told how many); they go off screen."""
        left = [c for c in self._live.values() if c.state in SHOWN_UNSAVED]
        for change in left:
            self._settle(change, State.DROPPED)
        return left

    # -- retrying ------------------------------------------------------------------------------

    def retry(self) -> list[Change]:
        """Every unsaved change, marked as being written again: hand them to the worker."""
        again = self.unsaved()
        for change in again:
            change.state = State.SAVING
        return again

    # -- undo ------------------------------------------------------------------------------

    def undo_last(self, since: int = 0) -> tuple[Change, State] | None:
        """Take the last attempt of this session off screen, with the state it was in; None if
        there is none left (made after the change with token ``since``).

        A change still being written or already written becomes ``UNDOING``: the data worker
        must take it out of the file (``undone`` or ``undo_failed`` follows). One whose write
        failed was never written: it is ``UNDONE`` at once.
        """
        while self._session and self._session[-1].token > since:
            change = self._session.pop()
            was = change.state
            if was == State.UNSAVED:
                self._settle(change, State.UNDONE)
                return change, was
            if was in (State.SAVING, State.SAVED):
                change.state = State.UNDOING
                change.cancelled = True  # a queued retry must not write it again
                self._live[change.token] = change
                return change, was
        return None

    def undone(self, change: Change) -> None:
        """The worker took the change out of the file (or found it never written)."""
        self._settle(change, State.UNDONE)

    def undo_failed(self, change: Change) -> None:
        """The undo could not be written: the change is still in the file, and undoable."""
        self._live.pop(change.token, None)
        change.state = State.SAVED
        change.cancelled = False
        self._session.append(change)

    # -- quitting --------------------------------------------------------------------------

    def quit_requested(self) -> QuitAnswer:
        """The user asked to quit: now, after the writes under way, or after asking."""
        if self.saving() or self._to_write:
            self._quit_waiting = True
            return QuitAnswer.WAIT
        self._quit_waiting = False
        return QuitAnswer.ASK if self.unsaved() else QuitAnswer.NOW

    def quit_may_go_on(self) -> bool:
        """After each answer of the worker: True once, when a quit waited and nothing is being
        written any more (ask ``quit_requested`` again)."""
        if self._quit_waiting and not self.saving() and not self._to_write:
            self._quit_waiting = False
            return True
        return False
