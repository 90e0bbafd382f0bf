"""Insights (``g``): how the search is going, as charts with a plain reading under each.

The screen opens at once with placeholders; the series are computed by a thread worker from the
snapshot the main screen already holds (``analytics.insights.compute_insights``, the same
function as ``followup-tui stats``), then drawn. Narrow terminals scroll through the charts one
under the other; wide ones (``-wide``) lay them out in two columns, and large ones (``-full``)
in three that fill the screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker, WorkerState
from textual_plotext.plot import Plot

from followup_tui.analytics.insights import (
    TITLES,
    Insights,
    Rate,
    compute_insights,
    place_name,
)
from followup_tui.domain.snapshot import Snapshot
from followup_tui.domain.zones import zone
from followup_tui.ui.widgets.insight_chart import RGB, Draw, InsightChart, Legend
from followup_tui.ui.widgets.steady_footer import SteadyFooter

#: How to draw one chart, and its legend (shown in its title line).
Chart = tuple[Draw, Legend]

if TYPE_CHECKING:
    from followup_tui.ui.app import FollowupApp

#: Zones drawn side by side in the hour chart (the ones with the most calls).
MAX_ZONES = 4
#: Colours of the series of one chart, in order (RGB, the same in plotext and in the legend).
SERIES_COLORS: tuple[RGB, ...] = (
    (80, 200, 230),
    (240, 170, 60),
    (220, 90, 200),
    (120, 210, 90),
)
#: The width from which the charts go two abreast, and the size from which they go three
#: abreast and fill the screen.
WIDE_AT = 140
FULL_AT = (180, 45)
#: Width of a bar (1 = touching its neighbours).
BAR_WIDTH = 0.6
#: Chart ids, in the order of the screen, by series name.
CHART_IDS: dict[str, str] = {
    "by_hour_zone": "chart-hour-zone",
    "by_hour": "chart-hour",
    "by_weekday": "chart-weekday",
    "caller_id": "chart-caller-id",
    "first_reached": "chart-first-reached",
    "adherence": "chart-adherence",
    "activity": "chart-activity",
}


def _percents(rates: Sequence[Rate]) -> list[float]:
    return [round(100 * r.rate, 1) if r.rate is not None else 0.0 for r in rates]


def _percent_axis(plt: Plot, highest: float) -> None:
    """A 0..100% axis a little above the highest value."""
    top = min(100.0, max(10.0, highest * 1.15))
    step = 10 if top <= 40 else 20 if top <= 80 else 25
    ticks = [float(t) for t in range(0, int(top) + 1, step)]
    plt.ylim(0, top)
    plt.yticks(ticks, [f"{t:.0f}%" for t in ticks])


def _colors(names: Sequence[str]) -> tuple[Legend, dict[str, Any]]:
    """The legend of a chart with these series, and the colour argument of ``multiple_bar``
    (a list: plotext takes one colour per series there, which its type stubs do not say)."""
    legend = list(zip(names, SERIES_COLORS, strict=False))
    return legend, {"color": [color for _, color in legend]}


def _count_axis(plt: Plot, highest: int) -> None:
    """Whole-number ticks from 0, a little above the highest bar."""
    step = max(1, -(-max(1, highest) // 4))
    ticks = [float(t) for t in range(0, max(1, highest) + step, step)]
    plt.ylim(0, ticks[-1] + step)
    plt.yticks(ticks, [f"{t:.0f}" for t in ticks])


def _hours_used(insights: Insights) -> list[int]:
    """The hours from the first to the last with any call (all of them if there are none)."""
    used = [h for h, rate in enumerate(insights.by_hour.rates) if rate.calls]
    return list(range(min(used), max(used) + 1)) if used else []


def draw_by_hour(insights: Insights) -> Chart:
    series = insights.by_hour

    def draw(plt: Plot) -> None:
        hours = _hours_used(insights)
        if not hours:
            return
        values = _percents([series.rates[h] for h in hours])
        plt.bar([f"{h:02d}·{series.rates[h].calls}" for h in hours], values, width=BAR_WIDTH)
        _percent_axis(plt, max(values))
        plt.xlabel("hour in the contact's time · calls")

    return draw, []


def draw_by_hour_zone(insights: Insights) -> Chart:
    zones = list(insights.hour_by_zone)[:MAX_ZONES]
    legend, _ = _colors([place_name(z) for z in zones])

    def draw(plt: Plot) -> None:
        hours = _hours_used(insights)
        if not hours:
            return
        highest = 0.0
        # The busiest zone is drawn last, on top of the others.
        for zone_name, (_, color) in reversed(list(zip(zones, legend, strict=False))):
            rates = insights.hour_by_zone[zone_name]
            # Only the hours with calls in this zone: an hour without calls is no 0%.
            called = [h for h in hours if rates[h].calls]
            values = _percents([rates[h] for h in called])
            if called:
                plt.plot(called, values, marker="hd", color=color)
                highest = max(highest, *values)
        plt.xticks([float(h) for h in hours], [f"{h:02d}" for h in hours])
        _percent_axis(plt, highest)
        plt.xlabel("hour in the contact's time")

    return draw, legend


def draw_by_weekday(insights: Insights) -> Chart:
    series = insights.by_weekday

    def draw(plt: Plot) -> None:
        if not series.overall.calls:
            return
        days = [d for d, rate in enumerate(series.rates) if rate.calls or d < 5]
        labels = [f"{series.labels[d]}·{series.rates[d].calls}" for d in days]
        values = _percents([series.rates[d] for d in days])
        plt.bar(labels, values, width=BAR_WIDTH)
        _percent_axis(plt, max(values))
        plt.xlabel("weekday · calls")

    return draw, []


def draw_caller_id(insights: Insights) -> Chart:
    series = insights.caller_id

    def draw(plt: Plot) -> None:
        groups = [("hidden", series.hidden), ("shown", series.shown)]
        groups = [(name, rate) for name, rate in groups if rate.calls]
        if not groups:
            return
        labels = [f"{name}·{rate.calls}" for name, rate in groups]
        values = _percents([rate for _, rate in groups])
        plt.bar(labels, values, width=BAR_WIDTH / 2)
        _percent_axis(plt, max(values))
        plt.xlabel("caller ID · calls")

    return draw, []


def draw_first_reached(insights: Insights) -> Chart:
    series = insights.first_reached

    def draw(plt: Plot) -> None:
        if not series.attempts:
            return
        plt.bar(list(series.labels), list(series.counts), width=BAR_WIDTH)
        _count_axis(plt, max(series.counts))
        plt.xlabel("attempts until first reached · people")

    return draw, []


def draw_adherence(insights: Insights) -> Chart:
    series = insights.adherence
    legend, colors = _colors(["keep-warm", "on time"])

    def draw(plt: Plot) -> None:
        if not any(series.contacts):
            return
        plt.multiple_bar(
            list(series.labels),
            [list(series.contacts), list(series.on_time)],
            **colors,
        )
        _count_axis(plt, max(series.contacts))
        plt.xlabel("month end (this month: today)")

    return draw, legend


def draw_activity(insights: Insights) -> Chart:
    series = insights.activity
    legend, colors = _colors(["calls", "e-mails", "reached"])

    def draw(plt: Plot) -> None:
        if not (any(series.calls) or any(series.emails) or any(series.reached)):
            return
        plt.multiple_bar(
            [f"{d.day}/{d.month}" for d in series.week_starts],
            [list(series.calls), list(series.emails), list(series.reached)],
            **colors,
        )
        _count_axis(plt, max(*series.calls, *series.emails, *series.reached))
        plt.xlabel("week of (day/month)")

    return draw, legend


DRAWERS = {
    "by_hour_zone": draw_by_hour_zone,
    "by_hour": draw_by_hour,
    "by_weekday": draw_by_weekday,
    "caller_id": draw_caller_id,
    "first_reached": draw_first_reached,
    "adherence": draw_adherence,
    "activity": draw_activity,
}


class InsightsScreen(Screen[None]):
    """Charts of the whole history: when people pick up, caller ID, attempts, activity."""

    BINDINGS = [
        Binding("escape,g,q", "close", "Back", tooltip="Back to the contacts"),
        Binding("r", "recompute", "Recompute", tooltip="Compute the charts again"),
    ]

    def __init__(self) -> None:
        super().__init__(id="insights")
        self.insights: Insights | None = None
        """The series on screen; None until the worker has computed them."""

    @property
    def followup(self) -> FollowupApp:
        return cast("FollowupApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static(Text("Insights", style="bold"), id="insights-head")
        with VerticalScroll(id="insights-charts"):
            for key, chart_id in CHART_IDS.items():
                yield InsightChart(TITLES[key], id=chart_id)
        yield SteadyFooter()

    def on_mount(self) -> None:
        self._fit(self.size.width, self.size.height)
        self.query_one("#insights-charts").focus()  # arrows and page keys scroll the charts
        self._start()  # the placeholders show while a thread computes

    def on_resize(self, event: Resize) -> None:
        self._fit(event.size.width, event.size.height)

    def _fit(self, width: int, height: int) -> None:
        charts = self.query_one("#insights-charts")
        charts.set_class(width >= WIDE_AT, "-wide")
        charts.set_class(width >= FULL_AT[0] and height >= FULL_AT[1], "-full")

    def _start(self) -> None:
        """Compute from the main screen's snapshot once it has loaded the file."""
        try:
            ws = self.followup.main_screen.workspace
        except LookupError:
            ws = None
        if ws is None or not ws.loaded:
            self.set_timer(0.1, self._start)
            return
        self._compute(ws.snapshot, ws.user_zone, ws.now())

    # A description of its own: by default Textual describes a worker by the repr of its
    # arguments, which for a snapshot of 100,000 attempts takes a second on the UI thread.
    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="insights",
        description="compute the insights",
    )
    def _compute(self, snapshot: Snapshot, user_zone: str, now: Any) -> Insights:
        return compute_insights(snapshot, user_zone, now)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "insights":
            return
        if event.state == WorkerState.SUCCESS:
            insights = event.worker.result
            assert isinstance(insights, Insights)
            self.show(insights)
        elif event.state == WorkerState.ERROR:
            self.notify(
                f"The insights could not be computed: {event.worker.error}",
                severity="error",
                markup=False,
            )

    def show(self, insights: Insights) -> None:
        self.insights = insights
        local = insights.now.astimezone(zone(insights.user_zone))
        head = Text("Insights", style="bold")
        head.append(
            f"  ·  {local:%a %d %b %H:%M}  ·  weeks and months in {insights.user_zone}"
            "  ·  esc back",
            "dim",
        )
        self.query_one("#insights-head", Static).update(head)
        readings = insights.readings()
        for key, chart_id in CHART_IDS.items():
            chart = self.query_one(f"#{chart_id}", InsightChart)
            draw, legend = DRAWERS[key](insights)
            chart.show(draw, readings[key], legend)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_recompute(self) -> None:
        self._start()
