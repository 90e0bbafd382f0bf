"""Fields of a contact that the user and another copy both changed: for each, keep mine or
theirs."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, RadioButton, RadioSet, Static

from followup_tui.domain.text import clean_line
from followup_tui.storage.edits import FieldConflict
from followup_tui.ui.widgets.key_legend import form_keys

#: The contact form's words for the document fields.
FIELD_LABELS: dict[str, str] = {
    "name": "Name",
    "company": "Company",
    "title": "Title",
    "phones": "Phones",
    "emails": "E-mails",
    "timezone": "Time zone",
    "status": "Status",
    "closed_reason": "Close reason",
    "cadence_days": "Cadence days",
    "tags": "Tags",
    "linkedin_url": "LinkedIn",
    "notes": "Notes",
    "next_step": "Next step",
    "next_step_on": "Next step on",
    "paused_until": "Paused until",
}

_SHOWN = 60


def value_text(value: Any) -> str:
    """A stored value in one short line: lists joined, nothing as ``(empty)``."""
    if isinstance(value, list | tuple):
        text = ", ".join(str(v) for v in value)
    elif value is None:
        text = ""
    else:
        text = str(value)
    text = clean_line(text)
    if len(text) > _SHOWN:
        text = text[: _SHOWN - 1] + "…"
    return text or "(empty)"


class FieldConflictScreen(ModalScreen[dict[str, bool]]):
    """One choice per conflicting field, "mine" chosen at first. Dismisses with
    ``{field: True}`` for the fields where the user keeps their own value; escape keeps
    theirs for every field (an empty answer)."""

    AUTO_FOCUS = "RadioSet"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save choices", id="conflicts-save"),
        Binding("escape", "keep_theirs", "Keep theirs", id="conflicts-theirs"),
    ]

    def __init__(self, name: str, conflicts: tuple[FieldConflict, ...]) -> None:
        super().__init__(classes="form-screen")
        self.contact_name = name
        self.conflicts = conflicts

    def compose(self) -> ComposeResult:
        count = len(self.conflicts)
        with Vertical(id="conflicts", classes="form"):
            yield Static(
                Content.assemble(
                    "Changed meanwhile by another copy · ", Content(clean_line(self.contact_name))
                ),
                classes="form-title",
            )
            yield Label(
                f"{'This field' if count == 1 else f'These {count} fields'} changed in the file "
                "while you edited. Your other changes are saved; choose what to keep here.",
                markup=False,
                classes="conflicts-intro",
            )
            with VerticalScroll(classes="form-body"):
                for conflict in self.conflicts:
                    label = FIELD_LABELS.get(conflict.field, conflict.field)
                    with Horizontal(classes="form-row conflict-row"):
                        yield Label(label, classes="form-label", markup=False)
                        yield RadioSet(
                            RadioButton(Content(f"mine: {value_text(conflict.mine)}"), value=True),
                            RadioButton(Content(f"theirs: {value_text(conflict.theirs)}")),
                            id=f"conflict-{conflict.field}",
                        )
            with Horizontal(classes="form-buttons"):
                yield Button("Save choices", variant="primary", id="save", compact=True)
                yield form_keys(
                    ("↑↓ space", "choose"),
                    ("tab", "next field"),
                    ("ctrl+s", "save"),
                    ("esc", "keep theirs"),
                )

    def choices(self) -> dict[str, bool]:
        """``{field: True}`` where "mine" is chosen."""
        mine: dict[str, bool] = {}
        for conflict in self.conflicts:
            radios = self.query_one(f"#conflict-{conflict.field}", RadioSet)
            if radios.pressed_index == 0:
                mine[conflict.field] = True
        return mine

    def action_save(self) -> None:
        self.dismiss(self.choices())

    def action_keep_theirs(self) -> None:
        self.dismiss({})

    @on(Button.Pressed, "#save")
    def _save_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save()
