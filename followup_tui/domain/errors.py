"""The one type of a user's mistake: bad input, a name that matches nobody, a file that is not
there. The command line prints it as one line (``followup-tui: ...``, exit status 2) and writes
nothing; a form shows each field's message next to the field (``FieldError``, ``FormErrors``)."""

from __future__ import annotations


class UserError(Exception):
    """A mistake of the user's, worded for them."""
