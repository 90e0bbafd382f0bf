"""Snapshots of the real app on a small hand-made data file, at 120×36, with a frozen clock."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from ._app_helpers import (
    SIZE,
    add_interview_and_news,
    app_on,
    stop_blinking,
    wait_for,
    wait_loaded,
    write_small_data,
)


@pytest.fixture
def small_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    # The summary bar shows the data file as ~/...: a fixed home keeps the snapshot stable.
    monkeypatch.setenv("HOME", str(tmp_path))
    path = tmp_path / "data" / "followup.json"
    ids = write_small_data(path)
    return app_on(path), ids


@pytest.fixture
def interview_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The small data file with an interview (Ann and Bashir) and two news items."""
    monkeypatch.setenv("HOME", str(tmp_path))
    path = tmp_path / "data" / "followup.json"
    ids = write_small_data(path)
    add_interview_and_news(path, ids)
    return app_on(path), ids


def _before(  # type: ignore[no-untyped-def]
    *keys: str,
    select: str | None = "ann",
    ids: dict[str, int] | None = None,
    settled: str | None = None,
):
    """Load, highlight ``select``, press ``keys``; with ``settled``, also wait until the
    timeline shows that name (the panes follow a typed filter only after a pause in typing,
    so without the wait the picture would depend on the machine's speed)."""

    async def run_before(pilot: Pilot[Any]) -> None:
        main = await wait_loaded(pilot)
        if select and ids:
            main.contact_list.select(ids[select])
            await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        if settled:
            await wait_for(
                pilot,
                lambda: (
                    settled in main.timeline.plain_text
                    and settled in str(main.heatmap.border_title)
                ),
                what=f"the panes to show {settled}",
            )
        stop_blinking(pilot.app)  # type: ignore[arg-type]
        await pilot.pause()

    return run_before


def test_main_screen(snap_compare, small_app) -> None:  # type: ignore[no-untyped-def]
    app, ids = small_app
    assert snap_compare(app, terminal_size=SIZE, run_before=_before(ids=ids))


def test_main_screen_filtered(snap_compare, small_app) -> None:  # type: ignore[no-untyped-def]
    app, ids = small_app
    assert snap_compare(
        app,
        terminal_size=SIZE,
        run_before=_before("slash", *"ea", select=None, ids=ids, settled="Dora Kim"),
    )


def test_main_screen_all_contacts_heatmap(snap_compare, small_app) -> None:  # type: ignore[no-untyped-def]
    app, ids = small_app
    assert snap_compare(app, terminal_size=SIZE, run_before=_before("h", ids=ids))


def test_help_screen(snap_compare, small_app) -> None:  # type: ignore[no-untyped-def]
    app, ids = small_app
    assert snap_compare(app, terminal_size=SIZE, run_before=_before("question_mark", ids=ids))


def test_contact_form_from_the_app(snap_compare, small_app) -> None:  # type: ignore[no-untyped-def]
    app, ids = small_app
    assert snap_compare(app, terminal_size=SIZE, run_before=_before("n", ids=ids))


def test_log_form_from_the_app(snap_compare, small_app) -> None:  # type: ignore[no-untyped-def]
    app, ids = small_app
    assert snap_compare(app, terminal_size=SIZE, run_before=_before("l", ids=ids))


def test_welcome_on_an_empty_file(snap_compare, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HOME", str(tmp_path))
    app = app_on(tmp_path / "data" / "followup.json")

    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_loaded(pilot)
        await wait_for(pilot, lambda: pilot.app.screen.has_class("-empty"))

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_insights_screen(snap_compare, small_app) -> None:  # type: ignore[no-untyped-def]
    from followup_tui.ui.screens.insights import InsightsScreen

    app, ids = small_app

    async def run_before(pilot: Pilot[Any]) -> None:
        await _before("g", ids=ids)(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, InsightsScreen)
        await wait_for(pilot, lambda: screen.insights is not None, what="the insights")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_today_screen(snap_compare, small_app) -> None:  # type: ignore[no-untyped-def]
    from followup_tui.ui.screens.today import TodayScreen

    app, ids = small_app

    async def run_before(pilot: Pilot[Any]) -> None:
        await _before("t", ids=ids)(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, TodayScreen)
        await wait_for(pilot, lambda: screen.plan is not None, what="the plan")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_settings_form(snap_compare, small_app) -> None:  # type: ignore[no-untyped-def]
    app, ids = small_app
    assert snap_compare(app, terminal_size=SIZE, run_before=_before("s", ids=ids))


def test_timeline_with_an_interview(snap_compare, interview_app) -> None:  # type: ignore[no-untyped-def]
    app, ids = interview_app
    assert snap_compare(app, terminal_size=SIZE, run_before=_before(ids=ids))


def test_interview_form(snap_compare, interview_app) -> None:  # type: ignore[no-untyped-def]
    app, ids = interview_app
    keys = ("i", *"Zoe Quinn", "enter", *"bash")
    assert snap_compare(app, terminal_size=SIZE, run_before=_before(*keys, ids=ids))


def test_news_bank(snap_compare, interview_app) -> None:  # type: ignore[no-untyped-def]
    app, ids = interview_app
    assert snap_compare(app, terminal_size=SIZE, run_before=_before("w", ids=ids))


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 36), (200, 60)])
def test_main_screen_at_every_size(snap_compare, small_app, size) -> None:  # type: ignore[no-untyped-def]
    """Below 100 columns one pane at a time under a tab strip; 200×60 uses the space."""
    app, ids = small_app
    assert snap_compare(app, terminal_size=size, run_before=_before(ids=ids))


def test_narrow_main_screen_timeline_tab(snap_compare, small_app) -> None:  # type: ignore[no-untyped-def]
    app, ids = small_app
    assert snap_compare(app, terminal_size=(60, 20), run_before=_before("tab", ids=ids))


@pytest.mark.parametrize("size", [SIZE, (60, 20)], ids=["120x36", "60x20"])
def test_export_dialog(snap_compare, small_app, size) -> None:  # type: ignore[no-untyped-def]
    app, ids = small_app
    assert snap_compare(app, terminal_size=size, run_before=_before("ctrl+e", "c", ids=ids))
