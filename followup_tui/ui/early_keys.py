"""Keys pasted or typed fast reach the field or screen they were typed for.

A terminal delivers a paste, or a fast typist's ``nAnn Lee<tab>Acme<ctrl+s>``, in one read, and
the app hands each key on as it takes it, while the widgets handle theirs later, each from its
own queue. Two things then went wrong, and the app now holds keys back for them:

- ``n`` pushes the contact form, but its first field takes the focus only once the form is
  mounted: the letters after ``n`` reached the form itself and were lost. Keys wait while the
  screen in front has no focus yet (not mounted, or its first field not focused).
- Letters handed to a field are typed when the field gets to them; a key that acts at once as
  the app takes it (ctrl+s saves, tab moves on: priority bindings) would find them missing.
  Any other key waits until the letters handed to a text field before it are typed.

Held keys are handed on in their order. A screen that still has no focus ``HOLD_LIMIT_S``
after a key was first held for it gets its keys as they come, and is not waited for again.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from textual import events

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen
    from textual.widget import Widget

#: The longest a key waits (seconds).
HOLD_LIMIT_S = 0.5
#: How often a held key looks again whether it can go (seconds).
RETRY_S = 0.005


def ready(screen: Screen[Any]) -> bool:
    """The screen takes keys where they belong: mounted, and its focus set (or it has
    nothing to focus)."""
    return screen.is_mounted and (screen.focused is not None or not screen.focus_chain)


class EarlyKeys:
    """The keys held back for one app."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self._held: list[events.Key] = []
        self._since = 0.0
        self._given_up_on: Screen[Any] | None = None
        self._typing = 0
        """Letters handed to a text field and not typed into it yet."""

    def hold(self, event: events.Key) -> bool:
        """Whether the app should hold ``event`` (a key it has just taken) for now."""
        if not self._held:
            screen = self.app.screen
            waiting_for_letters = self._typing > 0 and not event.is_printable
            if not waiting_for_letters and (screen is self._given_up_on or ready(screen)):
                return False
            self._since = time.monotonic()
            self.app.set_timer(RETRY_S, self._release)
        self._held.append(event)
        return True

    def typing(self, field: Widget, event: events.Key) -> None:
        """Hand the letter ``event`` to the text field ``field``, counted until it is typed."""
        self._typing += 1
        field._forward_event(event)
        field.call_later(self._typed)  # runs once the field has handled the letter

    def _typed(self) -> None:
        self._typing -= 1
        if not self._typing and self._held:
            self._release()

    def _release(self) -> None:
        if not self._held:
            return
        screen = self.app.screen
        if self._typing or not ready(screen):
            if time.monotonic() - self._since < HOLD_LIMIT_S:
                self.app.set_timer(RETRY_S, self._release)
                return
            if not ready(screen):
                self._given_up_on = screen
            self._typing = 0  # a field that never got to its letters: wait no more
        held, self._held = self._held, []
        for event in held:  # taken again by the app, in their order, before any newer key
            self.app.post_message(events.Key(event.key, event.character))
