"""Errors of the storage layer. Their messages are written for the user: one line, naming the
file and the problem."""

from __future__ import annotations


class DataFileError(Exception):
    """The data file cannot be used (unreadable, corrupt, foreign, too new, a symlink...).

    The file is never written while this is the case.
    """

    def __init__(self, message: str, *, damaged: bool = False) -> None:
        super().__init__(message)
        #: True when the content itself is broken (not JSON, wrong shape): a backup can help.
        #: False for problems a backup does not solve (a newer schema, a symlink, no access).
        self.damaged = damaged


class SaveError(Exception):
    """A change could not be saved; the file on disk is unchanged."""


class ContactGone(SaveError):
    """An attempt was refused because its contact is not in the file (another copy of the app
    deleted it). Saving it again can never succeed."""

    def __init__(self, contact_id: int) -> None:
        super().__init__(f"contact {contact_id} does not exist; not saved")
        self.contact_id = contact_id


class UnusableFileError(DataFileError, SaveError):
    """A change was refused because the data file became unusable (damaged, replaced by a
    symlink...). Both a ``SaveError`` (the change is not saved) and a ``DataFileError``."""

    def __init__(self, cause: DataFileError) -> None:
        super().__init__(str(cause), damaged=cause.damaged)
