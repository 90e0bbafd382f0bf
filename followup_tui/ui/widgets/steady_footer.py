"""Textual's footer, built again only when what it shows changes.

Textual's ``Footer`` rebuilds all its keys whenever its screen's bindings are announced as
updated, which happens on every return to the screen: closing the log form cost the main
screen a new footer (about 12 ms, then a layout) while the keys shown were the same, and a
key pressed right after waited for it.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer


class SteadyFooter(Footer):
    """A ``Footer`` that skips a rebuild when its keys, labels, tips and states are the
    ones already shown."""

    _shown: tuple[Any, ...] | None = None

    def _what_it_shows(self) -> tuple[Any, ...]:
        palette = self.app.COMMAND_PALETTE_BINDING if self.show_command_palette else None
        return tuple(
            (key, binding.key, binding.description, binding.action, enabled, tooltip)
            for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show or key == palette
        )

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if (
            self._shown is not None
            and self.is_attached
            and screen is self.screen
            and self._what_it_shows() == self._shown
        ):
            return
        super().bindings_changed(screen)

    def compose(self) -> ComposeResult:
        # What this build shows (before it, the bindings are not ready: nothing is shown).
        self._shown = self._what_it_shows() if self._bindings_ready else None
        yield from super().compose()
