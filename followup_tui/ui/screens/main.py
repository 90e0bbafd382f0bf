"""The main screen: contacts on the left, the highlighted contact's timeline and reachability on
the right (PRODUCT.md section 2).

The screen wires its panes and nothing more: the keys it declares (``ui.commands``) start
workflows (``ui.workflows``), the changes in flight belong to ``Workspace.changes``, and the
data file is only read and written by the data worker (``app.data``), whose past-tense messages
update the panes.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, cast

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input

from followup_tui.domain.models import Attempt, Contact
from followup_tui.ui.commands import MAIN_COMMANDS, MainCommands, available, bindings
from followup_tui.ui.focus import keep_focus_shown
from followup_tui.ui.messages import (
    ChangeFailed,
    ChangeUndone,
    ChangeWritten,
    ContactsListed,
    DataLoaded,
    DataLoadFailed,
    DataReloaded,
    ExportFailed,
    ExportWritten,
    FileAdopted,
    FileLost,
    FileReadOnly,
    ReachComputed,
    SettingsSaved,
    SettingsSaveFailed,
    UndoFailed,
)
from followup_tui.ui.widgets.attempt_timeline import AttemptTimeline
from followup_tui.ui.widgets.contact_list import ContactList
from followup_tui.ui.widgets.filter_input import FilterInput
from followup_tui.ui.widgets.pane_tabs import PaneTabs
from followup_tui.ui.widgets.reachability_heatmap import ALL, CONTACT, ReachabilityHeatmap
from followup_tui.ui.widgets.steady_footer import SteadyFooter
from followup_tui.ui.widgets.summary_bar import SummaryBar
from followup_tui.ui.widgets.welcome import Welcome
from followup_tui.ui.workflows.attempts import AttemptFlow
from followup_tui.ui.workflows.call_session import CallSessionFlow
from followup_tui.ui.workflows.contacts import ContactFlow
from followup_tui.ui.workflows.exporting import ExportFlow
from followup_tui.ui.workflows.file_state import FileFlow
from followup_tui.ui.workflows.filtering import FilterFlow
from followup_tui.ui.workflows.interviews import InterviewFlow, is_ours
from followup_tui.ui.workflows.loading import LoadFlow
from followup_tui.ui.workflows.panes import HEATMAP, NARROW_WIDTH, PaneFlow
from followup_tui.ui.workflows.quitting import QuitFlow
from followup_tui.ui.workflows.saving import Saver
from followup_tui.ui.workflows.settings import SettingsFlow
from followup_tui.ui.workspace import Workspace

if TYPE_CHECKING:
    from followup_tui.ui.app import FollowupApp
    from followup_tui.ui.reach import Reach

#: Seconds between checks for changes made to the file by another program.
POLL_S = 0.5
#: Seconds of no typing in the filter before the panes follow the highlighted contact.
FILTER_SETTLE_S = 0.15


class MainScreen(Screen[None]):
    """Contacts, timeline and reachability."""

    COMMANDS = {MainCommands}
    BINDINGS = bindings(MAIN_COMMANDS, typed_first=True)
    # The list has the focus from the start (the hidden filter field would take it first,
    # and then give it up when the contacts come: two restyles of the pane on the way).
    AUTO_FOCUS = "ContactList"

    def __init__(self) -> None:
        super().__init__(id="main")
        self.heatmap_scope = CONTACT
        self.workspace: Workspace | None = None
        self.saver = Saver(self)
        self.attempts = AttemptFlow(self)
        self.contacts = ContactFlow(self)
        self.quitting = QuitFlow(self)
        self.loader = LoadFlow(self)
        self.filter = FilterFlow(self)
        self.call_session = CallSessionFlow(self)
        self.file = FileFlow(self)
        self.interviews = InterviewFlow(self)
        self._shown_id: int | None = None
        self.today: date | None = None
        self._binding_state: tuple[bool, bool, bool, bool] | None = None
        self._settle_timer: Timer | None = None
        self._reach_serial = 0  # the newest reachability asked of the data worker
        self.reach: Reach | None = None
        """The highlighted contact's reachability, as the data worker last answered."""
        self.panes = PaneFlow(self)
        self.settings = SettingsFlow(self)
        self.exporting = ExportFlow(self)

    @property
    def followup(self) -> FollowupApp:
        return cast("FollowupApp", self.app)

    @property
    def ws(self) -> Workspace:
        assert self.workspace is not None
        return self.workspace

    def compose(self) -> ComposeResult:
        yield SummaryBar(id="summary-bar", markup=False)
        yield PaneTabs(id="pane-tabs")
        with Horizontal(id="panes"):
            with Vertical(id="contacts-pane"):
                yield FilterInput(
                    self.filter.typed, placeholder="filter: name, company or tag", id="filter"
                )
                yield ContactList(id="contacts")
            with Vertical(id="right-pane"):
                yield AttemptTimeline(id="timeline")
                yield ReachabilityHeatmap(id="heatmap")
        yield Welcome(id="welcome")
        yield SteadyFooter(compact_below=NARROW_WIDTH)

    def on_mount(self) -> None:
        self.workspace = Workspace(self.followup.clock)
        self.panes.set_titles()
        self._update_summary_bar()
        listed = self.followup.data.start(self.post_message)
        if listed is not None:  # already listed from the file's head: in the first frame
            self.loader.contacts_listed(listed)
        else:
            self.query_one("#contacts-pane").loading = True
        self.set_interval(POLL_S, self.followup.data.poll)
        self.set_interval(60, self.panes.minute_passed)
        # Called as the cursor moves, before the frame that shows it is drawn.
        self.watch(self.contact_list, "cursor", self._cursor_moved, init=False)

    def on_screen_resume(self) -> None:
        # After a dialog, the focus may come back to a widget hidden meanwhile (the welcome
        # of an empty file hides the panes): never leave it there.
        self.call_after_refresh(keep_focus_shown, self, self.contact_list)

    def on_unmount(self) -> None:
        self.saver.write_now()  # nothing logged is dropped, even on a quit right after a log

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

    # -- the file, from the data worker ----------------------------------------------------

    def on_contacts_listed(self, message: ContactsListed) -> None:
        self.loader.contacts_listed(message)

    def on_data_loaded(self, message: DataLoaded) -> None:
        self.loader.loaded(message)

    def on_data_reloaded(self, message: DataReloaded) -> None:
        self.loader.reloaded(message)

    def on_data_load_failed(self, message: DataLoadFailed) -> None:
        self.loader.failed(message)

    def on_file_read_only(self, message: FileReadOnly) -> None:
        self.file.read_only(message)

    def on_file_lost(self, message: FileLost) -> None:
        self.file.lost(message)

    def on_file_adopted(self, message: FileAdopted) -> None:
        self.file.adopted(message)

    # -- changes, from the data worker (the workflows decide what they mean) -------------

    def on_change_written(self, message: ChangeWritten) -> None:
        change = message.change
        if isinstance(change.written, Attempt):
            self.attempts.written(change, change.written)
        elif is_ours(change.written):
            self.interviews.written(change)
        else:
            self.contacts.written(change)
        self.call_later(self.quitting.after_answer)

    def on_change_failed(self, message: ChangeFailed) -> None:
        change = message.change
        first = self.ws.changes.failed(change, gone=message.gone, held=message.held)
        if isinstance(change.record, Attempt):
            self.attempts.failed(change, change.record, message.error, first=first)
        elif is_ours(change.record):
            self.interviews.failed(change, message.error)
        else:
            self.contacts.failed(change, message.error, first=first)
        self.call_later(self.quitting.after_answer)

    def on_change_undone(self, message: ChangeUndone) -> None:
        self.attempts.undone(message.change)

    def on_undo_failed(self, message: UndoFailed) -> None:
        self.attempts.undo_failed(message.change, message.error)

    def on_reach_computed(self, message: ReachComputed) -> None:
        if message.reach.serial == self._reach_serial:
            self.reach = message.reach
            self.panes.draw_heatmap()

    # -- refreshing the panes --------------------------------------------------------------

    def data_changed(self, *, force: bool = False, panes: bool = True) -> None:
        """The records changed: the bar, the titles, the keys, and (``panes``) the timeline
        and heatmap when forced or when the highlight moved."""
        self.set_class(self.ws.loaded and not self.ws.snapshot.contacts, "-empty")
        self.panes.mark_tasks()
        if self.is_current:
            self.call_after_refresh(keep_focus_shown, self, self.contact_list)
        self._update_summary_bar()
        self.panes.set_titles()
        if panes and (force or self.contact_list.highlighted_id != self._shown_id):
            self.panes.show_selected()
        self._refresh_bindings_if_needed()
        self.panes.others_follow()

    def _cursor_moved(self) -> None:
        # A key that moves the highlight shows the contact's panes in the same frame as the
        # moved cursor (one frame, not two: the timeline is a few milliseconds of work, the
        # heatmap follows when the data worker answers). ``ContactHighlighted`` arrives after
        # that frame may already be drawn: the panes are filled here, as the cursor moves.
        if self.workspace is None or not self.ws.loaded or self.contact_list.filtering:
            return
        if self.contact_list.highlighted_id != self._shown_id:
            self._show_highlighted()

    @on(ContactList.ContactHighlighted)
    def _highlighted(self, event: ContactList.ContactHighlighted) -> None:
        # While the filter is being typed the panes wait for a pause in the typing.
        if self.workspace is None or not self.ws.loaded:
            return
        if event.by_filter:
            if self._settle_timer is not None:
                self._settle_timer.stop()
            self._settle_timer = self.set_timer(FILTER_SETTLE_S, self._show_highlighted)
        else:
            self._show_highlighted()

    def _show_highlighted(self) -> None:
        if self._settle_timer is not None:
            self._settle_timer.stop()
            self._settle_timer = None
        if self.contact_list.highlighted_id != self._shown_id:
            self.panes.show_selected()
        self._refresh_bindings_if_needed()

    def _refresh_bindings_if_needed(self) -> None:
        """Re-check enabled keys only when what they depend on changed (the footer redraws)."""
        ws = self.workspace
        state = (
            ws is not None and ws.loaded,
            self.loader.listed,
            self.selected is not None,
            bool(ws and ws.unsaved()),
        )
        if state != self._binding_state:
            self._binding_state = state
            self.refresh_bindings()

    @property
    def reach_settled(self) -> bool:
        """The heatmap shows what the data worker answered for the highlighted contact."""
        if self.contact_list.highlighted_id != self._shown_id:
            return False
        if self.reach is None:
            return self._shown_id is None
        return self.reach.serial == self._reach_serial

    def _update_summary_bar(self) -> None:
        bar = self.query_one(SummaryBar)
        bar.show(self.workspace, listed=self.loader.listed, db_path=self.followup.db_path)

    # -- keys (declared in ui.commands) ----------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        ws = self.workspace
        able = available(
            action,
            listed=self.loader.listed,
            loaded=ws is not None and ws.loaded,
            selected=self.selected is not None,
            unsaved=ws is not None and bool(ws.unsaved()),
        )
        return True if able else None

    def action_new_contact(self) -> None:
        self.contacts.new()

    def action_edit_contact(self) -> None:
        self.contacts.edit()

    def action_delete_contact(self) -> None:
        self.contacts.delete()

    def action_import_contacts(self) -> None:
        self.contacts.import_file()

    def action_export(self) -> None:
        self.exporting.open()

    def on_export_written(self, message: ExportWritten) -> None:
        self.exporting.written(message)

    def on_export_failed(self, message: ExportFailed) -> None:
        self.exporting.failed(message)

    def action_log_attempt(self) -> None:
        self.attempts.log()

    def action_undo_attempt(self) -> None:
        self.attempts.undo()

    def action_retry_saves(self) -> None:
        self.saver.retry_now()

    def action_request_quit(self) -> None:
        self.quitting.request()

    def action_insights(self) -> None:
        from followup_tui.ui.screens.insights import InsightsScreen

        self.app.push_screen(InsightsScreen())

    def action_help(self) -> None:
        from followup_tui.ui.screens.help import HelpScreen, bindings_of  # with its first use

        self.app.push_screen(HelpScreen("Keys of the main screen", bindings_of(self)))

    def action_toggle_heatmap(self) -> None:
        self.heatmap_scope = ALL if self.heatmap_scope == CONTACT else CONTACT
        self.panes.draw_heatmap()
        self.panes.show_if_narrow(HEATMAP)  # one pane at a time: show what changed

    def action_filter(self) -> None:
        self.filter.start()

    def action_clear_filter(self) -> None:
        self.filter.clear()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        self.filter.submitted(event.value)

    def action_next_pane(self) -> None:
        self.panes.cycle(1)

    def action_previous_pane(self) -> None:
        self.panes.cycle(-1)

    def action_call_session(self) -> None:
        self.call_session.from_main()

    def action_show_problems(self) -> None:
        self.file.show_problems()

    # -- next step, Today, settings ----------------------------------------------------------

    def action_next_step(self) -> None:
        self.contacts.next_step()

    def action_today(self) -> None:
        from followup_tui.ui.screens.today import TodayScreen

        self.app.push_screen(TodayScreen())

    def action_settings(self) -> None:
        self.settings.open()

    def on_settings_saved(self, message: SettingsSaved) -> None:
        self.settings.saved(message)

    def on_settings_save_failed(self, message: SettingsSaveFailed) -> None:
        self.settings.save_failed(message)

    # -- interviews, the news bank and thank-you e-mails -----------------------------------

    def action_record_interview(self) -> None:
        self.interviews.record()

    def action_news_bank(self) -> None:
        self.interviews.news_bank()

    def action_interviews(self) -> None:
        self.interviews.interviews()

    def action_copy_thank_you(self) -> None:
        self.interviews.copy_draft(self.interviews.selected_task())

    def action_mail_thank_you(self) -> None:
        self.interviews.mail_draft(self.interviews.selected_task())

    # -- one pane at a time, below NARROW_WIDTH columns (ui.workflows.panes) ----------------

    def on_resize(self, event: events.Resize) -> None:
        self.panes.resized(event.size.width)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.panes.focus_moved(event.widget)
