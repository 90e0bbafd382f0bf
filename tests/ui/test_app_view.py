"""Filter, help, command palette, panes, and changes made to the file by another program."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from textual import events
from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.widgets import Input

import followup_tui.ui.screens.main as main_module
from followup_tui.domain.clock import frozen_clock
from followup_tui.domain.models import Attempt, Contact
from followup_tui.storage import Store
from followup_tui.ui.commands import MAIN_COMMANDS
from followup_tui.ui.screens.contact_form import ContactForm
from followup_tui.ui.screens.help import HelpScreen
from followup_tui.ui.screens.main import MainScreen
from followup_tui.ui.widgets.attempt_timeline import AttemptTimeline
from followup_tui.ui.widgets.contact_list import ContactList
from followup_tui.ui.widgets.reachability_heatmap import ReachabilityHeatmap

from ._app_helpers import (
    NOW,
    SIZE,
    app_on,
    file_tables,
    type_burst,
    wait_for,
    wait_loaded,
    write_small_data,
)


def _names(main) -> list[str]:  # type: ignore[no-untyped-def]
    return [row.name for row in main.contact_list.visible_rows()]


async def test_filter_by_name_company_or_tag_and_escape_clears(db_path: Path) -> None:
    write_small_data(db_path)
    app = app_on(db_path)
    async with app.run_test(size=SIZE) as pilot:
        main = await wait_loaded(pilot)
        field = main.query_one("#filter", Input)
        assert not field.display
        await pilot.press("slash")
        assert field.display and field.has_focus
        await pilot.press(*"ACME")  # company, any case
        assert _names(main) == ["Ann Lee"]
        assert "1 of 4" in str(main.query_one("#contacts-pane").border_title)
        assert "Ann Lee" in main.timeline.plain_text  # the timeline follows the filter

        await pilot.press(*["backspace"] * 4, *"ml")  # a tag of Chen's
        assert _names(main) == ["Chen Wei"]
        await pilot.press(*["backspace"] * 2, *"kim")  # part of a name
        assert _names(main) == ["Dora Kim"]
        await pilot.press(*"zzz")
        assert _names(main) == []
        assert "No contact matches" in main.contact_list.render_line(1).text
        assert "No contact matches the filter" in main.timeline.plain_text

        await pilot.press("escape")
        assert field.value == "" and not field.display
        assert len(_names(main)) == 4
        assert main.contact_list.has_focus


async def test_keys_typed_right_after_slash_go_into_the_filter(db_path: Path) -> None:
    write_small_data(db_path)
    app = app_on(db_path)
    async with app.run_test(size=SIZE) as pilot:
        main = await wait_loaded(pilot)
        type_burst(app, "/kim")  # "k" and "m" are keys of the list too (move up, ...)
        field = main.query_one("#filter", Input)
        await wait_for(pilot, lambda: field.value == "kim", timeout=5, what=f"{field.value!r}")
        assert app.screen is main  # no other screen opened by a letter meant for the filter
        assert _names(main) == ["Dora Kim"]
        await pilot.press("slash", "slash")  # in the field, "/" is a character like any other
        assert field.value == "kim//" and field.has_focus


async def test_letters_of_the_main_keys_typed_in_the_filter_stay_letters(db_path: Path) -> None:
    write_small_data(db_path)
    app = app_on(db_path)
    async with app.run_test(size=SIZE) as pilot:
        main = await wait_loaded(pilot)
        await pilot.press("slash", *"geni?!")  # insights, edit, new, interview, help, problems
        assert app.screen is main
        assert main.query_one("#filter", Input).value == "geni?!"


async def test_a_name_typed_right_after_n_goes_into_the_new_contact_form(db_path: Path) -> None:
    write_small_data(db_path)
    app = app_on(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        type_burst(app, "nZoe Quinn")  # the form is not even mounted when "Z" is taken
        await wait_for(pilot, lambda: isinstance(app.screen, ContactForm), timeout=5)
        field = app.screen.query_one("#name", Input)
        await wait_for(pilot, lambda: field.value == "Zoe Quinn", timeout=5, what=field.value)
        assert field.has_focus


async def test_filter_enter_keeps_it_and_returns_to_the_list(db_path: Path) -> None:
    write_small_data(db_path)
    app = app_on(db_path)
    async with app.run_test(size=SIZE) as pilot:
        main = await wait_loaded(pilot)
        await pilot.press("slash", *"lee", "enter")
        assert main.contact_list.has_focus
        assert _names(main) == ["Ann Lee"]
        await pilot.press("l")  # keys act on the list again, not typed into the filter
        assert type(app.screen).__name__ == "AttemptForm"


async def test_help_lists_every_binding_of_the_main_screen(db_path: Path) -> None:
    write_small_data(db_path)
    app = app_on(db_path)
    async with app.run_test(size=SIZE) as pilot:
        main = await wait_loaded(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-body").content)
        for key, description in (
            ("n", "New contact"),
            ("e", "Edit"),
            ("del", "Delete"),
            ("l", "Log attempt"),
            ("/", "Filter"),
            ("h", "Heatmap scope"),
            ("u", "Undo"),
            ("?", "Help"),
            ("q", "Quit"),
            ("tab", "Next pane"),
            ("r", "Retry saving"),
            ("^p", "palette"),
        ):
            line = next((ln for ln in text.splitlines() if description in ln), None)
            assert line is not None, f"{description!r} missing from help"
            assert line.split()[0] == key, line
        await pilot.press("escape")
        assert app.screen is main


async def _palette_hit(pilot, title: str) -> None:  # type: ignore[no-untyped-def]
    """Type ``title`` into the open palette and wait until its hit is listed (the search runs
    asynchronously: a fixed pause can end before it on a loaded machine)."""
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    await pilot.press(*title.lower())
    await wait_for(
        pilot,
        lambda: any(title in str(o.prompt) for o in palette.query_one(CommandList).options),
        what=f"the palette's hit {title!r}",
    )


def test_every_main_action_is_in_the_command_palette() -> None:
    in_palette = {command.action for command in MAIN_COMMANDS}
    for binding in MainScreen.BINDINGS:
        assert isinstance(binding, Binding)
        assert binding.action in in_palette, f"{binding.key} ({binding.action}) not in palette"
        assert callable(getattr(MainScreen, f"action_{binding.action}", None)), binding.action
    for command in MAIN_COMMANDS:
        assert callable(getattr(MainScreen, f"action_{command.action}", None)), command.title


async def test_a_palette_command_runs_its_action(db_path: Path) -> None:
    write_small_data(db_path)
    app = app_on(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("ctrl+p")
        assert CommandPalette.is_open(app)
        await _palette_hit(pilot, "contacts: New contact")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactForm), what="the form")


async def test_tab_moves_between_the_three_panes(db_path: Path) -> None:
    write_small_data(db_path)
    app = app_on(db_path)
    async with app.run_test(size=SIZE) as pilot:
        main = await wait_loaded(pilot)
        assert isinstance(main.focused, ContactList)
        await pilot.press("tab")
        assert isinstance(main.focused, AttemptTimeline)
        await pilot.press("tab")
        assert isinstance(main.focused, ReachabilityHeatmap)
        await pilot.press("tab")
        assert isinstance(main.focused, ContactList)
        await pilot.press("shift+tab")
        assert isinstance(main.focused, ReachabilityHeatmap)


def _write_from_another_copy(path: Path) -> int:
    """What a second followup-tui (or ``followup-tui log``) does: its own Store on the file."""
    store = Store.open(path, clock=frozen_clock(NOW))
    try:
        eve = store.add_contact(Contact("Eve External", company="Second Copy Ltd"))
        assert eve.id is not None
        store.add_attempt(
            Attempt(eve.id, datetime(2026, 11, 26, 13, 0, tzinfo=UTC), "email", "sent")
        )
        return eve.id
    finally:
        store.close()


async def test_change_by_another_store_shows_without_a_key_press(db_path: Path) -> None:
    write_small_data(db_path)
    app = app_on(db_path)
    async with app.run_test(size=SIZE) as pilot:
        main = await wait_loaded(pilot)
        await pilot.pause(2 * main_module.POLL_S)  # let a poll or two pass first
        eve_id = await asyncio.to_thread(_write_from_another_copy, db_path)
        # Only the change poll (every POLL_S) can notice: no key is pressed meanwhile.
        await wait_for(pilot, lambda: "Eve External" in _names(main), what="the reload")
        row = {r.contact_id: r for r in main.contact_list.visible_rows()}[eve_id]
        assert (row.company, row.attempts) == ("Second Copy Ltd", 1)
        assert main.contact_list.total_count == 5


async def test_reload_keeps_the_highlighted_contact(db_path: Path) -> None:
    ids = write_small_data(db_path)
    app = app_on(db_path)
    async with app.run_test(size=SIZE) as pilot:
        main = await wait_loaded(pilot, select=ids["dora"])
        fills = main.panes.fills
        await asyncio.to_thread(_write_from_another_copy, db_path)
        await wait_for(pilot, lambda: main.contact_list.total_count == 5, what="the reload")
        assert main.contact_list.highlighted_id == ids["dora"]
        assert "Dora Kim" in main.timeline.plain_text
        # The cursor stayed: the reload itself filled the panes from the new file, once.
        assert main.panes.fills == fills + 1


async def test_import_from_the_palette_lists_the_new_contacts(db_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from followup_tui.ui.screens.import_contacts import ImportContactsScreen

    monkeypatch.setattr(main_module, "POLL_S", 60.0)  # no change poll: the import reloads
    write_small_data(db_path)
    source = Path(__file__).resolve().parent.parent / "data" / "contacts_generic.csv"
    app = app_on(db_path)
    async with app.run_test(size=SIZE) as pilot:
        main = await wait_loaded(pilot)
        assert "Dana Smith" not in _names(main)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: CommandPalette.is_open(app), what="the palette")
        await _palette_hit(pilot, "contacts: Import contacts…")
        await pilot.press("enter")
        await wait_for(
            pilot, lambda: isinstance(app.screen, ImportContactsScreen), what="the import screen"
        )
        importer = app.screen
        assert isinstance(importer, ImportContactsScreen)
        importer.query_one("#import-path", Input).value = str(source)
        await pilot.press("enter")
        # Written by the app's own data worker, the one writer of the file.
        await wait_for(pilot, lambda: not importer.running, what="the import")
        assert importer.written
        await pilot.press("escape")
        # Read again at once (well before the next change poll would notice the file).
        await wait_for(pilot, lambda: "Dana Smith" in _names(main), what="the imported contacts")
        assert app.screen is main
        assert {"Dana Smith", "Nobody", "Raj Patel", "Sam Lee", "Ann Lee"} <= set(_names(main))
        assert main.contact_list.total_count == 8
        assert main.contact_list.has_focus


async def test_while_typing_a_filter_the_panes_wait_for_a_pause(db_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # Far longer than the pilot's pauses between keys, even on a loaded machine.
    monkeypatch.setattr(main_module, "FILTER_SETTLE_S", 3.0)
    write_small_data(db_path)
    app = app_on(db_path)
    async with app.run_test(size=SIZE) as pilot:
        main = await wait_loaded(pilot)
        assert "Bashir Rahman" in main.timeline.plain_text  # the most due, highlighted
        await pilot.press("slash", *"acme")
        # The list follows each key at once; the timeline still shows Bashir.
        assert _names(main) == ["Ann Lee"]
        assert "Bashir Rahman" in main.timeline.plain_text
        await wait_for(pilot, lambda: "Ann Lee" in main.timeline.plain_text, what="the pause")
        assert "Ann Lee" in str(main.heatmap.border_title)


async def test_the_reachability_is_computed_off_the_ui_thread(db_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import threading

    import followup_tui.ui.reach as reach_module

    threads: list[str] = []
    real = reach_module.suggest_slot

    def recording(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(reach_module, "suggest_slot", recording)
    ids = write_small_data(db_path)
    app = app_on(db_path)
    async with app.run_test(size=SIZE) as pilot:
        main = await wait_loaded(pilot, select=ids["ann"])
        view = main.heatmap.view
        assert view is not None and view.grid.total_attempts == 3  # Ann's three calls
        assert view.suggestion is not None
        assert "Ann Lee" in str(main.heatmap.border_title)
    assert threads and all(name.startswith("followup-data") for name in threads), threads


async def test_down_draws_the_next_contacts_timeline_in_the_cursors_own_frame(
    db_path: Path,
) -> None:
    """No frame shows the moved cursor beside the previous contact's timeline: the panes
    follow the cursor as it moves, not a message later (a second frame, 17 ms or more)."""
    write_small_data(db_path)
    app = app_on(db_path)
    frames: list[tuple[int | None, str]] = []

    def frame_drawn() -> None:
        main = app.main_screen
        frames.append((main.contact_list.highlighted_id, main.timeline.plain_text))

    async with app.run_test(size=SIZE) as pilot:
        main = await wait_loaded(pilot)
        main.contact_list.focus()
        await pilot.pause()
        app.post_display_hook = frame_drawn  # type: ignore[method-assign]
        rows = main.contact_list.visible_rows()
        for row in rows[1:]:
            frames.clear()
            await pilot.press("down")
            await wait_for(pilot, lambda: bool(frames), what="a frame after the key")
            assert main.contact_list.highlighted_id == row.contact_id
            for highlighted, timeline in frames:
                if highlighted == row.contact_id:  # the cursor on this row: its timeline too
                    assert timeline.startswith(row.name), (row.name, timeline[:40])


async def test_letters_typed_right_after_tab_go_into_the_next_field(db_path: Path) -> None:
    write_small_data(db_path)
    app = app_on(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, ContactForm)
        type_burst(app, "Zoe\tAcme")
        company = form.query_one("#company", Input)
        await wait_for(pilot, lambda: company.value == "Acme", timeout=5, what=company.value)
        assert form.query_one("#name", Input).value == "Zoe"


async def _paste_and_save(pilot, keys: str, name: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """``keys`` and ctrl+s in one burst over the new-contact form; the contact ``name`` as
    the file holds it once the form has closed and the save reached the file."""
    app = pilot.app
    main = app.main_screen
    type_burst(app, keys)
    app.post_message(events.Key("ctrl+s", "\x13"))
    await wait_for(pilot, lambda: app.screen is main, timeout=5)

    def saved() -> list[dict[str, Any]]:
        return [c for c in file_tables(app.db_path)["contacts"].values() if c["name"] == name]

    await wait_for(pilot, lambda: bool(saved()), timeout=5)
    (contact,) = saved()
    return contact


async def test_a_whole_form_pasted_with_its_ctrl_s_is_saved_as_typed(db_path: Path) -> None:
    """'n', a name, tab, a company and ctrl+s in one burst: ctrl+s (taken as the app takes
    the key) finds every letter before it in its field."""
    write_small_data(db_path)
    app = app_on(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        contact = await _paste_and_save(pilot, "nZoe Quinn\tAcme Labs", "Zoe Quinn")
        assert contact["company"] == "Acme Labs"


async def test_a_note_pasted_with_its_ctrl_s_is_saved_whole(db_path: Path) -> None:
    """Letters handed to a text area are typed before a ctrl+s that follows them."""
    from textual.widgets import TextArea

    write_small_data(db_path)
    app = app_on(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("n", *"Zoe")
        app.screen.query_one("#notes", TextArea).focus()
        await pilot.pause()
        contact = await _paste_and_save(pilot, "met at the fair", "Zoe")
        assert contact["notes"] == "met at the fair"
