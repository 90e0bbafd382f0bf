"""Starting a call session and coming back from it.

``start`` is what ``c`` runs on the main screen (the filtered contacts when filtering) and what
another screen calls to start a session on contacts of its own choosing (Today: its due list):
``app.main_screen.call_session.start(only=ids)``.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from followup_tui.analytics.call_queue import SessionSummary
    from followup_tui.ui.screens.main import MainScreen


class CallSessionFlow:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    def from_main(self) -> bool:
        """``c``: who is due, or every contact the filter shows."""
        contacts = self.screen.contact_list
        only = None
        if contacts.filter_text.strip():
            only = {row.contact_id for row in contacts.visible_rows()}
        return self.start(only=only)

    def start(self, only: Collection[int] | None = None) -> bool:
        """Open a session on the contacts due now (or those of ``only`` that are not closed),
        in the order of ``followup-tui due``, those outside their working hours last. False
        (and a word to the user) when there is nobody to call."""
        screen = self.screen
        if screen.workspace is None or not screen.ws.loaded:
            screen.notify("The data file is still being read.", timeout=3)
            return False
        ws = screen.ws
        summaries = ws.summaries
        items = (
            (contact, summaries[cid])
            for cid, contact in ws.snapshot.contacts.items()
            if cid in summaries
        )
        # Loaded on the first session, not at start-up (phonenumbers comes with it).
        from followup_tui.analytics.call_queue import CallQueue, build_queue
        from followup_tui.ui.screens.call_session import CallSessionScreen

        now = ws.now()
        queue = build_queue(items, ws.snapshot.settings, ws.user_zone, now, only=only)
        if not queue:
            screen.notify(
                "Nobody to call: no contact is due now." if only is None else "Nobody to call.",
                timeout=4,
            )
            return False
        session = CallSessionScreen(CallQueue(queue), since=ws.changes.last_token, started=now)
        screen.app.push_screen(session, self.ended)
        return True

    def ended(self, summary: SessionSummary | None) -> None:
        screen = self.screen
        if screen.workspace is not None:
            screen.data_changed(force=True)
        if summary is not None:
            from followup_tui.ui.screens.session_summary import SessionSummaryScreen

            screen.app.push_screen(SessionSummaryScreen(summary))
