"""The data file's state: read-only from the start, or replaced or gone while open (nothing is
saved until the user chooses what to do)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from followup_tui.ui.messages import FileAdopted, FileLost, FileReadOnly
from followup_tui.ui.text import plural

if TYPE_CHECKING:
    from followup_tui.ui.screens.file_lost import FileLostScreen
    from followup_tui.ui.screens.main import MainScreen


class FileFlow:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.dialog: FileLostScreen | None = None

    def read_only(self, message: FileReadOnly) -> None:
        """Told at start, not at the first save; the summary bar keeps saying it."""
        screen = self.screen
        screen.ws.read_only = message.reason
        screen.notify(
            f"{message.reason}.",
            title="Read-only",
            severity="warning",
            timeout=15,
            markup=False,
        )
        screen.data_changed()

    def lost(self, message: FileLost) -> None:
        """Stop saving and ask (the dialog is replaced when what can be chosen changed)."""
        screen = self.screen
        screen.ws.file_lost = message.error
        screen.data_changed()
        unsaved = len(screen.ws.changes.pending())
        if self.dialog is not None:  # asked already: the question now, with what is possible
            self.dialog.ask(
                message.error,
                gone=message.gone,
                can_write_back=message.can_write_back,
                unsaved=unsaved,
            )
            return
        # The dialog loads with its first use (the first frame does not wait for it).
        from followup_tui.ui.screens.file_lost import QUIT, WRITE_BACK, FileLostScreen

        dialog = FileLostScreen(
            message.error,
            gone=message.gone,
            can_write_back=message.can_write_back,
            unsaved=unsaved,
        )
        self.dialog = dialog

        def answered(answer: str | None) -> None:
            if self.dialog is dialog:
                self.dialog = None
            if answer is None or screen.ws.file_lost is None:
                return  # the file came back by itself meanwhile: nothing to do
            if answer == QUIT:
                screen.app.exit()
                return
            screen.followup.data.adopt(write_back=answer == WRITE_BACK)

        screen.app.push_screen(dialog, answered)

    def adopted(self, message: FileAdopted) -> None:
        """Saving goes on: what waited is written (into our own file put back), or dropped
        (the user went on with another file, whose ids name other people)."""
        screen = self.screen
        ws = screen.ws
        ws.file_lost = None
        dialog, self.dialog = self.dialog, None
        if dialog is not None and screen.app.screen is dialog:
            dialog.dismiss(None)
        if message.how == "new":
            left = ws.changes.file_left()
            for change in left:
                if change.attempt is not None:
                    ws.attempt_dropped(change)
            text = "Now on the file at the path"
            if left:
                text += f"; {plural(len(left), 'change')} of the other file not saved"
            screen.notify(text, title="Data file", timeout=8, markup=False)
        else:
            back = message.how == "back"
            screen.notify(
                "The data file is back at its path; saving goes on"
                if back
                else "The data file is back in place; saving goes on",
                title="Data file",
                timeout=6,
            )
            screen.saver.retry_now()
        screen.data_changed(force=True)

    def show_problems(self) -> None:
        from followup_tui.ui.screens.problems import ProblemsScreen  # loads with its first use

        ws = self.screen.ws
        self.screen.app.push_screen(ProblemsScreen(ws.snapshot.problems, ws.snapshot.contacts))
