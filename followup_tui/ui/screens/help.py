"""Help: every key binding of the screen it was opened from, as a modal."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from followup_tui.domain.text import clean_line


@dataclass(frozen=True, slots=True)
class HelpLine:
    keys: str
    description: str
    heading: bool = False


def _section_name(node: object, screen: Screen[Any]) -> str:
    if node is screen:
        return "This screen"
    if node is screen.app:
        return "Everywhere"
    words = re.findall(r"[A-Z][a-z0-9]*", type(node).__name__)
    return " ".join(words).capitalize() if words else type(node).__name__


def bindings_of(screen: Screen[Any]) -> list[HelpLine]:
    """Every binding active on ``screen``: the screen's own first, then the focused widget's,
    then the app's; one line per action, with all its keys."""
    app = screen.app
    sections: dict[int, tuple[str, dict[tuple[str, str], list[str]]]] = {}
    order: list[int] = []
    for active in screen.active_bindings.values():
        binding = active.binding
        description = binding.description or binding.tooltip
        if not description:
            continue
        node = active.node
        if id(node) not in sections:
            sections[id(node)] = (_section_name(node, screen), {})
            rank = 0 if node is screen else (2 if node is app else 1)
            order.append(rank * 1000 + len(order))
        _, actions = sections[id(node)]
        keys = actions.setdefault((binding.action, description), [])
        display = app.get_key_display(binding)
        if display not in keys:
            keys.append(display)
    ranked = sorted(zip(order, sections.values(), strict=True), key=lambda item: item[0])
    lines: list[HelpLine] = []
    for _, (name, actions) in ranked:
        lines.append(HelpLine("", name, heading=True))
        lines.extend(HelpLine(" ".join(keys), desc) for (_, desc), keys in actions.items())
    return lines


def help_text(lines: Iterable[HelpLine]) -> Text:
    rows = list(lines)
    width = max((len(r.keys) for r in rows), default=4) + 2
    text = Text()
    for i, row in enumerate(rows):
        if i:
            text.append("\n")
        if row.heading:
            if i:
                text.append("\n")
            text.append(clean_line(row.description), "bold underline")
            continue
        text.append(clean_line(row.keys).rjust(width), "bold")
        text.append("  ")
        text.append(clean_line(row.description))
    return text


class HelpScreen(ModalScreen[None]):
    """The keys of one screen; escape, ``?`` or ``q`` close it."""

    BINDINGS = [
        Binding("escape,question_mark,q,f1", "close", "Close help", key_display="esc"),
    ]

    def __init__(self, title: str, lines: list[HelpLine]) -> None:
        super().__init__()
        self.help_title = title
        self.lines = lines

    def compose(self) -> ComposeResult:
        with Vertical(id="help"):
            yield Static(Text(clean_line(self.help_title), style="bold"), id="help-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(help_text(self.lines), id="help-body", markup=False)
            yield Static(
                Text(
                    "Every action is also in the command palette (ctrl+p).  esc closes.",
                    style="dim",
                ),
                id="help-hint",
            )

    def action_close(self) -> None:
        self.dismiss(None)
