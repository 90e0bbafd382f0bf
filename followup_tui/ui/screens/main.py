"""The main screen: contacts on the left, the highlighted contact's timeline and reachability on
the right (PRODUCT.md section 2).

The screen wires its panes and nothing more: the keys it declares (``ui.commands``) start
workflows (``ui.workflows``), the changes in flight belong to ``Workspace.changes``, and the
data file is only read and written by the data worker (``app.data``), whose past-tense messages
update the panes.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, cast

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input

from followup_tui.domain.models import Attempt, Contact
from followup_tui.domain.rules import local_date
from followup_tui.domain.settings import Settings
from followup_tui.domain.text import clean_line
from followup_tui.ui.commands import MAIN_COMMANDS, MainCommands, available, bindings
from followup_tui.ui.focus import cycle_panes, keep_focus_shown, pane_holding
from followup_tui.ui.messages import (
    ChangeFailed,
    ChangeUndone,
    ChangeWritten,
    ContactsListed,
    DataLoaded,
    DataLoadFailed,
    DataReloaded,
    FileAdopted,
    FileLost,
    FileReadOnly,
    ReachComputed,
    SettingsSaved,
    SettingsSaveFailed,
    UndoFailed,
)
from followup_tui.ui.reach import Reach
from followup_tui.ui.rows import contact_row
from followup_tui.ui.screens.help import HelpScreen, bindings_of
from followup_tui.ui.screens.insights import InsightsScreen
from followup_tui.ui.screens.settings_form import SettingsForm
from followup_tui.ui.screens.today import TodayScreen
from followup_tui.ui.widgets.attempt_timeline import AttemptTimeline, TimelineEntry, timeline_lines
from followup_tui.ui.widgets.contact_list import ContactList
from followup_tui.ui.widgets.filter_input import FilterInput
from followup_tui.ui.widgets.pane_tabs import PaneTabs
from followup_tui.ui.widgets.reachability_heatmap import ALL, CONTACT, ReachabilityHeatmap
from followup_tui.ui.widgets.summary_bar import SummaryBar
from followup_tui.ui.widgets.welcome import Welcome
from followup_tui.ui.workflows.attempts import AttemptFlow
from followup_tui.ui.workflows.call_session import CallSessionFlow
from followup_tui.ui.workflows.contacts import ContactFlow
from followup_tui.ui.workflows.file_state import FileFlow
from followup_tui.ui.workflows.filtering import FilterFlow
from followup_tui.ui.workflows.interviews import InterviewFlow, is_ours
from followup_tui.ui.workflows.loading import LoadFlow
from followup_tui.ui.workflows.quitting import QuitFlow
from followup_tui.ui.workflows.saving import Saver
from followup_tui.ui.workspace import Workspace

if TYPE_CHECKING:
    from followup_tui.ui.app import FollowupApp

#: Seconds between checks for changes made to the file by another program.
POLL_S = 0.5
#: Below this many columns the main screen shows one pane at a time, with a tab strip.
NARROW_WIDTH = 100
#: Seconds of no typing in the filter before the panes follow the highlighted contact.
FILTER_SETTLE_S = 0.15


class MainScreen(Screen[None]):
    """Contacts, timeline and reachability."""

    COMMANDS = {MainCommands}
    BINDINGS = bindings(MAIN_COMMANDS)

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
        self._show_scheduled = False
        self._settle_timer: Timer | None = None
        self._reach_serial = 0  # the newest reachability asked of the data worker
        self.reach: Reach | None = None
        """The highlighted contact's reachability, as the data worker last answered."""
        self.pane = 0
        """The pane shown when the screen is narrow (0 contacts, 1 timeline, 2 heatmap)."""

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
        yield Footer()

    def on_mount(self) -> None:
        self.workspace = Workspace(self.followup.clock)
        self.add_class("-loading")
        self.query_one("#contacts-pane").loading = True
        self.set_titles()
        self._update_summary_bar()
        self.followup.data.start(self.post_message)
        self.set_interval(POLL_S, self.followup.data.poll)
        self.set_interval(60, self._minute_passed)

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
            self._draw_heatmap()

    # -- refreshing the panes --------------------------------------------------------------

    def contact_changed(self, contact_id: int) -> None:
        """One contact's attempts changed: its row, and the panes if it is shown."""
        contact = self.ws.contact(contact_id)
        if contact is None:
            return
        summary = self.ws.summaries.get(contact_id) or self.ws.resummarize(contact_id)
        self.contact_list.update_row(contact_row(contact, summary))
        self.data_changed(force=contact_id == self.contact_list.highlighted_id)

    def timeline_changed(self, contact_id: int) -> None:
        """Only a mark on the contact's timeline changed (e.g. ``saving…`` went)."""
        contact = self.ws.contact(contact_id)
        if contact is not None and contact_id == self._shown_id == self.contact_list.highlighted_id:
            self._show_timeline(contact)

    def data_changed(self, *, force: bool = False, panes: bool = True) -> None:
        """The records changed: the bar, the titles, the keys, and (``panes``) the timeline
        and heatmap when forced or when the highlight moved."""
        self.set_class(self.ws.loaded and not self.ws.snapshot.contacts, "-empty")
        self._update_tasks()
        if self.is_current:
            self.call_after_refresh(keep_focus_shown, self, self.contact_list)
        self._update_summary_bar()
        self.set_titles()
        if panes and (force or self.contact_list.highlighted_id != self._shown_id):
            self._show_selected()
        self._refresh_bindings_if_needed()
        self._others_follow()

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
            self.loader.listed,
            self.selected is not None,
            bool(ws and ws.changes.unsaved()),
        )
        if state != self._binding_state:
            self._binding_state = state
            self.refresh_bindings()

    def _show_selected(self) -> None:
        contact = self.selected
        self._shown_id = contact.id if contact else None
        self._reach_serial += 1
        if contact is None or contact.id is None:
            self.timeline.show_nothing(
                "No contact matches the filter."
                if self.contact_list.filter_text
                else "Select a contact to see their attempts."
            )
            self.timeline.border_title = Content("Timeline")
            self.reach = None
            self._draw_heatmap()
            return
        self._show_timeline(contact)
        # The heatmap follows when the data worker has binned the calls and chosen a slot.
        self.followup.data.reachability(self.ws.reach_request(self._reach_serial, contact))

    def _update_tasks(self) -> None:
        """Mark the contacts owed a thank-you e-mail in the list (soonest due instant)."""
        if self.workspace is None or not self.ws.loaded:
            return
        due: dict[int, datetime] = {}
        tasks = self.ws.thank_you_tasks()
        for task in tasks:
            due.setdefault(task.contact_id, task.due)
        if tasks:  # hours left as the timeline counts them, from the same instant
            now = self.ws.now()
            self.contact_list.set_clock(now, local_date(now, self.ws.user_zone))
        self.contact_list.set_tasks(due)

    def _show_timeline(self, contact: Contact) -> None:
        ws = self.ws
        cid = contact.id
        assert cid is not None
        pending = {id(c.record): c.state for c in ws.changes.shown_attempts(cid)}
        entries = [TimelineEntry(a, pending.get(id(a))) for a in ws.attempts_of(cid)]
        lines = timeline_lines(
            contact,
            ws.summaries.get(cid),
            entries,
            ws.interviews_of(cid),
            contact_zone=ws.zone_of(contact),
            user_zone=ws.user_zone,
            now=ws.now(),
            tasks=ws.tasks_of(cid),
            talking_points=ws.talking_points(cid),
            nothing_new=ws.nothing_new(contact),
        )
        self.timeline.show(lines)
        title = f"Timeline · {clean_line(contact.name)}"
        if str(self.timeline.border_title) != title:
            self.timeline.border_title = Content(title)

    def _draw_heatmap(self) -> None:
        ws = self.ws
        contact = ws.contact(self.reach.contact_id) if self.reach is not None else None
        self.heatmap.show_reach(
            self.heatmap_scope,
            ws.all_grid,
            self.reach,
            name=contact.name if contact else "",
            now=ws.now(),
            user_zone=ws.user_zone,
        )

    @property
    def reach_settled(self) -> bool:
        """The heatmap shows what the data worker answered for the highlighted contact."""
        if self.contact_list.highlighted_id != self._shown_id:
            return False
        if self.reach is None:
            return self._shown_id is None
        return self.reach.serial == self._reach_serial

    def set_titles(self) -> None:
        contacts = self.contact_list
        total = contacts.total_count
        if contacts.filter_text.strip():
            title = f"Contacts · {contacts.row_count} of {total} match"
        else:
            title = f"Contacts · {total}"
        self.query_one("#contacts-pane").border_title = Content(title)

    def _update_summary_bar(self) -> None:
        bar = self.query_one(SummaryBar)
        bar.show(self.workspace, listed=self.loader.listed, db_path=self.followup.db_path)

    def _minute_passed(self) -> None:
        if self.workspace is None or not self.ws.loaded:
            return
        now = self.ws.now()
        today = local_date(now, self.ws.user_zone)
        if today != self.today:
            self.followup.data.reload()  # due dates move with the day
            return
        self.contact_list.set_clock(now, today)
        self._update_tasks()
        self._show_selected()

    # -- keys (declared in ui.commands) ----------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        ws = self.workspace
        able = available(
            action,
            listed=self.loader.listed,
            loaded=ws is not None and ws.loaded,
            selected=self.selected is not None,
            unsaved=ws is not None and bool(ws.changes.unsaved()),
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

    def action_log_attempt(self) -> None:
        self.attempts.log()

    def action_undo_attempt(self) -> None:
        self.attempts.undo()

    def action_retry_saves(self) -> None:
        self.saver.retry_now()

    def action_request_quit(self) -> None:
        self.quitting.request()

    def action_insights(self) -> None:
        self.app.push_screen(InsightsScreen())

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen("Keys of the main screen", bindings_of(self)))

    def action_toggle_heatmap(self) -> None:
        self.heatmap_scope = ALL if self.heatmap_scope == CONTACT else CONTACT
        self._draw_heatmap()
        if self.narrow:  # one pane at a time: show what changed
            self.show_pane(2)

    def action_filter(self) -> None:
        self.filter.start()

    def action_clear_filter(self) -> None:
        self.filter.clear()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        self.filter.submitted(event.value)

    def action_next_pane(self) -> None:
        self._cycle(1)

    def action_previous_pane(self) -> None:
        self._cycle(-1)

    def action_call_session(self) -> None:
        self.call_session.from_main()

    def action_show_problems(self) -> None:
        self.file.show_problems()

    # -- next step, Today, settings ----------------------------------------------------------

    def _others_follow(self) -> None:
        """The records changed: the screens open over this one that show them follow."""
        for screen in self.app.screen_stack:
            if isinstance(screen, TodayScreen):
                screen.recompute()

    def action_next_step(self) -> None:
        self.contacts.next_step()

    def action_today(self) -> None:
        self.app.push_screen(TodayScreen())

    def action_settings(self) -> None:
        ws = self.ws
        form = SettingsForm(
            ws.snapshot.settings,
            year=local_date(ws.now(), ws.user_zone).year,
            problems=ws.snapshot.problems,
        )

        def closed(settings: Settings | None) -> None:
            # Saved when changed, or to put right the values of the file that were ignored.
            if settings is not None and (settings != ws.snapshot.settings or form.problems):
                self.followup.data.save_settings(settings)

        self.app.push_screen(form, closed)

    def on_settings_saved(self, message: SettingsSaved) -> None:
        self.notify("Settings saved; every rule follows them now", timeout=3)

    def on_settings_save_failed(self, message: SettingsSaveFailed) -> None:
        self.notify(
            f"Could not save the settings: {message.error}. The old ones stay.",
            severity="error",
            timeout=10,
            markup=False,
        )

    # -- interviews, the news bank and thank-you e-mails -----------------------------------

    def action_record_interview(self) -> None:
        self.interviews.record()

    def action_news_bank(self) -> None:
        self.interviews.news_bank()

    def action_interviews(self) -> None:
        self.interviews.interviews()

    def action_copy_thank_you(self) -> None:
        task = self.interviews.selected_task()
        if task is not None:
            self.interviews.copy_draft(task)

    def action_mail_thank_you(self) -> None:
        task = self.interviews.selected_task()
        if task is not None:
            self.interviews.mail_draft(task)

    # -- one pane at a time, below NARROW_WIDTH columns ------------------------------------

    @property
    def narrow(self) -> bool:
        return self.has_class("-narrow")

    def _cycle(self, step: int) -> None:
        panes = [self.contact_list, self.timeline, self.heatmap]
        if not self.narrow:
            cycle_panes(self, panes, step)
            return
        index = pane_holding(panes, self.focused)
        if self.focused is not None and self.focused.id == "filter":
            index = None
        start = self.pane if index is None else index
        self.show_pane((start + step) % len(panes))
        panes[self.pane].focus()

    def show_pane(self, index: int) -> None:
        """The pane shown when narrow (all three are shown when wide)."""
        self.pane = index
        for i, pane in enumerate((self.query_one("#contacts-pane"), self.timeline, self.heatmap)):
            pane.set_class(i != index, "-off-pane")
        self.query_one("#right-pane").set_class(index == 0, "-off-pane")
        self.query_one(PaneTabs).show(index)

    def on_resize(self, event: events.Resize) -> None:
        narrow = event.size.width < NARROW_WIDTH
        if narrow != self.narrow:
            self.set_class(narrow, "-narrow")
            self.query_one(Footer).compact = narrow
            self.show_pane(self.pane)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # The focus moved into a pane (the filter, a click): show that pane when narrow.
        index = pane_holding(
            [self.query_one("#contacts-pane"), self.timeline, self.heatmap], event.widget
        )
        if self.narrow and index is not None and index != self.pane:
            self.show_pane(index)
