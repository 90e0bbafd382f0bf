"""Settings (``s``, PRODUCT.md section 2): what every rule reads, in one form.

The fields are the text of ``domain.settings.settings_fields`` and are checked by
``validate_settings``, the same as ``followup-tui settings --set``; each problem shows under its
field and nothing is saved until every field is right. A country's public holidays for a year
(``public_holidays``, from the ``holidays`` package) are added to the holiday list in the form,
to be saved with the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from followup_tui.domain.problems import Problem
from followup_tui.domain.settings import (
    DAYS_AFTER_FIELDS,
    Settings,
    public_holidays,
    settings_fields,
    validate_settings,
)
from followup_tui.domain.validation import FormErrors
from followup_tui.domain.vocab import OUTCOME_LABELS
from followup_tui.ui.screens.form_base import FormInvalid, FormScreen, field_row, form_title
from followup_tui.ui.widgets.key_legend import form_keys

#: Single-line fields: (field, label, placeholder).
LINE_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("home_region", "Home region", "two letters: US, GB, DE..."),
    ("timezone", "Your time zone", "e.g. Europe/London; empty: this computer's"),
    ("prefixes", "Caller-ID prefixes", "REGION=HIDE/SHOW; ... e.g. NANP=*67/*82; UK=141/1470"),
    ("work_hours", "Working hours", "08:00-18:00 (in each contact's time)"),
)
#: Whole-number fields after the outcome ones: (field, label).
DAY_FIELDS: tuple[tuple[str, str], ...] = (
    ("reached_next_days", "Reached: next try in"),
    ("keep_warm_days", "Keep warm every"),
)


class SettingsForm(FormScreen[Settings]):
    """The settings ``current``; dismisses with the valid new Settings, or None when cancelled.
    ``year`` is the user's year (the default for public holidays)."""

    FIELDS: tuple[str, ...] = (
        "home_region",
        "timezone",
        "hide_caller_id",
        "prefixes",
        "work_hours",
        "holidays",
        "holiday_country",
        *DAYS_AFTER_FIELDS,
        "reached_next_days",
        "keep_warm_days",
        "thank_you_template",
    )

    def __init__(self, current: Settings, *, year: int, problems: Sequence[Problem] = ()) -> None:
        super().__init__(classes="form-screen")
        self.current = current
        self.year = year
        self.texts = settings_fields(current)
        self._told: dict[str, str] = {}
        self.problems = [p for p in problems if p.table == "settings"]
        """Values of the file's settings that are ignored: shown under their fields."""

    def compose(self) -> ComposeResult:
        texts = self.texts
        with Vertical(id="settings-form", classes="form"):
            yield form_title("Settings")
            with VerticalScroll(classes="form-body"):
                for name, label, hint in LINE_FIELDS:
                    widget = Input(texts[name], placeholder=hint, id=name, compact=True)
                    yield from field_row(label, widget, name)
                yield from field_row(
                    "Hide caller ID",
                    Select(
                        [("yes: dial the hide prefix", "yes"), ("no", "no")],
                        value=texts["hide_caller_id"],
                        allow_blank=False,
                        compact=True,
                        id="hide_caller_id",
                    ),
                    "hide_caller_id",
                )
                yield from field_row(
                    "Holidays",
                    TextArea(
                        texts["holidays"],
                        id="holidays",
                        soft_wrap=True,
                        show_line_numbers=False,
                        compact=True,
                    ),
                    "holidays",
                )
                with Horizontal(classes="form-row", id="row-holiday_country"):
                    yield Label("Add public holidays", classes="form-label", markup=False)
                    yield Input(
                        self.current.home_region,
                        placeholder="country: US, GB...",
                        id="holiday_country",
                        compact=True,
                    )
                    yield Input(str(self.year), placeholder="year", id="holiday_year", compact=True)
                    yield Button("Add", id="add-holidays", compact=True)
                yield Static("", id="error-holiday_country", classes="form-error", markup=False)
                yield Label(
                    "Business days to the next try, after:",
                    classes="form-hint",
                    markup=False,
                )
                for name, outcome in DAYS_AFTER_FIELDS.items():
                    label = f"  {OUTCOME_LABELS.get(outcome, outcome)}"
                    yield from field_row(label, Input(texts[name], id=name, compact=True), name)
                for name, label in DAY_FIELDS:
                    yield from field_row(label, Input(texts[name], id=name, compact=True), name)
                yield from field_row(
                    "Thank-you template",
                    TextArea(
                        texts["thank_you_template"],
                        id="thank_you_template",
                        soft_wrap=True,
                        show_line_numbers=False,
                        compact=True,
                    ),
                    "thank_you_template",
                )
                yield Label("{name} and {company} are filled in", classes="form-hint")
            with Horizontal(classes="form-buttons"):
                yield Button("Save", variant="primary", id="save", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
                yield form_keys(("ctrl+s", "save"), ("esc", "cancel"))

    def on_mount(self) -> None:
        self.query_one("#home_region", Input).focus()
        told: dict[str, str] = {}
        for problem in self.problems:
            field = problem_field(problem)
            told[field] = "; ".join(
                filter(
                    None,
                    (told.get(field), "in the file: " + str(problem).removeprefix("settings: ")),
                )
            )
        self._told = told
        if told:
            self.show_errors(told)

    def clear_error(self, field: str | None) -> None:
        # A field's first Changed event (its initial text) keeps the file's problem shown.
        if field in self._told and self.typed().get(field) == self.texts.get(field):
            return
        self._told.pop(field or "", None)
        super().clear_error(field)

    # -- public holidays ---------------------------------------------------------------------

    @on(Input.Submitted, "#holiday_country, #holiday_year")
    def _holidays_submitted(self, event: Input.Submitted) -> None:
        event.stop()  # enter here adds the holidays; it does not save the form
        self.add_public_holidays()

    @on(Button.Pressed, "#add-holidays")
    def _add_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.add_public_holidays()

    def add_public_holidays(self) -> None:
        """Add the public holidays of the country and year typed to the holiday list."""
        country = self.query_one("#holiday_country", Input).value.strip()
        year_text = self.query_one("#holiday_year", Input).value.strip()
        error: str | None = None
        try:
            year = int(year_text)
        except ValueError:
            error = f"{year_text!r} is not a year like {self.year}"
        else:
            try:
                days = public_holidays(country, year)
            except ValueError as exc:
                error = str(exc)
        if error is not None:
            self.show_errors({"holiday_country": error})
            return
        area = self.query_one("#holidays", TextArea)
        listed = set(_dates(area.text))
        merged = sorted(listed | set(days))
        area.text = ", ".join(d.isoformat() for d in merged)
        added = len(merged) - len(listed)
        self.clear_error("holiday_country")
        self.notify(f"{added} public holidays of {country.upper()} {year} added", timeout=3)

    # -- saving ------------------------------------------------------------------------------

    def typed(self) -> dict[str, str]:
        """The text of every settings field, as typed."""
        out: dict[str, str] = {}
        for name in self.texts:
            widget = self.query_one(f"#{name}")
            if isinstance(widget, TextArea):
                out[name] = widget.text
            elif isinstance(widget, Select):
                out[name] = str(widget.value)
            elif isinstance(widget, Input):
                out[name] = widget.value
        return out

    def build(self) -> Settings:
        try:
            return validate_settings(self.typed(), self.current)
        except FormErrors as exc:
            raise FormInvalid(exc.errors) from None


#: Fields of the stored settings that the form shows under another name.
DOC_TO_FORM: dict[str, str] = {
    "work_start_hour": "work_hours",
    "work_end_hour": "work_hours",
    "business_days_after": "days_after_no_answer",
}


def problem_field(problem: Problem) -> str:
    """The form field under which an ignored value of the stored settings is shown."""
    name = problem.field or ""
    name = DOC_TO_FORM.get(name, name)
    return name if name in SettingsForm.FIELDS else "home_region"


def _dates(text: str) -> list[date]:
    """The dates of a holiday list as typed; what is not a date is left to the form's check."""
    found: list[date] = []
    for part in text.replace(";", ",").replace("\n", ",").split(","):
        try:
            found.append(date.fromisoformat(part.strip()))
        except ValueError:
            continue
    return found
