"""Reachability heatmap: weekday × hour in the contact's local time.

Each cell is two characters wide and two lines tall: the upper line counts the phone calls made
in that hour, the lower line how many reached the person; the cell is shaded by the reached
rate. ``▼`` marks the hour it is now in the contact's zone, ``★`` the suggested next slot.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from rich.style import Style
from rich.text import Text
from textual.color import Color
from textual.content import Content
from textual.strip import Strip
from textual.widget import Widget

from followup_tui.analytics.reachability import WEEKDAYS, ReachGrid, Suggestion, zone_abbreviation
from followup_tui.domain.text import clean_line
from followup_tui.domain.zones import zone
from followup_tui.ui.reach import Reach
from followup_tui.ui.widgets.line_view import LineStrips

CONTACT, ALL = "contact", "all"
CELL = 2
LABEL = 4
_COLD = Color(58, 66, 86)  # tried, never reached
_WARM = Color(38, 166, 91)  # always reached
_SUGGESTED = Color(214, 168, 42)


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


def count_scale(grid: ReachGrid) -> int:
    """1, 10, 100…: the factor counts are divided by so each fits in two characters."""
    top = max(max(row) for row in grid.attempts)
    scale = 1
    while top / scale > 99:
        scale *= 10
    return scale


def _count(value: int, scale: int) -> str:
    if value == 0:
        return ""
    return str(max(1, math.ceil(value / scale)) if scale > 1 else value)


def cell_style(attempts: int, reached: int) -> Style:
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
        self._strips = LineStrips(self)

    @property
    def view(self) -> HeatmapView | None:
        return self._view

    @property
    def plain_text(self) -> str:
        return "\n".join(line.plain for line in self._lines)

    def show(self, view: HeatmapView | None) -> None:
        self._view = view
        if view is not None:
            self._lines = list(heatmap_text(view).split("\n"))
        self._strips.clear()
        self.refresh()

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
        scale = count_scale(grid)
        if scale > 1:
            legend = f"counts ×{scale} · " + legend
        self.border_title = Content(title)
        self.border_subtitle = Content(legend)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.restyle()

    def render_line(self, y: int) -> Strip:
        # Line API: each line goes straight to segments (no markup, no layout pass).
        return self._strips.strip(self._lines, y, self.content_region.width)


def heatmap_text(view: HeatmapView) -> Text:
    grid = view.grid
    scale = count_scale(grid)
    now_w, now_h = view.now_cell if view.now_cell else (-1, -1)
    best = view.suggestion
    best_w, best_h = (best.weekday, best.hour) if best else (-1, -1)

    text = Text(no_wrap=True, overflow="crop")
    # Marker line: ▼ over the current hour, ★ over the suggested hour.
    marks = [" " * CELL for _ in range(24)]
    if 0 <= best_h < 24:
        marks[best_h] = " ★"
    if 0 <= now_h < 24:
        marks[now_h] = "▼★" if now_h == best_h else " ▼"
    text.append(" " * LABEL + "".join(marks) + "\n", "bold")
    hours = "".join(f"{h:02d}" if h % 3 == 0 else " " * CELL for h in range(24))
    text.append(" " * LABEL + hours + "\n", "dim")

    for weekday in range(7):
        is_now_day = weekday == now_w
        marker = "▶" if is_now_day else ("★" if weekday == best_w else " ")
        for lower in (False, True):
            if lower:
                text.append(" " * LABEL)
            else:
                text.append(marker + WEEKDAYS[weekday], "bold" if is_now_day else "")
            for hour in range(24):
                attempts, reached = grid.cell(weekday, hour)
                style = cell_style(attempts, reached) if attempts else Style(dim=True)
                suggested = weekday == best_w and hour == best_h
                if suggested:
                    style = Style(bgcolor=_SUGGESTED.hex, color="black", bold=True)
                if weekday == now_w and hour == now_h:
                    style += Style(bold=True, underline=True)
                if lower:
                    value = (_count(reached, scale) or "0") if attempts else ""
                else:
                    value = _count(attempts, scale)
                    if not value:
                        value = "★" if suggested else "·"
                text.append(value.rjust(CELL), style)
            text.append("\n")

    if best is not None:
        text.append("★ " + best.text, "bold")
    elif view.note:
        text.append(view.note, "italic")
    return text
