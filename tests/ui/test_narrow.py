"""Narrow terminals: below 100 columns the main screen shows one pane at a time, under a tab
strip, and tab cycles them; the contact list keeps the name readable first."""

from __future__ import annotations

from pathlib import Path

import pytest

from followup_tui.ui.widgets.contact_list import W_NAME_MIN, column_widths
from followup_tui.ui.widgets.pane_tabs import PaneTabs
from tests.ui._app_helpers import app_on, wait_loaded, write_small_data


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
