"""Export (``ctrl+e``): the dialog asks for a format and a file, the data worker builds the export
from the file as saved and writes it (``followup-tui export`` does the same), and a notice says
what was written."""

from __future__ import annotations

from typing import TYPE_CHECKING

from followup_tui.domain.rules import local_date
from followup_tui.domain.text import clean_line
from followup_tui.ui.messages import ExportFailed, ExportWritten
from followup_tui.ui.text import plural, tilde

if TYPE_CHECKING:
    from followup_tui.ui.screens.export_form import ExportRequest
    from followup_tui.ui.screens.main import MainScreen


class ExportFlow:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    def open(self) -> None:
        from followup_tui.ui.screens.export_form import ExportForm

        screen = self.screen
        ws = screen.ws
        form = ExportForm(
            data_file=screen.followup.data.path, today=local_date(ws.now(), ws.user_zone)
        )
        screen.app.push_screen(form, self._chosen)

    def _chosen(self, request: ExportRequest | None) -> None:
        screen = self.screen
        screen.contact_list.focus()
        if request is None:
            return
        # Every change made so far is queued before the export: it holds what is saved.
        screen.saver.write_now()
        if not screen.followup.data.export(request.fmt, request.path, screen.post_message):
            screen.notify("The data file is closed; nothing was exported.", severity="error")

    # -- answers of the data worker --------------------------------------------------------

    def written(self, message: ExportWritten) -> None:
        screen = self.screen
        lines = [f"Exported {message.counts} to {tilde(message.path)}"]
        if message.skipped:
            lines.append(f"No event for {plural(len(message.skipped), 'contact')}:")
            lines += [clean_line(line) for line in message.skipped]
        unsaved = len(screen.ws.changes.unsaved()) if screen.workspace is not None else 0
        if unsaved:
            lines.append(f"Not in it: {plural(unsaved, 'change')} not saved yet (r retries).")
        screen.notify("\n".join(lines), timeout=8, markup=False)

    def failed(self, message: ExportFailed) -> None:
        self.screen.notify(
            f"Nothing was exported: {clean_line(message.error)}",
            severity="error",
            timeout=10,
            markup=False,
        )
