"""The call session (c): a whole session driven by keys, checked in the data file."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from followup_tui.analytics.call_queue import SessionSummary
from followup_tui.domain.clock import frozen_clock
from followup_tui.domain.models import Attempt, Contact
from followup_tui.storage import Store
from followup_tui.ui.app import make_app
from followup_tui.ui.screens.call_session import CallSessionScreen
from followup_tui.ui.screens.session_summary import SessionSummaryScreen

from ._app_helpers import (
    NOW,
    NY,
    REAL_NOW,
    SIZE,
    data_worker_idle,
    file_tables,
    hold_attempt_saves,
    stop_blinking,
    wait_for,
    wait_loaded,
    write_small_data,
)


class MovingClock:
    """The app's clock, moved on by the test (the timer's seconds come from it)."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def write_session_data(path: Path, now: datetime = NOW) -> dict[str, int]:
    """Four contacts due at ``now`` (Thu 26 Nov 2026, 14:05 UTC): Ann in New York (09:05)
    and Bo in Chicago (08:05), last called Sat 21 Nov, and Cy in London (14:05), Sun 22 Nov,
    all due Mon 23 (in name order); Di in Singapore (22:05, outside her hours although she
    is the most overdue: due Mon 19). Ann has seen the user's number three times this week."""
    store = Store.open(path, clock=frozen_clock(NOW))
    ids: dict[str, int] = {}
    try:
        with store.batch():
            for key, name, tz, phone, days in (
                ("ann", "Ann Lee", NY, "+12125550123", 7),
                ("bo", "Bo Park", "America/Chicago", "+13125550142", 5),
                ("cy", "Cy Hart", "Europe/London", "+442079460018", 4),
                ("di", "Di Tan", "Asia/Singapore", "+6561234567", 10),
            ):
                contact = store.add_contact(
                    Contact(name, company=f"{name.split()[1]} Ltd", phones=(phone,), timezone=tz)
                )
                assert contact.id is not None
                ids[key] = contact.id
                store.add_attempt(
                    Attempt(contact.id, NOW - timedelta(days=days), "phone", "no_answer")
                )
            for days in (6.5, 5.5, 5):
                store.add_attempt(
                    Attempt(
                        ids["ann"],
                        NOW - timedelta(days=days),
                        "phone",
                        "no_answer",
                        caller_id="shown",
                        note="Left word with reception" if days == 5 else "",
                    )
                )
    finally:
        store.close()
    return ids


def _new(path: Path, before: set[str]) -> list[dict]:  # type: ignore[type-arg]
    attempts = file_tables(path)["attempts"]
    return [
        doc for key, doc in sorted(attempts.items(), key=lambda kv: int(kv[0])) if key not in before
    ]


def _session(app) -> CallSessionScreen:  # type: ignore[no-untyped-def]
    screen = app.screen
    assert isinstance(screen, CallSessionScreen)
    return screen


async def test_a_whole_session_reached_voicemail_skip_undo(tmp_path: Path, now: datetime) -> None:
    path = tmp_path / "followup.json"
    ids = write_session_data(path)
    before = set(file_tables(path)["attempts"])
    clock = MovingClock(now)
    app = make_app(path, clock=clock, user_tz=NY)
    async with app.run_test(size=SIZE) as pilot:
        main = await wait_loaded(pilot)
        await pilot.press("c")
        session = _session(app)
        # The most overdue inside working hours first: Ann (Di is more overdue, but it is
        # 22:05 in Singapore, so she comes last).
        text = session.card.plain_text
        assert "Ann Lee" in text and "09:05 Thu in New York" in text
        assert "*67 +1 212 555 0123" in text and "caller ID hidden" in text
        assert "attempt 5 · 7 days silent" in text
        assert "has seen your number 3 times in 7 days" in text
        assert "last note (Sat 21 Nov): Left word with reception" in text
        await wait_for(pilot, lambda: "try " in session.card.plain_text, what="the window")

        # A note with digits in it is text, not outcome keys.
        await pilot.press("tab", *"call back at 3", "escape")
        assert session.note.value == "call back at 3"
        assert "Ann Lee" in session.card.plain_text
        clock.advance(42.5)
        await pilot.press("1")  # reached: Bo comes at once
        assert "Bo Park" in session.card.plain_text
        assert "08:05 Thu in Chicago" in session.card.plain_text
        assert session.note.value == ""
        shown_bo = clock.now
        clock.advance(20)
        await pilot.press("2")  # voicemail: Cy
        text = session.card.plain_text
        assert "Cy Hart" in text and "141 020 7946 0018" in text
        await pilot.press("s")  # skipped: Di, outside hours, last
        text = session.card.plain_text
        assert "Di Tan" in text and "outside hours · their time 22:06" in text
        assert "#31# +65 6123 4567" in text
        await pilot.press("u")  # the voicemail is taken back: Bo again
        assert "Bo Park" in session.card.plain_text
        await data_worker_idle(pilot)
        clock.advance(5)
        await pilot.press("escape")
        summary = app.screen
        assert isinstance(summary, SessionSummaryScreen)
        assert summary.summary == SessionSummary(
            calls=1,
            reached=1,
            seconds=67,
            skipped=1,
            streak=("Ann Lee", 5, "reached"),
        )
        assert "1 call made: 1 reached · 0 voicemails · 0 no answer" in summary.plain_text
        await pilot.press("escape")
        assert app.screen is main
        await data_worker_idle(pilot)
        # On return the list counts Ann's call.
        rows = {r.contact_id: r for r in main.contact_list.visible_rows()}
        assert rows[ids["ann"]].attempts == 5
        assert rows[ids["bo"]].attempts == 1
    new = _new(path, before)
    assert new == [
        {
            "contact_id": ids["ann"],
            "at": now.replace(microsecond=0).isoformat(),
            "channel": "phone",
            "outcome": "reached",
            "caller_id": "hidden",
            "duration_s": 43,
            "note": "call back at 3",
            "news_ids": [],
        }
    ]
    assert shown_bo > now


async def test_enter_restarts_the_timer_and_the_call_starts_then(
    tmp_path: Path, now: datetime
) -> None:
    path = tmp_path / "followup.json"
    ids = write_session_data(path)
    before = set(file_tables(path)["attempts"])
    clock = MovingClock(now)
    app = make_app(path, clock=clock, user_tz=NY)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("c")
        clock.advance(100)
        await pilot.press("enter")  # dialling now
        started = clock.now
        clock.advance(12.2)
        await pilot.press("4")  # busy
        await data_worker_idle(pilot)
    (doc,) = _new(path, before)
    assert doc["contact_id"] == ids["ann"] and doc["outcome"] == "busy"
    assert doc["at"] == started.replace(microsecond=0).isoformat()
    assert doc["duration_s"] == 13


async def test_a_contact_without_a_phone_takes_7_not_the_call_keys(tmp_path: Path) -> None:
    path = tmp_path / "followup.json"
    ids = write_small_data(path)  # Bashir: e-mail only, due first
    before = set(file_tables(path)["attempts"])
    app = make_app(path, clock=frozen_clock(REAL_NOW), user_tz=NY)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("c")
        session = _session(app)
        assert "Bashir Rahman" in session.card.plain_text
        assert "no phone: write to  bashir@example.com" in session.card.plain_text
        assert _keys_text(session) == "log  7 e-mail sent"  # the call keys are not offered
        await pilot.press("1", "2")  # no call to log: nothing happens
        assert "Bashir Rahman" in session.card.plain_text
        await pilot.press("7")
        assert "Bashir Rahman" not in session.card.plain_text
        await data_worker_idle(pilot)
    assert _new(path, before) == [
        {
            "contact_id": ids["bashir"],
            "at": "2026-11-26T14:05:07+00:00",
            "channel": "email",
            "outcome": "sent",
            "caller_id": None,
            "duration_s": None,
            "note": "",
            "news_ids": [],
        }
    ]


def _keys_text(session: CallSessionScreen) -> str:
    return str(session.query_one("#session-keys", Static).render())


@pytest.mark.parametrize(("width", "lines"), [(60, 2), (80, 2), (120, 1)])
async def test_every_outcome_key_shows_whole_at_any_width(
    tmp_path: Path, width: int, lines: int
) -> None:
    """The outcome keys are listed above the timer, wrapped between keys (never inside "6
    wrong no."); the footer keeps skip, undo, next step and end, which a narrow terminal cut
    off when the outcomes were in it too."""
    path = tmp_path / "followup.json"
    write_session_data(path)
    app = make_app(path, clock=frozen_clock(REAL_NOW), user_tz=NY)
    async with app.run_test(size=(width, 20 if width < 120 else 36)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("c")
        session = _session(app)
        await pilot.pause()
        shown = _keys_text(session).split("\n")
        assert len(shown) == lines
        assert all(len(line) <= width - 4 for line in shown)
        items = " · ".join(shown).removeprefix("log  ").split(" · ")
        assert items == [
            "1 reached",
            "2 voicemail",
            "3 no answer",
            "4 busy",
            "5 gatekeeper",
            "6 wrong no.",
        ]  # no e-mail address: 7 is not offered
        footer = [
            (key.key_display, key.description)
            for key in session.query(FooterKey)
            if key.region.right <= width - len("^p palette")
        ]
        assert footer == [("s", "skip"), ("u", "undo"), ("f", "next step"), ("esc", "end")]


async def test_a_filtered_list_calls_the_filtered_contacts(tmp_path: Path) -> None:
    path = tmp_path / "followup.json"
    ids = write_session_data(path)
    app = make_app(path, clock=frozen_clock(NOW), user_tz=NY)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("slash", *"tan", "enter", "c")
        session = _session(app)
        assert "Di Tan" in session.card.plain_text
        assert [e.contact_id for e in session.queue.ahead] == [ids["di"]]


async def test_another_copy_logging_the_contact_gives_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "followup.json"
    ids = write_session_data(path)
    clock = MovingClock(NOW)
    app = make_app(path, clock=clock, user_tz=NY)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("c")
        session = _session(app)
        clock.advance(30)
        other = Store.open(path, clock=frozen_clock(NOW))
        try:
            other.add_attempt(Attempt(ids["ann"], NOW + timedelta(seconds=20), "phone", "busy"))
        finally:
            other.close()
        await wait_for(
            pilot,
            lambda: "logged elsewhere" in session.card.plain_text,
            what="the warning of another copy",
        )
        assert "(busy at 09:05): another copy of followup-tui?" in session.card.plain_text


async def test_quitting_mid_session_keeps_what_was_logged(
    tmp_path: Path, now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "followup.json"
    ids = write_session_data(path)
    before = set(file_tables(path)["attempts"])
    release = hold_attempt_saves(monkeypatch)
    app = make_app(path, clock=frozen_clock(now), user_tz=NY)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("c", "3", "2")
        assert "Cy Hart" in _session(app).card.plain_text  # shown before anything is saved
        await pilot.press("ctrl+q")
        await pilot.pause(0.2)
        assert app.is_running  # waits for the saves under way
        release.set()
        await wait_for(pilot, lambda: not app.is_running, what="the quit")
    assert [(d["contact_id"], d["outcome"], d["duration_s"]) for d in _new(path, before)] == [
        (ids["ann"], "no_answer", 1),
        (ids["bo"], "voicemail", 1),
    ]


def test_snapshot_session_screen(snap_compare, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HOME", str(tmp_path))
    path = tmp_path / "followup.json"
    write_session_data(path)
    app = make_app(path, clock=frozen_clock(NOW), user_tz=NY)

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await wait_loaded(pilot)
        await pilot.press("c")
        session = _session(pilot.app)
        await wait_for(pilot, lambda: "try " in session.card.plain_text, what="the window")
        stop_blinking(pilot.app)
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_session_summary(snap_compare, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HOME", str(tmp_path))
    path = tmp_path / "followup.json"
    write_session_data(path)
    app = make_app(path, clock=frozen_clock(NOW), user_tz=NY)

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await wait_loaded(pilot)
        await pilot.press("c", "2", "1", "s", "escape")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, SessionSummaryScreen))
        await data_worker_idle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


async def test_user_text_on_the_card_is_never_markup(tmp_path: Path) -> None:
    path = tmp_path / "followup.json"
    store = Store.open(path, clock=frozen_clock(NOW))
    try:
        contact = store.add_contact(
            Contact(
                "[@click=app.quit]Mal[/]",
                company="Ann [/]",
                title="[b]boss\x1b[31m",
                phones=("+12125550123",),
                timezone=NY,
                created_at=NOW - timedelta(days=2),
            )
        )
        assert contact.id is not None
        store.add_attempt(
            Attempt(contact.id, NOW - timedelta(days=3), "phone", "busy", note="[red]x[/red]")
        )
    finally:
        store.close()
    app = make_app(path, clock=frozen_clock(NOW), user_tz=NY)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("c")
        text = _session(app).card.plain_text
        assert "[@click=app.quit]Mal[/]" in text
        assert "[b]boss · Ann [/]" in text and "\x1b" not in text
        assert "[red]x[/red]" in text
        await pilot.click("#call-card")
        assert app.is_running


@pytest.mark.parametrize("now", [NOW, REAL_NOW], ids=["round", "real-clock"])
async def test_f_sets_the_next_step_of_the_contact_on_screen(tmp_path: Path, now: datetime) -> None:
    from textual.widgets import Input

    from followup_tui.ui.screens.next_step_form import NextStepForm

    path = tmp_path / "followup.json"
    ids = write_session_data(path)
    attempts_before = set(file_tables(path)["attempts"])
    app = make_app(path, clock=frozen_clock(now), user_tz=NY)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("c")
        session = _session(app)
        assert "Ann Lee" in session.card.plain_text
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, NextStepForm), what="the form")
        form = app.screen
        form.query_one("#next_step_on", Input).value = "2026-12-01"
        form.query_one("#next_step", Input).value = "after the [b]board[/b] meeting"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is session, what="back in the session")
        assert "Ann Lee" in session.card.plain_text  # nothing logged: still Ann
        await wait_for(
            pilot,
            lambda: (
                file_tables(path)["contacts"][str(ids["ann"])].get("next_step_on") == "2026-12-01"
            ),
            what="the next step in the file",
        )
        ann = file_tables(path)["contacts"][str(ids["ann"])]
        assert ann["next_step"] == "after the [b]board[/b] meeting"
        assert set(file_tables(path)["attempts"]) == attempts_before  # f logs nothing


async def test_a_short_terminal_keeps_the_warnings_and_the_window_in_sight(
    tmp_path: Path,
) -> None:
    """At 60×20 the card loses its padding and the note field its border, so the warning (read
    before dialling: right under the contact's time) and the call window show; a taller
    terminal has the roomy layout back."""
    path = tmp_path / "followup.json"
    write_session_data(path)
    app = make_app(path, clock=frozen_clock(NOW), user_tz=NY)
    async with app.run_test(size=(60, 20)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("c")
        session = _session(app)
        await wait_for(pilot, lambda: "try " in session.card.plain_text, what="the window")
        await pilot.pause()
        card = session.card
        lines = [str(line) for line in card.content.wrap(card.content_region.width)]
        shown = lines[: card.content_region.height]
        assert shown[3].startswith("⚠ has seen your number 3 times"), shown
        assert any(line.startswith("try ") for line in shown), shown
        assert session.has_class("-short") and session.note.compact
        assert session.note.region.height == 1
        await pilot.resize_terminal(120, 36)
        await pilot.pause()
        assert not session.has_class("-short") and not session.note.compact
        assert session.note.region.height == 3
