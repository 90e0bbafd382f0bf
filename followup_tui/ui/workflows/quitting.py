"""Quitting: at once, after the writes under way, or after asking about unsaved attempts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from followup_tui.ui.change_state import QuitAnswer
from followup_tui.ui.text import plural

if TYPE_CHECKING:
    from followup_tui.ui.screens.main import MainScreen


class QuitFlow:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    def request(self) -> None:
        screen = self.screen
        if screen.workspace is None:
            screen.app.exit()
            return
        screen.saver.write_now()
        changes = screen.ws.changes
        answer = changes.quit_requested()
        if answer == QuitAnswer.WAIT:
            # Wait for the writes under way: one that fails must be asked about, not lost.
            screen.notify("Saving before quitting…", timeout=3)
            return
        if answer == QuitAnswer.NOW:
            screen.app.exit()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                screen.app.exit()

        question = (
            f"{plural(len(changes.unsaved()), 'attempt')} could not be saved yet and will be "
            "lost.\nQuit anyway?"
        )
        from followup_tui.ui.screens.confirm import ConfirmScreen  # loads with its first use

        screen.app.push_screen(ConfirmScreen(question), answered)

    def after_answer(self) -> None:
        """After each answer of the data worker: a quit that waited goes on."""
        screen = self.screen
        if screen.workspace is not None and screen.ws.changes.quit_may_go_on():
            self.request()
