"""Today (``t``, PRODUCT.md section 2): the day's work in one list, in the user's time zone.

Open thank-you tasks first, then the contacts due or overdue with the suggested call window in
their time and the user's, then the contacts that need a next step: ``analytics.today.plan_today``,
the same plan ``followup-tui due`` prints. It is computed by a thread worker from the snapshot
the main screen already holds (no file is read here), and again whenever the main screen's data
changes (a next step set, an attempt saved, the settings changed).

``enter`` selects the contact on the main screen, ``f`` sets its next step, ``c`` starts the
call session on the due contacts (``start_call_session``).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from rich.cells import cell_len, chop_cells
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from followup_tui.analytics.today import Today, TodayItem, plan_today
from followup_tui.domain.rules import due_words
from followup_tui.domain.snapshot import Snapshot
from followup_tui.domain.text import clean_line
from followup_tui.domain.vocab import CHANNEL_LABELS
from followup_tui.domain.zones import zone
from followup_tui.ui.widgets.steady_footer import SteadyFooter
from followup_tui.ui.workflows.panes import NARROW_WIDTH

#: The fewest cells a hanging indent leaves a line (else the line wraps as Textual wraps it).
MIN_HANGING = 20

if TYPE_CHECKING:
    from followup_tui.ui.app import FollowupApp
    from followup_tui.ui.screens.main import MainScreen


def hanging(text: Text, width: int) -> Text:
    """``text`` with each line wider than ``width`` cells broken between words, its further
    lines indented as far as the line itself (a hanging indent): at 80 columns "(at 10:00 any
    day: reached 2 of 4)" goes on under "call", not back at the left edge. Lines that fit, and
    a width too small to indent in, are left as they are."""
    if width <= 0:
        return text
    plain = text.plain
    cuts: list[tuple[int, int, int]] = []  # (where a piece ends, where the next begins, indent)
    at = 0
    for line in plain.split("\n"):
        indent = len(line) - len(line.lstrip(" "))
        cells = cell_len(line)
        if cells > width and width - indent >= MIN_HANGING:
            single = cells == len(line)  # one cell per character: no measuring
            start, room = 0, width
            while (len(line) - start if single else cell_len(line[start:])) > room:
                end = _break_before(line, start, room, single=single)
                start = end
                while start < len(line) and line[start] == " ":
                    start += 1
                cuts.append((at + end, at + start, indent))
                room = width - indent
        at += len(line) + 1
    if not cuts:
        return text
    # One division of the text at every cut (slicing it piece by piece costs 4 times more).
    pieces = text.divide([offset for end, resume, _ in cuts for offset in (end, resume)])
    out = pieces[0]
    for number, (_end, _resume, indent) in enumerate(cuts):
        out.append("\n" + " " * indent)  # in place of the spaces between the pieces
        out.append_text(pieces[2 * number + 2])
    return out


def _break_before(plain: str, start: int, room: int, *, single: bool) -> int:
    """Where the piece of ``plain`` from ``start`` ends: after the last word that fits in
    ``room`` cells (cut inside a word only when not even the first one fits). ``single``:
    every character of ``plain`` takes one cell."""
    fits = room if single else len(chop_cells(plain[start:], room)[0])
    end = start + max(1, fits)
    space = plain.rfind(" ", start + 1, end + 1)
    if space > start and plain[start:space].strip():
        return space
    return end


def _section(title: str) -> Option:
    return Option(Text(title, style="bold"), disabled=True)


def thank_you_line(task: Any, now: datetime) -> Text:
    """One open thank-you task: who, where they interviewed, and the hours left. Read by
    attribute, so that any task with a ``contact`` (and an ``interview``, a ``label(now)``)
    shows."""
    contact = task.contact
    line = Text("  ")
    line.append(clean_line(contact.name), "bold")
    interview = getattr(task, "interview", None)
    company = clean_line(getattr(interview, "company", "") or contact.company or "")
    if company:
        line.append(f" · {company}")
    label = getattr(task, "label", None)
    if callable(label):
        line.append(f" · {clean_line(label(now))}", "yellow")
    else:
        due_by = getattr(task, "due_by", None)
        if isinstance(due_by, datetime):
            hours = int((due_by - now).total_seconds() // 3600)
            line.append(f" · {hours} h left" if hours >= 0 else " · late", "yellow")
    return line


def _who(item: TodayItem) -> Text:
    contact = item.contact
    line = Text("  ")
    line.append(clean_line(contact.name), "bold")
    if contact.company:
        line.append(f" · {clean_line(contact.company)}")
    return line


def due_lines(item: TodayItem, today: Today) -> Text:
    """A due contact: name, company, how late; the counts; then when to call, both clocks
    (short lines: they stay whole in an 80-column terminal)."""
    contact, summary = item.contact, item.summary
    line = _who(item)
    late = due_words(summary.next_due, today.day, summary.overdue_days)
    line.append(f" · {late}", "red" if summary.overdue_days > 0 else "yellow")
    line.append(f"\n    {summary.label}", "dim")
    if summary.suggested_channel and summary.suggested_channel != "phone":
        channel = CHANNEL_LABELS.get(summary.suggested_channel, summary.suggested_channel)
        line.append(f" · by {channel.lower()}", "dim")
    if contact.next_step_on is not None and contact.next_step:
        line.append(f" · next step: {clean_line(contact.next_step)}", "italic")
    window = item.window
    if window is not None and item.suggestion is not None:
        line.append(f"\n    call {window.theirs}", "green")
        if window.yours != window.theirs:
            line.append(f" · your {window.yours}", "green")
        if item.suggestion.note:
            line.append(f" ({item.suggestion.note})", "dim")
    return line


def needs_step_line(item: TodayItem) -> Text:
    line = _who(item)
    line.append(f" · {item.summary.label}", "dim")
    return line


class TodayScreen(Screen[None]):
    """The day's work: thank-you notes, who is due and when to call, who needs a next step."""

    BINDINGS = [
        # Back first, as on the other screens: on a narrow footer it is the key kept.
        Binding("escape,t,q", "close", "Back", tooltip="Back to the contacts"),
        # Before the list's own enter (shown nowhere), so that the footer shows what it does.
        Binding(
            "enter",
            "select",
            "Contact",  # short: at 60 columns the footer keeps all four keys
            tooltip="Show the contact on the main screen",
            priority=True,
        ),
        Binding("f", "next_step", "Next step", tooltip="Set the next step of this contact"),
        Binding("c", "call_session", "Call session", tooltip="Call the due contacts, in order"),
    ]

    def __init__(self) -> None:
        super().__init__(id="today")
        self.plan: Today | None = None
        """The plan on screen; None until the worker has computed it."""
        self._width = 0
        """The list's width its lines were broken for."""

    @property
    def followup(self) -> FollowupApp:
        return cast("FollowupApp", self.app)

    @property
    def main(self) -> MainScreen:
        return self.followup.main_screen

    def compose(self) -> ComposeResult:
        yield Static(Text("Today", style="bold"), id="today-head")
        yield OptionList(Option(Text("computing…", style="dim"), disabled=True), id="today-list")
        # As on the main screen: the compact footer below NARROW_WIDTH columns.
        yield SteadyFooter(compact_below=NARROW_WIDTH)

    def on_mount(self) -> None:
        self.query_one("#today-list").focus()
        self.recompute()

    def on_resize(self) -> None:
        # The lines are broken for the list's width (``hanging``): again for a new one.
        self.call_after_refresh(self._rewrap)

    def _rewrap(self) -> None:
        listing = self.query_one("#today-list", OptionList)
        if self.plan is not None and listing.scrollable_content_region.width != self._width:
            self.show(self.plan)

    # -- computing ---------------------------------------------------------------------------

    def recompute(self) -> None:
        """Plan again from the main screen's records (they changed, or the day did)."""
        ws = self.main.workspace
        if ws is None or not ws.loaded:
            self.set_timer(0.1, self.recompute)
            return
        self._compute(ws.snapshot, ws.user_zone, ws.now())

    # A description of its own: the default repr of a 100,000-attempt snapshot takes seconds.
    @work(thread=True, exclusive=True, exit_on_error=False, group="today", description="today")
    def _compute(self, snapshot: Snapshot, user_zone: str, now: datetime) -> Today:
        return plan_today(snapshot, user_zone, now)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "today":
            return
        if event.state == WorkerState.SUCCESS:
            plan = event.worker.result
            assert isinstance(plan, Today)
            self.show(plan)
        elif event.state == WorkerState.ERROR:
            # The records changed while the plan was made: make it again.
            self.set_timer(0.05, self.recompute)

    def show(self, plan: Today) -> None:
        self.plan = plan
        now = self.main.ws.now()
        local = now.astimezone(zone(plan.user_zone))
        head = Text("Today", style="bold")
        head.append(f" · {local:%a} {local.day} {local:%b} {local:%H:%M} ({plan.user_zone})")
        head.append(
            f" · {len(plan.thank_you)} thank-you · {len(plan.due)} due"
            f" · {len(plan.needs_next_step)} need a next step",
            "dim",
        )
        self.query_one("#today-head", Static).update(head)
        listing = self.query_one("#today-list", OptionList)
        width = self._width = listing.scrollable_content_region.width
        options: list[Option] = []
        if plan.thank_you:
            options.append(_section(f"Thank-you e-mails ({len(plan.thank_you)})"))
            for index, task in enumerate(plan.thank_you):
                cid = task.contact.id
                options.append(
                    Option(hanging(thank_you_line(task, now), width), id=f"thanks-{index}-{cid}")
                )
        options.append(_section(f"Due ({len(plan.due)}) · most overdue first"))
        if not plan.due:
            options.append(Option(Text("  Nobody is due today.", style="dim"), disabled=True))
        for item in plan.due:
            options.append(
                Option(hanging(due_lines(item, plan), width), id=f"due-{item.contact.id}")
            )
        if plan.needs_next_step:
            count = len(plan.needs_next_step)
            options.append(_section(f"Needs a next step ({count}) · f sets one"))
            for item in plan.needs_next_step:
                option = Option(hanging(needs_step_line(item), width), id=f"step-{item.contact.id}")
                options.append(option)
        was = listing.highlighted_option.id if listing.highlighted_option else None
        listing.set_options(options)
        ids = [o.id for o in options]
        if was in ids:
            target = ids.index(was)
        else:
            target = next((i for i, o in enumerate(options) if not o.disabled), 0)
        listing.highlighted = target

    # -- what is highlighted -----------------------------------------------------------------

    @property
    def highlighted_contact_id(self) -> int | None:
        """The contact of the highlighted line; on a section's title, of the line after it."""
        listing = self.query_one("#today-list", OptionList)
        index = listing.highlighted
        options = listing.options
        if index is None:
            return None
        while index < len(options) and options[index].disabled:
            index += 1
        if index >= len(options):
            return None
        listing.highlighted = index
        option_id = options[index].id
        try:
            return int(option_id.rsplit("-", 1)[1]) if option_id else None
        except (IndexError, ValueError):
            return None

    # -- actions -----------------------------------------------------------------------------

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_select()

    def action_select(self) -> None:
        cid = self.highlighted_contact_id
        if cid is None:
            return
        main = self.main
        main.filter.clear()
        main.contact_list.select(cid)
        self.dismiss(None)

    def action_next_step(self) -> None:
        cid = self.highlighted_contact_id
        if cid is not None:
            self.main.contacts.next_step(cid)

    def action_call_session(self) -> None:
        plan = self.plan
        ids = [item.contact.id for item in plan.due if item.contact.id is not None] if plan else []
        if not ids:
            self.notify("Nobody is due: no call session to start.", timeout=3)
            return
        self.start_call_session(ids)

    def start_call_session(self, contact_ids: list[int]) -> None:
        """Start the call session on ``contact_ids``, in this order (the due contacts of
        Today). The hook for the call session screen: it is started by the main screen's
        ``start_call_session`` when this version has one."""
        start = getattr(self.main, "start_call_session", None)
        if not callable(start):
            self.notify("The call session is not in this version yet.", timeout=4)
            return
        self.dismiss(None)
        start(contact_ids)

    def action_close(self) -> None:
        self.dismiss(None)
