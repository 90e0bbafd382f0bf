"""The attempt form: log one call, e-mail, message or meeting with a contact."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Label, Select, SelectionList, TextArea

from followup_tui.domain.attempt_check import check_attempt
from followup_tui.domain.models import Attempt, Contact, NewsItem
from followup_tui.domain.rules import day_words, local_date
from followup_tui.domain.text import clean_line
from followup_tui.domain.validation import FormErrors
from followup_tui.domain.vocab import (
    CALLER_IDS,
    CHANNEL_LABELS,
    CHANNELS,
    OUTCOME_LABELS,
    OUTCOMES_BY_CHANNEL,
    WRITTEN_CHANNELS,
)
from followup_tui.ui.screens.form_base import (
    FormInvalid,
    FormScreen,
    field_row,
    form_title,
    literal,
    when_preview,
)
from followup_tui.ui.screens.next_step_form import NextStep, NextStepForm
from followup_tui.ui.widgets.key_legend import KeyLegend, form_keys

#: The keys under the form; a next step set with ctrl+f takes the place of the digits' entry.
SAVE_KEYS = (("1-6", "log at once"), ("ctrl+s or enter", "save"), ("esc", "cancel"))

#: The outcome a new attempt starts with on each channel.
DEFAULT_OUTCOME: dict[str, str] = {
    "phone": "no_answer",
    "email": "sent",
    "linkedin": "sent",
    "sms": "sent",
    "in_person": "met",
}
QUICK_KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9")


class AttemptForm(FormScreen[Attempt]):
    """Log an attempt for ``contact``. Dismisses with the valid Attempt, or None when cancelled.

    The outcome list follows the channel; caller ID (phone only) and duration (calls and
    meetings) are hidden when they do not apply. While the focus is not in a text field, the
    digit keys pick an outcome (1 reached, 2 voicemail, 3 no answer ... for calls, as in the
    call session). Pressed before any other field was changed, an outcome key logs at once with
    the defaults (now, phone, caller ID from settings): ``l`` ``2`` logs a voicemail.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(key, f"pick_outcome({int(key) - 1})", "Pick outcome", show=False)
            for key in QUICK_KEYS
        ),
        Binding("ctrl+f", "next_step", "Next step", tooltip="Set the next step with this log"),
    ]

    FIELDS: tuple[str, ...] = ("channel", "outcome", "at", "caller_id", "duration_s", "note")

    def __init__(
        self,
        contact: Contact,
        *,
        now: datetime,
        user_zone: str,
        hide_caller_id: bool = True,
        news: Sequence[NewsItem] = (),
    ) -> None:
        if contact.id is None:
            raise ValueError("an attempt is logged for a saved contact (with an id)")
        super().__init__(classes="form-screen")
        self.contact = contact
        self.now = now
        self.user_zone = user_zone
        self.hide_caller_id = hide_caller_id
        self.next_step: NextStep | None = None
        """A next step to set with the attempt (``ctrl+f``), written once the form is saved."""
        self.news = tuple(item for item in news if item.id is not None)
        """The contact's talking points: the form ticks which were shared (``news_ids``)."""

    def compose(self) -> ComposeResult:
        channel = "phone"
        with Vertical(id="attempt-form", classes="form"):
            yield form_title(Content.assemble("Log attempt · ", literal(self.contact.name)))
            with VerticalScroll(classes="form-body"):
                yield from field_row(
                    "Channel",
                    Select(
                        [(CHANNEL_LABELS.get(c, c), c) for c in CHANNELS],
                        value=channel,
                        allow_blank=False,
                        compact=True,
                        id="channel",
                    ),
                    "channel",
                )
                yield from field_row(
                    "Outcome",
                    Select(
                        self._outcome_options(channel),
                        value=DEFAULT_OUTCOME[channel],
                        allow_blank=False,
                        compact=True,
                        id="outcome",
                    ),
                    "outcome",
                )
                keys = KeyLegend(id="outcome-keys", classes="form-hint")
                keys.show(self._quick_keys(channel))
                yield keys
                yield from field_row(
                    "When",
                    Input(
                        "now",
                        placeholder="now, 14:30, yesterday 9:15, mon 14:00, 2026-11-20 14:00, -2h",
                        id="at",
                        compact=True,
                    ),
                    "at",
                )
                yield Label("", id="at-preview", classes="form-hint", markup=False)
                yield from field_row(
                    "Caller ID",
                    Select(
                        [(c, c) for c in CALLER_IDS],
                        value="hidden" if self.hide_caller_id else "shown",
                        allow_blank=False,
                        compact=True,
                        id="caller_id",
                    ),
                    "caller_id",
                )
                yield from field_row(
                    "Duration",
                    Input(
                        "", placeholder="optional: seconds or m:ss", id="duration_s", compact=True
                    ),
                    "duration_s",
                )
                yield from field_row(
                    "Note",
                    TextArea(id="note", soft_wrap=True, show_line_numbers=False, compact=True),
                    "note",
                )
                if self.news:
                    yield from field_row(
                        "News shared",
                        SelectionList[int](
                            *[(clean_line(n.text), n.id or 0) for n in self.news],
                            id="news_ids",
                            compact=True,
                        ),
                        "news_ids",
                    )
            with Horizontal(classes="form-buttons"):
                yield Button("Save", variant="primary", id="save", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
                yield form_keys(*SAVE_KEYS, ("ctrl+f", "next step"), id="next-step-hint")

    def on_mount(self) -> None:
        self._show_fields("phone")
        self._update_preview("now")
        self.query_one("#outcome", Select).focus()

    # -- helpers ------------------------------------------------------------------------

    @staticmethod
    def _outcome_options(channel: str) -> list[tuple[str, str]]:
        return [(OUTCOME_LABELS.get(o, o), o) for o in OUTCOMES_BY_CHANNEL[channel]]

    @staticmethod
    def _quick_keys(channel: str) -> list[tuple[str, str]]:
        outcomes = OUTCOMES_BY_CHANNEL[channel]
        return [(str(i), OUTCOME_LABELS.get(o, o)) for i, o in enumerate(outcomes, 1)]

    @property
    def channel(self) -> str:
        value = self.query_one("#channel", Select).value
        return value if isinstance(value, str) and value in CHANNELS else "phone"

    def _update_preview(self, text: str) -> None:
        self.query_one("#at-preview", Label).update(when_preview(text, self.now, self.user_zone))

    # -- events -------------------------------------------------------------------------

    @on(Select.Changed, "#channel")
    def _channel_changed(self, event: Select.Changed) -> None:
        channel = self.channel
        outcome = self.query_one("#outcome", Select)
        previous = outcome.value
        allowed = OUTCOMES_BY_CHANNEL[channel]
        outcome.set_options(self._outcome_options(channel))
        outcome.value = previous if previous in allowed else DEFAULT_OUTCOME[channel]
        self.query_one("#outcome-keys", KeyLegend).show(self._quick_keys(channel))
        self._show_fields(channel)

    def _show_fields(self, channel: str) -> None:
        """Hide (not grey) what does not apply to ``channel``: tab never stops there."""
        for field, applies in (
            ("caller_id", channel == "phone"),
            ("duration_s", channel not in WRITTEN_CHANNELS),
        ):
            self.query_one(f"#row-{field}").display = applies
            if not applies:
                self.clear_error(field)

    @on(Input.Changed, "#at")
    def _when_changed(self, event: Input.Changed) -> None:
        self._update_preview(event.value)

    # -- actions ------------------------------------------------------------------------

    def action_pick_outcome(self, index: int) -> None:
        """Select the outcome; before any other field was changed, also log at once."""
        outcomes = OUTCOMES_BY_CHANNEL[self.channel]
        if not 0 <= index < len(outcomes):
            return
        untouched = not (self.changed_fields() - {"outcome"})
        self.query_one("#outcome", Select).value = outcomes[index]
        if untouched:
            self.action_save()

    def action_next_step(self) -> None:
        """Choose the contact's next step in its own small form; it is set with the log."""
        today = local_date(self.now, self.user_zone)
        shown = self.contact
        if self.next_step is not None:
            shown = self.next_step.applied_to(shown)

        def chosen(step: NextStep | None) -> None:
            if step is None:
                return
            self.next_step = step
            if step.on is None:
                said = ("", "clears the next step")
            else:
                said = ("next step", day_words(step.on, today))
                if step.step:
                    said = (said[0], f"{said[1]}: {step.step}")
            self.query_one("#next-step-hint", KeyLegend).show([*SAVE_KEYS[1:], said])

        self.app.push_screen(NextStepForm(shown, today=today), chosen)

    def build(self) -> Attempt:
        """The attempt as typed (the same check as ``followup-tui log``); ``FormInvalid`` when
        a field is wrong."""
        channel = self.channel
        outcome = self.query_one("#outcome", Select).value
        caller_id = None
        duration = "" if channel in WRITTEN_CHANNELS else self.query_one("#duration_s", Input).value
        if channel == "phone":
            value = self.query_one("#caller_id", Select).value
            caller_id = value if isinstance(value, str) and value in CALLER_IDS else None
        assert self.contact.id is not None
        shared: tuple[int, ...] = ()
        if self.news:
            shared = tuple(self.query_one("#news_ids", SelectionList).selected)
        try:
            attempt = check_attempt(
                self.contact.id,
                channel=channel,
                outcome=outcome if isinstance(outcome, str) else "",
                now=self.now,
                user_zone=self.user_zone,
                at=self.query_one("#at", Input).value,
                duration=duration,
                caller_id=caller_id,
                note=self.query_one("#note", TextArea).text,
                hide_caller_id=self.hide_caller_id,
            )
        except FormErrors as exc:
            raise FormInvalid(exc.errors) from None
        return replace(attempt, news_ids=shared) if shared else attempt
