"""Settings (``s``): the form, then the data worker writes them and every screen follows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from followup_tui.domain.rules import local_date
from followup_tui.domain.settings import Settings
from followup_tui.ui.messages import SettingsSaved, SettingsSaveFailed

if TYPE_CHECKING:
    from followup_tui.ui.screens.main import MainScreen


class SettingsFlow:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    def open(self) -> None:
        screen = self.screen
        ws = screen.ws
        from followup_tui.ui.screens.settings_form import SettingsForm

        form = SettingsForm(
            ws.snapshot.settings,
            year=local_date(ws.now(), ws.user_zone).year,
            problems=ws.snapshot.problems,
        )

        def closed(settings: Settings | None) -> None:
            # Saved when changed, or to put right the values of the file that were ignored.
            if settings is not None and (settings != ws.snapshot.settings or form.problems):
                screen.followup.data.save_settings(settings)

        screen.app.push_screen(form, closed)

    def saved(self, message: SettingsSaved) -> None:
        self.screen.notify("Settings saved; every rule follows them now", timeout=3)

    def save_failed(self, message: SettingsSaveFailed) -> None:
        self.screen.notify(
            f"Could not save the settings: {message.error}. The old ones stay.",
            severity="error",
            timeout=10,
            markup=False,
        )
