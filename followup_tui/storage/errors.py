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


class FileReplaced(UnusableFileError):
    """The file at the data path is not the one this copy opened (another ``meta.file_id``, or
    none): it was moved away and another file put in its place. Nothing is written to it until
    the user chooses (``Store.adopt_file`` takes the new file); changes not saved yet are kept
    by whoever made them."""

    def __init__(self, path: object) -> None:
        DataFileError.__init__(
            self,
            f"{path}: another file was put in place of the one followup-tui opened; "
            "nothing is saved until you choose what to do",
        )
        self.path = path


class FileGone(UnusableFileError):
    """The data file this copy opened is no longer at its path (moved or deleted). Nothing is
    written until the user chooses (``Store.adopt_file`` starts a new file there)."""

    def __init__(self, path: object) -> None:
        DataFileError.__init__(
            self,
            f"{path}: the data file was moved or deleted; "
            "nothing is saved until you choose what to do",
        )
        self.path = path


class LockTimeout(DataFileError, SaveError):
    """Another copy of followup-tui kept the lock too long; nothing was saved. The command line
    exits with status 1 (try again), not 2 (a mistake)."""


class ReadOnlyError(SaveError):
    """The data file was opened read-only (its folder cannot be written): nothing is saved."""
