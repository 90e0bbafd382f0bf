"""The end of a call session: calls made, reached, voicemails, no answers, time spent and the
longest persistence among the people called."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from followup_tui.analytics.call_queue import SessionSummary


class SessionSummaryScreen(ModalScreen[None]):
    """Any of escape, enter or q goes back to the contacts."""

    BINDINGS = [Binding("escape,enter,q", "close", "Back", tooltip="Back to the contacts")]

    def __init__(self, summary: SessionSummary) -> None:
        super().__init__(classes="form-screen", id="session-summary")
        self.summary = summary

    def compose(self) -> ComposeResult:
        lines = self.summary.lines()
        with Vertical(id="session-summary-box", classes="form"):
            yield Static(Content.styled("Call session done", "bold"), id="session-summary-title")
            yield Static(Content("\n".join(lines)), id="session-summary-lines", markup=False)
            yield Static(Content.styled("escape or enter: back to the contacts", "dim"))

    @property
    def plain_text(self) -> str:
        return "\n".join(self.summary.lines())

    def action_close(self) -> None:
        self.dismiss(None)
