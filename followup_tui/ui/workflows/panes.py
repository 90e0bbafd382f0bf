"""The panes of the main screen: what the timeline, the heatmap and the list's task marks show,
and, when the terminal is narrow (below ``NARROW_WIDTH`` columns), one pane at a time with a tab
strip (``tab`` cycles them; wide, ``tab`` moves the focus between panes)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widget import Widget

from followup_tui.domain.models import Contact
from followup_tui.domain.rules import local_date
from followup_tui.domain.text import clean_line
from followup_tui.ui.focus import cycle_panes, pane_holding
from followup_tui.ui.lazy import open_screens
from followup_tui.ui.rows import contact_row
from followup_tui.ui.widgets.attempt_timeline import TimelineEntry, timeline_lines
from followup_tui.ui.widgets.pane_tabs import PaneTabs

if TYPE_CHECKING:
    from followup_tui.ui.screens.main import MainScreen

#: Below this many columns the main screen shows one pane at a time.
NARROW_WIDTH = 100

CONTACTS, TIMELINE, HEATMAP = 0, 1, 2


class PaneFlow:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.pane = CONTACTS
        """The pane shown when the screen is narrow."""
        self.fills = 0
        """How many times the panes were filled for the highlighted contact (a caller that
        changed the records and then the rows knows whether the cursor's move filled them
        already, from the records as they now are)."""

    @property
    def narrow(self) -> bool:
        return self.screen.has_class("-narrow")

    def _holders(self) -> list[Widget]:
        screen = self.screen
        return [screen.query_one("#contacts-pane"), screen.timeline, screen.heatmap]

    def cycle(self, step: int) -> None:
        screen = self.screen
        panes: list[Widget] = [screen.contact_list, screen.timeline, screen.heatmap]
        if not self.narrow:
            cycle_panes(screen, panes, step)
            return
        index = pane_holding(panes, screen.focused)
        if screen.focused is not None and screen.focused.id == "filter":
            index = None
        start = self.pane if index is None else index
        self.show((start + step) % len(panes))
        panes[self.pane].focus()

    def show(self, index: int) -> None:
        """The pane shown when narrow (all three are shown when wide)."""
        self.pane = index
        for i, pane in enumerate(self._holders()):
            pane.set_class(i != index, "-off-pane")
        self.screen.query_one("#right-pane").set_class(index == CONTACTS, "-off-pane")
        self.screen.query_one(PaneTabs).show(index)

    def show_if_narrow(self, index: int) -> None:
        if self.narrow:
            self.show(index)

    def resized(self, width: int) -> None:
        narrow = width < NARROW_WIDTH
        if narrow != self.narrow:
            self.screen.set_class(narrow, "-narrow")
            self.show(self.pane)

    def focus_moved(self, widget: Widget) -> None:
        """The focus moved into a pane (the filter, a click): show that pane when narrow."""
        index = pane_holding(self._holders(), widget)
        if self.narrow and index is not None and index != self.pane:
            self.show(index)

    # -- what the timeline and the list show ------------------------------------------------

    def mark_tasks(self) -> None:
        """Mark the contacts owed a thank-you e-mail in the list (soonest due instant)."""
        screen = self.screen
        if screen.workspace is None or not screen.ws.loaded:
            return
        due: dict[int, datetime] = {}
        tasks = screen.ws.thank_you_tasks()
        for task in tasks:
            due.setdefault(task.contact_id, task.due)
        if tasks:  # hours left as the timeline counts them, from the same instant
            now = screen.ws.now()
            screen.contact_list.set_clock(now, local_date(now, screen.ws.user_zone))
        screen.contact_list.set_tasks(due)

    def fill_timeline(self, contact: Contact) -> None:
        screen = self.screen
        ws = screen.ws
        cid = contact.id
        assert cid is not None
        pending = {id(c.record): c.state for c in ws.shown_attempts(cid)}
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
        screen.timeline.show(lines)
        title = f"Timeline · {clean_line(contact.name)}"
        if str(screen.timeline.border_title) != title:
            screen.timeline.border_title = Content(title)

    def draw_heatmap(self) -> None:
        screen = self.screen
        ws = screen.ws
        contact = ws.contact(screen.reach.contact_id) if screen.reach is not None else None
        screen.heatmap.show_reach(
            screen.heatmap_scope,
            ws.all_grid,
            screen.reach,
            name=contact.name if contact else "",
            now=ws.now(),
            user_zone=ws.user_zone,
        )

    def show_selected(self) -> None:
        screen = self.screen
        self.fills += 1
        contact = screen.selected
        screen._shown_id = contact.id if contact else None
        screen._reach_serial += 1
        if contact is None or contact.id is None:
            screen.timeline.show_nothing(
                "No contact matches the filter."
                if screen.contact_list.filter_text
                else "Select a contact to see their attempts."
            )
            screen.timeline.border_title = Content("Timeline")
            screen.reach = None
            self.draw_heatmap()
            return
        self.fill_timeline(contact)
        # The heatmap follows when the data worker has binned the calls and chosen a slot.
        screen.followup.data.reachability(screen.ws.reach_request(screen._reach_serial, contact))

    def set_titles(self) -> None:
        screen = self.screen
        contacts = screen.contact_list
        total = contacts.total_count
        if contacts.filter_text.strip():
            title = f"Contacts · {contacts.row_count} of {total} match"
        else:
            title = f"Contacts · {total}"
        pane = screen.query_one("#contacts-pane")
        if str(pane.border_title) != title:  # an unchanged title redraws nothing
            pane.border_title = Content(title)

    def minute_passed(self) -> None:
        screen = self.screen
        if screen.workspace is None or not screen.ws.loaded:
            return
        now = screen.ws.now()
        today = local_date(now, screen.ws.user_zone)
        if today != screen.today:
            screen.followup.data.reload()  # due dates move with the day
            return
        screen.contact_list.set_clock(now, today)
        self.mark_tasks()
        self.show_selected()

    def contact_changed(self, contact_id: int) -> None:
        """One contact's attempts changed: its row, and the panes if it is shown."""
        screen = self.screen
        contact = screen.ws.contact(contact_id)
        if contact is None:
            return
        summary = screen.ws.summaries.get(contact_id) or screen.ws.resummarize(contact_id)
        screen.contact_list.update_row(contact_row(contact, summary))
        screen.data_changed(force=contact_id == screen.contact_list.highlighted_id)

    def timeline_changed(self, contact_id: int) -> None:
        """Only a mark on the contact's timeline changed (e.g. ``saving…`` went)."""
        screen = self.screen
        contact = screen.ws.contact(contact_id)
        if (
            contact is not None
            and contact_id == screen._shown_id == screen.contact_list.highlighted_id
        ):
            self.fill_timeline(contact)

    def others_follow(self) -> None:
        """The records changed: the screens open over the main screen that show them follow."""
        stack = self.screen.app.screen_stack
        for today in open_screens(stack, "followup_tui.ui.screens.today", "TodayScreen"):
            today.recompute()
