"""What the news bank and the interviews list share: a titled list of records over the main
screen, redrawn whenever the data worker confirms a change (``records_changed``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from followup_tui.ui.widgets.steady_footer import SteadyFooter

if TYPE_CHECKING:
    from followup_tui.ui.app import FollowupApp
    from followup_tui.ui.screens.main import MainScreen
    from followup_tui.ui.workflows.interviews import InterviewFlow
    from followup_tui.ui.workspace import Workspace


class RecordListScreen(Screen[None]):
    """A list of records; ``options`` builds its rows (ids name the records), ``empty_text``
    shows when there are none. ``escape`` goes back to the main screen."""

    TITLE_TEXT = ""
    HINT_TEXT = ""
    EMPTY_TEXT = ""
    BINDINGS = [Binding("escape", "close", "Back", id="list-close")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="record-list"):
            yield Static(self.TITLE_TEXT, classes="record-list-title", markup=False)
            yield Static(self.HINT_TEXT, classes="form-hint", markup=False)
            yield OptionList(id="records", markup=False)
            yield Static("", id="records-empty", classes="record-list-empty", markup=False)
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.records_changed()
        self.query_one(OptionList).focus()

    @property
    def main(self) -> MainScreen:
        return cast("FollowupApp", self.app).main_screen

    @property
    def ws(self) -> Workspace:
        return self.main.ws

    @property
    def flow(self) -> InterviewFlow:
        return self.main.interviews

    def options(self) -> list[Option]:
        raise NotImplementedError

    def records_changed(self, select: str | None = None) -> None:
        """Draw the list again, with the highlight on the record ``select`` (one just added),
        else on the same record when it is still there."""
        listing = self.query_one(OptionList)
        kept = self.highlighted_key
        options = self.options()
        listing.clear_options()
        listing.add_options(options)
        ids = [o.id for o in options]
        if options:
            wanted = select if select in ids else kept
            listing.highlighted = ids.index(wanted) if wanted in ids else 0
        empty = self.query_one("#records-empty", Static)
        empty.update(Content("" if options else self.EMPTY_TEXT))
        empty.display = not options

    @property
    def highlighted_key(self) -> str | None:
        listing = self.query_one(OptionList)
        index = listing.highlighted
        if index is None or not 0 <= index < listing.option_count:
            return None
        return listing.get_option_at_index(index).id

    def action_close(self) -> None:
        self.dismiss(None)
