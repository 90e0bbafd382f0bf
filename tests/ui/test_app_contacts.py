"""The whole app under Pilot: adding, editing and deleting contacts through the keyboard."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from followup_tui.domain.rules import due_queue
from followup_tui.ui.screens.confirm import ConfirmScreen
from followup_tui.ui.screens.contact_form import ContactForm
from followup_tui.ui.widgets.welcome import Welcome

from ._app_helpers import (
    SIZE,
    app_on,
    data_worker_idle,
    file_tables,
    wait_for,
    wait_loaded,
    write_small_data,
)


def _names(screen) -> list[str]:  # type: ignore[no-untyped-def]
    return [row.name for row in screen.contact_list.visible_rows()]


async def test_empty_file_welcomes_and_n_adds_the_first_contact(
    db_path: Path, now: datetime
) -> None:
    app = app_on(db_path, now)
    async with app.run_test(size=SIZE) as pilot:
        main = await wait_loaded(pilot)
        welcome = main.query_one(Welcome)
        assert welcome.display and welcome.region.height > 0
        assert "followup-tui demo" in str(welcome.content)
        assert not main.query_one("#panes").region.height

        await pilot.press("n")
        assert isinstance(app.screen, ContactForm)
        await pilot.press(*"Zoe Park", "tab", *"Lumen Labs", "tab", *"Recruiter")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: main.contact_list.total_count == 1, what="the new row")

        assert _names(main) == ["Zoe Park"]
        assert not welcome.region.height  # the panes replaced the welcome
        row = main.contact_list.visible_rows()[0]
        assert (row.company, row.status, row.attempts) == ("Lumen Labs", "pursuing", 0)

    docs = list(file_tables(db_path)["contacts"].values())
    assert len(docs) == 1
    assert docs[0]["name"] == "Zoe Park"
    assert docs[0]["company"] == "Lumen Labs"
    assert docs[0]["title"] == "Recruiter"
    assert docs[0]["status"] == "pursuing"
    assert docs[0]["created_at"] == now.replace(microsecond=0).isoformat()  # the app's clock


async def test_contacts_sorted_by_next_due(db_path: Path) -> None:
    write_small_data(db_path)
    app = app_on(db_path)
    async with app.run_test(size=SIZE) as pilot:
        main = await wait_loaded(pilot)
        # Bashir: e-mail Mon 16 Nov + 3 business days = Thu 19 Nov; Chen: created Mon 23 Nov,
        # no attempt; Ann: voicemail Wed 25 Nov + 2 = Fri 27 Nov; Dora: keep warm, reached
        # Mon 2 Nov + 30 days = Wed 2 Dec.
        assert _names(main) == ["Bashir Rahman", "Chen Wei", "Ann Lee", "Dora Kim"]
        rows = {r.name: r for r in main.contact_list.visible_rows()}
        assert rows["Ann Lee"].attempts == 3
        line = main.contact_list.render_line(1).text  # the first row under the heading
        assert line.startswith("Bashir Rahman")
        assert line.rstrip().endswith("5 bd late")  # Fri 20, Mon 23, Tue 24, Wed 25, Thu 26
        assert "10d ago" in line  # last e-mail Mon 16 Nov 09:30 UTC
        # One date style: Chen (due Mon 23) is 3 business days late, Ann tomorrow, Dora Wed 2 Dec.
        ends = [main.contact_list.render_line(y).text.rstrip()[-9:] for y in (2, 3, 4)]
        assert [e.strip() for e in ends] == ["3 bd late", "tomorrow", "Wed 2 Dec"]
        # `followup-tui due` lists the same people, in the same order as the list's top.
        ws = main.ws
        queue = [c.name for c, _ in due_queue(ws.snapshot, ws.user_zone, ws.now())]
        assert queue == ["Bashir Rahman", "Chen Wei"]
        assert _names(main)[: len(queue)] == queue


async def test_edit_contact_with_e(db_path: Path, now: datetime) -> None:
    ids = write_small_data(db_path)
    app = app_on(db_path, now)
    async with app.run_test(size=SIZE) as pilot:
        main = await wait_loaded(pilot)
        assert main.contact_list.select(ids["ann"])
        await pilot.press("e")
        assert isinstance(app.screen, ContactForm)
        await pilot.press("tab", "end", *["backspace"] * len("Acme Robotics"), *"Acme Labs")
        await pilot.press("ctrl+s")
        await wait_for(
            pilot,
            lambda: main.ws.contact(ids["ann"]).company == "Acme Labs",  # type: ignore[union-attr]
            what="the edit",
        )
        assert main.contact_list.highlighted_id == ids["ann"]
    doc = file_tables(db_path)["contacts"][str(ids["ann"])]
    assert doc["company"] == "Acme Labs"
    assert doc["name"] == "Ann Lee"
    assert len(file_tables(db_path)["contacts"]) == 4


async def test_delete_asks_first_and_takes_the_attempts_along(db_path: Path, now: datetime) -> None:
    ids = write_small_data(db_path)
    app = app_on(db_path, now)
    async with app.run_test(size=SIZE) as pilot:
        main = await wait_loaded(pilot, select=ids["ann"])
        await pilot.press("delete")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Delete Ann Lee and 3 attempts?" in app.screen.question
        await pilot.press("n")  # changed my mind
        assert not isinstance(app.screen, ConfirmScreen)
        await data_worker_idle(pilot)
        assert main.contact_list.total_count == 4
        assert str(ids["ann"]) in file_tables(db_path)["contacts"]

        await pilot.press("delete")
        fills = main.panes.fills
        await pilot.press("y")
        await wait_for(pilot, lambda: main.contact_list.total_count == 3, what="the delete")
        assert "Ann Lee" not in _names(main)
        shown = main.contact_list.highlighted_id
        assert shown is not None  # the cursor moved on
        # The cursor's move filled the next contact's panes; nothing filled them again.
        await pilot.pause()
        assert main.panes.fills == fills + 1
        name = file_tables(db_path)["contacts"][str(shown)]["name"]
        assert f"Timeline · {name}" in str(main.timeline.border_title)
        assert "Ann Lee" not in main.timeline.plain_text
    tables = file_tables(db_path)
    assert str(ids["ann"]) not in tables["contacts"]
    assert all(a["contact_id"] != ids["ann"] for a in tables["attempts"].values())
    assert len(tables["attempts"]) == 3  # Bashir's two e-mails and Dora's call remain


async def test_typing_right_after_n_lands_in_the_fields(db_path: Path) -> None:
    import asyncio
    import time

    from textual import events
    from textual.widgets import Input

    write_small_data(db_path)
    app = app_on(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        # A fast typist: n, then the name typed while the form is still being built (the form
        # takes ~150 ms to build; the keys go in as soon as the form is on the screen stack).
        driver = app._driver
        assert driver is not None
        driver.send_message(events.Key("n", "n"))
        deadline = time.monotonic() + 15
        while not isinstance(app.screen, ContactForm):
            assert time.monotonic() < deadline, "the form never opened"
            await asyncio.sleep(0.001)
        for key in "Ann":
            driver.send_message(events.Key(key, key))
        await wait_for(pilot, lambda: isinstance(app.screen.focused, Input), what="the form")
        await pilot.press("tab", "A", "c", "m", "e")
        await wait_for(
            pilot, lambda: app.screen.query_one("#company", Input).value == "Acme", what="Acme"
        )
        assert len(app.screen_stack) == 2
        assert app.screen.query_one("#name", Input).value == "Ann"
        assert app.screen.query_one("#company", Input).value == "Acme"
