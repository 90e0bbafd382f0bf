"""Reading the file: the contacts first (from the file's head), then everything, then again
whenever another program changed it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from followup_tui.domain.problems import Problem, summary_lines
from followup_tui.domain.rules import local_date
from followup_tui.ui.lazy import resume_collection
from followup_tui.ui.messages import ContactsListed, DataLoadFailed, DataMessage
from followup_tui.ui.rows import ContactRow

if TYPE_CHECKING:
    from followup_tui.ui.screens.main import MainScreen


class LoadFlow:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.listed = False
        """Contacts shown from the file's head; their attempts are still being read."""
        self._reload_error: str | None = None
        self._problems_told: set[str] = set()
        """Values of the file already reported (a reload tells only new ones)."""

    def contacts_listed(self, message: ContactsListed) -> None:
        """Names first: the attempts (and what they decide) follow with ``DataLoaded``."""
        screen = self.screen
        ws = screen.ws
        if ws.loaded:
            return
        self.listed = True
        ws.snapshot = message.snapshot
        ws.user_zone = message.user_zone
        self._show_rows(message.rows)
        screen.data_changed(panes=False)  # no attempts yet: nothing to show on the right
        screen.timeline.show_nothing("Reading the attempts…")
        screen.contact_list.focus()
        # Only once this frame is on screen may the worker parse the whole file.
        screen.call_after_refresh(self._contacts_painted)

    def _contacts_painted(self) -> None:
        resume_collection()  # before the worker pauses it for its read (ui.lazy)
        self.screen.followup.data.contacts_painted()

    def loaded(self, message: DataMessage) -> None:
        screen = self.screen
        contacts = screen.contact_list
        listed, self.listed = self.listed, False
        # After the names-first list: stay on the contact the user moved to, if they did, or
        # pressed l on.
        waiting_for = screen.attempts.waiting_for
        moved = contacts.cursor or (
            waiting_for is not None and contacts.highlighted_id == waiting_for
        )
        keep = contacts.highlighted_id if listed and moved else -1
        self.reloaded(message, keep=keep)
        if not listed or screen.focused is None:
            contacts.focus()
        screen.attempts.history_read()
        if not listed:  # the first frame without a names-first list
            screen.call_after_refresh(resume_collection)

    def reloaded(self, message: DataMessage, keep: int | None = None) -> None:
        ws = self.screen.ws
        ws.replace(message.snapshot, message.summaries, message.all_grid, message.user_zone)
        fills = self.screen.panes.fills
        self._show_rows(ws.rows_with_changes(message.rows), keep=keep)
        self._reload_error = None
        # When the cursor moved to another contact, its panes were filled from the new
        # records already: once is enough.
        self.screen.data_changed(force=self.screen.panes.fills == fills)
        self._tell_problems(message.snapshot.problems)

    def _tell_problems(self, problems: list[Problem]) -> None:
        """Values of the file that are ignored (out of range, of the wrong type): one
        notification for those not told yet (PRODUCT.md section 9)."""
        new = [p for p in problems if str(p) not in self._problems_told]
        if not new:
            return
        self._problems_told.update(str(p) for p in new)
        count = len(new)
        self.screen.notify(
            "\n".join(summary_lines(new, limit=6)),
            title=f"{count} {'value' if count == 1 else 'values'} of the data file ignored",
            severity="warning",
            timeout=15,
            markup=False,
        )

    def _show_rows(self, rows: list[ContactRow], keep: int | None = None) -> None:
        screen = self.screen
        ws = screen.ws
        screen.query_one("#contacts-pane").loading = False
        screen.today = local_date(ws.now(), ws.user_zone)
        screen.contact_list.set_clock(ws.now(), screen.today)
        screen.contact_list.set_rows(rows, keep=keep)

    def failed(self, message: DataLoadFailed) -> None:
        screen = self.screen
        if message.initial:
            # Nothing was written; the command line prints the problem and the newest backup.
            screen.followup.exit_unusable(message.error, damaged=message.damaged)
            return
        if message.error != self._reload_error:
            self._reload_error = message.error
            screen.notify(
                f"The data file changed on disk but cannot be read: {message.error}. "
                "Showing what was loaded before.",
                title="Data file",
                severity="error",
                timeout=10,
                markup=False,
            )
