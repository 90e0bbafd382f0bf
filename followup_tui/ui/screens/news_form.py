"""The news item form: one dated piece of the user's own news ("passed CFA Level II")."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input

from followup_tui.domain.interviews import check_news
from followup_tui.domain.models import NewsItem
from followup_tui.domain.validation import FormErrors
from followup_tui.ui.screens.form_base import FormInvalid, FormScreen, field_row, form_title
from followup_tui.ui.widgets.key_legend import form_keys


class NewsForm(FormScreen[NewsItem]):
    """Add or edit a news item. Dismisses with the valid ``NewsItem`` or None."""

    FIELDS: tuple[str, ...] = ("text", "on")

    def __init__(self, *, today: date, item: NewsItem | None = None) -> None:
        super().__init__(classes="form-screen")
        self.today = today
        self.item = item

    def compose(self) -> ComposeResult:
        item = self.item
        with Vertical(id="news-form", classes="form"):
            yield form_title("Edit news item" if item else "New news item")
            with VerticalScroll(classes="form-body"):
                yield from field_row(
                    "News",
                    Input(
                        item.text if item else "",
                        placeholder="e.g. passed CFA Level II",
                        id="text",
                        compact=True,
                    ),
                    "text",
                )
                yield from field_row(
                    "Date",
                    Input(
                        item.on.isoformat() if item else "today",
                        placeholder="today, yesterday or 2026-11-20",
                        id="on",
                        compact=True,
                    ),
                    "on",
                )
            with Horizontal(classes="form-buttons"):
                yield Button("Save", variant="primary", id="save", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
                yield form_keys(("enter or ctrl+s", "save"), ("esc", "cancel"))

    def on_mount(self) -> None:
        self.query_one("#text", Input).focus()

    def build(self) -> NewsItem:
        try:
            return check_news(
                text=self.query_one("#text", Input).value,
                on=self.query_one("#on", Input).value,
                today=self.today,
                news_id=self.item.id if self.item else None,
            )
        except FormErrors as exc:
            raise FormInvalid(exc.errors) from None
