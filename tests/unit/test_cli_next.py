"""``followup-tui next``: set a next step from the command line; ``due`` and the calendar export
list a contact who answered until one is set. The clock is Thu 26 Nov 2026, 09:05 New York."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from icalendar import Calendar

from followup_tui import cli
from followup_tui.__main__ import main
from followup_tui.domain.models import Attempt, Contact
from followup_tui.storage import Store
from tests.conftest import FROZEN_NOW
from tests.unit.import_helpers import commands_and_modules, t

#: A real clock has microseconds: Thu 26 Nov 2026 14:05:07.123456 UTC (09:05 New York).
NOW = FROZEN_NOW + timedelta(seconds=7, microseconds=123456)


@pytest.fixture(autouse=True)
def frozen_cli_clock(monkeypatch):
    monkeypatch.setattr(cli, "clock", lambda: NOW)
    monkeypatch.delenv("FOLLOWUP_TUI_DB", raising=False)


@pytest.fixture
def replied(db_path, frozen_clock):
    """Dana replied by e-mail on Tue 24 Nov; Lee was called (no answer) on Wed 25 Nov."""
    store = Store.open(db_path, clock=frozen_clock)
    dana = store.add_contact(
        Contact(
            name="Dana Smith",
            company="Acme",
            emails=("dana@acme.example",),
            phones=("+12125550134",),
            timezone="America/New_York",
            created_at=t(1, 9),
        )
    )
    lee = store.add_contact(Contact(name="Lee Park", phones=("+12125550199",), created_at=t(1, 9)))
    store.add_attempt(Attempt(dana.id or 0, t(24, 15, 30), "email", "replied"))
    store.add_attempt(Attempt(lee.id or 0, t(25, 15, 30), "phone", "no_answer", "hidden"))
    store.close()
    return db_path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_reply_is_listed_under_needs_a_next_step(replied, capsys):
    code, out, _ = run(capsys, "--db", str(replied), "due")
    assert code == 0
    assert out.splitlines()[-3:] == [
        "Needs a next step (1):",
        "  Dana Smith · Acme · 1 attempt · replied 2 days ago · needs a next step",
        '  (set one: followup-tui next NAME --on DATE --step "what to do")',
    ]
    code, out, _ = run(capsys, "--db", str(replied), "due", "--json")
    data = json.loads(out)
    assert [i["name"] for i in data["due"]] == ["Lee Park"]
    (dana,) = data["needs_next_step"]
    assert (dana["name"], dana["next_due"], dana["due"]) == (
        "Dana Smith",
        None,
        "needs a next step",
    )
    assert dana["needs_next_step"] is True and dana["window"] is None


def test_next_sets_the_day_and_the_words(replied, capsys):
    code, out, err = run(
        capsys, "--db", str(replied), "next", "dana", "--on", "mon", "--step", "call after QBR"
    )
    assert (code, err) == (0, "")
    assert out == "Next step for Dana Smith Mon 30 Nov (2026-11-30): call after QBR.\n"
    doc = json.loads(replied.read_text())["contacts"]["1"]
    assert (doc["next_step_on"], doc["next_step"]) == ("2026-11-30", "call after QBR")
    # No longer needing one; not due before Monday.
    code, out, _ = run(capsys, "--db", str(replied), "due", "--json")
    data = json.loads(out)
    assert data["needs_next_step"] == []
    assert [i["name"] for i in data["due"]] == ["Lee Park"]


def test_a_next_step_in_the_future_wins_over_the_rule(replied, capsys):
    # Lee: no answer Wed 25 + 1 business day = due today; a step on Thu 3 Dec wins.
    code, out, _ = run(capsys, "--db", str(replied), "next", "Lee Park", "--on", "+7")
    assert (code, out) == (0, "Next step for Lee Park Thu 3 Dec (2026-12-03).\n")
    code, out, _ = run(capsys, "--db", str(replied), "due", "--json")
    assert json.loads(out)["due"] == []
    code, out, _ = run(capsys, "--db", str(replied), "next", "Lee Park", "--clear")
    assert (code, out) == (0, "Cleared the next step of Lee Park.\n")
    doc = json.loads(replied.read_text())["contacts"]["2"]
    assert "next_step_on" not in doc and "next_step" not in doc
    code, out, _ = run(capsys, "--db", str(replied), "due", "--json")
    assert [i["name"] for i in json.loads(out)["due"]] == ["Lee Park"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--on", "2026-11-20"], "--on: 2026-11-20 is in the past; a next step is today or later"),
        (
            ["--on", "soon"],
            "--on: 'soon' is not a day I can read (e.g. 2026-12-07, tomorrow, mon, +3)",
        ),
        ([], "--on: give the day of the next step (or --clear to remove it)"),
        (
            ["--clear", "--on", "mon"],
            "--clear removes the next step; give it without --on and --step",
        ),
        (["--on", "mon", "--step", "x" * 201], "--step: at most 200 characters"),
    ],
)
def test_next_mistakes_are_one_line_and_write_nothing(replied, capsys, argv, message):
    before = replied.read_bytes()
    code, out, err = run(capsys, "--db", str(replied), "next", "Dana Smith", *argv)
    assert (code, out, err) == (2, "", f"followup-tui: {message}\n")
    assert replied.read_bytes() == before


def test_next_for_nobody_creates_no_file(tmp_path, capsys):
    db = tmp_path / "followup.json"
    code, _, err = run(capsys, "--db", str(db), "next", "Dana", "--on", "mon")
    assert (code, err) == (
        2,
        "followup-tui: no contact named 'Dana' (the data file has no contacts yet)\n",
    )
    assert not db.exists()


def test_log_of_a_reply_says_a_next_step_is_needed(replied, capsys):
    code, out, _ = run(capsys, "--db", str(replied), "log", "Lee Park", "--outcome", "reached")
    assert code == 0
    assert out.endswith(
        'Next due Thu 3 Dec. Needs a next step: followup-tui next "Lee Park" --on DATE.\n'
    )


def test_the_calendar_keeps_the_contact_who_replied(replied, capsys, tmp_path):
    out_file = tmp_path / "f.ics"
    assert (
        run(capsys, "--db", str(replied), "export", "--format", "ics", "-o", str(out_file))[0] == 0
    )
    events = {
        str(e["SUMMARY"]): e for e in Calendar.from_ical(out_file.read_bytes()).walk("VEVENT")
    }
    assert "Set a next step: Dana Smith (Acme)" in events
    run(capsys, "--db", str(replied), "next", "dana", "--on", "mon", "--step", "call after QBR")
    assert (
        run(capsys, "--db", str(replied), "export", "--format", "ics", "-o", str(out_file))[0] == 0
    )
    events = {
        str(e["SUMMARY"]): e for e in Calendar.from_ical(out_file.read_bytes()).walk("VEVENT")
    }
    dana = events["Follow up: Dana Smith (Acme)"]
    assert "Next step: call after QBR" in str(dana["DESCRIPTION"])
    assert "Due Mon 30 Nov." in str(dana["DESCRIPTION"])


# -- followup-tui settings ------------------------------------------------------------------------


def test_settings_change_the_rule_days_of_due(replied, capsys):
    # Lee: no answer Wed 25 Nov. With 1 business day he is due today; with 3, on Mon 30 Nov.
    assert [
        i["name"] for i in json.loads(run(capsys, "--db", str(replied), "due", "--json")[1])["due"]
    ] == ["Lee Park"]
    code, out, err = run(
        capsys, "--db", str(replied), "settings", "--set", "days_after_no_answer=3"
    )
    assert (code, out, err) == (0, "Saved the settings: days_after_no_answer.\n", "")
    assert json.loads(run(capsys, "--db", str(replied), "due", "--json")[1])["due"] == []
    shown = run(capsys, "--db", str(replied), "settings")[1].splitlines()
    assert "days_after_no_answer     3" in shown
    doc = json.loads(run(capsys, "--db", str(replied), "settings", "--json")[1])
    assert doc["business_days_after"]["no_answer"] == 3


def test_settings_add_a_countrys_holidays(replied, capsys):
    code, out, _ = run(capsys, "--db", str(replied), "settings", "--add-holidays", "US", "2026")
    assert (code, out) == (0, "Saved the settings: holidays (12 holidays added).\n")
    # Thanksgiving (today) is no business day: Lee (no answer Wed 25) is due Fri 27 now.
    data = json.loads(run(capsys, "--db", str(replied), "due", "--json")[1])
    assert data["due"] == []
    code, out, _ = run(capsys, "--db", str(replied), "settings", "--add-holidays", "US", "2026")
    assert (code, out) == (0, "The settings were already so; nothing changed.\n")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--set", "work_hours=19-7"],
            "work_hours: write whole hours like 08:00-18:00 (start before end)",
        ),
        (
            ["--set", "holidays=xmas", "--set", "keep_warm_days=0"],
            "holidays: 'xmas' is not a date like 2026-12-25; "
            "keep_warm_days: a whole number of days from 1 to 3650",
        ),
        (
            ["--set", "volume=11"],
            "--set: 'volume' is not a setting (one of home_region, timezone, hide_caller_id, "
            "prefixes, work_hours, holidays, reached_next_days, keep_warm_days, "
            "thank_you_template, days_after_no_answer, days_after_busy, days_after_gatekeeper, "
            "days_after_wrong_number, days_after_voicemail, days_after_sent)",
        ),
        (["--set", "work_hours"], "--set: 'work_hours' is not FIELD=VALUE"),
        (
            ["--add-holidays", "XX", "2026"],
            "--add-holidays: 'XX' is not a country the holidays package knows",
        ),
        (["--add-holidays", "US", "soon"], "--add-holidays: 'soon' is not a year"),
        (["--subdivision", "NY"], "--subdivision goes with --add-holidays"),
    ],
)
def test_settings_mistakes_are_one_line_and_write_nothing(replied, capsys, argv, message):
    before = replied.read_bytes()
    code, out, err = run(capsys, "--db", str(replied), "settings", *argv)
    assert (code, out, err) == (2, "", f"followup-tui: {message}\n")
    assert replied.read_bytes() == before


def test_next_and_settings_load_neither_textual_nor_the_holidays_package(replied):
    runs = [
        ["--db", str(replied), "next", "Dana Smith", "--on", "2027-01-04"],
        ["--db", str(replied), "settings"],
        ["--db", str(replied), "settings", "--set", "work_hours=07:00-19:00"],
        ["--db", str(replied), "due"],
    ]
    assert commands_and_modules(runs, ("textual", "rich", "holidays")) == "[0, 0, 0, 0] []"
