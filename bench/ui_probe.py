"""The real app, headless, on a large file: what the user waits for after a key press.

Run through ``bench/probes.py ui PATH`` (a fresh process, so its peak memory is the app's).
Every figure is taken from the app's own frames: ``post_display_hook`` runs after each frame
is composed, and the probe notes when the frame first shows what the user asked for.
"""

from __future__ import annotations

import asyncio
import inspect
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.common import peak_rss_mb

FRAME_TIMEOUT_S = 30.0


class FrameWatch:
    """Timestamps of the first frame after ``arm`` in which ``condition()`` holds."""

    def __init__(self) -> None:
        self.condition: Callable[[], bool] | None = None
        self.seen_at: float | None = None
        self.frames = 0

    def hook(self) -> None:
        self.frames += 1
        if self.condition is not None and self.seen_at is None:
            try:
                ok = self.condition()
            except Exception:  # noqa: BLE001 - widgets may not exist yet
                ok = False
            if ok:
                self.seen_at = time.perf_counter()

    def arm(self, condition: Callable[[], bool]) -> None:
        self.condition = condition
        self.seen_at = None

    async def time(
        self, pilot: Any, condition: Callable[[], bool], act: Callable[[], object]
    ) -> float:
        """Milliseconds from ``act()`` (a key press, awaited when it returns an awaitable) to
        the first frame in which ``condition()`` holds."""
        self.arm(condition)
        pressed = time.perf_counter()
        done = act()
        if inspect.isawaitable(done):
            await done
        return (await self.wait(pilot) - pressed) * 1e3

    async def wait(self, pilot: Any) -> float:
        deadline = time.perf_counter() + FRAME_TIMEOUT_S
        while self.seen_at is None:
            if time.perf_counter() > deadline:
                raise TimeoutError("the app never showed what was expected")
            await asyncio.sleep(0.001)
        seen = self.seen_at
        self.condition = None
        return seen


async def _settle(pilot: Any) -> None:
    await pilot.pause()
    await asyncio.sleep(0.05)
    await pilot.pause()


async def probe_ui(path: str, args: list[str]) -> dict[str, Any]:
    import followup_tui.ui.data as data_module
    from followup_tui.ui.app import make_app

    keystrokes = int(args[0]) if args else 12
    logs = int(args[1]) if len(args) > 1 else 9

    grid_threads: list[bool] = []
    real_grid_for_all = data_module.grid_for_all

    def counting_grid_for_all(*a: Any, **k: Any) -> Any:
        grid_threads.append(threading.current_thread() is threading.main_thread())
        return real_grid_for_all(*a, **k)

    data_module.grid_for_all = counting_grid_for_all  # type: ignore[assignment]

    app = make_app(Path(path))
    watch = FrameWatch()
    app.post_display_hook = watch.hook  # type: ignore[method-assign]
    result: dict[str, Any] = {}
    started = time.perf_counter()

    def rows_listed() -> bool:
        return app.main_screen.contact_list.row_count > 0

    watch.arm(rows_listed)
    async with app.run_test(size=(160, 50)) as pilot:
        first_rows = await watch.wait(pilot)
        result["first_rows_ms"] = (first_rows - started) * 1e3
        # Contacts are listed from the file's head first; the attempts follow.
        deadline = time.perf_counter() + FRAME_TIMEOUT_S
        while not (app.main_screen.workspace and app.main_screen.ws.loaded):
            if time.perf_counter() > deadline:
                raise TimeoutError("the attempts never finished loading")
            await asyncio.sleep(0.005)
        result["all_loaded_ms"] = (time.perf_counter() - started) * 1e3
        await _settle(pilot)
        screen = app.main_screen
        ws = screen.ws
        contacts = screen.contact_list

        # -- key press -> the new attempt on the timeline ------------------------------------
        busiest = max(ws.snapshot.contacts, key=lambda cid: len(ws.attempts_of(cid)))
        contacts.select(busiest)
        await _settle(pilot)
        assert contacts.highlighted_id == busiest, "could not select the busiest contact"
        grid_calls_before = len(grid_threads)
        total_before = ws.all_grid.total_attempts
        timings: list[float] = []
        from textual.widgets import TextArea

        for i in range(logs):
            await pilot.press("l")
            await _settle(pilot)
            form = app.screen
            marker = f"bench mark {i} {time.monotonic_ns()}"
            form.query_one("#note", TextArea).text = marker
            await _settle(pilot)
            timings.append(
                await watch.time(
                    pilot,
                    lambda m=marker: m in screen.timeline.plain_text,
                    lambda: pilot.press("ctrl+s"),
                )
            )
            await _settle(pilot)
            await asyncio.sleep(0.15)  # let the save finish: each log starts from a quiet app
        result["log_to_timeline_ms"] = timings

        # The same without the form's repaint: what one outcome key of a call session does.
        direct: list[float] = []
        flow = getattr(screen, "attempts", None)
        log_direct = getattr(flow, "logged", None) or getattr(screen, "_attempt_form_closed", None)
        if log_direct is not None:
            from datetime import UTC, datetime

            from followup_tui.domain.models import Attempt

            for i in range(logs):
                marker = f"bench direct {i} {time.monotonic_ns()}"
                attempt = Attempt(
                    contact_id=busiest,
                    at=datetime.now(UTC).replace(microsecond=0),
                    outcome="no_answer",
                    caller_id="hidden",
                    note=marker,
                )
                direct.append(
                    await watch.time(
                        pilot,
                        lambda m=marker: m in screen.timeline.plain_text,
                        lambda a=attempt: log_direct(a),
                    )
                )
                await _settle(pilot)
                await asyncio.sleep(0.15)
        result["log_direct_ms"] = direct

        result["attempts_of_contact"] = len(ws.attempts_of(busiest))
        result["grid_rebuilt_on_log"] = len(grid_threads) - grid_calls_before
        result["grid_total_change"] = ws.all_grid.total_attempts - total_before
        result["phone_attempts_logged"] = len(timings) + len(direct)
        result["grid_off_ui_thread"] = bool(grid_threads) and not any(grid_threads)

        # -- undo: u -> the last attempt gone from the timeline ------------------------------
        undone: list[float] = []
        for _ in range(logs):
            newest = ws.attempts_of(busiest)[-1]
            note = newest.note
            if not note.startswith("bench "):
                break
            undone.append(
                await watch.time(
                    pilot,
                    lambda m=note: m not in screen.timeline.plain_text,
                    lambda: pilot.press("u"),
                )
            )
            await _settle(pilot)
            await asyncio.sleep(0.15)  # the removal is written: each key starts from a quiet app
        result["undo_ms"] = undone

        # -- moving the selection: down -> the next contact's timeline on screen -------------
        moves: list[float] = []
        contacts.focus()
        await _settle(pilot)
        for _ in range(keystrokes):
            rows = contacts.visible_rows()
            index = next(
                (i for i, row in enumerate(rows) if row.contact_id == contacts.highlighted_id), 0
            )
            if index + 1 >= len(rows):
                break
            target = rows[index + 1].contact_id

            def moved(cid: int = target) -> bool:
                return contacts.highlighted_id == cid and screen._shown_id == cid

            moves.append(await watch.time(pilot, moved, lambda: pilot.press("down")))
            await _settle(pilot)
        result["move_ms"] = moves

        # -- filtering: one keystroke -> the filtered list on screen -------------------------
        await pilot.press("slash")
        await _settle(pilot)
        typed = ""
        per_key: list[float] = []
        text = "goldberg"
        keys = list(text) + ["backspace"] * len(text)
        keys = (keys * (keystrokes // len(keys) + 1))[:keystrokes] if keystrokes else keys
        for key in keys:
            typed = typed[:-1] if key == "backspace" else typed + key
            expected = typed
            per_key.append(
                await watch.time(
                    pilot,
                    lambda e=expected: contacts.filter_text == e,
                    lambda k=key: pilot.press(k),
                )
            )
            await _settle(pilot)
        result["filter_keystroke_ms"] = per_key
        result["contacts"] = contacts.total_count
        result["attempts"] = ws.snapshot.attempt_count
        await pilot.press("escape")
        await _settle(pilot)

        # -- call session: outcome key -> the next contact on screen -------------------------
        await pilot.press("c")
        await _settle(pilot)
        session = app.screen
        queue = getattr(session, "queue", None)
        per_outcome: list[float] = []
        if queue is not None:
            for _ in range(logs):
                if len(queue.ahead) < 2:
                    break
                next_id = queue.ahead[1].contact_id
                name = ws.contact(next_id).name

                def next_shown(n: str = name, cid: int = next_id) -> bool:
                    current = queue.current
                    return (
                        current is not None
                        and current.contact_id == cid
                        and n in session.card.plain_text  # type: ignore[attr-defined]
                    )

                per_outcome.append(await watch.time(pilot, next_shown, lambda: pilot.press("3")))
                await _settle(pilot)
                await asyncio.sleep(0.15)  # the save finishes: each key starts from a quiet app
            await pilot.press("escape")
            await _settle(pilot)
            await pilot.press("escape")
            await _settle(pilot)
        result["session_outcome_ms"] = per_outcome
    result["rss_mb"] = peak_rss_mb()
    return result
