"""The contacts filter field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.widgets import Input


class FilterInput(Input):
    """The filter field: the list follows each keystroke in the same frame as the field.

    ``Input.Changed`` reaches the screen only after the field's own frame; calling back from
    the value's watcher puts the filtered list in that first frame.
    """

    def __init__(self, on_value: Callable[[str], None], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._on_value = on_value

    def watch_value(self, value: str) -> None:
        self._on_value(value)
