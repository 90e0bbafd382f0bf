"""A call session's queue and card (analytics/call_queue): who comes when, what the card says
before dialling, and how a number is dialled. Checked by hand for a user in Tokyo (UTC+9),
whose day starts while it is still the day before in UTC.

November 2026: Thu 26, Fri 27, Sat 28, Sun 29, Mon 30.
"""

from __future__ import annotations

from datetime import UTC, datetime

from followup_tui.analytics.call_queue import (
    CallQueue,
    QueueEntry,
    attempt_words,
    build_queue,
    dial,
    guard_lines,
    outside_hours,
    place_of,
)
from followup_tui.domain.models import Attempt, Contact
from followup_tui.domain.rules import summarize
from followup_tui.domain.settings import Settings

TOKYO = "Asia/Tokyo"
NY = "America/New_York"
NOW = datetime(2026, 11, 26, 16, 0, 0, 250000, tzinfo=UTC)  # Fri 27 Nov 01:00 in Tokyo
OLD = datetime(2026, 6, 1, 12, tzinfo=UTC)


def _listed(*contacts: Contact, attempts: tuple[Attempt, ...] = ()):  # type: ignore[no-untyped-def]
    return [
        (c, summarize(c, [a for a in attempts if a.contact_id == c.id], Settings(), TOKYO, NOW))
        for c in contacts
    ]


def test_working_hours_end_at_the_end_hour_and_skip_weekends():
    settings = Settings()
    assert not outside_hours(datetime(2026, 11, 27, 22, 59, tzinfo=UTC), NY, settings)  # Fri 17:59
    assert outside_hours(datetime(2026, 11, 27, 23, 0, tzinfo=UTC), NY, settings)  # Fri 18:00
    assert outside_hours(datetime(2026, 11, 28, 15, 0, tzinfo=UTC), NY, settings)  # Sat 10:00
    assert outside_hours(datetime(2026, 11, 29, 15, 0, tzinfo=UTC), NY, settings)  # Sun 10:00


def test_the_queue_takes_who_is_due_in_the_users_day_and_nobody_else():
    closed = Contact("Abe Closed", status="closed", closed_reason="hired", created_at=OLD, id=1)
    later = Contact("Bea Later", created_at=OLD, id=2)
    kenji = Contact("Kenji Sato", created_at=OLD, id=3)
    attempts = (
        Attempt(2, datetime(2026, 11, 26, 15, 30, tzinfo=UTC)),  # Fri 27 Tokyo: due Mon 30
        Attempt(3, datetime(2026, 11, 25, 16, 30, tzinfo=UTC)),  # Thu 26 Tokyo: due Fri 27
    )
    queue = build_queue(_listed(closed, later, kenji, attempts=attempts), Settings(), TOKYO, NOW)
    # Kenji is due today in Tokyo (Friday) although it is Thursday in UTC; 01:00 is outside
    # his hours, read in the user's zone as he has none.
    assert queue == [QueueEntry(3, TOKYO, True)]


def test_namesakes_in_the_queue_keep_the_order_of_their_ids():
    twins = [Contact("Alex Kim", created_at=OLD, id=cid) for cid in (5, 4)]
    queue = build_queue(_listed(*twins), Settings(), TOKYO, NOW)
    assert [e.contact_id for e in queue] == [4, 5]


def test_undo_brings_back_the_contact_it_was_for_even_from_the_middle():
    queue = CallQueue([QueueEntry(cid, NY, False) for cid in (1, 2, 3, 4)])
    queue.logged()
    queue.logged()
    queue.logged()
    queue.undone(2)
    assert [e.contact_id for e in queue.ahead] == [2, 4]
    assert [e.contact_id for e in queue.done] == [1, 3]


def test_the_place_of_a_zone_is_its_last_part_in_words():
    assert place_of("America/New_York") == "New York"
    assert place_of("America/Argentina/Buenos_Aires") == "Buenos Aires"
    assert place_of("UTC") == "UTC"


def test_the_attempt_line_of_a_paused_contact_has_no_silence_to_tell():
    paused = Contact("Dana Whitfield", status="paused", created_at=OLD, id=1)
    ((_, summary),) = _listed(paused, attempts=(Attempt(1, OLD),))
    assert summary.label == "paused"
    assert attempt_words(summary) == "attempt 2"


def test_a_number_that_cannot_be_read_is_dialled_as_written():
    hidden = dial("reception +1 x", Settings())
    assert (hidden.text, hidden.uri, hidden.caller_id) == ("reception +1 x", "tel:+1", "shown")
    assert hidden.note == "hiding needs a number with a country code"
    assert dial("desk +4", Settings(), hide=False).note == ""
    assert dial("ask+12", Settings(), hide=False).uri == "tel:+12"


def test_a_prefix_row_for_the_numbers_own_region_wins():
    us_first = Settings(
        prefixes={"US": {"hide": "*67", "show": "*82"}, "GSM": {"hide": "#31#", "show": "*31#"}}
    )
    assert dial("+1 312 555 0142", us_first).uri == "tel:*67+13125550142"
    gb = Settings(prefixes={"GB": {"hide": "141", "show": "1470"}})
    uk = dial("+44 20 7946 0018", gb)
    assert (uk.text, uk.uri, uk.caller_id) == ("141 020 7946 0018", "tel:14102079460018", "hidden")
    only_nanp = Settings(prefixes={"NANP": {"hide": "*67", "show": "*82"}})
    shows = dial("+44 20 7946 0018", only_nanp)
    assert (shows.uri, shows.caller_id) == ("tel:+442079460018", "shown")


def test_already_called_today_in_the_users_day_and_clock():
    calls = [
        Attempt(1, datetime(2026, 11, 26, 15, 10, tzinfo=UTC), "phone", "voicemail"),  # 00:10
        Attempt(1, datetime(2026, 11, 26, 15, 30, tzinfo=UTC), "phone", "no_answer"),  # 00:30
        Attempt(1, datetime(2026, 11, 26, 14, 0, tzinfo=UTC), "phone", "busy"),  # Thu 23:00
    ]
    assert guard_lines(calls[:1], NOW, TOKYO) == [
        "already called once today (last 00:10, voicemail)"
    ]
    assert guard_lines(calls, NOW, TOKYO) == [
        "already called 2 times today (last 00:30, no answer)"
    ]


def test_the_latest_attempt_logged_elsewhere_is_named_on_the_users_clock():
    elsewhere = [
        Attempt(1, datetime(2026, 11, 26, 15, 40, tzinfo=UTC), "phone", "no_answer"),  # 00:40
        Attempt(1, datetime(2026, 11, 26, 15, 5, tzinfo=UTC), "phone", "reached"),
    ]
    assert guard_lines([], NOW, TOKYO, elsewhere=elsewhere) == [
        "logged elsewhere during this session (no answer at 00:40): another copy of followup-tui?"
    ]
