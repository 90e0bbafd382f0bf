"""Export from inside the app (ctrl+e, or "export" in the palette): the dialog, the file it
writes off the UI thread, and the notice that says what is in it."""

from __future__ import annotations

import csv
import io
import json
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from textual.content import Content
from textual.widgets import Input, Select, Static

import followup_tui.io.export as export_module
from followup_tui.domain.clock import frozen_clock
from followup_tui.io.importer import import_file
from followup_tui.storage import Store
from followup_tui.ui.screens.confirm import ConfirmScreen
from followup_tui.ui.screens.export_form import ExportForm

from ._app_helpers import (
    NOW,
    REAL_NOW,
    app_on,
    run_from_palette,
    wait_for,
    wait_loaded,
    write_small_data,
)

CLOCKS = pytest.mark.parametrize("now", [NOW, REAL_NOW], ids=["whole-minute", "microseconds"])


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's home folder, where the dialog offers to write (never the real one)."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    return folder


def notices(app: Any) -> list[str]:
    return [str(n.message) for n in app._notifications]


def error_text(app: Any) -> str:
    visual = app.screen.query_one("#error-path", Static).visual
    assert isinstance(visual, Content)
    return visual.plain


async def open_dialog(pilot: Any) -> ExportForm:
    await pilot.press("ctrl+e")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ExportForm), what="the dialog")
    screen = pilot.app.screen
    assert isinstance(screen, ExportForm)
    return screen


async def export_done(pilot: Any) -> str:
    """The notice of a finished export (or a failed one)."""
    app = pilot.app
    await wait_for(
        pilot,
        lambda: any(n.startswith(("Exported", "Nothing was exported")) for n in notices(app)),
        what="the export to finish",
    )
    return next(n for n in notices(app) if n.startswith(("Exported", "Nothing was exported")))


def records(path: Path) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Contacts (name, company, phones, timezone) and attempts (name, at, channel, outcome,
    caller ID, note) of a data file, sorted."""
    snapshot = Store.open(path, clock=frozen_clock(NOW)).snapshot()
    contacts = sorted(
        (c.name, c.company, c.phones, c.timezone, c.status) for c in snapshot.contacts.values()
    )
    attempts = sorted(
        (
            snapshot.contacts[a.contact_id].name,
            a.at,
            a.channel,
            a.outcome,
            a.caller_id,
            a.note,
        )
        for a in snapshot.all_attempts()
    )
    return contacts, attempts


@CLOCKS
async def test_ctrl_e_exports_json_that_imports_back_to_the_same_records(
    db_path: Path, home: Path, tmp_path: Path, now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_small_data(db_path)
    threads: list[str] = []
    real_write = export_module.write_export

    def spy(path: Path, data: bytes) -> None:
        threads.append(threading.current_thread().name)
        real_write(path, data)

    monkeypatch.setattr(export_module, "write_export", spy)
    app = app_on(db_path, now)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_loaded(pilot)
        form = await open_dialog(pilot)
        assert form.query_one("#path", Input).value == "~/followup-export-2026-11-26.json"
        await pilot.press("enter")  # export at once, with what the dialog offers
        notice = await export_done(pilot)
        assert notice == "Exported 4 contacts, 6 attempts to ~/followup-export-2026-11-26.json"
        assert not isinstance(app.screen, ExportForm)
    assert [t.startswith("followup-data") for t in threads] == [True]
    out = home / "followup-export-2026-11-26.json"
    assert out.stat().st_mode & 0o777 == 0o600
    assert json.loads(out.read_bytes())["app"] == "followup-tui"
    again = tmp_path / "again.json"
    import_file(out, Store.open(again, clock=frozen_clock(NOW)), now=NOW)
    assert records(again) == records(db_path)
    assert len(records(again)[1]) == 6


@CLOCKS
async def test_palette_export_writes_the_attempt_history_as_csv(
    db_path: Path, home: Path, now: datetime
) -> None:
    write_small_data(db_path)
    app = app_on(db_path, now)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_loaded(pilot)
        await run_from_palette(pilot, "export", "file: Export…")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportForm), what="the dialog")
        await pilot.press("c")  # one key: CSV, and the offered file follows
        form = app.screen
        assert form.query_one("#format", Select).value == "csv"
        assert form.query_one("#path", Input).value == "~/followup-export-2026-11-26.csv"
        await pilot.press("ctrl+s")
        notice = await export_done(pilot)
    assert notice == "Exported 6 attempts to ~/followup-export-2026-11-26.csv"
    assert not (home / "followup-export-2026-11-26.json").exists()
    text = (home / "followup-export-2026-11-26.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["name"], r["outcome"], r["at"]) for r in rows] == [
        ("Dora Kim", "reached", "2026-11-02T19:00:00+00:00"),
        ("Bashir Rahman", "sent", "2026-11-10T09:30:00+00:00"),
        ("Bashir Rahman", "sent", "2026-11-16T09:30:00+00:00"),
        ("Ann Lee", "reached", "2026-11-23T21:10:00+00:00"),
        ("Ann Lee", "no_answer", "2026-11-24T15:00:00+00:00"),
        ("Ann Lee", "voicemail", "2026-11-25T21:20:00+00:00"),
    ]


@CLOCKS
async def test_ics_export_parses_and_the_notice_counts_its_events(
    db_path: Path, home: Path, tmp_path: Path, now: datetime
) -> None:
    write_small_data(db_path)
    app = app_on(db_path, now)
    target = tmp_path / "calendar.ics"
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_loaded(pilot)
        form = await open_dialog(pilot)
        await pilot.press("i")
        form.query_one("#path", Input).value = str(target)
        await pilot.press("ctrl+s")
        notice = await export_done(pilot)
    calendar = Calendar.from_ical(target.read_bytes())
    events = [c for c in calendar.walk("VEVENT")]
    summaries = sorted(str(e["SUMMARY"]) for e in events)
    # Chen has no attempt yet: due at once; the other three are due by their last outcome.
    assert summaries == [
        "Follow up: Ann Lee (Acme Robotics)",
        "Follow up: Bashir Rahman (Thameside Capital)",
        "Follow up: Chen Wei (Harbour AI)",
        "Follow up: Dora Kim (Lattice Health)",
    ]
    assert notice == f"Exported 4 events, 0 to-dos to {target}"


@CLOCKS
async def test_an_existing_file_is_replaced_only_after_asking(
    db_path: Path, home: Path, now: datetime
) -> None:
    write_small_data(db_path)
    out = home / "followup-export-2026-11-26.json"
    out.write_text("keep me")
    app = app_on(db_path, now)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_loaded(pilot)
        await open_dialog(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="the question")
        question = app.screen.query_one("#confirm-question", Static).visual
        assert isinstance(question, Content)
        assert question.plain.startswith("~/followup-export-2026-11-26.json exists.")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ExportForm)
        assert out.read_text() == "keep me"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="the question")
        await pilot.press("y")
        await export_done(pilot)
    assert json.loads(out.read_bytes())["contacts"][0]["name"] == "Ann Lee"


@CLOCKS
async def test_the_data_file_a_missing_folder_and_no_path_are_refused_next_to_the_field(
    db_path: Path, home: Path, tmp_path: Path, now: datetime
) -> None:
    write_small_data(db_path)
    before = db_path.read_bytes()
    app = app_on(db_path, now)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_loaded(pilot)
        form = await open_dialog(pilot)
        path = form.query_one("#path", Input)
        path.value = str(db_path)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert error_text(app) == f"{db_path}: is the data file itself; export to another file"
        assert app.screen is form
        path.value = str(tmp_path / "nowhere" / "x.json")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert error_text(app) == f"{tmp_path / 'nowhere'}: no such folder"
        path.value = "  "
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert error_text(app) == "Type the path of the file to export to."
        assert app.screen is form
        assert not any(n.startswith("Exported") for n in notices(app))
    assert db_path.read_bytes() == before
    assert list(home.iterdir()) == []


@CLOCKS
async def test_an_error_fixed_outside_the_form_is_hidden_while_the_form_asks(
    db_path: Path, home: Path, tmp_path: Path, now: datetime
) -> None:
    # The folder is missing, then made (and the file put there) without touching the field:
    # the next save is valid and asks first, and the form shows no error while it asks.
    write_small_data(db_path)
    folder = tmp_path / "later"
    out = folder / "x.json"
    app = app_on(db_path, now)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_loaded(pilot)
        form = await open_dialog(pilot)
        form.query_one("#path", Input).value = str(out)
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        label = form.query_one("#error-path", Static)
        assert error_text(app) == f"{folder}: no such folder"
        assert label.has_class("-shown")
        folder.mkdir()
        out.write_text("keep me")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="the question")
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is form
        assert error_text(app) == ""
        assert not label.has_class("-shown")
        assert form.focused is form.query_one("#path", Input)
    assert out.read_text() == "keep me"


@CLOCKS
async def test_escape_leaves_without_writing(db_path: Path, home: Path, now: datetime) -> None:
    write_small_data(db_path)
    before = db_path.read_bytes()
    app = app_on(db_path, now)
    async with app.run_test(size=(120, 36)) as pilot:
        main = await wait_loaded(pilot)
        await open_dialog(pilot)
        await pilot.press("c", "escape")
        await pilot.pause()
        assert app.screen is main
        await pilot.pause(0.2)
    assert list(home.iterdir()) == []
    assert db_path.read_bytes() == before
    assert not any(n.startswith("Exported") for n in notices(app))


async def test_a_saved_attempt_is_in_the_export_and_a_failed_write_loses_nothing(
    db_path: Path, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = write_small_data(db_path)
    app = app_on(db_path, REAL_NOW)
    out = tmp_path / "x.json"
    out.write_text("old export")
    real_write = export_module.write_export

    def full_disk(path: Path, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    async with app.run_test(size=(120, 36)) as pilot:
        await wait_loaded(pilot, select=ids["chen"])
        await pilot.press("l", "2")  # a voicemail for Chen, logged now
        await pilot.pause()
        monkeypatch.setattr(export_module, "write_export", full_disk)
        form = await open_dialog(pilot)
        form.query_one("#path", Input).value = str(out)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="the question")
        await pilot.press("y")
        notice = await export_done(pilot)
        assert notice == f"Nothing was exported: cannot write {out}: No space left on device"
        assert out.read_text() == "old export"
        monkeypatch.setattr(export_module, "write_export", real_write)
        app._notifications.clear()
        await open_dialog(pilot)
        app.screen.query_one("#path", Input).value = str(out)
        await pilot.press("ctrl+s", "y")
        notice = await export_done(pilot)
    assert notice == f"Exported 4 contacts, 7 attempts to {out}"
    exported = json.loads(out.read_bytes())
    chen = [a for a in exported["attempts"] if a["contact_id"] == ids["chen"]]
    assert [(a["outcome"], a["at"]) for a in chen] == [("voicemail", "2026-11-26T14:05:07+00:00")]
