"""The call session's timer: how long since the contact was shown (or ``enter`` was pressed)."""

from __future__ import annotations

from datetime import datetime

from textual.content import Content
from textual.widgets import Static

from followup_tui.analytics.call_queue import timer_words


class CallTimer(Static):
    """Counts from ``start``; the screen ticks it with the app's clock."""

    started: datetime | None = None

    def start(self, at: datetime) -> None:
        self.started = at
        self.tick(at)

    def stop(self) -> None:
        self.started = None
        self.update("")

    def tick(self, now: datetime) -> None:
        if self.started is None:
            return
        seconds = (now - self.started).total_seconds()
        self.update(Content.assemble(("⏱ ", "dim"), (timer_words(seconds), "bold")))
