"""Screens that load when first opened, not at start-up, and which of them are open.

The first frame needs only the main screen: forms, the call session, Today, Insights and the
lists load with their first use (``make bench``: the first frame against a minimal Textual app).
A screen whose module was never loaded cannot be open, so asking costs no import.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import Any


def open_screens(stack: Iterable[object], module: str, name: str) -> Iterator[Any]:
    """The screens of ``stack`` that are ``module.name`` instances (none when that module
    was never loaded)."""
    kind = getattr(sys.modules.get(module), name, None)
    if not isinstance(kind, type):
        return
    for screen in stack:
        if isinstance(screen, kind):
            yield screen
