"""The insights screen, headless, on a large file: ``g`` -> the first chart on screen.

Run through ``bench/probes.py insights PATH RUNS`` (a fresh process). The time is taken from the
app's own frames (``post_display_hook``, as in ``bench/ui_probe.py``): from the key press to the
first frame in which a chart of the insights screen is drawn.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.ui_probe import FRAME_TIMEOUT_S, _settle


class FramesWatch:
    """The first frame after ``arm`` in which each of several conditions holds."""

    def __init__(self) -> None:
        self.conditions: dict[str, Callable[[], bool]] = {}
        self.seen: dict[str, float] = {}

    def hook(self) -> None:
        for name, condition in self.conditions.items():
            if name not in self.seen and condition():
                self.seen[name] = time.perf_counter()

    def arm(self, **conditions: Callable[[], bool]) -> None:
        self.conditions = conditions
        self.seen = {}

    async def wait(self) -> dict[str, float]:
        deadline = time.perf_counter() + FRAME_TIMEOUT_S
        while len(self.seen) < len(self.conditions):
            if time.perf_counter() > deadline:
                raise TimeoutError(f"the app never showed {set(self.conditions) - set(self.seen)}")
            await asyncio.sleep(0.001)
        self.conditions = {}
        return self.seen


async def probe_insights(path: str, args: list[str]) -> dict[str, Any]:
    import followup_tui.ui.screens.insights as insights_module
    from followup_tui.ui.app import make_app
    from followup_tui.ui.widgets.insight_chart import InsightChart

    runs = int(args[0]) if args else 5
    computed: list[tuple[bool, float]] = []  # (on the UI thread, seconds)
    real = insights_module.compute_insights

    def timed(*a: Any, **k: Any) -> Any:
        started = time.perf_counter()
        result = real(*a, **k)
        on_ui = threading.current_thread() is threading.main_thread()
        computed.append((on_ui, time.perf_counter() - started))
        return result

    insights_module.compute_insights = timed  # type: ignore[assignment]
    app = make_app(Path(path))
    watch = FramesWatch()
    app.post_display_hook = watch.hook  # type: ignore[method-assign]
    result: dict[str, Any] = {}

    def placeholder_shown() -> bool:
        return isinstance(app.screen, insights_module.InsightsScreen)

    def chart_drawn() -> bool:
        screen = app.screen
        return isinstance(screen, insights_module.InsightsScreen) and any(
            chart.drawn for chart in screen.query(InsightChart)
        )

    async with app.run_test(size=(200, 60)) as pilot:
        deadline = time.perf_counter() + FRAME_TIMEOUT_S
        while not (app.main_screen.workspace and app.main_screen.ws.loaded):
            if time.perf_counter() > deadline:
                raise TimeoutError("the attempts never finished loading")
            await asyncio.sleep(0.005)
        await _settle(pilot)
        opened: list[float] = []
        drawn: list[float] = []
        for _ in range(runs):
            watch.arm(opened=placeholder_shown, drawn=chart_drawn)
            pressed = time.perf_counter()
            await pilot.press("g")
            seen = await watch.wait()
            opened.append((seen["opened"] - pressed) * 1e3)
            drawn.append((seen["drawn"] - pressed) * 1e3)
            await _settle(pilot)
            await pilot.press("escape")
            await _settle(pilot)
        result["g_to_screen_ms"] = opened
        result["g_to_chart_ms"] = drawn
        result["compute_ms"] = [seconds * 1e3 for _, seconds in computed]
        result["computed_off_ui_thread"] = bool(computed) and not any(ui for ui, _ in computed)
        result["attempts"] = app.main_screen.ws.snapshot.attempt_count
    return result
