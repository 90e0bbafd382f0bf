"""The data file was replaced or moved away while the app had it open: what now?"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from followup_tui.domain.text import clean_text
from followup_tui.ui.text import plural

#: The answers, as ``FileLostScreen`` dismisses with them.
REOPEN = "reopen"
WRITE_BACK = "write_back"
QUIT = "quit"


class FileLostScreen(ModalScreen[str]):
    """Nothing is saved until the user chooses: ``o`` go on with the file now at the path (a
    new empty one when nothing is there), ``w`` put the file as last read back with the
    changes not saved yet (only when nothing is at the path), ``q`` quit."""

    BINDINGS = [
        Binding("o", f"choose('{REOPEN}')", "Open the file at the path", id="lost-reopen"),
        Binding("w", f"choose('{WRITE_BACK}')", "Put the file back", id="lost-write-back"),
        Binding("q", f"choose('{QUIT}')", "Quit", id="lost-quit"),
    ]

    def __init__(self, error: str, *, gone: bool, can_write_back: bool, unsaved: int) -> None:
        super().__init__(classes="form-screen")
        self.error = error
        self.gone = gone
        self.can_write_back = can_write_back
        self.unsaved = unsaved

    def ask(self, error: str, *, gone: bool, can_write_back: bool, unsaved: int) -> None:
        """The question again, as things are now (the file at the path changed meanwhile)."""
        self.error = error
        self.gone = gone
        self.can_write_back = can_write_back
        self.unsaved = unsaved
        if self.is_mounted:
            self.refresh(recompose=True)

    def question(self) -> str:
        what = (
            "The data file was moved or deleted while followup-tui had it open."
            if self.gone
            else "Another file was put in place of the data file while followup-tui had it open."
        )
        waiting = (
            f"{plural(self.unsaved, 'change')} not saved yet wait for your choice."
            if self.unsaved
            else "Nothing is waiting to be saved."
        )
        return f"{what}\nNothing is saved until you choose. {waiting}\n\n({self.error})"

    def reopen_text(self) -> str:
        text = (
            "o  Start a new, empty data file at the path"
            if self.gone
            else "o  Open the file now at the path"
        )
        if self.unsaved:
            text += (
                f" ({plural(self.unsaved, 'change')} not saved yet belong to the other file and "
                "are dropped)"
            )
        return text

    def compose(self) -> ComposeResult:
        with Vertical(id="file-lost", classes="form"):
            yield Static(Content("Data file replaced or gone"), classes="form-title")
            yield Static(
                Content(clean_text(self.question(), multiline=True)),
                id="file-lost-question",
                markup=False,
            )
            reopen = Button(self.reopen_text(), id="reopen", compact=True)
            back = Button(
                "w  Put the file back as last read, with the changes not saved yet",
                id="write-back",
                compact=True,
            )
            back.disabled = not self.can_write_back
            leave = Button(
                f"q  Quit ({plural(self.unsaved, 'change')} not saved are lost)"
                if self.unsaved
                else "q  Quit",
                id="quit",
                compact=True,
            )
            for button in (reopen, back, leave):
                button.can_focus = False  # one key per choice, whatever has the focus
                yield button

    def action_choose(self, answer: str) -> None:
        if answer == WRITE_BACK and not self.can_write_back:
            self.notify(
                "Something is at the path now: it is not overwritten. Move it away first, "
                "or open it (o).",
                severity="warning",
                timeout=6,
            )
            return
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        answers = {"reopen": REOPEN, "write-back": WRITE_BACK, "quit": QUIT}
        if event.button.id in answers:
            self.action_choose(answers[event.button.id])
