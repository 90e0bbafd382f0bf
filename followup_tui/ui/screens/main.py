"""The main screen: contacts on the left, the highlighted contact's timeline and reachability on
the right (PRODUCT.md section 2).

The screen never reads or writes the data file: it asks the data worker (``app.data``) and
updates itself when the worker's past-tense messages arrive. Logged attempts show at once and
are marked until the worker confirms them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, Input, Static

import followup_tui.ui.changes as changes_module
from followup_tui.analytics.reachability import bin_attempts, suggest_slot, zone_abbreviation
from followup_tui.domain.models import Attempt, Contact
from followup_tui.domain.rules import local_date
from followup_tui.domain.text import clean_line
from followup_tui.domain.vocab import CHANNEL_LABELS, OUTCOME_LABELS
from followup_tui.domain.zones import zone
from followup_tui.ui.changes import Change, ContactDeletion, QuitAnswer, State
from followup_tui.ui.commands import MainCommands
from followup_tui.ui.messages import (
    ChangeFailed,
    ChangeUndone,
    ChangeWritten,
    ContactsListed,
    DataLoaded,
    DataLoadFailed,
    DataMessage,
    DataReloaded,
    UndoFailed,
)
from followup_tui.ui.screens.attempt_form import AttemptForm
from followup_tui.ui.screens.confirm import ConfirmScreen
from followup_tui.ui.screens.contact_form import ContactForm
from followup_tui.ui.screens.help import HelpScreen, bindings_of
from followup_tui.ui.screens.import_contacts import ImportContactsScreen
from followup_tui.ui.widgets.attempt_timeline import (
    AttemptTimeline,
    TimelineEntry,
    timeline_lines,
)
from followup_tui.ui.widgets.contact_list import ContactList, contact_row
from followup_tui.ui.widgets.reachability_heatmap import (
    ALL,
    CONTACT,
    HeatmapView,
    ReachabilityHeatmap,
    count_scale,
)
from followup_tui.ui.widgets.welcome import Welcome
from followup_tui.ui.workspace import Workspace

if TYPE_CHECKING:
    from followup_tui.ui.app import FollowupApp

#: Seconds between checks for changes made to the file by another program.
POLL_S = 0.5
#: Seconds of no typing in the filter before the panes follow the highlighted contact.
FILTER_SETTLE_S = 0.15


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


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _tilde(path: Path) -> str:
    """The path with the home folder written ``~``."""
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)


def _attempt_words(attempt: Attempt) -> str:
    outcome = OUTCOME_LABELS.get(attempt.outcome, attempt.outcome)
    return f"{outcome} ({CHANNEL_LABELS.get(attempt.channel, attempt.channel)})"


class MainScreen(Screen[None]):
    """Contacts, timeline and reachability."""

    COMMANDS = {MainCommands}

    BINDINGS = [
        Binding("n", "new_contact", "New contact", tooltip="Add a person to follow up with"),
        Binding("e", "edit_contact", "Edit", tooltip="Edit the highlighted contact"),
        Binding("delete", "delete_contact", "Delete", tooltip="Delete the highlighted contact"),
        Binding("l", "log_attempt", "Log attempt", tooltip="Record a call or an e-mail"),
        Binding(
            "ctrl+o",
            "import_contacts",
            "Import contacts",
            show=False,
            tooltip="Add contacts from a CSV, vCard or JSON file",
        ),
        Binding("slash", "filter", "Filter", key_display="/", tooltip="Filter the contacts"),
        Binding("h", "toggle_heatmap", "Heatmap scope", tooltip="This contact / all contacts"),
        Binding("u", "undo_attempt", "Undo", tooltip="Undo the last attempt logged"),
        Binding("r", "retry_saves", "Retry saving", show=False),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "request_quit", "Quit"),
        Binding("tab", "next_pane", "Next pane", show=False),
        Binding("shift+tab", "previous_pane", "Previous pane", show=False),
        Binding("escape", "clear_filter", "Clear the filter", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(id="main")
        self.heatmap_scope = CONTACT
        self._shown_id: int | None = None
        self._today: date | None = None
        self._retry_timer: Timer | None = None
        self._reload_error: str | None = None
        self._binding_state: tuple[bool, bool, bool, bool] | None = None
        self._show_scheduled = False
        self._settle_timer: Timer | None = None
        self._listed = False  # contacts shown from the file's head, attempts still coming
        self.workspace: Workspace | None = None

    # -- set-up ----------------------------------------------------------------------------

    @property
    def followup(self) -> FollowupApp:
        return cast("FollowupApp", self.app)

    @property
    def ws(self) -> Workspace:
        assert self.workspace is not None
        return self.workspace

    def compose(self) -> ComposeResult:
        yield Static(id="summary-bar", markup=False)
        with Horizontal(id="panes"):
            with Vertical(id="contacts-pane"):
                yield FilterInput(
                    self._filter_typed, placeholder="filter: name, company or tag", id="filter"
                )
                yield ContactList(id="contacts")
            with Vertical(id="right-pane"):
                yield AttemptTimeline(id="timeline")
                yield ReachabilityHeatmap(id="heatmap")
        yield Welcome(id="welcome")
        yield Footer()

    def on_mount(self) -> None:
        self.workspace = Workspace(self.followup.clock)
        self.add_class("-loading")
        self.query_one("#contacts-pane").loading = True
        self._set_titles()
        self._update_summary_bar()
        self.followup.data.start(self.post_message)
        self.set_interval(POLL_S, self.followup.data.poll)
        self.set_interval(60, self._minute_passed)

    @property
    def contact_list(self) -> ContactList:
        return self.query_one(ContactList)

    @property
    def timeline(self) -> AttemptTimeline:
        return self.query_one(AttemptTimeline)

    @property
    def heatmap(self) -> ReachabilityHeatmap:
        return self.query_one(ReachabilityHeatmap)

    @property
    def selected(self) -> Contact | None:
        if self.workspace is None:
            return None
        return self.ws.contact(self.contact_list.highlighted_id)

    # -- data from the worker --------------------------------------------------------------

    def on_contacts_listed(self, message: ContactsListed) -> None:
        """Names first: the attempts (and what they decide) follow with ``DataLoaded``."""
        ws = self.ws
        if ws.loaded:
            return
        self._listed = True
        ws.snapshot = message.snapshot
        ws.user_zone = message.user_zone
        self.remove_class("-loading")
        self.query_one("#contacts-pane").loading = False
        self._today = local_date(ws.now(), ws.user_zone)
        self.contact_list.set_clock(ws.now(), self._today)
        self.contact_list.set_rows(message.rows)
        self._set_titles()
        self._update_summary_bar()
        self.timeline.show_nothing("Reading the attempts…")
        self.contact_list.focus()
        self._refresh_bindings_if_needed()
        # Only once this frame is on screen may the worker parse the whole file.
        self.call_after_refresh(self.followup.data.contacts_painted)

    def on_data_loaded(self, message: DataLoaded) -> None:
        listed, self._listed = self._listed, False
        # After the names-first list: stay on the contact the user moved to, if they did.
        keep = self.contact_list.highlighted_id if listed and self.contact_list.cursor else -1
        self._take(message, keep=keep)
        if not listed or self.focused is None:
            self.contact_list.focus()

    def on_data_reloaded(self, message: DataReloaded) -> None:
        self._take(message)
        self._reload_error = None

    def _take(self, message: DataMessage, keep: int | None = None) -> None:
        ws = self.ws
        ws.replace(message.snapshot, message.summaries, message.all_grid, message.user_zone)
        self.remove_class("-loading")
        self.query_one("#contacts-pane").loading = False
        self._today = local_date(ws.now(), ws.user_zone)
        self.contact_list.set_clock(ws.now(), self._today)
        rows = message.rows
        shown = ws.changes.shown_attempts()
        if shown:  # attempts still being saved change their contacts' rows
            changed = {c.contact_id for c in shown if c.contact_id is not None}
            rows = [r for r in rows if r.contact_id not in changed]
            for cid in changed:
                contact = ws.contact(cid)
                if contact is not None:
                    rows.append(contact_row(contact, ws.summaries.get(cid)))
        self.contact_list.set_rows(rows, keep=keep)
        self._after_data_change(force=True)

    def on_data_load_failed(self, message: DataLoadFailed) -> None:
        if message.initial:
            # Nothing was written; the command line prints the problem and the newest backup.
            self.followup.exit_unusable(message.error, damaged=message.damaged)
            return
        if message.error != self._reload_error:
            self._reload_error = message.error
            self.notify(
                f"The data file changed on disk but cannot be read: {message.error}. "
                "Showing what was loaded before.",
                title="Data file",
                severity="error",
                timeout=10,
                markup=False,
            )

    def on_change_written(self, message: ChangeWritten) -> None:
        change = message.change
        written = change.written
        if isinstance(written, Attempt):
            self._attempt_written(change)
        elif isinstance(written, Contact):
            self.ws.changes.written(change)
            created = isinstance(change.record, Contact) and change.record.id is None
            self._contact_saved(written, created=created)
        elif isinstance(written, ContactDeletion):
            self.ws.changes.written(change)
            self._contact_deleted(written)
        self.call_later(self._quit_if_waiting)

    def _contact_saved(self, contact: Contact, *, created: bool) -> None:
        assert contact.id is not None
        self.ws.contact_saved(contact)
        self.contact_list.update_row(contact_row(contact, self.ws.summaries.get(contact.id)))
        if created:
            self.contact_list.select(contact.id)
        verb = "Added" if created else "Saved"
        self.notify(f"{verb} {clean_line(contact.name)}", markup=False, timeout=3)
        self._after_data_change(force=True)

    def _contact_deleted(self, deletion: ContactDeletion) -> None:
        contact = self.ws.contact(deletion.contact_id)
        self.ws.contact_deleted(deletion.contact_id)
        self.contact_list.remove_row(deletion.contact_id)
        name = clean_line(contact.name) if contact else "the contact"
        attempts = _plural(deletion.attempts_removed, "attempt")
        self.notify(f"Deleted {name} and {attempts}", markup=False, timeout=4)
        self._after_data_change(force=True)

    def _attempt_written(self, change: Change) -> None:
        ws = self.ws
        attempt = change.attempt
        assert attempt is not None
        cid = attempt.contact_id
        was_unsaved = change.state != State.SAVING
        before = ws.summaries.get(cid)
        if not ws.attempt_written(change):
            return
        if ws.changes.saved_again():
            self.notify("The attempts that were waiting are saved now.", timeout=4)
        if was_unsaved or ws.summaries.get(cid) != before:
            self._contact_changed(cid)
            return
        # Usually only the "saving…" mark goes: the row, the bar and the heatmap stay.
        contact = ws.contact(cid)
        if contact is not None and cid == self._shown_id == self.contact_list.highlighted_id:
            self._show_timeline(contact)

    def on_change_undone(self, message: ChangeUndone) -> None:
        self.ws.changes.undone(message.change)

    def on_undo_failed(self, message: UndoFailed) -> None:
        attempt = self.ws.undo_failed(message.change)
        self.notify(
            f"Could not undo: {message.error}. The attempt is still in the file.",
            severity="error",
            timeout=10,
            markup=False,
        )
        if attempt is not None:
            self._contact_changed(attempt.contact_id)

    def on_change_failed(self, message: ChangeFailed) -> None:
        change, error = message.change, message.error
        first = self.ws.changes.failed(change, gone=message.gone)
        self.call_later(self._quit_if_waiting)
        record = change.record
        if isinstance(record, Attempt):
            if message.gone:
                self._attempt_gone(change, record)
                return
            if change.state != State.UNSAVED:
                return  # undone meanwhile
            if first:
                self.notify(
                    f"Could not save the attempt: {error}. It stays on screen marked unsaved "
                    f"and will be saved again in {changes_module.RETRY_S:.0f} s (or press r).",
                    title="Not saved",
                    severity="error",
                    timeout=12,
                    markup=False,
                )
            self._schedule_retry()
            self._contact_changed(record.contact_id)
        elif isinstance(record, Contact):
            self.notify(
                f"Could not save {clean_line(record.name)}: {error}. Nothing was changed; "
                "try again.",
                severity="error",
                timeout=10,
                markup=False,
            )
        else:
            self.notify(
                f"Could not delete: {error}. Nothing was changed.",
                severity="error",
                timeout=10,
                markup=False,
            )

    def _attempt_gone(self, change: Change, attempt: Attempt) -> None:
        """Its contact was deleted by another copy: the attempt can never be saved, so it is
        dropped (no retry, nothing for quit to ask about) and the user told once."""
        if change.state != State.DROPPED:
            return
        self.ws.attempt_dropped(change)
        cid = attempt.contact_id
        contact = self.ws.contact(cid)
        name = clean_line(contact.name) if contact else f"Contact {cid}"
        self.notify(
            f"{name} was deleted by another copy; the attempt was not saved",
            title="Not saved",
            severity="warning",
            timeout=10,
            markup=False,
        )
        if contact is not None:
            self._contact_changed(cid)
        else:  # a reload already took the contact off screen
            self._after_data_change(force=True)

    # -- refreshing the panes --------------------------------------------------------------

    def _contact_changed(self, contact_id: int) -> None:
        """One contact's attempts changed: its row, and the panes if it is shown."""
        contact = self.ws.contact(contact_id)
        if contact is None:
            return
        summary = self.ws.summaries.get(contact_id) or self.ws.resummarize(contact_id)
        self.contact_list.update_row(contact_row(contact, summary))
        self._after_data_change(force=contact_id == self.contact_list.highlighted_id)

    def _after_data_change(self, *, force: bool = False) -> None:
        empty = self.ws.loaded and not self.ws.snapshot.contacts
        self.set_class(empty, "-empty")
        self._update_summary_bar()
        self._set_titles()
        if force or self.contact_list.highlighted_id != self._shown_id:
            self._show_selected()
        self._refresh_bindings_if_needed()

    @on(ContactList.ContactHighlighted)
    def _highlighted(self, event: ContactList.ContactHighlighted) -> None:
        # The list repaints first; the detail panes follow right after that frame, once
        # however many highlights a fast typist caused. While the filter is being typed they
        # wait for a pause in the typing.
        if self.workspace is None or not self.ws.loaded:
            return
        if event.by_filter:
            if self._settle_timer is not None:
                self._settle_timer.stop()
            self._settle_timer = self.set_timer(FILTER_SETTLE_S, self._show_highlighted)
        elif not self._show_scheduled:
            self._show_scheduled = True
            self.call_after_refresh(self._show_highlighted)

    def _show_highlighted(self) -> None:
        self._show_scheduled = False
        if self._settle_timer is not None:
            self._settle_timer.stop()
            self._settle_timer = None
        if self.contact_list.highlighted_id != self._shown_id:
            self._show_selected()
        self._refresh_bindings_if_needed()

    def _refresh_bindings_if_needed(self) -> None:
        """Re-check enabled keys only when what they depend on changed (the footer redraws)."""
        ws = self.workspace
        state = (
            ws is not None and ws.loaded,
            self._listed,
            self.selected is not None,
            bool(ws and ws.changes.unsaved()),
        )
        if state != self._binding_state:
            self._binding_state = state
            self.refresh_bindings()

    def _show_selected(self) -> None:
        contact = self.selected
        self._shown_id = contact.id if contact else None
        if contact is None or contact.id is None:
            self.timeline.show_nothing(
                "No contact matches the filter."
                if self.contact_list.filter_text
                else "Select a contact to see their attempts."
            )
            self.timeline.border_title = Content("Timeline")
            self._show_heatmap(None)
            return
        self._show_timeline(contact)
        self._show_heatmap(contact)

    def _show_timeline(self, contact: Contact) -> None:
        ws = self.ws
        cid = contact.id
        assert cid is not None
        now = ws.now()
        contact_zone = ws.zone_of(contact)
        pending = {id(c.record): c.state for c in ws.changes.shown_attempts(cid)}
        entries = [TimelineEntry(a, pending.get(id(a))) for a in ws.attempts_of(cid)]
        interviews = [i for i in ws.snapshot.interviews.values() if cid in i.contact_ids]
        lines = timeline_lines(
            contact,
            ws.summaries.get(cid),
            entries,
            interviews,
            contact_zone=contact_zone,
            user_zone=ws.user_zone,
            now=now,
        )
        self.timeline.show(lines)
        title = f"Timeline · {clean_line(contact.name)}"
        if str(self.timeline.border_title) != title:
            self.timeline.border_title = Content(title)

    def _show_heatmap(self, contact: Contact | None) -> None:
        ws = self.ws
        now = ws.now()
        heatmap = self.heatmap
        zone_name = ws.zone_of(contact) if contact else ws.user_zone
        tz = zone(zone_name)
        local = now.astimezone(tz)
        suggestion = None
        note = ""
        if contact is not None and contact.id is not None:
            contact_grid = bin_attempts(ws.attempts_of(contact.id), zone_name)
            if contact.status == "closed":
                note = "Closed: no call to suggest."
            else:
                suggestion = suggest_slot(
                    contact_grid, ws.all_grid, zone_name, now, ws.snapshot.settings
                )
                if suggestion is None:
                    note = "No working hours to suggest (see settings)."
        else:
            contact_grid = None
            note = "Select a contact for a suggested time."
        if self.heatmap_scope == ALL or contact_grid is None:
            grid = ws.all_grid
            title = "Reachability · all contacts (their local time)"
        else:
            grid = contact_grid
            name = clean_line(contact.name) if contact else ""
            title = f"Reachability · {name} · {zone_abbreviation(tz, now)}"
        heatmap.show(
            HeatmapView(
                grid=grid,
                scope=self.heatmap_scope,
                now_cell=(local.weekday(), local.hour),
                suggestion=suggestion,
                note=note,
            )
        )
        other = "this contact" if self.heatmap_scope == ALL else "all contacts"
        legend = f"upper: calls · lower: reached · h: {other}"
        scale = count_scale(grid)
        if scale > 1:
            legend = f"counts ×{scale} · " + legend
        heatmap.border_title = Content(title)
        heatmap.border_subtitle = Content(legend)

    def _set_titles(self) -> None:
        contacts = self.contact_list
        total = contacts.total_count
        if contacts.filter_text.strip():
            title = f"Contacts · {contacts.row_count} of {total} match"
        else:
            title = f"Contacts · {total}"
        self.query_one("#contacts-pane").border_title = Content(title)

    def _update_summary_bar(self) -> None:
        bar = self.query_one("#summary-bar", Static)
        text = Text()
        text.append(" followup-tui ", "bold reverse")
        ws = self.workspace
        if ws is None or not ws.loaded:
            if ws is not None and self._listed:
                text.append("  " + _plural(len(ws.snapshot.contacts), "contact"))
                text.append(" · reading attempts…", "dim")
            else:
                text.append("  loading…", "dim")
            bar.update(text)
            return
        now = ws.now()
        today = local_date(now, ws.user_zone)
        due = overdue = 0
        for summary in ws.summaries.values():
            if summary.next_due is not None and summary.next_due <= today:
                due += 1
                if summary.overdue_days > 0:
                    overdue += 1
        parts = [_plural(len(ws.snapshot.contacts), "contact"), f"{due} due"]
        text.append("  " + " · ".join(parts))
        if overdue:
            text.append(" · ")
            text.append(f"{overdue} overdue", "bold red")
        unsaved = len(ws.changes.unsaved())
        if unsaved:
            text.append(" · ")
            text.append(f"{_plural(unsaved, 'attempt')} unsaved (r: retry)", "bold red")
        text.append(f"  ·  {local_date(now, ws.user_zone):%a %d %b}  ", "dim")
        text.append(clean_line(_tilde(self.followup.db_path)), "dim")
        bar.update(text)

    def _minute_passed(self) -> None:
        if self.workspace is None or not self.ws.loaded:
            return
        now = self.ws.now()
        today = local_date(now, self.ws.user_zone)
        if today != self._today:
            self.followup.data.reload()  # due dates move with the day
            return
        self.contact_list.set_clock(now, today)
        self._show_selected()

    # -- actions ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit_contact", "delete_contact", "log_attempt"):
            loaded = self.workspace is not None and self.ws.loaded
            return True if loaded and self.selected is not None else None
        if action == "retry_saves":
            return True if self.workspace and self.ws.changes.unsaved() else None
        if action == "filter":
            return True if self.workspace is not None and (self.ws.loaded or self._listed) else None
        if action in ("new_contact", "import_contacts", "toggle_heatmap", "undo_attempt"):
            return True if self.workspace is not None and self.ws.loaded else None
        return True

    def action_new_contact(self) -> None:
        settings = self.ws.snapshot.settings
        form = ContactForm(home_region=settings.home_region, now=self.ws.now())
        self.app.push_screen(form, self._contact_form_closed)

    def action_edit_contact(self) -> None:
        contact = self.selected
        if contact is None:
            return
        settings = self.ws.snapshot.settings
        form = ContactForm(contact, home_region=settings.home_region, now=self.ws.now())

        def closed(result: Contact | None) -> None:
            if result is not None and result.id is None:
                result = replace(result, id=contact.id)
            self._contact_form_closed(result)

        self.app.push_screen(form, closed)

    def action_import_contacts(self) -> None:
        screen = ImportContactsScreen(self.followup.db_path, clock=self.followup.clock)

        def closed(written: bool | None) -> None:
            if written:
                self.followup.data.reload()  # the file changed: read it now, not at the next poll
            self.contact_list.focus()

        self.app.push_screen(screen, closed)

    def _contact_form_closed(self, contact: Contact | None) -> None:
        if contact is not None:
            self.ws.changes.begin(contact)
            self._write_after_frame()
        self.contact_list.focus()

    def action_delete_contact(self) -> None:
        contact = self.selected
        if contact is None or contact.id is None:
            return
        cid = contact.id
        count = len(self.ws.attempts_of(cid))
        question = (
            f"Delete {clean_line(contact.name)} and {_plural(count, 'attempt')}?\n"
            "This cannot be undone (a daily backup is kept next to the data file)."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.ws.changes.begin(ContactDeletion(cid))
                self._write_after_frame()

        self.app.push_screen(ConfirmScreen(question), answered)

    def action_log_attempt(self) -> None:
        contact = self.selected
        if contact is None:
            return
        form = AttemptForm(
            contact,
            now=self.ws.now(),
            user_zone=self.ws.user_zone,
            hide_caller_id=self.ws.snapshot.settings.hide_caller_id,
        )
        self.app.push_screen(form, self._attempt_form_closed)

    def _attempt_form_closed(self, attempt: Attempt | None) -> None:
        if attempt is None:
            return
        if self.ws.contact(attempt.contact_id) is None:
            self.notify("That contact was deleted meanwhile; nothing logged.", severity="warning")
            return
        self.ws.log(attempt)
        self._contact_changed(attempt.contact_id)
        self._write_after_frame()

    def _write_after_frame(self) -> None:
        # Written once the change is on screen: serialising the file holds the interpreter,
        # and the frame that shows the change must not wait for it.
        self.call_after_refresh(self._write_changes)

    def _write_changes(self) -> None:
        """Hand the changes made since the last frame to the data worker, in order."""
        if self.workspace is None:
            return
        for change in self.ws.changes.take_to_write():
            self.followup.data.write(change)

    def on_unmount(self) -> None:
        self._write_changes()  # nothing logged is dropped, even on a quit right after a log

    def action_undo_attempt(self) -> None:
        undone = self.ws.undo_last()
        if undone is None:
            self.notify("Nothing to undo: no attempt was logged in this session.", timeout=4)
            return
        change, attempt = undone
        if change.state == State.UNDOING:
            self.followup.data.undo(change)
        contact = self.ws.contact(attempt.contact_id)
        name = clean_line(contact.name) if contact else "a deleted contact"
        self.notify(f"Undone: {_attempt_words(attempt)} with {name}", markup=False, timeout=4)
        self._contact_changed(attempt.contact_id)

    def action_retry_saves(self) -> None:
        if self._retry_timer is not None:
            self._retry_timer.stop()
            self._retry_timer = None
        retry = self.ws.changes.retry()
        for change in retry:
            self.followup.data.write(change)
        for cid in {c.contact_id for c in retry if c.contact_id is not None}:
            self._contact_changed(cid)

    def _quit_if_waiting(self) -> None:
        """A quit waited for changes being written: go on once none is left."""
        if self.workspace is not None and self.ws.changes.quit_may_go_on():
            self.action_request_quit()

    def _schedule_retry(self) -> None:
        if self._retry_timer is None:
            self._retry_timer = self.set_timer(changes_module.RETRY_S, self._retry_due)

    def _retry_due(self) -> None:
        self._retry_timer = None
        self.action_retry_saves()

    def action_filter(self) -> None:
        field = self.query_one("#filter", Input)
        self.add_class("-filtering")
        field.focus()

    def action_clear_filter(self) -> None:
        field = self.query_one("#filter", Input)
        if not field.value and not self.has_class("-filtering"):
            return
        field.value = ""
        self.contact_list.set_filter("")
        self.remove_class("-filtering")
        self.contact_list.focus()
        self._set_titles()

    def _filter_typed(self, value: str) -> None:
        if value == self.contact_list.filter_text:
            return
        self.contact_list.set_filter(value)
        self._set_titles()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        if not event.value:
            self.remove_class("-filtering")
        self.contact_list.focus()

    def action_toggle_heatmap(self) -> None:
        self.heatmap_scope = ALL if self.heatmap_scope == CONTACT else CONTACT
        self._show_heatmap(self.selected)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen("Keys of the main screen", bindings_of(self)))

    def action_request_quit(self) -> None:
        if self.workspace is None:
            self.app.exit()
            return
        self._write_changes()
        answer = self.ws.changes.quit_requested()
        if answer == QuitAnswer.WAIT:
            # Wait for the writes under way: one that fails must be asked about, not lost.
            self.notify("Saving before quitting…", timeout=3)
            return
        if answer == QuitAnswer.NOW:
            self.app.exit()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.exit()

        unsaved = len(self.ws.changes.unsaved())
        question = (
            f"{_plural(unsaved, 'attempt')} could not be saved yet and will be lost.\nQuit anyway?"
        )
        self.app.push_screen(ConfirmScreen(question), answered)

    def _panes(self) -> list[Widget]:
        panes: list[Widget] = [self.contact_list, self.timeline, self.heatmap]
        return [p for p in panes if p.display and p.focusable]

    def _cycle(self, step: int) -> None:
        panes = self._panes()
        if not panes:
            return
        focused = self.focused
        index = -1
        for i, pane in enumerate(panes):
            if focused is pane or (focused is not None and pane in focused.ancestors):
                index = i
        if focused is not None and focused.id == "filter":
            index = -1 if step > 0 else 0
        panes[(index + step) % len(panes)].focus()

    def action_next_pane(self) -> None:
        self._cycle(1)

    def action_previous_pane(self) -> None:
        self._cycle(-1)
