"""Problems in the data file: every value that is ignored, with its record and field."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from followup_tui.domain.models import Contact
from followup_tui.domain.problems import Problem
from followup_tui.domain.text import clean_line


def problem_line(problem: Problem, contacts: Mapping[int, Contact]) -> str:
    """The problem's own words, then whose record it is (when a contact is known)."""
    line = str(problem)
    contact = contacts.get(problem.contact_id) if problem.contact_id is not None else None
    if contact is not None:
        whose = "" if problem.table == "contacts" else "of "
        line += f"  ({whose}{clean_line(contact.name)})"
    return line


class ProblemsScreen(ModalScreen[None]):
    """Every value of the data file that is ignored; escape or ``q`` closes."""

    BINDINGS = [Binding("escape,q", "close", "Close", key_display="esc")]

    def __init__(self, problems: list[Problem], contacts: Mapping[int, Contact]) -> None:
        super().__init__()
        self.lines = [problem_line(p, contacts) for p in problems]

    def compose(self) -> ComposeResult:
        count = len(self.lines)
        title = (
            f"Problems in the data file · {count} {'value' if count == 1 else 'values'} ignored"
            if count
            else "Problems in the data file"
        )
        body = (
            Text("\n".join(self.lines))
            if self.lines
            else Text("None: every value of the data file is used.", style="dim")
        )
        with Vertical(id="problems"):
            yield Static(Text(title, style="bold"), id="problems-title")
            with VerticalScroll(id="problems-scroll"):
                yield Static(body, id="problems-body", markup=False)
            yield Static(
                Text(
                    "Each value is ignored where it is used; the record is kept and shown, and "
                    "the file is left as it is.  esc closes.",
                    style="dim",
                ),
                id="problems-hint",
            )

    def action_close(self) -> None:
        self.dismiss(None)
