"""Shared set-up for the Pilot and snapshot tests of the whole app (not a test module)."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from followup_tui.domain.clock import frozen_clock
from followup_tui.domain.models import Attempt, Contact
from followup_tui.storage import Store
from followup_tui.ui.app import FollowupApp, make_app
from followup_tui.ui.screens.main import MainScreen

#: Thursday 26 November 2026, 14:05 UTC = 09:05 in New York (same as tests/conftest.py).
NOW = datetime(2026, 11, 26, 14, 5, tzinfo=UTC)
#: The same minute as a real clock gives it: seconds and microseconds (the file keeps seconds).
REAL_NOW = datetime(2026, 11, 26, 14, 5, 7, 123456, tzinfo=UTC)
NY = "America/New_York"
SIZE = (120, 36)


def at(days: float = 0, hours: float = 0) -> datetime:
    """An instant ``days`` and ``hours`` before NOW."""
    return NOW - timedelta(days=days, hours=hours)


def write_small_data(path: Path) -> dict[str, int]:
    """A hand-made data file: four contacts in three zones, with a few attempts each.

    Returns the contact ids by first name.
    """
    store = Store.open(path, clock=frozen_clock(NOW))
    try:
        with store.batch():
            ann = store.add_contact(
                Contact(
                    "Ann Lee",
                    company="Acme Robotics",
                    title="Head of Data",
                    phones=("+12125550123",),
                    timezone=NY,
                    tags=("fintech", "referral"),
                    created_at=at(30),
                )
            )
            bashir = store.add_contact(
                Contact(
                    "Bashir Rahman",
                    company="Thameside Capital",
                    emails=("bashir@example.com",),
                    timezone="Europe/London",
                    created_at=at(20),
                )
            )
            chen = store.add_contact(
                Contact(
                    "Chen Wei",
                    company="Harbour AI",
                    timezone="Asia/Singapore",
                    tags=("ml",),
                    created_at=at(3),
                )
            )
            dora = store.add_contact(
                Contact(
                    "Dora Kim",
                    company="Lattice Health",
                    timezone="America/Los_Angeles",
                    status="keep_warm",
                    cadence_days=30,
                    created_at=at(60),
                )
            )
            assert ann.id and bashir.id and chen.id and dora.id
            # Ann, New York: Mon 23 Nov 16:10 ET reached; Tue 24 Nov 10:00 ET no answer;
            # Wed 25 Nov 16:20 ET voicemail (last: due 2 business days later, Fri 27).
            for when, outcome, note in (
                (datetime(2026, 11, 23, 21, 10, tzinfo=UTC), "reached", "Call back Monday"),
                (datetime(2026, 11, 24, 15, 0, tzinfo=UTC), "no_answer", ""),
                (datetime(2026, 11, 25, 21, 20, tzinfo=UTC), "voicemail", "Left a short message"),
            ):
                store.add_attempt(
                    Attempt(
                        ann.id,
                        when,
                        "phone",
                        outcome,
                        caller_id="hidden",
                        note=note,
                        duration_s=95 if outcome == "reached" else None,
                    )
                )
            # Bashir, London: two e-mails, the last on Mon 16 Nov (due 3 business days later).
            for when in (
                datetime(2026, 11, 10, 9, 30, tzinfo=UTC),
                datetime(2026, 11, 16, 9, 30, tzinfo=UTC),
            ):
                store.add_attempt(Attempt(bashir.id, when, "email", "sent"))
            # Dora, Los Angeles: reached on Mon 2 Nov 11:00 PT; keep warm every 30 days.
            store.add_attempt(
                Attempt(
                    dora.id,
                    datetime(2026, 11, 2, 19, 0, tzinfo=UTC),
                    "phone",
                    "reached",
                    caller_id="shown",
                    duration_s=600,
                )
            )
    finally:
        store.close()
    return {"ann": ann.id, "bashir": bashir.id, "chen": chen.id, "dora": dora.id}


def app_on(path: Path, now: datetime = NOW) -> FollowupApp:
    """The real app on ``path``; its clock stands still at ``now``."""
    return make_app(path, clock=frozen_clock(now), user_tz=NY)


def main_screen(app: FollowupApp) -> MainScreen:
    return app.main_screen


async def wait_for(
    pilot: Pilot[Any], predicate: Callable[[], bool], timeout: float = 30.0, what: str = ""
) -> None:
    """Pause until ``predicate()`` holds (the data worker answers asynchronously). The timeout
    is generous: a loaded CI machine running two test processes may take seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what or predicate}")
        await pilot.pause(0.02)
    await pilot.pause()


async def data_worker_idle(pilot: Pilot[Any]) -> None:
    """Pause until the data worker ran every job asked of it so far, and its messages were
    handled: what a fixed sleep would only hope for on a busy machine."""
    app = pilot.app
    assert isinstance(app, FollowupApp)
    await asyncio.to_thread(app.data.wait_idle)
    await pilot.pause()
    await pilot.pause()


async def wait_loaded(pilot: Pilot[Any], select: int | None = None) -> MainScreen:
    """Pause until the data file is loaded; then highlight contact ``select``, if given."""
    app = pilot.app
    assert isinstance(app, FollowupApp)
    await wait_for(
        pilot,
        lambda: main_screen(app).workspace is not None and main_screen(app).ws.loaded,
        what="the data file to load",
    )
    main = main_screen(app)
    if select is not None:
        main.contact_list.select(select)
        await pilot.pause()
    await wait_panes(pilot, main)
    return main


async def wait_panes(pilot: Pilot[Any], main: MainScreen) -> None:
    """Pause until the heatmap shows what the data worker computed for the highlighted
    contact (the reachability is binned off the UI thread)."""
    await wait_for(
        pilot,
        lambda: main.reach_settled,
        what="the reachability of the highlighted contact",
    )


def hold_attempt_saves(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Attempt saves wait (30 s at most) until the returned event is set."""
    release = threading.Event()
    real_add = Store.add_attempt

    def slow_add(self, attempt):  # type: ignore[no-untyped-def]
        assert release.wait(30), "the test never let the save finish"
        return real_add(self, attempt)

    monkeypatch.setattr(Store, "add_attempt", slow_add)
    return release


def fail_attempt_saves(
    monkeypatch: pytest.MonkeyPatch, times: int, error: Exception
) -> dict[str, int]:
    """The next ``times`` attempt saves raise ``error``; ``["left"]`` counts those still to come."""
    failures = {"left": times}
    real_add = Store.add_attempt

    def flaky_add(self, attempt):  # type: ignore[no-untyped-def]
        if failures["left"] > 0:
            failures["left"] -= 1
            raise error
        return real_add(self, attempt)

    monkeypatch.setattr(Store, "add_attempt", flaky_add)
    return failures


def stop_blinking(app: FollowupApp) -> None:
    """Stop cursor blinking so screenshots are stable."""
    for field in app.screen.query(Input):
        field.cursor_blink = False


def type_burst(app: FollowupApp, keys: str) -> None:
    """Keys as a terminal delivers a paste or a fast typist: all queued before any is handled
    (``pilot.press`` waits for each key to be handled before sending the next)."""
    from textual import events
    from textual.keys import _character_to_key

    for key in keys:
        app.post_message(events.Key(_character_to_key(key), key))


def file_tables(path: Path) -> dict[str, dict[str, Any]]:
    return json.loads(path.read_text())


async def run_from_palette(pilot: Pilot[Any], typed: str, title: str) -> None:
    """Open the command palette, type ``typed``, wait for the hit ``title`` and run it."""
    from textual.command import CommandPalette

    app = pilot.app
    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: CommandPalette.is_open(app), what="the palette")
    await pilot.press(*typed)
    palette = app.screen
    await wait_for(
        pilot,
        lambda: any(
            title in str(option.prompt)
            for option in palette.query_one("CommandList").options  # type: ignore[attr-defined]
        ),
        timeout=10,
        what="the palette's hit",
    )
    await pilot.press("enter")


def add_interview_and_news(path: Path, ids: dict[str, int]) -> None:
    """An interview at Acme Robotics five hours before NOW with Ann and Bashir (both still owed
    a thank-you e-mail) and two news items, neither shared yet."""
    from datetime import date

    from followup_tui.domain.models import Interview, NewsItem

    store = Store.open(path, clock=frozen_clock(NOW))
    try:
        store.add_interview(
            Interview(
                "Acme Robotics",
                at(hours=5),
                (ids["ann"], ids["bashir"]),
                notes="Panel on the data platform\nAsked about the Q1 roadmap",
            )
        )
        store.add_news(NewsItem("Passed CFA Level II", date(2026, 11, 20)))
        store.add_news(NewsItem("Published a note on regional banks", date(2026, 11, 24)))
    finally:
        store.close()
