"""What the contact and attempt forms share: a field row with its error line under it, errors
shown and cleared, and save or cancel by key or button (PRODUCT.md section 3, Forms).

``ctrl+s`` saves from any field; ``enter`` saves from a one-line field and from the Save button
(the last stop of ``tab``); ``escape`` cancels, and asks first when something was changed;
``ctrl+c`` copies the selected text, or says how to cancel or quit when nothing is selected."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TypeVar

from textual import events, on
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
from followup_tui.ui.screens.confirm import ConfirmScreen

ResultT = TypeVar("ResultT")


def literal(text: object) -> Content:
    """User text as content that is never read as markup, with control characters removed."""
    return Content(clean_line(text))


def form_title(title: str | Content) -> Static:
    """The form's title line (text as given: never read as markup)."""
    return Static(title, id="form-title", classes="form-title", markup=False)


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
        # priority: a Select's open list or a TextArea never keeps ctrl+s from saving.
        Binding("ctrl+s", "save", "Save", id="form-save", priority=True),
        Binding("escape", "cancel", "Cancel", id="form-cancel"),
        # priority: the focus moves as the app takes the key, so the letters pasted or typed
        # fast after a tab ("Ann<tab>Acme") go into the next field, not the one left.
        Binding("tab", "app.focus_next", "Next field", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True),
        # Reached when the focused field had no selection to copy (it copies its own).
        Binding("ctrl+c,super+c", "copy_or_explain", "Copy", show=False, id="form-copy"),
    ]

    #: Asked before a changed form is thrown away.
    DISCARD_QUESTION = "Discard what you typed in this form?"

    #: The fields, in order, each with an error line ``#error-<field>`` (see ``field_row``).
    FIELDS: tuple[str, ...] = ()

    _initial: dict[str, str] | None = None
    _checked_values: dict[str, str] = {}  # replaced per form by show_errors, never mutated

    def build(self) -> ResultT:
        """The result as typed; ``FormInvalid`` when a field is wrong."""
        raise NotImplementedError

    def show_errors(self, errors: Mapping[str, str]) -> None:
        """Show each error under its field and clear the others; focus the first invalid field."""
        first: str | None = None
        # A change message of the value the errors were found in may still be queued (a key
        # typed just before ctrl+s): it must not clear them.
        self._checked_values = self.field_values()
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

    def clear_errors(self) -> None:
        """Hide every error shown (a save with no error): only the lines that show one are
        touched, so a form that showed none closes without redrawing its fields."""
        self._checked_values = {}
        for label in self.query(".form-error.-shown").results(Static):
            label.update(Content(""))
            label.remove_class("-shown")

    def clear_error(self, field: str | None) -> None:
        """Hide the error of a field the user is changing."""
        if not field:
            return
        for label in self.query(f"#error-{field}").results(Static):
            if label.has_class("-shown"):
                label.update(Content(""))
                label.remove_class("-shown")

    def field_values(self) -> dict[str, str]:
        """Every field as it stands (hidden or disabled ones included), as text."""
        out: dict[str, str] = {}
        for field in self.FIELDS:
            for widget in self.query(f"#{field}"):
                if isinstance(widget, Input):
                    out[field] = widget.value
                elif isinstance(widget, TextArea):
                    out[field] = widget.text
                elif isinstance(widget, Select):
                    value = widget.value
                    out[field] = "" if value is Select.NULL else str(value)
        return out

    def changed_fields(self) -> set[str]:
        """The fields whose value differs from what the form opened with."""
        initial = self._initial or {}
        return {f for f, v in self.field_values().items() if initial.get(f, v) != v}

    def _on_mount(self, event: events.Mount) -> None:
        # Before any key: what the form opened with, to know later what the user changed.
        self._initial = self.field_values()

    def _reset_focus(self, widget: Widget, avoiding: list[Widget] | None = None) -> None:
        # Textual moves the focus away from a removed field, restyling the field's part of the
        # form. A closed form is off the screen stack and about to be removed whole: restyling
        # it would only delay the frame that shows the main screen again.
        if self not in self.app.screen_stack:
            return
        super()._reset_focus(widget, avoiding)

    # -- events -------------------------------------------------------------------------

    @on(Input.Changed)
    @on(Select.Changed)
    @on(TextArea.Changed)
    def _field_changed(self, event: Input.Changed | Select.Changed | TextArea.Changed) -> None:
        field = event.control.id if event.control else None
        checked = self._checked_values
        if field and field in checked and self.field_values().get(field) == checked[field]:
            return  # the value the error is about: still wrong
        self.clear_error(field)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Light the row of the focused field (its label; the field draws its own bar)."""
        for row in self.query(".form-row"):
            row.set_class(event.widget in row.children, "-focused")

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
        self.clear_errors()
        self.valid(result)

    def valid(self, result: ResultT) -> None:
        """The form was saved with no error: close it with the result (a form may ask first)."""
        self.dismiss(result)

    def action_cancel(self) -> None:
        if not self.changed_fields():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen(self.DISCARD_QUESTION), answered)

    def action_copy_or_explain(self) -> None:
        """ctrl+c: copy what the mouse selected; with nothing selected, say what to press."""
        selected = self.get_selected_text()
        if selected:
            self.app.copy_to_clipboard(selected)
            self.notify("Copied.", timeout=2)
            return
        self.notify(
            "ctrl+c copies selected text. To leave this form press escape; "
            "to quit followup-tui press ctrl+q.",
            title="Nothing selected",
            timeout=5,
            markup=False,
        )
