"""Screenshots of the real app on demo data: screenshots/main.svg, log-form.svg, help.svg,
today.svg, settings.svg, insights.svg, call-session.svg, session-summary.svg, interview.svg
(a timeline with an interview and its thank-you e-mail), interview-form.svg, news-bank.svg and
narrow.svg (60x20: one pane at a time under a tab strip).

Run with ``make screenshots``. The clock is frozen so the pictures do not change from run to
run; the demo data is written into a temporary file. The script runs itself again with a fixed
hash seed: plotext picks which axis labels of a chart to show in an order that depends on it,
so insights.svg came out different on every run.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

if __name__ == "__main__" and os.environ.get("PYTHONHASHSEED") != "0":
    os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"})

from followup_tui.domain.clock import frozen_clock  # noqa: E402
from followup_tui.io.demo import write_demo  # noqa: E402
from followup_tui.storage import Store  # noqa: E402
from followup_tui.ui.app import make_app  # noqa: E402

#: Thursday 26 November 2026, 14:05 UTC: 09:05 in New York, mid-morning of a call session.
NOW = datetime(2026, 11, 26, 14, 5, tzinfo=UTC)
USER_ZONE = "America/New_York"
SIZE = (120, 36)
#: The insights screen at the size where all its charts show at once.
INSIGHTS_SIZE = (200, 60)
#: The smallest terminal the app is made for.
NARROW_SIZE = (60, 20)
OUT = ROOT / "screenshots"


async def _loaded(pilot) -> None:  # type: ignore[no-untyped-def]
    app = pilot.app
    for _ in range(500):
        screen = app.main_screen
        if screen.workspace is not None and screen.ws.loaded:
            break
        await pilot.pause(0.02)
    else:
        raise SystemExit("the demo data never loaded")
    await _settled(pilot)


async def _settled(pilot) -> None:  # type: ignore[no-untyped-def]
    """Until the heatmap shows the highlighted contact (it is computed on the data worker)."""
    for _ in range(500):
        if pilot.app.main_screen.reach_settled:
            break
        await pilot.pause(0.02)
    await pilot.pause(0.1)


def _no_blink(app) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets import Input

    for field in app.screen.query(Input):
        field.cursor_blink = False


async def shoot(folder: Path) -> list[Path]:
    path = folder / "followup.json"
    clock = frozen_clock(NOW)
    store = Store.open(path, clock=clock)
    try:
        write_demo(store, NOW)
        met = _add_interview_and_news(store)
    finally:
        store.close()
    app = make_app(path, clock=clock, user_tz=USER_ZONE)
    app.title = "followup-tui"
    written: list[Path] = []
    OUT.mkdir(exist_ok=True)

    def save(name: str) -> None:
        _no_blink(app)
        written.append(Path(app.save_screenshot(filename=name, path=str(OUT))))

    async with app.run_test(size=SIZE) as pilot:
        await _loaded(pilot)
        main = app.main_screen
        # A contact with a long history shows the timeline and the heatmap at their best.
        contacts = main.ws.snapshot.contacts
        open_ids = [cid for cid, c in contacts.items() if c.status != "closed"]
        busiest = max(open_ids, key=lambda cid: len(main.ws.attempts_of(cid)))
        main.contact_list.select(busiest)
        await pilot.pause()
        await _settled(pilot)
        save("main.svg")
        await pilot.press("l")
        await pilot.pause(0.1)
        save("log-form.svg")
        await pilot.press("escape", "question_mark")
        await pilot.pause(0.1)
        save("help.svg")
        await pilot.press("escape", "t")
        for _ in range(500):
            if getattr(app.screen, "plan", None) is not None:
                break
            await pilot.pause(0.02)
        else:
            raise SystemExit("Today was never computed")
        await pilot.pause(0.1)
        save("today.svg")
        await pilot.press("escape", "s")
        await pilot.pause(0.1)
        save("settings.svg")
        await pilot.press("escape")
        await _call_session(pilot, save)
        main.contact_list.select(met)
        await pilot.pause()
        await _settled(pilot)
        save("interview.svg")
        await pilot.press("i", *"Sam")
        await pilot.pause(0.1)
        save("interview-form.svg")
        await pilot.press("escape", "escape", "w")
        await pilot.pause(0.1)
        save("news-bank.svg")
        await pilot.press("escape")
    app = make_app(path, clock=clock, user_tz=USER_ZONE)
    app.title = "followup-tui"
    async with app.run_test(size=INSIGHTS_SIZE) as pilot:
        await _loaded(pilot)
        await pilot.press("g")
        for _ in range(500):
            if getattr(app.screen, "insights", None) is not None:
                break
            await pilot.pause(0.02)
        else:
            raise SystemExit("the insights were never computed")
        await pilot.pause(0.2)
        save("insights.svg")
        await pilot.press("escape")
    app = make_app(path, clock=clock, user_tz=USER_ZONE)
    app.title = "followup-tui"
    async with app.run_test(size=NARROW_SIZE) as pilot:
        await _loaded(pilot)
        await _settled(pilot)
        save("narrow.svg")
    return written


async def _call_session(pilot, save) -> None:  # type: ignore[no-untyped-def]
    """The call session on the first contact due (with its window), then its summary."""
    from followup_tui.ui.screens.call_session import CallSessionScreen

    app = pilot.app
    await pilot.press("c")
    session = app.screen
    if not isinstance(session, CallSessionScreen):
        raise SystemExit("the call session did not open")
    for _ in range(500):
        if "try " in session.card.plain_text:
            break
        await pilot.pause(0.02)
    await pilot.pause(0.1)
    save("call-session.svg")
    await pilot.press("2", "1", "escape")
    await pilot.pause(0.2)
    save("session-summary.svg")
    await pilot.press("escape")


def _add_interview_and_news(store: Store) -> int:
    """An interview three hours ago with the first contact whose company is known (the one the
    interview screenshot shows), and a few news items; returns that contact's id."""
    from datetime import date, timedelta

    from followup_tui.domain.models import Interview, NewsItem

    snapshot = store.snapshot()
    person = next(c for c in snapshot.contacts.values() if c.company and c.status != "closed")
    assert person.id is not None
    store.add_interview(
        Interview(
            person.company,
            NOW - timedelta(hours=3),
            (person.id,),
            notes="Panel on the credit desk\nAsked about the Q1 roadmap",
        )
    )
    for text, day in (
        ("Passed CFA Level II", date(2026, 11, 20)),
        ("Published a note on regional banks", date(2026, 11, 24)),
        ("Finished the Python for finance course", date(2026, 10, 30)),
    ):
        store.add_news(NewsItem(text, day))
    return person.id


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="followup-tui-screens-") as folder:
        # The summary bar shows the data file under the home folder as ~/followup.json.
        os.environ["HOME"] = folder
        for written in asyncio.run(shoot(Path(folder))):
            print(written.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
