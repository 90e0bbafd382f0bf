"""Start-up on a large file: contacts listed from the file's head first, attempts after; a file
found broken while loading ends the app with status 2 and the reason kept for the command line."""

from __future__ import annotations

import asyncio
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from followup_tui.domain.clock import frozen_clock
from followup_tui.storage.peek import check_before_start
from followup_tui.ui import data as data_module
from followup_tui.ui.app import FollowupApp, make_app
from followup_tui.ui.data import DataService
from followup_tui.ui.screens.attempt_form import AttemptForm
from followup_tui.ui.screens.main import MainScreen
from followup_tui.ui.widgets.filter_input import FilterInput
from followup_tui.ui.workflows.loading import LoadFlow

from ._app_helpers import (
    NOW,
    NY,
    REAL_NOW,
    SIZE,
    app_on,
    data_worker_idle,
    file_tables,
    wait_for,
    wait_loaded,
    write_small_data,
)


async def test_contacts_show_before_the_attempts_are_read(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_small_data(db_path)
    monkeypatch.setattr(data_module, "HEAD_FIRST_BYTES", 0)  # the small file goes head first
    # However slow the first frame is on a loaded machine, the read waits for it.
    monkeypatch.setattr(data_module, "PAINT_WAIT_S", 60.0)
    release = threading.Event()
    painted_before_read: list[bool] = []
    real_read = DataService._read

    def held_read(self: DataService, message: type) -> None:
        painted_before_read.append(self._painted.is_set())
        assert release.wait(60), "the test never let the read go on"
        real_read(self, message)

    monkeypatch.setattr(DataService, "_read", held_read)
    app = app_on(db_path)
    async with app.run_test(size=SIZE) as pilot:
        main = app.main_screen
        await wait_for(pilot, lambda: main.contact_list.row_count == 4, what="the names")
        assert not main.ws.loaded
        # No attempt is known yet: sorted by name, the attempt columns pending.
        names = [r.name for r in main.contact_list.visible_rows()]
        assert names == ["Ann Lee", "Bashir Rahman", "Chen Wei", "Dora Kim"]
        line = main.contact_list.render_line(1).text
        # Name and company read in full (the status column makes room for them at 120×36);
        # the three columns the attempts decide are pending.
        assert line.startswith("Ann Lee ") and " Acme Robotics " in line
        assert line.rstrip().endswith("…") and line.count("…") == 3
        bar = str(main.query_one("#summary-bar").render())
        assert "4 contacts" in bar and "reading attempts" in bar
        assert "Reading the attempts" in main.timeline.plain_text
        assert main.check_action("edit_contact", ()) is None  # not before the file is read
        assert main.check_action("log_attempt", ()) is True  # waits for it (below)
        assert main.check_action("filter", ()) is True
        await pilot.press("down")  # the user moves to Bashir meanwhile
        await pilot.pause()
        assert painted_before_read == [True]  # the whole read waited for the names frame

        release.set()
        await wait_loaded(pilot)
        # Everything known now: the cursor stays on Bashir, the rows are in due order.
        assert main.contact_list.highlighted_id is not None
        assert main.selected is not None and main.selected.name == "Bashir Rahman"
        names = [r.name for r in main.contact_list.visible_rows()]
        assert names == ["Bashir Rahman", "Chen Wei", "Ann Lee", "Dora Kim"]
        line = main.contact_list.render_line(3).text
        assert line.startswith("Ann Lee") and line.count("…") == line.count("Robot…")
        assert main.check_action("log_attempt", ()) is True
        assert "Bashir Rahman" in main.timeline.plain_text


def _hold_the_read(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The whole read of the file waits for the returned event (the names come first)."""
    monkeypatch.setattr(data_module, "HEAD_FIRST_BYTES", 0)
    monkeypatch.setattr(data_module, "PAINT_WAIT_S", 60.0)
    release = threading.Event()
    real_read = DataService._read

    def held_read(self: DataService, message: type) -> None:
        assert release.wait(60), "the test never let the read go on"
        real_read(self, message)

    monkeypatch.setattr(DataService, "_read", held_read)
    return release


async def _names_listed(pilot: Any) -> MainScreen:
    """The main screen, once the four names of the small file are listed (the history held)."""
    main: MainScreen = pilot.app.main_screen
    await wait_for(pilot, lambda: main.contact_list.row_count == 4, what="the names")
    return main


@pytest.mark.parametrize("now", [NOW, REAL_NOW], ids=["round-clock", "real-clock"])
async def test_l_pressed_before_the_attempts_are_read_opens_the_form_once_they_are(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, now: datetime
) -> None:
    """On a big file the names show a moment before the history: l pressed then is not lost.
    It says it waits, the form opens for that contact when the history is in (the cursor
    stays on it, though the rows are sorted again), and the attempt reaches the file."""
    ids = write_small_data(db_path)
    before = set(file_tables(db_path)["attempts"])
    release = _hold_the_read(monkeypatch)
    app = app_on(db_path, now=now)
    async with app.run_test(size=SIZE) as pilot:
        main = await _names_listed(pilot)
        assert main.selected is not None and main.selected.name == "Ann Lee"  # first by name
        await pilot.press("l")
        await pilot.pause()
        assert app.screen is main
        assert any("opens as soon as" in str(n.message) for n in app._notifications)
        release.set()
        await wait_for(pilot, lambda: isinstance(app.screen, AttemptForm), what="the form")
        form = app.screen
        assert isinstance(form, AttemptForm) and form.contact.id == ids["ann"]
        assert main.selected is not None and main.selected.id == ids["ann"]
        await pilot.press("2")  # an untouched form logs the outcome key at once
        await wait_for(pilot, lambda: app.screen is main, what="the form to close")
        await data_worker_idle(pilot)
    saved = [a for k, a in file_tables(db_path)["attempts"].items() if k not in before]
    stored = {NOW: "2026-11-26T14:05:00+00:00", REAL_NOW: "2026-11-26T14:05:07+00:00"}[now]
    assert [(a["contact_id"], a["outcome"], a["at"]) for a in saved] == [
        (ids["ann"], "voicemail", stored)
    ]


async def test_l_waits_for_nothing_once_the_user_moves_on(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """l, then down before the history is in: the user went on to another contact, so no
    form opens by itself when it is."""
    write_small_data(db_path)
    release = _hold_the_read(monkeypatch)
    app = app_on(db_path)
    async with app.run_test(size=SIZE) as pilot:
        main = await _names_listed(pilot)
        await pilot.press("l", "down")
        await pilot.pause()
        release.set()
        await wait_loaded(pilot)
        await pilot.pause()
        assert app.screen is main
        assert main.selected is not None and main.selected.name == "Bashir Rahman"


async def test_untouched_cursor_goes_to_the_most_due_once_loaded(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_small_data(db_path)
    monkeypatch.setattr(data_module, "HEAD_FIRST_BYTES", 0)
    app = app_on(db_path)
    async with app.run_test(size=SIZE) as pilot:
        main = await wait_loaded(pilot)
        assert main.selected is not None and main.selected.name == "Bashir Rahman"
        assert main.contact_list.has_focus


async def test_a_file_broken_past_its_head_ends_the_app_with_the_reason(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_small_data(db_path)
    db_path.write_bytes(db_path.read_bytes() + b"garbage")
    before = db_path.read_bytes()
    monkeypatch.setattr(data_module, "HEAD_FIRST_BYTES", 0)
    app = app_on(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.load_error is not None, what="the load to fail")
    assert app.return_code == 2
    assert app.load_error is not None
    assert app.load_error.startswith(f"{db_path}: not valid JSON")
    assert app.load_error_damaged
    assert db_path.read_bytes() == before


async def test_keys_typed_before_the_contacts_come_go_to_the_list_not_the_hidden_filter(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_small_data(db_path)
    monkeypatch.setattr(DataService, "start", lambda self, post: None)  # a file slow to read
    app = app_on(db_path)
    async with app.run_test(size=SIZE) as pilot:
        main = app.main_screen
        await pilot.pause()
        assert app.focused is main.contact_list
        await pilot.press("a", "n", "n")
        await pilot.pause()
        assert main.query_one(FilterInput).value == ""
        assert app.focused is main.contact_list


def _app_with_head(path: Path, now: datetime) -> FollowupApp:
    """As the command line starts it: the file's head read and checked before the app."""
    return make_app(path, clock=frozen_clock(now), user_tz=NY, head=check_before_start(path))


def _record_layouts(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, bool]]:
    """Each layout of the main screen: (rows in the contact list, contacts pane loading)."""
    layouts: list[tuple[int, bool]] = []
    real_layout = MainScreen._refresh_layout

    def layout(self: MainScreen, *args: Any, **kwargs: Any) -> None:
        pane = self.query_one("#contacts-pane")
        layouts.append((self.contact_list.row_count, pane.loading))
        real_layout(self, *args, **kwargs)

    monkeypatch.setattr(MainScreen, "_refresh_layout", layout)
    return layouts


def _count_listings(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of rows each time the main screen was given the listed contacts."""
    listings: list[int] = []
    real_listed = LoadFlow.contacts_listed

    def listed(self: LoadFlow, message: Any) -> None:
        listings.append(len(message.rows))
        real_listed(self, message)

    monkeypatch.setattr(LoadFlow, "contacts_listed", listed)
    return listings


def _assert_loaded(main: MainScreen) -> None:
    """Every attempt read: the rows in due order, the cursor on the most due, its timeline."""
    names = [r.name for r in main.contact_list.visible_rows()]
    assert names == ["Bashir Rahman", "Chen Wei", "Ann Lee", "Dora Kim"]
    assert main.selected is not None and main.selected.name == "Bashir Rahman"
    assert main.contact_list.has_focus
    assert "Bashir Rahman" in main.timeline.plain_text


@pytest.mark.parametrize("now", [NOW, REAL_NOW], ids=["round", "microseconds"])
async def test_contacts_listed_while_the_app_starts_are_in_its_first_layout(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, now: datetime
) -> None:
    # The command line read the head: the worker lists it while Textual starts, and the main
    # screen's first layout already has the names (no "loading" pane, no second layout).
    write_small_data(db_path)
    before = db_path.read_bytes()
    layouts = _record_layouts(monkeypatch)
    listings = _count_listings(monkeypatch)
    app = _app_with_head(db_path, now)
    await asyncio.to_thread(app.data.wait_idle)  # the early listing is done
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: bool(layouts), what="the first layout")
        assert layouts[0] == (4, False)
        assert all(not loading for _, loading in layouts)
        main = await wait_loaded(pilot)
        assert listings == [4]
        _assert_loaded(main)
    assert db_path.read_bytes() == before


@pytest.mark.parametrize("now", [NOW, REAL_NOW], ids=["round", "microseconds"])
async def test_contacts_listed_after_the_screen_mounted_come_by_message(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, now: datetime
) -> None:
    # The early listing is not done when the main screen mounts (a slow machine, a large
    # head): the pane shows it is loading, the listing comes by message, once.
    write_small_data(db_path)
    release = threading.Event()
    real_list = DataService._list_contacts

    def slow_list(self: DataService, head: Any) -> Any:
        assert release.wait(60), "the test never let the listing go on"
        return real_list(self, head)

    monkeypatch.setattr(DataService, "_list_contacts", slow_list)
    listings = _count_listings(monkeypatch)
    app = _app_with_head(db_path, now)
    async with app.run_test(size=SIZE) as pilot:
        main = app.main_screen
        await pilot.pause()
        assert main.query_one("#contacts-pane").loading
        assert main.contact_list.row_count == 0
        release.set()
        main = await wait_loaded(pilot)
        assert listings == [4]
        assert not main.query_one("#contacts-pane").loading
        _assert_loaded(main)


async def test_an_early_listing_that_fails_ends_the_app_with_the_reason(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The listing fails on the worker before the app runs: the load lists the head again and
    # reports the failure as any first read does; nothing is written.
    write_small_data(db_path)
    before = db_path.read_bytes()
    calls: list[int] = []

    def broken_list(self: DataService, head: Any) -> Any:
        calls.append(1)
        raise ValueError("unreadable head")

    monkeypatch.setattr(DataService, "_list_contacts", broken_list)
    app = _app_with_head(db_path, NOW)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.load_error is not None, what="the load to fail")
    assert app.return_code == 2
    assert app.load_error == "the data file could not be read (ValueError: unreadable head)"
    assert calls == [1, 1]
    assert db_path.read_bytes() == before


async def test_the_footer_is_built_again_only_when_its_keys_change(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Edit is dimmed while the history is read and lit once it is in (the same keys, only
    their state changes); opening and closing the log form changes nothing in it (no new
    footer, no new layout before the next key). Each key is born in the footer's style."""
    from textual.widgets._footer import FooterKey

    from followup_tui.ui.widgets.steady_footer import SteadyFooter

    write_small_data(db_path)
    release = _hold_the_read(monkeypatch)
    app = app_on(db_path)
    async with app.run_test(size=SIZE) as pilot:
        main = await _names_listed(pilot)
        await pilot.pause()
        footer = main.query_one(SteadyFooter)

        def edit_key() -> FooterKey:
            return next(k for k in footer.query(FooterKey) if k.action == "edit_contact")

        assert edit_key().has_class("-disabled") and edit_key()._disabled
        keys = list(footer.query(FooterKey))
        row = [k for k in keys if not k.has_class("-command-palette")]
        assert all(k.compact == footer.compact is False for k in row)
        assert not any(k.has_class("-compact") for k in row)
        release.set()
        await wait_loaded(pilot)
        await wait_for(pilot, lambda: not edit_key().has_class("-disabled"), what="edit lit")
        assert not edit_key()._disabled  # a click on it edits
        assert list(footer.query(FooterKey)) == keys  # lit in place, not built again
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, AttemptForm), what="the form")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is main, what="the form to close")
        await pilot.pause()
        assert list(footer.query(FooterKey)) == keys  # the same widgets: not built again


async def test_the_footer_is_built_once_as_the_app_starts(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bindings are announced several times while the main screen starts (mount, focus,
    the contacts listed): the footer is built with its keys once, not once per announcement."""
    from followup_tui.ui.widgets.steady_footer import SteadyFooter

    builds: list[int] = []
    compose = SteadyFooter.compose

    def counted(self: SteadyFooter) -> Any:
        if self._bindings_ready:
            builds.append(len(self.screen.active_bindings))
        return compose(self)

    monkeypatch.setattr(SteadyFooter, "compose", counted)
    write_small_data(db_path)
    app = app_on(db_path)
    async with app.run_test(size=SIZE) as pilot:
        main = await wait_loaded(pilot, select=1)
        for _ in range(5):
            await pilot.pause()
        assert len(builds) == 1, builds
        assert [k.key for k in main.query_one(SteadyFooter).query("FooterKey")][:2] == ["l", "n"]
