"""Every command of the main screen, declared once.

Each ``Command`` gives its key, its footer label, its palette title and its help; the screen's
``BINDINGS``, the command palette (ctrl+p) and the help screen (``?``, built from the active
bindings) all come from ``MAIN_COMMANDS``, so they cannot drift apart. Adding a command is one
entry here and one ``action_`` method on the screen. ``needs`` says when it is available
(``MainScreen.check_action``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import partial

from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider


class Needs(StrEnum):
    NOTHING = "nothing"
    LISTED = "listed"
    """At least the contacts are on screen (their attempts may still be read)."""
    LOADED = "loaded"
    """The whole file is read."""
    CONTACT = "contact"
    """The file is read and a contact is highlighted."""
    UNSAVED = "unsaved"
    """Some attempts could not be saved yet."""


@dataclass(frozen=True, slots=True)
class Command:
    key: str
    action: str
    """Run on the screen the command belongs to."""
    title: str
    """Namespaced palette title, e.g. ``contact: New contact``."""
    label: str
    """Footer and help label."""
    help: str
    """One sentence: the palette's help line and the key's tooltip."""
    key_display: str | None = None
    show: bool = True
    """In the footer."""
    needs: Needs = Needs.NOTHING

    @property
    def keys_text(self) -> str:
        return self.key_display or self.key

    def binding(self) -> Binding:
        return Binding(
            self.key,
            self.action,
            self.label,
            show=self.show,
            key_display=self.key_display,
            tooltip=self.help,
            id=self.action,
        )


def bindings(commands: Iterable[Command]) -> list[BindingType]:
    return [command.binding() for command in commands]


MAIN_COMMANDS: tuple[Command, ...] = (
    Command(
        "n",
        "new_contact",
        "contact: New contact",
        "New contact",
        "Add a person to follow up with",
        needs=Needs.LOADED,
    ),
    Command(
        "e",
        "edit_contact",
        "contact: Edit contact",
        "Edit",
        "Edit the highlighted contact",
        needs=Needs.CONTACT,
    ),
    Command(
        "delete",
        "delete_contact",
        "contact: Delete contact",
        "Delete",
        "Delete the highlighted contact and their attempts, after asking",
        needs=Needs.CONTACT,
    ),
    Command(
        "l",
        "log_attempt",
        "attempt: Log an attempt",
        "Log attempt",
        "Record a call or an e-mail",
        needs=Needs.CONTACT,
    ),
    Command(
        "ctrl+o",
        "import_contacts",
        "contacts: Import contacts…",
        "Import contacts",
        "Add contacts from LinkedIn Connections.csv, a CSV, a vCard or a followup-tui JSON file",
        show=False,
        needs=Needs.LOADED,
    ),
    Command(
        "slash",
        "filter",
        "view: Filter contacts",
        "Filter",
        "Show contacts matching a text",
        key_display="/",
        needs=Needs.LISTED,
    ),
    Command(
        "h",
        "toggle_heatmap",
        "view: Toggle heatmap scope",
        "Heatmap scope",
        "Reachability of this contact or of all contacts",
        needs=Needs.LOADED,
    ),
    Command(
        "g",
        "insights",
        "view: Insights",
        "Insights",
        "How the search is going: when people pick up, caller ID, attempts, activity",
        show=False,
        needs=Needs.LOADED,
    ),
    Command(
        "u",
        "undo_attempt",
        "attempt: Undo last attempt",
        "Undo",
        "Remove the last attempt logged in this session",
        needs=Needs.LOADED,
    ),
    Command(
        "r",
        "retry_saves",
        "attempt: Retry saving",
        "Retry saving",
        "Save again the attempts marked unsaved",
        show=False,
        needs=Needs.UNSAVED,
    ),
    Command(
        "question_mark", "help", "app: Help", "Help", "Every key of this screen", key_display="?"
    ),
    Command("q", "request_quit", "app: Quit", "Quit", "Leave followup-tui"),
    Command(
        "tab",
        "next_pane",
        "view: Next pane",
        "Next pane",
        "Move the focus to the next pane",
        show=False,
    ),
    Command(
        "shift+tab",
        "previous_pane",
        "view: Previous pane",
        "Previous pane",
        "Move the focus to the previous pane",
        show=False,
    ),
    Command(
        "escape",
        "clear_filter",
        "view: Clear the filter",
        "Clear the filter",
        "Show every contact again",
        show=False,
    ),
    # -- the call session ------------------------------------------------------------------
    Command(
        "c",
        "call_session",
        "attempt: Start a call session",
        "Call session",
        "Call who is due, one key per outcome (the filtered contacts when filtering)",
        show=False,
        needs=Needs.LOADED,
    ),
    Command(
        "exclamation_mark",
        "show_problems",
        "file: Problems in the data file",
        "Problems",
        "Every value of the data file that is ignored, with its record and field",
        key_display="!",
        show=False,
        needs=Needs.LOADED,
    ),
    Command(
        "f",
        "next_step",
        "contact: Set the next step",
        "Next step",
        "Set the day and the words of the highlighted contact's next step",
        show=False,
        needs=Needs.CONTACT,
    ),
    Command(
        "t",
        "today",
        "view: Today",
        "Today",
        "The day's work: thank-you notes, who is due and when to call, who needs a next step",
        show=False,
        needs=Needs.LOADED,
    ),
    Command(
        "s",
        "settings",
        "app: Settings",
        "Settings",
        "Working hours, holidays, rule days, caller ID and the default cadence",
        show=False,
        needs=Needs.LOADED,
    ),
    # -- interviews, the news bank and thank-you e-mails --------------------------------------
    Command(
        "i",
        "record_interview",
        "interview: Record an interview",
        "Interview",
        "Record an interview and the people met: each gets a thank-you e-mail task",
        show=False,
        needs=Needs.LOADED,
    ),
    Command(
        "w",
        "news_bank",
        "news: News bank",
        "News",
        "Your own news to tell people: add, edit, delete",
        show=False,
        needs=Needs.LOADED,
    ),
    Command(
        "I",
        "interviews",
        "interview: Interviews and thank-you e-mails",
        "Interviews",
        "Every interview with the thank-you e-mails still owed: edit, delete, drafts",
        show=False,
        needs=Needs.LOADED,
    ),
    Command(
        "y",
        "copy_thank_you",
        "interview: Copy the thank-you draft",
        "Copy thank-you",
        "Copy the draft of the thank-you e-mail owed to the highlighted contact",
        show=False,
        needs=Needs.CONTACT,
    ),
    Command(
        "m",
        "mail_thank_you",
        "interview: Open the thank-you draft in mail",
        "Mail thank-you",
        "Open the thank-you e-mail owed to the highlighted contact in the mail client",
        show=False,
        needs=Needs.CONTACT,
    ),
)
MAIN_BY_ACTION: dict[str, Command] = {command.action: command for command in MAIN_COMMANDS}


def available(action: str, *, listed: bool, loaded: bool, selected: bool, unsaved: bool) -> bool:
    """Whether the main screen's ``action`` may run now (what its ``needs`` asks for)."""
    command = MAIN_BY_ACTION.get(action)
    needs = command.needs if command else Needs.NOTHING
    return {
        Needs.NOTHING: True,
        Needs.LISTED: loaded or listed,
        Needs.LOADED: loaded,
        Needs.CONTACT: loaded and selected,
        Needs.UNSAVED: unsaved,
    }[needs]


class MainCommands(Provider):
    """The main screen's commands in the palette."""

    commands: tuple[Command, ...] = MAIN_COMMANDS

    async def _run(self, action: str) -> None:
        await self.screen.run_action(action)

    def _help(self, command: Command) -> str:
        return f"{command.help} ({command.keys_text})"

    async def discover(self) -> Hits:
        for command in self.commands:
            yield DiscoveryHit(
                command.title, partial(self._run, command.action), help=self._help(command)
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self.commands:
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(command.title),
                    partial(self._run, command.action),
                    text=command.title,
                    help=self._help(command),
                )


#: The keys of a call session (``ui.screens.call_session``): outcome keys log and advance.
SESSION_COMMANDS: tuple[Command, ...] = (
    Command("1", "outcome('1')", "call: Reached", "reached", "Log: reached, and go on"),
    Command("2", "outcome('2')", "call: Voicemail", "voicemail", "Log: voicemail, and go on"),
    Command("3", "outcome('3')", "call: No answer", "no answer", "Log: no answer, and go on"),
    Command("4", "outcome('4')", "call: Busy", "busy", "Log: busy, and go on"),
    Command("5", "outcome('5')", "call: Gatekeeper", "gatekeeper", "Log: gatekeeper, and go on"),
    Command("6", "outcome('6')", "call: Wrong number", "wrong no.", "Log: wrong number, and go on"),
    Command("7", "email_sent", "call: E-mail sent", "e-mail sent", "Log an e-mail sent, go on"),
    Command("s", "skip", "call: Skip", "skip", "Nothing logged; back at the end of the queue once"),
    Command("u", "undo", "call: Undo", "undo", "Take back the last outcome of this session"),
    Command("y", "copy_dial", "call: Copy the number", "copy", "Copy the dial string", show=False),
    Command(
        "enter",
        "restart_timer",
        "call: Restart the timer",
        "timer",
        "The call starts now",
        show=False,
    ),
    Command("tab", "note", "call: Note", "note", "Write a note (escape leaves it)", show=False),
    Command("escape", "end", "call: End the session", "end", "End and show the summary"),
    Command(
        "question_mark",
        "help",
        "app: Help",
        "Help",
        "Every key of this screen",
        key_display="?",
        show=False,
    ),
)


class SessionCommands(MainCommands):
    """A call session's commands in the palette."""

    commands = SESSION_COMMANDS
