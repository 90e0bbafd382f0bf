"""Command palette (ctrl+p): every action of the main screen, with namespaced titles."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


@dataclass(frozen=True, slots=True)
class PaletteCommand:
    title: str
    """Namespaced title, e.g. ``contact: New contact``."""
    action: str
    """Action run on the screen the palette was opened from."""
    help: str


MAIN_COMMANDS: tuple[PaletteCommand, ...] = (
    PaletteCommand("contact: New contact", "new_contact", "Add a person to follow up with (n)"),
    PaletteCommand("contact: Edit contact", "edit_contact", "Edit the highlighted contact (e)"),
    PaletteCommand(
        "contact: Delete contact",
        "delete_contact",
        "Delete the highlighted contact and their attempts, after asking (delete)",
    ),
    PaletteCommand(
        "contacts: Import contacts…",
        "import_contacts",
        "Add contacts from LinkedIn Connections.csv, a CSV, a vCard or a followup-tui JSON "
        "file (ctrl+o)",
    ),
    PaletteCommand("attempt: Log an attempt", "log_attempt", "Record a call or an e-mail (l)"),
    PaletteCommand(
        "attempt: Undo last attempt",
        "undo_attempt",
        "Remove the last attempt logged in this session (u)",
    ),
    PaletteCommand(
        "attempt: Retry saving", "retry_saves", "Save again the attempts marked unsaved (r)"
    ),
    PaletteCommand("view: Filter contacts", "filter", "Show contacts matching a text (/)"),
    PaletteCommand(
        "view: Toggle heatmap scope",
        "toggle_heatmap",
        "Reachability of this contact or of all contacts (h)",
    ),
    PaletteCommand(
        "view: Insights",
        "insights",
        "How the search is going: when people pick up, caller ID, attempts, activity (g)",
    ),
    PaletteCommand("view: Clear the filter", "clear_filter", "Show every contact again (escape)"),
    PaletteCommand("view: Next pane", "next_pane", "Move the focus to the next pane (tab)"),
    PaletteCommand(
        "view: Previous pane", "previous_pane", "Move the focus to the previous pane (shift+tab)"
    ),
    PaletteCommand("app: Help", "help", "Every key of this screen (?)"),
    PaletteCommand("app: Quit", "request_quit", "Leave followup-tui (q)"),
)


class MainCommands(Provider):
    """The main screen's actions."""

    async def _run(self, action: str) -> None:
        await self.screen.run_action(action)

    async def discover(self) -> Hits:
        for command in MAIN_COMMANDS:
            yield DiscoveryHit(command.title, partial(self._run, command.action), help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in MAIN_COMMANDS:
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(command.title),
                    partial(self._run, command.action),
                    text=command.title,
                    help=command.help,
                )
