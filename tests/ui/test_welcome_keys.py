"""The welcome screen of a new, empty file never traps keys: ``?`` then ``escape`` right after
the start leaves ``n`` and ``?`` working (it once left them dead, typed into hidden panes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from followup_tui.ui.screens.contact_form import ContactForm
from followup_tui.ui.screens.help import HelpScreen
from tests.ui._app_helpers import app_on, main_screen, wait_for, wait_loaded


@pytest.mark.parametrize("wait_before", [1, 3, 10])
async def test_help_then_escape_right_after_start_leaves_n_and_help_working(
    tmp_path: Path, wait_before: int
) -> None:
    app = app_on(tmp_path / "new.json")
    async with app.run_test(size=(120, 36)) as pilot:
        for _ in range(wait_before):
            await pilot.pause()
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), what="the help")
        await wait_loaded(pilot)  # the file is read while the help is open
        await pilot.press("escape")
        await pilot.pause()
        main = main_screen(app)
        assert app.screen is main and main.has_class("-empty")
        focused = main.focused
        assert focused is None or focused.display and all(a.display for a in focused.ancestors)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), what="help again")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactForm), what="the form")
