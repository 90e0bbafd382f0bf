"""Keys and what they do ("1 reached · 2 voicemail …"), wrapped between keys, never inside one.

The call session lists its outcome keys this way and the log form its outcome digits: on a
narrow terminal the list takes two lines, and "4 busy" stays together (Textual's own wrapping
would break it after the "4").
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import Static


class KeyLegend(Static):
    """``show([(key, what), ...])`` (or ``keys``) draws the keys in as many lines as the
    widget's width needs, and again when that width changes."""

    def __init__(
        self,
        *,
        lead: Content | None = None,
        separator: Content | None = None,
        key_style: str = "",
        keys: Sequence[tuple[str, str]] = (),
        id: str | None = None,  # noqa: A002 - Textual's name for it
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self._lead = lead or Content("")
        self._separator = separator or Content("  ")
        self._key_style = key_style
        self._keys: tuple[tuple[str, str], ...] | None = tuple(keys) or None
        self._width = 0

    def on_mount(self) -> None:
        if self._keys and not self._width:
            self._draw()  # the keys given to the constructor, before the first frame

    def show(self, keys: Sequence[tuple[str, str]]) -> None:
        """Draw ``keys`` (nothing new when they are the ones shown: no new layout)."""
        keys = tuple(keys)
        if keys != self._keys:
            self._keys = keys
            self._draw()

    def on_resize(self) -> None:
        if self.content_region.width != self._width:
            self._draw()

    def _draw(self) -> None:
        self._width = self.content_region.width
        # Before the first layout the widget has no width yet: the app's, until on_resize.
        width = self._width or self.app.size.width
        items = [
            Content.assemble((key, self._key_style), f" {what}") if key else Content(what)
            for key, what in self._keys or ()
        ]
        if not items:
            self.update(Content(""))
            return
        lines = [self._lead + items[0]]
        for item in items[1:]:
            if lines[-1].cell_length + self._separator.cell_length + item.cell_length > width:
                lines.append(item)
            else:
                lines[-1] = lines[-1] + self._separator + item
        self.update(Content("\n").join(lines))


#: Between the keys of a form's hint ("ctrl+s save · esc cancel").
FORM_SEPARATOR = Content(" · ")


def form_keys(*keys: tuple[str, str], id: str | None = None) -> KeyLegend:  # noqa: A002
    """The keys under a form ("ctrl+s save · esc cancel"): at 60 columns "esc cancel" goes
    to the next line whole instead of leaving "esc" at the end of the first."""
    return KeyLegend(separator=FORM_SEPARATOR, keys=keys, id=id, classes="form-hint")
