"""Help: every key binding of the screen it was opened from, as a modal."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

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


def bindings_of(screen: Screen[object]) -> list[HelpLine]:
    """Every binding active on ``screen`` (focused widget, screen, app), one line per action."""
    app = screen.app
    seen: dict[tuple[str, str], list[str]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        description = binding.description or binding.tooltip
        if not description:
            continue
        key = (binding.action, description)
        seen.setdefault(key, [])
        display = app.get_key_display(binding)
        if display not in seen[key]:
            seen[key].append(display)
    return [HelpLine(" ".join(keys), desc) for (_, desc), keys in seen.items()]


def help_text(lines: Iterable[HelpLine]) -> Text:
    rows = list(lines)
    width = max((len(r.keys) for r in rows), default=4) + 2
    text = Text()
    for i, row in enumerate(rows):
        if i:
            text.append("\n")
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
                Text("Every action is also in the command palette (ctrl+p).  esc closes.",
                     style="dim"),
                id="help-hint",
            )

    def action_close(self) -> None:
        self.dismiss(None)
