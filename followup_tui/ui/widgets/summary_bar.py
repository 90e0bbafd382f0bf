"""The line across the top: contacts, how many are due and overdue, unsaved attempts, the day
and the data file."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.widgets import Static

from followup_tui.domain.rules import local_date
from followup_tui.domain.text import clean_line
from followup_tui.ui.text import plural, tilde
from followup_tui.ui.workspace import Workspace


class SummaryBar(Static):
    """Built from the workspace after every change; user text goes in as plain text."""

    _shown: Text | None = None

    def _put(self, text: Text) -> None:
        # One line, always: no layout of the screen, and nothing at all when unchanged.
        if text != self._shown:
            self._shown = text
            self.update(text, layout=False)

    def show(self, ws: Workspace | None, *, listed: bool, db_path: Path) -> None:
        text = Text()
        text.append(" followup-tui ", "bold reverse")
        if ws is None or not ws.loaded:
            if ws is not None and listed:
                text.append("  " + plural(len(ws.snapshot.contacts), "contact"))
                text.append(" · reading attempts…", "dim")
            else:
                text.append("  loading…", "dim")
            self._put(text)
            return
        now = ws.now()
        today = local_date(now, ws.user_zone)
        due, overdue = ws.due_counts(today)
        parts = [plural(len(ws.snapshot.contacts), "contact"), f"{due} due"]
        text.append("  " + " · ".join(parts))
        if overdue:
            text.append(" · ")
            text.append(f"{overdue} overdue", "bold red")
        unsaved = len(ws.unsaved())
        if unsaved:
            text.append(" · ")
            text.append(f"{plural(unsaved, 'attempt')} unsaved (r: retry)", "bold red")
        if ws.file_lost:
            text.append(" · ")
            text.append("data file replaced or gone: nothing is saved", "bold red")
        elif ws.read_only:
            text.append(" · ")
            text.append("read-only: nothing is saved", "bold yellow")
        text.append(f"  ·  {today:%a %d %b}  ", "dim")
        text.append(clean_line(tilde(db_path)), "dim")
        self._put(text)
