"""Logging attempts from the main screen: optimistic display, saving, failures, undo."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

import pytest
from rich.text import Text
from textual.widgets import Static

import followup_tui.ui.changes as changes_module
import followup_tui.ui.screens.main as main_module
from followup_tui.domain.clock import frozen_clock
from followup_tui.storage import SaveError, Store
from followup_tui.ui.screens.attempt_form import AttemptForm
from followup_tui.ui.widgets.attempt_timeline import AttemptTimeline
from followup_tui.ui.widgets.reachability_heatmap import ALL

from ._app_helpers import (
    NOW,
    SIZE,
    app_on,
    data_worker_idle,
    fail_attempt_saves,
    file_tables,
    hold_attempt_saves,
    wait_for,
    wait_loaded,
    write_small_data,
)


def _attempts_of(path: Path, contact_id: int) -> list[dict]:  # type: ignore[type-arg]
    return [a for a in file_tables(path)["attempts"].values() if a["contact_id"] == contact_id]


async def test_log_shows_at_once_then_saves(db_path: Path, now: datetime, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ids = write_small_data(db_path)
    release = hold_attempt_saves(monkeypatch)
    app = app_on(db_path, now)
    async with app.run_test(size=SIZE) as pilot:
        main = await wait_loaded(pilot, select=ids["chen"])
        assert "No attempts yet" in main.timeline.plain_text
        all_before = main.ws.all_grid.cell(3, 22)

        await pilot.press("l")
        assert isinstance(app.screen, AttemptForm)
        await pilot.press("1", "ctrl+s")  # 1 = reached, at "now"
        assert not isinstance(app.screen, AttemptForm)

        # On screen before the disk write finished.
        text = main.timeline.plain_text
        assert "reached · phone · caller ID hidden" in text
        assert "saving…" in text
        # Thu 26 Nov 14:05 UTC is 22:05 in Singapore and 09:05 for the user in New York.
        assert "Thu 26 Nov 22:05" in text and "you 09:05 ET" in text
        row = {r.contact_id: r for r in main.contact_list.visible_rows()}[ids["chen"]]
        assert row.attempts == 1
        # The all-contacts grid counted it at once, in Chen's zone: Thursday 22:00.
        assert main.ws.all_grid.cell(3, 22) == (all_before[0] + 1, all_before[1] + 1)
        assert _attempts_of(db_path, ids["chen"]) == []

        release.set()
        await wait_for(pilot, lambda: not main.ws.changes.pending(), what="the save")
        assert "saving…" not in main.timeline.plain_text
        assert "reached · phone" in main.timeline.plain_text
    saved = _attempts_of(db_path, ids["chen"])
    assert len(saved) == 1
    assert saved[0]["outcome"] == "reached"
    assert saved[0]["channel"] == "phone"
    assert saved[0]["caller_id"] == "hidden"
    # Stored to the second, whatever the clock's microseconds.
    assert saved[0]["at"] == now.replace(microsecond=0).isoformat()


async def test_failed_save_stays_unsaved_and_is_retried(
    db_path: Path, now: datetime, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    ids = write_small_data(db_path)
    failures = fail_attempt_saves(monkeypatch, 2, SaveError("disk full; the file is unchanged"))
    monkeypatch.setattr(changes_module, "RETRY_S", 0.3)
    # Everything the timeline and the summary bar showed, in order: the retry comes 0.3 s after
    # the failure, and a busy machine may not look at the screen within that window.
    shown: list[str] = []
    real_show, real_bar = AttemptTimeline.show, main_module.MainScreen._update_summary_bar

    def show(timeline: AttemptTimeline, lines: list[Text]) -> None:
        real_show(timeline, lines)
        shown.append(timeline.plain_text)

    def bar(screen: main_module.MainScreen) -> None:
        real_bar(screen)
        shown.append("bar: " + str(screen.query_one("#summary-bar", Static).content))

    monkeypatch.setattr(AttemptTimeline, "show", show)
    monkeypatch.setattr(main_module.MainScreen, "_update_summary_bar", bar)
    app = app_on(db_path, now)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        main = await wait_loaded(pilot, select=ids["ann"])
        await pilot.press("l", "2", "ctrl+s")  # voicemail
        await wait_for(pilot, lambda: bool(app._notifications), what="the failure")
        assert app.is_running
        first = list(app._notifications)[0].message
        assert "disk full" in first and "stays on screen marked unsaved" in first

        # The automatic retry fails once more (no second message), then saves.
        await wait_for(pilot, lambda: failures["left"] == 0, what="the retries")
        await wait_for(pilot, lambda: not main.ws.changes.pending(), what="the save")
        assert "unsaved" not in main.timeline.plain_text
        messages = [n.message for n in app._notifications]
        assert len([m for m in messages if "disk full" in m]) == 1
        assert messages[-1] == "The attempts that were waiting are saved now."
    marked = [text for text in shown if "voicemail" in text and "unsaved" in text]
    assert marked, "the timeline never marked the attempt unsaved"
    assert any(t.startswith("bar: ") and "1 attempt unsaved" in t for t in shown)
    assert [a["outcome"] for a in _attempts_of(db_path, ids["ann"])][-1] == "voicemail"
    assert len(_attempts_of(db_path, ids["ann"])) == 4


async def test_an_attempt_for_a_contact_deleted_by_another_copy_is_dropped_not_retried(
    db_path: Path,
    now: datetime,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    ids = write_small_data(db_path)
    release = hold_attempt_saves(monkeypatch)
    monkeypatch.setattr(changes_module, "RETRY_S", 0.2)
    app = app_on(db_path, now)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        main = await wait_loaded(pilot, select=ids["chen"])
        await pilot.press("l", "1", "ctrl+s")
        assert len(main.ws.changes.pending()) == 1
        other = Store.open(db_path, clock=frozen_clock(NOW))
        try:
            assert other.delete_contact(ids["chen"]) == 0
        finally:
            other.close()
        release.set()
        await wait_for(
            pilot, lambda: not main.ws.changes.pending(), what="the attempt to be dropped"
        )
        messages = [n.message for n in app._notifications]
        assert messages == ["Chen Wei was deleted by another copy; the attempt was not saved"]
        assert not main.ws.changes.unsaved()
        assert "unsaved" not in str(main.query_one("#summary-bar").content)
        # No retry comes (it would be due after 0.2 s) and nothing else is said.
        assert main.saver._retry_timer is None
        await pilot.pause(0.6)
        await data_worker_idle(pilot)
        assert not main.ws.changes.pending()
        assert len(app._notifications) == 1
        await pilot.press("q")
        await wait_for(pilot, lambda: not app.is_running, what="the app to quit (no question)")
    assert _attempts_of(db_path, ids["chen"]) == []
    assert ids["chen"] not in {int(k) for k in file_tables(db_path)["contacts"]}


async def test_a_quit_waiting_for_that_save_goes_on_without_asking(
    db_path: Path,
    now: datetime,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    ids = write_small_data(db_path)
    release = hold_attempt_saves(monkeypatch)
    app = app_on(db_path, now)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot, select=ids["chen"])
        await pilot.press("l", "1", "ctrl+s", "q")
        await pilot.pause()
        assert app.is_running  # waiting for the save
        other = Store.open(db_path, clock=frozen_clock(NOW))
        try:
            other.delete_contact(ids["chen"])
        finally:
            other.close()
        release.set()
        await wait_for(pilot, lambda: not app.is_running, what="the app to quit (no question)")
    assert _attempts_of(db_path, ids["chen"]) == []


async def test_r_retries_at_once(db_path: Path, now: datetime, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ids = write_small_data(db_path)
    fail_attempt_saves(monkeypatch, 1, OSError(28, "No space left on device"))
    monkeypatch.setattr(changes_module, "RETRY_S", 60)
    app = app_on(db_path, now)
    async with app.run_test(size=SIZE) as pilot:
        main = await wait_loaded(pilot, select=ids["dora"])
        await pilot.press("l", "3", "ctrl+s")  # no answer
        await wait_for(pilot, lambda: bool(main.ws.changes.unsaved()), what="the failure")
        await pilot.press("r")
        await wait_for(pilot, lambda: not main.ws.changes.pending(), what="the retry")
    assert [a["outcome"] for a in _attempts_of(db_path, ids["dora"])] == ["reached", "no_answer"]


async def test_undo_removes_the_last_attempt_of_the_session(db_path: Path, now: datetime) -> None:
    ids = write_small_data(db_path)
    app = app_on(db_path, now)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        main = await wait_loaded(pilot)
        await pilot.press("u")  # nothing logged yet: the file's own attempts are not undone
        assert "Nothing to undo" in list(app._notifications)[-1].message

        main.contact_list.select(ids["bashir"])
        await pilot.pause()
        await pilot.press("l", "3", "ctrl+s")
        main.contact_list.select(ids["ann"])
        await pilot.pause()
        await pilot.press("l", "1", "ctrl+s")
        await wait_for(pilot, lambda: not main.ws.changes.pending(), what="both saves")
        assert len(_attempts_of(db_path, ids["ann"])) == 4
        assert len(_attempts_of(db_path, ids["bashir"])) == 3

        await pilot.press("u")  # undoes Ann's reached call, the last one logged
        text = main.timeline.plain_text
        assert text.count("reached ·") == 1  # only the old one from Mon 23 Nov
        await wait_for(
            pilot, lambda: len(_attempts_of(db_path, ids["ann"])) == 3, what="the undo on disk"
        )
        assert len(_attempts_of(db_path, ids["bashir"])) == 3
        await pilot.press("u")
        await wait_for(
            pilot, lambda: len(_attempts_of(db_path, ids["bashir"])) == 2, what="second undo"
        )
        row = {r.contact_id: r for r in main.contact_list.visible_rows()}[ids["bashir"]]
        assert row.attempts == 2


async def test_undo_before_the_save_finished(db_path: Path, now: datetime, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ids = write_small_data(db_path)
    release = hold_attempt_saves(monkeypatch)
    app = app_on(db_path, now)
    async with app.run_test(size=SIZE) as pilot:
        main = await wait_loaded(pilot, select=ids["chen"])
        await pilot.press("l", "1", "ctrl+s", "u")
        assert "No attempts yet" in main.timeline.plain_text
        release.set()
        await wait_for(pilot, lambda: not main.ws.changes.pending(), what="the undo")
        await data_worker_idle(pilot)
        assert "No attempts yet" in main.timeline.plain_text
    assert _attempts_of(db_path, ids["chen"]) == []


@pytest.mark.parametrize("scope_key_presses", [1, 2])
async def test_h_toggles_the_heatmap_scope(db_path: Path, scope_key_presses: int) -> None:
    ids = write_small_data(db_path)
    app = app_on(db_path)
    async with app.run_test(size=SIZE) as pilot:
        main = await wait_loaded(pilot, select=ids["ann"])
        view = main.heatmap.view
        assert view is not None and view.scope == "contact"
        # Ann's calls in New York: Mon 16:10 reached, Tue 10:00 no answer, Wed 16:20 voicemail.
        assert view.grid.cell(0, 16) == (1, 1)
        assert view.grid.cell(1, 10) == (1, 0)
        assert view.grid.cell(2, 16) == (1, 0)
        assert view.grid.total_attempts == 3
        assert view.now_cell == (3, 9)  # Thursday 09:05 in New York
        assert "Ann Lee" in str(main.heatmap.border_title)

        await pilot.press(*["h"] * scope_key_presses)
        view = main.heatmap.view
        assert view is not None
        if scope_key_presses == 1:
            assert view.scope == ALL
            # Plus Dora's call, binned in her own zone: Monday 11:00 in Los Angeles.
            assert view.grid.cell(0, 11) == (1, 1)
            assert view.grid.total_attempts == 4
            assert "all contacts" in str(main.heatmap.border_title)
        else:
            assert view.scope == "contact"
            assert view.grid.total_attempts == 3


async def test_an_attempt_logged_right_before_quitting_is_saved(
    db_path: Path, now: datetime
) -> None:
    ids = write_small_data(db_path)
    app = app_on(db_path, now)
    async with app.run_test(size=SIZE) as pilot:
        main = await wait_loaded(pilot, select=ids["chen"])
        await pilot.press("l")
        assert isinstance(app.screen, AttemptForm)
        # The save is handed to the worker after the next frame; quit comes before it.
        app.screen.action_save()
        main.action_request_quit()
    saved = _attempts_of(db_path, ids["chen"])
    assert [(a["channel"], a["outcome"]) for a in saved] == [("phone", "no_answer")]


async def test_undo_never_deletes_another_copys_attempt_under_a_reused_id(
    db_path: Path, now: datetime
) -> None:
    """The file is put back to an older copy (``followup-tui restore``) while the app runs, and
    another copy logs a call that gets the id of the attempt the app saved: undo in the app must
    leave that call alone."""
    from datetime import UTC, datetime

    from followup_tui.domain.clock import frozen_clock
    from followup_tui.domain.models import Attempt
    from followup_tui.storage import Store
    from followup_tui.storage.jsonstorage import atomic_write

    from ._app_helpers import NOW

    ids = write_small_data(db_path)
    older = db_path.read_bytes()
    app = app_on(db_path, now)
    async with app.run_test(size=SIZE) as pilot:
        main = await wait_loaded(pilot, select=ids["chen"])
        await pilot.press("l", "1", "ctrl+s")  # reached, now (14:05 UTC)
        await wait_for(pilot, lambda: not main.ws.changes.pending(), what="the save")
        mine = _attempts_of(db_path, ids["chen"])
        assert [a["outcome"] for a in mine] == ["reached"]

        def restore_and_log() -> None:
            atomic_write(db_path, older)
            store = Store.open(db_path, clock=frozen_clock(NOW))
            try:
                theirs = store.add_attempt(
                    Attempt(ids["chen"], datetime(2026, 11, 26, 13, 0, tzinfo=UTC), "email", "sent")
                )
            finally:
                store.close()
            assert theirs.id == max(int(k) for k in file_tables(db_path)["attempts"])

        await asyncio.to_thread(restore_and_log)
        await wait_for(
            pilot,
            lambda: (
                "sent" in main.timeline.plain_text and "reached ·" not in main.timeline.plain_text
            ),
            what="the reload",
        )
        await pilot.press("u")
        # Whatever the undo asked of the data worker is done once a later job ran.
        await data_worker_idle(pilot)
        assert "sent" in main.timeline.plain_text
    assert [(a["channel"], a["outcome"]) for a in _attempts_of(db_path, ids["chen"])] == [
        ("email", "sent")
    ]


@pytest.mark.parametrize("reread", ["no-reload", "after-reload"])
async def test_log_then_undo_leaves_the_file_as_it_was_and_a_restart_agrees(
    db_path: Path, now: datetime, reread: str
) -> None:
    """``l``, ``2``, ``ctrl+s``, ``u``: the attempt is gone from the file, not just the screen
    (a real clock has microseconds; the file stores whole seconds)."""
    ids = write_small_data(db_path)
    before = file_tables(db_path)["attempts"]
    app = app_on(db_path, now)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        main = await wait_loaded(pilot, select=ids["ann"])
        await pilot.press("l", "2", "ctrl+s")  # voicemail, now
        await wait_for(pilot, lambda: len(_attempts_of(db_path, ids["ann"])) == 4, what="save")
        await wait_for(pilot, lambda: not main.ws.changes.pending(), what="the save confirmed")
        if reread == "after-reload":
            app.data.reload()
            await data_worker_idle(pilot)
        await pilot.press("u")
        assert "Undone: voicemail (phone) with Ann Lee" in list(app._notifications)[-1].message
        await wait_for(
            pilot, lambda: file_tables(db_path)["attempts"] == before, what="the undo on disk"
        )
        assert main.timeline.plain_text.count("voicemail ·") == 1  # the one from Wed 25 Nov
    assert file_tables(db_path)["attempts"] == before

    again = app_on(db_path, now)
    async with again.run_test(size=SIZE) as pilot:
        main = await wait_loaded(pilot, select=ids["ann"])
        assert main.timeline.plain_text.count("voicemail ·") == 1
        row = {r.contact_id: r for r in main.contact_list.visible_rows()}[ids["ann"]]
        assert row.attempts == 3


async def test_a_save_gives_way_to_the_keys_and_still_reaches_the_file(
    db_path: Path, now: datetime
) -> None:
    """The keys of the log form and of undo tell the data worker to give way; the saves it
    makes meanwhile pause between their pieces, and the file ends as the screen shows it."""
    ids = write_small_data(db_path)
    app = app_on(db_path, now)
    seen: list[str] = []
    keys = app.data.keys_first
    real_pressed, real_between = keys.key_pressed, keys.between_pieces

    def pressed() -> None:
        seen.append("key")
        real_pressed()

    def between() -> None:
        seen.append("piece")
        real_between()

    keys.key_pressed = pressed  # type: ignore[method-assign]
    keys.between_pieces = between  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        main = await wait_loaded(pilot, select=ids["chen"])
        await pilot.press("l", "2", "ctrl+s")  # 2 = voicemail
        await data_worker_idle(pilot)
        assert "voicemail · phone" in main.timeline.plain_text
        assert [a["outcome"] for a in _attempts_of(db_path, ids["chen"])] == ["voicemail"]
        assert seen.count("key") >= 3 and "piece" in seen[seen.index("key") :]

        await pilot.press("u")
        await data_worker_idle(pilot)
        assert "voicemail" not in main.timeline.plain_text
    assert _attempts_of(db_path, ids["chen"]) == []
