"""User text is data, never markup: hostile names and notes show literally and never act."""

from __future__ import annotations

from pathlib import Path

import orjson

from followup_tui.domain.clock import frozen_clock
from followup_tui.storage import Store
from followup_tui.ui.app import FollowupApp
from followup_tui.ui.screens.confirm import ConfirmScreen
from followup_tui.ui.screens.contact_form import ContactForm
from followup_tui.ui.screens.main import MainScreen
from followup_tui.ui.widgets.contact_list import ContactList

from ._app_helpers import NOW, SIZE, app_on, wait_for, wait_loaded

CLICKER = "[@click=app.quit]x[/]"
CLOSER = "Ann [/]"
HOLD = "[on hold]"


def _write_hostile(path: Path) -> None:
    """Documents written by some other tool, as raw JSON, escape sequences and all."""
    store = Store.open(path, clock=frozen_clock(NOW))
    store.close()
    tables = orjson.loads(path.read_bytes())
    tables["contacts"] = {
        "1": {
            "name": CLICKER,
            "company": "[b]Bold[/b] Inc",
            "timezone": "Europe/London",
            "created_at": "2026-11-20T10:00:00+00:00",
        },
        "2": {
            "name": CLOSER,
            "company": "[link=http://x]co[/link]",
            "tags": ["[red]"],
            "created_at": "2026-11-21T10:00:00+00:00",
        },
        "3": {
            "name": HOLD,
            "company": "Esc\x1b[31mRed\x1b[0m\x9b2J Ltd",
            "created_at": "2026-11-22T10:00:00+00:00",
        },
    }
    tables["attempts"] = {
        "1": {
            "contact_id": 1,
            "at": "2026-11-25T15:00:00+00:00",
            "channel": "phone",
            "outcome": "voicemail",
            "caller_id": "hidden",
            "note": "[red]alarm[/red] [@click=app.quit]q[/] \x1b]0;pwned\x07done",
        },
    }
    path.write_bytes(orjson.dumps(tables))


def _screen_lines(app: FollowupApp) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def test_hostile_names_render_literally_everywhere(db_path: Path) -> None:
    _write_hostile(db_path)
    app = app_on(db_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        main = await wait_loaded(pilot)
        names = [r.name for r in main.contact_list.visible_rows()]
        assert sorted(names) == sorted([CLICKER, CLOSER, HOLD])
        main.contact_list.select(1)
        await pilot.pause()

        screen = "\n".join(_screen_lines(app))
        assert "\x1b" not in screen and "\x9b" not in screen
        assert f"Timeline · {CLICKER}" in screen  # border title
        assert f"{CLICKER} · [b]Bold[/b] Inc" in screen  # timeline heading
        assert "[red]alarm[/red] [@click=app.quit]q[/] done" in screen  # the note
        assert f"Reachability · {CLICKER}" in screen
        assert "EscRed Ltd" in main.contact_list.render_line(3).text + screen
        assert any(line.startswith(("│[on hold]", "│Ann [/]")) for line in screen.splitlines())

        # Clicking and hovering the hostile text does nothing but select.
        await pilot.click(ContactList, offset=(3, 1))
        await pilot.click(ContactList, offset=(3, 2))
        await pilot.click(ContactList, offset=(3, 3))
        await pilot.hover(ContactList, offset=(5, 2))
        await pilot.click("#timeline", offset=(3, 1))
        await pilot.click("#timeline", offset=(4, 0))  # the border title
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, MainScreen)

        # A notification with the name in it.
        main.contact_list.select(1)
        await pilot.pause()
        await pilot.press("delete")
        assert isinstance(app.screen, ConfirmScreen)
        assert f"Delete {CLICKER} and 1 attempt?" in "\n".join(_screen_lines(app))
        await pilot.press("y")
        await wait_for(pilot, lambda: main.contact_list.total_count == 2, what="the delete")
        await wait_for(pilot, lambda: bool(app._notifications), what="the toast")
        toast = [n.message for n in app._notifications]
        assert f"Deleted {CLICKER} and 1 attempt" in toast
        assert f"Deleted {CLICKER} and 1 attempt" in "\n".join(_screen_lines(app))
        await pilot.click("Toast", offset=(10, 1))
        await pilot.pause()
        assert app.is_running

        # Forms on hostile contacts open and show the name as typed.
        main.contact_list.select(2)
        await pilot.pause()
        await pilot.press("e")
        assert isinstance(app.screen, ContactForm)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        assert app.is_running
