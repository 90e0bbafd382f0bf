"""A yes/no question, e.g. before deleting a contact."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from followup_tui.domain.text import clean_text


class ConfirmScreen(ModalScreen[bool]):
    """Ask ``question``; ``y`` or enter answer yes (True), ``n`` or escape answer no (False)."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm-yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm-no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__(classes="form-screen")
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm", classes="form"):
            yield Static(
                Content(clean_text(self.question, multiline=True)),
                id="confirm-question",
                markup=False,
            )
            with Horizontal(classes="form-buttons"):
                # Not focusable: enter always means yes, whatever had the focus.
                yes = Button("Yes (y)", variant="error", id="yes", compact=True)
                no = Button("No (n)", id="no", compact=True)
                yes.can_focus = False
                no.can_focus = False
                yield yes
                yield no

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    @on(Button.Pressed, "#yes")
    def _yes(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def _no(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(False)
