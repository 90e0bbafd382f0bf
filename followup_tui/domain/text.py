"""Cleaning of user text: stored text never carries terminal control sequences."""

from __future__ import annotations

import re

# C0 controls except TAB and LF, DEL, and C1 controls (which include CSI 0x9b).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Complete ANSI escape sequences (CSI, OSC, two-byte ESC sequences) are removed whole,
# so "\x1b[31mred" becomes "red" and not "[31mred".
_ANSI = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI (7-bit or C1) ... final byte
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC ... BEL or ST
    r"|\x1b[@-Z\\-_]"  # two-byte sequences
)


def clean_text(value: object, *, multiline: bool = False) -> str:
    """Return ``value`` as text with escape sequences and control characters removed.

    Tabs become spaces. Newlines are kept only when ``multiline`` is true; otherwise they
    become spaces. A one-line text loses its leading and trailing white space; a multi-line
    one (a note) keeps it, since it may be part of what was written (an indented line), and
    only a text that is all white space becomes empty.
    """
    if value is None:
        return ""
    if value.__class__ is str and value.isprintable():
        # Fast path (most stored text): no control character, so no escape sequence, tab or
        # newline either; only the surrounding white space can go.
        if multiline:
            return "" if value.isspace() else value
        return value.strip()
    text = str(value)
    text = _ANSI.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if not multiline:
        text = text.replace("\n", " ")
    text = _CONTROL.sub("", text)
    if multiline:
        return text if text.strip() else ""
    return text.strip()


def clean_line(value: object) -> str:
    """Text for a one-line field (name, company, ...)."""
    return clean_text(value, multiline=False)
