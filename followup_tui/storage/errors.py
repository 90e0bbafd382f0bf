"""Errors of the storage layer. Their messages are written for the user."""

from __future__ import annotations


class DataFileError(Exception):
    """The data file cannot be used (unreadable, corrupt, foreign, too new, a symlink...).

    The file is never written while this is the case.
    """


class SaveError(Exception):
    """A change could not be saved; the file on disk is unchanged."""
