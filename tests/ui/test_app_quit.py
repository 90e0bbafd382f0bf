"""Quitting by every way there is: q, ctrl+q and the palette all ask before unsaved attempts
are lost, and all of them quit when nothing is at risk."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

import followup_tui.ui.changes as changes_module
from followup_tui.storage import SaveError
from followup_tui.ui.commands import MAIN_COMMANDS
from followup_tui.ui.screens.confirm import ConfirmScreen
from followup_tui.ui.screens.main import MainScreen

from ._app_helpers import (
    SIZE,
    app_on,
    fail_attempt_saves,
    file_tables,
    run_from_palette,
    wait_for,
    wait_loaded,
    write_small_data,
)


async def _quit_from_palette(pilot) -> None:  # type: ignore[no-untyped-def]
    await run_from_palette(pilot, "app: quit", "app: Quit")


@pytest.mark.parametrize("how", ["q", "ctrl+q", "palette"])
async def test_every_way_to_quit_quits(db_path: Path, how: str) -> None:
    write_small_data(db_path)
    app = app_on(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        if how == "palette":
            await _quit_from_palette(pilot)
        else:
            await pilot.press(how)
        await wait_for(pilot, lambda: not app.is_running, what="the app to quit")


@pytest.mark.parametrize("how", ["q", "ctrl+q", "palette"])
async def test_every_way_to_quit_asks_before_unsaved_attempts_are_lost(
    db_path: Path, now: datetime, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    ids = write_small_data(db_path)
    fail_attempt_saves(monkeypatch, 100, SaveError("disk full; the file is unchanged"))
    monkeypatch.setattr(changes_module, "RETRY_S", 600)
    app = app_on(db_path, now)
    async with app.run_test(size=SIZE) as pilot:
        main = await wait_loaded(pilot, select=ids["chen"])
        await pilot.press("l", "1", "ctrl+s")
        await wait_for(pilot, lambda: bool(main.ws.changes.unsaved()), what="the failure")
        if how == "palette":
            await _quit_from_palette(pilot)
        else:
            await pilot.press(how)
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="the question")
        assert app.is_running
        assert "1 attempt could not be saved yet" in app.screen.question  # type: ignore[attr-defined]
        await pilot.press("n")
        assert isinstance(app.screen, MainScreen) and app.is_running
        assert len(main.ws.changes.unsaved()) == 1
    assert not [
        a for a in file_tables(db_path)["attempts"].values() if a["contact_id"] == ids["chen"]
    ]


def test_every_palette_command_runs_an_action_of_the_main_screen() -> None:
    for command in MAIN_COMMANDS:
        assert callable(getattr(MainScreen, f"action_{command.action}", None)), command.title


async def test_quit_waits_for_a_save_under_way_and_asks_if_it_fails(
    db_path: Path, now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """q right after logging: the save is still under way, so quitting waits for it; when it
    fails, the user is asked instead of losing the attempt without a word."""
    import threading

    from followup_tui.storage import Store

    ids = write_small_data(db_path)
    release = threading.Event()

    def slow_failing_add(self, attempt):  # type: ignore[no-untyped-def]
        assert release.wait(30), "the test never let the save finish"
        raise SaveError("disk full; the file is unchanged")

    monkeypatch.setattr(Store, "add_attempt", slow_failing_add)
    monkeypatch.setattr(changes_module, "RETRY_S", 600)
    app = app_on(db_path, now)
    async with app.run_test(size=SIZE) as pilot:
        main = await wait_loaded(pilot, select=ids["chen"])
        await pilot.press("l", "1", "ctrl+s")
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running  # waiting for the save, not gone
        assert not isinstance(app.screen, ConfirmScreen)
        release.set()
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="the question")
        assert "1 attempt could not be saved yet" in app.screen.question  # type: ignore[attr-defined]
        assert app.is_running
        await pilot.press("n")
        assert len(main.ws.changes.unsaved()) == 1


async def test_quit_right_after_a_log_quits_once_saved(db_path: Path, now: datetime) -> None:
    ids = write_small_data(db_path)
    app = app_on(db_path, now)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot, select=ids["chen"])
        await pilot.press("l", "1", "ctrl+s", "q")
        await wait_for(pilot, lambda: not app.is_running, what="the app to quit")
    assert [
        a["outcome"]
        for a in file_tables(db_path)["attempts"].values()
        if a["contact_id"] == ids["chen"]
    ] == ["reached"]
