"""Interviews, thank-you e-mails and the news bank, driven through the real app."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from textual.widgets import Input, Select

from followup_tui.domain.models import NewsItem
from followup_tui.ui.screens.attempt_form import AttemptForm
from followup_tui.ui.screens.confirm import ConfirmScreen
from followup_tui.ui.screens.interview_form import InterviewForm
from followup_tui.ui.screens.interviews import InterviewsScreen
from followup_tui.ui.screens.news_bank import NewsBankScreen
from followup_tui.ui.screens.news_form import NewsForm

from ._app_helpers import (
    SIZE,
    app_on,
    data_worker_idle,
    file_tables,
    wait_for,
    wait_loaded,
    write_small_data,
)


async def test_interview_with_three_people_then_one_thank_you_sent(
    db_path: Path, now: datetime
) -> None:
    ids = write_small_data(db_path)
    app = app_on(db_path, now)
    async with app.run_test(size=SIZE) as pilot:
        main = await wait_loaded(pilot, select=ids["ann"])
        await pilot.press("i")
        form = app.screen
        assert isinstance(form, InterviewForm)
        # Ann is highlighted: she is among the people met already; the company is hers.
        assert form.query_one("#company", Input).value == "Acme Robotics"
        assert form.people == [ids["ann"]]
        await pilot.press(*"bash", "enter")  # the only contact starting "Bash": Bashir
        await pilot.press(*"Zoe Quinn", "enter")  # nobody of that name: a new contact
        assert form.people == [ids["ann"], ids["bashir"]]
        assert form.new_names == ["Zoe Quinn"]
        form.query_one("#notes").focus()
        await pilot.press(*"Panel on the data platform")
        await pilot.press("ctrl+s")
        await data_worker_idle(pilot)
        assert not isinstance(app.screen, InterviewForm)

        tables = file_tables(db_path)
        (interview,) = tables["interviews"].values()
        zoe_id = next(int(k) for k, c in tables["contacts"].items() if c["name"] == "Zoe Quinn")
        assert interview == {
            "company": "Acme Robotics",
            "at": now.replace(microsecond=0).isoformat(),
            "contact_ids": [ids["ann"], ids["bashir"], zoe_id],
            "notes": "Panel on the data platform",
        }
        assert tables["contacts"][str(zoe_id)]["company"] == "Acme Robotics"
        tasks = main.ws.thank_you_tasks()
        assert sorted(t.contact.name for t in tasks) == ["Ann Lee", "Bashir Rahman", "Zoe Quinn"]
        # Due 24 hours after the interview's second: on a real clock a fraction of it is gone.
        left = "24h left" if now.microsecond == 0 else "23h left"
        assert f"✉ thank-you e-mail · {left} · interview at Acme Robotics" in (
            main.timeline.plain_text
        )

        # An e-mail sent to Bashir (through the log form) completes his task only.
        main.contact_list.select(ids["bashir"])
        await pilot.pause()
        await pilot.press("l")
        log = app.screen
        assert isinstance(log, AttemptForm)
        log.query_one("#channel", Select).value = "email"
        await pilot.pause()
        assert log.query_one("#outcome", Select).value == "sent"
        await pilot.press("ctrl+s")
        await data_worker_idle(pilot)

        tasks = main.ws.thank_you_tasks()
        assert sorted(t.contact.name for t in tasks) == ["Ann Lee", "Zoe Quinn"]
        sent = [
            a
            for a in file_tables(db_path)["attempts"].values()
            if a["contact_id"] == ids["bashir"]
            and a["at"] == now.replace(microsecond=0).isoformat()
        ]
        assert [(a["channel"], a["outcome"]) for a in sent] == [("email", "sent")]
        rows = {r.contact_id: r for r in main.contact_list.visible_rows()}
        assert set(main.contact_list._tasks) == {ids["ann"], zoe_id}
        assert rows[ids["bashir"]].attempts == 3
        assert "thank-you e-mail" not in main.timeline.plain_text


async def test_interview_form_shows_errors_next_to_fields(db_path: Path, now: datetime) -> None:
    write_small_data(db_path)
    app = app_on(db_path, now)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("i")
        form = app.screen
        assert isinstance(form, InterviewForm)
        form.query_one("#company", Input).value = ""
        form.people.clear()
        form.query_one("#at", Input).value = "tomorrow"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, InterviewForm)
        errors = {
            f: str(form.query_one(f"#error-{f}").render()) for f in ("company", "at", "people")
        }
        assert errors["company"] == "the company is required"
        assert errors["people"].startswith("add the people you met")
        assert errors["at"]
        await pilot.press("escape")
        await data_worker_idle(pilot)
        assert "interviews" not in file_tables(db_path) or not file_tables(db_path)["interviews"]


async def test_backspace_in_the_empty_people_field_takes_the_last_person_off(
    db_path: Path, now: datetime
) -> None:
    ids = write_small_data(db_path)
    app = app_on(db_path, now)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot, select=ids["ann"])
        await pilot.press("i")
        form = app.screen
        assert isinstance(form, InterviewForm)
        form.query_one("#people", Input).focus()
        await pilot.press(*"New Person", "enter", "x", "backspace")
        # The backspace took the "x" away, not a person.
        assert form.new_names == ["New Person"] and form.people == [ids["ann"]]
        await pilot.press("backspace")
        assert form.new_names == [] and form.people == [ids["ann"]]
        await pilot.press("backspace")
        assert form.people == []


async def test_edit_and_delete_an_interview_from_the_list(db_path: Path, now: datetime) -> None:
    ids = write_small_data(db_path)
    app = app_on(db_path, now)
    async with app.run_test(size=SIZE) as pilot:
        main = await wait_loaded(pilot, select=ids["chen"])
        await pilot.press("i")
        form = app.screen
        assert isinstance(form, InterviewForm)
        form.query_one("#company", Input).value = "Harbour AI"
        form.query_one("#at", Input).value = "-2h"
        await pilot.press("ctrl+s")
        await data_worker_idle(pilot)
        (interview,) = file_tables(db_path)["interviews"].values()
        assert interview["at"] == (now - timedelta(hours=2)).replace(microsecond=0).isoformat()

        await pilot.press("I")
        listing = app.screen
        assert isinstance(listing, InterviewsScreen)
        await pilot.press("e")
        edit = app.screen
        assert isinstance(edit, InterviewForm)
        edit.query_one("#company", Input).value = "Harbour AI Labs"
        await pilot.press("ctrl+s")
        await data_worker_idle(pilot)
        (interview,) = file_tables(db_path)["interviews"].values()
        assert interview["company"] == "Harbour AI Labs"
        assert interview["contact_ids"] == [ids["chen"]]

        await pilot.press("delete")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await data_worker_idle(pilot)
        assert len(file_tables(db_path)["interviews"]) == 1
        await pilot.press("delete", "y")
        await data_worker_idle(pilot)
        assert file_tables(db_path)["interviews"] == {}
        assert ids["chen"] in main.ws.snapshot.contacts
        assert main.ws.thank_you_tasks() == []


async def test_news_bank_add_edit_delete_and_talking_points(db_path: Path, now: datetime) -> None:
    ids = write_small_data(db_path)
    app = app_on(db_path, now)
    async with app.run_test(size=SIZE) as pilot:
        main = await wait_loaded(pilot, select=ids["dora"])
        await pilot.press("w")
        bank = app.screen
        assert isinstance(bank, NewsBankScreen)
        await pilot.press("a")
        assert isinstance(app.screen, NewsForm)
        await pilot.press(*"Passed CFA Level II", "tab")
        app.screen.query_one("#on", Input).value = "2026-11-20"
        await pilot.press("ctrl+s")
        await data_worker_idle(pilot)
        await pilot.press("a", *"Published a note on regional banks", "enter")
        await data_worker_idle(pilot)
        news = file_tables(db_path)["news"]
        today = main.today.isoformat() if main.today else ""
        assert sorted((n["on"], n["text"]) for n in news.values()) == [
            ("2026-11-20", "Passed CFA Level II"),
            (today, "Published a note on regional banks"),
        ]
        # Newest first in the bank.
        listing = bank.query_one("#records")
        prompts = [str(listing.get_option_at_index(i).prompt) for i in range(2)]  # type: ignore[attr-defined]
        assert "regional banks" in prompts[0] and "CFA" in prompts[1]

        # Edit the highlighted (newest) item.
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, NewsForm)
        form.query_one("#text", Input).value = "Published a note on Nordic banks"
        await pilot.press("ctrl+s")
        await data_worker_idle(pilot)
        texts = sorted(n["text"] for n in file_tables(db_path)["news"].values())
        assert texts == ["Passed CFA Level II", "Published a note on Nordic banks"]

        # Talking points for Dora: both, newest first.
        await pilot.press("escape")
        assert "Nordic banks" in main.timeline.plain_text
        text = main.timeline.plain_text
        assert text.index("Nordic banks") < text.index("CFA Level II")

        # Log a call that shared the CFA news: it leaves Dora's talking points only.
        cfa = next(int(k) for k, n in file_tables(db_path)["news"].items() if "CFA" in n["text"])
        await pilot.press("l")
        log = app.screen
        assert isinstance(log, AttemptForm)
        log.query_one("#news_ids").select(cfa)  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await data_worker_idle(pilot)
        logged = [a for a in file_tables(db_path)["attempts"].values() if a.get("news_ids")]
        assert [(a["contact_id"], a["news_ids"]) for a in logged] == [(ids["dora"], [cfa])]
        assert "CFA Level II" not in main.timeline.plain_text
        assert [p.text for p in main.ws.talking_points(ids["ann"])] == [
            "Published a note on Nordic banks",
            "Passed CFA Level II",
        ]

        # Delete asks first.
        await pilot.press("w", "delete")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await data_worker_idle(pilot)
        assert len(file_tables(db_path)["news"]) == 1
        assert isinstance(app.screen, NewsBankScreen)
        assert isinstance(next(iter(main.ws.snapshot.news.values())), NewsItem)


async def test_y_copies_and_m_mails_the_draft_of_the_highlighted_contact(
    db_path: Path, now: datetime, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from urllib.parse import parse_qs, urlsplit

    from ._app_helpers import add_interview_and_news

    ids = write_small_data(db_path)
    add_interview_and_news(db_path, ids)
    app = app_on(db_path, now)
    copied: list[str] = []
    opened: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot, select=ids["bashir"])
        await pilot.press("y", "m")
        await pilot.pause()
        # The interview was Thu 26 Nov 09:05 UTC = 04:05 in New York, the user's zone.
        assert copied == [
            "Subject: Thank you, Bashir\n\nDear Bashir,\n\n"
            "Thank you for taking the time to meet me at Acme Robotics on Thu 26 Nov. "
            "Panel on the data platform\n\n"
            "I enjoyed our conversation and look forward to staying in touch.\n\nBest regards"
        ]
        (url,) = opened
        parts = urlsplit(url)
        assert (parts.scheme, parts.path) == ("mailto", "bashir@example.com")
        query = parse_qs(parts.query)
        assert query["subject"] == ["Thank you, Bashir"]
        assert query["body"][0].startswith("Dear Bashir,")
        # Chen owes nothing: neither key does anything but say so.
        await wait_loaded(pilot, select=ids["chen"])
        await pilot.press("y")
        await pilot.pause()
        assert len(copied) == 1


async def test_deleting_a_contact_keeps_the_interview_without_them(
    db_path: Path, now: datetime
) -> None:
    from ._app_helpers import add_interview_and_news

    ids = write_small_data(db_path)
    add_interview_and_news(db_path, ids)
    app = app_on(db_path, now)
    async with app.run_test(size=SIZE) as pilot:
        main = await wait_loaded(pilot, select=ids["ann"])
        assert {t.contact_id for t in main.ws.thank_you_tasks()} == {ids["ann"], ids["bashir"]}
        await pilot.press("delete", "y")
        await data_worker_idle(pilot)
        (interview,) = file_tables(db_path)["interviews"].values()
        assert interview["contact_ids"] == [ids["bashir"]]
        (shown,) = main.ws.snapshot.interviews.values()
        assert shown.contact_ids == (ids["bashir"],)
        assert [t.contact_id for t in main.ws.thank_you_tasks()] == [ids["bashir"]]


async def test_quit_waits_for_an_interview_being_saved(
    db_path: Path, now: datetime, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import threading

    from followup_tui.storage import Store

    ids = write_small_data(db_path)
    release = threading.Event()
    real_add = Store.add_interview

    def slow_add(self, interview):  # type: ignore[no-untyped-def]
        assert release.wait(30), "the test never let the save finish"
        return real_add(self, interview)

    monkeypatch.setattr(Store, "add_interview", slow_add)
    app = app_on(db_path, now)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot, select=ids["ann"])
        await pilot.press("i", "ctrl+s", "q")
        await pilot.pause()
        assert app.is_running  # the interview is still being written
        release.set()
        await wait_for(pilot, lambda: not app.is_running, what="the app to quit")
    (interview,) = file_tables(db_path)["interviews"].values()
    assert interview["contact_ids"] == [ids["ann"]]


async def test_a_failed_interview_save_adds_nobody(
    db_path: Path, now: datetime, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from followup_tui.storage import SaveError, Store

    ids = write_small_data(db_path)
    before = file_tables(db_path)

    def failing_add(self, interview):  # type: ignore[no-untyped-def]
        raise SaveError("disk full; the file is unchanged")

    monkeypatch.setattr(Store, "add_interview", failing_add)
    app = app_on(db_path, now)
    async with app.run_test(size=SIZE) as pilot:
        main = await wait_loaded(pilot, select=ids["ann"])
        await pilot.press("i", *"Brand New Person", "enter", "ctrl+s")
        await data_worker_idle(pilot)
        # The new person and the interview go together: neither is in the file.
        assert file_tables(db_path)["contacts"] == before["contacts"]
        assert not file_tables(db_path).get("interviews")
        assert main.ws.thank_you_tasks() == []
        assert not main.ws.changes.pending()


async def test_names_and_news_that_look_like_markup_show_literally(
    db_path: Path, now: datetime
) -> None:
    ids = write_small_data(db_path)
    app = app_on(db_path, now)
    async with app.run_test(size=SIZE) as pilot:
        main = await wait_loaded(pilot, select=ids["chen"])
        await pilot.press("w", "a", *"[@click=app.quit]x[/]", "enter")
        await data_worker_idle(pilot)
        assert app.is_running
        listing = app.screen.query_one("#records")
        assert "[@click=app.quit]x[/]" in str(listing.get_option_at_index(0).prompt)  # type: ignore[attr-defined]
        await pilot.press("escape")
        assert "[@click=app.quit]x[/]" in main.timeline.plain_text
        await pilot.press("i", *"Ann [/]", "enter", "ctrl+s")
        await data_worker_idle(pilot)
        names = [c["name"] for c in file_tables(db_path)["contacts"].values()]
        assert "Ann [/]" in names
        await pilot.press("I")
        listing = app.screen.query_one("#records")
        assert "Ann [/]" in str(listing.get_option_at_index(0).prompt)  # type: ignore[attr-defined]
        assert app.is_running
