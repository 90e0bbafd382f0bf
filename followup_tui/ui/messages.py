"""Messages the data worker posts back to the UI thread, all named in the past tense.

The worker thread never touches widgets: it builds plain records (a fresh ``Snapshot``, contact
summaries, a reachability grid) and hands them over in one of these messages. From then on the
UI thread owns them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

from followup_tui.analytics.reachability import ReachGrid
from followup_tui.domain.models import Attempt
from followup_tui.domain.rules import ContactSummary
from followup_tui.domain.settings import Settings
from followup_tui.domain.snapshot import Snapshot
from followup_tui.ui.rows import ContactRow

if TYPE_CHECKING:
    from followup_tui.ui.changes import Change  # loads with the first change
    from followup_tui.ui.reach import Reach  # with the first reachability asked for


class DataMessage(Message):
    """The whole file, read on the worker thread, with what the rules say about it."""

    def __init__(
        self,
        snapshot: Snapshot,
        summaries: dict[int, ContactSummary],
        all_grid: ReachGrid,
        user_zone: str,
        rows: list[ContactRow],
    ) -> None:
        super().__init__()
        self.snapshot = snapshot
        self.summaries = summaries
        self.all_grid = all_grid
        self.user_zone = user_zone
        self.rows = rows
        """The contact list's rows, built and sorted on the worker thread."""


class ContactsListed(Message):
    """The file's contacts, read from its head before the whole file: the list can show names,
    companies and statuses while the attempts are still being read (``DataLoaded`` follows)."""

    def __init__(self, snapshot: Snapshot, user_zone: str, rows: list[ContactRow]) -> None:
        super().__init__()
        self.snapshot = snapshot
        """Contacts and settings only: no attempts, interviews or news yet."""
        self.user_zone = user_zone
        self.rows = rows


class DataLoaded(DataMessage):
    """The data file was opened and read for the first time."""


class DataReloaded(DataMessage):
    """Another program (a second copy, ``followup-tui log``) changed the file; it was re-read."""


class DataLoadFailed(Message):
    """The data file could not be opened or read; nothing will be written to it."""

    def __init__(self, error: str, *, initial: bool, damaged: bool = False) -> None:
        super().__init__()
        self.error = error
        self.initial = initial
        self.damaged = damaged
        """The content itself is broken (a backup can help)."""


class ChangeWritten(Message):
    """A change is in the file; ``change.written`` is its record as stored (with its id)."""

    def __init__(self, change: Change) -> None:
        super().__init__()
        self.change = change


class ChangeFailed(Message):
    """A change could not be written; the file on disk is unchanged. ``gone``: the attempt's
    contact is no longer in the file, so writing again can never succeed. ``held``: the data
    file was replaced or is gone; the change waits for the user's choice (``FileLost``)."""

    def __init__(
        self, change: Change, error: str, *, gone: bool = False, held: bool = False
    ) -> None:
        super().__init__()
        self.change = change
        self.error = error
        self.gone = gone
        self.held = held


class ChangeUndone(Message):
    """The attempt of ``change`` was taken out of the file (``attempt``), or was never in it
    (None)."""

    def __init__(self, change: Change, attempt: Attempt | None) -> None:
        super().__init__()
        self.change = change
        self.attempt = attempt


class UndoFailed(Message):
    """An undo could not be written: the attempt is still in the file."""

    def __init__(self, change: Change, error: str) -> None:
        super().__init__()
        self.change = change
        self.error = error


class ReachComputed(Message):
    """The reachability of the contact a ``ReachRequest`` asked about."""

    def __init__(self, reach: Reach) -> None:
        super().__init__()
        self.reach = reach


class ImportProgressed(Message):
    """An import through the data worker has written ``done`` of ``total`` rows."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class ImportFinished(Message):
    """An import (or its preview) ended: its report, and whether anything was written."""

    def __init__(self, lines: list[str], written: bool) -> None:
        super().__init__()
        self.lines = lines
        self.written = written


class ImportFailed(Message):
    """An import could not be done; one line for the user. Nothing was written."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class ExportWritten(Message):
    """An export was written to ``path``: what it holds (``28 contacts, 541 attempts``) and the
    contacts the calendar left out, one line each."""

    def __init__(self, path: Path, counts: str, skipped: tuple[str, ...]) -> None:
        super().__init__()
        self.path = path
        self.counts = counts
        self.skipped = skipped


class ExportFailed(Message):
    """An export could not be written to ``path``; one line for the user. The data file is
    untouched, and so is any file that was at ``path``."""

    def __init__(self, path: Path, error: str) -> None:
        super().__init__()
        self.path = path
        self.error = error


class FileLost(Message):
    """The data file this copy opened is gone from its path, or another file was put there:
    nothing is written until the user chooses (``DataService.adopt``). Changes not written
    stay unsaved meanwhile."""

    def __init__(self, error: str, *, gone: bool, can_write_back: bool) -> None:
        super().__init__()
        self.error = error
        self.gone = gone
        """Nothing is at the path (else: another file is)."""
        self.can_write_back = can_write_back
        """The file as last read can be put back at the path, with the pending changes."""
        # Also sent when a choice could not be carried out (the error says why): ask again.


class FileAdopted(Message):
    """After ``FileLost``: the app goes on with a file at the path again. ``how``: ``new``
    (the file now there, or a new empty one), ``written_back`` (the file as last read, put
    back), or ``back`` (our own file came back by itself). ``DataReloaded`` follows."""

    def __init__(self, how: str) -> None:
        super().__init__()
        self.how = how


class FileReadOnly(Message):
    """The data file was opened read-only (its folder cannot be written): nothing is saved."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class SettingsSaved(Message):
    """The settings were written (a ``DataReloaded`` with them has been sent just before)."""

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings


class SettingsSaveFailed(Message):
    """The settings could not be written; the file keeps the old ones."""

    def __init__(self, settings: Settings, error: str) -> None:
        super().__init__()
        self.settings = settings
        self.error = error
