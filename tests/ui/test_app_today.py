"""Next step (``f``) and Today (``t``) in the app: a step set with ``f`` is written (only its
two fields) and moves the contact from "needs a next step" to the due list of Today.

The clock: Thu 26 Nov 2026, 09:05 New York (the user's zone), with and without microseconds.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, TextArea
from textual.widgets._footer import FooterKey

from followup_tui.domain.clock import frozen_clock
from followup_tui.domain.settings import Settings
from followup_tui.storage import Store
from followup_tui.ui.app import make_app
from followup_tui.ui.screens.attempt_form import AttemptForm
from followup_tui.ui.screens.contact_form import ContactForm
from followup_tui.ui.screens.next_step_form import NextStepForm
from followup_tui.ui.screens.settings_form import SettingsForm
from followup_tui.ui.screens.today import TodayScreen

from ._app_helpers import NY, SIZE, data_worker_idle, wait_for, wait_loaded
from .test_app_engine import CLOCKS, due_cell, write_engine_data


def today_ids(screen: TodayScreen) -> list[str]:
    listing = screen.query_one("#today-list", OptionList)
    return [o.id for o in listing.options if o.id is not None]


async def open_settings(pilot: Pilot[Any]) -> SettingsForm:
    """Load, press ``s`` and return the settings form once it is shown."""
    await wait_loaded(pilot)
    await pilot.press("s")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, SettingsForm), what="Settings")
    form = pilot.app.screen
    assert isinstance(form, SettingsForm)
    await pilot.pause()
    return form


@pytest.mark.parametrize("now", CLOCKS, ids=["round", "microseconds"])
async def test_next_step_with_f_puts_the_contact_under_today(tmp_path: Path, now: datetime) -> None:
    path = tmp_path / "followup.json"
    ids = write_engine_data(path, now)
    before = json.loads(path.read_text())["contacts"][str(ids["rita"])]
    app = make_app(path, clock=frozen_clock(now), user_tz=NY)
    async with app.run_test(size=SIZE) as pilot:
        main = await wait_loaded(pilot, select=ids["rita"])
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen), what="Today")
        today = app.screen
        assert isinstance(today, TodayScreen)
        await wait_for(pilot, lambda: today.plan is not None, what="the plan")
        # Ned is due (2 business days late); Rita replied and has no next step.
        assert today_ids(today) == [f"due-{ids['ned']}", f"step-{ids['rita']}"]
        # Opened on the first contact, not on a section's title.
        assert today.highlighted_contact_id == ids["ned"]
        listing = today.query_one("#today-list", OptionList)
        listing.highlighted = [o.id for o in listing.options].index(f"step-{ids['rita']}")
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, NextStepForm), what="the form")
        form = app.screen
        assert form.query_one("#next_step_on", Input).value == ""
        form.query_one("#next_step_on", Input).value = "yesterday"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "yesterday" in str(form.query_one("#error-next_step_on").render())
        form.query_one("#next_step_on", Input).value = "today"
        form.query_one("#next_step", Input).value = "send the [b]deck[/b]"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is today, what="back on Today")
        await data_worker_idle(pilot)
        await wait_for(
            pilot,
            lambda: today_ids(today) == [f"due-{ids['ned']}", f"due-{ids['rita']}"],
            what="Rita under due",
        )
        listing = today.query_one("#today-list", OptionList)
        rita = listing.get_option(f"due-{ids['rita']}")
        assert "next step: send the [b]deck[/b]" in str(rita.prompt)
        # The file: the two fields and nothing else changed.
        after = json.loads(path.read_text())["contacts"][str(ids["rita"])]
        assert after.pop("next_step_on") == "2026-11-26"
        assert after.pop("next_step") == "send the [b]deck[/b]"
        assert after == before
        # enter: back on the main screen with Rita selected; the list says "today". The
        # footer says so (the list's own enter is shown nowhere).
        keys = [(k.key, k.description) for k in today.query(FooterKey) if k.display]
        assert keys[0] == ("enter", "Contact")
        listing.highlighted = [o.id for o in listing.options].index(f"due-{ids['rita']}")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is main, what="the main screen")
        assert main.contact_list.highlighted_id == ids["rita"]
        assert due_cell(main, ids["rita"]) == "today"
        await pilot.pause()
        lines = main.timeline.plain_text.splitlines()
        assert "next step today: send the [b]deck[/b]" in lines

        # f on the main screen, both fields emptied: the step is cleared again.
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, NextStepForm), what="the form")
        form = app.screen
        assert form.query_one("#next_step_on", Input).value == "2026-11-26"
        form.query_one("#next_step_on", Input).value = ""
        form.query_one("#next_step", Input).value = ""
        await pilot.press("ctrl+s")
        await data_worker_idle(pilot)
        await wait_for(pilot, lambda: due_cell(main, ids["rita"]) == "next step?", what="cleared")
        after = json.loads(path.read_text())["contacts"][str(ids["rita"])]
        assert after == before


@pytest.mark.parametrize("now", CLOCKS, ids=["round", "microseconds"])
async def test_a_rule_day_changed_in_settings_moves_the_list(tmp_path: Path, now: datetime) -> None:
    path = tmp_path / "followup.json"
    ids = write_engine_data(path, now)
    app = make_app(path, clock=frozen_clock(now), user_tz=NY)
    async with app.run_test(size=SIZE) as pilot:
        main = await wait_loaded(pilot)
        names = [r.name for r in main.contact_list.visible_rows()]
        assert names == ["Ned Silent", "Sam Stepped", "Kim Warm", "Rita Replied"]
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, SettingsForm), what="Settings")
        form = app.screen
        field = form.query_one("#days_after_no_answer", Input)
        assert field.value == "1"
        field.value = "lots"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "business days from 0 to 60" in str(
            form.query_one("#error-days_after_no_answer").render()
        )
        assert app.screen is form
        assert "settings" not in json.loads(path.read_text())
        # Ned's last call, Mon 23 Nov, no answer: 6 business days later is Tue 1 Dec, after
        # Sam's step on Mon 30 Nov.
        field.value = "6"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is main, what="the main screen")
        await data_worker_idle(pilot)
        await wait_for(
            pilot,
            lambda: (
                [r.name for r in main.contact_list.visible_rows()][:2]
                == ["Sam Stepped", "Ned Silent"]
            ),
            what="the list in its new order",
        )
        assert due_cell(main, ids["ned"]) == "Tue 1 Dec"
        (stored,) = json.loads(path.read_text())["settings"].values()
        assert stored["business_days_after"]["no_answer"] == 6
        assert stored["business_days_after"]["voicemail"] == 2
        # Today follows: nobody is due today any more.
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen), what="Today")
        today = app.screen
        assert isinstance(today, TodayScreen)
        await wait_for(pilot, lambda: today.plan is not None, what="the plan")
        assert today_ids(today) == [f"step-{ids['rita']}"]


async def test_settings_add_a_countrys_public_holidays(tmp_path: Path) -> None:
    path = tmp_path / "followup.json"
    write_engine_data(path, CLOCKS[1])
    app = make_app(path, clock=frozen_clock(CLOCKS[1]), user_tz=NY)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_settings(pilot)
        form.query_one("#holiday_country", Input).value = "XX"
        await pilot.pause()
        form.add_public_holidays()
        await pilot.pause()
        assert "XX" in str(form.query_one("#error-holiday_country").render())
        form.query_one("#holiday_country", Input).value = "gb"
        form.query_one("#holiday_year", Input).value = "2026"
        await pilot.pause()
        form.add_public_holidays()
        await pilot.pause()
        text = form.query_one("#holidays", TextArea).text
        # England's 2026 bank holidays include Christmas, Boxing Day (on Saturday: Mon 28).
        assert "2026-12-25" in text and "2026-12-28" in text
        await pilot.press("ctrl+s")
        await data_worker_idle(pilot)
        (stored,) = json.loads(path.read_text())["settings"].values()
        assert "2026-12-25" in stored["holidays"] and "2026-12-28" in stored["holidays"]


async def test_a_new_contact_gets_the_default_cadence_of_the_settings(tmp_path: Path) -> None:
    path = tmp_path / "followup.json"
    store = Store.open(path, clock=frozen_clock(CLOCKS[1]))
    store.save_settings(Settings(keep_warm_days=60))
    store.close()
    app = make_app(path, clock=frozen_clock(CLOCKS[1]), user_tz=NY)
    async with app.run_test(size=SIZE) as pilot:
        main = await wait_loaded(pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactForm), what="the form")
        await pilot.press(*"Zoe Park")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: main.contact_list.total_count == 1, what="the new row")
        await data_worker_idle(pilot)
    (doc,) = json.loads(path.read_text())["contacts"].values()
    assert doc["name"] == "Zoe Park"
    assert doc["cadence_days"] == 60


@pytest.mark.parametrize("now", CLOCKS, ids=["round", "microseconds"])
async def test_the_log_form_sets_a_next_step_with_the_attempt(
    tmp_path: Path, now: datetime
) -> None:
    path = tmp_path / "followup.json"
    ids = write_engine_data(path, now)
    attempts_before = len(json.loads(path.read_text())["attempts"])
    app = make_app(path, clock=frozen_clock(now), user_tz=NY)
    async with app.run_test(size=SIZE) as pilot:
        main = await wait_loaded(pilot, select=ids["rita"])
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, AttemptForm), what="the log form")
        log_form = app.screen
        hint_line = log_form.query_one("#next-step-hint")
        await pilot.pause()
        # (its lines break between keys: read as one)
        assert str(hint_line.render()).replace("\n", " · ") == (
            "1-6 log at once · ctrl+s or enter save · esc cancel · ctrl+f next step"
        )
        # Both fields empty: saving would clear the step, and the hint says so.
        await pilot.press("ctrl+f")
        await wait_for(pilot, lambda: isinstance(app.screen, NextStepForm), what="the step form")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is log_form, what="back in the log form")
        await pilot.pause()
        assert str(hint_line.render()).replace("\n", " · ") == (
            "ctrl+s or enter save · esc cancel · clears the next step"
        )
        await pilot.press("ctrl+f")
        await wait_for(pilot, lambda: isinstance(app.screen, NextStepForm), what="the step form")
        step_form = app.screen
        step_form.query_one("#next_step_on", Input).value = "mon"
        step_form.query_one("#next_step", Input).value = "call after the offsite"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is log_form, what="back in the log form")
        hint = str(log_form.query_one("#next-step-hint").render())
        assert "next step Mon 30 Nov: call after the offsite" in hint
        await pilot.press("ctrl+s")  # a phone call, no answer, now
        await wait_for(pilot, lambda: app.screen is main, what="the main screen")
        await data_worker_idle(pilot)
        await wait_for(pilot, lambda: due_cell(main, ids["rita"]) == "Mon 30 Nov", what="due")
    tables = json.loads(path.read_text())
    assert len(tables["attempts"]) == attempts_before + 1
    rita = tables["contacts"][str(ids["rita"])]
    assert (rita["next_step_on"], rita["next_step"]) == ("2026-11-30", "call after the offsite")


async def test_settings_show_the_ignored_values_of_the_file_under_their_fields(
    tmp_path: Path,
) -> None:
    path = tmp_path / "followup.json"
    write_engine_data(path, CLOCKS[1])
    tables = json.loads(path.read_text())
    tables["settings"] = {"1": {"work_start_hour": "nine", "keep_warm_days": -4}}
    path.write_text(json.dumps(tables))
    app = make_app(path, clock=frozen_clock(CLOCKS[1]), user_tz=NY)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_settings(pilot)
        hours = str(form.query_one("#error-work_hours").render())
        assert hours == 'in the file: work_start_hour "nine" is not an hour from 0 to 23, ignored'
        assert form.query_one("#work_hours", Input).value == "08:00-18:00"  # the default
        assert "keep_warm_days -4" in str(form.query_one("#error-keep_warm_days").render())
        assert str(form.query_one("#error-home_region").render()) == ""
        # Saved as shown, the file holds good values again.
        await pilot.press("ctrl+s")
        await data_worker_idle(pilot)
    (stored,) = json.loads(path.read_text())["settings"].values()
    assert (stored["work_start_hour"], stored["keep_warm_days"]) == (8, 30)


async def test_on_a_narrow_terminal_todays_lines_hang_under_their_first_word(
    tmp_path: Path,
) -> None:
    """At 60 columns each line of Today that is too wide goes on indented as far as it began
    (not back at the left edge), and again after the terminal is resized; the footer is the
    compact one and keeps Back."""
    from rich.cells import cell_len

    from followup_tui.ui.widgets.steady_footer import SteadyFooter

    path = tmp_path / "followup.json"
    write_engine_data(path, CLOCKS[1])
    app = make_app(path, clock=frozen_clock(CLOCKS[1]), user_tz=NY)

    def lines_of(today: TodayScreen) -> list[str]:
        listing = today.query_one("#today-list", OptionList)
        return [
            line
            for option in listing.options
            if not option.disabled
            for line in str(option.prompt).split("\n")
        ]

    async with app.run_test(size=(60, 20)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen), what="Today")
        today = app.screen
        assert isinstance(today, TodayScreen)
        await wait_for(pilot, lambda: today.plan is not None, what="the plan")
        await pilot.pause()
        width = today.query_one("#today-list", OptionList).scrollable_content_region.width
        lines = lines_of(today)
        assert all(cell_len(line) <= width for line in lines), (width, lines)
        assert all(line.startswith("  ") for line in lines), lines
        assert any(line.startswith("    ") and "·" not in line for line in lines), lines
        footer = today.query_one(SteadyFooter)
        assert footer.compact  # as the main screen's below 100 columns
        shown = [k.key for k in footer.query(FooterKey) if k.display]
        # Every key of Today fits, the call session's among them.
        assert shown == ["enter", "escape", "f", "c", "ctrl+p"]
        await pilot.resize_terminal(160, 30)
        for _ in range(3):
            await pilot.pause()
        assert not footer.compact
        wide = lines_of(today)
        assert len(wide) < len(lines)
        assert "".join("".join(wide).split()) == "".join("".join(lines).split())
