"""The contact on screen in a call session: who, their time, the number, the silence, the
window, the last note, the talking points and the guard lines (built by the screen as
``Content``: user text is plain text, the dial string a ``tel:`` link)."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class CallCard(Static):
    """Shows what ``CallSessionScreen`` composed; nothing of its own. Focusable: the session's
    keys act while it has the focus, and leaving the note field comes back here."""

    can_focus = True

    def show(self, content: Content) -> None:
        self.update(content)

    @property
    def plain_text(self) -> str:
        return str(self.content)
