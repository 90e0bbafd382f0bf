"""The contact form: a new contact or changes to one, valid before anything is returned."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from zoneinfo import available_timezones

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.suggester import Suggester
from textual.widget import Widget
from textual.widgets import Button, Input, Select, TextArea

from followup_tui.domain.models import DEFAULT_CADENCE_DAYS, Contact
from followup_tui.domain.text import clean_line, clean_text
from followup_tui.domain.validation import MAX_NOTE, FormErrors, validate_contact
from followup_tui.domain.vocab import CLOSE_REASONS, STATUS_LABELS, STATUSES
from followup_tui.ui.screens.form_base import (
    FormInvalid,
    FormScreen,
    field_row,
    form_title,
    literal,
)
from followup_tui.ui.widgets.key_legend import form_keys

REASON_LABELS: dict[str, str] = {
    "hired": "hired",
    "declined": "declined",
    "not_interested": "not interested",
    "other": "other",
}


@lru_cache(maxsize=1)
def _zone_suggestions() -> tuple[tuple[str, str], ...]:
    """(case-folded, as written) for every zone name, sorted."""
    return tuple((z.casefold(), z) for z in sorted(available_timezones()))


class ZoneSuggester(Suggester):
    """Zone names completing what is typed. The list (~30 ms to build) is made on the first
    suggestion, not when the form opens."""

    def __init__(self) -> None:
        super().__init__(use_cache=True, case_sensitive=False)

    async def get_suggestion(self, value: str) -> str | None:
        for folded, name in _zone_suggestions():
            if folded.startswith(value):
                return name
        return None


class ContactForm(FormScreen[Contact]):
    """Add or edit a contact. Dismisses with the valid Contact, or None when cancelled."""

    # No automatic focus ("" — None would fall back to the app's "*"): until the first frame,
    # on_key types into the field that will get the focus; _ready then focuses it.
    AUTO_FOCUS = ""

    FIELDS: tuple[str, ...] = (
        "name",
        "company",
        "title",
        "phones",
        "emails",
        "timezone",
        "status",
        "closed_reason",
        "cadence_days",
        "tags",
        "linkedin_url",
        "notes",
    )

    def __init__(
        self,
        contact: Contact | None = None,
        *,
        home_region: str = "US",
        now: datetime,
        default_cadence: int = DEFAULT_CADENCE_DAYS,
    ) -> None:
        super().__init__(classes="form-screen")
        self.contact = contact
        self.home_region = home_region
        self.default_cadence = default_cadence
        """The keep-warm cadence of a new contact when none is typed (the settings')."""
        self.now = now
        self._early = False  # from mount to the first frame: see on_key
        self._early_field: Widget | None = None

    def compose(self) -> ComposeResult:
        c = self.contact
        with Vertical(id="contact-form", classes="form"):
            if c is None:
                title = Content("New contact")
            else:
                title = Content.assemble("Edit contact · ", literal(c.name))
            yield form_title(title)
            body = VerticalScroll(classes="form-body")
            body.can_focus = False  # keys go to the fields (or, before they exist, see on_key)
            with body:
                yield from field_row("Name", self._input("name", c.name if c else ""), "name")
                yield from field_row(
                    "Company", self._input("company", c.company if c else ""), "company"
                )
                yield from field_row("Title", self._input("title", c.title if c else ""), "title")
                yield from field_row(
                    "Phones",
                    self._input(
                        "phones",
                        ", ".join(c.phones) if c else "",
                        placeholder="comma-separated, e.g. (212) 555-0123",
                    ),
                    "phones",
                )
                yield from field_row(
                    "E-mails",
                    self._input("emails", ", ".join(c.emails) if c else "", "comma-separated"),
                    "emails",
                )
                tz = self._input(
                    "timezone",
                    (c.timezone or "") if c else "",
                    placeholder="blank = from the phone number (e.g. America/New_York)",
                )
                tz.suggester = ZoneSuggester()
                yield from field_row("Time zone", tz, "timezone")
                status = c.status if c and c.status in STATUSES else "pursuing"
                yield from field_row(
                    "Status",
                    Select(
                        [(STATUS_LABELS.get(s, s), s) for s in STATUSES],
                        value=status,
                        allow_blank=False,
                        compact=True,
                        id="status",
                    ),
                    "status",
                )
                reason = c.closed_reason if c and c.closed_reason in CLOSE_REASONS else None
                reason_select: Select[str] = Select(
                    [(REASON_LABELS.get(r, r), r) for r in CLOSE_REASONS],
                    prompt="why closed?",
                    value=reason if reason else Select.NULL,
                    compact=True,
                    id="closed_reason",
                )
                reason_select.disabled = status != "closed"
                yield from field_row("Close reason", reason_select, "closed_reason")
                cadence = self._input(
                    "cadence_days",
                    str(c.cadence_days) if c else "",
                    placeholder=f"{self.default_cadence} (days between touches when keeping warm)",
                    restrict=r"\d{0,4}",
                )
                yield from field_row("Cadence days", cadence, "cadence_days")
                yield from field_row(
                    "Tags",
                    self._input("tags", ", ".join(c.tags) if c else "", "comma-separated"),
                    "tags",
                )
                yield from field_row(
                    "LinkedIn",
                    self._input("linkedin_url", c.linkedin_url if c else ""),
                    "linkedin_url",
                )
                notes = TextArea(
                    clean_text(c.notes, multiline=True) if c else "",
                    id="notes",
                    soft_wrap=True,
                    show_line_numbers=False,
                    compact=True,
                )
                yield from field_row("Notes", notes, "notes")
            with Horizontal(classes="form-buttons"):
                yield Button("Save", variant="primary", id="save", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
                yield form_keys(("ctrl+s or enter", "save"), ("esc", "cancel"))

    def _input(
        self, field: str, value: str, placeholder: str = "", restrict: str | None = None
    ) -> Input:
        # A new contact's fields start empty, so selecting on focus gains nothing there, and it
        # would select (and let the next key replace) what was typed before the first frame.
        return Input(
            clean_line(value),
            placeholder=placeholder,
            id=field,
            compact=True,
            restrict=restrict,
            select_on_focus=self.contact is not None,
        )

    def on_mount(self) -> None:
        # Until the first frame, keys come to this screen itself (nothing has the focus yet):
        # they are typed into the field that will get the focus, in the order typed.
        self._show_reason(not self.query_one("#closed_reason", Select).disabled)
        self._early = True
        self._early_field = self.query_one("#name", Input)
        self.call_after_refresh(self._ready)

    def _ready(self) -> None:
        self._early = False
        if self._early_field is not None:
            self.set_focus(self._early_field)  # at once: a deferred focus() would let keys slip

    def on_key(self, event: events.Key) -> None:
        """Keys typed right after ``n``, while the form was being built (tab moves on).

        A printable key reaches the screen itself only when it was sent before any field had
        the focus (a focused Input keeps its keys); it still belongs in the field, in order.
        """
        field = self._early_field if self._early else self.focused
        if self._early and event.key in ("tab", "shift+tab"):
            # The form's own field order: before the first frame the focus chain may not
            # list the fields yet.
            chain = [self.query_one(f"#{name}") for name in self.FIELDS]
            if field in chain:
                step = 1 if event.key == "tab" else -1
                self._early_field = chain[(chain.index(field) + step) % len(chain)]
        elif isinstance(field, Input) and event.is_printable and event.character:
            field.insert_text_at_cursor(event.character)
        else:
            return
        event.stop()
        event.prevent_default()

    # -- reading the form ---------------------------------------------------------------

    def values(self) -> dict[str, str]:
        """The form's fields as typed (no close reason unless the status is closed)."""
        out = self.field_values()
        if self.query_one("#closed_reason", Select).disabled:
            out["closed_reason"] = ""
        return out

    # -- events -------------------------------------------------------------------------

    @on(Select.Changed, "#status")
    def _status_changed(self, event: Select.Changed) -> None:
        self._show_reason(event.value == "closed")

    def _show_reason(self, closed: bool) -> None:
        """The close reason applies to a closed contact only: hidden (not greyed) otherwise."""
        self.query_one("#closed_reason", Select).disabled = not closed
        self.query_one("#row-closed_reason").display = closed
        if not closed:
            self.clear_error("closed_reason")

    # -- saving -------------------------------------------------------------------------

    def build(self) -> Contact:
        """The contact as typed; ``FormInvalid`` when a field is wrong."""
        values = self.values()
        errors: dict[str, str] = {}
        notes = clean_text(values["notes"], multiline=True)
        if len(notes) > MAX_NOTE:
            errors["notes"] = (
                f"notes are at most {MAX_NOTE:,} characters (these have {len(notes):,})"
            )
        try:
            contact = validate_contact(
                values,
                home_region=self.home_region,
                now=self.now,
                base=self.contact,
                default_cadence=self.default_cadence,
            )
        except FormErrors as exc:
            errors = {**exc.errors, **errors}
        if errors:
            raise FormInvalid(errors)
        return contact
