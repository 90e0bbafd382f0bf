"""The app runs the garbage collector's full passes between keys (``ui.collector``)."""

from __future__ import annotations

import gc
import weakref
from datetime import datetime
from pathlib import Path

from followup_tui.ui.app import COLLECT_CHECK_S
from followup_tui.ui.collector import IDLE_S, NEVER, YOUNG_AFTER_S, QuietCollector

from ._app_helpers import SIZE, app_on, wait_for, wait_loaded, write_small_data


class Clock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


async def test_full_passes_wait_for_a_pause_in_the_keys(db_path: Path, now: datetime) -> None:
    ids = write_small_data(db_path)
    saved = gc.get_threshold()
    app = app_on(db_path, now)
    clock = Clock()
    app.collector = QuietCollector(clock)
    async with app.run_test(size=SIZE) as pilot:
        main = await wait_loaded(pilot, select=ids["ann"])
        assert gc.get_threshold()[2] == NEVER  # no automatic full pass while the app runs

        clock.now += IDLE_S * 5
        await pilot.press("down")  # a key: the pause starts again from here
        await pilot.pause()
        assert main.contact_list.highlighted_id != ids["ann"]

        class Leftover:  # a cycle, as a closed form's widgets leave behind
            pass

        a, b = Leftover(), Leftover()
        a.other, b.other = b, a  # type: ignore[attr-defined]
        gone = weakref.ref(a)
        gc.collect(1)
        gc.collect(1)
        del a, b
        passes = app.collector.full_collections  # one may have run before the key
        await pilot.pause(COLLECT_CHECK_S * 2)  # the app's timer looked: no pause yet
        assert app.collector.tick() is False
        assert gone() is not None
        assert app.collector.full_collections == passes

        clock.now += IDLE_S  # the user paused: the app's own timer runs the pass
        await wait_for(pilot, lambda: gone() is None, what="the full pass after the pause")
        assert app.collector.full_collections == passes + 1
    assert gc.get_threshold() == saved  # the interpreter's thresholds are back after the app


async def test_what_a_key_left_is_collected_just_after_its_frame(
    db_path: Path, now: datetime
) -> None:
    # The app's own collector on the real clock: YOUNG_AFTER_S after a key, the younger
    # generations are collected (a cycle made during the key is freed), not the oldest.
    ids = write_small_data(db_path)
    app = app_on(db_path, now)
    async with app.run_test(size=SIZE) as pilot:
        main = await wait_loaded(pilot, select=ids["ann"])
        gc.collect()

        class Leftover:
            pass

        a, b = Leftover(), Leftover()
        a.other, b.other = b, a  # type: ignore[attr-defined]
        gone = weakref.ref(a)
        del a, b
        young = app.collector.young_collections
        await pilot.press("down")
        assert main.contact_list.highlighted_id != ids["ann"]
        await wait_for(pilot, lambda: gone() is None, what="the pass after the key")
        assert app.collector.young_collections > young
        await pilot.pause(YOUNG_AFTER_S * 2)
        assert gc.get_threshold()[2] == NEVER
