"""One chart of the insights screen: a title, a plotext chart and the plain reading under it.

Until its numbers arrive the chart shows a placeholder line; ``show`` draws it.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.color import Color
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static
from textual_plotext import PlotextPlot
from textual_plotext.plot import Plot

from followup_tui.domain.text import clean_line

#: Draws one series on a plotext figure (already cleared).
Draw = Callable[[Plot], None]
RGB = tuple[int, int, int]
#: The series of a chart and their colours, shown after its title.
Legend = list[tuple[str, RGB]]


class InsightChart(Vertical):
    """A titled chart with its reading; empty (a placeholder) until ``show``."""

    def __init__(self, title: str, *, id: str) -> None:
        super().__init__(id=id, classes="insight-chart")
        self.title_text = title
        self.reading = ""
        self.drawn = False

    def compose(self) -> ComposeResult:
        yield Static(Text(self.title_text, style="bold"), classes="insight-title", markup=False)
        yield Static(Text("Computing…", style="dim italic"), classes="insight-placeholder")
        yield PlotextPlot(classes="insight-plot")
        yield Static("", classes="insight-reading", markup=False)

    def on_mount(self) -> None:
        self.query_one(PlotextPlot).display = False

    def show(self, draw: Draw, reading: str, legend: Legend | None = None) -> None:
        """Draw the chart with ``draw``, put ``reading`` under it and ``legend`` after the
        title (in the title line, where it hides no bar)."""
        plot = self.query_one(PlotextPlot)
        plt = plot.plt
        plt.clear_figure()
        draw(plt)
        self.reading = clean_line(reading)
        self.query_one(".insight-reading", Static).update(Text(self.reading))
        title = Text(self.title_text, style="bold")
        for name, (r, g, b) in legend or []:
            title.append("  ")
            title.append("■ ", Style(color=Color.from_rgb(r, g, b)))
            title.append(clean_line(name))
        self.query_one(".insight-title", Static).update(title)
        self.query_one(".insight-placeholder", Static).display = False
        plot.display = True
        plot.refresh()
        self.drawn = True
