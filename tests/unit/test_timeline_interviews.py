"""The timeline's thank-you tasks, talking points and keep-warm line, as plain text."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from followup_tui.domain.interviews import ThankYouTask
from followup_tui.domain.models import Contact, Interview, NewsItem
from followup_tui.ui.widgets.attempt_timeline import timeline_lines

NOW = datetime(2026, 12, 2, 14, 5, 7, 123456, tzinfo=UTC)
DANA = Contact(name="Dana [b]Lee[/b]", company="Acme", status="keep_warm", id=1)
MET = Interview("Acme", datetime(2026, 12, 2, 9, 30, tzinfo=UTC), (1,), "Panel", id=4)


def _text(**extra) -> list[str]:  # type: ignore[no-untyped-def]
    lines = timeline_lines(
        DANA, None, [], [MET], contact_zone="UTC", user_zone="UTC", now=NOW, **extra
    )
    return [line.plain for line in lines]


def test_open_task_talking_points_and_the_interview():
    task = ThankYouTask(MET, DANA, MET.at + timedelta(hours=24))
    news = [NewsItem(f"news {n}", date(2026, 11, n), id=n) for n in (20, 10, 5, 1)]
    lines = _text(tasks=[task], talking_points=news, nothing_new="never shown with news")
    assert lines[0] == "Dana [b]Lee[/b] · Acme"
    # Due Thu 3 Dec 09:30; now Wed 14:05:07.12: 19h 24m left.
    assert lines[2] == (
        "✉ thank-you e-mail · 19h left · interview at Acme  (y copy draft · m open in mail)"
    )
    assert lines[3:8] == [
        "talking points (not yet shared with them):",
        "  • 20 Nov 2026 news 20",
        "  • 10 Nov 2026 news 10",
        "  • 05 Nov 2026 news 5",
        "  … and 1 more (w: the news bank)",
    ]
    assert lines[8:] == ["", "Wed 02 Dec 09:30 UTC", "  interview · Acme", "  Panel"]


def test_overdue_task_and_the_nothing_new_line():
    task = ThankYouTask(MET, DANA, NOW - timedelta(hours=3, minutes=1))
    lines = _text(tasks=[task], nothing_new="nothing new to tell them")
    assert lines[2].startswith("✉ thank-you e-mail · 3h overdue")
    assert lines[3] == "nothing new to tell them"
    assert "talking points" not in "\n".join(lines)


def test_a_status_other_than_pursuing_is_in_the_second_line():
    """The list may have no room for its status column (at 120×36): the timeline says it."""
    from dataclasses import replace

    def second_line(status: str) -> str:
        contact = replace(DANA, status=status)
        lines = timeline_lines(contact, None, [], [], contact_zone="UTC", user_zone="UTC", now=NOW)
        return lines[1].plain

    assert second_line("pursuing") == f"their time {NOW:%a %H:%M} UTC"
    assert second_line("keep_warm") == f"their time {NOW:%a %H:%M} UTC · keep warm"
    assert second_line("in_talks").endswith(" · in talks")
