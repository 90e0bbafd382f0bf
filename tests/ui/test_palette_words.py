"""The palette finds every action by the words a user types, under namespaced titles; Textual's
own entries keep theirs apart (``textual: ``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot

from followup_tui.ui.commands import MAIN_BY_ACTION, _word_score
from tests.ui._app_helpers import SIZE, app_on, wait_for, wait_loaded, write_small_data


def _titles(app: Any) -> list[str]:
    return [str(o.prompt).split("\n")[0] for o in app.screen.query_one("CommandList").options]


async def _search(pilot: Pilot[Any], typed: str, wanted: str) -> list[str]:
    app = pilot.app
    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: CommandPalette.is_open(app), what="the palette")
    await pilot.press(*typed)
    await wait_for(
        pilot, lambda: any(wanted in t for t in _titles(app)), timeout=10, what=f"{wanted!r}"
    )
    return _titles(app)


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        ("call", "attempt: Log an attempt"),
        ("email", "attempt: Log an attempt"),
        ("undo", "attempt: Undo last attempt"),
        ("import", "contacts: Import contacts"),
        ("csv", "contacts: Import contacts"),
        ("export", "file: Export"),
        ("backup", "file: Export"),
        ("save as", "file: Export"),
        ("calendar", "file: Export"),
        ("ics", "file: Export"),
        ("csv", "file: Export"),
        ("add person", "contacts: New contact"),
        ("search", "view: Filter contacts"),
        ("stats", "view: Insights"),
        ("exit", "app: Quit"),
        ("due", "view: Today"),
        ("today", "view: Today"),
        ("settings", "app: Settings"),
        ("holidays", "app: Settings"),
        ("dial", "attempt: Start a call session"),
        ("thank you", "interview: Record an interview"),
        ("follow up", "contacts: Set the next step"),
        ("screenshot", "textual: Screenshot"),
        ("theme", "textual: Theme"),
    ],
)
async def test_the_palette_finds_an_action_by_a_users_word(
    db_path: Path, typed: str, title: str
) -> None:
    write_small_data(db_path)
    app = app_on(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        titles = await _search(pilot, typed, title)
        assert all(":" in t for t in titles if t), titles  # every entry has its namespace


async def test_log_call_then_enter_opens_the_log_form(db_path: Path) -> None:
    write_small_data(db_path)
    app = app_on(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot, select=1)
        titles = await _search(pilot, "log call", "attempt: Log an attempt")
        assert titles[0].startswith("attempt: Log an attempt")  # the best hit first
        await pilot.press("enter")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "AttemptForm", what="form")


def test_word_score_needs_every_typed_word_to_start_a_known_word() -> None:
    log = MAIN_BY_ACTION["log_attempt"]
    assert _word_score("call", log) == 1.0
    assert _word_score("CA voice", log) == 1.0
    assert _word_score("all", log) == 0.0  # inside a word is the fuzzy title match's business
    assert _word_score("call zebra", log) == 0.0
    assert _word_score("  ", log) == 0.0
    assert _word_score("attempt", log) == 1.0  # the title's own words count too
