"""The states of a change in flight and the answers to a quit (``ui.changes``), apart from the
changes themselves: the screens and widgets of the first frame read these, while the changes'
records (dataclasses, about 4 ms to create) load with the first edit or the data worker's
first write. ``ui.changes`` re-exports them.
"""

from __future__ import annotations

from enum import StrEnum


class State(StrEnum):
    SAVING = "saving"
    """Shown; the data worker is writing it (or will)."""
    UNSAVED = "unsaved"
    """Shown; the last write failed, it will be written again (attempts only)."""
    SAVED = "saved"
    """In the file (``Change.written`` is the record as the file holds it)."""
    FAILED = "failed"
    """Could not be written and is not tried again (a contact edit: the user tries again)."""
    DROPPED = "dropped"
    """Can never be written (its contact is gone); off screen."""
    UNDOING = "undoing"
    """Off screen; the data worker is taking it out of the file."""
    UNDONE = "undone"
    """Off screen and not in the file."""


#: States in which the change is on screen but not (yet) confirmed in the file.
SHOWN_UNSAVED = (State.SAVING, State.UNSAVED)


class QuitAnswer(StrEnum):
    NOW = "now"
    """Nothing is in flight: quit."""
    WAIT = "wait"
    """Writes are under way: quit once they are answered (``Changes.quit_may_go_on``)."""
    ASK = "ask"
    """Some changes could not be saved and would be lost: ask first."""
