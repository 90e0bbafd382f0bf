"""What the start-up leaves until after the first frame.

Screens load when first opened, not at start-up, and which of them are open: the first frame
needs only the main screen: forms, the call session, Today, Insights and the lists load with
their first use (``make bench``: the first frame against a minimal Textual app). A screen whose
module was never loaded cannot be open, so asking costs no import.

The cyclic garbage collector waits too (``collection_paused``): the start-up builds about
100,000 objects (modules, classes, widgets, styles) that live as long as the app, and the
collector's passes over them on the way (a dozen, one of them full) find almost nothing while
costing more CPU than drawing the screen. After the first frame they are frozen, so that no
later collection scans them again (the data worker freezes the records it reads likewise), and
collection resumes. The few thousand objects of cyclic garbage the start-up leaves (about
0.6 MB) stay.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

#: Seconds after which collection resumes even if the contacts frame has not come (a file
#: that is slow to read): the pause saves CPU on the way to the first frame, nothing more.
PAUSE_LIMIT_S = 3.0

_paused = False


def open_screens(stack: Iterable[object], module: str, name: str) -> Iterator[Any]:
    """The screens of ``stack`` that are ``module.name`` instances (none when that module
    was never loaded)."""
    kind = getattr(sys.modules.get(module), name, None)
    if not isinstance(kind, type):
        return
    for screen in stack:
        if isinstance(screen, kind):
            yield screen


@contextmanager
def collection_paused() -> Iterator[None]:
    """Around the app's imports and run: no cyclic collection until ``resume_collection``,
    at the latest when the block ends (nothing changes when the collector is already off)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True
    try:
        yield
    finally:
        resume_collection()


def resume_collection() -> None:
    """The first frame is on screen: what the start-up built is frozen, and collection
    resumes. Only undoes ``collection_paused``; a second call does nothing."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
