"""Form keys as PRODUCT.md section 3 lists them: ctrl+s, enter, escape that asks, ctrl+c that
copies or explains, hidden fields, a visible focus and the log form's one-key outcomes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from textual.widgets import Input, Label, Select, TextArea

from followup_tui.domain.models import Contact
from followup_tui.ui.screens.attempt_form import AttemptForm
from followup_tui.ui.screens.confirm import ConfirmScreen
from followup_tui.ui.screens.contact_form import ContactForm
from tests.ui.test_forms import NOW, NY, Host, type_into

ANN = Contact(name="Ann Lee", phones=("+12125550123",), timezone=NY, id=5)
#: A real clock's minute: seconds and microseconds.
REAL_NOW = datetime(2026, 11, 26, 14, 5, 7, 123456, tzinfo=UTC)


@pytest.mark.parametrize("now", [NOW, REAL_NOW])
@pytest.mark.parametrize(
    ("key", "outcome"), [("1", "reached"), ("2", "voicemail"), ("6", "wrong_number")]
)
async def test_an_outcome_key_first_logs_at_once_with_the_defaults(
    key: str, outcome: str, now: datetime
) -> None:
    app = Host(lambda: AttemptForm(ANN, now=now, user_zone=NY, hide_caller_id=True))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press(key)
        await pilot.pause()
        assert not isinstance(app.screen, AttemptForm)
    [attempt] = app.results
    assert (attempt.contact_id, attempt.channel, attempt.outcome) == (5, "phone", outcome)
    assert attempt.caller_id == "hidden"  # from settings
    assert attempt.at == now.replace(microsecond=0) or attempt.at == now
    assert attempt.duration_s is None and attempt.note == ""


async def test_once_a_field_changed_outcome_keys_only_select() -> None:
    app = Host(lambda: AttemptForm(ANN, now=NOW, user_zone=NY, hide_caller_id=False))
    async with app.run_test(size=(120, 36)) as pilot:
        await type_into(pilot, "#duration_s", "2:05")
        app.screen.query_one("#outcome", Select).focus()
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, AttemptForm)
        assert app.screen.query_one("#outcome", Select).value == "reached"
        assert app.results == []
        await pilot.press("ctrl+s")
        await pilot.pause()
    [attempt] = app.results
    assert (attempt.outcome, attempt.duration_s, attempt.caller_id) == ("reached", 125, "shown")


async def test_an_e_mail_hides_caller_id_and_duration_and_tab_reaches_the_note() -> None:
    app = Host(lambda: AttemptForm(ANN, now=NOW, user_zone=NY))
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.screen
        screen.query_one("#channel", Select).value = "email"
        await pilot.pause()
        assert not screen.query_one("#row-caller_id").display
        assert not screen.query_one("#row-duration_s").display
        screen.query_one("#at", Input).focus()
        await pilot.press("tab")
        assert screen.focused is screen.query_one("#note", TextArea)
        await pilot.press(*"sent the deck")
        await pilot.press("ctrl+s")  # saves from the note
        await pilot.pause()
    [attempt] = app.results
    assert (attempt.channel, attempt.outcome, attempt.note) == ("email", "sent", "sent the deck")
    assert attempt.caller_id is None and attempt.duration_s is None


async def test_escape_on_an_unchanged_form_closes_at_once() -> None:
    app = Host(lambda: AttemptForm(ANN, now=NOW, user_zone=NY))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


async def test_escape_on_a_changed_form_asks_and_no_keeps_what_was_typed() -> None:
    app = Host(lambda: ContactForm(now=NOW))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press(*"Ann Lee")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ContactForm)
        assert app.screen.query_one("#name", Input).value == "Ann Lee"
        assert app.results == []
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert [c.name for c in app.results] == ["Ann Lee"]


async def test_ctrl_s_saves_from_the_notes_and_enter_from_the_save_button() -> None:
    app = Host(lambda: ContactForm(now=NOW))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press(*"Ann")
        await type_into(pilot, "#notes", "met at a meetup")
        await pilot.press("ctrl+s")
        await pilot.pause()
        app.push_screen(ContactForm(now=NOW), app.results.append)
        await pilot.pause()
        await pilot.press(*"Bo")
        app.screen.query_one("#notes", TextArea).focus()
        await pilot.press("tab")  # the last stop: Save
        await pilot.press("enter")
        await pilot.pause()
    assert [(c.name, c.notes) for c in app.results] == [("Ann", "met at a meetup"), ("Bo", "")]


async def test_ctrl_c_copies_a_selection_or_says_how_to_leave() -> None:
    app = Host(lambda: ContactForm(now=NOW))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press(*"Ann Lee")
        await pilot.press("ctrl+c")  # nothing selected
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("escape" in m and "ctrl+q" in m for m in messages), messages
        name = app.screen.query_one("#name", Input)
        name.select_all()
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.clipboard == "Ann Lee"
        assert isinstance(app.screen, ContactForm)
        assert name.value == "Ann Lee"


async def test_the_focused_field_has_a_lit_label_and_a_bar() -> None:
    app = Host(lambda: ContactForm(now=NOW))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        labels = {row: screen.query_one(f"#row-{row} Label", Label) for row in ("name", "company")}
        assert screen.focused is screen.query_one("#name")
        lit, dim = labels["name"].rich_style, labels["company"].rich_style
        assert lit != dim and lit.reverse
        assert screen.query_one("#name").styles.border_left[0] != "blank"
        assert screen.query_one("#company").styles.border_left[0] == "blank"
        await pilot.press("tab")
        await pilot.pause()
        assert labels["company"].rich_style.reverse and not labels["name"].rich_style.reverse


async def test_the_close_reason_shows_only_for_a_closed_contact() -> None:
    app = Host(lambda: ContactForm(now=NOW))
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.screen
        assert not screen.query_one("#row-closed_reason").display
        screen.query_one("#status", Select).value = "closed"
        await pilot.pause()
        assert screen.query_one("#row-closed_reason").display
