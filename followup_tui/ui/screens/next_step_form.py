"""The next-step form (``f``, PRODUCT.md section 5): the day to follow up and a few words.

The day takes what ``followup-tui next --on`` takes (``rules.parse_day``): 2026-12-07, today,
tomorrow, a weekday, +3, 2w. Both fields empty clears the next step.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label

from followup_tui.domain.models import Contact
from followup_tui.domain.rules import MAX_NEXT_STEP, day_words, parse_day
from followup_tui.domain.text import clean_line
from followup_tui.ui.screens.form_base import (
    FormInvalid,
    FormScreen,
    field_row,
    form_title,
    literal,
)
from followup_tui.ui.widgets.key_legend import form_keys


@dataclass(frozen=True, slots=True)
class NextStep:
    """A next step as typed: ``on`` None clears it."""

    on: date | None
    step: str = ""

    def applied_to(self, contact: Contact) -> Contact:
        return replace(contact, next_step_on=self.on, next_step=self.step if self.on else "")


class NextStepForm(FormScreen[NextStep]):
    """Set (or clear) the next step of ``contact``; dismisses with a NextStep, or None when
    cancelled. ``today`` is the user's day (the day words and ``parse_day`` count from it)."""

    FIELDS: tuple[str, ...] = ("next_step_on", "next_step")

    def __init__(self, contact: Contact, *, today: date) -> None:
        super().__init__(classes="form-screen")
        self.contact = contact
        self.today = today
        self._typed_on = contact.next_step_on.isoformat() if contact.next_step_on else ""

    def compose(self) -> ComposeResult:
        with Vertical(id="next-step-form", classes="form"):
            yield form_title(Content.assemble("Next step · ", literal(self.contact.name)))
            with Vertical(classes="form-body"):
                yield from field_row(
                    "Day",
                    Input(
                        self._typed_on,
                        placeholder="2026-12-07, today, tomorrow, mon, +3, 2w; empty clears",
                        id="next_step_on",
                        compact=True,
                    ),
                    "next_step_on",
                )
                yield Label("", id="next-step-preview", classes="form-hint", markup=False)
                yield from field_row(
                    "What",
                    Input(
                        clean_line(self.contact.next_step or ""),
                        placeholder="a few words, e.g. call after the board meeting",
                        max_length=MAX_NEXT_STEP,
                        id="next_step",
                        compact=True,
                    ),
                    "next_step",
                )
            with Horizontal(classes="form-buttons"):
                yield Button("Save", variant="primary", id="save", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
                yield form_keys(("enter/ctrl+s", "save"), ("esc", "cancel"))

    def on_mount(self) -> None:
        self._preview(self.query_one("#next_step_on", Input).value)
        self.query_one("#next_step_on", Input).focus()

    def _day(self, text: str) -> date | None:
        """The typed day; None when empty. The day the form opened with is kept as it is,
        even when it has passed. ``ValueError`` when it is not a day."""
        if not text.strip():
            return None
        if text.strip() == self._typed_on and self.contact.next_step_on is not None:
            return self.contact.next_step_on
        return parse_day(text, self.today)

    def _preview(self, text: str) -> None:
        preview = self.query_one("#next-step-preview", Label)
        try:
            day = self._day(text)
        except ValueError:
            preview.update(Content(""))
            return
        if day is None:
            words = "no next step" if not self.contact.next_step_on else "clears the next step"
            preview.update(Content(f"= {words}"))
        else:
            preview.update(Content(f"= {day_words(day, self.today)} ({day.isoformat()})"))

    @on(Input.Changed, "#next_step_on")
    def _day_changed(self, event: Input.Changed) -> None:
        self._preview(event.value)

    def build(self) -> NextStep:
        typed = self.query_one("#next_step_on", Input).value
        step = clean_line(self.query_one("#next_step", Input).value)
        errors: dict[str, str] = {}
        day: date | None = None
        try:
            day = self._day(typed)
        except ValueError as exc:
            errors["next_step_on"] = str(exc)
        if day is None and step and "next_step_on" not in errors:
            errors["next_step_on"] = "give the day of this step (empty both fields to clear)"
        if len(step) > MAX_NEXT_STEP:
            errors["next_step"] = f"at most {MAX_NEXT_STEP} characters"
        if errors:
            raise FormInvalid(errors)
        return NextStep(day, step)
