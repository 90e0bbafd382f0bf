"""The insights screen (g): opens at once with placeholders, computes off the UI thread, and
shows the same readings as ``followup-tui stats --json`` on the same file and clock."""

from __future__ import annotations

import json
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import Static
from textual_plotext import PlotextPlot

from followup_tui import cli
from followup_tui.__main__ import main as command_line
from followup_tui.domain.clock import frozen_clock
from followup_tui.io.demo import write_demo
from followup_tui.storage import Store
from followup_tui.ui.app import make_app
from followup_tui.ui.screens import insights as insights_module
from followup_tui.ui.screens.insights import CHART_IDS, InsightsScreen
from followup_tui.ui.widgets.insight_chart import InsightChart

from ._app_helpers import NOW, NY, run_from_palette, wait_for, wait_loaded

#: The round clock of the other tests, and one with microseconds as a real clock has.
CLOCKS = [NOW, NOW + timedelta(seconds=7, microseconds=123456)]


def write_demo_file(path: Path, now: datetime) -> None:
    store = Store.open(path, clock=frozen_clock(now))
    try:
        write_demo(store, now)
    finally:
        store.close()


def stats_json(path: Path, now: datetime, monkeypatch: pytest.MonkeyPatch, capsys) -> dict:  # type: ignore[no-untyped-def, type-arg]
    monkeypatch.setattr(cli, "clock", frozen_clock(now))
    monkeypatch.setenv("TZ", NY)  # the user's zone, as the app is given it
    capsys.readouterr()
    assert command_line(["--db", str(path), "stats", "--json"]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


async def open_insights(pilot) -> InsightsScreen:  # type: ignore[no-untyped-def]
    """Wait for the file, press g and wait for the charts."""
    await wait_loaded(pilot)
    await pilot.press("g")
    screen = pilot.app.screen
    assert isinstance(screen, InsightsScreen)
    await wait_for(pilot, lambda: screen.insights is not None, what="the insights")
    return screen


def readings_on_screen(screen: InsightsScreen) -> dict[str, str]:
    shown = {}
    for key, chart_id in CHART_IDS.items():
        chart = screen.query_one(f"#{chart_id}", InsightChart)
        shown[key] = str(chart.query_one(".insight-reading", Static).render())
    return shown


@pytest.mark.parametrize("now", CLOCKS, ids=["round", "microseconds"])
async def test_g_shows_the_charts_with_the_readings_of_stats(
    tmp_path: Path, now: datetime, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "followup.json"
    write_demo_file(path, now)
    expected = stats_json(path, now, monkeypatch, capsys)
    app = make_app(path, clock=frozen_clock(now), user_tz=NY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_insights(pilot)
        assert screen.insights is not None
        assert json.loads(json.dumps(screen.insights.to_json())) == expected
        readings = readings_on_screen(screen)
        assert readings == {
            "by_hour": expected["by_hour"]["reading"],
            "by_hour_zone": expected["by_hour_per_zone"]["reading"],
            "by_weekday": expected["by_weekday"]["reading"],
            "caller_id": expected["caller_id"]["reading"],
            "first_reached": expected["first_reached"]["reading"],
            "adherence": expected["keep_warm_adherence"]["reading"],
            "activity": expected["activity"]["reading"],
        }
        # The demo's designed patterns: early in Chicago, just after lunch in San Francisco.
        assert readings["by_hour_zone"] == (
            "Clearly above the other hours of their zone: 08:00-09:00 in Chicago (56% of 18 "
            "calls, 95% 34%-75%), 13:00-14:00 in Los Angeles (53% of 17 calls, 95% 31%-74%)."
        )
        for chart in screen.query(InsightChart):
            assert chart.drawn
            assert chart.query_one(PlotextPlot).display
        # The hour chart draws the four zones of the demo, the busiest first.
        assert list(screen.insights.hour_by_zone) == [
            "America/New_York",
            "America/Los_Angeles",
            "America/Chicago",
            "Europe/London",
        ]
        await pilot.press("escape")
        assert app.screen is app.main_screen


async def test_the_screen_opens_at_once_and_computes_off_the_ui_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "followup.json"
    write_demo_file(path, NOW)
    release = threading.Event()
    threads: list[str] = []
    real = insights_module.compute_insights

    def held(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        assert release.wait(30), "the test never let the computation finish"
        return real(*args, **kwargs)

    monkeypatch.setattr(insights_module, "compute_insights", held)
    app = make_app(path, clock=frozen_clock(NOW), user_tz=NY)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("g")
        await wait_for(pilot, lambda: bool(threads), what="the computation to start")
        screen = app.screen
        assert isinstance(screen, InsightsScreen)
        # On screen while the numbers are computed: placeholders, no chart yet, and the UI
        # answers keys.
        for chart in screen.query(InsightChart):
            assert not chart.drawn
            assert chart.query_one(".insight-placeholder", Static).display
        assert threads[0] != threading.main_thread().name
        release.set()
        await wait_for(pilot, lambda: screen.insights is not None, what="the insights")
        assert all(chart.drawn for chart in screen.query(InsightChart))


async def test_the_palette_opens_the_insights(tmp_path: Path) -> None:
    path = tmp_path / "followup.json"
    write_demo_file(path, NOW)
    app = make_app(path, clock=frozen_clock(NOW), user_tz=NY)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_loaded(pilot)
        await run_from_palette(pilot, "view: insights", "view: Insights")
        await wait_for(pilot, lambda: isinstance(app.screen, InsightsScreen), what="insights")
        screen = app.screen
        assert isinstance(screen, InsightsScreen)
        await wait_for(pilot, lambda: screen.insights is not None, what="the insights")


async def test_the_charts_go_three_abreast_on_a_large_terminal(tmp_path: Path) -> None:
    path = tmp_path / "followup.json"
    write_demo_file(path, NOW)
    app = make_app(path, clock=frozen_clock(NOW), user_tz=NY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_insights(pilot)
        charts = screen.query_one("#insights-charts")
        hour, weekday = screen.query_one("#chart-hour"), screen.query_one("#chart-weekday")
        # One under the other, scrolling with the page keys.
        assert not charts.has_class("-wide") and not charts.has_class("-full")
        assert hour.region.x == weekday.region.x and weekday.region.y > hour.region.y
        await pilot.press("pagedown")
        await wait_for(pilot, lambda: charts.scroll_y > 0, what="the charts to scroll")
        await pilot.resize_terminal(200, 60)
        await wait_for(pilot, lambda: charts.has_class("-full"), what="three abreast")
        await pilot.pause()
        zone_chart = screen.query_one("#chart-hour-zone")
        # The per-zone chart spans two columns beside the all-contacts hour chart; every chart
        # shows without scrolling.
        assert zone_chart.region.y == hour.region.y and hour.region.x > zone_chart.region.right
        assert all(
            chart.region.bottom <= charts.region.bottom for chart in screen.query(InsightChart)
        )


@pytest.mark.parametrize("now", CLOCKS, ids=["round", "microseconds"])
async def test_the_head_wraps_on_a_narrow_terminal(tmp_path: Path, now: datetime) -> None:
    # At 60 columns the head takes two lines rather than cutting off the zone and "esc back".
    path = tmp_path / "followup.json"
    write_demo_file(path, now)
    app = make_app(path, clock=frozen_clock(now), user_tz=NY)
    async with app.run_test(size=(60, 20)) as pilot:
        screen = await open_insights(pilot)
        await pilot.pause()
        head = screen.query_one("#insights-head", Static)
        assert head.region.height == 2
        assert head.region.bottom <= screen.query_one("#insights-charts").region.y
        shown = " ".join(
            "".join(segment.text for segment in head.render_line(y)).strip()
            for y in range(head.region.height)
        )
        assert shown.endswith(f"weeks and months in {NY}  ·  esc back")
