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
