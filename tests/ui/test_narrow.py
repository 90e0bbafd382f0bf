"""Narrow terminals: below 100 columns the main screen shows one pane at a time, under a tab
strip, and tab cycles them; the contact list keeps the name readable first."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from followup_tui.ui.widgets.contact_list import (
    TYPICAL_CAP,
    W_NAME_MIN,
    column_widths,
    typical_width,
)
from followup_tui.ui.widgets.pane_tabs import PaneTabs
from tests.ui._app_helpers import NOW, REAL_NOW, app_on, wait_loaded, write_small_data


def _shown(main) -> list[str]:  # type: ignore[no-untyped-def]
    panes = {
        "contacts": main.query_one("#contacts-pane"),
        "timeline": main.timeline,
        "heatmap": main.heatmap,
    }
    return [name for name, p in panes.items() if p.region.width and p.region.height]


async def test_tab_cycles_one_pane_at_a_time_when_narrow(db_path: Path) -> None:
    write_small_data(db_path)
    app = app_on(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await wait_loaded(pilot, select=1)
        assert main.query_one(PaneTabs).region.height == 1
        assert _shown(main) == ["contacts"]
        seen = []
        for _ in range(3):
            await pilot.press("tab")
            await pilot.pause()
            seen.append(_shown(main))
            assert main.focused is not None and main.focused.region.width > 0
        assert seen == [["timeline"], ["heatmap"], ["contacts"]]
        await pilot.press("shift+tab")
        await pilot.pause()
        assert _shown(main) == ["heatmap"]
        await pilot.press("slash")  # the filter lives in the contacts pane: it comes back
        await pilot.pause()
        assert _shown(main) == ["contacts"]
        assert "Timeline" in str(main.query_one(PaneTabs).render())
        await pilot.press("escape", "h")  # the scope changes where it can be seen
        await pilot.pause()
        assert _shown(main) == ["heatmap"]


@pytest.mark.parametrize("size", [(100, 30), (200, 60)])
async def test_wide_screens_show_the_three_panes_and_no_tabs(
    db_path: Path, size: tuple[int, int]
) -> None:
    write_small_data(db_path)
    app = app_on(db_path)
    async with app.run_test(size=size) as pilot:
        main = await wait_loaded(pilot, select=1)
        assert main.query_one(PaneTabs).region.height == 0
        assert _shown(main) == ["contacts", "timeline", "heatmap"]
        await pilot.press("tab")
        await pilot.pause()
        assert _shown(main) == ["contacts", "timeline", "heatmap"]


@pytest.mark.parametrize("width", range(20, 200))
def test_list_columns_fill_the_width_and_keep_the_name_readable(width: int) -> None:
    widths = column_widths(width)
    name, company, status, attempts, last, due = widths
    shown = [w for w in widths if w]
    assert sum(shown) + len(shown) - 1 == width  # one space between columns, no overflow
    if width >= W_NAME_MIN + 11:
        assert name >= W_NAME_MIN
    if company:
        assert name >= W_NAME_MIN and company >= 10
    assert due == 10


def test_list_columns_by_hand() -> None:
    assert column_widths(58) == (18, 16, 0, 3, 7, 10)  # status goes first
    assert column_widths(78) == (24, 20, 9, 3, 7, 10)
    assert column_widths(30) == (19, 0, 0, 0, 0, 10)


def test_list_columns_show_typical_names_and_companies_in_full() -> None:
    # 120×36: the list is 61 cells wide; the status goes so that both read in full.
    assert column_widths(61, 16, 21) == (16, 21, 0, 3, 7, 10)
    # 80×24 (one pane at a time): everything, the space left shared by name and company.
    assert column_widths(78, 16, 21) == (19, 25, 9, 3, 7, 10)
    # 60×20: no room for both; the name reads in full first, the company gets the rest.
    assert column_widths(56, 16, 21) == (16, 16, 0, 3, 7, 10)
    # Short names leave their room to the companies.
    assert column_widths(56, 10, 30) == (16, 16, 0, 3, 7, 10)
    assert column_widths(62, 12, 12) == (16, 12, 9, 3, 7, 10)  # the status fits too
    assert column_widths(61, 12, 12) == (20, 17, 0, 3, 7, 10)  # one cell short: it goes


@pytest.mark.parametrize("width", range(20, 200, 3))
@pytest.mark.parametrize(("name_need", "company_need"), [(0, 0), (10, 30), (16, 21), (28, 28)])
def test_list_columns_with_typical_widths_fill_the_width(
    width: int, name_need: int, company_need: int
) -> None:
    widths = column_widths(width, name_need, company_need)
    name, company, status, attempts, last, due = widths
    shown = [w for w in widths if w]
    assert sum(shown) + len(shown) - 1 == width
    if width >= W_NAME_MIN + 11:
        assert name >= W_NAME_MIN
    if company:
        assert company >= 10
    if status and company_need:  # the status is only kept when the company fits in full
        assert company >= company_need and name >= name_need


def test_typical_width_is_the_nearest_rank_and_capped() -> None:
    assert typical_width([]) == 0
    assert typical_width(["x" * 5] * 9 + ["y" * 40]) == 5  # one outlier does not count
    assert typical_width(["x" * 40] * 3) == TYPICAL_CAP
    assert typical_width(["Acme", "Halcyon Ridge Capital"], share=1.0) == 21
    assert typical_width(["東京電力"]) == 8  # cells, not characters


@pytest.mark.parametrize("now", [NOW, REAL_NOW], ids=["whole-minute", "microseconds"])
async def test_demo_names_and_companies_read_in_full_at_120x36(
    tmp_path: Path, now: datetime
) -> None:
    from followup_tui.domain.clock import frozen_clock
    from followup_tui.io.demo import write_demo
    from followup_tui.storage import Store

    path = tmp_path / "demo.json"
    store = Store.open(path, clock=frozen_clock(now))
    try:
        write_demo(store, now)
        contacts = list(store.snapshot().contacts.values())
    finally:
        store.close()
    app = app_on(path, now)
    async with app.run_test(size=(120, 36)) as pilot:
        main = await wait_loaded(pilot)
        listed = main.contact_list
        lines = [listed.render_line(y).text for y in range(1, listed.row_count + 1)]
    assert len(lines) == len(contacts) == 28
    for contact in contacts:
        line = next(line for line in lines if line.startswith(contact.name + " "))
        assert f" {contact.company} " in line, line


@pytest.mark.parametrize("width", [60, 79])
async def test_the_palette_key_reaches_the_last_column_of_a_narrow_footer(
    db_path: Path, width: int
) -> None:
    """The compact footer's palette key sits at the right edge: no letter of a key scrolled
    under it shows in the last column."""
    from textual.widgets import Footer

    write_small_data(db_path)
    app = app_on(db_path)
    async with app.run_test(size=(width, 20)) as pilot:
        main = await wait_loaded(pilot, select=1)
        footer = main.query_one(Footer)
        key = footer.query_one("FooterKey.-command-palette")
        assert footer.compact
        assert key.region.right == footer.region.right == width


async def test_the_log_forms_outcome_keys_wrap_between_keys(db_path: Path) -> None:
    """At 60 columns the digits of the log form take two lines, each key with its outcome
    ("4 busy", not "4" at the end of one line and "busy" on the next); wider, one line."""
    from followup_tui.ui.widgets.key_legend import KeyLegend

    ids = write_small_data(db_path)
    app = app_on(db_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await wait_loaded(pilot, select=ids["ann"])
        await pilot.press("l")
        await pilot.pause()
        legend = app.screen.query_one("#outcome-keys", KeyLegend)
        wanted = ["1 reached", "2 voicemail", "3 no answer", "4 busy", "5 gatekeeper"]
        wanted.append("6 wrong number")
        lines = str(legend.render()).split("\n")
        assert len(lines) == 2
        assert all(len(line) <= legend.content_region.width for line in lines)
        assert [item for line in lines for item in line.split("  ")] == wanted
        await pilot.resize_terminal(120, 36)
        await pilot.pause()
        assert str(legend.render()).split("  ") == wanted
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert str(legend.render()).count("\n") == 1


def _footer_keys(footer) -> tuple[list[str], list[str]]:  # type: ignore[no-untyped-def]
    """The footer's keys shown and hidden (their key), in order, checked to be shown whole:
    every shown key ends before the palette key, the hidden ones come after all shown ones."""
    from textual.widgets._footer import FooterKey

    palette = footer.query_one("FooterKey.-command-palette")
    row = [k for k in footer.query_children(FooterKey) if k is not palette]
    shown = [k for k in row if k.display]
    assert row[: len(shown)] == shown  # the first keys, never one after a hidden one
    for key in shown:
        assert key.region.width > 0
        assert key.region.right <= palette.region.x, key.key
        label = f"{key.key_display} {key.description}"
        assert label in " ".join(str(key.render()).split()), key.key
    return [k.key for k in shown], [k.key for k in row if not k.display]


async def _footer_settled(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        await pilot.pause()


@pytest.mark.parametrize("width", [60, 80, 99, 100, 120])
async def test_the_footer_shows_only_keys_that_fit_whole(db_path: Path, width: int) -> None:
    """Below the width of all its keys the footer leaves out the last ones instead of cutting
    one mid-word ("h Heatm"); Help (?) is always there; widening shows them again."""
    write_small_data(db_path)
    app = app_on(db_path)
    async with app.run_test(size=(width, 24)) as pilot:
        main = await wait_loaded(pilot, select=1)
        await _footer_settled(pilot)
        footer = main.query_one("SteadyFooter")
        shown, hidden = _footer_keys(footer)
        assert shown[:4] == ["l", "n", "slash", "question_mark"]
        assert bool(hidden) == (width < 120)
        await pilot.press("l")  # a form over the screen and back: the same keys
        await pilot.pause()
        await pilot.press("escape")
        await _footer_settled(pilot)
        assert _footer_keys(footer) == (shown, hidden)
        await pilot.resize_terminal(160, 24)
        await _footer_settled(pilot)
        wide, none = _footer_keys(footer)
        assert none == [] and wide[: len(shown)] == shown and len(wide) > len(shown) - 1
        await pilot.resize_terminal(width, 24)
        await _footer_settled(pilot)
        assert _footer_keys(footer) == (shown, hidden)


async def test_a_forms_keys_wrap_between_keys(db_path: Path) -> None:
    """Under a form, "esc cancel" goes to the next line whole at 60 columns (not "esc" at the
    end of one line and "cancel" on the next); wider, one line."""
    from followup_tui.ui.screens.settings_form import SettingsForm
    from followup_tui.ui.widgets.key_legend import KeyLegend

    write_small_data(db_path)
    app = app_on(db_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await wait_loaded(pilot, select=1)
        await pilot.press("s")
        for _ in range(50):
            await pilot.pause()
            if isinstance(app.screen, SettingsForm) and app.screen.query(".form-buttons"):
                break
        hint = app.screen.query_one(".form-buttons KeyLegend", KeyLegend)
        await pilot.pause()
        assert str(hint.render()).split("\n") == ["ctrl+s save", "esc cancel"]
        await pilot.resize_terminal(120, 36)
        await pilot.pause()
        assert str(hint.render()) == "ctrl+s save · esc cancel"
