"""The app opens on any data file and says once what it had to ignore (issue 9, item 1)."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path
from typing import Any

import orjson
from hypothesis import HealthCheck, given, settings

from followup_tui.domain.clock import frozen_clock
from followup_tui.domain.models import Contact
from followup_tui.domain.snapshot import Snapshot
from followup_tui.storage import Store
from followup_tui.ui.app import FollowupApp
from tests.unit.test_total_reads import data_files

from ._app_helpers import NOW, SIZE, app_on, wait_for, wait_loaded, write_small_data

TITLE = "of the data file ignored"


def _problem_notes(app: FollowupApp) -> list[Any]:
    return [n for n in app._notifications if TITLE in n.title]


def _spoil(path: Path) -> None:
    """The values of the issue, put in by another tool."""
    tables = orjson.loads(path.read_bytes())
    tables["contacts"]["1"].update(status="keep_warm", cadence_days=3_000_000)
    tables["contacts"]["2"]["emails"] = 5
    first = next(iter(tables["attempts"]))
    tables["attempts"][first]["at"] = "9999-12-31T23:00:00+00:00"
    tables["attempts"]["99"] = {"contact_id": 3, "at": "2026-11-20 15:00 EST"}
    tables["interviews"] = {
        "1": {"company": "X", "at": "2026-11-20T15:00:00+00:00", "contact_ids": 1}
    }
    tables["settings"] = {"1": {"timezone": 5}}
    path.write_bytes(orjson.dumps(tables))


def _add_from_another_copy(path: Path, doc: dict[str, Any], doc_id: int) -> None:
    store = Store.open(path, clock=frozen_clock(NOW))
    try:
        store.insert_with_id("contacts", doc_id, doc)
    finally:
        store.close()


async def test_a_file_with_bad_values_opens_and_says_so_once(db_path: Path) -> None:
    ids = write_small_data(db_path)
    _spoil(db_path)
    app = app_on(db_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        main = await wait_loaded(pilot, select=ids["ann"])
        assert main.contact_list.total_count == 4
        assert "Ann Lee" in main.timeline.plain_text
        (note,) = _problem_notes(app)
        assert note.title == "6 values of the data file ignored"
        assert "contact 1: cadence_days 3000000 is out of range, ignored" in note.message
        assert "settings: timezone 5 is not text, ignored" in note.message

        # Another copy adds a contact: the file is read again, the same problems are not
        # told twice, and a new one is.
        await asyncio.to_thread(_add_from_another_copy, db_path, {"name": "Eve"}, 20)
        await wait_for(pilot, lambda: main.contact_list.total_count == 5, what="the reload")
        assert len(_problem_notes(app)) == 1
        await asyncio.to_thread(
            _add_from_another_copy, db_path, {"name": "Cy", "paused_until": "10000-01-01"}, 21
        )
        await wait_for(pilot, lambda: main.contact_list.total_count == 6, what="the reload")
        await wait_for(pilot, lambda: len(_problem_notes(app)) == 2, what="the second notice")
        newest = _problem_notes(app)[-1]
        assert newest.title == "1 value of the data file ignored"
        assert (
            newest.message
            == 'contact 21: paused_until "10000-01-01" is not a date (YYYY-MM-DD), ignored'
        )


async def test_an_open_app_keeps_noticing_changes_after_a_bad_import(db_path: Path) -> None:
    write_small_data(db_path)
    app = app_on(db_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        main = await wait_loaded(pilot)
        bad = {"name": "Cy Bad", "status": "keep_warm", "cadence_days": 3_000_000}
        await asyncio.to_thread(_add_from_another_copy, db_path, bad, 7)
        await wait_for(pilot, lambda: main.contact_list.total_count == 5, what="Cy")
        store = Store.open(db_path, clock=frozen_clock(NOW))
        await asyncio.to_thread(store.add_contact, Contact("Eve External"))
        store.close()
        await wait_for(pilot, lambda: main.contact_list.total_count == 6, what="Eve")
        assert app.is_running and len(_problem_notes(app)) == 1


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data_files())
def test_the_first_screen_loads_on_any_values(tables: dict[str, Any]) -> None:
    expected = len(Snapshot.from_tables(tables).contacts)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "followup.json"
        path.write_bytes(orjson.dumps({"meta": {"1": {"schema_version": 1}}, **tables}))

        async def first_screen() -> None:
            app = app_on(path)
            async with app.run_test(size=SIZE, notifications=True) as pilot:
                main = await wait_loaded(pilot)
                assert app.is_running and app.load_error is None
                assert main.contact_list.total_count == expected
                await pilot.press("down", "tab", "h")
                await pilot.pause()

        asyncio.run(first_screen())
