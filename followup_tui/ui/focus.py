"""Moving the focus between the panes of a screen with tab and shift+tab."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.screen import Screen
from textual.widget import Widget


def cycle_panes(screen: Screen[Any], panes: Sequence[Widget], step: int) -> None:
    """Focus the pane ``step`` after (or before) the one holding the focus; from a field that
    is not in a pane (the filter), tab goes to the first pane and shift+tab to the last."""
    shown = [p for p in panes if p.display and p.focusable]
    if not shown:
        return
    focused = screen.focused
    index = -1
    for i, pane in enumerate(shown):
        if focused is pane or (focused is not None and pane in focused.ancestors):
            index = i
    if focused is not None and focused.id == "filter":
        index = -1 if step > 0 else 0
    shown[(index + step) % len(shown)].focus()


def shown(widget: Widget) -> bool:
    """The widget and every container around it are displayed."""
    return bool(widget.display) and all(
        a.display for a in widget.ancestors if isinstance(a, Widget)
    )


def keep_focus_shown(screen: Screen[Any], fallback: Widget) -> None:
    """Never leave the focus in a hidden widget (keys typed there vanish: the hidden filter
    of an empty file once swallowed ``n`` and ``?``): move it to ``fallback`` when that is
    shown, else to nothing, so the screen's own keys work."""
    focused = screen.focused
    if focused is None or shown(focused):
        return
    screen.set_focus(fallback if shown(fallback) and fallback.focusable else None)


def pane_holding(panes: Sequence[Widget], widget: Widget | None) -> int | None:
    """The index of the pane that is or holds ``widget``."""
    if widget is None:
        return None
    for i, pane in enumerate(panes):
        if widget is pane or pane in widget.ancestors:
            return i
    return None
