"""The call session (``c``): one contact at a time from the due queue, one key per outcome.

The screen shows the contact (``CallCard``), a timer and a note field. An outcome key builds
the attempt (``domain.attempt_check``: the same check as the log form), hands it to the main
screen's ``AttemptFlow`` (the one change path: shown at once, written by the data worker after
the frame) and shows the next contact at once; ``u`` takes back the last outcome of this
session through the same flow. Nothing here keeps its own copy of what is saved or undone:
the summary reads the state of the session's ``Change`` objects.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, cast

from textual import events, on
from textual.actions import parse as parse_action
from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.style import Style
from textual.widgets import Input, Static

from followup_tui.analytics.call_queue import (
    OUTCOME_KEYS,
    CallQueue,
    Dial,
    SessionSummary,
    attempt_words,
    dial,
    duration_of,
    guard_lines,
    outside_hours,
    outside_words,
    summarize_session,
    their_time,
)
from followup_tui.analytics.reachability import window_of
from followup_tui.domain.attempt_check import check_attempt
from followup_tui.domain.identity import stored_instant
from followup_tui.domain.interviews import talking_points
from followup_tui.domain.models import Attempt, Contact
from followup_tui.domain.text import clean_line
from followup_tui.domain.validation import FormErrors
from followup_tui.domain.zones import zone
from followup_tui.ui.changes import Change, State
from followup_tui.ui.commands import SESSION_COMMANDS, SessionCommands, bindings
from followup_tui.ui.messages import ReachComputed
from followup_tui.ui.screens.help import HelpScreen, bindings_of
from followup_tui.ui.widgets.call_card import CallCard
from followup_tui.ui.widgets.call_timer import CallTimer
from followup_tui.ui.widgets.key_legend import KeyLegend
from followup_tui.ui.widgets.steady_footer import SteadyFooter

if TYPE_CHECKING:
    from followup_tui.ui.app import FollowupApp
    from followup_tui.ui.screens.main import MainScreen
    from followup_tui.ui.workspace import Workspace

#: Talking points shown at most.
MAX_POINTS = 3
#: Terminals with fewer rows than this get the short layout (``on_resize``).
SHORT_ROWS = 30
#: States of a logged change that no longer count (taken back, or never to be saved).
GONE = (State.UNDONE, State.UNDOING, State.DROPPED)


class CallSessionScreen(Screen[SessionSummary]):
    """Works through ``queue``; dismissed with the session's summary."""

    COMMANDS = {SessionCommands}
    BINDINGS = bindings(SESSION_COMMANDS)

    def __init__(self, queue: CallQueue, *, since: int, started: datetime) -> None:
        super().__init__(id="call-session")
        self.queue = queue
        self.since = since
        """The newest change before the session: ``u`` takes back only what came after."""
        self.started = started
        self.logged: list[tuple[Change, str, int]] = []
        """The session's changes, with the person's name and their persistence streak."""
        self.dial: Dial | None = None
        self._shown_id: int | None = None
        self._serial = 0
        self._window = ""
        self._snapshot_seen: object = None

    @property
    def followup(self) -> FollowupApp:
        return cast("FollowupApp", self.app)

    @property
    def main(self) -> MainScreen:
        return self.followup.main_screen

    @property
    def ws(self) -> Workspace:
        return self.main.ws

    @property
    def card(self) -> CallCard:
        return self.query_one(CallCard)

    @property
    def note(self) -> Input:
        return self.query_one("#session-note", Input)

    def compose(self) -> ComposeResult:
        yield Static(id="session-head", markup=False)
        yield CallCard(id="call-card", markup=False)
        yield KeyLegend(
            lead=Content.styled("log  ", "dim"),
            separator=Content.styled(" · ", "dim"),
            key_style="bold $accent",
            id="session-keys",
        )
        yield CallTimer(id="call-timer", markup=False)
        yield Input(placeholder="note (tab; escape leaves it)", id="session-note")
        yield SteadyFooter(compact=True)

    def on_mount(self) -> None:
        self.show_current()
        self.set_interval(1.0, self._tick)

    def on_resize(self, event: events.Resize) -> None:
        # A short terminal: the card without its padding, the note field on one line, so
        # that the card keeps its call window and last note in sight.
        short = event.size.height < SHORT_ROWS
        self.set_class(short, "-short")
        self.note.compact = short

    # -- showing ---------------------------------------------------------------------------

    def current_contact(self) -> Contact | None:
        entry = self.queue.current
        return None if entry is None else self.ws.contact(entry.contact_id)

    def show_current(self) -> None:
        """The contact at the head of the queue, the timer from now, and the keys it takes."""
        while (entry := self.queue.current) is not None and self.ws.contact(
            entry.contact_id
        ) is None:
            self.queue.ahead.pop(0)  # deleted meanwhile (by another copy)
        contact = self.current_contact()
        now = self.ws.now()
        timer = self.query_one(CallTimer)
        self._window = ""
        self._serial += 1
        if contact is None or contact.id is None:
            self._shown_id = None
            self.dial = None
            timer.stop()
        else:
            self._shown_id = contact.id
            settings = self.ws.snapshot.settings
            self.dial = dial(contact.phones[0], settings) if contact.phones else None
            timer.start(now)
            if contact.phones:
                request = self.ws.reach_request(self._serial, contact)
                self.followup.data.reachability(request, reply=self.post_message)
        self._draw()
        self.refresh_bindings()

    def _draw(self) -> None:
        ws = self.ws
        self._snapshot_seen = ws.snapshot
        now = ws.now()
        left = len(self.queue.ahead)
        kept = len(self.kept())
        head = f" Call session · {left} to go · {kept} logged · esc ends"
        self.query_one("#session-head", Static).update(Content(head))
        self._show_outcome_keys()
        contact = self.current_contact()
        if contact is None or contact.id is None:
            self.card.show(
                Content.assemble(
                    ("That is everyone in this session.\n\n", "bold"),
                    "u takes back the last outcome · escape shows the summary",
                )
            )
            return
        self.card.show(self._card(contact, now))

    def _show_outcome_keys(self) -> None:
        """The outcome keys the contact shown takes, each with its outcome (listed here, not
        in the footer: with them the footer did not fit in 120 columns)."""
        keys = []
        for command in SESSION_COMMANDS:
            _namespace, action, arguments = parse_action(command.action)
            if action in ("outcome", "email_sent") and self.check_action(action, arguments):
                keys.append((command.keys_text, command.label))
        self.query_one(KeyLegend).show(keys)

    def _card(self, contact: Contact, now: datetime) -> Content:
        ws = self.ws
        cid = contact.id
        assert cid is not None and self.queue.current is not None
        zone_name = self.queue.current.zone_name
        attempts = ws.attempts_of(cid)
        parts: list[str | tuple[str, str | Style]] = [(clean_line(contact.name), "bold")]
        who = " · ".join(clean_line(t) for t in (contact.title, contact.company) if t)
        if who:
            parts.append(f"\n{who}")
        parts.append(("\n" + their_time(now, zone_name), "bold $accent"))
        if outside_hours(now, zone_name, ws.snapshot.settings):
            parts.append(("  " + outside_words(now, zone_name), "$warning"))
        # The warnings before the number: read before dialling, and never below the card's
        # last line on a short terminal.
        for line in guard_lines(attempts, now, ws.user_zone, elsewhere=self._elsewhere(cid)):
            parts.append(("\n⚠ " + line, "bold $error"))
        parts.append("\n\n")
        if self.dial is not None:
            parts.append(("dial  ", "dim"))
            parts.append((self.dial.text, Style(bold=True, underline=True, link=self.dial.uri)))
            parts.append((f"   caller ID {self.dial.caller_id} · y copies", "dim"))
            if len(contact.phones) > 1:
                parts.append((f" · {len(contact.phones) - 1} more number(s)", "dim"))
            if self.dial.note:
                parts.append(("\n" + self.dial.note, "$warning"))
        elif contact.emails:
            address = clean_line(contact.emails[0])
            parts.append(("no phone: write to  ", "dim"))
            parts.append((address, Style(underline=True, link=f"mailto:{address}")))
            parts.append(("   7 logs the e-mail as sent", "dim"))
        else:
            parts.append(("no phone number and no e-mail address: s skips", "$warning"))
        parts.append("\n" + attempt_words(ws.summaries.get(cid)))
        if contact.phones:
            parts.append(("\n" + (self._window or "finding a window…"), "$success"))
        noted = [a for a in attempts if a.note]
        if noted:
            last = noted[-1]
            day = last.at.astimezone(zone(zone_name))
            first = clean_line(last.note)
            parts.append(("\nlast note ", "dim"))
            parts.append((f"({day:%a %d %b}): ", "dim"))
            parts.append(first)
        points = talking_points(ws.snapshot.news, attempts)
        if points:
            parts.append(("\ntalking points", "dim"))
            for item in points[:MAX_POINTS]:
                parts.append(f"\n  • {item.on.isoformat()} {clean_line(item.text)}")
        return Content.assemble(*parts)

    def _elsewhere(self, contact_id: int) -> list[Attempt]:
        """Attempts at this contact in the file since the session began that it did not log
        (another copy of the app, ``followup-tui log``)."""
        ours = {
            c.written.id for c, _, _ in self.logged if isinstance(c.written, Attempt) and c.written
        }
        since = stored_instant(self.started)
        return [
            a
            for a in self.ws.snapshot.attempts_for(contact_id)
            if a.at >= since and a.id not in ours
        ]

    def on_reach_computed(self, message: ReachComputed) -> None:
        reach = message.reach
        if reach.serial != self._serial or reach.contact_id != self._shown_id:
            return
        if reach.suggestion is None:
            self._window = reach.note or "no window to suggest"
        else:
            window = window_of(reach.suggestion, reach.zone_name, self.ws.user_zone)
            self._window = f"{reach.suggestion.text} · yours {window.yours}"
        self._draw()

    def _tick(self) -> None:
        now = self.ws.now()
        self.query_one(CallTimer).tick(now)
        if self.ws.snapshot is not self._snapshot_seen:  # the file changed on disk
            entry = self.queue.current
            if entry is not None and self.ws.contact(entry.contact_id) is None:
                self.show_current()  # deleted by another copy: the next one
            else:
                self._draw()

    # -- keys ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        contact = self.current_contact()
        if action == "outcome":
            return True if contact is not None and contact.phones else None
        if action == "email_sent":
            return True if contact is not None and (contact.emails or not contact.phones) else None
        if action in ("skip", "restart_timer"):
            return True if contact is not None else None
        if action == "copy_dial":
            return True if self.dial is not None else None
        return True

    def action_outcome(self, key: str) -> None:
        self._log("phone", OUTCOME_KEYS[key])

    def action_email_sent(self) -> None:
        self._log("email", "sent")

    def _log(self, channel: str, outcome: str) -> None:
        contact = self.current_contact()
        timer = self.query_one(CallTimer)
        if contact is None or contact.id is None or timer.started is None:
            return
        ws = self.ws
        phone = channel == "phone"
        started = timer.started
        try:
            attempt = check_attempt(
                contact.id,
                channel=channel,
                outcome=outcome,
                now=started,
                user_zone=ws.user_zone,
                duration=str(duration_of(started, ws.now())) if phone else None,
                caller_id=self.dial.caller_id if phone and self.dial else None,
                note=self.note.value,
                hide_caller_id=ws.snapshot.settings.hide_caller_id,
            )
        except FormErrors as exc:
            self.notify(str(exc), title="Not logged", severity="error", markup=False)
            return
        summary = ws.summaries.get(contact.id)
        streak = (summary.since_reply if summary else 0) + 1
        change = self.main.attempts.logged(attempt)
        if change is None:
            return
        self.logged.append((change, clean_line(contact.name), streak))
        self.queue.logged()
        self.note.value = ""
        self.show_current()

    def action_skip(self) -> None:
        self.queue.skip()
        self.note.value = ""
        self.show_current()

    def action_undo(self) -> None:
        attempt = self.main.attempts.undo(self.since)
        if attempt is None:
            return
        self.queue.undone(attempt.contact_id)
        self.note.value = attempt.note
        self.show_current()

    def action_next_step(self) -> None:
        """``f``: the next step of the contact on screen, in the same form as on the main
        screen (written through the one change path)."""
        contact = self.current_contact()
        if contact is not None and contact.id is not None:
            self.main.contacts.next_step(contact.id)

    def action_copy_dial(self) -> None:
        if self.dial is not None:
            self.app.copy_to_clipboard(self.dial.text)
            self.notify(f"Copied {self.dial.text}", timeout=3, markup=False)

    def action_restart_timer(self) -> None:
        if self.current_contact() is not None:
            self.query_one(CallTimer).start(self.ws.now())

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen("Keys of the call session", bindings_of(self)))

    def action_note(self) -> None:
        self.note.focus()

    def action_end(self) -> None:
        if self.note.has_focus:
            self.card.focus()
            return
        self.dismiss(self.summary())

    @on(Input.Submitted, "#session-note")
    def _note_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.card.focus()

    # -- the summary -----------------------------------------------------------------------

    def kept(self) -> list[tuple[Change, str, int]]:
        """The session's attempts that stand (not taken back, not dropped)."""
        return [entry for entry in self.logged if entry[0].state not in GONE]

    def summary(self) -> SessionSummary:
        logged = [(name, change.attempt, streak) for change, name, streak in self.kept()]
        done = {entry.contact_id for entry in self.queue.done}
        return summarize_session(
            [(n, a, s) for n, a, s in logged if a is not None],
            len(self.queue.skipped - done),
            self.started,
            self.ws.now(),
        )
