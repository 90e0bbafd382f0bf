"""Textual's footer, built again only when what it shows changes.

Textual's ``Footer`` rebuilds all its keys whenever its screen's bindings are announced as
updated, which happens on every return to the screen: closing the log form cost the main
screen a new footer (about 12 ms, then a layout) while the keys shown were the same, and a
key pressed right after waited for it.

It also shows only the keys that fit whole: Textual's footer cuts the last one that reaches the
command palette key mid-word ("h Heatm", "e Edi" on an 80- or 60-column terminal). The keys are
listed most-used first, and ``?`` (Help) lists every one of them.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class SteadyFooter(Footer):
    """A ``Footer`` that skips a rebuild when its keys, labels, tips and states are the
    ones already shown, and hides the keys that would be cut."""

    _shown: tuple[Any, ...] | None = None
    _build_asked = False
    _widths: dict[Widget, int]
    """The width each key of this build takes in the row, measured at its first layout."""

    def __init__(self, *args: Any, compact_below: int | None = None, **kwargs: Any) -> None:
        """``compact_below``: the footer is the compact one while it is narrower than this
        many columns (the screens with one pane at a time below 100)."""
        super().__init__(*args, **kwargs)
        self._widths = {}
        self._compact_below = compact_below

    def _what_it_shows(self) -> tuple[Any, ...]:
        palette = self.app.COMMAND_PALETTE_BINDING if self.show_command_palette else None
        return tuple(
            (key, binding.key, binding.description, binding.action, enabled, tooltip)
            for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show or key == palette
        )

    def bindings_changed(self, screen: Screen[Any]) -> None:
        here = self.is_attached and screen is self.screen
        if here and self._build_asked:
            return  # the build on its way reads the bindings as they are then
        if self._shown is not None and here:
            shown = self._what_it_shows()
            if shown == self._shown:
                return
            if _without_states(shown) == _without_states(self._shown):
                # Only keys lit or dimmed (Edit once a contact is listed): no new build.
                self._set_states(shown)
                return
        # As Footer.bindings_changed, which asks for a build after the next refresh.
        self._build_asked = here and screen.app.app_focus
        super().bindings_changed(screen)

    def _set_states(self, shown: tuple[Any, ...]) -> None:
        enabled = {(key, action): on for _, key, _, action, on, _ in shown}
        for footer_key in self.query(FooterKey):
            on = enabled.get((footer_key.key, footer_key.action))
            if on is not None:
                footer_key._disabled = not on  # what a click on it reads
                footer_key.set_class(not on, "-disabled")
        self._shown = shown

    def compose(self) -> ComposeResult:
        # What this build shows (before it, the bindings are not ready: nothing is shown).
        self._shown = self._what_it_shows() if self._bindings_ready else None
        self._build_asked = False
        compact = self.compact
        for widget in super().compose():
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                # Born in the footer's style: Textual's keys start compact and are switched
                # when mounted, a style update of each key (about 10 ms for the main screen's).
                # The palette key is not bound to the footer's style: it stays as it is.
                widget.set_reactive(FooterKey.compact, compact)
                widget.set_class(compact, "-compact", update=False)
            yield widget

    async def recompose(self) -> None:
        self._widths = {}
        await super().recompose()
        self.call_after_refresh(self._fit)

    def on_resize(self, event: events.Resize) -> None:
        if self._compact_below is not None:
            compact = event.size.width < self._compact_below
            if compact != self.compact:
                self.compact = compact  # the keys are measured again (_watch_compact)
                return
        self._fit()

    def _watch_compact(self, compact: bool) -> None:
        # The keys take other widths: all shown again, measured at the next layout.
        self._widths = {}
        for child in self.children:
            child.display = True
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """Show the keys, in their order, while each fits whole before the palette key."""
        row: list[Widget] = []
        end = self.content_region.right
        for child in self.children:
            if child.styles.dock == "right":
                if child.display:
                    end = min(end, child.region.x)
            else:
                row.append(child)
        widths = self._widths
        for child in row:
            if child not in widths:
                if not child.display or not child.region:
                    if self.region:  # not laid out yet: measured after the next refresh
                        self.call_after_refresh(self._fit)
                    return
                widths[child] = child.outer_size.width + child.styles.margin.width
        room = end - self.content_region.x
        fits = True
        for child in row:
            room -= widths[child]
            fits = fits and room >= 0
            child.display = fits


def _without_states(shown: tuple[Any, ...]) -> tuple[Any, ...]:
    """What a footer shows, but whether each key is lit or dimmed."""
    return tuple(entry[:4] + entry[5:] for entry in shown)
