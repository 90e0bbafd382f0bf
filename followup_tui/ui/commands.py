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
    LISTED_CONTACT = "listed contact"
    """A contact is highlighted, even before the attempts are read (the action waits for
    them: ``l`` pressed at once on a big file opens the form when the history is in)."""
    UNSAVED = "unsaved"
    """Some attempts could not be saved yet."""


@dataclass(frozen=True, slots=True)
class Command:
    key: str
    action: str
    """Run on the screen the command belongs to."""
    title: str
    """Namespaced palette title, e.g. ``contacts: New contact``."""
    label: str
    """Footer and help label."""
    help: str
    """One sentence: the palette's help line and the key's tooltip."""
    key_display: str | None = None
    show: bool = True
    """In the footer."""
    needs: Needs = Needs.NOTHING
    words: str = ""
    """More words a user may type in the palette to find it (``call`` for logging)."""

    @property
    def keys_text(self) -> str:
        return self.key_display or self.key

    @property
    def typed(self) -> bool:
        """Its key types a character (``n``, ``/``, ``?``), unlike ctrl+o, tab or delete."""
        return len(self.key) == 1 or self.key in _TYPED_KEY_NAMES

    def binding(self, *, priority: bool = False) -> Binding:
        return Binding(
            self.key,
            self.action,
            self.label,
            show=self.show,
            key_display=self.key_display,
            tooltip=self.help,
            id=self.action,
            priority=priority,
        )


#: Names of the printable keys the commands use besides single characters.
_TYPED_KEY_NAMES = frozenset({"slash", "question_mark", "exclamation_mark"})


def bindings(commands: Iterable[Command], *, typed_first: bool = False) -> list[BindingType]:
    """The commands' bindings. ``typed_first``: the typed keys are priority bindings, run as
    the app takes the key, so a screen a key opens (or a field it focuses) is in front before
    the app hands on the next keys of a burst ("nAnn Lee" or "/kim" pasted or typed fast):
    they reach its field (``ui.early_keys``). A typed key meant for a focused text field
    goes to the field first (``FollowupApp.on_event``)."""
    return [command.binding(priority=typed_first and command.typed) for command in commands]


#: In footer order: the most used keys first, so a narrow terminal keeps them.
MAIN_COMMANDS: tuple[Command, ...] = (
    Command(
        "l",
        "log_attempt",
        "attempt: Log an attempt",
        "Log attempt",
        "Record a call or an e-mail",
        needs=Needs.LISTED_CONTACT,
        words="call phone dial e-mail email message voicemail reached record outcome",
    ),
    Command(
        "n",
        "new_contact",
        "contacts: New contact",
        "New contact",
        "Add a person to follow up with",
        needs=Needs.LOADED,
        words="add create person people someone new",
    ),
    Command(
        "slash",
        "filter",
        "view: Filter contacts",
        "Filter",
        "Show contacts matching a text",
        key_display="/",
        needs=Needs.LISTED,
        words="search find look up tag company",
    ),
    Command(
        "question_mark",
        "help",
        "app: Help",
        "Help",
        "Every key of this screen",
        key_display="?",
        words="keys shortcuts bindings",
    ),
    Command(
        "e",
        "edit_contact",
        "contacts: Edit contact",
        "Edit",
        "Edit the highlighted contact",
        needs=Needs.CONTACT,
        words="change modify update rename fix",
    ),
    Command(
        "delete",
        "delete_contact",
        "contacts: Delete contact",
        "Delete",
        "Delete the highlighted contact and their attempts, after asking",
        needs=Needs.CONTACT,
        words="remove erase forget",
    ),
    Command(
        "ctrl+o",
        "import_contacts",
        "contacts: Import contacts…",
        "Import contacts",
        "Add contacts from LinkedIn Connections.csv, a CSV, a vCard or a followup-tui JSON file",
        show=False,
        needs=Needs.LOADED,
        words="import load csv linkedin vcard vcf file open",
    ),
    Command(
        "ctrl+e",
        "export",
        "file: Export…",
        "Export",
        "Write everything (JSON), the attempt history (CSV) or the follow-ups calendar (ICS) "
        "to a file",
        show=False,
        needs=Needs.LOADED,
        words="export backup save as copy csv spreadsheet calendar ics ical json file write",
    ),
    Command(
        "h",
        "toggle_heatmap",
        "view: Toggle heatmap scope",
        "Heatmap scope",
        "Reachability of this contact or of all contacts",
        needs=Needs.LOADED,
        words="reachability hours when pick up all everyone",
    ),
    Command(
        "g",
        "insights",
        "view: Insights",
        "Insights",
        "How the search is going: when people pick up, caller ID, attempts, activity",
        show=False,
        needs=Needs.LOADED,
        words="stats statistics charts report progress",
    ),
    Command(
        "u",
        "undo_attempt",
        "attempt: Undo last attempt",
        "Undo",
        "Remove the last attempt logged in this session",
        needs=Needs.LOADED,
        words="undo revert mistake take back oops",
    ),
    Command(
        "r",
        "retry_saves",
        "attempt: Retry saving",
        "Retry saving",
        "Save again the attempts marked unsaved",
        show=False,
        needs=Needs.UNSAVED,
        words="save again unsaved",
    ),
    Command(
        "q", "request_quit", "app: Quit", "Quit", "Leave followup-tui", words="exit leave close bye"
    ),
    Command(
        "tab",
        "next_pane",
        "view: Next pane",
        "Next pane",
        "Move the focus to the next pane",
        show=False,
        words="focus switch move",
    ),
    Command(
        "shift+tab",
        "previous_pane",
        "view: Previous pane",
        "Previous pane",
        "Move the focus to the previous pane",
        show=False,
        words="focus switch move back",
    ),
    Command(
        "escape",
        "clear_filter",
        "view: Clear the filter",
        "Clear the filter",
        "Show every contact again",
        show=False,
        words="reset show all everyone",
    ),
    # -- the call session ------------------------------------------------------------------
    Command(
        "c",
        "call_session",
        "attempt: Start a call session",
        "Call session",
        "Call who is due, one key per outcome (the filtered contacts when filtering)",
        words="call phone dial session queue due who is due ring",
        show=False,
        needs=Needs.LOADED,
    ),
    Command(
        "exclamation_mark",
        "show_problems",
        "file: Problems in the data file",
        "Problems",
        "Every value of the data file that is ignored, with its record and field",
        words="problems errors warnings bad values ignored file check",
        key_display="!",
        show=False,
        needs=Needs.LOADED,
    ),
    Command(
        "f",
        "next_step",
        "contacts: Set the next step",
        "Next step",
        "Set the day and the words of the highlighted contact's next step",
        words="next step follow up schedule date plan remind",
        show=False,
        needs=Needs.CONTACT,
    ),
    Command(
        "t",
        "today",
        "view: Today",
        "Today",
        "The day's work: thank-you notes, who is due and when to call, who needs a next step",
        words="today due overdue agenda day plan tasks who to call",
        show=False,
        needs=Needs.LOADED,
    ),
    Command(
        "s",
        "settings",
        "app: Settings",
        "Settings",
        "Working hours, holidays, rule days, caller ID and the default cadence",
        words="settings preferences options working hours holidays caller id prefix cadence rules",
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
        words="interview met meeting thank you people",
        show=False,
        needs=Needs.LOADED,
    ),
    Command(
        "w",
        "news_bank",
        "news: News bank",
        "News",
        "Your own news to tell people: add, edit, delete",
        words="news bank accomplishments updates talking points",
        show=False,
        needs=Needs.LOADED,
    ),
    Command(
        "I",
        "interviews",
        "interview: Interviews and thank-you e-mails",
        "Interviews",
        "Every interview with the thank-you e-mails still owed: edit, delete, drafts",
        words="interviews thank you e-mails owed tasks",
        show=False,
        needs=Needs.LOADED,
    ),
    Command(
        "y",
        "copy_thank_you",
        "interview: Copy the thank-you draft",
        "Copy thank-you",
        "Copy the draft of the thank-you e-mail owed to the highlighted contact",
        words="copy thank you draft email clipboard",
        show=False,
        needs=Needs.CONTACT,
    ),
    Command(
        "m",
        "mail_thank_you",
        "interview: Open the thank-you draft in mail",
        "Mail thank-you",
        "Open the thank-you e-mail owed to the highlighted contact in the mail client",
        words="mail thank you draft email open mailto",
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
        Needs.LISTED_CONTACT: (loaded or listed) and selected,
        Needs.UNSAVED: unsaved,
    }[needs]


#: How a hit found by its words ranks against one found by its title.
WORDS_WEIGHT = 0.8


def _word_score(query: str, command: Command) -> float:
    """1 when every word typed starts a word of the command (title or words), else 0."""
    typed = query.casefold().split()
    if not typed:
        return 0.0
    known = f"{command.title} {command.words}".casefold().replace(":", " ").split()
    return 1.0 if all(any(k.startswith(t) for k in known) for t in typed) else 0.0


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
            # The title first; the words a user may type instead find it a little lower.
            score = max(matcher.match(command.title), WORDS_WEIGHT * _word_score(query, command))
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(command.title),
                    partial(self._run, command.action),
                    text=command.title,
                    help=self._help(command),
                )


#: The keys of a call session (``ui.screens.call_session``): outcome keys log and advance. The
#: outcome keys are listed on the screen itself, above the timer, not in the footer: with them
#: the footer is wider than 120 columns, and the keys after them were cut off.
SESSION_COMMANDS: tuple[Command, ...] = (
    Command("1", "outcome('1')", "call: Reached", "reached", "Log: reached, and go on", show=False),
    Command(
        "2", "outcome('2')", "call: Voicemail", "voicemail", "Log: voicemail, and go on", show=False
    ),
    Command(
        "3", "outcome('3')", "call: No answer", "no answer", "Log: no answer, and go on", show=False
    ),
    Command("4", "outcome('4')", "call: Busy", "busy", "Log: busy, and go on", show=False),
    Command(
        "5",
        "outcome('5')",
        "call: Gatekeeper",
        "gatekeeper",
        "Log: gatekeeper, and go on",
        show=False,
    ),
    Command(
        "6",
        "outcome('6')",
        "call: Wrong number",
        "wrong no.",
        "Log: wrong number, and go on",
        show=False,
    ),
    Command(
        "7",
        "email_sent",
        "call: E-mail sent",
        "e-mail sent",
        "Log an e-mail sent, go on",
        show=False,
    ),
    Command("s", "skip", "call: Skip", "skip", "Nothing logged; back at the end of the queue once"),
    Command("u", "undo", "call: Undo", "undo", "Take back the last outcome of this session"),
    Command("y", "copy_dial", "call: Copy the number", "copy", "Copy the dial string", show=False),
    Command(
        "f",
        "next_step",
        "call: Set the next step",
        "next step",
        "Set the day and the words of this contact's next step",
        words="next step follow up schedule date plan",
    ),
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
