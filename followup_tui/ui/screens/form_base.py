"""What the contact and attempt forms share: a field row with its error line under it, errors
shown and cleared, and save or cancel by key or button."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from followup_tui.domain.text import clean_line
from followup_tui.domain.validation import FieldError
from followup_tui.domain.whentext import format_when, parse_when
from followup_tui.domain.zones import zone

ResultT = TypeVar("ResultT")


def literal(text: object) -> Content:
    """User text as content that is never read as markup, with control characters removed."""
    return Content(clean_line(text))


def field_row(label: str, widget: Widget, field: str) -> ComposeResult:
    """A label and its widget on one line, with the field's error line right under it."""
    with Horizontal(classes="form-row", id=f"row-{field}"):
        yield Label(label, classes="form-label", markup=False)
        yield widget
    yield Static("", id=f"error-{field}", classes="form-error", markup=False)


def when_preview(text: str, now: datetime, user_zone: str) -> Content:
    """What a typed time means (``= Thu 2026-11-26 09:05 (America/New_York)``); empty while it
    cannot be read (the error shows when saving)."""
    try:
        instant = parse_when(text, now, user_zone)
    except FieldError:
        return Content("")
    local = instant.astimezone(zone(user_zone))
    return Content(f"= {local:%a} {format_when(instant, user_zone)} ({user_zone})")


class FormInvalid(Exception):
    """What is wrong with a form, field by field."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


class FormScreen(ModalScreen[ResultT | None]):
    """A form over the main screen. ``build`` reads the fields into the result or raises
    ``FormInvalid``; saving shows the errors under their fields, or dismisses with the result.
    Cancelling dismisses with None."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form-save"),
        Binding("escape", "cancel", "Cancel", id="form-cancel"),
    ]

    #: The fields, in order, each with an error line ``#error-<field>`` (see ``field_row``).
    FIELDS: tuple[str, ...] = ()

    def build(self) -> ResultT:
        """The result as typed; ``FormInvalid`` when a field is wrong."""
        raise NotImplementedError

    def show_errors(self, errors: Mapping[str, str]) -> None:
        """Show each error under its field and clear the others; focus the first invalid field."""
        first: str | None = None
        for field in self.FIELDS:
            label = self.query_one(f"#error-{field}", Static)
            message = errors.get(field)
            label.update(Content(message) if message else Content(""))
            label.set_class(bool(message), "-shown")
            if message and first is None:
                first = field
        focused = self.focused
        if first is not None and (focused is None or focused.id not in errors):
            # Move to the first invalid field, unless the user is already in an invalid one.
            widget = self.query_one(f"#{first}")
            if widget.focusable:
                widget.focus()

    def clear_error(self, field: str | None) -> None:
        """Hide the error of a field the user is changing."""
        if not field:
            return
        for label in self.query(f"#error-{field}").results(Static):
            if label.has_class("-shown"):
                label.update(Content(""))
                label.remove_class("-shown")

    # -- events -------------------------------------------------------------------------

    @on(Input.Changed)
    @on(Select.Changed)
    @on(TextArea.Changed)
    def _field_changed(self, event: Input.Changed | Select.Changed | TextArea.Changed) -> None:
        self.clear_error(event.control.id if event.control else None)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#save")
    def _save_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()

    # -- actions ------------------------------------------------------------------------

    def action_save(self) -> None:
        try:
            result = self.build()
        except FormInvalid as exc:
            self.show_errors(exc.errors)
            return
        self.show_errors({})
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)
