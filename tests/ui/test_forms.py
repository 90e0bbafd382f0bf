"""The modal forms under Pilot: contact, attempt, confirm."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Select, Static, TextArea

import followup_tui.ui as ui_package
from followup_tui.domain.models import Attempt, Contact
from followup_tui.domain.vocab import CALL_OUTCOMES, IN_PERSON_OUTCOMES, WRITTEN_OUTCOMES
from followup_tui.ui.screens.attempt_form import AttemptForm
from followup_tui.ui.screens.confirm import ConfirmScreen
from followup_tui.ui.screens.contact_form import ContactForm

STYLESHEET = Path(ui_package.__file__).parent / "followup.tcss"
#: Thursday 26 November 2026, 14:05 UTC = 09:05 in New York.
NOW = datetime(2026, 11, 26, 14, 5, tzinfo=UTC)
NY = "America/New_York"
NASTY = "[@click=app.quit]x[/] Ann [/]"


class Host(App[None]):
    """A tiny app that opens one form and keeps what it returns."""

    CSS_PATH = STYLESHEET

    def __init__(self, make_screen: Callable[[], Screen[Any]]) -> None:
        super().__init__()
        self.make_screen = make_screen
        self.results: list[Any] = []

    def on_mount(self) -> None:
        self.push_screen(self.make_screen(), self.results.append)


def plain(widget: Static) -> str:
    visual = widget.visual
    assert isinstance(visual, Content)
    return visual.plain


async def type_into(pilot: Any, selector: str, text: str, *, keys: bool = False) -> None:
    """Focus a field and fill it: key by key with ``keys``, else all at once (faster)."""
    widget = pilot.app.screen.query_one(selector)
    widget.focus()
    await pilot.pause()
    if isinstance(widget, Input):
        widget.value = "" if keys else text
    elif isinstance(widget, TextArea):
        widget.text = "" if keys else text
    if keys:
        await pilot.press(*text)
    await pilot.pause()


def error_text(app: App[Any], field: str) -> str | None:
    """The error shown under a field, or None when none is shown."""
    label = app.screen.query_one(f"#error-{field}", Static)
    if not label.has_class("-shown") or not label.display:
        return None
    return plain(label)


# -- contact form -----------------------------------------------------------------------


async def test_new_contact_is_returned_with_the_typed_fields() -> None:
    app = Host(lambda: ContactForm(now=NOW))
    async with app.run_test(size=(120, 36)) as pilot:
        assert isinstance(app.screen, ContactForm)
        await pilot.press(*"Ann Lee")  # the name field has the focus
        await type_into(pilot, "#company", "Acme Capital")
        await type_into(pilot, "#phones", "*67 (212) 555-0123", keys=True)
        await type_into(pilot, "#emails", "Ann@Acme.example, ann@acme.example")
        await type_into(pilot, "#tags", "hedge fund, nyc")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert len(app.results) == 1
    contact = app.results[0]
    assert isinstance(contact, Contact)
    assert contact.name == "Ann Lee"
    assert contact.company == "Acme Capital"
    assert contact.phones == ("+12125550123",)
    assert contact.timezone == "America/New_York"  # inferred from the 212 area code
    assert contact.emails == ("ann@acme.example",)
    assert contact.tags == ("hedge fund", "nyc")
    assert contact.status == "pursuing"
    assert contact.closed_reason is None
    assert contact.created_at == NOW
    assert contact.id is None


async def test_enter_in_a_one_line_field_saves() -> None:
    app = Host(lambda: ContactForm(now=NOW))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press(*"Bo", "enter")
        await pilot.pause()
    assert [c.name for c in app.results] == ["Bo"]


async def test_empty_name_shows_the_error_under_the_name_and_returns_nothing() -> None:
    app = Host(lambda: ContactForm(now=NOW))
    async with app.run_test(size=(120, 36)) as pilot:
        await type_into(pilot, "#company", "Acme")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == []
        assert isinstance(app.screen, ContactForm)
        assert error_text(app, "name") == "a name is required"
        assert error_text(app, "company") is None
        # the error line sits right under the name row
        name_row = app.screen.query_one("#row-name")
        label = app.screen.query_one("#error-name")
        assert label.region.y == name_row.region.y + name_row.region.height
        assert app.screen.focused is app.screen.query_one("#name")
        # typing a name clears the error; saving then works
        await pilot.press(*"Cy")
        assert error_text(app, "name") is None
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert [c.name for c in app.results] == ["Cy"]


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [("12345", "'12345' is not a valid phone number"), ("*67", "only a caller-ID prefix")],
)
async def test_bad_phone_is_rejected_next_to_the_phone_field(typed: str, fragment: str) -> None:
    app = Host(lambda: ContactForm(now=NOW))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press(*"Ann")
        await type_into(pilot, "#phones", typed, keys=True)
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == []
        message = error_text(app, "phones")
        assert message is not None and fragment in message
        assert error_text(app, "name") is None


async def test_several_errors_show_at_once_under_their_fields() -> None:
    app = Host(lambda: ContactForm(now=NOW))
    async with app.run_test(size=(120, 36)) as pilot:
        await type_into(pilot, "#emails", "not-an-address")
        await type_into(pilot, "#timezone", "Mars/Olympus")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == []
        assert error_text(app, "name") == "a name is required"
        assert "not an e-mail address" in (error_text(app, "emails") or "")
        assert "not an IANA time zone" in (error_text(app, "timezone") or "")
        # the focus stays in the invalid field the user is in
        assert app.screen.focused is app.screen.query_one("#timezone")


async def test_closing_needs_a_reason() -> None:
    app = Host(lambda: ContactForm(now=NOW))
    async with app.run_test(size=(120, 36)) as pilot:
        reason = app.screen.query_one("#closed_reason", Select)
        assert reason.disabled  # only relevant when the status is closed
        await pilot.press(*"Ann")
        app.screen.query_one("#status", Select).value = "closed"
        await pilot.pause()
        assert not reason.disabled
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == []
        assert error_text(app, "closed_reason") == "closing a contact needs a reason"
        reason.value = "hired"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert [(c.status, c.closed_reason) for c in app.results] == [("closed", "hired")]


async def test_editing_prefills_every_field_and_keeps_the_id() -> None:
    created = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    original = Contact(
        name="Dana Ruiz",
        company="Northwind",
        title="CTO",
        phones=("+12125550123", "+442079460000"),
        emails=("dana@northwind.example",),
        timezone="Europe/London",
        status="keep_warm",
        cadence_days=45,
        tags=("fintech", "london"),
        notes="met at the meetup\nlikes short calls",
        linkedin_url="https://www.linkedin.com/in/dana",
        created_at=created,
        id=42,
    )
    app = Host(lambda: ContactForm(original, now=NOW))
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.screen
        values = {
            field: screen.query_one(f"#{field}", Input).value
            for field in (
                "name",
                "company",
                "title",
                "phones",
                "emails",
                "timezone",
                "cadence_days",
                "tags",
                "linkedin_url",
            )
        }
        assert values == {
            "name": "Dana Ruiz",
            "company": "Northwind",
            "title": "CTO",
            "phones": "+12125550123, +442079460000",
            "emails": "dana@northwind.example",
            "timezone": "Europe/London",
            "cadence_days": "45",
            "tags": "fintech, london",
            "linkedin_url": "https://www.linkedin.com/in/dana",
        }
        assert screen.query_one("#status", Select).value == "keep_warm"
        assert screen.query_one("#notes", TextArea).text == "met at the meetup\nlikes short calls"
        assert "Dana Ruiz" in plain(screen.query_one("#form-title", Static))
        await type_into(pilot, "#title", "CEO")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert len(app.results) == 1
    saved = app.results[0]
    assert saved.id == 42
    assert saved.created_at == created
    assert saved.title == "CEO"
    assert saved.phones == original.phones
    assert saved.cadence_days == 45
    assert saved.notes == original.notes


async def test_escape_cancels_the_contact_form() -> None:
    app = Host(lambda: ContactForm(now=NOW))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press(*"Ann", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)  # a name was typed: discard?
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, ContactForm)
    assert app.results == [None]


# -- attempt form -----------------------------------------------------------------------

ANN = Contact(name="Ann Lee", phones=("+12125550123",), timezone=NY, id=5)


def attempt_form(contact: Contact = ANN, **kwargs: Any) -> Callable[[], AttemptForm]:
    return lambda: AttemptForm(contact, now=NOW, user_zone=NY, **kwargs)


async def test_attempt_yesterday_with_outcome_caller_id_duration_and_note() -> None:
    app = Host(attempt_form())
    async with app.run_test(size=(120, 36)) as pilot:
        await type_into(pilot, "#at", "yesterday 9:15", keys=True)
        await type_into(pilot, "#duration_s", "1:35")
        await type_into(pilot, "#note", "left a message")
        app.screen.query_one("#outcome", Select).focus()
        await pilot.press("2")  # other fields changed: the key only picks voicemail
        assert app.results == []
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.results == [
        Attempt(
            contact_id=5,
            # Wednesday 25 November 2026 09:15 EST = 14:15 UTC
            at=datetime(2026, 11, 25, 14, 15, tzinfo=UTC),
            channel="phone",
            outcome="voicemail",
            caller_id="hidden",
            duration_s=95,
            note="left a message",
        )
    ]


async def test_attempt_defaults_to_now_and_enter_in_when_saves() -> None:
    app = Host(attempt_form(hide_caller_id=False))
    async with app.run_test(size=(120, 36)) as pilot:
        assert app.screen.query_one("#at", Input).value == "now"
        app.screen.query_one("#at", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
    assert len(app.results) == 1
    attempt = app.results[0]
    assert (attempt.at, attempt.outcome, attempt.caller_id) == (NOW, "no_answer", "shown")


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("2024-02-30 10:00", "no such date"),
        ("2026-03-08 02:30", "does not exist in America/New_York"),
        ("2026-11-01 01:30", "happened twice"),
        ("tomorrow", "not a time I can read"),
        ("10:30", "in the future"),
    ],
)
async def test_bad_when_is_rejected_next_to_the_when_field(typed: str, fragment: str) -> None:
    app = Host(attempt_form())
    async with app.run_test(size=(120, 36)) as pilot:
        await type_into(pilot, "#at", typed)
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == []
        assert isinstance(app.screen, AttemptForm)
        assert fragment in (error_text(app, "at") or "")
        row = app.screen.query_one("#row-at")
        assert app.screen.query_one("#error-at").region.y == row.region.y + row.region.height


async def test_bad_duration_and_long_note_are_rejected() -> None:
    app = Host(attempt_form())
    async with app.run_test(size=(120, 36)) as pilot:
        await type_into(pilot, "#duration_s", "1:75")
        app.screen.query_one("#note", TextArea).text = "x" * 20_001
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == []
        assert "not a duration" in (error_text(app, "duration_s") or "")
        assert "at most 20,000 characters" in (error_text(app, "note") or "")


async def test_outcome_choices_follow_the_channel() -> None:
    app = Host(attempt_form())
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.screen
        outcome = screen.query_one("#outcome", Select)
        channel = screen.query_one("#channel", Select)
        caller = screen.query_one("#caller_id", Select)

        def choices() -> tuple[str, ...]:
            return tuple(value for _, value in outcome._options if value is not Select.NULL)

        assert choices() == CALL_OUTCOMES
        assert outcome.value == "no_answer"
        channel.value = "email"
        await pilot.pause()
        assert choices() == WRITTEN_OUTCOMES
        assert outcome.value == "sent"
        assert not caller.parent.display  # hidden, not greyed: tab never stops there
        await pilot.press("2")  # quick pick in the e-mail list: replied
        assert outcome.value == "replied"
        channel.value = "in_person"
        await pilot.pause()
        assert choices() == (*IN_PERSON_OUTCOMES, "reached")
        assert outcome.value == "met"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert len(app.results) == 1
    attempt = app.results[0]
    assert (attempt.channel, attempt.outcome, attempt.caller_id) == ("in_person", "met", None)


async def test_digits_typed_in_the_note_are_text_not_outcomes() -> None:
    app = Host(attempt_form())
    async with app.run_test(size=(120, 36)) as pilot:
        await type_into(pilot, "#note", "call 1 at 4", keys=True)
        assert app.screen.query_one("#outcome", Select).value == "no_answer"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)  # something was typed: discard?
        await pilot.press("y")
        await pilot.pause()
    assert app.results == [None]


# -- user text is data ------------------------------------------------------------------


async def test_markup_and_control_characters_in_names_show_literally() -> None:
    nasty = Contact(name=NASTY + "\x1b[31m\x9b\x00", company="Acme [b]", id=9)
    app = Host(lambda: ContactForm(nasty, now=NOW))
    async with app.run_test(size=(120, 36)) as pilot:
        title = app.screen.query_one("#form-title", Static)
        assert plain(title) == "Edit contact · " + NASTY
        assert app.screen.query_one("#name", Input).value == NASTY
        await pilot.click("#form-title", offset=(16, 0))  # on the would-be link
        await pilot.pause()
        assert app.is_running
        # an error that quotes user text shows it literally too
        await type_into(pilot, "#emails", "[b]x[/b]")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert error_text(app, "emails") == "'[b]x[/b]' is not an e-mail address"
        await type_into(pilot, "#emails", "")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert [c.name for c in app.results] == [NASTY]


async def test_attempt_title_shows_the_name_literally() -> None:
    app = Host(attempt_form(Contact(name="Ann [/] " + NASTY + "\x07", id=3)))
    async with app.run_test(size=(80, 24)) as pilot:
        title = app.screen.query_one("#form-title", Static)
        assert plain(title) == "Log attempt · Ann [/] " + NASTY
        await pilot.click("#form-title", offset=(22, 0))
        await pilot.pause()
        assert app.is_running
        await type_into(pilot, "#at", "[@click=app.quit]q[/]")
        await pilot.press("enter")
        await pilot.pause()
        assert "'[@click=app.quit]q[/]' is not a time" in (error_text(app, "at") or "")
        assert app.is_running


# -- confirm ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "answer"), [("y", True), ("enter", True), ("n", False), ("escape", False)]
)
async def test_confirm_keys(key: str, answer: bool) -> None:
    app = Host(lambda: ConfirmScreen(f"Delete {NASTY}?"))
    async with app.run_test(size=(80, 24)) as pilot:
        question = app.screen.query_one("#confirm-question", Static)
        assert plain(question) == f"Delete {NASTY}?"
        await pilot.press(key)
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
    assert app.results == [answer]


async def test_confirm_ignores_other_keys_and_buttons_work() -> None:
    app = Host(lambda: ConfirmScreen("Delete Ann?"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("x", "q", "1")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.click("#no")
        await pilot.pause()
    assert app.results == [False]


# -- layout -----------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_contact_form_fits_and_buttons_are_reachable(size: tuple[int, int]) -> None:
    app = Host(lambda: ContactForm(now=NOW))
    async with app.run_test(size=size) as pilot:
        form = app.screen.query_one("#contact-form")
        assert form.region.height <= size[1]
        assert form.region.width <= size[0]
        save = app.screen.query_one("#save")
        assert save.region.y + save.region.height <= size[1]
        assert app.screen.query_one("#name").region.width >= 40
        await pilot.press(*"Ann")
        await pilot.click("#save")
        await pilot.pause()
    assert [c.name for c in app.results] == ["Ann"]
