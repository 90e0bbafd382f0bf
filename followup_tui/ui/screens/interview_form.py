"""The interview form (``i``): the company, when, the people met and notes (PRODUCT.md section 8).

People are picked by typing: the line under the field says what ``enter`` will do (add an
existing contact, or create a new one with just that name); ``backspace`` in the empty field
takes the last person off. Each person met gets a thank-you e-mail task, due within 24 hours.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Static, TextArea

from followup_tui.domain.interviews import check_interview
from followup_tui.domain.models import Contact, Interview
from followup_tui.domain.text import clean_line
from followup_tui.domain.validation import FormErrors
from followup_tui.domain.whentext import format_when
from followup_tui.ui.changes import InterviewSave
from followup_tui.ui.screens.form_base import (
    FormInvalid,
    FormScreen,
    field_row,
    form_title,
    literal,
    when_preview,
)
from followup_tui.ui.widgets.key_legend import form_keys

#: How many matching contacts the hint under the people field names.
MATCHES_SHOWN = 3


def pick_contact(typed: str, contacts: Mapping[int, Contact]) -> Contact | None:
    """The existing contact ``typed`` names: the one whose name it is (any case), else the
    only one whose name starts with it; None means a new person."""
    key = clean_line(typed).strip().casefold()
    if not key:
        return None
    exact = [c for c in contacts.values() if c.name.strip().casefold() == key]
    if exact:
        return min(exact, key=lambda c: c.id or 0)
    starts = [c for c in contacts.values() if c.name.casefold().startswith(key)]
    return starts[0] if len(starts) == 1 else None


class InterviewForm(FormScreen[InterviewSave]):
    """Record (or edit) an interview. Dismisses with an ``InterviewSave`` or None."""

    FIELDS: tuple[str, ...] = ("company", "at", "people", "notes")

    def __init__(
        self,
        contacts: Mapping[int, Contact],
        *,
        now: datetime,
        user_zone: str,
        interview: Interview | None = None,
        preset: Contact | None = None,
    ) -> None:
        super().__init__(classes="form-screen")
        self.contacts = contacts
        self.now = now
        self.user_zone = user_zone
        self.interview = interview
        self.people: list[int] = []
        self.new_names: list[str] = []
        if interview is not None:
            self.people = [c for c in interview.contact_ids if c in contacts]
        elif preset is not None and preset.id is not None:
            self.people = [preset.id]
        self.preset_company = interview.company if interview else (preset.company if preset else "")

    def compose(self) -> ComposeResult:
        editing = self.interview is not None
        names = sorted({clean_line(c.name) for c in self.contacts.values() if c.name})
        at = format_when(self.interview.at, self.user_zone) if self.interview else "now"
        with Vertical(id="interview-form", classes="form"):
            yield form_title("Edit interview" if editing else "Record an interview")
            with VerticalScroll(classes="form-body"):
                yield from field_row(
                    "Company",
                    Input(self.preset_company, placeholder="e.g. Acme", id="company", compact=True),
                    "company",
                )
                yield from field_row(
                    "When",
                    Input(
                        at,
                        placeholder="now, 14:30, yesterday 9:15, mon 14:00, 2026-11-20 14:00",
                        id="at",
                        compact=True,
                    ),
                    "at",
                )
                yield Label("", id="at-preview", classes="form-hint", markup=False)
                yield from field_row(
                    "People met",
                    Input(
                        placeholder="type a name, enter adds (→ completes)",
                        id="people",
                        compact=True,
                        suggester=SuggestFromList(names, case_sensitive=False),
                    ),
                    "people",
                )
                yield Label("", id="people-hint", classes="form-hint", markup=False)
                yield Static("", id="people-list", classes="form-hint", markup=False)
                yield from field_row(
                    "Notes",
                    TextArea(
                        self.interview.notes if self.interview else "",
                        id="notes",
                        soft_wrap=True,
                        show_line_numbers=False,
                        compact=True,
                    ),
                    "notes",
                )
            with Horizontal(classes="form-buttons"):
                yield Button("Save", variant="primary", id="save", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
                yield form_keys(("ctrl+s", "save"), ("esc", "cancel"))

    def on_mount(self) -> None:
        self._update_preview(self.query_one("#at", Input).value)
        self._show_people()
        self._update_hint("")
        self.query_one("#company" if not self.preset_company else "#people", Input).focus()

    # -- people ---------------------------------------------------------------------------

    def _show_people(self) -> None:
        parts = [Content("  ")]
        names = [literal(self.contacts[cid].name) for cid in self.people if cid in self.contacts]
        names += [Content.assemble(literal(n), " (new)") for n in self.new_names]
        if names:
            parts.append(Content(", ").join(names))
            parts.append(Content("  (backspace in the empty field: take the last off)"))
        else:
            parts.append(Content("nobody yet"))
        self.query_one("#people-list", Static).update(Content.assemble(*parts))

    def _update_hint(self, typed: str) -> None:
        hint = self.query_one("#people-hint", Label)
        text = clean_line(typed).strip()
        if not text:
            hint.update(Content(""))
            return
        found = pick_contact(text, self.contacts)
        if found is not None:
            about = f" ({clean_line(found.company)})" if found.company else ""
            hint.update(Content.assemble("  enter adds ", literal(found.name), about))
            return
        key = text.casefold()
        similar = [c.name for c in self.contacts.values() if key in c.name.casefold()]
        line = Content.assemble("  enter creates a new contact: ", literal(text))
        if similar:
            shown = ", ".join(clean_line(n) for n in similar[:MATCHES_SHOWN])
            line = Content.assemble(line, f" · or type more: {shown}")
        hint.update(line)

    def add_person(self, typed: str) -> bool:
        """Add the person ``typed`` names (existing or new); False if nothing was typed."""
        text = clean_line(typed).strip()
        if not text:
            return False
        found = pick_contact(text, self.contacts)
        if found is not None and found.id is not None:
            if found.id not in self.people:
                self.people.append(found.id)
        elif text.casefold() not in (n.casefold() for n in self.new_names):
            self.new_names.append(text)
        field = self.query_one("#people", Input)
        field.value = ""
        self._show_people()
        self.clear_error("people")
        return True

    def remove_last_person(self) -> None:
        if self.new_names:
            self.new_names.pop()
        elif self.people:
            self.people.pop()
        self._show_people()

    # -- events -------------------------------------------------------------------------

    @on(Input.Submitted, "#people")
    def _person_entered(self, event: Input.Submitted) -> None:
        event.stop()
        event.prevent_default()  # enter adds the person; it does not save the form
        self.add_person(event.value)

    @on(Input.Changed, "#people")
    def _person_typed(self, event: Input.Changed) -> None:
        self._update_hint(event.value)

    @on(Input.Changed, "#at")
    def _when_changed(self, event: Input.Changed) -> None:
        self._update_preview(event.value)

    def on_key(self, event: events.Key) -> None:
        focused = self.focused
        if (
            event.key == "backspace"
            and isinstance(focused, Input)
            and focused.id == "people"
            and not focused.value
        ):
            event.stop()
            event.prevent_default()
            self.remove_last_person()

    def _update_preview(self, text: str) -> None:
        self.query_one("#at-preview", Label).update(when_preview(text, self.now, self.user_zone))

    # -- saving -------------------------------------------------------------------------

    def build(self) -> InterviewSave:
        self.add_person(self.query_one("#people", Input).value)  # typed, not yet entered
        try:
            interview, new_people = check_interview(
                company=self.query_one("#company", Input).value,
                at=self.query_one("#at", Input).value,
                contact_ids=self.people,
                new_names=self.new_names,
                notes=self.query_one("#notes", TextArea).text,
                now=self.now,
                user_zone=self.user_zone,
                interview_id=self.interview.id if self.interview else None,
            )
        except FormErrors as exc:
            raise FormInvalid(exc.errors) from None
        return InterviewSave(interview, new_people)
