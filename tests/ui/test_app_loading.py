"""Start-up on a large file: contacts listed from the file's head first, attempts after; a file
found broken while loading ends the app with status 2 and the reason kept for the command line."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from followup_tui.ui import data as data_module
from followup_tui.ui.data import DataService
from followup_tui.ui.widgets.filter_input import FilterInput

from ._app_helpers import SIZE, app_on, wait_for, wait_loaded, write_small_data


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
        assert main.check_action("log_attempt", ()) is None  # nothing to log against yet
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
