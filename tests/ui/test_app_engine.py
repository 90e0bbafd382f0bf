"""The follow-up engine in the app: the list and the timeline say what ``followup-tui due`` says.

The clock: Thu 26 Nov 2026, 09:05 New York (the user's zone), with and without microseconds.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from followup_tui.analytics.today import plan_today
from followup_tui.domain.clock import frozen_clock
from followup_tui.domain.models import Attempt, Contact
from followup_tui.storage import Store
from followup_tui.ui.app import make_app

from ._app_helpers import NOW, NY, SIZE, wait_for, wait_loaded

CLOCKS = [NOW, NOW + timedelta(seconds=7, microseconds=123456)]


def write_engine_data(path: Path, now: datetime) -> dict[str, int]:
    """Rita replied on Tue 24 Nov (no next step); Kim is kept warm, called in 20 of the 22
    months since January 2025; Sam has a next step on Mon 30 Nov; Ned was never answered."""
    store = Store.open(path, clock=frozen_clock(now))
    ids: dict[str, int] = {}
    try:
        with store.batch():
            rita = store.add_contact(
                Contact("Rita Replied", phones=("+12125550101",), timezone=NY, created_at=now)
            )
            kim = store.add_contact(
                Contact(
                    "Kim Warm",
                    phones=("+12125550102",),
                    timezone=NY,
                    status="keep_warm",
                    cadence_days=30,
                    created_at=datetime(2024, 12, 1, tzinfo=UTC),
                )
            )
            sam = store.add_contact(
                Contact(
                    "Sam Stepped",
                    phones=("+12125550103",),
                    timezone=NY,
                    next_step_on=date(2026, 11, 30),
                    next_step="call after QBR",
                    created_at=datetime(2026, 10, 1, tzinfo=UTC),
                )
            )
            ned = store.add_contact(
                Contact("Ned Silent", phones=("+12125550104",), timezone=NY, created_at=now)
            )
            store.add_attempt(
                Attempt(rita.id or 0, datetime(2026, 11, 24, 15, tzinfo=UTC), "email", "replied")
            )
            months = [(2025, m) for m in range(1, 13) if m != 3]
            months += [(2026, m) for m in range(1, 12) if m != 7]
            for year, month in months:  # 21 attempts, one a month; Nov 2026 is not over yet
                when = datetime(year, month, 10, 15, tzinfo=UTC)
                store.add_attempt(Attempt(kim.id or 0, when, "phone", "reached", "hidden"))
            store.add_attempt(
                Attempt(sam.id or 0, datetime(2026, 11, 20, 15, tzinfo=UTC), "email", "replied")
            )
            for day in (16, 18, 23):
                when = datetime(2026, 11, day, 15, tzinfo=UTC)
                store.add_attempt(Attempt(ned.id or 0, when, "phone", "no_answer", "hidden"))
            ids = {"rita": rita.id or 0, "kim": kim.id or 0, "sam": sam.id or 0, "ned": ned.id or 0}
    finally:
        store.close()
    return ids


def due_cell(main, contact_id: int) -> str:
    rows = main.contact_list.visible_rows()
    index = next(i for i, r in enumerate(rows) if r.contact_id == contact_id)
    return main.contact_list.render_line(index + 1).text.rstrip()[-10:].strip()


async def show(pilot, main, contact_id: int, name: str) -> None:
    """Highlight a contact and wait until the timeline shows them (it follows after a pause,
    later on a busy machine)."""
    main.contact_list.select(contact_id)
    await wait_for(
        pilot,
        lambda: (
            main.timeline.plain_text.splitlines()[:1] != []
            and name in main.timeline.plain_text.splitlines()[0]
        ),
        what=f"the timeline of {name}",
    )


@pytest.mark.parametrize("now", CLOCKS, ids=["round", "microseconds"])
async def test_list_and_timeline_say_what_due_says(tmp_path: Path, now: datetime) -> None:
    path = tmp_path / "followup.json"
    ids = write_engine_data(path, now)
    app = make_app(path, clock=frozen_clock(now), user_tz=NY)
    async with app.run_test(size=SIZE) as pilot:
        main = await wait_loaded(pilot)
        # Ned: no answer Mon 23 + 1 = Tue 24; overdue Wed 25, Thu 26. Kim: reached Tue 10 Nov
        # + 30 days = Thu 10 Dec. Sam: his step on Mon 30 Nov. Rita: needs a next step.
        assert due_cell(main, ids["ned"]) == "2 bd late"
        assert due_cell(main, ids["sam"]) == "Mon 30 Nov"
        assert due_cell(main, ids["kim"]) == "Thu 10 Dec"
        assert due_cell(main, ids["rita"]) == "next step?"
        names = [r.name for r in main.contact_list.visible_rows()]
        assert names == ["Ned Silent", "Sam Stepped", "Kim Warm", "Rita Replied"]
        today = plan_today(main.ws.snapshot, NY, now)
        assert [i.contact.name for i in today.due] == names[:1]
        assert [i.contact.name for i in today.needs_next_step] == ["Rita Replied"]

        await show(pilot, main, ids["ned"], "Ned Silent")
        lines = main.timeline.plain_text.splitlines()
        assert lines[1].endswith("3 attempts · 10 days silent")  # since Mon 16 Nov
        entries = [line for line in lines if line.startswith("#")]
        assert [e.split(" ")[0] for e in entries] == ["#3", "#2", "#1"]  # newest first

        await show(pilot, main, ids["kim"], "Kim Warm")
        text = main.timeline.plain_text
        # Complete months since Jan 2025: Jan 2025..Oct 2026 = 22; called in all but Mar 2025
        # and Jul 2026.
        assert "keep warm: called 20 of the last 22 months" in text
        assert "#21 " in text and "#1 " in text

        await show(pilot, main, ids["sam"], "Sam Stepped")
        lines = main.timeline.plain_text.splitlines()
        assert lines[1].endswith("1 attempt · replied 6 days ago")
        assert lines[2] == "next step Mon 30 Nov: call after QBR"

        await show(pilot, main, ids["rita"], "Rita Replied")
        lines = main.timeline.plain_text.splitlines()
        assert lines[1].endswith("1 attempt · replied 2 days ago · needs a next step")
