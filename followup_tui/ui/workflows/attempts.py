"""Logging, undoing and retrying attempts, and what the data worker's answers mean for them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from followup_tui.domain.models import Attempt
from followup_tui.domain.text import clean_line
from followup_tui.ui.change_state import State
from followup_tui.ui.text import attempt_words

if TYPE_CHECKING:
    from followup_tui.ui.changes import Change
    from followup_tui.ui.screens.main import MainScreen


class AttemptFlow:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.waiting_for: int | None = None
        """The contact ``l`` was pressed on before the attempts were read: its form opens
        when they are (``history_read``), if the cursor is still on it."""

    # -- keys ------------------------------------------------------------------------------

    def log(self) -> None:
        screen = self.screen
        contact = screen.selected
        if contact is None:
            return
        if not screen.ws.loaded:  # the names are listed; the history is still being read
            self.waiting_for = contact.id
            screen.notify(
                f"Reading the history: the log form for {clean_line(contact.name)} opens as "
                "soon as it is in.",
                timeout=3,
                markup=False,
            )
            return
        from followup_tui.ui.screens.attempt_form import AttemptForm

        ws = screen.ws
        form = AttemptForm(
            contact,
            now=ws.now(),
            user_zone=ws.user_zone,
            hide_caller_id=ws.snapshot.settings.hide_caller_id,
            news=ws.talking_points(contact.id or 0),
        )

        def closed(attempt: Attempt | None) -> None:
            self.logged(attempt)
            step = form.next_step
            current = screen.ws.contact(contact.id)
            if attempt is not None and step is not None and current is not None:
                screen.contacts.set_next_step(current, step)

        screen.app.push_screen(form, closed)

    def history_read(self) -> None:
        """The whole file is read: the log form ``l`` asked for meanwhile opens, unless the
        user moved to another contact or another screen since."""
        waiting_for, self.waiting_for = self.waiting_for, None
        screen = self.screen
        if waiting_for is None or screen.app.screen is not screen:
            return
        contact = screen.selected
        if contact is not None and contact.id == waiting_for:
            self.log()

    def logged(self, attempt: Attempt | None) -> Change | None:
        """Show the attempt at once and write it after the frame (the form's answer, and a
        call session's outcome key). The change, or None when nothing was logged."""
        if attempt is None:
            return None
        screen = self.screen
        if screen.ws.contact(attempt.contact_id) is None:
            screen.notify("That contact was deleted meanwhile; nothing logged.", severity="warning")
            return None
        change = screen.ws.log(attempt)
        screen.panes.contact_changed(attempt.contact_id)
        screen.saver.write_soon()
        return change

    def undo(self, since: int = 0) -> Attempt | None:
        """Take back the last attempt logged (after the change ``since``: a call session
        undoes only its own). The attempt taken back, or None."""
        screen = self.screen
        undone = screen.ws.undo_last(since)
        if undone is None:
            where = "in this call session" if since else "in this session"
            screen.notify(f"Nothing to undo: no attempt was logged {where}.", timeout=4)
            return None
        change, attempt = undone
        if change.state == State.UNDOING:
            screen.followup.data.undo(change)
        contact = screen.ws.contact(attempt.contact_id)
        name = clean_line(contact.name) if contact else "a deleted contact"
        screen.notify(f"Undone: {attempt_words(attempt)} with {name}", markup=False, timeout=4)
        screen.panes.contact_changed(attempt.contact_id)
        return attempt

    # -- answers of the data worker --------------------------------------------------------

    def written(self, change: Change, attempt: Attempt) -> None:
        screen = self.screen
        ws = screen.ws
        cid = attempt.contact_id
        was_unsaved = change.state != State.SAVING
        before = ws.summaries.get(cid)
        if not ws.attempt_written(change):
            return
        if ws.changes.saved_again():
            screen.notify("The attempts that were waiting are saved now.", timeout=4)
        if was_unsaved or ws.summaries.get(cid) != before:
            screen.panes.contact_changed(cid)
        else:  # usually only the "saving…" mark goes: the row, the bar and the heatmap stay
            screen.panes.timeline_changed(cid)

    def failed(self, change: Change, attempt: Attempt, error: str, *, first: bool) -> None:
        screen = self.screen
        if change.state == State.DROPPED:
            self._gone(change, attempt)
            return
        if change.state != State.UNSAVED:
            return  # undone meanwhile
        if first:
            from followup_tui.ui import changes  # loaded by the change that failed

            screen.notify(
                f"Could not save the attempt: {error}. It stays on screen marked unsaved "
                f"and will be saved again in {changes.RETRY_S:.0f} s (or press r).",
                title="Not saved",
                severity="error",
                timeout=12,
                markup=False,
            )
        screen.saver.retry_later()
        screen.panes.contact_changed(attempt.contact_id)

    def _gone(self, change: Change, attempt: Attempt) -> None:
        """Its contact was deleted by another copy: the attempt can never be saved, so it is
        dropped (no retry, nothing for quit to ask about) and the user told once."""
        screen = self.screen
        screen.ws.attempt_dropped(change)
        cid = attempt.contact_id
        contact = screen.ws.contact(cid)
        name = clean_line(contact.name) if contact else f"Contact {cid}"
        screen.notify(
            f"{name} was deleted by another copy; the attempt was not saved",
            title="Not saved",
            severity="warning",
            timeout=10,
            markup=False,
        )
        if contact is not None:
            screen.panes.contact_changed(cid)
        else:  # a reload already took the contact off screen
            screen.data_changed(force=True)

    def undone(self, change: Change) -> None:
        self.screen.ws.changes.undone(change)

    def undo_failed(self, change: Change, error: str) -> None:
        screen = self.screen
        attempt = screen.ws.undo_failed(change)
        screen.notify(
            f"Could not undo: {error}. The attempt is still in the file.",
            severity="error",
            timeout=10,
            markup=False,
        )
        if attempt is not None:
            screen.panes.contact_changed(attempt.contact_id)
