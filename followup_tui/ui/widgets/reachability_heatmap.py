"""Reachability heatmap: weekday × hour in the contact's local time.

Each cell is two lines tall: the upper line counts the phone calls made in that hour, the lower
line how many reached the person; the cell is shaded by the reached rate. A cell is one
character wider than its largest count, so numbers never run together; when the pane is too
narrow for 24 such cells, hours merge (two-hour cells, then three…) rather than being cut off.
``▼`` marks the hour it is now in the contact's zone, ``★`` the suggested next slot.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual.color import Color
from textual.content import Content
from textual.strip import Strip
from textual.widget import Widget

from followup_tui.analytics.reachability import WEEKDAYS, ReachGrid, Suggestion, zone_abbreviation
from followup_tui.domain.text import clean_line
from followup_tui.domain.zones import zone
from followup_tui.ui.widgets.line_view import LineStrips

if TYPE_CHECKING:
    from followup_tui.ui.reach import Reach

CONTACT, ALL = "contact", "all"
CELL = 2
LABEL = 4
_COLD = Color(58, 66, 86)  # tried, never reached
_WARM = Color(38, 166, 91)  # always reached
_SUGGESTED = Color(214, 168, 42)
_SUGGESTED_STYLE = Style(bgcolor=_SUGGESTED.hex, color="black", bold=True)
_EMPTY = Style(dim=True)
_NOW = Style(bold=True, underline=True)


@dataclass(frozen=True, slots=True)
class HeatmapView:
    """Everything the heatmap draws."""

    grid: ReachGrid
    scope: str = CONTACT
    """``contact`` or ``all``."""
    now_cell: tuple[int, int] | None = None
    """(weekday, hour) it is now in the contact's zone."""
    suggestion: Suggestion | None = None
    note: str = ""
    """Shown instead of a suggestion when there is none."""


SPANS = (1, 2, 3, 4, 6, 8, 12, 24)
"""Hours per cell, tried in order until the grid fits the width."""


@dataclass(frozen=True, slots=True)
class Layout:
    """How the 24 hours are drawn: ``span`` hours per cell, each ``cell`` characters wide."""

    span: int
    cell: int

    @property
    def cells(self) -> int:
        return 24 // self.span

    @property
    def width(self) -> int:
        return LABEL + self.cells * self.cell


def merged(grid: ReachGrid, weekday: int, first_hour: int, span: int) -> tuple[int, int]:
    """(attempts, reached) over ``span`` hours from ``first_hour``."""
    attempts = reached = 0
    for hour in range(first_hour, first_hour + span):
        a, r = grid.cell(weekday, hour)
        attempts += a
        reached += r
    return attempts, reached


def layout_for(grid: ReachGrid, width: int) -> Layout:
    """The finest layout whose cells keep a space between any two counts and fit ``width``.

    A cell is one character wider than its largest count, so neighbours never run together
    (``10`` beside ``4`` reads `` 10  4``, never ``104``). Below the narrowest layout, the
    whole day in one cell is drawn and cropped.
    """
    for span in SPANS:
        top = max(merged(grid, w, h, span)[0] for w in range(7) for h in range(0, 24, span))
        # Merged cells are at least three wide so each can carry its first hour (02, 04…).
        layout = Layout(span, max(2 if span == 1 else 3, len(str(top)) + 1))
        if layout.width <= width:
            return layout
    return layout


@lru_cache(maxsize=4096)
def cell_style(attempts: int, reached: int) -> Style:
    """The colour of a cell: cold when never reached, warm when always (drawn once per pair:
    a heatmap is drawn again on every move of the highlight)."""
    if attempts == 0:
        return Style()
    rate = reached / attempts
    background = _COLD.blend(_WARM, rate)
    return Style(bgcolor=background.hex, color=background.get_contrast_text(1.0).hex)


class ReachabilityHeatmap(Widget, can_focus=True):
    """A weekday × hour grid of calls and how many reached the person."""

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,  # noqa: A002 - Textual's parameter name
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._view: HeatmapView | None = None
        self._lines: list[Text] = [Text("Select a contact to see when they pick up.", "italic")]
        self._lines_width = -1
        self._strips = LineStrips(self)

    @property
    def view(self) -> HeatmapView | None:
        return self._view

    @property
    def plain_text(self) -> str:
        self._lay_out(self.content_region.width)
        return "\n".join(line.plain for line in self._lines)

    def show(self, view: HeatmapView | None) -> None:
        self._view = view
        self._lines_width = -1
        self._strips.clear()
        self.refresh()

    def _lay_out(self, width: int) -> None:
        """Draw the lines for ``width`` columns, once per view and width."""
        if self._view is None or width == self._lines_width:
            return
        self._lines = list(heatmap_text(self._view, width or LABEL + 24 * CELL).split("\n"))
        self._lines_width = width
        self._strips.clear()

    def show_reach(
        self,
        scope: str,
        all_grid: ReachGrid,
        reach: Reach | None,
        *,
        name: str,
        now: datetime,
        user_zone: str,
    ) -> None:
        """Draw ``scope`` (``contact`` or ``all``): the contact's ``reach`` as the data worker
        computed it, or, with no contact (``reach`` None), all contacts in the user's zone."""
        tz = zone(reach.zone_name if reach else user_zone)
        local = now.astimezone(tz)
        note = "Select a contact for a suggested time." if reach is None else reach.note
        if scope == ALL or reach is None:
            grid = all_grid
            title = "Reachability · all contacts (their local time)"
        else:
            grid = reach.grid
            title = f"Reachability · {clean_line(name)} · {zone_abbreviation(tz, now)}"
        self.show(
            HeatmapView(
                grid=grid,
                scope=scope,
                now_cell=(local.weekday(), local.hour),
                suggestion=reach.suggestion if reach else None,
                note=note,
            )
        )
        other = "this contact" if scope == ALL else "all contacts"
        legend = f"upper: calls · lower: reached · h: {other}"
        self.border_title = Content(title)
        self.border_subtitle = Content(legend)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.restyle()

    def render_line(self, y: int) -> Strip:
        # Line API: each line goes straight to segments (no markup, no layout pass).
        width = self.content_region.width
        self._lay_out(width)
        return self._strips.strip(self._lines, y, width)


def heatmap_text(view: HeatmapView, width: int = LABEL + 24 * CELL) -> Text:
    """The heatmap drawn for ``width`` columns (hours merge into wider cells when narrow)."""
    grid = view.grid
    layout = layout_for(grid, width)
    span, cell = layout.span, layout.cell
    now_w, now_h = view.now_cell if view.now_cell else (-1, -1)
    best = view.suggestion
    best_w, best_h = (best.weekday, best.hour) if best else (-1, -1)
    now_c = now_h // span if 0 <= now_h < 24 else -1
    best_c = best_h // span if 0 <= best_h < 24 else -1

    text = Text(no_wrap=True, overflow="crop")
    # Marker line: ▼ over the current hour's cell, ★ over the suggested one.
    marks = [" " * cell for _ in range(layout.cells)]
    if best_c >= 0:
        marks[best_c] = "★".rjust(cell)
    if now_c >= 0:
        marks[now_c] = ("▼★" if now_c == best_c else "▼").rjust(cell)
    text.append(" " * LABEL + "".join(marks) + "\n", "bold")
    if cell >= 3:
        # Every cell is labelled with its first hour: 2-hour cells read 00 02 04 …
        hours = "".join(f"{c * span:02d}".rjust(cell) for c in range(layout.cells))
    else:
        hours = "".join(f"{h:02d}" if h % 3 == 0 else " " * cell for h in range(24))
    text.append(" " * LABEL + hours + "\n", "dim")

    for weekday in range(7):
        is_now_day = weekday == now_w
        marker = "▶" if is_now_day else ("★" if weekday == best_w else " ")
        for lower in (False, True):
            if lower:
                text.append(" " * LABEL)
            else:
                text.append(marker + WEEKDAYS[weekday], "bold" if is_now_day else "")
            for c in range(layout.cells):
                attempts, reached = merged(grid, weekday, c * span, span)
                style = cell_style(attempts, reached) if attempts else _EMPTY
                suggested = weekday == best_w and c == best_c
                if suggested:
                    style = _SUGGESTED_STYLE
                if weekday == now_w and c == now_c:
                    style += _NOW
                if lower:
                    value = str(reached) if attempts else ""
                else:
                    value = str(attempts) if attempts else ("★" if suggested else "·")
                text.append(value.rjust(cell), style)
            text.append("\n")

    if best is not None:
        text.append("★ " + best.text, "bold")
    elif view.note:
        text.append(view.note, "italic")
    return text
