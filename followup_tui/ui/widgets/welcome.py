"""The welcome shown in place of the three panes while the data file has no contact."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


def welcome_text() -> Text:
    text = Text(justify="left")
    text.append("Welcome to followup-tui\n\n", "bold")
    text.append("Track every call and e-mail to the people you are chasing: persistence pays,\n")
    text.append("and silence is not rejection.\n\n")
    text.append("  n", "bold reverse")
    text.append("  add your first contact\n")
    text.append("  ?", "bold reverse")
    text.append("  every key of this screen\n")
    text.append("  q", "bold reverse")
    text.append("  quit\n\n")
    text.append("To look around with sample data first, run ", "dim")
    text.append("followup-tui demo", "bold")
    text.append(" in a shell.", "dim")
    return text


class Welcome(Static):
    """A first-run greeting: how to add a contact, or where to find sample data."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(welcome_text(), id=id, markup=False)
