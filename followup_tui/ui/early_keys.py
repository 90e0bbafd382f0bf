"""Keys typed in one burst with the key that opened a screen go to that screen's field.

A terminal delivers a paste, or a fast typist's ``nAnn Lee``, in one read, and the app hands each
key to the focused widget as it takes it. ``n`` pushes the contact form, but the form's first
field takes the focus only once the form is mounted: the letters after ``n`` reached the form
itself and were lost. The app holds such keys while the screen in front has no focus yet
(not mounted, or its first field not focused), then hands them on in their order. A screen that
still has no focus ``HOLD_LIMIT_S`` after a key was first held for it gets its keys as they
come, and is not waited for again.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from textual import events

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

#: The longest a key waits for the screen in front to take the focus (seconds).
HOLD_LIMIT_S = 0.5
#: How often a held key looks again whether the screen is ready (seconds).
RETRY_S = 0.005


def ready(screen: Screen[Any]) -> bool:
    """The screen takes keys where they belong: mounted, and its focus set (or it has
    nothing to focus)."""
    return screen.is_mounted and (screen.focused is not None or not screen.focus_chain)


class EarlyKeys:
    """The keys held for the screen in front, for one app."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self._held: list[events.Key] = []
        self._since = 0.0
        self._given_up_on: Screen[Any] | None = None

    def hold(self, event: events.Key) -> bool:
        """Whether the app should hold ``event`` (a key it has just taken) for now."""
        screen = self.app.screen
        if not self._held and (screen is self._given_up_on or ready(screen)):
            return False
        if not self._held:
            self._since = time.monotonic()
            self.app.set_timer(RETRY_S, self._release)
        self._held.append(event)
        return True

    def _release(self) -> None:
        screen = self.app.screen
        if not ready(screen):
            if time.monotonic() - self._since < HOLD_LIMIT_S:
                self.app.set_timer(RETRY_S, self._release)
                return
            self._given_up_on = screen
        held, self._held = self._held, []
        for event in held:  # taken again by the app, in their order, before any newer key
            self.app.post_message(events.Key(event.key, event.character))
