"""Handing changes to the data worker: after the frame that shows them, and again after a
failure (the retry policy's timer; what to retry is ``Changes``' answer)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.timer import Timer

    from followup_tui.ui.screens.main import MainScreen


class Saver:
    """Writes the screen's changes through the data worker, in the order they were made."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self._retry_timer: Timer | None = None

    def write_soon(self) -> None:
        """Write once the change is on screen: serialising the file holds the interpreter, and
        the frame that shows the change must not wait for it."""
        self.screen.call_after_refresh(self.write_now)

    def write_now(self) -> None:
        """Hand every change made since the last frame to the data worker."""
        screen = self.screen
        changes = None if screen.workspace is None else screen.ws.in_flight
        if changes is None:
            return  # no change made yet
        for change in changes.take_to_write():
            screen.followup.data.write(change)

    def retry_later(self) -> None:
        if self._retry_timer is None:
            from followup_tui.ui import changes  # loaded by the change that failed

            self._retry_timer = self.screen.set_timer(changes.RETRY_S, self._retry_due)

    def _retry_due(self) -> None:
        self._retry_timer = None
        self.retry_now()

    def retry_now(self) -> None:
        """Write every unsaved change again (``r``, or the timer)."""
        if self._retry_timer is not None:
            self._retry_timer.stop()
            self._retry_timer = None
        screen = self.screen
        retry = screen.ws.changes.retry()
        for change in retry:
            screen.followup.data.write(change)
        for cid in {c.contact_id for c in retry if c.contact_id is not None}:
            screen.panes.contact_changed(cid)
