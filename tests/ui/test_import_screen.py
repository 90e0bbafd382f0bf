"""The import screen under Pilot: the import runs in a thread, its summary shown as text."""

from __future__ import annotations

import asyncio
import os
import threading
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.content import Content
from textual.widgets import Input, Static

import followup_tui.ui as ui_package
from followup_tui.domain.clock import frozen_clock
from followup_tui.io import importer
from followup_tui.storage import Store
from followup_tui.ui.data import DataService
from followup_tui.ui.screens.import_contacts import ImportContactsScreen, path_from_input
from tests.conftest import FROZEN_NOW
from tests.unit.import_helpers import fifo_unblocked_after

from ._app_helpers import wait_for

DATA = Path(__file__).resolve().parent.parent / "data"
STYLESHEET = Path(ui_package.__file__).parent / "followup.tcss"


class Host(App[None]):
    """The import screen alone, on a data worker of its own (the app's would be reading)."""

    CSS_PATH = STYLESHEET

    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.db_path = db_path
        self.data = DataService(db_path, frozen_clock(FROZEN_NOW))
        self.results: list[Any] = []

    def on_mount(self) -> None:
        self.push_screen(ImportContactsScreen(self.data), self.results.append)

    async def on_unmount(self) -> None:
        await asyncio.to_thread(self.data.close)


def text_of(app: App[Any], selector: str) -> str:
    visual = app.screen.query_one(selector, Static).visual
    assert isinstance(visual, Content)
    return visual.plain


async def run_and_wait(pilot: Any, path: str, *keys: str) -> None:
    """Start the import and wait until the data worker's answer ended the running state."""
    screen = pilot.app.screen
    screen.query_one("#import-path", Input).value = path
    await pilot.press(*keys)
    await wait_for(pilot, lambda: not screen.running, what="the import to end")


async def test_import_runs_off_the_ui_thread_and_shows_the_summary(db_path, monkeypatch):
    threads: list[threading.Thread] = []
    real = importer.import_source

    def spy(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(importer, "import_source", spy)
    app = Host(db_path)
    async with app.run_test(size=(110, 36)) as pilot:
        await run_and_wait(pilot, str(DATA / "contacts_generic.csv"), "enter")
        assert [t.name.startswith("followup-data") for t in threads] == [True]
        assert text_of(app, "#import-report").splitlines() == [
            "line 5: skipped: no name (e-mail orphan@example.com)",
            "line 6: Sam Lee: phone '12345' is not a valid phone number (home region US); "
            "imported without it",
            "line 6: Sam Lee: e-mail 'not-an-email' is not valid; imported without it",
            "CSV: added 4, merged 1 (1 already up to date), skipped 1",
        ]
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [True]
    contacts = Store.open(db_path).snapshot().contacts
    assert sorted(c.name for c in contacts.values()) == [
        "Dana Smith",
        "Nobody",
        "Raj Patel",
        "Sam Lee",
    ]


async def test_preview_writes_nothing(db_path):
    app = Host(db_path)
    async with app.run_test(size=(110, 36)) as pilot:
        await run_and_wait(pilot, f"'{DATA / 'contacts.vcf'}'", "ctrl+t")
        report = text_of(app, "#import-report").splitlines()
        assert report[0] == "line 1: add Dana Smith (Acme, Inc.)"
        assert report[-1] == "Dry run: nothing was written."
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [False]
    assert not db_path.exists()


async def test_unreadable_file_shows_one_error_line(db_path, tmp_path):
    bad = tmp_path / "photo.vcf"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    app = Host(db_path)
    async with app.run_test(size=(110, 36)) as pilot:
        await run_and_wait(pilot, str(bad), "enter")
        assert text_of(app, "#import-error") == (
            f"{bad}: a binary file, not CSV, vCard or JSON text"
        )
        assert app.screen.query_one("#import-error").has_class("-shown")
        assert text_of(app, "#import-report") == "Nothing was imported."
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [False]
    assert not db_path.exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
async def test_a_named_pipe_is_refused_with_one_line(db_path, tmp_path):
    fifo = tmp_path / "contacts.csv"
    os.mkfifo(fifo)
    app = Host(db_path)
    async with app.run_test(size=(110, 36)) as pilot:
        with fifo_unblocked_after(fifo):
            await run_and_wait(pilot, str(fifo), "enter")
        assert text_of(app, "#import-error") == f"{fifo}: not a regular file"
        assert text_of(app, "#import-report") == "Nothing was imported."
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [False]
    assert not db_path.exists()


async def test_an_unexpected_failure_is_one_line_and_escape_still_closes(db_path, monkeypatch):
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("[bold]boom[/] in\nthe importer")

    monkeypatch.setattr(importer, "import_source", broken)
    app = Host(db_path)
    async with app.run_test(size=(110, 36)) as pilot:
        await run_and_wait(pilot, str(DATA / "contacts_generic.csv"), "enter")
        screen = app.screen
        assert isinstance(screen, ImportContactsScreen)
        assert not screen.running
        assert text_of(app, "#import-error") == (
            "The import failed: RuntimeError: [bold]boom[/] in the importer"
        )
        assert text_of(app, "#import-report") == "Nothing was imported."
        assert not screen.query_one("#import-run").disabled
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [False]


async def test_a_worker_that_fails_outside_the_import_still_ends_the_running_state(
    db_path, monkeypatch
):
    def broken(self: ImportContactsScreen, lines: list[str], written: bool) -> None:
        raise RuntimeError("summary lost")

    monkeypatch.setattr(ImportContactsScreen, "_finished", broken)
    app = Host(db_path)
    async with app.run_test(size=(110, 36)) as pilot:
        await run_and_wait(pilot, str(DATA / "contacts_generic.csv"), "ctrl+t")
        screen = app.screen
        assert isinstance(screen, ImportContactsScreen)
        assert not screen.running
        assert text_of(app, "#import-error") == "The import failed: RuntimeError: summary lost"
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [False]


async def test_names_from_the_file_are_text_not_markup(db_path, tmp_path):
    path = tmp_path / "nasty.csv"
    path.write_text('name\n"[@click=app.quit]x[/] Ann [/]"\n', encoding="utf-8")
    app = Host(db_path)
    async with app.run_test(size=(110, 36)) as pilot:
        await run_and_wait(pilot, str(path), "ctrl+t")
        assert text_of(app, "#import-report").splitlines()[0] == (
            "line 2: add [@click=app.quit]x[/] Ann [/]"
        )
        assert app.is_running


def test_paths_as_pasted():
    assert path_from_input("  '/tmp/My Contacts.vcf' ") == Path("/tmp/My Contacts.vcf")
    assert path_from_input("file:///tmp/a%20b.csv") == Path("/tmp/a b.csv")
    assert path_from_input("~/x.csv") == Path.home() / "x.csv"
    assert path_from_input("   ") is None
