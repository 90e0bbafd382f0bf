"""Nothing the file holds stops the app, and no edit overwrites another's (issue 9, items 1, 5
and 6 in the app): the contact form writes only what the user changed and asks when both
copies changed a field; a data file replaced or moved away while open is noticed, nothing is
written until the user chooses, and nothing pending is dropped meanwhile; problems of the file
have a palette entry; read-only is told at start."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from textual.widgets import RadioSet

from followup_tui.__main__ import main as cli_main
from followup_tui.domain.clock import frozen_clock
from followup_tui.domain.models import Attempt, Contact
from followup_tui.storage import Store
from followup_tui.ui.changes import ContactEdit, State
from followup_tui.ui.screens.contact_form import ContactForm
from followup_tui.ui.screens.field_conflicts import FieldConflictScreen
from followup_tui.ui.screens.file_lost import FileLostScreen
from followup_tui.ui.screens.problems import ProblemsScreen
from followup_tui.ui.widgets.summary_bar import SummaryBar

from ._app_helpers import (
    NOW,
    REAL_NOW,
    SIZE,
    app_on,
    data_worker_idle,
    file_tables,
    run_from_palette,
    wait_for,
    wait_loaded,
    write_small_data,
)


@pytest.fixture(params=[NOW, REAL_NOW], ids=["round", "microseconds"])
def clock_now(request: pytest.FixtureRequest) -> datetime:
    return request.param  # type: ignore[no-any-return]


def _edit_from_shell(path: Path, contact_id: int, now: datetime, **fields: object) -> None:
    """Another copy changes the contact's ``fields``, as `followup-tui import` of a CSV merging
    into it does (a second Store on the file)."""
    store = Store.open(path, clock=frozen_clock(now))
    try:
        ann = store.snapshot().contacts[contact_id]
        store.save_contact_edit(ann, replace(ann, **fields))  # type: ignore[arg-type]
    finally:
        store.close()


async def _form_open_while(pilot, path: Path, ann: int, now: datetime, **fields: object):  # type: ignore[no-untyped-def]
    """`e` on Ann; while the form is open another copy changes ``fields`` of hers."""
    main = await wait_loaded(pilot, select=ann)
    await pilot.press("e")
    assert isinstance(pilot.app.screen, ContactForm)
    await asyncio.to_thread(_edit_from_shell, path, ann, now, **fields)
    return main


def _summary(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.main_screen.query_one(SummaryBar).content)


# -- item 5: the contact form writes only what changed ----------------------------------------


def _import_csv(path: Path, csv: Path) -> None:
    """`followup-tui --db PATH import people.csv`, as typed in a shell."""
    assert cli_main(["--db", str(path), "import", str(csv)]) == 0


async def test_an_email_imported_while_the_form_is_open_is_kept(
    db_path: Path, clock_now: datetime, tmp_path: Path
) -> None:
    """The issue's case: `e` on Ann, `followup-tui import` of a CSV adds an e-mail to her
    from a shell, the form is saved with a changed title: the imported e-mail is still in
    the file, and the title changed."""
    ids = write_small_data(db_path)
    ann = ids["ann"]
    csv = tmp_path / "people.csv"
    csv.write_text("name,email,phone\nAnn Lee,ann@acme.example,+12125550123\n")
    app = app_on(db_path, clock_now)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        main = await wait_loaded(pilot, select=ann)
        await pilot.press("e")
        assert isinstance(app.screen, ContactForm)
        await asyncio.to_thread(_import_csv, db_path, csv)
        assert file_tables(db_path)["contacts"][str(ann)]["emails"] == ["ann@acme.example"]
        await pilot.press("tab", "tab")  # name, company, title
        await pilot.press("end", *["backspace"] * len("Head of Data"), *"CTO")
        await pilot.press("ctrl+s")
        await wait_for(
            pilot,
            lambda: main.ws.contact(ann).title == "CTO",  # type: ignore[union-attr]
            what="the saved edit",
        )
        shown = main.ws.contact(ann)
        assert shown is not None and shown.emails == ("ann@acme.example",)  # merged on screen
        assert not isinstance(app.screen, FieldConflictScreen)
    doc = file_tables(db_path)["contacts"][str(ann)]
    assert doc["emails"] == ["ann@acme.example"]
    assert doc["title"] == "CTO"
    assert (doc["name"], doc["company"], doc["phones"]) == (
        "Ann Lee",
        "Acme Robotics",
        ["+12125550123"],
    )


async def test_a_field_both_changed_is_asked_about_mine_is_written(
    db_path: Path, clock_now: datetime
) -> None:
    ids = write_small_data(db_path)
    ann = ids["ann"]
    app = app_on(db_path, clock_now)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        main = await _form_open_while(
            pilot, db_path, ann, clock_now, company="Acme Inc", title="VP Data"
        )
        # Only the company is changed here; another copy changed it (and the title) too.
        await pilot.press("tab", "end", *["backspace"] * len("Acme Robotics"), *"Acme Labs")
        await pilot.press("ctrl+s")
        await wait_for(
            pilot, lambda: isinstance(app.screen, FieldConflictScreen), what="the question"
        )
        dialog = app.screen
        assert isinstance(dialog, FieldConflictScreen)
        assert [c.field for c in dialog.conflicts] == ["company"]
        text = " ".join(str(b.label) for b in dialog.query("RadioButton"))
        assert "mine: Acme Labs" in text and "theirs: Acme Inc" in text
        # Nothing of the conflict is written before the user chose; the title is theirs.
        doc = file_tables(db_path)["contacts"][str(ann)]
        assert (doc["company"], doc["title"]) == ("Acme Inc", "VP Data")
        await pilot.press("ctrl+s")  # "mine" is chosen at first
        await wait_for(
            pilot,
            lambda: main.ws.contact(ann).company == "Acme Labs",  # type: ignore[union-attr]
            what="mine written",
        )
    doc = file_tables(db_path)["contacts"][str(ann)]
    assert (doc["company"], doc["title"]) == ("Acme Labs", "VP Data")


async def test_choosing_theirs_keeps_the_other_copys_value(db_path: Path) -> None:
    ids = write_small_data(db_path)
    ann = ids["ann"]
    app = app_on(db_path, REAL_NOW)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        main = await _form_open_while(pilot, db_path, ann, REAL_NOW, company="Acme Inc")
        await pilot.press("tab", "end", *["backspace"] * len("Acme Robotics"), *"Acme Labs")
        await pilot.press("tab", "end", *["backspace"] * len("Head of Data"), *"CTO")
        await pilot.press("ctrl+s")
        await wait_for(
            pilot, lambda: isinstance(app.screen, FieldConflictScreen), what="the question"
        )
        await pilot.press("down", "space")  # the company's choice: theirs
        radios = app.screen.query_one("#conflict-company", RadioSet)
        assert radios.pressed_index == 1
        await pilot.press("ctrl+s")
        await data_worker_idle(pilot)
        assert main.ws.contact(ann).company == "Acme Inc"  # type: ignore[union-attr]
    doc = file_tables(db_path)["contacts"][str(ann)]
    assert (doc["company"], doc["title"]) == ("Acme Inc", "CTO")


# -- item 6: a replaced or vanished data file -------------------------------------------------


def _other_file(folder: Path, names: list[str]) -> Path:
    path = folder / "theirs.json"
    store = Store.open(path, clock=frozen_clock(NOW))
    try:
        for name in names:
            store.add_contact(Contact(name))
    finally:
        store.close()
    return path


async def _log_call(pilot, main, contact_id: int) -> None:  # type: ignore[no-untyped-def]
    main.attempts.logged(Attempt(contact_id, main.ws.now(), "phone", "no_answer"))
    await pilot.pause()


async def test_a_file_put_in_place_stops_saving_and_asks(
    db_path: Path, clock_now: datetime
) -> None:
    ids = write_small_data(db_path)
    other = _other_file(db_path.parent.parent, ["Zed Other"])
    app = app_on(db_path, clock_now)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        main = await wait_loaded(pilot, select=ids["bashir"])
        shutil.copyfile(other, db_path)  # `cp theirs.json followup.json` while the app runs
        await wait_for(pilot, lambda: isinstance(app.screen, FileLostScreen), what="the dialog")
        dialog = app.screen
        assert isinstance(dialog, FileLostScreen)
        assert not dialog.gone and not dialog.can_write_back
        assert "nothing is saved" in _summary(app)
        # Changes made meanwhile stay unsaved, never written into the other file.
        await _log_call(pilot, main, ids["bashir"])
        await data_worker_idle(pilot)
        (change,) = main.ws.changes.pending()
        assert change.state == State.UNSAVED
        assert list(file_tables(db_path)["contacts"]) == ["1"]
        assert not file_tables(db_path).get("attempts")
        # w is refused (something is at the path); o goes on with the new file.
        await pilot.press("w")
        assert app.screen is dialog
        await pilot.press("o")
        await wait_for(pilot, lambda: main.contact_list.total_count == 1, what="the new file")
        assert [r.name for r in main.contact_list.visible_rows()] == ["Zed Other"]
        assert main.ws.changes.pending() == []  # the other file's attempt, dropped as chosen
        assert "nothing is saved" not in _summary(app)
        # Saving goes on, into the new file.
        await pilot.press("n", *"Eve New", "ctrl+s")
        await wait_for(pilot, lambda: main.contact_list.total_count == 2, what="Eve")
        await data_worker_idle(pilot)
    names = {d["name"] for d in file_tables(db_path)["contacts"].values()}
    assert names == {"Zed Other", "Eve New"}
    assert not file_tables(db_path).get("attempts")


async def test_a_contact_added_after_the_file_was_replaced_gets_no_id_of_it(
    db_path: Path,
) -> None:
    write_small_data(db_path)
    other = _other_file(db_path.parent.parent, ["Zed Other"])
    app = app_on(db_path, REAL_NOW)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        main = await wait_loaded(pilot)
        await pilot.press("n", *"Eve New")
        form = app.screen
        assert isinstance(form, ContactForm)
        os.replace(other, db_path)  # another file moved in
        form.action_save()  # at once: the poll may notice before or after the write
        await wait_for(pilot, lambda: isinstance(app.screen, FileLostScreen), what="the dialog")
        await data_worker_idle(pilot)
        assert not [n for n in app._notifications if "Added Eve" in n.message]
        (eve,) = main.ws.changes.pending()  # waits for the choice, unsaved
        assert eve.state == State.UNSAVED and eve.written is None
        assert main.ws.contact(1).name == "Ann Lee"  # type: ignore[union-attr]
        dialog = app.screen
        assert isinstance(dialog, FileLostScreen) and dialog.unsaved == 1
        assert "1 change not saved yet belong to the other file" in dialog.reopen_text()
        assert [d["name"] for d in file_tables(db_path)["contacts"].values()] == ["Zed Other"]
        await pilot.press("o")  # go on with the other file: Eve was made for ours, told
        await wait_for(pilot, lambda: main.contact_list.total_count == 1, what="the new file")
        assert main.ws.changes.pending() == []
    assert [d["name"] for d in file_tables(db_path)["contacts"].values()] == ["Zed Other"]


async def test_a_file_moved_away_can_be_put_back_with_the_pending_attempts(
    db_path: Path, clock_now: datetime
) -> None:
    ids = write_small_data(db_path)
    before = file_tables(db_path)
    app = app_on(db_path, clock_now)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        main = await wait_loaded(pilot, select=ids["chen"])
        db_path.rename(db_path.with_name("moved.json"))  # `mv followup.json moved.json`
        await wait_for(pilot, lambda: isinstance(app.screen, FileLostScreen), what="the dialog")
        dialog = app.screen
        assert isinstance(dialog, FileLostScreen) and dialog.gone and dialog.can_write_back
        await _log_call(pilot, main, ids["chen"])
        chen = main.ws.contact(ids["chen"])
        assert chen is not None
        main.ws.changes.begin(ContactEdit.of(chen, replace(chen, title="Founder")))
        main.saver.write_now()
        await data_worker_idle(pilot)
        pending = main.ws.changes.pending()
        assert [c.state for c in pending] == [State.UNSAVED] * 2  # kept, not dropped
        assert not db_path.exists()
        await pilot.press("w")
        await wait_for(pilot, lambda: not main.ws.changes.pending(), what="the attempt saved")
        assert not isinstance(app.screen, FileLostScreen)
    after = file_tables(db_path)
    assert after["meta"]["1"]["file_id"] == before["meta"]["1"]["file_id"]
    chen_doc = after["contacts"].pop(str(ids["chen"]))
    assert chen_doc["title"] == "Founder"
    assert chen_doc == {**before["contacts"][str(ids["chen"])], "title": "Founder"}
    assert after["contacts"] == {
        k: v for k, v in before["contacts"].items() if k != str(ids["chen"])
    }
    chen = [a for a in after["attempts"].values() if a["contact_id"] == ids["chen"]]
    assert len(chen) == 1
    assert chen[0]["at"] == clock_now.replace(microsecond=0).isoformat()


async def test_a_file_moved_back_by_itself_goes_on_saving(db_path: Path) -> None:
    ids = write_small_data(db_path)
    moved = db_path.with_name("moved.json")
    app = app_on(db_path, REAL_NOW)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        main = await wait_loaded(pilot, select=ids["dora"])
        db_path.rename(moved)
        await wait_for(pilot, lambda: isinstance(app.screen, FileLostScreen), what="the dialog")
        await _log_call(pilot, main, ids["dora"])
        await data_worker_idle(pilot)
        moved.rename(db_path)  # `mv moved.json followup.json`
        await wait_for(pilot, lambda: not main.ws.changes.pending(), what="the attempt saved")
        assert not isinstance(app.screen, FileLostScreen)
    dora = [a for a in file_tables(db_path)["attempts"].values() if a["contact_id"] == ids["dora"]]
    assert len(dora) == 2


async def test_quit_from_the_dialog(db_path: Path) -> None:
    write_small_data(db_path)
    app = app_on(db_path, REAL_NOW)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_loaded(pilot)
        db_path.unlink()
        await wait_for(pilot, lambda: isinstance(app.screen, FileLostScreen), what="the dialog")
        await pilot.press("q")
        await wait_for(pilot, lambda: not app.is_running, what="the app to quit")
    assert not db_path.exists()  # nothing was written after the file went


# -- item 1: problems in the palette; read-only at start ---------------------------------------


async def test_the_palette_lists_every_ignored_value(db_path: Path) -> None:
    ids = write_small_data(db_path)
    tables = file_tables(db_path)
    tables["contacts"][str(ids["dora"])]["cadence_days"] = 3_000_000
    tables["contacts"][str(ids["bashir"])]["emails"] = 5
    db_path.write_text(json.dumps(tables))
    app = app_on(db_path, REAL_NOW)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_loaded(pilot)
        await run_from_palette(pilot, "problems", "file: Problems in the data file")
        await wait_for(pilot, lambda: isinstance(app.screen, ProblemsScreen), what="problems")
        screen = app.screen
        assert isinstance(screen, ProblemsScreen)
        assert sorted(screen.lines) == [
            f"contact {ids['bashir']}: emails 5 is not a list, ignored  (Bashir Rahman)",
            f"contact {ids['dora']}: cadence_days 3000000 is out of range, ignored  (Dora Kim)",
        ]
        await pilot.press("escape")
        assert not isinstance(app.screen, ProblemsScreen)
        await pilot.press("exclamation_mark")
        assert isinstance(app.screen, ProblemsScreen)


async def test_read_only_is_told_at_start(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_small_data(db_path)
    folder = db_path.parent
    real_access = os.access

    def no_writing_here(path, mode, *args, **kwargs):  # type: ignore[no-untyped-def]
        if Path(path) == folder and mode & os.W_OK:
            return False  # as for a folder this user cannot write (root could anyway)
        return real_access(path, mode, *args, **kwargs)

    monkeypatch.setattr("followup_tui.storage.store.os.access", no_writing_here)
    before = db_path.read_bytes()
    app = app_on(db_path, REAL_NOW)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        main = await wait_loaded(pilot)
        await wait_for(pilot, lambda: main.ws.read_only is not None, what="read-only")
        (note,) = [n for n in app._notifications if n.title == "Read-only"]
        assert "cannot be written" in note.message
        assert "read-only: nothing is saved" in _summary(app)
    assert db_path.read_bytes() == before
