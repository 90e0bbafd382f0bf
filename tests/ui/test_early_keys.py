"""Keys typed in one burst with the key that opened a screen wait for that screen's focus
(ui/early_keys.py); a screen that takes no focus gets them after a moment, and is not waited
for again."""

from __future__ import annotations

import time
from pathlib import Path

from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Button

from followup_tui.ui import early_keys

from ._app_helpers import SIZE, app_on, type_burst, wait_for, wait_loaded, write_small_data


class Unfocused(Screen[None]):
    """A screen with something to focus that does not take the focus by itself."""

    AUTO_FOCUS = ""

    def __init__(self) -> None:
        super().__init__()
        self.keys: list[tuple[str, float]] = []

    def compose(self) -> ComposeResult:
        yield Button("ok")

    def on_key(self, event: events.Key) -> None:
        self.keys.append((event.character or event.key, time.monotonic()))


async def test_a_screen_without_focus_gets_its_keys_after_the_limit_then_at_once(
    db_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(early_keys, "HOLD_LIMIT_S", 0.2)
    write_small_data(db_path)
    app = app_on(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        screen = Unfocused()
        started = time.monotonic()
        app.push_screen(screen)
        type_burst(app, "ab")
        await wait_for(pilot, lambda: len(screen.keys) == 2, timeout=5)
        assert [k for k, _ in screen.keys] == ["a", "b"]  # in their order
        assert screen.keys[0][1] - started >= 0.2  # held for the focus that never came
        monkeypatch.setattr(early_keys, "HOLD_LIMIT_S", 60.0)  # held again: no key for a minute
        type_burst(app, "c")
        await wait_for(pilot, lambda: len(screen.keys) == 3, timeout=5)
        assert screen.keys[2][0] == "c"  # not held again for this screen
