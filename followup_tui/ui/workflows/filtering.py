"""The contacts filter: ``/`` to type, enter to keep it, escape to clear it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Input

if TYPE_CHECKING:
    from followup_tui.ui.screens.main import MainScreen


class FilterFlow:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    @property
    def field(self) -> Input:
        return self.screen.query_one("#filter", Input)

    def start(self) -> None:
        field = self.field
        self.screen.add_class("-filtering")
        # Focused now, not after the keys already queued: a fast typist's or a paste's next
        # letters ("/kim") go into the field, not to the list's keys.
        self.screen.set_focus(field)

    def clear(self) -> None:
        screen, field = self.screen, self.field
        if not field.value and not screen.has_class("-filtering"):
            return
        field.value = ""
        screen.contact_list.set_filter("")
        screen.remove_class("-filtering")
        screen.contact_list.focus()
        screen.panes.set_titles()

    def typed(self, value: str) -> None:
        """Each keystroke: the list follows in the same frame (the panes after a pause)."""
        contacts = self.screen.contact_list
        if value != contacts.filter_text:
            contacts.set_filter(value)
            self.screen.panes.set_titles()

    def submitted(self, value: str) -> None:
        if not value:
            self.screen.remove_class("-filtering")
        self.screen.contact_list.focus()
