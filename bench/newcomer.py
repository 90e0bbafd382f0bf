"""A newcomer's first minute, counted: from a new, empty data file to a contact added and a
first call logged, using only keys the footer or the help (``?``) show at that moment.

``first_call`` drives the real app headless and returns the keys pressed and the text typed;
the test suite checks the path works (tests/ui/test_newcomer.py) and ``make bench`` prints the
count (target: at most 10 keys plus the typed text).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from followup_tui.domain.clock import frozen_clock
from followup_tui.ui.app import FollowupApp, make_app

NAME = "Ann Lee"
#: Thursday 26 November 2026, 14:05:07.123456 UTC: a real clock's minute.
NOW = datetime(2026, 11, 26, 14, 5, 7, 123456, tzinfo=UTC)
TARGET_KEYS = 10


@dataclass
class Walk:
    keys: list[str] = field(default_factory=list)
    """Every key pressed that is not typed text, in order."""
    typed: str = ""
    """The text typed into fields."""

    @property
    def key_count(self) -> int:
        return len(self.keys)


class KeyNotShown(AssertionError):
    """A key the newcomer could not have known: not in the footer, the help or a form hint."""


async def _until(pilot: Any, predicate: Any, what: str, timeout: float = 30.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.02)
    await pilot.pause()


def _shown_keys(app: FollowupApp) -> set[str]:
    """The keys the footer or the help (every active binding, ``?``) offer right now."""
    return set(app.active_bindings)


async def _key(pilot: Any, walk: Walk, key: str) -> None:
    if key not in _shown_keys(pilot.app):
        raise KeyNotShown(f"{key!r} is shown neither in the footer nor in the help")
    walk.keys.append(key)
    await pilot.press(key)
    await pilot.pause()


async def _type(pilot: Any, walk: Walk, text: str) -> None:
    walk.typed += text
    await pilot.press(*text)
    await pilot.pause()


async def first_call(path: Path, size: tuple[int, int] = (80, 24)) -> tuple[Walk, FollowupApp]:
    """Add a contact and log a call on a new file at ``path``; the walk and the app (closed)."""
    app = make_app(path, clock=frozen_clock(NOW), user_tz="America/New_York")
    walk = Walk()
    async with app.run_test(size=size) as pilot:
        main = app.main_screen
        await _until(pilot, lambda: main.workspace is not None and main.ws.loaded, "the file")
        await _key(pilot, walk, "n")  # the welcome and the footer say: n add your first contact
        await _until(pilot, lambda: type(app.screen).__name__ == "ContactForm", "the form")
        await _type(pilot, walk, NAME)
        await _key(pilot, walk, "enter")  # the form's hint: ctrl+s or enter save
        await _until(pilot, lambda: main.selected is not None, "the new contact")
        await _key(pilot, walk, "l")  # the footer: l Log attempt
        await _until(pilot, lambda: type(app.screen).__name__ == "AttemptForm", "the log form")
        await _key(pilot, walk, "1")  # the form's hint: 1-6 log at once (1 reached)
        await _until(pilot, lambda: app.screen is main, "the form to close")
        await asyncio.to_thread(app.data.wait_idle)
        await pilot.pause()
    return walk, app


def main() -> None:  # pragma: no cover - a manual check
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        walk, _ = asyncio.run(first_call(Path(folder) / "new.json"))
    print(f"{walk.key_count} keys ({' '.join(walk.keys)}) + {len(walk.typed)} typed characters")


if __name__ == "__main__":  # pragma: no cover
    main()
