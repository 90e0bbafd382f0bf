"""The news bank (``w``): the user's own dated news, newest first (PRODUCT.md section 8).

``a`` adds an item, ``enter`` or ``e`` edits the highlighted one, ``delete`` deletes it after
asking. Each change goes through the one change path (``InterviewFlow``); the list is drawn
again when the data worker confirms it.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from followup_tui.domain.models import NewsItem
from followup_tui.domain.text import clean_line
from followup_tui.ui.screens.record_list import RecordListScreen


def news_option(item: NewsItem) -> Option:
    """``Tue 01 Dec 2026  passed CFA Level II`` (the text as data, never markup)."""
    return Option(
        Content.assemble((f"{item.on:%a %d %b %Y}  ", "dim"), clean_line(item.text)),
        id=str(item.id),
    )


class NewsBankScreen(RecordListScreen):
    TITLE_TEXT = "News bank · what you can tell people, newest first"
    HINT_TEXT = "a add · enter or e edit · delete removes (asks first) · esc back"
    EMPTY_TEXT = 'No news yet. Press a to add some ("passed CFA Level II").'
    BINDINGS = [
        Binding("a,n", "add", "Add"),
        Binding("e", "edit", "Edit"),
        Binding("delete", "delete", "Delete"),
    ]

    def options(self) -> list[Option]:
        return [news_option(item) for item in self.ws.news_newest_first()]

    @property
    def selected(self) -> NewsItem | None:
        key = self.highlighted_key
        return self.ws.snapshot.news.get(int(key)) if key and key.isdigit() else None

    def action_add(self) -> None:
        self.flow.edit_news(None)

    def action_edit(self) -> None:
        item = self.selected
        if item is not None:
            self.flow.edit_news(item)

    def action_delete(self) -> None:
        item = self.selected
        if item is not None:
            self.flow.delete_news(item)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit()
