"""Line-API drawing shared by the widgets that show a list of ``rich.text.Text`` lines."""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

#: Strips kept before the cache starts over (a timeline may have thousands of lines).
CACHE_LIMIT = 256


class LineStrips:
    """``Text`` lines drawn as strips in a widget's own style, each line once per width.

    The widget's style is read once per style change (reading it is costly): call ``restyle``
    from the widget's ``notify_style_update``, and ``clear`` when the lines change.
    """

    def __init__(self, widget: Widget) -> None:
        self._widget = widget
        self._cache: dict[tuple[int, int], Strip] = {}
        self._base: Style | None = None

    def clear(self) -> None:
        """Forget the drawn lines (the lines or the width changed)."""
        self._cache.clear()

    def restyle(self) -> None:
        """Forget the style and the drawn lines (the widget's style changed)."""
        self._base = None
        self._cache.clear()

    def strip(self, lines: Sequence[Text], index: int, width: int) -> Strip:
        """Line ``index`` of ``lines`` as a strip exactly ``width`` cells wide (blank past
        the end)."""
        if self._base is None:
            self._base = self._widget.rich_style
        base = self._base
        if index >= len(lines):
            return Strip.blank(width, base)
        key = (index, width)
        strip = self._cache.get(key)
        if strip is None:
            segments = lines[index].render(self._widget.app.console)
            strip = Strip(segments).apply_style(base).extend_cell_length(width, base)
            strip = strip.crop(0, width)
            if len(self._cache) > CACHE_LIMIT:
                self._cache.clear()
            self._cache[key] = strip
        return strip


def resize_scrollable(view: ScrollView, size: Size) -> None:
    """Give ``view`` a new virtual size without a layout of the whole screen.

    Assigning ``virtual_size`` asks for a full layout (every widget on screen drawn again),
    which on a key press costs far more than the change. The view's own box does not change,
    only its scrollbar: that is updated here, and a layout still happens (through
    ``show_vertical_scrollbar``) when the scrollbar appears or disappears.
    """
    if size == view.virtual_size:
        return
    view.set_reactive(ScrollView.virtual_size, size)
    view._scroll_update(size)
    view.refresh()
